/*
 * The record of a batch: index.json for people and scripts, and the cache
 * that lets a re-run skip every input whose bytes (sha256), tool version
 * and options are unchanged — it reuses the finished documents instead of
 * opening the PDF again.  One cache entry per input, named by its sha256,
 * written atomically like every output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "batch-internal.h"
#include "config.h"
#include "util.h"

#define CACHE_FORMAT 1

static const char *ocr_name(enum tvk_ocr_mode mode)
{
	switch (mode) {
	case TVK_OCR_AUTO: return "auto";
	case TVK_OCR_NEVER: return "never";
	case TVK_OCR_ALWAYS: return "always";
	}
	return "?";
}

static char *entry_path(const char *out_dir, const char *sha256)
{
	return tvk_xasprintf("%s/%s/%s.json", out_dir, TVK_CACHE_DIR, sha256);
}

static const char *kind_name(enum tvk_table_kind kind)
{
	return kind == TVK_TABLE_NATIONAL ? "national" : "region";
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* ---- store ------------------------------------------------------------- */

static json_t *result_json(const struct result *r)
{
	const struct tvk_table_report *t = &r->report;
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(kind_name(t->kind)));
	json_object_set_new(o, "year", json_integer(t->year));
	json_object_set_new(o, "quarter", json_integer(t->quarter));
	json_object_set_new(o, "region", json_integer(t->region));
	json_object_set_new(o, "first_page", json_integer(t->first_page));
	json_object_set_new(o, "last_page", json_integer(t->last_page));
	json_object_set_new(o, "status", json_integer(t->status));
	json_object_set_new(o, "repairs", json_integer((json_int_t)t->n_repairs));
	json_object_set_new(o, "count_repairs",
		json_integer((json_int_t)t->n_count_repairs));
	json_object_set_new(o, "problems", json_integer((json_int_t)t->n_problems));
	json_object_set_new(o, "warnings", json_integer((json_int_t)t->n_warnings));
	json_object_set_new(o, "summary", json_string(t->summary));
	json_object_set_new(o, "layer", json_integer(r->layer));
	json_object_set_new(o, "document", json_string(t->json));
	json_object_set_new(o, "values", json_string(r->values));
	return o;
}

void tvk_cache_store(const char *out_dir, const struct tvk_options *opt,
		const struct job *job)
{
	const struct tvk_input_report *in = &job->input;
	if (!in->sha256[0])
		return;
	json_t *root = json_object();
	json_object_set_new(root, "format", json_integer(CACHE_FORMAT));
	json_object_set_new(root, "version", json_string(TVK_VERSION));
	json_object_set_new(root, "ocr", json_string(ocr_name(opt->ocr)));
	json_object_set_new(root, "file", json_string(in->path));
	json_object_set_new(root, "sha256", json_string(in->sha256));
	json_object_set_new(root, "pages", json_integer(in->pages));
	json_object_set_new(root, "layer", json_integer(in->layer));
	json_object_set_new(root, "error", json_integer(in->error));
	json_object_set_new(root, "error_page", json_integer(in->error_page));
	json_object_set_new(root, "message", str_or_null(in->message));
	json_t *problems = json_array();
	for (size_t i = 0; i < in->n_problems; i++)
		json_array_append_new(problems, json_string(in->problems[i]));
	json_object_set_new(root, "problems", problems);
	json_t *tables = json_array();
	for (size_t i = 0; i < job->n_results; i++)
		json_array_append_new(tables, result_json(&job->results[i]));
	json_object_set_new(root, "tables", tables);

	char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return;
	char *path = entry_path(out_dir, in->sha256);
	struct tvk_error err;
	tvk_error_clear(&err);
	(void)tvk_emit_write(path, text, &err);
	free(path);
	free(text);
}

/* ---- load -------------------------------------------------------------- */

static int get_int(json_t *o, const char *key)
{
	return (int)json_integer_value(json_object_get(o, key));
}

static char *get_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? tvk_xstrdup(s) : NULL;
}

