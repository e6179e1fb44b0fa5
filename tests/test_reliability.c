/*
 * Reliability: one hostile file never costs the batch, a batch stopped at
 * any moment loses nothing it finished, the cache cannot lie, two runs
 * into one folder do not spoil each other, folder walks end, and a full
 * disk leaves nothing half-written.
 *
 * The hostile PDFs are drawn at run time by tests/mkhostile.c (a few KB
 * each: an image of 2,000,000,000 x 2,000,000,000 pixels, a page just
 * under the old render limit, three million 'q' operators, forms nested
 * ten deep, a broken JPEG, a cross-reference loop), each converted by the
 * real tvk beside good fixtures: the good ones must come out exactly as
 * when converted alone, the hostile one must get one error line, and the
 * run must end within its limits.  Every run is bounded by the harness's
 * deadline too.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "base/sha256.h"
#include "harness.h"
#include "tvk_check.h"

#ifndef TVK_BINARY
#error "TVK_BINARY must be the path of the tvk executable"
#endif
#ifndef TVK_MKHOSTILE
#error "TVK_MKHOSTILE must be the path of tests/mkhostile"
#endif

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define COMPENDIUM TVK_FIXTURES "/uwv-2025-q2-compendium.pdf"

static const char *hostile(const char *kind)
{
	const char *pdf = kprintf("%s.pdf", kind);
	struct run *r = run_program((const char *const[]){TVK_MKHOSTILE, kind,
		pdf, NULL}, NULL);
	EXPECT_STATUS(r, 0);
	return pdf;
}

/* The outputs of Rijnmond and Friesland converted alone, into @dir. */
static void clean_run(const char *dir)
{
	struct run *r = TVK("convert", "-q", "-o", dir, RIJNMOND, FRIESLAND);
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
}

/* The entry of index.json's inputs for @file. */
static json_t *index_input(json_t *index, const char *file)
{
	json_t *inputs = json_object_get(index, "inputs");
	for (size_t i = 0; i < json_array_size(inputs); i++) {
		json_t *in = json_array_get(inputs, i);
		const char *f = str_at(in, "file", NULL);
		if (f && strcmp(f, file) == 0)
			return in;
	}
	ck_abort_msg("index.json has no input %s", file);
	return NULL;
}

/*
 * tvk convert HOSTILE RIJNMOND FRIESLAND with @extra options: exit 2, one
 * error line naming HOSTILE (that mentions @word), the good ones as when
 * alone, no temporary file, within @seconds.
 */
static void beside_good(const char *kind, const char *word, double seconds,
		const char *extra1, const char *extra2)
{
	const char *pdf = hostile(kind);
	clean_run("alone");
	const char *argv[12] = {TVK_BINARY, "convert", "-o", "out"};
	size_t n = 4;
	if (extra1)
		argv[n++] = extra1;
	if (extra2)
		argv[n++] = extra2;
	argv[n++] = pdf;
	argv[n++] = RIJNMOND;
	argv[n++] = FRIESLAND;
	struct run *r = run_checked(argv, &(struct run_options){
		.deadline = seconds + 60});
	EXPECT_STATUS(r, 2);
	expect_one_error(r, pdf);
	EXPECT(r, mentions(r->err, word), "%s: the error does not say '%s'",
		r->cmd, word);
	EXPECT(r, r->seconds < seconds, "%s took %.1f s, more than %.0f",
		r->cmd, r->seconds, seconds);
	expect_same_tree("alone", "out");
	expect_no_temporary("out");
	json_t *index = load_json("out/index.json");
	ck_assert_str_eq(str_at(index_input(index, pdf), "status", NULL),
		"failed");
	json_decref(index);
}

/* What an image-only page fails with: the render refused, or, built
 * without OCR, no text layer to read. */
#if TVK_EXPECT_OCR
#define REFUSED(word) word
#else
#define REFUSED(word) "text layer"
#endif

START_TEST(huge_image)
{
	/* Refused before rendering: the file declares the image. */
	beside_good("huge-image", REFUSED("2000000000"), 30, NULL, NULL);
}
END_TEST

START_TEST(page_near_the_old_render_limit)
{
	/* 200 million pixels at 300 dpi took 11 s and 1 GB: refused. */
	beside_good("huge-page", REFUSED("million pixels"), 30, NULL, NULL);
}
END_TEST

START_TEST(operator_flood)
{
#ifdef UNDER_ASAN
	/* AddressSanitizer needs the address space RLIMIT_AS would take
	 * away, so the memory limit is off in this build: the flood is
	 * stopped by the time limit instead. */
	beside_good("q-flood", "--timeout", 60, "--timeout", "8");
#else
	beside_good("q-flood", "memory", 60, "--max-memory", "512");
#endif
}
END_TEST

START_TEST(form_fan_out)
{
	beside_good("form-fanout", "--timeout", 30, "--timeout", "3");
}
END_TEST

START_TEST(cross_reference_loop)
{
	beside_good("xref-loop", "page", 30, NULL, NULL);
}
END_TEST

START_TEST(broken_jpeg)
{
	/* An image-only page whose JPEG is damaged: read by OCR or not, no
	 * table; what matters is that nothing but one line comes out. */
	beside_good("broken-jpeg", "", 60, NULL, NULL);
}
END_TEST

/*
 * One worker, the hostile file first (padded to be the largest input):
 * the worker holds the next input queued while it dies on the first, and
 * that input, which it never started, is converted by the next worker,
 * once, as it is alone.
 */
