/* tvk dataset and tvk schema: the table over converted documents, and the
 * schemas of the files tvk writes. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

const char dataset_usage[] =
	"usage: tvk dataset [-o FILE] [--format=csv|long|ndjson|xlsx|sqlite]\n"
	"                   [--excel] [--harmonize] [--force] DIR\n"
	"       tvk dataset --format=package -o PKGDIR DIR\n\n"
	"Reads the documents that 'tvk convert' wrote under DIR and writes them\n"
	"for analysis.  The table (CSV, NDJSON) has a row per municipality, with\n"
	"the CBS codes, the five counts, the table's status and where the row was\n"
	"printed; the region totals ('Totaal AMR') and national rows are in the\n"
	"long table, the package and the database.  A CSV file gets a Frictionless\n"
	"data package named after it (FILE.csv: FILE.datapackage.json) that\n"
	"declares every column.  A text that begins like a formula (=, +, -, @)\n"
	"is written into a CSV with a ' before it.\n\n"
	"  -o, --output FILE  where to write (default: standard output); the name\n"
	"                     ends in .csv, .ndjson, .jsonl, .xlsx, .sqlite or .db\n"
	"      --format=FMT   csv: a row per municipality (default; or as the name\n"
	"                     of FILE says); long: CSV with a row per value (field,\n"
	"                     value, printed, repair_kind, page) of every row,\n"
	"                     totals included; ndjson: a JSON object per line;\n"
	"                     xlsx: an Excel workbook with a sheet of rows (totals\n"
	"                     included, told by row_kind), one of values and one\n"
	"                     describing the columns; package: a folder PKGDIR with\n"
	"                     a CSV per kind of row (municipalities, region_totals,\n"
	"                     national, repairs, problems, documents) and its\n"
	"                     datapackage.json, with primary and foreign keys;\n"
	"                     sqlite: a SQLite database of the same tables (INTEGER\n"
	"                     counts, NULL for a value not read), indexed, with the\n"
	"                     harmonised series\n"
	"      --excel        CSV that spreadsheets open as it is: UTF-8 with a\n"
	"                     byte-order mark, ';' between fields\n"
	"      --harmonize    a row per quarter and municipality of today: the\n"
	"                     counts of the municipalities that merged into it\n"
	"                     added up, for a series across mergers (CSV or\n"
	"                     NDJSON; the rows of a municipality split between\n"
	"                     several are left out, counted on stderr)\n"
	"      --force        write over a file at FILE that is no table tvk\n"
	"                     wrote (without it, such a file is left alone)\n"
	"  -h, --help         this help\n\n"
	"A document that breaks tvk's schema, or is no JSON, is named on stderr,\n"
	"left out, and the exit status is 2.\n";

const char schema_usage[] =
	"usage: tvk schema [region|national|index]\n\n"
	"Prints the JSON Schema (draft 2020-12) of a file tvk writes: region, a\n"
	"region's document (default); national, nederland.json; index, the record\n"
	"of a run (index.json).\n\n"
	"  -h, --help   this help\n";

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

/* The format the name @out asks for; false for a name that says none. */
static bool format_of_name(const char *out, enum tvk_dataset_format *fmt)
{
	if (ends_with(out, ".csv"))
		*fmt = TVK_DATASET_CSV;
	else if (ends_with(out, ".ndjson") || ends_with(out, ".jsonl"))
		*fmt = TVK_DATASET_NDJSON;
	else if (ends_with(out, ".xlsx"))
		*fmt = TVK_DATASET_XLSX;
	else if (ends_with(out, ".sqlite") || ends_with(out, ".sqlite3") ||
			ends_with(out, ".db"))
		*fmt = TVK_DATASET_SQLITE;
	else
		return false;
	return true;
}

static const char *format_name(enum tvk_dataset_format fmt)
{
	return fmt == TVK_DATASET_NDJSON ? "ndjson" : fmt == TVK_DATASET_XLSX ?
		"xlsx" : fmt == TVK_DATASET_SQLITE ? "sqlite" :
		fmt == TVK_DATASET_PACKAGE ? "package" : "csv";
}

