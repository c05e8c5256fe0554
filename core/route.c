/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * route.c - the call-routing and ACW engine (see route.h for the rules).
 *
 * Small arrays scanned linearly: a centre has hundreds of agents and
 * calls, and every operation is a handful of scans.  Queues are not
 * separate lists: a QUEUED call carries qpos, its place in its desk's
 * queue (the back grows upwards, the front downwards), so the head of a
 * desk is its QUEUED call with the lowest qpos.
 */
#include "route.h"

#include <string.h>

#include "mem.h"

struct rt {
	struct rt_policy pol;
	struct rt_agent *agents;
	size_t n_agents, cap_agents;
	struct rt_call *calls;
	size_t n_calls, cap_calls;
	struct rt_change *changes;
	size_t n_changes, cap_changes;
	int64_t qfront[RT_MAX_DESKS], qback[RT_MAX_DESKS];
	unsigned next_seq;
};

static const char *const astate_names[RT_ASTATE__COUNT] = {
	"OFFLINE", "READY", "NOT_READY", "RINGING", "TALKING", "HOLD", "ACW"};
static const char *const cstate_names[RTC__COUNT] = {
	"QUEUED", "RINGING", "TALKING", "HOLD", "ACW", "ENDED", "ABANDONED"};

const char *
rt_astate_wire(enum rt_astate s)
{
	return (unsigned)s < RT_ASTATE__COUNT ? astate_names[s] : "?";
}

const char *
rt_cstate_wire(enum rt_cstate s)
{
	return (unsigned)s < RTC__COUNT ? cstate_names[s] : "?";
}

int
rt_astate_parse(const char *wire, enum rt_astate *out)
{
	int i;

	for (i = 0; wire && i < RT_ASTATE__COUNT; i++) {
		if (strcmp(wire, astate_names[i]) == 0) {
			*out = (enum rt_astate)i;
			return 0;
		}
	}
	return -1;
}

int
rt_cstate_parse(const char *wire, enum rt_cstate *out)
{
	int i;

	for (i = 0; wire && i < RTC__COUNT; i++) {
		if (strcmp(wire, cstate_names[i]) == 0) {
			*out = (enum rt_cstate)i;
			return 0;
		}
	}
	return -1;
}

int
rt_astate_on_call(enum rt_astate s)
{
	return s == RT_RINGING || s == RT_TALKING || s == RT_HOLD ||
	       s == RT_ACW;
}

static int
call_live(const struct rt_call *c)
{
	return c->state != RTC_ENDED && c->state != RTC_ABANDONED;
}

/* ---- life ------------------------------------------------------------- */

struct rt *
rt_new(const struct rt_policy *pol)
{
	struct rt *r = xcalloc(1, sizeof *r);

	r->pol = *pol;
	if (r->pol.ring_timeout_ms <= 0)
		r->pol.ring_timeout_ms = 1;
	if (r->pol.acw_ms <= 0)
		r->pol.acw_ms = 1;
	if (r->pol.max_extensions < 0)
		r->pol.max_extensions = 0;
	return r;
}

void
rt_free(struct rt *r)
{
	if (!r)
		return;
	free(r->agents);
	free(r->calls);
	free(r->changes);
	free(r);
}

static void *
dup_array(const void *src, size_t n, size_t elem, size_t *cap)
{
	void *p;

	*cap = n ? n : 0;
	if (!n)
		return NULL;
	p = xmalloc(n * elem);
	memcpy(p, src, n * elem);
	return p;
}

struct rt *
rt_clone(const struct rt *r)
{
	struct rt *c = xmalloc(sizeof *c);

	*c = *r;
	c->agents = dup_array(r->agents, r->n_agents, sizeof *r->agents,
			      &c->cap_agents);
	c->calls = dup_array(r->calls, r->n_calls, sizeof *r->calls,
			     &c->cap_calls);
	c->changes = dup_array(r->changes, r->n_changes, sizeof *r->changes,
			       &c->cap_changes);
	return c;
}

