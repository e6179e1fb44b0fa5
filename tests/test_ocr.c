/*
 * OCR: scanned publications, end to end through the tvk binary.
 *
 * Three kinds of input, each judged by the repair engine's rule — every
 * table equals the truth (tests/truth), or is invalid; never a wrong count
 * in a table marked valid or repaired:
 *
 *  - the committed scans of tests/data/scans (see the README there):
 *    image-only PDFs, which tvk must OCR itself, and PDFs whose OCR text
 *    layer (made by ocrmypdf from damaged page images) is itself damaged;
 *  - scans made here: a table drawn by the fixture generator, rendered to
 *    a 300-dpi image by libtvk, and drawn again as an image under a faint
 *    (invisible) text layer that this test damages at random, with a
 *    fixed seed, in ways the arithmetic alone cannot repair — two wrong
 *    cells in a row, a cell and its total, a lost part and a wrong total in a
 *    row — so that only the second look at the image can;
 *  - a born-digital fixture read with --ocr=always.
 *
 * Built without tesseract (TVK_EXPECT_OCR 0), the test checks the other
 * side: image-only pages are reported and skipped, --ocr=always is refused,
 * and a text layer is still read.  The times it prints ("# ...") are for
 * the record, not asserted.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <jansson.h>

#include <tvk/tvk.h>

#include "harness.h"
#include "read/pdf.h"
#include "synth.h"
#include "tvk_check.h"

#ifndef TVK_BINARY
#error "TVK_BINARY must be the path of the tvk executable"
#endif
#ifndef TVK_EXPECT_OCR
#error "TVK_EXPECT_OCR must say whether tvk was built with tesseract"
#endif

#define SCANS TVK_TEST_SRCDIR "/data/scans"
#define TRUTH TVK_TEST_SRCDIR "/truth"

/* ------------------------------------------------------------------ */
/* Judging a table against the truth. */

enum outcome { EXACT, INVALID, WRONG };

static const char *const outcome_names[] = {"exact", "invalid", "WRONG"};

