/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tkinput.c - validation of client-written ticket fields.
 */
#include "tkinput.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"

static int
store_fail(struct verr *e)
{
	verr_set(e, 500, "internal", NULL, "storage error");
	return -1;
}

int
tkin_phone_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 3 || n > 20)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
enum_check(enum tk_enum_kind kind, const char *v, const char *field,
	   struct verr *e)
{
	char list[256];
	size_t len = 0;
	int i, n;

	if (tk_enum_parse(kind, v) >= 0)
		return 0;
	list[0] = '\0';
	n = tk_enum_count(kind);
	for (i = 0; i < n && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
					i ? ", " : "", tk_enum_wire(kind, i));
	verr_set(e, 400, "unknown_value", field, "unknown value; one of: %s",
		 list);
	return -1;
}

int
tkin_unit_ref(struct store *st, const char *code, const char *kinds,
	      const char *field, struct verr *e)
{
	struct store_unit u;
	enum status rc;
	int ok = 1;

	if (strlen(code) > 24) {
		verr_set(e, 400, "unknown_value", field, "no such unit");
		return -1;
	}
	rc = st->ops->get_unit(st, code, &u);
	if (rc == ST_NOT_FOUND) {
		verr_set(e, 400, "unknown_value", field, "no such unit");
		return -1;
	}
	if (rc != ST_OK)
		return store_fail(e);
	if (kinds) {
		const char *p = strstr(kinds, u.kind);
		size_t kl = strlen(u.kind);

		ok = p && (p == kinds || p[-1] == ' ') &&
		     (p[kl] == ' ' || p[kl] == '\0');
	}
	store_unit_free(&u);
	if (!ok) {
		verr_set(e, 400, "unknown_value", field,
			 "not a unit of kind %s", kinds);
		return -1;
	}
	return 0;
}

static int
credit_code_ok(const char *s)
{
	/* 统一社会信用代码: 18 characters of 0-9 and A-Z without I O Z S V. */
	size_t i;

	if (strlen(s) != 18)
		return 0;
	for (i = 0; i < 18; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') ||
		      (c >= 'A' && c <= 'Z' && !strchr("IOZSV", c))))
			return 0;
	}
	return 1;
}

static int
id_number_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n != 15 && n != 18)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			continue;
		if (i == 17 && s[i] == 'X')
			continue;
		return 0;
	}
	return 1;
}

static int
call_id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || strchr("._:-", c)))
			return 0;
	}
	return 1;
}

int
tkin_check_str(struct store *st, enum tkf f, const char *v, struct verr *e)
{
	const char *name = tkf_info[f].name;
	struct store_category cat;
	enum status rc;

	switch (f) {
	case TKF_CHANNEL:
		return enum_check(TKE_CHANNEL, v, name, e);
	case TKF_DESK:
		return enum_check(TKE_DESK, v, name, e);
	case TKF_APPEAL_TYPE:
		return enum_check(TKE_APPEAL, v, name, e);
	case TKF_URGENCY:
		return enum_check(TKE_URGENCY, v, name, e);
	case TKF_CALLER_KIND:
		return enum_check(TKE_CALLER_KIND, v, name, e);
	case TKF_TITLE:
		return jsonv_text(v, name, TKIN_TITLE_MAX, 1, 1, e);
	case TKF_CONTENT:
		return jsonv_text(v, name, TKIN_CONTENT_MAX, 0, 1, e);
	case TKF_DIRECT_REPLY:
		return jsonv_text(v, name, TKIN_CONTENT_MAX, 0, 0, e);
	case TKF_DISPATCH_NOTE:
		return jsonv_text(v, name, TKIN_NOTE_MAX, 0, 0, e);
	case TKF_COMMUNITY:
	case TKF_COMPANY_NAME:
		return jsonv_text(v, name, TKIN_TITLE_MAX, 1, 0, e);
	case TKF_ADDRESS:
		return jsonv_text(v, name, TKIN_LINE_MAX, 1, 0, e);
	case TKF_CALLER_NAME:
		return jsonv_text(v, name, TKIN_NAME_MAX, 1, 0, e);
	case TKF_CATEGORY_CODE:
		if (strlen(v) > 6) {
			verr_set(e, 400, "unknown_value", name,
				 "no such category");
			return -1;
		}
		rc = st->ops->get_category(st, v, &cat);
		if (rc == ST_NOT_FOUND) {
			verr_set(e, 400, "unknown_value", name,
				 "no such category");
			return -1;
		}
		if (rc != ST_OK)
			return store_fail(e);
		store_category_free(&cat);
		return 0;
	case TKF_TOWN_CODE:
		if (!*v)
			return 0;
		return tkin_unit_ref(st, v, "TOWN STREET PARK", name, e);
	case TKF_LEAD_UNIT_CODE:
		if (!*v)
			return 0;
		return tkin_unit_ref(st, v, NULL, name, e);
	case TKF_CALLER_PHONE:
	case TKF_CONTACT_PHONE:
		if (*v && !tkin_phone_ok(v)) {
			verr_set(e, 400, "invalid_field", name,
				 "a phone number is 3 to 20 digits");
			return -1;
		}
		return 0;
	case TKF_GENDER:
		if (*v && strcmp(v, "M") != 0 && strcmp(v, "F") != 0) {
			verr_set(e, 400, "unknown_value", name,
				 "unknown value; one of: \"\", M, F");
			return -1;
		}
		return 0;
	case TKF_CREDIT_CODE:
		if (*v && !credit_code_ok(v)) {
			verr_set(e, 400, "invalid_field", name,
				 "a unified social credit code is 18 "
				 "characters of 0-9 and A-Z");
			return -1;
		}
		return 0;
	case TKF_ID_NUMBER:
		if (*v && !id_number_ok(v)) {
			verr_set(e, 400, "invalid_field", name,
				 "an ID number is 15 digits, or 17 digits "
				 "and a digit or X");
			return -1;
		}
		return 0;
	case TKF_CALL_ID:
		if (!call_id_ok(v)) {
			verr_set(e, 400, "invalid_field", name,
				 "1 to 64 characters of A-Z a-z 0-9 . _ : -");
			return -1;
		}
		return 0;
	default:
		verr_set(e, 400, "invalid_field", name, "read-only field");
		return -1;
	}
}

