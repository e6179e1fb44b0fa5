/*
 * The JSON files tvk writes, read back (read.h): what emit.c writes,
 * decoded field by field into the struct tvk_document it came from.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/emit.h>
#include <tvk/schema.h>

#include "base/arena.h"
#include "base/files.h"
#include "base/macros.h"
#include "base/text.h"
#include "document/conform.h"
#include "document/document.h"
#include "document/read.h"
#include "gazetteer/gazetteer.h"

static json_t *obj(json_t *o, const char *key)
{
	return json_is_object(o) ? json_object_get(o, key) : NULL;
}

static char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(obj(o, key));
	return s ? tvk_xstrdup(s) : NULL;
}

static int integer(json_t *o, const char *key)
{
	json_t *v = obj(o, key);
	return json_is_integer(v) ? (int)json_integer_value(v) : 0;
}

static void place(json_t *o, struct tvk_document_place *p)
{
	*p = (struct tvk_document_place){.page = integer(o, "page")};
	json_t *box = obj(o, "box");
	if (p->page < 1 || !json_is_array(box) || json_array_size(box) != 4)
		return;
	double v[4];
	for (size_t i = 0; i < 4; i++) {
		json_t *x = json_array_get(box, i);
		/* a box beyond any page is not a place: drawn, it would
		 * overflow the review's hundredths */
		if (!json_is_number(x) || !(fabs(json_number_value(x)) <=
				TVK_COORD_LIMIT))
			return;
		v[i] = json_number_value(x);
	}
	p->box = (struct tvk_box){v[0], v[1], v[2], v[3]};
	p->has_box = true;
}

/* The municipality a row's is part of today: as the document says
 * (version 3), or, for a document that does not say, the gazetteer's. */
static void current(json_t *o, struct tvk_document_row *r)
{
	json_t *cur = obj(o, "current");
	if (!cur) {
		const struct tvk_municipality *m =
			tvk_gazetteer_current(r->code, NULL, NULL);
		r->current_code = m ? tvk_xstrdup(m->code) : NULL;
		r->current_name = m ? tvk_xstrdup(m->name) : NULL;
		return;
	}
	r->current_code = str(cur, "code");
	r->current_name = str(cur, "name");
	json_t *succ = obj(cur, "successors");
	size_t n = json_array_size(succ);
	if (n == 0)
		return;
	r->successors = tvk_xcalloc(n, sizeof(*r->successors));
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(succ, i);
		r->successors[r->n_successors++] = (struct tvk_document_successor){
			str(s, "code"), str(s, "name")};
	}
}

static void row(json_t *o, struct tvk_document_row *r, bool municipality)
{
	r->code = str(o, "code");
	r->name = str(o, "name");
	r->printed_name = str(o, "printed_name");
	if (municipality)
		current(o, r);
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		json_t *v = obj(o, tvk_field_name((enum tvk_field)f));
		r->counts[f].known = json_is_integer(v);
		r->counts[f].value = r->counts[f].known ?
			json_integer_value(v) : 0;
	}
	place(o, &r->place);
}

static enum tvk_text_layer layer_of(const char *name)
{
	if (name && strcmp(name, "ocr") == 0)
		return TVK_LAYER_OCR;
	if (name && strcmp(name, "pdf") == 0)
		return TVK_LAYER_PDF;
	return TVK_LAYER_NONE;
}

static void source(json_t *o, struct tvk_document_source *s)
{
	s->file = tvk_name_unescape(json_string_value(obj(o, "file")));
	s->sha256 = str(o, "sha256");
	json_t *pages = obj(o, "pages");
	size_t n = json_is_array(pages) ? json_array_size(pages) : 0;
	s->pages = tvk_xcalloc(n ? n : 1, sizeof(*s->pages));
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(pages, i);
		if (json_is_integer(p) && json_integer_value(p) >= 1 &&
				json_integer_value(p) <= 1000000)
			s->pages[s->n_pages++] = (int)json_integer_value(p);
	}
	s->layer = layer_of(json_string_value(obj(o, "text_layer")));
}

/* The kind named @name; false for a name this tvk does not know. */
static bool repair_kind(const char *name, enum tvk_repair_kind *kind)
{
	for (int k = 0; name && k <= TVK_REPAIR_PERIOD; k++)
		if (strcmp(tvk_repair_kind_name((enum tvk_repair_kind)k),
				name) == 0) {
			*kind = (enum tvk_repair_kind)k;
			return true;
		}
	return false;
}

