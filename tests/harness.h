#ifndef TVK_HARNESS_H
#define TVK_HARNESS_H

/*
 * The harness of the suites that run programs (test_cli.c,
 * test_hardening.c): every test in a fresh temporary folder of its own,
 * helpers for the files it makes and finds there, and programs run the way
 * a user runs them, judged by their exit status, stdout, stderr and the
 * files they leave behind.
 *
 * Ownership, once for the whole header: what a helper hands out (strings,
 * lists, runs, file contents) is owned by the current test and freed in
 * its teardown, so a test never frees it; the exceptions say so (a
 * struct text's buffer, a json_t).  Helpers assert instead of returning
 * errors: a helper that cannot do its work fails the test, with a message
 * that says why.  All of it is for Check's fork mode (the default), one
 * test at a time.
 *
 * The names are short and have no prefix, unlike synth_*: they are the
 * words the tests are written in, read on every line of a test like
 * Check's own, and they are linked into test programs only.  A suite that
 * uses the harness compiles harness.c beside it (tests/meson.build).
 */

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <jansson.h>

/* ------------------------------------------------------------------ */
/* Memory a test owns. */

/** Hands @p (not NULL) to the current test, which frees it in teardown;
 * returns @p. */
void *keep(void *p);

/** strdup, owned by the test. */
char *kstrdup(const char *s);

/** sprintf into a string owned by the test. */
__attribute__((format(printf, 1, 2)))
char *kprintf(const char *fmt, ...);

/* A growing NUL-terminated string (a spec, a PDF, captured output).
 * Start from {0}; the caller owns .s (free it, or keep() it). */
struct text {
	char *s;
	size_t len, cap;
};

/** Appends @n bytes of @data to @t. */
void add_bytes(struct text *t, const void *data, size_t n);

/** Appends printf-formatted text to @t. */
__attribute__((format(printf, 2, 3)))
void add(struct text *t, const char *fmt, ...);

/* ------------------------------------------------------------------ */
/* Temporary folders. */

/** suite_create(@name), for test cases from folder_tcase(): their folders
 * are named after it, $TMPDIR/tvk-@name-XXXXXX (so @name must outlive the
 * run; one such suite per program, a later one shares the first's name). */
Suite *folder_suite(const char *name);

/**
 * tcase_create(@name), for tests that each run in a fresh folder of their
 * own, their current directory, removed in teardown.  The test folders sit
 * in one folder per test case that the parent process makes and removes:
 * a failing test (which Check ends with _exit, skipping teardown) leaves
 * nothing behind either.  Also sets up what keep() needs.
 */
TCase *folder_tcase(const char *name);

/** The absolute path of the current test's folder. */
const char *test_dir(void);

/** rm -rf @path, also through folders a test made read-only; nothing
 * when @path is not there. */
void remove_tree(const char *path);

/* ------------------------------------------------------------------ */
/* Files. */

/** Writes @len bytes of @data to @path, replacing what was there. */
void write_file(const char *path, const void *data, size_t len);

/** mkdir @path (0755); its parent must exist. */
void make_dir(const char *path);

/** The whole of @path, NUL-terminated (owned); its size in *@len. */
char *read_file(const char *path, size_t *len);

/** Copies the first @limit bytes of @from (all of it when 0) to @to. */
void copy_file(const char *from, const char *to, size_t limit);

/** Writes a complete 1x1 PNG to @path (an image, whatever its name). */
void write_png(const char *path);

/** True when there is anything at @path (a dangling link too). */
bool exists(const char *path);

/** The size of the file @path (links followed); it must exist. */
off_t file_size(const char *path);

/* Names of files, relative to the folder listed, sorted.  The array is
 * owned by the test, and so are the names. */
struct file_list {
	char **name;
	size_t n, cap;
};

/** Every file (not folder) under @dir, at any depth, hidden ones too; a
 * folder that cannot be read is listed as "PATH/ (unreadable)".  Empty
 * when @dir is not there. */
struct file_list all_files(const char *dir);

/** Prints @l under the heading @title on stderr, for a failure message. */
void print_list(const char *title, const struct file_list *l);

