/*
 * Hostile PDFs for the reliability suite, each a few kilobytes, each made
 * to hurt a PDF library in one way:
 *
 *   huge-image    an image-only page whose image declares 2,000,000,000 x
 *                 2,000,000,000 pixels (poppler aborts rendering it)
 *   huge-page     an image-only page of 3,390 x 3,390 points: just under
 *                 what tvk rendered before, 200 million pixels at 300 dpi
 *   q-flood       a content stream of three million 'q' operators (a few
 *                 KB compressed, gigabytes of graphics states)
 *   form-fanout   forms nested ten deep, each drawing the next ten times:
 *                 ten billion draws
 *   broken-jpeg   an image-only page whose JPEG has stray bytes before a
 *                 marker (libjpeg complains on stderr)
 *   xref-loop     a cross-reference chain and a page tree that point back
 *                 at themselves
 *
 * usage: mkhostile KIND OUT.pdf [PAD]
 *
 * PAD bytes of an object nothing refers to make the file larger than the
 * good ones beside it, so that a batch, which starts the largest inputs
 * first, gives it to a worker before them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

struct out {
	char *s;
	size_t len, cap;
	size_t offset[64];
	size_t pad;
};

static void add_bytes(struct out *o, const void *p, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->s = realloc(o->s, o->cap);
		if (!o->s)
			abort();
	}
	memcpy(o->s + o->len, p, n);
	o->len += n;
}

static void add(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void add(struct out *o, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	add_bytes(o, buf, (size_t)n);
}

static void obj(struct out *o, int n, const char *dict)
{
	o->offset[n] = o->len;
	add(o, "%d 0 obj\n%s\nendobj\n", n, dict);
}

/* A stream object, compressed when @flate. */
static void stream(struct out *o, int n, const char *dict, const void *data,
		size_t len, int flate)
{
	o->offset[n] = o->len;
	unsigned char *z = NULL;
	uLongf zlen = 0;
	if (flate) {
		zlen = compressBound(len);
		z = malloc(zlen);
		if (!z || compress2(z, &zlen, data, len, 9) != Z_OK)
			abort();
		data = z;
		len = zlen;
	}
	add(o, "%d 0 obj\n<< %s%s /Length %zu >>\nstream\n", n, dict,
		flate ? " /Filter /FlateDecode" : "", len);
	add_bytes(o, data, len);
	add(o, "\nendstream\nendobj\n");
	free(z);
}

