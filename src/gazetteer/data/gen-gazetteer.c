/*
 * gen-gazetteer: turns the gazetteer's reference data (this folder, see
 * its README.md) into C tables (src/gazetteer/gazetteer-data.h declares
 * them).  A build-time tool: Meson builds it for the build machine and
 * runs it.  It is linked with src/base/text.c, so that every reference
 * name is folded by the very code that folds a printed name at run time.
 *
 * usage: gen-gazetteer GEMEENTEN-HISTORY.tsv GEMEENTEN-MERGERS.tsv
 *                      GEMEENTEN-2025.tsv REGIOS.tsv REGIOS-HISTORY.tsv OUT.c
 *
 * Besides the public structs it writes the folded forms of every name,
 * label and variant (matching never folds a reference string at run time),
 * the list of every epoch (a span of dates in which nothing changed),
 * ordered by region, and what became of every code that disappeared.
 *
 * This file reads the reference data and checks it; gen-output.c writes
 * the C.  Any malformed line stops the build, and so does data that does
 * not hold together (a code that vanishes without a merger, a successor
 * that does not exist on the day, today's list unlike the 2025 file): it
 * names the file and line and exits 1.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "gazetteer/data/gen-gazetteer.h"

/* ---- errors and memory -------------------------------------------------- */

void die(const char *fmt, ...)
{
	va_list ap;
	fputs("gen-gazetteer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *fold_dup(const char *s)
{
	char out[FOLD_CAP];
	tvk_fold(s, out, sizeof(out));
	return xstrdup(out);
}

/* ---- TSV ---------------------------------------------------------------- */

struct row {
	int line;
	char **f;
	size_t n;
};

struct tsv {
	const char *path;
	struct row *rows;
	size_t n;
};

/* Reads @path, checks that its header starts with the fields of @header
 * (a NULL-terminated list), and splits every non-blank line at its tabs. */
static void read_tsv(const char *path, const char *const *header,
		struct tsv *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("%s: cannot open", path);
	char *text = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 > cap) {
			cap = 2 * cap + 4096;
			text = xrealloc(text, cap);
		}
		size_t got = fread(text + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		die("%s: cannot read", path);
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len || !tvk_utf8_valid(text, len))
		die("%s: not UTF-8 text", path);

	out->path = path;
	out->rows = NULL;
	out->n = 0;
	size_t cap_rows = 0;
	int line = 0;
	bool first = true;
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		char *s = xstrndup(p, n);
		p = nl ? nl + 1 : p + strlen(p);
		line++;
		struct row r = {line, NULL, 0};
		size_t cap_f = 0;
		for (char *q = s;;) {
			char *tab = strchr(q, '\t');
			if (r.n == cap_f) {
				cap_f = 2 * cap_f + 8;
				r.f = xrealloc(r.f, cap_f * sizeof(*r.f));
			}
			r.f[r.n++] = q;
			if (!tab)
				break;
			*tab = '\0';
			q = tab + 1;
		}
		if (first) {
			for (size_t i = 0; header[i]; i++)
				if (i >= r.n || strcmp(r.f[i], header[i]) != 0)
					die("%s:1: header is not the expected one "
						"(field %zu should be %s)", path,
						i + 1, header[i]);
			first = false;
			continue;
		}
		bool blank = true;
		for (const char *c = s; *c && blank; c++)
			blank = *c == ' ' || *c == '\t';
		if (blank)
			continue;
		if (out->n == cap_rows) {
			cap_rows = 2 * cap_rows + 64;
			out->rows = xrealloc(out->rows, cap_rows * sizeof(*out->rows));
		}
		out->rows[out->n++] = r;
	}
	if (first)
		die("%s:1: no header", path);
	if (out->n == 0)
		die("%s: no data lines", path);
	free(text);
}

static int parse_int(const struct tsv *t, const struct row *r, const char *s,
		const char *what)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 6)
		die("%s:%d: %s '%s' is not a number", t->path, r->line, what, s);
	return atoi(s);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
		c == '\f';
}

