/*
 * The validate stage.  Both sums hold exactly in the real publications,
 * so any difference is damage (or a repair gone wrong) and makes the table
 * invalid; so does a table that is not whole — a count unknown, a row
 * without a code, a municipality missing or foreign (composition.h).  The
 * national row is the exception to the sums: it exceeds the sum of the
 * regions by people not attributed to any region, which is reported,
 * never "fixed".
 */
#include <string.h>

#include "base/arena.h"
#include "gazetteer/composition.h"
#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "repair/repair.h"
#include "table/table.h"
#include "validate/validate.h"

/* One table being checked. */
struct check {
	const struct tvk_table *t;
	const struct tvk_reading *r;
	struct tvk_arena *arena;
	struct tvk_verdict *v;
};

static const struct tvk_row_reading *row_of(const struct check *c, size_t r)
{
	return tvk_reading_row(c->r, c->t, r);
}

static struct tvk_problem_at at_cell(const struct check *c, size_t r, int f)
{
	return (struct tvk_problem_at){tvk_reading_subject(c->t, c->r, r),
		NULL, r, f};
}

/* The values of row @r, and whether every one is known. */
static bool row_values(const struct check *c, size_t r,
		int64_t v[TVK_N_FIELDS])
{
	const struct tvk_row_reading *row = row_of(c, r);
	bool known = true;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		known = known && tvk_cell_known(row->cells[f].state);
		v[f] = row->cells[f].value;
	}
	return known;
}

static void check_cells(struct check *c, size_t r)
{
	const struct tvk_row_reading *row = row_of(c, r);
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *cell = &row->cells[f];
		if (cell->state == TVK_CELL_EMPTY)
			tvk_problem_add(&c->v->problems, c->arena, false,
				"missing-cell", at_cell(c, r, f), "nothing is "
				"printed in this cell and the sums do not pin it "
				"down");
		else if (cell->state == TVK_CELL_UNREADABLE)
			tvk_problem_add(&c->v->problems, c->arena, false,
				"unreadable-cell", at_cell(c, r, f), "'%s' cannot "
				"be read as a count", cell->printed);
	}
}

static void check_row(struct check *c, size_t r)
{
	int64_t v[TVK_N_FIELDS], residual;
	bool known = row_values(c, r, v);
	c->v->row_fails[r] = !known;
	if (!known)
		return;
	if (!tvk_row_residual(v, &residual)) {
		c->v->row_fails[r] = true;
		tvk_problem_add(&c->v->problems, c->arena, false, "row-sum",
			at_cell(c, r, TVK_NO_FIELD), "the parts overflow when "
			"added");
		return;
	}
	if (residual == 0)
		return;
	c->v->row_fails[r] = true;
	tvk_problem_add(&c->v->problems, c->arena, false, "row-sum",
		at_cell(c, r, TVK_TOTAL), "the four parts add up to %lld, the "
		"total is %lld (difference %lld)",
		(long long)(v[TVK_TOTAL] - residual), (long long)v[TVK_TOTAL],
		(long long)residual);
}

static void check_column(struct check *c, int f)
{
	const struct tvk_table *t = c->t;
	struct tvk_problem_at at = {"Totaal AMR", NULL, TVK_NO_ROW, f};
	const struct tvk_cell *total = &c->r->total.cells[f];
	c->v->col_fails[f] = true;
	if (!tvk_cell_known(total->state))
		return;
	int64_t sum = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tvk_cell *cell = &c->r->rows[i].cells[f];
		if (!tvk_cell_known(cell->state))
			return;
		if (!tvk_add_checked(sum, cell->value, &sum)) {
			tvk_problem_add(&c->v->problems, c->arena, false,
				"column-sum", at, "the column overflows when "
				"added");
			return;
		}
	}
	if (sum == total->value) {
		c->v->col_fails[f] = false;
		return;
	}
	tvk_problem_add(&c->v->problems, c->arena, false, "column-sum", at,
		"the municipalities add up to %lld, Totaal AMR is %lld "
		"(difference %lld)", (long long)sum, (long long)total->value,
		(long long)(total->value - sum));
}

/*
 * "Hiervan is 69% bekend binnen Sonar": the total in Sonar as a share of
 * the register, which the publication rounds (2.746 of 3.976 is 69.06%).
 * Any percentage within one point of the exact share passes, so rounding
 * down and rounding to nearest both do.
 */
static void check_register(struct check *c)
{
	const struct tvk_register *reg = &c->r->target_group;
	struct tvk_problem_list *list = &c->v->problems;
	struct tvk_problem_at persons = {NULL, "target_group_register",
		TVK_NO_ROW, TVK_NO_FIELD};
	struct tvk_problem_at pct_at = {NULL, "known_in_sonar_pct",
		TVK_NO_ROW, TVK_NO_FIELD};
	if (!reg->present)
		return;
	if (!reg->persons_known) {
		if (reg->printed_persons)
			tvk_problem_add(list, c->arena, false, "register",
				persons, "'%s' cannot be read as a count",
				reg->printed_persons);
		else
			tvk_problem_add(list, c->arena, false, "register",
				persons, "the register sentence is printed, "
				"but its number of people cannot be read");
		return;
	}
	const struct tvk_cell *total = &c->r->total.cells[TVK_TOTAL];
	if (!tvk_cell_known(total->state) || reg->persons <= 0)
		return;
	if (total->value > reg->persons) {
		tvk_problem_add(list, c->arena, false, "register", persons,
			"%lld people are in Sonar but the register holds only "
			"%lld", (long long)total->value, (long long)reg->persons);
		return;
	}
	if (!reg->pct_known) {
		if (reg->printed_pct)
			tvk_problem_add(list, c->arena, false, "register", pct_at,
				"'%s' is not a percentage", reg->printed_pct);
		return;
	}
	double share = 100.0 * (double)total->value / (double)reg->persons;
	if (reg->pct < share - 1.0 || reg->pct > share + 1.0)
		tvk_problem_add(list, c->arena, false, "register", pct_at,
			"%d%% is printed, but %lld of %lld is %.1f%%", reg->pct,
			(long long)total->value, (long long)reg->persons, share);
}

