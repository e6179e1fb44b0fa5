#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "gazetteer/gazetteer-data.h"
#include "gazetteer/gazetteer.h"

/*
 * Matching a printed name: fold it once (case, diacritics, punctuation, the
 * OCR forms of IJ), compare it with the precomputed folded forms of every
 * candidate (CBS name, UWV label, CBS name without its "(L.)" qualifier),
 * and accept only a clear winner.  The candidates are those of the date's
 * epoch (gazetteer-data.h): the lists are generated for every span of
 * dates in which nothing changed, so a date costs one short search.
 * Everything lives on the stack: this runs once per table row over
 * archives of hundreds of PDFs.
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

/* ---- dates and epochs ---------------------------------------------------- */

int tvk_quarter_date(int year, int quarter)
{
	static const int last_day[] = {331, 630, 930, 1231};
	if (year < 1 || year > 9998 || quarter < 1 || quarter > 4)
		return TVK_DATE_LATEST;
	return year * 10000 + last_day[quarter - 1];
}

static const struct tvk_gz_epoch *epoch_at(int date)
{
	size_t lo = 0, hi = tvk_gz_n_epochs - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (date > tvk_gz_epochs[mid].until)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &tvk_gz_epochs[lo];
}

static bool holds_on(int from, int until, int date)
{
	return from <= date && date <= until;
}

static size_t record_index(const struct tvk_municipality *m)
{
	return (size_t)(m - tvk_gz_records);
}

/* ---- regions ------------------------------------------------------------ */

const struct tvk_region *tvk_gazetteer_region(int code)
{
	if (code < 1 || code > TVK_N_REGIONS)
		return NULL;
	return &tvk_gz_regions[code - 1];
}

const char *tvk_gazetteer_region_name(int code, int date)
{
	const struct tvk_region *r = tvk_gazetteer_region(code);
	if (!r)
		return NULL;
	for (size_t i = 0; i < r->n_names; i++)
		if (holds_on(r->names[i].from, r->names[i].until, date))
			return r->names[i].name;
	return r->name;
}

/* ---- municipalities ------------------------------------------------------ */

size_t tvk_gazetteer_count(void)
{
	return tvk_gz_n_today;
}

const struct tvk_municipality *tvk_gazetteer_at(size_t i)
{
	return i < tvk_gz_n_today ? tvk_gz_today[i] : NULL;
}

