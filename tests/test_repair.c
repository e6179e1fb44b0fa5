/*
 * The table, repair and validate stages together, on synthetic pages: a
 * table the tests lay out themselves, with the damage each case is about.
 */
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "model/model.h"
#include "pipeline/convert.h"
#include "repair/repair.h"
#include "synth.h"
#include "table/table.h"
#include "tvk_check.h"
#include "validate/validate.h"

/* Zaanstreek-Waterland, second quarter of 2025 (from the compendium). */
struct row_def {
	const char *label, *name;
	const char *cells[5];
};

static const struct row_def zaanstreek[] = {
	{"7 Zaanstreek-", "Edam-Volendam", {"25", "73", "107", "41", "246"}},
	{"Waterland", "Landsmeer", {"1", "22", "24", "6", "53"}},
	{NULL, "Oostzaan", {"1", "10", "21", "6", "38"}},
	{NULL, "Purmerend", {"10", "226", "459", "155", "850"}},
	{NULL, "Waterland", {"2", "38", "37", "10", "87"}},
	{NULL, "Wormerland", {"0", "52", "61", "10", "123"}},
	{NULL, "Zaanstad", {"80", "424", "763", "195", "1.462"}},
	{NULL, "Totaal AMR", {"119", "845", "1.472", "423", "2.859"}},
};
#define N_ZAANSTREEK (sizeof(zaanstreek) / sizeof(zaanstreek[0]))

/* A copy of the table that a test may damage. */
struct table_def {
	struct row_def rows[24];
	size_t n;
	const char *title;
	const char *after[4]; /* lines printed after the table */
};

static struct table_def zaanstreek_def(void)
{
	struct table_def d = {.title = "tweede kwartaal 2025 Zaanstreek-Waterland"};
	memcpy(d.rows, zaanstreek, sizeof(zaanstreek));
	d.n = N_ZAANSTREEK;
	return d;
}

static struct tvk_input *run(const struct table_def *d)
{
	struct synth s;
	synth_begin(&s, "synthetic");
	synth_page(&s);
	if (d->title)
		synth_text(&s, 42, d->title);
	synth_text(&s, 42, "Arbeidsmarktregio Gemeente Profiel in Geen profiel in");
	for (size_t i = 0; i < d->n; i++)
		synth_row(&s, d->rows[i].label, d->rows[i].name, d->rows[i].cells);
	for (size_t i = 0; i < 4 && d->after[i]; i++)
		synth_text(&s, 42, d->after[i]);
	int rc;
	struct tvk_input *doc = synth_run(&s, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(doc->n_tables, 1);
	return doc;
}

static const struct tvk_row_reading *row_named(const struct tvk_input_table *t,
		const char *code)
{
	for (size_t i = 0; i < t->raw.n_rows; i++)
		if (t->reading.rows[i].municipality &&
				strcmp(t->reading.rows[i].municipality->code, code) == 0)
			return &t->reading.rows[i];
	ck_abort_msg("no row for %s", code);
	return NULL;
}

static bool has_problem(const struct tvk_input_table *t, const char *check)
{
	for (size_t i = 0; i < t->verdict.problems.n; i++)
		if (strcmp(t->verdict.problems.items[i].check, check) == 0)
			return true;
	return false;
}

static const struct tvk_repair *repair_of(const struct tvk_input_table *t,
		enum tvk_repair_kind kind)
{
	for (size_t i = 0; i < t->reading.repairs.n; i++)
		if (t->reading.repairs.items[i].kind == kind)
			return &t->reading.repairs.items[i];
	return NULL;
}

START_TEST(clean_table_is_valid)
{
	struct table_def d = zaanstreek_def();
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	ck_assert_int_eq(t->reading.region, 7);
	ck_assert_int_eq(t->raw.period.year, 2025);
	ck_assert_int_eq(t->raw.period.quarter, 2);
	ck_assert_uint_eq(t->raw.n_rows, 7);
	ck_assert_str_eq(t->reading.rows[1].name, "Landsmeer");
	ck_assert_str_eq(t->reading.rows[4].name, "Waterland");
	ck_assert_str_eq(row_named(t, "GM0852")->name, "Waterland");
	ck_assert_int_eq(row_named(t, "GM0479")->cells[TVK_TOTAL].value, 1462);
	ck_assert_int_eq(t->reading.total.cells[TVK_UWV_WITH_PROFILE].value, 1472);
	ck_assert_str_eq(t->reading.region_printed, "Zaanstreek- Waterland");
	for (size_t i = 0; i < t->verdict.problems.n; i++)
		ck_abort_msg("unexpected problem: %s", t->verdict.problems.items[i].message);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(missing_part_is_inferred)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		for (size_t r = 0; r < N_ZAANSTREEK; r++) {
			struct table_def d = zaanstreek_def();
			const char *kept = d.rows[r].cells[f];
			d.rows[r].cells[f] = NULL;
			struct tvk_input *doc = run(&d);
			const struct tvk_input_table *t = &doc->tables[0];
			const struct tvk_row_reading *row = r + 1 < N_ZAANSTREEK ?
				&t->reading.rows[r] : &t->reading.total;
			int64_t want;
			tvk_read_number(kept, &want);
			ck_assert_msg(t->verdict.status == TVK_STATUS_REPAIRED,
				"row %zu field %d: status %s", r, f,
				tvk_status_name(t->verdict.status));
			ck_assert_int_eq(row->cells[f].state, TVK_CELL_INFERRED);
			ck_assert_int_eq(row->cells[f].value, want);
			const struct tvk_repair *rep =
				repair_of(t, TVK_REPAIR_MISSING_CELL);
			ck_assert_ptr_nonnull(rep);
			ck_assert_int_eq(rep->value, want);
			ck_assert_str_eq(rep->field,
				tvk_field_name((enum tvk_field)f));
			ck_assert_ptr_null(rep->printed);
			tvk_input_destroy(doc);
		}
	}
}
END_TEST

