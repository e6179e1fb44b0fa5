/*
 * The table stage: a walk over the lexed lines of a document that cuts
 * them into tables and assigns every number to its column by geometry.
 *
 * A table is the run of rows from the first municipality row after a
 * title up to its "Totaal AMR" row.  Lines without numbers are kept as
 * asides with their position — before the body (a region label on a line
 * of its own), inside it (a wrapped name, a label fragment) or after the
 * total (the 2020 sheets print the label there, and the register sentence
 * follows every table) — for the repair stage to interpret.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/table.h>

#include "util.h"

/* A lexeme that may belong to the next table: kept until it starts. */
struct pending {
	const struct tvk_lexeme **items;
	size_t n, cap;
};

enum state {
	OUTSIDE, /* no table open */
	BODY,    /* rows are coming */
	AFTER,   /* Totaal AMR seen; label and register sentence may follow */
};

struct builder {
	struct tvk_arena *arena;
	struct tvk_lexer *lexer;
	struct tvk_table *tables;
	size_t n_tables, cap_tables;

	struct tvk_period period;
	const char *title_region;
	const char *title_next;

	enum state state;
	struct tvk_table current; /* the table under construction */
	struct tvk_row *rows;
	size_t n_rows, cap_rows;
	struct tvk_aside *asides;
	size_t n_asides, cap_asides;
	int total_page;

	struct pending pending;
};

const char *tvk_field_name(enum tvk_field field)
{
	static const char *const names[TVK_N_FIELDS] = {
		"municipal_with_profile", "municipal_without_profile",
		"uwv_with_profile", "uwv_without_profile", "total",
	};
	return field < TVK_N_FIELDS ? names[field] : "unknown";
}

const char *tvk_text_layer_name(enum tvk_text_layer layer)
{
	switch (layer) {
	case TVK_LAYER_NONE: return "none";
	case TVK_LAYER_PDF: return "pdf";
	case TVK_LAYER_OCR: return "ocr";
	}
	return "unknown";
}

const char *tvk_status_name(enum tvk_status status)
{
	switch (status) {
	case TVK_STATUS_VALID: return "valid";
	case TVK_STATUS_REPAIRED: return "repaired";
	case TVK_STATUS_INVALID: return "invalid";
	}
	return "unknown";
}

const char *tvk_repair_kind_name(enum tvk_repair_kind kind)
{
	switch (kind) {
	case TVK_REPAIR_NUMBER_FORMAT: return "number-format";
	case TVK_REPAIR_MISSING_CELL: return "missing-cell";
	case TVK_REPAIR_WRONG_CELL: return "wrong-cell";
	case TVK_REPAIR_MISREAD: return "misread";
	case TVK_REPAIR_SPLIT_CELL: return "split-cell";
	case TVK_REPAIR_GLUED_CELL: return "glued-cell";
	case TVK_REPAIR_NAME: return "name";
	case TVK_REPAIR_NAME_JOIN: return "name-join";
	case TVK_REPAIR_LABEL_FRAGMENT: return "label-fragment";
	case TVK_REPAIR_REGION: return "region";
	case TVK_REPAIR_PERIOD: return "period";
	}
	return "unknown";
}

bool tvk_repair_kind_changes_count(enum tvk_repair_kind kind)
{
	return kind == TVK_REPAIR_MISSING_CELL || kind == TVK_REPAIR_WRONG_CELL ||
		kind == TVK_REPAIR_MISREAD || kind == TVK_REPAIR_SPLIT_CELL ||
		kind == TVK_REPAIR_GLUED_CELL;
}

static void reset_row(struct tvk_row *row)
{
	row->name = NULL;
	row->municipality = NULL;
	row->match = TVK_MATCH_NONE;
	memset(row->cells, 0, sizeof(row->cells));
}

void tvk_table_reset(struct tvk_table *t)
{
	t->region = 0;
	t->region_printed = NULL;
	for (size_t i = 0; i < t->n_rows; i++)
		reset_row(&t->rows[i]);
	if (t->has_total)
		reset_row(&t->total);
	memset(&t->target_group, 0, sizeof(t->target_group));
	t->n_repairs = 0;
	t->n_problems = 0;
	t->status = TVK_STATUS_VALID;
}

