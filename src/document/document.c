/*
 * Documents from the pipeline's tables.  tvk_document_build() is the one
 * place outside the pipeline's stages that reads what they made of a
 * table (struct tvk_input_table: raw table, reading, verdict): when those
 * change, this function is what follows them.
 */
#include <stdlib.h>
#include <string.h>

#include <tvk/document.h>

#include "base/arena.h"
#include "base/path.h"
#include "document/document.h"
#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "pipeline/convert.h"
#include "read/pdf.h"
#include "repair/repair.h"
#include "table/table.h"
#include "validate/validate.h"

static char *dup(const char *s)
{
	return s ? tvk_xstrdup(s) : NULL;
}

static bool has_area(const struct tvk_box *b)
{
	return b->x1 > b->x0 || b->y1 > b->y0;
}

static struct tvk_document_place row_place(const struct tvk_row *row)
{
	return (struct tvk_document_place){.page = row->page,
		.has_box = row->page > 0 && has_area(&row->box),
		.box = row->box};
}

static void put_row(struct tvk_document_row *out, const struct tvk_row *raw,
		const struct tvk_row_reading *row)
{
	const struct tvk_municipality *m = row->municipality;
	out->code = dup(m ? m->code : NULL);
	out->name = dup(m ? m->name : NULL);
	out->printed_name = dup(row->name);
	/* The municipality it is part of today, for series across mergers;
	 * after a split, today's municipalities that share its territory. */
	const struct tvk_municipality *const *successors = NULL;
	size_t n = 0;
	const struct tvk_municipality *now = m ?
		tvk_gazetteer_current(m->code, &successors, &n) : NULL;
	out->current_code = dup(now ? now->code : NULL);
	out->current_name = dup(now ? now->name : NULL);
	if (n > 0) {
		out->successors = tvk_xcalloc(n, sizeof(*out->successors));
		for (size_t i = 0; i < n; i++)
			out->successors[i] = (struct tvk_document_successor){
				dup(successors[i]->code), dup(successors[i]->name)};
		out->n_successors = n;
	}
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *c = &row->cells[f];
		out->counts[f].known = tvk_cell_known(c->state);
		out->counts[f].value = out->counts[f].known ? c->value : 0;
	}
	out->place = row_place(raw);
}

/*
 * Where a repair or a problem is: the cell of its row and field — the
 * token printed there, or, for an empty cell, where its column crosses
 * its row's band; its row's band for a row; its column, from the first
 * row to the total, for a column; nowhere for the table as a whole.
 */
static struct tvk_document_place place_of(const struct tvk_input_table *dt,
		size_t r, int f)
{
	const struct tvk_table *t = &dt->raw;
	struct tvk_document_place none = {0};
	bool column = f >= 0 && f < TVK_N_FIELDS && t->column_right[f] > 0;
	if (r == TVK_NO_ROW) {
		if (!column || !t->has_total || t->n_rows == 0 ||
				t->rows[0].page != t->total.page)
			return none;
		return (struct tvk_document_place){.page = t->total.page,
			.has_box = true, .box = {t->column_left[f],
			t->rows[0].box.y0, t->column_right[f],
			t->total.box.y1}};
	}
	if (r > t->n_rows || (r == t->n_rows && !t->has_total))
		return none;
	const struct tvk_row *raw = r < t->n_rows ? &t->rows[r] : &t->total;
	struct tvk_document_place place = row_place(raw);
	if (f < 0 || f >= TVK_N_FIELDS)
		return place;
	const struct tvk_cell *cell =
		&tvk_reading_row(&dt->reading, t, r)->cells[f];
	if (has_area(&cell->box)) {
		place.box = cell->box;
		place.has_box = true;
	} else if (column) {
		place.box.x0 = t->column_left[f];
		place.box.x1 = t->column_right[f];
	}
	return place;
}

/*
 * A repair or problem about a name (or the code found from it) is where
 * the name's words are printed: the row's lead tokens, from where the
 * region label's end (with them for a label-fragment, which is about the
 * label); a row's band when they have no boxes.
 */
static struct tvk_document_place name_place(const struct tvk_input_table *dt,
		size_t r, const char *field, bool with_label,
		struct tvk_document_place place)
{
	const struct tvk_table *t = &dt->raw;
	if (!field || (strcmp(field, "name") != 0 && strcmp(field, "code") != 0)
			|| !place.has_box || r >= t->n_rows)
		return place;
	const struct tvk_row *row = &t->rows[r];
	size_t from = with_label ? 0 : row->n_label_tokens;
	bool any = false;
	for (size_t i = from; i < row->n_lead_tokens; i++) {
		const struct tvk_box *b = &row->lead_tokens[i].box;
		if (!has_area(b))
			continue;
		if (!any)
			place.box = *b;
		place.box.x0 = b->x0 < place.box.x0 ? b->x0 : place.box.x0;
		place.box.y0 = b->y0 < place.box.y0 ? b->y0 : place.box.y0;
		place.box.x1 = b->x1 > place.box.x1 ? b->x1 : place.box.x1;
		place.box.y1 = b->y1 > place.box.y1 ? b->y1 : place.box.y1;
		any = true;
	}
	return place;
}

