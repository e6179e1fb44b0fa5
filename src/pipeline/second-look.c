/*
 * The second look at scanned tables (second.h).  An OCR text layer is a
 * first guess:
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

#include "base/arena.h"
#include "base/macros.h"
#include "model/model.h"
#include "pipeline/second-look.h"
#include "read/ocr.h"
#include "read/pdf.h"
#include "repair/repair.h"
#include "table/table.h"
#include "validate/validate.h"

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

/*
 * How far @row's counts stand right (or left) of the columns' right
 * edges: a skewed scan drifts across the page, so a frame set from the
 * medians alone would cut a digit off or take one from the next column.
 */
static double row_shift(const struct tvk_table *t,
		const struct tvk_row_reading *row)
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
static bool cell_box(const struct tvk_table *t, const struct tvk_reading *rd,
		size_t r, int f, enum frame frame, struct tvk_box *out)
{
	const struct tvk_row *raw = r < t->n_rows ? &t->rows[r] : &t->total;
	const struct tvk_row_reading *row = tvk_reading_row(rd, t, r);
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
		b = has_box ? c->box : raw->box;
		b.x0 = x0 + shift;
		b.x1 = x1 + shift;
	}
	b.y0 -= 2;
	b.y1 += 2;
	*out = b;
	return true;
}

/* The median height of the table's counts, points: the height of its
 * digits as the layer or the page's OCR boxed them. */
static double digit_height(const struct tvk_table *t)
{
	double h[256];
	size_t n = 0;
	for (size_t r = 0; r <= t->n_rows && n < TVK_ARRAY_LEN(h); r++) {
		const struct tvk_row *row = r < t->n_rows ? &t->rows[r] : &t->total;
		if (r == t->n_rows && !t->has_total)
			break;
		for (size_t k = 0; k < row->n_numbers && n < TVK_ARRAY_LEN(h); k++)
			if (row->numbers[k].box.y1 > row->numbers[k].box.y0)
				h[n++] = row->numbers[k].box.y1 -
					row->numbers[k].box.y0;
	}
	if (n == 0)
		return 0;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && h[j] < h[j - 1]; j--) {
			double x = h[j];
			h[j] = h[j - 1];
			h[j - 1] = x;
		}
	return h[n / 2];
}

/* The vertical middle of row @raw's counts (its band's, when it has
 * none). */
static double row_middle(const struct tvk_row *raw)
{
	double sum = 0;
	size_t n = 0;
	for (size_t k = 0; k < raw->n_numbers; k++)
		if (raw->numbers[k].box.y1 > raw->numbers[k].box.y0) {
			sum += (raw->numbers[k].box.y0 + raw->numbers[k].box.y1) / 2;
			n++;
		}
	return n ? sum / (double)n : (raw->box.y0 + raw->box.y1) / 2;
}

/*
 * Row @i's band across the number columns, read as one line (ocr.h);
 * each word goes to the column whose right edge is nearest its own (the
 * counts are right-aligned), when that is within two glyphs, with what
 * tesseract nearly read for it.  True when a word was placed.
 */
static bool read_band(const struct tvk_table *t, size_t i, double height,
		struct tvk_ocr *ocr, struct tvk_arena *arena,
		struct tvk_reread (*cells)[TVK_REREAD_FRAMES])
{
	const struct tvk_row *raw = i < t->n_rows ? &t->rows[i] : &t->total;
	double glyph = (t->column_right[0] - t->column_left[0]) / 4;
	for (int f = 1; f < TVK_N_FIELDS; f++)
		glyph = tvk_max(glyph, (t->column_right[f] - t->column_left[f]) / 5);
	if (glyph <= 0 || height <= 0)
		return false;
	double mid = row_middle(raw);
	struct tvk_box band = {t->column_left[0] - 1.5 * glyph,
		mid - 0.7 * height, t->column_right[TVK_N_FIELDS - 1] + glyph,
		mid + 0.7 * height};
	struct tvk_ocr_word *words;
	size_t n = tvk_ocr_band(ocr, band, height, arena, &words);
	bool any = false;
	bool taken[TVK_N_FIELDS] = {false};
	for (size_t w = 0; w < n; w++) {
		int best = -1;
		double dist = 2 * glyph;
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			double d = fabs(words[w].box.x1 - t->column_right[f]);
			if (d <= dist) {
				dist = d;
				best = f;
			}
		}
		if (best < 0 || taken[best])
			continue;
		taken[best] = true;
		cells[best][TVK_REREAD_BAND] = (struct tvk_reread){words[w].text,
			words[w].box};
		for (int a = 0; a < TVK_OCR_ALTS && TVK_REREAD_BAND_ALT + a <
				TVK_REREAD_FRAMES; a++)
			if (words[w].alts[a])
				cells[best][TVK_REREAD_BAND_ALT + a] =
					(struct tvk_reread){words[w].alts[a],
					words[w].box};
		any = true;
	}
	return any;
}

