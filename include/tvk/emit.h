#ifndef TVK_EMIT_H
#define TVK_EMIT_H

/*
 * The emit stage (jansson): tables in, JSON documents out, byte-identical
 * for the same input, written to a temporary file and renamed into place
 * so that no reader ever sees a partial file.
 *
 * Ownership: returned strings are malloc'd; the caller frees them.
 */

#include <stddef.h>

#include <tvk/error.h>
#include <tvk/table.h>
#include <tvk/types.h>
#include <tvk/validate.h>

#define TVK_SCHEMA_VERSION 1

/* Where a table was read from. */
struct tvk_source {
	const char *file;   /* the path as given */
	const char *sha256; /* hex */
	const int *pages;   /* 1-based page numbers of the table */
	size_t n_pages;
	enum tvk_text_layer layer;
};

/**
 * The per-region document of @table (schema_version 1) as JSON text.
 * @sources[0] becomes "source"; further sources that gave identical
 * values are listed in "also_in".
 */
TVK_API char *tvk_emit_region(const struct tvk_table *table,
		const struct tvk_source *sources, size_t n_sources);

/** The national document (the Nederland row and its residual). */
TVK_API char *tvk_emit_national(const struct tvk_table *national,
		const struct tvk_national *residual,
		const struct tvk_source *source);

/**
 * The output path of a table under @dir: DIR/<YYYY>-Q<q>/<NN>-<slug>.json,
 * or DIR/<YYYY>-Q<q>/nederland.json for the national row.  Built only from
 * the parsed period and region code, never from document text; a table
 * whose region is unknown goes to 00-unknown-p<page>.json, one whose period
 * is unknown under unknown-period/.  With @copy > 1 the name gets ".<copy>"
 * before ".json": a conflicting version kept side by side.  Malloc'd.
 */
TVK_API char *tvk_emit_path(const char *dir, enum tvk_table_kind kind,
		const struct tvk_period *period, int region, int page, int copy);

/**
 * The values of @table that two sources must agree on to be merged
 * (period, region, every municipality's code and counts, the region total
 * and the register), as canonical text.  Malloc'd.
 */
TVK_API char *tvk_emit_values(const struct tvk_table *table);

/**
 * Adds sources that gave identical values to the document @json as
 * "also_in".  Returns a new malloc'd document.
 */
TVK_API char *tvk_emit_add_also_in(const char *json,
		const struct tvk_source *others, size_t n);

/**
 * Marks the document @json as conflicting with another input's version
 * (@other_file, written at @other_path): status "invalid" and an error
 * problem naming the other.  Returns a new malloc'd document.
 */
TVK_API char *tvk_emit_mark_conflict(const char *json, const char *other_file,
		const char *other_path);

/**
 * Writes @text to @path: creates missing directories, writes a temporary
 * file in the same directory, flushes it and renames it over @path.
 * Returns 0, or -1 with @err filled and nothing left behind.
 */
TVK_API int tvk_emit_write(const char *path, const char *text,
		struct tvk_error *err);

#endif
