/*
 * The repair stage: a raw table read into numbers and names.  Three
 * passes: the region (region.c), the names (names.c), and here the
 * numbers — every row's tokens read in each plausible way (numbers.c,
 * with the second look's readings of the page image when there are
 * any), and the one reading of the whole table that the sums pin down
 * found by the solver (solve.c): an empty or unreadable cell inferred, a
 * misread one corrected, only where its row and its column agree.
 *
 * Each pass logs what it decided in the reading's repairs; what it cannot
 * decide it lists as a problem and leaves alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "model/model.h"
#include "read/lex.h"
#include "repair/repair-internal.h"
#include "repair/repair.h"
#include "table/table.h"

static const struct tvk_row *row_at(const struct tvk_table *t, size_t r)
{
	return r < t->n_rows ? &t->rows[r] : &t->total;
}

static struct tvk_row_reading *reading_at(struct read_ctx *c, size_t r)
{
	return r < c->t->n_rows ? &c->rd->rows[r] : &c->rd->total;
}

/* A typical glyph width of the table's numbers, for tolerances. */
static double glyph_width(const struct tvk_table *t)
{
	double w = 0;
	size_t chars = 0;
	for (size_t r = 0; r <= t->n_rows; r++) {
		const struct tvk_row *row = r < t->n_rows ? &t->rows[r] : &t->total;
		if (r == t->n_rows && !t->has_total)
			break;
		for (size_t k = 0; k < row->n_numbers; k++) {
			w += row->numbers[k].box.x1 - row->numbers[k].box.x0;
			chars += strlen(row->numbers[k].text);
		}
	}
	return chars ? w / (double)chars : 5.0;
}

/* The cells of @row as @reading has them, before any change. */
static void apply_reading(struct tvk_row_reading *row,
		const struct row_reading *reading)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct cell_reading *c = &reading->cell[f];
		struct tvk_cell *cell = &row->cells[f];
		memset(cell, 0, sizeof(*cell));
		if (c->origin == ORIGIN_NONE) {
			cell->state = TVK_CELL_EMPTY;
			continue;
		}
		cell->printed = c->origin == ORIGIN_JOINED ||
			c->origin == ORIGIN_REREAD ? c->token : c->printed;
		cell->box = c->box;
		if (c->form == TVK_FORM_NONE) {
			cell->state = TVK_CELL_UNREADABLE;
			continue;
		}
		cell->state = c->origin != ORIGIN_REREAD ? TVK_CELL_READ :
			c->token ? TVK_CELL_CORRECTED : TVK_CELL_INFERRED;
		cell->value = c->value;
		cell->readings = c->n_alternatives ? c->alternatives : NULL;
		cell->n_readings = c->n_alternatives;
	}
}

static bool changed(const struct solution *s, size_t r, int f)
{
	for (size_t i = 0; s && i < s->n_changes; i++)
		if (s->changes[i].row == r && s->changes[i].field == f)
			return true;
	return false;
}

/* The readings of row @r: how its strings were read, and why; not of the
 * cells that @s (if any) changes, whose own repair says it all. */
const char *tvk_reread_frame_name(int k)
{
	static const char *const names[TVK_REREAD_FRAMES] = {
		[TVK_REREAD_TOKEN] = "the cell within the page",
		[TVK_REREAD_TOKEN_CLEAN] = "the cell cut out",
		[TVK_REREAD_COLUMN] = "the column's width within the page",
		[TVK_REREAD_COLUMN_CLEAN] = "the column's width cut out",
		[TVK_REREAD_BAND] = "the row's band as one line",
		[TVK_REREAD_BAND_ALT] = "tesseract's next choice in the row's "
			"band",
		[TVK_REREAD_BAND_ALT2] = "tesseract's next choice in the row's "
			"band",
		[TVK_REREAD_BAND_ALT3] = "tesseract's next choice in the row's "
			"band",
	};
	return k >= 0 && k < TVK_REREAD_FRAMES ? names[k] : "the page image";
}