const struct rt_policy *
rt_policy_get(const struct rt *r)
{
	return &r->pol;
}

/* Room for one more element in a growing array. */
static void *
grow(void *arr, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(arr, *cap * elem);
}

/* ---- lookups ---------------------------------------------------------- */

static struct rt_agent *
agent_get(const struct rt *r, const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < r->n_agents; i++)
		if (strcmp(r->agents[i].name, name) == 0)
			return &r->agents[i];
	return NULL;
}

/* A live call. */
static struct rt_call *
call_get(const struct rt *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->n_calls; i++)
		if (r->calls[i].id == id && call_live(&r->calls[i]))
			return &r->calls[i];
	return NULL;
}

const struct rt_agent *
rt_find_agent(const struct rt *r, const char *name)
{
	return agent_get(r, name);
}

const struct rt_call *
rt_find_call(const struct rt *r, int64_t id)
{
	return call_get(r, id);
}

size_t
rt_n_agents(const struct rt *r)
{
	return r->n_agents;
}

const struct rt_agent *
rt_agent_at(const struct rt *r, size_t i)
{
	return i < r->n_agents ? &r->agents[i] : NULL;
}

/* ---- change records --------------------------------------------------- */

static struct rt_change *
change_new(struct rt *r, enum rt_change_kind kind)
{
	struct rt_change *ch;

	r->changes = grow(r->changes, r->n_changes, &r->cap_changes,
			  sizeof *r->changes);
	ch = &r->changes[r->n_changes++];
	memset(ch, 0, sizeof *ch);
	ch->kind = kind;
	return ch;
}

static void
ch_agent(struct rt *r, const struct rt_agent *a, int new_state)
{
	struct rt_change *ch = change_new(r, RT_CH_AGENT);

	ch->new_state = new_state;
	ch->agent = *a;
}

static void
ch_call(struct rt *r, const struct rt_call *c, int offered, const char *left)
{
	struct rt_change *ch = change_new(r, RT_CH_CALL);

	ch->offered = offered;
	if (left)
		memcpy(ch->left, left, sizeof ch->left);
	ch->call = *c;
}

const struct rt_change *
rt_changes(const struct rt *r, size_t *n)
{
	*n = r->n_changes;
	return r->changes;
}

void
rt_changes_clear(struct rt *r)
{
	size_t i, j = 0;

	r->n_changes = 0;
	for (i = 0; i < r->n_calls; i++)
		if (call_live(&r->calls[i]))
			r->calls[j++] = r->calls[i];
	r->n_calls = j;
}

/* ---- time accounting -------------------------------------------------- */

static int64_t *
acc_slot(struct rt_call *c, enum rt_cstate s)
{
	switch (s) {
	case RTC_QUEUED:
		return &c->wait_ms;
	case RTC_RINGING:
		return &c->ring_ms;
	case RTC_TALKING:
		return &c->talk_ms;
	case RTC_HOLD:
		return &c->hold_ms;
	case RTC_ACW:
		return &c->acw_ms;
	default:
		return NULL;
	}
}

int64_t
rt_call_time_in(const struct rt_call *c, enum rt_cstate s, int64_t now)
{
	struct rt_call tmp = *c;
	int64_t *slot = acc_slot(&tmp, s);

	if (!slot)
		return 0;
	if (c->state == s && now > c->state_since)
		*slot += now - c->state_since;
	return *slot;
}

/* Close the running state's time into its total and move to s. */
static void
call_to(struct rt_call *c, enum rt_cstate s, int64_t now)
{
	int64_t *slot = acc_slot(c, c->state);

	if (slot && now > c->state_since)
		*slot += now - c->state_since;
	c->state = s;
	c->state_since = now;
}

