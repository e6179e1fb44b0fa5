/*
 * The repair stage, first pass: which region a table is of — from the
 * label it prints (its code, in the first column, on a line of its own or
 * after the table), the title, the register sentence and the
 * municipalities it lists — and the word-level knowledge of region labels
 * that the names pass shares (repair-internal.h).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/macros.h"
#include "base/text.h"
#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "read/lex.h"
#include "repair/repair-internal.h"
#include "repair/repair.h"
#include "table/table.h"

/* Splits folded @s (modified) into words. */
size_t tvk_fold_words(char *s, char **words, size_t cap)
{
	size_t n = 0;
	char *save = NULL;
	for (char *p = strtok_r(s, " ", &save); p && n < cap;
			p = strtok_r(NULL, " ", &save))
		words[n++] = p;
	return n;
}

bool tvk_is_code_token(const char *s)
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

void tvk_region_words(const struct tvk_region *r, struct region_words *rw)
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
		tvk_fold(names[i], folded, MAX_FOLD);
		size_t len = strlen(folded);
		if (used + len + 1 > sizeof(rw->buf))
			break;
		char *copy = rw->buf + used;
		memcpy(copy, folded, len + 1);
		used += len + 1;
		rw->n += tvk_fold_words(copy, rw->words + rw->n,
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
bool tvk_is_fragment(const char *token, const struct region_words *rw)
{
	char folded[MAX_FOLD];
	tvk_fold(token, folded, MAX_FOLD);
	char *words[16];
	size_t n = tvk_fold_words(folded, words, 16);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!word_in_region(words[i], rw))
			return false;
	return true;
}

/* A match's quality: higher is better; NONE and AMBIGUOUS are 0. */
int tvk_match_rank(struct tvk_match m)
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
int tvk_table_date(const struct tvk_table *t)
{
	return tvk_quarter_date(t->period.year, t->period.quarter);
}

/*
 * A region code followed by words of that region's names, in @t[0..@n):
 * the code, or 0.  Of the words after the code, the first @words must be
 * fragments (all of them with SIZE_MAX).
 */
static int code_and_fragments(const struct tvk_token *t, size_t n,
		size_t words)
{
	if (n < 2 || !tvk_is_code_token(t[0].text))
		return 0;
	int code = atoi(t[0].text);
	const struct tvk_region *r = tvk_gazetteer_region(code);
	if (!r)
		return 0;
	struct region_words rw;
	tvk_region_words(r, &rw);
	for (size_t i = 1; i < n && i <= words; i++)
		if (!tvk_is_fragment(t[i].text, &rw))
			return 0;
	return code;
}

/* A label line: "18 Zuid-Holland", "2 Friesland", "7 Zaanstreek-"; the
 * code alone is no label. */
int tvk_label_code(const struct tvk_token *t, size_t n)
{
	return code_and_fragments(t, n, SIZE_MAX);
}

/* The first row's lead: a code followed by a fragment of that region
 * (and then the name). */
static int first_row_code(const struct tvk_row *row)
{
	return code_and_fragments(row->lead_tokens, row->n_lead_tokens, 1);
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
			char *tail = tvk_lex_join(row->lead_tokens, k,
					row->n_lead_tokens, arena);
			struct tvk_match m = tvk_gazetteer_lookup_at(tail, 0,
				tvk_table_date(t));
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

void tvk_read_region(struct read_ctx *c)
{
	const struct tvk_table *t = c->t;
	struct tvk_arena *arena = c->arena;
	struct tvk_reading *rd = c->rd;
	/* The label the table prints: in the first row, on a line of its
	 * own above the rows, or after the total. */
	int label = t->n_rows ? first_row_code(&t->rows[0]) : 0;
	for (size_t i = 0; !label && i < t->n_asides; i++) {
		const struct tvk_aside *a = &t->asides[i];
		if (a->rows_before == 0 || a->after_total)
			label = tvk_label_code(a->tokens, a->n_tokens);
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
	for (int k = 1; k <= TVK_N_REGIONS; k++) {
		if (weight[k] > weight[best]) {
			second = weight[best];
			best = k;
		} else if (weight[k] > second) {
			second = weight[k];
		}
	}
	if (!best || weight[best] == second) {
		rd->region = 0;
		tvk_problem_add(&rd->problems, arena, false, "region",
			TVK_AT_TABLE, "the region cannot be determined (label "
			"%d, title %d, register %d, municipalities %d)", label,
			title, reg, munis);
		return;
	}
	rd->region = best;
	for (size_t i = 0; i < TVK_ARRAY_LEN(sources); i++)
		if (sources[i].code && sources[i].code != best)
			tvk_problem_add(&rd->problems, arena, true, "region",
				TVK_AT_TABLE, "the %s names region %d, the table "
				"is read as region %d", sources[i].name,
				sources[i].code, best);
	if (title == best && title_damaged) {
		tvk_repair_log_add(&rd->repairs, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_REGION, .subject = title_printed,
			.field = "region", .printed = title_printed,
			.text = tvk_gazetteer_region(best)->name,
			.evidence = "the title's region name read within a few "
				"edits; the table's label or municipalities "
				"agree",
			.row = TVK_NO_ROW, .field_index = TVK_NO_FIELD});
	}
	if (!label && title == best)
		rd->region_printed = title_printed;
}

