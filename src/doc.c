/*
 * One document through the whole pipeline.  Every stage writes into the
 * document's arena, so the only thing to free is the document.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tvk/doc.h>
#include <tvk/tvk.h>
#include <tvk/layout.h>
#include <tvk/ocr.h>
#include <tvk/pdf.h>
#include <tvk/repair.h>
#include <tvk/validate.h>

#include "config.h"
#include "util.h"

/* Far beyond any publication (the national compendium is ~1 MB); a
 * larger input is refused rather than read into memory. */
#define MAX_INPUT_SIZE (512u * 1024 * 1024)

const char *tvk_version(void)
{
	return TVK_VERSION;
}

static void add_doc_problem(struct tvk_doc *doc, int page, const char *fmt, ...)
		TVK_PRINTF(3, 4);

static void add_doc_problem(struct tvk_doc *doc, int page, const char *fmt, ...)
{
	tvk_grow((void **)&doc->problems, &doc->cap_problems,
			doc->n_problems + 1, sizeof(*doc->problems));
	va_list ap;
	va_start(ap, fmt);
	char buf[512];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	doc->problems[doc->n_problems++] = (struct tvk_doc_problem){
		page, tvk_arena_strdup(doc->arena, buf)};
}

static int read_file(const char *path, unsigned char **data, size_t *size,
		struct tvk_error *err)
{
	/* O_NONBLOCK: a FIFO or a device named .pdf must not hang the batch
	 * before it can be told apart from a file. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return tvk_error_set(err, TVK_ERR_IO, path, 0, "cannot open: %s",
			strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return tvk_error_set(err, TVK_ERR_IO, path, 0,
			"not a regular file");
	}
	if ((unsigned long long)st.st_size > MAX_INPUT_SIZE) {
		close(fd);
		return tvk_error_set(err, TVK_ERR_LIMIT, path, 0,
			"file too large (%lld bytes; tvk reads at most %u)",
			(long long)st.st_size, MAX_INPUT_SIZE);
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size : 0;
	unsigned char *buf = tvk_xmalloc(cap + 1);
	size_t n = 0;
	while (n < cap) {
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (n != cap) {
		free(buf);
		return tvk_error_set(err, TVK_ERR_IO, path, 0,
			"cannot read the whole file");
	}
	if (n == 0) {
		free(buf);
		return tvk_error_set(err, TVK_ERR_NOT_PDF, path, 0,
			"empty file");
	}
	*data = buf;
	*size = n;
	return 0;
}

struct tvk_doc *tvk_doc_create(const char *name)
{
	struct tvk_doc *doc = tvk_xcalloc(1, sizeof(*doc));
	doc->arena = tvk_arena_create();
	doc->path = tvk_arena_strdup(doc->arena, name ? name : "");
	return doc;
}

struct tvk_doc *tvk_doc_from_bytes(const char *name, const void *data,
		size_t size)
{
	struct tvk_doc *doc = tvk_doc_create(name);
	unsigned char *copy = tvk_xmalloc(size ? size : 1);
	if (size)
		memcpy(copy, data, size);
	doc->data = copy;
	doc->size = size;
	tvk_sha256_hex(copy, size, doc->sha256);
	return doc;
}

struct tvk_doc *tvk_doc_open(const char *path, struct tvk_error *err)
{
	unsigned char *data = NULL;
	size_t size = 0;
	if (read_file(path, &data, &size, err) != 0)
		return NULL;
	struct tvk_doc *doc = tvk_doc_create(path);
	doc->data = data;
	doc->size = size;
	tvk_sha256_hex(data, size, doc->sha256);
	return doc;
}

void tvk_doc_destroy(struct tvk_doc *doc)
{
	if (!doc)
		return;
	tvk_pdf_destroy(doc->pdf);
	free((void *)doc->data);
	free(doc->problems);
	tvk_arena_destroy(doc->arena);
	free(doc);
}

/* Lines for the pages that have none yet. */
static void layout_pages(struct tvk_doc *doc)
{
	if (!doc->lines) {
		size_t n = doc->n_pages > 0 ? (size_t)doc->n_pages : 1;
		doc->lines = tvk_arena_array(doc->arena, n, sizeof(*doc->lines));
		doc->n_lines = tvk_arena_array(doc->arena, n,
				sizeof(*doc->n_lines));
	}
	for (int i = 0; i < doc->n_pages; i++)
		if (!doc->lines[i] && doc->pages[i].n_words)
			doc->n_lines[i] = tvk_layout_lines(&doc->pages[i],
					doc->arena, &doc->lines[i]);
}

/*
 * A page without a text layer (or every page, with --ocr=always) is read
 * by tesseract into the same words with boxes as any other page.
 */
static int ocr_page(struct tvk_doc *doc, int i, const struct tvk_options *opt,
		struct tvk_error *err)
{
	struct tvk_page *page = &doc->pages[i];
	struct tvk_error oerr;
	tvk_error_clear(&oerr);
	struct tvk_ocr *ocr = tvk_ocr_for_thread(&oerr);
	if (!ocr) {
		if (opt->ocr == TVK_OCR_ALWAYS)
			return tvk_error_set(err, TVK_ERR_OCR, doc->path, 0,
				"--ocr=always: %s", oerr.message);
		add_doc_problem(doc, i + 1, "the page has no text layer and "
			"cannot be read: %s", oerr.message);
		return 0;
	}
	struct tvk_image image;
	if (tvk_pdf_render(doc->pdf, i, TVK_OCR_DPI, &image, err) != 0)
		return -1;
	struct tvk_page ocred = *page;
	int rc = tvk_ocr_page(ocr, &image, doc->arena, &ocred, err);
	free(image.pixels);
	if (rc != 0)
		return -1;
	*page = ocred;
	return 0;
}

int tvk_doc_lines(struct tvk_doc *doc, const struct tvk_options *opt,
		struct tvk_error *err)
{
	static const struct tvk_options defaults = {0};
	if (!opt)
		opt = &defaults;
	doc->pdf = tvk_pdf_open(doc->data, doc->size, doc->path, err);
	if (!doc->pdf)
		return -1;
	int n = tvk_pdf_page_count(doc->pdf);
	if (n <= 0)
		return tvk_error_set(err, TVK_ERR_NO_TABLE, doc->path, 0,
			"the PDF has no pages");
	doc->n_pages = n;
	doc->pages = tvk_arena_array(doc->arena, (size_t)n, sizeof(*doc->pages));
	for (int i = 0; i < n; i++) {
		if (tvk_pdf_page_words(doc->pdf, i, doc->arena, &doc->pages[i],
				err) != 0)
			return -1;
		bool none = doc->pages[i].layer == TVK_LAYER_NONE;
		if (opt->ocr == TVK_OCR_ALWAYS ||
				(opt->ocr == TVK_OCR_AUTO && none)) {
			if (ocr_page(doc, i, opt, err) != 0)
				return -1;
		} else if (none) {
			add_doc_problem(doc, i + 1, "the page has no text layer "
				"(an image-only scan); skipped (--ocr=never)");
		}
	}
	layout_pages(doc);
	return 0;
}

int tvk_doc_analyse(struct tvk_doc *doc, struct tvk_lexer *lexer,
		struct tvk_error *err)
{
	layout_pages(doc);
	size_t total = 0;
	for (int i = 0; i < doc->n_pages; i++)
		total += doc->n_lines[i];
	doc->n_lexemes = 0;
	doc->lexemes = tvk_arena_array(doc->arena, total ? total : 1,
			sizeof(*doc->lexemes));
	for (int i = 0; i < doc->n_pages; i++)
		for (size_t k = 0; k < doc->n_lines[i]; k++)
			tvk_lex_line(lexer, &doc->lines[i][k], doc->arena,
				&doc->lexemes[doc->n_lexemes++]);

