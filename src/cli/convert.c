/* tvk convert: inputs in, one JSON file per region and quarter out. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char convert_usage[] =
	"usage: tvk convert [-o DIR] [-j N] [--ocr=auto|never|always] "
	"[--no-second-look]\n                   [--force] [-q] INPUT...\n\n"
	"Converts PDFs (files, or folders walked recursively) into one JSON\n"
	"document per region and quarter: DIR/<YYYY>-Q<q>/<NN>-<slug>.json, and\n"
	"DIR/<YYYY>-Q<q>/nederland.json for the national row.\n\n"
	"  -o, --output DIR   where to write (default: out)\n"
	"  -j, --jobs N       worker threads (default: one per core)\n"
	"      --ocr=MODE     auto: OCR pages without a text layer (default);\n"
	"                     never: skip them; always: OCR every page\n"
	"      --no-second-look\n"
	"                     do not read the cells of a scanned table that\n"
	"                     does not add up again from the page image\n"
	"      --force        convert inputs even if unchanged since the last run\n"
	"  -q, --quiet        print nothing but errors\n"
	"  -h, --help         this help\n\n"
	"exit status: 0 every table valid or repaired; 1 a table is invalid or\n"
	"two inputs disagree; 2 an input could not be read or holds no table\n"
	"(the other inputs are still converted); 64 usage error.\n";

/*
 * Progress on stderr: a bar redrawn in place on a terminal, a plain line
 * every tenth of the way (and at the end) otherwise.
 */
struct progress {
	bool tty;
	struct timespec start;
	double last_draw;
	size_t last_step;
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
		(double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void clock_text(double s, char *out, size_t cap)
{
	long t = (long)(s + 0.5);
	snprintf(out, cap, "%ld:%02ld", t / 60, t % 60);
}

static void on_progress(void *data, size_t done, size_t total, size_t tables,
		size_t invalid)
{
	struct progress *p = data;
	double elapsed = seconds_since(&p->start);
	char spent[32], left[32];
	clock_text(elapsed, spent, sizeof(spent));
	if (done > 0 && done < total)
		clock_text(elapsed / (double)done * (double)(total - done), left,
			sizeof(left));
	else
		snprintf(left, sizeof(left), "0:00");
	if (p->tty) {
		if (done < total && elapsed - p->last_draw < 0.1)
			return;
		p->last_draw = elapsed;
		char bar[31];
		size_t fill = total ? done * 30 / total : 30;
		for (size_t i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[30] = '\0';
		fprintf(stderr, "\r[%s] %zu/%zu files  %zu tables  %zu invalid  "
			"%s elapsed  ETA %s ", bar, done, total, tables, invalid,
			spent, left);
		if (done == total)
			fputc('\n', stderr);
		return;
	}
	size_t step = total ? done * 10 / total : 10;
	if (step == p->last_step && done < total)
		return;
	p->last_step = step;
	fprintf(stderr, "tvk: %zu/%zu files, %zu tables, %zu invalid, %s "
		"elapsed, ETA %s\n", done, total, tables, invalid, spent, left);
}

static void summary(const struct tvk_batch_report *rep, const char *dir)
{
	size_t failed = 0;
	for (size_t i = 0; i < rep->n_inputs; i++)
		failed += rep->inputs[i].error != TVK_OK;
	for (size_t i = 0; i < rep->n_tables; i++) {
		const struct tvk_table_report *t = &rep->tables[i];
		if (t->status != TVK_STATUS_INVALID || t->merged)
			continue;
		char period[32];
		if (t->year)
			snprintf(period, sizeof(period), "%d-Q%d", t->year,
				t->quarter);
		else
			snprintf(period, sizeof(period), "unknown quarter");
		printf("invalid: %s %s (%s p%d): %zu problem%s\n", period,
			t->summary, rep->inputs[t->input].path, t->first_page,
			t->n_problems, t->n_problems == 1 ? "" : "s");
	}
	printf("tvk: %zu input%s (%zu failed, %zu unchanged since the last "
		"run), %zu file%s written to %s: "
		"%zu valid, %zu repaired, %zu invalid; %zu duplicate%s merged, "
		"%zu conflict%s\n",
		rep->n_inputs, rep->n_inputs == 1 ? "" : "s", failed, rep->n_cached,
		rep->n_written, rep->n_written == 1 ? "" : "s", dir,
		rep->n_valid, rep->n_repaired, rep->n_invalid,
		rep->n_merged, rep->n_merged == 1 ? "" : "s",
		rep->n_conflicts, rep->n_conflicts == 1 ? "" : "s");
	if (rep->n_unwritten)
		printf("tvk: %zu table%s could not be written (see the errors "
			"above)\n", rep->n_unwritten,
			rep->n_unwritten == 1 ? "" : "s");
}

int cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{"ocr", required_argument, NULL, 'O'},
		{"no-second-look", no_argument, NULL, 'S'},
		{"force", no_argument, NULL, 'F'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct tvk_batch_options opt = {.out_dir = "out"};
	int c, usage;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:j:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			opt.out_dir = optarg;
			break;
		case 'j':
			if (!parse_jobs(optarg, &opt.jobs))
				return usage_error("convert", "-j wants a number "
					"from 1 to 256, not '%s'", optarg);
			break;
		case 'S':
			opt.convert.no_second_look = true;
			break;
		case 'O':
			usage = parse_ocr("convert", optarg, &opt.convert.ocr);
			if (usage != 0)
				return usage;
			break;
		case 'F':
			opt.force = true;
			break;
		case 'q':
			opt.quiet = true;
			break;
		default:
			return usage_error("convert", "unknown option '%s'",
				argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("convert", "no input given");
	if (!*opt.out_dir)
		return usage_error("convert", "-o wants a folder");

	struct progress progress = {.tty = isatty(STDERR_FILENO) == 1,
		.last_step = (size_t)-1};
	clock_gettime(CLOCK_MONOTONIC, &progress.start);
	if (!opt.quiet) {
		opt.progress = on_progress;
		opt.progress_data = &progress;
	}
	struct tvk_batch_report rep;
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_batch_run((const char *const *)argv + optind,
			(size_t)(argc - optind), &opt, &rep, &err) != 0) {
		tvk_error_print(stderr, err.file, 0, err.message);
		return TVK_EXIT_INPUT;
	}
	if (!opt.quiet)
		summary(&rep, opt.out_dir);
	int status = (int)rep.exit_status;
	tvk_batch_report_finish(&rep);
	return status;
}
