/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calls_json.c - JSON of issue #3 (agent state, calls, queues, lists,
 * events) ↔ core/callmodel.h structs.
 *
 * The rules of json.c apply: every string passes u8_sanitize() (the
 * multi-line ones, ivr.transcript, summary and broadcast message, keep
 * their newlines); missing or null optional strings become ""; required
 * ones must be non-empty strings; a value of the wrong JSON type fails the
 * whole reply with ST_PARSE; numbers must be integral within 0 .. 1e15-1;
 * fields we do not model are ignored.  Additionally:
 *
 *  - Timestamps are ISO 8601 strings (cm_parse_iso) or null; null and
 *    missing give 0, a string that is not a timestamp fails the reply.
 *  - Booleans must be true/false (or null/missing: false).
 *  - Wire codes (states, desks, modes) are kept as sanitized strings:
 *    a newer server's values still show.
 *
 * cJSON stays in this file (and json.c, jsonget.c: the shared field
 * readers).
 */
#include "parse_calls.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "jsonget.h"

#define ONE_LINE SAN_FOLD_AMBIGUOUS
#define MULTI_LINE (SAN_KEEP_NEWLINE | SAN_FOLD_AMBIGUOUS)

/* The "items" array of a list reply. */
static const cJSON *
get_items(const cJSON *root, size_t *n, struct nj_err *e)
{
	const cJSON *items = nj_item(root, "items");

	*n = 0;
	if (!items) {
		nj_fail(e, "", "items", ": missing");
		return NULL;
	}
	if (!cJSON_IsArray(items)) {
		nj_fail(e, "", "items", ": not an array");
		return NULL;
	}
	*n = (size_t)cJSON_GetArraySize(items);
	return items;
}

static void
subpath(char *dst, size_t cap, const char *path, const char *key, size_t i)
{
	snprintf(dst, cap, "%s%s%s[%zu]", path, *path ? "." : "", key, i);
}

static int
need_object(const cJSON *o, const char *path, struct nj_err *e)
{
	if (!cJSON_IsObject(o))
		return nj_fail(e, path, NULL,
			       *path ? ": not an object"
				     : "reply is not an object");
	return 0;
}

/* ---- agent state ------------------------------------------------------ */

static int
agent_state_from(const cJSON *o, const char *path, time_t local_now,
		 struct agent_state *s, struct nj_err *e)
{
	time_t now;

	if (need_object(o, path, e) < 0 ||
	    nj_get_str(o, path, "username", ONE_LINE, 1, &s->username, e) < 0 ||
	    nj_get_str(o, path, "state", ONE_LINE, 1, &s->state, e) < 0 ||
	    nj_get_str(o, path, "reason", ONE_LINE, 0, &s->reason, e) < 0 ||
	    nj_get_time(o, path, "since", &s->since, e) < 0 ||
	    nj_get_num(o, path, "call_id", 0, &s->call_id, e) < 0 ||
	    nj_get_str(o, path, "after_call", ONE_LINE, 0, &s->after_call, e) <
		0 ||
	    nj_get_str(o, path, "after_call_reason", ONE_LINE, 0,
		       &s->after_call_reason, e) < 0 ||
	    nj_get_time(o, path, "acw_deadline", &s->acw_deadline, e) < 0 ||
	    nj_get_strv(o, path, "desks", &s->desks, &s->n_desks, e) < 0 ||
	    nj_get_time(o, path, "now", &now, e) < 0)
		return -1;
	s->server_skew_s = now ? (long)(now - local_now) : 0;
	return 0;
}

/* ---- calls ------------------------------------------------------------ */

static int
transfer_from(const cJSON *o, const char *path, struct call_transfer *t,
	      struct nj_err *e)
{
	if (need_object(o, path, e) < 0 ||
	    nj_get_num(o, path, "id", 0, &t->id, e) < 0 ||
	    nj_get_str(o, path, "mode", ONE_LINE, 1, &t->mode, e) < 0 ||
	    nj_get_str(o, path, "target_kind", ONE_LINE, 0, &t->target_kind,
		       e) < 0 ||
	    nj_get_str(o, path, "target", ONE_LINE, 0, &t->target, e) < 0 ||
	    nj_get_str(o, path, "target_name", ONE_LINE, 0, &t->target_name,
		       e) < 0 ||
	    nj_get_time(o, path, "at", &t->at, e) < 0 ||
	    nj_get_str(o, path, "note", ONE_LINE, 0, &t->note, e) < 0)
		return -1;
	return 0;
}

