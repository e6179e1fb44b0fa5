/*
 * Provenance and the review page.
 *
 * Provenance: a table drawn by the fixture generator on a portrait, a
 * landscape and a turned page (/Rotate 90) gives the same boxes on all
 * three — words, rows, a lost cell's column-row intersection — in the
 * coordinates of the page as displayed, and the page as rendered has its
 * ink exactly there.
 *
 * The page of tvk review, read as text: a mark per repair and per failing
 * check with a place, each where `tvk text --boxes` says the print is (a
 * repaired sheet of the sample archive, and one made invalid here with
 * the fixture generator); its crops grey PNGs within the budget; one page
 * byte for byte from PDFs, from their converted folder and from convert
 * --review; a PDF gone or changed.  That a browser shows it is
 * tests/review/browser.sh's to check.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "harness.h"
#include "read/pdf.h"
#include "tvk_check.h"

#ifndef TVK_BINARY
#error "TVK_BINARY must be the path of the tvk executable"
#endif

#define RIJNMOND_SPEC TVK_FIXTURES "/src/uwv-2025-q2-rijnmond.spec"

/* @s with every @from replaced by @to, which must occur @times times
 * (owned by the test). */
static char *replace(const char *s, const char *from, const char *to,
		int times)
{
	struct text t = {0};
	int n = 0;
	size_t k = strlen(from);
	for (const char *p = s; *p;) {
		const char *q = strstr(p, from);
		if (!q) {
			add(&t, "%s", p);
			break;
		}
		add_bytes(&t, p, (size_t)(q - p));
		add(&t, "%s", to);
		p = q + k;
		n++;
	}
	ck_assert_msg(n == times, "'%s' found %d times, not %d", from, n, times);
	return keep(t.s);
}

/* The Rijnmond sheet of the sample archive with its table page (the
 * second) drawn as @kind: "" (portrait), " landscape" or " rotate90". */
static const char *rijnmond_on(const char *kind, const char *pdf)
{
	size_t len;
	char *spec = read_file(RIJNMOND_SPEC, &len);
	spec = replace(spec, "# region 22: table page\npage\n",
		kprintf("# region 22: table page\npage%s\n", kind), 1);
	const char *path = kprintf("%s.spec", pdf);
	write_file(path, spec, strlen(spec));
	draw_spec(path, pdf);
	return pdf;
}

/* The box around the ink (grey below 160) of @img, in points. */
static bool ink_box(const struct tvk_image *img, struct tvk_box *out)
{
	int x0 = img->width, y0 = img->height, x1 = -1, y1 = -1;
	for (int y = 0; y < img->height; y++)
		for (int x = 0; x < img->width; x++)
			if (img->pixels[(size_t)y * (size_t)img->stride +
					(size_t)x] < 160) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	double s = img->dpi / 72.0;
	*out = (struct tvk_box){x0 / s, y0 / s, (x1 + 1) / s, (y1 + 1) / s};
	return x1 >= 0;
}

/* The darkest pixel of @img inside @b (points), shrunk by @inset. */
static int darkest_in(const struct tvk_image *img, struct tvk_box b,
		double inset)
{
	double s = img->dpi / 72.0;
	int darkest = 255;
	for (int y = (int)ceil((b.y0 + inset) * s);
			y < (int)floor((b.y1 - inset) * s); y++)
		for (int x = (int)ceil((b.x0 + inset) * s);
				x < (int)floor((b.x1 - inset) * s); x++) {
			int v = img->pixels[(size_t)y * (size_t)img->stride +
				(size_t)x];
			darkest = v < darkest ? v : darkest;
		}
	return darkest;
}

struct seen {
	double width, height;
	size_t n_words;
	struct tvk_box words[512];
	struct tvk_box voorne_row, lost_cell, above_lost, total_row;
};

/* Reads @pdf through the pipeline and the renderer: what page 2 and its
 * table look like. */
