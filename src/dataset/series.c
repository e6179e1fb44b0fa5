/*
 * The harmonised series (tvk dataset --harmonize): a row per quarter and
 * municipality of today, the counts of the municipalities that merged
 * into it added up — only when every one of them has exactly one row with
 * all five counts, for a sum that lacks one would be a wrong number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "dataset/dataset.h"
#include "gazetteer/gazetteer.h"

/* A municipality row of a quarter, with today's municipality it is part
 * of. */
struct series_entry {
	int year, quarter;
	const struct tvk_municipality *current;
	const char *code;
	const struct tvk_document_row *cells;
	int status; /* index into status_names */
};

static int by_series(const void *a, const void *b)
{
	const struct series_entry *x = a, *y = b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->quarter != y->quarter)
		return x->quarter < y->quarter ? -1 : 1;
	int c = strcmp(x->current->code, y->current->code);
	return c ? c : strcmp(x->code, y->code);
}

/* The municipalities of @date with the one each is part of today. */
struct date_map {
	int date;
	const struct tvk_municipality **m, **current;
	size_t n, cap;
};

static void map_date(struct date_map *map, int date)
{
	if (map->n && map->date == date)
		return;
	map->date = date;
	map->n = 0;
	for (int r = 1; r <= TVK_N_REGIONS; r++) {
		const struct tvk_municipality *const *list;
		size_t k = tvk_gazetteer_in_region_at(r, date, &list);
		for (size_t i = 0; i < k; i++) {
			if (map->n == map->cap) {
				map->cap = 2 * map->cap + 512;
				map->m = tvk_xrealloc(map->m, map->cap,
					sizeof(*map->m));
				map->current = tvk_xrealloc(map->current,
					map->cap, sizeof(*map->current));
			}
			map->m[map->n] = list[i];
			map->current[map->n++] = tvk_gazetteer_current(
				list[i]->code, NULL, NULL);
		}
	}
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* @names (@n of them) sorted, once each, comma-separated; malloc'd, NULL
 * for none. */
static char *name_list(const char **names, size_t n)
{
	if (n == 0)
		return NULL;
	qsort(names, n, sizeof(*names), by_string);
	struct tvk_buf b = {0};
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			tvk_buf_printf(&b, "%s%s", b.len ? ", " : "", names[i]);
	return b.s;
}

/*
 * One row of the series for entries [@e, @e + @n) (one quarter, one
 * municipality of today).  The counts are given only when the quarter's
 * municipalities that are part of it today each have exactly one row
 * with all five counts: a sum that lacks one would be a wrong number.
 */
static void series_row(struct rows *rows, struct doc *d,
		struct series_sum *s, const struct series_entry *e, size_t n,
		struct date_map *map)
{
	const struct tvk_municipality *cur = e[0].current;
	int date = tvk_quarter_date(e[0].year, e[0].quarter);
	map_date(map, date);
	size_t expected = 0;
	for (size_t i = 0; i < map->n; i++)
		expected += map->current[i] == cur;

	bool complete = true;
	int64_t sum[N_COUNT_FIELDS] = {0};
	int status = 0;
	size_t distinct = 0;
	struct tvk_buf codes = {0};
	tvk_buf_add(&codes, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (e[i].status > status)
			status = e[i].status;
		bool repeated = i > 0 && strcmp(e[i].code, e[i - 1].code) == 0;
		if (repeated) {
			complete = false; /* two rows for one municipality */
			continue;
		}
		distinct++;
		if (codes.len)
			tvk_buf_add(&codes, " ", 1);
		tvk_buf_str(&codes, e[i].code);
		bool then = false;
		for (size_t k = 0; k < map->n && !then; k++)
			then = map->current[k] == cur &&
				strcmp(map->m[k]->code, e[i].code) == 0;
		complete = complete && then;
		for (int f = 0; f < N_COUNT_FIELDS; f++) {
			const struct tvk_document_count *v =
				&e[i].cells->counts[f];
			complete = complete && v->known &&
				!__builtin_add_overflow(sum[f], v->value,
					&sum[f]);
		}
	}
	complete = complete && distinct == expected;

	/* The series' own document: its quarter, today's region, the
	 * worst status; its one row, today's municipality, holds the sums. */
	const struct tvk_region *region = tvk_gazetteer_region(cur->region);
	d->d = tvk_document_create();
	d->d->year = d->year = e[0].year;
	d->d->quarter = d->quarter = e[0].quarter;
	d->d->region = d->region = cur->region;
	d->d->region_name = tvk_xstrdup(region ? region->name : "");
	d->d->status = (enum tvk_status)status;
	struct tvk_document_row *cells = &d->d->total;
	cells->current_code = tvk_xstrdup(cur->code);
	cells->current_name = tvk_xstrdup(cur->name);
	for (int f = 0; f < N_COUNT_FIELDS; f++)
		cells->counts[f] = (struct tvk_document_count){complete,
			complete ? sum[f] : 0};
	*s = (struct series_sum){distinct, codes.s, complete};
	struct row *r = tvk_dataset_add_row(rows);
	*r = (struct row){.doc = d, .cells = cells, .kind = ROW_MUNICIPALITY,
		.position = 1, .sum = s};
}

void tvk_dataset_series(const struct reading *rd, struct rows *rows,
		struct doc **docs, struct series_sum **sums, size_t *n_docs,
		struct tvk_dataset_report *rep)
{
	struct series_entry *entries = NULL;
	size_t n = 0, cap = 0;
	const char **split = NULL;
	size_t n_split = 0, cap_split = 0;
	for (size_t i = 0; i < rd->n; i++) {
		const struct doc *d = &rd->docs[i];
		if (d->national)
			continue;
		for (size_t k = 0; k < d->d->n_rows; k++) {
			const struct tvk_document_row *m = &d->d->rows[k];
			const char *code = m->code;
			const struct tvk_municipality *const *succ = NULL;
			size_t n_succ = 0;
			const struct tvk_municipality *cur = code ?
				tvk_gazetteer_current(code, &succ, &n_succ) : NULL;
			if (!cur && n_succ > 0) {
				rep->split_left_out++;
				const char *name = m->name;
				tvk_grow((void **)&split, &cap_split, n_split + 1,
					sizeof(*split));
				split[n_split++] = name ? name : code;
				continue;
			}
			if (!cur || !d->year || !d->quarter) {
				rep->uncoded_left_out++;
				continue;
			}
			tvk_grow((void **)&entries, &cap, n + 1, sizeof(*entries));
			entries[n++] = (struct series_entry){d->year, d->quarter,
				cur, code, m, (int)d->d->status};
		}
	}
	if (n)
		qsort(entries, n, sizeof(*entries), by_series);
	size_t groups = 0;
	for (size_t i = 0; i < n; i++)
		groups += i == 0 || entries[i].year != entries[i - 1].year ||
			entries[i].quarter != entries[i - 1].quarter ||
			entries[i].current != entries[i - 1].current;
	*docs = tvk_xcalloc(groups ? groups : 1, sizeof(**docs));
	*sums = tvk_xcalloc(groups ? groups : 1, sizeof(**sums));
	*n_docs = 0;
	struct date_map map = {0};
	for (size_t i = 0; i < n;) {
		size_t end = i + 1;
		while (end < n && entries[end].year == entries[i].year &&
				entries[end].quarter == entries[i].quarter &&
				entries[end].current == entries[i].current)
			end++;
		series_row(rows, &(*docs)[*n_docs], &(*sums)[*n_docs],
			entries + i, end - i, &map);
		(*n_docs)++;
		i = end;
	}
	free(map.m);
	free(map.current);
	free(entries);
	rep->split_names = name_list(split, n_split);
	free(split);
}

void tvk_dataset_series_free(struct doc *docs, struct series_sum *sums,
		size_t n_docs)
{
	for (size_t i = 0; i < n_docs; i++) {
		tvk_document_destroy(docs[i].d);
		free(sums[i].codes);
	}
	free(docs);
	free(sums);
}
