/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes.c - the route table (with its role table) and the handlers for
 * health, sessions, the current agent and the reference data.
 */
#include "routes.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "auth.h"
#include "calls.h"
#include "events.h"
#include "intake.h"
#include "log.h"
#include "routes_calls.h"
#include "routes_kb.h"
#include "routes_stats.h" /* issue #6 */
#include "training.h"

/* Login throttling (contract): per username and per client address. */
#define LOGIN_WINDOW 300
#define LOGIN_MAX_USER 5
#define LOGIN_MAX_IP 20

cJSON *
agent_to_json(const struct store_agent *a)
{
	cJSON *o = cJSON_CreateObject(), *desks;
	char *list, *p, *save = NULL, *tok;

	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddStringToObject(o, "username", a->username);
	cJSON_AddStringToObject(o, "display_name", a->display_name);
	cJSON_AddStringToObject(o, "role", role_wire(a->role));
	desks = cJSON_AddArrayToObject(o, "desks");
	list = xstrdup(a->desks ? a->desks : "");
	for (p = list; (tok = strtok_r(p, ",", &save)); p = NULL)
		cJSON_AddItemToArray(desks, cJSON_CreateString(tok));
	free(list);
	return o;
}

static void
h_health(struct req *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "status", "ok");
	cJSON_AddStringToObject(o, "version", HOTLINE_VERSION);
	reply_json(r, 200, o);
}

/* Replies 429 and returns 1 when this username or address is throttled. */
static int
login_throttled(struct req *r, const char *user, long long now)
{
	struct store *st = r->srv->store;
	long long times[LOGIN_MAX_IP];
	long long retry = 0;
	size_t n = 0;

	if (st->ops->login_failures(st, user, NULL, now - LOGIN_WINDOW, times,
				    LOGIN_MAX_USER, &n) != ST_OK) {
		reply_internal(r);
		return 1;
	}
	if (n >= LOGIN_MAX_USER)
		retry = times[LOGIN_MAX_USER - 1] + LOGIN_WINDOW - now;
	if (st->ops->login_failures(st, NULL, r->ip, now - LOGIN_WINDOW, times,
				    LOGIN_MAX_IP, &n) != ST_OK) {
		reply_internal(r);
		return 1;
	}
	if (n >= LOGIN_MAX_IP &&
	    times[LOGIN_MAX_IP - 1] + LOGIN_WINDOW - now > retry)
		retry = times[LOGIN_MAX_IP - 1] + LOGIN_WINDOW - now;
	if (retry <= 0)
		return 0;
	reply_header(r, "Retry-After", "%lld", retry);
	reply_error(r, 429, "throttled", NULL,
		    "too many failed logins; try again in %lld s", retry);
	slog(SLOG_WARN, "login throttled for a username from %s", r->ip);
	return 1;
}

static void
h_login(struct req *r)
{
	static const char *const keys[] = {"username", "password", NULL};
	struct store *st = r->srv->store;
	struct store_agent a = {0};
	const char *user = NULL, *pw = NULL;
	char token[AUTH_TOKEN_LEN + 1], th[AUTH_TOKEN_LEN + 1];
	struct verr e = {0};
	long long now = (long long)time(NULL);
	enum status rc;
	cJSON *body, *o;
	int ok;

	body = req_json(r, 0);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "username", 0, &user, &e) < 0 ||
	    jsonv_str(body, "password", 0, &pw, &e) < 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (!user || !pw) {
		reply_error(r, 400, "missing_field", user ? "password"
							  : "username",
			    "required");
		goto out;
	}
	if (!*user || u8_count(user) > 64 || strlen(pw) > 1024) {
		reply_error(r, 400, "invalid_field", *user ? "password"
							   : "username",
			    "empty or too long");
		goto out;
	}
	if (login_throttled(r, user, now))
		goto out;
	rc = st->ops->get_agent_by_name(st, user, &a);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		reply_internal(r);
		goto out;
	}
	/* Slow on purpose (Argon2id), and without any lock held. */
	ok = auth_verify_password(rc == ST_OK ? a.pw_hash : r->srv->dummy_hash,
				  pw) &&
	     rc == ST_OK;
	if (!ok) {
		if (st->ops->record_login(st, user, r->ip, 0, now) != ST_OK) {
			reply_internal(r);
			goto out;
		}
		reply_error(r, 401, "bad_credentials", NULL,
			    "wrong username or password");
		goto out;
	}
	auth_new_token(token);
	auth_token_hash(token, th);
	if (st->ops->create_session(st, a.id, th, r->ip, now,
				    now + SRV_SESSION_TTL) != ST_OK ||
	    st->ops->record_login(st, user, r->ip, 1, now) != ST_OK) {
		reply_internal(r);
		goto out;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "token", token);
	cJSON_AddItemToObject(o, "agent", agent_to_json(&a));
	reply_json(r, 201, o);
