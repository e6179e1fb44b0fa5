/*
 * The damage test: correct tables (the truth of tests/truth) damaged the
 * way OCR damages them, with a fixed seed, laid out as words with boxes,
 * run through the pipeline, and judged.  A table either comes back with
 * every count, code, region and period equal to the truth, or it is
 * invalid.  A wrong number in a valid or repaired table is the one outcome
 * that must never happen.
 *
 * TVK_DAMAGE_ROUNDS scales the number of tables (the valgrind run uses
 * fewer); the figures per kind of damage go to stderr.
 */
#include <ctype.h>
#include <dirent.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <tvk/tvk.h>

#include "gazetteer/gazetteer.h"
#include "model/model.h"
#include "pipeline/convert.h"
#include "repair/repair.h"
#include "synth.h"
#include "tvk_check.h"

/* ---- the truth --------------------------------------------------------- */

#define MAX_ROWS 24

struct truth {
	int year, quarter, region;
	int n; /* municipalities */
	char name[MAX_ROWS][64];
	char code[MAX_ROWS][8];
	int64_t v[MAX_ROWS + 1][5]; /* row n is Totaal AMR */
};

static struct truth truths[64];
static int n_truths;

static void load_truth(const char *path)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);
	ck_assert_msg(j != NULL, "%s: %s", path, jerr.text);
	json_t *munis = json_object_get(j, "municipalities");
	if (!munis) {
		json_decref(j);
		return; /* nederland.json */
	}
	struct truth *t = &truths[n_truths++];
	memset(t, 0, sizeof(*t));
	json_t *period = json_object_get(j, "period");
	t->year = (int)json_integer_value(json_object_get(period, "year"));
	t->quarter = (int)json_integer_value(json_object_get(period, "quarter"));
	t->region = (int)json_integer_value(json_object_get(
		json_object_get(j, "region"), "code"));
	t->n = (int)json_array_size(munis);
	ck_assert_int_le(t->n, MAX_ROWS);
	for (int i = 0; i <= t->n; i++) {
		json_t *m = i < t->n ? json_array_get(munis, (size_t)i) :
			json_object_get(j, "region_total");
		if (i < t->n) {
			snprintf(t->name[i], sizeof(t->name[i]), "%s",
				json_string_value(json_object_get(m, "printed_name")));
			snprintf(t->code[i], sizeof(t->code[i]), "%s",
				json_string_value(json_object_get(m, "code")));
		}
		for (int f = 0; f < 5; f++)
			t->v[i][f] = json_integer_value(json_object_get(m,
				tvk_field_name((enum tvk_field)f)));
	}
	json_decref(j);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void load_truths(void)
{
	if (n_truths)
		return;
	static const char *const periods[] = {"2020-Q2", "2022-Q4", "2025-Q2"};
	for (int p = 0; p < 3; p++) {
		char dir[1024];
		snprintf(dir, sizeof(dir), "%s/truth/%s", TVK_TEST_SRCDIR, periods[p]);
		DIR *d = opendir(dir);
		ck_assert_ptr_nonnull(d);
		struct dirent *e;
		char names[64][64];
		int n = 0;
		while ((e = readdir(d)) != NULL && n < 64)
			if (strstr(e->d_name, ".json") && strlen(e->d_name) < 64)
				memcpy(names[n++], e->d_name, strlen(e->d_name) + 1);
		closedir(d);
		/* readdir order differs between machines; the seed must
		 * give the same tables everywhere. */
		qsort(names, (size_t)n, sizeof(names[0]), by_name);
		for (int i = 0; i < n; i++) {
			char path[2048];
			size_t ld = strlen(dir), ln = strlen(names[i]);
			ck_assert_uint_lt(ld + ln + 2, sizeof(path));
			memcpy(path, dir, ld);
			path[ld] = '/';
			memcpy(path + ld + 1, names[i], ln + 1);
			load_truth(path);
		}
	}
	ck_assert_int_ge(n_truths, 37);
}

/* ---- a table as printed, and its damage -------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int pick(int n)
{
	return n > 0 ? (int)(rnd() % (uint64_t)n) : 0;
}

struct mrow {
	char label[64];
	char name[96];
	char name2[96];      /* the rest of a name wrapped onto a line below */
	bool around;         /* name and name2 above and below the counts */
	const char *noise;   /* letters a scan leaves beside the counts */
	int noise_at;        /* where: 0 after the name, 1-4 in the gap before
	                        column 1-4, 5 right of the total */
	char cell[5][32];
	bool dropped[5];
	bool glued[5];       /* cell f printed glued to cell f + 1 */
	int split[5];        /* cell f printed as two tokens, cut here */
	const char *mark[5]; /* a stray mark printed left of cell f */
};

struct model {
	char title[128];
	char period[48];     /* "tweede kwartaal 2025", for running titles */
	int furniture;       /* 0 none, else the kind of footers and running
	                        titles on every page (see render) */
	int break_at;        /* >0: the table goes on to a new page before
	                        this row, under a running title with the
	                        quarter */
	bool header_again;   /* ... and its header printed again there */
	bool jitter;         /* boxes off by up to a point, as OCR boxes are */
	bool label_glued;    /* the label's words a space from the name */
	int n;               /* rows including Totaal AMR */
	struct mrow row[MAX_ROWS + 1];
};

static const char *const ordinal[] = {"eerste", "tweede", "derde", "vierde"};

