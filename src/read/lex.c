/*
 * The lex stage.  The patterns are data: one table, a name and an example
 * each, compiled once for the whole process; tests run every example
 * through its pattern.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "base/arena.h"
#include "base/macros.h"
#include "base/text.h"
#include "read/lex.h"

enum pattern_id {
	P_PERIOD_WORDS,
	P_PERIOD_ORDINAL,
	P_PERIOD_Q,
	P_PERIOD_YEAR_Q,
	P_TOTAL,
	P_NATIONAL,
	P_REGISTER_PERSONS,
	P_REGISTER_PCT,
	P_REGISTER_PCT_PRINTED,
	P_REGISTER_PCT_BEFORE,
	P_REGISTER_REGION,
	P_REGISTER_LINE,
	P_HEADER,
	P_NOISE,
	P_FURNITURE,
	P_DATE,
	P_LABEL,
	P_NUMBER,
	N_PATTERNS,
};

struct pattern {
	const char *name;
	const char *regex;
	const char *example;
};

/* Every regex is compiled caseless, UTF and UCP. */
static const struct pattern patterns[N_PATTERNS] = {
	[P_PERIOD_WORDS] = {"period-words",
		"\\b(eerste|tweede|derde|vierde)\\s+kwartaal\\s+((?:19|20)[0-9]{2})\\b",
		"Transparantie tweede kwartaal 2025 Groningen"},
	[P_PERIOD_ORDINAL] = {"period-ordinal",
		"\\b([1-4])\\s*(?:e|ste|de)\\s+kwartaal\\s+((?:19|20)[0-9]{2})\\b",
		"2e kwartaal 2025"},
	[P_PERIOD_Q] = {"period-q",
		"\\bQ\\s?([1-4])\\s*[-/]?\\s*((?:19|20)[0-9]{2})\\b",
		"Q2 2025"},
	[P_PERIOD_YEAR_Q] = {"period-year-q",
		"\\b((?:19|20)[0-9]{2})\\s*[-/]?\\s*Q([1-4])\\b",
		"2025-Q2"},
	/* Producers spell the region out now and then. */
	[P_TOTAL] = {"total-row",
		"^totaal\\s*(?:amr\\b|arbeidsmarktregio\\b|regio$)",
		"Totaal arbeidsmarktregio"},
	[P_NATIONAL] = {"national-row",
		"^(?:totaal\\s+)?nederland$",
		"Totaal Nederland"},
	/* The register sentence may be broken over lines; it is matched on
	 * the joined text.  Any separator is accepted in the count: reading
	 * it is the repair stage's job. */
	/* "totaal N personen" is the register's alone; OCR damages the
	 * words around the count ("doelgroepregi ster", "in-totaal", "m
	 * totaal", "persorien"), so only "totaal" and the start of
	 * "personen" are asked for. */
	[P_REGISTER_PERSONS] = {"register-persons",
		"totaal[\\s.,:]*([0-9][0-9.,'’ -]*?[0-9]|[0-9])[.,]?\\s*pe\\S*",
		"doelgroepregi ster banenafspraak m totaal 14.397. persorien."},
	/* An OCR layer leaves marks between the words ("Hiervan is. 80%"),
	 * or a letter or two ("Hiervan i is 66%"), or reads "is" as
	 * something else ("Hiervan ss 67%"). */
	[P_REGISTER_PCT] = {"register-pct",
		"hiervan\\W+(?:\\S{1,3}\\W+){0,2}?([0-9]{1,3})\\s*%",
		"Hiervan i is. 80% bekend binnen Sonar."},
	/* What stands where the share is, when it does not read as one
	 * ("Hiervan is 8O% bekend"): kept, so that the share is reported
	 * unreadable rather than left out. */
	[P_REGISTER_PCT_PRINTED] = {"register-pct-printed",
		"hiervan\\W+is\\s*[.,:;]?\\s+(\\S{1,12})",
		"Hiervan is 8O% bekend binnen Sonar."},
	/* ... and what stands before "bekend binnen Sonar" when "Hiervan
	 * is" does not read either ("Beever e 670 bekend binnen Sonar"). */
	[P_REGISTER_PCT_BEFORE] = {"register-pct-before",
		"(\\S{1,12})\\s+bekend\\s+binnen\\b",
		"Hiervan ss 6?% bekend binnen Sonar."},
	[P_REGISTER_REGION] = {"register-region",
		"arbeidsmarktregio\\s+(.+?)\\s+bevat\\b",
		"in de arbeidsmarktregio Zaanstreek/Waterland bevat het"},
	[P_REGISTER_LINE] = {"register-line",
		"\\bbevat\\s+het\\s+doelgroepregister\\b"
		"|doelgroepregister\\b.*\\bin\\s+totaal\\b"
		"|in\\s+totaal\\s+[0-9][0-9.,' ]*\\s+personen"
		"|hiervan\\W+is\\W+[0-9]+\\s*%"
		"|\\bbekend\\s+binnen\\s+sonar\\b",
		"banenafspraak in totaal 9.651 personen. Hiervan is 76% bekend"},
	/* A header line consists of header phrases only; prose that starts
	 * with "Sonar" or "Gemeenten" is not one. */
	[P_HEADER] = {"header",
		"^(?:(?:arbeidsmarktregio|gemeente|gemeente(?:klanten|cli\\S*nten)"
		"|uwv-?(?:klanten|cli\\S*nten)|profiel|geen|in|totaal\\s*in|totaalin"
		"|sonar)(?:\\s+|$))+$",
		"Arbeidsmarktregio Gemeente Profiel in Geen profiel in Totaalin"},
	[P_NOISE] = {"noise",
		"^(?:volg\\s+ons\\b|https?://|www\\.|\\S+\\.(?:nl|com)/?\\S*$"
		"|pagina\\s+[0-9]+(?:\\s+van\\s+[0-9]+)?$|[0-9]{1,3}$"
		"|[0-9]{1,3}\\s*/\\s*[0-9]{1,3}$)",
		"Volg ons ® ® 0"},
	/* What producers put on every page, anywhere in a line: the
	 * copyright and disclaimer footer, page counters, links. */
	[P_FURNITURE] = {"furniture",
		"\\x{00A9}|\\(c\\)\\s*(?:19|20)[0-9]{2}|\\bdisclaimer\\b"
		"|\\bbronvermelding\\b|\\bpagina\\s+[0-9]+\\s*(?:van|/)\\s*[0-9]+"
		"|\\bpage\\s+[0-9]+\\s+of\\s+[0-9]+|https?://|\\bwww\\.",
		"Disclaimer Bronvermelding bij overname is verplicht. UWV \u00a9 2025 1"},
	/* A date on a line of its own: a running header or footer. */
	[P_DATE] = {"date",
		"^(?:[0-9]{1,2}[-/.][0-9]{1,2}[-/.](?:19|20)[0-9]{2}"
		"|(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}"
		"|(?:[0-9]{1,2}\\s+)?(?:januari|februari|maart|april|mei|juni|juli"
		"|augustus|september|oktober|november|december)\\s+(?:19|20)[0-9]{2})"
		"(?:\\s+[0-9]{1,3})?$",
		"2 december 2025"},
	[P_LABEL] = {"label",
		"^([0-9]{1,2})\\s+(\\S.*)$",
		"7 Zaanstreek-Waterland"},
	/* A number as OCR leaves it: digits, separators, and the letters
	 * that OCR mistakes digits for (the table in text.h, which
	 * numbers.c reads them by); at least one real digit.  A bracket
	 * at either end is noise of a scan ("(0)", "0)"). */
	[P_NUMBER] = {"number",
		"^[(\\[]?(?=[^)\\]]*[0-9])[0-9.,'’" TVK_LOOKALIKE_CHARS "]+[)\\]]?$",
		"(1.4O4)"},
};

