/*
 * The tvk program end to end: the real binary (TVK_BINARY), run the way a
 * user runs it, judged by what a user sees: the exit status, stdout,
 * stderr and the files it leaves behind.
 *
 * Every test runs in a fresh temporary folder of its own (the current
 * directory of the test and of tvk), made by the harness (harness.h),
 * which starts tvk without a shell: paths may hold spaces.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cases.h"
#include "harness.h"
#include "tvk_check.h"

#ifndef TVK_BINARY
#error "TVK_BINARY must be the path of the tvk executable"
#endif

/* ------------------------------------------------------------------ */
/* Reading what tvk printed and left. */

/* True when @s holds @number as a whole number (not inside another). */
static bool has_number(const char *s, const char *number)
{
	size_t n = strlen(number);
	for (const char *p = s; (p = strstr(p, number)); p++) {
		bool before = p > s && (p[-1] >= '0' && p[-1] <= '9');
		bool after = p[n] >= '0' && p[n] <= '9';
		if (!before && !after)
			return true;
	}
	return false;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True when @dir holds no output (index.json and the cache aside). */
static bool dir_is_empty(const char *dir)
{
	return list_outputs(dir).n == 0;
}

/* ------------------------------------------------------------------ */
/* Inputs the tests make. */

/* A one-page PDF that says "Hello" and nothing of the publication. */
static void write_hello_pdf(const char *path)
{
	static const char content[] = "BT /F1 24 Tf 72 720 Td (Hello) Tj ET\n";
	static const char *const objects[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
			"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
			">> >>",
		NULL, /* the content stream */
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	};
	char pdf[4096];
	size_t len = 0, offset[6];
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len, "%%PDF-1.4\n");
	for (int i = 0; i < 5; i++) {
		offset[i + 1] = len;
		if (objects[i])
			len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
				"%d 0 obj\n%s\nendobj\n", i + 1, objects[i]);
		else
			len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
				"%d 0 obj\n<< /Length %zu >>\nstream\n%s"
				"endstream\nendobj\n", i + 1,
				sizeof(content) - 1, content);
	}
	size_t xref = len;
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
		"xref\n0 6\n0000000000 65535 f \n");
	for (int i = 1; i <= 5; i++)
		len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
			"%010zu 00000 n \n", offset[i]);
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
		"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		xref);
	ck_assert_uint_lt(len, sizeof(pdf));
	write_file(path, pdf, len);
}

/* Renders tests/data/cli/@spec into @pdf with the fixture generator. */
static void make_fixture(const char *spec, const char *pdf)
{
	draw_spec(kprintf("%s/data/cli/%s", TVK_TEST_SRCDIR, spec), pdf);
}

/* ------------------------------------------------------------------ */
/* Help and usage errors: tests/data/cli/usage.txt, one command a line. */

static struct run *run_case(const struct case_line *c)
{
	const char *argv[CASE_MAX_FIELDS + 1] = {TVK_BINARY};
	for (size_t i = 1; i < c->n; i++)
		argv[i] = c->field[i];
	argv[c->n] = NULL;
	return run_checked(argv, NULL);
}

static int help_case(const struct case_line *c, void *data)
{
	(void)data;
	if (strcmp(c->field[0], "0") != 0)
		return 0;
	(*(int *)data)++;
	struct run *r = run_case(c);
	if (r->status != 0 || r->err_len != 0 ||
			strncmp(r->out, "usage: tvk", 10) != 0) {
		dump(r);
		fprintf(stderr, "expected exit 0, usage on stdout, stderr "
			"empty\n");
		return 1;
	}
	return 0;
}

static int usage_error_case(const struct case_line *c, void *data)
{
	if (strcmp(c->field[0], "64") != 0)
		return 0;
	(*(int *)data)++;
	struct run *r = run_case(c);
	if (r->status != 64 || r->out_len != 0 ||
			count_lines(r->err) != 1 ||
			r->err[r->err_len - 1] != '\n' ||
			strncmp(r->err, "tvk: ", 5) != 0 ||
			!dir_is_empty(".")) {
		dump(r);
		fprintf(stderr, "expected exit 64, stdout empty, one line "
			"'tvk: ...' on stderr, no file written\n");
		return 1;
	}
	return 0;
}

START_TEST(version)
{
	struct run *r = TVK("--version");
	EXPECT_STATUS(r, 0);
	EXPECT(r, strcmp(r->out, "tvk 0.1.0\n") == 0, "--version printed "
		"'%s', expected 'tvk 0.1.0'", r->out);
	EXPECT_NO_STDERR(r);
}
END_TEST

START_TEST(help_on_stdout)
{
	int n_help = 0, n_cases;
	int failures = cases_run(TVK_TEST_SRCDIR "/data/cli/usage.txt",
		help_case, &n_help, &n_cases);
	ck_assert_int_ge(n_help, 6);
	ck_assert_msg(failures == 0, "%d help commands misbehave (see "
		"stderr)", failures);
}
END_TEST

START_TEST(help_command_is_command_help)
{
	struct run *a = TVK("help", "convert");
	struct run *b = TVK("convert", "--help");
	EXPECT_STATUS(a, 0);
	EXPECT_STATUS(b, 0);
	EXPECT(b, strcmp(a->out, b->out) == 0, "'tvk help convert' and 'tvk "
		"convert --help' print different text");
	EXPECT(a, strstr(a->out, "usage: tvk convert"), "not convert's usage");
}
END_TEST

