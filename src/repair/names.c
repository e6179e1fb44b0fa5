/*
 * The repair stage, second pass: the names.  Region label fragments in
 * front of a name are removed (those in the label's own column always,
 * those glued to the name when what remains matches better), names wrapped
 * over lines joined — around their counts too — and every name matched in
 * the gazetteer within the region on the table's date; a name's short
 * noise is dropped only when the rest is exactly a municipality.  What
 * cannot be named is a problem, never a guess.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/macros.h"
#include "base/text.h"
#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "read/lex.h"
#include "repair/repair-internal.h"
#include "repair/repair.h"
#include "table/table.h"

/*
 * The region label as printed, in pieces found in several places — lines
 * of its own, fragments in front of names — put in reading order at the
 * end: page, then line (top down), then left to right.
 */
struct label_piece {
	int page;
	double y, x;
	const char *text;
};

struct label_text {
	struct label_piece piece[32];
	size_t n;
};

static void label_add(struct label_text *lt, int page, double y, double x,
		const char *text)
{
	if (lt->n < TVK_ARRAY_LEN(lt->piece))
		lt->piece[lt->n++] = (struct label_piece){page, y, x, text};
}

static bool piece_before(const struct label_piece *a,
		const struct label_piece *b)
{
	if (a->page != b->page)
		return a->page < b->page;
	if (a->y != b->y)
		return a->y < b->y;
	return a->x < b->x;
}

/* The label in reading order, less its code: "Zaanstreek- Waterland". */
static const char *label_printed(struct label_text *lt,
		struct tvk_arena *arena)
{
	for (size_t i = 1; i < lt->n; i++) /* insertion sort: stable, tiny */
		for (size_t j = i; j > 0 && piece_before(&lt->piece[j],
				&lt->piece[j - 1]); j--) {
			struct label_piece tmp = lt->piece[j];
			lt->piece[j] = lt->piece[j - 1];
			lt->piece[j - 1] = tmp;
		}
	struct tvk_buf b = {0};
	for (size_t i = 0; i < lt->n; i++) {
		const char *p = lt->piece[i].text;
		if (b.len == 0) {
			while (isdigit((unsigned char)*p))
				p++;
			while (*p == ' ')
				p++;
		}
		if (*p)
			tvk_buf_printf(&b, "%s%s", b.len ? " " : "", p);
	}
	const char *out = b.len ? tvk_arena_strdup(arena, b.s) : NULL;
	free(b.s);
	return out;
}

/*
 * Names are matched again and again while a table is read (each tail of a
 * lead, each join tried, then the final name): the answers are kept for
 * the table, so each string meets the edit distances once.
 */
struct memo_entry {
	const char *text;
	int region;
	struct tvk_match match;
};

struct memo {
	struct memo_entry *items;
	size_t n, cap;
	int date; /* the table's reference date */
};

static struct tvk_match match_memo(struct memo *memo, const char *text,
		int region)
{
	for (size_t i = 0; i < memo->n; i++)
		if (memo->items[i].region == region &&
				strcmp(memo->items[i].text, text) == 0)
			return memo->items[i].match;
	struct tvk_match m = tvk_gazetteer_match_at(text, region, memo->date);
	tvk_grow((void **)&memo->items, &memo->cap, memo->n + 1,
		sizeof(*memo->items));
	memo->items[memo->n++] = (struct memo_entry){text, region, m};
	return m;
}

/*
 * A label printed in its own column is layout, not damage: only a label
 * fragment glued to the name — at a word's distance, as an OCR text layer
 * or a flattened table leaves it — is logged as a repair.
 */
static bool glued(const struct tvk_token *last, const struct tvk_token *next)
{
	size_t chars = strlen(last->text) + strlen(next->text);
	double width = (last->box.x1 - last->box.x0) +
		(next->box.x1 - next->box.x0);
	double glyph = chars ? width / (double)chars : 5.0;
	return next->box.x0 - last->box.x1 < 2 * glyph;
}

/* Joins two printed pieces of a name: "Leidschendam-" + "Voorburg". */
static char *join_name(const char *a, const char *b, struct tvk_arena *arena)
{
	size_t la = strlen(a);
	bool hyphen = la > 0 && a[la - 1] == '-';
	return tvk_arena_printf(arena, "%s%s%s", a, hyphen ? "" : " ", b);
}

