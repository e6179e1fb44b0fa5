#ifndef TVK_REVIEW_INTERNAL_H
#define TVK_REVIEW_INTERNAL_H

/*
 * The parts of the review page (<tvk/review.h>), a file each: HTML text
 * and what every part shows alike (html.c), the crops rendered from the
 * PDFs (crops.c), the marks on them (marks.c), the summary on top
 * (summary.c), the archive at a glance (glance.c), a section per table
 * (section.c), and review.c, which
 * orders the tables and makes the page.  The documents of a folder are
 * read back by review-read.c.
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/archive.h>
#include <tvk/review.h>
#include <tvk/types.h>

#include "base/buffer.h"

/* The crop on screen: 1.5 CSS pixels a point (108 dpi), smaller when the
 * window is narrower. */
#define CSS_PER_POINT 1.5

#define FAIL_COLOUR "#e03131"

/* One page of a table as it is shown. */
struct crop {
	int page;
	struct tvk_box view; /* what the image shows, in points */
	int width, height;   /* of the image, in pixels */
	char *png;           /* the PNG, base64; NULL when not made */
	char *why;           /* when not: why, for the page */
};

/* A table on the page. */
struct shown {
	const struct tvk_document *doc;
	struct crop *crops;
	size_t n_crops;
	char *no_pdf; /* why no page of it could be rendered, or NULL */
	size_t errors, count_repairs;
};

/* ---- HTML (html.c) ----------------------------------------------------- */

/* @v to two decimals, as the documents write coordinates: the page made
 * from documents just built and from the same documents read back from
 * their JSON is then one page, byte for byte (rounding is monotone, so
 * the extent of rounded boxes is the rounded extent). */
double tvk_review_round2(double v);
struct tvk_box tvk_review_round_box(struct tvk_box b);

/* @s as HTML text or attribute value: the five specials as entities, a
 * control character as a space, and bytes that are not UTF-8 as U+FFFD,
 * so that a broken text layer stays visible and the page stays valid. */
void tvk_review_esc(struct tvk_buf *b, const char *s);

/* A coordinate: at most two decimals, no trailing zeros ("244.58",
 * "150"), as the documents write them. */
void tvk_review_num(struct tvk_buf *b, double v);

/* The colour of the repair kind named @name (FAIL_COLOUR for a failing
 * check). */
const char *tvk_review_kind_colour(const char *name);

/* A square of @colour, before a kind's name or an entry's number. */
void tvk_review_swatch(struct tvk_buf *b, const char *colour);

/* "2025-Q2 · 22 Rijnmond": how a table is named on the page. */
void tvk_review_table_title(struct tvk_buf *b, const struct tvk_document *d);

/* The pages of @d's table, first to last. */
void tvk_review_page_range(const struct tvk_document *d, int *first,
		int *last);

/* 0 for invalid, 1 for repaired, 2 for valid: worst first. */
int tvk_review_status_rank(enum tvk_status s);

/* ---- crops (crops.c) --------------------------------------------------- */

/* The crops of @t: one a page that holds a row with a box. */
void tvk_review_plan_crops(struct shown *t);

/*
 * Opens each PDF once, checks it is the one the documents were made from,
 * and renders the crops of its tables; a PDF missing or changed is one
 * note, and its tables are shown without crops.  Returns how many PDFs
 * were missing or changed.
 */
size_t tvk_review_render(struct shown *tables, size_t n,
		const struct tvk_review_options *opt);

/* ---- marks (marks.c) --------------------------------------------------- */

/* What a mark is of. */
enum mark_kind {
	MARK_REPAIR,
	MARK_ROW,    /* a row that does not add up */
	MARK_COLUMN, /* a column that does not add up */
	MARK_CELL,   /* any other problem with a place */
};

struct mark {
	enum mark_kind kind;
	size_t entry; /* 1-based: repairs, then problems */
	int page;
	struct tvk_box box;
	const char *name; /* the repair's kind, or the problem's check */
};

/* The marks of @d, in entry order (repairs, then problems), only those
 * with a place, into a malloc'd *@out; returns how many. */
size_t tvk_review_marks(const struct tvk_document *d, struct mark **out);

/* ---- the page (summary.c, section.c) ----------------------------------- */

/* What the page is made of. */
struct review_page {
	const struct tvk_document *const *docs; /* every document given */
	size_t n_docs;
	const struct tvk_review_input *inputs;  /* may be none */
	size_t n_inputs;
	const struct shown *tables; /* the tables shown, in the page's order */
	size_t n_shown;
	const char *const *notes;   /* what a reader must hear of */
	size_t n_notes;
	bool all;                   /* every table shown, not only the
	                               repaired and invalid */
};

/* The summary on top of the page: files, tables by status, repairs by
 * kind and problems by check, the tables shown. */
void tvk_review_summary(struct tvk_buf *b, const struct review_page *p);

/* The archive at a glance, after the summary: the coverage grid of @a
 * as a picture, each cell a link to its table where the page shows it,
 * and the warnings, each with a chart of its series.  Nothing when @a
 * holds no region's table. */
void tvk_review_glance(struct tvk_buf *b, const struct review_page *p,
		const struct tvk_archive *a);

/* The section of the @index'th table shown (from 0): its crops with
 * their marks, and its repairs and problems; adds the marks drawn to
 * *@marks_drawn. */
void tvk_review_section(struct tvk_buf *b, size_t index,
		const struct shown *t, size_t *marks_drawn);

#endif
