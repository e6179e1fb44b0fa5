/*
 * The rows of the table: a row per municipality, region total and
 * national row of a document, or in the long shape a row per value, with
 * the repair that made it.
 */
#include <string.h>

#include "base/arena.h"
#include "dataset/dataset.h"

struct row *tvk_dataset_add_row(struct rows *rows)
{
	tvk_grow((void **)&rows->items, &rows->cap, rows->n + 1,
		sizeof(*rows->items));
	struct row *r = &rows->items[rows->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static const char *subject_of(const struct tvk_document_row *cells,
		enum row_kind kind)
{
	if (kind == ROW_REGION_TOTAL)
		return "Totaal AMR";
	if (kind == ROW_NATIONAL)
		return "Nederland";
	return cells->printed_name ? cells->printed_name : "";
}

static bool is_row_subject(const struct doc *d,
		const struct tvk_document_row *cells, enum row_kind kind,
		const struct tvk_document_repair *repair)
{
	const char *subject = repair->subject;
	if (!subject || strcmp(subject, subject_of(cells, kind)) != 0)
		return false;
	if (kind != ROW_MUNICIPALITY)
		return true;
	/* Two rows printed with one name (an invalid table): the repair is
	 * told to neither rather than to the wrong one. */
	size_t same = 0;
	for (size_t i = 0; i < d->d->n_rows; i++)
		same += strcmp(subject_of(&d->d->rows[i], ROW_MUNICIPALITY),
			subject) == 0;
	return same == 1;
}

/* The rows of one row of a document: itself, or its values. */
static void add_table_row(struct rows *rows, const struct doc *d,
		const struct tvk_document_row *cells, enum row_kind kind,
		int position, enum tvk_dataset_shape shape)
{
	if (shape == TVK_DATASET_WIDE) {
		struct row *r = tvk_dataset_add_row(rows);
		*r = (struct row){.doc = d, .cells = cells, .kind = kind,
			.position = position};
		return;
	}
	int n_fields = kind == ROW_REGION_TOTAL && d->d->target_group.present ?
		N_COUNT_FIELDS + 2 : N_COUNT_FIELDS;
	for (int f = 0; f < n_fields; f++) {
		struct row *r = tvk_dataset_add_row(rows);
		*r = (struct row){.doc = d, .cells = cells, .kind = kind,
			.position = position, .field = f};
		const char *field = f < N_COUNT_FIELDS ? tvk_dataset_value_fields[f] :
			f == N_COUNT_FIELDS ? "persons" : "known_in_sonar_pct";
		for (size_t i = 0; i < d->d->n_repairs; i++) {
			const struct tvk_document_repair *rep = &d->d->repairs[i];
			if (!rep->field || strcmp(rep->field, field) != 0 ||
					!is_row_subject(d, cells, kind, rep))
				continue;
			if (!r->first_repair)
				r->first_repair = rep;
			r->repair = rep;
		}
	}
}

void tvk_dataset_doc_rows(struct rows *rows, const struct doc *d,
		enum tvk_dataset_shape shape)
{
	if (d->national) {
		add_table_row(rows, d, &d->d->total, ROW_NATIONAL, 1, shape);
		return;
	}
	for (size_t i = 0; i < d->d->n_rows; i++)
		add_table_row(rows, d, &d->d->rows[i], ROW_MUNICIPALITY,
			(int)i + 1, shape);
	add_table_row(rows, d, &d->d->total, ROW_REGION_TOTAL,
		(int)d->d->n_rows + 1, shape);
}

void tvk_dataset_kind_rows(struct rows *rows, const struct doc *d, int kind)
{
	const struct tvk_document *doc = d->d;
	if (kind == MUNI && !d->national)
		for (size_t i = 0; i < doc->n_rows; i++)
			add_table_row(rows, d, &doc->rows[i], ROW_MUNICIPALITY,
				(int)i + 1, TVK_DATASET_WIDE);
	if (kind == RTOT && !d->national)
		add_table_row(rows, d, &doc->total, ROW_REGION_TOTAL,
			(int)doc->n_rows + 1, TVK_DATASET_WIDE);
	if (kind == NAT && d->national)
		add_table_row(rows, d, &doc->total, ROW_NATIONAL, 1,
			TVK_DATASET_WIDE);
	if (kind == DOCS)
		*tvk_dataset_add_row(rows) = (struct row){.doc = d,
			.kind = d->national ? ROW_NATIONAL : ROW_REGION_TOTAL};
	for (size_t i = 0; kind == REPS && i < doc->n_repairs; i++)
		*tvk_dataset_add_row(rows) = (struct row){.doc = d,
			.position = (int)i + 1, .repair = &doc->repairs[i],
			.first_repair = &doc->repairs[i]};
	for (size_t i = 0; kind == PROBS && i < doc->n_problems; i++)
		*tvk_dataset_add_row(rows) = (struct row){.doc = d,
			.position = (int)i + 1, .problem = &doc->problems[i]};
}
