/*
 * The pdf stage, on poppler-glib.  This is GLib code, so g_autoptr and
 * GError are at home here; nothing GLib leaves this file.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "base/arena.h"
#include "base/macros.h"
#include "read/image.h"
#include "read/pdf.h"

/* poppler-glib 22 declares no autoptr for its page objects. */
#ifndef POPPLER_HAS_PAGE_AUTOPTR
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PopplerPage, g_object_unref)
#endif

struct tvk_pdf {
	PopplerDocument *doc;
	GBytes *bytes;
	char *name;
	int n_pages;
	/* The largest image the file declares, found before the first
	 * render (see largest_image()). */
	bool images_scanned;
	double image_w, image_h;
	bool images_alike; /* every image declares image_w x image_h */
};

/*
 * What is rendered for OCR, at most.  The publication is A4: 8.7 million
 * pixels at 300 dpi; A2 is 35 million.  A page beyond that is refused
 * before a byte is allocated for it (a page near poppler's own limit took
 * 11 s and 1 GB for nothing), and so is a page of a file that declares an
 * image of more pixels than any scan has: poppler allocates for what an
 * image declares and aborts when that is absurd.
 */
#define MAX_RENDER_PIXELS 40e6
#define MAX_IMAGE_PIXELS 250e6

/* The number after "@key" at @p (within @end), or -1. */
static double number_after(const char *p, const char *end, const char *key)
{
	size_t n = strlen(key);
	for (; p + n < end; p++) {
		if (*p != '/' || memcmp(p, key, n) != 0)
			continue;
		const char *q = p + n;
		/* "/Width" itself, not "/WidthX" */
		if (q < end && (g_ascii_isalnum(*q) || *q == '_'))
			continue;
		while (q < end && (*q == ' ' || *q == '\r' || *q == '\n' ||
				*q == '\t'))
			q++;
		if (q >= end || !g_ascii_isdigit(*q))
			return -1;
		double v = 0;
		for (; q < end && g_ascii_isdigit(*q); q++)
			v = v * 10 + (*q - '0');
		return v;
	}
	return -1;
}

/*
 * The image dictionaries of the file, read from its bytes: a stream is
 * never inside a compressed object stream, so every image's /Width and
 * /Height are there as text, near its /Subtype /Image (an indirect width,
 * "/Width 5 0 R", is not followed: the memory limit of the worker is the
 * next line of defence).
 */
static void largest_image(struct tvk_pdf *pdf)
{
	if (pdf->images_scanned)
		return;
	pdf->images_scanned = true;
	gsize size;
	const char *data = g_bytes_get_data(pdf->bytes, &size);
	const char *end = data + size;
	double best = 0;
	size_t found = 0;
	pdf->images_alike = true;
	for (const char *p = data; p && p + 6 < end;
			p = memchr(p + 1, '/', (size_t)(end - p - 1))) {
		if (memcmp(p, "/Image", 6) != 0 || (p + 6 < end &&
				g_ascii_isalnum(p[6])))
			continue;
		/* The dictionary around it, roughly: from its "obj" to its
		 * "stream", bounded either way. */
		const char *from = p - 2048 > data ? p - 2048 : data;
		const char *to = end - p > 2048 ? p + 2048 : end;
		for (const char *q = p; q > from + 3; q--)
			if (memcmp(q - 3, "obj", 3) == 0) {
				from = q;
				break;
			}
		for (const char *q = p; q + 6 < to; q++)
			if (memcmp(q, "stream", 6) == 0) {
				to = q;
				break;
			}
		double w = number_after(from, to, "/Width");
		double h = number_after(from, to, "/Height");
		if (found++ > 0 && (w != pdf->image_w || h != pdf->image_h))
			pdf->images_alike = false;
		if (w <= 0 || h <= 0)
			pdf->images_alike = false;
		if (w > 0 && h > 0 && w * h > best) {
			best = w * h;
			pdf->image_w = w;
			pdf->image_h = h;
		}
	}
}

bool tvk_pdf_sniff(const void *data, size_t size)
{
	/* The header may follow some junk; readers accept it within the
	 * first kilobyte, and so do we. */
	size_t limit = size < 1024 ? size : 1024;
	const char *p = data;
	for (size_t i = 0; i + 5 <= limit; i++)
		if (memcmp(p + i, "%PDF-", 5) == 0)
			return true;
	return false;
}

