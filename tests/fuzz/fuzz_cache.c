/*
 * Fuzz target: the cache's records (DIR/.tvk-cache), untrusted bytes from
 * disk.  The input is a log as tvk writes it; it is read twice by the
 * cache (tvk_cache_open, a claim, tvk_cache_close and its compaction):
 *
 *   - as it is, so that the framing (magic, format, lengths, the
 *     checksum) is fuzzed;
 *   - resealed: every record found gets this build's identity and a
 *     checksum that holds, so that the fuzzer reaches what lies behind
 *     them (the outcome's and the documents' decoders, the list of
 *     outputs), which a mutated byte would otherwise never pass.
 *
 * The seeds (tests/fuzz/corpus/cache) are real caches of the sample
 * archive; make-corpus.sh writes them.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tvk/tvk.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/version.h"
#include "batch/batch-internal.h"
#include "document/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char *log_path;

static void remove_dir(void)
{
	/* the log, and what a compaction may have left */
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(dir);
	free(log_path);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

/* The records of @d framed again around their payloads (the lengths cut
 * to the bytes there are), an outcome's build identity replaced by this
 * build's; what is not a record is copied as it is. */
static void reseal(const uint8_t *d, size_t n, struct tvk_buf *out)
{
	size_t off = 0;
	while (off < n) {
		if (n - off < TVK_WIRE_HEADER || memcmp(d + off, "TVKR", 4)) {
			tvk_buf_add(out, (const char *)d + off, 1);
			off++;
			continue;
		}
		unsigned type = (unsigned)d[off + 6] | (unsigned)d[off + 7] << 8;
		size_t len = get32(d + off + 8);
		if (len > n - off - TVK_WIRE_HEADER)
			len = n - off - TVK_WIRE_HEADER;
		const uint8_t *payload = d + off + TVK_WIRE_HEADER;
		size_t start = tvk_wire_record_begin(out, type);
		struct tvk_wire_reader r = {payload, payload + len, false};
		free(tvk_wire_get_str(&r));
		if (type == TVK_RECORD_OUTCOME && !r.bad) {
			tvk_wire_str(out, tvk_build_identity());
			tvk_buf_add(out, (const char *)r.p, (size_t)(r.end - r.p));
		} else {
			tvk_buf_add(out, (const char *)payload, len);
		}
		tvk_wire_record_end(out, start);
		off += TVK_WIRE_HEADER + len;
		off += n - off < TVK_WIRE_CHECKSUM ? n - off : TVK_WIRE_CHECKSUM;
	}
}

static void read_cache(const void *bytes, size_t len)
{
	FILE *f = fopen(log_path, "wb");
	if (!f)
		abort();
	if (len && fwrite(bytes, 1, len, f) != len)
		abort();
	if (fclose(f) != 0)
		abort();
	struct tvk_cache *c = tvk_cache_open(dir);
	for (size_t i = 0; i < c->n; i++)
		(void)tvk_cache_claim(c, c->entries[i].outcome.input.path);
	(void)tvk_cache_claim(c, "no/such/input.pdf");
	for (size_t i = 0; i < c->n_outputs; i++)
		(void)tvk_cache_output(c, c->outputs[i].path);
	tvk_cache_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!log_path) {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/tvk-fuzz-cache-XXXXXX",
			tmp && strlen(tmp) < 32 ? tmp : "/tmp");
		if (!mkdtemp(dir))
			abort();
		log_path = tvk_xasprintf("%s/%s", dir, TVK_CACHE_FILE);
		atexit(remove_dir);
	}
	read_cache(data, size);
	struct tvk_buf sealed = {0};
	reseal(data, size, &sealed);
	read_cache(sealed.s, sealed.len);
	free(sealed.s);
	return 0;
}