const char *tvk_row_subject(const struct tvk_row *row)
{
	if (row->kind == TVK_ROW_TOTAL)
		return "Totaal AMR";
	if (row->kind == TVK_ROW_NATIONAL)
		return "Nederland";
	if (row->name && *row->name)
		return row->name;
	return row->lead && *row->lead ? row->lead : "(unnamed row)";
}

void tvk_table_add_repair(struct tvk_table *table, struct tvk_arena *arena,
		const struct tvk_repair *repair)
{
	if (table->n_repairs == table->cap_repairs) {
		size_t cap = table->cap_repairs ? 2 * table->cap_repairs : 8;
		struct tvk_repair *r = tvk_arena_array(arena, cap, sizeof(*r));
		if (table->n_repairs)
			memcpy(r, table->repairs,
				table->n_repairs * sizeof(*r));
		table->repairs = r;
		table->cap_repairs = cap;
	}
	struct tvk_repair *r = &table->repairs[table->n_repairs++];
	*r = *repair;
	r->subject = tvk_arena_strdup(arena, repair->subject);
	r->field = tvk_arena_strdup(arena, repair->field);
	r->printed = tvk_arena_strdup(arena, repair->printed);
	r->text = tvk_arena_strdup(arena, repair->text);
	r->evidence = tvk_arena_strdup(arena, repair->evidence);
}

static void add_problem(struct tvk_table *table, struct tvk_arena *arena,
		bool warning, const char *check, const char *subject,
		const char *field, const char *fmt, va_list ap)
		__attribute__((format(printf, 7, 0)));

static void add_problem(struct tvk_table *table, struct tvk_arena *arena,
		bool warning, const char *check, const char *subject,
		const char *field, const char *fmt, va_list ap)
{
	if (!fmt)
		fmt = "";
	if (table->n_problems == table->cap_problems) {
		size_t cap = table->cap_problems ? 2 * table->cap_problems : 8;
		struct tvk_problem *p = tvk_arena_array(arena, cap, sizeof(*p));
		if (table->n_problems)
			memcpy(p, table->problems,
				table->n_problems * sizeof(*p));
		table->problems = p;
		table->cap_problems = cap;
	}
	char probe[1];
	va_list copy;
	va_copy(copy, ap);
	int len = vsnprintf(probe, sizeof(probe), fmt, copy);
	va_end(copy);
	char *message = tvk_arena_alloc(arena, len > 0 ? (size_t)len + 1 : 1);
	if (len > 0)
		vsnprintf(message, (size_t)len + 1, fmt, ap);
	table->problems[table->n_problems++] = (struct tvk_problem){
		warning, tvk_arena_strdup(arena, check),
		tvk_arena_strdup(arena, subject),
		tvk_arena_strdup(arena, field), message,
	};
}

void tvk_table_add_problem(struct tvk_table *table, struct tvk_arena *arena,
		const char *check, const char *subject, const char *field,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_problem(table, arena, false, check, subject, field, fmt, ap);
	va_end(ap);
}

void tvk_table_add_warning(struct tvk_table *table, struct tvk_arena *arena,
		const char *check, const char *subject, const char *field,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_problem(table, arena, true, check, subject, field, fmt, ap);
	va_end(ap);
}

bool tvk_table_has_errors(const struct tvk_table *table)
{
	for (size_t i = 0; i < table->n_problems; i++)
		if (!table->problems[i].warning)
			return true;
	return false;
}

/* ---- column geometry -------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * The right edges of the five number columns: the publication right-aligns
 * its numbers, so the right edges of one column agree to a fraction of a
 * point.  Rows that print all five numbers give the edges directly (the
 * median per position, robust to one misplaced row).  Returns false when
 * no row has five numbers.
 */
static bool find_columns(const struct tvk_row *rows, size_t n,
		const struct tvk_row *total, double right[TVK_N_FIELDS])
{
	size_t cap = n + 1, m = 0;
	double *edges = tvk_xmalloc(cap * TVK_N_FIELDS * sizeof(*edges));
	for (size_t i = 0; i <= n; i++) {
		const struct tvk_row *r = i < n ? &rows[i] : total;
		if (!r || r->n_numbers != TVK_N_FIELDS)
			continue;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			edges[f * cap + m] = r->numbers[f].box.x1;
		m++;
	}
	if (m == 0) {
		free(edges);
		return false;
	}
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		qsort(edges + f * cap, m, sizeof(*edges), cmp_double);
		right[f] = edges[f * cap + m / 2];
	}
	free(edges);
	return true;
}

