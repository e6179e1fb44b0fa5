/*
 * tvk's binary records (src/document/wire.c): what crosses the socket
 * between the batch and a worker and what the cache keeps.  A document
 * comes back as it went, field for field; a record damaged anywhere, cut
 * off or of another format is refused whole; a length or count beyond the
 * bytes there are is never believed; an outcome (cache.c) comes back
 * whole, and one of another build is told apart from damage.
 */
#include <stdlib.h>
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/version.h"
#include "batch/batch-internal.h"
#include "document/document.h"
#include "document/wire.h"
#include "documents.h"
#include "tvk_check.h"

/* @d through a record and back: the JSON of both compared whole (every
 * field the documents have is in it). */
static void round_trip(const struct tvk_document *d)
{
	struct tvk_buf b = {0};
	size_t start = tvk_wire_record_begin(&b, 7);
	tvk_wire_document(&b, d);
	tvk_wire_record_end(&b, start);
	struct tvk_wire_record rec;
	ck_assert_int_eq(tvk_wire_record_read((const unsigned char *)b.s,
		b.len, &rec), TVK_WIRE_OK);
	ck_assert_uint_eq(rec.type, 7);
	ck_assert_uint_eq(rec.size, b.len);
	struct tvk_wire_reader r = {rec.payload, rec.payload + rec.length,
		false};
	struct tvk_document *back = tvk_wire_get_document(&r);
	ck_assert_ptr_nonnull(back);
	ck_assert(!r.bad);
	ck_assert(r.p == r.end);
	char *want = tvk_emit_document(d, 0), *got = tvk_emit_document(back, 0);
	ck_assert_str_eq(got, want);
	ck_assert(tvk_document_same_values(d, back));
	/* what JSON does not say */
	ck_assert_int_eq(back->first_page, d->first_page);
	ck_assert_int_eq(back->last_page, d->last_page);
	ck_assert_int_eq(back->status, d->status);
	free(want);
	free(got);
	tvk_document_destroy(back);
	free(b.s);
}

START_TEST(documents_come_back_field_for_field)
{
	struct tvk_document *d = test_document(22, 2025, 2, "a.pdf", 100);
	round_trip(d);
	tvk_document_destroy(d);
	d = test_document(0, 0, 0, "unknown.pdf", 5);
	round_trip(d);
	tvk_document_destroy(d);
	d = test_national(2025, 2, "compendium.pdf", 1000);
	round_trip(d);
	tvk_document_destroy(d);
	d = tvk_document_create(); /* nothing in it at all */
	round_trip(d);
	tvk_document_destroy(d);
}
END_TEST

START_TEST(null_and_empty_strings_stay_apart)
{
	struct tvk_buf b = {0};
	tvk_wire_str(&b, NULL);
	tvk_wire_str(&b, "");
	tvk_wire_str(&b, "\xc3\xa9 and a \n newline");
	tvk_wire_i64(&b, INT64_MIN);
	tvk_wire_f64(&b, -0.125);
	struct tvk_wire_reader r = {(const unsigned char *)b.s,
		(const unsigned char *)b.s + b.len, false};
	char *s = tvk_wire_get_str(&r);
	ck_assert_ptr_null(s);
	s = tvk_wire_get_str(&r);
	ck_assert_str_eq(s, "");
	free(s);
	s = tvk_wire_get_str(&r);
	ck_assert_str_eq(s, "\xc3\xa9 and a \n newline");
	free(s);
	ck_assert(tvk_wire_get_i64(&r) == INT64_MIN);
	ck_assert(tvk_wire_get_f64(&r) == -0.125);
	ck_assert(!r.bad);
	ck_assert(r.p == r.end);
	/* past the end: bad, and nothing more is read */
	ck_assert_uint_eq(tvk_wire_get_u32(&r), 0);
	ck_assert(r.bad);
	ck_assert_ptr_null(tvk_wire_get_str(&r));
	free(b.s);
}
END_TEST

static struct tvk_buf sample_record(void)
{
	struct tvk_document *d = test_document(22, 2025, 2, "a.pdf", 100);
	struct tvk_buf b = {0};
	size_t start = tvk_wire_record_begin(&b, 3);
	tvk_wire_document(&b, d);
	tvk_wire_record_end(&b, start);
	tvk_document_destroy(d);
	return b;
}

