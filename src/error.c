#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tvk/error.h>

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

static void print_escaped(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7F)
			fprintf(f, "\\x%02X", *p);
		else
			fputc(*p, f);
	}
}

void tvk_error_print(FILE *f, const char *file, int page, const char *message)
{
	fputs("tvk: ", f);
	if (file && *file) {
		print_escaped(f, file);
		if (page > 0)
			fprintf(f, ":%d", page);
		fputs(": ", f);
	}
	print_escaped(f, message ? message : "");
	fputc('\n', f);
}
