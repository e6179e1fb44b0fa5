/* Listing folders and remembering what was seen, for the batch walk and
 * the dataset. */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

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