static void build(const struct truth *t, struct model *m)
{
	memset(m, 0, sizeof(*m));
	const struct tvk_region *region = tvk_gazetteer_region(t->region);
	snprintf(m->title, sizeof(m->title), "%s kwartaal %d %s",
		ordinal[t->quarter - 1], t->year, region->name);
	snprintf(m->period, sizeof(m->period), "%s kwartaal %d",
		ordinal[t->quarter - 1], t->year);
	m->n = t->n + 1;
	for (int i = 0; i <= t->n; i++) {
		struct mrow *r = &m->row[i];
		snprintf(r->name, sizeof(r->name), "%s",
			i < t->n ? t->name[i] : "Totaal AMR");
		for (int f = 0; f < 5; f++)
			synth_format_count(t->v[i][f], r->cell[f],
				sizeof(r->cell[f]));
	}
	snprintf(m->row[0].label, sizeof(m->row[0].label), "%d %s", t->region,
		region->name);
}

/* A random cell of a municipality row (or of Totaal AMR with @total). */
static void random_cell(const struct model *m, bool total, int *r, int *f)
{
	*r = total ? m->n - 1 : pick(m->n - 1);
	*f = pick(5);
}

/* ---- the kinds of damage ----------------------------------------------- */

/* A digit turned into the letter OCR mistakes it for. */
static bool lookalike(struct model *m)
{
	static const char from[] = "01258", to[] = "OlZSB";
	for (int tries = 0; tries < 50; tries++) {
		int r, f;
		random_cell(m, false, &r, &f);
		char *s = m->row[r].cell[f];
		int idx[32], n = 0;
		for (int i = 0; s[i]; i++)
			if (strchr(from, s[i]))
				idx[n++] = i;
		if (n == 0)
			continue;
		int i = idx[pick(n)];
		s[i] = to[strchr(from, s[i]) - from];
		return true;
	}
	return false;
}

/* The thousands separator as a comma, an apostrophe, or lost. */
static bool separator(struct model *m)
{
	for (int tries = 0; tries < 200; tries++) {
		int r, f;
		random_cell(m, pick(4) == 0, &r, &f);
		char *s = m->row[r].cell[f];
		char *dot = strchr(s, '.');
		if (!dot)
			continue;
		switch (pick(3)) {
		case 0: *dot = ','; break;
		case 1: *dot = '\''; break;
		default: memmove(dot, dot + 1, strlen(dot)); break;
		}
		return true;
	}
	return false;
}

/* The separator one digit off: "14.04". */
static bool misplaced(struct model *m)
{
	for (int tries = 0; tries < 200; tries++) {
		int r, f;
		random_cell(m, pick(4) == 0, &r, &f);
		char *s = m->row[r].cell[f];
		char *dot = strchr(s, '.');
		if (!dot || !isdigit((unsigned char)dot[1]))
			continue;
		dot[0] = dot[1];
		dot[1] = '.';
		return true;
	}
	return false;
}

static bool dropped(struct model *m)
{
	int r, f;
	random_cell(m, pick(5) == 0, &r, &f);
	m->row[r].dropped[f] = true;
	return true;
}

static bool glued(struct model *m)
{
	int r, f;
	random_cell(m, pick(5) == 0, &r, &f);
	if (f == 4)
		f = 3;
	m->row[r].glued[f] = true;
	return true;
}

static bool split(struct model *m)
{
	for (int tries = 0; tries < 100; tries++) {
		int r, f;
		random_cell(m, pick(5) == 0, &r, &f);
		size_t len = strlen(m->row[r].cell[f]);
		if (len < 2)
			continue;
		int k = 1 + pick((int)len - 1);
		/* "1.404" cut before the dot reads "1 .404": not a split a
		 * scan makes (the dot sticks to a digit); cut elsewhere. */
		if (m->row[r].cell[f][k] == '.' || m->row[r].cell[f][k - 1] == '.')
			continue;
		m->row[r].split[f] = k;
		return true;
	}
	return false;
}

/* One digit read as another: the damage only the sums can see. */
static bool wrong_digit_in(struct model *m, int r, int f)
{
	char *s = m->row[r].cell[f];
	int idx[32], n = 0;
	for (int i = 0; s[i]; i++)
		if (isdigit((unsigned char)s[i]))
			idx[n++] = i;
	if (n == 0)
		return false;
	int i = idx[pick(n)];
	char d;
	do
		d = (char)('0' + pick(10));
	while (d == s[i]);
	s[i] = d;
	return true;
}

static bool wrong_part(struct model *m)
{
	return wrong_digit_in(m, pick(m->n - 1), pick(4));
}

static bool wrong_total(struct model *m)
{
	return wrong_digit_in(m, pick(m->n - 1), 4);
}

static bool wrong_region_total(struct model *m)
{
	return wrong_digit_in(m, m->n - 1, pick(5));
}

/* Marks an OCR layer scatters over a shaded row: „ : _ and the like. */
static bool stray_mark(struct model *m)
{
	static const char *const marks[] = {"\xe2\x80\x9e", ":", "_", "\xc2\xb7",
		".", ",", "-", "'"};
	int r, f;
	random_cell(m, pick(5) == 0, &r, &f);
	if (f == 0)
		f = 1 + pick(4);
	m->row[r].mark[f] = marks[pick(8)];
	return true;
}

/* ---- names ------------------------------------------------------------- */

static bool replace_once(char *s, size_t cap, const char *what, const char *with)
{
	char *p = strstr(s, what);
	if (!p)
		return false;
	size_t lw = strlen(what), lr = strlen(with), ls = strlen(s);
	if (ls - lw + lr + 1 > cap)
		return false;
	memmove(p + lr, p + lw, strlen(p + lw) + 1);
	memcpy(p, with, lr);
	return true;
}

