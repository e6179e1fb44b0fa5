/*
 * The arithmetic that pins repairs down.
 *
 * A table is a matrix: rows (the municipalities and Totaal AMR) whose four
 * parts add up to their total, and columns whose municipalities add up to
 * Totaal AMR.  Every cell sits in exactly one row sum and one column sum.
 * So a single wrong cell makes exactly one row and one column fail, by the
 * same amount, and the cell where they cross is the only one that can fix
 * both: its row and its column each pin its value, independently.
 *
 * The solver accepts changes only of that kind: each changed cell is the
 * only change in its row and in its column, and the value its row needs
 * equals the value its column needs.  Several such changes may be made in
 * one table, as long as the pairing of failing rows with failing columns
 * is unique.  An unreadable cell is the one exception: its place is known,
 * so its row alone gives its value, and its column only has to add up in
 * the end, with whatever other change the column needs pinned by its own
 * row.  Whatever does not fit — two wrong cells in one row, a wrong cell
 * hidden by a wrong total, two lost cells in one row, equal alternatives —
 * is no repair.
 *
 * Damaged strings may have several readings (numbers.c); the solver tries
 * combinations of readings too, and takes the cheapest explanation only
 * when no other explanation of the same cost gives different values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "model/model.h"
#include "repair/repair-internal.h"

/* More wrong cells than this in one table is not damage to repair. */
#define MAX_OVERRIDES 3
/* Combinations of row readings tried, at most. */
#define MAX_COMBINATIONS 4096

struct work {
	const struct solve_input *in;
	size_t rows;          /* n_rows + 1 */
	size_t total;         /* index of Totaal AMR: n_rows */
	size_t *reading;      /* current combination */
	int64_t *v;           /* rows * 5, unknown cells hold 0 */
	bool *unknown;
	int64_t *rho;         /* row residuals: total - parts */
	int64_t gamma[TVK_N_FIELDS]; /* column residuals: Totaal AMR - rows */
	int reading_cost;
	bool overflow;

	struct change changes[MAX_CHANGES];
	size_t n_changes;
	bool *row_used;
	bool col_used[TVK_N_FIELDS];
	bool *by_column_row; /* its lost cell given by its column */

	/* the best solutions so far */
	struct tvk_arena *arena;
	struct solution *best, *rival;
	bool have_best, have_rival;
	int64_t *best_values;
};

/* Whether cell (@r, @f) may change: see tvk_solve(). */
static bool eligible(const struct work *w, size_t r, int f)
{
	return w->in->eligible[r * TVK_N_FIELDS + (size_t)f];
}

static const struct cell_reading *cell_of(const struct work *w, size_t r, int f)
{
	return &w->in->readings[r][w->reading[r]].cell[f];
}

static int64_t *at(const struct work *w, size_t r, int f)
{
	return &w->v[r * TVK_N_FIELDS + (size_t)f];
}

/* Loads the current combination; computes the residuals. */
static void load(struct work *w)
{
	w->reading_cost = 0;
	w->overflow = false;
	for (size_t r = 0; r < w->rows; r++) {
		w->reading_cost += w->in->readings[r][w->reading[r]].cost;
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			const struct cell_reading *c = cell_of(w, r, f);
			bool known = c->origin != ORIGIN_NONE &&
				c->form != TVK_FORM_NONE;
			w->unknown[r * TVK_N_FIELDS + (size_t)f] = !known;
			*at(w, r, f) = known ? c->value : 0;
		}
	}
	for (size_t r = 0; r < w->rows; r++)
		w->overflow |= !tvk_row_residual(at(w, r, 0), &w->rho[r]);
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		int64_t sum = 0;
		for (size_t r = 0; r < w->total; r++)
			w->overflow |= !tvk_add_checked(sum, *at(w, r, f), &sum);
		w->gamma[f] = *at(w, w->total, f) - sum;
	}
}

/*
 * The change δ to cell (@r, @f) that its row needs and the one its column
 * needs.  A part raises its row's parts, a total its row's total; a
 * municipality raises its column's sum, Totaal AMR the column's total.
 */
static int64_t row_needs(const struct work *w, size_t r, int f)
{
	return f == TVK_TOTAL ? -w->rho[r] : w->rho[r];
}

static int64_t column_needs(const struct work *w, size_t r, int f)
{
	return r == w->total ? -w->gamma[f] : w->gamma[f];
}