START_TEST(a_byte_changed_anywhere_refuses_the_record)
{
	struct tvk_buf b = sample_record();
	unsigned char *p = (unsigned char *)b.s;
	for (size_t i = 0; i < b.len; i++) {
		for (unsigned bit = 1; bit < 256; bit <<= 3) {
			p[i] ^= (unsigned char)bit;
			struct tvk_wire_record rec;
			enum tvk_wire_status st = tvk_wire_record_read(p, b.len,
				&rec);
			ck_assert_msg(st != TVK_WIRE_OK, "byte %zu ^ %u read as "
				"a record", i, bit);
			/* the format field tells another tvk's record apart
			 * from damage */
			if (i == 4 || i == 5)
				ck_assert_msg(st == TVK_WIRE_FOREIGN ||
					st == TVK_WIRE_DAMAGED, "byte %zu", i);
			p[i] ^= (unsigned char)bit;
		}
	}
	struct tvk_wire_record rec;
	ck_assert_int_eq(tvk_wire_record_read(p, b.len, &rec), TVK_WIRE_OK);
	free(b.s);
}
END_TEST

START_TEST(a_record_cut_off_is_partial)
{
	struct tvk_buf b = sample_record();
	for (size_t n = 0; n < b.len; n++) {
		struct tvk_wire_record rec;
		ck_assert_int_eq(tvk_wire_record_read(
			(const unsigned char *)b.s, n, &rec), TVK_WIRE_PARTIAL);
	}
	/* two records back to back: the first is read, its size says where
	 * the second starts */
	struct tvk_buf two = {0};
	tvk_buf_add(&two, b.s, b.len);
	tvk_buf_add(&two, b.s, b.len);
	struct tvk_wire_record rec;
	ck_assert_int_eq(tvk_wire_record_read((const unsigned char *)two.s,
		two.len, &rec), TVK_WIRE_OK);
	ck_assert_uint_eq(rec.size, b.len);
	free(two.s);
	free(b.s);
}
END_TEST

START_TEST(lengths_beyond_the_bytes_are_not_believed)
{
	/* a count of a billion items in four bytes */
	struct tvk_buf b = {0};
	tvk_wire_u32(&b, 1000000000u);
	tvk_wire_u32(&b, 0);
	struct tvk_wire_reader r = {(const unsigned char *)b.s,
		(const unsigned char *)b.s + b.len, false};
	ck_assert_uint_eq(tvk_wire_get_count(&r, 4), 0);
	ck_assert(r.bad);
	/* a string longer than what follows */
	b.len = 0;
	tvk_wire_str(&b, "Zaanstad");
	struct tvk_wire_reader s = {(const unsigned char *)b.s,
		(const unsigned char *)b.s + b.len - 3, false};
	ck_assert_ptr_null(tvk_wire_get_str(&s));
	ck_assert(s.bad);
	/* a record whose length passes the limit is damage, not a wait
	 * for bytes that will never come */
	struct tvk_buf rec = {0};
	size_t start = tvk_wire_record_begin(&rec, 1);
	tvk_wire_record_end(&rec, start);
	uint32_t huge = TVK_WIRE_MAX_PAYLOAD + 1;
	memcpy(rec.s + 8, &huge, 4); /* little-endian, as the wire is */
	struct tvk_wire_record out;
	ck_assert_int_eq(tvk_wire_record_read((const unsigned char *)rec.s,
		rec.len, &out), TVK_WIRE_DAMAGED);
	free(rec.s);
	free(b.s);
}
END_TEST

START_TEST(a_document_cut_anywhere_is_refused)
{
	struct tvk_document *d = test_document(22, 2025, 2, "a.pdf", 100);
	struct tvk_buf b = {0};
	tvk_wire_document(&b, d);
	for (size_t n = 0; n < b.len; n++) {
		struct tvk_wire_reader r = {(const unsigned char *)b.s,
			(const unsigned char *)b.s + n, false};
		struct tvk_document *back = tvk_wire_get_document(&r);
		ck_assert_msg(!back, "a document from %zu of %zu bytes", n,
			b.len);
	}
	tvk_document_destroy(d);
	free(b.s);
}
END_TEST

