/*
 * The table stage: lexed lines in, raw tables out.
 *
 * A table is anchored by what the publication always prints around it:
 * its column header (the titles "Profiel in Sonar", "Geen profiel in
 * Sonar" and "Totaal in Sonar", wrapped any way) and its "Totaal AMR" row
 * ("Nederland" in the national edition).  Lines above the header or below
 * the total are never rows; a table goes on over a page only while no
 * total has been seen, and a header there cuts off what stands above it.
 * A document with neither has no table of the publication.  Page furniture
 * (footers with page numbers, running titles, dates, links) is dropped:
 * lex knows the common patterns, and a line that recurs in the margins of
 * the pages is furniture whatever it says.
 *
 * Inside a table, geometry decides.  The five number columns come from
 * the right edges of the counts (the publication right-aligns them) and
 * reach left to their widest count or title; a token is part of a name
 * only if it stands left of them, and anything inside them is a cell —
 * a damaged one if it does not read as a count — never a word of a name.
 * Names are left-aligned: what starts left of them is the region label's
 * column.  A line with a count in the number columns is a row; a line
 * with none is an aside (a label on a line of its own, the rest of a name
 * wrapped over lines, a note), kept with its position for the repair
 * stage to place or report.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/text.h"
#include "read/lex.h"
#include "table/anchors.h"
#include "table/columns.h"
#include "table/rejoin.h"
#include "table/table.h"

/* ---- building ---------------------------------------------------------- */

struct index_list {
	size_t *items;
	size_t n, cap;
};

static void list_add(struct index_list *l, size_t i)
{
	tvk_grow((void **)&l->items, &l->cap, l->n + 1, sizeof(*l->items));
	l->items[l->n++] = i;
}

/* A table being collected: the lines between its anchors. */
struct open_table {
	bool open;
	size_t header;          /* first line of its header, SIZE_MAX if none */
	size_t header_last;
	int header_page;
	struct index_list body; /* lines between header and total */
	struct index_list before; /* label candidates above the first row */
	struct index_list after;  /* lines after the total, on its page */
	size_t total;           /* SIZE_MAX until seen */
	struct tvk_period period;
	const char *title_region, *title_next;
	size_t title;           /* the title line it was opened under */
};

struct builder {
	struct tvk_arena *arena;
	struct tvk_lexer *lexer;
	const struct tvk_lexeme *lx;
	size_t n;
	const bool *furniture;
	const size_t *header;
	struct tvk_table *tables;
	size_t n_tables, cap_tables;

	struct tvk_period period;
	const char *title_region, *title_next;
	size_t title; /* SIZE_MAX before the first */

	const struct tvk_spread *spreads;
	size_t n_spreads;

	struct open_table cur;
	/* Lines since the last anchor, title or prose: the body of a table
	 * that prints no header, should a Totaal AMR follow. */
	struct index_list pending;
};

/* ---- rows --------------------------------------------------------------- */

static bool has_digit(const char *s)
{
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			return true;
	return false;
}

/* The tokens of a line, split by the columns they stand in. */
struct split {
	struct tvk_token *lead;    /* left of the numbers: label and name */
	size_t n_lead, n_label;    /* the first n_label in the label column */
	struct tvk_token *numbers; /* inside the number columns, marks dropped */
	size_t n_numbers;
	bool count;                /* a number token among them */
	size_t n_outside;          /* right of the last column: dropped */
};

