#ifndef TVK_PDF_H
#define TVK_PDF_H

/*
 * The pdf stage: bytes of a PDF in, one struct tvk_page per page out,
 * holding the words and their boxes as poppler extracts them.
 *
 * Ownership: struct tvk_pdf is created and destroyed by the caller; it
 * borrows the bytes passed to tvk_pdf_open() and the caller keeps them
 * alive until tvk_pdf_destroy().  Pages are written into the caller's arena.
 */

#include <stddef.h>

#include <tvk/error.h>
#include <tvk/read.h>
#include <tvk/types.h>

#include "base/arena.h"

struct tvk_pdf;

/**
 * Opens the PDF in @data (@size bytes).  @name is used in error messages.
 * Returns NULL and fills @err (TVK_ERR_NOT_PDF, TVK_ERR_ENCRYPTED or
 * TVK_ERR_PDF) when the bytes are no PDF poppler can read.
 */
struct tvk_pdf *tvk_pdf_open(const void *data, size_t size,
		const char *name, struct tvk_error *err);

/** Frees @pdf. Accepts NULL. */
void tvk_pdf_destroy(struct tvk_pdf *pdf);

/** The number of pages of @pdf. */
int tvk_pdf_page_count(const struct tvk_pdf *pdf);

/**
 * Extracts the words of page @index (0-based) into @out: text from
 * poppler_page_get_text(), one box per glyph from
 * poppler_page_get_text_layout(), glyphs grouped into words by whitespace
 * and by gaps in the geometry.  When most of the page's text runs
 * another way than left to right (a glyph's box follows the one before
 * it down, up or leftwards: its text matrix turns it), the page is read
 * turned so that it does: @out->turn says how, and the words, width and
 * height are those of the turned page.  A page without text gets n_words
 * == 0 and layer TVK_LAYER_NONE.  Returns 0, or -1 with @err filled.
 */
int tvk_pdf_page_words(struct tvk_pdf *pdf, int index,
		struct tvk_arena *arena, struct tvk_page *out,
		struct tvk_error *err);

/* A page rendered to 8-bit grey, for OCR: one byte per pixel, rows of
 * @stride bytes, @dpi pixels per inch.  Free @pixels with free(). */
struct tvk_image {
	unsigned char *pixels;
	int width, height, stride;
	double dpi;
};

/**
 * Renders page @index at @dpi to grey.  Returns 0, or -1 with @err filled.
 * The image is white where the page is blank.
 */
int tvk_pdf_render(struct tvk_pdf *pdf, int index, double dpi,
		struct tvk_image *out, struct tvk_error *err);

/**
 * True when page @index is a scan: an image covers most of it.  A text
 * layer on such a page was made by OCR (a scanner's or OCRmyPDF's), and
 * is a first guess rather than the truth.
 */
bool tvk_pdf_page_is_scan(struct tvk_pdf *pdf, int index);

/**
 * The resolution of the scan on page @index: the pixels of the largest
 * image that covers most of the page per inch of the page; 0 when no
 * image does.  A page rendered at this resolution has the scan's own
 * pixels.
 */
double tvk_pdf_page_scan_dpi(struct tvk_pdf *pdf, int index);

/** True when @data starts like a PDF ("%PDF-" within the first 1024 bytes). */
bool tvk_pdf_sniff(const void *data, size_t size);

#endif
