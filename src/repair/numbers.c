/*
 * Reading counts as OCR leaves them.  A cell may be printed with a comma
 * or an apostrophe for the thousands separator, without one, with letters
 * for digits; a row may have lost a cell, two cells may be glued into one
 * token, one cell may be split into two.  This file does not decide: it
 * lists every plausible reading, and the sums decide (solve.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/macros.h"
#include "base/text.h"
#include "read/lex.h"
#include "repair/repair-internal.h"
#include "repair/repair.h"
#include "table/table.h"

const char *tvk_number_form_name(enum tvk_number_form form)
{
	switch (form) {
	case TVK_FORM_PLAIN: return "plain";
	case TVK_FORM_COMMA: return "comma read as thousands separator";
	case TVK_FORM_NO_SEPARATOR: return "thousands separator missing";
	case TVK_FORM_OTHER: return "unusual separator read as thousands separator";
	case TVK_FORM_LOOKALIKE: return "letters read as the digits they resemble";
	case TVK_FORM_MARKS: return "marks around the digits ignored";
	case TVK_FORM_NONE: return "not a number";
	}
	return "unknown";
}

/* No count in the publication comes near this; a longer string of digits
 * is damage (or an attack), not a count. */
#define MAX_COUNT 1000000000000LL

static bool is_separator(const unsigned char *p, size_t *len)
{
	*len = 1;
	/* a hyphen is a dot OCR read too long ("13-080") */
	if (*p == '.' || *p == ',' || *p == '\'' || *p == ' ' || *p == '-')
		return true;
	/* ’ (U+2019) printed as a separator */
	if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
		*len = 3;
		return true;
	}
	return false;
}

/*
 * Reads @printed; with @alt, also the values its ambiguous letters stand
 * for (at most MAX_ALTERNATIVES).
 */
static enum tvk_number_form read_number(const char *printed, int64_t *value,
		int64_t *alt, size_t *n_alt)
{
	*value = 0;
	if (n_alt)
		*n_alt = 0;
	if (!printed || !*printed)
		return TVK_FORM_NONE;
	/* Marks at either end are a scan's noise: "(0)", "0)", "[12",
	 * "„79", "156,", "167.": no count starts or ends with one. */
	size_t len = strlen(printed), from, to;
	tvk_count_core(printed, len, &from, &to);
	if (from > 0 || to < len) {
		char core[64];
		if (to <= from || to - from >= sizeof(core))
			return TVK_FORM_NONE;
		memcpy(core, printed + from, to - from);
		core[to - from] = '\0';
		enum tvk_number_form form = read_number(core, value, alt, n_alt);
		return form == TVK_FORM_NONE || form == TVK_FORM_LOOKALIKE ?
			form : TVK_FORM_MARKS;
	}

	/* Digits and separators, with the length of every digit group. */
	int64_t v = 0;
	int groups[32], n_groups = 0, group_len = 0, digits = 0;
	char seps[32];
	bool lookalike = false, spaced = false;
	int64_t place_of_second[8];
	int second_digit[8], first_digit[8];
	size_t n_second = 0;
	for (const unsigned char *p = (const unsigned char *)printed; *p;) {
		size_t sep_len;
		if (is_separator(p, &sep_len)) {
			if (group_len == 0 || n_groups >= 31)
				return TVK_FORM_NONE;
			char sep = sep_len == 3 ? '\'' : (char)*p;
			p += sep_len;
			/* a space beside a separator is part of it: "5. 108"
			 * is one separator, OCR's gap after the dot */
			while (is_separator(p, &sep_len) && (*p == ' ' ||
					sep == ' ')) {
				if (sep == ' ')
					sep = sep_len == 3 ? '\'' : (char)*p;
				spaced = true;
				p += sep_len;
			}
			seps[n_groups] = sep;
			groups[n_groups++] = group_len;
			group_len = 0;
			continue;
		}
		/* A letter OCR read for a digit (text.h): "B" is an 8, or
		 * a 3, whose value is an alternative. */
		int second;
		int d = tvk_digit_of(*p, &second);
		if (d < 0)
			return TVK_FORM_NONE;
		lookalike = lookalike || !(*p >= '0' && *p <= '9');
		if (v > (MAX_COUNT - d) / 10)
			return TVK_FORM_NONE;
		for (size_t k = 0; k < n_second; k++)
			place_of_second[k] *= 10;
		if (second >= 0 && n_second < 8) {
			place_of_second[n_second] = 1;
			second_digit[n_second] = second;
			first_digit[n_second++] = d;
		}
		v = v * 10 + d;
		group_len++;
		digits++;
		p++;
	}
	if (group_len == 0 || digits == 0)
		return TVK_FORM_NONE;
	groups[n_groups] = group_len;

	*value = v;
	if (alt && n_alt)
		for (size_t k = 0; k < n_second && *n_alt < MAX_ALTERNATIVES; k++)
			alt[(*n_alt)++] = v + (second_digit[k] - first_digit[k]) *
				place_of_second[k];
	if (lookalike)
		return TVK_FORM_LOOKALIKE;
	if (n_groups == 0)
		return digits > 3 || (digits > 1 && printed[0] == '0') ?
			TVK_FORM_NO_SEPARATOR : TVK_FORM_PLAIN;

	/* Separated: the first group 1-3 digits, the others exactly 3. */
	bool grouped = groups[0] >= 1 && groups[0] <= 3;
	for (int i = 1; i <= n_groups; i++)
		grouped = grouped && groups[i] == 3;
	bool all_dots = true, all_commas = true;
	for (int i = 0; i < n_groups; i++) {
		all_dots = all_dots && seps[i] == '.';
		all_commas = all_commas && seps[i] == ',';
	}
	if (grouped && all_dots && !spaced)
		return TVK_FORM_PLAIN;
	if (grouped && all_commas && !spaced)
		return TVK_FORM_COMMA;
	return TVK_FORM_OTHER;
}

