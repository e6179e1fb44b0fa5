#ifndef TVK_GAZETTEER_DATA_H
#define TVK_GAZETTEER_DATA_H

/*
 * The tables that data/gen-gazetteer.c writes into gazetteer-data.c at
 * build time, private to the library.  Besides the public structs they hold
 * the folded form of every name, label and variant, so that matching a
 * printed name folds only the printed string, and the lists of every
 * epoch: a span of dates in which no municipality, region or name changed.
 */

#include <stddef.h>

#include "gazetteer/gazetteer.h"

/* Keep equal to MAX_FORMS and MAX_REGION_FORMS in the generator. */
#define TVK_GZ_MAX_FORMS 3        /* CBS name, UWV label, name sans "(L.)" */
#define TVK_GZ_MAX_REGION_FORMS 7 /* its names and printed variants */

struct tvk_gz_string {
	const char *s; /* folded; NULL ends a list */
	size_t len;
};

/* The distinct folded forms of one municipality. */
struct tvk_gz_forms {
	struct tvk_gz_string form[TVK_GZ_MAX_FORMS + 1];
};

/* Every record of every municipality, by code and then date;
 * tvk_gz_record_forms is parallel to it. */
extern const size_t tvk_gz_n_records;
extern const struct tvk_municipality tvk_gz_records[];
extern const struct tvk_gz_forms tvk_gz_record_forms[];
/* &tvk_gz_records[i] at i: the records of one code handed out as a list. */
extern const struct tvk_municipality *const tvk_gz_record_ptrs[];

/*
 * The municipalities of one epoch, ordered by region and then code:
 * region r holds by_region[region_start[r] .. region_start[r + 1]).
 * The epochs cover every date, in order: the first from 0, the last to
 * TVK_DATE_LATEST.
 */
struct tvk_gz_epoch {
	int from, until;
	const struct tvk_municipality *const *by_region;
	size_t n;
	unsigned short region_start[TVK_N_REGIONS + 2];
};

extern const size_t tvk_gz_n_epochs;
extern const struct tvk_gz_epoch tvk_gz_epochs[];

/* Today's municipalities (the last epoch's) in code order. */
extern const size_t tvk_gz_n_today;
extern const struct tvk_municipality *const tvk_gz_today[];

/*
 * Every folded form of every record, once each, sorted by length, then
 * bytes (memcmp), then the record's region, code and date: exact lookups
 * over the whole country by binary search.
 */
struct tvk_gz_form_entry {
	const char *s;
	size_t len;
	unsigned short record; /* index into tvk_gz_records */
};

extern const struct tvk_gz_form_entry tvk_gz_form_index[];
extern const size_t tvk_gz_n_forms;

/* Every code that disappeared, in code order, with today's municipality
 * it is part of (NULL after a split, with today's successors instead). */
struct tvk_gz_fate {
	struct tvk_dissolution dissolution;
	const struct tvk_municipality *current;
	const struct tvk_municipality *const *successors;
	size_t n_successors;
};

extern const size_t tvk_gz_n_fates;
extern const struct tvk_gz_fate tvk_gz_fates[];

/* A folded name or variant of a region, and the dates it holds for. */
struct tvk_gz_region_form {
	const char *s; /* NULL ends a list */
	size_t len;
	int from, until;
};

struct tvk_gz_region_forms {
	struct tvk_gz_region_form form[TVK_GZ_MAX_REGION_FORMS + 1];
};

/* Region r at index r - 1. */
extern const struct tvk_region tvk_gz_regions[TVK_N_REGIONS];
extern const struct tvk_gz_region_forms tvk_gz_region_forms[TVK_N_REGIONS];

#endif
