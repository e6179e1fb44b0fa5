/*
 * The archive as text for a terminal: the coverage grid fitted to its
 * width, and the warnings as paragraphs.  ASCII only, so that a column
 * is a character whatever the terminal's encoding.
 */
#include <stdlib.h>
#include <string.h>

#include <tvk/archive.h>

#include "archive/archive.h"
#include "base/arena.h"
#include "base/buffer.h"

/* A cell's mark: one character each, told apart in black and white. */
static const char MARKS[TVK_N_CELL_STATUSES] = {'.', 'r', 'X', 'C', '-'};

#define LABEL 7 /* "2025-Q2" */
#define COLUMN 3 /* " 22" */

/* @text (words between single spaces) wrapped to lines of @width at most
 * (a longer word alone on its line), the lines after the first indented
 * by @indent; a newline after the last. */
static void wrap(struct tvk_buf *b, const char *text, size_t width,
		size_t indent)
{
	size_t col = 0;
	bool start = true; /* nothing on the line but the indent */
	const char *s = text;
	while (*s) {
		size_t n = strcspn(s, " ");
		if (!start && col + 1 + n > width) {
			tvk_buf_str(b, "\n");
			for (col = 0; col < indent; col++)
				tvk_buf_str(b, " ");
		} else if (!start) {
			tvk_buf_str(b, " ");
			col++;
		}
		tvk_buf_add(b, s, n);
		col += n;
		start = false;
		s += n;
		while (*s == ' ')
			s++;
	}
	tvk_buf_str(b, "\n");
}

/* The items @items (@n), two spaces apart, wrapped to @width. */
static void list(struct tvk_buf *b, char **items, size_t n, size_t width)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(items[i]);
		if (col && col + 2 + len > width) {
			tvk_buf_str(b, "\n");
			col = 0;
		} else if (col) {
			tvk_buf_str(b, "  ");
			col += 2;
		}
		tvk_buf_str(b, items[i]);
		col += len;
	}
	tvk_buf_str(b, "\n");
}

static void block(struct tvk_buf *b, const struct tvk_archive_coverage *c,
		int from, int to)
{
	tvk_buf_printf(b, "%-*s", LABEL, "");
	for (int r = from; r < to; r++)
		tvk_buf_printf(b, " %02d", c->regions[r]);
	tvk_buf_str(b, "\n");
	for (int p = 0; p < c->n_periods; p++) {
		char name[16], last[16];
		tvk_archive_period_name(c->first_period + p, name);
		int empty = tvk_archive_empty_quarters(c, p);
		if (empty >= 2) {
			tvk_archive_period_name(c->first_period + p + empty - 1,
				last);
			tvk_buf_printf(b, "%s to %s: no table\n", name, last);
			p += empty - 1;
			continue;
		}
		tvk_buf_printf(b, "%-*s", LABEL, name);
		for (int r = from; r < to; r++)
			tvk_buf_printf(b, "  %c", MARKS[c->cells[(size_t)p *
				(size_t)c->n_regions + (size_t)r].status]);
		tvk_buf_str(b, "\n");
	}
}

char *tvk_archive_grid_text(const struct tvk_archive *a, size_t width)
{
	const struct tvk_archive_coverage *c = &a->coverage;
	struct tvk_buf b = {0};
	tvk_buf_str(&b, "");
	if (width < 30)
		width = 30;
	if (c->n_periods == 0) {
		tvk_buf_str(&b, "no table of a region and quarter\n");
		return b.s;
	}
	char first[16], last[16];
	tvk_archive_period_name(c->first_period, first);
	tvk_archive_period_name(c->first_period + c->n_periods - 1, last);
	char *head = tvk_xasprintf("coverage: %d quarter%s (%s to %s) by %d "
		"region%s", c->n_periods, c->n_periods == 1 ? "" : "s", first,
		last, c->n_regions, c->n_regions == 1 ? "" : "s");
	wrap(&b, head, width, 2);
	free(head);
	int per = (int)((width - LABEL) / COLUMN);
	for (int from = 0; from < c->n_regions; from += per) {
		tvk_buf_str(&b, "\n");
		block(&b, c, from, from + per < c->n_regions ?
			from + per : c->n_regions);
	}
	tvk_buf_str(&b, "\n");
	char *items[TVK_N_CELL_STATUSES];
	for (int s = 0; s < TVK_N_CELL_STATUSES; s++)
		items[s] = tvk_xasprintf("%c %s %zu", MARKS[s],
			tvk_archive_cell_name((enum tvk_archive_cell_status)s),
			c->counts[s]);
	list(&b, items, TVK_N_CELL_STATUSES, width);
	for (int s = 0; s < TVK_N_CELL_STATUSES; s++)
		free(items[s]);
	return b.s;
}

char *tvk_archive_warnings_text(const struct tvk_archive *a, size_t width)
{
	struct tvk_buf b = {0};
	tvk_buf_str(&b, "");
	for (size_t i = 0; i < a->n_warnings; i++) {
		const struct tvk_archive_warning *w = &a->warnings[i];
		char *name = tvk_archive_table_name(a->docs[w->doc]);
		char *text = tvk_xasprintf("%s: %s: %s", name,
			tvk_archive_warning_name(w->kind), w->reason);
		wrap(&b, text, width, 2);
		free(text);
		free(name);
	}
	return b.s;
}
