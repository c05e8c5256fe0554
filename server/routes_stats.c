/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_stats.c - supervision routes (issue #6): the statistics of
 * docs/metrics.md, a supervisor changing an agent's state or ending a
 * stuck ACW, broadcasts to the floor with acknowledgements, and the audit
 * log.  Every supervisor action writes an audit row.
 */
#include "routes_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "../core/workday.h"
#include "calls.h"
#include "events.h"
#include "log.h"
#include "reqparse.h"
#include "stats.h"
#include "tkrec.h"

#define SUPERVISOR_ENDED_CODE "SUPERVISOR_ENDED"
#define NOTE_MAX 200
#define BROADCAST_MAX 200
#define BROADCAST_ACTIVE_S 86400
#define AUDIT_DEFAULT 50
#define AUDIT_MAX 200

static int
is_supervisor(enum role r)
{
	return r == ROLE_SUPERVISOR || r == ROLE_ADMIN;
}

static long long
now_s(void)
{
	return (long long)time(NULL);
}

/* ---- statistics ------------------------------------------------------- */

void
h_stats_live(struct req *r)
{
	cJSON *o = stats_live_json(r->srv, calls_now_ms(), 1);

	if (!o) {
		reply_internal(r);
		return;
	}
	reply_json(r, 200, o);
}

/* "YYYY-MM-DD" -> local midnight; -1 when malformed or impossible. */
static int
parse_date(const char *s, long long *out)
{
	int y, m, d, i;
	time_t t;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || workcal_join(y, m, d, 0, 0, 0, &t) != ST_OK)
		return -1;
	*out = (long long)t;
	return 0;
}

void
h_stats_daily(struct req *r)
{
	const char *date = req_query(r, "date");
	long long now = now_s(), day = stats_day_start(now);
	cJSON *o;

	if (date && parse_date(date, &day) != 0) {
		reply_error(r, 400, "invalid_field", "date",
			    "a calendar date YYYY-MM-DD");
		return;
	}
	o = stats_daily_json(r->srv, day, now);
	if (!o) {
		reply_internal(r);
		return;
	}
	reply_json(r, 200, o);
}

void
h_stats_hotspots(struct req *r)
{
	const char *w = req_query(r, "window_h");
	long window = 3;
	cJSON *o;

	if (w && req_parse_limit(w, 2, 1, 24, &window) != 0) {
		reply_error(r, 400, "invalid_field", "window_h",
			    "hours 1-24");
		return;
	}
	o = stats_hotspots_json(r->srv, now_s(), (int)window);
	if (!o) {
		reply_internal(r);
		return;
	}
	reply_json(r, 200, o);
}

/* ---- actions on an agent ---------------------------------------------- */

/* The agent named by the path, who must take calls; replies and returns
 * -1 otherwise. */
static int
target_agent(struct req *r, struct store_agent *a)
{
	struct store *st = r->srv->store;
	enum status rc;

	memset(a, 0, sizeof *a);
	rc = strlen(r->seg[2]) > 64
		     ? ST_NOT_FOUND
		     : st->ops->get_agent_by_name(st, r->seg[2], a);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such agent");
		return -1;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return -1;
	}
	if (a->role != ROLE_AGENT && a->role != ROLE_SUPERVISOR &&
	    a->role != ROLE_TRAINER && a->role != ROLE_ADMIN) {
		reply_error(r, 409, "not_an_agent", NULL,
			    "%s does not take calls", role_wire(a->role));
		store_agent_free(a);
		return -1;
	}
	return 0;
}

