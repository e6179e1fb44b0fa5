/*
 * The lex stage: every pattern's example, line kinds, periods, the
 * register sentence and region labels; plus number reading (repair's
 * tvk_read_number), whose cases sit beside the line cases.
 */
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "cases.h"
#include "read/lex.h"
#include "repair/repair.h"
#include "tvk_check.h"

static struct tvk_lexer *lexer;
static struct tvk_arena *arena;

static void setup(void)
{
	lexer = tvk_lexer_create();
	arena = tvk_arena_create();
}

static void teardown(void)
{
	tvk_lexer_destroy(lexer);
	tvk_arena_destroy(arena);
}

/* A line of words from @text, boxes laid out left to right. */
static struct tvk_line *make_line(const char *text)
{
	struct tvk_line *line = tvk_arena_alloc(arena, sizeof(*line));
	struct tvk_word *words = tvk_arena_array(arena, 64, sizeof(*words));
	char *copy = tvk_arena_strdup(arena, text);
	double x = 42;
	size_t n = 0;
	char *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w && n < 64;
			w = strtok_r(NULL, " ", &save)) {
		double width = 4.5 * (double)strlen(w);
		words[n++] = (struct tvk_word){w, {x, 60, x + width, 69}};
		x += width + 4.5;
	}
	*line = (struct tvk_line){1, {42, 60, x, 69}, words, n,
		tvk_arena_strdup(arena, text)};
	return line;
}

START_TEST(pattern_examples)
{
	const struct tvk_pattern_info *info;
	size_t n = tvk_lex_patterns(&info);
	ck_assert_uint_ge(n, 10);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(tvk_lex_pattern_matches(lexer, info[i].name,
				info[i].example), "pattern %s does not match its "
				"example '%s'", info[i].name, info[i].example);
	ck_assert(!tvk_lex_pattern_matches(lexer, "no-such-pattern", "x"));
}
END_TEST

static int line_case(const struct case_line *c, void *data)
{
	(void)data;
	if (c->n != 2) {
		fprintf(stderr, "line case: want 2 fields\n");
		return 1;
	}
	struct tvk_lexeme lx;
	tvk_lex_line(lexer, make_line(c->field[1]), arena, &lx);
	const char *got = tvk_line_kind_name(lx.kind);
	if (strcmp(got, c->field[0]) != 0) {
		fprintf(stderr, "'%s': kind %s, expected %s\n", c->field[1], got,
			c->field[0]);
		return 1;
	}
	return 0;
}

START_TEST(line_kinds)
{
	int n;
	int failures = cases_run(TVK_TEST_SRCDIR "/data/lex-lines.txt",
		line_case, NULL, &n);
	ck_assert_int_ge(n, 30);
	ck_assert_int_eq(failures, 0);
}
END_TEST

START_TEST(row_lead_and_numbers)
{
	struct tvk_lexeme lx;
	tvk_lex_line(lexer, make_line("7 Zaanstreek- Edam-Volendam 25 73 107 41 246"),
		arena, &lx);
	ck_assert_int_eq(lx.kind, TVK_LINE_ROW);
	ck_assert_uint_eq(lx.n_tokens, 8);
	ck_assert_uint_eq(lx.n_lead, 3);
	ck_assert_int_eq(lx.tokens[0].kind, TVK_TOKEN_NUMBER);
	ck_assert_int_eq(lx.tokens[1].kind, TVK_TOKEN_WORD);
	ck_assert_str_eq(lx.tokens[7].text, "246");

	/* Letters for a count (junk_cell) are a count of the run; a short
	 * word after a name is not. */
	tvk_lex_line(lexer, make_line("Beesel : 15 37 116 Et 185"), arena, &lx);
	ck_assert_int_eq(lx.kind, TVK_LINE_ROW);
	ck_assert_uint_eq(lx.n_lead, 2);
	ck_assert_uint_eq(lx.n_tokens, 7);
	ck_assert_str_eq(lx.tokens[5].text, "Et");
	ck_assert_int_eq(lx.tokens[5].kind, TVK_TOKEN_NUMBER);
	tvk_lex_line(lexer, make_line("Bergen LB 4 2 33 76 127"), arena, &lx);
	ck_assert_int_eq(lx.kind, TVK_LINE_ROW);
	ck_assert_uint_eq(lx.n_lead, 2);
	ck_assert_str_eq(lx.tokens[1].text, "LB");

	tvk_lex_line(lexer, make_line("tweede kwartaal 2025 Zuid-Kennemerland"),
		arena, &lx);
	ck_assert_int_eq(lx.kind, TVK_LINE_TITLE);
	ck_assert_int_eq(lx.period.year, 2025);
	ck_assert_int_eq(lx.period.quarter, 2);
	ck_assert_str_eq(lx.period.printed, "tweede kwartaal 2025");
	ck_assert_str_eq(lx.rest, "Zuid-Kennemerland");
}
END_TEST

