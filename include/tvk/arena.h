#ifndef TVK_ARENA_H
#define TVK_ARENA_H

/*
 * A region allocator.  Every object a stage hands to the next (words,
 * lines, tables, strings) lives in the arena of the document it came from,
 * so one tvk_arena_destroy() frees a whole run and no stage frees what
 * another made.  Out of memory aborts: error paths deal only with real errors.
 */

#include <stdarg.h>
#include <stddef.h>

#include <tvk/api.h>

struct tvk_arena;

/** Creates an empty arena. Never returns NULL (aborts on out of memory). */
TVK_API struct tvk_arena *tvk_arena_create(void);

/** Frees the arena and everything allocated from it. Accepts NULL. */
TVK_API void tvk_arena_destroy(struct tvk_arena *arena);

/** @size zeroed bytes, aligned for any type, owned by @arena. */
TVK_API void *tvk_arena_alloc(struct tvk_arena *arena, size_t size);

/** An array of @n zeroed elements of @size bytes; aborts on overflow. */
TVK_API void *tvk_arena_array(struct tvk_arena *arena, size_t n, size_t size);

/**
 * @items (an array of @n elements of @size bytes in @arena, or NULL when
 * @n is 0) with room for one more: the same array, or, when @n reaches a
 * power of two (from 8), a copy twice the size — so that an array that
 * only grows needs no capacity beside its count.
 */
TVK_API void *tvk_arena_grow(struct tvk_arena *arena, void *items, size_t n,
		size_t size);

/** A copy of the first @len bytes of @s, NUL-terminated, owned by @arena. */
TVK_API char *tvk_arena_strndup(struct tvk_arena *arena, const char *s,
		size_t len);

/** A copy of @s owned by @arena; NULL for NULL. */
TVK_API char *tvk_arena_strdup(struct tvk_arena *arena, const char *s);

/** vprintf into a string owned by @arena (@fmt NULL: ""). */
TVK_API char *tvk_arena_vprintf(struct tvk_arena *arena, const char *fmt,
		va_list ap) TVK_PRINTF(2, 0);

/** printf into a string owned by @arena. */
TVK_API char *tvk_arena_printf(struct tvk_arena *arena, const char *fmt, ...)
		TVK_PRINTF(2, 3);

/** Bytes handed out so far (for tests and limits). */
TVK_API size_t tvk_arena_used(const struct tvk_arena *arena);

#endif
