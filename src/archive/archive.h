#ifndef TVK_ARCHIVE_INTERNAL_H
#define TVK_ARCHIVE_INTERNAL_H

/*
 * The parts of an archive at a glance (<tvk/archive.h>), a file each:
 * the grid of quarters by regions (coverage.c), the problems (problems.c),
 * the series of every municipality of today and every region total
 * (series.c) and the values that jump in them (plausible.c), the grid
 * and the warnings as text (text.c) and the whole as JSON (json.c);
 * archive.c reads a folder and puts them together.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tvk/archive.h>

/* The quarters a document may be placed in: no edition of the
 * publication is older, and a year beyond these is damage. */
#define ARCHIVE_FIRST_YEAR 2000
#define ARCHIVE_LAST_YEAR 2100

/* year * 4 + quarter - 1 */
static inline int archive_period(int year, int quarter)
{
	return year * 4 + quarter - 1;
}

/* True when @d is a region's table of a quarter and region the grid can
 * hold. */
bool tvk_archive_placed(const struct tvk_document *d);

/* True when @d has a conflict problem: another input gave different
 * values for its region and quarter. */
bool tvk_archive_has_conflict(const struct tvk_document *d);

/* "2025-Q2 22 Rijnmond", "unknown quarter Nederland": how a table is
 * named in a message; malloc'd. */
char *tvk_archive_table_name(const struct tvk_document *d);

/* The cell of @period and @region, or NULL outside the grid. */
const struct tvk_archive_cell *tvk_archive_cell_at(
		const struct tvk_archive_coverage *c, int period, int region);

/* ---- the parts ------------------------------------------------------- */

/* The grid of a->docs into a->coverage. */
void tvk_archive_coverage_build(struct tvk_archive *a);

/* The problems of a->docs (invalid tables, conflicts), in grid order,
 * then those of no place, by path; after the coverage. */
void tvk_archive_document_problems(struct tvk_archive *a);

/* Appends a problem (strings copied; @file may be NULL; @d the table it
 * is about, or NULL). */
void tvk_archive_add_problem(struct tvk_archive *a,
		enum tvk_archive_problem_kind kind, const char *file, int page,
		const char *message, const struct tvk_document *d);

/* The warnings of a->docs into a->warnings; after the coverage, whose
 * valid and repaired cells are the values the series are made of. */
void tvk_archive_warnings_build(struct tvk_archive *a);

/* Frees a->warnings. */
void tvk_archive_warnings_finish(struct tvk_archive *a);

/* "2025-Q2" of the grid's quarter number @period, in @out. */
void tvk_archive_period_name(int period, char out[16]);

/* ---- the series (series.c) -------------------------------------------- */

/* A value of a series in a quarter of the grid. */
struct series_point {
	bool ok;        /* a value the series has in this quarter */
	int64_t value;
	double y;       /* its logarithm (with the offset of plausible.c) */
	const char *territory; /* what it counts: equal strings compare */
	size_t doc;     /* the table it was read from */
};

struct series {
	const char *code, *name; /* the municipality of today; NULL for a
	                            region total */
	int region;              /* a region total's; 0 for a municipality */
	struct series_point *points; /* coverage.n_periods of them */
};

struct series_set {
	struct series *items;
	size_t n;
	char **strings; /* what the territories point at */
	size_t n_strings;
};

/* The series of every municipality of today and every region total in
 * the valid and repaired cells of @a's grid; @offset goes into each y. */
void tvk_archive_series_build(const struct tvk_archive *a, double offset,
		struct series_set *set);

void tvk_archive_series_finish(struct series_set *set);

#endif