static pcre2_code *compiled[N_PATTERNS];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;
static size_t max_captures;

static void compile_patterns(void)
{
	for (int i = 0; i < N_PATTERNS; i++) {
		int code;
		PCRE2_SIZE offset;
		compiled[i] = pcre2_compile((PCRE2_SPTR)patterns[i].regex,
				PCRE2_ZERO_TERMINATED,
				PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &code,
				&offset, NULL);
		if (!compiled[i]) {
			/* A broken pattern is a bug in this file, caught by
			 * the first test that runs. */
			PCRE2_UCHAR msg[200];
			pcre2_get_error_message(code, msg, sizeof(msg));
			char why[320];
			snprintf(why, sizeof(why), "pattern %s: %s at %zu",
				patterns[i].name, (char *)msg, (size_t)offset);
			tvk_die(why);
		}
		/* JIT is an optimisation; without it matching still works.
		 * Its machine code reads a few bytes past the end of the
		 * subject, which valgrind reports, so TVK_NO_JIT turns it
		 * off for runs under valgrind. */
		if (!getenv("TVK_NO_JIT"))
			(void)pcre2_jit_compile(compiled[i], PCRE2_JIT_COMPLETE);
		uint32_t n = 0;
		pcre2_pattern_info(compiled[i], PCRE2_INFO_CAPTURECOUNT, &n);
		if (n + 1 > max_captures)
			max_captures = n + 1;
	}
}

/*
 * The header words of tokens seen before: the same prose and the same
 * names come back in every table and every file, and weighing a word
 * against the header's forms is the dearest thing the lexer does.  Four
 * slots per hash of the token's text, the oldest making room for a new
 * one (with one slot per hash, two frequent words that share it pushed
 * each other out: 20 times as many weighings on the benchmark archive);
 * a longer text is weighed every time.
 */