static int
reason_known(struct req *r, const char *reason, int *known)
{
	struct store *st = r->srv->store;
	struct store_code *c = NULL;
	size_t n = 0, i;

	*known = 0;
	if (st->ops->list_codes(st, STORE_REASONS, &c, &n) != ST_OK) {
		reply_internal(r);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (strcmp(c[i].code, reason) == 0)
			*known = 1;
	store_codes_free(c, n);
	return 0;
}

static void
audit(struct req *r, const char *action, const char *target,
      const char *detail)
{
	struct store *st = r->srv->store;

	if (st->ops->audit_add(st, r->agent.username, action, target, detail,
			       now_s()) != ST_OK)
		slog(SLOG_ERROR, "audit: %s by %s not recorded", action,
		     r->agent.username);
}

static void
reply_agent_state(struct req *r, const struct store_agent *a)
{
	cJSON *o = calls_agent_state_json(a->username, a->desks);

	if (!o)
		reply_internal(r);
	else
		reply_json(r, 200, o);
}

static void
reply_rc(struct req *r, enum calls_rc rc)
{
	switch (rc) {
	case CALLS_BUSY:
		reply_error(r, 409, "state_busy", NULL,
			    "the agent is on a call: the state follows the "
			    "call");
		return;
	case CALLS_NOT_FOUND:
	case CALLS_CALL_STATE:
	case CALLS_NOT_YOURS:
		reply_error(r, 409, "not_in_acw", NULL,
			    "the agent is not in after-call work");
		return;
	default:
		reply_internal(r);
	}
}

void
h_agent_state_set(struct req *r)
{
	static const char *const keys[] = {"state", "reason", "note", NULL};
	const char *state = NULL, *reason = NULL, *note = NULL;
	struct store_agent a;
	struct verr e = {0};
	enum rt_astate st = RT_OFFLINE;
	enum calls_rc rc;
	char detail[512];
	int known = 0;
	cJSON *body;

	body = req_json(r, 0);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "state", 0, &state, &e) < 0 ||
	    jsonv_str(body, "reason", 1, &reason, &e) < 0 ||
	    jsonv_str(body, "note", 1, &note, &e) < 0 ||
	    (note && jsonv_text(note, "note", NOTE_MAX, 1, 0, &e) != 0)) {
		reply_verr(r, &e);
		goto out;
	}
	if (!state) {
		reply_error(r, 400, "missing_field", "state",
			    "READY, NOT_READY or OFFLINE");
		goto out;
	}
	if (rt_astate_parse(state, &st) != 0 ||
	    (st != RT_READY && st != RT_NOT_READY && st != RT_OFFLINE)) {
		reply_error(r, 400, "unknown_value", "state",
			    "READY, NOT_READY or OFFLINE");
		goto out;
	}
	if (st == RT_NOT_READY) {
		if (!reason || !*reason) {
			reply_error(r, 400, "missing_field", "reason",
				    "a not-ready reason (GET /v1/reasons)");
			goto out;
		}
		if (strlen(reason) < RT_REASON_MAX &&
		    reason_known(r, reason, &known) != 0)
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
	if (target_agent(r, &a) != 0)
		goto out;
	rc = calls_set_state(a.username, a.desks, st,
			     st == RT_NOT_READY ? reason : NULL);
	if (rc != CALLS_OK) {
		reply_rc(r, rc);
		store_agent_free(&a);
		goto out;
	}
	snprintf(detail, sizeof detail, "%s%s%s%s%s", state,
		 reason ? " " : "", reason ? reason : "",
		 note && *note ? ": " : "", note ? note : "");
	audit(r, "agent_state", a.username, detail);
	reply_agent_state(r, &a);
	store_agent_free(&a);
out:
	cJSON_Delete(body);
}

