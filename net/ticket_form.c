/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticket_form.c - intake form pairs to POST /v1/tickets and its decision
 * action; sending outbox items.
 */
#include "ticket_form.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "parse_calls.h"

/* Form fields the create body does not take: the decision goes to the
 * action afterwards. */
static const char *const not_in_body[] = {
	"handling_mode", "transfer_target", "not_accepted_route",
	"merge_into",
};

static void
set_why(char *why, size_t cap, const char *a, const char *b)
{
	if (why && cap)
		snprintf(why, cap, "%s%s", a, b ? b : "");
}

static int
skipped(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(not_in_body) / sizeof(not_in_body[0]); i++)
		if (strcmp(code, not_in_body[i]) == 0)
			return 1;
	return 0;
}

static int
call_id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') || strchr("._:-", s[i])))
			return 0;
	return 1;
}

/* An intake item id: 1 to 15 decimal digits, not 0. */
static int
item_id_parse(const char *s, long long *out)
{
	size_t n = strlen(s), i;
	long long v = 0;

	if (n < 1 || n > 15)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return v > 0;
}

/* "a,b,,c" → ["a","b","c"] */
static cJSON *
keys_array(const char *v)
{
	cJSON *arr = cJSON_CreateArray();
	const char *s = v, *e;

	if (!arr)
		return NULL;
	while (*s) {
		char *one;

		e = strchr(s, ',');
		if (!e)
			e = s + strlen(s);
		if (e > s) {
			one = xstrndup(s, (size_t)(e - s));
			cJSON_AddItemToArray(arr, cJSON_CreateString(one));
			free(one);
		}
		s = *e ? e + 1 : e;
	}
	return arr;
}

/* The JSON value of one pair by its wire type; NULL with why. */
static cJSON *
wire_value(enum form_wire w, const char *code, const char *v, char *why,
	   size_t cap)
{
	double d;

	switch (w) {
	case FW_BOOL:
		if (strcmp(v, "yes") == 0)
			return cJSON_CreateTrue();
		if (strcmp(v, "no") == 0)
			return cJSON_CreateFalse();
		set_why(why, cap, "not yes or no: ", code);
		return NULL;
	case FW_NUMBER:
		if (!form_number_parse(v, &d)) {
			set_why(why, cap, "not a number: ", code);
			return NULL;
		}
		return cJSON_CreateNumber(d);
	case FW_ARRAY:
		return keys_array(v);
	case FW_STRING:
	default:
		return cJSON_CreateString(v);
	}
}

char *
api_ticket_body_from_pairs(const struct form *f, const struct kv *p,
			   size_t n, const char *call_id, char *why,
			   size_t cap)
{
	cJSON *o, *extra = NULL, *val;
	char *s, *r = NULL;
	size_t i;

	set_why(why, cap, "", NULL);
	if (!f || (n && !p))
		return NULL;
	if (call_id && *call_id && !call_id_ok(call_id)) {
		set_why(why, cap, "bad call_id", NULL);
		return NULL;
	}
	if (!(o = cJSON_CreateObject()))
		return NULL;
	for (i = 0; i < n; i++) {
		const struct form_field *fld;
		const char *code = p[i].key, *v = p[i].value;
		cJSON *dst;

		if (!code || !v || !*v || skipped(code))
			continue;
		if (strcmp(code, TICKET_FORM_ITEM_KEY) == 0 &&
		    !form_field(f, code)) {
			/* the online queue's item this ticket records */
			long long id;

			if (!item_id_parse(v, &id)) {
				set_why(why, cap, "bad ", TICKET_FORM_ITEM_KEY);
				goto fail;
			}
			if (cJSON_GetObjectItemCaseSensitive(o, code)) {
				set_why(why, cap, "given twice: ", code);
				goto fail;
			}
			cJSON_AddNumberToObject(o, code, (double)id);
			continue;
		}
		if (!(fld = form_field(f, code)))
			continue; /* pending values of unknown fields */
		if (!u8_valid(v, strlen(v))) {
			set_why(why, cap, "not valid UTF-8: ", code);
			goto fail;
		}
		if (fld->def.flags & FF_EXTRA) {
			if (!extra && !(extra = cJSON_AddObjectToObject(
						o, "extra")))
				goto fail;
			dst = extra;
		} else {
			if (strcmp(code, "extra") == 0 ||
			    strcmp(code, "call_id") == 0)
				continue; /* not a form field's own key */
			dst = o;
		}
		if (cJSON_GetObjectItemCaseSensitive(dst, code)) {
			set_why(why, cap, "given twice: ", code);
			goto fail;
		}
		if (!(val = wire_value(form_wire_type(f, code), code, v, why,
				       cap)))
			goto fail;
		cJSON_AddItemToObject(dst, code, val);
	}
	if (call_id && *call_id)
		cJSON_AddStringToObject(o, "call_id", call_id);
	s = cJSON_PrintUnformatted(o);
	if (s) {
		r = xstrdup(s);
		cJSON_free(s);
	}
fail:
	cJSON_Delete(o);
	return r;
}

