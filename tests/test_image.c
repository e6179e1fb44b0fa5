/*
 * The image stage (src/read/image.c) on pages drawn here with cairo: a
 * title, paragraphs of Dutch prose and a table of counts, turned a
 * quarter, half or three quarters round, skewed, made two-tone
 * (thresholded or dithered) at a scanner's lower resolution, lit unevenly
 * and with the back page showing through.  Each must come out upright and
 * straight, its frame mapping a printed mark back to where it is on the
 * page; running text must be told from titles and table rows.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <check.h>

#include "read/image.h"
#include "tvk_check.h"

static const double PI = 3.14159265358979323846;

/* A4 in points */
#define PAGE_W 595.0
#define PAGE_H 842.0

static const char *const prose[] = {
	"Gemeenten en UWV hebben een gedeelde verantwoordelijkheid om "
		"transparantie op de arbeidsmarkt te realiseren.",
	"Speciaal voor werkgevers en intermediairs heeft UWV daarom de "
		"kandidatenverkenner banenafspraak ontwikkeld.",
	"De profielen in de kandidatenverkenner zijn afkomstig uit het "
		"landelijke klantvolgsysteem Sonar van UWV.",
	"Door de koppeling tussen de kandidatenverkenner en Sonar zijn de "
		"klantprofielen ook beschikbaar voor werkgevers.",
	"Het is een belangrijk instrument voor werkgevers en intermediairs "
		"om ervoor te zorgen dat zij inzicht krijgen.",
	"Een profiel wordt meegeteld wanneer aan de volgende voorwaarden is "
		"voldaan: de cliënt heeft de status ingeschreven.",
};

/* Where the page's mark is: a filled square, in points. */
static const struct tvk_box mark = {500, 60, 520, 80};

/* Draws the page into @cr (points, white ground): a title, @paragraphs
 * paragraphs of prose and, with @table, a table of counts below. */
static void draw_page(cairo_t *cr, int paragraphs, bool table)
{
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, mark.x0, mark.y0, mark.x1 - mark.x0,
		mark.y1 - mark.y0);
	cairo_fill(cr);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
		CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 16);
	cairo_move_to(cr, 50, 80);
	cairo_show_text(cr, "Transparantie van klantprofielen");
	cairo_set_font_size(cr, 12);
	cairo_move_to(cr, 50, 100);
	cairo_show_text(cr, "tweede kwartaal 2025 Zaanstreek-Waterland");
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
		CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 8.5);
	double y = 140;
	for (int p = 0; p < paragraphs; p++) {
		for (size_t i = 0; i < sizeof(prose) / sizeof(prose[0]); i++) {
			cairo_move_to(cr, 50, y);
			cairo_show_text(cr, prose[(i + (size_t)p) %
				(sizeof(prose) / sizeof(prose[0]))]);
			y += 12;
		}
		y += 10;
	}
	if (!table)
		return;
	static const char *const names[] = {"Edam-Volendam", "Landsmeer",
		"Oostzaan", "Purmerend", "Waterland", "Wormerland", "Zaanstad",
		"Totaal AMR"};
	static const char *const counts[][5] = {
		{"25", "73", "107", "41", "246"}, {"1", "22", "24", "6", "53"},
		{"1", "10", "21", "6", "38"}, {"10", "226", "459", "155", "850"},
		{"2", "38", "37", "10", "87"}, {"0", "52", "61", "10", "123"},
		{"80", "424", "763", "195", "1.462"},
		{"119", "845", "1.472", "423", "2.859"}};
	y += 20;
	for (size_t r = 0; r < 8; r++) {
		cairo_move_to(cr, 60, y);
		cairo_show_text(cr, names[r]);
		for (int f = 0; f < 5; f++) {
			cairo_text_extents_t e;
			cairo_text_extents(cr, counts[r][f], &e);
			cairo_move_to(cr, 300 + 55 * f - e.x_advance, y);
			cairo_show_text(cr, counts[r][f]);
		}
		y += 13;
	}
}

/* The page drawn at @dpi, turned by @turns quarter turns and @deg degrees
 * more (clockwise), as a grey image. */
