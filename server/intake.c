/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake.c - /v1/intake-items: the online queue of other channels (see
 * intake.h), and the demo items of data/intake_items.tsv.
 */
#include "intake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "auth.h"
#include "events.h"
#include "jsonv.h"
#include "log.h"
#include "reqparse.h"
#include "srv.h"
#include "tkinput.h"
#include "tkrec.h"

#define LIST_DEFAULT 50
#define LIST_MAX 200
#define LIMIT_CHARS 12
#define FUTURE_SLACK 300 /* received_at may be this far ahead (clocks) */

static long long
now_s(void)
{
	return (long long)time(NULL);
}

void
store_intake_item_free(struct store_intake_item *it)
{
	if (!it)
		return;
	FREE(it->channel);
	FREE(it->external_id);
	FREE(it->citizen_phone);
	FREE(it->citizen_name);
	FREE(it->subject);
	FREE(it->content);
	FREE(it->created_by);
	FREE(it->body_hash);
	FREE(it->state);
	FREE(it->claimed_by);
	FREE(it->ticket_no);
}

void
store_intake_items_free(struct store_intake_item *it, size_t n)
{
	size_t i;

	for (i = 0; it && i < n; i++)
		store_intake_item_free(&it[i]);
	free(it);
}

int
intake_channel_ok(const char *wire)
{
	int c = tk_enum_parse(TKE_CHANNEL, wire ? wire : "");

	return c >= 0 && c != CH_PHONE && c != CH_POLICE_110;
}

static int
external_id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > INTAKE_EXTERNAL_ID_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == ':' || c == '-'))
			return 0;
	}
	return 1;
}

/* Checks the input fields of it (strings non-NULL, valid UTF-8).
 * 0, or -1 with *e. */
static int
intake_check(const struct store_intake_item *it, struct verr *e)
{
	if (!intake_channel_ok(it->channel)) {
		verr_set(e, 400, "unknown_value", "channel",
			 "not a channel of the online queue (WEB, WECHAT, "
			 "APP, SMS, PEOPLE_DAILY, PROVINCE, MAILBOX)");
		return -1;
	}
	if (!external_id_ok(it->external_id)) {
		verr_set(e, 400, "invalid_field", "external_id",
			 "1 to %d characters of A-Z a-z 0-9 . _ : -",
			 INTAKE_EXTERNAL_ID_MAX);
		return -1;
	}
	if (*it->citizen_phone && !tkin_phone_ok(it->citizen_phone)) {
		verr_set(e, 400, "invalid_field", "citizen_phone",
			 "a phone number is 3 to 20 digits");
		return -1;
	}
	if (jsonv_text(it->citizen_name, "citizen_name", INTAKE_NAME_MAX, 1, 0,
		       e) != 0 ||
	    jsonv_text(it->subject, "subject", INTAKE_SUBJECT_MAX, 1, 0,
		       e) != 0)
		return -1;
	if (!*it->content) {
		verr_set(e, 400, "missing_field", "content", "empty");
		return -1;
	}
	if (jsonv_text(it->content, "content", INTAKE_CONTENT_MAX, 0, 1, e) !=
	    0)
		return -1;
	return 0;
}

/* body_hash: SHA-256 of the fields that define the item. */
static void
intake_hash(struct store_intake_item *it, const char *received)
{
	struct buf b;
	char hex[AUTH_TOKEN_LEN + 1];

	buf_init(&b, 0);
	buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", it->channel,
		   it->external_id, it->citizen_phone, it->citizen_name,
		   it->subject, it->content, received ? received : "");
	auth_sha256_hex(b.data, b.len, hex);
	buf_free(&b);
	it->body_hash = xstrdup(hex);
}

cJSON *
intake_item_to_json(const struct store_intake_item *it)
{
	cJSON *o = cJSON_CreateObject();
	char t[32];
	long long now = now_s();

	cJSON_AddNumberToObject(o, "id", (double)it->id);
	cJSON_AddStringToObject(o, "channel", it->channel);
	cJSON_AddStringToObject(o, "external_id", it->external_id);
	cJSON_AddStringToObject(o, "citizen_phone", it->citizen_phone);
	cJSON_AddStringToObject(o, "citizen_name", it->citizen_name);
	cJSON_AddStringToObject(o, "subject", it->subject);
	cJSON_AddStringToObject(o, "content", it->content);
	tk_iso_time(t, it->received_at);
	cJSON_AddStringToObject(o, "received_at", t);
	cJSON_AddNumberToObject(o, "waiting_s",
				(double)(now > it->received_at
						 ? now - it->received_at
						 : 0));
	cJSON_AddStringToObject(o, "state", it->state);
	if (*it->claimed_by) {
		cJSON_AddStringToObject(o, "claimed_by", it->claimed_by);
		tk_iso_time(t, it->claimed_at);
		cJSON_AddStringToObject(o, "claimed_at", t);
	} else {
		cJSON_AddNullToObject(o, "claimed_by");
		cJSON_AddNullToObject(o, "claimed_at");
	}
	if (*it->ticket_no)
		cJSON_AddStringToObject(o, "ticket_no", it->ticket_no);
	else
		cJSON_AddNullToObject(o, "ticket_no");
	cJSON_AddStringToObject(o, "created_by", it->created_by);
	tk_iso_time(t, it->created_at);
	cJSON_AddStringToObject(o, "created_at", t);
	cJSON_AddNumberToObject(o, "version", (double)it->version);
	return o;
}

