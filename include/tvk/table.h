#ifndef TVK_TABLE_H
#define TVK_TABLE_H

/*
 * The table stage: lexed lines in, raw tables out — rows with their cells
 * as printed, assigned to the five number columns by geometry, plus the
 * lines around them (labels, wrapped names, the register sentence) that the
 * repair stage needs to decide what the table says.
 *
 * The later stages fill in the rest of the same struct: repair reads the
 * numbers and names and logs what it changed, validate sets the status and
 * the problems, the gazetteer the CBS codes.
 *
 * Ownership: everything is allocated in the arena passed to
 * tvk_table_build(); tables point at the lexemes they were built from,
 * which must live as long (they are in the same document arena).
 */

#include <stddef.h>
#include <stdint.h>

#include <tvk/arena.h>
#include <tvk/gazetteer.h>
#include <tvk/lex.h>
#include <tvk/types.h>

enum tvk_cell_state {
	TVK_CELL_EMPTY,      /* nothing printed in this column */
	TVK_CELL_PRINTED,    /* a string was printed; not read yet */
	TVK_CELL_READ,       /* read from the printed string */
	TVK_CELL_UNREADABLE, /* printed, but no reading of it is a count */
	TVK_CELL_INFERRED,   /* nothing printed; the arithmetic gave the value */
	TVK_CELL_CORRECTED,  /* the printed reading replaced by the arithmetic */
};

/** True when @state carries a value. */
static inline bool tvk_cell_known(enum tvk_cell_state state)
{
	return state == TVK_CELL_READ || state == TVK_CELL_INFERRED ||
		state == TVK_CELL_CORRECTED;
}

struct tvk_cell {
	enum tvk_cell_state state;
	const char *printed; /* NULL when EMPTY */
	struct tvk_box box;
	int64_t value;       /* when tvk_cell_known(state) */
	/* Every plausible reading of a damaged string, most likely first;
	 * the repair engine may pick another than the first only when the
	 * arithmetic pins it down. */
	const int64_t *readings;
	size_t n_readings;
};

/* A cell read again from the page image (the second look). */
struct tvk_reread {
	const char *text; /* NULL: nothing read, or what the layer says */
	struct tvk_box box;
};

/* The readings the second look makes of a cell: its token's box and
 * the column's width on the row's band, each in two views of the image
 * (in that order: the column's last). */
#define TVK_REREAD_FRAMES 4

enum tvk_row_kind {
	TVK_ROW_MUNICIPALITY,
	TVK_ROW_TOTAL,    /* "Totaal AMR" */
	TVK_ROW_NATIONAL, /* "Nederland" */
};

struct tvk_row {
	enum tvk_row_kind kind;
	int page;
	struct tvk_box box;
	const char *lead; /* all words left of the numbers, as printed */
	const struct tvk_token *lead_tokens;
	size_t n_lead_tokens;
	/* The first lead tokens that stand in the region label's column,
	 * left of where the names start. */
	size_t n_label_tokens;
	/* What stands in the number columns, x order, marks dropped: counts
	 * and damaged cells alike. */
	const struct tvk_token *numbers;
	size_t n_numbers;
	/* The municipality's name as printed, once repair has removed region
	 * label fragments and joined names wrapped over two lines. */
	const char *name;
	struct tvk_cell cells[TVK_N_FIELDS];
	/* What the second look read for each cell, per frame: further
	 * readings that the sums may choose, like the readings of a
	 * damaged string. */
	struct tvk_reread reread[TVK_N_FIELDS][TVK_REREAD_FRAMES];
	/* Set by the gazetteer stage; NULL when there is no confident match. */
	const struct tvk_municipality *municipality;
	enum tvk_match_kind match;
};

enum tvk_aside_place {
	TVK_ASIDE_BEFORE, /* above the first row (or between header lines) */
	TVK_ASIDE_INSIDE, /* between rows */
	TVK_ASIDE_AFTER,  /* after Totaal AMR, on its page */
};

/* A line without counts before, inside or after a table body: a region
 * label on a line of its own, the rest of a wrapped name, a note. */
