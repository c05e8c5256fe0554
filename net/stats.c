/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats.c - the supervisor statistics and actions of stats.h and their
 * JSON mapping.
 *
 * Requests go through api.c's api_request_raw(); 2xx bodies are parsed
 * here (cJSON through jsonget.h).  Every field is checked for its JSON
 * type: a wrong type fails the whole reply with a "path.key: why" reason;
 * missing or null optional fields become "", 0 or the model's "none"
 * values.  Every string is sanitized to one line.
 */
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "jsonget.h"
#include "parse.h"
#include "parse_calls.h"

#define ONE SAN_FOLD_AMBIGUOUS
#define MAX_ITEMS 100000

/* ---- field readers ----------------------------------------------------- */

/* A count/duration that may be null: null/missing → STATS_NONE. */
static int
opt_num(const cJSON *o, const char *path, const char *key, long *out,
	struct nj_err *e)
{
	if (nj_absent(nj_item(o, key))) {
		*out = STATS_NONE;
		return 0;
	}
	return nj_get_num(o, path, key, 1, out, e);
}

/* A finite number in 0..hi, or dflt when missing/null; why names the
 * expected kind in the error. */
static int
bounded(const cJSON *o, const char *path, const char *key, double hi,
	double dflt, const char *why, double *out, struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);

	*out = dflt;
	if (nj_absent(it))
		return 0;
	if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) ||
	    it->valuedouble < 0 || it->valuedouble > hi)
		return nj_fail(e, path, key, why);
	*out = it->valuedouble;
	return 0;
}

/* A rate 0..1 or null (STATS_NO_RATE). */
static int
rate(const cJSON *o, const char *path, const char *key, double *out,
     struct nj_err *e)
{
	return bounded(o, path, key, 1, STATS_NO_RATE, ": not a rate in 0..1",
		       out, e);
}

/* A finite non-negative number; missing/null → 0. */
static int
real(const cJSON *o, const char *path, const char *key, double *out,
     struct nj_err *e)
{
	return bounded(o, path, key, 1e15, 0, ": not a number", out, e);
}

/* The array member key, or NULL when missing/null; -1 on another type. */
static int
array_of(const cJSON *o, const char *path, const char *key,
	 const cJSON **arr, size_t *n, struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);

	*arr = NULL;
	*n = 0;
	if (nj_absent(it))
		return 0;
	if (!cJSON_IsArray(it))
		return nj_fail(e, path, key, ": not an array");
	*arr = it;
	*n = (size_t)cJSON_GetArraySize(it);
	if (*n > MAX_ITEMS)
		return nj_fail(e, path, key, ": too many entries");
	return 0;
}

static int
need_object(const cJSON *o, const char *path, struct nj_err *e)
{
	if (!cJSON_IsObject(o))
		return nj_fail(e, "", path, ": not an object");
	return 0;
}

/* One element of a list: o at path into elem. */
typedef int (*elem_fn)(const cJSON *o, const char *path, void *elem,
		       struct nj_err *e);

/* The array member key of root: *n elements of elem bytes, each read by
 * fn (path "key[i]"), into *out (NULL for none).  -1 on an error; what
 * was read stays in *out, *n its length, for the caller's free. */
static int
read_elems(const cJSON *arr, const char *key, size_t n, size_t elem,
	   elem_fn fn, void **out, struct nj_err *e)
{
	const cJSON *it;
	char path[48];
	size_t i = 0;

	*out = n ? xcalloc(n, elem) : NULL;
	cJSON_ArrayForEach(it, arr)
	{
		snprintf(path, sizeof path, "%s[%zu]", key, i);
		if (fn(it, path, (char *)*out + i * elem, e) < 0)
			return -1;
		i++;
	}
	return 0;
}

static int
get_list(const cJSON *root, const char *key, size_t elem, elem_fn fn,
	 void **out, size_t *n, struct nj_err *e)
{
	const cJSON *arr;

	*out = NULL;
	if (array_of(root, "", key, &arr, n, e) < 0) {
		*n = 0;
		return -1;
	}
	return read_elems(arr, key, *n, elem, fn, out, e);
}