void
intake_publish(long long id, const char *state)
{
	struct ev_audience aud = {.all = 1};
	char txt[96];

	snprintf(txt, sizeof txt, "{\"id\":%lld,\"state\":\"%s\"}", id,
		 state);
	events_publish("intake.changed", &aud, txt);
}

static void
reply_item(struct req *r, unsigned status, const struct store_intake_item *it)
{
	reply_header(r, "ETag", "\"%lld\"", it->version);
	reply_json(r, status, intake_item_to_json(it));
}

/* ---- POST /v1/intake-items ------------------------------------------- */

/* Optional string member as a copy ("" when absent). */
static int
opt_str(const cJSON *body, const char *key, char **out, struct verr *e)
{
	const char *v = NULL;

	if (jsonv_str(body, key, 0, &v, e) < 0)
		return -1;
	*out = xstrdup(v ? v : "");
	return 0;
}

void
h_intake_create(struct req *r)
{
	static const char *const keys[] = {
		"channel",	"external_id", "citizen_phone", "citizen_name",
		"subject",	"content",     "received_at",	NULL};
	struct store *st = r->srv->store;
	struct store_intake_item in = {0}, it = {0};
	const char *received = NULL;
	struct verr e = {0};
	long long now = now_s(), id = 0;
	int existed = 0;
	enum status rc;
	cJSON *body;

	body = req_json(r, 0);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    opt_str(body, "channel", &in.channel, &e) ||
	    opt_str(body, "external_id", &in.external_id, &e) ||
	    opt_str(body, "citizen_phone", &in.citizen_phone, &e) ||
	    opt_str(body, "citizen_name", &in.citizen_name, &e) ||
	    opt_str(body, "subject", &in.subject, &e) ||
	    opt_str(body, "content", &in.content, &e) ||
	    jsonv_str(body, "received_at", 0, &received, &e) < 0) {
		reply_verr(r, &e);
		goto out;
	}
	{
		static const char *const need[] = {"channel", "external_id",
						   "content", NULL};
		size_t i;

		for (i = 0; need[i]; i++)
			if (!cJSON_GetObjectItemCaseSensitive(body, need[i]))
				break;
		if (need[i]) {
			reply_error(r, 400, "missing_field", need[i],
				    "required");
			goto out;
		}
	}
	if (intake_check(&in, &e) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	in.received_at = now;
	if (received) {
		if (tk_parse_iso(received, &in.received_at) != 0) {
			reply_error(r, 400, "invalid_field", "received_at",
				    "an ISO 8601 time such as "
				    "2026-11-28T20:18:50Z");
			goto out;
		}
		if (in.received_at > now + FUTURE_SLACK ||
		    in.received_at < 946684800LL) {
			reply_error(r, 400, "invalid_field", "received_at",
				    "in the future or before 2000");
			goto out;
		}
	}
	in.created_by = xstrdup(r->agent.username);
	intake_hash(&in, received);
	rc = st->ops->intake_create(st, &in, now, &id, &existed);
	if (rc == ST_EXISTS) {
		reply_error(r, 409, "external_id_conflict", "external_id",
			    "%s %s was posted before with other content "
			    "(item %lld)",
			    in.channel, in.external_id, id);
		goto out;
	}
	if (rc != ST_OK || st->ops->intake_get(st, id, &it) != ST_OK) {
		reply_internal(r);
		goto out;
	}
	if (!existed) {
		slog(SLOG_INFO, "intake: item %lld from %s by %s", id,
		     in.channel, r->agent.username);
		intake_publish(id, it.state);
		reply_header(r, "Location", "/v1/intake-items/%lld", id);
	}
	reply_item(r, existed ? 200 : 201, &it);
out:
	store_intake_item_free(&in);
	store_intake_item_free(&it);
	cJSON_Delete(body);
}

/* ---- GET /v1/intake-items -------------------------------------------- */

