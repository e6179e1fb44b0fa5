#ifndef TVK_CONVERT_H
#define TVK_CONVERT_H

/*
 * What the pipeline keeps of each table of an input (<tvk/input.h>), and
 * the pipeline run over pages that come from elsewhere than a PDF.
 */

#include <stddef.h>

#include <tvk/input.h>

#include "repair/repair.h"
#include "table/table.h"
#include "validate/validate.h"

/* A table of the input and what each stage made of it: the table stage
 * its raw table, repair the reading, validate the verdict.  The input
 * keeps the last that holds (see tvk_input_convert()). */
struct tvk_input_table {
	struct tvk_table raw;
	struct tvk_reading reading;
	struct tvk_verdict verdict;
	size_t n_second_looks; /* cells whose reading of the page image the
	                          sums took */
};

/**
 * Creates an input with no file behind it, named @name, for pages that
 * come from elsewhere (tests, the OCR stage): allocate them in
 * in->arena, set in->pages and in->n_pages, then call
 * tvk_input_analyse().
 */
struct tvk_input *tvk_input_create(const char *name);

/**
 * Runs layout (for pages whose lines are not rebuilt yet), lex, table,
 * repair and validate over the pages of @in.  Returns 0, or -1 with @err
 * filled when no table of the publication is found.
 */
int tvk_input_analyse(struct tvk_input *in, struct tvk_lexer *lexer,
		struct tvk_error *err);

#endif
