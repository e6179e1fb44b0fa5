/*
 * The dataset as a SQLite database (tvk dataset -o FILE.sqlite): the
 * tables of the tidy package (tidy.c), typed — INTEGER counts, NULL for a
 * value not read, booleans 0 and 1, dates as ISO text — with their keys,
 * indexes on period, region and municipality, and the harmonised series
 * as a table with a view of its complete rows.  Plain tables (not
 * STRICT), so that sqlite3, DuckDB, R's DBI and pandas open it as it is.
 * Written to a temporary name and renamed; the same documents give the
 * same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "dataset/dataset.h"

static const char *sql_type(enum col_type type)
{
	return type == COL_INTEGER || type == COL_BOOLEAN ? "INTEGER" : "TEXT";
}

static void add_list(struct tvk_buf *b, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		tvk_buf_printf(b, "%s\"%s\"", i ? ", " : "", names[i]);
}

/* CREATE TABLE for @res: a column per field, NOT NULL where required,
 * the primary key, the foreign keys (and, for the region totals, the
 * unique key the municipalities point at). */
static char *create_table(const struct tvk_dataset_resource *res,
		const struct column *const *cols, size_t n_cols)
{
	struct tvk_buf b = {0};
	tvk_buf_printf(&b, "CREATE TABLE \"%s\" (\n", res->name);
	for (size_t c = 0; c < n_cols; c++)
		tvk_buf_printf(&b, "  \"%s\" %s%s,\n", cols[c]->name,
			sql_type(cols[c]->type), cols[c]->required ?
			" NOT NULL" : "");
	tvk_buf_str(&b, "  PRIMARY KEY (");
	add_list(&b, res->key);
	tvk_buf_str(&b, ")");
	if (res->bit == RTOT)
		tvk_buf_str(&b, ",\n  UNIQUE (\"document\", \"cbs_period\", "
			"\"region_code\")");
	for (size_t k = 0; k < 2 && res->foreign[k].fields; k++) {
		tvk_buf_str(&b, ",\n  FOREIGN KEY (");
		add_list(&b, res->foreign[k].fields);
		tvk_buf_printf(&b, ") REFERENCES \"%s\" (",
			res->foreign[k].resource);
		add_list(&b, res->foreign[k].ref);
		tvk_buf_str(&b, ")");
	}
	tvk_buf_str(&b, "\n)");
	return b.s;
}

static int bind_value(sqlite3_stmt *st, int i, const struct value *v)
{
	switch (v->type) {
	case V_INT:
		return sqlite3_bind_int64(st, i, v->i);
	case V_STR:
		return sqlite3_bind_text(st, i, v->s, -1, SQLITE_TRANSIENT);
	case V_BOOL:
		return sqlite3_bind_int(st, i, v->b);
	case V_NULL:
		break;
	}
	return sqlite3_bind_null(st, i);
}

