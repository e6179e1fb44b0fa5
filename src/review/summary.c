/*
 * The summary on top of the review page: what went in (files, tables by
 * status), what was done to it (repairs by kind) and what fails (problems
 * by check), each with links down to the tables shown, and their list.
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "config.h"
#include "review/review.h"

/* Per repair kind or per check: how often, and in which shown tables. */
struct tally {
	const char *name;
	size_t count, warnings;
	size_t *tables; /* indexes of the shown tables, ascending, once each */
	size_t n_tables;
};

static struct tally *tally_of(struct tally **t, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*t)[i].name, name) == 0)
			return &(*t)[i];
	*t = tvk_xrealloc(*t, *n + 1, sizeof(**t));
	(*t)[*n] = (struct tally){.name = name};
	return &(*t)[(*n)++];
}

static void tally_table(struct tally *t, size_t shown_index)
{
	if (t->n_tables && t->tables[t->n_tables - 1] == shown_index)
		return;
	t->tables = tvk_xrealloc(t->tables, t->n_tables + 1,
		sizeof(*t->tables));
	t->tables[t->n_tables++] = shown_index;
}

static int by_tally_name(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->name,
		((const struct tally *)b)->name);
}

/* The links to the shown tables of a tally, the first few by name. */
static void tally_links(struct tvk_buf *b, const struct tally *t,
		const struct shown *tables)
{
	for (size_t i = 0; i < t->n_tables && i < 12; i++) {
		size_t k = t->tables[i];
		tvk_buf_printf(b, "%s<a href=\"#t%zu\">", i ? ", " : "", k + 1);
		tvk_review_table_title(b, tables[k].doc);
		tvk_buf_str(b, "</a>");
	}
	if (t->n_tables > 12)
		tvk_buf_printf(b, " and %zu more", t->n_tables - 12);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What the summary counts. */
struct tallies {
	size_t files, failed;
	size_t by_status[3]; /* by tvk_review_status_rank() */
	struct tally *kinds, *checks;
	size_t n_kinds, n_checks;
};

/* The inputs: as given, or the documents' sources. */
static void count_files(const struct review_page *p, struct tallies *t)
{
	t->files = p->n_inputs;
	if (p->n_inputs == 0) {
		const char **files = tvk_xcalloc(p->n_docs + 1, sizeof(*files));
		size_t n = 0;
		for (size_t i = 0; i < p->n_docs; i++)
			if (p->docs[i]->source.file)
				files[n++] = p->docs[i]->source.file;
		qsort(files, n, sizeof(*files), by_name);
		for (size_t i = 0; i < n; i++)
			t->files += i == 0 || strcmp(files[i], files[i - 1]) != 0;
		free(files);
	}
	for (size_t i = 0; i < p->n_inputs; i++)
		t->failed += p->inputs[i].error != NULL;
}

static const char *check_name(const struct tvk_document_problem *p)
{
	return p->check ? p->check : "(none)";
}

/* Repairs by kind and problems by check, over every document; the links
 * go to the tables shown. */
static void count_tallies(const struct review_page *p, struct tallies *t)
{
	for (size_t i = 0; i < p->n_docs; i++) {
		const struct tvk_document *d = p->docs[i];
		t->by_status[tvk_review_status_rank(d->status)]++;
		for (size_t k = 0; k < d->n_repairs; k++)
			tally_of(&t->kinds, &t->n_kinds,
				tvk_repair_kind_name(d->repairs[k].kind))->count++;
		for (size_t k = 0; k < d->n_problems; k++) {
			const struct tvk_document_problem *q = &d->problems[k];
			struct tally *c = tally_of(&t->checks, &t->n_checks,
				check_name(q));
			c->count += !q->warning;
			c->warnings += q->warning;
		}
	}
	for (size_t s = 0; s < p->n_shown; s++) {
		const struct tvk_document *d = p->tables[s].doc;
		for (size_t k = 0; k < d->n_repairs; k++)
			tally_table(tally_of(&t->kinds, &t->n_kinds,
				tvk_repair_kind_name(d->repairs[k].kind)), s);
		for (size_t k = 0; k < d->n_problems; k++)
			tally_table(tally_of(&t->checks, &t->n_checks,
				check_name(&d->problems[k])), s);
	}
	if (t->n_kinds)
		qsort(t->kinds, t->n_kinds, sizeof(*t->kinds), by_tally_name);
	if (t->n_checks)
		qsort(t->checks, t->n_checks, sizeof(*t->checks),
			by_tally_name);
}

static void free_tallies(struct tallies *t)
{
	for (size_t i = 0; i < t->n_kinds; i++)
		free(t->kinds[i].tables);
	for (size_t i = 0; i < t->n_checks; i++)
		free(t->checks[i].tables);
	free(t->kinds);
	free(t->checks);
}

static void heading(struct tvk_buf *b, const struct review_page *p,
		const struct tallies *t)
{
	tvk_buf_str(b, "<h1>tvk review</h1>\n<p class=\"sub\">");
	tvk_buf_printf(b, "%zu file%s", t->files, t->files == 1 ? "" : "s");
	if (t->failed)
		tvk_buf_printf(b, " (%zu failed)", t->failed);
	/* a valid table is shown without --all when a number of it jumps
	 * between quarters (glance.c) */
	bool jumps = false;
	for (size_t i = 0; i < p->n_shown && !p->all; i++)
		jumps = jumps || p->tables[i].doc->status == TVK_STATUS_VALID;
	tvk_buf_printf(b, ", %zu table%s: %zu invalid, %zu repaired, %zu "
		"valid. %s: %zu table%s, worst first. tvk %s.</p>\n", p->n_docs,
		p->n_docs == 1 ? "" : "s", t->by_status[0], t->by_status[1],
		t->by_status[2], p->all ? "Shown: every table" : jumps ?
		"Shown: the repaired and invalid tables and those with a "
		"number that jumps between quarters" :
		"Shown: the repaired and invalid tables", p->n_shown,
		p->n_shown == 1 ? "" : "s", TVK_VERSION);
}

/* The inputs that failed and what the caller was told. */
static void notes(struct tvk_buf *b, const struct review_page *p,
		const struct tallies *t)
{
	if (!p->n_notes && !t->failed)
		return;
	tvk_buf_str(b, "<h3>To know</h3>\n<ul class=\"notes\">\n");
	for (size_t i = 0; i < p->n_inputs; i++)
		if (p->inputs[i].error) {
			tvk_buf_str(b, "<li>");
			tvk_review_esc(b, p->inputs[i].file);
			tvk_buf_str(b, ": ");
			tvk_review_esc(b, p->inputs[i].error);
			tvk_buf_str(b, "</li>\n");
		}
	for (size_t i = 0; i < p->n_notes; i++) {
		tvk_buf_str(b, "<li>");
		tvk_review_esc(b, p->notes[i]);
		tvk_buf_str(b, "</li>\n");
	}
	tvk_buf_str(b, "</ul>\n");
}

static void by_status(struct tvk_buf *b, const struct review_page *p,
		const struct tallies *t)
{
	tvk_buf_str(b, "<div><h3>Tables by status</h3>\n"
		"<table id=\"by-status\">\n");
	static const char *const names[] = {"invalid", "repaired", "valid"};
	for (int s = 0; s < 3; s++) {
		tvk_buf_printf(b, "<tr><td><span class=\"status st-%s\">%s</span>"
			"</td><td class=\"n\">%zu</td><td>", names[s], names[s],
			t->by_status[s]);
		size_t first = p->n_shown;
		for (size_t k = 0; k < p->n_shown && first == p->n_shown; k++)
			if (tvk_review_status_rank(p->tables[k].doc->status) == s)
				first = k;
		if (first < p->n_shown)
			tvk_buf_printf(b, "<a href=\"#t%zu\">first shown</a>",
				first + 1);
		tvk_buf_str(b, "</td></tr>\n");
	}
	tvk_buf_str(b, "</table></div>\n");
}

static void by_kind(struct tvk_buf *b, const struct review_page *p,
		const struct tallies *t)
{
	tvk_buf_str(b, "<div><h3>Repairs by kind</h3>\n");
	if (t->n_kinds == 0)
		tvk_buf_str(b, "<p class=\"muted\">none</p>\n");
	else
		tvk_buf_str(b, "<table id=\"by-kind\">\n");
	for (size_t i = 0; i < t->n_kinds; i++) {
		tvk_buf_str(b, "<tr><td>");
		tvk_review_swatch(b, tvk_review_kind_colour(t->kinds[i].name));
		tvk_review_esc(b, t->kinds[i].name);
		tvk_buf_printf(b, "</td><td class=\"n\">%zu</td><td>",
			t->kinds[i].count);
		tally_links(b, &t->kinds[i], p->tables);
		tvk_buf_str(b, "</td></tr>\n");
	}
	if (t->n_kinds)
		tvk_buf_str(b, "</table>\n");
	tvk_buf_str(b, "</div>\n");
}

static void by_check(struct tvk_buf *b, const struct review_page *p,
		const struct tallies *t)
{
	tvk_buf_str(b, "<div><h3>Problems by check</h3>\n");
	if (t->n_checks == 0)
		tvk_buf_str(b, "<p class=\"muted\">none</p>\n");
	else
		tvk_buf_str(b, "<table id=\"by-check\">\n<tr><th>check</th>"
			"<th>errors</th><th>warnings</th><th>tables</th></tr>\n");
	for (size_t i = 0; i < t->n_checks; i++) {
		tvk_buf_str(b, "<tr><td>");
		tvk_review_esc(b, t->checks[i].name);
		tvk_buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">"
			"%zu</td><td>", t->checks[i].count, t->checks[i].warnings);
		tally_links(b, &t->checks[i], p->tables);
		tvk_buf_str(b, "</td></tr>\n");
	}
	if (t->n_checks)
		tvk_buf_str(b, "</table>\n");
	tvk_buf_str(b, "</div>\n");
}

