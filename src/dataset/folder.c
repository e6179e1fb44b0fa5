/*
 * The documents of the folder the dataset is made from, read through the
 * one reader (document/read.c); what is left out, and why, becomes a note
 * of the report.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/emit.h>

#include "base/arena.h"
#include "base/dir.h"
#include "base/path.h"
#include "base/text.h"
#include "dataset/dataset.h"
#include "document/read.h"

__attribute__((format(printf, 4, 5)))
static void note(struct reading *rd, const char *file, bool error,
		const char *fmt, ...)
{
	struct tvk_dataset_report *rep = rd->report;
	tvk_grow((void **)&rep->notes, &rd->notes_cap, rep->n_notes + 1,
		sizeof(*rep->notes));
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	rep->notes[rep->n_notes++] = (struct tvk_dataset_note){
		tvk_xstrdup(file), tvk_xstrdup(text), error};
	rep->left_out++;
}

static bool has_conflict(const struct tvk_document *d)
{
	for (size_t i = 0; i < d->n_problems; i++)
		if (d->problems[i].check &&
				strcmp(d->problems[i].check, "conflict") == 0)
			return true;
	return false;
}

static void read_file(struct reading *rd, const char *path)
{
	struct tvk_json_file f;
	tvk_json_file_read(path, &f);
	switch (f.kind) {
	case TVK_JSON_DAMAGED:
		note(rd, path, true, "not valid JSON (line %d: %s); left out "
			"of the dataset", f.line, f.text);
		break;
	case TVK_JSON_RECORD:
	case TVK_JSON_PACKAGE:
		/* tvk's own bookkeeping (the record of a run, a data
		 * package): read past without a word */
		break;
	case TVK_JSON_FOREIGN:
		note(rd, path, false, "not a tvk document; left out of the "
			"dataset");
		break;
	case TVK_JSON_VERSION:
		note(rd, path, false, "schema_version %lld is not one this tvk "
			"reads (1 to %d); left out of the dataset", f.version,
			TVK_SCHEMA_VERSION);
		break;
	case TVK_JSON_NONCONFORMING:
		note(rd, path, true, "breaks tvk's schema (%s); left out of the "
			"dataset", f.text);
		break;
	case TVK_JSON_DOCUMENT: {
		tvk_grow((void **)&rd->docs, &rd->cap, rd->n + 1,
			sizeof(*rd->docs));
		struct doc *d = &rd->docs[rd->n++];
		memset(d, 0, sizeof(*d));
		d->d = f.doc;
		f.doc = NULL;
		d->name = tvk_xstrdup(path + strlen(rd->root) + 1);
		d->national = d->d->kind == TVK_TABLE_NATIONAL;
		d->conflict = has_conflict(d->d);
		d->year = d->d->year;
		d->quarter = d->d->quarter;
		d->region = d->national ? 0 : d->d->region;
		if (d->d->source.file) {
			/* The document's path is as given to convert, whose
			 * folder is taken to be this one. */
			char *abs = tvk_path_absolute(d->d->source.file, rd->cwd);
			char *rel = tvk_path_relative(abs, rd->base);
			/* as the documents hold a name that is not UTF-8 */
			d->source_file = tvk_name_escape(rel);
			free(rel);
			free(abs);
		} else {
			d->source_file = tvk_xstrdup("");
		}
		if (d->conflict)
			rd->report->conflicts++;
		break;
	}
	}
	tvk_json_file_finish(&f);
}

int tvk_dataset_take_file(void *data, const char *path, const struct stat *st)
{
	struct reading *rd = data;
	if (!st)
		return tvk_error_set(rd->err, TVK_ERR_IO, path, 0,
			"cannot read: %s", strerror(errno));
	if (tvk_ends_with(path, ".json"))
		read_file(rd, path);
	return 0;
}

/* "22-rijnmond.2.json": the second version of a conflict, kept beside
 * "22-rijnmond.json"; 1 for the first. */
static int copy_number(const char *name)
{
	size_t len = strlen(name);
	if (len < 7)
		return 1;
	const char *end = name + len - 5; /* ".json" */
	const char *p = end;
	while (p > name && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == end || p == name || p[-1] != '.' || end - p > 6)
		return 1;
	return atoi(p);
}

/* The length of @name without ".json" and a copy's ".N". */
static size_t stem_length(const char *name)
{
	size_t len = strlen(name);
	len = len >= 5 ? len - 5 : len;
	if (copy_number(name) > 1) {
		while (len > 0 && name[len - 1] != '.')
			len--;
		len--;
	}
	return len;
}

int tvk_dataset_by_key(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;
	int kx[4] = {x->year ? x->year : INT_MAX, x->quarter, x->national,
		x->region ? x->region : INT_MAX};
	int ky[4] = {y->year ? y->year : INT_MAX, y->quarter, y->national,
		y->region ? y->region : INT_MAX};
	for (int i = 0; i < 4; i++)
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	size_t nx = stem_length(x->name), ny = stem_length(y->name);
	int c = strncmp(x->name, y->name, nx < ny ? nx : ny);
	if (c != 0 || nx != ny)
		return c != 0 ? c : nx < ny ? -1 : 1;
	return copy_number(x->name) - copy_number(y->name);
}
