/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb.c - knowledge-base and SMS requests of kb.h and their JSON mapping.
 *
 * Requests go through api.c's api_request_raw(); the 2xx body is parsed
 * here (cJSON through jsonget.h) into core/kbmodel.h structs.  Match
 * offsets from the server are untrusted: kb_mark_sanitize() clips them
 * and recomputes them in the sanitized text.
 */
#include "kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "jsonget.h"
#include "parse_calls.h"

#define ONE_LINE SAN_FOLD_AMBIGUOUS
#define MULTI_LINE (SAN_KEEP_NEWLINE | SAN_FOLD_AMBIGUOUS)
#define KB_MAX_RANGES 64

/* ---- JSON mapping ------------------------------------------------------ */

/* Raw (unsanitized) string member, "" when missing/null; -1 on a wrong
 * type. */
static int
raw_str(const cJSON *o, const char *path, const char *key, const char **out,
	struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);

	*out = "";
	if (nj_absent(it))
		return 0;
	if (!cJSON_IsString(it) || !it->valuestring)
		return nj_fail(e, path, key, ": not a string");
	*out = it->valuestring;
	return 0;
}

/* [[start,len],...] → ranges (bad pairs skipped; a non-array is an
 * error). */
static int
get_ranges(const cJSON *o, const char *path, const char *key,
	   struct kb_range *r, size_t *n, struct nj_err *e)
{
	const cJSON *arr = nj_item(o, key), *p;

	*n = 0;
	if (nj_absent(arr))
		return 0;
	if (!cJSON_IsArray(arr))
		return nj_fail(e, path, key, ": not an array");
	cJSON_ArrayForEach(p, arr)
	{
		const cJSON *s, *l;

		if (*n >= KB_MAX_RANGES)
			break;
		if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) != 2)
			continue;
		s = cJSON_GetArrayItem(p, 0);
		l = cJSON_GetArrayItem(p, 1);
		if (!cJSON_IsNumber(s) || !cJSON_IsNumber(l) ||
		    s->valuedouble < 0 || l->valuedouble <= 0 ||
		    s->valuedouble > 1e9 || l->valuedouble > 1e9)
			continue;
		r[*n].start = (size_t)s->valuedouble;
		r[*n].len = (size_t)l->valuedouble;
		(*n)++;
	}
	return 0;
}

static int
get_hit(const cJSON *o, const char *path, struct kb_hit *h, struct nj_err *e)
{
	struct kb_range r[KB_MAX_RANGES];
	const char *raw;
	size_t n;

	if (!cJSON_IsObject(o))
		return nj_fail(e, path, "", ": not an object");
	if (nj_get_num(o, path, "id", 1, &h->id, e) < 0)
		return -1;
	if (raw_str(o, path, "title", &raw, e) < 0 ||
	    get_ranges(o, path, "title_matches", r, &n, e) < 0)
		return -1;
	kb_mark_sanitize(raw, strlen(raw), ONE_LINE, r, n, &h->title,
			 &h->title_m, &h->n_title_m);
	if (raw_str(o, path, "snippet", &raw, e) < 0 ||
	    get_ranges(o, path, "snippet_matches", r, &n, e) < 0)
		return -1;
	kb_mark_sanitize(raw, strlen(raw), ONE_LINE, r, n, &h->snippet,
			 &h->snippet_m, &h->n_snippet_m);
	return 0;
}

enum status
api_kb_parse_hits(const char *json, size_t len, struct kb_hits *out,
		  char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	const cJSON *items, *it;
	char path[32];
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	items = nj_item(root, "items");
	if (!cJSON_IsArray(items)) {
		nj_fail(&e, "", "items", ": missing");
		cJSON_Delete(root);
		return ST_PARSE;
	}
	out->n = (size_t)cJSON_GetArraySize(items);
	out->items = out->n ? xcalloc(out->n, sizeof(*out->items)) : NULL;
	cJSON_ArrayForEach(it, items)
	{
		snprintf(path, sizeof(path), "items[%zu]", i);
		if (get_hit(it, path, &out->items[i], &e) < 0) {
			cJSON_Delete(root);
			kb_hits_free(out);
			return ST_PARSE;
		}
		i++;
	}
	cJSON_Delete(root);
	return ST_OK;
}