static void split_line(struct builder *b, const struct tvk_lexeme *l,
		const struct geometry *g, struct split *s)
{
	memset(s, 0, sizeof(*s));
	size_t n = l->n_tokens ? l->n_tokens : 1;
	s->lead = tvk_arena_array(b->arena, n, sizeof(*s->lead));
	s->numbers = tvk_arena_array(b->arena, n, sizeof(*s->numbers));
	if (!g->known) {
		/* No geometry: the numbers are lex's trailing run. */
		memcpy(s->lead, l->tokens, l->n_lead * sizeof(*s->lead));
		s->n_lead = l->n_lead;
		for (size_t k = l->n_lead; k < l->n_tokens; k++)
			s->numbers[s->n_numbers++] = l->tokens[k];
		s->count = s->n_numbers > 0;
		return;
	}
	int digits_in[TVK_N_FIELDS] = {0};
	for (size_t k = 0; k < l->n_tokens; k++) {
		const struct tvk_token *t = &l->tokens[k];
		double mid = (t->box.x0 + t->box.x1) / 2;
		if (mid >= g->zone_left && mid <= g->zone_right &&
				has_digit(t->text)) {
			int f = tvk_table_column_of(g, t->box);
			if (f >= 0)
				digits_in[f]++;
		}
	}
	for (size_t k = 0; k < l->n_tokens; k++) {
		const struct tvk_token *t = &l->tokens[k];
		double mid = (t->box.x0 + t->box.x1) / 2;
		if (mid < g->zone_left) {
			s->lead[s->n_lead++] = *t;
			continue;
		}
		if (mid > g->zone_right) {
			s->n_outside++;
			continue;
		}
		if (tvk_is_mark(t->text))
			continue;
		/* Letters with no digit are the cell only when they stand
		 * alone in a column ("vd" for 577); beside a count, or in
		 * the gap between two columns, they are a scan's specks.
		 * So is a digit that touches no column at all (a speck read
		 * as "6" between two columns); a token spanning two columns
		 * (two cells glued) touches both. */
		if (!has_digit(t->text)) {
			int f = tvk_table_column_of(g, t->box);
			if (f < 0 || digits_in[f] > 0)
				continue;
		} else if (!tvk_table_touches_column(g, t->box)) {
			continue;
		}
		struct tvk_token c = *t;
		c.kind = TVK_TOKEN_NUMBER;
		s->numbers[s->n_numbers++] = c;
		s->count = s->count || (t->kind == TVK_TOKEN_NUMBER &&
			has_digit(t->text));
	}
	if (!isnan(g->name_left))
		while (s->n_label < s->n_lead &&
				s->lead[s->n_label].box.x1 <
				g->name_left - 0.3 * g->glyph)
			s->n_label++;
}

static void row_from(struct builder *b, const struct tvk_lexeme *l,
		const struct split *s, enum tvk_row_kind kind,
		struct tvk_row *row)
{
	memset(row, 0, sizeof(*row));
	row->kind = kind;
	row->page = l->line->page;
	row->box = l->line->box;
	row->lead_tokens = s->lead;
	row->n_lead_tokens = s->n_lead;
	row->n_label_tokens = s->n_label;
	row->numbers = s->numbers;
	row->n_numbers = s->n_numbers;
	row->lead = tvk_lex_join(s->lead, 0, s->n_lead, b->arena);
}

static void push_table(struct builder *b, const struct tvk_table *t)
{
	tvk_grow((void **)&b->tables, &b->cap_tables, b->n_tables + 1,
			sizeof(*b->tables));
	b->tables[b->n_tables++] = *t;
}

struct collect {
	struct tvk_row *rows;
	size_t n_rows, cap_rows;
	struct tvk_aside *asides;
	size_t n_asides, cap_asides;
};

static void add_aside(struct collect *c, const struct tvk_lexeme *l,
		const struct tvk_token *tokens, size_t n_tokens, size_t n_label,
		const char *text, enum tvk_aside_place place, bool junk)
{
	tvk_grow((void **)&c->asides, &c->cap_asides, c->n_asides + 1,
			sizeof(*c->asides));
	c->asides[c->n_asides++] = (struct tvk_aside){
		.lexeme = l, .tokens = tokens, .n_tokens = n_tokens,
		.n_label_tokens = n_label,
		.text = text, .page = l->line->page, .box = l->line->box,
		.rows_before = c->n_rows, .place = place,
		.after_total = place == TVK_ASIDE_AFTER, .junk = junk,
	};
}

