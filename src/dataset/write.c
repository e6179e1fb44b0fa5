/* The table as text: CSV (RFC 4180) and NDJSON. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"

#include "dataset/dataset.h"

/* RFC 4180: a field with the separator, a quote or a line break is
 * quoted, its quotes doubled. */
static void csv_field(struct tvk_buf *t, const char *s, char sep)
{
	char special[] = {sep, '"', '\r', '\n', '\0'};
	if (!strpbrk(s, special)) {
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

/*
 * A text a spreadsheet would take for a formula — one that begins with
 * '=', '+', '-', '@', a tab or a carriage return — is written with a "'" before it, as OWASP advises against CSV injection: a
 * name printed in a PDF ("=HYPERLINK(...)") or a file's name must reach
 * the reader as text, never run.  Every text of the CSV is treated so,
 * whatever its column: the documents read may say anything.
 */
static bool formula_like(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static void csv_value(struct tvk_buf *t, const struct value *v, char sep)
{
	char num[24];
	if (v->type == V_INT) {
		tvk_buf_add(t, num, tvk_int_str(v->i, num));
	} else if (v->type == V_STR && formula_like(v->s)) {
		char *quoted = tvk_xasprintf("'%s", v->s);
		csv_field(t, quoted, sep);
		free(quoted);
	} else if (v->type == V_STR) {
		csv_field(t, v->s, sep);
	} else if (v->type == V_BOOL) {
		tvk_buf_str(t, v->b ? "true" : "false");
	}
	/* null: an empty field, the package's missing value */
}

void tvk_dataset_csv(struct tvk_buf *t, const struct rows *rows,
		const struct column *const *cols, size_t n_cols, bool excel)
{
	char sep = excel ? ';' : ',';
	if (excel)
		tvk_buf_str(t, "\xEF\xBB\xBF");
	for (size_t c = 0; c < n_cols; c++) {
		if (c)
			tvk_buf_add(t, &sep, 1);
		tvk_buf_str(t, cols[c]->name);
	}
	tvk_buf_add(t, "\r\n", 2);
	for (size_t i = 0; i < rows->n; i++) {
		for (size_t c = 0; c < n_cols; c++) {
			if (c)
				tvk_buf_add(t, &sep, 1);
			struct value v;
			tvk_dataset_cell(cols[c], &rows->items[i], &v);
			csv_value(t, &v, sep);
		}
		tvk_buf_add(t, "\r\n", 2);
	}
}

void tvk_dataset_ndjson(struct tvk_buf *t, const struct rows *rows,
		const struct column *const *cols, size_t n_cols)
{
	for (size_t i = 0; i < rows->n; i++) {
		json_t *o = json_object();
		for (size_t c = 0; c < n_cols; c++) {
			struct value v;
			tvk_dataset_cell(cols[c], &rows->items[i], &v);
			json_t *j = v.type == V_INT ? json_integer(v.i) :
				v.type == V_STR ? json_string(v.s) :
				v.type == V_BOOL ? json_boolean(v.b) : NULL;
			json_object_set_new(o, cols[c]->name, j ? j : json_null());
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
