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
	X(TessDeleteText)

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
	bool page_set; /* tesseract holds @image (not a cell's crop) */
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

int tvk_ocr_page(struct tvk_ocr *ocr, const struct tvk_image *image,
		struct tvk_arena *arena, struct tvk_page *out,
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
	TessResultIterator *it = tess.TessBaseAPIGetIterator(api);
	struct tvk_word *words = NULL;
	size_t n = 0, cap = 0;
	if (it) {
		const TessPageIterator *pit =
			tess.TessResultIteratorGetPageIteratorConst(it);
		do {
			char *text = tess.TessResultIteratorGetUTF8Text(it,
				RIL_WORD);
			int l, t, r, b;
			if (text && *text && tess.TessPageIteratorBoundingBox(pit,
					RIL_WORD, &l, &t, &r, &b)) {
				tvk_grow((void **)&words, &cap, n + 1, sizeof(*words));
				words[n++] = (struct tvk_word){
					tvk_arena_strdup(arena, text),
					{to_points(l, image->dpi), to_points(t, image->dpi),
					 to_points(r, image->dpi), to_points(b, image->dpi)},
				};
			}
			tess.TessDeleteText(text);
		} while (tess.TessResultIteratorNext(it, RIL_WORD));
		tess.TessResultIteratorDelete(it);
	}
	tess.TessBaseAPIClear(api);
	out->words = tvk_arena_array(arena, n ? n : 1, sizeof(*out->words));
	if (n)
		memcpy(out->words, words, n * sizeof(*words));
	out->n_words = n;
	out->layer = TVK_LAYER_OCR;
	free(words);
	return 0;
}

void tvk_ocr_number_begin(struct tvk_ocr *ocr, const struct tvk_image *image)
{
	TessBaseAPI *api = ocr->api;
	ocr->image = image;
	/* One line of digits and separators: what a cell holds. */
	tess.TessBaseAPISetVariable(api, "tessedit_char_whitelist",
		"0123456789.,");
	tess.TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	ocr->page_set = false;
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
	double k = image->dpi / 72.0;
	int l = (int)(box.x0 * k), t = (int)(box.y0 * k);
	int r = (int)(box.x1 * k + 0.999), b = (int)(box.y1 * k + 0.999);
	l = l < 0 ? 0 : l;
	t = t < 0 ? 0 : t;
	r = r > image->width ? image->width : r;
	b = b > image->height ? image->height : b;
	if (r - l < 4 || b - t < 4)
		return NULL;
	char buf[64];
	size_t n;
	if (view == TVK_OCR_PAGE) {
		/* The cell within the page: tesseract thresholds the whole
		 * page, as it did for the text layer. */
		if (!ocr->page_set) {
			tess.TessBaseAPISetImage(ocr->api, image->pixels,
				image->width, image->height, 1, image->stride);
			tess.TessBaseAPISetSourceResolution(ocr->api,
				(int)image->dpi);
			ocr->page_set = true;
		}
		tess.TessBaseAPISetRectangle(ocr->api, l, t, r - l, b - t);
		n = read_cell(ocr, buf, sizeof(buf));
	} else {
		int cw, ch;
		unsigned char *crop = crop_cell(image, l, t, r - l, b - t,
			&cw, &ch);
		tess.TessBaseAPISetImage(ocr->api, crop, cw, ch, 1, cw);
		tess.TessBaseAPISetSourceResolution(ocr->api, (int)image->dpi);
		ocr->page_set = false;
		n = read_cell(ocr, buf, sizeof(buf));
		tess.TessBaseAPIClear(ocr->api);
		free(crop);
	}
	return n ? tvk_arena_strdup(arena, buf) : NULL;
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
		struct tvk_arena *arena, struct tvk_page *out,
		struct tvk_error *err)
{
	(void)ocr; (void)image; (void)arena; (void)out;
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

void tvk_ocr_number_end(struct tvk_ocr *ocr)
{
	(void)ocr;
}

#endif
