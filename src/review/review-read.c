/*
 * The documents of an output folder read back for the review page
 * (tvk_review_read in review.h): every JSON file tvk convert wrote, as
 * the struct tvk_document it was written from — as much of it as the page
 * shows (period, region, rows with their counts and places, total,
 * status, problems, repairs, sources) — and index.json's inputs.
 * Versions 1 to the current one are read; version 1 has no places, so
 * its tables are shown without marks.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include <tvk/emit.h>
#include <tvk/review.h>

#include "base/arena.h"
#include "base/dir.h"
#include "document/document.h"

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
		if (!json_is_number(x))
			return;
		v[i] = json_number_value(x);
	}
	p->box = (struct tvk_box){v[0], v[1], v[2], v[3]};
	p->has_box = true;
}

static void row(json_t *o, struct tvk_document_row *r)
{
	r->code = str(o, "code");
	r->name = str(o, "name");
	r->printed_name = str(o, "printed_name");
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
	s->file = str(o, "file");
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
			row(json_array_get(rows, i), &d->rows[i]);
		row(obj(j, "region_total"), &d->total);
	} else {
		row(obj(j, "total"), &d->total);
	}

	json_t *validation = obj(j, "validation");
	d->status = status_of(json_string_value(obj(validation, "status")));
	json_t *problems = obj(validation, "problems");
	size_t n = json_array_size(problems);
	d->problems = tvk_xcalloc(n ? n : 1, sizeof(*d->problems));
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(problems, i);
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

	json_t *repairs = obj(j, "repairs");
	n = json_array_size(repairs);
	d->repairs = tvk_xcalloc(n ? n : 1, sizeof(*d->repairs));
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(repairs, i);
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

struct reading {
	const struct tvk_review_options *opt;
	struct tvk_review_set *set;
	size_t cap_docs;
	char *index; /* the folder's index.json, read first */
	struct tvk_error *err;
};

static void note(struct reading *rd, const char *file, const char *message)
{
	if (rd->opt && rd->opt->note)
		rd->opt->note(rd->opt->note_data, file, message);
}

/* index.json's inputs, for the summary. */
static void inputs(struct reading *rd, json_t *j)
{
	json_t *list = obj(j, "inputs");
	size_t n = json_array_size(list);
	struct tvk_review_set *set = rd->set;
	set->inputs = tvk_xcalloc(n ? n : 1, sizeof(*set->inputs));
	for (size_t i = 0; i < n; i++) {
		json_t *in = json_array_get(list, i);
		char *file = str(in, "file");
		if (!file)
			continue;
		const char *status = json_string_value(obj(in, "status"));
		char *error = str(in, "error");
		if (!error && status && strcmp(status, "failed") == 0)
			error = tvk_xstrdup("failed");
		set->inputs[set->n_inputs++] = (struct tvk_review_input){file,
			error};
	}
}

static void read_json(struct reading *rd, const char *path, bool top)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);
	if (!j) {
		char *message = tvk_xasprintf("not valid JSON (line %d: %s); "
			"left out of the review", jerr.line, jerr.text);
		note(rd, path, message);
		free(message);
		rd->set->n_damaged++;
		return;
	}
	bool record = json_is_array(obj(j, "inputs")) && obj(j, "summary");
	if (record || json_is_array(obj(j, "resources"))) {
		/* the folder's own record of its runs (the top one), or a
		 * data package: passed over */
		if (record && top && rd->set->n_inputs == 0 && !rd->set->inputs)
			inputs(rd, j);
		json_decref(j);
		return;
	}
	const char *generator = json_string_value(obj(obj(j, "generator"),
		"name"));
	json_t *version = obj(j, "schema_version");
	bool region = json_is_array(obj(j, "municipalities"));
	bool national = json_is_object(obj(j, "total")) &&
		json_is_object(obj(j, "regions_sum"));
	const char *why = NULL;
	if (!generator || strcmp(generator, "tvk") != 0 ||
			!json_is_integer(version) || (!region && !national))
		why = "not a tvk document; left out of the review";
	else if (json_integer_value(version) < 1 ||
			json_integer_value(version) > TVK_SCHEMA_VERSION)
		why = "a schema_version this tvk does not read; left out of "
			"the review";
	if (why) {
		note(rd, path, why);
		json_decref(j);
		return;
	}
	struct tvk_review_set *set = rd->set;
	tvk_grow((void **)&set->docs, &rd->cap_docs, set->n_docs + 1,
		sizeof(*set->docs));
	set->docs[set->n_docs++] = document(j);
	json_decref(j);
}

/* A file of the walk (tvk_walk_fn): the JSON documents are read, the
 * index was already; a folder or file that cannot be reached is the
 * review's error. */
static int take_file(void *data, const char *path, const struct stat *st)
{
	struct reading *rd = data;
	if (!st)
		return tvk_error_set(rd->err, TVK_ERR_IO, path, 0,
			"cannot read: %s", strerror(errno));
	if (tvk_ends_with(path, ".json") && strcmp(path, rd->index) != 0)
		read_json(rd, path, false);
	return 0;
}

int tvk_review_read(const char *dir, const struct tvk_review_options *opt,
		struct tvk_review_set *set, struct tvk_error *err)
{
	memset(set, 0, sizeof(*set));
	struct reading rd = {.opt = opt, .set = set, .err = err,
		.index = tvk_xasprintf("%s/index.json", dir)};
	/* index.json first, so that the inputs are known in any order */
	struct stat st;
	if (stat(rd.index, &st) == 0 && S_ISREG(st.st_mode))
		read_json(&rd, rd.index, true);
	struct tvk_seen seen = {0};
	if (stat(dir, &st) == 0)
		tvk_seen_add(&seen, &st);
	int rc = tvk_walk(dir, &seen, take_file, &rd);
	tvk_seen_finish(&seen);
	free(rd.index);
	if (rc != 0) {
		tvk_review_set_finish(set);
		return -1;
	}
	return 0;
}

void tvk_review_set_finish(struct tvk_review_set *set)
{
	for (size_t i = 0; i < set->n_docs; i++)
		tvk_document_destroy(set->docs[i]);
	free(set->docs);
	for (size_t i = 0; i < set->n_inputs; i++) {
		free(set->inputs[i].file);
		free(set->inputs[i].error);
	}
	free(set->inputs);
	memset(set, 0, sizeof(*set));
}
