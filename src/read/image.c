/*
 * The image stage (image.h): a scanned page's picture made fit to read.
 *
 * Every step is measured on the picture itself, never assumed from how
 * it was made: whether it has two tones only, how it is lit, which way
 * up it lies and how far it is skewed.  The steps, in order:
 *
 * - two tones (a 1-bit scan, thresholded or dithered) are blurred back
 *   into grey at the scan's own resolution: a dither's dots are no
 *   strokes, and tesseract reads the grey they stand for;
 * - the picture is scaled to TVK_IMAGE_DPI;
 * - the background is measured block by block and divided out (uneven
 *   light, a lid's shadow, paper tone), and the contrast stretched (faded
 *   ink, the faint print of a page's back showing through);
 * - the direction of its text lines is found from the gaps between ink:
 *   letters stand close beside each other and lines far apart, so the
 *   short gaps run along a line and the long ones across;
 * - the skew is the angle at which the ink's projection across the lines
 *   is sharpest;
 * - one rotation sets its lines across and straight.  Whether they then
 *   stand on their heads the ink does not tell reliably (a table is
 *   digits and capitals): the reader asks tesseract (pipeline/convert.c),
 *   and tvk_page_image_turn_over() turns the picture and its frame.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "read/image.h"

#include "base/arena.h"
#include "base/macros.h"

/* A picture larger than this is not a page scan (A3 at 600 dpi is 70
 * million pixels): it is not turned. */
#define MAX_PIXELS 80e6

/* Ink, on a picture whose background has been evened out to white. */
#define INK 140

static const double PI = 3.14159265358979323846;

void tvk_page_image_finish(struct tvk_page_image *pi)
{
	if (!pi)
		return;
	free(pi->image.pixels);
	pi->image.pixels = NULL;
}

static struct tvk_image new_image(int w, int h, double dpi)
{
	return (struct tvk_image){tvk_xmalloc((size_t)w * (size_t)h), w, h, w,
		dpi};
}

static unsigned char *pixel(const struct tvk_image *im, int x, int y)
{
	return im->pixels + (size_t)y * (size_t)im->stride + (size_t)x;
}

/*
 * Two tones: nearly every pixel black or white.  A grey scan has its
 * anti-aliased edges and its paper's tone; a 1-bit one, rendered at its
 * own resolution, has none.
 */
static bool is_bilevel(const struct tvk_image *im)
{
	size_t mid = 0, n = 0;
	for (int y = 0; y < im->height; y += 3)
		for (int x = 0; x < im->width; x += 3) {
			unsigned char v = *pixel(im, x, y);
			mid += v > 40 && v < 215;
			n++;
		}
	return n > 0 && mid * 100 < n * 2;
}

/* A 3 x 3 box blur, in place. */
static void blur3(struct tvk_image *im)
{
	int w = im->width, h = im->height;
	uint16_t *rows = tvk_xmalloc((size_t)w * (size_t)h * sizeof(*rows));
	for (int y = 0; y < h; y++) {
		const unsigned char *p = pixel(im, 0, y);
		uint16_t *r = rows + (size_t)y * (size_t)w;
		for (int x = 0; x < w; x++)
			r[x] = (uint16_t)(p[x > 0 ? x - 1 : 0] + p[x] +
				p[x + 1 < w ? x + 1 : w - 1]);
	}
	for (int y = 0; y < h; y++) {
		const uint16_t *a = rows + (size_t)(y > 0 ? y - 1 : 0) * (size_t)w;
		const uint16_t *b = rows + (size_t)y * (size_t)w;
		const uint16_t *c = rows + (size_t)(y + 1 < h ? y + 1 : h - 1) *
			(size_t)w;
		unsigned char *p = pixel(im, 0, y);
		for (int x = 0; x < w; x++)
			p[x] = (unsigned char)((a[x] + b[x] + c[x] + 4) / 9);
	}
	free(rows);
}

/* Where output pixel @o of a row (or column) scaled by @k falls on the
 * @n source pixels: the left (upper) one of the two it lies between, and
 * into *@weight how far towards the other, in 256ths. */
static int source_at(int o, double k, int n, int *weight)
{
	double s = (o + 0.5) / k - 0.5;
	s = s < 0 ? 0 : s;
	int i = (int)s;
	if (i >= n - 1) {
		i = n > 1 ? n - 2 : 0;
		s = n > 1 ? n - 1 : 0;
	}
	*weight = (int)lround((s - i) * 256);
	return i;
}

