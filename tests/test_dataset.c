/*
 * tvk dataset as an analyst meets it (the tvk program, on the sample
 * archive and on documents changed by hand): the text of a CSV never runs
 * as a formula in a spreadsheet.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "harness.h"
#include "tvk_check.h"

/* ------------------------------------------------------------------ */
/* A CSV file read back (RFC 4180), for the cells a test looks at. */

struct csv {
	char ***rows; /* rows[0] is the header */
	size_t n_rows, n_cols;
};

static struct csv read_csv(const char *path, char sep)
{
	size_t len;
	char *text = read_file(path, &len);
	ck_assert_msg(text != NULL, "%s: not there", path);
	const char *p = text;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	struct csv c = {0};
	size_t cap = 0;
	while (*p) {
		char **row = NULL;
		size_t n = 0;
		for (;;) {
			struct text cell = {0};
			add_bytes(&cell, "", 0);
			if (*p == '"') {
				for (p++; *p && !(p[0] == '"' && p[1] != '"');
						p++) {
					if (*p == '"')
						p++;
					add_bytes(&cell, p, 1);
				}
				ck_assert_msg(*p == '"', "%s: a quote not closed",
					path);
				p++;
			} else {
				size_t k = strcspn(p, (char[]){sep, '\r', '\n',
					'\0'});
				add_bytes(&cell, p, k);
				p += k;
			}
			row = realloc(row, (n + 1) * sizeof(*row));
			row[n++] = keep(cell.s);
			if (*p != sep)
				break;
			p++;
		}
		ck_assert_msg(p[0] == '\r' && p[1] == '\n', "%s: a record not "
			"ended by CRLF", path);
		p += 2;
		if (c.n_rows == 0)
			c.n_cols = n;
		ck_assert_msg(n == c.n_cols, "%s: %zu fields in record %zu, "
			"%zu in the header", path, n, c.n_rows, c.n_cols);
		if (c.n_rows == cap) {
			cap = 2 * cap + 64;
			c.rows = realloc(c.rows, cap * sizeof(*c.rows));
		}
		c.rows[c.n_rows++] = keep(row);
	}
	keep(c.rows);
	ck_assert_msg(c.n_rows > 0, "%s: no header", path);
	return c;
}

/* The cell of column @name in data row @r (from 0). */
static const char *cell(const struct csv *c, size_t r, const char *name)
{
	for (size_t k = 0; k < c->n_cols; k++)
		if (strcmp(c->rows[0][k], name) == 0)
			return c->rows[r + 1][k];
	ck_abort_msg("no column %s", name);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Documents changed by hand. */

/* Friesland 2020-Q2 converted into out/, its document loaded. */
static json_t *friesland(void)
{
	struct run *r = TVK("convert", "-q", "-o", "out", FRIESLAND);
	EXPECT_STATUS(r, 0);
	return load_json("out/" FRIESLAND_JSON);
}

static void save(json_t *doc, const char *path)
{
	ck_assert_int_eq(json_dump_file(doc, path, JSON_INDENT(2) |
		JSON_PRESERVE_ORDER), 0);
	json_decref(doc);
}

/* ------------------------------------------------------------------ */

/*
 * Names a PDF could print that a spreadsheet would run: every text field
 * of the CSV (and of the CSV for spreadsheets) that begins like a formula
 * gets a "'" first (OWASP); NDJSON keeps the text as it is.
 */
START_TEST(formulas_are_text_in_every_csv)
{
	static const char *const names[] = {
		"=HYPERLINK(\"http://example.org\",\"x\")", "@SUM(A1)", "+31",
		"-2+3", "\t=1+1", "\r=1+1", "Ameland",
	};
	size_t n = sizeof(names) / sizeof(*names);
	json_t *doc = friesland();
	json_t *rows = json_object_get(doc, "municipalities");
	for (size_t i = 0; i < n; i++)
		json_object_set_new(json_array_get(rows, i), "printed_name",
			json_string(names[i]));
	json_object_set_new(json_array_get(rows, 0), "name",
		json_string("@Achtkarspelen"));
	save(doc, "out/" FRIESLAND_JSON);

	struct run *r = TVK("dataset", "-o", "plain.csv", "out");
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "--excel", "-o", "excel.csv", "out");
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "-o", "rows.ndjson", "out");
	EXPECT_STATUS(r, 0);
	struct csv csvs[2] = {read_csv("plain.csv", ','),
		read_csv("excel.csv", ';')};
	for (int k = 0; k < 2; k++) {
		const struct csv *c = &csvs[k];
		for (size_t i = 0; i < n; i++) {
			const char *got = cell(c, i, "printed_name");
			const char *want = i + 1 < n ? kprintf("'%s", names[i]) :
				names[i];
			ck_assert_msg(strcmp(got, want) == 0, "row %zu: '%s', "
				"expected '%s'", i, got, want);
		}
		ck_assert_str_eq(cell(c, 0, "municipality_name"),
			"'@Achtkarspelen");
	}
	size_t len;
	char *nd = read_file("rows.ndjson", &len);
	json_t *first = json_loadb(nd, strcspn(nd, "\n"), 0, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(first,
		"printed_name")), names[0]);
	json_decref(first);
}
END_TEST

