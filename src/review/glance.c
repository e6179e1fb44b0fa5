/*
 * The archive at a glance on the review page (<tvk/archive.h>, as tvk
 * status sees it): the coverage grid as a picture — a square per quarter
 * and region, coloured by its status, a link to its table where the page
 * shows it — and each warning with a small chart of every series it is
 * about, the warned quarter in red, so that a reviewer sees the jump.
 * Inline SVG, no script; the same documents give the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "review/review.h"

#define CELL 18     /* a square of the grid, CSS pixels */
#define LABEL 58    /* the quarters' column */
#define HEAD 18     /* the regions' row */
#define CHART_W 260
#define CHART_H 84

/* The colours of the statuses, as the page's status badges are. */
static const char *const COLOURS[TVK_N_CELL_STATUSES] = {
	"#2f9e44", "#1f6fd1", FAIL_COLOUR, "#f08c00", "#ced4da"};

/* The index (1-based) of the first table the page shows of @period and
 * @region, or 0. */
static size_t shown_at(const struct review_page *p, int period, int region)
{
	for (size_t k = 0; k < p->n_shown; k++) {
		const struct tvk_document *d = p->tables[k].doc;
		if (d->kind == TVK_TABLE_REGION && d->region == region &&
				d->year * 4 + d->quarter - 1 == period)
			return k + 1;
	}
	return 0;
}

static void legend(struct tvk_buf *b, const struct tvk_archive *a)
{
	tvk_buf_str(b, "<p class=\"legend\">");
	for (int s = 0; s < TVK_N_CELL_STATUSES; s++) {
		tvk_review_swatch(b, COLOURS[s]);
		tvk_buf_printf(b, "%s %zu%s", tvk_archive_cell_name(
			(enum tvk_archive_cell_status)s), a->coverage.counts[s],
			s + 1 < TVK_N_CELL_STATUSES ? " &nbsp; " : "");
	}
	tvk_buf_str(b, "</p>\n");
}

static void grid(struct tvk_buf *b, const struct review_page *p,
		const struct tvk_archive *a)
{
	const struct tvk_archive_coverage *c = &a->coverage;
	int rows = 0;
	for (int q = 0; q < c->n_periods; q++, rows++) {
		int empty = tvk_archive_empty_quarters(c, q);
		q += empty >= 2 ? empty - 1 : 0;
	}
	int w = LABEL + CELL * c->n_regions, h = HEAD + CELL * rows;
	if (w < LABEL + 180)
		w = LABEL + 180; /* room for a run of quarters without a table */
	tvk_buf_printf(b, "<svg class=\"grid\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"coverage\">\n",
		w, h, w, h);
	for (int r = 0; r < c->n_regions; r++)
		tvk_buf_printf(b, "<text x=\"%d\" y=\"%d\" "
			"text-anchor=\"middle\">%02d</text>\n",
			LABEL + CELL * r + CELL / 2, HEAD - 5, c->regions[r]);
	for (int q = 0, row = 0; q < c->n_periods; q++, row++) {
		char name[16];
		int period = c->first_period + q, y = HEAD + CELL * row;
		snprintf(name, sizeof(name), "%d-Q%d", period / 4,
			period % 4 + 1);
		int empty = tvk_archive_empty_quarters(c, q);
		if (empty >= 2) {
			int end = period + empty - 1;
			tvk_buf_printf(b, "<text class=\"run\" x=\"0\" "
				"y=\"%d\">%s to %d-Q%d: no table (%d quarters)"
				"</text>\n", y + CELL - 4, name, end / 4,
				end % 4 + 1, empty);
			q += empty - 1;
			continue;
		}
		tvk_buf_printf(b, "<text x=\"0\" y=\"%d\">%s</text>\n",
			y + CELL - 3, name);
		for (int r = 0; r < c->n_regions; r++) {
			const struct tvk_archive_cell *cell = &c->cells[
				(size_t)q * (size_t)c->n_regions + (size_t)r];
			size_t k = shown_at(p, period, c->regions[r]);
			if (k)
				tvk_buf_printf(b, "<a href=\"#t%zu\">", k);
			tvk_buf_printf(b, "<rect class=\"sq c-%s\" x=\"%d\" "
				"y=\"%d\" width=\"%d\" height=\"%d\" "
				"fill=\"%s\"><title>%s %02d: %s</title></rect>",
				tvk_archive_cell_name(cell->status),
				LABEL + CELL * r + 1, y + 1, CELL - 2, CELL - 2,
				COLOURS[cell->status], name, c->regions[r],
				tvk_archive_cell_name(cell->status));
			tvk_buf_str(b, k ? "</a>\n" : "\n");
		}
	}
	tvk_buf_str(b, "</svg>\n");
}

/* The series of @s as a line, its warned quarter (@year, @quarter) a red
 * dot, its neighbours hollow ones. */
