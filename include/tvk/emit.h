#ifndef TVK_EMIT_H
#define TVK_EMIT_H

/*
 * The emit stage: documents in, JSON text out (schema_version 2),
 * byte-identical for equal documents, and the files it goes to, written
 * to a temporary name and renamed into place so that no reader ever sees
 * a partial file.
 *
 * Ownership: returned strings are malloc'd; the caller frees them.
 */

#include <stddef.h>

#include <tvk/document.h>
#include <tvk/error.h>
#include <tvk/table.h>
#include <tvk/types.h>

#define TVK_SCHEMA_VERSION 3

/**
 * The JSON text of @doc: the per-region document, or nederland.json's for
 * a national one.  With @depth 0 a file of its own (ending in a newline);
 * with @depth > 0 every line after the first is indented by 2 * @depth
 * more spaces and there is no final newline, to be embedded as a value in
 * other JSON text at that depth.
 */
TVK_API char *tvk_emit_document(const struct tvk_document *doc, int depth);

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
 * Writes @text to @path: creates missing directories, writes a temporary
 * file in the same directory and renames it over @path.  Returns 0, or -1
 * with @err filled and nothing left behind.
 */
TVK_API int tvk_emit_write(const char *path, const char *text,
		struct tvk_error *err);

#endif
