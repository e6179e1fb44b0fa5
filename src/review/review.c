/*
 * The review page (review.h): documents in, one HTML file out, with each
 * table worth a look cropped from its PDF page and every repair and
 * failing check marked on the crop and listed beside it.
 *
 * The crops are the pdf stage's grey renderings (tvk_pdf_render), cut to
 * the table's extent, written as PNG by cairo and embedded as data: URIs;
 * the marks are SVG rectangles over the image in the page's own
 * coordinates (PDF points, top left origin, of the page as displayed:
 * what every box of a document is in), so that a box goes onto the crop
 * unconverted and the browser scales both alike.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include <tvk/input.h>
#include <tvk/review.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/files.h"
#include "base/macros.h"
#include "base/text.h"
#include "config.h"
#include "document/document.h"
#include "read/pdf.h"

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

/* The crop on screen: 1.5 CSS pixels a point (108 dpi), smaller when the
 * window is narrower. */
#define CSS_PER_POINT 1.5

/* ---- text ----------------------------------------------------------- */

/* @v to two decimals, as the documents write coordinates: the page made
 * from documents just built and from the same documents read back from
 * their JSON is then one page, byte for byte (rounding is monotone, so
 * the extent of rounded boxes is the rounded extent). */
static double round2(double v)
{
	return (double)llround(v * 100) / 100;
}

static struct tvk_box round_box(struct tvk_box b)
{
	return (struct tvk_box){round2(b.x0), round2(b.y0), round2(b.x1),
		round2(b.y1)};
}

/* @s as HTML text or attribute value: the five specials as entities, a
 * control character as a space, and bytes that are not UTF-8 as U+FFFD,
 * so that a broken text layer stays visible and the page stays valid. */
static void esc(struct tvk_buf *b, const char *s)
{
	if (!s)
		return;
	while (*s) {
		uint32_t cp;
		size_t n = tvk_utf8_decode(s, SIZE_MAX, &cp);
		if (n == 0) {
			tvk_buf_str(b, "\xEF\xBF\xBD");
			s++;
			continue;
		}
		switch (cp) {
		case '&':
			tvk_buf_str(b, "&amp;");
			break;
		case '<':
			tvk_buf_str(b, "&lt;");
			break;
		case '>':
			tvk_buf_str(b, "&gt;");
			break;
		case '"':
			tvk_buf_str(b, "&quot;");
			break;
		case '\'':
			tvk_buf_str(b, "&#39;");
			break;
		default:
			if (cp < 0x20 || cp == 0x7F)
				tvk_buf_str(b, " ");
			else
				tvk_buf_add(b, s, n);
		}
		s += n;
	}
}

/* A coordinate: at most two decimals, no trailing zeros ("244.58",
 * "150"), as the documents write them. */
static void num(struct tvk_buf *b, double v)
{
	char s[32];
	long long c = llround(v * 100);
	if (c < 0) {
		tvk_buf_str(b, "-");
		c = -c;
	}
	int n = snprintf(s, sizeof(s), "%lld", c / 100);
	if (c % 100) {
		snprintf(s + n, sizeof(s) - (size_t)n, ".%02lld", c % 100);
		n += 3;
		if (s[n - 1] == '0')
			s[--n] = '\0';
	}
	tvk_buf_str(b, s);
}

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

/* ---- crops ---------------------------------------------------------- */

/* One page of a table as it is shown. */
struct crop {
	int page;
	struct tvk_box view; /* what the image shows, in points */
	int width, height;   /* of the image, in pixels */
	char *png;           /* the PNG, base64; NULL when not made */
	char *why;           /* when not: why, for the page */
};

/* A table on the page. */
struct shown {
	const struct tvk_document *doc;
	struct crop *crops;
	size_t n_crops;
	char *no_pdf; /* why no page of it could be rendered, or NULL */
	size_t errors, count_repairs;
};

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

/* The pages of @d's table, first to last. */
static void page_range(const struct tvk_document *d, int *first, int *last)
{
	*first = d->first_page;
	*last = d->last_page;
	if (*first < 1 && d->source.n_pages > 0) {
		*first = d->source.pages[0];
		*last = d->source.pages[d->source.n_pages - 1];
	}
}