static void queued_behind(const char *kind, const char *word,
		const char *limit, const char *value)
{
	const char *pdf = kprintf("%s-padded.pdf", kind);
	struct run *made = run_program((const char *const[]){TVK_MKHOSTILE,
		kind, pdf, "400000", NULL}, NULL);
	EXPECT_STATUS(made, 0);
	struct run *alone = TVK("convert", "-q", "-o", "alone", RIJNMOND,
		FRIESLAND, COMPENDIUM);
	EXPECT_STATUS(alone, 0);
	struct run *r = run_checked((const char *const[]){TVK_BINARY,
		"convert", "-j1", limit, value, "-o", "out", pdf, RIJNMOND,
		FRIESLAND, COMPENDIUM, NULL}, NULL);
	EXPECT_STATUS(r, 2);
	expect_one_error(r, pdf);
	EXPECT(r, mentions(r->err, word), "%s: the error does not say '%s'",
		r->cmd, word);
	expect_same_tree("alone", "out");
	expect_no_temporary("out");
}

START_TEST(input_queued_behind_a_hung_worker)
{
	queued_behind("form-fanout", "--timeout", "--timeout", "3");
}
END_TEST

START_TEST(input_queued_behind_a_dead_worker)
{
#ifdef UNDER_ASAN
	queued_behind("q-flood", "--timeout", "--timeout", "8");
#else
	queued_behind("q-flood", "memory", "--max-memory", "512");
#endif
}
END_TEST

/* All of them in one batch, two workers: each replaced as it dies. */
START_TEST(every_hostile_file_in_one_batch)
{
	static const char *const kinds[] = {"huge-image", "huge-page",
		"q-flood", "form-fanout", "xref-loop", "broken-jpeg"};
	const char *argv[24] = {TVK_BINARY, "convert", "-j2", "--timeout", "4",
		"--max-memory", "512", "-o", "out"};
	size_t n = 9;
	for (size_t i = 0; i < 6; i++)
		argv[n++] = hostile(kinds[i]);
	argv[n++] = RIJNMOND;
	argv[n++] = FRIESLAND;
	argv[n++] = COMPENDIUM;
	struct run *r = run_checked(argv, NULL);
	EXPECT_STATUS(r, 2);
	EXPECT(r, count_lines(r->err) == 6, "%s: %zu error lines, expected 6",
		r->cmd, count_lines(r->err));
	for (size_t i = 0; i < 6; i++)
		EXPECT(r, strstr(r->err, kprintf("tvk: %s", kinds[i])), "%s: no "
			"error line for %s", r->cmd, kinds[i]);
	struct run *alone = TVK("convert", "-q", "-o", "alone", RIJNMOND,
		FRIESLAND, COMPENDIUM);
	EXPECT_STATUS(alone, 0);
	expect_same_tree("alone", "out");
	expect_no_temporary("out");
}
END_TEST

/* Whether @s holds a time of day "HH:MM:SS.mmm". */
static bool has_clock(const char *s)
{
	for (; *s; s++) {
		const char *f = "dd:dd:dd.ddd";
		size_t k = 0;
		for (; f[k] && s[k]; k++)
			if (f[k] == 'd' ? !(s[k] >= '0' && s[k] <= '9') :
					s[k] != f[k])
				break;
		if (!f[k])
			return true;
	}
	return false;
}

/* What the libraries print goes into the input's problems, never to
 * stderr, the same bytes every time. */
