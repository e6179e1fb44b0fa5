/*
 * The review page (<tvk/review.h>): documents in, one HTML file out, with
 * each table worth a look cropped from its PDF page (crops.c) and every
 * repair and failing check marked on the crop (marks.c) and listed beside
 * it (section.c), under a summary (summary.c) and the archive at a glance
 * (glance.c).  This file orders the tables, worst first, and makes the
 * page.
 */
#include <stdlib.h>
#include <string.h>

#include <tvk/review.h>

#include "base/arena.h"
#include "base/files.h"
#include "base/macros.h"
#include "config.h"
#include "document/document.h"
#include "review/review.h"

/* ---- order ---------------------------------------------------------- */

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Worst first: invalid, then repaired, then valid; more errors, more
 * changed counts, more repairs first; then by period, region, file and
 * page, so that the order never depends on the order documents came in. */
static int worst_first(const void *pa, const void *pb)
{
	const struct shown *a = pa, *b = pb;
	const struct tvk_document *x = a->doc, *y = b->doc;
	long kx[] = {tvk_review_status_rank(x->status), -(long)a->errors,
		-(long)a->count_repairs, -(long)x->n_repairs,
		-(long)x->n_problems, x->year, x->quarter, x->kind, x->region,
		x->first_page};
	long ky[] = {tvk_review_status_rank(y->status), -(long)b->errors,
		-(long)b->count_repairs, -(long)y->n_repairs,
		-(long)y->n_problems, y->year, y->quarter, y->kind, y->region,
		y->first_page};
	for (size_t i = 0; i < TVK_ARRAY_LEN(kx); i++) {
		if (i == TVK_ARRAY_LEN(kx) - 1) {
			int c = cmp_str(x->source.file, y->source.file);
			if (c)
				return c;
		}
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	}
	int c = cmp_str(x->region_printed, y->region_printed);
	return c ? c : cmp_str(x->period_printed, y->period_printed);
}

/* ---- the page ------------------------------------------------------- */

/* True when a number of @d jumps between quarters: a valid table worth a
 * look all the same. */
