/*
 * The Frictionless Data Package beside a CSV dataset: every column's type,
 * constraints and description (from the columns' table), the dialect,
 * and what went in and what was left out.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "base/arena.h"
#include "config.h"
#include "dataset/dataset.h"
static json_t *string_array(const char *const *s)
{
	json_t *a = json_array();
	for (; *s; s++)
		json_array_append_new(a, json_string(*s));
	return a;
}

/* The fields of a table schema, with "" as the missing value. */
static json_t *fields_schema(const struct column *const *cols, size_t n_cols)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < n_cols; i++) {
		const struct column *c = cols[i];
		json_t *f = json_object();
		json_object_set_new(f, "name", json_string(c->name));
		json_object_set_new(f, "type", json_string(tvk_dataset_type_name(c->type)));
		json_object_set_new(f, "description",
			json_string(c->description));
		json_t *k = json_object();
		if (c->required)
			json_object_set_new(k, "required", json_true());
		if (c->has_min)
			json_object_set_new(k, "minimum", json_integer(c->min));
		if (c->has_max)
			json_object_set_new(k, "maximum", json_integer(c->max));
		if (c->pattern)
			json_object_set_new(k, "pattern", json_string(c->pattern));
		if (c->values)
			json_object_set_new(k, "enum", string_array(c->values));
		if (json_object_size(k))
			json_object_set_new(f, "constraints", k);
		else
			json_decref(k);
		json_array_append_new(fields, f);
	}
	json_t *schema = json_object();
	json_object_set_new(schema, "fields", fields);
	json_t *missing = json_array();
	json_array_append_new(missing, json_string(""));
	json_object_set_new(schema, "missingValues", missing);
	return schema;
}

static json_t *table_schema(const struct column *const *cols, size_t n_cols,
		enum tvk_dataset_shape shape)
{
	json_t *schema = fields_schema(cols, n_cols);
	json_t *key = json_array();
	if (shape == TVK_DATASET_HARMONIZED) {
		json_array_append_new(key, json_string("current_code"));
		json_array_append_new(key, json_string("year"));
		json_array_append_new(key, json_string("quarter"));
	} else {
		json_array_append_new(key, json_string("document"));
		json_array_append_new(key, json_string("row"));
	}
	if (shape == TVK_DATASET_LONG)
		json_array_append_new(key, json_string("field"));
	json_object_set_new(schema, "primaryKey", key);
	return schema;
}

static json_t *csv_dialect(bool excel)
{
	json_t *dialect = json_object();
	json_object_set_new(dialect, "delimiter", json_string(excel ? ";" : ","));
	json_object_set_new(dialect, "lineTerminator", json_string("\r\n"));
	json_object_set_new(dialect, "quoteChar", json_string("\""));
	json_object_set_new(dialect, "doubleQuote", json_true());
	json_object_set_new(dialect, "header", json_true());
	return dialect;
}

/* A CSV resource: @name, its file, its description and schema. */
static json_t *csv_resource(const char *name, const char *path,
		const char *description, bool excel, json_t *schema)
{
	json_t *res = json_object();
	json_object_set_new(res, "name", json_string(name));
	json_object_set_new(res, "path", json_string(path));
	json_object_set_new(res, "profile", json_string("tabular-data-resource"));
	json_object_set_new(res, "description", json_string(description));
	json_object_set_new(res, "format", json_string("csv"));
	json_object_set_new(res, "mediatype", json_string("text/csv"));
	/* UTF-8 with or without the byte-order mark of --excel: IANA's name,
	 * the one the Frictionless specification takes ("utf-8-sig" is
	 * Python's alone); the mark is a signature, not text. */
	json_object_set_new(res, "encoding", json_string("utf-8"));
	json_object_set_new(res, "dialect", csv_dialect(excel));
	json_object_set_new(res, "schema", schema);
	return res;
}

/* The package around @resources, with what went in and what was left
 * out (and why): nothing is dropped without a word; then what the
 * harmonised series left out, when @harmonised.  Steals @resources and
 * @harmonised; returns the text, malloc'd. */
static char *package_text(json_t *resources, json_t *harmonised,
		const struct tvk_dataset_report *rep)
{
	json_t *tvk = json_object();
	json_t *pkg = json_object();
	json_object_set_new(pkg, "profile", json_string("tabular-data-package"));
	json_object_set_new(pkg, "name",
		json_string("transparantie-van-klantprofielen"));
	json_object_set_new(pkg, "title", json_string("UWV, Transparantie van "
		"klantprofielen: people of the banenafspraak target group in "
		"Sonar, per municipality and quarter"));
	json_object_set_new(pkg, "resources", resources);
	json_object_set_new(tvk, "version", json_string(TVK_VERSION));
	json_object_set_new(tvk, "documents",
		json_integer((json_int_t)rep->documents));
	json_object_set_new(tvk, "conflicting_versions",
		json_integer((json_int_t)rep->conflicts));
	json_t *left = json_array();
	for (size_t i = 0; i < rep->n_notes; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(rep->notes[i].file));
		json_object_set_new(o, "reason",
			json_string(rep->notes[i].message));
		json_array_append_new(left, o);
	}
	json_object_set_new(tvk, "left_out", left);
	if (harmonised)
		json_object_set_new(tvk, "harmonised", harmonised);
	json_object_set_new(pkg, "tvk", tvk);
	char *text = json_dumps(pkg, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(pkg);
	char *out = tvk_xasprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}

