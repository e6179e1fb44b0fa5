/*
 * The emit stage: documents as JSON, in the contract's key order, through
 * the one writer (jsonw.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/emit.h>

#include "base/arena.h"
#include "base/files.h"
#include "base/path.h"
#include "base/text.h"
#include "document/emit.h"
#include "document/jsonw.h"
#include "gazetteer/gazetteer.h"

static void counts(struct tvk_jw *w, const struct tvk_document_count *c)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		tvk_jw_key(w, tvk_field_name((enum tvk_field)f));
		if (c[f].known)
			tvk_jw_int(w, c[f].value);
		else
			tvk_jw_null(w);
	}
}

static void plain_counts(struct tvk_jw *w, const int64_t v[TVK_N_FIELDS])
{
	tvk_jw_open(w, '{');
	for (int f = 0; f < TVK_N_FIELDS; f++)
		tvk_jw_key_int(w, tvk_field_name((enum tvk_field)f), v[f]);
	tvk_jw_close(w, '}');
}

/* "page" and "box" ([x0, y0, x1, y1] in points), null when not known. */
static void place(struct tvk_jw *w, const struct tvk_document_place *p)
{
	tvk_jw_key(w, "page");
	if (p->page > 0)
		tvk_jw_int(w, p->page);
	else
		tvk_jw_null(w);
	tvk_jw_key(w, "box");
	if (!p->has_box) {
		tvk_jw_null(w);
		return;
	}
	const double v[4] = {p->box.x0, p->box.y0, p->box.x1, p->box.y1};
	tvk_jw_fixed2_row(w, v, 4);
}

static void period(struct tvk_jw *w, const struct tvk_document *d)
{
	static const char *const ordinals[] = {"eerste", "tweede", "derde",
		"vierde"};
	static const char *const last_day[] = {"03-31", "06-30", "09-30",
		"12-31"};
	bool known = d->year > 0 && d->quarter >= 1 && d->quarter <= 4;
	tvk_jw_open(w, '{');
	tvk_jw_key(w, "year");
	known ? tvk_jw_int(w, d->year) : tvk_jw_null(w);
	tvk_jw_key(w, "quarter");
	known ? tvk_jw_int(w, d->quarter) : tvk_jw_null(w);
	if (known) {
		char label[64], date[16];
		snprintf(label, sizeof(label), "%s kwartaal %d",
			ordinals[d->quarter - 1], d->year);
		snprintf(date, sizeof(date), "%04d-%s", d->year,
			last_day[d->quarter - 1]);
		tvk_jw_key_str(w, "label", label);
		tvk_jw_key_str(w, "reference_date", date);
	} else {
		tvk_jw_key_str(w, "label", d->period_printed);
		tvk_jw_key(w, "reference_date");
		tvk_jw_null(w);
	}
	tvk_jw_close(w, '}');
}

static void total_row(struct tvk_jw *w, const struct tvk_document_row *r)
{
	tvk_jw_open(w, '{');
	counts(w, r->counts);
	place(w, &r->place);
	tvk_jw_close(w, '}');
}

static void validation(struct tvk_jw *w, const struct tvk_document *d)
{
	tvk_jw_open(w, '{');
	tvk_jw_key_str(w, "status", tvk_status_name(d->status));
	tvk_jw_key(w, "problems");
	tvk_jw_open(w, '[');
	for (size_t i = 0; i < d->n_problems; i++) {
		const struct tvk_document_problem *p = &d->problems[i];
		tvk_jw_elem(w);
		tvk_jw_open(w, '{');
		tvk_jw_key_str(w, "severity", p->warning ? "warning" : "error");
		tvk_jw_key_str(w, "check", p->check);
		tvk_jw_key_str(w, "subject", p->subject);
		tvk_jw_key_str(w, "field", p->field);
		tvk_jw_key_str(w, "message", p->message);
		place(w, &p->place);
		tvk_jw_close(w, '}');
	}
	tvk_jw_close(w, ']');
	tvk_jw_close(w, '}');
}

static void repairs(struct tvk_jw *w, const struct tvk_document *d)
{
	tvk_jw_open(w, '[');
	for (size_t i = 0; i < d->n_repairs; i++) {
		const struct tvk_document_repair *r = &d->repairs[i];
		tvk_jw_elem(w);
		tvk_jw_open(w, '{');
		tvk_jw_key_str(w, "subject", r->subject);
		tvk_jw_key_str(w, "field", r->field);
		tvk_jw_key_str(w, "kind", tvk_repair_kind_name(r->kind));
		tvk_jw_key_str(w, "printed", r->printed);
		tvk_jw_key(w, "value");
		if (r->has_value)
			tvk_jw_int(w, r->value);
		else
			tvk_jw_str(w, r->text);
		tvk_jw_key_str(w, "evidence", r->evidence);
		place(w, &r->place);
		tvk_jw_close(w, '}');
	}
	tvk_jw_close(w, ']');
}

/* @folder: the absolute output folder the document is written into, or
 * NULL; a source under it is written relative to it, so that the folder
 * can move with its PDFs. */
static void source(struct tvk_jw *w, const struct tvk_document_source *s,
		const char *folder)
{
	tvk_jw_open(w, '{');
	const char *under = s->file && folder ? tvk_path_under(s->file,
		folder) : NULL;
	tvk_jw_key_name(w, "file", under ? under : s->file);
	tvk_jw_key_str(w, "sha256", s->sha256);
	tvk_jw_key(w, "pages");
	tvk_jw_open(w, '[');
	for (size_t i = 0; i < s->n_pages; i++) {
		tvk_jw_elem(w);
		tvk_jw_int(w, s->pages[i]);
	}
	tvk_jw_close(w, ']');
	tvk_jw_key_str(w, "text_layer", tvk_text_layer_name(s->layer));
	tvk_jw_close(w, '}');
}

