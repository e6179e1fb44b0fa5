/*
 * tvk dataset: the converted documents as one tidy table, the form
 * analysts load into pandas, R, DuckDB or a spreadsheet.  This file runs
 * the parts (dataset/dataset.h): the documents of the folder read, their
 * rows (or the harmonised series) made, the table written in its format,
 * with its data package.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tvk/dataset.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/files.h"
#include "base/dir.h"
#include "config.h"
#include "base/path.h"
#include "dataset/dataset.h"
#include "document/emit.h"

bool tvk_dataset_xlsx_available(void)
{
	return TVK_HAVE_XLSX;
}

static int write_text(const char *out, FILE *to, const struct tvk_buf *t,
		struct tvk_error *err)
{
	if (out)
		return tvk_emit_write(out, t->s, err);
	if (!to)
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0,
			"no file to write the table to");
	if (fwrite(t->s, 1, t->len, to) != t->len || fflush(to) != 0)
		return tvk_error_set(err, TVK_ERR_IO, "stdout", 0,
			"cannot write");
	return 0;
}

/* The rows of one table (or, for a workbook, its two sheets) written in
 * the format asked for. */
static int write_table(struct reading *rd, const char *out,
		const struct tvk_dataset_options *opt, struct tvk_error *err)
{
	struct tvk_dataset_report *report = rd->report;
	struct rows rows = {0}, values = {0};
	struct doc *series_docs = NULL;
	struct series_sum *series_sums = NULL;
	size_t n_series_docs = 0;
	struct tvk_buf text = {0};
	int rc = 0;
	enum tvk_dataset_shape shape = opt->format == TVK_DATASET_XLSX ?
		TVK_DATASET_WIDE : opt->shape;
	if (shape == TVK_DATASET_HARMONIZED)
		tvk_dataset_series(rd, &rows, &series_docs, &series_sums,
			&n_series_docs, report);
	for (size_t i = 0; shape != TVK_DATASET_HARMONIZED && i < rd->n; i++) {
		/* The table of CSV and NDJSON has one kind of row, the
		 * municipalities, so that a sum over it counts each person
		 * once; the totals are in the long table and the package. */
		if (shape == TVK_DATASET_WIDE && opt->format != TVK_DATASET_XLSX)
			tvk_dataset_kind_rows(&rows, &rd->docs[i], MUNI);
		else
			tvk_dataset_doc_rows(&rows, &rd->docs[i], shape);
	}
	report->rows = rows.n;
	const struct column *cols[N_COLUMNS];
	size_t n_cols = tvk_dataset_shape_columns(shape, cols);
	tvk_buf_add(&text, "", 0);
	if (opt->format == TVK_DATASET_XLSX) {
#if TVK_HAVE_XLSX
		for (size_t i = 0; i < rd->n; i++)
			tvk_dataset_doc_rows(&values, &rd->docs[i],
				TVK_DATASET_LONG);
		rc = tvk_dataset_xlsx(out, &rows, &values, err);
#endif
	} else {
		if (opt->format == TVK_DATASET_CSV)
			tvk_dataset_csv(&text, &rows, cols, n_cols, opt->excel);
		else
			tvk_dataset_ndjson(&text, &rows, cols, n_cols);
		rc = write_text(out, opt->to, &text, err);
	}
	free(text.s);
	if (series_docs)
		tvk_dataset_series_free(series_docs, series_sums,
			n_series_docs);
	free(rows.items);
	free(values.items);
	return rc;
}

static int check_options(const char *out,
		const struct tvk_dataset_options *opt, struct tvk_error *err)
{
	if (opt->format == TVK_DATASET_XLSX && !TVK_HAVE_XLSX)
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0, "this tvk was "
			"built without Excel output (libxlsxwriter-dev was not "
			"installed)");
	if ((opt->format == TVK_DATASET_XLSX ||
			opt->format == TVK_DATASET_PACKAGE ||
			opt->format == TVK_DATASET_SQLITE) && !out)
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0, "%s",
			opt->format == TVK_DATASET_XLSX ? "a workbook needs a "
			"file name (-o FILE.xlsx)" : opt->format ==
			TVK_DATASET_PACKAGE ? "a package needs a folder "
			"(-o PKGDIR)" : "a database needs a file name "
			"(-o FILE.sqlite)");
	if (opt->format != TVK_DATASET_CSV &&
			opt->format != TVK_DATASET_NDJSON &&
			opt->shape != TVK_DATASET_WIDE)
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0, "the long "
			"table and the harmonised series are written as CSV or "
			"NDJSON");
	return 0;
}