/*
 * Places @n number tokens (x order) in the five columns: the increasing
 * assignment with the least total distance between each token's right edge
 * and its column's.  With at most five tokens there are at most 32 ways;
 * trying them all is simpler than being clever.  Returns false when a
 * token is further than @tolerance from its column: the row does not fit
 * the table's geometry.
 */
static bool place_numbers(const struct tvk_token *tokens, size_t n,
		const double right[TVK_N_FIELDS], double tolerance,
		int slot[TVK_N_FIELDS])
{
	if (n > TVK_N_FIELDS)
		return false;
	double best = INFINITY;
	int best_mask = -1;
	for (int mask = 0; mask < (1 << TVK_N_FIELDS); mask++) {
		if ((size_t)__builtin_popcount((unsigned)mask) != n)
			continue;
		double cost = 0;
		bool fits = true;
		size_t t = 0;
		for (int f = 0; f < TVK_N_FIELDS && fits; f++) {
			if (!(mask & (1 << f)))
				continue;
			double d = fabs(tokens[t++].box.x1 - right[f]);
			fits = d <= tolerance;
			cost += d;
		}
		if (fits && cost < best) {
			best = cost;
			best_mask = mask;
		}
	}
	if (best_mask < 0)
		return false;
	size_t t = 0;
	for (int f = 0; f < TVK_N_FIELDS; f++)
		slot[f] = (best_mask & (1 << f)) ? (int)t++ : -1;
	return true;
}

static void set_cells(struct tvk_row *row, const int slot[TVK_N_FIELDS])
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		struct tvk_cell *c = &row->cells[f];
		memset(c, 0, sizeof(*c));
		if (slot[f] < 0) {
			c->state = TVK_CELL_EMPTY;
			continue;
		}
		const struct tvk_token *t = &row->numbers[slot[f]];
		c->state = TVK_CELL_PRINTED;
		c->printed = t->text;
		c->box = t->box;
	}
}

/* A typical glyph width of the table, for tolerances. */
static double glyph_width(const struct tvk_row *rows, size_t n)
{
	double w = 0;
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < rows[i].n_numbers; k++) {
			const struct tvk_token *t = &rows[i].numbers[k];
			w += t->box.x1 - t->box.x0;
			chars += strlen(t->text);
		}
	return chars ? w / (double)chars : 5.0;
}

/*
 * Rows whose numbers do not fit the columns keep them in print order,
 * aligned to the right (the total is the column least often lost), and
 * are left to the repair stage with the rest of the evidence.
 */
static void assign_row(struct tvk_row *row, const double right[TVK_N_FIELDS],
		bool have_columns, double tolerance)
{
	int slot[TVK_N_FIELDS];
	if (row->n_numbers == TVK_N_FIELDS ||
			!have_columns ||
			!place_numbers(row->numbers, row->n_numbers, right,
				tolerance, slot)) {
		size_t n = row->n_numbers;
		size_t skip = n >= TVK_N_FIELDS ? 0 : TVK_N_FIELDS - n;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			slot[f] = (size_t)f < skip ? -1 : (int)((size_t)f - skip);
		if (n > TVK_N_FIELDS)
			for (int f = 0; f < TVK_N_FIELDS; f++)
				slot[f] = -1;
	}
	set_cells(row, slot);
}

static void assign_columns(struct tvk_table *t)
{
	t->column_right[0] = NAN;
	bool have = find_columns(t->rows, t->n_rows,
			t->has_total ? &t->total : NULL, t->column_right);
	double tolerance = 2.5 * glyph_width(t->rows, t->n_rows);
	for (size_t i = 0; i < t->n_rows; i++)
		assign_row(&t->rows[i], t->column_right, have, tolerance);
	if (t->has_total)
		assign_row(&t->total, t->column_right, have, tolerance);
	if (!have)
		for (int f = 0; f < TVK_N_FIELDS; f++)
			t->column_right[f] = 0;
}

/* ---- building --------------------------------------------------------- */

