#ifndef TVK_REPAIR_INTERNAL_H
#define TVK_REPAIR_INTERNAL_H

/*
 * What the files of the repair stage share: region.c decides the region
 * (and knows the words of region labels), names.c reads the names,
 * numbers.c reads the number tokens of a row in every plausible way,
 * solve.c finds the one reading of the whole table that the sums pin
 * down, repair.c drives them and turns the solution into cells and
 * repairs.
 */

#include <stddef.h>
#include <stdint.h>

#include "gazetteer/gazetteer.h"
#include "read/lex.h"
#include "repair/repair.h"
#include "table/table.h"

#define MAX_FOLD 256

/* One table being read: the raw table in, the reading out. */
struct read_ctx {
	const struct tvk_table *t;
	const struct tvk_rereads *rereads; /* may be NULL */
	struct tvk_reading *rd;
	struct tvk_arena *arena;
};

/* Pass 1 (region.c): rd->region and its repairs and problems. */
void tvk_read_region(struct read_ctx *c);

/* Pass 2 (names.c): every row's name and municipality, the label as
 * printed. */
void tvk_read_names(struct read_ctx *c);

/* The words of a region's names, folded: what a label fragment may
 * consist of.  "Zuid-Kennemerland en IJmond" gives zuid, kennemerland,
 * en, ijmond. */
struct region_words {
	char buf[1024];
	char *words[48];
	size_t n;
};

void tvk_region_words(const struct tvk_region *r, struct region_words *rw);

/* Whether printed @token is made only of words of @rw's region. */
bool tvk_is_fragment(const char *token, const struct region_words *rw);

/* A label "18 Zuid-Holland" in @t[0..@n): its region code, or 0. */
int tvk_label_code(const struct tvk_token *t, size_t n);

/* A region code as printed: one or two digits. */
bool tvk_is_code_token(const char *s);

/* Splits folded @s (modified) into at most @cap words; their number. */
size_t tvk_fold_words(char *s, char **words, size_t cap);

/* A match's quality: higher is better; NONE and AMBIGUOUS are 0. */
int tvk_match_rank(struct tvk_match m);

/* The table's reference date (yyyymmdd): names are matched against the
 * municipalities of that date. */
int tvk_table_date(const struct tvk_table *t);

/* Costs are in half units: an alternative reading costs 1, a cell the
 * arithmetic overrides costs 2. */
#define COST_ALTERNATIVE 1
#define COST_OVERRIDE 2

/* How a cell's string came out of the row's tokens. */
enum cell_origin {
	ORIGIN_NONE,   /* nothing printed in the column */
	ORIGIN_TOKEN,  /* one token, as printed */
	ORIGIN_JOINED, /* two tokens read as one number ("1.4 04") */
	ORIGIN_PART,   /* part of a token that spans two columns ("1.4042.033") */
	ORIGIN_REREAD, /* read again from the page image (the second look) */
};

#define MAX_ALTERNATIVES 4

struct cell_reading {
	enum cell_origin origin;
	const char *printed;        /* the string read (a piece, or a join) */
	const char *token;          /* the token(s) as printed, for the log;
	                               NULL for a reread of an empty cell */
	struct tvk_box box;         /* where it is printed */
	enum tvk_number_form form;  /* TVK_FORM_NONE: unreadable */
	int frame;                  /* ORIGIN_REREAD: the second look's
	                               frame (enum tvk_reread_frame) */
	int64_t value;
	/* Other values the same string may stand for (a letter that looks
	 * like two digits); the solver may pick one, at a cost. */
	int64_t alternatives[MAX_ALTERNATIVES];
	size_t n_alternatives;
};

/* One way of reading a row's number tokens into the five columns. */
struct row_reading {
	struct cell_reading cell[TVK_N_FIELDS];
	int cost;        /* 0 for the reading the geometry prefers */
	double distance; /* geometric misfit, points */
};

#define MAX_ROW_READINGS 48

/*
 * Reads the number tokens of @row: splits of tokens that span two columns,
 * joins of tokens inside one column, and the placement of the cells in the
 * columns whose right edges are @right (all 0 when the table's geometry is
 * unknown); with @reread (per field, or NULL), the second look's readings
 * of the page image as further readings.  Fills @out (at most
 * MAX_ROW_READINGS, best first, strings in @arena) and returns the count;
 * at least one.
 */
size_t tvk_row_readings(const struct tvk_row *row,
		const struct tvk_reread (*reread)[TVK_REREAD_FRAMES],
		const double right[TVK_N_FIELDS], double glyph,
		struct tvk_arena *arena, struct row_reading *out);

/* The solver's view of one changed cell. */
enum change_kind {
	CHANGE_INFERRED,    /* nothing readable: the sums supply the value */
	CHANGE_ALTERNATIVE, /* another reading of the same string */
	CHANGE_OVERRIDE,    /* a readable count the sums contradict */
};

struct change {
	size_t row; /* n_rows is the total row */
	int field;
	enum change_kind kind;
	int64_t from, to;
	bool column_confirms; /* inferred: its column leaves the same value */
	bool by_column;       /* inferred from its column; its row checks it */
};

#define MAX_CHANGES 12

struct solution {
	size_t *reading;   /* per row (n_rows + 1): index of the reading used */
	int64_t *values;   /* (n_rows + 1) * TVK_N_FIELDS */
	struct change changes[MAX_CHANGES];
	size_t n_changes;
	int cost;
	/* several counts changed, one further than a slip of OCR from what
	 * is printed: an explanation the sums allow, never one to apply */
	bool far_fetched;
};

enum solve_result {
	SOLVE_CONSISTENT, /* the preferred readings satisfy every sum */
	SOLVE_REPAIRED,   /* one least-cost set of changes satisfies them */
	SOLVE_AMBIGUOUS,  /* two or more do, with different values */
	SOLVE_NONE,       /* none within the rules */
};

struct solve_input {
	size_t n_rows;                  /* municipality rows */
	struct row_reading **readings;  /* per row (n_rows + 1) */
	size_t *n_readings;
	bool allow_override;            /* false with one municipality */
	/* Per cell ((n_rows + 1) * TVK_N_FIELDS): whether it may change.
	 * Only a cell where a failing row of the first readings crosses a
	 * failing column, or one they could not read, may: a cell whose row
	 * or column adds up as read is pinned by it.  The readings offered
	 * differ from a row's first only in such cells. */
	const bool *eligible;
};

/*
 * Finds the values of the table: the combination of row readings and the
 * changed cells — no two in one row or one column, each the only change
 * its row and its column need, each an eligible cell — that makes every
 * row and column sum hold, when it is the only one with its values.  On
 * SOLVE_CONSISTENT or SOLVE_REPAIRED @best holds it (its cheapest
 * explanation); on SOLVE_AMBIGUOUS @best and @rival are two with
 * different values, the cheapest of each.
 * Arrays in the solutions are allocated in @arena.
 */
enum solve_result tvk_solve(const struct solve_input *in,
		struct tvk_arena *arena, struct solution *best,
		struct solution *rival);

#endif
