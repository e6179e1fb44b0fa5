/*
 * The library from several threads at once.  tvk's own batch runs PDF work
 * in worker processes, but the library promises callers that it is
 * thread-safe with one lexer per thread (lex.h, ocr.h, gazetteer.h).  Here
 * four threads convert the same inputs at the same time, each with its own
 * lexer and in its own order: the sample archive, the historical sheets,
 * scans with an OCR text layer (the second look renders and OCRs their
 * pages with the thread's engine) and, with OCR, an image-only scan.  Each
 * must get byte for byte what one thread alone got.  Under
 * ThreadSanitizer (.ci/test) this is the run that checks the state threads
 * share: the compiled patterns and their memo, the gazetteer, the PDF
 * library's set-up, the OCR engines per thread, the hash's dispatch.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/tvk.h>

#include "tvk_check.h"

#define THREADS 4

static const char *const inputs[] = {
	TVK_FIXTURES "/uwv-2025-q2-compendium.pdf",
	TVK_FIXTURES "/uwv-2025-q2-rijnmond.pdf",
	TVK_FIXTURES "/uwv-2025-q2-zaanstreek-waterland.pdf",
	TVK_FIXTURES "/uwv-2022-q4-zaanstreek-waterland.pdf",
	TVK_FIXTURES "/uwv-2020-q2-friesland.pdf",
	TVK_TEST_SRCDIR "/data/history/uwv-2018-q2-groningen.pdf",
	TVK_TEST_SRCDIR "/data/history/invalid-2021-q3-rijnmond-missing.pdf",
	TVK_TEST_SRCDIR "/data/scans/groningen-ocrlayer-noisy.pdf",
	TVK_TEST_SRCDIR "/data/scans/rijnmond-ocrlayer-zebra.pdf",
#if TVK_EXPECT_OCR
	TVK_TEST_SRCDIR "/data/scans/zaanstreek-2022-200.pdf",
#endif
};
#define N_INPUTS (sizeof(inputs) / sizeof(inputs[0]))

/* A growing string. */
struct text {
	char *s;
	size_t n, cap;
};

static void add(struct text *t, const char *fmt, ...) TVK_PRINTF(2, 3);

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int need = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (t->n + (size_t)need + 1 > t->cap) {
		t->cap = 2 * (t->n + (size_t)need + 1);
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
	va_end(ap);
	t->n += (size_t)need;
}

/* Everything the library makes of @path: its error or its documents'
 * JSON text, with the document's problems.  Malloc'd. */
static char *convert(const char *path, struct tvk_lexer *lexer)
{
	struct text out = {0};
	add(&out, "== %s\n", path);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *doc = tvk_input_open(path, &err);
	if (!doc) {
		add(&out, "error %d: %s\n", err.code, err.message);
		return out.s;
	}
	struct tvk_options opt = {0};
	if (tvk_input_convert(doc, &opt, lexer, &err) != 0)
		add(&out, "error %d: %s\n", err.code, err.message);
	for (size_t i = 0; i < doc->n_problems; i++)
		add(&out, "problem p%d: %s\n", doc->problems[i].page,
			doc->problems[i].message);
	struct tvk_document **docs = NULL;
	size_t n = tvk_document_build(doc, &docs);
	for (size_t i = 0; i < n; i++) {
		char *json = tvk_emit_document(docs[i], 0);
		add(&out, "%s", json);
		free(json);
		tvk_document_destroy(docs[i]);
	}
	free(docs);
	tvk_input_destroy(doc);
	return out.s;
}

static char *expected[N_INPUTS];

struct worker {
	pthread_t thread;
	int first;        /* the input it starts with */
	int rounds;
	int mismatches;
	char where[256];  /* the first input it got wrong */
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct tvk_lexer *lexer = tvk_lexer_create();
	for (int r = 0; r < w->rounds; r++)
		for (size_t k = 0; k < N_INPUTS; k++) {
			size_t i = ((size_t)w->first + k) % N_INPUTS;
			char *got = convert(inputs[i], lexer);
			if (strcmp(got, expected[i]) != 0 &&
					w->mismatches++ == 0)
				snprintf(w->where, sizeof(w->where), "%s",
					inputs[i]);
			free(got);
		}
	tvk_lexer_destroy(lexer);
	tvk_ocr_release_thread();
	return NULL;
}

START_TEST(threads_read_what_one_thread_reads)
{
	struct tvk_lexer *lexer = tvk_lexer_create();
	size_t tables = 0;
	for (size_t i = 0; i < N_INPUTS; i++) {
		expected[i] = convert(inputs[i], lexer);
		/* Each input gives tables, so the comparison compares
		 * readings and not only the same error. */
		ck_assert_msg(strstr(expected[i], "\"schema_version\"") != NULL,
			"%s gave no document:\n%s", inputs[i], expected[i]);
		for (const char *p = expected[i];
				(p = strstr(p, "\"schema_version\"")); p++)
			tables++;
	}
	tvk_lexer_destroy(lexer);
	tvk_ocr_release_thread();
	ck_assert_uint_ge(tables, N_INPUTS);

	struct worker workers[THREADS];
	for (int t = 0; t < THREADS; t++) {
		workers[t] = (struct worker){
			.first = (int)((size_t)t * N_INPUTS / THREADS),
			.rounds = 1,
		};
		ck_assert_int_eq(pthread_create(&workers[t].thread, NULL,
			work, &workers[t]), 0);
	}
	int mismatches = 0;
	for (int t = 0; t < THREADS; t++) {
		pthread_join(workers[t].thread, NULL);
		if (workers[t].mismatches)
			fprintf(stderr, "thread %d: %d inputs read otherwise, "
				"first %s\n", t, workers[t].mismatches,
				workers[t].where);
		mismatches += workers[t].mismatches;
	}
	for (size_t i = 0; i < N_INPUTS; i++)
		free(expected[i]);
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

static Suite *threads_suite(void)
{
	Suite *s = suite_create("threads");
	TCase *tc = tcase_create("threads");
	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, threads_read_what_one_thread_reads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* As the CLI does (cli/main.c): tesseract's OpenMP threads, four
	 * engines' worth, would otherwise spin on two cores. */
	setenv("OMP_THREAD_LIMIT", "1", 0);
	return tvk_check_run(threads_suite());
}
