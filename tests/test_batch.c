/*
 * Batch conversion end to end through the library: the index, re-runs
 * that open no PDF, a batch with bad files among good ones, conflicting
 * sources, the dataset with its declared types, and the JSON Schema that
 * every document of the sample archive must satisfy.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <ftw.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "jsonschema.h"
#include "tvk_check.h"

static char tmp[256];

static int remove_entry(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/tvk-batch-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void teardown(void)
{
	nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *path_in(const char *name)
{
	size_t len = strlen(tmp) + strlen(name) + 2;
	char *p = malloc(len);
	snprintf(p, len, "%s/%s", tmp, name);
	return p;
}

/* @fmt under the test's folder, in one of a few static buffers (for
 * paths used once, in place). */
__attribute__((format(printf, 1, 2)))
static const char *tpath(const char *fmt, ...)
{
	static char bufs[16][2048];
	static int next;
	char *b = bufs[next++ % 16];
	int n = snprintf(b, sizeof(bufs[0]), "%s/", tmp);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b + n, sizeof(bufs[0]) - (size_t)n, fmt, ap);
	va_end(ap);
	return b;
}

/* printf into one of a few static buffers. */
__attribute__((format(printf, 1, 2)))
static const char *kpath(const char *fmt, ...)
{
	static char bufs[8][2048];
	static int next;
	char *b = bufs[next++ % 8];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int convert(const char *const *inputs, size_t n, const char *out,
		bool force, struct tvk_batch_report *rep)
{
	struct tvk_batch_options opt = {.out_dir = out,
		.force = force};
	struct tvk_error err;
	tvk_error_clear(&err);
	return tvk_batch_run(inputs, n, &opt, rep, &err);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = tvk_test_slurp(from, &len);
	ck_assert_ptr_nonnull(data);
	FILE *f = fopen(to, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	free(data);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(index_records_the_run)
{
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	char *index = path_in("out/index.json");
	json_t *j = json_load_file(index, 0, NULL);
	ck_assert_ptr_nonnull(j);
	json_t *ins = json_object_get(j, "inputs");
	ck_assert_uint_eq(json_array_size(ins), 5);
	size_t i;
	json_t *in;
	size_t written = 0;
	json_array_foreach(ins, i, in) {
		ck_assert_uint_eq(strlen(json_string_value(json_object_get(in,
			"sha256"))), 64);
		ck_assert_str_eq(json_string_value(json_object_get(in, "status")),
			"converted");
		ck_assert_str_eq(json_string_value(json_object_get(in,
			"text_layer")), "pdf");
		ck_assert(json_integer_value(json_object_get(in, "pages")) >= 2);
		written += (size_t)json_integer_value(json_object_get(in,
			"tables_written"));
		json_t *tables = json_object_get(in, "tables");
		size_t k;
		json_t *t;
		json_array_foreach(tables, k, t) {
			json_t *output = json_object_get(t, "output");
			if (json_is_string(output)) {
				/* relative to the output folder, and there */
				size_t len = strlen(out) +
					strlen(json_string_value(output)) + 2;
				char *p = malloc(len);
				ck_assert_ptr_nonnull(p);
				snprintf(p, len, "%s/%s", out,
					json_string_value(output));
				ck_assert_int_eq(access(p, R_OK), 0);
				free(p);
			}
		}
	}
	ck_assert_uint_eq(written, 38);
	json_t *sum = json_object_get(j, "summary");
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "files_written")),
		38);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "repaired")), 1);
	json_decref(j);
	free(index);
	free(out);
}
END_TEST

START_TEST(rerun_opens_no_pdf)
{
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	ck_assert_uint_eq(rep.n_parsed, 5);
	ck_assert_uint_eq(rep.n_cached, 0);
	tvk_batch_report_finish(&rep);
	char *rijnmond = path_in("out/2025-Q2/22-rijnmond.json");
	size_t len;
	char *before = tvk_test_slurp(rijnmond, &len);
	struct stat st1, st2;
	ck_assert_int_eq(stat(rijnmond, &st1), 0);

	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	ck_assert_uint_eq(rep.n_parsed, 0); /* not one PDF opened */
	ck_assert_uint_eq(rep.n_cached, 5);
	ck_assert_uint_eq(rep.n_written, 38);
	ck_assert_uint_eq(rep.n_repaired, 1);
	ck_assert_int_eq(rep.exit_status, TVK_EXIT_OK);
	tvk_batch_report_finish(&rep);
	char *after = tvk_test_slurp(rijnmond, &len);
	ck_assert_str_eq(before, after);
	/* and not even rewritten */
	ck_assert_int_eq(stat(rijnmond, &st2), 0);
	ck_assert(st1.st_mtim.tv_sec == st2.st_mtim.tv_sec &&
		st1.st_mtim.tv_nsec == st2.st_mtim.tv_nsec);

	/* --force converts everything again, to the same bytes */
	ck_assert_int_eq(convert(inputs, 1, out, true, &rep), 0);
	ck_assert_uint_eq(rep.n_parsed, 5);
	ck_assert_uint_eq(rep.n_cached, 0);
	tvk_batch_report_finish(&rep);
	char *forced = tvk_test_slurp(rijnmond, &len);
	ck_assert_str_eq(before, forced);
	free(before);
	free(after);
	free(forced);
	free(rijnmond);
	free(out);
}
END_TEST

START_TEST(changed_input_is_converted_again)
{
	char *in = path_in("in.pdf"), *out = path_in("out");
	copy_file(TVK_FIXTURES "/uwv-2025-q2-rijnmond.pdf", in);
	const char *inputs[] = {in};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	copy_file(TVK_FIXTURES "/uwv-2020-q2-friesland.pdf", in);
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	ck_assert_uint_eq(rep.n_parsed, 1);
	ck_assert_uint_eq(rep.n_tables, 1);
	ck_assert_int_eq(rep.tables[0].region, 2);
	tvk_batch_report_finish(&rep);
	free(in);
	free(out);
}
END_TEST

