/*
 * The tidy data package (tvk dataset --format=package): a folder with a
 * CSV per kind of row — municipalities, region_totals, national, repairs,
 * problems, documents — and the datapackage.json that types them and
 * ties them together by keys.  A kind of row per table, so that a sum
 * over a table never adds a region total to its own municipalities.  The
 * SQLite database (sqlite.c) has the same tables.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "dataset/dataset.h"
#include "document/emit.h"

#define KEY(...) ((const char *const[]){__VA_ARGS__, NULL})

/* A municipality row points at the total of its own table: the same
 * document, period and region (the period and region null together with
 * the total's when the table's could not be read), and through it at its
 * document.  One key, not a second on the document alone: a validator
 * (datapackage-js) puts the row it found in place of the fields of a key,
 * and a second key on one of them then finds nothing. */
static const char *const to_total[] = {"document", "cbs_period",
	"region_code", NULL};

const struct tvk_dataset_resource tvk_dataset_resources[N_RESOURCES] = {
	{"municipalities", MUNI, "One row per municipality of every "
	 "region's table: the five counts as printed (or repaired), with "
	 "the CBS codes of the quarter and of today.", KEY("document", "row"),
	 {{to_total, "region_totals", to_total}}},
	{"region_totals", RTOT, "One row per region's table: its 'Totaal "
	 "AMR' row, which the municipalities of the same document add up to "
	 "when the table is valid or repaired, and the region's register.",
	 KEY("document"), {{KEY("document"), "documents", KEY("document")}}},
	{"national", NAT, "One row per national edition: the 'Nederland' "
	 "row.", KEY("document"),
	 {{KEY("document"), "documents", KEY("document")}}},
	{"repairs", REPS, "Every value tvk read in another form than "
	 "printed, or repaired, with its evidence.", KEY("document",
	 "repair"), {{KEY("document"), "documents", KEY("document")}}},
	{"problems", PROBS, "Every check that fails or warns, per table.",
	 KEY("document", "problem"),
	 {{KEY("document"), "documents", KEY("document")}}},
	{"documents", DOCS, "One row per document (a table of one region, or "
	 "the national row, and quarter): its status and the PDF it was "
	 "read from.", KEY("document"), {{NULL, NULL, NULL}}},
};

size_t tvk_dataset_resource_rows(const struct tvk_dataset_resource *res,
		const struct doc *docs, size_t n_docs, struct rows *rows,
		const struct column **cols)
{
	rows->n = 0;
	for (size_t i = 0; i < n_docs; i++)
		tvk_dataset_kind_rows(rows, &docs[i], res->bit);
	size_t n = 0;
	for (size_t c = 0; c < N_COLUMNS; c++)
		if (tvk_dataset_columns[c].shapes & res->bit)
			cols[n++] = &tvk_dataset_columns[c];
	return n;
}

/* A folder for the package: made when missing; one that holds a
 * datapackage.json not tvk's is someone else's, and left alone. */
static int package_folder(const char *dir, struct tvk_error *err)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (mkdir(dir, 0777) != 0)
			return tvk_error_set(err, TVK_ERR_IO, dir, 0, "cannot "
				"make the package's folder: %s", strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return tvk_error_set(err, TVK_ERR_IO, dir, 0, "is there already "
			"and is not a folder; --format=package writes a folder");
	char *path = tvk_xasprintf("%s/datapackage.json", dir);
	int rc = tvk_dataset_check_package(path, NULL, err);
	free(path);
	return rc;
}

int tvk_dataset_tidy(const char *dir, const struct doc *docs, size_t n_docs,
		struct tvk_dataset_report *rep, struct tvk_error *err)
{
	if (package_folder(dir, err) != 0)
		return -1;
	struct rows rows = {0};
	struct tvk_buf text = {0};
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < N_RESOURCES; k++) {
		const struct tvk_dataset_resource *res = &tvk_dataset_resources[k];
		const struct column *cols[N_COLUMNS];
		size_t n_cols = tvk_dataset_resource_rows(res, docs, n_docs,
			&rows, cols);
		if (res->bit == MUNI)
			rep->rows = rows.n;
		text.len = 0;
		tvk_buf_add(&text, "", 0);
		tvk_dataset_csv(&text, &rows, cols, n_cols, false);
		char *path = tvk_xasprintf("%s/%s.csv", dir, res->name);
		rc = tvk_emit_write(path, text.s, err);
		free(path);
	}
	if (rc == 0) {
		char *pkg = tvk_dataset_tidy_package(rep);
		char *path = tvk_xasprintf("%s/datapackage.json", dir);
		rc = tvk_emit_write(path, pkg, err);
		if (rc == 0)
			rep->package = path;
		else
			free(path);
		free(pkg);
	}
	free(text.s);
	free(rows.items);
	return rc;
}
