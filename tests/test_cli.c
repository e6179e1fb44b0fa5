/*
 * The tvk program end to end: the real binary (TVK_BINARY), run the way a
 * user runs it, judged by what a user sees: the exit status, stdout,
 * stderr and the files it leaves behind.
 *
 * Every test runs in a fresh temporary folder of its own (the current
 * directory of the test and of tvk); all of them sit in one folder per
 * run, made and removed in the parent process, so even a failing test
 * (which Check ends with _exit, skipping teardown) leaves nothing behind.
 * tvk is started with posix_spawn, never through a shell: paths may hold
 * spaces.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "cases.h"
#include "tvk_check.h"

#ifndef TVK_BINARY
#error "TVK_BINARY must be the path of the tvk executable"
#endif
#ifndef TVK_FIXTURES
#error "TVK_FIXTURES must point at fixtures/"
#endif

extern char **environ;

#define RIJNMOND TVK_FIXTURES "/uwv-2025-q2-rijnmond.pdf"
#define FRIESLAND TVK_FIXTURES "/uwv-2020-q2-friesland.pdf"
#define RIJNMOND_JSON "2025-Q2/22-rijnmond.json"
#define FRIESLAND_JSON "2020-Q2/02-friesland.json"

/* ------------------------------------------------------------------ */
/* Memory a test owns: freed in teardown, so helpers can hand out
 * pointers without every test freeing them by hand. */

#define MAX_OWNED 4096
static void *owned[MAX_OWNED];
static size_t n_owned;

static void *keep(void *p)
{
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_lt(n_owned, MAX_OWNED);
	owned[n_owned++] = p;
	return p;
}

static char *kstrdup(const char *s)
{
	return keep(strdup(s));
}

__attribute__((format(printf, 1, 2)))
static char *kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = keep(malloc((size_t)n + 1));
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* ------------------------------------------------------------------ */
/* Temporary folders. */

static char root_dir[4096]; /* this run's folder, made by the parent */
static char test_dir[4096]; /* the current test's folder */

/* rm -rf that also gets through folders a test made read-only. */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (strcmp(e->d_name, ".") == 0 ||
						strcmp(e->d_name, "..") == 0)
					continue;
				size_t len = strlen(path) + strlen(e->d_name) + 2;
				char *child = malloc(len);
				if (!child)
					abort();
				snprintf(child, len, "%s/%s", path, e->d_name);
				remove_tree(child);
				free(child);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void make_root(void)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	int n = snprintf(root_dir, sizeof(root_dir), "%s/tvk-cli-XXXXXX",
		tmp);
	ck_assert(n > 0 && (size_t)n < sizeof(root_dir));
	ck_assert_msg(mkdtemp(root_dir), "mkdtemp %s: %s", root_dir,
		strerror(errno));
}

static void remove_root(void)
{
	if (root_dir[0])
		remove_tree(root_dir);
}

static void setup(void)
{
	n_owned = 0;
	int n = snprintf(test_dir, sizeof(test_dir), "%s/test-XXXXXX",
		root_dir);
	ck_assert(n > 0 && (size_t)n < sizeof(test_dir));
	ck_assert_msg(mkdtemp(test_dir), "mkdtemp %s: %s", test_dir,
		strerror(errno));
	ck_assert_int_eq(chdir(test_dir), 0);
}

static void teardown(void)
{
	if (chdir(root_dir) == 0)
		remove_tree(test_dir);
	for (size_t i = 0; i < n_owned; i++)
		free(owned[i]);
	n_owned = 0;
}

/* ------------------------------------------------------------------ */
/* Files. */

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f, "cannot create %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static void make_dir(const char *path)
{
	ck_assert_msg(mkdir(path, 0755) == 0, "mkdir %s: %s", path,
		strerror(errno));
}

static char *read_file(const char *path, size_t *len)
{
	char *s = tvk_test_slurp(path, len);
	ck_assert_msg(s, "cannot read %s: %s", path, strerror(errno));
	return keep(s);
}

/* Copies the first @limit bytes of @from (all of it when 0) to @to. */
static void copy_file(const char *from, const char *to, size_t limit)
{
	size_t len;
	char *data = read_file(from, &len);
	write_file(to, data, limit && limit < len ? limit : len);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

struct file_list {
	char **name; /* relative to the folder listed, sorted */
	size_t n, cap;
};

static void add_name(struct file_list *l, char *name)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->name = realloc(l->name, l->cap * sizeof(*l->name));
		if (!l->name)
			abort();
	}
	l->name[l->n++] = name;
}