static const char *check_text(const struct tsv *t, const struct row *r,
		const char *s, const char *what)
{
	size_t n = strlen(s);
	if (n == 0 || is_space(s[0]) || is_space(s[n - 1]))
		die("%s:%d: %s '%s' is empty or padded", t->path, r->line, what, s);
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			die("%s:%d: %s has control characters", t->path, r->line,
				what);
	char folded[FOLD_CAP];
	if (tvk_fold(s, folded, sizeof(folded)) == 0)
		die("%s:%d: %s '%s' folds to nothing", t->path, r->line, what, s);
	return s;
}

/* A copy of @s without the spaces at either end. */
static char *trimmed(const char *s)
{
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static bool is_code(const char *s)
{
	return strlen(s) == 6 && s[0] == 'G' && s[1] == 'M' &&
		strspn(s + 2, "0123456789") == 4;
}

/* ---- dates -------------------------------------------------------------- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

int day_before(int d)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;
	if (day > 1)
		return d - 1;
	if (m > 1)
		return y * 10000 + (m - 1) * 100 + days_in(y, m - 1);
	return (y - 1) * 10000 + 1231;
}

int day_after(int d)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;
	if (day < days_in(y, m))
		return d + 1;
	if (m < 12)
		return y * 10000 + (m + 1) * 100 + 1;
	return (y + 1) * 10000 + 101;
}

/* "YYYY-MM-DD" as yyyymmdd; dies on anything else. */
static int parse_date(const struct tsv *t, const struct row *r, const char *s,
		const char *what)
{
	int y, m, d;
	char rest;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
			sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3 ||
			y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
			d > days_in(y, m))
		die("%s:%d: %s '%s' is not a date (YYYY-MM-DD)", t->path,
			r->line, what, s);
	return y * 10000 + m * 100 + d;
}

/* ---- regions ------------------------------------------------------------ */

static void read_regions(const char *path)
{
	static const char *const header[] = {"code", "name", "printed_variants",
		NULL};
	struct tsv t;
	read_tsv(path, header, &t);
	for (size_t i = 0; i < t.n; i++) {
		const struct row *r = &t.rows[i];
		if (r->n < 2)
			die("%s:%d: expected code, name, variants", path, r->line);
		int code = parse_int(&t, r, r->f[0], "region code");
		if (code < 1 || code > N_REGIONS)
			die("%s:%d: region code %d not in 1..%d", path, r->line,
				code, N_REGIONS);
		struct region *reg = &regions[code];
		if (reg->present)
			die("%s:%d: region %d twice", path, r->line, code);
		reg->present = true;
		reg->name = check_text(&t, r, r->f[1], "region name");
		for (size_t k = 2; k < r->n; k++) {
			char *field = xstrdup(r->f[k]), *save = NULL;
			for (char *v = strtok_r(field, ",", &save); v;
					v = strtok_r(NULL, ",", &save)) {
				char *s = trimmed(v);
				if (!*s)
					continue;
				check_text(&t, r, s, "variant");
				bool seen = strcmp(s, reg->name) == 0;
				for (size_t j = 0; j < reg->n_variants && !seen; j++)
					seen = strcmp(s, reg->variants[j]) == 0;
				if (seen)
					continue;
				reg->variants = xrealloc(reg->variants,
					(reg->n_variants + 1) * sizeof(char *));
				reg->variants[reg->n_variants++] = s;
			}
		}
	}
	for (int c = 1; c <= N_REGIONS; c++)
		if (!regions[c].present)
			die("%s: region %d missing", path, c);
}

static int by_name_from(const void *a, const void *b)
{
	const struct region_name *x = a, *y = b;
	return (x->from > y->from) - (x->from < y->from);
}

/*
 * The names regions had at other dates.  A region listed here has one row
 * per name, with the dates it held (an empty "from" or "until" is open),
 * together covering every date without overlap, the last one today's name.
 */
