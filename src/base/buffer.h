#ifndef TVK_BUFFER_H
#define TVK_BUFFER_H

/* A growing string, and integers written without a format string. */

#include <stddef.h>
#include <stdint.h>

#include <tvk/api.h>

/* A growing string: s stays NUL-terminated (NULL until the first add);
 * the owner frees s. */
struct tvk_buf {
	char *s;
	size_t len, cap;
};

/* @v in decimal into @out (NUL-terminated); returns its length.  What
 * snprintf's "%lld" gives, without the cost of a format string, for the
 * counts of every cell of every document. */
size_t tvk_int_str(int64_t v, char out[24]);

void tvk_buf_add(struct tvk_buf *b, const char *s, size_t n);
void tvk_buf_str(struct tvk_buf *b, const char *s);
void tvk_buf_printf(struct tvk_buf *b, const char *fmt, ...)
	TVK_PRINTF(2, 3);

#endif
