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
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <tvk/gazetteer.h>

#include "text.h"
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

static bool case_match(char **f, int n, int line)
{
	int region;
	if ((n != 4 && n != 5) || !parse_int(f[2], &region))
		return bad(line, "match wants PRINTED, REGION, CODE [KIND]");
	struct tvk_match m = tvk_gazetteer_match(f[1], region);
	if (!check_kind(m.kind, m.municipality != NULL, f[3], n == 5 ? f[4] : NULL,
			line))
		return false;
	if (m.kind == TVK_MATCH_AMBIGUOUS && !m.rival)
		return bad(line, "AMBIGUOUS without a rival");
	if (!m.municipality)
		return true;
	if (strcmp(m.municipality->code, f[3]) != 0)
		return bad(line, "matched %s, want %s", m.municipality->code, f[3]);
	if (region != 0 && m.municipality->region != region)
		return bad(line, "matched %s outside the region", f[3]);
	if (m.kind != TVK_MATCH_FUZZY && m.distance != 0)
		return bad(line, "%s with distance %d", kind_name(m.kind), m.distance);
	return true;
}

static bool case_region(char **f, int n, int line)
{
	if (n != 3 && n != 4)
		return bad(line, "region wants PRINTED, CODE [KIND]");
	struct tvk_region_match m = tvk_gazetteer_match_region(f[1]);
	if (!check_kind(m.kind, m.region != NULL, f[2], n == 4 ? f[3] : NULL, line))
		return false;
	if (!m.region)
		return true;
	char got[16];
	snprintf(got, sizeof(got), "%d", m.region->code);
	if (strcmp(got, f[2]) != 0)
		return bad(line, "matched region %s, want %s", got, f[2]);
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
	if (strcmp(f[0], "match") == 0)
		return case_match(f, n, line_no);
	if (strcmp(f[0], "region") == 0)
		return case_region(f, n, line_no);
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
	int forms, self, none, ambiguous, wrong;
	bool quiet;
};

static void judge(struct tally *t, const char *damaged)
{
	struct tvk_match got = tvk_gazetteer_match(damaged, t->region);
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
	tcase_add_test(tc, test_names_of_other_regions);
	tcase_add_test(tc, test_long_garbage);
	tcase_add_test(tc, test_ambiguous_names_both);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(gazetteer_suite)
