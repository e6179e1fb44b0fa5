#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/gazetteer.h>

#include "gazetteer-data.h"
#include "util.h"

/*
 * Matching a printed name: fold it once (case, diacritics, punctuation, the
 * OCR forms of IJ), compare it with the precomputed folded forms of every
 * candidate (CBS name, UWV label, CBS name without its "(L.)" qualifier),
 * and accept only a clear winner.  Everything lives on the stack: this runs
 * once per table row over archives of hundreds of PDFs.
 */

/* A folded name and its NUL; longer input is truncated (names are < 40). */
#define FOLD_CAP 256

/* A distance band of this width (cells per row) fits on the stack. */
#define STACK_BAND 512

/* The runner-up must be one plain edit farther than the winner. */
#define MARGIN 2

#define BAD_CP UINT32_MAX
#define INF (INT_MAX / 4)

/* ---- folding ------------------------------------------------------------ */

enum fold_kind { FOLD_LETTERS, FOLD_SEP, FOLD_DROP };

/*
 * U+00C0..U+00FF; NULL is a separator (the multiplication and division
 * signs).  "ÿ" is how OCR and old typewriter fonts render the Dutch IJ.
 * Keep in step with LATIN1 in src/data/gen-gazetteer.py.
 */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ij",
};

/*
 * The next code point of @*pp, advancing it.  A byte that does not start a
 * well-formed sequence comes back as BAD_CP and is skipped alone, so that
 * broken input folds the same way every time.  Never reads past a NUL: a
 * NUL is not a continuation byte.
 */
static uint32_t decode(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t c = p[0];
	int len;

	if (c < 0x80) {
		*pp = p + 1;
		return c;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
	} else {
		*pp = p + 1;
		return BAD_CP;
	}
	for (int k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			*pp = p + 1;
			return BAD_CP;
		}
		c = (c << 6) | (p[k] & 0x3F);
	}
	*pp = p + len;
	return c;
}

/*
 * What one code point folds to; for FOLD_LETTERS, @letters points at the
 * letters, in @one or in a static table.
 */
static enum fold_kind fold_cp(uint32_t cp, char one[2], const char **letters)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			one[0] = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			one[0] = (char)(cp - 'A' + 'a');
		else if (cp == '|')
			one[0] = 'i'; /* OCR's reading of a capital I */
		else
			return FOLD_SEP;
		one[1] = '\0';
		*letters = one;
		return FOLD_LETTERS;
	}
	if (cp < 0xC0)
		return FOLD_SEP; /* C1 controls, no-break space, « » ´ ¨ ... */
	if (cp < 0x100) {
		*letters = latin1[cp - 0xC0];
		return *letters ? FOLD_LETTERS : FOLD_SEP;
	}
	if (cp == 0x132 || cp == 0x133 || cp == 0x178) {
		*letters = "ij"; /* the IJ ligature, and Ÿ (capital ÿ) */
		return FOLD_LETTERS;
	}
	if (cp >= 0x300 && cp < 0x370)
		return FOLD_DROP; /* combining accents: decomposed input */
	if (cp >= 0x2000 && cp < 0x2070)
		return FOLD_SEP; /* curly quotes, dashes, odd spaces */
	return FOLD_DROP;
}

/*
 * OCR reads the capital I of a word-initial IJ as "|", "l" or "1"
 * ("|Jsselstein", "Oude lJsselstreek").  No Dutch word starts with "lj".
 */
static bool ij_lead(unsigned char c)
{
	return c == '|' || c == 'l' || c == 'L' || c == '1';
}

/*
 * Runs of one-letter words become one word, so that abbreviations meet
 * however they are printed: "Nuenen c.a." and "Nuenen Ca" both fold to
 * "nuenen ca", "(N.H.)" and "(NH.)" both to "nh".  @s holds words separated
 * by single spaces; the result is never longer.
 */
static size_t join_single_letters(char *s, size_t n)
{
	size_t r = 0, w = 0, prev_len = 0;

	while (r < n) {
		size_t start = r;
		while (r < n && s[r] != ' ')
			r++;
		size_t len = r - start;
		if (w > 0 && !(len == 1 && prev_len == 1))
			s[w++] = ' ';
		memmove(s + w, s + start, len);
		w += len;
		prev_len = len;
		if (r < n)
			r++;
	}
	s[w] = '\0';
	return w;
}

size_t tvk_fold(const char *s, char *out, size_t cap)
{
	if (!out || cap == 0)
		return 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = 0;
	bool in_word = false, space = false;

	while (*p && n + 1 < cap) {
		const char *letters;
		char one[2];
		if (!in_word && ij_lead(p[0]) && (p[1] == 'j' || p[1] == 'J')) {
			letters = "ij";
			p += 2;
		} else {
			switch (fold_cp(decode(&p), one, &letters)) {
			case FOLD_DROP:
				continue;
			case FOLD_SEP:
				space = space || in_word;
				in_word = false;
				continue;
			case FOLD_LETTERS:
				break;
			}
		}
		if (space) {
			out[n++] = ' ';
			space = false;
		}
		for (; *letters && n + 1 < cap; letters++)
			out[n++] = *letters;
		in_word = true;
	}
	/* Truncation may have cut between a space and its word. */
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return join_single_letters(out, n);
}