START_TEST(bad_files_among_good_ones)
{
	/* 100 good inputs (copies of the regional fixtures under other
	 * names) and 3 bad ones: the good are converted, the bad named,
	 * exit 2. */
	char *dir = path_in("archive");
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	static const char *const good[] = {"uwv-2025-q2-rijnmond.pdf",
		"uwv-2020-q2-friesland.pdf", "uwv-2022-q4-zaanstreek-waterland.pdf",
		"uwv-2025-q2-zaanstreek-waterland.pdf"};
	for (int i = 0; i < 100; i++) {
		char from[512], to[512];
		snprintf(from, sizeof(from), "%s/%s", TVK_FIXTURES, good[i % 4]);
		snprintf(to, sizeof(to), "%s/%03d-%s", dir, i, good[i % 4]);
		copy_file(from, to);
	}
	char bad[512];
	snprintf(bad, sizeof(bad), "%s/050-notes.pdf", dir);
	write_text(bad, "not a pdf at all\n");
	snprintf(bad, sizeof(bad), "%s/051-empty.pdf", dir);
	write_text(bad, "");
	snprintf(bad, sizeof(bad), "%s/052-cut.pdf", dir);
	write_text(bad, "%PDF-1.5\n1 0 obj << /Type /Catalog");
	char *out = path_in("out");
	const char *inputs[] = {dir};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	ck_assert_uint_eq(rep.n_inputs, 103);
	ck_assert_uint_eq(rep.n_failed, 3);
	ck_assert_int_eq(rep.exit_status, TVK_EXIT_INPUT);
	size_t named = 0;
	for (size_t i = 0; i < rep.n_inputs; i++) {
		const struct tvk_input_report *in = &rep.inputs[i];
		if (strstr(in->path, "notes") || strstr(in->path, "empty") ||
				strstr(in->path, "cut")) {
			ck_assert_int_ne(in->error, TVK_OK);
			ck_assert_ptr_nonnull(in->message);
			named++;
		} else {
			ck_assert_int_eq(in->error, TVK_OK);
			ck_assert_uint_eq(in->n_tables, 1);
		}
	}
	ck_assert_uint_eq(named, 3);
	/* 100 good copies of 4 tables: 4 files, each listing its copies */
	ck_assert_uint_eq(rep.n_written, 4);
	ck_assert_uint_eq(rep.n_merged, 96);
	tvk_batch_report_finish(&rep);
	free(dir);
	free(out);
}
END_TEST

/* Replaces the first @what in @s (a malloc'd string) by @with. */
static char *replace(char *s, const char *what, const char *with)
{
	char *p = strstr(s, what);
	ck_assert_ptr_nonnull(p);
	size_t n = strlen(s) - strlen(what) + strlen(with) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(p - s), s, with, p + strlen(what));
	free(s);
	return out;
}



/* ---- the dataset ------------------------------------------------------ */

/* The sample archive converted once for the dataset tests that only read
 * it (a conversion takes a minute under valgrind). */
static char sample_dir[256], sample[300];
static const char *sample_inputs[] = {TVK_FIXTURES};

static void convert_sample(void)
{
	snprintf(sample_dir, sizeof(sample_dir), "/tmp/tvk-batch-sample-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(sample_dir));
	snprintf(sample, sizeof(sample), "%s/out", sample_dir);
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(sample_inputs, 1, sample, false, &rep), 0);
	tvk_batch_report_finish(&rep);
}

static void remove_sample(void)
{
	nftw(sample_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* An RFC 4180 reader (fields separated by @sep): fields of one record;
 * false at the end. */
#define MAX_FIELDS 48
#define MAX_FIELD 1024
static bool csv_record(const char **p, char fields[][MAX_FIELD], size_t *n,
		char sep)
{
	*n = 0;
	if (!**p)
		return false;
	for (;;) {
		ck_assert_uint_lt(*n, MAX_FIELDS);
		char *f = fields[(*n)++];
		size_t k = 0;
		if (**p == '"') {
			(*p)++;
			for (;;) {
				ck_assert_uint_lt(k, MAX_FIELD - 1);
				if (**p == '"' && (*p)[1] == '"') {
					f[k++] = '"';
					*p += 2;
				} else if (**p == '"') {
					(*p)++;
					break;
				} else {
					ck_assert_msg(**p, "unterminated quote");
					f[k++] = *(*p)++;
				}
			}
		} else {
			while (**p && **p != sep && **p != '\r' && **p != '\n') {
				ck_assert_uint_lt(k, MAX_FIELD - 1);
				f[k++] = *(*p)++;
			}
		}
		f[k] = '\0';
		if (**p == sep) {
			(*p)++;
			continue;
		}
		ck_assert_msg(**p == '\r' && (*p)[1] == '\n',
			"record does not end with CRLF");
		*p += 2;
		return true;
	}
}

/* A CSV file read whole: its header and records. */
struct table {
	size_t n_cols, n_rows;
	char (*head)[MAX_FIELD];
	char (*rows)[MAX_FIELDS][MAX_FIELD];
};

static struct table read_csv(const char *path, char sep)
{
	size_t len;
	char *text = tvk_test_slurp(path, &len);
	ck_assert_msg(text != NULL, "%s: cannot read", path);
	const char *p = text;
	if (sep == ';') {
		ck_assert_msg(strncmp(p, "\xEF\xBB\xBF", 3) == 0, "no BOM");
		p += 3;
	}
	struct table t = {0};
	t.head = calloc(MAX_FIELDS, MAX_FIELD);
	ck_assert(csv_record(&p, t.head, &t.n_cols, sep));
	size_t cap = 0;
	char fields[MAX_FIELDS][MAX_FIELD];
	size_t n;
	while (csv_record(&p, fields, &n, sep)) {
		ck_assert_uint_eq(n, t.n_cols);
		if (t.n_rows == cap) {
			cap = cap ? 2 * cap : 512;
			t.rows = realloc(t.rows, cap * sizeof(*t.rows));
			ck_assert_ptr_nonnull(t.rows);
		}
		memcpy(t.rows[t.n_rows++], fields, sizeof(fields));
	}
	free(text);
	return t;
}

static void free_table(struct table *t)
{
	free(t->head);
	free(t->rows);
}

static int col(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->n_cols; i++)
		if (strcmp(t->head[i], name) == 0)
			return (int)i;
	ck_abort_msg("no column %s", name);
	return -1;
}

#define CELL(t, r, name) ((t)->rows[r][col(t, name)])

/* Whether @value is a valid @field of a Frictionless table schema: its
 * type and every constraint tvk declares. */
static bool conforms(const char *value, json_t *field)
{
	const char *type = json_string_value(json_object_get(field, "type"));
	json_t *c = json_object_get(field, "constraints");
	const char *known[] = {"required", "minimum", "maximum", "pattern",
		"enum"};
	const char *k;
	json_t *v;
	json_object_foreach(c, k, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
			ok = ok || strcmp(k, known[i]) == 0;
		ck_assert_msg(ok, "constraint %s not checked here", k);
	}
	if (!*value)
		return !json_is_true(json_object_get(c, "required"));
	if (strcmp(type, "integer") == 0) {
		char *end;
		long long x = strtoll(value, &end, 10);
		json_t *min = json_object_get(c, "minimum");
		json_t *max = json_object_get(c, "maximum");
		return *end == '\0' && (!min || x >= json_integer_value(min)) &&
			(!max || x <= json_integer_value(max));
	}
	if (strcmp(type, "boolean") == 0)
		return strcmp(value, "true") == 0 || strcmp(value, "false") == 0;
	if (strcmp(type, "date") == 0) {
		int y, m, d;
		char tail;
		return sscanf(value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
			m >= 1 && m <= 12 && d >= 1 && d <= 31;
	}
	ck_assert_str_eq(type, "string");
	json_t *pattern = json_object_get(c, "pattern");
	if (pattern) {
		regex_t re;
		ck_assert_int_eq(regcomp(&re, json_string_value(pattern),
			REG_EXTENDED | REG_NOSUB), 0);
		int rc = regexec(&re, value, 0, NULL, 0);
		regfree(&re);
		if (rc != 0)
			return false;
	}
	json_t *e = json_object_get(c, "enum");
	if (e) {
		size_t i;
		json_t *x;
		json_array_foreach(e, i, x)
			if (strcmp(json_string_value(x), value) == 0)
				return true;
		return false;
	}
	return true;
}

/* Asserts that the CSV @t holds exactly what its package @pkg declares:
 * the header, every cell's type and constraints, a unique primary key. */
static void expect_package_holds(json_t *pkg, const struct table *t)
{
	json_t *res = json_array_get(json_object_get(pkg, "resources"), 0);
	json_t *schema = json_object_get(res, "schema");
	json_t *fields = json_object_get(schema, "fields");
	ck_assert_uint_eq(json_array_size(fields), t->n_cols);
	for (size_t i = 0; i < t->n_cols; i++)
		ck_assert_str_eq(t->head[i], json_string_value(json_object_get(
			json_array_get(fields, i), "name")));
	json_t *key = json_object_get(schema, "primaryKey");
	char **keys = calloc(t->n_rows + 1, sizeof(*keys));
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t i = 0; i < t->n_cols; i++)
			ck_assert_msg(conforms(t->rows[r][i],
				json_array_get(fields, i)), "row %zu: '%s' is no "
				"%s", r + 1, t->rows[r][i], t->head[i]);
		char k[4096] = "";
		size_t j;
		json_t *name;
		json_array_foreach(key, j, name) {
			strcat(k, CELL(t, r, json_string_value(name)));
			strcat(k, "|");
		}
		keys[r] = strdup(k);
	}
	qsort(keys, t->n_rows, sizeof(*keys), by_string);
	for (size_t r = 1; r < t->n_rows; r++)
		ck_assert_msg(strcmp(keys[r - 1], keys[r]) != 0, "primary key "
			"%s twice", keys[r]);
	for (size_t r = 0; r < t->n_rows; r++)
		free(keys[r]);
	free(keys);
}