static void
agent_to(struct rt *r, struct rt_agent *a, enum rt_astate s,
	 const char *reason, int64_t now)
{
	a->state = s;
	memset(a->reason, 0, sizeof a->reason);
	if (reason)
		memcpy(a->reason, reason,
		       strnlen(reason, sizeof a->reason - 1));
	a->since = now;
	if (s == RT_READY) {
		if (!a->idle_since)
			a->idle_since = now;
	} else if (s != RT_RINGING) {
		a->idle_since = 0;
	}
	if (!rt_astate_on_call(s)) {
		a->call_id = 0;
		a->after = RT_AFTER_NONE;
		memset(a->after_reason, 0, sizeof a->after_reason);
	}
	ch_agent(r, a, 1);
}

/* ---- routing ---------------------------------------------------------- */

static int
has_desk(const struct rt_agent *a, int desk)
{
	return desk >= 0 && desk < RT_MAX_DESKS && (a->desks >> desk) & 1u;
}

/* The longest-idle READY agent having desk, or NULL. */
static struct rt_agent *
longest_idle(struct rt *r, int desk)
{
	struct rt_agent *best = NULL;
	size_t i;

	for (i = 0; i < r->n_agents; i++) {
		struct rt_agent *a = &r->agents[i];

		if (a->state != RT_READY || !has_desk(a, desk))
			continue;
		if (!best || a->idle_since < best->idle_since ||
		    (a->idle_since == best->idle_since && a->seq < best->seq))
			best = a;
	}
	return best;
}

static struct rt_call *
queue_head(struct rt *r, int desk)
{
	struct rt_call *best = NULL;
	size_t i;

	for (i = 0; i < r->n_calls; i++) {
		struct rt_call *c = &r->calls[i];

		if (c->state != RTC_QUEUED || c->desk != desk)
			continue;
		if (!best || c->qpos < best->qpos)
			best = c;
	}
	return best;
}

static void
ring(struct rt *r, struct rt_call *c, struct rt_agent *a, int64_t now)
{
	call_to(c, RTC_RINGING, now);
	c->ringing_at = now;
	c->ring_attempts++;
	memcpy(c->agent, a->name, sizeof c->agent);
	c->deadline = now + r->pol.ring_timeout_ms;
	c->qpos = 0;
	ch_call(r, c, 1, NULL);
	a->call_id = c->id;
	agent_to(r, a, RT_RINGING, NULL, now);
}

static void
dispatch_call(struct rt *r, struct rt_call *c, int64_t now)
{
	struct rt_agent *a;

	if (c->state != RTC_QUEUED)
		return;
	a = longest_idle(r, c->desk);
	if (a)
		ring(r, c, a, now);
}

/* A READY agent takes the oldest waiting call among its desks. */
static void
dispatch_agent(struct rt *r, struct rt_agent *a, int64_t now)
{
	struct rt_call *best = NULL;
	int d;

	if (a->state != RT_READY)
		return;
	for (d = 0; d < RT_MAX_DESKS; d++) {
		struct rt_call *h;

		if (!has_desk(a, d))
			continue;
		h = queue_head(r, d);
		if (h && (!best || h->id < best->id))
			best = h;
	}
	if (best)
		ring(r, best, a, now);
}

/* Offer waiting calls while some READY agent has their desk: each round
 * the oldest of the queue heads that someone can take. */
static void
rebalance(struct rt *r, int64_t now)
{
	for (;;) {
		struct rt_call *best = NULL;
		int d;

		for (d = 0; d < RT_MAX_DESKS; d++) {
			struct rt_call *h = queue_head(r, d);

			if (h && longest_idle(r, d) &&
			    (!best || h->id < best->id))
				best = h;
		}
		if (!best)
			return;
		dispatch_call(r, best, now);
	}
}

/* Put a ringing call back at the front of its queue; the agent becomes
 * st (reason), then the call is offered again. */
static void
unring(struct rt *r, struct rt_call *c, struct rt_agent *a,
       enum rt_astate st, const char *reason, int64_t now)
{
	char left[RT_NAME_MAX];