/* The register sentence is searched in every line around the table. */
static void find_register(struct builder *b, struct tvk_table *t)
{
	struct tvk_buf text = {0};
	for (size_t i = 0; i < t->n_asides; i++)
		if (t->asides[i].place != TVK_ASIDE_INSIDE)
			tvk_buf_printf(&text, "%s ",
				t->asides[i].lexeme->line->text);
	if (text.len)
		tvk_lex_register(b->lexer, text.s, b->arena, &t->register_text);
	free(text.s);
}

/* A line that carries nothing: marks and specks an OCR layer reads off a
 * rule or a shaded band. */
static bool only_marks(const struct tvk_token *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!tvk_is_mark(t[i].text) && strlen(t[i].text) > 1)
			return false;
	return true;
}

/* The typical distance between consecutive rows on one page. */
static double row_pitch(const struct tvk_row *rows, size_t n)
{
	double *d = tvk_xmalloc((n ? n : 1) * sizeof(*d));
	size_t m = 0;
	for (size_t i = 1; i < n; i++)
		if (rows[i].page == rows[i - 1].page)
			d[m++] = rows[i].box.y0 - rows[i - 1].box.y0;
	double p = m ? tvk_table_median(d, m) : 0;
	free(d);
	return p;
}

static void reset_open(struct open_table *o)
{
	o->open = false;
	o->header = SIZE_MAX;
	o->total = SIZE_MAX;
	o->body.n = o->before.n = o->after.n = 0;
}

/*
 * Turns the lines collected between a table's anchors into rows and
 * asides.  A line with a count inside the number columns is a row; a line
 * with nothing there is an aside — the rest of a wrapped name, a label
 * fragment, a note — for repair to place or report.
 */
