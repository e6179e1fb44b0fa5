#ifndef TVK_EMIT_INTERNAL_H
#define TVK_EMIT_INTERNAL_H

#include <jansson.h>

/*
 * A JSON string of @s (NULL gives null).  Bytes that are not UTF-8 — a
 * broken text layer, a file name from an old file system — become U+FFFD
 * instead of the value going missing, as jansson would have it.
 */
json_t *tvk_json_string(const char *s);

#endif