/* Adds the files under @dir/@rel (@rel "" for @dir itself) to @l. */
static void walk(const char *dir, const char *rel, struct file_list *l)
{
	const char *path = *rel ? kprintf("%s/%s", dir, rel) : dir;
	DIR *d = opendir(path);
	if (!d) {
		/* A folder that cannot be read is listed: it hides files. */
		add_name(l, kprintf("%s/ (unreadable)", rel));
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		/* The run's record (index.json) and the cache for re-runs are
		 * not outputs: the tests about them look at them directly. */
		if (!*rel && (strcmp(e->d_name, "index.json") == 0 ||
				strcmp(e->d_name, ".tvk-cache") == 0))
			continue;
		char *name = *rel ? kprintf("%s/%s", rel, e->d_name) :
			kstrdup(e->d_name);
		struct stat st;
		if (lstat(kprintf("%s/%s", dir, name), &st) == 0 &&
				S_ISDIR(st.st_mode))
			walk(dir, name, l);
		else
			add_name(l, name);
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file (not folder) under @dir, sorted; @dir must exist. */
static struct file_list list_files(const char *dir)
{
	struct file_list l = {0};
	ck_assert_msg(exists(dir), "%s does not exist", dir);
	walk(dir, "", &l);
	if (l.name) {
		keep(l.name);
		qsort(l.name, l.n, sizeof(*l.name), by_name);
	}
	return l;
}

static void print_list(const char *title, const struct file_list *l)
{
	fprintf(stderr, "%s (%zu):\n", title, l->n);
	for (size_t i = 0; i < l->n; i++)
		fprintf(stderr, "  %s\n", l->name[i]);
}

/* Asserts that @dir holds exactly the files @want (sorted). */
static void expect_files(const char *dir, const char *const *want, size_t n)
{
	struct file_list l = list_files(dir);
	bool same = l.n == n;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(l.name[i], want[i]) == 0;
	if (!same) {
		fprintf(stderr, "files in %s/%s:\n", test_dir, dir);
		print_list("  found", &l);
		fprintf(stderr, "  expected (%zu):\n", n);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "    %s\n", want[i]);
	}
	ck_assert_msg(same, "%s holds %zu files, not the %zu expected (listed "
		"on stderr)", dir, l.n, n);
}

/* Asserts that folders @a and @b hold the same files, byte for byte. */
static void expect_same_tree(const char *a, const char *b)
{
	struct file_list la = list_files(a), lb = list_files(b);
	bool same = la.n == lb.n;
	for (size_t i = 0; same && i < la.n; i++)
		same = strcmp(la.name[i], lb.name[i]) == 0;
	if (!same) {
		print_list(a, &la);
		print_list(b, &lb);
	}
	ck_assert_msg(same, "%s and %s hold different files (listed on "
		"stderr)", a, b);
	for (size_t i = 0; i < la.n; i++) {
		size_t na, nb;
		char *da = read_file(kprintf("%s/%s", a, la.name[i]), &na);
		char *db = read_file(kprintf("%s/%s", b, lb.name[i]), &nb);
		size_t at = 0;
		while (at < na && at < nb && da[at] == db[at])
			at++;
		if (at == na && at == nb)
			continue;
		size_t from = at > 60 ? at - 60 : 0;
		fprintf(stderr, "%s differs at byte %zu:\n--- %s\n%.*s\n--- %s\n"
			"%.*s\n", la.name[i], at, a, (int)(na - from < 200 ?
			na - from : 200), da + from, b, (int)(nb - from < 200 ?
			nb - from : 200), db + from);
		ck_abort_msg("%s/%s and %s/%s differ at byte %zu", a,
			la.name[i], b, lb.name[i], at);
	}
}

static json_t *load_json(const char *path)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	ck_assert_msg(doc, "%s is not JSON: line %d: %s", path, jerr.line,
		jerr.text);
	return doc;
}

/* ------------------------------------------------------------------ */
/* Running tvk. */

struct run {
	int status;  /* the exit status, or 128 + the signal that ended it */
	char *out;   /* stdout, NUL-terminated */
	char *err;   /* stderr less progress lines, NUL-terminated */
	size_t out_len, err_len;
	char *cmd;   /* the command line, for messages */
	char *progress;  /* the progress lines convert printed on stderr */
	size_t n_progress;
};

/* "tvk: 3/5 files, ..." is progress, not an error: moved aside so that
 * the tests about errors see only errors. */
static bool is_progress(const char *line)
{
	unsigned a, b;
	char c;
	return sscanf(line, "tvk: %u/%u file%c", &a, &b, &c) == 3;
}

static void split_progress(struct run *r)
{
	char *errs = keep(calloc(1, r->err_len + 1));
	char *prog = keep(calloc(1, r->err_len + 1));
	size_t ne = 0, np = 0;
	for (char *line = r->err; *line;) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
		if (is_progress(line)) {
			memcpy(prog + np, line, len);
			np += len;
			r->n_progress++;
		} else {
			memcpy(errs + ne, line, len);
			ne += len;
		}
		line += len;
	}
	r->err = errs;
	r->err_len = ne;
	r->progress = prog;
}

static char *command_line(const char *const *argv)
{
	size_t cap = 64;
	for (size_t i = 0; argv[i]; i++)
		cap += strlen(argv[i]) + 3;
	char *s = keep(malloc(cap));
	s[0] = '\0';
	for (size_t i = 0; argv[i]; i++) {
		bool quote = !*argv[i] || strpbrk(argv[i], " \t'\"");
		strcat(s, i ? " " : "");
		strcat(s, quote ? "'" : "");
		strcat(s, argv[i]);
		strcat(s, quote ? "'" : "");
	}
	return s;
}

