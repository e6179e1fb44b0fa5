#ifndef TVK_FILES_H
#define TVK_FILES_H

/*
 * Files that are never seen half-written: written to a temporary name
 * beside the target ("NAME.tmp.PID.N") and renamed over it.
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/error.h>

/** @path relative to @dir when it lies under it ("DIR/A/B" gives "A/B"),
 * else @path. */
const char *tvk_files_below(const char *path, const char *dir);

/**
 * Writes @len bytes of @data to @path, making missing folders on the way.
 * Returns 0, or -1 with @err filled and nothing left behind.
 */
int tvk_files_write(const char *path, const void *data, size_t len,
		struct tvk_error *err);

/**
 * Writes @len bytes of @data to @root/@rel (@rel relative, "A/B/NAME"),
 * making missing folders, and never through a symbolic link below @root:
 * a link where a folder of @rel should be (say a period folder pointing
 * elsewhere) is an error, and a link in the place of NAME is replaced,
 * not followed.  What is written stays inside @root.  Returns 0, or -1
 * with @err filled (naming @root/...) and nothing left behind.
 */
int tvk_files_write_under(const char *root, const char *rel, const void *data,
		size_t len, struct tvk_error *err);

/**
 * The bytes of the file open at @fd, read whole, which it closes:
 * malloc'd, with a NUL after the *@len bytes.  NULL with errno set when
 * it is not a regular file (EINVAL), is larger than @most bytes (EFBIG;
 * *@len then says how large; @most is at most SIZE_MAX / 4), or cannot
 * be read.
 */
char *tvk_files_read_fd(int fd, size_t most, size_t *len);

/**
 * The bytes of the regular file @root/@rel, reached as
 * tvk_files_write_under() would (malloc'd, NUL-terminated, their number
 * in *@len); NULL when it is not there, is a link, or cannot be read.
 */
char *tvk_files_read_under(const char *root, const char *rel, size_t *len);

/**
 * What is at @path when it is there and is neither a regular file nor a
 * symbolic link ("a FIFO", "a folder", "a socket", "a device"), else
 * NULL: tvk opens nothing else where it keeps its own files (a FIFO
 * would hang it).
 */
const char *tvk_files_odd_kind(const char *path);

/** Removes the file @root/@rel, reached without following links. */
void tvk_files_unlink_under(const char *root, const char *rel);

/** Whether anything (a link included) is at @root/@rel, reached without
 * following links. */
bool tvk_files_exists_under(const char *root, const char *rel);

/**
 * Renames the file @root/@from over @root/@to, both reached as
 * tvk_files_write_under() would (the folders of @to made when missing).
 * Returns 0, or -1 with @err filled and both as they were.
 */
int tvk_files_move_under(const char *root, const char *from, const char *to,
		struct tvk_error *err);

/** Removes the folder @root/@rel and the files in it (not below), never
 * through a link; failures are ignored. */
void tvk_files_remove_folder_under(const char *root, const char *rel);

/**
 * Removes the temporary files that writers of an earlier run left in
 * @dir and its folders one level down (where tvk writes) when it was
 * killed before it could: names "NAME.tmp.PID.N" of a process that is no
 * longer running.  Failures are ignored.
 */
void tvk_files_clean(const char *dir);

/**
 * Removes the temporary files that a killed writer of @path left beside
 * it ("NAME.tmp.PID" or "NAME.tmp.PID.N" of a process that is no longer
 * running), and nothing else of its folder.  Failures are ignored.
 */
void tvk_files_clean_beside(const char *path);

#endif
