#ifndef TVK_POOL_H
#define TVK_POOL_H

/*
 * The pool of worker processes (pool.c): started once per batch, each fed
 * one input at a time over a socket, each answer handed to the batch as it
 * comes.  A worker that dies (a signal, an abort, the memory limit) or
 * outlives the time limit costs only the input it held, and is replaced.
 */

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <tvk/input.h>
#include <tvk/error.h>

#include "base/buffer.h"

struct tvk_pool_job {
	const char *path;
	const char *expected; /* the cache's hash of its bytes, or NULL */
};

/* What the pool tells the batch; called on the batch's thread. */
struct tvk_pool_hooks {
	void (*started)(void *data, size_t job);
	/* The worker's answer: an OUTCOME or UNCHANGED record, checked. */
	void (*finished)(void *data, size_t job, const struct tvk_buf *record);
	/* No answer: the worker died or took too long. */
	void (*failed)(void *data, size_t job, enum tvk_error_code code,
		const char *message);
	/* A sanitizer's or valgrind's report of a worker that died, as the
	 * tool printed it: not the input's fault but tvk's, to be shown. */
	void (*diagnostic)(void *data, const char *text);
	void *data;
};

struct tvk_pool_options {
	int workers;
	const struct tvk_options *convert;
	double timeout;     /* seconds per input; 0: none */
	size_t max_memory;  /* bytes of address space per worker; 0: none */
	const volatile sig_atomic_t *stop; /* set: stop at once; may be NULL */
	const int *close_fds; /* the batch's files, closed in every worker */
	size_t n_close_fds;
};

/**
 * Converts @jobs[@order[0]], ..., @jobs[@order[@n - 1]] in that order of
 * starting.  Returns 0 when every job got an answer or a failure, 1 when
 * *@opt->stop was set (the workers are stopped then, the jobs in flight
 * left without either), -1 with @err filled when not one worker could be
 * started.
 */
int tvk_pool_run(const struct tvk_pool_options *opt,
		const struct tvk_pool_job *jobs, const size_t *order, size_t n,
		const struct tvk_pool_hooks *hooks, struct tvk_error *err);

#endif