static void append(char **buf, size_t *len, size_t *cap, const char *data,
		size_t n)
{
	if (*len + n + 1 > *cap) {
		while (*len + n + 1 > *cap)
			*cap = *cap ? 2 * *cap : 4096;
		*buf = realloc(*buf, *cap);
		if (!*buf)
			abort();
	}
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/*
 * Runs @argv[0] with the arguments @argv (NULL-terminated) and the
 * environment @env, stdin from /dev/null, in the test's folder.  Stdout
 * goes to @stdout_path when it is not NULL (and reads as empty), else it
 * is captured like stderr.
 */
static struct run *spawn_env(const char *const *argv, const char *stdout_path,
		char *const *env)
{
	struct run *r = keep(calloc(1, sizeof(*r)));
	r->cmd = command_line(argv);
	int out[2] = {-1, -1}, err[2];
	if (!stdout_path)
		ck_assert_int_eq(pipe(out), 0);
	ck_assert_int_eq(pipe(err), 0);

	posix_spawn_file_actions_t fa;
	ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (stdout_path) {
		posix_spawn_file_actions_addopen(&fa, 1, stdout_path,
			O_WRONLY, 0);
	} else {
		posix_spawn_file_actions_adddup2(&fa, out[1], 1);
		posix_spawn_file_actions_addclose(&fa, out[0]);
		posix_spawn_file_actions_addclose(&fa, out[1]);
	}
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addclose(&fa, err[0]);
	posix_spawn_file_actions_addclose(&fa, err[1]);
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv,
		env);
	posix_spawn_file_actions_destroy(&fa);
	ck_assert_msg(rc == 0, "cannot run %s: %s", argv[0], strerror(rc));
	if (!stdout_path)
		close(out[1]);
	close(err[1]);

	size_t out_cap = 0, err_cap = 0;
	append(&r->out, &r->out_len, &out_cap, "", 0);
	append(&r->err, &r->err_len, &err_cap, "", 0);
	struct pollfd fds[2] = {{.fd = err[0], .events = POLLIN},
		{.fd = out[0], .events = POLLIN}};
	int open_fds = stdout_path ? 1 : 2;
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			ck_assert_int_eq(errno, EINTR);
			continue;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			char buf[65536];
			ssize_t n = read(fds[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			} else if (i == 0) {
				append(&r->err, &r->err_len, &err_cap, buf,
					(size_t)n);
			} else {
				append(&r->out, &r->out_len, &out_cap, buf,
					(size_t)n);
			}
		}
	}
	keep(r->out);
	keep(r->err);

	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	split_progress(r);
	return r;
}

static struct run *spawn(const char *const *argv, const char *stdout_path)
{
	return spawn_env(argv, stdout_path, environ);
}

/* tvk ARGS... */
#define TVK(...) spawn((const char *const[]){TVK_BINARY, __VA_ARGS__, NULL}, \
	NULL)

/* Prints what a run did, for a failing assertion about it. */
static void dump(const struct run *r)
{
	const size_t max = 6000;
	fprintf(stderr, "$ %s\nexit status %d\n--- stdout (%zu bytes)%s ---\n"
		"%s\n--- stderr (%zu bytes) ---\n%.*s\n---\n", r->cmd, r->status,
		r->out_len, r->out_len > max ? ", the end" : "",
		r->out + (r->out_len > max ? r->out_len - max : 0), r->err_len,
		(int)(r->err_len > max ? max : r->err_len), r->err);
}

/* Like ck_assert_msg, printing the run @r on stderr when @cond fails. */
#define EXPECT(r, cond, ...) do { \
	if (!(cond)) { \
		dump(r); \
		ck_abort_msg(__VA_ARGS__); \
	} \
} while (0)

#define EXPECT_STATUS(r, want) do { \
	const struct run *r_ = (r); \
	int want_ = (want); \
	EXPECT(r_, r_->status == want_, "%s: exit status %d, expected %d", \
		r_->cmd, r_->status, want_); \
} while (0)

#define EXPECT_NO_STDERR(r) \
	EXPECT(r, (r)->err_len == 0, "%s: %zu bytes on stderr, expected " \
		"none", (r)->cmd, (r)->err_len)

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Asserts that stderr is exactly one line that starts with @prefix. */
#define EXPECT_ONE_ERROR(r, prefix) do { \
	const struct run *r1_ = (r); \
	const char *p_ = (prefix); \
	EXPECT(r1_, count_lines(r1_->err) == 1 && \
		r1_->err[r1_->err_len - 1] == '\n', \
		"%s: stderr is %zu lines, expected one error line", \
		r1_->cmd, count_lines(r1_->err)); \
	EXPECT(r1_, strncmp(r1_->err, p_, strlen(p_)) == 0 && \
		r1_->err_len > strlen(p_) + 1, "%s: the error does not start " \
		"with '%s'", r1_->cmd, p_); \
} while (0)

/* The last line of @s (without its newline), or "". */
static const char *last_line(const char *s)
{
	size_t len = strlen(s);
	while (len && s[len - 1] == '\n')
		len--;
	size_t start = len;
	while (start && s[start - 1] != '\n')
		start--;
	char *line = keep(malloc(len - start + 1));
	memcpy(line, s + start, len - start);
	line[len - start] = '\0';
	return line;
}