#define HEADER_MEMO_SETS 1024
#define HEADER_MEMO_WAYS 4
#define HEADER_MEMO_TEXT 32

struct header_memo {
	char text[HEADER_MEMO_TEXT]; /* "" for a slot not used yet */
	enum tvk_header_word word;
};

struct tvk_lexer {
	pcre2_match_data *md;
	struct header_memo *memo; /* HEADER_MEMO_SETS * HEADER_MEMO_WAYS */
};

struct tvk_lexer *tvk_lexer_create(void)
{
	pthread_once(&compile_once, compile_patterns);
	struct tvk_lexer *lexer = tvk_xcalloc(1, sizeof(*lexer));
	lexer->md = pcre2_match_data_create((uint32_t)max_captures, NULL);
	if (!lexer->md)
		tvk_die("out of memory");
	lexer->memo = tvk_xcalloc(HEADER_MEMO_SETS * HEADER_MEMO_WAYS,
		sizeof(*lexer->memo));
	return lexer;
}

void tvk_lexer_destroy(struct tvk_lexer *lexer)
{
	if (!lexer)
		return;
	pcre2_match_data_free(lexer->md);
	free(lexer->memo);
	free(lexer);
}

/* Matches pattern @id against @text from @start; true on a match. */
/*
 * Every public entry point checks its text once (tvk_utf8_valid); the matches
 * after that skip pcre2's own check, which would otherwise walk the whole
 * line again for each of a dozen patterns.
 */
static bool match(struct tvk_lexer *lexer, enum pattern_id id,
		const char *text, size_t len, size_t start)
{
	int rc = pcre2_match(compiled[id], (PCRE2_SPTR)text, len, start,
			PCRE2_NO_UTF_CHECK, lexer->md, NULL);
	return rc > 0;
}

static bool has_digit(const char *s)
{
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			return true;
	return false;
}

/* ASCII case-insensitive: does @needle (lower case) occur in @s? */
static bool contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (tolower((unsigned char)*s) == needle[0] &&
				strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

/* Whether @text (@len bytes) holds a word every register sentence has:
 * lower-cased once, then searched with the C library's strstr. */
static bool register_words(const char *text, size_t len)
{
	char low[256];
	if (len >= sizeof(low))
		return contains(text, "doelgroep") || contains(text, "totaal") ||
			contains(text, "hiervan");
	for (size_t i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[len] = '\0';
	return strstr(low, "doelgroep") || strstr(low, "totaal") ||
		strstr(low, "hiervan");
}

/*
 * Every way of printing a period has a four-character year, 19xx or 20xx
 * (OCR may turn its digits into letters): a line without one — every
 * table row — skips the period patterns altogether.
 */
static bool has_year(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (p != s && isalnum((unsigned char)p[-1]))
			continue;
		size_t n = 0;
		while (isalnum((unsigned char)p[n]))
			n++;
		if (n != 4 && !(n > 4 && (p[4] == '-' || p[4] == '/')))
			continue;
		int first = tvk_digit_of((unsigned char)p[0], NULL);
		bool year = (first == 1 || first == 2) &&
			isdigit((unsigned char)p[3]);
		if (year)
			return true;
	}
	return false;
}

static void group(struct tvk_lexer *lexer, int n, size_t *from, size_t *to)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(lexer->md);
	*from = ov[2 * n];
	*to = ov[2 * n + 1];
}

static char *group_dup(struct tvk_lexer *lexer, int n, const char *text,
		struct tvk_arena *arena)
{
	size_t from, to;
	group(lexer, n, &from, &to);
	return tvk_arena_strndup(arena, text + from, to - from);
}

static int group_int(struct tvk_lexer *lexer, int n, const char *text)
{
	size_t from, to;
	group(lexer, n, &from, &to);
	int v = 0;
	for (size_t i = from; i < to && i - from < 6; i++)
		if (isdigit((unsigned char)text[i]))
			v = v * 10 + (text[i] - '0');
	return v;
}

/* The public view of the table: the same name and example strings. */
static struct tvk_pattern_info pattern_info[N_PATTERNS];
static pthread_once_t info_once = PTHREAD_ONCE_INIT;

static void fill_info(void)
{
	for (int i = 0; i < N_PATTERNS; i++)
		pattern_info[i] = (struct tvk_pattern_info){patterns[i].name,
			patterns[i].example};
}

size_t tvk_lex_patterns(const struct tvk_pattern_info **info)
{
	pthread_once(&info_once, fill_info);
	*info = pattern_info;
	return N_PATTERNS;
}

bool tvk_lex_pattern_matches(struct tvk_lexer *lexer, const char *name,
		const char *text)
{
	size_t len = strlen(text);
	if (!tvk_utf8_valid(text, len))
		return false;
	for (int i = 0; i < N_PATTERNS; i++)
		if (strcmp(patterns[i].name, name) == 0)
			return match(lexer, (enum pattern_id)i, text, len, 0);
	return false;
}

