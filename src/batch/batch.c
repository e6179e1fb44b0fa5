/*
 * Batch conversion: the inputs found, handed to workers (largest first),
 * each outcome recorded in the cache the moment it comes back, then the
 * merge over every input the folder holds, the files written, and the
 * index.  The merge runs in input order, so the files written do not
 * depend on which worker finished first.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tvk/batch.h>
#include <tvk/emit.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/files.h"
#include "base/path.h"
#include "base/sha256.h"
#include "batch/batch-internal.h"
#include "batch/merge.h"
#include "batch/pool.h"
#include "batch/staging.h"
#include "batch/worker.h"
#include "document/document.h"
#include "document/emit.h"
#include "document/wire.h"
#include "read/ocr.h"

struct job {
	const char *path;
	/* The cache's entry for the path when its options match: the input
	 * is not converted again if its bytes are the same. */
	struct tvk_cache_entry *entry;
	struct tvk_outcome outcome;
	bool claimed; /* the cache has an entry for the path */
	bool done;
	off_t size; /* of the file, when the batch began */
};

struct run {
	const struct tvk_batch_options *opt;
	struct tvk_batch_report *rep;
	struct tvk_cache *cache; /* NULL without an output folder */
	struct job *jobs;
	size_t n_jobs;
	size_t done, tables, invalid, pages;
	uint64_t bytes_done, bytes_total;
	const char *current;
	int lock_fd; /* DIR/.tvk-lock, held; -1 without an output folder */
	struct tvk_staging staging; /* documents written ahead */
};

static void event(struct run *r, enum tvk_batch_event_kind kind,
		const char *file, int page, const char *message)
{
	if (!r->opt->event)
		return;
	struct tvk_batch_event ev = {.kind = kind, .file = file, .page = page,
		.message = message, .done = r->done, .total = r->n_jobs,
		.tables = r->tables, .invalid = r->invalid,
		.current = r->current, .pages = r->pages,
		.bytes_done = r->bytes_done, .bytes_total = r->bytes_total};
	r->opt->event(r->opt->event_data, &ev);
}

static void raise_exit(struct tvk_batch_report *rep, enum tvk_exit e)
{
	if (e > rep->exit_status)
		rep->exit_status = e;
}

/* ---- workers ---------------------------------------------------------- */

/* @job is done: counted, and its error told at once. */
static void finish(struct run *r, struct job *job)
{
	job->done = true;
	r->done++;
	const struct tvk_outcome *o = &job->outcome;
	r->bytes_done += (uint64_t)job->size;
	r->pages += o->input.pages > 0 ? (size_t)o->input.pages : 0;
	r->tables += o->n_docs;
	for (size_t k = 0; k < o->n_docs; k++)
		r->invalid += o->docs[k]->status == TVK_STATUS_INVALID;
	if (o->input.error != TVK_OK)
		event(r, TVK_BATCH_ERROR, job->path, o->input.error_page,
			o->input.message);
	event(r, TVK_BATCH_FINISHED, job->path, 0, NULL);
}

static void on_started(void *data, size_t i)
{
	struct run *r = data;
	r->current = r->jobs[i].path;
	event(r, TVK_BATCH_STARTED, r->jobs[i].path, 0, NULL);
}

/* What the worker sent for a job, taken in: decoded, and recorded in the
 * cache at once, so that a batch stopped by anything keeps it. */
