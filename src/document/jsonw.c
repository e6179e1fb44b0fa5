/* The JSON writer of every JSON file tvk writes (see jsonw.h). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buffer.h"
#include "base/text.h"
#include "config.h"
#include "document/jsonw.h"

static void raw(struct tvk_jw *w, const char *s, size_t n)
{
	tvk_buf_add(&w->out, s, n);
}

static void indent(struct tvk_jw *w)
{
	static const char spaces[] = "                                        "
		"                        ";
	raw(w, "\n", 1);
	size_t n = 2 * (size_t)w->depth;
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		raw(w, spaces, k);
		n -= k;
	}
}

/* Before a member or element: the comma and the line it goes on. */
static void next(struct tvk_jw *w)
{
	if (w->depth == w->base)
		return;
	if (!w->empty[w->depth])
		raw(w, ",", 1);
	w->empty[w->depth] = false;
	indent(w);
}

void tvk_jw_init(struct tvk_jw *w, int base)
{
	*w = (struct tvk_jw){.base = base, .depth = base};
}

void tvk_jw_open(struct tvk_jw *w, char c)
{
	if (w->depth + 1 >= TVK_JW_MAX_DEPTH)
		abort(); /* only tvk's own fixed shapes are written */
	raw(w, &c, 1);
	w->empty[++w->depth] = true;
}

void tvk_jw_close(struct tvk_jw *w, char c)
{
	bool empty = w->empty[w->depth--];
	if (!empty)
		indent(w);
	raw(w, &c, 1);
}

void tvk_jw_key(struct tvk_jw *w, const char *key)
{
	next(w);
	tvk_jw_str(w, key);
	raw(w, ": ", 2);
}

void tvk_jw_elem(struct tvk_jw *w)
{
	next(w);
}

void tvk_jw_str(struct tvk_jw *w, const char *s)
{
	if (!s) {
		tvk_jw_null(w);
		return;
	}
	raw(w, "\"", 1);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		const unsigned char *start = p;
		while (*p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80)
			p++;
		if (p > start)
			raw(w, (const char *)start, (size_t)(p - start));
		if (!*p)
			break;
		if (*p < 0x80) {
			char esc[8];
			switch (*p) {
			case '"': raw(w, "\\\"", 2); break;
			case '\\': raw(w, "\\\\", 2); break;
			case '\b': raw(w, "\\b", 2); break;
			case '\f': raw(w, "\\f", 2); break;
			case '\n': raw(w, "\\n", 2); break;
			case '\r': raw(w, "\\r", 2); break;
			case '\t': raw(w, "\\t", 2); break;
			default:
				snprintf(esc, sizeof(esc), "\\u%04X", *p);
				raw(w, esc, 6);
			}
			p++;
			continue;
		}
		uint32_t cp;
		size_t n = tvk_utf8_decode((const char *)p, SIZE_MAX, &cp);
		if (n > 0) {
			raw(w, (const char *)p, n);
			p += n;
		} else {
			raw(w, "\xEF\xBF\xBD", 3);
			p++;
		}
	}
	raw(w, "\"", 1);
}

void tvk_jw_int(struct tvk_jw *w, int64_t v)
{
	char num[24];
	raw(w, num, tvk_int_str(v, num));
}

void tvk_jw_bool(struct tvk_jw *w, bool v)
{
	if (v)
		raw(w, "true", 4);
	else
		raw(w, "false", 5);
}

void tvk_jw_null(struct tvk_jw *w)
{
	raw(w, "null", 4);
}

void tvk_jw_fixed2(struct tvk_jw *w, double v)
{
	/* In hundredths, as an integer: the same bytes for the same
	 * coordinate on every machine, no exponent, no "-0". */
	if (!isfinite(v) || fabs(v) > 1e15) {
		tvk_jw_null(w);
		return;
	}
	int64_t c = (int64_t)llround(v * 100);
	char num[32];
	size_t n = 0;
	if (c < 0) {
		num[n++] = '-';
		c = -c;
	}
	n += tvk_int_str(c / 100, num + n);
	int64_t frac = c % 100;
	if (frac) {
		num[n++] = '.';
		num[n++] = (char)('0' + frac / 10);
		if (frac % 10)
			num[n++] = (char)('0' + frac % 10);
	}
	raw(w, num, n);
}

void tvk_jw_fixed2_row(struct tvk_jw *w, const double *v, size_t n)
{
	raw(w, "[", 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			raw(w, ", ", 2);
		tvk_jw_fixed2(w, v[i]);
	}
	raw(w, "]", 1);
}

void tvk_jw_key_int(struct tvk_jw *w, const char *key, int64_t v)
{
	tvk_jw_key(w, key);
	tvk_jw_int(w, v);
}

void tvk_jw_key_str(struct tvk_jw *w, const char *key, const char *s)
{
	tvk_jw_key(w, key);
	tvk_jw_str(w, s);
}

void tvk_jw_key_name(struct tvk_jw *w, const char *key, const char *raw)
{
	char *name = tvk_name_escape(raw);
	tvk_jw_key_str(w, key, name);
	free(name);
}

char *tvk_jw_finish(struct tvk_jw *w)
{
	if (w->base == 0)
		raw(w, "\n", 1);
	if (!w->out.s)
		tvk_buf_add(&w->out, "", 0);
	return w->out.s;
}

void tvk_jw_generator(struct tvk_jw *w)
{
	tvk_jw_key(w, "generator");
	tvk_jw_open(w, '{');
	tvk_jw_key_str(w, "name", "tvk");
	tvk_jw_key_str(w, "version", TVK_VERSION);
	tvk_jw_close(w, '}');
}