const char *
api_ticket_form_field(const char *kind, const char *server_field)
{
	static const struct {
		const char *kind, *server, *form;
	} map[] = {
		{"transfer_out", "target", "transfer_target"},
		{"not_accept", "comment", "not_accepted_route"},
		{"merge", "merged_into", "merge_into"},
	};
	size_t i;

	if (!server_field || !kind)
		return server_field;
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(kind, map[i].kind) == 0 &&
		    strcmp(server_field, map[i].server) == 0)
			return map[i].form;
	return server_field;
}

const char *
api_kv_get(const struct kv *p, size_t n, const char *code)
{
	const char *r = NULL;
	size_t i;

	for (i = 0; p && i < n; i++)
		if (p[i].key && strcmp(p[i].key, code) == 0)
			r = p[i].value;
	return r;
}

/* {key: value} or {} when value is NULL/empty; NULL on bad UTF-8. */
static char *
one_member(const char *key, const char *value)
{
	cJSON *o = cJSON_CreateObject();
	char *s, *r = NULL;

	if (!o)
		return NULL;
	if (value && *value) {
		if (!u8_valid(value, strlen(value))) {
			cJSON_Delete(o);
			return NULL;
		}
		cJSON_AddStringToObject(o, key, value);
	}
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (s) {
		r = xstrdup(s);
		cJSON_free(s);
	}
	return r;
}

/* {"lead_unit_code","assist_units":[..],"dispatch_note"}, each only
 * when set. */
static char *
transfer_body(const struct kv *p, size_t n)
{
	static const char *const keys[] = {"lead_unit_code", "assist_units",
					   "dispatch_note"};
	cJSON *o = cJSON_CreateObject();
	char *s, *r = NULL;
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < 3; i++) {
		const char *v = api_kv_get(p, n, keys[i]);

		if (!v || !*v)
			continue;
		if (!u8_valid(v, strlen(v))) {
			cJSON_Delete(o);
			return NULL;
		}
		if (i == 1)
			cJSON_AddItemToObject(o, keys[i], keys_array(v));
		else
			cJSON_AddStringToObject(o, keys[i], v);
	}
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (s) {
		r = xstrdup(s);
		cJSON_free(s);
	}
	return r;
}

char *
api_ticket_decision_from_pairs(const struct kv *p, size_t n,
			       const char **action)
{
	const char *m = api_kv_get(p, n, "handling_mode");

	*action = NULL;
	if (!m || !*m)
		return NULL;
	if (strcmp(m, "DIRECT") == 0) {
		*action = "close_direct";
		return one_member("direct_reply",
				  api_kv_get(p, n, "direct_reply"));
	}
	if (strcmp(m, "TRANSFER") == 0) {
		*action = "transfer";
		return transfer_body(p, n);
	}
	if (strcmp(m, "TRANSFER_110") == 0 ||
	    strcmp(m, "TRANSFER_EMERGENCY") == 0 ||
	    strcmp(m, "TRANSFER_PROVINCE") == 0) {
		*action = "transfer_out";
		return one_member("target",
				  api_kv_get(p, n, "transfer_target"));
	}
	if (strcmp(m, "NOT_ACCEPTED") == 0) {
		*action = "not_accept";
		return one_member("comment",
				  api_kv_get(p, n, "not_accepted_route"));
	}
	if (strcmp(m, "INVALID") == 0) {
		*action = "invalidate";
		return xstrdup("{}");
	}
	if (strcmp(m, "MERGED") == 0) {
		*action = "merge";
		return one_member("merged_into",
				  api_kv_get(p, n, "merge_into"));
	}
	return NULL;
}

