/*
 * The archive as one JSON object (tvk status --json): the quarters and
 * regions of the grid, the counts per status, a {period, region, status}
 * per cell, the problems, the warnings with their figures, and the exit
 * status.  Written by the writer every JSON file of tvk goes through.
 */
#include <stdio.h>

#include <tvk/archive.h>

#include "archive/archive.h"
#include "document/jsonw.h"

static void key_period(struct tvk_jw *w, const char *key, int year,
		int quarter)
{
	char s[32];
	if (year == 0 || quarter == 0) {
		tvk_jw_key(w, key);
		tvk_jw_null(w);
		return;
	}
	snprintf(s, sizeof(s), "%d-Q%d", year, quarter);
	tvk_jw_key_str(w, key, s);
}

static void key_region(struct tvk_jw *w, int region)
{
	tvk_jw_key(w, "region");
	if (region)
		tvk_jw_int(w, region);
	else
		tvk_jw_null(w);
}

static void coverage(struct tvk_jw *w, const struct tvk_archive *a)
{
	const struct tvk_archive_coverage *c = &a->coverage;
	char first[16], last[16];
	tvk_archive_period_name(c->first_period, first);
	tvk_archive_period_name(c->first_period + c->n_periods - 1, last);
	tvk_jw_key(w, "periods");
	tvk_jw_open(w, '{');
	tvk_jw_key_str(w, "first", c->n_periods ? first : NULL);
	tvk_jw_key_str(w, "last", c->n_periods ? last : NULL);
	tvk_jw_close(w, '}');
	tvk_jw_key(w, "regions");
	tvk_jw_open(w, '[');
	for (int r = 0; r < c->n_regions; r++) {
		tvk_jw_elem(w);
		tvk_jw_int(w, c->regions[r]);
	}
	tvk_jw_close(w, ']');
	tvk_jw_key(w, "counts");
	tvk_jw_open(w, '{');
	for (int s = 0; s < TVK_N_CELL_STATUSES; s++)
		tvk_jw_key_int(w, tvk_archive_cell_name(
			(enum tvk_archive_cell_status)s), (int64_t)c->counts[s]);
	tvk_jw_close(w, '}');
	tvk_jw_key(w, "coverage");
	tvk_jw_open(w, '[');
	for (int p = 0; p < c->n_periods; p++)
		for (int r = 0; r < c->n_regions; r++) {
			const struct tvk_archive_cell *cell = &c->cells[
				(size_t)p * (size_t)c->n_regions + (size_t)r];
			int period = c->first_period + p;
			tvk_jw_elem(w);
			tvk_jw_open(w, '{');
			key_period(w, "period", period / 4, period % 4 + 1);
			tvk_jw_key_int(w, "region", c->regions[r]);
			tvk_jw_key_str(w, "status",
				tvk_archive_cell_name(cell->status));
			tvk_jw_key_str(w, "document",
				cell->status == TVK_CELL_MISSING || !a->paths ?
				NULL : a->paths[cell->doc]);
			tvk_jw_close(w, '}');
		}
	tvk_jw_close(w, ']');
}

static void problems(struct tvk_jw *w, const struct tvk_archive *a)
{
	tvk_jw_key(w, "problems");
	tvk_jw_open(w, '[');
	for (size_t i = 0; i < a->n_problems; i++) {
		const struct tvk_archive_problem *p = &a->problems[i];
		tvk_jw_elem(w);
		tvk_jw_open(w, '{');
		tvk_jw_key_str(w, "kind", tvk_archive_problem_name(p->kind));
		key_period(w, "period", p->year, p->quarter);
		key_region(w, p->region);
		tvk_jw_key_str(w, "file", p->file);
		tvk_jw_key(w, "page");
		if (p->page)
			tvk_jw_int(w, p->page);
		else
			tvk_jw_null(w);
		tvk_jw_key_str(w, "message", p->message);
		tvk_jw_close(w, '}');
	}
	tvk_jw_close(w, ']');
}

static void point(struct tvk_jw *w, const struct tvk_archive_point *p)
{
	tvk_jw_open(w, '{');
	key_period(w, "period", p->year, p->quarter);
	tvk_jw_key_int(w, "value", p->value);
	tvk_jw_close(w, '}');
}

static void subject(struct tvk_jw *w, const struct tvk_archive_subject *s)
{
	tvk_jw_open(w, '{');
	if (s->code) {
		tvk_jw_key_str(w, "code", s->code);
		tvk_jw_key_str(w, "name", s->name);
	}
	tvk_jw_key_int(w, "value", s->value);
	tvk_jw_key_int(w, "expected", s->expected);
	tvk_jw_key(w, "neighbours");
	tvk_jw_open(w, '[');
	for (int k = 0; k < 2; k++) {
		tvk_jw_elem(w);
		point(w, &s->around[k]);
	}
	tvk_jw_close(w, ']');
	tvk_jw_key(w, "series");
	tvk_jw_open(w, '[');
	for (size_t k = 0; k < s->n_series; k++) {
		tvk_jw_elem(w);
		point(w, &s->series[k]);
	}
	tvk_jw_close(w, ']');
	tvk_jw_close(w, '}');
}

static void warnings(struct tvk_jw *w, const struct tvk_archive *a)
{
	tvk_jw_key(w, "warnings");
	tvk_jw_open(w, '[');
	for (size_t i = 0; i < a->n_warnings; i++) {
		const struct tvk_archive_warning *x = &a->warnings[i];
		tvk_jw_elem(w);
		tvk_jw_open(w, '{');
		tvk_jw_key_str(w, "kind", tvk_archive_warning_name(x->kind));
		key_period(w, "period", x->year, x->quarter);
		key_region(w, x->region);
		tvk_jw_key_str(w, "document", a->paths ? a->paths[x->doc] :
			NULL);
		tvk_jw_key(w, "municipalities");
		tvk_jw_open(w, '[');
		for (size_t k = 0; k < x->n_subjects; k++)
			if (x->subjects[k].code) {
				tvk_jw_elem(w);
				subject(w, &x->subjects[k]);
			}
		tvk_jw_close(w, ']');
		tvk_jw_key(w, "region_total");
		if (x->with_total)
			subject(w, &x->total);
		else if (x->kind == TVK_WARNING_REGION_TOTAL)
			subject(w, &x->subjects[0]);
		else
			tvk_jw_null(w);
		tvk_jw_key_str(w, "reason", x->reason);
		tvk_jw_close(w, '}');
	}
	tvk_jw_close(w, ']');
}

char *tvk_archive_json(const struct tvk_archive *a)
{
	struct tvk_jw w;
	tvk_jw_init(&w, 0);
	tvk_jw_open(&w, '{');
	tvk_jw_generator(&w);
	coverage(&w, a);
	problems(&w, a);
	warnings(&w, a);
	tvk_jw_key_int(&w, "exit_status", a->exit_status);
	tvk_jw_close(&w, '}');
	return tvk_jw_finish(&w);
}
