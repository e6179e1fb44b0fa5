/*
 * The emit stage: the JSON contract (a golden document compared whole),
 * paths built only from parsed codes, atomic writes, and the merge and
 * conflict edits of finished documents.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "synth.h"
#include "tvk_check.h"

#define GOLDEN TVK_TEST_SRCDIR "/golden/emit-region.json"

/* Zaanstreek-Waterland 2025-Q2 with one cell lost, one comma, a name
 * with an IJ confusion and the register sentence. */
static struct tvk_doc *sample(void)
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
	struct tvk_doc *doc = synth_run(&s, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(doc->n_tables, 1);
	return doc;
}

static const int pages[] = {1};
static const struct tvk_source source = {"archief/2025/sample.pdf",
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	pages, 1, TVK_LAYER_PDF};

START_TEST(region_document_is_golden)
{
	struct tvk_doc *doc = sample();
	char *json = tvk_emit_region(&doc->tables[0], &source, 1);
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
	tvk_doc_destroy(doc);
}
END_TEST

START_TEST(document_follows_the_contract)
{
	struct tvk_doc *doc = sample();
	char *json = tvk_emit_region(&doc->tables[0], &source, 1);
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
	tvk_doc_destroy(doc);
}
END_TEST

START_TEST(emitting_twice_gives_the_same_bytes)
{
	struct tvk_doc *a = sample(), *b = sample();
	char *ja = tvk_emit_region(&a->tables[0], &source, 1);
	char *jb = tvk_emit_region(&b->tables[0], &source, 1);
	ck_assert_str_eq(ja, jb);
	char *va = tvk_emit_values(&a->tables[0]);
	char *vb = tvk_emit_values(&b->tables[0]);
	ck_assert_str_eq(va, vb);
	/* A different count gives different values. */
	b->tables[0].rows[3].cells[0].value++;
	free(vb);
	vb = tvk_emit_values(&b->tables[0]);
	ck_assert_str_ne(va, vb);
	free(ja);
	free(jb);
	free(va);
	free(vb);
	tvk_doc_destroy(a);
	tvk_doc_destroy(b);
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
	struct tvk_doc *doc = sample();
	char *json = tvk_emit_region(&doc->tables[0], &source, 1);
	struct tvk_source other = source;
	other.file = "archief/2025/compendium.pdf";
	char *merged = tvk_emit_add_also_in(json, &other, 1);
	json_t *j = json_loads(merged, 0, NULL);
	json_t *also = json_object_get(j, "also_in");
	ck_assert_uint_eq(json_array_size(also), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(also,
		0), "file")), "archief/2025/compendium.pdf");
	/* generator stays last */
	const char *key, *last = NULL;
	json_t *v;
	json_object_foreach(j, key, v)
		last = key;
	ck_assert_str_eq(last, "generator");
	json_decref(j);

	char *conflict = tvk_emit_mark_conflict(json, "other.pdf",
		"out/2025-Q2/07-zaanstreek-waterland.2.json");
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
	free(json);
	tvk_doc_destroy(doc);
}
END_TEST

/* The writer and jansson agree to the byte, so documents look the same
 * whether the merge step rewrote them with jansson or not. */
static void same_as_jansson(const char *json)
{
	json_t *j = json_loads(json, 0, NULL);
	ck_assert_ptr_nonnull(j);
	char *again = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	size_t n = strlen(again);
	ck_assert_uint_eq(strlen(json), n + 1);
	ck_assert(strncmp(json, again, n) == 0 && json[n] == '\n');
	free(again);
	json_decref(j);
}

START_TEST(writer_matches_jansson)
{
	struct tvk_doc *doc = sample();
	struct tvk_table *t = &doc->tables[0];
	char *json = tvk_emit_region(t, &source, 1);
	same_as_jansson(json);
	free(json);
	/* Quotes, backslashes, control characters, non-ASCII, an empty
	 * list, and two sources. */
	t->rows[0].name = "Quote \" back\\slash\ttab\x01ctl \xc3\xa9\xe2\x80\x9e /";
	t->n_repairs = 0;
	struct tvk_source two[2] = {source, source};
	json = tvk_emit_region(t, two, 2);
	same_as_jansson(json);
	free(json);
	tvk_doc_destroy(doc);
}
END_TEST

START_TEST(invalid_utf8_is_kept_visible)
{
	struct tvk_doc *doc = sample();
	struct tvk_table *t = &doc->tables[0];
	t->rows[0].name = "Edam\xff\xfeVolendam";
	char *json = tvk_emit_region(t, &source, 1);
	json_t *j = json_loads(json, 0, NULL);
	ck_assert_ptr_nonnull(j);
	const char *name = json_string_value(json_object_get(json_array_get(
		json_object_get(j, "municipalities"), 0), "printed_name"));
	ck_assert_str_eq(name, "Edam\xEF\xBF\xBD\xEF\xBF\xBDVolendam");
	json_decref(j);
	free(json);
	tvk_doc_destroy(doc);
}
END_TEST

static Suite *emit_suite(void)
{
	Suite *s = suite_create("emit");
	TCase *tc = tcase_create("emit");
	tcase_add_test(tc, region_document_is_golden);
	tcase_add_test(tc, document_follows_the_contract);
	tcase_add_test(tc, emitting_twice_gives_the_same_bytes);
	tcase_add_test(tc, paths_come_from_codes_only);
	tcase_add_test(tc, write_is_atomic_and_makes_folders);
	tcase_add_test(tc, also_in_and_conflict);
	tcase_add_test(tc, writer_matches_jansson);
	tcase_add_test(tc, invalid_utf8_is_kept_visible);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(emit_suite)
