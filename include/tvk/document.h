#ifndef TVK_DOCUMENT_H
#define TVK_DOCUMENT_H

/*
 * The document: what tvk says about one table, as a plain C value that
 * mirrors the JSON contract field for field — the period, the region, a
 * row per municipality with its codes and five counts, the region total,
 * the register, the verdict with its problems, the repairs, where it came
 * from — and, for the national compendium, the Nederland row against the
 * sum of the regions.  Every row, and every repair and problem that is
 * about a place on the page, says where: page and box.
 *
 * The pipeline's tables are built into documents once
 * (tvk_document_build(), the only reader of struct tvk_table outside the
 * pipeline's stages); from there on the batch, the merge, the cache and
 * the JSON writer work on documents.  A document does not point into the
 * struct tvk_input it came from, so it can be sent over a pipe, cached and
 * kept after the PDF is closed.
 *
 * Ownership: a struct tvk_document owns everything it points to: every
 * string and array is malloc'd for it alone (a caller may replace a string
 * by freeing it and putting a malloc'd one in its place).
 * tvk_document_destroy() frees it all.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tvk/input.h>
#include <tvk/types.h>

/* A count: known, or not read (null in JSON). */
struct tvk_document_count {
	bool known;
	int64_t value;
};

/* Where on the page something was printed: page 0 when not known; a box
 * (PDF points, top-left origin, of the page as displayed) only with
 * has_box. */
struct tvk_document_place {
	int page;
	bool has_box;
	struct tvk_box box;
};

/* A municipality of today: where a split one's territory went. */
struct tvk_document_successor {
	char *code, *name;
};

struct tvk_document_row {
	char *code;          /* CBS code at the reference date; NULL when the
	                        gazetteer has no confident match */
	char *name;          /* CBS name at the reference date, or NULL */
	char *printed_name;  /* as printed (after repair), or NULL */
	/* The municipality this one is part of today (itself when
	 * unchanged, after mergers the one it merged into); NULL without a
	 * code, and for a municipality split between several (Haaren,
	 * 2021), whose today's successors are listed instead. */
	char *current_code;
	char *current_name;
	struct tvk_document_successor *successors;
	size_t n_successors;
	struct tvk_document_count counts[TVK_N_FIELDS];
	struct tvk_document_place place;
};

struct tvk_document_problem {
	bool warning;  /* leaves the status alone */
	char *check;   /* "row-sum", "conflict", ... */
	char *subject; /* may be NULL */
	char *field;   /* may be NULL */
	char *message;
	struct tvk_document_place place;
};

struct tvk_document_repair {
	enum tvk_repair_kind kind;
	char *subject, *field;
	char *printed;  /* NULL when nothing was printed */
	bool has_value; /* a count in value; otherwise text (a name) */
	int64_t value;
	char *text;
	char *evidence;
	struct tvk_document_place place;
};

/* An input a document was read from. */
struct tvk_document_source {
	char *file;   /* the path as given */
	char *sha256; /* hex; NULL when the bytes were not hashed */
	int *pages;   /* 1-based, of the table */
	size_t n_pages;
	enum tvk_text_layer layer;
};

struct tvk_document_register {
	bool present;  /* the document states the register at all */
	bool persons_known, pct_known;
	int64_t persons;
	int pct;
};

struct tvk_document {
	enum tvk_table_kind kind;
	int year, quarter;    /* 0 when not read */
	char *period_printed; /* the title as printed, or NULL */
	int region;           /* 1..35; 0 when unknown (always 0 for national) */
	char *region_name;    /* the reference list's name, or NULL */
	char *region_printed; /* the label as printed, or NULL */
	int first_page, last_page;

	struct tvk_document_row *rows; /* municipalities, in print order */
	size_t n_rows;
	struct tvk_document_row total; /* Totaal AMR, or the Nederland row */
	struct tvk_document_register target_group;

	/* TVK_TABLE_NATIONAL only: the regions of the same input beside the
	 * Nederland row (the residual is reported, never "fixed"). */
	int64_t regions_sum[TVK_N_FIELDS];
	int64_t unattributed[TVK_N_FIELDS];
	size_t n_regions;

	enum tvk_status status;
	struct tvk_document_problem *problems;
	size_t n_problems;
	struct tvk_document_repair *repairs;
	size_t n_repairs;

	struct tvk_document_source source;
	struct tvk_document_source *also_in; /* identical values elsewhere */
	size_t n_also_in;
};

/**
 * The documents of the converted @in, one per table in table order, each
 * with @in's path and hash as its source.  Sets *@out to a malloc'd
 * array of @in->n_tables documents (free each, then the array) and
 * returns their number.
 */
TVK_API size_t tvk_document_build(const struct tvk_input *in,
		struct tvk_document ***out);

/** Frees @doc and everything it owns. Accepts NULL. */
TVK_API void tvk_document_destroy(struct tvk_document *doc);

#endif