size_t tvk_gazetteer_records(const char *code,
		const struct tvk_municipality *const **out)
{
	if (out)
		*out = NULL;
	if (!code)
		return 0;
	size_t lo = 0, hi = tvk_gz_n_records;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(tvk_gz_records[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < tvk_gz_n_records && strcmp(tvk_gz_records[end].code, code) == 0)
		end++;
	if (end == lo)
		return 0;
	if (out)
		*out = tvk_gz_record_ptrs + lo;
	return end - lo;
}

const struct tvk_municipality *tvk_gazetteer_by_code_at(const char *code,
		int date)
{
	const struct tvk_municipality *const *list;
	size_t n = tvk_gazetteer_records(code, &list);
	for (size_t i = 0; i < n; i++)
		if (holds_on(list[i]->from, list[i]->until, date))
			return list[i];
	return NULL;
}

const struct tvk_municipality *tvk_gazetteer_by_code(const char *code)
{
	return tvk_gazetteer_by_code_at(code, TVK_DATE_LATEST);
}

static size_t in_region(const struct tvk_gz_epoch *e, int region,
		const struct tvk_municipality *const **out)
{
	if (region < 1 || region > TVK_N_REGIONS) {
		if (out)
			*out = NULL;
		return 0;
	}
	size_t start = e->region_start[region];
	if (out)
		*out = e->by_region + start;
	return e->region_start[region + 1] - start;
}

size_t tvk_gazetteer_in_region_at(int region, int date,
		const struct tvk_municipality *const **out)
{
	return in_region(epoch_at(date), region, out);
}

size_t tvk_gazetteer_in_region(int region,
		const struct tvk_municipality *const **out)
{
	return tvk_gazetteer_in_region_at(region, TVK_DATE_LATEST, out);
}

/* ---- what became of a municipality -------------------------------------- */

static const struct tvk_gz_fate *fate_of(const char *code)
{
	if (!code)
		return NULL;
	size_t lo = 0, hi = tvk_gz_n_fates;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(code, tvk_gz_fates[mid].dissolution.municipality->code);
		if (c == 0)
			return &tvk_gz_fates[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct tvk_dissolution *tvk_gazetteer_dissolution(const char *code)
{
	const struct tvk_gz_fate *f = fate_of(code);
	return f ? &f->dissolution : NULL;
}

const char *tvk_dissolution_kind_name(enum tvk_dissolution_kind kind)
{
	switch (kind) {
	case TVK_DISSOLVED_MERGED: return "merged";
	case TVK_DISSOLVED_ABSORBED: return "absorbed";
	case TVK_DISSOLVED_SPLIT: return "split";
	}
	return "unknown";
}

const struct tvk_municipality *tvk_gazetteer_current(const char *code,
		const struct tvk_municipality *const **successors, size_t *n)
{
	if (successors)
		*successors = NULL;
	if (n)
		*n = 0;
	const struct tvk_municipality *today = tvk_gazetteer_by_code(code);
	if (today)
		return today;
	const struct tvk_gz_fate *f = fate_of(code);
	if (!f)
		return NULL;
	if (!f->current) {
		if (successors)
			*successors = f->successors;
		if (n)
			*n = f->n_successors;
	}
	return f->current;
}

/* ---- matching ----------------------------------------------------------- */

/*
 * Whether @folded is, after folding, the name of a municipality other than
 * @m at any date.  Neighbouring regions hold names one edit apart ("Ommen"
 * and "Emmen", "Wierden" and "Woerden"): a name that is another
 * municipality's, printed under the wrong region or in another year, is
 * not a misprint of a local one.
 */
static bool names_another(const char *folded, size_t len,
		const struct tvk_municipality *m)
{
	size_t n;
	const struct tvk_gz_form_entry *e = forms_equal_to(folded, len, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(tvk_gz_records[e[i].record].code, m->code) != 0)
			return true;
	return false;
}

/* The candidates of @region on epoch @e — all municipalities when it is
 * 0 — in *@cands; returns how many. */
static size_t candidates(const struct tvk_gz_epoch *e, int region,
		const struct tvk_municipality *const **cands)
{
	if (region == 0) {
		*cands = e->by_region;
		return e->n;
	}
	return in_region(e, region, cands);
}

static bool same_code(int record, const struct tvk_municipality *m)
{
	return record >= 0 && strcmp(tvk_gz_records[record].code, m->code) == 0;
}

static bool exact_name(const char *printed, const struct tvk_municipality *m)
{
	return strcmp(printed, m->name) == 0 || strcmp(printed, m->label) == 0;
}

/*
 * Candidates whose folded form equals @folded, found in the index of every
 * form and kept when they hold on epoch @e (any date when NULL) and lie in
 * @region (anywhere when 0): decided without any distance, which is what
 * most printed names need.  Returns false when there is none, leaving the
 * question to the fuzzy search.
 */
static bool equal_forms(const char *printed, const char *folded, size_t len,
		const struct tvk_gz_epoch *e, int region, struct tvk_match *match)
{
	size_t n;
	const struct tvk_gz_form_entry *entry = forms_equal_to(folded, len, &n);
	struct ranking rank;
	ranking_init(&rank, 0);
	for (size_t i = 0; i < n; i++) {
		const struct tvk_municipality *m = &tvk_gz_records[entry[i].record];
		if (e && !holds_on(m->from, m->until, e->from))
			continue;
		if (region && m->region != region)
			continue;
		/* Another date's record of a code already seen is the same
		 * municipality, not a rival. */
		if (!e && (same_code(rank.best, m) || same_code(rank.second, m)))
			continue;
		ranking_offer(&rank, (int)entry[i].record, 0, exact_name(printed, m));
	}
	if (rank.best < 0)
		return false;
	match->kind = ranking_decide(&rank, 0);
	match->distance = 0;
	const struct tvk_municipality *best = &tvk_gz_records[rank.best];
	if (!e) {
		/* the latest record of the code */
		const struct tvk_municipality *const *list;
		size_t k = tvk_gazetteer_records(best->code, &list);
		best = list[k - 1];
	}
	if (match->kind == TVK_MATCH_AMBIGUOUS)
		match->rival = best;
	else
		match->municipality = best;
	return true;
}

struct tvk_match tvk_gazetteer_lookup_at(const char *printed, int region,
		int date)
{
	struct tvk_match match = {TVK_MATCH_NONE, NULL, NULL, 0};
	char folded[FOLD_CAP];
	size_t len = tvk_fold(printed, folded, sizeof(folded));
	if (len > 0 && region >= 0 && region <= TVK_N_REGIONS)
		equal_forms(printed, folded, len, epoch_at(date), region, &match);
	return match;
}

struct tvk_match tvk_gazetteer_lookup(const char *printed, int region)
{
	return tvk_gazetteer_lookup_at(printed, region, TVK_DATE_LATEST);
}

struct tvk_match tvk_gazetteer_lookup_any_date(const char *printed)
{
	struct tvk_match match = {TVK_MATCH_NONE, NULL, NULL, 0};
	char folded[FOLD_CAP];
	size_t len = tvk_fold(printed, folded, sizeof(folded));
	if (len > 0)
		equal_forms(printed, folded, len, NULL, 0, &match);
	return match;
}

struct tvk_match tvk_gazetteer_match_at(const char *printed, int region,
		int date)
{
	struct tvk_match match = {TVK_MATCH_NONE, NULL, NULL, 0};
	const struct tvk_gz_epoch *e = epoch_at(date);
	const struct tvk_municipality *const *cands = NULL;
	size_t n_cands = region >= 0 && region <= TVK_N_REGIONS ?
		candidates(e, region, &cands) : 0;
	char folded[FOLD_CAP];
	size_t len = tvk_fold(printed, folded, sizeof(folded));
	int bound = fuzzy_bound(len);
	match.distance = bound + 1;
	if (len == 0 || n_cands == 0)
		return match;
	if (equal_forms(printed, folded, len, e, region, &match))
		return match;

	/* Runner-ups up to bound + 1 can still spoil a match at the bound. */
	int limit = bound + 1;
	struct ranking rank;
	ranking_init(&rank, limit);
	for (size_t k = 0; k < n_cands; k++) {
		const struct tvk_municipality *m = cands[k];
		/* Nothing farther than the runner-up can change the outcome. */
		int d = forms_distance(folded, len,
				tvk_gz_record_forms[record_index(m)].form,
				min2(limit, rank.second_d));
		if (d > limit)
			continue;
		ranking_offer(&rank, (int)k, d, exact_name(printed, m));
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

struct tvk_match tvk_gazetteer_match(const char *printed, int region)
{
	return tvk_gazetteer_match_at(printed, region, TVK_DATE_LATEST);
}

/* ---- region names -------------------------------------------------------- */

/* Whether form @f of a region counts: on @date, or at any date when
 * @date is 0. */
static bool region_form_counts(const struct tvk_gz_region_form *f, int date)
{
	return date == 0 || holds_on(f->from, f->until, date);
}

static bool exact_region(const char *printed, const struct tvk_region *r,
		int date)
{
	for (size_t i = 0; i < r->n_names; i++)
		if ((date == 0 || holds_on(r->names[i].from, r->names[i].until,
				date)) && strcmp(printed, r->names[i].name) == 0)
			return true;
	for (const char *const *v = r->variants; *v; v++)
		if (strcmp(printed, *v) == 0)
			return true;
	return false;
}

/* The forms of region @k that count on @date (0: every date) as a list
 * for forms_distance(); returns its length. */
static size_t region_forms(int k, int date,
		struct tvk_gz_string out[TVK_GZ_MAX_REGION_FORMS + 1])
{
	size_t n = 0;
	for (const struct tvk_gz_region_form *f = tvk_gz_region_forms[k].form;
			f->s; f++)
		if (region_form_counts(f, date))
			out[n++] = (struct tvk_gz_string){f->s, f->len};
	out[n] = (struct tvk_gz_string){NULL, 0};
	return n;
}

static struct tvk_region_match match_region(const char *printed,
		const char *folded, size_t len, int date)
{
	struct tvk_region_match match = {TVK_MATCH_NONE, NULL, 0, false};
	int bound = fuzzy_bound(len);
	match.distance = bound + 1;

	/* Most titles print a region's name or variant exactly: found
	 * without a single distance. */
	int equal = -1, n_equal = 0;
	for (int k = 0; k < TVK_N_REGIONS; k++)
		for (const struct tvk_gz_region_form *f =
				tvk_gz_region_forms[k].form; f->s; f++)
			if (f->len == len && memcmp(f->s, folded, len) == 0 &&
					region_form_counts(f, date)) {
				if (equal != k)
					n_equal++;
				equal = k;
				break;
			}
	if (n_equal == 1) {
		const struct tvk_region *r = &tvk_gz_regions[equal];
		match.kind = exact_region(printed, r, date) ? TVK_MATCH_EXACT :
			TVK_MATCH_FOLDED;
		match.region = r;
		match.distance = 0;
		return match;
	}

	int limit = bound + 1;
	struct ranking rank;
	ranking_init(&rank, limit);
	for (int k = 0; k < TVK_N_REGIONS; k++) {
		const struct tvk_region *r = &tvk_gz_regions[k];
		struct tvk_gz_string forms[TVK_GZ_MAX_REGION_FORMS + 1];
		if (region_forms(k, date, forms) == 0)
			continue;
		int d = forms_distance(folded, len, forms,
				min2(limit, rank.second_d));
		if (d > limit)
			continue;
		ranking_offer(&rank, k, d, exact_region(printed, r, date));
	}

	match.kind = ranking_decide(&rank, bound);
	if (rank.best >= 0)
		match.distance = rank.best_d;
	if (match.kind != TVK_MATCH_NONE && match.kind != TVK_MATCH_AMBIGUOUS)
		match.region = &tvk_gz_regions[rank.best];
	return match;
}

struct tvk_region_match tvk_gazetteer_match_region_at(const char *printed,
		int date)
{
	char folded[FOLD_CAP];
	size_t len = tvk_fold(printed, folded, sizeof(folded));
	if (len == 0)
		return (struct tvk_region_match){TVK_MATCH_NONE, NULL,
			fuzzy_bound(0) + 1, false};
	/* 0 means "every date" below; no reference date is 0. */
	if (date < 1)
		date = 1;
	struct tvk_region_match m = match_region(printed, folded, len, date);
	if (m.kind != TVK_MATCH_NONE)
		return m;
	/* A name of another period: the region is still unmistakable. */
	struct tvk_region_match other = match_region(printed, folded, len, 0);
	if (other.region) {
		other.other_date = true;
		return other;
	}
	return m;
}

struct tvk_region_match tvk_gazetteer_match_region(const char *printed)
{
	return tvk_gazetteer_match_region_at(printed, TVK_DATE_LATEST);
}
