/*
 * The validate stage on tables built by hand: row sums, column sums, the
 * register percentage, overflow, and the national residual.
 */
#include <stdint.h>
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "repair/repair.h"
#include "table/table.h"
#include "tvk_check.h"
#include "validate/validate.h"

static struct tvk_arena *arena;

static void setup(void)
{
	arena = tvk_arena_create();
}

static void teardown(void)
{
	tvk_arena_destroy(arena);
}

static void set_row(struct tvk_row_reading *row, const int64_t v[5])
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

/* A raw table and its reading, made by hand; validate's verdict. */
struct fixture {
	struct tvk_table raw;
	struct tvk_reading r;
	struct tvk_verdict v;
};

static struct fixture *gooi_table(void)
{
	struct fixture *x = tvk_arena_alloc(arena, sizeof(*x));
	struct tvk_table *t = &x->raw;
	t->kind = TVK_TABLE_REGION;
	t->n_rows = 7;
	t->rows = tvk_arena_array(arena, 7, sizeof(*t->rows));
	x->r.region = 12;
	x->r.rows = tvk_arena_array(arena, 7, sizeof(*x->r.rows));
	const struct tvk_municipality *const *list;
	ck_assert_uint_eq(tvk_gazetteer_in_region(12, &list), 7);
	for (size_t i = 0; i < 7; i++) {
		x->r.rows[i].name = tvk_arena_printf(arena, "row %zu", i);
		x->r.rows[i].municipality = list[i];
		set_row(&x->r.rows[i], gooi[i]);
	}
	t->total.kind = TVK_ROW_TOTAL;
	t->has_total = true;
	set_row(&x->r.total, gooi[7]);
	return x;
}

static void check(struct fixture *x)
{
	tvk_validate_check(&x->raw, &x->r, arena, &x->v);
}

static size_t count(const struct fixture *x, const char *check_name)
{
	size_t n = 0;
	for (size_t i = 0; i < x->v.problems.n; i++)
		n += strcmp(x->v.problems.items[i].check, check_name) == 0;
	return n;
}

static const struct tvk_problem *problem(const struct fixture *x, size_t i)
{
	ck_assert_uint_lt(i, x->v.problems.n);
	return &x->v.problems.items[i];
}

START_TEST(sums_hold)
{
	struct fixture *t = gooi_table();
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_VALID);
	ck_assert_uint_eq(t->v.problems.n, 0);
}
END_TEST

START_TEST(row_sum_fails)
{
	struct fixture *t = gooi_table();
	t->r.rows[3].cells[TVK_TOTAL].value = 812;
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "row-sum"), 1);
	ck_assert_uint_eq(count(t, "column-sum"), 1); /* the total column */
	ck_assert_str_eq(problem(t, 0)->subject, "row 3");
}
END_TEST

/* The verdict says which sums fail, for the second look to point at. */
START_TEST(failing_rows_and_columns)
{
	struct fixture *t = gooi_table();
	check(t);
	for (size_t r = 0; r <= 7; r++)
		ck_assert(!t->v.row_fails[r]);
	for (int f = 0; f < TVK_N_FIELDS; f++)
		ck_assert(!t->v.col_fails[f]);
	t = gooi_table();
	t->r.rows[4].cells[2].value += 3;
	t->r.rows[6].cells[0].state = TVK_CELL_EMPTY;
	check(t);
	for (size_t r = 0; r <= 7; r++)
		ck_assert_msg(t->v.row_fails[r] == (r == 4 || r == 6),
			"row %zu", r);
	for (int f = 0; f < TVK_N_FIELDS; f++)
		ck_assert_msg(t->v.col_fails[f] == (f == 0 || f == 2),
			"column %d", f);
	/* Every problem says where it is. */
	for (size_t i = 0; i < t->v.problems.n; i++) {
		const struct tvk_problem *p = &t->v.problems.items[i];
		if (strcmp(p->check, "row-sum") == 0)
			ck_assert_uint_eq(p->row, 4);
		if (strcmp(p->check, "column-sum") == 0)
			ck_assert_int_eq(p->field_index, 2);
		if (strcmp(p->check, "missing-cell") == 0) {
			ck_assert_uint_eq(p->row, 6);
			ck_assert_int_eq(p->field_index, 0);
		}
	}
}
END_TEST

