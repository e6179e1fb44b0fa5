/*
 * Batch conversion.  Workers take inputs from a shared counter, convert
 * each into a list of finished documents (JSON text) and free the PDF at
 * once, so memory stays flat however large the archive.  The merge step
 * runs on the calling thread, in input order, so the files written do not
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
#include <tvk/pdf.h>
#include <tvk/validate.h>

#include "batch-internal.h"
#include "util.h"

/* ---- finding the inputs ----------------------------------------------- */

struct path_list {
	char **items;
	size_t n, cap;
};

static void add_path(struct path_list *l, char *path)
{
	tvk_grow((void **)&l->items, &l->cap, l->n + 1, sizeof(*l->items));
	l->items[l->n++] = path;
}

static bool has_pdf_name(const char *name)
{
	size_t len = strlen(name);
	return len > 4 && strcasecmp(name + len - 4, ".pdf") == 0;
}

/* A file in a folder is taken when its first kilobyte says PDF: archives
 * hold PDFs saved without extension, and .pdf files that are not PDFs
 * (which are then reported, not skipped). */
static bool looks_like_pdf(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char head[1024];
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return tvk_pdf_sniff(head, n);
}

static void walk(const char *dir, struct path_list *out, int depth)
{
	/* Symbolic link loops end here. */
	if (depth > 64)
		return;
	size_t n;
	char **names = tvk_list_dir(dir, &n);
	if (!names)
		return;
	for (size_t i = 0; i < n; i++) {
		char *p = names[i];
		struct stat st;
		if (stat(p, &st) != 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk(p, out, depth + 1);
			free(p);
		} else if (S_ISREG(st.st_mode) &&
				(has_pdf_name(p) || looks_like_pdf(p))) {
			add_path(out, p);
		} else {
			free(p);
		}
	}
	free(names);
}

static void expand(const char *const *paths, size_t n, struct path_list *out)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			/* "dir/" and "dir" give the same paths. */
			char *dir = tvk_xstrdup(paths[i]);
			size_t len = strlen(dir);
			while (len > 1 && dir[len - 1] == '/')
				dir[--len] = '\0';
			walk(dir, out, 0);
			free(dir);
		} else {
			/* Files are taken as given; a missing one is reported
			 * when it is read. */
			add_path(out, tvk_xstrdup(paths[i]));
		}
	}
}

/* ---- converting one input --------------------------------------------- */

static struct tvk_source source_of(const struct result *r)
{
	return (struct tvk_source){r->file, r->sha256, r->pages, r->n_pages,
		r->layer};
}

static enum tvk_text_layer doc_layer(const struct tvk_doc *doc, int first,
		int last)
{
	enum tvk_text_layer layer = TVK_LAYER_NONE;
	for (int p = first; p <= last && p <= doc->n_pages; p++) {
		if (p < 1)
			continue;
		if (doc->pages[p - 1].layer == TVK_LAYER_OCR)
			return TVK_LAYER_OCR;
		if (doc->pages[p - 1].layer == TVK_LAYER_PDF)
			layer = TVK_LAYER_PDF;
	}
	return layer;
}

static void fill_result(struct result *r, size_t input, struct tvk_doc *doc,
		struct tvk_table *t)
{
	struct tvk_table_report *rep = &r->report;
	rep->input = input;
	rep->kind = t->kind;
	rep->year = t->period.year;
	rep->quarter = t->period.quarter;
	rep->region = t->region;
	rep->first_page = t->first_page;
	rep->last_page = t->last_page;
	rep->status = t->status;
	rep->n_repairs = t->n_repairs;
	for (size_t i = 0; i < t->n_repairs; i++)
		rep->n_count_repairs +=
			tvk_repair_kind_changes_count(t->repairs[i].kind);
	for (size_t i = 0; i < t->n_problems; i++) {
		if (t->problems[i].warning)
			rep->n_warnings++;
		else
			rep->n_problems++;
	}
	const struct tvk_region *region = tvk_gazetteer_region(t->region);
	rep->summary = tvk_xstrdup(t->kind == TVK_TABLE_NATIONAL ?
		"Nederland" : region ? region->name : "(region unknown)");

	r->file = tvk_xstrdup(doc->path);
	r->sha256 = tvk_xstrdup(doc->sha256);
	r->n_pages = (size_t)(t->last_page - t->first_page + 1);
	r->pages = tvk_xmalloc(r->n_pages * sizeof(*r->pages));
	for (size_t i = 0; i < r->n_pages; i++)
		r->pages[i] = t->first_page + (int)i;
	r->layer = doc_layer(doc, t->first_page, t->last_page);
}

