/*
 * The columns of tvk dataset.  Everything about a column lives in one
 * table, tvk_dataset_columns[] below: its name, type, constraints,
 * description and where its value comes from (its getter).  The CSV,
 * NDJSON and Excel writers and the data package all read it, so a new
 * column is one entry there.
 */
#include <stdio.h>
#include <string.h>

#include "base/macros.h"
#include "base/text.h"
#include "dataset/dataset.h"

static const char *const row_kind_names[] = {"municipality", "region_total",
	"national", NULL};

const char *const tvk_dataset_value_fields[] = {
	"municipal_with_profile", "municipal_without_profile",
	"uwv_with_profile", "uwv_without_profile", "total",
	"register_persons", "register_known_in_sonar_pct", NULL,
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
	v_str(v, tvk_dataset_value_fields[r->field]);
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

static const char *const table_kind_names[] = {"region", "national",
	NULL};

static void get_table_kind(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, table_kind_names[r->doc->national]);
}

static void get_source_sha256(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->doc->d->source.sha256);
}

/* The rows of the package's repairs and problems: a repair or a
 * problem of a document each. */
static void get_subject(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->problem ? r->problem->subject : r->repair->subject);
}

static void get_item_field(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->problem ? r->problem->field : r->repair->field);
}

static void get_repair_value(const struct column *c, const struct row *r,
		struct value *v)
{
	if (r->repair->has_value)
		v_int(v, r->repair->value);
}

static void get_repair_text(const struct column *c, const struct row *r,
		struct value *v)
{
	if (!r->repair->has_value)
		v_str(v, r->repair->text);
}

static void get_evidence(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->repair->evidence);
}

static void get_check(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->problem->check && r->problem->check[0] ?
		r->problem->check : NULL);
}

static const char *const severity_names[] = {"error", "warning", NULL};

static void get_severity(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, severity_names[r->problem->warning]);
}

static void get_message(const struct column *c, const struct row *r,
		struct value *v)
{
	v_str(v, r->problem->message);
}

