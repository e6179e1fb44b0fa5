#ifndef TVK_OCR_H
#define TVK_OCR_H

/*
 * The OCR stage (libtesseract, Dutch): pages without a text layer come in
 * as words with boxes, like any other page; and single cells can be read
 * again, on their own, as numbers, when the arithmetic says their first
 * reading was wrong.
 *
 * Ownership: one engine per thread (tesseract is not re-entrant).
 * tvk_ocr_for_thread() makes the calling thread's engine on first use;
 * tvk_ocr_release_thread() (<tvk/read.h>) frees it (threads that end
 * free theirs).
 * Words and strings are allocated in the caller's arena.
 */

#include <stdbool.h>

#include <tvk/error.h>
#include <tvk/read.h>
#include <tvk/types.h>

#include "base/arena.h"
#include "read/pdf.h"

struct tvk_ocr;

/* Pages are rendered for OCR at this resolution: digits of the
 * publication's 8-point tables are then some 30 pixels high. */
#define TVK_OCR_DPI 300

/**
 * The calling thread's engine, made on first use.  NULL with @err filled
 * (TVK_ERR_OCR) when the build has no OCR or tesseract cannot start (no
 * Dutch language data).
 */
struct tvk_ocr *tvk_ocr_for_thread(struct tvk_error *err);

/**
 * Recognises the words of @image into @out->words (boxes in PDF points,
 * from @image->dpi); sets @out->layer to TVK_LAYER_OCR and *@confidence
 * (when not NULL) to tesseract's mean confidence in them, 0 to 100.
 * Returns 0, or -1 with @err filled.
 */
int tvk_ocr_page(struct tvk_ocr *ocr, const struct tvk_image *image,
		struct tvk_arena *arena, struct tvk_page *out, int *confidence,
		struct tvk_error *err);

/* How a cell is shown to tesseract. */
enum tvk_ocr_view {
	TVK_OCR_PAGE,  /* the cell's rectangle within the page image */
	TVK_OCR_CLEAN, /* the cell cut out, black and white, its rules wiped */
};

/**
 * Reads the region @box (PDF points) of @image as one number: digits and
 * separators only, shown as @view says (neither reads every cell best: a
 * table's rules and shading fool one, a small crop's contrast the other).
 * Returns the string, or NULL when nothing was read.  Call
 * tvk_ocr_number_begin() for the image first, tvk_ocr_number_end() after
 * the last cell.
 */
void tvk_ocr_number_begin(struct tvk_ocr *ocr,
		const struct tvk_image *image);
const char *tvk_ocr_number(struct tvk_ocr *ocr, struct tvk_box box,
		enum tvk_ocr_view view, struct tvk_arena *arena);
void tvk_ocr_number_end(struct tvk_ocr *ocr);

/* A word of a band, and other strings tesseract nearly read for it. */
#define TVK_OCR_ALTS 3
struct tvk_ocr_word {
	const char *text;
	struct tvk_box box; /* PDF points */
	int conf;           /* its least sure symbol's confidence, 0..100 */
	const char *alts[TVK_OCR_ALTS]; /* NULL-padded */
};

/**
 * Reads the band @box (PDF points) of the image set by
 * tvk_ocr_number_begin() as one line of numbers whose digits are about
 * @text_height points high: a row's counts across the number columns.
 * Sets *@out to its words, x order (allocated in @arena), and returns
 * their number.
 */
size_t tvk_ocr_band(struct tvk_ocr *ocr, struct tvk_box box,
		double text_height, struct tvk_arena *arena,
		struct tvk_ocr_word **out);

#endif
