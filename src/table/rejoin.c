/*
 * Lines the table stage reads as one.
 *
 * A spreadsheet prints a table too wide for its page column-wise: the
 * label, the names and the first columns on one page, the other columns
 * on the next (and the next), each line at the height of the line it
 * carries on, and no name there.  Such a page is set beside the one it
 * carries on, as the sheet was before the printer cut it: each of its
 * lines goes on the line of the first page it lines up with, moved right
 * by the width of the pages before it.  A page carries on another when
 * it has rows of counts, and every one of them lines up with a line of
 * the page before that has words, in order, with no name or with that
 * line's name again (a spreadsheet told to repeat the name column; the
 * name printed again is left out); its running title or footer (a line
 * of the same shape as the one it lines up with) stays where it is.
 *
 * A Totaal AMR whose label wraps ("Totaal" beside the counts, "AMR" on
 * the line below, or above, or both around the counts) is one line: the
 * total anchors its table, so it must be seen as the total before the
 * table is built, not mended after as a wrapped name is.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/macros.h"
#include "base/text.h"
#include "read/lex.h"
#include "table/rejoin.h"

static double mid_of(const struct tvk_line *l)
{
	return (l->box.y0 + l->box.y1) / 2;
}

static double height_of(const struct tvk_line *l)
{
	double h = l->box.y1 - l->box.y0;
	return h > 0 ? h : 1;
}

/* Lines of one baseline on two pages: the printer puts a line it carries
 * on at the very height of the first (a quarter of a glyph lets a scan's
 * wobble pass, never the next row). */
static bool lines_up(const struct tvk_line *a, const struct tvk_line *b)
{
	return fabs(mid_of(a) - mid_of(b)) <=
		0.25 * tvk_min(height_of(a), height_of(b));
}

/* Counts and nothing else: the cells of a row whose name is on another
 * page. */
static bool counts_only(const struct tvk_lexeme *l)
{
	if (l->n_tokens == 0 || l->n_lead != 0)
		return false;
	for (size_t k = 0; k < l->n_tokens; k++)
		if (l->tokens[k].kind != TVK_TOKEN_NUMBER)
			return false;
	return true;
}

static bool named_row(const struct tvk_lexeme *l)
{
	return l->n_lead > 0 && (l->kind == TVK_LINE_ROW ||
		l->kind == TVK_LINE_TOTAL || l->kind == TVK_LINE_NATIONAL);
}

/* A line of @p with counts after the words of the line @base: a printer
 * told to repeat the name column prints the name on every page. */
static bool same_name(const struct tvk_lexeme *p,
		const struct tvk_lexeme *base)
{
	if (p->n_tokens == p->n_lead || p->n_lead != base->n_lead)
		return false;
	for (size_t k = 0; k < p->n_lead; k++)
		if (strcmp(p->tokens[k].text, base->tokens[k].text) != 0)
			return false;
	return true;
}

/* The shape of a line: folded, each run of digits one '#' (a footer
 * "Pagina 3" and "Pagina 4" share it). */
static void shape_of(const char *text, char *out, size_t cap)
{
	char folded[256];
	tvk_fold(text, folded, sizeof(folded));
	size_t n = 0;
	for (const char *p = folded; *p && n + 1 < cap; p++) {
		bool digit = *p >= '0' && *p <= '9';
		if (!digit || n == 0 || out[n - 1] != '#')
			out[n++] = digit ? '#' : *p;
	}
	out[n] = '\0';
}

static bool same_shape(const struct tvk_line *a, const struct tvk_line *b)
{
	char x[128], y[128];
	shape_of(a->text, x, sizeof(x));
	shape_of(b->text, y, sizeof(y));
	return strcmp(x, y) == 0;
}

/* The lexemes of each page: [from, to). */
struct span {
	size_t from, to;
};

/* The line of @s that lines up with @line, or SIZE_MAX. */
static size_t line_at(const struct tvk_lexeme *lx, struct span s,
		const struct tvk_line *line)
{
	size_t best = SIZE_MAX;
	double best_d = INFINITY;
	for (size_t i = s.from; i < s.to; i++) {
		double d = fabs(mid_of(lx[i].line) - mid_of(line));
		if (lines_up(lx[i].line, line) && d < best_d) {
			best = i;
			best_d = d;
		}
	}
	return best;
}

static size_t counts_of(const struct tvk_lexeme *l)
{
	return l->n_tokens - l->n_lead;
}

/*
 * Whether page @p carries on the columns of page @base: rows of counts,
 * at least two, each lined up with a line of @base that has words (its
 * name), in order, either without a name or with that same name, and
 * the two together no more than a row's five counts (the same sheet
 * printed twice is two tables).  A title on @p is one printed again (a
 * line of the shape of the one it lines up with): another quarter's or
 * region's sheet is another table.
 */
