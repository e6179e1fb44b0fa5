/*
 * The text layer: UTF-8, folding, the distance between folded names, and
 * the look-alike digits.  Everything here works on the stack; it is linked
 * into the library and into the gazetteer generator
 * (src/gazetteer/data/), so that the reference names are folded at build
 * time by the same code that folds a printed name at run time.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/text.h"

/* ---- UTF-8 ------------------------------------------------------------- */

size_t tvk_utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (avail == 0)
		return 0;
	uint32_t c = p[0];
	size_t len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	/* Byte by byte: a NUL (or any other non-continuation byte) ends
	 * the sequence before anything past it is read. */
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[k] & 0x3F);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
			(len == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return len;
}

bool tvk_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = tvk_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* ---- file names ---------------------------------------------------------- */

char *tvk_name_escape(const char *raw)
{
	if (!raw)
		return NULL;
	size_t n = strlen(raw);
	if (tvk_utf8_valid(raw, n))
		return tvk_xstrdup(raw);
	char *out = tvk_xmalloc(4 * n + 1), *o = out;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = tvk_utf8_decode(raw + i, n - i, &cp);
		if (len == 0) {
			o += sprintf(o, "\\x%02X", (unsigned char)raw[i]);
			i++;
		} else if (raw[i] == '\\') {
			*o++ = '\\';
			*o++ = '\\';
			i++;
		} else {
			memcpy(o, raw + i, len);
			o += len;
			i += len;
		}
	}
	*o = '\0';
	return out;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ?
		c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *tvk_name_unescape(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *out = tvk_xmalloc(n + 1), *o = out;
	bool escaped = true;
	for (size_t i = 0; i < n && escaped; i++) {
		if (s[i] != '\\') {
			*o++ = s[i];
		} else if (s[i + 1] == '\\') {
			*o++ = '\\';
			i++;
		} else if (s[i + 1] == 'x' && hex_digit(s[i + 2]) >= 0 &&
				hex_digit(s[i + 3]) >= 0 &&
				16 * hex_digit(s[i + 2]) + hex_digit(s[i + 3])) {
			*o++ = (char)(16 * hex_digit(s[i + 2]) +
				hex_digit(s[i + 3]));
			i += 3;
		} else {
			escaped = false;
		}
	}
	*o = '\0';
	if (escaped && !tvk_utf8_valid(out, (size_t)(o - out)))
		return out;
	free(out);
	return tvk_xstrdup(s);
}

/* ---- folding ------------------------------------------------------------ */

enum fold_kind { FOLD_LETTERS, FOLD_SEP, FOLD_DROP };

/*
 * U+00C0..U+00FF; NULL is a separator (the multiplication and division
 * signs).  "ÿ" is how OCR and old typewriter fonts render the Dutch IJ.
 */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ij",
};

/*
 * What one code point folds to; for FOLD_LETTERS, @letters points at the
 * letters, in @one or in a static table.
 */
static enum fold_kind fold_cp(uint32_t cp, char one[2], const char **letters)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			one[0] = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			one[0] = (char)(cp - 'A' + 'a');
		else if (cp == '|')
			one[0] = 'i'; /* OCR's reading of a capital I */
		else
			return FOLD_SEP;
		one[1] = '\0';
		*letters = one;
		return FOLD_LETTERS;
	}
	if (cp < 0xC0)
		return FOLD_SEP; /* C1 controls, no-break space, « » ´ ¨ ... */
	if (cp < 0x100) {
		*letters = latin1[cp - 0xC0];
		return *letters ? FOLD_LETTERS : FOLD_SEP;
	}
	if (cp == 0x132 || cp == 0x133 || cp == 0x178) {
		*letters = "ij"; /* the IJ ligature, and Ÿ (capital ÿ) */
		return FOLD_LETTERS;
	}
	if (cp >= 0x300 && cp < 0x370)
		return FOLD_DROP; /* combining accents: decomposed input */
	if (cp >= 0x2000 && cp < 0x2070)
		return FOLD_SEP; /* curly quotes, dashes, odd spaces */
	return FOLD_DROP;
}

/*
 * OCR reads the capital I of a word-initial IJ as "|", "l" or "1"
 * ("|Jsselstein", "Oude lJsselstreek").  No Dutch word starts with "lj".
 */
static bool ij_lead(unsigned char c)
{
	return c == '|' || c == 'l' || c == 'L' || c == '1';
}

/*
 * Runs of one-letter words become one word, so that abbreviations meet
 * however they are printed: "Nuenen c.a." and "Nuenen Ca" both fold to
 * "nuenen ca", "(N.H.)" and "(NH.)" both to "nh".  @s holds words separated
 * by single spaces; the result is never longer.
 */