static enum tvk_status status_of(const char *name)
{
	if (name && strcmp(name, "valid") == 0)
		return TVK_STATUS_VALID;
	if (name && strcmp(name, "repaired") == 0)
		return TVK_STATUS_REPAIRED;
	return TVK_STATUS_INVALID;
}

static void problems(json_t *list, struct tvk_document *d)
{
	size_t n = json_array_size(list);
	d->problems = tvk_xcalloc(n ? n : 1, sizeof(*d->problems));
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(list, i);
		/* version 1 wrote problems as strings */
		const char *text = json_string_value(p);
		struct tvk_document_problem *q = &d->problems[d->n_problems++];
		if (text) {
			q->check = tvk_xstrdup("");
			q->message = tvk_xstrdup(text);
			continue;
		}
		const char *severity = json_string_value(obj(p, "severity"));
		q->warning = severity && strcmp(severity, "warning") == 0;
		q->check = str(p, "check");
		q->subject = str(p, "subject");
		q->field = str(p, "field");
		q->message = str(p, "message");
		place(p, &q->place);
	}
}

static void repairs(json_t *list, struct tvk_document *d)
{
	size_t n = json_array_size(list);
	d->repairs = tvk_xcalloc(n ? n : 1, sizeof(*d->repairs));
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(list, i);
		enum tvk_repair_kind kind;
		if (!repair_kind(json_string_value(obj(r, "kind")), &kind))
			continue;
		struct tvk_document_repair *q = &d->repairs[d->n_repairs++];
		q->kind = kind;
		q->subject = str(r, "subject");
		q->field = str(r, "field");
		q->printed = str(r, "printed");
		json_t *value = obj(r, "value");
		q->has_value = json_is_integer(value);
		q->value = q->has_value ? json_integer_value(value) : 0;
		q->text = str(r, "value");
		q->evidence = str(r, "evidence");
		place(r, &q->place);
	}
}

static void target_group(json_t *o, struct tvk_document_register *reg)
{
	json_t *persons = obj(o, "persons"), *pct = obj(o, "known_in_sonar_pct");
	*reg = (struct tvk_document_register){
		.present = json_is_object(o),
		.persons_known = json_is_integer(persons),
		.pct_known = json_is_integer(pct),
		.persons = json_is_integer(persons) ?
			json_integer_value(persons) : 0,
		.pct = json_is_integer(pct) ? (int)json_integer_value(pct) : 0};
}

static struct tvk_document *document(json_t *j)
{
	struct tvk_document *d = tvk_document_create();
	bool national = !json_is_array(obj(j, "municipalities"));
	d->kind = national ? TVK_TABLE_NATIONAL : TVK_TABLE_REGION;
	json_t *period = obj(j, "period");
	d->year = integer(period, "year");
	d->quarter = integer(period, "quarter");
	d->period_printed = str(period, "label");
	if (!national) {
		json_t *region = obj(j, "region");
		d->region = integer(region, "code");
		d->region_name = str(region, "name");
		d->region_printed = str(region, "printed_name");
		json_t *rows = obj(j, "municipalities");
		d->n_rows = json_array_size(rows);
		d->rows = tvk_xcalloc(d->n_rows ? d->n_rows : 1,
			sizeof(*d->rows));
		for (size_t i = 0; i < d->n_rows; i++)
			row(json_array_get(rows, i), &d->rows[i], true);
		row(obj(j, "region_total"), &d->total, false);
		target_group(obj(j, "target_group_register"),
			&d->target_group);
	} else {
		row(obj(j, "total"), &d->total, false);
	}

	json_t *validation = obj(j, "validation");
	d->status = status_of(json_string_value(obj(validation, "status")));
	problems(obj(validation, "problems"), d);
	repairs(obj(j, "repairs"), d);

	source(obj(j, "source"), &d->source);
	if (d->source.n_pages > 0) {
		d->first_page = d->source.pages[0];
		d->last_page = d->source.pages[d->source.n_pages - 1];
	}
	json_t *also = obj(j, "also_in");
	for (size_t i = 0; i < json_array_size(also); i++) {
		struct tvk_document_source s = {0};
		source(json_array_get(also, i), &s);
		tvk_document_add_also_in(d, &s);
		free(s.file);
		free(s.sha256);
		free(s.pages);
	}
	return d;
}

/* The inputs of a record that name a file. */
static void record_inputs(json_t *j, struct tvk_json_file *out)
{
	json_t *list = obj(j, "inputs");
	size_t n = json_array_size(list);
	out->inputs = tvk_xcalloc(n ? n : 1, sizeof(*out->inputs));
	for (size_t i = 0; i < n; i++) {
		json_t *in = json_array_get(list, i);
		char *file = tvk_name_unescape(json_string_value(obj(in,
			"file")));
		if (file)
			out->inputs[out->n_inputs++] = (struct tvk_record_input){
				file, str(in, "status"), str(in, "error")};
	}
}