static int64_t int_at(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The truth file of the table in @doc (its period and region). */
static const char *truth_path(json_t *doc)
{
	json_t *period = json_object_get(doc, "period");
	return kprintf("%s/%lld-Q%lld/%02lld.json", TRUTH,
		(long long)int_at(period, "year"),
		(long long)int_at(period, "quarter"),
		(long long)int_at(json_object_get(doc, "region"), "code"));
}

/*
 * The converted table @path against its truth: EXACT when it is valid or
 * repaired and every count and CBS code equals the truth, INVALID when
 * it says it is invalid, WRONG otherwise (printed on stderr).  @cells, if
 * not NULL, gets the number of counts equal to the truth (of the rows in
 * place), whatever the status.
 */
static enum outcome judge(const char *path, int *cells)
{
	json_t *doc = load_json(path);
	json_t *truth = load_json(truth_path(doc));
	json_t *dm = json_object_get(doc, "municipalities");
	json_t *tm = json_object_get(truth, "municipalities");
	const char *problem = NULL;
	int same = 0;
	if (json_array_size(dm) != json_array_size(tm))
		problem = "not the truth's number of rows";
	for (size_t i = 0; i < json_array_size(dm) &&
			i < json_array_size(tm); i++) {
		json_t *d = json_array_get(dm, i), *t = json_array_get(tm, i);
		for (size_t f = 0; f < 5; f++)
			same += json_equal(json_object_get(d, count_fields[f]),
				json_object_get(t, count_fields[f]));
		if (!problem && !same_counts(d, t))
			problem = kprintf("%s: other counts than the truth",
				str_at(t, "name", NULL));
		if (!problem && !json_equal(json_object_get(d, "code"),
				json_object_get(t, "code")))
			problem = kprintf("%s: code %s, truth %s",
				str_at(t, "name", NULL), str_at(d, "code", NULL),
				str_at(t, "code", NULL));
	}
	json_t *dt = json_object_get(doc, "region_total");
	json_t *tt = json_object_get(truth, "region_total");
	for (size_t f = 0; f < 5; f++)
		same += json_equal(json_object_get(dt, count_fields[f]),
			json_object_get(tt, count_fields[f]));
	if (!problem && !same_counts(dt, tt))
		problem = "Totaal AMR: other counts than the truth";
	if (cells)
		*cells = same;

	enum outcome o = EXACT;
	if (strcmp(str_at(doc, "validation", "status"), "invalid") == 0)
		o = INVALID;
	else if (problem)
		o = WRONG;
	if (o == WRONG)
		fprintf(stderr, "WRONG: %s is %s, but %s\n", path,
			str_at(doc, "validation", "status"), problem);
	json_decref(truth);
	json_decref(doc);
	return o;
}

/* The one table file under @dir (a folder tvk wrote), asserted. */
static const char *only_output(const char *dir)
{
	struct file_list l = list_outputs(dir);
	if (l.n != 1)
		print_list("outputs", &l);
	ck_assert_msg(l.n == 1, "%s holds %zu tables, expected one", dir, l.n);
	return kprintf("%s/%s", dir, l.name[0]);
}

/* source.text_layer of the table @path. */
static const char *text_layer(const char *path)
{
	json_t *doc = load_json(path);
	const char *layer = kstrdup(str_at(doc, "source", "text_layer"));
	json_decref(doc);
	return layer;
}

#if TVK_EXPECT_OCR

/* ------------------------------------------------------------------ */
/* The committed scans. */

static const char *const image_only[] = {
	"rijnmond-300.pdf", "zaanstreek-2022-200.pdf",
	"friesland-2020-300-noisy.pdf",
};

static const char *const with_layer[] = {
	"rijnmond-ocrlayer-zebra.pdf", "groningen-ocrlayer-noisy.pdf",
	"haaglanden-ocrlayer-blur.pdf",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The number of pages of the PDF @path. */
static int page_count(const char *path)
{
	size_t len;
	char *data = read_file(path, &len);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_pdf *pdf = tvk_pdf_open(data, len, path, &err);
	ck_assert_msg(pdf, "%s: %s", path, err.message);
	int n = tvk_pdf_page_count(pdf);
	tvk_pdf_destroy(pdf);
	return n;
}

START_TEST(image_only_scans)
{
	/* Pages without a text layer: tvk reads them with tesseract. */
	for (size_t i = 0; i < N_OF(image_only); i++) {
		const char *pdf = kprintf("%s/%s", SCANS, image_only[i]);
		const char *out = kprintf("out%zu", i);
		struct run *r = TVK("convert", "-q", "-o", out, pdf);
		EXPECT(r, r->status == 0 || r->status == 1, "%s: exit %d",
			r->cmd, r->status);
		const char *table = only_output(out);
		ck_assert_str_eq(text_layer(table), "ocr");
		int cells;
		enum outcome o = judge(table, &cells);
		fprintf(stderr, "# %s: %s, %d counts as the truth, %.2f s for "
			"%d pages\n", image_only[i], outcome_names[o], cells,
			r->seconds, page_count(pdf));
		ck_assert_int_ne(o, WRONG);
		/* All three come back whole today; less is a regression. */
		ck_assert_int_eq(o, EXACT);
	}
}
END_TEST

START_TEST(ocr_layer_scans_and_the_second_look)
{
	/* A damaged OCR text layer: read as it is (--no-second-look), and
	 * with the second look at the cells the sums point at. */
	int before = 0, after = 0;
	for (size_t i = 0; i < N_OF(with_layer); i++) {
		const char *pdf = kprintf("%s/%s", SCANS, with_layer[i]);
		const char *first = kprintf("first%zu", i);
		const char *second = kprintf("second%zu", i);
		struct run *r = TVK("convert", "-q", "--no-second-look", "-o",
			first, pdf);
		EXPECT(r, r->status == 0 || r->status == 1, "%s: exit %d",
			r->cmd, r->status);
		r = TVK("convert", "-q", "-o", second, pdf);
		EXPECT(r, r->status == 0 || r->status == 1, "%s: exit %d",
			r->cmd, r->status);
		const char *t1 = only_output(first), *t2 = only_output(second);
		ck_assert_str_eq(text_layer(t1), "pdf");
		ck_assert_str_eq(text_layer(t2), "pdf");
		int c1, c2;
		enum outcome o1 = judge(t1, &c1), o2 = judge(t2, &c2);
		fprintf(stderr, "# %s: the layer alone %s (%d counts as the "
			"truth), with the second look %s (%d), %.2f s\n",
			with_layer[i], outcome_names[o1], c1, outcome_names[o2],
			c2, r->seconds);
		ck_assert_int_ne(o1, WRONG);
		ck_assert_int_ne(o2, WRONG);
		/* The second look never makes a table worse. */
		ck_assert(o1 != EXACT || o2 == EXACT);
		before += o1 == EXACT;
		after += o2 == EXACT;
	}
	/* Today: one of three from the layer alone, all three after. */
	ck_assert_int_gt(after, before);
	ck_assert_int_eq(after, (int)N_OF(with_layer));
}
END_TEST

START_TEST(ocr_never_skips_image_pages)
{
	const char *pdf = SCANS "/rijnmond-300.pdf";
	struct run *r = TVK("convert", "--ocr=never", "-o", "out", pdf,
		RIJNMOND);
	EXPECT_STATUS(r, 2);
	expect_one_error(r, pdf);
	EXPECT(r, mentions(r->err, "image-only"), "the error does not say "
		"the scan has no text layer");
	OUTPUTS("out", RIJNMOND_JSON);
	json_t *index = load_json("out/index.json");
	json_t *input = json_array_get(json_object_get(index, "inputs"), 0);
	ck_assert_str_eq(str_at(input, "file", NULL), pdf);
	ck_assert_str_eq(str_at(input, "text_layer", NULL), "none");
	json_t *problems = json_object_get(input, "problems");
	ck_assert_uint_eq(json_array_size(problems), 2);
	for (size_t p = 0; p < 2; p++) {
		const char *msg = json_string_value(json_array_get(problems, p));
		ck_assert_msg(strncmp(msg, p ? "page 2:" : "page 1:", 7) == 0 &&
			strstr(msg, "--ocr=never"), "problem '%s'", msg);
	}
	json_decref(index);
}
END_TEST

START_TEST(ocr_always_reads_a_born_digital_page_too)
{
	struct run *r = TVK("convert", "-q", "--ocr=always", "-o", "out",
		RIJNMOND);
	EXPECT(r, r->status == 0 || r->status == 1, "%s: exit %d", r->cmd,
		r->status);
	const char *table = only_output("out");
	ck_assert_str_eq(text_layer(table), "ocr");
	int cells;
	enum outcome o = judge(table, &cells);
	fprintf(stderr, "# rijnmond --ocr=always: %s, %d counts as the truth, "
		"%.2f s for 2 pages\n", outcome_names[o], cells, r->seconds);
	ck_assert_int_eq(o, EXACT);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Scans made here, under a damaged text layer. */

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static int pick(int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int)(rng % (uint64_t)n);
}

/* A table as the publication prints it: rows of five strings. */
#define MAX_ROWS 40
struct printed {
	char name[MAX_ROWS][96];
	char cell[MAX_ROWS][5][32];
	size_t n; /* rows, Totaal AMR last */
	char title[160], label[128];
};

static const char *const ordinal[] = {"eerste", "tweede", "derde", "vierde"};

static void load_printed(const char *truth_file, struct printed *p)
{
	json_t *t = load_json(truth_file);
	json_t *m = json_object_get(t, "municipalities");
	memset(p, 0, sizeof(*p));
	ck_assert_uint_lt(json_array_size(m), MAX_ROWS);
	for (size_t i = 0; i <= json_array_size(m); i++) {
		json_t *row = i < json_array_size(m) ? json_array_get(m, i) :
			json_object_get(t, "region_total");
		snprintf(p->name[i], sizeof(p->name[i]), "%s", i <
			json_array_size(m) ? str_at(row, "name", NULL) :
			"Totaal AMR");
		for (size_t f = 0; f < 5; f++)
			synth_format_count(int_at(row, count_fields[f]), p->cell[i][f], 32);
	}
	p->n = json_array_size(m) + 1;
	json_t *period = json_object_get(t, "period");
	json_t *region = json_object_get(t, "region");
	snprintf(p->title, sizeof(p->title), "%s kwartaal %lld %s",
		ordinal[int_at(period, "quarter") - 1],
		(long long)int_at(period, "year"), str_at(region, "name", NULL));
	snprintf(p->label, sizeof(p->label), "%lld %s",
		(long long)int_at(region, "code"), str_at(region, "name", NULL));
	json_decref(t);
}

/* The spec of a page with @p's table; under the faint text of a scan's
 * layer over @image when that is not NULL. */
static char *page_spec(const struct printed *p, const char *image)
{
	struct text s = {0};
	add(&s, "page\n");
	if (image)
		add(&s, "image %s 300\nink faint\n", image);
	add(&s, "font 12\ntext %s\nfont 8\n"
		"cols 42:l 150:l 360:c 470:c 550:r\n"
		"row Arbeidsmarktregio | | Gemeentecli\xc3\xabnten in Sonar | "
		"UWV-cli\xc3\xabnten in Sonar\n"
		"cols 42:l 150:l 312:c 367:c 422:c 477:c 532:c\n"
		"row | Gemeente | Profiel in | Geen profiel in | Profiel in | "
		"Geen profiel in | Totaal in\n"
		"row | | Sonar | Sonar | Sonar | Sonar | Sonar\n"
		"cols 42:l 150:l 330:r 385:r 440:r 495:r 550:r\n"
		"row %s\n", p->title, p->label);
	for (size_t i = 0; i < p->n; i++)
		add(&s, "row | %s | %s | %s | %s | %s | %s\n", p->name[i],
			p->cell[i][0], p->cell[i][1], p->cell[i][2],
			p->cell[i][3], p->cell[i][4]);
	return keep(s.s);
}

/* Renders page 1 of @pdf at 300 dpi into the grey PNG @png, with libtvk
 * (poppler and cairo), as a scanner would see it. */
static void render_png(const char *pdf, const char *png)
{
	size_t len;
	char *data = read_file(pdf, &len);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_pdf *doc = tvk_pdf_open(data, len, pdf, &err);
	ck_assert_msg(doc, "%s: %s", pdf, err.message);
	struct tvk_image img = {0};
	ck_assert_msg(tvk_pdf_render(doc, 0, 300, &img, &err) == 0, "%s: %s",
		pdf, err.message);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		img.width, img.height);
	unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < img.height; y++) {
		uint32_t *line = (uint32_t *)(void *)(px + (size_t)y *
			(size_t)stride);
		for (int x = 0; x < img.width; x++) {
			uint32_t g = img.pixels[(size_t)y * (size_t)img.stride +
				(size_t)x];
			line[x] = g << 16 | g << 8 | g;
		}
	}
	cairo_surface_mark_dirty(s);
	ck_assert_int_eq(cairo_surface_write_to_png(s, png),
		CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	free(img.pixels);
	tvk_pdf_destroy(doc);
}

/* One digit of @s changed into another. */
static void wrong_digit(char *s)
{
	int idx[32], n = 0;
	for (int i = 0; s[i]; i++)
		if (s[i] >= '0' && s[i] <= '9')
			idx[n++] = i;
	int i = idx[pick(n)];
	char d;
	do
		d = (char)('0' + pick(10));
	while (d == s[i]);
	s[i] = d;
}

static int64_t count_of(const char *s)
{
	int64_t v = 0;
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			v = v * 10 + (*s - '0');
	return v;
}

enum damage { TWO_IN_ROW, CELL_AND_TOTAL, LOST_AND_WRONG, N_DAMAGES };

static const char *const damage_names[] = {"two wrong cells in a row",
	"a cell and its total", "a lost part and a wrong total in a row"};

/* Damage the sums cannot repair, in a random row of @p. */
static void damage(struct printed *p, enum damage kind)
{
	size_t r = (size_t)pick((int)p->n);
	int f = pick(4), g;
	do
		g = pick(5);
	while (g == f);
	switch (kind) {
	case TWO_IN_ROW:
		wrong_digit(p->cell[r][f]);
		wrong_digit(p->cell[r][g]);
		break;
	case CELL_AND_TOTAL: {
		int64_t d = 1 + pick(9);
		if (pick(2) && count_of(p->cell[r][f]) >= d)
			d = -d;
		synth_format_count(count_of(p->cell[r][f]) + d, p->cell[r][f], 32);
		synth_format_count(count_of(p->cell[r][4]) + d, p->cell[r][4], 32);
		break;
	}
	case LOST_AND_WRONG:
	case N_DAMAGES:
		/* (a lost part beside a wrong part the columns repair) */
		p->cell[r][f][0] = '\0';
		wrong_digit(p->cell[r][4]);
		break;
	}
}

START_TEST(second_look_repairs_what_the_sums_cannot)
{
	/* Every third truth of the 2025 edition, and the two older ones. */
	static const char *const truths[] = {
		"2025-Q2/01", "2025-Q2/04", "2025-Q2/07", "2025-Q2/10",
		"2025-Q2/13", "2025-Q2/16", "2025-Q2/19", "2025-Q2/22",
		"2025-Q2/25", "2025-Q2/28", "2025-Q2/31", "2025-Q2/34",
		"2020-Q2/02", "2022-Q4/07",
	};
	int counts[N_DAMAGES][3] = {{0}};
	double seconds = 0;
	int runs = 0;
	for (size_t i = 0; i < N_OF(truths); i++) {
		struct printed good;
		load_printed(kprintf("%s/%s.json", TRUTH, truths[i]), &good);
		const char *png = kprintf("page%zu.png", i);
		const char *spec = page_spec(&good, NULL);
		const char *spec_path = kprintf("good%zu.spec", i);
		const char *pdf_path = kprintf("good%zu.pdf", i);
		write_file(spec_path, spec, strlen(spec));
		draw_spec(spec_path, pdf_path);
		render_png(pdf_path, png);

		for (int k = 0; k < N_DAMAGES; k++) {
			struct printed bad = good;
			damage(&bad, (enum damage)k);
			const char *name = kprintf("scan%zu-%d", i, k);
			const char *layer = page_spec(&bad, png);
			const char *lspec = kprintf("%s.spec", name);
			const char *lpdf = kprintf("%s.pdf", name);
			write_file(lspec, layer, strlen(layer));
			draw_spec(lspec, lpdf);

			/* The layer alone: invalid, or the damage was not
			 * what this test means. */
			const char *first = kprintf("%s-first", name);
			struct run *r = TVK("convert", "-q", "--no-second-look",
				"-o", first, lpdf);
			EXPECT_STATUS(r, 1);
			ck_assert_int_eq(judge(only_output(first), NULL), INVALID);

			const char *second = kprintf("%s-second", name);
			r = TVK("convert", "-q", "-o", second, lpdf);
			EXPECT(r, r->status == 0 || r->status == 1, "%s: exit %d",
				r->cmd, r->status);
			seconds += r->seconds;
			runs++;
			enum outcome o = judge(only_output(second), NULL);
			counts[k][o]++;
			if (o != EXACT)
				fprintf(stderr, "# %s, %s: %s\n", truths[i],
					damage_names[k], outcome_names[o]);
		}
	}
	int exact = 0, all = 0, wrong = 0;
	for (int k = 0; k < N_DAMAGES; k++) {
		fprintf(stderr, "# second look, %s: %d exact, %d invalid, %d "
			"WRONG\n", damage_names[k], counts[k][EXACT],
			counts[k][INVALID], counts[k][WRONG]);
		exact += counts[k][EXACT];
		wrong += counts[k][WRONG];
		all += counts[k][EXACT] + counts[k][INVALID] + counts[k][WRONG];
	}
	fprintf(stderr, "# second look: %d of %d tables exact, %.2f s a "
		"table\n", exact, all, seconds / runs);
	ck_assert_int_eq(wrong, 0);
	/* A clean image reads well: at least nine in ten come back. */
	ck_assert_msg(exact * 10 >= all * 9, "%d of %d exact", exact, all);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Scans made here, as a scanner leaves them: turned, skewed, two-tone. */

/* @src turned by @turns quarter turns and @deg degrees more (clockwise),
 * bilinear, white beyond; lit unevenly (darker to the left) when @uneven,
 * then in two tones when @tone is 1 (a threshold) or 2 (Floyd-Steinberg's
 * dither); written as the PNG @png.  Returns its width and height. */
static void scanned(const struct tvk_image *src, int turns, double deg,
		int tone, bool uneven, const char *png)
{
	int w = turns % 2 ? src->height : src->width;
	int h = turns % 2 ? src->width : src->height;
	double phi = (turns * 90.0 + deg) * 3.14159265358979323846 / 180;
	double c = cos(phi), sn = sin(phi);
	float *v = malloc((size_t)w * (size_t)h * sizeof(*v));
	ck_assert_ptr_nonnull(v);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			double dx = x - w / 2.0, dy = y - h / 2.0;
			double sx = c * dx + sn * dy + src->width / 2.0;
			double sy = -sn * dx + c * dy + src->height / 2.0;
			int x0 = (int)floor(sx), y0 = (int)floor(sy);
			double fx = sx - x0, fy = sy - y0, g = 0;
			for (int k = 0; k < 4; k++) {
				int px = x0 + (k & 1), py = y0 + (k >> 1);
				double wgt = (k & 1 ? fx : 1 - fx) *
					(k >> 1 ? fy : 1 - fy);
				g += wgt * (px < 0 || py < 0 || px >= src->width ||
					py >= src->height ? 255 : src->pixels[
					(size_t)py * (size_t)src->stride +
					(size_t)px]);
			}
			if (uneven)
				g *= 0.72 + 0.28 * x / w;
			v[(size_t)y * (size_t)w + (size_t)x] = (float)g;
		}
	for (int y = 0; y < h && tone; y++)
		for (int x = 0; x < w; x++) {
			float *p = &v[(size_t)y * (size_t)w + (size_t)x];
			float old = *p, now = old < 150 ? 0 : 255;
			*p = now;
			if (tone == 1)
				continue;
			float e = old - now;
			if (x + 1 < w)
				p[1] += e * 7 / 16;
			if (y + 1 < h) {
				if (x > 0)
					p[w - 1] += e * 3 / 16;
				p[w] += e * 5 / 16;
				if (x + 1 < w)
					p[w + 1] += e / 16;
			}
		}
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w,
		h);
	unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		uint32_t *line = (uint32_t *)(void *)(px + (size_t)y *
			(size_t)stride);
		for (int x = 0; x < w; x++) {
			float f = v[(size_t)y * (size_t)w + (size_t)x];
			uint32_t g = f < 0 ? 0 : f > 255 ? 255 : (uint32_t)f;
			line[x] = g << 16 | g << 8 | g;
		}
	}
	cairo_surface_mark_dirty(s);
	ck_assert_int_eq(cairo_surface_write_to_png(s, png),
		CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	free(v);
}