/* ---- sending ------------------------------------------------------------ */

struct send_ctx {
	api_ticket_fn cb;
	void *ud;
};

static void
send_finish(const struct api_result *r, const char *body, size_t len,
	    void *vctx)
{
	struct send_ctx *c = vctx;
	struct api_result res = *r;
	struct ticket tk;
	char *msg = NULL;

	memset(&tk, 0, sizeof(tk));
	if (r->st == ST_OK) {
		enum status st = api_parse_ticket(body, len, &tk);

		if (st != ST_OK)
			msg = api_result_bad_body(&res, st,
						  "the ticket reply does not "
						  "parse");
	}
	c->cb(&res, res.st == ST_OK ? &tk : NULL, c->ud);
	ticket_free(&tk);
	free(msg);
}

static int
word_ok(const char *s)
{
	return s && *s && call_id_ok(s);
}

int
api_outbox_send(struct api *a, const struct outbox_item *it,
		api_ticket_fn cb, void *ud)
{
	struct send_ctx *c;
	char *path, *hdr;
	int rc;

	if (!a || !it || !cb || !it->payload ||
	    strlen(it->payload) != it->payload_len)
		return -1;
	if (strcmp(it->kind, TICKET_FORM_KIND_CREATE) == 0) {
		path = xstrdup("/v1/tickets");
		hdr = xasprintf("Idempotency-Key: %s", it->key);
	} else {
		static const char *const actions[] = {
			"close_direct", "transfer",   "transfer_out",
			"not_accept",	"invalidate", "merge",
		};
		size_t i;

		for (i = 0; i < sizeof actions / sizeof actions[0]; i++)
			if (strcmp(it->kind, actions[i]) == 0)
				break;
		if (i == sizeof actions / sizeof actions[0] ||
		    !word_ok(it->ref))
			return -1;
		path = xasprintf("/v1/tickets/%s/actions/%s", it->ref,
				 it->kind);
		hdr = xstrdup("If-Match: \"1\"");
	}
	c = xcalloc(1, sizeof(*c));
	c->cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "POST", path, it->payload, hdr, send_finish,
			     c);
	free(path);
	free(hdr);
	return rc;
}

/* ---- categories --------------------------------------------------------- */

void
cat_list_free(struct cat_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].code);
		free(l->items[i].name);
		free(l->items[i].parent);
		free(l->items[i].owner);
	}
	FREE(l->items);
	l->n = 0;
}

static char *
san(const cJSON *o, const char *key)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsString(x) || !x->valuestring)
		return xstrdup("");
	return u8_sanitize(x->valuestring, strlen(x->valuestring),
			   SAN_FOLD_AMBIGUOUS);
}

static int
cats_walk(const cJSON *arr, const char *parent, struct cat_list *out,
	  size_t *cap, int depth)
{
	const cJSON *c;

	if (!cJSON_IsArray(arr) || depth > 8)
		return -1;
	cJSON_ArrayForEach(c, arr)
	{
		struct cat_item *it;
		const cJSON *lim;
		char *code;

		if (!cJSON_IsObject(c))
			return -1;
		code = san(c, "code");
		if (!*code) {
			free(code);
			return -1;
		}
		if (out->n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			out->items = xrealloc(out->items,
					      *cap * sizeof *out->items);
		}
		it = &out->items[out->n++];
		it->code = code;
		it->name = san(c, "name");
		it->parent = xstrdup(parent);
		it->owner = san(c, "owner");
		lim = cJSON_GetObjectItemCaseSensitive(c, "limit_days");
		it->limit_days = cJSON_IsNumber(lim) && lim->valuedouble > 0 &&
						 lim->valuedouble < 3660
					 ? (int)lim->valuedouble
					 : 0;
		if (cJSON_GetObjectItemCaseSensitive(c, "children") &&
		    cats_walk(cJSON_GetObjectItemCaseSensitive(c, "children"),
			      code, out, cap, depth + 1) != 0)
			return -1;
	}
	return 0;
}