/*
 * libxlsxwriter says its failures on stderr itself ("[ERROR][packager.c:
 * 187]: Error writing ...", a line per file of the workbook on a full
 * disk) beside the one line tvk says.  While the workbook is written,
 * stderr goes to a temporary file; what it got is passed on afterwards,
 * but for the library's [ERROR] and [WARNING] lines when tvk says the
 * failure itself.
 */
struct library_lines {
	FILE *file;
	int saved;
};

static void library_lines_begin(struct library_lines *l)
{
	fflush(stderr);
	l->file = tmpfile();
	l->saved = l->file ? dup(STDERR_FILENO) : -1;
	if (l->saved < 0 || dup2(fileno(l->file), STDERR_FILENO) < 0) {
		if (l->saved >= 0)
			close(l->saved);
		if (l->file)
			fclose(l->file);
		l->file = NULL;
	}
}

static void library_lines_end(struct library_lines *l, bool failed)
{
	if (!l->file)
		return;
	fflush(stderr);
	dup2(l->saved, STDERR_FILENO);
	close(l->saved);
	rewind(l->file);
	char line[1024];
	while (fgets(line, sizeof(line), l->file))
		if (!failed || (strncmp(line, "[ERROR]", 7) != 0 &&
				strncmp(line, "[WARNING]", 9) != 0))
			fputs(line, stderr);
	fclose(l->file);
}