static long long cell_int(const char *s)
{
	return *s ? strtoll(s, NULL, 10) : -1;
}

static long long json_int_or(json_t *v)
{
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

/* The document @name of the converted folder @out (owned by the caller). */
static json_t *document(const char *out, const char *name)
{
	char path[2048];
	snprintf(path, sizeof(path), "%s/%s", out, name);
	json_t *j = json_load_file(path, 0, NULL);
	ck_assert_msg(j != NULL, "%s: no document", path);
	return j;
}

/* The object of the document that row @r of the wide or long table comes
 * from: a municipality, the region total or the national row. */
static json_t *row_object(json_t *doc, const struct table *t, size_t r)
{
	const char *kind = CELL(t, r, "row_kind");
	long long pos = cell_int(CELL(t, r, "row"));
	json_t *munis = json_object_get(doc, "municipalities");
	if (strcmp(kind, "municipality") == 0) {
		ck_assert(pos >= 1 && (size_t)pos <= json_array_size(munis));
		return json_array_get(munis, (size_t)pos - 1);
	}
	if (strcmp(kind, "region_total") == 0) {
		ck_assert_int_eq(pos, (long long)json_array_size(munis) + 1);
		return json_object_get(doc, "region_total");
	}
	ck_assert_str_eq(kind, "national");
	return json_object_get(doc, "total");
}

static const char *const counts[] = {"municipal_with_profile",
	"municipal_without_profile", "uwv_with_profile", "uwv_without_profile",
	"total"};

/* The rows every document should give: municipalities, the region total
 * and the national rows. */
static size_t expected_rows(const char *out, const struct tvk_batch_report *rep)
{
	size_t n = 0;
	for (size_t i = 0; i < rep->n_tables; i++) {
		const struct tvk_table_report *t = &rep->tables[i];
		if (!t->path)
			continue;
		json_t *doc = json_load_file(t->path, 0, NULL);
		ck_assert_ptr_nonnull(doc);
		/* the table has the municipalities' rows only: the totals
		 * are in the long table and the tidy package */
		n += t->kind == TVK_TABLE_NATIONAL ? 0 : json_array_size(
			json_object_get(doc, "municipalities"));
		json_decref(doc);
	}
	(void)out;
	return n;
}

static void write_dataset(const char *dir, const char *out,
		enum tvk_dataset_format format, enum tvk_dataset_shape shape,
		bool excel, struct tvk_dataset_report *drep)
{
	struct tvk_dataset_options opt = {.format = format, .shape = shape, .excel = excel};
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert_msg(tvk_dataset_write(dir, out, &opt, drep, &err) == 0,
		"dataset: %s: %s", err.file, err.message);
}

START_TEST(dataset_is_what_its_package_declares)
{
	char *out = strdup(sample);
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(sample_inputs, 1, out, false, &rep), 0);
	size_t want = expected_rows(out, &rep);
	tvk_batch_report_finish(&rep);

	char *csv = path_in("table/data.csv");
	struct tvk_dataset_report drep;
	write_dataset(out, csv, TVK_DATASET_CSV, TVK_DATASET_WIDE, false, &drep);
	ck_assert_uint_eq(drep.documents, 38);
	ck_assert_uint_eq(drep.rows, want);
	ck_assert_uint_eq(drep.n_notes, 0);
	ck_assert_str_eq(drep.package, tpath("table/data.datapackage.json"));
	tvk_dataset_report_finish(&drep);

	json_t *pkg = json_load_file(tpath("table/data.datapackage.json"), 0,
		NULL);
	ck_assert_ptr_nonnull(pkg);
	json_t *res = json_array_get(json_object_get(pkg, "resources"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(res, "path")),
		"data.csv");
	struct table t = read_csv(csv, ',');
	ck_assert_uint_eq(t.n_rows, want);
	expect_package_holds(pkg, &t);

	/* Every row is its document's, value for value; every kind is there. */
	size_t kinds[3] = {0}, registers = 0;
	bool voorne = false;
	for (size_t r = 0; r < t.n_rows; r++) {
		json_t *doc = document(out, CELL(&t, r, "document"));
		json_t *o = row_object(doc, &t, r);
		for (size_t f = 0; f < 5; f++)
			ck_assert_int_eq(cell_int(CELL(&t, r, counts[f])),
				json_int_or(json_object_get(o, counts[f])));
		const char *kind = CELL(&t, r, "row_kind");
		kinds[kind[0] == 'm' ? 0 : kind[0] == 'r' ? 1 : 2]++;
		json_t *reg = json_object_get(doc, "target_group_register");
		if (strcmp(kind, "region_total") == 0 && json_is_object(reg)) {
			ck_assert_int_eq(cell_int(CELL(&t, r, "register_persons")),
				json_int_or(json_object_get(reg, "persons")));
			ck_assert_int_eq(cell_int(CELL(&t, r,
				"register_known_in_sonar_pct")), json_int_or(
				json_object_get(reg, "known_in_sonar_pct")));
			registers++;
		} else {
			ck_assert_str_eq(CELL(&t, r, "register_persons"), "");
		}
		if (strcmp(kind, "national") == 0) {
			ck_assert_str_eq(CELL(&t, r, "region_code"), "");
		} else {
			ck_assert_int_eq(cell_int(CELL(&t, r, "region_code")),
				json_int_or(json_object_get(json_object_get(doc,
				"region"), "code")));
			ck_assert_int_eq(strlen(CELL(&t, r, "region_cbs_code")), 4);
		}
		char period[16];
		snprintf(period, sizeof(period), "%sKW0%s", CELL(&t, r, "year"),
			CELL(&t, r, "quarter"));
		ck_assert_str_eq(CELL(&t, r, "cbs_period"), period);
		ck_assert_str_eq(CELL(&t, r, "status"), json_string_value(
			json_object_get(json_object_get(doc, "validation"),
			"status")));
		ck_assert_str_eq(CELL(&t, r, "conflict"), "false");
		if (strcmp(CELL(&t, r, "municipality_code"), "GM1992") == 0) {
			ck_assert_str_eq(CELL(&t, r, "municipal_with_profile"), "6");
			ck_assert_str_eq(CELL(&t, r, "status"), "repaired");
			ck_assert_str_eq(CELL(&t, r, "source_page"), "45");
			voorne = true;
		}
		json_decref(doc);
	}
	/* one kind of row: no region total, no national row, so no
	 * register (it is the region total's) */
	ck_assert_uint_eq(kinds[1], 0);
	ck_assert_uint_eq(kinds[2], 0);
	ck_assert_uint_eq(kinds[0], want);
	ck_assert_uint_eq(registers, 0);
	ck_assert(voorne);
	/* CBS codes for the regions: Rijnmond is AM22, Zaanstreek AM17. */
	for (size_t r = 0; r < t.n_rows; r++) {
		if (strcmp(CELL(&t, r, "region_code"), "22") == 0)
			ck_assert_str_eq(CELL(&t, r, "region_cbs_code"), "AM22");
		if (strcmp(CELL(&t, r, "region_code"), "7") == 0)
			ck_assert_str_eq(CELL(&t, r, "region_cbs_code"), "AM17");
	}
	free_table(&t);

	/* NDJSON: the same rows, typed. */
	char *nd = path_in("table/data.ndjson");
	write_dataset(out, nd, TVK_DATASET_NDJSON, TVK_DATASET_WIDE, false,
		&drep);
	ck_assert_ptr_null(drep.package);
	tvk_dataset_report_finish(&drep);
	size_t len;
	char *text = tvk_test_slurp(nd, &len);
	size_t lines = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line;
			line = strtok_r(NULL, "\n", &save)) {
		json_t *o = json_loads(line, 0, NULL);
		ck_assert_ptr_nonnull(o);
		ck_assert(json_is_integer(json_object_get(o, "total")));
		ck_assert(json_is_string(json_object_get(o, "status")));
		ck_assert(json_is_boolean(json_object_get(o, "conflict")));
		json_decref(o);
		lines++;
	}
	ck_assert_uint_eq(lines, want);
	free(text);
	json_decref(pkg);
	free(csv);
	free(nd);
	free(out);
}
END_TEST

