/*
 * Documents and the emit stage: the JSON contract (a golden document
 * compared whole), provenance (page and box) of rows, repairs and
 * problems, the values merged documents share, paths built only from
 * parsed codes, atomic writes, and also_in and conflicts on documents.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "document/document.h"
#include "document/emit.h"
#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "pipeline/convert.h"
#include "synth.h"
#include "tvk_check.h"

#define GOLDEN TVK_TEST_SRCDIR "/golden/emit-region.json"

/* Zaanstreek-Waterland 2025-Q2 with one cell lost, one comma, a name
 * with an IJ confusion and the register sentence. */
static struct tvk_input *sample(void)
{
	struct synth s;
	synth_begin(&s, "sample.pdf");
	synth_page(&s);
	synth_text(&s, 42, "tweede kwartaal 2025 Zaanstreek-Waterland");
	synth_row(&s, "7 Zaanstreek-", "Edam-Volendam",
		(const char *[]){"25", "73", "107", "41", "246"});
	synth_row(&s, "Waterland", "Landsmeer",
		(const char *[]){"1", "22", "24", "6", "53"});
	synth_row(&s, NULL, "Oostzaan", (const char *[]){NULL, "10", "21", "6", "38"});
	synth_row(&s, NULL, "Purmerend",
		(const char *[]){"10", "226", "459", "155", "850"});
	synth_row(&s, NULL, "Waterland", (const char *[]){"2", "38", "37", "10", "87"});
	synth_row(&s, NULL, "Wormerland", (const char *[]){"0", "52", "61", "10", "123"});
	synth_row(&s, NULL, "Zaanstad", (const char *[]){"80", "424", "763", "195", "1,462"});
	synth_row(&s, NULL, "Totaal AMR",
		(const char *[]){"119", "845", "1.472", "423", "2.859"});
	synth_text(&s, 42, "in de arbeidsmarktregio Zaanstreek/Waterland bevat het "
		"doelgroepregister banenafspraak in totaal 3.976 personen.");
	synth_text(&s, 42, "Hiervan is 72% bekend binnen Sonar.");
	int rc;
	struct tvk_input *doc = synth_run(&s, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(doc->n_tables, 1);
	return doc;
}

/* The sample's one document, with a source as a batch would give it. */
static struct tvk_document *sample_document(struct tvk_input *doc)
{
	struct tvk_document **docs;
	ck_assert_uint_eq(tvk_document_build(doc, &docs), 1);
	struct tvk_document *d = docs[0];
	free(docs);
	free(d->source.file);
	d->source.file = strdup("archief/2025/sample.pdf");
	free(d->source.sha256);
	d->source.sha256 = strdup("0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef");
	return d;
}

static char *sample_json(void)
{
	struct tvk_input *doc = sample();
	struct tvk_document *d = sample_document(doc);
	char *json = tvk_emit_document(d, 0);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
	return json;
}

START_TEST(region_document_is_golden)
{
	char *json = sample_json();
	/* TVK_UPDATE_GOLDEN=1 rewrites the golden file: then read the diff
	 * before committing it. */
	if (getenv("TVK_UPDATE_GOLDEN")) {
		FILE *f = fopen(GOLDEN, "w");
		ck_assert_ptr_nonnull(f);
		fputs(json, f);
		fclose(f);
	}
	size_t len;
	char *golden = tvk_test_slurp(GOLDEN, &len);
	ck_assert_msg(golden != NULL, "cannot read %s", GOLDEN);
	ck_assert_msg(strcmp(json, golden) == 0,
		"emitted document differs from %s\n--- expected\n%s\n--- actual\n%s",
		GOLDEN, golden, json);
	free(golden);
	free(json);
}
END_TEST

START_TEST(document_follows_the_contract)
{
	char *json = sample_json();
	json_t *j = json_loads(json, 0, NULL);
	ck_assert_ptr_nonnull(j);
	/* Keys in the contract's order. */
	static const char *const keys[] = {"schema_version", "period", "region",
		"municipalities", "region_total", "target_group_register",
		"validation", "repairs", "source", "generator"};
	size_t k = 0;
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
		ck_assert_str_eq(key, keys[k++]);
	ck_assert_uint_eq(k, 10);
	ck_assert_int_eq(json_integer_value(json_object_get(j,
		"schema_version")), TVK_SCHEMA_VERSION);
	json_t *period = json_object_get(j, "period");
	ck_assert_str_eq(json_string_value(json_object_get(period,
		"reference_date")), "2025-06-30");
	ck_assert_str_eq(json_string_value(json_object_get(period, "label")),
		"tweede kwartaal 2025");
	json_t *m = json_array_get(json_object_get(j, "municipalities"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(m, "code")), "GM0431");
	ck_assert_int_eq(json_integer_value(json_object_get(m,
		"municipal_with_profile")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
		"validation"), "status")), "repaired");
	json_t *reg = json_object_get(j, "target_group_register");
	ck_assert_int_eq(json_integer_value(json_object_get(reg, "persons")), 3976);
	json_decref(j);
	free(json);
}
END_TEST