static void on_finished(void *data, size_t i, const struct tvk_buf *bytes)
{
	struct run *r = data;
	struct job *job = &r->jobs[i];
	struct tvk_wire_record rec;
	(void)tvk_wire_record_read((const unsigned char *)bytes->s, bytes->len,
		&rec);
	struct tvk_options opt;
	if (rec.type == TVK_RECORD_UNCHANGED && job->entry) {
		job->outcome = job->entry->outcome;
		memset(&job->entry->outcome, 0, sizeof(job->entry->outcome));
		job->outcome.input.cached = true;
	} else if (rec.type == TVK_RECORD_OUTCOME &&
			tvk_outcome_decode(rec.payload, rec.length, &opt,
				&job->outcome) == 1) {
		/* An input whose bytes could be read fails or succeeds the
		 * same way next time: both are remembered. */
		if (r->cache && job->outcome.input.sha256[0])
			tvk_cache_append(r->cache, bytes->s, bytes->len,
				job->claimed);
	} else {
		job->outcome = (struct tvk_outcome){0};
		job->outcome.input.path = tvk_xstrdup(job->path);
		job->outcome.input.error = TVK_ERR_IO;
		job->outcome.input.message = tvk_xstrdup("internal error: the "
			"worker's answer is damaged");
	}
	tvk_staging_add(&r->staging, &job->outcome);
	finish(r, job);
}

/* The worker died or was stopped: the input fails, and is not cached
 * (the next run tries it again). */
static void on_failed(void *data, size_t i, enum tvk_error_code code,
		const char *message)
{
	struct run *r = data;
	struct job *job = &r->jobs[i];
	job->outcome = (struct tvk_outcome){0};
	job->outcome.input.path = tvk_xstrdup(job->path);
	job->outcome.input.error = code;
	job->outcome.input.message = tvk_xstrdup(message);
	finish(r, job);
}

static void on_diagnostic(void *data, const char *text)
{
	event(data, TVK_BATCH_DIAGNOSTIC, NULL, 0, text);
}

struct sized_job {
	off_t size;
	size_t index;
};

