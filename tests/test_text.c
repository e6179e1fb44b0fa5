/*
 * The text layer (src/base/text.c): UTF-8, folding, the weighted distance and
 * the look-alike digits.  text.c is private to the library, so this suite
 * compiles it in; the look-alike table is also checked against what the
 * library does with it (the lexer's number pattern, the number reader).
 *
 * Most cases are lines of tests/data/text-cases.txt (a new case is one
 * line).
 */

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/tvk.h>

#include "base/text.h"
#include "read/lex.h"
#include "repair/repair.h"
#include "tvk_check.h"

#define CASES_FILE TVK_TEST_SRCDIR "/data/text-cases.txt"
#define MAX_FIELDS 8
#define BUF 256

static bool parse_int(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < INT_MIN || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

/* ---- the cases file --------------------------------------------------- */

static bool bad(int line, const char *fmt, ...) TVK_PRINTF(2, 3);

static bool bad(int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "text-cases.txt:%d: ", line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return false;
}

static bool case_fold(char **f, int n, int line)
{
	char out[BUF];
	if (n != 3)
		return bad(line, "fold wants 2 fields");
	size_t len = tvk_fold(f[1], out, sizeof(out));
	if (strcmp(out, f[2]) != 0)
		return bad(line, "fold gave \"%s\", want \"%s\"", out, f[2]);
	if (len != strlen(out))
		return bad(line, "fold returned a wrong length for \"%s\"", out);
	/* Folding is idempotent: a folded string is its own fold. */
	char again[BUF];
	tvk_fold(out, again, sizeof(again));
	if (strcmp(again, out) != 0)
		return bad(line, "fold of \"%s\" is \"%s\"", out, again);
	return true;
}

static bool case_distance(char **f, int n, int line)
{
	int want;
	if (n != 4 || !parse_int(f[3], &want))
		return bad(line, "distance wants A, B and a number");
	int d = tvk_fold_distance(f[1], f[2], INT_MAX);
	if (d != want)
		return bad(line, "distance %d, want %d", d, want);
	if (tvk_fold_distance(f[2], f[1], INT_MAX) != want)
		return bad(line, "distance is not symmetric");
	if (tvk_fold_distance(f[1], f[2], want) != want)
		return bad(line, "distance at limit %s is not %s", f[3], f[3]);
	if (want > 0 && tvk_fold_distance(f[1], f[2], want - 1) <= want - 1)
		return bad(line, "distance does not exceed limit %d", want - 1);
	if (tvk_fold_distance_n(f[1], strlen(f[1]), f[2], strlen(f[2]),
			INT_MAX) != want)
		return bad(line, "tvk_fold_distance_n disagrees");
	return true;
}

/*
 * A look-alike: the table says it; the number reader reads "1" followed
 * by it as 10 + the digit (another reading with the second digit); the
 * lexer's number pattern takes it as a count.
 */
static bool case_number(char **f, int n, int line, struct tvk_lexer *lexer)
{
	int digit, second = -1;
	if ((n != 3 && n != 4) || strlen(f[1]) != 1 || !parse_int(f[2], &digit) ||
			(n == 4 && !parse_int(f[3], &second)))
		return bad(line, "number wants GLYPH, DIGIT [SECOND]");
	unsigned char c = (unsigned char)f[1][0];
	int got_second;
	if (tvk_digit_of(c, &got_second) != digit || got_second != second)
		return bad(line, "'%c' is digit %d (or %d), want %d (or %d)", c,
			tvk_digit_of(c, NULL), got_second, digit, second);
	bool real = c >= '0' && c <= '9';
	if (tvk_is_lookalike(c) == real)
		return bad(line, "'%c' %s a look-alike", c, real ? "is" : "is not");
	char printed[3] = {'1', (char)c, '\0'};
	int64_t value;
	enum tvk_number_form form = tvk_read_number(printed, &value);
	if (value != 10 + digit || form != (real ? TVK_FORM_PLAIN :
			TVK_FORM_LOOKALIKE))
		return bad(line, "\"%s\" read as %lld (%s)", printed,
			(long long)value, tvk_number_form_name(form));
	if (!tvk_lex_pattern_matches(lexer, "number", printed))
		return bad(line, "the number pattern does not take \"%s\"", printed);
	if (!real && strchr(TVK_LOOKALIKE_CHARS, (char)c) == NULL)
		return bad(line, "'%c' is not in TVK_LOOKALIKE_CHARS", c);
	return true;
}

static bool case_notdigit(char **f, int n, int line)
{
	if (n != 2 || strlen(f[1]) != 1)
		return bad(line, "notdigit wants GLYPH");
	unsigned char c = (unsigned char)f[1][0];
	if (tvk_digit_of(c, NULL) != -1 || tvk_is_lookalike(c))
		return bad(line, "'%c' is read as digit %d", c, tvk_digit_of(c, NULL));
	char printed[3] = {'1', (char)c, '\0'};
	int64_t value;
	if (tvk_read_number(printed, &value) == TVK_FORM_LOOKALIKE)
		return bad(line, "\"%s\" read as a look-alike", printed);
	return true;
}

static bool run_case(char *line, int line_no, struct tvk_lexer *lexer)
{
	char *f[MAX_FIELDS];
	int n = 0;
	for (char *p = line;; p++) {
		if (n == MAX_FIELDS)
			return bad(line_no, "too many fields");
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p = '\0';
	}
	if (strcmp(f[0], "fold") == 0)
		return case_fold(f, n, line_no);
	if (strcmp(f[0], "distance") == 0)
		return case_distance(f, n, line_no);
	if (strcmp(f[0], "number") == 0)
		return case_number(f, n, line_no, lexer);
	if (strcmp(f[0], "notdigit") == 0)
		return case_notdigit(f, n, line_no);
	return bad(line_no, "unknown kind of case \"%s\"", f[0]);
}

START_TEST(test_cases_file)
{
	char *text = tvk_test_slurp(CASES_FILE, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", CASES_FILE);
	struct tvk_lexer *lexer = tvk_lexer_create();

	int line_no = 0, cases = 0, failed = 0;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		size_t len = strlen(line);
		if (len > 0 && line[len - 1] == '\r')
			line[len - 1] = '\0';
		line_no++;
		if (line[0] != '\0' && line[0] != '#') {
			cases++;
			if (!run_case(line, line_no, lexer))
				failed++;
		}
		line = nl ? nl + 1 : NULL;
	}
	tvk_lexer_destroy(lexer);
	free(text);
	fprintf(stderr, "text-cases.txt: %d cases, %d failed\n", cases, failed);
	ck_assert_msg(failed == 0, "%d of %d cases failed (lines above)", failed,
			cases);
	ck_assert_int_gt(cases, 90);
}
END_TEST

/* ---- the look-alike table as a whole ---------------------------------- */

/*
 * Every byte: a digit, a look-alike of the table, or nothing — the same
 * answer from tvk_digit_of() and the character class, and the number
 * pattern takes every one of them.
 */
START_TEST(test_lookalike_table)
{
	struct tvk_lexer *lexer = tvk_lexer_create();
	int lookalikes = 0;
	for (int c = 1; c < 256; c++) {
		int d = tvk_digit_of((unsigned char)c, NULL);
		bool in_class = c < 0x80 && strchr(TVK_LOOKALIKE_CHARS, c) != NULL;
		bool digit = c >= '0' && c <= '9';
		ck_assert_msg(digit ? d == c - '0' : (d >= 0) == in_class,
			"byte 0x%02x: digit %d, in the class %d", c, d, in_class);
		ck_assert_int_eq(tvk_is_lookalike((unsigned char)c), in_class);
		lookalikes += in_class;
		if (digit || in_class) {
			char printed[4] = {'1', '2', (char)c, '\0'};
			ck_assert_msg(tvk_lex_pattern_matches(lexer, "number",
				printed), "the number pattern refuses \"%s\"",
				printed);
		}
	}
	ck_assert_int_eq(lookalikes, (int)strlen(TVK_LOOKALIKE_CHARS));
	tvk_lexer_destroy(lexer);
}
END_TEST

/* ---- UTF-8 -------------------------------------------------------------- */

START_TEST(test_utf8)
{
	uint32_t cp = 0;
	static const struct {
		const char *s;
		size_t len; /* of the first sequence, 0 when malformed */
		uint32_t cp;
	} cases[] = {
		{"a", 1, 'a'},
		{"\x7f", 1, 0x7F},
		{"\xc3\xa9", 2, 0xE9},             /* é */
		{"\xe2\x80\x99", 3, 0x2019},       /* ’ */
		{"\xf0\x9f\x98\x80", 4, 0x1F600},
		{"\xf4\x8f\xbf\xbf", 4, 0x10FFFF},
		{"\x80", 0, 0},                    /* a stray continuation byte */
		{"\xc0\xaf", 0, 0},                /* overlong */
		{"\xc1\xbf", 0, 0},
		{"\xe0\x80\xaf", 0, 0},            /* overlong, 3 bytes */
		{"\xed\xa0\x80", 0, 0},            /* a surrogate */
		{"\xf0\x80\x80\xaf", 0, 0},        /* overlong, 4 bytes */
		{"\xf4\x90\x80\x80", 0, 0},        /* above U+10FFFF */
		{"\xf5\x80\x80\x80", 0, 0},
		{"\xc3", 0, 0},                    /* cut short by the NUL */
		{"\xe2\x80", 0, 0},
		{"\xc3" "a", 0, 0},
		{"\xff", 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].s);
		size_t n = tvk_utf8_decode(cases[i].s, SIZE_MAX, &cp);
		ck_assert_msg(n == cases[i].len, "case %zu: length %zu, want %zu",
			i, n, cases[i].len);
		if (n)
			ck_assert_uint_eq(cp, cases[i].cp);
		ck_assert_uint_eq(tvk_utf8_decode(cases[i].s, len, &cp), n);
		ck_assert_int_eq(tvk_utf8_valid(cases[i].s, len), n == len);
	}
	/* A sequence longer than the bytes on offer is cut short. */
	ck_assert_uint_eq(tvk_utf8_decode("\xc3\xa9", 1, &cp), 0);
	ck_assert_uint_eq(tvk_utf8_decode("\xe2\x80\x99", 2, &cp), 0);
	ck_assert_uint_eq(tvk_utf8_decode("a", 0, &cp), 0);
	ck_assert(tvk_utf8_valid("", 0));
	ck_assert(tvk_utf8_valid("S\xc3\xba" "dwest-Frysl\xc3\xa2n", 17));
	ck_assert(!tvk_utf8_valid("S\xc3\xba" "dwest-Frysl\xc3\xa2n", 15));
	ck_assert(!tvk_utf8_valid("ab\xff" "cd", 5));
	/* A NUL inside the length is a character like any other. */
	ck_assert(tvk_utf8_valid("a\0b", 3));
}
END_TEST

