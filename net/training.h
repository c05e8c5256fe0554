/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * training.h - the client side of the training space on hotlined (issue
 * #7, contract in docs/training.md): placing a training call, gathering
 * the facts a practice run is graded on, and posting the grade.
 *
 * Requests are asynchronous like the rest of net/ (api_poll/api_dispatch);
 * callbacks get data valid only during the call.  Arguments are copied.
 */
#ifndef HOTLINE_NET_TRAINING_H
#define HOTLINE_NET_TRAINING_H

#include <stddef.h>

#include "../core/callmodel.h"
#include "../core/grade.h"
#include "api.h"

struct training_call_req {
	const char *caller;   /* 3-20 digits */
	const char *desk;     /* GENERAL ... */
	const char *channel;  /* PHONE ... */
	const char *ivr_intent; /* "" or NULL: no hand-over */
	const char *ivr_text;
	const char *agent;    /* who it rings; NULL: the requester */
	const char *scenario; /* the scenario's title (<= 200) */
	/* used only by the fallback (POST /v1/calls, before the server has
	 * the training endpoint): the desk to post on when desk is not one of
	 * the agent's desks, so the call can ring that agent */
	const char *fallback_desk;
};

/* fallback: 1 when the server had no /v1/training/calls (404) and the call
 * was posted to /v1/calls instead (a trainer's calls are training calls). */
typedef void (*api_training_call_fn)(const struct api_result *r,
				     const struct call *c, int fallback,
				     void *ud);
/* POST /v1/training/calls, falling back to POST /v1/calls on a 404. */
int api_training_call(struct api *a, const struct training_call_req *q,
		      api_training_call_fn cb, void *ud);

/* GET /v1/tickets/{no} as flat text facts: every member of the TICKET
 * (strings as they are, numbers in decimal, true as "yes" and false as "",
 * arrays joined with ",", objects by their "code") and every member of
 * "extra" (not overriding the ticket's own). */
typedef void (*api_kv_fn)(const struct api_result *r, char *const *keys,
			  char *const *vals, size_t n, void *ud);
int api_training_ticket_facts(struct api *a, const char *ticket_no,
			      api_kv_fn cb, void *ud);

/* GET /v1/kb/uses?ticket_no= → the article ids used for the ticket. */
typedef void (*api_ids_fn)(const struct api_result *r, const long *ids,
			   size_t n, void *ud);
int api_training_kb_uses(struct api *a, const char *ticket_no, api_ids_fn cb,
			 void *ud);

struct training_result {
	const char *scenario; /* file name */
	const char *title;
	const char *trainee;
	const char *mode;     /* "practice" or "demo" */
	const struct grade_card *card;
	long duration_s;
	const char *started_at; /* ISO 8601 UTC */
	long call_id;           /* 0: null */
	const char *ticket_no;  /* NULL or "": null */
};
/* POST /v1/training/results (404 when the server has no training space:
 * r->http_status tells). */
int api_training_result(struct api *a, const struct training_result *res,
			api_done_fn cb, void *ud);

/* ---- the caller's history in the training space ------------------------ */

/* GET /v1/tickets?phone=P&limit=50&training=1: the caller's training
 * tickets, newest first (the screen pop of a training call: a training
 * call may only urge training tickets).  phone: 3-20 digits, else -1. */
int api_training_tickets_by_phone(struct api *a, const char *phone,
				  api_page_fn cb, void *ud);

/* An earlier open training ticket of the caller (the scenario directive
 * `ticket`, hotline-scenario(5)). */
struct training_ticket_req {
	long call_id;              /* a training call (makes it training) */
	const char *caller;        /* caller_phone, digits */
	const char *appeal_type;   /* CONSULT ... */
	const char *category_code; /* a leaf */
	const char *town_code;
	const char *title;         /* also the content */
	/* the category's extra fields ("extra": strings), n_extra pairs */
	char *const *extra_code;
	char *const *extra_value;
	size_t n_extra;
};
/*
 * POST /v1/tickets {call_id, caller_phone, channel PHONE, appeal_type,
 * category_code, town_code, title, content, extra} then POST
 * /v1/tickets/{no}/actions/transfer {} with If-Match: "1" (the lead unit
 * by the category's owner and the town): an open ticket (待派单).  cb gets
 * the transferred TICKET, or the first failure.  0 queued, -1 not
 * started (bad arguments).
 */
int api_training_history_ticket(struct api *a,
				 const struct training_ticket_req *q,
				 api_ticket_fn cb, void *ud);

/* Bodies, exposed for unit tests (malloc'd JSON). */
char *api_training_ticket_body(const struct training_ticket_req *q);
char *api_training_call_body(const struct training_call_req *q, int fallback);
char *api_training_result_body(const struct training_result *res);
/* Parse a TICKET into facts (ST_OK or ST_PARSE); free with
 * api_training_kv_free. */
enum status api_training_parse_facts(const char *json, size_t len,
				     char ***keys, char ***vals, size_t *n);
void api_training_kv_free(char **keys, char **vals, size_t n);

#endif
