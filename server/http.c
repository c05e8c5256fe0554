/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http.c - libmicrohttpd glue: daemon, routing, auth, bodies, replies.
 *
 * Threading: MHD's internal polling threads (a pool of SRV_THREADS, each
 * with its own epoll set) call on_request(); a handler runs on the pool
 * thread that owns the connection.  MHD_ALLOW_SUSPEND_RESUME is on so a
 * later event stream can park connections without holding a thread.
 */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "../core/mem.h"
#include "auth.h"
#include "log.h"

/* ---- replies ---------------------------------------------------------- */

void
reply_header(struct req *r, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (r->n_hdr >= HTTP_MAX_HDRS)
		return;
	snprintf(r->hdr[r->n_hdr].name, sizeof r->hdr[0].name, "%s", name);
	va_start(ap, fmt);
	vsnprintf(r->hdr[r->n_hdr].value, sizeof r->hdr[0].value, fmt, ap);
	va_end(ap);
	r->n_hdr++;
}

/* body: malloc'd (taken) or NULL for none. */
static void
queue(struct req *r, unsigned status, char *body, size_t len)
{
	struct MHD_Connection *c = r->conn;
	struct MHD_Response *resp;
	int i;

	if (r->queued) {
		free(body);
		slog(SLOG_ERROR, "internal: second response for %s %s",
		     r->method, r->path);
		return;
	}
	resp = body ? MHD_create_response_from_buffer(len, body,
						       MHD_RESPMEM_MUST_FREE)
		    : MHD_create_response_from_buffer(0, NULL,
						       MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(body);
		return;
	}
	if (body)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
					"application/json; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	for (i = 0; i < r->n_hdr; i++)
		MHD_add_response_header(resp, r->hdr[i].name, r->hdr[i].value);
	if (MHD_queue_response(c, status, resp) == MHD_YES) {
		r->queued = 1;
		r->status = status;
	} else {
		slog(SLOG_WARN, "cannot queue a response for %s %s",
		     r->method, r->path);
	}
	MHD_destroy_response(resp);
}

void
reply_json(struct req *r, unsigned status, cJSON *body)
{
	char *text = cJSON_PrintUnformatted(body);

	cJSON_Delete(body);
	if (!text) {
		queue(r, 500, NULL, 0);
		return;
	}
	queue(r, status, text, strlen(text));
}

void
reply_json_text(struct req *r, unsigned status, char *text)
{
	queue(r, status, text, strlen(text));
}

void
reply_empty(struct req *r, unsigned status)
{
	queue(r, status, NULL, 0);
}

static void
reply_error_v(struct req *r, unsigned status, const char *code,
	      const char *field, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *e = cJSON_AddObjectToObject(o, "error");

	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", msg);
	if (field && *field)
		cJSON_AddStringToObject(e, "field", field);
	reply_json(r, status, o);
}

void
reply_error(struct req *r, unsigned status, const char *code,
	    const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	reply_error_v(r, status, code, field, msg);
}

void
reply_verr(struct req *r, const struct verr *e)
{
	if (e->http >= 500) {
		reply_internal(r);
		return;
	}
	reply_error_v(r, e->http ? (unsigned)e->http : 400,
		      e->code ? e->code : "invalid_field", e->field, e->msg);
}

void
reply_internal(struct req *r)
{
	reply_error(r, 500, "internal", NULL, "internal server error");
}

/* ---- request helpers -------------------------------------------------- */

const char *
req_query(struct req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   key);
}

const char *
req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

cJSON *
req_json(struct req *r, int empty_ok)
{
	struct verr e = {0};
	cJSON *o;

	o = jsonv_parse_object(r->body.data ? r->body.data : "", r->body.len,
			       empty_ok, &e);
	if (!o)
		reply_verr(r, &e);
	return o;
}

/* ---- routing ---------------------------------------------------------- */

