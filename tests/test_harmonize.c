/*
 * tvk dataset --harmonize: documents of editions before and after
 * mergers, written here from the gazetteer's lists with counts made up
 * here, turned into the series per municipality of today; each row's
 * counts must be the sum of its predecessors' in that quarter, and only
 * when all of them are there once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <tvk/tvk.h>

#include "gazetteer/gazetteer.h"
#include "tvk_check.h"

static char dir[64];

static const char *const fields[5] = {"municipal_with_profile",
	"municipal_without_profile", "uwv_with_profile", "uwv_without_profile",
	"total"};

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/tvk-harmonize-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (!getenv("TVK_TEST_KEEP"))
		ck_assert_int_eq(system(cmd), 0);
}

/* Made-up counts of a municipality in a quarter; @salt makes another
 * version of them. */
static void counts(const char *code, int year, int q, int salt, int64_t v[5])
{
	unsigned h = 2166136261u;
	for (const char *p = code; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ (unsigned)(year * 4 + q + 1000 * salt)) * 16777619u;
	v[0] = h % 40;
	v[1] = 10 + (h >> 6) % 400;
	v[2] = 10 + (h >> 12) % 700;
	v[3] = (h >> 20) % 150;
	v[4] = v[0] + v[1] + v[2] + v[3];
}

/* A row's counts, and where it was printed (not known: null), as every
 * row of a document has them. */
static json_t *count_object(const int64_t v[5])
{
	json_t *o = json_object();
	for (int f = 0; f < 5; f++)
		json_object_set_new(o, fields[f], json_integer(v[f]));
	json_object_set_new(o, "page", json_null());
	json_object_set_new(o, "box", json_null());
	return o;
}

/*
 * Writes the document of @region in @year Q@q as tvk writes it, its rows
 * the region's municipalities of that date less @drop (a code, or NULL);
 * schema 2 documents have no "current" (the dataset finds it itself).
 * @copy > 1 writes another version of the same table, as a conflict.
 */
static void write_doc(int region, int year, int q, const char *drop,
		int schema, int copy)
{
	int date = tvk_quarter_date(year, q);
	json_t *munis = json_array();
	int64_t total[5] = {0};
	const struct tvk_municipality *const *list;
	size_t n = tvk_gazetteer_in_region_at(region, date, &list);
	for (size_t i = 0; i < n; i++) {
		if (drop && strcmp(list[i]->code, drop) == 0)
			continue;
		int64_t v[5];
		counts(list[i]->code, year, q, copy, v);
		for (int f = 0; f < 5; f++)
			total[f] += v[f];
		json_t *m = count_object(v);
		json_object_set_new(m, "code", json_string(list[i]->code));
		json_object_set_new(m, "name", json_string(list[i]->name));
		json_object_set_new(m, "printed_name", json_string(list[i]->label));
		if (schema >= 3) {
			const struct tvk_municipality *cur =
				tvk_gazetteer_current(list[i]->code, NULL, NULL);
			json_object_set_new(m, "current", cur ? json_pack(
				"{s:s, s:s}", "code", cur->code, "name",
				cur->name) : json_pack("{s:n, s:n}", "code", "name"));
		}
		json_array_append_new(munis, m);
	}
	char ref[16];
	snprintf(ref, sizeof(ref), "%04d-%02d-%02d", date / 10000,
		date / 100 % 100, date % 100);
	json_t *doc = json_pack("{s:i, s:{s:i, s:i, s:s, s:s}, "
		"s:{s:i, s:s, s:n}, s:o, s:o, s:n, s:{s:s, s:[]}, s:[], "
		"s:{s:s, s:n, s:[i], s:s}, s:{s:s, s:s}}",
		"schema_version", schema,
		"period", "year", year, "quarter", q, "label", "x",
		"reference_date", ref,
		"region", "code", region, "name",
		tvk_gazetteer_region_name(region, date), "printed_name",
		"municipalities", munis,
		"region_total", count_object(total),
		"target_group_register",
		"validation", "status", copy > 1 ? "invalid" : "valid", "problems",
		"repairs",
		"source", "file", "x.pdf", "sha256", "pages", 1, "text_layer", "pdf",
		"generator", "name", "tvk", "version", "0.1.0");
	ck_assert_ptr_nonnull(doc);
	char path[256];
	snprintf(path, sizeof(path), "%s/%d-Q%d", dir, year, q);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%d-Q%d/%02d-r%s.json", dir, year, q,
		region, copy > 1 ? ".2" : "");
	ck_assert_int_eq(json_dump_file(doc, path, JSON_INDENT(2)), 0);
	json_decref(doc);
}

