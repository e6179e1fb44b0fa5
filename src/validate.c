/*
 * The validate stage.  Both sums hold exactly in the real publications,
 * so any difference is damage (or a repair gone wrong) and makes the table
 * invalid.  The national row is the exception: it exceeds the sum of the
 * regions by people not attributed to any region, which is reported, never
 * "fixed".
 */
#include <stdio.h>
#include <string.h>

#include <tvk/composition.h>
#include <tvk/validate.h>

bool tvk_add_checked(int64_t a, int64_t b, int64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

static void check_cells(struct tvk_table *t, const struct tvk_row *row,
		struct tvk_arena *arena)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *c = &row->cells[f];
		const char *field = tvk_field_name((enum tvk_field)f);
		if (c->state == TVK_CELL_EMPTY)
			tvk_table_add_problem(t, arena, "missing-cell",
				tvk_row_subject(row), field,
				"nothing is printed in this cell and the sums do "
				"not pin it down");
		else if (c->state == TVK_CELL_UNREADABLE)
			tvk_table_add_problem(t, arena, "unreadable-cell",
				tvk_row_subject(row), field,
				"'%s' cannot be read as a count", c->printed);
	}
}

static void check_row(struct tvk_table *t, const struct tvk_row *row,
		struct tvk_arena *arena)
{
	int64_t parts = 0;
	for (int f = 0; f < TVK_N_FIELDS; f++)
		if (!tvk_cell_known(row->cells[f].state))
			return;
	for (int f = 0; f < TVK_N_PARTS; f++)
		if (!tvk_add_checked(parts, row->cells[f].value, &parts)) {
			tvk_table_add_problem(t, arena, "row-sum",
				tvk_row_subject(row), NULL,
				"the parts overflow when added");
			return;
		}
	int64_t total = row->cells[TVK_TOTAL].value;
	if (parts != total)
		tvk_table_add_problem(t, arena, "row-sum", tvk_row_subject(row),
			"total", "the four parts add up to %lld, the total is "
			"%lld (difference %lld)", (long long)parts,
			(long long)total, (long long)(total - parts));
}

static void check_column(struct tvk_table *t, int f, struct tvk_arena *arena)
{
	const struct tvk_cell *total = &t->total.cells[f];
	if (!tvk_cell_known(total->state))
		return;
	int64_t sum = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tvk_cell *c = &t->rows[i].cells[f];
		if (!tvk_cell_known(c->state))
			return;
		if (!tvk_add_checked(sum, c->value, &sum)) {
			tvk_table_add_problem(t, arena, "column-sum",
				"Totaal AMR", tvk_field_name((enum tvk_field)f),
				"the column overflows when added");
			return;
		}
	}
	if (sum != total->value)
		tvk_table_add_problem(t, arena, "column-sum", "Totaal AMR",
			tvk_field_name((enum tvk_field)f),
			"the municipalities add up to %lld, Totaal AMR is %lld "
			"(difference %lld)", (long long)sum,
			(long long)total->value, (long long)(total->value - sum));
}

/*
 * "Hiervan is 69% bekend binnen Sonar": the total in Sonar as a share of
 * the register, which the publication rounds (2.746 of 3.976 is 69.06%).
 * Any percentage within one point of the exact share passes, so rounding
 * down and rounding to nearest both do.
 */
static void check_register(struct tvk_table *t, struct tvk_arena *arena)
{
	const struct tvk_register *reg = &t->target_group;
	if (!reg->present)
		return;
	if (!reg->persons_known) {
		tvk_table_add_problem(t, arena, "register", NULL,
			"target_group_register", "'%s' cannot be read as a count",
			reg->printed_persons);
		return;
	}
	const struct tvk_cell *total = &t->total.cells[TVK_TOTAL];
	if (!tvk_cell_known(total->state) || reg->persons <= 0)
		return;
	if (total->value > reg->persons) {
		tvk_table_add_problem(t, arena, "register", NULL,
			"target_group_register", "%lld people are in Sonar but "
			"the register holds only %lld", (long long)total->value,
			(long long)reg->persons);
		return;
	}
	if (!reg->pct_known) {
		if (reg->printed_pct)
			tvk_table_add_problem(t, arena, "register", NULL,
				"known_in_sonar_pct", "'%s' is not a percentage",
				reg->printed_pct);
		return;
	}
	double share = 100.0 * (double)total->value / (double)reg->persons;
	if (reg->pct < share - 1.0 || reg->pct > share + 1.0)
		tvk_table_add_problem(t, arena, "register", NULL,
			"known_in_sonar_pct", "%d%% is printed, but %lld of %lld "
			"is %.1f%%", reg->pct, (long long)total->value,
			(long long)reg->persons, share);
}