/* ---- periods ---------------------------------------------------------- */

static const char *const ordinals[4] = {"eerste", "tweede", "derde", "vierde"};

static int ordinal_quarter(const char *word, size_t len)
{
	for (int q = 0; q < 4; q++)
		if (strlen(ordinals[q]) == len &&
				strncasecmp(word, ordinals[q], len) == 0)
			return q + 1;
	return 0;
}

/* A word of @text: [from, to). */
struct span {
	size_t from, to;
};

static size_t split_words(const char *text, struct span *spans, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; text[i] && n < cap;) {
		while (text[i] == ' ' || text[i] == '\t')
			i++;
		if (!text[i])
			break;
		size_t from = i;
		while (text[i] && text[i] != ' ' && text[i] != '\t')
			i++;
		spans[n++] = (struct span){from, i};
	}
	return n;
}

/* Folds one word of @text and measures it against @target. */
static int word_distance(const char *text, struct span s, const char *target)
{
	char raw[64], folded[64];
	size_t len = s.to - s.from;
	if (len >= sizeof(raw))
		return 1000;
	memcpy(raw, text + s.from, len);
	raw[len] = '\0';
	tvk_fold(raw, folded, sizeof(folded));
	return tvk_fold_distance(folded, target, 8);
}

/* A year as OCR may print it: "2O25", "2Ol9". */
static int read_year(const char *text, struct span s)
{
	if (s.to - s.from != 4)
		return 0;
	int year = 0;
	for (size_t i = s.from; i < s.to; i++) {
		int d = tvk_digit_of((unsigned char)text[i], NULL);
		if (d < 0)
			return 0;
		year = year * 10 + d;
	}
	return year >= 1990 && year <= 2099 ? year : 0;
}

/*
 * The fallback for titles the patterns miss: OCR turns "kwartaal" into
 * "kwartaa1" or "kwarlaal" and "tweede" into "twecde".  A word within two
 * light edits of "kwartaal", an ordinal within two edits before it and a
 * year after it make a period; it is marked damaged so that repair logs it.
 */
static bool fuzzy_period(const char *text, struct tvk_arena *arena,
		struct tvk_period *out, size_t *end)
{
	struct span w[64];
	size_t n = split_words(text, w, 64);
	for (size_t i = 1; i + 1 < n; i++) {
		/* The year first: it is cheap to test and rules out almost
		 * every line of prose. */
		int year = read_year(text, w[i + 1]);
		if (!year || word_distance(text, w[i], "kwartaal") > 3)
			continue;
		int quarter = 0, best = 4;
		for (int q = 0; q < 4; q++) {
			int d = word_distance(text, w[i - 1], ordinals[q]);
			if (d < best) {
				best = d;
				quarter = q + 1;
			} else if (d == best) {
				quarter = 0; /* two ordinals equally close */
			}
		}
		size_t len = w[i - 1].to - w[i - 1].from;
		if (!quarter && len == 2 && text[w[i - 1].from] >= '1' &&
				text[w[i - 1].from] <= '4' &&
				text[w[i - 1].from + 1] == 'e')
			quarter = text[w[i - 1].from] - '0';
		if (!quarter)
			continue;
		out->year = year;
		out->quarter = quarter;
		out->printed = tvk_arena_strndup(arena, text + w[i - 1].from,
				w[i + 1].to - w[i - 1].from);
		out->damaged = true;
		if (end)
			*end = w[i + 1].to;
		return true;
	}
	return false;
}

bool tvk_lex_period(struct tvk_lexer *lexer, const char *text,
		struct tvk_arena *arena, struct tvk_period *out, size_t *end)
{
	memset(out, 0, sizeof(*out));
	size_t len = strlen(text);
	/* Every form of a period has a year: prose without a digit (most
	 * of every page) is skipped at once. */
	if (!has_digit(text) || !has_year(text) || !tvk_utf8_valid(text, len))
		return false;
	static const enum pattern_id ids[] = {P_PERIOD_WORDS, P_PERIOD_ORDINAL,
		P_PERIOD_Q, P_PERIOD_YEAR_Q};
	size_t best_from = SIZE_MAX, best_to = 0;
	for (size_t k = 0; k < TVK_ARRAY_LEN(ids); k++) {
		if (!match(lexer, ids[k], text, len, 0))
			continue;
		size_t from, to;
		group(lexer, 0, &from, &to);
		if (from >= best_from)
			continue;
		best_from = from;
		best_to = to;
		switch (ids[k]) {
		case P_PERIOD_WORDS: {
			size_t f, t;
			group(lexer, 1, &f, &t);
			out->quarter = ordinal_quarter(text + f, t - f);
			out->year = group_int(lexer, 2, text);
			break;
		}
		case P_PERIOD_ORDINAL:
		case P_PERIOD_Q:
			out->quarter = group_int(lexer, 1, text);
			out->year = group_int(lexer, 2, text);
			break;
		default:
			out->year = group_int(lexer, 1, text);
			out->quarter = group_int(lexer, 2, text);
			break;
		}
	}
	if (best_from != SIZE_MAX) {
		out->printed = tvk_arena_strndup(arena, text + best_from,
				best_to - best_from);
		if (end)
			*end = best_to;
		return true;
	}
	return fuzzy_period(text, arena, out, end);
}