/*
 * A place as the pipeline has it, moved onto the page it is printed on,
 * in the coordinates of that page as displayed: a cell of a table printed
 * column-wise over pages is on the page its column went to
 * (tvk_table_place()), and a page whose text runs sideways was read
 * turned upright (tvk_pdf_box_as_displayed()).
 */
static void as_displayed(const struct tvk_input *input,
		const struct tvk_table *t, struct tvk_document_place *p)
{
	if (p->page < 1 || !p->has_box)
		return;
	p->page = tvk_table_place(t, p->page, &p->box);
	if (input->pages && p->page <= input->n_pages)
		p->box = tvk_pdf_box_as_displayed(&input->pages[p->page - 1],
			p->box);
}

static enum tvk_text_layer layer_of(const struct tvk_input *input, int first,
		int last)
{
	enum tvk_text_layer layer = TVK_LAYER_NONE;
	for (int p = first < 1 ? 1 : first; p <= last && p <= input->n_pages; p++) {
		if (input->pages[p - 1].layer == TVK_LAYER_OCR)
			return TVK_LAYER_OCR;
		if (input->pages[p - 1].layer == TVK_LAYER_PDF)
			layer = TVK_LAYER_PDF;
	}
	return layer;
}

/* The national row against the regions of the same input and quarter. */
static void put_residual(struct tvk_document *d, const struct tvk_input *input,
		const struct tvk_input_table *national)
{
	const struct tvk_period *period = &national->raw.period;
	struct tvk_region_total *regions = tvk_xcalloc(input->n_tables,
		sizeof(*regions));
	size_t n = 0;
	for (size_t i = 0; i < input->n_tables; i++) {
		const struct tvk_input_table *t = &input->tables[i];
		if (t->raw.kind == TVK_TABLE_REGION &&
				t->raw.period.year == period->year &&
				t->raw.period.quarter == period->quarter)
			regions[n++] = (struct tvk_region_total){
				t->reading.region, t->raw.has_total ?
				&t->reading.total : NULL};
	}
	struct tvk_national residual;
	tvk_validate_national(period, national->raw.has_total ?
		&national->reading.total : NULL, regions, n, &residual);
	free(regions);
	memcpy(d->regions_sum, residual.regions_sum, sizeof(d->regions_sum));
	memcpy(d->unattributed, residual.unattributed, sizeof(d->unattributed));
	d->n_regions = residual.n_regions;
	if (!residual.complete) {
		char *message = tvk_xasprintf("regions_sum covers %zu of the %d "
			"regions (or a region total is unknown): the residual "
			"is incomplete", residual.n_regions, TVK_N_REGIONS);
		tvk_document_add_problem(d, true, "regions", NULL, NULL,
			message);
		free(message);
	}
}