/** Parses the JSON file @path, asserting that it is JSON (jansson also
 * rejects invalid UTF-8).  The caller owns the result: json_decref it. */
json_t *load_json(const char *path);

/** Asserts that every *.json file under @dir parses. */
void expect_all_json(const char *dir);

/** The string at @o.@a (or @o.@a.@b, unless @b is NULL), or NULL; owned
 * by @o. */
const char *str_at(json_t *o, const char *a, const char *b);

/** The five counts of a row of a document, in the document's order. */
extern const char *const count_fields[5];

/** Whether the rows (or totals) @a and @b hold the same five counts. */
bool same_counts(json_t *a, json_t *b);

/* ------------------------------------------------------------------ */
/* tvk's output folders. */

/** True for the run's record (index.json) and the cache for re-runs: a
 * name relative to the output folder that is not a table's output. */
bool is_bookkeeping(const char *name);

/** True for a temporary or probe file of tvk's writer, finished or not. */
bool is_temporary(const char *name);

/** The outputs under @dir: all_files() less the bookkeeping.  @dir must
 * exist. */
struct file_list list_outputs(const char *dir);

/** Asserts that no temporary file is left anywhere under @dir. */
void expect_no_temporary(const char *dir);

/** Asserts that the outputs under @dir are exactly @want (@n names,
 * sorted) and that no temporary file is left there. */
void expect_outputs(const char *dir, const char *const *want, size_t n);

/* expect_outputs() with the names as arguments: OUTPUTS("out", A, B). */
#define OUTPUTS(dir, ...) expect_outputs(dir, \
	(const char *const[]){__VA_ARGS__}, \
	sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/** Asserts that the folders @a and @b hold the same outputs, byte for
 * byte; prints the first difference on stderr. */
void expect_same_tree(const char *a, const char *b);

/* ------------------------------------------------------------------ */
/* Running programs. */

/* What a program did.  Owned by the test, like its strings. */
struct run {
	int status;  /* the exit status, or 128 + the signal that ended it */
	bool hung;   /* killed at its deadline */
	double seconds;
	char *out;   /* stdout, NUL-terminated */
	char *err;   /* stderr less the progress bar, NUL-terminated */
	size_t out_len, err_len;
	char *progress;    /* the progress bar's lines moved out of err */
	size_t n_progress, progress_len;
	char *cmd;   /* the command line, for messages */
};

/* How long a run may take by default before it counts as hung.  Generous:
 * the slowest run takes a few seconds, under a sanitizer too. */
#define RUN_DEADLINE 240.0

/* How to run a program; {0} (or NULL) for the usual way. */
struct run_options {
	char *const *env;        /* the environment; NULL: this process's */
	const char *stdout_path; /* stdout into this file (created when not
				  * there; out stays empty); NULL: captured */
	rlim_t max_file_size;    /* > 0: RLIMIT_FSIZE of the child, a full
				  * disk without filling one */
	double deadline;         /* seconds before the child is killed and
				  * marked hung; 0: RUN_DEADLINE */
	unsigned short tty_columns; /* > 0: stderr is a terminal this wide
				  * (a pseudo-terminal, raw) */
	int signal;              /* > 0: sent to the child once, ... */
	double signal_after;     /* ... this many seconds after its start */
};

/**
 * Runs @argv[0] (a path, never looked up in PATH nor run through a shell:
 * arguments may hold spaces and newlines) with the arguments @argv
 * (NULL-terminated), in the current directory, stdin from /dev/null,
 * stdout and stderr captured.  The lines of tvk's progress bar on stderr
 * ("\r[###...] 3/5 files ...", drawn only with --progress when stderr is
 * not a terminal) are moved into progress.  Asserts only that the program could be started.
 */
struct run *run_program(const char *const *argv,
		const struct run_options *opt);

/** Asserts that @r survived: it was not hung, not ended by a signal, and
 * printed no sanitizer report. */
void expect_survived(const struct run *r);

/** run_program() and expect_survived(): for the program under test. */
struct run *run_checked(const char *const *argv,
		const struct run_options *opt);

