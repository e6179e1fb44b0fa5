/*
 * tvk review: one HTML page with every repaired and failing number beside
 * the print it came from — over PDFs (the pipeline of tvk validate,
 * nothing else written) or over a folder tvk convert wrote.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

const char review_usage[] =
	"usage: tvk review [-o FILE] [--all] [-j N] [--ocr=auto|never|always]\n"
	"                  [--no-second-look] [--timeout S] [--max-memory MB]\n"
	"                  INPUT...\n"
	"       tvk review [-o FILE] [--all] DIR\n\n"
	"Writes one HTML page that shows each repaired or invalid table cropped\n"
	"from its PDF page, every repaired cell outlined in the colour of its\n"
	"kind and every failing row and column marked, beside the list of its\n"
	"repairs and problems, each linked to its mark; a summary on top.  The\n"
	"page holds its images and needs no network: open it from disk.\n"
	"INPUT... are PDFs or folders of them, read as tvk validate reads them\n"
	"(nothing else is written).  DIR is a folder tvk convert wrote (it holds\n"
	"index.json): its documents are shown, their PDFs found through their\n"
	"source.file and checked against its sha256; a table whose PDF is\n"
	"missing or changed is shown without a crop, and said so.\n\n"
	"  -o, --output FILE  where to write the page (default: review.html in\n"
	"                     the current folder; '-' for standard output)\n"
	"      --all          every table, not only the repaired and invalid\n"
	"  -j, --jobs N       worker processes (default: one per core)\n"
	"      --ocr=MODE     as for convert\n"
	"      --no-second-look\n"
	"                     as for convert\n"
	"      --timeout S, --max-memory MB\n"
	"                     as for convert\n"
	"  -h, --help         this help\n\n"
	"exit status: 0 every table valid or repaired; 1 a table is invalid;\n"
	"2 an input or a PDF could not be read, or a PDF changed since DIR was\n"
	"converted (the page is still written); 64 usage error.\n";

static void on_note(void *data, const char *file, const char *message)
{
	(void)data;
	cli_error_line(file, 0, message);
}

/* Writes @page to @out ('-': standard output). */
static int put_page(const char *out, const char *page, size_t size)
{
	if (strcmp(out, "-") == 0)
		return fwrite(page, 1, size, stdout) == size ? 0 : -1;
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_review_save(out, page, size, &err) != 0) {
		cli_error_line(err.file, 0, err.message);
		return -1;
	}
	return 0;
}

/* The page @out goes into a folder that is there (tvk makes no folder
 * for it: a mistyped path is said, not created) and is no folder
 * itself; otherwise said on stderr. */
static bool page_place_exists(const char *out)
{
	struct stat st;
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		cli_error_line(out, 0, "is a folder; -o wants the page's file "
			"name");
		return false;
	}
	const char *slash = strrchr(out, '/');
	if (!slash || slash == out)
		return true;
	char *dir = strndup(out, (size_t)(slash - out));
	bool there = dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	if (dir && !there)
		cli_error_line(dir, 0, "no such folder for the page (tvk "
			"review makes none: make it first)");
	free(dir);
	return there;
}

static bool is_converted_folder(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	size_t n = strlen(path);
	char *index = malloc(n + 12);
	if (!index)
		return false;
	memcpy(index, path, n);
	memcpy(index + n, "/index.json", 12);
	bool found = stat(index, &st) == 0 && S_ISREG(st.st_mode);
	free(index);
	return found;
}

/* What was done, on standard output as convert's summary is (unless the
 * page itself goes there). */
static void say_written(const char *out, const struct tvk_review_stats *s)
{
	if (strcmp(out, "-") == 0)
		return;
	printf("tvk: review of %zu table%s (of %zu) written to %s", s->shown,
		plural(s->shown), s->tables, escaped(out));
	if (s->without_crop)
		printf(", %zu without a crop", s->without_crop);
	fputs("\n", stdout);
}