START_TEST(library_noise_is_a_problem_of_its_input)
{
	/* A stream with a wrong /Length: poppler reads it and complains
	 * through GLib's log, which G_MESSAGES_DEBUG=all lets out. */
	size_t len;
	char *pdf = read_file(RIJNMOND, &len);
	char *at = strstr(pdf, "/Length ");
	ck_assert_ptr_nonnull(at);
	at[8] = at[8] == '9' ? '1' : (char)(at[8] + 1);
	write_file("noisy.pdf", pdf, len);
	struct run_options opt = {.env = environ_with("G_MESSAGES_DEBUG=all")};
	struct run *r = run_checked((const char *const[]){TVK_BINARY,
		"convert", "-o", "out", "noisy.pdf", hostile("xref-loop"), NULL},
		&opt);
	EXPECT_STATUS(r, 2);
	expect_one_error(r, "xref-loop.pdf");
	expect_rijnmond("out/" RIJNMOND_JSON, "noisy.pdf");
	json_t *index = load_json("out/index.json");
	json_t *problems = json_object_get(index_input(index, "noisy.pdf"),
		"problems");
	bool said = false;
	for (size_t i = 0; i < json_array_size(problems); i++) {
		const char *p = json_string_value(json_array_get(problems, i));
		said = said || strstr(p, "the PDF library said:");
		ck_assert_msg(!has_clock(p), "the time is in a problem: %s", p);
	}
	ck_assert_msg(said, "noisy.pdf has no problem from the library");
	char *first = read_file("out/index.json", &len);
	json_decref(index);
	r = run_checked((const char *const[]){TVK_BINARY, "convert", "--force",
		"-o", "out", "noisy.pdf", "xref-loop.pdf", NULL}, &opt);
	EXPECT_STATUS(r, 2);
	ck_assert_str_eq(first, read_file("out/index.json", &len));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Stopped at any moment. */

/* An archive of @n inputs: the fixtures under other names, and a
 * compendium or two, so that a batch takes a while. */
static void archive(const char *dir, int n)
{
	static const char *const files[] = {"uwv-2025-q2-rijnmond.pdf",
		"uwv-2020-q2-friesland.pdf", "uwv-2022-q4-zaanstreek-waterland.pdf",
		"uwv-2025-q2-zaanstreek-waterland.pdf",
		"uwv-2025-q2-compendium.pdf"};
	make_dir(dir);
	for (int i = 0; i < n; i++)
		copy_file(kprintf("%s/%s", TVK_FIXTURES, files[i % 5]),
			kprintf("%s/%03d-%s", dir, i, files[i % 5]), 0);
}

/* The figure @key of index.json's summary in @dir. */
static long long summary_of(const char *dir, const char *key)
{
	json_t *index = load_json(kprintf("%s/index.json", dir));
	json_t *v = json_object_get(json_object_get(index, "summary"), key);
	ck_assert_msg(json_is_integer(v), "summary.%s", key);
	long long x = json_integer_value(v);
	json_decref(index);
	return x;
}

/*
 * tvk convert -j2 of an archive, sent @sig after @after seconds, then run
 * again: the second run's outputs are a clean run's, and no temporary
 * file is left, after the first run (but for SIGKILL) and after the
 * second.  A first run stopped by SIGINT or SIGTERM says in one line how
 * many inputs it kept, and the second converts only the others.
 */
static void stopped_then_again(int sig, double after)
{
	archive("in", 30);
	struct run *clean = TVK("convert", "-q", "-o", "clean", "in");
	EXPECT_STATUS(clean, 0);

	struct run *r = run_program((const char *const[]){TVK_BINARY, "convert",
		"-q", "-j2", "-o", "out", "in", NULL}, &(struct run_options){
		.signal = sig, .signal_after = after});
	bool stopped = r->status != 0;
	long long kept = -1;
	if (stopped && sig != SIGKILL && r->err_len == 0) {
		/* Stopped before tvk set its handlers: ended by the signal. */
		EXPECT(r, r->status == 128 + sig, "%s: exit status %d",
			r->cmd, r->status);
	} else if (stopped && sig != SIGKILL) {
		EXPECT(r, r->status == 128 + sig, "%s: exit status %d after "
			"signal %d", r->cmd, r->status, sig);
		EXPECT(r, count_lines(r->err) == 1, "%s: %zu lines on stderr",
			r->cmd, count_lines(r->err));
		const char *p = strstr(r->err, "interrupted: ");
		EXPECT(r, p && sscanf(p, "interrupted: %lld of 30 inputs", &kept)
			== 1, "%s: no line saying what was kept", r->cmd);
		expect_no_temporary("out");
	} else if (!stopped) {
		EXPECT_NO_STDERR(r);
	} else {
		EXPECT(r, r->status == 128 + SIGKILL, "%s: exit status %d",
			r->cmd, r->status);
	}

	struct run *again = TVK("convert", "-q", "-j2", "-o", "out", "in");
	EXPECT_STATUS(again, 0);
	EXPECT(again, again->err_len == 0 || (sig == SIGKILL &&
		count_lines(again->err) == 1 && mentions(again->err, ".tvk-cache")),
		"%s: unexpected stderr", again->cmd);
	expect_same_tree("clean", "out");
	expect_no_temporary("out");
	if (kept >= 0)
		ck_assert_int_eq(summary_of("out", "from_cache"), kept);
}

START_TEST(sigkill_at_several_points)
{
	static const double at[] = {0.05, 0.3, 0.7, 1.2};
	stopped_then_again(SIGKILL, at[_i]);
}
END_TEST

START_TEST(sigint_at_several_points)
{
	static const double at[] = {0.05, 0.3, 0.7, 1.2};
	stopped_then_again(SIGINT, at[_i]);
}
END_TEST

START_TEST(sigterm_at_several_points)
{
	static const double at[] = {0.05, 0.3, 0.7, 1.2};
	stopped_then_again(SIGTERM, at[_i]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The cache cannot lie. */

/* The type of the cache record that byte @at of @log lies in (the
 * framing of src/document/wire.h: magic, format, type, length, payload,
 * 16 bytes of checksum). */
static int record_type_at(const char *log, size_t n, size_t at)
{
	for (size_t off = 0; off + 12 <= n;) {
		const unsigned char *p = (const unsigned char *)log + off;
		size_t size = 12 + ((size_t)p[8] | (size_t)p[9] << 8 |
			(size_t)p[10] << 16 | (size_t)p[11] << 24) + 16;
		if (at < off + size)
			return p[6] | p[7] << 8;
		off += size;
	}
	return 0;
}

START_TEST(damaged_cache_is_ignored_and_said)
{
	clean_run("clean");
	clean_run("out");
	size_t len, index_len;
	char *cache = read_file("out/.tvk-cache", &len);
	char *index = read_file("out/index.json", &index_len);
	ck_assert_uint_gt(len, 100);
	/* Every 97th byte changed in turn, and the file cut at a few
	 * lengths: each time one warning, the inputs converted again,
	 * the outputs a clean run's. */
	for (size_t at = 0; at < len + 4 * 97; at += 97) {
		if (at < len) {
			char *bad = malloc(len);
			memcpy(bad, cache, len);
			bad[at] ^= 0x5A;
			write_file("out/.tvk-cache", bad, len);
			free(bad);
		} else {
			write_file("out/.tvk-cache", cache, len - (at - len) * 7 - 1);
		}
		struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND,
			FRIESLAND);
		EXPECT_STATUS(r, 0);
		EXPECT(r, count_lines(r->err) == 1 && mentions(r->err,
			".tvk-cache") && mentions(r->err, "damaged"), "%s: byte %zu "
			"changed: expected one warning about the cache", r->cmd, at);
		EXPECT(r, !mentions(r->err, "internal error"), "%s", r->cmd);
		expect_same_tree("clean", "out");
		/* The input of a damaged record is converted again, the
		 * other taken from the cache; a damaged record of the files
		 * left (type 4) costs no input. */
		size_t end = at < len ? at : len - (at - len) * 7 - 1;
		int type = record_type_at(cache, len, end);
		long long cached = summary_of("out", "from_cache");
		if (at < len)
			ck_assert_int_eq(cached, type == 1 ? 1 : 2);
		else
			ck_assert_int_le(cached, type == 1 ? 1 : 2);
		/* and the folder as the first run left it again */
		write_file("out/.tvk-cache", cache, len);
		write_file("out/index.json", index, index_len);
	}
	/* A cache of an older tvk: ignored with a word, never read. */
	write_file("out/.tvk-cache", "tvk-cache 2 0.0.9\nentry junk\n", 29);
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND, FRIESLAND);
	EXPECT_STATUS(r, 0);
	EXPECT(r, count_lines(r->err) == 1 && mentions(r->err, "another "
		"version"), "%s: expected one warning", r->cmd);
	expect_same_tree("clean", "out");
}
END_TEST

/*
 * The cache's outcome records rewritten as another build of the same
 * version would have written them: the build ID after the version ends
 * in another digit, the checksum made anew.  Returns how many.
 */
static int as_another_build(char *log, size_t n)
{
	int changed = 0;
	for (size_t off = 0; off + 12 <= n;) {
		unsigned char *p = (unsigned char *)log + off;
		size_t length = (size_t)p[8] | (size_t)p[9] << 8 |
			(size_t)p[10] << 16 | (size_t)p[11] << 24;
		size_t size = 12 + length + 16;
		ck_assert_uint_le(off + size, n);
		if ((p[6] | p[7] << 8) == 1) {
			/* The payload begins with the identity, a length
			 * and its bytes: "0.1.0+" and the build ID. */
			size_t id = (size_t)p[12] | (size_t)p[13] << 8;
			char *plus = memchr(p + 16, '+', id);
			ck_assert_msg(plus && id - (size_t)(plus - (char *)p - 16) > 16,
				"the record names no build ID: %.*s", (int)id, p + 16);
			char *last = (char *)p + 16 + id - 1;
			*last = *last == '0' ? '1' : '0';
			char hex[65];
			tvk_sha256_hex(p, 12 + length, hex);
			for (int i = 0; i < 16; i++) {
				unsigned byte;
				ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &byte), 1);
				p[12 + length + (size_t)i] = (unsigned char)byte;
			}
			changed++;
		}
		off += size;
	}
	return changed;
}