static bool is_alternative(const struct cell_reading *c, int64_t value)
{
	for (size_t i = 0; i < c->n_alternatives; i++)
		if (c->alternatives[i] == value)
			return true;
	return false;
}

/*
 * Whether @b is one slip of OCR away from @a, read from @printed: one
 * digit changed, added or dropped, or two neighbouring digits swapped.
 * Zeros printed in front of @a count as its digits ("0.040" is one slip
 * from 1040).  When the sums need several counts changed, each must be
 * such a slip: three slips can mimic two changes, one of them far from
 * what is printed, and the sums cannot tell the two apart.  A single
 * changed count may be anything its row and its column agree on.
 */
static bool one_slip(const char *printed, int64_t a, int64_t b)
{
	char x[48], y[24];
	int zeros = 0;
	for (const char *p = printed ? printed : ""; *p && zeros < 20; p++) {
		if (*p == '0')
			zeros++;
		else if (*p >= '1' && *p <= '9')
			break;
	}
	if (a == 0 && zeros > 0)
		zeros--; /* the 0 of the value itself */
	int n = snprintf(x, sizeof(x), "%.*s%lld", zeros,
		"00000000000000000000", (long long)a);
	int m = snprintf(y, sizeof(y), "%lld", (long long)b);
	int i = 0;
	while (i < n && i < m && x[i] == y[i])
		i++;
	int j = 0; /* the common tail */
	while (j < n - i && j < m - i && x[n - 1 - j] == y[m - 1 - j])
		j++;
	int dx = n - i - j, dy = m - i - j; /* the differing middles */
	if (dx <= 1 && dy <= 1)
		return true; /* changed, added or dropped */
	return dx == 2 && dy == 2 && x[i] == y[i + 1] && x[i + 1] == y[i];
}

static int changes_cost(const struct work *w)
{
	int cost = 0;
	for (size_t i = 0; i < w->n_changes; i++)
		cost += w->changes[i].kind == CHANGE_ALTERNATIVE ? COST_ALTERNATIVE :
			w->changes[i].kind == CHANGE_OVERRIDE ? COST_OVERRIDE : 0;
	return cost;
}

/* The final values with the current changes applied, into @out. */
static void final_values(const struct work *w, int64_t *out)
{
	memcpy(out, w->v, w->rows * TVK_N_FIELDS * sizeof(*out));
	for (size_t i = 0; i < w->n_changes; i++) {
		const struct change *c = &w->changes[i];
		out[c->row * TVK_N_FIELDS + (size_t)c->field] = c->to;
	}
}

static void keep(const struct work *w, struct solution *s, const int64_t *values)
{
	s->reading = tvk_arena_array(w->arena, w->rows, sizeof(*s->reading));
	memcpy(s->reading, w->reading, w->rows * sizeof(*s->reading));
	s->values = tvk_arena_array(w->arena, w->rows * TVK_N_FIELDS,
			sizeof(*s->values));
	memcpy(s->values, values, w->rows * TVK_N_FIELDS * sizeof(*values));
	memcpy(s->changes, w->changes, w->n_changes * sizeof(*w->changes));
	s->n_changes = w->n_changes;
	s->cost = w->reading_cost + changes_cost(w);
}

/* Whether more than one count is changed and one of them is changed
 * further than one slip of OCR away from what is printed. */
static bool far_fetched(const struct work *w)
{
	size_t overrides = 0, far = 0;
	for (size_t i = 0; i < w->n_changes; i++) {
		const struct change *c = &w->changes[i];
		if (c->kind != CHANGE_OVERRIDE)
			continue;
		overrides++;
		far += !one_slip(cell_of(w, c->row, c->field)->printed,
			c->from, c->to);
	}
	return overrides > 1 && far > 0;
}

/*
 * A complete explanation.  The sums pin a reading down only when it is
 * the only one that closes them: changes that cancel round a rectangle
 * of cells leave every sum intact, so a reading of the image that says
 * 100 where the layer says 109, with one that says 7 for 16 two rows
 * down, may close every sum as well as the layer's own values do with
 * other cells changed, and nothing but a guess tells them apart — not
 * which takes more readings of the image, nor which changes fewer
 * counts.  So every other complete explanation with other values is a
 * rival, whatever it costs, plausible or far-fetched, and with a rival
 * the table is not repaired.  Among explanations with the same values
 * the cheapest is kept, for the log; of two with different values, the
 * cheaper is reported first.
 */
