#ifndef TVK_GAZETTEER_H
#define TVK_GAZETTEER_H

/*
 * The gazetteer: every municipality from 2016 on (CBS code, CBS name, its
 * labour-market region at each date, the label UWV prints), every merger,
 * absorption and split with its date, and the 35 labour-market regions with
 * their names over time.  Compiled into the library from the TSV files in
 * src/gazetteer/data at build time (its README.md names their source).
 *
 * Time: every lookup is for a reference date, the last day of a table's
 * quarter (tvk_quarter_date()).  A date is an int yyyymmdd (2022-03-31 is
 * 20220331).  A name resolves to the municipality that existed on that
 * date, in the region it belonged to then: "Brielle" is GM0501 in
 * 2022-Q4 and no municipality at all in 2023-Q1.  Dates before the
 * reference data (2016) get its first list, dates after it its last.
 * The functions without a date are today's list (TVK_DATE_LATEST).
 *
 * Ownership: every pointer returned points into static tables and lives
 * forever.  All functions are thread-safe.
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/error.h>

/* A date after every change the reference data knows of: today's list. */
#define TVK_DATE_LATEST 99991231

/** @year-@month-@day as a date (yyyymmdd). */
static inline int tvk_date(int year, int month, int day)
{
	return year * 10000 + month * 100 + day;
}

/**
 * The reference date of a quarter, its last day (2022 Q1: 20220331), or
 * TVK_DATE_LATEST when @year or @quarter is unknown (0) or out of range.
 */
int tvk_quarter_date(int year, int quarter);

/**
 * A municipality over a span of dates in which nothing about it changed:
 * one code may have several records (Heerde moved from region 5 to 11 on
 * 2020-01-01: two records).  Records of one date are never for the same
 * code twice, so within one date a pointer stands for a municipality.
 */
struct tvk_municipality {
	const char *code;  /* "GM0353" */
	const char *name;  /* CBS name: "IJsselstein", "Bergen (L.)" */
	const char *label; /* what UWV prints: "Bergen LB", "Nuenen c.a." */
	int region;        /* its labour-market region in [from, until] */
	int from, until;   /* the first and last date of the record; 0 and
	                      TVK_DATE_LATEST where the reference data ends */
};

/* A name a region had over a span of dates. */
struct tvk_region_name {
	const char *name;
	int from, until;
};

struct tvk_region {
	int code;                    /* 1..35 */
	const char *name;            /* today's: "Veluwe Stedendriehoek" */
	const char *slug;            /* "veluwe-stedendriehoek", for file names */
	const char *const *variants; /* printed variants, NULL-terminated,
	                                of any date: "Zaanstreek/Waterland" */
	const struct tvk_region_name *names; /* its names over time, by date */
	size_t n_names;
};

#define TVK_N_REGIONS 35

/** Region @code (1..35), or NULL. */
const struct tvk_region *tvk_gazetteer_region(int code);

/**
 * The name of region @code on @date ("Stedendriehoek en Noordwest Veluwe"
 * until 2023, "Veluwe Stedendriehoek" after), or NULL for no region.
 */
const char *tvk_gazetteer_region_name(int code, int date);

/* ---- municipalities ---------------------------------------------------- */

/** The number of municipalities today. */
size_t tvk_gazetteer_count(void);

/** Today's municipality @i (0-based, in CBS code order), or NULL past the end. */
const struct tvk_municipality *tvk_gazetteer_at(size_t i);

/** Today's municipality with CBS code @code ("GM0353"), or NULL. */
const struct tvk_municipality *tvk_gazetteer_by_code(const char *code);

/** The municipality with CBS code @code on @date, or NULL when it did not
 * exist then. */
const struct tvk_municipality *tvk_gazetteer_by_code_at(
		const char *code, int date);

/**
 * Every record of the code @code, by date (*@out; the last is the latest);
 * returns how many, 0 for a code the gazetteer never knew.
 */
size_t tvk_gazetteer_records(const char *code,
		const struct tvk_municipality *const **out);