/* ---- distance ----------------------------------------------------------- */

/* Characters OCR confuses share a class; 0 is no class. */
static int lookalike_class(unsigned char c)
{
	switch (c) {
	case 'l': case 'L': case 'i': case 'I': case '1': case '|': case '!':
		return 1;
	case 'o': case 'O': case '0':
		return 2;
	case 's': case 'S': case '5':
		return 3;
	case 'b': case 'B': case '8':
		return 4;
	case 'z': case 'Z': case '2':
		return 5;
	default:
		return 0;
	}
}

static int substitution(unsigned char a, unsigned char b)
{
	if (a == b)
		return 0;
	int ca = lookalike_class(a);
	return ca && ca == lookalike_class(b) ? 1 : 2;
}

/* Two letters that OCR merges into one: "rn" read as "m", "vv" as "w". */
static bool digraph(unsigned char x, unsigned char y, unsigned char c)
{
	return (x == 'r' && y == 'n' && c == 'm') ||
	       (x == 'v' && y == 'v' && c == 'w');
}

static int min2(int a, int b)
{
	return a < b ? a : b;
}

/* Row @i of a band that is @w cells either side of the diagonal. */
static int cell(const int *row, size_t i, size_t j, size_t m, size_t w)
{
	if (j > m || j + w < i || j > i + w)
		return INF;
	return row[j + w - i];
}

/*
 * Weighted optimal-string-alignment distance: 2 per insertion, deletion,
 * substitution and swap of adjacent letters; 1 for a look-alike
 * substitution or a merged digraph.  Every unit of cost moves the path at
 * most one cell off the diagonal, so only a band of @limit cells either
 * side of it is computed, and two rows in a row above @limit end the search.
 */
static int distance(const char *sa, size_t n, const char *sb, size_t m, int limit)
{
	const unsigned char *a = (const unsigned char *)sa;
	const unsigned char *b = (const unsigned char *)sb;

	if (limit < 0)
		return n == m && memcmp(a, b, n) == 0 ? 0 : 1;
	/* Substituting the shorter and inserting the rest never costs more. */
	size_t longer = n > m ? n : m;
	if ((size_t)limit > 2 * longer)
		limit = (int)(2 * longer);
	if ((n > m ? n - m : m - n) > (size_t)limit)
		return limit + 1;
	/* No path strays farther than the longer string from the diagonal. */
	size_t w = (size_t)limit < longer ? (size_t)limit : longer;

	size_t width = 2 * w + 1;
	int stack[3][STACK_BAND];
	int *heap = NULL;
	int *rows[3];
	if (width <= STACK_BAND) {
		for (int k = 0; k < 3; k++)
			rows[k] = stack[k];
	} else {
		/* Only for long strings with a large limit: never when matching. */
		heap = tvk_xmalloc(3 * width * sizeof(*heap));
		for (int k = 0; k < 3; k++)
			rows[k] = heap + k * width;
	}
	int *r2 = rows[0], *r1 = rows[1], *r0 = rows[2];

	for (size_t k = 0; k < width; k++)
		r1[k] = INF;
	for (size_t j = 0; j <= m && j <= w; j++)
		r1[j + w] = 2 * (int)j;
	int prev_min = 0, result;

	for (size_t i = 1; i <= n; i++) {
		size_t lo = i > w ? i - w : 0;
		size_t hi = i + w < m ? i + w : m;
		int row_min = INF;

		for (size_t k = 0; k < width; k++)
			r0[k] = INF;
		for (size_t j = lo; j <= hi; j++) {
			int d = cell(r1, i - 1, j, m, w) + 2;
			if (j > 0) {
				d = min2(d, cell(r0, i, j - 1, m, w) + 2);
				d = min2(d, cell(r1, i - 1, j - 1, m, w) +
						substitution(a[i - 1], b[j - 1]));
				if (i > 1 && digraph(a[i - 2], a[i - 1], b[j - 1]))
					d = min2(d, cell(r2, i - 2, j - 1, m, w) + 1);
			}
			if (j > 1 && digraph(b[j - 2], b[j - 1], a[i - 1]))
				d = min2(d, cell(r1, i - 1, j - 2, m, w) + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
					a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2])
				d = min2(d, cell(r2, i - 2, j - 2, m, w) + 2);
			d = min2(d, INF);
			r0[j + w - i] = d;
			row_min = min2(row_min, d);
		}
		/* A path may jump a row (a swap, a digraph), never two. */
		if (row_min > limit && prev_min > limit) {
			free(heap);
			return limit + 1;
		}
		prev_min = row_min;
		int *t = r2;
		r2 = r1;
		r1 = r0;
		r0 = t;
	}
	result = cell(r1, n, m, m, w);
	free(heap);
	return result > limit ? limit + 1 : result;
}

int tvk_fold_distance(const char *a, const char *b, int limit)
{
	a = a ? a : "";
	b = b ? b : "";
	return distance(a, strlen(a), b, strlen(b), limit);
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
		int d = distance(folded, len, forms->s, forms->len, limit);
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
