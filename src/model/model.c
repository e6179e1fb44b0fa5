/*
 * The shared records: names of fields, statuses and repair kinds, the
 * logs of repairs and problems, and the checked sums.
 */
#include <stdarg.h>
#include <string.h>

#include "base/arena.h"
#include "model/model.h"

const char *tvk_field_name(enum tvk_field field)
{
	static const char *const names[TVK_N_FIELDS] = {
		"municipal_with_profile", "municipal_without_profile",
		"uwv_with_profile", "uwv_without_profile", "total",
	};
	return field < TVK_N_FIELDS ? names[field] : "unknown";
}

const char *tvk_text_layer_name(enum tvk_text_layer layer)
{
	switch (layer) {
	case TVK_LAYER_NONE: return "none";
	case TVK_LAYER_PDF: return "pdf";
	case TVK_LAYER_OCR: return "ocr";
	}
	return "unknown";
}

const char *tvk_status_name(enum tvk_status status)
{
	switch (status) {
	case TVK_STATUS_VALID: return "valid";
	case TVK_STATUS_REPAIRED: return "repaired";
	case TVK_STATUS_INVALID: return "invalid";
	}
	return "unknown";
}

const char *tvk_repair_kind_name(enum tvk_repair_kind kind)
{
	switch (kind) {
	case TVK_REPAIR_NUMBER_FORMAT: return "number-format";
	case TVK_REPAIR_MISSING_CELL: return "missing-cell";
	case TVK_REPAIR_WRONG_CELL: return "wrong-cell";
	case TVK_REPAIR_MISREAD: return "misread";
	case TVK_REPAIR_SPLIT_CELL: return "split-cell";
	case TVK_REPAIR_GLUED_CELL: return "glued-cell";
	case TVK_REPAIR_NAME: return "name";
	case TVK_REPAIR_NAME_JOIN: return "name-join";
	case TVK_REPAIR_LABEL_FRAGMENT: return "label-fragment";
	case TVK_REPAIR_REGION: return "region";
	case TVK_REPAIR_PERIOD: return "period";
	}
	return "unknown";
}

bool tvk_repair_kind_changes_count(enum tvk_repair_kind kind)
{
	return kind == TVK_REPAIR_MISSING_CELL || kind == TVK_REPAIR_WRONG_CELL ||
		kind == TVK_REPAIR_MISREAD || kind == TVK_REPAIR_SPLIT_CELL ||
		kind == TVK_REPAIR_GLUED_CELL;
}

void tvk_repair_log_add(struct tvk_repair_log *log, struct tvk_arena *arena,
		const struct tvk_repair *repair)
{
	log->items = tvk_arena_grow(arena, log->items, log->n, sizeof(*log->items));
	struct tvk_repair *r = &log->items[log->n++];
	*r = *repair;
	r->subject = tvk_arena_strdup(arena, repair->subject);
	r->field = tvk_arena_strdup(arena, repair->field);
	r->printed = tvk_arena_strdup(arena, repair->printed);
	r->text = tvk_arena_strdup(arena, repair->text);
	r->evidence = tvk_arena_strdup(arena, repair->evidence);
}

void tvk_problem_add(struct tvk_problem_list *list, struct tvk_arena *arena,
		bool warning, const char *check, struct tvk_problem_at at,
		const char *fmt, ...)
{
	list->items = tvk_arena_grow(arena, list->items, list->n, sizeof(*list->items));
	va_list ap;
	va_start(ap, fmt);
	char *message = tvk_arena_vprintf(arena, fmt, ap);
	va_end(ap);
	list->items[list->n++] = (struct tvk_problem){
		.warning = warning, .check = tvk_arena_strdup(arena, check),
		.subject = tvk_arena_strdup(arena, at.subject),
		.field = at.field ? tvk_arena_strdup(arena, at.field) :
			at.field_index >= 0 && at.field_index < TVK_N_FIELDS ?
			tvk_field_name((enum tvk_field)at.field_index) : NULL,
		.message = message, .row = at.row, .field_index = at.field_index,
	};
}

void tvk_problem_list_append(struct tvk_problem_list *to,
		struct tvk_arena *arena, const struct tvk_problem_list *from)
{
	for (size_t i = 0; i < from->n; i++) {
		to->items = tvk_arena_grow(arena, to->items, to->n, sizeof(*to->items));
		to->items[to->n++] = from->items[i];
	}
}

bool tvk_problem_list_has_errors(const struct tvk_problem_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		if (!list->items[i].warning)
			return true;
	return false;
}

bool tvk_add_checked(int64_t a, int64_t b, int64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

bool tvk_row_residual(const int64_t v[TVK_N_FIELDS], int64_t *residual)
{
	int64_t parts = 0;
	for (int f = 0; f < TVK_N_PARTS; f++)
		if (!tvk_add_checked(parts, v[f], &parts))
			return false;
	return !__builtin_sub_overflow(v[TVK_TOTAL], parts, residual);
}
