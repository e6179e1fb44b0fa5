/*
 * Numbers that jump between quarters.  A table whose rows and columns
 * all add up can still be wrong: two municipalities' rows swapped, or a
 * row printed ten times too large together with its total.  In the real
 * publication a municipality's count moves a few percent from one
 * quarter to the next, so such a value stands off its own series.
 *
 * The rule, for every value of a series (a municipality of today, or a
 * region total; series.c), on the logarithm of the count (plus OFFSET,
 * so that a 0 has one):
 *
 * - Its two neighbours in time are the first two there are of: the
 *   quarter before, the quarter after, the same quarter a year earlier,
 *   a year later.  A neighbour of another territory (a region that lost
 *   a municipality, a municipality that took in part of a split one) is
 *   no neighbour.  Without two, the value is not judged.
 * - What the whole region did between the two quarters (the median move
 *   of its municipalities; for a region total the median of every
 *   region's, with at least MIN_PEERS of them) is taken out: a quarter in
 *   which every count rose is no jump of one.
 * - The value jumps when it stands off both neighbours in the same
 *   direction by more than a ratio of MIN_RATIO, and more than SIGMAS
 *   times what the series moves of itself from quarter to quarter (the
 *   median size of its other moves, as a standard deviation: 1.4826
 *   times it), so a series that is noisy by nature is held to its own
 *   noise; and by more, in people, than FLOOR and than ROOT_TIMES the
 *   square root of the larger count (the noise a count has of itself),
 *   so that 0 -> 3 does not cry wolf.
 * - Two values of one table that jump in opposite directions, each
 *   within SWAP_RATIO of what the other's series expects, are one
 *   warning, a swap.  A region total that jumps with a row of its table
 *   (same direction) is told with that row; one that jumps alone is a
 *   warning of its own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "base/arena.h"
#include "base/buffer.h"
#include "gazetteer/gazetteer.h"

#define OFFSET 5.0
#define MIN_RATIO 1.5
#define SIGMAS 5.0
#define FLOOR 20.0
#define ROOT_TIMES 5.0
#define SWAP_RATIO 1.25
#define MIN_PEERS 3
#define MIN_MOVES 3

/* The neighbours, in the order they are taken. */
static const int STEPS[4] = {-1, +1, -4, +4};

/* What each region did between two quarters: by region (0 for the
 * region totals), quarter and step. */
struct movement {
	int n_periods;
	double *common;
};

static double *common_at(const struct movement *m, int region, int p, int k)
{
	return &m->common[((size_t)region * (size_t)m->n_periods +
		(size_t)p) * 4 + (size_t)k];
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), by_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* True when @s has comparable values at grid quarters @p and @q. */
static bool comparable(const struct series *s, int p, int q, int n)
{
	return p >= 0 && q >= 0 && p < n && q < n && s->points[p].ok &&
		s->points[q].ok &&
		s->points[p].territory == s->points[q].territory;
}

/* The region a value of @s was read in. */
static int region_of(const struct tvk_archive *a, const struct series *s,
		int p)
{
	return s->region ? 0 : a->docs[s->points[p].doc]->region;
}

static void movement_build(const struct tvk_archive *a,
		const struct series_set *set, struct movement *m)
{
	int n = a->coverage.n_periods;
	m->n_periods = n;
	m->common = tvk_xcalloc((size_t)(TVK_N_REGIONS + 1) * (size_t)n * 4,
		sizeof(double));
	double *moves = tvk_xcalloc(set->n + 1, sizeof(double));
	for (int region = 0; region <= TVK_N_REGIONS; region++)
		for (int p = 0; p < n; p++)
			for (int k = 0; k < 4; k++) {
				size_t c = 0;
				for (size_t i = 0; i < set->n; i++) {
					const struct series *s = &set->items[i];
					if (comparable(s, p, p + STEPS[k], n) &&
							region_of(a, s, p) == region)
						moves[c++] = s->points[p].y -
							s->points[p + STEPS[k]].y;
				}
				*common_at(m, region, p, k) = c >= MIN_PEERS ?
					median(moves, c) : 0;
			}
	free(moves);
}

struct judgement {
	bool known; /* two neighbours to weigh against */
	bool jump;
	int q[2];   /* the neighbours (grid quarters) */
	double e[2]; /* what each makes of the value (log) */
	double sd;   /* how much the series moves of itself a quarter */
	double expected_y;
	int64_t expected;
};

