#ifndef TVK_WIRE_H
#define TVK_WIRE_H

/*
 * tvk's binary encoding, for what crosses a pipe between processes and
 * what the cache keeps on disk: little-endian integers, length-prefixed
 * strings, and records framed as
 *
 *     "TVKR"  u16 format  u16 type  u32 length  payload  checksum
 *
 * where the checksum is the first 16 bytes of the SHA-256 of everything
 * before it.  A reader never trusts a length it has not checked against
 * the bytes there are: a damaged or truncated record is refused whole,
 * never half read.
 *
 * Ownership: what the readers return is malloc'd and the caller's.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tvk/document.h>

#include "base/buffer.h"

/* Bumped whenever what is encoded changes: records of another format are
 * refused as foreign. */
#define TVK_WIRE_FORMAT 1

#define TVK_WIRE_HEADER 12
#define TVK_WIRE_CHECKSUM 16
/* Far beyond the documents of any input (the national compendium's are
 * some 100 KB): a larger length is damage. */
#define TVK_WIRE_MAX_PAYLOAD (256u * 1024 * 1024)

void tvk_wire_u8(struct tvk_buf *b, unsigned v);
void tvk_wire_u32(struct tvk_buf *b, uint32_t v);
void tvk_wire_i64(struct tvk_buf *b, int64_t v);
void tvk_wire_f64(struct tvk_buf *b, double v);
/* NULL is encoded apart from "". */
void tvk_wire_str(struct tvk_buf *b, const char *s);

/* A reader over bytes; once bad, every read gives 0 or NULL. */
struct tvk_wire_reader {
	const unsigned char *p, *end;
	bool bad;
};

unsigned tvk_wire_get_u8(struct tvk_wire_reader *r);
uint32_t tvk_wire_get_u32(struct tvk_wire_reader *r);
int64_t tvk_wire_get_i64(struct tvk_wire_reader *r);
double tvk_wire_get_f64(struct tvk_wire_reader *r);
/** A malloc'd string, or NULL (for NULL, or when bad). */
char *tvk_wire_get_str(struct tvk_wire_reader *r);
/** A count of items of at least @min_size bytes each: bad when more
 * than the bytes left could hold. */
size_t tvk_wire_get_count(struct tvk_wire_reader *r, size_t min_size);

void tvk_wire_document(struct tvk_buf *b, const struct tvk_document *doc);
/** The document at @r, or NULL when the bytes are not one. */
struct tvk_document *tvk_wire_get_document(struct tvk_wire_reader *r);

/** Starts a record of @type at the end of @b; returns where it starts. */
size_t tvk_wire_record_begin(struct tvk_buf *b, unsigned type);

/** Ends the record started at @start: its length and checksum. */
void tvk_wire_record_end(struct tvk_buf *b, size_t start);

struct tvk_wire_record {
	unsigned type;
	const unsigned char *payload;
	size_t length; /* of the payload */
	size_t size;   /* of the whole record */
};

enum tvk_wire_status {
	TVK_WIRE_OK,       /* a whole record, checksum right */
	TVK_WIRE_PARTIAL,  /* the bytes end before the record does */
	TVK_WIRE_DAMAGED,  /* not a record: bad magic, length or checksum */
	TVK_WIRE_FOREIGN,  /* a record of another format */
};

/** Reads the record at the start of the @n bytes at @p. */
enum tvk_wire_status tvk_wire_record_read(const unsigned char *p, size_t n,
		struct tvk_wire_record *rec);

#endif
