/* tvk convert: inputs in, one JSON file per region and quarter out. */
#include <getopt.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

const char convert_usage[] =
	"usage: tvk convert [-o DIR] [-j N] [--ocr=auto|never|always] "
	"[--no-second-look]\n                   [--force] [-q] [--progress|--no-progress] "
	"[--review]\n                   [--timeout S] [--max-memory MB] [--no-wait] INPUT...\n\n"
	"Converts PDFs (files, or folders walked recursively) into one JSON\n"
	"document per region and quarter: DIR/<YYYY>-Q<q>/<NN>-<slug>.json, and\n"
	"DIR/<YYYY>-Q<q>/nederland.json for the national row.\n\n"
	"  -o, --output DIR   where to write (default: out)\n"
	"  -j, --jobs N       worker processes (default: one per core)\n"
	"      --ocr=MODE     auto: OCR pages without a text layer (default);\n"
	"                     never: skip them; always: OCR every page\n"
	"      --no-second-look\n"
	"                     do not read the cells of a scanned table that\n"
	"                     does not add up again from the page image\n"
	"      --force        convert inputs even if unchanged since the last run\n"
	"  -q, --quiet        print nothing but errors\n"
	"      --progress     show the progress bar even when stderr is not a\n"
	"                     terminal\n"
	"      --no-progress  never show it (by default it is shown when stderr\n"
	"                     is a terminal)\n"
	"      --review       at the end, write DIR/review.html: the page of\n"
	"                     tvk review DIR\n"
	"      --timeout S    seconds one input may take (default: 120; 0: no\n"
	"                     limit); an input over it fails, the rest go on\n"
	"      --max-memory MB\n"
	"                     memory one input may take (default: the machine's\n"
	"                     shared by the workers, at most 2048; 0: no limit)\n"
	"      --no-wait      when another tvk is writing to DIR, fail at once\n"
	"                     instead of waiting for it\n"
	"  -h, --help         this help\n\n"
	"Interrupted (Ctrl-C), tvk keeps every input it finished: the same\n"
	"command again converts only the rest.\n\n"
	"exit status: 0 every table valid or repaired; 1 a table is invalid or\n"
	"two inputs disagree; 2 an input could not be read or holds no table\n"
	"(the other inputs are still converted); 64 usage error.\n";

/*
 * Progress on stderr, as git shows it: a bar redrawn in place when stderr
 * is a terminal (or with --progress), fitted to the terminal's width as it
 * is at each redraw (so a resized window is followed), each redraw one
 * write(2); nothing at all otherwise, so that a log file holds only what
 * matters: the errors, one line each.
 */
struct progress {
	int fd;
	struct timespec start;
	double last_draw;
	bool drawn;   /* a bar was drawn at all */
	bool on_line; /* a bar is drawn on the current line */
};

/* An error line goes on a line of its own: the bar is wiped first and
 * drawn again at the next event. */
static void clear_bar(void *data)
{
	struct progress *p = data;
	if (!p->on_line)
		return;
	ssize_t rc = write(p->fd, "\r\033[K", 4);
	(void)rc;
	p->on_line = false;
}

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

/* The terminal's width; COLUMNS or 80 when stderr is no terminal. */
static size_t terminal_width(int fd)
{
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *columns = getenv("COLUMNS");
	long n = columns ? strtol(columns, NULL, 10) : 0;
	return n >= 20 && n <= 1000 ? (size_t)n : 80;
}

/* The columns @s takes on a terminal: one per character of UTF-8. */
static size_t text_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The last part of @path, the name a user knows the file by. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

/*
 * The counts on the bar, most important first: what does not fit is left
 * out from the end, then the bar narrows.  The time left is reckoned from
 * the bytes still to read rather than the files (the largest go first,
 * and a PDF's pages are known only once a worker has opened it); the
 * rate is of pages.  The finished line says "done", without a file.
 */