/* @im scaled by @k, bilinear (the scale is between 1/2 and 4). */
static struct tvk_image scale(const struct tvk_image *im, double k, double dpi)
{
	int w = (int)lround(im->width * k), h = (int)lround(im->height * k);
	w = w < 1 ? 1 : w;
	h = h < 1 ? 1 : h;
	struct tvk_image out = new_image(w, h, dpi);
	int *x0 = tvk_xmalloc((size_t)w * sizeof(*x0));
	int *wx = tvk_xmalloc((size_t)w * sizeof(*wx));
	for (int x = 0; x < w; x++)
		x0[x] = source_at(x, k, im->width, &wx[x]);
	for (int y = 0; y < h; y++) {
		int wy;
		int j = source_at(y, k, im->height, &wy);
		const unsigned char *a = pixel(im, 0, j);
		const unsigned char *b = im->height > 1 ? pixel(im, 0, j + 1) : a;
		unsigned char *o = pixel(&out, 0, y);
		for (int x = 0; x < w; x++) {
			int i = x0[x], i1 = im->width > 1 ? i + 1 : i;
			int top = a[i] * (256 - wx[x]) + a[i1] * wx[x];
			int bot = b[i] * (256 - wx[x]) + b[i1] * wx[x];
			o[x] = (unsigned char)((top * (256 - wy) + bot * wy +
				32768) >> 16);
		}
	}
	free(x0);
	free(wx);
	return out;
}

/* The value below which @pct percent of @hist's @n pixels lie. */
static int percentile(const unsigned *hist, unsigned n, unsigned pct)
{
	unsigned want = (unsigned)((uint64_t)n * pct / 100), seen = 0;
	for (int v = 0; v < 256; v++) {
		seen += hist[v];
		if (seen > want)
			return v;
	}
	return 255;
}

/*
 * Evens out the background: the paper's brightness, block by block (the
 * bright end of each block's pixels, which ink covers little of), is
 * interpolated across the page and divided out; then the darkest ink is
 * made black and what is nearly paper white.
 */
#define BLOCK 64

static void normalise(struct tvk_image *im)
{
	int w = im->width, h = im->height;
	int bw = (w + BLOCK - 1) / BLOCK, bh = (h + BLOCK - 1) / BLOCK;
	float *bg = tvk_xmalloc((size_t)bw * (size_t)bh * sizeof(*bg));
	unsigned all[256] = {0};
	for (int by = 0; by < bh; by++)
		for (int bx = 0; bx < bw; bx++) {
			unsigned hist[256] = {0}, n = 0;
			for (int y = by * BLOCK; y < h && y < (by + 1) * BLOCK;
					y += 2)
				for (int x = bx * BLOCK; x < w &&
						x < (bx + 1) * BLOCK; x += 2) {
					hist[*pixel(im, x, y)]++;
					n++;
				}
			int v = percentile(hist, n, 85);
			bg[by * bw + bx] = (float)(v < 32 ? 32 : v);
		}
	/* Each pixel's background, bilinear between block centres: each
	 * row's between the block rows first, then along the row. */
	int *xi = tvk_xmalloc((size_t)w * sizeof(*xi));
	float *xt = tvk_xmalloc((size_t)w * sizeof(*xt));
	float *row = tvk_xmalloc((size_t)bw * sizeof(*row));
	for (int x = 0; x < w; x++) {
		double fx = (x + 0.5) / BLOCK - 0.5;
		int i = fx < 0 ? 0 : (int)fx;
		i = i >= bw - 1 ? (bw > 1 ? bw - 2 : 0) : i;
		double tx = fx - i;
		xi[x] = i;
		xt[x] = (float)(tx < 0 ? 0 : tx > 1 ? 1 : tx);
	}
	for (int y = 0; y < h; y++) {
		double fy = (y + 0.5) / BLOCK - 0.5;
		int j = fy < 0 ? 0 : (int)fy;
		j = j >= bh - 1 ? (bh > 1 ? bh - 2 : 0) : j;
		float ty = (float)(fy - j);
		ty = ty < 0 ? 0 : ty > 1 ? 1 : ty;
		const float *r0 = bg + (size_t)j * (size_t)bw;
		const float *r1 = bh > 1 ? r0 + bw : r0;
		for (int i = 0; i < bw; i++)
			row[i] = r0[i] + (r1[i] - r0[i]) * ty;
		unsigned char *p = pixel(im, 0, y);
		for (int x = 0; x < w; x++) {
			int i = xi[x], i1 = bw > 1 ? i + 1 : i;
			float b = row[i] + (row[i1] - row[i]) * xt[x];
			float v = p[x] * 255.0f / b;
			p[x] = (unsigned char)(v > 255 ? 255 : v);
		}
		for (int x = 0; x < w; x++)
			all[p[x]]++;
	}
	free(row);
	free(xi);
	free(xt);
	free(bg);
	unsigned n = (unsigned)w * (unsigned)h;
	/* the darkest half percent of the page is its ink */
	int lo = 0, hi = 232;
	unsigned seen = 0, want = n / 200;
	for (int v = 0; v < 256; v++) {
		seen += all[v];
		if (seen > want) {
			lo = v;
			break;
		}
	}
	if (hi - lo < 40)
		return; /* no ink to speak of */
	unsigned char map[256];
	for (int v = 0; v < 256; v++) {
		int m = (v - lo) * 255 / (hi - lo);
		map[v] = (unsigned char)(m < 0 ? 0 : m > 255 ? 255 : m);
	}
	for (int y = 0; y < h; y++) {
		unsigned char *p = pixel(im, 0, y);
		for (int x = 0; x < w; x++)
			p[x] = map[p[x]];
	}
}

