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
#include "base/macros.h"
#include "base/files.h"
#include "base/sha256.h"
#include "pipeline/convert.h"
#include "pipeline/second-look.h"
#include "read/image.h"
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

static void free_images(struct tvk_input *in)
{
	for (int i = 0; in->images && i < in->n_pages; i++)
		tvk_page_image_finish(&in->images[i]);
	free(in->images);
	in->images = NULL;
}

void tvk_input_destroy(struct tvk_input *in)
{
	if (!in)
		return;
	tvk_pdf_destroy(in->pdf);
	free_images(in);
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

/* Whether @image has no ink at all. */
static bool white(const struct tvk_image *image)
{
	for (int y = 0; y < image->height; y++) {
		const unsigned char *row = image->pixels + (size_t)y *
			(size_t)image->stride;
		for (int x = 0; x < image->width; x++)
			if (row[x] != 255)
				return false;
	}
	return true;
}

/* Whether page @i, rendered small, has no ink at all (a render that
 * fails is left to the OCR's own, which says why). */
static bool blank(struct tvk_input *in, int i)
{
	struct tvk_image image;
	struct tvk_error ignored;
	tvk_error_clear(&ignored);
	if (tvk_pdf_render(in->pdf, i, INK_DPI, &image, &ignored) != 0)
		return false;
	bool none = white(&image);
	free(image.pixels);
	return none;
}

/*
 * The picture of page @i, rendered at its scan's own resolution and made
 * fit to read at @at dpi (image.h); kept for the second look and the
 * other views.  NULL when it cannot be rendered, or when the page is
 * blank (*@is_blank): a blank page (20,000 of them in a hostile file)
 * needs no OCR.  A page without a scan's picture is looked at small
 * first; a scan's picture is decoded once, in its own resolution, and
 * seen blank there.
 */
static struct tvk_page_image *page_image(struct tvk_input *in, int i,
		double at, bool *is_blank, struct tvk_error *err)
{
	*is_blank = false;
	if (!in->images)
		in->images = tvk_xcalloc((size_t)in->n_pages,
			sizeof(*in->images));
	struct tvk_page_image *pi = &in->images[i];
	if (pi->image.pixels && pi->image.dpi == at)
		return pi;
	tvk_page_image_finish(pi);
	double dpi = tvk_pdf_page_scan_dpi(in->pdf, i);
	if (dpi <= 0 && blank(in, i)) {
		*is_blank = true;
		return NULL;
	}
	dpi = dpi < 100 ? TVK_IMAGE_DPI : dpi > 400 ? 400 : dpi;
	struct tvk_image render;
	if (tvk_pdf_render(in->pdf, i, dpi, &render, err) != 0)
		return NULL;
	int rc = -1;
	*is_blank = white(&render);
	if (!*is_blank)
		rc = tvk_image_prepare(&render, at, pi);
	free(render.pixels);
	return rc == 0 ? pi : NULL;
}

/*
 * How a picture is shown to tesseract: as it is; with its specks
 * whitened (tvk_image_despeckle()); and without its grid too
 * (tvk_image_wipe_rules()).  No view reads every page best (see
 * read_pictures()).
 */
enum view { VIEW_PLAIN, VIEW_CLEAN, VIEW_GRIDLESS };

/*
 * The words of @image, from a copy with its running text left out unless
 * @opt asks for whole pages (tvk_image_body_text()), blanked, which
 * tesseract then passes over, and shown in @view.
 */
static int read_picture(struct tvk_ocr *ocr, const struct tvk_image *image,
		const struct tvk_options *opt, enum view view,
		struct tvk_arena *arena, struct tvk_page *out, int *confidence,
		struct tvk_error *err)
{
	struct tvk_band *prose = NULL;
	size_t n = opt->whole_pages ? 0 : tvk_image_body_text(image, &prose);
	struct tvk_image copy = *image;
	copy.stride = image->width;
	copy.pixels = tvk_xmalloc((size_t)image->width * (size_t)image->height);
	for (int y = 0; y < image->height; y++)
		memcpy(copy.pixels + (size_t)y * (size_t)copy.stride,
			image->pixels + (size_t)y * (size_t)image->stride,
			(size_t)image->width);
	for (size_t i = 0; i < n; i++)
		for (int y = prose[i].y0; y < prose[i].y1; y++)
			memset(copy.pixels + (size_t)y * (size_t)copy.stride +
				(size_t)prose[i].x0, 255,
				(size_t)(prose[i].x1 - prose[i].x0));
	free(prose);
	if (view == VIEW_GRIDLESS)
		tvk_image_wipe_rules(&copy);
	if (view != VIEW_PLAIN)
		tvk_image_despeckle(&copy);
	int rc = tvk_ocr_page(ocr, &copy, arena, out, confidence, err);
	free(copy.pixels);
	return rc;
}

/* The mean confidence under which a page is read turned over too. */
#define UPRIGHT 65

/*
 * A page without a text layer (or every page, with --ocr=always) is read
 * by tesseract into the same words with boxes as any other page, from its
 * picture set upright and straight; the page keeps the frame that maps
 * them back.
 */
static int ocr_page(struct tvk_input *in, int i, const struct tvk_options *opt,
		enum view view, double at, struct tvk_error *err)
{
	struct tvk_page *page = &in->pages[i];
	struct tvk_error oerr;
	tvk_error_clear(&oerr);
	struct tvk_ocr *ocr = tvk_ocr_for_thread(&oerr);
	if (!ocr) {
		if (page->layer == TVK_LAYER_NONE && blank(in, i))
			return 0; /* nothing lost */
		if (opt->ocr == TVK_OCR_ALWAYS)
			return tvk_error_set(err, TVK_ERR_OCR, in->path, 0,
				"--ocr=always: %s", oerr.message);
		add_problem(in, i + 1, "the page has no text layer and "
			"cannot be read: %s", oerr.message);
		return 0;
	}
	bool is_blank;
	struct tvk_page_image *pi = page_image(in, i, at, &is_blank, err);
	if (is_blank)
		return 0;
	if (!pi)
		return -1;
	/* OCR reads the page as displayed, however its text layer ran */
	struct tvk_page ocred = *page;
	ocred.turn = 0;
	ocred.frame = NULL;
	int confidence;
	if (read_picture(ocr, &pi->image, opt, view, in->arena, &ocred,
			&confidence, err) != 0)
		return -1;
	/*
	 * Up and down: the picture, its lines set across and straight, may
	 * still stand on its head, which its ink tells poorly (a page of
	 * digits and capitals rises above its lines about as much as it
	 * falls below them).  Tesseract does: upside down, a page reads as
	 * noise (a mean confidence of 17 to 50 on the development set's
	 * scans, 63 to 95 the right way up).  A page under UPRIGHT is read
	 * turned over too, and the reading tesseract is surer of kept; the
	 * picture stays as that reading saw it, for the second look and the
	 * other views.  A page where it read no word at all (its running
	 * text left out, a page of prose has none) reads as noise either
	 * way up, and is not read twice.
	 */
	if (confidence < UPRIGHT && ocred.n_words > 0) {
		struct tvk_page turned = ocred;
		int turned_confidence;
		tvk_page_image_turn_over(pi);
		if (read_picture(ocr, &pi->image, opt, view, in->arena,
				&turned, &turned_confidence, err) != 0)
			return -1;
		if (turned_confidence > confidence)
			ocred = turned;
		else
			tvk_page_image_turn_over(pi);
	}
	ocred.width = pi->image.width * 72.0 / pi->image.dpi;
	ocred.height = pi->image.height * 72.0 / pi->image.dpi;
	if (!tvk_frame_is_identity(&pi->to_page)) {
		struct tvk_frame *f = tvk_arena_alloc(in->arena, sizeof(*f));
		*f = pi->to_page;
		ocred.frame = f;
	}
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
		/* a scan's text layer made without straightening it */
		if (!none && opt->ocr != TVK_OCR_ALWAYS &&
				tvk_pdf_page_is_scan(in->pdf, i))
			tvk_layout_straighten(&in->pages[i],
				tvk_layout_skew(&in->pages[i]), in->arena);
		if (opt->ocr == TVK_OCR_ALWAYS ||
				(opt->ocr == TVK_OCR_AUTO && none)) {
			if (ocr_page(in, i, opt, VIEW_PLAIN, TVK_IMAGE_DPI,
					err) != 0)
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
	bool *owned = tvk_xcalloc((size_t)n, sizeof(*owned));
	for (int p = 0; p < n; p++) {
		int i = first + p - 1;
		/* a page read from its picture: the picture its words are
		 * in; a text layer's page: rendered as displayed, and set
		 * level with its words when they were */
		if (in->images && in->images[i].image.pixels) {
			pages[p] = in->images[i].image;
			continue;
		}
		struct tvk_error err;
		tvk_error_clear(&err);
		owned[p] = true;
		if (tvk_pdf_render(in->pdf, i, TVK_OCR_DPI, &pages[p],
				&err) != 0) {
			pages[p].pixels = NULL;
			continue;
		}
		struct tvk_image level;
		if (in->pages[i].frame && tvk_image_in_frame(&pages[p],
				in->pages[i].frame, &level) == 0) {
			free(pages[p].pixels);
			pages[p] = level;
		}
	}
	struct tvk_rereads rereads;
	size_t read = tvk_second_look(&t->raw, &t->reading, &t->verdict,
		pages, first, n, ocr, in->arena, &rereads);
	for (int p = 0; p < n; p++)
		if (owned[p])
			free(pages[p].pixels);
	free(pages);
	free(owned);
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
		bool scanned = true;
		/* (its crops are cut from the page as displayed: not for a
		 * text layer read turned) */
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

/* How well a reading of the document went: tables accepted first, then
 * tables found. */
static size_t accepted(const struct tvk_input *in)
{
	size_t n = 0;
	for (size_t i = 0; i < in->n_tables; i++)
		n += in->tables[i].verdict.status != TVK_STATUS_INVALID;
	return n;
}

/* Whether page @i is a scan under a text layer, or (@ocred) a page read
 * from its picture. */
static bool scanned(struct tvk_input *in, int i, bool ocred)
{
	if (in->pages[i].layer == TVK_LAYER_OCR)
		return ocred;
	return in->pages[i].layer == TVK_LAYER_PDF &&
		tvk_pdf_page_is_scan(in->pdf, i);
}

/* Whether a table on such pages (scanned()) was not accepted, or they
 * gave none: what reading their pictures (again) may mend. */
static bool scans_fail(struct tvk_input *in, int rc, bool ocred)
{
	bool scan = false;
	for (int i = 0; i < in->n_pages && !scan; i++)
		scan = scanned(in, i, ocred);
	if (!scan)
		return false;
	if (rc != 0)
		return true;
	for (size_t i = 0; i < in->n_tables; i++)
		if (in->tables[i].verdict.status == TVK_STATUS_INVALID)
			return true;
	return false;
}

/* Whether page @i holds a table and every table on it is accepted: a
 * page that another reading can only make worse. */
static bool page_holds(const struct tvk_input *in, int i)
{
	bool any = false;
	for (size_t k = 0; k < in->n_tables; k++) {
		const struct tvk_table *t = &in->tables[k].raw;
		if (t->first_page > i + 1 || t->last_page < i + 1)
			continue;
		if (in->tables[k].verdict.status == TVK_STATUS_INVALID)
			return false;
		any = true;
	}
	return any;
}

/*
 * A text layer that a scanner or OCRmyPDF put over a scan is one reading
 * of the page, and not always a good one: made from a skewed or sideways
 * page, with other thresholds, or no more than noise.  When its tables
 * do not hold, the scanned pages are read again from their pictures, as
 * if they had no layer (@ocred false), and the document is analysed
 * anew; the reading with more tables accepted (or, when none is, more
 * found) is kept.  When the tables still do not hold, those pages and
 * the pages read from their pictures are read once more (@ocred true) in
 * another @view, and kept on the same terms: dust and a scanner's noise
 * read as marks beside a count or split a row's band, but whitening them
 * takes the dots of a light or dithered print with them; a grid printed
 * close glues rows together through its rules, or adds a 1 to a count
 * beside one, and another prints them so close under its digits that
 * wiping them takes the digits' feet.  No view is the better one for
 * every page.  Every table accepted in any of them adds up in every row
 * and column.
 */
static int read_pictures(struct tvk_input *in, const struct tvk_options *opt,
		struct tvk_lexer *lexer, int rc, bool ocred, enum view view,
		double at, struct tvk_error *err)
{
	struct tvk_input before = *in;
	size_t n = (size_t)in->n_pages;
	in->pages = tvk_arena_array(in->arena, n, sizeof(*in->pages));
	memcpy(in->pages, before.pages, n * sizeof(*in->pages));
	in->lines = tvk_arena_array(in->arena, n, sizeof(*in->lines));
	memcpy(in->lines, before.lines, n * sizeof(*in->lines));
	in->n_lines = tvk_arena_array(in->arena, n, sizeof(*in->n_lines));
	memcpy(in->n_lines, before.n_lines, n * sizeof(*in->n_lines));
	bool read = false;
	for (int i = 0; i < in->n_pages; i++) {
		if (!scanned(in, i, ocred) || (rc == 0 && page_holds(&before, i)))
			continue;
		struct tvk_error perr;
		tvk_error_clear(&perr);
		if (ocr_page(in, i, opt, view, at, &perr) != 0 ||
				in->pages[i].layer != TVK_LAYER_OCR)
			continue;
		in->lines[i] = NULL;
		in->n_lines[i] = 0;
		read = true;
	}
	struct tvk_error aerr;
	tvk_error_clear(&aerr);
	int again = read ? tvk_input_analyse(in, lexer, &aerr) : -1;
	if (again == 0)
		second_looks(in);
	bool better = again == 0 && (rc != 0 || accepted(in) >
		accepted(&before) || (accepted(&before) == 0 &&
		in->n_tables > before.n_tables));
	if (!better) {
		struct tvk_page_image *images = in->images;
		*in = before;
		in->images = images;
		return rc;
	}
	if (rc != 0)
		tvk_error_clear(err);
	return 0;
}

int tvk_input_convert(struct tvk_input *in, const struct tvk_options *opt,
		struct tvk_lexer *lexer, struct tvk_error *err)
{
	static const struct tvk_options defaults = {0};
	if (!opt)
		opt = &defaults;
	int rc = tvk_input_lines(in, opt, err);
	if (rc == 0)
		rc = tvk_input_analyse(in, lexer, err);
	bool look = opt->ocr != TVK_OCR_NEVER && !opt->no_second_look;
	if (rc == 0 && look)
		second_looks(in);
	/* the pictures under text layers, then pictures in other views */
	static const struct {
		bool ocred;
		enum view view;
		double dpi;
	} passes[] = {
		{false, VIEW_PLAIN, TVK_IMAGE_DPI},
		{true, VIEW_CLEAN, TVK_IMAGE_DPI_AGAIN},
		{true, VIEW_GRIDLESS, TVK_IMAGE_DPI_AGAIN},
	};
	for (size_t p = 0; p < TVK_ARRAY_LEN(passes); p++)
		if (in->pdf && look && tvk_ocr_available() && (rc == 0 ||
				(err && err->code == TVK_ERR_NO_TABLE)) &&
				scans_fail(in, rc, passes[p].ocred))
			rc = read_pictures(in, opt, lexer, rc, passes[p].ocred,
				passes[p].view, passes[p].dpi, err);
	tvk_pdf_destroy(in->pdf);
	in->pdf = NULL;
	free_images(in);
	return rc;
}
