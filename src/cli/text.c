/* tvk text: the lines tvk rebuilds from a PDF, as the later stages see them. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"

const char text_usage[] =
	"usage: tvk text [--boxes] [--kinds] [--ocr=auto|never|always] PDF\n\n"
	"Prints the lines rebuilt from the geometry of every page, top to\n"
	"bottom, as the table stage sees them.\n\n"
	"  --boxes   print every word with its box (x0 y0 x1 y1, points)\n"
	"  --kinds   prefix every line with the kind lex gives it\n"
	"  --ocr=MODE\n"
	"            as for convert\n"
	"  -h, --help\n";

int cmd_text(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"boxes", no_argument, NULL, 'b'},
		{"kinds", no_argument, NULL, 'k'},
		{"ocr", required_argument, NULL, 'O'},
		{NULL, 0, NULL, 0},
	};
	bool boxes = false, kinds = false;
	struct tvk_options opt = {.whole_pages = true};
	int c, usage;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			boxes = true;
			break;
		case 'k':
			kinds = true;
			break;
		case 'O':
			usage = parse_ocr("text", optarg, &opt.ocr);
			if (usage != 0)
				return usage;
			break;
		default:
			return option_error("text", c, argc, argv);
		}
	}
	if (argc - optind != 1)
		return usage_error("text", "one PDF expected");

	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *input = tvk_input_open(argv[optind], &err);
	if (!input || tvk_input_lines(input, &opt, &err) != 0) {
		tvk_ocr_release_thread();
		tvk_error_print(stderr, err.file, err.page, err.message);
		tvk_input_destroy(input);
		return TVK_EXIT_INPUT;
	}
	struct tvk_lexer *lexer = kinds ? tvk_lexer_create() : NULL;
	for (int p = 0; p < input->n_pages; p++) {
		const struct tvk_page *page = &input->pages[p];
		static const char *const turned[] = {"", ", read turned: its "
			"text runs down the page", ", read turned: its text "
			"is upside down", ", read turned: its text runs up the "
			"page"};
		printf("--- page %d (%s%s) ---\n", p + 1,
			tvk_text_layer_name(page->layer),
			turned[page->turn & 3]);
		for (size_t i = 0; i < input->n_lines[p]; i++) {
			const struct tvk_line *line = &input->lines[p][i];
			if (kinds)
				printf("%-8s ", tvk_input_line_kind(input, lexer,
					line));
			if (!boxes) {
				printf("%s\n", escaped(line->text));
				continue;
			}
			/* boxes of the page as displayed, as in the
			 * documents */
			struct tvk_box b = tvk_pdf_box_as_displayed(page,
				line->box);
			printf("[%7.2f %7.2f %7.2f %7.2f] %s\n", b.x0, b.y0,
				b.x1, b.y1, escaped(line->text));
			for (size_t w = 0; w < line->n_words; w++) {
				const struct tvk_word *word = &line->words[w];
				b = tvk_pdf_box_as_displayed(page, word->box);
				printf("    [%7.2f %7.2f %7.2f %7.2f] %s\n",
					b.x0, b.y0, b.x1, b.y1,
					escaped(word->text));
			}
		}
	}
	tvk_lexer_destroy(lexer);
	tvk_input_destroy(input);
	tvk_ocr_release_thread();
	return TVK_EXIT_OK;
}
