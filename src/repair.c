/*
 * The repair stage.  Three passes over a raw table:
 *
 *  1. the region: from the label the table prints (its code, in the first
 *     column, on a line of its own or after the table), the title, the
 *     register sentence and the municipalities it lists;
 *  2. the names: region label fragments glued in front of a municipality
 *     are removed, names wrapped over two lines joined, every name matched
 *     in the gazetteer within the region;
 *  3. the numbers: every printed cell read, and an empty or unreadable
 *     cell inferred only where its row sum and its column sum both pin it
 *     to the same value.
 *
 * Each pass logs what it decided in the table's repairs; what it cannot
 * decide it lists as a problem and leaves alone.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/gazetteer.h>
#include <tvk/repair.h>
#include <tvk/validate.h>

#include "repair-internal.h"
#include "text.h"
#include "util.h"

#define MAX_FOLD 256

/* ---- folding helpers -------------------------------------------------- */

static void fold(const char *s, char out[MAX_FOLD])
{
	tvk_fold(s, out, MAX_FOLD);
}

/* Splits folded @s (modified) into words. */
static size_t fold_words(char *s, char **words, size_t cap)
{
	size_t n = 0;
	char *save = NULL;
	for (char *p = strtok_r(s, " ", &save); p && n < cap;
			p = strtok_r(NULL, " ", &save))
		words[n++] = p;
	return n;
}

static bool is_code_token(const char *s)
{
	size_t len = strlen(s);
	return len >= 1 && len <= 2 && isdigit((unsigned char)s[0]) &&
		(len == 1 || isdigit((unsigned char)s[1]));
}

/*
 * The words of a region's name and printed variants, folded: what a label
 * fragment may consist of.  "Zuid-Kennemerland en IJmond" gives zuid,
 * kennemerland, en, ijmond.
 */
struct region_words {
	char buf[1024];
	char *words[48];
	size_t n;
};

static void region_words(const struct tvk_region *r, struct region_words *rw)
{
	rw->n = 0;
	size_t used = 0;
	const char *names[16];
	size_t n_names = 0;
	names[n_names++] = r->name;
	for (size_t i = 0; r->variants && r->variants[i] && n_names < 16; i++)
		names[n_names++] = r->variants[i];
	/* and the names it had at other dates ("Stedendriehoek en
	 * Noordwest Veluwe"): a label is printed in the words of its year */
	for (size_t i = 0; i < r->n_names && n_names < 16; i++)
		if (strcmp(r->names[i].name, r->name) != 0)
			names[n_names++] = r->names[i].name;
	for (size_t i = 0; i < n_names; i++) {
		char folded[MAX_FOLD];
		fold(names[i], folded);
		size_t len = strlen(folded);
		if (used + len + 1 > sizeof(rw->buf))
			break;
		char *copy = rw->buf + used;
		memcpy(copy, folded, len + 1);
		used += len + 1;
		rw->n += fold_words(copy, rw->words + rw->n,
				TVK_ARRAY_LEN(rw->words) - rw->n);
	}
}

/* One word against a region word: exact for short words ("en"), within
 * one light edit for longer ones ("jmond" for "ijmond"). */
static bool word_in_region(const char *w, const struct region_words *rw)
{
	size_t len = strlen(w);
	for (size_t i = 0; i < rw->n; i++) {
		if (strcmp(w, rw->words[i]) == 0)
			return true;
		if (len >= 4 && strlen(rw->words[i]) >= 4 &&
				tvk_fold_distance(w, rw->words[i], 2) <= 2)
			return true;
	}
	return false;
}

/* A printed token made only of words of the region's name. */
static bool is_fragment(const char *token, const struct region_words *rw)
{
	char folded[MAX_FOLD];
	fold(token, folded);
	char *words[16];
	size_t n = fold_words(folded, words, 16);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!word_in_region(words[i], rw))
			return false;
	return true;
}

static char *join_range(const struct tvk_token *t, size_t from, size_t to,
		struct tvk_arena *arena)
{
	size_t len = 0;
	for (size_t i = from; i < to; i++)
		len += strlen(t[i].text) + 1;
	char *s = tvk_arena_alloc(arena, len + 1);
	char *p = s;
	for (size_t i = from; i < to; i++) {
		if (i > from)
			*p++ = ' ';
		size_t l = strlen(t[i].text);
		memcpy(p, t[i].text, l);
		p += l;
	}
	*p = '\0';
	return s;
}

