/*
 * The harness of the suites that run programs: see harness.h.
 *
 * Nothing here asserts with ck_assert*: Check names, in the TAP line of a
 * passing test, the file of the last assertion that passed, and that must
 * stay the suite's own file.  REQUIRE fails the same way and marks nothing
 * when it holds.
 */
#define _XOPEN_SOURCE 700 /* posix_openpt */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "tvk_check.h"

extern char **environ;

#define REQUIRE(cond, ...) do { \
	if (!(cond)) \
		ck_abort_msg(__VA_ARGS__); \
} while (0)

/* ------------------------------------------------------------------ */
/* Memory a test owns. */

static void **owned;
static size_t n_owned, cap_owned;

void *keep(void *p)
{
	REQUIRE(p, "out of memory");
	if (n_owned == cap_owned) {
		size_t cap = cap_owned ? 2 * cap_owned : 1024;
		void **bigger = realloc(owned, cap * sizeof(*owned));
		if (!bigger)
			abort();
		owned = bigger;
		cap_owned = cap;
	}
	owned[n_owned++] = p;
	return p;
}

static void free_owned(void)
{
	for (size_t i = 0; i < n_owned; i++)
		free(owned[i]);
	free(owned);
	owned = NULL;
	n_owned = cap_owned = 0;
}

char *kstrdup(const char *s)
{
	return keep(strdup(s));
}

/* printf into a new malloc'd string, its length in *@len. */
__attribute__((format(printf, 2, 0)))
static char *vformat(size_t *len, const char *fmt, va_list ap)
{
	/* A one-byte buffer, not NULL: measuring with NULL upsets
	 * -Wformat-truncation under the sanitizers. */
	char probe[1];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(probe, sizeof(probe), fmt, copy);
	va_end(copy);
	char *s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!s)
		abort();
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	*len = (size_t)n;
	return s;
}

char *kprintf(const char *fmt, ...)
{
	size_t len;
	va_list ap;
	va_start(ap, fmt);
	char *s = vformat(&len, fmt, ap);
	va_end(ap);
	return keep(s);
}

void add_bytes(struct text *t, const void *data, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		while (t->len + n + 1 > t->cap)
			t->cap = t->cap ? 2 * t->cap : 4096;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	memcpy(t->s + t->len, data, n);
	t->len += n;
	t->s[t->len] = '\0';
}

void add(struct text *t, const char *fmt, ...)
{
	size_t len;
	va_list ap;
	va_start(ap, fmt);
	char *s = vformat(&len, fmt, ap);
	va_end(ap);
	add_bytes(t, s, len);
	free(s);
}

/* ------------------------------------------------------------------ */
/* Temporary folders. */

static const char *run_name; /* the first folder_suite()'s */
static char root_dir[4096]; /* this test case's folder, made by the parent */
static char test_folder[4096]; /* the current test's folder */

void remove_tree(const char *path)
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
	int n = snprintf(root_dir, sizeof(root_dir), "%s/tvk-%s-XXXXXX", tmp,
		run_name ? run_name : "test");
	REQUIRE(n > 0 && (size_t)n < sizeof(root_dir), "TMPDIR is too long");
	REQUIRE(mkdtemp(root_dir), "mkdtemp %s: %s", root_dir,
		strerror(errno));
}

/* TVK_TEST_KEEP=1 keeps every test's folder, to look at after a run. */
static bool keep_folders(void)
{
	const char *keep_env = getenv("TVK_TEST_KEEP");
	return keep_env && *keep_env && strcmp(keep_env, "0") != 0;
}

static void remove_root(void)
{
	if (!root_dir[0])
		return;
	if (keep_folders())
		fprintf(stderr, "# test folders kept in %s\n", root_dir);
	else
		remove_tree(root_dir);
}

static void setup(void)
{
	free_owned();
	int n = snprintf(test_folder, sizeof(test_folder), "%s/test-XXXXXX",
		root_dir);
	REQUIRE(n > 0 && (size_t)n < sizeof(test_folder), "TMPDIR is too "
		"long");
	REQUIRE(mkdtemp(test_folder), "mkdtemp %s: %s", test_folder,
		strerror(errno));
	REQUIRE(chdir(test_folder) == 0, "chdir %s: %s", test_folder,
		strerror(errno));
}

static void teardown(void)
{
	if (chdir(root_dir) == 0 && !keep_folders())
		remove_tree(test_folder);
	free_owned();
}

Suite *folder_suite(const char *name)
{
	/* Check's fixtures take no argument: the name is the program's. */
	if (!run_name)
		run_name = name;
	return suite_create(name);
}