/*
 * The national row against the regions of the same document: its JSON
 * with @source, and without it as the values two inputs must share.
 */
static void national_json(struct tvk_doc *doc, struct tvk_table *national,
		const struct tvk_source *source, char **json, char **values)
{
	const struct tvk_table **regions = tvk_xmalloc(
		(doc->n_tables ? doc->n_tables : 1) * sizeof(*regions));
	size_t n = 0;
	for (size_t i = 0; i < doc->n_tables; i++) {
		const struct tvk_table *t = &doc->tables[i];
		if (t->kind == TVK_TABLE_REGION &&
				t->period.year == national->period.year &&
				t->period.quarter == national->period.quarter)
			regions[n++] = t;
	}
	struct tvk_national residual;
	tvk_validate_national(national, regions, n, &residual);
	free(regions);
	if (!residual.complete)
		tvk_table_add_warning(national, doc->arena, "regions", NULL,
			NULL, "regions_sum covers %zu of the %d regions (or a "
			"region total is unknown): the residual is incomplete",
			residual.n_regions, TVK_N_REGIONS);
	*json = tvk_emit_national(national, &residual, source);
	*values = tvk_emit_national(national, &residual, NULL);
}

static void convert_input(struct job *job, size_t index,
		const struct tvk_batch_options *opt, const struct tvk_cache *cache,
		struct tvk_lexer *lexer)
{
	struct tvk_input_report *in = &job->input;
	in->path = tvk_xstrdup(job->path);
	struct tvk_error err;
	tvk_error_clear(&err);
	struct tvk_doc *doc = tvk_doc_open(job->path, &err);
	if (doc) {
		memcpy(in->sha256, doc->sha256, sizeof(in->sha256));
		/* The same bytes, version and options as last time: the
		 * finished documents are reused and the PDF stays shut. */
		if (cache && tvk_cache_load(cache, &opt->convert, index, job)) {
			tvk_doc_destroy(doc);
			return;
		}
		tvk_doc_convert(doc, &opt->convert, lexer, &err);
		in->pages = doc->n_pages;
		in->layer = doc_layer(doc, 1, doc->n_pages);
		in->n_problems = doc->n_problems;
		in->problems = tvk_xcalloc(doc->n_problems ? doc->n_problems : 1,
			sizeof(*in->problems));
		for (size_t i = 0; i < doc->n_problems; i++)
			in->problems[i] = doc->problems[i].page ?
				tvk_xasprintf("page %d: %s", doc->problems[i].page,
					doc->problems[i].message) :
				tvk_xstrdup(doc->problems[i].message);
	}
	if (tvk_error_is_set(&err)) {
		in->error = err.code;
		in->error_page = err.page;
		in->message = tvk_xstrdup(err.message);
		tvk_doc_destroy(doc);
		return;
	}
	job->n_results = doc->n_tables;
	job->results = tvk_xcalloc(doc->n_tables, sizeof(*job->results));
	in->n_tables = doc->n_tables;
	for (size_t i = 0; i < doc->n_tables; i++) {
		struct tvk_table *t = &doc->tables[i];
		struct result *r = &job->results[i];
		fill_result(r, index, doc, t);
		struct tvk_source source = source_of(r);
		if (t->kind == TVK_TABLE_NATIONAL) {
			national_json(doc, t, &source, &r->report.json,
				&r->values);
			/* The residual may have added a warning. */
			r->report.n_warnings = 0;
			for (size_t k = 0; k < t->n_problems; k++)
				r->report.n_warnings += t->problems[k].warning;
		} else {
			r->report.json = tvk_emit_region(t, &source, 1);
			r->values = tvk_emit_values(t);
		}
	}
	tvk_doc_destroy(doc);
}

/* ---- workers ---------------------------------------------------------- */

struct shared {
	struct job *jobs;
	size_t n_jobs;
	size_t *order; /* the jobs, largest file first */
	const struct tvk_cache *cache; /* NULL with --force or no output */
	atomic_size_t next;
	const struct tvk_batch_options *opt;
	pthread_mutex_t lock;
	size_t done, tables, invalid;
};

