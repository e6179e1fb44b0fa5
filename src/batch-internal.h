#ifndef TVK_BATCH_INTERNAL_H
#define TVK_BATCH_INTERNAL_H

/*
 * What batch.c shares with cache.c: the outcome of one input, which a
 * worker makes by converting the PDF or by loading it from the cache of
 * an earlier run, and which the merge step turns into files.
 */

#include <tvk/batch.h>
#include <tvk/emit.h>

/* One table of one input, finished: its document and its values. */
struct result {
	struct tvk_table_report report;
	char *values; /* tvk_emit_values(): what duplicates must share */
	char *file, *sha256;
	int *pages;
	size_t n_pages;
	enum tvk_text_layer layer;
};

struct job {
	const char *path;
	struct tvk_input_report input;
	struct result *results;
	size_t n_results;
};

/* The cache of earlier runs, in the output folder. */
#define TVK_CACHE_DIR ".tvk-cache"

/**
 * Loads the outcome of @job's input from @out_dir's cache when an earlier
 * run of this version, with these options, converted the same bytes under
 * the same path; fills @job (its input's sha256 must be set) and returns
 * true.  Any doubt (no entry, another version, a damaged entry) is false.
 */
bool tvk_cache_load(const char *out_dir, const struct tvk_options *opt,
		size_t index, struct job *job);

/** Stores @job's outcome in @out_dir's cache; failures are ignored (the
 * cache only saves time). */
void tvk_cache_store(const char *out_dir, const struct tvk_options *opt,
		const struct job *job);

/** Writes @out_dir/index.json, the record of the run in @rep. */
int tvk_index_write(const char *out_dir, const struct tvk_batch_report *rep,
		struct tvk_error *err);

#endif