int review_folder(const char *dir, const char *out, bool all, bool quiet)
{
	struct tvk_review_options opt = {.all = all, .note = on_note};
	struct tvk_review_set set;
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_review_read(dir, &opt, &set, &err) != 0) {
		cli_error_line(err.file, 0, err.message);
		return TVK_EXIT_INPUT;
	}
	size_t size;
	struct tvk_review_stats stats;
	char *page = tvk_review_page((const struct tvk_document *const *)
		set.docs, set.n_docs, set.inputs, set.n_inputs, &opt, &size,
		&stats);
	int status = TVK_EXIT_OK;
	for (size_t i = 0; i < set.n_docs; i++)
		if (set.docs[i]->status == TVK_STATUS_INVALID)
			status = TVK_EXIT_INVALID;
	for (size_t i = 0; i < set.n_inputs; i++)
		if (set.inputs[i].error)
			status = TVK_EXIT_INPUT;
	if (set.n_damaged || stats.missing_pdfs)
		status = TVK_EXIT_INPUT;
	if (put_page(out, page, size) != 0)
		status = -1;
	else if (!quiet)
		say_written(out, &stats);
	free(page);
	tvk_review_set_finish(&set);
	return status;
}

static int review_inputs(char **paths, size_t n, struct tvk_batch_options *bo,
		const char *out, bool all)
{
	struct cli_events events = {.quiet = true};
	bo->event = cli_batch_event;
	bo->event_data = &events;
	struct tvk_batch_report rep;
	int stopped = cli_run_batch(paths, n, bo, &rep);
	if (stopped)
		return stopped;
	/* the tables as convert would write them: a merged one is in the
	 * also_in of the one it matched */
	const struct tvk_document **docs = calloc(rep.n_tables + 1,
		sizeof(*docs));
	struct tvk_review_input *inputs = calloc(rep.n_inputs + 1,
		sizeof(*inputs));
	if (!docs || !inputs) {
		free(docs);
		free(inputs);
		tvk_batch_report_finish(&rep);
		cli_error_line(NULL, 0, "out of memory");
		return TVK_EXIT_INPUT;
	}
	size_t n_docs = 0;
	for (size_t i = 0; i < rep.n_tables; i++)
		if (!rep.tables[i].merged)
			docs[n_docs++] = rep.tables[i].doc;
	for (size_t i = 0; i < rep.n_inputs; i++)
		inputs[i] = (struct tvk_review_input){rep.inputs[i].path,
			rep.inputs[i].error == TVK_OK ? NULL :
			rep.inputs[i].message};
	struct tvk_review_options opt = {.all = all, .note = on_note};
	size_t size;
	struct tvk_review_stats stats;
	char *page = tvk_review_page(docs, n_docs, inputs, rep.n_inputs, &opt,
		&size, &stats);
	int status = (int)rep.exit_status;
	if (stats.missing_pdfs && status < TVK_EXIT_INPUT)
		status = TVK_EXIT_INPUT;
	if (put_page(out, page, size) != 0)
		status = TVK_EXIT_INPUT;
	else
		say_written(out, &stats);
	free(page);
	free(docs);
	free(inputs);
	tvk_batch_report_finish(&rep);
	return status;
}

int cmd_review(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"all", no_argument, NULL, 'A'},
		CLI_BATCH_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *out = "review.html";
	bool all = false, pipeline_options = false;
	struct tvk_batch_options bo = {.out_dir = NULL};
	int c, usage;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'A':
			all = true;
			break;
		default:
			usage = cli_batch_option("review", c, optarg, &bo);
			if (usage < 0)
				return option_error("review", c, argc, argv);
			if (usage > 0)
				return usage;
			pipeline_options = true;
			break;
		}
	}
	if (optind >= argc)
		return usage_error("review", "no input given");
	if (!*out)
		return usage_error("review", "-o wants a file");
	if (strcmp(out, "-") != 0 && !page_place_exists(out))
		return TVK_EXIT_INPUT;
	if (argc - optind == 1 && is_converted_folder(argv[optind])) {
		if (pipeline_options)
			return usage_error("review", "%s is a folder tvk convert "
				"wrote: -j, --ocr, --no-second-look, --timeout "
				"and --max-memory are for PDFs", argv[optind]);
		int status = review_folder(argv[optind], out, all, false);
		return status < 0 ? TVK_EXIT_INPUT : status;
	}
	return review_inputs(argv + optind, (size_t)(argc - optind), &bo, out,
		all);
}
