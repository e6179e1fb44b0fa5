/*
 * The second look at scanned tables.  An OCR text layer is a first guess:
 * digits misread (2.017 for 2.517), cells lost or glued, stray marks over
 * shaded rows.  When the arithmetic cannot repair a table on a scanned
 * page, the cells it points at are read again, one by one, from the page
 * image, with tesseract told to expect nothing but a number — a narrower
 * question than the page-wide OCR answered.  Each cell is read in two
 * frames (see below); what they read becomes further readings of the cell,
 * and the table is repaired anew: the sums choose among the readings as
 * among those of a damaged string, and a reading is taken only where they
 * pin it down.  The table is kept only if it then adds up in every row and
 * every column; otherwise the layer's readings stay.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/doc.h>
#include <tvk/ocr.h>
#include <tvk/repair.h>
#include <tvk/validate.h>

#include "util.h"

/* More than this and the table is not damaged in a few cells. */
#define MAX_SUSPECTS 60

/*
 * A cell is read in two frames: its token's box, as the text layer placed
 * it, and the whole width of its column, which also holds digits a layer
 * lost; each shown to tesseract in two views (tvk_ocr_view).  Neither
 * frame nor view always reads best — tesseract may drop a digit in one
 * and not in another, or take in a speck or a rule — so all four
 * readings go to the sums (TVK_REREAD_FRAMES, the column's last).
 */
enum frame { FRAME_TOKEN, FRAME_COLUMN };

static struct tvk_row *row_at(struct tvk_table *t, size_t r)
{
	return r < t->n_rows ? &t->rows[r] : &t->total;
}

static bool page_is_scanned(struct tvk_doc *doc, int page)
{
	if (page < 1 || page > doc->n_pages)
		return false;
	return doc->pages[page - 1].layer == TVK_LAYER_OCR ||
		tvk_pdf_page_is_scan(doc->pdf, page - 1);
}

/* Rows and columns whose sum fails or has an unknown cell. */
static void failing(struct tvk_table *t, bool *rows, bool *cols)
{
	size_t n = t->n_rows + 1;
	for (size_t r = 0; r < n; r++) {
		const struct tvk_row *row = row_at(t, r);
		int64_t parts = 0;
		bool known = true;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			known = known && tvk_cell_known(row->cells[f].state);
		for (int f = 0; known && f < TVK_N_PARTS; f++)
			known = tvk_add_checked(parts, row->cells[f].value, &parts);
		rows[r] = !known || parts != row->cells[TVK_TOTAL].value;
	}
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		int64_t sum = 0;
		bool known = tvk_cell_known(t->total.cells[f].state);
		for (size_t r = 0; known && r < t->n_rows; r++)
			known = tvk_cell_known(t->rows[r].cells[f].state) &&
				tvk_add_checked(sum, t->rows[r].cells[f].value, &sum);
		cols[f] = !known || sum != t->total.cells[f].value;
	}
}

/*
 * How far @row's counts stand right (or left) of the columns' right
 * edges: a skewed scan drifts across the page, so a frame set from the
 * medians alone would cut a digit off or take one from the next column.
 */
static double row_shift(const struct tvk_table *t, const struct tvk_row *row)
{
	double d[TVK_N_FIELDS];
	int n = 0;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct tvk_cell *c = &row->cells[f];
		if (c->state != TVK_CELL_EMPTY && c->box.x1 > c->box.x0 &&
				t->column_right[f] > 0)
			d[n++] = c->box.x1 - t->column_right[f];
	}
	if (n == 0)
		return 0;
	for (int i = 1; i < n; i++) /* insertion sort: five at most */
		for (int j = i; j > 0 && d[j] < d[j - 1]; j--) {
			double x = d[j];
			d[j] = d[j - 1];
			d[j - 1] = x;
		}
	return d[n / 2];
}

/*
 * Where cell (@r, @f) is read in @frame.  FRAME_TOKEN: its token's box;
 * false when it has none.  FRAME_COLUMN: the column on the row's band,
 * from halfway between the column before it and its widest count to
 * halfway to the next, shifted with the row.
 */
static bool cell_box(struct tvk_table *t, size_t r, int f, enum frame frame,
		struct tvk_box *out)
{
	const struct tvk_row *row = row_at(t, r);
	const struct tvk_cell *c = &row->cells[f];
	bool has_box = c->state != TVK_CELL_EMPTY && c->box.x1 > c->box.x0;
	double right = t->column_right[f], left = t->column_left[f];
	struct tvk_box b;
	if (frame == FRAME_TOKEN) {
		if (!has_box)
			return false;
		b = c->box;
		b.x0 -= 3;
		b.x1 += 3;
	} else {
		if (right <= 0 || left <= 0)
			return false; /* no geometry */
		double glyph = (right - left) / 4;
		double x0 = f > 0 ? (t->column_right[f - 1] + left) / 2 :
			left - 2 * glyph;
		double x1 = f + 1 < TVK_N_FIELDS ?
			(right + t->column_left[f + 1]) / 2 : right + 2 * glyph;
		if (x1 > right + 3 * glyph)
			x1 = right + 3 * glyph;
		double shift = row_shift(t, row);
		b = has_box ? c->box : row->box;
		b.x0 = x0 + shift;
		b.x1 = x1 + shift;
	}
	b.y0 -= 2;
	b.y1 += 2;
	*out = b;
	return true;
}

