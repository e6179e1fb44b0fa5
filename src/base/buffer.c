/* A growing string, for the writers that build text piece by piece. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buffer.h"

size_t tvk_int_str(int64_t v, char out[24])
{
	char rev[24];
	size_t n = 0;
	/* in unsigned arithmetic, so that INT64_MIN has a magnitude too */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		rev[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	size_t len = 0;
	if (v < 0)
		out[len++] = '-';
	while (n)
		out[len++] = rev[--n];
	out[len] = '\0';
	return len;
}

void tvk_buf_add(struct tvk_buf *b, const char *s, size_t n)
{
	tvk_grow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void tvk_buf_str(struct tvk_buf *b, const char *s)
{
	tvk_buf_add(b, s, strlen(s));
}

void tvk_buf_printf(struct tvk_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		tvk_buf_add(b, small, (size_t)n);
		return;
	}
	tvk_grow((void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}