void
h_agent_end_acw(struct req *r)
{
	static const char *const keys[] = {"note", NULL};
	const char *note = NULL;
	struct calls_wrapup w;
	struct store_agent a;
	struct verr e = {0};
	const cJSON *s, *cid;
	long long call_id = 0;
	enum calls_rc rc;
	char detail[512];
	cJSON *body, *cur;

	body = req_json(r, 1);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "note", 1, &note, &e) < 0 ||
	    (note && jsonv_text(note, "note", NOTE_MAX, 1, 0, &e) != 0)) {
		reply_verr(r, &e);
		goto out;
	}
	if (target_agent(r, &a) != 0)
		goto out;
	cur = calls_agent_state_json(a.username, a.desks);
	s = cJSON_GetObjectItemCaseSensitive(cur, "state");
	cid = cJSON_GetObjectItemCaseSensitive(cur, "call_id");
	if (cJSON_IsString(s) && strcmp(s->valuestring, "ACW") == 0 &&
	    cJSON_IsNumber(cid))
		call_id = (long long)cid->valuedouble;
	cJSON_Delete(cur);
	if (!call_id) {
		reply_rc(r, CALLS_CALL_STATE);
		store_agent_free(&a);
		goto out;
	}
	memset(&w, 0, sizeof w);
	w.code = SUPERVISOR_ENDED_CODE;
	w.summary = note ? note : "";
	rc = calls_wrapup(call_id, a.username, &w);
	if (rc != CALLS_OK) {
		reply_rc(r, rc);
		store_agent_free(&a);
		goto out;
	}
	snprintf(detail, sizeof detail, "call %lld%s%s", call_id,
		 note && *note ? ": " : "", note ? note : "");
	audit(r, "end_acw", a.username, detail);
	reply_agent_state(r, &a);
	store_agent_free(&a);
out:
	cJSON_Delete(body);
}

/* ---- broadcasts ------------------------------------------------------- */

static cJSON *
broadcast_obj(long long id, const char *msg, const char *from,
	      const char *desk, long long at)
{
	cJSON *o = cJSON_CreateObject();
	char iso[32];

	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddStringToObject(o, "message", msg);
	cJSON_AddStringToObject(o, "from", from);
	if (desk && *desk)
		cJSON_AddStringToObject(o, "desk", desk);
	else
		cJSON_AddNullToObject(o, "desk");
	tk_iso_time(iso, at);
	cJSON_AddStringToObject(o, "at", iso);
	return o;
}

void
h_broadcast_create(struct req *r)
{
	static const char *const keys[] = {"message", "desk", NULL};
	struct store *st = r->srv->store;
	const char *msg = NULL, *desk = NULL;
	struct ev_audience aud;
	struct verr e = {0};
	long long id = 0, now = now_s();
	cJSON *body, *o;
	char *txt;

	body = req_json(r, 0);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "message", 0, &msg, &e) < 0 ||
	    jsonv_str(body, "desk", 1, &desk, &e) < 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (!msg) {
		reply_error(r, 400, "missing_field", "message", "required");
		goto out;
	}
	if (jsonv_text(msg, "message", BROADCAST_MAX, 1, 1, &e) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (desk && tk_enum_parse(TKE_DESK, desk) < 0) {
		reply_error(r, 400, "unknown_value", "desk",
			    "a desk code (GENERAL, ENTERPRISE, CARE, DIALECT, "
			    "ONLINE) or null");
		goto out;
	}
	if (st->ops->bc_create(st, r->agent.username, desk, msg, now, &id) !=
	    ST_OK) {
		reply_internal(r);
		goto out;
	}
	o = broadcast_obj(id, msg, r->agent.username, desk, now);
	txt = cJSON_PrintUnformatted(o);
	memset(&aud, 0, sizeof aud);
	if (desk) {
		aud.desk = desk;
		aud.supervisors = 1;
	} else {
		aud.all = 1;
	}
	if (txt)
		events_publish("broadcast", &aud, txt);
	free(txt);
	{
		struct store_broadcast *b = NULL;
		size_t n = 0, i;

		/* the targets counted by the store */
		if (st->ops->bc_list(st, now - 1, NULL, NULL, 0, &b, &n) ==
		    ST_OK) {
			for (i = 0; i < n; i++)
				if (b[i].id == id)
					cJSON_AddNumberToObject(
						o, "targets",
						(double)b[i].targets);
			store_broadcasts_free(b, n);
		}
		cJSON_AddNumberToObject(o, "acked", 0);
	}
	reply_json(r, 201, o);
out:
	cJSON_Delete(body);
}

