#ifndef TVK_WORKER_H
#define TVK_WORKER_H

/* The worker side of the batch (worker.c): converting one input. */

#include <tvk/doc.h>
#include <tvk/lex.h>

#include "util.h"

/**
 * Converts the input at @path with @opt and appends its outcome record
 * to @out; or, when the input's bytes hash to @expected (hex, may be
 * NULL), an UNCHANGED record instead, without opening the PDF.
 */
void tvk_worker_convert(const char *path, const char *expected,
		const struct tvk_options *opt, struct tvk_lexer *lexer,
		struct tvk_buf *out);

#endif
