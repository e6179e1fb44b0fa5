#ifndef TVK_BASE_PATH_H
#define TVK_BASE_PATH_H

/*
 * Paths by their text: absolute, relative, under a folder.  The strings
 * returned are malloc'd, but for tvk_path_under(), which points into its
 * argument.
 */

/* @path made absolute against @cwd and normalised by its text: "." and
 * "x/.." removed, no double or trailing slashes. */
char *tvk_path_absolute(const char *path, const char *cwd);

/* @path made absolute against the current folder (as given when that
 * cannot be told). */
char *tvk_path_from_cwd(const char *path);

/* The absolute @target relative to the absolute folder @base. */
char *tvk_path_relative(const char *target, const char *base);

/* The rest of the absolute @path when it is under the absolute,
 * normalised folder @dir ("/a/b/c.pdf" under "/a" is "b/c.pdf"), or
 * NULL. */
const char *tvk_path_under(const char *path, const char *dir);

#endif
