/*
 * gen-gazetteer: turns the gazetteer TSVs into C tables (src/gazetteer-data.h
 * declares them).  A build-time tool (Meson builds it for the build machine
 * and runs it), linked with src/text.c so that every reference name is
 * folded by the very code that folds a printed name at run time.
 *
 * usage: gen-gazetteer GEMEENTEN.tsv REGIOS.tsv OUT.c
 *
 * gemeenten:  code, name, region_code, printed_label   (one municipality a line)
 * regios:     code, name, printed_variants             (variants comma- or
 *                                                      tab-separated, may be empty)
 *
 * Besides the public structs it writes the folded forms of every name, label
 * and variant, so that matching never folds a reference string at run time.
 *
 * Any malformed line stops the build: it names the file and line and exits 1.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define N_REGIONS 35 /* TVK_N_REGIONS in include/tvk/gazetteer.h */

/* Equal to src/gazetteer-data.h; were they not, an initialiser with too
 * many elements would stop the C compiler. */
#define MAX_FORMS 3
#define MAX_REGION_FORMS 7

#define FOLD_CAP 256

/* ---- errors and memory -------------------------------------------------- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("gen-gazetteer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xmalloc(size_t n)
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

static char *fold_dup(const char *s)
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
static void read_tsv(const char *path, const char *const *header, struct tsv *out)
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

/* ---- the data ----------------------------------------------------------- */

struct region {
	bool present;
	const char *name;
	const char **variants;
	size_t n_variants;
};

struct municipality {
	const char *code, *name, *label;
	int region;
};

static struct region regions[N_REGIONS + 1];
static struct municipality *munis;
static size_t n_munis;

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

static bool is_code(const char *s)
{
	return strlen(s) == 6 && s[0] == 'G' && s[1] == 'M' &&
		strspn(s + 2, "0123456789") == 4;
}

static void read_municipalities(const char *path)
{
	static const char *const header[] = {"code", "name", "region_code",
		"printed_label", NULL};
	struct tsv t;
	read_tsv(path, header, &t);
	munis = xmalloc(t.n * sizeof(*munis));
	for (size_t i = 0; i < t.n; i++) {
		const struct row *r = &t.rows[i];
		if (r->n != 4)
			die("%s:%d: expected 4 fields, got %zu", path, r->line, r->n);
		if (!is_code(r->f[0]))
			die("%s:%d: code '%s' is not GMdddd", path, r->line, r->f[0]);
		for (size_t k = 0; k < n_munis; k++)
			if (strcmp(munis[k].code, r->f[0]) == 0)
				die("%s:%d: code %s twice", path, r->line, r->f[0]);
		struct municipality *m = &munis[n_munis++];
		m->code = r->f[0];
		m->name = check_text(&t, r, r->f[1], "name");
		m->region = parse_int(&t, r, r->f[2], "region code");
		if (m->region < 1 || m->region > N_REGIONS)
			die("%s:%d: unknown region %d", path, r->line, m->region);
		/* An empty label means UWV prints the CBS name. */
		m->label = *r->f[3] ? check_text(&t, r, r->f[3], "label") : m->name;
	}
	for (int c = 1; c <= N_REGIONS; c++) {
		bool any = false;
		for (size_t k = 0; k < n_munis && !any; k++)
			any = munis[k].region == c;
		if (!any)
			die("%s: region %d has no municipality", path, c);
	}
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
static size_t forms(const char *const *strings, size_t n, char **out, size_t cap)
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

static size_t municipality_forms(const struct municipality *m, char **out)
{
	char *base = base_name(m->name);
	const char *strings[] = {m->name, m->label, base};
	size_t n = forms(strings, 3, out, MAX_FORMS);
	free(base);
	return n;
}

/* A folded name as a URL slug: "zuid-kennemerland-en-ijmond". */
static char *slug(const char *name)
{
	char *s = fold_dup(name);
	for (char *p = s; *p; p++)
		if (*p == ' ')
			*p = '-';
	return s;
}

/* ---- output ------------------------------------------------------------- */

static FILE *out;

static void w(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void w(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

/* @s as a C string literal: octal escapes (never more than 3 digits) for
 * every byte outside printable ASCII, and "?" escaped (no trigraphs). */
static void c_string(const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '?')
			fputs("\\?", out);
		else if (*p >= 0x20 && *p < 0x7F)
			fputc(*p, out);
		else
			fprintf(out, "\\%03o", *p);
	}
	fputc('"', out);
}

static void folded_entry(char **fs, size_t n)
{
	w("{");
	for (size_t i = 0; i < n; i++) {
		w("{");
		c_string(fs[i]);
		w(", %zu}, ", strlen(fs[i]));
	}
	w("{NULL, 0}}");
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct municipality *)a)->code,
		((const struct municipality *)b)->code);
}

/* A place in tvk_gz_by_region: region first, then code. */
static const struct municipality *by_region_of;

static int by_region(const void *a, const void *b)
{
	const struct municipality *x = &by_region_of[*(const size_t *)a];
	const struct municipality *y = &by_region_of[*(const size_t *)b];
	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	return strcmp(x->code, y->code);
}