static int
cursor_decode(const char *s, long long *at, long long *id)
{
	char *end = NULL;

	if (strlen(s) > 40 || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*at = strtoll(s, &end, 10);
	if (errno || !end || *end != '.' || end[1] < '1' || end[1] > '9')
		return -1;
	*id = req_parse_id(end + 1);
	return *id < 0 ? -1 : 0;
}

void
h_intake_list(struct req *r)
{
	static const char *const states[] = {"waiting", "claimed", "done",
					     "open", NULL};
	struct store *st = r->srv->store;
	struct store_intake_filter f = {0};
	const char *state = req_query(r, "state");
	const char *lim = req_query(r, "limit");
	const char *cur = req_query(r, "cursor");
	struct store_intake_item *items = NULL;
	long limit = LIST_DEFAULT;
	char next[64];
	size_t n = 0, i;
	cJSON *o, *arr;

	if (state && *state) {
		for (i = 0; states[i]; i++)
			if (strcmp(state, states[i]) == 0)
				break;
		if (!states[i]) {
			reply_error(r, 400, "unknown_value", "state",
				    "state is waiting, claimed, done or open");
			return;
		}
		f.state = state;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, LIST_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d", LIST_MAX);
		return;
	}
	if (cur && *cur) {
		if (cursor_decode(cur, &f.cur_at, &f.cur_id) != 0) {
			reply_error(r, 400, "invalid_field", "cursor",
				    "not a cursor from this server");
			return;
		}
		f.has_cursor = 1;
	}
	f.limit = (int)limit + 1;
	if (st->ops->intake_list(st, &f, &items, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(arr, intake_item_to_json(&items[i]));
	if (n > (size_t)limit) {
		snprintf(next, sizeof next, "%lld.%lld",
			 items[limit - 1].received_at, items[limit - 1].id);
		cJSON_AddStringToObject(o, "next_cursor", next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	store_intake_items_free(items, n);
	reply_json(r, 200, o);
}

/* ---- GET /v1/intake-items/{id}, claim, release ------------------------ */

/* The path id, or -1 after replying 404. */
static long long
path_id(struct req *r)
{
	long long id = req_parse_id(r->seg[2]);

	if (id < 0)
		reply_error(r, 404, "not_found", NULL, "no such intake item");
	return id;
}

void
h_intake_get(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_intake_item it = {0};
	long long id = path_id(r);
	enum status rc;

	if (id < 0)
		return;
	rc = st->ops->intake_get(st, id, &it);
	if (rc == ST_NOT_FOUND)
		reply_error(r, 404, "not_found", NULL, "no such intake item");
	else if (rc != ST_OK)
		reply_internal(r);
	else
		reply_item(r, 200, &it);
	store_intake_item_free(&it);
}

/* The body of claim and release must be empty or {}. */
static int
empty_body(struct req *r)
{
	cJSON *body = req_json(r, 1);
	struct verr e = {0};
	static const char *const none[] = {NULL};
	int ok;

	if (!body)
		return 0;
	ok = jsonv_check_keys(body, none, NULL, &e) == 0;
	if (!ok)
		reply_verr(r, &e);
	cJSON_Delete(body);
	return ok;
}

void
h_intake_claim(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_intake_item it = {0};
	long long id = path_id(r);
	enum status rc;

	if (id < 0 || !empty_body(r))
		return;
	rc = st->ops->intake_claim(st, id, r->agent.username, now_s(), &it);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such intake item");
	} else if (rc == ST_CONFLICT) {
		if (strcmp(it.state, "done") == 0)
			reply_error(r, 409, "already_done", NULL,
				    "item %lld is done (ticket %s)", id,
				    it.ticket_no);
		else
			reply_error(r, 409, "already_claimed", NULL,
				    "item %lld is already claimed by %s", id,
				    it.claimed_by);
	} else if (rc != ST_OK) {
		reply_internal(r);
	} else {
		intake_publish(id, it.state);
		slog(SLOG_INFO, "intake: item %lld claimed by %s", id,
		     r->agent.username);
		reply_item(r, 200, &it);
	}
	store_intake_item_free(&it);
}

void
h_intake_release(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_intake_item it = {0};
	long long id = path_id(r);
	int force = r->agent.role == ROLE_SUPERVISOR ||
		    r->agent.role == ROLE_ADMIN;
	enum status rc;

	if (id < 0 || !empty_body(r))
		return;
	rc = st->ops->intake_release(st, id, r->agent.username, force, now_s(),
				     &it);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such intake item");
	} else if (rc == ST_CONFLICT) {
		if (strcmp(it.state, "claimed") == 0)
			reply_error(r, 409, "not_claimed", NULL,
				    "item %lld is claimed by %s, not by you",
				    id, it.claimed_by);
		else
			reply_error(r, 409, "not_claimed", NULL,
				    "item %lld is %s, not claimed", id,
				    it.state);
	} else if (rc != ST_OK) {
		reply_internal(r);
	} else {
		intake_publish(id, it.state);
		reply_item(r, 200, &it);
	}
	store_intake_item_free(&it);
}

/* ---- POST /v1/tickets with intake_item_id ---------------------------- */

int
intake_ticket_item(struct req *r, const cJSON *v,
		   struct store_intake_item *out)
{
	struct store *st = r->srv->store;
	enum status rc;
	double d;

	memset(out, 0, sizeof *out);
	d = cJSON_IsNumber(v) ? v->valuedouble : -1;
	if (!cJSON_IsNumber(v) || d < 1 || d > 1e15 ||
	    d != (double)(long long)d) {
		reply_error(r, 400, "invalid_field", "intake_item_id",
			    "must be the id of an intake item");
		return -1;
	}
	rc = st->ops->intake_get(st, (long long)d, out);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 400, "unknown_value", "intake_item_id",
			    "no such intake item");
		return -1;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return -1;
	}
	if (strcmp(out->state, "done") == 0 ||
	    (strcmp(out->state, "claimed") == 0 &&
	     strcmp(out->claimed_by, r->agent.username) == 0))
		return 0;
	if (strcmp(out->state, "claimed") == 0)
		reply_error(r, 409, "not_claimed", "intake_item_id",
			    "intake item %lld is claimed by %s", out->id,
			    out->claimed_by);
	else
		reply_error(r, 409, "not_claimed", "intake_item_id",
			    "claim intake item %lld first", out->id);
	store_intake_item_free(out);
	memset(out, 0, sizeof *out);
	return -1;
}

/* ---- the demo items ---------------------------------------------------- */

/* Splits line at TABs into at most max fields; the count. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	return p ? max + 1 : n;
}

/* "\n" in a TSV cell is a line break. */
static char *
unescape(const char *s)
{
	struct buf b;
	char *out;

	buf_init(&b, strlen(s) + 1);
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			buf_putc(&b, '\n');
			s++;
		} else {
			buf_putc(&b, *s);
		}
	}
	out = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