/* A match's quality: higher is better; NONE and AMBIGUOUS are 0. */
static int match_rank(struct tvk_match m)
{
	switch (m.kind) {
	case TVK_MATCH_EXACT: return 1000;
	case TVK_MATCH_FOLDED: return 999;
	case TVK_MATCH_FUZZY: return 900 - m.distance;
	default: return 0;
	}
}

/* The table's reference date: names are matched against the
 * municipalities of that date (today's list when the quarter is unknown). */
static int table_date(const struct tvk_table *t)
{
	return tvk_quarter_date(t->period.year, t->period.quarter);
}

/* ---- pass 1: the region ---------------------------------------------- */

/* A label line: "18 Zuid-Holland", "2 Friesland", "7 Zaanstreek-". */
static int label_code(const struct tvk_token *t, size_t n)
{
	if (n == 0 || !is_code_token(t[0].text))
		return 0;
	int code = atoi(t[0].text);
	const struct tvk_region *r = tvk_gazetteer_region(code);
	if (!r)
		return 0;
	struct region_words rw;
	region_words(r, &rw);
	/* The code alone is no label; the words after it must be (part
	 * of) that region's name. */
	if (n < 2)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!is_fragment(t[i].text, &rw))
			return 0;
	return code;
}

/* The first row's lead: a code followed by fragments of that region. */
static int first_row_code(const struct tvk_row *row)
{
	const struct tvk_token *t = row->lead_tokens;
	size_t n = row->n_lead_tokens;
	if (n < 2 || !is_code_token(t[0].text))
		return 0;
	int code = atoi(t[0].text);
	const struct tvk_region *r = tvk_gazetteer_region(code);
	if (!r)
		return 0;
	struct region_words rw;
	region_words(r, &rw);
	return is_fragment(t[1].text, &rw) ? code : 0;
}

static int match_region_text(const char *text, bool *damaged)
{
	if (!text || !*text)
		return 0;
	struct tvk_region_match m = tvk_gazetteer_match_region(text);
	if (m.kind == TVK_MATCH_EXACT || m.kind == TVK_MATCH_FOLDED ||
			m.kind == TVK_MATCH_FUZZY) {
		if (damaged)
			*damaged = m.kind == TVK_MATCH_FUZZY;
		return m.region->code;
	}
	return 0;
}

/* The region the title names: what follows the period, possibly wrapped
 * onto the next line, or the next line alone when the period stands on a
 * line of its own (the 2022 sheets). */
static int title_code(const struct tvk_table *t, struct tvk_arena *arena,
		const char **printed, bool *damaged)
{
	int code = match_region_text(t->title_region, damaged);
	if (code) {
		*printed = t->title_region;
		return code;
	}
	if (t->title_region && t->title_next) {
		const char *joined = tvk_arena_printf(arena, "%s %s",
				t->title_region, t->title_next);
		code = match_region_text(joined, damaged);
		if (code) {
			*printed = joined;
			return code;
		}
	}
	if (!t->title_region && t->title_next) {
		code = match_region_text(t->title_next, damaged);
		if (code) {
			*printed = t->title_next;
			return code;
		}
	}
	return 0;
}

/*
 * The region whose municipalities the rows name: every row votes for the
 * region of the municipality its name (or a tail of it, past a label
 * fragment) matches exactly or after folding, anywhere in the country.
 * A region wins with a strict majority of the named rows.
 */
static int municipality_code(const struct tvk_table *t,
		struct tvk_arena *arena)
{
	int votes[TVK_N_REGIONS + 1] = {0};
	size_t named = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tvk_row *row = &t->rows[i];
		for (size_t k = 0; k < row->n_lead_tokens; k++) {
			char *tail = join_range(row->lead_tokens, k,
					row->n_lead_tokens, arena);
			struct tvk_match m = tvk_gazetteer_lookup_at(tail, 0,
				table_date(t));
			if (m.kind == TVK_MATCH_EXACT ||
					m.kind == TVK_MATCH_FOLDED) {
				votes[m.municipality->region]++;
				named++;
				break;
			}
		}
	}
	int best = 0;
	for (int c = 1; c <= TVK_N_REGIONS; c++)
		if (votes[c] > votes[best])
			best = c;
	return best && 2 * (size_t)votes[best] > named ? best : 0;
}

