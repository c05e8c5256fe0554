/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calls.h - the client side of issue #3: agent state, call control, the
 * lists behind the call screen, and the live event stream
 * (GET /v1/events, Server-Sent Events).
 *
 * Everything runs on the struct api of api.h: the same CURLM multi, driven
 * by the UI loop through api_poll() and api_dispatch(); no thread.  The
 * request functions follow api.h: they return 0 when queued, -1 when the
 * request could not be started (the callback is then not called);
 * arguments are copied; the data pointer passed to a callback is non-NULL
 * exactly when r->st == ST_OK and is valid only during the callback (copy
 * with the core/callmodel.h _copy functions what you keep).
 *
 * JSON stays inside net/: replies and events are parsed into
 * core/callmodel.h structs with every string sanitized.
 */
#ifndef HOTLINE_NET_CALLS_H
#define HOTLINE_NET_CALLS_H

#include <stddef.h>
#include <time.h>

#include "../core/callmodel.h"
#include "../core/status.h"
#include "api.h"

/* ---- callbacks -------------------------------------------------------- */

typedef void (*api_state_fn)(const struct api_result *r,
			     const struct agent_state *s, void *ud);
typedef void (*api_call_fn)(const struct api_result *r, const struct call *c,
			    void *ud);
typedef void (*api_transfer_fn)(const struct api_result *r,
				const struct call_transfer *t, void *ud);
typedef void (*api_queues_fn)(const struct api_result *r,
			      const struct queue_list *q, void *ud);
typedef void (*api_units_fn)(const struct api_result *r,
			     const struct unit_list *u, void *ud);
typedef void (*api_codes_fn)(const struct api_result *r,
			     const struct code_list *l, void *ud);
typedef void (*api_config_fn)(const struct api_result *r,
			      const struct server_config *c, void *ud);

/* ---- agent state ------------------------------------------------------ */

/* GET /v1/agents/me/state. */
int api_get_state(struct api *a, api_state_fn cb, void *ud);
/* PUT /v1/agents/me/state {"state":S[,"reason":R]}.  state: "READY",
 * "NOT_READY" (reason required: a code of api_reasons) or "OFFLINE";
 * reason NULL or "" for none.  409 state_busy (ST_CONFLICT) during a call. */
int api_set_state(struct api *a, const char *state, const char *reason,
		  api_state_fn cb, void *ud);
/* PUT /v1/agents/me/state {"after_call":"NOT_READY","reason":R}: go
 * NOT_READY with reason R instead of READY after this call's wrap-up.
 * reason NULL: {"after_call":null}, cancel that. */
int api_set_after_call(struct api *a, const char *reason, api_state_fn cb,
		       void *ud);

/* ---- call control (id > 0) -------------------------------------------- */

int api_call_get(struct api *a, long id, api_call_fn cb, void *ud);
/* POST /v1/calls/{id}/answer|hold|resume|hangup → the updated CALL. */
int api_call_answer(struct api *a, long id, api_call_fn cb, void *ud);
int api_call_hold(struct api *a, long id, api_call_fn cb, void *ud);
int api_call_resume(struct api *a, long id, api_call_fn cb, void *ud);
int api_call_hangup(struct api *a, long id, api_call_fn cb, void *ud);
/* POST /v1/calls/{id}/transfers.  mode "BLIND" "CONSULT" "THREE_WAY";
 * target_kind "UNIT" (target a unit code) or "EMERGENCY" (target "110"
 * "119" "120" "122"); note NULL or "" for none.  → the TRANSFER record. */
int api_call_transfer(struct api *a, long id, const char *mode,
		      const char *target_kind, const char *target,
		      const char *note, api_transfer_fn cb, void *ud);
/* POST /v1/calls/{id}/wrapup {"code","summary","needs_callback",
 * "ticket_no"}; summary NULL → ""; ticket_no NULL or "" → null.
 * → the CALL, ENDED. */
int api_call_wrapup(struct api *a, long id, const char *code,
		    const char *summary, int needs_callback,
		    const char *ticket_no, api_call_fn cb, void *ud);
/* POST /v1/calls/{id}/extend-acw → the CALL with its later deadline. */
int api_call_extend_acw(struct api *a, long id, api_call_fn cb, void *ud);
/* POST /v1/calls/{id}/urge {"ticket_no","comment"}: a 催办 on an open
 * ticket, linked to the call; comment NULL → "".  The reply body is not
 * interpreted (the call.updated event carries the new urged_tickets). */
int api_call_urge(struct api *a, long id, const char *ticket_no,
		  const char *comment, api_done_fn cb, void *ud);

