/*
 * An archive at a glance (<tvk/archive.h>): a folder tvk convert wrote,
 * read back in one place (document/folder.c), its grid, its problems and
 * its warnings put together.
 */
#include <stdlib.h>
#include <string.h>

#include <tvk/archive.h>

#include "archive/archive.h"
#include "base/arena.h"
#include "document/folder.h"

/* The inputs the record says failed, then the files that are no
 * document this tvk reads. */
static void folder_problems(struct tvk_archive *a, const struct tvk_folder *f)
{
	for (size_t i = 0; i < f->n_inputs; i++) {
		const struct tvk_record_input *in = &f->inputs[i];
		if (!in->status || strcmp(in->status, "failed") != 0)
			continue;
		tvk_archive_add_problem(a, TVK_ARCHIVE_FAILED, in->file, 0,
			in->error && in->error[0] ? in->error : "failed", NULL);
	}
	for (size_t i = 0; i < f->n_others; i++) {
		const struct tvk_folder_other *o = &f->others[i];
		char *m = o->kind == TVK_JSON_DAMAGED ?
			tvk_xasprintf("not valid JSON (line %d: %s)", o->line,
				o->text ? o->text : "") :
			o->kind == TVK_JSON_VERSION ?
			tvk_xasprintf("schema_version %lld, which this tvk does "
				"not read", o->version) :
			o->kind == TVK_JSON_NONCONFORMING ?
			tvk_xasprintf("breaks tvk's schema (%s)", o->text ?
				o->text : "") :
			tvk_xstrdup("JSON that is no tvk document");
		tvk_archive_add_problem(a, TVK_ARCHIVE_UNREADABLE, o->path, 0,
			m, NULL);
		free(m);
	}
}

/* 0 nothing needs attention, 1 something does, 2 no tvk output. */
static void set_exit_status(struct tvk_archive *a)
{
	const size_t *c = a->coverage.counts;
	bool attention = a->n_problems || a->n_warnings ||
		c[TVK_CELL_INVALID] || c[TVK_CELL_CONFLICT] ||
		c[TVK_CELL_MISSING];
	a->exit_status = !a->has_output ? 2 : attention ? 1 : 0;
}

int tvk_archive_read(const char *dir, struct tvk_archive *a,
		struct tvk_error *err)
{
	memset(a, 0, sizeof(*a));
	struct tvk_folder f;
	if (tvk_folder_read(dir, &f, err) != 0)
		return -1;
	a->owned = f.docs;
	a->docs = tvk_xcalloc(f.n_docs + 1, sizeof(*a->docs));
	for (size_t i = 0; i < f.n_docs; i++)
		a->docs[i] = f.docs[i];
	a->paths = f.paths;
	a->n_docs = f.n_docs;
	a->has_output = f.has_record || f.n_docs > 0;
	f.docs = NULL;
	f.paths = NULL;
	f.n_docs = 0;
	tvk_archive_coverage_build(a);
	tvk_archive_document_problems(a);
	folder_problems(a, &f);
	tvk_folder_finish(&f);
	tvk_archive_warnings_build(a);
	set_exit_status(a);
	return 0;
}

void tvk_archive_of(const struct tvk_document *const *docs, size_t n,
		struct tvk_archive *a)
{
	memset(a, 0, sizeof(*a));
	a->docs = tvk_xcalloc(n + 1, sizeof(*a->docs));
	for (size_t i = 0; i < n; i++)
		a->docs[i] = docs[i];
	a->n_docs = n;
	a->has_output = n > 0;
	tvk_archive_coverage_build(a);
	tvk_archive_document_problems(a);
	tvk_archive_warnings_build(a);
	set_exit_status(a);
}

void tvk_archive_finish(struct tvk_archive *a)
{
	for (size_t i = 0; i < a->n_docs; i++) {
		if (a->owned)
			tvk_document_destroy(a->owned[i]);
		if (a->paths)
			free(a->paths[i]);
	}
	free(a->owned);
	free(a->docs);
	free(a->paths);
	free(a->coverage.regions);
	free(a->coverage.cells);
	for (size_t i = 0; i < a->n_problems; i++) {
		free(a->problems[i].file);
		free(a->problems[i].message);
	}
	free(a->problems);
	tvk_archive_warnings_finish(a);
	memset(a, 0, sizeof(*a));
}