START_TEST(column_sum_fails)
{
	/* A wrong Totaal AMR cell: its row and its column both fail. */
	struct fixture *t = gooi_table();
	t->r.total.cells[TVK_MUNICIPAL_WITHOUT_PROFILE].value = 623;
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "column-sum"), 1);
	ck_assert_uint_eq(count(t, "row-sum"), 1);
}
END_TEST

START_TEST(compensating_errors_in_one_row)
{
	/* +1 and -1 in one row: the row holds, two columns fail. */
	struct fixture *t = gooi_table();
	t->r.rows[2].cells[0].value += 1;
	t->r.rows[2].cells[1].value -= 1;
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "row-sum"), 0);
	ck_assert_uint_eq(count(t, "column-sum"), 2);
}
END_TEST

START_TEST(unknown_cells_are_problems)
{
	struct fixture *t = gooi_table();
	t->r.rows[0].cells[2].state = TVK_CELL_EMPTY;
	t->r.rows[1].cells[2].state = TVK_CELL_UNREADABLE;
	t->r.rows[1].cells[2].printed = "x7";
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "missing-cell"), 1);
	ck_assert_uint_eq(count(t, "unreadable-cell"), 1);
	/* Sums over unknown cells are not checked (nor reported twice). */
	ck_assert_uint_eq(count(t, "column-sum"), 0);
}
END_TEST

START_TEST(repaired_only_with_a_count_repair)
{
	struct fixture *t = gooi_table();
	tvk_repair_log_add(&t->r.repairs, arena, &(struct tvk_repair){
		.kind = TVK_REPAIR_NUMBER_FORMAT, .subject = "row 1",
		.field = "total", .printed = "1,780", .has_value = true,
		.value = 1780, .evidence = "comma", .row = 1,
		.field_index = TVK_TOTAL});
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_VALID);
	tvk_repair_log_add(&t->r.repairs, arena, &(struct tvk_repair){
		.kind = TVK_REPAIR_MISSING_CELL, .subject = "row 1",
		.field = "total", .has_value = true, .value = 48,
		.evidence = "row and column", .row = 1,
		.field_index = TVK_TOTAL});
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_REPAIRED);
}
END_TEST

START_TEST(warnings_leave_the_status)
{
	struct fixture *t = gooi_table();
	/* The reading's problems are the verdict's too. */
	tvk_problem_add(&t->r.problems, arena, true, "name",
		(struct tvk_problem_at){"row 1", "code", 1, TVK_NO_FIELD},
		"no match");
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_VALID);
	ck_assert_uint_eq(count(t, "name"), 1);
	ck_assert(!tvk_problem_list_has_errors(&t->v.problems));
	tvk_problem_add(&t->r.problems, arena, false, "region", TVK_AT_TABLE,
		"unknown");
	check(t);
	ck_assert(tvk_problem_list_has_errors(&t->v.problems));
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
}
END_TEST

static void set_register(struct fixture *t, int64_t persons, int pct)
{
	t->r.target_group = (struct tvk_register){.present = true,
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
		struct fixture *t = gooi_table();
		set_register(t, 2400, cases[i].pct);
		check(t);
		ck_assert_msg((count(t, "register") == 0) == cases[i].ok,
			"%d%%", cases[i].pct);
	}
}
END_TEST

START_TEST(register_smaller_than_sonar)
{
	struct fixture *t = gooi_table();
	set_register(t, 1000, 100);
	check(t);
	ck_assert_uint_eq(count(t, "register"), 1);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
}
END_TEST

