#ifndef TVK_DATASET_INTERNAL_H
#define TVK_DATASET_INTERNAL_H

/*
 * The parts of tvk dataset (<tvk/dataset.h>), a file each: the columns
 * (columns.c), the documents of the folder read (folder.c), their rows
 * (rows.c), the harmonised series (series.c), the table as CSV and NDJSON
 * (write.c), its data package (package.c), the Excel workbook (xlsx.c),
 * the tidy package (tidy.c), the database (sqlite.c), whether a file to
 * write over is tvk's (own.c), and dataset.c, which runs them.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tvk/dataset.h>

#include "base/buffer.h"
#include "base/dir.h"
#include "document/document.h"

/* ---- what a row is ----------------------------------------------------- */

enum row_kind { ROW_MUNICIPALITY, ROW_REGION_TOTAL, ROW_NATIONAL };

/* One document read, with what every row of it shares. */
struct doc {
	struct tvk_document *d;
	char *name;        /* its path relative to the folder read */
	char *source_file; /* relative to the dataset */
	bool national, conflict;
	int year, quarter, region; /* 0 when unknown */
};

/* The values of a long row: the five counts, then the register's
 * (columns.c). */
extern const char *const tvk_dataset_value_fields[];

#define N_COUNT_FIELDS 5

/* What a row of the harmonised series adds up. */
struct series_sum {
	size_t predecessors; /* the municipalities of the quarter */
	char *codes;         /* their codes, separated by spaces */
	bool complete;
};

/* One row of the table: a row of a document, and in the long shape one
 * of its values. */
struct row {
	const struct doc *doc;
	/* the municipality, region_total or national total */
	const struct tvk_document_row *cells;
	enum row_kind kind;
	int position;   /* in its table, from 1 */
	int field;      /* long shape: index into tvk_dataset_value_fields */
	/* long shape: the repair of this value, or NULL, and the first
	 * one, for what was printed */
	const struct tvk_document_repair *repair, *first_repair;
	const struct series_sum *sum; /* harmonised */
	const struct tvk_document_problem *problem; /* a problem's row */
};

/* ---- the columns ------------------------------------------------------- */

enum col_type { COL_INTEGER, COL_STRING, COL_DATE, COL_BOOLEAN };

/* A value of a cell: nothing (an empty field, null), a count, a string
 * or a truth. */
struct value {
	enum { V_NULL, V_INT, V_STR, V_BOOL } type;
	int64_t i;
	const char *s;
	bool b;
	char buf[24]; /* for a string made for the cell */
};

/* Which shapes have the column. */
#define WIDE 1
#define LONG 2
#define HARM 4 /* TVK_DATASET_HARMONIZED */
/* The resources of the tidy package and the tables of the database
 * (tidy.c): a kind of row each. */
#define MUNI 8   /* municipalities */
#define RTOT 16  /* region_totals */
#define NAT 32   /* national */
#define REPS 64  /* repairs */
#define PROBS 128 /* problems */
#define DOCS 256 /* documents */
#define PERIOD (MUNI | RTOT | NAT | DOCS)
#define REGION (MUNI | RTOT | DOCS)

struct column {
	const char *name;
	enum col_type type;
	int shapes;
	void (*get)(const struct column *c, const struct row *r,
		struct value *v);
	int index; /* what get reads: a count's enum tvk_field */
	bool required;
	bool has_min, has_max;
	long long min, max;
	const char *pattern;
	const char *const *values; /* an enum, NULL-terminated */
	const char *description;
};

/* Every column, in order (columns.c); N_COLUMNS of them. */
#define N_COLUMNS 47
extern const struct column *const tvk_dataset_columns;

/* Fills the names of the repair kinds, a column's enum; call once before
 * the columns are used. */
void tvk_dataset_columns_init(void);

/* The columns of @shape, in order, into @out; returns how many. */
size_t tvk_dataset_shape_columns(enum tvk_dataset_shape shape,
		const struct column **out);

/* The value of column @c in row @r into *@v. */
void tvk_dataset_cell(const struct column *c, const struct row *r,
		struct value *v);

/* The Table Schema name of a column's type ("integer", "string", ...). */
const char *tvk_dataset_type_name(enum col_type type);

/* ---- the documents of the folder (folder.c) ---------------------------- */

struct reading {
	struct doc *docs;
	size_t n, cap;
	const char *root; /* the folder read, without trailing slashes */
	const char *cwd;
	const char *base; /* the dataset's folder, absolute */
	struct tvk_dataset_report *report;
	size_t notes_cap;
	/* Folders and files reached so far (by device and inode): a link
	 * back up the tree ends there, a file reached twice counts once. */
	struct tvk_seen seen;
	struct tvk_error *err;
};

/* A file of the walk (tvk_walk_fn, @data a struct reading): the JSON
 * files are read; a folder or file that cannot be reached is the
 * dataset's error (its rows would be lost). */