struct series {
	json_t **rows;
	size_t n;
	struct tvk_dataset_report rep;
};

static struct series harmonize(void)
{
	char out[128];
	snprintf(out, sizeof(out), "%s-series.ndjson", dir);
	struct tvk_dataset_options opt = {.format = TVK_DATASET_NDJSON,
		.shape = TVK_DATASET_HARMONIZED};
	struct series s = {NULL, 0, {0}};
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert_msg(tvk_dataset_write(dir, out, &opt, &s.rep, &err) == 0,
		"%s", err.message);
	FILE *f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		json_t *j = json_loads(line, 0, NULL);
		ck_assert_ptr_nonnull(j);
		s.rows = realloc(s.rows, (s.n + 1) * sizeof(*s.rows));
		s.rows[s.n++] = j;
	}
	fclose(f);
	unlink(out);
	ck_assert_uint_eq(s.n, s.rep.rows);
	return s;
}

static void series_free(struct series *s)
{
	for (size_t i = 0; i < s->n; i++)
		json_decref(s->rows[i]);
	free(s->rows);
	tvk_dataset_report_finish(&s->rep);
}

static json_t *row_of(const struct series *s, const char *code, int year, int q)
{
	json_t *found = NULL;
	for (size_t i = 0; i < s->n; i++) {
		json_t *r = s->rows[i];
		const char *c = json_string_value(json_object_get(r, "current_code"));
		if (c && strcmp(c, code) == 0 &&
				json_integer_value(json_object_get(r, "year")) == year &&
				json_integer_value(json_object_get(r, "quarter")) == q) {
			ck_assert_msg(!found, "%s %d-Q%d twice in the series", code,
				year, q);
			found = r;
		}
	}
	ck_assert_msg(found, "%s %d-Q%d is not in the series", code, year, q);
	return found;
}

static int64_t value(json_t *row, int f)
{
	json_t *v = json_object_get(row, fields[f]);
	ck_assert_msg(json_is_integer(v), "%s is not a count", fields[f]);
	return json_integer_value(v);
}

/*
 * Every row of the series against the predecessors' counts as written:
 * each municipality of the quarter whose today's municipality is the
 * row's, added up here.  @regions are the regions written for the quarter.
 */
static void expect_sums(const struct series *s, int year, int q,
		const int *regions, size_t n_regions)
{
	int date = tvk_quarter_date(year, q);
	size_t checked = 0;
	for (size_t i = 0; i < s->n; i++) {
		json_t *r = s->rows[i];
		if (json_integer_value(json_object_get(r, "year")) != year ||
				json_integer_value(json_object_get(r, "quarter")) != q)
			continue;
		const char *cur = json_string_value(json_object_get(r,
			"current_code"));
		int64_t want[5] = {0};
		int n = 0;
		for (size_t k = 0; k < n_regions; k++) {
			const struct tvk_municipality *const *list;
			size_t m = tvk_gazetteer_in_region_at(regions[k], date, &list);
			for (size_t j = 0; j < m; j++) {
				const struct tvk_municipality *c =
					tvk_gazetteer_current(list[j]->code, NULL, NULL);
				if (!c || strcmp(c->code, cur) != 0)
					continue;
				int64_t v[5];
				counts(list[j]->code, year, q, 1, v);
				for (int f = 0; f < 5; f++)
					want[f] += v[f];
				n++;
			}
		}
		ck_assert(json_is_true(json_object_get(r, "complete")));
		ck_assert_int_eq(json_integer_value(json_object_get(r,
			"predecessors")), n);
		for (int f = 0; f < 5; f++)
			ck_assert_msg(value(r, f) == want[f], "%s %d-Q%d %s: %lld, "
				"want %lld", cur, year, q, fields[f],
				(long long)value(r, f), (long long)want[f]);
		checked++;
	}
	ck_assert_uint_gt(checked, 0);
}

