#ifndef TVK_ARENA_H
#define TVK_ARENA_H

/*
 * Memory: the heap's allocation wrappers, and the arena.  Out of memory
 * aborts (tvk_die), so error paths deal only with real errors.
 *
 * A region allocator.  Every object a stage hands to the next (words,
 * lines, tables, strings) lives in the arena of the document it came from,
 * so one tvk_arena_destroy() frees a whole run and no stage frees what
 * another made.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h> /* free() for what the wrappers return */

#include <tvk/api.h>

/* Stops the program with one line on stderr: out of memory, or a bug
 * (never bad input).  Every allocation wrapper ends here. */
_Noreturn void tvk_die(const char *why);

void *tvk_xmalloc(size_t size);
void *tvk_xcalloc(size_t n, size_t size);
void *tvk_xrealloc(void *p, size_t n, size_t size);
char *tvk_xstrdup(const char *s);

/* printf into a malloc'd string. */
char *tvk_xasprintf(const char *fmt, ...) TVK_PRINTF(1, 2);

/* Grows *items (of *cap elements of @size bytes) to hold at least @need. */
void tvk_grow(void **items, size_t *cap, size_t need, size_t size);

struct tvk_arena;

/** Creates an empty arena. Never returns NULL (aborts on out of memory). */
struct tvk_arena *tvk_arena_create(void);

/** Frees the arena and everything allocated from it. Accepts NULL. */
void tvk_arena_destroy(struct tvk_arena *arena);

/** @size zeroed bytes, aligned for any type, owned by @arena. */
void *tvk_arena_alloc(struct tvk_arena *arena, size_t size);

/** An array of @n zeroed elements of @size bytes; aborts on overflow. */
void *tvk_arena_array(struct tvk_arena *arena, size_t n, size_t size);

/**
 * @items (an array of @n elements of @size bytes in @arena, or NULL when
 * @n is 0) with room for one more: the same array, or, when @n reaches a
 * power of two (from 8), a copy twice the size — so that an array that
 * only grows needs no capacity beside its count.
 */
void *tvk_arena_grow(struct tvk_arena *arena, void *items, size_t n,
		size_t size);

/** A copy of the first @len bytes of @s, NUL-terminated, owned by @arena. */
char *tvk_arena_strndup(struct tvk_arena *arena, const char *s, size_t len);

/** A copy of @s owned by @arena; NULL for NULL. */
char *tvk_arena_strdup(struct tvk_arena *arena, const char *s);

/** vprintf into a string owned by @arena (@fmt NULL: ""). */
char *tvk_arena_vprintf(struct tvk_arena *arena, const char *fmt,
		va_list ap) TVK_PRINTF(2, 0);

/** printf into a string owned by @arena. */
char *tvk_arena_printf(struct tvk_arena *arena, const char *fmt, ...)
		TVK_PRINTF(2, 3);

/** Bytes handed out so far (for tests and limits). */
size_t tvk_arena_used(const struct tvk_arena *arena);

#endif