static struct tvk_image scan(double dpi, int turns, double deg,
		int paragraphs, bool table)
{
	double k = dpi / 72.0;
	double phi = (turns * 90.0 + deg) * PI / 180;
	double c = fabs(cos(phi)), s = fabs(sin(phi));
	int w = (int)ceil((PAGE_W * c + PAGE_H * s) * k);
	int h = (int)ceil((PAGE_W * s + PAGE_H * c) * k);
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		w, h);
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_translate(cr, w / 2.0, h / 2.0);
	cairo_rotate(cr, phi);
	cairo_scale(cr, k, k);
	cairo_translate(cr, -PAGE_W / 2, -PAGE_H / 2);
	draw_page(cr, paragraphs, table);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	struct tvk_image im = {malloc((size_t)w * (size_t)h), w, h, w, dpi};
	const unsigned char *px = cairo_image_surface_get_data(surf);
	int stride = cairo_image_surface_get_stride(surf);
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(px +
			(size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++)
			im.pixels[(size_t)y * (size_t)w + (size_t)x] =
				(unsigned char)((row[x] >> 8) & 0xff);
	}
	cairo_surface_destroy(surf);
	return im;
}

/* Two tones: thresholded at the middle grey, or dithered (Floyd and
 * Steinberg), as a 1-bit scanner leaves a page. */
static void two_tone(struct tvk_image *im, bool dither)
{
	int w = im->width, h = im->height;
	int *err = calloc((size_t)(w + 2) * 2, sizeof(*err));
	int *cur = err + 1, *next = err + w + 3;
	for (int y = 0; y < h; y++) {
		unsigned char *p = im->pixels + (size_t)y * (size_t)im->stride;
		memset(next - 1, 0, (size_t)(w + 2) * sizeof(*next));
		for (int x = 0; x < w; x++) {
			int v = p[x] + (dither ? cur[x] / 16 : 0);
			int out = v < 128 ? 0 : 255;
			p[x] = (unsigned char)out;
			if (!dither)
				continue;
			int e = v - out;
			cur[x + 1] += e * 7;
			next[x - 1] += e * 3;
			next[x] += e * 5;
			next[x + 1] += e;
		}
		int *t = cur;
		cur = next;
		next = t;
	}
	free(err);
}

/* Light falling off across the page, the back page's print showing
 * through (the page mirrored, faint), and specks. */
