/*
 * The second look at scanned tables.  An OCR text layer is a first guess:
 * digits misread (2.017 for 2.517), cells lost or glued, stray marks over
 * shaded rows.  When the arithmetic cannot repair a table on a scanned
 * page, the cells it points at are read again, one by one, from the page
 * image, with tesseract told to expect nothing but a number — a narrower
 * question than the page-wide OCR answered.  The new readings are tried in
 * place of the old, one frame at a time (see below), and kept only if the
 * table then adds up in every row and every column — as read, or with the
 * repairs the arithmetic pins down; otherwise the layer's readings stay.
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
 * lost.  Neither frame always reads best — tesseract may drop a digit in
 * one and not in the other — so each gives the table a try of its own.
 */
enum frame { FRAME_TOKEN, FRAME_COLUMN, N_FRAMES };

struct reread {
	size_t row; /* n_rows: the total row */
	int field;
	/* what each frame read, when readable and not what the layer says */
	const char *text[N_FRAMES];
	struct tvk_box box[N_FRAMES];
	const char *before;
};

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
 * Where cell (@r, @f) is read in @frame.  FRAME_TOKEN: its token's box;
 * false when it has none.  FRAME_COLUMN: from the right edge of the column
 * before it to its own right edge, on the token's line (or the row's).
 */
static bool cell_box(struct tvk_table *t, size_t r, int f, enum frame frame,
		struct tvk_box *out)
{
	const struct tvk_row *row = row_at(t, r);
	const struct tvk_cell *c = &row->cells[f];
	bool has_box = c->state != TVK_CELL_EMPTY && c->box.x1 > c->box.x0;
	double right = t->column_right[f];
	struct tvk_box b;
	if (frame == FRAME_TOKEN) {
		if (!has_box)
			return false;
		b = c->box;
	} else {
		if (right <= 0)
			return false; /* no geometry */
		double left = f > 0 && t->column_right[f - 1] > 0 ?
			t->column_right[f - 1] + 4 : right - 40;
		b = has_box ? c->box : row->box;
		b.x0 = has_box ? fmin(left, b.x0) : left;
		b.x1 = has_box ? fmax(right + 2, b.x1) : right + 2;
	}
	b.x0 -= 3;
	b.x1 += 3;
	b.y0 -= 2;
	b.y1 += 2;
	*out = b;
	return true;
}

/* The number tokens of a row, rebuilt from its cells with what @frame
 * read again in their place, in column order. */
static void rebuild_numbers(struct tvk_table *t, size_t r,
		const struct reread *re, size_t n_re, enum frame frame,
		struct tvk_arena *arena)
{
	struct tvk_row *row = row_at(t, r);
	struct tvk_token *tokens = tvk_arena_array(arena, TVK_N_FIELDS,
		sizeof(*tokens));
	size_t n = 0;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const char *text = NULL;
		struct tvk_box box = row->cells[f].box;
		for (size_t i = 0; i < n_re; i++)
			if (re[i].row == r && re[i].field == f &&
					re[i].text[frame]) {
				text = re[i].text[frame];
				box = re[i].box[frame];
			}
		if (!text && row->cells[f].state != TVK_CELL_EMPTY)
			text = row->cells[f].printed;
		if (!text)
			continue;
		tokens[n++] = (struct tvk_token){TVK_TOKEN_NUMBER, text, box};
	}
	row->numbers = tokens;
	row->n_numbers = n;
}

static void repair_again(struct tvk_table *t, struct tvk_arena *arena)
{
	tvk_table_reset(t);
	tvk_repair_table(t, arena);
	tvk_validate_table(t, arena);
}

/* Logs the cells that @frame read again, with the values the table ended
 * with. */
