/*
 * tvk: turn UWV's "Transparantie van klantprofielen" publications into a
 * validated dataset.  This file is the command table and the dispatch;
 * each command lives in a file of its own.
 */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const struct command commands[] = {
	{"convert", "convert PDFs (files or folders) into JSON per region and "
		"quarter", convert_usage, cmd_convert},
	{"validate", "check publications and report per table; writes nothing",
		validate_usage, cmd_validate},
	{"dataset", "one table (CSV, NDJSON or Excel) over converted documents",
		dataset_usage, cmd_dataset},
	{"review", "an HTML page showing every repaired and failing number on "
		"its print", review_usage, cmd_review},
	{"status", "an archive at a glance: coverage, problems, numbers that "
		"jump", status_usage, cmd_status},
	{"schema", "print the JSON Schema of a file tvk writes",
		schema_usage, cmd_schema},
	{"text", "print the lines tvk rebuilds from a PDF (for debugging)",
		text_usage, cmd_text},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char help_usage[] =
	"usage: tvk help [COMMAND]\n\n"
	"Prints the help of COMMAND, as 'tvk COMMAND --help' does; without one,\n"
	"the commands (as 'tvk --help').\n";

int usage_error(const char *command, const char *fmt, ...)
{
	/* the message names what the user gave (an option, a file), which
	 * a glob may have taken from a hostile name: escaped */
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	fprintf(stderr, "tvk: %s", escaped(message));
	if (command)
		fprintf(stderr, " (see 'tvk %s --help')\n", command);
	else
		fputs(" (see 'tvk --help')\n", stderr);
	return TVK_EXIT_USAGE;
}

int option_error(const char *command, int c, int argc, char **argv)
{
	const char *arg = optind >= 1 && optind <= argc ? argv[optind - 1] : "";
	/* A long option, unless a short one (optopt) was refused inside a
	 * group of them such as "-qx". */
	bool is_long = strncmp(arg, "--", 2) == 0 && arg[2] &&
		(optopt == 0 || c == ':' || strchr(arg, '='));
	char name[128];
	if (is_long)
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
	else if (optopt > ' ' && optopt < 127)
		snprintf(name, sizeof(name), "-%c", optopt);
	else
		snprintf(name, sizeof(name), "%s", arg);
	if (c == ':')
		return usage_error(command, "%s needs a value", name);
	if (is_long && optopt != 0)
		return usage_error(command, "'%s' takes no value", name);
	return usage_error(command, "unknown option '%s'", is_long ? arg : name);
}

int parse_ocr(const char *command, const char *arg, enum tvk_ocr_mode *mode)
{
	if (strcmp(arg, "auto") == 0)
		*mode = TVK_OCR_AUTO;
	else if (strcmp(arg, "never") == 0)
		*mode = TVK_OCR_NEVER;
	else if (strcmp(arg, "always") == 0)
		*mode = TVK_OCR_ALWAYS;
	else
		return usage_error(command, "--ocr is auto, never or always, "
			"not '%s'", arg);
	if (*mode == TVK_OCR_ALWAYS && !tvk_ocr_available())
		return usage_error(command, "--ocr=always: this tvk was built "
			"without OCR (libtesseract-dev was not installed)");
	return 0;
}

bool parse_jobs(const char *s, int *jobs)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || v < 1 || v > 256)
		return false;
	*jobs = (int)v;
	return true;
}

static void print_help(FILE *out)
{
	fputs("usage: tvk COMMAND [OPTIONS] ...\n\n"
		"Turns UWV's quarterly publication 'Transparantie van "
		"klantprofielen'\n(PDF) into validated JSON per labour-market "
		"region and quarter.\n\ncommands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n  tvk help COMMAND    help for one command\n"
		"  tvk --version       the version\n\n"
		"exit status: 0 every table valid or repaired; 1 a table is "
		"invalid;\n2 an input could not be read or holds no table; "
		"64 usage error.\n", out);
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Output that could not be written (a full disk, a closed pipe) is an
 * error like any other, not a silent success. */
static int finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "tvk: cannot write output: %s\n",
			strerror(errno));
		return status > TVK_EXIT_INPUT ? status : TVK_EXIT_INPUT;
	}
	return status;
}

/*
 * libtesseract runs OpenMP threads that spin while they wait; next to
 * tvk's own workers they only fight over the cores (an OCR page took 4 s
 * instead of 1).  libgomp reads its thread limit from the environment when
 * it is loaded — with libtesseract, at the first page that needs OCR — so
 * tvk sets the limit first thing, before any thread of its own.  A limit
 * the user set is respected.
 */
static void limit_openmp(void)
{
	setenv("OMP_THREAD_LIMIT", "1", 0); /* 0: the user's value stays */
}

/*
 * A scanned page passes through pictures of 9 million pixels, one after
 * another (rendered, scaled, turned, copied for tesseract, which makes
 * its own), and glibc hands each back to the kernel when it is freed and
 * asks anew for the next: the kernel then clears every page of it again,
 * a tenth of an OCR page's time.  Kept in the heap, the memory is used
 * again as it is; a worker holds on to what its largest page needed.
 */
static void keep_memory(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int main(int argc, char **argv)
{
	limit_openmp();
	keep_memory();
	/* A write beyond the file size limit (ulimit -f) would otherwise
	 * kill tvk with SIGXFSZ halfway through a temporary file, leaving it
	 * behind and the user without a word; ignored, the write fails with
	 * EFBIG, which is reported like a full disk and the file removed. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2)
		return usage_error(NULL, "no command given");
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("tvk %s\n", tvk_version());
		return finish(TVK_EXIT_OK);
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		print_help(stdout);
		return finish(TVK_EXIT_OK);
	}
	if (strcmp(name, "help") == 0) {
		if (argc < 3) {
			print_help(stdout);
			return finish(TVK_EXIT_OK);
		}
		if (strcmp(argv[2], "help") == 0) {
			fputs(help_usage, stdout);
			return finish(TVK_EXIT_OK);
		}
		const struct command *c = find(argv[2]);
		if (!c)
			return usage_error(NULL, "no command '%s'", argv[2]);
		fputs(c->usage, stdout);
		return finish(TVK_EXIT_OK);
	}
	const struct command *c = find(name);
	if (!c)
		return usage_error(NULL, "no command '%s'", name);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(c->usage, stdout);
			return finish(TVK_EXIT_OK);
		}
	}
	return finish(c->run(argc - 1, argv + 1));
}