START_TEST(cache_of_another_build_is_not_used)
{
	/* Two builds of one version may read a file differently: what the
	 * other read is converted again, with a word. */
	clean_run("clean");
	clean_run("out");
	size_t len;
	char *cache = read_file("out/.tvk-cache", &len);
	ck_assert_int_eq(as_another_build(cache, len), 2);
	write_file("out/.tvk-cache", cache, len);
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND, FRIESLAND);
	EXPECT_STATUS(r, 0);
	EXPECT(r, count_lines(r->err) == 1 && mentions(r->err, "another "
		"version"), "%s: expected one warning", r->cmd);
	ck_assert_int_eq(summary_of("out", "from_cache"), 0);
	expect_same_tree("clean", "out");
	/* and this build's own records are used the next time */
	r = TVK("convert", "-q", "-o", "out", RIJNMOND, FRIESLAND);
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	ck_assert_int_eq(summary_of("out", "from_cache"), 2);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Two runs, one folder. */

/* Starts tvk with @argv in the background, output to files; its pid. */
static pid_t start_tvk(const char *const *argv)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		FILE *o = freopen("bg.out", "w", stdout);
		FILE *e = freopen("bg.err", "w", stderr);
		if (o && e)
			execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static int wait_tvk(pid_t pid)
{
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

START_TEST(two_runs_into_one_folder)
{
	/* Run A: an archive; run B at once: Rijnmond with one more person
	 * in Albrandswaard (every sum holds, other values than the
	 * compendium's).  Whichever comes second waits, then merges with
	 * the first: both versions kept and marked, every input in the
	 * index and the cache. */
	archive("in", 10);
	size_t len;
	char *spec = read_file(TVK_FIXTURES "/src/uwv-2025-q2-rijnmond.spec",
		&len);
	char *p = strstr(spec, "| 26 | 205");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "| 27 | 206", 10);
	p = strstr(spec, "| 2.052 | 15.337");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "| 2.053 | 15.338", 16);
	write_file("other.spec", spec, strlen(spec));
	draw_spec("other.spec", "other.pdf");

	pid_t a = start_tvk((const char *const[]){TVK_BINARY, "convert", "-q",
		"-o", "out", "in", NULL});
	struct run *b = TVK("convert", "-q", "-o", "out", "other.pdf");
	int sa = wait_tvk(a);
	/* The conflict is told by whichever ran second. */
	EXPECT(b, (b->status == 1 && sa == 0) || (b->status == 0 && sa == 1),
		"%s: exit status %d, and run A's %d: expected one conflict",
		b->cmd, b->status, sa);

	json_t *index = load_json("out/index.json");
	ck_assert_uint_eq(json_array_size(json_object_get(index, "inputs")), 11);
	json_decref(index);
	json_t *x = load_json("out/2025-Q2/22-rijnmond.json");
	json_t *y = load_json("out/2025-Q2/22-rijnmond.2.json");
	ck_assert_str_eq(str_at(x, "validation", "status"), "invalid");
	ck_assert_str_eq(str_at(y, "validation", "status"), "invalid");
	json_decref(x);
	json_decref(y);
	/* A third run over everything converts nothing again. */
	struct run *c = TVK("convert", "-q", "-o", "out", "in", "other.pdf");
	EXPECT_STATUS(c, 1);
	ck_assert_int_eq(summary_of("out", "from_cache"), 11);
	expect_no_temporary("out");
}
END_TEST

