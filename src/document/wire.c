/* tvk's binary encoding (see wire.h). */
#include <string.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/sha256.h"
#include "document/document.h"
#include "document/wire.h"

#define NULL_STRING 0xFFFFFFFFu

void tvk_wire_u8(struct tvk_buf *b, unsigned v)
{
	char c = (char)(unsigned char)v;
	tvk_buf_add(b, &c, 1);
}

void tvk_wire_u32(struct tvk_buf *b, uint32_t v)
{
	char c[4];
	for (int i = 0; i < 4; i++)
		c[i] = (char)(unsigned char)(v >> (8 * i));
	tvk_buf_add(b, c, 4);
}

void tvk_wire_i64(struct tvk_buf *b, int64_t v)
{
	uint64_t u = (uint64_t)v;
	char c[8];
	for (int i = 0; i < 8; i++)
		c[i] = (char)(unsigned char)(u >> (8 * i));
	tvk_buf_add(b, c, 8);
}

void tvk_wire_f64(struct tvk_buf *b, double v)
{
	int64_t bits;
	memcpy(&bits, &v, sizeof(bits));
	tvk_wire_i64(b, bits);
}

void tvk_wire_str(struct tvk_buf *b, const char *s)
{
	if (!s) {
		tvk_wire_u32(b, NULL_STRING);
		return;
	}
	size_t n = strlen(s);
	tvk_wire_u32(b, (uint32_t)n);
	tvk_buf_add(b, s, n);
}

static const unsigned char *take(struct tvk_wire_reader *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	const unsigned char *p = r->p;
	r->p += n;
	return p;
}

unsigned tvk_wire_get_u8(struct tvk_wire_reader *r)
{
	const unsigned char *p = take(r, 1);
	return p ? *p : 0;
}

uint32_t tvk_wire_get_u32(struct tvk_wire_reader *r)
{
	const unsigned char *p = take(r, 4);
	if (!p)
		return 0;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

int64_t tvk_wire_get_i64(struct tvk_wire_reader *r)
{
	const unsigned char *p = take(r, 8);
	if (!p)
		return 0;
	uint64_t u = 0;
	for (int i = 7; i >= 0; i--)
		u = u << 8 | p[i];
	return (int64_t)u;
}

double tvk_wire_get_f64(struct tvk_wire_reader *r)
{
	int64_t bits = tvk_wire_get_i64(r);
	double v;
	memcpy(&v, &bits, sizeof(v));
	return v;
}

char *tvk_wire_get_str(struct tvk_wire_reader *r)
{
	uint32_t n = tvk_wire_get_u32(r);
	if (r->bad || n == NULL_STRING)
		return NULL;
	const unsigned char *p = take(r, n);
	if (!p)
		return NULL;
	char *s = tvk_xmalloc((size_t)n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

size_t tvk_wire_get_count(struct tvk_wire_reader *r, size_t min_size)
{
	uint32_t n = tvk_wire_get_u32(r);
	if (r->bad)
		return 0;
	if (min_size && n > (size_t)(r->end - r->p) / min_size) {
		r->bad = true;
		return 0;
	}
	return n;
}

/* ---- documents --------------------------------------------------------- */

static void put_place(struct tvk_buf *b, const struct tvk_document_place *p)
{
	tvk_wire_u32(b, (uint32_t)p->page);
	tvk_wire_u8(b, p->has_box);
	if (p->has_box) {
		tvk_wire_f64(b, p->box.x0);
		tvk_wire_f64(b, p->box.y0);
		tvk_wire_f64(b, p->box.x1);
		tvk_wire_f64(b, p->box.y1);
	}
}

static void get_place(struct tvk_wire_reader *r, struct tvk_document_place *p)
{
	p->page = (int)tvk_wire_get_u32(r);
	p->has_box = tvk_wire_get_u8(r) != 0;
	if (p->has_box) {
		p->box.x0 = tvk_wire_get_f64(r);
		p->box.y0 = tvk_wire_get_f64(r);
		p->box.x1 = tvk_wire_get_f64(r);
		p->box.y1 = tvk_wire_get_f64(r);
	}
}

static void put_counts(struct tvk_buf *b, const struct tvk_document_count *c)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		tvk_wire_u8(b, c[f].known);
		tvk_wire_i64(b, c[f].value);
	}
}

static void get_counts(struct tvk_wire_reader *r, struct tvk_document_count *c)
{
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		c[f].known = tvk_wire_get_u8(r) != 0;
		c[f].value = tvk_wire_get_i64(r);
	}
}