struct region_source {
	const char *name;
	int code;
};

static void resolve_region(struct tvk_table *t, struct tvk_arena *arena)
{
	/* The label the table prints: in the first row, on a line of its
	 * own above the rows, or after the total. */
	int label = t->n_rows ? first_row_code(&t->rows[0]) : 0;
	for (size_t i = 0; !label && i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (a->rows_before == 0 || a->after_total)
			label = label_code(a->tokens, a->n_tokens);
	}
	const char *title_printed = NULL;
	bool title_damaged = false, register_damaged = false;
	int title = title_code(t, arena, &title_printed, &title_damaged);
	int reg = match_region_text(t->register_text.region, &register_damaged);
	int munis = municipality_code(t, arena);

	struct region_source sources[] = {
		{"label", label}, {"title", title},
		{"register sentence", reg}, {"municipalities", munis},
	};
	/* Each source that names a region votes; the label and the
	 * municipalities are the table's own evidence and weigh double. */
	int weight[TVK_N_REGIONS + 1] = {0};
	static const int w[] = {2, 1, 1, 2};
	for (size_t i = 0; i < TVK_ARRAY_LEN(sources); i++)
		weight[sources[i].code] += sources[i].code ? w[i] : 0;
	int best = 0, second = 0;
	for (int c = 1; c <= TVK_N_REGIONS; c++) {
		if (weight[c] > weight[best]) {
			second = weight[best];
			best = c;
		} else if (weight[c] > second) {
			second = weight[c];
		}
	}
	if (!best || weight[best] == second) {
		t->region = 0;
		tvk_table_add_problem(t, arena, "region", NULL, NULL,
			"the region cannot be determined (label %d, title %d, "
			"register %d, municipalities %d)", label, title, reg,
			munis);
		return;
	}
	t->region = best;
	for (size_t i = 0; i < TVK_ARRAY_LEN(sources); i++)
		if (sources[i].code && sources[i].code != best)
			tvk_table_add_warning(t, arena, "region", NULL, NULL,
				"the %s names region %d, the table is read as "
				"region %d", sources[i].name, sources[i].code,
				best);
	if (title == best && title_damaged) {
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_REGION, .subject = title_printed,
			.field = "region", .printed = title_printed,
			.text = tvk_gazetteer_region(best)->name,
			.evidence = "the title's region name read within a few "
				"edits; the table's label or municipalities "
				"agree"});
	}
	if (!label && title == best)
		t->region_printed = title_printed;
}

/* ---- pass 2: names ---------------------------------------------------- */

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
			is_code_token(row->lead_tokens[k].text))
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

/* The name @row's parts make, with its lead cut at token @k. */
static char *compose(const struct tvk_row *row, size_t k, const char *prefix,
		const char *suffix, struct tvk_arena *arena)
{
	char *name = join_range(row->lead_tokens, k, row->n_lead_tokens, arena);
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
	while (limit < n && is_fragment(tok[limit].text, rw))
		limit++;

	size_t best_k = start;
	int best_rank = -1;
	for (size_t k = start; k <= limit && (k < n || k == start); k++) {
		char *name = compose(row, k, prefix, suffix, arena);
		int r = *name ? match_rank(match_memo(memo, name, region)) : 0;
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
static void give_to_label(struct tvk_table *t, struct tvk_row *row,
		size_t from, size_t to, struct label_text *label,
		struct tvk_arena *arena)
{
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
		const char *fragment = join_range(tok, first, to, arena);
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_LABEL_FRAGMENT, .subject = row->name,
			.field = "name", .printed = row->lead, .text = row->name,
			.evidence = tvk_arena_printf(arena,
				"'%s' is part of the region label '%s'",
				fragment, tvk_gazetteer_region(t->region)->name)});
	}
}