/*
 * poppler keeps its global tables (built-in fonts, encodings, CMaps) only
 * while some document is open; when the last one closes it frees them,
 * and the next document reads them from /usr/share/poppler again.  In a
 * batch that is half of poppler's time per file.  One tiny document held
 * open for the life of the process keeps the tables.
 */
static PopplerDocument *anchor;
static pthread_once_t anchor_once = PTHREAD_ONCE_INIT;

static void make_anchor(void)
{
	/* A one-page PDF with a correct cross-reference table, so that
	 * poppler opens it without a word of complaint. */
	static char pdf[1024];
	const char *objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
	};
	size_t off[3], len = (size_t)snprintf(pdf, sizeof(pdf), "%%PDF-1.4\n");
	for (int i = 0; i < 3; i++) {
		off[i] = len;
		len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
			"%d 0 obj %s endobj\n", i + 1, objs[i]);
	}
	size_t xref = len;
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
		"xref\n0 4\n0000000000 65535 f \n");
	for (int i = 0; i < 3; i++)
		len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
			"%010zu 00000 n \n", off[i]);
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
		"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		xref);
	GBytes *bytes = g_bytes_new_static(pdf, len);
	anchor = poppler_document_new_from_bytes(bytes, NULL, NULL);
	g_bytes_unref(bytes);
}

/* Let go of it when the library is unloaded, so that leak checkers see
 * every byte returned. */
__attribute__((destructor))
static void release_anchor(void)
{
	if (anchor)
		g_object_unref(anchor);
	anchor = NULL;
}

struct tvk_pdf *tvk_pdf_open(const void *data, size_t size, const char *name,
		struct tvk_error *err)
{
	pthread_once(&anchor_once, make_anchor);
	if (!tvk_pdf_sniff(data, size)) {
		tvk_error_set(err, TVK_ERR_NOT_PDF, name, 0, "not a PDF file");
		return NULL;
	}
	g_autoptr(GError) gerr = NULL;
	GBytes *bytes = g_bytes_new_static(data, size);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (!doc) {
		g_bytes_unref(bytes);
		if (gerr && g_error_matches(gerr, POPPLER_ERROR,
				POPPLER_ERROR_ENCRYPTED))
			tvk_error_set(err, TVK_ERR_ENCRYPTED, name, 0,
				"encrypted PDF (a password is needed)");
		else
			tvk_error_set(err, TVK_ERR_PDF, name, 0,
				"damaged PDF: %s",
				gerr ? gerr->message : "poppler cannot open it");
		return NULL;
	}
	struct tvk_pdf *pdf = tvk_xcalloc(1, sizeof(*pdf));
	pdf->doc = doc;
	pdf->bytes = bytes;
	pdf->name = tvk_xstrdup(name ? name : "");
	pdf->n_pages = poppler_document_get_n_pages(doc);
	return pdf;
}

void tvk_pdf_destroy(struct tvk_pdf *pdf)
{
	if (!pdf)
		return;
	g_object_unref(pdf->doc);
	g_bytes_unref(pdf->bytes);
	free(pdf->name);
	free(pdf);
}

int tvk_pdf_page_count(const struct tvk_pdf *pdf)
{
	return pdf->n_pages;
}

static bool is_space(gunichar c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return g_unichar_isspace(c) || c == 0xA0;
}

/*
 * Glyphs of one word sit side by side on one baseline.  poppler puts a
 * space between words, but an OCR layer or a producer that positions every
 * glyph on its own may not: a horizontal gap wider than a third of the
 * glyph height, or a jump to another line, also ends a word.
 */
static bool breaks_word(const PopplerRectangle *prev, const PopplerRectangle *r)
{
	double h = tvk_max(prev->y2 - prev->y1, r->y2 - r->y1);
	if (h <= 0)
		h = 1;
	double mid_prev = (prev->y1 + prev->y2) / 2;
	double mid = (r->y1 + r->y2) / 2;
	if (fabs(mid - mid_prev) > h / 2)
		return true;
	double gap = r->x1 - prev->x2;
	return gap > h / 3 || gap < -h;
}

/*
 * Which way the page's text runs.  poppler-glib does not hand out a
 * glyph's text matrix, but it lays each word's glyphs along their
 * baseline in reading order, so the step from one glyph's box to the next
 * one's is the direction the matrix gives them: right on an upright page,
 * down, left or up on a page whose content is turned (a landscape page
 * sent through a printer driver onto portrait paper, without /Rotate).
 * @votes counts the steps of each way (make_words()); the page is read
 * turned when clearly most of its glyphs step one other way.  Returns the
 * quarter turns clockwise of the text (struct tvk_page).
 */