/* The number of region-code tokens in front of @row's lead. */
static size_t code_tokens(const struct tvk_row *row)
{
	size_t k = 0;
	while (k < row->n_lead_tokens &&
			tvk_is_code_token(row->lead_tokens[k].text))
		k++;
	return k;
}

/*
 * What a row's name is made of while the table is read: its own lead
 * tokens from @start on, and the pieces of a name wrapped over lines
 * above (@prefix) and below (@suffix) the line its counts stand on.
 */
struct name_parts {
	size_t start;
	const char *prefix, *suffix;
};

/* The names pass over one table. */
struct names {
	const struct tvk_table *t;
	struct tvk_reading *rd;
	struct tvk_arena *arena;
	struct region_words rw;
	struct label_text label;
	struct memo memo;
	struct name_parts *parts; /* per row */
};

/* The name @row's parts make, with its lead cut at token @k. */
static char *compose(const struct tvk_row *row, size_t k, const char *prefix,
		const char *suffix, struct tvk_arena *arena)
{
	char *name = tvk_lex_join(row->lead_tokens, k, row->n_lead_tokens, arena);
	if (prefix)
		name = *name ? join_name(prefix, name, arena) :
			tvk_arena_strdup(arena, prefix);
	if (suffix)
		name = *name ? join_name(name, suffix, arena) :
			tvk_arena_strdup(arena, suffix);
	return name;
}

/*
 * Where the name begins among @row's lead tokens, after the region's code
 * and fragments of its name ("7 Zaanstreek-", "Waterland", "en jmond"): the
 * tokens in the label's own column always go, and a prefix of fragments
 * after them is cut off only when what remains — with the pieces wrapped
 * above and below — matches a municipality better than the whole;
 * "Waterland" alone is a municipality of Zaanstreek-Waterland and stays
 * one.  *@rank gets the match rank of the name so cut.
 */
static size_t name_start(const struct tvk_row *row, const char *prefix,
		const char *suffix, int region, const struct region_words *rw,
		struct memo *memo, struct tvk_arena *arena, int *rank)
{
	const struct tvk_token *tok = row->lead_tokens;
	size_t n = row->n_lead_tokens;
	size_t start = code_tokens(row);
	if (row->n_label_tokens > start)
		start = row->n_label_tokens;
	size_t limit = start;
	while (limit < n && tvk_is_fragment(tok[limit].text, rw))
		limit++;

	size_t best_k = start;
	int best_rank = -1;
	for (size_t k = start; k <= limit && (k < n || k == start); k++) {
		char *name = compose(row, k, prefix, suffix, arena);
		int r = *name ? tvk_match_rank(match_memo(memo, name, region)) : 0;
		if (r > best_rank) {
			best_rank = r;
			best_k = k;
		}
	}
	if (best_rank <= 0)
		best_k = start; /* nothing matches: keep all but the label */
	*rank = best_rank > 0 ? best_rank : 0;
	return best_k;
}

/*
 * Gives @row's lead tokens [@from, @to) to the label.  Only fragments
 * glued to the name — at a word's distance, as an OCR text layer or a
 * flattened table leaves them — are logged as a repair: a label printed in
 * its own column is layout, not damage.
 */
static void give_to_label(struct names *n, size_t i_row, size_t from,
		size_t to)
{
	const struct tvk_row *row = &n->t->rows[i_row];
	const struct tvk_row_reading *rr = &n->rd->rows[i_row];
	struct tvk_arena *arena = n->arena;
	struct label_text *label = &n->label;
	const struct tvk_token *tok = row->lead_tokens;
	size_t code_end = code_tokens(row);
	for (size_t i = from; i < to; i++)
		label_add(label, row->page, row->box.y0, tok[i].box.x0,
			tok[i].text);
	if (to > code_end && to > row->n_label_tokens &&
			to < row->n_lead_tokens && glued(&tok[to - 1], &tok[to])) {
		size_t first = code_end > from ? code_end : from;
		if (row->n_label_tokens > first)
			first = row->n_label_tokens;
		const char *fragment = tvk_lex_join(tok, first, to, arena);
		tvk_repair_log_add(&n->rd->repairs, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_LABEL_FRAGMENT, .subject = rr->name,
			.field = "name", .printed = row->lead, .text = rr->name,
			.evidence = tvk_arena_printf(arena,
				"'%s' is part of the region label '%s'",
				fragment, tvk_gazetteer_region(n->rd->region)->name),
			.row = i_row, .field_index = TVK_NO_FIELD});
	}
}

