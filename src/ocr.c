/*
 * The OCR stage on libtesseract's C API.  Built only when Meson finds
 * tesseract (the 'ocr' feature); otherwise every entry point says, in one
 * clear sentence, that this tvk cannot OCR.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/ocr.h>

#include "config.h"
#include "util.h"

#ifdef TVK_HAVE_OCR

#include <tesseract/capi.h>

struct tvk_ocr {
	TessBaseAPI *api;
	const struct tvk_image *image; /* between number_begin and _end */
};

bool tvk_ocr_available(void)
{
	return true;
}

static pthread_key_t engine_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void destroy(void *p)
{
	struct tvk_ocr *ocr = p;
	if (!ocr)
		return;
	TessBaseAPIEnd(ocr->api);
	TessBaseAPIDelete(ocr->api);
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
	TessBaseAPI *api = TessBaseAPICreate();
	/* The publication is Dutch; its numbers read the same in any
	 * language, its names do not. */
	if (!api || TessBaseAPIInit3(api, NULL, "nld") != 0) {
		if (api)
			TessBaseAPIDelete(api);
		tvk_error_set(err, TVK_ERR_OCR, NULL, 0, "tesseract cannot start "
			"with Dutch language data (install tesseract-ocr-nld)");
		return NULL;
	}
	/* Quiet: tesseract prints its doubts about each image otherwise. */
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
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
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	TessBaseAPISetImage(api, image->pixels, image->width, image->height, 1,
		image->stride);
	TessBaseAPISetSourceResolution(api, (int)image->dpi);
	if (TessBaseAPIRecognize(api, NULL) != 0) {
		TessBaseAPIClear(api);
		return tvk_error_set(err, TVK_ERR_OCR, NULL, out->number,
			"tesseract could not read the page");
	}
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	struct tvk_word *words = NULL;
	size_t n = 0, cap = 0;
	if (it) {
		const TessPageIterator *pit =
			TessResultIteratorGetPageIteratorConst(it);
		do {
			char *text = TessResultIteratorGetUTF8Text(it, RIL_WORD);
			int l, t, r, b;
			if (text && *text && TessPageIteratorBoundingBox(pit,
					RIL_WORD, &l, &t, &r, &b)) {
				tvk_grow((void **)&words, &cap, n + 1, sizeof(*words));
				words[n++] = (struct tvk_word){
					tvk_arena_strdup(arena, text),
					{to_points(l, image->dpi), to_points(t, image->dpi),
					 to_points(r, image->dpi), to_points(b, image->dpi)},
				};
			}
			TessDeleteText(text);
		} while (TessResultIteratorNext(it, RIL_WORD));
		TessResultIteratorDelete(it);
	}
	TessBaseAPIClear(api);
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
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "0123456789.,");
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	TessBaseAPISetImage(api, image->pixels, image->width, image->height, 1,
		image->stride);
	TessBaseAPISetSourceResolution(api, (int)image->dpi);
}

const char *tvk_ocr_number(struct tvk_ocr *ocr, struct tvk_box box,
		struct tvk_arena *arena)
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
	TessBaseAPISetRectangle(ocr->api, l, t, r - l, b - t);
	char *text = TessBaseAPIGetUTF8Text(ocr->api);
	if (!text)
		return NULL;
	/* One line: drop the spaces and the newline tesseract adds. */
	char buf[64];
	size_t n = 0;
	for (const char *p = text; *p && n + 1 < sizeof(buf); p++)
		if (*p != ' ' && *p != '\n')
			buf[n++] = *p;
	buf[n] = '\0';
	TessDeleteText(text);
	return n ? tvk_arena_strdup(arena, buf) : NULL;
}

void tvk_ocr_number_end(struct tvk_ocr *ocr)
{
	TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", "");
	TessBaseAPIClear(ocr->api);
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
		struct tvk_arena *arena)
{
	(void)ocr; (void)box; (void)arena;
	return NULL;
}

void tvk_ocr_number_end(struct tvk_ocr *ocr)
{
	(void)ocr;
}

#endif