/* "keywords": [..] → "a,b,c" (missing: ""). */
static int
join_keywords(const cJSON *root, char **out, struct nj_err *e)
{
	char **v = NULL, *s, *t;
	size_t n = 0, i;
	int rc;

	rc = nj_get_strv(root, "", "keywords", &v, &n, e);
	s = xstrdup("");
	for (i = 0; i < n; i++) {
		if (rc == 0) {
			t = xasprintf("%s%s%s", s, i ? "," : "", v[i]);
			free(s);
			s = t;
		}
		free(v[i]);
	}
	free(v);
	*out = s;
	return rc;
}

enum status
api_kb_parse_article(const char *json, size_t len, struct kb_article *out,
		     char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;

	memset(out, 0, sizeof(*out));
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	if (nj_get_num(root, "", "id", 1, &out->id, &e) < 0 ||
	    nj_get_str(root, "", "title", ONE_LINE, 0, &out->title, &e) < 0 ||
	    nj_get_str(root, "", "answer", MULTI_LINE, 0, &out->answer, &e) <
		    0 ||
	    nj_get_str(root, "", "sms_guide", MULTI_LINE, 0, &out->sms_guide,
		       &e) < 0 ||
	    nj_get_str(root, "", "question", MULTI_LINE, 0, &out->question,
		       &e) < 0 ||
	    nj_get_str(root, "", "status", ONE_LINE, 0, &out->status, &e) <
		    0 ||
	    nj_get_num(root, "", "version", 0, &out->version, &e) < 0 ||
	    nj_get_str(root, "", "category_code", ONE_LINE, 0,
		       &out->category, &e) < 0 ||
	    join_keywords(root, &out->keywords, &e) < 0) {
		cJSON_Delete(root);
		kb_article_free(out);
		return ST_PARSE;
	}
	cJSON_Delete(root);
	return ST_OK;
}

enum status
api_kb_parse_sms(const char *json, size_t len, struct kb_sms *out, char *why,
		 size_t why_cap)
{
	struct nj_err e;
	cJSON *root;

	memset(out, 0, sizeof(*out));
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	if (nj_get_num(root, "", "id", 1, &out->id, &e) < 0 ||
	    nj_get_str(root, "", "phone", ONE_LINE, 0, &out->phone, &e) < 0 ||
	    nj_get_str(root, "", "state", ONE_LINE, 1, &out->state, &e) < 0) {
		cJSON_Delete(root);
		kb_sms_free(out);
		return ST_PARSE;
	}
	cJSON_Delete(root);
	return ST_OK;
}

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

char *
api_kb_use_body(const char *ticket_no)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (ticket_no && *ticket_no &&
	    !cJSON_AddStringToObject(o, "ticket_no", ticket_no)) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

char *
api_kb_sms_body(const char *phone, long article_id, const char *ticket_no,
		long call_id)
{
	cJSON *o;
	char num[24];

	if (!phone || !*phone || article_id <= 0 ||
	    !(o = cJSON_CreateObject()))
		return NULL;
	snprintf(num, sizeof(num), "%ld", call_id);
	if (!cJSON_AddStringToObject(o, "phone", phone) ||
	    !cJSON_AddNumberToObject(o, "article_id", (double)article_id) ||
	    (ticket_no && *ticket_no &&
	     !cJSON_AddStringToObject(o, "ticket_no", ticket_no)) ||
	    (call_id > 0 && !cJSON_AddStringToObject(o, "call_id", num))) {
		cJSON_Delete(o);
		return NULL;
	}
	return jprint(o);
}

/* ---- requests ---------------------------------------------------------- */

enum kb_kind { KK_HITS, KK_ARTICLE, KK_SMS, KK_DONE };

/* Freed by api.c when the request ends. */
struct kb_ctx {
	enum kb_kind kind;
	union {
		api_kb_hits_fn hits;
		api_kb_article_fn article;
		api_kb_sms_fn sms;
		api_done_fn done;
	} cb;
	void *ud;
};