enum tvk_number_form tvk_read_number(const char *printed, int64_t *value)
{
	return read_number(printed, value, NULL, NULL);
}

/* ---- one row ----------------------------------------------------------- */

/* A piece of a token is a count only if it does not start with a zero
 * (the publication prints "0" alone, never "033"). */
static bool piece_ok(const char *s)
{
	return !(s[0] == '0' && s[1] >= '0' && s[1] <= '9');
}

/* A piece of a cut token, or a join of two, must read as the publication
 * prints counts (possibly with a lost or swapped separator); a piece with
 * a separator in the wrong place is a wrong cut. */
static bool plausible_piece(const struct cell_reading *c)
{
	return c->form != TVK_FORM_NONE && c->form != TVK_FORM_OTHER &&
		c->form != TVK_FORM_MARKS;
}

static void set_cell(struct cell_reading *c, enum cell_origin origin,
		const char *printed, const char *token, struct tvk_box box)
{
	memset(c, 0, sizeof(*c));
	c->origin = origin;
	c->printed = printed;
	c->token = token;
	c->box = box;
	c->form = read_number(printed, &c->value, c->alternatives,
			&c->n_alternatives);
}

struct search {
	const struct tvk_token *t;
	size_t m;
	const double *right;
	double glyph, tolerance;
	struct tvk_arena *arena;
	struct row_reading *out;
	size_t n_out, cap;
	struct row_reading cur;
	size_t tries; /* a bound on the work for absurd rows */
};

static bool fits(const struct search *s, double x, int column)
{
	return fabs(x - s->right[column]) <= s->tolerance;
}

static void emit(struct search *s, double distance)
{
	if (s->n_out == s->cap) {
		/* Keep the closest fits. */
		size_t worst = 0;
		for (size_t i = 1; i < s->n_out; i++)
			if (s->out[i].distance > s->out[worst].distance)
				worst = i;
		if (s->out[worst].distance <= distance)
			return;
		s->out[worst] = s->cur;
		s->out[worst].distance = distance;
		return;
	}
	s->out[s->n_out] = s->cur;
	s->out[s->n_out++].distance = distance;
}

static void clear_from(struct search *s, int column)
{
	for (int f = column; f < TVK_N_FIELDS; f++)
		memset(&s->cur.cell[f], 0, sizeof(s->cur.cell[f]));
}

/*
 * Token @i onwards into columns @column onwards.  Each token stands alone
 * in a column its right edge fits, or is joined with the next token (a
 * cell split by a stray space), or is cut in two for two neighbouring
 * columns (two cells glued together) where the cut falls on the first
 * column's edge.  Joins and cuts cost a glyph's width of misfit each, so
 * that the plain reading wins whenever it fits.
 */
