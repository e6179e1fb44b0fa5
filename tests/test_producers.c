/*
 * Tables as other producers print them (issue 22), drawn by the fixture
 * generator from the Rijnmond sheet of the sample archive:
 *
 * - the region label in a merged cell, centred between two rows that
 *   stand closer than their glyphs are high (a word processor);
 * - the table page turned sideways onto portrait paper without /Rotate,
 *   its text running up the page (pdftops | ps2pdf) or down it, or
 *   upside down;
 * - a Totaal AMR whose label wraps (a browser);
 * - a table too wide for its page, printed column-wise over pages (a
 *   spreadsheet's print: the names and perhaps a column on the first,
 *   the other counts on the next ones, each line at the height of the
 *   line it carries on, the names printed again there or not), and
 *   what is not: the same sheet twice, the next quarter's split alike.
 *
 * Each must read exactly as the sheet printed upright on one page —
 * every count, the lost cell repaired, the same status — and say where
 * its values are printed: on the page they are on, in the coordinates of
 * that page as displayed, where the rendered page has its ink (and none
 * where the lost cell is).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/tvk.h>

#include "document/document.h"
#include "harness.h"
#include "read/pdf.h"
#include "tvk_check.h"

#define RIJNMOND_SPEC TVK_FIXTURES "/src/uwv-2025-q2-rijnmond.spec"
#define RIJNMOND_PDF TVK_FIXTURES "/uwv-2025-q2-rijnmond.pdf"

/* @s with @from replaced by @to, which must occur once (owned). */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	ck_assert_msg(at && !strstr(at + 1, from), "'%s' is not in the spec "
		"once", from);
	return kprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

/* The Rijnmond sheet with @from of its spec replaced by @to, drawn. */
static const char *rijnmond_with(const char *from, const char *to,
		const char *pdf)
{
	size_t len;
	char *spec = replace(read_file(RIJNMOND_SPEC, &len), from, to);
	const char *path = kprintf("%s.spec", pdf);
	write_file(path, spec, strlen(spec));
	draw_spec(path, pdf);
	return pdf;
}

#define TABLE_PAGE "# region 22: table page\npage\n"

/* The document of the one table of @pdf, and the converted doc. */
static struct tvk_document *read_one(const char *pdf, struct tvk_input **out)
{
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *doc = tvk_input_open(pdf, &err);
	ck_assert_msg(doc, "%s", err.message);
	struct tvk_options opt = {0};
	struct tvk_lexer *lexer = tvk_lexer_create();
	int rc = tvk_input_convert(doc, &opt, lexer, &err);
	tvk_lexer_destroy(lexer);
	ck_assert_msg(rc == 0, "%s: %s", pdf, err.message);
	struct tvk_document **docs;
	size_t n = tvk_document_build(doc, &docs);
	ck_assert_msg(n == 1, "%s: %zu tables", pdf, n);
	struct tvk_document *d = docs[0];
	free(docs);
	if (out)
		*out = doc;
	else
		tvk_input_destroy(doc);
	return d;
}

/* @d reads as the sheet printed upright on one page. */
static void expect_as_printed_upright(const struct tvk_document *d,
		const char *pdf)
{
	struct tvk_document *want = read_one(RIJNMOND_PDF, NULL);
	ck_assert_int_eq(want->status, TVK_STATUS_REPAIRED);
	ck_assert_msg(d->status == want->status, "%s: %s", pdf,
		d->status == TVK_STATUS_INVALID ? "invalid" : "valid");
	ck_assert_msg(tvk_document_same_values(d, want), "%s does not read as "
		"the sheet printed upright", pdf);
	ck_assert_str_eq(d->region_printed, want->region_printed);
	ck_assert_pstr_eq(d->total.printed_name, want->total.printed_name);
	ck_assert_uint_eq(d->n_repairs, want->n_repairs);
	for (size_t i = 0; i < d->n_repairs; i++)
		ck_assert_int_eq(d->repairs[i].kind, want->repairs[i].kind);
	tvk_document_destroy(want);
}

/* The lost cell's repair (Voorne aan Zee's first count). */
static const struct tvk_document_repair *lost_cell(
		const struct tvk_document *d)
{
	for (size_t i = 0; i < d->n_repairs; i++)
		if (d->repairs[i].kind == TVK_REPAIR_MISSING_CELL)
			return &d->repairs[i];
	ck_abort_msg("no missing-cell repair");
	return NULL;
}

