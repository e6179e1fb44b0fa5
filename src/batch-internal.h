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

/*
 * The cache of earlier runs: one file in the output folder, read once at
 * the start of a batch (workers only read it) and written once at the
 * end.  One file rather than one per input: creating hundreds of small
 * files costs more than converting the PDFs they describe.
 */
#define TVK_CACHE_FILE ".tvk-cache"

struct tvk_cache;

/** Opens @out_dir's cache; never NULL (an empty cache when there is none,
 * or when it is from another version or damaged). */
struct tvk_cache *tvk_cache_open(const char *out_dir);

/**
 * Loads the outcome of @job's input when an earlier run of this version,
 * with these options, converted the same bytes under the same path; fills
 * @job (its input's sha256 must be set) and returns true.  Safe to call
 * from several threads at once.
 */
bool tvk_cache_load(const struct tvk_cache *cache,
		const struct tvk_options *opt, size_t index, struct job *job);

/** Writes the cache back with the outcome of every input of @jobs (and
 * the entries of earlier runs for other inputs); failures are ignored, the
 * cache only saves time. */
void tvk_cache_save(struct tvk_cache *cache, const char *out_dir,
		const struct tvk_options *opt, const struct job *jobs, size_t n);

/** Frees @cache. Accepts NULL. */
void tvk_cache_close(struct tvk_cache *cache);

/** Writes @out_dir/index.json, the record of the run in @rep. */
int tvk_index_write(const char *out_dir, const struct tvk_batch_report *rep,
		struct tvk_error *err);

#endif