/* Removes what stands in front of @row's name; sets its parts. */
static void strip_label(struct names *n, size_t i)
{
	const struct tvk_row *row = &n->t->rows[i];
	int rank;
	size_t k = name_start(row, NULL, NULL, n->rd->region, &n->rw, &n->memo,
		n->arena, &rank);
	n->rd->rows[i].name = compose(row, k, NULL, NULL, n->arena);
	give_to_label(n, i, 0, k);
	n->parts[i] = (struct name_parts){k, NULL, NULL};
}

static bool all_fragments(const struct tvk_aside *a,
		const struct region_words *rw)
{
	for (size_t i = 0; i < a->n_tokens; i++)
		if (!tvk_is_fragment(a->tokens[i].text, rw))
			return false;
	return a->n_tokens > 0;
}

static bool nameless(const struct tvk_row_reading *rr)
{
	return !rr->name || !*rr->name;
}

/* The vertical distance between two boxes on one page; INFINITY across
 * pages. */
static double gap(int page_a, struct tvk_box a, int page_b, struct tvk_box b)
{
	if (page_a != page_b)
		return INFINITY;
	double ma = (a.y0 + a.y1) / 2, mb = (b.y0 + b.y1) / 2;
	return ma > mb ? ma - mb : mb - ma;
}

/*
 * Row @i's name with @prefix and @suffix as the pieces wrapped above and
 * below its line: where its lead is cut (*@k; what is cut stays cut), the
 * name (*@with), and how much better it matches than the row's name now.
 * Joined to the row above, the label fragments in front of its name are
 * weighed again: "7 Zaanstreek-Waterland Edam-" matched nothing until
 * "Volendam" came.
 */
static int weigh_join(struct names *n, size_t i, const char *prefix,
		const char *suffix, size_t *k, char **with)
{
	const struct tvk_row *row = &n->t->rows[i];
	const struct tvk_row_reading *rr = &n->rd->rows[i];
	int region = n->rd->region;
	int rank = nameless(rr) ? 0 :
		tvk_match_rank(match_memo(&n->memo, rr->name, region));
	int joined_rank;
	*k = name_start(row, prefix, suffix, region, &n->rw, &n->memo,
		n->arena, &joined_rank);
	if (*k < n->parts[i].start)
		*k = n->parts[i].start;
	*with = compose(row, *k, prefix, suffix, n->arena);
	return tvk_match_rank(match_memo(&n->memo, *with, region)) - rank;
}

/*
 * Row @i takes a piece of its name from a line of its own: its name
 * becomes @joined, cut at lead token @k, with @prefix or @suffix (the
 * pieces above or below) as they now are; logged as a join of @printed.
 */
static void join_aside(struct names *n, size_t i, const char *joined,
		size_t k, const char *prefix, const char *suffix,
		const char *printed, const char *evidence)
{
	struct name_parts *p = &n->parts[i];
	n->rd->rows[i].name = joined;
	if (prefix)
		p->prefix = prefix;
	if (suffix)
		p->suffix = suffix;
	if (k > p->start) {
		give_to_label(n, i, p->start, k);
		p->start = k;
	}
	tvk_repair_log_add(&n->rd->repairs, n->arena, &(struct tvk_repair){
		.kind = TVK_REPAIR_NAME_JOIN, .subject = joined,
		.field = "name", .printed = printed, .text = joined,
		.evidence = evidence, .row = i, .field_index = TVK_NO_FIELD});
}

/*
 * A line without counts inside the body: the rest of a name wrapped over
 * lines, a fragment of the region label, or something that is no part of
 * the table.  A row printed without a name takes the piece next to it (the
 * name wrapped around its counts: "Hardinxveld-" / counts / "Giessendam");
 * otherwise the piece goes to the row above or below, whichever join turns
 * a poorer match into a better one; when the gazetteer cannot tell, to a
 * row whose band it clearly stands in.  Anything else is reported, and
 * makes the table invalid.
 */
