#ifndef TVK_FILES_H
#define TVK_FILES_H

/*
 * Files that are never seen half-written: written to a temporary name
 * beside the target ("NAME.tmp.PID.N") and renamed over it.
 */

#include <stddef.h>

#include <tvk/error.h>

/**
 * Writes @len bytes of @data to @path, making missing folders on the way.
 * Returns 0, or -1 with @err filled and nothing left behind.
 */
int tvk_files_write(const char *path, const void *data, size_t len,
		struct tvk_error *err);

#endif
