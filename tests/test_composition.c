/*
 * The composition check: a table lists exactly its region's municipalities
 * of its date, each once.  The tables here are lists of municipalities
 * built from the gazetteer and then broken in one way each.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tvk/tvk.h>

#include "gazetteer/composition.h"
#include "gazetteer/gazetteer.h"
#include "tvk_check.h"

#define MAX_ROWS 64

struct rows {
	const struct tvk_municipality *m[MAX_ROWS];
	size_t n;
};

/* The municipalities of @region on @date, as a table would list them. */
static struct rows region_rows(int region, int date)
{
	struct rows r = {{NULL}, 0};
	const struct tvk_municipality *const *list;
	size_t n = tvk_gazetteer_in_region_at(region, date, &list);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_le(n, MAX_ROWS - 2);
	for (size_t i = 0; i < n; i++)
		r.m[r.n++] = list[i];
	return r;
}

static size_t index_of(const struct rows *r, const char *code)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->m[i] && strcmp(r->m[i]->code, code) == 0)
			return i;
	ck_abort_msg("%s is not among the rows", code);
	return SIZE_MAX;
}

static void drop(struct rows *r, const char *code)
{
	size_t i = index_of(r, code);
	memmove(&r->m[i], &r->m[i + 1], (r->n - i - 1) * sizeof(r->m[0]));
	r->n--;
}

static void append(struct rows *r, const struct tvk_municipality *m)
{
	ck_assert_ptr_nonnull(m);
	r->m[r->n++] = m;
}

static size_t check(int region, int date, const struct rows *r,
		struct tvk_composition_problem *out)
{
	return tvk_composition_check(region, date, r->m, r->n, out, 16);
}

/* Every region on every quarter 2016-2026 is its own list: no problem. */
START_TEST(test_every_region_every_quarter)
{
	struct tvk_composition_problem p[16];
	int tables = 0;
	for (int year = 2016; year <= 2026; year++)
		for (int q = 1; q <= 4; q++)
			for (int region = 1; region <= TVK_N_REGIONS; region++) {
				int date = tvk_quarter_date(year, q);
				struct rows r = region_rows(region, date);
				ck_assert_uint_eq(check(region, date, &r, p), 0);
				/* in any order */
				for (size_t i = 0; i < r.n / 2; i++) {
					const struct tvk_municipality *t = r.m[i];
					r.m[i] = r.m[r.n - 1 - i];
					r.m[r.n - 1 - i] = t;
				}
				ck_assert_uint_eq(check(region, date, &r, p), 0);
				tables++;
			}
	ck_assert_int_eq(tables, 11 * 4 * 35);
}
END_TEST

START_TEST(test_missing)
{
	struct tvk_composition_problem p[16];
	int date = tvk_quarter_date(2022, 4);
	struct rows r = region_rows(22, date);
	drop(&r, "GM0530");
	ck_assert_uint_eq(check(22, date, &r, p), 1);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_MISSING);
	ck_assert_str_eq(p[0].municipality->code, "GM0530");
	ck_assert_uint_eq(p[0].row, SIZE_MAX);
	ck_assert_str_eq(p[0].message, "Hellevoetsluis (GM0530), a municipality "
		"of region 22 Rijnmond on 2022-12-31, has no row");
	ck_assert_str_eq(tvk_composition_kind_name(p[0].kind), "missing");

	/* A row without a code is the caller's problem; its municipality
	 * is missing. */
	r = region_rows(22, date);
	r.m[index_of(&r, "GM0599")] = NULL;
	ck_assert_uint_eq(check(22, date, &r, p), 1);
	ck_assert_str_eq(p[0].municipality->code, "GM0599");
}
END_TEST

