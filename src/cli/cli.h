#ifndef TVK_CLI_H
#define TVK_CLI_H

/* The subcommands of the tvk program: one file each, one entry each in
 * the table in main.c. */

#include <signal.h>
#include <stdio.h>

#include <tvk/tvk.h>

struct command {
	const char *name;
	const char *summary;
	const char *usage; /* the full --help text */
	int (*run)(int argc, char **argv);
};

int cmd_convert(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_text(int argc, char **argv);
int cmd_dataset(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_status(int argc, char **argv);

extern const char convert_usage[];
extern const char validate_usage[];
extern const char text_usage[];
extern const char dataset_usage[];
extern const char schema_usage[];
extern const char review_usage[];
extern const char status_usage[];

/*
 * Writes the review page of the documents tvk convert wrote under @dir
 * to @out (review.c): notes on stderr, one line each, and unless @quiet a
 * line saying where it went.  Returns the exit status the folder calls
 * for (an invalid table, a PDF missing or changed), or -1 when the page
 * could not be written (said on stderr).
 */
int review_folder(const char *dir, const char *out, bool all, bool quiet);

/* Prints "tvk: message" to stderr and returns TVK_EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The usage error of an option getopt_long() refused, @c being what it
 * returned (':' for a missing value, with ':' leading the option string;
 * '?' otherwise): "-o needs a value", "unknown option '--frob'", "'--force'
 * takes no value".  Returns TVK_EXIT_USAGE.
 */
int option_error(const char *command, int c, int argc, char **argv);

/* "" for one, "s" otherwise: "1 table", "2 tables". */
static inline const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* Parses -j N (1..256); false otherwise. */
bool parse_jobs(const char *arg, int *jobs);

/* Parses --ocr=MODE for @command; returns 0, or the exit status of the
 * usage error it reports (an unknown mode, or always without OCR). */
int parse_ocr(const char *command, const char *arg, enum tvk_ocr_mode *mode);

/*
 * The batch's events on stderr (events.c): every error and warning as one
 * whole line in one write, as it happens (even with -q); STARTED and
 * FINISHED go to @progress unless @quiet.  @before_line, when set, is
 * called before an error line (a progress bar clears its line there).
 */
struct cli_events {
	bool quiet;
	void (*progress)(void *data, const struct tvk_batch_event *ev);
	void (*before_line)(void *data);
	void *progress_data;
};

/* The tvk_batch_options.event of the commands that run a batch, with a
 * struct cli_events as its data. */
void cli_batch_event(void *data, const struct tvk_batch_event *ev);

/* The options of every command that runs the pipeline over inputs
 * (convert, validate, review), for its getopt_long table: the workers,
 * OCR, the second look and the limits per input.  Their short option is
 * "j:". */
#define CLI_BATCH_LONGOPTS \
	{"jobs", required_argument, NULL, 'j'}, \
	{"ocr", required_argument, NULL, 'O'}, \
	{"no-second-look", no_argument, NULL, 'S'}, \
	{"timeout", required_argument, NULL, 'T'}, \
	{"max-memory", required_argument, NULL, 'M'}

/* Takes the batch option @c (one of CLI_BATCH_LONGOPTS) with @arg into
 * @opt: 0, or the exit status of the usage error it reported; -1 when @c
 * is none of them. */
int cli_batch_option(const char *command, int c, const char *arg,
		struct tvk_batch_options *opt);

/*
 * Runs the batch over @paths with @opt, SIGINT and SIGTERM stopping it
 * (what is finished is kept).  Returns 0 with *@rep filled for the caller
 * to finish; or, with the line said and nothing left to finish, the exit
 * status: 2 when the batch could not start, 128 + the signal when it was
 * interrupted (the line says what opt->out_dir kept).
 */
int cli_run_batch(char **paths, size_t n, struct tvk_batch_options *opt,
		struct tvk_batch_report *rep);

/*
 * @s escaped for a line on stdout (tvk_escape()): every file name and every
 * text of a PDF that tvk prints goes through it.  Valid until the eighth
 * call after this one (a printf of several takes them at once).
 */
const char *escaped(const char *s);

/* Writes the error line "tvk: FILE[:PAGE]: message" to stderr at once. */
void cli_error_line(const char *file, int page, const char *message);

#endif