TCase *folder_tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_add_unchecked_fixture(tc, make_root, remove_root);
	tcase_add_checked_fixture(tc, setup, teardown);
	return tc;
}

const char *test_dir(void)
{
	return test_folder;
}

/* ------------------------------------------------------------------ */
/* Files. */

void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	REQUIRE(f, "cannot create %s: %s", path, strerror(errno));
	size_t wrote = fwrite(data, 1, len, f);
	REQUIRE(wrote == len, "cannot write %s: %s", path, strerror(errno));
	REQUIRE(fclose(f) == 0, "cannot write %s: %s", path,
		strerror(errno));
}

void make_dir(const char *path)
{
	REQUIRE(mkdir(path, 0755) == 0, "mkdir %s: %s", path,
		strerror(errno));
}

char *read_file(const char *path, size_t *len)
{
	char *s = tvk_test_slurp(path, len);
	REQUIRE(s, "cannot read %s: %s", path, strerror(errno));
	return keep(s);
}

void copy_file(const char *from, const char *to, size_t limit)
{
	size_t len;
	char *data = read_file(from, &len);
	write_file(to, data, limit && limit < len ? limit : len);
}

void write_png(const char *path)
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

bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

off_t file_size(const char *path)
{
	struct stat st;
	REQUIRE(stat(path, &st) == 0, "%s: %s", path, strerror(errno));
	return st.st_size;
}

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

/* Adds everything under @dir/@rel (@rel "" for @dir itself) that is not a
 * folder to @l. */
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

struct file_list all_files(const char *dir)
{
	struct file_list l = {0};
	if (!exists(dir))
		return l;
	walk(dir, "", &l);
	if (l.name) {
		keep(l.name);
		qsort(l.name, l.n, sizeof(*l.name), by_name);
	}
	return l;
}

void print_list(const char *title, const struct file_list *l)
{
	fprintf(stderr, "%s (%zu):\n", title, l->n);
	for (size_t i = 0; i < l->n; i++)
		fprintf(stderr, "  %s\n", l->name[i]);
}

json_t *load_json(const char *path)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	REQUIRE(doc, "%s is not JSON: line %d: %s", path, jerr.line,
		jerr.text);
	return doc;
}

void expect_all_json(const char *dir)
{
	struct file_list l = all_files(dir);
	for (size_t i = 0; i < l.n; i++) {
		size_t len = strlen(l.name[i]);
		if (len > 5 && strcmp(l.name[i] + len - 5, ".json") == 0)
			json_decref(load_json(kprintf("%s/%s", dir,
				l.name[i])));
	}
}

const char *str_at(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);
	if (b)
		v = json_object_get(v, b);
	return json_string_value(v);
}

const char *const count_fields[5] = {"municipal_with_profile",
	"municipal_without_profile", "uwv_with_profile", "uwv_without_profile",
	"total"};

bool same_counts(json_t *a, json_t *b)
{
	for (size_t f = 0; f < 5; f++)
		if (!json_equal(json_object_get(a, count_fields[f]),
				json_object_get(b, count_fields[f])))
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* tvk's output folders. */

bool is_bookkeeping(const char *name)
{
	return strcmp(name, "index.json") == 0 ||
		strcmp(name, ".tvk-cache") == 0 ||
		strcmp(name, ".tvk-lock") == 0;
}

bool is_temporary(const char *name)
{
	return strstr(name, ".tmp.") || strstr(name, ".tvk-probe") ||
		strstr(name, ".tvk-staging");
}

struct file_list list_outputs(const char *dir)
{
	REQUIRE(exists(dir), "%s does not exist", dir);
	struct file_list all = all_files(dir), l = {0};
	for (size_t i = 0; i < all.n; i++)
		if (!is_bookkeeping(all.name[i]))
			add_name(&l, all.name[i]);
	if (l.name)
		keep(l.name);
	return l;
}

void expect_no_temporary(const char *dir)
{
	REQUIRE(!exists(kprintf("%s/.tvk-staging", dir)), "the staging folder "
		"is left behind in %s", dir);
	struct file_list l = all_files(dir);
	for (size_t i = 0; i < l.n; i++)
		if (is_temporary(l.name[i])) {
			print_list(dir, &l);
			ck_abort_msg("a temporary file is left behind: %s/%s",
				dir, l.name[i]);
		}
}

void expect_outputs(const char *dir, const char *const *want, size_t n)
{
	expect_no_temporary(dir);
	struct file_list l = list_outputs(dir);
	bool same = l.n == n;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(l.name[i], want[i]) == 0;
	if (!same) {
		fprintf(stderr, "files in %s/%s:\n", test_folder, dir);
		print_list("  found", &l);
		fprintf(stderr, "  expected (%zu):\n", n);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "    %s\n", want[i]);
	}
	REQUIRE(same, "%s holds %zu outputs, not the %zu expected (listed "
		"on stderr)", dir, l.n, n);
}

