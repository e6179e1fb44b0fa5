/*
 * One input through the whole pipeline: each stage a function from the
 * previous one's value to its own, every value in the input's arena, so
 * the only thing to free is the input.  This file owns the loop of
 * the second look: a scanned table that does not add up is read again
 * from its page images, repaired and checked anew, and the new reading
 * kept only if its verdict holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/input.h>

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

/* Far beyond any edition too: the national compendium has fewer than a
 * hundred pages, a year's archive bound in one file some hundreds.  A
 * file of 20,000 pages is stopped at once rather than read to its
 * timeout. */
#define MAX_PAGES 5000

/* The resolution at which a page without a text layer is first looked
 * at for ink: a page left white there (anti-aliasing greys even a
 * hairline) holds nothing OCR could read. */
#define INK_DPI 18

static void add_problem(struct tvk_input *in, int page, const char *fmt, ...)
		TVK_PRINTF(3, 4);

static void add_problem(struct tvk_input *in, int page, const char *fmt, ...)
{
	in->problems = tvk_arena_grow(in->arena, in->problems,
			in->n_problems, sizeof(*in->problems));
	va_list ap;
	va_start(ap, fmt);
	char buf[512];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	in->problems[in->n_problems++] = (struct tvk_input_problem){
		page, tvk_arena_strdup(in->arena, buf)};
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

struct tvk_input *tvk_input_create(const char *name)
{
	struct tvk_input *in = tvk_xcalloc(1, sizeof(*in));
	in->arena = tvk_arena_create();
	in->path = tvk_arena_strdup(in->arena, name ? name : "");
	return in;
}

struct tvk_input *tvk_input_from_bytes(const char *name, const void *data,
		size_t size)
{
	struct tvk_input *in = tvk_input_create(name);
	unsigned char *copy = tvk_xmalloc(size ? size : 1);
	if (size)
		memcpy(copy, data, size);
	in->data = copy;
	in->size = size;
	tvk_sha256_hex(copy, size, in->sha256);
	return in;
}

struct tvk_input *tvk_input_open(const char *path, struct tvk_error *err)
{
	unsigned char *data = NULL;
	size_t size = 0;
	if (read_file(path, &data, &size, err) != 0)
		return NULL;
	struct tvk_input *in = tvk_input_create(path);
	in->data = data;
	in->size = size;
	tvk_sha256_hex(data, size, in->sha256);
	return in;
}

void tvk_input_destroy(struct tvk_input *in)
{
	if (!in)
		return;
	tvk_pdf_destroy(in->pdf);
	free((void *)in->data);
	tvk_arena_destroy(in->arena);
	free(in);
}

/* Lines for the pages that have none yet. */
static void layout_pages(struct tvk_input *in)
{
	if (!in->lines) {
		size_t n = in->n_pages > 0 ? (size_t)in->n_pages : 1;
		in->lines = tvk_arena_array(in->arena, n, sizeof(*in->lines));
		in->n_lines = tvk_arena_array(in->arena, n,
				sizeof(*in->n_lines));
	}
	for (int i = 0; i < in->n_pages; i++)
		if (!in->lines[i] && in->pages[i].n_words)
			in->n_lines[i] = tvk_layout_lines(&in->pages[i],
					in->arena, &in->lines[i]);
}

/* Whether page @i has no ink at all (a render that fails is left to the
 * OCR's own, which says why). */
static bool blank(struct tvk_input *in, int i)
{
	struct tvk_image image;
	struct tvk_error ignored;
	tvk_error_clear(&ignored);
	if (tvk_pdf_render(in->pdf, i, INK_DPI, &image, &ignored) != 0)
		return false;
	bool white = true;
	for (int y = 0; y < image.height && white; y++) {
		const unsigned char *row = image.pixels + (size_t)y *
			(size_t)image.stride;
		for (int x = 0; x < image.width && white; x++)
			white = row[x] == 255;
	}
	free(image.pixels);
	return white;
}

/*
 * A page without a text layer (or every page, with --ocr=always) is read
 * by tesseract into the same words with boxes as any other page.
 */
static int ocr_page(struct tvk_input *in, int i, const struct tvk_options *opt,
		struct tvk_error *err)
{
	struct tvk_page *page = &in->pages[i];
	/* a blank page (20,000 of them in a hostile file) needs no OCR */
	if (page->layer == TVK_LAYER_NONE && blank(in, i))
		return 0;
	struct tvk_error oerr;
	tvk_error_clear(&oerr);
	struct tvk_ocr *ocr = tvk_ocr_for_thread(&oerr);
	if (!ocr) {
		if (opt->ocr == TVK_OCR_ALWAYS)
			return tvk_error_set(err, TVK_ERR_OCR, in->path, 0,
				"--ocr=always: %s", oerr.message);
		add_problem(in, i + 1, "the page has no text layer and "
			"cannot be read: %s", oerr.message);
		return 0;
	}
	struct tvk_image image;
	if (tvk_pdf_render(in->pdf, i, TVK_OCR_DPI, &image, err) != 0)
		return -1;
	/* OCR reads the page as displayed, however its text layer ran */
	struct tvk_page ocred = *page;
	if (ocred.turn % 2) {
		ocred.width = page->height;
		ocred.height = page->width;
	}
	ocred.turn = 0;
	int rc = tvk_ocr_page(ocr, &image, in->arena, &ocred, err);
	free(image.pixels);
	if (rc != 0)
		return -1;
	*page = ocred;
	return 0;
}

int tvk_input_lines(struct tvk_input *in, const struct tvk_options *opt,
		struct tvk_error *err)
{
	static const struct tvk_options defaults = {0};
	if (!opt)
		opt = &defaults;
	in->pdf = tvk_pdf_open(in->data, in->size, in->path, err);
	if (!in->pdf)
		return -1;
	int n = tvk_pdf_page_count(in->pdf);
	if (n <= 0)
		return tvk_error_set(err, TVK_ERR_NO_TABLE, in->path, 0,
			"the PDF has no pages");
	if (n > MAX_PAGES)
		return tvk_error_set(err, TVK_ERR_LIMIT, in->path, 0,
			"%d pages: far more than any edition of the publication "
			"has (tvk reads at most %d)", n, MAX_PAGES);
	in->n_pages = n;
	in->pages = tvk_arena_array(in->arena, (size_t)n, sizeof(*in->pages));
	for (int i = 0; i < n; i++) {
		if (tvk_pdf_page_words(in->pdf, i, in->arena, &in->pages[i],
				err) != 0)
			return -1;
		bool none = in->pages[i].layer == TVK_LAYER_NONE;
		if (opt->ocr == TVK_OCR_ALWAYS ||
				(opt->ocr == TVK_OCR_AUTO && none)) {
			if (ocr_page(in, i, opt, err) != 0)
				return -1;
		} else if (none) {
			add_problem(in, i + 1, "the page has no text layer "
				"(an image-only scan); skipped (--ocr=never)");
		}
	}
	layout_pages(in);
	return 0;
}

const char *tvk_input_line_kind(struct tvk_input *in, struct tvk_lexer *lexer,
		const struct tvk_line *line)
{
	struct tvk_lexeme lx;
	tvk_lex_line(lexer, line, in->arena, &lx);
	return tvk_line_kind_name(lx.kind);
}

int tvk_input_analyse(struct tvk_input *in, struct tvk_lexer *lexer,
		struct tvk_error *err)
{
	layout_pages(in);
	size_t total = 0;
	for (int i = 0; i < in->n_pages; i++)
		total += in->n_lines[i];
	in->n_lexemes = 0;
	in->lexemes = tvk_arena_array(in->arena, total ? total : 1,
			sizeof(*in->lexemes));
	for (int i = 0; i < in->n_pages; i++)
		for (size_t k = 0; k < in->n_lines[i]; k++)
			tvk_lex_line(lexer, &in->lines[i][k], in->arena,
				&in->lexemes[in->n_lexemes++]);

	struct tvk_table *raw;
	in->n_tables = tvk_table_build(in->lexemes, in->n_lexemes,
			in->pages, in->n_pages, lexer, in->arena, &raw);
	if (in->n_tables == 0) {
		size_t no_text = 0;
		for (int i = 0; i < in->n_pages; i++)
			no_text += in->pages[i].layer == TVK_LAYER_NONE;
		if (in->n_pages > 0 && no_text == (size_t)in->n_pages)
			return tvk_error_set(err, TVK_ERR_OCR, in->path, 0,
				"no page has a text layer (an image-only scan)");
		return tvk_error_set(err, TVK_ERR_NO_TABLE, in->path, 0,
			"no table of the publication found");
	}
	in->tables = tvk_arena_array(in->arena, in->n_tables,
		sizeof(*in->tables));
	for (size_t i = 0; i < in->n_tables; i++) {
		struct tvk_input_table *t = &in->tables[i];
		t->raw = raw[i];
		tvk_repair_read(&t->raw, NULL, in->arena, &t->reading);
		tvk_validate_check(&t->raw, &t->reading, in->arena, &t->verdict);
	}
	return 0;
}

static bool page_is_scanned(struct tvk_input *in, int page)
{
	if (page < 1 || page > in->n_pages)
		return false;
	return in->pages[page - 1].layer == TVK_LAYER_OCR ||
		tvk_pdf_page_is_scan(in->pdf, page - 1);
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
static void look_again(struct tvk_input *in, struct tvk_input_table *t,
		struct tvk_ocr *ocr)
{
	int first = t->raw.first_page, n = t->raw.last_page - first + 1;
	struct tvk_image *pages = tvk_xcalloc((size_t)n, sizeof(*pages));
	for (int p = 0; p < n; p++) {
		struct tvk_error err;
		tvk_error_clear(&err);
		if (tvk_pdf_render(in->pdf, first + p - 1, TVK_OCR_DPI,
				&pages[p], &err) != 0)
			pages[p].pixels = NULL;
	}
	struct tvk_rereads rereads;
	size_t read = tvk_second_look(&t->raw, &t->reading, &t->verdict,
		pages, first, n, ocr, in->arena, &rereads);
	for (int p = 0; p < n; p++)
		free(pages[p].pixels);
	free(pages);
	if (read == 0)
		return;
	struct tvk_reading reading;
	struct tvk_verdict verdict;
	tvk_repair_read(&t->raw, &rereads, in->arena, &reading);
	tvk_validate_check(&t->raw, &reading, in->arena, &verdict);
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
static bool sums_fail(const struct tvk_input_table *t)
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
static void second_looks(struct tvk_input *in)
{
	if (!in->pdf)
		return;
	for (size_t i = 0; i < in->n_tables; i++) {
		struct tvk_input_table *t = &in->tables[i];
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
			scanned = page_is_scanned(in, p) &&
				in->pages[p - 1].turn == 0;
		if (!scanned)
			continue;
		struct tvk_error err;
		tvk_error_clear(&err);
		struct tvk_ocr *ocr = tvk_ocr_for_thread(&err);
		if (!ocr)
			return;
		look_again(in, t, ocr);
	}
}

int tvk_input_convert(struct tvk_input *in, const struct tvk_options *opt,
		struct tvk_lexer *lexer, struct tvk_error *err)
{
	int rc = tvk_input_lines(in, opt, err);
	if (rc == 0)
		rc = tvk_input_analyse(in, lexer, err);
	if (rc == 0 && (!opt || (opt->ocr != TVK_OCR_NEVER &&
			!opt->no_second_look)))
		second_looks(in);
	tvk_pdf_destroy(in->pdf);
	in->pdf = NULL;
	return rc;
}