START_TEST(turned_skewed_and_two_tone_scans)
{
	static const struct {
		const char *truth;
		int dpi, turns;
		double deg;
		int tone; /* 0 grey, 1 threshold, 2 dither */
		bool uneven;
	} cases[] = {
		{"2025-Q2/04", 300, 1, 0, 0, false},
		{"2025-Q2/10", 200, 2, 0.8, 0, false},
		{"2025-Q2/16", 300, 3, -1.2, 1, false},
		{"2025-Q2/22", 200, 0, 1.8, 2, false},
		{"2020-Q2/02", 150, 0, -0.6, 0, true},
		{"2022-Q4/07", 300, 2, -2.0, 1, true},
		{"2025-Q2/28", 300, 1, 0.4, 2, false},
		{"2025-Q2/34", 200, 3, 0, 1, false},
	};
	int counts[3] = {0};
	for (size_t i = 0; i < N_OF(cases); i++) {
		struct printed good;
		load_printed(kprintf("%s/%s.json", TRUTH, cases[i].truth),
			&good);
		const char *spec = page_spec(&good, NULL);
		const char *spec_path = kprintf("print%zu.spec", i);
		const char *pdf_path = kprintf("print%zu.pdf", i);
		write_file(spec_path, spec, strlen(spec));
		draw_spec(spec_path, pdf_path);

		size_t len;
		char *data = read_file(pdf_path, &len);
		struct tvk_error err;
		tvk_error_clear(&err);
		struct tvk_pdf *doc = tvk_pdf_open(data, len, pdf_path, &err);
		ck_assert_msg(doc, "%s: %s", pdf_path, err.message);
		struct tvk_image img = {0};
		ck_assert_int_eq(tvk_pdf_render(doc, 0, cases[i].dpi, &img,
			&err), 0);
		const char *png = kprintf("scanned%zu.png", i);
		scanned(&img, cases[i].turns, cases[i].deg, cases[i].tone,
			cases[i].uneven, png);
		free(img.pixels);
		tvk_pdf_destroy(doc);

		const char *scan_spec = kprintf("page%s\nimage %s %d\n",
			cases[i].turns % 2 ? " landscape" : "", png,
			cases[i].dpi);
		const char *scan_path = kprintf("scanned%zu.spec", i);
		const char *scan_pdf = kprintf("scanned%zu.pdf", i);
		write_file(scan_path, scan_spec, strlen(scan_spec));
		draw_spec(scan_path, scan_pdf);

		const char *out = kprintf("scanned%zu", i);
		struct run *r = TVK("convert", "-q", "-o", out, scan_pdf);
		EXPECT(r, r->status == 0 || r->status == 1, "%s: exit %d",
			r->cmd, r->status);
		int cells;
		enum outcome o = judge(only_output(out), &cells);
		counts[o]++;
		fprintf(stderr, "# %s at %d dpi, %d quarter turns and %.1f "
			"degrees, %s%s: %s, %d counts as the truth, %.2f s\n",
			cases[i].truth, cases[i].dpi, cases[i].turns,
			cases[i].deg, (const char *const[]){"grey",
			"thresholded", "dithered"}[cases[i].tone],
			cases[i].uneven ? ", lit unevenly" : "",
			outcome_names[o], cells, r->seconds);
	}
	/* Never a wrong count; and a page turned or skewed as a scanner
	 * leaves it is read whole, all but one of them at most. */
	ck_assert_int_eq(counts[WRONG], 0);
	ck_assert_msg(counts[EXACT] + 1 >= (int)N_OF(cases), "%d of %zu "
		"exact", counts[EXACT], N_OF(cases));
}
END_TEST