void expect_same_tree(const char *a, const char *b)
{
	struct file_list la = list_outputs(a), lb = list_outputs(b);
	bool same = la.n == lb.n;
	for (size_t i = 0; same && i < la.n; i++)
		same = strcmp(la.name[i], lb.name[i]) == 0;
	if (!same) {
		print_list(a, &la);
		print_list(b, &lb);
	}
	REQUIRE(same, "%s and %s hold different files (listed on stderr)", a,
		b);
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

/* ------------------------------------------------------------------ */
/* Running programs. */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "\r[####......] 3/5 files ..." is tvk's progress bar (shown only on a
 * terminal, or with --progress), not an error. */
static bool is_progress(const char *line)
{
	unsigned a, b;
	char c;
	return line[0] == '\r' && line[1] == '[' &&
		sscanf(line + 2 + strspn(line + 2, "#."), "] %u/%u file%c",
		&a, &b, &c) == 3;
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
	r->progress_len = np;
}

/* The command line, with C escapes for control bytes (a file name may
 * hold a newline) so that a message about it stays readable. */
static char *command_line(const char *const *argv)
{
	struct text t = {0};
	add_bytes(&t, "", 0);
	for (size_t i = 0; argv[i]; i++) {
		bool quote = !*argv[i] || strpbrk(argv[i], " \t'\"\n");
		add(&t, "%s%s", i ? " " : "", quote ? "'" : "");
		for (const unsigned char *p = (const unsigned char *)argv[i];
				*p; p++) {
			if (*p == '\n')
				add(&t, "\\n");
			else if (*p < 0x20 || *p == 0x7f)
				add(&t, "\\x%02x", *p);
			else
				add_bytes(&t, p, 1);
		}
		add(&t, "%s", quote ? "'" : "");
	}
	return keep(t.s);
}

/* In the child, between fork and exec: tells the parent why it could not
 * go on (errno through @fd) and ends. */
