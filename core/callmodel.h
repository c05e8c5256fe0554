/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * callmodel.h - client-side model of calls, agent states, queues and the
 * lists behind the call screen (issue #3): filled by net/ (net/calls.h)
 * from hotlined's JSON, drawn by tui/.
 *
 * Same rules as core/model.h: every string has passed u8_sanitize()
 * (ivr_transcript and summary keep their newlines), absent optional strings
 * are "" (never NULL), timestamps are time_t (seconds since the epoch, UTC)
 * with 0 meaning "none", ids are > 0 or 0 for "none".  Wire codes (states,
 * desks, channels, modes) are kept as the upper-case strings the server
 * sent, so a newer server's values still show.  Each struct is owned by
 * whoever holds it and released with its _free function, which also zeroes
 * it (calling it on a zeroed struct is fine).  The _copy functions make a
 * deep copy into *dst (which is overwritten, not freed first).
 */
#ifndef HOTLINE_CORE_CALLMODEL_H
#define HOTLINE_CORE_CALLMODEL_H

#include <stddef.h>
#include <time.h>

/* GET/PUT /v1/agents/me/state, event agent.state. */
struct agent_state {
	char *username;
	char *state;  /* OFFLINE READY NOT_READY RINGING TALKING HOLD ACW */
	char *reason; /* not-ready reason code, "" when none */
	time_t since; /* when the current state began (server clock) */
	long call_id; /* 0 when none */
	char *after_call;        /* "NOT_READY" when asked for, else "" */
	char *after_call_reason; /* reason for after_call, "" when none */
	time_t acw_deadline;     /* 0 when none */
	char **desks;            /* wire names, e.g. "GENERAL" */
	size_t n_desks;
	/* Server clock minus local clock in seconds, from the reply's "now"
	 * (0 when it had none).  Time in state on screen =
	 * time(NULL) + server_skew_s - since. */
	long server_skew_s;
};

/* One transfer recorded on a call (POST /v1/calls/{id}/transfers). */
struct call_transfer {
	long id;
	char *mode;        /* BLIND CONSULT THREE_WAY */
	char *target_kind; /* UNIT EMERGENCY */
	char *target;      /* unit code or "110" "119" "120" "122" */
	char *target_name;
	time_t at;
	char *note;
};

/* GET /v1/calls/{id}, events call.offered / call.updated. */
struct call {
	long id;
	char *caller;  /* the caller's number */
	char *channel; /* PHONE ... */
	char *desk;    /* GENERAL ENTERPRISE CARE DIALECT */
	char *state;   /* QUEUED RINGING TALKING HOLD ACW ENDED ABANDONED */
	char *agent;   /* username, "" when none */
	int training;  /* 0/1 */
	char *ivr_intent;     /* voice assistant's intent, "" when none */
	char *ivr_transcript; /* multi-line, "" when none */
	time_t offered_at;
	time_t ringing_at;
	time_t answered_at;
	time_t ended_at;
	long wait_s, ring_s, talk_s, hold_s, acw_s; /* whole seconds */
	time_t acw_deadline;
	long acw_extensions; /* extend-acw used so far */
	char *disposition; /* wrap-up code, "" until wrapped up */
	char *summary;     /* multi-line */
	int needs_callback;
	char *ticket_no; /* the ticket bound to the call, "" when none */
	char **urged_tickets;
	size_t n_urged;
	struct call_transfer *transfers;
	size_t n_transfers;
	long ring_attempts;
};

/* GET /v1/queues items, event queue. */
struct queue_info {
	char *desk;
	long waiting;
	long longest_wait_s;
	long agents_ready;
};

struct queue_list {
	struct queue_info *items;
	size_t n;
};

/* GET /v1/units items (the transfer picker). */
struct unit_info {
	char *code;
	char *name;
	char *short_name;
	char *kind; /* DEPT TOWN STREET PARK UTILITY EMERGENCY PROVINCE */
	char *duty_phone;
};

struct unit_list {
	struct unit_info *items;
	size_t n;
};

/* GET /v1/wrapup-codes and GET /v1/reasons items. */
struct code_item {
	char *code;
	char *name_zh;
	char *name_en;
};

struct code_list {
	struct code_item *items;
	size_t n;
};

/* GET /v1/config. */
struct server_config {
	char *acw_mode; /* "timed" or "optional" */
	long acw_seconds;
	char *acw_default_code;
	long ring_timeout; /* seconds */
	long max_acw_extensions; /* 0 when the server did not say */
};

/* Event ticket.changed. */
struct ticket_change {
	char *ticket_no;
	char *state; /* ticket state wire name */
	long version;
};

/* Event broadcast. */
struct broadcast_info {
	long id;
	char *message; /* multi-line */
	char *from;
	char *desk; /* "" when to everyone */
	time_t at;
};

void agent_state_free(struct agent_state *s);
void call_transfer_free(struct call_transfer *t);
void call_free(struct call *c);
void queue_list_free(struct queue_list *q);
void unit_list_free(struct unit_list *u);
void code_list_free(struct code_list *l);
void server_config_free(struct server_config *c);
void ticket_change_free(struct ticket_change *t);
void broadcast_info_free(struct broadcast_info *b);

void agent_state_copy(struct agent_state *dst, const struct agent_state *src);
void call_copy(struct call *dst, const struct call *src);
void queue_list_copy(struct queue_list *dst, const struct queue_list *src);
void unit_list_copy(struct unit_list *dst, const struct unit_list *src);
void code_list_copy(struct code_list *dst, const struct code_list *src);
void server_config_copy(struct server_config *dst,
			const struct server_config *src);

/* Lookups: the entry with that code/desk, or NULL. */
const struct code_item *code_list_find(const struct code_list *l,
				       const char *code);
const struct queue_info *queue_list_find(const struct queue_list *q,
					 const char *desk);

/*
 * "2026-11-28T20:18:50Z" (also with fractional seconds, or an offset
 * "+08:00"/"-0500" instead of Z) → seconds since the epoch.  Returns 0 and
 * sets *out, or -1 (with *out = 0) on anything else.  Pure: no locale, no
 * TZ.
 */
int cm_parse_iso(const char *s, time_t *out);

#endif