static int turn_of(const size_t votes[4])
{
	int turn = 1;
	for (int d = 2; d < 4; d++)
		if (votes[d] > votes[turn])
			turn = d;
	/* a few sideways words (a turned column title, a stamp) leave an
	 * upright page upright */
	return votes[turn] >= 16 && votes[turn] > 2 * votes[0] ? turn : 0;
}

/* @r, of a page @w x @h points as displayed, on the page turned @turn
 * quarters back, so that text running that way reads left to right. */
static void turn_rect(PopplerRectangle *r, int turn, double w, double h)
{
	PopplerRectangle t = *r;
	switch (turn) {
	case 1: /* x' = y, y' = w - x */
		*r = (PopplerRectangle){t.y1, w - t.x2, t.y2, w - t.x1};
		break;
	case 2: /* x' = w - x, y' = h - y */
		*r = (PopplerRectangle){w - t.x2, h - t.y2, w - t.x1, h - t.y1};
		break;
	case 3: /* x' = h - y, y' = x */
		*r = (PopplerRectangle){h - t.y2, t.x1, h - t.y1, t.x2};
		break;
	default:
		break;
	}
}

struct tvk_box tvk_pdf_box_as_displayed(const struct tvk_page *page,
		struct tvk_box b)
{
	/* a page read from its picture: the picture's frame */
	if (page->frame)
		return tvk_frame_box(page->frame, b);
	/* the inverse of turn_rect(), in the turned page's size */
	double w = page->width, h = page->height;
	switch (page->turn) {
	case 1: /* x = h' - y', y = x' */
		return (struct tvk_box){h - b.y1, b.x0, h - b.y0, b.x1};
	case 2:
		return (struct tvk_box){w - b.x1, h - b.y1, w - b.x0, h - b.y0};
	case 3: /* x = y', y = w' - x' */
		return (struct tvk_box){b.y0, w - b.x1, b.y1, w - b.x0};
	default:
		return b;
	}
}

struct word_builder {
	struct tvk_arena *arena;
	struct tvk_word *words;
	size_t n, cap;
	const char *start; /* first byte of the current word, or NULL */
	PopplerRectangle box;
};

static void flush_word(struct word_builder *wb, const char *end)
{
	if (!wb->start)
		return;
	tvk_grow((void **)&wb->words, &wb->cap, wb->n + 1, sizeof(*wb->words));
	struct tvk_word *w = &wb->words[wb->n++];
	w->text = tvk_arena_strndup(wb->arena, wb->start,
			(size_t)(end - wb->start));
	w->box = (struct tvk_box){wb->box.x1, wb->box.y1, wb->box.x2,
			wb->box.y2};
	wb->start = NULL;
}

static void add_glyph(struct word_builder *wb, const char *p,
		const PopplerRectangle *r)
{
	if (!wb->start) {
		wb->start = p;
		wb->box = *r;
		return;
	}
	wb->box.x1 = tvk_min(wb->box.x1, r->x1);
	wb->box.y1 = tvk_min(wb->box.y1, r->y1);
	wb->box.x2 = tvk_max(wb->box.x2, r->x2);
	wb->box.y2 = tvk_max(wb->box.y2, r->y2);
}

/*
 * The words of the page's text, one box per glyph in @rects; @votes gets
 * the steps from glyph to glyph within words, each way (see turn_of()).
 */
static void make_words(struct word_builder *wb, const char *text,
		const PopplerRectangle *rects, guint n_rects, size_t votes[4])
{
	/* poppler gives one rectangle per character of the page text,
	 * newlines included, so the two walk in step. */
	const char *p = text;
	const PopplerRectangle *prev = NULL;
	for (guint i = 0; *p && i < n_rects; i++) {
		/* ASCII, most of every page, without a call into GLib */
		unsigned char b = (unsigned char)*p;
		gunichar c = b < 0x80 ? b : g_utf8_get_char(p);
		const char *next = b < 0x80 ? p + 1 : g_utf8_next_char(p);
		const PopplerRectangle *r = &rects[i];
		if (is_space(c)) {
			flush_word(wb, p);
			prev = NULL;
		} else {
			if (prev) {
				if (breaks_word(prev, r))
					flush_word(wb, p);
				/* to the right on one baseline, on an
				 * upright page, almost always */
				double dx = r->x1 - prev->x1;
				double dy = r->y1 - prev->y1;
				if (dy == 0 && dx > 0)
					votes[0]++;
				else if (fabs(dx) >= fabs(dy))
					votes[dx > 0 ? 0 : 2]++;
				else
					votes[dy > 0 ? 1 : 3]++;
			}
			add_glyph(wb, p, r);
			prev = r;
		}
		p = next;
	}
	flush_word(wb, p);
}

