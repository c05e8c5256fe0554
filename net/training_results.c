/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * training_results.c - the training results of training_results.h and
 * their JSON mapping.
 *
 * Requests go through api.c's api_request_raw(); 2xx bodies are parsed
 * here with jsonget.h's nj_* readers: a wrong JSON type fails the whole
 * reply with a "path.key: why" reason, missing or null optional members
 * become "" or 0, and every string is sanitized to one line.
 */
#include "training_results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "jsonget.h"
#include "parse_calls.h"

#define ONE SAN_FOLD_AMBIGUOUS
#define MAX_CHECKS 1000
#define MAX_ITEMS 100000

/* ---- model ------------------------------------------------------------- */

void
tres_free(struct tres *t)
{
	size_t i;

	if (!t)
		return;
	free(t->scenario);
	free(t->title);
	free(t->trainee);
	free(t->mode);
	free(t->started_at);
	free(t->created_at);
	free(t->recorded_by);
	free(t->ticket_no);
	for (i = 0; t->checks && i < t->n_checks; i++) {
		free(t->checks[i].name);
		free(t->checks[i].detail);
	}
	free(t->checks);
	memset(t, 0, sizeof *t);
}

void
tres_page_free(struct tres_page *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; p->items && i < p->n; i++)
		tres_free(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	memset(p, 0, sizeof *p);
}

static char *
dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

void
tres_copy(struct tres *dst, const struct tres *src)
{
	size_t i;

	*dst = *src;
	dst->scenario = dup0(src->scenario);
	dst->title = dup0(src->title);
	dst->trainee = dup0(src->trainee);
	dst->mode = dup0(src->mode);
	dst->started_at = dup0(src->started_at);
	dst->created_at = dup0(src->created_at);
	dst->recorded_by = dup0(src->recorded_by);
	dst->ticket_no = dup0(src->ticket_no);
	dst->checks = src->n_checks
			      ? xcalloc(src->n_checks, sizeof *dst->checks)
			      : NULL;
	for (i = 0; i < src->n_checks; i++) {
		dst->checks[i] = src->checks[i];
		dst->checks[i].name = dup0(src->checks[i].name);
		dst->checks[i].detail = dup0(src->checks[i].detail);
	}
}

int
tres_percent(const struct tres *t)
{
	if (t->max_score <= 0)
		return 100;
	if (t->score >= t->max_score)
		return 100;
	return (int)((t->score * 100) / t->max_score);
}

/* ---- JSON -------------------------------------------------------------- */

static int
get_check(const cJSON *o, const char *path, struct tres_check *c,
	  struct nj_err *e)
{
	if (!cJSON_IsObject(o))
		return nj_fail(e, "", path, ": not an object");
	if (nj_get_str(o, path, "name", ONE, 0, &c->name, e) < 0 ||
	    nj_get_num(o, path, "weight", 0, &c->weight, e) < 0 ||
	    nj_get_bool(o, path, "passed", &c->passed, e) < 0 ||
	    nj_get_str(o, path, "detail", ONE, 0, &c->detail, e) < 0)
		return -1;
	return 0;
}

static int
get_result(const cJSON *o, const char *path, struct tres *t,
	   struct nj_err *e)
{
	const cJSON *arr, *it;
	char p2[96];
	size_t i = 0;

	memset(t, 0, sizeof *t);
	if (!cJSON_IsObject(o))
		return nj_fail(e, "", path, ": not an object");
	if (nj_get_num(o, path, "id", 1, &t->id, e) < 0 ||
	    nj_get_str(o, path, "scenario", ONE, 0, &t->scenario, e) < 0 ||
	    nj_get_str(o, path, "title", ONE, 0, &t->title, e) < 0 ||
	    nj_get_str(o, path, "trainee", ONE, 0, &t->trainee, e) < 0 ||
	    nj_get_str(o, path, "mode", ONE, 0, &t->mode, e) < 0 ||
	    nj_get_num(o, path, "score", 0, &t->score, e) < 0 ||
	    nj_get_num(o, path, "max_score", 0, &t->max_score, e) < 0 ||
	    nj_get_bool(o, path, "passed", &t->passed, e) < 0 ||
	    nj_get_num(o, path, "duration_s", 0, &t->duration_s, e) < 0 ||
	    nj_get_str(o, path, "started_at", ONE, 0, &t->started_at, e) < 0 ||
	    nj_get_str(o, path, "created_at", ONE, 0, &t->created_at, e) < 0 ||
	    nj_get_str(o, path, "recorded_by", ONE, 0, &t->recorded_by, e) <
		    0 ||
	    nj_get_num(o, path, "call_id", 0, &t->call_id, e) < 0 ||
	    nj_get_str(o, path, "ticket_no", ONE, 0, &t->ticket_no, e) < 0)
		return -1;
	if (t->id <= 0)
		return nj_fail(e, path, "id", ": not positive");
	arr = nj_item(o, "checks");
	if (nj_absent(arr))
		return 0;
	if (!cJSON_IsArray(arr))
		return nj_fail(e, path, "checks", ": not an array");
	t->n_checks = (size_t)cJSON_GetArraySize(arr);
	if (t->n_checks > MAX_CHECKS) {
		t->n_checks = 0;
		return nj_fail(e, path, "checks", ": too many entries");
	}
	t->checks = t->n_checks ? xcalloc(t->n_checks, sizeof *t->checks)
				: NULL;
	cJSON_ArrayForEach(it, arr)
	{
		snprintf(p2, sizeof p2, "%s%schecks[%zu]", path,
			 *path ? "." : "", i);
		if (get_check(it, p2, &t->checks[i], e) < 0)
			return -1;
		i++;
	}
	return 0;
}

