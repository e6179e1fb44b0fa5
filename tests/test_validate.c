/*
 * The validate stage on tables built by hand: row sums, column sums, the
 * register percentage, overflow, and the national residual.
 */
#include <stdint.h>
#include <string.h>

#include <tvk/tvk.h>

#include "tvk_check.h"

static struct tvk_arena *arena;

static void setup(void)
{
	arena = tvk_arena_create();
}

static void teardown(void)
{
	tvk_arena_destroy(arena);
}

static void set_row(struct tvk_row *row, const int64_t v[5])
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		row->cells[f].state = TVK_CELL_READ;
		row->cells[f].value = v[f];
	}
}

/* Gooi en Vechtstreek, 2025-Q2: seven municipalities and the total. */
static const int64_t gooi[8][5] = {
	{6, 15, 19, 9, 49}, {5, 14, 17, 12, 48}, {24, 109, 147, 58, 338},
	{48, 288, 328, 147, 811}, {25, 126, 129, 48, 328}, {3, 18, 33, 9, 63},
	{10, 52, 56, 25, 143}, {121, 622, 729, 308, 1780},
};

static struct tvk_table *gooi_table(void)
{
	struct tvk_table *t = tvk_arena_alloc(arena, sizeof(*t));
	t->kind = TVK_TABLE_REGION;
	t->region = 12;
	t->n_rows = 7;
	t->rows = tvk_arena_array(arena, 7, sizeof(*t->rows));
	const struct tvk_municipality *const *list;
	ck_assert_uint_eq(tvk_gazetteer_in_region(12, &list), 7);
	for (size_t i = 0; i < 7; i++) {
		t->rows[i].name = tvk_arena_printf(arena, "row %zu", i);
		t->rows[i].municipality = list[i];
		set_row(&t->rows[i], gooi[i]);
	}
	t->total.kind = TVK_ROW_TOTAL;
	t->has_total = true;
	set_row(&t->total, gooi[7]);
	return t;
}

static size_t count(const struct tvk_table *t, const char *check)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n_problems; i++)
		n += strcmp(t->problems[i].check, check) == 0;
	return n;
}

START_TEST(sums_hold)
{
	struct tvk_table *t = gooi_table();
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_VALID);
	ck_assert_uint_eq(t->n_problems, 0);
}
END_TEST

START_TEST(row_sum_fails)
{
	struct tvk_table *t = gooi_table();
	t->rows[3].cells[TVK_TOTAL].value = 812;
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "row-sum"), 1);
	ck_assert_uint_eq(count(t, "column-sum"), 1); /* the total column */
	ck_assert_str_eq(t->problems[0].subject, "row 3");
}
END_TEST

START_TEST(column_sum_fails)
{
	/* A wrong Totaal AMR cell: its row and its column both fail. */
	struct tvk_table *t = gooi_table();
	t->total.cells[TVK_MUNICIPAL_WITHOUT_PROFILE].value = 623;
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "column-sum"), 1);
	ck_assert_uint_eq(count(t, "row-sum"), 1);
}
END_TEST

START_TEST(compensating_errors_in_one_row)
{
	/* +1 and -1 in one row: the row holds, two columns fail. */
	struct tvk_table *t = gooi_table();
	t->rows[2].cells[0].value += 1;
	t->rows[2].cells[1].value -= 1;
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "row-sum"), 0);
	ck_assert_uint_eq(count(t, "column-sum"), 2);
}
END_TEST

START_TEST(unknown_cells_are_problems)
{
	struct tvk_table *t = gooi_table();
	t->rows[0].cells[2].state = TVK_CELL_EMPTY;
	t->rows[1].cells[2].state = TVK_CELL_UNREADABLE;
	t->rows[1].cells[2].printed = "x7";
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "missing-cell"), 1);
	ck_assert_uint_eq(count(t, "unreadable-cell"), 1);
	/* Sums over unknown cells are not checked (nor reported twice). */
	ck_assert_uint_eq(count(t, "column-sum"), 0);
}
END_TEST

START_TEST(repaired_only_with_a_count_repair)
{
	struct tvk_table *t = gooi_table();
	tvk_table_add_repair(t, arena, &(struct tvk_repair){
		.kind = TVK_REPAIR_NUMBER_FORMAT, .subject = "row 1",
		.field = "total", .printed = "1,780", .has_value = true,
		.value = 1780, .evidence = "comma"});
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_VALID);
	tvk_table_add_repair(t, arena, &(struct tvk_repair){
		.kind = TVK_REPAIR_MISSING_CELL, .subject = "row 1",
		.field = "total", .has_value = true, .value = 48,
		.evidence = "row and column"});
	t->n_problems = 0;
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_REPAIRED);
}
END_TEST

START_TEST(warnings_leave_the_status)
{
	struct tvk_table *t = gooi_table();
	tvk_table_add_warning(t, arena, "name", "row 1", "code", "no match");
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_VALID);
	ck_assert(!tvk_table_has_errors(t));
	tvk_table_add_problem(t, arena, "region", NULL, NULL, "unknown");
	ck_assert(tvk_table_has_errors(t));
}
END_TEST

static void set_register(struct tvk_table *t, int64_t persons, int pct)
{
	t->target_group = (struct tvk_register){.present = true,
		.persons_known = true, .persons = persons, .pct_known = true,
		.pct = pct, .printed_persons = "x", .printed_pct = "y"};
}