static struct tvk_document *build_one(const struct tvk_input *input,
		const struct tvk_input_table *dt)
{
	const struct tvk_table *t = &dt->raw;
	const struct tvk_reading *rd = &dt->reading;
	const struct tvk_verdict *v = &dt->verdict;
	struct tvk_document *d = tvk_document_create();
	d->kind = t->kind;
	d->year = t->period.year;
	d->quarter = t->period.quarter;
	d->period_printed = dup(t->period.printed);
	const struct tvk_region *region = t->kind == TVK_TABLE_REGION ?
		tvk_gazetteer_region(rd->region) : NULL;
	d->region = region ? region->code : 0;
	/* its name in that quarter ("Stedendriehoek en Noordwest Veluwe"
	 * until 2023) */
	d->region_name = dup(region ? tvk_gazetteer_region_name(region->code,
		tvk_quarter_date(t->period.year, t->period.quarter)) : NULL);
	d->region_printed = dup(rd->region_printed);
	d->first_page = t->first_page;
	d->last_page = t->last_page;

	d->n_rows = t->n_rows;
	d->rows = tvk_xcalloc(t->n_rows, sizeof(*d->rows));
	for (size_t i = 0; i < t->n_rows; i++)
		put_row(&d->rows[i], &t->rows[i], &rd->rows[i]);
	put_row(&d->total, &t->total, &rd->total);
	if (!t->has_total)
		d->total.place = (struct tvk_document_place){0};

	const struct tvk_register *reg = &rd->target_group;
	d->target_group = (struct tvk_document_register){
		.present = reg->present,
		.persons_known = reg->present && reg->persons_known,
		.pct_known = reg->present && reg->pct_known,
		.persons = reg->persons, .pct = reg->pct};

	d->status = v->status;
	d->n_repairs = rd->repairs.n;
	d->repairs = tvk_xcalloc(rd->repairs.n, sizeof(*d->repairs));
	for (size_t i = 0; i < rd->repairs.n; i++) {
		const struct tvk_repair *r = &rd->repairs.items[i];
		d->repairs[i] = (struct tvk_document_repair){
			.kind = r->kind, .subject = dup(r->subject),
			.field = dup(r->field), .printed = dup(r->printed),
			.has_value = r->has_value, .value = r->value,
			.text = dup(r->text), .evidence = dup(r->evidence),
			.place = name_place(dt, r->row, r->field,
				r->kind == TVK_REPAIR_LABEL_FRAGMENT,
				place_of(dt, r->row, r->field_index))};
	}
	d->n_problems = v->problems.n;
	d->problems = tvk_xcalloc(v->problems.n, sizeof(*d->problems));
	for (size_t i = 0; i < v->problems.n; i++) {
		const struct tvk_problem *p = &v->problems.items[i];
		d->problems[i] = (struct tvk_document_problem){
			.warning = p->warning, .check = dup(p->check),
			.subject = dup(p->subject), .field = dup(p->field),
			.message = dup(p->message),
			.place = name_place(dt, p->row, p->field, false,
				place_of(dt, p->row, p->field_index))};
	}

	/* The path as given made absolute: the document finds its PDF
	 * from any folder (the batch writes it relative to the output
	 * folder when the PDF is inside it). */
	d->source.file = tvk_path_from_cwd(input->path);
	d->source.sha256 = input->sha256[0] ? dup(input->sha256) : NULL;
	if (t->last_page >= t->first_page && t->first_page >= 1) {
		d->source.n_pages = (size_t)(t->last_page - t->first_page + 1);
		d->source.pages = tvk_xcalloc(d->source.n_pages,
			sizeof(*d->source.pages));
		for (size_t i = 0; i < d->source.n_pages; i++)
			d->source.pages[i] = t->first_page + (int)i;
	}
	d->source.layer = layer_of(input, t->first_page, t->last_page);

	for (size_t i = 0; i < d->n_rows; i++)
		as_displayed(input, t, &d->rows[i].place);
	as_displayed(input, t, &d->total.place);
	for (size_t i = 0; i < d->n_repairs; i++)
		as_displayed(input, t, &d->repairs[i].place);
	for (size_t i = 0; i < d->n_problems; i++)
		as_displayed(input, t, &d->problems[i].place);

	if (t->kind == TVK_TABLE_NATIONAL)
		put_residual(d, input, dt);
	return d;
}

size_t tvk_document_build(const struct tvk_input *input,
		struct tvk_document ***out)
{
	*out = tvk_xcalloc(input->n_tables, sizeof(**out));
	for (size_t i = 0; i < input->n_tables; i++)
		(*out)[i] = build_one(input, &input->tables[i]);
	return input->n_tables;
}

struct tvk_document *tvk_document_create(void)
{
	return tvk_xcalloc(1, sizeof(struct tvk_document));
}

static void free_row(struct tvk_document_row *r)
{
	free(r->code);
	free(r->name);
	free(r->printed_name);
	free(r->current_code);
	free(r->current_name);
	for (size_t i = 0; i < r->n_successors; i++) {
		free(r->successors[i].code);
		free(r->successors[i].name);
	}
	free(r->successors);
}

static void free_source(struct tvk_document_source *s)
{
	free(s->file);
	free(s->sha256);
	free(s->pages);
}

