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
#include "emit-internal.h"
#include "text.h"
#include "util.h"

/* A JSON string; text that is not valid UTF-8 is kept with each bad byte
 * replaced by U+FFFD rather than dropped, as the writer below does. */
json_t *tvk_json_string(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t len = strlen(s);
	char *clean = tvk_xmalloc(3 * len + 1);
	char *p = clean;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = tvk_utf8_decode(s + i, len - i, &cp);
		if (n > 0) {
			memcpy(p, s + i, n);
			p += n;
			i += n;
		} else {
			memcpy(p, "\xEF\xBF\xBD", 3);
			p += 3;
			i++;
		}
	}
	*p = '\0';
	j = json_string(clean);
	free(clean);
	return j ? j : json_null();
}








static json_t *source_json(const struct tvk_source *s)
{
	json_t *obj = json_object();
	json_object_set_new(obj, "file", tvk_json_string(s->file));
	json_object_set_new(obj, "sha256", tvk_json_string(s->sha256));
	json_t *pages = json_array();
	for (size_t i = 0; i < s->n_pages; i++)
		json_array_append_new(pages, json_integer(s->pages[i]));
	json_object_set_new(obj, "pages", pages);
	json_object_set_new(obj, "text_layer",
		json_string(tvk_text_layer_name(s->layer)));
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

/* ---- a JSON writer for the documents ----------------------------------- */

/*
 * The documents are written directly, in exactly the layout jansson's
 * JSON_INDENT(2) gives (the merge step edits them with jansson, and a
 * test holds the two to the same bytes): building a jansson tree of a
 * few hundred nodes per table only to print it was a tenth of tvk's own
 * time in a batch.
 */
struct jw {
	struct tvk_buf out;
	int depth;
	bool empty[32]; /* the open container has no member yet */
};

static void jw_raw(struct jw *w, const char *s, size_t n)
{
	tvk_buf_add(&w->out, s, n);
}

static void jw_indent(struct jw *w)
{
	static const char spaces[] = "                                        "
		"                        ";
	jw_raw(w, "\n", 1);
	size_t n = 2 * (size_t)w->depth;
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		jw_raw(w, spaces, k);
		n -= k;
	}
}

/* Before a member or element: the comma and the line it goes on. */
static void jw_next(struct jw *w)
{
	if (w->depth == 0)
		return;
	if (!w->empty[w->depth])
		jw_raw(w, ",", 1);
	w->empty[w->depth] = false;
	jw_indent(w);
}

/*
 * A string as jansson escapes it: quote, backslash and control characters;
 * other bytes as they are (UTF-8), a byte that is not valid UTF-8 as
 * U+FFFD rather than dropped.
 */
static void jw_string_body(struct jw *w, const char *s)
{
	jw_raw(w, "\"", 1);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		const unsigned char *start = p;
		while (*p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80)
			p++;
		if (p > start)
			jw_raw(w, (const char *)start, (size_t)(p - start));
		if (!*p)
			break;
		if (*p < 0x80) {
			char esc[8];
			switch (*p) {
			case '"': jw_raw(w, "\\\"", 2); break;
			case '\\': jw_raw(w, "\\\\", 2); break;
			case '\b': jw_raw(w, "\\b", 2); break;
			case '\f': jw_raw(w, "\\f", 2); break;
			case '\n': jw_raw(w, "\\n", 2); break;
			case '\r': jw_raw(w, "\\r", 2); break;
			case '\t': jw_raw(w, "\\t", 2); break;
			default:
				snprintf(esc, sizeof(esc), "\\u%04X", *p);
				jw_raw(w, esc, 6);
			}
			p++;
			continue;
		}
		uint32_t cp;
		size_t n = tvk_utf8_decode((const char *)p, SIZE_MAX, &cp);
		if (n > 0) {
			jw_raw(w, (const char *)p, n);
			p += n;
		} else {
			jw_raw(w, "\xEF\xBF\xBD", 3);
			p++;
		}
	}
	jw_raw(w, "\"", 1);
}

static void jw_key(struct jw *w, const char *key)
{
	jw_next(w);
	jw_string_body(w, key);
	jw_raw(w, ": ", 2);
}

/* A value in an array (a member's value follows its key directly). */
static void jw_elem(struct jw *w)
{
	jw_next(w);
}

static void jw_open(struct jw *w, char c)
{
	jw_raw(w, &c, 1);
	w->empty[++w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	bool empty = w->empty[w->depth--];
	if (!empty)
		jw_indent(w);
	jw_raw(w, &c, 1);
}

static void jw_str(struct jw *w, const char *s)
{
	if (s)
		jw_string_body(w, s);
	else
		jw_raw(w, "null", 4);
}

static void jw_int(struct jw *w, int64_t v)
{
	char num[24];
	jw_raw(w, num, tvk_int_str(v, num));
}

static void jw_null(struct jw *w)
{
	jw_raw(w, "null", 4);
}

static void jw_bool_key_int(struct jw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

static void jw_cells(struct jw *w, const struct tvk_row *row)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		jw_key(w, tvk_field_name((enum tvk_field)f));
		if (tvk_cell_known(row->cells[f].state))
			jw_int(w, row->cells[f].value);
		else
			jw_null(w);
	}
}

