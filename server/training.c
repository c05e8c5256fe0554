/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * training.c - the rules of the training space and the TRAINING_RESULT
 * object (see training.h).
 */
#include "training.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "log.h"
#include "reqparse.h"

/* ---- calls and tickets ------------------------------------------------ */

int
training_call_kind(struct store *st, long long call_id)
{
	struct store_call c;
	enum status rc;
	int kind;

	if (call_id <= 0)
		return -1;
	rc = st->ops->get_call(st, call_id, &c);
	if (rc == ST_NOT_FOUND)
		return -1;
	if (rc != ST_OK)
		return -2;
	kind = c.training ? 1 : 0;
	store_call_free(&c);
	return kind;
}

int
training_call_kind_text(struct store *st, const char *call_id)
{
	long long id;

	if (!call_id || !*call_id)
		return -1;
	id = req_parse_id(call_id);
	return id > 0 ? training_call_kind(st, id) : -1;
}

int
training_ticket(const struct tk_rec *t)
{
	return t->v[TKF_TRAINING].n != 0;
}

int
training_visible(enum role role, const struct tk_rec *t)
{
	return !(role == ROLE_UNIT && training_ticket(t));
}

int
training_write_refused(enum role role, const struct tk_rec *t)
{
	return role == ROLE_TRAINER && !training_ticket(t);
}

void
training_mismatch(struct verr *e, const char *field, const char *what)
{
	verr_set(e, 409, "training_mismatch", field,
		 "%s: a training ticket or call never meets a live one", what);
}

/* ---- private routing desks -------------------------------------------- */

unsigned
training_real_desks(void)
{
	int n = tk_enum_count(TKE_DESK);

	return n >= RT_MAX_DESKS ? ~0u : (1u << n) - 1u;
}

unsigned
training_desk_bits(const struct rt *r, const char *name)
{
	const struct rt_agent *a = rt_find_agent(r, name);

	return a ? a->desks & ~training_real_desks() : 0;
}

static int
desk_busy(const struct rt *r, int desk, const long long *calls, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct rt_call *c = rt_find_call(r, calls[i]);

		if (c && c->desk == desk)
			return 1;
	}
	return 0;
}

int
training_desk_claim(struct rt *r, const char *name, unsigned desks,
		    const long long *calls, size_t n, int64_t now)
{
	unsigned own = training_desk_bits(r, name);
	const struct rt_agent *a;
	int d, first = tk_enum_count(TKE_DESK);
	size_t i;

	for (d = first; own && d < RT_MAX_DESKS; d++)
		if ((own >> d) & 1u)
			return d;
	for (d = first; d < RT_MAX_DESKS; d++) {
		if (desk_busy(r, d, calls, n))
			continue;
		/* Free: take it from whoever kept it from an old call. */
		for (i = 0; i < rt_n_agents(r); i++) {
			char who[RT_NAME_MAX];

			a = rt_agent_at(r, i);
			if (!((a->desks >> d) & 1u))
				continue;
			memcpy(who, a->name, sizeof who);
			rt_agent_seen(r, who, a->desks & ~(1u << d), now);
		}
		a = rt_find_agent(r, name);
		if (rt_agent_seen(r, name, (a ? a->desks : desks) | (1u << d),
				  now) != RT_OK)
			return -1;
		return d;
	}
	return -1;
}

size_t
training_calls_prune(const struct rt *r, long long *ids, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (rt_find_call(r, ids[i]))
			ids[k++] = ids[i];
	return k;
}

/* ---- results ---------------------------------------------------------- */

