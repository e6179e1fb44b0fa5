#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"

/*
 * Blocks of at least 64 KiB, chained; a request larger than a block gets a
 * block of its own.  Allocation is a pointer bump: the pipeline makes many
 * small objects (a word, a token) and frees them all at once.
 */
#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

struct tvk_arena {
	struct block *head;
	size_t used;
};

void tvk_die(const char *why)
{
	/* The one place the library speaks for itself: it cannot go on,
	 * and nobody else is left to say why. */
	fprintf(stderr, "tvk: %s\n", why);
	abort();
}

void *tvk_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p) {
		tvk_die("out of memory");
	}
	return p;
}

void *tvk_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		tvk_die("out of memory");
	}
	return p;
}

void *tvk_xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		tvk_die("allocation too large");
	}
	size_t bytes = n * size;
	void *q = realloc(p, bytes ? bytes : 1);
	if (!q) {
		tvk_die("out of memory");
	}
	return q;
}

char *tvk_xstrdup(const char *s)
{
	size_t len = strlen(s);
	char *copy = tvk_xmalloc(len + 1);
	memcpy(copy, s, len + 1);
	return copy;
}

/*
 * printf into memory from @alloc (malloc's or an arena's), measured first
 * with a one-byte buffer, not NULL: measuring with NULL upsets
 * -Wformat-truncation under the sanitizers.  A NULL or broken format
 * gives "".
 */
static char *vformat(void *(*alloc)(void *ctx, size_t size), void *ctx,
		const char *fmt, va_list ap) TVK_PRINTF(3, 0);

static char *vformat(void *(*alloc)(void *ctx, size_t size), void *ctx,
		const char *fmt, va_list ap)
{
	char probe[1];
	int len = -1;
	if (fmt) {
		va_list copy;
		va_copy(copy, ap);
		len = vsnprintf(probe, sizeof(probe), fmt, copy);
		va_end(copy);
	}
	char *s = alloc(ctx, len > 0 ? (size_t)len + 1 : 1);
	s[0] = '\0';
	if (len > 0)
		vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

static void *from_heap(void *ctx, size_t size)
{
	(void)ctx;
	return tvk_xmalloc(size);
}

char *tvk_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vformat(from_heap, NULL, fmt, ap);
	va_end(ap);
	return s;
}

void tvk_grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	*items = tvk_xrealloc(*items, n, size);
	*cap = n;
}

struct tvk_arena *tvk_arena_create(void)
{
	return tvk_xcalloc(1, sizeof(struct tvk_arena));
}

void tvk_arena_destroy(struct tvk_arena *arena)
{
	if (!arena)
		return;
	struct block *b = arena->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(arena);
}

/* Bytes from the current block, not zeroed, aligned to @align (a power
 * of two up to ALIGN). */
static void *bump(struct tvk_arena *arena, size_t size, size_t align)
{
	if (arena->head) {
		/* Align the current position, not the size: strings need
		 * no alignment and pack tightly. */
		struct block *h = arena->head;
		size_t pad = (align - (h->used & (align - 1))) & (align - 1);
		if (h->size - h->used >= pad + size) {
			h->used += pad;
			void *p = h->data + h->used;
			h->used += size;
			arena->used += size;
			return p;
		}
	}
	/* It does not fit: a new block, whose start is aligned for
	 * anything. */
	if (size == 0)
		size = 1;
	struct block *b;
	{
		size_t cap = size > BLOCK_SIZE ? size : BLOCK_SIZE;
		if (cap > SIZE_MAX - sizeof(struct block)) {
			tvk_die("allocation too large");
		}
		b = tvk_xmalloc(sizeof(struct block) + cap);
		b->size = cap;
		b->used = 0;
		/* A block made for one large request goes behind the
		 * current one, so the space left there is not lost. */
		if (arena->head && size > BLOCK_SIZE) {
			b->next = arena->head->next;
			arena->head->next = b;
		} else {
			b->next = arena->head;
			arena->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += size;
	arena->used += size;
	return p;
}

void *tvk_arena_alloc(struct tvk_arena *arena, size_t size)
{
	void *p = bump(arena, size, ALIGN);
	memset(p, 0, size);
	return p;
}

void *tvk_arena_array(struct tvk_arena *arena, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		tvk_die("allocation too large");
	}
	return tvk_arena_alloc(arena, n * size);
}

char *tvk_arena_strndup(struct tvk_arena *arena, const char *s, size_t len)
{
	/* Every byte is written: no need to zero them first. */
	char *copy = bump(arena, len + 1, 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *tvk_arena_strdup(struct tvk_arena *arena, const char *s)
{
	return s ? tvk_arena_strndup(arena, s, strlen(s)) : NULL;
}

static void *from_arena(void *ctx, size_t size)
{
	return tvk_arena_alloc(ctx, size);
}

char *tvk_arena_vprintf(struct tvk_arena *arena, const char *fmt, va_list ap)
{
	return vformat(from_arena, arena, fmt, ap);
}

char *tvk_arena_printf(struct tvk_arena *arena, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = tvk_arena_vprintf(arena, fmt, ap);
	va_end(ap);
	return s;
}

size_t tvk_arena_used(const struct tvk_arena *arena)
{
	return arena->used;
}

void *tvk_arena_grow(struct tvk_arena *arena, void *items, size_t n,
		size_t size)
{
	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return items;
	size_t cap = n ? 2 * n : 8;
	void *grown = tvk_arena_array(arena, cap, size);
	if (n)
		memcpy(grown, items, n * size);
	return grown;
}
