/*
 * A table's section of the review page: its crops with the marks drawn
 * over them in SVG, and beside them its repairs and problems, each linked
 * to its mark and back.
 */
#include <math.h>
#include <stdlib.h>

#include "document/document.h"
#include "review/review.h"

static void mark_rect(struct tvk_buf *b, size_t table, const struct mark *m)
{
	static const char *const classes[] = {"repair", "row", "column",
		"cell"};
	tvk_buf_printf(b, "<a href=\"#t%zu-e%zu\"><rect id=\"t%zu-m%zu\" "
		"class=\"mark %s\" data-entry=\"t%zu-e%zu\" data-kind=\"",
		table, m->entry, table, m->entry, classes[m->kind], table,
		m->entry);
	tvk_review_esc(b, m->name);
	tvk_buf_printf(b, "\" data-page=\"%d\" data-box=\"", m->page);
	tvk_review_num(b, m->box.x0);
	tvk_buf_str(b, " ");
	tvk_review_num(b, m->box.y0);
	tvk_buf_str(b, " ");
	tvk_review_num(b, m->box.x1);
	tvk_buf_str(b, " ");
	tvk_review_num(b, m->box.y1);
	/* drawn a point outside the box, so the outline leaves the digits
	 * readable */
	tvk_buf_str(b, "\" x=\"");
	tvk_review_num(b, m->box.x0 - 1);
	tvk_buf_str(b, "\" y=\"");
	tvk_review_num(b, m->box.y0 - 1);
	tvk_buf_str(b, "\" width=\"");
	tvk_review_num(b, m->box.x1 - m->box.x0 + 2);
	tvk_buf_str(b, "\" height=\"");
	tvk_review_num(b, m->box.y1 - m->box.y0 + 2);
	tvk_buf_str(b, "\"");
	if (m->kind == MARK_REPAIR)
		tvk_buf_printf(b, " style=\"stroke:%s;fill:%s\"",
			tvk_review_kind_colour(m->name), tvk_review_kind_colour(m->name));
	tvk_buf_str(b, "/></a>");
	/* its number, above its top right corner (a failing column's at
	 * its top, a row's at its right end) */
	tvk_buf_str(b, "<text x=\"");
	tvk_review_num(b, m->box.x1 + 1.5);
	tvk_buf_str(b, "\" y=\"");
	tvk_review_num(b, m->box.y0 + 5);
	tvk_buf_printf(b, "\" fill=\"%s\">%zu</text>\n", m->kind == MARK_REPAIR ?
		tvk_review_kind_colour(m->name) : FAIL_COLOUR, m->entry);
}