/* Removes what stands in front of @row's name; sets its parts. */
static void strip_label(struct tvk_row *row, struct tvk_table *t,
		const struct region_words *rw, struct label_text *label,
		struct memo *memo, struct tvk_arena *arena,
		struct name_parts *parts)
{
	int rank;
	size_t k = name_start(row, NULL, NULL, t->region, rw, memo, arena,
		&rank);
	row->name = compose(row, k, NULL, NULL, arena);
	give_to_label(t, row, 0, k, label, arena);
	*parts = (struct name_parts){k, NULL, NULL};
}

static bool all_fragments(const struct tvk_aside *a,
		const struct region_words *rw)
{
	for (size_t i = 0; i < a->n_tokens; i++)
		if (!is_fragment(a->tokens[i].text, rw))
			return false;
	return a->n_tokens > 0;
}

static bool nameless(const struct tvk_row *row)
{
	return !row->name || !*row->name;
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
 * A line without counts inside the body: the rest of a name wrapped over
 * lines, a fragment of the region label, or something that is no part of
 * the table.  A row printed without a name takes the piece next to it (the
 * name wrapped around its counts: "Hardinxveld-" / counts / "Giessendam");
 * otherwise the piece goes to the row above or below, whichever join turns
 * a poorer match into a better one; when the gazetteer cannot tell, to a
 * row whose band it clearly stands in.  Anything else is reported, and
 * makes the table invalid.
 */
static void place_aside(struct tvk_table *t, const struct tvk_aside *a,
		const struct region_words *rw, struct label_text *label,
		struct name_parts *parts, struct memo *memo,
		struct tvk_arena *arena)
{
	const char *text = a->text;
	if (!text || !*text) {
		/* No name and no count: specks a scan's OCR read as letters
		 * between two rows.  A lost row would fail every column sum
		 * (and leave a municipality missing), so this is noise. */
		if (a->junk)
			tvk_table_add_warning(t, arena, "layout", NULL, NULL,
				"a line inside the table has no name and nothing "
				"that reads as a count: '%s', taken for noise",
				a->lexeme->line->text);
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
			join_range(a->tokens, 0, a->n_label_tokens, arena));
		text = join_range(a->tokens, a->n_label_tokens, a->n_tokens,
			arena);
	}
	size_t i_prev = a->rows_before - 1, i_next = a->rows_before;
	struct tvk_row *prev = a->rows_before > 0 ? &t->rows[i_prev] : NULL;
	struct tvk_row *next = a->rows_before < t->n_rows ?
		&t->rows[i_next] : NULL;
	double d_prev = prev ? gap(prev->page, prev->box, a->page, a->box) :
		INFINITY;
	double d_next = next ? gap(next->page, next->box, a->page, a->box) :
		INFINITY;

	/* Joined to the row above, the label fragments in front of its name
	 * are weighed again: "7 Zaanstreek-Waterland Edam-" matched nothing
	 * until "Volendam" came. */
	int gain_prev = INT_MIN, gain_next = INT_MIN;
	char *with_prev = NULL, *with_next = NULL;
	const char *prev_suffix = NULL, *next_prefix = NULL;
	size_t prev_k = 0, next_k = 0;
	if (prev) {
		struct name_parts *p = &parts[i_prev];
		prev_suffix = p->suffix ? join_name(p->suffix, text, arena) :
			text;
		int rank = nameless(prev) ? 0 :
			match_rank(match_memo(memo, prev->name, t->region));
		int joined_rank;
		prev_k = name_start(prev, p->prefix, prev_suffix, t->region, rw,
			memo, arena, &joined_rank);
		if (prev_k < p->start)
			prev_k = p->start; /* what is cut stays cut */
		with_prev = compose(prev, prev_k, p->prefix, prev_suffix, arena);
		gain_prev = match_rank(match_memo(memo, with_prev, t->region)) -
			rank;
	}
	if (next) {
		struct name_parts *p = &parts[i_next];
		next_prefix = p->prefix ? join_name(p->prefix, text, arena) :
			text;
		int rank = nameless(next) ? 0 :
			match_rank(match_memo(memo, next->name, t->region));
		int joined_rank;
		next_k = name_start(next, next_prefix, p->suffix, t->region, rw,
			memo, arena, &joined_rank);
		if (next_k < p->start)
			next_k = p->start;
		with_next = compose(next, next_k, next_prefix, p->suffix, arena);
		gain_next = match_rank(match_memo(memo, with_next, t->region)) -
			rank;
	}
	bool to_prev = false, to_next = false;
	const char *evidence = "the name is wrapped over lines; joined, it "
		"matches a municipality of the region";
	if (gain_prev > 0 && gain_prev >= gain_next) {
		to_prev = true;
	} else if (gain_next > 0) {
		to_next = true;
	} else if (next && nameless(next) && !(prev && nameless(prev) &&
			d_prev < d_next)) {
		to_next = true;
		evidence = "the row's counts are printed without a name; the "
			"line next to them is its name";
	} else if (prev && nameless(prev)) {
		to_prev = true;
		evidence = "the row's counts are printed without a name; the "
			"line next to them is its name";
	} else if (t->region && all_fragments(a, rw)) {
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
		struct name_parts *p = &parts[i_prev];
		const char *printed = tvk_arena_printf(arena, "%s / %s",
			nameless(prev) ? "(no name)" : prev->name, text);
		prev->name = with_prev;
		p->suffix = prev_suffix;
		if (prev_k > p->start) {
			give_to_label(t, prev, p->start, prev_k, label, arena);
			p->start = prev_k;
		}
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_NAME_JOIN, .subject = with_prev,
			.field = "name", .printed = printed, .text = with_prev,
			.evidence = evidence});
		return;
	}
	if (to_next) {
		struct name_parts *p = &parts[i_next];
		const char *printed = tvk_arena_printf(arena, "%s / %s", text,
			nameless(next) ? "(no name)" : next->name);
		next->name = with_next;
		p->prefix = next_prefix;
		if (next_k > p->start) {
			give_to_label(t, next, p->start, next_k, label, arena);
			p->start = next_k;
		}
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_NAME_JOIN, .subject = with_next,
			.field = "name", .printed = printed, .text = with_next,
			.evidence = evidence});
		return;
	}
	tvk_table_add_problem(t, arena, "layout", text, NULL,
		"a line inside the table is neither a row, a wrapped name nor "
		"part of the region label");
}