START_TEST(dataset_long_has_every_value_and_its_repair)
{
	char *out = strdup(sample);
	char *csv = path_in("long.csv");
	struct tvk_dataset_report drep;
	write_dataset(out, csv, TVK_DATASET_CSV, TVK_DATASET_LONG, false, &drep);
	tvk_dataset_report_finish(&drep);
	json_t *pkg = json_load_file(tpath("long.datapackage.json"), 0, NULL);
	ck_assert_ptr_nonnull(pkg);
	struct table t = read_csv(csv, ',');
	expect_package_holds(pkg, &t);

	/* Every count repair of every document is on its value's row, with
	 * what was printed; every value is the document's. */
	size_t repairs_seen = 0, repairs_in_docs = 0, values = 0;
	bool voorne = false, comma = false;
	for (size_t r = 0; r < t.n_rows; r++) {
		json_t *doc = document(out, CELL(&t, r, "document"));
		json_t *o = row_object(doc, &t, r);
		const char *field = CELL(&t, r, "field");
		if (strncmp(field, "register_", 9) == 0) {
			json_t *reg = json_object_get(doc, "target_group_register");
			ck_assert_str_eq(CELL(&t, r, "row_kind"), "region_total");
			ck_assert_int_eq(cell_int(CELL(&t, r, "value")), json_int_or(
				json_object_get(reg, strcmp(field,
				"register_persons") == 0 ? "persons" :
				"known_in_sonar_pct")));
		} else {
			ck_assert_int_eq(cell_int(CELL(&t, r, "value")),
				json_int_or(json_object_get(o, field)));
			values++;
		}
		if (*CELL(&t, r, "repair_kind"))
			repairs_seen++;
		if (strcmp(CELL(&t, r, "municipality_code"), "GM1992") == 0 &&
				strcmp(field, "municipal_with_profile") == 0) {
			ck_assert_str_eq(CELL(&t, r, "value"), "6");
			ck_assert_str_eq(CELL(&t, r, "repair_kind"), "missing-cell");
			ck_assert_str_eq(CELL(&t, r, "printed"), "");
			ck_assert_str_eq(CELL(&t, r, "page"), "45");
			voorne = true;
		}
		if (strcmp(CELL(&t, r, "repair_kind"), "number-format") == 0) {
			/* what is printed reads as the value */
			char digits[64];
			size_t k = 0;
			for (const char *p = CELL(&t, r, "printed"); *p; p++)
				if (*p >= '0' && *p <= '9')
					digits[k++] = *p;
			digits[k] = '\0';
			ck_assert_str_eq(digits, CELL(&t, r, "value"));
			comma = comma || strchr(CELL(&t, r, "printed"), ',');
		}
		json_decref(doc);
	}
	/* five values for every row of the wide table (its municipalities)
	 * and for the total of every document (a region's or the
	 * national) */
	char *wide = path_in("wide.csv");
	write_dataset(out, wide, TVK_DATASET_CSV, TVK_DATASET_WIDE, false,
		&drep);
	ck_assert_uint_eq(values, 5 * (drep.rows + drep.documents));
	tvk_dataset_report_finish(&drep);
	/* the documents' count repairs, each found once */
	struct table w = read_csv(wide, ',');
	for (size_t r = 0; r < w.n_rows; r++) {
		if (strcmp(CELL(&w, r, "row") , "1") != 0)
			continue;
		json_t *doc = document(out, CELL(&w, r, "document"));
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(doc, "repairs"), i, x) {
			const char *f = json_string_value(json_object_get(x,
				"field"));
			for (size_t c = 0; c < 5; c++)
				repairs_in_docs += f && strcmp(f, counts[c]) == 0;
		}
		json_decref(doc);
	}
	ck_assert_uint_ge(repairs_in_docs, 2);
	ck_assert_uint_eq(repairs_seen, repairs_in_docs);
	ck_assert(voorne);
	ck_assert(comma);
	free_table(&w);
	free_table(&t);
	json_decref(pkg);
	free(wide);
	free(csv);
	free(out);
}
END_TEST

