#ifndef TVK_INPUT_H
#define TVK_INPUT_H

/*
 * One input (a PDF) and everything tvk makes of it: its bytes and hash,
 * its pages, lines, lexemes and tables.  tvk_input_convert() runs the
 * whole pipeline: pdf (and ocr) → layout → lex → table → repair →
 * validate, and the second look at scanned tables that do not add up,
 * after which repair and validate run again.  src/pipeline/convert.c owns
 * that loop; the stages only hand values on.  What the tables say goes
 * out as documents (document.h), one per table.
 *
 * The stages' own values (the raw tables, readings and verdicts, the
 * lexemes) are the library's: a caller sees the pages and lines, the
 * problems, and the documents made of the tables (document.h).
 *
 * Ownership: a struct tvk_input owns an arena that holds all of it; one
 * tvk_input_destroy() frees a run.
 */

#include <stddef.h>
#include <stdint.h>

#include <tvk/error.h>
#include <tvk/read.h>
#include <tvk/types.h>

enum tvk_ocr_mode {
	TVK_OCR_AUTO,   /* OCR the pages that have no text layer */
	TVK_OCR_NEVER,  /* skip pages without text, listing them as problems */
	TVK_OCR_ALWAYS, /* OCR every page */
};

struct tvk_options {
	enum tvk_ocr_mode ocr;
	/* Do not read the cells of a scanned table that does not add up
	 * again from the page image (the second look; see
	 * src/pipeline/second-look.c). */
	bool no_second_look;
	/* Read every line of a page tvk reads from its picture, its running
	 * text too (tvk text); otherwise prose above a table, or below a
	 * page's titles on a page without one, is left unread
	 * (src/read/image.h). */
	bool whole_pages;
};

/* A problem with the input rather than with one table. */
struct tvk_input_problem {
	int page; /* 0 when not about one page */
	const char *message;
};

struct tvk_input {
	struct tvk_arena *arena;
	const char *path;
	char sha256[65];
	const unsigned char *data; /* the file's bytes (owned) */
	size_t size;

	int n_pages;
	struct tvk_page *pages;
	struct tvk_line **lines; /* per page */
	size_t *n_lines;
	/* What the stages made of the pages (pipeline/convert.h). */
	struct tvk_lexeme *lexemes; /* all pages, in order */
	size_t n_lexemes;
	struct tvk_input_table *tables;
	size_t n_tables;

	struct tvk_input_problem *problems;
	size_t n_problems;

	/* The open PDF while the pipeline runs (the OCR stage renders from
	 * it); NULL for inputs made of pages from elsewhere. */
	struct tvk_pdf *pdf;
	/* Per page (NULL until one is made): the picture of a page read
	 * from its image, upright and straight, in the points its words are
	 * in; what the second look reads cells from.  Freed with the PDF. */
	struct tvk_page_image *images;
};

/**
 * Reads the file at @path and hashes it (no PDF parsing yet).  Returns
 * NULL with @err filled when the file cannot be read or is empty.
 */
TVK_API struct tvk_input *tvk_input_open(const char *path,
		struct tvk_error *err);

/**
 * Like tvk_input_open() for bytes already in memory (copied; @name names
 * them in errors and in the documents' source).  Never NULL.
 */
TVK_API struct tvk_input *tvk_input_from_bytes(const char *name,
		const void *data, size_t size);

/**
 * Runs the pipeline over @in.  Returns 0, or -1 with @err filled when the
 * input cannot be read as a PDF or holds no table of the publication.
 * Problems in the tables are not errors: see each table's status.
 */
TVK_API int tvk_input_convert(struct tvk_input *in,
		const struct tvk_options *opt, struct tvk_lexer *lexer,
		struct tvk_error *err);

/** Only the pdf and layout stages, for `tvk text`. */
TVK_API int tvk_input_lines(struct tvk_input *in,
		const struct tvk_options *opt, struct tvk_error *err);

/**
 * The kind lex gives @line (a line of @in), by its stable lower-case
 * name ("row", "title", ...); what it makes of the line goes into @in's
 * arena.
 */
TVK_API const char *tvk_input_line_kind(struct tvk_input *in,
		struct tvk_lexer *lexer, const struct tvk_line *line);

/** Frees @in and everything made from it. Accepts NULL. */
TVK_API void tvk_input_destroy(struct tvk_input *in);

#endif