static void box_of(json_t *o, double b[4])
{
	json_t *box = json_object_get(o, "box");
	ck_assert_msg(json_is_array(box) && json_array_size(box) == 4,
		"no box of four numbers");
	for (size_t i = 0; i < 4; i++)
		b[i] = json_number_value(json_array_get(box, i));
}

/* Every row says where it was printed: page 1, a box of its own, the
 * rows top to bottom; the lost cell's repair points at its row, and a
 * problem with its subject at the place of that row. */
START_TEST(rows_repairs_and_problems_say_where)
{
	char *json = sample_json();
	json_t *j = json_loads(json, 0, NULL);
	json_t *rows = json_object_get(j, "municipalities");
	ck_assert_uint_eq(json_array_size(rows), 7);
	double prev_y = -1, oostzaan[4] = {0};
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		ck_assert_int_eq(json_integer_value(json_object_get(row,
			"page")), 1);
		double b[4];
		box_of(row, b);
		ck_assert(b[0] < b[2] && b[1] < b[3]);
		ck_assert_msg(b[1] > prev_y, "row %zu is not below the one "
			"before", i);
		prev_y = b[1];
		if (strcmp(json_string_value(json_object_get(row,
				"printed_name")), "Oostzaan") == 0)
			memcpy(oostzaan, b, sizeof(b));
	}
	double total[4];
	box_of(json_object_get(j, "region_total"), total);
	ck_assert(total[1] > prev_y);

	json_t *repairs = json_object_get(j, "repairs");
	bool found = false;
	for (size_t i = 0; i < json_array_size(repairs); i++) {
		json_t *r = json_array_get(repairs, i);
		if (strcmp(json_string_value(json_object_get(r, "kind")),
				"missing-cell") != 0)
			continue;
		found = true;
		ck_assert_str_eq(json_string_value(json_object_get(r,
			"subject")), "Oostzaan");
		ck_assert_int_eq(json_integer_value(json_object_get(r,
			"page")), 1);
		double b[4];
		box_of(r, b);
		/* nothing was printed in the cell: where its column crosses
		 * its row's band — the row's height, inside the row, narrower
		 * than it, right of the name */
		ck_assert_double_eq_tol(b[1], oostzaan[1], 0.006);
		ck_assert_double_eq_tol(b[3], oostzaan[3], 0.006);
		ck_assert(b[0] > oostzaan[0] + 50 && b[2] <= oostzaan[2] + 0.01);
		ck_assert(b[2] - b[0] > 1 && b[2] - b[0] < 60);
	}
	ck_assert(found);
	json_decref(j);
	free(json);

	/* A problem about a cell that was printed points at that cell: a
	 * box inside its row. */
	struct tvk_input *doc = sample();
	struct tvk_input_table *t = &doc->tables[0];
	tvk_problem_add(&t->verdict.problems, doc->arena, false, "row-sum",
		(struct tvk_problem_at){"Zaanstad", NULL, 6, TVK_TOTAL},
		"made up for the test");
	tvk_problem_add(&t->verdict.problems, doc->arena, false, "register",
		TVK_AT_TABLE, "a problem of the table as a whole");
	struct tvk_document *d = sample_document(doc);
	const struct tvk_document_problem *p = &d->problems[d->n_problems - 2];
	const struct tvk_document_row *zaanstad = &d->rows[6];
	ck_assert_str_eq(zaanstad->printed_name, "Zaanstad");
	ck_assert_int_eq(p->place.page, 1);
	ck_assert(p->place.has_box);
	ck_assert(p->place.box.x0 >= zaanstad->place.box.x0 - 0.01 &&
		p->place.box.x1 <= zaanstad->place.box.x1 + 0.01 &&
		p->place.box.x1 - p->place.box.x0 <
			zaanstad->place.box.x1 - zaanstad->place.box.x0);
	p = &d->problems[d->n_problems - 1];
	ck_assert_int_eq(p->place.page, 0);
	ck_assert(!p->place.has_box);
	char *text = tvk_emit_document(d, 0);
	ck_assert_ptr_nonnull(strstr(text, "\"message\": \"a problem of the "
		"table as a whole\",\n        \"page\": null,\n        "
		"\"box\": null\n"));
	free(text);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

