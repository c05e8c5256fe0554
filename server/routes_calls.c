/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_calls.c - the CTI interface and the agent's call control:
 * /v1/calls (post, list, read, answer, hold, resume, hang up, wrap up,
 * extend ACW, transfers, urge, abandon), /v1/agents/me/state, the state
 * log, /v1/queues and /v1/config.  Input is checked here; every routing
 * decision is the call centre's (calls.c on core/route.c).
 */
#include "routes_calls.h"

#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "calls.h"
#include "log.h"
#include "reqparse.h"
#include "routes.h"
#include "tkinput.h"
#include "training.h"

#define CALLS_LIST_DEFAULT 50
#define CALLS_LIST_MAX 200
#define LIMIT_CHARS 12 /* longest ?limit= accepted */
#define IVR_INTENT_MAX 100
#define IVR_TRANSCRIPT_MAX 4000
#define SUMMARY_MAX 1000
#define URGE_RETRIES 3

/* ---- helpers ---------------------------------------------------------- */

static int
is_agent_role(enum role r)
{
	return r == ROLE_AGENT || r == ROLE_TRAINER;
}

/* May the caller read this call?  Agents and trainers: their own (a
 * trainer also the calls it posted, an agent its training calls). */
static int
may_view(struct req *r, const struct store_call *c)
{
	if (!is_agent_role(r->agent.role))
		return 1;
	if (strcmp(c->agent, r->agent.username) == 0)
		return 1;
	/* training space (issue #7): an agent also reads the training
	 * calls it asked for, e.g. while one waits for it */
	return (r->agent.role == ROLE_TRAINER || c->training) &&
	       strcmp(c->posted_by, r->agent.username) == 0;
}

/* Reply the call as stored now. */
static void
reply_call(struct req *r, unsigned status, long long id)
{
	struct store *st = r->srv->store;
	struct store_call c;
	enum status rc = st->ops->get_call(st, id, &c);

	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such call");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	if (status == 201)
		reply_header(r, "Location", "/v1/calls/%lld", id);
	reply_json(r, status, calls_call_json(&c, calls_now_ms()));
	store_call_free(&c);
}

/*
 * The call of the URL for an agent-side action: 404 when there is none,
 * 403 when it is not the caller's.  Returns the id or -1 (replied).
 */
static long long
own_call(struct req *r)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[2]);
	struct store_call c;
	enum status rc;
	int mine;

	if (id < 0) {
		reply_error(r, 404, "not_found", NULL, "no such call");
		return -1;
	}
	rc = st->ops->get_call(st, id, &c);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such call");
		return -1;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return -1;
	}
	mine = strcmp(c.agent, r->agent.username) == 0;
	store_call_free(&c);
	if (!mine) {
		reply_error(r, 403, "forbidden", NULL,
			    "call %lld is not yours", id);
		return -1;
	}
	return id;
}

/* Reply the error of a refused call-centre operation. */
static void
reply_calls_rc(struct req *r, enum calls_rc rc, long long id,
	       const char *what)
{
	struct store *st = r->srv->store;
	struct store_call c;

	switch (rc) {
	case CALLS_OK:
		reply_call(r, 200, id);
		return;
	case CALLS_NOT_FOUND:
	case CALLS_CALL_STATE:
		/* A finished call is not in the engine any more. */
		if (st->ops->get_call(st, id, &c) != ST_OK) {
			reply_error(r, 404, "not_found", NULL, "no such call");
			return;
		}
		reply_error(r, 409, "call_state", NULL, "%s from %s", what,
			    c.state);
		store_call_free(&c);
		return;
	case CALLS_NOT_YOURS:
		reply_error(r, 403, "forbidden", NULL,
			    "call %lld is not yours", id);
		return;
	case CALLS_NOT_TIMED:
		reply_error(r, 409, "acw_untimed", NULL,
			    "the ACW policy is optional: there is no deadline "
			    "to extend");
		return;
	case CALLS_LIMIT:
		reply_error(r, 409, "limit_reached", NULL,
			    "at most %d ACW extensions per call",
			    calls_config_get()->max_extensions);
		return;
	case CALLS_BUSY:
		reply_error(r, 409, "state_busy", NULL,
			    "on a call: the state follows the call");
		return;
	case CALLS_NOT_ON_CALL:
		reply_error(r, 409, "not_on_call", NULL,
			    "after_call is only for an agent on a call");
		return;
	default:
		reply_internal(r);
		return;
	}
}