static int
call_from(const cJSON *o, const char *path, struct call *c, struct nj_err *e)
{
	const cJSON *ivr, *trs, *t;
	char sub[96];
	size_t i;

	if (need_object(o, path, e) < 0 ||
	    nj_get_num(o, path, "id", 1, &c->id, e) < 0)
		return -1;
	if (c->id == 0)
		return nj_fail(e, path, "id", ": not positive");
	if (nj_get_str(o, path, "caller", ONE_LINE, 0, &c->caller, e) < 0 ||
	    nj_get_str(o, path, "channel", ONE_LINE, 0, &c->channel, e) < 0 ||
	    nj_get_str(o, path, "desk", ONE_LINE, 0, &c->desk, e) < 0 ||
	    nj_get_str(o, path, "state", ONE_LINE, 1, &c->state, e) < 0 ||
	    nj_get_str(o, path, "agent", ONE_LINE, 0, &c->agent, e) < 0 ||
	    nj_get_bool(o, path, "training", &c->training, e) < 0 ||
	    nj_get_time(o, path, "offered_at", &c->offered_at, e) < 0 ||
	    nj_get_time(o, path, "ringing_at", &c->ringing_at, e) < 0 ||
	    nj_get_time(o, path, "answered_at", &c->answered_at, e) < 0 ||
	    nj_get_time(o, path, "ended_at", &c->ended_at, e) < 0 ||
	    nj_get_num(o, path, "wait_s", 0, &c->wait_s, e) < 0 ||
	    nj_get_num(o, path, "ring_s", 0, &c->ring_s, e) < 0 ||
	    nj_get_num(o, path, "talk_s", 0, &c->talk_s, e) < 0 ||
	    nj_get_num(o, path, "hold_s", 0, &c->hold_s, e) < 0 ||
	    nj_get_num(o, path, "acw_s", 0, &c->acw_s, e) < 0 ||
	    nj_get_time(o, path, "acw_deadline", &c->acw_deadline, e) < 0 ||
	    nj_get_num(o, path, "acw_extensions", 0, &c->acw_extensions, e) <
		0 ||
	    nj_get_str(o, path, "disposition", ONE_LINE, 0, &c->disposition,
		       e) < 0 ||
	    nj_get_str(o, path, "summary", MULTI_LINE, 0, &c->summary, e) < 0 ||
	    nj_get_bool(o, path, "needs_callback", &c->needs_callback, e) < 0 ||
	    nj_get_str(o, path, "ticket_no", ONE_LINE, 0, &c->ticket_no, e) <
		0 ||
	    nj_get_strv(o, path, "urged_tickets", &c->urged_tickets,
			&c->n_urged, e) < 0 ||
	    nj_get_num(o, path, "ring_attempts", 0, &c->ring_attempts, e) < 0)
		return -1;

	ivr = nj_item(o, "ivr");
	if (nj_absent(ivr)) {
		c->ivr_intent = xstrdup("");
		c->ivr_transcript = xstrdup("");
	} else {
		snprintf(sub, sizeof(sub), "%s%sivr", path, *path ? "." : "");
		if (need_object(ivr, sub, e) < 0 ||
		    nj_get_str(ivr, sub, "intent", ONE_LINE, 0, &c->ivr_intent,
			       e) < 0 ||
		    nj_get_str(ivr, sub, "transcript", MULTI_LINE, 0,
			       &c->ivr_transcript, e) < 0)
			return -1;
	}

	trs = nj_item(o, "transfers");
	if (nj_absent(trs))
		return 0;
	if (!cJSON_IsArray(trs))
		return nj_fail(e, path, "transfers", ": not an array");
	c->n_transfers = (size_t)cJSON_GetArraySize(trs);
	if (c->n_transfers == 0)
		return 0;
	c->transfers = xcalloc(c->n_transfers, sizeof(*c->transfers));
	i = 0;
	cJSON_ArrayForEach(t, trs) {
		subpath(sub, sizeof(sub), path, "transfers", i);
		if (transfer_from(t, sub, &c->transfers[i], e) < 0)
			return -1;
		i++;
	}
	return 0;
}

/* ---- lists ------------------------------------------------------------ */