static void look_at(const char *pdf, struct seen *out)
{
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *doc = tvk_input_open(pdf, &err);
	ck_assert_msg(doc, "%s", err.message);
	struct tvk_options opt = {0};
	struct tvk_lexer *lexer = tvk_lexer_create();
	ck_assert_msg(tvk_input_convert(doc, &opt, lexer, &err) == 0, "%s",
		err.message);
	tvk_lexer_destroy(lexer);
	ck_assert_int_eq(doc->n_pages, 2);
	const struct tvk_page *page = &doc->pages[1];
	out->width = page->width;
	out->height = page->height;
	out->n_words = page->n_words;
	ck_assert_uint_le(page->n_words, 512);
	for (size_t i = 0; i < page->n_words; i++)
		out->words[i] = page->words[i].box;

	struct tvk_document **docs;
	ck_assert_uint_eq(tvk_document_build(doc, &docs), 1);
	struct tvk_document *d = docs[0];
	free(docs);
	ck_assert_int_eq(d->status, TVK_STATUS_REPAIRED);
	bool found = false;
	for (size_t i = 0; i < d->n_repairs; i++)
		if (d->repairs[i].kind == TVK_REPAIR_MISSING_CELL) {
			ck_assert_int_eq(d->repairs[i].place.page, 2);
			ck_assert(d->repairs[i].place.has_box);
			out->lost_cell = d->repairs[i].place.box;
			found = true;
		}
	ck_assert(found);
	for (size_t i = 0; i < d->n_rows; i++)
		if (strcmp(d->rows[i].printed_name, "Voorne aan Zee") == 0) {
			out->voorne_row = d->rows[i].place.box;
			/* the row above: Vlaardingen, its first count "4" */
			ck_assert_uint_gt(i, 0);
			out->above_lost = (struct tvk_box){out->lost_cell.x0,
				d->rows[i - 1].place.box.y0, out->lost_cell.x1,
				d->rows[i - 1].place.box.y1};
		}
	out->total_row = d->total.place.box;
	tvk_document_destroy(d);

	/* the page as rendered has its ink where the words are */
	struct tvk_image img;
	struct tvk_pdf *p = tvk_pdf_open(doc->data, doc->size, pdf, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(tvk_pdf_render(p, 1, 150, &img, &err), 0);
	ck_assert_int_eq(img.width, (int)ceil(page->width * 150 / 72));
	ck_assert_int_eq(img.height, (int)ceil(page->height * 150 / 72));
	struct tvk_box ink, words = page->words[0].box;
	for (size_t i = 0; i < page->n_words; i++) {
		const struct tvk_box *b = &page->words[i].box;
		words.x0 = fmin(words.x0, b->x0);
		words.y0 = fmin(words.y0, b->y0);
		words.x1 = fmax(words.x1, b->x1);
		words.y1 = fmax(words.y1, b->y1);
		/* a word's box holds ink */
		ck_assert_msg(darkest_in(&img, *b, 0) < 100, "%s: no ink in "
			"the box of '%s'", pdf, page->words[i].text);
	}
	ck_assert(ink_box(&img, &ink));
	/* glyph boxes run from the font's ascent to its descent, a little
	 * beyond the ink; the ink never beyond them */
	ck_assert_msg(ink.x0 >= words.x0 - 1 && ink.y0 >= words.y0 - 1 &&
		ink.x1 <= words.x1 + 1 && ink.y1 <= words.y1 + 1 &&
		ink.x0 <= words.x0 + 2 && ink.x1 >= words.x1 - 2 &&
		ink.y0 <= words.y0 + 4 && ink.y1 >= words.y1 - 4,
		"%s: ink [%.1f %.1f %.1f %.1f], words [%.1f %.1f %.1f %.1f]",
		pdf, ink.x0, ink.y0, ink.x1, ink.y1, words.x0, words.y0,
		words.x1, words.y1);
	/* nothing is printed where the lost cell is, something in the same
	 * column of the row above */
	ck_assert_int_ge(darkest_in(&img, out->lost_cell, 0.5), 200);
	ck_assert_int_lt(darkest_in(&img, out->above_lost, 0.5), 100);
	free(img.pixels);
	tvk_pdf_destroy(p);
	tvk_input_destroy(doc);
}

static bool same_box(const struct tvk_box *a, const struct tvk_box *b)
{
	return fabs(a->x0 - b->x0) < 0.05 && fabs(a->y0 - b->y0) < 0.05 &&
		fabs(a->x1 - b->x1) < 0.05 && fabs(a->y1 - b->y1) < 0.05;
}

START_TEST(boxes_are_of_the_page_as_displayed)
{
	static struct seen seen[3];
	static const char *const kinds[] = {"", " landscape", " rotate90"};
	for (int k = 0; k < 3; k++)
		look_at(rijnmond_on(kinds[k], kprintf("page%d.pdf", k)),
			&seen[k]);
	/* portrait as drawn; landscape and turned alike, wide */
	ck_assert_double_eq_tol(seen[0].width, 595.28, 0.01);
	ck_assert_double_eq_tol(seen[0].height, 841.89, 0.01);
	for (int k = 1; k < 3; k++) {
		ck_assert_double_eq_tol(seen[k].width, 841.89, 0.01);
		ck_assert_double_eq_tol(seen[k].height, 595.28, 0.01);
	}
	/* the spec places everything from the top left of the displayed
	 * page: every box the same on all three, down to the table's last
	 * row (the paragraph below it is wrapped to the page's width) */
	for (int k = 1; k < 3; k++) {
		ck_assert(same_box(&seen[k].total_row, &seen[0].total_row));
		size_t n = 0;
		while (n < seen[0].n_words && seen[0].words[n].y0 <
				seen[0].total_row.y1)
			n++;
		ck_assert_uint_gt(n, 100);
		ck_assert_uint_ge(seen[k].n_words, n);
		for (size_t i = 0; i < n; i++)
			ck_assert_msg(same_box(&seen[k].words[i],
				&seen[0].words[i]), "word %zu moved on page kind "
				"'%s'", i, kinds[k]);
		ck_assert(same_box(&seen[k].voorne_row, &seen[0].voorne_row));
		ck_assert(same_box(&seen[k].lost_cell, &seen[0].lost_cell));
	}
	/* the lost cell: the first count column (its counts end at 330, as
	 * drawn) on Voorne aan Zee's band */
	const struct tvk_box *lost = &seen[0].lost_cell;
	ck_assert_double_eq_tol(lost->x1, 330, 0.1);
	ck_assert(lost->x0 > 300 && lost->x0 < lost->x1);
	ck_assert_double_eq_tol(lost->y0, seen[0].voorne_row.y0, 0.01);
	ck_assert_double_eq_tol(lost->y1, seen[0].voorne_row.y1, 0.01);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The review page. */

/* A word or a line of `tvk text --boxes`. */
struct printed {
	int page;
	bool line;
	struct tvk_box box;
	const char *text;
	size_t n_words; /* a line's: the words that follow it */
};

struct print {
	struct printed *items;
	size_t n;
};

/* What `tvk text --boxes @pdf` says is printed where. */
static struct print print_of(const char *pdf)
{
	struct run *r = TVK("text", "--boxes", pdf);
	EXPECT_STATUS(r, 0);
	size_t n;
	char **lines = split_lines(r->out, &n);
	struct print p = {keep(calloc(n + 1, sizeof(struct printed))), 0};
	int page = 0;
	struct printed *line = NULL;
	for (size_t i = 0; i < n; i++) {
		struct printed *it = &p.items[p.n];
		int used = 0;
		const char *s = lines[i];
		if (sscanf(s, "--- page %d", &page) == 1)
			continue;
		bool word = strncmp(s, "    [", 5) == 0;
		if (sscanf(s + (word ? 4 : 0), "[%lf %lf %lf %lf] %n",
				&it->box.x0, &it->box.y0, &it->box.x1,
				&it->box.y1, &used) != 4 || used == 0)
			continue;
		it->page = page;
		it->line = !word;
		it->text = s + (word ? 4 : 0) + used;
		if (it->line)
			line = it;
		else if (line)
			line->n_words++;
		p.n++;
	}
	return p;
}

/* The line of page @page that starts with @start. */
static const struct printed *line_starting(const struct print *p, int page,
		const char *start)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].line && p->items[i].page == page &&
				strncmp(p->items[i].text, start,
				strlen(start)) == 0)
			return &p->items[i];
	ck_abort_msg("no line '%s' on page %d", start, page);
	return NULL;
}

