#ifndef TVK_DATASET_H
#define TVK_DATASET_H

/*
 * The analysts' table over converted documents.
 *
 * The table has a row per municipality of every document (CSV, NDJSON),
 * or also per region total ("Totaal AMR") and national row (the
 * workbook), or, in the long shape, a row per value; as CSV (RFC 4180)
 * with a Frictionless data package beside it, as NDJSON, or as an Excel
 * workbook.  The tidy package (a folder) and the SQLite database have a
 * table per kind of row: municipalities, region_totals, national,
 * repairs, problems, documents.
 *
 * Ownership: a report is filled by tvk_dataset_write() and freed by
 * tvk_dataset_report_finish(); strings returned by the other functions
 * are static unless they say otherwise.
 */

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include <tvk/error.h>

enum tvk_dataset_format {
	TVK_DATASET_CSV,
	TVK_DATASET_NDJSON,
	TVK_DATASET_XLSX, /* only when tvk_dataset_xlsx_available() */
	/* A folder: a CSV per kind of row (municipalities, region_totals,
	 * national, repairs, problems, documents) and datapackage.json. */
	TVK_DATASET_PACKAGE,
	/* A SQLite database: the package's tables, typed, with indexes and
	 * the harmonised series as views. */
	TVK_DATASET_SQLITE,
};

enum tvk_dataset_shape {
	TVK_DATASET_WIDE, /* a row per municipality, region total, national row */
	TVK_DATASET_LONG, /* a row per value: field, value, printed, repair */
	/* A row per quarter and municipality of today: the counts of the
	 * municipalities that merged into it added up (CSV and NDJSON). */
	TVK_DATASET_HARMONIZED,
};

struct tvk_dataset_options {
	enum tvk_dataset_format format;
	enum tvk_dataset_shape shape; /* CSV and NDJSON; a workbook has both */
	bool excel; /* CSV for spreadsheets: a UTF-8 BOM and ';' between fields */
	FILE *to;   /* without a file to write: where the table goes */
	bool force; /* write over a file at out that tvk did not write */
};

/* Something about one file under the folder read, for the caller to show:
 * a file left out of the table, and why. */
struct tvk_dataset_note {
	char *file;
	char *message;
	bool error; /* a damaged document (not JSON): exit status 2 */
};

struct tvk_dataset_report {
	size_t documents; /* documents read (region and national) */
	size_t rows;      /* rows written */
	size_t conflicts; /* documents marked as one of several versions */
	size_t left_out;  /* JSON files that are no tvk document, or damaged */
	struct tvk_dataset_note *notes; /* one per file left out */
	size_t n_notes;
	char *package;    /* the data package written, or NULL */
	/* TVK_DATASET_HARMONIZED: municipality rows left out of the series,
	 * those of municipalities split between several (Haaren, 2021;
	 * their names, comma-separated, in split_names) and those without
	 * a code or a quarter. */
	size_t split_left_out, uncoded_left_out;
	char *split_names;
};

/**
 * Reads every tvk document under @dir (recursively, hidden files aside;
 * index.json and data packages are tvk's bookkeeping, not documents) and
 * writes the table to @out (a folder for TVK_DATASET_PACKAGE), or to
 * @opt->to when @out is NULL (CSV and NDJSON only: the CLI's stdout).
 * A document that breaks tvk's schema is left out, with a note that is
 * an error.  CSV to a file gets a data package named after it
 * (tvk_dataset_package_path()); one already there that describes another
 * file is not overwritten: an error, before anything is written.  Every
 * file left out is a note in @report.  Rows are sorted by period, region,
 * document and position.  Returns 0, or -1 with @err filled.
 */
TVK_API int tvk_dataset_write(const char *dir, const char *out,
		const struct tvk_dataset_options *opt,
		struct tvk_dataset_report *report, struct tvk_error *err);

/** Frees what @report holds. */
TVK_API void tvk_dataset_report_finish(struct tvk_dataset_report *report);

/** The data package of the CSV @out: "two/a.csv" gives
 * "two/a.datapackage.json".  Malloc'd. */
TVK_API char *tvk_dataset_package_path(const char *out);

/** Whether this tvk was built with libxlsxwriter. */
TVK_API bool tvk_dataset_xlsx_available(void);

#endif
