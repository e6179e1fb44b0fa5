#ifndef TVK_DATASET_H
#define TVK_DATASET_H

/*
 * The analysts' table over converted documents: one row per year,
 * quarter, region and municipality, as CSV (RFC 4180) with a Frictionless
 * datapackage.json beside it, or as NDJSON; and the JSON Schema of the
 * per-region document.
 *
 * Ownership: nothing returned needs freeing (the schema is static).
 */

#include <stddef.h>

#include <tvk/error.h>

enum tvk_dataset_format {
	TVK_DATASET_CSV,
	TVK_DATASET_NDJSON,
};

struct tvk_dataset_report {
	size_t documents; /* region documents read */
	size_t rows;      /* rows written */
	size_t skipped;   /* JSON files that are no region document */
};

/**
 * Reads every region document under @dir (recursively; index.json, the
 * national documents, conflict copies and hidden folders are not region
 * documents) and writes the table to @out, or to stdout when @out is
 * NULL.  With @out and CSV, writes datapackage.json beside it.  Rows are
 * sorted by year, quarter, region and position in the table.  Returns 0,
 * or -1 with @err filled.
 */
TVK_API int tvk_dataset_write(const char *dir, const char *out,
		enum tvk_dataset_format format, struct tvk_dataset_report *report,
		struct tvk_error *err);

/** The JSON Schema (draft 2020-12) of the per-region document. */
TVK_API const char *tvk_schema_region(void);

#endif