/* Each row says what it is part of today: itself, what it merged into,
 * or after a split the municipalities of today; the region its name of
 * the quarter. */
START_TEST(current_municipalities)
{
	struct tvk_input *doc = sample();
	struct tvk_input_table *t = &doc->tables[0];
	t->reading.rows[0].municipality = tvk_gazetteer_by_code_at("GM0501", 20221231);
	t->reading.rows[1].municipality = tvk_gazetteer_by_code_at("GM0788", 20201231);
	t->reading.rows[2].municipality = NULL;
	struct tvk_document *d = sample_document(doc);
	ck_assert_str_eq(d->rows[0].current_code, "GM1992");
	ck_assert_str_eq(d->rows[0].current_name, "Voorne aan Zee");
	ck_assert_uint_eq(d->rows[0].n_successors, 0);
	ck_assert_ptr_null(d->rows[1].current_code);
	ck_assert_uint_eq(d->rows[1].n_successors, 4);
	ck_assert_ptr_null(d->rows[2].current_code);
	ck_assert_uint_eq(d->rows[2].n_successors, 0);
	ck_assert_str_eq(d->rows[3].current_code, "GM0439");

	char *text = tvk_emit_document(d, 0);
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	ck_assert_ptr_nonnull(j);
	json_t *rows = json_object_get(j, "municipalities");
	json_t *c0 = json_object_get(json_array_get(rows, 0), "current");
	ck_assert_str_eq(json_string_value(json_object_get(c0, "code")), "GM1992");
	ck_assert_str_eq(json_string_value(json_object_get(c0, "name")),
		"Voorne aan Zee");
	ck_assert_ptr_null(json_object_get(c0, "successors"));
	json_t *c1 = json_object_get(json_array_get(rows, 1), "current");
	ck_assert(json_is_null(json_object_get(c1, "code")));
	ck_assert(json_is_null(json_object_get(c1, "name")));
	json_t *succ = json_object_get(c1, "successors");
	ck_assert_uint_eq(json_array_size(succ), 4);
	const char *codes[4];
	for (size_t i = 0; i < 4; i++)
		codes[i] = json_string_value(json_object_get(json_array_get(succ,
			i), "code"));
	ck_assert_str_eq(codes[0], "GM0865"); /* Vught, the largest share */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(succ,
		0), "name")), "Vught");
	ck_assert(json_is_null(json_object_get(json_array_get(rows, 2),
		"current")));
	json_decref(j);
	free(text);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);

	/* Region 11 in 2019: its name of then */
	doc = sample();
	t = &doc->tables[0];
	t->reading.region = 11;
	t->raw.period.year = 2019;
	d = sample_document(doc);
	ck_assert_str_eq(d->region_name, "Stedendriehoek en Noordwest Veluwe");
	tvk_document_destroy(d);
	t->raw.period.year = 2024;
	d = sample_document(doc);
	ck_assert_str_eq(d->region_name, "Veluwe Stedendriehoek");
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(emitting_twice_gives_the_same_bytes)
{
	struct tvk_input *a = sample(), *b = sample();
	struct tvk_document *da = sample_document(a), *db = sample_document(b);
	char *ja = tvk_emit_document(da, 0);
	char *jb = tvk_emit_document(db, 0);
	ck_assert_str_eq(ja, jb);
	ck_assert(tvk_document_same_values(da, db));
	/* Another source, status or problem is not another value... */
	free(db->source.file);
	db->source.file = strdup("elsewhere.pdf");
	tvk_document_add_problem(db, true, "name", NULL, NULL, "a warning");
	ck_assert(tvk_document_same_values(da, db));
	/* ...a different count is, and so is a count not read. */
	db->rows[3].counts[0].value++;
	ck_assert(!tvk_document_same_values(da, db));
	db->rows[3].counts[0].value--;
	ck_assert(tvk_document_same_values(da, db));
	db->total.counts[4].known = false;
	ck_assert(!tvk_document_same_values(da, db));
	free(ja);
	free(jb);
	tvk_document_destroy(da);
	tvk_document_destroy(db);
	tvk_input_destroy(a);
	tvk_input_destroy(b);
}
END_TEST

