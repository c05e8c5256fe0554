/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_calls.h - the handlers of routes_calls.c (calls, agent states,
 * queues, configuration) and their role sets, for the route table in
 * routes.c.  docs/api.md documents each route.
 */
#ifndef HOTLINE_SERVER_ROUTES_CALLS_H
#define HOTLINE_SERVER_ROUTES_CALLS_H

#include "calls.h"
#include "http.h"

/* Who places calls: the switch adapter (cti), admin, and trainers
 * (their calls are marked training). */
#define CALLS_ROLES_POST (RB(ROLE_CTI) | RB(ROLE_ADMIN) | RB(ROLE_TRAINER))
/* Who lists every call. */
#define CALLS_ROLES_LIST (RB(ROLE_CTI) | RB(ROLE_SUPERVISOR) | RB(ROLE_ADMIN))
/* Who takes calls and has an agent state (the call must then be theirs). */
#define CALLS_ROLES_AGENT                                                     \
	(RB(ROLE_AGENT) | RB(ROLE_SUPERVISOR) | RB(ROLE_TRAINER) |            \
	 RB(ROLE_ADMIN))
/* Who reads one call (agents and trainers: only their own). */
#define CALLS_ROLES_READ (CALLS_ROLES_AGENT | RB(ROLE_CTI))

void h_calls_create(struct req *r);
void h_calls_list(struct req *r);
void h_call_get(struct req *r);
void h_call_answer(struct req *r);
void h_call_hold(struct req *r);
void h_call_resume(struct req *r);
void h_call_hangup(struct req *r);
void h_call_wrapup(struct req *r);
void h_call_extend_acw(struct req *r);
void h_call_transfer(struct req *r);
void h_call_urge(struct req *r);
void h_call_abandon(struct req *r);
void h_agent_state_get(struct req *r);
void h_agent_state_put(struct req *r);
void h_agent_state_log(struct req *r);
void h_queues(struct req *r);
void h_config(struct req *r);

/* The optional "ivr" member of a call body into in (strings point into
 * body): 0, or -1 with e.  Shared with POST /v1/training/calls. */
int calls_ivr_fields(const cJSON *body, struct calls_new *in,
		     struct verr *e);

#endif
