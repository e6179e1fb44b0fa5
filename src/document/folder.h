#ifndef TVK_DOCUMENT_FOLDER_H
#define TVK_DOCUMENT_FOLDER_H

/*
 * A folder tvk convert wrote, read back: every JSON file under it through
 * the one reader (read.h) — the documents with where each lies, the
 * record of the runs (index.json) with its inputs, and the files that
 * are no document this tvk reads, told apart.  The review of a folder and
 * the status of an archive read through here.
 *
 * Ownership: a struct tvk_folder owns what it holds, freed by
 * tvk_folder_finish().
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/error.h>

#include "document/read.h"

/* A JSON file of the folder that is no document this tvk reads. */
struct tvk_folder_other {
	char *path;              /* as walked: "DIR/2025-Q2/x.json" */
	enum tvk_json_kind kind; /* DAMAGED, FOREIGN, VERSION or
	                            NONCONFORMING */
	int line;                /* DAMAGED: where the parser stopped, */
	char *text;              /* and why (NONCONFORMING: where, why) */
	long long version;       /* VERSION */
};

struct tvk_folder {
	struct tvk_document **docs; /* in the order of the walk */
	char **paths;               /* each document's file, relative to the
	                               folder ("2025-Q2/22-rijnmond.json") */
	size_t n_docs;
	bool has_record;            /* DIR/index.json is tvk's record */
	struct tvk_record_input *inputs; /* the record's inputs */
	size_t n_inputs;
	struct tvk_folder_other *others; /* in the order of the walk */
	size_t n_others;
};

/**
 * Reads the folder @dir into @f (zeroed first): DIR/index.json first,
 * then every *.json file below it, folders walked recursively in byte
 * order (a record or data package deeper down passed over).  Returns 0,
 * or -1 with @err filled when a folder or file cannot be reached (@f
 * then empty).
 */
int tvk_folder_read(const char *dir, struct tvk_folder *f,
		struct tvk_error *err);

/** Frees what @f holds. Accepts a zeroed one. */
void tvk_folder_finish(struct tvk_folder *f);

#endif
