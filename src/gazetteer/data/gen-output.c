/*
 * gen-gazetteer's output: the tables of gazetteer-data.c, as C, from what
 * gen-gazetteer.c read (see gen-gazetteer.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer/data/gen-gazetteer.h"

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

static int by_region_code(const void *a, const void *b)
{
	const struct record *x = &records[*(const int *)a];
	const struct record *y = &records[*(const int *)b];
	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	return by_code_from(x, y);
}

struct form_entry {
	const char *s;
	size_t len;
	int record;
};

static int by_form(const void *a, const void *b)
{
	const struct form_entry *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp(x->s, y->s, x->len);
	if (c)
		return c;
	return by_region_code(&x->record, &y->record);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int by_fate_code(const void *a, const void *b)
{
	return strcmp(((const struct fate *)a)->code,
		((const struct fate *)b)->code);
}

static void generate_records(void)
{
	w("const size_t tvk_gz_n_records = %zu;\n\n", n_records);
	w("const struct tvk_municipality tvk_gz_records[] = {\n");
	for (size_t i = 0; i < n_records; i++) {
		const struct record *m = &records[i];
		w("\t{");
		c_string(m->code);
		w(", ");
		c_string(m->name);
		w(", ");
		c_string(m->label);
		w(", %d, %d, %d},\n", m->region, m->from, m->until);
	}
	w("};\n\n");

	w("const struct tvk_municipality *const tvk_gz_record_ptrs[] = {\n");
	for (size_t i = 0; i < n_records; i++)
		w("\t&tvk_gz_records[%zu],\n", i);
	w("};\n\n");

	w("const struct tvk_gz_forms tvk_gz_record_forms[] = {\n");
	for (size_t i = 0; i < n_records; i++) {
		char *fs[MAX_FORMS];
		size_t n = record_forms(&records[i], fs);
		w("\t{{");
		for (size_t k = 0; k < n; k++) {
			w("{");
			c_string(fs[k]);
			w(", %zu}, ", strlen(fs[k]));
		}
		w("{NULL, 0}}},\n");
	}
	w("};\n\n");
}

/*
 * The epochs: every date on which something starts or ends cuts the time
 * line; in between, the lists stay the same.
 */
static void generate_epochs(void)
{
	int *cuts = xmalloc((2 * n_records + 4 * N_REGIONS + 1) * sizeof(*cuts));
	size_t n_cuts = 0;
	cuts[n_cuts++] = 0;
	for (size_t r = 0; r < n_records; r++) {
		if (records[r].from)
			cuts[n_cuts++] = records[r].from;
		if (records[r].until != DATE_LATEST)
			cuts[n_cuts++] = day_after(records[r].until);
	}
	for (int c = 1; c <= N_REGIONS; c++)
		for (size_t k = 0; k < regions[c].n_names; k++)
			if (regions[c].names[k].from)
				cuts[n_cuts++] = regions[c].names[k].from;
	qsort(cuts, n_cuts, sizeof(*cuts), cmp_int);
	size_t n = 0;
	for (size_t i = 0; i < n_cuts; i++)
		if (n == 0 || cuts[i] != cuts[n - 1])
			cuts[n++] = cuts[i];

	int *list = xmalloc(n_records * sizeof(*list));
	for (size_t e = 0; e < n; e++) {
		size_t k = 0;
		for (size_t r = 0; r < n_records; r++)
			if (records[r].from <= cuts[e] && cuts[e] <= records[r].until)
				list[k++] = (int)r;
		qsort(list, k, sizeof(*list), by_region_code);
		w("static const struct tvk_municipality *const epoch_%zu[] = {\n", e);
		for (size_t i = 0; i < k; i++)
			w("\t&tvk_gz_records[%d], /* %s */\n", list[i],
				records[list[i]].code);
		w("};\n\n");
	}
	w("const size_t tvk_gz_n_epochs = %zu;\n\n", n);
	w("const struct tvk_gz_epoch tvk_gz_epochs[] = {\n");
	for (size_t e = 0; e < n; e++) {
		int until = e + 1 < n ? day_before(cuts[e + 1]) : DATE_LATEST;
		size_t k = 0;
		for (size_t r = 0; r < n_records; r++)
			if (records[r].from <= cuts[e] && cuts[e] <= records[r].until)
				list[k++] = (int)r;
		w("\t{%d, %d, epoch_%zu, %zu, {0,", cuts[e], until, e, k);
		size_t pos = 0;
		for (int reg = 1; reg <= N_REGIONS + 1; reg++) {
			w(" %zu,", pos);
			for (size_t i = 0; i < k; i++)
				pos += records[list[i]].region == reg;
		}
		w("}},\n");
	}
	w("};\n\n");

	size_t k = 0;
	for (size_t r = 0; r < n_records; r++)
		if (records[r].until == DATE_LATEST)
			list[k++] = (int)r;
	w("const size_t tvk_gz_n_today = %zu;\n\n", k);
	w("const struct tvk_municipality *const tvk_gz_today[] = {\n");
	for (size_t i = 0; i < k; i++)
		w("\t&tvk_gz_records[%d], /* %s */\n", list[i],
			records[list[i]].code);
	w("};\n\n");
	free(list);
	free(cuts);
}

/* Every folded form of every record, by length, bytes and the record's
 * region, code and date: country-wide exact lookups by binary search. */
