/*
 * The gazetteer: tables and matching (folding and the distance are the
 * text layer's, tested in test_text.c).
 *
 * Most cases are lines of tests/data/gazetteer-cases.txt (a new case is
 * one line).  The generated tests run every municipality through its own
 * region: as printed, as folded, and under every single OCR-like damage.
 */

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/text.h"
#include "gazetteer/gazetteer.h"
#include "tvk_check.h"

#define CASES_FILE TVK_TEST_SRCDIR "/data/gazetteer-cases.txt"
#define TRUTH_DIR TVK_TEST_SRCDIR "/truth"
#define MAX_FIELDS 8
#define BUF 256

static const char *kind_name(enum tvk_match_kind kind)
{
	switch (kind) {
	case TVK_MATCH_NONE:
		return "NONE";
	case TVK_MATCH_EXACT:
		return "EXACT";
	case TVK_MATCH_FOLDED:
		return "FOLDED";
	case TVK_MATCH_FUZZY:
		return "FUZZY";
	case TVK_MATCH_AMBIGUOUS:
		return "AMBIGUOUS";
	}
	return "?";
}

static bool is_match(enum tvk_match_kind kind)
{
	return kind == TVK_MATCH_EXACT || kind == TVK_MATCH_FOLDED ||
		kind == TVK_MATCH_FUZZY;
}

static bool parse_int(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < INT_MIN || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

/* ---- the cases file --------------------------------------------------- */

/* Reports a failing case with its line; returns false. */
static bool bad(int line, const char *fmt, ...) TVK_PRINTF(2, 3);

static bool bad(int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "gazetteer-cases.txt:%d: ", line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return false;
}

/* Checks @kind against the expectation of a case. */
static bool check_kind(enum tvk_match_kind kind, bool found, const char *want,
		const char *want_kind, int line)
{
	if (strcmp(want, "NONE") == 0) {
		if (kind != TVK_MATCH_NONE || found)
			return bad(line, "got %s, want %s", kind_name(kind), want);
		return true;
	}
	if (strcmp(want, "AMBIGUOUS") == 0) {
		if (kind != TVK_MATCH_AMBIGUOUS || found)
			return bad(line, "got %s, want %s", kind_name(kind), want);
		return true;
	}
	if (!is_match(kind) || !found)
		return bad(line, "got %s, want %s", kind_name(kind), want);
	if (want_kind && strcmp(want_kind, kind_name(kind)) != 0)
		return bad(line, "matched as %s, want %s", kind_name(kind), want_kind);
	return true;
}

/* A date of a case: "2022-Q1" (the quarter's reference date) or
 * "2022-03-24". */
static bool parse_date(const char *s, int *date)
{
	int y, m, d, q;
	char rest;
	if (sscanf(s, "%4d-Q%1d%c", &y, &q, &rest) == 2 && q >= 1 && q <= 4) {
		*date = tvk_quarter_date(y, q);
		return true;
	}
	if (strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3) {
		*date = tvk_date(y, m, d);
		return true;
	}
	return false;
}

/* PRINTED REGION [DATE] CODE [KIND], @dated telling whether DATE is there. */
static bool case_match(char **f, int n, int line, bool dated)
{
	int region, date = TVK_DATE_LATEST;
	int k = dated ? 4 : 3; /* the field of CODE */
	if ((n != k + 1 && n != k + 2) || !parse_int(f[2], &region) ||
			(dated && !parse_date(f[3], &date)))
		return bad(line, "%s wants PRINTED, REGION, %sCODE [KIND]", f[0],
			dated ? "DATE, " : "");
	struct tvk_match m = dated ? tvk_gazetteer_match_at(f[1], region, date) :
		tvk_gazetteer_match(f[1], region);
	if (!check_kind(m.kind, m.municipality != NULL, f[k], n == k + 2 ?
			f[k + 1] : NULL, line))
		return false;
	if (m.kind == TVK_MATCH_AMBIGUOUS && !m.rival)
		return bad(line, "AMBIGUOUS without a rival");
	if (!m.municipality)
		return true;
	if (strcmp(m.municipality->code, f[k]) != 0)
		return bad(line, "matched %s, want %s", m.municipality->code, f[k]);
	if (region != 0 && m.municipality->region != region)
		return bad(line, "matched %s outside the region", f[k]);
	if (m.municipality->from > date || m.municipality->until < date)
		return bad(line, "matched a record of %s that does not hold on %d",
			f[k], date);
	if (m.kind != TVK_MATCH_FUZZY && m.distance != 0)
		return bad(line, "%s with distance %d", kind_name(m.kind), m.distance);
	/* The exact lookup agrees where it answers. */
	if (m.kind == TVK_MATCH_EXACT || m.kind == TVK_MATCH_FOLDED) {
		struct tvk_match l = tvk_gazetteer_lookup_at(f[1], region, date);
		if (l.municipality != m.municipality || l.kind != m.kind)
			return bad(line, "the lookup gives %s %s", kind_name(l.kind),
				l.municipality ? l.municipality->code : "-");
	}
	return true;
}

/* PRINTED [DATE] CODE [KIND [other-date]] */
static bool case_region(char **f, int n, int line, bool dated)
{
	int date = TVK_DATE_LATEST;
	int k = dated ? 3 : 2; /* the field of CODE */
	if (n < k + 1 || n > k + 3 || (dated && !parse_date(f[2], &date)) ||
			(n == k + 3 && strcmp(f[k + 2], "other-date") != 0))
		return bad(line, "%s wants PRINTED, %sCODE [KIND [other-date]]",
			f[0], dated ? "DATE, " : "");
	struct tvk_region_match m = dated ?
		tvk_gazetteer_match_region_at(f[1], date) :
		tvk_gazetteer_match_region(f[1]);
	if (!check_kind(m.kind, m.region != NULL, f[k], n >= k + 2 ? f[k + 1] :
			NULL, line))
		return false;
	if (!m.region)
		return true;
	char got[16];
	snprintf(got, sizeof(got), "%d", m.region->code);
	if (strcmp(got, f[k]) != 0)
		return bad(line, "matched region %s, want %s", got, f[k]);
	if (m.other_date != (n == k + 3))
		return bad(line, "other_date is %d", m.other_date);
	return true;
}

static bool run_case(char *line, int line_no)
{
	char *f[MAX_FIELDS];
	int n = 0;
	for (char *p = line;; p++) {
		if (n == MAX_FIELDS)
			return bad(line_no, "too many fields");
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p = '\0';
	}
	if (strcmp(f[0], "match") == 0 || strcmp(f[0], "match_at") == 0)
		return case_match(f, n, line_no, f[0][5] == '_');
	if (strcmp(f[0], "region") == 0 || strcmp(f[0], "region_at") == 0)
		return case_region(f, n, line_no, f[0][6] == '_');
	return bad(line_no, "unknown kind of case \"%s\"", f[0]);
}

START_TEST(test_cases_file)
{
	char *text = tvk_test_slurp(CASES_FILE, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", CASES_FILE);

	int line_no = 0, cases = 0, failed = 0;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		size_t len = strlen(line);
		if (len > 0 && line[len - 1] == '\r')
			line[len - 1] = '\0';
		line_no++;
		if (line[0] != '\0' && line[0] != '#') {
			cases++;
			if (!run_case(line, line_no))
				failed++;
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	fprintf(stderr, "gazetteer-cases.txt: %d cases, %d failed\n", cases, failed);
	ck_assert_msg(failed == 0, "%d of %d cases failed (lines above)", failed,
			cases);
	ck_assert_int_gt(cases, 100);
}
END_TEST

/* ---- the hand-checked tables ----------------------------------------- */

/* Every printed name of one truth file; returns the number checked. */
static int check_truth_file(const char *path, int *failed)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	ck_assert_msg(doc != NULL, "%s: %s", path, jerr.text);
	json_t *region = json_object_get(json_object_get(doc, "region"), "code");
	json_t *rows = json_object_get(doc, "municipalities");
	int n = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *printed = json_string_value(json_object_get(row, "printed_name"));
		const char *code = json_string_value(json_object_get(row, "code"));
		ck_assert_msg(printed && code && json_is_integer(region),
				"%s: row %zu lacks printed_name, code or region", path, i);
		int r = (int)json_integer_value(region);
		struct tvk_match m = tvk_gazetteer_match(printed, r);
		n++;
		if (!m.municipality || strcmp(m.municipality->code, code) != 0) {
			fprintf(stderr, "%s: \"%s\" in region %d: %s %s, want %s\n",
					path, printed, r, kind_name(m.kind),
					m.municipality ? m.municipality->code : "-", code);
			(*failed)++;
		}
	}
	json_decref(doc);
	return n;
}

/* The printed names of the real publications, from tests/truth/. */
START_TEST(test_truth_names)
{
	DIR *top = opendir(TRUTH_DIR);
	ck_assert_msg(top != NULL, "cannot open %s", TRUTH_DIR);
	int names = 0, failed = 0;
	struct dirent *q;
	while ((q = readdir(top))) {
		if (q->d_name[0] == '.')
			continue;
		char dir[512];
		snprintf(dir, sizeof(dir), "%s/%s", TRUTH_DIR, q->d_name);
		DIR *quarter = opendir(dir);
		if (!quarter)
			continue;
		struct dirent *e;
		while ((e = readdir(quarter))) {
			size_t len = strlen(e->d_name);
			if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0)
				continue;
			char path[1024];
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			names += check_truth_file(path, &failed);
		}
		closedir(quarter);
	}
	closedir(top);
	fprintf(stderr, "truth tables: %d printed names, %d failed\n", names, failed);
	ck_assert_int_eq(failed, 0);
	ck_assert_int_gt(names, 300);
}
END_TEST

