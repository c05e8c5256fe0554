/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calls.c - the call centre: the routing engine behind a mutex, written
 * through to the store, announced through the event hub, driven by a
 * timer thread for ring and ACW deadlines (see calls.h).
 *
 * One change, in order: lock; copy the engine; apply the operation to the
 * copy; write what the copy's change list says (final call and agent
 * rows, one state-log row per state change, the op's own rows) in one
 * store transaction; on success the copy becomes the engine and the
 * events are published (each step's snapshot, so a call that rang one
 * agent and then another is announced twice); unlock; wake the timer.
 */
#include "calls.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "events.h"
#include "log.h"
#include "srv.h"
#include "tkrec.h"
#include "training.h"

/* After a failed write the timer waits this long before trying again. */
#define CALLS_RETRY_MS 1000

struct centre {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t timer;
	int running, stopping, timer_started;
	struct srv *srv;
	struct calls_config cfg;
	struct rt *rt;
	long long next_id;
	char queue_sig[256]; /* last published queue counts */
	long long retry_at;  /* timer back-off after a failed write */
};

static struct centre cc = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER,
};

long long
calls_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
calls_config_default(struct calls_config *c)
{
	memset(c, 0, sizeof *c);
	c->ring_timeout = CALLS_RING_TIMEOUT;
	c->acw_timed = 1;
	c->acw_seconds = CALLS_ACW_SECONDS;
	snprintf(c->acw_default_code, sizeof c->acw_default_code, "%s",
		 CALLS_ACW_DEFAULT_CODE);
	c->max_extensions = CALLS_MAX_EXTENSIONS;
}

int
calls_parse_option(const char *name, const char *arg, struct calls_config *c)
{
	char *end = NULL;
	long v;

	if (strcmp(name, "acw-mode") == 0) {
		if (strcmp(arg, "timed") == 0)
			c->acw_timed = 1;
		else if (strcmp(arg, "optional") == 0)
			c->acw_timed = 0;
		else
			return -1;
		return 0;
	}
	if (strcmp(name, "acw-default-code") == 0) {
		size_t i, n = strlen(arg);

		if (n < 1 || n >= sizeof c->acw_default_code)
			return -1;
		for (i = 0; i < n; i++)
			if (!((arg[i] >= 'A' && arg[i] <= 'Z') ||
			      (arg[i] >= '0' && arg[i] <= '9') || arg[i] == '_'))
				return -1;
		snprintf(c->acw_default_code, sizeof c->acw_default_code,
			 "%s", arg);
		return 0;
	}
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || !*arg || *end)
		return -1;
	if (strcmp(name, "ring-timeout") == 0 && v >= 1 && v <= 600) {
		c->ring_timeout = (int)v;
		return 0;
	}
	if (strcmp(name, "acw-seconds") == 0 && v >= 1 && v <= 3600) {
		c->acw_seconds = (int)v;
		return 0;
	}
	return -1;
}

const struct calls_config *
calls_config_get(void)
{
	return &cc.cfg;
}

/* ---- conversions ------------------------------------------------------ */

static int
desk_index(const char *wire)
{
	int d = wire ? tk_enum_parse(TKE_DESK, wire) : -1;

	return d >= 0 && d < RT_MAX_DESKS ? d : -1;
}

static unsigned
desk_bits(const char *list)
{
	char buf[256], *p, *save = NULL, *tok;
	unsigned bits = 0;

	snprintf(buf, sizeof buf, "%s", list ? list : "");
	for (p = buf; (tok = strtok_r(p, ",", &save)); p = NULL) {
		int d = desk_index(tok);

		if (d >= 0)
			bits |= 1u << d;
	}
	return bits;
}

static const char *
after_wire(enum rt_after a)
{
	switch (a) {
	case RT_AFTER_NOT_READY:
		return "NOT_READY";
	case RT_AFTER_OFFLINE:
		return "OFFLINE";
	default:
		return NULL;
	}
}

static enum calls_rc
rc_of(enum rt_err e)
{
	switch (e) {
	case RT_OK:
		return CALLS_OK;
	case RT_E_NO_CALL:
		return CALLS_NOT_FOUND;
	case RT_E_NOT_YOURS:
	case RT_E_NO_AGENT:
		return CALLS_NOT_YOURS;
	case RT_E_CALL_STATE:
		return CALLS_CALL_STATE;
	case RT_E_BUSY:
		return CALLS_BUSY;
	case RT_E_NOT_ON_CALL:
		return CALLS_NOT_ON_CALL;
	case RT_E_NOT_TIMED:
		return CALLS_NOT_TIMED;
	case RT_E_LIMIT:
		return CALLS_LIMIT;
	default:
		return CALLS_INVALID;
	}
}