/* ---- the register sentence -------------------------------------------- */

bool tvk_lex_register(struct tvk_lexer *lexer, const char *text,
		struct tvk_arena *arena, struct tvk_register_text *out)
{
	memset(out, 0, sizeof(*out));
	size_t len = strlen(text);
	if (!tvk_utf8_valid(text, len))
		return false;
	if (match(lexer, P_REGISTER_PERSONS, text, len, 0))
		out->persons = group_dup(lexer, 1, text, arena);
	if (match(lexer, P_REGISTER_PCT, text, len, 0) ||
			match(lexer, P_REGISTER_PCT_PRINTED, text, len, 0) ||
			match(lexer, P_REGISTER_PCT_BEFORE, text, len, 0))
		out->pct = group_dup(lexer, 1, text, arena);
	if (match(lexer, P_REGISTER_REGION, text, len, 0))
		out->region = group_dup(lexer, 1, text, arena);
	out->unreadable = !out->persons &&
		match(lexer, P_REGISTER_LINE, text, len, 0);
	return out->persons != NULL;
}

int tvk_lex_label(struct tvk_lexer *lexer, const char *text, const char **rest)
{
	size_t len = strlen(text);
	if (!tvk_utf8_valid(text, len) || !match(lexer, P_LABEL, text, len, 0))
		return 0;
	size_t from, to;
	group(lexer, 2, &from, &to);
	if (rest)
		*rest = text + from;
	return group_int(lexer, 1, text);
}

/* ---- lines ------------------------------------------------------------ */

const char *tvk_line_kind_name(enum tvk_line_kind kind)
{
	switch (kind) {
	case TVK_LINE_TEXT: return "text";
	case TVK_LINE_NOISE: return "noise";
	case TVK_LINE_TITLE: return "title";
	case TVK_LINE_HEADER: return "header";
	case TVK_LINE_ROW: return "row";
	case TVK_LINE_TOTAL: return "total";
	case TVK_LINE_NATIONAL: return "national";
	case TVK_LINE_REGISTER: return "register";
	}
	return "unknown";
}

/* ---- header words ------------------------------------------------------ */

struct header_form {
	const char *folded;
	enum tvk_header_word word;
};

/* Folded; each may come damaged by OCR within the distance below. */
static const struct header_form header_forms[] = {
	{"arbeidsmarktregio", TVK_HW_REGION},
	{"gemeente", TVK_HW_MUNICIPALITY},
	{"gemeenten", TVK_HW_MUNICIPALITY},
	{"gemeenteclienten", TVK_HW_GROUP},
	{"gemeenteklanten", TVK_HW_GROUP},
	{"uwv clienten", TVK_HW_GROUP},
	{"uwv klanten", TVK_HW_GROUP},
	{"uwvclienten", TVK_HW_GROUP},
	{"uwvklanten", TVK_HW_GROUP},
	{"clienten", TVK_HW_GROUP},
	{"klanten", TVK_HW_GROUP},
	{"uwv", TVK_HW_GROUP},
	{"profiel", TVK_HW_PROFILE},
	{"geen", TVK_HW_NO},
	{"in", TVK_HW_IN},
	{"sonar", TVK_HW_SONAR},
	{"totaal", TVK_HW_TOTAL},
	{"totaalin", TVK_HW_TOTAL},
};

/* One folded word (no spaces) against the forms: exact for short words,
 * within light OCR edits for longer ones ("proflel", "Sonár", "Totaai");
 * a title glued to the "in" after it ("profielin") is that title. */
static enum tvk_header_word header_part(const char *w)
{
	size_t n = strlen(w);
	if (n > 6 && strcmp(w + n - 2, "in") == 0) {
		char head[64];
		if (n - 2 < sizeof(head)) {
			memcpy(head, w, n - 2);
			head[n - 2] = '\0';
			enum tvk_header_word h = header_part(head);
			if (h != TVK_HW_NONE && h != TVK_HW_IN)
				return h;
		}
	}
	size_t len = strlen(w);
	int limit = len >= 7 ? 3 : len >= 5 ? 2 : len == 4 ? 1 : 0;
	enum tvk_header_word best = TVK_HW_NONE;
	int best_d = limit + 1;
	for (size_t i = 0; i < TVK_ARRAY_LEN(header_forms); i++) {
		const char *f = header_forms[i].folded;
		if (strchr(f, ' '))
			continue;
		int d = strcmp(w, f) == 0 ? 0 :
			limit ? tvk_fold_distance(w, f, limit) : limit + 1;
		if (d < best_d) {
			best_d = d;
			best = header_forms[i].word;
		}
	}
	return best;
}

