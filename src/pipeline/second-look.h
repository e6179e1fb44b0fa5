#ifndef TVK_SECOND_H
#define TVK_SECOND_H

/*
 * The second look, a stage of its own: a table on a scanned page that
 * does not add up, its reading and verdict, and the page images in; the
 * cells the arithmetic points at, read again one by one from the images
 * with tesseract told to expect nothing but a number, out — as further
 * readings (struct tvk_rereads) that the repair stage weighs with the
 * layer's when it reads the table again.  It decides nothing: the sums
 * do, and the caller keeps the new reading only if its verdict holds
 * (pipeline/convert.c).
 *
 * Ownership: the rereads are allocated in the caller's arena.
 */

#include <stddef.h>

#include "base/arena.h"
#include "read/ocr.h"
#include "read/pdf.h"
#include "repair/repair.h"
#include "table/table.h"
#include "validate/validate.h"

/**
 * Reads the suspect cells of @t — where a failing row of @v crosses a
 * failing column, or, when only rows (or only columns) fail, all of
 * theirs — from @pages (@n_pages images: page @first_page first) with
 * @ocr, each in every frame and view, into @out.  Returns the number of
 * cells that read as a count other than the reading @r has; 0 leaves
 * @out empty.
 */
size_t tvk_second_look(const struct tvk_table *t,
		const struct tvk_reading *r, const struct tvk_verdict *v,
		const struct tvk_image *pages, int first_page, int n_pages,
		struct tvk_ocr *ocr, struct tvk_arena *arena,
		struct tvk_rereads *out);

#endif