int tvk_dataset_write(const char *dir, const char *out,
		const struct tvk_dataset_options *opt,
		struct tvk_dataset_report *report, struct tvk_error *err)
{
	memset(report, 0, sizeof(*report));
	tvk_dataset_columns_init();
	if (check_options(out, opt, err) != 0)
		return -1;

	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		return tvk_error_set(err, TVK_ERR_IO, ".", 0, "cannot tell the "
			"current folder: %s", strerror(errno));
	char *root = tvk_xstrdup(dir);
	for (size_t len = strlen(root); len > 1 && root[len - 1] == '/';)
		root[--len] = '\0';
	char *out_abs = out ? tvk_path_absolute(out, cwd) : NULL;
	/* The folder the sources are written relative to: the one the
	 * dataset's files are in (the package's own). */
	char *base = out_abs ? tvk_xstrdup(out_abs) : tvk_xstrdup(cwd);
	if (out_abs && opt->format != TVK_DATASET_PACKAGE) {
		char *slash = strrchr(base, '/');
		slash[slash == base] = '\0';
	}
	struct reading rd = {.root = root, .cwd = cwd, .base = base,
		.report = report};
	char *pkg_path = NULL;
	bool package = out && opt->format == TVK_DATASET_CSV;
	const char *out_name = out ? (strrchr(out, '/') ?
		strrchr(out, '/') + 1 : out) : NULL;

	struct stat st;
	int rc = 0;
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = tvk_error_set(err, TVK_ERR_IO, dir, 0, "%s",
			stat(root, &st) != 0 ? "no such folder" : "not a folder "
			"(give the folder 'tvk convert -o' wrote)");
	if (rc == 0 && out)
		rc = opt->format == TVK_DATASET_PACKAGE ? 0 :
			tvk_dataset_check_output(out, opt->force, err);
	if (rc == 0 && package) {
		pkg_path = tvk_dataset_package_path(out);
		rc = tvk_dataset_check_package(pkg_path, out_name, err);
	}
	/* what a run killed while it wrote left (a workbook's can be tens
	 * of megabytes), as tvk convert cleans its folder */
	if (rc == 0 && out_abs)
		tvk_files_clean_beside(out_abs);
	if (rc == 0 && pkg_path)
		tvk_files_clean_beside(pkg_path);
	if (rc == 0) {
		tvk_seen_add(&rd.seen, &st);
		rd.err = err;
		rc = tvk_walk(root, &rd.seen, tvk_dataset_take_file, &rd);
	}
	tvk_seen_finish(&rd.seen);
	report->documents = rd.n;
	if (rc == 0 && rd.n == 0)
		rc = tvk_error_set(err, TVK_ERR_NO_TABLE, dir, 0,
			"no tvk documents in this folder (convert some PDFs "
			"into it first)");
	if (rc == 0)
		qsort(rd.docs, rd.n, sizeof(*rd.docs), tvk_dataset_by_key);
	if (rc == 0 && opt->format == TVK_DATASET_PACKAGE)
		rc = tvk_dataset_tidy(out, rd.docs, rd.n, report, err);
	else if (rc == 0 && opt->format == TVK_DATASET_SQLITE)
		rc = tvk_dataset_sqlite(out, rd.docs, rd.n, report, err);
	else if (rc == 0)
		rc = write_table(&rd, out, opt, err);
	if (rc == 0 && package) {
		char *pkg = tvk_dataset_package(out_name, opt->shape,
			opt->excel, report);
		rc = tvk_emit_write(pkg_path, pkg, err);
		free(pkg);
		if (rc == 0)
			report->package = tvk_xstrdup(pkg_path);
	}
	for (size_t i = 0; i < rd.n; i++) {
		tvk_document_destroy(rd.docs[i].d);
		free(rd.docs[i].name);
		free(rd.docs[i].source_file);
	}
	free(rd.docs);
	free(pkg_path);
	free(base);
	free(out_abs);
	free(root);
	return rc;
}

void tvk_dataset_report_finish(struct tvk_dataset_report *report)
{
	for (size_t i = 0; i < report->n_notes; i++) {
		free(report->notes[i].file);
		free(report->notes[i].message);
	}
	free(report->notes);
	free(report->package);
	free(report->split_names);
	memset(report, 0, sizeof(*report));
}
