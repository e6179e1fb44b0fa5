#ifndef TVK_TABLE_COLUMNS_H
#define TVK_TABLE_COLUMNS_H

/* Column geometry (columns.c): where a table's number columns and its
 * names stand. */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/types.h>

#include "read/lex.h"

struct geometry {
	bool known;
	double right[TVK_N_FIELDS];
	double left[TVK_N_FIELDS];
	double zone_left, zone_right; /* the five number columns together */
	double name_left;             /* left edge of the names; NAN: unknown */
	double glyph;
};

/* The median of the @n values at @v (sorted in place). */
double tvk_table_median(double *v, size_t n);

/*
 * The five columns from the numbers: in rows whose trailing counts are
 * five clean numbers, the right edges of each position agree to a
 * fraction of a point (the publication right-aligns its counts), so the
 * median per position is the column's right edge, robust to a misplaced
 * row.  Without such a row, the right edges of all clean numbers are
 * clustered: five clusters, each with support from a share of the rows.
 */
bool tvk_table_columns(const struct tvk_lexeme *lx, const size_t *lines,
		size_t n_lines, struct geometry *g);

/*
 * The extents of the columns and of the name column.  A column reaches
 * from its widest count to its right edge (not to its title, which may
 * wrap wider than the column); the numbers' zone starts half a glyph left
 * of the first.
 * Names are left-aligned: the left edge most rows' names start at (or
 * where the header prints "Gemeente") is the name column's; what starts
 * left of it is the region label's column.  @header to @header_last are
 * the lines of the table's header (SIZE_MAX: it has none).
 */
void tvk_table_column_extents(const struct tvk_lexeme *lx, size_t header,
		size_t header_last, const size_t *lines, size_t n_lines,
		struct geometry *g);

/* The column whose extent holds the centre of @box; -1 in a gap. */
int tvk_table_column_of(const struct geometry *g, struct tvk_box box);

/* Whether @box overlaps the extent of any number column. */
bool tvk_table_touches_column(const struct geometry *g, struct tvk_box box);

#endif