	memcpy(left, c->agent, sizeof left);
	call_to(c, RTC_QUEUED, now);
	memset(c->agent, 0, sizeof c->agent);
	c->deadline = 0;
	c->qpos = --r->qfront[c->desk];
	ch_call(r, c, 0, left);
	if (a)
		agent_to(r, a, st, reason, now);
	dispatch_call(r, c, now);
}

/* After ACW: READY, or what the agent asked for. */
static void
agent_after(struct rt *r, struct rt_agent *a, int64_t now)
{
	enum rt_after after = a->after;
	char reason[RT_REASON_MAX];

	memcpy(reason, a->after_reason, sizeof reason);
	switch (after) {
	case RT_AFTER_NOT_READY:
		agent_to(r, a, RT_NOT_READY, reason, now);
		break;
	case RT_AFTER_OFFLINE:
		agent_to(r, a, RT_OFFLINE, NULL, now);
		break;
	default:
		a->idle_since = 0;
		agent_to(r, a, RT_READY, NULL, now);
		dispatch_agent(r, a, now);
	}
}

/* ---- restoring -------------------------------------------------------- */

enum rt_err
rt_restore_agent(struct rt *r, const struct rt_agent *a)
{
	struct rt_agent *n;

	if (!memchr(a->name, '\0', sizeof a->name) || !a->name[0] ||
	    agent_get(r, a->name) || (unsigned)a->state >= RT_ASTATE__COUNT)
		return RT_E_INVALID;
	r->agents = grow(r->agents, r->n_agents, &r->cap_agents,
			 sizeof *r->agents);
	n = &r->agents[r->n_agents++];
	*n = *a;
	n->reason[sizeof n->reason - 1] = '\0';
	n->after_reason[sizeof n->after_reason - 1] = '\0';
	n->seq = r->next_seq++;
	if (n->state == RT_READY && !n->idle_since)
		n->idle_since = n->since ? n->since : 1;
	return RT_OK;
}

enum rt_err
rt_restore_call(struct rt *r, const struct rt_call *c)
{
	struct rt_call *n;

	if (c->id <= 0 || c->desk < 0 || c->desk >= RT_MAX_DESKS ||
	    !call_live(c) || (unsigned)c->state >= RTC__COUNT ||
	    !memchr(c->agent, '\0', sizeof c->agent))
		return RT_E_INVALID;
	if (call_get(r, c->id))
		return RT_E_EXISTS;
	r->calls = grow(r->calls, r->n_calls, &r->cap_calls, sizeof *r->calls);
	n = &r->calls[r->n_calls++];
	*n = *c;
	if (n->state == RTC_QUEUED) {
		if (n->qpos < r->qfront[n->desk])
			r->qfront[n->desk] = n->qpos;
		if (n->qpos > r->qback[n->desk])
			r->qback[n->desk] = n->qpos;
	}
	return RT_OK;
}

void
rt_restore_done(struct rt *r, int64_t now)
{
	rebalance(r, now);
}

/* ---- agents ----------------------------------------------------------- */

static int
name_ok(const char *name)
{
	return name && *name && strlen(name) < RT_NAME_MAX;
}

static int
reason_ok(const char *reason)
{
	return reason && *reason && strlen(reason) < RT_REASON_MAX;
}

enum rt_err
rt_agent_seen(struct rt *r, const char *name, unsigned desks, int64_t now)
{
	struct rt_agent *a = agent_get(r, name);

	if (!name_ok(name))
		return RT_E_INVALID;
	if (a) {
		if (a->desks != desks) {
			a->desks = desks;
			dispatch_agent(r, a, now);
		}
		return RT_OK;
	}
	r->agents = grow(r->agents, r->n_agents, &r->cap_agents,
			 sizeof *r->agents);
	a = &r->agents[r->n_agents++];
	memset(a, 0, sizeof *a);
	memcpy(a->name, name, strlen(name) + 1);
	a->desks = desks;
	a->state = RT_OFFLINE;
	a->since = now;
	a->seq = r->next_seq++;
	return RT_OK;
}

