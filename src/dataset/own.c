/*
 * Whether the file a dataset is to be written over is one tvk wrote: an
 * analyst's own spreadsheet named like the dataset must not go without a
 * word.  A file is taken as tvk's when it begins as tvk writes one: CSV
 * whose header line is the columns of one of the table's shapes (with
 * ',' or, for spreadsheets, a byte-order mark and ';'), NDJSON whose
 * first object begins with the first column of a shape, a workbook (a
 * ZIP) of the three sheets tvk writes, or a SQLite database of tvk's
 * tables.  Anything else is overwritten
 * only with --force.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "dataset/dataset.h"

/* Bytes enough for any header line tvk writes, and a workbook's first
 * entries' names. */
#define HEAD_BYTES 65536

static bool csv_header(const char *head, size_t n)
{
	static const enum tvk_dataset_shape shapes[] = {TVK_DATASET_WIDE,
		TVK_DATASET_LONG, TVK_DATASET_HARMONIZED};
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
		for (int excel = 0; excel < 2; excel++) {
			const struct column *cols[N_COLUMNS];
			size_t k = tvk_dataset_shape_columns(shapes[s], cols);
			struct tvk_buf b = {0};
			tvk_buf_str(&b, excel ? "\xEF\xBB\xBF" : "");
			for (size_t i = 0; i < k; i++)
				tvk_buf_printf(&b, "%s%s", i ? (excel ? ";" :
					",") : "", cols[i]->name);
			tvk_buf_str(&b, "\r\n");
			bool same = b.len <= n && memcmp(head, b.s, b.len) == 0;
			free(b.s);
			if (same)
				return true;
		}
	return false;
}

static bool ndjson_start(const char *head, size_t n)
{
	static const enum tvk_dataset_shape shapes[] = {TVK_DATASET_WIDE,
		TVK_DATASET_HARMONIZED};
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		const struct column *cols[N_COLUMNS];
		tvk_dataset_shape_columns(shapes[s], cols);
		char *start = tvk_xasprintf("{\"%s\":", cols[0]->name);
		size_t len = strlen(start);
		bool same = len <= n && memcmp(head, start, len) == 0;
		free(start);
		if (same)
			return true;
	}
	return false;
}

/* @needle somewhere in the @n bytes of @head (which may hold NULs). */
static bool holds(const char *head, size_t n, const char *needle)
{
	size_t len = strlen(needle);
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(head + i, needle, len) == 0)
			return true;
	return false;
}

/* A ZIP lists its entries' names, uncompressed, in its central directory
 * at its end (@tail, the last bytes of the file). */
static bool workbook(const char *head, size_t n, const char *tail, size_t m)
{
	return n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0 &&
		holds(tail, m, "xl/worksheets/sheet3.xml") &&
		!holds(tail, m, "xl/worksheets/sheet4.xml");
}

/* Up to @cap bytes of @fd from @offset into @buf; how many. */
static size_t read_at(int fd, off_t offset, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t got;
	while (n < cap && (got = pread(fd, buf + n, cap - n,
			offset + (off_t)n)) > 0)
		n += (size_t)got;
	return n;
}

int tvk_dataset_check_output(const char *out, bool force,
		struct tvk_error *err)
{
	struct stat st;
	if (lstat(out, &st) != 0)
		return 0; /* nothing there */
	if (S_ISDIR(st.st_mode))
		return tvk_error_set(err, TVK_ERR_USAGE, out, 0, "is a folder; "
			"-o wants a file");
	if (force)
		return 0;
	char *head = tvk_xmalloc(HEAD_BYTES), *tail = tvk_xmalloc(HEAD_BYTES);
	size_t n = 0, m = 0;
	int fd = S_ISREG(st.st_mode) ? open(out, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		n = read_at(fd, 0, head, HEAD_BYTES);
		off_t from = st.st_size > HEAD_BYTES ?
			st.st_size - HEAD_BYTES : 0;
		m = read_at(fd, from, tail, HEAD_BYTES);
		close(fd);
	}
	bool ours = fd >= 0 && (csv_header(head, n) || ndjson_start(head, n) ||
		workbook(head, n, tail, m) || (n >= 16 &&
		memcmp(head, "SQLite format 3", 16) == 0 &&
		tvk_dataset_sqlite_is_ours(out)));
	free(head);
	free(tail);
	if (ours)
		return 0;
	return tvk_error_set(err, TVK_ERR_IO, out, 0, "is there already and "
		"is no table tvk wrote; not overwritten (--force overwrites "
		"it)");
}
