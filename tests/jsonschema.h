#ifndef TVK_JSONSCHEMA_H
#define TVK_JSONSCHEMA_H

/*
 * A small JSON Schema validator for tests: the keywords tvk's schema uses
 * (type, const, enum, required, properties, additionalProperties: false,
 * items, minItems, maxItems, minimum, maximum, pattern, $ref into $defs), and an
 * error for any other keyword, so that the schema cannot grow a keyword
 * this validator silently ignores.
 */

#include <regex.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

static bool js_type_is(json_t *v, const char *type)
{
	if (strcmp(type, "object") == 0) return json_is_object(v);
	if (strcmp(type, "array") == 0) return json_is_array(v);
	if (strcmp(type, "string") == 0) return json_is_string(v);
	if (strcmp(type, "integer") == 0) return json_is_integer(v);
	if (strcmp(type, "number") == 0) return json_is_number(v);
	if (strcmp(type, "boolean") == 0) return json_is_boolean(v);
	if (strcmp(type, "null") == 0) return json_is_null(v);
	return false;
}

/* Validates @v against @schema (whose root is @root); on failure writes
 * the path and reason to @why and returns false. */
static bool js_validate(json_t *root, json_t *schema, json_t *v,
		const char *path, char *why, size_t cap)
{
	const char *key;
	json_t *kw;
	json_object_foreach(schema, key, kw) {
		if (!strcmp(key, "$schema") || !strcmp(key, "$id") ||
				!strcmp(key, "title") || !strcmp(key, "description") ||
				!strcmp(key, "$defs"))
			continue;
		if (!strcmp(key, "$ref")) {
			const char *ref = json_string_value(kw);
			if (!ref || strncmp(ref, "#/$defs/", 8) != 0) {
				snprintf(why, cap, "%s: unsupported $ref", path);
				return false;
			}
			json_t *target = json_object_get(json_object_get(root,
				"$defs"), ref + 8);
			if (!target) {
				snprintf(why, cap, "%s: dangling $ref %s", path, ref);
				return false;
			}
			if (!js_validate(root, target, v, path, why, cap))
				return false;
		} else if (!strcmp(key, "type")) {
			bool ok = false;
			if (json_is_string(kw)) {
				ok = js_type_is(v, json_string_value(kw));
			} else {
				size_t i;
				json_t *t;
				json_array_foreach(kw, i, t)
					ok = ok || js_type_is(v, json_string_value(t));
			}
			if (!ok) {
				snprintf(why, cap, "%s: wrong type", path);
				return false;
			}
		} else if (!strcmp(key, "const")) {
			if (!json_equal(kw, v)) {
				snprintf(why, cap, "%s: not the constant", path);
				return false;
			}
		} else if (!strcmp(key, "enum")) {
			bool ok = false;
			size_t i;
			json_t *e;
			json_array_foreach(kw, i, e)
				ok = ok || json_equal(e, v);
			if (!ok) {
				snprintf(why, cap, "%s: not one of the enum", path);
				return false;
			}
		} else if (!strcmp(key, "required")) {
			size_t i;
			json_t *name;
			if (json_is_object(v))
				json_array_foreach(kw, i, name)
					if (!json_object_get(v, json_string_value(name))) {
						snprintf(why, cap, "%s: %s missing", path,
							json_string_value(name));
						return false;
					}
		} else if (!strcmp(key, "properties")) {
			const char *pk;
			json_t *ps;
			if (json_is_object(v))
				json_object_foreach(kw, pk, ps) {
					json_t *pv = json_object_get(v, pk);
					char sub[512];
					snprintf(sub, sizeof(sub), "%s.%s", path, pk);
					if (pv && !js_validate(root, ps, pv, sub, why, cap))
						return false;
				}
		} else if (!strcmp(key, "additionalProperties")) {
			if (!json_is_false(kw)) {
				snprintf(why, cap, "%s: unsupported additionalProperties",
					path);
				return false;
			}
			json_t *props = json_object_get(schema, "properties");
			const char *vk;
			json_t *vv;
			if (json_is_object(v))
				json_object_foreach(v, vk, vv)
					if (!json_object_get(props, vk)) {
						snprintf(why, cap, "%s: unexpected %s", path,
							vk);
						return false;
					}
		} else if (!strcmp(key, "items")) {
			size_t i;
			json_t *item;
			if (json_is_array(v))
				json_array_foreach(v, i, item) {
					char sub[512];
					snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
					if (!js_validate(root, kw, item, sub, why, cap))
						return false;
				}
		} else if (!strcmp(key, "minItems") || !strcmp(key, "maxItems")) {
			json_int_t n = (json_int_t)json_array_size(v);
			if (json_is_array(v) && (key[1] == 'i' ?
					n < json_integer_value(kw) :
					n > json_integer_value(kw))) {
				snprintf(why, cap, "%s: too %s items", path,
					key[1] == 'i' ? "few" : "many");
				return false;
			}
		} else if (!strcmp(key, "maxItems")) {
			if (json_is_array(v) &&
					(json_int_t)json_array_size(v) > json_integer_value(kw)) {
				snprintf(why, cap, "%s: too many items", path);
				return false;
			}
		} else if (!strcmp(key, "minimum") || !strcmp(key, "maximum")) {
			if (json_is_integer(v)) {
				json_int_t x = json_integer_value(v);
				json_int_t bound = json_integer_value(kw);
				if (key[1] == 'i' ? x < bound : x > bound) {
					snprintf(why, cap, "%s: %lld out of range", path,
						(long long)x);
					return false;
				}
			}
		} else if (!strcmp(key, "pattern")) {
			if (json_is_string(v)) {
				regex_t re;
				if (regcomp(&re, json_string_value(kw),
						REG_EXTENDED | REG_NOSUB) != 0) {
					snprintf(why, cap, "%s: bad pattern", path);
					return false;
				}
				int rc = regexec(&re, json_string_value(v), 0, NULL, 0);
				regfree(&re);
				if (rc != 0) {
					snprintf(why, cap, "%s: '%s' does not match %s",
						path, json_string_value(v),
						json_string_value(kw));
					return false;
				}
			}
		} else {
			snprintf(why, cap, "%s: keyword %s not supported", path, key);
			return false;
		}
	}
	return true;
}

#endif
