/* tvk dataset and tvk schema: the table over converted documents, and the
 * schema of one document. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

const char dataset_usage[] =
	"usage: tvk dataset [-o FILE] [--format=csv|ndjson] DIR\n\n"
	"Reads the region documents that 'tvk convert' wrote under DIR and\n"
	"writes one row per year, quarter, region and municipality: the CBS\n"
	"code, the five counts and the table's status.  CSV (RFC 4180, UTF-8,\n"
	"header row) gets a Frictionless datapackage.json beside it that\n"
	"declares every column's type.\n\n"
	"  -o, --output FILE  where to write (default: standard output)\n"
	"      --format=FMT   csv (default) or ndjson; with -o, a name ending\n"
	"                     in .ndjson or .jsonl picks ndjson\n"
	"  -h, --help\n";

const char schema_usage[] =
	"usage: tvk schema\n\n"
	"Prints the JSON Schema (draft 2020-12) of the per-region document.\n";

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

int cmd_dataset(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL, *format = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		default:
			return usage_error("dataset", "unknown option '%s'",
				argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return usage_error("dataset", "one folder expected");
	enum tvk_dataset_format fmt = TVK_DATASET_CSV;
	if (format) {
		if (strcmp(format, "ndjson") == 0)
			fmt = TVK_DATASET_NDJSON;
		else if (strcmp(format, "csv") != 0)
			return usage_error("dataset", "--format is csv or ndjson, "
				"not '%s'", format);
	} else if (out && (ends_with(out, ".ndjson") || ends_with(out, ".jsonl"))) {
		fmt = TVK_DATASET_NDJSON;
	}
	struct tvk_dataset_report rep;
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_dataset_write(argv[optind], out, fmt, &rep, &err) != 0) {
		tvk_error_print(stderr, err.file, 0, err.message);
		return TVK_EXIT_INPUT;
	}
	if (out)
		printf("tvk: %zu rows from %zu documents written to %s\n",
			rep.rows, rep.documents, out);
	return TVK_EXIT_OK;
}

int cmd_schema(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return usage_error("schema", "no arguments expected");
	fputs(tvk_schema_region(), stdout);
	return TVK_EXIT_OK;
}