static void jw_counts(struct jw *w, const int64_t v[TVK_N_FIELDS])
{
	jw_open(w, '{');
	for (int f = 0; f < TVK_N_FIELDS; f++)
		jw_bool_key_int(w, tvk_field_name((enum tvk_field)f), v[f]);
	jw_close(w, '}');
}

static void jw_period(struct jw *w, const struct tvk_period *p)
{
	static const char *const ordinals[] = {"eerste", "tweede", "derde",
		"vierde"};
	static const char *const last_day[] = {"03-31", "06-30", "09-30",
		"12-31"};
	bool known = p->year > 0 && p->quarter >= 1 && p->quarter <= 4;
	jw_open(w, '{');
	jw_key(w, "year");
	known ? jw_int(w, p->year) : jw_null(w);
	jw_key(w, "quarter");
	known ? jw_int(w, p->quarter) : jw_null(w);
	if (known) {
		char label[64], date[16];
		snprintf(label, sizeof(label), "%s kwartaal %d",
			ordinals[p->quarter - 1], p->year);
		snprintf(date, sizeof(date), "%04d-%s", p->year,
			last_day[p->quarter - 1]);
		jw_key(w, "label");
		jw_str(w, label);
		jw_key(w, "reference_date");
		jw_str(w, date);
	} else {
		jw_key(w, "label");
		jw_str(w, p->printed);
		jw_key(w, "reference_date");
		jw_null(w);
	}
	jw_close(w, '}');
}

