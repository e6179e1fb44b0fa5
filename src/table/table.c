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
#include "table/rejoin.h"
#include "table/table.h"

/* ---- page furniture ---------------------------------------------------- */

/* The top and bottom of a page where producers put running titles,
 * footers and page numbers. */
#define MARGIN_SHARE 0.12

/*
 * The shape of a line: folded, each run of digits one '#', so that
 * "Pagina 2 van 3" and "Pagina 3 van 3" share it.
 */
static void line_shape(const char *text, char *out, size_t cap)
{
	char folded[256];
	tvk_fold(text, folded, sizeof(folded));
	size_t n = 0;
	for (const char *p = folded; *p && n + 1 < cap; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == 0 || out[n - 1] != '#')
				out[n++] = '#';
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
}

static bool in_margin(const struct tvk_line *line, const struct tvk_page *pages,
		int n_pages)
{
	if (line->page < 1 || line->page > n_pages)
		return false;
	double h = pages[line->page - 1].height;
	if (h <= 0)
		return false;
	double mid = (line->box.y0 + line->box.y1) / 2;
	return mid < MARGIN_SHARE * h || mid > (1 - MARGIN_SHARE) * h;
}

struct shape {
	char text[96];
	int page;
	size_t index;
};

static int by_shape(const void *a, const void *b)
{
	const struct shape *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	if (c)
		return c;
	return (x->page > y->page) - (x->page < y->page);
}

/*
 * Furniture by repetition: a line in the top or bottom margin whose shape
 * recurs in the margin of other pages (on at least two pages and on at
 * least two in five of them) is a running title, a footer or a page
 * number, whatever its words — the patterns in lex know the common ones,
 * this catches the producers they do not.  Table lines (header, total,
 * national row) are never furniture: a compendium repeats them by design.
 */
static bool *find_furniture(const struct tvk_lexeme *lx, size_t n,
		const struct tvk_page *pages, int n_pages)
{
	bool *furniture = tvk_xcalloc(n ? n : 1, sizeof(*furniture));
	for (size_t i = 0; i < n; i++)
		furniture[i] = lx[i].kind == TVK_LINE_NOISE;
	if (n_pages < 2 || !pages)
		return furniture;
	struct shape *shapes = tvk_xmalloc((n ? n : 1) * sizeof(*shapes));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		enum tvk_line_kind k = lx[i].kind;
		/* A line of three counts or more is a row, wherever it
		 * stands: a table that goes on over pages puts rows in the
		 * margins, and a long one may repeat a name. */
		if (k == TVK_LINE_HEADER || k == TVK_LINE_TOTAL ||
				k == TVK_LINE_NATIONAL || furniture[i] ||
				lx[i].n_tokens - lx[i].n_lead >= 3 ||
				!in_margin(lx[i].line, pages, n_pages))
			continue;
		line_shape(lx[i].line->text, shapes[m].text,
			sizeof(shapes[m].text));
		if (!shapes[m].text[0])
			continue;
		shapes[m].page = lx[i].line->page;
		shapes[m].index = i;
		m++;
	}
	qsort(shapes, m, sizeof(*shapes), by_shape);
	for (size_t i = 0; i < m;) {
		size_t j = i, distinct = 0;
		int last = -1;
		while (j < m && strcmp(shapes[j].text, shapes[i].text) == 0) {
			if (shapes[j].page != last)
				distinct++;
			last = shapes[j].page;
			j++;
		}
		if (distinct >= 2 && 5 * distinct >= 2 * (size_t)n_pages)
			for (size_t k = i; k < j; k++)
				furniture[shapes[k].index] = true;
		i = j;
	}
	free(shapes);
	return furniture;
}

/* ---- the header -------------------------------------------------------- */

static double line_height(const struct tvk_line *line)
{
	double h = line->box.y1 - line->box.y0;
	return h > 0 ? h : 8;
}

/* A line of header words only, even if only of "in" and "Sonar" (the
 * last line of wrapped titles), damaged or not. */