/* Required text member; 0, or -1 with e. */
static int
req_text(const cJSON *o, const char *key, const char *field, size_t max,
	 int single_line, char **out, struct verr *e)
{
	const char *s = NULL;
	int rc = jsonv_str(o, key, 0, &s, e);

	if (rc < 0) {
		snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	if (!s || !*s) {
		verr_set(e, 400, "missing_field", field, "required");
		return -1;
	}
	if (jsonv_text(s, field, max, single_line, 1, e) != 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

/* Integer member 0..TRAINING_NUMBER_MAX; required unless opt. 1 when
 * present, 0 absent, -1 with e. */
static int
int_member(const cJSON *o, const char *key, const char *field, int opt,
	   long long *out, struct verr *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	double d;

	if (!v) {
		if (opt)
			return 0;
		verr_set(e, 400, "missing_field", field, "required");
		return -1;
	}
	d = cJSON_IsNumber(v) ? v->valuedouble : -1;
	if (!cJSON_IsNumber(v) || d != floor(d) || d < 0 ||
	    d > (double)TRAINING_NUMBER_MAX) {
		verr_set(e, 400, "invalid_field", field,
			 "an integer from 0 to %lld", TRAINING_NUMBER_MAX);
		return -1;
	}
	*out = (long long)d;
	return 1;
}

static int
bool_member(const cJSON *o, const char *key, const char *field, int *out,
	    struct verr *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v) {
		verr_set(e, 400, "missing_field", field, "required");
		return -1;
	}
	if (!cJSON_IsBool(v)) {
		verr_set(e, 400, "invalid_field", field,
			 "must be true or false");
		return -1;
	}
	*out = cJSON_IsTrue(v);
	return 0;
}

/* The checks array, normalised into *out (JSON text). */
static int
parse_checks(const cJSON *body, char **out, struct verr *e)
{
	static const char *const keys[] = {"name", "weight", "passed",
					   "detail", NULL};
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "checks");
	cJSON *norm;
	const cJSON *c;
	int i = 0;

	if (!arr) {
		verr_set(e, 400, "missing_field", "checks",
			 "required (may be [])");
		return -1;
	}
	if (!cJSON_IsArray(arr)) {
		verr_set(e, 400, "invalid_field", "checks",
			 "an array of {\"name\", \"weight\", \"passed\", "
			 "\"detail\"}");
		return -1;
	}
	if (cJSON_GetArraySize(arr) > TRAINING_CHECKS_MAX) {
		verr_set(e, 400, "invalid_field", "checks",
			 "at most %d checks", TRAINING_CHECKS_MAX);
		return -1;
	}
	norm = cJSON_CreateArray();
	cJSON_ArrayForEach(c, arr)
	{
		char pre[32], f[64];
		char *name = NULL;
		const char *detail = NULL;
		long long weight = 0;
		int passed = 0;
		cJSON *x;

		snprintf(pre, sizeof pre, "checks[%d].", i);
		if (!cJSON_IsObject(c)) {
			snprintf(f, sizeof f, "checks[%d]", i);
			verr_set(e, 400, "invalid_field", f, "an object");
			goto bad;
		}
		if (jsonv_check_keys(c, keys, pre, e) != 0)
			goto bad;
		snprintf(f, sizeof f, "%sname", pre);
		if (req_text(c, "name", f, TRAINING_CHECK_NAME_MAX, 1, &name,
			     e) != 0)
			goto bad;
		snprintf(f, sizeof f, "%sweight", pre);
		if (int_member(c, "weight", f, 0, &weight, e) < 0) {
			free(name);
			goto bad;
		}
		snprintf(f, sizeof f, "%spassed", pre);
		if (bool_member(c, "passed", f, &passed, e) != 0) {
			free(name);
			goto bad;
		}
		snprintf(f, sizeof f, "%sdetail", pre);
		if (jsonv_str(c, "detail", 1, &detail, e) < 0 ||
		    (detail && jsonv_text(detail, f, TRAINING_DETAIL_MAX, 0, 0,
					  e) != 0)) {
			snprintf(e->field, sizeof e->field, "%s", f);
			free(name);
			goto bad;
		}
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", name);
		cJSON_AddNumberToObject(x, "weight", (double)weight);
		cJSON_AddBoolToObject(x, "passed", passed);
		cJSON_AddStringToObject(x, "detail", detail ? detail : "");
		cJSON_AddItemToArray(norm, x);
		free(name);
		i++;
	}
	*out = cJSON_PrintUnformatted(norm);
	cJSON_Delete(norm);
	return *out ? 0 : -1;
bad:
	cJSON_Delete(norm);
	return -1;
}

int
training_result_parse(const cJSON *body, struct store_training_result *out,
		      struct verr *e)
{
	static const char *const keys[] = {
		"scenario", "title",	  "trainee", "mode",	  "score",
		"max_score", "passed",	  "duration_s", "started_at",
		"checks",   "call_id",	  "ticket_no", NULL};
	const char *started = NULL, *no = NULL;
	const cJSON *cid;
	char *checks = NULL;

	memset(out, 0, sizeof *out);
	if (jsonv_check_keys(body, keys, NULL, e) != 0 ||
	    req_text(body, "scenario", "scenario", TRAINING_SCENARIO_MAX, 1,
		     &out->scenario, e) != 0 ||
	    req_text(body, "title", "title", TRAINING_TITLE_MAX, 1,
		     &out->title, e) != 0 ||
	    req_text(body, "trainee", "trainee", 64, 1, &out->trainee, e) != 0 ||
	    req_text(body, "mode", "mode", 16, 1, &out->mode, e) != 0)
		goto bad;
	if (strcmp(out->mode, "practice") != 0 &&
	    strcmp(out->mode, "demo") != 0) {
		verr_set(e, 400, "unknown_value", "mode",
			 "practice or demo");
		goto bad;
	}
	if (int_member(body, "score", "score", 0, &out->score, e) < 0 ||
	    int_member(body, "max_score", "max_score", 0, &out->max_score,
		       e) < 0)
		goto bad;
	if (out->score > out->max_score) {
		verr_set(e, 400, "invalid_field", "score",
			 "greater than max_score (%lld)", out->max_score);
		goto bad;
	}
	if (bool_member(body, "passed", "passed", &out->passed, e) != 0 ||
	    int_member(body, "duration_s", "duration_s", 0, &out->duration_s,
		       e) < 0)
		goto bad;
	if (jsonv_str(body, "started_at", 0, &started, e) < 0)
		goto bad;
	if (!started) {
		verr_set(e, 400, "missing_field", "started_at", "required");
		goto bad;
	}
	if (tk_parse_iso(started, &out->started_at) != 0) {
		verr_set(e, 400, "invalid_field", "started_at",
			 "an ISO 8601 time such as 2026-11-28T20:18:50Z");
		goto bad;
	}
	if (parse_checks(body, &checks, e) != 0)
		goto bad;
	out->checks = checks;
	cid = cJSON_GetObjectItemCaseSensitive(body, "call_id");
	if (cid && !cJSON_IsNull(cid)) {
		double d = cJSON_IsNumber(cid) ? cid->valuedouble : 0;

		if (!cJSON_IsNumber(cid) || d != floor(d) || d < 1 ||
		    d >= 1e15) {
			verr_set(e, 400, "invalid_field", "call_id",
				 "a call id or null");
			goto bad;
		}
		out->call_id = (long long)d;
	}
	if (jsonv_str(body, "ticket_no", 1, &no, e) < 0)
		goto bad;
	if (no && *no && !tk_no_valid(no)) {
		verr_set(e, 400, "invalid_field", "ticket_no",
			 "a ticket number or null");
		goto bad;
	}
	out->ticket_no = xstrdup(no ? no : "");
	return 0;
bad:
	store_training_result_free(out);
	memset(out, 0, sizeof *out);
	return -1;
}

cJSON *
training_result_to_json(const struct store_training_result *r)
{
	cJSON *o = cJSON_CreateObject(), *checks;
	char iso[32];

	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "scenario", r->scenario);
	cJSON_AddStringToObject(o, "title", r->title);
	cJSON_AddStringToObject(o, "trainee", r->trainee);
	cJSON_AddStringToObject(o, "mode", r->mode);
	cJSON_AddNumberToObject(o, "score", (double)r->score);
	cJSON_AddNumberToObject(o, "max_score", (double)r->max_score);
	cJSON_AddBoolToObject(o, "passed", r->passed);
	cJSON_AddNumberToObject(o, "duration_s", (double)r->duration_s);
	tk_iso_time(iso, r->started_at);
	cJSON_AddStringToObject(o, "started_at", iso);
	checks = cJSON_Parse(r->checks ? r->checks : "[]");
	if (!checks || !cJSON_IsArray(checks)) {
		cJSON_Delete(checks);
		checks = cJSON_CreateArray();
	}
	cJSON_AddItemToObject(o, "checks", checks);
	if (r->call_id > 0)
		cJSON_AddNumberToObject(o, "call_id", (double)r->call_id);
	else
		cJSON_AddNullToObject(o, "call_id");
	if (r->ticket_no && *r->ticket_no)
		cJSON_AddStringToObject(o, "ticket_no", r->ticket_no);
	else
		cJSON_AddNullToObject(o, "ticket_no");
	tk_iso_time(iso, r->created_at);
	cJSON_AddStringToObject(o, "created_at", iso);
	cJSON_AddStringToObject(o, "recorded_by", r->recorded_by);
	return o;
}

/* ---- release helpers (store.h) ---------------------------------------- */

void
store_training_calls_free(struct store_training_call *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free(c[i].agent);
		free(c[i].scenario);
	}
	free(c);
}

void
store_training_result_free(struct store_training_result *r)
{
	if (!r)
		return;
	FREE(r->scenario);
	FREE(r->title);
	FREE(r->trainee);
	FREE(r->mode);
	FREE(r->checks);
	FREE(r->ticket_no);
	FREE(r->recorded_by);
}

void
store_training_results_free(struct store_training_result *r, size_t n)
{
	size_t i;

	for (i = 0; r && i < n; i++)
		store_training_result_free(&r[i]);
	free(r);
}