/* The box around the first @k words of @line (which is in @p). */
static struct tvk_box first_words(const struct printed *line, size_t k)
{
	ck_assert_uint_ge(line->n_words, k);
	struct tvk_box b = line[1].box;
	for (size_t i = 1; i <= k; i++) {
		b.x0 = fmin(b.x0, line[i].box.x0);
		b.y0 = fmin(b.y0, line[i].box.y0);
		b.x1 = fmax(b.x1, line[i].box.x1);
		b.y1 = fmax(b.y1, line[i].box.y1);
	}
	return b;
}

static bool overlaps(const struct tvk_box *a, const struct tvk_box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 &&
		b->y0 < a->y1;
}

/* The value of the attribute @name in the tag at @tag (owned), or
 * NULL. */
static const char *attr(const char *tag, const char *name)
{
	const char *end = strchr(tag, '>');
	const char *key = kprintf(" %s=\"", name);
	const char *p = strstr(tag, key);
	if (!p || (end && p > end))
		return NULL;
	p += strlen(key);
	return kprintf("%.*s", (int)strcspn(p, "\""), p);
}

/* A mark of the page: a rect of class "mark". */
struct mark {
	const char *id, *entry, *kind, *cls;
	int page;
	struct tvk_box box;
};

/* Every mark of @html (at most 64). */
static size_t marks_in(const char *html, struct mark *out)
{
	size_t n = 0;
	for (const char *p = html; (p = strstr(p, "<rect ")); p++) {
		const char *cls = attr(p, "class");
		if (!cls || strncmp(cls, "mark ", 5) != 0)
			continue;
		ck_assert_uint_lt(n, 64);
		struct mark *m = &out[n++];
		m->id = attr(p, "id");
		m->entry = attr(p, "data-entry");
		m->kind = attr(p, "data-kind");
		m->cls = cls + 5;
		m->page = atoi(attr(p, "data-page"));
		ck_assert_int_eq(sscanf(attr(p, "data-box"), "%lf %lf %lf %lf",
			&m->box.x0, &m->box.y0, &m->box.x1, &m->box.y1), 4);
	}
	return n;
}

