#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/error.h>

#include "base/buffer.h"
#include "base/text.h"

void tvk_error_clear(struct tvk_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

bool tvk_error_is_set(const struct tvk_error *err)
{
	return err && err->code != TVK_OK;
}

int tvk_error_set(struct tvk_error *err, enum tvk_error_code code,
		const char *file, int page, const char *fmt, ...)
{
	if (!err || err->code != TVK_OK)
		return -1;
	err->code = code;
	err->page = page;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

const char *tvk_error_code_name(enum tvk_error_code code)
{
	switch (code) {
	case TVK_OK: return "ok";
	case TVK_ERR_IO: return "io";
	case TVK_ERR_NOT_PDF: return "not-pdf";
	case TVK_ERR_PDF: return "damaged-pdf";
	case TVK_ERR_ENCRYPTED: return "encrypted";
	case TVK_ERR_NO_TABLE: return "no-table";
	case TVK_ERR_OCR: return "ocr";
	case TVK_ERR_LIMIT: return "limit";
	case TVK_ERR_USAGE: return "usage";
	}
	return "unknown";
}

static void add_escaped(struct tvk_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		uint32_t cp = 0;
		size_t len = *p < 0x80 ? 1 : tvk_utf8_decode((const char *)p,
			SIZE_MAX, &cp);
		/* UTF-8 as it is, but for the C1 controls (U+009B is CSI
		 * to some terminals); a byte of a name that is not UTF-8
		 * as \xHH, as in the escaped names of the documents */
		if (len > 1 && cp >= 0xA0) {
			tvk_buf_add(b, (const char *)p, len);
			p += len - 1;
		} else if (len != 1) {
			char hex[8];
			snprintf(hex, sizeof(hex), "\\x%02X", *p);
			tvk_buf_add(b, hex, 4);
		} else if (*p == '\n') {
			tvk_buf_add(b, "\\n", 2);
		} else if (*p == '\t') {
			tvk_buf_add(b, "\\t", 2);
		} else if (*p < 0x20 || *p == 0x7F) {
			char hex[8];
			snprintf(hex, sizeof(hex), "\\x%02X", *p);
			tvk_buf_add(b, hex, 4);
		} else {
			tvk_buf_add(b, (const char *)p, 1);
		}
	}
}

char *tvk_escape(const char *s)
{
	struct tvk_buf b = {0};
	tvk_buf_add(&b, "", 0);
	add_escaped(&b, s ? s : "");
	return b.s;
}

char *tvk_error_line(const char *file, int page, const char *message)
{
	struct tvk_buf b = {0};
	tvk_buf_add(&b, "tvk: ", 5);
	if (file && *file) {
		add_escaped(&b, file);
		if (page > 0)
			tvk_buf_printf(&b, ":%d", page);
		tvk_buf_add(&b, ": ", 2);
	}
	add_escaped(&b, message ? message : "");
	tvk_buf_add(&b, "\n", 1);
	return b.s;
}

void tvk_error_print(FILE *f, const char *file, int page, const char *message)
{
	char *line = tvk_error_line(file, page, message);
	fputs(line, f);
	free(line);
}