/*
 * The ink of @im at half its resolution (125 or 150 dpi), as a mask: what
 * the orientation and the skew are measured on.
 */
struct mask {
	unsigned char *ink; /* 1 where ink */
	int w, h;
};

/* The sums of @v (w x h) over every rectangle from the origin:
 * (w + 1) x (h + 1) of them. */
static uint32_t *integral(const unsigned char *v, int w, int h)
{
	uint32_t *s = tvk_xcalloc((size_t)(w + 1) * (size_t)(h + 1),
		sizeof(*s));
	for (int y = 0; y < h; y++) {
		uint32_t row = 0;
		for (int x = 0; x < w; x++) {
			row += v[(size_t)y * (size_t)w + (size_t)x];
			s[(size_t)(y + 1) * (size_t)(w + 1) + (size_t)(x + 1)] =
				s[(size_t)y * (size_t)(w + 1) + (size_t)(x + 1)] +
				row;
		}
	}
	return s;
}

/* The sum of the box of @r around (@x, @y) in integral @s. */
static uint32_t box_sum(const uint32_t *s, int w, int h, int x, int y, int r)
{
	int x0 = x - r < 0 ? 0 : x - r, y0 = y - r < 0 ? 0 : y - r;
	int x1 = x + r + 1 > w ? w : x + r + 1, y1 = y + r + 1 > h ? h :
		y + r + 1;
	size_t W = (size_t)w + 1;
	return s[(size_t)y1 * W + (size_t)x1] - s[(size_t)y0 * W + (size_t)x1] -
		s[(size_t)y1 * W + (size_t)x0] + s[(size_t)y0 * W + (size_t)x0];
}

static struct mask ink_mask(const struct tvk_image *im)
{
	struct mask m = {NULL, im->width / 2, im->height / 2};
	size_t n = (size_t)(m.w > 0 ? m.w : 1) * (size_t)(m.h > 0 ? m.h : 1);
	m.ink = tvk_xcalloc(n, 1);
	for (int y = 0; y < m.h; y++) {
		const unsigned char *a = pixel(im, 0, 2 * y);
		const unsigned char *b = pixel(im, 0, 2 * y + 1);
		unsigned char *o = m.ink + (size_t)y * (size_t)m.w;
		for (int x = 0; x < m.w; x++)
			o[x] = a[2 * x] + a[2 * x + 1] + b[2 * x] +
				b[2 * x + 1] < 4 * INK;
	}
	/* Solid black is no print: a scanner lid's dark edge, the margin
	 * beyond a skewed page, a blacked-out box.  Its straight border
	 * would outweigh every line of text in the skew's measure; it and
	 * what lies close to it are left out.  No stroke of the print is
	 * 5 pixels thick here (a 25th or a 30th of an inch). */
	uint32_t *s = integral(m.ink, m.w, m.h);
	unsigned char *solid = tvk_xcalloc(n, 1);
	bool any = false;
	for (int y = 2; y + 2 < m.h; y++)
		for (int x = 2; x + 2 < m.w; x++)
			if (box_sum(s, m.w, m.h, x, y, 2) == 25) {
				solid[(size_t)y * (size_t)m.w + (size_t)x] = 1;
				any = true;
			}
	if (any) {
		uint32_t *t = integral(solid, m.w, m.h);
		for (int y = 0; y < m.h; y++)
			for (int x = 0; x < m.w; x++)
				if (box_sum(t, m.w, m.h, x, y, 5) > 0)
					m.ink[(size_t)y * (size_t)m.w +
						(size_t)x] = 0;
		free(t);
	}
	free(solid);
	free(s);
	return m;
}

/* The mask turned a quarter round (clockwise). */
static struct mask turn_mask(const struct mask *m)
{
	struct mask t = {tvk_xmalloc((size_t)m->w * (size_t)m->h), m->h, m->w};
	for (int y = 0; y < m->h; y++)
		for (int x = 0; x < m->w; x++)
			t.ink[(size_t)x * (size_t)t.w + (size_t)(m->h - 1 - y)] =
				m->ink[(size_t)y * (size_t)m->w + (size_t)x];
	return t;
}

/*
 * The mean of the short white gaps between ink along rows (@across
 * false) or along columns: gaps up to 50 pixels (two fifths or a third
 * of an inch), so that margins and column gutters do not count.  Along a
 * line of text the gaps are those between letters and words; across it,
 * between lines.
 */
