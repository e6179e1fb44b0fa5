/*
 * Provenance and the review page.
 *
 * Provenance: a table drawn by the fixture generator on a portrait, a
 * landscape and a turned page (/Rotate 90) gives the same boxes on all
 * three — words, rows, a lost cell's column-row intersection — in the
 * coordinates of the page as displayed, and the page as rendered has its
 * ink exactly there.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "harness.h"
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
	struct tvk_doc *doc = tvk_doc_open(pdf, &err);
	ck_assert_msg(doc, "%s", err.message);
	struct tvk_options opt = {0};
	struct tvk_lexer *lexer = tvk_lexer_create();
	ck_assert_msg(tvk_doc_convert(doc, &opt, lexer, &err) == 0, "%s",
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
	tvk_doc_destroy(doc);
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

static Suite *review_suite(void)
{
	Suite *s = folder_suite("review");
	TCase *tc = folder_tcase("provenance");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, boxes_are_of_the_page_as_displayed);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(review_suite)