/* Body must be empty or {}. */
static int
empty_body(struct req *r)
{
	static const char *const none[] = {NULL};
	struct verr e = {0};
	cJSON *b = req_json(r, 1);
	int ok;

	if (!b)
		return 0;
	ok = jsonv_check_keys(b, none, NULL, &e) == 0;
	if (!ok)
		reply_verr(r, &e);
	cJSON_Delete(b);
	return ok;
}

/* code is one of the wrap-up codes / not-ready reasons. */
static int
code_known(struct req *r, enum store_code_list which, const char *code,
	   int *known)
{
	struct store *st = r->srv->store;
	struct store_code *c = NULL;
	size_t n = 0, i;

	*known = 0;
	if (st->ops->list_codes(st, which, &c, &n) != ST_OK) {
		reply_internal(r);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (strcmp(c[i].code, code) == 0)
			*known = 1;
	store_codes_free(c, n);
	return 0;
}

/* ---- POST /v1/calls --------------------------------------------------- */

int
calls_ivr_fields(const cJSON *body, struct calls_new *in, struct verr *e)
{
	static const char *const keys[] = {"intent", "transcript", NULL};
	const cJSON *ivr = cJSON_GetObjectItemCaseSensitive(body, "ivr");
	const char *intent = NULL, *tr = NULL;

	if (!ivr || cJSON_IsNull(ivr))
		return 0;
	if (!cJSON_IsObject(ivr)) {
		verr_set(e, 400, "invalid_field", "ivr",
			 "an object {\"intent\", \"transcript\"} or null");
		return -1;
	}
	if (jsonv_check_keys(ivr, keys, "ivr.", e) != 0)
		return -1;
	if (jsonv_str(ivr, "intent", 1, &intent, e) < 0) {
		snprintf(e->field, sizeof e->field, "ivr.intent");
		return -1;
	}
	if (jsonv_str(ivr, "transcript", 1, &tr, e) < 0) {
		snprintf(e->field, sizeof e->field, "ivr.transcript");
		return -1;
	}
	if ((intent && jsonv_text(intent, "ivr.intent", IVR_INTENT_MAX, 1, 0,
				  e) != 0) ||
	    (tr && jsonv_text(tr, "ivr.transcript", IVR_TRANSCRIPT_MAX, 0, 0,
			      e) != 0))
		return -1;
	in->has_ivr = 1;
	in->ivr_intent = intent ? intent : "";
	in->ivr_transcript = tr ? tr : "";
	return 0;
}

void
h_calls_create(struct req *r)
{
	static const char *const keys[] = {"caller", "channel", "desk", "ivr",
					   NULL};
	struct calls_new in;
	struct verr e = {0};
	long long id = 0;
	enum calls_rc rc;
	cJSON *body;

	body = req_json(r, 0);
	if (!body)
		return;
	memset(&in, 0, sizeof in);
	in.channel = "PHONE";
	in.desk = "GENERAL";
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "caller", 0, &in.caller, &e) < 0 ||
	    jsonv_str(body, "channel", 0, &in.channel, &e) < 0 ||
	    jsonv_str(body, "desk", 0, &in.desk, &e) < 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (!in.caller) {
		reply_error(r, 400, "missing_field", "caller",
			    "the caller's number is required");
		goto out;
	}
	if (!tkin_phone_ok(in.caller)) {
		reply_error(r, 400, "invalid_field", "caller",
			    "a phone number is 3 to 20 digits");
		goto out;
	}
	if (tk_enum_parse(TKE_CHANNEL, in.channel) < 0) {
		reply_error(r, 400, "unknown_value", "channel",
			    "unknown channel");
		goto out;
	}
	if (tk_enum_parse(TKE_DESK, in.desk) < 0) {
		reply_error(r, 400, "unknown_value", "desk",
			    "unknown desk; one of GENERAL, ENTERPRISE, CARE, "
			    "DIALECT, ONLINE");
		goto out;
	}
	if (calls_ivr_fields(body, &in, &e) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	in.training = r->agent.role == ROLE_TRAINER;
	in.posted_by = r->agent.username;
	/* training space (issue #7): a trainer's call is a training call
	 * and rings only the trainer (POST /v1/training/calls names
	 * another agent). */
	if (in.training)
		rc = calls_offer_training(&in, r->agent.username,
					  r->agent.desks, "", &id);
	else
		rc = calls_offer(&in, &id);
	if (rc == CALLS_LIMIT)
		reply_error(r, 409, "training_busy", NULL,
			    "too many trainees have training calls");
	else if (rc != CALLS_OK)
		reply_internal(r);
	else
		reply_call(r, 201, id);
out:
	cJSON_Delete(body);
}

/* ---- GET /v1/calls, /v1/calls/{id} ------------------------------------ */

void
h_calls_list(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_call_filter f;
	const char *state = req_query(r, "state");
	const char *desk = req_query(r, "desk");
	const char *agent = req_query(r, "agent");
	const char *caller = req_query(r, "caller");
	const char *lim = req_query(r, "limit");
	const char *before = req_query(r, "before");
	struct store_call *c = NULL;
	long limit = CALLS_LIST_DEFAULT;
	long long now = calls_now_ms();
	enum rt_cstate cs;
	size_t n = 0, i;
	cJSON *o, *items;

	memset(&f, 0, sizeof f);
	if (state && *state) {
		if (rt_cstate_parse(state, &cs) != 0) {
			reply_error(r, 400, "unknown_value", "state",
				    "unknown call state");
			return;
		}
		f.state = state;
	}
	if (desk && *desk) {
		if (tk_enum_parse(TKE_DESK, desk) < 0) {
			reply_error(r, 400, "unknown_value", "desk",
				    "unknown desk");
			return;
		}
		f.desk = desk;
	}
	if (agent && *agent) {
		if (!u8_valid(agent, strlen(agent)) || u8_count(agent) > 64) {
			reply_error(r, 400, "invalid_field", "agent",
				    "a username");
			return;
		}
		f.agent = agent;
	}
	if (caller && *caller) {
		if (!tkin_phone_ok(caller)) {
			reply_error(r, 400, "invalid_field", "caller",
				    "a phone number is 3 to 20 digits");
			return;
		}
		f.caller = caller;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, CALLS_LIST_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d",
			    CALLS_LIST_MAX);
		return;
	}
	if (before && *before) {
		f.before_id = req_parse_id(before);
		if (f.before_id < 0) {
			reply_error(r, 400, "invalid_field", "before",
				    "a call id");
			return;
		}
	}
	f.limit = (int)limit;
	if (st->ops->list_calls(st, &f, &c, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, calls_call_json(&c[i], now));
	store_calls_free(c, n);
	reply_json(r, 200, o);
}

void
h_call_get(struct req *r)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[2]);
	struct store_call c;
	enum status rc;

	if (id < 0) {
		reply_error(r, 404, "not_found", NULL, "no such call");
		return;
	}
	rc = st->ops->get_call(st, id, &c);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such call");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	if (!may_view(r, &c))
		reply_error(r, 403, "forbidden", NULL,
			    "call %lld is not yours", id);
	else
		reply_json(r, 200, calls_call_json(&c, calls_now_ms()));
	store_call_free(&c);
}

