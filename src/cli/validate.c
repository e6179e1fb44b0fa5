/*
 * tvk validate: the whole pipeline, nothing written; a report per table,
 * read from the documents convert would write.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"

const char validate_usage[] =
	"usage: tvk validate [--json] [-j N] [--ocr=auto|never|always] "
	"[--no-second-look]\n                    [--timeout S] [--max-memory MB] INPUT...\n\n"
	"Checks publications (files, or folders walked recursively) without\n"
	"writing anything: one line per table (period, region, status, repairs,\n"
	"problems), then a detail block for every repaired or invalid table.\n\n"
	"  --json          one JSON object for machines instead: the inputs, the\n"
	"                  documents convert would write, and a summary\n"
	"  -j, --jobs N    worker processes (default: one per core)\n"
	"      --ocr=MODE  as for convert\n"
	"      --no-second-look\n"
	"                  as for convert\n"
	"      --timeout S, --max-memory MB\n"
	"                  as for convert\n"
	"  -h, --help\n\n"
	"exit status: as for convert.\n";

static void print_value(const struct tvk_document_repair *r)
{
	if (r->has_value)
		printf("%lld", (long long)r->value);
	else if (r->text)
		printf("'%s'", escaped(r->text));
	else
		printf("nothing");
}

/* The detail block of a repaired or invalid table. */
static void details(const struct tvk_document *doc)
{
	size_t readings = 0;
	for (size_t i = 0; i < doc->n_repairs; i++) {
		const struct tvk_document_repair *r = &doc->repairs[i];
		if (r->kind == TVK_REPAIR_NUMBER_FORMAT) {
			readings++;
			continue;
		}
		printf("    repair   %s / %s: %s, printed ",
			escaped(r->subject), escaped(r->field),
			tvk_repair_kind_name(r->kind));
		if (r->printed)
			printf("'%s'", escaped(r->printed));
		else
			printf("nothing");
		printf(", read as ");
		print_value(r);
		printf(" (%s)\n", escaped(r->evidence));
	}
	if (readings)
		printf("    (and %zu number%s read through a non-standard "
			"format)\n", readings, readings == 1 ? "" : "s");
	for (size_t i = 0; i < doc->n_problems; i++) {
		const struct tvk_document_problem *p = &doc->problems[i];
		const char *subject = escaped(p->subject);
		const char *field = escaped(p->field);
		printf("    %-8s %s%s%s%s%s: %s\n",
			p->warning ? "warning" : "error", escaped(p->check),
			*subject ? " " : "", subject, *field ? " / " : "", field,
			escaped(p->message));
	}
}

static void report_line(const struct tvk_batch_report *rep,
		const struct tvk_table_report *t)
{
	char region[64];
	if (t->kind == TVK_TABLE_NATIONAL)
		snprintf(region, sizeof(region), "   Nederland");
	else
		snprintf(region, sizeof(region), "%2d %s", t->region,
			escaped(t->summary));
	printf("%d-Q%d  %-34s %-9s %3zu repair%s %3zu problem%s  %s:%d\n",
		t->year, t->quarter, region, tvk_status_name(t->status),
		t->n_repairs, t->n_repairs == 1 ? " " : "s",
		t->n_problems + t->n_warnings,
		t->n_problems + t->n_warnings == 1 ? " " : "s",
		escaped(rep->inputs[t->input].path), t->first_page);
}

/* @s as a JSON string (NULL as null). */
static void print_json_string(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	json_t *j = json_string(s);
	char *text = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	fputs(text ? text : "null", stdout);
	free(text);
	json_decref(j);
}

/*
 * One JSON object: the inputs, the documents exactly as convert would
 * write them (embedded as the emit stage writes them), and a summary.
 */
static void print_json(const struct tvk_batch_report *rep)
{
	printf("{\n  \"inputs\": [");
	for (size_t i = 0; i < rep->n_inputs; i++) {
		const struct tvk_input_report *in = &rep->inputs[i];
		printf("%s\n    {\n      \"file\": ", i ? "," : "");
		char *name = tvk_emit_file_name(in->path);
		print_json_string(name);
		free(name);
		printf(",\n      \"sha256\": ");
		print_json_string(in->sha256[0] ? in->sha256 : NULL);
		printf(",\n      \"pages\": %d,\n      \"error\": ", in->pages);
		print_json_string(in->error == TVK_OK ? NULL : in->message);
		printf(",\n      \"tables\": %zu\n    }", in->n_tables);
	}
	printf("%s],\n  \"tables\": [", rep->n_inputs ? "\n  " : "");
	bool first = true;
	for (size_t i = 0; i < rep->n_tables; i++) {
		const struct tvk_table_report *t = &rep->tables[i];
		if (t->merged)
			continue;
		char *json = tvk_emit_document(t->doc, 2);
		printf("%s\n    %s", first ? "" : ",", json);
		free(json);
		first = false;
	}
	printf("%s],\n  \"summary\": {\n    \"valid\": %zu,\n"
		"    \"repaired\": %zu,\n    \"invalid\": %zu,\n"
		"    \"conflicts\": %zu,\n    \"exit_status\": %d\n  }\n}\n",
		first ? "" : "\n  ", rep->n_valid, rep->n_repaired,
		rep->n_invalid, rep->n_conflicts, (int)rep->exit_status);
}

int cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'J'},
		CLI_BATCH_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	bool as_json = false;
	struct tvk_batch_options opt = {.out_dir = NULL,
		.event = cli_batch_event};
	struct cli_events events = {.quiet = true};
	opt.event_data = &events;
	int c, usage;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			as_json = true;
			break;
		default:
			usage = cli_batch_option("validate", c, optarg, &opt);
			if (usage < 0)
				return option_error("validate", c, argc, argv);
			if (usage > 0)
				return usage;
			break;
		}
	}
	if (optind >= argc)
		return usage_error("validate", "no input given");

	struct tvk_batch_report rep;
	int stopped = cli_run_batch(argv + optind, (size_t)(argc - optind),
		&opt, &rep);
	if (stopped)
		return stopped;
	if (as_json) {
		print_json(&rep);
	} else {
		for (size_t i = 0; i < rep.n_tables; i++)
			if (!rep.tables[i].merged)
				report_line(&rep, &rep.tables[i]);
		for (size_t i = 0; i < rep.n_tables; i++) {
			const struct tvk_table_report *t = &rep.tables[i];
			if (t->merged || (t->status == TVK_STATUS_VALID &&
					t->n_warnings == 0))
				continue;
			printf("\n%d-Q%d %s (%s), %s p%d-%d:\n", t->year,
				t->quarter, escaped(t->summary),
				tvk_status_name(t->status),
				escaped(rep.inputs[t->input].path), t->first_page,
				t->last_page);
			details(t->doc);
		}
		printf("\n%zu table%s: %zu valid, %zu repaired, %zu invalid\n",
			rep.n_valid + rep.n_repaired + rep.n_invalid,
			rep.n_valid + rep.n_repaired + rep.n_invalid == 1 ?
				"" : "s",
			rep.n_valid, rep.n_repaired, rep.n_invalid);
	}
	int status = (int)rep.exit_status;
	tvk_batch_report_finish(&rep);
	return status;
}