static void read_region_history(const char *path)
{
	static const char *const header[] = {"code", "name", "from", "until",
		NULL};
	struct tsv t;
	read_tsv(path, header, &t);
	for (size_t i = 0; i < t.n; i++) {
		const struct row *r = &t.rows[i];
		if (r->n < 4)
			die("%s:%d: expected code, name, from, until", path, r->line);
		int code = parse_int(&t, r, r->f[0], "region code");
		if (code < 1 || code > N_REGIONS)
			die("%s:%d: region code %d not in 1..%d", path, r->line,
				code, N_REGIONS);
		struct region *reg = &regions[code];
		struct region_name n = {
			check_text(&t, r, r->f[1], "region name"),
			*r->f[2] ? parse_date(&t, r, r->f[2], "from") : 0,
			*r->f[3] ? parse_date(&t, r, r->f[3], "until") : DATE_LATEST,
		};
		if (n.from > n.until)
			die("%s:%d: from is after until", path, r->line);
		reg->names = xrealloc(reg->names, (reg->n_names + 1) *
			sizeof(*reg->names));
		reg->names[reg->n_names++] = n;
	}
	for (int c = 1; c <= N_REGIONS; c++) {
		struct region *reg = &regions[c];
		if (reg->n_names == 0) {
			reg->names = xmalloc(sizeof(*reg->names));
			reg->names[0] = (struct region_name){reg->name, 0, DATE_LATEST};
			reg->n_names = 1;
			continue;
		}
		qsort(reg->names, reg->n_names, sizeof(*reg->names), by_name_from);
		int next = 0;
		for (size_t k = 0; k < reg->n_names; k++) {
			if (reg->names[k].from != next)
				die("%s: the names of region %d leave a gap or "
					"overlap before %d", path, c,
					reg->names[k].from);
			next = reg->names[k].until == DATE_LATEST ? -1 :
				day_after(reg->names[k].until);
		}
		if (next != -1)
			die("%s: region %d has no name after %d", path, c,
				reg->names[reg->n_names - 1].until);
		if (strcmp(reg->names[reg->n_names - 1].name, reg->name) != 0)
			die("%s: region %d is called '%s' today, not '%s'", path,
				c, reg->name, reg->names[reg->n_names - 1].name);
	}
}

/* ---- municipalities ----------------------------------------------------- */

static struct year_entry *years;
static size_t n_years;
static int first_year, last_year;
struct region regions[N_REGIONS + 1];
struct record *records;
size_t n_records;
struct fate *fates;
size_t n_fates;

static int by_code_year(const void *a, const void *b)
{
	const struct year_entry *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : (x->year > y->year) - (x->year < y->year);
}

static void read_history(const char *path)
{
	static const char *const header[] = {"year", "code", "name",
		"region_code", "amr_cbs", NULL};
	struct tsv t;
	read_tsv(path, header, &t);
	years = xmalloc(t.n * sizeof(*years));
	first_year = 9999;
	last_year = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct row *r = &t.rows[i];
		if (r->n != 5)
			die("%s:%d: expected 5 fields, got %zu", path, r->line, r->n);
		struct year_entry *e = &years[n_years++];
		e->line = r->line;
		e->year = parse_int(&t, r, r->f[0], "year");
		if (e->year < 1900 || e->year > 2999)
			die("%s:%d: year %d", path, r->line, e->year);
		if (!is_code(r->f[1]))
			die("%s:%d: code '%s' is not GMdddd", path, r->line, r->f[1]);
		e->code = r->f[1];
		e->name = check_text(&t, r, r->f[2], "name");
		e->region = parse_int(&t, r, r->f[3], "region code");
		if (e->region < 1 || e->region > N_REGIONS)
			die("%s:%d: unknown region %d", path, r->line, e->region);
		if (first_year > e->year)
			first_year = e->year;
		if (last_year < e->year)
			last_year = e->year;
	}
	qsort(years, n_years, sizeof(*years), by_code_year);
	for (size_t i = 1; i < n_years; i++)
		if (strcmp(years[i].code, years[i - 1].code) == 0 &&
				years[i].year == years[i - 1].year)
			die("%s:%d: %s twice in %d", path, years[i].line,
				years[i].code, years[i].year);
	for (int y = first_year; y <= last_year; y++) {
		bool any = false;
		for (size_t i = 0; i < n_years && !any; i++)
			any = years[i].year == y;
		if (!any)
			die("%s: no municipality in %d", path, y);
	}
}

static struct fate *fate_of(const char *code)
{
	for (size_t i = 0; i < n_fates; i++)
		if (strcmp(fates[i].code, code) == 0)
			return &fates[i];
	return NULL;
}

