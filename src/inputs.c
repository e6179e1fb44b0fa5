/*
 * Finding the inputs: files as given, folders walked recursively in byte
 * order, taking the files that are PDFs by content or by name.  Every
 * folder is walked once and every file taken once, however many names or
 * symbolic links lead to it (by device and inode), so a link back up the
 * tree ends there instead of going round for ever.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <tvk/pdf.h>

#include "batch-internal.h"
#include "util.h"

static void add_path(struct tvk_inputs *l, char *path)
{
	tvk_grow((void **)&l->paths, &l->cap, l->n + 1, sizeof(*l->paths));
	l->paths[l->n++] = path;
}

static bool has_pdf_name(const char *name)
{
	size_t len = strlen(name);
	return len > 4 && strcasecmp(name + len - 4, ".pdf") == 0;
}

/* A file in a folder is taken when its first kilobyte says PDF: archives
 * hold PDFs saved without extension, and .pdf files that are not PDFs
 * (which are then reported, not skipped). */
static bool looks_like_pdf(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char head[1024];
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return tvk_pdf_sniff(head, n);
}

static void walk(const char *dir, struct tvk_inputs *out,
		struct tvk_seen *seen)
{
	size_t n;
	char **names = tvk_list_dir(dir, &n);
	if (!names)
		return;
	for (size_t i = 0; i < n; i++) {
		char *p = names[i];
		struct stat st;
		/* stat, not lstat: links to files and folders are followed,
		 * and the set of what was seen stops the loops. */
		if (stat(p, &st) != 0 || !tvk_seen_add(seen, &st)) {
			free(p);
		} else if (S_ISDIR(st.st_mode)) {
			walk(p, out, seen);
			free(p);
		} else if (S_ISREG(st.st_mode) &&
				(has_pdf_name(p) || looks_like_pdf(p))) {
			add_path(out, p);
		} else {
			free(p);
		}
	}
	free(names);
}

void tvk_inputs_find(const char *const *paths, size_t n,
		struct tvk_inputs *out)
{
	memset(out, 0, sizeof(*out));
	struct tvk_seen seen = {0};
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		bool found = stat(paths[i], &st) == 0;
		if (found && !tvk_seen_add(&seen, &st))
			continue; /* the same file or folder again */
		if (found && S_ISDIR(st.st_mode)) {
			/* "dir/" and "dir" give the same paths. */
			char *dir = tvk_xstrdup(paths[i]);
			size_t len = strlen(dir);
			while (len > 1 && dir[len - 1] == '/')
				dir[--len] = '\0';
			walk(dir, out, &seen);
			free(dir);
		} else {
			/* Files are taken as given; a missing one is reported
			 * when it is read. */
			add_path(out, tvk_xstrdup(paths[i]));
		}
	}
	tvk_seen_finish(&seen);
}

void tvk_inputs_finish(struct tvk_inputs *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof(*l));
}
