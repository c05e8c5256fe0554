/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calls.c - agent state, call control and list requests of calls.h.
 *
 * Each request goes through api.c's api_request_raw(): the 2xx body comes
 * back here, is parsed by calls_json.c into a core/callmodel.h struct and
 * handed to the caller's callback, which thus sees the same api_result
 * conventions as every api.h request (a reply that does not parse becomes
 * ST_PARSE with the reason in the message).
 */
#include "calls.h"

#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "parse_calls.h"

enum call_kind {
	CK_STATE,
	CK_CALL,
	CK_TRANSFER,
	CK_QUEUES,
	CK_UNITS,
	CK_CODES,
	CK_CONFIG,
	CK_DONE
};

/* Freed by api.c when the request ends. */
struct call_ctx {
	enum call_kind kind;
	union {
		api_state_fn state;
		api_call_fn call;
		api_transfer_fn transfer;
		api_queues_fn queues;
		api_units_fn units;
		api_codes_fn codes;
		api_config_fn config;
		api_done_fn done;
	} cb;
	void *ud;
};

static void
call_finish(const struct api_result *r, const char *body, size_t len,
	    void *vctx)
{
	struct call_ctx *c = vctx;
	struct agent_state s;
	struct call call;
	struct call_transfer t;
	struct queue_list q;
	struct unit_list u;
	struct code_list l;
	struct server_config cfg;
	struct api_result res = *r;
	char why[200];
	char *msg = NULL;
	enum status st = ST_OK;
	int have;

	memset(&s, 0, sizeof(s));
	memset(&call, 0, sizeof(call));
	memset(&t, 0, sizeof(t));
	memset(&q, 0, sizeof(q));
	memset(&u, 0, sizeof(u));
	memset(&l, 0, sizeof(l));
	memset(&cfg, 0, sizeof(cfg));
	why[0] = '\0';
	if (r->st == ST_OK) {
		switch (c->kind) {
		case CK_STATE:
			st = api_jc_agent_state(body, len, time(NULL), &s, why,
						sizeof(why));
			break;
		case CK_CALL:
			st = api_jc_call(body, len, &call, why, sizeof(why));
			break;
		case CK_TRANSFER:
			st = api_jc_transfer(body, len, &t, why, sizeof(why));
			break;
		case CK_QUEUES:
			st = api_jc_queues(body, len, &q, why, sizeof(why));
			break;
		case CK_UNITS:
			st = api_jc_units(body, len, &u, why, sizeof(why));
			break;
		case CK_CODES:
			st = api_jc_codes(body, len, &l, why, sizeof(why));
			break;
		case CK_CONFIG:
			st = api_jc_config(body, len, &cfg, why, sizeof(why));
			break;
		case CK_DONE:
		default:
			break;
		}
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	have = res.st == ST_OK;
	switch (c->kind) {
	case CK_STATE:
		c->cb.state(&res, have ? &s : NULL, c->ud);
		break;
	case CK_CALL:
		c->cb.call(&res, have ? &call : NULL, c->ud);
		break;
	case CK_TRANSFER:
		c->cb.transfer(&res, have ? &t : NULL, c->ud);
		break;
	case CK_QUEUES:
		c->cb.queues(&res, have ? &q : NULL, c->ud);
		break;
	case CK_UNITS:
		c->cb.units(&res, have ? &u : NULL, c->ud);
		break;
	case CK_CODES:
		c->cb.codes(&res, have ? &l : NULL, c->ud);
		break;
	case CK_CONFIG:
		c->cb.config(&res, have ? &cfg : NULL, c->ud);
		break;
	case CK_DONE:
		c->cb.done(&res, c->ud);
		break;
	}
	agent_state_free(&s);
	call_free(&call);
	call_transfer_free(&t);
	queue_list_free(&q);
	unit_list_free(&u);
	code_list_free(&l);
	server_config_free(&cfg);
	free(msg);
}

static struct call_ctx *
ctx_new(enum call_kind kind, void *ud)
{
	struct call_ctx *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	c->ud = ud;
	return c;
}

/* Queue a request; the body (may be NULL) is freed here. */
static int
send_req(struct api *a, const char *method, const char *path, char *body,
	 const char *extra_header, struct call_ctx *c)
{
	int rc = api_request_raw(a, method, path, body, extra_header,
				 call_finish, c);

	free(body);
	return rc;
}

/* ---- agent state ------------------------------------------------------ */

int
api_get_state(struct api *a, api_state_fn cb, void *ud)
{
	struct call_ctx *c;

	if (!a || !cb)
		return -1;
	c = ctx_new(CK_STATE, ud);
	c->cb.state = cb;
	return send_req(a, "GET", "/v1/agents/me/state", NULL, NULL, c);
}

int
api_set_state(struct api *a, const char *state, const char *reason,
	      api_state_fn cb, void *ud)
{
	struct call_ctx *c;
	char *body;

	if (!a || !cb || !(body = api_jc_state_body(state, reason)))
		return -1;
	c = ctx_new(CK_STATE, ud);
	c->cb.state = cb;
	return send_req(a, "PUT", "/v1/agents/me/state", body, NULL, c);
}

int
api_set_after_call(struct api *a, const char *reason, api_state_fn cb,
		   void *ud)
{
	struct call_ctx *c;
	char *body;

	if (!a || !cb || !(body = api_jc_after_call_body(reason)))
		return -1;
	c = ctx_new(CK_STATE, ud);
	c->cb.state = cb;
	return send_req(a, "PUT", "/v1/agents/me/state", body, NULL, c);
}

/* ---- calls -------------------------------------------------------------- */

/* "/v1/calls/{id}" + suffix ("" or "/answer" ...). */
static char *
call_path(long id, const char *suffix)
{
	return xasprintf("/v1/calls/%ld%s", id, suffix);
}

static int
call_req(struct api *a, long id, const char *method, const char *suffix,
	 char *body, struct call_ctx *c)
{
	char *path;
	int rc;

	if (!a || id <= 0) {
		free(body);
		free(c);
		return -1;
	}
	path = call_path(id, suffix);
	rc = send_req(a, method, path, body, NULL, c);
	free(path);
	return rc;
}

static int
call_simple(struct api *a, long id, const char *method, const char *suffix,
	    api_call_fn cb, void *ud)
{
	struct call_ctx *c;

	if (!cb)
		return -1;
	c = ctx_new(CK_CALL, ud);
	c->cb.call = cb;
	/* POST without a body still sends Content-Length: 0. */
	return call_req(a, id, method, suffix,
			strcmp(method, "POST") == 0 ? xstrdup("") : NULL, c);
}

int
api_call_get(struct api *a, long id, api_call_fn cb, void *ud)
{
	return call_simple(a, id, "GET", "", cb, ud);
}

int
api_call_answer(struct api *a, long id, api_call_fn cb, void *ud)
{
	return call_simple(a, id, "POST", "/answer", cb, ud);
}

int
api_call_hold(struct api *a, long id, api_call_fn cb, void *ud)
{
	return call_simple(a, id, "POST", "/hold", cb, ud);
}

int
api_call_resume(struct api *a, long id, api_call_fn cb, void *ud)
{
	return call_simple(a, id, "POST", "/resume", cb, ud);
}

int
api_call_hangup(struct api *a, long id, api_call_fn cb, void *ud)
{
	return call_simple(a, id, "POST", "/hangup", cb, ud);
}

int
api_call_extend_acw(struct api *a, long id, api_call_fn cb, void *ud)
{
	return call_simple(a, id, "POST", "/extend-acw", cb, ud);
}

int
api_call_transfer(struct api *a, long id, const char *mode,
		  const char *target_kind, const char *target,
		  const char *note, api_transfer_fn cb, void *ud)
{
	struct call_ctx *c;
	char *body;

	if (!cb ||
	    !(body = api_jc_transfer_body(mode, target_kind, target, note)))
		return -1;
	c = ctx_new(CK_TRANSFER, ud);
	c->cb.transfer = cb;
	return call_req(a, id, "POST", "/transfers", body, c);
}

int
api_call_wrapup(struct api *a, long id, const char *code, const char *summary,
		int needs_callback, const char *ticket_no, api_call_fn cb,
		void *ud)
{
	struct call_ctx *c;
	char *body;

	if (!cb || !(body = api_jc_wrapup_body(code, summary, needs_callback,
					       ticket_no)))
		return -1;
	c = ctx_new(CK_CALL, ud);
	c->cb.call = cb;
	return call_req(a, id, "POST", "/wrapup", body, c);
}

int
api_call_urge(struct api *a, long id, const char *ticket_no,
	      const char *comment, api_done_fn cb, void *ud)
{
	struct call_ctx *c;
	char *body;

	if (!cb || !(body = api_jc_urge_body(ticket_no, comment)))
		return -1;
	c = ctx_new(CK_DONE, ud);
	c->cb.done = cb;
	return call_req(a, id, "POST", "/urge", body, c);
}

/* ---- lists -------------------------------------------------------------- */

int
api_queues(struct api *a, api_queues_fn cb, void *ud)
{
	struct call_ctx *c;

	if (!a || !cb)
		return -1;
	c = ctx_new(CK_QUEUES, ud);
	c->cb.queues = cb;
	return send_req(a, "GET", "/v1/queues", NULL, NULL, c);
}

int
api_config(struct api *a, api_config_fn cb, void *ud)
{
	struct call_ctx *c;

	if (!a || !cb)
		return -1;
	c = ctx_new(CK_CONFIG, ud);
	c->cb.config = cb;
	return send_req(a, "GET", "/v1/config", NULL, NULL, c);
}

int
api_units(struct api *a, const char *kind, api_units_fn cb, void *ud)
{
	struct call_ctx *c;
	char *path, *esc;
	int rc;

	if (!a || !cb)
		return -1;
	if (kind && *kind) {
		if (!(esc = api_escape(kind)))
			return -1;
		path = xasprintf("/v1/units?kind=%s", esc);
		free(esc);
	} else {
		path = xstrdup("/v1/units");
	}
	c = ctx_new(CK_UNITS, ud);
	c->cb.units = cb;
	rc = send_req(a, "GET", path, NULL, NULL, c);
	free(path);
	return rc;
}

static int
codes_req(struct api *a, const char *path, api_codes_fn cb, void *ud)
{
	struct call_ctx *c;

	if (!a || !cb)
		return -1;
	c = ctx_new(CK_CODES, ud);
	c->cb.codes = cb;
	return send_req(a, "GET", path, NULL, NULL, c);
}

int
api_wrapup_codes(struct api *a, api_codes_fn cb, void *ud)
{
	return codes_req(a, "/v1/wrapup-codes", cb, ud);
}

int
api_reasons(struct api *a, api_codes_fn cb, void *ud)
{
	return codes_req(a, "/v1/reasons", cb, ud);
}

/* ---- tickets ------------------------------------------------------------ */

static int
phone_ok(const char *s)
{
	size_t digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != '+' && *s != '-')
			return 0;
	}
	return digits > 0;
}