/* The crops of @t: one a page that holds a row with a box. */
static void plan_crops(struct shown *t)
{
	int first, last;
	page_range(t->doc, &first, &last);
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

/*
 * Opens each PDF once, checks it is the one the documents were made from,
 * and renders the crops of its tables; a PDF missing or changed is one
 * note, and its tables are shown without crops.
 */
static size_t render_all(struct shown *tables, size_t n,
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
				e = round_box(e);
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

/* ---- order ---------------------------------------------------------- */

static int status_rank(enum tvk_status s)
{
	return s == TVK_STATUS_INVALID ? 0 : s == TVK_STATUS_REPAIRED ? 1 : 2;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Worst first: invalid, then repaired, then valid; more errors, more
 * changed counts, more repairs first; then by period, region, file and
 * page, so that the order never depends on the order documents came in. */
static int worst_first(const void *pa, const void *pb)
{
	const struct shown *a = pa, *b = pb;
	const struct tvk_document *x = a->doc, *y = b->doc;
	long kx[] = {status_rank(x->status), -(long)a->errors,
		-(long)a->count_repairs, -(long)x->n_repairs,
		-(long)x->n_problems, x->year, x->quarter, x->kind, x->region,
		x->first_page};
	long ky[] = {status_rank(y->status), -(long)b->errors,
		-(long)b->count_repairs, -(long)y->n_repairs,
		-(long)y->n_problems, y->year, y->quarter, y->kind, y->region,
		y->first_page};
	for (size_t i = 0; i < TVK_ARRAY_LEN(kx); i++) {
		if (i == TVK_ARRAY_LEN(kx) - 1) {
			int c = cmp_str(x->source.file, y->source.file);
			if (c)
				return c;
		}
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	}
	int c = cmp_str(x->region_printed, y->region_printed);
	return c ? c : cmp_str(x->period_printed, y->period_printed);
}

/* ---- marks ---------------------------------------------------------- */

/* What a mark is of. */
enum mark_kind {
	MARK_REPAIR,
	MARK_ROW,    /* a row that does not add up */
	MARK_COLUMN, /* a column that does not add up */
	MARK_CELL,   /* any other problem with a place */
};

struct mark {
	enum mark_kind kind;
	size_t entry; /* 1-based: repairs, then problems */
	int page;
	struct tvk_box box;
	const char *name; /* the repair's kind, or the problem's check */
};

/* The row of @d that @subject names, as the stages name rows. */
static const struct tvk_document_row *row_named(const struct tvk_document *d,
		const char *subject)
{
	if (!subject)
		return NULL;
	for (size_t i = 0; i < d->n_rows; i++)
		if (d->rows[i].printed_name &&
				strcmp(d->rows[i].printed_name, subject) == 0)
			return &d->rows[i];
	if (strcmp(subject, "Totaal AMR") == 0 ||
			strcmp(subject, "Nederland") == 0 ||
			(d->total.printed_name &&
			 strcmp(d->total.printed_name, subject) == 0))
		return &d->total;
	return NULL;
}

/*
 * Where a problem is marked: a failing row across its band, a failing
 * column from the table's first row on its page to its last, anything
 * else at its box; false when it has no place.
 */
static bool problem_mark(const struct tvk_document *d,
		const struct tvk_document_problem *p, struct mark *m)
{
	if (p->place.page < 1 || !p->place.has_box)
		return false;
	m->page = p->place.page;
	m->box = round_box(p->place.box);
	m->name = p->check;
	m->kind = MARK_CELL;
	if (p->check && strcmp(p->check, "row-sum") == 0) {
		const struct tvk_document_row *r = row_named(d, p->subject);
		m->kind = MARK_ROW;
		if (r && r->place.has_box && r->place.page == m->page)
			m->box = round_box(r->place.box);
	} else if (p->check && strcmp(p->check, "column-sum") == 0) {
		struct tvk_box e;
		m->kind = MARK_COLUMN;
		if (tvk_document_extent(d, m->page, &e)) {
			m->box.y0 = round2(e.y0);
			m->box.y1 = round2(e.y1);
		}
	}
	return true;
}

/* The marks of @d, in entry order (repairs, then problems), only those
 * with a place. */
static size_t marks_of(const struct tvk_document *d, struct mark **out)
{
	*out = tvk_xcalloc(d->n_repairs + d->n_problems + 1, sizeof(**out));
	size_t n = 0;
	for (size_t i = 0; i < d->n_repairs; i++) {
		const struct tvk_document_repair *r = &d->repairs[i];
		if (r->place.page < 1 || !r->place.has_box)
			continue;
		(*out)[n++] = (struct mark){MARK_REPAIR, i + 1, r->place.page,
			round_box(r->place.box), tvk_repair_kind_name(r->kind)};
	}
	for (size_t i = 0; i < d->n_problems; i++)
		if (problem_mark(d, &d->problems[i], &(*out)[n])) {
			(*out)[n].entry = d->n_repairs + i + 1;
			n++;
		}
	return n;
}

/* ---- the page ------------------------------------------------------- */

/* One colour per repair kind, told apart on grey print; the checks that
 * fail are red. */
static const struct {
	enum tvk_repair_kind kind;
	const char *colour;
} kind_colours[] = {
	{TVK_REPAIR_NUMBER_FORMAT, "#7a7a7a"},
	{TVK_REPAIR_MISSING_CELL, "#1f6fd1"},
	{TVK_REPAIR_WRONG_CELL, "#e8590c"},
	{TVK_REPAIR_MISREAD, "#9c36b5"},
	{TVK_REPAIR_SPLIT_CELL, "#0c8599"},
	{TVK_REPAIR_GLUED_CELL, "#8f5b2e"},
	{TVK_REPAIR_NAME, "#2f9e44"},
	{TVK_REPAIR_NAME_JOIN, "#66a80f"},
	{TVK_REPAIR_LABEL_FRAGMENT, "#d6336c"},
	{TVK_REPAIR_REGION, "#5f3dc4"},
	{TVK_REPAIR_PERIOD, "#364fc7"},
};
#define N_KINDS TVK_ARRAY_LEN(kind_colours)
#define FAIL_COLOUR "#e03131"

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;padding:0 24px"
	" 48px;max-width:1800px;color:#212529;background:#fff}"
	"h1{font-size:24px;margin:24px 0 4px}"
	"h2{font-size:18px;margin:0 0 4px}"
	"h3{font-size:15px;margin:16px 0 4px}"
	"table{border-collapse:collapse}"
	"th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #dee2e6;"
	"vertical-align:top}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".sub{color:#495057;margin:0 0 12px}"
	".summary{display:flex;flex-wrap:wrap;gap:16px 40px}"
	".notes li{color:#c92a2a}"
	".toc{columns:2 420px;padding-left:24px}"
	"section.table{border-top:2px solid #adb5bd;margin-top:28px;"
	"padding-top:12px}"
	".status{display:inline-block;padding:0 8px;border-radius:4px;"
	"color:#fff;font-size:13px;vertical-align:2px}"
	".st-invalid{background:" FAIL_COLOUR "}"
	".st-repaired{background:#1f6fd1}.st-valid{background:#2f9e44}"
	".body{display:flex;flex-wrap:wrap;gap:16px 24px;align-items:flex-start}"
	".crops{flex:0 1 auto;min-width:0;max-width:100%}"
	"figure{margin:0 0 12px}"
	"figcaption{color:#495057;font-size:12px}"
	".frame{position:relative;max-width:100%;border:1px solid #ced4da}"
	".frame img{display:block;width:100%;height:auto}"
	".frame svg{position:absolute;left:0;top:0;width:100%;height:100%}"
	"rect.mark{fill-opacity:.10;stroke-width:2px;"
	"vector-effect:non-scaling-stroke}"
	"rect.row,rect.column{fill:" FAIL_COLOUR ";stroke:" FAIL_COLOUR ";"
	"fill-opacity:.12;stroke-dasharray:6 3}"
	"rect.cell{fill:" FAIL_COLOUR ";stroke:" FAIL_COLOUR "}"
	"rect.mark:target{stroke-width:4px;fill-opacity:.25}"
	"svg text{font:bold 7px sans-serif;paint-order:stroke;stroke:#fff;"
	"stroke-width:2px}"
	".entries{flex:1 1 420px}.entries td:first-child{white-space:nowrap}"
	".entries tr:target{background:#fff3bf}"
	".swatch{display:inline-block;width:10px;height:10px;border:2px solid;"
	"margin-right:4px;vertical-align:-1px}"
	".nocrop{color:#c92a2a;font-weight:600}"
	".muted{color:#868e96}";

static const char *kind_colour(const char *name)
{
	for (size_t k = 0; k < N_KINDS; k++)
		if (strcmp(tvk_repair_kind_name(kind_colours[k].kind), name) == 0)
			return kind_colours[k].colour;
	return FAIL_COLOUR;
}

static void period_text(struct tvk_buf *b, const struct tvk_document *d)
{
	if (d->year > 0 && d->quarter >= 1 && d->quarter <= 4)
		tvk_buf_printf(b, "%d-Q%d", d->year, d->quarter);
	else
		tvk_buf_str(b, "period unknown");
}

static void table_title(struct tvk_buf *b, const struct tvk_document *d)
{
	period_text(b, d);
	tvk_buf_str(b, " \xC2\xB7 ");
	if (d->kind == TVK_TABLE_REGION && d->region > 0)
		tvk_buf_printf(b, "%d ", d->region);
	esc(b, tvk_document_summary(d));
}

static void swatch(struct tvk_buf *b, const char *colour)
{
	tvk_buf_printf(b, "<span class=\"swatch\" style=\"border-color:%s\">"
		"</span>", colour);
}

/* Per repair kind or per check: how often, and in which shown tables. */
struct tally {
	const char *name;
	size_t count, warnings;
	size_t *tables; /* indexes of the shown tables, ascending, once each */
	size_t n_tables;
};

static struct tally *tally_of(struct tally **t, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*t)[i].name, name) == 0)
			return &(*t)[i];
	*t = tvk_xrealloc(*t, *n + 1, sizeof(**t));
	(*t)[*n] = (struct tally){.name = name};
	return &(*t)[(*n)++];
}

static void tally_table(struct tally *t, size_t shown_index)
{
	if (t->n_tables && t->tables[t->n_tables - 1] == shown_index)
		return;
	t->tables = tvk_xrealloc(t->tables, t->n_tables + 1,
		sizeof(*t->tables));
	t->tables[t->n_tables++] = shown_index;
}

static int by_tally_name(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->name,
		((const struct tally *)b)->name);
}