static int
queues_from(const cJSON *root, struct queue_list *q, struct nj_err *e)
{
	const cJSON *items, *it;
	char sub[32];
	size_t i = 0;

	if (!(items = get_items(root, &q->n, e)))
		return -1;
	if (q->n > 0)
		q->items = xcalloc(q->n, sizeof(*q->items));
	cJSON_ArrayForEach(it, items) {
		struct queue_info *x = &q->items[i];

		snprintf(sub, sizeof(sub), "items[%zu]", i++);
		if (need_object(it, sub, e) < 0 ||
		    nj_get_str(it, sub, "desk", ONE_LINE, 1, &x->desk, e) < 0 ||
		    nj_get_num(it, sub, "waiting", 0, &x->waiting, e) < 0 ||
		    nj_get_num(it, sub, "longest_wait_s", 0, &x->longest_wait_s,
			       e) < 0 ||
		    nj_get_num(it, sub, "agents_ready", 0, &x->agents_ready,
			       e) < 0)
			return -1;
	}
	return 0;
}

/* Generic driver: parse, map with fn, on failure release with fr. */
#define PARSE_ROOT_(json, len, why, cap, out, fr, body)                        \
	do {                                                                   \
		struct nj_err e_;                                              \
		cJSON *root_;                                                  \
		int rc_;                                                       \
		nj_init(&e_, why, cap);                                        \
		memset(out, 0, sizeof(*out));                                  \
		if (!(root_ = nj_parse(json, len, 1, &e_)))                    \
			return ST_PARSE;                                       \
		{                                                              \
			const cJSON *r_ = root_;                               \
			struct nj_err *ep_ = &e_;                              \
			rc_ = (body);                                          \
		}                                                              \
		cJSON_Delete(root_);                                           \
		if (rc_ < 0) {                                                 \
			fr(out);                                               \
			return ST_PARSE;                                       \
		}                                                              \
		return ST_OK;                                                  \
	} while (0)

enum status
api_jc_agent_state(const char *json, size_t len, time_t local_now,
		   struct agent_state *out, char *why, size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, agent_state_free,
		    agent_state_from(r_, "", local_now, out, ep_));
}

enum status
api_jc_call(const char *json, size_t len, struct call *out, char *why,
	    size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, call_free,
		    call_from(r_, "", out, ep_));
}

enum status
api_jc_transfer(const char *json, size_t len, struct call_transfer *out,
		char *why, size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, call_transfer_free,
		    transfer_from(r_, "", out, ep_));
}

enum status
api_jc_queues(const char *json, size_t len, struct queue_list *out,
	      char *why, size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, queue_list_free,
		    queues_from(r_, out, ep_));
}

static int
units_from(const cJSON *root, struct unit_list *u, struct nj_err *e)
{
	const cJSON *items, *it;
	char sub[32];
	size_t i = 0;

	if (!(items = get_items(root, &u->n, e)))
		return -1;
	if (u->n > 0)
		u->items = xcalloc(u->n, sizeof(*u->items));
	cJSON_ArrayForEach(it, items) {
		struct unit_info *x = &u->items[i];

		snprintf(sub, sizeof(sub), "items[%zu]", i++);
		if (need_object(it, sub, e) < 0 ||
		    nj_get_str(it, sub, "code", ONE_LINE, 1, &x->code, e) < 0 ||
		    nj_get_str(it, sub, "name", ONE_LINE, 0, &x->name, e) < 0 ||
		    nj_get_str(it, sub, "short_name", ONE_LINE, 0,
			       &x->short_name, e) < 0 ||
		    nj_get_str(it, sub, "kind", ONE_LINE, 0, &x->kind, e) < 0 ||
		    nj_get_str(it, sub, "duty_phone", ONE_LINE, 0,
			       &x->duty_phone, e) < 0)
			return -1;
	}
	return 0;
}

/* unit_list_free and code_list_free walk all n items: items a failed
 * parse never reached are zeroed (free(NULL) is fine). */
enum status
api_jc_units(const char *json, size_t len, struct unit_list *out, char *why,
	     size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, unit_list_free,
		    units_from(r_, out, ep_));
}

static int
codes_from(const cJSON *root, struct code_list *l, struct nj_err *e)
{
	const cJSON *items, *it;
	char sub[32];
	size_t i = 0;

	if (!(items = get_items(root, &l->n, e)))
		return -1;
	if (l->n > 0)
		l->items = xcalloc(l->n, sizeof(*l->items));
	cJSON_ArrayForEach(it, items) {
		struct code_item *x = &l->items[i];

		snprintf(sub, sizeof(sub), "items[%zu]", i++);
		if (need_object(it, sub, e) < 0 ||
		    nj_get_str(it, sub, "code", ONE_LINE, 1, &x->code, e) < 0 ||
		    nj_get_str(it, sub, "name_zh", ONE_LINE, 0, &x->name_zh,
			       e) < 0 ||
		    nj_get_str(it, sub, "name_en", ONE_LINE, 0, &x->name_en,
			       e) < 0)
			return -1;
	}
	return 0;
}

