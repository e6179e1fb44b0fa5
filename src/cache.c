/*
 * The record of a batch: index.json for people and scripts, and the cache
 * that lets a re-run skip every input whose bytes (sha256), tool version
 * and options are unchanged — it reuses the finished documents instead of
 * opening the PDF again.  The cache is one JSON file: its entries, keyed
 * by sha256, hold each input's finished documents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "batch-internal.h"
#include "emit-internal.h"
#include "config.h"
#include "util.h"

#define CACHE_FORMAT 2

static const char *ocr_name(enum tvk_ocr_mode mode)
{
	switch (mode) {
	case TVK_OCR_AUTO: return "auto";
	case TVK_OCR_NEVER: return "never";
	case TVK_OCR_ALWAYS: return "always";
	}
	return "?";
}

static const char *kind_name(enum tvk_table_kind kind)
{
	return kind == TVK_TABLE_NATIONAL ? "national" : "region";
}

static json_t *str_or_null(const char *s)
{
	return tvk_json_string(s);
}

/*
 * The cache file: a header line, then one record per input:
 *
 *     entry <sha256> <length>\n<metadata, JSON>\n
 *     doc <length>\n<document>\n        (per table)
 *     values <length>\n<values>\n       (per table)
 *
 * The documents are kept as the bytes that were written, not as JSON
 * strings inside JSON: escaping and unescaping every document cost more
 * than the rest of the cache.
 */
#define CACHE_MAGIC "tvk-cache"

struct cache_entry {
	char sha256[65];
	json_t *meta;
	size_t n_tables;
	const char **docs, **values; /* into the cache's buffer */
	const char *record;          /* the whole record, for rewriting */
	size_t record_len;
};

struct tvk_cache {
	char *raw;  /* the file as read: records are rewritten from it */
	char *buf;  /* a copy, cut up in place by parsing */
	size_t len;
	struct cache_entry *entries; /* sorted by sha256 */
	size_t n;
};

/* ---- store ------------------------------------------------------------- */

static json_t *table_meta(const struct result *r)
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
	json_object_set_new(o, "summary", tvk_json_string(t->summary));
	json_object_set_new(o, "layer", json_integer(r->layer));
	return o;
}

static json_t *entry_meta(const struct tvk_options *opt, const struct job *job)
{
	const struct tvk_input_report *in = &job->input;
	json_t *root = json_object();
	json_object_set_new(root, "ocr", json_string(ocr_name(opt->ocr)));
	json_object_set_new(root, "second_look",
		json_boolean(!opt->no_second_look));
	json_object_set_new(root, "file", tvk_json_string(in->path));
	json_object_set_new(root, "pages", json_integer(in->pages));
	json_object_set_new(root, "layer", json_integer(in->layer));
	json_object_set_new(root, "error", json_integer(in->error));
	json_object_set_new(root, "error_page", json_integer(in->error_page));
	json_object_set_new(root, "message", str_or_null(in->message));
	json_t *problems = json_array();
	for (size_t i = 0; i < in->n_problems; i++)
		json_array_append_new(problems, tvk_json_string(in->problems[i]));
	json_object_set_new(root, "problems", problems);
	json_t *tables = json_array();
	for (size_t i = 0; i < job->n_results; i++)
		json_array_append_new(tables, table_meta(&job->results[i]));
	json_object_set_new(root, "tables", tables);
	return root;
}

static void put_block(struct tvk_buf *t, const char *tag, const char *data)
{
	char head[64];
	size_t n = strlen(data);
	int h = snprintf(head, sizeof(head), "%s %zu\n", tag, n);
	tvk_buf_add(t, head, (size_t)h);
	tvk_buf_add(t, data, n);
	tvk_buf_add(t, "\n", 1);
}

