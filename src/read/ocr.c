/*
 * The OCR stage on libtesseract's C API.  Built only when Meson finds
 * tesseract (the 'ocr' feature); otherwise every entry point says, in one
 * clear sentence, that this tvk cannot OCR.
 *
 * libtesseract is loaded with dlopen the first time a page needs it, not
 * linked: with leptonica, OpenMP and the C++ runtime it costs 20 ms and
 * 8 MB at every start, which a batch of born-digital PDFs — most of an
 * archive — never uses.  The headers still give every function its type.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/macros.h"
#include "config.h"
#include "read/ocr.h"
#include "read/pdf.h"

#ifdef TVK_HAVE_OCR

#include <dlfcn.h>

#include <tesseract/capi.h>

/* The functions of the C API that tvk calls, looked up once. */
#define TESS_FUNCTIONS(X) \
	X(TessBaseAPICreate) X(TessBaseAPIDelete) X(TessBaseAPIInit3) \
	X(TessBaseAPIEnd) X(TessBaseAPIClear) X(TessBaseAPISetVariable) \
	X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage) \
	X(TessBaseAPISetSourceResolution) X(TessBaseAPISetRectangle) \
	X(TessBaseAPIRecognize) X(TessBaseAPIGetUTF8Text) \
	X(TessBaseAPIGetIterator) X(TessResultIteratorGetPageIteratorConst) \
	X(TessResultIteratorGetUTF8Text) X(TessResultIteratorNext) \
	X(TessResultIteratorDelete) X(TessPageIteratorBoundingBox) \
	X(TessDeleteText) X(TessPageIteratorIsAtBeginningOf) \
	X(TessResultIteratorGetChoiceIterator) X(TessChoiceIteratorNext) \
	X(TessChoiceIteratorGetUTF8Text) X(TessChoiceIteratorConfidence) \
	X(TessChoiceIteratorDelete) X(TessResultIteratorConfidence) \
	X(TessBaseAPIMeanTextConf)

static struct {
#define FIELD(name) __typeof__(name) *name;
	TESS_FUNCTIONS(FIELD)
#undef FIELD
} tess;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static bool loaded;
static char load_error[256];

