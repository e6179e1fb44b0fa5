/*
 * The problems of an archive, one line each: every invalid table and
 * every conflict (a table's, in the order of the grid, then those of no
 * quarter or region, in the order of the folder), then every input the
 * record says failed and every JSON file that is no document this tvk
 * reads.  A table's line names the PDF and the page its first failing
 * check is about, as tvk convert says it: "FILE[:PAGE]: message".
 */
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "base/arena.h"

const char *tvk_archive_problem_name(enum tvk_archive_problem_kind kind)
{
	static const char *const names[] = {"invalid", "conflict", "failed",
		"unreadable"};
	return (unsigned)kind <= TVK_ARCHIVE_UNREADABLE ? names[kind] : "?";
}

void tvk_archive_add_problem(struct tvk_archive *a,
		enum tvk_archive_problem_kind kind, const char *file, int page,
		const char *message, const struct tvk_document *d)
{
	a->problems = tvk_xrealloc(a->problems, a->n_problems + 1,
		sizeof(*a->problems));
	struct tvk_archive_problem *p = &a->problems[a->n_problems++];
	*p = (struct tvk_archive_problem){kind, file ? tvk_xstrdup(file) :
		NULL, page, tvk_xstrdup(message), 0, 0, 0};
	if (d) {
		p->year = d->year;
		p->quarter = d->quarter;
		p->region = d->region;
	}
}

/* The first of @d's problems that fails it (of the check @check, or any
 * but a conflict when NULL), or NULL. */
static const struct tvk_document_problem *first_failing(
		const struct tvk_document *d, const char *check)
{
	for (size_t i = 0; i < d->n_problems; i++) {
		const struct tvk_document_problem *p = &d->problems[i];
		if (p->warning)
			continue;
		bool conflict = p->check && strcmp(p->check, "conflict") == 0;
		if (check ? conflict : !conflict)
			return p;
	}
	return NULL;
}

/* The lines of the table a->docs[@i]; @first when it is the first of
 * its cell (a conflict is told once, by the first of its versions, which
 * names the other). */
static void table_problems(struct tvk_archive *a, size_t i, bool first)
{
	const struct tvk_document *d = a->docs[i];
	const char *file = d->source.file ? d->source.file :
		a->paths ? a->paths[i] : NULL;
	char *name = tvk_archive_table_name(d);
	const struct tvk_document_problem *c = first_failing(d, "conflict");
	if (c && first) {
		char *m = tvk_xasprintf("%s: conflict: %s", name, c->message);
		tvk_archive_add_problem(a, TVK_ARCHIVE_CONFLICT, file,
			d->first_page, m, d);
		free(m);
	}
	/* a conflict makes each version invalid: told above */
	const struct tvk_document_problem *p = first_failing(d, NULL);
	if (d->status == TVK_STATUS_INVALID && (p || !c)) {
		size_t more = 0;
		for (size_t k = 0; k < d->n_problems; k++)
			more += !d->problems[k].warning &&
				&d->problems[k] != p && &d->problems[k] != c;
		char *m = tvk_xasprintf("%s: invalid: %s%s", name,
			p ? p->message : "a check fails",
			more ? " (and more)" : "");
		tvk_archive_add_problem(a, TVK_ARCHIVE_INVALID, file,
			p && p->place.page ? p->place.page : d->first_page, m,
			d);
		free(m);
	}
	free(name);
}

void tvk_archive_document_problems(struct tvk_archive *a)
{
	const struct tvk_archive_coverage *c = &a->coverage;
	/* the grid's tables, cell by cell, every document of a cell */
	for (int p = 0; p < c->n_periods; p++)
		for (int r = 0; r < c->n_regions; r++)
			for (size_t i = 0; i < a->n_docs; i++) {
				const struct tvk_document *d = a->docs[i];
				if (tvk_archive_placed(d) && d->region ==
						c->regions[r] && archive_period(
						d->year, d->quarter) ==
						c->first_period + p)
					table_problems(a, i, c->cells[
						(size_t)p * (size_t)c->n_regions
						+ (size_t)r].doc == i);
			}
	for (size_t i = 0; i < a->n_docs; i++)
		if (!tvk_archive_placed(a->docs[i]))
			table_problems(a, i, true);
}