/* True when @s has a line that is exactly @line. */
static bool has_line(const char *s, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = s; (p = strstr(p, line)); p++)
		if ((p == s || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

/* The lines of @s, split in place in a copy. */
static char **split_lines(const char *s, size_t *n)
{
	char *copy = kstrdup(s);
	char **lines = keep(calloc(count_lines(s) + 2, sizeof(*lines)));
	*n = 0;
	for (char *p = copy; *p;) {
		lines[(*n)++] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return lines;
}

/* True when @s holds @number as a whole number (not inside another). */
static bool has_number(const char *s, const char *number)
{
	size_t n = strlen(number);
	for (const char *p = s; (p = strstr(p, number)); p++) {
		bool before = p > s && (p[-1] >= '0' && p[-1] <= '9');
		bool after = p[n] >= '0' && p[n] <= '9';
		if (!before && !after)
			return true;
	}
	return false;
}

static bool dir_is_empty(const char *dir)
{
	return list_files(dir).n == 0;
}

/* ------------------------------------------------------------------ */
/* Inputs the tests make. */

/* A one-page PDF that says "Hello" and nothing of the publication. */
static void write_hello_pdf(const char *path)
{
	static const char content[] = "BT /F1 24 Tf 72 720 Td (Hello) Tj ET\n";
	static const char *const objects[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
			"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
			">> >>",
		NULL, /* the content stream */
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	};
	char pdf[4096];
	size_t len = 0, offset[6];
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len, "%%PDF-1.4\n");
	for (int i = 0; i < 5; i++) {
		offset[i + 1] = len;
		if (objects[i])
			len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
				"%d 0 obj\n%s\nendobj\n", i + 1, objects[i]);
		else
			len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
				"%d 0 obj\n<< /Length %zu >>\nstream\n%s"
				"endstream\nendobj\n", i + 1,
				sizeof(content) - 1, content);
	}
	size_t xref = len;
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
		"xref\n0 6\n0000000000 65535 f \n");
	for (int i = 1; i <= 5; i++)
		len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
			"%010zu 00000 n \n", offset[i]);
	len += (size_t)snprintf(pdf + len, sizeof(pdf) - len,
		"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		xref);
	ck_assert_uint_lt(len, sizeof(pdf));
	write_file(path, pdf, len);
}

/* A complete 1x1 PNG. */
static void write_png(const char *path)
{
	static const unsigned char png[] = {
		0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00,
		0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
		0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41,
		0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00,
		0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
		0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
	};
	write_file(path, png, sizeof(png));
}

/*
 * Renders tests/data/cli/@spec into @pdf with the fixture generator.  A
 * build without it (no cairo) fails here loudly: CI has cairo, and these
 * cases must not go quietly missing.
 */
static void make_fixture(const char *spec, const char *pdf)
{
#ifdef TVK_MKFIXTURE
	/* cairo and fontconfig keep caches that LeakSanitizer reports in a
	 * sanitized build; the generator is not under test here. */
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = keep(calloc(n + 2, sizeof(*env)));
	const char *asan = getenv("ASAN_OPTIONS");
	env[0] = kprintf("ASAN_OPTIONS=%s%sdetect_leaks=0", asan ? asan : "",
		asan && *asan ? ":" : "");
	for (size_t i = 0, k = 1; i < n; i++)
		if (strncmp(environ[i], "ASAN_OPTIONS=", 13) != 0)
			env[k++] = environ[i];
	struct run *r = spawn_env((const char *const[]){TVK_MKFIXTURE,
		kprintf("%s/data/cli/%s", TVK_TEST_SRCDIR, spec), pdf, NULL},
		NULL, env);
	EXPECT_STATUS(r, 0);
#else
	(void)spec;
	(void)pdf;
	ck_abort_msg("mkfixture was not built (cairo missing), so the fixture "
		"%s cannot be made: install cairo", spec);
#endif
}

/* Asserts that @path is Rijnmond 2025-Q2 converted whole from @source. */
static void expect_rijnmond(const char *path, const char *source)
{
	json_t *doc = load_json(path);
	json_t *region = json_object_get(doc, "region");
	ck_assert_int_eq(json_integer_value(json_object_get(doc,
		"schema_version")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(region, "code")),
		22);
	ck_assert_uint_eq(json_array_size(json_object_get(doc,
		"municipalities")), 14);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
		doc, "region_total"), "total")), 15337);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "validation"), "status")), "repaired");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "source"), "file")), source);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "generator"), "version")), "0.1.0");
	json_decref(doc);
}

/* ------------------------------------------------------------------ */
/* Help and usage errors: tests/data/cli/usage.txt, one command a line. */

static struct run *run_case(const struct case_line *c)
{
	const char *argv[CASE_MAX_FIELDS + 1] = {TVK_BINARY};
	for (size_t i = 1; i < c->n; i++)
		argv[i] = c->field[i];
	argv[c->n] = NULL;
	return spawn(argv, NULL);
}

static int help_case(const struct case_line *c, void *data)
{
	(void)data;
	if (strcmp(c->field[0], "0") != 0)
		return 0;
	(*(int *)data)++;
	struct run *r = run_case(c);
	if (r->status != 0 || r->err_len != 0 ||
			strncmp(r->out, "usage: tvk", 10) != 0) {
		dump(r);
		fprintf(stderr, "expected exit 0, usage on stdout, stderr "
			"empty\n");
		return 1;
	}
	return 0;
}

static int usage_error_case(const struct case_line *c, void *data)
{
	if (strcmp(c->field[0], "64") != 0)
		return 0;
	(*(int *)data)++;
	struct run *r = run_case(c);
	if (r->status != 64 || r->out_len != 0 ||
			count_lines(r->err) != 1 ||
			r->err[r->err_len - 1] != '\n' ||
			strncmp(r->err, "tvk: ", 5) != 0 ||
			!dir_is_empty(".")) {
		dump(r);
		fprintf(stderr, "expected exit 64, stdout empty, one line "
			"'tvk: ...' on stderr, no file written\n");
		return 1;
	}
	return 0;
}