static int period_case(const struct case_line *c, void *data)
{
	(void)data;
	if (c->n != 3) {
		fprintf(stderr, "period case: want 3 fields\n");
		return 1;
	}
	struct tvk_period p;
	bool found = tvk_lex_period(lexer, c->field[0], arena, &p, NULL);
	char got[32] = "NONE";
	if (found)
		snprintf(got, sizeof(got), "%04d-Q%d", p.year, p.quarter);
	if (strcmp(got, c->field[1]) != 0) {
		fprintf(stderr, "'%s': %s, expected %s\n", c->field[0], got,
			c->field[1]);
		return 1;
	}
	if (found && p.damaged != (c->field[2][0] == '1')) {
		fprintf(stderr, "'%s': damaged %d, expected %s\n", c->field[0],
			p.damaged, c->field[2]);
		return 1;
	}
	return 0;
}

START_TEST(periods)
{
	int n;
	int failures = cases_run(TVK_TEST_SRCDIR "/data/periods.txt",
		period_case, NULL, &n);
	ck_assert_int_ge(n, 25);
	ck_assert_int_eq(failures, 0);
}
END_TEST

START_TEST(register_sentence)
{
	struct tvk_register_text r;
	ck_assert(tvk_lex_register(lexer, "In Sonar zijn niet alle doelgroepers "
		"opgenomen, in de arbeidsmarktregio Friesland bevat het "
		"doelgroepregister banenafspraak in totaal 9.651 personen. "
		"Hiervan is 76% bekend binnen Sonar.", arena, &r));
	ck_assert_str_eq(r.persons, "9.651");
	ck_assert_str_eq(r.pct, "76");
	ck_assert_str_eq(r.region, "Friesland");

	/* OCR drops a letter of "banenafspraak"; the count still reads. */
	ck_assert(tvk_lex_register(lexer, "in de arbeidsmarktregio "
		"Zaanstreek/Waterland bevat het doelgroepregister banenafpraak "
		"in totaal 3.976 personen. Hiervan is 69 % bekend", arena, &r));
	ck_assert_str_eq(r.persons, "3.976");
	ck_assert_str_eq(r.pct, "69");
	ck_assert_str_eq(r.region, "Zaanstreek/Waterland");

	/* An OCR layer's mark between the words; a share that does not
	 * read is kept as printed, for the check to report. */
	ck_assert(tvk_lex_register(lexer, "in totaal 2.294 personen. Hiervan "
		"is. 80% bekend binnen Sonar.", arena, &r));
	ck_assert_str_eq(r.pct, "80");
	ck_assert(tvk_lex_register(lexer, "in totaal 2.294 personen. Hiervan "
		"is 8O% bekend binnen Sonar.", arena, &r));
	ck_assert_str_eq(r.pct, "8O%");

	/* OCR glues "in" to "totaal", puts a full stop after the count
	 * and a mark before the share. */
	ck_assert(tvk_lex_register(lexer, "doelgroepregister banenafspraak "
		"intotaal 14.397. personen. Hiervan is*71% bekend", arena, &r));
	ck_assert_str_eq(r.persons, "14.397");
	ck_assert_str_eq(r.pct, "71");
	ck_assert(!r.unreadable);
	/* OCR spoils "in" and "is", splits the count with a space, or
	 * puts a letter between the words. */
	ck_assert(tvk_lex_register(lexer, "banenafspraak m totaal 5 108 "
		"personen. Hiervan ss 67% bekend binnen Sonar.", arena, &r));
	ck_assert_str_eq(r.persons, "5 108");
	ck_assert_str_eq(r.pct, "67");
	ck_assert(tvk_lex_register(lexer, "bevat het eneen banenafspraak |in "
		"totaal 4.653 personen: Hiervan i is 66% bekend binnen Sonar.",
		arena, &r));
	ck_assert_str_eq(r.persons, "4.653");
	ck_assert_str_eq(r.pct, "66");
	/* a share that does not read is kept as printed, wherever it
	 * stands before "bekend binnen Sonar" */
	ck_assert(tvk_lex_register(lexer, "banenafspraak in totaal 5.108 "
		"personen, Beever e 670 bekend binnen Sonar.", arena, &r));
	ck_assert_str_eq(r.pct, "670");
	/* the sentence, its count lost: said, not dropped */
	ck_assert(!tvk_lex_register(lexer, "banenafspraak m iotaat # 108 "
		"persen. Hiervan is 67% bekend binnen Sonar.", arena, &r));
	ck_assert(r.unreadable);
	/* ... or a full stop before it */
	ck_assert(tvk_lex_register(lexer, "banenafspraak in totaal.5.229 "
		"personen. Hiervan is 68% bekend binnen Sonar.", arena, &r));
	ck_assert_str_eq(r.persons, "5.229");

	/* The sentence is there, its count is not: said, not dropped. */
	ck_assert(!tvk_lex_register(lexer, "in de arbeidsmarktregio Friesland "
		"bevat het doelgroepregister banenafspraak in totaal ‘8 ,@ "
		"personen. Hiervan is 76% bekend binnen Sonar.", arena, &r));
	ck_assert(r.unreadable);

	/* The 2025 note names the register but gives no count. */
	ck_assert(!tvk_lex_register(lexer, "Niet alle mensen uit het "
		"doelgroepregister zijn ingeschreven in Sonar.", arena, &r));
	ck_assert_ptr_null(r.persons);
}
END_TEST

