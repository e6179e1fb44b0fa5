/*
 * The batch's events on stderr: each error and warning as one whole line
 * in one write(2), as it happens, so that the lines of a batch never
 * break into each other; progress goes to the command's own display.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

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
	case TVK_BATCH_STARTED:
	case TVK_BATCH_FINISHED:
		if (!c->quiet && c->progress)
			c->progress(c->progress_data, ev);
		break;
	}
}
