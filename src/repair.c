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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/gazetteer.h>
#include <tvk/repair.h>
#include <tvk/validate.h>

#include "util.h"

#define MAX_FOLD 256

/* ---- numbers ---------------------------------------------------------- */

const char *tvk_number_form_name(enum tvk_number_form form)
{
	switch (form) {
	case TVK_FORM_PLAIN: return "plain";
	case TVK_FORM_COMMA: return "comma read as thousands separator";
	case TVK_FORM_NO_SEPARATOR: return "thousands separator missing";
	case TVK_FORM_OTHER: return "unusual separator read as thousands separator";
	case TVK_FORM_LOOKALIKE: return "letters read as the digits they resemble";
	case TVK_FORM_NONE: return "not a number";
	}
	return "unknown";
}

/* The digit a glyph stands for in a number cell, or -1. */
static int digit_of(char c, bool *lookalike)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	*lookalike = true;
	switch (c) {
	case 'O': case 'o': return 0;
	case 'l': case 'I': case '|': return 1;
	case 'Z': return 2;
	case 'S': return 5;
	case 'B': return 8;
	}
	return -1;
}

/* No count in the publication comes near this; a longer string of digits
 * is damage (or an attack), not a count. */
#define MAX_COUNT 1000000000000LL

enum tvk_number_form tvk_read_number(const char *printed, int64_t *value)
{
	*value = 0;
	if (!printed || !*printed)
		return TVK_FORM_NONE;

	/* Digits and separators, with the length of every digit group. */
	int64_t v = 0;
	int groups[32], n_groups = 0, group_len = 0, digits = 0;
	char seps[32];
	bool lookalike = false;
	for (const char *p = printed; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '.' || c == ',' || c == '\'' || c == ' ') {
			if (group_len == 0 || n_groups >= 31)
				return TVK_FORM_NONE;
			seps[n_groups] = (char)c;
			groups[n_groups++] = group_len;
			group_len = 0;
			continue;
		}
		if (c == 0xE2 && (unsigned char)p[1] == 0x80 &&
				(unsigned char)p[2] == 0x99) {
			/* ’ (U+2019) printed as a separator */
			if (group_len == 0 || n_groups >= 31)
				return TVK_FORM_NONE;
			seps[n_groups] = '\'';
			groups[n_groups++] = group_len;
			group_len = 0;
			p += 2;
			continue;
		}
		int d = digit_of((char)c, &lookalike);
		if (d < 0)
			return TVK_FORM_NONE;
		if (v > (MAX_COUNT - d) / 10)
			return TVK_FORM_NONE;
		v = v * 10 + d;
		group_len++;
		digits++;
	}
	if (group_len == 0 || digits == 0)
		return TVK_FORM_NONE;
	groups[n_groups] = group_len;

	*value = v;
	if (lookalike)
		return TVK_FORM_LOOKALIKE;
	if (n_groups == 0)
		return digits > 3 || (digits > 1 && printed[0] == '0') ?
			TVK_FORM_NO_SEPARATOR : TVK_FORM_PLAIN;

	/* Separated: the first group 1-3 digits, the others exactly 3. */
	bool grouped = groups[0] >= 1 && groups[0] <= 3;
	for (int i = 1; i <= n_groups; i++)
		grouped = grouped && groups[i] == 3;
	bool all_dots = true, all_commas = true;
	for (int i = 0; i < n_groups; i++) {
		all_dots = all_dots && seps[i] == '.';
		all_commas = all_commas && seps[i] == ',';
	}
	if (grouped && all_dots)
		return TVK_FORM_PLAIN;
	if (grouped && all_commas)
		return TVK_FORM_COMMA;
	return TVK_FORM_OTHER;
}

/* ---- folding helpers -------------------------------------------------- */

static void fold(const char *s, char out[MAX_FOLD])
{
	tvk_fold(s, out, MAX_FOLD);
}