/* ---- folding and distance: the edges ---------------------------------- */

START_TEST(test_fold_edges)
{
	char out[BUF];

	memset(out, 'x', sizeof(out));
	ck_assert_uint_eq(tvk_fold("Zaanstad", out, 0), 0);
	ck_assert_int_eq(out[0], 'x');
	ck_assert_uint_eq(tvk_fold("Zaanstad", NULL, 0), 0);
	ck_assert_uint_eq(tvk_fold("Zaanstad", out, 1), 0);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(tvk_fold("Zaanstad", out, 5), 4);
	ck_assert_str_eq(out, "zaan");
	/* Truncation never leaves a trailing space. */
	ck_assert_uint_eq(tvk_fold("ab cd", out, 4), 2);
	ck_assert_str_eq(out, "ab");
	/* A two-letter replacement may be cut in half, like any word. */
	ck_assert_uint_eq(tvk_fold("a\xc3\xbf", out, 3), 2);
	ck_assert_str_eq(out, "ai");
	ck_assert_uint_eq(tvk_fold(NULL, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
	/* Broken UTF-8 is dropped byte by byte, never read past the NUL. */
	ck_assert_uint_eq(tvk_fold("\xff\xfe" "Ab\xc3" "c\xe2\x80", out, sizeof(out)), 3);
	ck_assert_str_eq(out, "abc");
	ck_assert_uint_eq(tvk_fold("\xc3", out, sizeof(out)), 0);
	/* Overlong forms and surrogates are broken UTF-8 too: an overlong
	 * "/" does not separate, it is dropped. */
	ck_assert_uint_eq(tvk_fold("a\xc0\xaf" "b\xed\xa0\x80" "c", out,
		sizeof(out)), 3);
	ck_assert_str_eq(out, "abc");
	/* Unknown letters vanish, punctuation of any script separates. */
	ck_assert_uint_eq(tvk_fold("Zaan\xe2\x80\x94stad \xe6\x9d\xb1x", out,
			sizeof(out)), 11);
	ck_assert_str_eq(out, "zaan stad x");

	size_t big = 10 * 1024;
	char *s = malloc(big + 1);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < big; i++)
		s[i] = "Zaanstad-"[i % 9];
	s[big] = '\0';
	size_t len = tvk_fold(s, out, sizeof(out));
	ck_assert_uint_eq(len, strlen(out));
	ck_assert_uint_lt(len, sizeof(out));
	ck_assert_int_ne(out[len - 1], ' ');
	free(s);
}
END_TEST

START_TEST(test_distance_edges)
{
	ck_assert_int_eq(tvk_fold_distance(NULL, NULL, 10), 0);
	ck_assert_int_eq(tvk_fold_distance("ab", NULL, 10), 4);
	ck_assert_int_gt(tvk_fold_distance("abcdefgh", "stuvwxyz", 3), 3);
	ck_assert_int_gt(tvk_fold_distance("abc", "abd", 1), 1);
	ck_assert_int_eq(tvk_fold_distance("abc", "abc", 0), 0);
	ck_assert_int_gt(tvk_fold_distance("abc", "abd", 0), 0);
	ck_assert_int_gt(tvk_fold_distance("abc", "abc", -1), -1);
	ck_assert_int_gt(tvk_fold_distance("a", "abcdefghij", 5), 5);
	/* The lengths, not the NULs, bound the strings. */
	ck_assert_int_eq(tvk_fold_distance_n("abcX", 3, "abcY", 3, 10), 0);

	/* Long strings: a narrow band stays cheap, a wide one still right. */
	size_t big = 10 * 1024;
	char *a = malloc(big + 1), *b = malloc(big + 1);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	for (size_t i = 0; i < big; i++)
		a[i] = b[i] = (char)('a' + (i * 7) % 26);
	a[big] = b[big] = '\0';
	ck_assert_int_eq(tvk_fold_distance(a, b, 10), 0);
	b[big / 2] = '#';
	ck_assert_int_eq(tvk_fold_distance(a, b, 10), 2);
	b[big / 3] = '#';
	b[big / 4] = '#';
	ck_assert_int_gt(tvk_fold_distance(a, b, 5), 5);
	a[2000] = b[2000] = '\0';
	b[500] = b[1500] = '#';
	ck_assert_int_eq(tvk_fold_distance(a, b, INT_MAX), 4);
	ck_assert_int_eq(tvk_fold_distance(a, b + 1, INT_MAX),
			tvk_fold_distance(b + 1, a, INT_MAX));
	free(a);
	free(b);
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");
	tcase_add_test(tc, test_cases_file);
	tcase_add_test(tc, test_lookalike_table);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_fold_edges);
	tcase_add_test(tc, test_distance_edges);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(text_suite)