static void *worker(void *arg)
{
	struct shared *s = arg;
	struct tvk_lexer *lexer = tvk_lexer_create();
	for (;;) {
		size_t next = atomic_fetch_add(&s->next, 1);
		if (next >= s->n_jobs)
			break;
		size_t i = s->order[next];
		convert_input(&s->jobs[i], i, s->opt, s->cache, lexer);
		pthread_mutex_lock(&s->lock);
		s->done++;
		s->tables += s->jobs[i].n_results;
		for (size_t k = 0; k < s->jobs[i].n_results; k++)
			s->invalid += s->jobs[i].results[k].report.status ==
				TVK_STATUS_INVALID;
		if (s->opt->progress)
			s->opt->progress(s->opt->progress_data, s->done,
				s->n_jobs, s->tables, s->invalid);
		pthread_mutex_unlock(&s->lock);
	}
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

static void run_workers(struct shared *s, int jobs)
{
	jobs = worker_count(jobs, s->n_jobs);
	/* One worker is the calling thread: a process with no other thread
	 * allocates without taking locks, and poppler allocates a lot. */
	if (jobs == 1) {
		worker(s);
		return;
	}
	pthread_t *threads = tvk_xcalloc((size_t)jobs, sizeof(*threads));
	int started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&threads[started], NULL, worker, s) != 0)
			break;
	/* If no thread could start, the caller's thread does the work. */
	if (started == 0)
		worker(s);
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
}

/* ---- merging and writing ---------------------------------------------- */

static bool same_key(const struct tvk_table_report *a,
		const struct tvk_table_report *b)
{
	/* A table whose region is unknown is never merged with another. */
	return a->kind == b->kind && a->year == b->year &&
		a->quarter == b->quarter && a->region == b->region &&
		(a->kind == TVK_TABLE_NATIONAL || a->region != 0);
}

static int status_rank(enum tvk_status s)
{
	return s == TVK_STATUS_VALID ? 0 : s == TVK_STATUS_REPAIRED ? 1 : 2;
}

struct group {
	struct result **members; /* input order */
	size_t n, cap;
};

static void raise_exit(struct tvk_batch_report *rep, enum tvk_exit e)
{
	if (e > rep->exit_status)
		rep->exit_status = e;
}

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
	struct result *result;
	char *path;
	struct tvk_error err;
	bool failed;
};

struct write_queue {
	struct write_task *tasks;
	size_t n, cap;
	atomic_size_t next;
};

static void queue_write(struct write_queue *q, struct result *r, char *path)
{
	tvk_grow((void **)&q->tasks, &q->cap, q->n + 1, sizeof(*q->tasks));
	q->tasks[q->n++] = (struct write_task){.result = r, .path = path};
}