/*
 * The municipality a row's is part of today: {"code", "name"}; after a
 * split, code and name null and today's successors listed; null for a
 * row without a code.
 */
static void current(struct tvk_jw *w, const struct tvk_document_row *r)
{
	tvk_jw_key(w, "current");
	if (!r->current_code && r->n_successors == 0) {
		tvk_jw_null(w);
		return;
	}
	tvk_jw_open(w, '{');
	tvk_jw_key_str(w, "code", r->current_code);
	tvk_jw_key_str(w, "name", r->current_name);
	if (r->n_successors > 0) {
		tvk_jw_key(w, "successors");
		tvk_jw_open(w, '[');
		for (size_t i = 0; i < r->n_successors; i++) {
			tvk_jw_elem(w);
			tvk_jw_open(w, '{');
			tvk_jw_key_str(w, "code", r->successors[i].code);
			tvk_jw_key_str(w, "name", r->successors[i].name);
			tvk_jw_close(w, '}');
		}
		tvk_jw_close(w, ']');
	}
	tvk_jw_close(w, '}');
}

static void region(struct tvk_jw *w, const struct tvk_document *d)
{
	tvk_jw_key(w, "region");
	tvk_jw_open(w, '{');
	tvk_jw_key(w, "code");
	d->region ? tvk_jw_int(w, d->region) : tvk_jw_null(w);
	tvk_jw_key_str(w, "name", d->region_name);
	tvk_jw_key_str(w, "printed_name", d->region_printed);
	tvk_jw_close(w, '}');

	tvk_jw_key(w, "municipalities");
	tvk_jw_open(w, '[');
	for (size_t i = 0; i < d->n_rows; i++) {
		const struct tvk_document_row *r = &d->rows[i];
		tvk_jw_elem(w);
		tvk_jw_open(w, '{');
		tvk_jw_key_str(w, "code", r->code);
		tvk_jw_key_str(w, "name", r->name);
		tvk_jw_key_str(w, "printed_name", r->printed_name);
		current(w, r);
		counts(w, r->counts);
		place(w, &r->place);
		tvk_jw_close(w, '}');
	}
	tvk_jw_close(w, ']');

	tvk_jw_key(w, "region_total");
	total_row(w, &d->total);

	const struct tvk_document_register *reg = &d->target_group;
	tvk_jw_key(w, "target_group_register");
	if (reg->present) {
		tvk_jw_open(w, '{');
		tvk_jw_key(w, "persons");
		reg->persons_known ? tvk_jw_int(w, reg->persons) : tvk_jw_null(w);
		tvk_jw_key(w, "known_in_sonar_pct");
		reg->pct_known ? tvk_jw_int(w, reg->pct) : tvk_jw_null(w);
		tvk_jw_close(w, '}');
	} else {
		tvk_jw_null(w);
	}
}

static void national(struct tvk_jw *w, const struct tvk_document *d)
{
	tvk_jw_key(w, "total");
	total_row(w, &d->total);
	tvk_jw_key(w, "regions_sum");
	plain_counts(w, d->regions_sum);
	tvk_jw_key(w, "unattributed");
	plain_counts(w, d->unattributed);
	tvk_jw_key_int(w, "regions", (int64_t)d->n_regions);
}

char *tvk_emit_file_name(const char *raw)
{
	return tvk_name_escape(raw);
}

char *tvk_emit_document(const struct tvk_document *d, int depth)
{
	return tvk_emit_document_in(d, depth, NULL);
}

char *tvk_emit_document_in(const struct tvk_document *d, int depth,
		const char *folder)
{
	struct tvk_jw w;
	tvk_jw_init(&w, depth);
	tvk_jw_open(&w, '{');
	tvk_jw_key_int(&w, "schema_version", TVK_SCHEMA_VERSION);
	tvk_jw_key(&w, "period");
	period(&w, d);
	if (d->kind == TVK_TABLE_NATIONAL)
		national(&w, d);
	else
		region(&w, d);
	tvk_jw_key(&w, "validation");
	validation(&w, d);
	tvk_jw_key(&w, "repairs");
	repairs(&w, d);
	tvk_jw_key(&w, "source");
	source(&w, &d->source, folder);
	if (d->n_also_in) {
		tvk_jw_key(&w, "also_in");
		tvk_jw_open(&w, '[');
		for (size_t i = 0; i < d->n_also_in; i++) {
			tvk_jw_elem(&w);
			source(&w, &d->also_in[i], folder);
		}
		tvk_jw_close(&w, ']');
	}
	tvk_jw_generator(&w);
	tvk_jw_close(&w, '}');
	return tvk_jw_finish(&w);
}

char *tvk_emit_path(const char *dir, enum tvk_table_kind kind,
		const struct tvk_period *p, int region_code, int page, int copy)
{
	char when[32];
	if (p->year >= 1000 && p->year <= 9999 && p->quarter >= 1 &&
			p->quarter <= 4)
		snprintf(when, sizeof(when), "%04d-Q%d", p->year, p->quarter);
	else
		snprintf(when, sizeof(when), "unknown-period");

	char name[96];
	const struct tvk_region *r = tvk_gazetteer_region(region_code);
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

int tvk_emit_write(const char *path, const char *text, struct tvk_error *err)
{
	return tvk_files_write(path, text, strlen(text), err);
}