static void
add_time(cJSON *o, const char *key, long long ms)
{
	char iso[32];

	if (ms <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	tk_iso_time(iso, ms / 1000);
	cJSON_AddStringToObject(o, key, iso);
}

/* A deadline is shown rounded up to the second. */
static void
add_deadline(cJSON *o, const char *key, long long ms)
{
	add_time(o, key, ms > 0 ? ms + 999 : 0);
}

static void
add_str_or_null(cJSON *o, const char *key, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

/* ---- JSON ------------------------------------------------------------- */

/*
 * The CALL object: fixed fields from c (the stored call), routing fields
 * from snap when given (an engine snapshot), else from c.
 */
static cJSON *
call_json(const struct store_call *c, const struct rt_call *snap,
	  long long now)
{
	cJSON *o = cJSON_CreateObject(), *x;
	struct rt_call v;
	enum rt_cstate cs;
	const char *agent;
	size_t i;

	if (snap) {
		v = *snap;
		agent = snap->agent;
	} else {
		memset(&v, 0, sizeof v);
		if (rt_cstate_parse(c->state, &cs) != 0)
			cs = RTC_ENDED;
		v.state = cs;
		v.offered_at = c->offered_ms;
		v.ringing_at = c->ringing_ms;
		v.answered_at = c->answered_ms;
		v.ended_at = c->ended_ms;
		v.state_since = c->state_since_ms;
		v.wait_ms = c->wait_ms;
		v.ring_ms = c->ring_ms;
		v.talk_ms = c->talk_ms;
		v.hold_ms = c->hold_ms;
		v.acw_ms = c->acw_ms;
		v.deadline = c->deadline_ms;
		v.ring_attempts = c->ring_attempts;
		v.extensions = c->acw_extensions;
		agent = c->agent;
	}
	if (v.state == RTC_ENDED || v.state == RTC_ABANDONED)
		now = v.state_since; /* nothing runs any more */
	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "caller", c->caller);
	cJSON_AddStringToObject(o, "channel", c->channel);
	cJSON_AddStringToObject(o, "desk", c->desk);
	cJSON_AddStringToObject(o, "state", rt_cstate_wire(v.state));
	add_str_or_null(o, "agent", agent);
	cJSON_AddBoolToObject(o, "training", c->training);
	if (c->has_ivr) {
		x = cJSON_AddObjectToObject(o, "ivr");
		cJSON_AddStringToObject(x, "intent", c->ivr_intent);
		cJSON_AddStringToObject(x, "transcript", c->ivr_transcript);
	} else {
		cJSON_AddNullToObject(o, "ivr");
	}
	add_time(o, "offered_at", v.offered_at ? v.offered_at : c->offered_ms);
	add_time(o, "ringing_at", v.ringing_at);
	add_time(o, "answered_at", v.answered_at);
	add_time(o, "ended_at", v.ended_at);
	cJSON_AddNumberToObject(o, "wait_s", (double)(rt_call_time_in(
		&v, RTC_QUEUED, now) / 1000));
	cJSON_AddNumberToObject(o, "ring_s", (double)(rt_call_time_in(
		&v, RTC_RINGING, now) / 1000));
	cJSON_AddNumberToObject(o, "talk_s", (double)(rt_call_time_in(
		&v, RTC_TALKING, now) / 1000));
	cJSON_AddNumberToObject(o, "hold_s", (double)(rt_call_time_in(
		&v, RTC_HOLD, now) / 1000));
	cJSON_AddNumberToObject(o, "acw_s", (double)(rt_call_time_in(
		&v, RTC_ACW, now) / 1000));
	add_deadline(o, "acw_deadline", v.state == RTC_ACW ? v.deadline : 0);
	cJSON_AddNumberToObject(o, "acw_extensions", v.extensions);
	add_str_or_null(o, "disposition", c->disposition);
	cJSON_AddStringToObject(o, "summary", c->summary ? c->summary : "");
	cJSON_AddBoolToObject(o, "needs_callback", c->needs_callback);
	add_str_or_null(o, "ticket_no", c->ticket_no);
	x = cJSON_AddArrayToObject(o, "urged_tickets");
	for (i = 0; i < c->n_urged; i++)
		cJSON_AddItemToArray(x, cJSON_CreateString(c->urged[i]));
	x = cJSON_AddArrayToObject(o, "transfers");
	for (i = 0; i < c->n_transfers; i++) {
		const struct store_transfer *t = &c->transfers[i];
		cJSON *y = cJSON_CreateObject();

		cJSON_AddNumberToObject(y, "id", (double)t->id);
		cJSON_AddStringToObject(y, "mode", t->mode);
		cJSON_AddStringToObject(y, "target_kind", t->target_kind);
		cJSON_AddStringToObject(y, "target", t->target);
		cJSON_AddStringToObject(y, "target_name", t->target_name);
		add_time(y, "at", t->at * 1000);
		cJSON_AddStringToObject(y, "note", t->note);
		cJSON_AddStringToObject(y, "agent", t->agent);
		cJSON_AddItemToArray(x, y);
	}
	cJSON_AddNumberToObject(o, "ring_attempts", v.ring_attempts);
	return o;
}

cJSON *
calls_call_json(const struct store_call *c, long long now_ms)
{
	return call_json(c, NULL, now_ms);
}

/* AGENT_STATE from an engine agent (r: for the ACW deadline). */
static cJSON *
agent_json(const struct rt *r, const struct rt_agent *a, long long now)
{
	cJSON *o = cJSON_CreateObject(), *d;
	const struct rt_call *c = NULL;
	int i;

	if (a->call_id)
		c = rt_find_call(r, a->call_id);
	cJSON_AddStringToObject(o, "username", a->name);
	cJSON_AddStringToObject(o, "state", rt_astate_wire(a->state));
	add_str_or_null(o, "reason", a->reason);
	add_time(o, "since", a->since);
	if (a->call_id)
		cJSON_AddNumberToObject(o, "call_id", (double)a->call_id);
	else
		cJSON_AddNullToObject(o, "call_id");
	add_str_or_null(o, "after_call", after_wire(a->after));
	add_str_or_null(o, "after_call_reason",
			a->after == RT_AFTER_NOT_READY ? a->after_reason
						       : NULL);
	add_deadline(o, "acw_deadline",
		     a->state == RT_ACW && c && c->state == RTC_ACW
			     ? c->deadline
			     : 0);
	d = cJSON_AddArrayToObject(o, "desks");
	for (i = 0; i < RT_MAX_DESKS; i++) {
		const char *w = tk_enum_wire(TKE_DESK, i);

		if (w && (a->desks >> i) & 1u)
			cJSON_AddItemToArray(d, cJSON_CreateString(w));
	}
	add_time(o, "now", now);
	return o;
}

static cJSON *
queues_json(const struct rt *r, long long now, char *sig, size_t sig_cap)
{
	cJSON *o = cJSON_CreateObject(), *items;
	int d, n = tk_enum_count(TKE_DESK);
	size_t len = 0;

	items = cJSON_AddArrayToObject(o, "items");
	if (sig && sig_cap)
		sig[0] = '\0';
	for (d = 0; d < n && d < RT_MAX_DESKS; d++) {
		struct rt_queue_stat qs;
		cJSON *x = cJSON_CreateObject();

		rt_queue_stat(r, d, now, &qs);
		cJSON_AddStringToObject(x, "desk", tk_enum_wire(TKE_DESK, d));
		cJSON_AddNumberToObject(x, "waiting", qs.waiting);
		cJSON_AddNumberToObject(x, "longest_wait_s",
					(double)(qs.longest_wait_ms / 1000));
		cJSON_AddNumberToObject(x, "agents_ready", qs.agents_ready);
		cJSON_AddItemToArray(items, x);
		if (sig && len < sig_cap)
			len += (size_t)snprintf(sig + len, sig_cap - len,
						"%d/%d ", qs.waiting,
						qs.agents_ready);
	}
	return o;
}

cJSON *
calls_config_json(void)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "acw_mode",
				cc.cfg.acw_timed ? "timed" : "optional");
	cJSON_AddNumberToObject(o, "acw_seconds", cc.cfg.acw_seconds);
	cJSON_AddStringToObject(o, "acw_default_code",
				cc.cfg.acw_default_code);
	cJSON_AddNumberToObject(o, "ring_timeout", cc.cfg.ring_timeout);
	cJSON_AddNumberToObject(o, "max_acw_extensions",
				cc.cfg.max_extensions);
	return o;
}

