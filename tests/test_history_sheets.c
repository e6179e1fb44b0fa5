/*
 * Historical sheets end to end: the PDFs of tests/data/history, drawn by
 * fixtures/gen/history2spec.py from the reference data (2018-2023 sheets
 * of regions with municipalities that merged, the old name of region 11,
 * the layouts of 2020, 2022 and 2025), converted by the batch.  Every
 * valid one must equal its truth field for field — every municipality
 * coded as of its date, with the one it is part of today — and every
 * invalid one must say what expect.txt says: the municipality missing, or
 * of another region or year.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "gazetteer/gazetteer.h"
#include "tvk_check.h"

#define HISTORY TVK_TEST_SRCDIR "/data/history"

static char out_dir[256];

static int remove_entry(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void setup(void)
{
	snprintf(out_dir, sizeof(out_dir), "/tmp/tvk-history-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(out_dir));
}

static void teardown(void)
{
	if (!getenv("TVK_TEST_KEEP"))
		nftw(out_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Every key of @want is in @got with an equal value; arrays of the same
 * length.  The first difference goes to @why. */
static bool subset(json_t *want, json_t *got, const char *path, char *why,
		size_t cap)
{
	if (json_is_object(want)) {
		if (!json_is_object(got)) {
			snprintf(why, cap, "%s: not an object", path);
			return false;
		}
		const char *key;
		json_t *v;
		json_object_foreach(want, key, v) {
			char sub[512];
			snprintf(sub, sizeof(sub), "%s.%s", path, key);
			json_t *g = json_object_get(got, key);
			if (!g) {
				snprintf(why, cap, "%s: missing", sub);
				return false;
			}
			if (!subset(v, g, sub, why, cap))
				return false;
		}
		return true;
	}
	if (json_is_array(want)) {
		if (!json_is_array(got) || json_array_size(got) !=
				json_array_size(want)) {
			snprintf(why, cap, "%s: %zu elements expected, %zu found",
				path, json_array_size(want), json_array_size(got));
			return false;
		}
		for (size_t i = 0; i < json_array_size(want); i++) {
			char sub[512];
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			if (!subset(json_array_get(want, i), json_array_get(got, i),
					sub, why, cap))
				return false;
		}
		return true;
	}
	if (!json_equal(want, got)) {
		char *w = json_dumps(want, JSON_ENCODE_ANY);
		char *g = json_dumps(got, JSON_ENCODE_ANY);
		snprintf(why, cap, "%s: expected %s, found %s", path, w, g);
		free(w);
		free(g);
		return false;
	}
	return true;
}

/* Converts @pdf alone into its own folder; returns its one document. */
static json_t *convert_one(const char *pdf, char *doc_path, size_t cap)
{
	char in[512], out[512];
	snprintf(in, sizeof(in), "%s/%s", HISTORY, pdf);
	snprintf(out, sizeof(out), "%s/%s", out_dir, pdf);
	const char *inputs[] = {in};
	struct tvk_batch_options opt = {.out_dir = out};
	struct tvk_batch_report rep;
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert_int_eq(tvk_batch_run(inputs, 1, &opt, &rep, &err), 0);
	ck_assert_msg(rep.n_written == 1, "%s: %zu documents", pdf,
		rep.n_written);
	tvk_batch_report_finish(&rep);
	/* out/YYYY-Qq/NN-slug.json */
	DIR *d = opendir(out);
	ck_assert_ptr_nonnull(d);
	struct dirent *e;
	json_t *doc = NULL;
	while ((e = readdir(d)) && !doc) {
		if (e->d_name[0] == '.' || !strchr(e->d_name, 'Q'))
			continue;
		char q[1024];
		snprintf(q, sizeof(q), "%s/%s", out, e->d_name);
		DIR *qd = opendir(q);
		if (!qd)
			continue;
		struct dirent *f;
		while ((f = readdir(qd)) && !doc)
			if (strstr(f->d_name, ".json")) {
				int k = snprintf(doc_path, cap, "%s/%s", q, f->d_name);
				ck_assert(k > 0 && (size_t)k < cap);
				doc = json_load_file(doc_path, 0, NULL);
			}
		closedir(qd);
	}
	closedir(d);
	ck_assert_msg(doc != NULL, "%s: no document", pdf);
	return doc;
}

/* The truth of @doc's period and region, or NULL for none. */
static json_t *truth_of(json_t *doc)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/truth/%lld-Q%lld/%02lld.json", HISTORY,
		json_integer_value(json_object_get(json_object_get(doc, "period"),
			"year")),
		json_integer_value(json_object_get(json_object_get(doc, "period"),
			"quarter")),
		json_integer_value(json_object_get(json_object_get(doc, "region"),
			"code")));
	return json_load_file(path, 0, NULL);
}

