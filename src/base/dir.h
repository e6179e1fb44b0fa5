#ifndef TVK_DIR_H
#define TVK_DIR_H

/*
 * Folders: the one walk that the batch's inputs, the dataset and the
 * review of a folder all go through.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

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

#endif