START_TEST(usage_errors_exit_64)
{
	int n_errors = 0, n_cases;
	int failures = cases_run(TVK_TEST_SRCDIR "/data/cli/usage.txt",
		usage_error_case, &n_errors, &n_cases);
	ck_assert_int_ge(n_errors, 10);
	ck_assert_msg(failures == 0, "%d usage errors misbehave (see stderr)",
		failures);
}
END_TEST

/* ------------------------------------------------------------------ */
/* convert over the sample archive. */

static bool is_period_dir(const char *s)
{
	return strlen(s) >= 8 && s[0] == '2' && s[1] == '0' &&
		strspn(s + 2, "0123456789") >= 2 && s[4] == '-' &&
		s[5] == 'Q' && s[6] >= '1' && s[6] <= '4' && s[7] == '/';
}

/* "YYYY-Qq/NN-slug.json", and no temporary file. */
static bool is_region_file(const char *f)
{
	if (!is_period_dir(f))
		return false;
	const char *name = f + 8;
	size_t len = strlen(name);
	return len > 8 && name[0] >= '0' && name[0] <= '3' &&
		name[1] >= '0' && name[1] <= '9' && name[2] == '-' &&
		strcspn(name, "/") == len && !strstr(name, ".tmp") &&
		strcmp(name + len - 5, ".json") == 0;
}

START_TEST(convert_archive)
{
	struct run *r = TVK("convert", "-o", "out", TVK_FIXTURES "/");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	const char *summary = last_line(r->out);
	EXPECT(r, strncmp(summary, "tvk: ", 5) == 0 &&
		strstr(summary, " 38 files written"), "the summary line "
		"'%s' does not report 38 files written", summary);

	struct file_list l = list_outputs("out");
	size_t regions = 0, national = 0;
	for (size_t i = 0; i < l.n; i++) {
		const char *f = l.name[i];
		bool ok = false;
		if (is_period_dir(f) && strcmp(f + 8, "nederland.json") == 0) {
			national++;
			ok = true;
		} else if (is_region_file(f)) {
			regions++;
			ok = true;
		}
		if (!ok) {
			print_list("out", &l);
			ck_abort_msg("unexpected file out/%s", f);
		}
	}
	if (regions != 37 || national != 1)
		print_list("out", &l);
	ck_assert_uint_eq(regions, 37);
	ck_assert_uint_eq(national, 1);
	ck_assert(exists("out/2025-Q2/nederland.json"));
	ck_assert(exists("out/" RIJNMOND_JSON));
	ck_assert(exists("out/" FRIESLAND_JSON));
	ck_assert(exists("out/2022-Q4/07-zaanstreek-waterland.json"));
	for (size_t i = 0; i < l.n; i++)
		json_decref(load_json(kprintf("out/%s", l.name[i])));
}
END_TEST

START_TEST(convert_is_byte_identical_on_rerun)
{
	struct run *a = TVK("convert", "-o", "first", TVK_FIXTURES "/");
	struct run *b = TVK("convert", "-o", "second", TVK_FIXTURES "/");
	EXPECT_STATUS(a, 0);
	EXPECT_STATUS(b, 0);
	ck_assert_uint_ge(list_outputs("first").n, 38);
	expect_same_tree("first", "second");
	/* the summary says what a run did: a re-run that changed nothing
	 * says so, one that changed a file counts it */
	EXPECT(a, strstr(last_line(a->out), ": 38 files written to first ("),
		"'%s'", last_line(a->out));
	struct run *c = TVK("convert", "-o", "first", TVK_FIXTURES "/");
	EXPECT_STATUS(c, 0);
	EXPECT(c, strstr(last_line(c->out), ": 38 files in first, none "
		"changed ("), "a re-run that changed nothing: '%s'",
		last_line(c->out));
	write_file("first/2025-Q2/22-rijnmond.json", "{}\n", 3);
	c = TVK("convert", "-o", "first", TVK_FIXTURES "/");
	EXPECT(c, strstr(last_line(c->out), ": 38 files in first, 1 of them "
		"changed ("), "a re-run that put one file back: '%s'",
		last_line(c->out));
	expect_same_tree("first", "second");
}
END_TEST

START_TEST(convert_jobs_do_not_change_output)
{
	struct run *a = TVK("convert", "-j", "1", "-o", "one", TVK_FIXTURES);
	struct run *b = TVK("convert", "-j", "2", "-o", "two", TVK_FIXTURES);
	EXPECT_STATUS(a, 0);
	EXPECT_STATUS(b, 0);
	ck_assert_uint_ge(list_outputs("one").n, 38);
	expect_same_tree("one", "two");
}
END_TEST

START_TEST(convert_quiet_prints_nothing)
{
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND);
	EXPECT_STATUS(r, 0);
	EXPECT(r, r->out_len == 0, "-q printed %zu bytes", r->out_len);
	EXPECT_NO_STDERR(r);
	expect_rijnmond("out/" RIJNMOND_JSON, RIJNMOND);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Bad inputs beside a good one: the bad one is named in one error line,
 * gets no output file, and the good one is converted all the same. */

static void expect_bad_input(const char *bad, const char *message)
{
	struct run *r = TVK("convert", "-o", "out", bad, RIJNMOND);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, kprintf("tvk: %s: ", bad));
	if (message)
		EXPECT(r, strstr(r->err, message), "the error does not say "
			"'%s'", message);
	OUTPUTS("out", RIJNMOND_JSON);
	expect_rijnmond("out/" RIJNMOND_JSON, RIJNMOND);
}