static int
tags_from_json(const cJSON *arr, char **out, struct verr *e)
{
	const cJSON *c, *d;
	cJSON *res;
	int n = 0;

	if (!cJSON_IsArray(arr)) {
		verr_set(e, 400, "invalid_field", "tags",
			 "must be an array of strings");
		return -1;
	}
	res = cJSON_CreateArray();
	for (c = arr->child; c; c = c->next) {
		if (!cJSON_IsString(c) || ++n > TKIN_TAGS_MAX) {
			verr_set(e, 400, "invalid_field", "tags",
				 "at most %d strings", TKIN_TAGS_MAX);
			cJSON_Delete(res);
			return -1;
		}
		if (jsonv_text(c->valuestring, "tags", TKIN_TAG_MAX, 1, 1, e)) {
			cJSON_Delete(res);
			return -1;
		}
		for (d = arr->child; d != c; d = d->next) {
			if (strcmp(d->valuestring, c->valuestring) == 0) {
				verr_set(e, 400, "invalid_field", "tags",
					 "tag given twice");
				cJSON_Delete(res);
				return -1;
			}
		}
		cJSON_AddItemToArray(res, cJSON_CreateString(c->valuestring));
	}
	*out = cJSON_PrintUnformatted(res);
	cJSON_Delete(res);
	return 0;
}

int
tkin_units(struct store *st, const cJSON *arr, const char *field, char **out,
	   struct verr *e)
{
	const cJSON *c, *d;
	cJSON *res;
	int n = 0;

	if (!cJSON_IsArray(arr)) {
		verr_set(e, 400, "invalid_field", field,
			 "must be an array of unit codes");
		return -1;
	}
	res = cJSON_CreateArray();
	for (c = arr->child; c; c = c->next) {
		if (!cJSON_IsString(c) || ++n > TKIN_ASSIST_MAX) {
			verr_set(e, 400, "invalid_field", field,
				 "at most %d unit codes (strings)",
				 TKIN_ASSIST_MAX);
			cJSON_Delete(res);
			return -1;
		}
		if (tkin_unit_ref(st, c->valuestring, NULL, field, e) != 0) {
			cJSON_Delete(res);
			return -1;
		}
		for (d = arr->child; d != c; d = d->next) {
			if (strcmp(d->valuestring, c->valuestring) == 0) {
				verr_set(e, 400, "invalid_field", field,
					 "unit given twice");
				cJSON_Delete(res);
				return -1;
			}
		}
		cJSON_AddItemToArray(res, cJSON_CreateString(c->valuestring));
	}
	*out = cJSON_PrintUnformatted(res);
	cJSON_Delete(res);
	return 0;
}

/* 1 when key is one of the keys of "key=label|key=label". */
static int
list_has(const char *values, const char *key)
{
	const char *p = values;
	size_t kl = strlen(key);

	while (*p) {
		const char *eq = strchr(p, '='), *bar = strchr(p, '|');

		if (!bar)
			bar = p + strlen(p);
		if (eq && eq < bar && (size_t)(eq - p) == kl &&
		    strncmp(p, key, kl) == 0)
			return 1;
		p = *bar ? bar + 1 : bar;
	}
	return 0;
}