START_TEST(paths_come_from_codes_only)
{
	struct tvk_period p = {.year = 2025, .quarter = 2,
		.printed = "../../etc/passwd"};
	char *path = tvk_emit_path("out", TVK_TABLE_REGION, &p, 7, 3, 1);
	ck_assert_str_eq(path, "out/2025-Q2/07-zaanstreek-waterland.json");
	free(path);
	path = tvk_emit_path("out", TVK_TABLE_REGION, &p, 8, 3, 2);
	ck_assert_str_eq(path, "out/2025-Q2/08-zuid-kennemerland-en-ijmond.2.json");
	free(path);
	path = tvk_emit_path("out", TVK_TABLE_NATIONAL, &p, 0, 1, 1);
	ck_assert_str_eq(path, "out/2025-Q2/nederland.json");
	free(path);
	path = tvk_emit_path("out", TVK_TABLE_REGION, &p, 0, 44, 1);
	ck_assert_str_eq(path, "out/2025-Q2/00-unknown-p44.json");
	free(path);
	path = tvk_emit_path("out", TVK_TABLE_REGION, &p, 99, 44, 1);
	ck_assert_str_eq(path, "out/2025-Q2/00-unknown-p44.json");
	free(path);
	struct tvk_period none = {.printed = "../x"};
	path = tvk_emit_path("out", TVK_TABLE_REGION, &none, 7, 1, 1);
	ck_assert_str_eq(path, "out/unknown-period/07-zaanstreek-waterland.json");
	free(path);
	struct tvk_period odd = {.year = 123456, .quarter = 7};
	path = tvk_emit_path("out", TVK_TABLE_REGION, &odd, 7, 1, 1);
	ck_assert_str_eq(path, "out/unknown-period/07-zaanstreek-waterland.json");
	free(path);
}
END_TEST

START_TEST(write_is_atomic_and_makes_folders)
{
	char dir[] = "/tmp/tvk-emit-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/a/b/c.json", dir);
	struct tvk_error err;
	tvk_error_clear(&err);
	ck_assert_int_eq(tvk_emit_write(path, "{\"x\": 1}\n", &err), 0);
	ck_assert_int_eq(tvk_emit_write(path, "{\"x\": 2}\n", &err), 0);
	size_t len;
	char *back = tvk_test_slurp(path, &len);
	ck_assert_str_eq(back, "{\"x\": 2}\n");
	free(back);
	/* Nothing but the file is left in its folder. */
	char folder[256];
	snprintf(folder, sizeof(folder), "%s/a/b", dir);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "test \"$(ls -A '%s')\" = c.json", folder);
	ck_assert_int_eq(system(cmd), 0);

	/* A parent that is a file: an error, nothing written. */
	char bad[300];
	snprintf(bad, sizeof(bad), "%s/a/b/c.json/d.json", dir);
	tvk_error_clear(&err);
	ck_assert_int_eq(tvk_emit_write(bad, "{}", &err), -1);
	ck_assert_int_eq(err.code, TVK_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.message, "cannot"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(also_in_and_conflict)
{
	struct tvk_input *doc = sample();
	struct tvk_document *d = sample_document(doc);
	struct tvk_document_source other;
	tvk_document_source_copy(&other, &d->source);
	free(other.file);
	other.file = strdup("archief/2025/compendium.pdf");
	tvk_document_add_also_in(d, &other);
	free(other.file);
	free(other.sha256);
	free(other.pages);
	char *merged = tvk_emit_document(d, 0);
	json_t *j = json_loads(merged, 0, NULL);
	json_t *also = json_object_get(j, "also_in");
	ck_assert_uint_eq(json_array_size(also), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(also,
		0), "file")), "archief/2025/compendium.pdf");
	/* after source, and generator stays last */
	const char *key, *last = NULL, *before = NULL;
	json_t *v;
	json_object_foreach(j, key, v) {
		if (strcmp(key, "also_in") == 0)
			ck_assert_str_eq(before, "source");
		before = key;
		last = key;
	}
	ck_assert_str_eq(last, "generator");
	json_decref(j);

	tvk_document_add_problem(d, false, "conflict", NULL, NULL,
		"other.pdf gives different values for this region and quarter "
		"(kept as out/2025-Q2/07-zaanstreek-waterland.2.json)");
	ck_assert_int_eq(d->status, TVK_STATUS_INVALID);
	char *conflict = tvk_emit_document(d, 0);
	j = json_loads(conflict, 0, NULL);
	json_t *validation = json_object_get(j, "validation");
	ck_assert_str_eq(json_string_value(json_object_get(validation, "status")),
		"invalid");
	json_t *problems = json_object_get(validation, "problems");
	json_t *p = json_array_get(problems, json_array_size(problems) - 1);
	ck_assert_str_eq(json_string_value(json_object_get(p, "check")), "conflict");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(p,
		"message")), "other.pdf"));
	json_decref(j);
	free(conflict);
	free(merged);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