/*
 * A document of this tvk's schema_version is held to its schema before
 * it is decoded: what the schema forbids (a count of -5 or 1.5, a year
 * given as text) would otherwise be read as a count or as "not read" and
 * reach a dataset, whose own package it then breaks.  Older versions are
 * decoded as they were written; their schemas are not kept.
 */
static bool conforms(json_t *j, bool national, struct tvk_json_file *out)
{
	if (json_integer_value(obj(j, "schema_version")) != TVK_SCHEMA_VERSION)
		return true;
	char why[512];
	if (tvk_conform(national ? tvk_schema_national() : tvk_schema_region(),
			j, why, sizeof(why)))
		return true;
	out->text = tvk_xstrdup(why);
	return false;
}

/*
 * A relative source: tvk writes a PDF inside the output folder relative
 * to it, and a document lies two folders down (OUT/2025-Q2/x.json), so
 * the PDF is found from the document's place; a relative path that is
 * not there is an older tvk's, as given to convert, and stays.
 */
static void locate(struct tvk_document_source *s, const char *json_path)
{
	if (!s->file || s->file[0] == '/')
		return;
	size_t n = strlen(json_path);
	for (int up = 0; up < 2; up++) {
		while (n > 0 && json_path[n - 1] != '/')
			n--;
		while (n > 0 && json_path[n - 1] == '/')
			n--;
	}
	char *found = n ? tvk_xasprintf("%.*s/%s", (int)n, json_path,
		s->file) : tvk_xstrdup(s->file);
	if (access(found, F_OK) == 0) {
		free(s->file);
		s->file = found;
	} else {
		free(found);
	}
}

static void locate_sources(struct tvk_document *d, const char *json_path)
{
	locate(&d->source, json_path);
	for (size_t i = 0; i < d->n_also_in; i++)
		locate(&d->also_in[i], json_path);
}

void tvk_json_file_read(const char *path, struct tvk_json_file *out)
{
	memset(out, 0, sizeof(*out));
	json_error_t jerr;
	/* O_NONBLOCK, and only a regular file read: what was a file when
	 * the folder was walked may be a FIFO by now */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t len = 0;
	char *bytes = fd >= 0 ? tvk_files_read_fd(fd, SIZE_MAX / 4, &len) :
		NULL;
	if (!bytes) {
		out->kind = TVK_JSON_DAMAGED;
		out->line = -1;
		out->text = tvk_xasprintf("cannot read: %s", errno == EINVAL ?
			"not a regular file" : strerror(errno));
		return;
	}
	json_t *j = json_loadb(bytes, len, 0, &jerr);
	free(bytes);
	if (!j) {
		out->kind = TVK_JSON_DAMAGED;
		out->line = jerr.line;
		out->text = tvk_xstrdup(jerr.text);
		return;
	}
	const char *generator = json_string_value(obj(obj(j, "generator"),
		"name"));
	json_t *version = obj(j, "schema_version");
	bool region = json_is_array(obj(j, "municipalities"));
	bool national = json_is_object(obj(j, "total")) &&
		json_is_object(obj(j, "regions_sum"));
	if (json_is_array(obj(j, "inputs")) && obj(j, "summary")) {
		out->kind = TVK_JSON_RECORD;
		record_inputs(j, out);
	} else if (json_is_array(obj(j, "resources"))) {
		out->kind = TVK_JSON_PACKAGE;
	} else if (!generator || strcmp(generator, "tvk") != 0 ||
			!json_is_integer(version) || (!region && !national)) {
		out->kind = TVK_JSON_FOREIGN;
	} else if (json_integer_value(version) < 1 ||
			json_integer_value(version) > TVK_SCHEMA_VERSION) {
		out->kind = TVK_JSON_VERSION;
		out->version = (long long)json_integer_value(version);
	} else if (!conforms(j, !region, out)) {
		out->kind = TVK_JSON_NONCONFORMING;
	} else {
		out->kind = TVK_JSON_DOCUMENT;
		out->doc = document(j);
		locate_sources(out->doc, path);
	}
	json_decref(j);
}

void tvk_json_file_finish(struct tvk_json_file *f)
{
	tvk_document_destroy(f->doc);
	free(f->text);
	for (size_t i = 0; i < f->n_inputs; i++) {
		free(f->inputs[i].file);
		free(f->inputs[i].status);
		free(f->inputs[i].error);
	}
	free(f->inputs);
	memset(f, 0, sizeof(*f));
}