static int by_size_desc(const void *a, const void *b)
{
	const struct sized_job *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * The largest files first: a national compendium is a hundred regional
 * sheets' work, and started last it would leave the other workers idle
 * at the end.  Results stay in input order whatever the order of work.
 */
static size_t *largest_first(struct run *r)
{
	struct job *jobs = r->jobs;
	size_t n = r->n_jobs;
	struct sized_job *s = tvk_xcalloc(n, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		jobs[i].size = stat(jobs[i].path, &st) == 0 ? st.st_size : 0;
		r->bytes_total += (uint64_t)jobs[i].size;
		s[i].size = jobs[i].size;
		s[i].index = i;
	}
	qsort(s, n, sizeof(*s), by_size_desc);
	size_t *order = tvk_xcalloc(n, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = s[i].index;
	free(s);
	return order;
}

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* -j N, or one per core; never more than there are inputs. */
static int worker_count(int jobs, size_t inputs)
{
	if (jobs <= 0)
		jobs = cpu_count();
	if ((size_t)jobs > inputs)
		jobs = (int)inputs;
	return jobs > 0 ? jobs : 1;
}

/* Bytes of address space a worker may take: the option, or the machine's
 * memory shared by the workers, within bounds that leave poppler and
 * tesseract room to work and keep one input from taking the machine. */
static size_t memory_limit(long mb, int workers)
{
	if (mb < 0)
		return 0;
	if (mb > 0)
		return (size_t)mb << 20;
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	size_t ram = pages > 0 && page > 0 ? (size_t)pages * (size_t)page :
		(size_t)4 << 30;
	size_t share = ram / (size_t)(workers > 0 ? workers : 1);
	size_t most = (size_t)TVK_BATCH_MAX_MEMORY_MB << 20,
		least = (size_t)768 << 20;
	return share > most ? most : share < least ? least : share;
}

/* Converts every job; 1 when stopped, -1 with @err when no worker could
 * run. */
static int run_workers(struct run *r, struct tvk_error *err)
{
	const struct tvk_batch_options *opt = r->opt;
	struct tvk_pool_job *jobs = tvk_xcalloc(r->n_jobs, sizeof(*jobs));
	for (size_t i = 0; i < r->n_jobs; i++)
		jobs[i] = (struct tvk_pool_job){r->jobs[i].path,
			r->jobs[i].entry ? r->jobs[i].entry->outcome.input.sha256 :
			NULL};
	size_t *order = largest_first(r);
	int workers = worker_count(opt->jobs, r->n_jobs);
	int close_fds[2] = {r->cache ? r->cache->fd : -1, r->lock_fd};
	struct tvk_pool_options popt = {.workers = workers,
		.convert = &opt->convert,
		.timeout = opt->timeout < 0 ? 0 : opt->timeout > 0 ?
			opt->timeout : TVK_BATCH_TIMEOUT,
		.max_memory = memory_limit(opt->max_memory_mb, workers),
		.stop = opt->stop, .close_fds = close_fds, .n_close_fds = 2};
	struct tvk_pool_hooks hooks = {on_started, on_finished, on_failed,
		on_diagnostic, r};
	int rc = tvk_pool_run(&popt, jobs, order, r->n_jobs, &hooks, err);
	free(order);
	free(jobs);
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

/* What the run leaves in the folder, for the record of the next. */
struct leaving {
	struct tvk_output *files;
	size_t n, cap;
};

/*
 * Writes @text to @rel under the output folder, unless the file there
 * already says exactly this (a re-run over an unchanged archive touches
 * nothing).  A file there that the last run did not leave as it is —
 * made by hand, by another program, or changed since — is said to be
 * replaced before it is.  Returns 0, or -1 with @err.
 */
static int put(struct run *r, const char *rel, const char *text,
		struct leaving *out, bool *changed, struct tvk_error *err)
{
	const char *dir = r->opt->out_dir;
	size_t len = strlen(text), old_len;
	char sha256[65];
	tvk_sha256_hex(text, len, sha256);
	char *old = tvk_files_read_under(dir, rel, &old_len);
	int rc = 0;
	*changed = !old || old_len != len || memcmp(old, text, len) != 0;
	if (*changed) {
		if (old) {
			char sha[65];
			tvk_sha256_hex(old, old_len, sha);
			const struct tvk_output *was = tvk_cache_output(r->cache,
				rel);
			/* Without a record of the last run (an older tvk's
			 * folder, or a disk that was full), only what is no
			 * tvk file at all is told. */
			bool foreign = was ? strcmp(was->sha256, sha) != 0 :
				r->cache->has_outputs ||
				!strstr(old, "\"name\": \"tvk\"");
			if (foreign) {
				char *path = tvk_xasprintf("%s/%s", dir, rel);
				event(r, TVK_BATCH_WARNING, path, 0, "replaced: "
					"tvk did not write this file (or it was "
					"changed since)");
				free(path);
			}
		}
		if (old || tvk_staging_place(&r->staging, rel, sha256) != 0)
			rc = tvk_files_write_under(dir, rel, text, len, err);
	}
	free(old);
	if (rc == 0) {
		tvk_grow((void **)&out->files, &out->cap, out->n + 1,
			sizeof(*out->files));
		struct tvk_output *o = &out->files[out->n++];
		o->path = tvk_xstrdup(rel);
		memcpy(o->sha256, sha256, sizeof(o->sha256));
	}
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct tvk_output *)a)->path,
		((const struct tvk_output *)b)->path);
}

static bool leaves(const struct leaving *out, const char *rel)
{
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->files[i].path, rel) == 0)
			return true;
	return false;
}

/*
 * Every document that stays, written; then the index; then the files the
 * last run left that no input gives any more (a conflicting version that
 * is gone) removed, if they are still as it left them; and what is there
 * now recorded.
 */