/* ---- one change ------------------------------------------------------- */

/* What an operation brings besides the engine step. */
struct op {
	const struct calls_new *fresh;          /* a new call (its id) */
	long long id;                           /* the call concerned */
	const struct calls_wrapup *wrapup;      /* for id */
	const struct store_transfer_put *transfer;
	const struct calls_urge *urge;
	const char *user;
	long long *tid, *version;
};

/* training: a training call's events go to its agent only (issue #7). */
static void
publish_to(const char *type, const char *user, int all, int training,
	   cJSON *o)
{
	struct ev_audience aud;
	char *txt = cJSON_PrintUnformatted(o);

	memset(&aud, 0, sizeof aud);
	aud.username = user && *user ? user : NULL;
	aud.supervisors = !all && !training;
	aud.all = all;
	if (txt)
		events_publish(type, &aud, txt);
	free(txt);
	cJSON_Delete(o);
}

static void
publish(const char *type, const char *user, int all, cJSON *o)
{
	publish_to(type, user, all, 0, o);
}

/* Last change record of this call / agent in the list (final state). */
static const struct rt_change *
last_of(const struct rt_change *ch, size_t n, enum rt_change_kind kind,
	long long id, const char *name)
{
	size_t i = n;

	while (i--) {
		if (ch[i].kind != kind)
			continue;
		if (kind == RT_CH_CALL ? ch[i].call.id == id
				       : strcmp(ch[i].agent.name, name) == 0)
			return &ch[i];
	}
	return NULL;
}

static void
fill_call_put(struct store_call_put *p, const struct rt_call *c,
	      const struct calls_config *cfg, const struct op *op)
{
	memset(p, 0, sizeof *p);
	p->id = c->id;
	p->state = rt_cstate_wire(c->state);
	p->agent = c->agent;
	p->offered_ms = c->offered_at;
	p->ringing_ms = c->ringing_at;
	p->answered_ms = c->answered_at;
	p->ended_ms = c->ended_at;
	p->wrapped_ms = c->state == RTC_ENDED ? c->state_since : 0;
	p->state_since_ms = c->state_since;
	p->deadline_ms = c->deadline;
	p->wait_ms = c->wait_ms;
	p->ring_ms = c->ring_ms;
	p->talk_ms = c->talk_ms;
	p->hold_ms = c->hold_ms;
	p->acw_ms = c->acw_ms;
	p->queue_pos = c->state == RTC_QUEUED ? c->qpos : 0;
	p->ring_attempts = c->ring_attempts;
	p->acw_extensions = c->extensions;
	if (op && op->fresh && op->id == c->id) {
		p->insert = 1;
		p->caller = op->fresh->caller;
		p->channel = op->fresh->channel;
		p->desk = op->fresh->desk;
		p->posted_by = op->fresh->posted_by;
		p->training = op->fresh->training;
		p->has_ivr = op->fresh->has_ivr;
		p->ivr_intent = op->fresh->ivr_intent;
		p->ivr_transcript = op->fresh->ivr_transcript;
	}
	if (c->state == RTC_ENDED && c->auto_wrapup) {
		p->set_wrapup = 1;
		p->wrapup_auto = 1;
		p->disposition = cfg->acw_default_code;
		p->summary = "";
	} else if (c->state == RTC_ENDED && op && op->wrapup &&
		   op->id == c->id) {
		p->set_wrapup = 1;
		p->disposition = op->wrapup->code;
		p->summary = op->wrapup->summary ? op->wrapup->summary : "";
		p->needs_callback = op->wrapup->needs_callback;
		p->ticket_no = op->wrapup->ticket_no;
	}
}