START_TEST(version)
{
	struct run *r = TVK("--version");
	EXPECT_STATUS(r, 0);
	EXPECT(r, strcmp(r->out, "tvk 0.1.0\n") == 0, "--version printed "
		"'%s', expected 'tvk 0.1.0'", r->out);
	EXPECT_NO_STDERR(r);
}
END_TEST

START_TEST(help_on_stdout)
{
	int n_help = 0, n_cases;
	int failures = cases_run(TVK_TEST_SRCDIR "/data/cli/usage.txt",
		help_case, &n_help, &n_cases);
	ck_assert_int_ge(n_help, 6);
	ck_assert_msg(failures == 0, "%d help commands misbehave (see "
		"stderr)", failures);
}
END_TEST

START_TEST(help_command_is_command_help)
{
	struct run *a = TVK("help", "convert");
	struct run *b = TVK("convert", "--help");
	EXPECT_STATUS(a, 0);
	EXPECT_STATUS(b, 0);
	EXPECT(b, strcmp(a->out, b->out) == 0, "'tvk help convert' and 'tvk "
		"convert --help' print different text");
	EXPECT(a, strstr(a->out, "usage: tvk convert"), "not convert's usage");
}
END_TEST

START_TEST(usage_errors_exit_64)
{
	int n_errors = 0, n_cases;
	int failures = cases_run(TVK_TEST_SRCDIR "/data/cli/usage.txt",
		usage_error_case, &n_errors, &n_cases);
	ck_assert_int_ge(n_errors, 10);
	ck_assert_msg(failures == 0, "%d usage errors misbehave (see stderr)",
		failures);
}
END_TEST

/* ------------------------------------------------------------------ */
/* convert over the sample archive. */

static bool is_period_dir(const char *s)
{
	return strlen(s) >= 8 && s[0] == '2' && s[1] == '0' &&
		strspn(s + 2, "0123456789") >= 2 && s[4] == '-' &&
		s[5] == 'Q' && s[6] >= '1' && s[6] <= '4' && s[7] == '/';
}

/* "YYYY-Qq/NN-slug.json", and no temporary file. */
static bool is_region_file(const char *f)
{
	if (!is_period_dir(f))
		return false;
	const char *name = f + 8;
	size_t len = strlen(name);
	return len > 8 && name[0] >= '0' && name[0] <= '3' &&
		name[1] >= '0' && name[1] <= '9' && name[2] == '-' &&
		strcspn(name, "/") == len && !strstr(name, ".tmp") &&
		strcmp(name + len - 5, ".json") == 0;
}

START_TEST(convert_archive)
{
	struct run *r = TVK("convert", "-o", "out", TVK_FIXTURES "/");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	const char *summary = last_line(r->out);
	EXPECT(r, strncmp(summary, "tvk: ", 5) == 0 &&
		strstr(summary, " 38 files written"), "the summary line "
		"'%s' does not report 38 files written", summary);

	struct file_list l = list_files("out");
	size_t regions = 0, national = 0;
	for (size_t i = 0; i < l.n; i++) {
		const char *f = l.name[i];
		bool ok = false;
		if (is_period_dir(f) && strcmp(f + 8, "nederland.json") == 0) {
			national++;
			ok = true;
		} else if (is_region_file(f)) {
			regions++;
			ok = true;
		}
		if (!ok) {
			print_list("out", &l);
			ck_abort_msg("unexpected file out/%s", f);
		}
	}
	if (regions != 37 || national != 1)
		print_list("out", &l);
	ck_assert_uint_eq(regions, 37);
	ck_assert_uint_eq(national, 1);
	ck_assert(exists("out/2025-Q2/nederland.json"));
	ck_assert(exists("out/" RIJNMOND_JSON));
	ck_assert(exists("out/" FRIESLAND_JSON));
	ck_assert(exists("out/2022-Q4/07-zaanstreek-waterland.json"));
	for (size_t i = 0; i < l.n; i++)
		json_decref(load_json(kprintf("out/%s", l.name[i])));
}
END_TEST

START_TEST(convert_is_byte_identical_on_rerun)
{
	struct run *a = TVK("convert", "-o", "first", TVK_FIXTURES "/");
	struct run *b = TVK("convert", "-o", "second", TVK_FIXTURES "/");
	EXPECT_STATUS(a, 0);
	EXPECT_STATUS(b, 0);
	ck_assert_uint_ge(list_files("first").n, 38);
	expect_same_tree("first", "second");
}
END_TEST

START_TEST(convert_jobs_do_not_change_output)
{
	struct run *a = TVK("convert", "-j", "1", "-o", "one", TVK_FIXTURES);
	struct run *b = TVK("convert", "-j", "2", "-o", "two", TVK_FIXTURES);
	EXPECT_STATUS(a, 0);
	EXPECT_STATUS(b, 0);
	ck_assert_uint_ge(list_files("one").n, 38);
	expect_same_tree("one", "two");
}
END_TEST

