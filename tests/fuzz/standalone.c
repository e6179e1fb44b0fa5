/*
 * Runs a fuzz target over saved inputs without libFuzzer: every file named
 * on the command line, or in a folder named there.  Meson runs it over the
 * seed corpus and over every input that ever crashed a target, so a fixed
 * crash stays fixed.  TAP on stdout, one case per input.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("not ok %d - %s (cannot read)\n", ++n, path);
		return;
	}
	size_t cap = 1 << 16, len = 0;
	unsigned char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	fclose(f);
	if (!buf) {
		printf("not ok %d - %s (out of memory)\n", ++n, path);
		return;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	/* Getting here is the test: a crash or a sanitizer report ends
	 * the process first. */
	printf("ok %d - %s\n", ++n, path);
	fflush(stdout);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d)
		return;
	char **names = NULL;
	size_t count = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (count + 1) * sizeof(*names));
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		names[count] = malloc(len);
		snprintf(names[count++], len, "%s/%s", path, e->d_name);
	}
	closedir(d);
	if (count > 1)
		qsort(names, count, sizeof(*names), by_name);
	for (size_t i = 0; i < count; i++) {
		struct stat s2;
		if (stat(names[i], &s2) == 0 && S_ISREG(s2.st_mode))
			run_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		run(argv[i]);
	printf("1..%d\n", n);
	return 0;
}
