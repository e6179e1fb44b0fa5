/*
 * tvk validate: the whole pipeline, nothing written; a report per table.
 * The report is read back from the JSON documents the tables would be
 * written as, so what it says is exactly what convert would write.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

const char validate_usage[] =
	"usage: tvk validate [--json] [-j N] [--ocr=auto|never|always] "
	"[--no-second-look]\n                    INPUT...\n\n"
	"Checks publications (files, or folders walked recursively) without\n"
	"writing anything: one line per table (period, region, status, repairs,\n"
	"problems), then a detail block for every repaired or invalid table.\n\n"
	"  --json          one JSON object for machines instead: the inputs, the\n"
	"                  documents convert would write, and a summary\n"
	"  -j, --jobs N    worker threads (default: one per core)\n"
	"      --ocr=MODE  as for convert\n"
	"      --no-second-look\n"
	"                  as for convert\n"
	"  -h, --help\n\n"
	"exit status: as for convert.\n";

static const char *str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static void print_value(json_t *v)
{
	if (json_is_integer(v))
		printf("%lld", (long long)json_integer_value(v));
	else if (json_is_string(v))
		printf("'%s'", json_string_value(v));
	else
		printf("nothing");
}

/* The detail block of a repaired or invalid table. */
static void details(json_t *doc)
{
	json_t *repairs = json_object_get(doc, "repairs");
	size_t i, readings = 0;
	json_t *r;
	json_array_foreach(repairs, i, r) {
		const char *kind = str(r, "kind");
		if (strcmp(kind, "number-format") == 0) {
			readings++;
			continue;
		}
		printf("    repair   %s / %s: %s, printed ", str(r, "subject"),
			str(r, "field"), kind);
		print_value(json_object_get(r, "printed"));
		printf(", read as ");
		print_value(json_object_get(r, "value"));
		printf(" (%s)\n", str(r, "evidence"));
	}
	if (readings)
		printf("    (and %zu number%s read through a non-standard "
			"format)\n", readings, readings == 1 ? "" : "s");
	json_t *problems = json_object_get(json_object_get(doc, "validation"),
		"problems");
	json_t *p;
	json_array_foreach(problems, i, p) {
		const char *subject = str(p, "subject");
		const char *field = str(p, "field");
		printf("    %-8s %s%s%s%s%s: %s\n", str(p, "severity"),
			str(p, "check"), *subject ? " " : "", subject,
			*field ? " / " : "", field, str(p, "message"));
	}
}

static void report_line(const struct tvk_batch_report *rep,
		const struct tvk_table_report *t, json_t *doc)
{
	char region[64];
	if (t->kind == TVK_TABLE_NATIONAL)
		snprintf(region, sizeof(region), "   Nederland");
	else
		snprintf(region, sizeof(region), "%2d %s", t->region, t->summary);
	size_t repairs = json_array_size(json_object_get(doc, "repairs"));
	printf("%d-Q%d  %-34s %-9s %3zu repair%s %3zu problem%s  %s:%d\n",
		t->year, t->quarter, region, tvk_status_name(t->status),
		repairs, repairs == 1 ? " " : "s", t->n_problems + t->n_warnings,
		t->n_problems + t->n_warnings == 1 ? " " : "s",
		rep->inputs[t->input].path, t->first_page);
}

static json_t *inputs_json(const struct tvk_batch_report *rep)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < rep->n_inputs; i++) {
		const struct tvk_input_report *in = &rep->inputs[i];
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(in->path));
		json_object_set_new(o, "sha256", in->sha256[0] ?
			json_string(in->sha256) : json_null());
		json_object_set_new(o, "pages", json_integer(in->pages));
		json_object_set_new(o, "error", in->error == TVK_OK ?
			json_null() : json_string(in->message));
		json_object_set_new(o, "tables", json_integer(
			(json_int_t)in->n_tables));
		json_array_append_new(arr, o);
	}
	return arr;
}

int cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'J'},
		{"jobs", required_argument, NULL, 'j'},
		{"ocr", required_argument, NULL, 'O'},
		{"no-second-look", no_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	bool as_json = false;
	struct tvk_batch_options opt = {.out_dir = NULL, .quiet = false};
	int c, usage;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			as_json = true;
			break;
		case 'j':
			if (!parse_jobs(optarg, &opt.jobs))
				return usage_error("validate", "-j wants a "
					"number from 1 to 256, not '%s'", optarg);
			break;
		case 'S':
			opt.convert.no_second_look = true;
			break;
		case 'O':
			usage = parse_ocr("validate", optarg, &opt.convert.ocr);
			if (usage != 0)
				return usage;
			break;
		default:
			return option_error("validate", c, argc, argv);
		}
	}
	if (optind >= argc)
		return usage_error("validate", "no input given");

	struct tvk_batch_report rep;
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_batch_run((const char *const *)argv + optind,
			(size_t)(argc - optind), &opt, &rep, &err) != 0) {
		tvk_error_print(stderr, err.file, 0, err.message);
		return TVK_EXIT_INPUT;
	}

	json_t *docs = json_array();
	for (size_t i = 0; i < rep.n_tables; i++) {
		const struct tvk_table_report *t = &rep.tables[i];
		if (t->merged)
			continue;
		json_t *doc = json_loads(t->json, 0, NULL);
		if (!as_json)
			report_line(&rep, t, doc);
		json_array_append_new(docs, doc);
	}
	if (as_json) {
		json_t *root = json_object();
		json_object_set_new(root, "inputs", inputs_json(&rep));
		json_object_set_new(root, "tables", docs);
		json_t *sum = json_object();
		json_object_set_new(sum, "valid", json_integer((json_int_t)rep.n_valid));
		json_object_set_new(sum, "repaired",
			json_integer((json_int_t)rep.n_repaired));
		json_object_set_new(sum, "invalid",
			json_integer((json_int_t)rep.n_invalid));
		json_object_set_new(sum, "conflicts",
			json_integer((json_int_t)rep.n_conflicts));
		json_object_set_new(sum, "exit_status",
			json_integer(rep.exit_status));
		json_object_set_new(root, "summary", sum);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(root);
	} else {
		size_t k = 0;
		for (size_t i = 0; i < rep.n_tables; i++) {
			const struct tvk_table_report *t = &rep.tables[i];
			if (t->merged)
				continue;
			json_t *doc = json_array_get(docs, k++);
			if (t->status == TVK_STATUS_VALID && t->n_warnings == 0)
				continue;
			printf("\n%d-Q%d %s (%s), %s p%d-%d:\n", t->year,
				t->quarter, t->summary,
				tvk_status_name(t->status),
				rep.inputs[t->input].path, t->first_page,
				t->last_page);
			details(doc);
		}
		printf("\n%zu table%s: %zu valid, %zu repaired, %zu invalid\n",
			rep.n_valid + rep.n_repaired + rep.n_invalid,
			rep.n_valid + rep.n_repaired + rep.n_invalid == 1 ?
				"" : "s",
			rep.n_valid, rep.n_repaired, rep.n_invalid);
		json_decref(docs);
	}
	int status = (int)rep.exit_status;
	tvk_batch_report_finish(&rep);
	return status;
}
