/*
 * The composition check.  Each row is judged by its code on the table's
 * date, not by the record it was matched to: a row matched to Heerde's
 * 2019 record (region 5) in a 2020 table of region 11 names a municipality
 * of region 11.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gazetteer/composition.h"
#include "gazetteer/gazetteer.h"

const char *tvk_composition_kind_name(enum tvk_composition_kind kind)
{
	switch (kind) {
	case TVK_COMPOSITION_MISSING: return "missing";
	case TVK_COMPOSITION_OTHER_REGION: return "other-region";
	case TVK_COMPOSITION_NOT_THEN: return "not-then";
	case TVK_COMPOSITION_DUPLICATE: return "duplicate";
	}
	return "unknown";
}

/* "2023-03-31"; the reference data's open ends as words. */
static void format_date(int date, char out[16])
{
	if (date == TVK_DATE_LATEST)
		snprintf(out, 16, "today");
	else
		snprintf(out, 16, "%04d-%02d-%02d", date / 10000 % 10000,
			date / 100 % 100, date % 100);
}

/* "region 11 Stedendriehoek en Noordwest Veluwe" (its name on @date). */
static void format_region(int region, int date, char *out, size_t cap)
{
	const char *name = tvk_gazetteer_region_name(region, date);
	snprintf(out, cap, "region %d %s", region, name ? name : "?");
}

/* "Vught, Oisterwijk, Tilburg and Boxtel" */
static void format_successors(const struct tvk_dissolution *d, char *out,
		size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < d->n_successors && len < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == d->n_successors ?
			" and " : ", ";
		int k = snprintf(out + len, cap - len, "%s%s (%s)", sep,
			d->successors[i].municipality->name,
			d->successors[i].municipality->code);
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

/* Why @m's code does not hold on @date: not yet, or no longer. */
static void explain_not_then(const struct tvk_municipality *m, int date,
		char *out, size_t cap)
{
	char when[16], on[16];
	format_date(date, when);
	const struct tvk_municipality *const *list;
	size_t n = tvk_gazetteer_records(m->code, &list);
	if (n > 0 && date < list[0]->from) {
		format_date(list[0]->from, on);
		snprintf(out, cap, "%s (%s) did not exist yet on %s: it was "
			"formed on %s", m->name, m->code, when, on);
		return;
	}
	const struct tvk_dissolution *d = tvk_gazetteer_dissolution(m->code);
	if (!d) {
		snprintf(out, cap, "%s (%s) did not exist on %s", m->name,
			m->code, when);
		return;
	}
	char successors[200];
	format_successors(d, successors, sizeof(successors));
	format_date(d->effective, on);
	snprintf(out, cap, "%s (%s) no longer existed on %s: it %s %s on %s",
		m->name, m->code, when,
		d->kind == TVK_DISSOLVED_SPLIT ? "was split between" :
		d->kind == TVK_DISSOLVED_ABSORBED ? "became part of" :
		"merged into", successors, on);
}

/* Appends @p when there is room; counts it either way. */
static void add(struct tvk_composition_problem *out, size_t cap, size_t *n,
		const struct tvk_composition_problem *p)
{
	if (*n < cap)
		out[*n] = *p;
	(*n)++;
}

static struct tvk_composition_problem problem(enum tvk_composition_kind kind,
		size_t row, const struct tvk_municipality *m)
{
	struct tvk_composition_problem p;
	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.row = row;
	p.first_row = SIZE_MAX;
	p.municipality = m;
	return p;
}

size_t tvk_composition_check(int region, int date,
		const struct tvk_municipality *const *rows, size_t n_rows,
		struct tvk_composition_problem *out, size_t cap)
{
	const struct tvk_municipality *const *list;
	size_t n_list = tvk_gazetteer_in_region_at(region, date, &list);
	if (n_list == 0)
		return 0;
	char when[16], here[96], there[96];
	format_date(date, when);
	format_region(region, date, here, sizeof(here));

	size_t n = 0;
	/* Which of the region's municipalities a row names, by place in
	 * @list: the largest region holds a few dozen. */
	bool named[256] = {false};
	size_t first[256];
	if (n_list > sizeof(named) / sizeof(named[0]))
		n_list = sizeof(named) / sizeof(named[0]);
	for (size_t i = 0; i < n_rows; i++) {
		if (!rows[i])
			continue;
		const struct tvk_municipality *m =
			tvk_gazetteer_by_code_at(rows[i]->code, date);
		struct tvk_composition_problem p;
		if (!m) {
			p = problem(TVK_COMPOSITION_NOT_THEN, i, rows[i]);
			explain_not_then(rows[i], date, p.message,
				sizeof(p.message));
			add(out, cap, &n, &p);
			continue;
		}
		if (m->region != region) {
			p = problem(TVK_COMPOSITION_OTHER_REGION, i, m);
			format_region(m->region, date, there, sizeof(there));
			snprintf(p.message, sizeof(p.message), "%s (%s) belonged "
				"to %s on %s, not to %s", m->name, m->code, there,
				when, here);
			add(out, cap, &n, &p);
			continue;
		}
		size_t k = 0;
		while (k < n_list && list[k] != m)
			k++;
		if (k == n_list)
			continue; /* past the bound above: never */
		if (!named[k]) {
			named[k] = true;
			first[k] = i;
			continue;
		}
		p = problem(TVK_COMPOSITION_DUPLICATE, i, m);
		p.first_row = first[k];
		snprintf(p.message, sizeof(p.message), "%s (%s) is named by "
			"more than one row", m->name, m->code);
		add(out, cap, &n, &p);
	}
	for (size_t k = 0; k < n_list; k++) {
		if (named[k])
			continue;
		struct tvk_composition_problem p = problem(
			TVK_COMPOSITION_MISSING, SIZE_MAX, list[k]);
		snprintf(p.message, sizeof(p.message), "%s (%s), a "
			"municipality of %s on %s, has no row", list[k]->name,
			list[k]->code, here, when);
		add(out, cap, &n, &p);
	}
	return n;
}