void tvk_document_destroy(struct tvk_document *d)
{
	if (!d)
		return;
	free(d->period_printed);
	free(d->region_name);
	free(d->region_printed);
	for (size_t i = 0; i < d->n_rows; i++)
		free_row(&d->rows[i]);
	free(d->rows);
	free_row(&d->total);
	for (size_t i = 0; i < d->n_problems; i++) {
		struct tvk_document_problem *p = &d->problems[i];
		free(p->check);
		free(p->subject);
		free(p->field);
		free(p->message);
	}
	free(d->problems);
	for (size_t i = 0; i < d->n_repairs; i++) {
		struct tvk_document_repair *r = &d->repairs[i];
		free(r->subject);
		free(r->field);
		free(r->printed);
		free(r->text);
		free(r->evidence);
	}
	free(d->repairs);
	free_source(&d->source);
	for (size_t i = 0; i < d->n_also_in; i++)
		free_source(&d->also_in[i]);
	free(d->also_in);
	free(d);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_counts(const struct tvk_document_count *a,
		const struct tvk_document_count *b)
{
	for (int f = 0; f < TVK_N_FIELDS; f++)
		if (a[f].known != b[f].known ||
				(a[f].known && a[f].value != b[f].value))
			return false;
	return true;
}

bool tvk_document_same_values(const struct tvk_document *a,
		const struct tvk_document *b)
{
	if (a->kind != b->kind || a->year != b->year ||
			a->quarter != b->quarter || a->region != b->region ||
			a->n_rows != b->n_rows)
		return false;
	for (size_t i = 0; i < a->n_rows; i++) {
		const struct tvk_document_row *x = &a->rows[i], *y = &b->rows[i];
		/* Names count only where no code was found. */
		if (!same_str(x->code, y->code) || (!x->code &&
				!same_str(x->printed_name, y->printed_name)) ||
				!same_counts(x->counts, y->counts))
			return false;
	}
	const struct tvk_document_register *r = &a->target_group,
		*s = &b->target_group;
	if (!same_counts(a->total.counts, b->total.counts) ||
			r->persons_known != s->persons_known ||
			(r->persons_known && r->persons != s->persons) ||
			r->pct_known != s->pct_known ||
			(r->pct_known && r->pct != s->pct))
		return false;
	return a->kind != TVK_TABLE_NATIONAL || (a->n_regions == b->n_regions &&
		memcmp(a->regions_sum, b->regions_sum,
			sizeof(a->regions_sum)) == 0);
}

void tvk_document_add_problem(struct tvk_document *d, bool warning,
		const char *check, const char *subject, const char *field,
		const char *message)
{
	d->problems = tvk_xrealloc(d->problems, d->n_problems + 1,
		sizeof(*d->problems));
	d->problems[d->n_problems++] = (struct tvk_document_problem){
		.warning = warning, .check = dup(check), .subject = dup(subject),
		.field = dup(field), .message = dup(message)};
	if (!warning)
		d->status = TVK_STATUS_INVALID;
}

void tvk_document_source_copy(struct tvk_document_source *to,
		const struct tvk_document_source *from)
{
	to->file = dup(from->file);
	to->sha256 = dup(from->sha256);
	to->n_pages = from->n_pages;
	to->pages = NULL;
	if (from->n_pages) {
		to->pages = tvk_xcalloc(from->n_pages, sizeof(*to->pages));
		memcpy(to->pages, from->pages, from->n_pages * sizeof(*to->pages));
	}
	to->layer = from->layer;
}

void tvk_document_add_also_in(struct tvk_document *d,
		const struct tvk_document_source *source)
{
	d->also_in = tvk_xrealloc(d->also_in, d->n_also_in + 1,
		sizeof(*d->also_in));
	tvk_document_source_copy(&d->also_in[d->n_also_in++], source);
}

const char *tvk_document_summary(const struct tvk_document *d)
{
	if (d->kind == TVK_TABLE_NATIONAL)
		return "Nederland";
	return d->region_name ? d->region_name : "(region unknown)";
}

size_t tvk_document_errors(const struct tvk_document *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_problems; i++)
		n += !d->problems[i].warning;
	return n;
}

size_t tvk_document_count_repairs(const struct tvk_document *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_repairs; i++)
		n += tvk_repair_kind_changes_count(d->repairs[i].kind);
	return n;
}

static void add_to_extent(const struct tvk_document_row *r, int page,
		struct tvk_box *out, bool *any)
{
	const struct tvk_document_place *p = &r->place;
	if (p->page != page || !p->has_box)
		return;
	if (!*any)
		*out = p->box;
	out->x0 = p->box.x0 < out->x0 ? p->box.x0 : out->x0;
	out->y0 = p->box.y0 < out->y0 ? p->box.y0 : out->y0;
	out->x1 = p->box.x1 > out->x1 ? p->box.x1 : out->x1;
	out->y1 = p->box.y1 > out->y1 ? p->box.y1 : out->y1;
	*any = true;
}

bool tvk_document_extent(const struct tvk_document *d, int page,
		struct tvk_box *out)
{
	bool any = false;
	for (size_t i = 0; i < d->n_rows; i++)
		add_to_extent(&d->rows[i], page, out, &any);
	add_to_extent(&d->total, page, out, &any);
	return any;
}