static size_t join_single_letters(char *s, size_t n)
{
	size_t r = 0, w = 0, prev_len = 0;

	while (r < n) {
		size_t start = r;
		while (r < n && s[r] != ' ')
			r++;
		size_t len = r - start;
		if (w > 0 && !(len == 1 && prev_len == 1))
			s[w++] = ' ';
		memmove(s + w, s + start, len);
		w += len;
		prev_len = len;
		if (r < n)
			r++;
	}
	s[w] = '\0';
	return w;
}

size_t tvk_fold(const char *s, char *out, size_t cap)
{
	if (!out || cap == 0)
		return 0;
	const char *p = s ? s : "";
	size_t n = 0;
	bool in_word = false, space = false;

	while (*p && n + 1 < cap) {
		const char *letters;
		char one[2];
		if (!in_word && ij_lead((unsigned char)p[0]) &&
				(p[1] == 'j' || p[1] == 'J')) {
			letters = "ij";
			p += 2;
		} else {
			uint32_t cp;
			size_t len = tvk_utf8_decode(p, SIZE_MAX, &cp);
			/* A byte that starts no well-formed sequence is
			 * skipped alone, so that broken input folds the same
			 * way every time. */
			p += len ? len : 1;
			enum fold_kind kind = len ? fold_cp(cp, one, &letters) :
				FOLD_DROP;
			if (kind == FOLD_DROP)
				continue;
			if (kind == FOLD_SEP) {
				space = space || in_word;
				in_word = false;
				continue;
			}
		}
		if (space) {
			out[n++] = ' ';
			space = false;
		}
		for (; *letters && n + 1 < cap; letters++)
			out[n++] = *letters;
		in_word = true;
	}
	/* Truncation may have cut between a space and its word. */
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return join_single_letters(out, n);
}

/* ---- distance ----------------------------------------------------------- */

/* A distance band of this width (cells per row) fits on the stack. */
#define STACK_BAND 512

#define INF (INT_MAX / 4)

/*
 * Letters OCR confuses with each other in names share a class; 0 is no
 * class.  Not the digit table below: in a name an "o" read for a "0" is
 * a near miss, but a "D" for an "O" is another letter.
 */
static int lookalike_class(unsigned char c)
{
	switch (c) {
	case 'l': case 'L': case 'i': case 'I': case '1': case '|': case '!':
		return 1;
	case 'o': case 'O': case '0':
		return 2;
	case 's': case 'S': case '5':
		return 3;
	case 'b': case 'B': case '8':
		return 4;
	case 'z': case 'Z': case '2':
		return 5;
	default:
		return 0;
	}
}

static int substitution(unsigned char a, unsigned char b)
{
	if (a == b)
		return 0;
	int ca = lookalike_class(a);
	return ca && ca == lookalike_class(b) ? 1 : 2;
}

/* Two letters that OCR merges into one: "rn" read as "m", "vv" as "w". */
static bool digraph(unsigned char x, unsigned char y, unsigned char c)
{
	return (x == 'r' && y == 'n' && c == 'm') ||
	       (x == 'v' && y == 'v' && c == 'w');
}

static int min2(int a, int b)
{
	return a < b ? a : b;
}

/* Row @i of a band that is @w cells either side of the diagonal. */
static int cell(const int *row, size_t i, size_t j, size_t m, size_t w)
{
	if (j > m || j + w < i || j > i + w)
		return INF;
	return row[j + w - i];
}

/*
 * Weighted optimal-string-alignment distance: 2 per insertion, deletion,
 * substitution and swap of adjacent letters; 1 for a look-alike
 * substitution or a merged digraph.  Every unit of cost moves the path at
 * most one cell off the diagonal, so only a band of @limit cells either
 * side of it is computed, and two rows in a row above @limit end the search.
 */