int
api_tickets_by_phone(struct api *a, const char *phone, api_page_fn cb,
		     void *ud)
{
	if (!phone || !phone_ok(phone))
		return -1;
	return api_tickets(a, 0, phone, NULL, 50, cb, ud);
}

static int
idem_key_ok(const char *k)
{
	size_t n = strlen(k), i;

	if (n < 1 || n > 128)
		return 0;
	for (i = 0; i < n; i++)
		if (!((k[i] >= '0' && k[i] <= '9') ||
		      (k[i] >= 'A' && k[i] <= 'Z') ||
		      (k[i] >= 'a' && k[i] <= 'z') || strchr("._:-", k[i])))
			return 0;
	return 1;
}

/* The ticket reply goes through api.c's own mapping: api_parse_ticket. */
struct tk_ctx {
	api_ticket_fn cb;
	void *ud;
};

static void
ticket_finish(const struct api_result *r, const char *body, size_t len,
	      void *vctx)
{
	struct tk_ctx *c = vctx;
	struct api_result res = *r;
	struct ticket tk;
	char *msg = NULL;
	enum status st;

	memset(&tk, 0, sizeof(tk));
	if (r->st == ST_OK) {
		st = api_parse_ticket(body, len, &tk);
		if (st != ST_OK) {
			msg = api_human(st, "HTTP 2xx: the ticket reply does "
					    "not parse");
			res.st = st;
			res.message = msg;
		}
	}
	c->cb(&res, res.st == ST_OK ? &tk : NULL, c->ud);
	ticket_free(&tk);
	free(msg);
}

int
api_ticket_create_minimal(struct api *a, long call_id,
			  const char *caller_phone, const char *title,
			  const char *content, const char *idempotency_key,
			  api_ticket_fn cb, void *ud)
{
	struct tk_ctx *c;
	char *body, *hdr = NULL;
	int rc;

	if (!a || !cb)
		return -1;
	if (idempotency_key && !idem_key_ok(idempotency_key))
		return -1;
	if (caller_phone && *caller_phone && !phone_ok(caller_phone))
		return -1; /* the body keeps its digits only */
	if (!(body = api_jc_ticket_minimal_body(call_id, caller_phone, title,
						content)))
		return -1;
	if (idempotency_key)
		hdr = xasprintf("Idempotency-Key: %s", idempotency_key);
	c = xcalloc(1, sizeof(*c));
	c->cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "POST", "/v1/tickets", body, hdr,
			     ticket_finish, c);
	free(body);
	free(hdr);
	return rc;
}