enum tvk_header_word tvk_lex_header_word(const char *word)
{
	char folded[64];
	if (strlen(word) >= sizeof(folded))
		return TVK_HW_NONE;
	tvk_fold(word, folded, sizeof(folded));
	if (!*folded)
		return TVK_HW_NONE;
	for (size_t i = 0; i < TVK_ARRAY_LEN(header_forms); i++)
		if (strcmp(folded, header_forms[i].folded) == 0)
			return header_forms[i].word;
	/* OCR glues and splits: "in:Sonar" folds to "in sonar", every part
	 * a header word; the strongest part names the token. */
	enum tvk_header_word strongest = TVK_HW_NONE;
	char *save = NULL;
	for (char *p = strtok_r(folded, " ", &save); p;
			p = strtok_r(NULL, " ", &save)) {
		enum tvk_header_word w = header_part(p);
		if (w == TVK_HW_NONE)
			return TVK_HW_NONE;
		if (strongest == TVK_HW_NONE || strongest == TVK_HW_IN)
			strongest = w;
	}
	return strongest;
}

/* tvk_lex_header_word through the lexer's memo. */
static enum tvk_header_word header_word(struct tvk_lexer *lexer,
		const char *t)
{
	size_t len = strlen(t);
	if (len == 0 || len >= HEADER_MEMO_TEXT)
		return len ? tvk_lex_header_word(t) : TVK_HW_NONE;
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)t[i]) * 16777619u;
	struct header_memo *m = lexer->memo;
	size_t set = (h % HEADER_MEMO_SETS) * HEADER_MEMO_WAYS;
	for (size_t k = 0; k < HEADER_MEMO_WAYS; k++)
		if (strcmp(m[set + k].text, t) == 0)
			return m[set + k].word;
	for (size_t k = HEADER_MEMO_WAYS - 1; k > 0; k--)
		m[set + k] = m[set + k - 1];
	memcpy(m[set].text, t, len + 1);
	m[set].word = tvk_lex_header_word(t);
	return m[set].word;
}

/* A short token of letters that OCR reads for digits ("B" for 8, "O" for
 * 0, "l" for 1): a count when it stands among counts. */
static bool is_lookalike(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 3)
		return false;
	for (; *s; s++)
		if (!tvk_is_lookalike((unsigned char)*s))
			return false;
	return true;
}

static bool has_letter(const char *s)
{
	for (; *s; s++)
		if (isalpha((unsigned char)*s))
			return true;
	return false;
}

/*
 * Whether token @i of @lx is a count OCR read as a few letters ("Totaal
 * AMR 110 853 1.480 430 ee", "Beesel 15 37 116 Et 185"): three letters
 * at most, after a count printed without letters (marks between left
 * out) and last or before a count.  Within a run of four counts or more
 * (number_run()), it is a count that does not read, for the sums to
 * judge, instead of the end of the row.
 */
static bool junk_cell(const struct tvk_lexeme *lx, size_t i)
{
	const struct tvk_token *t = &lx->tokens[i];
	if (t->kind == TVK_TOKEN_NUMBER || strlen(t->text) > 3 ||
			tvk_is_mark(t->text))
		return false;
	size_t before = i;
	while (before > 0 && tvk_is_mark(lx->tokens[before - 1].text))
		before--;
	if (before == 0 || lx->tokens[before - 1].kind != TVK_TOKEN_NUMBER ||
			has_letter(lx->tokens[before - 1].text))
		return false; /* "Totaa1 AMR": a label's word */
	size_t after = i + 1;
	while (after < lx->n_tokens && tvk_is_mark(lx->tokens[after].text))
		after++;
	return after == lx->n_tokens ||
		lx->tokens[after].kind == TVK_TOKEN_NUMBER;
}

/* The start of the trailing run of counts, with junk_cell()s in it when
 * @junk. */
static size_t run_start(const struct tvk_lexeme *lx, bool junk)
{
	size_t start = lx->n_tokens;
	while (start > 0) {
		const struct tvk_token *t = &lx->tokens[start - 1];
		if (t->kind != TVK_TOKEN_NUMBER && !tvk_is_mark(t->text) &&
				!is_lookalike(t->text) &&
				!(junk && junk_cell(lx, start - 1)))
			break;
		start--;
	}
	while (start < lx->n_tokens &&
			lx->tokens[start].kind != TVK_TOKEN_NUMBER)
		start++;
	return start;
}

/*
 * The trailing run of counts: numbers, with stray marks among them dropped
 * and digit look-alikes taken as numbers — but a look-alike at the run's
 * left end is a word ("Oss"), not a count — and counts OCR read as letters
 * (junk_cell()) when four counts or more stand in the run.  Compacts the
 * tokens so that the run is contiguous and returns where it starts.
 */
