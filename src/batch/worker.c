/*
 * The worker side of the batch: the PDF through the pipeline, its tables
 * built into documents, all of it encoded as the record that the batch
 * decodes and the cache keeps — in a process of its own, started by the
 * pool (pool.c), that keeps poppler warm from one input to the next.
 * Nothing here writes a file of the batch's or prints.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tvk/document.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "batch/worker.h"
#include "document/wire.h"
#include "read/ocr.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#if defined(UNDER_ASAN) || defined(__SANITIZE_THREAD__)
#define UNDER_SHADOW 1 /* a sanitizer that maps shadow memory */
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_SHADOW 1
#endif
#endif

#ifdef UNDER_ASAN
/* LeakSanitizer checks at exit(), which a worker never calls. */
void __lsan_do_leak_check(void);
#endif

static enum tvk_text_layer input_layer(const struct tvk_input *input)
{
	enum tvk_text_layer layer = TVK_LAYER_NONE;
	for (int p = 0; p < input->n_pages; p++) {
		if (input->pages[p].layer == TVK_LAYER_OCR)
			return TVK_LAYER_OCR;
		if (input->pages[p].layer == TVK_LAYER_PDF)
			layer = TVK_LAYER_PDF;
	}
	return layer;
}

void tvk_worker_convert(const char *path, const char *expected,
		const struct tvk_options *opt, struct tvk_lexer *lexer,
		struct tvk_outcome *o, bool *unchanged)
{
	memset(o, 0, sizeof(*o));
	*unchanged = false;
	struct tvk_input_report *in = &o->input;
	in->path = tvk_xstrdup(path);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_input *input = tvk_input_open(path, &err);
	if (input) {
		memcpy(in->sha256, input->sha256, sizeof(in->sha256));
		/* The same bytes as the cache's entry: the PDF stays shut. */
		if (expected && strcmp(expected, input->sha256) == 0) {
			tvk_input_destroy(input);
			*unchanged = true;
			return;
		}
		tvk_input_convert(input, opt, lexer, &err);
		in->pages = input->n_pages;
		in->layer = input_layer(input);
		in->n_problems = input->n_problems;
		in->problems = tvk_xcalloc(input->n_problems,
			sizeof(*in->problems));
		for (size_t i = 0; i < input->n_problems; i++)
			in->problems[i] = input->problems[i].page ?
				tvk_xasprintf("page %d: %s", input->problems[i].page,
					input->problems[i].message) :
				tvk_xstrdup(input->problems[i].message);
	}
	if (tvk_error_is_set(&err)) {
		in->error = err.code;
		in->error_page = err.page;
		in->message = tvk_xstrdup(err.message);
	} else {
		o->n_docs = tvk_document_build(input, &o->docs);
		in->n_tables = o->n_docs;
	}
	tvk_input_destroy(input);
}

/* ---- the worker process ------------------------------------------------ */

int tvk_send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The next whole record from @fd into @in (what follows it stays there);
 * false at the end. */
static bool receive(int fd, struct tvk_buf *in, struct tvk_wire_record *rec,
		size_t *used)
{
	/* Drop the record handed out last time. */
	if (*used) {
		memmove(in->s, in->s + *used, in->len - *used);
		in->len -= *used;
		*used = 0;
	}
	for (;;) {
		enum tvk_wire_status st = in->len ? tvk_wire_record_read(
			(const unsigned char *)in->s, in->len, rec) :
			TVK_WIRE_PARTIAL;
		if (st == TVK_WIRE_OK) {
			*used = rec->size;
			return true;
		}
		if (st != TVK_WIRE_PARTIAL)
			return false;
		char buf[4096];
		ssize_t k = read(fd, buf, sizeof(buf));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		tvk_buf_add(in, buf, (size_t)k);
	}
}

/*
 * What the libraries printed during one input, as problems of it: each
 * different line once, a few at most — a PDF can make poppler complain a
 * million times.
 */
#define MAX_NOISE_LINES 5

/* GLib's log lines carry the time ("Poppler-INFO: 09:36:09.211: ..."):
 * the same input must give the same problems. */
static void drop_clock(char *line)
{
	for (char *p = line; *p; p++) {
		const char *f = "dd:dd:dd.ddd: ";
		size_t k = 0;
		for (; f[k] && p[k]; k++)
			if (f[k] == 'd' ? !(p[k] >= '0' && p[k] <= '9') :
					p[k] != f[k])
				break;
		if (!f[k]) {
			memmove(p, p + k, strlen(p + k) + 1);
			return;
		}
	}
}