/* ---- lists -------------------------------------------------------------- */

int api_queues(struct api *a, api_queues_fn cb, void *ud); /* GET /v1/queues */
int api_config(struct api *a, api_config_fn cb, void *ud); /* GET /v1/config */
/* GET /v1/units[?kind=K]; kind NULL or "" for every unit. */
int api_units(struct api *a, const char *kind, api_units_fn cb, void *ud);
int api_wrapup_codes(struct api *a, api_codes_fn cb,
		     void *ud);                    /* GET /v1/wrapup-codes */
int api_reasons(struct api *a, api_codes_fn cb, void *ud); /* GET /v1/reasons */

/* ---- tickets for the screen pop --------------------------------------- */

/* Every ticket of that caller number (not only mine), newest first, up to
 * 50: api_tickets(a, 0, phone, NULL, 50, cb, ud).  phone must be digits
 * ('+' and '-' allowed), else -1. */
int api_tickets_by_phone(struct api *a, const char *phone, api_page_fn cb,
			 void *ud);
/*
 * POST /v1/tickets: a DRAFT bound to the call, with
 *   {"channel":"PHONE","appeal_type":"CONSULT","category_code":"99",
 *    "title":T,"content":C,"caller_phone":P,"call_id":"<id>"}
 * title NULL/"" → "来电 <caller_phone>" (or "来电"); content NULL/"" →
 * "（通话中记录）"; caller_phone NULL → "" (not sent); call_id <= 0 → not
 * sent.  idempotency_key (NULL: none) is sent as Idempotency-Key so that a
 * retry after a timeout gets the same ticket; it must be 1–128 of
 * A-Z a-z 0-9 . _ : - else -1.  → the TICKET.
 */
int api_ticket_create_minimal(struct api *a, long call_id,
			      const char *caller_phone, const char *title,
			      const char *content,
			      const char *idempotency_key, api_ticket_fn cb,
			      void *ud);

/* ---- the event stream --------------------------------------------------- */

enum api_event_type {
	AEV_HELLO,          /* first thing after each (re)connect */
	AEV_AGENT_STATE,    /* agent.state */
	AEV_CALL_OFFERED,   /* call.offered */
	AEV_CALL_UPDATED,   /* call.updated */
	AEV_QUEUE,          /* queue */
	AEV_TICKET_CHANGED, /* ticket.changed */
	AEV_BROADCAST,      /* broadcast */
	AEV_RESYNC,         /* resync: reload state, current call, queues */
	AEV_UNKNOWN,        /* a type this client does not know, or data
			     * that did not parse (see raw_type, why) */
	AEV_CONN            /* not from the server: the connection state
			     * changed (api_events_conn() tells the new one) */
};

/* One event, valid only during the callback. */
struct api_event {
	enum api_event_type type;
	long id;              /* SSE id, 0 when the event had none */
	const char *raw_type; /* the SSE event name, sanitized, "" if none */
	const char *why;      /* AEV_UNKNOWN: why, "" for an unknown type */
	/* The event's raw data as received (not sanitized, not NUL-safe:
	 * use data_len), for types decoded outside this module, e.g.
	 * stats.live (net/stats.h).  NULL for client-made events. */
	const char *data;
	size_t data_len;
	union {
		struct {
			long last_id;  /* the server's last event id */
			time_t now;    /* the server's clock, 0 if none */
			long skew_s;   /* server clock - local clock */
		} hello;
		struct agent_state state;   /* AEV_AGENT_STATE */
		struct call call;           /* AEV_CALL_OFFERED/UPDATED */
		struct queue_list queues;   /* AEV_QUEUE */
		struct ticket_change ticket; /* AEV_TICKET_CHANGED */
		struct broadcast_info broadcast; /* AEV_BROADCAST */
		struct {
			const char *reason; /* "history_gone" ... */
		} resync;
	} u;
};

typedef void (*api_event_fn)(const struct api_event *ev, void *ud);

struct api_events; /* opaque */

/*
 * Open GET /v1/events on a's multi handle (Accept: text/event-stream, the
 * current token of api_set_token, Last-Event-ID once an id is known) and
 * keep it open: on EOF, error, a non-200 reply, an event larger than
 * 256 KiB or 40 s without a byte (the server pings every 15 s) the stream
 * is dropped and reopened after a backoff of 0.5, 1, 2, 4, 8, 15, 15 ... s
 * (reset once a connection delivered its hello).  The last id seen is kept
 * across reconnects, so nothing is missed; after hello on a first connect
 * (and after a resync) the hello's last_id becomes the resume point.  An
 * event too large twice in a row at the same resume point is skipped: the
 * stream resumes from the hello's last_id and passes a client-made
 * AEV_RESYNC with reason "event_too_large" (reload, as for any resync).
 * Events are decoded and passed to cb from api_dispatch(), never from
 * inside libcurl; api_poll() wakes up in time for the reconnect and the
 * watchdog.  One stream per struct api: NULL when a already has one, or on
 * failure.  cb may call api_events_stop() (on this stream) and api_free().
 * api_free() also stops and frees a running stream: do not call
 * api_events_stop() on it afterwards.
 */