/* Split path into segments (in r->seg_mem).  -1 when too many/too long. */
static int
split_path(struct req *r, const char *url)
{
	char *p, *save = NULL, *tok;

	if (strlen(url) > 1024 || url[0] != '/')
		return -1;
	r->seg_mem = xstrdup(url);
	r->n_seg = 0;
	/* An empty segment ("//", trailing "/") never matches a route. */
	if (strstr(url, "//") || (url[1] && url[strlen(url) - 1] == '/'))
		return -1;
	for (p = r->seg_mem + 1; (tok = strtok_r(p, "/", &save)); p = NULL) {
		if (r->n_seg == HTTP_MAX_SEGS)
			return -1;
		r->seg[r->n_seg++] = tok;
	}
	return 0;
}

static int
pattern_match(const char *pattern, struct req *r)
{
	const char *p = pattern + 1;
	size_t i = 0;

	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (i >= r->n_seg)
			return 0;
		if (!(n == 2 && p[0] == '{' && p[1] == '}') &&
		    (strlen(r->seg[i]) != n || strncmp(p, r->seg[i], n) != 0))
			return 0;
		i++;
		p += n;
		if (*p == '/')
			p++;
	}
	return i == r->n_seg;
}

/* Find the route; on a miss reply 404 or 405 (with Allow) and NULL. */
static const struct route *
route_find(struct req *r, const char *url)
{
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET"
							     : r->method;
	char allow[128] = "";
	size_t i, len = 0;
	int path_hit = 0;

	if (split_path(r, url) == 0) {
		for (i = 0; i < http_n_routes; i++) {
			const struct route *rt = &http_routes[i];

			if (!pattern_match(rt->pattern, r))
				continue;
			if (strcmp(rt->method, method) == 0)
				return rt;
			path_hit = 1;
			if (!strstr(allow, rt->method) &&
			    len < sizeof allow)
				len += (size_t)snprintf(
					allow + len, sizeof allow - len,
					"%s%s", len ? ", " : "", rt->method);
		}
	}
	if (!path_hit) {
		reply_error(r, 404, "not_found", NULL, "no such endpoint");
		return NULL;
	}
	reply_header(r, "Allow", "%s", allow);
	reply_error(r, 405, "method_not_allowed", NULL,
		    "method %s not allowed here (allowed: %s)", r->method,
		    allow);
	return NULL;
}

/* Bearer token -> agent; replies 401 and returns -1 on failure. */
static int
authenticate(struct req *r)
{
	const char *h = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *tok;
	enum status st;

	if (!h || strncmp(h, "Bearer ", 7) != 0) {
		reply_header(r, "WWW-Authenticate", "Bearer");
		reply_error(r, 401, "unauthorized", NULL,
			    "missing bearer token");
		return -1;
	}
	tok = h + 7;
	while (*tok == ' ')
		tok++;
	if (!auth_token_valid(tok)) {
		reply_header(r, "WWW-Authenticate", "Bearer");
		reply_error(r, 401, "unauthorized", NULL,
			    "malformed bearer token");
		return -1;
	}
	auth_token_hash(tok, r->token_hash);
	st = r->srv->store->ops->find_session(r->srv->store, r->token_hash,
					      (long long)time(NULL),
					      &r->agent);
	if (st == ST_NOT_FOUND) {
		reply_header(r, "WWW-Authenticate", "Bearer");
		reply_error(r, 401, "unauthorized", NULL,
			    "unknown or expired session");
		return -1;
	}
	if (st != ST_OK) {
		reply_internal(r);
		return -1;
	}
	r->authed = 1;
	return 0;
}

static void
client_ip(struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(r->ip, sizeof r->ip, "unknown");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  r->ip, sizeof r->ip);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip,
			  sizeof r->ip);
}

