/*
 * tvk status: an archive at a glance — which quarters and regions a
 * folder tvk convert wrote holds and how each stands, every problem in
 * it, and the numbers that jump between quarters.  Reads only.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <tvk/archive.h>

#include "cli/cli.h"

const char status_usage[] =
	"usage: tvk status [--json] DIR\n\n"
	"Shows what a folder tvk convert wrote holds: a grid of its quarters by\n"
	"its regions, each cell valid (.), repaired (r), invalid (X), a\n"
	"conflict (C) or missing (-), fitted to the terminal's width, with the\n"
	"counts per status; every invalid table, conflict, failed input and\n"
	"unreadable file, one line each (tvk: FILE[:PAGE]: message); and a\n"
	"warning for every number that jumps between quarters where no sum can\n"
	"see it (two municipalities' rows swapped, a row ten times too large\n"
	"with its total), with the figures that raised it.  A warning is\n"
	"advice: it changes no document.  Nothing is written.\n\n"
	"  --json      one JSON object: coverage, problems, warnings\n"
	"  -h, --help  this help\n\n"
	"exit status: 0 nothing needs attention; 1 a cell is invalid, a\n"
	"conflict or missing, or there is a problem or a warning; 2 DIR holds\n"
	"no tvk output or cannot be read; 64 usage error.\n";

/* The width of the terminal on standard output; COLUMNS, or 80. */
static size_t output_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) &&
			ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
			ws.ws_col > 0)
		return ws.ws_col;
	const char *columns = getenv("COLUMNS");
	long n = columns ? strtol(columns, NULL, 10) : 0;
	return n >= 30 && n <= 1000 ? (size_t)n : 80;
}

static void print_text(const struct tvk_archive *a, const char *dir)
{
	size_t width = output_width();
	char *grid = tvk_archive_grid_text(a, width);
	fputs(grid, stdout);
	free(grid);
	printf("\n%zu problem%s\n", a->n_problems, plural(a->n_problems));
	for (size_t i = 0; i < a->n_problems; i++) {
		const struct tvk_archive_problem *p = &a->problems[i];
		char *line = tvk_error_line(p->file, p->page, p->message);
		fputs(line, stdout);
		free(line);
	}
	printf("\n%zu warning%s\n", a->n_warnings, plural(a->n_warnings));
	/* a line at a time, escaped: a region's name comes from a document,
	 * which may be anyone's */
	char *warnings = tvk_archive_warnings_text(a, width);
	for (char *line = warnings; *line;) {
		size_t n = strcspn(line, "\n");
		bool last = line[n] == '\0';
		line[n] = '\0';
		printf("%s\n", escaped(line));
		line += n + !last;
	}
	free(warnings);
	if (a->exit_status == 0)
		printf("\n%s: nothing needs attention\n", escaped(dir));
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'J'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			json = true;
			break;
		case 'h':
			fputs(status_usage, stdout);
			return TVK_EXIT_OK;
		default:
			return option_error("status", c, argc, argv);
		}
	}
	if (optind != argc - 1)
		return usage_error("status", optind == argc ?
			"which folder? (tvk status DIR)" :
			"one folder at a time");
	const char *dir = argv[optind];
	struct tvk_archive a;
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_archive_read(dir, &a, &err) != 0) {
		cli_error_line(err.file[0] ? err.file : dir, err.page,
			err.message);
		return TVK_EXIT_INPUT;
	}
	if (!a.has_output) {
		cli_error_line(dir, 0, "no tvk output here (no index.json and "
			"no document); convert into it first");
		if (json) {
			char *text = tvk_archive_json(&a);
			fputs(text, stdout);
			free(text);
		}
		tvk_archive_finish(&a);
		return TVK_EXIT_INPUT;
	}
	if (json) {
		char *text = tvk_archive_json(&a);
		fputs(text, stdout);
		free(text);
	} else {
		print_text(&a, dir);
	}
	int status = a.exit_status;
	tvk_archive_finish(&a);
	return status;
}