/* How much @s moves of itself from quarter to quarter, the moves into
 * and out of @p left out; 0 when too few to tell. */
static double own_moves(const struct tvk_archive *a, const struct series *s,
		const struct movement *m, int p)
{
	int n = m->n_periods;
	double *d = tvk_xcalloc((size_t)n + 1, sizeof(*d));
	size_t c = 0;
	for (int i = 1; i < n; i++)
		if (i != p && i - 1 != p && comparable(s, i, i - 1, n))
			d[c++] = fabs(s->points[i].y - s->points[i - 1].y -
				*common_at(m, region_of(a, s, i), i, 0));
	double sd = c >= MIN_MOVES ? 1.4826 * median(d, c) : 0;
	free(d);
	return sd;
}

static struct judgement judge(const struct tvk_archive *a,
		const struct series *s, const struct movement *m, int p)
{
	struct judgement j = {0};
	int n = m->n_periods, found = 0;
	if (!s->points[p].ok)
		return j;
	for (int k = 0; k < 4 && found < 2; k++) {
		int q = p + STEPS[k];
		if (!comparable(s, p, q, n))
			continue;
		j.q[found] = q;
		j.e[found++] = s->points[q].y + *common_at(m,
			region_of(a, s, p), p, k);
	}
	if (found < 2)
		return j;
	j.known = true;
	j.sd = own_moves(a, s, m, p);
	j.expected_y = (j.e[0] + j.e[1]) / 2;
	double ev = exp(j.expected_y) - OFFSET;
	j.expected = ev < 0 ? 0 : (int64_t)llround(ev);
	double y = s->points[p].y, d0 = y - j.e[0], d1 = y - j.e[1];
	double least = fmin(fabs(d0), fabs(d1));
	double v = (double)s->points[p].value, x = (double)j.expected;
	j.jump = ((d0 > 0) == (d1 > 0)) && least > log(MIN_RATIO) &&
		least > SIGMAS * j.sd && fabs(v - x) > FLOOR &&
		fabs(v - x) > ROOT_TIMES * sqrt(fmax(v, x));
	return j;
}

/* ---- the warnings ------------------------------------------------------ */

static struct tvk_archive_point point_of(const struct tvk_archive *a,
		const struct series *s, int p)
{
	int period = a->coverage.first_period + p;
	return (struct tvk_archive_point){period / 4, period % 4 + 1,
		s->points[p].value};
}

static void subject_of(const struct tvk_archive *a, const struct series *s,
		int p, const struct judgement *j, struct tvk_archive_subject *out)
{
	*out = (struct tvk_archive_subject){0};
	if (s->code) {
		out->code = tvk_xstrdup(s->code);
		out->name = tvk_xstrdup(s->name);
	}
	out->value = s->points[p].value;
	out->expected = j->expected;
	out->around[0] = point_of(a, s, j->q[0]);
	out->around[1] = point_of(a, s, j->q[1]);
	out->series = tvk_xcalloc((size_t)a->coverage.n_periods,
		sizeof(*out->series));
	for (int i = 0; i < a->coverage.n_periods; i++)
		if (s->points[i].ok &&
				s->points[i].territory == s->points[p].territory)
			out->series[out->n_series++] = point_of(a, s, i);
}

static void subject_finish(struct tvk_archive_subject *s)
{
	free(s->code);
	free(s->name);
	free(s->series);
}

/* A jump found, before it is told. */
struct found {
	const struct series *s;
	int p;
	struct judgement j;
	size_t doc;
	bool used;
};

static struct tvk_archive_warning *new_warning(struct tvk_archive *a,
		enum tvk_archive_warning_kind kind, const struct found *f)
{
	a->warnings = tvk_xrealloc(a->warnings, a->n_warnings + 1,
		sizeof(*a->warnings));
	struct tvk_archive_warning *w = &a->warnings[a->n_warnings++];
	const struct tvk_document *d = a->docs[f->doc];
	*w = (struct tvk_archive_warning){.kind = kind, .year = d->year,
		.quarter = d->quarter, .region = d->region, .doc = f->doc};
	return w;
}