static void read_mergers(const char *path)
{
	static const char *const header[] = {"effective", "old_code", "old_name",
		"new_code", "new_name", "kind", "share_pct", NULL};
	struct tsv t;
	read_tsv(path, header, &t);
	fates = xmalloc(t.n * sizeof(*fates));
	for (size_t i = 0; i < t.n; i++) {
		const struct row *r = &t.rows[i];
		if (r->n < 7)
			die("%s:%d: expected at least 7 fields, got %zu", path,
				r->line, r->n);
		int effective = parse_date(&t, r, r->f[0], "effective");
		for (int k = 1; k <= 3; k += 2)
			if (!is_code(r->f[k]))
				die("%s:%d: code '%s' is not GMdddd", path, r->line,
					r->f[k]);
		const char *kind = r->f[5];
		if (strcmp(kind, "merged") && strcmp(kind, "absorbed") &&
				strcmp(kind, "split"))
			die("%s:%d: kind '%s' is not merged, absorbed or split",
				path, r->line, kind);
		char *end;
		double share = strtod(r->f[6], &end);
		if (!*r->f[6] || *end || share <= 0 || share > 100)
			die("%s:%d: share '%s' is not a percentage", path, r->line,
				r->f[6]);
		struct fate *f = fate_of(r->f[1]);
		if (!f) {
			f = &fates[n_fates++];
			*f = (struct fate){.code = r->f[1], .effective = effective,
				.line = r->line, .kind = kind};
		} else if (f->effective != effective || strcmp(f->kind, kind) ||
				strcmp(kind, "split")) {
			die("%s:%d: %s disappears twice (only a split has "
				"several rows, all of one date)", path, r->line,
				r->f[1]);
		}
		f->succ = xrealloc(f->succ, (f->n_succ + 1) * sizeof(*f->succ));
		f->succ[f->n_succ++] = (struct successor){r->f[3], NULL, share, -1};
		(void)check_text(&t, r, r->f[2], "old name");
		(void)check_text(&t, r, r->f[4], "new name");
		f->succ[f->n_succ - 1].name = r->f[4];
		f->old_name = r->f[2];
	}
	for (size_t i = 0; i < n_fates; i++)
		if (strcmp(fates[i].kind, "split") == 0 && fates[i].n_succ < 2)
			die("%s:%d: a split of %s with one successor", path,
				fates[i].line, fates[i].code);
}

static void add_record(const struct year_entry *first, int from, int until)
{
	records = xrealloc(records, (n_records + 1) * sizeof(*records));
	records[n_records++] = (struct record){first->code, first->name,
		first->name, first->region, from, until, 0};
}

/*
 * The records of every code: one per run of years with the same name and
 * region.  A run holds from 1 January of its first year (from the start
 * of time for the first list) to the day before the next run, the day
 * before the code's dissolution, or for ever.
 */
static void build_records(const char *history, const char *mergers)
{
	for (size_t i = 0; i < n_years;) {
		size_t end = i;
		while (end < n_years && strcmp(years[end].code, years[i].code) == 0)
			end++;
		const char *code = years[i].code;
		for (size_t k = i + 1; k < end; k++)
			if (years[k].year != years[k - 1].year + 1)
				die("%s:%d: %s is missing in %d", history,
					years[k].line, code, years[k - 1].year + 1);
		struct fate *f = fate_of(code);
		int last = years[end - 1].year;
		if (!f && last != last_year)
			die("%s:%d: %s ends in %d without a merger", history,
				years[end - 1].line, code, last);
		if (f && !(f->effective > last * 10000 + 101 &&
				f->effective <= (last + 1) * 10000 + 101))
			die("%s:%d: %s is in the list of %d but disappears on %d",
				mergers, f->line, code, last, f->effective);
		for (size_t k = i; k < end;) {
			size_t run = k;
			while (run < end && years[run].region == years[k].region &&
					strcmp(years[run].name, years[k].name) == 0)
				run++;
			int from = years[k].year == first_year ? 0 :
				years[k].year * 10000 + 101;
			int until = run < end ? years[run - 1].year * 10000 + 1231 :
				f ? day_before(f->effective) : DATE_LATEST;
			add_record(&years[k], from, until);
			if (run == end && f)
				f->last_record = (int)n_records - 1;
			k = run;
		}
		i = end;
	}
	/* A code that appears after the first list was made by a merger. */
	for (size_t r = 0; r < n_records; r++) {
		if (records[r].from == 0 || (r > 0 && strcmp(records[r - 1].code,
				records[r].code) == 0))
			continue;
		bool made = false;
		for (size_t i = 0; i < n_fates && !made; i++)
			for (size_t k = 0; k < fates[i].n_succ && !made; k++)
				made = strcmp(fates[i].succ[k].code,
					records[r].code) == 0 &&
					fates[i].effective == records[r].from;
		if (!made)
			die("%s: %s appears on %d, but no merger makes it",
				mergers, records[r].code, records[r].from);
	}
}