static bool name_ocr(struct model *m)
{
	for (int tries = 0; tries < 100; tries++) {
		char *s = m->row[pick(m->n - 1)].name;
		switch (pick(6)) {
		case 0:
			if (replace_once(s, 96, "IJ", pick(2) ? "|J" : "lJ"))
				return true;
			break;
		case 1:
			if (replace_once(s, 96, "\xc3\xa2", "a") ||
					replace_once(s, 96, "\xc3\xba", "u"))
				return true;
			break;
		case 2:
			if (replace_once(s, 96, "'s-", "s ") ||
					replace_once(s, 96, "-", " "))
				return true;
			break;
		case 3: { /* a letter dropped from a long name */
			size_t len = strlen(s);
			if (len < 8)
				break;
			size_t i = 1 + (size_t)pick((int)len - 2);
			if (!isalpha((unsigned char)s[i]))
				break;
			memmove(s + i, s + i + 1, len - i);
			return true;
		}
		case 4: { /* two letters swapped */
			size_t len = strlen(s);
			if (len < 8)
				break;
			size_t i = 1 + (size_t)pick((int)len - 3);
			if (!isalpha((unsigned char)s[i]) ||
					!isalpha((unsigned char)s[i + 1]) ||
					s[i] == s[i + 1])
				break;
			char c = s[i];
			s[i] = s[i + 1];
			s[i + 1] = c;
			return true;
		}
		default:
			if (replace_once(s, 96, "ij", "lj") ||
					replace_once(s, 96, "Ij", "lj"))
				return true;
			break;
		}
	}
	return false;
}

/* A name wrapped over two lines, at a hyphen or a space. */
static bool name_wrapped(struct model *m)
{
	for (int tries = 0; tries < 100; tries++) {
		struct mrow *r = &m->row[pick(m->n - 1)];
		char *cut = strrchr(r->name, '-');
		if (cut) {
			snprintf(r->name2, sizeof(r->name2), "%s", cut + 1);
			cut[1] = '\0';
			return true;
		}
		cut = strrchr(r->name, ' ');
		if (cut && cut > r->name) {
			snprintf(r->name2, sizeof(r->name2), "%s", cut + 1);
			cut[0] = '\0';
			return true;
		}
	}
	return false;
}

/* A name wrapped around its counts: the first part above the line the
 * counts stand on, the rest below (a producer that centres the counts
 * in a row of two lines). */
static bool name_around(struct model *m)
{
	if (!name_wrapped(m))
		return false;
	for (int i = 0; i < m->n; i++)
		if (m->row[i].name2[0])
			m->row[i].around = true;
	return true;
}

/* Letters OCR reads from specks, shading or a rule beside a row's counts:
 * after the name, in the gap between two columns, right of the total. */
static bool noise_beside_counts(struct model *m)
{
	static const char *const noise[] = {"ge", "dist", "neeh", "Ze", "ee",
		"vd", "„", "el", "Te", "uid"};
	int n = 1 + pick(3);
	for (int i = 0; i < n; i++) {
		struct mrow *r = &m->row[pick(m->n - 1)];
		r->noise = noise[pick(10)];
		r->noise_at = pick(6);
	}
	return true;
}

/* Footers with page numbers, page counters and running titles on every
 * page, the table on the second: what producers put around a table, with
 * and without the words lex knows. */
static bool furniture(struct model *m)
{
	m->furniture = 1 + pick(3);
	/* and in half the cases a table that goes on to the next page */
	if (m->n > 4 && pick(2)) {
		m->break_at = 1 + pick(m->n - 2);
		m->header_again = pick(2);
	}
	return true;
}

/* The region label wrapped over the first two rows and glued to the
 * names, as a flattened OCR layer leaves it. */
static bool label_glued(struct model *m)
{
	char *label = m->row[0].label;
	char *space = strrchr(label, ' ');
	char *hyphen = strrchr(label, '-');
	m->label_glued = true;
	if (m->n > 2 && (hyphen || (space && space != strchr(label, ' ')))) {
		char *cut = hyphen ? hyphen + 1 : space;
		snprintf(m->row[1].label, sizeof(m->row[1].label), "%s",
			*cut == ' ' ? cut + 1 : cut);
		*cut = '\0';
	}
	return true;
}

static bool title(struct model *m)
{
	static const char *const damage[][2] = {{"kwartaal", "kwartaa1"},
		{"kwartaal", "kwarlaal"}, {"tweede", "twecde"},
		{"vierde", "vicrde"}, {" 20", " 2O"}, {"eerste", "cerste"},
		{"derde", "dcrde"}};
	for (int tries = 0; tries < 50; tries++) {
		int k = pick(7);
		if (replace_once(m->title, sizeof(m->title), damage[k][0],
				damage[k][1]))
			return true;
	}
	return false;
}

/* Two digits misread, in different rows and different columns: each
 * is the only wrong cell of its row and of its column. */
static bool two_apart(struct model *m)
{
	if (m->n < 3)
		return false;
	int r1 = pick(m->n - 1), r2, f1 = pick(5), f2;
	do
		r2 = pick(m->n);
	while (r2 == r1);
	do
		f2 = pick(5);
	while (f2 == f1);
	return wrong_digit_in(m, r1, f1) && wrong_digit_in(m, r2, f2);
}

/* Two or three cells of one column lost, in different rows (the narrow
 * first column loses its small counts to OCR): each row gives its own. */
static bool lost_in_column(struct model *m)
{
	if (m->n < 4)
		return false;
	int f = pick(5), n = 2 + pick(2), done = 0;
	while (done < n) {
		int r = pick(m->n);
		if (!m->row[r].dropped[f]) {
			m->row[r].dropped[f] = true;
			done++;
		}
	}
	return true;
}

/* A cell lost and another of its column read wrong: the lost cell's row
 * gives it, and the other's row and what the column still misses agree. */
