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

#include "base/buffer.h"

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
	TVK_RECORD_OUTPUTS,     /* the files a run left in the folder */
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

/* The lock of the output folder: one run at a time (batch.c). */
#define TVK_LOCK_FILE ".tvk-lock"

/* Documents written ahead while the run lasts (staging.c). */
#define TVK_STAGING_DIR ".tvk-staging"

struct tvk_cache_entry {
	struct tvk_outcome outcome; /* input.path is the key */
	struct tvk_options opt;     /* what it was converted with */
	bool claimed;               /* an input of this run has its path */
};

/* A file tvk wrote into the output folder, as it left it. */
struct tvk_output {
	char *path; /* relative to the folder */
	char sha256[65];
};

struct tvk_cache {
	char *path;
	/* The files the last run left, sorted by path: a file there with
	 * other bytes, or not there, is not tvk's to replace silently. */
	struct tvk_output *outputs;
	size_t n_outputs;
	bool has_outputs; /* the log has a record of them */
	struct tvk_span {
		size_t off, size;
	} outputs_span; /* of the last OUTPUTS record in the log */
	int fd; /* for appending; -1 until the first record */
	struct tvk_cache_entry *entries; /* sorted by path */
	size_t n;
	size_t damaged, foreign; /* records ignored */
	size_t superseded;       /* records of a path with a later one */
	size_t appended;
	bool append_failed;
	/* What is at the cache's place when it is not a file ("a FIFO",
	 * "a folder"): the run goes on without a cache, and says so. */
	const char *refused;
};

/** Reads @out_dir's cache; never NULL (empty when there is none). */
struct tvk_cache *tvk_cache_open(const char *out_dir);

/** The entry of @path, marked claimed; NULL when there is none. */
struct tvk_cache_entry *tvk_cache_claim(struct tvk_cache *cache,
		const char *path);

/** The output at @path (relative) as the last run left it, or NULL. */
const struct tvk_output *tvk_cache_output(const struct tvk_cache *cache,
		const char *path);

/** Records @n files as this run leaves them (the record of the last run
 * wins). */
void tvk_cache_record_outputs(struct tvk_cache *cache,
		const struct tvk_output *outputs, size_t n);

/** Appends a record (one write, so a crash leaves it whole or cut off,
 * which the checksum tells); @replaces: the log has one for its path,
 * which the compaction at close then drops. */
void tvk_cache_append(struct tvk_cache *cache, const void *record,
		size_t len, bool replaces);

/**
 * Rewrites the cache with the last record of each path when it holds
 * superseded, damaged or foreign records (atomically; failures ignored:
 * the log stays as it is), then frees @cache.  Accepts NULL.
 */
void tvk_cache_close(struct tvk_cache *cache);

/* ---- index.c ----------------------------------------------------------- */

/** The text of @out_dir/index.json, the record of the folder in @rep
 * (malloc'd). */
char *tvk_index_text(const char *out_dir, const struct tvk_batch_report *rep);

#endif