int
intake_seed(struct store *st, const char *dir, long long now, char *err,
	    size_t errcap)
{
	static const char header[] = "minutes_ago\tchannel\texternal_id\t"
				     "citizen_phone\tcitizen_name\tsubject\t"
				     "content";
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, seen_header = 0, count = 0, rc = 0;
	FILE *fp;

	snprintf(path, sizeof path, "%s/intake_items.tsv", dir);
	fp = fopen(path, "r");
	if (!fp)
		return 0; /* optional */
	while ((len = getline(&line, &cap, fp)) >= 0) {
		struct store_intake_item in = {0};
		struct verr e = {0};
		char *f[8];
		long long id = 0, ago;
		char *end = NULL, rec[32];
		int existed = 0;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
				   line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (!seen_header) {
			if (strcmp(line, header) != 0) {
				snprintf(err, errcap, "%s:%d: the header must "
						      "be: %s",
					 path, lineno, header);
				rc = -1;
				break;
			}
			seen_header = 1;
			continue;
		}
		if (!u8_valid(line, (size_t)len) ||
		    split_tabs(line, f, 7) != 7) {
			snprintf(err, errcap, "%s:%d: not 7 TAB-separated "
					      "UTF-8 columns",
				 path, lineno);
			rc = -1;
			break;
		}
		errno = 0;
		ago = strtoll(f[0], &end, 10);
		if (errno || !end || *end || end == f[0] || ago < 0 ||
		    ago > 100000) {
			snprintf(err, errcap, "%s:%d: minutes_ago '%s' is not "
					      "0 to 100000",
				 path, lineno, f[0]);
			rc = -1;
			break;
		}
		in.channel = xstrdup(f[1]);
		in.external_id = xstrdup(f[2]);
		in.citizen_phone = xstrdup(f[3]);
		in.citizen_name = xstrdup(f[4]);
		in.subject = xstrdup(f[5]);
		in.content = unescape(f[6]);
		in.created_by = xstrdup("seed");
		in.received_at = now - ago * 60;
		if (intake_check(&in, &e) != 0) {
			snprintf(err, errcap, "%s:%d: %s: %s", path, lineno,
				 e.field, e.msg);
			store_intake_item_free(&in);
			rc = -1;
			break;
		}
		tk_iso_time(rec, in.received_at);
		intake_hash(&in, rec);
		if (st->ops->intake_create(st, &in, now, &id, &existed) !=
			    ST_OK ||
		    existed) {
			snprintf(err, errcap, "%s:%d: not stored (duplicate "
					      "external_id?)",
				 path, lineno);
			store_intake_item_free(&in);
			rc = -1;
			break;
		}
		store_intake_item_free(&in);
		count++;
	}
	free(line);
	fclose(fp);
	if (rc == 0)
		slog(SLOG_INFO, "seed: loaded %d online-queue items", count);
	return rc;
}
