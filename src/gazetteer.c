#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/gazetteer.h>

#include "gazetteer-data.h"
#include "text.h"

/*
 * Matching a printed name: fold it once (case, diacritics, punctuation, the
 * OCR forms of IJ), compare it with the precomputed folded forms of every
 * candidate (CBS name, UWV label, CBS name without its "(L.)" qualifier),
 * and accept only a clear winner.  Everything lives on the stack: this runs
 * once per table row over archives of hundreds of PDFs.
 */

/* A folded name and its NUL; longer input is truncated (names are < 40). */
#define FOLD_CAP 256

/* The runner-up must be one plain edit farther than the winner. */
#define MARGIN 2

static int min2(int a, int b)
{
	return a < b ? a : b;
}


/* ---- matching ----------------------------------------------------------- */

/*
 * How far a fuzzy match may be: about one plain edit (2 units) per five
 * characters, at least one edit, but only a look-alike for names under
 * four characters: "Ede" and "Epe" are one edit apart in neighbouring
 * regions.
 */
static int fuzzy_bound(size_t len)
{
	if (len < 4)
		return 1;
	return 2 * (int)(len >= 10 ? len / 5 : 1);
}

/* The best two candidates seen; exact byte equality wins a tie. */
struct ranking {
	int best, second;     /* candidate indices, -1 for none */
	int best_d, second_d;
	bool best_exact, second_exact;
};

static void ranking_init(struct ranking *r, int limit)
{
	*r = (struct ranking){-1, -1, limit + 1, limit + 1, false, false};
}

static bool ranks_before(int d, bool exact, int than_d, bool than_exact)
{
	return d < than_d || (d == than_d && exact && !than_exact);
}

static void ranking_offer(struct ranking *r, int i, int d, bool exact)
{
	if (ranks_before(d, exact, r->best_d, r->best_exact) || r->best < 0) {
		r->second = r->best;
		r->second_d = r->best_d;
		r->second_exact = r->best_exact;
		r->best = i;
		r->best_d = d;
		r->best_exact = exact;
	} else if (ranks_before(d, exact, r->second_d, r->second_exact) ||
			r->second < 0) {
		r->second = i;
		r->second_d = d;
		r->second_exact = exact;
	}
}

static enum tvk_match_kind ranking_decide(const struct ranking *r, int bound)
{
	if (r->best < 0 || r->best_d > bound)
		return TVK_MATCH_NONE;
	bool rival = r->second >= 0;
	if (r->best_exact)
		return rival && r->second_exact ? TVK_MATCH_AMBIGUOUS : TVK_MATCH_EXACT;
	if (r->best_d == 0)
		return rival && r->second_d == 0 ? TVK_MATCH_AMBIGUOUS : TVK_MATCH_FOLDED;
	if (rival && r->second_d < r->best_d + MARGIN)
		return TVK_MATCH_AMBIGUOUS;
	return TVK_MATCH_FUZZY;
}

/*
 * The smallest distance from @folded to one of @forms, or a value above
 * @limit.  The length check skips most candidates without a DP.
 */
static int forms_distance(const char *folded, size_t len,
		const struct tvk_gz_string *forms, int limit)
{
	int best = limit + 1;
	for (; forms->s; forms++) {
		size_t gap = len > forms->len ? len - forms->len : forms->len - len;
		if (gap > (size_t)limit)
			continue;
		int d = tvk_fold_distance_n(folded, len, forms->s, forms->len,
				limit);
		if (d < best) {
			best = d;
			limit = d;
		}
	}
	return best;
}

static int cmp_form(const char *folded, size_t len,
		const struct tvk_gz_form_entry *e)
{
	if (len != e->len)
		return len < e->len ? -1 : 1;
	return memcmp(folded, e->s, len);
}

/* The first entry of tvk_gz_form_index equal to @folded, and how many
 * follow it (*@n; 0 when none). */