START_TEST(convert_missing_file)
{
	expect_bad_input("no-such-file.pdf", NULL);
}
END_TEST

START_TEST(convert_empty_file)
{
	write_file("x.pdf", "", 0);
	expect_bad_input("x.pdf", NULL);
}
END_TEST

START_TEST(convert_text_file)
{
	const char text[] = "Transparantie van klantprofielen\nnot a PDF\n";
	write_file("notes.pdf", text, sizeof(text) - 1);
	expect_bad_input("notes.pdf", NULL);
}
END_TEST

START_TEST(convert_png)
{
	write_png("scan.pdf");
	expect_bad_input("scan.pdf", NULL);
}
END_TEST

START_TEST(convert_truncated_pdf)
{
	copy_file(RIJNMOND, "truncated.pdf", 3000);
	expect_bad_input("truncated.pdf", NULL);
}
END_TEST

START_TEST(convert_pdf_without_table)
{
	write_hello_pdf("hello.pdf");
	/* The PDF itself reads fine: the error is about its content. */
	struct run *t = TVK("text", "hello.pdf");
	EXPECT_STATUS(t, 0);
	EXPECT(t, has_line(t->out, "Hello"), "hello.pdf does not read as "
		"'Hello'");
	expect_bad_input("hello.pdf", "no table of the publication found");
}
END_TEST

START_TEST(convert_folder_with_bad_file)
{
	make_dir("in");
	copy_file(FRIESLAND, "in/a-good.pdf", 0);
	write_file("in/b-bad.pdf", "%PDF-1.4\ngarbage\n", 17);
	struct run *r = TVK("convert", "-o", "out", "in");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: in/b-bad.pdf: ");
	EXPECT(r, strstr(last_line(r->out), "2 inputs"), "the summary does "
		"not count both files");
	OUTPUTS("out", FRIESLAND_JSON);
	json_t *doc = load_json("out/" FRIESLAND_JSON);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "source"), "file")), absolute_of("in/a-good.pdf"));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "validation"), "status")), "valid");
	json_decref(doc);
}
END_TEST

