/*
 * The outcome of an input as a record, and the cache of earlier runs: a
 * log of such records in the output folder (see batch-internal.h).
 *
 * One log rather than a file per input: a record is appended with one
 * write the moment its input is finished, where a file each would cost a
 * create, a write and a rename.  A crash mid-write leaves a cut-off last
 * record, which its checksum gives away; the next run reads past it and
 * converts that input again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/files.h"
#include "base/version.h"
#include "batch/batch-internal.h"
#include "config.h"
#include "document/wire.h"

void tvk_outcome_finish(struct tvk_outcome *o)
{
	struct tvk_input_report *in = &o->input;
	free(in->path);
	free(in->message);
	for (size_t i = 0; i < in->n_problems; i++)
		free(in->problems[i]);
	free(in->problems);
	for (size_t i = 0; i < o->n_docs; i++)
		tvk_document_destroy(o->docs[i]);
	free(o->docs);
	memset(o, 0, sizeof(*o));
}

void tvk_outcome_encode(struct tvk_buf *b, const struct tvk_options *opt,
		const struct tvk_outcome *o)
{
	const struct tvk_input_report *in = &o->input;
	size_t start = tvk_wire_record_begin(b, TVK_RECORD_OUTCOME);
	tvk_wire_str(b, tvk_build_identity());
	tvk_wire_str(b, in->path);
	tvk_wire_u8(b, opt->ocr);
	tvk_wire_u8(b, opt->no_second_look);
	tvk_wire_str(b, in->sha256[0] ? in->sha256 : NULL);
	tvk_wire_u32(b, (uint32_t)in->pages);
	tvk_wire_u8(b, in->layer);
	tvk_wire_u32(b, (uint32_t)in->error);
	tvk_wire_u32(b, (uint32_t)in->error_page);
	tvk_wire_str(b, in->message);
	tvk_wire_u32(b, (uint32_t)in->n_problems);
	for (size_t i = 0; i < in->n_problems; i++)
		tvk_wire_str(b, in->problems[i]);
	tvk_wire_u32(b, (uint32_t)o->n_docs);
	for (size_t i = 0; i < o->n_docs; i++)
		tvk_wire_document(b, o->docs[i]);
	tvk_wire_record_end(b, start);
}

int tvk_outcome_decode(const unsigned char *p, size_t n,
		struct tvk_options *opt, struct tvk_outcome *o)
{
	memset(o, 0, sizeof(*o));
	struct tvk_wire_reader r = {p, p + n, false};
	char *version = tvk_wire_get_str(&r);
	bool same = version && strcmp(version, tvk_build_identity()) == 0;
	free(version);
	if (r.bad)
		return -1;
	if (!same)
		return 0;
	struct tvk_input_report *in = &o->input;
	in->path = tvk_wire_get_str(&r);
	unsigned ocr = tvk_wire_get_u8(&r);
	opt->ocr = (enum tvk_ocr_mode)ocr;
	opt->no_second_look = tvk_wire_get_u8(&r) != 0;
	char *sha = tvk_wire_get_str(&r);
	if (sha && strlen(sha) == 64)
		memcpy(in->sha256, sha, 65);
	else if (sha)
		r.bad = true;
	free(sha);
	in->pages = (int)tvk_wire_get_u32(&r);
	unsigned layer = tvk_wire_get_u8(&r);
	in->layer = (enum tvk_text_layer)layer;
	uint32_t error = tvk_wire_get_u32(&r);
	in->error = (enum tvk_error_code)error;
	in->error_page = (int)tvk_wire_get_u32(&r);
	in->message = tvk_wire_get_str(&r);
	in->n_problems = tvk_wire_get_count(&r, 4);
	in->problems = tvk_xcalloc(in->n_problems, sizeof(*in->problems));
	for (size_t i = 0; i < in->n_problems && !r.bad; i++)
		in->problems[i] = tvk_wire_get_str(&r);
	o->n_docs = tvk_wire_get_count(&r, 8);
	o->docs = tvk_xcalloc(o->n_docs, sizeof(*o->docs));
	for (size_t i = 0; i < o->n_docs && !r.bad; i++)
		o->docs[i] = tvk_wire_get_document(&r);
	in->n_tables = o->n_docs;
	for (size_t i = 0; i < in->n_problems; i++)
		r.bad = r.bad || !in->problems[i];
	if (r.bad || r.p != r.end || !in->path || ocr > TVK_OCR_ALWAYS ||
			layer > TVK_LAYER_OCR || error > TVK_ERR_USAGE ||
			(error != TVK_OK && !in->message)) {
		tvk_outcome_finish(o);
		return -1;
	}
	return 1;
}

/* ---- the cache --------------------------------------------------------- */