static void worn(struct tvk_image *im)
{
	int w = im->width, h = im->height;
	unsigned char *back = malloc((size_t)w * (size_t)h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			back[(size_t)y * (size_t)w + (size_t)x] =
				im->pixels[(size_t)y * (size_t)im->stride +
				(size_t)(w - 1 - x)];
	uint32_t rng = 12345;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			unsigned char *p = im->pixels + (size_t)y *
				(size_t)im->stride + (size_t)x;
			double light = 1.0 - 0.35 * x / w - 0.15 * y / h;
			double v = *p * light;
			double b = back[(size_t)y * (size_t)w + (size_t)x];
			v = v * (0.85 + 0.15 * b / 255.0);
			rng = rng * 1103515245u + 12345u;
			if ((rng >> 16) % 3000 == 0)
				v = 40;
			*p = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	free(back);
}

/* Where the centre of the page's mark is on a scan made by scan(), in
 * the scan's points. */
static void mark_on_scan(const struct tvk_image *im, int turns, double deg,
		double *x, double *y)
{
	double k = im->dpi / 72.0;
	double phi = (turns * 90.0 + deg) * PI / 180;
	double px = (mark.x0 + mark.x1) / 2 - PAGE_W / 2;
	double py = (mark.y0 + mark.y1) / 2 - PAGE_H / 2;
	double dx = k * (px * cos(phi) - py * sin(phi)) + im->width / 2.0;
	double dy = k * (px * sin(phi) + py * cos(phi)) + im->height / 2.0;
	*x = dx / k;
	*y = dy / k;
}

/* Whether @pi's picture is dark around point (@x, @y). */
static bool dark_at(const struct tvk_image *im, double x, double y)
{
	double k = im->dpi / 72.0;
	int cx = (int)(x * k), cy = (int)(y * k), dark = 0;
	for (int v = cy - 3; v <= cy + 3; v++)
		for (int u = cx - 3; u <= cx + 3; u++)
			dark += u >= 0 && v >= 0 && u < im->width &&
				v < im->height && im->pixels[(size_t)v *
				(size_t)im->stride + (size_t)u] < 128;
	return dark >= 40;
}

/*
 * @im (a scan turned by @turns and @deg) prepared: upright, straightened
 * to within a tenth of a degree, and the frame mapping the page's mark,
 * where the scan has it, onto the mark in the prepared picture — at the
 * top right, where the page has it.
 */
static void check_prepared_at(struct tvk_image *im, double dpi, int turns,
		double deg, const char *what)
{
	struct tvk_page_image pi;
	ck_assert_int_eq(tvk_image_prepare(im, dpi, &pi), 0);
	ck_assert_msg(pi.image.dpi == dpi, "%s: prepared at %.0f dpi, not "
		"%.0f", what, pi.image.dpi, dpi);
	/* the picture's turn undoes the scan's */
	double total = pi.turns * 90.0 + pi.skew + turns * 90.0 + deg;
	total = fmod(fmod(total, 360) + 360, 360);
	if (total > 180)
		total -= 360;
	/* up or down is only a guess here: the words read settle it
	 * (test_ocr, turned_skewed_and_two_tone_scans) */
	bool over = fabs(total) > 90;
	if (over)
		total = total > 0 ? total - 180 : total + 180;
	ck_assert_msg(fabs(total) < 0.15, "%s: turned %d and %.2f degrees, "
		"read as %d and %.2f", what, turns, deg, pi.turns, pi.skew);
	double sx, sy;
	mark_on_scan(im, turns, deg, &sx, &sy);
	struct tvk_frame back = tvk_frame_invert(&pi.to_page);
	struct tvk_box u = tvk_frame_box(&back, (struct tvk_box){sx, sy, sx,
		sy});
	double w = pi.image.width * 72.0 / pi.image.dpi;
	double h = pi.image.height * 72.0 / pi.image.dpi;
	/* at the top right, or at the bottom left when turned over */
	bool right = over ? u.x0 < w * 0.3 && u.y0 > h * 0.8 :
		u.x0 > w * 0.7 && u.y0 < h * 0.2;
	ck_assert_msg(right, "%s: the mark is at (%.0f, %.0f) of a picture "
		"%.0f x %.0f: not where the frame says", what, u.x0, u.y0, w,
		h);
	ck_assert_msg(dark_at(&pi.image, u.x0, u.y0), "%s: the frame maps "
		"the mark to (%.1f, %.1f), where there is no ink", what, u.x0,
		u.y0);
	tvk_page_image_finish(&pi);
}

static void check_prepared(struct tvk_image *im, int turns, double deg,
		const char *what)
{
	check_prepared_at(im, TVK_IMAGE_DPI, turns, deg, what);
}

START_TEST(turned_and_skewed_pages_come_upright)
{
	static const double skews[] = {0, 0.7, -1.2, 2.0, -2.0};
	for (int turns = 0; turns < 4; turns++)
		for (size_t i = 0; i < sizeof(skews) / sizeof(skews[0]); i++) {
			struct tvk_image im = scan(150, turns, skews[i], 2, true);
			char what[64];
			snprintf(what, sizeof(what), "%d quarter turns, %.1f "
				"degrees", turns, skews[i]);
			check_prepared(&im, turns, skews[i], what);
			/* and at the resolution a failing page is read
			 * again at (convert.c) */
			if (i % 2 == 0)
				check_prepared_at(&im, TVK_IMAGE_DPI_AGAIN,
					turns, skews[i], what);
			free(im.pixels);
		}
}
END_TEST

START_TEST(two_tone_and_worn_scans)
{
	static const struct {
		double dpi;
		int turns;
		double deg;
		int tone; /* 0 grey, 1 thresholded, 2 dithered */
		bool worn;
	} cases[] = {
		{150, 0, 1.0, 2, false}, {200, 2, -0.8, 1, false},
		{300, 1, 0.5, 2, false}, {200, 0, -1.5, 0, true},
		{150, 3, 1.8, 1, true}, {300, 2, 0, 0, true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tvk_image im = scan(cases[i].dpi, cases[i].turns,
			cases[i].deg, 2, true);
		if (cases[i].worn)
			worn(&im);
		if (cases[i].tone)
			two_tone(&im, cases[i].tone == 2);
		struct tvk_page_image pi;
		ck_assert_int_eq(tvk_image_prepare(&im, TVK_IMAGE_DPI, &pi), 0);
		ck_assert_msg(pi.bilevel == (cases[i].tone != 0),
			"case %zu: two tones %d", i, pi.bilevel);
		/* grey again: a dither's dots melted into strokes */
		size_t mid = 0;
		for (size_t p = 0; p < (size_t)pi.image.width *
				(size_t)pi.image.height; p += 7)
			mid += pi.image.pixels[p] > 60 && pi.image.pixels[p] < 200;
		ck_assert_msg(!cases[i].tone || mid > 0, "case %zu", i);
		tvk_page_image_finish(&pi);
		char what[64];
		snprintf(what, sizeof(what), "case %zu", i);
		check_prepared(&im, cases[i].turns, cases[i].deg, what);
		free(im.pixels);
	}
}
END_TEST

START_TEST(frames_compose_and_invert)
{
	struct tvk_frame id = tvk_frame_identity();
	ck_assert(tvk_frame_is_identity(&id));
	struct tvk_frame f = {0.6, 0.8, 10, -0.8, 0.6, 20};
	struct tvk_frame g = tvk_frame_invert(&f);
	struct tvk_box b = {30, 40, 50, 70};
	struct tvk_box there = tvk_frame_box(&f, b);
	struct tvk_box back = tvk_frame_box(&g, there);
	/* a turned box comes back as the box around the turned box */
	ck_assert(back.x0 <= b.x0 + 1e-9 && back.y0 <= b.y0 + 1e-9 &&
		back.x1 >= b.x1 - 1e-9 && back.y1 >= b.y1 - 1e-9);
	struct tvk_box p = tvk_frame_box(&g, tvk_frame_box(&f,
		(struct tvk_box){3, 4, 3, 4}));
	ck_assert(fabs(p.x0 - 3) < 1e-9 && fabs(p.y0 - 4) < 1e-9);
}
END_TEST

START_TEST(running_text_is_told_from_titles_and_tables)
{
	/* a page of prose: its paragraphs go, its titles stay */
	struct tvk_image im = scan(300, 0, 0, 4, false);
	struct tvk_band *lines, *body;
	size_t n = tvk_image_lines(&im, &lines);
	size_t k = tvk_image_body_text(&im, &body);
	ck_assert_uint_ge(n, 20);
	ck_assert_uint_ge(k, n / 2);
	ck_assert_uint_lt(k, n);
	for (size_t i = 0; i < k; i++)
		ck_assert_msg(body[i].y0 > 110 * 300 / 72, "a title taken for "
			"running text");
	free(lines);
	free(body);
	free(im.pixels);

	/* a page with a table: the prose above it goes, the table and
	 * the titles stay */
	im = scan(300, 0, 0, 2, true);
	k = tvk_image_body_text(&im, &body);
	ck_assert_uint_gt(k, 0);
	double table_top = (140 + 2 * (6 * 12 + 10) + 20 - 10) * 300 / 72.0;
	for (size_t i = 0; i < k; i++)
		ck_assert_msg(body[i].y1 < table_top, "a row of the table "
			"taken for running text (%d..%d)", body[i].y0,
			body[i].y1);
	free(body);
	free(im.pixels);
}
END_TEST

START_TEST(running_text_of_thin_letters_goes)
{
	/*
	 * Prose at the resolution pages are read at, in light print: the
	 * thin letters (i, l, t) and the arches of n and h leave columns
	 * with too little ink to count, which are no gaps between columns
	 * of a table.  Every line under the titles' fifth of the page goes.
	 */
	struct tvk_image im = scan(TVK_IMAGE_DPI, 0, 0, 4, false);
	for (size_t i = 0; i < (size_t)im.width * (size_t)im.height; i++)
		im.pixels[i] = (unsigned char)(255 - (255 - im.pixels[i]) *
			2 / 3);
	struct tvk_band *lines, *body;
	size_t n = tvk_image_lines(&im, &lines);
	size_t k = tvk_image_body_text(&im, &body);
	int top = lines[0].y0, bottom = lines[n - 1].y1;
	size_t below = 0;
	for (size_t i = 0; i < n; i++)
		below += lines[i].y0 > top + (bottom - top) / 5;
	ck_assert_uint_ge(n, 20);
	ck_assert_msg(k == below, "%zu of the %zu lines of prose under the "
		"titles go", k, below);
	free(lines);
	free(body);
	free(im.pixels);
}
END_TEST

START_TEST(turning_over_keeps_the_frame)
{
	struct tvk_image im = scan(200, 2, 0.9, 2, true);
	struct tvk_page_image pi;
	ck_assert_int_eq(tvk_image_prepare(&im, TVK_IMAGE_DPI, &pi), 0);
	struct tvk_frame before = pi.to_page;
	double sx, sy;
	mark_on_scan(&im, 2, 0.9, &sx, &sy);
	struct tvk_frame back = tvk_frame_invert(&pi.to_page);
	struct tvk_box u = tvk_frame_box(&back, (struct tvk_box){sx, sy, sx,
		sy});
	ck_assert(dark_at(&pi.image, u.x0, u.y0));
	tvk_page_image_turn_over(&pi);
	tvk_page_image_turn_over(&pi);
	ck_assert(fabs(before.xx - pi.to_page.xx) < 1e-9 &&
		fabs(before.x0 - pi.to_page.x0) < 1e-9 &&
		fabs(before.y0 - pi.to_page.y0) < 1e-9);
	/* turned over: the frame finds the mark in the opposite corner,
	 * on its ink */
	tvk_page_image_turn_over(&pi);
	back = tvk_frame_invert(&pi.to_page);
	struct tvk_box v = tvk_frame_box(&back, (struct tvk_box){sx, sy, sx,
		sy});
	double w = pi.image.width * 72.0 / pi.image.dpi;
	double h = pi.image.height * 72.0 / pi.image.dpi;
	ck_assert(fabs(v.x0 - (w - u.x0)) < 1 && fabs(v.y0 - (h - u.y0)) < 1);
	ck_assert(dark_at(&pi.image, v.x0, v.y0));
	tvk_page_image_finish(&pi);
	free(im.pixels);
}
END_TEST

START_TEST(specks_go_and_print_stays)
{
	/* A page of prose and a table, dusted with dark specks of one to
	 * four pixels on its white: every speck goes, the print stays
	 * (the dots of i and j, full stops and the thousands' dots in its
	 * counts included). */
	struct tvk_image im = scan(300, 0, 0, 1, true);
	size_t n = (size_t)im.width * (size_t)im.height;
	unsigned char *print = malloc(n);
	size_t inked = 0;
	for (size_t i = 0; i < n; i++) {
		print[i] = im.pixels[i] < 140;
		inked += print[i];
	}
	unsigned char *speck = calloc(n, 1);
	uint32_t seed = 12345;
	size_t specks = 0;
	for (int k = 0; k < 4000; k++) {
		seed = seed * 1103515245u + 12345u;
		int x = (int)(seed >> 8) % (im.width - 20) + 10;
		seed = seed * 1103515245u + 12345u;
		int y = (int)(seed >> 8) % (im.height - 20) + 10;
		int size = 1 + (int)(seed >> 28) % 2; /* 1 x 1 to 2 x 2 */
		bool clear = true; /* white for 6 pixels around */
		for (int dy = -6; dy < size + 6 && clear; dy++)
			for (int dx = -6; dx < size + 6 && clear; dx++)
				clear = im.pixels[(size_t)(y + dy) *
					(size_t)im.width + (size_t)(x + dx)] > 200;
		if (!clear)
			continue;
		for (int dy = 0; dy < size; dy++)
			for (int dx = 0; dx < size; dx++) {
				size_t at = (size_t)(y + dy) * (size_t)im.width +
					(size_t)(x + dx);
				im.pixels[at] = 20;
				speck[at] = 1;
			}
		specks++;
	}
	ck_assert_uint_gt(specks, 1000);
	tvk_image_despeckle(&im);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (speck[i])
			ck_assert_msg(im.pixels[i] == 255, "a speck stays");
		kept += print[i] && im.pixels[i] < 140;
	}
	ck_assert_msg(kept * 1000 >= inked * 999, "%zu of %zu dark pixels of "
		"the print kept", kept, inked);
	free(speck);
	free(print);
	free(im.pixels);
}
END_TEST

static Suite *image_suite(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("image");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, turned_and_skewed_pages_come_upright);
	tcase_add_test(tc, two_tone_and_worn_scans);
	tcase_add_test(tc, frames_compose_and_invert);
	tcase_add_test(tc, running_text_is_told_from_titles_and_tables);
	tcase_add_test(tc, running_text_of_thin_letters_goes);
	tcase_add_test(tc, turning_over_keeps_the_frame);
	tcase_add_test(tc, specks_go_and_print_stays);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(image_suite)
