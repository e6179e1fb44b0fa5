#ifndef TVK_CHECK_H
#define TVK_CHECK_H

/*
 * What every Check suite of tvk shares: TAP on stdout (so Meson counts each
 * case), the paths of the test data, and small helpers.
 */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef TVK_TEST_SRCDIR
#error "TVK_TEST_SRCDIR must point at tests/"
#endif

/* Runs @suite with TAP output on stdout; the exit status of the test. */
static inline int tvk_check_run(Suite *suite)
{
	SRunner *runner = srunner_create(suite);
	srunner_set_tap(runner, "-");
	srunner_run_all(runner, CK_SILENT);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#define TVK_CHECK_MAIN(suite_fn) \
	int main(void) { return tvk_check_run(suite_fn()); }

/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
static inline char *tvk_test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = n;
	}
	return buf;
}

#endif
