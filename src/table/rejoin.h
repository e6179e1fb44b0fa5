#ifndef TVK_REJOIN_H
#define TVK_REJOIN_H

/*
 * The lines the table stage reads as one (rejoin.c): a Totaal AMR whose
 * label wraps.  Private to the table stage.
 */

#include <stddef.h>

#include <tvk/arena.h>
#include <tvk/lex.h>

/*
 * The lexed lines of a document (@n of them, page by page, top to
 * bottom), joined where they are one line of a table; joined lines are
 * lexed again with @lexer.  Sets *@out to the lines to read (@lexemes
 * itself when nothing is joined, else an array in @arena) and returns
 * their number.
 */
size_t tvk_rejoin(const struct tvk_lexeme *lexemes, size_t n,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		const struct tvk_lexeme **out);

#endif