static void load(void)
{
	void *lib = dlopen(TVK_TESSERACT_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(load_error, sizeof(load_error), "tesseract cannot be "
			"loaded (%s); install libtesseract5", dlerror());
		return;
	}
	/* dlsym hands out an object pointer; memcpy makes it the function
	 * pointer it is, which C allows no cast to do. */
#define LOOK_UP(name) { \
		void *sym = dlsym(lib, #name); \
		if (!sym) { \
			snprintf(load_error, sizeof(load_error), "%s lacks " \
				"%s", TVK_TESSERACT_LIB, #name); \
			return; \
		} \
		memcpy(&tess.name, &sym, sizeof(sym)); \
	}
	TESS_FUNCTIONS(LOOK_UP)
#undef LOOK_UP
	loaded = true; /* and never unloaded: its threads may linger */
}

struct tvk_ocr {
	TessBaseAPI *api;
	const struct tvk_image *image; /* between number_begin and _end */
};

bool tvk_ocr_available(void)
{
	pthread_once(&load_once, load);
	return loaded;
}

static pthread_key_t engine_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static bool quieted; /* under start_lock */

static void destroy(void *p)
{
	struct tvk_ocr *ocr = p;
	if (!ocr)
		return;
	tess.TessBaseAPIEnd(ocr->api);
	tess.TessBaseAPIDelete(ocr->api);
	free(ocr);
}

static void make_key(void)
{
	pthread_key_create(&engine_key, destroy);
}

struct tvk_ocr *tvk_ocr_for_thread(struct tvk_error *err)
{
	pthread_once(&key_once, make_key);
	struct tvk_ocr *ocr = pthread_getspecific(engine_key);
	if (ocr)
		return ocr;
	if (!tvk_ocr_available()) {
		tvk_error_set(err, TVK_ERR_OCR, NULL, 0, "%s", load_error);
		return NULL;
	}
	/* Engines start one at a time: some of tesseract's parameters are
	 * globals that every engine shares (debug_file among them), and
	 * setting one while another thread's engine reads it is a race. */
	pthread_mutex_lock(&start_lock);
	TessBaseAPI *api = tess.TessBaseAPICreate();
	/* The publication is Dutch; its numbers read the same in any
	 * language, its names do not. */
	if (!api || tess.TessBaseAPIInit3(api, NULL, "nld") != 0) {
		pthread_mutex_unlock(&start_lock);
		if (api)
			tess.TessBaseAPIDelete(api);
		tvk_error_set(err, TVK_ERR_OCR, NULL, 0, "tesseract cannot start "
			"with Dutch language data (install tesseract-ocr-nld)");
		return NULL;
	}
	/* Quiet: tesseract prints its doubts about each image otherwise.
	 * A global, set by the first engine before any engine runs. */
	if (!quieted) {
		tess.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
		quieted = true;
	}
	tess.TessBaseAPISetVariable(api, "tessedit_do_invert", "0");
	pthread_mutex_unlock(&start_lock);
	ocr = tvk_xcalloc(1, sizeof(*ocr));
	ocr->api = api;
	pthread_setspecific(engine_key, ocr);
	return ocr;
}

void tvk_ocr_release_thread(void)
{
	pthread_once(&key_once, make_key);
	struct tvk_ocr *ocr = pthread_getspecific(engine_key);
	pthread_setspecific(engine_key, NULL);
	destroy(ocr);
}

static double to_points(int pixels, double dpi)
{
	return (double)pixels * 72.0 / dpi;
}

/* What tesseract read, word by word with boxes in points, appended to
 * *@words (*@n of them, room for *@cap). */
static void collect_words(TessBaseAPI *api, double dpi,
		struct tvk_arena *arena, struct tvk_word **words, size_t *n,
		size_t *cap)
{
	TessResultIterator *it = tess.TessBaseAPIGetIterator(api);
	if (!it)
		return;
	const TessPageIterator *pit =
		tess.TessResultIteratorGetPageIteratorConst(it);
	do {
		char *text = tess.TessResultIteratorGetUTF8Text(it, RIL_WORD);
		int l, t, r, b;
		if (text && *text && tess.TessPageIteratorBoundingBox(pit,
				RIL_WORD, &l, &t, &r, &b)) {
			tvk_grow((void **)words, cap, *n + 1, sizeof(**words));
			(*words)[(*n)++] = (struct tvk_word){
				tvk_arena_strdup(arena, text),
				{to_points(l, dpi), to_points(t, dpi),
				 to_points(r, dpi), to_points(b, dpi)},
			};
		}
		tess.TessDeleteText(text);
	} while (tess.TessResultIteratorNext(it, RIL_WORD));
	tess.TessResultIteratorDelete(it);
}

static void set_words(struct tvk_page *out, struct tvk_arena *arena,
		struct tvk_word *words, size_t n)
{
	out->words = tvk_arena_array(arena, n ? n : 1, sizeof(*out->words));
	if (n)
		memcpy(out->words, words, n * sizeof(*words));
	out->n_words = n;
	out->layer = TVK_LAYER_OCR;
	free(words);
}

int tvk_ocr_page(struct tvk_ocr *ocr, const struct tvk_image *image,
		struct tvk_arena *arena, struct tvk_page *out, int *confidence,
		struct tvk_error *err)
{
	TessBaseAPI *api = ocr->api;
	tess.TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	tess.TessBaseAPISetPageSegMode(api, PSM_AUTO);
	tess.TessBaseAPISetImage(api, image->pixels, image->width,
		image->height, 1, image->stride);
	tess.TessBaseAPISetSourceResolution(api, (int)image->dpi);
	if (tess.TessBaseAPIRecognize(api, NULL) != 0) {
		tess.TessBaseAPIClear(api);
		return tvk_error_set(err, TVK_ERR_OCR, NULL, out->number,
			"tesseract could not read the page");
	}
	if (confidence)
		*confidence = tess.TessBaseAPIMeanTextConf(api);
	struct tvk_word *words = NULL;
	size_t n = 0, cap = 0;
	collect_words(api, image->dpi, arena, &words, &n, &cap);
	tess.TessBaseAPIClear(api);
	set_words(out, arena, words, n);
	return 0;
}

/* The rectangle [*x0, *x1) x [*y0, *y1) cut to @image. */
static void clip(const struct tvk_image *image, int *x0, int *y0, int *x1,
		int *y1)
{
	*x0 = *x0 < 0 ? 0 : *x0;
	*y0 = *y0 < 0 ? 0 : *y0;
	*x1 = *x1 > image->width ? image->width : *x1;
	*y1 = *y1 > image->height ? image->height : *y1;
}

/* The pixels of @image under @box (points), cut to the image. */
static void box_pixels(const struct tvk_image *image, struct tvk_box box,
		int *l, int *t, int *r, int *b)
{
	double k = image->dpi / 72.0;
	*l = (int)(box.x0 * k);
	*t = (int)(box.y0 * k);
	*r = (int)(box.x1 * k + 0.999);
	*b = (int)(box.y1 * k + 0.999);
	clip(image, l, t, r, b);
}

/* The @w x @h pixels of @image from (@x0, @y0), inside it, in a buffer of
 * their own (free() it). */
static unsigned char *copy_rect(const struct tvk_image *image, int x0,
		int y0, int w, int h)
{
	unsigned char *crop = tvk_xmalloc((size_t)w * (size_t)h);
	for (int y = 0; y < h; y++)
		memcpy(crop + (size_t)y * (size_t)w, image->pixels +
			(size_t)(y0 + y) * (size_t)image->stride + (size_t)x0,
			(size_t)w);
	return crop;
}

void tvk_ocr_number_begin(struct tvk_ocr *ocr, const struct tvk_image *image)
{
	TessBaseAPI *api = ocr->api;
	ocr->image = image;
	/* One line of digits and separators: what a cell holds. */
	tess.TessBaseAPISetVariable(api, "tessedit_char_whitelist",
		"0123456789.,");
	tess.TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
}

/*
 * The cell's pixels, on a white margin, with the table's rules wiped: a
 * gridded or shaded table draws a line beside almost every count, which
 * tesseract, asked for digits only, reads as a 1 or lets swallow the
 * digit next to it ("ik" for a lone 1).  A rule is a run of dark pixels
 * across nearly the whole crop, which no digit is.
 */
#define CROP_MARGIN 12

static unsigned char *crop_cell(const struct tvk_image *image, int l, int t,
		int w, int h, int *cw, int *ch)
{
	*cw = w + 2 * CROP_MARGIN;
	*ch = h + 2 * CROP_MARGIN;
	unsigned char *c = tvk_xmalloc((size_t)*cw * (size_t)*ch);
	memset(c, 255, (size_t)*cw * (size_t)*ch);
	/* Black and white at a fixed threshold: on a crop this small,
	 * tesseract's own threshold takes a shaded row's grey for ink. */
	for (int y = 0; y < h; y++) {
		const unsigned char *src = image->pixels +
			(size_t)(t + y) * (size_t)image->stride + (size_t)l;
		unsigned char *dst = c + (size_t)(y + CROP_MARGIN) *
			(size_t)*cw + CROP_MARGIN;
		for (int x = 0; x < w; x++)
			dst[x] = src[x] < 140 ? 0 : 255;
	}
	for (int x = 0; x < w; x++) {
		int dark = 0;
		for (int y = 0; y < h; y++)
			dark += c[(size_t)(y + CROP_MARGIN) * (size_t)*cw +
				(size_t)(x + CROP_MARGIN)] < 128;
		if (dark * 10 >= h * 8)
			for (int y = 0; y < h; y++)
				c[(size_t)(y + CROP_MARGIN) * (size_t)*cw +
					(size_t)(x + CROP_MARGIN)] = 255;
	}
	for (int y = 0; y < h; y++) {
		unsigned char *row = c + (size_t)(y + CROP_MARGIN) * (size_t)*cw +
			CROP_MARGIN;
		int dark = 0;
		for (int x = 0; x < w; x++)
			dark += row[x] < 128;
		if (dark * 10 >= w * 8)
			memset(row, 255, (size_t)w);
	}
	return c;
}

/* What tesseract reads in the image set, less spaces and newlines, into
 * @buf; returns its length. */
static size_t read_line(struct tvk_ocr *ocr, char *buf, size_t cap)
{
	char *text = tess.TessBaseAPIGetUTF8Text(ocr->api);
	size_t n = 0;
	for (const char *p = text ? text : ""; *p && n + 1 < cap; p++)
		if (*p != ' ' && *p != '\n')
			buf[n++] = *p;
	buf[n] = '\0';
	if (text)
		tess.TessDeleteText(text);
	return n;
}

/* Reads what is set; a lone narrow digit ("1") is no line to
 * tesseract's layout analysis, but asked for one character it reads it. */
static size_t read_cell(struct tvk_ocr *ocr, char *buf, size_t cap)
{
	size_t n = read_line(ocr, buf, cap);
	if (n == 0) {
		tess.TessBaseAPISetPageSegMode(ocr->api, PSM_SINGLE_CHAR);
		n = read_line(ocr, buf, cap);
		tess.TessBaseAPISetPageSegMode(ocr->api, PSM_SINGLE_LINE);
	}
	return n;
}

const char *tvk_ocr_number(struct tvk_ocr *ocr, struct tvk_box box,
		enum tvk_ocr_view view, struct tvk_arena *arena)
{
	const struct tvk_image *image = ocr->image;
	int l, t, r, b;
	box_pixels(image, box, &l, &t, &r, &b);
	if (r - l < 4 || b - t < 4)
		return NULL;
	char buf[64];
	size_t n;
	if (view == TVK_OCR_PAGE) {
		/* The cell within its surroundings, a cell's height all
		 * round, which tesseract thresholds as a whole, as it did
		 * the page: handed over in place, no copy of ours. */
		int m = b - t > 20 ? b - t : 20;
		int x0 = l - m, y0 = t - m, x1 = r + m, y1 = b + m;
		clip(image, &x0, &y0, &x1, &y1);
		tess.TessBaseAPISetImage(ocr->api, image->pixels +
			(size_t)y0 * (size_t)image->stride + (size_t)x0,
			x1 - x0, y1 - y0, 1, image->stride);
		tess.TessBaseAPISetSourceResolution(ocr->api, (int)image->dpi);
		tess.TessBaseAPISetRectangle(ocr->api, l - x0, t - y0, r - l,
			b - t);
		n = read_cell(ocr, buf, sizeof(buf));
	} else {
		int cw, ch;
		unsigned char *crop = crop_cell(image, l, t, r - l, b - t,
			&cw, &ch);
		tess.TessBaseAPISetImage(ocr->api, crop, cw, ch, 1, cw);
		tess.TessBaseAPISetSourceResolution(ocr->api, (int)image->dpi);
		n = read_cell(ocr, buf, sizeof(buf));
		tess.TessBaseAPIClear(ocr->api);
		free(crop);
	}
	return n ? tvk_arena_strdup(arena, buf) : NULL;
}


/*
 * A row's band across the number columns, read as one line: the counts
 * of a row are printed on one baseline in one font, and tesseract reads
 * a line with its neighbours as context better than each cell alone.
 * The band is cut to the text's height and a little more (the LSTM
 * scales what it is given to 36 pixels: a crop twice the text's height
 * would halve the digits), scaled so that digits are some 30 pixels
 * high, its contrast stretched from its own paper to its own ink (a
 * shaded row's grey is paper), and the table's rules wiped.
 */
#define BAND_MARGIN 10
#define BAND_DIGITS_PX 32.0
#define MAX_BAND_WORDS 16

/*
 * @crop (w x h), made black on white: stretched between its paper and its
 * ink; a rule across it (dark in nearly every stretch of its width, as no
 * row of digits is) wiped, and so is one down it; and only the run of
 * rows with ink around its middle kept — the row's digits, not a rule or
 * the descenders of the row above that the band takes in.
 */
#define RULE_BIN 8

static void clean_band(unsigned char *crop, int w, int h)
{
	unsigned hist[256] = {0};
	for (int i = 0; i < w * h; i++)
		hist[crop[i]]++;
	unsigned n = (unsigned)(w * h), seen = 0;
	int ink = 0, paper = 255;
	for (int v = 0; v < 256; v++) {
		seen += hist[v];
		if (seen <= n / 100)
			ink = v;
		if (seen <= n * 6 / 10)
			paper = v;
	}
	if (paper - ink < 40)
		ink = paper - 40 < 0 ? 0 : paper - 40;
	for (int i = 0; i < w * h; i++) {
		int v = (crop[i] - ink) * 255 / (paper - ink > 0 ? paper - ink : 1);
		crop[i] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
	int bins = (w + RULE_BIN - 1) / RULE_BIN;
	int *dark = tvk_xcalloc((size_t)h, sizeof(*dark));
	for (int y = 0; y < h; y++) {
		unsigned char *row = crop + (size_t)y * (size_t)w;
		int covered = 0;
		for (int b = 0; b < bins; b++) {
			bool any = false;
			for (int x = b * RULE_BIN; x < w && x < (b + 1) * RULE_BIN; x++)
				any = any || row[x] < 128;
			covered += any;
		}
		if (covered * 4 >= bins * 3)
			memset(row, 255, (size_t)w);
		for (int x = 0; x < w; x++)
			dark[y] += row[x] < 128;
	}
	for (int x = 0; x < w; x++) {
		int d = 0;
		for (int y = 0; y < h; y++)
			d += crop[y * w + x] < 128;
		if (d * 10 >= h * 8)
			for (int y = 0; y < h; y++)
				crop[y * w + x] = 255;
	}
	/* the run of inked rows nearest the middle */
	int best0 = -1, best1 = -1, mid = h / 2, best_d = h;
	for (int y = 0; y < h;) {
		if (dark[y] == 0) {
			y++;
			continue;
		}
		int y0 = y;
		while (y < h && dark[y] > 0)
			y++;
		int d = mid < y0 ? y0 - mid : mid >= y ? mid - y + 1 : 0;
		if (d < best_d) {
			best_d = d;
			best0 = y0;
			best1 = y;
		}
	}
	if (best0 >= 0)
		for (int y = 0; y < h; y++)
			if (y < best0 || y >= best1)
				memset(crop + (size_t)y * (size_t)w, 255, (size_t)w);
	free(dark);
}

/* @src (w x h) scaled by @k (bilinear) onto a white margin. */
static unsigned char *scale_band(const unsigned char *src, int w, int h,
		double k, int *ow, int *oh)
{
	int sw = (int)(w * k + 0.5), sh = (int)(h * k + 0.5);
	sw = sw < 1 ? 1 : sw;
	sh = sh < 1 ? 1 : sh;
	*ow = sw + 2 * BAND_MARGIN;
	*oh = sh + 2 * BAND_MARGIN;
	unsigned char *out = tvk_xmalloc((size_t)*ow * (size_t)*oh);
	memset(out, 255, (size_t)*ow * (size_t)*oh);
	for (int y = 0; y < sh; y++) {
		double fy = (y + 0.5) / k - 0.5;
		fy = fy < 0 ? 0 : fy > h - 1 ? h - 1 : fy;
		int j = (int)fy, j1 = j + 1 < h ? j + 1 : j;
		double ty = fy - j;
		unsigned char *o = out + (size_t)(y + BAND_MARGIN) * (size_t)*ow +
			BAND_MARGIN;
		for (int x = 0; x < sw; x++) {
			double fx = (x + 0.5) / k - 0.5;
			fx = fx < 0 ? 0 : fx > w - 1 ? w - 1 : fx;
			int i = (int)fx, i1 = i + 1 < w ? i + 1 : i;
			double tx = fx - i;
			double v = (src[j * w + i] * (1 - tx) + src[j * w + i1] * tx) *
				(1 - ty) + (src[j1 * w + i] * (1 - tx) +
				src[j1 * w + i1] * tx) * ty;
			o[x] = (unsigned char)(v + 0.5);
		}
	}
	return out;
}

/* One symbol of a band: the best reading and the runner-up tesseract's
 * choices give, with their confidences. */
struct symbol {
	char best[8], second[8];
	float best_conf, second_conf;
	bool word_start;
	int l, t, r, b;
};

static void copy_utf8(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/*
 * Another reading of a word: one symbol replaced by its runner-up where
 * tesseract was nearly as sure of it — the look-alike digits (3 and 8, 1
 * and 7) that the sums may tell apart.  The closest first.
 */
static void alternatives(const struct symbol *sym, size_t from, size_t to,
		const char *text, struct tvk_arena *arena, struct tvk_ocr_word *w)
{
	size_t n = 0;
	bool used[64] = {false};
	while (n < TVK_OCR_ALTS) {
		size_t pick = to;
		float gap = 0;
		for (size_t i = from; i < to && i - from < 64; i++) {
			if (used[i - from] || !sym[i].second[0] ||
					strcmp(sym[i].second, sym[i].best) == 0)
				continue;
			float g = sym[i].best_conf - sym[i].second_conf;
			if (g > 40)
				continue;
			if (pick == to || g < gap) {
				pick = i;
				gap = g;
			}
		}
		if (pick == to)
			break;
		used[pick - from] = true;
		char buf[128];
		size_t len = 0;
		for (size_t i = from; i < to; i++) {
			const char *c = i == pick ? sym[i].second : sym[i].best;
			size_t cl = strlen(c);
			if (len + cl + 1 >= sizeof(buf))
				break;
			memcpy(buf + len, c, cl);
			len += cl;
		}
		buf[len] = '\0';
		if (strcmp(buf, text) != 0)
			w->alts[n++] = tvk_arena_strdup(arena, buf);
	}
}

size_t tvk_ocr_band(struct tvk_ocr *ocr, struct tvk_box box,
		double text_height, struct tvk_arena *arena,
		struct tvk_ocr_word **out)
{
	*out = NULL;
	const struct tvk_image *image = ocr->image;
	double k = image->dpi / 72.0;
	int l, t, r, b;
	box_pixels(image, box, &l, &t, &r, &b);
	int w = r - l, h = b - t;
	if (w < 8 || h < 6)
		return 0;
	unsigned char *crop = copy_rect(image, l, t, w, h);
	clean_band(crop, w, h);
	double scale = BAND_DIGITS_PX / (text_height * k);
	scale = scale < 1 ? 1 : scale > 3 ? 3 : scale;
	int sw, sh;
	unsigned char *big = scale_band(crop, w, h, scale, &sw, &sh);
	free(crop);

	TessBaseAPI *api = ocr->api;
	tess.TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	tess.TessBaseAPISetVariable(api, "lstm_choice_mode", "2");
	tess.TessBaseAPISetImage(api, big, sw, sh, 1, sw);
	tess.TessBaseAPISetSourceResolution(api, (int)(image->dpi * scale));
	struct symbol sym[128];
	size_t n_sym = 0;
	if (tess.TessBaseAPIRecognize(api, NULL) == 0) {
		TessResultIterator *it = tess.TessBaseAPIGetIterator(api);
		if (it) {
			const TessPageIterator *pit =
				tess.TessResultIteratorGetPageIteratorConst(it);
			do {
				char *text = tess.TessResultIteratorGetUTF8Text(it,
					RIL_SYMBOL);
				struct symbol *s = &sym[n_sym];
				memset(s, 0, sizeof(*s));
				if (text && *text && tess.TessPageIteratorBoundingBox(
						pit, RIL_SYMBOL, &s->l, &s->t, &s->r,
						&s->b)) {
					copy_utf8(s->best, sizeof(s->best), text);
					s->best_conf = tess.TessResultIteratorConfidence(
						it, RIL_SYMBOL);
					s->word_start = n_sym == 0 ||
						tess.TessPageIteratorIsAtBeginningOf(
						pit, RIL_WORD);
					TessChoiceIterator *ci =
						tess.TessResultIteratorGetChoiceIterator(it);
					/* the first choice is the best; the next
					 * other one is its runner-up */
					while (ci) {
						const char *c =
							tess.TessChoiceIteratorGetUTF8Text(ci);
						if (c && strcmp(c, s->best) != 0) {
							copy_utf8(s->second,
								sizeof(s->second), c);
							s->second_conf =
								tess.TessChoiceIteratorConfidence(ci);
							break;
						}
						if (!tess.TessChoiceIteratorNext(ci))
							break;
					}
					if (ci)
						tess.TessChoiceIteratorDelete(ci);
					n_sym++;
				}
				tess.TessDeleteText(text);
			} while (n_sym < TVK_ARRAY_LEN(sym) &&
				tess.TessResultIteratorNext(it, RIL_SYMBOL));
			tess.TessResultIteratorDelete(it);
		}
	}
	tess.TessBaseAPISetVariable(api, "lstm_choice_mode", "0");
	tess.TessBaseAPIClear(api);
	free(big);

	struct tvk_ocr_word *words = tvk_arena_array(arena, MAX_BAND_WORDS,
		sizeof(*words));
	size_t n = 0;
	for (size_t i = 0; i < n_sym && n < MAX_BAND_WORDS;) {
		size_t j = i + 1;
		while (j < n_sym && !sym[j].word_start)
			j++;
		char text[128];
		size_t len = 0;
		struct tvk_box wb = {1e9, 1e9, -1e9, -1e9};
		float conf = 100;
		for (size_t q = i; q < j; q++) {
			size_t cl = strlen(sym[q].best);
			if (len + cl + 1 < sizeof(text)) {
				memcpy(text + len, sym[q].best, cl);
				len += cl;
			}
			/* back from the scaled band to the page's points */
			double x0 = (sym[q].l - BAND_MARGIN) / scale + l;
			double x1 = (sym[q].r - BAND_MARGIN) / scale + l;
			double y0 = (sym[q].t - BAND_MARGIN) / scale + t;
			double y1 = (sym[q].b - BAND_MARGIN) / scale + t;
			wb.x0 = tvk_min(wb.x0, x0 / k);
			wb.x1 = tvk_max(wb.x1, x1 / k);
			wb.y0 = tvk_min(wb.y0, y0 / k);
			wb.y1 = tvk_max(wb.y1, y1 / k);
			conf = sym[q].best_conf < conf ? sym[q].best_conf : conf;
		}
		text[len] = '\0';
		struct tvk_ocr_word *word = &words[n++];
		memset(word, 0, sizeof(*word));
		word->text = tvk_arena_strdup(arena, text);
		word->box = wb;
		word->conf = (int)conf;
		alternatives(sym, i, j, word->text, arena, word);
		i = j;
	}
	*out = words;
	return n;
}

void tvk_ocr_number_end(struct tvk_ocr *ocr)
{
	tess.TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", "");
	tess.TessBaseAPIClear(ocr->api);
	ocr->image = NULL;
}

#else /* no tesseract */

struct tvk_ocr {
	int unused;
};

bool tvk_ocr_available(void)
{
	return false;
}

struct tvk_ocr *tvk_ocr_for_thread(struct tvk_error *err)
{
	tvk_error_set(err, TVK_ERR_OCR, NULL, 0, "this tvk was built without "
		"OCR (tesseract); rebuild with libtesseract-dev installed");
	return NULL;
}

void tvk_ocr_release_thread(void)
{
}

int tvk_ocr_page(struct tvk_ocr *ocr, const struct tvk_image *image,
		struct tvk_arena *arena, struct tvk_page *out, int *confidence,
		struct tvk_error *err)
{
	(void)ocr; (void)confidence; (void)image; (void)arena; (void)out;
	return tvk_error_set(err, TVK_ERR_OCR, NULL, 0, "no OCR in this build");
}

void tvk_ocr_number_begin(struct tvk_ocr *ocr, const struct tvk_image *image)
{
	(void)ocr; (void)image;
}

const char *tvk_ocr_number(struct tvk_ocr *ocr, struct tvk_box box,
		enum tvk_ocr_view view, struct tvk_arena *arena)
{
	(void)ocr; (void)box; (void)view; (void)arena;
	return NULL;
}

size_t tvk_ocr_band(struct tvk_ocr *ocr, struct tvk_box box,
		double text_height, struct tvk_arena *arena,
		struct tvk_ocr_word **out)
{
	(void)ocr; (void)box; (void)text_height; (void)arena;
	*out = NULL;
	return 0;
}

void tvk_ocr_number_end(struct tvk_ocr *ocr)
{
	(void)ocr;
}

#endif
