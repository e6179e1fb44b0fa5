#ifndef TVK_STAGING_H
#define TVK_STAGING_H

/*
 * Documents written ahead (staging.c).  Creating a file is most of what
 * writing the documents costs (an inode found and filled), and the
 * documents are written once every input is in and merged, while the
 * workers stand idle.  So each document is written ahead the moment its
 * input comes back, into DIR/.tvk-staging, when its place in the folder
 * is still empty; once the merge is done, a document whose text is the
 * one written ahead is renamed into place, and any other is written as
 * before.  The staging folder goes with the run however it ends; the next
 * run removes what a killed one left.
 *
 * Ownership: a struct tvk_staging is embedded and zeroed (it then
 * stages nothing); tvk_staging_begin() gives it its folder and
 * tvk_staging_finish() removes what it wrote and frees what it holds.
 */

#include <stdbool.h>
#include <stddef.h>

#include "batch/batch-internal.h"

struct tvk_staged;

struct tvk_staging {
	const char *dir; /* the output folder; NULL: nothing is staged */
	char *folder;    /* it, absolute: where sources are written from */
	struct tvk_staged *items;
	size_t n, cap;
	size_t *slots, n_slots; /* items by place (see staging.c) */
	bool off; /* a write failed: the rest is written at the end */
	/* what is at the staging folder's place when it is not a folder
	 * ("a FIFO", "a file"): nothing is staged, and the run says so */
	const char *refused;
};

/**
 * Writes ahead the documents of @o whose places under the folder are
 * empty; a place another document of the run came for is left to the
 * end.
 */
void tvk_staging_add(struct tvk_staging *s, const struct tvk_outcome *o);

/**
 * Renames the document written ahead for @rel into its place when its
 * text has the hash @sha256: 0, or -1 when there is none (or it cannot
 * be).
 */
int tvk_staging_place(struct tvk_staging *s, const char *rel,
		const char *sha256);

/** Removes the staging folder a killed run left in @dir; @s then stages
 * into it, unless something else than a folder is in its place (then
 * ->refused says what, and nothing is staged). */
void tvk_staging_begin(struct tvk_staging *s, const char *dir);

/** Removes the staging folder and what is still in it, and frees what @s
 * holds; a zeroed @s is left as it is. */
void tvk_staging_finish(struct tvk_staging *s);

#endif
