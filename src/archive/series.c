/*
 * The series the warnings look at: for every municipality of today, its
 * total in each quarter — the rows of the municipalities that are part
 * of it today added up, as tvk dataset --harmonize adds them, so that a
 * merger does not break it — and for every region, its Totaal AMR.  Only
 * valid and repaired tables count, one per quarter and region (a
 * conflict's versions are left out), and a quarter counts only when every
 * municipality of its date that is part of today's has exactly one row.
 *
 * Each value carries the territory it counts: a municipality that took
 * in part of a split one (Haaren, 2021) counts more land after it, and a
 * region that lost or gained a municipality is another region.  Values
 * of different territories are never compared.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "base/arena.h"
#include "base/buffer.h"
#include "gazetteer/gazetteer.h"

/* Today's municipalities, by code, each a series. */
struct today {
	const struct tvk_municipality **m;
	size_t n;
};

static int by_code(const void *a, const void *b)
{
	const struct tvk_municipality *const *x = a, *const *y = b;
	return strcmp((*x)->code, (*y)->code);
}

static void today_init(struct today *t)
{
	t->n = tvk_gazetteer_count();
	t->m = tvk_xcalloc(t->n + 1, sizeof(*t->m));
	for (size_t i = 0; i < t->n; i++)
		t->m[i] = tvk_gazetteer_at(i);
	qsort(t->m, t->n, sizeof(*t->m), by_code);
}

/* The index of today's municipality @code, or SIZE_MAX. */
static size_t today_index(const struct today *t, const char *code)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->m[mid]->code, code);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* @s, kept once in @set: territories compare as pointers. */
static const char *intern(struct series_set *set, const char *s)
{
	for (size_t i = 0; i < set->n_strings; i++)
		if (strcmp(set->strings[i], s) == 0)
			return set->strings[i];
	set->strings = tvk_xrealloc(set->strings, set->n_strings + 1,
		sizeof(*set->strings));
	set->strings[set->n_strings] = tvk_xstrdup(s);
	return set->strings[set->n_strings++];
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* @codes (@n, sorted here) once each, comma-separated, interned. */
static const char *territory_of(struct series_set *set, const char **codes,
		size_t n)
{
	if (n)
		qsort(codes, n, sizeof(*codes), by_string);
	struct tvk_buf b = {0};
	tvk_buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(codes[i], codes[i - 1]) != 0)
			tvk_buf_printf(&b, "%s%s", b.len ? "," : "", codes[i]);
	const char *s = intern(set, b.s);
	free(b.s);
	return s;
}

/* What a quarter's date says of today's municipalities: how many
 * municipalities of the date are part of each, and which split ones gave
 * it land. */
struct date_facts {
	size_t *expected;       /* by today's index */
	const char ***split;    /* the split municipalities' codes, */
	size_t *n_split;        /* by today's index */
};

static void facts_of_date(const struct today *t, int date,
		struct date_facts *f)
{
	memset(f->expected, 0, t->n * sizeof(*f->expected));
	memset(f->n_split, 0, t->n * sizeof(*f->n_split));
	for (int r = 1; r <= TVK_N_REGIONS; r++) {
		const struct tvk_municipality *const *list;
		size_t k = tvk_gazetteer_in_region_at(r, date, &list);
		for (size_t i = 0; i < k; i++) {
			const struct tvk_municipality *const *succ = NULL;
			size_t n_succ = 0;
			const struct tvk_municipality *cur = tvk_gazetteer_current(
				list[i]->code, &succ, &n_succ);
			if (cur) {
				size_t x = today_index(t, cur->code);
				if (x != SIZE_MAX)
					f->expected[x]++;
				continue;
			}
			for (size_t s = 0; s < n_succ; s++) {
				size_t x = today_index(t, succ[s]->code);
				if (x == SIZE_MAX)
					continue;
				f->split[x] = tvk_xrealloc(f->split[x],
					f->n_split[x] + 1, sizeof(**f->split));
				f->split[x][f->n_split[x]++] = list[i]->code;
			}
		}
	}
}

/* The sums of one quarter's rows, by today's index. */
struct quarter_rows {
	size_t *found;
	int64_t *sum;
	bool *broken; /* a count unknown, negative or beyond int64 */
	size_t *doc;
	const char ***codes; /* the rows' own codes, to tell one twice */
};

static void take_rows(const struct today *t, const struct tvk_document *d,
		size_t doc, struct quarter_rows *q)
{
	for (size_t i = 0; i < d->n_rows; i++) {
		const struct tvk_document_row *row = &d->rows[i];
		const struct tvk_municipality *cur = row->code ?
			tvk_gazetteer_current(row->code, NULL, NULL) : NULL;
		size_t x = cur ? today_index(t, cur->code) : SIZE_MAX;
		if (x == SIZE_MAX)
			continue;
		const struct tvk_document_count *v = &row->counts[TVK_TOTAL];
		if (!v->known || v->value < 0 ||
				__builtin_add_overflow(q->sum[x], v->value,
					&q->sum[x]))
			q->broken[x] = true;
		for (size_t k = 0; k < q->found[x]; k++)
			if (strcmp(q->codes[x][k], row->code) == 0)
				q->broken[x] = true; /* one municipality twice */
		if (q->found[x] == 0)
			q->doc[x] = doc;
		q->codes[x] = tvk_xrealloc(q->codes[x], q->found[x] + 1,
			sizeof(**q->codes));
		q->codes[x][q->found[x]++] = row->code;
	}
}

static double log_of(int64_t v, double offset)
{
	return log((double)v + offset);
}

