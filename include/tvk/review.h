#ifndef TVK_REVIEW_H
#define TVK_REVIEW_H

/*
 * The review page: one self-contained HTML file that shows every repaired
 * and failing number beside the print it came from.  Per table worth a
 * look (repaired or invalid; every table on request), worst first: a crop
 * of the table rendered from its PDF page (grey, about 150 dpi, embedded
 * as a PNG data: URI) with each repaired cell outlined in the colour of
 * its kind and each failing row and column marked, and beside it the list
 * of repairs and problems, each linked to its mark.  A summary on top
 * counts files, tables by status, repairs by kind and problems by check,
 * with links down the page.  No network, no script, byte-identical for
 * the same documents and PDFs.
 *
 * The page is made from documents (document.h): those a batch has just
 * built (tvk review INPUT...), or those tvk convert wrote into a folder,
 * read back with tvk_review_read() (tvk review DIR, tvk convert
 * --review).  The PDFs are found through each document's source.file and
 * must still have the sha256 recorded there; a table whose PDF is missing
 * or changed is shown without a crop, and said so.
 *
 * Ownership: a struct tvk_review_set owns its documents and inputs, freed
 * by tvk_review_set_finish(); tvk_review_page() borrows what it is given
 * and returns a malloc'd string the caller frees.
 */

#include <stdbool.h>
#include <stddef.h>

#include <tvk/document.h>
#include <tvk/error.h>

/* An input of the conversion the page reviews, for its summary. */
struct tvk_review_input {
	char *file;
	char *error; /* why it failed; NULL when converted */
};

/* What tvk_review_read() found in a folder. */
struct tvk_review_set {
	struct tvk_document **docs;
	size_t n_docs;
	struct tvk_review_input *inputs;
	size_t n_inputs;
	size_t n_damaged; /* JSON files that could not be read as documents */
};

struct tvk_review_options {
	bool all; /* every table, not only the repaired and invalid ones */
	/* Told, one call each, what a reader of the page must hear of too (a
	 * PDF that is missing or changed, a file left out): "@file: @message"
	 * (@file may be NULL).  May be NULL. */
	void (*note)(void *data, const char *file, const char *message);
	void *note_data;
};

/* What went into a page. */
struct tvk_review_stats {
	size_t tables;       /* documents given */
	size_t shown;        /* tables shown in detail */
	size_t without_crop; /* of those, shown without a crop */
	size_t marks;        /* marks drawn on the crops */
	size_t missing_pdfs; /* PDFs missing, unreadable or changed */
};

/**
 * Reads the documents tvk convert wrote under @dir (every *.json file,
 * folders walked recursively, index.json and data packages passed over)
 * and index.json's inputs into @set (zeroed first).  A file that is not a
 * tvk document is left out with a note through @opt (damaged JSON is
 * counted in n_damaged).  Returns 0, or -1 with @err filled when @dir
 * cannot be read.
 */
TVK_API int tvk_review_read(const char *dir,
		const struct tvk_review_options *opt, struct tvk_review_set *set,
		struct tvk_error *err);

/** Frees what @set holds. Accepts a zeroed set. */
TVK_API void tvk_review_set_finish(struct tvk_review_set *set);

/**
 * The review page of the @n_docs documents @docs, from a conversion of
 * the @n_inputs inputs @inputs (may be 0: then the documents' sources are
 * counted), as a malloc'd NUL-terminated string; its length in *@size.
 * Fills *@stats when not NULL.  Never NULL.
 */
TVK_API char *tvk_review_page(const struct tvk_document *const *docs,
		size_t n_docs, const struct tvk_review_input *inputs,
		size_t n_inputs, const struct tvk_review_options *opt,
		size_t *size, struct tvk_review_stats *stats);

/**
 * Writes the @size bytes of @page to @path through a temporary file
 * renamed into place (never half a page).  Returns 0, or -1 with @err
 * filled.
 */
TVK_API int tvk_review_save(const char *path, const char *page, size_t size,
		struct tvk_error *err);

#endif
