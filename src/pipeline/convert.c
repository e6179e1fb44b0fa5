/*
 * One document through the whole pipeline: each stage a function from the
 * previous one's value to its own, every value in the document's arena,
 * so the only thing to free is the document.  This file owns the loop of
 * the second look: a scanned table that does not add up is read again
 * from its page images, repaired and checked anew, and the new reading
 * kept only if its verdict holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tvk/doc.h>

#include "base/arena.h"
#include "base/files.h"
#include "base/sha256.h"
#include "pipeline/convert.h"
#include "pipeline/second-look.h"
#include "read/layout.h"
#include "read/lex.h"
#include "read/ocr.h"
#include "read/pdf.h"
#include "repair/repair.h"
#include "table/table.h"
#include "validate/validate.h"

/* Far beyond any publication (the national compendium is ~1 MB); a
 * larger input is refused rather than read into memory. */
#define MAX_INPUT_SIZE (512u * 1024 * 1024)

static void add_doc_problem(struct tvk_doc *doc, int page, const char *fmt, ...)
		TVK_PRINTF(3, 4);

static void add_doc_problem(struct tvk_doc *doc, int page, const char *fmt, ...)
{
	doc->problems = tvk_arena_grow(doc->arena, doc->problems,
			doc->n_problems, sizeof(*doc->problems));
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
	size_t n;
	unsigned char *buf = (unsigned char *)tvk_files_read_fd(fd,
		MAX_INPUT_SIZE, &n);
	if (!buf && errno == EINVAL)
		return tvk_error_set(err, TVK_ERR_IO, path, 0,
			"not a regular file");
	if (!buf && errno == EFBIG)
		return tvk_error_set(err, TVK_ERR_LIMIT, path, 0,
			"file too large (%zu bytes or more; tvk reads at most "
			"%u)", n, MAX_INPUT_SIZE);
	if (!buf)
		return tvk_error_set(err, TVK_ERR_IO, path, 0,
			"cannot read: %s", strerror(errno));
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
	/* OCR reads the page as displayed, however its text layer ran */
	struct tvk_page ocred = *page;
	if (ocred.turn % 2) {
		ocred.width = page->height;
		ocred.height = page->width;
	}
	ocred.turn = 0;
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

const char *tvk_doc_line_kind(struct tvk_doc *doc, struct tvk_lexer *lexer,
		const struct tvk_line *line)
{
	struct tvk_lexeme lx;
	tvk_lex_line(lexer, line, doc->arena, &lx);
	return tvk_line_kind_name(lx.kind);
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

	struct tvk_table *raw;
	doc->n_tables = tvk_table_build(doc->lexemes, doc->n_lexemes,
			doc->pages, doc->n_pages, lexer, doc->arena, &raw);
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
	doc->tables = tvk_arena_array(doc->arena, doc->n_tables,
		sizeof(*doc->tables));
	for (size_t i = 0; i < doc->n_tables; i++) {
		struct tvk_doc_table *t = &doc->tables[i];
		t->raw = raw[i];
		tvk_repair_read(&t->raw, NULL, doc->arena, &t->reading);
		tvk_validate_check(&t->raw, &t->reading, doc->arena, &t->verdict);
	}
	return 0;
}

static bool page_is_scanned(struct tvk_doc *doc, int page)
{
	if (page < 1 || page > doc->n_pages)
		return false;
	return doc->pages[page - 1].layer == TVK_LAYER_OCR ||
		tvk_pdf_page_is_scan(doc->pdf, page - 1);
}

static size_t misreads(const struct tvk_reading *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->repairs.n; i++)
		n += r->repairs.items[i].kind == TVK_REPAIR_MISREAD;
	return n;
}

/*
 * The second look at one table (second.h): its pages rendered as the OCR
 * stage renders them, the suspect cells read again, the table read and
 * checked anew with those readings; the new reading replaces the old
 * only when its verdict holds.
 */
static void look_again(struct tvk_doc *doc, struct tvk_doc_table *t,
		struct tvk_ocr *ocr)
{
	int first = t->raw.first_page, n = t->raw.last_page - first + 1;
	struct tvk_image *pages = tvk_xcalloc((size_t)n, sizeof(*pages));
	for (int p = 0; p < n; p++) {
		struct tvk_error err;
		tvk_error_clear(&err);
		if (tvk_pdf_render(doc->pdf, first + p - 1, TVK_OCR_DPI,
				&pages[p], &err) != 0)
			pages[p].pixels = NULL;
	}
	struct tvk_rereads rereads;
	size_t read = tvk_second_look(&t->raw, &t->reading, &t->verdict,
		pages, first, n, ocr, doc->arena, &rereads);
	for (int p = 0; p < n; p++)
		free(pages[p].pixels);
	free(pages);
	if (read == 0)
		return;
	struct tvk_reading reading;
	struct tvk_verdict verdict;
	tvk_repair_read(&t->raw, &rereads, doc->arena, &reading);
	tvk_validate_check(&t->raw, &reading, doc->arena, &verdict);
	if (verdict.status == TVK_STATUS_INVALID)
		return;
	t->n_second_looks = misreads(&reading) - misreads(&t->reading);
	t->reading = reading;
	t->verdict = verdict;
}

/* True when a row's or a column's sum fails or cannot be made: what the
 * second look can mend.  A table invalid for another reason (a
 * municipality missing or of another year, a row without a code) it
 * cannot. */
static bool sums_fail(const struct tvk_doc_table *t)
{
	for (size_t r = 0; t->verdict.row_fails && r <= t->raw.n_rows; r++)
		if (t->verdict.row_fails[r])
			return true;
	for (int f = 0; f < TVK_N_FIELDS; f++)
		if (t->verdict.col_fails[f])
			return true;
	return false;
}

/* Every region table on scanned pages whose sums do not hold gets its
 * second look; tesseract is loaded only when one needs it. */
static void second_looks(struct tvk_doc *doc)
{
	if (!doc->pdf)
		return;
	for (size_t i = 0; i < doc->n_tables; i++) {
		struct tvk_doc_table *t = &doc->tables[i];
		if (t->raw.kind != TVK_TABLE_REGION ||
				t->verdict.status != TVK_STATUS_INVALID ||
				!t->raw.has_total || t->raw.n_rows == 0 ||
				!sums_fail(t))
			continue;
		/* (its crops are cut from the page as displayed: not for a
		 * text layer read turned) */
		bool scanned = true;
		for (int p = t->raw.first_page; p <= t->raw.last_page &&
				scanned; p++)
			scanned = page_is_scanned(doc, p) &&
				doc->pages[p - 1].turn == 0;
		if (!scanned)
			continue;
		struct tvk_error err;
		tvk_error_clear(&err);
		struct tvk_ocr *ocr = tvk_ocr_for_thread(&err);
		if (!ocr)
			return;
		look_again(doc, t, ocr);
	}
}

int tvk_doc_convert(struct tvk_doc *doc, const struct tvk_options *opt,
		struct tvk_lexer *lexer, struct tvk_error *err)
{
	int rc = tvk_doc_lines(doc, opt, err);
	if (rc == 0)
		rc = tvk_doc_analyse(doc, lexer, err);
	if (rc == 0 && (!opt || (opt->ocr != TVK_OCR_NEVER &&
			!opt->no_second_look)))
		second_looks(doc);
	tvk_pdf_destroy(doc->pdf);
	doc->pdf = NULL;
	return rc;
}