static void close_table(struct builder *b)
{
	struct open_table *o = &b->cur;
	if (!o->open)
		return;
	struct tvk_table t = {0};
	t.kind = TVK_TABLE_REGION;
	t.period = o->period;
	t.title_region = o->title_region;
	t.title_next = o->title_next;
	t.has_header = o->header != SIZE_MAX;

	/* The geometry comes from the body and the total. */
	size_t n_geo = o->body.n + (o->total != SIZE_MAX);
	size_t *geo = tvk_xmalloc((n_geo ? n_geo : 1) * sizeof(*geo));
	if (o->body.n)
		memcpy(geo, o->body.items, o->body.n * sizeof(*geo));
	if (o->total != SIZE_MAX)
		geo[o->body.n] = o->total;
	struct geometry g = {.name_left = NAN, .glyph = 5.0};
	if (tvk_table_columns(b->lx, geo, n_geo, &g))
		tvk_table_column_extents(b->lx, o->header, o->header_last, geo,
			n_geo, &g);
	free(geo);

	struct collect c = {0};
	for (size_t i = 0; i < o->before.n; i++) {
		const struct tvk_lexeme *l = &b->lx[o->before.items[i]];
		add_aside(&c, l, l->tokens, l->n_tokens, 0, l->line->text,
			TVK_ASIDE_BEFORE, false);
	}
	for (size_t i = 0; i < o->body.n; i++) {
		const struct tvk_lexeme *l = &b->lx[o->body.items[i]];
		struct split s;
		split_line(b, l, &g, &s);
		if (s.count) {
			tvk_grow((void **)&c.rows, &c.cap_rows, c.n_rows + 1,
				sizeof(*c.rows));
			row_from(b, l, &s, TVK_ROW_MUNICIPALITY,
				&c.rows[c.n_rows++]);
			continue;
		}
		if (tvk_table_headerish(l) || only_marks(l->tokens, l->n_tokens))
			continue;
		add_aside(&c, l, s.lead, s.n_lead, s.n_label,
			tvk_lex_join(s.lead, 0, s.n_lead, b->arena),
			TVK_ASIDE_INSIDE, s.n_numbers > 0);
	}
	if (o->total != SIZE_MAX) {
		const struct tvk_lexeme *l = &b->lx[o->total];
		struct split s;
		split_line(b, l, &g, &s);
		row_from(b, l, &s, TVK_ROW_TOTAL, &t.total);
		t.has_total = true;
	}
	for (size_t i = 0; i < o->after.n; i++) {
		const struct tvk_lexeme *l = &b->lx[o->after.items[i]];
		add_aside(&c, l, l->tokens, l->n_tokens, 0, l->line->text,
			TVK_ASIDE_AFTER, false);
	}

	/* On a page the table continues from, a line far below its last row
	 * is no part of it (a note, a footer the patterns missed). */
	double pitch = row_pitch(c.rows, c.n_rows);
	size_t kept = 0;
	for (size_t i = 0; i < c.n_asides; i++) {
		struct tvk_aside *a = &c.asides[i];
		if (a->place == TVK_ASIDE_INSIDE && pitch > 0 &&
				a->rows_before > 0) {
			const struct tvk_row *above = &c.rows[a->rows_before - 1];
			bool last_on_page = a->rows_before == c.n_rows ||
				c.rows[a->rows_before].page != above->page;
			if (last_on_page && a->page == above->page &&
					a->box.y0 - above->box.y1 > 3 * pitch)
				continue;
			if (a->rows_before == c.n_rows && t.has_total &&
					a->page != t.total.page)
				continue;
		}
		c.asides[kept++] = *a;
	}
	c.n_asides = kept;

	t.n_rows = c.n_rows;
	t.rows = tvk_arena_array(b->arena, c.n_rows ? c.n_rows : 1,
			sizeof(*t.rows));
	if (c.n_rows)
		memcpy(t.rows, c.rows, c.n_rows * sizeof(*t.rows));
	t.n_asides = c.n_asides;
	t.asides = tvk_arena_array(b->arena, c.n_asides ? c.n_asides : 1,
			sizeof(*t.asides));
	if (c.n_asides)
		memcpy(t.asides, c.asides, c.n_asides * sizeof(*t.asides));
	free(c.rows);
	free(c.asides);

	for (int f = 0; f < TVK_N_FIELDS; f++) {
		t.column_right[f] = g.known ? g.right[f] : 0;
		t.column_left[f] = g.known ? g.left[f] : 0;
	}

	int first = INT_MAX, last = 0;
	if (o->header != SIZE_MAX)
		first = last = b->lx[o->header].line->page;
	for (size_t i = 0; i < t.n_rows; i++) {
		first = t.rows[i].page < first ? t.rows[i].page : first;
		last = t.rows[i].page > last ? t.rows[i].page : last;
	}
	if (t.has_total) {
		first = t.total.page < first ? t.total.page : first;
		last = t.total.page > last ? t.total.page : last;
	}
	t.first_page = first == INT_MAX ? 1 : first;
	t.last_page = last < t.first_page ? t.first_page : last;
	/* and the pages its columns went on to */
	t.spreads = b->spreads;
	t.n_spreads = b->n_spreads;
	for (size_t i = 0; i < b->n_spreads; i++)
		if (b->spreads[i].base >= t.first_page &&
				b->spreads[i].base <= last &&
				b->spreads[i].page > t.last_page)
			t.last_page = b->spreads[i].page;

	find_register(b, &t);
	/* A header with nothing under it is no table. */
	if (t.n_rows > 0 || t.has_total)
		push_table(b, &t);
	reset_open(o);
}

static void open_table(struct builder *b, size_t header)
{
	struct open_table *o = &b->cur;
	reset_open(o);
	o->open = true;
	o->header = header;
	o->period = b->period;
	o->title_region = b->title_region;
	o->title_next = b->title_next;
	o->title = b->title;
}

/* Lines on @page among the pending ones that are no rows: label
 * candidates above a table. */
static void pending_to_before(struct builder *b, int page)
{
	for (size_t i = 0; i < b->pending.n; i++) {
		const struct tvk_lexeme *l = &b->lx[b->pending.items[i]];
		if (l->line->page == page && l->kind == TVK_LINE_TEXT)
			list_add(&b->cur.before, b->pending.items[i]);
	}
	b->pending.n = 0;
}

