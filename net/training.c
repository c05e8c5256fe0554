/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * training.c - training calls, facts and results (training.h), through
 * api.c's api_request_raw().
 */
#include "training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "../core/model.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "jsonget.h"
#include "parse_calls.h"

#define ONE_LINE SAN_FOLD_AMBIGUOUS

/* ---- bodies ------------------------------------------------------------- */

static char *
jprint(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);
	char *r = s ? xstrdup(s) : NULL;

	cJSON_free(s);
	cJSON_Delete(o);
	return r;
}

char *
api_training_call_body(const struct training_call_req *q, int fallback)
{
	cJSON *o = cJSON_CreateObject();
	const char *desk = q->desk && *q->desk ? q->desk : "GENERAL";

	if (fallback && q->fallback_desk && *q->fallback_desk)
		desk = q->fallback_desk;
	cJSON_AddStringToObject(o, "caller", q->caller ? q->caller : "");
	cJSON_AddStringToObject(o, "desk", desk);
	cJSON_AddStringToObject(o, "channel",
				q->channel && *q->channel ? q->channel
							  : "PHONE");
	if (q->ivr_intent && *q->ivr_intent) {
		cJSON *ivr = cJSON_AddObjectToObject(o, "ivr");

		cJSON_AddStringToObject(ivr, "intent", q->ivr_intent);
		cJSON_AddStringToObject(ivr, "transcript",
					q->ivr_text ? q->ivr_text : "");
	}
	if (!fallback) {
		if (q->agent && *q->agent)
			cJSON_AddStringToObject(o, "agent", q->agent);
		else
			cJSON_AddNullToObject(o, "agent");
		cJSON_AddStringToObject(o, "scenario",
					q->scenario ? q->scenario : "");
	}
	return jprint(o);
}

char *
api_training_result_body(const struct training_result *res)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	const struct grade_card *c = res->card;
	size_t i;

	cJSON_AddStringToObject(o, "scenario", res->scenario ? res->scenario
							      : "");
	cJSON_AddStringToObject(o, "title", res->title ? res->title : "");
	cJSON_AddStringToObject(o, "trainee", res->trainee ? res->trainee
							    : "");
	cJSON_AddStringToObject(o, "mode", res->mode ? res->mode : "practice");
	cJSON_AddNumberToObject(o, "score", c->score);
	cJSON_AddNumberToObject(o, "max_score", c->max);
	cJSON_AddBoolToObject(o, "passed", c->passed);
	cJSON_AddNumberToObject(o, "duration_s", (double)res->duration_s);
	cJSON_AddStringToObject(o, "started_at",
				res->started_at ? res->started_at : "");
	arr = cJSON_AddArrayToObject(o, "checks");
	for (i = 0; i < c->n && i < 100; i++) {
		cJSON *k = cJSON_CreateObject();

		cJSON_AddStringToObject(k, "name", c->checks[i].name);
		cJSON_AddNumberToObject(k, "weight", c->checks[i].weight);
		cJSON_AddBoolToObject(k, "passed", c->checks[i].passed);
		cJSON_AddStringToObject(k, "detail", c->checks[i].detail);
		cJSON_AddItemToArray(arr, k);
	}
	if (res->call_id > 0)
		cJSON_AddNumberToObject(o, "call_id", (double)res->call_id);
	else
		cJSON_AddNullToObject(o, "call_id");
	if (res->ticket_no && *res->ticket_no)
		cJSON_AddStringToObject(o, "ticket_no", res->ticket_no);
	else
		cJSON_AddNullToObject(o, "ticket_no");
	return jprint(o);
}

/* ---- facts -------------------------------------------------------------- */

static char *
value_text(const cJSON *v)
{
	struct buf b;
	const cJSON *it;

	if (cJSON_IsString(v))
		return nj_san(v->valuestring, ONE_LINE);
	if (cJSON_IsTrue(v))
		return xstrdup("yes");
	if (cJSON_IsFalse(v) || cJSON_IsNull(v))
		return xstrdup("");
	if (cJSON_IsNumber(v))
		return xasprintf("%.15g", v->valuedouble);
	if (cJSON_IsObject(v)) {
		it = cJSON_GetObjectItemCaseSensitive(v, "code");
		return cJSON_IsString(it) ? nj_san(it->valuestring, ONE_LINE)
					  : xstrdup("");
	}
	buf_init(&b, 0);
	cJSON_ArrayForEach(it, v)
	{
		char *t = value_text(it);

		if (*t)
			(void)buf_printf(&b, "%s%s", b.len ? "," : "", t);
		free(t);
	}
	return buf_steal(&b);
}