START_TEST(overflow_is_a_problem_not_a_wrap)
{
	struct fixture *t = gooi_table();
	t->r.rows[0].cells[0].value = INT64_MAX;
	t->r.rows[0].cells[1].value = INT64_MAX;
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
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
	struct tvk_row_reading national = {0};
	set_row(&national, nl);
	struct tvk_row_reading totals[35];
	struct tvk_region_total regions[36];
	for (int r = 0; r < 35; r++) {
		int64_t v[5];
		for (int f = 0; f < 5; f++)
			v[f] = sum[f] / 35 + (r == 0 ? sum[f] % 35 : 0);
		memset(&totals[r], 0, sizeof(totals[r]));
		set_row(&totals[r], v);
		regions[r] = (struct tvk_region_total){r + 1, &totals[r]};
	}
	struct tvk_period period = {2025, 2, "tweede kwartaal 2025", false};
	struct tvk_national res;
	tvk_validate_national(&period, &national, regions, 35, &res);
	ck_assert(res.complete);
	ck_assert_uint_eq(res.n_regions, 35);
	static const int64_t unattributed[5] = {1, 0, 8, 9, 18};
	for (int f = 0; f < 5; f++) {
		ck_assert_int_eq(res.regions_sum[f], sum[f]);
		ck_assert_int_eq(res.unattributed[f], unattributed[f]);
	}
	/* The same region twice counts once; 34 regions are incomplete;
	 * a region without its total leaves the sum incomplete. */
	regions[35] = regions[0];
	tvk_validate_national(&period, &national, regions + 1, 35, &res);
	ck_assert_uint_eq(res.n_regions, 35);
	tvk_validate_national(&period, &national, regions + 1, 34, &res);
	ck_assert(!res.complete);
	ck_assert_uint_eq(res.n_regions, 34);
	regions[3].total = NULL;
	tvk_validate_national(&period, &national, regions, 35, &res);
	ck_assert(!res.complete);
	/* The national row's own parts add up. */
	struct fixture *x = tvk_arena_alloc(arena, sizeof(*x));
	x->raw.kind = TVK_TABLE_NATIONAL;
	x->raw.has_total = true;
	x->raw.total.kind = TVK_ROW_NATIONAL;
	x->r.total = national;
	check(x);
	ck_assert_int_eq(x->v.status, TVK_STATUS_VALID);
}
END_TEST

/* The rows must be the region's municipalities of the table's date. */
START_TEST(composition_is_checked)
{
	/* a row matched to a municipality of another region */
	struct fixture *t = gooi_table();
	t->r.rows[2].municipality = tvk_gazetteer_by_code("GM0363");
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "composition"), 2); /* Amsterdam; one missing */
	ck_assert_str_eq(problem(t, 0)->subject, "row 2");
	ck_assert_ptr_nonnull(strstr(problem(t, 0)->message, "Amsterdam (GM0363) "
		"belonged to region 10 Groot Amsterdam"));
	ck_assert_ptr_nonnull(strstr(problem(t, 1)->message, "has no row"));

	/* The same rows as the 2021-Q4 table: Weesp is missing then. */
	t = gooi_table();
	t->raw.period.year = 2021;
	t->raw.period.quarter = 4;
	check(t);
	ck_assert_int_eq(t->v.status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(count(t, "composition"), 1);
	ck_assert_str_eq(problem(t, 0)->subject, "Weesp");
	ck_assert_str_eq(problem(t, 0)->field, "code");
	ck_assert_int_eq(problem(t, 0)->warning, false);

	/* a row without a code is not the composition's business */
	t = gooi_table();
	t->r.rows[0].municipality = NULL;
	check(t);
	ck_assert_uint_eq(count(t, "composition"), 1);
	/* no region, no composition */
	t = gooi_table();
	t->r.region = 0;
	check(t);
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
	tcase_add_test(tc, failing_rows_and_columns);
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