static void log_reading(struct read_ctx *ctx, size_t r,
		const struct row_reading *reading, const struct solution *s)
{
	struct tvk_arena *arena = ctx->arena;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct cell_reading *c = &reading->cell[f];
		if (c->origin == ORIGIN_NONE || c->form == TVK_FORM_NONE ||
				changed(s, r, f))
			continue;
		struct tvk_repair rep = {
			.subject = tvk_reading_subject(ctx->t, ctx->rd, r),
			.field = tvk_field_name((enum tvk_field)f),
			.printed = c->token, .has_value = true, .value = c->value,
			.row = r, .field_index = f,
		};
		if (c->origin == ORIGIN_REREAD) {
			rep.kind = TVK_REPAIR_MISREAD;
			rep.evidence = tvk_arena_printf(arena, "read again from "
				"the page image (%s) as '%s'; with it every row "
				"and column adds up", tvk_reread_frame_name(c->frame),
				c->printed);
		} else if (c->origin == ORIGIN_JOINED) {
			rep.kind = TVK_REPAIR_SPLIT_CELL;
			rep.evidence = "two tokens inside one column read as one "
				"count; the sums hold with it";
		} else if (c->origin == ORIGIN_PART) {
			rep.kind = TVK_REPAIR_GLUED_CELL;
			rep.evidence = tvk_arena_printf(arena, "one token spans two "
				"columns; cut at the column edge, '%s' is this "
				"column's part and the sums hold", c->printed);
		} else if (c->form != TVK_FORM_PLAIN) {
			rep.kind = TVK_REPAIR_NUMBER_FORMAT;
			rep.evidence = tvk_number_form_name(c->form);
		} else {
			continue;
		}
		tvk_repair_log_add(&ctx->rd->repairs, arena, &rep);
	}
}

static void apply_change(struct read_ctx *ctx, const struct change *c)
{
	struct tvk_arena *arena = ctx->arena;
	struct tvk_cell *cell = &reading_at(ctx, c->row)->cells[c->field];
	bool was_empty = cell->state == TVK_CELL_EMPTY;
	struct tvk_repair r = {
		.subject = tvk_reading_subject(ctx->t, ctx->rd, c->row),
		.field = tvk_field_name((enum tvk_field)c->field),
		.printed = cell->printed, .has_value = true, .value = c->to,
		.row = c->row, .field_index = c->field,
	};
	switch (c->kind) {
	case CHANGE_INFERRED:
		r.kind = was_empty ? TVK_REPAIR_MISSING_CELL : TVK_REPAIR_WRONG_CELL;
		r.evidence = c->by_column ?
			tvk_arena_printf(arena, "its column sum leaves %lld; "
				"with it and the row's other repairs, the row adds "
				"up", (long long)c->to) :
			c->column_confirms ?
			tvk_arena_printf(arena, "row sum and column sum both "
				"leave %lld", (long long)c->to) :
			tvk_arena_printf(arena, "the row sum leaves %lld; with "
				"it and the other repairs of the column, the "
				"column adds up", (long long)c->to);
		cell->state = TVK_CELL_INFERRED;
		break;
	case CHANGE_ALTERNATIVE:
		r.kind = TVK_REPAIR_MISREAD;
		r.evidence = tvk_arena_printf(arena, "'%s' may also be read as "
			"%lld, and its row and its column both need %+lld",
			cell->printed, (long long)c->to,
			(long long)(c->to - c->from));
		cell->state = TVK_CELL_CORRECTED;
		break;
	case CHANGE_OVERRIDE:
		r.kind = TVK_REPAIR_WRONG_CELL;
		r.evidence = tvk_arena_printf(arena, "read as %lld, its row and "
			"its column both fail and both need %+lld; no other cell "
			"fixes both", (long long)c->from,
			(long long)(c->to - c->from));
		cell->state = TVK_CELL_CORRECTED;
		break;
	}
	cell->value = c->to;
	tvk_repair_log_add(&ctx->rd->repairs, arena, &r);
}

/* "Zaanstad total 1404 → 1440, Oostzaan ..." for an ambiguity report. */
static const char *describe(struct read_ctx *ctx, const struct solution *s,
		const struct row_reading *const *readings)
{
	const struct tvk_table *t = ctx->t;
	char buf[512];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t r = 0; r <= t->n_rows && len < sizeof(buf) - 1; r++) {
		if (s->reading[r] == 0)
			continue;
		const struct row_reading *rr = &readings[r][s->reading[r]];
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s read as",
			len ? "; " : "", tvk_reading_subject(t, ctx->rd, r));
		for (int f = 0; f < TVK_N_FIELDS && len < sizeof(buf) - 1; f++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s",
				rr->cell[f].origin == ORIGIN_NONE ? "_" :
				rr->cell[f].printed);
	}
	for (size_t i = 0; i < s->n_changes && len < sizeof(buf) - 1; i++) {
		const struct change *c = &s->changes[i];
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			"%s%s %s = %lld", len ? "; " : "",
			tvk_reading_subject(t, ctx->rd, c->row),
			tvk_field_name((enum tvk_field)c->field), (long long)c->to);
	}
	return tvk_arena_strdup(ctx->arena, len ? buf :
		"the numbers as printed");
}

