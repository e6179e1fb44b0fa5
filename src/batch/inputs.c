/*
 * Finding the inputs: files as given, folders walked recursively in byte
 * order, taking the files that are PDFs by content or by name.  Every
 * folder is walked once and every file taken once, however many names or
 * symbolic links lead to it (by device and inode), so a link back up the
 * tree ends there instead of going round for ever.  A folder or file in
 * the tree that cannot be read is an input too, which fails with its
 * reason: nothing is passed over without a word.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/dir.h"
#include "batch/batch-internal.h"
#include "read/pdf.h"

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

/* A file of a folder's walk (tvk_walk_fn): a PDF is an input.  So is a
 * folder or file that cannot be read, to be reported with the reason
 * when it is read, rather than passed over: its PDFs would be lost
 * without a word. */
static int take_file(void *data, const char *path, const struct stat *st)
{
	if (!st || has_pdf_name(path) || looks_like_pdf(path))
		add_path(data, tvk_xstrdup(path));
	return 0;
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
			tvk_walk(dir, &seen, take_file, out);
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