enum status
api_parse_categories(const char *json, size_t len, struct cat_list *out)
{
	cJSON *root;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!json || !(root = cJSON_ParseWithLength(json, len)))
		return ST_PARSE;
	rc = cats_walk(cJSON_GetObjectItemCaseSensitive(root, "items"), "",
		       out, &cap, 0);
	cJSON_Delete(root);
	if (rc != 0) {
		cat_list_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

static const struct cat_item *
cat_find(const struct cat_list *l, const char *code)
{
	size_t i;

	for (i = 0; l && code && i < l->n; i++)
		if (strcmp(l->items[i].code, code) == 0)
			return &l->items[i];
	return NULL;
}

int
cat_defaults(const struct cat_list *l, const char *code, char *owner,
	     size_t cap, int *limit_days)
{
	const struct cat_item *c = cat_find(l, code);
	int depth = 0, lim = 0;

	if (cap)
		owner[0] = '\0';
	*limit_days = 0;
	if (!c)
		return -1;
	for (; c && depth < 16; c = cat_find(l, c->parent), depth++) {
		if (cap && !owner[0] && *c->owner)
			snprintf(owner, cap, "%s", c->owner);
		if (!lim && c->limit_days > 0)
			lim = c->limit_days;
	}
	*limit_days = lim;
	return 0;
}

struct cats_ctx {
	api_cats_fn cb;
	void *ud;
};

static void
cats_finish(const struct api_result *r, const char *body, size_t len,
	    void *vctx)
{
	struct cats_ctx *c = vctx;
	struct api_result res = *r;
	struct cat_list l;
	char *msg = NULL;

	memset(&l, 0, sizeof(l));
	if (r->st == ST_OK) {
		enum status st = api_parse_categories(body, len, &l);

		if (st != ST_OK)
			msg = api_result_bad_body(&res, st,
						  "the category tree does not "
						  "parse");
	}
	c->cb(&res, res.st == ST_OK ? &l : NULL, c->ud);
	cat_list_free(&l);
	free(msg);
}

int
api_categories(struct api *a, api_cats_fn cb, void *ud)
{
	struct cats_ctx *c;

	if (!a || !cb)
		return -1;
	c = xcalloc(1, sizeof(*c));
	c->cb = cb;
	c->ud = ud;
	return api_request_raw(a, "GET", "/v1/categories", NULL, NULL,
			       cats_finish, c);
}

/* ---- holidays ------------------------------------------------------------ */

enum status
api_parse_holidays(const char *json, size_t len, struct workcal **out)
{
	cJSON *root;
	const cJSON *items, *x;
	struct workcal *cal;

	*out = NULL;
	if (!json || !(root = cJSON_ParseWithLength(json, len)))
		return ST_PARSE;
	items = cJSON_GetObjectItemCaseSensitive(root, "items");
	if (!cJSON_IsArray(items)) {
		cJSON_Delete(root);
		return ST_PARSE;
	}
	cal = workcal_new();
	cJSON_ArrayForEach(x, items)
	{
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(x, "date");
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(x, "kind");
		int y, m, dd, kind;
		char tail;

		if (!cJSON_IsString(d) || !cJSON_IsString(k) ||
		    sscanf(d->valuestring, "%4d-%2d-%2d%c", &y, &m, &dd,
			   &tail) != 3 ||
		    strlen(d->valuestring) != 10 ||
		    (kind = workcal_kind_parse(k->valuestring)) < 0 ||
		    workcal_add(cal, y, m, dd, (enum workcal_kind)kind) !=
			    ST_OK) {
			workcal_free(cal);
			cJSON_Delete(root);
			return ST_PARSE;
		}
	}
	cJSON_Delete(root);
	*out = cal;
	return ST_OK;
}

struct cal_ctx {
	api_cal_fn cb;
	void *ud;
};

static void
cal_finish(const struct api_result *r, const char *body, size_t len,
	   void *vctx)
{
	struct cal_ctx *c = vctx;
	struct api_result res = *r;
	struct workcal *cal = NULL;
	char *msg = NULL;

	if (r->st == ST_OK && api_parse_holidays(body, len, &cal) != ST_OK)
		msg = api_result_bad_body(&res, ST_PARSE,
					  "the holiday list does not parse");
	c->cb(&res, res.st == ST_OK ? cal : NULL, c->ud);
	free(msg);
}

int
api_holidays(struct api *a, api_cal_fn cb, void *ud)
{
	struct cal_ctx *c;

	if (!a || !cb)
		return -1;
	c = xcalloc(1, sizeof(*c));
	c->cb = cb;
	c->ud = ud;
	return api_request_raw(a, "GET", "/v1/holidays", NULL, NULL,
			       cal_finish, c);
}

/* ---- extra fields -------------------------------------------------------- */

struct attrs_ctx {
	api_attrs_fn cb;
	void *ud;
};

/* Every string the attributes point to, freed after the callback. */
struct strpool {
	char **s;
	size_t n, cap;
};

static const char *
pool(struct strpool *p, char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->s = xrealloc(p->s, p->cap * sizeof *p->s);
	}
	p->s[p->n++] = s;
	return s;
}

