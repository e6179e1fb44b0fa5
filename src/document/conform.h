#ifndef TVK_DOCUMENT_CONFORM_H
#define TVK_DOCUMENT_CONFORM_H

/*
 * A JSON value held to tvk's own JSON Schemas (schema.c): the keywords
 * they use — type, const, enum, required, properties,
 * additionalProperties: false, items, minItems, maxItems, minimum,
 * maximum, pattern (POSIX extended), $ref into $defs — and any other
 * keyword is a failure, so that a schema cannot grow one that is silently
 * passed over.
 */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* Whether @value conforms to @schema (a JSON Schema text, parsed once per
 * call).  Otherwise @why gets where and why, e.g. "$.period.year: wrong
 * type (integer or null expected)". */
bool tvk_conform(const char *schema, json_t *value, char *why, size_t cap);

#endif
