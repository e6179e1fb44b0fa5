#ifndef TVK_CASES_H
#define TVK_CASES_H

/*
 * Data-driven cases: one case per line of a text file, fields separated by
 * tabs, '#' starts a comment line.  A new case is one line.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE_MAX_FIELDS 8

struct case_line {
	int line;
	size_t n;
	char *field[CASE_MAX_FIELDS];
};

/*
 * Calls @fn for every case of @path; returns the number of failures (a
 * missing file counts as one).  @fn returns 0 when the case passes and
 * prints its own complaint otherwise.
 */
static inline int cases_run(const char *path,
		int (*fn)(const struct case_line *c, void *data), void *data,
		int *n_cases)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return 1;
	}
	char buf[4096];
	int failures = 0, line = 0;
	*n_cases = 0;
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		struct case_line c = {.line = line};
		char *p = buf;
		while (c.n < CASE_MAX_FIELDS) {
			c.field[c.n++] = p;
			char *tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		(*n_cases)++;
		if (fn(&c, data) != 0) {
			fprintf(stderr, "  at %s:%d\n", path, line);
			failures++;
		}
	}
	fclose(f);
	return failures;
}

#endif