static void chart(struct tvk_buf *b, const struct tvk_archive_subject *s,
		int year, int quarter)
{
	if (s->n_series == 0)
		return;
	int first = s->series[0].year * 4 + s->series[0].quarter - 1;
	int last = s->series[s->n_series - 1].year * 4 +
		s->series[s->n_series - 1].quarter - 1;
	int64_t lo = s->series[0].value, hi = lo;
	for (size_t i = 0; i < s->n_series; i++) {
		lo = s->series[i].value < lo ? s->series[i].value : lo;
		hi = s->series[i].value > hi ? s->series[i].value : hi;
	}
	double left = 8, right = CHART_W - 8, top = 18, bottom = CHART_H - 16;
	double span = last > first ? (double)(last - first) : 1;
	double range = hi > lo ? (double)(hi - lo) : 1;
	tvk_buf_printf(b, "<svg class=\"chart\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\">\n<text x=\"0\" y=\"11\">",
		CHART_W, CHART_H, CHART_W, CHART_H);
	tvk_review_esc(b, s->code ? s->name : "region total");
	tvk_buf_printf(b, " (%lld to %lld)</text>\n<polyline points=\"",
		(long long)lo, (long long)hi);
	double *x = tvk_xcalloc(s->n_series, sizeof(*x));
	double *y = tvk_xcalloc(s->n_series, sizeof(*y));
	for (size_t i = 0; i < s->n_series; i++) {
		int period = s->series[i].year * 4 + s->series[i].quarter - 1;
		x[i] = left + (right - left) * (period - first) / span;
		y[i] = bottom - (bottom - top) *
			(double)(s->series[i].value - lo) / range;
		if (i)
			tvk_buf_str(b, " ");
		tvk_review_num(b, x[i]);
		tvk_buf_str(b, ",");
		tvk_review_num(b, y[i]);
	}
	tvk_buf_str(b, "\"/>\n");
	for (size_t i = 0; i < s->n_series; i++) {
		const struct tvk_archive_point *pt = &s->series[i];
		bool warned = pt->year == year && pt->quarter == quarter;
		tvk_buf_printf(b, "<circle class=\"%s\" cx=\"", warned ?
			"warned" : "point");
		tvk_review_num(b, x[i]);
		tvk_buf_str(b, "\" cy=\"");
		tvk_review_num(b, y[i]);
		tvk_buf_printf(b, "\" r=\"%d\"><title>%d-Q%d: %lld</title>"
			"</circle>\n", warned ? 4 : 2, pt->year, pt->quarter,
			(long long)pt->value);
	}
	tvk_buf_printf(b, "<text x=\"0\" y=\"%d\">%d-Q%d</text>"
		"<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d-Q%d</text>\n"
		"</svg>\n", CHART_H - 2, first / 4, first % 4 + 1, CHART_W,
		CHART_H - 2, last / 4, last % 4 + 1);
	free(x);
	free(y);
}

static void warnings(struct tvk_buf *b, const struct review_page *p,
		const struct tvk_archive *a)
{
	tvk_buf_printf(b, "<h3>Numbers that jump between quarters "
		"(%zu)</h3>\n", a->n_warnings);
	if (a->n_warnings == 0) {
		tvk_buf_str(b, "<p class=\"muted\">No value stands off its "
			"series.</p>\n");
		return;
	}
	tvk_buf_str(b, "<p class=\"muted\">Advice, not a verdict: each table "
		"adds up; its numbers stand off their own series.</p>\n");
	for (size_t i = 0; i < a->n_warnings; i++) {
		const struct tvk_archive_warning *w = &a->warnings[i];
		const struct tvk_document *d = a->docs[w->doc];
		size_t k = shown_at(p, d->year * 4 + d->quarter - 1, d->region);
		tvk_buf_printf(b, "<div class=\"warning\" data-kind=\"%s\">"
			"<p><b>%s</b> ", tvk_archive_warning_name(w->kind),
			tvk_archive_warning_name(w->kind));
		if (k)
			tvk_buf_printf(b, "<a href=\"#t%zu\">", k);
		tvk_review_table_title(b, d);
		tvk_buf_str(b, k ? "</a>: " : ": ");
		tvk_review_esc(b, w->reason);
		tvk_buf_str(b, "</p>\n<div class=\"charts\">\n");
		for (size_t s = 0; s < w->n_subjects; s++)
			chart(b, &w->subjects[s], w->year, w->quarter);
		if (w->with_total)
			chart(b, &w->total, w->year, w->quarter);
		tvk_buf_str(b, "</div></div>\n");
	}
}

void tvk_review_glance(struct tvk_buf *b, const struct review_page *p,
		const struct tvk_archive *a)
{
	if (a->coverage.n_periods == 0)
		return;
	tvk_buf_str(b, "<section class=\"glance\">\n<h3>Coverage</h3>\n");
	legend(b, a);
	grid(b, p, a);
	warnings(b, p, a);
	tvk_buf_str(b, "</section>\n");
}