static int
parse_attrs(const char *json, size_t len, struct form_attr **out, size_t *n,
	    struct strpool *P)
{
	cJSON *root;
	const cJSON *items, *x;
	struct form_attr *a;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!json || !(root = cJSON_ParseWithLength(json, len)))
		return -1;
	items = cJSON_GetObjectItemCaseSensitive(root, "items");
	if (!cJSON_IsArray(items)) {
		cJSON_Delete(root);
		return -1;
	}
	a = xcalloc((size_t)cJSON_GetArraySize(items) + 1, sizeof *a);
	cJSON_ArrayForEach(x, items)
	{
		const cJSON *req = cJSON_GetObjectItemCaseSensitive(x,
								    "required");
		const cJSON *ord = cJSON_GetObjectItemCaseSensitive(x, "order");
		const cJSON *vals = cJSON_GetObjectItemCaseSensitive(x,
								     "values");
		struct form_choice *ch;
		const cJSON *v;
		size_t nv = 0;

		a[k].code = pool(P, san(x, "code"));
		a[k].label = pool(P, san(x, "label"));
		a[k].description = pool(P, san(x, "description"));
		a[k].datatype = pool(P, san(x, "datatype"));
		if (!*a[k].code || !*a[k].datatype) {
			free(a);
			cJSON_Delete(root);
			return -1;
		}
		a[k].required = cJSON_IsTrue(req) ||
				(cJSON_IsNumber(req) && req->valuedouble != 0);
		a[k].order = cJSON_IsNumber(ord) ? (int)ord->valuedouble : 0;
		if (cJSON_IsArray(vals) && cJSON_GetArraySize(vals) > 0) {
			ch = xcalloc((size_t)cJSON_GetArraySize(vals),
				     sizeof *ch);
			pool(P, (char *)ch);
			cJSON_ArrayForEach(v, vals)
			{
				ch[nv].key = pool(P, san(v, "key"));
				ch[nv].label_zh = pool(P, san(v, "label"));
				nv++;
			}
			a[k].values = ch;
			a[k].n_values = nv;
		}
		k++;
	}
	cJSON_Delete(root);
	*out = a;
	*n = k;
	return 0;
}

static void
attrs_finish(const struct api_result *r, const char *body, size_t len,
	     void *vctx)
{
	struct attrs_ctx *c = vctx;
	struct api_result res = *r;
	struct form_attr *a = NULL;
	struct strpool P = {NULL, 0, 0};
	size_t n = 0, i;
	char *msg = NULL;

	if (r->st == ST_OK && parse_attrs(body, len, &a, &n, &P) != 0)
		msg = api_result_bad_body(&res, ST_PARSE,
					  "the form fields do not parse");
	c->cb(&res, res.st == ST_OK ? a : NULL, res.st == ST_OK ? n : 0,
	      c->ud);
	for (i = 0; i < P.n; i++)
		free(P.s[i]);
	free(P.s);
	free(a);
	free(msg);
}

int
api_category_form(struct api *a, const char *category_code,
		  api_attrs_fn cb, void *ud)
{
	struct attrs_ctx *c;
	char *path;
	size_t i, n;
	int rc;

	if (!a || !cb || !category_code)
		return -1;
	n = strlen(category_code);
	if (n < 1 || n > 32)
		return -1;
	for (i = 0; i < n; i++)
		if (!((category_code[i] >= '0' && category_code[i] <= '9') ||
		      (category_code[i] >= 'A' && category_code[i] <= 'Z') ||
		      (category_code[i] >= 'a' && category_code[i] <= 'z') ||
		      category_code[i] == '_' || category_code[i] == '-'))
			return -1;
	c = xcalloc(1, sizeof(*c));
	c->cb = cb;
	c->ud = ud;
	path = xasprintf("/v1/forms/%s", category_code);
	rc = api_request_raw(a, "GET", path, NULL, NULL, attrs_finish, c);
	free(path);
	return rc;
}