static void write_all(struct run *r)
{
	struct tvk_batch_report *rep = r->rep;
	const char *dir = r->opt->out_dir;
	struct leaving out = {0};
	char *folder = tvk_path_from_cwd(dir);
	for (size_t i = 0; i < rep->n_tables; i++) {
		struct tvk_table_report *t = &rep->tables[i];
		if (!t->path)
			continue;
		struct tvk_error err;
		tvk_error_clear(&err);
		char *json = tvk_emit_document_in(t->doc, 0, folder);
		bool changed;
		int rc = put(r, tvk_files_below(t->path, dir), json, &out,
			&changed, &err);
		free(json);
		if (rc != 0) {
			event(r, TVK_BATCH_ERROR, err.file, 0, err.message);
			free(t->path);
			t->path = NULL;
			if (!t->earlier) {
				raise_exit(rep, TVK_EXIT_INPUT);
				rep->n_unwritten++;
			}
			continue;
		}
		if (!t->earlier) {
			rep->n_written++;
			rep->n_changed += changed;
		}
	}
	char *index = tvk_index_text(dir, rep);
	struct tvk_error err;
	tvk_error_clear(&err);
	bool index_changed;
	if (put(r, "index.json", index, &out, &index_changed, &err) != 0) {
		event(r, TVK_BATCH_ERROR, err.file, 0, err.message);
		raise_exit(rep, TVK_EXIT_INPUT);
	}
	free(index);
	for (size_t i = 0; i < r->cache->n_outputs; i++) {
		const struct tvk_output *was = &r->cache->outputs[i];
		if (leaves(&out, was->path))
			continue;
		size_t len;
		char *old = tvk_files_read_under(dir, was->path, &len);
		char sha[65];
		if (old) {
			tvk_sha256_hex(old, len, sha);
			if (strcmp(sha, was->sha256) == 0)
				tvk_files_unlink_under(dir, was->path);
		}
		free(old);
	}
	/* Recorded only when it changed: a re-run that changes nothing
	 * writes nothing, the cache included. */
	if (out.n)
		qsort(out.files, out.n, sizeof(*out.files), by_path);
	bool same = out.n == r->cache->n_outputs;
	for (size_t i = 0; same && i < out.n; i++)
		same = strcmp(out.files[i].path, r->cache->outputs[i].path) == 0 &&
			strcmp(out.files[i].sha256, r->cache->outputs[i].sha256) == 0;
	if (!same)
		tvk_cache_record_outputs(r->cache, out.files, out.n);
	for (size_t i = 0; i < out.n; i++)
		free(out.files[i].path);
	free(out.files);
	free(folder);
}

/* ---- the report ------------------------------------------------------- */

static void on_conflict(void *data, const struct tvk_table_report *t,
		const char *message)
{
	struct run *r = data;
	/* the input as it was given, as every error line names it (the
	 * document's source is absolute) */
	const struct tvk_batch_report *rep = r->rep;
	event(r, TVK_BATCH_ERROR, t->input < rep->n_inputs ?
		rep->inputs[t->input].path : t->doc->source.file, 0, message);
	raise_exit(r->rep, TVK_EXIT_INVALID);
}

/* The outcomes of this run's inputs, then those of earlier runs, handed
 * over to the report. */
static void fill_report(struct run *r)
{
	struct tvk_batch_report *rep = r->rep;
	struct tvk_cache *c = r->cache;
	size_t n_earlier = 0;
	for (size_t i = 0; c && i < c->n; i++)
		n_earlier += !c->entries[i].claimed;
	rep->n_inputs = r->n_jobs;
	rep->n_earlier = n_earlier;
	rep->inputs = tvk_xcalloc(r->n_jobs + n_earlier, sizeof(*rep->inputs));
	struct tvk_outcome **from = tvk_xcalloc(r->n_jobs + n_earlier,
		sizeof(*from));
	for (size_t i = 0; i < r->n_jobs; i++)
		from[i] = &r->jobs[i].outcome;
	for (size_t i = 0, k = r->n_jobs; c && i < c->n; i++)
		if (!c->entries[i].claimed) {
			c->entries[i].outcome.input.cached = true;
			from[k++] = &c->entries[i].outcome;
		}
	size_t total = 0;
	for (size_t i = 0; i < r->n_jobs + n_earlier; i++)
		total += from[i]->n_docs;
	rep->tables = tvk_xcalloc(total, sizeof(*rep->tables));
	for (size_t i = 0; i < r->n_jobs + n_earlier; i++) {
		struct tvk_outcome *o = from[i];
		rep->inputs[i] = o->input;
		rep->inputs[i].n_tables = o->n_docs;
		for (size_t k = 0; k < o->n_docs; k++)
			rep->tables[rep->n_tables++] = (struct tvk_table_report){
				.input = i, .doc = o->docs[k],
				.earlier = i >= r->n_jobs};
		free(o->docs);
		memset(o, 0, sizeof(*o));
	}
	free(from);

	for (size_t i = 0; i < rep->n_inputs; i++) {
		const struct tvk_input_report *in = &rep->inputs[i];
		if (in->cached)
			rep->n_cached++;
		else if (in->sha256[0])
			rep->n_parsed++;
		if (in->error != TVK_OK) {
			rep->n_failed++;
			raise_exit(rep, TVK_EXIT_INPUT);
		}
	}
}

