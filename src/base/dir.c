/* Listing folders, remembering what was seen and walking trees, for the
 * inputs of a batch, the dataset and the review of a folder. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/dir.h"

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **tvk_list_dir(const char *dir, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t cap = 1;
	char **names = tvk_xmalloc(cap * sizeof(*names));
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ".", "..", hidden files, tvk's own */
		tvk_grow((void **)&names, &cap, *n + 1, sizeof(*names));
		names[(*n)++] = tvk_xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), by_path);
	return names;
}

/* A set of (device, inode), open addressing with linear probing. */
static size_t slot(const struct tvk_seen *s, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)dev * 0x9E3779B97F4A7C15u ^ (uint64_t)ino;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	h ^= h >> 32;
	return (size_t)h & (s->cap - 1);
}

bool tvk_seen_add(struct tvk_seen *s, const struct stat *st)
{
	if (2 * (s->n + 1) > s->cap) {
		struct tvk_seen bigger = {.cap = s->cap ? 2 * s->cap : 64};
		bigger.items = tvk_xcalloc(bigger.cap, sizeof(*bigger.items));
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->items[i].used)
				continue;
			size_t k = slot(&bigger, s->items[i].dev, s->items[i].ino);
			while (bigger.items[k].used)
				k = (k + 1) & (bigger.cap - 1);
			bigger.items[k] = s->items[i];
		}
		bigger.n = s->n;
		free(s->items);
		*s = bigger;
	}
	size_t k = slot(s, st->st_dev, st->st_ino);
	while (s->items[k].used) {
		if (s->items[k].dev == st->st_dev && s->items[k].ino == st->st_ino)
			return false;
		k = (k + 1) & (s->cap - 1);
	}
	s->items[k] = (struct tvk_seen_item){st->st_dev, st->st_ino, true};
	s->n++;
	return true;
}

void tvk_seen_finish(struct tvk_seen *s)
{
	free(s->items);
	memset(s, 0, sizeof(*s));
}

int tvk_walk(const char *dir, struct tvk_seen *seen, tvk_walk_fn *take,
		void *data)
{
	size_t n;
	char **names = tvk_list_dir(dir, &n);
	if (!names)
		return take(data, dir, NULL);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		/* stat, not lstat: links are followed, @seen ends loops.
		 * What went away since the listing, or a link to nothing,
		 * is not there; what is there but cannot be reached is the
		 * caller's to report. */
		if (rc != 0) {
		} else if (stat(names[i], &st) != 0) {
			if (errno != ENOENT)
				rc = take(data, names[i], NULL);
		} else if (tvk_seen_add(seen, &st)) {
			if (S_ISDIR(st.st_mode))
				rc = tvk_walk(names[i], seen, take, data);
			else if (S_ISREG(st.st_mode))
				rc = take(data, names[i], &st);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

bool tvk_ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}