static bool carries_on(const struct tvk_lexeme *lx, struct span p,
		struct span base)
{
	size_t counts = 0, last = SIZE_MAX;
	for (size_t i = p.from; i < p.to; i++) {
		if (lx[i].kind == TVK_LINE_TITLE) {
			size_t j = line_at(lx, base, lx[i].line);
			if (j == SIZE_MAX || !same_shape(lx[i].line,
					lx[j].line))
				return false;
			continue;
		}
		bool named = named_row(&lx[i]);
		if (!named && !counts_only(&lx[i]))
			continue;
		size_t j = line_at(lx, base, lx[i].line);
		if (j == SIZE_MAX || lx[j].n_lead == 0 ||
				(last != SIZE_MAX && j <= last) ||
				(named && !same_name(&lx[i], &lx[j])) ||
				counts_of(&lx[i]) + counts_of(&lx[j]) >
				TVK_N_FIELDS)
			return false;
		last = j;
		counts++;
	}
	return counts >= 2;
}

/* A line of @pieces lines (the first the one the others join), the words
 * of piece k from @from[k] on moved right by @dx[k], lexed again. */
static void join_lines(const struct tvk_line *const *pieces,
		const double *from, const double *dx, size_t n,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct tvk_lexeme *out)
{
	size_t words = 0, len = 0;
	for (size_t k = 0; k < n; k++) {
		words += pieces[k]->n_words;
		len += strlen(pieces[k]->text) + 1;
	}
	struct tvk_word *w = tvk_arena_array(arena, words ? words : 1,
		sizeof(*w));
	char *text = tvk_arena_alloc(arena, len + 1), *p = text;
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < pieces[k]->n_words; i++) {
			if (pieces[k]->words[i].box.x0 < from[k])
				continue;
			w[m] = pieces[k]->words[i];
			w[m].box.x0 += dx[k];
			w[m].box.x1 += dx[k];
			size_t l = strlen(w[m].text);
			if (m)
				*p++ = ' ';
			memcpy(p, w[m].text, l);
			p += l;
			m++;
		}
	*p = '\0';
	struct tvk_line *line = tvk_arena_alloc(arena, sizeof(*line));
	/* Its box is its first piece's, on the page the row is on. */
	*line = (struct tvk_line){
		.page = pieces[0]->page, .box = pieces[0]->box, .words = w,
		.n_words = m, .text = text,
	};
	tvk_lex_line(lexer, line, arena, out);
}

struct joined {
	struct tvk_lexeme *lx;
	size_t n, cap;
};

static void push(struct joined *j, const struct tvk_lexeme *l)
{
	tvk_grow((void **)&j->lx, &j->cap, j->n + 1, sizeof(*j->lx));
	j->lx[j->n++] = *l;
}

/* ---- pages side by side ------------------------------------------------ */

/*
 * The spreads of the document into *@spreads (malloc'd), their number
 * returned; @span gives each page's lexemes.
 */
static size_t find_spreads(const struct tvk_lexeme *lx,
		const struct span *span, const struct tvk_page *pages,
		int n_pages, struct tvk_spread **spreads)
{
	size_t n = 0, cap = 0;
	*spreads = NULL;
	int base = 1;
	double dx = 0;
	for (int p = 2; p <= n_pages; p++) {
		if (!carries_on(lx, span[p - 1], span[base - 1])) {
			base = p;
			dx = 0;
			continue;
		}
		double w = pages ? pages[p - 2].width : 0;
		dx += w > 0 ? w : 612;
		tvk_grow((void **)spreads, &cap, n + 1, sizeof(**spreads));
		(*spreads)[n++] = (struct tvk_spread){p, base, dx};
	}
	return n;
}

/*
 * The line of the page @s that goes on the line @i of the page it was set
 * beside, or SIZE_MAX: the one that lines up with it, not taken yet
 * (@used), if it is a row (even one lex took for furniture: a lone count
 * reads as a page number) or any other line but the page's running title
 * or footer.
 */
static size_t piece_of(const struct tvk_lexeme *lx, struct span s, size_t i,
		const bool *used)
{
	size_t j = line_at(lx, s, lx[i].line);
	if (j == SIZE_MAX || used[j])
		return SIZE_MAX;
	if (counts_only(&lx[j]) || (named_row(&lx[j]) &&
			same_name(&lx[j], &lx[i])))
		return j;
	if (lx[j].kind == TVK_LINE_NOISE || same_shape(lx[j].line, lx[i].line))
		return SIZE_MAX;
	return j;
}

/* The lines of the document with each spread page's lines on those of
 * its base that they line up with. */