enum status
api_jc_codes(const char *json, size_t len, struct code_list *out, char *why,
	     size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, code_list_free,
		    codes_from(r_, out, ep_));
}

static int
config_from(const cJSON *o, struct server_config *c, struct nj_err *e)
{
	if (nj_get_str(o, "", "acw_mode", ONE_LINE, 0, &c->acw_mode, e) < 0 ||
	    nj_get_num(o, "", "acw_seconds", 0, &c->acw_seconds, e) < 0 ||
	    nj_get_str(o, "", "acw_default_code", ONE_LINE, 0,
		       &c->acw_default_code, e) < 0 ||
	    nj_get_num(o, "", "ring_timeout", 0, &c->ring_timeout, e) < 0 ||
	    nj_get_num(o, "", "max_acw_extensions", 0, &c->max_acw_extensions,
		       e) < 0)
		return -1;
	return 0;
}

enum status
api_jc_config(const char *json, size_t len, struct server_config *out,
	      char *why, size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, server_config_free,
		    config_from(r_, out, ep_));
}

static int
ticket_change_from(const cJSON *o, struct ticket_change *t, struct nj_err *e)
{
	if (nj_get_str(o, "", "ticket_no", ONE_LINE, 1, &t->ticket_no, e) < 0 ||
	    nj_get_str(o, "", "state", ONE_LINE, 0, &t->state, e) < 0 ||
	    nj_get_num(o, "", "version", 0, &t->version, e) < 0)
		return -1;
	return 0;
}

enum status
api_jc_ticket_change(const char *json, size_t len, struct ticket_change *out,
		     char *why, size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, ticket_change_free,
		    ticket_change_from(r_, out, ep_));
}

static int
broadcast_from(const cJSON *o, struct broadcast_info *b, struct nj_err *e)
{
	if (nj_get_num(o, "", "id", 0, &b->id, e) < 0 ||
	    nj_get_str(o, "", "message", MULTI_LINE, 0, &b->message, e) < 0 ||
	    nj_get_str(o, "", "from", ONE_LINE, 0, &b->from, e) < 0 ||
	    nj_get_str(o, "", "desk", ONE_LINE, 0, &b->desk, e) < 0 ||
	    nj_get_time(o, "", "at", &b->at, e) < 0)
		return -1;
	return 0;
}

enum status
api_jc_broadcast(const char *json, size_t len, struct broadcast_info *out,
		 char *why, size_t why_cap)
{
	PARSE_ROOT_(json, len, why, why_cap, out, broadcast_info_free,
		    broadcast_from(r_, out, ep_));
}

enum status
api_jc_hello(const char *json, size_t len, time_t local_now, long *last_id,
	     time_t *now, long *skew_s, char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc;

	nj_init(&e, why, why_cap);
	*last_id = 0;
	*now = 0;
	*skew_s = 0;
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	rc = nj_get_num(root, "", "last_id", 0, last_id, &e) < 0 ||
		     nj_get_time(root, "", "now", now, &e) < 0
		 ? -1
		 : 0;
	cJSON_Delete(root);
	if (rc < 0) {
		*last_id = 0;
		*now = 0;
		return ST_PARSE;
	}
	*skew_s = *now ? (long)(*now - local_now) : 0;
	return ST_OK;
}

enum status
api_jc_resync(const char *json, size_t len, char **reason, char *why,
	      size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc;

	nj_init(&e, why, why_cap);
	*reason = NULL;
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	rc = nj_get_str(root, "", "reason", ONE_LINE, 0, reason, &e);
	cJSON_Delete(root);
	return rc < 0 ? ST_PARSE : ST_OK;
}

/* ---- events ----------------------------------------------------------- */

static const struct {
	const char *name;
	enum api_event_type type;
} event_names[] = {
	{"hello", AEV_HELLO},
	{"agent.state", AEV_AGENT_STATE},
	{"call.offered", AEV_CALL_OFFERED},
	{"call.updated", AEV_CALL_UPDATED},
	{"queue", AEV_QUEUE},
	{"ticket.changed", AEV_TICKET_CHANGED},
	{"broadcast", AEV_BROADCAST},
	{"resync", AEV_RESYNC},
};