static void crop_figure(struct tvk_buf *b, size_t table, const struct crop *c,
		const struct mark *marks, size_t n_marks, size_t *drawn)
{
	tvk_buf_printf(b, "<figure class=\"crop\" data-page=\"%d\">", c->page);
	double w = c->view.x1 - c->view.x0, h = c->view.y1 - c->view.y0;
	tvk_buf_printf(b, "<div class=\"frame\" style=\"width:%dpx\">",
		(int)lround(w * CSS_PER_POINT));
	tvk_buf_printf(b, "<img width=\"%d\" height=\"%d\" alt=\"page %d of "
		"the PDF, cropped to the table\" src=\"data:image/png;base64,",
		c->width, c->height, c->page);
	tvk_buf_str(b, c->png);
	tvk_buf_str(b, "\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"");
	tvk_review_num(b, c->view.x0);
	tvk_buf_str(b, " ");
	tvk_review_num(b, c->view.y0);
	tvk_buf_str(b, " ");
	tvk_review_num(b, w);
	tvk_buf_str(b, " ");
	tvk_review_num(b, h);
	tvk_buf_str(b, "\" preserveAspectRatio=\"none\">\n");
	for (size_t i = 0; i < n_marks; i++)
		if (marks[i].page == c->page) {
			mark_rect(b, table, &marks[i]);
			(*drawn)++;
		}
	tvk_buf_printf(b, "</svg></div><figcaption>page %d</figcaption>"
		"</figure>\n", c->page);
}

static void value_text(struct tvk_buf *b, const struct tvk_document_repair *r)
{
	if (r->has_value)
		tvk_buf_printf(b, "%lld", (long long)r->value);
	else if (r->text)
		tvk_review_esc(b, r->text);
	else
		tvk_buf_str(b, "<span class=\"muted\">nothing</span>");
}

static void where_text(struct tvk_buf *b, const char *subject,
		const char *field)
{
	tvk_review_esc(b, subject ? subject : "(the table)");
	if (field) {
		tvk_buf_str(b, " / ");
		tvk_review_esc(b, field);
	}
}

/* The entry's first cell: its number, linked to its mark when it has
 * one on a crop. */
static void entry_link(struct tvk_buf *b, size_t table, size_t entry,
		const struct mark *marks, size_t n_marks, const struct shown *t,
		const char *colour)
{
	bool on_crop = false;
	for (size_t i = 0; i < n_marks && !on_crop; i++)
		if (marks[i].entry == entry)
			for (size_t k = 0; k < t->n_crops && !on_crop; k++)
				on_crop = t->crops[k].png &&
					t->crops[k].page == marks[i].page;
	tvk_buf_printf(b, "<tr id=\"t%zu-e%zu\"><td>", table, entry);
	if (on_crop) {
		tvk_buf_printf(b, "<a href=\"#t%zu-m%zu\" title=\"its mark on "
			"the crop\">", table, entry);
		tvk_review_swatch(b, colour);
		tvk_buf_printf(b, "%zu</a>", entry);
	} else {
		tvk_buf_printf(b, "%zu <span class=\"muted\" title=\"no place "
			"on a crop\">&#8211;</span>", entry);
	}
	tvk_buf_str(b, "</td>");
}

void tvk_review_section(struct tvk_buf *b, size_t index,
		const struct shown *t, size_t *marks_drawn)
{
	const struct tvk_document *d = t->doc;
	size_t table = index + 1;
	tvk_buf_printf(b, "<section class=\"table\" id=\"t%zu\" "
		"data-status=\"%s\">\n<h2><span class=\"status st-%s\">%s</span> ",
		table, tvk_status_name(d->status), tvk_status_name(d->status),
		tvk_status_name(d->status));
	tvk_review_table_title(b, d);
	tvk_buf_str(b, "</h2>\n<p class=\"sub\">");
	tvk_review_esc(b, d->source.file ? d->source.file : "(source unknown)");
	int first, last;
	tvk_review_page_range(d, &first, &last);
	if (first >= 1 && last > first)
		tvk_buf_printf(b, ", pages %d&#8211;%d", first, last);
	else if (first >= 1)
		tvk_buf_printf(b, ", page %d", first);
	tvk_buf_printf(b, " &#183; text layer: %s",
		tvk_text_layer_name(d->source.layer));
	for (size_t i = 0; i < d->n_also_in; i++) {
		tvk_buf_str(b, i ? ", " : " &#183; also in ");
		tvk_review_esc(b, d->also_in[i].file);
	}
	tvk_buf_str(b, "</p>\n<div class=\"body\">\n<div class=\"crops\">\n");

	struct mark *marks;
	size_t n_marks = tvk_review_marks(d, &marks);
	if (t->no_pdf) {
		tvk_buf_str(b, "<p class=\"nocrop\">No crop: ");
		tvk_review_esc(b, t->no_pdf);
		tvk_buf_str(b, ".</p>\n");
	} else if (t->n_crops == 0) {
		tvk_buf_str(b, "<p class=\"nocrop\">No crop: the document says "
			"nowhere where its rows were printed.</p>\n");
	}
	for (size_t k = 0; !t->no_pdf && k < t->n_crops; k++) {
		const struct crop *c = &t->crops[k];
		if (c->png) {
			crop_figure(b, table, c, marks, n_marks, marks_drawn);
		} else {
			tvk_buf_str(b, "<p class=\"nocrop\">No crop: ");
			tvk_review_esc(b, c->why ? c->why : "not rendered");
			tvk_buf_str(b, ".</p>\n");
		}
	}
	tvk_buf_str(b, "</div>\n<table class=\"entries\">\n<thead><tr><th>#</th>"
		"<th>row / field</th><th>printed</th><th>value</th><th>kind</th>"
		"<th>evidence</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n_repairs; i++) {
		const struct tvk_document_repair *r = &d->repairs[i];
		const char *kind = tvk_repair_kind_name(r->kind);
		entry_link(b, table, i + 1, marks, n_marks, t, tvk_review_kind_colour(kind));
		tvk_buf_str(b, "<td>");
		where_text(b, r->subject, r->field);
		tvk_buf_str(b, "</td><td>");
		if (r->printed) {
			tvk_buf_str(b, "<code>");
			tvk_review_esc(b, r->printed);
			tvk_buf_str(b, "</code>");
		} else {
			tvk_buf_str(b, "<span class=\"muted\">nothing</span>");
		}
		tvk_buf_str(b, "</td><td>");
		value_text(b, r);
		tvk_buf_str(b, "</td><td>");
		tvk_review_esc(b, kind);
		tvk_buf_str(b, "</td><td>");
		tvk_review_esc(b, r->evidence);
		tvk_buf_str(b, "</td></tr>\n");
	}
	for (size_t i = 0; i < d->n_problems; i++) {
		const struct tvk_document_problem *p = &d->problems[i];
		entry_link(b, table, d->n_repairs + i + 1, marks, n_marks, t,
			FAIL_COLOUR);
		tvk_buf_str(b, "<td>");
		where_text(b, p->subject, p->field);
		tvk_buf_printf(b, "</td><td></td><td></td><td>%s: ",
			p->warning ? "warning" : "error");
		tvk_review_esc(b, p->check);
		tvk_buf_str(b, "</td><td>");
		tvk_review_esc(b, p->message);
		tvk_buf_str(b, "</td></tr>\n");
	}
	if (d->n_repairs + d->n_problems == 0)
		tvk_buf_str(b, "<tr><td colspan=\"6\" class=\"muted\">no repairs, "
			"no problems</td></tr>\n");
	tvk_buf_str(b, "</tbody>\n</table>\n</div>\n</section>\n");
	free(marks);
}
