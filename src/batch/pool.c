/*
 * The pool of worker processes.  The batch never calls poppler itself:
 * each worker is a fork of it that converts one input at a time, sent over
 * a socket, and answers with the input's record (worker.c).  The pool
 * watches the answers, the deadlines and the workers' lives with poll()
 * and waitpid(), so a worker that dies or hangs costs only its input.
 *
 * Each worker holds its input and the next one, queued in its socket: it
 * goes on to the next the moment it has answered, without waiting for
 * the batch to wake up, read the answer and send more (on a virtual
 * machine a wake-up can take a millisecond; the batch's own work on the
 * answer runs beside the worker's on the next input).  The next one has
 * not been started: when the worker dies, it goes to another.
 */
#define _GNU_SOURCE /* memfd_create, sigabbrev_np */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "batch/batch-internal.h"
#include "batch/pool.h"
#include "batch/worker.h"
#include "document/wire.h"

/* Inputs a worker holds: the one it works on and the next. */
#define QUEUE 2

struct worker {
	pid_t pid;   /* 0 when not running */
	int sock;    /* the pool's end */
	int noise;   /* what the worker's libraries print */
	size_t job[QUEUE]; /* job[0] is being converted since started */
	int held;          /* how many of job[] */
	double started;
	struct tvk_buf in;
};

struct pool {
	const struct tvk_pool_options *opt;
	const struct tvk_pool_hooks *hooks;
	struct worker *w;
	int n;
	/* What is left: order[next..n), after the jobs given back by
	 * workers that died before starting them (back[0..n_back)). */
	const size_t *order;
	size_t next, n_jobs;
	size_t *back;
	size_t n_back;
};

static bool work_left(const struct pool *p)
{
	return p->n_back > 0 || p->next < p->n_jobs;
}

static size_t take_work(struct pool *p)
{
	return p->n_back > 0 ? p->back[--p->n_back] : p->order[p->next++];
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int noise_file(void)
{
	int fd = memfd_create("tvk-worker-noise", MFD_CLOEXEC);
	if (fd < 0)
		fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	return fd;
}

static int start(struct pool *p, struct worker *w)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	if (w->noise >= 0)
		close(w->noise); /* the worker's before this one */
	w->noise = -1;
	int noise = noise_file();
	if (noise < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	/* Nothing the batch's process has buffered may come out twice. */
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		close(noise);
		return -1;
	}
	if (pid == 0) {
		/* The other workers' ends and the batch's files stay with the
		 * batch: a worker holding them would keep them open after
		 * the batch let go. */
		close(sv[0]);
		for (int i = 0; i < p->n; i++)
			if (p->w[i].pid > 0) {
				close(p->w[i].sock);
				close(p->w[i].noise);
			}
		for (size_t i = 0; i < p->opt->n_close_fds; i++)
			if (p->opt->close_fds[i] >= 0)
				close(p->opt->close_fds[i]);
		struct tvk_worker_setup setup = {.socket = sv[1],
			.noise = noise, .parent = parent,
			.convert = p->opt->convert,
			.max_memory = p->opt->max_memory};
		tvk_worker_main(&setup);
	}
	close(sv[1]);
	w->pid = pid;
	w->sock = sv[0];
	w->noise = noise;
	w->held = 0;
	w->in.len = 0;
	return 0;
}

/* Ends @w (with SIGKILL when @kill_it) and returns its wait status. */
static int reap(struct worker *w, bool kill_it)
{
	int status = 0;
	if (kill_it)
		kill(w->pid, SIGKILL);
	close(w->sock);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	return status;
}

/* The last @cap bytes of what @w's libraries printed (malloc'd). */
static char *noise_tail(const struct worker *w, size_t cap)
{
	off_t size = lseek(w->noise, 0, SEEK_END);
	off_t from = size > (off_t)cap ? size - (off_t)cap : 0;
	size_t n = size > from ? (size_t)(size - from) : 0;
	char *text = tvk_xmalloc(n + 1);
	ssize_t got = n ? pread(w->noise, text, n, from) : 0;
	text[got > 0 ? got : 0] = '\0';
	return text;
}

/* The last line of @text with anything in it, in place. */
static const char *last_line(char *text)
{
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	char *nl = strrchr(text, '\n');
	return nl ? nl + 1 : text;
}