/* Page @page of @doc rendered at 100 dpi. */
static struct tvk_image render(const struct tvk_input *doc, int page)
{
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_pdf *pdf = tvk_pdf_open(doc->data, doc->size, doc->path,
		&err);
	ck_assert_ptr_nonnull(pdf);
	struct tvk_image img;
	ck_assert_int_eq(tvk_pdf_render(pdf, page - 1, 100, &img, &err), 0);
	tvk_pdf_destroy(pdf);
	return img;
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
				x < (int)floor((b.x1 - inset) * s); x++)
			if (x >= 0 && y >= 0 && x < img->width &&
					y < img->height) {
				int v = img->pixels[(size_t)y *
					(size_t)img->stride + (size_t)x];
				darkest = v < darkest ? v : darkest;
			}
	return darkest;
}

/*
 * Where @d says its values are: every row and the total on page
 * @names_page with ink in their boxes; the lost cell on page @cell_page,
 * blank, with ink in the same column of the row above (Vlaardingen's 4):
 * the box of the row above, taken the way the sheet runs, across
 * (@across) or down the displayed page.
 */
static void expect_places(const struct tvk_document *d,
		const struct tvk_input *doc, int names_page, int cell_page,
		bool across)
{
	struct tvk_image names = render(doc, names_page);
	for (size_t i = 0; i <= d->n_rows; i++) {
		const struct tvk_document_row *r = i < d->n_rows ?
			&d->rows[i] : &d->total;
		ck_assert_int_eq(r->place.page, names_page);
		ck_assert(r->place.has_box);
		ck_assert_msg(darkest_in(&names, r->place.box, 0) < 100,
			"no ink where row %zu is", i);
	}
	free(names.pixels);

	const struct tvk_document_repair *lost = lost_cell(d);
	ck_assert_int_eq(lost->place.page, cell_page);
	ck_assert(lost->place.has_box);
	struct tvk_image img = render(doc, cell_page);
	ck_assert_int_ge(darkest_in(&img, lost->place.box, 0.5), 200);
	/* the row above: Vlaardingen, one row pitch up the sheet */
	const struct tvk_document_row *voorne = NULL, *above = NULL;
	for (size_t i = 1; i < d->n_rows; i++)
		if (strcmp(d->rows[i].printed_name, "Voorne aan Zee") == 0) {
			voorne = &d->rows[i];
			above = &d->rows[i - 1];
		}
	ck_assert_ptr_nonnull(voorne);
	struct tvk_box b = lost->place.box;
	if (across) {
		double pitch = voorne->place.box.y0 - above->place.box.y0;
		b.y0 -= pitch;
		b.y1 -= pitch;
	} else {
		/* up the sheet is across the displayed page, either way */
		double pitch = voorne->place.box.x0 - above->place.box.x0;
		b.x0 -= pitch;
		b.x1 -= pitch;
	}
	ck_assert_msg(darkest_in(&img, b, 0.5) < 100, "no count above the "
		"lost cell");
	free(img.pixels);
}

/* ------------------------------------------------------------------ */

/* The column titles of the Rijnmond sheet, between its label's row and
 * its first municipality. */
#define TITLES "cols 42:l 150:l 312:c 367:c 422:c 477:c 532:c\n" \
	"row | Gemeente | Profiel in | Geen profiel in | Profiel in | Geen " \
	"profiel in | Totaal in\nrow | | Sonar\n" \
	"cols 42:l 150:l 330:r 385:r 440:r 495:r 550:r\n"

START_TEST(label_centred_between_rows)
{
	/* rows one font size apart, closer than their glyphs are high; the
	 * label centred on the band of the fourteen municipalities, between
	 * the seventh and the eighth; or on two lines over fifteen rows,
	 * each between two */
	static const char *const spans[] = {
		"span 14 22 Rijnmond", "span 15 22\\nRijnmond",
	};
	for (int k = 0; k < 2; k++) {
		const char *pdf = rijnmond_with("row 22 Rijnmond\n" TITLES
			"row | Albrandswaard", kprintf(TITLES "pitch 1\n%s\n"
			"row | Albrandswaard", spans[k]),
			kprintf("label%d.pdf", k));
		struct tvk_input *doc;
		struct tvk_document *d = read_one(pdf, &doc);
		expect_as_printed_upright(d, pdf);
		expect_places(d, doc, 2, 2, true);
		tvk_document_destroy(d);
		tvk_input_destroy(doc);
	}
}
END_TEST