int tvk_dataset_take_file(void *data, const char *path, const struct stat *st);

/* qsort's order of the documents read: period, then regions by number
 * before the national row, then the document (a conflicting version
 * after the first). */
int tvk_dataset_by_key(const void *a, const void *b);

/* ---- the rows (rows.c) ------------------------------------------------- */

struct rows {
	struct row *items;
	size_t n, cap;
};

/* A new zeroed row at the end of @rows. */
struct row *tvk_dataset_add_row(struct rows *rows);

/* The rows of @d in @shape (wide or long) appended to @rows. */
void tvk_dataset_doc_rows(struct rows *rows, const struct doc *d,
		enum tvk_dataset_shape shape);

/* The rows of @d of one kind (MUNI, RTOT, NAT, REPS, PROBS or DOCS: a
 * resource of the tidy package) appended to @rows. */
void tvk_dataset_kind_rows(struct rows *rows, const struct doc *d, int kind);

/* ---- the harmonised series (series.c) ---------------------------------- */

/*
 * The harmonised series of the documents read: each municipality row
 * added into today's municipality it is part of, per quarter.  The rows
 * point into their own docs and sums (*@docs and *@sums, *@n_docs of
 * each): free them with tvk_dataset_series_free().
 */
void tvk_dataset_series(const struct reading *rd, struct rows *rows,
		struct doc **docs, struct series_sum **sums, size_t *n_docs,
		struct tvk_dataset_report *rep);

void tvk_dataset_series_free(struct doc *docs, struct series_sum *sums,
		size_t n_docs);

/* ---- the table written (write.c, package.c, xlsx.c) -------------------- */

/* The table as CSV (RFC 4180; with @excel a byte-order mark and ';'). */
void tvk_dataset_csv(struct tvk_buf *t, const struct rows *rows,
		const struct column *const *cols, size_t n_cols, bool excel);

/* The table as NDJSON: an object per row. */
void tvk_dataset_ndjson(struct tvk_buf *t, const struct rows *rows,
		const struct column *const *cols, size_t n_cols);

/* The Frictionless Data Package that describes the CSV at @csv_name, as
 * JSON text (malloc'd). */
char *tvk_dataset_package(const char *csv_name, enum tvk_dataset_shape shape,
		bool excel, const struct tvk_dataset_report *rep);

/* A package already at @path may be replaced only when it is tvk's and
 * describes @csv_name (NULL: it is a tidy package, of several CSV files):
 * another is someone's description of another file.
 * Returns 0, or -1 with @err filled. */
int tvk_dataset_check_package(const char *path, const char *csv_name,
		struct tvk_error *err);

/* ---- the tidy package (tidy.c) ---------------------------------------- */

/* A kind of row (a bit of struct column's shapes): a resource of the
 * package, a table of the database. */
struct tvk_dataset_resource {
	const char *name;
	int bit;
	const char *description;
	const char *const *key; /* the primary key, NULL-terminated */
	struct {
		const char *const *fields; /* NULL: no more */
		const char *resource;
		const char *const *ref;
	} foreign[2];
};

#define N_RESOURCES 6
extern const struct tvk_dataset_resource tvk_dataset_resources[N_RESOURCES];

/* The rows of @res from the documents into @rows (emptied first), and
 * its columns into @cols; returns how many columns. */
size_t tvk_dataset_resource_rows(const struct tvk_dataset_resource *res,
		const struct doc *docs, size_t n_docs, struct rows *rows,
		const struct column **cols);

/* The package at the folder @dir: a CSV per resource, and
 * datapackage.json (its path into @rep->package).  Returns 0, or -1 with
 * @err filled. */
int tvk_dataset_tidy(const char *dir, const struct doc *docs, size_t n_docs,
		struct tvk_dataset_report *rep, struct tvk_error *err);

/* The descriptor of the tidy package, as JSON text (malloc'd). */
char *tvk_dataset_tidy_package(const struct tvk_dataset_report *rep);

/* The database at @out (sqlite.c): the tables of the tidy package, and
 * the harmonised series.  Returns 0, or -1 with @err filled. */
int tvk_dataset_sqlite(const char *out, const struct doc *docs,
		size_t n_docs, struct tvk_dataset_report *rep,
		struct tvk_error *err);

/* True when the SQLite database at @path has a table of every resource
 * (sqlite.c): one tvk wrote. */
bool tvk_dataset_sqlite_is_ours(const char *path);

/* The file at @out may be written over only when tvk wrote it (own.c) or
 * @force says so; a folder never.  Returns 0, or -1 with @err filled. */
int tvk_dataset_check_output(const char *out, bool force,
		struct tvk_error *err);

/* The workbook at @out: the rows, the values, and what the columns mean.
 * Returns 0, or -1 with @err filled.  Only with libxlsxwriter. */
int tvk_dataset_xlsx(const char *out, const struct rows *wide,
		const struct rows *values, struct tvk_error *err);

#endif