/* Why a worker ended without an answer, in a user's words. */
static char *death_message(const struct pool *p, const struct worker *w,
		int status)
{
	char *tail = noise_tail(w, 16384);
	bool oom = strstr(tail, "bad_alloc") || strcasestr(tail, "out of memory") ||
		strstr(tail, "Cannot allocate memory");
	const char *said = last_line(tail);
	char how[64];
	if (WIFSIGNALED(status)) {
		const char *abbrev = sigabbrev_np(WTERMSIG(status));
		if (abbrev)
			snprintf(how, sizeof(how), "SIG%s", abbrev);
		else
			snprintf(how, sizeof(how), "signal %d", WTERMSIG(status));
	} else {
		snprintf(how, sizeof(how), "exit status %d",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	char *message;
	if (oom && p->opt->max_memory)
		message = tvk_xasprintf("the PDF library gave up (%s): out of "
			"memory, over the limit of %zu MB per input "
			"(--max-memory)", how, p->opt->max_memory >> 20);
	else if (*said)
		message = tvk_xasprintf("the PDF library gave up (%s): %.160s",
			how, said);
	else
		message = tvk_xasprintf("the PDF library gave up (%s)", how);
	free(tail);
	return message;
}

/* @w begins on job[0]: its clock starts, the batch is told. */
static void begin(struct pool *p, struct worker *w)
{
	w->started = now();
	p->hooks->started(p->hooks->data, w->job[0]);
}

/* Sends @job to @w, behind what it holds. */
static int dispatch(struct pool *p, struct worker *w,
		const struct tvk_pool_job *jobs, size_t job)
{
	struct tvk_buf b = {0};
	size_t start = tvk_wire_record_begin(&b, TVK_RECORD_JOB);
	tvk_wire_str(&b, jobs[job].path);
	tvk_wire_str(&b, jobs[job].expected);
	tvk_wire_record_end(&b, start);
	int rc = tvk_send_all(w->sock, b.s, b.len);
	free(b.s);
	w->job[w->held++] = job;
	if (w->held == 1)
		begin(p, w);
	return rc;
}

/* @w ended or must end without answering: its input fails, the one
 * queued behind it goes back to be given to another. */
static void lost(struct pool *p, struct worker *w, bool kill_it,
		enum tvk_error_code code, const char *why)
{
	size_t job = w->job[0];
	int held = w->held;
	int status = reap(w, kill_it);
	w->held = 0;
	/* Last in, first out: back in the order they were taken. */
	for (int i = held - 1; i > 0; i--)
		p->back[p->n_back++] = w->job[i];
	if (held == 0)
		return;
	char *message = NULL;
	if (!why) {
		char *text = noise_tail(w, 65536);
		if (strstr(text, "Sanitizer") || strstr(text, "runtime error:")) {
			p->hooks->diagnostic(p->hooks->data, text);
			message = tvk_xstrdup("internal error: tvk stopped on a "
				"sanitizer's report (printed above)");
		}
		free(text);
	}
	if (!message)
		message = why ? tvk_xstrdup(why) : death_message(p, w, status);
	p->hooks->failed(p->hooks->data, job, code, message);
	free(message);
}

/* Reads what @w sent; hands on each answer once it is whole. */
static void take(struct pool *p, struct worker *w)
{
	char buf[65536];
	ssize_t k = read(w->sock, buf, sizeof(buf));
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (k <= 0 || w->held == 0) {
		/* The worker is gone, or says what nobody asked. */
		lost(p, w, k > 0, TVK_ERR_PDF, NULL);
		return;
	}
	tvk_buf_add(&w->in, buf, (size_t)k);
	while (w->held > 0 && w->in.len > 0) {
		struct tvk_wire_record rec;
		enum tvk_wire_status st = tvk_wire_record_read(
			(const unsigned char *)w->in.s, w->in.len, &rec);
		if (st == TVK_WIRE_PARTIAL)
			return;
		if (st != TVK_WIRE_OK || (rec.type != TVK_RECORD_OUTCOME &&
				rec.type != TVK_RECORD_UNCHANGED)) {
			lost(p, w, true, TVK_ERR_PDF, "internal error: the "
				"worker's answer is damaged");
			return;
		}
		size_t job = w->job[0];
		memmove(w->job, w->job + 1, (size_t)(--w->held) * sizeof(*w->job));
		/* The worker is on the next one already. */
		if (w->held > 0)
			begin(p, w);
		struct tvk_buf answer = {w->in.s, rec.size, rec.size};
		p->hooks->finished(p->hooks->data, job, &answer);
		memmove(w->in.s, w->in.s + rec.size, w->in.len - rec.size);
		w->in.len -= rec.size;
	}
	if (w->in.len > 0) /* more than was asked */
		lost(p, w, true, TVK_ERR_PDF, NULL);
}

static void stop_all(struct pool *p)
{
	for (int i = 0; i < p->n; i++)
		if (p->w[i].pid > 0)
			reap(&p->w[i], true);
}

static bool stopped(const struct pool *p)
{
	return p->opt->stop && *p->opt->stop;
}

int tvk_pool_run(const struct tvk_pool_options *opt,
		const struct tvk_pool_job *jobs, const size_t *order, size_t n,
		const struct tvk_pool_hooks *hooks, struct tvk_error *err)
{
	struct pool p = {.opt = opt, .hooks = hooks,
		.n = opt->workers > 0 ? opt->workers : 1};
	p.w = tvk_xcalloc((size_t)p.n, sizeof(*p.w));
	for (int i = 0; i < p.n; i++)
		p.w[i].noise = -1;
	p.order = order;
	p.n_jobs = n;
	p.back = tvk_xcalloc((size_t)p.n * QUEUE, sizeof(*p.back));
	struct pollfd *fds = tvk_xcalloc((size_t)p.n, sizeof(*fds));
	int *index = tvk_xcalloc((size_t)p.n, sizeof(*index));
	int rc = 0;
	bool ever_started = false;
	for (;;) {
		if (stopped(&p)) {
			rc = 1;
			break;
		}
		/* A worker for work left; work for every worker, one input
		 * each before a second to any, so that the largest inputs,
		 * which come first, go to different workers. */
		int running = 0, busy = 0;
		for (int i = 0; i < p.n; i++) {
			struct worker *w = &p.w[i];
			if (w->pid == 0 && work_left(&p)) {
				if (start(&p, w) != 0)
					continue;
				ever_started = true;
			}
		}
		for (int depth = 1; depth <= QUEUE; depth++)
			for (int i = 0; i < p.n; i++) {
				struct worker *w = &p.w[i];
				if (w->pid > 0 && w->held < depth && work_left(&p) &&
						dispatch(&p, w, jobs, take_work(&p)) != 0)
					lost(&p, w, true, TVK_ERR_PDF, NULL);
			}
		for (int i = 0; i < p.n; i++) {
			running += p.w[i].pid > 0;
			busy += p.w[i].pid > 0 && p.w[i].held > 0;
		}
		if (busy == 0 && !work_left(&p))
			break;
		if (running == 0) {
			/* Not one process can be started (out of processes or
			 * memory): what is left fails, each one said. */
			if (!ever_started) {
				rc = tvk_error_set(err, TVK_ERR_IO, NULL, 0, "cannot "
					"start a worker process: %s", strerror(errno));
				break;
			}
			char *why = tvk_xasprintf("not converted: no worker "
				"process could be started (%s)", strerror(errno));
			while (work_left(&p))
				hooks->failed(hooks->data, take_work(&p), TVK_ERR_IO,
					why);
			free(why);
			continue;
		}
		/* Wait for an answer, the next deadline, or a while: a
		 * signal that lands just before poll() is seen that late. */
		double wait = 0.25, t = now();
		int nfds = 0;
		for (int i = 0; i < p.n; i++) {
			struct worker *w = &p.w[i];
			if (w->pid <= 0 || w->held == 0)
				continue;
			if (opt->timeout > 0) {
				double left = w->started + opt->timeout - t;
				if (left < wait)
					wait = left > 0 ? left : 0;
			}
			fds[nfds] = (struct pollfd){.fd = w->sock, .events = POLLIN};
			index[nfds++] = i;
		}
		int ready = poll(fds, (nfds_t)nfds, (int)(wait * 1000) + 1);
		if (ready < 0 && errno != EINTR) {
			rc = tvk_error_set(err, TVK_ERR_IO, NULL, 0, "cannot wait "
				"for the workers: %s", strerror(errno));
			break;
		}
		for (int k = 0; ready > 0 && k < nfds; k++)
			if (fds[k].revents & (POLLIN | POLLHUP | POLLERR))
				take(&p, &p.w[index[k]]);
		t = now();
		for (int i = 0; opt->timeout > 0 && i < p.n; i++) {
			struct worker *w = &p.w[i];
			if (w->pid > 0 && w->held > 0 &&
					t - w->started > opt->timeout) {
				char *why = tvk_xasprintf("stopped after %g s, the "
					"limit for one input (--timeout)", opt->timeout);
				lost(&p, w, true, TVK_ERR_LIMIT, why);
				free(why);
			}
		}
	}
	if (rc != 0) {
		stop_all(&p);
	} else {
		/* Idle workers end when their socket closes. */
		for (int i = 0; i < p.n; i++)
			if (p.w[i].pid > 0)
				reap(&p.w[i], false);
	}
	for (int i = 0; i < p.n; i++) {
		if (p.w[i].noise >= 0)
			close(p.w[i].noise);
		free(p.w[i].in.s);
	}
	free(index);
	free(fds);
	free(p.back);
	free(p.w);
	return rc;
}