static int
kv_has(char **keys, size_t n, const char *k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], k))
			return 1;
	return 0;
}

static void
kv_add_object(const cJSON *o, char ***keys, char ***vals, size_t *n)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o)
	{
		if (!it->string || !strcmp(it->string, "extra") ||
		    !strcmp(it->string, "events") ||
		    kv_has(*keys, *n, it->string))
			continue;
		*keys = xrealloc(*keys, (*n + 1) * sizeof **keys);
		*vals = xrealloc(*vals, (*n + 1) * sizeof **vals);
		(*keys)[*n] = nj_san(it->string, ONE_LINE);
		(*vals)[*n] = value_text(it);
		(*n)++;
	}
}

/* What the intake form sends as a decision's comment is a form field the
 * ticket does not keep: the legal route told with not_accept (the intake
 * form's not_accepted_route), from the latest such event. */
static void
kv_add_decisions(const cJSON *events, char ***keys, char ***vals, size_t *n)
{
	const cJSON *ev, *a, *c;
	const char *route = NULL;

	if (!cJSON_IsArray(events) || kv_has(*keys, *n, "not_accepted_route"))
		return;
	cJSON_ArrayForEach(ev, events)
	{
		a = cJSON_GetObjectItemCaseSensitive(ev, "action");
		c = cJSON_GetObjectItemCaseSensitive(ev, "comment");
		if (cJSON_IsString(a) && !strcmp(a->valuestring, "not_accept") &&
		    cJSON_IsString(c) && *c->valuestring)
			route = c->valuestring;
	}
	if (!route)
		return;
	*keys = xrealloc(*keys, (*n + 1) * sizeof **keys);
	*vals = xrealloc(*vals, (*n + 1) * sizeof **vals);
	(*keys)[*n] = xstrdup("not_accepted_route");
	(*vals)[*n] = nj_san(route, ONE_LINE);
	(*n)++;
}

enum status
api_training_parse_facts(const char *json, size_t len, char ***keys,
			 char ***vals, size_t *n)
{
	struct nj_err e;
	char why[128];
	cJSON *root;
	const cJSON *extra;

	*keys = NULL;
	*vals = NULL;
	*n = 0;
	nj_init(&e, why, sizeof why);
	root = nj_parse(json, len, 1, &e);
	if (!root)
		return ST_PARSE;
	kv_add_object(root, keys, vals, n);
	extra = nj_item(root, "extra");
	if (cJSON_IsObject(extra))
		kv_add_object(extra, keys, vals, n);
	kv_add_decisions(nj_item(root, "events"), keys, vals, n);
	cJSON_Delete(root);
	return ST_OK;
}

void
api_training_kv_free(char **keys, char **vals, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(keys[i]);
		free(vals[i]);
	}
	free(keys);
	free(vals);
}

/* ---- requests ----------------------------------------------------------- */

/* One allocation (api.c frees a request's ctx with free()): for a call,
 * the fallback body follows the struct. */
struct tr_ctx {
	struct api *a;
	int fallback;
	size_t size; /* of the whole allocation */
	api_training_call_fn call_cb;
	api_kv_fn kv_cb;
	api_ids_fn ids_cb;
	api_done_fn done_cb;
	void *ud;
	char fallback_body[];
};