out:
	store_agent_free(&a);
	cJSON_Delete(body);
}

static void
h_logout(struct req *r)
{
	struct store *st = r->srv->store;
	enum status rc = st->ops->delete_session(st, r->token_hash);

	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		reply_internal(r);
		return;
	}
	calls_logout(r->agent.username); /* logout sets OFFLINE */
	reply_empty(r, 204);
}

static void
h_me(struct req *r)
{
	reply_json(r, 200, agent_to_json(&r->agent));
}

static void
h_units(struct req *r)
{
	static const char *const kinds[] = {"DEPT",	 "TOWN",
					    "STREET",	 "PARK",
					    "UTILITY",	 "EMERGENCY",
					    "PROVINCE", NULL};
	struct store *st = r->srv->store;
	const char *kind = req_query(r, "kind");
	struct store_unit *u = NULL;
	size_t n = 0, i;
	cJSON *o, *items;

	if (kind) {
		for (i = 0; kinds[i]; i++)
			if (strcmp(kind, kinds[i]) == 0)
				break;
		if (!kinds[i]) {
			reply_error(r, 400, "unknown_value", "kind",
				    "unknown unit kind; one of DEPT, TOWN, "
				    "STREET, PARK, UTILITY, EMERGENCY, "
				    "PROVINCE");
			return;
		}
	}
	if (st->ops->list_units(st, kind, &u, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddStringToObject(x, "code", u[i].code);
		cJSON_AddStringToObject(x, "name", u[i].name);
		cJSON_AddStringToObject(x, "short_name", u[i].short_name);
		cJSON_AddStringToObject(x, "kind", u[i].kind);
		cJSON_AddStringToObject(x, "duty_phone", u[i].duty_phone);
		if (*u[i].parent_code)
			cJSON_AddStringToObject(x, "parent_code",
						u[i].parent_code);
		else
			cJSON_AddNullToObject(x, "parent_code");
		cJSON_AddItemToArray(items, x);
	}
	store_units_free(u, n);
	reply_json(r, 200, o);
}

static cJSON *
category_node(const struct store_category *c)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "code", c->code);
	cJSON_AddStringToObject(x, "name", c->name);
	if (*c->owner)
		cJSON_AddStringToObject(x, "owner", c->owner);
	else
		cJSON_AddNullToObject(x, "owner");
	if (c->limit_days > 0)
		cJSON_AddNumberToObject(x, "limit_days", c->limit_days);
	else
		cJSON_AddNullToObject(x, "limit_days");
	if (*c->desk)
		cJSON_AddStringToObject(x, "desk", c->desk);
	else
		cJSON_AddNullToObject(x, "desk");
	cJSON_AddArrayToObject(x, "children");
	return x;
}

static void
h_categories(struct req *r)
{
	/*
	 * The tree changes only when a seed is loaded, before the server
	 * listens: print it once and serve copies (wrk: several times the
	 * throughput of building it per request).
	 */
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static char *cached;
	struct store *st = r->srv->store;
	struct store_category *c = NULL;
	cJSON **node, *o, *items;
	size_t n = 0, i, j;
	char *text;

	pthread_mutex_lock(&lock);
	text = cached ? xstrdup(cached) : NULL;
	pthread_mutex_unlock(&lock);
	if (text) {
		reply_json_text(r, 200, text);
		return;
	}
	if (st->ops->list_categories(st, &c, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	node = xcalloc(n ? n : 1, sizeof *node);
	for (i = 0; i < n; i++)
		node[i] = category_node(&c[i]);
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *parent = items;

		for (j = 0; *c[i].parent_code && j < n; j++) {
			if (j != i && strcmp(c[j].code, c[i].parent_code) == 0) {
				parent = cJSON_GetObjectItemCaseSensitive(
					node[j], "children");
				break;
			}
		}
		cJSON_AddItemToArray(parent, node[i]);
	}
	free(node);
	store_categories_free(c, n);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!text) {
		reply_internal(r);
		return;
	}
	pthread_mutex_lock(&lock);
	if (!cached)
		cached = xstrdup(text);
	pthread_mutex_unlock(&lock);
	reply_json_text(r, 200, xstrdup(text));
	cJSON_free(text);
}

