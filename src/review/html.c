/*
 * HTML for the review page: text escaped, coordinates as the documents
 * write them, and what every part of the page shows alike — a colour per
 * repair kind, a table's name, its pages, its rank.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/macros.h"
#include "base/text.h"
#include "document/document.h"
#include "review/review.h"

double tvk_review_round2(double v)
{
	return (double)llround(tvk_coord_bound(v) * 100) / 100;
}

struct tvk_box tvk_review_round_box(struct tvk_box b)
{
	return (struct tvk_box){tvk_review_round2(b.x0),
		tvk_review_round2(b.y0), tvk_review_round2(b.x1),
		tvk_review_round2(b.y1)};
}

void tvk_review_esc(struct tvk_buf *b, const char *s)
{
	if (!s)
		return;
	while (*s) {
		uint32_t cp;
		size_t n = tvk_utf8_decode(s, SIZE_MAX, &cp);
		if (n == 0) {
			/* a byte of a file name that is not UTF-8, shown as
			 * the documents and the error lines show it */
			tvk_buf_printf(b, "\\x%02X", (unsigned char)*s);
			s++;
			continue;
		}
		switch (cp) {
		case '&':
			tvk_buf_str(b, "&amp;");
			break;
		case '<':
			tvk_buf_str(b, "&lt;");
			break;
		case '>':
			tvk_buf_str(b, "&gt;");
			break;
		case '"':
			tvk_buf_str(b, "&quot;");
			break;
		case '\'':
			tvk_buf_str(b, "&#39;");
			break;
		default:
			if (cp < 0x20 || cp == 0x7F)
				tvk_buf_str(b, " ");
			else
				tvk_buf_add(b, s, n);
		}
		s += n;
	}
}

void tvk_review_num(struct tvk_buf *b, double v)
{
	char s[32];
	long long c = llround(tvk_coord_bound(v) * 100);
	if (c < 0) {
		tvk_buf_str(b, "-");
		c = -c;
	}
	int n = snprintf(s, sizeof(s), "%lld", c / 100);
	if (c % 100) {
		snprintf(s + n, sizeof(s) - (size_t)n, ".%02lld", c % 100);
		n += 3;
		if (s[n - 1] == '0')
			s[--n] = '\0';
	}
	tvk_buf_str(b, s);
}

/* One colour per repair kind, told apart on grey print; the checks that
 * fail are red. */
static const struct {
	enum tvk_repair_kind kind;
	const char *colour;
} kind_colours[] = {
	{TVK_REPAIR_NUMBER_FORMAT, "#7a7a7a"},
	{TVK_REPAIR_MISSING_CELL, "#1f6fd1"},
	{TVK_REPAIR_WRONG_CELL, "#e8590c"},
	{TVK_REPAIR_MISREAD, "#9c36b5"},
	{TVK_REPAIR_SPLIT_CELL, "#0c8599"},
	{TVK_REPAIR_GLUED_CELL, "#8f5b2e"},
	{TVK_REPAIR_NAME, "#2f9e44"},
	{TVK_REPAIR_NAME_JOIN, "#66a80f"},
	{TVK_REPAIR_LABEL_FRAGMENT, "#d6336c"},
	{TVK_REPAIR_REGION, "#5f3dc4"},
	{TVK_REPAIR_PERIOD, "#364fc7"},
};
#define N_KINDS TVK_ARRAY_LEN(kind_colours)

const char *tvk_review_kind_colour(const char *name)
{
	for (size_t k = 0; k < N_KINDS; k++)
		if (strcmp(tvk_repair_kind_name(kind_colours[k].kind), name) == 0)
			return kind_colours[k].colour;
	return FAIL_COLOUR;
}

void tvk_review_swatch(struct tvk_buf *b, const char *colour)
{
	tvk_buf_printf(b, "<span class=\"swatch\" style=\"border-color:%s\">"
		"</span>", colour);
}

static void period_text(struct tvk_buf *b, const struct tvk_document *d)
{
	if (d->year > 0 && d->quarter >= 1 && d->quarter <= 4)
		tvk_buf_printf(b, "%d-Q%d", d->year, d->quarter);
	else
		tvk_buf_str(b, "period unknown");
}

void tvk_review_table_title(struct tvk_buf *b, const struct tvk_document *d)
{
	period_text(b, d);
	tvk_buf_str(b, " \xC2\xB7 ");
	if (d->kind == TVK_TABLE_REGION && d->region > 0)
		tvk_buf_printf(b, "%d ", d->region);
	tvk_review_esc(b, tvk_document_summary(d));
}

void tvk_review_page_range(const struct tvk_document *d, int *first, int *last)
{
	*first = d->first_page;
	*last = d->last_page;
	if (*first < 1 && d->source.n_pages > 0) {
		*first = d->source.pages[0];
		*last = d->source.pages[d->source.n_pages - 1];
	}
}

int tvk_review_status_rank(enum tvk_status s)
{
	return s == TVK_STATUS_INVALID ? 0 : s == TVK_STATUS_REPAIRED ? 1 : 2;
}