static bool lost_and_wrong_in_column(struct model *m)
{
	if (m->n < 3)
		return false;
	int f = pick(5), r1 = pick(m->n), r2;
	do
		r2 = pick(m->n);
	while (r2 == r1);
	m->row[r1].dropped[f] = true;
	return wrong_digit_in(m, r2, f);
}

/* A part lost and another part of its row misread by one digit: the row
 * would give the lost cell a wrong value, but the lost cell's column gives
 * it alone, and then the other is pinned by its row and its column. */
static bool lost_and_wrong_part_in_row(struct model *m)
{
	if (m->n < 3)
		return false;
	int r = pick(m->n), f = pick(4), g;
	do
		g = pick(4);
	while (g == f);
	m->row[r].dropped[f] = true;
	return wrong_digit_in(m, r, g);
}

/* ---- the damage nobody can undo ----------------------------------------- */

/* A part lost and its row's total misread: that looks just like a part
 * and its total misread alike in another row of the lost cell's column
 * (which no sum sees), so the total is never changed beside a cell its
 * column gave. */
static bool lost_and_wrong_in_row(struct model *m)
{
	int r = pick(m->n), f = pick(4);
	m->row[r].dropped[f] = true;
	return wrong_digit_in(m, r, TVK_TOTAL);
}

/* A whole municipality row lost: the columns fail and nothing says
 * which municipality or what its counts were. */
static bool lost_row(struct model *m, struct truth *t)
{
	(void)t;
	if (m->n < 3)
		return false;
	int r = 1 + pick(m->n - 2);
	memmove(&m->row[r], &m->row[r + 1], (size_t)(m->n - r - 1) *
		sizeof(m->row[0]));
	m->n--;
	return true;
}

static bool two_in_one_row(struct model *m)
{
	int r = pick(m->n - 1), f = pick(4), g;
	do
		g = pick(5);
	while (g == f);
	return wrong_digit_in(m, r, f) && wrong_digit_in(m, r, g);
}

/* A part and its row's total off by the same amount: the row still adds
 * up, and Totaal AMR is as suspect as the municipality. */
static bool cell_and_total(struct model *m, const struct truth *t)
{
	int r = pick(m->n - 1), f = pick(4);
	int64_t delta = 1 + pick(9);
	if (pick(2) && t->v[r][f] >= delta)
		delta = -delta;
	synth_format_count(t->v[r][f] + delta, m->row[r].cell[f], 32);
	synth_format_count(t->v[r][4] + delta, m->row[r].cell[4], 32);
	return true;
}

/* ---- rendering --------------------------------------------------------- */

static void words(struct synth *s, double x, double y, const char *text)
{
	char copy[256];
	snprintf(copy, sizeof(copy), "%s", text);
	char *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w;
			w = strtok_r(NULL, " ", &save)) {
		synth_word(s, x, y, w);
		x += SYNTH_GLYPH * (double)(strlen(w) + 1);
	}
}

static double width(const char *s)
{
	return SYNTH_GLYPH * (double)strlen(s);
}

static void render_cells(struct synth *s, const struct mrow *r, double y)
{
	for (int f = 0; f < 5; f++) {
		double right = synth_column_right(f);
		const char *c = r->cell[f];
		if (r->mark[f])
			/* halfway between this column and the one before */
			synth_word(s, right - 30, y, r->mark[f]);
		if (r->dropped[f])
			continue;
		if (r->glued[f] && f < 4) {
			/* one word from where cell f starts to where cell
			 * f + 1 ends, as an OCR layer stretches it */
			char both[64];
			snprintf(both, sizeof(both), "%s%s", c, r->cell[f + 1]);
			struct tvk_word *w;
			synth_word(s, right - width(c), y, both);
			w = &s->words[s->n - 1];
			w->box.x1 = synth_column_right(f + 1);
			f++;
			continue;
		}
		if (r->split[f]) {
			char a[32];
			snprintf(a, sizeof(a), "%.*s", r->split[f], c);
			const char *b = c + r->split[f];
			synth_word(s, right - width(c) - SYNTH_GLYPH, y, a);
			synth_word(s, right - width(b), y, b);
			continue;
		}
		synth_word(s, right - width(c), y, c);
	}
}

/* The page furniture of kind @kind (model.furniture) on page @page of
 * @pages: a footer at the foot, and with some kinds a running title or a
 * page counter at the head. */
static void render_furniture(struct synth *s, int kind, int page, int pages)
{
	char text[160];
	double y = s->y;
	switch (kind) {
	case 1:
		snprintf(text, sizeof(text), "Disclaimer Bronvermelding bij "
			"overname is verplicht. UWV \xc2\xa9 2025");
		words(s, 42, 800, text);
		snprintf(text, sizeof(text), "%d", page);
		synth_word(s, 550 - width(text), 800, text);
		break;
	case 2:
		words(s, 42, 30, "Transparantie van klantprofielen");
		snprintf(text, sizeof(text), "Pagina %d van %d", page, pages);
		words(s, 450, 810, text);
		break;
	default:
		/* no word lex knows: only repetition tells it */
		words(s, 42, 805, "Kwartaalcijfers arbeidsmarktregio's UWV");
		snprintf(text, sizeof(text), "%d/%d", page, pages);
		synth_word(s, 550 - width(text), 805, text);
		words(s, 42, 28, "Werkbedrijf Cijfers en Analyse");
		break;
	}
	s->y = y;
}

/* A line of letters from specks, where @r's noise_at says. */
static void render_noise(struct synth *s, const struct mrow *r, double y)
{
	if (!r->noise)
		return;
	double x = r->noise_at == 0 ? SYNTH_NAME_X + width(r->name) +
			SYNTH_GLYPH :
		r->noise_at == 5 ? synth_column_right(4) + 4 * SYNTH_GLYPH :
		synth_column_right(r->noise_at - 1) + 2 * SYNTH_GLYPH;
	synth_word(s, x, y, r->noise);
}