/* Each row's current is the gazetteer's for its code. */
static void expect_current(json_t *doc, const char *pdf)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(doc, "municipalities"), i, m) {
		const char *code = json_string_value(json_object_get(m, "code"));
		ck_assert_msg(code, "%s: row %zu has no code", pdf, i);
		json_t *cur = json_object_get(m, "current");
		const struct tvk_municipality *const *succ;
		size_t n;
		const struct tvk_municipality *now = tvk_gazetteer_current(code,
			&succ, &n);
		ck_assert_msg(json_is_object(cur), "%s: %s has no current", pdf,
			code);
		if (now) {
			ck_assert_str_eq(json_string_value(json_object_get(cur,
				"code")), now->code);
		} else {
			ck_assert(json_is_null(json_object_get(cur, "code")));
			ck_assert_uint_eq(json_array_size(json_object_get(cur,
				"successors")), n);
		}
	}
}

static bool says(json_t *doc, const char *message)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(json_object_get(doc, "validation"),
			"problems"), i, p)
		if (strcmp(json_string_value(json_object_get(p, "severity")),
				"error") == 0 &&
				strcmp(json_string_value(json_object_get(p, "check")),
				"composition") == 0 &&
				strcmp(json_string_value(json_object_get(p,
				"message")), message) == 0)
			return true;
	return false;
}

START_TEST(every_sheet_as_expected)
{
	char *text = tvk_test_slurp(HISTORY "/expect.txt", NULL);
	ck_assert_ptr_nonnull(text);
	int valid = 0, invalid = 0, splits = 0, years[2100] = {0};
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line;
			line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		char *f[3] = {line, NULL, NULL};
		for (int k = 1; k < 3 && f[k - 1]; k++) {
			char *tab = strchr(f[k - 1], '\t');
			if (tab) {
				*tab = '\0';
				f[k] = tab + 1;
			}
		}
		ck_assert_ptr_nonnull(f[1]);
		char path[1400];
		json_t *doc = convert_one(f[0], path, sizeof(path));
		const char *status = json_string_value(json_object_get(
			json_object_get(doc, "validation"), "status"));
		ck_assert_msg(strcmp(status, f[1]) == 0, "%s: %s, want %s", f[0],
			status, f[1]);
		if (strcmp(f[1], "valid") == 0) {
			json_t *want = truth_of(doc);
			ck_assert_msg(want, "%s: no truth", f[0]);
			char why[1024];
			ck_assert_msg(subset(want, doc, f[0], why, sizeof(why)),
				"%s", why);
			expect_current(doc, f[0]);
			ck_assert_uint_eq(json_array_size(json_object_get(
				json_object_get(doc, "validation"), "problems")), 0);
			size_t i;
			json_t *m;
			json_array_foreach(json_object_get(doc, "municipalities"),
					i, m)
				splits += json_is_null(json_object_get(json_object_get(
					m, "current"), "code"));
			years[json_integer_value(json_object_get(json_object_get(
				doc, "period"), "year"))]++;
			json_decref(want);
			valid++;
		} else {
			ck_assert_ptr_nonnull(f[2]);
			ck_assert_msg(says(doc, f[2]), "%s (%s) does not say '%s'",
				f[0], path, f[2]);
			invalid++;
		}
		json_decref(doc);
	}
	free(text);
	ck_assert_int_ge(valid, 7);
	ck_assert_int_ge(invalid, 4);
	/* the years the issue names, and Winsum (split 2019) in 2018 */
	ck_assert(years[2018] && years[2019] && years[2021] && years[2022]);
	ck_assert_int_ge(splits, 1);
}
END_TEST

/* The old name of region 11 is read, and written as the region's name of
 * that quarter; the file keeps today's slug. */
START_TEST(old_region_name)
{
	char path[1400];
	json_t *doc = convert_one("uwv-2019-q4-stedendriehoek-en-noordwest-veluwe.pdf",
		path, sizeof(path));
	json_t *region = json_object_get(doc, "region");
	ck_assert_int_eq(json_integer_value(json_object_get(region, "code")), 11);
	ck_assert_str_eq(json_string_value(json_object_get(region, "name")),
		"Stedendriehoek en Noordwest Veluwe");
	ck_assert_ptr_nonnull(strstr(path, "/2019-Q4/11-veluwe-stedendriehoek.json"));
	json_decref(doc);
}
END_TEST

static Suite *history_sheets_suite(void)
{
	Suite *s = suite_create("history-sheets");
	TCase *tc = tcase_create("history-sheets");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_sheet_as_expected);
	tcase_add_test(tc, old_region_name);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(history_sheets_suite)
