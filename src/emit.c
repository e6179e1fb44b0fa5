/*
 * The emit stage.  Documents are built as jansson trees in a fixed key
 * order (jansson keeps insertion order) and dumped with a fixed indent, so
 * the same tables always give the same bytes.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/emit.h>
#include <tvk/gazetteer.h>

#include "config.h"
#include "util.h"

/* A JSON string; text that is not valid UTF-8 is kept with the bad bytes
 * replaced by U+FFFD rather than dropped. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t len = strlen(s);
	char *clean = tvk_xmalloc(3 * len + 1);
	char *p = clean;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			*p++ = (char)c;
		} else {
			memcpy(p, "\xEF\xBF\xBD", 3);
			p += 3;
		}
	}
	*p = '\0';
	j = json_string(clean);
	free(clean);
	return j ? j : json_null();
}

static json_t *jint(int64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *cell_json(const struct tvk_cell *c)
{
	return tvk_cell_known(c->state) ? jint(c->value) : json_null();
}

static void put_counts(json_t *obj, const struct tvk_row *row)
{
	for (int f = 0; f < TVK_N_FIELDS; f++)
		json_object_set_new(obj, tvk_field_name((enum tvk_field)f),
			cell_json(&row->cells[f]));
}

static json_t *counts_json(const int64_t v[TVK_N_FIELDS])
{
	json_t *obj = json_object();
	for (int f = 0; f < TVK_N_FIELDS; f++)
		json_object_set_new(obj, tvk_field_name((enum tvk_field)f),
			jint(v[f]));
	return obj;
}

static json_t *period_json(const struct tvk_period *p)
{
	static const char *const ordinals[] = {"eerste", "tweede", "derde",
		"vierde"};
	static const char *const last_day[] = {"03-31", "06-30", "09-30",
		"12-31"};
	json_t *obj = json_object();
	bool known = p->year > 0 && p->quarter >= 1 && p->quarter <= 4;
	json_object_set_new(obj, "year", known ? json_integer(p->year) :
		json_null());
	json_object_set_new(obj, "quarter", known ? json_integer(p->quarter) :
		json_null());
	if (known) {
		char label[64], date[16];
		snprintf(label, sizeof(label), "%s kwartaal %d",
			ordinals[p->quarter - 1], p->year);
		snprintf(date, sizeof(date), "%04d-%s", p->year,
			last_day[p->quarter - 1]);
		json_object_set_new(obj, "label", json_string(label));
		json_object_set_new(obj, "reference_date", json_string(date));
	} else {
		json_object_set_new(obj, "label", jstr(p->printed));
		json_object_set_new(obj, "reference_date", json_null());
	}
	return obj;
}

static json_t *validation_json(const struct tvk_table *t)
{
	json_t *obj = json_object();
	json_object_set_new(obj, "status", json_string(tvk_status_name(t->status)));
	json_t *problems = json_array();
	for (size_t i = 0; i < t->n_problems; i++) {
		const struct tvk_problem *p = &t->problems[i];
		json_t *pj = json_object();
		json_object_set_new(pj, "severity",
			json_string(p->warning ? "warning" : "error"));
		json_object_set_new(pj, "check", jstr(p->check));
		json_object_set_new(pj, "subject", jstr(p->subject));
		json_object_set_new(pj, "field", jstr(p->field));
		json_object_set_new(pj, "message", jstr(p->message));
		json_array_append_new(problems, pj);
	}
	json_object_set_new(obj, "problems", problems);
	return obj;
}

static json_t *repairs_json(const struct tvk_table *t)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < t->n_repairs; i++) {
		const struct tvk_repair *r = &t->repairs[i];
		json_t *rj = json_object();
		json_object_set_new(rj, "subject", jstr(r->subject));
		json_object_set_new(rj, "field", jstr(r->field));
		json_object_set_new(rj, "kind",
			json_string(tvk_repair_kind_name(r->kind)));
		json_object_set_new(rj, "printed", jstr(r->printed));
		json_object_set_new(rj, "value", r->has_value ? jint(r->value) :
			jstr(r->text));
		json_object_set_new(rj, "evidence", jstr(r->evidence));
		json_array_append_new(arr, rj);
	}
	return arr;
}

static json_t *source_json(const struct tvk_source *s)
{
	json_t *obj = json_object();
	json_object_set_new(obj, "file", jstr(s->file));
	json_object_set_new(obj, "sha256", jstr(s->sha256));
	json_t *pages = json_array();
	for (size_t i = 0; i < s->n_pages; i++)
		json_array_append_new(pages, json_integer(s->pages[i]));
	json_object_set_new(obj, "pages", pages);
	json_object_set_new(obj, "text_layer",
		json_string(tvk_text_layer_name(s->layer)));
	return obj;
}

static json_t *generator_json(void)
{
	json_t *obj = json_object();
	json_object_set_new(obj, "name", json_string("tvk"));
	json_object_set_new(obj, "version", json_string(TVK_VERSION));
	return obj;
}

static char *dump(json_t *root)
{
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text) {
		fputs("tvk: out of memory\n", stderr);
		abort();
	}
	/* A text file ends with a newline. */
	size_t len = strlen(text);
	char *out = tvk_xmalloc(len + 2);
	memcpy(out, text, len);
	out[len] = '\n';
	out[len + 1] = '\0';
	free(text);
	return out;
}