static void put_row(struct tvk_buf *b, const struct tvk_document_row *row)
{
	tvk_wire_str(b, row->code);
	tvk_wire_str(b, row->name);
	tvk_wire_str(b, row->printed_name);
	tvk_wire_str(b, row->current_code);
	tvk_wire_str(b, row->current_name);
	tvk_wire_u32(b, (uint32_t)row->n_successors);
	for (size_t i = 0; i < row->n_successors; i++) {
		tvk_wire_str(b, row->successors[i].code);
		tvk_wire_str(b, row->successors[i].name);
	}
	put_counts(b, row->counts);
	put_place(b, &row->place);
}

static void get_row(struct tvk_wire_reader *r, struct tvk_document_row *row)
{
	row->code = tvk_wire_get_str(r);
	row->name = tvk_wire_get_str(r);
	row->printed_name = tvk_wire_get_str(r);
	row->current_code = tvk_wire_get_str(r);
	row->current_name = tvk_wire_get_str(r);
	row->n_successors = tvk_wire_get_count(r, 8);
	if (row->n_successors) {
		row->successors = tvk_xcalloc(row->n_successors,
			sizeof(*row->successors));
		for (size_t i = 0; i < row->n_successors; i++) {
			row->successors[i].code = tvk_wire_get_str(r);
			row->successors[i].name = tvk_wire_get_str(r);
		}
	}
	get_counts(r, row->counts);
	get_place(r, &row->place);
}

static void put_source(struct tvk_buf *b, const struct tvk_document_source *s)
{
	tvk_wire_str(b, s->file);
	tvk_wire_str(b, s->sha256);
	tvk_wire_u32(b, (uint32_t)s->n_pages);
	for (size_t i = 0; i < s->n_pages; i++)
		tvk_wire_u32(b, (uint32_t)s->pages[i]);
	tvk_wire_u8(b, s->layer);
}

static void get_source(struct tvk_wire_reader *r, struct tvk_document_source *s)
{
	s->file = tvk_wire_get_str(r);
	s->sha256 = tvk_wire_get_str(r);
	s->n_pages = tvk_wire_get_count(r, 4);
	if (s->n_pages) {
		s->pages = tvk_xcalloc(s->n_pages, sizeof(*s->pages));
		for (size_t i = 0; i < s->n_pages; i++)
			s->pages[i] = (int)tvk_wire_get_u32(r);
	}
	unsigned layer = tvk_wire_get_u8(r);
	if (layer > TVK_LAYER_OCR)
		r->bad = true;
	s->layer = (enum tvk_text_layer)layer;
}

