#ifndef TVK_BATCH_INTERNAL_H
#define TVK_BATCH_INTERNAL_H

/*
 * What the files of the batch share: the inputs found (inputs.c), the
 * outcome of converting one input and its record (cache.c), the cache of
 * earlier runs (cache.c), the merge (merge.c) and the record of the folder
 * (index.c).
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/batch.h>
#include <tvk/document.h>

#include "util.h"

/* ---- inputs.c ---------------------------------------------------------- */

struct tvk_inputs {
	char **paths;
	size_t n, cap;
};

/**
 * The inputs @paths stand for: files as given (a missing one too: it is
 * reported when read), folders walked recursively in byte order for the
 * files that are PDFs by content or name; each file once.
 */
void tvk_inputs_find(const char *const *paths, size_t n,
		struct tvk_inputs *out);

void tvk_inputs_finish(struct tvk_inputs *l);

/* ---- one input --------------------------------------------------------- */

/* What converting one input gave: its report and its documents (owned). */
struct tvk_outcome {
	struct tvk_input_report input;
	struct tvk_document **docs;
	size_t n_docs;
};

/** Frees what @o holds. */
void tvk_outcome_finish(struct tvk_outcome *o);

/* Record types of the cache and of the workers' pipes. */
enum {
	TVK_RECORD_OUTCOME = 1, /* an input converted: tvk_outcome_encode() */
	TVK_RECORD_JOB,         /* an input for a worker */
	TVK_RECORD_UNCHANGED,   /* the input's bytes are those of the cache */
};

/**
 * Appends the record of @o, converted with @opt, to @b: what a worker
 * sends back and what the cache keeps, the same bytes.
 */
void tvk_outcome_encode(struct tvk_buf *b, const struct tvk_options *opt,
		const struct tvk_outcome *o);

/**
 * Decodes the payload of an outcome record into @o and @opt.  Returns 1,
 * 0 for a record of another tvk version, -1 for bytes that are not one
 * (nothing is left in @o then).
 */
int tvk_outcome_decode(const unsigned char *p, size_t n,
		struct tvk_options *opt, struct tvk_outcome *o);

/* ---- cache.c ----------------------------------------------------------- */

/*
 * The cache of earlier runs, DIR/.tvk-cache: a log of outcome records,
 * each appended the moment its input is finished, each with its own
 * checksum and tvk version, the last one for a path winning.  A damaged,
 * truncated or foreign record is ignored (and counted), never trusted.
 */
#define TVK_CACHE_FILE ".tvk-cache"

struct tvk_cache_entry {
	struct tvk_outcome outcome; /* input.path is the key */
	struct tvk_options opt;     /* what it was converted with */
	bool claimed;               /* an input of this run has its path */
};

struct tvk_cache {
	char *path;
	int fd; /* for appending; -1 until the first record */
	struct tvk_cache_entry *entries; /* sorted by path */
	size_t n;
	size_t damaged, foreign; /* records ignored */
	size_t superseded;       /* records of a path with a later one */
	size_t appended;
	bool append_failed;
};

/** Reads @out_dir's cache; never NULL (empty when there is none). */
struct tvk_cache *tvk_cache_open(const char *out_dir);

/** The entry of @path, marked claimed; NULL when there is none. */
struct tvk_cache_entry *tvk_cache_claim(struct tvk_cache *cache,
		const char *path);

/** Appends a record (one write, so a crash leaves it whole or cut off,
 * which the checksum tells). */
void tvk_cache_append(struct tvk_cache *cache, const void *record,
		size_t len);

/**
 * Rewrites the cache with the last record of each path when it holds
 * superseded, damaged or foreign records (atomically; failures ignored:
 * the log stays as it is), then frees @cache.  Accepts NULL.
 */
void tvk_cache_close(struct tvk_cache *cache);

/* ---- index.c ----------------------------------------------------------- */

/** Writes @out_dir/index.json, the record of the folder in @rep. */
int tvk_index_write(const char *out_dir, const struct tvk_batch_report *rep,
		struct tvk_error *err);

#endif