/* ---- distance over the names ----------------------------------------- */

/* Every pair of folded names: symmetric, and the limit only cuts. */
START_TEST(test_distance_pairs)
{
	size_t n = tvk_gazetteer_count();
	char fa[BUF], fb[BUF];
	for (size_t i = 0; i < n; i += 3) {
		tvk_fold(tvk_gazetteer_at(i)->name, fa, sizeof(fa));
		for (size_t j = 0; j < n; j += 7) {
			tvk_fold(tvk_gazetteer_at(j)->name, fb, sizeof(fb));
			int d = tvk_fold_distance(fa, fb, INT_MAX);
			ck_assert_int_eq(d, tvk_fold_distance(fb, fa, INT_MAX));
			ck_assert_int_eq(d == 0, strcmp(fa, fb) == 0);
			for (int limit = 0; limit < 12; limit += 3) {
				int dl = tvk_fold_distance(fa, fb, limit);
				if (d <= limit)
					ck_assert_int_eq(dl, d);
				else
					ck_assert_int_gt(dl, limit);
			}
		}
	}
}
END_TEST

/* ---- the tables ------------------------------------------------------- */

START_TEST(test_tables)
{
	size_t n = tvk_gazetteer_count();
	ck_assert_uint_eq(n, 342);
	ck_assert_ptr_null(tvk_gazetteer_at(n));
	for (size_t i = 0; i < n; i++) {
		const struct tvk_municipality *m = tvk_gazetteer_at(i);
		ck_assert_ptr_nonnull(m);
		ck_assert_uint_eq(strlen(m->code), 6);
		if (i > 0)
			ck_assert_int_lt(strcmp(tvk_gazetteer_at(i - 1)->code, m->code), 0);
		ck_assert_ptr_eq(tvk_gazetteer_by_code(m->code), m);
		ck_assert_int_ge(m->region, 1);
		ck_assert_int_le(m->region, TVK_N_REGIONS);
	}
	ck_assert_ptr_null(tvk_gazetteer_by_code("GM9999"));
	ck_assert_ptr_null(tvk_gazetteer_by_code("GM0000"));
	ck_assert_ptr_null(tvk_gazetteer_by_code(""));
	ck_assert_ptr_null(tvk_gazetteer_by_code(NULL));
	ck_assert_str_eq(tvk_gazetteer_by_code("GM0353")->name, "IJsselstein");
	ck_assert_str_eq(tvk_gazetteer_by_code("GM0893")->label, "Bergen LB");
	ck_assert_str_eq(tvk_gazetteer_by_code("GM0820")->label, "Nuenen c.a.");
	ck_assert_str_eq(tvk_gazetteer_by_code("GM1900")->name, "S\xc3\xba" "dwest-Frysl\xc3\xa2n");

	size_t total = 0;
	for (int r = 1; r <= TVK_N_REGIONS; r++) {
		const struct tvk_municipality *const *list = NULL;
		size_t k = tvk_gazetteer_in_region(r, &list);
		ck_assert_uint_gt(k, 0);
		ck_assert_uint_eq(tvk_gazetteer_in_region(r, NULL), k);
		for (size_t i = 0; i < k; i++) {
			ck_assert_int_eq(list[i]->region, r);
			if (i > 0)
				ck_assert_int_lt(strcmp(list[i - 1]->code, list[i]->code), 0);
		}
		total += k;
	}
	ck_assert_uint_eq(total, n);
	const struct tvk_municipality *const *list = NULL;
	ck_assert_uint_eq(tvk_gazetteer_in_region(7, &list), 7);
	ck_assert_ptr_nonnull(list);
	ck_assert_uint_eq(tvk_gazetteer_in_region(0, &list), 0);
	ck_assert_ptr_null(list);
	ck_assert_uint_eq(tvk_gazetteer_in_region(TVK_N_REGIONS + 1, NULL), 0);
}
END_TEST

