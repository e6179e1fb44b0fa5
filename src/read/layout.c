#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/layout.h>

#include "base/util.h"

struct item {
	const struct tvk_word *word;
	double mid;    /* vertical centre */
	double height;
};

static int by_mid(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->mid != y->mid)
		return x->mid < y->mid ? -1 : 1;
	if (x->word->box.x0 != y->word->box.x0)
		return x->word->box.x0 < y->word->box.x0 ? -1 : 1;
	return 0;
}

static int by_x(const void *a, const void *b)
{
	const struct tvk_word *x = a, *y = b;
	if (x->box.x0 != y->box.x0)
		return x->box.x0 < y->box.x0 ? -1 : 1;
	if (x->box.y0 != y->box.y0)
		return x->box.y0 < y->box.y0 ? -1 : 1;
	return 0;
}

/*
 * Sorts @n elements of @size bytes at @base with @cmp, stably.  poppler
 * hands out the words of a page nearly in reading order, so they are
 * nearly sorted by line, and the words of a line by x, already: an
 * insertion sort does that in one pass.  A stream in column or shuffled
 * order (an OCR layer, another producer) would make it quadratic; then
 * qsort (a merge sort in glibc, stable too) does the work.
 */
static void sort_nearly(void *base, size_t n, size_t size,
		int (*cmp)(const void *, const void *))
{
	char *a = base;
	size_t descents = 0;
	for (size_t i = 1; i < n; i++)
		descents += cmp(a + (i - 1) * size, a + i * size) > 0;
	if (descents == 0)
		return;
	if (descents > 16 + n / 32) {
		qsort(base, n, size, cmp);
		return;
	}
	char tmp[128];
	if (size > sizeof(tmp)) {
		qsort(base, n, size, cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		/* Where it goes first, then the ones it passes moved in one
		 * go: a word out of place (a footer poppler gives first) can
		 * pass hundreds. */
		size_t j = i;
		while (j > 0 && cmp(a + (j - 1) * size, a + i * size) > 0)
			j--;
		if (j == i)
			continue;
		memcpy(tmp, a + i * size, size);
		memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
		memcpy(a + j * size, tmp, size);
	}
}

/* The median glyph height of the page — the scale for every tolerance —
 * by selection: the element a sort would put at n / 2, without the sort. */
static double median_height(const struct item *items, size_t n)
{
	double *h = tvk_xmalloc(n * sizeof(*h));
	for (size_t i = 0; i < n; i++)
		h[i] = items[i].height;
	size_t k = n / 2, lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = h[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (h[i] < pivot)
				i++;
			while (h[j] > pivot)
				j--;
			if (i <= j) {
				double t = h[i];
				h[i] = h[j];
				h[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	double m = h[k];
	free(h);
	return m > 0 ? m : 1;
}

static void finish_line(const struct item *items, size_t from, size_t to,
		int page, struct tvk_arena *arena, struct tvk_line *line)
{
	size_t n = to - from;
	struct tvk_word *words = tvk_arena_array(arena, n, sizeof(*words));
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		words[i] = *items[from + i].word;
		len += strlen(words[i].text) + 1;
	}
	sort_nearly(words, n, sizeof(*words), by_x);

	char *text = tvk_arena_alloc(arena, len + 1);
	char *p = text;
	struct tvk_box box = words[0].box;
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ' ';
		size_t wl = strlen(words[i].text);
		memcpy(p, words[i].text, wl);
		p += wl;
		box.x0 = tvk_min(box.x0, words[i].box.x0);
		box.y0 = tvk_min(box.y0, words[i].box.y0);
		box.x1 = tvk_max(box.x1, words[i].box.x1);
		box.y1 = tvk_max(box.y1, words[i].box.y1);
	}
	*p = '\0';
	*line = (struct tvk_line){
		.page = page, .box = box, .words = words, .n_words = n,
		.text = text,
	};
}

static int by_top(const void *a, const void *b)
{
	const struct tvk_line *x = a, *y = b;
	double mx = (x->box.y0 + x->box.y1) / 2, my = (y->box.y0 + y->box.y1) / 2;
	if (mx != my)
		return mx < my ? -1 : 1;
	return (x->box.x0 > y->box.x0) - (x->box.x0 < y->box.x0);
}

/*
 * Lines are clusters of the words' vertical centres.  Sorted by centre,
 * the words of one line form a run with small steps between them; the
 * next line starts where the step is larger than ~half a glyph height.
 * Comparing each word with the previous one (not with the line's mean)
 * keeps a slightly skewed scan together, whose baseline drifts across the
 * page; the cap on a line's total spread keeps stray marks between two
 * lines from chaining them into one.
 */
size_t tvk_layout_lines(const struct tvk_page *page, struct tvk_arena *arena,
		struct tvk_line **lines)
{
	*lines = NULL;
	size_t n = page->n_words;
	if (n == 0)
		return 0;
	struct item *items = tvk_xmalloc(n * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		const struct tvk_box *b = &page->words[i].box;
		items[i].word = &page->words[i];
		items[i].mid = (b->y0 + b->y1) / 2;
		items[i].height = tvk_max(b->y1 - b->y0, 0.0);
	}
	sort_nearly(items, n, sizeof(*items), by_mid);
	double h = median_height(items, n);

	struct tvk_line *out = NULL;
	size_t n_out = 0, cap = 0, start = 0;
	for (size_t i = 1; i <= n; i++) {
		/* The scale is the page's glyph height, or the words' own
		 * when both are larger: a title set in a large font sits a
		 * few points up or down from word to word in an OCR layer. */
		double local = h;
		if (i < n) {
			double both = tvk_min(items[i].height,
				items[i - 1].height);
			double first = tvk_min(items[start].height,
				items[i].height);
			local = tvk_max(h, tvk_min(both, first));
		}
		bool split = i == n ||
			items[i].mid - items[i - 1].mid > 0.45 * local ||
			items[i].mid - items[start].mid > 0.9 * local;
		if (!split)
			continue;
		tvk_grow((void **)&out, &cap, n_out + 1, sizeof(*out));
		finish_line(items, start, i, page->number, arena, &out[n_out++]);
		start = i;
	}
	free(items);

	sort_nearly(out, n_out, sizeof(*out), by_top);
	*lines = tvk_arena_array(arena, n_out, sizeof(**lines));
	memcpy(*lines, out, n_out * sizeof(*out));
	free(out);
	return n_out;
}
