/*
 * The documents of an output folder read back for the review page
 * (tvk_review_read in review.h): every JSON file tvk convert wrote, as
 * the struct tvk_document it was written from (document/read.c, the one
 * reader), and index.json's inputs.  Versions 1 to the current one are
 * read; version 1 has no places, so its tables are shown without marks.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <tvk/review.h>

#include "base/arena.h"
#include "base/dir.h"
#include "document/read.h"

struct reading {
	const struct tvk_review_options *opt;
	struct tvk_review_set *set;
	size_t cap_docs;
	char *index; /* the folder's index.json, read first */
	struct tvk_error *err;
};

static void note(struct reading *rd, const char *file, const char *message)
{
	if (rd->opt && rd->opt->note)
		rd->opt->note(rd->opt->note_data, file, message);
}

/* index.json's inputs, for the summary. */
static void inputs(struct reading *rd, const struct tvk_json_file *f)
{
	struct tvk_review_set *set = rd->set;
	set->inputs = tvk_xcalloc(f->n_inputs ? f->n_inputs : 1,
		sizeof(*set->inputs));
	for (size_t i = 0; i < f->n_inputs; i++) {
		const struct tvk_record_input *in = &f->inputs[i];
		char *error = in->error ? tvk_xstrdup(in->error) :
			in->status && strcmp(in->status, "failed") == 0 ?
			tvk_xstrdup("failed") : NULL;
		set->inputs[set->n_inputs++] = (struct tvk_review_input){
			tvk_xstrdup(in->file), error};
	}
}

static void read_json(struct reading *rd, const char *path, bool top)
{
	struct tvk_json_file f;
	tvk_json_file_read(path, &f);
	struct tvk_review_set *set = rd->set;
	switch (f.kind) {
	case TVK_JSON_DAMAGED: {
		char *message = tvk_xasprintf("not valid JSON (line %d: %s); "
			"left out of the review", f.line, f.text);
		note(rd, path, message);
		free(message);
		set->n_damaged++;
		break;
	}
	case TVK_JSON_RECORD:
		/* the folder's own record of its runs (the top one) */
		if (top && set->n_inputs == 0 && !set->inputs)
			inputs(rd, &f);
		break;
	case TVK_JSON_PACKAGE: /* a data package: passed over */
		break;
	case TVK_JSON_FOREIGN:
		note(rd, path, "not a tvk document; left out of the review");
		break;
	case TVK_JSON_VERSION:
		note(rd, path, "a schema_version this tvk does not read; left "
			"out of the review");
		break;
	case TVK_JSON_DOCUMENT:
		tvk_grow((void **)&set->docs, &rd->cap_docs, set->n_docs + 1,
			sizeof(*set->docs));
		set->docs[set->n_docs++] = f.doc;
		f.doc = NULL;
		break;
	}
	tvk_json_file_finish(&f);
}

/* A file of the walk (tvk_walk_fn): the JSON documents are read, the
 * index was already; a folder or file that cannot be reached is the
 * review's error. */
static int take_file(void *data, const char *path, const struct stat *st)
{
	struct reading *rd = data;
	if (!st)
		return tvk_error_set(rd->err, TVK_ERR_IO, path, 0,
			"cannot read: %s", strerror(errno));
	if (tvk_ends_with(path, ".json") && strcmp(path, rd->index) != 0)
		read_json(rd, path, false);
	return 0;
}

int tvk_review_read(const char *dir, const struct tvk_review_options *opt,
		struct tvk_review_set *set, struct tvk_error *err)
{
	memset(set, 0, sizeof(*set));
	struct reading rd = {.opt = opt, .set = set, .err = err,
		.index = tvk_xasprintf("%s/index.json", dir)};
	/* index.json first, so that the inputs are known in any order */
	struct stat st;
	if (stat(rd.index, &st) == 0 && S_ISREG(st.st_mode))
		read_json(&rd, rd.index, true);
	struct tvk_seen seen = {0};
	if (stat(dir, &st) == 0)
		tvk_seen_add(&seen, &st);
	int rc = tvk_walk(dir, &seen, take_file, &rd);
	tvk_seen_finish(&seen);
	free(rd.index);
	if (rc != 0) {
		tvk_review_set_finish(set);
		return -1;
	}
	return 0;
}

void tvk_review_set_finish(struct tvk_review_set *set)
{
	for (size_t i = 0; i < set->n_docs; i++)
		tvk_document_destroy(set->docs[i]);
	free(set->docs);
	for (size_t i = 0; i < set->n_inputs; i++) {
		free(set->inputs[i].file);
		free(set->inputs[i].error);
	}
	free(set->inputs);
	memset(set, 0, sizeof(*set));
}