static double mean_gap(const struct mask *m, bool across)
{
	int outer = across ? m->w : m->h, inner = across ? m->h : m->w;
	uint64_t sum = 0, n = 0;
	for (int o = 0; o < outer; o += 2) {
		int last = -1;
		for (int i = 0; i < inner; i++) {
			size_t at = across ? (size_t)i * (size_t)m->w + (size_t)o :
				(size_t)o * (size_t)m->w + (size_t)i;
			if (!m->ink[at])
				continue;
			int gap = i - last - 1;
			if (last >= 0 && gap > 0 && gap <= 50) {
				sum += (uint64_t)gap;
				n++;
			}
			last = i;
		}
	}
	return n ? (double)sum / (double)n : 0;
}

/*
 * How sharp the projection of the ink across lines skewed by @deg is:
 * the sum of squared differences between neighbouring bins, which
 * straight lines of text make largest (their bands start and end on
 * one row each).
 */
static double sharpness(const int *xs, const int *ys, size_t n, int h,
		double deg, int *bins, int nbins)
{
	double t = tan(deg * PI / 180);
	memset(bins, 0, (size_t)nbins * sizeof(*bins));
	int pad = (nbins - h) / 2;
	for (size_t i = 0; i < n; i++) {
		int b = (int)lround(ys[i] - xs[i] * t) + pad;
		if (b >= 0 && b < nbins)
			bins[b]++;
	}
	double s = 0;
	for (int b = 0; b < nbins; b++)
		s += (double)bins[b] * bins[b];
	return s;
}

#define MAX_SKEW 5.0

/* The skew of the lines of @m (degrees; positive: they fall to the
 * right), searched to a twentieth of a degree within MAX_SKEW. */
static double find_skew(const struct mask *m)
{
	size_t n = 0, cap = 0;
	int *xs = NULL, *ys = NULL;
	size_t capy = 0;
	/* every row (a row left out would stand out as an empty bin at
	 * no skew), every other column */
	for (int y = 0; y < m->h; y++)
		for (int x = 0; x < m->w; x += 2)
			if (m->ink[(size_t)y * (size_t)m->w + (size_t)x]) {
				tvk_grow((void **)&xs, &cap, n + 1, sizeof(*xs));
				tvk_grow((void **)&ys, &capy, n + 1, sizeof(*ys));
				xs[n] = x - m->w / 2;
				ys[n] = y;
				n++;
			}
	if (n < 100) {
		free(xs);
		free(ys);
		return 0;
	}
	int nbins = m->h + 2 * (int)(m->w * tan(MAX_SKEW * PI / 180)) + 4;
	int *bins = tvk_xmalloc((size_t)nbins * sizeof(*bins));
	double best = 0, best_s = -1;
	for (double d = -MAX_SKEW; d <= MAX_SKEW + 1e-9; d += 0.25) {
		double s = sharpness(xs, ys, n, m->h, d, bins, nbins);
		if (s > best_s) {
			best_s = s;
			best = d;
		}
	}
	double around = best;
	for (double d = around - 0.25; d <= around + 0.25 + 1e-9; d += 0.05) {
		double s = sharpness(xs, ys, n, m->h, d, bins, nbins);
		if (s > best_s) {
			best_s = s;
			best = d;
		}
	}
	free(bins);
	free(xs);
	free(ys);
	return fabs(best) < 0.025 ? 0 : best;
}

/* Quarter turns (0 or 1, clockwise) that set the lines of @m across the
 * page, and the skew left after them; @m is turned with them. */
static int lines_across(struct mask *m, double *skew)
{
	int turns = 0;
	/* Lines run across the rows when the gaps along the rows are the
	 * shorter ones. */
	double along = mean_gap(m, false), across = mean_gap(m, true);
	if (along > 0 && across > 0 && along > across * 1.15) {
		struct mask t = turn_mask(m);
		free(m->ink);
		*m = t;
		turns = 1;
	}
	*skew = find_skew(m);
	return turns;
}

int tvk_image_orientation(const struct tvk_image *image, double *skew)
{
	struct mask m = ink_mask(image);
	int turns = lines_across(&m, skew);
	free(m.ink);
	return turns;
}

/* @im at pixel position (@sx, @sy), between pixel centres bilinearly;
 * white beyond its edges by more than half a pixel. */
static unsigned char sample(const struct tvk_image *im, double sx, double sy)
{
	if (sx < -0.5 || sy < -0.5 || sx > im->width - 0.5 ||
			sy > im->height - 0.5)
		return 255;
	int i = (int)sx, j = (int)sy; /* floor, for >= -0.5 */
	i -= sx < i;
	j -= sy < j;
	double fx = sx - i, fy = sy - j;
	int i0 = i < 0 ? 0 : i, j0 = j < 0 ? 0 : j;
	int i1 = i + 1 >= im->width ? im->width - 1 : i + 1;
	int j1 = j + 1 >= im->height ? im->height - 1 : j + 1;
	double v = (*pixel(im, i0, j0) * (1 - fx) + *pixel(im, i1, j0) * fx) *
		(1 - fy) + (*pixel(im, i0, j1) * (1 - fx) +
		*pixel(im, i1, j1) * fx) * fy;
	return (unsigned char)(v + 0.5);
}