static bool headerish(const struct tvk_lexeme *l)
{
	if (l->kind == TVK_LINE_HEADER)
		return true;
	if (l->kind != TVK_LINE_TEXT && l->kind != TVK_LINE_ROW)
		return false;
	/* Specks an OCR layer reads among the titles ("7 1, Sonar
	 * Sonar.") are let pass, and a title damaged beyond recognition
	 * ("Soriar"), as long as the titles clearly outnumber them. */
	size_t words = 0, specks = 0, others = 0;
	for (size_t k = 0; k < l->n_tokens; k++) {
		const char *t = l->tokens[k].text;
		if (tvk_is_mark(t))
			continue;
		if (l->tokens[k].header != TVK_HW_NONE)
			words++;
		else if (strlen(t) <= 2)
			specks++;
		else
			others++;
	}
	return words > 0 && specks + others <= 2 && specks <= words &&
		3 * others <= words;
}

/* Whether the words of header lines [@from, @to] name the columns: at
 * least two "Profiel" and a "Geen" or a "Totaal" (of the five titles
 * "Profiel in Sonar", "Geen profiel in Sonar" twice, "Totaal in Sonar"). */
static bool header_names_columns(const struct tvk_lexeme *lx, size_t from,
		size_t to)
{
	size_t profile = 0, other = 0;
	for (size_t i = from; i <= to; i++) {
		if (!headerish(&lx[i]))
			continue;
		for (size_t k = 0; k < lx[i].n_tokens; k++) {
			enum tvk_header_word w = lx[i].tokens[k].header;
			profile += w == TVK_HW_PROFILE;
			other += w == TVK_HW_NO || w == TVK_HW_TOTAL;
		}
	}
	return profile >= 2 && other >= 1;
}

/*
 * Marks the header blocks: runs of header lines on one page, each within a
 * few line heights of the next, that together name the columns.  One line
 * that is not a header may stand between two header lines (the region
 * label, in some layouts, sits between the group titles and the column
 * titles).  @block[i] gets the index of the block's first line for every
 * line of a block, SIZE_MAX elsewhere.
 */
static void find_headers(const struct tvk_lexeme *lx, size_t n,
		const bool *furniture, size_t *block)
{
	for (size_t i = 0; i < n; i++)
		block[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (!headerish(&lx[i]) || furniture[i])
			continue;
		size_t last = i;
		for (size_t j = i + 1; j < n && j <= last + 2; j++) {
			const struct tvk_line *a = lx[last].line, *c = lx[j].line;
			if (c->page != a->page ||
					c->box.y0 - a->box.y1 > 2.5 * line_height(a))
				break;
			if (headerish(&lx[j]) && !furniture[j])
				last = j;
			else if (lx[j].kind != TVK_LINE_TEXT &&
					lx[j].kind != TVK_LINE_NOISE)
				break;
		}
		if (!header_names_columns(lx, i, last)) {
			continue;
		}
		for (size_t k = i; k <= last; k++)
			block[k] = i;
		i = last;
	}
}

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

/* ---- column geometry --------------------------------------------------- */

struct geometry {
	bool known;
	double right[TVK_N_FIELDS];
	double left[TVK_N_FIELDS];
	double zone_left, zone_right; /* the five number columns together */
	double name_left;             /* left edge of the names; NAN: unknown */
	double glyph;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* A count as the publication prints it: digits and separators only,
 * perhaps with a scan's mark in front ("«499"), which leaves its right
 * edge where the column's is. */
static bool clean_number(const char *s)
{
	for (;;) {
		uint32_t cp;
		size_t n = tvk_utf8_decode(s, SIZE_MAX, &cp);
		if (n == 0 || !tvk_is_mark_cp(cp) || cp == '.' || cp == ',' ||
				cp == '-')
			break;
		s += n;
	}
	bool digit = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (*s != '.' && *s != ',')
			return false;
	}
	return digit;
}

static double token_glyph(const struct tvk_token *t)
{
	size_t len = strlen(t->text);
	return len ? (t->box.x1 - t->box.x0) / (double)len : 0;
}