static _Noreturn void child_failed(int fd)
{
	int e = errno;
	if (write(fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* A pseudo-terminal @columns wide, raw (no newline translation): its
 * master in fds[0], for the parent to read, its other end in fds[1]. */
static void open_terminal(int fds[2], unsigned short columns)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	REQUIRE(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0,
		"posix_openpt: %s", strerror(errno));
	const char *name = ptsname(master);
	REQUIRE(name, "ptsname: %s", strerror(errno));
	int slave = open(name, O_RDWR | O_NOCTTY);
	REQUIRE(slave >= 0, "%s: %s", name, strerror(errno));
	struct termios tio;
	REQUIRE(tcgetattr(slave, &tio) == 0, "tcgetattr: %s", strerror(errno));
	cfmakeraw(&tio);
	REQUIRE(tcsetattr(slave, TCSANOW, &tio) == 0, "tcsetattr: %s",
		strerror(errno));
	struct winsize ws = {.ws_row = 24, .ws_col = columns};
	REQUIRE(ioctl(slave, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ: %s",
		strerror(errno));
	REQUIRE(fcntl(master, F_SETFD, FD_CLOEXEC) == 0, "fcntl: %s",
		strerror(errno));
	fds[0] = master;
	fds[1] = slave;
}

/* Fork and exec rather than posix_spawn: the child sets RLIMIT_FSIZE
 * between the two. */
struct run *run_program(const char *const *argv,
		const struct run_options *opt)
{
	static const struct run_options usual = {0};
	if (!opt)
		opt = &usual;
	double deadline = opt->deadline > 0 ? opt->deadline : RUN_DEADLINE;
	char *const *env = opt->env ? opt->env : environ;
	struct run *r = keep(calloc(1, sizeof(*r)));
	r->cmd = command_line(argv);
	/* report: the child's errno when it cannot exec, closed by exec. */
	int out[2] = {-1, -1}, err[2], report[2];
	if (!opt->stdout_path)
		REQUIRE(pipe(out) == 0, "pipe: %s", strerror(errno));
	if (opt->tty_columns > 0)
		open_terminal(err, opt->tty_columns);
	else
		REQUIRE(pipe(err) == 0, "pipe: %s", strerror(errno));
	REQUIRE(pipe(report) == 0, "pipe: %s", strerror(errno));
	REQUIRE(fcntl(report[1], F_SETFD, FD_CLOEXEC) == 0, "fcntl: %s",
		strerror(errno));
	double start = now();
	pid_t pid = fork();
	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* Only async-signal-safe calls from here to exec. */
		close(report[0]);
		int in = open("/dev/null", O_RDONLY);
		int to = opt->stdout_path ? open(opt->stdout_path,
			O_WRONLY | O_CREAT | O_TRUNC, 0644) : out[1];
		if (in < 0 || to < 0 || dup2(in, 0) < 0 || dup2(to, 1) < 0 ||
				dup2(err[1], 2) < 0)
			child_failed(report[1]);
		close(in);
		close(to);
		if (out[0] >= 0)
			close(out[0]);
		close(err[0]);
		close(err[1]);
		if (opt->max_file_size > 0) {
			struct rlimit lim;
			if (getrlimit(RLIMIT_FSIZE, &lim) != 0)
				child_failed(report[1]);
			lim.rlim_cur = opt->max_file_size;
			if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
				child_failed(report[1]);
		}
		execve(argv[0], (char *const *)argv, env);
		child_failed(report[1]);
	}
	if (out[1] >= 0)
		close(out[1]);
	close(err[1]);
	close(report[1]);
	int child_errno = 0;
	ssize_t got;
	while ((got = read(report[0], &child_errno, sizeof(child_errno))) < 0
			&& errno == EINTR)
		;
	close(report[0]);
	if (got > 0) {
		if (out[0] >= 0)
			close(out[0]);
		close(err[0]);
		waitpid(pid, NULL, 0);
		ck_abort_msg("cannot run %s: %s", r->cmd,
			strerror(child_errno));
	}

	struct text o = {0}, e = {0};
	add_bytes(&o, "", 0);
	add_bytes(&e, "", 0);
	struct pollfd fds[2] = {{.fd = err[0], .events = POLLIN},
		{.fd = out[0], .events = POLLIN}};
	int open_fds = out[0] >= 0 ? 2 : 1;
	bool signalled = opt->signal <= 0;
	while (open_fds > 0) {
		double left = start + deadline - now();
		if (left <= 0 && !r->hung) {
			/* Our own child, by its pid. */
			kill(pid, SIGKILL);
			r->hung = true;
		}
		int ms = r->hung ? 1000 : (int)(left * 1000) + 1;
		if (!signalled) {
			double until = start + opt->signal_after - now();
			if (until <= 0) {
				kill(pid, opt->signal);
				signalled = true;
			} else if (until * 1000 < ms) {
				ms = (int)(until * 1000) + 1;
			}
		}
		if (poll(fds, 2, ms) < 0) {
			REQUIRE(errno == EINTR, "poll: %s", strerror(errno));
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
			} else {
				add_bytes(i == 0 ? &e : &o, buf, (size_t)n);
			}
		}
	}
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		REQUIRE(errno == EINTR, "waitpid: %s", strerror(errno));
	r->seconds = now() - start;
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r->out = keep(o.s);
	r->out_len = o.len;
	r->err = keep(e.s);
	r->err_len = e.len;
	split_progress(r);
	return r;
}

void expect_survived(const struct run *r)
{
	EXPECT(r, !r->hung, "%s: still running after %.0f s: hung",
		r->cmd, r->seconds);
	EXPECT(r, r->status < 128, "%s: ended by signal %d", r->cmd,
		r->status - 128);
	EXPECT(r, !strstr(r->err, "Sanitizer") &&
		!strstr(r->err, "runtime error:"), "%s: a sanitizer report "
		"on stderr", r->cmd);
}

struct run *run_checked(const char *const *argv,
		const struct run_options *opt)
{
	struct run *r = run_program(argv, opt);
	expect_survived(r);
	return r;
}

char *const *environ_with(const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	REQUIRE(eq, "'%s' is not NAME=value", assignment);
	size_t name_len = (size_t)(eq - assignment) + 1;
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = keep(calloc(n + 2, sizeof(*env)));
	env[0] = kstrdup(assignment);
	for (size_t i = 0, k = 1; i < n; i++)
		if (strncmp(environ[i], assignment, name_len) != 0)
			env[k++] = environ[i];
	return env;
}

void dump(const struct run *r)
{
	const size_t max = 6000;
	fprintf(stderr, "$ %s\nexit status %d%s, %.2f s\n--- stdout (%zu "
		"bytes)%s ---\n%s\n--- stderr (%zu bytes, progress left out) "
		"---\n%.*s\n---\n", r->cmd, r->status, r->hung ? " (hung: "
		"killed at its deadline)" : "", r->seconds, r->out_len,
		r->out_len > max ? ", the end" : "",
		r->out + (r->out_len > max ? r->out_len - max : 0), r->err_len,
		(int)(r->err_len > max ? max : r->err_len), r->err);
}

/* True when @line (up to its newline) is "tvk: @file: message" or
 * "tvk: @file:PAGE: message" with a message. */
static bool names_file(const char *line, const char *file)
{
	size_t n = strlen(file);
	if (strncmp(line, "tvk: ", 5) != 0 || strncmp(line + 5, file, n) != 0)
		return false;
	const char *p = line + 5 + n;
	if (*p != ':')
		return false;
	p++;
	if (*p >= '0' && *p <= '9') {
		p += strspn(p, "0123456789");
		if (*p++ != ':')
			return false;
	}
	return p[0] == ' ' && p[1] && p[1] != '\n';
}

void expect_one_error(const struct run *r, const char *file)
{
	EXPECT(r, count_lines(r->err) == 1 &&
		r->err[r->err_len - 1] == '\n', "%s: stderr is %zu lines, "
		"expected one error line", r->cmd, count_lines(r->err));
	EXPECT(r, names_file(r->err, file), "%s: the error is not 'tvk: "
		"%s[:PAGE]: message'", r->cmd, file);
}

/* ------------------------------------------------------------------ */
/* Reading what a program printed. */

size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

const char *last_line(const char *s)
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

bool has_line(const char *s, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = s; (p = strstr(p, line)); p++)
		if ((p == s || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

char **split_lines(const char *s, size_t *n)
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

bool mentions(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* tvk and its fixtures. */

/* Asserts that @doc.@a(.@b) is the integer @want; @path for the message. */
static void require_int(const char *path, json_t *doc, const char *a,
		const char *b, json_int_t want)
{
	json_t *v = json_object_get(doc, a);
	if (b)
		v = json_object_get(v, b);
	REQUIRE(json_is_integer(v) && json_integer_value(v) == want,
		"%s: %s%s%s is %" JSON_INTEGER_FORMAT ", expected %"
		JSON_INTEGER_FORMAT, path, a, b ? "." : "", b ? b : "",
		json_integer_value(v), want);
}

static void require_str(const char *path, json_t *doc, const char *a,
		const char *b, const char *want)
{
	const char *s = str_at(doc, a, b);
	REQUIRE(s && strcmp(s, want) == 0, "%s: %s%s%s is '%s', expected "
		"'%s'", path, a, b ? "." : "", b ? b : "", s ? s : "(none)",
		want);
}

static void require_rows(const char *path, json_t *doc, size_t want)
{
	size_t n = json_array_size(json_object_get(doc, "municipalities"));
	REQUIRE(n == want, "%s: %zu municipalities, expected %zu", path, n,
		want);
}

const char *absolute_of(const char *given)
{
	char cwd[4096];
	if (given[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return given;
	while (given[0] == '.' && given[1] == '/') /* "./-o.pdf" */
		given += 2;
	return kprintf("%s/%s", cwd, given);
}

void expect_rijnmond(const char *path, const char *source)
{
	json_t *doc = load_json(path);
	require_int(path, doc, "schema_version", NULL, 3);
	require_int(path, doc, "region", "code", 22);
	require_rows(path, doc, 14);
	require_int(path, doc, "region_total", "total", 15337);
	require_str(path, doc, "validation", "status", "repaired");
	require_str(path, doc, "source", "file", absolute_of(source));
	require_str(path, doc, "generator", "version", "0.1.0");
	json_decref(doc);
}

void expect_friesland(const char *path, const char *source)
{
	json_t *doc = load_json(path);
	require_int(path, doc, "region", "code", 2);
	require_rows(path, doc, 18);
	require_str(path, doc, "validation", "status", "valid");
	require_str(path, doc, "source", "file", absolute_of(source));
	json_decref(doc);
}

struct run *draw_spec(const char *spec, const char *pdf)
{
#ifdef TVK_MKFIXTURE
	/* cairo and fontconfig keep caches that LeakSanitizer reports in a
	 * sanitized build; the generator is not under test here. */
	const char *asan = getenv("ASAN_OPTIONS");
	struct run_options opt = {.env = environ_with(kprintf(
		"ASAN_OPTIONS=%s%sdetect_leaks=0", asan ? asan : "",
		asan && *asan ? ":" : ""))};
	struct run *r = run_program((const char *const[]){TVK_MKFIXTURE,
		spec, pdf, NULL}, &opt);
	EXPECT_STATUS(r, 0);
	return r;
#else
	ck_abort_msg("mkfixture was not built (cairo missing), so %s cannot "
		"be drawn from %s: install cairo", pdf, spec);
	return NULL;
#endif
}
