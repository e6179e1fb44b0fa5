#ifndef TVK_UTIL_H
#define TVK_UTIL_H

/*
 * Private helpers of libtvk: the allocation wrappers that abort on out of
 * memory (so error paths deal only with real errors) and a growable array.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>

/* Stops the program with one line on stderr: out of memory, or a bug
 * (never bad input).  Every allocation wrapper ends here. */
_Noreturn void tvk_die(const char *why);

void *tvk_xmalloc(size_t size);
void *tvk_xcalloc(size_t n, size_t size);
void *tvk_xrealloc(void *p, size_t n, size_t size);
char *tvk_xstrdup(const char *s);

/* The version and the build ID of this libtvk ("0.1.0+5a7f…"), or the
 * version alone when the linker wrote no build ID: what the cache's
 * records are keyed on (version.c). */
const char *tvk_build_identity(void);

/* printf into a malloc'd string. */
char *tvk_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *items (of *cap elements of @size bytes) to hold at least @need. */
void tvk_grow(void **items, size_t *cap, size_t need, size_t size);

/*
 * The entries of the folder @dir, as "dir/name", sorted by byte value, *@n
 * of them; hidden ones (".", "..", tvk's cache and temporary files) left
 * out.  NULL when @dir cannot be read.  The caller frees each and the
 * array.
 */
char **tvk_list_dir(const char *dir, size_t *n);

/* The files and folders a walk has reached, by device and inode: a folder
 * reached again through a link is not walked again, a file reached twice
 * is taken once.  Start from {0}; tvk_seen_finish() frees it. */
struct tvk_seen_item {
	dev_t dev;
	ino_t ino;
	bool used;
};

struct tvk_seen {
	struct tvk_seen_item *items;
	size_t n, cap;
};

struct stat;

/** Adds what @st describes; false when it was there already. */
bool tvk_seen_add(struct tvk_seen *s, const struct stat *st);

void tvk_seen_finish(struct tvk_seen *s);

/* What a walk does with a regular file at @path (@st its stat), or, with
 * @st NULL and errno set, with a folder it cannot read or an entry it
 * cannot reach.  Non-zero stops the walk. */
typedef int tvk_walk_fn(void *data, const char *path, const struct stat *st);

/*
 * Walks the folder @dir (its entries as tvk_list_dir() lists them, a
 * subfolder walked where it comes in that order), calling @take for each
 * regular file.  Links are followed, and @seen (the caller's, which may
 * hold @dir and other roots already) makes every folder walked and every
 * file taken once, so a link back up the tree ends there.  Returns 0, or
 * what @take returned to stop it.
 */
int tvk_walk(const char *dir, struct tvk_seen *seen, tvk_walk_fn *take,
		void *data);

/* True when @s ends in @tail. */
bool tvk_ends_with(const char *s, const char *tail);

/* The SHA-256 of @size bytes at @data, as 32 bytes (sha256.c). */
void tvk_sha256(const void *data, size_t size, unsigned char out[32]);

#define TVK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* fmin and fmax for coordinates, which are never NaN: libm's keep NaN
 * rules that stop the compiler from inlining them, and they run for every
 * glyph of every page. */
static inline double tvk_min(double a, double b)
{
	return a < b ? a : b;
}

static inline double tvk_max(double a, double b)
{
	return a > b ? a : b;
}

/* A growing string: s stays NUL-terminated (NULL until the first add);
 * the owner frees s. */
struct tvk_buf {
	char *s;
	size_t len, cap;
};

/* @v in decimal into @out (NUL-terminated); returns its length.  What
 * snprintf's "%lld" gives, without the cost of a format string, for the
 * counts of every cell of every document. */
size_t tvk_int_str(int64_t v, char out[24]);

void tvk_buf_add(struct tvk_buf *b, const char *s, size_t n);
void tvk_buf_str(struct tvk_buf *b, const char *s);
void tvk_buf_printf(struct tvk_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
