#ifndef TVK_LAYOUT_H
#define TVK_LAYOUT_H

/*
 * The layout stage: the words of a page in, lines out.  Lines are rebuilt
 * from geometry alone (clustering of the words' vertical centres, then x
 * order), never from the order of the text stream: OCR layers and PDF
 * producers emit text in column order, block order or reversed.
 *
 * Ownership: lines and their joined text are allocated in @arena; a line's
 * words are copies, in x order, also in @arena.
 */

#include <stddef.h>

#include <tvk/types.h>

#include "base/arena.h"

/**
 * Rebuilds the lines of @page, top to bottom.  Sets *@lines (NULL when
 * the page has no words) and returns the number of lines.
 */
size_t tvk_layout_lines(const struct tvk_page *page,
		struct tvk_arena *arena, struct tvk_line **lines);

#endif
