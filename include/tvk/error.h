#ifndef TVK_ERROR_H
#define TVK_ERROR_H

/*
 * Errors: a caller-provided struct tvk_error that the first failure fills.
 * Later failures never overwrite it, so the message a user sees names the
 * cause, not a consequence.  Problems in the data (a failing sum) are not
 * errors: they are values in a table's validation.
 */

#include <stdbool.h>
#include <stdio.h>

#include <tvk/api.h>

enum tvk_error_code {
	TVK_OK = 0,
	TVK_ERR_IO,        /* the file could not be read or written */
	TVK_ERR_NOT_PDF,   /* the bytes are not a PDF */
	TVK_ERR_PDF,       /* a PDF that poppler cannot open (damaged) */
	TVK_ERR_ENCRYPTED, /* a PDF that needs a password */
	TVK_ERR_NO_TABLE,  /* a readable PDF without a table of the publication */
	TVK_ERR_OCR,       /* a page needs OCR that this build or run cannot do */
	TVK_ERR_LIMIT,     /* input beyond what tvk accepts (size, pages) */
	TVK_ERR_USAGE,     /* the caller asked for something impossible */
};

struct tvk_error {
	enum tvk_error_code code;
	int page;          /* 1-based; 0 when the error is not about one page */
	char file[1024];
	char message[512];
};

/** Clears @err so that the next tvk_error_set() is recorded. */
TVK_API void tvk_error_clear(struct tvk_error *err);

/**
 * Records an error unless @err already holds one (the first error wins).
 * @err may be NULL.  @file may be NULL.  Always returns -1, so that a
 * failing function can `return tvk_error_set(...)`.
 */
TVK_API int tvk_error_set(struct tvk_error *err, enum tvk_error_code code,
		const char *file, int page, const char *fmt, ...)
		TVK_PRINTF(5, 6);

/** True when @err holds an error. */
TVK_API bool tvk_error_is_set(const struct tvk_error *err);

/**
 * Prints one error line to @f: "tvk: FILE[:PAGE]: message", with control
 * characters in @file and @message escaped (\n, \t, \xHH), so that a file
 * named with a newline still gives one line.  @file may be NULL or empty
 * (then "tvk: message"); @page 0 prints no page.
 */
TVK_API void tvk_error_print(FILE *f, const char *file, int page,
		const char *message);

/**
 * The same line as tvk_error_print() would print, as a malloc'd string
 * (ending in a newline), for a caller that writes it at once.
 */
TVK_API char *tvk_error_line(const char *file, int page, const char *message);

/**
 * @s (NULL as "") as tvk prints a name or a text of a PDF on a terminal:
 * control characters escaped as in tvk_error_print(), so that no byte of
 * a file name or a PDF moves the cursor, clears the screen or splits a
 * line.  Malloc'd; the caller frees it.
 */
TVK_API char *tvk_escape(const char *s);

/** The stable lower-case name of @code ("not-pdf", "encrypted", ...). */
TVK_API const char *tvk_error_code_name(enum tvk_error_code code);

#endif