static void place_aside(struct names *n, const struct tvk_aside *a)
{
	const struct tvk_table *t = n->t;
	struct tvk_arena *arena = n->arena;
	const struct region_words *rw = &n->rw;
	struct label_text *label = &n->label;
	struct name_parts *parts = n->parts;
	int region = n->rd->region;
	const char *text = a->text;
	if (!text || !*text) {
		/* No name and no count: specks a scan's OCR read as letters
		 * between two rows.  A lost row would fail every column sum
		 * (and leave a municipality missing), so this is noise. */
		if (a->junk)
			tvk_problem_add(&n->rd->problems, arena, true, "layout",
				TVK_AT_TABLE, "a line inside the table has no "
				"name and nothing that reads as a count: '%s', "
				"taken for noise", a->lexeme->line->text);
		return;
	}
	if (a->n_tokens > 0 && a->n_label_tokens == a->n_tokens) {
		label_add(label, a->page, a->box.y0, a->box.x0, text);
		return;
	}
	/* What stands in the label's column is the label's; the rest is
	 * the piece of a name ("7 Zaanstreek-Waterland" | "Edam-"). */
	if (a->n_label_tokens > 0) {
		label_add(label, a->page, a->box.y0, a->box.x0,
			tvk_lex_join(a->tokens, 0, a->n_label_tokens, arena));
		text = tvk_lex_join(a->tokens, a->n_label_tokens, a->n_tokens,
			arena);
	}
	size_t i_prev = a->rows_before - 1, i_next = a->rows_before;
	const struct tvk_row *prev = a->rows_before > 0 ? &t->rows[i_prev] :
		NULL;
	const struct tvk_row *next = a->rows_before < t->n_rows ?
		&t->rows[i_next] : NULL;
	struct tvk_row_reading *rprev = prev ? &n->rd->rows[i_prev] : NULL;
	struct tvk_row_reading *rnext = next ? &n->rd->rows[i_next] : NULL;
	double d_prev = prev ? gap(prev->page, prev->box, a->page, a->box) :
		INFINITY;
	double d_next = next ? gap(next->page, next->box, a->page, a->box) :
		INFINITY;

	int gain_prev = INT_MIN, gain_next = INT_MIN;
	char *with_prev = NULL, *with_next = NULL;
	const char *prev_suffix = NULL, *next_prefix = NULL;
	size_t prev_k = 0, next_k = 0;
	if (prev) {
		const struct name_parts *p = &parts[i_prev];
		prev_suffix = p->suffix ? join_name(p->suffix, text, arena) :
			text;
		gain_prev = weigh_join(n, i_prev, p->prefix, prev_suffix,
			&prev_k, &with_prev);
	}
	if (next) {
		const struct name_parts *p = &parts[i_next];
		next_prefix = p->prefix ? join_name(p->prefix, text, arena) :
			text;
		gain_next = weigh_join(n, i_next, next_prefix, p->suffix,
			&next_k, &with_next);
	}
	bool to_prev = false, to_next = false;
	const char *evidence = "the name is wrapped over lines; joined, it "
		"matches a municipality of the region";
	if (gain_prev > 0 && gain_prev >= gain_next) {
		to_prev = true;
	} else if (gain_next > 0) {
		to_next = true;
	} else if (next && nameless(rnext) && !(prev && nameless(rprev) &&
			d_prev < d_next)) {
		to_next = true;
		evidence = "the row's counts are printed without a name; the "
			"line next to them is its name";
	} else if (prev && nameless(rprev)) {
		to_prev = true;
		evidence = "the row's counts are printed without a name; the "
			"line next to them is its name";
	} else if (region && all_fragments(a, rw)) {
		label_add(label, a->page, a->box.y0, a->box.x0, text);
		return;
	} else if (prev && d_prev < 0.6 * d_next && gain_prev == 0) {
		to_prev = true;
		evidence = "the line stands in the row's band, closer to it "
			"than to the next row";
	} else if (next && d_next < 0.6 * d_prev && gain_next == 0) {
		to_next = true;
		evidence = "the line stands in the row's band, closer to it "
			"than to the row above";
	}
	if (to_prev) {
		join_aside(n, i_prev, with_prev, prev_k, NULL, prev_suffix,
			tvk_arena_printf(arena, "%s / %s", nameless(rprev) ?
			"(no name)" : rprev->name, text), evidence);
		return;
	}
	if (to_next) {
		join_aside(n, i_next, with_next, next_k, next_prefix, NULL,
			tvk_arena_printf(arena, "%s / %s", text, nameless(rnext) ?
			"(no name)" : rnext->name), evidence);
		return;
	}
	tvk_problem_add(&n->rd->problems, arena, false, "layout",
		(struct tvk_problem_at){text, NULL, TVK_NO_ROW, TVK_NO_FIELD},
		"a line inside the table is neither a row, a wrapped name nor "
		"part of the region label");
}