START_TEST(content_turned_sideways)
{
	/* its text runs up the page (as pdftops | ps2pdf leave a landscape
	 * page), down it, or the page is upside down */
	static const struct {
		const char *kind;
		int turn;
		double width; /* read turned upright */
	} kinds[] = {
		{"sideways", 3, 841.89},
		{"sideways-cw", 1, 841.89},
		{"upside-down", 2, 595.28},
	};
	for (size_t k = 0; k < 3; k++) {
		const char *pdf = rijnmond_with(TABLE_PAGE,
			kprintf("# region 22: table page\npage %s\n",
			kinds[k].kind), kprintf("%s.pdf", kinds[k].kind));
		struct tvk_input *doc;
		struct tvk_document *d = read_one(pdf, &doc);
		ck_assert_int_eq(doc->pages[1].turn, kinds[k].turn);
		ck_assert_double_eq_tol(doc->pages[1].width, kinds[k].width,
			0.01);
		ck_assert_int_eq(doc->pages[0].turn, 0);
		expect_as_printed_upright(d, pdf);
		/* places on the portrait page as displayed: the rows run
		 * across it when it is upside down, else along it */
		bool across = kinds[k].turn == 2;
		expect_places(d, doc, 2, 2, across);
		const struct tvk_box *b = &d->total.place.box;
		ck_assert(across ? b->x1 - b->x0 > 4 * (b->y1 - b->y0) :
			b->y1 - b->y0 > 4 * (b->x1 - b->x0));
		tvk_document_destroy(d);
		tvk_input_destroy(doc);
	}
}
END_TEST

START_TEST(total_label_wrapped)
{
	/* "Totaal" beside the counts and "AMR" below (a browser's narrow
	 * column); "Totaal" on a line of its own above "AMR" and the
	 * counts; the counts between "Totaal" and "AMR" */
	static const char *const totals[] = {
		"row | Totaal\\nAMR | 326 | 5.780 | 7.179 | 2.052 | 15.337",
		"row | Totaal\nrow | AMR | 326 | 5.780 | 7.179 | 2.052 | 15.337",
		("row | Totaal\nrow | | 326 | 5.780 | 7.179 | 2.052 | 15.337\n"
		 "row | AMR"),
	};
	for (int k = 0; k < 3; k++) {
		const char *pdf = rijnmond_with("row | Totaal AMR | 326 | 5.780 "
			"| 7.179 | 2.052 | 15.337", totals[k],
			kprintf("total%d.pdf", k));
		struct tvk_input *doc;
		struct tvk_document *d = read_one(pdf, &doc);
		expect_as_printed_upright(d, pdf);
		expect_places(d, doc, 2, 2, true);
		tvk_document_destroy(d);
		tvk_input_destroy(doc);
	}
}
END_TEST