START_TEST(test_regions)
{
	ck_assert_ptr_null(tvk_gazetteer_region(0));
	ck_assert_ptr_null(tvk_gazetteer_region(TVK_N_REGIONS + 1));
	ck_assert_ptr_null(tvk_gazetteer_region(-1));
	for (int r = 1; r <= TVK_N_REGIONS; r++) {
		const struct tvk_region *reg = tvk_gazetteer_region(r);
		ck_assert_ptr_nonnull(reg);
		ck_assert_int_eq(reg->code, r);
		ck_assert_uint_gt(strlen(reg->slug), 0);
		ck_assert_uint_eq(strspn(reg->slug, "abcdefghijklmnopqrstuvwxyz0123456789-"),
				strlen(reg->slug));
		ck_assert_int_ne(reg->slug[0], '-');
		ck_assert_ptr_null(strstr(reg->slug, "--"));

		struct tvk_region_match m = tvk_gazetteer_match_region(reg->name);
		ck_assert_int_eq(m.kind, TVK_MATCH_EXACT);
		ck_assert_ptr_eq(m.region, reg);
		for (const char *const *v = reg->variants; *v; v++) {
			m = tvk_gazetteer_match_region(*v);
			ck_assert_int_eq(m.kind, TVK_MATCH_EXACT);
			ck_assert_ptr_eq(m.region, reg);
		}
		m = tvk_gazetteer_match_region(reg->slug);
		ck_assert_msg(m.kind == TVK_MATCH_FOLDED && m.region == reg,
				"slug %s does not fold to its region", reg->slug);
	}
	ck_assert_str_eq(tvk_gazetteer_region(8)->slug, "zuid-kennemerland-en-ijmond");
	ck_assert_str_eq(tvk_gazetteer_region(3)->slug, "noord-holland-noord");
	ck_assert_str_eq(tvk_gazetteer_region(5)->slug, "regio-zwolle");
	ck_assert_str_eq(tvk_gazetteer_region(7)->slug, "zaanstreek-waterland");
	ck_assert_str_eq(tvk_gazetteer_region(32)->slug, "helmond-de-peel");
	ck_assert_str_eq(tvk_gazetteer_region(7)->variants[0], "Zaanstreek/Waterland");
	ck_assert_ptr_null(tvk_gazetteer_region(7)->variants[1]);
	ck_assert_ptr_null(tvk_gazetteer_region(1)->variants[0]);
}
END_TEST

/* ---- every municipality ----------------------------------------------- */

static void expect_self(const char *printed, int region,
		const struct tvk_municipality *m, enum tvk_match_kind kind)
{
	struct tvk_match got = tvk_gazetteer_match(printed, region);
	ck_assert_msg(got.kind == kind && got.municipality == m && got.distance == 0,
			"\"%s\" in region %d: %s %s, want %s %s", printed, region,
			kind_name(got.kind),
			got.municipality ? got.municipality->code : "-",
			kind_name(kind), m->code);
}

START_TEST(test_every_name_matches_itself)
{
	char folded[BUF];
	for (size_t i = 0; i < tvk_gazetteer_count(); i++) {
		const struct tvk_municipality *m = tvk_gazetteer_at(i);
		expect_self(m->name, m->region, m, TVK_MATCH_EXACT);
		expect_self(m->label, m->region, m, TVK_MATCH_EXACT);
		expect_self(m->name, 0, m, TVK_MATCH_EXACT);
		expect_self(m->label, 0, m, TVK_MATCH_EXACT);
		/*
		 * The generator folds the names with the same text.c: a
		 * folded name meets its precomputed form at distance 0.
		 */
		tvk_fold(m->name, folded, sizeof(folded));
		if (strcmp(folded, m->name) != 0)
			expect_self(folded, m->region, m, TVK_MATCH_FOLDED);
		tvk_fold(m->label, folded, sizeof(folded));
		if (strcmp(folded, m->label) != 0)
			expect_self(folded, m->region, m, TVK_MATCH_FOLDED);
	}
}
END_TEST

/*
 * Lookups go through a sorted index of every folded form, kept to the
 * region's range of candidates, or to none of it country-wide: what the
 * country-wide lookup finds is what the 35 regional lookups find together.
 */