/* The list of the tables shown, linked. */
static void contents(struct tvk_buf *b, const struct review_page *p)
{
	tvk_buf_str(b, "<h3>Tables shown</h3>\n");
	if (p->n_shown == 0) {
		tvk_buf_str(b, "<p class=\"muted\">none: every table is valid "
			"(tvk review --all shows them all)</p>\n");
		return;
	}
	tvk_buf_str(b, "<ol class=\"toc\">\n");
	for (size_t s = 0; s < p->n_shown; s++) {
		const struct tvk_document *d = p->tables[s].doc;
		tvk_buf_printf(b, "<li><a href=\"#t%zu\">", s + 1);
		tvk_review_table_title(b, d);
		tvk_buf_printf(b, "</a> <span class=\"muted\">%s, %zu repair%s, "
			"%zu problem%s</span></li>\n", tvk_status_name(d->status),
			d->n_repairs, d->n_repairs == 1 ? "" : "s", d->n_problems,
			d->n_problems == 1 ? "" : "s");
	}
	tvk_buf_str(b, "</ol>\n");
}

void tvk_review_summary(struct tvk_buf *b, const struct review_page *p)
{
	struct tallies t = {0};
	count_files(p, &t);
	count_tallies(p, &t);
	heading(b, p, &t);
	notes(b, p, &t);
	tvk_buf_str(b, "<div class=\"summary\">\n");
	by_status(b, p, &t);
	by_kind(b, p, &t);
	by_check(b, p, &t);
	tvk_buf_str(b, "</div>\n");
	free_tallies(&t);
	contents(b, p);
}