static struct tvk_input *render(const struct model *m)
{
	struct synth s;
	synth_begin(&s, "damaged");
	synth_page(&s);
	synth_text(&s, 42, "Transparantie van klantprofielen");
	synth_text(&s, 42, m->title);
	if (m->furniture) {
		synth_text(&s, 42, "Gemeenten en UWV hebben een gedeelde "
			"verantwoordelijkheid om transparantie op de arbeidsmarkt "
			"te realiseren.");
		render_furniture(&s, m->furniture, 1, 2);
		synth_page(&s);
		s.y = 70;
	}
	synth_text(&s, 42, "Arbeidsmarktregio Gemeente Profiel in Geen profiel in "
		"Profiel in Geen profiel in Totaal in");
	for (int i = 0; i < m->n; i++) {
		const struct mrow *r = &m->row[i];
		if (m->break_at && i == m->break_at) {
			render_furniture(&s, m->furniture, 2, 3);
			synth_page(&s);
			char running[96];
			snprintf(running, sizeof(running), "Transparantie van "
				"klantprofielen - %s", m->period);
			synth_text(&s, 42, running);
			s.y += SYNTH_LINE;
			if (m->header_again)
				synth_text(&s, 42, "Arbeidsmarktregio Gemeente "
					"Profiel in Geen profiel in Profiel in "
					"Geen profiel in Totaal in");
		}
		if (r->around) {
			/* name / counts / rest, each half a line apart */
			words(&s, SYNTH_NAME_X, s.y, r->name);
			if (r->label[0])
				words(&s, SYNTH_LABEL_X, s.y, r->label);
			render_cells(&s, r, s.y + SYNTH_LINE / 2);
			render_noise(&s, r, s.y + SYNTH_LINE / 2);
			words(&s, SYNTH_NAME_X, s.y + SYNTH_LINE, r->name2);
			s.y += 2 * SYNTH_LINE;
			continue;
		}
		double y = s.y;
		if (m->label_glued && r->label[0]) {
			char both[192];
			snprintf(both, sizeof(both), "%s %s", r->label, r->name);
			words(&s, SYNTH_NAME_X - width(r->label) - SYNTH_GLYPH, y,
				both);
		} else {
			if (r->label[0])
				words(&s, SYNTH_LABEL_X, y, r->label);
			words(&s, SYNTH_NAME_X, y, r->name);
		}
		render_cells(&s, r, y);
		render_noise(&s, r, y);
		s.y += SYNTH_LINE;
		if (r->name2[0]) {
			words(&s, SYNTH_NAME_X, s.y, r->name2);
			s.y += SYNTH_LINE;
		}
	}
	synth_text(&s, 42, "Niet alle mensen uit het doelgroepregister zijn "
		"ingeschreven in Sonar.");
	if (m->furniture)
		render_furniture(&s, m->furniture, m->break_at ? 3 : 2,
			m->break_at ? 3 : 2);
	if (m->jitter)
		for (size_t i = 0; i < s.n; i++) {
			double dx = (double)pick(25) / 10 - 1.2;
			double dy = (double)pick(21) / 10 - 1.0;
			s.words[i].box.x0 += dx;
			s.words[i].box.x1 += dx;
			s.words[i].box.y0 += dy;
			s.words[i].box.y1 += dy;
		}
	return synth_end(&s);
}

/* ---- judging ----------------------------------------------------------- */

enum outcome {
	EXACT,   /* valid or repaired, equal to the truth */
	INVALID, /* invalid: honest */
	WRONG,   /* valid or repaired with something not the truth */
	N_OUTCOMES,
};

static char wrong_detail[512];

/* Rows left without a code by the last judge() (their counts right). */
static int uncoded_rows;

static enum outcome judge(const struct truth *t, struct tvk_input *doc, int rc)
{
	uncoded_rows = 0;
	if (rc != 0 || doc->n_tables != 1)
		return INVALID;
	const struct tvk_input_table *tab = &doc->tables[0];
	if (tab->verdict.status == TVK_STATUS_INVALID)
		return INVALID;
	wrong_detail[0] = '\0';
	if (tab->reading.region != t->region ||
			tab->raw.period.year != t->year ||
			tab->raw.period.quarter != t->quarter ||
			tab->raw.n_rows != (size_t)t->n || !tab->raw.has_total) {
		snprintf(wrong_detail, sizeof(wrong_detail), "region %d/%d period "
			"%d-Q%d rows %zu/%d", tab->reading.region, t->region,
			tab->raw.period.year, tab->raw.period.quarter,
			tab->raw.n_rows, t->n);
		return WRONG;
	}
	for (int i = 0; i <= t->n; i++) {
		const struct tvk_row_reading *row = i < t->n ?
			&tab->reading.rows[i] : &tab->reading.total;
		if (i < t->n && (!row->municipality ||
				strcmp(row->municipality->code, t->code[i]) != 0)) {
			/* A name without a code is a warning, not a wrong
			 * number; a wrong code is wrong. */
			uncoded_rows++;
			if (row->municipality) {
				snprintf(wrong_detail, sizeof(wrong_detail),
					"row %d code %s, truth %s", i,
					row->municipality->code, t->code[i]);
				return WRONG;
			}
		}
		for (int f = 0; f < 5; f++) {
			const struct tvk_cell *c = &row->cells[f];
			if (!tvk_cell_known(c->state) || c->value != t->v[i][f]) {
				snprintf(wrong_detail, sizeof(wrong_detail),
					"row %d field %d: %lld (state %d), truth %lld",
					i, f, (long long)c->value, c->state,
					(long long)t->v[i][f]);
				return WRONG;
			}
		}
	}
	return EXACT;
}