/*
 * Documents that break tvk's own schema, each beside a good one: named on
 * stderr in one line, left out of every output, exit status 2; the CSV
 * holds the other document's rows alone.
 */
static void expect_left_out(json_t *doc, const char *what)
{
	save(doc, "out/" FRIESLAND_JSON);
	struct run *r = TVK("dataset", "-o", "t.csv", "out");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: out/" FRIESLAND_JSON ": ");
	EXPECT(r, strstr(r->err, "schema"), "%s: the error does not say the "
		"document breaks the schema", what);
	struct csv c = read_csv("t.csv", ',');
	ck_assert_msg(c.n_rows > 1, "%s: no rows", what);
	for (size_t i = 0; i + 1 < c.n_rows; i++)
		ck_assert_msg(strcmp(cell(&c, i, "document"), FRIESLAND_JSON) != 0,
			"%s: the document is in the CSV", what);
}

START_TEST(documents_that_break_the_schema_are_left_out)
{
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND);
	EXPECT_STATUS(r, 0);
	json_t *doc = friesland();
	json_object_set_new(json_array_get(json_object_get(doc,
		"municipalities"), 0), "total", json_integer(-5));
	expect_left_out(doc, "total -5");

	doc = load_json("out/" FRIESLAND_JSON);
	json_object_set_new(json_array_get(json_object_get(doc,
		"municipalities"), 1), "uwv_with_profile", json_real(1.5));
	expect_left_out(doc, "a count of 1.5");

	doc = load_json("out/" FRIESLAND_JSON);
	json_object_set_new(json_object_get(doc, "period"), "year",
		json_string("2020"));
	expect_left_out(doc, "the year as a string");

	doc = load_json("out/" FRIESLAND_JSON);
	json_object_set_new(json_object_get(doc, "region_total"), "total",
		json_integer(INT64_MIN));
	expect_left_out(doc, "INT64_MIN");

	/* the document as convert wrote it is taken */
	r = TVK("convert", "-q", "--force", "-o", "out", FRIESLAND);
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "-o", "t.csv", "out");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The database, opened as an analyst would (libsqlite3). */

/* The one integer @sql gives, on @db. */
static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
		"%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: no row", sql);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * The sample archive as a database: integer counts (no text, no real),
 * NULL only for a value not read; as many municipality rows as the CSV
 * (which holds municipality rows only), in each accepted table adding up
 * to its region total; the keys hold; the same bytes twice, and no
 * temporary file left.
 */
