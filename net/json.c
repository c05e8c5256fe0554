/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c - hotlined's JSON replies → core/model.h structs.
 *
 * With calls_json.c and jsonget.c (the shared field readers nj_*), the only
 * files of the client that touch cJSON.  Every reply is parsed,
 * copied into model structs and freed here; callers never see a cJSON
 * pointer.  Rules, applied to every field:
 *
 *  - Every string passes u8_sanitize(): multi-line text (content,
 *    direct_reply) with SAN_KEEP_NEWLINE | SAN_FOLD_AMBIGUOUS, everything
 *    else with SAN_FOLD_AMBIGUOUS (a newline becomes a space).  Opaque
 *    values we send back (next_cursor) are sanitized without folding so
 *    they survive the round trip.  The login token is not text: it must be
 *    token68 characters (RFC 6750) or the reply is refused.
 *  - Optional strings that are missing or null become "" (never NULL).
 *    Required ones (ticket_no, state, username, token, error.code) must be
 *    non-empty strings.
 *  - A value of the wrong JSON type (a number sent as a string, an object
 *    where an array belongs) fails the whole reply with ST_PARSE: we never
 *    guess.  Fields we do not model are ignored whatever their type.
 *  - Numbers are read through valuedouble (valueint saturates at INT_MAX)
 *    and must be integral and within 0 .. 1e15-1 (the contract's id range).
 *  - Enums: an unknown wire name is tolerated so that a newer server does
 *    not blank the agent's screen.  The int-typed enums (channel, appeal
 *    type, urgency, handling mode) and role/state become -1; for the
 *    enum-typed fields that is (enum tk_state)-1 / (enum role)-1, a value
 *    outside 0..COUNT-1 which label functions must treat as unknown.  The
 *    ticket is still returned (and still shown).  A missing or null enum is
 *    -1 as well, except state, which is required.
 */
#include "parse.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "api.h"
#include "jsonget.h"
#include "../core/utf8.h"

#define ONE_LINE SAN_FOLD_AMBIGUOUS
#define MULTI_LINE (SAN_KEEP_NEWLINE | SAN_FOLD_AMBIGUOUS)
#define OPAQUE 0u
#define TOKEN_MAX 512

/* ---- agent ---------------------------------------------------------- */

static int
agent_from(const cJSON *o, const char *path, struct agent_info *out,
	   struct nj_err *e)
{
	const cJSON *desks, *d;
	const char *w;
	enum role r;
	size_t i;

	if (!o)
		return nj_fail(e, path, NULL, ": missing");
	if (!cJSON_IsObject(o))
		return nj_fail(e, path, NULL,
			       *path ? ": not an object"
				     : "reply is not an object");
	if (nj_get_num(o, path, "id", 1, &out->id, e) < 0 ||
	    nj_get_str(o, path, "username", ONE_LINE, 1, &out->username, e) <
		0 ||
	    nj_get_str(o, path, "display_name", ONE_LINE, 0, &out->display_name,
		       e) < 0 ||
	    nj_get_wire(o, path, "role", &w, e) < 0)
		return -1;
	out->role = (enum role)-1;
	if (w && role_parse(w, &r) == 0)
		out->role = r;
	desks = cJSON_GetObjectItemCaseSensitive(o, "desks");
	if (!desks || cJSON_IsNull(desks))
		return 0;
	if (!cJSON_IsArray(desks))
		return nj_fail(e, path, "desks", ": not an array");
	out->n_desks = (size_t)cJSON_GetArraySize(desks);
	if (out->n_desks == 0)
		return 0;
	out->desks = xcalloc(out->n_desks, sizeof(*out->desks));
	i = 0;
	cJSON_ArrayForEach(d, desks) {
		if (!cJSON_IsString(d) || !d->valuestring)
			return nj_fail(e, path, "desks", "[]: not a string");
		out->desks[i++] = nj_san(d->valuestring, ONE_LINE);
	}
	return 0;
}