static void
kb_finish(const struct api_result *r, const char *body, size_t len,
	  void *vctx)
{
	struct kb_ctx *c = vctx;
	struct kb_hits hits;
	struct kb_article art;
	struct kb_sms sms;
	struct api_result res = *r;
	char why[200];
	char *msg = NULL;
	enum status st = ST_OK;
	int have;

	memset(&hits, 0, sizeof(hits));
	memset(&art, 0, sizeof(art));
	memset(&sms, 0, sizeof(sms));
	why[0] = '\0';
	if (r->st == ST_OK) {
		if (c->kind == KK_HITS)
			st = api_kb_parse_hits(body, len, &hits, why,
					       sizeof(why));
		else if (c->kind == KK_ARTICLE)
			st = api_kb_parse_article(body, len, &art, why,
						  sizeof(why));
		else if (c->kind == KK_SMS)
			st = api_kb_parse_sms(body, len, &sms, why,
					      sizeof(why));
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	have = res.st == ST_OK;
	switch (c->kind) {
	case KK_HITS:
		c->cb.hits(&res, have ? &hits : NULL, c->ud);
		break;
	case KK_ARTICLE:
		c->cb.article(&res, have ? &art : NULL, c->ud);
		break;
	case KK_SMS:
		c->cb.sms(&res, have ? &sms : NULL, c->ud);
		break;
	case KK_DONE:
		c->cb.done(&res, c->ud);
		break;
	}
	kb_hits_free(&hits);
	kb_article_free(&art);
	kb_sms_free(&sms);
	free(msg);
}

static struct kb_ctx *
ctx_new(enum kb_kind kind, void *ud)
{
	struct kb_ctx *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	c->ud = ud;
	return c;
}

int
api_kb_search(struct api *a, const char *q, int limit, api_kb_hits_fn cb,
	      void *ud)
{
	struct kb_ctx *c;
	char *esc, *path;
	int rc;

	if (!a || !cb || !q)
		return -1;
	if (limit < 1)
		limit = 1;
	if (limit > 50)
		limit = 50;
	if (!(esc = api_escape(q)))
		return -1;
	path = xasprintf("/v1/kb/search?q=%s&limit=%d", esc, limit);
	free(esc);
	c = ctx_new(KK_HITS, ud);
	c->cb.hits = cb;
	rc = api_request_raw(a, "GET", path, NULL, NULL, kb_finish, c);
	free(path);
	return rc;
}

int
api_kb_article(struct api *a, long id, api_kb_article_fn cb, void *ud)
{
	struct kb_ctx *c;
	char path[64];

	if (!a || !cb || id <= 0)
		return -1;
	snprintf(path, sizeof(path), "/v1/kb/articles/%ld", id);
	c = ctx_new(KK_ARTICLE, ud);
	c->cb.article = cb;
	return api_request_raw(a, "GET", path, NULL, NULL, kb_finish, c);
}

int
api_kb_use(struct api *a, long id, const char *ticket_no, api_done_fn cb,
	   void *ud)
{
	struct kb_ctx *c;
	char path[64], *body;
	int rc;

	if (!a || !cb || id <= 0 || !(body = api_kb_use_body(ticket_no)))
		return -1;
	snprintf(path, sizeof(path), "/v1/kb/articles/%ld/use", id);
	c = ctx_new(KK_DONE, ud);
	c->cb.done = cb;
	rc = api_request_raw(a, "POST", path, body, NULL, kb_finish, c);
	free(body);
	return rc;
}

int
api_sms_send(struct api *a, const char *phone, long article_id,
	     const char *ticket_no, long call_id, api_kb_sms_fn cb, void *ud)
{
	struct kb_ctx *c;
	char *body;
	int rc;

	if (!a || !cb ||
	    !(body = api_kb_sms_body(phone, article_id, ticket_no, call_id)))
		return -1;
	c = ctx_new(KK_SMS, ud);
	c->cb.sms = cb;
	rc = api_request_raw(a, "POST", "/v1/sms", body, NULL, kb_finish, c);
	free(body);
	return rc;
}

/* ---- ticket actions ---------------------------------------------------- */

char *
api_ticket_action_body(const char *const *fields)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; fields && fields[i]; i += 2) {
		if (!fields[i + 1] || !*fields[i] ||
		    !cJSON_AddStringToObject(o, fields[i], fields[i + 1])) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	return jprint(o);
}

struct act_ctx {
	api_ticket_fn cb;
	void *ud;
};