static void
fill_agent_put(struct store_agent_put *p, const struct rt_agent *a)
{
	memset(p, 0, sizeof *p);
	p->username = a->name;
	p->state = rt_astate_wire(a->state);
	p->reason = a->reason;
	p->since_ms = a->since;
	p->idle_since_ms = a->idle_since;
	p->call_id = a->call_id;
	p->after_call = after_wire(a->after);
	p->after_call_reason = a->after == RT_AFTER_NOT_READY ? a->after_reason
							      : NULL;
}

/* Write the change list of r (plus op's rows) in one transaction. */
static enum status
persist(struct rt *r, const struct op *op)
{
	struct store *st = cc.srv->store;
	const struct rt_change *ch;
	struct store_call_put *calls;
	struct store_agent_put *agents;
	struct store_state_log_put *log;
	struct store_cc_write w;
	struct store_urge_put up;
	size_t n, i, j;
	enum status rc;

	ch = rt_changes(r, &n);
	memset(&w, 0, sizeof w);
	calls = xcalloc(n + 1, sizeof *calls);
	agents = xcalloc(n + 1, sizeof *agents);
	log = xcalloc(n + 1, sizeof *log);
	for (i = 0; i < n; i++) {
		if (ch[i].kind == RT_CH_CALL) {
			for (j = 0; j < w.n_calls; j++)
				if (calls[j].id == ch[i].call.id)
					break;
			if (j == w.n_calls)
				fill_call_put(&calls[w.n_calls++],
					      &last_of(ch, n, RT_CH_CALL,
						       ch[i].call.id, NULL)
						       ->call,
					      &cc.cfg, op);
			continue;
		}
		if (ch[i].new_state) {
			struct store_state_log_put *l = &log[w.n_log++];

			l->username = ch[i].agent.name;
			l->state = rt_astate_wire(ch[i].agent.state);
			l->reason = ch[i].agent.reason;
			l->at_ms = ch[i].agent.since;
			l->call_id = ch[i].agent.call_id;
		}
		for (j = 0; j < w.n_agents; j++)
			if (strcmp(agents[j].username, ch[i].agent.name) == 0)
				break;
		if (j == w.n_agents)
			fill_agent_put(&agents[w.n_agents++],
				       &last_of(ch, n, RT_CH_AGENT, 0,
						ch[i].agent.name)
						->agent);
	}
	w.calls = calls;
	w.agents = agents;
	w.log = log;
	w.transfer = op ? op->transfer : NULL;
	if (op && op->urge) {
		memset(&up, 0, sizeof up);
		up.call_id = op->id;
		up.ticket_no = op->urge->ticket_no;
		up.expect_version = op->urge->version;
		up.ticket_state = op->urge->state;
		up.agent = op->user;
		up.comment = op->urge->comment ? op->urge->comment : "";
		up.at_ms = calls_now_ms();
		w.urge = &up;
	}
	rc = st->ops->cc_write(st, &w, op ? op->tid : NULL,
			       op ? op->version : NULL);
	free(calls);
	free(agents);
	free(log);
	return rc;
}

/* Announce the change list of r (already stored); r is the new engine. */
static void
announce(struct rt *r, long long now)
{
	struct store *st = cc.srv->store;
	const struct rt_change *ch;
	struct store_call *got;
	long long *got_id;
	char sig[sizeof cc.queue_sig];
	size_t n, i, j, n_got = 0;
	cJSON *q;

	ch = rt_changes(r, &n);
	got = xcalloc(n + 1, sizeof *got);
	got_id = xcalloc(n + 1, sizeof *got_id);
	for (i = 0; i < n; i++) {
		const struct rt_call *c = &ch[i].call;

		if (ch[i].kind == RT_CH_AGENT) {
			publish("agent.state", ch[i].agent.name, 0,
				agent_json(r, &ch[i].agent, now));
			continue;
		}
		for (j = 0; j < n_got; j++)
			if (got_id[j] == c->id)
				break;
		if (j == n_got) {
			got_id[n_got] = c->id;
			if (st->ops->get_call(st, c->id, &got[n_got]) != ST_OK) {
				slog(SLOG_ERROR, "calls: cannot read call "
						 "%lld back", (long long)c->id);
				got_id[n_got] = -1;
			}
			n_got++;
		}
		if (got_id[j] < 0)
			continue;
		publish_to(ch[i].offered ? "call.offered" : "call.updated",
			   *c->agent ? c->agent : ch[i].left, 0,
			   got[j].training, call_json(&got[j], c, now));
	}
	for (j = 0; j < n_got; j++)
		if (got_id[j] >= 0)
			store_call_free(&got[j]);
	free(got);
	free(got_id);
	q = queues_json(r, now, sig, sizeof sig);
	if (strcmp(sig, cc.queue_sig) != 0) {
		memcpy(cc.queue_sig, sig, sizeof sig);
		publish("queue", NULL, 1, q);
	} else {
		cJSON_Delete(q);
	}
}

