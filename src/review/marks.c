/*
 * The marks on the crops: a repair at its cell, a failing row across its
 * band, a failing column down the table, any other problem at its box —
 * in the page's own coordinates (PDF points, top left origin, of the page
 * as displayed: what every box of a document is in), so that a box goes
 * onto the crop unconverted and the browser scales both alike.
 */
#include <string.h>

#include "base/arena.h"
#include "document/document.h"
#include "review/review.h"

/* The row of @d that @subject names, as the stages name rows. */
static const struct tvk_document_row *row_named(const struct tvk_document *d,
		const char *subject)
{
	if (!subject)
		return NULL;
	for (size_t i = 0; i < d->n_rows; i++)
		if (d->rows[i].printed_name &&
				strcmp(d->rows[i].printed_name, subject) == 0)
			return &d->rows[i];
	if (strcmp(subject, "Totaal AMR") == 0 ||
			strcmp(subject, "Nederland") == 0 ||
			(d->total.printed_name &&
			 strcmp(d->total.printed_name, subject) == 0))
		return &d->total;
	return NULL;
}

/*
 * Where a problem is marked: a failing row across its band, a failing
 * column from the table's first row on its page to its last, anything
 * else at its box; false when it has no place.
 */
static bool problem_mark(const struct tvk_document *d,
		const struct tvk_document_problem *p, struct mark *m)
{
	if (p->place.page < 1 || !p->place.has_box)
		return false;
	m->page = p->place.page;
	m->box = tvk_review_round_box(p->place.box);
	m->name = p->check;
	m->kind = MARK_CELL;
	if (p->check && strcmp(p->check, "row-sum") == 0) {
		const struct tvk_document_row *r = row_named(d, p->subject);
		m->kind = MARK_ROW;
		if (r && r->place.has_box && r->place.page == m->page)
			m->box = tvk_review_round_box(r->place.box);
	} else if (p->check && strcmp(p->check, "column-sum") == 0) {
		struct tvk_box e;
		m->kind = MARK_COLUMN;
		if (tvk_document_extent(d, m->page, &e)) {
			m->box.y0 = tvk_review_round2(e.y0);
			m->box.y1 = tvk_review_round2(e.y1);
		}
	}
	return true;
}

size_t tvk_review_marks(const struct tvk_document *d, struct mark **out)
{
	*out = tvk_xcalloc(d->n_repairs + d->n_problems + 1, sizeof(**out));
	size_t n = 0;
	for (size_t i = 0; i < d->n_repairs; i++) {
		const struct tvk_document_repair *r = &d->repairs[i];
		if (r->place.page < 1 || !r->place.has_box)
			continue;
		(*out)[n++] = (struct mark){MARK_REPAIR, i + 1, r->place.page,
			tvk_review_round_box(r->place.box), tvk_repair_kind_name(r->kind)};
	}
	for (size_t i = 0; i < d->n_problems; i++)
		if (problem_mark(d, &d->problems[i], &(*out)[n])) {
			(*out)[n].entry = d->n_repairs + i + 1;
			n++;
		}
	return n;
}