START_TEST(register_percentage)
{
	/* 1780 of 2400 is 74.2%: 74 (rounded either way) and 75 (within
	 * one point) pass; 73 and 76 are more than a point away. */
	static const struct {
		int pct;
		bool ok;
	} cases[] = {{74, true}, {75, true}, {73, false}, {76, false},
		{72, false}, {0, false}, {100, false}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tvk_table *t = gooi_table();
		set_register(t, 2400, cases[i].pct);
		tvk_validate_table(t, arena);
		ck_assert_msg((count(t, "register") == 0) == cases[i].ok,
			"%d%%", cases[i].pct);
	}
}
END_TEST

START_TEST(register_smaller_than_sonar)
{
	struct tvk_table *t = gooi_table();
	set_register(t, 1000, 100);
	tvk_validate_table(t, arena);
	ck_assert_uint_eq(count(t, "register"), 1);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
}
END_TEST

START_TEST(overflow_is_a_problem_not_a_wrap)
{
	struct tvk_table *t = gooi_table();
	t->rows[0].cells[0].value = INT64_MAX;
	t->rows[0].cells[1].value = INT64_MAX;
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
	int64_t sum;
	ck_assert(!tvk_add_checked(INT64_MAX, 1, &sum));
	ck_assert(tvk_add_checked(40, 2, &sum));
	ck_assert_int_eq(sum, 42);
}
END_TEST

START_TEST(national_residual)
{
	/* The Nederland row of 2025-Q2 against 35 regions whose totals add
	 * up to the sum the publication's regions give. */
	static const int64_t nl[5] = {11994, 63207, 89136, 26636, 190973};
	static const int64_t sum[5] = {11993, 63207, 89128, 26627, 190955};
	struct tvk_table *national = tvk_arena_alloc(arena, sizeof(*national));
	national->kind = TVK_TABLE_NATIONAL;
	national->has_total = true;
	set_row(&national->total, nl);
	const struct tvk_table *regions[36];
	for (int r = 0; r < 35; r++) {
		struct tvk_table *t = tvk_arena_alloc(arena, sizeof(*t));
		t->kind = TVK_TABLE_REGION;
		t->region = r + 1;
		t->has_total = true;
		int64_t v[5];
		for (int f = 0; f < 5; f++)
			v[f] = sum[f] / 35 + (r == 0 ? sum[f] % 35 : 0);
		set_row(&t->total, v);
		regions[r] = t;
	}
	struct tvk_national res;
	tvk_validate_national(national, regions, 35, &res);
	ck_assert(res.complete);
	ck_assert_uint_eq(res.n_regions, 35);
	static const int64_t unattributed[5] = {1, 0, 8, 9, 18};
	for (int f = 0; f < 5; f++) {
		ck_assert_int_eq(res.regions_sum[f], sum[f]);
		ck_assert_int_eq(res.unattributed[f], unattributed[f]);
	}
	/* The same region twice counts once; 34 regions are incomplete. */
	regions[35] = regions[0];
	tvk_validate_national(national, regions + 1, 35, &res);
	ck_assert_uint_eq(res.n_regions, 35);
	tvk_validate_national(national, regions + 1, 34, &res);
	ck_assert(!res.complete);
	ck_assert_uint_eq(res.n_regions, 34);
	/* The national row's own parts add up. */
	tvk_validate_table(national, arena);
	ck_assert_int_eq(national->status, TVK_STATUS_VALID);
}
END_TEST

/* The rows must be the region's municipalities of the table's date. */
START_TEST(composition_is_checked)
{
	/* a row matched to a municipality of another region */
	struct tvk_table *t = gooi_table();
	t->rows[2].municipality = tvk_gazetteer_by_code("GM0363");
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "composition"), 2); /* Amsterdam; one missing */
	ck_assert_str_eq(t->problems[0].subject, "row 2");
	ck_assert_ptr_nonnull(strstr(t->problems[0].message, "Amsterdam (GM0363) "
		"belonged to region 10 Groot Amsterdam"));
	ck_assert_ptr_nonnull(strstr(t->problems[1].message, "has no row"));

	/* The same rows as the 2021-Q4 table: Weesp is missing then. */
	t = gooi_table();
	t->period.year = 2021;
	t->period.quarter = 4;
	tvk_validate_table(t, arena);
	ck_assert_int_eq(t->status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "composition"), 1);
	ck_assert_str_eq(t->problems[0].subject, "Weesp");
	ck_assert_str_eq(t->problems[0].field, "code");
	ck_assert_int_eq(t->problems[0].warning, false);

	/* a row without a code is not the composition's business */
	t = gooi_table();
	t->rows[0].municipality = NULL;
	tvk_validate_table(t, arena);
	ck_assert_uint_eq(count(t, "composition"), 1);
	/* no region, no composition */
	t = gooi_table();
	t->region = 0;
	tvk_validate_table(t, arena);
	ck_assert_uint_eq(count(t, "composition"), 0);
}
END_TEST

static Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("validate");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sums_hold);
	tcase_add_test(tc, row_sum_fails);
	tcase_add_test(tc, column_sum_fails);
	tcase_add_test(tc, compensating_errors_in_one_row);
	tcase_add_test(tc, unknown_cells_are_problems);
	tcase_add_test(tc, repaired_only_with_a_count_repair);
	tcase_add_test(tc, warnings_leave_the_status);
	tcase_add_test(tc, register_percentage);
	tcase_add_test(tc, register_smaller_than_sonar);
	tcase_add_test(tc, overflow_is_a_problem_not_a_wrap);
	tcase_add_test(tc, national_residual);
	tcase_add_test(tc, composition_is_checked);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(validate_suite)