size_t tvk_second_look(const struct tvk_table *t, const struct tvk_reading *r,
		const struct tvk_verdict *v, const struct tvk_image *pages,
		int first_page, int n_pages, struct tvk_ocr *ocr,
		struct tvk_arena *arena, struct tvk_rereads *out)
{
	size_t rows = t->n_rows + 1;
	out->n_rows = rows;
	out->cells = tvk_arena_array(arena, rows, sizeof(*out->cells));
	bool any_row = false, any_col = false;
	for (size_t i = 0; i < rows; i++)
		any_row = any_row || v->row_fails[i];
	for (int f = 0; f < TVK_N_FIELDS; f++)
		any_col = any_col || v->col_fails[f];
	double height = digit_height(t);

	/* The cells the arithmetic points at: where a failing row crosses a
	 * failing column; with only rows (or only columns) failing, all of
	 * their cells. */
	size_t n_read = 0;
	int begun = 0;
	for (size_t i = 0; i < rows && n_read < MAX_SUSPECTS; i++) {
		const struct tvk_row *raw = i < t->n_rows ? &t->rows[i] :
			&t->total;
		const struct tvk_row_reading *row = tvk_reading_row(r, t, i);
		int p = raw->page - first_page;
		if (p < 0 || p >= n_pages || !pages[p].pixels)
			continue;
		bool suspects[TVK_N_FIELDS], any_suspect = false;
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			suspects[f] = (v->row_fails[i] || !any_row) &&
				(v->col_fails[f] || !any_col) &&
				(v->row_fails[i] || v->col_fails[f]);
			any_suspect = any_suspect || suspects[f];
		}
		if (!any_suspect)
			continue;
		if (begun != raw->page) {
			if (begun)
				tvk_ocr_number_end(ocr);
			tvk_ocr_number_begin(ocr, &pages[p]);
			begun = raw->page;
		}
		struct tvk_reread band[TVK_N_FIELDS][TVK_REREAD_FRAMES];
		memset(band, 0, sizeof(band));
		read_band(t, i, height, ocr, arena, band);
		for (int f = 0; f < TVK_N_FIELDS && n_read < MAX_SUSPECTS; f++) {
			if (!suspects[f])
				continue;
			const struct tvk_cell *c = &row->cells[f];
			bool any = false;
			for (int k = 0; k < TVK_REREAD_FRAMES; k++) {
				const char *text;
				struct tvk_box box;
				if (k >= TVK_REREAD_BAND) {
					text = band[f][k].text;
					box = band[f][k].box;
				} else {
					if (!cell_box(t, r, i, f, (enum frame)(k / 2),
							&box))
						continue;
					text = tvk_ocr_number(ocr, box, k % 2 ?
						TVK_OCR_CLEAN : TVK_OCR_PAGE, arena);
				}
				int64_t value;
				if (!text || tvk_read_number(text, &value) ==
						TVK_FORM_NONE || (tvk_cell_known(
						c->state) && c->value == value))
					continue;
				out->cells[i][f][k] = (struct tvk_reread){text, box};
				any = true;
			}
			n_read += any;
		}
	}
	if (begun)
		tvk_ocr_number_end(ocr);
	return n_read;
}
