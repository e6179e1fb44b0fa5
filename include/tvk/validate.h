#ifndef TVK_VALIDATE_H
#define TVK_VALIDATE_H

/*
 * The validate stage: row sums (four parts = total, in every row), column
 * sums (the municipalities add up to Totaal AMR, per field), the register
 * percentage, and for the national row the residual against the regions.
 * Sets the table's status and lists every failing check as a problem.
 */

#include <stddef.h>
#include <stdint.h>

#include <tvk/arena.h>
#include <tvk/table.h>

/** Checks @table and sets its status; problems are added to the table. */
TVK_API void tvk_validate_table(struct tvk_table *table,
		struct tvk_arena *arena);

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

/**
 * Computes the residual of @national (a TVK_TABLE_NATIONAL table) against
 * the @n region tables of the same period in @regions.  A residual is not
 * an error: the publication leaves people out of every region.
 */
TVK_API void tvk_validate_national(const struct tvk_table *national,
		const struct tvk_table *const *regions, size_t n,
		struct tvk_national *out);

/**
 * Adds @a and @b into *@sum unless the result overflows; returns false on
 * overflow.  Every sum tvk makes goes through here.
 */
TVK_API bool tvk_add_checked(int64_t a, int64_t b, int64_t *sum);

#endif
