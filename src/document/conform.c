/*
 * tvk's JSON Schemas applied to the documents read back (conform.h): a
 * document that breaks them — a negative or fractional count, a year
 * given as text — is no document tvk wrote, and must not reach a
 * dataset.
 */
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "document/conform.h"

struct check {
	json_t *root; /* the schema, for $ref */
	char *why;
	size_t cap;
};

__attribute__((format(printf, 3, 4)))
static bool fail(struct check *c, const char *path, const char *fmt, ...)
{
	int n = snprintf(c->why, c->cap, "%s: ", path);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->cap)
		vsnprintf(c->why + n, c->cap - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static bool type_is(json_t *v, const char *type)
{
	if (!type)
		return false;
	if (strcmp(type, "object") == 0) return json_is_object(v);
	if (strcmp(type, "array") == 0) return json_is_array(v);
	if (strcmp(type, "string") == 0) return json_is_string(v);
	if (strcmp(type, "integer") == 0) return json_is_integer(v);
	if (strcmp(type, "number") == 0) return json_is_number(v);
	if (strcmp(type, "boolean") == 0) return json_is_boolean(v);
	if (strcmp(type, "null") == 0) return json_is_null(v);
	return false;
}

static bool conforms(struct check *c, json_t *schema, json_t *v,
		const char *path);

static bool check_type(struct check *c, json_t *kw, json_t *v,
		const char *path)
{
	if (json_is_string(kw) && type_is(v, json_string_value(kw)))
		return true;
	size_t i;
	json_t *t;
	json_array_foreach(kw, i, t)
		if (type_is(v, json_string_value(t)))
			return true;
	char want[64] = "";
	if (json_is_string(kw))
		snprintf(want, sizeof(want), "%s", json_string_value(kw));
	json_array_foreach(kw, i, t)
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s",
			i ? " or " : "", json_string_value(t));
	return fail(c, path, "wrong type (%s expected)", want);
}

static bool check_properties(struct check *c, json_t *schema, json_t *kw,
		json_t *v, const char *path)
{
	if (!json_is_object(v))
		return true;
	const char *key;
	json_t *sub;
	json_object_foreach(kw, key, sub) {
		json_t *pv = json_object_get(v, key);
		char where[512];
		snprintf(where, sizeof(where), "%s.%s", path, key);
		if (pv && !conforms(c, sub, pv, where))
			return false;
	}
	if (!json_is_false(json_object_get(schema, "additionalProperties")))
		return true;
	json_object_foreach(v, key, sub)
		if (!json_object_get(kw, key))
			return fail(c, path, "unexpected member '%s'", key);
	return true;
}

static bool check_items(struct check *c, json_t *kw, json_t *v,
		const char *path)
{
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		char where[512];
		snprintf(where, sizeof(where), "%s[%zu]", path, i);
		if (!conforms(c, kw, item, where))
			return false;
	}
	return true;
}

static bool check_bound(struct check *c, const char *key, json_t *kw,
		json_t *v, const char *path)
{
	if (!json_is_number(v))
		return true;
	double x = json_number_value(v), bound = json_number_value(kw);
	bool low = strcmp(key, "minimum") == 0;
	if (json_is_integer(v) && json_is_integer(kw) ? (low ?
			json_integer_value(v) < json_integer_value(kw) :
			json_integer_value(v) > json_integer_value(kw)) :
			(low ? x < bound : x > bound))
		return fail(c, path, "%g is %s %g", x, low ? "below the "
			"schema's minimum" : "above the schema's maximum", bound);
	return true;
}

static bool check_pattern(struct check *c, json_t *kw, json_t *v,
		const char *path)
{
	if (!json_is_string(v))
		return true;
	regex_t re;
	if (regcomp(&re, json_string_value(kw), REG_EXTENDED | REG_NOSUB) != 0)
		return fail(c, path, "the schema's pattern does not compile");
	int rc = regexec(&re, json_string_value(v), 0, NULL, 0);
	regfree(&re);
	if (rc != 0)
		return fail(c, path, "does not match %s", json_string_value(kw));
	return true;
}

/* One keyword of @schema applied to @v. */
static bool keyword(struct check *c, json_t *schema, const char *key,
		json_t *kw, json_t *v, const char *path)
{
	static const char *const notes[] = {"$schema", "$id", "title",
		"description", "$defs", "additionalProperties", NULL};
	for (const char *const *n = notes; *n; n++)
		if (strcmp(key, *n) == 0)
			return true; /* additionalProperties: with properties */
	if (strcmp(key, "$ref") == 0) {
		const char *ref = json_string_value(kw);
		json_t *to = ref && strncmp(ref, "#/$defs/", 8) == 0 ?
			json_object_get(json_object_get(c->root, "$defs"),
			ref + 8) : NULL;
		return to ? conforms(c, to, v, path) :
			fail(c, path, "the schema's $ref does not resolve");
	}
	if (strcmp(key, "type") == 0)
		return check_type(c, kw, v, path);
	if (strcmp(key, "const") == 0)
		return json_equal(kw, v) || fail(c, path, "not the value the "
			"schema fixes");
	if (strcmp(key, "enum") == 0) {
		size_t i;
		json_t *e;
		json_array_foreach(kw, i, e)
			if (json_equal(e, v))
				return true;
		return fail(c, path, "not one of the values the schema lists");
	}
	if (strcmp(key, "required") == 0) {
		size_t i;
		json_t *name;
		if (json_is_object(v))
			json_array_foreach(kw, i, name)
				if (!json_object_get(v, json_string_value(name)))
					return fail(c, path, "'%s' missing",
						json_string_value(name));
		return true;
	}
	if (strcmp(key, "properties") == 0)
		return check_properties(c, schema, kw, v, path);
	if (strcmp(key, "items") == 0)
		return !json_is_array(v) || check_items(c, kw, v, path);
	if (strcmp(key, "minItems") == 0 || strcmp(key, "maxItems") == 0) {
		json_int_t n = (json_int_t)json_array_size(v);
		if (json_is_array(v) && (key[1] == 'i' ?
				n < json_integer_value(kw) :
				n > json_integer_value(kw)))
			return fail(c, path, "too %s items", key[1] == 'i' ?
				"few" : "many");
		return true;
	}
	if (strcmp(key, "minimum") == 0 || strcmp(key, "maximum") == 0)
		return check_bound(c, key, kw, v, path);
	if (strcmp(key, "pattern") == 0)
		return check_pattern(c, kw, v, path);
	return fail(c, path, "the schema's keyword %s is not known", key);
}

static bool conforms(struct check *c, json_t *schema, json_t *v,
		const char *path)
{
	const char *key;
	json_t *kw;
	json_object_foreach(schema, key, kw)
		if (!keyword(c, schema, key, kw, v, path))
			return false;
	return true;
}

bool tvk_conform(const char *schema, json_t *value, char *why, size_t cap)
{
	json_t *root = json_loads(schema, 0, NULL);
	struct check c = {root, why, cap};
	bool ok = root ? conforms(&c, root, value, "$") :
		fail(&c, "$", "the schema does not parse");
	json_decref(root);
	return ok;
}