static void write_task(struct write_task *w)
{
	tvk_error_clear(&w->err);
	/* A file that already says exactly this is left as it is: a re-run
	 * over an unchanged archive touches nothing. */
	w->failed = !same_content(w->path, w->result->report.json) &&
		tvk_emit_write(w->path, w->result->report.json, &w->err) != 0;
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
static void write_all(struct tvk_batch_report *rep,
		const struct tvk_batch_options *opt, struct write_queue *q,
		int jobs)
{
	atomic_init(&q->next, 0);
	if (jobs > 1 && q->n > 1) {
		pthread_t *threads = tvk_xcalloc((size_t)jobs, sizeof(*threads));
		int started = 0;
		for (; started < jobs; started++)
			if (pthread_create(&threads[started], NULL, writer, q) != 0)
				break;
		if (started == 0)
			writer(q);
		for (int i = 0; i < started; i++)
			pthread_join(threads[i], NULL);
		free(threads);
	} else {
		writer(q);
	}
	for (size_t i = 0; i < q->n; i++) {
		struct write_task *w = &q->tasks[i];
		if (w->failed) {
			tvk_error_print(stderr, w->err.file, 0, w->err.message);
			raise_exit(rep, TVK_EXIT_INPUT);
			rep->n_unwritten++;
			free(w->path);
			continue;
		}
		w->result->report.path = w->path;
		rep->n_written++;
	}
	free(q->tasks);
}

/*
 * One region and quarter from several inputs: the versions with identical
 * values become one document that lists every source (the best status
 * first); a version with different values is kept beside it as ".2",
 * ".3", ..., each marked as a conflict.
 */
static void settle_group(struct tvk_batch_report *rep,
		const struct tvk_batch_options *opt, struct group *g,
		struct write_queue *writes)
{
	/* Classes of identical values, in input order. */
	size_t n = g->n;
	size_t *cls = tvk_xcalloc(n, sizeof(*cls));
	size_t n_classes = 0;
	for (size_t i = 0; i < n; i++) {
		cls[i] = n_classes;
		for (size_t j = 0; j < i; j++)
			if (strcmp(g->members[i]->values,
					g->members[j]->values) == 0) {
				cls[i] = cls[j];
				break;
			}
		if (cls[i] == n_classes)
			n_classes++;
	}

	char **paths = tvk_xcalloc(n_classes, sizeof(*paths));
	struct result **primary = tvk_xcalloc(n_classes, sizeof(*primary));
	for (size_t c = 0; c < n_classes; c++) {
		for (size_t i = 0; i < n; i++) {
			if (cls[i] != c)
				continue;
			if (!primary[c] || status_rank(g->members[i]->report.status) <
					status_rank(primary[c]->report.status))
				primary[c] = g->members[i];
		}
		const struct tvk_table_report *p = &primary[c]->report;
		struct tvk_period period = {.year = p->year, .quarter = p->quarter};
		if (opt->out_dir)
			paths[c] = tvk_emit_path(opt->out_dir, p->kind, &period,
				p->region, p->first_page, (int)c + 1);
	}

	for (size_t c = 0; c < n_classes; c++) {
		struct result *p = primary[c];
		/* Sources with the same values, primary first. */
		struct tvk_source *also = tvk_xcalloc(n, sizeof(*also));
		size_t n_also = 0;
		for (size_t i = 0; i < n; i++)
			if (cls[i] == c && g->members[i] != p) {
				also[n_also++] = source_of(g->members[i]);
				g->members[i]->report.merged = true;
				rep->n_merged++;
			}
		if (n_also) {
			char *merged = tvk_emit_add_also_in(p->report.json, also,
				n_also);
			free(p->report.json);
			p->report.json = merged;
		}
		free(also);
		if (n_classes > 1) {
			/* Name the first other version in the conflict. */
			size_t other = c == 0 ? 1 : 0;
			char *marked = tvk_emit_mark_conflict(p->report.json,
				primary[other]->file,
				paths[other] ? paths[other] : "(not written)");
			free(p->report.json);
			p->report.json = marked;
			p->report.conflict = true;
			p->report.status = TVK_STATUS_INVALID;
			rep->n_conflicts++;
			char *what = tvk_xasprintf("%s %d-Q%d, pages %d-%d, "
				"differs from %s, pages %d-%d", p->report.summary,
				p->report.year, p->report.quarter,
				p->report.first_page, p->report.last_page,
				primary[other]->file, primary[other]->report.first_page,
				primary[other]->report.last_page);
			tvk_error_print(stderr, p->file, 0, what);
			free(what);
			raise_exit(rep, TVK_EXIT_INVALID);
		}
		if (paths[c])
			queue_write(writes, p, tvk_xstrdup(paths[c]));
	}
	for (size_t c = 0; c < n_classes; c++)
		free(paths[c]);
	free(paths);
	free(primary);
	free(cls);
}

static void merge_and_write(struct tvk_batch_report *rep,
		const struct tvk_batch_options *opt, struct job *jobs, size_t n,
		int threads)
{
	struct write_queue writes = {0};
	/* All results in input order, then grouped by key. */
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += jobs[i].n_results;
	struct result **all = tvk_xcalloc(total ? total : 1, sizeof(*all));
	bool *taken = tvk_xcalloc(total ? total : 1, sizeof(*taken));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < jobs[i].n_results; j++)
			all[k++] = &jobs[i].results[j];

	struct group g = {0};
	for (size_t i = 0; i < total; i++) {
		if (taken[i])
			continue;
		g.n = 0;
		for (size_t j = i; j < total; j++) {
			if (taken[j] || (j != i &&
					!same_key(&all[i]->report, &all[j]->report)))
				continue;
			taken[j] = true;
			tvk_grow((void **)&g.members, &g.cap, g.n + 1,
				sizeof(*g.members));
			g.members[g.n++] = all[j];
		}
		settle_group(rep, opt, &g, &writes);
	}
	free(g.members);
	free(taken);
	write_all(rep, opt, &writes, threads);
	free(all);
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
	int rc = tvk_emit_write(probe, "", &werr);
	if (rc == 0)
		unlink(probe);
	else
		tvk_error_set(err, TVK_ERR_IO, dir, 0,
			"cannot write to the output folder (%s)", werr.message);
	free(probe);
	return rc;
}