/* Whether @token, folded, is a word of a name of the region @rw is of or
 * of one of its municipalities: a piece of a name, not noise. */
static bool word_of_names(const char *token, int region, int date,
		const struct region_words *rw)
{
	char folded[MAX_FOLD], name[MAX_FOLD];
	tvk_fold(token, folded, MAX_FOLD);
	if (!*folded || tvk_is_fragment(token, rw))
		return true;
	const struct tvk_municipality *const *list;
	size_t n = tvk_gazetteer_in_region_at(region, date, &list);
	for (size_t i = 0; i < n; i++) {
		tvk_fold(list[i]->name, name, MAX_FOLD);
		char *words[16];
		size_t k = tvk_fold_words(name, words, 16);
		for (size_t j = 0; j < k; j++)
			if (strcmp(words[j], folded) == 0)
				return true;
	}
	return false;
}

/*
 * A name followed by one or two short tokens (four letters at most) that
 * make it match nothing ("Aa en Hunze pes", "Wormerland ND", "Zevenaar
 * dist"): OCR reads marks, shading or a
 * lost cell as letters.  Returns the match of the name without them when
 * that is exact or folded, with @noise set to what was dropped; otherwise
 * leaves @noise NULL.  A token that is a word of the region's names ("Aa
 * en" of a wrapped "Aa en Hunze" after a glued label "Groningen") is a
 * piece of a name, never noise.
 */
static struct tvk_match match_without_noise(struct memo *memo,
		const char *name, int region, const struct region_words *rw,
		const char **noise, struct tvk_arena *arena)
{
	*noise = NULL;
	size_t len = strlen(name), cut = len;
	for (int dropped = 1; dropped <= 2; dropped++) {
		size_t end = cut;
		while (end > 0 && name[end - 1] == ' ')
			end--;
		size_t start = end;
		while (start > 0 && name[start - 1] != ' ')
			start--;
		if (start == 0 || end - start > 4 || word_of_names(
				tvk_arena_strndup(arena, name + start,
				end - start), region, memo->date, rw))
			break;
		cut = start;
		size_t keep = cut;
		while (keep > 0 && name[keep - 1] == ' ')
			keep--;
		char *head = tvk_arena_strndup(arena, name, keep);
		struct tvk_match m = match_memo(memo, head, region);
		if (m.kind == TVK_MATCH_EXACT || m.kind == TVK_MATCH_FOLDED) {
			*noise = tvk_arena_strdup(arena, name + cut);
			return m;
		}
	}
	return (struct tvk_match){.kind = TVK_MATCH_NONE};
}

/* Row @i's name read as @m's, logged with @evidence. */
static void name_repair(struct names *n, size_t i,
		const struct tvk_municipality *m, const char *evidence)
{
	const char *name = n->rd->rows[i].name;
	tvk_repair_log_add(&n->rd->repairs, n->arena, &(struct tvk_repair){
		.kind = TVK_REPAIR_NAME, .subject = name, .field = "name",
		.printed = name, .text = m->name, .evidence = evidence,
		.row = i, .field_index = TVK_NO_FIELD});
}

/*
 * The last names, by elimination: a table lists every municipality of its
 * region once (the composition check holds it to that), so when the rows
 * whose names match none are exactly as many as the municipalities of the
 * region without a row, those rows are those municipalities.  Which is
 * which is taken only where it is forced: a row still like one of them
 * alone (OCR spoils two letters of a short name, "Verway" for Venray,
 * beyond what a match allows), or a municipality like one of the rows
 * alone, and so on as pairs are taken; and each row's municipality must
 * be the one of them its printed name is nearest.  Unless every such row
 * is named so, none is.  A row that is no municipality's at all would
 * have to carry a missing one's counts to pass the sums.
 */
#define MAX_ELIMINATED 8

/* The weighted edit distance from printed @name to municipality @m when
 * it is still like it, -1 when not: half the letters of the name at
 * most, and the printed length within a third of the name's. */
static int likeness(const char *name, const struct tvk_municipality *m)
{
	char a[MAX_FOLD], b[MAX_FOLD];
	size_t la = tvk_fold(name, a, sizeof(a));
	size_t lb = tvk_fold(m->name, b, sizeof(b));
	int limit = (int)lb; /* a weighted edit is 2 */
	if (la == 0 || lb == 0 || la * 3 < lb * 2 || la * 2 > lb * 3)
		return -1;
	int d = tvk_fold_distance(a, b, limit);
	return d > limit ? -1 : d;
}