/*
 * @im turned by @turns quarter turns and @deg degrees more (clockwise),
 * bilinear, on a canvas that holds all of it (white beyond), into @out;
 * the frame from @out's points to @im's into @frame.
 */
static void rotate(const struct tvk_image *im, int turns, double deg,
		struct tvk_image *out, struct tvk_frame *frame)
{
	double phi = (turns * 90.0 + deg) * PI / 180;
	double c = cos(phi), s = sin(phi);
	if (fabs(c) < 1e-12)
		c = 0;
	if (fabs(s) < 1e-12)
		s = 0;
	double W = im->width, H = im->height;
	int w = (int)ceil(fabs(W * c) + fabs(H * s) - 1e-6);
	int h = (int)ceil(fabs(W * s) + fabs(H * c) - 1e-6);
	*out = new_image(w, h, im->dpi);
	double cx = W / 2, cy = H / 2, ox = w / 2.0, oy = h / 2.0;
	/*
	 * source = R(-phi) (o - centre') + centre, stepped along each row
	 * in fixed point (16 bits of fraction; what the steps' rounding
	 * adds up to over a row is a fiftieth of a pixel), shifted by one
	 * pixel so that every position inside is positive; weights in
	 * 256ths, as scale() has them.
	 */
	const int64_t one = 1 << 16;
	int64_t step_x = llround(c * one), step_y = llround(-s * one);
	int64_t max_x = (int64_t)llround((W + 0.5) * one);
	int64_t max_y = (int64_t)llround((H + 0.5) * one);
	for (int y = 0; y < h; y++) {
		unsigned char *o = pixel(out, 0, y);
		double dy = y + 0.5 - oy, dx = 0.5 - ox;
		int64_t sx = llround((c * dx + s * dy + cx + 0.5) * one);
		int64_t sy = llround((-s * dx + c * dy + cy + 0.5) * one);
		for (int x = 0; x < w; x++, sx += step_x, sy += step_y) {
			if (sx < one / 2 || sy < one / 2 || sx > max_x ||
					sy > max_y) {
				o[x] = 255;
				continue;
			}
			int i = (int)(sx >> 16) - 1, j = (int)(sy >> 16) - 1;
			int fx = (int)(sx & (one - 1)) >> 8;
			int fy = (int)(sy & (one - 1)) >> 8;
			int i0 = i < 0 ? 0 : i, j0 = j < 0 ? 0 : j;
			int i1 = i + 1 >= im->width ? im->width - 1 : i + 1;
			int j1 = j + 1 >= im->height ? im->height - 1 : j + 1;
			const unsigned char *a = pixel(im, 0, j0);
			const unsigned char *b = pixel(im, 0, j1);
			int top = a[i0] * (256 - fx) + a[i1] * fx;
			int bot = b[i0] * (256 - fx) + b[i1] * fx;
			o[x] = (unsigned char)((top * (256 - fy) + bot * fy +
				32768) >> 16);
		}
	}
	/* In points: page = R(-phi) (u - centre'/r) + centre/r, r the
	 * pixels per point. */
	double r = im->dpi / 72.0;
	frame->xx = c;
	frame->xy = s;
	frame->yx = -s;
	frame->yy = c;
	frame->x0 = cx / r - (c * ox + s * oy) / r;
	frame->y0 = cy / r - (-s * ox + c * oy) / r;
}

int tvk_image_prepare(const struct tvk_image *render, double dpi,
		struct tvk_page_image *out)
{
	memset(out, 0, sizeof(*out));
	if (!render->pixels || render->width < 8 || render->height < 8 ||
			render->dpi <= 0 || dpi <= 0 || (double)render->width *
			render->height > MAX_PIXELS)
		return -1;
	struct tvk_image grey = new_image(render->width, render->height,
		render->dpi);
	for (int y = 0; y < render->height; y++)
		memcpy(pixel(&grey, 0, y), render->pixels + (size_t)y *
			(size_t)render->stride, (size_t)render->width);
	out->bilevel = is_bilevel(&grey);
	if (out->bilevel) {
		blur3(&grey);
		blur3(&grey);
	}
	double k = dpi / render->dpi;
	if (fabs(k - 1) > 0.01) {
		struct tvk_image s = scale(&grey, k < 0.5 ? 0.5 : k > 4 ? 4 : k,
			dpi);
		free(grey.pixels);
		grey = s;
	}
	grey.dpi = dpi;
	normalise(&grey);