static void
h_form(struct req *r)
{
	struct store *st = r->srv->store;
	const char *code = r->seg[2];
	struct store_form_field *f = NULL;
	size_t n = 0, i;
	enum status rc;
	cJSON *o, *items;

	rc = strlen(code) > 6 ? ST_NOT_FOUND
			      : st->ops->get_form(st, code, &f, &n);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such category");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "category_code", code);
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject(), *vals;
		char *list, *p, *save = NULL, *tok;

		cJSON_AddStringToObject(x, "code", f[i].field_code);
		cJSON_AddStringToObject(x, "label", f[i].label);
		cJSON_AddStringToObject(x, "datatype", f[i].datatype);
		cJSON_AddBoolToObject(x, "required", f[i].required);
		cJSON_AddNumberToObject(x, "order", f[i].order);
		vals = cJSON_AddArrayToObject(x, "values");
		list = xstrdup(f[i].values);
		for (p = list; (tok = strtok_r(p, "|", &save)); p = NULL) {
			cJSON *v = cJSON_CreateObject();
			char *eq = strchr(tok, '=');

			if (eq)
				*eq = '\0';
			cJSON_AddStringToObject(v, "key", tok);
			cJSON_AddStringToObject(v, "label", eq ? eq + 1 : tok);
			cJSON_AddItemToArray(vals, v);
		}
		free(list);
		cJSON_AddStringToObject(x, "description", f[i].description);
		cJSON_AddStringToObject(x, "defined_by", f[i].category_code);
		cJSON_AddItemToArray(items, x);
	}
	store_forms_free(f, n);
	reply_json(r, 200, o);
}