static void row_from(struct builder *b, const struct tvk_lexeme *lx,
		enum tvk_row_kind kind, struct tvk_row *row)
{
	memset(row, 0, sizeof(*row));
	row->kind = kind;
	row->page = lx->line->page;
	row->box = lx->line->box;
	row->lead_tokens = lx->tokens;
	row->n_lead_tokens = lx->n_lead;
	row->numbers = lx->tokens + lx->n_lead;
	row->n_numbers = lx->n_tokens - lx->n_lead;
	size_t len = 0;
	for (size_t i = 0; i < lx->n_lead; i++)
		len += strlen(lx->tokens[i].text) + 1;
	char *lead = tvk_arena_alloc(b->arena, len + 1);
	char *p = lead;
	for (size_t i = 0; i < lx->n_lead; i++) {
		if (i)
			*p++ = ' ';
		size_t l = strlen(lx->tokens[i].text);
		memcpy(p, lx->tokens[i].text, l);
		p += l;
	}
	*p = '\0';
	row->lead = lead;
}

static void push_table(struct builder *b, const struct tvk_table *t)
{
	tvk_grow((void **)&b->tables, &b->cap_tables, b->n_tables + 1,
			sizeof(*b->tables));
	b->tables[b->n_tables++] = *t;
}

static void add_aside(struct builder *b, const struct tvk_lexeme *lx,
		bool after_total)
{
	tvk_grow((void **)&b->asides, &b->cap_asides, b->n_asides + 1,
			sizeof(*b->asides));
	b->asides[b->n_asides++] = (struct tvk_aside){lx, b->n_rows,
		after_total};
}

/* The register sentence is searched in every line around the table. */
static void find_register(struct builder *b, struct tvk_table *t)
{
	size_t len = 0;
	for (size_t i = 0; i < t->n_asides; i++)
		len += strlen(t->asides[i].lexeme->line->text) + 1;
	if (len == 0)
		return;
	char *text = tvk_xmalloc(len + 1);
	char *p = text;
	for (size_t i = 0; i < t->n_asides; i++) {
		const char *s = t->asides[i].lexeme->line->text;
		size_t l = strlen(s);
		memcpy(p, s, l);
		p += l;
		*p++ = ' ';
	}
	*p = '\0';
	tvk_lex_register(b->lexer, text, b->arena, &t->register_text);
	free(text);
}

static void start_table(struct builder *b, int page)
{
	memset(&b->current, 0, sizeof(b->current));
	b->current.kind = TVK_TABLE_REGION;
	b->current.period = b->period;
	b->current.title_region = b->title_region;
	b->current.title_next = b->title_next;
	b->current.first_page = page;
	b->current.last_page = page;
	b->n_rows = 0;
	b->n_asides = 0;
	/* Lines between the title and the first row that are on the
	 * table's page may hold its label ("1 Groningen", "18 Zuid-Holland"
	 * over "Centraal"): they become asides before the first row. */
	for (size_t i = 0; i < b->pending.n; i++)
		if (b->pending.items[i]->line->page == page)
			add_aside(b, b->pending.items[i], false);
	b->pending.n = 0;
	b->state = BODY;
}

static void close_table(struct builder *b)
{
	if (b->state == OUTSIDE)
		return;
	struct tvk_table *t = &b->current;
	t->n_rows = b->n_rows;
	t->rows = tvk_arena_array(b->arena, b->n_rows ? b->n_rows : 1,
			sizeof(*t->rows));
	if (b->n_rows)
		memcpy(t->rows, b->rows, b->n_rows * sizeof(*t->rows));
	t->n_asides = b->n_asides;
	t->asides = tvk_arena_array(b->arena, b->n_asides ? b->n_asides : 1,
			sizeof(*t->asides));
	if (b->n_asides)
		memcpy(t->asides, b->asides, b->n_asides * sizeof(*t->asides));
	assign_columns(t);
	find_register(b, t);
	push_table(b, t);
	b->state = OUTSIDE;
	b->n_rows = 0;
	b->n_asides = 0;
	b->pending.n = 0;
}

static void add_pending(struct builder *b, const struct tvk_lexeme *lx)
{
	tvk_grow((void **)&b->pending.items, &b->pending.cap, b->pending.n + 1,
			sizeof(*b->pending.items));
	b->pending.items[b->pending.n++] = lx;
}

static void on_row(struct builder *b, const struct tvk_lexeme *lx)
{
	if (b->state == AFTER)
		close_table(b);
	if (b->state == OUTSIDE)
		start_table(b, lx->line->page);
	tvk_grow((void **)&b->rows, &b->cap_rows, b->n_rows + 1,
			sizeof(*b->rows));
	row_from(b, lx, TVK_ROW_MUNICIPALITY, &b->rows[b->n_rows++]);
	b->current.last_page = lx->line->page;
}