START_TEST(test_lookup_across_the_country)
{
	char folded[BUF];
	size_t checked = 0;
	for (size_t i = 0; i < tvk_gazetteer_count(); i++) {
		const struct tvk_municipality *m = tvk_gazetteer_at(i);
		const char *names[] = {m->name, m->label};
		for (size_t n = 0; n < 2; n++) {
			for (int variant = 0; variant < 2; variant++) {
				const char *s = names[n];
				if (variant) {
					tvk_fold(s, folded, sizeof(folded));
					s = folded;
				}
				int found = 0;
				const struct tvk_municipality *one = NULL;
				for (int r = 1; r <= 35; r++) {
					struct tvk_match x = tvk_gazetteer_lookup(s, r);
					if (x.kind == TVK_MATCH_AMBIGUOUS)
						found += 2;
					else if (x.kind != TVK_MATCH_NONE) {
						found++;
						one = x.municipality;
					}
				}
				struct tvk_match got = tvk_gazetteer_lookup(s, 0);
				ck_assert_msg(found >= 1, "%s: not found", s);
				if (found == 1) {
					ck_assert_msg(got.municipality == one,
						"%s: country-wide %s, regions %s", s,
						got.municipality ?
						got.municipality->code : "none",
						one->code);
				} else {
					/* an exact name beats folded rivals */
					ck_assert_msg(got.kind == TVK_MATCH_AMBIGUOUS ||
						got.kind == TVK_MATCH_EXACT,
						"%s: kind %d with %d candidates", s,
						got.kind, found);
				}
				checked++;
			}
		}
	}
	ck_assert_uint_ge(checked, 4 * 340);
	ck_assert_int_eq(tvk_gazetteer_lookup("xyzzy", 0).kind,
		TVK_MATCH_NONE);
	ck_assert_int_eq(tvk_gazetteer_lookup("", 0).kind, TVK_MATCH_NONE);
}
END_TEST

/* ---- generated OCR damage --------------------------------------------- */

struct tally {
	const struct tvk_municipality *m;
	int region; /* where to search: the municipality's own, or 0 */
	int date;   /* the list to search */
	int forms, self, none, ambiguous, wrong;
	bool quiet;
};

static void judge(struct tally *t, const char *damaged)
{
	struct tvk_match got = tvk_gazetteer_match_at(damaged, t->region, t->date);
	t->forms++;
	if (got.municipality == t->m) {
		t->self++;
	} else if (got.kind == TVK_MATCH_NONE) {
		t->none++;
	} else if (got.kind == TVK_MATCH_AMBIGUOUS) {
		t->ambiguous++;
	} else {
		t->wrong++;
		if (!t->quiet)
			fprintf(stderr, "WRONG: \"%s\" (damaged %s %s) in region %d "
					"matched %s %s (%s, distance %d)\n",
					damaged, t->m->code, t->m->name, t->region,
					got.municipality->code, got.municipality->name,
					kind_name(got.kind), got.distance);
	}
}

static bool utf8_start(unsigned char c)
{
	return (c & 0xC0) != 0x80;
}

/* @s with bytes [at, at + cut) replaced by @with. */
static void splice(struct tally *t, const char *s, size_t at, size_t cut,
		const char *with)
{
	char out[BUF];
	int k = snprintf(out, sizeof(out), "%.*s%s%s", (int)at, s, with, s + at + cut);
	if (k > 0 && (size_t)k < sizeof(out))
		judge(t, out);
}

/* Plain-ASCII replacements for the Latin-1 letters (U+00C0..U+00FF). */
static const char plain[] = "AAAAAAACEEEEIIIIDNOOOOO*OUUUUY*saaaaaaaceeeeiiiidnooooo/ouuuuy*y";

/*
 * Every single damage that OCR and retyping do to a name: a letter lost,
 * doubled or swapped with its neighbour, a look-alike (l/1, i/l, o/0, e/c,
 * m/rn), diacritics or a hyphen lost, the IJ read as "|J", "lJ", "Y" or a
 * lone "l".
 */
static void damage(struct tally *t, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!utf8_start(c))
			continue;
		size_t clen = 1;
		while (i + clen < n && !utf8_start((unsigned char)s[i + clen]))
			clen++;
		splice(t, s, i, clen, "");                       /* lost */
		char twice[8];
		snprintf(twice, sizeof(twice), "%.*s%.*s", (int)clen, s + i,
				(int)clen, s + i);
		splice(t, s, i, clen, twice);                    /* doubled */
		if (clen == 1 && i + 1 < n && s[i + 1] != s[i] &&
				utf8_start((unsigned char)s[i + 1]) &&
				(unsigned char)s[i + 1] < 0x80) {
			char swapped[3] = {s[i + 1], s[i], 0};
			splice(t, s, i, 2, swapped);             /* swapped */
		}
		const char *lookalike = NULL;
		switch (c) {
		case 'l': lookalike = "1"; break;
		case 'i': lookalike = "l"; break;
		case 'I': lookalike = "l"; break;
		case 'o': lookalike = "0"; break;
		case 'e': lookalike = "c"; break;
		case 'm': lookalike = "rn"; break;
		case '-': lookalike = " "; break;
		default: break;
		}
		if (lookalike)
			splice(t, s, i, 1, lookalike);
		if (c == 'I' && s[i + 1] == 'J') {
			splice(t, s, i, 2, "|J");
			splice(t, s, i, 2, "lJ");
			splice(t, s, i, 2, "Y");
			splice(t, s, i, 2, "l");
		}
	}

	/* All diacritics lost at once, as a font without them prints it. */
	char bare[BUF];
	size_t k = 0;
	bool had = false;
	for (size_t i = 0; i < n && k + 1 < sizeof(bare); i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xC3 && i + 1 < n) {
			bare[k++] = plain[((unsigned char)s[++i] - 0x80) & 0x3F];
			had = true;
		} else {
			bare[k++] = (char)c;
		}
	}
	bare[k] = '\0';
	if (had)
		judge(t, bare);
}

static void damage_all(int nationwide, struct tally *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < tvk_gazetteer_count(); i++) {
		struct tally t = {0};
		t.m = tvk_gazetteer_at(i);
		t.region = nationwide ? 0 : t.m->region;
		t.date = TVK_DATE_LATEST;
		t.quiet = nationwide;
		damage(&t, t.m->name);
		if (strcmp(t.m->label, t.m->name) != 0)
			damage(&t, t.m->label);
		sum->forms += t.forms;
		sum->self += t.self;
		sum->none += t.none;
		sum->ambiguous += t.ambiguous;
		sum->wrong += t.wrong;
	}
}