/* Rijnmond before and after Voorne aan Zee (2023): one series. */
START_TEST(merger_sums_predecessors)
{
	write_doc(22, 2022, 4, NULL, 3, 1);
	write_doc(22, 2023, 1, NULL, 3, 1);
	write_doc(22, 2021, 2, NULL, 2, 1); /* an older document: no current */
	struct series s = harmonize();
	json_t *before = row_of(&s, "GM1992", 2022, 4);
	ck_assert_str_eq(json_string_value(json_object_get(before,
		"predecessor_codes")), "GM0501 GM0530 GM0614");
	ck_assert_int_eq(json_integer_value(json_object_get(before,
		"predecessors")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(before,
		"current_name")), "Voorne aan Zee");
	ck_assert_str_eq(json_string_value(json_object_get(before,
		"status")), "valid");
	ck_assert_int_eq(json_integer_value(json_object_get(before,
		"region_code")), 22);
	ck_assert_str_eq(json_string_value(json_object_get(before,
		"reference_date")), "2022-12-31");
	ck_assert_str_eq(json_string_value(json_object_get(before,
		"cbs_period")), "2022KW04");
	for (int f = 0; f < 5; f++) {
		int64_t a[5], b[5], c[5];
		counts("GM0501", 2022, 4, 1, a);
		counts("GM0530", 2022, 4, 1, b);
		counts("GM0614", 2022, 4, 1, c);
		ck_assert_int_eq(value(before, f), a[f] + b[f] + c[f]);
	}
	json_t *after = row_of(&s, "GM1992", 2023, 1);
	int64_t v[5];
	counts("GM1992", 2023, 1, 1, v);
	for (int f = 0; f < 5; f++)
		ck_assert_int_eq(value(after, f), v[f]);
	ck_assert_int_eq(json_integer_value(json_object_get(after,
		"predecessors")), 1);
	row_of(&s, "GM1992", 2021, 2);
	row_of(&s, "GM0599", 2022, 4); /* Rotterdam: itself */
	static const int rijnmond[] = {22};
	expect_sums(&s, 2022, 4, rijnmond, 1);
	expect_sums(&s, 2023, 1, rijnmond, 1);
	expect_sums(&s, 2021, 2, rijnmond, 1);
	/* Every row is a municipality of today, once a quarter. */
	for (size_t i = 0; i < s.n; i++)
		ck_assert_ptr_nonnull(tvk_gazetteer_by_code(json_string_value(
			json_object_get(s.rows[i], "current_code"))));
	ck_assert_uint_eq(s.rep.split_left_out, 0);
	series_free(&s);
}
END_TEST

/* The editions of 2017-2022 of Groningen and Friesland, which merged
 * into Westerwolde, Midden-Groningen, Het Hogeland, Westerkwartier,
 * Eemsdelta, Waadhoeke and Noardeast-Fryslân over those years. */
START_TEST(series_across_the_mergers_of_the_north)
{
	for (int year = 2017; year <= 2022; year++) {
		write_doc(1, year, 2, NULL, 3, 1);
		write_doc(2, year, 2, NULL, year % 2 ? 2 : 3, 1);
	}
	struct series s = harmonize();
	static const int north[] = {1, 2};
	for (int year = 2017; year <= 2022; year++)
		expect_sums(&s, year, 2, north, 2);
	/* Eemsdelta (2021) from Appingedam, Delfzijl and Loppersum */
	ck_assert_int_eq(json_integer_value(json_object_get(row_of(&s, "GM1979",
		2020, 2), "predecessors")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(row_of(&s, "GM1979",
		2021, 2), "predecessors")), 1);
	/* Groningen absorbed Haren and Ten Boer in 2019 */
	ck_assert_str_eq(json_string_value(json_object_get(row_of(&s, "GM0014",
		2018, 2), "predecessor_codes")), "GM0009 GM0014 GM0017");
	/* Littenseradiel (2018) and Winsum (2019) were split: left out */
	ck_assert_uint_eq(s.rep.split_left_out, 1 + 2);
	ck_assert_str_eq(s.rep.split_names, "Littenseradiel, Winsum");
	/* ... so that Leeuwarden 2017 is Leeuwarden and Leeuwarderadeel */
	ck_assert_str_eq(json_string_value(json_object_get(row_of(&s, "GM0080",
		2017, 2), "predecessor_codes")), "GM0080 GM0081");
	/* a series per municipality of today: one row a year */
	size_t westerwolde = 0;
	for (size_t i = 0; i < s.n; i++)
		westerwolde += strcmp(json_string_value(json_object_get(s.rows[i],
			"current_code")), "GM1950") == 0;
	ck_assert_uint_eq(westerwolde, 6);
	series_free(&s);
}
END_TEST

/* Weesp, of Gooi en Vechtstreek, merged into Amsterdam (Groot Amsterdam)
 * on 24 March 2022: a merger across regions. */
