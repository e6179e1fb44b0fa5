/*
 * Column geometry: the five number columns of a table from the right
 * edges of its counts (the publication right-aligns them), their extents,
 * and the left edge of the names.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/text.h"
#include "table/anchors.h"
#include "table/columns.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double tvk_table_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* A count as the publication prints it: digits and separators only,
 * perhaps with a scan's mark in front ("«499"), which leaves its right
 * edge where the column's is. */
static bool clean_number(const char *s)
{
	for (;;) {
		uint32_t cp;
		size_t n = tvk_utf8_decode(s, SIZE_MAX, &cp);
		if (n == 0 || !tvk_is_mark_cp(cp) || cp == '.' || cp == ',' ||
				cp == '-')
			break;
		s += n;
	}
	bool digit = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (*s != '.' && *s != ',')
			return false;
	}
	return digit;
}

static double token_glyph(const struct tvk_token *t)
{
	size_t len = strlen(t->text);
	return len ? (t->box.x1 - t->box.x0) / (double)len : 0;
}

/* The number tokens at the end of a lexeme, as lex found them. */
static const struct tvk_token *trailing(const struct tvk_lexeme *l, size_t *n)
{
	*n = l->n_tokens - l->n_lead;
	return l->tokens + l->n_lead;
}

bool tvk_table_columns(const struct tvk_lexeme *lx, const size_t *lines,
		size_t n_lines, struct geometry *g)
{
	size_t cap = n_lines + 1, m = 0;
	double *edges = tvk_xmalloc(cap * TVK_N_FIELDS * sizeof(*edges));
	double glyphs = 0;
	size_t n_glyphs = 0;
	for (size_t i = 0; i < n_lines; i++) {
		size_t k;
		const struct tvk_token *t = trailing(&lx[lines[i]], &k);
		for (size_t j = 0; j < k; j++)
			if (clean_number(t[j].text)) {
				glyphs += token_glyph(&t[j]);
				n_glyphs++;
			}
		if (k != TVK_N_FIELDS)
			continue;
		bool clean = true;
		for (size_t j = 0; j < k && clean; j++)
			clean = clean_number(t[j].text);
		if (!clean)
			continue;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			edges[f * cap + m] = t[f].box.x1;
		m++;
	}
	g->glyph = n_glyphs ? glyphs / (double)n_glyphs : 5.0;
	if (m > 0) {
		for (int f = 0; f < TVK_N_FIELDS; f++)
			g->right[f] = tvk_table_median(edges + f * cap, m);
		free(edges);
		return true;
	}
	free(edges);

	/* Clustering the right edges of every clean number. */
	size_t n_x = 0, cap_x = 0;
	double *xs = NULL;
	for (size_t i = 0; i < n_lines; i++) {
		size_t k;
		const struct tvk_token *t = trailing(&lx[lines[i]], &k);
		for (size_t j = 0; j < k; j++)
			if (clean_number(t[j].text)) {
				tvk_grow((void **)&xs, &cap_x, n_x + 1, sizeof(*xs));
				xs[n_x++] = t[j].box.x1;
			}
	}
	if (n_x == 0)
		return false;
	qsort(xs, n_x, sizeof(*xs), cmp_double);
	size_t need = n_lines >= 8 ? n_lines / 4 : 2;
	double found[TVK_N_FIELDS];
	int n_found = 0;
	bool ok = true;
	for (size_t i = 0; i < n_x && ok;) {
		size_t j = i + 1;
		while (j < n_x && xs[j] - xs[j - 1] <= 1.5 * g->glyph)
			j++;
		if (j - i >= need) {
			if (n_found == TVK_N_FIELDS)
				ok = false;
			else
				found[n_found++] = xs[i + (j - i) / 2];
		}
		i = j;
	}
	free(xs);
	if (!ok || n_found != TVK_N_FIELDS)
		return false;
	memcpy(g->right, found, sizeof(found));
	return true;
}

/* The column of a box whose right edge is @x1, within the tolerance of a
 * right-aligned column; -1 when none. */
static int column_at(const struct geometry *g, double x1)
{
	int best = -1;
	double best_d = 2.5 * g->glyph;
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		double d = fabs(x1 - g->right[f]);
		if (d <= best_d) {
			best_d = d;
			best = f;
		}
	}
	return best;
}

void tvk_table_column_extents(const struct tvk_lexeme *lx, size_t header,
		size_t header_last, const size_t *lines, size_t n_lines,
		struct geometry *g)
{
	for (int f = 0; f < TVK_N_FIELDS; f++)
		g->left[f] = g->right[f] - g->glyph;
	for (size_t i = 0; i < n_lines; i++) {
		size_t k;
		const struct tvk_token *t = trailing(&lx[lines[i]], &k);
		for (size_t j = 0; j < k; j++) {
			int f = column_at(g, t[j].box.x1);
			if (f >= 0 && clean_number(t[j].text) &&
					t[j].box.x0 < g->left[f])
				g->left[f] = t[j].box.x0;
		}
	}
	/* Where the header prints "Gemeente": the names' column. */
	double gemeente = NAN;
	if (header != SIZE_MAX)
		for (size_t i = header; i <= header_last; i++) {
			const struct tvk_lexeme *l = &lx[i];
			for (size_t k = 0;
					tvk_table_headerish(l) && k < l->n_tokens; k++)
				if (l->tokens[k].header == TVK_HW_MUNICIPALITY)
					gemeente = l->tokens[k].box.x0;
		}
	g->zone_left = g->left[0] - 0.5 * g->glyph;
	g->zone_right = g->right[TVK_N_FIELDS - 1] + 3 * g->glyph;

	/* The names' left edge: the most common start of a row's first
	 * word left of the numbers (the row of the label has another). */
	size_t cap = n_lines ? n_lines : 1, m = 0;
	double *starts = tvk_xmalloc(cap * sizeof(*starts));
	for (size_t i = 0; i < n_lines; i++) {
		const struct tvk_lexeme *l = &lx[lines[i]];
		if (l->kind == TVK_LINE_TOTAL)
			continue;
		for (size_t k = 0; k < l->n_tokens; k++)
			if ((l->tokens[k].box.x0 + l->tokens[k].box.x1) / 2 <
					g->zone_left) {
				starts[m++] = l->tokens[k].box.x0;
				break;
			}
	}
	g->name_left = NAN;
	qsort(starts, m, sizeof(*starts), cmp_double);
	size_t best = 0;
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;
		while (j < m && starts[j] - starts[i] <= g->glyph)
			j++;
		if (j - i >= best) { /* ties: the one further right */
			best = j - i;
			g->name_left = starts[i];
		}
		i = j;
	}
	free(starts);
	if (!isnan(gemeente) && (isnan(g->name_left) ||
			fabs(gemeente - g->name_left) <= 3 * g->glyph))
		g->name_left = isnan(g->name_left) ? gemeente :
			fmin(gemeente, g->name_left);
	g->known = true;
}

int tvk_table_column_of(const struct geometry *g, struct tvk_box box)
{
	double mid = (box.x0 + box.x1) / 2;
	for (int f = 0; f < TVK_N_FIELDS; f++)
		if (mid >= g->left[f] - 0.5 * g->glyph &&
				mid <= g->right[f] + g->glyph)
			return f;
	return -1;
}

bool tvk_table_touches_column(const struct geometry *g, struct tvk_box box)
{
	for (int f = 0; f < TVK_N_FIELDS; f++)
		if (box.x1 >= g->left[f] - 0.5 * g->glyph &&
				box.x0 <= g->right[f] + g->glyph)
			return true;
	return false;
}
