/* Listing a folder, for the batch walk and the dataset. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

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