#else /* !TVK_EXPECT_OCR */

/* ------------------------------------------------------------------ */
/* Built without tesseract. */

START_TEST(without_ocr)
{
	struct run *r = TVK("convert", "--ocr=always", "-o", "out", RIJNMOND);
	EXPECT_STATUS(r, 64);
	EXPECT(r, count_lines(r->err) == 1 && mentions(r->err, "without OCR"),
		"%s: not one line that says why", r->cmd);
	ck_assert(!exists("out"));

	const char *scan = SCANS "/rijnmond-300.pdf";
	r = TVK("convert", "-o", "out", scan, RIJNMOND);
	EXPECT_STATUS(r, 2);
	expect_one_error(r, scan);
	EXPECT(r, mentions(r->err, "image-only"), "the error does not say "
		"the scan has no text layer");
	OUTPUTS("out", RIJNMOND_JSON);

	/* A text layer made by OCR is still read, without a second look. */
	r = TVK("convert", "-q", "-o", "layer", SCANS
		"/groningen-ocrlayer-noisy.pdf");
	const char *table = only_output("layer");
	ck_assert_str_eq(text_layer(table), "pdf");
	enum outcome o = judge(table, NULL);
	fprintf(stderr, "# groningen-ocrlayer-noisy.pdf without OCR: %s\n",
		outcome_names[o]);
	ck_assert_int_ne(o, WRONG);
}
END_TEST

#endif

static Suite *ocr_suite(void)
{
	Suite *s = folder_suite("ocr");
	TCase *tc = folder_tcase("ocr");
	tcase_set_timeout(tc, 900);
#if TVK_EXPECT_OCR
	tcase_add_test(tc, image_only_scans);
	tcase_add_test(tc, ocr_layer_scans_and_the_second_look);
	tcase_add_test(tc, ocr_never_skips_image_pages);
	tcase_add_test(tc, ocr_always_reads_a_born_digital_page_too);
	tcase_add_test(tc, second_look_repairs_what_the_sums_cannot);
	tcase_add_test(tc, turned_skewed_and_two_tone_scans);
#else
	tcase_add_test(tc, without_ocr);
#endif
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(ocr_suite)
