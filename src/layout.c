#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/layout.h>

#include "util.h"

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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * poppler hands out the words of a page nearly in reading order, so they
 * are nearly sorted by line already: an insertion sort does that in one
 * pass.  A stream in column or shuffled order (an OCR layer, another
 * producer) would make it quadratic; then qsort does the work.
 */
static void sort_items(struct item *items, size_t n)
{
	size_t descents = 0;
	for (size_t i = 1; i < n; i++)
		descents += by_mid(&items[i - 1], &items[i]) > 0;
	if (descents > 16 + n / 32) {
		qsort(items, n, sizeof(*items), by_mid);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct item x = items[i];
		size_t j = i;
		while (j > 0 && by_mid(&items[j - 1], &x) > 0) {
			items[j] = items[j - 1];
			j--;
		}
		items[j] = x;
	}
}

/* The median glyph height of the page: the scale for every tolerance. */
static double median_height(const struct item *items, size_t n)
{
	double *h = tvk_xmalloc(n * sizeof(*h));
	for (size_t i = 0; i < n; i++)
		h[i] = items[i].height;
	qsort(h, n, sizeof(*h), cmp_double);
	double m = h[n / 2];
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
	qsort(words, n, sizeof(*words), by_x);

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
	sort_items(items, n);
	double h = median_height(items, n);
	double step = 0.45 * h, spread = 0.9 * h;

	struct tvk_line *out = NULL;
	size_t n_out = 0, cap = 0, start = 0;
	for (size_t i = 1; i <= n; i++) {
		bool split = i == n ||
			items[i].mid - items[i - 1].mid > step ||
			items[i].mid - items[start].mid > spread;
		if (!split)
			continue;
		tvk_grow((void **)&out, &cap, n_out + 1, sizeof(*out));
		finish_line(items, start, i, page->number, arena, &out[n_out++]);
		start = i;
	}
	free(items);

	qsort(out, n_out, sizeof(*out), by_top);
	*lines = tvk_arena_array(arena, n_out, sizeof(**lines));
	memcpy(*lines, out, n_out * sizeof(*out));
	free(out);
	return n_out;
}
