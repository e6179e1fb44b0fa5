/*
 * The merge: the documents of every input (this run's and those the
 * folder kept from earlier runs) grouped by region and quarter.  Within a
 * group, documents with identical values become one that lists every
 * source (the best status first); a version with different values is kept
 * beside it as ".2", ".3", ..., each marked as a conflict.  An accepted
 * version (valid or repaired) comes before one that is invalid: when only
 * one is accepted, it keeps the canonical name and its status (a damaged
 * copy of a sheet does not take the name of the sheet read right), and
 * the invalid ones beside it name it; two accepted versions that differ
 * are each invalid.  Runs over the tables in report order, so the files
 * do not depend on which worker finished first.
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

static bool accepted(const struct tvk_table_report *t)
{
	return t->doc->status != TVK_STATUS_INVALID;
}

/* @path relative to the output folder @dir: a document names another
 * the same however -o was spelled. */
static const char *below(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	if (path && n && strncmp(path, dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* Marks the versions @primary[0..@n) of one region and quarter, which
 * differ.  With one accepted version (the first), that one keeps its
 * status and names the others in a warning; otherwise each is invalid
 * and names another. */
static void mark_versions(struct tvk_table_report **primary, size_t n,
		const bool *this_run, const char *dir,
		const struct tvk_merge_sink *sink)
{
	bool one_accepted = accepted(primary[0]) &&
		(n < 2 || !accepted(primary[1]));
	for (size_t c = 0; c < n; c++) {
		struct tvk_table_report *p = primary[c];
		const struct tvk_table_report *other = primary[c == 0 ? 1 : 0];
		const char *kept = other->path ? below(other->path, dir) :
			"(not written)";
		char *message;
		if (one_accepted && c == 0)
			message = tvk_xasprintf("%s gives other values for this "
				"region and quarter, in a table that is invalid "
				"(kept as %s%s)", other->doc->source.file, kept,
				n > 2 ? ", with the other versions beside it" :
				"");
		else if (one_accepted)
			message = tvk_xasprintf("%s gives other values for this "
				"region and quarter, in a table that is %s (kept "
				"as %s)", other->doc->source.file,
				tvk_status_name(other->doc->status), kept);
		else
			message = tvk_xasprintf("%s gives different values for "
				"this region and quarter (kept as %s)",
				other->doc->source.file, kept);
		tvk_document_add_problem(p->doc, one_accepted && c == 0,
			"conflict", NULL, NULL, message);
		free(message);
		p->conflict = true;
		if (!this_run[c] && !this_run[c == 0 ? 1 : 0])
			continue; /* told when the runs that made them ran */
		if (one_accepted && c == 0)
			continue; /* told with the invalid versions */
		char *what = tvk_xasprintf("%s %d-Q%d, pages %d-%d, differs "
			"from %s, pages %d-%d", tvk_document_summary(p->doc),
			p->doc->year, p->doc->quarter, p->doc->first_page,
			p->doc->last_page, other->doc->source.file,
			other->doc->first_page, other->doc->last_page);
		sink->conflict(sink->data, p, what);
		free(what);
	}
}

static void settle(struct tvk_table_report *const *group, size_t n,
		const char *dir, struct taken *taken,
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
	/* The accepted versions first, each kind in report order: at[k] is
	 * the class that takes the k-th name. */
	size_t *at = tvk_xcalloc(n_classes, sizeof(*at));
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t c = 0; c < n_classes; c++)
			if (accepted(primary[c]) == (pass == 0))
				at[k++] = c;
	struct tvk_table_report **versions = tvk_xcalloc(n_classes,
		sizeof(*versions));
	bool *versions_this_run = tvk_xcalloc(n_classes,
		sizeof(*versions_this_run));
	for (k = 0; k < n_classes; k++) {
		struct tvk_table_report *p = primary[at[k]];
		p->path = dir ? free_path(taken, dir, p->doc, (int)k + 1) : NULL;
		p->earlier = !this_run[at[k]];
		versions[k] = p;
		versions_this_run[k] = this_run[at[k]];
	}
	for (size_t i = 0; i < n; i++) {
		struct tvk_table_report *t = group[i];
		struct tvk_table_report *p = primary[cls[i]];
		if (t == p)
			continue;
		tvk_document_add_also_in(p->doc, &t->doc->source);
		t->merged = true;
	}
	if (n_classes > 1)
		mark_versions(versions, n_classes, versions_this_run, dir,
			sink);
	free(versions_this_run);
	free(versions);
	free(at);
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