START_TEST(the_database_has_typed_counts_that_add_up)
{
	struct run *r = TVK("convert", "-q", "-o", "out", TVK_FIXTURES);
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "-o", "d.sqlite", "out");
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "-o", "again.sqlite", "out");
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "-o", "t.csv", "out");
	EXPECT_STATUS(r, 0);
	size_t la, lb;
	char *a = read_file("d.sqlite", &la), *b = read_file("again.sqlite", &lb);
	ck_assert_msg(la == lb && memcmp(a, b, la) == 0, "two databases of "
		"the same documents differ");
	struct file_list files = all_files(".");
	for (size_t i = 0; i < files.n; i++)
		ck_assert_msg(!strstr(files.name[i], ".tmp"), "%s left behind",
			files.name[i]);

	struct csv c = read_csv("t.csv", ',');
	for (size_t i = 0; i + 1 < c.n_rows; i++)
		ck_assert_str_eq(cell(&c, i, "row_kind"), "municipality");
	sqlite3 *db = NULL;
	ck_assert(sqlite3_open_v2("d.sqlite", &db, SQLITE_OPEN_READONLY,
		NULL) == SQLITE_OK);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM municipalities"),
		(long long)c.n_rows - 1);
	static const char *const typed[] = {
		"SELECT count(*) FROM municipalities WHERE typeof(total) NOT IN "
		"('integer', 'null') OR typeof(uwv_with_profile) NOT IN "
		"('integer', 'null') OR typeof(region_code) NOT IN "
		"('integer', 'null') OR typeof(year) <> 'integer'",
		"SELECT count(*) FROM region_totals WHERE typeof(total) <> "
		"'integer'",
		"SELECT count(*) FROM municipalities WHERE total = ''",
		/* the municipalities of each accepted table against its
		 * total */
		"SELECT count(*) FROM region_totals t WHERE t.status IN "
		"('valid', 'repaired') AND t.total IS NOT (SELECT sum(m.total) "
		"FROM municipalities m WHERE m.document = t.document AND "
		"m.cbs_period IS t.cbs_period AND m.region_code IS "
		"t.region_code)",
		"SELECT count(*) FROM pragma_foreign_key_check",
		"SELECT count(*) FROM national WHERE typeof(total) <> 'integer'",
	};
	for (size_t i = 0; i < sizeof(typed) / sizeof(*typed); i++)
		ck_assert_msg(query_int(db, typed[i]) == 0, "%s", typed[i]);
	ck_assert_int_gt(query_int(db, "SELECT count(*) FROM region_totals "
		"WHERE status IN ('valid', 'repaired')"), 10);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM national"), 1);
	ck_assert_int_gt(query_int(db, "SELECT count(*) FROM "
		"harmonised_complete"), 0);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM documents"),
		query_int(db, "SELECT (SELECT count(*) FROM region_totals) + "
		"(SELECT count(*) FROM national)"));
	sqlite3_close(db);
}
END_TEST

/* A value not read is NULL in the database, never 0 or '' */
START_TEST(a_value_not_read_is_null_in_the_database)
{
	json_t *doc = friesland();
	json_object_set_new(json_array_get(json_object_get(doc,
		"municipalities"), 2), "uwv_with_profile", json_null());
	save(doc, "out/" FRIESLAND_JSON);
	struct run *r = TVK("dataset", "-o", "d.sqlite", "out");
	EXPECT_STATUS(r, 0);
	sqlite3 *db = NULL;
	ck_assert(sqlite3_open_v2("d.sqlite", &db, SQLITE_OPEN_READONLY,
		NULL) == SQLITE_OK);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM municipalities "
		"WHERE uwv_with_profile IS NULL"), 1);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM municipalities "
		"WHERE row = 3 AND uwv_with_profile IS NULL"), 1);
	sqlite3_close(db);
}
END_TEST

/*
 * The tidy package is a folder: written again over its own, never over
 * someone else's datapackage.json; without -o it is a usage error.
 */
