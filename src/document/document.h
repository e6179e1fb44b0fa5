#ifndef TVK_DOCUMENT_INTERNAL_H
#define TVK_DOCUMENT_INTERNAL_H

/*
 * What the library does with documents (<tvk/document.h>) besides
 * building them: make them from nothing (decoders), compare, add
 * problems and sources (the merge), and the figures and places the
 * batch and the review ask of them.
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/document.h>

/** A zeroed document, for decoders and tests. Never NULL. */
struct tvk_document *tvk_document_create(void);

/**
 * True when @a and @b hold the values two inputs must agree on to be one
 * document: kind, period, region, every row's code (its printed name
 * where it has none) and counts, the total, the register, and for the
 * national row the regions' sum.  Status, problems, repairs and sources
 * may differ.
 */
bool tvk_document_same_values(const struct tvk_document *a,
		const struct tvk_document *b);

/**
 * Appends a problem to @doc (strings copied; @subject and @field may be
 * NULL; no place).  An error makes the document invalid; a warning
 * leaves its status alone.
 */
void tvk_document_add_problem(struct tvk_document *doc, bool warning,
		const char *check, const char *subject, const char *field,
		const char *message);

/** Appends a copy of @source to @doc's also_in. */
void tvk_document_add_also_in(struct tvk_document *doc,
		const struct tvk_document_source *source);

/** Copies @from into @to (which it overwrites without freeing). */
void tvk_document_source_copy(struct tvk_document_source *to,
		const struct tvk_document_source *from);

/** The region's name, "Nederland", or "(region unknown)": how a document
 * is named in messages. */
const char *tvk_document_summary(const struct tvk_document *doc);

/** The number of problems of @doc that are errors (not warnings). */
size_t tvk_document_errors(const struct tvk_document *doc);

/**
 * The extent of @doc's table on page @page: the box around the boxes of
 * its rows (the total's too) printed there, into *@out.  False when no
 * row with a box is on that page.
 */
bool tvk_document_extent(const struct tvk_document *doc, int page,
		struct tvk_box *out);

/** The number of repairs of @doc that change or supply a count. */
size_t tvk_document_count_repairs(const struct tvk_document *doc);

#endif