	double deg = 0;
	int turns = tvk_image_orientation(&grey, &deg);
	/* lines that fall to the right by deg are straightened by turning
	 * the picture back */
	out->turns = turns;
	out->skew = -deg;
	/* the frame from the scaled picture's points to the page's */
	double sx = (double)render->width / grey.width;
	double sy = (double)render->height / grey.height;
	struct tvk_frame to_grey;
	if (turns == 0 && deg == 0) {
		out->image = grey;
		to_grey = tvk_frame_identity();
	} else {
		rotate(&grey, turns, out->skew, &out->image, &to_grey);
		free(grey.pixels);
	}
	/* render pixels = grey points * r * s; page points = render
	 * pixels * 72 / render dpi */
	double r = dpi / 72.0;
	double kx = r * sx * 72.0 / render->dpi, ky = r * sy * 72.0 /
		render->dpi;
	out->to_page = (struct tvk_frame){
		to_grey.xx * kx, to_grey.xy * kx, to_grey.x0 * kx,
		to_grey.yx * ky, to_grey.yy * ky, to_grey.y0 * ky,
	};
	return 0;
}

int tvk_image_in_frame(const struct tvk_image *im,
		const struct tvk_frame *f, struct tvk_image *out)
{
	if (!im->pixels || im->dpi <= 0)
		return -1;
	*out = new_image(im->width, im->height, im->dpi);
	double r = im->dpi / 72.0;
	for (int y = 0; y < out->height; y++) {
		unsigned char *o = pixel(out, 0, y);
		double uy = (y + 0.5) / r;
		for (int x = 0; x < out->width; x++) {
			double ux = (x + 0.5) / r, px, py;
			tvk_frame_point(f, ux, uy, &px, &py);
			o[x] = sample(im, px * r - 0.5, py * r - 0.5);
		}
	}
	return 0;
}

void tvk_image_despeckle(struct tvk_image *im)
{
	int w = im->width, h = im->height;
	unsigned char *dark = tvk_xmalloc((size_t)w * (size_t)h);
	for (int y = 0; y < h; y++) {
		const unsigned char *p = pixel(im, 0, y);
		for (int x = 0; x < w; x++)
			dark[(size_t)y * (size_t)w + (size_t)x] = p[x] < INK;
	}
	uint32_t *sum = integral(dark, w, h);
	for (int y = 0; y < h; y++) {
		unsigned char *p = pixel(im, 0, y);
		const unsigned char *d = dark + (size_t)y * (size_t)w;
		for (int x = 0; x < w; x++)
			if (d[x] && box_sum(sum, w, h, x, y, 3) < 7)
				p[x] = 255;
	}
	free(sum);
	free(dark);
}

void tvk_page_image_turn_over(struct tvk_page_image *pi)
{
	struct tvk_image *im = &pi->image;
	for (int y = 0; y < (im->height + 1) / 2; y++) {
		unsigned char *a = pixel(im, 0, y);
		unsigned char *b = pixel(im, 0, im->height - 1 - y);
		int w = im->width;
		for (int x = 0; x < w; x++) {
			if (a == b && x >= w - 1 - x)
				break; /* the middle row, halfway */
			unsigned char t = a[x];
			a[x] = b[w - 1 - x];
			b[w - 1 - x] = t;
		}
	}
	/* a point u of the turned picture is (W - x, H - y) of the one
	 * before */
	double W = im->width * 72.0 / im->dpi, H = im->height * 72.0 / im->dpi;
	struct tvk_frame f = pi->to_page;
	pi->to_page = (struct tvk_frame){
		-f.xx, -f.xy, f.xx * W + f.xy * H + f.x0,
		-f.yx, -f.yy, f.yx * W + f.yy * H + f.y0,
	};
	pi->turns = (pi->turns + 2) % 4;
}

/*
 * The runs of dark pixels of @im longer than @len along rows (@down
 * false) or down columns: a table's rules, a page's dark edge, a shaded
 * band — never a glyph.  Marks them in @rule (one byte per pixel).
 */
static void mark_rules(const struct tvk_image *im, int len, bool down,
		unsigned char *rule)
{
	int w = im->width, h = im->height;
	if (!down) {
		for (int y = 0; y < h; y++) {
			const unsigned char *p = pixel(im, 0, y);
			unsigned char *r = rule + (size_t)y * (size_t)w;
			int start = -1;
			for (int x = 0; x <= w; x++) {
				bool dark = x < w && p[x] < INK;
				if (dark && start < 0)
					start = x;
				if (dark || start < 0)
					continue;
				if (x - start >= len)
					memset(r + start, 1, (size_t)(x - start));
				start = -1;
			}
		}
		return;
	}
	/* down the columns, row by row (the picture's order in memory),
	 * each column's run where it started */
	int *start = tvk_xmalloc((size_t)w * sizeof(*start));
	for (int x = 0; x < w; x++)
		start[x] = -1;
	for (int y = 0; y <= h; y++) {
		const unsigned char *p = y < h ? pixel(im, 0, y) : NULL;
		for (int x = 0; x < w; x++) {
			bool dark = p && p[x] < INK;
			if (dark) {
				if (start[x] < 0)
					start[x] = y;
				continue;
			}
			if (start[x] < 0)
				continue;
			if (y - start[x] >= len)
				for (int k = start[x]; k < y; k++)
					rule[(size_t)k * (size_t)w + (size_t)x] = 1;
			start[x] = -1;
		}
	}
	free(start);
}