static void place(struct search *s, size_t i, int column, double distance)
{
	if (++s->tries > 20000)
		return;
	if (i == s->m) {
		clear_from(s, column);
		emit(s, distance);
		return;
	}
	const struct tvk_token *t = &s->t[i];
	size_t len = strlen(t->text);
	for (int c = column; c < TVK_N_FIELDS; c++) {
		clear_from(s, column);
		/* alone */
		if (fits(s, t->box.x1, c)) {
			set_cell(&s->cur.cell[c], ORIGIN_TOKEN, t->text, t->text,
				t->box);
			place(s, i + 1, c + 1,
				distance + fabs(t->box.x1 - s->right[c]));
			clear_from(s, column);
		}
		/* joined with the next token */
		if (i + 1 < s->m) {
			const struct tvk_token *u = &s->t[i + 1];
			double gap = u->box.x0 - t->box.x1;
			if (gap <= 1.5 * s->glyph && fits(s, u->box.x1, c)) {
				char *joined = tvk_arena_printf(s->arena, "%s%s",
					t->text, u->text);
				char *shown = tvk_arena_printf(s->arena, "%s %s",
					t->text, u->text);
				struct tvk_box both = {t->box.x0,
					fmin(t->box.y0, u->box.y0), u->box.x1,
					fmax(t->box.y1, u->box.y1)};
				set_cell(&s->cur.cell[c], ORIGIN_JOINED, joined,
					shown, both);
				if (plausible_piece(&s->cur.cell[c]))
					place(s, i + 2, c + 1, distance + s->glyph +
						fabs(u->box.x1 - s->right[c]));
				clear_from(s, column);
			}
		}
		/* cut in two: a token whose right edge is on column c + 1's
		 * and whose left edge lies left of column c's.  An OCR layer
		 * stretches a glued word over both cells, so the cut is not
		 * where the glyph widths would put it: every cut whose two
		 * pieces read as counts is a candidate, nearest first. */
		if (c + 1 < TVK_N_FIELDS && len >= 2 &&
				fits(s, t->box.x1, c + 1) &&
				t->box.x0 < s->right[c] - 0.5 * s->glyph) {
			double width = t->box.x1 - t->box.x0;
			for (size_t k = 1; k < len; k++) {
				char *a = tvk_arena_strndup(s->arena, t->text, k);
				char *b = tvk_arena_strdup(s->arena, t->text + k);
				if (!piece_ok(a) || !piece_ok(b))
					continue;
				double cut = t->box.x0 + width * (double)k /
					(double)len;
				struct tvk_box left = t->box, right_box = t->box;
				left.x1 = cut;
				right_box.x0 = cut;
				set_cell(&s->cur.cell[c], ORIGIN_PART, a, t->text, left);
				set_cell(&s->cur.cell[c + 1], ORIGIN_PART, b, t->text,
					right_box);
				if (plausible_piece(&s->cur.cell[c]) &&
						plausible_piece(&s->cur.cell[c + 1]))
					place(s, i + 1, c + 2, distance + s->glyph +
						fabs(cut - s->right[c]) +
						fabs(t->box.x1 - s->right[c + 1]));
				clear_from(s, column);
			}
		}
	}
}

static void place_blind(struct search *s, size_t i, int column)
{
	if (i == s->m) {
		clear_from(s, column);
		emit(s, 0);
		return;
	}
	for (int c = column; c + (int)(s->m - i) <= TVK_N_FIELDS; c++) {
		clear_from(s, column);
		set_cell(&s->cur.cell[c], ORIGIN_TOKEN, s->t[i].text,
			s->t[i].text, s->t[i].box);
		place_blind(s, i + 1, c + 1);
	}
	clear_from(s, column);
}

static bool same_reading(const struct row_reading *a,
		const struct row_reading *b)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		const struct cell_reading *x = &a->cell[f], *y = &b->cell[f];
		if (x->origin != y->origin || x->form != y->form ||
				x->value != y->value)
			return false;
		if (x->origin != ORIGIN_NONE && strcmp(x->printed, y->printed))
			return false;
	}
	return true;
}

static int by_distance(const void *a, const void *b)
{
	double x = ((const struct row_reading *)a)->distance;
	double y = ((const struct row_reading *)b)->distance;
	return (x > y) - (x < y);
}

static bool known_reading(const struct row_reading *r, size_t n,
		const struct row_reading *v)
{
	for (size_t i = 0; i < n; i++)
		if (same_reading(&r[i], v))
			return true;
	return false;
}

/* Puts the second look's reading of cell @f in frame @k into @v; false
 * when it adds nothing (unreadable, or the value @v has already). */
static bool take_reread(const struct tvk_reread (*reread)[TVK_REREAD_FRAMES],
		int f, int k, struct row_reading *v)
{
	const struct tvk_reread *rr = &reread[f][k];
	if (!rr->text)
		return false;
	struct cell_reading c;
	const struct cell_reading *was = &v->cell[f];
	set_cell(&c, ORIGIN_REREAD, rr->text, was->origin == ORIGIN_NONE ?
		NULL : was->token, rr->box);
	if (c.form == TVK_FORM_NONE || (was->origin != ORIGIN_NONE &&
			was->form != TVK_FORM_NONE && was->value == c.value))
		return false;
	c.frame = k;
	v->cell[f] = c;
	return true;
}