enum rt_err
rt_set_state(struct rt *r, const char *name, enum rt_astate st,
	     const char *reason, int64_t now)
{
	struct rt_agent *a = agent_get(r, name);

	if (!a)
		return RT_E_NO_AGENT;
	if (st != RT_READY && st != RT_NOT_READY && st != RT_OFFLINE)
		return RT_E_INVALID;
	if (st == RT_NOT_READY && !reason_ok(reason))
		return RT_E_INVALID;
	if (st == RT_READY || (reason && !*reason))
		reason = NULL;
	if (reason && !reason_ok(reason))
		return RT_E_INVALID;
	if (rt_astate_on_call(a->state))
		return RT_E_BUSY;
	if (a->state == st && strcmp(a->reason, reason ? reason : "") == 0)
		return RT_OK;
	agent_to(r, a, st, reason, now);
	if (st == RT_READY)
		dispatch_agent(r, a, now);
	return RT_OK;
}

enum rt_err
rt_after_call(struct rt *r, const char *name, enum rt_after after,
	      const char *reason, int64_t now)
{
	struct rt_agent *a = agent_get(r, name);

	(void)now;
	if (!a)
		return RT_E_NO_AGENT;
	if (after == RT_AFTER_NOT_READY && !reason_ok(reason))
		return RT_E_INVALID;
	if ((unsigned)after > RT_AFTER_OFFLINE)
		return RT_E_INVALID;
	if (!rt_astate_on_call(a->state))
		return RT_E_NOT_ON_CALL;
	a->after = after;
	memset(a->after_reason, 0, sizeof a->after_reason);
	if (after == RT_AFTER_NOT_READY)
		memcpy(a->after_reason, reason, strlen(reason));
	ch_agent(r, a, 0);
	return RT_OK;
}

enum rt_err
rt_logout(struct rt *r, const char *name, int64_t now)
{
	struct rt_agent *a = agent_get(r, name);
	struct rt_call *c;

	if (!a)
		return RT_E_NO_AGENT;
	switch (a->state) {
	case RT_OFFLINE:
		return RT_OK;
	case RT_RINGING:
		c = call_get(r, a->call_id);
		if (c && c->state == RTC_RINGING) {
			unring(r, c, a, RT_OFFLINE, NULL, now);
			return RT_OK;
		}
		agent_to(r, a, RT_OFFLINE, NULL, now);
		return RT_OK;
	case RT_TALKING:
	case RT_HOLD:
	case RT_ACW:
		if (a->after != RT_AFTER_OFFLINE) {
			a->after = RT_AFTER_OFFLINE;
			memset(a->after_reason, 0, sizeof a->after_reason);
			ch_agent(r, a, 0);
		}
		return RT_OK;
	default:
		agent_to(r, a, RT_OFFLINE, NULL, now);
		return RT_OK;
	}
}

/* ---- calls ------------------------------------------------------------ */

enum rt_err
rt_offer(struct rt *r, int64_t id, int desk, int64_t now)
{
	struct rt_call *c;
	size_t i;

	if (id <= 0 || desk < 0 || desk >= RT_MAX_DESKS)
		return RT_E_INVALID;
	for (i = 0; i < r->n_calls; i++)
		if (r->calls[i].id == id)
			return RT_E_EXISTS;
	r->calls = grow(r->calls, r->n_calls, &r->cap_calls, sizeof *r->calls);
	c = &r->calls[r->n_calls++];
	memset(c, 0, sizeof *c);
	c->id = id;
	c->desk = desk;
	c->state = RTC_QUEUED;
	c->offered_at = now;
	c->state_since = now;
	c->qpos = ++r->qback[desk];
	ch_call(r, c, 0, NULL);
	dispatch_call(r, c, now);
	return RT_OK;
}

enum rt_err
rt_check_call(const struct rt *r, int64_t id, const char *name,
	      unsigned mask)
{
	const struct rt_call *c = call_get(r, id);

	if (!c)
		return RT_E_NO_CALL;
	if (!name || strcmp(c->agent, name) != 0)
		return RT_E_NOT_YOURS;
	if (!((mask >> c->state) & 1u))
		return RT_E_CALL_STATE;
	return RT_OK;
}

