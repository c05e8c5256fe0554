/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_training.c - /v1/training (issue #7): training calls that ring
 * one named agent, and graded results of practice and demo runs.  The
 * rules are in training.c, the routing in calls.c.
 */
#include "training.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "calls.h"
#include "log.h"
#include "reqparse.h"
#include "routes_calls.h"
#include "tkinput.h"

#define RESULTS_DEFAULT 50
#define RESULTS_MAX 200
#define LIMIT_CHARS 12

/* May role take calls (and so be a trainee)? */
static int
takes_calls(enum role role)
{
	return role == ROLE_AGENT || role == ROLE_TRAINER ||
	       role == ROLE_SUPERVISOR || role == ROLE_ADMIN;
}

/* An agent acts only for itself. */
static int
only_self(const struct req *r)
{
	return r->agent.role == ROLE_AGENT;
}

/* ---- POST /v1/training/calls ------------------------------------------ */

void
h_training_calls_create(struct req *r)
{
	static const char *const keys[] = {"caller", "desk",	 "channel",
					   "ivr",    "agent",	 "scenario",
					   NULL};
	struct store *st = r->srv->store;
	const char *agent = NULL, *scenario = NULL;
	struct store_agent target = {0};
	struct store_call c;
	struct calls_new in;
	struct verr e = {0};
	long long id = 0;
	enum calls_rc crc;
	enum status rc;
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
	    jsonv_str(body, "desk", 0, &in.desk, &e) < 0 ||
	    jsonv_str(body, "agent", 1, &agent, &e) < 0 ||
	    jsonv_str(body, "scenario", 0, &scenario, &e) < 0 ||
	    (scenario && jsonv_text(scenario, "scenario",
				    TRAINING_SCENARIO_MAX, 1, 0, &e) != 0)) {
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
	if (!agent || !*agent)
		agent = r->agent.username; /* default: the requester */
	if (only_self(r) && strcmp(agent, r->agent.username) != 0) {
		reply_error(r, 403, "forbidden", "agent",
			    "an agent asks for training calls only for "
			    "itself");
		goto out;
	}
	if (u8_count(agent) > 64) {
		reply_error(r, 400, "invalid_field", "agent", "a username");
		goto out;
	}
	rc = st->ops->get_agent_by_name(st, agent, &target);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 400, "unknown_value", "agent", "no such agent");
		goto out;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		goto out;
	}
	if (!takes_calls(target.role)) {
		reply_error(r, 400, "invalid_field", "agent",
			    "role %s does not take calls",
			    role_wire(target.role));
		goto out;
	}
	in.training = 1;
	in.posted_by = r->agent.username;
	crc = calls_offer_training(&in, target.username, target.desks,
				   scenario ? scenario : "", &id);
	if (crc == CALLS_LIMIT) {
		reply_error(r, 409, "training_busy", NULL,
			    "too many trainees have training calls at once");
		goto out;
	}
	if (crc != CALLS_OK) {
		reply_internal(r);
		goto out;
	}
	if (st->ops->get_call(st, id, &c) != ST_OK) {
		reply_internal(r);
		goto out;
	}
	reply_header(r, "Location", "/v1/calls/%lld", id);
	reply_json(r, 201, calls_call_json(&c, calls_now_ms()));
	store_call_free(&c);
out:
	store_agent_free(&target);
	cJSON_Delete(body);
}

/* ---- results ---------------------------------------------------------- */

/* The call and ticket a result names must exist and be training ones. */
static int
result_links(struct req *r, const struct store_training_result *in)
{
	struct store *st = r->srv->store;
	struct verr e = {0};
	struct tk_rec t;
	enum status rc;
	int kind;

	if (in->call_id > 0) {
		kind = training_call_kind(st, in->call_id);
		if (kind == -2) {
			reply_internal(r);
			return -1;
		}
		if (kind < 0) {
			reply_error(r, 400, "unknown_value", "call_id",
				    "no such call");
			return -1;
		}
		if (kind == 0) {
			training_mismatch(&e, "call_id", "a result");
			reply_verr(r, &e);
			return -1;
		}
	}
	if (in->ticket_no && *in->ticket_no) {
		rc = st->ops->get_ticket(st, in->ticket_no, &t, NULL, NULL);
		if (rc == ST_NOT_FOUND) {
			reply_error(r, 400, "unknown_value", "ticket_no",
				    "no such ticket");
			return -1;
		}
		if (rc != ST_OK) {
			reply_internal(r);
			return -1;
		}
		kind = training_ticket(&t);
		tk_rec_free(&t);
		if (!kind) {
			training_mismatch(&e, "ticket_no", "a result");
			reply_verr(r, &e);
			return -1;
		}
	}
	return 0;
}