START_TEST(column_wise_over_three_pages)
{
	/* the label, the names and no count on page 2; the first two
	 * columns on page 3, the other three on page 4 */
	const char *pdf = rijnmond_with(TABLE_PAGE, TABLE_PAGE "split 300 420\n",
		"split.pdf");
	struct tvk_input *doc;
	struct tvk_document *d = read_one(pdf, &doc);
	ck_assert_int_eq(doc->n_pages, 4);
	expect_as_printed_upright(d, pdf);
	ck_assert_uint_eq(d->source.n_pages, 3);
	ck_assert_int_eq(d->source.pages[0], 2);
	ck_assert_int_eq(d->source.pages[2], 4);
	/* the lost cell is in the first count column: on page 3, moved
	 * to the left margin there */
	expect_places(d, doc, 2, 3, true);
	ck_assert(lost_cell(d)->place.box.x1 < 100);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(column_wise_with_the_names_page_full)
{
	/* the first count column stays with the names, the rest goes on */
	const char *pdf = rijnmond_with(TABLE_PAGE, TABLE_PAGE "split 340\n",
		"split2.pdf");
	struct tvk_input *doc;
	struct tvk_document *d = read_one(pdf, &doc);
	ck_assert_int_eq(doc->n_pages, 3);
	expect_as_printed_upright(d, pdf);
	expect_places(d, doc, 2, 2, true);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(column_wise_with_the_names_repeated)
{
	/* the label and the names printed on every page (a spreadsheet's
	 * columns to repeat): on page 2 alone, with the first two count
	 * columns on page 3 and the rest on page 4 */
	const char *pdf = rijnmond_with(TABLE_PAGE,
		TABLE_PAGE "split 300 420 repeat 2\n", "repeat.pdf");
	struct tvk_input *doc;
	struct tvk_document *d = read_one(pdf, &doc);
	ck_assert_int_eq(doc->n_pages, 4);
	expect_as_printed_upright(d, pdf);
	ck_assert_uint_eq(d->source.n_pages, 3);
	expect_places(d, doc, 2, 3, true);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(the_same_sheet_twice_is_two_tables)
{
	/* the table page printed twice: every row of the second lines up
	 * with the row of the same name on the first, but the two together
	 * hold ten counts a row, more than a row has: two tables, each as
	 * printed */
	size_t len;
	const char *spec = read_file(RIJNMOND_SPEC, &len);
	const char *page = strstr(spec, TABLE_PAGE);
	ck_assert_ptr_nonnull(page);
	const char *path = "twice.spec";
	const char *twice = kprintf("%s\n%s", spec, page);
	write_file(path, twice, strlen(twice));
	draw_spec(path, "twice.pdf");
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *doc = tvk_input_open("twice.pdf", &err);
	ck_assert_msg(doc, "%s", err.message);
	struct tvk_options opt = {0};
	struct tvk_lexer *lexer = tvk_lexer_create();
	ck_assert_int_eq(tvk_input_convert(doc, &opt, lexer, &err), 0);
	tvk_lexer_destroy(lexer);
	struct tvk_document **docs;
	size_t n = tvk_document_build(doc, &docs);
	ck_assert_uint_eq(n, 2);
	for (size_t i = 0; i < n; i++) {
		expect_as_printed_upright(docs[i], "twice.pdf");
		ck_assert_int_eq(docs[i]->first_page, 2 + (int)i);
		ck_assert_int_eq(docs[i]->last_page, 2 + (int)i);
		tvk_document_destroy(docs[i]);
	}
	free(docs);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(the_next_quarter_split_alike_is_another_table)
{
	/* two quarters' sheets, each with its title on its table page and
	 * split alike, names repeated: the second's first page lines up
	 * with the first's, name for name, but its title is another
	 * quarter's: another table */
	size_t len;
	const char *spec = read_file(RIJNMOND_SPEC, &len);
	const char *page = strstr(spec, TABLE_PAGE);
	ck_assert_ptr_nonnull(page);
	const char *rest = page + strlen(TABLE_PAGE);
	const char *two = kprintf("%.*s" TABLE_PAGE "font 12\ntext tweede "
		"kwartaal 2025 Rijnmond\nsplit 420 repeat 2\n%s\n"
		TABLE_PAGE "font 12\ntext derde kwartaal 2025 Rijnmond\n"
		"split 420 repeat 2\n%s", (int)(page - spec), spec, rest, rest);
	write_file("quarters.spec", two, strlen(two));
	draw_spec("quarters.spec", "quarters.pdf");
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *doc = tvk_input_open("quarters.pdf", &err);
	ck_assert_msg(doc, "%s", err.message);
	struct tvk_options opt = {0};
	struct tvk_lexer *lexer = tvk_lexer_create();
	ck_assert_int_eq(tvk_input_convert(doc, &opt, lexer, &err), 0);
	tvk_lexer_destroy(lexer);
	ck_assert_int_eq(doc->n_pages, 5);
	struct tvk_document **docs;
	size_t n = tvk_document_build(doc, &docs);
	ck_assert_uint_eq(n, 2);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(docs[i]->quarter, 2 + (int)i);
		ck_assert_int_eq(docs[i]->status, TVK_STATUS_REPAIRED);
		ck_assert_int_eq(docs[i]->first_page, 2 + 2 * (int)i);
		ck_assert_int_eq(docs[i]->last_page, 3 + 2 * (int)i);
		tvk_document_destroy(docs[i]);
	}
	free(docs);
	tvk_input_destroy(doc);
}
END_TEST

static Suite *producers_suite(void)
{
	Suite *s = folder_suite("producers");
	TCase *tc = folder_tcase("producers");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, label_centred_between_rows);
	tcase_add_test(tc, content_turned_sideways);
	tcase_add_test(tc, total_label_wrapped);
	tcase_add_test(tc, column_wise_over_three_pages);
	tcase_add_test(tc, column_wise_with_the_names_page_full);
	tcase_add_test(tc, column_wise_with_the_names_repeated);
	tcase_add_test(tc, the_same_sheet_twice_is_two_tables);
	tcase_add_test(tc, the_next_quarter_split_alike_is_another_table);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(producers_suite)
