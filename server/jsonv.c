/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jsonv.c - strict JSON request bodies.
 */
#include "jsonv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"

void
verr_set(struct verr *e, int http, const char *code, const char *field,
	 const char *fmt, ...)
{
	va_list ap;

	e->http = http;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

/* Copy a raw key into out when it is short, valid UTF-8 and printable. */
static void
key_copy(char *out, size_t cap, const char *p, size_t n)
{
	size_t i;

	out[0] = '\0';
	if (n + 1 > cap || !u8_valid(p, n))
		return;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == '\\' || p[i] == '"')
			return;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* What cJSON does not check: depth, control characters, NUL escapes. */
static int
prescan(const char *p, size_t len, struct verr *e)
{
	char key[64] = "";
	size_t i, j, start = 0;
	int depth = 0, in_str = 0, in_num = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!in_str) {
			/* JSON numbers have no leading zeros (cJSON takes
			 * "01" as 1). */
			if (!in_num && (c == '-' || (c >= '0' && c <= '9'))) {
				size_t d = c == '-' ? i + 1 : i;

				in_num = 1;
				if (d + 1 < len && p[d] == '0' &&
				    p[d + 1] >= '0' && p[d + 1] <= '9') {
					verr_set(e, 400, "bad_json", key,
						 "number with a leading zero "
						 "at byte %zu",
						 i);
					return -1;
				}
			} else if (in_num && !strchr("0123456789+-.eE", c)) {
				in_num = 0;
			}
		}

		if (in_str) {
			if (c == '\\') {
				if (i + 5 < len && p[i + 1] == 'u' &&
				    memcmp(p + i + 2, "0000", 4) == 0) {
					verr_set(e, 400, "invalid_field", key,
						 "a string contains a NUL "
						 "character (\\u0000)");
					return -1;
				}
				i++;
				continue;
			}
			if (c == '"') {
				in_str = 0;
				for (j = i + 1; j < len && (p[j] == ' ' ||
							    p[j] == '\t' ||
							    p[j] == '\n' ||
							    p[j] == '\r');
				     j++)
					;
				if (j < len && p[j] == ':')
					key_copy(key, sizeof key, p + start,
						 i - start);
				continue;
			}
			if (c < 0x20) {
				verr_set(e, 400, "bad_json", key,
					 "raw control character 0x%02x inside "
					 "a string (escape it)",
					 c);
				return -1;
			}
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			start = i + 1;
			break;
		case '{':
		case '[':
			if (++depth > JSONV_MAX_DEPTH) {
				verr_set(e, 400, "bad_json", NULL,
					 "JSON nested deeper than %d levels",
					 JSONV_MAX_DEPTH);
				return -1;
			}
			break;
		case '}':
		case ']':
			depth--;
			break;
		case '\0':
			verr_set(e, 400, "bad_json", NULL,
				 "NUL byte in the body at offset %zu", i);
			return -1;
		default:
			break;
		}
	}
	return 0;
}

static int
walk_utf8(const cJSON *n, const char *top, struct verr *e)
{
	const cJSON *c;

	for (c = n->child; c; c = c->next) {
		const char *field = top ? top : c->string;

		if (c->string && !u8_valid(c->string, strlen(c->string))) {
			verr_set(e, 400, "bad_utf8", top ? top : "",
				 "a key is not valid UTF-8");
			return -1;
		}
		if (cJSON_IsString(c) && c->valuestring &&
		    !u8_valid(c->valuestring, strlen(c->valuestring))) {
			verr_set(e, 400, "bad_utf8", field ? field : "",
				 "text is not valid UTF-8");
			return -1;
		}
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) &&
		    walk_utf8(c, field, e) != 0)
			return -1;
	}
	return 0;
}

cJSON *
jsonv_parse_object(const char *body, size_t len, int empty_ok,
		   struct verr *e)
{
	const char *end = NULL;
	cJSON *root;
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", body[i]) || body[i] == '\0')
			break;
	if (i == len) {
		if (empty_ok)
			return cJSON_CreateObject();
		verr_set(e, 400, "bad_json", NULL,
			 "a JSON object body is required");
		return NULL;
	}
	if (prescan(body, len, e) != 0)
		return NULL;
	root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	if (!root) {
		verr_set(e, 400, "bad_json", NULL,
			 "malformed JSON near byte %ld",
			 end && end >= body ? (long)(end - body) : 0L);
		return NULL;
	}
	for (i = end ? (size_t)(end - body) : len; i < len; i++) {
		if (!strchr(" \t\r\n", body[i]) || body[i] == '\0') {
			verr_set(e, 400, "bad_json", NULL,
				 "unexpected data after the JSON value at "
				 "byte %zu",
				 i);
			cJSON_Delete(root);
			return NULL;
		}
	}
	if (!cJSON_IsObject(root)) {
		verr_set(e, 400, "bad_json", NULL, "expected a JSON object");
		cJSON_Delete(root);
		return NULL;
	}
	if (walk_utf8(root, NULL, e) != 0) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int
jsonv_check_keys(const cJSON *obj, const char *const *allowed,
		 const char *prefix, struct verr *e)
{
	const cJSON *c, *d;
	char field[80];
	size_t i;

	for (c = obj->child; c; c = c->next) {
		snprintf(field, sizeof field, "%s%s", prefix ? prefix : "",
			 c->string ? c->string : "");
		for (i = 0; allowed[i]; i++)
			if (c->string && strcmp(c->string, allowed[i]) == 0)
				break;
		if (!allowed[i]) {
			verr_set(e, 400, "invalid_field", field,
				 "unknown or read-only field");
			return -1;
		}
		for (d = obj->child; d != c; d = d->next) {
			if (d->string && strcmp(d->string, c->string) == 0) {
				verr_set(e, 400, "invalid_field", field,
					 "field given twice");
				return -1;
			}
		}
	}
	return 0;
}

int
jsonv_str(const cJSON *obj, const char *key, int nullable, const char **out,
	  struct verr *e)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!c)
		return 0;
	if (nullable && cJSON_IsNull(c)) {
		*out = NULL;
		return 1;
	}
	if (!cJSON_IsString(c) || !c->valuestring) {
		verr_set(e, 400, "invalid_field", key,
			 nullable ? "must be a string or null"
				  : "must be a string");
		return -1;
	}
	*out = c->valuestring;
	return 1;
}

int
jsonv_text(const char *s, const char *field, size_t max_chars,
	   int single_line, int nonempty, struct verr *e)
{
	if (nonempty && !*s) {
		verr_set(e, 400, "invalid_field", field, "must not be empty");
		return -1;
	}
	if (u8_count(s) > max_chars) {
		verr_set(e, 400, "invalid_field", field,
			 "longer than %zu characters", max_chars);
		return -1;
	}
	if (single_line && strpbrk(s, "\r\n")) {
		verr_set(e, 400, "invalid_field", field,
			 "must be a single line");
		return -1;
	}
	return 0;
}
