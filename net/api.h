/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api.h - the client's asynchronous connection to hotlined.
 *
 * One libcurl multi handle driven from the UI's single-threaded loop: the
 * loop calls api_poll() (curl_multi_poll with the terminal as an extra
 * descriptor) and then api_dispatch(), which completes transfers and calls
 * their callbacks.  No call here ever blocks longer than api_poll's
 * timeout.  Every request has a connect timeout, a total timeout and
 * low-speed limits.  Proxies from the environment (http_proxy, all_proxy,
 * ...) are ignored; setting HOTLINE_PROXY=URL (read by api_new) sends every
 * request through that proxy.
 *
 * JSON stays inside net/: replies are parsed into core/model.h structs
 * (strings sanitized) before callbacks see them.
 */
#ifndef HOTLINE_NET_API_H
#define HOTLINE_NET_API_H

#include <stddef.h>

#include "../core/model.h"
#include "../core/status.h"

struct api; /* opaque */

/* Outcome of one request, passed to callbacks (valid only during the
 * callback; copy what you keep). */
struct api_result {
	enum status st;        /* ST_OK on 2xx; see api_status_from() */
	long http_status;      /* 0 when no HTTP response */
	const char *err_code;  /* server error code ("invalid_field") or "" */
	const char *message;   /* sanitized human message, never NULL */
	/* the input field the server's error names ({"error":{"field":..}},
	 * sanitized, one line), NULL when none; owned by the result (freed
	 * after the callback: copy it to keep it) */
	char *err_field;
};

/* base_url like "http://127.0.0.1:8345" (copied).  timeout_s for the whole
 * request (<= 0: 30 s); connect timeout is min(timeout_s, 5) s.  NULL on
 * bad URL (not http/https, no host, a query or fragment).  api_free may be
 * called from a callback: the free then happens when api_dispatch returns
 * and no further callbacks run. */
struct api *api_new(const char *base_url, long timeout_s);
void api_free(struct api *a); /* aborts transfers without callbacks */
/* Bearer token used for every request after a login; NULL clears.  A
 * successful api_login() sets it, api_logout() clears it (on 2xx or 401);
 * login and health requests never send it.  A token with characters
 * outside RFC 6750's token68 set is refused (treated as NULL). */
void api_set_token(struct api *a, const char *token);
const char *api_base_url(const struct api *a);

/* Wait for network activity or input on extra_fd (-1: none) for at most
 * timeout_ms (< 0: until something happens).  Returns 1 when extra_fd is
 * readable (or hung up: the read then sees EOF), 0 otherwise. */
int api_poll(struct api *a, int extra_fd, int timeout_ms);
/* Progress transfers and run callbacks of finished ones. */
void api_dispatch(struct api *a);
/* Transfers in flight. */
int api_pending(const struct api *a);
/* Interrupt api_poll from a signal handler or another thread. */
void api_wakeup(struct api *a);

/* Callbacks.  ud is the caller's pointer, passed back unchanged.  The data
 * pointers (token, agent, page, ticket, version) are non-NULL exactly when
 * r->st == ST_OK, and valid only during the callback. */
typedef void (*api_login_fn)(const struct api_result *r, const char *token,
			     const struct agent_info *agent, void *ud);
typedef void (*api_agent_fn)(const struct api_result *r,
			     const struct agent_info *agent, void *ud);
typedef void (*api_page_fn)(const struct api_result *r,
			    const struct ticket_page *page, void *ud);
typedef void (*api_ticket_fn)(const struct api_result *r,
			      const struct ticket *t, void *ud);
typedef void (*api_health_fn)(const struct api_result *r,
			      const char *version, void *ud);
typedef void (*api_done_fn)(const struct api_result *r, void *ud);

/* Each returns 0 when queued, -1 when it could not be started (the
 * callback is not called then).  Arguments are copied. */
int api_login(struct api *a, const char *user, const char *password,
	      api_login_fn cb, void *ud);            /* POST /v1/sessions */
int api_logout(struct api *a, api_done_fn cb, void *ud); /* DELETE current */
int api_me(struct api *a, api_agent_fn cb, void *ud);    /* GET /v1/me */
int api_health(struct api *a, api_health_fn cb, void *ud); /* GET /v1/health */
/* GET /v1/tickets?mine=1&limit=N[&cursor=C][&q=TEXT|&phone=P].
 * query: NULL/"" for none; an all-digit query searches by phone ('+' and
 * '-' allowed); blanks around it are dropped.  mine=0 omits "mine";
 * limit is clamped to 1..200; values are URL-encoded. */
int api_tickets(struct api *a, int mine, const char *query,
		const char *cursor, int limit, api_page_fn cb, void *ud);
int api_ticket(struct api *a, const char *ticket_no, api_ticket_fn cb,
	       void *ud); /* GET /v1/tickets/{no}, events included */

/* ---- JSON mapping, exposed for unit tests (no network) ----
 * Each returns ST_OK and fills *out, or ST_PARSE / ST_INVALID with *out
 * zeroed.  All strings sanitized. */
enum status api_parse_agent(const char *json, size_t len,
			    struct agent_info *out);
enum status api_parse_login(const char *json, size_t len, char **token,
			    struct agent_info *out);
enum status api_parse_ticket(const char *json, size_t len, struct ticket *out);
enum status api_parse_page(const char *json, size_t len,
			   struct ticket_page *out);
/* {"error":{"code":..,"message":..,"field":..}} → code/message/field
 * (malloc'd, sanitized; *field NULL when the body names no field, field
 * itself may be NULL when not wanted). */
enum status api_parse_error(const char *json, size_t len, char **code,
			    char **message, char **field);
/* HTTP status + curl error → status: 401 ST_UNAUTHORIZED, 403 ST_FORBIDDEN,
 * 404 ST_NOT_FOUND, 409 ST_CONFLICT, 412 ST_CONFLICT, other 4xx ST_INVALID,
 * 5xx ST_SERVER, connect failures ST_NETWORK, timeouts ST_TIMEOUT. */
enum status api_status_from(long http_status, int curl_code);

#endif