static void jw_validation(struct jw *w, const struct tvk_table *t)
{
	jw_open(w, '{');
	jw_key(w, "status");
	jw_str(w, tvk_status_name(t->status));
	jw_key(w, "problems");
	jw_open(w, '[');
	for (size_t i = 0; i < t->n_problems; i++) {
		const struct tvk_problem *p = &t->problems[i];
		jw_elem(w);
		jw_open(w, '{');
		jw_key(w, "severity");
		jw_str(w, p->warning ? "warning" : "error");
		jw_key(w, "check");
		jw_str(w, p->check);
		jw_key(w, "subject");
		jw_str(w, p->subject);
		jw_key(w, "field");
		jw_str(w, p->field);
		jw_key(w, "message");
		jw_str(w, p->message);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

static void jw_repairs(struct jw *w, const struct tvk_table *t)
{
	jw_open(w, '[');
	for (size_t i = 0; i < t->n_repairs; i++) {
		const struct tvk_repair *r = &t->repairs[i];
		jw_elem(w);
		jw_open(w, '{');
		jw_key(w, "subject");
		jw_str(w, r->subject);
		jw_key(w, "field");
		jw_str(w, r->field);
		jw_key(w, "kind");
		jw_str(w, tvk_repair_kind_name(r->kind));
		jw_key(w, "printed");
		jw_str(w, r->printed);
		jw_key(w, "value");
		if (r->has_value)
			jw_int(w, r->value);
		else
			jw_str(w, r->text);
		jw_key(w, "evidence");
		jw_str(w, r->evidence);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void jw_source(struct jw *w, const struct tvk_source *s)
{
	jw_open(w, '{');
	jw_key(w, "file");
	jw_str(w, s->file);
	jw_key(w, "sha256");
	jw_str(w, s->sha256);
	jw_key(w, "pages");
	jw_open(w, '[');
	for (size_t i = 0; i < s->n_pages; i++) {
		jw_elem(w);
		jw_int(w, s->pages[i]);
	}
	jw_close(w, ']');
	jw_key(w, "text_layer");
	jw_str(w, tvk_text_layer_name(s->layer));
	jw_close(w, '}');
}

static void jw_generator(struct jw *w)
{
	jw_open(w, '{');
	jw_key(w, "name");
	jw_str(w, "tvk");
	jw_key(w, "version");
	jw_str(w, TVK_VERSION);
	jw_close(w, '}');
}

static char *jw_finish(struct jw *w)
{
	jw_raw(w, "\n", 1);
	return w->out.s;
}

char *tvk_emit_region(const struct tvk_table *t,
		const struct tvk_source *sources, size_t n_sources)
{
	struct jw w = {0};
	jw_open(&w, '{');
	jw_bool_key_int(&w, "schema_version", TVK_SCHEMA_VERSION);
	jw_key(&w, "period");
	jw_period(&w, &t->period);

	const struct tvk_region *region = tvk_gazetteer_region(t->region);
	jw_key(&w, "region");
	jw_open(&w, '{');
	jw_key(&w, "code");
	region ? jw_int(&w, region->code) : jw_null(&w);
	jw_key(&w, "name");
	jw_str(&w, region ? region->name : NULL);
	jw_key(&w, "printed_name");
	jw_str(&w, t->region_printed);
	jw_close(&w, '}');

	jw_key(&w, "municipalities");
	jw_open(&w, '[');
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tvk_row *row = &t->rows[i];
		const struct tvk_municipality *m = row->municipality;
		jw_elem(&w);
		jw_open(&w, '{');
		jw_key(&w, "code");
		jw_str(&w, m ? m->code : NULL);
		jw_key(&w, "name");
		jw_str(&w, m ? m->name : NULL);
		jw_key(&w, "printed_name");
		jw_str(&w, row->name);
		jw_cells(&w, row);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');

	jw_key(&w, "region_total");
	jw_open(&w, '{');
	jw_cells(&w, &t->total);
	jw_close(&w, '}');

	const struct tvk_register *reg = &t->target_group;
	jw_key(&w, "target_group_register");
	if (reg->present) {
		jw_open(&w, '{');
		jw_key(&w, "persons");
		reg->persons_known ? jw_int(&w, reg->persons) : jw_null(&w);
		jw_key(&w, "known_in_sonar_pct");
		reg->pct_known ? jw_int(&w, reg->pct) : jw_null(&w);
		jw_close(&w, '}');
	} else {
		jw_null(&w);
	}

	jw_key(&w, "validation");
	jw_validation(&w, t);
	jw_key(&w, "repairs");
	jw_repairs(&w, t);
	if (n_sources > 0) {
		jw_key(&w, "source");
		jw_source(&w, &sources[0]);
	}
	if (n_sources > 1) {
		jw_key(&w, "also_in");
		jw_open(&w, '[');
		for (size_t i = 1; i < n_sources; i++) {
			jw_elem(&w);
			jw_source(&w, &sources[i]);
		}
		jw_close(&w, ']');
	}
	jw_key(&w, "generator");
	jw_generator(&w);
	jw_close(&w, '}');
	return jw_finish(&w);
}

char *tvk_emit_national(const struct tvk_table *national,
		const struct tvk_national *residual,
		const struct tvk_source *source)
{
	struct jw w = {0};
	jw_open(&w, '{');
	jw_bool_key_int(&w, "schema_version", TVK_SCHEMA_VERSION);
	jw_key(&w, "period");
	jw_period(&w, &national->period);
	jw_key(&w, "total");
	jw_open(&w, '{');
	jw_cells(&w, &national->total);
	jw_close(&w, '}');
	jw_key(&w, "regions_sum");
	jw_counts(&w, residual->regions_sum);
	jw_key(&w, "unattributed");
	jw_counts(&w, residual->unattributed);
	jw_bool_key_int(&w, "regions", (int64_t)residual->n_regions);
	jw_key(&w, "validation");
	jw_validation(&w, national);
	jw_key(&w, "repairs");
	jw_repairs(&w, national);
	if (source) {
		jw_key(&w, "source");
		jw_source(&w, source);
	}
	jw_key(&w, "generator");
	jw_generator(&w);
	jw_close(&w, '}');
	return jw_finish(&w);
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

static void append_cells(struct tvk_buf *t, const struct tvk_row *row)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *c = &row->cells[f];
		char num[24];
		tvk_buf_add(t, ",", 1);
		if (tvk_cell_known(c->state))
			tvk_buf_add(t, num, tvk_int_str(c->value, num));
		else
			tvk_buf_add(t, "-", 1);
	}
}

/*
 * The values two inputs must agree on, one line per row.  Only compared
 * for equality, never parsed: a plain text is enough and much cheaper
 * than a JSON document.  Names enter only where no code was found.
 */
char *tvk_emit_values(const struct tvk_table *t)
{
	struct tvk_buf out = {0};
	tvk_buf_printf(&out, "%d-Q%d region %d\n", t->period.year, t->period.quarter,
		t->region);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tvk_row *row = &t->rows[i];
		tvk_buf_printf(&out, "%s", row->municipality ? row->municipality->code :
			"?");
		if (!row->municipality)
			tvk_buf_printf(&out, " %s", row->name ? row->name : "");
		append_cells(&out, &t->rows[i]);
		tvk_buf_printf(&out, "\n");
	}
	tvk_buf_printf(&out, "total");
	append_cells(&out, &t->total);
	const struct tvk_register *reg = &t->target_group;
	tvk_buf_printf(&out, "\nregister %lld %d\n",
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
	json_object_set_new(pj, "message", tvk_json_string(message));
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
	size_t len = strlen(path);
	char *tmp = tvk_xmalloc(len + 32);
	int fd = -1;
	bool made_dirs = false;
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		snprintf(tmp, len + 32, "%s.tmp.%ld.%d", path, (long)getpid(),
			attempt);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		/* The folders are made when they are missing, not checked
		 * before every file. */
		if (fd < 0 && errno == ENOENT && !made_dirs) {
			made_dirs = true;
			if (make_dirs(path, err) != 0) {
				free(tmp);
				return -1;
			}
			attempt--;
			continue;
		}
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