static struct tvk_outcome sample_outcome(void)
{
	struct tvk_outcome o = {0};
	o.input.path = tvk_xstrdup("archive/2025/a.pdf");
	memset(o.input.sha256, 'a', 64);
	o.input.pages = 3;
	o.input.layer = TVK_LAYER_OCR;
	o.input.n_problems = 1;
	o.input.problems = tvk_xcalloc(1, sizeof(*o.input.problems));
	o.input.problems[0] = tvk_xstrdup("page 2: no text layer");
	o.n_docs = 2;
	o.docs = tvk_xcalloc(2, sizeof(*o.docs));
	o.docs[0] = test_document(22, 2025, 2, "archive/2025/a.pdf", 7);
	o.docs[1] = test_national(2025, 2, "archive/2025/a.pdf", 9);
	o.input.n_tables = 2;
	return o;
}

START_TEST(an_outcome_comes_back_whole)
{
	struct tvk_outcome o = sample_outcome();
	struct tvk_options opt = {.ocr = TVK_OCR_ALWAYS, .no_second_look = true};
	struct tvk_buf b = {0};
	tvk_outcome_encode(&b, &opt, &o);
	struct tvk_wire_record rec;
	ck_assert_int_eq(tvk_wire_record_read((const unsigned char *)b.s,
		b.len, &rec), TVK_WIRE_OK);
	ck_assert_uint_eq(rec.type, TVK_RECORD_OUTCOME);
	struct tvk_outcome back;
	struct tvk_options opt_back;
	ck_assert_int_eq(tvk_outcome_decode(rec.payload, rec.length, &opt_back,
		&back), 1);
	ck_assert_int_eq(opt_back.ocr, TVK_OCR_ALWAYS);
	ck_assert(opt_back.no_second_look);
	ck_assert_str_eq(back.input.path, o.input.path);
	ck_assert_str_eq(back.input.sha256, o.input.sha256);
	ck_assert_int_eq(back.input.pages, 3);
	ck_assert_int_eq(back.input.layer, TVK_LAYER_OCR);
	ck_assert_uint_eq(back.input.n_problems, 1);
	ck_assert_str_eq(back.input.problems[0], "page 2: no text layer");
	ck_assert_uint_eq(back.n_docs, 2);
	for (size_t i = 0; i < 2; i++) {
		char *a = tvk_emit_document(o.docs[i], 0);
		char *c = tvk_emit_document(back.docs[i], 0);
		ck_assert_str_eq(c, a);
		free(a);
		free(c);
	}
	tvk_outcome_finish(&back);

	/* The same bytes under another build's name: not this build's
	 * reading, but no damage either. */
	const char *id = tvk_build_identity();
	unsigned char *at = NULL;
	for (size_t i = 0; !at && i + strlen(id) <= b.len; i++)
		if (memcmp(b.s + i, id, strlen(id)) == 0)
			at = (unsigned char *)b.s + i;
	ck_assert_ptr_nonnull(at);
	at[strlen(id) - 1] ^= 1;
	ck_assert_int_eq(tvk_outcome_decode(rec.payload, rec.length, &opt_back,
		&back), 0);
	at[strlen(id) - 1] ^= 1;
	/* a payload cut short: refused, nothing left behind */
	ck_assert_int_eq(tvk_outcome_decode(rec.payload, rec.length - 1,
		&opt_back, &back), -1);
	ck_assert_ptr_null(back.docs);
	free(b.s);
	tvk_outcome_finish(&o);
}
END_TEST

static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("records");
	tcase_add_test(tc, documents_come_back_field_for_field);
	tcase_add_test(tc, null_and_empty_strings_stay_apart);
	tcase_add_test(tc, a_byte_changed_anywhere_refuses_the_record);
	tcase_add_test(tc, a_record_cut_off_is_partial);
	tcase_add_test(tc, lengths_beyond_the_bytes_are_not_believed);
	tcase_add_test(tc, a_document_cut_anywhere_is_refused);
	tcase_add_test(tc, an_outcome_comes_back_whole);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(wire_suite)