static void get_item_page(const struct column *c, const struct row *r,
		struct value *v)
{
	const struct tvk_document_place *p = r->problem ? &r->problem->place :
		&r->repair->place;
	if (p->page > 0)
		v_int(v, p->page);
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
	{field, COL_INTEGER, WIDE | HARM | MUNI | RTOT | NAT, get_count, index, \
	 .has_min = true, .description = text " (people); empty when it could " \
	 "not be read (harmonised: the sum over the municipalities that are " \
	 "part of it today; empty unless complete)."}

static const struct column columns[] = {
	{"document", COL_STRING,
	 WIDE | LONG | MUNI | RTOT | NAT | REPS | PROBS | DOCS, get_document,
	 .required = true, .description = "The JSON document the row comes "
	 "from, relative to the folder the dataset was made from."},
	{"year", COL_INTEGER, WIDE | LONG | HARM | PERIOD, get_year,
	 .has_min = true, .min = 1990, .has_max = true, .max = 2099,
	 .description = "Year of the quarter; empty when the table's period "
	 "could not be read (the table is then invalid)."},
	{"quarter", COL_INTEGER, WIDE | LONG | HARM | PERIOD, get_quarter,
	 .has_min = true, .min = 1, .has_max = true, .max = 4,
	 .description = "Quarter, 1 to 4; empty with the year."},
	{"cbs_period", COL_STRING, WIDE | LONG | HARM | PERIOD,
	 get_cbs_period,
	 .pattern = "^[0-9]{4}KW0[1-4]$", .description = "The quarter as CBS "
	 "codes periods (Perioden), e.g. 2025KW02."},
	{"reference_date", COL_DATE, WIDE | LONG | HARM | PERIOD,
	 get_reference_date, .description = "Last day of the quarter: "
	 "the date the counts refer to."},
	{"region_code", COL_INTEGER, WIDE | LONG | HARM | REGION,
	 get_region_code, .has_min = true, .min = 1, .has_max = true, .max = 35,
	 .description = "UWV's number of the labour-market region "
	 "(arbeidsmarktregio), 1 to 35; empty on national rows, and for a "
	 "table whose region could not be read (the table is then invalid). "
	 "Harmonised: the region the municipality belongs to today."},
	{"region_cbs_code", COL_STRING, WIDE | LONG | HARM | REGION,
	 get_region_cbs_code, .pattern = "^AM[0-9]{2}$",
	 .description = "CBS's code of the labour-market region in the "
	 "table's year (AM01 ... AM38)."},
	{"region_name", COL_STRING, WIDE | LONG | HARM | REGION,
	 get_region_name,
	 .description = "Name of the labour-market region in the table's "
	 "quarter (harmonised: today's)."},
	{"row_kind", COL_STRING, WIDE | LONG, get_row_kind,
	 .required = true, .values = row_kind_names, .description =
	 "municipality: a municipality's row; region_total: the table's "
	 "'Totaal AMR' row; national: the 'Nederland' row of a national "
	 "edition."},
	{"row", COL_INTEGER, WIDE | LONG | MUNI | RTOT | NAT, get_position,
	 .required = true, .has_min = true, .min = 1, .description =
	 "Position of the row in its table, from 1 (the region total comes "
	 "after the municipalities)."},
	{"repair", COL_INTEGER, REPS, get_position, .required = true,
	 .has_min = true, .min = 1, .description = "Which repair of the "
	 "document, from 1, in the document's order."},
	{"problem", COL_INTEGER, PROBS, get_position, .required = true,
	 .has_min = true, .min = 1, .description = "Which problem of the "
	 "document, from 1, in the document's order."},
	{"table_kind", COL_STRING, DOCS, get_table_kind, .required = true,
	 .values = table_kind_names, .description = "region: a table of a "
	 "labour-market region (its municipalities and 'Totaal AMR'); "
	 "national: the 'Nederland' row of a national edition."},
	{"municipality_code", COL_STRING, WIDE | LONG | MUNI, get_code,
	 .pattern = "^GM[0-9]{4}$", .description = "CBS municipality code; "
	 "empty on total rows, and when the printed name matched no "
	 "municipality with confidence."},
	{"municipality_name", COL_STRING, WIDE | LONG | MUNI, get_name,
	 .description = "CBS name of the municipality."},
	{"current_code", COL_STRING, WIDE | LONG | HARM | MUNI,
	 get_current_code, .pattern = "^GM[0-9]{4}$", .description =
	 "CBS code of the municipality this one is part of today: its own "
	 "when unchanged, after mergers the one it merged into; empty on "
	 "total rows, without a code, and for a municipality split between "
	 "several (Haaren, 2021)."},
	{"current_name", COL_STRING, WIDE | LONG | HARM | MUNI,
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
	{"printed_name", COL_STRING, WIDE | MUNI, get_printed_name,
	 .description = "The municipality's name as the publication prints "
	 "it."},
	COUNT("municipal_with_profile", TVK_MUNICIPAL_WITH_PROFILE,
		"Municipal clients in Sonar with a profile"),
	COUNT("municipal_without_profile", TVK_MUNICIPAL_WITHOUT_PROFILE,
		"Municipal clients in Sonar without a profile"),
	COUNT("uwv_with_profile", TVK_UWV_WITH_PROFILE,
		"UWV clients in Sonar with a profile"),
	COUNT("uwv_without_profile", TVK_UWV_WITHOUT_PROFILE,
		"UWV clients in Sonar without a profile"),
	COUNT("total", TVK_TOTAL, "Total in Sonar"),
	{"register_persons", COL_INTEGER, WIDE | RTOT,
	 get_register_persons,
	 .has_min = true, .description = "On region_total rows: the number "
	 "of people in the region's target-group register (doelgroepregister "
	 "banenafspraak), when the edition states it."},
	{"register_known_in_sonar_pct", COL_INTEGER, WIDE | RTOT,
	 get_register_pct, .has_min = true, .has_max = true,
	 .max = 100, .description = "On region_total rows: the share of the "
	 "register known in Sonar, in percent, when the edition states it."},
	{"field", COL_STRING, LONG, get_field, .required = true,
	 .values = tvk_dataset_value_fields, .description = "Which value of "
	 "the row: one of the five counts, or on region_total rows a figure "
	 "of the target-group register."},
	{"value", COL_INTEGER, LONG, get_value, .has_min = true,
	 .description = "The value; empty when it could not be read."},
	{"printed", COL_STRING, LONG | REPS, get_printed, .description =
	 "What the publication prints for the value, when tvk read it in "
	 "another form or changed it; empty when it is printed as its "
	 "value, or when nothing is printed."},
	{"repair_kind", COL_STRING, LONG | REPS, get_repair_kind,
	 .values = repair_kind_names, .description = "How tvk read or "
	 "repaired the value (number-format, missing-cell, wrong-cell, "
	 "misread, split-cell, glued-cell); empty when read as printed."},
	{"status", COL_STRING, WIDE | LONG | HARM | PERIOD, get_status,
	 .required = true, .values = status_names,
	 .description = "Validation status of the table: valid, repaired or "
	 "invalid (an invalid table's counts are as printed); harmonised: "
	 "the worst of the tables added up."},
	{"conflict", COL_BOOLEAN, WIDE | LONG | PERIOD, get_conflict,
	 .required = true, .description = "True when another input gave "
	 "different values for this region and quarter: every version is in "
	 "the dataset, told apart by document; the one accepted version, "
	 "when there is one, keeps its status, the others are invalid."},
	{"source_file", COL_STRING, WIDE | LONG | PERIOD,
	 get_source_file,
	 .required = true, .description = "The PDF the table was read from, "
	 "relative to the dataset's folder."},
	{"source_sha256", COL_STRING, DOCS, get_source_sha256,
	 .pattern = "^[0-9a-f]{64}$", .description = "The SHA-256 of the PDF's "
	 "bytes, which tells it from another file of that name."},
	{"source_page", COL_INTEGER, WIDE | MUNI | RTOT | NAT, get_row_page,
	 .has_min = true,
	 .min = 1, .description = "The page of the PDF the row is printed "
	 "on."},
	{"page", COL_INTEGER, LONG, get_page, .has_min = true,
	 .min = 1, .description = "The page of the PDF the value is printed "
	 "on."},
	{"subject", COL_STRING, REPS | PROBS, get_subject, .description =
	 "What it is about: the printed name of a row, 'Totaal AMR', or "
	 "another part of the table; empty when about the table as a "
	 "whole."},
	{"field", COL_STRING, REPS | PROBS, get_item_field, .description =
	 "Which value of the row (a count's column name), or empty."},
	{"value", COL_INTEGER, REPS, get_repair_value, .description =
	 "The count tvk read or repaired it to; empty for a repair of a "
	 "text (see text)."},
	{"text", COL_STRING, REPS, get_repair_text, .description = "The text "
	 "tvk read or repaired it to (a name, a label); empty for a count."},
	{"evidence", COL_STRING, REPS, get_evidence, .description = "Why: "
	 "the arithmetic or the match behind the repair."},
	{"check", COL_STRING, PROBS, get_check, .description = "The check "
	 "that failed or warns (row-sum, column-sum, conflict, ...)."},
	{"severity", COL_STRING, PROBS, get_severity, .required = true,
	 .values = severity_names, .description = "error: the table is "
	 "invalid for it; warning: the status is left alone."},
	{"message", COL_STRING, PROBS, get_message, .description = "What is "
	 "wrong, in words."},
	{"page", COL_INTEGER, REPS | PROBS, get_item_page, .has_min = true,
	 .min = 1, .description = "The page of the PDF it is about; empty when "
	 "not known."},
};

_Static_assert(TVK_ARRAY_LEN(columns) == N_COLUMNS,
	"N_COLUMNS in dataset.h counts the columns");

const struct column *const tvk_dataset_columns = columns;

size_t tvk_dataset_shape_columns(enum tvk_dataset_shape shape,
		const struct column **out)
{
	int bit = shape == TVK_DATASET_LONG ? LONG :
		shape == TVK_DATASET_HARMONIZED ? HARM : WIDE;
	size_t n = 0;
	for (size_t c = 0; c < N_COLUMNS; c++)
		if (tvk_dataset_columns[c].shapes & bit)
			out[n++] = &tvk_dataset_columns[c];
	return n;
}

void tvk_dataset_cell(const struct column *c, const struct row *r,
		struct value *v)
{
	*v = (struct value){.type = V_NULL};
	c->get(c, r, v);
}

const char *tvk_dataset_type_name(enum col_type type)
{
	switch (type) {
	case COL_INTEGER: return "integer";
	case COL_DATE: return "date";
	case COL_BOOLEAN: return "boolean";
	case COL_STRING: break;
	}
	return "string";
}

void tvk_dataset_columns_init(void)
{
	for (int k = 0; k <= TVK_REPAIR_PERIOD; k++)
		repair_kind_names[k] = tvk_repair_kind_name((enum tvk_repair_kind)k);
	repair_kind_names[TVK_REPAIR_PERIOD + 1] = NULL;
}