/* Draws Rijnmond 2025-Q2 once more into @pdf, with one more person in
 * Albrandswaard: every sum holds, and the values differ from the
 * compendium's. */
static void draw_other_rijnmond(const char *pdf)
{
#ifndef TVK_MKFIXTURE
	(void)pdf;
	ck_abort_msg("mkfixture was not built (cairo missing): install "
		"libcairo2-dev");
#else
	size_t len;
	char *spec = tvk_test_slurp(TVK_FIXTURES
		"/src/uwv-2025-q2-rijnmond.spec", &len);
	ck_assert_ptr_nonnull(spec);
	spec = replace(spec, "| 26 | 205", "| 27 | 206");
	spec = replace(spec, "| 2.052 | 15.337", "| 2.053 | 15.338");
	char *spec_path = path_in("other.spec");
	write_text(spec_path, spec);
	free(spec);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "ASAN_OPTIONS=detect_leaks=0 '%s' '%s' '%s'",
		TVK_MKFIXTURE, spec_path, pdf);
	ck_assert_int_eq(system(cmd), 0);
	free(spec_path);
#endif
}

START_TEST(conflicting_sources_are_kept_side_by_side)
{
	char *pdf = path_in("other.pdf");
	draw_other_rijnmond(pdf);
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES "/uwv-2025-q2-compendium.pdf", pdf};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 2, out, false, &rep), 0);
	ck_assert_uint_eq(rep.n_conflicts, 2);
	ck_assert_int_eq(rep.exit_status, TVK_EXIT_INVALID);
	tvk_batch_report_finish(&rep);
	char *first = path_in("out/2025-Q2/22-rijnmond.json");
	char *second = path_in("out/2025-Q2/22-rijnmond.2.json");
	json_t *a = json_load_file(first, 0, NULL);
	json_t *b = json_load_file(second, 0, NULL);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	/* the compendium's version first, the other beside it, both
	 * invalid with a conflict problem naming the other */
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
		json_object_get(a, "municipalities"), 0), "total")), 205);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
		json_object_get(b, "municipalities"), 0), "total")), 206);
	json_t *docs[2] = {a, b};
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(docs[i], "validation");
		ck_assert_str_eq(json_string_value(json_object_get(v, "status")),
			"invalid");
		json_t *problems = json_object_get(v, "problems");
		json_t *last = json_array_get(problems,
			json_array_size(problems) - 1);
		ck_assert_str_eq(json_string_value(json_object_get(last, "check")),
			"conflict");
	}
	json_decref(a);
	json_decref(b);
	free(first);
	free(second);
	free(out);
	free(pdf);
}
END_TEST

/* Draws the spec @name of tests/data/cli into @pdf. */
static void draw_spec(const char *name, const char *pdf)
{
#ifndef TVK_MKFIXTURE
	(void)name;
	(void)pdf;
	ck_abort_msg("mkfixture was not built (cairo missing): install "
		"libcairo2-dev");
#else
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "ASAN_OPTIONS=detect_leaks=0 '%s' "
		"'%s/data/cli/%s' '%s'", TVK_MKFIXTURE, TVK_TEST_SRCDIR, name,
		pdf);
	ck_assert_int_eq(system(cmd), 0);
#endif
}

/* A damaged copy of the Rijnmond sheet, read first, beside the sheet:
 * the sheet, read right, keeps the canonical name and its status. */