static void match_rest(struct names *n, const size_t *rows, size_t k)
{
	const struct tvk_municipality *const *all;
	size_t count = tvk_gazetteer_in_region_at(n->rd->region, n->memo.date,
		&all);
	const struct tvk_municipality *missing[MAX_ELIMINATED];
	size_t n_missing = 0;
	for (size_t j = 0; j < count; j++) {
		bool named = false;
		for (size_t r = 0; r < n->t->n_rows && !named; r++) {
			const struct tvk_municipality *m =
				n->rd->rows[r].municipality;
			named = m && strcmp(m->code, all[j]->code) == 0;
		}
		if (named)
			continue;
		if (n_missing == k)
			return; /* more missing than rows to be them */
		missing[n_missing++] = all[j];
	}
	if (n_missing != k)
		return;
	int d[MAX_ELIMINATED][MAX_ELIMINATED];
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++)
			d[i][j] = likeness(n->rd->rows[rows[i]].name, missing[j]);
	/* pairs taken while some row, or some municipality, has one
	 * partner left */
	int of_row[MAX_ELIMINATED], of_muni[MAX_ELIMINATED];
	for (size_t i = 0; i < k; i++)
		of_row[i] = of_muni[i] = -1;
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < k; i++)
			for (int side = 0; side < 2; side++) {
				int *mine = side ? of_muni : of_row;
				int *theirs = side ? of_row : of_muni;
				if (mine[i] >= 0)
					continue;
				int only = -1, options = 0;
				for (size_t j = 0; j < k; j++)
					if (theirs[j] < 0 && (side ? d[j][i] :
							d[i][j]) >= 0) {
						only = (int)j;
						options++;
					}
				if (options != 1)
					continue;
				mine[i] = only;
				theirs[only] = (int)i;
				more = true;
			}
	}
	for (size_t i = 0; i < k; i++) {
		if (of_row[i] < 0)
			return;
		for (size_t j = 0; j < k; j++)
			if ((int)j != of_row[i] && d[i][j] >= 0 &&
					d[i][j] <= d[i][of_row[i]])
				return; /* printed nearer another */
	}
	for (size_t i = 0; i < k; i++) {
		struct tvk_row_reading *row = &n->rd->rows[rows[i]];
		const struct tvk_municipality *m = missing[of_row[i]];
		int dist = d[i][of_row[i]];
		row->municipality = m;
		row->match = TVK_MATCH_FUZZY;
		name_repair(n, rows[i], m, k == 1 ?
			tvk_arena_printf(n->arena, "the only row whose name "
				"matches no municipality, and %s the only "
				"municipality of the region without a row; the "
				"printed name is %d.%d edits from it", m->name,
				dist / 2, dist % 2 ? 5 : 0) :
			tvk_arena_printf(n->arena, "%zu rows match no "
				"municipality and %zu municipalities of the "
				"region have no row; of those, the printed name "
				"is like %s (%d.%d edits) and is nearest it, and "
				"the others are taken by the other rows",
				k, k, m->name, dist / 2, dist % 2 ? 5 : 0));
	}
}

