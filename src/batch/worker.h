#ifndef TVK_WORKER_H
#define TVK_WORKER_H

/*
 * The worker side of the batch (worker.c): converting one input, and the
 * worker process that does it for the inputs the pool sends it.  Only
 * workers call into poppler and tesseract: a PDF that makes them abort,
 * throw or eat all memory takes a worker down, never the batch.
 */

#include <stddef.h>

#include <tvk/input.h>

#include "batch/batch-internal.h"
#include "read/lex.h"

/**
 * Converts the input at @path with @opt into @o; or, when the input's
 * bytes hash to @expected (hex, may be NULL), sets *@unchanged and leaves
 * the PDF shut.
 */
void tvk_worker_convert(const char *path, const char *expected,
		const struct tvk_options *opt, struct tvk_lexer *lexer,
		struct tvk_outcome *o, bool *unchanged);

/* What a worker process is started with. */
struct tvk_worker_setup {
	int socket;       /* jobs in, records out */
	int noise;        /* a memory file for what libraries print */
	pid_t parent;
	const struct tvk_options *convert;
	size_t max_memory; /* bytes of address space; 0: no limit */
};

/**
 * The worker process: takes JOB records from @s->socket until it is
 * closed, answers each with an OUTCOME or UNCHANGED record, and exits.
 * What poppler, libjpeg or tesseract print on stdout and stderr goes to
 * @s->noise and becomes problems of the input.  Never returns.
 */
_Noreturn void tvk_worker_main(const struct tvk_worker_setup *s);

/* Sends the @n bytes at @p over the socket @fd, all of them (a peer gone
 * is -1, never SIGPIPE): how a record crosses between the pool and a
 * worker, either way.  Returns 0 or -1. */
int tvk_send_all(int fd, const char *p, size_t n);

#endif