static bool load_result(json_t *o, size_t index, const struct job *job,
		struct result *r)
{
	struct tvk_table_report *t = &r->report;
	t->input = index;
	t->kind = strcmp(json_string_value(json_object_get(o, "kind")) ?
		json_string_value(json_object_get(o, "kind")) : "", "national") == 0 ?
		TVK_TABLE_NATIONAL : TVK_TABLE_REGION;
	t->year = get_int(o, "year");
	t->quarter = get_int(o, "quarter");
	t->region = get_int(o, "region");
	t->first_page = get_int(o, "first_page");
	t->last_page = get_int(o, "last_page");
	t->status = (enum tvk_status)get_int(o, "status");
	t->n_repairs = (size_t)get_int(o, "repairs");
	t->n_count_repairs = (size_t)get_int(o, "count_repairs");
	t->n_problems = (size_t)get_int(o, "problems");
	t->n_warnings = (size_t)get_int(o, "warnings");
	t->summary = get_str(o, "summary");
	t->json = get_str(o, "document");
	r->values = get_str(o, "values");
	r->layer = (enum tvk_text_layer)get_int(o, "layer");
	r->file = tvk_xstrdup(job->path);
	r->sha256 = tvk_xstrdup(job->input.sha256);
	if (t->last_page < t->first_page || t->first_page < 1 ||
			t->last_page - t->first_page > 100000 || !t->summary ||
			!t->json || !r->values || t->status > TVK_STATUS_INVALID)
		return false;
	r->n_pages = (size_t)(t->last_page - t->first_page + 1);
	r->pages = tvk_xmalloc(r->n_pages * sizeof(*r->pages));
	for (size_t i = 0; i < r->n_pages; i++)
		r->pages[i] = t->first_page + (int)i;
	return true;
}

static void free_results(struct job *job)
{
	for (size_t i = 0; i < job->n_results; i++) {
		struct result *r = &job->results[i];
		free(r->report.summary);
		free(r->report.json);
		free(r->values);
		free(r->file);
		free(r->sha256);
		free(r->pages);
	}
	free(job->results);
	job->results = NULL;
	job->n_results = 0;
}

bool tvk_cache_load(const char *out_dir, const struct tvk_options *opt,
		size_t index, struct job *job)
{
	struct tvk_input_report *in = &job->input;
	char *path = entry_path(out_dir, in->sha256);
	json_t *root = json_load_file(path, 0, NULL);
	free(path);
	if (!root)
		return false;
	const char *version = json_string_value(json_object_get(root, "version"));
	const char *ocr = json_string_value(json_object_get(root, "ocr"));
	const char *file = json_string_value(json_object_get(root, "file"));
	const char *sha = json_string_value(json_object_get(root, "sha256"));
	json_t *tables = json_object_get(root, "tables");
	json_t *problems = json_object_get(root, "problems");
	bool ok = get_int(root, "format") == CACHE_FORMAT && version &&
		strcmp(version, TVK_VERSION) == 0 && ocr &&
		strcmp(ocr, ocr_name(opt->ocr)) == 0 && file &&
		strcmp(file, job->path) == 0 && sha &&
		strcmp(sha, in->sha256) == 0 && json_is_array(tables) &&
		json_is_array(problems);
	if (!ok) {
		json_decref(root);
		return false;
	}
	in->pages = get_int(root, "pages");
	in->layer = (enum tvk_text_layer)get_int(root, "layer");
	in->error = (enum tvk_error_code)get_int(root, "error");
	in->error_page = get_int(root, "error_page");
	in->message = get_str(root, "message");
	in->n_problems = json_array_size(problems);
	in->problems = tvk_xcalloc(in->n_problems ? in->n_problems : 1,
		sizeof(*in->problems));
	for (size_t i = 0; i < in->n_problems; i++) {
		const char *s = json_string_value(json_array_get(problems, i));
		in->problems[i] = tvk_xstrdup(s ? s : "");
	}
	job->n_results = json_array_size(tables);
	job->results = tvk_xcalloc(job->n_results ? job->n_results : 1,
		sizeof(*job->results));
	for (size_t i = 0; i < job->n_results && ok; i++)
		ok = load_result(json_array_get(tables, i), index, job,
			&job->results[i]);
	json_decref(root);
	if (!ok || (in->error != TVK_OK && !in->message)) {
		free_results(job);
		free(in->message);
		in->message = NULL;
		for (size_t i = 0; i < in->n_problems; i++)
			free(in->problems[i]);
		free(in->problems);
		in->problems = NULL;
		in->n_problems = 0;
		in->error = TVK_OK;
		return false;
	}
	in->n_tables = job->n_results;
	in->cached = true;
	return true;
}

/* ---- index.json -------------------------------------------------------- */