START_TEST(convert_quiet_prints_nothing)
{
	struct run *r = TVK("convert", "-q", "-o", "out", RIJNMOND);
	EXPECT_STATUS(r, 0);
	EXPECT(r, r->out_len == 0, "-q printed %zu bytes", r->out_len);
	EXPECT_NO_STDERR(r);
	expect_rijnmond("out/" RIJNMOND_JSON, RIJNMOND);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Bad inputs beside a good one: the bad one is named in one error line,
 * gets no output file, and the good one is converted all the same. */

static void expect_bad_input(const char *bad, const char *message)
{
	struct run *r = TVK("convert", "-o", "out", bad, RIJNMOND);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, kprintf("tvk: %s: ", bad));
	if (message)
		EXPECT(r, strstr(r->err, message), "the error does not say "
			"'%s'", message);
	expect_files("out", (const char *const[]){RIJNMOND_JSON}, 1);
	expect_rijnmond("out/" RIJNMOND_JSON, RIJNMOND);
}

START_TEST(convert_missing_file)
{
	expect_bad_input("no-such-file.pdf", NULL);
}
END_TEST

START_TEST(convert_empty_file)
{
	write_file("x.pdf", "", 0);
	expect_bad_input("x.pdf", NULL);
}
END_TEST

START_TEST(convert_text_file)
{
	const char text[] = "Transparantie van klantprofielen\nnot a PDF\n";
	write_file("notes.pdf", text, sizeof(text) - 1);
	expect_bad_input("notes.pdf", NULL);
}
END_TEST

START_TEST(convert_png)
{
	write_png("scan.pdf");
	expect_bad_input("scan.pdf", NULL);
}
END_TEST

START_TEST(convert_truncated_pdf)
{
	copy_file(RIJNMOND, "truncated.pdf", 3000);
	expect_bad_input("truncated.pdf", NULL);
}
END_TEST

START_TEST(convert_pdf_without_table)
{
	write_hello_pdf("hello.pdf");
	/* The PDF itself reads fine: the error is about its content. */
	struct run *t = TVK("text", "hello.pdf");
	EXPECT_STATUS(t, 0);
	EXPECT(t, has_line(t->out, "Hello"), "hello.pdf does not read as "
		"'Hello'");
	expect_bad_input("hello.pdf", "no table of the publication found");
}
END_TEST

START_TEST(convert_folder_with_bad_file)
{
	make_dir("in");
	copy_file(FRIESLAND, "in/a-good.pdf", 0);
	write_file("in/b-bad.pdf", "%PDF-1.4\ngarbage\n", 17);
	struct run *r = TVK("convert", "-o", "out", "in");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: in/b-bad.pdf: ");
	EXPECT(r, strstr(last_line(r->out), "2 inputs"), "the summary does "
		"not count both files");
	expect_files("out", (const char *const[]){FRIESLAND_JSON}, 1);
	json_t *doc = load_json("out/" FRIESLAND_JSON);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "source"), "file")), "in/a-good.pdf");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "validation"), "status")), "valid");
	json_decref(doc);
}
END_TEST