/* The call as it is now, announced as call.updated (transfer, urge). */
static void
announce_call(long long id, long long now)
{
	struct store *st = cc.srv->store;
	const struct rt_call *c = rt_find_call(cc.rt, id);
	struct store_call sc;

	if (st->ops->get_call(st, id, &sc) != ST_OK)
		return;
	publish_to("call.updated", c ? c->agent : sc.agent, 0, sc.training,
		   call_json(&sc, c, now));
	store_call_free(&sc);
}

typedef enum rt_err (*step_fn)(struct rt *r, const struct op *op,
			       const void *arg, long long now);

/*
 * Run one change (lock held by the caller): step on a copy, persist,
 * swap, announce.  The copy is dropped when the step refuses or the
 * store fails.
 */
static enum calls_rc
change(step_fn step, const struct op *op, const void *arg, long long now)
{
	struct rt *copy = rt_clone(cc.rt);
	enum rt_err e;
	enum status rc;
	size_t n;

	rt_changes_clear(copy);
	e = step(copy, op, arg, now);
	if (e != RT_OK) {
		rt_free(copy);
		return rc_of(e);
	}
	rt_changes(copy, &n);
	if (n || (op && (op->transfer || op->urge))) {
		rc = persist(copy, op);
		if (rc != ST_OK) {
			rt_free(copy);
			if (rc == ST_CONFLICT)
				return CALLS_CONFLICT;
			if (rc == ST_NOT_FOUND)
				return CALLS_NOT_FOUND;
			return CALLS_IO;
		}
	}
	rt_free(cc.rt);
	cc.rt = copy;
	if (n)
		announce(copy, now);
	rt_changes_clear(copy);
	pthread_cond_signal(&cc.wake);
	return CALLS_OK;
}

/* ---- training calls (issue #7) ---------------------------------------- */

/*
 * A training call rings only its agent and never counts in a live queue:
 * it is offered on the agent's private desk (training.c,
 * docs/training.md).  tr_ids lists the training calls offered (finished
 * ones are pruned) so that a private desk is known to be free again.
 * Guarded by cc.lock.
 */
static long long *tr_ids;
static size_t tr_n, tr_cap;

static void
train_add(long long id)
{
	if (tr_n == tr_cap) {
		tr_cap = tr_cap ? tr_cap * 2 : 16;
		tr_ids = xrealloc(tr_ids, tr_cap * sizeof *tr_ids);
	}
	tr_ids[tr_n++] = id;
}

static int
train_desk_claim(struct rt *r, const char *name, const char *desks,
		 long long now)
{
	return training_desk_claim(r, name, desk_bits(desks), tr_ids, tr_n,
				   now);
}

struct train_arg {
	const char *agent, *desks;
};

static enum rt_err
step_offer_training(struct rt *r, const struct op *op, const void *arg,
		    long long now)
{
	const struct train_arg *t = arg;
	int d = train_desk_claim(r, t->agent, t->desks, now);

	if (d < 0)
		return RT_E_LIMIT;
	return rt_offer(r, op->id, d, now);
}

/* ---- steps ------------------------------------------------------------ */

static enum rt_err
step_offer(struct rt *r, const struct op *op, const void *arg, long long now)
{
	const int *desk = arg;

	return rt_offer(r, op->id, *desk, now);
}

static enum rt_err
step_agent_op(struct rt *r, const struct op *op, const void *arg,
	      long long now)
{
	const enum calls_op *k = arg;

	switch (*k) {
	case CALLS_ANSWER:
		return rt_answer(r, op->id, op->user, now);
	case CALLS_HOLD:
		return rt_hold(r, op->id, op->user, now);
	case CALLS_RESUME:
		return rt_resume(r, op->id, op->user, now);
	case CALLS_HANGUP:
		return rt_hangup(r, op->id, op->user, now);
	case CALLS_EXTEND_ACW:
		return rt_extend_acw(r, op->id, op->user, now);
	}
	return RT_E_INVALID;
}

static enum rt_err
step_abandon(struct rt *r, const struct op *op, const void *arg,
	     long long now)
{
	(void)arg;
	return rt_abandon(r, op->id, now);
}

static enum rt_err
step_wrapup(struct rt *r, const struct op *op, const void *arg,
	    long long now)
{
	(void)arg;
	return rt_wrapup(r, op->id, op->user, now);
}

/* Transfers and urges: only a check; their rows ride along. */
static enum rt_err
step_check(struct rt *r, const struct op *op, const void *arg,
	   long long now)
{
	(void)arg;
	(void)now;
	return rt_check_call(r, op->id, op->user,
			     (1u << RTC_TALKING) | (1u << RTC_HOLD) |
				     (1u << RTC_ACW));
}

struct state_arg {
	const char *desks;
	enum rt_astate st;
	enum rt_after after;
	const char *reason;
	int is_after, logout;
};

static enum rt_err
step_state(struct rt *r, const struct op *op, const void *arg,
	   long long now)
{
	const struct state_arg *a = arg;
	enum rt_err e;

	if (a->logout)
		return rt_logout(r, op->user, now);
	e = rt_agent_seen(r, op->user,
			  desk_bits(a->desks) | training_desk_bits(r, op->user),
			  now);
	if (e != RT_OK)
		return e;
	if (a->is_after)
		return rt_after_call(r, op->user, a->after, a->reason, now);
	return rt_set_state(r, op->user, a->st, a->reason, now);
}

static enum rt_err
step_tick(struct rt *r, const struct op *op, const void *arg, long long now)
{
	(void)op;
	(void)arg;
	rt_tick(r, now);
	return RT_OK;
}

static enum rt_err
step_none(struct rt *r, const struct op *op, const void *arg, long long now)
{
	(void)op;
	(void)arg;
	rt_restore_done(r, now);
	return RT_OK;
}

