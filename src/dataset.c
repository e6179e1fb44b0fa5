/*
 * tvk dataset: the converted documents as one tidy table, the form
 * analysts load into pandas, R, DuckDB or a spreadsheet.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/dataset.h>
#include <tvk/emit.h>

#include "util.h"

/* ---- the columns ------------------------------------------------------- */

enum col_type { COL_INTEGER, COL_STRING, COL_DATE };

struct column {
	const char *name;
	enum col_type type;
	bool required;
	const char *description;
};

static const struct column columns[] = {
	{"year", COL_INTEGER, true, "Year of the quarter."},
	{"quarter", COL_INTEGER, true, "Quarter, 1 to 4."},
	{"reference_date", COL_DATE, true, "Last day of the quarter: the date the counts refer to."},
	{"region_code", COL_INTEGER, true, "Labour-market region (arbeidsmarktregio), 1 to 35."},
	{"region_name", COL_STRING, true, "Name of the labour-market region."},
	{"row", COL_INTEGER, true, "Position of the municipality in its table, from 1."},
	{"municipality_code", COL_STRING, false, "CBS municipality code (GM followed by four digits); empty when the printed name matched no municipality with confidence."},
	{"municipality_name", COL_STRING, false, "CBS name of the municipality."},
	{"printed_name", COL_STRING, false, "The name as the publication prints it."},
	{"municipal_with_profile", COL_INTEGER, false, "Municipal clients in Sonar with a profile."},
	{"municipal_without_profile", COL_INTEGER, false, "Municipal clients in Sonar without a profile."},
	{"uwv_with_profile", COL_INTEGER, false, "UWV clients in Sonar with a profile."},
	{"uwv_without_profile", COL_INTEGER, false, "UWV clients in Sonar without a profile."},
	{"total", COL_INTEGER, false, "Total in Sonar."},
	{"status", COL_STRING, true, "Validation status of the table: valid, repaired or invalid (an invalid table's counts are as printed)."},
	{"source_file", COL_STRING, true, "The PDF the table was read from."},
};

#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

struct row {
	int year, quarter, region, position;
	json_t *values[N_COLUMNS]; /* borrowed from the document */
};

/* ---- reading the documents --------------------------------------------- */

struct docs {
	json_t **items;
	size_t n, cap;
	size_t skipped;
};

/* "07-zaanstreek-waterland.json": a region document's name; conflict
 * copies ("….2.json") and nederland.json are not. */
static bool region_file_name(const char *name)
{
	const char *dot = strchr(name, '.');
	return name[0] >= '0' && name[0] <= '9' && name[1] >= '0' &&
		name[1] <= '9' && name[2] == '-' && dot &&
		strcmp(dot, ".json") == 0;
}

static int read_dir(const char *dir, struct docs *docs, int depth,
		struct tvk_error *err)
{
	if (depth > 32)
		return 0;
	size_t n;
	char **names = tvk_list_dir(dir, &n);
	if (!names)
		return tvk_error_set(err, TVK_ERR_IO, dir, 0, "cannot read folder");
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		const char *base = strrchr(names[i], '/') + 1;
		if (rc == 0 && stat(names[i], &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = read_dir(names[i], docs, depth + 1, err);
			} else if (region_file_name(base)) {
				json_t *j = json_load_file(names[i], 0, NULL);
				if (j && json_integer_value(json_object_get(j,
						"schema_version")) == 1 &&
						json_is_array(json_object_get(j,
						"municipalities"))) {
					tvk_grow((void **)&docs->items, &docs->cap,
						docs->n + 1, sizeof(*docs->items));
					docs->items[docs->n++] = j;
				} else {
					json_decref(j);
					docs->skipped++;
				}
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->quarter != y->quarter)
		return x->quarter < y->quarter ? -1 : 1;
	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	return (x->position > y->position) - (x->position < y->position);
}

/* ---- writing ----------------------------------------------------------- */

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled. */
static void csv_field(struct tvk_buf *t, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		tvk_buf_str(t, s);
		return;
	}
	tvk_buf_add(t, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			tvk_buf_add(t, "\"", 1);
		tvk_buf_add(t, p, 1);
	}
	tvk_buf_add(t, "\"", 1);
}

static void csv_value(struct tvk_buf *t, json_t *v)
{
	char num[32];
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		tvk_buf_str(t, num);
	} else if (json_is_string(v)) {
		csv_field(t, json_string_value(v));
	}
	/* null: an empty field, the package's missing value */
}