START_TEST(test_damaged_names)
{
	struct tally in_region, nationwide;

	damage_all(0, &in_region);
	fprintf(stderr, "damaged names, own region: %d forms: %d themselves "
			"(%.1f%%), %d none, %d ambiguous, %d WRONG\n",
			in_region.forms, in_region.self,
			100.0 * in_region.self / in_region.forms, in_region.none,
			in_region.ambiguous, in_region.wrong);
	damage_all(1, &nationwide);
	fprintf(stderr, "damaged names, nationwide: %d forms: %d themselves "
			"(%.1f%%), %d none, %d ambiguous, %d wrong\n",
			nationwide.forms, nationwide.self,
			100.0 * nationwide.self / nationwide.forms, nationwide.none,
			nationwide.ambiguous, nationwide.wrong);

	ck_assert_int_gt(in_region.forms, 10000);
	ck_assert_int_eq(in_region.wrong, 0);
	ck_assert_msg(in_region.self * 100 > in_region.forms * 95,
			"only %d of %d damaged names found themselves",
			in_region.self, in_region.forms);
	/* Without the region, fewer are certain; still hardly any are wrong. */
	ck_assert_msg(nationwide.wrong * 200 < nationwide.forms,
			"%d of %d damaged names matched another municipality",
			nationwide.wrong, nationwide.forms);
}
END_TEST

/*
 * The same damage to the names of every earlier list, within their region
 * of that date: the lists of 2016-2018 hold names close to each other
 * ("Leeuwarderadeel", "Littenseradiel", "Menameradiel") that 2025 lacks.
 */
START_TEST(test_damaged_names_by_year)
{
	struct tally sum = {0};
	for (int year = 2016; year <= 2024; year++) {
		int date = tvk_quarter_date(year, 2);
		for (int r = 1; r <= TVK_N_REGIONS; r++) {
			const struct tvk_municipality *const *list;
			size_t n = tvk_gazetteer_in_region_at(r, date, &list);
			for (size_t i = 0; i < n; i++) {
				struct tally t = {0};
				t.m = list[i];
				t.region = r;
				t.date = date;
				damage(&t, t.m->name);
				if (strcmp(t.m->label, t.m->name) != 0)
					damage(&t, t.m->label);
				sum.forms += t.forms;
				sum.self += t.self;
				sum.wrong += t.wrong;
			}
		}
	}
	fprintf(stderr, "damaged names, 2016-2024 lists: %d forms: %d themselves "
			"(%.1f%%), %d WRONG\n", sum.forms, sum.self,
			100.0 * sum.self / sum.forms, sum.wrong);
	ck_assert_int_gt(sum.forms, 90000);
	ck_assert_int_eq(sum.wrong, 0);
	ck_assert_msg(sum.self * 100 > sum.forms * 95,
			"only %d of %d damaged names found themselves",
			sum.self, sum.forms);
}
END_TEST

/*
 * A name looked up in a region it is not in.  Neighbouring regions hold
 * names one edit apart ("Ommen" and "Emmen", "Wierden" and "Woerden"):
 * an exact name of elsewhere must not pass as a misprint of a local one.
 */
START_TEST(test_names_of_other_regions)
{
	int tries = 0, matched = 0;
	for (size_t i = 0; i < tvk_gazetteer_count(); i++) {
		const struct tvk_municipality *m = tvk_gazetteer_at(i);
		for (int r = 1; r <= TVK_N_REGIONS; r++) {
			if (r == m->region)
				continue;
			struct tvk_match got = tvk_gazetteer_match(m->name, r);
			tries++;
			if (got.municipality) {
				matched++;
				fprintf(stderr, "other region: \"%s\" in region %d "
						"matched %s %s (distance %d)\n",
						m->name, r, got.municipality->code,
						got.municipality->name, got.distance);
			}
		}
	}
	fprintf(stderr, "names in other regions: %d tries, %d matched\n", tries,
			matched);
	ck_assert_int_eq(matched, 0);
}
END_TEST

START_TEST(test_long_garbage)
{
	size_t big = 10 * 1024;
	char *s = malloc(big + 1);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < big; i++)
		s[i] = "Zaanstad |Jssel "[i % 16];
	s[big] = '\0';
	for (int r = 0; r <= TVK_N_REGIONS; r++) {
		struct tvk_match m = tvk_gazetteer_match(s, r);
		ck_assert_int_eq(m.kind, TVK_MATCH_NONE);
		ck_assert_ptr_null(m.municipality);
	}
	ck_assert_int_eq(tvk_gazetteer_match_region(s).kind, TVK_MATCH_NONE);
	memset(s, 0xC3, big); /* a lead byte without its continuation, 10k times */
	ck_assert_int_eq(tvk_gazetteer_match(s, 0).kind, TVK_MATCH_NONE);
	free(s);

	ck_assert_int_eq(tvk_gazetteer_match(NULL, 7).kind, TVK_MATCH_NONE);
	ck_assert_int_eq(tvk_gazetteer_match_region(NULL).kind, TVK_MATCH_NONE);
}
END_TEST

START_TEST(test_ambiguous_names_both)
{
	struct tvk_match m = tvk_gazetteer_match("Bergen", 0);
	ck_assert_int_eq(m.kind, TVK_MATCH_AMBIGUOUS);
	ck_assert_ptr_null(m.municipality);
	ck_assert_ptr_nonnull(m.rival);
	ck_assert_msg(strcmp(m.rival->code, "GM0373") == 0 ||
			strcmp(m.rival->code, "GM0893") == 0,
			"rival %s is not a Bergen", m.rival->code);
	ck_assert_int_eq(m.distance, 0);
}
END_TEST

/* ---- time ------------------------------------------------------------- */

#define DATA_DIR TVK_TEST_SRCDIR "/../src/gazetteer/data"

static int day_before(int date)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (d > 1)
		return date - 1;
	if (m == 1)
		return tvk_date(y - 1, 12, 31);
	int last = days[m - 2] + (m - 1 == 2 && y % 4 == 0 &&
		(y % 100 != 0 || y % 400 == 0));
	return tvk_date(y, m - 1, last);
}

/* The fields of the data lines of a TSV in src/gazetteer/data, header
 * skipped; calls @fn for each and returns how many. */
