/*
 * The pdf stage on the sample archive: words and their boxes as poppler
 * gives them, and clear errors for what is not a readable PDF.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "base/sha256.h"
#include "read/pdf.h"
#include "tvk_check.h"

#define RIJNMOND TVK_FIXTURES "/uwv-2025-q2-rijnmond.pdf"

static char *slurp_fixture(const char *path, size_t *len)
{
	char *data = tvk_test_slurp(path, len);
	ck_assert_msg(data != NULL, "cannot read %s", path);
	return data;
}

START_TEST(words_with_boxes)
{
	size_t len;
	char *data = slurp_fixture(RIJNMOND, &len);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_pdf *pdf = tvk_pdf_open(data, len, "rijnmond", &err);
	ck_assert_ptr_nonnull(pdf);
	ck_assert_int_eq(tvk_pdf_page_count(pdf), 2);
	struct tvk_arena *arena = tvk_arena_create();
	struct tvk_page page;
	ck_assert_int_eq(tvk_pdf_page_words(pdf, 1, arena, &page, &err), 0);
	ck_assert_int_eq(page.number, 2);
	ck_assert_int_eq(page.layer, TVK_LAYER_PDF);
	ck_assert(fabs(page.width - 595.276) < 0.01);

	/* The Voorne aan Zee row: four numbers, right-aligned on the last
	 * four columns of the layout (the first column is empty). */
	static const char *const want[] = {"191", "346", "64", "607"};
	static const double right[] = {385, 440, 495, 550};
	double y = -1;
	for (size_t i = 0; i < page.n_words; i++)
		if (strcmp(page.words[i].text, "Voorne") == 0)
			y = page.words[i].box.y0;
	ck_assert(y > 0);
	int found = 0;
	for (size_t i = 0; i < page.n_words; i++) {
		const struct tvk_word *w = &page.words[i];
		if (fabs(w->box.y0 - y) > 1)
			continue;
		for (int k = 0; k < 4; k++)
			if (strcmp(w->text, want[k]) == 0) {
				ck_assert_msg(fabs(w->box.x1 - right[k]) < 1.0,
					"%s ends at %.2f, not %.0f", w->text,
					w->box.x1, right[k]);
				ck_assert(w->box.x0 < w->box.x1);
				ck_assert(w->box.y0 < w->box.y1);
				found++;
			}
	}
	ck_assert_int_eq(found, 4);
	/* UTF-8 survives: "Capelle aan den |Jssel" keeps its bar. */
	bool bar = false;
	for (size_t i = 0; i < page.n_words; i++)
		bar = bar || strcmp(page.words[i].text, "|Jssel") == 0;
	ck_assert(bar);
	tvk_arena_destroy(arena);
	tvk_pdf_destroy(pdf);
	free(data);
}
END_TEST

START_TEST(sniffing)
{
	ck_assert(tvk_pdf_sniff("%PDF-1.5\n", 9));
	ck_assert(tvk_pdf_sniff("\r\n\r\n%PDF-1.4", 13));
	ck_assert(!tvk_pdf_sniff("%PDF", 4));
	ck_assert(!tvk_pdf_sniff("\x89PNG\r\n\x1a\n", 8));
	ck_assert(!tvk_pdf_sniff("", 0));
	char late[2048];
	memset(late, ' ', sizeof(late));
	memcpy(late + 1500, "%PDF-1.7", 8);
	ck_assert(!tvk_pdf_sniff(late, sizeof(late)));
}
END_TEST

START_TEST(not_a_pdf)
{
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert_ptr_null(tvk_pdf_open("hello, world\n", 13, "notes.pdf", &err));
	ck_assert_int_eq(err.code, TVK_ERR_NOT_PDF);
	ck_assert_str_eq(err.file, "notes.pdf");
	ck_assert_str_eq(err.message, "not a PDF file");
}
END_TEST

START_TEST(truncated_pdf)
{
	size_t len;
	char *data = slurp_fixture(RIJNMOND, &len);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_pdf *pdf = tvk_pdf_open(data, 2000, "cut.pdf", &err);
	if (pdf) {
		/* poppler may open a cut file by reconstructing its xref;
		 * then it must still not crash, and yield no more than it
		 * has. */
		struct tvk_arena *arena = tvk_arena_create();
		for (int i = 0; i < tvk_pdf_page_count(pdf); i++) {
			struct tvk_page page;
			tvk_pdf_page_words(pdf, i, arena, &page, &err);
		}
		tvk_arena_destroy(arena);
		tvk_pdf_destroy(pdf);
	} else {
		ck_assert_int_eq(err.code, TVK_ERR_PDF);
		ck_assert_ptr_nonnull(strstr(err.message, "damaged PDF"));
		ck_assert_ptr_null(strchr(err.message, '\n'));
	}
	free(data);
}
END_TEST

