#ifndef TVK_EMIT_H
#define TVK_EMIT_H

/*
 * The emit stage: documents in, JSON text out (schema_version 3),
 * byte-identical for equal documents.
 *
 * Ownership: returned strings are malloc'd; the caller frees them.
 */

#include <tvk/document.h>

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
 * The file name @raw as the documents and index.json hold it: @raw when
 * it is UTF-8; otherwise every byte outside a UTF-8 sequence as "\xHH"
 * and every backslash as "\\", a form that the readers of tvk turn back
 * into @raw exactly.  NULL for NULL.
 */
TVK_API char *tvk_emit_file_name(const char *raw);

#endif