/* {"CONSULT": 3, ...} → counts (code = key, sanitized). */
static int
count_map(const cJSON *o, const char *path, const char *key,
	  struct stat_count **out, size_t *n, struct nj_err *e)
{
	const cJSON *m = nj_item(o, key), *it;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (nj_absent(m))
		return 0;
	if (!cJSON_IsObject(m))
		return nj_fail(e, path, key, ": not an object");
	*n = (size_t)cJSON_GetArraySize(m);
	if (*n > MAX_ITEMS)
		return nj_fail(e, path, key, ": too many entries");
	*out = *n ? xcalloc(*n, sizeof **out) : NULL;
	cJSON_ArrayForEach(it, m)
	{
		double v = it->valuedouble;

		(*out)[i].code = nj_san(it->string ? it->string : "", ONE);
		(*out)[i].name = xstrdup("");
		if (!cJSON_IsNumber(it) || !isfinite(v) || v < 0 ||
		    v >= 1e15 || v != floor(v)) {
			*n = i + 1;
			return nj_fail(e, path, key, ": not a count");
		}
		(*out)[i].count = (long)v;
		i++;
	}
	return 0;
}

static int
get_kpi(const cJSON *root, const char *key, struct kpi *k, struct nj_err *e)
{
	const cJSON *o = nj_item(root, key);

	memset(k, 0, sizeof *k);
	k->answer_rate = k->service_level_15s = k->abandon_rate =
		k->direct_answer_rate = k->transfer_rate = STATS_NO_RATE;
	k->avg_wait_s = k->longest_wait_s = k->att_s = k->acw_s = k->aht_s =
		STATS_NONE;
	if (nj_absent(o))
		return 0;
	if (need_object(o, key, e) < 0)
		return -1;
	if (nj_get_num(o, key, "offered", 0, &k->offered, e) < 0 ||
	    nj_get_num(o, key, "answered", 0, &k->answered, e) < 0 ||
	    nj_get_num(o, key, "abandoned", 0, &k->abandoned, e) < 0 ||
	    nj_get_num(o, key, "tickets", 0, &k->tickets, e) < 0 ||
	    nj_get_num(o, key, "direct", 0, &k->direct, e) < 0 ||
	    nj_get_num(o, key, "transferred", 0, &k->transferred, e) < 0 ||
	    rate(o, key, "answer_rate", &k->answer_rate, e) < 0 ||
	    rate(o, key, "service_level_15s", &k->service_level_15s, e) < 0 ||
	    rate(o, key, "abandon_rate", &k->abandon_rate, e) < 0 ||
	    rate(o, key, "direct_answer_rate", &k->direct_answer_rate, e) <
		    0 ||
	    rate(o, key, "transfer_rate", &k->transfer_rate, e) < 0 ||
	    opt_num(o, key, "avg_wait_s", &k->avg_wait_s, e) < 0 ||
	    opt_num(o, key, "longest_wait_s", &k->longest_wait_s, e) < 0 ||
	    opt_num(o, key, "att_s", &k->att_s, e) < 0 ||
	    opt_num(o, key, "acw_s", &k->acw_s, e) < 0 ||
	    opt_num(o, key, "aht_s", &k->aht_s, e) < 0 ||
	    count_map(o, key, "by_appeal_type", &k->by_appeal_type,
		      &k->n_appeal, e) < 0 ||
	    count_map(o, key, "by_channel", &k->by_channel, &k->n_channel,
		      e) < 0)
		return -1;
	return 0;
}

