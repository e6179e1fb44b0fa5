/*
 * The coverage of an archive: a grid of quarters by regions.  Its rows
 * are every quarter from the first to the last that holds a region's
 * table (a quarter with none in between is a row of gaps: that is what
 * a reader must see), its columns the regions the archive holds a table
 * of (a region of none would only be a column of gaps in an archive that
 * was never meant to hold it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "base/arena.h"
#include "gazetteer/gazetteer.h"

const char *tvk_archive_cell_name(enum tvk_archive_cell_status s)
{
	static const char *const names[] = {"valid", "repaired", "invalid",
		"conflict", "missing"};
	return (unsigned)s < TVK_N_CELL_STATUSES ? names[s] : "?";
}

void tvk_archive_period_name(int period, char out[16])
{
	snprintf(out, 16, "%d-Q%d", period / 4, period % 4 + 1);
}

bool tvk_archive_placed(const struct tvk_document *d)
{
	return d->kind == TVK_TABLE_REGION && d->region >= 1 &&
		d->region <= TVK_N_REGIONS && d->year >= ARCHIVE_FIRST_YEAR &&
		d->year <= ARCHIVE_LAST_YEAR && d->quarter >= 1 &&
		d->quarter <= 4;
}

bool tvk_archive_has_conflict(const struct tvk_document *d)
{
	for (size_t i = 0; i < d->n_problems; i++)
		if (d->problems[i].check &&
				strcmp(d->problems[i].check, "conflict") == 0)
			return true;
	return false;
}

char *tvk_archive_table_name(const struct tvk_document *d)
{
	char period[32] = "unknown quarter";
	if (d->year && d->quarter)
		snprintf(period, sizeof(period), "%d-Q%d", d->year, d->quarter);
	if (d->kind == TVK_TABLE_NATIONAL)
		return tvk_xasprintf("%s Nederland", period);
	if (d->region == 0)
		return tvk_xasprintf("%s, unknown region", period);
	return tvk_xasprintf("%s %02d %s", period, d->region,
		d->region_name ? d->region_name : "");
}

static int column_of(const struct tvk_archive_coverage *c, int region)
{
	for (int r = 0; r < c->n_regions; r++)
		if (c->regions[r] == region)
			return r;
	return -1;
}

const struct tvk_archive_cell *tvk_archive_cell_at(
		const struct tvk_archive_coverage *c, int period, int region)
{
	int p = period - c->first_period, r = column_of(c, region);
	if (p < 0 || p >= c->n_periods || r < 0)
		return NULL;
	return &c->cells[(size_t)p * (size_t)c->n_regions + (size_t)r];
}

static enum tvk_archive_cell_status status_of(const struct tvk_document *d)
{
	if (tvk_archive_has_conflict(d))
		return TVK_CELL_CONFLICT;
	return d->status == TVK_STATUS_VALID ? TVK_CELL_VALID :
		d->status == TVK_STATUS_REPAIRED ? TVK_CELL_REPAIRED :
		TVK_CELL_INVALID;
}

void tvk_archive_coverage_build(struct tvk_archive *a)
{
	struct tvk_archive_coverage *c = &a->coverage;
	bool held[TVK_N_REGIONS + 1] = {false};
	int first = 0, last = -1;
	for (size_t i = 0; i < a->n_docs; i++) {
		const struct tvk_document *d = a->docs[i];
		if (!tvk_archive_placed(d))
			continue;
		int p = archive_period(d->year, d->quarter);
		if (last < first || p < first)
			first = p;
		if (p > last)
			last = p;
		held[d->region] = true;
	}
	if (last < first)
		return;
	c->regions = tvk_xcalloc(TVK_N_REGIONS, sizeof(*c->regions));
	for (int r = 1; r <= TVK_N_REGIONS; r++)
		if (held[r])
			c->regions[c->n_regions++] = r;
	c->first_period = first;
	c->n_periods = last - first + 1;
	size_t n = (size_t)c->n_periods * (size_t)c->n_regions;
	c->cells = tvk_xcalloc(n, sizeof(*c->cells));
	bool *taken = tvk_xcalloc(n, sizeof(*taken));
	for (size_t k = 0; k < n; k++)
		c->cells[k].status = TVK_CELL_MISSING;
	for (size_t i = 0; i < a->n_docs; i++) {
		const struct tvk_document *d = a->docs[i];
		if (!tvk_archive_placed(d))
			continue;
		struct tvk_archive_cell *cell = (struct tvk_archive_cell *)
			tvk_archive_cell_at(c, archive_period(d->year,
				d->quarter), d->region);
		size_t k = (size_t)(cell - c->cells);
		/* Two documents of one quarter and region that the merge did
		 * not mark (written by different runs into a folder put
		 * together by hand) disagree as much as a marked conflict. */
		enum tvk_archive_cell_status s = taken[k] ?
			TVK_CELL_CONFLICT : status_of(d);
		if (!taken[k] || s > cell->status)
			cell->status = s;
		if (!taken[k])
			cell->doc = i;
		taken[k] = true;
	}
	free(taken);
	for (size_t k = 0; k < n; k++)
		c->counts[c->cells[k].status]++;
}

int tvk_archive_empty_quarters(const struct tvk_archive_coverage *c, int p)
{
	int n = 0;
	for (; p + n < c->n_periods; n++)
		for (int r = 0; r < c->n_regions; r++)
			if (c->cells[(size_t)(p + n) * (size_t)c->n_regions +
					(size_t)r].status != TVK_CELL_MISSING)
				return n;
	return n;
}
