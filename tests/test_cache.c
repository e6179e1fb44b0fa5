/*
 * The cache of earlier runs (src/batch/cache.c), DIR/.tvk-cache: a log of
 * outcome records read back as they were written; the last record of a
 * path wins, and the log is compacted to it; a record damaged, cut off or
 * of another build is ignored, counted, and never trusted; the files a
 * run left are recorded and read back.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/version.h"
#include "batch/batch-internal.h"
#include "document/document.h"
#include "document/wire.h"
#include "documents.h"
#include "tvk_check.h"

static char dir[] = "/tmp/tvk-test-cache-XXXXXX";

static void setup(void)
{
	strcpy(dir, "/tmp/tvk-test-cache-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *path = tvk_xasprintf("%s/%s", dir, TVK_CACHE_FILE);
	unlink(path);
	free(path);
	rmdir(dir);
}

static char *log_path(void)
{
	return tvk_xasprintf("%s/%s", dir, TVK_CACHE_FILE);
}

/* The record of the outcome of @path whose one document has counts from
 * @base. */
static struct tvk_buf outcome_record(const char *path, int64_t base)
{
	struct tvk_outcome o = {0};
	o.input.path = tvk_xstrdup(path);
	memset(o.input.sha256, 'c', 64);
	o.input.pages = 1;
	o.input.layer = TVK_LAYER_PDF;
	o.n_docs = 1;
	o.docs = tvk_xcalloc(1, sizeof(*o.docs));
	o.docs[0] = test_document(22, 2025, 2, path, base);
	o.input.n_tables = 1;
	struct tvk_options opt = {.ocr = TVK_OCR_NEVER};
	struct tvk_buf b = {0};
	tvk_outcome_encode(&b, &opt, &o);
	tvk_outcome_finish(&o);
	return b;
}

static void append(struct tvk_cache *c, const char *path, int64_t base,
		bool replaces)
{
	struct tvk_buf b = outcome_record(path, base);
	tvk_cache_append(c, b.s, b.len, replaces);
	free(b.s);
}

/* The counts' base of the document the cache holds for @path. */
static int64_t base_of(struct tvk_cache *c, const char *path)
{
	struct tvk_cache_entry *e = tvk_cache_claim(c, path);
	ck_assert_msg(e != NULL, "no entry for %s", path);
	ck_assert(e->claimed);
	ck_assert_uint_eq(e->outcome.n_docs, 1);
	ck_assert_str_eq(e->outcome.input.path, path);
	ck_assert_int_eq(e->opt.ocr, TVK_OCR_NEVER);
	return e->outcome.docs[0]->rows[0].counts[0].value;
}

static off_t size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

START_TEST(an_empty_folder_has_an_empty_cache)
{
	struct tvk_cache *c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->n, 0);
	ck_assert_ptr_null(tvk_cache_claim(c, "a.pdf"));
	ck_assert(!c->has_outputs);
	tvk_cache_close(c);
}
END_TEST

START_TEST(records_are_read_back)
{
	struct tvk_cache *c = tvk_cache_open(dir);
	append(c, "b.pdf", 20, false);
	append(c, "a.pdf", 10, false);
	append(c, "c.pdf", 30, false);
	ck_assert_uint_eq(c->appended, 3);
	tvk_cache_close(c);
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->n, 3);
	ck_assert_uint_eq(c->damaged + c->foreign + c->superseded, 0);
	ck_assert_int_eq(base_of(c, "a.pdf"), 10);
	ck_assert_int_eq(base_of(c, "b.pdf"), 20);
	ck_assert_int_eq(base_of(c, "c.pdf"), 30);
	ck_assert_ptr_null(tvk_cache_claim(c, "d.pdf"));
	tvk_cache_close(c);
}
END_TEST

START_TEST(the_last_record_of_a_path_wins)
{
	char *path = log_path();
	struct tvk_cache *c = tvk_cache_open(dir);
	append(c, "a.pdf", 10, false);
	append(c, "b.pdf", 20, false);
	tvk_cache_close(c);
	off_t two = size_of(path);
	c = tvk_cache_open(dir);
	append(c, "a.pdf", 11, true);
	tvk_cache_close(c);
	/* compacted at close: the replaced record is gone, the log holds
	 * one record a path again (the new one the same size) */
	ck_assert_int_eq(size_of(path), two);
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->n, 2);
	ck_assert_uint_eq(c->superseded, 0);
	ck_assert_int_eq(base_of(c, "a.pdf"), 11);
	ck_assert_int_eq(base_of(c, "b.pdf"), 20);
	tvk_cache_close(c);
	free(path);
}
END_TEST

/* The log with the byte at @at of its record number @k (from 0) damaged
 * or, with @cut, the log cut there. */
static void damage(size_t k, size_t at, bool cut)
{
	char *path = log_path();
	size_t len;
	char *log = tvk_test_slurp(path, &len);
	ck_assert_ptr_nonnull(log);
	size_t off = 0;
	for (size_t i = 0; i < k; i++) {
		struct tvk_wire_record rec;
		ck_assert_int_eq(tvk_wire_record_read(
			(const unsigned char *)log + off, len - off, &rec),
			TVK_WIRE_OK);
		off += rec.size;
	}
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	if (cut) {
		fwrite(log, 1, off + at, f);
	} else {
		log[off + at] ^= 0x20;
		fwrite(log, 1, len, f);
	}
	fclose(f);
	free(log);
	free(path);
}