static bool cell_known(const struct cell_reading *c)
{
	return c->origin != ORIGIN_NONE && c->form != TVK_FORM_NONE;
}

/*
 * The cells the sums point at in the rows' first readings (what the
 * geometry reads as printed): where a row that does not add up crosses a
 * column that does not, and every cell read as nothing (or only from the
 * page image).  Only these may
 * change (solve.c): a cell whose row or column holds as read is pinned
 * by it, whatever else could be read there.
 */
static bool *eligible_cells(const struct tvk_table *t,
		struct row_reading *const *readings, struct tvk_arena *arena)
{
	size_t rows = t->n_rows + 1;
	bool *out = tvk_arena_array(arena, rows * TVK_N_FIELDS, sizeof(*out));
	bool *row_fails = tvk_xcalloc(rows, sizeof(*row_fails));
	bool col_fails[TVK_N_FIELDS] = {false};
	int64_t col_sum[TVK_N_FIELDS] = {0};
	for (size_t r = 0; r < rows; r++) {
		int64_t v[TVK_N_FIELDS], rho;
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			const struct cell_reading *c = &readings[r][0].cell[f];
			bool known = cell_known(c);
			v[f] = known ? c->value : 0;
			row_fails[r] = row_fails[r] || !known;
			col_fails[f] = col_fails[f] || !known;
			if (r < t->n_rows && !tvk_add_checked(col_sum[f], v[f],
					&col_sum[f]))
				col_fails[f] = true;
			else if (r == t->n_rows)
				col_fails[f] = col_fails[f] || col_sum[f] != v[f];
		}
		if (!tvk_row_residual(v, &rho) || rho != 0)
			row_fails[r] = true;
	}
	for (size_t r = 0; r < rows; r++)
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			/* a cell only the image shows was lost as printed */
			const struct cell_reading *c = &readings[r][0].cell[f];
			out[r * TVK_N_FIELDS + (size_t)f] = !cell_known(c) ||
				c->origin == ORIGIN_REREAD ||
				(row_fails[r] && col_fails[f]);
		}
	free(row_fails);
	return out;
}

/* Keeps, of a row's @n readings, its first and those that differ from it
 * only in @eligible cells; returns how many. */
static size_t keep_eligible(struct row_reading *readings, size_t n,
		const bool *eligible)
{
	size_t kept = 1;
	for (size_t k = 1; k < n; k++) {
		bool ok = true;
		for (int f = 0; f < TVK_N_FIELDS && ok; f++) {
			const struct cell_reading *a = &readings[0].cell[f];
			const struct cell_reading *b = &readings[k].cell[f];
			bool same = cell_known(a) == cell_known(b) &&
				(!cell_known(a) || a->value == b->value);
			ok = same || eligible[f];
		}
		if (ok)
			readings[kept++] = readings[k];
	}
	return kept;
}

/*
 * Reads every row in each plausible way and lets the sums choose: the
 * cheapest explanation that makes every row and column hold is applied
 * when it is the only one of its cost.  Otherwise the numbers stay as the
 * geometry reads them, and validate lists what fails.
 */