static void add_noise(struct tvk_outcome *o, int noise)
{
	off_t size = lseek(noise, 0, SEEK_END);
	if (size <= 0)
		return;
	size_t n = (size_t)size < 65536 ? (size_t)size : 65536;
	char *text = tvk_xmalloc(n + 1);
	ssize_t got = pread(noise, text, n, 0);
	text[got > 0 ? got : 0] = '\0';
	struct tvk_input_report *in = &o->input;
	size_t kept = 0, more = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line;
			line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			continue;
		drop_clock(line);
		char *message = tvk_xasprintf("the PDF library said: %.200s",
			line);
		bool seen = false;
		for (size_t i = in->n_problems - kept; i < in->n_problems && !seen;
				i++)
			seen = strcmp(in->problems[i], message) == 0;
		if (seen || kept == MAX_NOISE_LINES) {
			more += !seen;
			free(message);
			continue;
		}
		in->problems = tvk_xrealloc(in->problems, in->n_problems + 1,
			sizeof(*in->problems));
		in->problems[in->n_problems++] = message;
		kept++;
	}
	if (more) {
		in->problems = tvk_xrealloc(in->problems, in->n_problems + 1,
			sizeof(*in->problems));
		in->problems[in->n_problems++] = tvk_xasprintf("the PDF library "
			"said %zu more thing%s", more, more == 1 ? "" : "s");
	}
	free(text);
}

static void limit(int resource, rlim_t value)
{
	struct rlimit rl;
	if (getrlimit(resource, &rl) != 0)
		return;
	if (rl.rlim_max != RLIM_INFINITY && value > rl.rlim_max)
		value = rl.rlim_max;
	rl.rlim_cur = value;
	(void)setrlimit(resource, &rl);
}

_Noreturn void tvk_worker_main(const struct tvk_worker_setup *s)
{
	/* Gone with the batch, however it ends; Ctrl-C and SIGTERM are the
	 * batch's to handle: it stops the workers itself. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != s->parent)
		_exit(0);
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/* What the libraries print is kept to a size: past it a write
	 * fails instead of the disk or memory filling up. */
	signal(SIGXFSZ, SIG_IGN);
	limit(RLIMIT_FSIZE, 4u << 20);
#ifndef UNDER_SHADOW
	/* AddressSanitizer and ThreadSanitizer reserve terabytes of address
	 * space for their shadow: the limit is left to the builds that can
	 * keep it. */
	if (s->max_memory)
		limit(RLIMIT_AS, (rlim_t)s->max_memory);
#endif
	int saved_stderr = dup(STDERR_FILENO);
	dup2(s->noise, STDOUT_FILENO);
	dup2(s->noise, STDERR_FILENO);

	struct tvk_lexer *lexer = tvk_lexer_create();
	struct tvk_buf in = {0}, out = {0};
	size_t used = 0;
	struct tvk_wire_record rec;
	while (receive(s->socket, &in, &rec, &used)) {
		if (rec.type != TVK_RECORD_JOB)
			break;
		struct tvk_wire_reader r = {rec.payload, rec.payload + rec.length,
			false};
		char *path = tvk_wire_get_str(&r);
		char *expected = tvk_wire_get_str(&r);
		if (r.bad || !path) {
			free(path);
			free(expected);
			break;
		}
		if (ftruncate(s->noise, 0) != 0 ||
				lseek(s->noise, 0, SEEK_SET) != 0)
			break;
		struct tvk_outcome o;
		bool unchanged;
		tvk_worker_convert(path, expected, s->convert, lexer, &o,
			&unchanged);
		out.len = 0;
		if (unchanged) {
			size_t start = tvk_wire_record_begin(&out,
				TVK_RECORD_UNCHANGED);
			tvk_wire_record_end(&out, start);
		} else {
			add_noise(&o, s->noise);
			tvk_outcome_encode(&out, s->convert, &o);
		}
		tvk_outcome_finish(&o);
		free(path);
		free(expected);
		if (tvk_send_all(s->socket, out.s, out.len) != 0)
			break;
	}
	free(in.s);
	free(out.s);
	tvk_lexer_destroy(lexer);
	tvk_ocr_release_thread();
	/* Leak reports of the sanitizers go where the batch's go. */
	if (saved_stderr >= 0)
		dup2(saved_stderr, STDERR_FILENO);
#ifdef UNDER_ASAN
	__lsan_do_leak_check();
#endif
	_exit(0);
}