START_TEST(missing_cell_and_a_wrong_cell_in_its_column)
{
	/* Oostzaan's 1 lost, Purmerend's 10 read as 11: the empty cell's
	 * row gives 1; then the column still fails by the 1 that
	 * Purmerend's row fails by, and only that cell fixes both. */
	struct table_def d = zaanstreek_def();
	d.rows[2].cells[TVK_MUNICIPAL_WITH_PROFILE] = NULL;   /* Oostzaan */
	d.rows[3].cells[TVK_MUNICIPAL_WITH_PROFILE] = "11";   /* was 10 */
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_REPAIRED);
	ck_assert_int_eq(row_named(t, "GM0431")->cells[
		TVK_MUNICIPAL_WITH_PROFILE].value, 1);
	ck_assert_int_eq(row_named(t, "GM0439")->cells[
		TVK_MUNICIPAL_WITH_PROFILE].value, 10);
	const struct tvk_repair *rep = repair_of(t, TVK_REPAIR_MISSING_CELL);
	ck_assert_ptr_nonnull(rep);
	ck_assert_str_eq(rep->subject, "Oostzaan");
	ck_assert_ptr_nonnull(strstr(rep->evidence, "row sum leaves 1;"));
	rep = repair_of(t, TVK_REPAIR_WRONG_CELL);
	ck_assert_ptr_nonnull(rep);
	ck_assert_str_eq(rep->subject, "Purmerend");
	ck_assert_str_eq(rep->printed, "11");
	tvk_input_destroy(doc);

	/* The same, with Purmerend's own total read 1 too high as well:
	 * then Purmerend's row holds, and nothing explains the column. */
	d.rows[3].cells[TVK_TOTAL] = "851";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert_ptr_null(repair_of(t, TVK_REPAIR_MISSING_CELL));
	ck_assert(has_problem(t, "missing-cell"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(missing_cell_with_a_wrong_cell_in_its_row)
{
	/* Oostzaan's first count lost and its third misread: the row
	 * would give the lost cell a wrong value, but its column alone
	 * gives 1, and then the row and the third column both need +1 in
	 * the misread cell. */
	struct table_def d = zaanstreek_def();
	d.rows[2].cells[TVK_MUNICIPAL_WITH_PROFILE] = NULL;
	d.rows[2].cells[TVK_UWV_WITH_PROFILE] = "20";          /* was 21 */
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_REPAIRED);
	const struct tvk_row_reading *row = row_named(t, "GM0431");
	ck_assert_int_eq(row->cells[TVK_MUNICIPAL_WITH_PROFILE].value, 1);
	ck_assert_int_eq(row->cells[TVK_UWV_WITH_PROFILE].value, 21);
	const struct tvk_repair *rep = repair_of(t, TVK_REPAIR_MISSING_CELL);
	ck_assert_ptr_nonnull(rep);
	ck_assert_ptr_nonnull(strstr(rep->evidence, "column sum leaves 1"));
	tvk_input_destroy(doc);

	/* Its total misread instead: a part and its total misread alike
	 * in another row would look the same, so no total is changed
	 * beside a cell its column gave. */
	d = zaanstreek_def();
	d.rows[2].cells[TVK_MUNICIPAL_WITH_PROFILE] = NULL;
	d.rows[2].cells[TVK_TOTAL] = "43";                      /* was 42 */
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "missing-cell"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(two_missing_cells_in_a_row_are_given_by_their_columns)
{
	/* Purmerend's first and third counts lost: its row cannot give
	 * them, but each column has no other gap and gives its own; the
	 * row then adds up. */
	struct table_def d = zaanstreek_def();
	d.rows[3].cells[0] = NULL;
	d.rows[3].cells[2] = NULL;
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_REPAIRED);
	const struct tvk_row_reading *row = row_named(t, "GM0439");
	ck_assert_int_eq(row->cells[0].value, 10);
	ck_assert_int_eq(row->cells[2].value, 459);
	tvk_input_destroy(doc);

	/* With a third gap in one of those columns, two rows share it:
	 * nothing pins them. */
	d.rows[5].cells[0] = NULL;
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "missing-cell"));
	/* Never a value that one sum alone suggested. */
	for (size_t i = 0; i < t->reading.repairs.n; i++)
		if (t->reading.repairs.items[i].kind == TVK_REPAIR_MISSING_CELL)
			ck_assert_str_ne(t->reading.repairs.items[i].subject, "Purmerend");
	tvk_input_destroy(doc);

	/* And with a misread count in one of the columns, the row that
	 * checks the values fails: no repair. */
	d = zaanstreek_def();
	d.rows[3].cells[0] = NULL;
	d.rows[3].cells[2] = NULL;
	d.rows[6].cells[2] = "753"; /* was 763 */
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	tvk_input_destroy(doc);
}
END_TEST

/* A cell as a text layer printed it or as the second look read it. */
struct cell_case {
	size_t row;
	int field;
	int frame;        /* the second look's (enum tvk_reread_frame) */
	const char *text; /* in a layer: NULL for a lost cell */
};

/*
 * Zaanstreek-Waterland as a text layer left it — the first and third
 * columns lost, and the cells @layer names printed as they say — read
 * again with what a second look (second.h) made of the image: every lost
 * cell in both views of its column's frame as printed, then the readings
 * @image names.  Some views read a wrong value for the first counts of
 * Landsmeer, Oostzaan, Waterland and Wormerland and Oostzaan's third,
 * which their rows reject: readings enough that the solver cannot try
 * every combination.
 */