/*
 * Leaves in @rule (marked by mark_rules() along rows when @down is false,
 * down columns when true) only runs at most @thick pixels thick across
 * their direction: a rule, not a shaded band or a dark block, whose text
 * would go with it.
 */
static void keep_thin(unsigned char *rule, int w, int h, bool down,
		int thick)
{
	/* across a run along the rows is down a column, and the other
	 * way round */
	int n = down ? h : w, m = down ? w : h;
	for (int i = 0; i < n; i++) {
		int start = -1;
		for (int j = 0; j <= m; j++) {
			size_t at = down ? (size_t)i * (size_t)w + (size_t)j :
				(size_t)j * (size_t)w + (size_t)i;
			bool on = j < m && rule[at];
			if (on && start < 0)
				start = j;
			if (on || start < 0)
				continue;
			if (j - start > thick)
				for (int k = start; k < j; k++)
					rule[down ? (size_t)i * (size_t)w +
						(size_t)k : (size_t)k *
						(size_t)w + (size_t)i] = 0;
			start = -1;
		}
	}
}

void tvk_image_wipe_rules(struct tvk_image *im)
{
	int w = im->width, h = im->height;
	if (w < 8 || h < 8)
		return;
	size_t n = (size_t)w * (size_t)h;
	unsigned char *rule = tvk_xcalloc(n, 1);
	unsigned char *down = tvk_xcalloc(n, 1);
	int inch = (int)im->dpi;
	mark_rules(im, inch, false, rule);
	keep_thin(rule, w, h, false, inch / 40);
	mark_rules(im, inch / 2, true, down);
	keep_thin(down, w, h, true, inch / 40);
	for (size_t i = 0; i < n; i++)
		rule[i] |= down[i];
	free(down);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			if (!rule[(size_t)y * (size_t)w + (size_t)x])
				continue;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int px = x + dx, py = y + dy;
					if (px >= 0 && py >= 0 && px < w &&
							py < h)
						*pixel(im, px, py) = 255;
				}
		}
	free(rule);
}

size_t tvk_image_lines(const struct tvk_image *im, struct tvk_band **out)
{
	*out = NULL;
	int w = im->width, h = im->height;
	if (w < 8 || h < 8)
		return 0;
	size_t n = (size_t)w * (size_t)h;
	unsigned char *rule = tvk_xcalloc(n, 1);
	int inch = (int)im->dpi;
	mark_rules(im, inch, false, rule);
	mark_rules(im, inch / 2, true, rule);
	/* ink per row, rules left out; and the ink's extent */
	int *prof = tvk_xcalloc((size_t)h, sizeof(*prof));
	int *left = tvk_xmalloc((size_t)h * sizeof(*left));
	int *right = tvk_xmalloc((size_t)h * sizeof(*right));
	for (int y = 0; y < h; y++) {
		const unsigned char *p = pixel(im, 0, y);
		const unsigned char *r = rule + (size_t)y * (size_t)w;
		left[y] = w;
		right[y] = -1;
		for (int x = 0; x < w; x++)
			if (p[x] < INK && !r[x]) {
				prof[y]++;
				left[y] = x < left[y] ? x : left[y];
				right[y] = x;
			}
	}
	free(rule);
	/* bands: rows with ink, over gaps of a fiftieth of an inch (the
	 * dot of an i, a comma's tail); a row with no more ink than a few
	 * specks (a scan's noise, the back page showing through) has none */
	int bridge = inch / 50, least_ink = w / 400 + 2;
	struct tvk_band *bands = NULL;
	size_t nb = 0, cap = 0;
	for (int y = 0; y < h;) {
		if (prof[y] < least_ink) {
			y++;
			continue;
		}
		int y0 = y, y1 = y, gap = 0;
		for (; y < h; y++) {
			if (prof[y] >= least_ink) {
				y1 = y;
				gap = 0;
			} else if (++gap > bridge) {
				break;
			}
		}
		int x0 = w, x1 = -1;
		for (int k = y0; k <= y1; k++) {
			x0 = left[k] < x0 ? left[k] : x0;
			x1 = right[k] > x1 ? right[k] : x1;
		}
		/* shorter than a thirtieth of an inch: a speck, no line */
		if (y1 - y0 + 1 < inch / 30)
			continue;
		tvk_grow((void **)&bands, &cap, nb + 1, sizeof(*bands));
		bands[nb++] = (struct tvk_band){x0, y0, x1 + 1, y1 + 1};
	}
	/* bands taller than two lines of the page's common height are
	 * lines that touch (or that a grey, speckled background joins):
	 * cut where the least ink is, again and again */
	int *heights = tvk_xmalloc((nb ? nb : 1) * sizeof(*heights));
	for (size_t i = 0; i < nb; i++)
		heights[i] = bands[i].y1 - bands[i].y0;
	for (size_t i = 1; i < nb; i++)
		for (size_t j = i; j > 0 && heights[j] < heights[j - 1]; j--) {
			int t = heights[j];
			heights[j] = heights[j - 1];
			heights[j - 1] = t;
		}
	int common = nb ? heights[nb / 2] : 0;
	free(heights);
	for (size_t i = 0; i < nb && common >= inch / 30; i++) {
		struct tvk_band b = bands[i];
		if (b.y1 - b.y0 < 2 * common)
			continue;
		int cut = -1, least = 0;
		for (int y = b.y0 + common / 2; y < b.y1 - common / 2; y++)
			if (cut < 0 || prof[y] < least) {
				cut = y;
				least = prof[y];
			}
		if (cut < 0)
			continue;
		tvk_grow((void **)&bands, &cap, nb + 1, sizeof(*bands));
		memmove(&bands[i + 2], &bands[i + 1], (nb - i - 1) *
			sizeof(*bands));
		nb++;
		bands[i].y1 = cut;
		bands[i + 1] = (struct tvk_band){b.x0, cut, b.x1, b.y1};
		i--; /* the first half may hold two lines still */
	}
	free(prof);
	free(left);
	free(right);
	*out = bands;
	return nb;
}

