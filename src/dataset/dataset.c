/*
 * tvk dataset: the converted documents as one tidy table, the form
 * analysts load into pandas, R, DuckDB or a spreadsheet.
 *
 * Everything about a column lives in one table, columns[] below: its
 * name, type, constraints, description and where its value comes from.
 * The CSV, NDJSON and Excel writers and the data package all read it, so
 * a new column is one entry there.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/dataset.h>
#include <tvk/emit.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/dir.h"
#include "base/macros.h"
#include "base/text.h"
#include "config.h"
#include "document/document.h"
#include "document/emit.h"
#include "document/read.h"
#include "gazetteer/gazetteer.h"

#if TVK_HAVE_XLSX
#include <xlsxwriter.h>
#endif

/* ---- what a row is ----------------------------------------------------- */

enum row_kind { ROW_MUNICIPALITY, ROW_REGION_TOTAL, ROW_NATIONAL };

static const char *const row_kind_names[] = {"municipality", "region_total",
	"national", NULL};

/* One document read, with what every row of it shares. */
struct doc {
	struct tvk_document *d;
	char *name;        /* its path relative to the folder read */
	char *source_file; /* relative to the dataset */
	bool national, conflict;
	int year, quarter, region; /* 0 when unknown */
};

/* The values of a long row: the five counts, then the register's. */
static const char *const value_fields[] = {
	"municipal_with_profile", "municipal_without_profile",
	"uwv_with_profile", "uwv_without_profile", "total",
	"register_persons", "register_known_in_sonar_pct", NULL,
};

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
	int field;      /* long shape: index into value_fields */
	/* long shape: the repair of this value, or NULL, and the first
	 * one, for what was printed */
	const struct tvk_document_repair *repair, *first_repair;
	const struct series_sum *sum; /* harmonised */
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

static void v_int(struct value *v, int64_t i)
{
	v->type = V_INT;
	v->i = i;
}

/* NULL leaves the value null. */
static void v_str(struct value *v, const char *s)
{
	if (!s)
		return;
	v->type = V_STR;
	v->s = s;
}

/* A path (a file's name, as it is on disk): null when it is not UTF-8,
 * which no JSON or CSV reader would take. */
static void v_path(struct value *v, const char *s)
{
	if (s && tvk_utf8_valid(s, strlen(s)))
		v_str(v, s);
}

static void v_bool(struct value *v, bool b)
{
	v->type = V_BOOL;
	v->b = b;
}

static void get_document(const struct column *c, const struct row *r,
		struct value *v)
{
	v_path(v, r->doc->name);
}

static void get_year(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->doc->d->year)
		v_int(v, r->doc->d->year);
}

static void get_quarter(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->doc->d->quarter)
		v_int(v, r->doc->d->quarter);
}

static void get_cbs_period(const struct column *c, const struct row *r,
		struct value *v)
{
	if (!r->doc->year)
		return;
	snprintf(v->buf, sizeof(v->buf), "%04dKW%02d", r->doc->year,
		r->doc->quarter);
	v_str(v, v->buf);
}

/* The last day of the quarter, as the document writes it. */
static void get_reference_date(const struct column *c, const struct row *r,
		struct value *v)
{
	static const char *const last_day[] = {"03-31", "06-30", "09-30",
		"12-31"};
	const struct tvk_document *d = r->doc->d;
	if (d->year <= 0 || d->quarter < 1 || d->quarter > 4)
		return;
	snprintf(v->buf, sizeof(v->buf), "%04d-%s", d->year,
		last_day[d->quarter - 1]);
	v_str(v, v->buf);
}

static void get_region_code(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->doc->d->region)
		v_int(v, r->doc->d->region);
}

/*
 * CBS codes of the labour-market regions (AMxx), from CBS's divisions of
 * 2016-2025 (reference/gemeenten-history.tsv, column amr_cbs): UWV numbers
 * the regions 1..35, CBS codes them AM01..AM38.  The one change: Food
 * Valley was AM31 in 2016, AM38 from 2017.  A code holds from its year
 * until the next entry for the region; years after the last division
 * keep its codes.
 */
static const struct {
	int region, from;
	const char *code;
} cbs_region_codes[] = {
	{1, 2016, "AM01"}, {2, 2016, "AM02"}, {3, 2016, "AM15"},
	{4, 2016, "AM03"}, {5, 2016, "AM36"}, {6, 2016, "AM11"},
	{7, 2016, "AM17"}, {8, 2016, "AM37"}, {9, 2016, "AM05"},
	{10, 2016, "AM18"}, {11, 2016, "AM06"}, {12, 2016, "AM12"},
	{13, 2016, "AM19"}, {14, 2016, "AM13"}, {15, 2016, "AM14"},
	{16, 2016, "AM31"}, {16, 2017, "AM38"}, {17, 2016, "AM09"},
	{18, 2016, "AM34"}, {19, 2016, "AM20"}, {20, 2016, "AM21"},
	{21, 2016, "AM07"}, {22, 2016, "AM22"}, {23, 2016, "AM10"},
	{24, 2016, "AM35"}, {25, 2016, "AM08"}, {26, 2016, "AM23"},
	{27, 2016, "AM27"}, {28, 2016, "AM25"}, {29, 2016, "AM24"},
	{30, 2016, "AM26"}, {31, 2016, "AM29"}, {32, 2016, "AM32"},
	{33, 2016, "AM28"}, {34, 2016, "AM33"}, {35, 2016, "AM30"},
};

static const char *cbs_region_code(int region, int year)
{
	const char *code = NULL;
	for (size_t i = 0; i < TVK_ARRAY_LEN(cbs_region_codes); i++)
		if (cbs_region_codes[i].region == region &&
				cbs_region_codes[i].from <= year)
			code = cbs_region_codes[i].code;
	return code;
}

static void get_region_cbs_code(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, cbs_region_code(r->doc->region, r->doc->year));
}

static void get_region_name(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->doc->d->region_name);
}

static void get_row_kind(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, row_kind_names[r->kind]);
}

static void get_position(const struct column *c, const struct row *r,
		struct value *v)
{
	v_int(v, r->position);
}

static void get_code(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->cells->code);
}

static void get_name(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->cells->name);
}

static void get_printed_name(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->cells->printed_name);
}

/*
 * The municipality a row's is part of today (the document's, or for
 * older documents the gazetteer's, as the reader gives it); nothing on
 * total rows, rows without a code and rows of a municipality split
 * between several.
 */
