#ifndef TVK_LEX_H
#define TVK_LEX_H

/*
 * The lex stage (pcre2): one line in, its tokens and its kind out.  Every
 * string stays as printed; reading numbers is the repair stage's job.
 *
 * Ownership: struct tvk_lexer (<tvk/read.h>) is created and destroyed by
 * the caller, one per thread (it holds pcre2 match data).  The compiled patterns are shared
 * by all lexers and live until exit.  Tokens and strings are allocated in
 * the caller's arena.
 */

#include <stddef.h>

#include <tvk/read.h>
#include <tvk/types.h>

#include "base/arena.h"

enum tvk_token_kind {
	TVK_TOKEN_WORD,
	TVK_TOKEN_NUMBER, /* digits, possibly with separators or OCR look-alikes */
};

/* The words of the table's column header, for the table stage. */
enum tvk_header_word {
	TVK_HW_NONE,
	TVK_HW_REGION,       /* "Arbeidsmarktregio" */
	TVK_HW_MUNICIPALITY, /* "Gemeente" */
	TVK_HW_GROUP,        /* "Gemeentecliënten", "UWV-klanten", ... */
	TVK_HW_PROFILE,      /* "Profiel" */
	TVK_HW_NO,           /* "Geen" */
	TVK_HW_IN,           /* "in" */
	TVK_HW_SONAR,        /* "Sonar" */
	TVK_HW_TOTAL,        /* "Totaal", "Totaalin" */
};

struct tvk_token {
	enum tvk_token_kind kind;
	const char *text;
	struct tvk_box box;
	/* The header word the token reads as (tvk_lex_header_word), for
	 * lines that can be part of a table; TVK_HW_NONE on titles, noise,
	 * the register sentence and lines that are not UTF-8. */
	enum tvk_header_word header;
};

enum tvk_line_kind {
	TVK_LINE_TEXT,     /* prose, intro, anything not recognised */
	TVK_LINE_NOISE,    /* footers, URLs, "Volg ons", page numbers */
	TVK_LINE_TITLE,    /* names a period ("tweede kwartaal 2025 Friesland") */
	TVK_LINE_HEADER,   /* table header words, no numbers */
	TVK_LINE_ROW,      /* a name (possibly with a region label) and numbers */
	TVK_LINE_TOTAL,    /* "Totaal AMR" and numbers */
	TVK_LINE_NATIONAL, /* "Nederland" and numbers */
	TVK_LINE_REGISTER, /* (part of) the target-group register sentence */
};

/** A stable lower-case name for @kind ("text", "row", ...). */
const char *tvk_line_kind_name(enum tvk_line_kind kind);

struct tvk_lexeme {
	enum tvk_line_kind kind;
	const struct tvk_line *line;
	/* The words of the line in order, less stray marks between the
	 * trailing counts ("12 „ 34" gives 12 and 34). */
	struct tvk_token *tokens;
	size_t n_tokens;
	size_t n_lead;            /* tokens before the trailing run of numbers */
	struct tvk_period period; /* TITLE: the period it names */
	const char *rest;         /* TITLE: what follows the period (a region) */
};

/** Tokens [@from, @to) of @t, their texts joined by single spaces, in
 * @arena. */
char *tvk_lex_join(const struct tvk_token *t, size_t from, size_t to,
		struct tvk_arena *arena);

/** Classifies @line into @out; tokens are allocated in @arena. */
void tvk_lex_line(struct tvk_lexer *lexer, const struct tvk_line *line,
		struct tvk_arena *arena, struct tvk_lexeme *out);

/**
 * Finds a period in @text ("tweede kwartaal 2025", "Q2 2025",
 * "2e kwartaal 2025", OCR-damaged forms such as "tweede kwartaa1 2025").
 * On success fills @out (printed points into @arena) and, when @end is not
 * NULL, the byte offset just past the match; returns true.
 */
bool tvk_lex_period(struct tvk_lexer *lexer, const char *text,
		struct tvk_arena *arena, struct tvk_period *out, size_t *end);

/**
 * Which header word @word is, folded and within a few OCR edits
 * ("proflel", "Sonar.", "in:Sonar"); TVK_HW_NONE when it is none.
 */
enum tvk_header_word tvk_lex_header_word(const char *word);

/* The target-group register sentence, as printed. */
struct tvk_register_text {
	const char *persons; /* "9.651"; NULL when not found */
	const char *pct;     /* "76"; NULL when not found */
	const char *region;  /* "Zaanstreek/Waterland"; NULL when not found */
	/* The sentence is there, but its count of people cannot be found
	 * in it (OCR damage): a printed value that must not go missing. */
	bool unreadable;
};

/**
 * Finds the register sentence ("… bevat het doelgroepregister banenafspraak
 * in totaal 9.651 personen. Hiervan is 76% bekend binnen Sonar.") in @text,
 * which may join several lines.  Returns true when the persons were found.
 */
bool tvk_lex_register(struct tvk_lexer *lexer, const char *text,
		struct tvk_arena *arena, struct tvk_register_text *out);

/**
 * Splits a region label "7 Zaanstreek-Waterland" into its code and the
 * rest.  Returns the code (1..99), or 0 when @text is no label.
 */
int tvk_lex_label(struct tvk_lexer *lexer, const char *text,
		const char **rest);

/* The pattern table, for tests: every example must match its pattern. */
struct tvk_pattern_info {
	const char *name;
	const char *example;
};

/** The number of patterns; fills *@info with the static table. */
size_t tvk_lex_patterns(const struct tvk_pattern_info **info);

/** True when pattern @name matches @text (for tests). */
bool tvk_lex_pattern_matches(struct tvk_lexer *lexer,
		const char *name, const char *text);

#endif