static json_t *obj(json_t *o, const char *k)
{
	return json_object_get(o, k);
}

/* The cells of every municipality row of @doc, appended to @rows. */
static void add_rows(json_t *doc, struct row **rows, size_t *n, size_t *cap)
{
	json_t *period = obj(doc, "period"), *region = obj(doc, "region");
	json_t *munis = obj(doc, "municipalities");
	json_t *status = obj(obj(doc, "validation"), "status");
	json_t *file = obj(obj(doc, "source"), "file");
	size_t i;
	json_t *m;
	json_array_foreach(munis, i, m) {
		tvk_grow((void **)rows, cap, *n + 1, sizeof(**rows));
		struct row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->year = (int)json_integer_value(obj(period, "year"));
		r->quarter = (int)json_integer_value(obj(period, "quarter"));
		r->region = (int)json_integer_value(obj(region, "code"));
		r->position = (int)i + 1;
		json_t *vals[N_COLUMNS] = {
			obj(period, "year"), obj(period, "quarter"),
			obj(period, "reference_date"), obj(region, "code"),
			obj(region, "name"), NULL,
			obj(m, "code"), obj(m, "name"), obj(m, "printed_name"),
			obj(m, "municipal_with_profile"),
			obj(m, "municipal_without_profile"),
			obj(m, "uwv_with_profile"), obj(m, "uwv_without_profile"),
			obj(m, "total"), status, file,
		};
		/* Borrowed from the document, but for the row's position,
		 * which the writers take from r->position. */
		memcpy(r->values, vals, sizeof(vals));
	}
}

#define COL_ROW 5 /* columns[COL_ROW] is "row": the position in the table */

static void write_csv(struct tvk_buf *t, const struct row *rows, size_t n)
{
	for (size_t c = 0; c < N_COLUMNS; c++) {
		if (c)
			tvk_buf_add(t, ",", 1);
		tvk_buf_str(t, columns[c].name);
	}
	tvk_buf_add(t, "\r\n", 2);
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < N_COLUMNS; c++) {
			if (c)
				tvk_buf_add(t, ",", 1);
			if (c == COL_ROW) {
				char num[16];
				snprintf(num, sizeof(num), "%d", rows[i].position);
				tvk_buf_str(t, num);
			} else {
				csv_value(t, rows[i].values[c]);
			}
		}
		tvk_buf_add(t, "\r\n", 2);
	}
}

static void write_ndjson(struct tvk_buf *t, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		for (size_t c = 0; c < N_COLUMNS; c++) {
			json_t *v = rows[i].values[c];
			if (c == COL_ROW)
				json_object_set_new(o, columns[c].name,
					json_integer(rows[i].position));
			else
				json_object_set(o, columns[c].name,
					v ? v : json_null());
		}
		char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (line) {
			tvk_buf_str(t, line);
			tvk_buf_add(t, "\n", 1);
			free(line);
		}
	}
}

static const char *type_name(enum col_type type)
{
	return type == COL_INTEGER ? "integer" : type == COL_DATE ? "date" :
		"string";
}