/* A 2023 table naming Brielle, which merged into Voorne aan Zee. */
START_TEST(test_not_then)
{
	struct tvk_composition_problem p[16];
	int date = tvk_quarter_date(2023, 1);
	struct rows r = region_rows(22, date);
	drop(&r, "GM1992");
	append(&r, tvk_gazetteer_by_code_at("GM0501", tvk_quarter_date(2022, 4)));
	ck_assert_uint_eq(check(22, date, &r, p), 2);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_NOT_THEN);
	ck_assert_uint_eq(p[0].row, r.n - 1);
	ck_assert_str_eq(p[0].municipality->code, "GM0501");
	ck_assert_str_eq(p[0].message, "Brielle (GM0501) no longer existed on "
		"2023-03-31: it merged into Voorne aan Zee (GM1992) on 2023-01-01");
	ck_assert_int_eq(p[1].kind, TVK_COMPOSITION_MISSING);
	ck_assert_str_eq(p[1].municipality->code, "GM1992");

	/* and a 2022 table naming Voorne aan Zee */
	date = tvk_quarter_date(2022, 4);
	r = region_rows(22, date);
	append(&r, tvk_gazetteer_by_code("GM1992"));
	ck_assert_uint_eq(check(22, date, &r, p), 1);
	ck_assert_str_eq(p[0].message, "Voorne aan Zee (GM1992) did not exist yet "
		"on 2022-12-31: it was formed on 2023-01-01");

	/* Haaren, split four ways on 1 January 2021 */
	date = tvk_quarter_date(2021, 1);
	r = region_rows(27, date);
	append(&r, tvk_gazetteer_by_code_at("GM0788", 20201231));
	ck_assert_uint_eq(check(27, date, &r, p), 1);
	ck_assert_str_eq(p[0].message, "Haaren (GM0788) no longer existed on "
		"2021-03-31: it was split between Vught (GM0865), Oisterwijk "
		"(GM0824), Tilburg (GM0855) and Boxtel (GM0757) on 2021-01-01");
	/* the day before, Haaren belongs */
	r = region_rows(27, 20201231);
	ck_assert_uint_eq(check(27, 20201231, &r, p), 0);
	ck_assert_uint_eq(index_of(&r, "GM0788") < r.n, 1);
}
END_TEST

/* Weesp merged into Amsterdam on 24 March 2022: in a 2021-Q4 table of
 * Gooi en Vechtstreek, in no 2022-Q1 table. */
START_TEST(test_weesp)
{
	struct tvk_composition_problem p[16];
	int q4 = tvk_quarter_date(2021, 4), q1 = tvk_quarter_date(2022, 1);
	struct rows r = region_rows(12, q4);
	ck_assert_uint_lt(index_of(&r, "GM0457"), r.n);
	ck_assert_uint_eq(check(12, q4, &r, p), 0);
	/* the same rows as a 2022-Q1 table */
	ck_assert_uint_eq(check(12, q1, &r, p), 1);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_NOT_THEN);
	ck_assert_str_eq(p[0].message, "Weesp (GM0457) no longer existed on "
		"2022-03-31: it became part of Amsterdam (GM0363) on 2022-03-24");
	/* Groot Amsterdam in 2022-Q1 with Weesp among its rows */
	r = region_rows(10, q1);
	append(&r, tvk_gazetteer_by_code_at("GM0457", 20220101));
	ck_assert_uint_eq(check(10, q1, &r, p), 1);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_NOT_THEN);
	/* but on 1 January it was one of Groot Amsterdam's */
	r = region_rows(10, 20220101);
	ck_assert_uint_lt(index_of(&r, "GM0457"), r.n);
	ck_assert_uint_eq(check(10, 20220101, &r, p), 0);
}
END_TEST

/* Heerde moved from Regio Zwolle (5) to Veluwe Stedendriehoek (11) on
 * 1 January 2020; Olst-Wijhe from 11 to 5 on 1 January 2024. */