static void describe(struct tvk_buf *b, const struct tvk_archive_warning *w,
		const struct tvk_archive_subject *s)
{
	tvk_buf_printf(b, "%lld in %d-Q%d against %lld in %d-Q%d and %lld in "
		"%d-Q%d (about %lld expected", (long long)s->value,
		w->year, w->quarter, (long long)s->around[0].value, s->around[0].year,
		s->around[0].quarter, (long long)s->around[1].value,
		s->around[1].year, s->around[1].quarter,
		(long long)s->expected);
	double v = (double)s->value, e = (double)s->expected;
	if (v >= e && e > 0)
		tvk_buf_printf(b, ", x%.1f)", v / e);
	else if (v > 0)
		tvk_buf_printf(b, ", /%.1f)", e / v);
	else
		tvk_buf_str(b, ")");
}

static char *reason_of(const struct tvk_archive_warning *w, double sd)
{
	struct tvk_buf b = {0};
	tvk_buf_str(&b, "");
	for (size_t i = 0; i < w->n_subjects; i++) {
		const struct tvk_archive_subject *s = &w->subjects[i];
		if (i)
			tvk_buf_str(&b, "; ");
		if (s->code)
			tvk_buf_printf(&b, "%s %s: ", s->code, s->name);
		else
			tvk_buf_str(&b, "the region total: ");
		describe(&b, w, s);
	}
	if (w->kind == TVK_WARNING_SWAP)
		tvk_buf_str(&b, "; each stands where the other's series is: "
			"two rows swapped?");
	else if (w->kind == TVK_WARNING_REGION_TOTAL)
		tvk_buf_str(&b, "; no row of the table jumps with it");
	if (w->with_total)
		tvk_buf_printf(&b, "; the region total with it: %lld against "
			"about %lld expected", (long long)w->total.value,
			(long long)w->total.expected);
	tvk_buf_printf(&b, "; the series moves %.0f%% a quarter of itself, "
		"a jump is beyond x%.2f", 100 * (exp(sd) - 1),
		exp(fmax(log(MIN_RATIO), SIGMAS * sd)));
	return b.s;
}

/* The swap partner of jump @i among @f: the opposite jump of the same
 * table whose value stands nearest where @i's series is, and @i's where
 * its is; SIZE_MAX when none is near enough. */
static size_t partner(const struct found *f, size_t n, size_t i)
{
	size_t best = SIZE_MAX;
	double best_off = log(SWAP_RATIO);
	const struct found *x = &f[i];
	double dx = x->s->points[x->p].y - x->j.expected_y;
	for (size_t k = 0; k < n; k++) {
		const struct found *y = &f[k];
		if (k == i || y->used || y->doc != x->doc || y->p != x->p)
			continue;
		double dy = y->s->points[y->p].y - y->j.expected_y;
		if ((dx > 0) == (dy > 0))
			continue;
		double off = fmax(fabs(x->s->points[x->p].y - y->j.expected_y),
			fabs(y->s->points[y->p].y - x->j.expected_y));
		if (off < best_off) {
			best_off = off;
			best = k;
		}
	}
	return best;
}

/* The region total of @doc's table at @p, judged; NULL without one. */
static const struct series *total_series(const struct series_set *set,
		const struct tvk_archive *a, size_t doc)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->items[i].region &&
				set->items[i].region == a->docs[doc]->region)
			return &set->items[i];
	return NULL;
}

/* Tells the jumps @f of municipalities: swaps first, then each alone,
 * with the region total when it jumps with it. */