#define CS(s) (1u << (s))

/* The call and its agent for an agent-side operation, or why not. */
static enum rt_err
mine(struct rt *r, int64_t id, const char *name, unsigned mask,
     struct rt_call **c, struct rt_agent **a)
{
	enum rt_err e = rt_check_call(r, id, name, mask);

	if (e != RT_OK)
		return e;
	*c = call_get(r, id);
	*a = agent_get(r, name);
	return *a ? RT_OK : RT_E_NO_AGENT;
}

/* Move the call and its agent together. */
static void
both_to(struct rt *r, struct rt_call *c, enum rt_cstate cs,
	struct rt_agent *a, enum rt_astate as, int64_t now)
{
	call_to(c, cs, now);
	ch_call(r, c, 0, NULL);
	agent_to(r, a, as, NULL, now);
}

enum rt_err
rt_answer(struct rt *r, int64_t id, const char *name, int64_t now)
{
	struct rt_call *c;
	struct rt_agent *a;
	enum rt_err e = mine(r, id, name, CS(RTC_RINGING), &c, &a);

	if (e != RT_OK)
		return e;
	c->answered_at = now;
	c->deadline = 0;
	both_to(r, c, RTC_TALKING, a, RT_TALKING, now);
	return RT_OK;
}

enum rt_err
rt_hold(struct rt *r, int64_t id, const char *name, int64_t now)
{
	struct rt_call *c;
	struct rt_agent *a;
	enum rt_err e = mine(r, id, name, CS(RTC_TALKING), &c, &a);

	if (e != RT_OK)
		return e;
	both_to(r, c, RTC_HOLD, a, RT_HOLD, now);
	return RT_OK;
}

enum rt_err
rt_resume(struct rt *r, int64_t id, const char *name, int64_t now)
{
	struct rt_call *c;
	struct rt_agent *a;
	enum rt_err e = mine(r, id, name, CS(RTC_HOLD), &c, &a);

	if (e != RT_OK)
		return e;
	both_to(r, c, RTC_TALKING, a, RT_TALKING, now);
	return RT_OK;
}

enum rt_err
rt_hangup(struct rt *r, int64_t id, const char *name, int64_t now)
{
	struct rt_call *c;
	struct rt_agent *a;
	enum rt_err e = mine(r, id, name, CS(RTC_TALKING) | CS(RTC_HOLD), &c,
			     &a);

	if (e != RT_OK)
		return e;
	c->ended_at = now;
	c->deadline = r->pol.acw_timed ? now + r->pol.acw_ms : 0;
	both_to(r, c, RTC_ACW, a, RT_ACW, now);
	return RT_OK;
}

static void
finish_acw(struct rt *r, struct rt_call *c, struct rt_agent *a, int auto_,
	   int64_t now)
{
	call_to(c, RTC_ENDED, now);
	c->deadline = 0;
	c->auto_wrapup = auto_;
	ch_call(r, c, 0, NULL);
	if (a && a->call_id == c->id)
		agent_after(r, a, now);
}

enum rt_err
rt_wrapup(struct rt *r, int64_t id, const char *name, int64_t now)
{
	struct rt_call *c;
	struct rt_agent *a;
	enum rt_err e = mine(r, id, name, CS(RTC_ACW), &c, &a);

	if (e != RT_OK)
		return e;
	finish_acw(r, c, a, 0, now);
	return RT_OK;
}

enum rt_err
rt_extend_acw(struct rt *r, int64_t id, const char *name, int64_t now)
{
	struct rt_call *c;
	struct rt_agent *a;
	enum rt_err e = mine(r, id, name, CS(RTC_ACW), &c, &a);

	(void)now;
	if (e != RT_OK)
		return e;
	if (!r->pol.acw_timed || !c->deadline)
		return RT_E_NOT_TIMED;
	if (c->extensions >= r->pol.max_extensions)
		return RT_E_LIMIT;
	c->extensions++;
	c->deadline += r->pol.acw_ms;
	ch_call(r, c, 0, NULL);
	ch_agent(r, a, 0);
	return RT_OK;
}