static int record_at(const char *code, int date)
{
	for (size_t r = 0; r < n_records; r++)
		if (strcmp(records[r].code, code) == 0 && records[r].from <= date &&
				date <= records[r].until)
			return (int)r;
	return -1;
}

/* The successors exist on the day they take over, with the name the
 * mergers file gives them; merged ones are new that day. */
static void check_successors(const char *mergers)
{
	for (size_t i = 0; i < n_fates; i++) {
		struct fate *f = &fates[i];
		if (strcmp(records[f->last_record].name, f->old_name) != 0)
			die("%s:%d: %s is '%s', not '%s'", mergers, f->line,
				f->code, records[f->last_record].name, f->old_name);
		for (size_t k = 0; k < f->n_succ; k++) {
			struct successor *s = &f->succ[k];
			s->record = record_at(s->code, f->effective);
			if (s->record < 0)
				die("%s:%d: successor %s of %s does not exist on %d",
					mergers, f->line, s->code, f->code,
					f->effective);
			if (strcmp(records[s->record].name, s->name) != 0)
				die("%s:%d: successor %s is '%s', not '%s'", mergers,
					f->line, s->code, records[s->record].name,
					s->name);
			bool is_new = records[s->record].from == f->effective;
			if (strcmp(f->kind, "merged") == 0 && !is_new)
				die("%s:%d: %s 'merged' into %s, which existed "
					"before (absorbed?)", mergers, f->line,
					f->code, s->code);
			if (strcmp(f->kind, "absorbed") == 0 && is_new)
				die("%s:%d: %s 'absorbed' by %s, which is new "
					"(merged?)", mergers, f->line, f->code,
					s->code);
		}
	}
}

static void add_today(struct fate *f, int r)
{
	for (size_t k = 0; k < f->n_today; k++)
		if (f->today[k] == r)
			return;
	f->today = xrealloc(f->today, (f->n_today + 1) * sizeof(*f->today));
	f->today[f->n_today++] = r;
}

/* Today's record of @code's territory: itself, or what it merged into,
 * followed to today; -1 when a split lies on the way, with every
 * municipality of today that shares its territory added to @split. */
static int resolve(const char *code, struct fate *split, int depth)
{
	if (depth > 100)
		die("the mergers go round in a circle at %s", code);
	int r = record_at(code, DATE_LATEST);
	if (r >= 0) {
		if (split)
			add_today(split, r);
		return r;
	}
	struct fate *f = fate_of(code);
	if (!f)
		die("%s: no record today and no merger", code);
	if (strcmp(f->kind, "split") != 0)
		return resolve(f->succ[0].code, split, depth + 1);
	for (size_t k = 0; k < f->n_succ; k++)
		resolve(f->succ[k].code, split, depth + 1);
	return -1;
}

/* The labels UWV prints, and a check that today's records are the
 * 2025 list. */