/* The Frictionless Data Package that describes the CSV at @csv_name. */
static char *datapackage(const char *csv_name)
{
	json_t *fields = json_array();
	for (size_t c = 0; c < N_COLUMNS; c++) {
		json_t *f = json_object();
		json_object_set_new(f, "name", json_string(columns[c].name));
		json_object_set_new(f, "type",
			json_string(type_name(columns[c].type)));
		json_object_set_new(f, "description",
			json_string(columns[c].description));
		json_t *constraints = json_object();
		if (columns[c].required)
			json_object_set_new(constraints, "required", json_true());
		if (columns[c].type == COL_INTEGER && strcmp(columns[c].name,
				"year") != 0)
			json_object_set_new(constraints, "minimum", json_integer(
				strcmp(columns[c].name, "quarter") == 0 ||
				strcmp(columns[c].name, "region_code") == 0 ||
				strcmp(columns[c].name, "row") == 0 ? 1 : 0));
		if (strcmp(columns[c].name, "municipality_code") == 0)
			json_object_set_new(constraints, "pattern",
				json_string("^GM[0-9]{4}$"));
		if (strcmp(columns[c].name, "status") == 0) {
			json_t *e = json_array();
			json_array_append_new(e, json_string("valid"));
			json_array_append_new(e, json_string("repaired"));
			json_array_append_new(e, json_string("invalid"));
			json_object_set_new(constraints, "enum", e);
		}
		if (json_object_size(constraints))
			json_object_set_new(f, "constraints", constraints);
		else
			json_decref(constraints);
		json_array_append_new(fields, f);
	}
	json_t *schema = json_object();
	json_object_set_new(schema, "fields", fields);
	json_t *key = json_array();
	json_array_append_new(key, json_string("year"));
	json_array_append_new(key, json_string("quarter"));
	json_array_append_new(key, json_string("region_code"));
	json_array_append_new(key, json_string("row"));
	json_object_set_new(schema, "primaryKey", key);
	json_t *missing = json_array();
	json_array_append_new(missing, json_string(""));
	json_object_set_new(schema, "missingValues", missing);

	json_t *dialect = json_object();
	json_object_set_new(dialect, "delimiter", json_string(","));
	json_object_set_new(dialect, "lineTerminator", json_string("\r\n"));
	json_object_set_new(dialect, "quoteChar", json_string("\""));
	json_object_set_new(dialect, "doubleQuote", json_true());
	json_object_set_new(dialect, "header", json_true());

	json_t *res = json_object();
	json_object_set_new(res, "name", json_string("klantprofielen"));
	json_object_set_new(res, "path", json_string(csv_name));
	json_object_set_new(res, "profile", json_string("tabular-data-resource"));
	json_object_set_new(res, "format", json_string("csv"));
	json_object_set_new(res, "mediatype", json_string("text/csv"));
	json_object_set_new(res, "encoding", json_string("utf-8"));
	json_object_set_new(res, "dialect", dialect);
	json_object_set_new(res, "schema", schema);
	json_t *resources = json_array();
	json_array_append_new(resources, res);

	json_t *pkg = json_object();
	json_object_set_new(pkg, "profile", json_string("tabular-data-package"));
	json_object_set_new(pkg, "name", json_string("transparantie-van-klantprofielen"));
	json_object_set_new(pkg, "title", json_string("UWV, Transparantie van "
		"klantprofielen: people of the banenafspraak target group in "
		"Sonar, per municipality and quarter"));
	json_object_set_new(pkg, "resources", resources);
	char *text = json_dumps(pkg, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(pkg);
	char *out = tvk_xasprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}

int tvk_dataset_write(const char *dir, const char *out,
		enum tvk_dataset_format format, struct tvk_dataset_report *report,
		struct tvk_error *err)
{
	memset(report, 0, sizeof(*report));
	struct docs docs = {0};
	int rc = read_dir(dir, &docs, 0, err);
	struct row *rows = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; rc == 0 && i < docs.n; i++)
		add_rows(docs.items[i], &rows, &n, &cap);
	report->documents = docs.n;
	report->skipped = docs.skipped;
	report->rows = n;
	if (rc == 0 && docs.n == 0)
		rc = tvk_error_set(err, TVK_ERR_NO_TABLE, dir, 0,
			"no region documents found (convert some PDFs into it "
			"first)");
	if (rc == 0) {
		qsort(rows, n, sizeof(*rows), by_key);
		struct tvk_buf t = {0};
		tvk_buf_add(&t, "", 0);
		if (format == TVK_DATASET_CSV)
			write_csv(&t, rows, n);
		else
			write_ndjson(&t, rows, n);
		if (!out) {
			if (fwrite(t.s, 1, t.len, stdout) != t.len)
				rc = tvk_error_set(err, TVK_ERR_IO, "stdout", 0,
					"cannot write");
		} else {
			rc = tvk_emit_write(out, t.s, err);
			if (rc == 0 && format == TVK_DATASET_CSV) {
				const char *slash = strrchr(out, '/');
				char *pkg_path = slash ?
					tvk_xasprintf("%.*s/datapackage.json",
						(int)(slash - out), out) :
					tvk_xstrdup("datapackage.json");
				char *pkg = datapackage(slash ? slash + 1 : out);
				rc = tvk_emit_write(pkg_path, pkg, err);
				free(pkg);
				free(pkg_path);
			}
		}
		free(t.s);
	}
	free(rows);
	for (size_t i = 0; i < docs.n; i++)
		json_decref(docs.items[i]);
	free(docs.items);
	return rc;
}