static int
date_ok(const char *s)
{
	long long t;
	char buf[32];

	if (tk_parse_iso(s, &t) == 0)
		return 1;
	if (strlen(s) != 10)
		return 0;
	snprintf(buf, sizeof buf, "%sT00:00:00Z", s);
	return tk_parse_iso(buf, &t) == 0;
}

static int
extra_value(const struct store_form_field *f, const cJSON *v,
	    const char *field, struct verr *e)
{
	const char *dt = f->datatype;
	const cJSON *c, *d;

	if (strcmp(dt, "number") == 0) {
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
			verr_set(e, 400, "invalid_field", field,
				 "must be a number");
			return -1;
		}
		return 0;
	}
	if (strcmp(dt, "multivaluelist") == 0) {
		if (!cJSON_IsArray(v)) {
			verr_set(e, 400, "invalid_field", field,
				 "must be an array of keys");
			return -1;
		}
		for (c = v->child; c; c = c->next) {
			if (!cJSON_IsString(c)) {
				verr_set(e, 400, "invalid_field", field,
					 "must be an array of keys");
				return -1;
			}
			if (!list_has(f->values, c->valuestring)) {
				verr_set(e, 400, "unknown_value", field,
					 "unknown key for this list");
				return -1;
			}
			for (d = v->child; d != c; d = d->next)
				if (!strcmp(d->valuestring, c->valuestring)) {
					verr_set(e, 400, "invalid_field",
						 field, "key given twice");
					return -1;
				}
		}
		return 0;
	}
	if (!cJSON_IsString(v)) {
		verr_set(e, 400, "invalid_field", field, "must be a string");
		return -1;
	}
	if (strcmp(dt, "singlevaluelist") == 0) {
		if (*v->valuestring && !list_has(f->values, v->valuestring)) {
			verr_set(e, 400, "unknown_value", field,
				 "unknown key for this list");
			return -1;
		}
		return 0;
	}
	if (strcmp(dt, "datetime") == 0) {
		if (*v->valuestring && !date_ok(v->valuestring)) {
			verr_set(e, 400, "invalid_field", field,
				 "a date (YYYY-MM-DD) or an ISO 8601 time");
			return -1;
		}
		return 0;
	}
	if (strcmp(dt, "text") == 0)
		return jsonv_text(v->valuestring, field, TKIN_CONTENT_MAX, 0,
				  0, e);
	return jsonv_text(v->valuestring, field, TKIN_LINE_MAX, 1, 0, e);
}

static int
extra_from_json(struct store *st, const char *category, const cJSON *obj,
		char **out, struct verr *e)
{
	struct store_form_field *ff = NULL;
	size_t nf = 0, i;
	const cJSON *c, *d;
	char field[80];
	enum status rc;
	int ret = -1;

	if (!cJSON_IsObject(obj)) {
		verr_set(e, 400, "invalid_field", "extra",
			 "must be an object");
		return -1;
	}
	rc = st->ops->get_form(st, category, &ff, &nf);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return store_fail(e);
	for (c = obj->child; c; c = c->next) {
		const struct store_form_field *f = NULL;

		snprintf(field, sizeof field, "extra.%s", c->string);
		for (i = 0; i < nf; i++)
			if (strcmp(ff[i].field_code, c->string) == 0)
				f = &ff[i];
		if (!f) {
			verr_set(e, 400, "invalid_field", field,
				 "no such field in the form of category %s",
				 category);
			goto out;
		}
		for (d = obj->child; d != c; d = d->next)
			if (strcmp(d->string, c->string) == 0) {
				verr_set(e, 400, "invalid_field", field,
					 "field given twice");
				goto out;
			}
		if (extra_value(f, c, field, e) != 0)
			goto out;
	}
	*out = cJSON_PrintUnformatted(obj);
	ret = 0;
out:
	store_forms_free(ff, nf);
	return ret;
}

int
tkin_extra_complete(struct store *st, const char *category,
		    const char *extra_json, struct verr *e)
{
	struct store_form_field *ff = NULL;
	size_t nf = 0, i;
	cJSON *obj = cJSON_Parse(extra_json ? extra_json : "{}");
	enum status rc;
	int ret = 0;

	rc = st->ops->get_form(st, category, &ff, &nf);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		cJSON_Delete(obj);
		return store_fail(e);
	}
	for (i = 0; i < nf && ret == 0; i++) {
		const cJSON *v;

		if (!ff[i].required)
			continue;
		v = obj ? cJSON_GetObjectItemCaseSensitive(obj,
							   ff[i].field_code)
			: NULL;
		if (!v || cJSON_IsNull(v) ||
		    (cJSON_IsString(v) && !*v->valuestring) ||
		    (cJSON_IsArray(v) && !v->child)) {
			char field[80];

			snprintf(field, sizeof field, "extra.%s",
				 ff[i].field_code);
			verr_set(e, 400, "missing_field", field,
				 "required by the form of category %s: %s",
				 category, ff[i].label);
			ret = -1;
		}
	}
	store_forms_free(ff, nf);
	cJSON_Delete(obj);
	return ret;
}