static void read_numbers(struct read_ctx *ctx)
{
	const struct tvk_table *t = ctx->t;
	struct tvk_arena *arena = ctx->arena;
	size_t rows = t->n_rows + 1;
	struct row_reading **readings = tvk_arena_array(arena, rows,
			sizeof(*readings));
	size_t *n_readings = tvk_arena_array(arena, rows, sizeof(*n_readings));
	double glyph = glyph_width(t);
	/* Room for every reading a row could have, once; each row keeps
	 * only the few it has. */
	struct row_reading *scratch = tvk_xmalloc(MAX_ROW_READINGS *
			sizeof(*scratch));
	for (size_t r = 0; r < rows; r++) {
		n_readings[r] = tvk_row_readings(row_at(t, r), ctx->rereads &&
				r < ctx->rereads->n_rows ?
				(const struct tvk_reread (*)[TVK_REREAD_FRAMES])
				ctx->rereads->cells[r] : NULL,
				t->column_right, glyph, arena, scratch);
		readings[r] = tvk_arena_array(arena, n_readings[r],
				sizeof(**readings));
		memcpy(readings[r], scratch, n_readings[r] * sizeof(*scratch));
	}
	free(scratch);
	if (!t->has_total || t->n_rows == 0 || t->kind != TVK_TABLE_REGION) {
		/* No column sums: each row as the geometry reads it. */
		for (size_t r = 0; r < rows; r++) {
			if (r == t->n_rows && !t->has_total)
				break;
			apply_reading(reading_at(ctx, r), &readings[r][0]);
			log_reading(ctx, r, &readings[r][0], NULL);
		}
		return;
	}

	bool *eligible = eligible_cells(t, readings, arena);
	for (size_t r = 0; r < rows; r++)
		n_readings[r] = keep_eligible(readings[r], n_readings[r],
			eligible + r * TVK_N_FIELDS);
	struct solve_input in = {
		.n_rows = t->n_rows, .readings = readings,
		.n_readings = n_readings, .eligible = eligible,
		/* With one municipality its row and Totaal AMR are the same
		 * numbers printed twice: a column "sum" is no independent
		 * evidence for overriding either. */
		.allow_override = t->n_rows >= 2,
	};
	struct solution best, rival;
	enum solve_result result = tvk_solve(&in, arena, &best, &rival);
	if (result == SOLVE_CONSISTENT || result == SOLVE_REPAIRED) {
		for (size_t r = 0; r < rows; r++) {
			const struct row_reading *chosen =
				&readings[r][best.reading[r]];
			apply_reading(reading_at(ctx, r), chosen);
			log_reading(ctx, r, chosen, &best);
		}
		for (size_t i = 0; i < best.n_changes; i++)
			apply_change(ctx, &best.changes[i]);
		return;
	}
	for (size_t r = 0; r < rows; r++) {
		apply_reading(reading_at(ctx, r), &readings[r][0]);
		log_reading(ctx, r, &readings[r][0], NULL);
	}
	if (result == SOLVE_AMBIGUOUS)
		tvk_problem_add(&ctx->rd->problems, arena, false,
			"ambiguous-repair", TVK_AT_TABLE, "two different repairs "
			"satisfy every sum equally well: %s, or %s; the numbers "
			"are left as printed",
			describe(ctx, &best,
				(const struct row_reading *const *)readings),
			describe(ctx, &rival,
				(const struct row_reading *const *)readings));
}

static void read_register(struct read_ctx *ctx)
{
	struct tvk_register *reg = &ctx->rd->target_group;
	const struct tvk_register_text *text = &ctx->t->register_text;
	if (text->unreadable) {
		reg->present = true;
		return;
	}
	if (!text->persons)
		return;
	reg->present = true;
	reg->printed_persons = text->persons;
	reg->printed_pct = text->pct;
	reg->persons_known = tvk_read_number(text->persons, &reg->persons) !=
		TVK_FORM_NONE;
	int64_t pct;
	if (text->pct && tvk_read_number(text->pct, &pct) != TVK_FORM_NONE &&
			pct <= 100) {
		reg->pct_known = true;
		reg->pct = (int)pct;
	}
}

const char *tvk_reading_subject(const struct tvk_table *t,
		const struct tvk_reading *reading, size_t r)
{
	const struct tvk_row *row = r < t->n_rows ? &t->rows[r] : &t->total;
	if (row->kind == TVK_ROW_TOTAL)
		return "Totaal AMR";
	if (row->kind == TVK_ROW_NATIONAL)
		return "Nederland";
	const struct tvk_row_reading *rr = tvk_reading_row(reading, t, r);
	if (rr->name && *rr->name)
		return rr->name;
	return row->lead && *row->lead ? row->lead : "(unnamed row)";
}

void tvk_repair_read(const struct tvk_table *t,
		const struct tvk_rereads *rereads, struct tvk_arena *arena,
		struct tvk_reading *out)
{
	memset(out, 0, sizeof(*out));
	out->rows = tvk_arena_array(arena, t->n_rows ? t->n_rows : 1,
		sizeof(*out->rows));
	struct read_ctx ctx = {t, rereads, out, arena};
	if (t->period.damaged)
		tvk_repair_log_add(&out->repairs, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_PERIOD, .subject = t->period.printed,
			.field = "period", .printed = t->period.printed,
			.text = tvk_arena_printf(arena, "%d-Q%d", t->period.year,
				t->period.quarter),
			.evidence = "the title's period read within a few edits",
			.row = TVK_NO_ROW, .field_index = TVK_NO_FIELD});
	/* A table without a quarter cannot be placed in the dataset. */
	if (t->period.year == 0)
		tvk_problem_add(&out->problems, arena, false, "period",
			TVK_AT_TABLE, "the quarter cannot be determined: no "
			"title names it");
	if (t->kind == TVK_TABLE_REGION) {
		tvk_read_region(&ctx);
		tvk_read_names(&ctx);
	}
	read_numbers(&ctx);
	if (t->kind == TVK_TABLE_REGION)
		read_register(&ctx);
}