START_TEST(no_wait_names_the_holder)
{
	archive("in", 25);
	pid_t a = start_tvk((const char *const[]){TVK_BINARY, "convert", "-q",
		"-j1", "-o", "out", "in", NULL});
	/* Until run A holds the folder (its pid is in the lock). */
	struct stat st = {0};
	for (int i = 0; i < 400 && st.st_size == 0; i++) {
		usleep(10000);
		if (stat("out/.tvk-lock", &st) != 0)
			st.st_size = 0;
	}
	struct run *b = TVK("convert", "--no-wait", "-o", "out", RIJNMOND);
	int sa = wait_tvk(a);
	ck_assert_int_eq(sa, 0);
	if (b->status == 0)
		return; /* A was done before B looked: nothing to hold */
	EXPECT_STATUS(b, 2);
	EXPECT_ONE_ERROR(b, "tvk: out: another tvk (process ");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Folder walks. */

START_TEST(symlink_loops_in_inputs_and_documents)
{
	make_dir("in");
	make_dir("in/a");
	make_dir("in/a/2024");
	make_dir("in/a/2025");
	copy_file(RIJNMOND, "in/a/2025/rijnmond.pdf", 0);
	copy_file(FRIESLAND, "in/a/2024/friesland.pdf", 0);
	ck_assert_int_eq(symlink("..", "in/a/2024/up"), 0);
	ck_assert_int_eq(symlink("..", "in/a/2025/up"), 0);
	/* a link to a file is followed; a second name of one file counts
	 * once */
	ck_assert_int_eq(symlink("2025/rijnmond.pdf", "in/a/link.pdf"), 0);
	ck_assert_int_eq(link("in/a/2024/friesland.pdf", "in/a/hard.pdf"), 0);
	struct run *r = run_checked((const char *const[]){TVK_BINARY, "convert",
		"-q", "-o", "out", "in", NULL}, &(struct run_options){
		.deadline = 30});
	EXPECT_STATUS(r, 0);
	ck_assert_int_eq(summary_of("out", "inputs"), 2);
	OUTPUTS("out", FRIESLAND_JSON, RIJNMOND_JSON);

	struct run *before = TVK("review", "--all", "-o", "r.html", "out");
	EXPECT_STATUS(before, 0);

	/* The same loops among the documents: the dataset and the review
	 * end, and count each document once. */
	ck_assert_int_eq(symlink("..", "out/2025-Q2/up"), 0);
	ck_assert_int_eq(symlink("../2025-Q2", "out/2020-Q2/side"), 0);
	struct run *d = run_checked((const char *const[]){TVK_BINARY,
		"dataset", "-o", "table.csv", "out", NULL},
		&(struct run_options){.deadline = 30});
	EXPECT_STATUS(d, 0);
	size_t len, n;
	char **lines = split_lines(read_file("table.csv", &len), &n);
	size_t rijnmond = 0;
	for (size_t i = 0; i < n; i++)
		rijnmond += strstr(lines[i], "GM0613") != NULL; /* Albrandswaard */
	ck_assert_uint_eq(rijnmond, 1);
	struct run *after = run_checked((const char *const[]){TVK_BINARY,
		"review", "--all", "-o", "r.html", "out", NULL},
		&(struct run_options){.deadline = 30});
	EXPECT_STATUS(after, 0);
	ck_assert_str_eq(after->out, before->out);
}
END_TEST

/*
 * Documents are written ahead into DIR/.tvk-staging while the run lasts.
 * What a killed run left there goes with the next run; a staging folder
 * that is a link to elsewhere is never written through nor emptied, and
 * the documents are written all the same.
 */
START_TEST(staging_folder_left_or_linked)
{
	clean_run("alone");
	make_dir("out");
	make_dir("out/.tvk-staging");
	write_file("out/.tvk-staging/0.json", "{}", 2);
	write_file("out/.tvk-staging/7.json.tmp.999999.0", "{", 1);
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND, FRIESLAND);
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	expect_same_tree("alone", "out");
	expect_no_temporary("out");

	make_dir("elsewhere");
	write_file("elsewhere/0.json", "mine", 4);
	make_dir("linked");
	ck_assert_int_eq(symlink("../elsewhere", "linked/.tvk-staging"), 0);
	r = TVK("convert", "-q", "-o", "linked", RIJNMOND, FRIESLAND);
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	size_t len;
	ck_assert_str_eq(read_file("elsewhere/0.json", &len), "mine");
	struct file_list there = all_files("elsewhere");
	ck_assert_uint_eq(there.n, 1);
	ck_assert_int_eq(unlink("linked/.tvk-staging"), 0);
	expect_same_tree("alone", "linked");
}
END_TEST

