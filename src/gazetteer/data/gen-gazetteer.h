#ifndef TVK_GEN_GAZETTEER_H
#define TVK_GEN_GAZETTEER_H

/*
 * What the two halves of gen-gazetteer share: the reference data as
 * gen-gazetteer.c read and checked it, for gen-output.c to write as C.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define N_REGIONS 35 /* TVK_N_REGIONS in include/tvk/gazetteer.h */

/* Equal to src/gazetteer/gazetteer-data.h; were they not, an initialiser
 * with too many elements would stop the C compiler. */
#define MAX_FORMS 3
#define MAX_REGION_FORMS 7

#define FOLD_CAP 256

#define DATE_LATEST 99991231 /* TVK_DATE_LATEST */

/* ---- the regions -------------------------------------------------------- */

struct region_name {
	const char *name;
	int from, until;
};

struct region {
	bool present;
	const char *name; /* today's */
	const char **variants;
	size_t n_variants;
	struct region_name *names; /* by date, covering every date */
	size_t n_names;
};

/* By UWV's number, 1 to N_REGIONS. */
extern struct region regions[N_REGIONS + 1];

/* ---- the municipalities ------------------------------------------------- */

/* One line of gemeenten-history.tsv. */
struct year_entry {
	int year;
	const char *code, *name;
	int region, line;
};

/* A municipality over dates in which nothing about it changed. */
struct record {
	const char *code, *name, *label;
	int region, from, until;
	size_t k; /* its index in the output, once sorted */
};

struct successor {
	const char *code, *name;
	double share;
	int record; /* its record on the day it took over */
};

/* A code that disappeared (the rows of gemeenten-mergers.tsv for it). */
struct fate {
	const char *code, *old_name;
	int effective, line;
	const char *kind;
	struct successor *succ;
	size_t n_succ;
	int last_record;
	/* today's municipality it is part of (-1 after a split), or the
	 * records of today's that share its territory */
	int current;
	int *today;
	size_t n_today;
};

/* Every record, by code and then date. */
extern struct record *records;
extern size_t n_records;

/* Every code that disappeared. */
extern struct fate *fates;
extern size_t n_fates;

/* ---- helpers (gen-gazetteer.c) ------------------------------------------ */

/* Stops the build with "gen-gazetteer: message". */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);

/* @s folded as a printed name is at run time; malloc'd. */
char *fold_dup(const char *s);

/* The day before and after the date @d (yyyymmdd). */
int day_before(int d);
int day_after(int d);

/* The distinct folded forms of @strings (@n of them, NULLs skipped), in
 * order, into @out (at most @cap); returns how many. */
size_t forms(const char *const *strings, size_t n, char **out, size_t cap);

/* The folded forms of a record's names: its CBS name, UWV's label, the
 * name without its qualifier. */
size_t record_forms(const struct record *m, char **out);

/* A folded name as a URL slug: "zuid-kennemerland-en-ijmond". */
char *slug(const char *name);

/* qsort's order of the records: by code, then date. */
int by_code_from(const void *a, const void *b);

/* Writes gazetteer-data.c to @out (gen-output.c). */
void generate(FILE *out);

#endif