/* The figures of each table, from its document as it will be written. */
static void count_tables(struct tvk_batch_report *rep)
{
	for (size_t i = 0; i < rep->n_tables; i++) {
		struct tvk_table_report *t = &rep->tables[i];
		const struct tvk_document *d = t->doc;
		t->kind = d->kind;
		t->year = d->year;
		t->quarter = d->quarter;
		t->region = d->region;
		t->first_page = d->first_page;
		t->last_page = d->last_page;
		t->status = d->status;
		t->n_repairs = d->n_repairs;
		t->n_count_repairs = tvk_document_count_repairs(d);
		t->n_problems = tvk_document_errors(d);
		t->n_warnings = d->n_problems - t->n_problems;
		t->summary = tvk_document_summary(d);
		if (t->merged) {
			rep->n_merged += t->input < rep->n_inputs;
			continue;
		}
		if (t->earlier)
			continue;
		rep->n_conflicts += t->conflict;
		switch (t->status) {
		case TVK_STATUS_VALID: rep->n_valid++; break;
		case TVK_STATUS_REPAIRED: rep->n_repaired++; break;
		case TVK_STATUS_INVALID:
			rep->n_invalid++;
			raise_exit(rep, TVK_EXIT_INVALID);
			break;
		}
	}
}

/* ---- the batch -------------------------------------------------------- */

/*
 * The output folder is made, and proved writable, before any work: a
 * batch of hundreds of PDFs should not fail at the end for want of a
 * folder.
 */
static int check_output_dir(const char *dir, struct tvk_error *err)
{
	char *probe = tvk_xasprintf("%s/.tvk-probe", dir);
	struct tvk_error werr;
	tvk_error_clear(&werr);
	int rc = tvk_files_write(probe, "", 0, &werr);
	if (rc == 0)
		unlink(probe);
	else
		tvk_error_set(err, TVK_ERR_IO, dir, 0,
			"cannot write to the output folder (%s)", werr.message);
	free(probe);
	return rc;
}

/*
 * Stopped: the report holds this run's inputs, those not finished failed
 * as such; the folder is left as it was but for the cache, which has
 * every input finished.
 */
static void interrupted(struct run *r)
{
	struct tvk_batch_report *rep = r->rep;
	rep->interrupted = true;
	rep->n_finished = r->done;
	rep->n_inputs = r->n_jobs;
	rep->inputs = tvk_xcalloc(r->n_jobs, sizeof(*rep->inputs));
	for (size_t i = 0; i < r->n_jobs; i++) {
		struct tvk_outcome *o = &r->jobs[i].outcome;
		if (!r->jobs[i].done) {
			*o = (struct tvk_outcome){0};
			o->input.path = tvk_xstrdup(r->jobs[i].path);
			o->input.error = TVK_ERR_USAGE;
			o->input.message = tvk_xstrdup("not converted: the batch "
				"was interrupted");
		} else if (o->input.error != TVK_OK) {
			rep->n_failed++;
		}
		rep->inputs[i] = o->input;
		for (size_t k = 0; k < o->n_docs; k++)
			tvk_document_destroy(o->docs[k]);
		free(o->docs);
		memset(o, 0, sizeof(*o));
	}
	raise_exit(rep, TVK_EXIT_INPUT);
}