/* A folder the walk cannot read (here: its path is longer than the
 * system takes) is an input that fails with its reason, never a folder
 * passed over in silence with the PDFs in it; the rest is converted. */
START_TEST(unreadable_folder_is_an_error_not_silence)
{
	make_dir("in");
	copy_file(RIJNMOND, "in/rijnmond.pdf", 0);
	char name[201];
	memset(name, 'd', 200);
	name[200] = '\0';
	int fd = open("in", O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	for (int depth = 0; depth < 24; depth++) { /* 24 * 201 > PATH_MAX */
		ck_assert_int_eq(mkdirat(fd, name, 0755), 0);
		int sub = openat(fd, name, O_RDONLY | O_DIRECTORY);
		ck_assert_int_ge(sub, 0);
		close(fd);
		fd = sub;
	}
	close(fd);
	struct run *r = TVK("convert", "-q", "-o", "out", "in");
	EXPECT_STATUS(r, 2);
	EXPECT(r, strstr(r->err, "File name too long") != NULL,
		"the folder's reason is not given: %s", r->err);
	ck_assert_int_eq(summary_of("out", "failed"), 1);
	OUTPUTS("out", RIJNMOND_JSON);
}
END_TEST

/* ------------------------------------------------------------------ */
/* A full disk. */

START_TEST(full_disk_on_a_small_tmpfs)
{
	make_dir("disk");
	if (mount("tvk-test", "disk", "tmpfs", 0, "size=24k") != 0) {
		printf("# SKIP full_disk_on_a_small_tmpfs: cannot mount a tmpfs "
			"(%s)\n", strerror(errno));
		return;
	}
	struct run *r = TVK("convert", "-q", "-o", "disk/out", RIJNMOND,
		FRIESLAND, COMPENDIUM);
	int status = r->status;
	bool some_error = r->err_len > 0;
	expect_no_temporary("disk/out");
	/* Whatever is there is whole: every JSON file parses. */
	expect_all_json("disk/out");
	/* Room again: the same command writes everything, nothing said. */
	ck_assert_int_eq(mount("tvk-test", "disk", "tmpfs", MS_REMOUNT,
		"size=16m"), 0);
	struct run *again = TVK("convert", "-q", "-o", "disk/out", RIJNMOND,
		FRIESLAND, COMPENDIUM);
	EXPECT_STATUS(again, 0);
	EXPECT_NO_STDERR(again);
	struct run *clean = TVK("convert", "-q", "-o", "clean", RIJNMOND,
		FRIESLAND, COMPENDIUM);
	EXPECT_STATUS(clean, 0);
	expect_same_tree("clean", "disk/out");
	umount("disk");
	ck_assert_msg(status == 2 && some_error, "the full disk went unnoticed "
		"(exit status %d)", status);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Lines on stderr. */

START_TEST(error_lines_never_interleave)
{
	/* Sixty bad inputs, two workers: every line on stderr is one whole
	 * error line of one input. */
	make_dir("bad");
	for (int i = 0; i < 60; i++)
		write_file(kprintf("bad/%02d-%s.pdf", i, i % 2 ? "a-rather-long-"
			"name-to-make-the-lines-long" : "x"), "%PDF-1.4\ngarbage\n",
			17);
	struct run *r = TVK("convert", "-q", "-j2", "-o", "out", "bad");
	EXPECT_STATUS(r, 2);
	size_t n;
	char **lines = split_lines(r->err, &n);
	EXPECT(r, n == 60, "%s: %zu lines on stderr, expected 60", r->cmd, n);
	for (size_t i = 0; i < n; i++)
		EXPECT(r, strncmp(lines[i], "tvk: bad/", 9) == 0 &&
			strstr(lines[i], ".pdf: ") && !strstr(lines[i] + 9, "tvk:"),
			"%s: line %zu is not one error line: '%s'", r->cmd, i + 1,
			lines[i]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* What a file, a name or a folder may not take (issue 25). */

/* A killed tvk dataset left its temporary files beside its output (a
 * workbook's as "F.xlsx.tmp.PID", up to 43 MB): the next run removes
 * those of processes no longer running, and nothing else there. */
START_TEST(dataset_cleans_what_a_killed_run_left)
{
	clean_run("out");
	make_dir("t");
	static const char *const gone[] = {"t/data.xlsx.tmp.999999",
		"t/data.xlsx.tmp.999999.0", "t/data.csv.tmp.999998.3",
		"t/data.datapackage.json.tmp.999997.0"};
	const char *kept[] = {"t/other.csv.tmp.999999.0",
		kprintf("t/data.xlsx.tmp.%ld.0", (long)getpid()),
		"t/data.xlsx.tmp.999999.x", "t/data.xlsx.tmp.notes"};
	for (size_t i = 0; i < 4; i++) {
		write_file(gone[i], "left", 4);
		write_file(kept[i], "mine", 4);
	}
	struct run *r;
#if TVK_EXPECT_XLSX
	r = TVK("dataset", "-o", "t/data.xlsx", "out");
	EXPECT_STATUS(r, 0);
	ck_assert(file_size("t/data.xlsx") > 1000);
	ck_assert(!exists("t/data.xlsx.tmp.999999"));
	ck_assert(!exists("t/data.xlsx.tmp.999999.0"));
#endif
	r = TVK("dataset", "-o", "t/data.csv", "out");
	EXPECT_STATUS(r, 0);
	/* a build without the workbook writes no data.xlsx, so it cleans
	 * nothing of one */
	for (size_t i = TVK_EXPECT_XLSX ? 0 : 2; i < 4; i++)
		ck_assert_msg(!exists(gone[i]), "%s is left", gone[i]);
	for (size_t i = 0; i < 4; i++)
		ck_assert_msg(exists(kept[i]), "%s was removed", kept[i]);
}
END_TEST

/* A document whose boxes say ±1e300 (or 1e20, or a string): the review
 * draws no mark for such a place, never a coordinate of hundredths
 * overflowed ("-92233720368547758.08", and signed overflow under UBSan),
 * and the places that are sane are drawn as before. */
START_TEST(review_of_a_document_with_absurd_boxes)
{
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND);
	EXPECT_STATUS(r, 0);
	json_t *doc = load_json("out/" RIJNMOND_JSON);
	json_t *repairs = json_object_get(doc, "repairs");
	ck_assert_uint_ge(json_array_size(repairs), 3);
	json_object_set_new(json_array_get(repairs, 0), "box",
		json_pack("[ffff]", -1e300, 1e300, 1e300, -1e300));
	json_object_set_new(json_array_get(repairs, 1), "box",
		json_pack("[ffff]", 1e20, 10.0, 1e20, 20.0));
	ck_assert_int_eq(json_dump_file(doc, "out/" RIJNMOND_JSON, 0), 0);
	json_decref(doc);
	r = TVK("review", "--all", "-o", "r.html", "out");
	EXPECT_STATUS(r, 0);
	size_t len;
	const char *html = read_file("r.html", &len);
	EXPECT(r, !strstr(html, "9223372036854775"),
		"the review draws an overflowed coordinate");
	EXPECT(r, strstr(html, "<figure class=\"crop\""), "no crop drawn");
}
END_TEST

/* Something else than a file where tvk keeps its own: a FIFO at the
 * cache's place hung convert before it started (open without
 * O_NONBLOCK), a folder there disabled the cache without a word.  Now the
 * cache, the staging folder and the lock are never opened as what they
 * are not: one line each, and the run goes on without them where that is
 * safe (the cache, the staging), or stops (the lock). */
static void expect_refused(const char *what, const char *kind, bool fifo)
{
	const char *out = kprintf("out-%s-%s", what + 5, kind);
	make_dir(out);
	const char *path = kprintf("%s/%s", out, what);
	if (fifo)
		ck_assert_int_eq(mkfifo(path, 0644), 0);
	else
		make_dir(path);
	struct run *r = run_checked((const char *const[]){TVK_BINARY,
		"convert", "-q", "-o", out, RIJNMOND, FRIESLAND, NULL},
		&(struct run_options){.deadline = 60});
	bool lock = strcmp(what, ".tvk-lock") == 0;
	EXPECT_STATUS(r, lock ? 2 : 0);
	EXPECT(r, count_lines(r->err) == 1 && strstr(r->err, path) &&
		strstr(r->err, kind), "%s: not one line saying that %s is %s",
		r->cmd, path, kind);
	struct stat st;
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert_msg(fifo ? S_ISFIFO(st.st_mode) : S_ISDIR(st.st_mode),
		"%s was replaced", path);
	if (fifo)
		unlink(path);
	else
		rmdir(path);
	if (lock)
		ck_assert_uint_eq(list_outputs(out).n, 0);
	else
		expect_same_tree("alone", out);
}

START_TEST(fifo_or_folder_where_tvk_keeps_its_files)
{
	clean_run("alone");
	expect_refused(".tvk-cache", "FIFO", true);
	expect_refused(".tvk-cache", "folder", false);
	expect_refused(".tvk-staging", "FIFO", true);
	expect_refused(".tvk-lock", "FIFO", true);
	expect_refused(".tvk-lock", "folder", false);
	/* index.json is only ever replaced, never read by convert */
	make_dir("idx");
	ck_assert_int_eq(mkfifo("idx/index.json", 0644), 0);
	struct run *r = run_checked((const char *const[]){TVK_BINARY,
		"convert", "-q", "-o", "idx", RIJNMOND, FRIESLAND, NULL},
		&(struct run_options){.deadline = 60});
	EXPECT_STATUS(r, 0);
	expect_same_tree("alone", "idx");
	/* the data package's place, which tvk dataset reads first */
	make_dir("t");
	ck_assert_int_eq(mkfifo("t/d.datapackage.json", 0644), 0);
	r = run_checked((const char *const[]){TVK_BINARY, "dataset", "-o",
		"t/d.csv", "alone", NULL}, &(struct run_options){.deadline = 60});
	EXPECT_STATUS(r, 2);
	expect_one_error(r, "t/d.datapackage.json");
}
END_TEST

#if TVK_EXPECT_XLSX
/* A workbook on a full disk (files limited to @bytes): tvk's one line,
 * never libxlsxwriter's own "[ERROR][packager.c:..]" lines beside it, and
 * nothing left. */
START_TEST(workbook_on_a_full_disk_is_one_line)
{
	clean_run("out");
	make_dir("t");
	static const rlim_t sizes[] = {1024, 4096, 8192};
	for (size_t i = 0; i < 3; i++) {
		struct run *r = run_checked((const char *const[]){TVK_BINARY,
			"dataset", "-o", "t/x.xlsx", "out", NULL},
			&(struct run_options){.max_file_size = sizes[i]});
		EXPECT_STATUS(r, 2);
		expect_one_error(r, "t/x.xlsx");
		EXPECT(r, !strstr(r->err, "[ERROR]") && !strstr(r->err,
			"[WARNING]"), "%s: libxlsxwriter's lines on stderr",
			r->cmd);
		ck_assert(!exists("t/x.xlsx"));
		expect_no_temporary("t");
	}
}
END_TEST

/* The peak memory (KB) of tvk @argv, run to its end with exit 0. */
static long peak_kb(const char *const *argv)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int ws;
	struct rusage ru;
	while (wait4(pid, &ws, 0, &ru) < 0)
		ck_assert_int_eq(errno, EINTR);
	ck_assert_msg(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "%s %s %s: "
		"did not succeed", argv[1], argv[2], argv[3]);
	return ru.ru_maxrss;
}

/* A workbook of 11,500 rows (and 57,000 values) takes about the memory
 * of the same rows as CSV: libxlsxwriter's constant-memory mode, rows
 * written as they come.  Kept whole, 200,000 rows took 3.4 GB. */
START_TEST(workbook_memory_is_that_of_its_rows)
{
#ifdef UNDER_ASAN
	/* AddressSanitizer keeps what is freed in quarantine (256 MB): the
	 * peak says nothing about what the workbook holds.  The other builds
	 * measure it. */
	printf("# SKIP workbook_memory_is_that_of_its_rows: AddressSanitizer's "
		"quarantine\n");
	return;
#endif
	struct run *r = TVK("convert", "-q", "-o", "one", COMPENDIUM);
	EXPECT_STATUS(r, 0);
	make_dir("many");
	struct file_list docs = all_files("one/2025-Q2");
	for (int copy = 0; copy < 30; copy++) {
		const char *dir = kprintf("many/%02d", copy);
		make_dir(dir);
		for (size_t i = 0; i < docs.n; i++)
			copy_file(kprintf("one/2025-Q2/%s", docs.name[i]),
				kprintf("%s/%s", dir, docs.name[i]), 0);
	}
	long csv = peak_kb((const char *const[]){TVK_BINARY, "dataset", "-o",
		"d.csv", "many", NULL});
	long xlsx = peak_kb((const char *const[]){TVK_BINARY, "dataset", "-o",
		"d.xlsx", "many", NULL});
	fprintf(stderr, "# peak memory: CSV %ld KB, workbook %ld KB\n", csv,
		xlsx);
	ck_assert_msg(xlsx < csv + 40 * 1024, "the workbook took %ld KB, the "
		"CSV of the same rows %ld KB", xlsx, csv);
}
END_TEST
#endif

static Suite *reliability_suite(void)
{
	Suite *s = folder_suite("reliability");
	TCase *hostile_tc = folder_tcase("hostile files");
	tcase_set_timeout(hostile_tc, 240);
	tcase_add_test(hostile_tc, huge_image);
	tcase_add_test(hostile_tc, page_near_the_old_render_limit);
	tcase_add_test(hostile_tc, operator_flood);
	tcase_add_test(hostile_tc, form_fan_out);
	tcase_add_test(hostile_tc, cross_reference_loop);
	tcase_add_test(hostile_tc, broken_jpeg);
	tcase_add_test(hostile_tc, input_queued_behind_a_hung_worker);
	tcase_add_test(hostile_tc, input_queued_behind_a_dead_worker);
	tcase_add_test(hostile_tc, every_hostile_file_in_one_batch);
	tcase_add_test(hostile_tc, library_noise_is_a_problem_of_its_input);
	suite_add_tcase(s, hostile_tc);

	TCase *stop = folder_tcase("stopped");
	tcase_set_timeout(stop, 240);
	tcase_add_loop_test(stop, sigkill_at_several_points, 0, 4);
	tcase_add_loop_test(stop, sigint_at_several_points, 0, 4);
	tcase_add_loop_test(stop, sigterm_at_several_points, 0, 4);
	suite_add_tcase(s, stop);

	TCase *folder = folder_tcase("folders");
	tcase_set_timeout(folder, 240);
	tcase_add_test(folder, damaged_cache_is_ignored_and_said);
	tcase_add_test(folder, cache_of_another_build_is_not_used);
	tcase_add_test(folder, two_runs_into_one_folder);
	tcase_add_test(folder, no_wait_names_the_holder);
	tcase_add_test(folder, symlink_loops_in_inputs_and_documents);
	tcase_add_test(folder, staging_folder_left_or_linked);
	tcase_add_test(folder, unreadable_folder_is_an_error_not_silence);
	tcase_add_test(folder, full_disk_on_a_small_tmpfs);
	tcase_add_test(folder, error_lines_never_interleave);
	suite_add_tcase(s, folder);

	TCase *names = folder_tcase("names, files and folders");
	tcase_set_timeout(names, 240);
	tcase_add_test(names, dataset_cleans_what_a_killed_run_left);
	tcase_add_test(names, review_of_a_document_with_absurd_boxes);
	tcase_add_test(names, fifo_or_folder_where_tvk_keeps_its_files);
#if TVK_EXPECT_XLSX
	tcase_add_test(names, workbook_on_a_full_disk_is_one_line);
	tcase_add_test(names, workbook_memory_is_that_of_its_rows);
#endif
	suite_add_tcase(s, names);
	return s;
}

TVK_CHECK_MAIN(reliability_suite)