char *tvk_emit_region(const struct tvk_table *t,
		const struct tvk_source *sources, size_t n_sources)
{
	json_t *root = json_object();
	json_object_set_new(root, "schema_version",
		json_integer(TVK_SCHEMA_VERSION));
	json_object_set_new(root, "period", period_json(&t->period));

	const struct tvk_region *region = tvk_gazetteer_region(t->region);
	json_t *rj = json_object();
	json_object_set_new(rj, "code", region ? json_integer(region->code) :
		json_null());
	json_object_set_new(rj, "name", region ? jstr(region->name) :
		json_null());
	json_object_set_new(rj, "printed_name", jstr(t->region_printed));
	json_object_set_new(root, "region", rj);

	json_t *munis = json_array();
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tvk_row *row = &t->rows[i];
		const struct tvk_municipality *m = row->municipality;
		json_t *mj = json_object();
		json_object_set_new(mj, "code", m ? jstr(m->code) : json_null());
		json_object_set_new(mj, "name", m ? jstr(m->name) : json_null());
		json_object_set_new(mj, "printed_name", jstr(row->name));
		put_counts(mj, row);
		json_array_append_new(munis, mj);
	}
	json_object_set_new(root, "municipalities", munis);

	json_t *total = json_object();
	put_counts(total, &t->total);
	json_object_set_new(root, "region_total", total);

	const struct tvk_register *reg = &t->target_group;
	if (reg->present) {
		json_t *gj = json_object();
		json_object_set_new(gj, "persons", reg->persons_known ?
			jint(reg->persons) : json_null());
		json_object_set_new(gj, "known_in_sonar_pct", reg->pct_known ?
			json_integer(reg->pct) : json_null());
		json_object_set_new(root, "target_group_register", gj);
	} else {
		json_object_set_new(root, "target_group_register", json_null());
	}

	json_object_set_new(root, "validation", validation_json(t));
	json_object_set_new(root, "repairs", repairs_json(t));
	if (n_sources > 0)
		json_object_set_new(root, "source", source_json(&sources[0]));
	if (n_sources > 1) {
		json_t *also = json_array();
		for (size_t i = 1; i < n_sources; i++)
			json_array_append_new(also, source_json(&sources[i]));
		json_object_set_new(root, "also_in", also);
	}
	json_object_set_new(root, "generator", generator_json());
	return dump(root);
}

char *tvk_emit_national(const struct tvk_table *national,
		const struct tvk_national *residual,
		const struct tvk_source *source)
{
	json_t *root = json_object();
	json_object_set_new(root, "schema_version",
		json_integer(TVK_SCHEMA_VERSION));
	json_object_set_new(root, "period", period_json(&national->period));
	json_t *total = json_object();
	put_counts(total, &national->total);
	json_object_set_new(root, "total", total);
	json_object_set_new(root, "regions_sum",
		counts_json(residual->regions_sum));
	json_object_set_new(root, "unattributed",
		counts_json(residual->unattributed));
	json_object_set_new(root, "regions", json_integer(
		(json_int_t)residual->n_regions));
	json_object_set_new(root, "validation", validation_json(national));
	json_object_set_new(root, "repairs", repairs_json(national));
	if (source)
		json_object_set_new(root, "source", source_json(source));
	json_object_set_new(root, "generator", generator_json());
	return dump(root);
}

char *tvk_emit_path(const char *dir, enum tvk_table_kind kind,
		const struct tvk_period *period, int region, int page, int copy)
{
	char when[32];
	if (period->year >= 1000 && period->year <= 9999 &&
			period->quarter >= 1 && period->quarter <= 4)
		snprintf(when, sizeof(when), "%04d-Q%d", period->year,
			period->quarter);
	else
		snprintf(when, sizeof(when), "unknown-period");

	char name[96];
	const struct tvk_region *r = tvk_gazetteer_region(region);
	if (kind == TVK_TABLE_NATIONAL)
		snprintf(name, sizeof(name), "nederland");
	else if (r)
		snprintf(name, sizeof(name), "%02d-%s", r->code, r->slug);
	else
		snprintf(name, sizeof(name), "00-unknown-p%d", page);

	if (copy > 1)
		return tvk_xasprintf("%s/%s/%s.%d.json", dir, when, name, copy);
	return tvk_xasprintf("%s/%s/%s.json", dir, when, name);
}