/* Whether @token, folded, is a word of a name of the region @rw is of or
 * of one of its municipalities: a piece of a name, not noise. */
static bool word_of_names(const char *token, int region, int date,
		const struct region_words *rw)
{
	char folded[MAX_FOLD], name[MAX_FOLD];
	fold(token, folded);
	if (!*folded || is_fragment(token, rw))
		return true;
	const struct tvk_municipality *const *list;
	size_t n = tvk_gazetteer_in_region_at(region, date, &list);
	for (size_t i = 0; i < n; i++) {
		fold(list[i]->name, name);
		char *words[16];
		size_t k = fold_words(name, words, 16);
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

static void match_names(struct tvk_table *t, struct memo *memo,
		const struct region_words *rw, struct tvk_arena *arena)
{
	for (size_t i = 0; i < t->n_rows; i++) {
		struct tvk_row *row = &t->rows[i];
		if (!row->name || !*row->name) {
			tvk_table_add_problem(t, arena, "name", NULL, "name",
				"a row has counts but no name");
			continue;
		}
		struct tvk_match m = match_memo(memo, row->name, t->region);
		if (m.kind == TVK_MATCH_NONE && t->region) {
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
				row->name, t->region, rw, &noise, arena);
			if (noise)
				m = trimmed;
		}
		row->match = m.kind;
		if (noise) {
			row->municipality = m.municipality;
			tvk_table_add_repair(t, arena, &(struct tvk_repair){
				.kind = TVK_REPAIR_NAME, .subject = row->name,
				.field = "name", .printed = row->name,
				.text = m.municipality->name,
				.evidence = tvk_arena_printf(arena, "'%s' after "
					"the name is a scan's noise: nothing "
					"matches with it, and without it the name "
					"is %s's%s", noise, m.municipality->name,
					m.kind == TVK_MATCH_FOLDED ? " (after "
					"folding case, diacritics, punctuation "
					"and IJ)" : "")});
			continue;
		}
		switch (m.kind) {
		case TVK_MATCH_EXACT:
			row->municipality = m.municipality;
			break;
		case TVK_MATCH_FOLDED:
		case TVK_MATCH_FUZZY:
			row->municipality = m.municipality;
			tvk_table_add_repair(t, arena, &(struct tvk_repair){
				.kind = TVK_REPAIR_NAME, .subject = row->name,
				.field = "name", .printed = row->name,
				.text = m.municipality->name,
				.evidence = m.kind == TVK_MATCH_FOLDED ?
					"equal after folding case, diacritics, "
					"punctuation and IJ" :
					tvk_arena_printf(arena, "closest name of "
						"the region (edit distance %d.%d), "
						"no other within one edit",
						m.distance / 2,
						m.distance % 2 ? 5 : 0)});
			break;
		case TVK_MATCH_AMBIGUOUS:
			tvk_table_add_problem(t, arena, "name", row->name, "code",
				"'%s' is as close to %s as to %s: no code",
				row->name, m.municipality ? m.municipality->name :
				"?", m.rival ? m.rival->name : "?");
			break;
		case TVK_MATCH_NONE:
			tvk_table_add_problem(t, arena, "name", row->name, "code",
				"no municipality matches '%s'", row->name);
			break;
		}
	}
	/* Two rows naming the same municipality (one of them misread) are
	 * the composition check's to report (validate.c). */
}

static void repair_names(struct tvk_table *t, struct tvk_arena *arena)
{
	struct region_words rw = {0};
	const struct tvk_region *region = tvk_gazetteer_region(t->region);
	if (region)
		region_words(region, &rw);
	struct label_text label = {0};
	struct memo memo = {.date = table_date(t)};

	/* Labels on lines of their own above the rows. */
	bool *used = tvk_xcalloc(t->n_asides + 1, sizeof(*used));
	for (size_t i = 0; i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (a->rows_before == 0 && !a->after_total && region &&
				(label_code(a->tokens, a->n_tokens) ==
				 t->region || (label.n && all_fragments(a, &rw)))) {
			label_add(&label, a->page, a->box.y0, a->box.x0,
				a->text);
			used[i] = true;
		}
	}
	struct name_parts *parts = tvk_xcalloc(t->n_rows + 1, sizeof(*parts));
	for (size_t i = 0; i < t->n_rows; i++)
		strip_label(&t->rows[i], t, &rw, &label, &memo, arena,
			&parts[i]);
	for (size_t i = 0; i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (used[i])
			continue;
		if (a->after_total) {
			if (region && label_code(a->tokens, a->n_tokens) ==
					t->region)
				label_add(&label, a->page, a->box.y0,
					a->box.x0, a->text);
		} else if (a->place == TVK_ASIDE_INSIDE) {
			place_aside(t, a, &rw, &label, parts, &memo, arena);
		}
	}
	free(parts);
	free(used);
	match_names(t, &memo, &rw, arena);
	free(memo.items);

	const char *printed = label_printed(&label, arena);
	if (printed)
		t->region_printed = printed;
}

/* ---- pass 3: numbers -------------------------------------------------- */

static struct tvk_row *row_at(struct tvk_table *t, size_t r)
{
	return r < t->n_rows ? &t->rows[r] : &t->total;
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
static void apply_reading(struct tvk_row *row, const struct row_reading *reading)
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
static void log_reading(struct tvk_table *t, size_t r,
		const struct row_reading *reading, const struct solution *s,
		struct tvk_arena *arena)
{
	const struct tvk_row *row = row_at(t, r);
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct cell_reading *c = &reading->cell[f];
		if (c->origin == ORIGIN_NONE || c->form == TVK_FORM_NONE ||
				changed(s, r, f))
			continue;
		struct tvk_repair rep = {
			.subject = tvk_row_subject(row),
			.field = tvk_field_name((enum tvk_field)f),
			.printed = c->token, .has_value = true, .value = c->value,
		};
		if (c->origin == ORIGIN_REREAD) {
			rep.kind = TVK_REPAIR_MISREAD;
			rep.evidence = tvk_arena_printf(arena, "read again on its "
				"own from the page image as '%s'; with it every "
				"row and column adds up", c->printed);
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
		tvk_table_add_repair(t, arena, &rep);
	}
}

static void apply_change(struct tvk_table *t, const struct change *c,
		struct tvk_arena *arena)
{
	struct tvk_row *row = row_at(t, c->row);
	struct tvk_cell *cell = &row->cells[c->field];
	bool was_empty = cell->state == TVK_CELL_EMPTY;
	struct tvk_repair r = {
		.subject = tvk_row_subject(row),
		.field = tvk_field_name((enum tvk_field)c->field),
		.printed = cell->printed, .has_value = true, .value = c->to,
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
	tvk_table_add_repair(t, arena, &r);
}

/* "Zaanstad total 1404 → 1440, Oostzaan ..." for an ambiguity report. */
static const char *describe(struct tvk_table *t, const struct solution *s,
		const struct row_reading *const *readings, struct tvk_arena *arena)
{
	char buf[512];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t r = 0; r <= t->n_rows && len < sizeof(buf) - 1; r++) {
		if (s->reading[r] == 0)
			continue;
		const struct row_reading *rr = &readings[r][s->reading[r]];
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s read as",
			len ? "; " : "", tvk_row_subject(row_at(t, r)));
		for (int f = 0; f < TVK_N_FIELDS && len < sizeof(buf) - 1; f++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s",
				rr->cell[f].origin == ORIGIN_NONE ? "_" :
				rr->cell[f].printed);
	}
	for (size_t i = 0; i < s->n_changes && len < sizeof(buf) - 1; i++) {
		const struct change *c = &s->changes[i];
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			"%s%s %s = %lld", len ? "; " : "",
			tvk_row_subject(row_at(t, c->row)),
			tvk_field_name((enum tvk_field)c->field), (long long)c->to);
	}
	return tvk_arena_strdup(arena, len ? buf : "the numbers as printed");
}

