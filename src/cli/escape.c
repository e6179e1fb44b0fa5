/*
 * Names and PDF text on stdout, escaped as the error lines on stderr are
 * (tvk_escape()): a file named "\033[2J.pdf" or a cell that holds a
 * newline must neither clear the user's screen nor split a one-line
 * record.
 */
#include <stdlib.h>

#include "cli/cli.h"

const char *escaped(const char *s)
{
	/* a few at once, for one printf; the CLI is one thread */
	static char *ring[8];
	static unsigned next;
	char **slot = &ring[next++ % 8];
	free(*slot);
	*slot = tvk_escape(s);
	return *slot;
}
