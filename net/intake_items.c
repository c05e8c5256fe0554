/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake_items.c - the online queue's requests (intake_items.h) and their
 * JSON mapping.  Every string is sanitized (one line, except the
 * content); channel and state must be short upper/lower-case words, so a
 * hostile server cannot smuggle text into the columns drawn from them.
 */
#include "intake_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "jsonget.h"
#include "parse_calls.h"

#define ONE_LINE SAN_FOLD_AMBIGUOUS
#define MULTI_LINE (SAN_KEEP_NEWLINE | SAN_FOLD_AMBIGUOUS)
#define WORD_MAX 24

/* A code word ([A-Z0-9_] or [a-z], 1..WORD_MAX) or fail. */
static int
get_word(const cJSON *o, const char *path, const char *key, char **out,
	 struct nj_err *e)
{
	const cJSON *it = nj_item(o, key);
	const char *s;
	size_t i;

	if (!cJSON_IsString(it) || !(s = it->valuestring) || !*s ||
	    strlen(s) > WORD_MAX)
		return nj_fail(e, path, key, ": missing or not a code");
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return nj_fail(e, path, key, ": not a code");
	*out = xstrdup(s);
	return 0;
}

static int
get_item(const cJSON *o, const char *path, struct intake_item *it,
	 struct nj_err *e)
{
	if (!cJSON_IsObject(o))
		return nj_fail(e, path, "", ": not an object");
	if (nj_get_num(o, path, "id", 1, &it->id, e) < 0)
		return -1;
	if (it->id <= 0)
		return nj_fail(e, path, "id", ": not positive");
	if (get_word(o, path, "channel", &it->channel, e) < 0 ||
	    get_word(o, path, "state", &it->state, e) < 0 ||
	    nj_get_str(o, path, "external_id", ONE_LINE, 0, &it->external_id,
		       e) < 0 ||
	    nj_get_str(o, path, "citizen_phone", ONE_LINE, 0,
		       &it->citizen_phone, e) < 0 ||
	    nj_get_str(o, path, "citizen_name", ONE_LINE, 0,
		       &it->citizen_name, e) < 0 ||
	    nj_get_str(o, path, "subject", ONE_LINE, 0, &it->subject, e) < 0 ||
	    nj_get_str(o, path, "content", MULTI_LINE, 0, &it->content, e) <
		    0 ||
	    nj_get_time(o, path, "received_at", &it->received_at, e) < 0 ||
	    nj_get_str(o, path, "claimed_by", ONE_LINE, 0, &it->claimed_by,
		       e) < 0 ||
	    nj_get_str(o, path, "ticket_no", ONE_LINE, 0, &it->ticket_no, e) <
		    0 ||
	    nj_get_num(o, path, "version", 0, &it->version, e) < 0)
		return -1;
	return 0;
}

/* Fill the strings a failed get_item left NULL, so _free is uniform. */
static void
item_fix(struct intake_item *it)
{
	char **f[] = {&it->channel,	 &it->external_id, &it->citizen_phone,
		      &it->citizen_name, &it->subject,	   &it->content,
		      &it->state,	 &it->claimed_by,  &it->ticket_no};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!*f[i])
			*f[i] = xstrdup("");
}

enum status
api_intake_parse_item(const char *json, size_t len, struct intake_item *out,
		      char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc;

	memset(out, 0, sizeof(*out));
	nj_init(&e, why, why_cap);
	if (!(root = nj_parse(json, len, 1, &e)))
		return ST_PARSE;
	rc = get_item(root, "", out, &e);
	cJSON_Delete(root);
	if (rc < 0) {
		item_fix(out);
		intake_item_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

enum status
api_intake_parse_items(const char *json, size_t len,
		       struct intake_items *out, char *why, size_t why_cap)
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
		if (get_item(it, path, &out->items[i], &e) < 0) {
			size_t k;

			for (k = i; k < out->n; k++)
				item_fix(&out->items[k]);
			cJSON_Delete(root);
			intake_items_free(out);
			return ST_PARSE;
		}
		i++;
	}
	if (nj_get_str(root, "", "next_cursor", ONE_LINE, 0, &out->next_cursor,
		       &e) < 0) {
		cJSON_Delete(root);
		intake_items_free(out);
		return ST_PARSE;
	}
	cJSON_Delete(root);
	return ST_OK;
}

/* ---- requests ------------------------------------------------------------ */

struct ii_ctx {
	int list; /* 1: a listing, 0: one item */
	api_intake_list_fn list_cb;
	api_intake_item_fn item_cb;
	void *ud;
};

static void
ii_finish(const struct api_result *r, const char *body, size_t len,
	  void *vctx)
{
	struct ii_ctx *c = vctx;
	struct intake_items items;
	struct intake_item item;
	struct api_result res = *r;
	char why[200], *msg = NULL;
	enum status st = ST_OK;

	memset(&items, 0, sizeof(items));
	memset(&item, 0, sizeof(item));
	why[0] = '\0';
	if (r->st == ST_OK) {
		st = c->list ? api_intake_parse_items(body, len, &items, why,
						      sizeof(why))
			     : api_intake_parse_item(body, len, &item, why,
						     sizeof(why));
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st, why);
	}
	if (c->list)
		c->list_cb(&res, res.st == ST_OK ? &items : NULL, c->ud);
	else
		c->item_cb(&res, res.st == ST_OK ? &item : NULL, c->ud);
	intake_items_free(&items);
	intake_item_free(&item);
	free(msg);
}

static int
state_ok(const char *s)
{
	return !s || !*s || !strcmp(s, "waiting") || !strcmp(s, "claimed") ||
	       !strcmp(s, "done") || !strcmp(s, "open");
}

int
api_intake_list(struct api *a, const char *state, const char *cursor,
		int limit, api_intake_list_fn cb, void *ud)
{
	struct ii_ctx *c;
	char *esc = NULL, *path;
	int rc;

	if (!a || !cb || !state_ok(state))
		return -1;
	if (limit < 1)
		limit = 1;
	if (limit > 200)
		limit = 200;
	if (cursor && *cursor && !(esc = api_escape(cursor)))
		return -1;
	path = xasprintf("/v1/intake-items?limit=%d%s%s%s%s", limit,
			 state && *state ? "&state=" : "",
			 state && *state ? state : "", esc ? "&cursor=" : "",
			 esc ? esc : "");
	free(esc);
	c = xcalloc(1, sizeof(*c));
	c->list = 1;
	c->list_cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "GET", path, NULL, NULL, ii_finish, c);
	free(path);
	return rc;
}

static int
item_req(struct api *a, const char *method, long id, const char *what,
	 api_intake_item_fn cb, void *ud)
{
	struct ii_ctx *c;
	char path[80];

	if (!a || !cb || id <= 0)
		return -1;
	snprintf(path, sizeof(path), "/v1/intake-items/%ld%s", id, what);
	c = xcalloc(1, sizeof(*c));
	c->item_cb = cb;
	c->ud = ud;
	return api_request_raw(a, method, path,
			       strcmp(method, "POST") == 0 ? "{}" : NULL, NULL,
			       ii_finish, c);
}

int
api_intake_get(struct api *a, long id, api_intake_item_fn cb, void *ud)
{
	return item_req(a, "GET", id, "", cb, ud);
}

int
api_intake_claim(struct api *a, long id, api_intake_item_fn cb, void *ud)
{
	return item_req(a, "POST", id, "/claim", cb, ud);
}

int
api_intake_release(struct api *a, long id, api_intake_item_fn cb, void *ud)
{
	return item_req(a, "POST", id, "/release", cb, ud);
}