START_TEST(test_other_region)
{
	struct tvk_composition_problem p[16];
	int date = tvk_quarter_date(2020, 1);
	/* matched to its 2019 record: judged by its code on the date */
	struct rows r = region_rows(11, date);
	r.m[index_of(&r, "GM0246")] = tvk_gazetteer_by_code_at("GM0246", 20191231);
	ck_assert_int_eq(r.m[index_of(&r, "GM0246")]->region, 5);
	ck_assert_uint_eq(check(11, date, &r, p), 0);
	/* a 2020 table of region 5 that still lists Heerde */
	r = region_rows(5, date);
	append(&r, tvk_gazetteer_by_code("GM0246"));
	ck_assert_uint_eq(check(5, date, &r, p), 1);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_OTHER_REGION);
	ck_assert_int_eq(p[0].municipality->region, 11);
	ck_assert_str_eq(p[0].message, "Heerde (GM0246) belonged to region 11 "
		"Stedendriehoek en Noordwest Veluwe on 2020-03-31, not to region "
		"5 Regio Zwolle");

	date = tvk_quarter_date(2024, 1);
	r = region_rows(11, date);
	append(&r, tvk_gazetteer_by_code("GM1773"));
	ck_assert_uint_eq(check(11, date, &r, p), 1);
	ck_assert_str_eq(p[0].message, "Olst-Wijhe (GM1773) belonged to region 5 "
		"Regio Zwolle on 2024-03-31, not to region 11 Veluwe "
		"Stedendriehoek");
	ck_assert_str_eq(tvk_composition_kind_name(p[0].kind), "other-region");
	/* Elburg and Nunspeet left region 11 in 2022 */
	date = tvk_quarter_date(2021, 4);
	r = region_rows(11, date);
	ck_assert_uint_lt(index_of(&r, "GM0230"), r.n);
	ck_assert_uint_lt(index_of(&r, "GM0302"), r.n);
	ck_assert_uint_eq(check(11, tvk_quarter_date(2022, 1), &r, p), 2);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_OTHER_REGION);
	ck_assert_int_eq(p[1].kind, TVK_COMPOSITION_OTHER_REGION);
}
END_TEST

/* A row matched to the wrong name: a duplicate, and a missing one. */
START_TEST(test_duplicate)
{
	struct tvk_composition_problem p[16];
	int date = tvk_quarter_date(2025, 2);
	struct rows r = region_rows(7, date);
	size_t first = index_of(&r, "GM0479");  /* Zaanstad */
	size_t wrong = index_of(&r, "GM0439");  /* Purmerend */
	r.m[wrong] = r.m[first];
	ck_assert_uint_eq(check(7, date, &r, p), 2);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_DUPLICATE);
	ck_assert_uint_eq(p[0].row, wrong > first ? wrong : first);
	ck_assert_uint_eq(p[0].first_row, wrong > first ? first : wrong);
	ck_assert_str_eq(p[0].message, "Zaanstad (GM0479) is named by more than "
		"one row");
	ck_assert_int_eq(p[1].kind, TVK_COMPOSITION_MISSING);
	ck_assert_str_eq(p[1].municipality->code, "GM0439");
	ck_assert_str_eq(tvk_composition_kind_name(p[0].kind), "duplicate");
	ck_assert_str_eq(tvk_composition_kind_name(TVK_COMPOSITION_NOT_THEN),
		"not-then");
}
END_TEST

START_TEST(test_edges)
{
	struct tvk_composition_problem p[2];
	int date = tvk_quarter_date(2025, 2);
	struct rows r = region_rows(7, date);
	/* no region, no check */
	ck_assert_uint_eq(tvk_composition_check(0, date, r.m, r.n, p, 2), 0);
	ck_assert_uint_eq(tvk_composition_check(36, date, r.m, r.n, p, 2), 0);
	/* no rows: all missing, counted past the room there is */
	size_t n = tvk_gazetteer_in_region_at(7, date, NULL);
	ck_assert_uint_eq(tvk_composition_check(7, date, NULL, 0, p, 2), n);
	ck_assert_uint_eq(tvk_composition_check(7, date, NULL, 0, NULL, 0), n);
	ck_assert_int_eq(p[0].kind, TVK_COMPOSITION_MISSING);
	ck_assert_int_eq(p[1].kind, TVK_COMPOSITION_MISSING);
	/* undated: today's list */
	ck_assert_uint_eq(tvk_composition_check(7, TVK_DATE_LATEST, r.m, r.n, p,
		2), 0);
}
END_TEST

static Suite *composition_suite(void)
{
	Suite *s = suite_create("composition");
	TCase *tc = tcase_create("composition");
	tcase_add_test(tc, test_every_region_every_quarter);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_not_then);
	tcase_add_test(tc, test_weesp);
	tcase_add_test(tc, test_other_region);
	tcase_add_test(tc, test_duplicate);
	tcase_add_test(tc, test_edges);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(composition_suite)
