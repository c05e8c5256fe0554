/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * route.h - the call-routing and after-call-work engine (pure: no I/O, no
 * threads, no clock of its own).
 *
 * Owns the live state of a call centre: agents (desks as a bit set, state,
 * reason, when the state began, READY since when), the calls that are not
 * finished (state, agent, timestamps, accumulated durations, deadline) and
 * one FIFO queue per desk.  Every operation takes the time `now` in
 * milliseconds since the epoch, so tests drive it with a fake clock.
 *
 * Rules (docs/calls.md):
 *   - a new call rings the longest-idle READY agent who has its desk
 *     (READY since the earliest; ties: the agent registered first), else
 *     waits at the back of its desk's queue;
 *   - an agent who becomes READY takes the oldest waiting call among its
 *     desks: the head of each of its desks' queues, the earliest arrival
 *     (lowest call id) of those;
 *   - ring-no-answer (the ring deadline passes): the call goes back to the
 *     FRONT of its queue, the agent becomes NOT_READY (RT_REASON_RNA), and
 *     the call is offered again at once;
 *   - abandon while QUEUED or RINGING: the call ends ABANDONED; a ringing
 *     agent is READY again and keeps its place in the idle order;
 *   - hang-up starts ACW; with the timed policy a deadline is set
 *     (extensible a limited number of times) and when it passes the engine
 *     wraps the call up itself (auto_wrapup); after ACW the agent goes
 *     READY, or NOT_READY / OFFLINE when that was asked during the call.
 *
 * Changes: every operation appends to a change list what it did, in order,
 * with a snapshot of the agent or call after each step (so a caller can
 * persist the end state and announce every step).  rt_changes_clear()
 * empties it and forgets finished calls.  An operation that fails changes
 * nothing.  Copy the engine with rt_clone() to try an operation and keep
 * the old one if the result cannot be stored.
 *
 * Ownership: the engine owns everything it returns pointers to; they stay
 * valid until the next operation on the same engine.  Strings passed in
 * are copied.  Not thread-safe: the caller serialises access.
 */
#ifndef HOTLINE_CORE_ROUTE_H
#define HOTLINE_CORE_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#define RT_MAX_DESKS 16
#define RT_NAME_MAX 260   /* usernames: 64 characters of UTF-8 + NUL */
#define RT_REASON_MAX 32
#define RT_REASON_RNA "RING_NO_ANSWER" /* system reason, not selectable */

enum rt_astate {
	RT_OFFLINE,
	RT_READY,
	RT_NOT_READY,
	RT_RINGING,
	RT_TALKING,
	RT_HOLD,
	RT_ACW,
	RT_ASTATE__COUNT
};

enum rt_cstate {
	RTC_QUEUED,
	RTC_RINGING,
	RTC_TALKING,
	RTC_HOLD,
	RTC_ACW,
	RTC_ENDED,
	RTC_ABANDONED,
	RTC__COUNT
};

/* What an agent does after ACW instead of READY. */
enum rt_after { RT_AFTER_NONE, RT_AFTER_NOT_READY, RT_AFTER_OFFLINE };

enum rt_err {
	RT_OK,
	RT_E_NO_AGENT,    /* unknown agent */
	RT_E_NO_CALL,     /* unknown (or already finished) call */
	RT_E_NOT_YOURS,   /* the call is not this agent's */
	RT_E_CALL_STATE,  /* the call's state does not allow it */
	RT_E_BUSY,        /* the agent is on a call (RINGING..ACW) */
	RT_E_NOT_ON_CALL, /* the agent is not on a call */
	RT_E_NOT_TIMED,   /* extend: the ACW policy has no deadline */
	RT_E_LIMIT,       /* extend: no extensions left */
	RT_E_INVALID,     /* a bad argument (state, desk, name too long) */
	RT_E_EXISTS       /* a call with that id exists */
};

struct rt_policy {
	int64_t ring_timeout_ms; /* > 0 */
	int acw_timed;           /* 1: ACW ends at a deadline */
	int64_t acw_ms;          /* ACW length and extension step (timed) */
	int max_extensions;      /* extensions allowed per call */
};

struct rt_agent {
	char name[RT_NAME_MAX];
	unsigned desks;              /* bit d: has desk d */
	enum rt_astate state;
	char reason[RT_REASON_MAX];  /* NOT_READY/OFFLINE reason or "" */
	int64_t since;               /* the current state began */
	int64_t idle_since;          /* READY since (0 when not READY) */
	int64_t call_id;             /* 0: none */
	enum rt_after after;         /* asked during the call */
	char after_reason[RT_REASON_MAX];
	unsigned seq;                /* registration order (ties) */
};

struct rt_call {
	int64_t id;   /* > 0, given by the caller; also the arrival order */
	int desk;     /* 0 .. RT_MAX_DESKS-1 */
	enum rt_cstate state;
	char agent[RT_NAME_MAX]; /* ringing/serving agent, "" none */
	int64_t offered_at, ringing_at, answered_at, ended_at; /* 0: not yet */
	int64_t state_since; /* the current state began */
	/* Time spent in each state before state_since (the running state's
	 * time is now - state_since). */
	int64_t wait_ms, ring_ms, talk_ms, hold_ms, acw_ms;
	int64_t deadline;    /* ring or ACW deadline; 0: none */
	int64_t qpos;        /* order in the desk's queue (QUEUED only) */
	int ring_attempts;
	int extensions;
	int auto_wrapup;     /* ACW ended by its deadline */
};