int tvk_fold_distance_n(const char *sa, size_t n, const char *sb, size_t m,
		int limit)
{
	const unsigned char *a = (const unsigned char *)sa;
	const unsigned char *b = (const unsigned char *)sb;

	if (limit < 0)
		return n == m && memcmp(a, b, n) == 0 ? 0 : 1;
	/* Substituting the shorter and inserting the rest never costs more. */
	size_t longer = n > m ? n : m;
	if ((size_t)limit > 2 * longer)
		limit = (int)(2 * longer);
	if ((n > m ? n - m : m - n) > (size_t)limit)
		return limit + 1;
	/* No path strays farther than the longer string from the diagonal. */
	size_t w = (size_t)limit < longer ? (size_t)limit : longer;

	size_t width = 2 * w + 1;
	int stack[3][STACK_BAND];
	int *heap = NULL;
	int *rows[3];
	if (width <= STACK_BAND) {
		for (int k = 0; k < 3; k++)
			rows[k] = stack[k];
	} else {
		/* Only for long strings with a large limit: never when
		 * matching.  Out of memory aborts, as everywhere in tvk. */
		heap = tvk_xmalloc(3 * width * sizeof(*heap));
		for (int k = 0; k < 3; k++)
			rows[k] = heap + k * width;
	}
	int *r2 = rows[0], *r1 = rows[1], *r0 = rows[2];

	for (size_t k = 0; k < width; k++)
		r1[k] = INF;
	for (size_t j = 0; j <= m && j <= w; j++)
		r1[j + w] = 2 * (int)j;
	int prev_min = 0, result;

	for (size_t i = 1; i <= n; i++) {
		size_t lo = i > w ? i - w : 0;
		size_t hi = i + w < m ? i + w : m;
		int row_min = INF;

		for (size_t k = 0; k < width; k++)
			r0[k] = INF;
		for (size_t j = lo; j <= hi; j++) {
			int d = cell(r1, i - 1, j, m, w) + 2;
			if (j > 0) {
				d = min2(d, cell(r0, i, j - 1, m, w) + 2);
				d = min2(d, cell(r1, i - 1, j - 1, m, w) +
						substitution(a[i - 1], b[j - 1]));
				if (i > 1 && digraph(a[i - 2], a[i - 1], b[j - 1]))
					d = min2(d, cell(r2, i - 2, j - 1, m, w) + 1);
			}
			if (j > 1 && digraph(b[j - 2], b[j - 1], a[i - 1]))
				d = min2(d, cell(r1, i - 1, j - 2, m, w) + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
					a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2])
				d = min2(d, cell(r2, i - 2, j - 2, m, w) + 2);
			d = min2(d, INF);
			r0[j + w - i] = d;
			row_min = min2(row_min, d);
		}
		/* A path may jump a row (a swap, a digraph), never two. */
		if (row_min > limit && prev_min > limit) {
			free(heap);
			return limit + 1;
		}
		prev_min = row_min;
		int *t = r2;
		r2 = r1;
		r1 = r0;
		r0 = t;
	}
	result = cell(r1, n, m, m, w);
	free(heap);
	return result > limit ? limit + 1 : result;
}

int tvk_fold_distance(const char *a, const char *b, int limit)
{
	a = a ? a : "";
	b = b ? b : "";
	return tvk_fold_distance_n(a, strlen(a), b, strlen(b), limit);
}

/* ---- digits as OCR reads them ------------------------------------------ */

struct lookalike {
	char glyph[2];
	signed char digit, second;
};

#define LOOKALIKE_ENTRY_(glyph, digit, second) {glyph, digit, second},

static const struct lookalike lookalikes[] = {
	TVK_DIGIT_LOOKALIKES(LOOKALIKE_ENTRY_)
};

int tvk_digit_of(unsigned char c, int *second)
{
	if (second)
		*second = -1;
	if (c >= '0' && c <= '9')
		return c - '0';
	for (size_t i = 0; i < sizeof(lookalikes) / sizeof(lookalikes[0]); i++)
		if ((unsigned char)lookalikes[i].glyph[0] == c) {
			if (second)
				*second = lookalikes[i].second;
			return lookalikes[i].digit;
		}
	return -1;
}

bool tvk_is_lookalike(unsigned char c)
{
	return !(c >= '0' && c <= '9') && tvk_digit_of(c, NULL) >= 0;
}

/* ---- marks -------------------------------------------------------------- */

bool tvk_is_mark_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp > ' ' && cp < 0x7F && !((cp >= '0' && cp <= '9') ||
			(cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) &&
			!tvk_is_lookalike((unsigned char)cp);
	return (cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xBA) ||
		cp == 0xD7 || cp == 0xF7 ||
		(cp >= 0x2010 && cp <= 0x205E) ||
		(cp >= 0x2190 && cp <= 0x21FF) ||
		(cp >= 0x2500 && cp <= 0x25FF);
}

bool tvk_is_mark(const char *s)
{
	if (!s || !*s)
		return false;
	while (*s) {
		uint32_t cp;
		size_t n = tvk_utf8_decode(s, SIZE_MAX, &cp);
		/* A bar or a bang on its own is a rule or a speck, not a 1. */
		if (n == 0 || !(tvk_is_mark_cp(cp) || cp == '|' || cp == '!'))
			return false;
		s += n;
	}
	return true;
}

void tvk_count_core(const char *s, size_t len, size_t *from, size_t *to)
{
	size_t a = 0, b = len;
	for (;;) {
		uint32_t cp;
		size_t n = tvk_utf8_decode(s + a, b - a, &cp);
		if (n == 0 || !tvk_is_mark_cp(cp) || cp == '.' || cp == ',' ||
				cp == '-' || cp == '+')
			break;
		a += n;
	}
	while (b > a) {
		/* back to the start of the last code point */
		size_t k = b - 1;
		while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		uint32_t cp;
		if (tvk_utf8_decode(s + k, b - k, &cp) != b - k ||
				!tvk_is_mark_cp(cp) || cp == '-' || cp == '+')
			break;
		b = k;
	}
	*from = a;
	*to = b;
}