/* One line for what the cache could not be trusted with. */
static void warn_cache(struct run *r)
{
	if (r->cache->refused) {
		char *what = tvk_xasprintf("%s, not a file: converting without "
			"the cache of earlier runs (remove it to have one)",
			r->cache->refused);
		event(r, TVK_BATCH_WARNING, r->cache->path, 0, what);
		free(what);
		return;
	}
	size_t bad = r->cache->damaged, other = r->cache->foreign;
	if (!bad && !other)
		return;
	struct tvk_buf what = {0};
	if (bad)
		tvk_buf_printf(&what, "%zu damaged %s", bad,
			bad == 1 ? "entry" : "entries");
	if (bad && other)
		tvk_buf_str(&what, " and ");
	if (other)
		tvk_buf_printf(&what, "%zu %s of another version of tvk", other,
			other == 1 ? "entry" : "entries");
	tvk_buf_str(&what, " ignored; their inputs are converted again");
	event(r, TVK_BATCH_WARNING, r->cache->path, 0, what.s);
	free(what.s);
}

/*
 * One run at a time per output folder: two runs writing one folder would
 * lose each other's cache entries and leave an index of one of them.  The
 * lock is flock(2) on DIR/.tvk-lock, held for the whole run (the kernel
 * lets go of it however the run ends), with the holder's pid in the file
 * to name it.  Returns 0, 1 when stopped while waiting, -1 with @err.
 */
static int lock_folder(struct run *r, struct tvk_error *err)
{
	const char *dir = r->opt->out_dir;
	char *path = tvk_xasprintf("%s/%s", dir, TVK_LOCK_FILE);
	/* Without the lock two runs could spoil the folder: something else
	 * in its place stops the run (O_NONBLOCK: a FIFO must not hang it
	 * meanwhile). */
	const char *odd = tvk_files_odd_kind(path);
	int fd = odd ? -1 : open(path, O_RDWR | O_CREAT | O_CLOEXEC |
		O_NOFOLLOW | O_NONBLOCK, 0666);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
		odd = "not a regular file";
	}
	if (odd) {
		tvk_error_set(err, TVK_ERR_IO, path, 0, "%s, not the lock file "
			"of tvk: the folder cannot be locked (remove it)", odd);
		free(path);
		return -1;
	}
	free(path);
	if (fd < 0)
		return tvk_error_set(err, TVK_ERR_IO, dir, 0, "cannot lock the "
			"output folder: %s", strerror(errno));
	int rc = flock(fd, LOCK_EX | LOCK_NB);
	if (rc != 0 && errno == EWOULDBLOCK) {
		char pid[32] = "";
		ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		char *who = *pid ? tvk_xasprintf("another tvk (process %s)", pid) :
			tvk_xstrdup("another tvk");
		if (r->opt->no_wait) {
			tvk_error_set(err, TVK_ERR_IO, dir, 0, "%s is writing to "
				"this folder (--no-wait)", who);
			free(who);
			close(fd);
			return -1;
		}
		char *what = tvk_xasprintf("%s is writing to this folder; waiting "
			"for it to finish", who);
		event(r, TVK_BATCH_WARNING, dir, 0, what);
		free(what);
		free(who);
		while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
			if (r->opt->stop && *r->opt->stop) {
				close(fd);
				return 1;
			}
	}
	if (rc != 0) {
		tvk_error_set(err, TVK_ERR_IO, dir, 0, "cannot lock the output "
			"folder: %s", strerror(errno));
		close(fd);
		return -1;
	}
	char pid[32];
	int len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		/* The pid only names the holder to a waiting run. */
	}
	r->lock_fd = fd;
	return 0;
}

