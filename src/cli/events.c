/*
 * The batch's events on stderr: each error and warning as one whole line
 * in one write(2), as it happens, so that the lines of a batch never
 * break into each other; progress goes to the command's own display.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static void write_all(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t k = write(STDERR_FILENO, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}

void cli_error_line(const char *file, int page, const char *message)
{
	char *line = tvk_error_line(file, page, message);
	write_all(line);
	free(line);
}

void cli_batch_event(void *data, const struct tvk_batch_event *ev)
{
	struct cli_events *c = data;
	switch (ev->kind) {
	case TVK_BATCH_ERROR:
	case TVK_BATCH_WARNING: {
		/* Errors are printed even with -q: quiet silences progress
		 * and the summary only. */
		char *message = NULL;
		if (ev->kind == TVK_BATCH_WARNING) {
			size_t n = strlen(ev->message) + 16;
			message = malloc(n);
			if (message)
				snprintf(message, n, "warning: %s", ev->message);
		}
		if (c->before_line)
			c->before_line(c->progress_data);
		cli_error_line(ev->file, ev->page, message ? message :
			ev->message);
		free(message);
		break;
	}
	case TVK_BATCH_DIAGNOSTIC:
		if (c->before_line)
			c->before_line(c->progress_data);
		write_all(ev->message);
		break;
	case TVK_BATCH_STARTED:
	case TVK_BATCH_FINISHED:
		if (!c->quiet && c->progress)
			c->progress(c->progress_data, ev);
		break;
	}
}

/* ---- what a batch of any command takes -------------------------------- */

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static const volatile sig_atomic_t *catch_signals(void)
{
	/* No SA_RESTART: the batch's wait for its workers ends at once. */
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return &stop_signal;
}

static bool parse_number(const char *s, double most, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno || !(v >= 0) || v > most)
		return false;
	*out = v;
	return true;
}

int cli_batch_option(const char *command, int c, const char *arg,
		struct tvk_batch_options *opt)
{
	double v;
	switch (c) {
	case 'j':
		if (!parse_jobs(arg, &opt->jobs))
			return usage_error(command, "-j wants a number from 1 "
				"to 256, not '%s'", arg);
		return 0;
	case 'O':
		return parse_ocr(command, arg, &opt->convert.ocr);
	case 'S':
		opt->convert.no_second_look = true;
		return 0;
	case 'T':
		if (!parse_number(arg, 1e6, &v))
			return usage_error(command, "--timeout wants seconds "
				"(0 for no limit), not '%s'", arg);
		opt->timeout = v > 0 ? v : -1;
		return 0;
	case 'M':
		if (!parse_number(arg, 1 << 24, &v) || v != (long)v ||
				(v > 0 && v < 64))
			return usage_error(command, "--max-memory wants megabytes, "
				"64 or more (0 for no limit), not '%s'", arg);
		opt->max_memory_mb = v > 0 ? (long)v : -1;
		return 0;
	}
	return -1;
}

static int interrupted(const struct tvk_batch_report *rep, const char *dir)
{
	char message[512];
	if (dir)
		snprintf(message, sizeof(message), "interrupted: %zu of %zu "
			"input%s finished and kept in %s; the same command again "
			"converts only the rest", rep->n_finished, rep->n_inputs,
			rep->n_inputs == 1 ? "" : "s", dir);
	else
		snprintf(message, sizeof(message), "interrupted: %zu of %zu "
			"input%s finished", rep->n_finished, rep->n_inputs,
			rep->n_inputs == 1 ? "" : "s");
	cli_error_line(NULL, 0, message);
	return 128 + (stop_signal ? (int)stop_signal : SIGINT);
}

int cli_run_batch(char **paths, size_t n, struct tvk_batch_options *opt,
		struct tvk_batch_report *rep)
{
	struct tvk_error err;
	tvk_error_clear(&err);
	opt->stop = catch_signals();
	if (tvk_batch_run((const char *const *)paths, n, opt, rep, &err) != 0) {
		cli_error_line(err.file, 0, err.message);
		return TVK_EXIT_INPUT;
	}
	if (rep->interrupted) {
		int status = interrupted(rep, opt->out_dir);
		tvk_batch_report_finish(rep);
		return status;
	}
	return 0;
}