void tvk_wire_document(struct tvk_buf *b, const struct tvk_document *d)
{
	tvk_wire_u8(b, d->kind);
	tvk_wire_u32(b, (uint32_t)d->year);
	tvk_wire_u32(b, (uint32_t)d->quarter);
	tvk_wire_str(b, d->period_printed);
	tvk_wire_u32(b, (uint32_t)d->region);
	tvk_wire_str(b, d->region_name);
	tvk_wire_str(b, d->region_printed);
	tvk_wire_u32(b, (uint32_t)d->first_page);
	tvk_wire_u32(b, (uint32_t)d->last_page);
	tvk_wire_u32(b, (uint32_t)d->n_rows);
	for (size_t i = 0; i < d->n_rows; i++)
		put_row(b, &d->rows[i]);
	put_row(b, &d->total);
	const struct tvk_document_register *g = &d->target_group;
	tvk_wire_u8(b, g->present);
	tvk_wire_u8(b, g->persons_known);
	tvk_wire_u8(b, g->pct_known);
	tvk_wire_i64(b, g->persons);
	tvk_wire_i64(b, g->pct);
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		tvk_wire_i64(b, d->regions_sum[f]);
		tvk_wire_i64(b, d->unattributed[f]);
	}
	tvk_wire_u32(b, (uint32_t)d->n_regions);
	tvk_wire_u8(b, d->status);
	tvk_wire_u32(b, (uint32_t)d->n_problems);
	for (size_t i = 0; i < d->n_problems; i++) {
		const struct tvk_document_problem *p = &d->problems[i];
		tvk_wire_u8(b, p->warning);
		tvk_wire_str(b, p->check);
		tvk_wire_str(b, p->subject);
		tvk_wire_str(b, p->field);
		tvk_wire_str(b, p->message);
		put_place(b, &p->place);
	}
	tvk_wire_u32(b, (uint32_t)d->n_repairs);
	for (size_t i = 0; i < d->n_repairs; i++) {
		const struct tvk_document_repair *p = &d->repairs[i];
		tvk_wire_u8(b, p->kind);
		tvk_wire_str(b, p->subject);
		tvk_wire_str(b, p->field);
		tvk_wire_str(b, p->printed);
		tvk_wire_u8(b, p->has_value);
		tvk_wire_i64(b, p->value);
		tvk_wire_str(b, p->text);
		tvk_wire_str(b, p->evidence);
		put_place(b, &p->place);
	}
	put_source(b, &d->source);
	tvk_wire_u32(b, (uint32_t)d->n_also_in);
	for (size_t i = 0; i < d->n_also_in; i++)
		put_source(b, &d->also_in[i]);
}

struct tvk_document *tvk_wire_get_document(struct tvk_wire_reader *r)
{
	struct tvk_document *d = tvk_document_create();
	unsigned kind = tvk_wire_get_u8(r);
	d->kind = (enum tvk_table_kind)kind;
	d->year = (int)tvk_wire_get_u32(r);
	d->quarter = (int)tvk_wire_get_u32(r);
	d->period_printed = tvk_wire_get_str(r);
	d->region = (int)tvk_wire_get_u32(r);
	d->region_name = tvk_wire_get_str(r);
	d->region_printed = tvk_wire_get_str(r);
	d->first_page = (int)tvk_wire_get_u32(r);
	d->last_page = (int)tvk_wire_get_u32(r);
	/* A row is at least five string lengths, five counts and a place. */
	d->n_rows = tvk_wire_get_count(r, 5 * 4 + 5 * 9 + 5);
	d->rows = tvk_xcalloc(d->n_rows, sizeof(*d->rows));
	for (size_t i = 0; i < d->n_rows; i++)
		get_row(r, &d->rows[i]);
	get_row(r, &d->total);
	struct tvk_document_register *g = &d->target_group;
	g->present = tvk_wire_get_u8(r) != 0;
	g->persons_known = tvk_wire_get_u8(r) != 0;
	g->pct_known = tvk_wire_get_u8(r) != 0;
	g->persons = tvk_wire_get_i64(r);
	g->pct = (int)tvk_wire_get_i64(r);
	for (int f = 0; f < TVK_N_FIELDS; f++) {
		d->regions_sum[f] = tvk_wire_get_i64(r);
		d->unattributed[f] = tvk_wire_get_i64(r);
	}
	d->n_regions = tvk_wire_get_u32(r);
	unsigned status = tvk_wire_get_u8(r);
	d->status = (enum tvk_status)status;
	d->n_problems = tvk_wire_get_count(r, 1 + 4 * 4 + 5);
	d->problems = tvk_xcalloc(d->n_problems, sizeof(*d->problems));
	for (size_t i = 0; i < d->n_problems; i++) {
		struct tvk_document_problem *p = &d->problems[i];
		p->warning = tvk_wire_get_u8(r) != 0;
		p->check = tvk_wire_get_str(r);
		p->subject = tvk_wire_get_str(r);
		p->field = tvk_wire_get_str(r);
		p->message = tvk_wire_get_str(r);
		get_place(r, &p->place);
	}
	d->n_repairs = tvk_wire_get_count(r, 1 + 5 * 4 + 1 + 8 + 5);
	d->repairs = tvk_xcalloc(d->n_repairs, sizeof(*d->repairs));
	for (size_t i = 0; i < d->n_repairs; i++) {
		struct tvk_document_repair *p = &d->repairs[i];
		unsigned rk = tvk_wire_get_u8(r);
		if (rk > TVK_REPAIR_PERIOD)
			r->bad = true;
		p->kind = (enum tvk_repair_kind)rk;
		p->subject = tvk_wire_get_str(r);
		p->field = tvk_wire_get_str(r);
		p->printed = tvk_wire_get_str(r);
		p->has_value = tvk_wire_get_u8(r) != 0;
		p->value = tvk_wire_get_i64(r);
		p->text = tvk_wire_get_str(r);
		p->evidence = tvk_wire_get_str(r);
		get_place(r, &p->place);
	}
	get_source(r, &d->source);
	d->n_also_in = tvk_wire_get_count(r, 4 + 4 + 4 + 1);
	d->also_in = tvk_xcalloc(d->n_also_in, sizeof(*d->also_in));
	for (size_t i = 0; i < d->n_also_in; i++)
		get_source(r, &d->also_in[i]);
	if (kind > TVK_TABLE_NATIONAL || status > TVK_STATUS_INVALID ||
			d->year < 0 || d->quarter < 0 || d->quarter > 4 ||
			d->region < 0 || d->region > 99 || r->bad) {
		r->bad = true;
		tvk_document_destroy(d);
		return NULL;
	}
	return d;
}