/* ---- public operations ------------------------------------------------ */

static int
usable(void)
{
	return cc.running && !cc.stopping && cc.rt;
}

enum calls_rc
calls_offer(const struct calls_new *in, long long *id)
{
	struct op op;
	enum calls_rc rc;
	int desk = desk_index(in->desk);

	if (desk < 0)
		return CALLS_INVALID;
	memset(&op, 0, sizeof op);
	op.fresh = in;
	pthread_mutex_lock(&cc.lock);
	if (!usable()) {
		pthread_mutex_unlock(&cc.lock);
		return CALLS_IO;
	}
	op.id = cc.next_id;
	rc = change(step_offer, &op, &desk, calls_now_ms());
	if (rc == CALLS_OK) {
		*id = op.id;
		cc.next_id++;
	}
	pthread_mutex_unlock(&cc.lock);
	return rc;
}

/* A training call (issue #7): its target row is written first, under
 * the lock, so the id is the one the call gets; dropped again when the
 * call cannot be stored (a crash in between: store cleans at start). */
enum calls_rc
calls_offer_training(const struct calls_new *in, const char *agent,
		     const char *agent_desks, const char *scenario,
		     long long *id)
{
	struct store *st;
	struct train_arg ta;
	struct op op;
	enum calls_rc rc;

	if (desk_index(in->desk) < 0 || !agent || !*agent)
		return CALLS_INVALID;
	memset(&op, 0, sizeof op);
	op.fresh = in;
	ta.agent = agent;
	ta.desks = agent_desks;
	pthread_mutex_lock(&cc.lock);
	if (!usable()) {
		pthread_mutex_unlock(&cc.lock);
		return CALLS_IO;
	}
	st = cc.srv->store;
	op.id = cc.next_id;
	tr_n = training_calls_prune(cc.rt, tr_ids, tr_n);
	if (st->ops->training_call_put(st, op.id, agent, scenario,
				       in->posted_by,
				       calls_now_ms() / 1000) != ST_OK) {
		pthread_mutex_unlock(&cc.lock);
		return CALLS_IO;
	}
	rc = change(step_offer_training, &op, &ta, calls_now_ms());
	if (rc == CALLS_OK) {
		*id = op.id;
		cc.next_id++;
		train_add(op.id);
	} else if (st->ops->training_call_drop(st, op.id) != ST_OK) {
		slog(SLOG_ERROR, "calls: training row of call %lld left "
				 "behind",
		     op.id);
	}
	pthread_mutex_unlock(&cc.lock);
	return rc;
}

static enum calls_rc
locked_change(step_fn step, struct op *op, const void *arg)
{
	enum calls_rc rc;

	pthread_mutex_lock(&cc.lock);
	rc = usable() ? change(step, op, arg, calls_now_ms()) : CALLS_IO;
	pthread_mutex_unlock(&cc.lock);
	return rc;
}

enum calls_rc
calls_agent_op(enum calls_op k, long long id, const char *user)
{
	struct op op;

	memset(&op, 0, sizeof op);
	op.id = id;
	op.user = user;
	return locked_change(step_agent_op, &op, &k);
}

enum calls_rc
calls_abandon(long long id)
{
	struct op op;

	memset(&op, 0, sizeof op);
	op.id = id;
	return locked_change(step_abandon, &op, NULL);
}

enum calls_rc
calls_wrapup(long long id, const char *user, const struct calls_wrapup *w)
{
	struct op op;

	memset(&op, 0, sizeof op);
	op.id = id;
	op.user = user;
	op.wrapup = w;
	return locked_change(step_wrapup, &op, NULL);
}

enum calls_rc
calls_transfer(long long id, const char *user,
	       const struct store_transfer_put *t, long long *tid)
{
	struct op op;
	enum calls_rc rc;

	memset(&op, 0, sizeof op);
	op.id = id;
	op.user = user;
	op.transfer = t;
	op.tid = tid;
	pthread_mutex_lock(&cc.lock);
	rc = usable() ? change(step_check, &op, NULL, calls_now_ms())
		      : CALLS_IO;
	if (rc == CALLS_OK)
		announce_call(id, calls_now_ms());
	pthread_mutex_unlock(&cc.lock);
	return rc;
}

enum calls_rc
calls_urge(long long id, const char *user, const struct calls_urge *u,
	   long long *version)
{
	struct op op;
	enum calls_rc rc;

	memset(&op, 0, sizeof op);
	op.id = id;
	op.user = user;
	op.urge = u;
	op.version = version;
	pthread_mutex_lock(&cc.lock);
	rc = usable() ? change(step_check, &op, NULL, calls_now_ms())
		      : CALLS_IO;
	if (rc == CALLS_OK) {
		struct ev_audience aud;
		cJSON *o = cJSON_CreateObject();
		char *txt;

		announce_call(id, calls_now_ms());
		memset(&aud, 0, sizeof aud);
		aud.username = u->created_by;
		aud.supervisors = 1;
		cJSON_AddStringToObject(o, "ticket_no", u->ticket_no);
		cJSON_AddStringToObject(o, "state", u->state);
		cJSON_AddNumberToObject(o, "version", (double)*version);
		txt = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (txt)
			events_publish("ticket.changed", &aud, txt);
		free(txt);
	}
	pthread_mutex_unlock(&cc.lock);
	return rc;
}