/* ---- agent-side control ----------------------------------------------- */

static void
agent_op(struct req *r, enum calls_op op, const char *what)
{
	long long id = own_call(r);

	if (id < 0 || !empty_body(r))
		return;
	reply_calls_rc(r, calls_agent_op(op, id, r->agent.username), id,
		       what);
}

void
h_call_answer(struct req *r)
{
	agent_op(r, CALLS_ANSWER, "answer");
}

void
h_call_hold(struct req *r)
{
	agent_op(r, CALLS_HOLD, "hold");
}

void
h_call_resume(struct req *r)
{
	agent_op(r, CALLS_RESUME, "resume");
}

void
h_call_hangup(struct req *r)
{
	agent_op(r, CALLS_HANGUP, "hangup");
}

void
h_call_extend_acw(struct req *r)
{
	agent_op(r, CALLS_EXTEND_ACW, "extend-acw");
}

void
h_call_abandon(struct req *r)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[2]);
	struct store_call c;

	if (id < 0) {
		reply_error(r, 404, "not_found", NULL, "no such call");
		return;
	}
	if (!empty_body(r))
		return;
	if (st->ops->get_call(st, id, &c) != ST_OK) {
		reply_error(r, 404, "not_found", NULL, "no such call");
		return;
	}
	store_call_free(&c);
	reply_calls_rc(r, calls_abandon(id), id, "abandon");
}