/* The table @name made and filled with @rows in the columns @cols. */
static int fill(sqlite3 *db, const char *create, const char *name,
		const struct rows *rows, const struct column *const *cols,
		size_t n_cols)
{
	if (sqlite3_exec(db, create, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	struct tvk_buf b = {0};
	tvk_buf_printf(&b, "INSERT INTO \"%s\" VALUES (", name);
	for (size_t c = 0; c < n_cols; c++)
		tvk_buf_str(&b, c ? ", ?" : "?");
	tvk_buf_str(&b, ")");
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, b.s, -1, &st, NULL);
	free(b.s);
	for (size_t i = 0; rc == SQLITE_OK && i < rows->n; i++) {
		for (size_t c = 0; rc == SQLITE_OK && c < n_cols; c++) {
			struct value v;
			tvk_dataset_cell(cols[c], &rows->items[i], &v);
			rc = bind_value(st, (int)c + 1, &v);
		}
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK :
				SQLITE_ERROR;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The harmonised series, as tvk dataset --harmonize makes it. */
static int fill_series(sqlite3 *db, const struct doc *docs, size_t n_docs,
		struct tvk_dataset_report *rep)
{
	struct reading rd = {.docs = (struct doc *)docs, .n = n_docs};
	struct rows rows = {0};
	struct doc *sdocs = NULL;
	struct series_sum *sums = NULL;
	size_t n = 0;
	tvk_dataset_series(&rd, &rows, &sdocs, &sums, &n, rep);
	const struct column *cols[N_COLUMNS];
	size_t n_cols = tvk_dataset_shape_columns(TVK_DATASET_HARMONIZED, cols);
	struct tvk_dataset_resource res = {.name = "harmonised",
		.key = (const char *const[]){"current_code", "year", "quarter",
		NULL}};
	char *create = create_table(&res, cols, n_cols);
	int rc = fill(db, create, res.name, &rows, cols, n_cols);
	free(create);
	tvk_dataset_series_free(sdocs, sums, n);
	free(rows.items);
	return rc;
}

static const char *const finishing[] = {
	"CREATE INDEX municipalities_period ON municipalities "
	"(cbs_period, region_code)",
	"CREATE INDEX municipalities_region ON municipalities (region_code)",
	"CREATE INDEX municipalities_code ON municipalities "
	"(municipality_code)",
	"CREATE INDEX municipalities_current ON municipalities (current_code)",
	"CREATE INDEX region_totals_period ON region_totals "
	"(cbs_period, region_code)",
	"CREATE INDEX region_totals_region ON region_totals (region_code)",
	"CREATE INDEX national_period ON national (cbs_period)",
	"CREATE INDEX harmonised_period ON harmonised (cbs_period)",
	/* The series across mergers where it can be added up: every
	 * municipality of the quarter that is part of today's has one row
	 * with its five counts. */
	"CREATE VIEW harmonised_complete AS SELECT * FROM harmonised "
	"WHERE complete = 1",
	/* The municipalities of the accepted tables, one version of a
	 * region and quarter each: what a sum should run over. */
	"CREATE VIEW municipalities_accepted AS SELECT * FROM municipalities "
	"WHERE status IN ('valid', 'repaired') AND conflict = 0",
	"ANALYZE",
};

static int fill_all(sqlite3 *db, const struct doc *docs, size_t n_docs,
		struct tvk_dataset_report *rep)
{
	if (sqlite3_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous "
			"= OFF; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	struct rows rows = {0};
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < N_RESOURCES; k++) {
		const struct tvk_dataset_resource *res = &tvk_dataset_resources[k];
		const struct column *cols[N_COLUMNS];
		size_t n_cols = tvk_dataset_resource_rows(res, docs, n_docs,
			&rows, cols);
		if (res->bit == MUNI)
			rep->rows = rows.n;
		char *create = create_table(res, cols, n_cols);
		rc = fill(db, create, res->name, &rows, cols, n_cols);
		free(create);
	}
	free(rows.items);
	if (rc == 0)
		rc = fill_series(db, docs, n_docs, rep);
	for (size_t i = 0; rc == 0 && i < sizeof(finishing) /
			sizeof(*finishing); i++)
		if (sqlite3_exec(db, finishing[i], NULL, NULL, NULL) != SQLITE_OK)
			rc = -1;
	if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) !=
			SQLITE_OK)
		rc = -1;
	return rc;
}

int tvk_dataset_sqlite(const char *out, const struct doc *docs,
		size_t n_docs, struct tvk_dataset_report *rep,
		struct tvk_error *err)
{
	char *tmp = tvk_xasprintf("%s.tmp.%ld", out, (long)getpid());
	unlink(tmp);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE |
		SQLITE_OPEN_CREATE, NULL) == SQLITE_OK ? 0 : -1;
	if (rc == 0)
		rc = fill_all(db, docs, n_docs, rep);
	char *why = tvk_xstrdup(db ? sqlite3_errmsg(db) : "out of memory");
	if (sqlite3_close(db) != SQLITE_OK)
		rc = -1;
	if (rc == 0 && rename(tmp, out) != 0) {
		free(why);
		why = tvk_xstrdup(strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		unlink(tmp);
		tvk_error_set(err, TVK_ERR_IO, out, 0, "cannot write the "
			"database: %s", why);
	}
	free(why);
	free(tmp);
	return rc;
}

bool tvk_dataset_sqlite_is_ours(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
			SQLITE_OK) {
		sqlite3_close(db);
		return false;
	}
	size_t found = 0;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE "
			"type = 'table' AND name = ?", -1, &st, NULL) ==
			SQLITE_OK)
		for (size_t i = 0; i < N_RESOURCES; i++) {
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, tvk_dataset_resources[i].name,
				-1, SQLITE_STATIC);
			found += sqlite3_step(st) == SQLITE_ROW;
		}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return found == N_RESOURCES;
}