/** Today's municipalities of region @region, in CBS code order; sets *@out. */
size_t tvk_gazetteer_in_region(int region,
		const struct tvk_municipality *const **out);

/** The municipalities of region @region on @date, in CBS code order. */
size_t tvk_gazetteer_in_region_at(int region, int date,
		const struct tvk_municipality *const **out);

/* ---- what became of a municipality -------------------------------------- */

enum tvk_dissolution_kind {
	TVK_DISSOLVED_MERGED,   /* into a new municipality */
	TVK_DISSOLVED_ABSORBED, /* into one that already existed */
	TVK_DISSOLVED_SPLIT,    /* between several */
};

struct tvk_successor {
	/* The successor's record on the day it took over. */
	const struct tvk_municipality *municipality;
	double share_pct; /* of the old territory */
};

struct tvk_dissolution {
	const struct tvk_municipality *municipality; /* its last record */
	int effective; /* the first date without it */
	enum tvk_dissolution_kind kind;
	const struct tvk_successor *successors; /* one, or several for a split */
	size_t n_successors;
};

/** How the municipality @code ended, or NULL when it still exists (or
 * never did). */
const struct tvk_dissolution *tvk_gazetteer_dissolution(
		const char *code);

/** "merged", "absorbed", "split". */
const char *tvk_dissolution_kind_name(enum tvk_dissolution_kind kind);

/**
 * The municipality @code is part of today: itself while it exists, else
 * the one it merged into, followed through later mergers to today's list.
 * NULL for a municipality split between several (Haaren, 2021) — then
 * *@successors (when not NULL) gets today's municipalities that share its
 * territory, *@n how many — and for a code the gazetteer never knew.
 */
const struct tvk_municipality *tvk_gazetteer_current(const char *code,
		const struct tvk_municipality *const **successors, size_t *n);

/* ---- matching printed names ---------------------------------------------- */

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
 * Matches a printed municipality name against the municipalities that
 * existed on @date.  @region restricts the candidates to that region's
 * municipalities of @date; 0 searches all.  A fuzzy match is accepted only
 * when it is within a bound that grows with the length of the name, no
 * other candidate is as close or one edit closer, and the name is not,
 * after folding, another municipality's (of any date).
 */
struct tvk_match tvk_gazetteer_match_at(const char *printed,
		int region, int date);

/**
 * Like tvk_gazetteer_match_at() but without the fuzzy search: EXACT,
 * FOLDED, AMBIGUOUS (two equal after folding) or NONE.  Cheap enough to try
 * every tail of a printed line against the whole country.
 */
struct tvk_match tvk_gazetteer_lookup_at(const char *printed,
		int region, int date);

/**
 * tvk_gazetteer_lookup_at() over every municipality of every date, for
 * telling a name of another year from a misprint: the latest record of
 * the municipality whose name @printed is (EXACT or FOLDED), AMBIGUOUS
 * when it is the name of two, or NONE.
 */
struct tvk_match tvk_gazetteer_lookup_any_date(const char *printed);

/** tvk_gazetteer_match_at() on today's list. */
struct tvk_match tvk_gazetteer_match(const char *printed, int region);

/** tvk_gazetteer_lookup_at() on today's list. */
struct tvk_match tvk_gazetteer_lookup(const char *printed, int region);

struct tvk_region_match {
	enum tvk_match_kind kind;
	const struct tvk_region *region; /* NULL unless matched */
	int distance;
	/* The name matched is one the region had only at other dates
	 * ("Stedendriehoek en Noordwest Veluwe" printed in 2025). */
	bool other_date;
};

/**
 * Matches a printed region name ("Zuid-Kennemerland en Ijmond",
 * "Noord-Holland (Noord)", "Zaanstreek/Waterland") against the names the
 * regions had on @date and their printed variants, with the same folding
 * and bounds; failing that, against the names they had at other dates
 * (other_date set).
 */
struct tvk_region_match tvk_gazetteer_match_region_at(
		const char *printed, int date);

/** tvk_gazetteer_match_region_at() on today's names. */
struct tvk_region_match tvk_gazetteer_match_region(const char *printed);

#endif