void
h_call_wrapup(struct req *r)
{
	static const char *const keys[] = {"code", "summary", "needs_callback",
					   "ticket_no", NULL};
	struct store *st = r->srv->store;
	const cJSON *cb;
	struct calls_wrapup w;
	struct verr e = {0};
	long long id = own_call(r);
	struct tk_rec t;
	enum status rc;
	int known = 0;
	cJSON *body;

	if (id < 0)
		return;
	body = req_json(r, 0);
	if (!body)
		return;
	memset(&w, 0, sizeof w);
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "code", 0, &w.code, &e) < 0 ||
	    jsonv_str(body, "summary", 0, &w.summary, &e) < 0 ||
	    jsonv_str(body, "ticket_no", 1, &w.ticket_no, &e) < 0 ||
	    (w.summary && jsonv_text(w.summary, "summary", SUMMARY_MAX, 0, 0,
				     &e) != 0)) {
		reply_verr(r, &e);
		goto out;
	}
	if (!w.code || !*w.code) {
		reply_error(r, 400, "missing_field", "code",
			    "a wrap-up code (GET /v1/wrapup-codes)");
		goto out;
	}
	if (code_known(r, STORE_WRAPUP_CODES, w.code, &known) != 0)
		goto out;
	if (!known) {
		reply_error(r, 400, "unknown_value", "code",
			    "not a wrap-up code (GET /v1/wrapup-codes)");
		goto out;
	}
	cb = cJSON_GetObjectItemCaseSensitive(body, "needs_callback");
	if (cb && !cJSON_IsBool(cb)) {
		reply_error(r, 400, "invalid_field", "needs_callback",
			    "must be true or false");
		goto out;
	}
	w.needs_callback = cb && cJSON_IsTrue(cb);
	if (w.ticket_no && *w.ticket_no) {
		rc = tk_no_valid(w.ticket_no)
			     ? st->ops->get_ticket(st, w.ticket_no, &t, NULL,
						   NULL)
			     : ST_NOT_FOUND;
		if (rc == ST_NOT_FOUND) {
			reply_error(r, 400, "unknown_value", "ticket_no",
				    "no such ticket");
			goto out;
		}
		if (rc != ST_OK) {
			reply_internal(r);
			goto out;
		}
		/* training space (issue #7): no link across the spaces */
		if (training_ticket(&t) !=
		    (training_call_kind(st, id) == 1)) {
			tk_rec_free(&t);
			training_mismatch(&e, "ticket_no", "wrap-up");
			reply_verr(r, &e);
			goto out;
		}
		tk_rec_free(&t);
	} else {
		w.ticket_no = NULL;
	}
	reply_calls_rc(r, calls_wrapup(id, r->agent.username, &w), id,
		       "wrapup");
out:
	cJSON_Delete(body);
}

static const char *const transfer_modes[] = {"BLIND", "CONSULT", "THREE_WAY",
					     NULL};
static const char *const emergency_targets[] = {"110", "119", "120", "122",
						NULL};