static void offer(struct work *w)
{
	bool far = far_fetched(w);
	int cost = w->reading_cost + changes_cost(w);
	size_t n = w->rows * TVK_N_FIELDS;
	int64_t *values = tvk_xmalloc(n * sizeof(*values));
	final_values(w, values);
	if (!w->have_best) {
		keep(w, w->best, values);
		w->best->far_fetched = far;
		w->best_values = w->best->values;
		w->have_best = true;
	} else if (memcmp(values, w->best_values, n * sizeof(*values)) == 0) {
		if (cost < w->best->cost) {
			keep(w, w->best, values);
			w->best->far_fetched = far;
			w->best_values = w->best->values;
		}
	} else if (cost < w->best->cost) {
		*w->rival = *w->best;
		w->have_rival = true;
		keep(w, w->best, values);
		w->best->far_fetched = far;
		w->best_values = w->best->values;
	} else if (!w->have_rival || cost < w->rival->cost) {
		keep(w, w->rival, values);
		w->rival->far_fetched = far;
		w->have_rival = true;
	}
	free(values);
}

static void push(struct work *w, size_t r, int f, enum change_kind kind,
		int64_t delta)
{
	int64_t from = *at(w, r, f);
	w->changes[w->n_changes++] = (struct change){.row = r, .field = f,
		.kind = kind, .from = from, .to = from + delta};
	w->row_used[r] = true;
	w->col_used[f] = true;
}

static void pop(struct work *w)
{
	const struct change *c = &w->changes[--w->n_changes];
	w->row_used[c->row] = false;
	w->col_used[c->field] = false;
}

/*
 * Pairs the failing rows, from @r on, with failing columns through one
 * readable cell each: the cell whose row and column need the same change.
 */
static void match_rows(struct work *w, size_t r, size_t overrides)
{
	while (r < w->rows && (w->row_used[r] || w->rho[r] == 0))
		r++;
	if (r == w->rows) {
		for (int f = 0; f < TVK_N_FIELDS; f++)
			if (!w->col_used[f] && w->gamma[f] != 0)
				return; /* a failing column left over */
		offer(w);
		return;
	}
	if (!w->in->allow_override || overrides == MAX_OVERRIDES ||
			w->n_changes == MAX_CHANGES)
		return;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		if (w->col_used[f] || w->gamma[f] == 0 || !eligible(w, r, f))
			continue;
		int64_t delta = row_needs(w, r, f);
		if (delta != column_needs(w, r, f) || *at(w, r, f) + delta < 0)
			continue;
		/* Beside a cell its column gave, only a part one slip from
		 * what is printed: a wrong part and its total misread alike
		 * in another row of that column (which no sum sees) would
		 * otherwise pass for a wrong total here. */
		if (w->by_column_row[r] && (f == TVK_TOTAL || !one_slip(
				cell_of(w, r, f)->printed, *at(w, r, f),
				*at(w, r, f) + delta)))
			continue;
		bool alt = is_alternative(cell_of(w, r, f), *at(w, r, f) + delta);
		push(w, r, f, alt ? CHANGE_ALTERNATIVE : CHANGE_OVERRIDE, delta);
		match_rows(w, r + 1, overrides + 1);
		pop(w);
	}
}

/*
 * Several unreadable cells in one row: its sum cannot give them, but each
 * column that has no other unknown cell can — and the row then checks
 * every value so found: it must add up exactly, with no change of its
 * own.  A wrong cell in one of those columns would put its error into the
 * inferred value and make the row fail, so nothing wrong slips through.
 */
static bool infer_by_columns(struct work *w, size_t r, const int *in_column)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		if (!w->unknown[r * TVK_N_FIELDS + (size_t)f])
			continue;
		if (in_column[f] != 1 || w->col_used[f] ||
				w->n_changes == MAX_CHANGES || !eligible(w, r, f))
			return false;
		int64_t delta = column_needs(w, r, f);
		if (delta < 0)
			return false;
		push(w, r, f, CHANGE_INFERRED, delta);
		w->changes[w->n_changes - 1].by_column = true;
		w->gamma[f] += r == w->total ? delta : -delta;
		w->rho[r] += f == TVK_TOTAL ? delta : -delta;
	}
	return w->rho[r] == 0;
}

/*
 * Unreadable cells first, row by row from @r, then the changes the sums
 * still need (match_rows).  Each unreadable cell alone in its row gets the
 * value its row leaves.  When its column leaves the same value, the cell
 * is pinned twice and its column takes no other change; when not, the
 * column's sum checks the value later: what the column still misses must
 * be one other change in it, pinned by its own row like any other.  And
 * when the cell is also alone in its column, the column may give it
 * instead, leaving the row to one wrong cell of its own — pinned, like
 * any, by its row and its column (a lost cell and a misread one in one
 * row, each in a column of its own).  Both ways are tried; the sums keep
 * what holds.
 */