static void put_record(struct tvk_buf *t, const struct tvk_options *opt,
		const struct job *job)
{
	json_t *meta = entry_meta(opt, job);
	char *m = json_dumps(meta, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(meta);
	if (!m)
		return;
	char head[128];
	int h = snprintf(head, sizeof(head), "entry %s %zu\n",
		job->input.sha256, strlen(m));
	tvk_buf_add(t, head, (size_t)h);
	tvk_buf_add(t, m, strlen(m));
	tvk_buf_add(t, "\n", 1);
	free(m);
	for (size_t i = 0; i < job->n_results; i++) {
		put_block(t, "doc", job->results[i].report.json);
		put_block(t, "values", job->results[i].values);
	}
}

static int by_sha(const void *a, const void *b)
{
	return strcmp(((const struct cache_entry *)a)->sha256,
		((const struct cache_entry *)b)->sha256);
}

static const struct cache_entry *find(const struct tvk_cache *cache,
		const char *sha256)
{
	if (cache->n == 0)
		return NULL;
	struct cache_entry key;
	snprintf(key.sha256, sizeof(key.sha256), "%s", sha256);
	return bsearch(&key, cache->entries, cache->n, sizeof(key), by_sha);
}

void tvk_cache_save(struct tvk_cache *cache, const char *out_dir,
		const struct tvk_options *opt, const struct job *jobs, size_t n)
{
	struct tvk_buf t = {0};
	char head[64];
	int h = snprintf(head, sizeof(head), "%s %d %s\n", CACHE_MAGIC,
		CACHE_FORMAT, TVK_VERSION);
	tvk_buf_add(&t, head, (size_t)h);
	for (size_t i = 0; i < n; i++)
		if (jobs[i].input.sha256[0])
			put_record(&t, opt, &jobs[i]);
	/* Entries of earlier runs for bytes this run did not see stay, for
	 * the next run over them. */
	for (size_t k = 0; k < cache->n; k++) {
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = strcmp(jobs[i].input.sha256,
				cache->entries[k].sha256) == 0;
		if (!seen)
			tvk_buf_add(&t, cache->entries[k].record,
				cache->entries[k].record_len);
	}
	char *path = tvk_xasprintf("%s/%s", out_dir, TVK_CACHE_FILE);
	struct tvk_error err;
	tvk_error_clear(&err);
	(void)tvk_emit_write(path, t.s, &err);
	free(path);
	free(t.s);
}

/* ---- load -------------------------------------------------------------- */

/* Reads "<tag> <length>\n<bytes>\n" at *@p; NUL-terminates the bytes in
 * place and returns them, or NULL when the block is not there. */
static const char *get_block(char **p, char *end, const char *tag)
{
	size_t tl = strlen(tag);
	if ((size_t)(end - *p) < tl + 2 || strncmp(*p, tag, tl) != 0 ||
			(*p)[tl] != ' ')
		return NULL;
	char *q;
	unsigned long long n = strtoull(*p + tl + 1, &q, 10);
	if (*q != '\n' || n > (unsigned long long)(end - q - 1) ||
			q + 1 + n >= end || q[1 + n] != '\n')
		return NULL;
	char *data = q + 1;
	data[n] = '\0';
	*p = data + n + 1;
	return data;
}

static bool parse(struct tvk_cache *cache)
{
	char *p = cache->buf, *end = cache->buf + cache->len;
	char *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		return false;
	char expect[64];
	snprintf(expect, sizeof(expect), "%s %d %s", CACHE_MAGIC, CACHE_FORMAT,
		TVK_VERSION);
	if ((size_t)(nl - p) != strlen(expect) || strncmp(p, expect,
			(size_t)(nl - p)) != 0)
		return false;
	p = nl + 1;
	size_t cap = 0;
	while (p < end) {
		char *record = p;
		if ((size_t)(end - p) < 6 + 64 + 2 || strncmp(p, "entry ", 6) != 0)
			return false;
		struct cache_entry e = {0};
		memcpy(e.sha256, p + 6, 64);
		e.sha256[64] = '\0';
		char *after_sha = p + 6 + 64;
		*after_sha = '\0'; /* the space after the hash */
		p = after_sha + 1;
		/* "<length>\n<meta>\n" */
		char *q;
		unsigned long long n = strtoull(p, &q, 10);
		if (*q != '\n' || n > (unsigned long long)(end - q - 1) ||
				q + 1 + n >= end || q[1 + n] != '\n')
			return false;
		q[1 + n] = '\0';
		e.meta = json_loads(q + 1, 0, NULL);
		p = q + 2 + n;
		json_t *tables = json_object_get(e.meta, "tables");
		if (!json_is_array(tables))
			goto bad;
		e.n_tables = json_array_size(tables);
		e.docs = tvk_xcalloc(e.n_tables + 1, sizeof(*e.docs));
		e.values = tvk_xcalloc(e.n_tables + 1, sizeof(*e.values));
		for (size_t i = 0; i < e.n_tables; i++) {
			e.docs[i] = get_block(&p, end, "doc");
			e.values[i] = e.docs[i] ? get_block(&p, end, "values") :
				NULL;
			if (!e.values[i])
				goto bad;
		}
		e.record = cache->raw + (record - cache->buf);
		e.record_len = (size_t)(p - record);
		tvk_grow((void **)&cache->entries, &cap, cache->n + 1,
			sizeof(*cache->entries));
		cache->entries[cache->n++] = e;
		continue;
bad:
		json_decref(e.meta);
		free(e.docs);
		free(e.values);
		return false;
	}
	qsort(cache->entries, cache->n, sizeof(*cache->entries), by_sha);
	return true;
}

static void drop_entries(struct tvk_cache *cache)
{
	for (size_t i = 0; i < cache->n; i++) {
		json_decref(cache->entries[i].meta);
		free(cache->entries[i].docs);
		free(cache->entries[i].values);
	}
	free(cache->entries);
	cache->entries = NULL;
	cache->n = 0;
}

struct tvk_cache *tvk_cache_open(const char *out_dir)
{
	struct tvk_cache *cache = tvk_xcalloc(1, sizeof(*cache));
	char *path = tvk_xasprintf("%s/%s", out_dir, TVK_CACHE_FILE);
	FILE *f = fopen(path, "rb");
	free(path);
	if (!f)
		return cache;
	size_t cap = 1 << 16;
	cache->buf = tvk_xmalloc(cap);
	size_t got;
	while ((got = fread(cache->buf + cache->len, 1, cap - cache->len - 1,
			f)) > 0) {
		cache->len += got;
		if (cap - cache->len - 1 == 0) {
			cap *= 2;
			cache->buf = tvk_xrealloc(cache->buf, cap, 1);
		}
	}
	bool failed = ferror(f);
	fclose(f);
	cache->buf[cache->len] = '\0';
	cache->raw = tvk_xmalloc(cache->len + 1);
	memcpy(cache->raw, cache->buf, cache->len + 1);
	if (failed || !parse(cache))
		drop_entries(cache); /* a damaged cache is no cache */
	return cache;
}

void tvk_cache_close(struct tvk_cache *cache)
{
	if (!cache)
		return;
	drop_entries(cache);
	free(cache->buf);
	free(cache->raw);
	free(cache);
}

static int get_int(json_t *o, const char *key)
{
	return (int)json_integer_value(json_object_get(o, key));
}

static char *get_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? tvk_xstrdup(s) : NULL;
}