static void set_beside(const struct tvk_lexeme *lx, const struct span *span,
		int n_pages, const struct tvk_spread *spreads, size_t n_spreads,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct joined *out)
{
	size_t n = span[n_pages - 1].to;
	bool *used = tvk_xcalloc(n ? n : 1, sizeof(*used));
	const struct tvk_line **pieces = tvk_xmalloc((n_spreads + 1) *
		sizeof(*pieces));
	double *dx = tvk_xmalloc((n_spreads + 1) * sizeof(*dx));
	double *from = tvk_xmalloc((n_spreads + 1) * sizeof(*from));
	for (int p = 1; p <= n_pages; p++) {
		struct span s = span[p - 1];
		for (size_t i = s.from; i < s.to; i++) {
			if (used[i])
				continue;
			size_t m = 0;
			pieces[m] = lx[i].line;
			from[m] = -INFINITY;
			dx[m++] = 0;
			for (size_t k = 0; k < n_spreads; k++) {
				if (spreads[k].base != p)
					continue;
				struct span beside = span[spreads[k].page - 1];
				size_t j = piece_of(lx, beside, i, used);
				if (j == SIZE_MAX)
					continue;
				used[j] = true;
				pieces[m] = lx[j].line;
				/* a name printed again is left out */
				from[m] = same_name(&lx[j], &lx[i]) ?
					lx[j].tokens[lx[j].n_lead].box.x0 :
					-INFINITY;
				dx[m++] = spreads[k].dx;
			}
			if (m == 1) {
				push(out, &lx[i]);
				continue;
			}
			struct tvk_lexeme joined;
			join_lines(pieces, from, dx, m, lexer, arena, &joined);
			push(out, &joined);
		}
	}
	free(from);
	free(dx);
	free(pieces);
	free(used);
}

/* ---- a wrapped Totaal AMR ---------------------------------------------- */

/* Whether @l may be a piece of the label of the row @row: a short line
 * of words, no count, just above or below it on its page, left of its
 * counts. */
static bool label_piece(const struct tvk_lexeme *l,
		const struct tvk_lexeme *row)
{
	const struct tvk_line *a = l->line, *r = row->line;
	/* ("Totaal" alone reads as a header word) */
	if ((l->kind != TVK_LINE_TEXT && l->kind != TVK_LINE_HEADER) ||
			a->page != r->page ||
			l->n_tokens == 0 || l->n_tokens > 3)
		return false;
	for (size_t k = 0; k < l->n_tokens; k++)
		if (l->tokens[k].kind == TVK_TOKEN_NUMBER ||
				l->tokens[k].box.x1 >
				row->tokens[row->n_lead].box.x0)
			return false;
	double gap = a->box.y0 >= r->box.y0 ? a->box.y0 - r->box.y1 :
		r->box.y0 - a->box.y1;
	return gap < 0.8 * height_of(r);
}

/* The row @row's line with the pieces of its label: @pieces[@lead] is the
 * row's own line; its words left of its counts come after the pieces
 * before it, its counts after all; lexed again. */
static void join_label(const struct tvk_line *const *pieces, size_t n,
		size_t lead, const struct tvk_lexeme *row,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct tvk_lexeme *out)
{
	double counts = row->tokens[row->n_lead].box.x0;
	const struct tvk_line *own = pieces[lead];
	size_t words = 0, len = 0;
	for (size_t k = 0; k < n; k++) {
		words += pieces[k]->n_words;
		len += strlen(pieces[k]->text) + 1;
	}
	struct tvk_word *w = tvk_arena_array(arena, words, sizeof(*w));
	size_t m = 0;
	for (size_t k = 0; k <= n; k++) {
		/* k == n: the row's counts */
		const struct tvk_line *l = k < n ? pieces[k] : own;
		for (size_t i = 0; i < l->n_words; i++) {
			bool count = l->words[i].box.x0 >= counts;
			if (l == own && count != (k == n))
				continue;
			w[m++] = l->words[i];
		}
	}
	char *text = tvk_arena_alloc(arena, len + 1), *p = text;
	for (size_t i = 0; i < m; i++) {
		size_t l = strlen(w[i].text);
		if (i)
			*p++ = ' ';
		memcpy(p, w[i].text, l);
		p += l;
	}
	*p = '\0';
	struct tvk_line *line = tvk_arena_alloc(arena, sizeof(*line));
	*line = (struct tvk_line){
		.page = own->page, .box = own->box, .words = w, .n_words = m,
		.text = text,
	};
	for (size_t k = 0; k < n; k++) {
		line->box.x0 = tvk_min(line->box.x0, pieces[k]->box.x0);
		line->box.y0 = tvk_min(line->box.y0, pieces[k]->box.y0);
		line->box.x1 = tvk_max(line->box.x1, pieces[k]->box.x1);
		line->box.y1 = tvk_max(line->box.y1, pieces[k]->box.y1);
	}
	tvk_lex_line(lexer, line, arena, out);
}