int tvk_pdf_page_words(struct tvk_pdf *pdf, int index, struct tvk_arena *arena,
		struct tvk_page *out, struct tvk_error *err)
{
	memset(out, 0, sizeof(*out));
	out->number = index + 1;
	g_autoptr(PopplerPage) page = poppler_document_get_page(pdf->doc, index);
	if (!page)
		return tvk_error_set(err, TVK_ERR_PDF, pdf->name, index + 1,
			"cannot read page");
	poppler_page_get_size(page, &out->width, &out->height);
	out->width = tvk_coord_bound(out->width);
	out->height = tvk_coord_bound(out->height);

	g_autofree char *text = poppler_page_get_text(page);
	g_autofree PopplerRectangle *rects = NULL;
	guint n_rects = 0;
	if (!text || !poppler_page_get_text_layout(page, &rects, &n_rects) ||
			n_rects == 0) {
		out->layer = TVK_LAYER_NONE;
		return 0;
	}
	if (!g_utf8_validate(text, -1, NULL)) {
		/* poppler hands out UTF-8; a broken text layer is treated
		 * as no text layer rather than passed on. */
		out->layer = TVK_LAYER_NONE;
		return 0;
	}

	/* a glyph placed at 1e300 (a matrix of a hostile PDF) is bounded
	 * here, before any arithmetic on its box */
	for (guint i = 0; i < n_rects; i++) {
		rects[i].x1 = tvk_coord_bound(rects[i].x1);
		rects[i].y1 = tvk_coord_bound(rects[i].y1);
		rects[i].x2 = tvk_coord_bound(rects[i].x2);
		rects[i].y2 = tvk_coord_bound(rects[i].y2);
	}
	struct word_builder wb = {.arena = arena};
	size_t votes[4] = {0};
	make_words(&wb, text, rects, n_rects, votes);
	out->turn = turn_of(votes);
	if (out->turn) {
		/* the words again, of the page turned upright */
		for (guint i = 0; i < n_rects; i++)
			turn_rect(&rects[i], out->turn, out->width,
				out->height);
		if (out->turn % 2) {
			double w = out->width;
			out->width = out->height;
			out->height = w;
		}
		wb.n = 0;
		make_words(&wb, text, rects, n_rects, votes);
	}

	out->layer = wb.n ? TVK_LAYER_PDF : TVK_LAYER_NONE;
	out->n_words = wb.n;
	if (wb.n) {
		out->words = tvk_arena_array(arena, wb.n, sizeof(*out->words));
		memcpy(out->words, wb.words, wb.n * sizeof(*out->words));
	}
	free(wb.words);
	return 0;
}

int tvk_pdf_render(struct tvk_pdf *pdf, int index, double dpi,
		struct tvk_image *out, struct tvk_error *err)
{
	memset(out, 0, sizeof(*out));
	g_autoptr(PopplerPage) page = poppler_document_get_page(pdf->doc, index);
	if (!page)
		return tvk_error_set(err, TVK_ERR_PDF, pdf->name, index + 1,
			"cannot read page");
	double w, h;
	poppler_page_get_size(page, &w, &h);
	double scale = dpi / 72.0;
	double pw = ceil(w * scale), ph = ceil(h * scale);
	if (pw < 1 || ph < 1 || pw * ph > MAX_RENDER_PIXELS)
		return tvk_error_set(err, TVK_ERR_LIMIT, pdf->name, index + 1,
			"not read by OCR: the page is %.0f x %.0f points, %.0f "
			"million pixels at %.0f dpi (tvk renders at most %.0f "
			"million)", w, h, pw * ph / 1e6, dpi,
			MAX_RENDER_PIXELS / 1e6);
	largest_image(pdf);
	if (pdf->image_w * pdf->image_h > MAX_IMAGE_PIXELS)
		return tvk_error_set(err, TVK_ERR_LIMIT, pdf->name, index + 1,
			"not read by OCR: the file declares an image of %.0f x "
			"%.0f pixels (tvk renders none above %.0f million)",
			pdf->image_w, pdf->image_h, MAX_IMAGE_PIXELS / 1e6);
	int width = (int)pw, height = (int)ph;
	cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		width, height);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return tvk_error_set(err, TVK_ERR_LIMIT, pdf->name, index + 1,
			"cannot make an image of %d x %d pixels", width, height);
	}
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surface);

	const unsigned char *src = cairo_image_surface_get_data(surface);
	int src_stride = cairo_image_surface_get_stride(surface);
	out->width = width;
	out->height = height;
	out->stride = width;
	out->dpi = dpi;
	out->pixels = tvk_xmalloc((size_t)width * (size_t)height);
	for (int y = 0; y < height; y++) {
		const uint32_t *row = (const uint32_t *)(src + (size_t)y *
			(size_t)src_stride);
		unsigned char *dst = out->pixels + (size_t)y * (size_t)width;
		for (int x = 0; x < width; x++) {
			uint32_t p = row[x];
			/* ITU-R BT.601 luma, in integers */
			dst[x] = (unsigned char)((((p >> 16) & 0xFF) * 299 +
				((p >> 8) & 0xFF) * 587 + (p & 0xFF) * 114) / 1000);
		}
	}
	cairo_surface_destroy(surface);
	return 0;
}

