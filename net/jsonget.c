/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jsonget.c - net/'s private JSON reading helpers (see jsonget.h).
 */
#include "jsonget.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/callmodel.h"
#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"

#define NJ_ID_LIMIT 1e15

void
nj_init(struct nj_err *e, char *why, size_t cap)
{
	e->why = why;
	e->cap = cap;
	if (why && cap > 0)
		why[0] = '\0';
}

int
nj_fail(struct nj_err *e, const char *path, const char *key, const char *what)
{
	if (e->why && e->cap > 0)
		snprintf(e->why, e->cap, "%s%s%s%s", path ? path : "",
			 path && *path && key ? "." : "", key ? key : "", what);
	return -1;
}

cJSON *
nj_parse(const char *json, size_t len, int need_object, struct nj_err *e)
{
	const char *end = NULL;
	cJSON *root;

	if (!json || len == 0) {
		nj_fail(e, NULL, NULL, "empty reply");
		return NULL;
	}
	root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (!root) {
		nj_fail(e, NULL, NULL, "reply is not valid JSON");
		return NULL;
	}
	while (end && end < json + len &&
	       (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r' ||
		*end == '\0'))
		end++;
	if (!end || end != json + len) {
		cJSON_Delete(root);
		nj_fail(e, NULL, NULL, "text after the JSON value");
		return NULL;
	}
	if (need_object && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		nj_fail(e, NULL, NULL, "reply is not an object");
		return NULL;
	}
	return root;
}

char *
nj_san(const char *s, unsigned flags)
{
	return u8_sanitize(s, strlen(s), flags);
}

const cJSON *
nj_item(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

int
nj_absent(const cJSON *it)
{
	return !it || cJSON_IsNull(it);
}

int
nj_get_str(const cJSON *o, const char *path, const char *key, unsigned flags,
	   int need, char **out, struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);

	if (nj_absent(it)) {
		if (need)
			return nj_fail(e, path, key, ": missing");
		*out = xstrdup("");
		return 0;
	}
	if (!cJSON_IsString(it) || !it->valuestring)
		return nj_fail(e, path, key, ": not a string");
	if (need && it->valuestring[0] == '\0')
		return nj_fail(e, path, key, ": empty");
	*out = nj_san(it->valuestring, flags);
	return 0;
}

int
nj_get_num(const cJSON *o, const char *path, const char *key, int need,
	   long *out, struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);
	double v;

	*out = 0;
	if (nj_absent(it))
		return need ? nj_fail(e, path, key, ": missing") : 0;
	if (!cJSON_IsNumber(it))
		return nj_fail(e, path, key, ": not a number");
	v = it->valuedouble;
	if (!isfinite(v) || v != floor(v) || v < 0 || v >= NJ_ID_LIMIT)
		return nj_fail(e, path, key, ": not an integer in 0..1e15-1");
	*out = (long)v;
	return 0;
}

int
nj_get_wire(const cJSON *o, const char *path, const char *key,
	    const char **wire, struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);

	*wire = NULL;
	if (nj_absent(it))
		return 0;
	if (!cJSON_IsString(it) || !it->valuestring)
		return nj_fail(e, path, key, ": not a string");
	*wire = it->valuestring;
	return 0;
}

int
nj_get_enum(const cJSON *o, const char *path, const char *key,
	    enum tk_enum_kind kind, int *out, struct nj_err *e)
{
	const char *w;

	*out = -1;
	if (nj_get_wire(o, path, key, &w, e) < 0)
		return -1;
	if (w)
		*out = tk_enum_parse(kind, w);
	return 0;
}

int
nj_get_bool(const cJSON *o, const char *path, const char *key, int *out,
	    struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);

	*out = 0;
	if (nj_absent(it))
		return 0;
	if (!cJSON_IsBool(it))
		return nj_fail(e, path, key, ": not true or false");
	*out = cJSON_IsTrue(it) ? 1 : 0;
	return 0;
}

int
nj_get_time(const cJSON *o, const char *path, const char *key, time_t *out,
	    struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);

	*out = 0;
	if (nj_absent(it))
		return 0;
	if (!cJSON_IsString(it) || !it->valuestring)
		return nj_fail(e, path, key, ": not a string");
	if (cm_parse_iso(it->valuestring, out) < 0)
		return nj_fail(e, path, key, ": not an ISO 8601 time");
	return 0;
}

int
nj_get_strv(const cJSON *o, const char *path, const char *key, char ***out,
	    size_t *n, struct nj_err *e)
{
	const cJSON *arr = nj_item(o, key), *d;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (nj_absent(arr))
		return 0;
	if (!cJSON_IsArray(arr))
		return nj_fail(e, path, key, ": not an array");
	*n = (size_t)cJSON_GetArraySize(arr);
	if (*n == 0)
		return 0;
	*out = xcalloc(*n, sizeof(**out));
	cJSON_ArrayForEach(d, arr)
	{
		if (!cJSON_IsString(d) || !d->valuestring) {
			/* The rest stay NULL; fill so _free is simple. */
			for (; i < *n; i++)
				(*out)[i] = xstrdup("");
			return nj_fail(e, path, key, "[]: not a string");
		}
		(*out)[i++] = nj_san(d->valuestring, SAN_FOLD_AMBIGUOUS);
	}
	return 0;
}