static void tell_municipal(struct tvk_archive *a, const struct series_set *set,
		const struct movement *m, struct found *f, size_t n,
		bool *total_told)
{
	for (size_t i = 0; i < n; i++) {
		if (f[i].used)
			continue;
		size_t k = partner(f, n, i);
		f[i].used = true;
		struct tvk_archive_warning *w;
		double sd = f[i].j.sd;
		if (k != SIZE_MAX) {
			f[k].used = true;
			w = new_warning(a, TVK_WARNING_SWAP, &f[i]);
			bool order = strcmp(f[i].s->code, f[k].s->code) < 0;
			const struct found *one = order ? &f[i] : &f[k],
				*two = order ? &f[k] : &f[i];
			subject_of(a, one->s, one->p, &one->j, &w->subjects[0]);
			subject_of(a, two->s, two->p, &two->j, &w->subjects[1]);
			w->n_subjects = 2;
			sd = fmax(one->j.sd, two->j.sd);
		} else {
			w = new_warning(a, TVK_WARNING_JUMP, &f[i]);
			subject_of(a, f[i].s, f[i].p, &f[i].j, &w->subjects[0]);
			w->n_subjects = 1;
			const struct series *t = total_series(set, a, f[i].doc);
			struct judgement tj = t ? judge(a, t, m, f[i].p) :
				(struct judgement){0};
			double change = (double)f[i].s->points[f[i].p].value -
				(double)f[i].j.expected;
			double tchange = tj.known ?
				(double)t->points[f[i].p].value -
				(double)tj.expected : 0;
			/* the total moved by at least half the row's move,
			 * the same way: the row was printed with its total */
			if (tj.known && t->points[f[i].p].doc == f[i].doc &&
					tchange * change > 0 &&
					fabs(tchange) >= fabs(change) / 2) {
				w->with_total = true;
				subject_of(a, t, f[i].p, &tj, &w->total);
				total_told[(size_t)(t - set->items) *
					(size_t)m->n_periods +
					(size_t)f[i].p] = true;
			}
		}
		w->reason = reason_of(w, sd);
	}
}

static int by_place(const void *x, const void *y)
{
	const struct tvk_archive_warning *a = x, *b = y;
	if (a->year != b->year)
		return a->year - b->year;
	if (a->quarter != b->quarter)
		return a->quarter - b->quarter;
	if (a->region != b->region)
		return a->region - b->region;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	const char *p = a->subjects[0].code, *q = b->subjects[0].code;
	return strcmp(p ? p : "", q ? q : "");
}

void tvk_archive_warnings_build(struct tvk_archive *a)
{
	if (a->coverage.n_periods == 0)
		return;
	struct series_set set;
	tvk_archive_series_build(a, OFFSET, &set);
	struct movement m;
	movement_build(a, &set, &m);
	int n = a->coverage.n_periods;
	struct found *f = NULL, *tf = NULL;
	size_t nf = 0, ntf = 0, cap = 0, tcap = 0;
	for (size_t i = 0; i < set.n; i++)
		for (int p = 0; p < n; p++) {
			const struct series *s = &set.items[i];
			struct judgement j = judge(a, s, &m, p);
			if (!j.jump)
				continue;
			struct found x = {s, p, j, s->points[p].doc, false};
			if (s->region) {
				tvk_grow((void **)&tf, &tcap, ntf + 1, sizeof(*tf));
				tf[ntf++] = x;
			} else {
				tvk_grow((void **)&f, &cap, nf + 1, sizeof(*f));
				f[nf++] = x;
			}
		}
	bool *total_told = tvk_xcalloc(set.n * (size_t)n + 1, sizeof(bool));
	tell_municipal(a, &set, &m, f, nf, total_told);
	for (size_t i = 0; i < ntf; i++) {
		size_t k = (size_t)(tf[i].s - set.items) * (size_t)n +
			(size_t)tf[i].p;
		if (total_told[k])
			continue;
		struct tvk_archive_warning *w = new_warning(a,
			TVK_WARNING_REGION_TOTAL, &tf[i]);
		subject_of(a, tf[i].s, tf[i].p, &tf[i].j, &w->subjects[0]);
		w->n_subjects = 1;
		w->reason = reason_of(w, tf[i].j.sd);
	}
	if (a->n_warnings)
		qsort(a->warnings, a->n_warnings, sizeof(*a->warnings),
			by_place);
	free(total_told);
	free(f);
	free(tf);
	free(m.common);
	tvk_archive_series_finish(&set);
}

void tvk_archive_warnings_finish(struct tvk_archive *a)
{
	for (size_t i = 0; i < a->n_warnings; i++) {
		struct tvk_archive_warning *w = &a->warnings[i];
		for (size_t k = 0; k < w->n_subjects; k++)
			subject_finish(&w->subjects[k]);
		if (w->with_total)
			subject_finish(&w->total);
		free(w->reason);
	}
	free(a->warnings);
	a->warnings = NULL;
	a->n_warnings = 0;
}

const char *tvk_archive_warning_name(enum tvk_archive_warning_kind kind)
{
	static const char *const names[] = {"jump", "swap", "region-total"};
	return (unsigned)kind <= TVK_WARNING_REGION_TOTAL ? names[kind] : "?";
}