START_TEST(a_damaged_copy_does_not_take_the_name)
{
	char *pdf = path_in("damaged.pdf");
	draw_spec("invalid-table.spec", pdf);
	char *out = path_in("out");
	const char *inputs[] = {pdf, TVK_FIXTURES "/uwv-2025-q2-rijnmond.pdf"};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 2, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	json_t *a = json_load_file(tpath("out/2025-Q2/22-rijnmond.json"), 0,
		NULL);
	json_t *b = json_load_file(tpath("out/2025-Q2/22-rijnmond.2.json"), 0,
		NULL);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(a,
		"validation"), "status")), "repaired");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(b,
		"validation"), "status")), "invalid");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
		json_object_get(a, "municipalities"), 0), "total")), 205);
	/* each names the other; the sheet's is a warning */
	json_t *pa = json_object_get(json_object_get(a, "validation"),
		"problems");
	json_t *last = json_array_get(pa, json_array_size(pa) - 1);
	ck_assert_str_eq(json_string_value(json_object_get(last, "check")),
		"conflict");
	ck_assert_str_eq(json_string_value(json_object_get(last, "severity")),
		"warning");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(last,
		"message")), "(kept as 2025-Q2/22-rijnmond.2.json)"));
	json_decref(a);
	json_decref(b);
	free(out);
	free(pdf);
}
END_TEST

START_TEST(dataset_keeps_every_version_of_a_conflict)
{
	char *pdf = path_in("other.pdf");
	draw_other_rijnmond(pdf);
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES "/uwv-2025-q2-compendium.pdf", pdf};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 2, out, false, &rep), 0);
	ck_assert_uint_eq(rep.n_conflicts, 2);
	tvk_batch_report_finish(&rep);
	char *csv = path_in("data.csv");
	struct tvk_dataset_report drep;
	write_dataset(out, csv, TVK_DATASET_CSV, TVK_DATASET_WIDE, false, &drep);
	ck_assert_uint_eq(drep.conflicts, 2);
	tvk_dataset_report_finish(&drep);
	struct table t = read_csv(csv, ',');
	json_t *pkg = json_load_file(tpath("data.datapackage.json"), 0, NULL);
	expect_package_holds(pkg, &t);
	json_decref(pkg);
	size_t albrandswaard = 0;
	long long totals[2] = {0};
	for (size_t r = 0; r < t.n_rows; r++) {
		bool rijnmond = strcmp(CELL(&t, r, "region_code"), "22") == 0;
		ck_assert_str_eq(CELL(&t, r, "conflict"), rijnmond ? "true" :
			"false");
		if (rijnmond)
			ck_assert_str_eq(CELL(&t, r, "status"), "invalid");
		if (strcmp(CELL(&t, r, "municipality_name"), "Albrandswaard") == 0)
			totals[albrandswaard++] = cell_int(CELL(&t, r, "total"));
	}
	/* both versions, the first document's first */
	ck_assert_uint_eq(albrandswaard, 2);
	ck_assert_int_eq(totals[0], 205);
	ck_assert_int_eq(totals[1], 206);
	free_table(&t);
	free(csv);
	free(out);
	free(pdf);
}
END_TEST

START_TEST(dataset_source_file_is_relative_to_the_dataset)
{
	/* Converted from an absolute path, the dataset two folders down:
	 * each source_file, taken from the dataset's folder, is the PDF. */
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES "/uwv-2020-q2-friesland.pdf"};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	char *csv = path_in("a/b/data.csv");
	struct tvk_dataset_report drep;
	write_dataset(out, csv, TVK_DATASET_CSV, TVK_DATASET_WIDE, false, &drep);
	tvk_dataset_report_finish(&drep);
	struct table t = read_csv(csv, ',');
	struct stat want, got;
	ck_assert_int_eq(stat(TVK_FIXTURES "/uwv-2020-q2-friesland.pdf", &want),
		0);
	for (size_t r = 0; r < t.n_rows; r++) {
		const char *f = CELL(&t, r, "source_file");
		ck_assert_msg(f[0] != '/', "source_file %s is absolute", f);
		ck_assert(strncmp(f, "../../", 6) == 0);
		const char *p = tpath("a/b/%s", f);
		ck_assert_msg(stat(p, &got) == 0 && got.st_ino == want.st_ino &&
			got.st_dev == want.st_dev, "%s is not the PDF", p);
		ck_assert_str_eq(CELL(&t, r, "source_page"), "1");
	}
	free_table(&t);
	free(csv);
	free(out);
}
END_TEST

START_TEST(dataset_package_is_named_after_its_file)
{
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES "/uwv-2020-q2-friesland.pdf"};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	struct tvk_dataset_report drep;
	char *a = path_in("two/a.csv"), *b = path_in("two/b.csv");
	write_dataset(out, a, TVK_DATASET_CSV, TVK_DATASET_WIDE, false, &drep);
	tvk_dataset_report_finish(&drep);
	write_dataset(out, b, TVK_DATASET_CSV, TVK_DATASET_LONG, false, &drep);
	tvk_dataset_report_finish(&drep);
	const char *names[] = {"a", "b"};
	for (int i = 0; i < 2; i++) {
		json_t *pkg = json_load_file(tpath(
			"two/%s.datapackage.json", names[i]), 0, NULL);
		ck_assert_ptr_nonnull(pkg);
		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
			json_object_get(pkg, "resources"), 0), "path")),
			kpath("%s.csv", names[i]));
		json_decref(pkg);
	}
	/* a package someone else wrote is not overwritten, and nothing is
	 * written beside it */
	const char *theirs = "{\"resources\": [{\"path\": \"c.xls\"}]}\n";
	write_text(tpath("two/c.datapackage.json"), theirs);
	struct tvk_dataset_options opt = {.format = TVK_DATASET_CSV,
		.shape = TVK_DATASET_WIDE};
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert_int_eq(tvk_dataset_write(out, tpath("two/c.csv"), &opt,
		&drep, &err), -1);
	tvk_dataset_report_finish(&drep);
	ck_assert_msg(strstr(err.message, "c.xls"), "%s", err.message);
	ck_assert_int_ne(access(tpath("two/c.csv"), F_OK), 0);
	size_t len;
	char *kept = tvk_test_slurp(tpath("two/c.datapackage.json"), &len);
	ck_assert_str_eq(kept, theirs);
	free(kept);
	free(a);
	free(b);
	free(out);
}
END_TEST

