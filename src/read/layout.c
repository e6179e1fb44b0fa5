#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/macros.h"
#include "base/text.h"
#include "read/layout.h"

/* Within a line, the centres of its words lie closer than this share of
 * the page's glyph height (baselines, ascenders and an OCR layer's ink
 * boxes included). */
#define STEP 0.25

struct item {
	const struct tvk_word *word;
	double mid;    /* vertical centre */
	double height;
};

/* An item for each word of @page, in its order (free() them). */
static struct item *page_items(const struct tvk_page *page)
{
	struct item *items = tvk_xmalloc(page->n_words * sizeof(*items));
	for (size_t i = 0; i < page->n_words; i++) {
		const struct tvk_box *b = &page->words[i].box;
		items[i].word = &page->words[i];
		items[i].mid = (b->y0 + b->y1) / 2;
		items[i].height = tvk_max(b->y1 - b->y0, 0.0);
	}
	return items;
}

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

/* A word that reads as something: a letter or a digit, not a scan's
 * marks or the blank an OCR layer reads off a rule. */
static bool legible(const char *s)
{
	if (tvk_is_mark(s))
		return false;
	for (; *s; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return true;
	return false;
}

/*
 * Two words of one cluster stacked one above the other: their boxes share
 * most of their width, they are of a height, and their centres are a good
 * part of a glyph apart.  No line holds two such words; a cluster that
 * does has chained two lines through a word between them (a region label
 * in a merged cell, centred between two rows set closer than their
 * glyphs are high).
 */
static bool stacked(const struct item *a, const struct item *b, double h)
{
	const struct tvk_box *x = &a->word->box, *y = &b->word->box;
	double overlap = tvk_min(x->x1, y->x1) - tvk_max(x->x0, y->x0);
	double narrower = tvk_min(x->x1 - x->x0, y->x1 - y->x0);
	return overlap > 0.5 * narrower && legible(a->word->text) &&
		legible(b->word->text) &&
		tvk_min(a->height, b->height) > 0.6 * tvk_max(a->height,
			b->height) &&
		fabs(a->mid - b->mid) > STEP * h;
}

static bool any_stacked(const struct item *items, size_t from, size_t to,
		double h)
{
	/* Sorted by centre: most clusters are one baseline, and are done
	 * here. */
	if (items[to - 1].mid - items[from].mid <= STEP * h)
		return false;
	for (size_t i = from; i < to; i++)
		for (size_t j = i + 1; j < to; j++)
			if (stacked(&items[i], &items[j], h))
				return true;
	return false;
}

struct lines {
	struct tvk_line *out;
	size_t n, cap;
};

/*
 * The cluster [@from, @to) as lines: one, unless it holds stacked words;
 * then it is cut wherever the centres step by more than STEP of a glyph
 * (the words of one baseline share their centre; a label between two
 * rows has its own), or, when no step is that large, at its largest, and
 * each piece is looked at again.  The label's words become a line of
 * their own, between the rows, in no row.
 */
static void add_cluster(const struct item *items, size_t from, size_t to,
		double h, int page, struct tvk_arena *arena, struct lines *l)
{
	if (to - from < 2 || !any_stacked(items, from, to, h)) {
		tvk_grow((void **)&l->out, &l->cap, l->n + 1, sizeof(*l->out));
		finish_line(items, from, to, page, arena, &l->out[l->n++]);
		return;
	}
	size_t largest = from + 1;
	bool cut = false;
	for (size_t i = from + 1; i < to; i++) {
		double step = items[i].mid - items[i - 1].mid;
		if (step > items[largest].mid - items[largest - 1].mid)
			largest = i;
		cut = cut || step > STEP * h;
	}
	size_t start = from;
	for (size_t i = from + 1; i <= to; i++)
		if (i == to || (cut ? items[i].mid - items[i - 1].mid >
				STEP * h : i == largest)) {
			add_cluster(items, start, i, h, page, arena, l);
			start = i;
		}
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
	struct item *items = page_items(page);
	sort_nearly(items, n, sizeof(*items), by_mid);
	double h = median_height(items, n);

	struct lines l = {0};
	size_t start = 0;
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
		add_cluster(items, start, i, h, page->number, arena, &l);
		start = i;
	}
	free(items);

	sort_nearly(l.out, l.n, sizeof(*l.out), by_top);
	*lines = tvk_arena_array(arena, l.n, sizeof(**lines));
	memcpy(*lines, l.out, l.n * sizeof(*l.out));
	free(l.out);
	return l.n;
}

/*
 * A text layer made from a skewed picture (OCRmyPDF without --deskew)
 * sets each line's words on a slope: 2 degrees over a table 400 points
 * wide lower its last column by 14 points, more than a row is high, and
 * lines rebuilt from the words' heights interleave the rows.  The slope
 * is the one at which the words' centres, projected along it onto the
 * page's left edge, stack up sharpest: the sum of squares of a histogram
 * of the projections, in bins of a quarter glyph (each centre shared
 * between its two nearest bins, so that the sum does not jump as the
 * slope steps), is greatest there.
 */
#define SKEW_STEP 0.05 /* degrees */

struct slanted {
	double x, y, along; /* centre; y projected along the slope */
};