/* The mark of entry @entry ("t1-e3"): there must be exactly one. */
static const struct mark *mark_of(const struct mark *m, size_t n,
		const char *entry)
{
	const struct mark *found = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].entry, entry) == 0) {
			ck_assert_msg(!found, "two marks of %s", entry);
			found = &m[i];
		}
	ck_assert_msg(found, "no mark of %s", entry);
	return found;
}

/* The entry row @entry of the page's list (its text, owned). */
static const char *entry_row(const char *html, const char *entry)
{
	const char *p = strstr(html, kprintf("<tr id=\"%s\">", entry));
	ck_assert_msg(p, "no row for %s in the list", entry);
	const char *end = strstr(p, "</tr>");
	return kprintf("%.*s", (int)(end - p), p);
}

static bool box_is(const struct tvk_box *a, const struct tvk_box *b,
		double tol)
{
	return fabs(a->x0 - b->x0) <= tol && fabs(a->y0 - b->y0) <= tol &&
		fabs(a->x1 - b->x1) <= tol && fabs(a->y1 - b->y1) <= tol;
}

#define EXPECT_BOX(a, b, tol, what) ck_assert_msg(box_is(a, b, tol), \
	"%s: [%.2f %.2f %.2f %.2f], expected [%.2f %.2f %.2f %.2f]", what, \
	(a)->x0, (a)->y0, (a)->x1, (a)->y1, (b)->x0, (b)->y0, (b)->x1, (b)->y1)

static struct tvk_box json_box(json_t *o)
{
	json_t *b = json_object_get(o, "box");
	ck_assert_msg(json_array_size(b) == 4, "no box");
	return (struct tvk_box){json_number_value(json_array_get(b, 0)),
		json_number_value(json_array_get(b, 1)),
		json_number_value(json_array_get(b, 2)),
		json_number_value(json_array_get(b, 3))};
}

/* The one document `tvk validate --json @pdf` gives (owned by @keep_j). */
static json_t *document_of(const char *pdf, json_t **keep_j)
{
	struct run *r = run_checked((const char *const[]){TVK_BINARY,
		"validate", "--json", pdf, NULL}, NULL);
	json_error_t jerr;
	*keep_j = json_loads(r->out, 0, &jerr);
	EXPECT(r, *keep_j, "validate --json: %s", jerr.text);
	json_t *tables = json_object_get(*keep_j, "tables");
	ck_assert_uint_eq(json_array_size(tables), 1);
	return json_array_get(tables, 0);
}

static size_t from_base64(const char *s, unsigned char *out, size_t cap)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 0;
	unsigned v = 0;
	int bits = 0;
	for (; *s && *s != '"' && *s != '='; s++) {
		const char *d = strchr(digits, *s);
		ck_assert_msg(d && *s, "not base64: '%c'", *s);
		v = v << 6 | (unsigned)(d - digits);
		bits += 6;
		if (bits >= 8) {
			ck_assert_uint_lt(n, cap);
			out[n++] = (unsigned char)(v >> (bits - 8));
			bits -= 8;
		}
	}
	return n;
}

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 |
		(unsigned)p[2] << 8 | p[3];
}