/* A headerless table: the pending lines from the first row on are its
 * body, those before it label candidates. */
static void open_from_pending(struct builder *b)
{
	open_table(b, SIZE_MAX);
	bool rows = false;
	for (size_t i = 0; i < b->pending.n; i++) {
		size_t k = b->pending.items[i];
		rows = rows || b->lx[k].kind == TVK_LINE_ROW;
		if (rows)
			list_add(&b->cur.body, k);
		else if (b->lx[k].kind == TVK_LINE_TEXT)
			list_add(&b->cur.before, k);
	}
	b->pending.n = 0;
}

/* Prose: a line no table holds, that ends a run of headerless rows. */
static bool is_prose(const struct tvk_lexeme *l)
{
	return l->kind == TVK_LINE_REGISTER ||
		(l->kind == TVK_LINE_TEXT && l->n_tokens > 6);
}

/*
 * Whether title @i repeats the title the open table was opened under: a
 * running title on every page of a sheet ("Transparantie van
 * klantprofielen — tweede kwartaal 2025"), which names the same quarter
 * and no other region.  A title of another quarter or region ends the
 * table.
 */
static bool same_title(struct builder *b, size_t i)
{
	const struct open_table *o = &b->cur;
	if (o->title == SIZE_MAX)
		return false;
	const struct tvk_lexeme *a = &b->lx[o->title], *c = &b->lx[i];
	if (a->period.year != c->period.year ||
			a->period.quarter != c->period.quarter)
		return false;
	char x[256], y[256];
	tvk_fold(a->rest ? a->rest : "", x, sizeof(x));
	tvk_fold(c->rest ? c->rest : "", y, sizeof(y));
	return !*x || !*y || strstr(x, y) || strstr(y, x);
}

static void on_title(struct builder *b, size_t i)
{
	const struct tvk_lexeme *l = &b->lx[i];
	if (b->cur.open && b->cur.total == SIZE_MAX && (b->furniture[i] ||
			same_title(b, i)))
		return;
	close_table(b);
	b->period = l->period;
	b->title_region = l->rest && *l->rest ? l->rest : NULL;
	b->title = i;
	/* A title may wrap ("… Zuid-Kennemerland" / "en IJmond"): the next
	 * short line on the page is kept for the repair stage to try. */
	b->title_next = NULL;
	if (i + 1 < b->n && b->lx[i + 1].kind == TVK_LINE_TEXT &&
			b->lx[i + 1].line->page == l->line->page &&
			b->lx[i + 1].n_tokens <= 4)
		b->title_next = b->lx[i + 1].line->text;
	b->pending.n = 0;
}

static void on_header(struct builder *b, size_t i)
{
	size_t last = i;
	while (last + 1 < b->n && b->header[last + 1] == i)
		last++;
	int page = b->lx[i].line->page;
	struct open_table *o = &b->cur;
	if (o->open && o->total == SIZE_MAX && page != o->header_page &&
			o->body.n > 0) {
		/* The header repeated where the table goes on: what stands
		 * above it on this page is not the table's. */
		size_t kept = 0;
		for (size_t k = 0; k < o->body.n; k++)
			if (b->lx[o->body.items[k]].line->page != page)
				o->body.items[kept++] = o->body.items[k];
		o->body.n = kept;
		o->header_page = page;
	} else {
		close_table(b);
		open_table(b, i);
		o->header_last = last;
		o->header_page = page;
		pending_to_before(b, page);
	}
	/* Lines between the header's lines (a label, in some layouts). */
	for (size_t k = i; k <= last; k++)
		if (!tvk_table_headerish(&b->lx[k]) && !b->furniture[k])
			list_add(&o->before, k);
}

static void on_total(struct builder *b, size_t i)
{
	struct open_table *o = &b->cur;
	if (!o->open || o->total != SIZE_MAX) {
		close_table(b);
		open_from_pending(b);
	}
	o->total = i;
}