static int by_along(const void *a, const void *b)
{
	const struct slanted *x = a, *y = b;
	return (x->along > y->along) - (x->along < y->along);
}

/*
 * The slope found to a step of the search, made exact: the @m words @w
 * set into lines along it, each line's words fitted by one slope shared
 * by all (least squares of y on x about each line's own means).
 */
static double fit_slope(struct slanted *w, size_t m, double h, double slope)
{
	for (size_t i = 0; i < m; i++)
		w[i].along = w[i].y - w[i].x * slope;
	qsort(w, m, sizeof(*w), by_along);
	double sxy = 0, sxx = 0;
	for (size_t from = 0, i = 1; i <= m; i++) {
		if (i < m && w[i].along - w[i - 1].along <= 0.45 * h)
			continue;
		double mx = 0, my = 0;
		for (size_t k = from; k < i; k++) {
			mx += w[k].x;
			my += w[k].y;
		}
		mx /= (double)(i - from);
		my /= (double)(i - from);
		for (size_t k = from; k < i; k++) {
			sxy += (w[k].x - mx) * (w[k].y - my);
			sxx += (w[k].x - mx) * (w[k].x - mx);
		}
		from = i;
	}
	return sxx > 0 ? sxy / sxx : slope;
}

double tvk_layout_skew(const struct tvk_page *page)
{
	size_t n = page->n_words;
	if (n < 20)
		return 0;
	struct item *items = page_items(page);
	double h = median_height(items, n), bin = h / 4;
	/* words of a glyph's height only: not a title, not a rule read as
	 * a word */
	struct slanted *w = tvk_xmalloc(n * sizeof(*w));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const struct tvk_box *b = &items[i].word->box;
		if (items[i].height >= 0.5 * h && items[i].height <= 2 * h &&
				legible(items[i].word->text))
			w[m++] = (struct slanted){(b->x0 + b->x1) / 2,
				items[i].mid, 0};
	}
	free(items);
	double reach = page->width * tan(TVK_LAYOUT_MAX_SKEW * M_PI / 180);
	double bins = (page->height + 2 * reach) / bin;
	if (!(bins >= 0 && bins < 1e6)) { /* a page far beyond paper */
		free(w);
		return 0;
	}
	size_t n_bins = (size_t)bins + 3;
	double *hist = tvk_xmalloc(n_bins * sizeof(*hist));
	int steps = (int)lround(TVK_LAYOUT_MAX_SKEW / SKEW_STEP);
	double best = -1, level = 0, best_deg = 0;
	for (int k = -steps; k <= steps; k++) {
		double deg = k * SKEW_STEP, slope = tan(deg * M_PI / 180);
		memset(hist, 0, n_bins * sizeof(*hist));
		for (size_t i = 0; i < m; i++) {
			double at = (w[i].y - w[i].x * slope + reach) / bin;
			if (at < 0 || at >= (double)(n_bins - 1))
				continue;
			size_t j = (size_t)at;
			double f = at - (double)j;
			hist[j] += 1 - f;
			hist[j + 1] += f;
		}
		double score = 0;
		for (size_t j = 0; j < n_bins; j++)
			score += hist[j] * hist[j];
		if (k == 0)
			level = score;
		if (score > best) {
			best = score;
			best_deg = deg;
		}
	}
	free(hist);
	/* level when a level reading is nearly as sharp: a slope within
	 * the noise of the words' heights is no slope */
	if (fabs(best_deg) < TVK_LAYOUT_LEVEL || best < 1.05 * level) {
		free(w);
		return 0;
	}
	double fine = fit_slope(w, m, h, tan(best_deg * M_PI / 180));
	free(w);
	/* the fit near the search (which a histogram of few lines biases
	 * by a step or two), or the search's */
	fine = atan(fine) * 180 / M_PI;
	return fabs(fine - best_deg) <= 3 * SKEW_STEP ? fine : best_deg;
}

void tvk_layout_straighten(struct tvk_page *page, double deg,
		struct tvk_arena *arena)
{
	if (page->frame || page->turn != 0 || deg == 0)
		return;
	double phi = deg * M_PI / 180, c = cos(phi), s = sin(phi);
	double cx = page->width / 2, cy = page->height / 2;
	/* level point u to printed point p = centre + R(phi) (u - centre) */
	struct tvk_frame *f = tvk_arena_alloc(arena, sizeof(*f));
	*f = (struct tvk_frame){c, -s, cx - c * cx + s * cy,
		s, c, cy - s * cx - c * cy};
	struct tvk_word *words = tvk_arena_array(arena, page->n_words,
		sizeof(*words));
	for (size_t i = 0; i < page->n_words; i++) {
		struct tvk_box b = page->words[i].box;
		double x = (b.x0 + b.x1) / 2 - cx, y = (b.y0 + b.y1) / 2 - cy;
		double ux = c * x + s * y + cx, uy = -s * x + c * y + cy;
		double hw = (b.x1 - b.x0) / 2, hh = (b.y1 - b.y0) / 2;
		words[i] = page->words[i];
		words[i].box = (struct tvk_box){ux - hw, uy - hh, ux + hw,
			uy + hh};
	}
	page->words = words;
	page->frame = f;
}
