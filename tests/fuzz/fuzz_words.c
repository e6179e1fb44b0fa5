/*
 * Fuzz target: words with boxes → layout → lex → table → repair →
 * validate → emit.  The input is text, one word a line:
 *
 *     x0 y0 x1 y1 text
 *
 * and "---" starts a new page, so that the seeds are the sample archive's
 * own pages (tests/fuzz/make-corpus.sh) and the fuzzer mutates numbers,
 * names and geometry alike.  Any bytes may stand in the text, invalid
 * UTF-8 included.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "document/document.h"
#include "pipeline/convert.h"

#define MAX_WORDS 20000
#define MAX_PAGES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double clamp(double v)
{
	if (!isfinite(v))
		return 0;
	return v < -1e5 ? -1e5 : v > 1e5 ? 1e5 : v;
}

static void emit_all(struct tvk_input *doc)
{
	struct tvk_document **docs;
	size_t n = tvk_document_build(doc, &docs);
	for (size_t i = 0; i < n; i++) {
		free(tvk_emit_document(docs[i], 0));
		if (i > 0)
			(void)tvk_document_same_values(docs[i - 1], docs[i]);
	}
	for (size_t i = 0; i < n; i++)
		tvk_document_destroy(docs[i]);
	free(docs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tvk_lexer *lexer;
	if (!lexer)
		lexer = tvk_lexer_create();
	struct tvk_input *doc = tvk_input_create("fuzz");
	doc->pages = tvk_arena_array(doc->arena, MAX_PAGES, sizeof(*doc->pages));
	struct tvk_word *words = tvk_arena_array(doc->arena, MAX_WORDS,
		sizeof(*words));
	char *text = tvk_arena_strndup(doc->arena, (const char *)data, size);
	size_t n_words = 0, page_start = 0;
	int page = 0;
	doc->n_pages = 1;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line;
			line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, "---") == 0) {
			if (page + 1 >= MAX_PAGES)
				break;
			doc->pages[page].words = words + page_start;
			doc->pages[page].n_words = n_words - page_start;
			page_start = n_words;
			page++;
			continue;
		}
		if (n_words == MAX_WORDS)
			break;
		char *p = line, *end;
		double v[4];
		int k;
		for (k = 0; k < 4; k++) {
			v[k] = strtod(p, &end);
			if (end == p)
				break;
			p = end;
		}
		if (k < 4)
			continue;
		while (*p == ' ')
			p++;
		if (!*p)
			continue;
		words[n_words++] = (struct tvk_word){p, {clamp(v[0]), clamp(v[1]),
			clamp(v[2]), clamp(v[3])}};
	}
	doc->pages[page].words = words + page_start;
	doc->pages[page].n_words = n_words - page_start;
	doc->n_pages = page + 1;
	for (int i = 0; i < doc->n_pages; i++) {
		doc->pages[i].number = i + 1;
		doc->pages[i].width = 595;
		doc->pages[i].height = 842;
		doc->pages[i].layer = doc->pages[i].n_words ? TVK_LAYER_PDF :
			TVK_LAYER_NONE;
	}
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_input_analyse(doc, lexer, &err) == 0)
		emit_all(doc);
	tvk_input_destroy(doc);
	return 0;
}