static void on_total(struct builder *b, const struct tvk_lexeme *lx)
{
	if (b->state == AFTER)
		close_table(b);
	if (b->state == OUTSIDE)
		start_table(b, lx->line->page);
	row_from(b, lx, TVK_ROW_TOTAL, &b->current.total);
	b->current.has_total = true;
	b->current.last_page = lx->line->page;
	b->total_page = lx->line->page;
	b->state = AFTER;
}

static void on_national(struct builder *b, const struct tvk_lexeme *lx)
{
	struct tvk_table t = {0};
	t.kind = TVK_TABLE_NATIONAL;
	t.period = b->period;
	t.first_page = t.last_page = lx->line->page;
	row_from(b, lx, TVK_ROW_NATIONAL, &t.total);
	t.has_total = true;
	t.rows = NULL;
	assign_columns(&t);
	push_table(b, &t);
}

static void on_other(struct builder *b, const struct tvk_lexeme *lx)
{
	switch (b->state) {
	case BODY:
		add_aside(b, lx, false);
		break;
	case AFTER:
		/* The label and the register sentence follow the total on
		 * its own page; what comes on later pages is the next
		 * document part. */
		if (lx->line->page == b->total_page)
			add_aside(b, lx, true);
		break;
	case OUTSIDE:
		add_pending(b, lx);
		break;
	}
}

/*
 * A table before the first title has no period: the national compendium
 * prints its Nederland row on a page without one.  When every title of
 * the document names the same quarter, that quarter is the table's too.
 */
static void give_period(struct tvk_table *tables, size_t n_tables,
		const struct tvk_lexeme *lexemes, size_t n)
{
	const struct tvk_period *only = NULL;
	for (size_t i = 0; i < n; i++) {
		if (lexemes[i].kind != TVK_LINE_TITLE)
			continue;
		const struct tvk_period *p = &lexemes[i].period;
		if (!only) {
			only = p;
		} else if (p->year != only->year || p->quarter != only->quarter) {
			return;
		}
	}
	if (!only)
		return;
	for (size_t i = 0; i < n_tables; i++)
		if (tables[i].period.year == 0)
			tables[i].period = *only;
}

size_t tvk_table_build(const struct tvk_lexeme *lexemes, size_t n,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct tvk_table **tables)
{
	struct builder b = {.arena = arena, .lexer = lexer};
	for (size_t i = 0; i < n; i++) {
		const struct tvk_lexeme *lx = &lexemes[i];
		switch (lx->kind) {
		case TVK_LINE_TITLE:
			close_table(&b);
			b.period = lx->period;
			b.title_region = lx->rest && *lx->rest ? lx->rest : NULL;
			/* A title may wrap ("… Zuid-Kennemerland" / "en
			 * Ijmond"): the next short line on the page is kept
			 * for the repair stage to try. */
			b.title_next = NULL;
			if (i + 1 < n && lexemes[i + 1].kind == TVK_LINE_TEXT &&
					lexemes[i + 1].line->page == lx->line->page &&
					lexemes[i + 1].n_tokens <= 4)
				b.title_next = lexemes[i + 1].line->text;
			b.pending.n = 0;
			break;
		case TVK_LINE_ROW:
			on_row(&b, lx);
			break;
		case TVK_LINE_TOTAL:
			on_total(&b, lx);
			break;
		case TVK_LINE_NATIONAL:
			close_table(&b);
			on_national(&b, lx);
			break;
		case TVK_LINE_NOISE:
			break;
		case TVK_LINE_TEXT:
		case TVK_LINE_HEADER:
		case TVK_LINE_REGISTER:
			on_other(&b, lx);
			break;
		}
	}
	close_table(&b);
	give_period(b.tables, b.n_tables, lexemes, n);
	free(b.rows);
	free(b.asides);
	free(b.pending.items);

	*tables = NULL;
	if (b.n_tables) {
		*tables = tvk_arena_array(arena, b.n_tables, sizeof(**tables));
		memcpy(*tables, b.tables, b.n_tables * sizeof(**tables));
	}
	free(b.tables);
	return b.n_tables;
}