/* ---- records ----------------------------------------------------------- */

static const char magic[4] = {'T', 'V', 'K', 'R'};

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

size_t tvk_wire_record_begin(struct tvk_buf *b, unsigned type)
{
	size_t start = b->len;
	tvk_buf_add(b, magic, 4);
	char head[4] = {(char)(TVK_WIRE_FORMAT & 0xFF), (char)(TVK_WIRE_FORMAT >> 8),
		(char)(type & 0xFF), (char)((type >> 8) & 0xFF)};
	tvk_buf_add(b, head, 4);
	tvk_wire_u32(b, 0); /* the length, once known */
	return start;
}

void tvk_wire_record_end(struct tvk_buf *b, size_t start)
{
	size_t length = b->len - start - TVK_WIRE_HEADER;
	unsigned char *len = (unsigned char *)b->s + start + 8;
	for (int i = 0; i < 4; i++)
		len[i] = (unsigned char)(length >> (8 * i));
	unsigned char sum[32];
	tvk_sha256(b->s + start, b->len - start, sum);
	tvk_buf_add(b, (const char *)sum, TVK_WIRE_CHECKSUM);
}

enum tvk_wire_status tvk_wire_record_read(const unsigned char *p, size_t n,
		struct tvk_wire_record *rec)
{
	if (n < 4)
		return memcmp(p, magic, n) == 0 ? TVK_WIRE_PARTIAL :
			TVK_WIRE_DAMAGED;
	if (memcmp(p, magic, 4) != 0)
		return TVK_WIRE_DAMAGED;
	if (n < TVK_WIRE_HEADER)
		return TVK_WIRE_PARTIAL;
	uint32_t length = get32(p + 8);
	if (length > TVK_WIRE_MAX_PAYLOAD)
		return TVK_WIRE_DAMAGED;
	size_t size = TVK_WIRE_HEADER + (size_t)length + TVK_WIRE_CHECKSUM;
	if (n < size)
		return TVK_WIRE_PARTIAL;
	unsigned char sum[32];
	tvk_sha256(p, size - TVK_WIRE_CHECKSUM, sum);
	if (memcmp(sum, p + size - TVK_WIRE_CHECKSUM, TVK_WIRE_CHECKSUM) != 0)
		return TVK_WIRE_DAMAGED;
	rec->type = (unsigned)p[6] | (unsigned)p[7] << 8;
	rec->payload = p + TVK_WIRE_HEADER;
	rec->length = length;
	rec->size = size;
	unsigned format = (unsigned)p[4] | (unsigned)p[5] << 8;
	return format == TVK_WIRE_FORMAT ? TVK_WIRE_OK : TVK_WIRE_FOREIGN;
}