static void
act_finish(const struct api_result *r, const char *body, size_t len,
	   void *vctx)
{
	struct act_ctx *c = vctx;
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

/* A lower_snake_case action name. */
static int
action_name_ok(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return 0;
	return n > 0 && n <= 32;
}

int
api_ticket_action(struct api *a, const char *ticket_no, const char *action,
		  const char *const *fields, api_ticket_fn cb, void *ud)
{
	struct act_ctx *c;
	char path[160], *body;
	int rc;

	if (!a || !cb || !ticket_no || !tk_no_valid(ticket_no) ||
	    !action_name_ok(action))
		return -1;
	if (!(body = api_ticket_action_body(fields)))
		return -1;
	snprintf(path, sizeof(path), "/v1/tickets/%s/actions/%s", ticket_no,
		 action);
	c = xcalloc(1, sizeof(*c));
	c->cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "POST", path, body, NULL, act_finish, c);
	free(body);
	return rc;
}

/* ---- editing (supervisor, kb_editor, admin) ---------------------------- */

char *
api_kb_update_body(const char *const *fields, const char *keywords)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	char *copy, *save = NULL, *tok;
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; fields && fields[i]; i += 2) {
		if (!fields[i + 1] || !*fields[i] ||
		    !cJSON_AddStringToObject(o, fields[i], fields[i + 1])) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	if (keywords) {
		if (!(arr = cJSON_AddArrayToObject(o, "keywords"))) {
			cJSON_Delete(o);
			return NULL;
		}
		copy = xstrdup(keywords);
		for (tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			char *end;

			while (*tok == ' ')
				tok++;
			end = tok + strlen(tok);
			while (end > tok && end[-1] == ' ')
				*--end = '\0';
			if (*tok)
				cJSON_AddItemToArray(arr,
						     cJSON_CreateString(tok));
		}
		free(copy);
	}
	return jprint(o);
}

int
api_kb_update(struct api *a, long id, long version, const char *title,
	      const char *question, const char *answer, const char *sms_guide,
	      const char *keywords, const char *category, api_kb_article_fn cb,
	      void *ud)
{
	struct kb_ctx *c;
	const char *fields[13];
	char path[64], hdr[48], *body;
	size_t n = 0;
	int rc;

	if (!a || !cb || id <= 0 || version <= 0)
		return -1;
	if (title) {
		fields[n++] = "title";
		fields[n++] = title;
	}
	if (question) {
		fields[n++] = "question";
		fields[n++] = question;
	}
	if (answer) {
		fields[n++] = "answer";
		fields[n++] = answer;
	}
	if (sms_guide) {
		fields[n++] = "sms_guide";
		fields[n++] = sms_guide;
	}
	if (category) {
		fields[n++] = "category_code";
		fields[n++] = category;
	}
	fields[n] = NULL;
	if (!(body = api_kb_update_body(fields, keywords)))
		return -1;
	snprintf(path, sizeof(path), "/v1/kb/articles/%ld", id);
	snprintf(hdr, sizeof(hdr), "If-Match: \"%ld\"", version);
	c = ctx_new(KK_ARTICLE, ud);
	c->cb.article = cb;
	rc = api_request_raw(a, "PATCH", path, body, hdr, kb_finish, c);
	free(body);
	return rc;
}

int
api_kb_create(struct api *a, const char *const *fields, const char *keywords,
	      api_kb_article_fn cb, void *ud)
{
	struct kb_ctx *c;
	char *body;
	int rc;

	if (!a || !cb || !(body = api_kb_update_body(fields, keywords)))
		return -1;
	c = ctx_new(KK_ARTICLE, ud);
	c->cb.article = cb;
	rc = api_request_raw(a, "POST", "/v1/kb/articles", body, NULL,
			     kb_finish, c);
	free(body);
	return rc;
}

int
api_kb_article_action(struct api *a, long id, const char *action,
		      api_kb_article_fn cb, void *ud)
{
	struct kb_ctx *c;
	char path[96];

	if (!a || !cb || id <= 0 || !action_name_ok(action))
		return -1;
	snprintf(path, sizeof(path), "/v1/kb/articles/%ld/actions/%s", id,
		 action);
	c = ctx_new(KK_ARTICLE, ud);
	c->cb.article = cb;
	return api_request_raw(a, "POST", path, "{}", NULL, kb_finish, c);
}
