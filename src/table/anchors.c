/*
 * What anchors a table, and what never belongs to one: the column header
 * the publication prints above every table, and the page furniture
 * (running titles, footers, page numbers) around it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/text.h"
#include "table/anchors.h"

/* The top and bottom of a page where producers put running titles,
 * footers and page numbers. */
#define MARGIN_SHARE 0.12

/*
 * The shape of a line: folded, each run of digits one '#', so that
 * "Pagina 2 van 3" and "Pagina 3 van 3" share it.
 */
static void line_shape(const char *text, char *out, size_t cap)
{
	char folded[256];
	tvk_fold(text, folded, sizeof(folded));
	size_t n = 0;
	for (const char *p = folded; *p && n + 1 < cap; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == 0 || out[n - 1] != '#')
				out[n++] = '#';
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
}

static bool in_margin(const struct tvk_line *line, const struct tvk_page *pages,
		int n_pages)
{
	if (line->page < 1 || line->page > n_pages)
		return false;
	double h = pages[line->page - 1].height;
	if (h <= 0)
		return false;
	double mid = (line->box.y0 + line->box.y1) / 2;
	return mid < MARGIN_SHARE * h || mid > (1 - MARGIN_SHARE) * h;
}

struct shape {
	char text[96];
	int page;
	size_t index;
};

static int by_shape(const void *a, const void *b)
{
	const struct shape *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	if (c)
		return c;
	return (x->page > y->page) - (x->page < y->page);
}

bool *tvk_table_furniture(const struct tvk_lexeme *lx, size_t n,
		const struct tvk_page *pages, int n_pages)
{
	bool *furniture = tvk_xcalloc(n ? n : 1, sizeof(*furniture));
	for (size_t i = 0; i < n; i++)
		furniture[i] = lx[i].kind == TVK_LINE_NOISE;
	if (n_pages < 2 || !pages)
		return furniture;
	struct shape *shapes = tvk_xmalloc((n ? n : 1) * sizeof(*shapes));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		enum tvk_line_kind k = lx[i].kind;
		/* A line of three counts or more is a row, wherever it
		 * stands: a table that goes on over pages puts rows in the
		 * margins, and a long one may repeat a name. */
		if (k == TVK_LINE_HEADER || k == TVK_LINE_TOTAL ||
				k == TVK_LINE_NATIONAL || furniture[i] ||
				lx[i].n_tokens - lx[i].n_lead >= 3 ||
				!in_margin(lx[i].line, pages, n_pages))
			continue;
		line_shape(lx[i].line->text, shapes[m].text,
			sizeof(shapes[m].text));
		if (!shapes[m].text[0])
			continue;
		shapes[m].page = lx[i].line->page;
		shapes[m].index = i;
		m++;
	}
	qsort(shapes, m, sizeof(*shapes), by_shape);
	for (size_t i = 0; i < m;) {
		size_t j = i, distinct = 0;
		int last = -1;
		while (j < m && strcmp(shapes[j].text, shapes[i].text) == 0) {
			if (shapes[j].page != last)
				distinct++;
			last = shapes[j].page;
			j++;
		}
		if (distinct >= 2 && 5 * distinct >= 2 * (size_t)n_pages)
			for (size_t k = i; k < j; k++)
				furniture[shapes[k].index] = true;
		i = j;
	}
	free(shapes);
	return furniture;
}

/* ---- the header -------------------------------------------------------- */

static double line_height(const struct tvk_line *line)
{
	double h = line->box.y1 - line->box.y0;
	return h > 0 ? h : 8;
}

bool tvk_table_headerish(const struct tvk_lexeme *l)
{
	if (l->kind == TVK_LINE_HEADER)
		return true;
	if (l->kind != TVK_LINE_TEXT && l->kind != TVK_LINE_ROW)
		return false;
	/* Specks an OCR layer reads among the titles ("7 1, Sonar
	 * Sonar.") are let pass, and a title damaged beyond recognition
	 * ("Soriar"), as long as the titles clearly outnumber them. */
	size_t words = 0, specks = 0, others = 0;
	for (size_t k = 0; k < l->n_tokens; k++) {
		const char *t = l->tokens[k].text;
		if (tvk_is_mark(t))
			continue;
		if (l->tokens[k].header != TVK_HW_NONE)
			words++;
		else if (strlen(t) <= 2)
			specks++;
		else
			others++;
	}
	return words > 0 && specks + others <= 2 && specks <= words &&
		3 * others <= words;
}

/* Whether the words of header lines [@from, @to] name the columns: at
 * least two "Profiel" and a "Geen" or a "Totaal" (of the five titles
 * "Profiel in Sonar", "Geen profiel in Sonar" twice, "Totaal in Sonar"). */
static bool header_names_columns(const struct tvk_lexeme *lx, size_t from,
		size_t to)
{
	size_t profile = 0, other = 0;
	for (size_t i = from; i <= to; i++) {
		if (!tvk_table_headerish(&lx[i]))
			continue;
		for (size_t k = 0; k < lx[i].n_tokens; k++) {
			enum tvk_header_word w = lx[i].tokens[k].header;
			profile += w == TVK_HW_PROFILE;
			other += w == TVK_HW_NO || w == TVK_HW_TOTAL;
		}
	}
	return profile >= 2 && other >= 1;
}

void tvk_table_headers(const struct tvk_lexeme *lx, size_t n,
		const bool *furniture, size_t *block)
{
	for (size_t i = 0; i < n; i++)
		block[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (!tvk_table_headerish(&lx[i]) || furniture[i])
			continue;
		size_t last = i;
		for (size_t j = i + 1; j < n && j <= last + 2; j++) {
			const struct tvk_line *a = lx[last].line, *c = lx[j].line;
			if (c->page != a->page ||
					c->box.y0 - a->box.y1 > 2.5 * line_height(a))
				break;
			if (tvk_table_headerish(&lx[j]) && !furniture[j])
				last = j;
			else if (lx[j].kind != TVK_LINE_TEXT &&
					lx[j].kind != TVK_LINE_NOISE)
				break;
		}
		if (!header_names_columns(lx, i, last)) {
			continue;
		}
		for (size_t k = i; k <= last; k++)
			block[k] = i;
		i = last;
	}
}