static int
get_queue(const cJSON *o, const char *path, void *elem, struct nj_err *e)
{
	struct desk_queue *q = elem;
	const cJSON *ag;
	char p2[64];

	if (need_object(o, path, e) < 0 ||
	    nj_get_str(o, path, "desk", ONE, 1, &q->desk, e) < 0 ||
	    nj_get_num(o, path, "waiting", 0, &q->waiting, e) < 0 ||
	    opt_num(o, path, "longest_wait_s", &q->longest_wait_s, e) < 0)
		return -1;
	ag = nj_item(o, "agents");
	if (nj_absent(ag))
		return 0;
	snprintf(p2, sizeof p2, "%s.agents", path);
	if (need_object(ag, p2, e) < 0 ||
	    nj_get_num(ag, p2, "logged_in", 0, &q->logged_in, e) < 0 ||
	    nj_get_num(ag, p2, "READY", 0, &q->ready, e) < 0 ||
	    nj_get_num(ag, p2, "NOT_READY", 0, &q->not_ready, e) < 0 ||
	    nj_get_num(ag, p2, "RINGING", 0, &q->ringing, e) < 0 ||
	    nj_get_num(ag, p2, "TALKING", 0, &q->talking, e) < 0 ||
	    nj_get_num(ag, p2, "HOLD", 0, &q->hold, e) < 0 ||
	    nj_get_num(ag, p2, "ACW", 0, &q->acw, e) < 0)
		return -1;
	return 0;
}

static int
get_agent(const cJSON *o, const char *path, void *elem, struct nj_err *e)
{
	struct board_agent *a = elem;

	if (need_object(o, path, e) < 0 ||
	    nj_get_str(o, path, "username", ONE, 1, &a->username, e) < 0 ||
	    nj_get_str(o, path, "display_name", ONE, 0, &a->display_name,
		       e) < 0 ||
	    nj_get_strv(o, path, "desks", &a->desks, &a->n_desks, e) < 0 ||
	    nj_get_str(o, path, "state", ONE, 1, &a->state, e) < 0 ||
	    nj_get_str(o, path, "reason", ONE, 0, &a->reason, e) < 0 ||
	    nj_get_time(o, path, "since", &a->since, e) < 0 ||
	    nj_get_num(o, path, "in_state_s", 0, &a->in_state_s, e) < 0 ||
	    nj_get_num(o, path, "call_id", 0, &a->call_id, e) < 0 ||
	    nj_get_str(o, path, "ticket_no", ONE, 0, &a->ticket_no, e) < 0 ||
	    nj_get_num(o, path, "handled_today", 0, &a->handled_today, e) <
		    0 ||
	    opt_num(o, path, "aht_s", &a->aht_s, e) < 0 ||
	    nj_get_str(o, path, "alert", ONE, 0, &a->alert, e) < 0)
		return -1;
	return 0;
}

static int
get_bcast(const cJSON *o, const char *path, void *elem, struct nj_err *e)
{
	struct bcast *b = elem;

	if (need_object(o, path, e) < 0 ||
	    nj_get_num(o, path, "id", 1, &b->id, e) < 0 ||
	    nj_get_str(o, path, "message", ONE, 0, &b->message, e) < 0 ||
	    nj_get_str(o, path, "from", ONE, 0, &b->from, e) < 0 ||
	    nj_get_str(o, path, "desk", ONE, 0, &b->desk, e) < 0 ||
	    nj_get_time(o, path, "at", &b->at, e) < 0 ||
	    nj_get_num(o, path, "acked", 0, &b->acked, e) < 0 ||
	    nj_get_num(o, path, "targets", 0, &b->targets, e) < 0)
		return -1;
	return 0;
}

static int
get_bcasts(const cJSON *arr, const char *key, struct bcast_list *l,
	   struct nj_err *e)
{
	void *p;
	int rc;

	l->n = (size_t)cJSON_GetArraySize(arr);
	if (l->n > MAX_ITEMS) {
		l->n = 0;
		return nj_fail(e, "", key, ": too many entries");
	}
	rc = read_elems(arr, key, l->n, sizeof *l->items, get_bcast, &p, e);
	l->items = p;
	return rc;
}

