#ifndef TVK_TABLE_H
#define TVK_TABLE_H

/*
 * The table stage: lexed lines in, raw tables out — each row with the
 * tokens left of the number columns (label and name as printed) and those
 * inside them (counts and damaged cells as printed), its page and box,
 * plus the lines around the rows (labels, wrapped names, the register
 * sentence) and the column geometry.  Nothing is read yet: the repair
 * stage reads a raw table into a struct tvk_reading (repair.h), the
 * validate stage checks a reading into a struct tvk_verdict (validate.h);
 * neither writes into the raw table.
 *
 * Ownership: everything is allocated in the arena passed to
 * tvk_table_build(); tables point at the lexemes they were built from,
 * which must live as long (they are in the same document arena).
 */

#include <stddef.h>
#include <stdint.h>

#include <tvk/types.h>

#include "base/arena.h"
#include "model/model.h"
#include "read/lex.h"

enum tvk_row_kind {
	TVK_ROW_MUNICIPALITY,
	TVK_ROW_TOTAL,    /* "Totaal AMR" */
	TVK_ROW_NATIONAL, /* "Nederland" */
};

struct tvk_row {
	enum tvk_row_kind kind;
	int page;
	struct tvk_box box;
	const char *lead; /* all words left of the numbers, as printed */
	const struct tvk_token *lead_tokens;
	size_t n_lead_tokens;
	/* The first lead tokens that stand in the region label's column,
	 * left of where the names start. */
	size_t n_label_tokens;
	/* What stands in the number columns, x order, marks dropped: counts
	 * and damaged cells alike. */
	const struct tvk_token *numbers;
	size_t n_numbers;
};

enum tvk_aside_place {
	TVK_ASIDE_BEFORE, /* above the first row (or between header lines) */
	TVK_ASIDE_INSIDE, /* between rows */
	TVK_ASIDE_AFTER,  /* after Totaal AMR, on its page */
};

/* A line without counts before, inside or after a table body: a region
 * label on a line of its own, the rest of a wrapped name, a note. */
struct tvk_aside {
	const struct tvk_lexeme *lexeme;
	/* Inside the body: the tokens left of the number columns; around
	 * it: all of the line's. */
	const struct tvk_token *tokens;
	size_t n_tokens;
	size_t n_label_tokens; /* the first of them in the label's column */
	const char *text; /* those tokens joined */
	int page;
	struct tvk_box box;
	size_t rows_before; /* municipality rows above it */
	enum tvk_aside_place place;
	bool after_total;   /* place == TVK_ASIDE_AFTER */
	bool junk;          /* something that is no count stood in the
	                       number columns */
};

/*
 * A page that carries on another's columns: a table too wide for its
 * page, printed column-wise (a spreadsheet's print: the label, the names
 * and the first columns on one page, the other columns on the next, each
 * line at the height of the line it carries on).  The table stage reads
 * the words of @page as if they stood right of those of @base, @dx points
 * further right, on the lines they line up with.
 */
struct tvk_spread {
	int page, base;
	double dx;
};

struct tvk_table {
	enum tvk_table_kind kind;
	struct tvk_period period;
	int first_page, last_page;

	/* What the document prints about the region around the table. */
	const char *title_region; /* after the period in the title */
	const char *title_next;   /* the line below the title, if short */

	struct tvk_row *rows; /* municipality rows, top to bottom */
	size_t n_rows;
	struct tvk_row total; /* Totaal AMR (or Nederland) */
	bool has_total;
	struct tvk_aside *asides;
	size_t n_asides;
	bool has_header; /* anchored by its column header */
	/* The number columns: right edges, and left edges of their widest
	 * count; all 0 when the geometry is unknown. */
	double column_right[TVK_N_FIELDS];
	double column_left[TVK_N_FIELDS];

	struct tvk_register_text register_text;

	/* The pages set beside others in the document (struct tvk_spread):
	 * a box of a row is on the page its row is on, or, right of where
	 * such a page was set, on that page (see tvk_table_place()). */
	const struct tvk_spread *spreads;
	size_t n_spreads;
};

/**
 * Builds the tables of a document from its lexed lines (in page and
 * reading order); @pages (@n_pages of them, may be NULL) give the page
 * sizes that tell margins from bodies.  @lexer is used for the register
 * sentence.  Sets *@tables and returns their number: none when no line is
 * a table's header or total.
 */
size_t tvk_table_build(const struct tvk_lexeme *lexemes, size_t n,
		const struct tvk_page *pages, int n_pages,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct tvk_table **tables);

/**
 * Where a box of @t's row on page @page is printed: on @page, or, for a
 * table printed column-wise over several pages, on the page its column
 * went to (its words were read as if set beside @page's).  Moves *@box
 * onto that page and returns its number.
 */
int tvk_table_place(const struct tvk_table *t, int page,
		struct tvk_box *box);

#endif