static struct tvk_input *second_look(const struct cell_case *layer,
		size_t n_layer, const struct cell_case *image, size_t n_image)
{
	struct table_def d = zaanstreek_def();
	for (size_t i = 0; i + 1 < d.n; i++) {
		d.rows[i].cells[TVK_MUNICIPAL_WITH_PROFILE] = NULL;
		d.rows[i].cells[TVK_UWV_WITH_PROFILE] = NULL;
	}
	for (size_t i = 0; i < n_layer; i++)
		d.rows[layer[i].row].cells[layer[i].field] = layer[i].text;
	struct tvk_input *doc = run(&d);
	struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);

	size_t rows = t->raw.n_rows + 1;
	struct tvk_rereads rr = {.n_rows = rows,
		.cells = tvk_arena_array(doc->arena, rows, sizeof(*rr.cells))};
	const struct cell_case wrong_views[] = {
		{1, TVK_MUNICIPAL_WITH_PROFILE, TVK_REREAD_COLUMN, "7"},
		{2, TVK_MUNICIPAL_WITH_PROFILE, TVK_REREAD_COLUMN, "4"},
		{4, TVK_MUNICIPAL_WITH_PROFILE, TVK_REREAD_COLUMN, "7"},
		{5, TVK_MUNICIPAL_WITH_PROFILE, TVK_REREAD_COLUMN, "8"},
		{2, TVK_UWV_WITH_PROFILE, TVK_REREAD_COLUMN, "27"},
	};
	struct cell_case all[64];
	size_t n = 0;
	for (size_t i = 0; i + 1 < d.n; i++)
		for (int f = 0; f < TVK_TOTAL; f += 2)
			for (int k = TVK_REREAD_COLUMN;
					k <= TVK_REREAD_COLUMN_CLEAN; k++)
				all[n++] = (struct cell_case){i, f, k,
					zaanstreek[i].cells[f]};
	for (size_t i = 0; i < (sizeof(wrong_views) / sizeof(wrong_views[0])); i++)
		all[n++] = wrong_views[i];
	for (size_t i = 0; i < n_image; i++)
		all[n++] = image[i];
	for (size_t i = 0; i < n; i++) {
		const struct tvk_row *raw = all[i].row < t->raw.n_rows ?
			&t->raw.rows[all[i].row] : &t->raw.total;
		rr.cells[all[i].row][all[i].field][all[i].frame] =
			(struct tvk_reread){all[i].text, raw->box};
	}
	tvk_repair_read(&t->raw, &rr, doc->arena, &t->reading);
	tvk_validate_check(&t->raw, &t->reading, doc->arena, &t->verdict);
	return doc;
}

START_TEST(second_look_of_lost_columns)
{
	/* The third column lost and wrong in more rows than a search near
	 * the layer's readings reaches, and more than one change per column
	 * can mend: Edam-Volendam's count read short in both views and its
	 * total unreadable, then read again; Purmerend's and Zaanstad's
	 * read two ways; Totaal AMR's misread by the layer, then read
	 * again.  Each row's own sum picks its reading, but Edam-Volendam's
	 * takes the short count too (with a total to match): the columns
	 * tell, and confirm every row. */
	const struct cell_case layer[] = {
		{0, TVK_TOTAL, 0, "2:46"},
		{7, TVK_UWV_WITH_PROFILE, 0, "1.412"},
	};
	const struct cell_case image[] = {
		{0, TVK_UWV_WITH_PROFILE, 2, "17"},
		{0, TVK_UWV_WITH_PROFILE, 3, "17"},
		{0, TVK_TOTAL, 0, "246"},
		{3, TVK_UWV_WITH_PROFILE, 3, "469"},
		{6, TVK_UWV_WITH_PROFILE, 3, "768"},
		{7, TVK_UWV_WITH_PROFILE, 0, "1.472"},
	};
	struct tvk_input *doc = second_look(layer,
		(sizeof(layer) / sizeof(layer[0])), image,
		(sizeof(image) / sizeof(image[0])));
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_REPAIRED);
	for (size_t i = 0; i < N_ZAANSTREEK; i++) {
		const struct tvk_row_reading *row = tvk_reading_row(&t->reading,
			&t->raw, i + 1 < N_ZAANSTREEK ? i : t->raw.n_rows);
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			int64_t want;
			ck_assert(tvk_read_number(zaanstreek[i].cells[f], &want) !=
				TVK_FORM_NONE);
			ck_assert_msg(row->cells[f].value == want,
				"%s / %s: %lld, printed %s", zaanstreek[i].name,
				tvk_field_name((enum tvk_field)f),
				(long long)row->cells[f].value,
				zaanstreek[i].cells[f]);
		}
	}
	tvk_input_destroy(doc);

	/* Purmerend read (16, 453) in one view and (10, 459) in the other,
	 * Zaanstad (80, 763) and (74, 769): every reading adds up its
	 * row, and either pair of them its columns, at the same cost.
	 * Nothing tells them apart: no repair. */
	const struct cell_case image2[] = {
		{3, TVK_MUNICIPAL_WITH_PROFILE, 3, "16"},
		{3, TVK_UWV_WITH_PROFILE, 3, "453"},
		{6, TVK_MUNICIPAL_WITH_PROFILE, 2, "74"},
		{6, TVK_UWV_WITH_PROFILE, 2, "769"},
	};
	doc = second_look(NULL, 0, image2, (sizeof(image2) / sizeof(image2[0])));
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "ambiguous-repair"));
	tvk_input_destroy(doc);
}
END_TEST

/* The table of @doc read again with the second look's readings @image. */
static void read_again(struct tvk_input *doc, const struct cell_case *image,
		size_t n)
{
	struct tvk_input_table *t = &doc->tables[0];
	size_t rows = t->raw.n_rows + 1;
	struct tvk_rereads rr = {.n_rows = rows,
		.cells = tvk_arena_array(doc->arena, rows, sizeof(*rr.cells))};
	for (size_t i = 0; i < n; i++) {
		const struct tvk_row *raw = image[i].row < t->raw.n_rows ?
			&t->raw.rows[image[i].row] : &t->raw.total;
		rr.cells[image[i].row][image[i].field][image[i].frame] =
			(struct tvk_reread){image[i].text, raw->box};
	}
	tvk_repair_read(&t->raw, &rr, doc->arena, &t->reading);
	tvk_validate_check(&t->raw, &t->reading, doc->arena, &t->verdict);
}