START_TEST(weesp_into_amsterdam)
{
	write_doc(10, 2021, 4, NULL, 3, 1);
	write_doc(12, 2021, 4, NULL, 3, 1);
	write_doc(10, 2022, 1, NULL, 3, 1);
	write_doc(12, 2022, 1, NULL, 3, 1);
	struct series s = harmonize();
	json_t *q4 = row_of(&s, "GM0363", 2021, 4);
	ck_assert_str_eq(json_string_value(json_object_get(q4,
		"predecessor_codes")), "GM0363 GM0457");
	ck_assert_int_eq(json_integer_value(json_object_get(q4,
		"region_code")), 10);
	json_t *q1 = row_of(&s, "GM0363", 2022, 1);
	ck_assert_str_eq(json_string_value(json_object_get(q1,
		"predecessor_codes")), "GM0363");
	static const int both[] = {10, 12};
	expect_sums(&s, 2021, 4, both, 2);
	expect_sums(&s, 2022, 1, both, 2);
	series_free(&s);

	/* without Gooi en Vechtstreek's sheet, Amsterdam 2021-Q4 lacks Weesp:
	 * no sum rather than a wrong one */
	char path[256];
	snprintf(path, sizeof(path), "%s/2021-Q4/12-r.json", dir);
	ck_assert_int_eq(unlink(path), 0);
	s = harmonize();
	q4 = row_of(&s, "GM0363", 2021, 4);
	ck_assert(json_is_false(json_object_get(q4, "complete")));
	for (int f = 0; f < 5; f++)
		ck_assert(json_is_null(json_object_get(q4, fields[f])));
	ck_assert_str_eq(json_string_value(json_object_get(q4,
		"predecessor_codes")), "GM0363");
	ck_assert(json_is_true(json_object_get(row_of(&s, "GM0363", 2022, 1),
		"complete")));
	series_free(&s);
}
END_TEST

/* Haaren, split four ways on 1 January 2021: its rows are left out, and
 * counted. */
START_TEST(split_is_left_out_and_counted)
{
	write_doc(27, 2020, 4, NULL, 3, 1);
	write_doc(27, 2021, 1, NULL, 3, 1);
	struct series s = harmonize();
	ck_assert_uint_eq(s.rep.split_left_out, 1);
	ck_assert_str_eq(s.rep.split_names, "Haaren");
	json_t *vught = row_of(&s, "GM0865", 2020, 4);
	ck_assert_str_eq(json_string_value(json_object_get(vught,
		"predecessor_codes")), "GM0865");
	int64_t v[5];
	counts("GM0865", 2020, 4, 1, v);
	for (int f = 0; f < 5; f++)
		ck_assert_int_eq(value(vught, f), v[f]);
	for (size_t i = 0; i < s.n; i++)
		ck_assert_str_ne(json_string_value(json_object_get(s.rows[i],
			"predecessor_codes")), "GM0788");
	series_free(&s);
}
END_TEST

/* A municipality missing from its table, or two versions of a table:
 * the sums that would be wrong are left empty. */
START_TEST(incomplete_or_repeated_rows_give_no_sum)
{
	write_doc(22, 2022, 4, "GM0614", 3, 1); /* no Westvoorne */
	struct series s = harmonize();
	json_t *r = row_of(&s, "GM1992", 2022, 4);
	ck_assert(json_is_false(json_object_get(r, "complete")));
	ck_assert(json_is_null(json_object_get(r, "total")));
	ck_assert_int_eq(json_integer_value(json_object_get(r, "predecessors")), 2);
	ck_assert(json_is_true(json_object_get(row_of(&s, "GM0599", 2022, 4),
		"complete")));
	series_free(&s);

	write_doc(22, 2022, 4, NULL, 3, 1);
	write_doc(22, 2022, 4, NULL, 3, 2); /* a conflicting second version */
	s = harmonize();
	r = row_of(&s, "GM0599", 2022, 4);
	ck_assert(json_is_false(json_object_get(r, "complete")));
	ck_assert(json_is_null(json_object_get(r, "total")));
	ck_assert_str_eq(json_string_value(json_object_get(r, "status")),
		"invalid");
	series_free(&s);
}
END_TEST

static Suite *harmonize_suite(void)
{
	Suite *s = suite_create("harmonize");
	TCase *tc = tcase_create("harmonize");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, merger_sums_predecessors);
	tcase_add_test(tc, series_across_the_mergers_of_the_north);
	tcase_add_test(tc, weesp_into_amsterdam);
	tcase_add_test(tc, split_is_left_out_and_counted);
	tcase_add_test(tc, incomplete_or_repeated_rows_give_no_sum);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(harmonize_suite)
