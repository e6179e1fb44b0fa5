/* Documents made by hand (documents.h). */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "document/document.h"
#include "documents.h"

static char *dup(const char *s)
{
	return s ? tvk_xstrdup(s) : NULL;
}

static void counts(struct tvk_document_row *r, int64_t base)
{
	int64_t sum = 0;
	for (int f = 0; f < TVK_N_PARTS; f++) {
		r->counts[f] = (struct tvk_document_count){true, base + f};
		sum += base + f;
	}
	r->counts[TVK_TOTAL] = (struct tvk_document_count){true, sum};
}

static struct tvk_document_place place(int page, double y)
{
	return (struct tvk_document_place){page, true,
		{72.25, y, 512.5, y + 9.75}};
}

static void source(struct tvk_document_source *s, const char *file,
		int page)
{
	s->file = dup(file);
	s->sha256 = dup("5a7f00000000000000000000000000000000000000000000"
		"00000000000000ff");
	s->n_pages = 1;
	s->pages = tvk_xcalloc(1, sizeof(*s->pages));
	s->pages[0] = page;
	s->layer = TVK_LAYER_PDF;
}

struct tvk_document *test_document(int region, int year, int quarter,
		const char *file, int64_t base)
{
	struct tvk_document *d = tvk_document_create();
	d->kind = TVK_TABLE_REGION;
	d->year = year;
	d->quarter = quarter;
	d->period_printed = dup("tweede kwartaal 2025");
	d->region = region;
	d->region_name = dup(region ? "Zaanstreek/Waterland" : NULL);
	d->region_printed = dup("7 Zaanstreek-\nWaterland");
	d->first_page = d->last_page = 3;
	d->n_rows = 2;
	d->rows = tvk_xcalloc(2, sizeof(*d->rows));
	struct tvk_document_row *a = &d->rows[0], *b = &d->rows[1];
	a->code = dup("GM0385");
	a->name = dup("Edam-Volendam");
	a->printed_name = dup("Edam-Volendam");
	a->current_code = dup("GM0385");
	a->current_name = dup("Edam-Volendam");
	counts(a, base);
	a->place = place(3, 140);
	b->code = dup("GM0788");
	b->name = dup("Haaren");
	b->printed_name = dup("Haaren \xc3\xa9\"quoted\"");
	b->n_successors = 2;
	b->successors = tvk_xcalloc(2, sizeof(*b->successors));
	b->successors[0] = (struct tvk_document_successor){dup("GM0865"),
		dup("Vught")};
	b->successors[1] = (struct tvk_document_successor){dup("GM1721"),
		dup("Oisterwijk")};
	counts(b, base + 10);
	b->counts[TVK_UWV_WITH_PROFILE].known = false;
	b->counts[TVK_UWV_WITH_PROFILE].value = 0;
	b->place = (struct tvk_document_place){4, false, {0, 0, 0, 0}};
	counts(&d->total, 2 * base + 10);
	d->total.place = place(3, 180);
	d->target_group = (struct tvk_document_register){.present = true,
		.persons_known = true, .pct_known = false, .persons = 3976};
	d->status = TVK_STATUS_REPAIRED;
	d->n_problems = 1;
	d->problems = tvk_xcalloc(2, sizeof(*d->problems));
	d->problems[0] = (struct tvk_document_problem){.warning = true,
		.check = dup("name"), .subject = dup("Haaren"),
		.field = dup("name"), .message = dup("a name of another "
		"year"), .place = place(3, 160)};
	tvk_document_add_problem(d, true, "regions", NULL, NULL,
		"no place");
	d->status = TVK_STATUS_REPAIRED;
	d->n_repairs = 2;
	d->repairs = tvk_xcalloc(2, sizeof(*d->repairs));
	d->repairs[0] = (struct tvk_document_repair){
		.kind = TVK_REPAIR_MISSING_CELL, .subject = dup("Edam-Volendam"),
		.field = dup("total"), .printed = NULL, .has_value = true,
		.value = -7, .evidence = dup("the row's sum"),
		.place = place(3, 140)};
	d->repairs[1] = (struct tvk_document_repair){.kind = TVK_REPAIR_NAME,
		.subject = dup("Haaren"), .field = dup("name"),
		.printed = dup("Haarcn"), .text = dup("Haaren"),
		.evidence = dup("one letter")};
	source(&d->source, file, 3);
	struct tvk_document_source also = {0};
	source(&also, "compendium.pdf", 41);
	tvk_document_add_also_in(d, &also);
	free(also.file);
	free(also.sha256);
	free(also.pages);
	return d;
}

struct tvk_document *test_national(int year, int quarter, const char *file,
		int64_t base)
{
	struct tvk_document *d = tvk_document_create();
	d->kind = TVK_TABLE_NATIONAL;
	d->year = year;
	d->quarter = quarter;
	d->first_page = d->last_page = 2;
	counts(&d->total, base);
	d->total.printed_name = dup("Nederland");
	d->total.place = place(2, 300);
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		d->regions_sum[f] = base * 10 + f;
		d->unattributed[f] = -f;
	}
	d->n_regions = 35;
	d->status = TVK_STATUS_VALID;
	source(&d->source, file, 2);
	return d;
}
