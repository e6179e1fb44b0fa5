/*
 * The documents of an output folder read back for the review page
 * (tvk_review_read in review.h): every JSON file tvk convert wrote, as
 * the struct tvk_document it was written from (document/folder.c, through
 * the one reader), and index.json's inputs.  Versions 1 to the current
 * one are read; version 1 has no places, so its tables are shown without
 * marks.
 */
#include <string.h>

#include <tvk/emit.h>
#include <tvk/review.h>

#include "base/arena.h"
#include "document/folder.h"

static void note(const struct tvk_review_options *opt,
		const struct tvk_folder_other *o)
{
	if (!opt || !opt->note)
		return;
	char *message = o->kind == TVK_JSON_DAMAGED ?
		tvk_xasprintf("not valid JSON (line %d: %s); left out of the "
			"review", o->line, o->text ? o->text : "") :
		o->kind == TVK_JSON_VERSION ?
		tvk_xstrdup("a schema_version this tvk does not read; left "
			"out of the review") :
		o->kind == TVK_JSON_NONCONFORMING ?
		tvk_xasprintf("breaks tvk's schema (%s); left out of the "
			"review", o->text ? o->text : "") :
		tvk_xstrdup("not a tvk document; left out of the review");
	opt->note(opt->note_data, o->path, message);
	free(message);
}

int tvk_review_read(const char *dir, const struct tvk_review_options *opt,
		struct tvk_review_set *set, struct tvk_error *err)
{
	memset(set, 0, sizeof(*set));
	struct tvk_folder f;
	if (tvk_folder_read(dir, &f, err) != 0)
		return -1;
	set->docs = f.docs;
	set->n_docs = f.n_docs;
	for (size_t i = 0; i < f.n_docs; i++)
		free(f.paths[i]);
	f.docs = NULL;
	f.n_docs = 0;
	set->inputs = tvk_xcalloc(f.n_inputs ? f.n_inputs : 1,
		sizeof(*set->inputs));
	for (size_t i = 0; i < f.n_inputs; i++) {
		const struct tvk_record_input *in = &f.inputs[i];
		char *error = in->error ? tvk_xstrdup(in->error) :
			in->status && strcmp(in->status, "failed") == 0 ?
			tvk_xstrdup("failed") : NULL;
		set->inputs[set->n_inputs++] = (struct tvk_review_input){
			tvk_xstrdup(in->file), error};
	}
	for (size_t i = 0; i < f.n_others; i++) {
		note(opt, &f.others[i]);
		set->n_damaged += f.others[i].kind == TVK_JSON_DAMAGED ||
			f.others[i].kind == TVK_JSON_NONCONFORMING;
	}
	tvk_folder_finish(&f);
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
