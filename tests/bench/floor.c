/*
 * The floor of the benchmark: what poppler's own text extraction costs,
 * which tvk cannot go below.  One process opens every PDF it is given
 * (files, or folders walked recursively) and calls poppler_page_get_text()
 * and poppler_page_get_text_layout() on every page; nothing else.
 *
 * poppler frees its global tables (fonts, encodings, CMaps) when its last
 * document closes and reads them again for the next; like tvk, this keeps
 * the first document open to the end, so that the floor is poppler's
 * extraction and not its start-up repeated for every file.
 *
 *     cc -O2 floor.c $(pkg-config --cflags --libs poppler-glib) -o floor
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <poppler.h>

static PopplerDocument *anchor;

static void extract(const char *path)
{
	gchar *abs = g_canonicalize_filename(path, NULL);
	gchar *uri = g_filename_to_uri(abs, NULL, NULL);
	g_free(abs);
	GError *err = NULL;
	PopplerDocument *doc = uri ? poppler_document_new_from_file(uri, NULL,
		&err) : NULL;
	g_free(uri);
	if (!doc) {
		if (err)
			g_error_free(err);
		return;
	}
	int n = poppler_document_get_n_pages(doc);
	for (int i = 0; i < n; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *text = poppler_page_get_text(page);
		PopplerRectangle *rects = NULL;
		guint n_rects = 0;
		poppler_page_get_text_layout(page, &rects, &n_rects);
		g_free(rects);
		g_free(text);
		g_object_unref(page);
	}
	if (!anchor)
		anchor = doc;
	else
		g_object_unref(doc);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		extract(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
		sprintf(names[n++], "%s/%s", path, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		walk(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		walk(argv[i]);
	if (anchor)
		g_object_unref(anchor);
	return 0;
}