struct tvk_aside {
	const struct tvk_lexeme *lexeme;
	/* Inside the body: the tokens left of the number columns; around
	 * it: all of the line's. */
	const struct tvk_token *tokens;
	size_t n_tokens;
	size_t n_label_tokens; /* the first of them in the label's column */
	const char *text; /* those tokens joined */
	int page;
	struct tvk_box box;
	size_t rows_before; /* municipality rows above it */
	enum tvk_aside_place place;
	bool after_total;   /* place == TVK_ASIDE_AFTER */
	bool junk;          /* something that is no count stood in the
	                       number columns */
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

/** True when @kind changes or supplies a count (makes a table "repaired"). */
TVK_API bool tvk_repair_kind_changes_count(enum tvk_repair_kind kind);

struct tvk_repair {
	enum tvk_repair_kind kind;
	const char *subject;  /* the row's printed name, "Totaal AMR", ... */
	const char *field;    /* a JSON field name, or "name", "region" */
	const char *printed;  /* NULL when nothing was printed */
	bool has_value;       /* counts: value; names: text */
	int64_t value;
	const char *text;
	const char *evidence;
};

struct tvk_problem {
	/* A warning does not make the table invalid: its counts are sound
	 * but something about it needs a reader's eye (a name without a
	 * CBS code, a municipality that 2025 places in another region). */
	bool warning;
	const char *check;   /* "row-sum", "column-sum", "register", "name", ... */
	const char *subject; /* may be NULL */
	const char *field;   /* may be NULL */
	const char *message;
};

enum tvk_status {
	TVK_STATUS_VALID,    /* every check holds on the numbers as printed */
	TVK_STATUS_REPAIRED, /* a count was inferred or corrected; checks hold */
	TVK_STATUS_INVALID,  /* a check fails, or a repair was ambiguous */
};

/** "valid", "repaired", "invalid". */
TVK_API const char *tvk_status_name(enum tvk_status status);

enum tvk_table_kind {
	TVK_TABLE_REGION,
	TVK_TABLE_NATIONAL, /* only the "Nederland" row */
};

struct tvk_register {
	bool present;
	const char *printed_persons;
	const char *printed_pct;
	bool persons_known, pct_known;
	int64_t persons;
	int pct;
};

struct tvk_table {
	enum tvk_table_kind kind;
	struct tvk_period period;
	int first_page, last_page;

	/* The region: what the document prints, then what repair concluded. */
	const char *title_region; /* after the period in the title */
	const char *title_next;   /* the line below the title, if short */
	const char *register_region;
	int region;               /* 1..35; 0 when unknown */
	const char *region_printed;

	struct tvk_row *rows; /* municipality rows, top to bottom */
	size_t n_rows;
	struct tvk_row total; /* Totaal AMR (or Nederland) */
	bool has_total;
	struct tvk_aside *asides;
	size_t n_asides;
	bool has_header; /* anchored by its column header */
	/* The number columns: right edges, and left edges of their widest
	 * count or title; all 0 when the geometry is unknown. */
	double column_right[TVK_N_FIELDS];
	double column_left[TVK_N_FIELDS];

	struct tvk_register_text register_text;
	struct tvk_register target_group;

	struct tvk_repair *repairs;
	size_t n_repairs, cap_repairs;
	struct tvk_problem *problems;
	size_t n_problems, cap_problems;
	enum tvk_status status;
};

/**
 * Builds the tables of a document from its lexed lines (in page and
 * reading order); @pages (@n_pages of them, may be NULL) give the page
 * sizes that tell margins from bodies.  @lexer is used for the register
 * sentence.  Sets *@tables and returns their number: none when no line is
 * a table's header or total.
 */
TVK_API size_t tvk_table_build(const struct tvk_lexeme *lexemes, size_t n,
		const struct tvk_page *pages, int n_pages,
		struct tvk_lexer *lexer, struct tvk_arena *arena,
		struct tvk_table **tables);

/** Appends a repair to @table's log; strings are copied into @arena. */
TVK_API void tvk_table_add_repair(struct tvk_table *table,
		struct tvk_arena *arena, const struct tvk_repair *repair);

/**
 * Appends a problem that makes the table invalid; the message is
 * formatted into @arena.
 */
TVK_API void tvk_table_add_problem(struct tvk_table *table,
		struct tvk_arena *arena, const char *check, const char *subject,
		const char *field, const char *fmt, ...) TVK_PRINTF(6, 7);

/** Appends a warning: a problem that leaves the status as it is. */
TVK_API void tvk_table_add_warning(struct tvk_table *table,
		struct tvk_arena *arena, const char *check, const char *subject,
		const char *field, const char *fmt, ...) TVK_PRINTF(6, 7);

/** True when @table has a problem that is not a warning. */
TVK_API bool tvk_table_has_errors(const struct tvk_table *table);

/**
 * Forgets what repair and validate concluded about @table (region, names,
 * codes, cell values, register, repairs, problems, status), keeping what
 * the table stage read, so that both can run again — after the OCR stage
 * has read some cells again, say.
 */
TVK_API void tvk_table_reset(struct tvk_table *table);

/** The subject under which a row is reported: its name or "Totaal AMR". */
TVK_API const char *tvk_row_subject(const struct tvk_row *row);

#endif
