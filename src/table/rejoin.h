#ifndef TVK_REJOIN_H
#define TVK_REJOIN_H

/*
 * The lines the table stage reads as one (rejoin.c): a table's columns
 * printed on the pages after it, each line beside the line it carries
 * on; a Totaal AMR whose label wraps.  Private to the table stage.
 */

#include <stddef.h>

#include <tvk/types.h>

#include "base/arena.h"
#include "read/lex.h"
#include "table/table.h"

/*
 * The lexed lines of a document (@n of them, page by page, top to
 * bottom; @pages, @n_pages the pages they are on), joined where they are
 * one line of a table; joined lines are lexed again with @lexer.  Sets
 * *@out to the lines to read (@lexemes itself when nothing is joined,
 * else an array in @arena) and returns their number; sets *@spreads (in
 * @arena, or NULL) to the pages set beside another, *@n_spreads of them.
 */
size_t tvk_rejoin(const struct tvk_lexeme *lexemes, size_t n,
		const struct tvk_page *pages, int n_pages,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		const struct tvk_lexeme **out,
		const struct tvk_spread **spreads, size_t *n_spreads);

#endif