static size_t number_run(struct tvk_lexeme *lx)
{
	size_t start = run_start(lx, true), counts = 0;
	for (size_t i = start; i < lx->n_tokens; i++)
		counts += lx->tokens[i].kind == TVK_TOKEN_NUMBER;
	if (counts < 4)
		start = run_start(lx, false);
	size_t n = start;
	for (size_t i = start; i < lx->n_tokens; i++) {
		struct tvk_token t = lx->tokens[i];
		if (t.kind != TVK_TOKEN_NUMBER && tvk_is_mark(t.text))
			continue;
		t.kind = TVK_TOKEN_NUMBER;
		lx->tokens[n++] = t;
	}
	lx->n_tokens = n;
	return start;
}

char *tvk_lex_join(const struct tvk_token *t, size_t from, size_t to,
		struct tvk_arena *arena)
{
	size_t len = 0;
	for (size_t i = from; i < to; i++)
		len += strlen(t[i].text) + 1;
	char *s = tvk_arena_alloc(arena, len + 1);
	char *p = s;
	for (size_t i = from; i < to; i++) {
		if (i > from)
			*p++ = ' ';
		size_t l = strlen(t[i].text);
		memcpy(p, t[i].text, l);
		p += l;
	}
	*p = '\0';
	return s;
}

/*
 * "Totaal AMR" and "Nederland" are matched exactly first and then within a
 * couple of light edits, since OCR damages them like any other word
 * ("Totaa1 AMR", "Nederiand").
 */
static bool lead_is(struct tvk_lexer *lexer, enum pattern_id id,
		const char *lead, const char *folded_target)
{
	if (match(lexer, id, lead, strlen(lead), 0))
		return true;
	char folded[64];
	if (strlen(lead) >= sizeof(folded))
		return false;
	tvk_fold(lead, folded, sizeof(folded));
	if (tvk_fold_distance(folded, folded_target, 3) <= 3)
		return true;
	/* Specks after the words ("Totaal. AMR on i"): as many words as
	 * the target has, then nothing longer than two letters. */
	size_t words = 1;
	for (const char *p = folded_target; *p; p++)
		words += *p == ' ';
	char *cut = folded;
	for (size_t w = 0; w < words && cut; w++) {
		cut = strchr(cut, ' ');
		if (cut && w + 1 < words)
			cut++;
	}
	if (!cut)
		return false;
	*cut = '\0';
	for (char *p = cut + 1, *end; *p; p = end) {
		end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > 2)
			return false;
		end = end ? end + 1 : p + len;
	}
	return tvk_fold_distance(folded, folded_target, 3) <= 3;
}

/*
 * A header line as OCR leaves it: words of the header, some damaged
 * ("Sonar.", "in:Sonar", "proflel"), with marks between them; at least
 * one word that is more than "in" or "Sonar", and most words header words.
 */
static bool header_line(const struct tvk_lexeme *lx)
{
	size_t words = 0, header = 0, strong = 0;
	for (size_t i = 0; i < lx->n_tokens; i++) {
		const char *t = lx->tokens[i].text;
		if (tvk_is_mark(t))
			continue;
		words++;
		enum tvk_header_word w = lx->tokens[i].header;
		if (w == TVK_HW_NONE)
			continue;
		header++;
		strong += w != TVK_HW_IN && w != TVK_HW_SONAR;
	}
	return words > 0 && strong > 0 && 5 * header >= 4 * words;
}

/*
 * A count as the number pattern knows it, with the marks a scan leaves at
 * its edges let pass ("«499", "237;", "68°"): numbers.c reads it through
 * them, so lex must see a count there too.
 */
static bool number_token(struct tvk_lexer *lexer, const char *t)
{
	/* Digits and the two separators, a digit among them: what the
	 * pattern takes, most counts, seen without matching it. */
	size_t plain = strspn(t, "0123456789.,");
	if (t[plain] == '\0' && strpbrk(t, "0123456789"))
		return true;
	size_t len = strlen(t), from, to;
	if (match(lexer, P_NUMBER, t, len, 0))
		return true;
	tvk_count_core(t, len, &from, &to);
	return (from > 0 || to < len) && to > from &&
		match(lexer, P_NUMBER, t + from, to - from, 0);
}

/*
 * Two words an OCR layer glued with a run of marks where the space was
 * ("en___Bloemendaal", "Zeeland…Borsele"): cut at the run, each piece
 * given its share of the box.  Returns 2 with the pieces in @parts, or 0
 * when @w is one word.
 */
