#ifndef TVK_MERGE_H
#define TVK_MERGE_H

/*
 * The merge step of a batch (merge.c): tables of every input grouped by
 * region and quarter, identical values made one document with also_in,
 * different ones kept side by side as conflicts.
 */

#include <stddef.h>

#include <tvk/batch.h>

/* Where the merge tells of a conflict between two versions. */
struct tvk_merge_sink {
	void (*conflict)(void *data, const struct tvk_table_report *table,
		const char *message);
	void *data;
};

/**
 * Merges @tables (each with its input, document and earlier set) in
 * place: sets merged and conflict, adds also_in and conflict problems to
 * the documents that stay, and gives each of those the path it goes to
 * under @dir (none when @dir is NULL).  A conflict that involves a table
 * of this run is told to @sink.
 */
void tvk_merge_tables(struct tvk_table_report *tables, size_t n,
		const char *dir, const struct tvk_merge_sink *sink);

#endif