/* The links to the shown tables of a tally, the first few by name. */
static void tally_links(struct tvk_buf *b, const struct tally *t,
		const struct shown *tables)
{
	for (size_t i = 0; i < t->n_tables && i < 12; i++) {
		size_t k = t->tables[i];
		tvk_buf_printf(b, "%s<a href=\"#t%zu\">", i ? ", " : "", k + 1);
		table_title(b, tables[k].doc);
		tvk_buf_str(b, "</a>");
	}
	if (t->n_tables > 12)
		tvk_buf_printf(b, " and %zu more", t->n_tables - 12);
}

static void summary(struct tvk_buf *b, const struct tvk_document *const *docs,
		size_t n_docs, const struct shown *tables, size_t n_shown,
		const struct tvk_review_input *inputs, size_t n_inputs,
		const char *const *notes, size_t n_notes, bool all)
{
	/* the inputs: as given, or the documents' sources */
	size_t n_files = n_inputs, failed = 0;
	if (n_inputs == 0) {
		const char **files = tvk_xcalloc(n_docs + 1, sizeof(*files));
		size_t n = 0;
		for (size_t i = 0; i < n_docs; i++)
			if (docs[i]->source.file)
				files[n++] = docs[i]->source.file;
		qsort(files, n, sizeof(*files), by_name);
		for (size_t i = 0; i < n; i++)
			n_files += i == 0 || strcmp(files[i], files[i - 1]) != 0;
		free(files);
	}
	for (size_t i = 0; i < n_inputs; i++)
		failed += inputs[i].error != NULL;
	size_t by_status[3] = {0};
	for (size_t i = 0; i < n_docs; i++)
		by_status[status_rank(docs[i]->status)]++;

	tvk_buf_str(b, "<h1>tvk review</h1>\n<p class=\"sub\">");
	tvk_buf_printf(b, "%zu file%s", n_files, n_files == 1 ? "" : "s");
	if (failed)
		tvk_buf_printf(b, " (%zu failed)", failed);
	tvk_buf_printf(b, ", %zu table%s: %zu invalid, %zu repaired, %zu "
		"valid. %s: %zu table%s, worst first. tvk %s.</p>\n", n_docs,
		n_docs == 1 ? "" : "s", by_status[0], by_status[1],
		by_status[2], all ? "Shown: every table" :
		"Shown: the repaired and invalid tables", n_shown,
		n_shown == 1 ? "" : "s", TVK_VERSION);

	if (n_notes || failed) {
		tvk_buf_str(b, "<h3>To know</h3>\n<ul class=\"notes\">\n");
		for (size_t i = 0; i < n_inputs; i++)
			if (inputs[i].error) {
				tvk_buf_str(b, "<li>");
				esc(b, inputs[i].file);
				tvk_buf_str(b, ": ");
				esc(b, inputs[i].error);
				tvk_buf_str(b, "</li>\n");
			}
		for (size_t i = 0; i < n_notes; i++) {
			tvk_buf_str(b, "<li>");
			esc(b, notes[i]);
			tvk_buf_str(b, "</li>\n");
		}
		tvk_buf_str(b, "</ul>\n");
	}

	/* repairs by kind and problems by check, over every document; the
	 * links go to the tables shown */
	struct tally *kinds = NULL, *checks = NULL;
	size_t n_kinds = 0, n_checks = 0;
	for (size_t i = 0; i < n_docs; i++) {
		const struct tvk_document *d = docs[i];
		for (size_t k = 0; k < d->n_repairs; k++)
			tally_of(&kinds, &n_kinds,
				tvk_repair_kind_name(d->repairs[k].kind))->count++;
		for (size_t k = 0; k < d->n_problems; k++) {
			const struct tvk_document_problem *p = &d->problems[k];
			struct tally *t = tally_of(&checks, &n_checks,
				p->check ? p->check : "(none)");
			t->count += !p->warning;
			t->warnings += p->warning;
		}
	}
	for (size_t s = 0; s < n_shown; s++) {
		const struct tvk_document *d = tables[s].doc;
		for (size_t k = 0; k < d->n_repairs; k++)
			tally_table(tally_of(&kinds, &n_kinds,
				tvk_repair_kind_name(d->repairs[k].kind)), s);
		for (size_t k = 0; k < d->n_problems; k++)
			tally_table(tally_of(&checks, &n_checks,
				d->problems[k].check ? d->problems[k].check :
				"(none)"), s);
	}
	if (n_kinds)
		qsort(kinds, n_kinds, sizeof(*kinds), by_tally_name);
	if (n_checks)
		qsort(checks, n_checks, sizeof(*checks), by_tally_name);

	tvk_buf_str(b, "<div class=\"summary\">\n<div><h3>Tables by status"
		"</h3>\n<table id=\"by-status\">\n");
	static const char *const names[] = {"invalid", "repaired", "valid"};
	for (int s = 0; s < 3; s++) {
		tvk_buf_printf(b, "<tr><td><span class=\"status st-%s\">%s</span>"
			"</td><td class=\"n\">%zu</td><td>", names[s], names[s],
			by_status[s]);
		size_t first = n_shown;
		for (size_t k = 0; k < n_shown && first == n_shown; k++)
			if (status_rank(tables[k].doc->status) == s)
				first = k;
		if (first < n_shown)
			tvk_buf_printf(b, "<a href=\"#t%zu\">first shown</a>",
				first + 1);
		tvk_buf_str(b, "</td></tr>\n");
	}
	tvk_buf_str(b, "</table></div>\n<div><h3>Repairs by kind</h3>\n");
	if (n_kinds == 0)
		tvk_buf_str(b, "<p class=\"muted\">none</p>\n");
	else
		tvk_buf_str(b, "<table id=\"by-kind\">\n");
	for (size_t i = 0; i < n_kinds; i++) {
		tvk_buf_str(b, "<tr><td>");
		swatch(b, kind_colour(kinds[i].name));
		esc(b, kinds[i].name);
		tvk_buf_printf(b, "</td><td class=\"n\">%zu</td><td>",
			kinds[i].count);
		tally_links(b, &kinds[i], tables);
		tvk_buf_str(b, "</td></tr>\n");
		free(kinds[i].tables);
	}
	if (n_kinds)
		tvk_buf_str(b, "</table>\n");
	tvk_buf_str(b, "</div>\n<div><h3>Problems by check</h3>\n");
	if (n_checks == 0)
		tvk_buf_str(b, "<p class=\"muted\">none</p>\n");
	else
		tvk_buf_str(b, "<table id=\"by-check\">\n<tr><th>check</th>"
			"<th>errors</th><th>warnings</th><th>tables</th></tr>\n");
	for (size_t i = 0; i < n_checks; i++) {
		tvk_buf_str(b, "<tr><td>");
		esc(b, checks[i].name);
		tvk_buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">"
			"%zu</td><td>", checks[i].count, checks[i].warnings);
		tally_links(b, &checks[i], tables);
		tvk_buf_str(b, "</td></tr>\n");
		free(checks[i].tables);
	}
	if (n_checks)
		tvk_buf_str(b, "</table>\n");
	tvk_buf_str(b, "</div>\n</div>\n");
	free(kinds);
	free(checks);

	tvk_buf_str(b, "<h3>Tables shown</h3>\n");
	if (n_shown == 0) {
		tvk_buf_str(b, "<p class=\"muted\">none: every table is valid "
			"(tvk review --all shows them all)</p>\n");
		return;
	}
	tvk_buf_str(b, "<ol class=\"toc\">\n");
	for (size_t s = 0; s < n_shown; s++) {
		const struct tvk_document *d = tables[s].doc;
		tvk_buf_printf(b, "<li><a href=\"#t%zu\">", s + 1);
		table_title(b, d);
		tvk_buf_printf(b, "</a> <span class=\"muted\">%s, %zu repair%s, "
			"%zu problem%s</span></li>\n", tvk_status_name(d->status),
			d->n_repairs, d->n_repairs == 1 ? "" : "s", d->n_problems,
			d->n_problems == 1 ? "" : "s");
	}
	tvk_buf_str(b, "</ol>\n");
}