enum status
api_json_agent(const char *json, size_t len, struct agent_info *out,
	       char *why, size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc;

	nj_init(&e, why, why_cap);
	memset(out, 0, sizeof(*out));
	if (!(root = nj_parse(json, len, 0, &e)))
		return ST_PARSE;
	rc = agent_from(root, "", out, &e);
	cJSON_Delete(root);
	if (rc < 0) {
		agent_info_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

static int
token_ok(const char *t)
{
	size_t n = strlen(t), i = 0;

	if (n == 0 || n > TOKEN_MAX)
		return 0;
	while (i < n && (((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z') ||
			 (t[i] >= '0' && t[i] <= '9') ||
			 strchr("-._~+/", t[i])))
		i++;
	if (i == 0)
		return 0;
	while (i < n && t[i] == '=')
		i++;
	return i == n;
}

enum status
api_json_login(const char *json, size_t len, char **token,
	       struct agent_info *out, char *why, size_t why_cap)
{
	const cJSON *tok;
	struct nj_err e;
	cJSON *root;
	int rc = -1;

	nj_init(&e, why, why_cap);
	*token = NULL;
	memset(out, 0, sizeof(*out));
	if (!(root = nj_parse(json, len, 0, &e)))
		return ST_PARSE;
	tok = cJSON_GetObjectItemCaseSensitive(root, "token");
	if (!cJSON_IsObject(root))
		nj_fail(&e, NULL, NULL, "reply is not an object");
	else if (!cJSON_IsString(tok) || !tok->valuestring)
		nj_fail(&e, "", "token", tok ? ": not a string" : ": missing");
	else if (!token_ok(tok->valuestring))
		nj_fail(&e, "", "token", ": not a token68 string");
	else
		rc = agent_from(cJSON_GetObjectItemCaseSensitive(root, "agent"),
				"agent", out, &e);
	if (rc == 0)
		*token = xstrdup(tok->valuestring);
	cJSON_Delete(root);
	if (rc < 0) {
		agent_info_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

/* ---- tickets -------------------------------------------------------- */

#define TKS_(key, member, flags, need)                                        \
	{ key, offsetof(struct ticket, member), flags, need }

static const struct {
	const char *key;
	size_t off;
	unsigned flags;
	int need;
} ticket_strs[] = {
	TKS_("ticket_no", ticket_no, ONE_LINE, 1),
	TKS_("title", title, ONE_LINE, 0),
	TKS_("content", content, MULTI_LINE, 0),
	TKS_("category_code", category_code, ONE_LINE, 0),
	TKS_("category_name", category_name, ONE_LINE, 0),
	TKS_("town_code", town_code, ONE_LINE, 0),
	TKS_("town_name", town_name, ONE_LINE, 0),
	TKS_("address", address, ONE_LINE, 0),
	TKS_("caller_phone", caller_phone, ONE_LINE, 0),
	TKS_("caller_name", caller_name, ONE_LINE, 0),
	TKS_("lead_unit_code", lead_unit_code, ONE_LINE, 0),
	TKS_("lead_unit_name", lead_unit_name, ONE_LINE, 0),
	TKS_("direct_reply", direct_reply, MULTI_LINE, 0),
	TKS_("deadline", deadline, ONE_LINE, 0),
	TKS_("supervised_due_at", supervised_due_at, ONE_LINE, 0),
	TKS_("created_at", created_at, ONE_LINE, 0),
	TKS_("updated_at", updated_at, ONE_LINE, 0),
	TKS_("created_by", created_by, ONE_LINE, 0),
};

#define EVS_(key, member)                                                     \
	{ key, offsetof(struct ticket_event, member) }

static const struct {
	const char *key;
	size_t off;
} event_strs[] = {
	EVS_("at", at),
	EVS_("actor", actor),
	EVS_("action", action),
	EVS_("from_state", from_state),
	EVS_("to_state", to_state),
	EVS_("comment", comment),
};

static int
event_from(const cJSON *o, const char *path, struct ticket_event *ev,
	   struct nj_err *e)
{
	size_t i;

	if (!cJSON_IsObject(o))
		return nj_fail(e, path, NULL, ": not an object");
	if (nj_get_num(o, path, "id", 1, &ev->id, e) < 0)
		return -1;
	for (i = 0; i < sizeof(event_strs) / sizeof(event_strs[0]); i++) {
		char **dst = (char **)((char *)ev + event_strs[i].off);

		if (nj_get_str(o, path, event_strs[i].key, ONE_LINE, 0, dst,
			       e) < 0)
			return -1;
	}
	return 0;
}

static int
ticket_from(const cJSON *o, const char *path, struct ticket *t,
	    struct nj_err *e)
{
	const cJSON *evs, *ev;
	enum tk_state s;
	const char *w;
	char sub[64];
	size_t i;

	if (!cJSON_IsObject(o))
		return nj_fail(e, path, NULL,
			       *path ? ": not an object"
				     : "reply is not an object");
	for (i = 0; i < sizeof(ticket_strs) / sizeof(ticket_strs[0]); i++) {
		char **dst = (char **)((char *)t + ticket_strs[i].off);

		if (nj_get_str(o, path, ticket_strs[i].key,
			       ticket_strs[i].flags, ticket_strs[i].need, dst,
			       e) < 0)
			return -1;
	}
	if (nj_get_wire(o, path, "state", &w, e) < 0)
		return -1;
	if (!w || !*w)
		return nj_fail(e, path, "state", ": missing");
	t->state = (enum tk_state)-1;
	if (tk_state_parse(w, &s) == 0)
		t->state = s;
	if (nj_get_enum(o, path, "appeal_type", TKE_APPEAL, &t->appeal_type,
			e) < 0 ||
	    nj_get_enum(o, path, "channel", TKE_CHANNEL, &t->channel, e) < 0 ||
	    nj_get_enum(o, path, "urgency", TKE_URGENCY, &t->urgency, e) < 0 ||
	    nj_get_enum(o, path, "handling_mode", TKE_MODE, &t->handling_mode,
			e) < 0 ||
	    nj_get_num(o, path, "version", 0, &t->version, e) < 0)
		return -1;

	evs = cJSON_GetObjectItemCaseSensitive(o, "events");
	if (!evs || cJSON_IsNull(evs))
		return 0;
	if (!cJSON_IsArray(evs))
		return nj_fail(e, path, "events", ": not an array");
	t->n_events = (size_t)cJSON_GetArraySize(evs);
	if (t->n_events == 0)
		return 0;
	t->events = xcalloc(t->n_events, sizeof(*t->events));
	i = 0;
	cJSON_ArrayForEach(ev, evs) {
		snprintf(sub, sizeof(sub), "%s%sevents[%zu]", path,
			 *path ? "." : "", i);
		if (event_from(ev, sub, &t->events[i], e) < 0)
			return -1;
		i++;
	}
	return 0;
}

enum status
api_json_ticket(const char *json, size_t len, struct ticket *out, char *why,
		size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc;

	nj_init(&e, why, why_cap);
	memset(out, 0, sizeof(*out));
	if (!(root = nj_parse(json, len, 0, &e)))
		return ST_PARSE;
	rc = ticket_from(root, "", out, &e);
	cJSON_Delete(root);
	if (rc < 0) {
		ticket_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

enum status
api_json_page(const char *json, size_t len, struct ticket_page *out,
	      char *why, size_t why_cap)
{
	const cJSON *items, *it;
	struct nj_err e;
	cJSON *root;
	char sub[32];
	int rc = -1;
	size_t i;

	nj_init(&e, why, why_cap);
	memset(out, 0, sizeof(*out));
	if (!(root = nj_parse(json, len, 0, &e)))
		return ST_PARSE;
	items = cJSON_GetObjectItemCaseSensitive(root, "items");
	if (!cJSON_IsObject(root)) {
		nj_fail(&e, NULL, NULL, "reply is not an object");
		goto out;
	}
	if (!items) {
		nj_fail(&e, "", "items", ": missing");
		goto out;
	}
	if (!cJSON_IsArray(items)) {
		nj_fail(&e, "", "items", ": not an array");
		goto out;
	}
	if (nj_get_str(root, "", "next_cursor", OPAQUE, 0, &out->next_cursor,
		       &e) < 0)
		goto out;
	out->n = (size_t)cJSON_GetArraySize(items);
	if (out->n > 0)
		out->items = xcalloc(out->n, sizeof(*out->items));
	i = 0;
	cJSON_ArrayForEach(it, items) {
		snprintf(sub, sizeof(sub), "items[%zu]", i);
		if (ticket_from(it, sub, &out->items[i], &e) < 0)
			goto out;
		i++;
	}
	rc = 0;
out:
	cJSON_Delete(root);
	if (rc < 0) {
		ticket_page_free(out);
		return ST_PARSE;
	}
	return ST_OK;
}

/* ---- errors, health ------------------------------------------------- */

enum status
api_json_error(const char *json, size_t len, char **code, char **message,
	       char **field, char *why, size_t why_cap)
{
	const cJSON *err;
	struct nj_err e;
	cJSON *root;
	char *fld = NULL;

	nj_init(&e, why, why_cap);
	*code = NULL;
	*message = NULL;
	if (field)
		*field = NULL;
	if (!(root = nj_parse(json, len, 0, &e)))
		return ST_PARSE;
	err = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (!cJSON_IsObject(err)) {
		nj_fail(&e, "", "error", err ? ": not an object" : ": missing");
		goto fail;
	}
	if (nj_get_str(err, "error", "code", ONE_LINE, 1, code, &e) < 0 ||
	    nj_get_str(err, "error", "message", ONE_LINE, 0, message, &e) < 0 ||
	    nj_get_str(err, "error", "field", ONE_LINE, 0, &fld, &e) < 0)
		goto fail;
	cJSON_Delete(root);
	/* the input field named, NULL when none */
	if (fld && !*fld)
		FREE(fld);
	if (field)
		*field = fld;
	else
		free(fld);
	return ST_OK;
fail:
	cJSON_Delete(root);
	FREE(*code);
	FREE(*message);
	free(fld);
	return ST_PARSE;
}

enum status
api_json_health(const char *json, size_t len, char **version, char *why,
		size_t why_cap)
{
	struct nj_err e;
	cJSON *root;
	int rc = -1;

	nj_init(&e, why, why_cap);
	*version = NULL;
	if (!(root = nj_parse(json, len, 0, &e)))
		return ST_PARSE;
	if (!cJSON_IsObject(root))
		nj_fail(&e, NULL, NULL, "reply is not an object");
	else
		rc = nj_get_str(root, "", "version", ONE_LINE, 0, version, &e);
	cJSON_Delete(root);
	return rc < 0 ? ST_PARSE : ST_OK;
}

char *
api_json_login_body(const char *user, const char *password)
{
	cJSON *o = cJSON_CreateObject();
	char *s, *r;

	if (!o || !cJSON_AddStringToObject(o, "username", user ? user : "") ||
	    !cJSON_AddStringToObject(o, "password",
				     password ? password : "")) {
		cJSON_Delete(o);
		return NULL;
	}
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		return NULL;
	/* Hand back memory of our own allocator, wiping cJSON's copy. */
	r = xstrdup(s);
	explicit_bzero(s, strlen(s));
	cJSON_free(s);
	return r;
}

/* ---- the public wrappers (api.h) ------------------------------------ */

enum status
api_parse_agent(const char *json, size_t len, struct agent_info *out)
{
	return api_json_agent(json, len, out, NULL, 0);
}

enum status
api_parse_login(const char *json, size_t len, char **token,
		struct agent_info *out)
{
	return api_json_login(json, len, token, out, NULL, 0);
}

enum status
api_parse_ticket(const char *json, size_t len, struct ticket *out)
{
	return api_json_ticket(json, len, out, NULL, 0);
}

enum status
api_parse_page(const char *json, size_t len, struct ticket_page *out)
{
	return api_json_page(json, len, out, NULL, 0);
}

enum status
api_parse_error(const char *json, size_t len, char **code, char **message,
		char **field)
{
	return api_json_error(json, len, code, message, field, NULL, 0);
}