static void get_current_code(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->kind == ROW_MUNICIPALITY)
		v_str(v, r->cells->current_code);
}

static void get_current_name(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->kind == ROW_MUNICIPALITY)
		v_str(v, r->cells->current_name);
}

static void get_predecessors(const struct column *c, const struct row *r,
		struct value *v)
{
	v_int(v, (int64_t)r->sum->predecessors);
}

static void get_predecessor_codes(const struct column *c,
		const struct row *r, struct value *v)
{
	v_str(v, r->sum->codes);
}

static void get_complete(const struct column *c, const struct row *r,
		struct value *v)
{
	v_bool(v, r->sum->complete);
}

static void count_of(const struct tvk_document_row *cells, int field,
		struct value *v)
{
	if (cells->counts[field].known)
		v_int(v, cells->counts[field].value);
}

static void get_count(const struct column *c, const struct row *r,
		struct value *v)
{
	count_of(r->cells, c->index, v);
}

/* The register of the region: on its total row, where it belongs (it is
 * not a figure of any one municipality). */
static void get_register_persons(const struct column *c,
		const struct row *r, struct value *v)
{
	const struct tvk_document_register *reg = &r->doc->d->target_group;
	if (r->kind == ROW_REGION_TOTAL && reg->present && reg->persons_known)
		v_int(v, reg->persons);
}

static void get_register_pct(const struct column *c, const struct row *r,
		struct value *v)
{
	const struct tvk_document_register *reg = &r->doc->d->target_group;
	if (r->kind == ROW_REGION_TOTAL && reg->present && reg->pct_known)
		v_int(v, reg->pct);
}

static void get_conflict(const struct column *c, const struct row *r,
		struct value *v)
{
	v_bool(v, r->doc->conflict);
}

static void get_source_file(const struct column *c, const struct row *r,
		struct value *v)
{
	v_path(v, r->doc->source_file);
}

/* The page of the row: its own (documents that carry provenance), or the
 * table's when the table is on one page. */
static void get_row_page(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->cells->place.page > 0) {
		v_int(v, r->cells->place.page);
		return;
	}
	const struct tvk_document_source *s = &r->doc->d->source;
	for (size_t i = 1; i < s->n_pages; i++)
		if (s->pages[i] != s->pages[0])
			return;
	if (s->n_pages > 0)
		v_int(v, s->pages[0]);
}

static void get_page(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->repair && r->repair->place.page > 0)
		v_int(v, r->repair->place.page);
	else
		get_row_page(c, r, v);
}

static void get_field(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, value_fields[r->field]);
}

static void get_value(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->field < N_COUNT_FIELDS)
		count_of(r->cells, r->field, v);
	else if (r->field == N_COUNT_FIELDS)
		get_register_persons(c, r, v);
	else
		get_register_pct(c, r, v);
}

static void get_printed(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->first_repair)
		v_str(v, r->first_repair->printed);
}

static void get_repair_kind(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->repair)
		v_str(v, tvk_repair_kind_name(r->repair->kind));
}

static const char *const status_names[] = {"valid", "repaired", "invalid",
	NULL};

static void get_status(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, tvk_status_name(r->doc->d->status));
}

static const char *repair_kind_names[TVK_REPAIR_PERIOD + 2];

#define COUNT(field, index, text) \
	{field, COL_INTEGER, WIDE | HARM, get_count, index, \
	 .has_min = true, .description = text " (people); empty when it could " \
	 "not be read (harmonised: the sum over the municipalities that are " \
	 "part of it today; empty unless complete)."}