/* First call: everything that does not need the body. 0 = go on. */
static int
req_begin(struct req *r, const char *url)
{
	const char *cl;

	r->route = route_find(r, url);
	if (!r->route)
		return -1;
	cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		char *end = NULL;
		unsigned long long n = strtoull(cl, &end, 10);

		if (end && *end == '\0' && n > HTTP_BODY_MAX) {
			reply_error(r, 413, "too_large", NULL,
				    "request body larger than %d bytes",
				    HTTP_BODY_MAX);
			return -1;
		}
	}
	if (r->route->roles) {
		if (authenticate(r) != 0)
			return -1;
		if (!(r->route->roles & RB(r->agent.role))) {
			reply_error(r, 403, "forbidden", NULL,
				    "role %s may not use %s %s",
				    role_wire(r->agent.role),
				    r->route->method, r->route->pattern);
			return -1;
		}
	}
	return 0;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
	   const char *method, const char *version, const char *upload,
	   size_t *upload_size, void **ctx)
{
	struct req *r = *ctx;

	(void)version;
	if (!r) {
		r = xcalloc(1, sizeof *r);
		*ctx = r;
		r->srv = cls;
		r->conn = conn;
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		snprintf(r->method, sizeof r->method, "%s", method);
		slog_clean(r->path, sizeof r->path, url);
		buf_init(&r->body, HTTP_BODY_MAX);
		client_ip(r);
		req_begin(r, url);
		return MHD_YES;
	}
	if (r->queued) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		/* Chunked bodies have no Content-Length: count and, past
		 * the limit, drop the rest and answer 413 at the end. */
		if (!r->too_large &&
		    buf_append(&r->body, upload, *upload_size) != ST_OK) {
			r->too_large = 1;
			buf_free(&r->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (!r->route) /* the early answer could not be queued */
		return MHD_NO;
	if (r->too_large)
		reply_error(r, 413, "too_large", NULL,
			    "request body larger than %d bytes",
			    HTTP_BODY_MAX);
	else
		r->route->fn(r);
	if (!r->queued) {
		slog(SLOG_ERROR, "internal: no response for %s %s", r->method,
		     r->path);
		reply_internal(r);
	}
	return r->queued ? MHD_YES : MHD_NO;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
	     enum MHD_RequestTerminationCode why)
{
	struct req *r = *ctx;
	struct timespec t1;
	double ms;

	(void)cls;
	(void)conn;
	if (!r)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - r->t0.tv_sec) * 1e3 +
	     (double)(t1.tv_nsec - r->t0.tv_nsec) / 1e6;
	if (why == MHD_REQUEST_TERMINATED_COMPLETED_OK || r->status)
		slog(SLOG_INFO, "%s %s %u %.1fms", r->method, r->path,
		     r->status, ms);
	else
		slog(SLOG_INFO, "%s %s aborted (%d) %.1fms", r->method,
		     r->path, (int)why, ms);
	buf_free(&r->body);
	store_agent_free(&r->agent);
	free(r->seg_mem);
	free(r);
	*ctx = NULL;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	slog(SLOG_DEBUG, "mhd: %s", line);
}
#pragma GCC diagnostic pop

int
http_start(struct srv *s)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *info;

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, s->host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)s->port);
	} else if (inet_pton(AF_INET6, s->host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((unsigned short)s->port);
		flags |= MHD_USE_IPv6;
	} else {
		slog(SLOG_ERROR, "not a numeric address: %s", s->host);
		return -1;
	}
	s->mhd = MHD_start_daemon(
		flags, (uint16_t)s->port, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SRV_THREADS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SRV_CONN_TIMEOUT,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SRV_CONN_LIMIT,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SRV_PER_IP_LIMIT,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_END);
	if (!s->mhd) {
		slog(SLOG_ERROR, "cannot listen on %s port %u (in use? "
				 "permission?)",
		     s->host, s->port);
		return -1;
	}
	info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->bound_port = info ? info->port : s->port;
	return 0;
}

void
http_stop(struct srv *s)
{
	if (s->mhd) {
		MHD_stop_daemon(s->mhd);
		s->mhd = NULL;
	}
}