static void
set_defaults(struct tk_change *ch)
{
	int i;

	for (i = 0; i < TKF__COUNT; i++) {
		if (!(tkf_info[i].flags & TKF_IN) || ch->set[i])
			continue;
		switch (i) {
		case TKF_URGENCY:
			tk_change_str(ch, i, "NORMAL");
			break;
		case TKF_CALLER_KIND:
			tk_change_str(ch, i, "PERSON");
			break;
		case TKF_DESK:
			tk_change_str(ch, i, "GENERAL");
			break;
		case TKF_NEEDS_REPLY:
			tk_change_int(ch, i, 1);
			break;
		case TKF_CALL_ID:
			tk_change_null(ch, i);
			break;
		default:
			switch (tkf_info[i].store) {
			case TKS_BOOL:
				tk_change_int(ch, i, 0);
				break;
			case TKS_JSON:
				tk_change_str(ch, i,
					      i == TKF_EXTRA ? "{}" : "[]");
				break;
			default:
				tk_change_str(ch, i, "");
			}
		}
	}
}

int
tkin_from_json(struct store *st, const cJSON *body, int patch,
	       const struct tk_rec *cur, struct tk_change *ch, struct verr *e)
{
	const char *allowed[TKF__COUNT + 1];
	const cJSON *c;
	const cJSON *extra = NULL;
	char *json = NULL;
	int i, n = 0;

	for (i = 0; i < TKF__COUNT; i++)
		if (tkf_info[i].flags & TKF_IN)
			allowed[n++] = tkf_info[i].name;
	allowed[n] = NULL;
	if (jsonv_check_keys(body, allowed, NULL, e) != 0)
		return -1;
	if (!patch) {
		for (i = 0; i < TKF__COUNT; i++) {
			if ((tkf_info[i].flags & TKF_REQ) &&
			    !cJSON_GetObjectItemCaseSensitive(
				    body, tkf_info[i].name)) {
				verr_set(e, 400, "missing_field",
					 tkf_info[i].name, "required");
				return -1;
			}
		}
	}
	for (c = body->child; c; c = c->next) {
		int f = tkf_lookup(c->string);
		const char *name = c->string;

		switch (tkf_info[f].store) {
		case TKS_STR:
		case TKS_NSTR:
			if (tkf_info[f].store == TKS_NSTR && cJSON_IsNull(c)) {
				tk_change_null(ch, f);
				break;
			}
			if (!cJSON_IsString(c)) {
				verr_set(e, 400, "invalid_field", name,
					 tkf_info[f].store == TKS_NSTR
						 ? "must be a string or null"
						 : "must be a string");
				return -1;
			}
			if (tkin_check_str(st, f, c->valuestring, e) != 0)
				return -1;
			tk_change_str(ch, f, c->valuestring);
			break;
		case TKS_BOOL:
			if (!cJSON_IsBool(c)) {
				verr_set(e, 400, "invalid_field", name,
					 "must be true or false");
				return -1;
			}
			tk_change_int(ch, f, cJSON_IsTrue(c) ? 1 : 0);
			break;
		case TKS_JSON:
			if (f == TKF_EXTRA) {
				extra = c; /* needs the category: later */
				break;
			}
			if ((f == TKF_TAGS ? tags_from_json(c, &json, e)
					   : tkin_units(st, c, name, &json,
							e)) != 0)
				return -1;
			tk_change_str(ch, f, json);
			cJSON_free(json);
			json = NULL;
			break;
		default:
			verr_set(e, 400, "invalid_field", name,
				 "read-only field");
			return -1;
		}
	}
	if (extra) {
		const char *cat = ch->set[TKF_CATEGORY_CODE]
					  ? tk_rec_s(&ch->rec,
						     TKF_CATEGORY_CODE)
				  : cur ? tk_rec_s(cur, TKF_CATEGORY_CODE)
					: "";

		if (extra_from_json(st, cat, extra, &json, e) != 0)
			return -1;
		tk_change_str(ch, TKF_EXTRA, json);
		cJSON_free(json);
	}
	if (!patch)
		set_defaults(ch);
	return 0;
}
