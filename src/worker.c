/*
 * Converting one input, the worker's side of the batch: the PDF through
 * the pipeline, its tables built into documents, all of it encoded as the
 * record the batch decodes and the cache keeps.  Nothing here writes a
 * file or prints.
 */
#include <string.h>

#include <tvk/document.h>
#include <tvk/ocr.h>

#include "batch-internal.h"
#include "worker.h"
#include "wire.h"

static enum tvk_text_layer input_layer(const struct tvk_doc *doc)
{
	enum tvk_text_layer layer = TVK_LAYER_NONE;
	for (int p = 0; p < doc->n_pages; p++) {
		if (doc->pages[p].layer == TVK_LAYER_OCR)
			return TVK_LAYER_OCR;
		if (doc->pages[p].layer == TVK_LAYER_PDF)
			layer = TVK_LAYER_PDF;
	}
	return layer;
}

void tvk_worker_convert(const char *path, const char *expected,
		const struct tvk_options *opt, struct tvk_lexer *lexer,
		struct tvk_buf *out)
{
	struct tvk_outcome o = {0};
	struct tvk_input_report *in = &o.input;
	in->path = tvk_xstrdup(path);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_doc *doc = tvk_doc_open(path, &err);
	if (doc) {
		memcpy(in->sha256, doc->sha256, sizeof(in->sha256));
		/* The same bytes as the cache's entry: the PDF stays shut. */
		if (expected && strcmp(expected, doc->sha256) == 0) {
			tvk_doc_destroy(doc);
			tvk_outcome_finish(&o);
			size_t start = tvk_wire_record_begin(out,
				TVK_RECORD_UNCHANGED);
			tvk_wire_record_end(out, start);
			return;
		}
		tvk_doc_convert(doc, opt, lexer, &err);
		in->pages = doc->n_pages;
		in->layer = input_layer(doc);
		in->n_problems = doc->n_problems;
		in->problems = tvk_xcalloc(doc->n_problems,
			sizeof(*in->problems));
		for (size_t i = 0; i < doc->n_problems; i++)
			in->problems[i] = doc->problems[i].page ?
				tvk_xasprintf("page %d: %s", doc->problems[i].page,
					doc->problems[i].message) :
				tvk_xstrdup(doc->problems[i].message);
	}
	if (tvk_error_is_set(&err)) {
		in->error = err.code;
		in->error_page = err.page;
		in->message = tvk_xstrdup(err.message);
	} else {
		o.n_docs = tvk_document_build(doc, &o.docs);
		in->n_tables = o.n_docs;
	}
	tvk_doc_destroy(doc);
	tvk_outcome_encode(out, opt, &o);
	tvk_outcome_finish(&o);
}