char *tvk_dataset_package(const char *csv_name, enum tvk_dataset_shape shape,
		bool excel, const struct tvk_dataset_report *rep)
{
	const struct column *cols[N_COLUMNS];
	size_t n_cols = tvk_dataset_shape_columns(shape, cols);
	json_t *resources = json_array();
	json_array_append_new(resources, csv_resource(shape == TVK_DATASET_LONG ?
		"klantprofielen-values" : shape == TVK_DATASET_HARMONIZED ?
		"klantprofielen-harmonised" : "klantprofielen", csv_name,
		shape == TVK_DATASET_LONG ? "One row per value: every count of "
		"every municipality, region total and national row, with what "
		"was printed and how tvk read or repaired it." :
		shape == TVK_DATASET_HARMONIZED ? "One row per quarter and "
		"municipality of today: the counts of the municipalities that "
		"merged into it added up, so that a series runs across mergers. "
		"Rows of municipalities split between several are left out." :
		"One row per municipality of every region's table (the region "
		"totals and national rows are in the long table and in the "
		"tidy package, --format=package).", excel,
		table_schema(cols, n_cols, shape)));
	json_t *h = NULL;
	if (shape == TVK_DATASET_HARMONIZED) {
		h = json_object();
		json_object_set_new(h, "split_rows_left_out",
			json_integer((json_int_t)rep->split_left_out));
		json_object_set_new(h, "split_municipalities",
			json_string(rep->split_names ? rep->split_names : ""));
		json_object_set_new(h, "rows_without_code_left_out",
			json_integer((json_int_t)rep->uncoded_left_out));
	}
	return package_text(resources, h, rep);
}

static json_t *string_list(const char *const *s)
{
	return s ? string_array(s) : json_array();
}

/* A resource of the tidy package: its primary key, and its foreign keys
 * to the documents and (a municipality) to the total of its table. */
static json_t *tidy_resource(const struct tvk_dataset_resource *r)
{
	const struct column *cols[N_COLUMNS];
	size_t n_cols = 0;
	for (size_t c = 0; c < N_COLUMNS; c++)
		if (tvk_dataset_columns[c].shapes & r->bit)
			cols[n_cols++] = &tvk_dataset_columns[c];
	json_t *schema = fields_schema(cols, n_cols);
	json_object_set_new(schema, "primaryKey", string_list(r->key));
	json_t *fks = json_array();
	for (size_t k = 0; k < 2 && r->foreign[k].fields; k++) {
		json_t *ref = json_object();
		json_object_set_new(ref, "resource",
			json_string(r->foreign[k].resource));
		json_object_set_new(ref, "fields", string_list(r->foreign[k].ref));
		json_t *fk = json_object();
		json_object_set_new(fk, "fields",
			string_list(r->foreign[k].fields));
		json_object_set_new(fk, "reference", ref);
		json_array_append_new(fks, fk);
	}
	if (json_array_size(fks))
		json_object_set_new(schema, "foreignKeys", fks);
	else
		json_decref(fks);
	char *path = tvk_xasprintf("%s.csv", r->name);
	json_t *res = csv_resource(r->name, path, r->description, false,
		schema);
	free(path);
	return res;
}

char *tvk_dataset_tidy_package(const struct tvk_dataset_report *rep)
{
	json_t *resources = json_array();
	for (size_t k = 0; k < N_RESOURCES; k++)
		json_array_append_new(resources,
			tidy_resource(&tvk_dataset_resources[k]));
	return package_text(resources, NULL, rep);
}

char *tvk_dataset_package_path(const char *out)
{
	const char *slash = strrchr(out, '/');
	const char *base = slash ? slash + 1 : out;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot > base ? (size_t)(dot - out) : strlen(out);
	return tvk_xasprintf("%.*s.datapackage.json", (int)stem, out);
}

int tvk_dataset_check_package(const char *path, const char *csv_name,
		struct tvk_error *err)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return 0;
	/* a FIFO there would hang the read below */
	if (!S_ISREG(st.st_mode))
		return tvk_error_set(err, TVK_ERR_IO, path, 0, "is there "
			"already and is not a file; not overwritten (remove it, "
			"or write the dataset under another name)");
	json_t *pkg = json_load_file(path, 0, NULL);
	json_t *resources = json_object_get(pkg, "resources");
	json_t *res = json_array_get(resources, 0);
	const char *described = json_string_value(json_object_get(res, "path"));
	bool ours = json_object_get(pkg, "tvk") && (csv_name ?
		json_array_size(resources) == 1 && described &&
		strcmp(described, csv_name) == 0 :
		json_array_size(resources) == N_RESOURCES);
	int rc = 0;
	if (!ours)
		rc = tvk_error_set(err, TVK_ERR_IO, path, 0, "is there already "
			"and describes %s%s; not overwritten (remove it, or "
			"write the dataset under another name)",
			described ? "another file, " : "something else",
			described ? described : "");
	json_decref(pkg);
	return rc;
}
