#ifndef TVK_EMIT_INTERNAL_H
#define TVK_EMIT_INTERNAL_H

/*
 * Where the emit stage's JSON (<tvk/emit.h>) goes: the path of a
 * document under the output folder, and the file written to a temporary
 * name and renamed into place so that no reader ever sees a partial file.
 *
 * Ownership: returned strings are malloc'd; the caller frees them.
 */

#include <tvk/document.h>
#include <tvk/emit.h>
#include <tvk/error.h>
#include <tvk/types.h>

/**
 * The output path of a table under @dir: DIR/<YYYY>-Q<q>/<NN>-<slug>.json,
 * or DIR/<YYYY>-Q<q>/nederland.json for the national row.  Built only from
 * the parsed period and region code, never from document text; a table
 * whose region is unknown goes to 00-unknown-p<page>.json, one whose period
 * is unknown under unknown-period/.  With @copy > 1 the name gets ".<copy>"
 * before ".json": a conflicting version kept side by side.  Malloc'd.
 */
char *tvk_emit_path(const char *dir, enum tvk_table_kind kind,
		const struct tvk_period *period, int region, int page, int copy);

/**
 * tvk_emit_document() for a document written into the output folder
 * @folder (absolute and normalised, or NULL): a source PDF under it is
 * written relative to it, any other as it is (absolute).
 */
char *tvk_emit_document_in(const struct tvk_document *doc, int depth,
		const char *folder);

/**
 * Writes @text to @path: creates missing directories, writes a temporary
 * file in the same directory and renames it over @path.  Returns 0, or -1
 * with @err filled and nothing left behind.
 */
int tvk_emit_write(const char *path, const char *text,
		struct tvk_error *err);

#endif
