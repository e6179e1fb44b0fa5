/*
 * Batch conversion: the inputs found, handed to workers (largest first),
 * each outcome recorded in the cache the moment it comes back, then the
 * merge over every input the folder holds, the files written, and the
 * index.  The merge runs in input order, so the files written do not
 * depend on which worker finished first.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tvk/batch.h>
#include <tvk/emit.h>
#include <tvk/ocr.h>

#include "batch-internal.h"
#include "files.h"
#include "merge.h"
#include "wire.h"
#include "worker.h"

struct job {
	const char *path;
	/* The cache's entry for the path when its options match: the input
	 * is not converted again if its bytes are the same. */
	struct tvk_cache_entry *entry;
	struct tvk_outcome outcome;
};

struct run {
	const struct tvk_batch_options *opt;
	struct tvk_batch_report *rep;
	struct tvk_cache *cache; /* NULL without an output folder */
	struct job *jobs;
	size_t n_jobs;
	size_t *order; /* the jobs, largest file first */
	atomic_size_t next;
	pthread_mutex_t lock;
	size_t done, tables, invalid;
	const char *current;
};

static void event(struct run *r, enum tvk_batch_event_kind kind,
		const char *file, int page, const char *message)
{
	if (!r->opt->event)
		return;
	struct tvk_batch_event ev = {.kind = kind, .file = file, .page = page,
		.message = message, .done = r->done, .total = r->n_jobs,
		.tables = r->tables, .invalid = r->invalid,
		.current = r->current};
	r->opt->event(r->opt->event_data, &ev);
}

static void raise_exit(struct tvk_batch_report *rep, enum tvk_exit e)
{
	if (e > rep->exit_status)
		rep->exit_status = e;
}

/* ---- workers ---------------------------------------------------------- */

/* What the worker sent for @job, taken in: decoded, and recorded in the
 * cache at once. */
static void take_outcome(struct run *r, struct job *job,
		const struct tvk_buf *bytes)
{
	struct tvk_wire_record rec;
	enum tvk_wire_status st = tvk_wire_record_read(
		(const unsigned char *)bytes->s, bytes->len, &rec);
	struct tvk_options opt;
	bool recorded = false;
	if (st == TVK_WIRE_OK && rec.type == TVK_RECORD_UNCHANGED &&
			job->entry) {
		job->outcome = job->entry->outcome;
		memset(&job->entry->outcome, 0, sizeof(job->entry->outcome));
		job->outcome.input.cached = true;
	} else if (st == TVK_WIRE_OK && rec.type == TVK_RECORD_OUTCOME &&
			tvk_outcome_decode(rec.payload, rec.length, &opt,
				&job->outcome) == 1) {
		recorded = true;
	} else {
		job->outcome = (struct tvk_outcome){0};
		job->outcome.input.path = tvk_xstrdup(job->path);
		job->outcome.input.error = TVK_ERR_IO;
		job->outcome.input.message = tvk_xstrdup("internal error: the "
			"worker's outcome is damaged");
	}
	pthread_mutex_lock(&r->lock);
	/* An input whose bytes could be read fails or succeeds the same
	 * way next time: both are remembered. */
	if (recorded && r->cache && job->outcome.input.sha256[0])
		tvk_cache_append(r->cache, bytes->s, bytes->len);
	r->done++;
	const struct tvk_outcome *o = &job->outcome;
	r->tables += o->n_docs;
	for (size_t k = 0; k < o->n_docs; k++)
		r->invalid += o->docs[k]->status == TVK_STATUS_INVALID;
	if (o->input.error != TVK_OK)
		event(r, TVK_BATCH_ERROR, job->path, o->input.error_page,
			o->input.message);
	event(r, TVK_BATCH_FINISHED, job->path, 0, NULL);
	pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
	struct run *r = arg;
	struct tvk_lexer *lexer = tvk_lexer_create();
	struct tvk_buf bytes = {0};
	for (;;) {
		size_t next = atomic_fetch_add(&r->next, 1);
		if (next >= r->n_jobs)
			break;
		struct job *job = &r->jobs[r->order[next]];
		pthread_mutex_lock(&r->lock);
		r->current = job->path;
		event(r, TVK_BATCH_STARTED, job->path, 0, NULL);
		pthread_mutex_unlock(&r->lock);
		bytes.len = 0;
		tvk_worker_convert(job->path, job->entry ?
			job->entry->outcome.input.sha256 : NULL,
			&r->opt->convert, lexer, &bytes);
		take_outcome(r, job, &bytes);
	}
	free(bytes.s);
	tvk_lexer_destroy(lexer);
	/* The OCR engine, if this worker made one, goes with it. */
	tvk_ocr_release_thread();
	return NULL;
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
static size_t *largest_first(const struct job *jobs, size_t n)
{
	struct sized_job *s = tvk_xcalloc(n, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		s[i].size = stat(jobs[i].path, &st) == 0 ? st.st_size : 0;
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

static void run_workers(struct run *r, int jobs)
{
	jobs = worker_count(jobs, r->n_jobs);
	/* One worker is the calling thread: a process with no other thread
	 * allocates without taking locks, and poppler allocates a lot. */
	if (jobs == 1) {
		worker(r);
		return;
	}
	pthread_t *threads = tvk_xcalloc((size_t)jobs, sizeof(*threads));
	int started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&threads[started], NULL, worker, r) != 0)
			break;
	/* If no thread could start, the caller's thread does the work. */
	if (started == 0)
		worker(r);
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
}

/* ---- writing ---------------------------------------------------------- */

static bool same_content(const char *path, const char *text)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t len = strlen(text), pos = 0;
	char buf[4096];
	size_t n;
	bool same = true;
	while (same && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		same = pos + n <= len && memcmp(buf, text + pos, n) == 0;
		pos += n;
	}
	same = same && !ferror(f) && pos == len;
	fclose(f);
	return same;
}