/** A copy of this process's environment (owned) with @assignment
 * ("NAME=value") in place of any NAME it had. */
char *const *environ_with(const char *assignment);

/** Prints what @r did on stderr, for a failing assertion about it. */
void dump(const struct run *r);

/* Like ck_assert_msg, printing the run @r on stderr when @cond fails. */
#define EXPECT(r, cond, ...) do { \
	if (!(cond)) { \
		dump(r); \
		ck_abort_msg(__VA_ARGS__); \
	} \
} while (0)

/* Asserts that @r exited with the status @want. */
#define EXPECT_STATUS(r, want) do { \
	const struct run *r_ = (r); \
	int want_ = (want); \
	EXPECT(r_, r_->status == want_, "%s: exit status %d, expected %d", \
		r_->cmd, r_->status, want_); \
} while (0)

/* Asserts that @r printed nothing on stderr but progress. */
#define EXPECT_NO_STDERR(r) \
	EXPECT(r, (r)->err_len == 0, "%s: %zu bytes on stderr, expected " \
		"none", (r)->cmd, (r)->err_len)

/* Asserts that stderr is exactly one line that starts with @prefix. */
#define EXPECT_ONE_ERROR(r, prefix) do { \
	const struct run *r1_ = (r); \
	const char *p_ = (prefix); \
	EXPECT(r1_, count_lines(r1_->err) == 1 && \
		r1_->err[r1_->err_len - 1] == '\n', \
		"%s: stderr is %zu lines, expected one error line", \
		r1_->cmd, count_lines(r1_->err)); \
	EXPECT(r1_, strncmp(r1_->err, p_, strlen(p_)) == 0 && \
		r1_->err_len > strlen(p_) + 1, "%s: the error does not start " \
		"with '%s'", r1_->cmd, p_); \
} while (0)

/** Asserts that stderr is exactly one line, "tvk: @file: message" or
 * "tvk: @file:PAGE: message". */
void expect_one_error(const struct run *r, const char *file);

/* ------------------------------------------------------------------ */
/* Reading what a program printed. */

/** The number of newlines in @s. */
size_t count_lines(const char *s);

/** The last line of @s (without its newline), or "" (owned). */
const char *last_line(const char *s);

/** True when @s has a line that is exactly @line. */
bool has_line(const char *s, const char *line);

/** The lines of @s without their newlines, *@n of them, in a copy (the
 * array and the copy owned). */
char **split_lines(const char *s, size_t *n);

/** True when @s contains @word, ignoring case. */
bool mentions(const char *s, const char *word);

/* ------------------------------------------------------------------ */
/* tvk and its fixtures. */

#ifdef TVK_BINARY
/* tvk ARGS...: run_checked() with the usual options. */
#define TVK(...) run_checked((const char *const[]){TVK_BINARY, __VA_ARGS__, \
	NULL}, NULL)
#endif

#ifndef TVK_FIXTURES
#error "TVK_FIXTURES must point at fixtures/"
#endif
#define RIJNMOND TVK_FIXTURES "/uwv-2025-q2-rijnmond.pdf"
#define FRIESLAND TVK_FIXTURES "/uwv-2020-q2-friesland.pdf"
#define RIJNMOND_JSON "2025-Q2/22-rijnmond.json"
#define FRIESLAND_JSON "2020-Q2/02-friesland.json"

/** What a document stores for an input given as @given here: the path
 * made absolute against the current folder (kept by the test). */
const char *absolute_of(const char *given);

/** Asserts that @path is Rijnmond 2025-Q2 converted whole from @source
 * (its schema and generator versions too). */
void expect_rijnmond(const char *path, const char *source);

/** Asserts that @path is Friesland 2020-Q2 converted whole from @source. */
void expect_friesland(const char *path, const char *source);

/**
 * Draws the spec file @spec into the PDF @pdf with the fixture generator
 * (fixtures/gen) and asserts that it succeeded; returns its run.  A build
 * without the generator (no cairo) fails here, loudly: CI has cairo, and
 * the cases that need it must not go quietly missing.
 */
struct run *draw_spec(const char *spec, const char *pdf);

#endif
