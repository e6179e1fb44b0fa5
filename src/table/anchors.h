#ifndef TVK_TABLE_ANCHORS_H
#define TVK_TABLE_ANCHORS_H

/*
 * What anchors a table (anchors.c): the column header above it, marked
 * by its titles ("Profiel in Sonar", "Geen profiel in Sonar", "Totaal in
 * Sonar", wrapped any way), and the page furniture, which is never part
 * of one.
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/types.h>

#include "read/lex.h"

/*
 * Furniture by repetition: a line in the top or bottom margin whose shape
 * recurs in the margin of other pages (on at least two pages and on at
 * least two in five of them) is a running title, a footer or a page
 * number, whatever its words — the patterns in lex know the common ones,
 * this catches the producers they do not.  Table lines (header, total,
 * national row) are never furniture: a compendium repeats them by design.
 */
bool *tvk_table_furniture(const struct tvk_lexeme *lx, size_t n,
		const struct tvk_page *pages, int n_pages);

/* A line of header words only, even if only of "in" and "Sonar" (the
 * last line of wrapped titles), damaged or not. */
bool tvk_table_headerish(const struct tvk_lexeme *l);

/*
 * Marks the header blocks: runs of header lines on one page, each within a
 * few line heights of the next, that together name the columns.  One line
 * that is not a header may stand between two header lines (the region
 * label, in some layouts, sits between the group titles and the column
 * titles).  @block[i] gets the index of the block's first line for every
 * line of a block, SIZE_MAX elsewhere.
 */
void tvk_table_headers(const struct tvk_lexeme *lx, size_t n,
		const bool *furniture, size_t *block);

#endif