enum status
api_tres_parse(const char *json, size_t len, struct tres *out, char *why,
	       size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc;

	memset(out, 0, sizeof *out);
	nj_init(&e, why, why_cap);
	root = nj_parse(json, len, 1, &e);
	if (!root)
		return ST_PARSE;
	rc = get_result(root, "", out, &e);
	cJSON_Delete(root);
	if (rc < 0) {
		tres_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

enum status
api_tres_parse_page(const char *json, size_t len, struct tres_page *out,
		    char *why, size_t why_cap)
{
	struct nj_err e;
	const cJSON *arr, *it;
	cJSON *root;
	char path[48];
	size_t i = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	nj_init(&e, why, why_cap);
	root = nj_parse(json, len, 1, &e);
	if (!root)
		return ST_PARSE;
	arr = nj_item(root, "items");
	if (nj_absent(arr) || !cJSON_IsArray(arr)) {
		rc = nj_fail(&e, "", "items",
			     nj_absent(arr) ? ": missing" : ": not an array");
		goto out;
	}
	if (nj_get_str(root, "", "next_cursor", ONE, 0, &out->next_cursor,
		       &e) < 0) {
		rc = -1;
		goto out;
	}
	out->n = (size_t)cJSON_GetArraySize(arr);
	if (out->n > MAX_ITEMS) {
		out->n = 0;
		rc = nj_fail(&e, "", "items", ": too many entries");
		goto out;
	}
	out->items = out->n ? xcalloc(out->n, sizeof *out->items) : NULL;
	cJSON_ArrayForEach(it, arr)
	{
		snprintf(path, sizeof path, "items[%zu]", i);
		if (get_result(it, path, &out->items[i], &e) < 0) {
			rc = -1;
			break;
		}
		i++;
	}
out:
	cJSON_Delete(root);
	if (rc < 0) {
		tres_page_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

/* ---- requests ---------------------------------------------------------- */

struct tres_ctx {
	api_tres_page_fn page_cb;
	api_tres_fn one_cb;
	void *ud;
};

static void
list_finish(const struct api_result *r, const char *body, size_t len,
	    void *vctx)
{
	struct tres_ctx *c = vctx;
	struct api_result res = *r;
	struct tres_page pg;
	char why[200], *msg = NULL;
	enum status st;

	memset(&pg, 0, sizeof pg);
	why[0] = '\0';
	if (r->st == ST_OK) {
		st = api_tres_parse_page(body, len, &pg, why, sizeof why);
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	c->page_cb(&res, res.st == ST_OK ? &pg : NULL, c->ud);
	tres_page_free(&pg);
	free(msg);
}

static void
one_finish(const struct api_result *r, const char *body, size_t len,
	   void *vctx)
{
	struct tres_ctx *c = vctx;
	struct api_result res = *r;
	struct tres t;
	char why[200], *msg = NULL;
	enum status st;

	memset(&t, 0, sizeof t);
	why[0] = '\0';
	if (r->st == ST_OK) {
		st = api_tres_parse(body, len, &t, why, sizeof why);
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	c->one_cb(&res, res.st == ST_OK ? &t : NULL, c->ud);
	tres_free(&t);
	free(msg);
}

/* Append "&key=escaped" to b (a malloc'd string, replaced); -1 on an
 * escape failure. */
static int
add_param(char **b, const char *key, const char *val)
{
	char *esc, *n;

	if (!val || !*val)
		return 0;
	esc = api_escape(val);
	if (!esc)
		return -1;
	n = xasprintf("%s&%s=%s", *b, key, esc);
	free(esc);
	free(*b);
	*b = n;
	return 0;
}

char *
api_tres_list_path(const char *trainee, const char *scenario,
		   const char *cursor, int limit)
{
	char *p;

	if (limit < 1)
		limit = 1;
	if (limit > 200)
		limit = 200;
	p = xasprintf("/v1/training/results?limit=%d", limit);
	if (add_param(&p, "trainee", trainee) < 0 ||
	    add_param(&p, "scenario", scenario) < 0 ||
	    add_param(&p, "cursor", cursor) < 0) {
		free(p);
		return NULL;
	}
	return p;
}

int
api_tres_list(struct api *a, const char *trainee, const char *scenario,
	      const char *cursor, int limit, api_tres_page_fn cb, void *ud)
{
	struct tres_ctx *c;
	char *path;
	int rc;

	if (!a || !cb)
		return -1;
	path = api_tres_list_path(trainee, scenario, cursor, limit);
	if (!path)
		return -1;
	c = xcalloc(1, sizeof *c);
	c->page_cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "GET", path, NULL, NULL, list_finish, c);
	free(path);
	return rc;
}

int
api_tres_get(struct api *a, long id, api_tres_fn cb, void *ud)
{
	struct tres_ctx *c;
	char path[64];

	if (!a || !cb || id <= 0)
		return -1;
	snprintf(path, sizeof path, "/v1/training/results/%ld", id);
	c = xcalloc(1, sizeof *c);
	c->one_cb = cb;
	c->ud = ud;
	return api_request_raw(a, "GET", path, NULL, NULL, one_finish, c);
}