START_TEST(convert_path_with_spaces_and_utf8)
{
	make_dir("a b");
	copy_file(FRIESLAND, "a b/\xc3\xab x.pdf", 0);
	struct run *r = TVK("convert", "-o", "out \xc3\xab", "a b/\xc3\xab x.pdf");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	OUTPUTS("out \xc3\xab", FRIESLAND_JSON);
	json_t *doc = load_json("out \xc3\xab/" FRIESLAND_JSON);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "source"), "file")), absolute_of("a b/\xc3\xab x.pdf"));
	ck_assert_uint_eq(json_array_size(json_object_get(doc,
		"municipalities")), 18);
	json_decref(doc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Invalid tables and the exit status. */

START_TEST(convert_invalid_table)
{
	make_fixture("invalid-table.spec", "invalid.pdf");
	struct run *r = TVK("convert", "-o", "out", "invalid.pdf");
	EXPECT_STATUS(r, 1);
	EXPECT_NO_STDERR(r);
	OUTPUTS("out", RIJNMOND_JSON);
	json_t *doc = load_json("out/" RIJNMOND_JSON);
	json_t *validation = json_object_get(doc, "validation");
	ck_assert_str_eq(json_string_value(json_object_get(validation,
		"status")), "invalid");
	ck_assert_uint_ge(json_array_size(json_object_get(validation,
		"problems")), 1);
	/* Written with its numbers as printed. */
	json_t *first = json_array_get(json_object_get(doc, "municipalities"),
		0);
	ck_assert_int_eq(json_integer_value(json_object_get(first, "total")),
		206);
	json_decref(doc);
	const char *summary = last_line(r->out);
	EXPECT(r, strstr(summary, " 1 invalid"), "the summary '%s' does not "
		"report 1 invalid", summary);
	/* the line of the invalid table in the form of every error */
	EXPECT(r, strstr(r->out, "tvk: invalid.pdf:2: 2025-Q2 22 Rijnmond: "
		"invalid: "), "no line names the invalid table as tvk: "
		"FILE:PAGE: message");
}
END_TEST

START_TEST(convert_highest_status_wins)
{
	make_fixture("invalid-table.spec", "invalid.pdf");
	struct run *r = TVK("convert", "-o", "out", "invalid.pdf",
		"no-such-file.pdf");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: no-such-file.pdf: ");
	OUTPUTS("out", RIJNMOND_JSON);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Output that cannot be written. */

START_TEST(convert_output_not_writable)
{
	if (geteuid() != 0) {
		/* Root ignores permissions, so this half needs a user. */
		make_dir("ro");
		ck_assert_int_eq(chmod("ro", 0555), 0);
		struct run *r = TVK("convert", "-o", "ro/out", RIJNMOND);
		EXPECT_STATUS(r, 2);
		EXPECT_ONE_ERROR(r, "tvk: ");
		ck_assert(dir_is_empty("ro"));
		ck_assert_int_eq(chmod("ro", 0755), 0);
	}
	/* The parent of the output folder is a regular file. */
	write_file("file", "x\n", 2);
	struct run *r = TVK("convert", "-o", "file/out", RIJNMOND);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: ");
	OUTPUTS(".", "file");
	size_t len;
	ck_assert_str_eq(read_file("file", &len), "x\n");
}
END_TEST

START_TEST(write_error_on_stdout)
{
	/* A full disk behind stdout is an error, not a silent success. */
	const struct run_options full = {.stdout_path = "/dev/full"};
	struct run *r = run_checked((const char *const[]){TVK_BINARY,
		"validate", RIJNMOND, NULL}, &full);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: ");
	r = run_checked((const char *const[]){TVK_BINARY, "--version", NULL},
		&full);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: ");
}
END_TEST

/* ------------------------------------------------------------------ */
/* validate. */

static bool starts_with_period(const char *line)
{
	return strlen(line) >= 7 && line[0] == '2' && line[1] == '0' &&
		strspn(line + 2, "0123456789") >= 2 && line[4] == '-' &&
		line[5] == 'Q' && line[6] >= '1' && line[6] <= '4';
}

START_TEST(validate_reports_per_table)
{
	struct run *r = TVK("validate", TVK_FIXTURES "/");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	ck_assert_msg(dir_is_empty("."), "validate wrote files");

	size_t n;
	char **lines = split_lines(r->out, &n);
	size_t i = 0, rijnmond = 0;
	for (; i < n && lines[i][0]; i++) {
		EXPECT(r, starts_with_period(lines[i]), "report line %zu "
			"does not start with a period: '%s'", i + 1, lines[i]);
		if (strstr(lines[i], "Rijnmond")) {
			rijnmond++;
			EXPECT(r, strstr(lines[i], " repaired "), "Rijnmond's "
				"line does not say repaired: '%s'", lines[i]);
		}
	}
	EXPECT(r, i == 38, "%zu report lines, expected 38", i);
	EXPECT(r, rijnmond == 1, "%zu lines for Rijnmond, expected 1",
		rijnmond);

	/* The detail block: its header names Rijnmond, then the repairs. */
	bool in_block = false, missing_cell = false;
	for (; i < n; i++) {
		if (!lines[i][0]) {
			in_block = false;
		} else if (starts_with_period(lines[i])) {
			in_block = strstr(lines[i], "Rijnmond") != NULL;
		} else if (in_block && strstr(lines[i], "missing-cell")) {
			EXPECT(r, has_number(lines[i], "6") &&
				strstr(lines[i], "Voorne aan Zee"), "the "
				"missing-cell repair does not give Voorne aan "
				"Zee's 6: '%s'", lines[i]);
			missing_cell = true;
		}
	}
	EXPECT(r, missing_cell, "no detail block for Rijnmond with its "
		"missing-cell repair");
	const char *summary = last_line(r->out);
	EXPECT(r, strncmp(summary, "38 tables", 9) == 0, "last line '%s' "
		"does not count 38 tables", summary);
}
END_TEST

static json_int_t summary_int(json_t *root, const char *key)
{
	json_t *v = json_object_get(json_object_get(root, "summary"), key);
	ck_assert_msg(json_is_integer(v), "summary.%s is not a number", key);
	return json_integer_value(v);
}

START_TEST(validate_json)
{
	struct run *r = TVK("validate", "--json", TVK_FIXTURES "/");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	ck_assert_msg(dir_is_empty("."), "validate --json wrote files");
	json_error_t jerr;
	json_t *root = json_loads(r->out, 0, &jerr);
	EXPECT(r, root, "stdout is not JSON: line %d: %s", jerr.line,
		jerr.text);
	ck_assert_uint_eq(json_array_size(json_object_get(root, "inputs")), 5);
	ck_assert_uint_eq(json_array_size(json_object_get(root, "tables")), 38);
	ck_assert_int_eq(summary_int(root, "repaired"), 1);
	ck_assert_int_eq(summary_int(root, "invalid"), 0);
	ck_assert_int_eq(summary_int(root, "valid"), 37);
	ck_assert_int_eq(summary_int(root, "exit_status"), 0);
	json_decref(root);
}
END_TEST

START_TEST(validate_invalid_table_exits_1)
{
	make_fixture("invalid-table.spec", "invalid.pdf");
	make_dir("work");
	ck_assert_int_eq(chdir("work"), 0);
	struct run *r = TVK("validate", "--json", "../invalid.pdf");
	EXPECT_STATUS(r, 1);
	ck_assert_msg(dir_is_empty("."), "validate wrote files");
	json_t *root = json_loads(r->out, 0, NULL);
	EXPECT(r, root, "stdout is not JSON");
	ck_assert_int_eq(summary_int(root, "invalid"), 1);
	ck_assert_int_eq(summary_int(root, "exit_status"), 1);
	json_decref(root);
}
END_TEST

/* ------------------------------------------------------------------ */
/* text. */

#define VOORNE "Voorne aan Zee 191 346 64 607"
#define TOTAAL "Totaal AMR 326 5.780 7.179 2.052 15.337"

START_TEST(text_rebuilds_rows)
{
	/* The fixture draws its table column by column: the lines can only
	 * come from the geometry. */
	struct run *r = TVK("text", RIJNMOND);
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	EXPECT(r, has_line(r->out, VOORNE), "no line '%s'", VOORNE);
	EXPECT(r, has_line(r->out, TOTAAL), "no line '%s'", TOTAAL);
}
END_TEST

START_TEST(text_boxes)
{
	struct run *r = TVK("text", "--boxes", RIJNMOND);
	EXPECT_STATUS(r, 0);
	size_t n;
	char **lines = split_lines(r->out, &n);
	bool found = false;
	for (size_t i = 0; i < n && !found; i++) {
		double x0, y0, x1, y1;
		int end = 0;
		if (sscanf(lines[i], "[%lf %lf %lf %lf]%n", &x0, &y0, &x1, &y1,
				&end) != 4 || !end || strcmp(lines[i] + end,
				" " VOORNE) != 0)
			continue;
		found = true;
		EXPECT(r, x0 < x1 && y0 < y1, "empty box: '%s'", lines[i]);
		/* Then one indented box per word, the first "Voorne". */
		double wx0, wy0, wx1, wy1;
		EXPECT(r, i + 1 < n && sscanf(lines[i + 1], " [%lf %lf %lf "
			"%lf]%n", &wx0, &wy0, &wx1, &wy1, &end) == 4 &&
			strncmp(lines[i + 1], "    [", 5) == 0 &&
			strcmp(lines[i + 1] + end, " Voorne") == 0, "no word "
			"box after '%s'", lines[i]);
		EXPECT(r, wx0 >= x0 && wx1 <= x1 && wx0 < wx1, "the word box "
			"of Voorne lies outside its line's box");
	}
	EXPECT(r, found, "no boxed line '[x0 y0 x1 y1] %s'", VOORNE);
}
END_TEST

/* True when @out has a line "KIND<spaces>TEXT". */
static bool has_kind_line(const char *out, const char *kind, const char *text)
{
	size_t n;
	char **lines = split_lines(out, &n);
	size_t k = strlen(kind);
	for (size_t i = 0; i < n; i++) {
		const char *p = lines[i];
		if (strncmp(p, kind, k) != 0 || p[k] != ' ')
			continue;
		p += strspn(p + k, " ") + k;
		if (strcmp(p, text) == 0)
			return true;
	}
	return false;
}

START_TEST(text_kinds)
{
	struct run *r = TVK("text", "--kinds", RIJNMOND);
	EXPECT_STATUS(r, 0);
	EXPECT(r, has_kind_line(r->out, "row", VOORNE), "no line 'row %s'",
		VOORNE);
	EXPECT(r, has_kind_line(r->out, "total", TOTAAL), "no line 'total %s'",
		TOTAAL);
}
END_TEST

START_TEST(text_unreadable_input)
{
	struct run *r = TVK("text", "no-such-file.pdf");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: no-such-file.pdf: ");
}
END_TEST


/* ------------------------------------------------------------------ */
/* Progress: a bar on a terminal, fitted to it; nothing otherwise. */

static struct run *convert_on_terminal(unsigned short columns,
		const char *extra)
{
	const struct run_options tty = {.tty_columns = columns};
	const char *argv[] = {TVK_BINARY, "convert", "-o", "out", extra,
		TVK_FIXTURES, NULL};
	if (!extra) {
		argv[4] = TVK_FIXTURES;
		argv[5] = NULL;
	}
	return run_checked(argv, &tty);
}

/* The columns of @s on a terminal (UTF-8). */
static size_t columns_of(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

START_TEST(progress_bar_fits_the_terminal)
{
	static const unsigned short widths[] = {40, 60, 132};
	for (size_t k = 0; k < 3; k++) {
		remove_tree("out");
		struct run *r = convert_on_terminal(widths[k], NULL);
		EXPECT_STATUS(r, 0);
		EXPECT_NO_STDERR(r);
		EXPECT(r, r->n_progress == 1, "%s: no progress bar on a "
			"terminal", r->cmd);
		/* every redraw is one line shorter than the terminal */
		const char *p = r->progress;
		size_t draws = 0;
		const char *last = NULL;
		while ((p = strchr(p, '\r'))) {
			p++;
			size_t n = strcspn(p, "\r\n");
			EXPECT(r, columns_of(p, n) < widths[k], "a redraw of %zu "
				"columns on a terminal of %u: '%.*s'",
				columns_of(p, n), widths[k], (int)n, p);
			EXPECT(r, p[0] == '[', "a redraw that is no bar");
			last = p;
			draws++;
			p += n;
		}
		EXPECT(r, draws >= 2, "%zu redraws", draws);
		EXPECT(r, strncmp(last + strcspn(last, "]"), "] 5/5 files",
			11) == 0, "the last redraw is not of 5/5 files: '%s'",
			last);
		if (widths[k] >= 60)
			EXPECT(r, strstr(last, " 40 tables"), "the bar does not "
				"count the tables: '%s'", last);
		/* on a wide terminal: the file being read while it runs, the
		 * rate in pages, and a last line that says done */
		if (widths[k] >= 132) {
			EXPECT(r, strstr(r->progress, ".pdf "), "no redraw names "
				"the file being read: '%s'", r->progress);
			EXPECT(r, strstr(last, ", done ") && strstr(last,
				" pages/s") && !strstr(last, "ETA") &&
				!strstr(last, ".pdf"), "the last line is not "
				"clean: '%s'", last);
		}
		EXPECT(r, r->progress[r->progress_len - 1] == '\n', "the bar "
			"does not end its line");
	}
	/* --no-progress: nothing, even on a terminal */
	remove_tree("out");
	struct run *r = convert_on_terminal(80, "--no-progress");
	EXPECT_STATUS(r, 0);
	EXPECT(r, r->n_progress == 0 && r->err_len == 0, "%s: output on "
		"stderr", r->cmd);
	/* -q: nothing either */
	remove_tree("out");
	r = convert_on_terminal(80, "-q");
	EXPECT(r, r->n_progress == 0 && r->err_len == 0, "%s: output on "
		"stderr", r->cmd);
}
END_TEST

START_TEST(no_progress_without_a_terminal)
{
	/* stderr to a pipe (a log file): a bad input gives exactly one
	 * line, and nothing else is there */
	write_file("bad.pdf", "%PDF-1.4\ngarbage\n", 17);
	struct run *r = TVK("convert", "-o", "out", TVK_FIXTURES, "bad.pdf");
	EXPECT_STATUS(r, 2);
	EXPECT(r, r->n_progress == 0, "%s: progress on a pipe", r->cmd);
	EXPECT_ONE_ERROR(r, "tvk: bad.pdf: ");
	/* --progress asks for the bar all the same */
	r = TVK("convert", "--progress", "-o", "out2", TVK_FIXTURES);
	EXPECT_STATUS(r, 0);
	EXPECT(r, r->n_progress == 1 && r->err_len == 0, "%s: no bar, or "
		"more than the bar", r->cmd);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Mistakes. */

START_TEST(options_without_their_value)
{
	/* every option that takes a value says so when it has none */
	static const char *const cases[][2] = {
		{"convert", "-o"}, {"convert", "--output"}, {"convert", "-j"},
		{"convert", "--jobs"}, {"convert", "--ocr"},
		{"validate", "-j"}, {"validate", "--jobs"},
		{"validate", "--ocr"}, {"text", "--ocr"},
		{"dataset", "-o"}, {"dataset", "--output"},
		{"dataset", "--format"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run *r = TVK(cases[i][0], "in", cases[i][1]);
		EXPECT_STATUS(r, 64);
		EXPECT_ONE_ERROR(r, kprintf("tvk: %s needs a value",
			cases[i][1]));
		ck_assert(dir_is_empty("."));
	}
	struct run *r = TVK("convert", "--no-such", "x.pdf");
	EXPECT_ONE_ERROR(r, "tvk: unknown option '--no-such'");
	r = TVK("convert", "--force=1", "x.pdf");
	EXPECT_ONE_ERROR(r, "tvk: '--force' takes no value");
}
END_TEST

START_TEST(nothing_to_convert_writes_nothing)
{
	struct run *r = TVK("convert", "-o", "out", "missing.pdf");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: missing.pdf: ");
	EXPECT(r, !exists("out"), "a missing input made the output folder");
	make_dir("empty");
	make_dir("empty/sub");
	r = TVK("convert", "-o", "out", "empty");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: empty: no PDF");
	EXPECT(r, !exists("out"), "an empty folder made the output folder");
	make_dir("empty2");
	r = TVK("convert", "-o", "out", "empty", "empty2");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: no PDF in the 2 folders");
	EXPECT(r, !exists("out"), "empty folders made the output folder");
}
END_TEST

START_TEST(words_count_right)
{
	/* one of each: no "1 tables", "1 documents" */
	struct run *r = TVK("convert", "-o", "out", FRIESLAND);
	EXPECT_STATUS(r, 0);
	const char *summary = last_line(r->out);
	EXPECT(r, strstr(summary, "1 input (") && strstr(summary, "1 table:") &&
		strstr(summary, " 1 file written"), "summary '%s'", summary);
	r = TVK("dataset", "-o", "d.csv", "out");
	EXPECT_STATUS(r, 0);
	EXPECT(r, strstr(r->out, " from 1 document written"), "'%s'", r->out);
	/* and the bar counts what the summary counts: tables */
	remove_tree("out");
	const struct run_options tty = {.tty_columns = 100};
	r = run_checked((const char *const[]){TVK_BINARY, "convert", "-o",
		"out", FRIESLAND, NULL}, &tty);
	EXPECT(r, strstr(r->progress, "1/1 file ") &&
		strstr(r->progress, " 1 table "), "bar '%s'", r->progress);
	for (const char *p = r->out; (p = strstr(p, " 1 ")); p++)
		EXPECT(r, strncmp(p + 3, "tables", 6) && strncmp(p + 3, "files",
			5) && strncmp(p + 3, "inputs", 6), "'%s'", r->out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* dataset and schema from the command line. */

START_TEST(dataset_formats_by_name)
{
	struct run *r = TVK("convert", "-q", "-o", "out", TVK_FIXTURES);
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "-o", "t/a.csv", "out");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	ck_assert(exists("t/a.csv") && exists("t/a.datapackage.json"));
	r = TVK("dataset", "-o", "t/b.jsonl", "out");
	EXPECT_STATUS(r, 0);
	ck_assert(exists("t/b.jsonl") && !exists("t/b.datapackage.json"));
	r = TVK("dataset", "--format=long", "-o", "t/c.csv", "out");
	EXPECT_STATUS(r, 0);
	size_t len;
	EXPECT(r, strstr(read_file("t/c.csv", &len), ",field,value,printed,"
		"repair_kind,"), "no long header");
	/* refused: a name that says no format, and nothing is written */
	r = TVK("dataset", "-o", "t/e.parquet", "out");
	EXPECT_STATUS(r, 64);
	EXPECT_ONE_ERROR(r, "tvk: -o t/e.parquet: ");
	ck_assert(!exists("t/e.parquet"));
	r = TVK("dataset", "-o", "t/x.xlsx", "out");
#if TVK_EXPECT_XLSX
	EXPECT_STATUS(r, 0);
	ck_assert(file_size("t/x.xlsx") > 1000);
	ck_assert(memcmp(read_file("t/x.xlsx", &len), "PK\003\004", 4) == 0);
#else
	EXPECT_STATUS(r, 64);
	EXPECT_ONE_ERROR(r, "tvk: --format=xlsx: this tvk was built without");
	EXPECT(r, strstr(r->err, "libxlsxwriter"), "the error does not say "
		"what is missing");
	ck_assert(!exists("t/x.xlsx"));
#endif
	/* a left-out document is said, once, on stderr */
	write_file("out/2025-Q2/99-mine.json", "{\"a\": 1}\n", 9);
	r = TVK("dataset", "-o", "t/f.csv", "out");
	EXPECT_STATUS(r, 0);
	EXPECT_ONE_ERROR(r, "tvk: out/2025-Q2/99-mine.json: not a tvk document");
	write_file("out/2025-Q2/98-cut.json", "{\"a\":", 5);
	r = TVK("dataset", "-o", "t/g.csv", "out");
	EXPECT_STATUS(r, 2);
	EXPECT(r, count_lines(r->err) == 2, "two files left out, %zu lines",
		count_lines(r->err));
}
END_TEST

/* An analyst's own file named like the dataset is never written over
 * without --force; a table tvk wrote is. */
START_TEST(dataset_keeps_a_file_it_did_not_write)
{
	struct run *r = TVK("convert", "-q", "-o", "out", TVK_FIXTURES);
	EXPECT_STATUS(r, 0);
	static const char *const names[] = {"mine.csv", "mine.ndjson",
		"mine.sqlite"};
	for (size_t i = 0; i < 3; i++) {
		write_file(names[i], "my own notes\n", 13);
		r = TVK("dataset", "-o", names[i], "out");
		EXPECT_STATUS(r, 2);
		EXPECT_ONE_ERROR(r, kprintf("tvk: %s: is there already and is "
			"no table tvk wrote", names[i]));
		EXPECT(r, strstr(r->err, "--force"), "the error does not say "
			"how to write over it");
		size_t len;
		EXPECT(r, strcmp(read_file(names[i], &len), "my own notes\n")
			== 0, "%s was written over", names[i]);
		r = TVK("dataset", "--force", "-o", names[i], "out");
		EXPECT_STATUS(r, 0);
		EXPECT(r, strncmp(read_file(names[i], &len), "my own", 6) != 0,
			"--force did not write %s", names[i]);
		/* tvk's own table is written again without a word */
		r = TVK("dataset", "-o", names[i], "out");
		EXPECT_STATUS(r, 0);
		EXPECT_NO_STDERR(r);
	}
	r = TVK("dataset", "--excel", "--format=long", "-o", "mine.csv", "out");
	EXPECT_STATUS(r, 0);
	r = TVK("dataset", "--harmonize", "-o", "mine.csv", "out");
	EXPECT_STATUS(r, 0);
}
END_TEST

/* tvk review makes no folder for its page: a mistyped path is said. */
START_TEST(review_output_into_a_missing_folder)
{
	struct run *r = TVK("review", "-o", "no/such/page.html", TVK_FIXTURES);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: no/such: no such folder for the page");
	ck_assert(!exists("no"));
	mkdir("here", 0777);
	r = TVK("review", "-o", "here", TVK_FIXTURES);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: here: is a folder");
	r = TVK("review", "-o", "here/page.html", TVK_FIXTURES);
	EXPECT(r, r->status <= 1 && exists("here/page.html"), "no page in a "
		"folder that is there (exit %d)", r->status);
}
END_TEST

START_TEST(schema_kinds)
{
	static const char *const kinds[] = {"region", "national", "index"};
	for (size_t i = 0; i < 3; i++) {
		struct run *r = TVK("schema", kinds[i]);
		EXPECT_STATUS(r, 0);
		json_t *j = json_loads(r->out, 0, NULL);
		EXPECT(r, j, "tvk schema %s: not JSON", kinds[i]);
		EXPECT(r, strstr(json_string_value(json_object_get(j, "$id")),
			kinds[i]), "tvk schema %s: $id", kinds[i]);
		json_decref(j);
	}
	struct run *a = TVK("schema");
	struct run *b = TVK("schema", "region");
	ck_assert_str_eq(a->out, b->out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The manual page and --help say the same. */

/* The options (-x, --name) that @s mentions, each once, sorted, in one
 * string "-h --help -o --output ". */
static const char *options_in(const char *s)
{
	char *found[256];
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] != '-' || (i > 0 && !strchr(" \t\n[(,|", s[i - 1])))
			continue;
		size_t len = 0;
		if (s[i + 1] == '-' && s[i + 2] >= 'a' && s[i + 2] <= 'z')
			len = 2 + strspn(s + i + 2, "abcdefghijklmnopqrstuvwxyz-");
		else if (((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
				(s[i + 1] >= 'A' && s[i + 1] <= 'Z')) &&
				!strchr("abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", s[i + 2]))
			len = 2;
		if (!len)
			continue;
		char *o = kprintf("%.*s", (int)len, s + i);
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen = seen || strcmp(found[k], o) == 0;
		if (!seen && n < 256)
			found[n++] = o;
	}
	qsort(found, n, sizeof(*found), by_string);
	struct text t = {0};
	add_bytes(&t, "", 0);
	for (size_t k = 0; k < n; k++)
		add(&t, "%s ", found[k]);
	return keep(t.s);
}

/* The man page's text without roff's font changes and escaped dashes. */
static char *plain_roff(const char *roff)
{
	char *out = kstrdup(roff);
	size_t n = 0;
	for (const char *p = roff; *p; p++) {
		if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p += 2;
			continue;
		}
		if (p[0] == '\\' && p[1] == '-') {
			out[n++] = '-';
			p++;
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
	return out;
}

START_TEST(man_page_matches_help)
{
	size_t len;
	char *man = plain_roff(read_file(TVK_MANPAGE, &len));
	struct run *all = TVK("--help");
	/* every command of tvk --help has its section, and no other */
	size_t n_sections = 0;
	for (const char *p = man; (p = strstr(p, "\n.SS \"tvk ")); p++)
		n_sections++;
	size_t n_commands = 0;
	const char *list = strstr(all->out, "commands:\n");
	ck_assert_ptr_nonnull(list);
	size_t n;
	char **lines = split_lines(list + 10, &n);
	for (size_t i = 0; i < n && strncmp(lines[i], "  ", 2) == 0; i++) {
		char name[32];
		if (sscanf(lines[i], " %31s", name) != 1)
			continue;
		n_commands++;
		const char *head = kprintf("\n.SS \"tvk %s\"\n", name);
		const char *section = strstr(man, head);
		ck_assert_msg(section, "the man page has no section for tvk %s",
			name);
		section += strlen(head);
		const char *end = strstr(section, "\n.S");
		char *text = kprintf("%.*s", end ? (int)(end - section) :
			(int)strlen(section), section);
		/* the options of the synopsis line of this command too */
		const char *syn = strstr(man, kprintf("\n.B tvk %s\n", name));
		ck_assert_msg(syn, "no synopsis for tvk %s", name);
		const char *syn_end = strstr(syn + 1, "\n.br");
		char *synopsis = kprintf("%.*s", (int)(syn_end - syn), syn);
		struct run *r = TVK(name, "--help");
		const char *help = options_in(r->out);
		EXPECT(r, strcmp(help, options_in(text)) == 0, "tvk %s: --help "
			"has the options '%s', the man page '%s'", name, help,
			options_in(text));
		/* the synopsis names no option --help does not */
		const char *want = options_in(synopsis);
		for (const char *o = want; *o;) {
			size_t w = strcspn(o, " ");
			char *one = kprintf(" %.*s ", (int)w, o);
			EXPECT(r, strstr(kprintf(" %s", help), one), "tvk %s: the "
				"synopsis has %s, --help does not", name, one);
			o += w + (o[w] == ' ');
		}
	}
	ck_assert_uint_ge(n_commands, 5);
	ck_assert_uint_eq(n_sections, n_commands);
	/* and the page is roff that man renders */
	EXPECT(all, strstr(man, ".TH TVK 1"), "no .TH");
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *cli_suite(void)
{
	Suite *s = folder_suite("cli");
	TCase *tc = folder_tcase("cli");
	/* Whole-archive runs, three of them under a sanitizer or valgrind,
	 * take more than Check's default of 4 seconds. */
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, version);
	tcase_add_test(tc, help_on_stdout);
	tcase_add_test(tc, help_command_is_command_help);
	tcase_add_test(tc, usage_errors_exit_64);
	tcase_add_test(tc, convert_archive);
	tcase_add_test(tc, convert_is_byte_identical_on_rerun);
	tcase_add_test(tc, convert_jobs_do_not_change_output);
	tcase_add_test(tc, convert_quiet_prints_nothing);
	tcase_add_test(tc, convert_missing_file);
	tcase_add_test(tc, convert_empty_file);
	tcase_add_test(tc, convert_text_file);
	tcase_add_test(tc, convert_png);
	tcase_add_test(tc, convert_truncated_pdf);
	tcase_add_test(tc, convert_pdf_without_table);
	tcase_add_test(tc, convert_folder_with_bad_file);
	tcase_add_test(tc, convert_path_with_spaces_and_utf8);
	tcase_add_test(tc, convert_invalid_table);
	tcase_add_test(tc, convert_highest_status_wins);
	tcase_add_test(tc, convert_output_not_writable);
	tcase_add_test(tc, write_error_on_stdout);
	tcase_add_test(tc, validate_reports_per_table);
	tcase_add_test(tc, validate_json);
	tcase_add_test(tc, validate_invalid_table_exits_1);
	tcase_add_test(tc, text_rebuilds_rows);
	tcase_add_test(tc, text_boxes);
	tcase_add_test(tc, text_kinds);
	tcase_add_test(tc, text_unreadable_input);
	tcase_add_test(tc, progress_bar_fits_the_terminal);
	tcase_add_test(tc, no_progress_without_a_terminal);
	tcase_add_test(tc, options_without_their_value);
	tcase_add_test(tc, nothing_to_convert_writes_nothing);
	tcase_add_test(tc, words_count_right);
	tcase_add_test(tc, dataset_formats_by_name);
	tcase_add_test(tc, dataset_keeps_a_file_it_did_not_write);
	tcase_add_test(tc, review_output_into_a_missing_folder);
	tcase_add_test(tc, schema_kinds);
	tcase_add_test(tc, man_page_matches_help);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(cli_suite)