/* ---- the runs ---------------------------------------------------------- */

enum kind {
	K_LOOKALIKE, K_SEPARATOR, K_MISPLACED, K_DROPPED, K_GLUED, K_SPLIT,
	K_WRONG_PART, K_WRONG_TOTAL, K_WRONG_REGION_TOTAL, K_STRAY_MARK,
	K_NAME_OCR, K_NAME_WRAPPED, K_LABEL_GLUED, K_TITLE,
	K_NAME_AROUND, K_NOISE, K_FURNITURE,
	K_MIXED, K_TWO_APART, K_LOST_IN_COLUMN, K_LOST_AND_WRONG,
	K_LOST_AND_WRONG_PART_IN_ROW,
	K_TWO_IN_ROW, K_CELL_AND_TOTAL, K_ONE_MUNICIPALITY, K_LOST_ROW,
	K_LOST_AND_WRONG_IN_ROW,
	N_KINDS,
};

static const char *const kind_names[N_KINDS] = {
	"lookalike digit", "separator", "misplaced separator", "dropped cell",
	"glued cells", "split cell", "wrong part", "wrong total",
	"wrong Totaal AMR cell", "stray mark", "name OCR", "name wrapped", "label glued",
	"damaged title", "name around its counts", "noise beside counts",
	"footers and page numbers", "2-3 mixed damages", "two wrong, apart",
	"2-3 lost in one column", "lost and wrong in a column",
	"lost and wrong part in a row",
	"UNRECOVERABLE two wrong in a row",
	"UNRECOVERABLE cell and its total", "UNRECOVERABLE one municipality",
	"UNRECOVERABLE lost row", "UNRECOVERABLE lost part and wrong total in a row",
};

/* Damage to one cell, one name or the title, and lost cells that their
 * rows pin down: 95% of it must come back exact. */
static bool mostly_exact(enum kind k)
{
	return k <= K_FURNITURE || k == K_LOST_IN_COLUMN || k == K_LOST_AND_WRONG;
}

static bool unrecoverable(enum kind k)
{
	return k >= K_TWO_IN_ROW;
}

static bool (*const single[])(struct model *) = {
	[K_LOOKALIKE] = lookalike, [K_SEPARATOR] = separator,
	[K_MISPLACED] = misplaced, [K_DROPPED] = dropped, [K_GLUED] = glued,
	[K_SPLIT] = split, [K_WRONG_PART] = wrong_part,
	[K_WRONG_TOTAL] = wrong_total, [K_WRONG_REGION_TOTAL] = wrong_region_total,
	[K_STRAY_MARK] = stray_mark,
	[K_NAME_OCR] = name_ocr, [K_NAME_WRAPPED] = name_wrapped,
	[K_LABEL_GLUED] = label_glued, [K_TITLE] = title,
	[K_NAME_AROUND] = name_around, [K_NOISE] = noise_beside_counts,
	[K_FURNITURE] = furniture,
};

/* Applies damage of @kind; false when the table offers no place for it. */
static bool damage(struct model *m, struct truth *t, enum kind kind)
{
	if (kind < K_MIXED)
		return single[kind](m);
	switch (kind) {
	case K_MIXED: {
		/* two or three recoverable damages anywhere */
		int n = 2 + pick(2);
		for (int i = 0; i < n; i++)
			single[pick(K_MIXED)](m);
		return true;
	}
	case K_TWO_APART:
		return two_apart(m);
	case K_LOST_IN_COLUMN:
		return lost_in_column(m);
	case K_LOST_AND_WRONG:
		return lost_and_wrong_in_column(m);
	case K_LOST_AND_WRONG_IN_ROW:
		return lost_and_wrong_in_row(m);
	case K_LOST_AND_WRONG_PART_IN_ROW:
		return lost_and_wrong_part_in_row(m);
	case K_TWO_IN_ROW:
		return two_in_one_row(m);
	case K_LOST_ROW:
		return lost_row(m, t);
	case K_CELL_AND_TOTAL:
		return cell_and_total(m, t);
	case K_ONE_MUNICIPALITY:
		/* the region reduced to its first municipality, which is then
		 * also its total; then one wrong digit */
		t->n = 1;
		memcpy(t->v[1], t->v[0], sizeof(t->v[0]));
		m->n = 2;
		snprintf(m->row[1].name, sizeof(m->row[1].name), "Totaal AMR");
		memcpy(m->row[1].cell, m->row[0].cell, sizeof(m->row[0].cell));
		return wrong_digit_in(m, 0, pick(5));
	default:
		return false;
	}
}

/* The damaged rows and the repairs made of them, for a WRONG outcome. */
static void show(const struct model *m, const struct tvk_input *doc)
{
	for (int r = 0; r < m->n; r++) {
		const struct mrow *row = &m->row[r];
		fprintf(stderr, "  %-24s", row->name);
		for (int f = 0; f < 5; f++)
			fprintf(stderr, " %8s%s%s", row->dropped[f] ? "_" :
				row->cell[f], row->glued[f] ? "+" : "",
				row->split[f] ? "/" : "");
		fprintf(stderr, "\n");
	}
	for (size_t i = 0; i < doc->n_tables; i++)
		for (size_t j = 0; j < doc->tables[i].reading.repairs.n; j++) {
			const struct tvk_repair *rep =
				&doc->tables[i].reading.repairs.items[j];
			fprintf(stderr, "  repair %s %s: '%s' -> %lld (%s)\n",
				rep->subject, rep->field, rep->printed ?
				rep->printed : "", (long long)rep->value,
				rep->evidence);
		}
}