static void match_names(struct names *n)
{
	const struct tvk_table *t = n->t;
	struct tvk_arena *arena = n->arena;
	struct memo *memo = &n->memo;
	const struct region_words *rw = &n->rw;
	int region = n->rd->region;
	size_t unmatched[MAX_ELIMINATED], n_unmatched = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		struct tvk_row_reading *row = &n->rd->rows[i];
		if (!row->name || !*row->name) {
			tvk_problem_add(&n->rd->problems, arena, false, "name",
				(struct tvk_problem_at){NULL, "name", i,
				TVK_NO_FIELD}, "a row has counts but no name");
			continue;
		}
		struct tvk_match m = match_memo(memo, row->name, region);
		if (m.kind == TVK_MATCH_NONE && region) {
			/* Not of this region on the table's date: a
			 * municipality of another region, or of another year,
			 * which the composition check reports (validate.c). */
			struct tvk_match any = tvk_gazetteer_lookup_at(row->name,
				0, memo->date);
			if (any.kind != TVK_MATCH_EXACT &&
					any.kind != TVK_MATCH_FOLDED)
				any = tvk_gazetteer_lookup_any_date(row->name);
			if (any.kind == TVK_MATCH_EXACT ||
					any.kind == TVK_MATCH_FOLDED)
				m = any;
		}
		const char *noise = NULL;
		if (m.kind == TVK_MATCH_NONE || m.kind == TVK_MATCH_AMBIGUOUS) {
			struct tvk_match trimmed = match_without_noise(memo,
				row->name, region, rw, &noise, arena);
			if (noise)
				m = trimmed;
		}
		row->match = m.kind;
		if (noise) {
			row->municipality = m.municipality;
			name_repair(n, i, m.municipality, tvk_arena_printf(arena,
				"'%s' after the name is a scan's noise: nothing "
				"matches with it, and without it the name is "
				"%s's%s", noise, m.municipality->name,
				m.kind == TVK_MATCH_FOLDED ? " (after folding "
				"case, diacritics, punctuation and IJ)" : ""));
			continue;
		}
		switch (m.kind) {
		case TVK_MATCH_EXACT:
			row->municipality = m.municipality;
			break;
		case TVK_MATCH_FOLDED:
		case TVK_MATCH_FUZZY:
			row->municipality = m.municipality;
			name_repair(n, i, m.municipality,
				m.kind == TVK_MATCH_FOLDED ? "equal after folding "
				"case, diacritics, punctuation and IJ" :
				tvk_arena_printf(arena, "closest name of the "
					"region (edit distance %d.%d), no other "
					"within one edit", m.distance / 2,
					m.distance % 2 ? 5 : 0));
			break;
		case TVK_MATCH_AMBIGUOUS:
			tvk_problem_add(&n->rd->problems, arena, false, "name",
				(struct tvk_problem_at){row->name, "code", i,
				TVK_NO_FIELD},
				"'%s' is as close to %s as to %s: no code",
				row->name, m.municipality ? m.municipality->name :
				"?", m.rival ? m.rival->name : "?");
			break;
		case TVK_MATCH_NONE:
			if (n_unmatched <= MAX_ELIMINATED) {
				if (n_unmatched < MAX_ELIMINATED)
					unmatched[n_unmatched] = i;
				n_unmatched++;
			}
			break;
		}
	}
	if (n_unmatched > 0 && n_unmatched <= MAX_ELIMINATED)
		match_rest(n, unmatched, n_unmatched);
	for (size_t i = 0; i < t->n_rows; i++) {
		struct tvk_row_reading *row = &n->rd->rows[i];
		if (row->name && *row->name && row->match == TVK_MATCH_NONE)
			tvk_problem_add(&n->rd->problems, arena, false, "name",
				(struct tvk_problem_at){row->name, "code", i,
				TVK_NO_FIELD},
				"no municipality matches '%s'", row->name);
	}
	/* Two rows naming the same municipality (one of them misread) are
	 * the composition check's to report (validate.c). */
}

void tvk_read_names(struct read_ctx *c)
{
	const struct tvk_table *t = c->t;
	struct names n = {.t = t, .rd = c->rd, .arena = c->arena,
		.memo = {.date = tvk_table_date(t)}};
	const struct tvk_region *region = tvk_gazetteer_region(c->rd->region);
	if (region)
		tvk_region_words(region, &n.rw);

	/* Labels on lines of their own above the rows. */
	bool *used = tvk_xcalloc(t->n_asides + 1, sizeof(*used));
	for (size_t i = 0; i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (a->rows_before == 0 && !a->after_total && region &&
				(tvk_label_code(a->tokens, a->n_tokens) ==
				 c->rd->region || (n.label.n &&
				 all_fragments(a, &n.rw)))) {
			label_add(&n.label, a->page, a->box.y0, a->box.x0,
				a->text);
			used[i] = true;
		}
	}
	n.parts = tvk_xcalloc(t->n_rows + 1, sizeof(*n.parts));
	for (size_t i = 0; i < t->n_rows; i++)
		strip_label(&n, i);
	for (size_t i = 0; i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (used[i])
			continue;
		if (a->after_total) {
			if (region && tvk_label_code(a->tokens, a->n_tokens) ==
					c->rd->region)
				label_add(&n.label, a->page, a->box.y0,
					a->box.x0, a->text);
		} else if (a->place == TVK_ASIDE_INSIDE) {
			place_aside(&n, a);
		}
	}
	free(n.parts);
	free(used);
	match_names(&n);
	free(n.memo.items);

	const char *printed = label_printed(&n.label, c->arena);
	if (printed)
		c->rd->region_printed = printed;
}