START_TEST(a_damaged_record_is_ignored_never_trusted)
{
	struct tvk_cache *c = tvk_cache_open(dir);
	append(c, "a.pdf", 10, false);
	append(c, "b.pdf", 20, false);
	append(c, "c.pdf", 30, false);
	tvk_cache_close(c);
	damage(1, 40, false); /* in b's payload */
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->damaged, 1);
	ck_assert_uint_eq(c->n, 2);
	ck_assert_ptr_null(tvk_cache_claim(c, "b.pdf"));
	ck_assert_int_eq(base_of(c, "a.pdf"), 10);
	ck_assert_int_eq(base_of(c, "c.pdf"), 30);
	tvk_cache_close(c);
	/* compacted: what was damaged is gone */
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->damaged, 0);
	ck_assert_uint_eq(c->n, 2);
	tvk_cache_close(c);
}
END_TEST

START_TEST(a_log_cut_off_keeps_its_whole_records)
{
	struct tvk_cache *c = tvk_cache_open(dir);
	append(c, "a.pdf", 10, false);
	append(c, "b.pdf", 20, false);
	tvk_cache_close(c);
	damage(1, 30, true); /* a killed run's last record, half written */
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->damaged, 1);
	ck_assert_uint_eq(c->n, 1);
	ck_assert_int_eq(base_of(c, "a.pdf"), 10);
	/* a record appended after the cut is read next time */
	append(c, "b.pdf", 21, false);
	tvk_cache_close(c);
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->damaged, 0);
	ck_assert_int_eq(base_of(c, "b.pdf"), 21);
	tvk_cache_close(c);
}
END_TEST

START_TEST(another_builds_records_are_foreign)
{
	struct tvk_buf b = outcome_record("a.pdf", 10);
	/* the same record under another build's identity, checksum made
	 * anew: whole, but not what this build would read */
	const char *id = tvk_build_identity();
	for (size_t i = 0; i + strlen(id) <= b.len; i++)
		if (memcmp(b.s + i, id, strlen(id)) == 0) {
			b.s[i + strlen(id) - 1] ^= 1;
			break;
		}
	b.len -= TVK_WIRE_CHECKSUM;
	tvk_wire_record_end(&b, 0);
	struct tvk_cache *c = tvk_cache_open(dir);
	tvk_cache_append(c, b.s, b.len, false);
	append(c, "b.pdf", 20, false);
	tvk_cache_close(c);
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->foreign, 1);
	ck_assert_uint_eq(c->damaged, 0);
	ck_assert_ptr_null(tvk_cache_claim(c, "a.pdf"));
	ck_assert_int_eq(base_of(c, "b.pdf"), 20);
	tvk_cache_close(c);
	free(b.s);
}
END_TEST

START_TEST(the_files_a_run_left_are_recorded)
{
	struct tvk_output out[2] = {{tvk_xstrdup("2025-Q2/22-rijnmond.json"),
		{0}}, {tvk_xstrdup("index.json"), {0}}};
	memset(out[0].sha256, '1', 64);
	memset(out[1].sha256, '2', 64);
	struct tvk_cache *c = tvk_cache_open(dir);
	append(c, "a.pdf", 10, false);
	tvk_cache_record_outputs(c, out, 2);
	tvk_cache_close(c);
	c = tvk_cache_open(dir);
	ck_assert(c->has_outputs);
	ck_assert_uint_eq(c->n_outputs, 2);
	const struct tvk_output *o = tvk_cache_output(c, "index.json");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->sha256, out[1].sha256);
	o = tvk_cache_output(c, "2025-Q2/22-rijnmond.json");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->sha256, out[0].sha256);
	ck_assert_ptr_null(tvk_cache_output(c, "2025-Q2/01-groningen.json"));
	/* the record of the last run wins */
	tvk_cache_record_outputs(c, out, 1);
	tvk_cache_close(c);
	c = tvk_cache_open(dir);
	ck_assert_uint_eq(c->n_outputs, 1);
	ck_assert_ptr_null(tvk_cache_output(c, "index.json"));
	ck_assert_int_eq(base_of(c, "a.pdf"), 10);
	tvk_cache_close(c);
	free(out[0].path);
	free(out[1].path);
}
END_TEST

static Suite *cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("log");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, an_empty_folder_has_an_empty_cache);
	tcase_add_test(tc, records_are_read_back);
	tcase_add_test(tc, the_last_record_of_a_path_wins);
	tcase_add_test(tc, a_damaged_record_is_ignored_never_trusted);
	tcase_add_test(tc, a_log_cut_off_keeps_its_whole_records);
	tcase_add_test(tc, another_builds_records_are_foreign);
	tcase_add_test(tc, the_files_a_run_left_are_recorded);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(cache_suite)