static int counts[N_KINDS][N_OUTCOMES];
/* Tables exact in every count but with a name left without a code. */
static int uncoded[N_KINDS];

static int rounds(void)
{
	const char *s = getenv("TVK_DAMAGE_ROUNDS");
	int n = s ? atoi(s) : 0;
	return n > 0 ? n : 40;
}

START_TEST(damaged_tables)
{
	load_truths();
	memset(counts, 0, sizeof(counts));
	memset(uncoded, 0, sizeof(uncoded));
	rng_state = 0x9E3779B97F4A7C15ull;
	struct tvk_lexer *lexer = tvk_lexer_create();
	int n_rounds = rounds(), tables = 0, shown = 0;
	for (int round = 0; round < n_rounds; round++) {
		for (int k = 0; k < N_KINDS; k++) {
			for (int i = 0; i < n_truths; i++) {
				struct truth t = truths[i];
				struct model m;
				build(&t, &m);
				if (!damage(&m, &t, (enum kind)k))
					continue;
				m.jitter = pick(2) == 0;
				struct tvk_input *doc = render(&m);
				struct tvk_error err;
				tvk_error_clear(&err);
				int rc = tvk_input_analyse(doc, lexer, &err);
				enum outcome o = judge(&t, doc, rc);
				if (o == EXACT && unrecoverable((enum kind)k)) {
					/* repaired what cannot be known: as bad
					 * as a wrong number */
					o = WRONG;
					snprintf(wrong_detail, sizeof(wrong_detail),
						"repaired though unrecoverable");
				}
				counts[k][o]++;
				uncoded[k] += o == EXACT && uncoded_rows > 0;
				tables++;
				if (o == WRONG && shown++ < 10) {
					fprintf(stderr, "WRONG (%s, region %d, round %d): "
						"%s\n", kind_names[k], t.region,
						round, wrong_detail);
					show(&m, doc);
				}
				tvk_input_destroy(doc);
			}
		}
	}
	tvk_lexer_destroy(lexer);

	int wrong = 0;
	fprintf(stderr, "%-38s %8s %8s %8s %8s %8s\n", "damage", "tables",
		"exact", "invalid", "WRONG", "no code");
	for (int k = 0; k < N_KINDS; k++) {
		int n = counts[k][EXACT] + counts[k][INVALID] + counts[k][WRONG];
		fprintf(stderr, "%-38s %8d %8d %8d %8d %8d\n", kind_names[k], n,
			counts[k][EXACT], counts[k][INVALID], counts[k][WRONG],
			uncoded[k]);
		wrong += counts[k][WRONG];
	}
	fprintf(stderr, "%d damaged tables\n", tables);
	ck_assert_int_eq(wrong, 0);
	for (int k = 0; k < N_KINDS; k++) {
		int n = counts[k][EXACT] + counts[k][INVALID];
		ck_assert_int_gt(n, 0);
		if (mostly_exact((enum kind)k))
			ck_assert_msg(counts[k][EXACT] * 100 >= 95 * n,
				"%s: %d of %d exact", kind_names[k],
				counts[k][EXACT], n);
		if (unrecoverable((enum kind)k))
			ck_assert_int_eq(counts[k][EXACT], 0);
		if (k == K_LOST_AND_WRONG_PART_IN_ROW)
			ck_assert_msg(counts[k][EXACT] * 100 >= 80 * n,
				"%s: %d of %d exact", kind_names[k],
				counts[k][EXACT], n);
	}
	if (!getenv("TVK_DAMAGE_ROUNDS"))
		ck_assert_int_ge(tables, 10000);
}
END_TEST

/* ---- the same damage through a real PDF --------------------------------- */

extern char **environ;

/* A cell for the fixture generator's spec: '|' is its cell separator. */
static void spec_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* The footer of furniture kind @kind (see render_furniture) at the foot
 * of page @page of @pages; the columns are the footer's, so a table's
 * must be set again after it. */
static void spec_furniture(FILE *f, int kind, int page, int pages)
{
	fprintf(f, "goto 790\ncols 42:l 550:r\n");
	switch (kind) {
	case 1:
		fprintf(f, "row Disclaimer Bronvermelding bij overname is "
			"verplicht. UWV \xc2\xa9 2025 | %d\n", page);
		break;
	case 2:
		fprintf(f, "row | Pagina %d van %d\n", page, pages);
		break;
	default:
		fprintf(f, "row Kwartaalcijfers arbeidsmarktregio's UWV | "
			"%d/%d\n", page, pages);
		break;
	}
}

/* The damaged table as a spec for mkfixture: a page with the title and
 * the table, numbers right-aligned in the publication's columns. */