/*
 * The white gaps across @b (rows y0..y1 of @im) wider than @wide, between
 * pieces of print at least @piece wide.  The columns with ink are joined
 * over gaps narrower than @piece first: the strokes of a word stand that
 * close, and a thin letter ("i", "l") or the arch of an "n", too faint in
 * a column to count, leaves no gap in it.  Specks (a scan's noise, the
 * back page showing through) are no print, and gaps beside them no gaps.
 */
static int wide_gaps(const struct tvk_image *im, struct tvk_band b, int wide,
		int piece)
{
	int gaps = 0, start = -1, end = -1, last_end = -1;
	for (int x = b.x0; x <= b.x1; x++) {
		int ink = 0;
		for (int y = b.y0; x < b.x1 && y < b.y1 && ink < 3; y++)
			ink += *pixel(im, x, y) < INK;
		if (ink >= 3) {
			if (start < 0)
				start = x;
			end = x + 1;
			continue;
		}
		/* a piece [start, end): ended when white runs on past
		 * @piece, or at the band's end */
		if (start < 0 || (x - end < piece && x < b.x1))
			continue;
		if (end - start >= piece) {
			if (last_end >= 0 && start - last_end > wide)
				gaps++;
			last_end = end;
		}
		start = -1;
	}
	return gaps;
}

size_t tvk_image_body_text(const struct tvk_image *im, struct tvk_band **out)
{
	*out = NULL;
	struct tvk_band *bands;
	size_t n = tvk_image_lines(im, &bands);
	if (n == 0)
		return 0;
	int *heights = tvk_xmalloc(n * sizeof(*heights));
	int widest = 0, top = im->height, bottom = 0;
	for (size_t i = 0; i < n; i++) {
		heights[i] = bands[i].y1 - bands[i].y0;
		widest = bands[i].x1 - bands[i].x0 > widest ?
			bands[i].x1 - bands[i].x0 : widest;
		top = bands[i].y0 < top ? bands[i].y0 : top;
		bottom = bands[i].y1 > bottom ? bands[i].y1 : bottom;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && heights[j] < heights[j - 1]; j--) {
			int t = heights[j];
			heights[j] = heights[j - 1];
			heights[j - 1] = t;
		}
	int common = heights[n / 2];
	free(heights);
	/* On a page with rows of a table (three lines with column gaps),
	 * only the running text above its first row goes: what follows the
	 * table (the register sentence) is read. */
	size_t rows = 0;
	int first_row = im->height;
	for (size_t i = 0; i < n; i++)
		if (wide_gaps(im, bands[i], 2 * common, common / 5) >= 3) {
			rows++;
			first_row = bands[i].y0 < first_row ? bands[i].y0 :
				first_row;
		}
	int until = rows >= 3 ? first_row - 2 * common : im->height;
	/* the top of the text, where titles stand, is always read */
	int head = top + (bottom - top) / 5;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		struct tvk_band b = bands[i];
		int h = b.y1 - b.y0;
		if (b.y0 > head && b.y1 < until &&
				10 * abs(h - common) <= 4 * common &&
				2 * (b.x1 - b.x0) >= widest &&
				wide_gaps(im, b, 3 * common / 2, common / 5) == 0)
			bands[kept++] = b;
	}
	if (kept == 0) {
		free(bands);
		return 0;
	}
	*out = bands;
	return kept;
}