static void mark_rect(struct tvk_buf *b, size_t table, const struct mark *m)
{
	static const char *const classes[] = {"repair", "row", "column",
		"cell"};
	tvk_buf_printf(b, "<a href=\"#t%zu-e%zu\"><rect id=\"t%zu-m%zu\" "
		"class=\"mark %s\" data-entry=\"t%zu-e%zu\" data-kind=\"",
		table, m->entry, table, m->entry, classes[m->kind], table,
		m->entry);
	esc(b, m->name);
	tvk_buf_printf(b, "\" data-page=\"%d\" data-box=\"", m->page);
	num(b, m->box.x0);
	tvk_buf_str(b, " ");
	num(b, m->box.y0);
	tvk_buf_str(b, " ");
	num(b, m->box.x1);
	tvk_buf_str(b, " ");
	num(b, m->box.y1);
	/* drawn a point outside the box, so the outline leaves the digits
	 * readable */
	tvk_buf_str(b, "\" x=\"");
	num(b, m->box.x0 - 1);
	tvk_buf_str(b, "\" y=\"");
	num(b, m->box.y0 - 1);
	tvk_buf_str(b, "\" width=\"");
	num(b, m->box.x1 - m->box.x0 + 2);
	tvk_buf_str(b, "\" height=\"");
	num(b, m->box.y1 - m->box.y0 + 2);
	tvk_buf_str(b, "\"");
	if (m->kind == MARK_REPAIR)
		tvk_buf_printf(b, " style=\"stroke:%s;fill:%s\"",
			kind_colour(m->name), kind_colour(m->name));
	tvk_buf_str(b, "/></a>");
	/* its number, above its top right corner (a failing column's at
	 * its top, a row's at its right end) */
	tvk_buf_str(b, "<text x=\"");
	num(b, m->box.x1 + 1.5);
	tvk_buf_str(b, "\" y=\"");
	num(b, m->box.y0 + 5);
	tvk_buf_printf(b, "\" fill=\"%s\">%zu</text>\n", m->kind == MARK_REPAIR ?
		kind_colour(m->name) : FAIL_COLOUR, m->entry);
}