void
h_broadcast_ack(struct req *r)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[2]);
	enum status rc;

	rc = id <= 0 ? ST_NOT_FOUND
		     : st->ops->bc_ack(st, id, r->agent.username, now_s());
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such broadcast");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	reply_empty(r, 204);
}

void
h_broadcasts_list(struct req *r)
{
	struct store *st = r->srv->store;
	const char *active = req_query(r, "active");
	struct store_broadcast *b = NULL;
	size_t n = 0, i;
	int mine;
	cJSON *o, *items;

	if (active && strcmp(active, "1") != 0 && strcmp(active, "0") != 0) {
		reply_error(r, 400, "invalid_field", "active", "1 or 0");
		return;
	}
	mine = active && strcmp(active, "1") == 0;
	if (!mine && !is_supervisor(r->agent.role)) {
		reply_error(r, 403, "forbidden", NULL,
			    "the whole list is for supervisors; use "
			    "?active=1");
		return;
	}
	if (st->ops->bc_list(st, now_s() - BROADCAST_ACTIVE_S,
			     mine ? r->agent.username : NULL,
			     mine ? r->agent.desks : NULL, mine, &b,
			     &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = broadcast_obj(b[i].id, b[i].message, b[i].sender,
					 b[i].desk, b[i].at);

		if (!mine) {
			cJSON_AddNumberToObject(x, "acked", (double)b[i].acked);
			cJSON_AddNumberToObject(x, "targets",
						(double)b[i].targets);
		}
		cJSON_AddItemToArray(items, x);
	}
	store_broadcasts_free(b, n);
	reply_json(r, 200, o);
}

/* ---- audit log -------------------------------------------------------- */

void
h_audit_list(struct req *r)
{
	struct store *st = r->srv->store;
	const char *lim = req_query(r, "limit");
	const char *cur = req_query(r, "cursor");
	struct store_audit *a = NULL;
	long limit = AUDIT_DEFAULT;
	long long cur_at = 0;
	char cur_id[24] = "";
	size_t n = 0, i;
	cJSON *o, *items;

	if (lim && req_parse_limit(lim, 3, 1, AUDIT_MAX, &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit", "1-%d",
			    AUDIT_MAX);
		return;
	}
	if (cur) {
		char *end = NULL;
		const char *dash = strchr(cur, '-');
		size_t i2;

		cur_at = strtoll(cur, &end, 10);
		if (!dash || end != dash || strlen(dash + 1) < 2 ||
		    strlen(dash + 1) >= sizeof cur_id ||
		    (dash[1] != 'A' && dash[1] != 'T')) {
			reply_error(r, 400, "invalid_field", "cursor",
				    "not a cursor from this server");
			return;
		}
		for (i2 = 2; dash[i2]; i2++)
			if (dash[i2] < '0' || dash[i2] > '9') {
				reply_error(r, 400, "invalid_field", "cursor",
					    "not a cursor from this server");
				return;
			}
		snprintf(cur_id, sizeof cur_id, "%s", dash + 1);
	}
	if (st->ops->audit_list(st, cur != NULL, cur_at, cur_id, (int)limit,
				&a, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		char iso[32];

		cJSON_AddStringToObject(x, "id", a[i].id);
		tk_iso_time(iso, a[i].at);
		cJSON_AddStringToObject(x, "at", iso);
		cJSON_AddStringToObject(x, "actor", a[i].actor);
		cJSON_AddStringToObject(x, "action", a[i].action);
		cJSON_AddStringToObject(x, "target", a[i].target);
		cJSON_AddStringToObject(x, "detail", a[i].detail);
		cJSON_AddItemToArray(items, x);
	}
	if (n == (size_t)limit && n > 0) {
		char next[64];

		snprintf(next, sizeof next, "%lld-%s", a[n - 1].at,
			 a[n - 1].id);
		cJSON_AddStringToObject(o, "next_cursor", next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	store_audits_free(a, n);
	reply_json(r, 200, o);
}