int tvk_batch_run(const char *const *paths, size_t n,
		const struct tvk_batch_options *opt,
		struct tvk_batch_report *rep, struct tvk_error *err)
{
	memset(rep, 0, sizeof(*rep));
	struct tvk_inputs inputs;
	tvk_inputs_find(paths, n, &inputs);
	if (inputs.n == 0) {
		tvk_inputs_finish(&inputs);
		if (n == 1)
			return tvk_error_set(err, TVK_ERR_USAGE, paths[0], 0,
				"no PDF in this folder (nor in its subfolders)");
		return tvk_error_set(err, TVK_ERR_USAGE, NULL, 0, "no PDF in "
			"the %zu folders given (nor in their subfolders)", n);
	}
	/* When not one input is there, there is nothing to record: the
	 * output folder is neither made nor touched. */
	struct tvk_batch_options local = *opt;
	bool any = false;
	for (size_t i = 0; i < inputs.n && !any; i++)
		any = access(inputs.paths[i], F_OK) == 0;
	if (!any)
		local.out_dir = NULL;
	opt = &local;
	if (opt->out_dir && check_output_dir(opt->out_dir, err) != 0) {
		tvk_inputs_finish(&inputs);
		return -1;
	}

	struct run r = {.opt = opt, .rep = rep, .n_jobs = inputs.n,
		.lock_fd = -1};
	r.jobs = tvk_xcalloc(inputs.n, sizeof(*r.jobs));
	for (size_t i = 0; i < inputs.n; i++)
		r.jobs[i].path = inputs.paths[i];
	int rc = opt->out_dir ? lock_folder(&r, err) : 0;
	if (rc == 0 && opt->out_dir) {
		tvk_files_clean(opt->out_dir);
		tvk_staging_begin(&r.staging, opt->out_dir);
		if (r.staging.refused) {
			char *where = tvk_xasprintf("%s/%s", opt->out_dir,
				TVK_STAGING_DIR);
			char *what = tvk_xasprintf("%s, not a folder: no "
				"document is written before the end of the run "
				"(remove it)", r.staging.refused);
			event(&r, TVK_BATCH_WARNING, where, 0, what);
			free(what);
			free(where);
		}
		r.cache = tvk_cache_open(opt->out_dir);
		for (size_t i = 0; i < inputs.n; i++) {
			struct job *job = &r.jobs[i];
			struct tvk_cache_entry *e = tvk_cache_claim(r.cache,
				job->path);
			job->claimed = e != NULL;
			if (e && !opt->force && e->opt.ocr == opt->convert.ocr &&
					e->opt.no_second_look ==
						opt->convert.no_second_look &&
					e->outcome.input.sha256[0])
				job->entry = e;
		}
		warn_cache(&r);
	}
	if (rc == 0)
		rc = run_workers(&r, err);
	if (rc == 1) {
		interrupted(&r);
		rc = 0;
	} else if (rc < 0) {
		for (size_t i = 0; i < inputs.n; i++)
			tvk_outcome_finish(&r.jobs[i].outcome);
	} else {
		fill_report(&r);
		struct tvk_merge_sink sink = {on_conflict, &r};
		tvk_merge_tables(rep->tables, rep->n_tables, opt->out_dir, &sink);
		count_tables(rep);
		if (opt->out_dir)
			write_all(&r);
	}
	tvk_staging_finish(&r.staging);
	tvk_cache_close(r.cache);
	if (r.lock_fd >= 0)
		close(r.lock_fd);
	free(r.jobs);
	tvk_inputs_finish(&inputs);
	return rc;
}

void tvk_batch_report_finish(struct tvk_batch_report *rep)
{
	for (size_t i = 0; i < rep->n_inputs + rep->n_earlier; i++) {
		struct tvk_input_report *in = &rep->inputs[i];
		free(in->path);
		free(in->message);
		for (size_t k = 0; k < in->n_problems; k++)
			free(in->problems[k]);
		free(in->problems);
	}
	for (size_t i = 0; i < rep->n_tables; i++) {
		tvk_document_destroy(rep->tables[i].doc);
		free(rep->tables[i].path);
	}
	free(rep->inputs);
	free(rep->tables);
	memset(rep, 0, sizeof(*rep));
}