/*
 * Every crop of @html is a grey PNG of the size its <img> says, within
 * the budget of 100 KB, showing the part of the page its SVG's viewBox
 * says at 150 dpi (or less, for a crop over the budget); returns how many.
 */
static size_t expect_crops(const char *html)
{
	size_t n = 0;
	static unsigned char png[200 * 1024];
	for (const char *p = html; (p = strstr(p, "<img ")); p++) {
		int w = atoi(attr(p, "width")), h = atoi(attr(p, "height"));
		const char *src = strstr(p, "src=\"data:image/png;base64,");
		ck_assert_ptr_nonnull(src);
		size_t len = from_base64(src + 27, png, sizeof(png));
		ck_assert_uint_le(len, 100 * 1024);
		ck_assert_msg(len > 33 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0
			&& memcmp(png + 12, "IHDR", 4) == 0, "not a PNG");
		ck_assert_int_eq(be32(png + 16), w);
		ck_assert_int_eq(be32(png + 20), h);
		ck_assert_int_eq(png[24], 8); /* bits */
		ck_assert_int_eq(png[25], 0); /* grey */
		double vx, vy, vw, vh;
		const char *svg = strstr(p, "<svg ");
		ck_assert_int_eq(sscanf(attr(svg, "viewBox"), "%lf %lf %lf %lf",
			&vx, &vy, &vw, &vh), 4);
		ck_assert(vw > 0 && vh > 0);
		ck_assert_double_eq_tol(w / vw, h / vh, 0.02);
		ck_assert(w / vw <= 150 / 72.0 + 0.01 && w / vw > 1.3);
		n++;
	}
	return n;
}