static int by_path(const void *a, const void *b)
{
	const struct tvk_cache_entry *x = a, *y = b;
	return strcmp(x->outcome.input.path, y->outcome.input.path);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	*len = 0;
	/* O_NONBLOCK: a FIFO put there must not hang the run (it is
	 * refused by tvk_files_read_fd) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	return (unsigned char *)tvk_files_read_fd(fd, SIZE_MAX / 4, len);
}

/* The next place after @from where a record may start. */
static size_t resync(const unsigned char *buf, size_t len, size_t from)
{
	for (size_t i = from; i + 4 <= len; i++)
		if (memcmp(buf + i, "TVKR", 4) == 0)
			return i;
	return len;
}

static void free_outputs(struct tvk_cache *c)
{
	for (size_t i = 0; i < c->n_outputs; i++)
		free(c->outputs[i].path);
	free(c->outputs);
	c->outputs = NULL;
	c->n_outputs = 0;
}

static int by_output(const void *a, const void *b)
{
	return strcmp(((const struct tvk_output *)a)->path,
		((const struct tvk_output *)b)->path);
}

/* The files of an OUTPUTS record into @c; false when it is not one. */
static bool read_outputs(struct tvk_cache *c, const struct tvk_wire_record *rec)
{
	struct tvk_wire_reader r = {rec->payload, rec->payload + rec->length,
		false};
	size_t n = tvk_wire_get_count(&r, 8);
	struct tvk_output *out = tvk_xcalloc(n, sizeof(*out));
	size_t k = 0;
	for (; k < n && !r.bad; k++) {
		out[k].path = tvk_wire_get_str(&r);
		char *sha = tvk_wire_get_str(&r);
		if (!out[k].path || !sha || strlen(sha) != 64)
			r.bad = true;
		else
			memcpy(out[k].sha256, sha, 65);
		free(sha);
	}
	if (r.bad || r.p != r.end) {
		for (size_t i = 0; i < k; i++)
			free(out[i].path);
		free(out);
		return false;
	}
	free_outputs(c);
	qsort(out, n, sizeof(*out), by_output);
	c->outputs = out;
	c->n_outputs = n;
	c->has_outputs = true;
	return true;
}

/* Only the path of an outcome record (its checksum holds): what the
 * compaction needs to keep the last record of each path. */
static int peek_path(const struct tvk_wire_record *rec,
		struct tvk_cache_entry *e)
{
	struct tvk_wire_reader r = {rec->payload, rec->payload + rec->length,
		false};
	char *version = tvk_wire_get_str(&r);
	bool same = version && strcmp(version, tvk_build_identity()) == 0;
	free(version);
	if (!same)
		return r.bad ? -1 : 0;
	e->outcome.input.path = tvk_wire_get_str(&r);
	return e->outcome.input.path ? 1 : -1;
}

/*
 * The entries of the log at @buf: every valid record decoded, the last of
 * each path winning, sorted by path, with where each record lies in
 * *@spans; damaged, foreign and superseded records counted.
 */

static void read_log(struct tvk_cache *c, const unsigned char *buf, size_t len,
		bool paths_only, struct tvk_span **spans)
{
	size_t cap = 0, off = 0;
	/* The cache of tvk before the log: one old file, foreign. */
	if (len >= 10 && memcmp(buf, "tvk-cache ", 10) == 0) {
		c->foreign++;
		off = len;
	}
	struct tvk_cache_entry *all = NULL;
	struct tvk_span *where = NULL;
	size_t n = 0, where_cap = 0;
	while (off < len) {
		struct tvk_wire_record rec;
		enum tvk_wire_status st = tvk_wire_record_read(buf + off,
			len - off, &rec);
		if (st == TVK_WIRE_PARTIAL) {
			c->damaged++; /* cut off: the end of the log */
			break;
		}
		if (st == TVK_WIRE_DAMAGED) {
			c->damaged++;
			off = resync(buf, len, off + 1);
			continue;
		}
		if (st == TVK_WIRE_OK && rec.type == TVK_RECORD_OUTPUTS) {
			if (!read_outputs(c, &rec)) {
				c->damaged++;
			} else {
				c->superseded += c->outputs_span.size > 0;
				c->outputs_span = (struct tvk_span){off, rec.size};
			}
			off += rec.size;
			continue;
		}
		if (st == TVK_WIRE_FOREIGN || rec.type != TVK_RECORD_OUTCOME) {
			c->foreign++;
			off += rec.size;
			continue;
		}
		struct tvk_cache_entry e = {0};
		int rc = paths_only ? peek_path(&rec, &e) :
			tvk_outcome_decode(rec.payload, rec.length, &e.opt,
				&e.outcome);
		if (rc <= 0) {
			if (rc < 0)
				c->damaged++;
			else
				c->foreign++;
			off += rec.size;
			continue;
		}
		tvk_grow((void **)&all, &cap, n + 1, sizeof(*all));
		tvk_grow((void **)&where, &where_cap, n + 1, sizeof(*where));
		where[n] = (struct tvk_span){off, rec.size};
		all[n++] = e;
		off += rec.size;
	}
	/* Sort by path, the later record first among equals, and keep the
	 * first of each path. */
	size_t *order = tvk_xcalloc(n, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) {
		size_t k = order[i], j = i;
		/* insertion sort is fine for a nearly sorted log; the log of
		 * a big archive is written in input order */
		while (j > 0) {
			int cmp = strcmp(all[order[j - 1]].outcome.input.path,
				all[k].outcome.input.path);
			if (cmp < 0 || (cmp == 0 && order[j - 1] > k))
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	c->entries = tvk_xcalloc(n, sizeof(*c->entries));
	*spans = tvk_xcalloc(n, sizeof(**spans));
	c->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct tvk_cache_entry *e = &all[order[i]];
		if (c->n > 0 && strcmp(c->entries[c->n - 1].outcome.input.path,
				e->outcome.input.path) == 0) {
			tvk_outcome_finish(&e->outcome);
			continue;
		}
		(*spans)[c->n] = where[order[i]];
		c->entries[c->n++] = *e;
	}
	c->superseded += n - c->n;
	free(order);
	free(where);
	free(all);
}

struct tvk_cache *tvk_cache_open(const char *out_dir)
{
	struct tvk_cache *c = tvk_xcalloc(1, sizeof(*c));
	c->fd = -1;
	c->path = tvk_xasprintf("%s/%s", out_dir, TVK_CACHE_FILE);
	c->refused = tvk_files_odd_kind(c->path);
	if (c->refused)
		return c; /* never read, written nor replaced */
	size_t len;
	unsigned char *buf = slurp(c->path, &len);
	if (buf) {
		struct tvk_span *spans;
		read_log(c, buf, len, false, &spans);
		free(spans);
	}
	free(buf);
	/* Open for appending now, before any worker process starts: the
	 * pool closes it in each of them. */
	c->fd = open(c->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
		O_NOFOLLOW | O_NONBLOCK, 0666);
	struct stat st;
	if (c->fd >= 0 && (fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(c->fd);
		c->fd = -1;
		c->refused = "not a regular file";
	}
	return c;
}

struct tvk_cache_entry *tvk_cache_claim(struct tvk_cache *c, const char *path)
{
	struct tvk_cache_entry key = {.outcome.input.path = (char *)path};
	struct tvk_cache_entry *e = c->n ? bsearch(&key, c->entries, c->n,
		sizeof(key), by_path) : NULL;
	if (e)
		e->claimed = true;
	return e;
}

void tvk_cache_append(struct tvk_cache *c, const void *record, size_t len,
		bool replaces)
{
	c->superseded += replaces;
	if (c->append_failed)
		return;
	/* One write: with O_APPEND the record goes in whole or, if the
	 * disk is full or the process dies, cut off at the end. */
	struct stat st;
	off_t before = c->fd >= 0 && fstat(c->fd, &st) == 0 ? st.st_size : -1;
	ssize_t n = c->fd >= 0 ? write(c->fd, record, len) : -1;
	if (n != (ssize_t)len) {
		/* A full disk: the log is cut back to its last whole record
		 * rather than left with half of this one. */
		if (n > 0 && before >= 0 && ftruncate(c->fd, before) != 0)
			c->damaged++;
		/* The cache only saves time: a cache that cannot be
		 * written is no reason to stop; the cut-off record is
		 * ignored next time. */
		c->append_failed = true;
		return;
	}
	c->appended++;
}

/* Rewrites the log with the last valid record of every path, when that
 * drops anything. */
static void compact(struct tvk_cache *c)
{
	size_t len;
	unsigned char *buf = slurp(c->path, &len);
	if (!buf)
		return;
	struct tvk_cache fresh = {.fd = -1};
	struct tvk_span *spans;
	read_log(&fresh, buf, len, true, &spans);
	size_t live = fresh.outputs_span.size;
	for (size_t i = 0; i < fresh.n; i++)
		live += spans[i].size;
	if (live < len) {
		struct tvk_buf out = {0};
		tvk_buf_add(&out, "", 0);
		for (size_t i = 0; i < fresh.n; i++)
			tvk_buf_add(&out, (const char *)buf + spans[i].off,
				spans[i].size);
		tvk_buf_add(&out, (const char *)buf + fresh.outputs_span.off,
			fresh.outputs_span.size);
		struct tvk_error err;
		tvk_error_clear(&err);
		(void)tvk_files_write(c->path, out.s, out.len, &err);
		free(out.s);
	}
	for (size_t i = 0; i < fresh.n; i++)
		tvk_outcome_finish(&fresh.entries[i].outcome);
	free(fresh.entries);
	free_outputs(&fresh);
	free(spans);
	free(buf);
}

void tvk_cache_close(struct tvk_cache *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	/* A log that only grew by new paths is kept as it is; one with a
	 * record that a later one replaced, or anything ignored, is
	 * rewritten. */
	if (!c->refused && (c->damaged || c->foreign || c->superseded ||
			c->append_failed))
		compact(c);
	for (size_t i = 0; i < c->n; i++)
		tvk_outcome_finish(&c->entries[i].outcome);
	free(c->entries);
	free_outputs(c);
	free(c->path);
	free(c);
}

const struct tvk_output *tvk_cache_output(const struct tvk_cache *c,
		const char *path)
{
	struct tvk_output key = {.path = (char *)path};
	return c->n_outputs ? bsearch(&key, c->outputs, c->n_outputs,
		sizeof(key), by_output) : NULL;
}

void tvk_cache_record_outputs(struct tvk_cache *c,
		const struct tvk_output *outputs, size_t n)
{
	struct tvk_buf b = {0};
	size_t start = tvk_wire_record_begin(&b, TVK_RECORD_OUTPUTS);
	tvk_wire_u32(&b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		tvk_wire_str(&b, outputs[i].path);
		tvk_wire_str(&b, outputs[i].sha256);
	}
	tvk_wire_record_end(&b, start);
	tvk_cache_append(c, b.s, b.len, c->has_outputs);
	free(b.s);
}