static int each_tsv_line(const char *name, void (*fn)(char **f, int n, void *),
		void *arg)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	char *text = tvk_test_slurp(path, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	int lines = 0;
	char *save = NULL;
	bool header = true;
	for (char *line = strtok_r(text, "\n", &save); line;
			line = strtok_r(NULL, "\n", &save)) {
		if (header) {
			header = false;
			continue;
		}
		char *f[16];
		int n = 0;
		char *fsave = NULL;
		/* no empty fields before the last ones in these files */
		for (char *p = strtok_r(line, "\t", &fsave); p && n < 16;
				p = strtok_r(NULL, "\t", &fsave))
			f[n++] = p;
		fn(f, n, arg);
		lines++;
	}
	free(text);
	return lines;
}

struct year_counts {
	int n[3000];
};

/* One line of gemeenten-history.tsv: on 1 January of its year the code
 * is that municipality, in that region, and its name finds it there. */
static void check_history_line(char **f, int n, void *arg)
{
	struct year_counts *counts = arg;
	ck_assert_int_ge(n, 4);
	int year = atoi(f[0]), region = atoi(f[3]);
	int date = tvk_date(year, 1, 1);
	counts->n[year]++;
	const struct tvk_municipality *m = tvk_gazetteer_by_code_at(f[1], date);
	ck_assert_msg(m != NULL, "%s is not there on %d", f[1], date);
	ck_assert_str_eq(m->name, f[2]);
	ck_assert_msg(m->region == region, "%s %d: region %d, want %d", f[1],
		year, m->region, region);
	ck_assert(m->from <= date && date <= m->until);
	struct tvk_match got = tvk_gazetteer_match_at(f[2], region, date);
	ck_assert_msg(got.kind == TVK_MATCH_EXACT && got.municipality == m,
		"%s in region %d on %d: %s", f[2], region, date,
		kind_name(got.kind));
	/* and in no other region of that date */
	int other = region % TVK_N_REGIONS + 1;
	got = tvk_gazetteer_lookup_at(f[2], other, date);
	ck_assert_int_eq(got.kind, TVK_MATCH_NONE);
	/* and on the last day of that year too, unless it ended before */
	const struct tvk_dissolution *d = tvk_gazetteer_dissolution(f[1]);
	int end = tvk_date(year, 12, 31);
	if (!d || d->effective > end)
		ck_assert_ptr_nonnull(tvk_gazetteer_by_code_at(f[1], end));
}

/* Every line of the reference data, read here independently of the
 * generator: the gazetteer agrees with each. */
START_TEST(test_history_file)
{
	static struct year_counts counts;
	memset(&counts, 0, sizeof(counts));
	int lines = each_tsv_line("gemeenten-history.tsv", check_history_line,
		&counts);
	ck_assert_int_eq(lines, 3591);
	/* README-history.md: the number of municipalities on 1 January */
	static const int want[][2] = {{2016, 390}, {2017, 388}, {2018, 380},
		{2019, 355}, {2020, 355}, {2021, 352}, {2022, 345}, {2023, 342},
		{2024, 342}, {2025, 342}};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int year = want[i][0], date = tvk_date(year, 1, 1);
		ck_assert_int_eq(counts.n[year], want[i][1]);
		size_t total = 0;
		for (int r = 1; r <= TVK_N_REGIONS; r++) {
			const struct tvk_municipality *const *list;
			size_t k = tvk_gazetteer_in_region_at(r, date, &list);
			for (size_t j = 0; j < k; j++) {
				ck_assert_int_eq(list[j]->region, r);
				ck_assert(list[j]->from <= date && date <= list[j]->until);
				if (j > 0)
					ck_assert_int_lt(strcmp(list[j - 1]->code,
						list[j]->code), 0);
			}
			total += k;
		}
		ck_assert_uint_eq(total, (size_t)want[i][1]);
	}
	/* Weesp left on 24 March 2022: one fewer for the rest of the year. */
	size_t total = 0;
	for (int r = 1; r <= TVK_N_REGIONS; r++)
		total += tvk_gazetteer_in_region_at(r, tvk_quarter_date(2022, 1), NULL);
	ck_assert_uint_eq(total, 344);
}
END_TEST

static void check_merger_line(char **f, int n, void *arg)
{
	int *splits = arg;
	ck_assert_int_ge(n, 7);
	int y, m, d;
	ck_assert_int_eq(sscanf(f[0], "%4d-%2d-%2d", &y, &m, &d), 3);
	int effective = tvk_date(y, m, d);
	/* gone on the day, there the day before */
	ck_assert_ptr_null(tvk_gazetteer_by_code_at(f[1], effective));
	const struct tvk_municipality *last =
		tvk_gazetteer_by_code_at(f[1], day_before(effective));
	ck_assert_msg(last != NULL, "%s not there before %d", f[1], effective);
	ck_assert_str_eq(last->name, f[2]);
	ck_assert_ptr_null(tvk_gazetteer_by_code(f[1]));
	/* the successor is there on the day */
	const struct tvk_municipality *next =
		tvk_gazetteer_by_code_at(f[3], effective);
	ck_assert_msg(next != NULL, "%s not there on %d", f[3], effective);
	ck_assert_str_eq(next->name, f[4]);

	const struct tvk_dissolution *dis = tvk_gazetteer_dissolution(f[1]);
	ck_assert_ptr_nonnull(dis);
	ck_assert_ptr_eq(dis->municipality, last);
	ck_assert_int_eq(dis->effective, effective);
	ck_assert_str_eq(tvk_dissolution_kind_name(dis->kind), f[5]);
	bool listed = false;
	for (size_t k = 0; k < dis->n_successors; k++)
		listed = listed || (dis->successors[k].municipality == next &&
			fabs(dis->successors[k].share_pct - atof(f[6])) < 1e-9);
	ck_assert_msg(listed, "%s: successor %s not listed", f[1], f[3]);

	const struct tvk_municipality *const *succ;
	size_t n_succ;
	const struct tvk_municipality *now = tvk_gazetteer_current(f[1], &succ,
		&n_succ);
	if (strcmp(f[5], "split") == 0) {
		ck_assert_ptr_null(now);
		ck_assert_uint_ge(n_succ, 2);
		bool found = false;
		for (size_t k = 0; k < n_succ; k++) {
			ck_assert_int_eq(succ[k]->until, TVK_DATE_LATEST);
			found = found || strcmp(succ[k]->code, f[3]) == 0;
		}
		/* every successor of a split exists today in this data */
		ck_assert_msg(found, "%s: %s not among today's successors", f[1], f[3]);
		(*splits)++;
	} else {
		ck_assert_ptr_nonnull(now);
		ck_assert_uint_eq(n_succ, 0);
		ck_assert_int_eq(now->until, TVK_DATE_LATEST);
		ck_assert_ptr_eq(now, tvk_gazetteer_current(f[3], NULL, NULL));
	}
}