static void repair_again(struct tvk_table *t, struct tvk_arena *arena)
{
	tvk_table_reset(t);
	tvk_repair_table(t, arena);
	tvk_validate_table(t, arena);
}

static void clear_rereads(struct tvk_table *t)
{
	for (size_t r = 0; r <= t->n_rows; r++)
		memset(row_at(t, r)->reread, 0, sizeof(row_at(t, r)->reread));
}

static size_t count_misreads(const struct tvk_table *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n_repairs; i++)
		n += t->repairs[i].kind == TVK_REPAIR_MISREAD;
	return n;
}

static size_t look_again(struct tvk_doc *doc, struct tvk_table *t,
		struct tvk_ocr *ocr)
{
	size_t rows = t->n_rows + 1;
	bool *row_fails = tvk_xcalloc(rows, sizeof(*row_fails));
	bool col_fails[TVK_N_FIELDS];
	failing(t, row_fails, col_fails);
	bool any_row = false, any_col = false;
	for (size_t r = 0; r < rows; r++)
		any_row = any_row || row_fails[r];
	for (int f = 0; f < TVK_N_FIELDS; f++)
		any_col = any_col || col_fails[f];

	/* The cells the arithmetic points at: where a failing row crosses a
	 * failing column; with only rows (or only columns) failing, all of
	 * their cells. */
	size_t n_read = 0, before = count_misreads(t);
	struct tvk_image image = {0};
	int rendered = 0;
	for (size_t r = 0; r < rows && n_read < MAX_SUSPECTS; r++) {
		struct tvk_row *row = row_at(t, r);
		for (int f = 0; f < TVK_N_FIELDS && n_read < MAX_SUSPECTS; f++) {
			bool suspect = (row_fails[r] || !any_row) &&
				(col_fails[f] || !any_col);
			if (!suspect || !(row_fails[r] || col_fails[f]))
				continue;
			int page = row->page;
			if (page != rendered) {
				if (rendered)
					tvk_ocr_number_end(ocr);
				free(image.pixels);
				image.pixels = NULL;
				struct tvk_error err;
				tvk_error_clear(&err);
				if (tvk_pdf_render(doc->pdf, page - 1, TVK_OCR_DPI,
						&image, &err) != 0) {
					rendered = 0;
					continue;
				}
				tvk_ocr_number_begin(ocr, &image);
				rendered = page;
			}
			const struct tvk_cell *c = &row->cells[f];
			bool any = false;
			for (int k = 0; k < TVK_REREAD_FRAMES; k++) {
				struct tvk_box box;
				if (!cell_box(t, r, f, (enum frame)(k / 2), &box))
					continue;
				const char *text = tvk_ocr_number(ocr, box,
					k % 2 ? TVK_OCR_CLEAN : TVK_OCR_PAGE,
					doc->arena);
				int64_t v;
				if (!text || tvk_read_number(text, &v) ==
						TVK_FORM_NONE || (tvk_cell_known(
						c->state) && c->value == v))
					continue;
				row->reread[f][k] = (struct tvk_reread){text, box};
				any = true;
			}
			n_read += any;
		}
	}
	if (rendered)
		tvk_ocr_number_end(ocr);
	free(image.pixels);
	free(row_fails);
	if (n_read == 0)
		return 0;

	/* The new readings go to the sums with the layer's; the table is
	 * kept only if it then adds up, and otherwise read as before. */
	repair_again(t, doc->arena);
	if (t->status != TVK_STATUS_INVALID)
		return count_misreads(t) - before;
	clear_rereads(t);
	repair_again(t, doc->arena);
	return 0;
}

size_t tvk_ocr_second_look(struct tvk_doc *doc)
{
	if (!doc->pdf)
		return 0;
	size_t kept = 0;
	for (size_t i = 0; i < doc->n_tables; i++) {
		struct tvk_table *t = &doc->tables[i];
		if (t->kind != TVK_TABLE_REGION || t->status != TVK_STATUS_INVALID ||
				!t->has_total || t->n_rows == 0)
			continue;
		bool scanned = true;
		for (int p = t->first_page; p <= t->last_page && scanned; p++)
			scanned = page_is_scanned(doc, p);
		if (!scanned)
			continue;
		/* Only now, with a table to read again: tesseract is loaded
		 * the first time it is asked for. */
		struct tvk_error err;
		tvk_error_clear(&err);
		struct tvk_ocr *ocr = tvk_ocr_for_thread(&err);
		if (!ocr)
			break;
		kept += look_again(doc, t, ocr);
	}
	doc->n_second_looks += kept;
	return kept;
}