static bool load_result(json_t *o, const char *doc, const char *values,
		size_t index, const struct job *job, struct result *r)
{
	struct tvk_table_report *t = &r->report;
	const char *kind = json_string_value(json_object_get(o, "kind"));
	t->input = index;
	t->kind = kind && strcmp(kind, "national") == 0 ? TVK_TABLE_NATIONAL :
		TVK_TABLE_REGION;
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
	t->json = tvk_xstrdup(doc);
	r->values = tvk_xstrdup(values);
	r->layer = (enum tvk_text_layer)get_int(o, "layer");
	r->file = tvk_xstrdup(job->path);
	r->sha256 = tvk_xstrdup(job->input.sha256);
	if (t->last_page < t->first_page || t->first_page < 1 ||
			t->last_page - t->first_page > 100000 || !t->summary ||
			t->status > TVK_STATUS_INVALID)
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

bool tvk_cache_load(const struct tvk_cache *cache,
		const struct tvk_options *opt, size_t index, struct job *job)
{
	struct tvk_input_report *in = &job->input;
	/* Only reads: workers share the cache. */
	const struct cache_entry *e = find(cache, in->sha256);
	if (!e)
		return false;
	json_t *root = e->meta;
	const char *ocr = json_string_value(json_object_get(root, "ocr"));
	const char *file = json_string_value(json_object_get(root, "file"));
	json_t *tables = json_object_get(root, "tables");
	json_t *problems = json_object_get(root, "problems");
	json_t *second = json_object_get(root, "second_look");
	bool ok = ocr && strcmp(ocr, ocr_name(opt->ocr)) == 0 &&
		json_is_boolean(second) &&
		json_is_true(second) == !opt->no_second_look && file &&
		strcmp(file, job->path) == 0 && json_is_array(tables) &&
		json_is_array(problems);
	if (!ok)
		return false;
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
	job->n_results = e->n_tables;
	job->results = tvk_xcalloc(job->n_results ? job->n_results : 1,
		sizeof(*job->results));
	for (size_t i = 0; i < job->n_results && ok; i++)
		ok = load_result(json_array_get(tables, i), e->docs[i],
			e->values[i], index, job, &job->results[i]);
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
		json_object_set_new(o, "file", tvk_json_string(in->path));
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
			json_object_set_new(tj, "name", tvk_json_string(t->summary));
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
			json_array_append_new(problems, tvk_json_string(in->problems[k]));
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
