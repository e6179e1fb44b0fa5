/*
 * End to end on the sample archive: every field of every truth file in
 * tests/truth equals what tvk writes, the column-order and shuffled
 * fixtures give the documents the row-order compendium gives, and the
 * statuses are the ones the documents deserve.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <dirent.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "tvk_check.h"

static char out_dir[256];

static int remove_entry(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void convert(const char *const *inputs, size_t n, const char *dir,
		struct tvk_batch_report *rep)
{
	struct tvk_batch_options opt = {.out_dir = dir};
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert_int_eq(tvk_batch_run(inputs, n, &opt, rep, &err), 0);
}

static void setup(void)
{
	snprintf(out_dir, sizeof(out_dir), "/tmp/tvk-e2e-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(out_dir));
}

static void teardown(void)
{
	nftw(out_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static json_t *load(const char *path)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);
	ck_assert_msg(j != NULL, "%s: %s", path, jerr.text);
	return j;
}

/*
 * Every key of @want is in @got with an equal value; arrays have the same
 * length.  Reports the first difference with its path.
 */
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
			if (!subset(json_array_get(want, i),
					json_array_get(got, i), sub, why, cap))
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

/* The output file for truth file @name ("07.json", "nederland.json"). */
static char *output_for(const char *period, const char *name)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/%s", out_dir, period);
	if (strcmp(name, "nederland.json") == 0) {
		char *p = malloc(600);
		snprintf(p, 600, "%s/nederland.json", dir);
		return p;
	}
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	struct dirent *e;
	char *found = NULL;
	while ((e = readdir(d)) != NULL) {
		/* "07-zaanstreek-waterland.json", not a ".2.json" copy. */
		const char *dot = strchr(e->d_name, '.');
		if (strncmp(e->d_name, name, 2) != 0 || e->d_name[2] != '-' ||
				!dot || strcmp(dot, ".json") != 0)
			continue;
		free(found);
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		found = malloc(len);
		snprintf(found, len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	return found;
}

START_TEST(archive_equals_truth)
{
	const char *inputs[] = {TVK_FIXTURES};
	struct tvk_batch_report rep;
	convert(inputs, 1, out_dir, &rep);
	ck_assert_uint_eq(rep.n_inputs, 5);
	ck_assert_uint_eq(rep.n_written, 38);
	ck_assert_int_eq(rep.exit_status, TVK_EXIT_OK);
	tvk_batch_report_finish(&rep);

	static const char *const periods[] = {"2020-Q2", "2022-Q4", "2025-Q2"};
	int files = 0, failures = 0;
	for (size_t p = 0; p < 3; p++) {
		char truth_dir[512];
		snprintf(truth_dir, sizeof(truth_dir), "%s/truth/%s",
			TVK_TEST_SRCDIR, periods[p]);
		DIR *d = opendir(truth_dir);
		ck_assert_ptr_nonnull(d);
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (!strstr(e->d_name, ".json"))
				continue;
			files++;
			char truth_path[1024];
			snprintf(truth_path, sizeof(truth_path), "%s/%s",
				truth_dir, e->d_name);
			char *got_path = output_for(periods[p], e->d_name);
			if (!got_path || access(got_path, R_OK) != 0) {
				fprintf(stderr, "%s/%s: no output\n", periods[p],
					e->d_name);
				failures++;
				free(got_path);
				continue;
			}
			json_t *want = load(truth_path), *got = load(got_path);
			char why[1024];
			if (!subset(want, got, e->d_name, why, sizeof(why))) {
				fprintf(stderr, "%s/%s\n", periods[p], why);
				failures++;
			}
			json_decref(want);
			json_decref(got);
			free(got_path);
		}
		closedir(d);
	}
	ck_assert_int_eq(files, 38);
	ck_assert_int_eq(failures, 0);
}
END_TEST