/* Splits folded @s (modified) into words. */
static size_t fold_words(char *s, char **words, size_t cap)
{
	size_t n = 0;
	for (char *p = strtok(s, " "); p && n < cap; p = strtok(NULL, " "))
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
			struct tvk_match m = tvk_gazetteer_lookup(tail, 0);
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
		const struct tvk_lexeme *lx = t->asides[i].lexeme;
		if (t->asides[i].rows_before == 0 || t->asides[i].after_total)
			label = label_code(lx->tokens, lx->n_tokens);
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

struct label_text {
	char buf[512];
	size_t len;
};

static void label_append(struct label_text *lt, const char *s)
{
	size_t l = strlen(s);
	if (lt->len + l + 2 >= sizeof(lt->buf))
		return;
	if (lt->len)
		lt->buf[lt->len++] = ' ';
	memcpy(lt->buf + lt->len, s, l + 1);
	lt->len += l;
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

/*
 * Removes what stands in front of a municipality's name in the first
 * column: the region's code and fragments of its name ("7 Zaanstreek-",
 * "Waterland", "en jmond").  A prefix is removed only when it consists of
 * such fragments and what remains matches a municipality better than the
 * whole — "Waterland" alone is a municipality of Zaanstreek-Waterland and
 * stays one.
 */
static void strip_label(struct tvk_row *row, struct tvk_table *t,
		const struct region_words *rw, struct label_text *label,
		struct tvk_arena *arena)
{
	const struct tvk_token *tok = row->lead_tokens;
	size_t n = row->n_lead_tokens;
	size_t start = 0;
	while (start < n && is_code_token(tok[start].text))
		start++;
	size_t limit = start;
	while (limit < n && is_fragment(tok[limit].text, rw))
		limit++;

	size_t best_k = start;
	int best_rank = -1;
	for (size_t k = start; k <= limit && k < n; k++) {
		char *tail = join_range(tok, k, n, arena);
		int rank = match_rank(tvk_gazetteer_match(tail, t->region));
		if (rank > best_rank) {
			best_rank = rank;
			best_k = k;
		}
	}
	if (best_rank <= 0)
		best_k = start; /* nothing matches: keep all but the code */
	row->name = join_range(tok, best_k, n, arena);
	for (size_t i = 0; i < best_k; i++)
		label_append(label, tok[i].text);
	if (best_k > start && glued(&tok[best_k - 1], &tok[best_k])) {
		const char *fragment = join_range(tok, start, best_k, arena);
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_LABEL_FRAGMENT, .subject = row->name,
			.field = "name", .printed = row->lead, .text = row->name,
			.evidence = tvk_arena_printf(arena,
				"'%s' is part of the region label '%s'",
				fragment, tvk_gazetteer_region(t->region)->name)});
	}
}

/* Joins two printed pieces of a name: "Leidschendam-" + "Voorburg". */
static char *join_name(const char *a, const char *b, struct tvk_arena *arena)
{
	size_t la = strlen(a);
	bool hyphen = la > 0 && a[la - 1] == '-';
	return tvk_arena_printf(arena, "%s%s%s", a, hyphen ? "" : " ", b);
}

static bool all_fragments(const struct tvk_lexeme *lx,
		const struct region_words *rw)
{
	for (size_t i = 0; i < lx->n_tokens; i++)
		if (!is_fragment(lx->tokens[i].text, rw))
			return false;
	return lx->n_tokens > 0;
}

/*
 * A line without numbers inside the body: the rest of a name wrapped over
 * two lines (joined with the row above or below, whichever join turns a
 * poor match into a better one), a fragment of the region label, or a
 * header repeated on a new page.  Anything else is reported.
 */
static void place_aside(struct tvk_table *t, const struct tvk_aside *a,
		const struct region_words *rw, struct label_text *label,
		struct tvk_arena *arena)
{
	const struct tvk_lexeme *lx = a->lexeme;
	if (lx->kind == TVK_LINE_HEADER || lx->kind == TVK_LINE_NOISE)
		return;
	const char *text = lx->line->text;
	struct tvk_row *prev = a->rows_before > 0 ?
		&t->rows[a->rows_before - 1] : NULL;
	struct tvk_row *next = a->rows_before < t->n_rows ?
		&t->rows[a->rows_before] : NULL;

	int gain_prev = 0, gain_next = 0;
	char *with_prev = NULL, *with_next = NULL;
	if (prev && prev->name) {
		with_prev = join_name(prev->name, text, arena);
		gain_prev = match_rank(tvk_gazetteer_match(with_prev, t->region)) -
			match_rank(tvk_gazetteer_match(prev->name, t->region));
	}
	if (next && next->name) {
		with_next = join_name(text, next->name, arena);
		gain_next = match_rank(tvk_gazetteer_match(with_next, t->region)) -
			match_rank(tvk_gazetteer_match(next->name, t->region));
	}
	struct tvk_row *row = NULL;
	char *joined = NULL;
	if (gain_prev > 0 && gain_prev >= gain_next) {
		row = prev;
		joined = with_prev;
	} else if (gain_next > 0) {
		row = next;
		joined = with_next;
	}
	if (row) {
		const char *printed = row == prev ?
			tvk_arena_printf(arena, "%s / %s", prev->name, text) :
			tvk_arena_printf(arena, "%s / %s", text, next->name);
		row->name = joined;
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_NAME_JOIN, .subject = joined,
			.field = "name", .printed = printed, .text = joined,
			.evidence = "the name is wrapped over two lines; joined, "
				"it matches a municipality of the region"});
		return;
	}
	if (t->region && all_fragments(lx, rw)) {
		label_append(label, text);
		return;
	}
	tvk_table_add_warning(t, arena, "layout", text, NULL,
		"a line inside the table is neither a row, a wrapped name nor "
		"part of the region label");
}