START_TEST(the_package_folder_is_tvks_own)
{
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND, FRIESLAND);
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "--format=package", "-o", "pkg", "out");
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "--format=package", "-o", "pkg", "out");
	EXPECT_STATUS(r, 0);
	static const char *const files[] = {"municipalities", "region_totals",
		"national", "repairs", "problems", "documents"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		ck_assert_msg(exists(kprintf("pkg/%s.csv", files[i])),
			"no %s.csv", files[i]);
	struct csv m = read_csv("pkg/municipalities.csv", ',');
	struct csv t = read_csv("pkg/region_totals.csv", ',');
	ck_assert_uint_eq(m.n_rows - 1, 14 + 18);
	ck_assert_uint_eq(t.n_rows - 1, 2);

	make_dir("theirs");
	write_file("theirs/datapackage.json", "{\"resources\": []}\n", 18);
	r = TVK("dataset", "--format=package", "-o", "theirs", "out");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: theirs/datapackage.json: ");
	ck_assert(!exists("theirs/municipalities.csv"));
	size_t len;
	ck_assert_str_eq(read_file("theirs/datapackage.json", &len),
		"{\"resources\": []}\n");

	r = TVK("dataset", "--format=package", "out");
	EXPECT_STATUS(r, 64);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Outputs from any folder. */

/*
 * A folder converted from another one works from anywhere: tvk review
 * finds the PDF (given as a relative path where convert ran), the
 * dataset's source_file leads to it, the documents are the same bytes
 * however -o was spelled, and a folder holding its PDFs can be moved.
 */
START_TEST(outputs_work_from_any_folder)
{
	make_dir("a");
	copy_file(RIJNMOND, "a/sheet.pdf", 0);
	ck_assert_int_eq(chdir("a"), 0);
	struct run *r = TVK("convert", "-q", "-o", "../out", "sheet.pdf");
	EXPECT_STATUS(r, 0);
	r = TVK("convert", "-q", "-o", "./../out2/", "sheet.pdf");
	EXPECT_STATUS(r, 0);
	const char *three = kprintf("%s/out3", test_dir());
	r = TVK("convert", "-q", "-o", three, "./sheet.pdf");
	EXPECT_STATUS(r, 0);
	ck_assert_int_eq(chdir(".."), 0);
	size_t l1, l2, l3;
	const char *d1 = read_file("out/" RIJNMOND_JSON, &l1);
	const char *d2 = read_file("out2/" RIJNMOND_JSON, &l2);
	const char *d3 = read_file("out3/" RIJNMOND_JSON, &l3);
	ck_assert_msg(l1 == l2 && l2 == l3 && memcmp(d1, d2, l1) == 0 &&
		memcmp(d1, d3, l1) == 0, "the document depends on how -o or "
		"the input was spelled");

	/* from the folder above the one convert ran in */
	r = TVK("review", "-o", "r.html", "out");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	size_t len;
	ck_assert(strstr(read_file("r.html", &len), "<img "));
	r = TVK("dataset", "-o", "t.csv", "out");
	EXPECT_STATUS(r, 0);
	struct csv c = read_csv("t.csv", ',');
	ck_assert_str_eq(cell(&c, 0, "source_file"), "a/sheet.pdf");

	/* a folder that holds its PDF, moved */
	make_dir("box");
	make_dir("box/pdfs");
	copy_file(RIJNMOND, "box/pdfs/sheet.pdf", 0);
	r = TVK("convert", "-q", "-o", "box", "box/pdfs/sheet.pdf");
	EXPECT_STATUS(r, 0);
	json_t *doc = load_json("box/" RIJNMOND_JSON);
	ck_assert_str_eq(str_at(doc, "source", "file"), "pdfs/sheet.pdf");
	json_decref(doc);
	ck_assert_int_eq(rename("box", "moved"), 0);
	r = TVK("review", "-o", "m.html", "moved");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	ck_assert(strstr(read_file("m.html", &len), "<img "));
}
END_TEST

static Suite *dataset_suite(void)
{
	Suite *s = folder_suite("dataset");
	TCase *tc = folder_tcase("dataset");
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, formulas_are_text_in_every_csv);
	tcase_add_test(tc, documents_that_break_the_schema_are_left_out);
	tcase_add_test(tc, the_database_has_typed_counts_that_add_up);
	tcase_add_test(tc, a_value_not_read_is_null_in_the_database);
	tcase_add_test(tc, outputs_work_from_any_folder);
	tcase_add_test(tc, the_package_folder_is_tvks_own);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(dataset_suite)