/*
 * Reads every row in each plausible way and lets the sums choose: the
 * cheapest explanation that makes every row and column hold is applied
 * when it is the only one of its cost.  Otherwise the numbers stay as the
 * geometry reads them, and validate lists what fails.
 */
static void repair_numbers(struct tvk_table *t, struct tvk_arena *arena)
{
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
		n_readings[r] = tvk_row_readings(row_at(t, r), t->column_right,
				glyph, arena, scratch);
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
			apply_reading(row_at(t, r), &readings[r][0]);
			log_reading(t, r, &readings[r][0], NULL, arena);
		}
		return;
	}

	struct solve_input in = {
		.n_rows = t->n_rows, .readings = readings,
		.n_readings = n_readings,
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
			apply_reading(row_at(t, r), chosen);
			log_reading(t, r, chosen, &best, arena);
		}
		for (size_t i = 0; i < best.n_changes; i++)
			apply_change(t, &best.changes[i], arena);
		return;
	}
	for (size_t r = 0; r < rows; r++) {
		apply_reading(row_at(t, r), &readings[r][0]);
		log_reading(t, r, &readings[r][0], NULL, arena);
	}
	if (result == SOLVE_AMBIGUOUS)
		tvk_table_add_problem(t, arena, "ambiguous-repair", NULL, NULL,
			"two different repairs satisfy every sum equally well: "
			"%s, or %s; the numbers are left as printed",
			describe(t, &best, (const struct row_reading *const *)readings,
				arena),
			describe(t, &rival, (const struct row_reading *const *)readings,
				arena));
}

static void read_register(struct tvk_table *t)
{
	struct tvk_register *reg = &t->target_group;
	const struct tvk_register_text *text = &t->register_text;
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

void tvk_repair_table(struct tvk_table *t, struct tvk_arena *arena)
{
	if (t->period.damaged)
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_PERIOD, .subject = t->period.printed,
			.field = "period", .printed = t->period.printed,
			.text = tvk_arena_printf(arena, "%d-Q%d", t->period.year,
				t->period.quarter),
			.evidence = "the title's period read within a few edits"});
	/* A table without a quarter cannot be placed in the dataset. */
	if (t->period.year == 0)
		tvk_table_add_problem(t, arena, "period", NULL, NULL,
			"the quarter cannot be determined: no title names it");
	if (t->kind == TVK_TABLE_REGION) {
		resolve_region(t, arena);
		repair_names(t, arena);
	}
	repair_numbers(t, arena);
	if (t->kind == TVK_TABLE_REGION)
		read_register(t);
}
