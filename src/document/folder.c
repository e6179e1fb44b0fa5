/*
 * A converted folder read back (folder.h): its record first, then every
 * JSON file below it through the one reader, each kept as what it is.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/dir.h"
#include "document/folder.h"

struct reading {
	struct tvk_folder *f;
	const char *dir;
	char *index; /* DIR/index.json, read first */
	size_t cap_docs, cap_others;
	struct tvk_error *err;
};

static void other(struct reading *rd, const char *path,
		struct tvk_json_file *j)
{
	struct tvk_folder *f = rd->f;
	tvk_grow((void **)&f->others, &rd->cap_others, f->n_others + 1,
		sizeof(*f->others));
	f->others[f->n_others++] = (struct tvk_folder_other){
		tvk_xstrdup(path), j->kind, j->line, j->text, j->version};
	j->text = NULL;
}

static void read_json(struct reading *rd, const char *path, bool top)
{
	struct tvk_folder *f = rd->f;
	struct tvk_json_file j;
	tvk_json_file_read(path, &j);
	switch (j.kind) {
	case TVK_JSON_DAMAGED:
	case TVK_JSON_FOREIGN:
	case TVK_JSON_VERSION:
	case TVK_JSON_NONCONFORMING:
		other(rd, path, &j);
		break;
	case TVK_JSON_RECORD:
		/* the folder's own record of its runs (the top one); one
		 * deeper down is another folder's, passed over */
		if (top) {
			f->has_record = true;
			f->inputs = j.inputs;
			f->n_inputs = j.n_inputs;
			j.inputs = NULL;
			j.n_inputs = 0;
		}
		break;
	case TVK_JSON_PACKAGE: /* a data package: passed over */
		break;
	case TVK_JSON_DOCUMENT:
		tvk_grow((void **)&f->docs, &rd->cap_docs, f->n_docs + 1,
			sizeof(*f->docs));
		f->paths = tvk_xrealloc(f->paths, rd->cap_docs,
			sizeof(*f->paths));
		f->docs[f->n_docs] = j.doc;
		f->paths[f->n_docs++] = tvk_xstrdup(path + strlen(rd->dir) + 1);
		j.doc = NULL;
		break;
	}
	tvk_json_file_finish(&j);
}

/* A file of the walk (tvk_walk_fn): the JSON files are read, the record
 * was already; a folder or file that cannot be reached is the caller's
 * error. */
static int take_file(void *data, const char *path, const struct stat *st)
{
	struct reading *rd = data;
	if (!st)
		return tvk_error_set(rd->err, TVK_ERR_IO, path, 0,
			"cannot read: %s", strerror(errno));
	if (tvk_ends_with(path, ".json") && strcmp(path, rd->index) != 0)
		read_json(rd, path, false);
	return 0;
}

int tvk_folder_read(const char *dir, struct tvk_folder *f,
		struct tvk_error *err)
{
	memset(f, 0, sizeof(*f));
	/* "out/" walks as "out": its files are "out/2025-Q2/...", not
	 * "out//2025-Q2/..." */
	char *root = tvk_xstrdup(dir);
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = '\0';
	struct reading rd = {.f = f, .dir = root, .err = err,
		.index = tvk_xasprintf("%s/index.json", root)};
	struct stat st;
	if (stat(rd.index, &st) == 0 && S_ISREG(st.st_mode))
		read_json(&rd, rd.index, true);
	struct tvk_seen seen = {0};
	if (stat(root, &st) == 0)
		tvk_seen_add(&seen, &st);
	int rc = tvk_walk(root, &seen, take_file, &rd);
	tvk_seen_finish(&seen);
	free(rd.index);
	free(root);
	if (rc != 0) {
		tvk_folder_finish(f);
		return -1;
	}
	return 0;
}

void tvk_folder_finish(struct tvk_folder *f)
{
	for (size_t i = 0; i < f->n_docs; i++) {
		tvk_document_destroy(f->docs[i]);
		free(f->paths[i]);
	}
	free(f->docs);
	free(f->paths);
	for (size_t i = 0; i < f->n_inputs; i++) {
		free(f->inputs[i].file);
		free(f->inputs[i].status);
		free(f->inputs[i].error);
	}
	free(f->inputs);
	for (size_t i = 0; i < f->n_others; i++) {
		free(f->others[i].path);
		free(f->others[i].text);
	}
	free(f->others);
	memset(f, 0, sizeof(*f));
}
