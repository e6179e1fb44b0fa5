/*
 * A C user of the installed libtvk, as its public face allows: one PDF
 * converted, its documents built and written as JSON.  Built by
 * install.sh against the installed headers and library only.
 *
 * usage: user PDF; prints "N documents, M bytes of JSON (tvk VERSION)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvk/tvk.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return TVK_EXIT_USAGE;
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *input = tvk_input_open(argv[1], &err);
	struct tvk_lexer *lexer = tvk_lexer_create();
	struct tvk_options opt = {.ocr = TVK_OCR_NEVER};
	if (!input || tvk_input_convert(input, &opt, lexer, &err) != 0) {
		tvk_error_print(stderr, err.file, err.page, err.message);
		tvk_lexer_destroy(lexer);
		tvk_input_destroy(input);
		return TVK_EXIT_INPUT;
	}
	struct tvk_document **docs;
	size_t n = tvk_document_build(input, &docs), bytes = 0;
	for (size_t i = 0; i < n; i++) {
		char *json = tvk_emit_document(docs[i], 0);
		bytes += strlen(json);
		free(json);
		tvk_document_destroy(docs[i]);
	}
	free(docs);
	printf("%zu document%s, %zu bytes of JSON (tvk %s)\n", n,
		n == 1 ? "" : "s", bytes, tvk_version());
	tvk_lexer_destroy(lexer);
	tvk_input_destroy(input);
	return TVK_EXIT_OK;
}
