#ifndef TVK_COMPOSITION_H
#define TVK_COMPOSITION_H

/*
 * The composition check: a table of a region and a quarter lists exactly
 * the municipalities of that region on the quarter's reference date, each
 * once.  A row matched to the wrong name shows up here too: as a
 * duplicate, and as the municipality it should have been, missing.
 *
 * Ownership: the problems are the caller's (plain values, the message
 * inside); the municipality pointers point into the gazetteer's static
 * tables.  Thread-safe.
 */

#include <stddef.h>

#include <tvk/error.h>

#include "gazetteer/gazetteer.h"

enum tvk_composition_kind {
	TVK_COMPOSITION_MISSING,      /* of the region on the date; no row names it */
	TVK_COMPOSITION_OTHER_REGION, /* a row names one of another region then */
	TVK_COMPOSITION_NOT_THEN,     /* a row names one that did not exist then */
	TVK_COMPOSITION_DUPLICATE,    /* a row names one an earlier row names */
};

struct tvk_composition_problem {
	enum tvk_composition_kind kind;
	/* The row (an index into the caller's rows); for MISSING, none
	 * (SIZE_MAX).  For DUPLICATE, first_row is the row that named it
	 * first. */
	size_t row, first_row;
	/* MISSING, DUPLICATE, OTHER_REGION: its record on the date (for
	 * OTHER_REGION its region then is municipality->region); NOT_THEN:
	 * the record the row was matched to. */
	const struct tvk_municipality *municipality;
	/* One sentence naming it, e.g. "Brielle (GM0501) did not exist on
	 * 2023-03-31: it merged into Voorne aan Zee (GM1992) on 2023-01-01". */
	char message[320];
};

/** "missing", "other-region", "not-then", "duplicate". */
const char *tvk_composition_kind_name(enum tvk_composition_kind kind);

/**
 * Checks the municipalities of a table of region @region (1..35) on @date
 * (yyyymmdd, see gazetteer.h): @rows[i] is the municipality row i was
 * matched to — a record of any date; a row is judged by its code on @date
 * — or NULL for a row without a code, which this check leaves to the
 * caller's own problem.  Writes at most @cap problems to @out: first those
 * of the rows, in row order, then the missing municipalities, in code
 * order.  Returns the number of problems, which is more than @cap when
 * some did not fit; 0 when the table is exactly the region's.  A region
 * outside 1..35 cannot be checked: 0.
 */
size_t tvk_composition_check(int region, int date,
		const struct tvk_municipality *const *rows, size_t n_rows,
		struct tvk_composition_problem *out, size_t cap);

#endif