START_TEST(two_readings_that_close_every_sum)
{
	/* Purmerend's 226 printed 236 and Zaanstad's 763 printed 773: two
	 * rows and two columns fail by 10.  The image read again gives the
	 * two counts as they are — and, in another frame, Purmerend's 459
	 * as 449 and Zaanstad's 424 as 414: changes of 10 round the same
	 * rectangle the other way, which close every sum just as well.  Both are
	 * readings of the page; the sums cannot tell them apart, so the
	 * table is invalid with both listed. */
	struct table_def d = zaanstreek_def();
	d.rows[3].cells[TVK_MUNICIPAL_WITHOUT_PROFILE] = "236";
	d.rows[6].cells[TVK_UWV_WITH_PROFILE] = "773";
	const struct cell_case both[] = {
		{3, TVK_MUNICIPAL_WITHOUT_PROFILE, TVK_REREAD_BAND, "226"},
		{6, TVK_UWV_WITH_PROFILE, TVK_REREAD_BAND, "763"},
		{3, TVK_UWV_WITH_PROFILE, TVK_REREAD_TOKEN_CLEAN, "449"},
		{6, TVK_MUNICIPAL_WITHOUT_PROFILE, TVK_REREAD_TOKEN_CLEAN, "414"},
	};
	struct tvk_input *doc = run(&d);
	read_again(doc, both, sizeof(both) / sizeof(both[0]));
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "ambiguous-repair"));
	/* the numbers as printed */
	ck_assert_int_eq(t->reading.rows[3].cells[TVK_MUNICIPAL_WITHOUT_PROFILE]
		.value, 236);
	ck_assert_int_eq(t->reading.rows[6].cells[TVK_UWV_WITH_PROFILE].value,
		773);
	tvk_input_destroy(doc);

	/* The image reads Purmerend's 449 and Zaanstad's 414 alone: with
	 * them every sum closes; with the printed 236 and 773 kept, two
	 * counts changed by the sums alone (226 and 763) close them too.
	 * Neither more readings of the image nor fewer changed counts make
	 * one of them right: no repair. */
	doc = run(&d);
	read_again(doc, both + 2, 2);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "ambiguous-repair"));
	tvk_input_destroy(doc);

	/* With no reading at all, the two pairings are two changed counts
	 * each: no repair. */
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(a_cell_whose_row_adds_up_is_not_changed)
{
	/* Zaanstad's 424 read 434 and its total 1.462 read 1.472: its row
	 * adds up as read, so neither count may change — though the
	 * columns fail, and a reading of the image offers 424 and 1.462.
	 * Only cells where a failing row crosses a failing column may. */
	struct table_def d = zaanstreek_def();
	d.rows[6].cells[TVK_MUNICIPAL_WITHOUT_PROFILE] = "434";
	d.rows[6].cells[TVK_TOTAL] = "1.472";
	const struct cell_case image[] = {
		{6, TVK_MUNICIPAL_WITHOUT_PROFILE, TVK_REREAD_BAND, "424"},
		{6, TVK_TOTAL, TVK_REREAD_BAND, "1.462"},
	};
	struct tvk_input *doc = run(&d);
	read_again(doc, image, 2);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert_int_eq(t->reading.rows[6].cells[TVK_TOTAL].value, 1472);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(wrong_cell_is_repaired)
{
	/* Wormerland's 61 misread as 67: its row and the column fail by
	 * the same 6, and only that cell fixes both. */
	struct table_def d = zaanstreek_def();
	d.rows[5].cells[TVK_UWV_WITH_PROFILE] = "67";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_REPAIRED);
	ck_assert_int_eq(t->reading.rows[5].cells[TVK_UWV_WITH_PROFILE].value, 61);
	ck_assert_int_eq(t->reading.rows[5].cells[TVK_UWV_WITH_PROFILE].state,
		TVK_CELL_CORRECTED);
	const struct tvk_repair *r = repair_of(t, TVK_REPAIR_WRONG_CELL);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->printed, "67");
	ck_assert_int_eq(r->value, 61);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(several_wrong_cells_only_one_slip_away)
{
	/* Purmerend's 226 misread as 228 (one slip), and a second cell
	 * elsewhere: when the sums must change two counts, each must be one
	 * slip of OCR from what is printed — a digit changed, added,
	 * dropped, two swapped; zeros printed in front count as digits. */
	static const struct {
		int row, field;
		const char *printed;
		int64_t truth;
		bool repaired;
	} cases[] = {
		{5, TVK_UWV_WITH_PROFILE, "16", 61, true},      /* swapped */
		{5, TVK_UWV_WITH_PROFILE, "6", 61, true},       /* dropped */
		{5, TVK_UWV_WITH_PROFILE, "611", 61, true},     /* added */
		{5, TVK_UWV_WITH_PROFILE, "01", 61, true},      /* 6 as 0 */
		{5, TVK_UWV_WITH_PROFILE, "85", 61, false},     /* two digits */
		{5, TVK_UWV_WITH_PROFILE, "9", 61, false},      /* dropped, changed */
		{6, TVK_TOTAL, "1.426", 1462, true},            /* swapped */
		{6, TVK_TOTAL, "1.264", 1462, false},           /* 4 and 6 apart */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct table_def d = zaanstreek_def();
		d.rows[3].cells[TVK_MUNICIPAL_WITHOUT_PROFILE] = "228";
		d.rows[cases[i].row].cells[cases[i].field] = cases[i].printed;
		struct tvk_input *doc = run(&d);
		const struct tvk_input_table *t = &doc->tables[0];
		const struct tvk_cell *c = &t->reading.rows[cases[i].row].cells[
			cases[i].field];
		if (cases[i].repaired) {
			ck_assert_msg(t->verdict.status == TVK_STATUS_REPAIRED,
				"'%s': %s", cases[i].printed,
				tvk_status_name(t->verdict.status));
			ck_assert_int_eq(c->value, cases[i].truth);
			ck_assert_int_eq(t->reading.rows[3].cells[
				TVK_MUNICIPAL_WITHOUT_PROFILE].value, 226);
		} else {
			ck_assert_msg(t->verdict.status == TVK_STATUS_INVALID,
				"'%s': %s", cases[i].printed,
				tvk_status_name(t->verdict.status));
			ck_assert_ptr_null(repair_of(t, TVK_REPAIR_WRONG_CELL));
		}
		tvk_input_destroy(doc);

		/* Alone, any such cell is repaired: its row and its column
		 * agree on it, and nothing else fails. */
		d = zaanstreek_def();
		d.rows[cases[i].row].cells[cases[i].field] = cases[i].printed;
		doc = run(&d);
		t = &doc->tables[0];
		ck_assert_msg(t->verdict.status == TVK_STATUS_REPAIRED, "'%s' alone: %s",
			cases[i].printed, tvk_status_name(t->verdict.status));
		ck_assert_int_eq(t->reading.rows[cases[i].row].cells[
			cases[i].field].value, cases[i].truth);
		tvk_input_destroy(doc);
	}
}
END_TEST