/* The number tokens at the end of a lexeme, as lex found them. */
static const struct tvk_token *trailing(const struct tvk_lexeme *l, size_t *n)
{
	*n = l->n_tokens - l->n_lead;
	return l->tokens + l->n_lead;
}

/*
 * The five columns from the numbers: in rows whose trailing counts are
 * five clean numbers, the right edges of each position agree to a
 * fraction of a point (the publication right-aligns its counts), so the
 * median per position is the column's right edge, robust to a misplaced
 * row.  Without such a row, the right edges of all clean numbers are
 * clustered: five clusters, each with support from a share of the rows.
 */
static bool columns_from_numbers(struct builder *b, const size_t *lines,
		size_t n_lines, struct geometry *g)
{
	size_t cap = n_lines + 1, m = 0;
	double *edges = tvk_xmalloc(cap * TVK_N_FIELDS * sizeof(*edges));
	double glyphs = 0;
	size_t n_glyphs = 0;
	for (size_t i = 0; i < n_lines; i++) {
		size_t k;
		const struct tvk_token *t = trailing(&b->lx[lines[i]], &k);
		for (size_t j = 0; j < k; j++)
			if (clean_number(t[j].text)) {
				glyphs += token_glyph(&t[j]);
				n_glyphs++;
			}
		if (k != TVK_N_FIELDS)
			continue;
		bool clean = true;
		for (size_t j = 0; j < k && clean; j++)
			clean = clean_number(t[j].text);
		if (!clean)
			continue;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			edges[f * cap + m] = t[f].box.x1;
		m++;
	}
	g->glyph = n_glyphs ? glyphs / (double)n_glyphs : 5.0;
	if (m > 0) {
		for (int f = 0; f < TVK_N_FIELDS; f++)
			g->right[f] = median(edges + f * cap, m);
		free(edges);
		return true;
	}
	free(edges);

	/* Clustering the right edges of every clean number. */
	size_t n_x = 0, cap_x = 0;
	double *xs = NULL;
	for (size_t i = 0; i < n_lines; i++) {
		size_t k;
		const struct tvk_token *t = trailing(&b->lx[lines[i]], &k);
		for (size_t j = 0; j < k; j++)
			if (clean_number(t[j].text)) {
				tvk_grow((void **)&xs, &cap_x, n_x + 1, sizeof(*xs));
				xs[n_x++] = t[j].box.x1;
			}
	}
	if (n_x == 0)
		return false;
	qsort(xs, n_x, sizeof(*xs), cmp_double);
	size_t need = n_lines >= 8 ? n_lines / 4 : 2;
	double found[TVK_N_FIELDS];
	int n_found = 0;
	bool ok = true;
	for (size_t i = 0; i < n_x && ok;) {
		size_t j = i + 1;
		while (j < n_x && xs[j] - xs[j - 1] <= 1.5 * g->glyph)
			j++;
		if (j - i >= need) {
			if (n_found == TVK_N_FIELDS)
				ok = false;
			else
				found[n_found++] = xs[i + (j - i) / 2];
		}
		i = j;
	}
	free(xs);
	if (!ok || n_found != TVK_N_FIELDS)
		return false;
	memcpy(g->right, found, sizeof(found));
	return true;
}

/* The column of a box whose right edge is @x1, within the tolerance of a
 * right-aligned column; -1 when none. */
static int column_at(const struct geometry *g, double x1)
{
	int best = -1;
	double best_d = 2.5 * g->glyph;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		double d = fabs(x1 - g->right[f]);
		if (d <= best_d) {
			best_d = d;
			best = f;
		}
	}
	return best;
}

/*
 * The extents of the columns and of the name column.  A column reaches
 * from its widest count to its right edge (not to its title, which may
 * wrap wider than the column); the numbers' zone starts half a glyph left
 * of the first.
 * Names are left-aligned: the left edge most rows' names start at (or
 * where the header prints "Gemeente") is the name column's; what starts
 * left of it is the region label's column.
 */
