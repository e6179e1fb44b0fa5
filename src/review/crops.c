/*
 * The crops of the review page: the pdf stage's grey renderings
 * (tvk_pdf_render), cut to the table's extent, written as PNG by cairo
 * and embedded as base64 for data: URIs.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include <tvk/input.h>

#include "base/arena.h"
#include "base/macros.h"
#include "document/document.h"
#include "read/pdf.h"
#include "review/review.h"

/* The rendering: 150 dpi grey shows digits as printed; a crop whose PNG
 * would pass the budget is made again with 16 grey levels (which deflate
 * packs far better: a scan's noise is most of its bytes), then at lower
 * resolutions. */
#define REVIEW_DPI 150.0
#define CROP_BUDGET (100 * 1024)
static const double fallback_dpi[] = {REVIEW_DPI, 120.0, 96.0};

/* Around the rows' extent: the column titles above them (four lines of
 * an 8-point header), a little air elsewhere, and the page's width but
 * for its margins, so that the region label's column is in the picture;
 * the top and bottom edges then moved (by at most SNAP) to a blank line
 * of pixels, so that no edge cuts through a line of print. */
#define HEADROOM 44.0
#define AIR 12.0
#define SNAP 12.0
#define MARGIN_SHARE 0.04
#define BLANK 230 /* a grey level at least this light is paper */

static void base64(struct tvk_buf *b, const unsigned char *p, size_t n)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz0123456789+/";
	char quad[4];
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		quad[0] = digits[v >> 18 & 63];
		quad[1] = digits[v >> 12 & 63];
		quad[2] = i + 1 < n ? digits[v >> 6 & 63] : '=';
		quad[3] = i + 2 < n ? digits[v & 63] : '=';
		tvk_buf_add(b, quad, 4);
	}
}

static cairo_status_t to_buf(void *closure, const unsigned char *data,
		unsigned int length)
{
	tvk_buf_add(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* The @w x @h grey pixels at @px (rows of @stride bytes) as a PNG: an A8
 * image, which cairo writes as 8-bit greyscale, its values as they are. */
static int encode_png(const unsigned char *px, int w, int h, int stride,
		bool levels16, struct tvk_buf *out)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return -1;
	}
	cairo_surface_flush(s);
	unsigned char *dst = cairo_image_surface_get_data(s);
	int dst_stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		const unsigned char *src = px + (size_t)y * (size_t)stride;
		unsigned char *row = dst + (size_t)y * (size_t)dst_stride;
		if (!levels16) {
			memcpy(row, src, (size_t)w);
			continue;
		}
		for (int x = 0; x < w; x++)
			row[x] = (unsigned char)((src[x] * 15 + 127) / 255 * 17);
	}
	cairo_surface_mark_dirty(s);
	out->len = 0;
	cairo_status_t st = cairo_surface_write_to_png_stream(s, to_buf, out);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

/* The part of the page around the rows' extent @e that the crop shows,
 * in points, on a page of @pw x @ph points. */
static struct tvk_box crop_view(const struct tvk_box *e, double pw, double ph)
{
	struct tvk_box v = {
		tvk_min(e->x0 - AIR, MARGIN_SHARE * pw), e->y0 - HEADROOM,
		tvk_max(e->x1 + AIR, (1 - MARGIN_SHARE) * pw), e->y1 + AIR};
	v.x0 = tvk_max(v.x0, 0);
	v.y0 = tvk_max(v.y0, 0);
	v.x1 = tvk_min(v.x1, pw);
	v.y1 = tvk_min(v.y1, ph);
	return v;
}

static bool blank_row(const struct tvk_image *img, int y, int x0, int x1)
{
	const unsigned char *p = img->pixels + (size_t)y * (size_t)img->stride;
	for (int x = x0; x < x1; x++)
		if (p[x] < BLANK)
			return false;
	return true;
}

/* The row of pixels nearest @y (within @reach, away from the table first:
 * @away is -1 for the top edge, +1 for the bottom) that is blank from @x0
 * to @x1; @y when there is none. */
static int snap_row(const struct tvk_image *img, int y, int away, int reach,
		int x0, int x1)
{
	for (int d = 0; d <= reach; d++) {
		int t = y + away * d;
		if (t >= 0 && t < img->height && blank_row(img, t, x0, x1))
			return t;
	}
	for (int d = 1; d <= reach; d++) {
		int t = y - away * d;
		if (t >= 0 && t < img->height && blank_row(img, t, x0, x1))
			return t;
	}
	return y;
}

/* Renders page @c->page of @pdf around the extent @e into @c, within the
 * size budget. */