static int
in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* The name of an emergency service from the EMERGENCY units. */
static char *
emergency_name(struct store *st, const char *target)
{
	struct store_unit *u = NULL;
	size_t n = 0, i;
	char *name = NULL, code[8];

	snprintf(code, sizeof code, "E%s", target);
	if (st->ops->list_units(st, "EMERGENCY", &u, &n) == ST_OK) {
		for (i = 0; i < n && !name; i++)
			if (strcmp(u[i].short_name, target) == 0 ||
			    strcmp(u[i].code, code) == 0)
				name = xstrdup(u[i].name);
		store_units_free(u, n);
	}
	return name ? name : xstrdup(target);
}

void
h_call_transfer(struct req *r)
{
	static const char *const keys[] = {"mode", "target_kind", "target",
					   "note", NULL};
	struct store *st = r->srv->store;
	const char *mode = NULL, *kind = NULL, *target = NULL, *note = NULL;
	struct store_transfer_put t;
	struct store_unit u;
	struct verr e = {0};
	long long id = own_call(r), tid = 0;
	char *name = NULL, iso[32];
	enum calls_rc rc;
	enum status src;
	cJSON *body, *o;

	if (id < 0)
		return;
	body = req_json(r, 0);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "mode", 0, &mode, &e) < 0 ||
	    jsonv_str(body, "target_kind", 0, &kind, &e) < 0 ||
	    jsonv_str(body, "target", 0, &target, &e) < 0 ||
	    jsonv_str(body, "note", 0, &note, &e) < 0 ||
	    (note && jsonv_text(note, "note", TKIN_NOTE_MAX, 0, 0, &e) != 0)) {
		reply_verr(r, &e);
		goto out;
	}
	if (!mode || !in_list(transfer_modes, mode)) {
		reply_error(r, 400, mode ? "unknown_value" : "missing_field",
			    "mode", "BLIND, CONSULT or THREE_WAY");
		goto out;
	}
	if (!kind || (strcmp(kind, "UNIT") && strcmp(kind, "EMERGENCY"))) {
		reply_error(r, 400, kind ? "unknown_value" : "missing_field",
			    "target_kind", "UNIT or EMERGENCY");
		goto out;
	}
	if (!target || !*target) {
		reply_error(r, 400, "missing_field", "target",
			    "a unit code, or 110, 119, 120, 122");
		goto out;
	}
	if (strcmp(kind, "EMERGENCY") == 0) {
		if (!in_list(emergency_targets, target)) {
			reply_error(r, 400, "unknown_value", "target",
				    "110, 119, 120 or 122");
			goto out;
		}
		name = emergency_name(st, target);
	} else {
		src = strlen(target) > 32 ? ST_NOT_FOUND
					  : st->ops->get_unit(st, target, &u);
		if (src == ST_NOT_FOUND) {
			reply_error(r, 400, "unknown_value", "target",
				    "no such unit (GET /v1/units)");
			goto out;
		}
		if (src != ST_OK) {
			reply_internal(r);
			goto out;
		}
		name = xstrdup(u.name);
		store_unit_free(&u);
	}
	memset(&t, 0, sizeof t);
	t.call_id = id;
	t.agent = r->agent.username;
	t.mode = mode;
	t.target_kind = kind;
	t.target = target;
	t.target_name = name;
	t.note = note ? note : "";
	t.at_ms = calls_now_ms();
	rc = calls_transfer(id, r->agent.username, &t, &tid);
	if (rc != CALLS_OK) {
		reply_calls_rc(r, rc, id, "transfer");
		goto out;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)tid);
	cJSON_AddStringToObject(o, "mode", mode);
	cJSON_AddStringToObject(o, "target_kind", kind);
	cJSON_AddStringToObject(o, "target", target);
	cJSON_AddStringToObject(o, "target_name", name);
	tk_iso_time(iso, t.at_ms / 1000);
	cJSON_AddStringToObject(o, "at", iso);
	cJSON_AddStringToObject(o, "note", t.note);
	reply_header(r, "Location", "/v1/calls/%lld", id);
	reply_json(r, 201, o);
out:
	free(name);
	cJSON_Delete(body);
}