enum calls_rc
calls_set_state(const char *user, const char *desks, enum rt_astate st,
		const char *reason)
{
	struct state_arg a;
	struct op op;

	memset(&a, 0, sizeof a);
	memset(&op, 0, sizeof op);
	a.desks = desks;
	a.st = st;
	a.reason = reason;
	op.user = user;
	return locked_change(step_state, &op, &a);
}

enum calls_rc
calls_set_after(const char *user, const char *desks, enum rt_after after,
		const char *reason)
{
	struct state_arg a;
	struct op op;

	memset(&a, 0, sizeof a);
	memset(&op, 0, sizeof op);
	a.desks = desks;
	a.is_after = 1;
	a.after = after;
	a.reason = reason;
	op.user = user;
	return locked_change(step_state, &op, &a);
}

void
calls_logout(const char *user)
{
	struct state_arg a;
	struct op op;
	enum calls_rc rc;

	memset(&a, 0, sizeof a);
	memset(&op, 0, sizeof op);
	a.logout = 1;
	op.user = user;
	pthread_mutex_lock(&cc.lock);
	if (!usable() || !rt_find_agent(cc.rt, user)) {
		pthread_mutex_unlock(&cc.lock);
		return;
	}
	rc = change(step_state, &op, &a, calls_now_ms());
	pthread_mutex_unlock(&cc.lock);
	if (rc != CALLS_OK)
		slog(SLOG_WARN, "calls: logout of an agent: state not "
				"changed (%d)", (int)rc);
}

cJSON *
calls_agent_state_json(const char *user, const char *desks)
{
	const struct rt_agent *a;
	long long now = calls_now_ms();
	cJSON *o = NULL;

	pthread_mutex_lock(&cc.lock);
	if (!cc.rt) {
		pthread_mutex_unlock(&cc.lock);
		return NULL;
	}
	a = rt_find_agent(cc.rt, user);
	/* First sight: registered OFFLINE, nothing to store or announce. */
	if (!a && rt_agent_seen(cc.rt, user, desk_bits(desks), now) == RT_OK)
		a = rt_find_agent(cc.rt, user);
	if (a)
		o = agent_json(cc.rt, a, now);
	pthread_mutex_unlock(&cc.lock);
	return o;
}

cJSON *
calls_queues_json(void)
{
	cJSON *o;

	pthread_mutex_lock(&cc.lock);
	o = cc.rt ? queues_json(cc.rt, calls_now_ms(), NULL, 0)
		  : cJSON_CreateObject();
	pthread_mutex_unlock(&cc.lock);
	return o;
}

/* ---- the timer -------------------------------------------------------- */

static void
abs_time(struct timespec *ts, long long ms)
{
	ts->tv_sec = (time_t)(ms / 1000);
	ts->tv_nsec = (long)(ms % 1000) * 1000000L;
}

static void *
timer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cc.lock);
	while (!cc.stopping) {
		long long dl = rt_next_deadline(cc.rt), now = calls_now_ms();
		struct timespec ts;

		if (cc.retry_at > dl && dl)
			dl = cc.retry_at;
		if (dl && dl <= now) {
			if (change(step_tick, NULL, NULL, now) == CALLS_OK) {
				cc.retry_at = 0;
			} else {
				slog(SLOG_ERROR, "calls: deadline not applied "
						 "(store); retrying");
				cc.retry_at = now + CALLS_RETRY_MS;
			}
			continue;
		}
		if (!dl) {
			pthread_cond_wait(&cc.wake, &cc.lock);
		} else {
			abs_time(&ts, dl);
			pthread_cond_timedwait(&cc.wake, &cc.lock, &ts);
		}
	}
	pthread_mutex_unlock(&cc.lock);
	return NULL;
}

/* ---- start and stop --------------------------------------------------- */

static int
check_default_code(struct store *st, const char *code)
{
	struct store_code *c = NULL;
	size_t n = 0, i;
	int found = 0;

	if (st->ops->list_codes(st, STORE_WRAPUP_CODES, &c, &n) != ST_OK)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(c[i].code, code) == 0)
			found = 1;
	store_codes_free(c, n);
	if (!found && n) {
		slog(SLOG_ERROR, "--acw-default-code %s is not a wrap-up code "
				 "of the database",
		     code);
		return -1;
	}
	if (!n)
		slog(SLOG_WARN, "calls: the database has no wrap-up codes yet");
	return 0;
}

static void
restore_agent(struct rt *r, const struct store_agent_state *s)
{
	struct rt_agent a;
	enum rt_astate st;

	memset(&a, 0, sizeof a);
	if (strlen(s->username) >= sizeof a.name ||
	    rt_astate_parse(s->state, &st) != 0) {
		slog(SLOG_WARN, "calls: agent state row skipped");
		return;
	}
	memcpy(a.name, s->username, strlen(s->username) + 1);
	a.desks = desk_bits(s->desks);
	a.state = st;
	snprintf(a.reason, sizeof a.reason, "%s", s->reason);
	a.since = s->since_ms;
	a.idle_since = s->idle_since_ms;
	a.call_id = s->call_id;
	if (strcmp(s->after_call, "NOT_READY") == 0)
		a.after = RT_AFTER_NOT_READY;
	else if (strcmp(s->after_call, "OFFLINE") == 0)
		a.after = RT_AFTER_OFFLINE;
	snprintf(a.after_reason, sizeof a.after_reason, "%s",
		 s->after_call_reason);
	if (rt_restore_agent(r, &a) != RT_OK)
		slog(SLOG_WARN, "calls: agent state row refused");
}