/* The writer's text is JSON that says what the document says: strings
 * with quotes, backslashes, control characters and non-ASCII come back
 * as they were, and a document embedded at a depth parses inside the
 * text around it. */
START_TEST(writer_writes_json)
{
	struct tvk_input *doc = sample();
	struct tvk_input_table *t = &doc->tables[0];
	static const char name[] = "Quote \" back\\slash\ttab\x01ctl "
		"\xc3\xa9\xe2\x80\x9e /";
	t->reading.rows[0].name = name;
	t->reading.repairs.n = 0;
	struct tvk_document *d = sample_document(doc);
	char *json = tvk_emit_document(d, 0);
	json_error_t jerr;
	json_t *j = json_loads(json, 0, &jerr);
	ck_assert_msg(j != NULL, "not JSON: %s", jerr.text);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "municipalities"), 0), "printed_name")), name);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "repairs")), 0);
	/* numbers with two decimals at most, never an exponent */
	ck_assert_ptr_null(strstr(json, "e+"));
	ck_assert_ptr_null(strstr(json, "e-0"));

	char *inner = tvk_emit_document(d, 2);
	size_t n = strlen(inner) + 64;
	char *outer = malloc(n);
	snprintf(outer, n, "{\n  \"docs\": [\n    %s\n  ]\n}\n", inner);
	json_t *o = json_loads(outer, 0, &jerr);
	ck_assert_msg(o != NULL, "embedded: not JSON: %s", jerr.text);
	ck_assert(json_equal(json_array_get(json_object_get(o, "docs"), 0), j));
	/* and laid out as the file is, two levels in */
	ck_assert_ptr_nonnull(strstr(outer, "\n      \"schema_version\": "));
	json_decref(o);
	free(outer);
	free(inner);
	json_decref(j);
	free(json);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

START_TEST(invalid_utf8_is_kept_visible)
{
	struct tvk_input *doc = sample();
	struct tvk_input_table *t = &doc->tables[0];
	t->reading.rows[0].name = "Edam\xff\xfeVolendam";
	struct tvk_document *d = sample_document(doc);
	char *json = tvk_emit_document(d, 0);
	json_t *j = json_loads(json, 0, NULL);
	ck_assert_ptr_nonnull(j);
	const char *name = json_string_value(json_object_get(json_array_get(
		json_object_get(j, "municipalities"), 0), "printed_name"));
	ck_assert_str_eq(name, "Edam\xEF\xBF\xBD\xEF\xBF\xBDVolendam");
	json_decref(j);
	free(json);
	tvk_document_destroy(d);
	tvk_input_destroy(doc);
}
END_TEST

static Suite *emit_suite(void)
{
	Suite *s = suite_create("emit");
	TCase *tc = tcase_create("emit");
	tcase_add_test(tc, region_document_is_golden);
	tcase_add_test(tc, current_municipalities);
	tcase_add_test(tc, document_follows_the_contract);
	tcase_add_test(tc, rows_repairs_and_problems_say_where);
	tcase_add_test(tc, emitting_twice_gives_the_same_bytes);
	tcase_add_test(tc, paths_come_from_codes_only);
	tcase_add_test(tc, write_is_atomic_and_makes_folders);
	tcase_add_test(tc, also_in_and_conflict);
	tcase_add_test(tc, writer_writes_json);
	tcase_add_test(tc, invalid_utf8_is_kept_visible);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(emit_suite)