START_TEST(statuses)
{
	const char *inputs[] = {TVK_FIXTURES};
	struct tvk_batch_report rep;
	convert(inputs, 1, NULL, &rep);
	size_t repaired = 0;
	for (size_t i = 0; i < rep.n_tables; i++) {
		const struct tvk_table_report *t = &rep.tables[i];
		if (t->kind == TVK_TABLE_REGION && t->year == 2025 &&
				t->region == 22) {
			ck_assert_int_eq(t->status, TVK_STATUS_REPAIRED);
			ck_assert_uint_eq(t->n_count_repairs, 1);
			repaired++;
		} else {
			ck_assert_msg(t->status == TVK_STATUS_VALID,
				"%d-Q%d %s: %s", t->year, t->quarter, t->summary,
				tvk_status_name(t->status));
		}
		ck_assert_uint_eq(t->n_problems, 0);
	}
	/* Rijnmond from the compendium and from its own PDF. */
	ck_assert_uint_eq(repaired, 2);
	ck_assert_uint_eq(rep.n_merged, 2);
	ck_assert_uint_eq(rep.n_conflicts, 0);
	tvk_batch_report_finish(&rep);
}
END_TEST

/* Removes "page" and "box" from every object in @j. */
static void strip_places(json_t *j)
{
	if (json_is_object(j)) {
		json_object_del(j, "page");
		json_object_del(j, "box");
		const char *key;
		json_t *v;
		json_object_foreach(j, key, v)
			strip_places(v);
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			strip_places(v);
	}
}

/* A document without the keys that name where it came from: its source
 * and where on which page each row, repair and problem was printed. */
static json_t *without_source(const char *path)
{
	json_t *j = load(path);
	json_object_del(j, "source");
	json_object_del(j, "also_in");
	strip_places(j);
	return j;
}

/* The fixture @name, drawn in another order, gives the compendium's
 * document for @region_file. */
static void same_as_compendium(const char *name, const char *region_file)
{
	char a[512], b[512], path_a[1024], path_b[1024];
	snprintf(a, sizeof(a), "%s/a", out_dir);
	snprintf(b, sizeof(b), "%s/b", out_dir);
	const char *compendium[] = {TVK_FIXTURES "/uwv-2025-q2-compendium.pdf"};
	char single_path[512];
	snprintf(single_path, sizeof(single_path), "%s/%s", TVK_FIXTURES, name);
	const char *single[] = {single_path};
	struct tvk_batch_report rep;
	convert(compendium, 1, a, &rep);
	tvk_batch_report_finish(&rep);
	convert(single, 1, b, &rep);
	ck_assert_uint_eq(rep.n_written, 1);
	tvk_batch_report_finish(&rep);
	snprintf(path_a, sizeof(path_a), "%s/2025-Q2/%s", a, region_file);
	snprintf(path_b, sizeof(path_b), "%s/2025-Q2/%s", b, region_file);
	json_t *ja = without_source(path_a), *jb = without_source(path_b);
	char *ta = json_dumps(ja, JSON_INDENT(1)), *tb = json_dumps(jb, JSON_INDENT(1));
	ck_assert_msg(json_equal(ja, jb), "compendium:\n%s\n%s:\n%s", ta, name, tb);
	free(ta);
	free(tb);
	json_decref(ja);
	json_decref(jb);
}

START_TEST(column_order_fixture)
{
	same_as_compendium("uwv-2025-q2-rijnmond.pdf", "22-rijnmond.json");
}
END_TEST

START_TEST(shuffled_fixture)
{
	same_as_compendium("uwv-2025-q2-zaanstreek-waterland.pdf",
		"07-zaanstreek-waterland.json");
}
END_TEST

START_TEST(merged_document_lists_both_sources)
{
	const char *inputs[] = {TVK_FIXTURES};
	struct tvk_batch_report rep;
	convert(inputs, 1, out_dir, &rep);
	tvk_batch_report_finish(&rep);
	char path[512];
	snprintf(path, sizeof(path), "%s/2025-Q2/22-rijnmond.json", out_dir);
	json_t *j = load(path);
	const char *file = json_string_value(json_object_get(
		json_object_get(j, "source"), "file"));
	ck_assert_ptr_nonnull(strstr(file, "compendium"));
	json_t *also = json_object_get(j, "also_in");
	ck_assert_uint_eq(json_array_size(also), 1);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(
		json_array_get(also, 0), "file")), "rijnmond"));
	json_decref(j);
}
END_TEST

static Suite *e2e_suite(void)
{
	Suite *s = suite_create("e2e");
	TCase *tc = tcase_create("archive");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, archive_equals_truth);
	tcase_add_test(tc, statuses);
	tcase_add_test(tc, column_order_fixture);
	tcase_add_test(tc, shuffled_fixture);
	tcase_add_test(tc, merged_document_lists_both_sources);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(e2e_suite)
