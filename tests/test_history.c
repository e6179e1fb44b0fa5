/*
 * Historical editions through the table, repair and validate stages: the
 * sheet of every region in the quarters of 2017-2022, drawn on synthetic
 * pages from the gazetteer's list of that date (the municipalities, their
 * printed labels, the region's name of that year in the title and the
 * label), with counts made up here.  Each must come back valid, every row
 * coded as of its date; a sheet that lacks one municipality, or names one
 * of another region or year, must come back invalid with a composition
 * problem naming it.
 */
#include <stdio.h>
#include <string.h>

#include <tvk/tvk.h>

#include "gazetteer/gazetteer.h"
#include "pipeline/convert.h"
#include "synth.h"
#include "tvk_check.h"

static const char *const ordinals[] = {"eerste", "tweede", "derde", "vierde"};

/* Made-up counts of a municipality, the same every run. */
static void counts(const char *code, int year, int q, int64_t v[5])
{
	unsigned h = 2166136261u;
	for (const char *p = code; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ (unsigned)(year * 4 + q)) * 16777619u;
	v[0] = h % 40;
	v[1] = 10 + (h >> 6) % 400;
	v[2] = 10 + (h >> 12) % 700;
	v[3] = (h >> 20) % 150;
	v[4] = v[0] + v[1] + v[2] + v[3];
}

struct sheet {
	const struct tvk_municipality *rows[64];
	size_t n;
};

/* The region's municipalities on the quarter's date. */
static struct sheet sheet_of(int region, int date)
{
	struct sheet s = {{NULL}, 0};
	const struct tvk_municipality *const *list;
	size_t n = tvk_gazetteer_in_region_at(region, date, &list);
	ck_assert_uint_le(n, 62);
	for (size_t i = 0; i < n; i++)
		s.rows[s.n++] = list[i];
	return s;
}

/* Draws @sh as the sheet of @region in @year Q@q and reads it. */
static struct tvk_input *draw(int region, int year, int q,
		const struct sheet *sh)
{
	int date = tvk_quarter_date(year, q);
	const char *name = tvk_gazetteer_region_name(region, date);
	char title[160], label[160];
	snprintf(title, sizeof(title), "%s kwartaal %d %s", ordinals[q - 1],
		year, name);
	snprintf(label, sizeof(label), "%d %s", region, name);
	/* The label wrapped over the first two rows' label column, as the
	 * sheets print it: "11 Stedendriehoek en" / "Noordwest Veluwe". */
	char *second = NULL;
	size_t words = 0;
	for (char *p = label; *p; p++)
		if (*p == ' ' && ++words == 2 && strchr(p + 1, ' ')) {
			*p = '\0';
			second = p + 1;
			break;
		}

	struct synth s;
	synth_begin(&s, "history");
	synth_page(&s);
	synth_text(&s, 42, title);
	synth_text(&s, 42, "Arbeidsmarktregio Gemeente Profiel in Geen profiel in");
	int64_t total[5] = {0};
	for (size_t i = 0; i < sh->n; i++) {
		int64_t v[5];
		counts(sh->rows[i]->code, year, q, v);
		char buf[5][24];
		const char *cells[5];
		for (int f = 0; f < 5; f++) {
			total[f] += v[f];
			synth_format_count(v[f], buf[f], sizeof(buf[f]));
			cells[f] = buf[f];
		}
		synth_row(&s, i == 0 ? label : i == 1 ? second : NULL,
			sh->rows[i]->label, cells);
	}
	char buf[5][24];
	const char *cells[5];
	for (int f = 0; f < 5; f++) {
		synth_format_count(total[f], buf[f], sizeof(buf[f]));
		cells[f] = buf[f];
	}
	synth_row(&s, NULL, "Totaal AMR", cells);
	int rc;
	struct tvk_input *doc = synth_run(&s, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(doc->n_tables, 1);
	return doc;
}

static const char *problems_of(const struct tvk_input_table *t, char *buf,
		size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < t->verdict.problems.n && len + 1 < cap; i++) {
		int k = snprintf(buf + len, cap - len, "\n  %s: %s",
			t->verdict.problems.items[i].check, t->verdict.problems.items[i].message);
		if (k > 0)
			len += (size_t)k;
	}
	return buf;
}

/* A composition problem whose message has @text. */
static bool composition_says(const struct tvk_input_table *t, const char *text)
{
	for (size_t i = 0; i < t->verdict.problems.n; i++)
		if (!t->verdict.problems.items[i].warning &&
				strcmp(t->verdict.problems.items[i].check, "composition") == 0 &&
				strstr(t->verdict.problems.items[i].message, text))
			return true;
	return false;
}

static void expect_valid(int region, int year, int q)
{
	int date = tvk_quarter_date(year, q);
	struct sheet sh = sheet_of(region, date);
	struct tvk_input *doc = draw(region, year, q, &sh);
	const struct tvk_input_table *t = &doc->tables[0];
	char buf[2048];
	ck_assert_msg(t->verdict.status == TVK_STATUS_VALID && t->reading.region == region,
		"%d-Q%d region %d: %s, region %d%s", year, q, region,
		tvk_status_name(t->verdict.status), t->reading.region, problems_of(t, buf,
		sizeof(buf)));
	ck_assert_uint_eq(t->raw.n_rows, sh.n);
	for (size_t i = 0; i < t->raw.n_rows; i++)
		ck_assert_msg(t->reading.rows[i].municipality == sh.rows[i],
			"%d-Q%d region %d: row %s coded %s", year, q, region,
			sh.rows[i]->code, t->reading.rows[i].municipality ?
			t->reading.rows[i].municipality->code : "nothing");
	tvk_input_destroy(doc);
}

