#ifndef TVK_BATCH_H
#define TVK_BATCH_H

/*
 * Batch conversion: inputs (files and folders) in, one JSON document per
 * region and quarter out, written atomically into an output folder.  The
 * same region and quarter read from two inputs (a regional sheet and the
 * national compendium) is written once when the values agree, listing
 * both sources, and kept side by side as a conflict when they do not.
 *
 * The output folder keeps a record of everything in it: index.json, and
 * the cache (.tvk-cache) with the outcome of every input converted into
 * it, by this run or an earlier one, so that a re-run converts only what
 * changed and the files always reflect every input the folder has seen.
 *
 * The library prints nothing: what a user should hear of (errors,
 * warnings, progress) comes as events, as it happens, and what was done
 * is in the report.
 *
 * Ownership: tvk_batch_run() fills a caller-provided report; everything
 * in it (the documents too) is freed by tvk_batch_report_finish().
 * Events point at data that lives only during the callback.
 */

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <tvk/input.h>
#include <tvk/document.h>
#include <tvk/error.h>
#include <tvk/types.h>

/* Exit statuses, shared by the library's report and the CLI. */
enum tvk_exit {
	TVK_EXIT_OK = 0,      /* every table valid or repaired */
	TVK_EXIT_INVALID = 1, /* a table is invalid, or two inputs conflict */
	TVK_EXIT_INPUT = 2,   /* an input could not be read or holds no table */
	TVK_EXIT_USAGE = 64,
};

enum tvk_batch_event_kind {
	TVK_BATCH_STARTED,  /* a worker took the input @file */
	TVK_BATCH_FINISHED, /* the input @file is done, converted or not */
	TVK_BATCH_ERROR,    /* an error: "@file[:@page]: @message" */
	TVK_BATCH_WARNING,  /* something to know that failed nothing */
	/* The report of a sanitizer or valgrind on a worker that died, as
	 * the tool wrote it (many lines): a bug of tvk, to be shown as is. */
	TVK_BATCH_DIAGNOSTIC,
};

struct tvk_batch_event {
	enum tvk_batch_event_kind kind;
	const char *file;    /* what it is about; NULL when nothing in
	                        particular */
	int page;            /* 0 when not about one page */
	const char *message; /* ERROR and WARNING */
	/* The progress after this event. */
	size_t done, total;  /* inputs */
	size_t tables, invalid;
	const char *current; /* the input a worker took last, or NULL */
	/* The pages of the inputs done, and the bytes of the inputs done
	 * and of all: the largest go first, so a count of files would
	 * promise the end too early, and a PDF's pages are known only once
	 * a worker has opened it; bytes follow pages. */
	size_t pages;
	uint64_t bytes_done, bytes_total;
};

/* The limits of one input, unless the options say otherwise. */
#define TVK_BATCH_TIMEOUT 120.0      /* seconds */
#define TVK_BATCH_MAX_MEMORY_MB 2048 /* or the machine's memory shared by
                                        the workers, if less */

struct tvk_batch_options {
	const char *out_dir; /* NULL: convert and report, write nothing */
	int jobs;            /* worker processes; 0 = one per core */
	struct tvk_options convert;
	bool force; /* convert inputs that the cache says are unchanged */
	/* Seconds one input may take before its worker is stopped and the
	 * input failed: 0 for TVK_BATCH_TIMEOUT, < 0 for no limit. */
	double timeout;
	/* Megabytes of address space a worker may use (RLIMIT_AS): 0 for
	 * the default, < 0 for no limit.  Ignored in builds with
	 * AddressSanitizer, which needs terabytes of it. */
	long max_memory_mb;
	/* When *stop becomes non-zero (a signal handler sets it), the batch
	 * stops its workers at once and returns with report->interrupted:
	 * the inputs finished are in the cache, nothing else is written.
	 * May be NULL. */
	const volatile sig_atomic_t *stop;
	/* One run at a time writes an output folder; another waits for it,
	 * or with no_wait fails at once (tvk_batch_run() returns -1). */
	bool no_wait;
	/* Called for each event, one call at a time, from the thread that
	 * called tvk_batch_run(); may be NULL. */
	void (*event)(void *data, const struct tvk_batch_event *event);
	void *event_data;
};

/* One table as it was (or would be) written. */
struct tvk_table_report {
	size_t input;        /* index into the report's inputs */
	struct tvk_document *doc; /* as written: also_in and conflicts in */
	enum tvk_table_kind kind;
	int year, quarter, region;
	int first_page, last_page;
	enum tvk_status status;
	size_t n_repairs, n_count_repairs, n_problems, n_warnings;
	const char *summary; /* the region's name, or "Nederland" (in doc) */
	char *path;          /* where it was written; NULL when not */
	bool merged;         /* identical values from another input: not
	                        written on its own */
	bool conflict;       /* different values from another input */
	bool earlier;        /* of earlier runs only: not counted in this
	                        run's figures */
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
	/* This run's inputs, then (n_earlier of them) the inputs of earlier
	 * runs into the same folder that this run did not name. */
	struct tvk_input_report *inputs;
	size_t n_inputs, n_earlier;
	struct tvk_table_report *tables; /* in input order, then page order */
	size_t n_tables;
	/* This run's figures (tables of earlier runs only are left out). */
	size_t n_written, n_merged, n_conflicts;
	size_t n_valid, n_repaired, n_invalid;
	size_t n_failed;  /* inputs that could not be converted */
	size_t n_cached;  /* inputs taken from the cache of an earlier run */
	size_t n_parsed;  /* inputs whose PDF was opened in this run */
	size_t n_unwritten; /* tables whose file could not be written */
	/* Of the n_written, those whose file was new or changed: a file
	 * that would come out the same is not written again, and a re-run
	 * that changes nothing has none. */
	size_t n_changed;
	/* Stopped by opt->stop: n_finished of the n_inputs were finished
	 * (and kept in the cache); no document or index was written. */
	bool interrupted;
	size_t n_finished;
	enum tvk_exit exit_status;
};

/**
 * Expands @paths (files as given; folders walked recursively, sorted,
 * taking the files that are PDFs by content or by their .pdf name; every
 * file once) and converts them into @opt->out_dir, reusing the outcome of
 * an earlier run for every input whose bytes, tvk version and options are
 * unchanged (unless @opt->force).  Returns 0, or -1 with @err filled when
 * the batch itself cannot run (an input path that does not exist is an
 * input error in the report, not a batch error).
 */
TVK_API int tvk_batch_run(const char *const *paths, size_t n,
		const struct tvk_batch_options *opt,
		struct tvk_batch_report *report, struct tvk_error *err);

/** Frees what @report holds. */
TVK_API void tvk_batch_report_finish(struct tvk_batch_report *report);

#endif