/* @path relative to @dir when it lies inside it. */
static const char *relative(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (path && strncmp(path, dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

int tvk_index_write(const char *out_dir, const struct tvk_batch_report *rep,
		struct tvk_error *err)
{
	json_t *root = json_object();
	json_object_set_new(root, "schema_version", json_integer(1));
	json_t *inputs = json_array();
	for (size_t i = 0; i < rep->n_inputs; i++) {
		const struct tvk_input_report *in = &rep->inputs[i];
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(in->path));
		json_object_set_new(o, "sha256", in->sha256[0] ?
			json_string(in->sha256) : json_null());
		json_object_set_new(o, "pages", json_integer(in->pages));
		json_object_set_new(o, "text_layer",
			json_string(tvk_text_layer_name(in->layer)));
		json_object_set_new(o, "status", json_string(in->error == TVK_OK ?
			"converted" : "failed"));
		json_object_set_new(o, "from_cache", json_boolean(in->cached));
		json_object_set_new(o, "error", in->error == TVK_OK ? json_null() :
			json_string(in->message ? in->message : ""));
		json_t *tables = json_array();
		size_t written = 0;
		for (size_t k = 0; k < rep->n_tables; k++) {
			const struct tvk_table_report *t = &rep->tables[k];
			if (t->input != i)
				continue;
			json_t *tj = json_object();
			char period[32];
			snprintf(period, sizeof(period), "%04d-Q%d", t->year,
				t->quarter);
			json_object_set_new(tj, "period", json_string(period));
			json_object_set_new(tj, "region", t->kind ==
				TVK_TABLE_NATIONAL || t->region == 0 ? json_null() :
				json_integer(t->region));
			json_object_set_new(tj, "name", json_string(t->summary));
			json_t *pages = json_array();
			json_array_append_new(pages, json_integer(t->first_page));
			json_array_append_new(pages, json_integer(t->last_page));
			json_object_set_new(tj, "pages", pages);
			json_object_set_new(tj, "status",
				json_string(tvk_status_name(t->status)));
			json_object_set_new(tj, "repairs",
				json_integer((json_int_t)t->n_repairs));
			json_object_set_new(tj, "problems", json_integer(
				(json_int_t)(t->n_problems + t->n_warnings)));
			json_object_set_new(tj, "output", str_or_null(
				relative(t->path, out_dir)));
			json_object_set_new(tj, "merged", json_boolean(t->merged));
			json_object_set_new(tj, "conflict", json_boolean(t->conflict));
			written += t->path != NULL;
			json_array_append_new(tables, tj);
		}
		json_object_set_new(o, "tables_written",
			json_integer((json_int_t)written));
		json_object_set_new(o, "tables", tables);
		json_t *problems = json_array();
		for (size_t k = 0; k < in->n_problems; k++)
			json_array_append_new(problems, json_string(in->problems[k]));
		json_object_set_new(o, "problems", problems);
		json_array_append_new(inputs, o);
	}
	json_object_set_new(root, "inputs", inputs);
	json_t *sum = json_object();
	json_object_set_new(sum, "inputs", json_integer((json_int_t)rep->n_inputs));
	json_object_set_new(sum, "failed", json_integer((json_int_t)rep->n_failed));
	json_object_set_new(sum, "from_cache",
		json_integer((json_int_t)rep->n_cached));
	json_object_set_new(sum, "files_written",
		json_integer((json_int_t)rep->n_written));
	json_object_set_new(sum, "valid", json_integer((json_int_t)rep->n_valid));
	json_object_set_new(sum, "repaired",
		json_integer((json_int_t)rep->n_repaired));
	json_object_set_new(sum, "invalid", json_integer((json_int_t)rep->n_invalid));
	json_object_set_new(sum, "merged", json_integer((json_int_t)rep->n_merged));
	json_object_set_new(sum, "conflicts",
		json_integer((json_int_t)rep->n_conflicts));
	json_object_set_new(sum, "exit_status", json_integer(rep->exit_status));
	json_object_set_new(root, "summary", sum);
	json_t *gen = json_object();
	json_object_set_new(gen, "name", json_string("tvk"));
	json_object_set_new(gen, "version", json_string(TVK_VERSION));
	json_object_set_new(root, "generator", gen);

	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return tvk_error_set(err, TVK_ERR_IO, out_dir, 0, "out of memory");
	size_t len = strlen(text);
	char *with_newline = tvk_xmalloc(len + 2);
	memcpy(with_newline, text, len);
	memcpy(with_newline + len, "\n", 2);
	free(text);
	char *path = tvk_xasprintf("%s/index.json", out_dir);
	int rc = tvk_emit_write(path, with_newline, err);
	free(path);
	free(with_newline);
	return rc;
}