static size_t glued_words(const struct tvk_word *w, struct tvk_arena *arena,
		struct tvk_token parts[2])
{
	const char *s = w->text;
	size_t len = strlen(s);
	for (size_t i = 1; i < len; i++) {
		unsigned char before = (unsigned char)s[i - 1],
			at = (unsigned char)s[i];
		/* A letter or digit is no mark: most of every word. */
		if ((before < 0x80 && !isalnum(before)) ||
				(at < 0x80 && isalnum(at)))
			continue;
		size_t j = i, marks = 0;
		while (j < len) {
			uint32_t cp;
			size_t n = tvk_utf8_decode(s + j, len - j, &cp);
			if (n == 0 || !tvk_is_mark_cp(cp) || cp == '.' ||
					cp == ',' || cp == '\'' || cp == '-')
				break;
			j += n;
			marks++;
		}
		if (marks < 2 || j >= len || !(isalnum((unsigned char)s[j]) ||
				(unsigned char)s[j] >= 0x80))
			continue;
		double x = w->box.x0 + (w->box.x1 - w->box.x0) *
			(double)i / (double)len;
		double x2 = w->box.x0 + (w->box.x1 - w->box.x0) *
			(double)j / (double)len;
		parts[0] = (struct tvk_token){.kind = TVK_TOKEN_WORD,
			.text = tvk_arena_strndup(arena, s, i), .box = w->box};
		parts[0].box.x1 = x;
		parts[1] = (struct tvk_token){.kind = TVK_TOKEN_WORD,
			.text = tvk_arena_strdup(arena, s + j), .box = w->box};
		parts[1].box.x0 = x2;
		return 2;
	}
	return 0;
}

void tvk_lex_line(struct tvk_lexer *lexer, const struct tvk_line *line,
		struct tvk_arena *arena, struct tvk_lexeme *out)
{
	memset(out, 0, sizeof(*out));
	out->line = line;
	/* A word may come apart in two (see glued_words): room for both. */
	size_t cap = 2 * line->n_words;
	out->tokens = tvk_arena_array(arena, cap ? cap : 1,
			sizeof(*out->tokens));
	/* A line that is not valid UTF-8 (a broken text layer) is kept as
	 * text: its words are not matched against anything. */
	bool utf8 = tvk_utf8_valid(line->text, strlen(line->text));
	for (size_t i = 0; i < line->n_words; i++) {
		const struct tvk_word *w = &line->words[i];
		struct tvk_token parts[2];
		size_t n = utf8 ? glued_words(w, arena, parts) : 0;
		if (n == 0) {
			parts[0] = (struct tvk_token){.kind = TVK_TOKEN_WORD,
				.text = w->text, .box = w->box};
			n = 1;
		}
		for (size_t k = 0; k < n; k++) {
			const char *t = parts[k].text;
			bool number = utf8 && has_digit(t) &&
				number_token(lexer, t);
			parts[k].kind = number ? TVK_TOKEN_NUMBER : TVK_TOKEN_WORD;
			out->tokens[out->n_tokens++] = parts[k];
		}
	}
	size_t lead = number_run(out);
	out->n_lead = lead;
	size_t n_numbers = out->n_tokens - lead;

	const char *text = line->text;
	size_t len = strlen(text);
	size_t end = 0;
	if (!utf8) {
		out->kind = TVK_LINE_TEXT;
		return;
	}
	if (tvk_lex_period(lexer, text, arena, &out->period, &end)) {
		out->kind = TVK_LINE_TITLE;
		while (text[end] == ' ')
			end++;
		out->rest = tvk_arena_strdup(arena, text + end);
		return;
	}
	if (match(lexer, P_NOISE, text, len, 0) ||
			match(lexer, P_FURNITURE, text, len, 0) ||
			match(lexer, P_DATE, text, len, 0)) {
		out->kind = TVK_LINE_NOISE;
		return;
	}
	/* Every alternative of the register pattern has one of these. */
	if (register_words(text, len) &&
			match(lexer, P_REGISTER_LINE, text, len, 0)) {
		out->kind = TVK_LINE_REGISTER;
		return;
	}
	/* Once per word: the table stage asks again and again.  A count is
	 * never a header word (it has a digit, and no header word is that
	 * close to one). */
	for (size_t i = 0; i < out->n_tokens; i++)
		if (out->tokens[i].kind == TVK_TOKEN_WORD)
			out->tokens[i].header =
				header_word(lexer, out->tokens[i].text);
	if ((lead > 0 && n_numbers >= 2) || n_numbers >= 3) {
		char *lead_text = tvk_lex_join(out->tokens, 0, lead, arena);
		if (lead > 0 && lead_is(lexer, P_TOTAL, lead_text, "totaal amr"))
			out->kind = TVK_LINE_TOTAL;
		else if (lead > 0 && lead_is(lexer, P_NATIONAL, lead_text,
				"nederland"))
			out->kind = TVK_LINE_NATIONAL;
		else
			out->kind = TVK_LINE_ROW;
		return;
	}
	if (match(lexer, P_HEADER, text, len, 0) || header_line(out)) {
		out->kind = TVK_LINE_HEADER;
		return;
	}
	out->kind = TVK_LINE_TEXT;
}