/* A document to write, once every group is settled. */
struct write_task {
	struct tvk_table_report *table;
	struct tvk_error err;
	bool failed;
};

struct write_queue {
	struct write_task *tasks;
	size_t n;
	atomic_size_t next;
};

static void write_task(struct write_task *w)
{
	tvk_error_clear(&w->err);
	char *json = tvk_emit_document(w->table->doc, 0);
	/* A file that already says exactly this is left as it is: a re-run
	 * over an unchanged archive touches nothing. */
	w->failed = !same_content(w->table->path, json) &&
		tvk_files_write(w->table->path, json, strlen(json),
			&w->err) != 0;
	free(json);
}

static void *writer(void *arg)
{
	struct write_queue *q = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&q->next, 1);
		if (i >= q->n)
			return NULL;
		write_task(&q->tasks[i]);
	}
}

/*
 * Writing hundreds of small files is mostly the file system's time; with
 * several workers the files are written by as many threads.  What is
 * reported of the writes comes afterwards, in input order.
 */
static void write_all(struct run *r, int jobs)
{
	struct tvk_batch_report *rep = r->rep;
	struct write_queue q = {.tasks = tvk_xcalloc(rep->n_tables,
		sizeof(*q.tasks))};
	for (size_t i = 0; i < rep->n_tables; i++)
		if (rep->tables[i].path)
			q.tasks[q.n++].table = &rep->tables[i];
	atomic_init(&q.next, 0);
	if (jobs > 1 && q.n > 1) {
		pthread_t *threads = tvk_xcalloc((size_t)jobs, sizeof(*threads));
		int started = 0;
		for (; started < jobs; started++)
			if (pthread_create(&threads[started], NULL, writer, &q) != 0)
				break;
		if (started == 0)
			writer(&q);
		for (int i = 0; i < started; i++)
			pthread_join(threads[i], NULL);
		free(threads);
	} else {
		writer(&q);
	}
	for (size_t i = 0; i < q.n; i++) {
		struct write_task *w = &q.tasks[i];
		struct tvk_table_report *t = w->table;
		if (w->failed) {
			event(r, TVK_BATCH_ERROR, w->err.file, 0, w->err.message);
			free(t->path);
			t->path = NULL;
			if (!t->earlier) {
				raise_exit(rep, TVK_EXIT_INPUT);
				rep->n_unwritten++;
			}
			continue;
		}
		if (!t->earlier)
			rep->n_written++;
	}
	free(q.tasks);
}

/* ---- the report ------------------------------------------------------- */

static void on_conflict(void *data, const struct tvk_table_report *t,
		const char *message)
{
	struct run *r = data;
	event(r, TVK_BATCH_ERROR, t->doc->source.file, 0, message);
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

/* One line for what the cache could not be trusted with. */
static void warn_cache(struct run *r)
{
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

	struct run r = {.opt = opt, .rep = rep, .n_jobs = inputs.n};
	r.jobs = tvk_xcalloc(inputs.n, sizeof(*r.jobs));
	if (opt->out_dir)
		r.cache = tvk_cache_open(opt->out_dir);
	for (size_t i = 0; i < inputs.n; i++) {
		struct job *job = &r.jobs[i];
		job->path = inputs.paths[i];
		struct tvk_cache_entry *e = r.cache ?
			tvk_cache_claim(r.cache, job->path) : NULL;
		if (e && !opt->force && e->opt.ocr == opt->convert.ocr &&
				e->opt.no_second_look == opt->convert.no_second_look &&
				e->outcome.input.sha256[0])
			job->entry = e;
	}
	if (r.cache)
		warn_cache(&r);
	r.order = largest_first(r.jobs, inputs.n);
	atomic_init(&r.next, 0);
	pthread_mutex_init(&r.lock, NULL);
	run_workers(&r, opt->jobs);
	pthread_mutex_destroy(&r.lock);
	free(r.order);

	fill_report(&r);
	struct tvk_merge_sink sink = {on_conflict, &r};
	tvk_merge_tables(rep->tables, rep->n_tables, opt->out_dir, &sink);
	count_tables(rep);
	if (opt->out_dir) {
		write_all(&r, worker_count(opt->jobs, inputs.n));
		struct tvk_error ierr;
		tvk_error_clear(&ierr);
		if (tvk_index_write(opt->out_dir, rep, &ierr) != 0) {
			event(&r, TVK_BATCH_ERROR, ierr.file, 0, ierr.message);
			raise_exit(rep, TVK_EXIT_INPUT);
		}
	}
	tvk_cache_close(r.cache);
	free(r.jobs);
	tvk_inputs_finish(&inputs);
	return 0;
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