/* What inference and matching change in the work, to be put back. */
struct saved {
	int64_t gamma[TVK_N_FIELDS];
	bool col_used[TVK_N_FIELDS];
	size_t n_changes;
	int64_t *rho;
	bool *row_used, *by_column_row;
};

static void save(const struct work *w, struct saved *sv)
{
	memcpy(sv->gamma, w->gamma, sizeof(sv->gamma));
	memcpy(sv->col_used, w->col_used, sizeof(sv->col_used));
	sv->n_changes = w->n_changes;
	sv->rho = tvk_xmalloc(w->rows * sizeof(*sv->rho));
	memcpy(sv->rho, w->rho, w->rows * sizeof(*sv->rho));
	sv->row_used = tvk_xmalloc(2 * w->rows * sizeof(*sv->row_used));
	memcpy(sv->row_used, w->row_used, w->rows * sizeof(*sv->row_used));
	sv->by_column_row = sv->row_used + w->rows;
	memcpy(sv->by_column_row, w->by_column_row,
		w->rows * sizeof(*sv->by_column_row));
}

static void restore(struct work *w, struct saved *sv)
{
	memcpy(w->gamma, sv->gamma, sizeof(sv->gamma));
	memcpy(w->col_used, sv->col_used, sizeof(sv->col_used));
	w->n_changes = sv->n_changes;
	memcpy(w->rho, sv->rho, w->rows * sizeof(*sv->rho));
	memcpy(w->row_used, sv->row_used, w->rows * sizeof(*sv->row_used));
	memcpy(w->by_column_row, sv->by_column_row,
		w->rows * sizeof(*sv->by_column_row));
	free(sv->rho);
	free(sv->row_used);
}

static void infer_from(struct work *w, size_t r, const int *in_column)
{
	for (; r < w->rows; r++) {
		int unknowns = 0, f_unknown = 0;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			if (w->unknown[r * TVK_N_FIELDS + (size_t)f]) {
				unknowns++;
				f_unknown = f;
			}
		if (unknowns == 0)
			continue;
		if (unknowns > 1) {
			if (!infer_by_columns(w, r, in_column))
				return;
			continue;
		}
		int f = f_unknown;
		int64_t delta = row_needs(w, r, f);
		int64_t by_column = column_needs(w, r, f);
		if (w->n_changes == MAX_CHANGES || !eligible(w, r, f))
			return;
		if (f != TVK_TOTAL && in_column[f] == 1 && by_column >= 0 &&
				by_column != delta && !w->col_used[f]) {
			/* the column's way, as a branch of its own; the
			 * rows after it change the state, which is put back
			 * for the row's way */
			struct saved sv;
			save(w, &sv);
			size_t n = w->n_changes;
			push(w, r, f, CHANGE_INFERRED, by_column);
			w->changes[n].by_column = true;
			w->row_used[r] = false;
			w->gamma[f] += r == w->total ? by_column : -by_column;
			w->rho[r] += f == TVK_TOTAL ? by_column : -by_column;
			w->by_column_row[r] = true;
			infer_from(w, r + 1, in_column);
			restore(w, &sv);
		}
		if (delta < 0)
			return;
		bool twice = in_column[f] == 1 && delta == by_column;
		push(w, r, f, CHANGE_INFERRED, delta);
		w->changes[w->n_changes - 1].column_confirms = twice;
		w->col_used[f] = twice;
		w->gamma[f] += r == w->total ? delta : -delta;
	}
	match_rows(w, 0, 0);
}

/* Every explanation of the current combination of readings. */
static void explain(struct work *w)
{
	load(w);
	if (w->overflow)
		return;
	memset(w->row_used, 0, w->rows * sizeof(*w->row_used));
	memset(w->col_used, 0, sizeof(w->col_used));
	w->n_changes = 0;
	int in_column[TVK_N_FIELDS] = {0};
	for (size_t r = 0; r < w->rows; r++)
		for (int f = 0; f < TVK_N_FIELDS; f++)
			in_column[f] += w->unknown[r * TVK_N_FIELDS + (size_t)f];
	infer_from(w, 0, in_column);
}