static void generate_form_index(void)
{
	struct form_entry *entries = xmalloc(n_records * MAX_FORMS *
		sizeof(*entries));
	size_t n = 0;
	for (size_t r = 0; r < n_records; r++) {
		char *fs[MAX_FORMS];
		size_t k = record_forms(&records[r], fs);
		for (size_t j = 0; j < k; j++)
			entries[n++] = (struct form_entry){fs[j], strlen(fs[j]),
				(int)r};
	}
	if (n_records > 65535)
		die("too many records for an unsigned short");
	qsort(entries, n, sizeof(*entries), by_form);
	w("const struct tvk_gz_form_entry tvk_gz_form_index[] = {\n");
	for (size_t i = 0; i < n; i++) {
		w("\t{");
		c_string(entries[i].s);
		w(", %zu, %d},\n", entries[i].len, entries[i].record);
	}
	w("};\n\nconst size_t tvk_gz_n_forms = %zu;\n\n", n);
	free(entries);
}

static void generate_fates(void)
{
	qsort(fates, n_fates, sizeof(*fates), by_fate_code);
	for (size_t i = 0; i < n_fates; i++) {
		struct fate *f = &fates[i];
		w("static const struct tvk_successor successors_%s[] = {", f->code);
		for (size_t k = 0; k < f->n_succ; k++)
			w("{&tvk_gz_records[%d], %.1f}, ", f->succ[k].record,
				f->succ[k].share);
		w("};\n");
		if (f->current < 0) {
			w("static const struct tvk_municipality *const today_%s[] = {",
				f->code);
			for (size_t k = 0; k < f->n_today; k++)
				w("&tvk_gz_records[%d], ", f->today[k]);
			w("};\n");
		}
	}
	w("\nconst size_t tvk_gz_n_fates = %zu;\n\n", n_fates);
	w("const struct tvk_gz_fate tvk_gz_fates[] = {\n");
	for (size_t i = 0; i < n_fates; i++) {
		const struct fate *f = &fates[i];
		const char *kind = strcmp(f->kind, "merged") == 0 ?
			"TVK_DISSOLVED_MERGED" : strcmp(f->kind, "absorbed") == 0 ?
			"TVK_DISSOLVED_ABSORBED" : "TVK_DISSOLVED_SPLIT";
		w("\t{{&tvk_gz_records[%d], %d, %s, successors_%s, %zu}, ",
			f->last_record, f->effective, kind, f->code, f->n_succ);
		if (f->current >= 0)
			w("&tvk_gz_records[%d], NULL, 0},\n", f->current);
		else
			w("NULL, today_%s, %zu},\n", f->code, f->n_today);
	}
	w("};\n\n");
}

struct region_form {
	char *s;
	int from, until;
};

static void generate_regions(void)
{
	for (int r = 1; r <= N_REGIONS; r++) {
		const struct region *reg = &regions[r];
		w("static const char *const variants_%d[] = {", r);
		for (size_t v = 0; v < reg->n_variants; v++) {
			c_string(reg->variants[v]);
			w(", ");
		}
		w("NULL};\n");
		w("static const struct tvk_region_name names_%d[] = {", r);
		for (size_t k = 0; k < reg->n_names; k++) {
			w("{");
			c_string(reg->names[k].name);
			w(", %d, %d}, ", reg->names[k].from, reg->names[k].until);
		}
		w("};\n");
	}
	w("\nconst struct tvk_region tvk_gz_regions[TVK_N_REGIONS] = {\n");
	for (int r = 1; r <= N_REGIONS; r++) {
		w("\t{%d, ", r);
		c_string(regions[r].name);
		w(", ");
		c_string(slug(regions[r].name));
		w(", variants_%d, names_%d, %zu},\n", r, r, regions[r].n_names);
	}
	w("};\n\n");

	/* The distinct folded forms of a region's names (for their dates)
	 * and variants (for every date); a form two of them share holds
	 * for all their dates. */
	w("const struct tvk_gz_region_forms tvk_gz_region_forms[TVK_N_REGIONS] = {\n");
	for (int r = 1; r <= N_REGIONS; r++) {
		const struct region *reg = &regions[r];
		struct region_form fs[MAX_REGION_FORMS];
		size_t n = 0;
		for (size_t k = 0; k < reg->n_names + reg->n_variants; k++) {
			bool name = k < reg->n_names;
			const char *s = name ? reg->names[k].name :
				reg->variants[k - reg->n_names];
			int from = name ? reg->names[k].from : 0;
			int until = name ? reg->names[k].until : DATE_LATEST;
			char *f = fold_dup(s);
			size_t j = 0;
			while (j < n && strcmp(fs[j].s, f) != 0)
				j++;
			if (j < n) {
				if (from < fs[j].from)
					fs[j].from = from;
				if (until > fs[j].until)
					fs[j].until = until;
				free(f);
				continue;
			}
			if (n == MAX_REGION_FORMS)
				die("region %d: more than %d forms", r,
					MAX_REGION_FORMS);
			fs[n++] = (struct region_form){f, from, until};
		}
		w("\t{{");
		for (size_t j = 0; j < n; j++) {
			w("{");
			c_string(fs[j].s);
			w(", %zu, %d, %d}, ", strlen(fs[j].s), fs[j].from,
				fs[j].until);
		}
		w("{NULL, 0, 0, 0}}},\n");
	}
	w("};\n");
}

void generate(FILE *to)
{
	out = to;
	w("/* Generated by src/gazetteer/data/gen-gazetteer.c: do not edit. */\n");
	w("#include <stddef.h>\n\n#include \"gazetteer/gazetteer-data.h\"\n\n");
	generate_records();
	generate_epochs();
	generate_form_index();
	generate_fates();
	generate_regions();
}
