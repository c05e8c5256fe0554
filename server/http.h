/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http.h - one HTTP request as the routes see it.
 *
 * Owns the life of a request: routing (404, 405 + Allow), the 64 KiB body
 * limit (413, refused from Content-Length before reading), authentication
 * (bearer token -> agent, 401) and the role table of every route (403),
 * all decided before a handler runs; the error object of the contract;
 * the access log line.  A handler queues exactly one response with the
 * reply_* functions; the body and strings of a req are valid only during
 * the handler.
 */
#ifndef HOTLINE_SERVER_HTTP_H
#define HOTLINE_SERVER_HTTP_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "../core/buf.h"
#include "jsonv.h"
#include "srv.h"
#include "store.h"

#define HTTP_BODY_MAX (64 * 1024)
#define HTTP_MAX_SEGS 8
#define HTTP_MAX_HDRS 4

struct req;

/* Role bits: 1u << enum role. */
#define RB(r) (1u << (r))
#define ROLES_ANY 0xffffu /* any authenticated agent */

struct route {
	const char *method;
	const char *pattern; /* "/v1/tickets/{}/actions/{}": {} = 1 segment */
	void (*fn)(struct req *r);
	unsigned roles; /* 0: no authentication; else allowed role bits */
};

/* The route table (routes.c). */
extern const struct route http_routes[];
extern const size_t http_n_routes;

struct req_hdr {
	char name[32];
	char value[192];
};

struct req {
	struct srv *srv;
	void *conn; /* struct MHD_Connection */
	const struct route *route;
	char method[16];
	char path[256]; /* cleaned for the log */
	char *seg[HTTP_MAX_SEGS];
	size_t n_seg;
	char *seg_mem;
	struct buf body;
	int too_large;
	int authed;
	struct store_agent agent;
	char token_hash[AUTH_TOKEN_LEN + 1];
	char ip[64];
	struct timespec t0;
	unsigned status;
	int queued;
	struct req_hdr hdr[HTTP_MAX_HDRS];
	int n_hdr;
};

/* Query argument (percent-decoded) or NULL. */
const char *req_query(struct req *r, const char *key);
/* Request header or NULL. */
const char *req_header(struct req *r, const char *name);
/* Body as a JSON object (empty body -> {} when empty_ok).  On a fault it
 * replies 400 and returns NULL.  Caller frees with cJSON_Delete. */
cJSON *req_json(struct req *r, int empty_ok);

/* Add a header to the response about to be queued. */
void reply_header(struct req *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Queue status + JSON (body is consumed). */
void reply_json(struct req *r, unsigned status, cJSON *body);
/* Already printed JSON; text is malloc'd and taken. */
void reply_json_text(struct req *r, unsigned status, char *text);
/* Queue status with no body (204). */
void reply_empty(struct req *r, unsigned status);
/* Queue the contract's error object; field may be NULL. */
void reply_error(struct req *r, unsigned status, const char *code,
		 const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void reply_verr(struct req *r, const struct verr *e);
/* 500 internal (the cause is logged by whoever saw it). */
void reply_internal(struct req *r);

#endif