/*
 * The rows are exactly the region's municipalities on the table's
 * reference date, each once (composition.h): a table that lacks one, or
 * names one of another region or year, is not the region's table.
 */
static void check_composition(struct tvk_table *t, struct tvk_arena *arena)
{
	const struct tvk_municipality **rows = tvk_arena_array(arena,
		t->n_rows ? t->n_rows : 1, sizeof(*rows));
	for (size_t i = 0; i < t->n_rows; i++)
		rows[i] = t->rows[i].municipality;
	int date = tvk_quarter_date(t->period.year, t->period.quarter);
	/* At most one problem a row and one a municipality of the region:
	 * counted first, then written. */
	size_t n = tvk_composition_check(t->region, date, rows, t->n_rows,
		NULL, 0);
	if (n == 0)
		return;
	struct tvk_composition_problem *p = tvk_arena_array(arena, n,
		sizeof(*p));
	tvk_composition_check(t->region, date, rows, t->n_rows, p, n);
	for (size_t i = 0; i < n; i++)
		tvk_table_add_problem(t, arena, "composition", p[i].row < t->n_rows ?
			t->rows[p[i].row].name : p[i].municipality->name, "code",
			"%s", p[i].message);
}

void tvk_validate_table(struct tvk_table *t, struct tvk_arena *arena)
{
	if (t->kind == TVK_TABLE_REGION && t->n_rows == 0)
		tvk_table_add_problem(t, arena, "rows", NULL, NULL,
			"the table has no municipality rows");
	if (!t->has_total)
		tvk_table_add_problem(t, arena, "total", NULL, NULL,
			"the table has no Totaal AMR row");
	for (size_t i = 0; i < t->n_rows; i++) {
		check_cells(t, &t->rows[i], arena);
		check_row(t, &t->rows[i], arena);
	}
	if (t->has_total) {
		check_cells(t, &t->total, arena);
		check_row(t, &t->total, arena);
		if (t->kind == TVK_TABLE_REGION)
			for (int f = 0; f < TVK_N_FIELDS; f++)
				check_column(t, f, arena);
	}
	check_register(t, arena);
	if (t->kind == TVK_TABLE_REGION)
		check_composition(t, arena);

	if (tvk_table_has_errors(t)) {
		t->status = TVK_STATUS_INVALID;
		return;
	}
	t->status = TVK_STATUS_VALID;
	for (size_t i = 0; i < t->n_repairs; i++)
		if (tvk_repair_kind_changes_count(t->repairs[i].kind))
			t->status = TVK_STATUS_REPAIRED;
}

void tvk_validate_national(const struct tvk_table *national,
		const struct tvk_table *const *regions, size_t n,
		struct tvk_national *out)
{
	memset(out, 0, sizeof(*out));
	out->period = national->period;
	bool complete = national->has_total;
	bool seen[TVK_N_REGIONS + 1] = {false};
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *c = &national->total.cells[f];
		complete = complete && tvk_cell_known(c->state);
		out->total[f] = tvk_cell_known(c->state) ? c->value : 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct tvk_table *r = regions[i];
		if (r->region < 1 || r->region > TVK_N_REGIONS ||
				seen[r->region])
			continue;
		seen[r->region] = true;
		out->n_regions++;
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			const struct tvk_cell *c = &r->total.cells[f];
			if (!r->has_total || !tvk_cell_known(c->state) ||
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