START_TEST(dataset_says_what_it_leaves_out)
{
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES "/uwv-2020-q2-friesland.pdf"};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	write_text(tpath("out/2020-Q2/notes.json"), "{\"a\": 1}\n");
	write_text(tpath("out/2020-Q2/03-cut.json"), "{\"schema_version\": 1,");
	struct tvk_dataset_report drep;
	write_dataset(out, tpath("data.csv"), TVK_DATASET_CSV,
		TVK_DATASET_WIDE, false, &drep);
	ck_assert_uint_eq(drep.documents, 1);
	ck_assert_uint_eq(drep.n_notes, 2);
	ck_assert_uint_eq(drep.left_out, 2);
	/* sorted by name: the damaged one first, an error */
	ck_assert(strstr(drep.notes[0].file, "03-cut.json"));
	ck_assert(drep.notes[0].error);
	ck_assert(strstr(drep.notes[1].file, "notes.json"));
	ck_assert(!drep.notes[1].error);
	tvk_dataset_report_finish(&drep);
	json_t *pkg = json_load_file(tpath("data.datapackage.json"), 0, NULL);
	json_t *left = json_object_get(json_object_get(pkg, "tvk"), "left_out");
	ck_assert_uint_eq(json_array_size(left), 2);
	json_decref(pkg);
	free(out);
}
END_TEST

START_TEST(dataset_for_spreadsheets)
{
	char *out = strdup(sample);
	struct tvk_dataset_report drep;
	write_dataset(out, tpath("plain.csv"), TVK_DATASET_CSV,
		TVK_DATASET_WIDE, false, &drep);
	tvk_dataset_report_finish(&drep);
	write_dataset(out, tpath("excel.csv"), TVK_DATASET_CSV,
		TVK_DATASET_WIDE, true, &drep);
	tvk_dataset_report_finish(&drep);
	/* BOM, ';', and the same records */
	struct table a = read_csv(tpath("plain.csv"), ',');
	struct table b = read_csv(tpath("excel.csv"), ';');
	ck_assert_uint_eq(a.n_rows, b.n_rows);
	ck_assert_uint_eq(a.n_cols, b.n_cols);
	bool diacritic = false;
	for (size_t r = 0; r < a.n_rows; r++)
		for (size_t c = 0; c < a.n_cols; c++) {
			ck_assert_str_eq(a.rows[r][c], b.rows[r][c]);
			diacritic = diacritic || strstr(a.rows[r][c], "\xc3\xa2");
		}
	ck_assert(diacritic); /* Súdwest-Fryslân, in UTF-8 */
	json_t *pkg = json_load_file(tpath("excel.datapackage.json"), 0, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		json_array_get(json_object_get(pkg, "resources"), 0), "dialect"),
		"delimiter")), ";");
	json_decref(pkg);
	free_table(&a);
	free_table(&b);

	if (!tvk_dataset_xlsx_available()) {
		struct tvk_dataset_options opt = {.format = TVK_DATASET_XLSX,
			.shape = TVK_DATASET_WIDE};
		struct tvk_error err;
		tvk_error_clear(&err);
		ck_assert_int_eq(tvk_dataset_write(out, tpath("a.xlsx"), &opt,
			&drep, &err), -1);
		ck_assert(strstr(err.message, "libxlsxwriter"));
		ck_assert_int_ne(access(tpath("a.xlsx"), F_OK), 0);
		free(out);
		return;
	}
	/* The workbook: three sheets, a header row frozen, numbers as
	 * numbers, strings as strings, dates as dates; the same bytes
	 * twice. */
	write_dataset(out, tpath("a.xlsx"), TVK_DATASET_XLSX,
		TVK_DATASET_WIDE, false, &drep);
	tvk_dataset_report_finish(&drep);
	write_dataset(out, tpath("b.xlsx"), TVK_DATASET_XLSX,
		TVK_DATASET_WIDE, false, &drep);
	tvk_dataset_report_finish(&drep);
	size_t la = 0, lb = 0;
	char *xa = tvk_test_slurp(tpath("a.xlsx"), &la);
	char *xb = tvk_test_slurp(tpath("b.xlsx"), &lb);
	ck_assert(la == lb && memcmp(xa, xb, la) == 0);
	free(xa);
	free(xb);
	const char *cmd = kpath("python3 '%s/xlsx-check.py' '%s' > '%s'",
		TVK_TEST_SRCDIR, tpath("a.xlsx"), tpath("xlsx.txt"));
	ck_assert_int_eq(system(cmd), 0);
	size_t len;
	char *facts = tvk_test_slurp(tpath("xlsx.txt"), &len);
	ck_assert_ptr_nonnull(facts);
	ck_assert_msg(strstr(facts, "sheets klantprofielen values columns\n"),
		"%s", facts);
	ck_assert_msg(strstr(facts, "klantprofielen frozen 1\n"), "%s", facts);
	ck_assert_msg(strstr(facts, "values frozen 1\n"), "%s", facts);
	ck_assert_msg(strstr(facts, "klantprofielen header document\n"), "%s",
		facts);
	/* Achtkarspelen's total, the first row's, is the number 326 */
	ck_assert_msg(strstr(facts, "klantprofielen total number 326\n"), "%s",
		facts);
	ck_assert_msg(strstr(facts, "klantprofielen municipality_name string "
		"Achtkarspelen\n"), "%s", facts);
	ck_assert_msg(strstr(facts, "klantprofielen reference_date date "
		"2020-06-30\n"), "%s", facts);
	ck_assert_msg(strstr(facts, "klantprofielen rows 406\n"), "%s", facts);
	/* The data dictionary names the sheets the workbook has, and lists
	 * every column of each, no other. */
	ck_assert_msg(strstr(facts, "dictionary checked "), "%s", facts);
	ck_assert_msg(!strstr(facts, "dictionary:"), "%s", facts);
	free(facts);
	free(out);
}
END_TEST

/* ---- the schemas ------------------------------------------------------ */

static const char *schema_of(const char *path)
{
	const char *base = strrchr(path, '/') + 1;
	if (strcmp(base, "index.json") == 0)
		return tvk_schema_index();
	if (strcmp(base, "nederland.json") == 0)
		return tvk_schema_national();
	return tvk_schema_region();
}

static size_t n_checked;

static int check_json(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	(void)st; (void)ftw;
	size_t len = strlen(path);
	if (flag != FTW_F || len < 5 || strcmp(path + len - 5, ".json") != 0)
		return 0;
	json_error_t jerr;
	json_t *schema = json_loads(schema_of(path), 0, &jerr);
	ck_assert_msg(schema != NULL, "the schema does not parse: %s",
		jerr.text);
	json_t *doc = json_load_file(path, 0, &jerr);
	ck_assert_msg(doc != NULL, "%s: %s", path, jerr.text);
	char why[512];
	ck_assert_msg(js_validate(schema, schema, doc, "$", why, sizeof(why)),
		"%s: %s", path, why);
	/* The validator is not vacuous: a number as a string fails. */
	json_object_set_new(doc, "schema_version", json_string("1"));
	ck_assert(!js_validate(schema, schema, doc, "$", why, sizeof(why)));
	json_decref(doc);
	json_decref(schema);
	n_checked++;
	return 0;
}

