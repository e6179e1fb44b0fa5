#ifndef TVK_READ_H
#define TVK_READ_H

/*
 * What a caller of the pipeline holds of the read stage: the lexer that
 * every conversion takes, the OCR engine of a thread, and the boxes of a
 * page as it is displayed.
 *
 * Ownership: a lexer is created and destroyed by the caller, one per
 * thread, and is best kept from input to input (it remembers the words it
 * has weighed).  A thread's OCR engine is made on first use and freed by
 * tvk_ocr_release_thread() or when the thread ends.
 */

#include <stdbool.h>

#include <tvk/api.h>
#include <tvk/types.h>

struct tvk_lexer;

/** Creates a lexer.  Never returns NULL (aborts on out of memory). */
TVK_API struct tvk_lexer *tvk_lexer_create(void);

/** Frees @lexer. Accepts NULL. */
TVK_API void tvk_lexer_destroy(struct tvk_lexer *lexer);

/** True when this build of tvk has OCR (it was built with tesseract). */
TVK_API bool tvk_ocr_available(void);

/** Frees the calling thread's OCR engine, if it has one. */
TVK_API void tvk_ocr_release_thread(void);

/**
 * @box, of @page as its words are given (turned upright, see struct
 * tvk_page), as a box of the page as displayed.
 */
TVK_API struct tvk_box tvk_pdf_box_as_displayed(const struct tvk_page *page,
		struct tvk_box box);

#endif
