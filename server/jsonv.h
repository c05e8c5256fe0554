/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jsonv.h - request bodies: parse strictly, validate, report one error.
 *
 * Owns what the server accepts as a JSON body: one object, at most
 * JSONV_MAX_DEPTH levels of nesting, no raw control characters or NUL
 * (\u0000) inside strings, every key and string valid UTF-8, no trailing
 * garbage, no duplicate keys where the caller checks keys.  Errors are
 * described by a struct verr (HTTP status, contract error code, field,
 * message), which routes turn into the error object of the contract.
 */
#ifndef HOTLINE_SERVER_JSONV_H
#define HOTLINE_SERVER_JSONV_H

#include <stddef.h>

#include <cjson/cJSON.h>

#define JSONV_MAX_DEPTH 16

struct verr {
	int http;         /* HTTP status, 0 when no error */
	const char *code; /* contract code: "invalid_field", ... (static) */
	char field[80];   /* "" when no single field is at fault */
	char msg[256];
};

void verr_set(struct verr *e, int http, const char *code, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Parse body[0..len) as one JSON object (an empty body is "{}" when
 * empty_ok).  NULL with *e filled on any fault: bad_json (syntax, not an
 * object, too deep, control characters), bad_utf8 (field = the key whose
 * value or name is not UTF-8), invalid_field (a NUL escape; field = the
 * nearest key).  Caller owns the result (cJSON_Delete).
 */
cJSON *jsonv_parse_object(const char *body, size_t len, int empty_ok,
			  struct verr *e);

/*
 * Every key of obj must be in allowed (NULL-terminated) and appear once:
 * else invalid_field naming the key.  prefix ("extra.") is put before
 * the key in the field name.  0 when fine.
 */
int jsonv_check_keys(const cJSON *obj, const char *const *allowed,
		     const char *prefix, struct verr *e);

/*
 * Optional member of type string: 0 when absent (*out untouched), 1 when
 * present (*out points into obj; NULL for a JSON null when nullable),
 * -1 (invalid_field naming key) for any other type.
 */
int jsonv_str(const cJSON *obj, const char *key, int nullable,
	      const char **out, struct verr *e);
/* Text checks on a string that is already valid UTF-8: at most max_chars
 * code points, no CR/LF when single_line, non-empty when nonempty.
 * 0 when fine, else -1 with invalid_field naming field. */
int jsonv_text(const char *s, const char *field, size_t max_chars,
	       int single_line, int nonempty, struct verr *e);

#endif