/* Appends to a growing malloc'd string. */
struct text {
	char *s;
	size_t len, cap;
};

static void append(struct text *t, const char *fmt, ...) TVK_PRINTF(2, 3);

static void append(struct text *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		size_t room = t->cap - t->len;
		int n = vsnprintf(t->s + t->len, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if ((size_t)n < room) {
			t->len += (size_t)n;
			return;
		}
		tvk_grow((void **)&t->s, &t->cap, t->len + (size_t)n + 1, 1);
	}
}

static void append_cells(struct text *t, const struct tvk_row *row)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *c = &row->cells[f];
		if (tvk_cell_known(c->state))
			append(t, ",%lld", (long long)c->value);
		else
			append(t, ",-");
	}
}

/*
 * The values two inputs must agree on, one line per row.  Only compared
 * for equality, never parsed: a plain text is enough and much cheaper
 * than a JSON document.  Names enter only where no code was found.
 */
char *tvk_emit_values(const struct tvk_table *t)
{
	struct text out = {0};
	tvk_grow((void **)&out.s, &out.cap, 1024, 1);
	out.s[0] = '\0';
	append(&out, "%d-Q%d region %d\n", t->period.year, t->period.quarter,
		t->region);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tvk_row *row = &t->rows[i];
		append(&out, "%s", row->municipality ? row->municipality->code :
			"?");
		if (!row->municipality)
			append(&out, " %s", row->name ? row->name : "");
		append_cells(&out, &t->rows[i]);
		append(&out, "\n");
	}
	append(&out, "total");
	append_cells(&out, &t->total);
	const struct tvk_register *reg = &t->target_group;
	append(&out, "\nregister %lld %d\n",
		reg->present && reg->persons_known ? (long long)reg->persons : -1LL,
		reg->present && reg->pct_known ? reg->pct : -1);
	return out.s;
}

/* Re-inserts "generator" so that it stays the last key. */
static void move_generator_last(json_t *root)
{
	json_t *gen = json_object_get(root, "generator");
	if (!gen)
		return;
	json_incref(gen);
	json_object_del(root, "generator");
	json_object_set_new(root, "generator", gen);
}

static json_t *load(const char *json)
{
	json_error_t jerr;
	json_t *root = json_loads(json, 0, &jerr);
	if (!root) {
		/* Only documents this file made come here. */
		fprintf(stderr, "tvk: internal error: %s\n", jerr.text);
		abort();
	}
	return root;
}

char *tvk_emit_add_also_in(const char *json, const struct tvk_source *others,
		size_t n)
{
	json_t *root = load(json);
	json_t *also = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(also, source_json(&others[i]));
	json_object_set_new(root, "also_in", also);
	move_generator_last(root);
	return dump(root);
}

char *tvk_emit_mark_conflict(const char *json, const char *other_file,
		const char *other_path)
{
	json_t *root = load(json);
	json_t *validation = json_object_get(root, "validation");
	json_t *problems = json_object_get(validation, "problems");
	json_object_set_new(validation, "status", json_string("invalid"));
	json_t *pj = json_object();
	json_object_set_new(pj, "severity", json_string("error"));
	json_object_set_new(pj, "check", json_string("conflict"));
	json_object_set_new(pj, "subject", json_null());
	json_object_set_new(pj, "field", json_null());
	char *message = tvk_xasprintf("%s gives different values for this "
		"region and quarter (kept as %s)", other_file, other_path);
	json_object_set_new(pj, "message", jstr(message));
	free(message);
	json_array_append_new(problems, pj);
	return dump(root);
}

static int make_dirs(const char *path, struct tvk_error *err)
{
	char *copy = tvk_xstrdup(path);
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			tvk_error_set(err, TVK_ERR_IO, copy, 0,
				"cannot create directory: %s", strerror(errno));
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

int tvk_emit_write(const char *path, const char *text, struct tvk_error *err)
{
	if (make_dirs(path, err) != 0)
		return -1;
	size_t len = strlen(path);
	char *tmp = tvk_xmalloc(len + 32);
	int fd = -1;
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		snprintf(tmp, len + 32, "%s.tmp.%ld.%d", path, (long)getpid(),
			attempt);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		tvk_error_set(err, TVK_ERR_IO, path, 0, "cannot write: %s",
			strerror(errno));
		free(tmp);
		return -1;
	}
	size_t left = strlen(text);
	const char *p = text;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			tvk_error_set(err, TVK_ERR_IO, path, 0,
				"cannot write: %s",
				n < 0 ? strerror(errno) : "short write");
			close(fd);
			unlink(tmp);
			free(tmp);
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		tvk_error_set(err, TVK_ERR_IO, path, 0, "cannot write: %s",
			strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