static void make_crop(struct tvk_pdf *pdf, const struct tvk_box *e,
		struct crop *c)
{
	struct tvk_buf png = {0};
	for (size_t k = 0; k < TVK_ARRAY_LEN(fallback_dpi); k++) {
		struct tvk_image img;
		struct tvk_error err;
		tvk_error_clear(&err);
		if (tvk_pdf_render(pdf, c->page - 1, fallback_dpi[k], &img,
				&err) != 0) {
			c->why = tvk_xasprintf("page %d could not be rendered: "
				"%s", c->page, err.message);
			break;
		}
		double s = img.dpi / 72.0;
		struct tvk_box v = crop_view(e, img.width / s, img.height / s);
		/* whole pixels, and the view exactly what they show */
		int px0 = (int)floor(v.x0 * s), py0 = (int)floor(v.y0 * s);
		int px1 = (int)ceil(v.x1 * s), py1 = (int)ceil(v.y1 * s);
		px1 = px1 > img.width ? img.width : px1;
		py1 = py1 > img.height ? img.height : py1;
		if (px1 > px0 && py1 > py0) {
			int reach = (int)(SNAP * s);
			py0 = snap_row(&img, py0, -1, reach, px0, px1);
			py1 = snap_row(&img, py1 - 1, 1, reach, px0, px1) + 1;
		}
		if (px1 - px0 < 1 || py1 - py0 < 1) {
			free(img.pixels);
			c->why = tvk_xasprintf("the table lies outside page %d",
				c->page);
			break;
		}
		const unsigned char *origin = img.pixels + (size_t)py0 *
			(size_t)img.stride + (size_t)px0;
		int rc = 0;
		for (int levels16 = 0; levels16 < 2 && rc == 0; levels16++) {
			rc = encode_png(origin, px1 - px0, py1 - py0, img.stride,
				levels16, &png);
			if (rc == 0 && png.len <= CROP_BUDGET)
				break;
		}
		free(img.pixels);
		if (rc != 0) {
			c->why = tvk_xasprintf("page %d: the crop could not be "
				"encoded", c->page);
			break;
		}
		c->view = (struct tvk_box){px0 / s, py0 / s, px1 / s, py1 / s};
		c->width = px1 - px0;
		c->height = py1 - py0;
		if (png.len <= CROP_BUDGET ||
				k + 1 == TVK_ARRAY_LEN(fallback_dpi)) {
			struct tvk_buf b64 = {0};
			base64(&b64, (const unsigned char *)png.s, png.len);
			c->png = b64.s;
			break;
		}
	}
	free(png.s);
}

void tvk_review_plan_crops(struct shown *t)
{
	int first, last;
	tvk_review_page_range(t->doc, &first, &last);
	for (int p = first < 1 ? 1 : first; p <= last; p++) {
		struct tvk_box e;
		if (!tvk_document_extent(t->doc, p, &e))
			continue;
		t->crops = tvk_xrealloc(t->crops, t->n_crops + 1,
			sizeof(*t->crops));
		t->crops[t->n_crops++] = (struct crop){.page = p};
	}
}

static void note(const struct tvk_review_options *opt, const char *file,
		const char *message)
{
	if (opt && opt->note)
		opt->note(opt->note_data, file, message);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t tvk_review_render(struct shown *tables, size_t n,
		const struct tvk_review_options *opt)
{
	const char **files = tvk_xcalloc(n ? n : 1, sizeof(*files));
	size_t n_files = 0, missing = 0;
	for (size_t i = 0; i < n; i++)
		if (tables[i].doc->source.file && tables[i].n_crops > 0)
			files[n_files++] = tables[i].doc->source.file;
	qsort(files, n_files, sizeof(*files), by_name);
	for (size_t f = 0; f < n_files; f++) {
		if (f > 0 && strcmp(files[f], files[f - 1]) == 0)
			continue;
		const char *file = files[f];
		struct tvk_error err;
		tvk_error_clear(&err);
		struct tvk_input *bytes = tvk_input_open(file, &err);
		struct tvk_pdf *pdf = NULL;
		char *why = NULL;
		size_t n_tables = 0, n_changed = 0;
		for (size_t i = 0; i < n; i++)
			if (tables[i].n_crops > 0 && tables[i].doc->source.file &&
					strcmp(tables[i].doc->source.file, file) == 0) {
				const char *sha = tables[i].doc->source.sha256;
				n_tables++;
				n_changed += bytes && sha &&
					strcmp(sha, bytes->sha256) != 0;
			}
		if (!bytes) {
			why = tvk_xasprintf("the PDF is not there or cannot be "
				"read (%s)", err.message);
		} else if (n_changed > 0) {
			why = tvk_xstrdup("the PDF is not the one the document "
				"was made from (its sha256 differs)");
		} else {
			pdf = tvk_pdf_open(bytes->data, bytes->size, file, &err);
			if (!pdf)
				why = tvk_xasprintf("the PDF cannot be opened: %s",
					err.message);
		}
		if (why) {
			char *line = tvk_xasprintf("%s: %zu table%s shown without "
				"a crop", why, n_tables, n_tables == 1 ? "" : "s");
			note(opt, file, line);
			free(line);
			missing++;
		}
		for (size_t i = 0; i < n; i++) {
			struct shown *t = &tables[i];
			if (t->n_crops == 0 || !t->doc->source.file ||
					strcmp(t->doc->source.file, file) != 0)
				continue;
			if (why) {
				t->no_pdf = tvk_xstrdup(why);
				continue;
			}
			for (size_t k = 0; k < t->n_crops; k++) {
				struct tvk_box e;
				struct crop *c = &t->crops[k];
				if (c->page > tvk_pdf_page_count(pdf)) {
					c->why = tvk_xasprintf("the PDF has no "
						"page %d", c->page);
					continue;
				}
				tvk_document_extent(t->doc, c->page, &e);
				e = tvk_review_round_box(e);
				make_crop(pdf, &e, c);
			}
		}
		free(why);
		tvk_pdf_destroy(pdf);
		tvk_input_destroy(bytes);
	}
	free(files);
	return missing;
}
