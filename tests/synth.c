#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "pipeline/convert.h"
#include "synth.h"

static const double column_right[5] = {330, 385, 440, 495, 550};

double synth_column_right(int f)
{
	return column_right[f];
}

void synth_begin(struct synth *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->doc = tvk_input_create(name);
	s->doc->pages = tvk_arena_array(s->doc->arena, 64,
			sizeof(*s->doc->pages));
}

static void finish_page(struct synth *s)
{
	if (s->pages == 0)
		return;
	struct tvk_page *p = &s->doc->pages[s->pages - 1];
	p->words = tvk_arena_array(s->doc->arena, s->n ? s->n : 1,
			sizeof(*p->words));
	if (s->n)
		memcpy(p->words, s->words, s->n * sizeof(*s->words));
	p->n_words = s->n;
	p->layer = s->n ? TVK_LAYER_PDF : TVK_LAYER_NONE;
	s->n = 0;
}

void synth_page(struct synth *s)
{
	finish_page(s);
	struct tvk_page *p = &s->doc->pages[s->pages++];
	p->number = s->pages;
	p->width = 595.276;
	p->height = 841.89;
	s->doc->n_pages = s->pages;
	s->y = 60;
}

void synth_word(struct synth *s, double x0, double y, const char *text)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->words = realloc(s->words, s->cap * sizeof(*s->words));
	}
	double width = SYNTH_GLYPH * (double)strlen(text);
	s->words[s->n++] = (struct tvk_word){
		tvk_arena_strdup(s->doc->arena, text),
		{x0, y - 7, x0 + width, y + 2},
	};
}

/* Words of @text placed from @x, one glyph's gap between them. */
static void place_words(struct synth *s, double x, const char *text)
{
	char *copy = strdup(text);
	char *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w;
			w = strtok_r(NULL, " ", &save)) {
		synth_word(s, x, s->y, w);
		x += SYNTH_GLYPH * (double)(strlen(w) + 1);
	}
	free(copy);
}

void synth_text(struct synth *s, double x, const char *text)
{
	place_words(s, x, text);
	s->y += SYNTH_LINE;
}

void synth_row(struct synth *s, const char *label, const char *name,
		const char *const cells[5])
{
	if (label)
		place_words(s, SYNTH_LABEL_X, label);
	if (name)
		place_words(s, SYNTH_NAME_X, name);
	for (int f = 0; f < 5; f++)
		if (cells[f])
			synth_word(s, column_right[f] -
				SYNTH_GLYPH * (double)strlen(cells[f]),
				s->y, cells[f]);
	s->y += SYNTH_LINE;
}

struct tvk_input *synth_end(struct synth *s)
{
	finish_page(s);
	free(s->words);
	s->words = NULL;
	return s->doc;
}

struct tvk_input *synth_run(struct synth *s, int *rc)
{
	struct tvk_input *doc = synth_end(s);
	struct tvk_lexer *lexer = tvk_lexer_create();
	struct tvk_error err;
	tvk_error_clear(&err);
	*rc = tvk_input_analyse(doc, lexer, &err);
	tvk_lexer_destroy(lexer);
	return doc;
}

void synth_shuffle(struct tvk_input *doc, unsigned seed)
{
	unsigned long long x = seed * 2654435761ull + 1;
	for (int p = 0; p < doc->n_pages; p++) {
		struct tvk_page *page = &doc->pages[p];
		for (size_t i = page->n_words; i > 1; i--) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			size_t j = (size_t)(x % i);
			struct tvk_word t = page->words[i - 1];
			page->words[i - 1] = page->words[j];
			page->words[j] = t;
		}
	}
}

void synth_format_count(int64_t v, char *out, size_t cap)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%lld", (long long)v);
	size_t n = strlen(digits), k = 0;
	for (size_t i = 0; i < n && k + 2 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = digits[i];
	}
	out[k] = '\0';
}
