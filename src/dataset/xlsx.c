/* The dataset as an Excel workbook (libxlsxwriter). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/macros.h"
#include "config.h"
#include "dataset/dataset.h"

#if TVK_HAVE_XLSX
#include <xlsxwriter.h>

/* One sheet of @rows in the columns @cols: typed cells, a bold header,
 * frozen under the header and beside the first column, with a filter. */
static void xlsx_sheet(lxw_workbook *wb, const char *name,
		const struct rows *rows, const struct column *const *cols,
		size_t n_cols)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	for (size_t c = 0; c < n_cols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c]->name, bold);
		double width = (double)strlen(cols[c]->name) + 2;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
			width < 10 ? 10 : width > 30 ? 30 : width, NULL);
	}
	for (size_t i = 0; i < rows->n; i++) {
		lxw_row_t y = (lxw_row_t)(i + 1);
		for (size_t c = 0; c < n_cols; c++) {
			struct value v;
			tvk_dataset_cell(cols[c], &rows->items[i], &v);
			lxw_col_t x = (lxw_col_t)c;
			int yy, mm, dd;
			if (v.type == V_INT) {
				worksheet_write_number(ws, y, x, (double)v.i,
					NULL);
			} else if (v.type == V_BOOL) {
				worksheet_write_boolean(ws, y, x, v.b, NULL);
			} else if (v.type == V_STR && cols[c]->type == COL_DATE &&
					sscanf(v.s, "%4d-%2d-%2d", &yy, &mm,
					&dd) == 3) {
				lxw_datetime dt = {yy, mm, dd, 0, 0, 0};
				worksheet_write_datetime(ws, y, x, &dt, date);
			} else if (v.type == V_STR) {
				worksheet_write_string(ws, y, x, v.s, NULL);
			}
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows->n,
		(lxw_col_t)(n_cols - 1));
}

/* The sheets of the workbook: a name and the shape whose columns it has.
 * The data dictionary names them from here, so that it says what the
 * workbook holds. */
static const struct {
	const char *name;
	enum tvk_dataset_shape shape;
	int bit;
} sheets[] = {
	{"klantprofielen", TVK_DATASET_WIDE, WIDE},
	{"values", TVK_DATASET_LONG, LONG},
};

/* The data dictionary: a row per column of a sheet of the workbook, with
 * the sheets that have it; the columns of the harmonised series, which no
 * sheet has, are not listed. */
static void xlsx_columns_sheet(lxw_workbook *wb)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "columns");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	static const char *const head[] = {"column", "type", "sheets",
		"description"};
	for (int c = 0; c < 4; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bold);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 2, 14, NULL);
	worksheet_set_column(ws, 3, 3, 90, wrap);
	lxw_row_t y = 0;
	for (size_t i = 0; i < N_COLUMNS; i++) {
		const struct column *c = &tvk_dataset_columns[i];
		char in[64] = "";
		for (size_t s = 0; s < TVK_ARRAY_LEN(sheets); s++)
			if (c->shapes & sheets[s].bit)
				snprintf(in + strlen(in), sizeof(in) - strlen(in),
					"%s%s", in[0] ? ", " : "", sheets[s].name);
		if (!in[0])
			continue;
		y++;
		worksheet_write_string(ws, y, 0, c->name, NULL);
		worksheet_write_string(ws, y, 1, tvk_dataset_type_name(c->type), NULL);
		worksheet_write_string(ws, y, 2, in, NULL);
		worksheet_write_string(ws, y, 3, c->description, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
}

/* Its creation time is the last quarter's reference date, so that the
 * same documents give the same bytes. */
int tvk_dataset_xlsx(const char *out, const struct rows *wide,
		const struct rows *values, struct tvk_error *err)
{
	/* named as every writer of tvk names its temporary files, so that
	 * the next run finds it if this one is killed */
	char *tmp = tvk_xasprintf("%s.tmp.%ld.0", out, (long)getpid());
	/* Constant memory: each row goes to a temporary file as it is
	 * written, strings inline.  Kept whole, a workbook of 200,000 rows
	 * took 3.4 GB; the rows are written in order, as this mode wants. */
	lxw_workbook *wb = workbook_new_opt(tmp, &(lxw_workbook_options){
		.constant_memory = LXW_TRUE});
	if (!wb) {
		free(tmp);
		return tvk_error_set(err, TVK_ERR_IO, out, 0, "cannot write");
	}
	struct tm when = {.tm_year = 100, .tm_mon = 0, .tm_mday = 1,
		.tm_hour = 12};
	for (size_t i = 0; i < wide->n; i++) {
		const struct doc *d = wide->items[i].doc;
		if (d->year && d->year - 1900 >= when.tm_year) {
			when.tm_year = d->year - 1900;
			when.tm_mon = 3 * d->quarter - 1;
			when.tm_mday = d->quarter == 1 || d->quarter == 4 ? 31 :
				30;
		}
	}
	lxw_doc_properties props = {
		.title = "UWV, Transparantie van klantprofielen",
		.comments = "Made by tvk " TVK_VERSION,
		.created = timegm(&when),
	};
	workbook_set_properties(wb, &props);
	const struct column *cols[N_COLUMNS];
	for (size_t s = 0; s < TVK_ARRAY_LEN(sheets); s++) {
		size_t n = tvk_dataset_shape_columns(sheets[s].shape, cols);
		xlsx_sheet(wb, sheets[s].name, s == 0 ? wide : values, cols, n);
	}
	xlsx_columns_sheet(wb);
	lxw_error rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR || rename(tmp, out) != 0) {
		unlink(tmp);
		free(tmp);
		return tvk_error_set(err, TVK_ERR_IO, out, 0, "cannot write: %s",
			rc != LXW_NO_ERROR ? lxw_strerror(rc) : strerror(errno));
	}
	free(tmp);
	return 0;
}
#endif
