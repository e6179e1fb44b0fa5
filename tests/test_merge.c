/*
 * The merge of a batch (src/batch/merge.c): the tables of every input
 * grouped by region and quarter; identical values become one document
 * listing every source, the best status first; different values are kept
 * side by side, each marked a conflict that names the other (by its name
 * under the output folder, however that was spelled), and told when this
 * run made one of them; an accepted version keeps the canonical name and
 * its status beside invalid ones; a table of unknown region is never
 * merged, and never shares a path.
 */
#include <stdlib.h>
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "batch/merge.h"
#include "document/document.h"
#include "documents.h"
#include "tvk_check.h"

#define N_MAX 8

struct told {
	size_t n;
	char *messages[N_MAX];
};

static void on_conflict(void *data, const struct tvk_table_report *t,
		const char *message)
{
	struct told *told = data;
	ck_assert_uint_lt(told->n, N_MAX);
	told->messages[told->n++] = tvk_xstrdup(message);
}

static struct tvk_table_report table(size_t input, struct tvk_document *d)
{
	return (struct tvk_table_report){.input = input, .doc = d,
		.kind = d->kind, .year = d->year, .quarter = d->quarter,
		.region = d->region, .status = d->status};
}

static void finish(struct tvk_table_report *t, size_t n, struct told *told)
{
	for (size_t i = 0; i < n; i++) {
		tvk_document_destroy(t[i].doc);
		free(t[i].path);
	}
	for (size_t i = 0; i < told->n; i++)
		free(told->messages[i]);
}

static bool has_check(const struct tvk_document *d, const char *check)
{
	for (size_t i = 0; i < d->n_problems; i++)
		if (d->problems[i].check && strcmp(d->problems[i].check,
				check) == 0)
			return true;
	return false;
}