int tvk_batch_run(const char *const *paths, size_t n,
		const struct tvk_batch_options *opt,
		struct tvk_batch_report *rep, struct tvk_error *err)
{
	memset(rep, 0, sizeof(*rep));
	struct path_list inputs = {0};
	expand(paths, n, &inputs);
	if (inputs.n == 0) {
		free(inputs.items);
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
		any = access(inputs.items[i], F_OK) == 0;
	if (!any)
		local.out_dir = NULL;
	opt = &local;
	if (opt->out_dir && check_output_dir(opt->out_dir, err) != 0) {
		for (size_t i = 0; i < inputs.n; i++)
			free(inputs.items[i]);
		free(inputs.items);
		return -1;
	}

	struct job *jobs = tvk_xcalloc(inputs.n, sizeof(*jobs));
	for (size_t i = 0; i < inputs.n; i++)
		jobs[i].path = inputs.items[i];
	struct tvk_cache *cache = opt->out_dir ? tvk_cache_open(opt->out_dir) :
		NULL;
	struct shared shared = {.jobs = jobs, .n_jobs = inputs.n, .opt = opt,
		.order = largest_first(jobs, inputs.n),
		.cache = opt->force ? NULL : cache};
	atomic_init(&shared.next, 0);
	pthread_mutex_init(&shared.lock, NULL);
	run_workers(&shared, opt->jobs);
	pthread_mutex_destroy(&shared.lock);
	free(shared.order);
	/* An input whose bytes could be read fails or succeeds the same way
	 * next time: both are remembered. */
	if (cache)
		tvk_cache_save(cache, opt->out_dir, &opt->convert, jobs, inputs.n);
	tvk_cache_close(cache);

	for (size_t i = 0; i < inputs.n; i++) {
		const struct tvk_input_report *in = &jobs[i].input;
		if (in->cached)
			rep->n_cached++;
		else if (in->sha256[0])
			rep->n_parsed++;
		if (in->error == TVK_OK)
			continue;
		rep->n_failed++;
		raise_exit(rep, TVK_EXIT_INPUT);
		/* Errors are printed even with -q: quiet silences progress
		 * and the summary only. */
		tvk_error_print(stderr, in->path, in->error_page, in->message);
	}
	merge_and_write(rep, opt, jobs, inputs.n, worker_count(opt->jobs,
		inputs.n));

	/* Hand the results over to the report. */
	rep->n_inputs = inputs.n;
	rep->inputs = tvk_xcalloc(inputs.n, sizeof(*rep->inputs));
	size_t total = 0;
	for (size_t i = 0; i < inputs.n; i++)
		total += jobs[i].n_results;
	rep->tables = tvk_xcalloc(total ? total : 1, sizeof(*rep->tables));
	for (size_t i = 0; i < inputs.n; i++) {
		rep->inputs[i] = jobs[i].input;
		for (size_t j = 0; j < jobs[i].n_results; j++) {
			struct result *r = &jobs[i].results[j];
			struct tvk_table_report *t = &rep->tables[rep->n_tables++];
			*t = r->report;
			if (t->merged)
				continue;
			switch (t->status) {
			case TVK_STATUS_VALID: rep->n_valid++; break;
			case TVK_STATUS_REPAIRED: rep->n_repaired++; break;
			case TVK_STATUS_INVALID:
				rep->n_invalid++;
				raise_exit(rep, TVK_EXIT_INVALID);
				break;
			}
		}
		for (size_t j = 0; j < jobs[i].n_results; j++) {
			struct result *r = &jobs[i].results[j];
			free(r->values);
			free(r->file);
			free(r->sha256);
			free(r->pages);
		}
		free(jobs[i].results);
		free(inputs.items[i]);
	}
	free(inputs.items);
	free(jobs);
	if (opt->out_dir) {
		struct tvk_error ierr;
		tvk_error_clear(&ierr);
		if (tvk_index_write(opt->out_dir, rep, &ierr) != 0) {
			tvk_error_print(stderr, ierr.file, 0, ierr.message);
			raise_exit(rep, TVK_EXIT_INPUT);
		}
	}
	return 0;
}

void tvk_batch_report_finish(struct tvk_batch_report *rep)
{
	for (size_t i = 0; i < rep->n_inputs; i++) {
		struct tvk_input_report *in = &rep->inputs[i];
		free(in->path);
		free(in->message);
		for (size_t k = 0; k < in->n_problems; k++)
			free(in->problems[k]);
		free(in->problems);
	}
	for (size_t i = 0; i < rep->n_tables; i++) {
		free(rep->tables[i].summary);
		free(rep->tables[i].json);
		free(rep->tables[i].path);
	}
	free(rep->inputs);
	free(rep->tables);
	memset(rep, 0, sizeof(*rep));
}
