#ifndef TVK_MODEL_H
#define TVK_MODEL_H

/*
 * The records every stage after the table stage shares: a cell as read,
 * a repair, a problem (their kinds, and a table's status, are public, in
 * <tvk/types.h>), and the two logs they collect in — plus the checked
 * addition every sum goes through.  Below the
 * stages: it knows nothing of tables, lines or PDFs.
 *
 * Ownership: the logs and their strings live in the arena passed to
 * their add functions; a log is a value (items and count) that its owner
 * embeds, zeroed to start empty.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tvk/api.h>
#include <tvk/types.h>

#include "base/arena.h"

enum tvk_cell_state {
	TVK_CELL_EMPTY,      /* nothing printed in this column */
	TVK_CELL_READ,       /* read from the printed string */
	TVK_CELL_UNREADABLE, /* printed, but no reading of it is a count */
	TVK_CELL_INFERRED,   /* nothing printed; the arithmetic gave the value */
	TVK_CELL_CORRECTED,  /* the printed reading replaced by the arithmetic */
};

/** True when @state carries a value. */
static inline bool tvk_cell_known(enum tvk_cell_state state)
{
	return state == TVK_CELL_READ || state == TVK_CELL_INFERRED ||
		state == TVK_CELL_CORRECTED;
}

struct tvk_cell {
	enum tvk_cell_state state;
	const char *printed; /* NULL when EMPTY */
	struct tvk_box box;  /* where it is printed (or read again) */
	int64_t value;       /* when tvk_cell_known(state) */
	/* Every plausible reading of a damaged string, most likely first;
	 * the repair engine may pick another than the first only when the
	 * arithmetic pins it down. */
	const int64_t *readings;
	size_t n_readings;
};

/** True when @kind changes or supplies a count (makes a table "repaired"). */
bool tvk_repair_kind_changes_count(enum tvk_repair_kind kind);

/* What a repair or a problem is about: a row of the table (its index;
 * the number of municipality rows for Totaal AMR) and a column, or the
 * table as a whole. */
#define TVK_NO_ROW SIZE_MAX
#define TVK_NO_FIELD (-1)

struct tvk_repair {
	enum tvk_repair_kind kind;
	const char *subject;  /* the row's printed name, "Totaal AMR", ... */
	const char *field;    /* a JSON field name, or "name", "region" */
	const char *printed;  /* NULL when nothing was printed */
	bool has_value;       /* counts: value; names: text */
	int64_t value;
	const char *text;
	const char *evidence;
	size_t row;           /* TVK_NO_ROW: the table's */
	int field_index;      /* enum tvk_field; TVK_NO_FIELD: not a count */
};

struct tvk_problem {
	/* A warning does not make the table invalid: its counts are sound
	 * but something about it needs a reader's eye. */
	bool warning;
	const char *check;   /* "row-sum", "column-sum", "register", "name", ... */
	const char *subject; /* may be NULL */
	const char *field;   /* may be NULL */
	const char *message;
	size_t row;          /* TVK_NO_ROW: the table's, or a column's */
	int field_index;     /* TVK_NO_FIELD: the row's, or the table's */
};

/* A log of repairs; zeroed, it is empty. */
struct tvk_repair_log {
	struct tvk_repair *items;
	size_t n;
};

/* A list of problems; zeroed, it is empty. */
struct tvk_problem_list {
	struct tvk_problem *items;
	size_t n;
};

/** Appends a copy of @repair (strings copied into @arena) to @log. */
void tvk_repair_log_add(struct tvk_repair_log *log,
		struct tvk_arena *arena, const struct tvk_repair *repair);

/* Where a problem is, for tvk_problem_add(). */
struct tvk_problem_at {
	const char *subject; /* the row's name, "Totaal AMR"; may be NULL */
	const char *field;   /* a JSON field name; NULL: that of @field_index */
	size_t row;          /* TVK_NO_ROW when not about one row */
	int field_index;     /* TVK_NO_FIELD when not about one count */
};

/**
 * Appends a problem to @list: an error, or with @warning one that leaves
 * the status alone, of check @check, at @at (copied).  The message is
 * formatted into @arena.
 */
void tvk_problem_add(struct tvk_problem_list *list,
		struct tvk_arena *arena, bool warning, const char *check,
		struct tvk_problem_at at, const char *fmt, ...) TVK_PRINTF(6, 7);

/* A problem about the table as a whole. */
#define TVK_AT_TABLE ((struct tvk_problem_at){NULL, NULL, TVK_NO_ROW, \
	TVK_NO_FIELD})

/** Appends copies of @from's problems to @to. */
void tvk_problem_list_append(struct tvk_problem_list *to,
		struct tvk_arena *arena, const struct tvk_problem_list *from);

/** True when @list holds a problem that is not a warning. */
bool tvk_problem_list_has_errors(const struct tvk_problem_list *list);

/**
 * Adds @a and @b into *@sum unless the result overflows; returns false on
 * overflow.  Every sum tvk makes goes through here.
 */
bool tvk_add_checked(int64_t a, int64_t b, int64_t *sum);

/**
 * What a row of five counts misses: its total less the sum of its four
 * parts, into *@residual (0 when it adds up); false when the parts
 * overflow.  The row sum, written once for validate and the solver.
 */
bool tvk_row_residual(const int64_t v[TVK_N_FIELDS], int64_t *residual);

#endif