START_TEST(identical_values_are_one_document)
{
	struct tvk_table_report t[3] = {
		table(0, test_document(22, 2025, 2, "sheet.pdf", 10)),
		table(1, test_document(22, 2025, 2, "compendium.pdf", 10)),
		table(1, test_document(7, 2025, 2, "compendium.pdf", 3)),
	};
	/* the compendium's reading holds without repairs: it goes first */
	t[1].doc->status = TVK_STATUS_VALID;
	size_t also_before = t[1].doc->n_also_in;
	struct told told = {0};
	tvk_merge_tables(t, 3, "out", &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert(t[0].merged);
	ck_assert(!t[1].merged);
	ck_assert(!t[2].merged);
	ck_assert_ptr_null(t[0].path);
	ck_assert_str_eq(t[1].path, "out/2025-Q2/22-rijnmond.json");
	ck_assert_str_eq(t[2].path, "out/2025-Q2/07-zaanstreek-waterland.json");
	ck_assert_uint_eq(t[1].doc->n_also_in, also_before + 1);
	ck_assert_str_eq(t[1].doc->also_in[also_before].file, "sheet.pdf");
	ck_assert(!t[0].conflict && !t[1].conflict && !t[2].conflict);
	ck_assert_uint_eq(told.n, 0);
	finish(t, 3, &told);
}
END_TEST

START_TEST(different_values_are_kept_side_by_side)
{
	struct tvk_table_report t[2] = {
		table(0, test_document(22, 2025, 2, "sheet.pdf", 10)),
		table(1, test_document(22, 2025, 2, "compendium.pdf", 11)),
	};
	struct told told = {0};
	tvk_merge_tables(t, 2, "out", &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert(!t[0].merged && !t[1].merged);
	ck_assert(t[0].conflict && t[1].conflict);
	ck_assert_str_eq(t[0].path, "out/2025-Q2/22-rijnmond.json");
	ck_assert_str_eq(t[1].path, "out/2025-Q2/22-rijnmond.2.json");
	for (int i = 0; i < 2; i++) {
		ck_assert(has_check(t[i].doc, "conflict"));
		ck_assert_int_eq(t[i].doc->status, TVK_STATUS_INVALID);
	}
	/* each names the other version */
	const struct tvk_document_problem *p =
		&t[0].doc->problems[t[0].doc->n_problems - 1];
	ck_assert_ptr_nonnull(strstr(p->message, "compendium.pdf"));
	ck_assert_ptr_nonnull(strstr(p->message, "22-rijnmond.2.json"));
	ck_assert_uint_eq(told.n, 2);
	finish(t, 2, &told);
}
END_TEST

static const struct tvk_document_problem *conflict_of(
		const struct tvk_document *d)
{
	for (size_t i = 0; i < d->n_problems; i++)
		if (strcmp(d->problems[i].check, "conflict") == 0)
			return &d->problems[i];
	ck_abort_msg("no conflict problem");
	return NULL;
}

/* A damaged copy of a sheet (invalid, read first) beside the sheet read
 * right: the valid one keeps the canonical name and its status. */
START_TEST(an_accepted_version_keeps_the_name)
{
	struct tvk_table_report t[3] = {
		table(0, test_document(22, 2025, 2, "damaged.pdf", 11)),
		table(1, test_document(22, 2025, 2, "sheet.pdf", 10)),
		table(2, test_document(22, 2025, 2, "other.pdf", 12)),
	};
	t[0].doc->status = TVK_STATUS_INVALID;
	t[1].doc->status = TVK_STATUS_VALID;
	t[2].doc->status = TVK_STATUS_INVALID;
	struct told told = {0};
	tvk_merge_tables(t, 3, "./out", &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert_str_eq(t[1].path, "./out/2025-Q2/22-rijnmond.json");
	ck_assert_str_eq(t[0].path, "./out/2025-Q2/22-rijnmond.2.json");
	ck_assert_str_eq(t[2].path, "./out/2025-Q2/22-rijnmond.3.json");
	ck_assert_int_eq(t[1].doc->status, TVK_STATUS_VALID);
	ck_assert(t[0].conflict && t[1].conflict && t[2].conflict);
	/* the valid one names the invalid one in a warning */
	const struct tvk_document_problem *p = conflict_of(t[1].doc);
	ck_assert(p->warning);
	ck_assert_str_eq(p->message, "damaged.pdf gives other values for this "
		"region and quarter, in a table that is invalid (kept as "
		"2025-Q2/22-rijnmond.2.json, with the other versions beside "
		"it)");
	/* the invalid ones name the valid one, as it is named under the
	 * output folder */
	p = conflict_of(t[0].doc);
	ck_assert(!p->warning);
	ck_assert_str_eq(p->message, "sheet.pdf gives other values for this "
		"region and quarter, in a table that is valid (kept as "
		"2025-Q2/22-rijnmond.json)");
	ck_assert_str_eq(conflict_of(t[2].doc)->message, p->message);
	ck_assert_int_eq(t[0].doc->status, TVK_STATUS_INVALID);
	ck_assert_uint_eq(told.n, 2);
	finish(t, 3, &told);
}
END_TEST

/* Two accepted versions that differ: a conflict, each invalid, the
 * first read first. */
START_TEST(two_accepted_versions_are_a_conflict)
{
	struct tvk_table_report t[3] = {
		table(0, test_document(22, 2025, 2, "damaged.pdf", 9)),
		table(1, test_document(22, 2025, 2, "sheet.pdf", 10)),
		table(2, test_document(22, 2025, 2, "other.pdf", 11)),
	};
	t[0].doc->status = TVK_STATUS_INVALID;
	t[1].doc->status = TVK_STATUS_VALID;
	t[2].doc->status = TVK_STATUS_REPAIRED;
	struct told told = {0};
	tvk_merge_tables(t, 3, "out/", &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert_str_eq(t[1].path, "out//2025-Q2/22-rijnmond.json");
	ck_assert_str_eq(t[2].path, "out//2025-Q2/22-rijnmond.2.json");
	ck_assert_str_eq(t[0].path, "out//2025-Q2/22-rijnmond.3.json");
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(t[i].doc->status, TVK_STATUS_INVALID);
		ck_assert(!conflict_of(t[i].doc)->warning);
	}
	ck_assert_str_eq(conflict_of(t[1].doc)->message, "other.pdf gives "
		"different values for this region and quarter (kept as "
		"2025-Q2/22-rijnmond.2.json)");
	ck_assert_uint_eq(told.n, 3);
	finish(t, 3, &told);
}
END_TEST

START_TEST(a_conflict_of_earlier_runs_is_not_told_again)
{
	struct tvk_table_report t[2] = {
		table(0, test_document(22, 2025, 2, "sheet.pdf", 10)),
		table(1, test_document(22, 2025, 2, "compendium.pdf", 11)),
	};
	t[0].earlier = t[1].earlier = true;
	struct told told = {0};
	tvk_merge_tables(t, 2, "out", &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert(t[0].conflict && t[1].conflict);
	ck_assert(t[0].earlier && t[1].earlier);
	ck_assert_uint_eq(told.n, 0);
	finish(t, 2, &told);
}
END_TEST

START_TEST(national_rows_merge_by_quarter)
{
	struct tvk_table_report t[3] = {
		table(0, test_national(2025, 2, "a.pdf", 100)),
		table(1, test_national(2025, 2, "b.pdf", 100)),
		table(2, test_national(2025, 3, "c.pdf", 100)),
	};
	struct told told = {0};
	tvk_merge_tables(t, 3, "out", &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert(!t[0].merged && t[1].merged && !t[2].merged);
	ck_assert_str_eq(t[0].path, "out/2025-Q2/nederland.json");
	ck_assert_str_eq(t[2].path, "out/2025-Q3/nederland.json");
	ck_assert_uint_eq(told.n, 0);
	finish(t, 3, &told);
}
END_TEST

START_TEST(an_unknown_region_is_never_merged)
{
	struct tvk_table_report t[2] = {
		table(0, test_document(0, 2025, 2, "a.pdf", 10)),
		table(1, test_document(0, 2025, 2, "b.pdf", 10)),
	};
	struct told told = {0};
	tvk_merge_tables(t, 2, "out", &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert(!t[0].merged && !t[1].merged);
	ck_assert(!t[0].conflict && !t[1].conflict);
	/* the same page of two inputs: two paths */
	ck_assert_str_eq(t[0].path, "out/2025-Q2/00-unknown-p3.json");
	ck_assert_str_eq(t[1].path, "out/2025-Q2/00-unknown-p3.2.json");
	finish(t, 2, &told);
}
END_TEST

START_TEST(without_a_folder_nothing_gets_a_path)
{
	struct tvk_table_report t[2] = {
		table(0, test_document(22, 2025, 2, "a.pdf", 10)),
		table(1, test_document(22, 2025, 2, "b.pdf", 11)),
	};
	struct told told = {0};
	tvk_merge_tables(t, 2, NULL, &(struct tvk_merge_sink){on_conflict,
		&told});
	ck_assert_ptr_null(t[0].path);
	ck_assert_ptr_null(t[1].path);
	ck_assert(t[0].conflict && t[1].conflict);
	finish(t, 2, &told);
}
END_TEST

static Suite *merge_suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("merge");
	tcase_add_test(tc, identical_values_are_one_document);
	tcase_add_test(tc, different_values_are_kept_side_by_side);
	tcase_add_test(tc, an_accepted_version_keeps_the_name);
	tcase_add_test(tc, two_accepted_versions_are_a_conflict);
	tcase_add_test(tc, a_conflict_of_earlier_runs_is_not_told_again);
	tcase_add_test(tc, national_rows_merge_by_quarter);
	tcase_add_test(tc, an_unknown_region_is_never_merged);
	tcase_add_test(tc, without_a_folder_nothing_gets_a_path);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(merge_suite)
