#ifndef TVK_ARCHIVE_H
#define TVK_ARCHIVE_H

/*
 * An archive at a glance (tvk status): the documents of a folder tvk
 * convert wrote, seen together.
 *
 * - coverage: a grid of quarters by regions — every quarter from the
 *   first to the last the archive holds, every region it holds a table
 *   of — each cell valid, repaired, invalid, a conflict or missing;
 * - problems: every invalid table, every conflict, every input that
 *   failed and every JSON file that is no document this tvk reads, each
 *   a line "FILE[:PAGE]: message";
 * - warnings: numbers that jump between quarters where no sum can see
 *   it.  Two municipalities' rows swapped, or a row printed ten times
 *   too large together with its total, leave a table valid; only the
 *   series can tell.  The rule and its thresholds are in plausible.c
 *   (and the README).  A warning is advice: it changes no document and
 *   no status.
 *
 * Ownership: a struct tvk_archive owns everything it holds (the
 * documents only when it read them), freed by tvk_archive_finish(); the strings the other functions return are
 * malloc'd, for the caller to free.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tvk/document.h>
#include <tvk/error.h>

/* How a quarter of a region stands, best first. */
enum tvk_archive_cell_status {
	TVK_CELL_VALID,
	TVK_CELL_REPAIRED,
	TVK_CELL_INVALID,
	TVK_CELL_CONFLICT, /* two inputs give different values */
	TVK_CELL_MISSING,  /* no table of it in the archive */
	TVK_N_CELL_STATUSES,
};

/** "valid", "repaired", "invalid", "conflict", "missing". */
TVK_API const char *tvk_archive_cell_name(enum tvk_archive_cell_status s);

struct tvk_archive_cell {
	enum tvk_archive_cell_status status;
	size_t doc; /* its document (for a conflict the first of them); only
	               when not missing */
};

/* Quarters are numbered year * 4 + quarter - 1 (2025-Q2 is 8101). */
struct tvk_archive_coverage {
	int first_period;  /* the first quarter of the grid */
	int n_periods;     /* 0: no region's table placed at all */
	int *regions;      /* the regions held, ascending */
	int n_regions;
	struct tvk_archive_cell *cells; /* n_periods rows of n_regions */
	size_t counts[TVK_N_CELL_STATUSES];
};

enum tvk_archive_problem_kind {
	TVK_ARCHIVE_INVALID,    /* a table that is invalid */
	TVK_ARCHIVE_CONFLICT,   /* two inputs disagree about a table */
	TVK_ARCHIVE_FAILED,     /* an input that could not be converted */
	TVK_ARCHIVE_UNREADABLE, /* a JSON file that is no document this tvk
	                           reads (damaged, foreign, another version) */
};

/** "invalid", "conflict", "failed", "unreadable". */
TVK_API const char *tvk_archive_problem_name(
		enum tvk_archive_problem_kind kind);

struct tvk_archive_problem {
	enum tvk_archive_problem_kind kind;
	char *file;    /* the PDF (or the JSON file) it is about */
	int page;      /* 0 when not about a page */
	char *message; /* without the file and page */
	int year, quarter, region; /* 0 when not known or not a table */
};

/* A value of a series in one quarter. */
struct tvk_archive_point {
	int year, quarter;
	int64_t value;
};

/* A series a warning is about: a municipality of today, or (code NULL)
 * the region total. */
struct tvk_archive_subject {
	char *code, *name; /* the municipality of today; NULL for the total */
	int64_t value;     /* in the warned quarter */
	int64_t expected;  /* what its neighbours make of it */
	struct tvk_archive_point around[2]; /* the neighbours weighed against */
	struct tvk_archive_point *series;   /* every quarter it has, in order */
	size_t n_series;
};

enum tvk_archive_warning_kind {
	TVK_WARNING_JUMP,         /* a municipality's value */
	TVK_WARNING_SWAP,         /* two municipalities' values trade places */
	TVK_WARNING_REGION_TOTAL, /* the region total, no row explaining it */
};

/** "jump", "swap", "region-total". */
TVK_API const char *tvk_archive_warning_name(
		enum tvk_archive_warning_kind kind);

struct tvk_archive_warning {
	enum tvk_archive_warning_kind kind;
	int year, quarter, region;
	size_t doc;  /* the table it is about */
	struct tvk_archive_subject subjects[2]; /* one, or two for a swap */
	size_t n_subjects;
	bool with_total; /* the region total jumps with the row: total */
	struct tvk_archive_subject total;
	char *reason;    /* in words, with the figures */
};

struct tvk_archive {
	const struct tvk_document **docs;
	char **paths;    /* each document's file, relative to the folder; NULL
	                    when the documents were given (tvk_archive_of()) */
	size_t n_docs;
	bool has_output; /* the folder holds tvk output (a record or a
	                    document) */
	struct tvk_archive_coverage coverage;
	struct tvk_archive_problem *problems; /* grid order, then files */
	size_t n_problems;
	struct tvk_archive_warning *warnings; /* by quarter, region, kind */
	size_t n_warnings;
	/* 0 nothing needs attention (every cell valid or repaired, no
	 * problem, no warning); 1 something does; 2 no tvk output */
	int exit_status;
	struct tvk_document **owned; /* what tvk_archive_read() read */
};

/**
 * Reads the folder @dir that tvk convert wrote (its documents, its
 * index.json) into @a (zeroed first) and looks at it whole.  Returns 0,
 * or -1 with @err filled when @dir or a file under it cannot be read (a
 * file that is read but is no document this tvk reads is a problem, not
 * an error).
 */
TVK_API int tvk_archive_read(const char *dir, struct tvk_archive *a,
		struct tvk_error *err);

/**
 * Looks at the @n documents @docs (borrowed: they must outlive @a) as
 * tvk_archive_read() looks at a folder's, without its record: the grid,
 * the problems of the tables, the warnings.
 */
TVK_API void tvk_archive_of(const struct tvk_document *const *docs,
		size_t n, struct tvk_archive *a);

/**
 * How many quarters of the grid from its @p'th (0-based) on hold no table
 * of any region: 0 when the @p'th holds one.  A run of such quarters is
 * drawn as one line (an archive of 2020 and 2025 is not five years of
 * gaps to look through).
 */
TVK_API int tvk_archive_empty_quarters(const struct tvk_archive_coverage *c,
		int p);

/**
 * The coverage grid as text @width columns wide at most (at least 30):
 * a line per quarter, a column per region (in blocks when they do not
 * fit), a legend and the counts per status.
 */
TVK_API char *tvk_archive_grid_text(const struct tvk_archive *a,
		size_t width);

/** The warnings as text: a paragraph each, lines of @width at most. */
TVK_API char *tvk_archive_warnings_text(const struct tvk_archive *a,
		size_t width);

/**
 * @a as one JSON object: the quarters and regions, the counts, coverage
 * (a {period, region, status} per cell), problems, warnings and the exit
 * status.
 */
TVK_API char *tvk_archive_json(const struct tvk_archive *a);

/** Frees what @a holds. Accepts a zeroed one. */
TVK_API void tvk_archive_finish(struct tvk_archive *a);

#endif
