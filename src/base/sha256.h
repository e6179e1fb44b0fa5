#ifndef TVK_SHA256_H
#define TVK_SHA256_H

/*
 * SHA-256, by which every input is known (its documents' source, the
 * cache of earlier runs); with the CPU's SHA extensions where present.
 */

#include <stddef.h>

/* The SHA-256 of @size bytes at @data, as 32 bytes. */
void tvk_sha256(const void *data, size_t size, unsigned char out[32]);

/** The hex SHA-256 of @size bytes at @data into @hex (65 bytes). */
void tvk_sha256_hex(const void *data, size_t size, char hex[65]);

#endif