/* The next combination in odometer order; false after the last. */
static bool next_combination(struct work *w)
{
	for (size_t r = 0; r < w->rows; r++) {
		if (++w->reading[r] < w->in->n_readings[r])
			return true;
		w->reading[r] = 0;
	}
	return false;
}

/* Combinations with at most @depth rows away from the current one, for
 * tables whose full product is too large. */
static void vary(struct work *w, size_t from, int depth)
{
	explain(w);
	if (depth == 0)
		return;
	for (size_t r = from; r < w->rows; r++) {
		size_t was = w->reading[r];
		for (size_t k = 0; k < w->in->n_readings[r]; k++) {
			if (k == was)
				continue;
			w->reading[r] = k;
			vary(w, r + 1, depth - 1);
		}
		w->reading[r] = was;
	}
}

/* Whether reading @k of row @r adds up on its own: every count read and
 * the parts giving the total, or one count lost that the others give
 * (not below zero). */
static bool row_holds(const struct work *w, size_t r, size_t k)
{
	const struct row_reading *rd = &w->in->readings[r][k];
	int64_t v[TVK_N_FIELDS];
	int n_unknown = 0, unknown = 0;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct cell_reading *c = &rd->cell[f];
		bool known = c->origin != ORIGIN_NONE && c->form != TVK_FORM_NONE;
		v[f] = known ? c->value : 0;
		if (!known) {
			n_unknown++;
			unknown = f;
		}
	}
	int64_t rho;
	if (n_unknown > 1 || !tvk_row_residual(v, &rho))
		return false;
	if (n_unknown == 0)
		return rho == 0;
	return (unknown == TVK_TOTAL ? -rho : rho) >= 0;
}

/*
 * Sets every row to its cheapest reading that adds up on its own (the
 * first of them when several cost the same), a row with none to its
 * first; false when that is every row's first.  A table the second look
 * read again has many rows with several readings, and more of them away
 * from their first than vary() reaches: from here, it need only reach the
 * rows whose own best is not the table's.
 */
static bool start_from_rows(struct work *w)
{
	bool moved = false;
	for (size_t r = 0; r < w->rows; r++) {
		size_t best = 0;
		bool found = false;
		for (size_t k = 0; k < w->in->n_readings[r]; k++)
			if (row_holds(w, r, k) && (!found ||
					w->in->readings[r][k].cost <
					w->in->readings[r][best].cost)) {
				best = k;
				found = true;
			}
		w->reading[r] = best;
		moved = moved || best != 0;
	}
	return moved;
}

enum solve_result tvk_solve(const struct solve_input *in,
		struct tvk_arena *arena, struct solution *best,
		struct solution *rival)
{
	struct work w = {.in = in, .rows = in->n_rows + 1, .total = in->n_rows,
		.arena = arena, .best = best, .rival = rival};
	memset(best, 0, sizeof(*best));
	memset(rival, 0, sizeof(*rival));
	w.reading = tvk_xcalloc(w.rows, sizeof(*w.reading));
	w.v = tvk_xcalloc(w.rows * TVK_N_FIELDS, sizeof(*w.v));
	w.unknown = tvk_xcalloc(w.rows * TVK_N_FIELDS, sizeof(*w.unknown));
	w.rho = tvk_xcalloc(w.rows, sizeof(*w.rho));
	w.row_used = tvk_xcalloc(w.rows, sizeof(*w.row_used));
	w.by_column_row = tvk_xcalloc(w.rows, sizeof(*w.by_column_row));

	size_t product = 1;
	for (size_t r = 0; r < w.rows && product <= MAX_COMBINATIONS; r++)
		product *= in->n_readings[r] ? in->n_readings[r] : 1;
	if (product <= MAX_COMBINATIONS) {
		do
			explain(&w);
		while (next_combination(&w));
	} else {
		vary(&w, 0, 2);
		if (start_from_rows(&w))
			vary(&w, 0, 2);
	}

	enum solve_result result;
	if (!w.have_best)
		result = SOLVE_NONE;
	else if (w.have_rival)
		result = SOLVE_AMBIGUOUS;
	else if (best->far_fetched)
		result = SOLVE_NONE; /* the only explanation is not a slip */
	else if (best->cost == 0 && best->n_changes == 0)
		result = SOLVE_CONSISTENT;
	else
		result = SOLVE_REPAIRED;

	free(w.reading);
	free(w.v);
	free(w.unknown);
	free(w.rho);
	free(w.row_used);
	free(w.by_column_row);
	return result;
}