static int
get_hotspot(const cJSON *o, const char *path, void *elem, struct nj_err *e)
{
	struct hotspot *h = elem;

	if (need_object(o, path, e) < 0 ||
	    nj_get_str(o, path, "kind", ONE, 0, &h->kind, e) < 0 ||
	    nj_get_str(o, path, "code", ONE, 1, &h->code, e) < 0 ||
	    nj_get_str(o, path, "name", ONE, 0, &h->name, e) < 0 ||
	    nj_get_num(o, path, "count", 0, &h->count, e) < 0 ||
	    real(o, path, "expected", &h->expected, e) < 0 ||
	    real(o, path, "score", &h->score, e) < 0 ||
	    nj_get_strv(o, path, "ticket_nos", &h->ticket_nos, &h->n_tickets,
			e) < 0)
		return -1;
	return 0;
}

static int
get_hotspots(const cJSON *root, const char *key, struct hotspot **out,
	     size_t *n, struct nj_err *e)
{
	void *p;
	int rc = get_list(root, key, sizeof **out, get_hotspot, &p, n, e);

	*out = p;
	return rc;
}

/* {"code","name","count"} */
static int
get_count(const cJSON *o, const char *path, void *elem, struct nj_err *e)
{
	struct stat_count *c = elem;

	if (need_object(o, path, e) < 0 ||
	    nj_get_str(o, path, "code", ONE, 0, &c->code, e) < 0 ||
	    nj_get_str(o, path, "name", ONE, 0, &c->name, e) < 0 ||
	    nj_get_num(o, path, "count", 0, &c->count, e) < 0)
		return -1;
	return 0;
}

static int
get_counts(const cJSON *root, const char *key, struct stat_count **out,
	   size_t *n, struct nj_err *e)
{
	void *p;
	int rc = get_list(root, key, sizeof **out, get_count, &p, n, e);

	*out = p;
	return rc;
}

/* {"code","name","overdue","open"} */
static int
get_unit_overdue(const cJSON *o, const char *path, void *elem,
		 struct nj_err *e)
{
	struct unit_overdue *u = elem;

	if (need_object(o, path, e) < 0 ||
	    nj_get_str(o, path, "code", ONE, 0, &u->code, e) < 0 ||
	    nj_get_str(o, path, "name", ONE, 0, &u->name, e) < 0 ||
	    nj_get_num(o, path, "overdue", 0, &u->overdue, e) < 0 ||
	    nj_get_num(o, path, "open", 0, &u->open, e) < 0)
		return -1;
	return 0;
}

static int
get_hours(const cJSON *root, const char *key, struct hour_row *rows,
	  struct nj_err *e)
{
	const cJSON *arr, *it;
	char path[48];
	size_t n, i = 0;
	long h;

	memset(rows, 0, 24 * sizeof *rows);
	if (array_of(root, "", key, &arr, &n, e) < 0)
		return -1;
	if (n > 24)
		return nj_fail(e, "", key, ": more than 24 hours");
	cJSON_ArrayForEach(it, arr)
	{
		struct hour_row r;

		snprintf(path, sizeof path, "%s[%zu]", key, i++);
		if (need_object(it, path, e) < 0 ||
		    nj_get_num(it, path, "hour", 1, &h, e) < 0 ||
		    nj_get_num(it, path, "offered", 0, &r.offered, e) < 0 ||
		    nj_get_num(it, path, "answered", 0, &r.answered, e) < 0 ||
		    nj_get_num(it, path, "abandoned", 0, &r.abandoned, e) <
			    0 ||
		    nj_get_num(it, path, "tickets", 0, &r.tickets, e) < 0)
			return -1;
		if (h > 23)
			return nj_fail(e, path, "hour", ": not in 0..23");
		rows[h] = r;
	}
	return 0;
}

/* ---- whole replies ------------------------------------------------------ */

