#ifndef TVK_BATCH_H
#define TVK_BATCH_H

/*
 * Batch conversion: inputs (files and folders) in, one JSON document per
 * region and quarter out, converted by worker threads and written
 * atomically.  The same region and quarter read from two inputs (a
 * regional sheet and the national compendium) is written once when the
 * values agree, listing both sources, and kept side by side as a conflict
 * when they do not.
 *
 * Ownership: tvk_batch_run() fills a caller-provided report; everything
 * in it is freed by tvk_batch_report_finish().
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/doc.h>
#include <tvk/error.h>
#include <tvk/table.h>

/* Exit statuses, shared by the library's report and the CLI. */
enum tvk_exit {
	TVK_EXIT_OK = 0,      /* every table valid or repaired */
	TVK_EXIT_INVALID = 1, /* a table is invalid, or two inputs conflict */
	TVK_EXIT_INPUT = 2,   /* an input could not be read or holds no table */
	TVK_EXIT_USAGE = 64,
};

struct tvk_batch_options {
	const char *out_dir; /* NULL: convert and report, write nothing */
	int jobs;            /* worker threads; 0 = one per core */
	struct tvk_options convert;
	bool force; /* convert inputs that the index says are unchanged */
	bool quiet;
	/* Called after each input from the worker that converted it, one
	 * call at a time; may be NULL. */
	void (*progress)(void *data, size_t done, size_t total,
			size_t tables, size_t invalid);
	void *progress_data;
};

/* One table as it was (or would be) written. */
struct tvk_table_report {
	size_t input;        /* index into the report's inputs */
	enum tvk_table_kind kind;
	int year, quarter, region;
	int first_page, last_page;
	enum tvk_status status;
	size_t n_repairs, n_count_repairs, n_problems, n_warnings;
	char *summary;       /* the region's name, or "Nederland" */
	char *json;          /* the document as written */
	char *path;          /* where it was written; NULL when not */
	bool merged;         /* identical values from another input: not
	                        written on its own */
	bool conflict;       /* different values from another input */
};

struct tvk_input_report {
	char *path;
	char sha256[65];
	int pages;
	enum tvk_text_layer layer;
	enum tvk_error_code error; /* TVK_OK when converted */
	int error_page;
	char *message;
	size_t n_tables;
	char **problems; /* document-level problems, "page N: message" */
	size_t n_problems;
	bool cached;     /* taken from an earlier run: the PDF was not opened */
};

struct tvk_batch_report {
	struct tvk_input_report *inputs;
	size_t n_inputs;
	struct tvk_table_report *tables; /* in input order, then page order */
	size_t n_tables;
	size_t n_written, n_merged, n_conflicts;
	size_t n_valid, n_repaired, n_invalid;
	size_t n_failed;  /* inputs that could not be converted */
	size_t n_cached;  /* inputs taken from the cache of an earlier run */
	size_t n_parsed;  /* inputs whose PDF was opened in this run */
	size_t n_unwritten; /* tables whose file could not be written */
	enum tvk_exit exit_status;
};

/**
 * The record of the run, DIR/index.json, and the cache that lets a re-run
 * skip every input whose bytes and options are unchanged, live in the
 * output folder (unless @opt->force, which converts everything again).
 *
 * Expands @paths (files as given; folders walked recursively, sorted,
 * taking the files that are PDFs by content or by their .pdf name) and
 * converts them.  Returns 0, or -1 with @err filled when the batch itself
 * cannot run (an input path that does not exist is an input error in the
 * report, not a batch error).
 */
TVK_API int tvk_batch_run(const char *const *paths, size_t n,
		const struct tvk_batch_options *opt,
		struct tvk_batch_report *report, struct tvk_error *err);

/** Frees what @report holds. */
TVK_API void tvk_batch_report_finish(struct tvk_batch_report *report);

#endif
