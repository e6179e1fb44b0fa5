#ifndef TVK_GAZETTEER_DATA_H
#define TVK_GAZETTEER_DATA_H

/*
 * The tables that src/data/gen-gazetteer.c writes into gazetteer-data.c at
 * build time, private to the library.  Besides the public structs they hold
 * the folded form of every name, label and variant, so that matching a
 * printed name folds only the printed string.
 */

#include <stddef.h>

#include <tvk/gazetteer.h>

/* Keep equal to TVK_GZ_MAX_FORMS and TVK_GZ_MAX_REGION_FORMS in the generator. */
#define TVK_GZ_MAX_FORMS 3        /* CBS name, UWV label, name sans "(L.)" */
#define TVK_GZ_MAX_REGION_FORMS 7 /* the name and its printed variants */

struct tvk_gz_string {
	const char *s; /* folded; NULL ends a list */
	size_t len;
};

/* The distinct folded forms of one municipality. */
struct tvk_gz_forms {
	struct tvk_gz_string form[TVK_GZ_MAX_FORMS + 1];
};

/* The distinct folded forms of one region. */
struct tvk_gz_region_forms {
	struct tvk_gz_string form[TVK_GZ_MAX_REGION_FORMS + 1];
};

extern const size_t tvk_gz_n_municipalities;

/* In CBS code order; tvk_gz_municipality_forms is parallel to it. */
extern const struct tvk_municipality tvk_gz_municipalities[];
extern const struct tvk_gz_forms tvk_gz_municipality_forms[];

/*
 * Every municipality once, ordered by region and then code: region r holds
 * tvk_gz_by_region[tvk_gz_region_start[r] .. tvk_gz_region_start[r + 1]).
 */
extern const struct tvk_municipality *const tvk_gz_by_region[];
extern const unsigned short tvk_gz_region_start[TVK_N_REGIONS + 2];

/*
 * Every folded form of every municipality, once each, sorted by length,
 * then bytes (memcmp), then k, the municipality's place in
 * tvk_gz_by_region: exact lookups over the whole country by binary search.
 */
struct tvk_gz_form_entry {
	const char *s;
	size_t len;
	unsigned short k;
};

extern const struct tvk_gz_form_entry tvk_gz_form_index[];
extern const size_t tvk_gz_n_forms;

/* Region r at index r - 1. */
extern const struct tvk_region tvk_gz_regions[TVK_N_REGIONS];
extern const struct tvk_gz_region_forms tvk_gz_region_forms[TVK_N_REGIONS];

#endif
