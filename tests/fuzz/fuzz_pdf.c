/*
 * Fuzz target: the PDF entry point — bytes → poppler → the whole pipeline
 * → JSON.  Seeds: the sample archive's PDFs.
 */
#include <stdint.h>
#include <stdlib.h>

#include <tvk/tvk.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tvk_lexer *lexer;
	if (!lexer)
		lexer = tvk_lexer_create();
	/* Bound the work per input: poppler happily parses megabytes. */
	if (size > 1 << 20)
		return 0;
	struct tvk_input *doc = tvk_input_from_bytes("fuzz.pdf", data, size);
	struct tvk_options opt = {.ocr = TVK_OCR_NEVER};
	struct tvk_error err;
	tvk_error_clear(&err);
	if (tvk_input_convert(doc, &opt, lexer, &err) == 0) {
		struct tvk_document **docs;
		size_t n = tvk_document_build(doc, &docs);
		for (size_t i = 0; i < n; i++) {
			free(tvk_emit_document(docs[i], 0));
			tvk_document_destroy(docs[i]);
		}
		free(docs);
	}
	tvk_input_destroy(doc);
	return 0;
}