START_TEST(first_error_wins)
{
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert(!tvk_error_is_set(&err));
	ck_assert_int_eq(tvk_error_set(&err, TVK_ERR_IO, "a", 3, "first %d", 1), -1);
	tvk_error_set(&err, TVK_ERR_PDF, "b", 4, "second");
	ck_assert(tvk_error_is_set(&err));
	ck_assert_int_eq(err.code, TVK_ERR_IO);
	ck_assert_str_eq(err.file, "a");
	ck_assert_int_eq(err.page, 3);
	ck_assert_str_eq(err.message, "first 1");
	ck_assert_int_eq(tvk_error_set(NULL, TVK_ERR_IO, NULL, 0, "x"), -1);
	ck_assert_str_eq(tvk_error_code_name(TVK_ERR_ENCRYPTED), "encrypted");
}
END_TEST

START_TEST(sha256_known_values)
{
	char hex[65];
	tvk_sha256_hex("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	tvk_sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the length no longer fits the first final block. */
	const char *s = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	tvk_sha256_hex(s, strlen(s), hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char million[1000];
	memset(million, 'a', sizeof(million));
	tvk_sha256_hex(million, sizeof(million), hex);
	ck_assert_str_eq(hex, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}
END_TEST

/* A PDF made in memory by cairo. */
struct buffer {
	unsigned char *data;
	size_t len;
};

static cairo_status_t append(void *closure, const unsigned char *data,
		unsigned int n)
{
	struct buffer *b = closure;
	b->data = realloc(b->data, b->len + n);
	ck_assert_ptr_nonnull(b->data);
	memcpy(b->data + b->len, data, n);
	b->len += n;
	return CAIRO_STATUS_SUCCESS;
}

#define A4_W 595.276
#define A4_H 841.89

/* A scan of @n A4 pages: page k a picture of @ws[k] x @hs[k] pixels over
 * all of it, turned a quarter when it is wider than high. */
static struct buffer scan_pdf(int n, const int *ws, const int *hs)
{
	struct buffer b = {NULL, 0};
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(append, &b,
		A4_W, A4_H);
	cairo_t *cr = cairo_create(pdf);
	for (int k = 0; k < n; k++) {
		cairo_surface_t *img = cairo_image_surface_create(
			CAIRO_FORMAT_RGB24, ws[k], hs[k]);
		cairo_t *ic = cairo_create(img);
		cairo_set_source_rgb(ic, 0.9, 0.9, 0.9);
		cairo_paint(ic);
		cairo_set_source_rgb(ic, 0.1, 0.1, 0.1);
		cairo_rectangle(ic, ws[k] / 4.0, hs[k] / 4.0, ws[k] / 3.0,
			hs[k] / 7.0 * (k + 1) / n);
		cairo_fill(ic);
		cairo_destroy(ic);
		cairo_save(cr);
		if (ws[k] > hs[k]) {
			cairo_translate(cr, A4_W, 0);
			cairo_rotate(cr, M_PI / 2);
			cairo_scale(cr, A4_H / ws[k], A4_W / hs[k]);
		} else {
			cairo_scale(cr, A4_W / ws[k], A4_H / hs[k]);
		}
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_show_page(cr);
		cairo_surface_destroy(img);
	}
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	cairo_surface_destroy(pdf);
	return b;
}

static void assert_dpi(int n, const int *ws, const int *hs, const double *want)
{
	struct buffer b = scan_pdf(n, ws, hs);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_pdf *pdf = tvk_pdf_open(b.data, b.len, "scan.pdf", &err);
	ck_assert_ptr_nonnull(pdf);
	for (int k = 0; k < n; k++) {
		double dpi = tvk_pdf_page_scan_dpi(pdf, k);
		ck_assert_msg(fabs(dpi - want[k]) < 0.5, "page %d of %d: %.2f "
			"dpi, not %.0f", k + 1, n, dpi, want[k]);
	}
	tvk_pdf_destroy(pdf);
	free(b.data);
}

START_TEST(a_scans_resolution)
{
	/* every picture alike: measured from the size the file declares */
	assert_dpi(1, (int[]){1240}, (int[]){1754}, (double[]){150});
	assert_dpi(2, (int[]){827, 827}, (int[]){1169, 1169},
		(double[]){100, 100});
	assert_dpi(2, (int[]){1754, 1754}, (int[]){1240, 1240},
		(double[]){150, 150});
	/* pictures of other sizes: each decoded and measured */
	assert_dpi(3, (int[]){1240, 827, 1169}, (int[]){1754, 1169, 827},
		(double[]){150, 100, 100});
}
END_TEST

static Suite *pdf_suite(void)
{
	Suite *s = suite_create("pdf");
	TCase *tc = tcase_create("pdf");
	tcase_add_test(tc, words_with_boxes);
	tcase_add_test(tc, sniffing);
	tcase_add_test(tc, not_a_pdf);
	tcase_add_test(tc, truncated_pdf);
	tcase_add_test(tc, first_error_wins);
	tcase_add_test(tc, sha256_known_values);
	tcase_add_test(tc, a_scans_resolution);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(pdf_suite)
