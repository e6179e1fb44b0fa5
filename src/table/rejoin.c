/*
 * Lines the table stage reads as one.
 *
 * A Totaal AMR whose label wraps ("Totaal" beside the counts, "AMR" on
 * the line below, or above, or both around the counts) is one line: the
 * total anchors its table, so it must be seen as the total before the
 * table is built, not mended after as a wrapped name is.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "table/rejoin.h"

static double height_of(const struct tvk_line *l)
{
	double h = l->box.y1 - l->box.y0;
	return h > 0 ? h : 1;
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
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		const struct tvk_lexeme **out)
{
	*out = lexemes;
	/* Most documents have no line to join: they are read as they are,
	 * without a copy. */
	if (!may_wrap(lexemes, n))
		return n;
	struct joined totals = {0};
	join_totals(lexemes, n, lexer, arena, &totals);
	struct tvk_lexeme *copy = tvk_arena_array(arena,
		totals.n ? totals.n : 1, sizeof(*copy));
	if (totals.n)
		memcpy(copy, totals.lx, totals.n * sizeof(*copy));
	*out = copy;
	n = totals.n;
	free(totals.lx);
	return n;
}