static const struct column columns[] = {
	{"document", COL_STRING, WIDE | LONG, get_document,
	 .required = true, .description = "The JSON document the row comes "
	 "from, relative to the folder the dataset was made from."},
	{"year", COL_INTEGER, WIDE | LONG | HARM, get_year,
	 .has_min = true, .min = 1990, .has_max = true, .max = 2099,
	 .description = "Year of the quarter; empty when the table's period "
	 "could not be read (the table is then invalid)."},
	{"quarter", COL_INTEGER, WIDE | LONG | HARM, get_quarter,
	 .has_min = true, .min = 1, .has_max = true, .max = 4,
	 .description = "Quarter, 1 to 4; empty with the year."},
	{"cbs_period", COL_STRING, WIDE | LONG | HARM, get_cbs_period,
	 .pattern = "^[0-9]{4}KW0[1-4]$", .description = "The quarter as CBS "
	 "codes periods (Perioden), e.g. 2025KW02."},
	{"reference_date", COL_DATE, WIDE | LONG | HARM,
	 get_reference_date, .description = "Last day of the quarter: "
	 "the date the counts refer to."},
	{"region_code", COL_INTEGER, WIDE | LONG | HARM,
	 get_region_code, .has_min = true, .min = 1, .has_max = true, .max = 35,
	 .description = "UWV's number of the labour-market region "
	 "(arbeidsmarktregio), 1 to 35; empty on national rows, and for a "
	 "table whose region could not be read (the table is then invalid). "
	 "Harmonised: the region the municipality belongs to today."},
	{"region_cbs_code", COL_STRING, WIDE | LONG | HARM,
	 get_region_cbs_code, .pattern = "^AM[0-9]{2}$",
	 .description = "CBS's code of the labour-market region in the "
	 "table's year (AM01 ... AM38)."},
	{"region_name", COL_STRING, WIDE | LONG | HARM, get_region_name,
	 .description = "Name of the labour-market region in the table's "
	 "quarter (harmonised: today's)."},
	{"row_kind", COL_STRING, WIDE | LONG, get_row_kind,
	 .required = true, .values = row_kind_names, .description =
	 "municipality: a municipality's row; region_total: the table's "
	 "'Totaal AMR' row; national: the 'Nederland' row of a national "
	 "edition."},
	{"row", COL_INTEGER, WIDE | LONG, get_position,
	 .required = true, .has_min = true, .min = 1, .description =
	 "Position of the row in its table, from 1 (the region total comes "
	 "after the municipalities)."},
	{"municipality_code", COL_STRING, WIDE | LONG, get_code,
	 .pattern = "^GM[0-9]{4}$", .description = "CBS municipality code; "
	 "empty on total rows, and when the printed name matched no "
	 "municipality with confidence."},
	{"municipality_name", COL_STRING, WIDE | LONG, get_name,
	 .description = "CBS name of the municipality."},
	{"current_code", COL_STRING, WIDE | LONG | HARM,
	 get_current_code, .pattern = "^GM[0-9]{4}$", .description =
	 "CBS code of the municipality this one is part of today: its own "
	 "when unchanged, after mergers the one it merged into; empty on "
	 "total rows, without a code, and for a municipality split between "
	 "several (Haaren, 2021)."},
	{"current_name", COL_STRING, WIDE | LONG | HARM,
	 get_current_name, .description = "CBS name of the "
	 "municipality this one is part of today."},
	{"predecessors", COL_INTEGER, HARM, get_predecessors,
	 .required = true, .has_min = true, .min = 1, .description =
	 "The number of municipalities of the quarter whose rows are added "
	 "up (1 when it did not change)."},
	{"predecessor_codes", COL_STRING, HARM, get_predecessor_codes,
	 .required = true, .description = "Their CBS codes of the quarter, "
	 "separated by spaces."},
	{"complete", COL_BOOLEAN, HARM, get_complete, .required = true,
	 .description = "True when every municipality of the quarter that is "
	 "part of this one today has exactly one row, with all five counts: "
	 "only then are the counts given."},
	{"printed_name", COL_STRING, WIDE, get_printed_name,
	 .description = "The municipality's name as the publication prints "
	 "it."},
	COUNT("municipal_with_profile", TVK_MUNICIPAL_WITH_PROFILE,
		"Municipal clients in Sonar with a "
		"profile"),
	COUNT("municipal_without_profile", TVK_MUNICIPAL_WITHOUT_PROFILE,
		"Municipal clients in Sonar "
		"without a profile"),
	COUNT("uwv_with_profile", TVK_UWV_WITH_PROFILE, "UWV clients in Sonar with a profile"),
	COUNT("uwv_without_profile", TVK_UWV_WITHOUT_PROFILE, "UWV clients in Sonar without a "
		"profile"),
	COUNT("total", TVK_TOTAL, "Total in Sonar"),
	{"register_persons", COL_INTEGER, WIDE, get_register_persons,
	 .has_min = true, .description = "On region_total rows: the number "
	 "of people in the region's target-group register (doelgroepregister "
	 "banenafspraak), when the edition states it."},
	{"register_known_in_sonar_pct", COL_INTEGER, WIDE,
	 get_register_pct, .has_min = true, .has_max = true,
	 .max = 100, .description = "On region_total rows: the share of the "
	 "register known in Sonar, in percent, when the edition states it."},
	{"field", COL_STRING, LONG, get_field, .required = true,
	 .values = value_fields, .description = "Which value of the row: one "
	 "of the five counts, or on region_total rows a figure of the "
	 "target-group register."},
	{"value", COL_INTEGER, LONG, get_value, .has_min = true,
	 .description = "The value; empty when it could not be read."},
	{"printed", COL_STRING, LONG, get_printed, .description =
	 "What the publication prints for the value, when tvk read it in "
	 "another form or changed it; empty when it is printed as its "
	 "value, or when nothing is printed."},
	{"repair_kind", COL_STRING, LONG, get_repair_kind,
	 .values = repair_kind_names, .description = "How tvk read or "
	 "repaired the value (number-format, missing-cell, wrong-cell, "
	 "misread, split-cell, glued-cell); empty when read as printed."},
	{"status", COL_STRING, WIDE | LONG | HARM, get_status,
	 .required = true, .values = status_names,
	 .description = "Validation status of the table: valid, repaired or "
	 "invalid (an invalid table's counts are as printed); harmonised: "
	 "the worst of the tables added up."},
	{"conflict", COL_BOOLEAN, WIDE | LONG, get_conflict,
	 .required = true, .description = "True when another input gave "
	 "different values for this region and quarter: every version is in "
	 "the dataset, each invalid, told apart by document."},
	{"source_file", COL_STRING, WIDE | LONG, get_source_file,
	 .required = true, .description = "The PDF the table was read from, "
	 "relative to the dataset's folder."},
	{"source_page", COL_INTEGER, WIDE, get_row_page, .has_min = true,
	 .min = 1, .description = "The page of the PDF the row is printed "
	 "on."},
	{"page", COL_INTEGER, LONG, get_page, .has_min = true,
	 .min = 1, .description = "The page of the PDF the value is printed "
	 "on."},
};

#define N_COLUMNS TVK_ARRAY_LEN(columns)

/* The columns of @shape, in order; returns how many. */
static size_t shape_columns(enum tvk_dataset_shape shape,
		const struct column **out)
{
	int bit = shape == TVK_DATASET_LONG ? LONG :
		shape == TVK_DATASET_HARMONIZED ? HARM : WIDE;
	size_t n = 0;
	for (size_t c = 0; c < N_COLUMNS; c++)
		if (columns[c].shapes & bit)
			out[n++] = &columns[c];
	return n;
}

/* The value of column @c in row @r into *@v. */
static void cell(const struct column *c, const struct row *r, struct value *v)
{
	*v = (struct value){.type = V_NULL};
	c->get(c, r, v);
}

/* ---- paths ------------------------------------------------------------- */

/* @path made absolute against @cwd and normalised by its text: "." and
 * "x/.." removed, no double or trailing slashes.  Malloc'd. */