void
h_call_urge(struct req *r)
{
	static const char *const keys[] = {"ticket_no", "comment", NULL};
	struct store *st = r->srv->store;
	const char *no = NULL, *comment = NULL;
	struct verr e = {0};
	long long id = own_call(r), version = 0;
	enum tk_state from, to;
	struct calls_urge u;
	enum calls_rc crc = CALLS_CONFLICT;
	enum status rc;
	struct tk_rec t;
	cJSON *body;
	int i;

	if (id < 0)
		return;
	body = req_json(r, 0);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "ticket_no", 0, &no, &e) < 0 ||
	    jsonv_str(body, "comment", 0, &comment, &e) < 0 ||
	    (comment && jsonv_text(comment, "comment", TKIN_COMMENT_MAX, 0, 0,
				   &e) != 0)) {
		reply_verr(r, &e);
		goto out;
	}
	if (!no || !*no) {
		reply_error(r, 400, "missing_field", "ticket_no",
			    "the ticket the caller is chasing");
		goto out;
	}
	for (i = 0; i < URGE_RETRIES && crc == CALLS_CONFLICT; i++) {
		rc = tk_no_valid(no) ? st->ops->get_ticket(st, no, &t, NULL,
							   NULL)
				     : ST_NOT_FOUND;
		if (rc == ST_NOT_FOUND) {
			reply_error(r, 400, "unknown_value", "ticket_no",
				    "no such ticket");
			goto out;
		}
		if (rc != ST_OK) {
			reply_internal(r);
			goto out;
		}
		if (tk_state_parse(tk_rec_s(&t, TKF_STATE), &from) != 0) {
			tk_rec_free(&t);
			reply_internal(r);
			goto out;
		}
		/* training space (issue #7): no urge across the spaces */
		if (training_ticket(&t) !=
		    (training_call_kind(st, id) == 1)) {
			tk_rec_free(&t);
			training_mismatch(&e, "ticket_no", "urge");
			reply_verr(r, &e);
			goto out;
		}
		rc = tk_transition(from, TKA_URGE, r->agent.role, &to);
		if (rc != ST_OK) {
			tk_rec_free(&t);
			if (rc == ST_FORBIDDEN)
				reply_error(r, 403, "forbidden", NULL,
					    "role %s may not urge",
					    role_wire(r->agent.role));
			else
				reply_error(r, 409, "transition_refused", NULL,
					    "urge from %s", tk_state_wire(from));
			goto out;
		}
		memset(&u, 0, sizeof u);
		u.ticket_no = no;
		u.version = t.v[TKF_VERSION].n;
		u.state = tk_state_wire(from);
		u.created_by = tk_rec_s(&t, TKF_CREATED_BY);
		u.comment = comment ? comment : "";
		crc = calls_urge(id, r->agent.username, &u, &version);
		tk_rec_free(&t);
	}
	if (crc == CALLS_CONFLICT)
		reply_error(r, 409, "conflict", "ticket_no",
			    "the ticket keeps changing; try again");
	else if (crc == CALLS_OK)
		reply_call(r, 201, id);
	else
		reply_calls_rc(r, crc, id, "urge");
out:
	cJSON_Delete(body);
}

/* ---- agent state ------------------------------------------------------ */

void
h_agent_state_get(struct req *r)
{
	cJSON *o = calls_agent_state_json(r->agent.username, r->agent.desks);

	if (!o)
		reply_internal(r);
	else
		reply_json(r, 200, o);
}

