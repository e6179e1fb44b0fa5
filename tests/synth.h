#ifndef TVK_SYNTH_H
#define TVK_SYNTH_H

/*
 * Synthetic pages for tests: words with boxes placed the way the
 * publication places them (label column, name column, right-aligned number
 * columns), so the stages after pdf can be tested on inputs the tests make
 * themselves, without a PDF in between.
 */

#include <stddef.h>
#include <stdint.h>

#include <tvk/tvk.h>

/* The publication's column geometry, in points. */
#define SYNTH_LABEL_X 42.0
#define SYNTH_NAME_X 150.0
#define SYNTH_GLYPH 4.5   /* width of one glyph */
#define SYNTH_LINE 12.0   /* line pitch */

struct synth {
	struct tvk_input *doc;
	struct tvk_word *words; /* the current page's words */
	size_t n, cap;
	double y;
	int pages;
};

/** Writes @v as the publication prints counts ("1.404") into @out, at
 * most @cap bytes with the NUL. */
void synth_format_count(int64_t v, char *out, size_t cap);

/** Starts a document named @name. */
void synth_begin(struct synth *s, const char *name);

/** Starts a new page. */
void synth_page(struct synth *s);

/** One word with its box: left edge @x0, baseline @y. */
void synth_word(struct synth *s, double x0, double y, const char *text);

/** A line of text at @x (words split at spaces); advances the cursor. */
void synth_text(struct synth *s, double x, const char *text);

/**
 * A table row: @label in the label column, @name in the name column,
 * @cells right-aligned in the five number columns (NULL = nothing
 * printed); advances the cursor.
 */
void synth_row(struct synth *s, const char *label, const char *name,
		const char *const cells[5]);

/** The right edge of number column @f. */
double synth_column_right(int f);

/** Finishes the last page; returns the document, ready for
 * tvk_input_analyse().  The caller destroys it. */
struct tvk_input *synth_end(struct synth *s);

/** synth_end() and tvk_input_analyse() with a fresh lexer; *@rc gets the
 * result of the analysis. */
struct tvk_input *synth_run(struct synth *s, int *rc);

/** Shuffles the words of every page (deterministic for a @seed). */
void synth_shuffle(struct tvk_input *doc, unsigned seed);

#endif
