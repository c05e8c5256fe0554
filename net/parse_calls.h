/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse_calls.h - net/'s private JSON mapping for issue #3 (calls_json.c),
 * used by calls.c and events.c, and the private hooks between api.c and
 * calls.c / events.c.
 *
 * Same conventions as parse.h: each api_jc_*() returns ST_OK with *out
 * filled or ST_PARSE with *out zeroed and a short English reason in why.
 * No cJSON or curl type appears here.
 */
#ifndef HOTLINE_NET_PARSE_CALLS_H
#define HOTLINE_NET_PARSE_CALLS_H

#include <stddef.h>
#include <time.h>

#include "../core/callmodel.h"
#include "../core/status.h"
#include "api.h"
#include "calls.h"

enum status api_jc_agent_state(const char *json, size_t len,
			       time_t local_now, struct agent_state *out,
			       char *why, size_t why_cap);
enum status api_jc_call(const char *json, size_t len, struct call *out,
			char *why, size_t why_cap);
enum status api_jc_transfer(const char *json, size_t len,
			    struct call_transfer *out, char *why,
			    size_t why_cap);
enum status api_jc_queues(const char *json, size_t len,
			  struct queue_list *out, char *why, size_t why_cap);
enum status api_jc_units(const char *json, size_t len, struct unit_list *out,
			 char *why, size_t why_cap);
enum status api_jc_codes(const char *json, size_t len, struct code_list *out,
			 char *why, size_t why_cap);
enum status api_jc_config(const char *json, size_t len,
			  struct server_config *out, char *why,
			  size_t why_cap);
enum status api_jc_ticket_change(const char *json, size_t len,
				 struct ticket_change *out, char *why,
				 size_t why_cap);
enum status api_jc_broadcast(const char *json, size_t len,
			     struct broadcast_info *out, char *why,
			     size_t why_cap);
/* hello: {"last_id":N,"now":"…"}; resync: {"reason":"…"} (*reason
 * malloc'd, "" when absent). */
enum status api_jc_hello(const char *json, size_t len, time_t local_now,
			 long *last_id, time_t *now, long *skew_s, char *why,
			 size_t why_cap);
enum status api_jc_resync(const char *json, size_t len, char **reason,
			  char *why, size_t why_cap);

/*
 * Decode one SSE event (name type, data) into *out; resync's reason is
 * malloc'd into out->u.resync.reason (cast away).  Unknown types and data
 * that fail to parse give AEV_UNKNOWN with why set (why "" for an unknown
 * type).  Release with api_event_clear().
 */
void api_event_decode(const char *type, const char *data, size_t len,
		      time_t local_now, struct api_event *out, char *why,
		      size_t why_cap);
void api_event_clear(struct api_event *ev);

/* Request bodies (malloc'd compact JSON, NULL only on bad arguments). */
char *api_jc_state_body(const char *state, const char *reason);
char *api_jc_after_call_body(const char *reason);
char *api_jc_transfer_body(const char *mode, const char *target_kind,
			   const char *target, const char *note);
char *api_jc_wrapup_body(const char *code, const char *summary,
			 int needs_callback, const char *ticket_no);
char *api_jc_urge_body(const char *ticket_no, const char *comment);
char *api_jc_ticket_minimal_body(long call_id, const char *caller_phone,
				 const char *title, const char *content);

/* ---- hooks of api.c used by calls.c and events.c ---------------------- */

/*
 * A request whose 2xx body is handed back raw: fn gets the result (st
 * ST_OK on 2xx) and the body (valid during the call).  ctx is malloc'd by
 * the caller and freed (free()) by api.c when the request ends, with or
 * without a callback.  extra_header: one more header line or NULL.
 * 0 queued / -1 (ctx is then freed too).
 */
typedef void (*api_raw_fn)(const struct api_result *r, const char *body,
			   size_t len, void *ctx);
int api_request_raw(struct api *a, const char *method, const char *pathq,
		    const char *body, const char *extra_header, api_raw_fn fn,
		    void *ctx);
/* "status message (detail)" sanitized, malloc'd. */
char *api_human(enum status st, const char *detail);
/*
 * A 2xx reply whose body did not parse: turn res into failure st with the
 * message "status (HTTP n: why)".  Returns that message (malloc'd; the
 * caller frees it after the callback).
 */
char *api_result_bad_body(struct api_result *res, enum status st,
			  const char *why);
/* URL-escaped copy (curl_free'd inside; result malloc'd). */
char *api_escape(const char *s);

struct api_events;
/* Event stream plumbing (events.c ↔ api.c).  api.c holds at most one
 * stream; it asks it for its next deadline in api_poll, passes it its
 * finished transfer and lets it run once per api_dispatch, and destroys it
 * in api_free. */
void *api_multi_handle(struct api *a); /* the CURLM *, as void * */
const char *api_token(const struct api *a);  /* NULL when none */
const char *api_proxy(const struct api *a);  /* NULL when none */
long api_connect_timeout_ms(const struct api *a);
int api_dying(const struct api *a); /* api_free was deferred */
int api_attach_events(struct api *a, struct api_events *ev); /* -1: busy */
void api_detach_events(struct api *a, struct api_events *ev);
/* ms until the stream needs to run (-1: no deadline). */
long api_events_next_ms(struct api_events *ev);
/* Is easy (a CURL *) the stream's transfer?  Then it finished with code. */
int api_events_owns(struct api_events *ev, void *easy);
void api_events_finished(struct api_events *ev, int curl_code);
/* Deliver decoded events, run the watchdog and the reconnect timer. */
void api_events_run(struct api_events *ev);
/* api_free: stop and free without callbacks. */
void api_events_destroy(struct api_events *ev);

#endif