static size_t bar_counts(const struct tvk_batch_event *ev, double elapsed,
		char counts[6][96])
{
	bool finished = ev->done == ev->total;
	char spent[32], left[32];
	clock_text(elapsed, spent, sizeof(spent));
	snprintf(counts[0], 96, " %zu/%zu file%s", ev->done, ev->total,
		plural(ev->total));
	snprintf(counts[1], 96, "  %zu table%s", ev->tables,
		plural(ev->tables));
	snprintf(counts[2], 96, "  %zu invalid", ev->invalid);
	if (finished) {
		snprintf(counts[3], 96, "  %s, done", spent);
	} else if (ev->bytes_done > 0 && ev->bytes_total > ev->bytes_done) {
		clock_text(elapsed / (double)ev->bytes_done *
			(double)(ev->bytes_total - ev->bytes_done), left,
			sizeof(left));
		snprintf(counts[3], 96, "  %s, ETA %s", spent, left);
	} else {
		snprintf(counts[3], 96, "  %s", spent);
	}
	size_t n = 4;
	if (ev->pages > 0 && elapsed > 0)
		snprintf(counts[n++], 96, "  %.1f pages/s",
			(double)ev->pages / elapsed);
	if (!finished && ev->current) {
		/* at most 60 bytes of the name, cut between characters */
		const char *name = escaped(base_name(ev->current));
		int len = (int)strlen(name);
		if (len > 60)
			for (len = 60; len > 0 &&
					((unsigned char)name[len] & 0xC0) == 0x80;)
				len--;
		snprintf(counts[n++], 96, "  %.*s", len, name);
	}
	return n;
}

static void on_progress(void *data, const struct tvk_batch_event *ev)
{
	struct progress *p = data;
	size_t done = ev->done, total = ev->total;
	double elapsed = seconds_since(&p->start);
	/* a redraw at most every 0.1 s; the first and the last always */
	if (done < total && p->drawn && elapsed - p->last_draw < 0.1)
		return;
	p->drawn = true;
	p->last_draw = elapsed;
	char counts[6][96];
	size_t n_counts = bar_counts(ev, elapsed, counts);
	/* A line one column short of the width: the cursor never wraps. */
	size_t width = terminal_width(p->fd) - 1;
	size_t used = 0;
	for (size_t i = 0; i < n_counts; i++)
		used += text_width(counts[i]);
	while (n_counts > 1 && used + 12 > width)
		used -= text_width(counts[--n_counts]);
	size_t bar = width > used + 2 ? width - used - 2 : 0;
	if (bar > 30)
		bar = 30;
	char line[1024] = "\r[";
	size_t fill = total ? done * bar / total : bar;
	for (size_t i = 0; i < bar && i < 64; i++)
		strcat(line, i < fill ? "#" : ".");
	strcat(line, "]");
	for (size_t i = 0; i < n_counts; i++)
		strcat(line, counts[i]);
	size_t shown = text_width(line + 1);
	/* Pad to the width, so that nothing of a longer earlier line is
	 * left behind. */
	while (shown < width && shown < sizeof(line) - 4) {
		strcat(line, " ");
		shown++;
	}
	if (done == total)
		strcat(line, "\n");
	ssize_t rc = write(p->fd, line, strlen(line));
	(void)rc; /* progress that cannot be shown is no error */
	p->on_line = done != total;
}

/* An invalid table as every error is said, "tvk: FILE:PAGE: message":
 * the page and the message of its first failing check, and how many
 * more there are. */
static void invalid_line(const struct tvk_table_report *t, const char *file)
{
	const struct tvk_document_problem *first = NULL;
	size_t failing = 0;
	for (size_t i = 0; i < t->doc->n_problems; i++)
		if (!t->doc->problems[i].warning && failing++ == 0)
			first = &t->doc->problems[i];
	char period[32], region[16] = "";
	if (t->year)
		snprintf(period, sizeof(period), "%d-Q%d", t->year, t->quarter);
	else
		snprintf(period, sizeof(period), "unknown quarter");
	if (t->region)
		snprintf(region, sizeof(region), "%02d ", t->region);
	char more[48] = "";
	if (failing > 1)
		snprintf(more, sizeof(more), " (and %zu more)", failing - 1);
	size_t n = strlen(period) + strlen(t->summary) + 256 +
		(first ? strlen(first->message) : 0);
	char *message = malloc(n);
	if (!message)
		return;
	snprintf(message, n, "%s %s%s: invalid: %s%s", period, region,
		t->summary, first ? first->message : "a check fails", more);
	char *line = tvk_error_line(file, first && first->place.page ?
		first->place.page : t->first_page, message);
	if (line)
		fputs(line, stdout);
	free(line);
	free(message);
}