static bool anchors(const struct tvk_lexeme *l)
{
	return l->kind == TVK_LINE_TOTAL || l->kind == TVK_LINE_NATIONAL;
}

static bool counted_row(const struct tvk_lexeme *l)
{
	return l->kind == TVK_LINE_ROW && l->n_tokens > l->n_lead;
}

/* Whether a row of @lx has a piece of a label beside it. */
static bool may_wrap(const struct tvk_lexeme *lx, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (counted_row(&lx[i]) && ((i > 0 &&
				label_piece(&lx[i - 1], &lx[i])) ||
				(i + 1 < n && label_piece(&lx[i + 1], &lx[i]))))
			return true;
	return false;
}

/*
 * The lines with a total whose label wraps joined: a row of counts whose
 * name, with the piece above it, below it or both, reads as "Totaal AMR"
 * (or "Nederland").  Nothing else is joined: a municipality's wrapped
 * name is the repair stage's to mend.
 */
static void join_totals(const struct tvk_lexeme *lx, size_t n,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct joined *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct tvk_lexeme *l = &lx[i];
		bool row = counted_row(l);
		/* the piece above only when it is still a line of its own */
		bool above = row && i > 0 && label_piece(&lx[i - 1], l) &&
			out->n && out->lx[out->n - 1].line == lx[i - 1].line;
		bool below = row && i + 1 < n && label_piece(&lx[i + 1], l);
		if (!above && !below) {
			push(out, l);
			continue;
		}
		/* Tried in turn: the label on the counts' line and below, above
		 * and on it, around it. */
		static const bool tries[3][2] = {
			{false, true}, {true, false}, {true, true},
		};
		bool done = false;
		for (int t = 0; t < 3 && !done; t++) {
			if ((tries[t][0] && !above) || (tries[t][1] && !below))
				continue;
			const struct tvk_line *pieces[3];
			size_t m = 0;
			if (tries[t][0])
				pieces[m++] = lx[i - 1].line;
			size_t lead = m;
			pieces[m++] = l->line;
			if (tries[t][1])
				pieces[m++] = lx[i + 1].line;
			struct tvk_lexeme j;
			join_label(pieces, m, lead, l, lexer, arena, &j);
			if (!anchors(&j))
				continue;
			if (tries[t][0])
				out->n--;
			push(out, &j);
			i += tries[t][1];
			done = true;
		}
		if (!done)
			push(out, l);
	}
}

size_t tvk_rejoin(const struct tvk_lexeme *lexemes, size_t n,
		const struct tvk_page *pages, int n_pages,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		const struct tvk_lexeme **out,
		const struct tvk_spread **spreads, size_t *n_spreads)
{
	*out = lexemes;
	*spreads = NULL;
	*n_spreads = 0;
	struct joined beside = {0}, totals = {0};
	const struct tvk_lexeme *lx = lexemes;

	/* The lexemes come page by page. */
	int last_page = n_pages;
	for (size_t i = 0; i < n; i++)
		last_page = lexemes[i].line->page > last_page ?
			lexemes[i].line->page : last_page;
	struct span *span = tvk_xcalloc(last_page > 0 ? (size_t)last_page : 1,
		sizeof(*span));
	for (size_t i = 0, p = 0; p < (size_t)last_page; p++) {
		span[p].from = i;
		while (i < n && lexemes[i].line->page <= (int)p + 1)
			i++;
		span[p].to = i;
	}
	struct tvk_spread *found;
	size_t n_found = find_spreads(lexemes, span, pages, last_page, &found);
	if (n_found) {
		set_beside(lexemes, span, last_page, found, n_found, lexer,
			arena, &beside);
		lx = beside.lx;
		n = beside.n;
		struct tvk_spread *s = tvk_arena_array(arena, n_found,
			sizeof(*s));
		memcpy(s, found, n_found * sizeof(*s));
		*spreads = s;
		*n_spreads = n_found;
	}
	free(found);
	free(span);

	/* Most documents have no line to join: they are read as they are,
	 * without a copy. */
	if (lx != lexemes || may_wrap(lx, n)) {
		join_totals(lx, n, lexer, arena, &totals);
		struct tvk_lexeme *copy = tvk_arena_array(arena,
			totals.n ? totals.n : 1, sizeof(*copy));
		if (totals.n)
			memcpy(copy, totals.lx, totals.n * sizeof(*copy));
		*out = copy;
		n = totals.n;
	}
	free(totals.lx);
	free(beside.lx);
	return n;
}