START_TEST(labels)
{
	const char *rest;
	ck_assert_int_eq(tvk_lex_label(lexer, "7 Zaanstreek-Waterland", &rest), 7);
	ck_assert_str_eq(rest, "Zaanstreek-Waterland");
	ck_assert_int_eq(tvk_lex_label(lexer, "18 Zuid-Holland", &rest), 18);
	ck_assert_int_eq(tvk_lex_label(lexer, "Centraal", &rest), 0);
	ck_assert_int_eq(tvk_lex_label(lexer, "123 Foo", &rest), 0);
}
END_TEST

static enum tvk_number_form form_named(const char *s)
{
	static const char *const names[] = {"plain", "comma", "no-separator",
		"other", "lookalike", "marks", "none"};
	for (int i = 0; i < 7; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum tvk_number_form)i;
	return (enum tvk_number_form)-1;
}

static int number_case(const struct case_line *c, void *data)
{
	(void)data;
	if (c->n != 3) {
		fprintf(stderr, "number case: want 3 fields\n");
		return 1;
	}
	int64_t v;
	enum tvk_number_form form = tvk_read_number(c->field[0], &v);
	enum tvk_number_form want = form_named(c->field[2]);
	if (form != want) {
		fprintf(stderr, "'%s': form %d, expected %s\n", c->field[0],
			form, c->field[2]);
		return 1;
	}
	if (form != TVK_FORM_NONE && v != strtoll(c->field[1], NULL, 10)) {
		fprintf(stderr, "'%s': %lld, expected %s\n", c->field[0],
			(long long)v, c->field[1]);
		return 1;
	}
	return 0;
}

START_TEST(numbers)
{
	int n;
	int failures = cases_run(TVK_TEST_SRCDIR "/data/numbers.txt",
		number_case, NULL, &n);
	ck_assert_int_ge(n, 40);
	ck_assert_int_eq(failures, 0);
}
END_TEST

/* The lexer takes a token of digits and separators for a count without
 * asking the number pattern: every such token of up to six characters
 * (the digits' values do not matter) is a count exactly when the
 * pattern says so. */
START_TEST(plain_counts_as_the_pattern_says)
{
	static const char alphabet[] = "07.,";
	char token[8];
	for (size_t len = 1; len <= 6; len++) {
		size_t total = 1;
		for (size_t k = 0; k < len; k++)
			total *= 4;
		for (size_t code = 0; code < total; code++) {
			size_t c = code;
			for (size_t k = 0; k < len; k++, c /= 4)
				token[k] = alphabet[c % 4];
			token[len] = '\0';
			bool want = tvk_lex_pattern_matches(lexer, "number", token);
			struct tvk_lexeme lx;
			char *text = tvk_arena_alloc(arena, len + 6);
			sprintf(text, "Naam %s", token);
			tvk_lex_line(lexer, make_line(text), arena, &lx);
			bool got = false;
			for (size_t i = 0; i < lx.n_tokens; i++)
				got = got || (lx.tokens[i].kind == TVK_TOKEN_NUMBER &&
					strcmp(lx.tokens[i].text, token) == 0);
			ck_assert_msg(got == want, "'%s': a count %d, the pattern "
				"says %d", token, got, want);
		}
	}
}
END_TEST

static Suite *lex_suite(void)
{
	Suite *s = suite_create("lex");
	TCase *tc = tcase_create("lex");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, pattern_examples);
	tcase_add_test(tc, line_kinds);
	tcase_add_test(tc, row_lead_and_numbers);
	tcase_add_test(tc, periods);
	tcase_add_test(tc, register_sentence);
	tcase_add_test(tc, labels);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, plain_counts_as_the_pattern_says);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(lex_suite)