void
api_event_decode(const char *type, const char *data, size_t len,
		 time_t local_now, struct api_event *out, char *why,
		 size_t why_cap)
{
	enum api_event_type t = AEV_UNKNOWN;
	enum status st = ST_OK;
	char *reason = NULL;
	size_t i;

	memset(&out->u, 0, sizeof(out->u));
	if (why && why_cap)
		why[0] = '\0';
	for (i = 0; i < sizeof(event_names) / sizeof(event_names[0]); i++)
		if (type && strcmp(type, event_names[i].name) == 0)
			t = event_names[i].type;
	switch (t) {
	case AEV_HELLO:
		st = api_jc_hello(data, len, local_now, &out->u.hello.last_id,
				  &out->u.hello.now, &out->u.hello.skew_s,
				  why, why_cap);
		break;
	case AEV_AGENT_STATE:
		st = api_jc_agent_state(data, len, local_now, &out->u.state,
					why, why_cap);
		break;
	case AEV_CALL_OFFERED:
	case AEV_CALL_UPDATED:
		st = api_jc_call(data, len, &out->u.call, why, why_cap);
		break;
	case AEV_QUEUE:
		st = api_jc_queues(data, len, &out->u.queues, why, why_cap);
		break;
	case AEV_TICKET_CHANGED:
		st = api_jc_ticket_change(data, len, &out->u.ticket, why,
					  why_cap);
		break;
	case AEV_BROADCAST:
		st = api_jc_broadcast(data, len, &out->u.broadcast, why,
				      why_cap);
		break;
	case AEV_RESYNC:
		st = api_jc_resync(data, len, &reason, why, why_cap);
		out->u.resync.reason = reason;
		break;
	case AEV_UNKNOWN:
	case AEV_CONN:
	default:
		t = AEV_UNKNOWN;
		break;
	}
	if (st != ST_OK) {
		memset(&out->u, 0, sizeof(out->u));
		t = AEV_UNKNOWN;
	}
	out->type = t;
}

void
api_event_clear(struct api_event *ev)
{
	switch (ev->type) {
	case AEV_AGENT_STATE:
		agent_state_free(&ev->u.state);
		break;
	case AEV_CALL_OFFERED:
	case AEV_CALL_UPDATED:
		call_free(&ev->u.call);
		break;
	case AEV_QUEUE:
		queue_list_free(&ev->u.queues);
		break;
	case AEV_TICKET_CHANGED:
		ticket_change_free(&ev->u.ticket);
		break;
	case AEV_BROADCAST:
		broadcast_info_free(&ev->u.broadcast);
		break;
	case AEV_RESYNC:
		free((void *)(uintptr_t)ev->u.resync.reason);
		break;
	case AEV_HELLO:
	case AEV_UNKNOWN:
	case AEV_CONN:
	default:
		break;
	}
	memset(&ev->u, 0, sizeof(ev->u));
}

/* ---- request bodies --------------------------------------------------- */

/* Print compactly into our own allocator's memory. */
static char *
jprint(cJSON *o)
{
	char *s, *r = NULL;

	if (!o)
		return NULL;
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (s) {
		r = xstrdup(s);
		cJSON_free(s);
	}
	return r;
}

/* Add key: s, or null when s is NULL (or "" and empty_null). */
static int
add_str(cJSON *o, const char *key, const char *s, int empty_null)
{
	if (!s || (empty_null && !*s))
		return cJSON_AddNullToObject(o, key) ? 0 : -1;
	return cJSON_AddStringToObject(o, key, s) ? 0 : -1;
}

