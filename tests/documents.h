#ifndef TVK_TEST_DOCUMENTS_H
#define TVK_TEST_DOCUMENTS_H

/*
 * Documents made by hand for the units that work on documents (the wire
 * records, the cache, the merge): every field filled, so that a field an
 * encoder forgets, or a decoder reads wrong, shows.
 */

#include <stdint.h>

#include <tvk/document.h>

/*
 * A regional document of region @region (1..35, or 0: unknown) in
 * @year-Q@quarter, read from @file, its counts made from @base (documents
 * with the same @base have the same values): two municipalities (one
 * split, with successors), the total, the register, a problem with a
 * place and a warning without, a count repair and a name repair, sources
 * and one also_in.  Free with tvk_document_destroy().
 */
struct tvk_document *test_document(int region, int year, int quarter,
		const char *file, int64_t base);

/* The national row of @year-Q@quarter, as a compendium prints it. */
struct tvk_document *test_national(int year, int quarter, const char *file,
		int64_t base);

#endif