static char *absolute(const char *path, const char *cwd)
{
	char *joined = path[0] == '/' ? tvk_xstrdup(path) :
		tvk_xasprintf("%s/%s", cwd, path);
	size_t len = strlen(joined);
	char *out = tvk_xmalloc(len + 2);
	size_t n = 0;
	for (const char *p = joined; *p;) {
		while (*p == '/')
			p++;
		size_t k = strcspn(p, "/");
		if (k == 0)
			break;
		if (k == 1 && p[0] == '.') {
			/* nothing */
		} else if (k == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			out[n++] = '/';
			memcpy(out + n, p, k);
			n += k;
		}
		p += k;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	free(joined);
	return out;
}

/* The absolute @target relative to the absolute folder @base. */
static char *relative(const char *target, const char *base)
{
	if (strcmp(base, "/") == 0)
		return tvk_xstrdup(target + 1);
	/* the longest common prefix of whole components */
	size_t common = 0;
	for (size_t i = 0;; i++) {
		bool end_t = target[i] == '\0' || target[i] == '/';
		bool end_b = base[i] == '\0' || base[i] == '/';
		if (end_t && end_b)
			common = i;
		if (target[i] != base[i] || !target[i] || !base[i])
			break;
	}
	struct tvk_buf out = {0};
	tvk_buf_add(&out, "", 0);
	for (const char *p = base + common; *p; p++)
		if (*p == '/')
			tvk_buf_str(&out, out.len ? "/.." : "..");
	const char *rest = target + common;
	if (*rest == '/')
		rest++;
	if (*rest) {
		if (out.len)
			tvk_buf_add(&out, "/", 1);
		tvk_buf_str(&out, rest);
	}
	if (!out.len)
		tvk_buf_add(&out, ".", 1);
	return out.s;
}

/* ---- reading the documents --------------------------------------------- */

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

__attribute__((format(printf, 4, 5)))
static void note(struct reading *rd, const char *file, bool error,
		const char *fmt, ...)
{
	struct tvk_dataset_report *rep = rd->report;
	tvk_grow((void **)&rep->notes, &rd->notes_cap, rep->n_notes + 1,
		sizeof(*rep->notes));
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	rep->notes[rep->n_notes++] = (struct tvk_dataset_note){
		tvk_xstrdup(file), tvk_xstrdup(text), error};
	rep->left_out++;
}

static bool has_conflict(const struct tvk_document *d)
{
	for (size_t i = 0; i < d->n_problems; i++)
		if (d->problems[i].check &&
				strcmp(d->problems[i].check, "conflict") == 0)
			return true;
	return false;
}

static void read_file(struct reading *rd, const char *path)
{
	struct tvk_json_file f;
	tvk_json_file_read(path, &f);
	switch (f.kind) {
	case TVK_JSON_DAMAGED:
		note(rd, path, true, "not valid JSON (line %d: %s); left out "
			"of the dataset", f.line, f.text);
		break;
	case TVK_JSON_RECORD:
	case TVK_JSON_PACKAGE:
		/* tvk's own bookkeeping (the record of a run, a data
		 * package): read past without a word */
		break;
	case TVK_JSON_FOREIGN:
		note(rd, path, false, "not a tvk document; left out of the "
			"dataset");
		break;
	case TVK_JSON_VERSION:
		note(rd, path, false, "schema_version %lld is not one this tvk "
			"reads (1 to %d); left out of the dataset", f.version,
			TVK_SCHEMA_VERSION);
		break;
	case TVK_JSON_DOCUMENT: {
		tvk_grow((void **)&rd->docs, &rd->cap, rd->n + 1,
			sizeof(*rd->docs));
		struct doc *d = &rd->docs[rd->n++];
		memset(d, 0, sizeof(*d));
		d->d = f.doc;
		f.doc = NULL;
		d->name = tvk_xstrdup(path + strlen(rd->root) + 1);
		d->national = d->d->kind == TVK_TABLE_NATIONAL;
		d->conflict = has_conflict(d->d);
		d->year = d->d->year;
		d->quarter = d->d->quarter;
		d->region = d->national ? 0 : d->d->region;
		if (d->d->source.file) {
			/* The document's path is as given to convert, whose
			 * folder is taken to be this one. */
			char *abs = absolute(d->d->source.file, rd->cwd);
			d->source_file = relative(abs, rd->base);
			free(abs);
		} else {
			d->source_file = tvk_xstrdup("");
		}
		if (d->conflict)
			rd->report->conflicts++;
		break;
	}
	}
	tvk_json_file_finish(&f);
}

/* A file of the walk (tvk_walk_fn): the JSON files are read; a folder
 * or file that cannot be reached is the dataset's error (its rows would be
 * lost). */
static int take_file(void *data, const char *path, const struct stat *st)
{
	struct reading *rd = data;
	if (!st)
		return tvk_error_set(rd->err, TVK_ERR_IO, path, 0,
			"cannot read: %s", strerror(errno));
	if (tvk_ends_with(path, ".json"))
		read_file(rd, path);
	return 0;
}

/* "22-rijnmond.2.json": the second version of a conflict, kept beside
 * "22-rijnmond.json"; 1 for the first. */
static int copy_number(const char *name)
{
	size_t len = strlen(name);
	if (len < 7)
		return 1;
	const char *end = name + len - 5; /* ".json" */
	const char *p = end;
	while (p > name && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == end || p == name || p[-1] != '.' || end - p > 6)
		return 1;
	return atoi(p);
}

/* The length of @name without ".json" and a copy's ".N". */
static size_t stem_length(const char *name)
{
	size_t len = strlen(name);
	len = len >= 5 ? len - 5 : len;
	if (copy_number(name) > 1) {
		while (len > 0 && name[len - 1] != '.')
			len--;
		len--;
	}
	return len;
}

/* Period, then regions by number before the national row, then the
 * document (a conflicting version after the first). */
static int by_key(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;
	int kx[4] = {x->year ? x->year : INT_MAX, x->quarter, x->national,
		x->region ? x->region : INT_MAX};
	int ky[4] = {y->year ? y->year : INT_MAX, y->quarter, y->national,
		y->region ? y->region : INT_MAX};
	for (int i = 0; i < 4; i++)
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	size_t nx = stem_length(x->name), ny = stem_length(y->name);
	int c = strncmp(x->name, y->name, nx < ny ? nx : ny);
	if (c != 0 || nx != ny)
		return c != 0 ? c : nx < ny ? -1 : 1;
	return copy_number(x->name) - copy_number(y->name);
}

/* ---- the rows ---------------------------------------------------------- */

struct rows {
	struct row *items;
	size_t n, cap;
};

static struct row *add_row(struct rows *rows)
{
	tvk_grow((void **)&rows->items, &rows->cap, rows->n + 1,
		sizeof(*rows->items));
	struct row *r = &rows->items[rows->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static const char *subject_of(const struct tvk_document_row *cells,
		enum row_kind kind)
{
	if (kind == ROW_REGION_TOTAL)
		return "Totaal AMR";
	if (kind == ROW_NATIONAL)
		return "Nederland";
	return cells->printed_name ? cells->printed_name : "";
}

static bool is_row_subject(const struct doc *d,
		const struct tvk_document_row *cells, enum row_kind kind,
		const struct tvk_document_repair *repair)
{
	const char *subject = repair->subject;
	if (!subject || strcmp(subject, subject_of(cells, kind)) != 0)
		return false;
	if (kind != ROW_MUNICIPALITY)
		return true;
	/* Two rows printed with one name (an invalid table): the repair is
	 * told to neither rather than to the wrong one. */
	size_t same = 0;
	for (size_t i = 0; i < d->d->n_rows; i++)
		same += strcmp(subject_of(&d->d->rows[i], ROW_MUNICIPALITY),
			subject) == 0;
	return same == 1;
}

/* The rows of one row of a document: itself, or its values. */
static void add_table_row(struct rows *rows, const struct doc *d,
		const struct tvk_document_row *cells, enum row_kind kind,
		int position, enum tvk_dataset_shape shape)
{
	if (shape == TVK_DATASET_WIDE) {
		struct row *r = add_row(rows);
		*r = (struct row){d, cells, kind, position, 0, NULL, NULL, NULL};
		return;
	}
	int n_fields = kind == ROW_REGION_TOTAL && d->d->target_group.present ?
		N_COUNT_FIELDS + 2 : N_COUNT_FIELDS;
	for (int f = 0; f < n_fields; f++) {
		struct row *r = add_row(rows);
		*r = (struct row){d, cells, kind, position, f, NULL, NULL, NULL};
		const char *field = f < N_COUNT_FIELDS ? value_fields[f] :
			f == N_COUNT_FIELDS ? "persons" : "known_in_sonar_pct";
		for (size_t i = 0; i < d->d->n_repairs; i++) {
			const struct tvk_document_repair *rep = &d->d->repairs[i];
			if (!rep->field || strcmp(rep->field, field) != 0 ||
					!is_row_subject(d, cells, kind, rep))
				continue;
			if (!r->first_repair)
				r->first_repair = rep;
			r->repair = rep;
		}
	}
}

static void add_doc_rows(struct rows *rows, const struct doc *d,
		enum tvk_dataset_shape shape)
{
	if (d->national) {
		add_table_row(rows, d, &d->d->total, ROW_NATIONAL, 1, shape);
		return;
	}
	for (size_t i = 0; i < d->d->n_rows; i++)
		add_table_row(rows, d, &d->d->rows[i], ROW_MUNICIPALITY,
			(int)i + 1, shape);
	add_table_row(rows, d, &d->d->total, ROW_REGION_TOTAL,
		(int)d->d->n_rows + 1, shape);
}

/* ---- the harmonised series ------------------------------------------- */

/* A municipality row of a quarter, with today's municipality it is part
 * of. */
struct series_entry {
	int year, quarter;
	const struct tvk_municipality *current;
	const char *code;
	const struct tvk_document_row *cells;
	int status; /* index into status_names */
};

static int by_series(const void *a, const void *b)
{
	const struct series_entry *x = a, *y = b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->quarter != y->quarter)
		return x->quarter < y->quarter ? -1 : 1;
	int c = strcmp(x->current->code, y->current->code);
	return c ? c : strcmp(x->code, y->code);
}

/* The municipalities of @date with the one each is part of today. */
struct date_map {
	int date;
	const struct tvk_municipality **m, **current;
	size_t n, cap;
};

static void map_date(struct date_map *map, int date)
{
	if (map->n && map->date == date)
		return;
	map->date = date;
	map->n = 0;
	for (int r = 1; r <= TVK_N_REGIONS; r++) {
		const struct tvk_municipality *const *list;
		size_t k = tvk_gazetteer_in_region_at(r, date, &list);
		for (size_t i = 0; i < k; i++) {
			if (map->n == map->cap) {
				map->cap = 2 * map->cap + 512;
				map->m = tvk_xrealloc(map->m, map->cap,
					sizeof(*map->m));
				map->current = tvk_xrealloc(map->current,
					map->cap, sizeof(*map->current));
			}
			map->m[map->n] = list[i];
			map->current[map->n++] = tvk_gazetteer_current(
				list[i]->code, NULL, NULL);
		}
	}
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* @names (@n of them) sorted, once each, comma-separated; malloc'd, NULL
 * for none. */
static char *name_list(const char **names, size_t n)
{
	if (n == 0)
		return NULL;
	qsort(names, n, sizeof(*names), by_string);
	struct tvk_buf b = {0};
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			tvk_buf_printf(&b, "%s%s", b.len ? ", " : "", names[i]);
	return b.s;
}

/*
 * One row of the series for entries [@e, @e + @n) (one quarter, one
 * municipality of today).  The counts are given only when the quarter's
 * municipalities that are part of it today each have exactly one row
 * with all five counts: a sum that lacks one would be a wrong number.
 */
static void series_row(struct rows *rows, struct doc *d,
		struct series_sum *s, const struct series_entry *e, size_t n,
		struct date_map *map)
{
	const struct tvk_municipality *cur = e[0].current;
	int date = tvk_quarter_date(e[0].year, e[0].quarter);
	map_date(map, date);
	size_t expected = 0;
	for (size_t i = 0; i < map->n; i++)
		expected += map->current[i] == cur;

	bool complete = true;
	int64_t sum[N_COUNT_FIELDS] = {0};
	int status = 0;
	size_t distinct = 0;
	struct tvk_buf codes = {0};
	tvk_buf_add(&codes, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (e[i].status > status)
			status = e[i].status;
		bool repeated = i > 0 && strcmp(e[i].code, e[i - 1].code) == 0;
		if (repeated) {
			complete = false; /* two rows for one municipality */
			continue;
		}
		distinct++;
		if (codes.len)
			tvk_buf_add(&codes, " ", 1);
		tvk_buf_str(&codes, e[i].code);
		bool then = false;
		for (size_t k = 0; k < map->n && !then; k++)
			then = map->current[k] == cur &&
				strcmp(map->m[k]->code, e[i].code) == 0;
		complete = complete && then;
		for (int f = 0; f < N_COUNT_FIELDS; f++) {
			const struct tvk_document_count *v =
				&e[i].cells->counts[f];
			complete = complete && v->known &&
				!__builtin_add_overflow(sum[f], v->value,
					&sum[f]);
		}
	}
	complete = complete && distinct == expected;

	/* The series' own document: its quarter, today's region, the
	 * worst status; its one row, today's municipality, holds the sums. */
	const struct tvk_region *region = tvk_gazetteer_region(cur->region);
	d->d = tvk_document_create();
	d->d->year = d->year = e[0].year;
	d->d->quarter = d->quarter = e[0].quarter;
	d->d->region = d->region = cur->region;
	d->d->region_name = tvk_xstrdup(region ? region->name : "");
	d->d->status = (enum tvk_status)status;
	struct tvk_document_row *cells = &d->d->total;
	cells->current_code = tvk_xstrdup(cur->code);
	cells->current_name = tvk_xstrdup(cur->name);
	for (int f = 0; f < N_COUNT_FIELDS; f++)
		cells->counts[f] = (struct tvk_document_count){complete,
			complete ? sum[f] : 0};
	*s = (struct series_sum){distinct, codes.s, complete};
	struct row *r = add_row(rows);
	*r = (struct row){d, cells, ROW_MUNICIPALITY, 1, 0, NULL, NULL, s};
}

/*
 * The harmonised series of the documents read: each municipality row
 * added into today's municipality it is part of, per quarter.  The rows
 * point into their own docs and sums (*@docs and *@sums, *@n_docs of
 * each): free them with free_series().
 */
static void build_series(const struct reading *rd, struct rows *rows,
		struct doc **docs, struct series_sum **sums, size_t *n_docs,
		struct tvk_dataset_report *rep)
{
	struct series_entry *entries = NULL;
	size_t n = 0, cap = 0;
	const char **split = NULL;
	size_t n_split = 0, cap_split = 0;
	for (size_t i = 0; i < rd->n; i++) {
		const struct doc *d = &rd->docs[i];
		if (d->national)
			continue;
		for (size_t k = 0; k < d->d->n_rows; k++) {
			const struct tvk_document_row *m = &d->d->rows[k];
			const char *code = m->code;
			const struct tvk_municipality *const *succ = NULL;
			size_t n_succ = 0;
			const struct tvk_municipality *cur = code ?
				tvk_gazetteer_current(code, &succ, &n_succ) : NULL;
			if (!cur && n_succ > 0) {
				rep->split_left_out++;
				const char *name = m->name;
				tvk_grow((void **)&split, &cap_split, n_split + 1,
					sizeof(*split));
				split[n_split++] = name ? name : code;
				continue;
			}
			if (!cur || !d->year || !d->quarter) {
				rep->uncoded_left_out++;
				continue;
			}
			tvk_grow((void **)&entries, &cap, n + 1, sizeof(*entries));
			entries[n++] = (struct series_entry){d->year, d->quarter,
				cur, code, m, (int)d->d->status};
		}
	}
	qsort(entries, n, sizeof(*entries), by_series);
	size_t groups = 0;
	for (size_t i = 0; i < n; i++)
		groups += i == 0 || entries[i].year != entries[i - 1].year ||
			entries[i].quarter != entries[i - 1].quarter ||
			entries[i].current != entries[i - 1].current;
	*docs = tvk_xcalloc(groups ? groups : 1, sizeof(**docs));
	*sums = tvk_xcalloc(groups ? groups : 1, sizeof(**sums));
	*n_docs = 0;
	struct date_map map = {0};
	for (size_t i = 0; i < n;) {
		size_t end = i + 1;
		while (end < n && entries[end].year == entries[i].year &&
				entries[end].quarter == entries[i].quarter &&
				entries[end].current == entries[i].current)
			end++;
		series_row(rows, &(*docs)[*n_docs], &(*sums)[*n_docs],
			entries + i, end - i, &map);
		(*n_docs)++;
		i = end;
	}
	free(map.m);
	free(map.current);
	free(entries);
	rep->split_names = name_list(split, n_split);
	free(split);
}

static void free_series(struct doc *docs, struct series_sum *sums,
		size_t n_docs)
{
	for (size_t i = 0; i < n_docs; i++) {
		tvk_document_destroy(docs[i].d);
		free(sums[i].codes);
	}
	free(docs);
	free(sums);
}

/* ---- writing ----------------------------------------------------------- */

/* RFC 4180: a field with the separator, a quote or a line break is
 * quoted, its quotes doubled. */
static void csv_field(struct tvk_buf *t, const char *s, char sep)
{
	char special[] = {sep, '"', '\r', '\n', '\0'};
	if (!strpbrk(s, special)) {
		tvk_buf_str(t, s);
		return;
	}
	tvk_buf_add(t, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			tvk_buf_add(t, "\"", 1);
		tvk_buf_add(t, p, 1);
	}
	tvk_buf_add(t, "\"", 1);
}

static void csv_value(struct tvk_buf *t, const struct value *v, char sep)
{
	char num[24];
	if (v->type == V_INT)
		tvk_buf_add(t, num, tvk_int_str(v->i, num));
	else if (v->type == V_STR)
		csv_field(t, v->s, sep);
	else if (v->type == V_BOOL)
		tvk_buf_str(t, v->b ? "true" : "false");
	/* null: an empty field, the package's missing value */
}

static void write_csv(struct tvk_buf *t, const struct rows *rows,
		const struct column *const *cols, size_t n_cols, bool excel)
{
	char sep = excel ? ';' : ',';
	if (excel)
		tvk_buf_str(t, "\xEF\xBB\xBF");
	for (size_t c = 0; c < n_cols; c++) {
		if (c)
			tvk_buf_add(t, &sep, 1);
		tvk_buf_str(t, cols[c]->name);
	}
	tvk_buf_add(t, "\r\n", 2);
	for (size_t i = 0; i < rows->n; i++) {
		for (size_t c = 0; c < n_cols; c++) {
			if (c)
				tvk_buf_add(t, &sep, 1);
			struct value v;
			cell(cols[c], &rows->items[i], &v);
			csv_value(t, &v, sep);
		}
		tvk_buf_add(t, "\r\n", 2);
	}
}

static void write_ndjson(struct tvk_buf *t, const struct rows *rows,
		const struct column *const *cols, size_t n_cols)
{
	for (size_t i = 0; i < rows->n; i++) {
		json_t *o = json_object();
		for (size_t c = 0; c < n_cols; c++) {
			struct value v;
			cell(cols[c], &rows->items[i], &v);
			json_t *j = v.type == V_INT ? json_integer(v.i) :
				v.type == V_STR ? json_string(v.s) :
				v.type == V_BOOL ? json_boolean(v.b) : NULL;
			json_object_set_new(o, cols[c]->name, j ? j : json_null());
		}
		char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (line) {
			tvk_buf_str(t, line);
			tvk_buf_add(t, "\n", 1);
			free(line);
		}
	}
}

static const char *type_name(enum col_type type)
{
	switch (type) {
	case COL_INTEGER: return "integer";
	case COL_DATE: return "date";
	case COL_BOOLEAN: return "boolean";
	case COL_STRING: break;
	}
	return "string";
}

static json_t *string_array(const char *const *s)
{
	json_t *a = json_array();
	for (; *s; s++)
		json_array_append_new(a, json_string(*s));
	return a;
}

static json_t *table_schema(const struct column *const *cols, size_t n_cols,
		enum tvk_dataset_shape shape)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < n_cols; i++) {
		const struct column *c = cols[i];
		json_t *f = json_object();
		json_object_set_new(f, "name", json_string(c->name));
		json_object_set_new(f, "type", json_string(type_name(c->type)));
		json_object_set_new(f, "description",
			json_string(c->description));
		json_t *k = json_object();
		if (c->required)
			json_object_set_new(k, "required", json_true());
		if (c->has_min)
			json_object_set_new(k, "minimum", json_integer(c->min));
		if (c->has_max)
			json_object_set_new(k, "maximum", json_integer(c->max));
		if (c->pattern)
			json_object_set_new(k, "pattern", json_string(c->pattern));
		if (c->values)
			json_object_set_new(k, "enum", string_array(c->values));
		if (json_object_size(k))
			json_object_set_new(f, "constraints", k);
		else
			json_decref(k);
		json_array_append_new(fields, f);
	}
	json_t *schema = json_object();
	json_object_set_new(schema, "fields", fields);
	json_t *key = json_array();
	if (shape == TVK_DATASET_HARMONIZED) {
		json_array_append_new(key, json_string("current_code"));
		json_array_append_new(key, json_string("year"));
		json_array_append_new(key, json_string("quarter"));
	} else {
		json_array_append_new(key, json_string("document"));
		json_array_append_new(key, json_string("row"));
	}
	if (shape == TVK_DATASET_LONG)
		json_array_append_new(key, json_string("field"));
	json_object_set_new(schema, "primaryKey", key);
	json_t *missing = json_array();
	json_array_append_new(missing, json_string(""));
	json_object_set_new(schema, "missingValues", missing);
	return schema;
}

/* The Frictionless Data Package that describes the CSV at @csv_name. */
static char *datapackage(const char *csv_name, enum tvk_dataset_shape shape,
		bool excel, const struct tvk_dataset_report *rep)
{
	const struct column *cols[N_COLUMNS];
	size_t n_cols = shape_columns(shape, cols);

	json_t *dialect = json_object();
	json_object_set_new(dialect, "delimiter", json_string(excel ? ";" : ","));
	json_object_set_new(dialect, "lineTerminator", json_string("\r\n"));
	json_object_set_new(dialect, "quoteChar", json_string("\""));
	json_object_set_new(dialect, "doubleQuote", json_true());
	json_object_set_new(dialect, "header", json_true());

	json_t *res = json_object();
	json_object_set_new(res, "name", json_string(shape == TVK_DATASET_LONG ?
		"klantprofielen-values" : shape == TVK_DATASET_HARMONIZED ?
		"klantprofielen-harmonised" : "klantprofielen"));
	json_object_set_new(res, "path", json_string(csv_name));
	json_object_set_new(res, "profile", json_string("tabular-data-resource"));
	json_object_set_new(res, "description", json_string(
		shape == TVK_DATASET_LONG ? "One row per value: every count of "
		"every municipality, region total and national row, with what "
		"was printed and how tvk read or repaired it." :
		shape == TVK_DATASET_HARMONIZED ? "One row per quarter and "
		"municipality of today: the counts of the municipalities that "
		"merged into it added up, so that a series runs across mergers. "
		"Rows of municipalities split between several are left out." :
		"One row per municipality, region total and national row of "
		"every table."));
	json_object_set_new(res, "format", json_string("csv"));
	json_object_set_new(res, "mediatype", json_string("text/csv"));
	json_object_set_new(res, "encoding", json_string(excel ? "utf-8-sig" :
		"utf-8"));
	json_object_set_new(res, "dialect", dialect);
	json_object_set_new(res, "schema", table_schema(cols, n_cols, shape));
	json_t *resources = json_array();
	json_array_append_new(resources, res);

	json_t *pkg = json_object();
	json_object_set_new(pkg, "profile", json_string("tabular-data-package"));
	json_object_set_new(pkg, "name", json_string("transparantie-van-klantprofielen"));
	json_object_set_new(pkg, "title", json_string("UWV, Transparantie van "
		"klantprofielen: people of the banenafspraak target group in "
		"Sonar, per municipality and quarter"));
	json_object_set_new(pkg, "resources", resources);
	/* What went in, and what was left out (and why): nothing is dropped
	 * without a word. */
	json_t *tvk = json_object();
	json_object_set_new(tvk, "version", json_string(TVK_VERSION));
	json_object_set_new(tvk, "documents",
		json_integer((json_int_t)rep->documents));
	json_object_set_new(tvk, "conflicting_versions",
		json_integer((json_int_t)rep->conflicts));
	json_t *left = json_array();
	for (size_t i = 0; i < rep->n_notes; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(rep->notes[i].file));
		json_object_set_new(o, "reason",
			json_string(rep->notes[i].message));
		json_array_append_new(left, o);
	}
	json_object_set_new(tvk, "left_out", left);
	if (shape == TVK_DATASET_HARMONIZED) {
		json_t *h = json_object();
		json_object_set_new(h, "split_rows_left_out",
			json_integer((json_int_t)rep->split_left_out));
		json_object_set_new(h, "split_municipalities",
			json_string(rep->split_names ? rep->split_names : ""));
		json_object_set_new(h, "rows_without_code_left_out",
			json_integer((json_int_t)rep->uncoded_left_out));
		json_object_set_new(tvk, "harmonised", h);
	}
	json_object_set_new(pkg, "tvk", tvk);
	char *text = json_dumps(pkg, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(pkg);
	char *out = tvk_xasprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}

char *tvk_dataset_package_path(const char *out)
{
	const char *slash = strrchr(out, '/');
	const char *base = slash ? slash + 1 : out;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot > base ? (size_t)(dot - out) : strlen(out);
	return tvk_xasprintf("%.*s.datapackage.json", (int)stem, out);
}

/* A package already at @path may be replaced only when it is tvk's and
 * describes @csv_name: another is someone's description of another file. */
static int check_package(const char *path, const char *csv_name,
		struct tvk_error *err)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return 0;
	json_t *pkg = json_load_file(path, 0, NULL);
	json_t *res = json_array_get(json_object_get(pkg, "resources"), 0);
	const char *described = json_string_value(json_object_get(res, "path"));
	bool ours = json_object_get(pkg, "tvk") && json_array_size(json_object_get(pkg, "resources"))
		== 1 && described && strcmp(described, csv_name) == 0;
	int rc = 0;
	if (!ours)
		rc = tvk_error_set(err, TVK_ERR_IO, path, 0, "is there already "
			"and describes %s%s; not overwritten (remove it, or "
			"write the dataset under another name)",
			described ? "another file, " : "something else",
			described ? described : "");
	json_decref(pkg);
	return rc;
}