struct api_events *api_events_start(struct api *a, api_event_fn cb, void *ud);
/* Close the stream and free it (NULL is fine).  No callback after this. */
void api_events_stop(struct api_events *ev);
/* Drop the connection and open a new one at once (from the next
 * api_dispatch), with the current token and the kept resume point: call it
 * after a new login (api_set_token) so the stream runs under the new
 * session and misses nothing.  Resets the backoff. */
void api_events_reconnect(struct api_events *ev);

enum api_events_state {
	AES_CONNECTING,   /* request sent, no hello yet */
	AES_CONNECTED,    /* hello received, streaming */
	AES_RECONNECTING  /* waiting for the backoff, see retry_in_ms */
};

struct api_events_info {
	enum api_events_state state;
	long retry_in_ms;   /* AES_RECONNECTING: ms until the next attempt */
	long last_id;       /* resume point (Last-Event-ID), 0 when none */
	int failures;       /* consecutive failed connections */
	long http_status;   /* non-200 status of the last failed attempt
			     * (401: log in again), 0 when none yet */
	char last_error[128]; /* why the last connection ended, "" if none
			       * yet (kept after a reconnect succeeded) */
};
void api_events_info(const struct api_events *ev, struct api_events_info *out);

/*
 * For tests: watchdog_ms (no byte for that long → reconnect; default
 * 40000), first and largest backoff in ms (default 500 and 15000).  <= 0
 * keeps a value.
 */
void api_events_tune(struct api_events *ev, long watchdog_ms,
		     long backoff_min_ms, long backoff_max_ms);

/* ---- JSON mapping, exposed for unit tests (no network) ----------------
 * ST_OK with *out filled, or ST_PARSE with *out zeroed.  local_now is the
 * local clock used for server_skew_s / skew_s (time(NULL) in real use). */
enum status api_parse_agent_state(const char *json, size_t len,
				  time_t local_now, struct agent_state *out);
enum status api_parse_call(const char *json, size_t len, struct call *out);
enum status api_parse_transfer(const char *json, size_t len,
			       struct call_transfer *out);
enum status api_parse_queues(const char *json, size_t len,
			     struct queue_list *out);
enum status api_parse_units(const char *json, size_t len,
			    struct unit_list *out);
enum status api_parse_codes(const char *json, size_t len,
			    struct code_list *out);
enum status api_parse_config(const char *json, size_t len,
			     struct server_config *out);
enum status api_parse_ticket_change(const char *json, size_t len,
				    struct ticket_change *out);
enum status api_parse_broadcast(const char *json, size_t len,
				struct broadcast_info *out);

/*
 * The incremental SSE parser (exposed for tests).  Feed it bytes as they
 * arrive; each complete event (ended by a blank line) is passed to fn.
 * Lines end with \n, \r\n or \r (also split across feeds).  Fields: id
 * (ignored when it contains NUL), event, data (several data lines joined
 * with \n), retry (digits only; kept in retry_ms); comment lines (':' first)
 * and unknown fields are ignored; an event without data is not dispatched
 * but its id still becomes last_id.  An event bigger than max_event bytes
 * (sum of its field values) makes sse_feed return -1: drop the connection.
 */
struct sse_event {
	const char *id;    /* "" when the event had no id line */
	int has_id;
	const char *event; /* "" when none ("message" by the standard) */
	const char *data;
	size_t data_len;
};
typedef void (*sse_event_fn)(const struct sse_event *e, void *ud);

struct sse_parser; /* opaque */
struct sse_parser *sse_new(size_t max_event, sse_event_fn fn, void *ud);
void sse_free(struct sse_parser *p);
/* Start over (a new connection): drops any partial line and event; keeps
 * last_id. */
void sse_reset(struct sse_parser *p);
/* 0, or -1 when an event grew over max_event (the parser is then reset). */
int sse_feed(struct sse_parser *p, const char *buf, size_t len);
/* The last id field seen (the SSE "last event ID buffer"), "" if none. */
const char *sse_last_id(const struct sse_parser *p);
long sse_retry_ms(const struct sse_parser *p); /* 0 when never sent */

#endif