static void on_national(struct builder *b, size_t i)
{
	const struct tvk_lexeme *l = &b->lx[i];
	bool under_header = b->cur.open && b->cur.total == SIZE_MAX &&
		b->cur.body.n == 0;
	close_table(b);
	b->pending.n = 0;
	struct tvk_table t = {0};
	t.kind = TVK_TABLE_NATIONAL;
	t.period = b->period;
	t.has_header = under_header;
	t.first_page = t.last_page = l->line->page;
	struct split s = {0};
	struct geometry g = {.name_left = NAN, .glyph = 5.0};
	split_line(b, l, &g, &s);
	row_from(b, l, &s, TVK_ROW_NATIONAL, &t.total);
	t.has_total = true;
	t.rows = NULL;
	push_table(b, &t);
}

static void on_line(struct builder *b, size_t i)
{
	const struct tvk_lexeme *l = &b->lx[i];
	struct open_table *o = &b->cur;
	if (o->open && o->total == SIZE_MAX) {
		list_add(&o->body, i);
		return;
	}
	if (o->open && l->line->page == b->lx[o->total].line->page &&
			l->kind != TVK_LINE_ROW)
		list_add(&o->after, i);
	if (is_prose(l)) {
		b->pending.n = 0;
		return;
	}
	if (b->pending.n && b->lx[b->pending.items[0]].line->page !=
			l->line->page)
		b->pending.n = 0;
	list_add(&b->pending, i);
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
		const struct tvk_page *pages, int n_pages,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct tvk_table **tables)
{
	const struct tvk_spread *spreads;
	size_t n_spreads;
	n = tvk_rejoin(lexemes, n, pages, n_pages, lexer, arena, &lexemes,
		&spreads, &n_spreads);
	bool *furniture = tvk_table_furniture(lexemes, n, pages, n_pages);
	size_t *header = tvk_xmalloc((n ? n : 1) * sizeof(*header));
	tvk_table_headers(lexemes, n, furniture, header);
	struct builder b = {
		.arena = arena, .lexer = lexer, .lx = lexemes, .n = n,
		.furniture = furniture, .header = header, .title = SIZE_MAX,
		.spreads = spreads, .n_spreads = n_spreads,
	};
	reset_open(&b.cur);
	b.cur.title = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		const struct tvk_lexeme *l = &lexemes[i];
		if (l->kind == TVK_LINE_TITLE) {
			on_title(&b, i);
			continue;
		}
		if (header[i] == i) {
			on_header(&b, i);
			continue;
		}
		if (header[i] != SIZE_MAX || furniture[i])
			continue;
		switch (l->kind) {
		case TVK_LINE_TOTAL:
			on_total(&b, i);
			break;
		case TVK_LINE_NATIONAL:
			on_national(&b, i);
			break;
		default:
			on_line(&b, i);
			break;
		}
	}
	close_table(&b);
	give_period(b.tables, b.n_tables, lexemes, n);
	free(b.cur.body.items);
	free(b.cur.before.items);
	free(b.cur.after.items);
	free(b.pending.items);
	free(furniture);
	free(header);

	*tables = NULL;
	if (b.n_tables) {
		*tables = tvk_arena_array(arena, b.n_tables, sizeof(**tables));
		memcpy(*tables, b.tables, b.n_tables * sizeof(**tables));
	}
	free(b.tables);
	return b.n_tables;
}

int tvk_table_place(const struct tvk_table *t, int page, struct tvk_box *box)
{
	/* Right of where a page was set beside @page, the box is on it
	 * (on the nearest to its left, when several were). */
	const struct tvk_spread *on = NULL;
	double mid = (box->x0 + box->x1) / 2;
	for (size_t i = 0; i < t->n_spreads; i++) {
		const struct tvk_spread *s = &t->spreads[i];
		if (s->base == page && mid >= s->dx && (!on || s->dx > on->dx))
			on = s;
	}
	if (!on)
		return page;
	box->x0 -= on->dx;
	box->x1 -= on->dx;
	return on->page;
}
