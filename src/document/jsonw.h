#ifndef TVK_JSONW_H
#define TVK_JSONW_H

/*
 * A direct JSON writer: objects and arrays indented by two spaces a level,
 * keys in the order written, one member per line — the layout of every
 * JSON file tvk writes.  Nothing is built in memory but the text.
 *
 * Ownership: the text is in w->out.s; tvk_jw_finish() hands it to the
 * caller, who frees it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buffer.h"

#define TVK_JW_MAX_DEPTH 64

struct tvk_jw {
	struct tvk_buf out;
	int base;  /* the depth of the first value: its lines are indented
	              that much more, to be embedded in other text */
	int depth;
	bool empty[TVK_JW_MAX_DEPTH]; /* the open container has no member */
};

/** Starts @w at @base levels of indentation (0 for a file of its own). */
void tvk_jw_init(struct tvk_jw *w, int base);

/** Opens an object ('{') or an array ('['). */
void tvk_jw_open(struct tvk_jw *w, char c);

/** Closes what tvk_jw_open() opened ('}' or ']'). */
void tvk_jw_close(struct tvk_jw *w, char c);

/** Starts a member of the open object: its key; its value follows. */
void tvk_jw_key(struct tvk_jw *w, const char *key);

/** Starts an element of the open array; its value follows. */
void tvk_jw_elem(struct tvk_jw *w);

/**
 * A string (NULL gives null): quote, backslash and control characters
 * escaped, UTF-8 as it is, and a byte that is not valid UTF-8 as U+FFFD —
 * a broken text layer or an old file name stays visible, never dropped.
 */
void tvk_jw_str(struct tvk_jw *w, const char *s);

void tvk_jw_int(struct tvk_jw *w, int64_t v);
void tvk_jw_bool(struct tvk_jw *w, bool v);
void tvk_jw_null(struct tvk_jw *w);

/** A number with at most two decimals (coordinates in points). */
void tvk_jw_fixed2(struct tvk_jw *w, double v);

/** An array of @n numbers on one line ("[42, 65.5, 550, 74]"), each
 * with at most two decimals: a box in a document stays readable. */
void tvk_jw_fixed2_row(struct tvk_jw *w, const double *v, size_t n);

/** A key and its integer, string value at once. */
void tvk_jw_key_int(struct tvk_jw *w, const char *key, int64_t v);
void tvk_jw_key_str(struct tvk_jw *w, const char *key, const char *s);
/** A key and the file name @raw, escaped (tvk_name_escape()) so that a
 * name that is not UTF-8 is kept exactly; NULL as null. */
void tvk_jw_key_name(struct tvk_jw *w, const char *key, const char *raw);

/** The "generator" member that every file tvk writes has: its name and
 * version. */
void tvk_jw_generator(struct tvk_jw *w);

/** Returns the text (malloc'd), ended by a newline when @w was started
 * at depth 0. */
char *tvk_jw_finish(struct tvk_jw *w);

#endif