void
h_training_results_create(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_training_result in, got;
	struct store_agent trainee = {0};
	struct verr e = {0};
	long long id = 0;
	enum status rc;
	cJSON *body;

	body = req_json(r, 0);
	if (!body)
		return;
	if (training_result_parse(body, &in, &e) != 0) {
		reply_verr(r, &e);
		cJSON_Delete(body);
		return;
	}
	if (only_self(r) && strcmp(in.trainee, r->agent.username) != 0) {
		reply_error(r, 403, "forbidden", "trainee",
			    "an agent records results only for itself");
		goto out;
	}
	rc = st->ops->get_agent_by_name(st, in.trainee, &trainee);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 400, "unknown_value", "trainee",
			    "no such agent");
		goto out;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		goto out;
	}
	if (result_links(r, &in) != 0)
		goto out;
	in.recorded_by = xstrdup(r->agent.username);
	if (st->ops->training_result_create(st, &in, (long long)time(NULL),
					    &id) != ST_OK ||
	    st->ops->training_result_get(st, id, &got) != ST_OK) {
		reply_internal(r);
		goto out;
	}
	reply_header(r, "Location", "/v1/training/results/%lld", id);
	reply_json(r, 201, training_result_to_json(&got));
	store_training_result_free(&got);
out:
	store_agent_free(&trainee);
	store_training_result_free(&in);
	cJSON_Delete(body);
}

void
h_training_results_list(struct req *r)
{
	struct store *st = r->srv->store;
	const char *trainee = req_query(r, "trainee");
	const char *scenario = req_query(r, "scenario");
	const char *lim = req_query(r, "limit");
	const char *cur = req_query(r, "cursor");
	struct store_training_result *items = NULL;
	long limit = RESULTS_DEFAULT;
	long long before = 0;
	size_t n = 0, i;
	cJSON *o, *arr;
	char next[32];

	if (trainee && !*trainee)
		trainee = NULL;
	if (scenario && !*scenario)
		scenario = NULL;
	if (trainee && (!u8_valid(trainee, strlen(trainee)) ||
			u8_count(trainee) > 64)) {
		reply_error(r, 400, "invalid_field", "trainee", "a username");
		return;
	}
	if (scenario && (!u8_valid(scenario, strlen(scenario)) ||
			 u8_count(scenario) > TRAINING_SCENARIO_MAX)) {
		reply_error(r, 400, "invalid_field", "scenario",
			    "a scenario name of at most %d characters",
			    TRAINING_SCENARIO_MAX);
		return;
	}
	if (only_self(r)) {
		if (trainee && strcmp(trainee, r->agent.username) != 0) {
			reply_error(r, 403, "forbidden", "trainee",
				    "an agent sees only its own results");
			return;
		}
		trainee = r->agent.username;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, RESULTS_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d", RESULTS_MAX);
		return;
	}
	if (cur && *cur) {
		before = req_parse_id(cur);
		if (before <= 0) {
			reply_error(r, 400, "invalid_field", "cursor",
				    "not a cursor from this server");
			return;
		}
	}
	if (st->ops->training_result_list(st, trainee, scenario, before,
					  (int)limit + 1, &items,
					  &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(arr, training_result_to_json(&items[i]));
	if (n > (size_t)limit) {
		snprintf(next, sizeof next, "%lld", items[limit - 1].id);
		cJSON_AddStringToObject(o, "next_cursor", next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	store_training_results_free(items, n);
	reply_json(r, 200, o);
}

void
h_training_result_get(struct req *r)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[3]);
	struct store_training_result got;
	enum status rc;

	rc = id > 0 ? st->ops->training_result_get(st, id, &got)
		    : ST_NOT_FOUND;
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such result");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	if (only_self(r) && strcmp(got.trainee, r->agent.username) != 0)
		reply_error(r, 403, "forbidden", NULL,
			    "an agent sees only its own results");
	else
		reply_json(r, 200, training_result_to_json(&got));
	store_training_result_free(&got);
}
