#ifndef TVK_SCHEMA_H
#define TVK_SCHEMA_H

/*
 * The JSON Schemas (draft 2020-12) of the files tvk writes.
 *
 * Ownership: the strings are static.
 */

#include <tvk/api.h>

/** The JSON Schema of the per-region document. */
TVK_API const char *tvk_schema_region(void);

/** The JSON Schema of the national document, nederland.json. */
TVK_API const char *tvk_schema_national(void);

/** The JSON Schema of the record of a run, index.json. */
TVK_API const char *tvk_schema_index(void);

#endif
