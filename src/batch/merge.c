/*
 * The merge: the documents of every input (this run's and those the
 * folder kept from earlier runs) grouped by region and quarter.  Within a
 * group, documents with identical values become one that lists every
 * source (the best status first); a version with different values is kept
 * beside it as ".2", ".3", ..., each marked as a conflict.  Runs over the
 * tables in report order, so the files do not depend on which worker
 * finished first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/emit.h>

#include "base/arena.h"
#include "batch/merge.h"
#include "document/document.h"
#include "document/emit.h"

static bool mergeable(const struct tvk_table_report *t)
{
	/* A table whose region is unknown is never merged with another. */
	return t->doc->kind == TVK_TABLE_NATIONAL || t->doc->region != 0;
}

static int compare_key(const struct tvk_table_report *a,
		const struct tvk_table_report *b)
{
	const struct tvk_document *x = a->doc, *y = b->doc;
	bool ma = mergeable(a), mb = mergeable(b);
	if (ma != mb)
		return ma ? -1 : 1;
	if (!ma)
		return 0; /* each is a group of its own: order decides */
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->quarter != y->quarter)
		return x->quarter < y->quarter ? -1 : 1;
	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	return 0;
}

/* Pointers into one array: their order is the report's. */
static int by_key(const void *a, const void *b)
{
	const struct tvk_table_report *x = *(const struct tvk_table_report *
		const *)a, *y = *(const struct tvk_table_report *const *)b;
	int c = compare_key(x, y);
	if (c)
		return c;
	return (x > y) - (x < y);
}

static int status_rank(enum tvk_status s)
{
	return s == TVK_STATUS_VALID ? 0 : s == TVK_STATUS_REPAIRED ? 1 : 2;
}

/* The paths handed out so far, so that two tables never share one (two
 * tables of unknown region on the same page number of two inputs). */
struct taken {
	char **paths;
	size_t n, cap;
};

static bool is_taken(const struct taken *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->paths[i], path) == 0)
			return true;
	return false;
}

static char *free_path(struct taken *t, const char *dir,
		const struct tvk_document *d, int copy)
{
	struct tvk_period period = {.year = d->year, .quarter = d->quarter};
	for (;; copy++) {
		char *path = tvk_emit_path(dir, d->kind, &period, d->region,
			d->first_page, copy);
		/* Only tables of unknown region can meet a path twice; the
		 * list stays short. */
		if (d->kind == TVK_TABLE_NATIONAL || d->region != 0 ||
				!is_taken(t, path)) {
			if (d->region == 0 && d->kind != TVK_TABLE_NATIONAL) {
				tvk_grow((void **)&t->paths, &t->cap, t->n + 1,
					sizeof(*t->paths));
				t->paths[t->n++] = tvk_xstrdup(path);
			}
			return path;
		}
		free(path);
	}
}

static void settle(struct tvk_table_report *const *group, size_t n, const char *dir, struct taken *taken,
		const struct tvk_merge_sink *sink)
{
	/* Classes of identical values, in report order. */
	size_t *cls = tvk_xcalloc(n, sizeof(*cls));
	size_t n_classes = 0;
	for (size_t i = 0; i < n; i++) {
		cls[i] = n_classes;
		for (size_t j = 0; j < i; j++)
			if (tvk_document_same_values(group[i]->doc,
					group[j]->doc)) {
				cls[i] = cls[j];
				break;
			}
		if (cls[i] == n_classes)
			n_classes++;
	}
	struct tvk_table_report **primary = tvk_xcalloc(n_classes,
		sizeof(*primary));
	bool *this_run = tvk_xcalloc(n_classes, sizeof(*this_run));
	for (size_t i = 0; i < n; i++) {
		struct tvk_table_report *t = group[i];
		size_t c = cls[i];
		this_run[c] = this_run[c] || !t->earlier;
		if (!primary[c] || status_rank(t->doc->status) <
				status_rank(primary[c]->doc->status))
			primary[c] = t;
	}
	for (size_t c = 0; c < n_classes; c++) {
		primary[c]->path = dir ? free_path(taken, dir, primary[c]->doc,
			(int)c + 1) : NULL;
		primary[c]->earlier = !this_run[c];
	}
	for (size_t i = 0; i < n; i++) {
		struct tvk_table_report *t = group[i];
		struct tvk_table_report *p = primary[cls[i]];
		if (t == p)
			continue;
		tvk_document_add_also_in(p->doc, &t->doc->source);
		t->merged = true;
	}
	for (size_t c = 0; n_classes > 1 && c < n_classes; c++) {
		/* Name the first other version in the conflict. */
		struct tvk_table_report *p = primary[c];
		const struct tvk_table_report *other = primary[c == 0 ? 1 : 0];
		char *message = tvk_xasprintf("%s gives different values for "
			"this region and quarter (kept as %s)",
			other->doc->source.file,
			other->path ? other->path : "(not written)");
		tvk_document_add_problem(p->doc, false, "conflict", NULL, NULL,
			message);
		free(message);
		p->conflict = true;
		if (!this_run[c] && !this_run[c == 0 ? 1 : 0])
			continue; /* told when the runs that made them ran */
		char *what = tvk_xasprintf("%s %d-Q%d, pages %d-%d, differs "
			"from %s, pages %d-%d", tvk_document_summary(p->doc),
			p->doc->year, p->doc->quarter, p->doc->first_page,
			p->doc->last_page, other->doc->source.file,
			other->doc->first_page, other->doc->last_page);
		sink->conflict(sink->data, p, what);
		free(what);
	}
	free(this_run);
	free(primary);
	free(cls);
}

void tvk_merge_tables(struct tvk_table_report *tables, size_t n,
		const char *dir, const struct tvk_merge_sink *sink)
{
	struct tvk_table_report **order = tvk_xcalloc(n, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = &tables[i];
	qsort(order, n, sizeof(*order), by_key);
	struct taken taken = {0};
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && mergeable(order[i]) &&
				compare_key(order[i], order[j]) == 0)
			j++;
		settle(order + i, j - i, dir, &taken, sink);
		i = j;
	}
	for (size_t i = 0; i < taken.n; i++)
		free(taken.paths[i]);
	free(taken.paths);
	free(order);
}