enum rt_change_kind { RT_CH_AGENT, RT_CH_CALL };

struct rt_change {
	enum rt_change_kind kind;
	/* agent: state or reason changed (a new state-log row starts at
	 * agent.since); otherwise only after_call changed. */
	int new_state;
	/* call: it now rings agent (call.offered). */
	int offered;
	/* call: the agent it left in this step (ring-no-answer, abandon
	 * while ringing), "" otherwise. */
	char left[RT_NAME_MAX];
	struct rt_agent agent; /* snapshot after the step (RT_CH_AGENT) */
	struct rt_call call;   /* snapshot after the step (RT_CH_CALL) */
};

struct rt_queue_stat {
	int waiting;
	int64_t longest_wait_ms; /* of the calls waiting now */
	int agents_ready;        /* READY agents having the desk */
};

struct rt;

/* A new, empty engine (policy copied). */
struct rt *rt_new(const struct rt_policy *pol);
void rt_free(struct rt *r);
/* A deep copy (the change list included). */
struct rt *rt_clone(const struct rt *r);
const struct rt_policy *rt_policy_get(const struct rt *r);

/* ---- loading a saved state (no change records) ---- */
/* Adds an agent as saved; RT_E_INVALID for a name too long, a duplicate
 * or a bad state; seq is assigned here. */
enum rt_err rt_restore_agent(struct rt *r, const struct rt_agent *a);
/* Adds an unfinished call as saved (QUEUED calls keep their qpos). */
enum rt_err rt_restore_call(struct rt *r, const struct rt_call *c);
/* After restoring: re-establish the invariant (no call waits while a
 * READY agent has its desk) by offering waiting calls. */
void rt_restore_done(struct rt *r, int64_t now);

/* ---- agents ---- */
/* Registers an agent OFFLINE (no change record) or updates the desks of
 * a known one (a READY agent may then take a waiting call). */
enum rt_err rt_agent_seen(struct rt *r, const char *name, unsigned desks,
			  int64_t now);
/* READY, NOT_READY (reason required) or OFFLINE; RT_E_BUSY on a call.
 * The same state and reason again changes nothing. */
enum rt_err rt_set_state(struct rt *r, const char *name, enum rt_astate st,
			 const char *reason, int64_t now);
/* During a call: what to become after ACW (RT_AFTER_NONE cancels). */
enum rt_err rt_after_call(struct rt *r, const char *name, enum rt_after a,
			  const char *reason, int64_t now);
/* The agent logs out: idle states become OFFLINE; a ringing call goes
 * back to the front of its queue; during TALKING/HOLD/ACW the agent goes
 * OFFLINE after ACW instead. */
enum rt_err rt_logout(struct rt *r, const char *name, int64_t now);

/* ---- calls ---- */
enum rt_err rt_offer(struct rt *r, int64_t id, int desk, int64_t now);
enum rt_err rt_answer(struct rt *r, int64_t id, const char *name,
		      int64_t now);
enum rt_err rt_hold(struct rt *r, int64_t id, const char *name, int64_t now);
enum rt_err rt_resume(struct rt *r, int64_t id, const char *name,
		      int64_t now);
enum rt_err rt_hangup(struct rt *r, int64_t id, const char *name,
		      int64_t now);
enum rt_err rt_wrapup(struct rt *r, int64_t id, const char *name,
		      int64_t now);
enum rt_err rt_extend_acw(struct rt *r, int64_t id, const char *name,
			  int64_t now);
enum rt_err rt_abandon(struct rt *r, int64_t id, int64_t now);
/* The call is the agent's and in one of the states of mask
 * (1u << enum rt_cstate): RT_OK, else why not.  Changes nothing. */
enum rt_err rt_check_call(const struct rt *r, int64_t id, const char *name,
			  unsigned mask);

/* ---- timers ---- */
/* Applies every deadline <= now, earliest first (ring-no-answer, ACW
 * expiry).  Returns how many fired. */
int rt_tick(struct rt *r, int64_t now);
/* The earliest pending deadline, 0 when none. */
int64_t rt_next_deadline(const struct rt *r);

/* ---- queries ---- */
const struct rt_agent *rt_find_agent(const struct rt *r, const char *name);
const struct rt_call *rt_find_call(const struct rt *r, int64_t id);
size_t rt_n_agents(const struct rt *r);
const struct rt_agent *rt_agent_at(const struct rt *r, size_t i);
/* Position 1.. of a QUEUED call in its desk's queue, 0 otherwise. */
int rt_queue_position(const struct rt *r, int64_t id);
void rt_queue_stat(const struct rt *r, int desk, int64_t now,
		   struct rt_queue_stat *out);
/* Time in ms the call has spent in state s so far (running part
 * included). */
int64_t rt_call_time_in(const struct rt_call *c, enum rt_cstate s,
			int64_t now);

/* ---- changes ---- */
const struct rt_change *rt_changes(const struct rt *r, size_t *n);
/* Empties the change list and forgets ENDED/ABANDONED calls. */
void rt_changes_clear(struct rt *r);

/* ---- names ---- */
const char *rt_astate_wire(enum rt_astate s); /* "READY"; "?" if bad */
const char *rt_cstate_wire(enum rt_cstate s); /* "QUEUED" */
int rt_astate_parse(const char *wire, enum rt_astate *out); /* 0 / -1 */
int rt_cstate_parse(const char *wire, enum rt_cstate *out);
/* 1 for RINGING, TALKING, HOLD, ACW. */
int rt_astate_on_call(enum rt_astate s);

#endif