static void
call_finish(const struct api_result *r, const char *body, size_t len,
	    void *vctx)
{
	struct tr_ctx *c = vctx;
	struct api_result res = *r;
	struct call call;
	char why[200], *msg = NULL;
	enum status st;

	memset(&call, 0, sizeof call);
	if (r->http_status == 404 && !c->fallback) {
		struct tr_ctx *c2 = xmalloc(c->size);

		memcpy(c2, c, c->size);
		c2->fallback = 1;
		if (api_request_raw(c->a, "POST", "/v1/calls",
				    c2->fallback_body, NULL, call_finish,
				    c2) == 0)
			return;
	}
	if (r->st == ST_OK) {
		st = api_jc_call(body, len, &call, why, sizeof why);
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	c->call_cb(&res, res.st == ST_OK ? &call : NULL, c->fallback, c->ud);
	call_free(&call);
	free(msg);
}

int
api_training_call(struct api *a, const struct training_call_req *q,
		  api_training_call_fn cb, void *ud)
{
	struct tr_ctx *c;
	char *body, *fb;
	size_t n;
	int rc;

	if (!a || !q || !q->caller || !cb)
		return -1;
	body = api_training_call_body(q, 0);
	fb = api_training_call_body(q, 1);
	n = strlen(fb) + 1;
	c = xcalloc(1, sizeof *c + n);
	c->a = a;
	c->size = sizeof *c + n;
	c->call_cb = cb;
	c->ud = ud;
	memcpy(c->fallback_body, fb, n);
	free(fb);
	rc = api_request_raw(a, "POST", "/v1/training/calls", body, NULL,
			     call_finish, c);
	free(body);
	return rc;
}

static void
kv_finish(const struct api_result *r, const char *body, size_t len,
	  void *vctx)
{
	struct tr_ctx *c = vctx;
	struct api_result res = *r;
	char **keys = NULL, **vals = NULL, *msg = NULL;
	size_t n = 0;

	if (r->st == ST_OK &&
	    api_training_parse_facts(body, len, &keys, &vals, &n) != ST_OK)
		msg = api_result_bad_body(&res, ST_PARSE, "TICKET");
	c->kv_cb(&res, keys, vals, n, c->ud);
	api_training_kv_free(keys, vals, n);
	free(msg);
}

int
api_training_ticket_facts(struct api *a, const char *ticket_no, api_kv_fn cb,
			  void *ud)
{
	struct tr_ctx *c;
	char *esc, *path;
	int rc;

	if (!a || !cb || !ticket_no || !*ticket_no ||
	    !(esc = api_escape(ticket_no)))
		return -1;
	path = xasprintf("/v1/tickets/%s", esc);
	free(esc);
	c = xcalloc(1, sizeof *c);
	c->kv_cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "GET", path, NULL, NULL, kv_finish, c);
	free(path);
	return rc;
}

static void
ids_finish(const struct api_result *r, const char *body, size_t len,
	   void *vctx)
{
	struct tr_ctx *c = vctx;
	struct api_result res = *r;
	struct nj_err e;
	char why[128], *msg = NULL;
	long *ids = NULL;
	size_t n = 0;
	cJSON *root = NULL;
	const cJSON *items, *it;

	if (r->st == ST_OK) {
		nj_init(&e, why, sizeof why);
		root = nj_parse(body, len, 1, &e);
		items = root ? nj_item(root, "items") : NULL;
		if (!cJSON_IsArray(items)) {
			msg = api_result_bad_body(&res, ST_PARSE, "items");
		} else {
			cJSON_ArrayForEach(it, items)
			{
				const cJSON *id = nj_item(it, "article_id");

				if (!cJSON_IsNumber(id))
					continue;
				ids = xrealloc(ids, (n + 1) * sizeof *ids);
				ids[n++] = (long)id->valuedouble;
			}
		}
	}
	c->ids_cb(&res, ids, n, c->ud);
	cJSON_Delete(root);
	free(ids);
	free(msg);
}

int
api_training_kb_uses(struct api *a, const char *ticket_no, api_ids_fn cb,
		     void *ud)
{
	struct tr_ctx *c;
	char *esc, *path;
	int rc;

	if (!a || !cb || !ticket_no || !*ticket_no ||
	    !(esc = api_escape(ticket_no)))
		return -1;
	path = xasprintf("/v1/kb/uses?ticket_no=%s", esc);
	free(esc);
	c = xcalloc(1, sizeof *c);
	c->ids_cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "GET", path, NULL, NULL, ids_finish, c);
	free(path);
	return rc;
}

static void
done_finish(const struct api_result *r, const char *body, size_t len,
	    void *vctx)
{
	struct tr_ctx *c = vctx;

	(void)body;
	(void)len;
	c->done_cb(r, c->ud);
}

int
api_training_result(struct api *a, const struct training_result *res,
		    api_done_fn cb, void *ud)
{
	struct tr_ctx *c;
	char *body;
	int rc;

	if (!a || !res || !res->card || !cb)
		return -1;
	body = api_training_result_body(res);
	c = xcalloc(1, sizeof *c);
	c->done_cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "POST", "/v1/training/results", body, NULL,
			     done_finish, c);
	free(body);
	return rc;
}

/* ---- the caller's history in the training space (scenario 08) --------- */

static int
digits_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;

	if (n < 3 || n > 20)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

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
	struct ticket_page page;
	char *msg = NULL;
	enum status st;

	memset(&page, 0, sizeof page);
	if (r->st == ST_OK) {
		st = api_parse_page(body, len, &page);
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, "ticket page");
	}
	c->cb(&res, res.st == ST_OK ? &page : NULL, c->ud);
	ticket_page_free(&page);
	free(msg);
}

