/*
 * The layout stage: lines come from geometry, never from the order of
 * the words in the text stream.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "read/image.h"
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

/* A page of @rows rows of a table, sheared by @deg degrees about the
 * page's centre (each word's centre moved, its box kept), in shuffled
 * order. */
static const char *const names[] = {"Almelo", "Borne", "Dinkelland",
	"Enschede", "Haaksbergen", "Hellendoorn", "Hengelo", "Hof van Twente",
	"Losser", "Oldenzaal", "Rijssen-Holten", "Tubbergen", "Twenterand",
	"Wierden"};

static struct tvk_input *skewed_table(size_t rows, double deg)
{
	struct synth s;
	synth_begin(&s, "skewed");
	synth_page(&s);
	synth_text(&s, 42, "derde kwartaal 2025 Twente");
	for (size_t r = 0; r < rows; r++)
		synth_row(&s, NULL, names[r % 14],
			(const char *[]){"26", "589", "673", "185", "1.473"});
	struct tvk_input *doc = synth_end(&s);
	struct tvk_page *p = &doc->pages[0];
	double phi = deg * M_PI / 180, c = cos(phi), sn = sin(phi);
	double cx = p->width / 2, cy = p->height / 2;
	for (size_t i = 0; i < p->n_words; i++) {
		struct tvk_box *b = &p->words[i].box;
		double x = (b->x0 + b->x1) / 2 - cx, y = (b->y0 + b->y1) / 2 - cy;
		double dx = c * x - sn * y + cx - (b->x0 + b->x1) / 2;
		double dy = sn * x + c * y + cy - (b->y0 + b->y1) / 2;
		*b = (struct tvk_box){b->x0 + dx, b->y0 + dy, b->x1 + dx,
			b->y1 + dy};
	}
	synth_shuffle(doc, 5);
	return doc;
}

START_TEST(skewed_layer_set_level)
{
	/* A text layer made from a scan turned up to 2.5 degrees either
	 * way: its slope found to a fiftieth of a degree, its words set level
	 * give one line per row, and the frame maps every word back onto
	 * where it was printed. */
	static const double degs[] = {-2.5, -1.2, -0.6, 0.4, 0.9, 1.7, 2.5};
	for (size_t k = 0; k < sizeof(degs) / sizeof(degs[0]); k++) {
		struct tvk_input *doc = skewed_table(14, degs[k]);
		struct tvk_page *p = &doc->pages[0];
		double found = tvk_layout_skew(p);
		ck_assert_msg(fabs(found - degs[k]) <= 0.02, "%.2f found as "
			"%.2f", degs[k], found);
		struct tvk_word *printed = p->words;
		size_t n_words = p->n_words;
		tvk_layout_straighten(p, found, doc->arena);
		ck_assert_ptr_nonnull(p->frame);
		for (size_t i = 0; i < n_words; i++) {
			struct tvk_box back = tvk_frame_box(p->frame,
				p->words[i].box);
			ck_assert(fabs((back.x0 + back.x1) / 2 -
				(printed[i].box.x0 + printed[i].box.x1) / 2) < 0.01);
			ck_assert(fabs((back.y0 + back.y1) / 2 -
				(printed[i].box.y0 + printed[i].box.y1) / 2) < 0.01);
		}
		struct tvk_line *lines;
		size_t n = tvk_layout_lines(p, doc->arena, &lines);
		ck_assert_uint_eq(n, 15);
		ck_assert_str_eq(lines[0].text, "derde kwartaal 2025 Twente");
		for (size_t i = 1; i < n; i++) {
			char want[64];
			snprintf(want, sizeof(want), "%s 26 589 673 185 1.473",
				names[(i - 1) % 14]);
			ck_assert_str_eq(lines[i].text, want);
		}
		tvk_input_destroy(doc);
	}
	/* a level page is left level */
	struct tvk_input *doc = skewed_table(14, 0);
	ck_assert(tvk_layout_skew(&doc->pages[0]) == 0);
	/* words a hair high on a page of the largest size a box may have
	 * (a hostile layer): no slope, and no histogram of 10^22 bins */
	for (size_t i = 0; i < doc->pages[0].n_words; i++)
		doc->pages[0].words[i].box.y1 = doc->pages[0].words[i].box.y0 +
			1e-15;
	doc->pages[0].height = 1e7;
	ck_assert(tvk_layout_skew(&doc->pages[0]) == 0);
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
	tcase_add_test(tc, skewed_layer_set_level);
	tcase_add_test(tc, empty_page);
	tcase_add_test(tc, close_lines_stay_apart);
	tcase_add_test(tc, label_between_rows_is_a_line_of_its_own);
	tcase_add_test(tc, blank_across_a_line_stacks_with_nothing);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(layout_suite)