static void summary(const struct tvk_batch_report *rep, const char *dir)
{
	size_t failed = 0;
	for (size_t i = 0; i < rep->n_inputs; i++)
		failed += rep->inputs[i].error != TVK_OK;
	for (size_t i = 0; i < rep->n_tables; i++) {
		const struct tvk_table_report *t = &rep->tables[i];
		if (t->status != TVK_STATUS_INVALID || t->merged || t->earlier)
			continue;
		invalid_line(t, rep->inputs[t->input].path);
	}
	/* "tables" means here what it means in the bar: every table read,
	 * duplicates included; the files are what became of them, and what
	 * this run did to them: a file that comes out the same is not
	 * written again, and a re-run that changed nothing says so. */
	printf("tvk: %zu input%s (%zu failed, %zu unchanged since the last "
		"run), %zu table%s: ", rep->n_inputs, plural(rep->n_inputs),
		failed, rep->n_cached, rep->n_tables, plural(rep->n_tables));
	if (rep->n_changed == rep->n_written)
		printf("%zu file%s written to %s", rep->n_written,
			plural(rep->n_written), escaped(dir));
	else if (rep->n_changed == 0)
		printf("%zu file%s in %s, none changed", rep->n_written,
			plural(rep->n_written), escaped(dir));
	else
		printf("%zu file%s in %s, %zu of them changed", rep->n_written,
			plural(rep->n_written), escaped(dir), rep->n_changed);
	printf(" (%zu valid, %zu repaired, %zu invalid), %zu duplicate%s "
		"merged, %zu conflict%s\n", rep->n_valid, rep->n_repaired,
		rep->n_invalid, rep->n_merged, plural(rep->n_merged),
		rep->n_conflicts, plural(rep->n_conflicts));
	if (rep->n_unwritten)
		printf("tvk: %zu table%s could not be written (see the errors "
			"above)\n", rep->n_unwritten,
			plural(rep->n_unwritten));
}

int cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		CLI_BATCH_LONGOPTS,
		{"no-wait", no_argument, NULL, 'W'},
		{"force", no_argument, NULL, 'F'},
		{"quiet", no_argument, NULL, 'q'},
		{"progress", no_argument, NULL, 'P'},
		{"no-progress", no_argument, NULL, 'N'},
		{"review", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	struct tvk_batch_options opt = {.out_dir = "out"};
	bool quiet = false, review = false;
	int c, usage;
	int show_progress = -1; /* -1: when stderr is a terminal */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			opt.out_dir = optarg;
			break;
		case 'F':
			opt.force = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'P':
			show_progress = 1;
			break;
		case 'N':
			show_progress = 0;
			break;
		case 'R':
			review = true;
			break;
		case 'W':
			opt.no_wait = true;
			break;
		default:
			usage = cli_batch_option("convert", c, optarg, &opt);
			if (usage < 0)
				return option_error("convert", c, argc, argv);
			if (usage > 0)
				return usage;
			break;
		}
	}
	if (optind >= argc)
		return usage_error("convert", "no input given");
	if (!*opt.out_dir)
		return usage_error("convert", "-o wants a folder");
	struct stat out_st;
	if (stat(opt.out_dir, &out_st) == 0 && !S_ISDIR(out_st.st_mode))
		return usage_error("convert", "%s: is a file; -o wants a "
			"folder", opt.out_dir);

	struct progress progress = {.fd = STDERR_FILENO};
	clock_gettime(CLOCK_MONOTONIC, &progress.start);
	if (show_progress < 0)
		show_progress = isatty(STDERR_FILENO) == 1;
	struct cli_events events = {.quiet = quiet || !show_progress,
		.progress = on_progress, .before_line = clear_bar,
		.progress_data = &progress};
	opt.event = cli_batch_event;
	opt.event_data = &events;
	struct tvk_batch_report rep;
	int stopped = cli_run_batch(argv + optind, (size_t)(argc - optind),
		&opt, &rep);
	if (stopped)
		return stopped;
	if (!quiet)
		summary(&rep, opt.out_dir);
	int status = (int)rep.exit_status;
	tvk_batch_report_finish(&rep);
	if (review) {
		/* the page of tvk review DIR, made from what is in DIR now */
		size_t n = strlen(opt.out_dir);
		char *page = malloc(n + sizeof("/review.html"));
		if (!page)
			return TVK_EXIT_INPUT;
		memcpy(page, opt.out_dir, n);
		memcpy(page + n, "/review.html", sizeof("/review.html"));
		if (review_folder(opt.out_dir, page, false, quiet) < 0 &&
				status < TVK_EXIT_INPUT)
			status = TVK_EXIT_INPUT;
		free(page);
	}
	return status;
}