int
api_training_tickets_by_phone(struct api *a, const char *phone,
			      api_page_fn cb, void *ud)
{
	struct page_ctx *c;
	char path[128];

	if (!a || !cb || !digits_ok(phone))
		return -1;
	snprintf(path, sizeof path,
		 "/v1/tickets?phone=%s&limit=50&training=1", phone);
	c = xcalloc(1, sizeof *c);
	c->cb = cb;
	c->ud = ud;
	return api_request_raw(a, "GET", path, NULL, NULL, page_finish, c);
}

char *
api_training_ticket_body(const struct training_ticket_req *q)
{
	cJSON *o = cJSON_CreateObject();
	char id[24];

	snprintf(id, sizeof id, "%ld", q->call_id);
	cJSON_AddStringToObject(o, "call_id", id);
	cJSON_AddStringToObject(o, "caller_phone", q->caller);
	cJSON_AddStringToObject(o, "channel", "PHONE");
	cJSON_AddStringToObject(o, "appeal_type", q->appeal_type);
	cJSON_AddStringToObject(o, "category_code", q->category_code);
	if (q->town_code && *q->town_code)
		cJSON_AddStringToObject(o, "town_code", q->town_code);
	cJSON_AddStringToObject(o, "title", q->title);
	cJSON_AddStringToObject(o, "content", q->title);
	if (q->n_extra) {
		cJSON *x = cJSON_AddObjectToObject(o, "extra");
		size_t i;

		for (i = 0; i < q->n_extra; i++)
			cJSON_AddStringToObject(x, q->extra_code[i],
						q->extra_value[i]);
	}
	return jprint(o);
}

struct hist_ctx {
	struct api *a;
	api_ticket_fn cb;
	void *ud;
};

static void
hist_reply(const struct api_result *r, const char *body, size_t len,
	   struct hist_ctx *c, struct ticket *tk, char **msg)
{
	struct api_result res = *r;

	memset(tk, 0, sizeof *tk);
	*msg = NULL;
	if (r->st == ST_OK && api_parse_ticket(body, len, tk) != ST_OK)
		*msg = api_result_bad_body(&res, ST_PARSE, "TICKET");
	if (res.st != ST_OK)
		c->cb(&res, NULL, c->ud);
}

static void
hist_transferred(const struct api_result *r, const char *body, size_t len,
		 void *vctx)
{
	struct hist_ctx *c = vctx;
	struct ticket tk;
	char *msg;

	hist_reply(r, body, len, c, &tk, &msg);
	if (r->st == ST_OK && !msg)
		c->cb(r, &tk, c->ud);
	ticket_free(&tk);
	free(msg);
}

static void
hist_created(const struct api_result *r, const char *body, size_t len,
	     void *vctx)
{
	struct hist_ctx *c = vctx, *c2;
	struct ticket tk;
	char *msg, path[160];

	hist_reply(r, body, len, c, &tk, &msg);
	if (r->st == ST_OK && !msg) {
		c2 = xmalloc(sizeof *c2);
		*c2 = *c;
		snprintf(path, sizeof path, "/v1/tickets/%s/actions/transfer",
			 tk.ticket_no ? tk.ticket_no : "");
		if (!tk.ticket_no || !tk_no_valid(tk.ticket_no) ||
		    api_request_raw(c->a, "POST", path, "{}",
				    "If-Match: \"1\"", hist_transferred,
				    c2) != 0) {
			struct api_result res = *r;

			res.st = ST_INVALID;
			res.message = "transfer: not started";
			c->cb(&res, NULL, c->ud);
		}
	}
	ticket_free(&tk);
	free(msg);
}

int
api_training_history_ticket(struct api *a,
			    const struct training_ticket_req *q,
			    api_ticket_fn cb, void *ud)
{
	struct hist_ctx *c;
	char *body;
	int rc;

	if (!a || !q || !cb || q->call_id <= 0 || !digits_ok(q->caller) ||
	    !q->appeal_type || !q->category_code || !q->title || !*q->title)
		return -1;
	body = api_training_ticket_body(q);
	if (!body)
		return -1;
	c = xcalloc(1, sizeof *c);
	c->a = a;
	c->cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "POST", "/v1/tickets", body, NULL,
			     hist_created, c);
	free(body);
	return rc;
}