static void finish(struct out *o, int n_obj, const char *path)
{
	if (o->pad) {
		char *spaces = malloc(o->pad);
		if (!spaces)
			abort();
		memset(spaces, ' ', o->pad);
		stream(o, ++n_obj, "", spaces, o->pad, 0);
		free(spaces);
	}
	size_t xref = o->len;
	add(o, "xref\n0 %d\n0000000000 65535 f \n", n_obj + 1);
	for (int i = 1; i <= n_obj; i++)
		add(o, "%010zu 00000 n \n", o->offset[i]);
	add(o, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		n_obj + 1, xref);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(o->s, 1, o->len, f) != o->len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* Catalog (1), pages (2) and one page (3) with contents 4 and the
 * resources @resources, @w x @h points. */
static void one_page(struct out *o, double w, double h, const char *resources)
{
	add(o, "%%PDF-1.5\n%%\xe2\xe3\xcf\xd3\n");
	obj(o, 1, "<< /Type /Catalog /Pages 2 0 R >>");
	obj(o, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
	char page[512];
	snprintf(page, sizeof(page), "<< /Type /Page /Parent 2 0 R /MediaBox "
		"[0 0 %g %g] /Contents 4 0 R /Resources << %s >> >>", w, h,
		resources);
	obj(o, 3, page);
}

static const unsigned char jpeg[] = {
#include "reliability/tiny-jpeg.inc"
};

static void image_page(struct out *o, double w, double h, const char *image,
		const void *data, size_t len, int flate)
{
	one_page(o, w, h, "/XObject << /Im0 5 0 R >>");
	char content[128];
	snprintf(content, sizeof(content), "q %g 0 0 %g 0 0 cm /Im0 Do Q\n", w,
		h);
	stream(o, 4, "", content, strlen(content), 0);
	stream(o, 5, image, data, len, flate);
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: mkhostile KIND OUT.pdf [PAD]\n");
		return 64;
	}
	const char *kind = argv[1], *path = argv[2];
	struct out o = {.pad = argc == 4 ? strtoul(argv[3], NULL, 10) : 0};
	unsigned char pixels[64];
	memset(pixels, 0x80, sizeof(pixels));
	if (strcmp(kind, "huge-image") == 0) {
		image_page(&o, 595, 842, "/Type /XObject /Subtype /Image "
			"/Width 2000000000 /Height 2000000000 /ColorSpace "
			"/DeviceGray /BitsPerComponent 8", pixels, sizeof(pixels),
			1);
		finish(&o, 5, path);
	} else if (strcmp(kind, "huge-page") == 0) {
		image_page(&o, 3390, 3390, "/Type /XObject /Subtype /Image "
			"/Width 8 /Height 8 /ColorSpace /DeviceGray "
			"/BitsPerComponent 8", pixels, sizeof(pixels), 1);
		finish(&o, 5, path);
	} else if (strcmp(kind, "q-flood") == 0) {
		size_t n = 3000000;
		char *q = malloc(2 * n);
		if (!q)
			abort();
		for (size_t i = 0; i < n; i++)
			memcpy(q + 2 * i, "q\n", 2);
		one_page(&o, 595, 842, "");
		stream(&o, 4, "", q, 2 * n, 1);
		free(q);
		finish(&o, 4, path);
	} else if (strcmp(kind, "form-fanout") == 0) {
		/* Forms 5..14: each draws the next ten times; the last one a
		 * rectangle and a word, so that text extraction runs them. */
		one_page(&o, 595, 842, "/XObject << /F 5 0 R >>");
		const char *draw = "/F Do\n";
		stream(&o, 4, "", draw, strlen(draw), 0);
		for (int i = 0; i < 10; i++) {
			char dict[256], body[256] = "";
			if (i < 9) {
				snprintf(dict, sizeof(dict), "/Type /XObject /Subtype "
					"/Form /BBox [0 0 595 842] /Resources << "
					"/XObject << /F %d 0 R >> >>", 6 + i);
				for (int k = 0; k < 10; k++)
					strcat(body, "/F Do\n");
			} else {
				snprintf(dict, sizeof(dict), "/Type /XObject /Subtype "
					"/Form /BBox [0 0 595 842] /Resources << /Font "
					"<< /F1 15 0 R >> >>");
				strcat(body, "0 0 10 10 re f BT /F1 8 Tf 10 10 Td "
					"(x) Tj ET\n");
			}
			stream(&o, 5 + i, dict, body, strlen(body), 0);
		}
		obj(&o, 15, "<< /Type /Font /Subtype /Type1 /BaseFont "
			"/Helvetica >>");
		finish(&o, 15, path);
	} else if (strcmp(kind, "broken-jpeg") == 0) {
		/* Stray bytes before the end-of-image marker. */
		unsigned char bad[sizeof(jpeg) + 16];
		size_t n = sizeof(jpeg) - 2;
		memcpy(bad, jpeg, n);
		memset(bad + n, 0x55, 16);
		memcpy(bad + n + 16, jpeg + n, 2);
		image_page(&o, 595, 842, "/Type /XObject /Subtype /Image "
			"/Width 16 /Height 16 /ColorSpace /DeviceGray "
			"/BitsPerComponent 8 /Filter /DCTDecode", bad, sizeof(bad),
			0);
		finish(&o, 5, path);
	} else if (strcmp(kind, "xref-loop") == 0) {
		add(&o, "%%PDF-1.5\n");
		obj(&o, 1, "<< /Type /Catalog /Pages 2 0 R >>");
		obj(&o, 2, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>");
		obj(&o, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
			"/Contents 3 0 R >>");
		size_t xref = o.len;
		add(&o, "xref\n0 4\n0000000000 65535 f \n");
		for (int i = 1; i <= 3; i++)
			add(&o, "%010zu 00000 n \n", o.offset[i]);
		add(&o, "trailer\n<< /Size 4 /Root 1 0 R /Prev %zu >>\n"
			"startxref\n%zu\n%%%%EOF\n", xref, xref);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(o.s, 1, o.len, f) != o.len || fclose(f) != 0)
			return 1;
	} else {
		fprintf(stderr, "mkhostile: unknown kind '%s'\n", kind);
		return 64;
	}
	free(o.s);
	return 0;
}
