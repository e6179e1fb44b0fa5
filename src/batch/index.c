/*
 * DIR/index.json: the record of the output folder for people and
 * scripts — every input converted into it (by this run or an earlier
 * one), with its hash, pages, status and problems, the tables it gave and
 * where they went, and this run's figures.
 */
#include <stdio.h>
#include <string.h>

#include "batch/batch-internal.h"
#include "document/document.h"
#include "document/jsonw.h"

/* @path relative to @dir when it lies inside it. */
static const char *relative(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (path && strncmp(path, dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static void table(struct tvk_jw *w, const struct tvk_table_report *t,
		const char *out_dir)
{
	tvk_jw_elem(w);
	tvk_jw_open(w, '{');
	char period[32];
	snprintf(period, sizeof(period), "%04d-Q%d", t->year, t->quarter);
	tvk_jw_key_str(w, "period", period);
	tvk_jw_key(w, "region");
	if (t->kind == TVK_TABLE_NATIONAL || t->region == 0)
		tvk_jw_null(w);
	else
		tvk_jw_int(w, t->region);
	tvk_jw_key_str(w, "name", t->summary);
	tvk_jw_key(w, "pages");
	tvk_jw_open(w, '[');
	tvk_jw_elem(w);
	tvk_jw_int(w, t->first_page);
	tvk_jw_elem(w);
	tvk_jw_int(w, t->last_page);
	tvk_jw_close(w, ']');
	/* Where the table is on each of its pages, for a reviewer (and tvk
	 * review) to find it without reading the document. */
	tvk_jw_key(w, "extent");
	tvk_jw_open(w, '[');
	for (int page = t->first_page; t->doc && page >= 1 &&
			page <= t->last_page; page++) {
		struct tvk_box b;
		if (!tvk_document_extent(t->doc, page, &b))
			continue;
		tvk_jw_elem(w);
		tvk_jw_open(w, '{');
		tvk_jw_key_int(w, "page", page);
		tvk_jw_key(w, "box");
		const double v[4] = {b.x0, b.y0, b.x1, b.y1};
		tvk_jw_fixed2_row(w, v, 4);
		tvk_jw_close(w, '}');
	}
	tvk_jw_close(w, ']');
	tvk_jw_key_str(w, "status", tvk_status_name(t->status));
	tvk_jw_key_int(w, "repairs", (int64_t)t->n_repairs);
	tvk_jw_key_int(w, "problems", (int64_t)(t->n_problems + t->n_warnings));
	tvk_jw_key_str(w, "output", relative(t->path, out_dir));
	tvk_jw_key(w, "merged");
	tvk_jw_bool(w, t->merged);
	tvk_jw_key(w, "conflict");
	tvk_jw_bool(w, t->conflict);
	tvk_jw_close(w, '}');
}

static void input(struct tvk_jw *w, const struct tvk_batch_report *rep,
		size_t i, const char *out_dir)
{
	const struct tvk_input_report *in = &rep->inputs[i];
	tvk_jw_elem(w);
	tvk_jw_open(w, '{');
	tvk_jw_key_name(w, "file", in->path);
	tvk_jw_key_str(w, "sha256", in->sha256[0] ? in->sha256 : NULL);
	tvk_jw_key_int(w, "pages", in->pages);
	tvk_jw_key_str(w, "text_layer", tvk_text_layer_name(in->layer));
	tvk_jw_key_str(w, "status", in->error == TVK_OK ? "converted" :
		"failed");
	tvk_jw_key(w, "this_run");
	tvk_jw_bool(w, i < rep->n_inputs);
	tvk_jw_key(w, "from_cache");
	tvk_jw_bool(w, in->cached);
	tvk_jw_key(w, "error");
	if (in->error == TVK_OK)
		tvk_jw_null(w);
	else
		tvk_jw_str(w, in->message ? in->message : "");
	size_t written = 0;
	for (size_t k = 0; k < rep->n_tables; k++)
		written += rep->tables[k].input == i && rep->tables[k].path;
	tvk_jw_key_int(w, "tables_written", (int64_t)written);
	tvk_jw_key(w, "tables");
	tvk_jw_open(w, '[');
	for (size_t k = 0; k < rep->n_tables; k++)
		if (rep->tables[k].input == i)
			table(w, &rep->tables[k], out_dir);
	tvk_jw_close(w, ']');
	tvk_jw_key(w, "problems");
	tvk_jw_open(w, '[');
	for (size_t k = 0; k < in->n_problems; k++) {
		tvk_jw_elem(w);
		tvk_jw_str(w, in->problems[k]);
	}
	tvk_jw_close(w, ']');
	tvk_jw_close(w, '}');
}

char *tvk_index_text(const char *out_dir, const struct tvk_batch_report *rep)
{
	struct tvk_jw w;
	tvk_jw_init(&w, 0);
	tvk_jw_open(&w, '{');
	tvk_jw_key_int(&w, "schema_version", 1);
	tvk_jw_key(&w, "inputs");
	tvk_jw_open(&w, '[');
	for (size_t i = 0; i < rep->n_inputs + rep->n_earlier; i++)
		input(&w, rep, i, out_dir);
	tvk_jw_close(&w, ']');
	tvk_jw_key(&w, "summary");
	tvk_jw_open(&w, '{');
	tvk_jw_key_int(&w, "inputs", (int64_t)rep->n_inputs);
	tvk_jw_key_int(&w, "earlier_inputs", (int64_t)rep->n_earlier);
	tvk_jw_key_int(&w, "failed", (int64_t)rep->n_failed);
	tvk_jw_key_int(&w, "from_cache", (int64_t)rep->n_cached);
	tvk_jw_key_int(&w, "files_written", (int64_t)rep->n_written);
	tvk_jw_key_int(&w, "valid", (int64_t)rep->n_valid);
	tvk_jw_key_int(&w, "repaired", (int64_t)rep->n_repaired);
	tvk_jw_key_int(&w, "invalid", (int64_t)rep->n_invalid);
	tvk_jw_key_int(&w, "merged", (int64_t)rep->n_merged);
	tvk_jw_key_int(&w, "conflicts", (int64_t)rep->n_conflicts);
	tvk_jw_key_int(&w, "exit_status", rep->exit_status);
	tvk_jw_close(&w, '}');
	tvk_jw_generator(&w);
	tvk_jw_close(&w, '}');
	return tvk_jw_finish(&w);
}