START_TEST(convert_path_with_spaces_and_utf8)
{
	make_dir("a b");
	copy_file(FRIESLAND, "a b/\xc3\xab x.pdf", 0);
	struct run *r = TVK("convert", "-o", "out \xc3\xab", "a b/\xc3\xab x.pdf");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	expect_files("out \xc3\xab", (const char *const[]){FRIESLAND_JSON}, 1);
	json_t *doc = load_json("out \xc3\xab/" FRIESLAND_JSON);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		doc, "source"), "file")), "a b/\xc3\xab x.pdf");
	ck_assert_uint_eq(json_array_size(json_object_get(doc,
		"municipalities")), 18);
	json_decref(doc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Invalid tables and the exit status. */

START_TEST(convert_invalid_table)
{
	make_fixture("invalid-table.spec", "invalid.pdf");
	struct run *r = TVK("convert", "-o", "out", "invalid.pdf");
	EXPECT_STATUS(r, 1);
	EXPECT_NO_STDERR(r);
	expect_files("out", (const char *const[]){RIJNMOND_JSON}, 1);
	json_t *doc = load_json("out/" RIJNMOND_JSON);
	json_t *validation = json_object_get(doc, "validation");
	ck_assert_str_eq(json_string_value(json_object_get(validation,
		"status")), "invalid");
	ck_assert_uint_ge(json_array_size(json_object_get(validation,
		"problems")), 1);
	/* Written with its numbers as printed. */
	json_t *first = json_array_get(json_object_get(doc, "municipalities"),
		0);
	ck_assert_int_eq(json_integer_value(json_object_get(first, "total")),
		206);
	json_decref(doc);
	const char *summary = last_line(r->out);
	EXPECT(r, strstr(summary, " 1 invalid"), "the summary '%s' does not "
		"report 1 invalid", summary);
	EXPECT(r, strstr(r->out, "invalid: 2025-Q2 Rijnmond"), "no line names "
		"the invalid table");
}
END_TEST

START_TEST(convert_highest_status_wins)
{
	make_fixture("invalid-table.spec", "invalid.pdf");
	struct run *r = TVK("convert", "-o", "out", "invalid.pdf",
		"no-such-file.pdf");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: no-such-file.pdf: ");
	expect_files("out", (const char *const[]){RIJNMOND_JSON}, 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Output that cannot be written. */

START_TEST(convert_output_not_writable)
{
	if (geteuid() != 0) {
		/* Root ignores permissions, so this half needs a user. */
		make_dir("ro");
		ck_assert_int_eq(chmod("ro", 0555), 0);
		struct run *r = TVK("convert", "-o", "ro/out", RIJNMOND);
		EXPECT_STATUS(r, 2);
		EXPECT_ONE_ERROR(r, "tvk: ");
		ck_assert(dir_is_empty("ro"));
		ck_assert_int_eq(chmod("ro", 0755), 0);
	}
	/* The parent of the output folder is a regular file. */
	write_file("file", "x\n", 2);
	struct run *r = TVK("convert", "-o", "file/out", RIJNMOND);
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: ");
	expect_files(".", (const char *const[]){"file"}, 1);
	size_t len;
	ck_assert_str_eq(read_file("file", &len), "x\n");
}
END_TEST

START_TEST(write_error_on_stdout)
{
	/* A full disk behind stdout is an error, not a silent success. */
	struct run *r = spawn((const char *const[]){TVK_BINARY, "validate",
		RIJNMOND, NULL}, "/dev/full");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: ");
	r = spawn((const char *const[]){TVK_BINARY, "--version", NULL},
		"/dev/full");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: ");
}
END_TEST

/* ------------------------------------------------------------------ */
/* validate. */

static bool starts_with_period(const char *line)
{
	return strlen(line) >= 7 && line[0] == '2' && line[1] == '0' &&
		strspn(line + 2, "0123456789") >= 2 && line[4] == '-' &&
		line[5] == 'Q' && line[6] >= '1' && line[6] <= '4';
}

START_TEST(validate_reports_per_table)
{
	struct run *r = TVK("validate", TVK_FIXTURES "/");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	ck_assert_msg(dir_is_empty("."), "validate wrote files");

	size_t n;
	char **lines = split_lines(r->out, &n);
	size_t i = 0, rijnmond = 0;
	for (; i < n && lines[i][0]; i++) {
		EXPECT(r, starts_with_period(lines[i]), "report line %zu "
			"does not start with a period: '%s'", i + 1, lines[i]);
		if (strstr(lines[i], "Rijnmond")) {
			rijnmond++;
			EXPECT(r, strstr(lines[i], " repaired "), "Rijnmond's "
				"line does not say repaired: '%s'", lines[i]);
		}
	}
	EXPECT(r, i == 38, "%zu report lines, expected 38", i);
	EXPECT(r, rijnmond == 1, "%zu lines for Rijnmond, expected 1",
		rijnmond);

	/* The detail block: its header names Rijnmond, then the repairs. */
	bool in_block = false, missing_cell = false;
	for (; i < n; i++) {
		if (!lines[i][0]) {
			in_block = false;
		} else if (starts_with_period(lines[i])) {
			in_block = strstr(lines[i], "Rijnmond") != NULL;
		} else if (in_block && strstr(lines[i], "missing-cell")) {
			EXPECT(r, has_number(lines[i], "6") &&
				strstr(lines[i], "Voorne aan Zee"), "the "
				"missing-cell repair does not give Voorne aan "
				"Zee's 6: '%s'", lines[i]);
			missing_cell = true;
		}
	}
	EXPECT(r, missing_cell, "no detail block for Rijnmond with its "
		"missing-cell repair");
	const char *summary = last_line(r->out);
	EXPECT(r, strncmp(summary, "38 tables", 9) == 0, "last line '%s' "
		"does not count 38 tables", summary);
}
END_TEST

static json_int_t summary_int(json_t *root, const char *key)
{
	json_t *v = json_object_get(json_object_get(root, "summary"), key);
	ck_assert_msg(json_is_integer(v), "summary.%s is not a number", key);
	return json_integer_value(v);
}

START_TEST(validate_json)
{
	struct run *r = TVK("validate", "--json", TVK_FIXTURES "/");
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	ck_assert_msg(dir_is_empty("."), "validate --json wrote files");
	json_error_t jerr;
	json_t *root = json_loads(r->out, 0, &jerr);
	EXPECT(r, root, "stdout is not JSON: line %d: %s", jerr.line,
		jerr.text);
	ck_assert_uint_eq(json_array_size(json_object_get(root, "inputs")), 5);
	ck_assert_uint_eq(json_array_size(json_object_get(root, "tables")), 38);
	ck_assert_int_eq(summary_int(root, "repaired"), 1);
	ck_assert_int_eq(summary_int(root, "invalid"), 0);
	ck_assert_int_eq(summary_int(root, "valid"), 37);
	ck_assert_int_eq(summary_int(root, "exit_status"), 0);
	json_decref(root);
}
END_TEST

START_TEST(validate_invalid_table_exits_1)
{
	make_fixture("invalid-table.spec", "invalid.pdf");
	make_dir("work");
	ck_assert_int_eq(chdir("work"), 0);
	struct run *r = TVK("validate", "--json", "../invalid.pdf");
	EXPECT_STATUS(r, 1);
	ck_assert_msg(dir_is_empty("."), "validate wrote files");
	json_t *root = json_loads(r->out, 0, NULL);
	EXPECT(r, root, "stdout is not JSON");
	ck_assert_int_eq(summary_int(root, "invalid"), 1);
	ck_assert_int_eq(summary_int(root, "exit_status"), 1);
	json_decref(root);
}
END_TEST

/* ------------------------------------------------------------------ */
/* text. */

#define VOORNE "Voorne aan Zee 191 346 64 607"
#define TOTAAL "Totaal AMR 326 5.780 7.179 2.052 15.337"

START_TEST(text_rebuilds_rows)
{
	/* The fixture draws its table column by column: the lines can only
	 * come from the geometry. */
	struct run *r = TVK("text", RIJNMOND);
	EXPECT_STATUS(r, 0);
	EXPECT_NO_STDERR(r);
	EXPECT(r, has_line(r->out, VOORNE), "no line '%s'", VOORNE);
	EXPECT(r, has_line(r->out, TOTAAL), "no line '%s'", TOTAAL);
}
END_TEST

START_TEST(text_boxes)
{
	struct run *r = TVK("text", "--boxes", RIJNMOND);
	EXPECT_STATUS(r, 0);
	size_t n;
	char **lines = split_lines(r->out, &n);
	bool found = false;
	for (size_t i = 0; i < n && !found; i++) {
		double x0, y0, x1, y1;
		int end = 0;
		if (sscanf(lines[i], "[%lf %lf %lf %lf]%n", &x0, &y0, &x1, &y1,
				&end) != 4 || !end || strcmp(lines[i] + end,
				" " VOORNE) != 0)
			continue;
		found = true;
		EXPECT(r, x0 < x1 && y0 < y1, "empty box: '%s'", lines[i]);
		/* Then one indented box per word, the first "Voorne". */
		double wx0, wy0, wx1, wy1;
		EXPECT(r, i + 1 < n && sscanf(lines[i + 1], " [%lf %lf %lf "
			"%lf]%n", &wx0, &wy0, &wx1, &wy1, &end) == 4 &&
			strncmp(lines[i + 1], "    [", 5) == 0 &&
			strcmp(lines[i + 1] + end, " Voorne") == 0, "no word "
			"box after '%s'", lines[i]);
		EXPECT(r, wx0 >= x0 && wx1 <= x1 && wx0 < wx1, "the word box "
			"of Voorne lies outside its line's box");
	}
	EXPECT(r, found, "no boxed line '[x0 y0 x1 y1] %s'", VOORNE);
}
END_TEST

/* True when @out has a line "KIND<spaces>TEXT". */
static bool has_kind_line(const char *out, const char *kind, const char *text)
{
	size_t n;
	char **lines = split_lines(out, &n);
	size_t k = strlen(kind);
	for (size_t i = 0; i < n; i++) {
		const char *p = lines[i];
		if (strncmp(p, kind, k) != 0 || p[k] != ' ')
			continue;
		p += strspn(p + k, " ") + k;
		if (strcmp(p, text) == 0)
			return true;
	}
	return false;
}

START_TEST(text_kinds)
{
	struct run *r = TVK("text", "--kinds", RIJNMOND);
	EXPECT_STATUS(r, 0);
	EXPECT(r, has_kind_line(r->out, "row", VOORNE), "no line 'row %s'",
		VOORNE);
	EXPECT(r, has_kind_line(r->out, "total", TOTAAL), "no line 'total %s'",
		TOTAAL);
}
END_TEST

START_TEST(text_unreadable_input)
{
	struct run *r = TVK("text", "no-such-file.pdf");
	EXPECT_STATUS(r, 2);
	EXPECT_ONE_ERROR(r, "tvk: no-such-file.pdf: ");
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");
	/* One folder for the whole run, made and removed by the parent. */
	tcase_add_unchecked_fixture(tc, make_root, remove_root);
	tcase_add_checked_fixture(tc, setup, teardown);
	/* Whole-archive runs, three of them under a sanitizer or valgrind,
	 * take more than Check's default of 4 seconds. */
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, version);
	tcase_add_test(tc, help_on_stdout);
	tcase_add_test(tc, help_command_is_command_help);
	tcase_add_test(tc, usage_errors_exit_64);
	tcase_add_test(tc, convert_archive);
	tcase_add_test(tc, convert_is_byte_identical_on_rerun);
	tcase_add_test(tc, convert_jobs_do_not_change_output);
	tcase_add_test(tc, convert_quiet_prints_nothing);
	tcase_add_test(tc, convert_missing_file);
	tcase_add_test(tc, convert_empty_file);
	tcase_add_test(tc, convert_text_file);
	tcase_add_test(tc, convert_png);
	tcase_add_test(tc, convert_truncated_pdf);
	tcase_add_test(tc, convert_pdf_without_table);
	tcase_add_test(tc, convert_folder_with_bad_file);
	tcase_add_test(tc, convert_path_with_spaces_and_utf8);
	tcase_add_test(tc, convert_invalid_table);
	tcase_add_test(tc, convert_highest_status_wins);
	tcase_add_test(tc, convert_output_not_writable);
	tcase_add_test(tc, write_error_on_stdout);
	tcase_add_test(tc, validate_reports_per_table);
	tcase_add_test(tc, validate_json);
	tcase_add_test(tc, validate_invalid_table_exits_1);
	tcase_add_test(tc, text_rebuilds_rows);
	tcase_add_test(tc, text_boxes);
	tcase_add_test(tc, text_kinds);
	tcase_add_test(tc, text_unreadable_input);
	suite_add_tcase(s, tc);
	return s;
}

TVK_CHECK_MAIN(cli_suite)