static void match_names(struct tvk_table *t, struct tvk_arena *arena)
{
	for (size_t i = 0; i < t->n_rows; i++) {
		struct tvk_row *row = &t->rows[i];
		if (!row->name || !*row->name) {
			tvk_table_add_warning(t, arena, "name", NULL, "name",
				"a row has numbers but no name");
			continue;
		}
		struct tvk_match m = tvk_gazetteer_match(row->name, t->region);
		if (m.kind == TVK_MATCH_NONE && t->region) {
			/* Not in this region's 2025 list: an older edition may
			 * place it elsewhere, so look nationwide. */
			struct tvk_match any = tvk_gazetteer_lookup(row->name, 0);
			if (any.kind == TVK_MATCH_EXACT ||
					any.kind == TVK_MATCH_FOLDED) {
				m = any;
				tvk_table_add_warning(t, arena, "name", row->name,
					"code", "%s belongs to region %d in the "
					"2025 gazetteer", any.municipality->name,
					any.municipality->region);
			}
		}
		row->match = m.kind;
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
			tvk_table_add_warning(t, arena, "name", row->name, "code",
				"'%s' is as close to %s as to %s: no code",
				row->name, m.municipality ? m.municipality->name :
				"?", m.rival ? m.rival->name : "?");
			break;
		case TVK_MATCH_NONE:
			tvk_table_add_warning(t, arena, "name", row->name, "code",
				"no municipality matches '%s'", row->name);
			break;
		}
	}
	/* Two rows naming the same municipality: one of them is misread. */
	for (size_t i = 0; i < t->n_rows; i++)
		for (size_t j = i + 1; j < t->n_rows; j++)
			if (t->rows[i].municipality &&
					t->rows[i].municipality ==
					t->rows[j].municipality)
				tvk_table_add_problem(t, arena, "name",
					t->rows[j].name, "code",
					"two rows are matched to %s",
					t->rows[i].municipality->name);
}

static void repair_names(struct tvk_table *t, struct tvk_arena *arena)
{
	struct region_words rw = {0};
	const struct tvk_region *region = tvk_gazetteer_region(t->region);
	if (region)
		region_words(region, &rw);
	struct label_text label = {0};

	/* Labels on lines of their own above the rows. */
	for (size_t i = 0; i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (a->rows_before == 0 && !a->after_total && region &&
				(label_code(a->lexeme->tokens, a->lexeme->n_tokens) ==
				 t->region || (label.len &&
				 all_fragments(a->lexeme, &rw))))
			label_append(&label, a->lexeme->line->text);
	}
	for (size_t i = 0; i < t->n_rows; i++)
		strip_label(&t->rows[i], t, &rw, &label, arena);
	for (size_t i = 0; i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (a->after_total) {
			if (region && label_code(a->lexeme->tokens,
					a->lexeme->n_tokens) == t->region)
				label_append(&label, a->lexeme->line->text);
		} else if (a->rows_before > 0) {
			place_aside(t, a, &rw, &label, arena);
		}
	}
	match_names(t, arena);

	if (label.len) {
		/* The printed label without its code: "Zaanstreek- Waterland". */
		const char *p = label.buf;
		while (isdigit((unsigned char)*p))
			p++;
		while (*p == ' ')
			p++;
		if (*p)
			t->region_printed = tvk_arena_strdup(arena, p);
	}
}

/* ---- pass 3: numbers -------------------------------------------------- */

static void read_cells(struct tvk_table *t, struct tvk_row *row,
		struct tvk_arena *arena)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		struct tvk_cell *c = &row->cells[f];
		if (c->state != TVK_CELL_PRINTED)
			continue;
		int64_t v;
		enum tvk_number_form form = tvk_read_number(c->printed, &v);
		if (form == TVK_FORM_NONE) {
			c->state = TVK_CELL_UNREADABLE;
			continue;
		}
		c->state = TVK_CELL_READ;
		c->value = v;
		if (form != TVK_FORM_PLAIN)
			tvk_table_add_repair(t, arena, &(struct tvk_repair){
				.kind = TVK_REPAIR_NUMBER_FORMAT,
				.subject = tvk_row_subject(row),
				.field = tvk_field_name((enum tvk_field)f),
				.printed = c->printed, .has_value = true,
				.value = v, .evidence = tvk_number_form_name(form)});
	}
}