int cmd_dataset(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'F'},
		{"excel", no_argument, NULL, 'E'},
		{"harmonize", no_argument, NULL, 'H'},
		{"force", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL, *format = NULL;
	struct tvk_dataset_options opt = {0};
	bool harmonize = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'E':
			opt.excel = true;
			break;
		case 'H':
			harmonize = true;
			break;
		case 'f':
			opt.force = true;
			break;
		default:
			return option_error("dataset", c, argc, argv);
		}
	}
	if (argc - optind != 1)
		return usage_error("dataset", argc - optind == 0 ? "no folder "
			"given" : "one folder expected, not %d", argc - optind);
	if (out && !*out)
		return usage_error("dataset", "-o wants a file name");
	enum tvk_dataset_format by_name = TVK_DATASET_CSV;
	bool folder = format && strcmp(format, "package") == 0;
	if (folder && !out)
		return usage_error("dataset", "--format=package writes a folder: "
			"-o PKGDIR");
	if (out && !folder && !format_of_name(out, &by_name))
		return usage_error("dataset", "-o %s: the name must end in .csv, "
			".ndjson, .jsonl, .xlsx, .sqlite or .db (it says which "
			"format to write)", out);
	if (folder)
		by_name = TVK_DATASET_PACKAGE;
	opt.format = by_name;
	if (format) {
		if (strcmp(format, "csv") == 0) {
			opt.format = TVK_DATASET_CSV;
		} else if (strcmp(format, "long") == 0) {
			opt.format = TVK_DATASET_CSV;
			opt.shape = TVK_DATASET_LONG;
		} else if (strcmp(format, "ndjson") == 0) {
			opt.format = TVK_DATASET_NDJSON;
		} else if (strcmp(format, "xlsx") == 0) {
			opt.format = TVK_DATASET_XLSX;
		} else if (strcmp(format, "sqlite") == 0) {
			opt.format = TVK_DATASET_SQLITE;
		} else if (strcmp(format, "package") == 0) {
			opt.format = TVK_DATASET_PACKAGE;
		} else {
			return usage_error("dataset", "--format is csv, long, "
				"ndjson, xlsx, package or sqlite, not '%s'",
				format);
		}
		if (out && opt.format != by_name)
			return usage_error("dataset", "--format=%s, but -o %s "
				"names a %s file", format, out,
				format_name(by_name));
	}
	if (opt.format == TVK_DATASET_XLSX && !tvk_dataset_xlsx_available())
		return usage_error("dataset", "--format=xlsx: this tvk was "
			"built without Excel output (libxlsxwriter-dev was not "
			"installed); --excel gives a CSV that spreadsheets open");
	if (opt.format == TVK_DATASET_XLSX && !out)
		return usage_error("dataset", "a workbook needs a file: "
			"-o FILE.xlsx");
	if (opt.format == TVK_DATASET_SQLITE && !out)
		return usage_error("dataset", "a database needs a file: "
			"-o FILE.sqlite");
	if (harmonize && ((opt.format != TVK_DATASET_CSV &&
			opt.format != TVK_DATASET_NDJSON) ||
			opt.shape == TVK_DATASET_LONG))
		return usage_error("dataset", "--harmonize writes a row per "
			"quarter and municipality, as CSV or NDJSON, not %s",
			opt.shape == TVK_DATASET_LONG ? "long" :
			format_name(opt.format));
	if (harmonize)
		opt.shape = TVK_DATASET_HARMONIZED;
	if (opt.excel && opt.format != TVK_DATASET_CSV)
		return usage_error("dataset", "--excel is for CSV, not %s",
			format_name(opt.format));

	struct tvk_dataset_report rep;
	struct tvk_error err;
	tvk_error_clear(&err);
	opt.to = stdout;
	struct library_lines lib = {NULL, -1};
	if (opt.format == TVK_DATASET_XLSX)
		library_lines_begin(&lib);
	int rc = tvk_dataset_write(argv[optind], out, &opt, &rep, &err);
	if (opt.format == TVK_DATASET_XLSX)
		library_lines_end(&lib, rc != 0);
	int status = TVK_EXIT_OK;
	for (size_t i = 0; i < rep.n_notes; i++) {
		tvk_error_print(stderr, rep.notes[i].file, 0,
			rep.notes[i].message);
		if (rep.notes[i].error)
			status = TVK_EXIT_INPUT;
	}
	if (rc != 0) {
		tvk_error_print(stderr, err.file, 0, err.message);
		tvk_dataset_report_finish(&rep);
		return err.code == TVK_ERR_USAGE ? TVK_EXIT_USAGE : TVK_EXIT_INPUT;
	}
	/* What the series leaves out, one line each. */
	if (rep.split_left_out)
		fprintf(stderr, "tvk: %zu row%s of municipalities split between "
			"several (%s) left out of the harmonised series\n",
			rep.split_left_out, plural(rep.split_left_out),
			escaped(rep.split_names));
	if (rep.uncoded_left_out)
		fprintf(stderr, "tvk: %zu row%s without a municipality code or a "
			"quarter left out of the harmonised series\n",
			rep.uncoded_left_out, plural(rep.uncoded_left_out));
	if (out) {
		printf("tvk: %zu row%s from %zu document%s written to %s",
			rep.rows, plural(rep.rows), rep.documents,
			plural(rep.documents), escaped(out));
		if (rep.package)
			printf(", described in %s", escaped(rep.package));
		printf("\n");
		if (rep.conflicts)
			printf("tvk: %zu document%s %s one of several versions of "
				"a region and quarter (conflict: true); all are "
				"in the dataset\n", rep.conflicts,
				plural(rep.conflicts), rep.conflicts == 1 ? "is" :
				"are");
	}
	tvk_dataset_report_finish(&rep);
	return status;
}

int cmd_schema(int argc, char **argv)
{
	int c;
	opterr = 0;
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
		return option_error("schema", c, argc, argv);
	if (argc - optind > 1)
		return usage_error("schema", "one kind of file expected");
	const char *kind = optind < argc ? argv[optind] : "region";
	if (strcmp(kind, "region") == 0)
		fputs(tvk_schema_region(), stdout);
	else if (strcmp(kind, "national") == 0)
		fputs(tvk_schema_national(), stdout);
	else if (strcmp(kind, "index") == 0)
		fputs(tvk_schema_index(), stdout);
	else
		return usage_error("schema", "no schema '%s' (region, national "
			"or index)", kind);
	return TVK_EXIT_OK;
}