bool tvk_pdf_page_is_scan(struct tvk_pdf *pdf, int index)
{
	g_autoptr(PopplerPage) page = poppler_document_get_page(pdf->doc, index);
	if (!page)
		return false;
	double w, h;
	poppler_page_get_size(page, &w, &h);
	GList *images = poppler_page_get_image_mapping(page);
	bool scan = false;
	for (GList *l = images; l && !scan; l = l->next) {
		const PopplerImageMapping *m = l->data;
		double area = (m->area.x2 - m->area.x1) * (m->area.y2 - m->area.y1);
		scan = fabs(area) >= 0.5 * w * h;
	}
	poppler_page_free_image_mapping(images);
	return scan;
}

/*
 * Whether the image placed in @area is the one every image of the file
 * declares (largest_image()): when all of them are alike and that size
 * fits the area's shape, upright or turned, it is this one's, and it
 * need not be decoded to be measured.  A size misread from the bytes (an
 * indirect "/Width 5 0 R") fits no page's shape; then it is decoded.
 */
static bool declared_here(const struct tvk_pdf *pdf,
		const PopplerRectangle *area)
{
	double aw = fabs(area->x2 - area->x1), ah = fabs(area->y2 - area->y1);
	double w = pdf->image_w, h = pdf->image_h;
	if (!pdf->images_alike || w <= 0 || h <= 0 || aw <= 0 || ah <= 0 ||
			w * h > MAX_IMAGE_PIXELS)
		return false;
	double upright = (w / aw) / (h / ah), turned = (w / ah) / (h / aw);
	return fabs(upright - 1) < 0.02 || fabs(turned - 1) < 0.02;
}

double tvk_pdf_page_scan_dpi(struct tvk_pdf *pdf, int index)
{
	g_autoptr(PopplerPage) page = poppler_document_get_page(pdf->doc, index);
	if (!page)
		return 0;
	double w, h;
	poppler_page_get_size(page, &w, &h);
	GList *images = poppler_page_get_image_mapping(page);
	const PopplerImageMapping *best = NULL;
	double best_area = 0.5 * w * h;
	for (GList *l = images; l; l = l->next) {
		const PopplerImageMapping *m = l->data;
		double area = fabs((m->area.x2 - m->area.x1) *
			(m->area.y2 - m->area.y1));
		if (area >= best_area) {
			best_area = area;
			best = m;
		}
	}
	double dpi = 0;
	largest_image(pdf);
	if (best && declared_here(pdf, &best->area)) {
		dpi = sqrt(pdf->image_w * pdf->image_h / best_area) * 72.0;
	} else if (best && pdf->image_w * pdf->image_h <= MAX_IMAGE_PIXELS) {
		/* the image's own pixels: decoded once, which costs less than
		 * reading a page at the wrong resolution */
		cairo_surface_t *s = poppler_page_get_image(page, best->image_id);
		if (s) {
			double px = (double)cairo_image_surface_get_width(s) *
				cairo_image_surface_get_height(s);
			/* the image may be placed turned: compare areas */
			if (px > 0)
				dpi = sqrt(px / best_area) * 72.0;
			cairo_surface_destroy(s);
		}
	}
	poppler_page_free_image_mapping(images);
	return dpi;
}
