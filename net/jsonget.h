/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jsonget.h - net/'s private JSON reading helpers, shared by json.c and
 * calls_json.c.
 *
 * Owns the rules both parsers apply to every field (see json.c's header):
 * whole-reply parsing, the "path.key: what" failure text written into the
 * caller's why buffer, and typed field readers that fail on a wrong JSON
 * type and treat missing/null as "absent".  cJSON stays inside net/: this
 * header is included only by .c files of net/, never by api.h or any
 * header another layer sees.
 *
 * Ownership: every returned cJSON * belongs to the caller (cJSON_Delete);
 * every char * written through an out pointer is malloc'd and the caller
 * frees it (also after a failure, for what was already filled in).
 * Enum wire names (nj_get_wire) point into the cJSON tree.
 */
#ifndef HOTLINE_NET_JSONGET_H
#define HOTLINE_NET_JSONGET_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "../core/ticket.h"

/* Where a failure is reported: a caller's buffer of cap bytes (may be 0). */
struct nj_err {
	char *why;
	size_t cap;
};

/* Point e at why (cap bytes) and empty it. */
void nj_init(struct nj_err *e, char *why, size_t cap);
/* Write "path.key<what>" into e's buffer; always returns -1. */
int nj_fail(struct nj_err *e, const char *path, const char *key,
	    const char *what);
/* Parse a whole reply; only whitespace may follow the value.  need_object:
 * anything but a JSON object fails too.  NULL (and e filled) on failure. */
cJSON *nj_parse(const char *json, size_t len, int need_object,
		struct nj_err *e);
/* u8_sanitize() of a NUL-terminated string; malloc'd. */
char *nj_san(const char *s, unsigned flags);
/* Member key of o (case-sensitive); NULL if none. */
const cJSON *nj_item(const cJSON *o, const char *key);
/* Nonzero if it is missing or JSON null. */
int nj_absent(const cJSON *it);

/*
 * Field readers: 0 on success, -1 (and e filled) on failure.
 */
/* String, sanitized with flags.  need: must be present and non-empty;
 * otherwise missing/null give "". */
int nj_get_str(const cJSON *o, const char *path, const char *key,
	       unsigned flags, int need, char **out, struct nj_err *e);
/* Integer 0 .. 1e15-1 from a JSON number; missing/null → 0 unless need. */
int nj_get_num(const cJSON *o, const char *path, const char *key, int need,
	       long *out, struct nj_err *e);
/* Wire name of an enum: NULL (missing or null) or a string, else error. */
int nj_get_wire(const cJSON *o, const char *path, const char *key,
		const char **wire, struct nj_err *e);
/* tk_enum_parse() of the wire name; -1 when missing, null or unknown. */
int nj_get_enum(const cJSON *o, const char *path, const char *key,
		enum tk_enum_kind kind, int *out, struct nj_err *e);
/* true/false; missing/null → 0. */
int nj_get_bool(const cJSON *o, const char *path, const char *key, int *out,
		struct nj_err *e);
/* ISO 8601 string (cm_parse_iso); missing/null → 0. */
int nj_get_time(const cJSON *o, const char *path, const char *key, time_t *out,
		struct nj_err *e);
/* Array of one-line strings; missing/null → none (*out NULL, *n 0).  On a
 * non-string element the remaining slots are filled with "" so the caller
 * can free all *n of them. */
int nj_get_strv(const cJSON *o, const char *path, const char *key, char ***out,
		size_t *n, struct nj_err *e);

#endif