static void column_extents(struct builder *b, const struct open_table *o,
		const size_t *lines, size_t n_lines, struct geometry *g)
{
	for (int f = 0; f < TVK_N_FIELDS; f++)
		g->left[f] = g->right[f] - g->glyph;
	for (size_t i = 0; i < n_lines; i++) {
		size_t k;
		const struct tvk_token *t = trailing(&b->lx[lines[i]], &k);
		for (size_t j = 0; j < k; j++) {
			int f = column_at(g, t[j].box.x1);
			if (f >= 0 && clean_number(t[j].text) &&
					t[j].box.x0 < g->left[f])
				g->left[f] = t[j].box.x0;
		}
	}
	/* Where the header prints "Gemeente": the names' column. */
	double gemeente = NAN;
	if (o->header != SIZE_MAX)
		for (size_t i = o->header; i <= o->header_last; i++) {
			const struct tvk_lexeme *l = &b->lx[i];
			for (size_t k = 0; headerish(l) && k < l->n_tokens; k++)
				if (l->tokens[k].header == TVK_HW_MUNICIPALITY)
					gemeente = l->tokens[k].box.x0;
		}
	g->zone_left = g->left[0] - 0.5 * g->glyph;
	g->zone_right = g->right[TVK_N_FIELDS - 1] + 3 * g->glyph;

	/* The names' left edge: the most common start of a row's first
	 * word left of the numbers (the row of the label has another). */
	size_t cap = n_lines ? n_lines : 1, m = 0;
	double *starts = tvk_xmalloc(cap * sizeof(*starts));
	for (size_t i = 0; i < n_lines; i++) {
		const struct tvk_lexeme *l = &b->lx[lines[i]];
		if (l->kind == TVK_LINE_TOTAL)
			continue;
		for (size_t k = 0; k < l->n_tokens; k++)
			if ((l->tokens[k].box.x0 + l->tokens[k].box.x1) / 2 <
					g->zone_left) {
				starts[m++] = l->tokens[k].box.x0;
				break;
			}
	}
	g->name_left = NAN;
	qsort(starts, m, sizeof(*starts), cmp_double);
	size_t best = 0;
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;
		while (j < m && starts[j] - starts[i] <= g->glyph)
			j++;
		if (j - i >= best) { /* ties: the one further right */
			best = j - i;
			g->name_left = starts[i];
		}
		i = j;
	}
	free(starts);
	if (!isnan(gemeente) && (isnan(g->name_left) ||
			fabs(gemeente - g->name_left) <= 3 * g->glyph))
		g->name_left = isnan(g->name_left) ? gemeente :
			fmin(gemeente, g->name_left);
	g->known = true;
}

/* ---- rows --------------------------------------------------------------- */

static bool has_digit(const char *s)
{
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			return true;
	return false;
}

/* The column whose extent holds the centre of @box; -1 in a gap. */
static int column_of(const struct geometry *g, struct tvk_box box)
{
	double mid = (box.x0 + box.x1) / 2;
	for (int f = 0; f < TVK_N_FIELDS; f++)
		if (mid >= g->left[f] - 0.5 * g->glyph &&
				mid <= g->right[f] + g->glyph)
			return f;
	return -1;
}

/* Whether @box overlaps the extent of any number column. */
static bool touches_column(const struct geometry *g, struct tvk_box box)
{
	for (int f = 0; f < TVK_N_FIELDS; f++)
		if (box.x1 >= g->left[f] - 0.5 * g->glyph &&
				box.x0 <= g->right[f] + g->glyph)
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
			int f = column_of(g, t->box);
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
			int f = column_of(g, t->box);
			if (f < 0 || digits_in[f] > 0)
				continue;
		} else if (!touches_column(g, t->box)) {
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
	double p = m ? median(d, m) : 0;
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
	if (columns_from_numbers(b, geo, n_geo, &g))
		column_extents(b, o, geo, n_geo, &g);
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
		if (headerish(l) || only_marks(l->tokens, l->n_tokens))
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
		if (!headerish(&b->lx[k]) && !b->furniture[k])
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
	bool *furniture = find_furniture(lexemes, n, pages, n_pages);
	size_t *header = tvk_xmalloc((n ? n : 1) * sizeof(*header));
	find_headers(lexemes, n, furniture, header);
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