void
h_agent_state_put(struct req *r)
{
	static const char *const keys[] = {"state", "reason", "after_call",
					   NULL};
	const char *state = NULL, *reason = NULL, *after = NULL;
	const cJSON *after_item;
	struct verr e = {0};
	enum rt_astate st = RT_OFFLINE;
	enum calls_rc rc;
	int known = 0;
	cJSON *body, *o;

	body = req_json(r, 0);
	if (!body)
		return;
	after_item = cJSON_GetObjectItemCaseSensitive(body, "after_call");
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "state", 0, &state, &e) < 0 ||
	    jsonv_str(body, "reason", 1, &reason, &e) < 0 ||
	    jsonv_str(body, "after_call", 1, &after, &e) < 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (state && after_item) {
		reply_error(r, 400, "invalid_field", "after_call",
			    "give either state or after_call");
		goto out;
	}
	if (!state && !after_item) {
		reply_error(r, 400, "missing_field", "state",
			    "state (READY, NOT_READY, OFFLINE) or after_call");
		goto out;
	}
	if (state) {
		if (rt_astate_parse(state, &st) != 0 ||
		    (st != RT_READY && st != RT_NOT_READY &&
		     st != RT_OFFLINE)) {
			reply_error(r, 400, "unknown_value", "state",
				    "READY, NOT_READY or OFFLINE (the other "
				    "states follow the call)");
			goto out;
		}
	} else if (after && strcmp(after, "NOT_READY") != 0) {
		reply_error(r, 400, "unknown_value", "after_call",
			    "NOT_READY, or null to cancel");
		goto out;
	}
	if ((state && st == RT_NOT_READY) || after) {
		if (!reason || !*reason) {
			reply_error(r, 400, "missing_field", "reason",
				    "a not-ready reason (GET /v1/reasons)");
			goto out;
		}
		if (strlen(reason) < RT_REASON_MAX &&
		    code_known(r, STORE_REASONS, reason, &known) != 0)
			goto out;
		if (!known) {
			reply_error(r, 400, "unknown_value", "reason",
				    "not a reason of GET /v1/reasons");
			goto out;
		}
	} else if (reason) {
		reply_error(r, 400, "invalid_field", "reason",
			    "a reason goes only with NOT_READY");
		goto out;
	}
	if (state)
		rc = calls_set_state(r->agent.username, r->agent.desks, st,
				     reason);
	else
		rc = calls_set_after(r->agent.username, r->agent.desks,
				     after ? RT_AFTER_NOT_READY
					   : RT_AFTER_NONE,
				     reason);
	if (rc != CALLS_OK) {
		reply_calls_rc(r, rc, 0, "state");
		goto out;
	}
	o = calls_agent_state_json(r->agent.username, r->agent.desks);
	if (!o)
		reply_internal(r);
	else
		reply_json(r, 200, o);
out:
	cJSON_Delete(body);
}

void
h_agent_state_log(struct req *r)
{
	struct store *st = r->srv->store;
	const char *user = r->seg[2];
	const char *lim = req_query(r, "limit");
	struct store_state_row *rows = NULL;
	struct store_agent a;
	long limit = CALLS_LIST_DEFAULT;
	size_t n = 0, i;
	enum status rc;
	cJSON *o, *items;

	if (is_agent_role(r->agent.role) &&
	    strcmp(user, r->agent.username) != 0) {
		reply_error(r, 403, "forbidden", NULL,
			    "agents read only their own state log");
		return;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, CALLS_LIST_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d",
			    CALLS_LIST_MAX);
		return;
	}
	rc = st->ops->get_agent_by_name(st, user, &a);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such agent");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	store_agent_free(&a);
	if (st->ops->list_state_log(st, user, (int)limit, &rows, &n) !=
	    ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "username", user);
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		char iso[32];

		cJSON_AddNumberToObject(x, "id", (double)rows[i].id);
		cJSON_AddStringToObject(x, "state", rows[i].state);
		if (*rows[i].reason)
			cJSON_AddStringToObject(x, "reason", rows[i].reason);
		else
			cJSON_AddNullToObject(x, "reason");
		tk_iso_time(iso, rows[i].started_at);
		cJSON_AddStringToObject(x, "started_at", iso);
		if (rows[i].ended_at) {
			tk_iso_time(iso, rows[i].ended_at);
			cJSON_AddStringToObject(x, "ended_at", iso);
		} else {
			cJSON_AddNullToObject(x, "ended_at");
		}
		if (rows[i].call_id)
			cJSON_AddNumberToObject(x, "call_id",
						(double)rows[i].call_id);
		else
			cJSON_AddNullToObject(x, "call_id");
		cJSON_AddItemToArray(items, x);
	}
	store_state_rows_free(rows, n);
	reply_json(r, 200, o);
}

/* ---- queues and configuration ----------------------------------------- */

void
h_queues(struct req *r)
{
	reply_json(r, 200, calls_queues_json());
}

void
h_config(struct req *r)
{
	reply_json(r, 200, calls_config_json());
}