enum status
api_stats_parse_live(const char *json, size_t len, struct stats_live *out,
		     char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	const cJSON *arr, *tk;
	void *p;
	size_t i;
	int rc = -1, r;

	memset(out, 0, sizeof *out);
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	if (nj_get_time(root, "", "as_of", &out->as_of, &e) < 0)
		goto done;
	r = get_list(root, "queues", sizeof *out->queues, get_queue, &p,
		     &out->n_queues, &e);
	out->queues = p;
	if (r < 0)
		goto done;
	out->have_agents = !nj_absent(nj_item(root, "agents"));
	r = get_list(root, "agents", sizeof *out->agents, get_agent, &p,
		     &out->n_agents, &e);
	out->agents = p;
	if (r < 0)
		goto done;
	if (get_kpi(root, "today", &out->today, &e) < 0 ||
	    get_kpi(root, "hour", &out->hour, &e) < 0)
		goto done;
	tk = nj_item(root, "tickets");
	if (!nj_absent(tk) &&
	    (need_object(tk, "tickets", &e) < 0 ||
	     nj_get_num(tk, "tickets", "overdue", 0, &out->tickets.overdue,
			&e) < 0 ||
	     nj_get_num(tk, "tickets", "due_soon", 0, &out->tickets.due_soon,
			&e) < 0 ||
	     nj_get_num(tk, "tickets", "returns_pending", 0,
			&out->tickets.returns_pending, &e) < 0 ||
	     nj_get_num(tk, "tickets", "extensions_pending", 0,
			&out->tickets.extensions_pending, &e) < 0 ||
	     nj_get_num(tk, "tickets", "supervised", 0,
			&out->tickets.supervised, &e) < 0 ||
	     nj_get_num(tk, "tickets", "supervised_overdue", 0,
			&out->tickets.supervised_overdue, &e) < 0))
		goto done;
	if (array_of(root, "", "broadcasts", &arr, &i, &e) < 0)
		goto done;
	if (arr && get_bcasts(arr, "broadcasts", &out->broadcasts, &e) < 0)
		goto done;
	rc = 0;
done:
	cJSON_Delete(root);
	if (rc < 0) {
		stats_live_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

enum status
api_stats_parse_daily(const char *json, size_t len, struct stats_daily *out,
		      char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	void *p;
	int rc = -1, r;

	memset(out, 0, sizeof *out);
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	if (nj_get_str(root, "", "date", ONE, 1, &out->date, &e) < 0 ||
	    get_kpi(root, "kpi", &out->kpi, &e) < 0 ||
	    get_hours(root, "hourly", out->hourly, &e) < 0 ||
	    get_hours(root, "last_week", out->last_week, &e) < 0 ||
	    get_counts(root, "by_category", &out->by_category,
		       &out->n_category, &e) < 0 ||
	    get_counts(root, "by_town", &out->by_town, &out->n_town, &e) < 0)
		goto done;
	r = get_list(root, "overdue_units", sizeof *out->overdue_units,
		     get_unit_overdue, &p, &out->n_overdue_units, &e);
	out->overdue_units = p;
	if (r < 0)
		goto done;
	if (get_hotspots(root, "hotspots", &out->hotspots, &out->n_hotspots,
			 &e) < 0)
		goto done;
	rc = 0;
done:
	cJSON_Delete(root);
	if (rc < 0) {
		stats_daily_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

enum status
api_stats_parse_hotspots(const char *json, size_t len,
			 struct stats_hotspots *out, char *why,
			 size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc = -1;

	memset(out, 0, sizeof *out);
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	if (nj_get_time(root, "", "as_of", &out->as_of, &e) < 0 ||
	    nj_get_num(root, "", "window_h", 0, &out->window_h, &e) < 0 ||
	    nj_get_num(root, "", "baseline_days", 0, &out->baseline_days,
		       &e) < 0 ||
	    nj_get_str(root, "", "rule", ONE, 0, &out->rule, &e) < 0 ||
	    get_hotspots(root, "items", &out->items, &out->n, &e) < 0)
		goto done;
	rc = 0;
done:
	cJSON_Delete(root);
	if (rc < 0) {
		stats_hotspots_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

enum status
api_stats_parse_bcasts(const char *json, size_t len, struct bcast_list *out,
		       char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	const cJSON *arr;
	int rc = -1;

	memset(out, 0, sizeof *out);
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 0, &e)))
		return ST_PARSE;
	arr = cJSON_IsArray(root) ? root : nj_item(root, "items");
	if (!cJSON_IsArray(arr)) {
		nj_fail(&e, "", "items", ": missing");
		goto done;
	}
	if (get_bcasts(arr, "items", out, &e) < 0)
		goto done;
	rc = 0;
done:
	cJSON_Delete(root);
	if (rc < 0) {
		bcast_list_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

enum status
api_stats_parse_bcast(const char *json, size_t len, struct bcast *out,
		      char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc;

	memset(out, 0, sizeof *out);
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	rc = get_bcast(root, "", out, &e);
	cJSON_Delete(root);
	if (rc < 0) {
		bcast_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

/* ---- bodies ------------------------------------------------------------ */

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

static int
state_ok(const char *s)
{
	return s && (strcmp(s, "READY") == 0 || strcmp(s, "NOT_READY") == 0 ||
		     strcmp(s, "OFFLINE") == 0);
}

char *
api_stats_state_body(const char *state, const char *reason, const char *note)
{
	cJSON *o;

	if (!state_ok(state) || !(o = cJSON_CreateObject()))
		return NULL;
	if (!cJSON_AddStringToObject(o, "state", state) ||
	    (reason && *reason &&
	     !cJSON_AddStringToObject(o, "reason", reason)) ||
	    !cJSON_AddStringToObject(o, "note", note ? note : "")) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_stats_note_body(const char *note)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (!cJSON_AddStringToObject(o, "note", note ? note : "")) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_stats_broadcast_body(const char *message, const char *desk)
{
	cJSON *o;
	size_t n;

	if (!message || !u8_valid(message, strlen(message)))
		return NULL;
	n = u8_count(message);
	if (n < 1 || n > 200 || !(o = cJSON_CreateObject()))
		return NULL;
	if (!cJSON_AddStringToObject(o, "message", message) ||
	    !(desk && *desk ? cJSON_AddStringToObject(o, "desk", desk)
			    : cJSON_AddNullToObject(o, "desk"))) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

/* ---- requests ---------------------------------------------------------- */

enum st_kind { SK_LIVE, SK_DAILY, SK_HOTSPOTS, SK_BCASTS, SK_BCAST, SK_DONE };

/* Freed by api.c when the request ends. */
struct st_ctx {
	enum st_kind kind;
	union {
		api_live_fn live;
		api_daily_fn daily;
		api_hotspots_fn hotspots;
		api_bcasts_fn bcasts;
		api_bcast_fn bcast;
		api_done_fn done;
	} cb;
	void *ud;
};

static void
st_finish(const struct api_result *r, const char *body, size_t len,
	  void *vctx)
{
	struct st_ctx *c = vctx;
	struct api_result res = *r;
	struct stats_live live;
	struct stats_daily daily;
	struct stats_hotspots hs;
	struct bcast_list bl;
	struct bcast b;
	char why[200], *msg = NULL;
	enum status st = ST_OK;
	int have;

	memset(&live, 0, sizeof live);
	memset(&daily, 0, sizeof daily);
	memset(&hs, 0, sizeof hs);
	memset(&bl, 0, sizeof bl);
	memset(&b, 0, sizeof b);
	why[0] = '\0';
	if (r->st == ST_OK) {
		switch (c->kind) {
		case SK_LIVE:
			st = api_stats_parse_live(body, len, &live, why,
						  sizeof why);
			break;
		case SK_DAILY:
			st = api_stats_parse_daily(body, len, &daily, why,
						   sizeof why);
			break;
		case SK_HOTSPOTS:
			st = api_stats_parse_hotspots(body, len, &hs, why,
						      sizeof why);
			break;
		case SK_BCASTS:
			st = api_stats_parse_bcasts(body, len, &bl, why,
						    sizeof why);
			break;
		case SK_BCAST:
			st = api_stats_parse_bcast(body, len, &b, why,
						   sizeof why);
			break;
		case SK_DONE:
			break;
		}
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	have = res.st == ST_OK;
	switch (c->kind) {
	case SK_LIVE:
		c->cb.live(&res, have ? &live : NULL, c->ud);
		break;
	case SK_DAILY:
		c->cb.daily(&res, have ? &daily : NULL, c->ud);
		break;
	case SK_HOTSPOTS:
		c->cb.hotspots(&res, have ? &hs : NULL, c->ud);
		break;
	case SK_BCASTS:
		c->cb.bcasts(&res, have ? &bl : NULL, c->ud);
		break;
	case SK_BCAST:
		c->cb.bcast(&res, have ? &b : NULL, c->ud);
		break;
	case SK_DONE:
		c->cb.done(&res, c->ud);
		break;
	}
	stats_live_free(&live);
	stats_daily_free(&daily);
	stats_hotspots_free(&hs);
	bcast_list_free(&bl);
	bcast_free(&b);
	free(msg);
}

static struct st_ctx *
ctx_new(enum st_kind kind, void *ud)
{
	struct st_ctx *c = xcalloc(1, sizeof *c);

	c->kind = kind;
	c->ud = ud;
	return c;
}

int
api_stats_live(struct api *a, api_live_fn cb, void *ud)
{
	struct st_ctx *c;

	if (!a || !cb)
		return -1;
	c = ctx_new(SK_LIVE, ud);
	c->cb.live = cb;
	return api_request_raw(a, "GET", "/v1/stats/live", NULL, NULL,
			       st_finish, c);
}

static int
date_ok(const char *d)
{
	int i;

	if (strlen(d) != 10)
		return 0;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (d[i] != '-')
				return 0;
		} else if (d[i] < '0' || d[i] > '9') {
			return 0;
		}
	}
	return 1;
}

int
api_stats_daily(struct api *a, const char *date, api_daily_fn cb, void *ud)
{
	struct st_ctx *c;
	char path[64];

	if (!a || !cb || (date && *date && !date_ok(date)))
		return -1;
	if (date && *date)
		snprintf(path, sizeof path, "/v1/stats/daily?date=%s", date);
	else
		snprintf(path, sizeof path, "/v1/stats/daily");
	c = ctx_new(SK_DAILY, ud);
	c->cb.daily = cb;
	return api_request_raw(a, "GET", path, NULL, NULL, st_finish, c);
}

int
api_stats_hotspots(struct api *a, int window_h, api_hotspots_fn cb, void *ud)
{
	struct st_ctx *c;
	char path[64];

	if (!a || !cb)
		return -1;
	if (window_h < 1)
		window_h = 1;
	if (window_h > 24)
		window_h = 24;
	snprintf(path, sizeof path, "/v1/stats/hotspots?window_h=%d",
		 window_h);
	c = ctx_new(SK_HOTSPOTS, ud);
	c->cb.hotspots = cb;
	return api_request_raw(a, "GET", path, NULL, NULL, st_finish, c);
}

/* ---- review lists ------------------------------------------------------ */

struct page_ctx {
	api_page_fn cb;
	void *ud;
};

static void
page_finish(const struct api_result *r, const char *body, size_t len,
	    void *vctx)
{
	struct page_ctx *c = vctx;
	struct api_result res = *r;
	struct ticket_page pg;
	char why[200], *msg = NULL;
	enum status st;

	memset(&pg, 0, sizeof pg);
	why[0] = '\0';
	if (r->st == ST_OK) {
		st = api_json_page(body, len, &pg, why, sizeof why);
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	c->cb(&res, res.st == ST_OK ? &pg : NULL, c->ud);
	ticket_page_free(&pg);
	free(msg);
}

int
api_tickets_flag(struct api *a, const char *flag, const char *cursor,
		 int limit, api_page_fn cb, void *ud)
{
	static const char *const flags[] = { "overdue", "due_soon",
					     "return_pending",
					     "extension_pending",
					     "supervised" };
	struct page_ctx *c;
	char *esc = NULL, *path;
	size_t i;
	int ok = 0, rc;

	for (i = 0; flag && i < sizeof flags / sizeof *flags; i++)
		ok |= strcmp(flag, flags[i]) == 0;
	if (!a || !cb || !ok)
		return -1;
	if (limit < 1)
		limit = 1;
	if (limit > 200)
		limit = 200;
	if (cursor && *cursor && !(esc = api_escape(cursor)))
		return -1;
	path = xasprintf("/v1/tickets?flag=%s&limit=%d%s%s", flag, limit,
			 esc ? "&cursor=" : "", esc ? esc : "");
	free(esc);
	c = xcalloc(1, sizeof *c);
	c->cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "GET", path, NULL, NULL, page_finish, c);
	free(path);
	return rc;
}

/* ---- actions ----------------------------------------------------------- */

/* A username safe in a path: 1..64 of A-Z a-z 0-9 . _ - */
static int
user_ok(const char *u)
{
	size_t n = 0;

	for (; u && *u; u++, n++)
		if (!((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		      (*u >= '0' && *u <= '9') || *u == '.' || *u == '_' ||
		      *u == '-'))
			return 0;
	return n > 0 && n <= 64;
}

static int
post_done(struct api *a, const char *method, const char *path, char *body,
	  api_done_fn cb, void *ud)
{
	struct st_ctx *c;
	int rc;

	if (!body)
		return -1;
	c = ctx_new(SK_DONE, ud);
	c->cb.done = cb;
	rc = api_request_raw(a, method, path, body, NULL, st_finish, c);
	free(body);
	return rc;
}

int
api_agent_set_state_of(struct api *a, const char *username,
		       const char *state, const char *reason,
		       const char *note, api_done_fn cb, void *ud)
{
	char path[128];

	if (!a || !cb || !user_ok(username) || !state_ok(state))
		return -1;
	snprintf(path, sizeof path, "/v1/agents/%s/state", username);
	return post_done(a, "PUT", path,
			 api_stats_state_body(state, reason, note), cb, ud);
}

int
api_agent_end_acw(struct api *a, const char *username, const char *note,
		  api_done_fn cb, void *ud)
{
	char path[128];

	if (!a || !cb || !user_ok(username))
		return -1;
	snprintf(path, sizeof path, "/v1/agents/%s/end-acw", username);
	return post_done(a, "POST", path, api_stats_note_body(note), cb, ud);
}

int
api_broadcast_send(struct api *a, const char *message, const char *desk,
		   api_bcast_fn cb, void *ud)
{
	struct st_ctx *c;
	char *body;
	int rc;

	if (!a || !cb || !(body = api_stats_broadcast_body(message, desk)))
		return -1;
	c = ctx_new(SK_BCAST, ud);
	c->cb.bcast = cb;
	rc = api_request_raw(a, "POST", "/v1/broadcasts", body, NULL,
			     st_finish, c);
	free(body);
	return rc;
}

int
api_broadcast_ack(struct api *a, long id, api_done_fn cb, void *ud)
{
	char path[64];

	if (!a || !cb || id <= 0)
		return -1;
	snprintf(path, sizeof path, "/v1/broadcasts/%ld/ack", id);
	return post_done(a, "POST", path, xstrdup("{}"), cb, ud);
}

int
api_broadcasts_active(struct api *a, api_bcasts_fn cb, void *ud)
{
	struct st_ctx *c;

	if (!a || !cb)
		return -1;
	c = ctx_new(SK_BCASTS, ud);
	c->cb.bcasts = cb;
	return api_request_raw(a, "GET", "/v1/broadcasts?active=1", NULL,
			       NULL, st_finish, c);
}