#if TVK_HAVE_XLSX
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
			cell(cols[c], &rows->items[i], &v);
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
	for (size_t i = 0; i < N_COLUMNS; i++) {
		const struct column *c = &columns[i];
		lxw_row_t y = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, y, 0, c->name, NULL);
		worksheet_write_string(ws, y, 1, type_name(c->type), NULL);
		worksheet_write_string(ws, y, 2, c->shapes == (WIDE | LONG) ?
			"rows, values" : c->shapes == WIDE ? "rows" : "values",
			NULL);
		worksheet_write_string(ws, y, 3, c->description, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
}

/* The workbook: the rows, the values, and what the columns mean.  Its
 * creation time is the last quarter's reference date, so that the same
 * documents give the same bytes. */
static int write_xlsx(const char *out, const struct rows *wide,
		const struct rows *values, struct tvk_error *err)
{
	char *tmp = tvk_xasprintf("%s.tmp.%ld", out, (long)getpid());
	lxw_workbook *wb = workbook_new(tmp);
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
	size_t n = shape_columns(TVK_DATASET_WIDE, cols);
	xlsx_sheet(wb, "klantprofielen", wide, cols, n);
	n = shape_columns(TVK_DATASET_LONG, cols);
	xlsx_sheet(wb, "values", values, cols, n);
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

bool tvk_dataset_xlsx_available(void)
{
	return TVK_HAVE_XLSX;
}

static void fill_repair_kinds(void)
{
	for (int k = 0; k <= TVK_REPAIR_PERIOD; k++)
		repair_kind_names[k] = tvk_repair_kind_name((enum tvk_repair_kind)k);
	repair_kind_names[TVK_REPAIR_PERIOD + 1] = NULL;
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

int tvk_dataset_write(const char *dir, const char *out,
		const struct tvk_dataset_options *opt,
		struct tvk_dataset_report *report, struct tvk_error *err)
{
	memset(report, 0, sizeof(*report));
	fill_repair_kinds();
	if (opt->format == TVK_DATASET_XLSX && !TVK_HAVE_XLSX)
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0, "this tvk was "
			"built without Excel output (libxlsxwriter-dev was not "
			"installed)");
	if (opt->format == TVK_DATASET_XLSX && !out)
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0, "a workbook "
			"needs a file name (-o FILE.xlsx)");
	if (opt->format == TVK_DATASET_XLSX &&
			opt->shape == TVK_DATASET_HARMONIZED)
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0, "the "
			"harmonised series is written as CSV or NDJSON");

	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		return tvk_error_set(err, TVK_ERR_IO, ".", 0, "cannot tell the "
			"current folder: %s", strerror(errno));
	char *root = tvk_xstrdup(dir);
	for (size_t len = strlen(root); len > 1 && root[len - 1] == '/';)
		root[--len] = '\0';
	char *out_abs = out ? absolute(out, cwd) : NULL;
	char *base = out_abs ? tvk_xstrdup(out_abs) : tvk_xstrdup(cwd);
	if (out_abs) {
		char *slash = strrchr(base, '/');
		slash[slash == base] = '\0';
	}
	struct reading rd = {.root = root, .cwd = cwd, .base = base,
		.report = report};
	char *pkg_path = NULL;
	struct rows rows = {0}, values = {0};
	struct doc *series_docs = NULL;
	struct series_sum *series_sums = NULL;
	size_t n_series_docs = 0;
	struct tvk_buf text = {0};
	bool package = out && opt->format == TVK_DATASET_CSV;
	const char *out_name = out ? (strrchr(out, '/') ?
		strrchr(out, '/') + 1 : out) : NULL;

	struct stat st;
	int rc = 0;
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = tvk_error_set(err, TVK_ERR_IO, dir, 0, "%s",
			stat(root, &st) != 0 ? "no such folder" : "not a folder "
			"(give the folder 'tvk convert -o' wrote)");
	if (rc == 0 && package) {
		pkg_path = tvk_dataset_package_path(out);
		rc = check_package(pkg_path, out_name, err);
	}
	if (rc == 0) {
		tvk_seen_add(&rd.seen, &st);
		rd.err = err;
		rc = tvk_walk(root, &rd.seen, take_file, &rd);
	}
	tvk_seen_finish(&rd.seen);
	report->documents = rd.n;
	if (rc == 0 && rd.n == 0)
		rc = tvk_error_set(err, TVK_ERR_NO_TABLE, dir, 0,
			"no tvk documents in this folder (convert some PDFs "
			"into it first)");
	if (rc == 0) {
		qsort(rd.docs, rd.n, sizeof(*rd.docs), by_key);
		enum tvk_dataset_shape shape = opt->format == TVK_DATASET_XLSX ?
			TVK_DATASET_WIDE : opt->shape;
		if (shape == TVK_DATASET_HARMONIZED)
			build_series(&rd, &rows, &series_docs, &series_sums,
				&n_series_docs, report);
		else
			for (size_t i = 0; i < rd.n; i++)
				add_doc_rows(&rows, &rd.docs[i], shape);
		report->rows = rows.n;
		const struct column *cols[N_COLUMNS];
		size_t n_cols = shape_columns(shape, cols);
		tvk_buf_add(&text, "", 0);
		if (opt->format == TVK_DATASET_XLSX) {
#if TVK_HAVE_XLSX
			for (size_t i = 0; i < rd.n; i++)
				add_doc_rows(&values, &rd.docs[i],
					TVK_DATASET_LONG);
			rc = write_xlsx(out, &rows, &values, err);
#endif
		} else {
			if (opt->format == TVK_DATASET_CSV)
				write_csv(&text, &rows, cols, n_cols, opt->excel);
			else
				write_ndjson(&text, &rows, cols, n_cols);
			rc = write_text(out, opt->to, &text, err);
		}
	}
	if (rc == 0 && package) {
		char *pkg = datapackage(out_name, opt->shape, opt->excel, report);
		rc = tvk_emit_write(pkg_path, pkg, err);
		free(pkg);
		if (rc == 0)
			report->package = tvk_xstrdup(pkg_path);
	}
	free(text.s);
	if (series_docs)
		free_series(series_docs, series_sums, n_series_docs);
	free(rows.items);
	free(values.items);
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
