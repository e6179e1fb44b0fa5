#ifndef TVK_GAZETTEER_H
#define TVK_GAZETTEER_H

/*
 * The gazetteer: the 342 municipalities of 2025 (CBS code, CBS name, the
 * labour-market region, the label UWV prints) and the 35 labour-market
 * regions, compiled into the library from the TSV files in src/data at build time.
 *
 * Ownership: every pointer returned points into static tables.
 * All functions are thread-safe.
 */

#include <stddef.h>

#include <tvk/error.h>

struct tvk_municipality {
	const char *code;  /* "GM0353" */
	const char *name;  /* CBS name: "IJsselstein", "Bergen (L.)" */
	const char *label; /* what UWV prints: "Bergen LB", "Nuenen c.a." */
	int region;        /* labour-market region code, 1..35 */
};

struct tvk_region {
	int code;                    /* 1..35 */
	const char *name;            /* "Zuid-Kennemerland en IJmond" */
	const char *slug;            /* "zuid-kennemerland-en-ijmond" */
	const char *const *variants; /* printed variants, NULL-terminated */
};

#define TVK_N_REGIONS 35

/** Region @code (1..35), or NULL. */
TVK_API const struct tvk_region *tvk_gazetteer_region(int code);

/** The number of municipalities in the gazetteer. */
TVK_API size_t tvk_gazetteer_count(void);

/** Municipality @i (0-based, in CBS code order), or NULL past the end. */
TVK_API const struct tvk_municipality *tvk_gazetteer_at(size_t i);

/** The municipality with CBS code @code ("GM0353"), or NULL. */
TVK_API const struct tvk_municipality *tvk_gazetteer_by_code(const char *code);

/** The municipalities of region @region, in CBS code order; sets *@out. */
TVK_API size_t tvk_gazetteer_in_region(int region,
		const struct tvk_municipality *const **out);

enum tvk_match_kind {
	TVK_MATCH_NONE,      /* nothing close enough */
	TVK_MATCH_EXACT,     /* the printed string is the CBS name or UWV label */
	TVK_MATCH_FOLDED,    /* equal after folding case, diacritics,
	                        punctuation and IJ confusions */
	TVK_MATCH_FUZZY,     /* within the edit-distance bound, unique */
	TVK_MATCH_AMBIGUOUS, /* two candidates equally close: no match */
};

struct tvk_match {
	enum tvk_match_kind kind;
	const struct tvk_municipality *municipality; /* NULL unless matched */
	const struct tvk_municipality *rival; /* AMBIGUOUS: the other candidate */
	int distance; /* weighted edit distance of the folded forms (0 exact) */
};

/**
 * Matches a printed municipality name.  @region restricts the candidates
 * to that region's municipalities; 0 searches all.  A fuzzy match is
 * accepted only when it is within a bound that grows with the length of
 * the name and no other candidate is as close or one edit closer.
 */
TVK_API struct tvk_match tvk_gazetteer_match(const char *printed, int region);

/**
 * Like tvk_gazetteer_match() but without the fuzzy search: EXACT, FOLDED,
 * AMBIGUOUS (two equal after folding) or NONE.  Cheap enough to try every
 * tail of a printed line against all 342 municipalities.
 */
TVK_API struct tvk_match tvk_gazetteer_lookup(const char *printed, int region);

struct tvk_region_match {
	enum tvk_match_kind kind;
	const struct tvk_region *region; /* NULL unless matched */
	int distance;
};

/**
 * Matches a printed region name ("Zuid-Kennemerland en Ijmond",
 * "Noord-Holland (Noord)", "Zaanstreek/Waterland") against the region
 * names and their printed variants, with the same folding and bounds.
 */
TVK_API struct tvk_region_match tvk_gazetteer_match_region(const char *printed);

#endif