START_TEST(every_json_file_satisfies_its_schema)
{
	/* the sample archive, and a conflict beside it */
	char *pdf = path_in("other.pdf");
	draw_other_rijnmond(pdf);
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES, pdf};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 2, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	n_checked = 0;
	nftw(out, check_json, 16, FTW_PHYS);
	/* 37 regions (one a second version), nederland.json, index.json */
	ck_assert_uint_eq(n_checked, 40);

	/* A region document is no national one, nor the other way round. */
	json_t *region = json_loads(tvk_schema_region(), 0, NULL);
	json_t *national = json_loads(tvk_schema_national(), 0, NULL);
	json_t *nl = json_load_file(tpath("out/2025-Q2/nederland.json"), 0,
		NULL);
	json_t *r22 = json_load_file(tpath("out/2025-Q2/22-rijnmond.json"), 0,
		NULL);
	char why[512];
	ck_assert(!js_validate(region, region, nl, "$", why, sizeof(why)));
	ck_assert(!js_validate(national, national, r22, "$", why, sizeof(why)));
	json_decref(region);
	json_decref(national);
	json_decref(nl);
	json_decref(r22);
	free(out);
	free(pdf);
}
END_TEST


/* ---- the README keeps up ---------------------------------------------- */

/* Asserts that @readme names every property under @schema (paths like
 * "inputs[].tables[].status"; a leaf may be given as ".leaf" after its
 * sibling). */
static void expect_fields_named(const char *readme, json_t *root,
		json_t *schema, const char *path)
{
	json_t *ref = json_object_get(schema, "$ref");
	if (json_is_string(ref))
		schema = json_object_get(json_object_get(root, "$defs"),
			json_string_value(ref) + 8);
	json_t *items = json_object_get(schema, "items");
	if (items && json_object_get(items, "$ref"))
		schema = json_object_get(json_object_get(root, "$defs"),
			json_string_value(json_object_get(items, "$ref")) + 8);
	const char *key;
	json_t *sub;
	json_object_foreach(json_object_get(schema, "properties"), key, sub) {
		char full[512], as_leaf[128];
		snprintf(full, sizeof(full), "%s%s%s", path, *path ? "." : "",
			key);
		snprintf(as_leaf, sizeof(as_leaf), "`.%s`", key);
		char quoted[520], listed[520];
		snprintf(quoted, sizeof(quoted), "%s`", full);
		snprintf(listed, sizeof(listed), "%s[]`", full);
		ck_assert_msg(strstr(readme, quoted) || strstr(readme, listed) ||
			strstr(readme, as_leaf),
			"README.md does not describe index.json's %s", full);
		char deeper[520];
		bool is_array = json_object_get(sub, "items") != NULL;
		snprintf(deeper, sizeof(deeper), "%s%s", full, is_array ? "[]" :
			"");
		if (strcmp(key, "generator") != 0)
			expect_fields_named(readme, root, sub, deeper);
	}
}

START_TEST(readme_lists_every_column_and_index_field)
{
	size_t len;
	char *readme = tvk_test_slurp(TVK_TEST_SRCDIR "/../README.md", &len);
	ck_assert_ptr_nonnull(readme);
	char *out = path_in("out");
	const char *inputs[] = {TVK_FIXTURES "/uwv-2020-q2-friesland.pdf"};
	struct tvk_batch_report rep;
	ck_assert_int_eq(convert(inputs, 1, out, false, &rep), 0);
	tvk_batch_report_finish(&rep);
	struct tvk_dataset_report drep;
	const char *names[3] = {"w.csv", "l.csv", "h.csv"};
	for (int shape = 0; shape < 3; shape++) {
		write_dataset(out, tpath("%s", names[shape]), TVK_DATASET_CSV,
			(enum tvk_dataset_shape)shape, false, &drep);
		tvk_dataset_report_finish(&drep);
		json_t *pkg = json_load_file(tpath("%c.datapackage.json",
			names[shape][0]), 0, NULL);
		ck_assert_ptr_nonnull(pkg);
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(json_object_get(json_array_get(
				json_object_get(pkg, "resources"), 0), "schema"),
				"fields"), i, f) {
			char row[128];
			snprintf(row, sizeof(row), "| `%s` |", json_string_value(
				json_object_get(f, "name")));
			ck_assert_msg(strstr(readme, row), "README.md has no row "
				"for the column %s", row);
		}
		json_decref(pkg);
	}
	json_t *schema = json_loads(tvk_schema_index(), 0, NULL);
	expect_fields_named(readme, schema, schema, "");
	json_decref(schema);
	free(readme);
	free(out);
}
END_TEST

static Suite *batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("batch");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, index_records_the_run);
	tcase_add_test(tc, rerun_opens_no_pdf);
	tcase_add_test(tc, changed_input_is_converted_again);
	tcase_add_test(tc, bad_files_among_good_ones);
	tcase_add_test(tc, conflicting_sources_are_kept_side_by_side);
	tcase_add_test(tc, dataset_keeps_every_version_of_a_conflict);
	tcase_add_test(tc, a_damaged_copy_does_not_take_the_name);
	tcase_add_test(tc, dataset_source_file_is_relative_to_the_dataset);
	tcase_add_test(tc, dataset_package_is_named_after_its_file);
	tcase_add_test(tc, dataset_says_what_it_leaves_out);
	tcase_add_test(tc, every_json_file_satisfies_its_schema);
	tcase_add_test(tc, readme_lists_every_column_and_index_field);
	suite_add_tcase(s, tc);
	TCase *ds = tcase_create("dataset");
	tcase_set_timeout(ds, 300);
	tcase_add_unchecked_fixture(ds, convert_sample, remove_sample);
	tcase_add_checked_fixture(ds, setup, teardown);
	tcase_add_test(ds, dataset_is_what_its_package_declares);
	tcase_add_test(ds, dataset_long_has_every_value_and_its_repair);
	tcase_add_test(ds, dataset_for_spreadsheets);
	suite_add_tcase(s, ds);
	return s;
}

TVK_CHECK_MAIN(batch_suite)