/* The municipalities' values of the grid's quarter @p into @series (by
 * today's index). */
static void municipal_quarter(const struct tvk_archive *a,
		const struct today *t, int p, struct date_facts *f,
		struct series_set *set, struct series *series, double offset)
{
	const struct tvk_archive_coverage *c = &a->coverage;
	int period = c->first_period + p;
	facts_of_date(t, tvk_quarter_date(period / 4, period % 4 + 1), f);
	struct quarter_rows q = {
		tvk_xcalloc(t->n, sizeof(size_t)),
		tvk_xcalloc(t->n, sizeof(int64_t)),
		tvk_xcalloc(t->n, sizeof(bool)),
		tvk_xcalloc(t->n, sizeof(size_t)),
		tvk_xcalloc(t->n, sizeof(*q.codes))};
	for (int r = 0; r < c->n_regions; r++) {
		const struct tvk_archive_cell *cell =
			&c->cells[(size_t)p * (size_t)c->n_regions + (size_t)r];
		if (cell->status == TVK_CELL_VALID ||
				cell->status == TVK_CELL_REPAIRED)
			take_rows(t, a->docs[cell->doc], cell->doc, &q);
	}
	for (size_t x = 0; x < t->n; x++) {
		if (q.found[x] == 0 || q.found[x] != f->expected[x] ||
				q.broken[x])
			continue;
		series[x].points[p] = (struct series_point){true, q.sum[x],
			log_of(q.sum[x], offset),
			territory_of(set, f->split[x], f->n_split[x]), q.doc[x]};
	}
	for (size_t x = 0; x < t->n; x++)
		free(q.codes[x]);
	free(q.found);
	free(q.sum);
	free(q.broken);
	free(q.doc);
	free(q.codes);
}

/* A region's territory on @date: today's municipalities it holds (a
 * split one by its own code). */
static const char *region_territory(struct series_set *set, int region,
		int date)
{
	const struct tvk_municipality *const *list;
	size_t k = tvk_gazetteer_in_region_at(region, date, &list);
	const char **codes = tvk_xcalloc(k + 1, sizeof(*codes));
	for (size_t i = 0; i < k; i++) {
		const struct tvk_municipality *cur = tvk_gazetteer_current(
			list[i]->code, NULL, NULL);
		codes[i] = cur ? cur->code : list[i]->code;
	}
	const char *s = territory_of(set, codes, k);
	free(codes);
	return s;
}

static void region_series(const struct tvk_archive *a, int r,
		struct series_set *set, struct series *s, double offset)
{
	const struct tvk_archive_coverage *c = &a->coverage;
	s->region = c->regions[r];
	for (int p = 0; p < c->n_periods; p++) {
		const struct tvk_archive_cell *cell =
			&c->cells[(size_t)p * (size_t)c->n_regions + (size_t)r];
		if (cell->status != TVK_CELL_VALID &&
				cell->status != TVK_CELL_REPAIRED)
			continue;
		const struct tvk_document *d = a->docs[cell->doc];
		const struct tvk_document_count *v = &d->total.counts[TVK_TOTAL];
		if (!v->known || v->value < 0)
			continue;
		int period = c->first_period + p;
		s->points[p] = (struct series_point){true, v->value,
			log_of(v->value, offset), region_territory(set,
				s->region, tvk_quarter_date(period / 4,
					period % 4 + 1)), cell->doc};
	}
}

void tvk_archive_series_build(const struct tvk_archive *a, double offset,
		struct series_set *set)
{
	memset(set, 0, sizeof(*set));
	const struct tvk_archive_coverage *c = &a->coverage;
	if (c->n_periods == 0)
		return;
	struct today t;
	today_init(&t);
	size_t n_points = (size_t)c->n_periods;
	struct series *by_today = tvk_xcalloc(t.n + 1, sizeof(*by_today));
	for (size_t x = 0; x < t.n; x++)
		by_today[x] = (struct series){t.m[x]->code, t.m[x]->name, 0,
			tvk_xcalloc(n_points, sizeof(struct series_point))};
	struct date_facts f = {tvk_xcalloc(t.n + 1, sizeof(size_t)),
		tvk_xcalloc(t.n + 1, sizeof(*f.split)),
		tvk_xcalloc(t.n + 1, sizeof(size_t))};
	for (int p = 0; p < c->n_periods; p++)
		municipal_quarter(a, &t, p, &f, set, by_today, offset);
	for (size_t x = 0; x < t.n; x++)
		free(f.split[x]);
	free(f.split);
	free(f.expected);
	free(f.n_split);

	/* the municipalities with a value, then the region totals */
	set->items = tvk_xcalloc(t.n + (size_t)c->n_regions + 1,
		sizeof(*set->items));
	for (size_t x = 0; x < t.n; x++) {
		bool any = false;
		for (size_t p = 0; p < n_points && !any; p++)
			any = by_today[x].points[p].ok;
		if (any)
			set->items[set->n++] = by_today[x];
		else
			free(by_today[x].points);
	}
	free(by_today);
	for (int r = 0; r < c->n_regions; r++) {
		struct series *s = &set->items[set->n++];
		*s = (struct series){.points = tvk_xcalloc(n_points,
			sizeof(struct series_point))};
		region_series(a, r, set, s, offset);
	}
	free(t.m);
}

void tvk_archive_series_finish(struct series_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->items[i].points);
	free(set->items);
	for (size_t i = 0; i < set->n_strings; i++)
		free(set->strings[i]);
	free(set->strings);
	memset(set, 0, sizeof(*set));
}