static bool warned(const struct tvk_archive *a, const struct tvk_document *d)
{
	for (size_t i = 0; i < a->n_warnings; i++)
		if (a->docs[a->warnings[i].doc] == d)
			return true;
	return false;
}

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;padding:0 24px"
	" 48px;max-width:1800px;color:#212529;background:#fff}"
	"h1{font-size:24px;margin:24px 0 4px}"
	"h2{font-size:18px;margin:0 0 4px}"
	"h3{font-size:15px;margin:16px 0 4px}"
	"table{border-collapse:collapse}"
	"th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #dee2e6;"
	"vertical-align:top}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".sub{color:#495057;margin:0 0 12px}"
	".summary{display:flex;flex-wrap:wrap;gap:16px 40px}"
	".notes li{color:#c92a2a}"
	".toc{columns:2 420px;padding-left:24px}"
	"section.table{border-top:2px solid #adb5bd;margin-top:28px;"
	"padding-top:12px}"
	".status{display:inline-block;padding:0 8px;border-radius:4px;"
	"color:#fff;font-size:13px;vertical-align:2px}"
	".st-invalid{background:" FAIL_COLOUR "}"
	".st-repaired{background:#1f6fd1}.st-valid{background:#2f9e44}"
	".body{display:flex;flex-wrap:wrap;gap:16px 24px;align-items:flex-start}"
	".crops{flex:0 1 auto;min-width:0;max-width:100%}"
	"figure{margin:0 0 12px}"
	"figcaption{color:#495057;font-size:12px}"
	".frame{position:relative;max-width:100%;border:1px solid #ced4da}"
	".frame img{display:block;width:100%;height:auto}"
	".frame svg{position:absolute;left:0;top:0;width:100%;height:100%}"
	"rect.mark{fill-opacity:.10;stroke-width:2px;"
	"vector-effect:non-scaling-stroke}"
	"rect.row,rect.column{fill:" FAIL_COLOUR ";stroke:" FAIL_COLOUR ";"
	"fill-opacity:.12;stroke-dasharray:6 3}"
	"rect.cell{fill:" FAIL_COLOUR ";stroke:" FAIL_COLOUR "}"
	"rect.mark:target{stroke-width:4px;fill-opacity:.25}"
	"svg text{font:bold 7px sans-serif;paint-order:stroke;stroke:#fff;"
	"stroke-width:2px}"
	".entries{flex:1 1 420px}.entries td:first-child{white-space:nowrap}"
	".entries tr:target{background:#fff3bf}"
	".swatch{display:inline-block;width:10px;height:10px;border:2px solid;"
	"margin-right:4px;vertical-align:-1px}"
	".nocrop{color:#c92a2a;font-weight:600}"
	".muted{color:#868e96}"
	"svg.grid text,svg.chart text{font:10px sans-serif;stroke:none}"
	"svg.grid text.run{fill:#868e96}"
	"svg.chart{border:1px solid #dee2e6;margin:0 8px 8px 0}"
	"svg.chart polyline{fill:none;stroke:#495057;stroke-width:1.5px}"
	"svg.chart circle.point{fill:#495057}"
	"svg.chart circle.warned{fill:" FAIL_COLOUR "}"
	"svg.grid a rect:hover{stroke:#212529;stroke-width:2px}"
	".charts{display:flex;flex-wrap:wrap}";

char *tvk_review_page(const struct tvk_document *const *docs, size_t n_docs,
		const struct tvk_review_input *inputs, size_t n_inputs,
		const struct tvk_review_options *opt, size_t *size,
		struct tvk_review_stats *stats)
{
	bool all = opt && opt->all;
	struct tvk_archive archive;
	tvk_archive_of(docs, n_docs, &archive);
	struct shown *tables = tvk_xcalloc(n_docs + 1, sizeof(*tables));
	size_t n = 0;
	for (size_t i = 0; i < n_docs; i++) {
		if (!all && docs[i]->status == TVK_STATUS_VALID &&
				!warned(&archive, docs[i]))
			continue;
		tables[n] = (struct shown){.doc = docs[i],
			.errors = tvk_document_errors(docs[i]),
			.count_repairs = tvk_document_count_repairs(docs[i])};
		tvk_review_plan_crops(&tables[n]);
		n++;
	}
	qsort(tables, n, sizeof(*tables), worst_first);

	size_t missing = tvk_review_render(tables, n, opt);
	/* what the caller was told, on the page too: a line per PDF, in the
	 * page's order */
	struct {
		char **lines;
		size_t n;
	} notes = {0};
	for (size_t i = 0; i < n; i++) {
		if (!tables[i].no_pdf)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = tables[k].no_pdf && cmp_str(tables[k].doc->source.file,
				tables[i].doc->source.file) == 0;
		if (seen)
			continue;
		notes.lines = tvk_xrealloc(notes.lines, notes.n + 1,
			sizeof(*notes.lines));
		notes.lines[notes.n++] = tvk_xasprintf("%s: %s",
			tables[i].doc->source.file, tables[i].no_pdf);
	}

	struct tvk_buf b = {0};
	tvk_buf_str(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		/* nothing from anywhere: the page is all there is */
		"<meta http-equiv=\"Content-Security-Policy\" content=\""
		"default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
		"script-src 'none'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width\">\n");
	tvk_buf_printf(&b, "<meta name=\"generator\" content=\"tvk %s\">\n"
		"<title>tvk review</title>\n<style>%s</style>\n</head>\n<body>\n",
		TVK_VERSION, style);
	struct review_page page = {docs, n_docs, inputs, n_inputs, tables, n,
		(const char *const *)notes.lines, notes.n, all};
	tvk_review_summary(&b, &page);
	tvk_review_glance(&b, &page, &archive);
	tvk_archive_finish(&archive);
	size_t marks = 0, without_crop = 0;
	for (size_t i = 0; i < n; i++) {
		tvk_review_section(&b, i, &tables[i], &marks);
		bool any = false;
		for (size_t k = 0; k < tables[i].n_crops; k++)
			any = any || tables[i].crops[k].png;
		without_crop += !any;
	}
	tvk_buf_str(&b, "</body>\n</html>\n");

	if (stats)
		*stats = (struct tvk_review_stats){.tables = n_docs, .shown = n,
			.without_crop = without_crop, .marks = marks,
			.missing_pdfs = missing};
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < tables[i].n_crops; k++) {
			free(tables[i].crops[k].png);
			free(tables[i].crops[k].why);
		}
		free(tables[i].crops);
		free(tables[i].no_pdf);
	}
	for (size_t i = 0; i < notes.n; i++)
		free(notes.lines[i]);
	free(notes.lines);
	free(tables);
	*size = b.len;
	return b.s ? b.s : tvk_xstrdup("");
}

int tvk_review_save(const char *path, const char *page, size_t size,
		struct tvk_error *err)
{
	return tvk_files_write(path, page, size, err);
}