START_TEST(wrong_totals_are_repaired)
{
	/* A municipality's total, and a cell of Totaal AMR. */
	struct table_def d = zaanstreek_def();
	d.rows[3].cells[TVK_TOTAL] = "880";      /* Purmerend, was 850 */
	struct tvk_input *doc = run(&d);
	ck_assert_int_eq(doc->tables[0].verdict.status, TVK_STATUS_REPAIRED);
	ck_assert_int_eq(doc->tables[0].reading.rows[3].cells[TVK_TOTAL].value, 850);
	tvk_input_destroy(doc);

	d = zaanstreek_def();
	d.rows[7].cells[TVK_MUNICIPAL_WITHOUT_PROFILE] = "875"; /* was 845 */
	doc = run(&d);
	ck_assert_int_eq(doc->tables[0].verdict.status, TVK_STATUS_REPAIRED);
	ck_assert_int_eq(doc->tables[0].reading.total.cells[1].value, 845);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(two_wrong_cells_in_one_row_are_invalid)
{
	struct table_def d = zaanstreek_def();
	d.rows[3].cells[0] = "16";  /* Purmerend, was 10 */
	d.rows[3].cells[2] = "450"; /* was 459 */
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert_int_eq(t->reading.rows[3].cells[0].value, 16); /* as printed */
	ck_assert_ptr_null(repair_of(t, TVK_REPAIR_WRONG_CELL));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(wrong_cell_with_its_wrong_total_is_invalid)
{
	/* 10 → 13 and 850 → 853: the row still adds up, two columns fail,
	 * and Totaal AMR could as well be the wrong one. */
	struct table_def d = zaanstreek_def();
	d.rows[3].cells[0] = "13";
	d.rows[3].cells[4] = "853";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert_int_eq(t->reading.rows[3].cells[0].value, 13);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(wrong_cell_in_a_one_municipality_region_is_invalid)
{
	struct table_def d = {.title = "tweede kwartaal 2025 Gorinchem", .n = 2};
	d.rows[0] = (struct row_def){"24 Gorinchem", "Gorinchem",
		{"11", "161", "244", "65", "481"}};
	d.rows[1] = (struct row_def){NULL, "Totaal AMR",
		{"11", "161", "244", "65", "481"}};
	/* No region has a single municipality: Gorinchem's two others are
	 * missing (the composition check), but the one row's sums hold. */
	struct tvk_input *doc = run(&d);
	ck_assert(has_problem(&doc->tables[0], "composition"));
	ck_assert(!has_problem(&doc->tables[0], "row-sum"));
	ck_assert(!has_problem(&doc->tables[0], "column-sum"));
	tvk_input_destroy(doc);
	d.rows[0].cells[2] = "214";
	doc = run(&d);
	ck_assert_int_eq(doc->tables[0].verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(&doc->tables[0], "row-sum"));
	ck_assert_int_eq(doc->tables[0].reading.rows[0].cells[2].value, 214);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(number_formats_are_readings)
{
	struct table_def d = zaanstreek_def();
	d.rows[6].cells[TVK_TOTAL] = "1,462";
	d.rows[7].cells[TVK_TOTAL] = "2859";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	ck_assert_int_eq(t->reading.total.cells[TVK_TOTAL].value, 2859);
	size_t formats = 0;
	for (size_t i = 0; i < t->reading.repairs.n; i++)
		formats += t->reading.repairs.items[i].kind == TVK_REPAIR_NUMBER_FORMAT;
	ck_assert_uint_eq(formats, 2);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(glued_label_fragments)
{
	/* An OCR layer that lost the column gap: the label's words sit a
	 * space away from the name. */
	struct table_def d = zaanstreek_def();
	d.rows[0].label = NULL;
	d.rows[0].name = "7 Zaanstreek- Edam-Volendam";
	d.rows[1].label = NULL;
	d.rows[1].name = "Waterland Landsmeer";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	ck_assert_str_eq(t->reading.rows[0].name, "Edam-Volendam");
	ck_assert_str_eq(t->reading.rows[1].name, "Landsmeer");
	ck_assert_str_eq(t->reading.rows[1].municipality->code, "GM0415");
	ck_assert_str_eq(t->reading.rows[4].municipality->code, "GM0852");
	ck_assert_ptr_nonnull(repair_of(t, TVK_REPAIR_LABEL_FRAGMENT));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(label_in_its_column_is_not_a_repair)
{
	struct table_def d = zaanstreek_def();
	struct tvk_input *doc = run(&d);
	ck_assert_ptr_null(repair_of(&doc->tables[0], TVK_REPAIR_LABEL_FRAGMENT));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(wrapped_name_is_joined)
{
	struct synth s;
	synth_begin(&s, "wrapped");
	synth_page(&s);
	synth_text(&s, 42, "tweede kwartaal 2025 Zuid-Holland Centraal");
	synth_text(&s, 42, "18 Zuid-Holland");
	synth_text(&s, 42, "Centraal");
	synth_row(&s, NULL, "Lansingerland", (const char *[]){"4", "93", "131", "31", "259"});
	synth_row(&s, NULL, "Leidschendam-", (const char *[]){"8", "337", "287", "47", "679"});
	synth_text(&s, SYNTH_NAME_X, "Voorburg");
	synth_row(&s, NULL, "Pijnacker-Nootdorp", (const char *[]){"21", "109", "144", "26", "300"});
	synth_row(&s, NULL, "Voorschoten", (const char *[]){"3", "61", "59", "14", "137"});
	synth_row(&s, NULL, "Hardinxveld-", (const char *[]){"1", "55", "45", "16", "117"});
	synth_text(&s, SYNTH_NAME_X, "Wassenaar");
	synth_row(&s, NULL, "Zoetermeer", (const char *[]){"20", "643", "745", "169", "1.577"});
	synth_row(&s, NULL, "Totaal AMR", (const char *[]){"57", "1.298", "1.411", "303", "3.069"});
	int rc;
	struct tvk_input *doc = synth_run(&s, &rc);
	ck_assert_int_eq(rc, 0);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->reading.region, 18);
	ck_assert_str_eq(t->reading.region_printed, "Zuid-Holland Centraal");
	ck_assert_str_eq(t->reading.rows[1].name, "Leidschendam-Voorburg");
	ck_assert_str_eq(t->reading.rows[1].municipality->code, "GM1916");
	ck_assert_ptr_nonnull(repair_of(t, TVK_REPAIR_NAME_JOIN));
	/* "Hardinxveld-" + "Wassenaar" is no municipality: no join, and
	 * the stray line is reported rather than swallowed. */
	ck_assert_str_eq(t->reading.rows[4].name, "Hardinxveld-");
	ck_assert(has_problem(t, "layout") || has_problem(t, "name"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(label_after_the_table)
{
	/* The 2020 sheets' layout: no label column, the label under the
	 * total (in 2022, when the region's list was already 2025's: it
	 * lost Beemster on 1 January 2022). */
	struct table_def d = zaanstreek_def();
	d.title = "Tweede kwartaal 2022";
	d.rows[0].label = NULL;
	d.rows[1].label = NULL;
	d.after[0] = "7 Zaanstreek-Waterland";
	d.after[1] = "In Sonar zijn niet alle doelgroepers opgenomen, in de "
		"arbeidsmarktregio Zaanstreek/Waterland bevat het "
		"doelgroepregister banenafspraak in totaal 3.976 personen.";
	d.after[2] = "Hiervan is 72% bekend binnen Sonar.";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->reading.region, 7);
	ck_assert_int_eq(t->raw.period.year, 2022);
	ck_assert_str_eq(t->reading.region_printed, "Zaanstreek-Waterland");
	ck_assert(t->reading.target_group.present);
	ck_assert_int_eq(t->reading.target_group.persons, 3976);
	ck_assert_int_eq(t->reading.target_group.pct, 72); /* 2859 / 3976 = 71.9% */
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(register_percentage_is_checked)
{
	struct table_def d = zaanstreek_def();
	d.after[0] = "in de arbeidsmarktregio Zaanstreek/Waterland bevat het "
		"doelgroepregister banenafspraak in totaal 3.976 personen.";
	d.after[1] = "Hiervan is 91% bekend binnen Sonar.";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "register"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(register_percentage_through_ocr)
{
	/* An OCR layer's mark between the words: the share reads. */
	struct table_def d = zaanstreek_def();
	d.after[0] = "in de arbeidsmarktregio Zaanstreek/Waterland bevat het "
		"doelgroepregister banenafspraak in totaal 3.976 personen.";
	d.after[1] = "Hiervan is. 72% bekend binnen Sonar.";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert(t->reading.target_group.pct_known);
	ck_assert_int_eq(t->reading.target_group.pct, 72);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	tvk_input_destroy(doc);

	/* A share that does not read is reported, never left out: the
	 * table is not whole. */
	d.after[1] = "Hiervan is ..% bekend binnen Sonar.";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert(!t->reading.target_group.pct_known);
	ck_assert_str_eq(t->reading.target_group.printed_pct, "..%");
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "register"));
	tvk_input_destroy(doc);

	/* OCR glues "in" to "totaal" and puts a full stop after the
	 * count: it reads. */
	d.after[0] = "in de arbeidsmarktregio Zaanstreek/Waterland bevat het "
		"doelgroepregister banenafspraak intotaal 3.976. personen.";
	d.after[1] = "Hiervan is*72% bekend binnen Sonar.";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert(t->reading.target_group.persons_known);
	ck_assert_int_eq(t->reading.target_group.persons, 3976);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	tvk_input_destroy(doc);

	/* OCR reads the thousands' dot as a hyphen: the count reads, and
	 * the share in Sonar printed beside it holds it to the table's
	 * total (2.859 of 3.976 is 72%), or the table is not accepted. */
	d.after[0] = "in de arbeidsmarktregio Zaanstreek/Waterland bevat het "
		"doelgroepregister banenafspraak in totaal 3-976 personen.";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert(t->reading.target_group.persons_known);
	ck_assert_int_eq(t->reading.target_group.persons, 3976);
	ck_assert_int_ne(t->verdict.status, TVK_STATUS_INVALID);
	tvk_input_destroy(doc);
	d.after[1] = "Hiervan is 52% bekend binnen Sonar.";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "register"));
	tvk_input_destroy(doc);
	d.after[1] = "Hiervan is*72% bekend binnen Sonar.";

	/* The share spoiled past reading ("Hiervan" lost, 670 for 72):
	 * printed, so the table is not accepted without it. */
	d.after[1] = "Beever e 670 bekend binnen Sonar.";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert(!t->reading.target_group.pct_known);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "register"));
	tvk_input_destroy(doc);
	d.after[1] = "Hiervan is*72% bekend binnen Sonar.";

	/* The sentence is printed, its count of people is not readable:
	 * the register is not silently left out. */
	d.after[0] = "in de arbeidsmarktregio Zaanstreek/Waterland bevat het "
		"doelgroepregister banenafspraak in totaal \xe2\x80\x98"
		"8 ,@ personen.";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert(t->reading.target_group.present);
	ck_assert(!t->reading.target_group.persons_known);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "register"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(region_from_municipalities_alone)
{
	struct table_def d = zaanstreek_def();
	d.title = "tweede kwartaal 2025";
	d.rows[0].label = NULL;
	d.rows[1].label = NULL;
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->reading.region, 7);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(title_disagreeing_with_the_table_is_reported)
{
	struct table_def d = zaanstreek_def();
	d.title = "tweede kwartaal 2025 Friesland";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	/* Label and municipalities outweigh the title, and say so. */
	ck_assert_int_eq(t->reading.region, 7);
	ck_assert(has_problem(t, "region"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(unknown_name_keeps_counts_and_makes_the_table_invalid)
{
	struct table_def d = zaanstreek_def();
	d.rows[3].name = "Xyzzyplex";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_ptr_null(t->reading.rows[3].municipality);
	ck_assert_int_eq(t->reading.rows[3].cells[TVK_TOTAL].value, 850);
	ck_assert(has_problem(t, "name"));
	/* The sums hold, but a row nobody can join makes the table
	 * incomplete: invalid, its counts as printed. */
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	for (size_t i = 0; i < t->verdict.problems.n; i++)
		if (strcmp(t->verdict.problems.items[i].check, "name") == 0)
			ck_assert(!t->verdict.problems.items[i].warning);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(short_noise_after_a_name)
{
	/* One or two short tokens after a name that then matches nothing:
	 * dropped, logged; the name as printed is kept.  A name that stays
	 * unmatched is the region's one municipality without a row when it
	 * is still like it (the name by elimination), and otherwise has no
	 * code. */
	static const struct {
		const char *printed, *code, *evidence;
	} cases[] = {
		{"Purmerend pes", "GM0439", "noise"},
		{"Purmerend ND", "GM0439", "noise"},
		{"Purrnerend : ND", "GM0439", "the only row"},
		{"purmerend xy", "GM0439", "noise"},    /* folded */
		{"Purmerend Noord", NULL, NULL},        /* four letters: a word,
		                                           and too long a rest */
		{"Purmerend a b c", "GM0439", "the only row"},
		{"Oostzaan pes", NULL, NULL},           /* a name another row has */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct table_def d = zaanstreek_def();
		d.rows[3].name = cases[i].printed;
		struct tvk_input *doc = run(&d);
		const struct tvk_input_table *t = &doc->tables[0];
		const struct tvk_row_reading *row = &t->reading.rows[3];
		ck_assert_str_eq(row->name, cases[i].printed);
		if (cases[i].code) {
			ck_assert_msg(row->municipality, "'%s' not matched",
				cases[i].printed);
			ck_assert_str_eq(row->municipality->code, cases[i].code);
			const struct tvk_repair *rep =
				repair_of(t, TVK_REPAIR_NAME);
			ck_assert_ptr_nonnull(rep);
			ck_assert_str_eq(rep->printed, cases[i].printed);
			ck_assert_msg(strstr(rep->evidence, cases[i].evidence),
				"'%s': %s", cases[i].printed, rep->evidence);
			ck_assert(!has_problem(t, "name"));
		} else {
			/* no code, or the code of another row: a duplicate
			 * for the composition check */
			ck_assert(has_problem(t, "name") ||
				has_problem(t, "composition"));
		}
		tvk_input_destroy(doc);
	}
}
END_TEST

START_TEST(the_last_name_by_elimination)
{
	/* Two rows whose names match nothing: which is which would be a
	 * guess, and neither is matched; a name unlike the one missing
	 * municipality is not matched either. */
	struct table_def d = zaanstreek_def();
	d.rows[3].name = "Qvqvqvq";
	d.rows[4].name = "Xwxwxwx";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_ptr_null(t->reading.rows[3].municipality);
	ck_assert_ptr_null(t->reading.rows[4].municipality);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	tvk_input_destroy(doc);

	d = zaanstreek_def();
	d.rows[3].name = "Qvqvqvq";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_ptr_null(t->reading.rows[3].municipality);
	ck_assert(has_problem(&doc->tables[0], "name"));
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(names_by_elimination)
{
	/* Two names OCR spoiled beyond a match, each still like one of the
	 * two municipalities without a row and nearest it: both named, the
	 * table valid with its counts where they were printed. */
	struct table_def d = zaanstreek_def();
	d.rows[3].name = "Pvrrnerenc";
	d.rows[6].name = "Zasnstsd";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_ptr_nonnull(t->reading.rows[3].municipality);
	ck_assert_str_eq(t->reading.rows[3].municipality->code, "GM0439");
	ck_assert_ptr_nonnull(t->reading.rows[6].municipality);
	ck_assert_str_eq(t->reading.rows[6].municipality->code, "GM0479");
	const struct tvk_repair *rep = repair_of(t, TVK_REPAIR_NAME);
	ck_assert_ptr_nonnull(rep);
	ck_assert_msg(strstr(rep->evidence, "2 rows match no municipality"),
		"%s", rep->evidence);
	ck_assert_int_ne(t->verdict.status, TVK_STATUS_INVALID);
	tvk_input_destroy(doc);

	/* Both printed alike, like both missing names: which is which is a
	 * guess, and neither is named. */
	d = zaanstreek_def();
	d.rows[4].name = "Wxtxrlxnd";
	d.rows[5].name = "Wxtxrlxnd";
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_ptr_null(t->reading.rows[4].municipality);
	ck_assert_ptr_null(t->reading.rows[5].municipality);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	tvk_input_destroy(doc);

	/* One row like one of the two alone: it is that one, and the other
	 * row, like both, is the other (forced), when it is nearer it. */
	d = zaanstreek_def();
	d.rows[4].name = "Wxtxrland";  /* Waterland only */
	d.rows[5].name = "Wxrmerlxnd"; /* Wormerland, and Waterland */
	doc = run(&d);
	t = &doc->tables[0];
	ck_assert_ptr_nonnull(t->reading.rows[4].municipality);
	ck_assert_str_eq(t->reading.rows[4].municipality->code, "GM0852");
	ck_assert_ptr_nonnull(t->reading.rows[5].municipality);
	ck_assert_str_eq(t->reading.rows[5].municipality->code, "GM0880");
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(letters_for_the_last_count)
{
	/* OCR reads Totaal AMR's total as letters, and a municipality's
	 * count between two others: the rows are still rows, and each
	 * lost count is given by its row and its column. */
	struct table_def d = zaanstreek_def();
	d.rows[7].cells[4] = "ee";
	d.rows[2].cells[3] = "Et";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert(t->raw.has_total);
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_REPAIRED);
	ck_assert_int_eq(t->reading.total.cells[TVK_TOTAL].value, 2859);
	ck_assert_int_eq(t->reading.rows[2].cells[TVK_UWV_WITHOUT_PROFILE].value, 6);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(no_total_row_is_invalid)
{
	struct table_def d = zaanstreek_def();
	d.n--;
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_INVALID);
	ck_assert(has_problem(t, "total"));
	tvk_input_destroy(doc);
}
END_TEST

/* What is not this publication holds no table: prose, and slides with a
 * table of their own (a header and a total that are not the Sonar
 * columns and Totaal AMR). */
START_TEST(other_documents_hold_no_table)
{
	static const char *const foreign[][6] = {
		{"Gemeente", "Inwoners", "Banen", "Vacatures", "Plaatsingen", NULL},
		{"Amsterdam", "931.298", "620.000", "12.400", "1.201", NULL},
		{"Rotterdam", "664.311", "410.000", "8.100", "950", NULL},
		{"Totaal", "1.595.609", "1.030.000", "20.500", "2.151", NULL},
	};
	for (int kind = 0; kind < 2; kind++) {
		struct synth s;
		synth_begin(&s, "other");
		synth_page(&s);
		synth_text(&s, 42, "tweede kwartaal 2025 Arbeidsmarkt in beeld");
		synth_text(&s, 42, "Gemeenten en UWV hebben een gedeelde "
			"verantwoordelijkheid om transparantie op de "
			"arbeidsmarkt te realiseren, 2 keer per jaar.");
		for (size_t r = 0; kind == 1 && r < 4; r++)
			synth_row(&s, NULL, foreign[r][0], foreign[r] + 1);
		synth_text(&s, 42, "Disclaimer Bronvermelding bij overname is "
			"verplicht. UWV 2025 1");
		struct tvk_input *doc = synth_end(&s);
		struct tvk_lexer *lexer = tvk_lexer_create();
		struct tvk_error err;
		tvk_error_clear(&err);
		ck_assert_int_eq(tvk_input_analyse(doc, lexer, &err), -1);
		ck_assert_int_eq(err.code, TVK_ERR_NO_TABLE);
		ck_assert_uint_eq(doc->n_tables, 0);
		tvk_lexer_destroy(lexer);
		tvk_input_destroy(doc);
	}
}
END_TEST

START_TEST(damaged_period_is_read_and_logged)
{
	struct table_def d = zaanstreek_def();
	d.title = "tweede kwartaa1 2025 Zaanstreek-Waterland";
	struct tvk_input *doc = run(&d);
	const struct tvk_input_table *t = &doc->tables[0];
	ck_assert_int_eq(t->raw.period.year, 2025);
	ck_assert_int_eq(t->raw.period.quarter, 2);
	ck_assert_ptr_nonnull(repair_of(t, TVK_REPAIR_PERIOD));
	ck_assert_int_eq(t->verdict.status, TVK_STATUS_VALID);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(shuffled_words_give_the_same_table)
{
	for (unsigned seed = 1; seed <= 20; seed++) {
		struct table_def d = zaanstreek_def();
		d.rows[2].cells[0] = NULL;
		struct synth s;
		synth_begin(&s, "shuffled");
		synth_page(&s);
		synth_text(&s, 42, d.title);
		for (size_t i = 0; i < d.n; i++)
			synth_row(&s, d.rows[i].label, d.rows[i].name,
				d.rows[i].cells);
		struct tvk_input *doc = synth_end(&s);
		synth_shuffle(doc, seed);
		struct tvk_lexer *lexer = tvk_lexer_create();
		struct tvk_error err;
		tvk_error_clear(&err);
		ck_assert_int_eq(tvk_input_analyse(doc, lexer, &err), 0);
		const struct tvk_input_table *t = &doc->tables[0];
		ck_assert_int_eq(t->verdict.status, TVK_STATUS_REPAIRED);
		ck_assert_int_eq(t->reading.rows[2].cells[0].value, 1);
		ck_assert_str_eq(t->reading.rows[1].name, "Landsmeer");
		tvk_lexer_destroy(lexer);
		tvk_input_destroy(doc);
	}
}
END_TEST

static Suite *repair_suite(void)
{
	Suite *s = suite_create("repair");
	TCase *tc = tcase_create("repair");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, clean_table_is_valid);
	tcase_add_test(tc, missing_part_is_inferred);
	tcase_add_test(tc, missing_cell_and_a_wrong_cell_in_its_column);
	tcase_add_test(tc, missing_cell_with_a_wrong_cell_in_its_row);
	tcase_add_test(tc, two_missing_cells_in_a_row_are_given_by_their_columns);
	tcase_add_test(tc, second_look_of_lost_columns);
	tcase_add_test(tc, wrong_cell_is_repaired);
	tcase_add_test(tc, several_wrong_cells_only_one_slip_away);
	tcase_add_test(tc, wrong_totals_are_repaired);
	tcase_add_test(tc, two_wrong_cells_in_one_row_are_invalid);
	tcase_add_test(tc, wrong_cell_with_its_wrong_total_is_invalid);
	tcase_add_test(tc, wrong_cell_in_a_one_municipality_region_is_invalid);
	tcase_add_test(tc, number_formats_are_readings);
	tcase_add_test(tc, glued_label_fragments);
	tcase_add_test(tc, label_in_its_column_is_not_a_repair);
	tcase_add_test(tc, wrapped_name_is_joined);
	tcase_add_test(tc, label_after_the_table);
	tcase_add_test(tc, register_percentage_is_checked);
	tcase_add_test(tc, register_percentage_through_ocr);
	tcase_add_test(tc, region_from_municipalities_alone);
	tcase_add_test(tc, title_disagreeing_with_the_table_is_reported);
	tcase_add_test(tc, unknown_name_keeps_counts_and_makes_the_table_invalid);
	tcase_add_test(tc, short_noise_after_a_name);
	tcase_add_test(tc, two_readings_that_close_every_sum);
	tcase_add_test(tc, a_cell_whose_row_adds_up_is_not_changed);
	tcase_add_test(tc, the_last_name_by_elimination);
	tcase_add_test(tc, names_by_elimination);
	tcase_add_test(tc, letters_for_the_last_count);
	tcase_add_test(tc, no_total_row_is_invalid);
	tcase_add_test(tc, other_documents_hold_no_table);
	tcase_add_test(tc, damaged_period_is_read_and_logged);
	tcase_add_test(tc, shuffled_words_give_the_same_table);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(repair_suite)