/* A training call's private desk at start (issue #7): its trainee from
 * training_calls, else its agent or poster (calls from before
 * migration 7).  -1: skip the call. */
static int
restore_train_desk(struct rt *r, const struct store_call *s,
		   const struct store_training_call *tc, size_t ntc)
{
	const char *who = *s->agent ? s->agent : s->posted_by;
	size_t i;

	for (i = 0; i < ntc; i++)
		if (tc[i].call_id == s->id)
			who = tc[i].agent;
	if (!who || !*who)
		return -1;
	return train_desk_claim(r, who, "", s->state_since_ms);
}

static void
restore_call(struct rt *r, const struct store_call *s,
	     const struct store_training_call *tc, size_t ntc)
{
	struct rt_call c;
	enum rt_cstate st;

	memset(&c, 0, sizeof c);
	c.desk = s->training ? restore_train_desk(r, s, tc, ntc)
			     : desk_index(s->desk);
	if (c.desk < 0 || rt_cstate_parse(s->state, &st) != 0 ||
	    strlen(s->agent) >= sizeof c.agent) {
		slog(SLOG_WARN, "calls: call %lld skipped at start", s->id);
		return;
	}
	c.id = s->id;
	c.state = st;
	memcpy(c.agent, s->agent, strlen(s->agent) + 1);
	c.offered_at = s->offered_ms;
	c.ringing_at = s->ringing_ms;
	c.answered_at = s->answered_ms;
	c.ended_at = s->ended_ms;
	c.state_since = s->state_since_ms;
	c.wait_ms = s->wait_ms;
	c.ring_ms = s->ring_ms;
	c.talk_ms = s->talk_ms;
	c.hold_ms = s->hold_ms;
	c.acw_ms = s->acw_ms;
	c.deadline = s->deadline_ms;
	c.qpos = s->queue_pos;
	c.ring_attempts = s->ring_attempts;
	c.extensions = s->acw_extensions;
	if (rt_restore_call(r, &c) != RT_OK)
		slog(SLOG_WARN, "calls: call %lld refused at start", s->id);
	else if (s->training)
		train_add(s->id);
}

int
calls_init(struct srv *s, const struct calls_config *cfg)
{
	struct store *st = s->store;
	struct store_agent_state *ag = NULL;
	struct store_call *calls = NULL;
	struct store_training_call *tc = NULL;
	size_t na = 0, nc = 0, ntc = 0, i;
	long long max_id = 0;
	struct rt_policy pol;
	int err;

	if (check_default_code(st, cfg->acw_default_code) != 0)
		return -1;
	if (st->ops->cc_load(st, &ag, &na, &calls, &nc, &max_id) != ST_OK) {
		slog(SLOG_ERROR, "calls: cannot load the call centre");
		return -1;
	}
	if (st->ops->training_call_targets(st, &tc, &ntc) != ST_OK) {
		slog(SLOG_ERROR, "calls: cannot load the training calls");
		store_agent_states_free(ag, na);
		store_calls_free(calls, nc);
		return -1;
	}
	memset(&pol, 0, sizeof pol);
	pol.ring_timeout_ms = (int64_t)cfg->ring_timeout * 1000;
	pol.acw_timed = cfg->acw_timed;
	pol.acw_ms = (int64_t)cfg->acw_seconds * 1000;
	pol.max_extensions = cfg->max_extensions;
	pthread_mutex_lock(&cc.lock);
	cc.srv = s;
	cc.cfg = *cfg;
	cc.rt = rt_new(&pol);
	for (i = 0; i < na; i++)
		restore_agent(cc.rt, &ag[i]);
	tr_n = 0;
	for (i = 0; i < nc; i++)
		restore_call(cc.rt, &calls[i], tc, ntc);
	store_training_calls_free(tc, ntc);
	cc.next_id = max_id + 1;
	cc.stopping = 0;
	cc.running = 1;
	cc.retry_at = 0;
	cJSON_Delete(queues_json(cc.rt, calls_now_ms(), cc.queue_sig,
				 sizeof cc.queue_sig));
	if (change(step_none, NULL, NULL, calls_now_ms()) != CALLS_OK)
		slog(SLOG_WARN, "calls: could not re-offer waiting calls");
	pthread_mutex_unlock(&cc.lock);
	store_agent_states_free(ag, na);
	store_calls_free(calls, nc);
	err = pthread_create(&cc.timer, NULL, timer_main, NULL);
	if (err) {
		slog(SLOG_ERROR, "calls: cannot start the timer: %s",
		     strerror(err));
		calls_shutdown();
		return -1;
	}
	cc.timer_started = 1;
	slog(SLOG_INFO, "calls: %zu agent states, %zu unfinished calls; "
			"ring timeout %d s, ACW %s %d s (default code %s)",
	     na, nc, cfg->ring_timeout, cfg->acw_timed ? "timed" : "optional",
	     cfg->acw_seconds, cfg->acw_default_code);
	return 0;
}

void
calls_shutdown(void)
{
	pthread_mutex_lock(&cc.lock);
	cc.stopping = 1;
	pthread_cond_broadcast(&cc.wake);
	pthread_mutex_unlock(&cc.lock);
	if (cc.timer_started) {
		pthread_join(cc.timer, NULL);
		cc.timer_started = 0;
	}
	pthread_mutex_lock(&cc.lock);
	rt_free(cc.rt);
	cc.rt = NULL;
	cc.running = 0;
	FREE(tr_ids);
	tr_n = tr_cap = 0;
	pthread_mutex_unlock(&cc.lock);
}
