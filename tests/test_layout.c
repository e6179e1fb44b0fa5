/*
 * The layout stage: lines come from geometry, never from the order of
 * the words in the text stream.
 */
#include <math.h>
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "read/layout.h"
#include "synth.h"
#include "tvk_check.h"

/* A page with a title, a table of three rows and a footer. */
static struct tvk_input *sample(void)
{
	struct synth s;
	synth_begin(&s, "layout");
	synth_page(&s);
	synth_text(&s, 42, "tweede kwartaal 2025 Rijnmond");
	synth_row(&s, "22 Rijnmond", "Albrandswaard",
		(const char *[]){"3", "84", "92", "26", "205"});
	synth_row(&s, NULL, "Voorne aan Zee",
		(const char *[]){NULL, "191", "346", "64", "607"});
	synth_row(&s, NULL, "Totaal AMR",
		(const char *[]){"326", "5.780", "7.179", "2.052", "15.337"});
	synth_text(&s, 42, "Volg ons");
	return synth_end(&s);
}

static void expect_lines(struct tvk_input *doc)
{
	struct tvk_line *lines;
	struct tvk_arena *arena = tvk_arena_create();
	size_t n = tvk_layout_lines(&doc->pages[0], arena, &lines);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(lines[0].text, "tweede kwartaal 2025 Rijnmond");
	ck_assert_str_eq(lines[1].text,
		"22 Rijnmond Albrandswaard 3 84 92 26 205");
	ck_assert_str_eq(lines[2].text, "Voorne aan Zee 191 346 64 607");
	ck_assert_str_eq(lines[3].text,
		"Totaal AMR 326 5.780 7.179 2.052 15.337");
	ck_assert_str_eq(lines[4].text, "Volg ons");
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(lines[i].page, 1);
		for (size_t k = 1; k < lines[i].n_words; k++)
			ck_assert(lines[i].words[k - 1].box.x0 <=
				lines[i].words[k].box.x0);
	}
	tvk_arena_destroy(arena);
}

START_TEST(row_order)
{
	struct tvk_input *doc = sample();
	expect_lines(doc);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(any_stream_order)
{
	/* Every shuffle of the words gives the same lines. */
	for (unsigned seed = 1; seed <= 50; seed++) {
		struct tvk_input *doc = sample();
		synth_shuffle(doc, seed);
		expect_lines(doc);
		tvk_input_destroy(doc);
	}
}
END_TEST

START_TEST(reversed_order)
{
	struct tvk_input *doc = sample();
	struct tvk_page *p = &doc->pages[0];
	for (size_t i = 0; i < p->n_words / 2; i++) {
		struct tvk_word t = p->words[i];
		p->words[i] = p->words[p->n_words - 1 - i];
		p->words[p->n_words - 1 - i] = t;
	}
	expect_lines(doc);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(skewed_scan)
{
	/* A scan rotated by half a degree: the baseline drifts ~4.4 pt over
	 * the width of the table, a third of the line pitch. */
	struct tvk_input *doc = sample();
	struct tvk_page *p = &doc->pages[0];
	double slope = tan(0.5 * M_PI / 180);
	for (size_t i = 0; i < p->n_words; i++) {
		double dy = (p->words[i].box.x0 - 42) * slope;
		p->words[i].box.y0 += dy;
		p->words[i].box.y1 += dy;
	}
	synth_shuffle(doc, 3);
	expect_lines(doc);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(empty_page)
{
	struct synth s;
	synth_begin(&s, "empty");
	synth_page(&s);
	struct tvk_input *doc = synth_end(&s);
	struct tvk_line *lines = (struct tvk_line *)1;
	ck_assert_uint_eq(tvk_layout_lines(&doc->pages[0], doc->arena, &lines), 0);
	ck_assert_ptr_null(lines);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(close_lines_stay_apart)
{
	/* Two lines at the publication's pitch never merge, even with a
	 * tall word between them. */
	struct synth s;
	synth_begin(&s, "close");
	synth_page(&s);
	synth_word(&s, 42, 100, "boven");
	synth_word(&s, 42, 112, "onder");
	synth_word(&s, 200, 100, "rechtsboven");
	synth_word(&s, 200, 112, "rechtsonder");
	struct tvk_input *doc = synth_end(&s);
	struct tvk_line *lines;
	size_t n = tvk_layout_lines(&doc->pages[0], doc->arena, &lines);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(lines[0].text, "boven rechtsboven");
	ck_assert_str_eq(lines[1].text, "onder rechtsonder");
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(label_between_rows_is_a_line_of_its_own)
{
	/* A word processor's table: rows 8 pt apart, closer than their
	 * glyphs are high (9 pt), and the region label of a merged cell
	 * centred between two of them.  Chained through the label, the two
	 * rows would be one line; the label is a line of its own, between
	 * them, and each row one line. */
	struct synth s;
	synth_begin(&s, "label");
	synth_page(&s);
	synth_word(&s, 150, 100, "Hilversum");
	synth_word(&s, 300, 100, "49");
	synth_word(&s, 42, 104, "12");
	synth_word(&s, 55, 104, "Gooi");
	synth_word(&s, 150, 108, "Huizen");
	synth_word(&s, 300, 108, "27");
	struct tvk_input *doc = synth_end(&s);
	synth_shuffle(doc, 5);
	struct tvk_line *lines;
	size_t n = tvk_layout_lines(&doc->pages[0], doc->arena, &lines);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(lines[0].text, "Hilversum 49");
	ck_assert_str_eq(lines[1].text, "12 Gooi");
	ck_assert_str_eq(lines[2].text, "Huizen 27");
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(blank_across_a_line_stacks_with_nothing)
{
	/* A skewed scan's row, and a blank its OCR layer reads off a rule
	 * across it, a little lower: the blank lies over every word, but
	 * it reads as nothing, and the row stays one line. */
	struct synth s;
	synth_begin(&s, "blank");
	synth_page(&s);
	synth_word(&s, 150, 100, "Boekel");
	synth_word(&s, 300, 101, "0");
	synth_word(&s, 400, 102, "268");
	synth_word(&s, 140, 104, "                                      "
		"                                                    ");
	struct tvk_input *doc = synth_end(&s);
	struct tvk_line *lines;
	ck_assert_uint_eq(tvk_layout_lines(&doc->pages[0], doc->arena,
		&lines), 1);
	tvk_input_destroy(doc);
}
END_TEST

static Suite *layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");
	tcase_add_test(tc, row_order);
	tcase_add_test(tc, any_stream_order);
	tcase_add_test(tc, reversed_order);
	tcase_add_test(tc, skewed_scan);
	tcase_add_test(tc, empty_page);
	tcase_add_test(tc, close_lines_stay_apart);
	tcase_add_test(tc, label_between_rows_is_a_line_of_its_own);
	tcase_add_test(tc, blank_across_a_line_stacks_with_nothing);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(layout_suite)