START_TEST(test_mergers_file)
{
	int split_lines = 0;
	ck_assert_int_eq(each_tsv_line("gemeenten-mergers.tsv",
		check_merger_line, &split_lines), 72);
	/* Littenseradiel (3), Winsum (2) and Haaren (4) */
	ck_assert_int_eq(split_lines, 9);
}
END_TEST

START_TEST(test_dates)
{
	ck_assert_int_eq(tvk_date(2022, 3, 31), 20220331);
	ck_assert_int_eq(tvk_quarter_date(2022, 1), 20220331);
	ck_assert_int_eq(tvk_quarter_date(2022, 2), 20220630);
	ck_assert_int_eq(tvk_quarter_date(2022, 3), 20220930);
	ck_assert_int_eq(tvk_quarter_date(2021, 4), 20211231);
	ck_assert_int_eq(tvk_quarter_date(0, 0), TVK_DATE_LATEST);
	ck_assert_int_eq(tvk_quarter_date(2022, 0), TVK_DATE_LATEST);
	ck_assert_int_eq(tvk_quarter_date(2022, 5), TVK_DATE_LATEST);
	ck_assert_int_eq(tvk_quarter_date(0, 2), TVK_DATE_LATEST);

	/* 31 December and 1 January of a merger year */
	ck_assert_ptr_nonnull(tvk_gazetteer_by_code_at("GM0501", 20221231));
	ck_assert_ptr_null(tvk_gazetteer_by_code_at("GM0501", 20230101));
	ck_assert_ptr_null(tvk_gazetteer_by_code_at("GM1992", 20221231));
	ck_assert_ptr_nonnull(tvk_gazetteer_by_code_at("GM1992", 20230101));
	ck_assert_ptr_nonnull(tvk_gazetteer_by_code_at("GM0788", 20201231));
	ck_assert_ptr_null(tvk_gazetteer_by_code_at("GM0788", 20210101));

	/* Weesp: in a 2021-Q4 table of Gooi en Vechtstreek, in no 2022-Q1 one */
	const struct tvk_municipality *weesp =
		tvk_gazetteer_by_code_at("GM0457", tvk_quarter_date(2021, 4));
	ck_assert_ptr_nonnull(weesp);
	ck_assert_int_eq(weesp->region, 12);
	ck_assert_ptr_null(tvk_gazetteer_by_code_at("GM0457",
		tvk_quarter_date(2022, 1)));
	const struct tvk_municipality *const *list;
	bool in12 = false, in10 = false;
	size_t k = tvk_gazetteer_in_region_at(12, tvk_quarter_date(2021, 4), &list);
	for (size_t i = 0; i < k; i++)
		in12 = in12 || list[i] == weesp;
	k = tvk_gazetteer_in_region_at(10, tvk_quarter_date(2022, 1), &list);
	for (size_t i = 0; i < k; i++)
		in10 = in10 || strcmp(list[i]->code, "GM0457") == 0;
	ck_assert(in12);
	ck_assert(!in10);
	/* the records of one code, by date */
	k = tvk_gazetteer_records("GM0457", &list);
	ck_assert_uint_eq(k, 2);
	ck_assert_int_eq(list[0]->until, 20211231);
	ck_assert_int_eq(list[1]->from, 20220101);
	ck_assert_int_eq(list[1]->until, 20220323);
	ck_assert_int_eq(list[1]->region, 10);
	ck_assert_uint_eq(tvk_gazetteer_records("GM0363", &list), 1);
	ck_assert_int_eq(list[0]->from, 0);
	ck_assert_int_eq(list[0]->until, TVK_DATE_LATEST);
	ck_assert_uint_eq(tvk_gazetteer_records("GM9999", &list), 0);
	ck_assert_ptr_null(list);
	ck_assert_uint_eq(tvk_gazetteer_records(NULL, NULL), 0);

	/* undated is today */
	ck_assert_ptr_eq(tvk_gazetteer_by_code("GM0246"),
		tvk_gazetteer_by_code_at("GM0246", TVK_DATE_LATEST));
	ck_assert_int_eq(tvk_gazetteer_by_code("GM0246")->region, 11);
	ck_assert_int_eq(tvk_gazetteer_by_code_at("GM0246", 20191231)->region, 5);
	ck_assert_uint_eq(tvk_gazetteer_in_region(7, NULL),
		tvk_gazetteer_in_region_at(7, 20250630, NULL));
	ck_assert_uint_eq(tvk_gazetteer_in_region_at(0, 20200101, NULL), 0);
	ck_assert_uint_eq(tvk_gazetteer_in_region_at(36, 20200101, &list), 0);
	ck_assert_ptr_null(list);
}
END_TEST

static bool has_code(const struct tvk_municipality *const *list, size_t n,
		const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i]->code, code) == 0)
			return true;
	return false;
}