/*
 * The second look's readings of the page image, as further readings of
 * the row: each cell read again on its own, and every cell of one frame
 * at once (a row whose two cells the layer misread), each at the cost of
 * an alternative per cell.  The sums choose among them as among the
 * readings of a damaged string; none is taken that they do not pin down.
 */
static size_t add_rereads(const struct tvk_reread (*reread)[TVK_REREAD_FRAMES],
		struct row_reading *out, size_t n)
{
	if (n == 0 || !reread)
		return n;
	/* A cell the layer lost and the image shows is read from the
	 * image, as if the layer had printed it (the column frame first:
	 * it has no token to frame); the row without it stays a reading,
	 * at a cost, for the sums to fall back on. */
	struct row_reading unfilled = out[0];
	bool filled = false;
	/* the band first (a line read whole), then the column's frames:
	 * they have no token to frame */
	static const int fill_order[] = {TVK_REREAD_BAND,
		TVK_REREAD_COLUMN_CLEAN, TVK_REREAD_COLUMN,
		TVK_REREAD_TOKEN_CLEAN, TVK_REREAD_TOKEN};
	for (size_t i = 0; i < n; i++)
		for (int f = 0; f < TVK_N_FIELDS; f++) {
			if (out[i].cell[f].origin != ORIGIN_NONE)
				continue;
			for (size_t o = 0; o < TVK_ARRAY_LEN(fill_order); o++)
				if (take_reread(reread, f, fill_order[o], &out[i])) {
					filled = filled || i == 0;
					break;
				}
		}
	if (filled && n < MAX_ROW_READINGS) {
		unfilled.cost += COST_ALTERNATIVE;
		out[n++] = unfilled;
	}
	const struct row_reading base = out[0];
	for (int f = 0; f < TVK_N_FIELDS; f++)
		for (int k = 0; k < TVK_REREAD_FRAMES; k++) {
			struct row_reading v = base;
			if (n == MAX_ROW_READINGS || !take_reread(reread, f, k, &v))
				continue;
			v.cost = base.cost + COST_ALTERNATIVE;
			if (!known_reading(out, n, &v))
				out[n++] = v;
		}
	/* every cell of one frame at once; tesseract's near readings are
	 * of one word each, and are never taken together */
	for (int k = 0; k < TVK_REREAD_BAND_ALT; k++) {
		struct row_reading v = base;
		int taken = 0;
		for (int f = 0; f < TVK_N_FIELDS; f++)
			taken += take_reread(reread, f, k, &v);
		v.cost = base.cost + taken * COST_ALTERNATIVE;
		if (taken > 1 && n < MAX_ROW_READINGS && !known_reading(out, n, &v))
			out[n++] = v;
	}
	return n;
}

size_t tvk_row_readings(const struct tvk_row *row,
		const struct tvk_reread (*reread)[TVK_REREAD_FRAMES],
		const double right[TVK_N_FIELDS], double glyph,
		struct tvk_arena *arena, struct row_reading *out)
{
	struct search s = {
		.t = row->numbers, .m = row->n_numbers, .right = right,
		.glyph = glyph > 0 ? glyph : 5.0, .arena = arena, .out = out,
		.cap = MAX_ROW_READINGS,
	};
	s.tolerance = 2.5 * s.glyph;
	bool geometry = right[0] > 0 && right[TVK_N_FIELDS - 1] > right[0];
	if (geometry)
		place(&s, 0, 0, 0);
	if (s.n_out == 0 && s.m <= TVK_N_FIELDS) {
		/* No geometry, or none that fits: the sums alone decide
		 * which columns the tokens are in. */
		s.tries = 0;
		place_blind(&s, 0, 0);
		for (size_t i = 0; i < s.n_out; i++)
			s.out[i].distance = s.m == TVK_N_FIELDS ? 0 : 1;
	}
	if (s.n_out == 0) {
		/* More tokens than columns and no fit: nothing is read. */
		memset(&out[0], 0, sizeof(out[0]));
		s.n_out = 1;
	}
	qsort(out, s.n_out, sizeof(*out), by_distance);
	size_t n = 0;
	for (size_t i = 0; i < s.n_out; i++) {
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = same_reading(&out[k], &out[i]);
		if (!dup)
			out[n++] = out[i];
	}
	/* The closest fit is the reading as printed; any other is an
	 * alternative that the sums must prefer.  Two fits equally close
	 * are both alternatives. */
	for (size_t i = 0; i < n; i++)
		out[i].cost = i == 0 && (n == 1 || out[1].distance >
			out[0].distance + 1e-6) ? 0 : COST_ALTERNATIVE;
	return add_rereads(reread, out, n);
}
