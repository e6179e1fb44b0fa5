#ifndef TVK_VALIDATE_H
#define TVK_VALIDATE_H

/*
 * The validate stage: a raw table and its reading in, a verdict out —
 * every cell known, row sums (four parts = total, in every row), column
 * sums (the municipalities add up to Totaal AMR, per field), the
 * register percentage, the names (every row coded, the municipalities
 * exactly the region's on the table's date: composition.h); the status,
 * and every failing check as a problem.  For the national row, the
 * residual against the regions.
 *
 * Ownership: the verdict is allocated in the caller's arena.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/model.h"
#include "repair/repair.h"
#include "table/table.h"

struct tvk_verdict {
	enum tvk_status status;
	/* The reading's problems, then validate's own. */
	struct tvk_problem_list problems;
	/* Which sums fail (or cannot be made: a cell unknown): per row
	 * (n_rows + 1, the last Totaal AMR), and per column. */
	bool *row_fails;
	bool col_fails[TVK_N_FIELDS];
};

/** Checks the reading @r of @t into @out. */
void tvk_validate_check(const struct tvk_table *t,
		const struct tvk_reading *r, struct tvk_arena *arena,
		struct tvk_verdict *out);

/* The national row against the regions of the same publication. */
struct tvk_national {
	struct tvk_period period;
	int64_t total[TVK_N_FIELDS];        /* the Nederland row */
	int64_t regions_sum[TVK_N_FIELDS];  /* the sum of the regions' totals */
	int64_t unattributed[TVK_N_FIELDS]; /* total - regions_sum */
	size_t n_regions;                   /* regions summed (35 expected) */
	bool complete;   /* every field of the national row and of all 35
	                    region totals is known */
};

/* A region's total for tvk_validate_national(): its code and Totaal AMR
 * as read. */
struct tvk_region_total {
	int region;
	const struct tvk_row_reading *total; /* NULL: the table has none */
};

/**
 * Computes the residual of the national row @national (the reading of a
 * TVK_TABLE_NATIONAL table's row) of @period against the @n region totals
 * @regions of the same period.  A residual is not an error: the
 * publication leaves people out of every region.
 */
void tvk_validate_national(const struct tvk_period *period,
		const struct tvk_row_reading *national,
		const struct tvk_region_total *regions, size_t n,
		struct tvk_national *out);

#endif