static void crop_figure(struct tvk_buf *b, size_t table, const struct crop *c,
		const struct mark *marks, size_t n_marks, size_t *drawn)
{
	tvk_buf_printf(b, "<figure class=\"crop\" data-page=\"%d\">", c->page);
	double w = c->view.x1 - c->view.x0, h = c->view.y1 - c->view.y0;
	tvk_buf_printf(b, "<div class=\"frame\" style=\"width:%dpx\">",
		(int)lround(w * CSS_PER_POINT));
	tvk_buf_printf(b, "<img width=\"%d\" height=\"%d\" alt=\"page %d of "
		"the PDF, cropped to the table\" src=\"data:image/png;base64,",
		c->width, c->height, c->page);
	tvk_buf_str(b, c->png);
	tvk_buf_str(b, "\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"");
	num(b, c->view.x0);
	tvk_buf_str(b, " ");
	num(b, c->view.y0);
	tvk_buf_str(b, " ");
	num(b, w);
	tvk_buf_str(b, " ");
	num(b, h);
	tvk_buf_str(b, "\" preserveAspectRatio=\"none\">\n");
	for (size_t i = 0; i < n_marks; i++)
		if (marks[i].page == c->page) {
			mark_rect(b, table, &marks[i]);
			(*drawn)++;
		}
	tvk_buf_printf(b, "</svg></div><figcaption>page %d</figcaption>"
		"</figure>\n", c->page);
}

static void value_text(struct tvk_buf *b, const struct tvk_document_repair *r)
{
	if (r->has_value)
		tvk_buf_printf(b, "%lld", (long long)r->value);
	else if (r->text)
		esc(b, r->text);
	else
		tvk_buf_str(b, "<span class=\"muted\">nothing</span>");
}

static void where_text(struct tvk_buf *b, const char *subject,
		const char *field)
{
	esc(b, subject ? subject : "(the table)");
	if (field) {
		tvk_buf_str(b, " / ");
		esc(b, field);
	}
}

/* The entry's first cell: its number, linked to its mark when it has
 * one on a crop. */
static void entry_link(struct tvk_buf *b, size_t table, size_t entry,
		const struct mark *marks, size_t n_marks, const struct shown *t,
		const char *colour)
{
	bool on_crop = false;
	for (size_t i = 0; i < n_marks && !on_crop; i++)
		if (marks[i].entry == entry)
			for (size_t k = 0; k < t->n_crops && !on_crop; k++)
				on_crop = t->crops[k].png &&
					t->crops[k].page == marks[i].page;
	tvk_buf_printf(b, "<tr id=\"t%zu-e%zu\"><td>", table, entry);
	if (on_crop) {
		tvk_buf_printf(b, "<a href=\"#t%zu-m%zu\" title=\"its mark on "
			"the crop\">", table, entry);
		swatch(b, colour);
		tvk_buf_printf(b, "%zu</a>", entry);
	} else {
		tvk_buf_printf(b, "%zu <span class=\"muted\" title=\"no place "
			"on a crop\">&#8211;</span>", entry);
	}
	tvk_buf_str(b, "</td>");
}

static void table_section(struct tvk_buf *b, size_t index,
		const struct shown *t, size_t *marks_drawn)
{
	const struct tvk_document *d = t->doc;
	size_t table = index + 1;
	tvk_buf_printf(b, "<section class=\"table\" id=\"t%zu\" "
		"data-status=\"%s\">\n<h2><span class=\"status st-%s\">%s</span> ",
		table, tvk_status_name(d->status), tvk_status_name(d->status),
		tvk_status_name(d->status));
	table_title(b, d);
	tvk_buf_str(b, "</h2>\n<p class=\"sub\">");
	esc(b, d->source.file ? d->source.file : "(source unknown)");
	int first, last;
	page_range(d, &first, &last);
	if (first >= 1 && last > first)
		tvk_buf_printf(b, ", pages %d&#8211;%d", first, last);
	else if (first >= 1)
		tvk_buf_printf(b, ", page %d", first);
	tvk_buf_printf(b, " &#183; text layer: %s",
		tvk_text_layer_name(d->source.layer));
	for (size_t i = 0; i < d->n_also_in; i++) {
		tvk_buf_str(b, i ? ", " : " &#183; also in ");
		esc(b, d->also_in[i].file);
	}
	tvk_buf_str(b, "</p>\n<div class=\"body\">\n<div class=\"crops\">\n");

	struct mark *marks;
	size_t n_marks = marks_of(d, &marks);
	if (t->no_pdf) {
		tvk_buf_str(b, "<p class=\"nocrop\">No crop: ");
		esc(b, t->no_pdf);
		tvk_buf_str(b, ".</p>\n");
	} else if (t->n_crops == 0) {
		tvk_buf_str(b, "<p class=\"nocrop\">No crop: the document says "
			"nowhere where its rows were printed.</p>\n");
	}
	for (size_t k = 0; !t->no_pdf && k < t->n_crops; k++) {
		const struct crop *c = &t->crops[k];
		if (c->png) {
			crop_figure(b, table, c, marks, n_marks, marks_drawn);
		} else {
			tvk_buf_str(b, "<p class=\"nocrop\">No crop: ");
			esc(b, c->why ? c->why : "not rendered");
			tvk_buf_str(b, ".</p>\n");
		}
	}
	tvk_buf_str(b, "</div>\n<table class=\"entries\">\n<thead><tr><th>#</th>"
		"<th>row / field</th><th>printed</th><th>value</th><th>kind</th>"
		"<th>evidence</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n_repairs; i++) {
		const struct tvk_document_repair *r = &d->repairs[i];
		const char *kind = tvk_repair_kind_name(r->kind);
		entry_link(b, table, i + 1, marks, n_marks, t, kind_colour(kind));
		tvk_buf_str(b, "<td>");
		where_text(b, r->subject, r->field);
		tvk_buf_str(b, "</td><td>");
		if (r->printed) {
			tvk_buf_str(b, "<code>");
			esc(b, r->printed);
			tvk_buf_str(b, "</code>");
		} else {
			tvk_buf_str(b, "<span class=\"muted\">nothing</span>");
		}
		tvk_buf_str(b, "</td><td>");
		value_text(b, r);
		tvk_buf_str(b, "</td><td>");
		esc(b, kind);
		tvk_buf_str(b, "</td><td>");
		esc(b, r->evidence);
		tvk_buf_str(b, "</td></tr>\n");
	}
	for (size_t i = 0; i < d->n_problems; i++) {
		const struct tvk_document_problem *p = &d->problems[i];
		entry_link(b, table, d->n_repairs + i + 1, marks, n_marks, t,
			FAIL_COLOUR);
		tvk_buf_str(b, "<td>");
		where_text(b, p->subject, p->field);
		tvk_buf_printf(b, "</td><td></td><td></td><td>%s: ",
			p->warning ? "warning" : "error");
		esc(b, p->check);
		tvk_buf_str(b, "</td><td>");
		esc(b, p->message);
		tvk_buf_str(b, "</td></tr>\n");
	}
	if (d->n_repairs + d->n_problems == 0)
		tvk_buf_str(b, "<tr><td colspan=\"6\" class=\"muted\">no repairs, "
			"no problems</td></tr>\n");
	tvk_buf_str(b, "</tbody>\n</table>\n</div>\n</section>\n");
	free(marks);
}

char *tvk_review_page(const struct tvk_document *const *docs, size_t n_docs,
		const struct tvk_review_input *inputs, size_t n_inputs,
		const struct tvk_review_options *opt, size_t *size,
		struct tvk_review_stats *stats)
{
	bool all = opt && opt->all;
	struct shown *tables = tvk_xcalloc(n_docs + 1, sizeof(*tables));
	size_t n = 0;
	for (size_t i = 0; i < n_docs; i++) {
		if (!all && docs[i]->status == TVK_STATUS_VALID)
			continue;
		tables[n] = (struct shown){.doc = docs[i],
			.errors = tvk_document_errors(docs[i]),
			.count_repairs = tvk_document_count_repairs(docs[i])};
		plan_crops(&tables[n]);
		n++;
	}
	qsort(tables, n, sizeof(*tables), worst_first);

	size_t missing = render_all(tables, n, opt);
	/* what the caller was told, on the page too: a line per PDF, in the
	 * page's order */
	struct {
		char **lines;
		size_t n;
	} notes = {0};
	for (size_t i = 0; i < n; i++) {
		if (!tables[i].no_pdf)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = tables[k].no_pdf && cmp_str(tables[k].doc->source.file,
				tables[i].doc->source.file) == 0;
		if (seen)
			continue;
		notes.lines = tvk_xrealloc(notes.lines, notes.n + 1,
			sizeof(*notes.lines));
		notes.lines[notes.n++] = tvk_xasprintf("%s: %s",
			tables[i].doc->source.file, tables[i].no_pdf);
	}

	struct tvk_buf b = {0};
	tvk_buf_str(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		/* nothing from anywhere: the page is all there is */
		"<meta http-equiv=\"Content-Security-Policy\" content=\""
		"default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
		"script-src 'none'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width\">\n");
	tvk_buf_printf(&b, "<meta name=\"generator\" content=\"tvk %s\">\n"
		"<title>tvk review</title>\n<style>%s</style>\n</head>\n<body>\n",
		TVK_VERSION, style);
	summary(&b, docs, n_docs, tables, n, inputs, n_inputs,
		(const char *const *)notes.lines, notes.n, all);
	size_t marks = 0, without_crop = 0;
	for (size_t i = 0; i < n; i++) {
		table_section(&b, i, &tables[i], &marks);
		bool any = false;
		for (size_t k = 0; k < tables[i].n_crops; k++)
			any = any || tables[i].crops[k].png;
		without_crop += !any;
	}
	tvk_buf_str(&b, "</body>\n</html>\n");

	if (stats)
		*stats = (struct tvk_review_stats){.tables = n_docs, .shown = n,
			.without_crop = without_crop, .marks = marks,
			.missing_pdfs = missing};
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < tables[i].n_crops; k++) {
			free(tables[i].crops[k].png);
			free(tables[i].crops[k].why);
		}
		free(tables[i].crops);
		free(tables[i].no_pdf);
	}
	for (size_t i = 0; i < notes.n; i++)
		free(notes.lines[i]);
	free(notes.lines);
	free(tables);
	*size = b.len;
	return b.s ? b.s : tvk_xstrdup("");
}

int tvk_review_save(const char *path, const char *page, size_t size,
		struct tvk_error *err)
{
	return tvk_files_write(path, page, size, err);
}
