#ifndef TVK_REPAIR_H
#define TVK_REPAIR_H

/*
 * The repair stage: a raw table in (table.h), its reading out — the
 * region, each row's name, CBS code and five counts, the register — with
 * every change logged in the reading's repairs and every doubt in its
 * problems.  A change the arithmetic does not pin down uniquely is never
 * made.  The raw table is not written; reading it again (with the second
 * look's readings of the page image, say) gives a new reading.
 *
 * Ownership: the reading and its strings are allocated in the caller's
 * arena; they point into the raw table and the gazetteer's static tables.
 */

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "table/table.h"

/* A cell read again from the page image (the second look,
 * src/pipeline/second-look.c). */
struct tvk_reread {
	const char *text; /* NULL: nothing read, or what the layer says */
	struct tvk_box box;
};

/* The readings the second look makes of a cell, each in its own frame
 * and view of the page image. */
enum tvk_reread_frame {
	TVK_REREAD_TOKEN,        /* the token's box, within the page */
	TVK_REREAD_TOKEN_CLEAN,  /* the token's box, cut out, rules wiped */
	TVK_REREAD_COLUMN,       /* the column's width on the row's band */
	TVK_REREAD_COLUMN_CLEAN, /* the same, cut out, rules wiped */
	TVK_REREAD_BAND,         /* the row's band, read as one line */
	TVK_REREAD_BAND_ALT,     /* what tesseract nearly read in the band */
	TVK_REREAD_BAND_ALT2,
	TVK_REREAD_BAND_ALT3,
	TVK_REREAD_FRAMES,
};

/** How frame @k read the cell, for the repair log ("the row's band"). */
const char *tvk_reread_frame_name(int k);

/* The second look's readings of a table: per row (n_rows + 1, the last
 * Totaal AMR), per field and frame. */
struct tvk_rereads {
	struct tvk_reread (*cells)[TVK_N_FIELDS][TVK_REREAD_FRAMES];
	size_t n_rows;
};

/* What repair made of one row. */
struct tvk_row_reading {
	/* The municipality's name as printed, region label fragments
	 * removed and names wrapped over lines joined; NULL or "" when the
	 * row has none. */
	const char *name;
	struct tvk_cell cells[TVK_N_FIELDS];
	/* NULL when the gazetteer has no confident match. */
	const struct tvk_municipality *municipality;
	enum tvk_match_kind match;
};

/* The target-group register, read. */
struct tvk_register {
	bool present;
	const char *printed_persons;
	const char *printed_pct;
	bool persons_known, pct_known;
	int64_t persons;
	int pct;
};

/* What repair made of a raw table. */
struct tvk_reading {
	int region;                  /* 1..35; 0 when unknown */
	const char *region_printed;  /* the label as printed, or NULL */
	struct tvk_row_reading *rows; /* one per raw row */
	struct tvk_row_reading total;
	struct tvk_register target_group;
	struct tvk_repair_log repairs;
	struct tvk_problem_list problems; /* what repair could not decide */
};

/** The reading of row @r of @reading (n_rows: the total's). */
static inline const struct tvk_row_reading *tvk_reading_row(
		const struct tvk_reading *reading, const struct tvk_table *t,
		size_t r)
{
	return r < t->n_rows ? &reading->rows[r] : &reading->total;
}

/**
 * The subject under which row @r of @t (n_rows: the total) is reported:
 * its name as read, "Totaal AMR", "Nederland", or its lead as printed.
 */
const char *tvk_reading_subject(const struct tvk_table *t,
		const struct tvk_reading *reading, size_t r);

/* How a printed number was read. */
enum tvk_number_form {
	TVK_FORM_PLAIN,        /* "1.404", "53": the publication's own form */
	TVK_FORM_COMMA,        /* "1,404": comma as thousands separator */
	TVK_FORM_NO_SEPARATOR, /* "1404": separator lost */
	TVK_FORM_OTHER,        /* apostrophe, space or misplaced separator */
	TVK_FORM_LOOKALIKE,    /* letters read as digits: "1O4", "l2" */
	TVK_FORM_MARKS,        /* brackets around the digits: "(0)", "12]" */
	TVK_FORM_NONE,         /* not a number in any reading */
};

/** A short description of @form, for the repair log. */
const char *tvk_number_form_name(enum tvk_number_form form);

/**
 * Reads a printed count.  Returns the form (TVK_FORM_NONE when the string
 * is no count) and the value in *@value.  Values beyond 10^12 are refused.
 */
enum tvk_number_form tvk_read_number(const char *printed,
		int64_t *value);

/**
 * Reads the raw table @t into @out: decides the region from its label,
 * title, register sentence and municipalities; strips region label
 * fragments from names and joins names wrapped over lines; matches every
 * name within the region on the table's date; reads every cell, choosing
 * among the readings of damaged strings (and @rereads, the second look's
 * readings of the page image, when not NULL) only where the sums pin them
 * down; infers a lost cell when its row or its column pins it.
 */
void tvk_repair_read(const struct tvk_table *t,
		const struct tvk_rereads *rereads, struct tvk_arena *arena,
		struct tvk_reading *out);

#endif