static void read_today(const char *path)
{
	static const char *const header[] = {"code", "name", "region_code",
		"printed_label", NULL};
	struct tsv t;
	read_tsv(path, header, &t);
	size_t today = 0;
	for (size_t r = 0; r < n_records; r++)
		today += records[r].until == DATE_LATEST;
	for (size_t i = 0; i < t.n; i++) {
		const struct row *row = &t.rows[i];
		if (row->n != 4)
			die("%s:%d: expected 4 fields, got %zu", path, row->line,
				row->n);
		int r = is_code(row->f[0]) ? record_at(row->f[0], DATE_LATEST) : -1;
		if (r < 0)
			die("%s:%d: %s is not in today's list of the history",
				path, row->line, row->f[0]);
		struct record *rec = &records[r];
		if (strcmp(rec->name, check_text(&t, row, row->f[1], "name")) ||
				rec->region != parse_int(&t, row, row->f[2],
				"region code"))
			die("%s:%d: %s is '%s' in region %d in the history", path,
				row->line, rec->code, rec->name, rec->region);
		if (*row->f[3]) {
			const char *label = check_text(&t, row, row->f[3], "label");
			/* UWV printed this label in every year. */
			for (size_t k = 0; k < n_records; k++)
				if (strcmp(records[k].code, rec->code) == 0)
					records[k].label = label;
		}
	}
	if (t.n != today)
		die("%s: %zu municipalities, the history has %zu today", path,
			t.n, today);
}

/* The CBS name without its qualifier: "Bergen (L.)" -> "Bergen"; NULL
 * when it has none. */
static char *base_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || name[n - 1] != ')')
		return NULL;
	const char *open = strrchr(name, '(');
	if (!open || strchr(open + 1, '(') || strchr(open + 1, ')') != name + n - 1)
		return NULL;
	size_t k = (size_t)(open - name);
	while (k > 0 && is_space(name[k - 1]))
		k--;
	return k > 0 ? xstrndup(name, k) : NULL;
}

/* The distinct folded forms of @strings (@n of them, NULLs skipped), in
 * order, into @out; returns how many. */
size_t forms(const char *const *strings, size_t n, char **out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strings[i])
			continue;
		char *f = fold_dup(strings[i]);
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = strcmp(out[j], f) == 0;
		if (seen) {
			free(f);
			continue;
		}
		if (k == cap)
			die("'%s': more than %zu forms", strings[0], cap);
		out[k++] = f;
	}
	return k;
}

size_t record_forms(const struct record *m, char **out)
{
	char *base = base_name(m->name);
	const char *strings[] = {m->name, m->label, base};
	size_t n = forms(strings, 3, out, MAX_FORMS);
	free(base);
	return n;
}

/* A folded name as a URL slug: "zuid-kennemerland-en-ijmond". */
char *slug(const char *name)
{
	char *s = fold_dup(name);
	for (char *p = s; *p; p++)
		if (*p == ' ')
			*p = '-';
	return s;
}

/* qsort's order of the records: by code, then date. */
int by_code_from(const void *a, const void *b)
{
	const struct record *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : (x->from > y->from) - (x->from < y->from);
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fputs("usage: gen-gazetteer GEMEENTEN-HISTORY.tsv "
			"GEMEENTEN-MERGERS.tsv GEMEENTEN-2025.tsv REGIOS.tsv "
			"REGIOS-HISTORY.tsv OUT.c\n", stderr);
		return 64;
	}
	read_regions(argv[4]);
	read_region_history(argv[5]);
	read_history(argv[1]);
	read_mergers(argv[2]);
	build_records(argv[1], argv[2]);
	qsort(records, n_records, sizeof(*records), by_code_from);
	/* fates point at records by index: find them again after sorting */
	for (size_t i = 0; i < n_fates; i++) {
		int last = -1;
		for (size_t r = 0; r < n_records; r++)
			if (strcmp(records[r].code, fates[i].code) == 0)
				last = (int)r;
		fates[i].last_record = last;
	}
	check_successors(argv[2]);
	read_today(argv[3]);
	for (size_t i = 0; i < n_fates; i++)
		fates[i].current = resolve(fates[i].code, &fates[i], 0);
	/* resolve() fills the today list of splits only */
	for (size_t i = 0; i < n_fates; i++)
		if (fates[i].current >= 0)
			fates[i].n_today = 0;
	FILE *out = fopen(argv[6], "w");
	if (!out)
		die("%s: cannot write", argv[6]);
	generate(out);
	if (fclose(out) != 0)
		die("%s: cannot write", argv[6]);
	return 0;
}