/*
 * What the row's other cells say cell @f must be: the total minus the
 * other parts, or the parts summed for the total.  False when another
 * cell of the row is unknown or the sum overflows.
 */
static bool row_says(const struct tvk_row *row, int f, int64_t *value)
{
	int64_t parts = 0;
	for (int k = 0; k < TVK_N_PARTS; k++) {
		if (k == f)
			continue;
		if (!tvk_cell_known(row->cells[k].state) ||
				!tvk_add_checked(parts, row->cells[k].value, &parts))
			return false;
	}
	if (f == TVK_TOTAL) {
		*value = parts;
		return true;
	}
	if (!tvk_cell_known(row->cells[TVK_TOTAL].state))
		return false;
	*value = row->cells[TVK_TOTAL].value - parts;
	return true;
}

/* What the column says cell (@r, @f) must be; @r == n_rows is the total. */
static bool column_says(const struct tvk_table *t, size_t r, int f,
		int64_t *value)
{
	if (!t->has_total || t->n_rows == 0)
		return false;
	int64_t sum = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		if (i == r)
			continue;
		const struct tvk_cell *c = &t->rows[i].cells[f];
		if (!tvk_cell_known(c->state) ||
				!tvk_add_checked(sum, c->value, &sum))
			return false;
	}
	if (r == t->n_rows) {
		*value = sum;
		return true;
	}
	const struct tvk_cell *total = &t->total.cells[f];
	if (!tvk_cell_known(total->state))
		return false;
	*value = total->value - sum;
	return true;
}

static struct tvk_row *row_at(struct tvk_table *t, size_t r)
{
	return r < t->n_rows ? &t->rows[r] : &t->total;
}

/*
 * A cell with nothing readable in it is inferred only when it is the one
 * unknown of its row and of its column and both sums leave the same value:
 * two independent checks that agree.  Inferring one cell can make another
 * the last unknown of its row or column, so the search repeats; it never
 * uses one sum alone.
 */
static void infer_missing(struct tvk_table *t, struct tvk_arena *arena)
{
	if (!t->has_total)
		return;
	bool progress = true;
	while (progress) {
		progress = false;
		for (size_t r = 0; r <= t->n_rows; r++) {
			struct tvk_row *row = row_at(t, r);
			for (int f = 0; f < TVK_N_FIELDS; f++) {
				struct tvk_cell *c = &row->cells[f];
				if (tvk_cell_known(c->state))
					continue;
				int64_t by_row, by_column;
				if (!row_says(row, f, &by_row) ||
						!column_says(t, r, f, &by_column))
					continue;
				if (by_row != by_column || by_row < 0) {
					tvk_table_add_problem(t, arena,
						"missing-cell", tvk_row_subject(row),
						tvk_field_name((enum tvk_field)f),
						"the row sum leaves %lld, the column "
						"sum %lld: no value fits both",
						(long long)by_row,
						(long long)by_column);
					/* Reported once: mark it so the loop
					 * does not come back to it. */
					c->state = c->state == TVK_CELL_EMPTY ?
						TVK_CELL_UNREADABLE : c->state;
					continue;
				}
				bool was_empty = c->state == TVK_CELL_EMPTY;
				c->state = TVK_CELL_INFERRED;
				c->value = by_row;
				progress = true;
				tvk_table_add_repair(t, arena, &(struct tvk_repair){
					.kind = was_empty ? TVK_REPAIR_MISSING_CELL :
						TVK_REPAIR_WRONG_CELL,
					.subject = tvk_row_subject(row),
					.field = tvk_field_name((enum tvk_field)f),
					.printed = c->printed, .has_value = true,
					.value = by_row,
					.evidence = tvk_arena_printf(arena,
						"row sum and column sum both leave "
						"%lld", (long long)by_row)});
			}
		}
	}
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
	if (t->kind == TVK_TABLE_REGION) {
		resolve_region(t, arena);
		repair_names(t, arena);
	}
	for (size_t i = 0; i < t->n_rows; i++)
		read_cells(t, &t->rows[i], arena);
	if (t->has_total)
		read_cells(t, &t->total, arena);
	if (t->kind == TVK_TABLE_REGION) {
		infer_missing(t, arena);
		read_register(t);
	}
}
