#ifndef TVK_DOCUMENT_READ_H
#define TVK_DOCUMENT_READ_H

/*
 * The one reader of the JSON files tvk writes: a document of any
 * schema_version from 1 to this tvk's, decoded into the struct
 * tvk_document it was written from (emit.c writes it); the record of the
 * runs into a folder (index.json) with its inputs; and what is neither,
 * told apart.  The dataset and the review of a folder read through here,
 * so the document's shape is spelled out once for writing and once for
 * reading.
 *
 * An older document reads as today's would say it: version 1 has no
 * places (page 0, no box) and its problems are strings (a message with
 * the check ""); before version 3 a row's municipality of today is not
 * written, and is the gazetteer's.
 *
 * Ownership: a struct tvk_json_file owns what it holds, freed by
 * tvk_json_file_finish().
 */

#include <stddef.h>

#include <tvk/document.h>

enum tvk_json_kind {
	TVK_JSON_DOCUMENT, /* a tvk document: doc */
	TVK_JSON_DAMAGED,  /* not JSON (or not readable): line, text */
	TVK_JSON_RECORD,   /* index.json, the record of a folder's runs */
	TVK_JSON_PACKAGE,  /* a data package (tvk dataset's) */
	TVK_JSON_FOREIGN,  /* JSON, but no tvk document */
	TVK_JSON_VERSION,  /* a tvk document of a schema_version this tvk
	                      does not read: version */
	/* a tvk document of this tvk's schema_version that breaks its
	 * schema (a negative count, a year as text): text says where */
	TVK_JSON_NONCONFORMING,
};

/* An input of a run, as the record lists it. */
struct tvk_record_input {
	char *file;
	char *status; /* "converted", "failed", ...; may be NULL */
	char *error;  /* why it failed; may be NULL */
};

struct tvk_json_file {
	enum tvk_json_kind kind;
	struct tvk_document *doc;        /* DOCUMENT */
	int line;                        /* DAMAGED: where the parser stopped, */
	char *text;                      /* and why (also NONCONFORMING) */
	long long version;               /* VERSION */
	struct tvk_record_input *inputs; /* RECORD: its inputs that name a */
	size_t n_inputs;                 /* file */
};

/** Reads the file at @path into @out (zeroed first). */
void tvk_json_file_read(const char *path, struct tvk_json_file *out);

/** Frees what @f holds. Accepts a zeroed one. */
void tvk_json_file_finish(struct tvk_json_file *f);

#endif
