#ifndef TVK_TEXT_H
#define TVK_TEXT_H

/*
 * The text layer, below every stage: UTF-8, folding names for comparison,
 * the weighted distance between folded names, and the one table of glyphs
 * that OCR reads for digits.  Private to the library (and linked into the
 * gazetteer generator, which folds the reference names with the same
 * rules).  No state, no allocation that outlives a call: thread-safe.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 ------------------------------------------------------------- */

/**
 * The well-formed UTF-8 sequence at @s, of at most @avail bytes (SIZE_MAX
 * for a NUL-terminated string: a NUL is never a continuation byte, so the
 * decoder stops there): its length, 1..4, with the code point in *@cp; 0
 * when @s does not start one (a stray continuation byte, an overlong form,
 * a surrogate, a value above U+10FFFF, a truncated sequence).
 */
size_t tvk_utf8_decode(const char *s, size_t avail, uint32_t *cp);

/** Whether the @len bytes at @s are well-formed UTF-8 (RFC 3629). */
bool tvk_utf8_valid(const char *s, size_t len);

/* ---- file names ---------------------------------------------------------- */

/**
 * The file name @raw (any bytes but NUL, as the system has it) as UTF-8
 * for the files tvk writes (source.file, index.json): @raw itself when it
 * is UTF-8; otherwise every byte outside a UTF-8 sequence as "\xHH" and
 * every backslash as "\\", which tvk_name_unescape() turns back into
 * @raw exactly.  NULL for NULL; malloc'd.
 */
char *tvk_name_escape(const char *raw);

/**
 * The file name that @s, read from a file tvk wrote, stands for: @s
 * unescaped when it is an escaped form (only "\\" and "\xHH" after its
 * backslashes) whose bytes are not UTF-8, which no UTF-8 name is escaped
 * to; else @s itself.  NULL for NULL; malloc'd.
 */
char *tvk_name_unescape(const char *s);

/* ---- folding ------------------------------------------------------------ */

/**
 * Folds @s for comparison: lower case, diacritics removed, punctuation
 * and runs of spaces made one space, the OCR forms of IJ ("|J", "lJ", "Ij",
 * "IJ", "ÿ") made "ij", runs of one-letter words joined ("c.a." and "Ca"
 * both "ca").  Bytes that are not UTF-8 are dropped one by one.  Writes at
 * most @cap bytes including the NUL and returns the length of the folded
 * string (truncated when it does not fit).
 */
size_t tvk_fold(const char *s, char *out, size_t cap);

/**
 * The weighted edit distance between two folded strings: 2 per insertion,
 * deletion, substitution or swap of two neighbours, 1 for a substitution
 * between OCR look-alikes (l/i/1/|, o/0 ...) or a merged digraph (rn/m,
 * vv/w).  Stops early and returns a value > @limit when the distance
 * exceeds @limit.
 */
int tvk_fold_distance(const char *a, const char *b, int limit);

/** tvk_fold_distance() of @n bytes at @a and @m bytes at @b. */
int tvk_fold_distance_n(const char *a, size_t n, const char *b, size_t m,
		int limit);

/* ---- digits as OCR reads them ------------------------------------------ */

/*
 * The glyphs OCR reads in place of a digit, one entry each: the glyph (a
 * one-character string), the digit it stands for, and a second digit it
 * may stand for too (-1 for none): "B" is an 8 or a 3, "S" a 5 or an 8.
 * The one table: the number pattern's character class (TVK_LOOKALIKE_CHARS,
 * in lex.c) and tvk_digit_of() are both made from it.
 */
#define TVK_DIGIT_LOOKALIKES(X) \
	X("O", 0, -1) X("o", 0, -1) X("D", 0, -1) X("Q", 0, -1) \
	X("l", 1, -1) X("I", 1, -1) X("|", 1, -1) X("i", 1, -1) \
	X("!", 1, -1) \
	X("Z", 2, -1) X("z", 2, -1) \
	X("A", 4, -1) \
	X("S", 5, 8) X("s", 5, 8) \
	X("G", 6, -1) X("b", 6, -1) \
	X("T", 7, -1) \
	X("B", 8, 3) \
	X("g", 9, -1) X("q", 9, -1)

#define TVK_LOOKALIKE_GLYPH_(glyph, digit, second) glyph

/* Every look-alike glyph in one string literal: "OoDQlI|i!ZzASsGbTBgq".
 * None of them is special inside a regex character class. */
#define TVK_LOOKALIKE_CHARS TVK_DIGIT_LOOKALIKES(TVK_LOOKALIKE_GLYPH_)

/**
 * The digit @c stands for in a number cell: 0..9 for a digit or a
 * look-alike, -1 for anything else.  *@second (when not NULL) gets the
 * other digit a look-alike may stand for, or -1.
 */
int tvk_digit_of(unsigned char c, int *second);

/** Whether @c is one of the look-alikes (not a digit itself). */
bool tvk_is_lookalike(unsigned char c);

/* ---- marks -------------------------------------------------------------- */

/**
 * Whether the code point @cp is a mark a scan leaves around or between
 * counts: ASCII punctuation other than the look-alikes of digits ("|",
 * "!"), Latin-1 signs (° · « »), general punctuation („ “ ” ‘ ’ … — •),
 * arrows and box drawing.  Never a letter or a digit.
 */
bool tvk_is_mark_cp(uint32_t cp);

/**
 * The part of @s (@len bytes) left when the marks a scan leaves at the
 * edges of a count are cut off ("„79", "156,", "167.", "(0)"): [*@from,
 * *@to).  A separator or a sign in front is not cut (".404" and "-3" lost
 * something there), nor a sign at the end.
 */
void tvk_count_core(const char *s, size_t len, size_t *from, size_t *to);

/** Whether @s is made of marks only (at least one): "„", "…—", "_:",
 * and "|" or "!" on their own (a rule, a speck). */
bool tvk_is_mark(const char *s);

#endif