/* Every region, every quarter of 2017-2022, and the quarters around the
 * changes after. */
START_TEST(every_sheet_2017_2022)
{
	for (int year = 2017; year <= 2022; year++)
		for (int q = 1; q <= 4; q++)
			expect_valid(_i, year, q);
	expect_valid(_i, 2023, 1);
	expect_valid(_i, 2023, 4);
	expect_valid(_i, 2024, 1);
}
END_TEST

/* What the sheets of those years print: merged municipalities, the old
 * name of region 11 in its title and label. */
START_TEST(historical_names_are_coded_as_of_their_date)
{
	int date = tvk_quarter_date(2018, 2);
	struct sheet sh = sheet_of(2, date);
	struct tvk_input *doc = draw(2, 2018, 2, &sh);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	bool dongeradeel = false;
	for (size_t i = 0; i < t->raw.n_rows; i++)
		dongeradeel = dongeradeel ||
			strcmp(t->reading.rows[i].municipality->code, "GM0058") == 0;
	ck_assert(dongeradeel); /* Noardeast-Fryslân from 2019 */
	tvk_input_destroy(doc);

	sh = sheet_of(11, tvk_quarter_date(2019, 2));
	doc = draw(11, 2019, 2, &sh);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	ck_assert_int_eq(t->reading.region, 11);
	ck_assert_ptr_nonnull(t->reading.region_printed);
	ck_assert_ptr_nonnull(strstr(t->reading.region_printed, "Noordwest Veluwe"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(a_missing_municipality_is_invalid)
{
	struct sheet sh = sheet_of(22, tvk_quarter_date(2021, 3));
	size_t k = 0;
	while (strcmp(sh.rows[k]->code, "GM0530"))
		k++;
	memmove(&sh.rows[k], &sh.rows[k + 1], (sh.n - k - 1) * sizeof(sh.rows[0]));
	sh.n--;
	struct tvk_input *doc = draw(22, 2021, 3, &sh);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(composition_says(t, "Hellevoetsluis (GM0530), a municipality "
		"of region 22 Rijnmond on 2021-09-30, has no row"));
	tvk_input_destroy(doc);
}
END_TEST

/* Brielle in a 2023 sheet of Rijnmond: a name of another year. */
START_TEST(a_municipality_of_another_year_is_invalid)
{
	struct sheet sh = sheet_of(22, tvk_quarter_date(2023, 1));
	sh.rows[sh.n++] = tvk_gazetteer_by_code_at("GM0501", 20221231);
	struct tvk_input *doc = draw(22, 2023, 1, &sh);
	const struct tvk_input_table *t = &doc->tables[0];
	char buf[2048];
	ck_assert_msg(t->verdict.status == TVK_STATUS_INVALID &&
		composition_says(t, "Brielle (GM0501) no longer existed on "
		"2023-03-31: it merged into Voorne aan Zee (GM1992) on "
		"2023-01-01"), "%s", problems_of(t, buf, sizeof(buf)));
	tvk_input_destroy(doc);

	/* Weesp in a 2022-Q1 sheet of Gooi en Vechtstreek; in 2021-Q4 it
	 * belongs */
	sh = sheet_of(12, tvk_quarter_date(2021, 4));
	doc = draw(12, 2021, 4, &sh);
	ck_assert_int_eq(doc->tables[0].verdict.status, TVK_STATUS_VALID);
	tvk_input_destroy(doc);
	doc = draw(12, 2022, 1, &sh);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(composition_says(t, "Weesp (GM0457) no longer existed on "
		"2022-03-31"));
	tvk_input_destroy(doc);
}
END_TEST

/* Heerde, in region 11 from 2020: in a 2020 sheet of Regio Zwolle it
 * is a municipality of another region. */
START_TEST(a_municipality_of_another_region_is_invalid)
{
	struct sheet sh = sheet_of(5, tvk_quarter_date(2019, 4));
	struct tvk_input *doc = draw(5, 2019, 4, &sh);
	ck_assert_int_eq(doc->tables[0].verdict.status, TVK_STATUS_VALID);
	tvk_input_destroy(doc);
	doc = draw(5, 2020, 1, &sh);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(composition_says(t, "Heerde (GM0246) belonged to region 11 "
		"Stedendriehoek en Noordwest Veluwe on 2020-03-31, not to "
		"region 5 Regio Zwolle"));
	tvk_input_destroy(doc);
}
END_TEST

static Suite *history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("history");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, every_sheet_2017_2022, 1, TVK_N_REGIONS + 1);
	tcase_add_test(tc, historical_names_are_coded_as_of_their_date);
	tcase_add_test(tc, a_missing_municipality_is_invalid);
	tcase_add_test(tc, a_municipality_of_another_year_is_invalid);
	tcase_add_test(tc, a_municipality_of_another_region_is_invalid);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(history_suite)
