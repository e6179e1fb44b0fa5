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

/**
 * The slope of @page's lines, in degrees: positive when they fall to the
 * right (as y grows down the page), 0 when they lie level to within
 * TVK_LAYOUT_LEVEL or the page has too few words to tell.  Looked for up
 * to TVK_LAYOUT_MAX_SKEW either way: what a scanner's feed or a hand on
 * the glass does.
 */
double tvk_layout_skew(const struct tvk_page *page);

#define TVK_LAYOUT_LEVEL 0.15
#define TVK_LAYOUT_MAX_SKEW 3.0

/**
 * Sets the words of @page level: each turned by -@deg about the page's
 * centre (its box keeps its size), and page->frame (allocated in @arena)
 * maps them back to where they are printed.  For a page with a frame
 * already, or turned, nothing is done.
 */
void tvk_layout_straighten(struct tvk_page *page, double deg,
		struct tvk_arena *arena);

#endif
