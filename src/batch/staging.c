/*
 * Documents written ahead while the run lasts (staging.h says why), into
 * DIR/.tvk-staging, and renamed into place when the merge leaves them as
 * they were.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <tvk/emit.h>

#include "base/arena.h"
#include "base/files.h"
#include "base/path.h"
#include "base/sha256.h"
#include "batch/staging.h"
#include "document/emit.h"

struct tvk_staged {
	char *rel;        /* where the document goes, under DIR */
	char sha256[65];  /* of the text written ahead */
	bool contested;   /* another document came for the place */
};

/* The staged documents by place: an open-addressed table of indexes
 * into s->items (plus one; 0 is an empty slot). */
static size_t *slot_of(struct tvk_staging *s, const char *rel)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *p = rel; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	size_t mask = s->n_slots - 1, i = h & mask;
	while (s->slots[i] && strcmp(s->items[s->slots[i] - 1].rel, rel) != 0)
		i = (i + 1) & mask;
	return &s->slots[i];
}

static void grow_slots(struct tvk_staging *s)
{
	free(s->slots);
	s->n_slots = s->n_slots ? 2 * s->n_slots : 256;
	s->slots = tvk_xcalloc(s->n_slots, sizeof(*s->slots));
	for (size_t i = 0; i < s->n; i++)
		*slot_of(s, s->items[i].rel) = i + 1;
}

static char *staged_name(size_t number)
{
	return tvk_xasprintf("%s/%zu.json", TVK_STAGING_DIR, number);
}

void tvk_staging_add(struct tvk_staging *s, const struct tvk_outcome *o)
{
	const char *dir = s->dir;
	for (size_t k = 0; dir && !s->off && k < o->n_docs; k++) {
		const struct tvk_document *d = o->docs[k];
		/* A table of unknown region may find its place taken. */
		if (d->kind != TVK_TABLE_NATIONAL && d->region == 0)
			continue;
		struct tvk_period period = {.year = d->year,
			.quarter = d->quarter};
		char *path = tvk_emit_path(dir, d->kind, &period, d->region,
			d->first_page, 1);
		const char *rel = tvk_files_below(path, dir);
		if (2 * (s->n + 1) > s->n_slots)
			grow_slots(s);
		size_t *slot = slot_of(s, rel);
		if (*slot) {
			/* Merged with it or kept beside it, the document
			 * there will not be the text written ahead. */
			s->items[*slot - 1].contested = true;
		} else if (!tvk_files_exists_under(dir, rel)) {
			char *json = tvk_emit_document_in(d, 0, s->folder);
			size_t len = strlen(json);
			char *name = staged_name(s->n);
			struct tvk_error err;
			tvk_error_clear(&err);
			if (tvk_files_write_under(dir, name, json, len,
					&err) == 0) {
				tvk_grow((void **)&s->items, &s->cap, s->n + 1,
					sizeof(*s->items));
				struct tvk_staged *st = &s->items[s->n++];
				*st = (struct tvk_staged){.rel = tvk_xstrdup(rel)};
				tvk_sha256_hex(json, len, st->sha256);
				*slot = s->n;
			} else {
				/* A full disk, or a link in the way: all is
				 * written at the end, a failure said then. */
				s->off = true;
			}
			free(name);
			free(json);
		}
		free(path);
	}
}

int tvk_staging_place(struct tvk_staging *s, const char *rel,
		const char *sha256)
{
	size_t index = s->n_slots ? *slot_of(s, rel) : 0;
	if (index == 0)
		return -1;
	struct tvk_staged *st = &s->items[index - 1];
	if (st->contested || strcmp(st->sha256, sha256) != 0)
		return -1;
	char *name = staged_name(index - 1);
	struct tvk_error err;
	tvk_error_clear(&err);
	int rc = tvk_files_move_under(s->dir, name, rel, &err);
	free(name);
	return rc;
}

void tvk_staging_begin(struct tvk_staging *s, const char *dir)
{
	tvk_staging_finish(s);
	tvk_files_remove_folder_under(dir, TVK_STAGING_DIR);
	s->dir = dir;
	char *path = tvk_xasprintf("%s/%s", dir, TVK_STAGING_DIR);
	struct stat st;
	if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode) &&
			!S_ISLNK(st.st_mode)) {
		s->refused = S_ISREG(st.st_mode) ? "a file" :
			tvk_files_odd_kind(path);
		s->off = true;
	}
	free(path);
	s->folder = tvk_path_from_cwd(dir);
}

void tvk_staging_finish(struct tvk_staging *s)
{
	if (s->dir)
		tvk_files_remove_folder_under(s->dir, TVK_STAGING_DIR);
	for (size_t i = 0; i < s->n; i++)
		free(s->items[i].rel);
	free(s->items);
	free(s->slots);
	free(s->folder);
	*s = (struct tvk_staging){0};
}