static const struct tvk_gz_form_entry *forms_equal_to(const char *folded,
		size_t len, size_t *n)
{
	size_t lo = 0, hi = tvk_gz_n_forms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_form(folded, len, &tvk_gz_form_index[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < tvk_gz_n_forms &&
			cmp_form(folded, len, &tvk_gz_form_index[end]) == 0)
		end++;
	*n = end - lo;
	return &tvk_gz_form_index[lo];
}

/*
 * Whether @folded is, after folding, the name of a municipality other than
 * @m.  Neighbouring regions hold names one edit apart ("Ommen" and "Emmen",
 * "Wierden" and "Woerden"): a name that is another municipality's, printed
 * under the wrong region, is not a misprint of a local one.
 */
static bool names_another(const char *folded, size_t len,
		const struct tvk_municipality *m)
{
	size_t n;
	const struct tvk_gz_form_entry *e = forms_equal_to(folded, len, &n);
	for (size_t i = 0; i < n; i++)
		if (tvk_gz_by_region[e[i].k] != m)
			return true;
	return false;
}

const struct tvk_region *tvk_gazetteer_region(int code)
{
	if (code < 1 || code > TVK_N_REGIONS)
		return NULL;
	return &tvk_gz_regions[code - 1];
}

size_t tvk_gazetteer_count(void)
{
	return tvk_gz_n_municipalities;
}

const struct tvk_municipality *tvk_gazetteer_at(size_t i)
{
	return i < tvk_gz_n_municipalities ? &tvk_gz_municipalities[i] : NULL;
}

const struct tvk_municipality *tvk_gazetteer_by_code(const char *code)
{
	if (!code)
		return NULL;
	size_t lo = 0, hi = tvk_gz_n_municipalities;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(code, tvk_gz_municipalities[mid].code);
		if (c == 0)
			return &tvk_gz_municipalities[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t tvk_gazetteer_in_region(int region,
		const struct tvk_municipality *const **out)
{
	if (region < 1 || region > TVK_N_REGIONS) {
		if (out)
			*out = NULL;
		return 0;
	}
	size_t start = tvk_gz_region_start[region];
	if (out)
		*out = tvk_gz_by_region + start;
	return tvk_gz_region_start[region + 1] - start;
}

/* The candidates of @region — all municipalities when it is 0 — as a
 * range of tvk_gz_by_region, in *@cands; returns how many. */
static size_t candidates(int region,
		const struct tvk_municipality *const **cands)
{
	if (region == 0) {
		*cands = tvk_gz_by_region;
		return tvk_gz_n_municipalities;
	}
	return tvk_gazetteer_in_region(region, cands);
}

/*
 * Candidates whose folded form equals @folded, found in the index of every
 * form and kept when they are among @cands (a range of tvk_gz_by_region):
 * decided without any distance, which is what most printed names need.
 * Returns false when there is none, leaving the question to the fuzzy
 * search.
 */
static bool equal_forms(const char *printed, const char *folded, size_t len,
		const struct tvk_municipality *const *cands, size_t n_cands,
		struct tvk_match *match)
{
	if (n_cands == 0)
		return false;
	size_t first = (size_t)(cands - tvk_gz_by_region), n;
	const struct tvk_gz_form_entry *e = forms_equal_to(folded, len, &n);
	struct ranking rank;
	ranking_init(&rank, 0);
	for (size_t i = 0; i < n; i++) {
		if (e[i].k < first || e[i].k >= first + n_cands)
			continue;
		size_t k = e[i].k - first;
		const struct tvk_municipality *m = cands[k];
		bool exact = strcmp(printed, m->name) == 0 ||
			strcmp(printed, m->label) == 0;
		ranking_offer(&rank, (int)k, 0, exact);
	}
	if (rank.best < 0)
		return false;
	match->kind = ranking_decide(&rank, 0);
	match->distance = 0;
	if (match->kind == TVK_MATCH_AMBIGUOUS)
		match->rival = cands[rank.best];
	else
		match->municipality = cands[rank.best];
	return true;
}

struct tvk_match tvk_gazetteer_lookup(const char *printed, int region)
{
	struct tvk_match match = {TVK_MATCH_NONE, NULL, NULL, 0};
	const struct tvk_municipality *const *cands;
	size_t n_cands = candidates(region, &cands);
	char folded[FOLD_CAP];
	size_t len = tvk_fold(printed, folded, sizeof(folded));
	if (len > 0)
		equal_forms(printed, folded, len, cands, n_cands, &match);
	return match;
}

struct tvk_match tvk_gazetteer_match(const char *printed, int region)
{
	struct tvk_match match = {TVK_MATCH_NONE, NULL, NULL, 0};
	const struct tvk_municipality *const *cands;
	size_t n_cands = candidates(region, &cands);
	char folded[FOLD_CAP];
	size_t len = tvk_fold(printed, folded, sizeof(folded));
	int bound = fuzzy_bound(len);
	match.distance = bound + 1;
	if (len == 0 || n_cands == 0)
		return match;
	if (equal_forms(printed, folded, len, cands, n_cands, &match))
		return match;

	/* Runner-ups up to bound + 1 can still spoil a match at the bound. */
	int limit = bound + 1;
	struct ranking rank;
	ranking_init(&rank, limit);
	for (size_t k = 0; k < n_cands; k++) {
		const struct tvk_municipality *m = cands[k];
		size_t idx = (size_t)(m - tvk_gz_municipalities);
		/* Nothing farther than the runner-up can change the outcome. */
		int d = forms_distance(folded, len,
				tvk_gz_municipality_forms[idx].form,
				min2(limit, rank.second_d));
		if (d > limit)
			continue;
		bool exact = strcmp(printed, m->name) == 0 ||
			strcmp(printed, m->label) == 0;
		ranking_offer(&rank, (int)k, d, exact);
	}

	match.kind = ranking_decide(&rank, bound);
	if (rank.best >= 0)
		match.distance = rank.best_d;
	if (match.kind == TVK_MATCH_FUZZY &&
			names_another(folded, len, cands[rank.best]))
		match.kind = TVK_MATCH_NONE;
	switch (match.kind) {
	case TVK_MATCH_EXACT:
	case TVK_MATCH_FOLDED:
	case TVK_MATCH_FUZZY:
		match.municipality = cands[rank.best];
		break;
	case TVK_MATCH_AMBIGUOUS:
		/* Not a match: name the closest candidate for the message. */
		match.rival = cands[rank.best];
		break;
	case TVK_MATCH_NONE:
		break;
	}
	return match;
}

struct tvk_region_match tvk_gazetteer_match_region(const char *printed)
{
	struct tvk_region_match match = {TVK_MATCH_NONE, NULL, 0};
	char folded[FOLD_CAP];
	size_t len = tvk_fold(printed, folded, sizeof(folded));
	int bound = fuzzy_bound(len);
	match.distance = bound + 1;
	if (len == 0)
		return match;

	/* Most titles print a region's name or variant exactly: found
	 * without a single distance. */
	int equal = -1, n_equal = 0;
	for (int k = 0; k < TVK_N_REGIONS; k++)
		for (const struct tvk_gz_string *f = tvk_gz_region_forms[k].form;
				f->s; f++)
			if (f->len == len && memcmp(f->s, folded, len) == 0) {
				if (equal != k)
					n_equal++;
				equal = k;
				break;
			}
	if (n_equal == 1) {
		const struct tvk_region *r = &tvk_gz_regions[equal];
		bool exact = strcmp(printed, r->name) == 0;
		for (const char *const *v = r->variants; *v && !exact; v++)
			exact = strcmp(printed, *v) == 0;
		match.kind = exact ? TVK_MATCH_EXACT : TVK_MATCH_FOLDED;
		match.region = r;
		match.distance = 0;
		return match;
	}

	int limit = bound + 1;
	struct ranking rank;
	ranking_init(&rank, limit);
	for (int k = 0; k < TVK_N_REGIONS; k++) {
		const struct tvk_region *r = &tvk_gz_regions[k];
		int d = forms_distance(folded, len, tvk_gz_region_forms[k].form,
				min2(limit, rank.second_d));
		if (d > limit)
			continue;
		bool exact = strcmp(printed, r->name) == 0;
		for (const char *const *v = r->variants; *v && !exact; v++)
			exact = strcmp(printed, *v) == 0;
		ranking_offer(&rank, k, d, exact);
	}

	match.kind = ranking_decide(&rank, bound);
	if (rank.best >= 0)
		match.distance = rank.best_d;
	if (match.kind != TVK_MATCH_NONE && match.kind != TVK_MATCH_AMBIGUOUS)
		match.region = &tvk_gz_regions[rank.best];
	return match;
}