/*
 * The rows are exactly the region's municipalities on the table's
 * reference date, each once (composition.h): a table that lacks one, or
 * names one of another region or year, is not the region's table.
 */
static void check_composition(struct check *c)
{
	const struct tvk_table *t = c->t;
	const struct tvk_municipality **rows = tvk_arena_array(c->arena,
		t->n_rows ? t->n_rows : 1, sizeof(*rows));
	for (size_t i = 0; i < t->n_rows; i++)
		rows[i] = c->r->rows[i].municipality;
	int date = tvk_quarter_date(t->period.year, t->period.quarter);
	/* At most one problem a row and one a municipality of the region:
	 * counted first, then written. */
	size_t n = tvk_composition_check(c->r->region, date, rows, t->n_rows,
		NULL, 0);
	if (n == 0)
		return;
	struct tvk_composition_problem *p = tvk_arena_array(c->arena, n,
		sizeof(*p));
	tvk_composition_check(c->r->region, date, rows, t->n_rows, p, n);
	for (size_t i = 0; i < n; i++) {
		bool of_row = p[i].row < t->n_rows;
		struct tvk_problem_at at = {of_row ? c->r->rows[p[i].row].name :
			p[i].municipality->name, "code",
			of_row ? p[i].row : TVK_NO_ROW, TVK_NO_FIELD};
		tvk_problem_add(&c->v->problems, c->arena, false, "composition",
			at, "%s", p[i].message);
	}
}

void tvk_validate_check(const struct tvk_table *t, const struct tvk_reading *r,
		struct tvk_arena *arena, struct tvk_verdict *out)
{
	memset(out, 0, sizeof(*out));
	out->row_fails = tvk_arena_array(arena, t->n_rows + 1,
		sizeof(*out->row_fails));
	struct check c = {t, r, arena, out};
	tvk_problem_list_append(&out->problems, arena, &r->problems);
	if (t->kind == TVK_TABLE_REGION && t->n_rows == 0)
		tvk_problem_add(&out->problems, arena, false, "rows",
			TVK_AT_TABLE, "the table has no municipality rows");
	if (!t->has_total)
		tvk_problem_add(&out->problems, arena, false, "total",
			TVK_AT_TABLE, "the table has no Totaal AMR row");
	for (size_t i = 0; i < t->n_rows; i++) {
		check_cells(&c, i);
		check_row(&c, i);
	}
	if (t->has_total) {
		check_cells(&c, t->n_rows);
		check_row(&c, t->n_rows);
		if (t->kind == TVK_TABLE_REGION)
			for (int f = 0; f < TVK_N_FIELDS; f++)
				check_column(&c, f);
	} else {
		out->row_fails[t->n_rows] = true;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			out->col_fails[f] = true;
	}
	check_register(&c);
	if (t->kind == TVK_TABLE_REGION)
		check_composition(&c);

	if (tvk_problem_list_has_errors(&out->problems)) {
		out->status = TVK_STATUS_INVALID;
		return;
	}
	out->status = TVK_STATUS_VALID;
	for (size_t i = 0; i < r->repairs.n; i++)
		if (tvk_repair_kind_changes_count(r->repairs.items[i].kind))
			out->status = TVK_STATUS_REPAIRED;
}

void tvk_validate_national(const struct tvk_period *period,
		const struct tvk_row_reading *national,
		const struct tvk_region_total *regions, size_t n,
		struct tvk_national *out)
{
	memset(out, 0, sizeof(*out));
	out->period = *period;
	bool complete = national != NULL;
	bool seen[TVK_N_REGIONS + 1] = {false};
	for (int f = 0; national && f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *c = &national->cells[f];
		complete = complete && tvk_cell_known(c->state);
		out->total[f] = tvk_cell_known(c->state) ? c->value : 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct tvk_region_total *r = &regions[i];
		if (r->region < 1 || r->region > TVK_N_REGIONS ||
				seen[r->region])
			continue;
		seen[r->region] = true;
		out->n_regions++;
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			const struct tvk_cell *c = r->total ? &r->total->cells[f] :
				NULL;
			if (!c || !tvk_cell_known(c->state) ||
					!tvk_add_checked(out->regions_sum[f],
						c->value, &out->regions_sum[f]))
				complete = false;
		}
	}
	complete = complete && out->n_regions == TVK_N_REGIONS;
	for (int f = 0; f < TVK_N_FIELDS; f++)
		out->unattributed[f] = out->total[f] - out->regions_sum[f];
	out->complete = complete;
}