static void
codes_reply(struct req *r, enum store_code_list which)
{
	struct store *st = r->srv->store;
	struct store_code *c = NULL;
	size_t n = 0, i;
	cJSON *o, *items;

	if (st->ops->list_codes(st, which, &c, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddStringToObject(x, "code", c[i].code);
		cJSON_AddStringToObject(x, "name_zh", c[i].name_zh);
		cJSON_AddStringToObject(x, "name_en", c[i].name_en);
		cJSON_AddItemToArray(items, x);
	}
	store_codes_free(c, n);
	reply_json(r, 200, o);
}

static void
h_wrapups(struct req *r)
{
	codes_reply(r, STORE_WRAPUP_CODES);
}

static void
h_reasons(struct req *r)
{
	codes_reply(r, STORE_REASONS);
}

/* ---- intake form (issue #4): the calendar the server computes deadlines
 * with, so that the client shows the same deadline before submit ---- */
static void
h_holidays(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_holiday *h = NULL;
	size_t n = 0, i;
	cJSON *o, *items;

	if (st->ops->list_holidays(st, &h, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddStringToObject(x, "date", h[i].date);
		cJSON_AddStringToObject(x, "kind", h[i].kind);
		cJSON_AddStringToObject(x, "name", h[i].name ? h[i].name : "");
		cJSON_AddItemToArray(items, x);
	}
	store_holidays_free(h, n);
	reply_json(r, 200, o);
}

/*
 * The role table: every route names the roles that may call it (0 = no
 * login needed).  For ticket actions the state machine (core/ticket.c)
 * then decides per action and role.
 */
const struct route http_routes[] = {
	{"GET", "/v1/health", h_health, 0},
	{"POST", "/v1/sessions", h_login, 0},
	{"DELETE", "/v1/sessions/current", h_logout, ROLES_ANY},
	{"GET", "/v1/me", h_me, ROLES_ANY},
	{"GET", "/v1/units", h_units, ROLES_ANY},
	{"GET", "/v1/categories", h_categories, ROLES_ANY},
	{"GET", "/v1/forms/{}", h_form, ROLES_ANY},
	{"GET", "/v1/wrapup-codes", h_wrapups, ROLES_ANY},
	{"GET", "/v1/reasons", h_reasons, ROLES_ANY},
	/* intake form (issue #4) */
	{"GET", "/v1/holidays", h_holidays, ROLES_ANY},
	{"GET", "/v1/events", h_events, ROLES_ANY},
	{"GET", "/v1/tickets", h_tickets_list, ROLES_TICKET_READ},
	{"POST", "/v1/tickets", h_ticket_create, ROLES_TICKET_WRITE},
	{"GET", "/v1/tickets/{}", h_ticket_get, ROLES_TICKET_READ},
	{"PATCH", "/v1/tickets/{}", h_ticket_patch, ROLES_TICKET_WRITE},
	{"POST", "/v1/tickets/{}/actions/{}", h_ticket_action,
	 ROLES_TICKET_READ},
	/* calls, agent states, queues (routes_calls.c, roles in
	 * routes_calls.h) */
	{"GET", "/v1/config", h_config, ROLES_ANY},
	{"GET", "/v1/queues", h_queues, ROLES_ANY},
	{"POST", "/v1/calls", h_calls_create, CALLS_ROLES_POST},
	{"GET", "/v1/calls", h_calls_list, CALLS_ROLES_LIST},
	{"GET", "/v1/calls/{}", h_call_get, CALLS_ROLES_READ},
	{"POST", "/v1/calls/{}/answer", h_call_answer, CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/hold", h_call_hold, CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/resume", h_call_resume, CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/hangup", h_call_hangup, CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/transfers", h_call_transfer, CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/urge", h_call_urge, CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/wrapup", h_call_wrapup, CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/extend-acw", h_call_extend_acw,
	 CALLS_ROLES_AGENT},
	{"POST", "/v1/calls/{}/abandon", h_call_abandon, CALLS_ROLES_POST},
	{"GET", "/v1/agents/me/state", h_agent_state_get, CALLS_ROLES_AGENT},
	{"PUT", "/v1/agents/me/state", h_agent_state_put, CALLS_ROLES_AGENT},
	{"GET", "/v1/agents/{}/state-log", h_agent_state_log,
	 CALLS_ROLES_AGENT},
	/* knowledge base and SMS outbox (routes_kb.c, roles in kb.h) */
	{"GET", "/v1/kb/search", h_kb_search, KB_ROLES_READ},
	{"GET", "/v1/kb/articles", h_kb_list, KB_ROLES_EDIT},
	{"POST", "/v1/kb/articles", h_kb_create, KB_ROLES_EDIT},
	{"GET", "/v1/kb/articles/{}", h_kb_get, KB_ROLES_READ},
	{"PATCH", "/v1/kb/articles/{}", h_kb_patch, KB_ROLES_EDIT},
	{"GET", "/v1/kb/articles/{}/versions", h_kb_versions, KB_ROLES_EDIT},
	{"POST", "/v1/kb/articles/{}/actions/{}", h_kb_action, KB_ROLES_EDIT},
	{"POST", "/v1/kb/articles/{}/use", h_kb_use, KB_ROLES_CALL},
	{"GET", "/v1/kb/uses", h_kb_uses, KB_ROLES_READ},
	{"POST", "/v1/sms", h_sms_create, KB_ROLES_CALL},
	{"GET", "/v1/sms", h_sms_list, KB_ROLES_OUTBOX},
	{"GET", "/v1/sms/{}", h_sms_get, KB_ROLES_CALL},
	/* online queue of other channels (intake.c, roles in intake.h;
	 * issue #4 extras) */
	{"POST", "/v1/intake-items", h_intake_create, INTAKE_ROLES_POST},
	{"GET", "/v1/intake-items", h_intake_list, INTAKE_ROLES_WORK},
	{"GET", "/v1/intake-items/{}", h_intake_get, INTAKE_ROLES_READ},
	{"POST", "/v1/intake-items/{}/claim", h_intake_claim,
	 INTAKE_ROLES_WORK},
	{"POST", "/v1/intake-items/{}/release", h_intake_release,
	 INTAKE_ROLES_WORK},
	/* supervision: statistics, actions on agents, broadcasts, audit
	 * (routes_stats.c, issue #6; roles in routes_stats.h) */
	{"GET", "/v1/stats/live", h_stats_live, STATS_ROLES},
	{"GET", "/v1/stats/daily", h_stats_daily, STATS_ROLES},
	{"GET", "/v1/stats/hotspots", h_stats_hotspots, STATS_ROLES},
	{"PUT", "/v1/agents/{}/state", h_agent_state_set, STATS_ROLES},
	{"POST", "/v1/agents/{}/end-acw", h_agent_end_acw, STATS_ROLES},
	{"POST", "/v1/broadcasts", h_broadcast_create, STATS_ROLES},
	{"GET", "/v1/broadcasts", h_broadcasts_list, ROLES_ANY},
	{"POST", "/v1/broadcasts/{}/ack", h_broadcast_ack, ROLES_ANY},
	{"GET", "/v1/audit", h_audit_list, STATS_ROLES},
	/* training space, issue #7 (routes_training.c, roles in
	 * training.h) */
	{"POST", "/v1/training/calls", h_training_calls_create,
	 TRAINING_ROLES},
	{"POST", "/v1/training/results", h_training_results_create,
	 TRAINING_ROLES},
	{"GET", "/v1/training/results", h_training_results_list,
	 TRAINING_ROLES},
	{"GET", "/v1/training/results/{}", h_training_result_get,
	 TRAINING_ROLES},
};

const size_t http_n_routes = sizeof http_routes / sizeof http_routes[0];