static void log_rereads(struct tvk_table *t, const struct reread *re,
		size_t n_re, enum frame frame, struct tvk_arena *arena)
{
	for (size_t i = 0; i < n_re; i++) {
		const char *text = re[i].text[frame];
		if (!text)
			continue;
		const struct tvk_row *row = row_at(t, re[i].row);
		const struct tvk_cell *c = &row->cells[re[i].field];
		int64_t v;
		bool as_read = tvk_read_number(text, &v) != TVK_FORM_NONE &&
			v == c->value;
		tvk_table_add_repair(t, arena, &(struct tvk_repair){
			.kind = TVK_REPAIR_MISREAD,
			.subject = tvk_row_subject(row),
			.field = tvk_field_name((enum tvk_field)re[i].field),
			.printed = re[i].before, .has_value = true,
			.value = c->value,
			.evidence = as_read ?
				tvk_arena_printf(arena, "read again on its own "
					"from the page image as '%s'; with it "
					"every row and column adds up", text) :
				tvk_arena_printf(arena, "read again on its own "
					"from the page image as '%s', which the "
					"sums then changed (see its repair)",
					text)});
	}
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
	struct reread *re = tvk_xcalloc(MAX_SUSPECTS, sizeof(*re));
	size_t n_re = 0;
	struct tvk_image image = {0};
	int rendered = 0;
	for (size_t r = 0; r < rows && n_re < MAX_SUSPECTS; r++) {
		for (int f = 0; f < TVK_N_FIELDS && n_re < MAX_SUSPECTS; f++) {
			const struct tvk_row *row = row_at(t, r);
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
				if (tvk_pdf_render(doc->pdf, page - 1, 300, &image,
						&err) != 0) {
					rendered = 0;
					continue;
				}
				tvk_ocr_number_begin(ocr, &image);
				rendered = page;
			}
			const struct tvk_cell *c = &row->cells[f];
			struct reread *x = &re[n_re];
			*x = (struct reread){.row = r, .field = f,
				.before = c->printed};
			bool any = false;
			for (int k = 0; k < N_FRAMES; k++) {
				if (!cell_box(t, r, f, (enum frame)k, &x->box[k]))
					continue;
				const char *text = tvk_ocr_number(ocr, x->box[k],
					doc->arena);
				int64_t v;
				if (!text || tvk_read_number(text, &v) ==
						TVK_FORM_NONE || (tvk_cell_known(
						c->state) && c->value == v))
					continue;
				x->text[k] = text;
				any = true;
			}
			n_re += any;
		}
	}
	if (rendered)
		tvk_ocr_number_end(ocr);
	free(image.pixels);
	free(row_fails);
	if (n_re == 0) {
		free(re);
		return 0;
	}

	/* Try the table with what each frame read; keep the first that makes
	 * it add up, and otherwise put back what the text layer said. */
	const struct tvk_token **saved = tvk_xcalloc(rows, sizeof(*saved));
	size_t *saved_n = tvk_xcalloc(rows, sizeof(*saved_n));
	for (size_t r = 0; r < rows; r++) {
		saved[r] = row_at(t, r)->numbers;
		saved_n[r] = row_at(t, r)->n_numbers;
	}
	size_t kept = 0;
	for (int k = 0; k < N_FRAMES && !kept; k++) {
		bool tried = false;
		for (size_t r = 0; r < rows; r++)
			for (size_t i = 0; i < n_re; i++)
				if (re[i].row == r && re[i].text[k]) {
					rebuild_numbers(t, r, re, n_re,
						(enum frame)k, doc->arena);
					tried = true;
					break;
				}
		if (!tried)
			continue;
		repair_again(t, doc->arena);
		if (t->status != TVK_STATUS_INVALID) {
			log_rereads(t, re, n_re, (enum frame)k, doc->arena);
			t->status = TVK_STATUS_REPAIRED;
			kept = n_re;
			break;
		}
		for (size_t r = 0; r < rows; r++) {
			row_at(t, r)->numbers = saved[r];
			row_at(t, r)->n_numbers = saved_n[r];
		}
	}
	if (!kept)
		repair_again(t, doc->arena);
	free(saved);
	free(saved_n);
	free(re);
	return kept;
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