	doc->n_tables = tvk_table_build(doc->lexemes, doc->n_lexemes,
			doc->pages, doc->n_pages, lexer, doc->arena, &doc->tables);
	if (doc->n_tables == 0) {
		size_t no_text = 0;
		for (int i = 0; i < doc->n_pages; i++)
			no_text += doc->pages[i].layer == TVK_LAYER_NONE;
		if (doc->n_pages > 0 && no_text == (size_t)doc->n_pages)
			return tvk_error_set(err, TVK_ERR_OCR, doc->path, 0,
				"no page has a text layer (an image-only scan)");
		return tvk_error_set(err, TVK_ERR_NO_TABLE, doc->path, 0,
			"no table of the publication found");
	}
	for (size_t i = 0; i < doc->n_tables; i++) {
		tvk_repair_table(&doc->tables[i], doc->arena);
		tvk_validate_table(&doc->tables[i], doc->arena);
	}
	return 0;
}

int tvk_doc_convert(struct tvk_doc *doc, const struct tvk_options *opt,
		struct tvk_lexer *lexer, struct tvk_error *err)
{
	int rc = tvk_doc_lines(doc, opt, err);
	if (rc == 0)
		rc = tvk_doc_analyse(doc, lexer, err);
	if (rc == 0 && (!opt || (opt->ocr != TVK_OCR_NEVER &&
			!opt->no_second_look)))
		tvk_ocr_second_look(doc);
	tvk_pdf_destroy(doc->pdf);
	doc->pdf = NULL;
	return rc;
}