struct form_entry {
	const char *s;
	size_t len, k;
};

static int by_form(const void *a, const void *b)
{
	const struct form_entry *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp(x->s, y->s, x->len);
	if (c)
		return c;
	return (x->k > y->k) - (x->k < y->k);
}

static void generate(void)
{
	qsort(munis, n_munis, sizeof(*munis), by_code);
	w("/* Generated by src/data/gen-gazetteer.c: do not edit. */\n");
	w("#include <stddef.h>\n\n#include \"gazetteer-data.h\"\n\n");

	w("const size_t tvk_gz_n_municipalities = %zu;\n\n", n_munis);
	w("const struct tvk_municipality tvk_gz_municipalities[] = {\n");
	for (size_t i = 0; i < n_munis; i++) {
		const struct municipality *m = &munis[i];
		w("\t{");
		c_string(m->code);
		w(", ");
		c_string(m->name);
		w(", ");
		c_string(m->label);
		w(", %d},\n", m->region);
	}
	w("};\n\n");

	w("const struct tvk_gz_forms tvk_gz_municipality_forms[] = {\n");
	for (size_t i = 0; i < n_munis; i++) {
		char *fs[MAX_FORMS];
		size_t n = municipality_forms(&munis[i], fs);
		w("\t{");
		folded_entry(fs, n);
		w("},\n");
	}
	w("};\n\n");

	size_t *order = xmalloc(n_munis * sizeof(*order));
	for (size_t i = 0; i < n_munis; i++)
		order[i] = i;
	by_region_of = munis;
	qsort(order, n_munis, sizeof(*order), by_region);
	w("const struct tvk_municipality *const tvk_gz_by_region[] = {\n");
	for (size_t k = 0; k < n_munis; k++)
		w("\t&tvk_gz_municipalities[%zu], /* %s */\n", order[k],
			munis[order[k]].code);
	w("};\n\n");

	/* Every folded form once per municipality, by length, bytes and the
	 * municipality's place in tvk_gz_by_region: country-wide exact
	 * lookups by binary search. */
	struct form_entry *entries = xmalloc(n_munis * MAX_FORMS *
		sizeof(*entries));
	size_t n_entries = 0;
	for (size_t k = 0; k < n_munis; k++) {
		char *fs[MAX_FORMS];
		size_t n = municipality_forms(&munis[order[k]], fs);
		for (size_t j = 0; j < n; j++)
			entries[n_entries++] = (struct form_entry){fs[j],
				strlen(fs[j]), k};
	}
	qsort(entries, n_entries, sizeof(*entries), by_form);
	w("const struct tvk_gz_form_entry tvk_gz_form_index[] = {\n");
	for (size_t i = 0; i < n_entries; i++) {
		w("\t{");
		c_string(entries[i].s);
		w(", %zu, %zu},\n", entries[i].len, entries[i].k);
	}
	w("};\n\nconst size_t tvk_gz_n_forms = %zu;\n\n", n_entries);

	w("const unsigned short tvk_gz_region_start[TVK_N_REGIONS + 2] = {\n\t0,");
	size_t pos = 0;
	for (int r = 1; r <= N_REGIONS + 1; r++) {
		w(" %zu,", pos);
		for (size_t i = 0; i < n_munis; i++)
			pos += munis[i].region == r;
	}
	w("\n};\n\n");

	for (int r = 1; r <= N_REGIONS; r++) {
		w("static const char *const variants_%d[] = {", r);
		for (size_t v = 0; v < regions[r].n_variants; v++) {
			c_string(regions[r].variants[v]);
			w(", ");
		}
		w("NULL};\n");
	}
	w("\nconst struct tvk_region tvk_gz_regions[TVK_N_REGIONS] = {\n");
	for (int r = 1; r <= N_REGIONS; r++) {
		w("\t{%d, ", r);
		c_string(regions[r].name);
		w(", ");
		c_string(slug(regions[r].name));
		w(", variants_%d},\n", r);
	}
	w("};\n\n");

	w("const struct tvk_gz_region_forms tvk_gz_region_forms[TVK_N_REGIONS] = {\n");
	for (int r = 1; r <= N_REGIONS; r++) {
		const struct region *reg = &regions[r];
		const char **strings = xmalloc((reg->n_variants + 1) *
			sizeof(*strings));
		strings[0] = reg->name;
		for (size_t v = 0; v < reg->n_variants; v++)
			strings[v + 1] = reg->variants[v];
		char *fs[MAX_REGION_FORMS];
		size_t n = forms(strings, reg->n_variants + 1, fs,
			MAX_REGION_FORMS);
		w("\t{");
		folded_entry(fs, n);
		w("},\n");
	}
	w("};\n");
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fputs("usage: gen-gazetteer GEMEENTEN.tsv REGIOS.tsv OUT.c\n", stderr);
		return 64;
	}
	read_regions(argv[2]);
	read_municipalities(argv[1]);
	out = fopen(argv[3], "w");
	if (!out)
		die("%s: cannot write", argv[3]);
	generate();
	if (fclose(out) != 0)
		die("%s: cannot write", argv[3]);
	return 0;
}
