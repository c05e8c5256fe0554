/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats.h - the client side of the supervisor console (issue #6):
 * GET /v1/stats/live, /v1/stats/daily, /v1/stats/hotspots, the ticket
 * review lists (GET /v1/tickets?flag=...), the broadcasts and the
 * supervisor actions (agent state, end ACW, broadcast; ticket actions go
 * through kb.h's api_ticket_action).
 *
 * Requests follow api.h: 0 when queued, -1 when not started (the callback
 * is then not called); arguments are copied; the data pointer a callback
 * gets is non-NULL exactly when r->st == ST_OK and valid only during the
 * callback.  Replies are parsed into core/statsmodel.h structs with every
 * string sanitized (one line); JSON stays inside net/.
 */
#ifndef HOTLINE_NET_STATS_H
#define HOTLINE_NET_STATS_H

#include <stddef.h>

#include "../core/model.h"
#include "../core/statsmodel.h"
#include "../core/status.h"
#include "api.h"

typedef void (*api_live_fn)(const struct api_result *r,
			    const struct stats_live *s, void *ud);
typedef void (*api_daily_fn)(const struct api_result *r,
			     const struct stats_daily *d, void *ud);
typedef void (*api_hotspots_fn)(const struct api_result *r,
				const struct stats_hotspots *h, void *ud);
typedef void (*api_bcasts_fn)(const struct api_result *r,
			      const struct bcast_list *l, void *ud);
typedef void (*api_bcast_fn)(const struct api_result *r,
			     const struct bcast *b, void *ud);

/* GET /v1/stats/live. */
int api_stats_live(struct api *a, api_live_fn cb, void *ud);
/* GET /v1/stats/daily[?date=YYYY-MM-DD]; date NULL or "": today.  A date
 * that is not YYYY-MM-DD gives -1. */
int api_stats_daily(struct api *a, const char *date, api_daily_fn cb,
		    void *ud);
/* GET /v1/stats/hotspots?window_h=N (N clamped to 1..24). */
int api_stats_hotspots(struct api *a, int window_h, api_hotspots_fn cb,
		       void *ud);
/* GET /v1/tickets?flag=F&limit=N[&cursor=C]; flag one of overdue,
 * due_soon, return_pending, extension_pending, supervised (else -1). */
int api_tickets_flag(struct api *a, const char *flag, const char *cursor,
		     int limit, api_page_fn cb, void *ud);

/* PUT /v1/agents/{username}/state {"state","reason"?,"note"}: state READY,
 * NOT_READY or OFFLINE; reason/note NULL or "" for none.  409 when the
 * agent is on a call. */
int api_agent_set_state_of(struct api *a, const char *username,
			   const char *state, const char *reason,
			   const char *note, api_done_fn cb, void *ud);
/* POST /v1/agents/{username}/end-acw {"note"}. */
int api_agent_end_acw(struct api *a, const char *username, const char *note,
		      api_done_fn cb, void *ud);
/* POST /v1/broadcasts {"message","desk"} (desk NULL/"": null, everyone);
 * message 1..200 characters, else -1.  → the new broadcast. */
int api_broadcast_send(struct api *a, const char *message, const char *desk,
		       api_bcast_fn cb, void *ud);
/* POST /v1/broadcasts/{id}/ack → 204. */
int api_broadcast_ack(struct api *a, long id, api_done_fn cb, void *ud);
/* GET /v1/broadcasts?active=1: the ones not acknowledged by me. */
int api_broadcasts_active(struct api *a, api_bcasts_fn cb, void *ud);

/* ---- JSON mapping, exposed for unit tests ----
 * ST_OK and *out filled, or ST_PARSE with *out zeroed and a short reason
 * in why ("today.answer_rate: not a rate"; why may be NULL with cap 0). */
enum status api_stats_parse_live(const char *json, size_t len,
				 struct stats_live *out, char *why,
				 size_t why_cap);
enum status api_stats_parse_daily(const char *json, size_t len,
				  struct stats_daily *out, char *why,
				  size_t why_cap);
enum status api_stats_parse_hotspots(const char *json, size_t len,
				     struct stats_hotspots *out, char *why,
				     size_t why_cap);
/* {"items":[BROADCAST...]} or a bare array. */
enum status api_stats_parse_bcasts(const char *json, size_t len,
				   struct bcast_list *out, char *why,
				   size_t why_cap);
enum status api_stats_parse_bcast(const char *json, size_t len,
				  struct bcast *out, char *why,
				  size_t why_cap);
/* Request bodies (malloc'd compact JSON; NULL on bad arguments). */
char *api_stats_state_body(const char *state, const char *reason,
			   const char *note);
char *api_stats_note_body(const char *note);
char *api_stats_broadcast_body(const char *message, const char *desk);

#endif