char *
api_jc_state_body(const char *state, const char *reason)
{
	cJSON *o;

	if (!state || !*state || !(o = cJSON_CreateObject()))
		return NULL;
	if (add_str(o, "state", state, 0) < 0 ||
	    (reason && *reason && add_str(o, "reason", reason, 0) < 0)) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_jc_after_call_body(const char *reason)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (add_str(o, "after_call", reason ? "NOT_READY" : NULL, 0) < 0 ||
	    (reason && *reason && add_str(o, "reason", reason, 0) < 0)) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_jc_transfer_body(const char *mode, const char *target_kind,
		     const char *target, const char *note)
{
	cJSON *o;

	if (!mode || !*mode || !target_kind || !*target_kind || !target ||
	    !*target || !(o = cJSON_CreateObject()))
		return NULL;
	if (add_str(o, "mode", mode, 0) < 0 ||
	    add_str(o, "target_kind", target_kind, 0) < 0 ||
	    add_str(o, "target", target, 0) < 0 ||
	    add_str(o, "note", note ? note : "", 0) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_jc_wrapup_body(const char *code, const char *summary, int needs_callback,
		   const char *ticket_no)
{
	cJSON *o;

	if (!code || !*code || !(o = cJSON_CreateObject()))
		return NULL;
	if (add_str(o, "code", code, 0) < 0 ||
	    add_str(o, "summary", summary ? summary : "", 0) < 0 ||
	    !cJSON_AddBoolToObject(o, "needs_callback", needs_callback != 0) ||
	    add_str(o, "ticket_no", ticket_no, 1) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_jc_urge_body(const char *ticket_no, const char *comment)
{
	cJSON *o;

	if (!ticket_no || !*ticket_no || !(o = cJSON_CreateObject()))
		return NULL;
	if (add_str(o, "ticket_no", ticket_no, 0) < 0 ||
	    add_str(o, "comment", comment ? comment : "", 0) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_jc_ticket_minimal_body(long call_id, const char *caller_phone,
			   const char *title, const char *content)
{
	char idbuf[32], digits[24], *deftitle = NULL, *r;
	size_t nd = 0;
	const char *q;
	cJSON *o;
	int bad;

	/* The server takes 3-20 digits: "+86-138..." is sent as digits. */
	for (q = caller_phone ? caller_phone : ""; *q; q++)
		if (*q >= '0' && *q <= '9' && nd < sizeof(digits) - 1)
			digits[nd++] = *q;
	digits[nd] = '\0';
	if (nd < 3 || nd > 20)
		digits[0] = '\0';
	if (!(o = cJSON_CreateObject()))
		return NULL;
	if (!title || !*title)
		title = deftitle = caller_phone && *caller_phone
					   ? xasprintf("来电 %s", caller_phone)
					   : xstrdup("来电");
	if (!content || !*content)
		content = "（通话中记录）";
	snprintf(idbuf, sizeof(idbuf), "%ld", call_id);
	bad = add_str(o, "channel", "PHONE", 0) < 0 ||
	      add_str(o, "appeal_type", "CONSULT", 0) < 0 ||
	      add_str(o, "category_code", "99", 0) < 0 ||
	      add_str(o, "title", title, 0) < 0 ||
	      add_str(o, "content", content, 0) < 0 ||
	      (digits[0] && add_str(o, "caller_phone", digits, 0) < 0) ||
	      (call_id > 0 && add_str(o, "call_id", idbuf, 0) < 0);
	free(deftitle);
	if (bad) {
		cJSON_Delete(o);
		return NULL;
	}
	r = jprint(o);
	return r;
}

/* ---- public wrappers (calls.h) ---------------------------------------- */

enum status
api_parse_agent_state(const char *json, size_t len, time_t local_now,
		      struct agent_state *out)
{
	return api_jc_agent_state(json, len, local_now, out, NULL, 0);
}

enum status
api_parse_call(const char *json, size_t len, struct call *out)
{
	return api_jc_call(json, len, out, NULL, 0);
}

enum status
api_parse_transfer(const char *json, size_t len, struct call_transfer *out)
{
	return api_jc_transfer(json, len, out, NULL, 0);
}

enum status
api_parse_queues(const char *json, size_t len, struct queue_list *out)
{
	return api_jc_queues(json, len, out, NULL, 0);
}

enum status
api_parse_units(const char *json, size_t len, struct unit_list *out)
{
	return api_jc_units(json, len, out, NULL, 0);
}

enum status
api_parse_codes(const char *json, size_t len, struct code_list *out)
{
	return api_jc_codes(json, len, out, NULL, 0);
}

enum status
api_parse_config(const char *json, size_t len, struct server_config *out)
{
	return api_jc_config(json, len, out, NULL, 0);
}

enum status
api_parse_ticket_change(const char *json, size_t len,
			struct ticket_change *out)
{
	return api_jc_ticket_change(json, len, out, NULL, 0);
}

enum status
api_parse_broadcast(const char *json, size_t len, struct broadcast_info *out)
{
	return api_jc_broadcast(json, len, out, NULL, 0);
}
