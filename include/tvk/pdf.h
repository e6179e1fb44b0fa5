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

#include <tvk/arena.h>
#include <tvk/types.h>

struct tvk_pdf;

/**
 * Opens the PDF in @data (@size bytes).  @name is used in error messages.
 * Returns NULL and fills @err (TVK_ERR_NOT_PDF, TVK_ERR_ENCRYPTED or
 * TVK_ERR_PDF) when the bytes are no PDF poppler can read.
 */
TVK_API struct tvk_pdf *tvk_pdf_open(const void *data, size_t size,
		const char *name, struct tvk_error *err);

/** Frees @pdf. Accepts NULL. */
TVK_API void tvk_pdf_destroy(struct tvk_pdf *pdf);

/** The number of pages of @pdf. */
TVK_API int tvk_pdf_page_count(const struct tvk_pdf *pdf);

/**
 * Extracts the words of page @index (0-based) into @out: text from
 * poppler_page_get_text(), one box per glyph from
 * poppler_page_get_text_layout(), glyphs grouped into words by whitespace
 * and by gaps in the geometry.  A page without text gets n_words == 0 and
 * layer TVK_LAYER_NONE.  Returns 0, or -1 with @err filled.
 */
TVK_API int tvk_pdf_page_words(struct tvk_pdf *pdf, int index,
		struct tvk_arena *arena, struct tvk_page *out,
		struct tvk_error *err);

/** True when @data starts like a PDF ("%PDF-" within the first 1024 bytes). */
TVK_API bool tvk_pdf_sniff(const void *data, size_t size);

#endif