/* The page tvk review writes for @inputs, with its exit status @status. */
static const char *review(const char *out, int status, const char *const *in)
{
	const char *argv[16] = {TVK_BINARY, "review", "-o", out};
	size_t n = 4;
	while (*in && n < 15)
		argv[n++] = *in++;
	argv[n] = NULL;
	struct run *r = run_checked(argv, NULL);
	EXPECT_STATUS(r, status);
	size_t len;
	const char *html = read_file(out, &len);
	ck_assert_uint_eq(strlen(html), len);
	ck_assert(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	ck_assert(strstr(html, "</html>\n"));
	return html;
}

/* The Rijnmond sheet, repaired: three marks, one per repair, each where
 * tvk text --boxes has what it is about. */
START_TEST(repaired_table_is_marked_where_printed)
{
	const char *html = review("r.html", 0, (const char *[]){RIJNMOND,
		NULL});
	json_t *keep_j;
	json_t *doc = document_of(RIJNMOND, &keep_j);
	json_t *repairs = json_object_get(doc, "repairs");
	ck_assert_uint_eq(json_array_size(repairs), 3);
	struct mark marks[64];
	size_t n = marks_in(html, marks);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(expect_crops(html), 1);
	struct print print = print_of(RIJNMOND);
	for (size_t i = 0; i < 3; i++) {
		json_t *r = json_array_get(repairs, i);
		const char *entry = kprintf("t1-e%zu", i + 1);
		const struct mark *m = mark_of(marks, n, entry);
		const char *kind = str_at(r, "kind", NULL);
		ck_assert_str_eq(m->kind, kind);
		ck_assert_str_eq(m->cls, "repair");
		ck_assert_int_eq(m->page, 2);
		struct tvk_box want = json_box(r);
		EXPECT_BOX(&m->box, &want, 0.006, "the mark's box is the "
			"repair's");
		/* the list: a row with the evidence, linked to the mark */
		const char *row = entry_row(html, entry);
		ck_assert(strstr(row, kprintf("href=\"#%s\"", m->id)));
		ck_assert(strstr(row, str_at(r, "evidence", NULL)));
		if (strcmp(kind, "name") == 0) {
			/* the printed name's words */
			const char *printed = str_at(r, "printed", NULL);
			size_t words = 1;
			for (const char *c = printed; *c; c++)
				words += *c == ' ';
			struct tvk_box name = first_words(line_starting(&print,
				2, printed), words);
			EXPECT_BOX(&m->box, &name, 0.006, printed);
		}
	}
	/* Voorne aan Zee's lost 6: on its row's band, in the first count
	 * column, where nothing is printed */
	const struct mark *lost = mark_of(marks, n, "t1-e3");
	ck_assert_str_eq(lost->kind, "missing-cell");
	const struct printed *voorne = line_starting(&print, 2,
		"Voorne aan Zee");
	ck_assert_double_eq_tol(lost->box.y0, voorne->box.y0, 0.006);
	ck_assert_double_eq_tol(lost->box.y1, voorne->box.y1, 0.006);
	size_t in_column = 0;
	for (size_t i = 0; i < print.n; i++) {
		const struct printed *w = &print.items[i];
		if (w->line || w->page != 2)
			continue;
		ck_assert_msg(!overlaps(&w->box, &lost->box), "'%s' is printed "
			"in the lost cell", w->text);
		/* the column's counts end where the mark ends */
		in_column += fabs(w->box.x1 - lost->box.x1) < 0.02 &&
			w->box.x0 >= lost->box.x0 - 0.02;
	}
	ck_assert_uint_ge(in_column, 14);
	const char *row = entry_row(html, "t1-e3");
	ck_assert(strstr(row, "Voorne aan Zee / municipal_with_profile"));
	ck_assert(strstr(row, "<td>6</td>"));
	json_decref(keep_j);
}
END_TEST

/* The sample's Rijnmond sheet with two cells changed so that two rows
 * and two columns fail and two repairs fit equally well. */
static const char *invalid_sheet(void)
{
	size_t len;
	char *spec = read_file(RIJNMOND_SPEC, &len);
	spec = replace(spec, "| Albrandswaard | 3 | 84 | 92 |",
		"| Albrandswaard | 3 | 85 | 92 |", 1);
	spec = replace(spec, "| Barendrecht | 3 | 124 | 156 |",
		"| Barendrecht | 3 | 124 | 157 |", 1);
	write_file("invalid.spec", spec, strlen(spec));
	draw_spec("invalid.spec", "invalid.pdf");
	return "invalid.pdf";
}

/* An invalid table: a mark per failing check with a place — its failing
 * rows across their band, its failing columns from the first row to the
 * total, the lost cell — where tvk text --boxes has them. */
START_TEST(invalid_table_marks_its_failing_rows_and_columns)
{
	const char *pdf = invalid_sheet();
	const char *html = review("r.html", 1, (const char *[]){pdf, NULL});
	json_t *keep_j;
	json_t *doc = document_of(pdf, &keep_j);
	ck_assert_str_eq(str_at(doc, "validation", "status"), "invalid");
	json_t *problems = json_object_get(json_object_get(doc, "validation"),
		"problems");
	size_t n_repairs = json_array_size(json_object_get(doc, "repairs"));
	struct mark marks[64];
	size_t n = marks_in(html, marks);
	ck_assert_uint_eq(expect_crops(html), 1);
	struct print print = print_of(pdf);
	const struct printed *first = line_starting(&print, 2, "Albrandswaard");
	const struct printed *total = line_starting(&print, 2, "Totaal AMR");
	size_t placed = 0, rows = 0, columns = 0;
	for (size_t i = 0; i < json_array_size(problems); i++) {
		json_t *p = json_array_get(problems, i);
		const char *entry = kprintf("t1-e%zu", n_repairs + i + 1);
		const char *check = str_at(p, "check", NULL);
		const char *row = entry_row(html, entry);
		ck_assert(strstr(row, str_at(p, "message", NULL)));
		if (json_is_null(json_object_get(p, "box"))) {
			ck_assert(!strstr(row, "href="));
			continue;
		}
		placed++;
		const struct mark *m = mark_of(marks, n, entry);
		ck_assert_str_eq(m->kind, check);
		ck_assert(strstr(row, kprintf("href=\"#%s\"", m->id)));
		if (strcmp(check, "row-sum") == 0) {
			/* the row's band: its line, name to total */
			rows++;
			ck_assert_str_eq(m->cls, "row");
			const struct printed *line = line_starting(&print, 2,
				str_at(p, "subject", NULL));
			EXPECT_BOX(&m->box, &line->box, 0.006, "a failing row");
		} else if (strcmp(check, "column-sum") == 0) {
			/* from the first row to Totaal AMR, around every count
			 * of the column: those that end where its total ends */
			columns++;
			ck_assert_str_eq(m->cls, "column");
			ck_assert_double_eq_tol(m->box.y0, first->box.y0, 0.006);
			ck_assert_double_eq_tol(m->box.y1, total->box.y1, 0.006);
			int f = -1;
			for (int k = 0; k < 5; k++)
				if (strcmp(count_fields[k], str_at(p, "field",
						NULL)) == 0)
					f = k;
			ck_assert_int_ge(f, 0);
			const struct printed *cell = &total[1 + total->n_words -
				5 + (size_t)f];
			size_t inside = 0;
			for (const struct printed *w = first; w <= cell; w++) {
				if (w->line || fabs(w->box.x1 - cell->box.x1) > 0.5)
					continue;
				ck_assert(w->box.x0 >= m->box.x0 - 0.01 &&
					w->box.x1 <= m->box.x1 + 0.01);
				inside++;
			}
			ck_assert_uint_eq(inside, 15); /* 14 rows and the total */
		} else {
			ck_assert_str_eq(m->cls, "cell");
			struct tvk_box want = json_box(p);
			EXPECT_BOX(&m->box, &want, 0.006, check);
		}
	}
	ck_assert_uint_eq(rows, 2);
	ck_assert_uint_eq(columns, 2);
	/* one mark per repair and per failing check with a place, no more */
	ck_assert_uint_eq(n, n_repairs + placed);
	json_decref(keep_j);
}
END_TEST

/* The page of the sample archive, from its PDFs, from the folder convert
 * wrote and from convert --review: one page, byte for byte, every time;
 * the Rijnmond repair on it with its evidence; --all shows every table;
 * '-o -' writes it to standard output. */
START_TEST(one_page_three_ways)
{
	const char *a = review("a.html", 0, (const char *[]){TVK_FIXTURES,
		NULL});
	const char *again = review("again.html", 0,
		(const char *[]){TVK_FIXTURES, NULL});
	ck_assert_msg(strcmp(a, again) == 0, "two runs, two pages");
	struct run *r = TVK("convert", "-q", "-o", "out", TVK_FIXTURES);
	EXPECT_STATUS(r, 0);
	const char *b = review("b.html", 0, (const char *[]){"out", NULL});
	ck_assert_msg(strcmp(a, b) == 0, "the page of the PDFs and of the "
		"folder differ");
	r = TVK("convert", "-q", "--review", "-o", "out2", TVK_FIXTURES);
	EXPECT_STATUS(r, 0);
	size_t len;
	ck_assert_msg(strcmp(a, read_file("out2/review.html", &len)) == 0,
		"convert --review wrote another page");
	r = TVK("review", "-o", "-", "out");
	EXPECT_STATUS(r, 0);
	ck_assert_msg(strcmp(a, r->out) == 0, "-o - wrote another page");

	/* the repair the sample archive has, outlined with its evidence */
	ck_assert(strstr(a, "<section class=\"table\" id=\"t1\" "
		"data-status=\"repaired\">"));
	ck_assert(!strstr(a, "id=\"t2\""));
	ck_assert(strstr(a, "2025-Q2 &#183; 22 Rijnmond") ||
		strstr(a, "2025-Q2 \xC2\xB7 22 Rijnmond"));
	struct mark marks[64];
	size_t n = marks_in(a, marks);
	ck_assert_uint_eq(n, 3);
	const struct mark *lost = mark_of(marks, n, "t1-e3");
	ck_assert_str_eq(lost->kind, "missing-cell");
	const char *row = entry_row(a, "t1-e3");
	ck_assert(strstr(row, "Voorne aan Zee"));
	ck_assert(strstr(row, "row sum and column sum both leave 6"));
	ck_assert_uint_eq(expect_crops(a), 1);

	/* --all: a section per document written */
	const char *all = review("all.html", 0, (const char *[]){"--all", "out",
		NULL});
	struct file_list outputs = list_outputs("out");
	size_t sections = 0;
	for (const char *p = all; (p = strstr(p, "<section class=\"table\""));
			p++)
		sections++;
	size_t documents = 0;
	for (size_t i = 0; i < outputs.n; i++)
		documents += strstr(outputs.name[i], ".json") != NULL;
	ck_assert_uint_eq(sections, documents);
	ck_assert_uint_eq(expect_crops(all), documents);
}
END_TEST

/* A PDF gone or changed since its folder was converted: one line naming
 * it, exit status 2, and its table on the page without a crop. */
START_TEST(missing_or_changed_pdf)
{
	copy_file(RIJNMOND, "sheet.pdf", 0);
	struct run *r = TVK("convert", "-q", "-o", "out", "sheet.pdf");
	EXPECT_STATUS(r, 0);
	const char *ok = review("ok.html", 0, (const char *[]){"out", NULL});
	ck_assert_uint_eq(expect_crops(ok), 1);

	ck_assert_int_eq(remove("sheet.pdf"), 0);
	r = TVK("review", "-o", "gone.html", "out");
	EXPECT_STATUS(r, 2);
	expect_one_error(r, absolute_of("sheet.pdf"));
	size_t len;
	const char *gone = read_file("gone.html", &len);
	ck_assert(!strstr(gone, "<img "));
	ck_assert(strstr(gone, "No crop: the PDF is not there"));
	ck_assert(strstr(gone, "row sum and column sum both leave 6"));

	copy_file(FRIESLAND, "sheet.pdf", 0);
	r = TVK("review", "-o", "changed.html", "out");
	EXPECT_STATUS(r, 2);
	expect_one_error(r, absolute_of("sheet.pdf"));
	EXPECT(r, mentions(r->err, "sha256"), "the line does not say why");
	const char *changed = read_file("changed.html", &len);
	ck_assert(!strstr(changed, "<img "));
	ck_assert(strstr(changed, "sha256 differs"));
}
END_TEST

/* A table on a scanned page: its crop is the page image. */
START_TEST(scanned_table_crop_is_the_page_image)
{
	const char *scan = TVK_TEST_SRCDIR "/data/scans/"
		"groningen-ocrlayer-noisy.pdf";
	struct run *r = run_checked((const char *const[]){TVK_BINARY, "review",
		"--all", "-o", "scan.html", scan, NULL}, NULL);
	EXPECT(r, r->status == 0 || r->status == 1, "exit status %d",
		r->status);
	size_t len;
	const char *html = read_file("scan.html", &len);
	ck_assert_uint_eq(expect_crops(html), 1);
	/* the scan's noise is in the picture: far more than two greys */
	static unsigned char png[200 * 1024];
	const char *src = strstr(html, "base64,");
	size_t n = from_base64(src + 7, png, sizeof(png));
	ck_assert_uint_gt(n, 20 * 1024);
}
END_TEST

START_TEST(usage_errors)
{
	struct run *r = TVK("review");
	EXPECT_STATUS(r, 64);
	r = TVK("review", "--frob", RIJNMOND);
	EXPECT_STATUS(r, 64);
	r = TVK("review", "-o");
	EXPECT_STATUS(r, 64);
	r = TVK("convert", "-q", "-o", "out", RIJNMOND);
	EXPECT_STATUS(r, 0);
	r = TVK("review", "-j", "2", "out");
	EXPECT_STATUS(r, 64);
	r = TVK("review", "--timeout", "60", "out");
	EXPECT_STATUS(r, 64);
	ck_assert(!exists("review.html"));
	/* the limits per input, taken and checked as convert takes them */
	r = TVK("review", "--max-memory", "10", RIJNMOND);
	EXPECT_STATUS(r, 64);
	EXPECT(r, strstr(r->err, "--max-memory wants megabytes"),
		"no word of --max-memory's range: %s", r->err);
	r = TVK("review", "--timeout", "soon", RIJNMOND);
	EXPECT_STATUS(r, 64);
	ck_assert(!exists("review.html"));
	r = TVK("review", "--timeout", "60", "--max-memory", "1024", "-o",
		"limits.html", RIJNMOND);
	EXPECT_STATUS(r, 0);
	ck_assert(exists("limits.html"));
	/* a missing input: the line, and a page that says so */
	r = TVK("review", "-o", "r.html", "nothing-here.pdf");
	EXPECT_STATUS(r, 2);
	expect_one_error(r, "nothing-here.pdf");
	size_t len;
	const char *html = read_file("r.html", &len);
	ck_assert(strstr(html, "1 file (1 failed), 0 tables"));
	ck_assert(strstr(html, "<li>nothing-here.pdf: "));
}
END_TEST

static Suite *review_suite(void)
{
	Suite *s = folder_suite("review");
	TCase *tc = folder_tcase("provenance");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, boxes_are_of_the_page_as_displayed);
	suite_add_tcase(s, tc);
	tc = folder_tcase("page");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, repaired_table_is_marked_where_printed);
	tcase_add_test(tc, invalid_table_marks_its_failing_rows_and_columns);
	tcase_add_test(tc, one_page_three_ways);
	tcase_add_test(tc, missing_or_changed_pdf);
	tcase_add_test(tc, scanned_table_crop_is_the_page_image);
	tcase_add_test(tc, usage_errors);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(review_suite)
