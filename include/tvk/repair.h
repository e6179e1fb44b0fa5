#ifndef TVK_REPAIR_H
#define TVK_REPAIR_H

/*
 * The repair stage: a raw table in, numbers and names out, with every
 * change logged in the table's repairs and every doubt in its problems.
 * A change the arithmetic does not pin down uniquely is never made.
 *
 * Ownership: strings are allocated in the caller's arena.
 */

#include <stddef.h>
#include <stdint.h>

#include <tvk/arena.h>
#include <tvk/table.h>

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
TVK_API const char *tvk_number_form_name(enum tvk_number_form form);

/**
 * Reads a printed count.  Returns the form (TVK_FORM_NONE when the string
 * is no count) and the value in *@value.  Values beyond 10^12 are refused.
 */
TVK_API enum tvk_number_form tvk_read_number(const char *printed,
		int64_t *value);

/**
 * Repairs @table in place: decides the region from its label, title,
 * register sentence and municipalities; strips region label fragments from
 * names and joins names wrapped over lines; reads every cell; infers a
 * missing cell when its row and its column pin it to the same value.
 */
TVK_API void tvk_repair_table(struct tvk_table *table, struct tvk_arena *arena);

#endif
