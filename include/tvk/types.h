#ifndef TVK_TYPES_H
#define TVK_TYPES_H

/*
 * The plain structs the stages hand to each other and a caller sees of
 * an input (its pages and lines), and the kinds a document carries: a
 * table's, a repair's, a status.
 *
 * Ownership: every pointer in these structs points into the arena of the
 * input the object belongs to (see input.h).  Nothing here is freed on its
 * own; destroying the input frees it all.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tvk/api.h>

/* The five counts of a row, in the order the publication prints them. */
enum tvk_field {
	TVK_MUNICIPAL_WITH_PROFILE,
	TVK_MUNICIPAL_WITHOUT_PROFILE,
	TVK_UWV_WITH_PROFILE,
	TVK_UWV_WITHOUT_PROFILE,
	TVK_TOTAL,
	TVK_N_FIELDS,
};

/* The four parts that add up to TVK_TOTAL. */
#define TVK_N_PARTS 4

/** The JSON name of @field ("municipal_with_profile", ..., "total"). */
TVK_API const char *tvk_field_name(enum tvk_field field);

/* A rectangle in PDF points, origin at the top left of the page, y down. */
struct tvk_box {
	double x0, y0, x1, y1;
};

enum tvk_text_layer {
	TVK_LAYER_NONE, /* the page has no text: an image-only scan */
	TVK_LAYER_PDF,  /* the page's own text layer */
	TVK_LAYER_OCR,  /* words recognised by tvk's OCR stage */
};

/** "none", "pdf" or "ocr". */
TVK_API const char *tvk_text_layer_name(enum tvk_text_layer layer);

/* A run of non-space glyphs with the box around them. */
struct tvk_word {
	const char *text; /* UTF-8 */
	struct tvk_box box;
};

/* An affine map of points: (x, y) to (xx x + xy y + x0, yx x + yy y + y0). */
struct tvk_frame {
	double xx, xy, x0;
	double yx, yy, y0;
};

/* The words of one page, in the order the PDF (or OCR) produced them. */
struct tvk_page {
	int number; /* 1-based */
	/* Quarter turns clockwise of the page's text on the page as
	 * displayed: 0 upright, 1 running down the page, 2 upside down, 3
	 * running up the page (a landscape page printed sideways onto
	 * portrait paper).  Words, width and height are those of the page
	 * turned so that its text reads upright; tvk_pdf_box_as_displayed()
	 * (read.h) gives a box back on the page as displayed. */
	int turn;
	double width, height;
	enum tvk_text_layer layer;
	struct tvk_word *words;
	size_t n_words;
	/* NULL when the words' boxes are in the page's points as displayed;
	 * otherwise they are in the points of the page's picture set upright
	 * and straight (image.h), and this maps those onto the page's, which
	 * is where documents report them. */
	const struct tvk_frame *frame;
};

/* Words sharing a baseline, in x order, rebuilt from geometry. */
struct tvk_line {
	int page;
	struct tvk_box box;
	const struct tvk_word *words;
	size_t n_words;
	const char *text; /* the words joined by single spaces */
};

/* A quarter: 2025 Q2 is {2025, 2, "tweede kwartaal 2025"}. */
struct tvk_period {
	int year;    /* 0 when unknown */
	int quarter; /* 1..4; 0 when unknown */
	const char *printed;
	bool damaged; /* read through OCR damage ("tweede kwartaa1 2025") */
};

enum tvk_table_kind {
	TVK_TABLE_REGION,
	TVK_TABLE_NATIONAL, /* only the "Nederland" row */
};

enum tvk_repair_kind {
	TVK_REPAIR_NUMBER_FORMAT,  /* a reading of a non-standard number form */
	TVK_REPAIR_MISSING_CELL,   /* an empty cell inferred */
	TVK_REPAIR_WRONG_CELL,     /* a printed count replaced */
	TVK_REPAIR_MISREAD,        /* another reading of a damaged string */
	TVK_REPAIR_SPLIT_CELL,     /* two tokens read as one cell */
	TVK_REPAIR_GLUED_CELL,     /* one token read as two cells */
	TVK_REPAIR_NAME,           /* a name read through OCR damage */
	TVK_REPAIR_NAME_JOIN,      /* a name wrapped over two lines joined */
	TVK_REPAIR_LABEL_FRAGMENT, /* a region label fragment removed */
	TVK_REPAIR_REGION,         /* the region read through damage */
	TVK_REPAIR_PERIOD,         /* the period read through damage */
};

/** "number-format", "missing-cell", ... */
TVK_API const char *tvk_repair_kind_name(enum tvk_repair_kind kind);

enum tvk_status {
	TVK_STATUS_VALID,    /* every check holds on the numbers as printed */
	TVK_STATUS_REPAIRED, /* a count was inferred or corrected; checks hold */
	TVK_STATUS_INVALID,  /* a check fails, or a repair was ambiguous */
};

/** "valid", "repaired", "invalid". */
TVK_API const char *tvk_status_name(enum tvk_status status);

#endif