static void write_spec(const struct model *m, const char *path)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "page\nfont 12\ntext Transparantie van klantprofielen\n"
		"text %s\nfont 8\ngap 6\n", m->title);
	if (m->furniture) {
		fprintf(f, "para Gemeenten en UWV hebben een gedeelde "
			"verantwoordelijkheid om transparantie op de "
			"arbeidsmarkt te realiseren.\n");
		spec_furniture(f, m->furniture, 1, 2);
		fprintf(f, "page\nfont 8\n");
		if (m->furniture != 1)
			fprintf(f, "text %s\n", m->furniture == 2 ?
				"Transparantie van klantprofielen" :
				"Werkbedrijf Cijfers en Analyse");
		fprintf(f, "gap 12\n");
	}
	fprintf(f, "text Arbeidsmarktregio Gemeente Profiel in Geen profiel in "
		"Profiel in Geen profiel in Totaal in\n");
	fprintf(f, "cols 42:l 150:l 330:r 385:r 440:r 495:r 550:r\n");
	for (int i = 0; i < m->n; i++) {
		const struct mrow *r = &m->row[i];
		fputs("row ", f);
		if (!m->label_glued)
			spec_text(f, r->label);
		fputs(" | ", f);
		if (m->label_glued && r->label[0]) {
			spec_text(f, r->label);
			fputc(' ', f);
		}
		spec_text(f, r->name);
		if (r->noise && r->noise_at == 0)
			fprintf(f, " %s", r->noise);
		if (r->name2[0]) {
			/* around its counts: an empty line between */
			fputs(r->around ? "\\n\\n" : "\\n", f);
			spec_text(f, r->name2);
		}
		for (int c = 0; c < 5; c++) {
			fputs(" | ", f);
			if (r->around)
				fputs("\\n", f);
			if (r->noise && r->noise_at == c + 1 && c < 4)
				fprintf(f, "%s ", r->noise);
			if (r->dropped[c])
				continue;
			if (r->mark[c])
				fprintf(f, "%s ", r->mark[c]);
			if (r->split[c])
				fprintf(f, "%.*s %s", r->split[c], r->cell[c],
					r->cell[c] + r->split[c]);
			else
				spec_text(f, r->cell[c]);
			if (r->noise && r->noise_at == 5 && c == 4)
				fprintf(f, " %s", r->noise);
		}
		fputc('\n', f);
	}
	if (m->furniture)
		spec_furniture(f, m->furniture, 2, 2);
	fclose(f);
}

static int run_mkfixture(const char *spec, const char *pdf)
{
#ifdef TVK_MKFIXTURE
	char *argv[] = {(char *)TVK_MKFIXTURE, (char *)spec, (char *)pdf, NULL};
	/* Under the sanitizers mkfixture is instrumented too, and cairo's
	 * and fontconfig's caches look like leaks: not ours to report. */
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 2, sizeof(*env));
	size_t k = 0;
	env[k++] = (char *)"ASAN_OPTIONS=detect_leaks=0";
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "ASAN_OPTIONS=", 13) != 0)
			env[k++] = environ[i];
	pid_t pid;
	int rc = posix_spawn(&pid, TVK_MKFIXTURE, NULL, NULL, argv, env);
	free(env);
	if (rc != 0)
		return -1;
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#else
	(void)spec;
	(void)pdf;
	ck_abort_msg("mkfixture was not built (cairo missing): install "
		"libcairo2-dev so that the damage reaches a real PDF");
	return -1;
#endif
}

/* What a born-digital or OCR-layer PDF can show: everything but glued
 * cells (a glued word is stretched over two cells only by an OCR layer). */
static const enum kind pdf_kinds[] = {
	K_LOOKALIKE, K_SEPARATOR, K_MISPLACED, K_DROPPED, K_SPLIT,
	K_WRONG_PART, K_WRONG_TOTAL, K_WRONG_REGION_TOTAL, K_STRAY_MARK,
	K_NAME_OCR, K_NAME_WRAPPED, K_LABEL_GLUED, K_TITLE, K_TWO_APART,
	K_TWO_IN_ROW, K_CELL_AND_TOTAL, K_NAME_AROUND, K_NOISE, K_FURNITURE,
};

START_TEST(damaged_pdfs)
{
	load_truths();
	rng_state = 0xD1B54A32D192ED03ull;
	char dir[] = "/tmp/tvk-damage-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	struct tvk_lexer *lexer = tvk_lexer_create();
	int outcome[N_OUTCOMES] = {0}, tables = 0;
	size_t n_kinds = sizeof(pdf_kinds) / sizeof(pdf_kinds[0]);
	for (size_t k = 0; k < n_kinds; k++) {
		for (int i = 0; i < 3; i++) {
			struct truth t = truths[pick(n_truths)];
			struct model m;
			build(&t, &m);
			if (!damage(&m, &t, pdf_kinds[k]))
				continue;
			char spec[64], pdf[64];
			snprintf(spec, sizeof(spec), "%s/t.spec", dir);
			snprintf(pdf, sizeof(pdf), "%s/t.pdf", dir);
			write_spec(&m, spec);
			ck_assert_int_eq(run_mkfixture(spec, pdf), 0);
			struct tvk_error err;
			tvk_error_clear(&err);
			struct tvk_input *doc = tvk_input_open(pdf, &err);
			ck_assert_ptr_nonnull(doc);
			struct tvk_options opt = {0};
			int rc = tvk_input_convert(doc, &opt, lexer, &err);
			enum outcome o = judge(&t, doc, rc);
			if (o == EXACT && unrecoverable(pdf_kinds[k]))
				o = WRONG;
			if (o == WRONG)
				fprintf(stderr, "WRONG in PDF (%s): %s\n",
					kind_names[pdf_kinds[k]], wrong_detail);
			outcome[o]++;
			tables++;
			tvk_input_destroy(doc);
			unlink(spec);
			unlink(pdf);
		}
	}
	rmdir(dir);
	tvk_lexer_destroy(lexer);
	fprintf(stderr, "as PDFs: %d tables, %d exact, %d invalid, %d WRONG\n",
		tables, outcome[EXACT], outcome[INVALID], outcome[WRONG]);
	ck_assert_int_ge(tables, 40);
	ck_assert_int_eq(outcome[WRONG], 0);
	/* Two of the kinds above cannot be undone; the rest mostly can. */
	ck_assert_int_ge(outcome[EXACT], tables - 6 - tables / 10);
}
END_TEST

static Suite *damage_suite(void)
{
	Suite *s = suite_create("damage");
	TCase *tc = tcase_create("damage");
	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, damaged_tables);
	tcase_add_test(tc, damaged_pdfs);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(damage_suite)