enum rt_err
rt_abandon(struct rt *r, int64_t id, int64_t now)
{
	struct rt_call *c = call_get(r, id);
	struct rt_agent *a;
	char left[RT_NAME_MAX];

	if (!c)
		return RT_E_NO_CALL;
	if (c->state != RTC_QUEUED && c->state != RTC_RINGING)
		return RT_E_CALL_STATE;
	memcpy(left, c->agent, sizeof left);
	a = c->state == RTC_RINGING ? agent_get(r, c->agent) : NULL;
	call_to(c, RTC_ABANDONED, now);
	c->ended_at = now;
	c->deadline = 0;
	c->qpos = 0;
	ch_call(r, c, 0, left);
	if (a && a->state == RT_RINGING && a->call_id == id) {
		/* Back to READY with its place in the idle order kept. */
		agent_to(r, a, RT_READY, NULL, now);
		dispatch_agent(r, a, now);
	}
	return RT_OK;
}

/* ---- timers ----------------------------------------------------------- */

int64_t
rt_next_deadline(const struct rt *r)
{
	int64_t best = 0;
	size_t i;

	for (i = 0; i < r->n_calls; i++) {
		const struct rt_call *c = &r->calls[i];

		if (call_live(c) && c->deadline > 0 &&
		    (!best || c->deadline < best))
			best = c->deadline;
	}
	return best;
}

/* The live call with the earliest deadline <= now, or NULL. */
static struct rt_call *
due_call(struct rt *r, int64_t now)
{
	struct rt_call *best = NULL;
	size_t i;

	for (i = 0; i < r->n_calls; i++) {
		struct rt_call *c = &r->calls[i];

		if (!call_live(c) || c->deadline <= 0 || c->deadline > now)
			continue;
		if (!best || c->deadline < best->deadline ||
		    (c->deadline == best->deadline && c->id < best->id))
			best = c;
	}
	return best;
}

int
rt_tick(struct rt *r, int64_t now)
{
	struct rt_call *c;
	int fired = 0;

	while ((c = due_call(r, now)) != NULL) {
		struct rt_agent *a = agent_get(r, c->agent);

		fired++;
		if (c->state == RTC_RINGING) {
			unring(r, c, a, RT_NOT_READY, RT_REASON_RNA, now);
		} else if (c->state == RTC_ACW) {
			finish_acw(r, c, a, 1, now);
		} else {
			c->deadline = 0; /* nothing is due in other states */
		}
	}
	return fired;
}

/* ---- queries ---------------------------------------------------------- */

int
rt_queue_position(const struct rt *r, int64_t id)
{
	const struct rt_call *c = call_get(r, id);
	size_t i;
	int pos = 1;

	if (!c || c->state != RTC_QUEUED)
		return 0;
	for (i = 0; i < r->n_calls; i++) {
		const struct rt_call *o = &r->calls[i];

		if (o->state == RTC_QUEUED && o->desk == c->desk &&
		    o->qpos < c->qpos)
			pos++;
	}
	return pos;
}

void
rt_queue_stat(const struct rt *r, int desk, int64_t now,
	      struct rt_queue_stat *out)
{
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < r->n_calls; i++) {
		const struct rt_call *c = &r->calls[i];

		if (c->state != RTC_QUEUED || c->desk != desk)
			continue;
		out->waiting++;
		if (now - c->offered_at > out->longest_wait_ms)
			out->longest_wait_ms = now - c->offered_at;
	}
	for (i = 0; i < r->n_agents; i++)
		if (r->agents[i].state == RT_READY &&
		    has_desk(&r->agents[i], desk))
			out->agents_ready++;
}