START_TEST(test_current)
{
	const struct tvk_municipality *const *succ;
	size_t n;

	/* unchanged: itself */
	const struct tvk_municipality *m = tvk_gazetteer_current("GM0363", &succ, &n);
	ck_assert_ptr_eq(m, tvk_gazetteer_by_code("GM0363"));
	ck_assert_ptr_null(succ);
	ck_assert_uint_eq(n, 0);
	/* merged into a new one, absorbed by an old one, moved regions */
	ck_assert_str_eq(tvk_gazetteer_current("GM0501", NULL, NULL)->code, "GM1992");
	ck_assert_str_eq(tvk_gazetteer_current("GM0501", NULL, NULL)->name,
		"Voorne aan Zee");
	ck_assert_str_eq(tvk_gazetteer_current("GM0457", NULL, NULL)->code, "GM0363");
	ck_assert_str_eq(tvk_gazetteer_current("GM0081", NULL, NULL)->code, "GM0080");
	ck_assert_str_eq(tvk_gazetteer_current("GM0007", NULL, NULL)->code, "GM1950");
	ck_assert_str_eq(tvk_gazetteer_current("GM0246", NULL, NULL)->code, "GM0246");
	/* split: no current, today's successors instead */
	ck_assert_ptr_null(tvk_gazetteer_current("GM0788", &succ, &n));
	ck_assert_uint_eq(n, 4);
	ck_assert(has_code(succ, n, "GM0865") && has_code(succ, n, "GM0824") &&
		has_code(succ, n, "GM0855") && has_code(succ, n, "GM0757"));
	ck_assert_ptr_null(tvk_gazetteer_current("GM0140", &succ, &n));
	ck_assert_uint_eq(n, 3);
	ck_assert(has_code(succ, n, "GM1900") && has_code(succ, n, "GM0080") &&
		has_code(succ, n, "GM1949"));
	ck_assert_ptr_null(tvk_gazetteer_current("GM0053", &succ, &n));
	ck_assert_uint_eq(n, 2);
	/* unknown */
	ck_assert_ptr_null(tvk_gazetteer_current("GM9999", &succ, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(succ);
	ck_assert_ptr_null(tvk_gazetteer_current(NULL, NULL, NULL));

	const struct tvk_dissolution *d = tvk_gazetteer_dissolution("GM0788");
	ck_assert_int_eq(d->kind, TVK_DISSOLVED_SPLIT);
	ck_assert_int_eq(d->effective, 20210101);
	ck_assert_uint_eq(d->n_successors, 4);
	double share = 0;
	for (size_t i = 0; i < d->n_successors; i++)
		share += d->successors[i].share_pct;
	ck_assert(share > 95 && share <= 100);
	ck_assert_ptr_null(tvk_gazetteer_dissolution("GM0363"));
	ck_assert_ptr_null(tvk_gazetteer_dissolution("GM9999"));
	ck_assert_int_eq(tvk_gazetteer_dissolution("GM0457")->effective, 20220324);
	ck_assert_int_eq(tvk_gazetteer_dissolution("GM0457")->kind,
		TVK_DISSOLVED_ABSORBED);
	ck_assert_int_eq(tvk_gazetteer_dissolution("GM0501")->kind,
		TVK_DISSOLVED_MERGED);
}
END_TEST

START_TEST(test_any_date)
{
	struct tvk_match m = tvk_gazetteer_lookup_any_date("Brielle");
	ck_assert_int_eq(m.kind, TVK_MATCH_EXACT);
	ck_assert_str_eq(m.municipality->code, "GM0501");
	m = tvk_gazetteer_lookup_any_date("WEESP");
	ck_assert_int_eq(m.kind, TVK_MATCH_FOLDED);
	ck_assert_int_eq(m.municipality->until, 20220323); /* the latest record */
	m = tvk_gazetteer_lookup_any_date("Heerde");
	ck_assert_int_eq(m.kind, TVK_MATCH_EXACT);
	ck_assert_int_eq(m.municipality->region, 11);
	m = tvk_gazetteer_lookup_any_date("Bergen");
	ck_assert_int_eq(m.kind, TVK_MATCH_AMBIGUOUS);
	ck_assert_int_eq(tvk_gazetteer_lookup_any_date("Xyzzy").kind, TVK_MATCH_NONE);
	ck_assert_int_eq(tvk_gazetteer_lookup_any_date("").kind, TVK_MATCH_NONE);
	ck_assert_int_eq(tvk_gazetteer_lookup_any_date(NULL).kind, TVK_MATCH_NONE);
}
END_TEST

START_TEST(test_region_names)
{
	const struct tvk_region *r = tvk_gazetteer_region(11);
	ck_assert_str_eq(r->name, "Veluwe Stedendriehoek");
	ck_assert_str_eq(r->slug, "veluwe-stedendriehoek");
	ck_assert_uint_eq(r->n_names, 2);
	ck_assert_str_eq(tvk_gazetteer_region_name(11, 20231231),
		"Stedendriehoek en Noordwest Veluwe");
	ck_assert_str_eq(tvk_gazetteer_region_name(11, 20240101),
		"Veluwe Stedendriehoek");
	ck_assert_str_eq(tvk_gazetteer_region_name(11, tvk_quarter_date(2017, 1)),
		"Stedendriehoek en Noordwest Veluwe");
	ck_assert_str_eq(tvk_gazetteer_region_name(11, TVK_DATE_LATEST),
		"Veluwe Stedendriehoek");
	ck_assert_ptr_null(tvk_gazetteer_region_name(0, 20200101));
	for (int c = 1; c <= TVK_N_REGIONS; c++) {
		const struct tvk_region *reg = tvk_gazetteer_region(c);
		ck_assert_uint_ge(reg->n_names, 1);
		ck_assert_int_eq(reg->names[0].from, 0);
		ck_assert_int_eq(reg->names[reg->n_names - 1].until, TVK_DATE_LATEST);
		ck_assert_str_eq(reg->names[reg->n_names - 1].name, reg->name);
		ck_assert_str_eq(tvk_gazetteer_region_name(c, TVK_DATE_LATEST),
			reg->name);
		if (c != 11)
			ck_assert_uint_eq(reg->n_names, 1);
	}
}
END_TEST

static Suite *gazetteer_suite(void)
{
	Suite *s = suite_create("gazetteer");
	TCase *tc = tcase_create("gazetteer");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cases_file);
	tcase_add_test(tc, test_truth_names);
	tcase_add_test(tc, test_distance_pairs);
	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_regions);
	tcase_add_test(tc, test_every_name_matches_itself);
	tcase_add_test(tc, test_lookup_across_the_country);
	tcase_add_test(tc, test_damaged_names);
	tcase_add_test(tc, test_damaged_names_by_year);
	tcase_add_test(tc, test_names_of_other_regions);
	tcase_add_test(tc, test_long_garbage);
	tcase_add_test(tc, test_ambiguous_names_both);
	tcase_add_test(tc, test_history_file);
	tcase_add_test(tc, test_mergers_file);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_current);
	tcase_add_test(tc, test_any_date);
	tcase_add_test(tc, test_region_names);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(gazetteer_suite)
