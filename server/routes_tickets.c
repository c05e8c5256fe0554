/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_tickets.c - /v1/tickets: list, create (Idempotency-Key), read
 * (ETag), edit (If-Match) and actions (core/ticket.c decides every state
 * change; this file only adds what each action writes).
 */
#include "routes.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "../core/workday.h"
#include "events.h"
#include "intake.h"
#include "log.h"
#include "reqparse.h"
#include "tkinput.h"
#include "training.h"

#define LIST_DEFAULT 50
#define LIST_MAX 200
#define LIMIT_CHARS 12 /* longest ?limit= accepted */
#define ACTION_RETRIES 3
#define IDEM_KEY_MAX 128
#define MAX_EXTENSIONS 2

static long long
now_s(void)
{
	return (long long)time(NULL);
}

/* Event ticket.changed to the ticket's creator and the supervisors. */
static void
publish_changed(const struct tk_rec *cur, const char *no, const char *state,
		long long version)
{
	struct ev_audience aud = {.username = tk_rec_s(cur, TKF_CREATED_BY),
				  .supervisors = 1};
	cJSON *o = cJSON_CreateObject();
	char *txt;

	cJSON_AddStringToObject(o, "ticket_no", no);
	cJSON_AddStringToObject(o, "state", state);
	cJSON_AddNumberToObject(o, "version", (double)version);
	txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (txt)
		events_publish("ticket.changed", &aud, txt);
	free(txt);
}

/* Reply with the full ticket (events included) and its ETag. */
static void
reply_ticket(struct req *r, unsigned status, const char *no)
{
	struct store *st = r->srv->store;
	struct tk_event *ev = NULL;
	struct tk_rec t;
	size_t n = 0;
	enum status rc;

	rc = st->ops->get_ticket(st, no, &t, &ev, &n);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	/* training space (issue #7): a unit never sees a training ticket */
	if (!training_visible(r->agent.role, &t)) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
		tk_events_free(ev, n);
		tk_rec_free(&t);
		return;
	}
	reply_header(r, "ETag", "\"%lld\"", t.v[TKF_VERSION].n);
	if (status == 201)
		reply_header(r, "Location", "/v1/tickets/%s", no);
	reply_json(r, status,
		   tk_rec_to_json(&t, now_s(), r->srv->cal, 1, ev, n));
	tk_events_free(ev, n);
	tk_rec_free(&t);
}

/* ---- list ----------------------------------------------------------- */

static void
cursor_encode(char *out, size_t cap, long long at, const char *no)
{
	char raw[64];
	int n = snprintf(raw, sizeof raw, "%lld:%s", at, no);

	sodium_bin2base64(out, cap, (const unsigned char *)raw, (size_t)n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int
cursor_decode(const char *s, long long *at, char no[32])
{
	unsigned char raw[64];
	size_t n = 0;
	char *colon, *end = NULL;

	if (strlen(s) > 80 ||
	    sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &n,
			      NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	raw[n] = '\0';
	colon = strchr((char *)raw, ':');
	if (!colon || colon == (char *)raw)
		return -1;
	*colon = '\0';
	*at = strtoll((char *)raw, &end, 10);
	if (!end || *end || !tk_no_valid(colon + 1) || strlen(colon + 1) > 31)
		return -1;
	snprintf(no, 32, "%s", colon + 1);
	return 0;
}

void
h_tickets_list(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_ticket_filter f = {0};
	const char *mine = req_query(r, "mine");
	const char *state = req_query(r, "state");
	const char *phone = req_query(r, "phone");
	const char *q = req_query(r, "q");
	const char *lim = req_query(r, "limit");
	const char *cur = req_query(r, "cursor");
	const char *flag = req_query(r, "flag"); /* issue #6 */
	const char *training = req_query(r, "training");
	struct tk_rec *items = NULL;
	enum tk_state ts;
	char cur_no[32], next[128];
	long limit = LIST_DEFAULT;
	long long now = now_s();
	size_t n = 0, i;
	cJSON *o, *arr;

	if (mine && *mine) {
		if (!strcmp(mine, "1") || !strcmp(mine, "true")) {
			f.created_by = r->agent.username;
		} else if (strcmp(mine, "0") && strcmp(mine, "false")) {
			reply_error(r, 400, "invalid_field", "mine",
				    "mine is 1 or 0");
			return;
		}
	}
	/* training space (issue #7): live tickets unless training=1 */
	if (training && *training) {
		if (!strcmp(training, "1") || !strcmp(training, "true")) {
			f.training = 1;
		} else if (strcmp(training, "0") && strcmp(training, "false")) {
			reply_error(r, 400, "invalid_field", "training",
				    "training is 1 or 0");
			return;
		}
		if (f.training && r->agent.role == ROLE_UNIT) {
			reply_error(r, 403, "forbidden", "training",
				    "units never see training tickets");
			return;
		}
	}
	if (state && *state) {
		if (tk_state_parse(state, &ts) != 0) {
			reply_error(r, 400, "unknown_value", "state",
				    "unknown state");
			return;
		}
		f.state = state;
	}
	if (phone && *phone) {
		if (!tkin_phone_ok(phone)) {
			reply_error(r, 400, "invalid_field", "phone",
				    "a phone number is 3 to 20 digits");
			return;
		}
		f.phone = phone;
	}
	if (q && *q) {
		if (!u8_valid(q, strlen(q))) {
			reply_error(r, 400, "bad_utf8", "q",
				    "text is not valid UTF-8");
			return;
		}
		if (u8_count(q) > 100) {
			reply_error(r, 400, "invalid_field", "q",
				    "longer than 100 characters");
			return;
		}
		f.q = q;
	}
	if (flag && *flag) { /* review lists (issue #6) */
		static const char *const flags[] = {
			"overdue", "due_soon", "return_pending",
			"extension_pending", "supervised", NULL};
		time_t soon = 0;

		for (i = 0; flags[i] && strcmp(flags[i], flag) != 0; i++)
			;
		if (!flags[i]) {
			reply_error(r, 400, "unknown_value", "flag",
				    "overdue, due_soon, return_pending, "
				    "extension_pending or supervised");
			return;
		}
		if (workcal_add_workdays(r->srv->cal, (time_t)now, 1,
					 &soon) != ST_OK)
			soon = (time_t)now;
		f.flag = flag;
		f.flag_now = now;
		f.flag_soon = (long long)soon;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, LIST_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d", LIST_MAX);
		return;
	}
	if (cur && *cur) {
		if (cursor_decode(cur, &f.cur_at, cur_no) != 0) {
			reply_error(r, 400, "invalid_field", "cursor",
				    "not a cursor from this server");
			return;
		}
		f.has_cursor = 1;
		f.cur_no = cur_no;
	}
	f.limit = (int)limit + 1;
	if (st->ops->list_tickets(st, &f, &items, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(arr, tk_rec_to_json(&items[i], now,
							 r->srv->cal, 0, NULL,
							 0));
	if (n > (size_t)limit) {
		const struct tk_rec *last = &items[limit - 1];
		long long at = last->v[TKF_CREATED_AT].n;

		/* the 督办 list pages by due time (store.h) */
		if (f.flag && strcmp(f.flag, "supervised") == 0)
			at = last->v[TKF_SUPERVISED_DUE_AT].null
				     ? LLONG_MAX
				     : last->v[TKF_SUPERVISED_DUE_AT].n;
		cursor_encode(next, sizeof next, at,
			      tk_rec_s(last, TKF_TICKET_NO));
		cJSON_AddStringToObject(o, "next_cursor", next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	store_recs_free(items, n);
	reply_json(r, 200, o);
}

/* ---- create --------------------------------------------------------- */

static int
idem_key_ok(const char *k)
{
	size_t n = strlen(k), i;

	if (n < 1 || n > IDEM_KEY_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = k[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || strchr("._:-", c)))
			return 0;
	}
	return 1;
}

void
h_ticket_create(struct req *r)
{
	struct store *st = r->srv->store;
	const char *key = req_header(r, "Idempotency-Key");
	struct store_idem idem;
	struct tk_change ch;
	struct verr e = {0};
	char hash[AUTH_TOKEN_LEN + 1], no[32], *canon;
	struct store_intake_item item = {0};
	cJSON *item_js = NULL;
	int replayed = 0, kind;
	enum status rc;
	cJSON *body;

	if (key && !idem_key_ok(key)) {
		reply_error(r, 400, "invalid_field", "Idempotency-Key",
			    "1 to %d characters of A-Z a-z 0-9 . _ : -",
			    IDEM_KEY_MAX);
		return;
	}
	body = req_json(r, 0);
	if (!body)
		return;
	tk_change_init(&ch);
	/* From the online queue (intake.h): the item this ticket records. */
	item_js = cJSON_DetachItemFromObjectCaseSensitive(body,
							  "intake_item_id");
	if (item_js && intake_ticket_item(r, item_js, &item) != 0)
		goto out;
	if (tkin_from_json(st, body, 0, NULL, &ch, &e) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (item_js) {
		/* The ticket's channel is the item's. */
		tk_change_str(&ch, TKF_CHANNEL, item.channel);
		cJSON_AddItemToObject(body, "intake_item_id", item_js);
		item_js = NULL; /* owned by body again (hashed with it) */
	}
	/* training space (issue #7): the call decides; a trainer writes
	 * only training tickets */
	kind = training_call_kind_text(st, ch.rec.v[TKF_CALL_ID].null
						   ? NULL
						   : ch.rec.v[TKF_CALL_ID].s);
	if (kind == -2) {
		reply_internal(r);
		goto out;
	}
	if (r->agent.role == ROLE_TRAINER && kind != 1) {
		reply_error(r, 403, "forbidden", "call_id",
			    "a trainer creates only training tickets: give "
			    "the call_id of a training call");
		goto out;
	}
	tk_rec_int(&ch.rec, TKF_TRAINING, kind == 1);
	/* An agent's own desk is the natural default. */
	if (!cJSON_GetObjectItemCaseSensitive(body, "desk") && r->agent.desks &&
	    *r->agent.desks) {
		char desk[32];

		snprintf(desk, sizeof desk, "%.*s",
			 (int)strcspn(r->agent.desks, ","), r->agent.desks);
		if (tk_enum_parse(TKE_DESK, desk) >= 0)
			tk_change_str(&ch, TKF_DESK, desk);
	}
	tk_rec_str(&ch.rec, TKF_STATE, tk_state_wire(TK_DRAFT));
	tk_rec_str(&ch.rec, TKF_CREATED_BY, r->agent.username);
	canon = cJSON_PrintUnformatted(body);
	auth_sha256_hex(canon, strlen(canon), hash);
	cJSON_free(canon);
	idem.agent_id = r->agent.id;
	idem.key = key;
	idem.request_hash = hash;
	if (item.id > 0)
		rc = st->ops->intake_create_ticket(
			st, &ch.rec, key ? &idem : NULL, now_s(),
			r->srv->city_prefix, item.id, r->agent.username, no,
			&replayed);
	else
		rc = st->ops->create_ticket(st, &ch.rec, key ? &idem : NULL,
					    now_s(), r->srv->city_prefix, no,
					    &replayed);
	if (rc == ST_CONFLICT) {
		reply_error(r, 409, "not_claimed", "intake_item_id",
			    "intake item %lld is no longer claimed by you",
			    item.id);
	} else if (rc == ST_EXISTS) {
		reply_error(r, 422, "idempotency_conflict", "Idempotency-Key",
			    "this Idempotency-Key was used for a different "
			    "request (ticket %s)",
			    no);
	} else if (rc != ST_OK) {
		reply_internal(r);
	} else {
		if (item.id > 0 && !replayed)
			intake_publish(item.id, "done");
		reply_ticket(r, replayed ? 200 : 201, no);
	}
out:
	tk_change_free(&ch);
	cJSON_Delete(item_js);
	store_intake_item_free(&item);
	cJSON_Delete(body);
}

/* ---- read ----------------------------------------------------------- */

void
h_ticket_get(struct req *r)
{
	if (!tk_no_valid(r->seg[2])) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
		return;
	}
	reply_ticket(r, 200, r->seg[2]);
}

/* ---- edit ----------------------------------------------------------- */

void
h_ticket_patch(struct req *r)
{
	struct store *st = r->srv->store;
	const char *no = r->seg[2];
	long long want = req_if_match(r), newv = 0;
	struct tk_event ev = {0};
	struct tk_change ch;
	struct tk_rec cur;
	struct verr e = {0};
	enum tk_state s;
	struct buf names;
	enum status rc;
	cJSON *body;
	int i;

	if (!tk_no_valid(no)) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
		return;
	}
	if (want == -1) {
		reply_error(r, 428, "precondition_required", "If-Match",
			    "PATCH needs If-Match with the ticket's ETag");
		return;
	}
	body = req_json(r, 0);
	if (!body)
		return;
	tk_change_init(&ch);
	rc = st->ops->get_ticket(st, no, &cur, NULL, NULL);
	if (rc != ST_OK) {
		if (rc == ST_NOT_FOUND)
			reply_error(r, 404, "not_found", NULL,
				    "no such ticket");
		else
			reply_internal(r);
		cJSON_Delete(body);
		return;
	}
	if (training_write_refused(r->agent.role, &cur)) {
		reply_error(r, 403, "forbidden", NULL,
			    "a trainer may not change a live ticket");
		goto out;
	}
	if (want == -2 || (want >= 0 && want != cur.v[TKF_VERSION].n)) {
		reply_error(r, 412, "precondition_failed", "If-Match",
			    "the ticket has changed (version %lld)",
			    cur.v[TKF_VERSION].n);
		goto out;
	}
	if (tk_state_parse(tk_rec_s(&cur, TKF_STATE), &s) != 0 ||
	    !tk_state_is_open(s)) {
		reply_error(r, 409, "transition_refused", NULL,
			    "update from %s: the ticket is closed",
			    tk_rec_s(&cur, TKF_STATE));
		goto out;
	}
	if (tkin_from_json(st, body, 1, &cur, &ch, &e) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (tk_change_count(&ch) == 0) {
		reply_error(r, 400, "missing_field", NULL,
			    "no field to update");
		goto out;
	}
	/* training space (issue #7): no link to a call of the other space */
	if (ch.set[TKF_CALL_ID] && !ch.rec.v[TKF_CALL_ID].null) {
		int kind = training_call_kind_text(st, ch.rec.v[TKF_CALL_ID].s);

		if (kind == -2) {
			reply_internal(r);
			goto out;
		}
		if ((kind == 1) != training_ticket(&cur)) {
			training_mismatch(&e, "call_id", "update");
			reply_verr(r, &e);
			goto out;
		}
	}
	buf_init(&names, 512);
	for (i = 0; i < TKF__COUNT; i++)
		if (ch.set[i])
			buf_printf(&names, "%s%s", names.len ? ", " : "",
				   tkf_info[i].name);
	tk_event_set(&ev, r->agent.username, "update", NULL, NULL,
		     names.data ? names.data : "");
	rc = st->ops->update_ticket(st, no, cur.v[TKF_VERSION].n, &ch, &ev,
				    now_s(), &newv);
	tk_event_free(&ev);
	buf_free(&names);
	if (rc == ST_CONFLICT) {
		reply_error(r, 412, "precondition_failed", "If-Match",
			    "the ticket has changed");
	} else if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
	} else if (rc != ST_OK) {
		reply_internal(r);
	} else {
		publish_changed(&cur, no, tk_rec_s(&cur, TKF_STATE), newv);
		reply_ticket(r, 200, no);
	}
out:
	tk_change_free(&ch);
	tk_rec_free(&cur);
	cJSON_Delete(body);
}

/* ---- actions -------------------------------------------------------- */

static const char *const satisfaction_codes[] = {
	"SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED", "NO_ANSWER",
	"REFUSED", NULL};
static const char *const solved_codes[] = {"SOLVED", "PARTLY_SOLVED",
					   "UNSOLVED", NULL};
static const char *const transfer_targets[] = {"110", "119", "120", "122",
					       "PROVINCE", NULL};

static int
in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* What one action reads and writes; filled per request. */
struct act {
	struct req *r;
	enum tk_action a;
	const struct tk_rec *cur;
	const cJSON *body;
	struct tk_change *ch;
	struct verr *e;
	long long now;
	char *comment; /* event comment (malloc'd) */
};

static int
store_error(struct act *x)
{
	verr_set(x->e, 500, "internal", NULL, "storage error");
	return -1;
}

/* Optional string member; -1 on a wrong type (error set). */
static int
body_str(struct act *x, const char *key, const char **out)
{
	*out = NULL;
	return jsonv_str(x->body, key, 0, out, x->e) < 0 ? -1 : 0;
}

/* 409 for a rule of this server beyond the state table. */
static int
refuse(struct act *x, const char *why)
{
	verr_set(x->e, 409, "transition_refused", NULL, "%s from %s: %s",
		 tk_action_wire(x->a), tk_rec_s(x->cur, TKF_STATE), why);
	return -1;
}

/* The category's owner and time limit, inherited from its ancestors. */
static int
category_defaults(struct act *x, char owner[64], int *limit)
{
	struct store *st = x->r->srv->store;
	char code[16];
	int depth;

	owner[0] = '\0';
	*limit = 0;
	snprintf(code, sizeof code, "%s", tk_rec_s(x->cur, TKF_CATEGORY_CODE));
	for (depth = 0; *code && depth < 8; depth++) {
		struct store_category c;
		enum status rc = st->ops->get_category(st, code, &c);

		if (rc == ST_NOT_FOUND)
			break;
		if (rc != ST_OK)
			return store_error(x);
		if (!owner[0] && *c.owner)
			snprintf(owner, 64, "%s", c.owner);
		if (!*limit && c.limit_days > 0)
			*limit = c.limit_days;
		snprintf(code, sizeof code, "%s", c.parent_code);
		store_category_free(&c);
	}
	return 0;
}

static int
parse_deadline(struct act *x, const char *s, long long *out)
{
	if (tk_parse_iso(s, out) != 0) {
		verr_set(x->e, 400, "invalid_field", "deadline",
			 "an ISO 8601 time like 2026-12-12T09:00:00Z");
		return -1;
	}
	if (*out <= x->now) {
		verr_set(x->e, 400, "invalid_field", "deadline",
			 "must be in the future");
		return -1;
	}
	return 0;
}

/*
 * Lead unit, assisting units, note and deadline of a transfer/dispatch.
 * need_unit: a lead unit must result (from the body, the ticket or the
 * category's owner).
 */
static int
routing_fields(struct act *x, int need_unit)
{
	struct store *st = x->r->srv->store;
	const char *lead = NULL, *note = NULL, *dl = NULL;
	const cJSON *assist;
	char owner[64], *json = NULL;
	long long deadline;
	struct tk_limit lim;
	int limit = 0, ap, urg;

	if (body_str(x, "lead_unit_code", &lead) || body_str(x, "deadline", &dl) ||
	    body_str(x, "dispatch_note", &note))
		return -1;
	if (category_defaults(x, owner, &limit) != 0)
		return -1;
	if (lead) {
		if (tkin_unit_ref(st, lead, NULL, "lead_unit_code", x->e))
			return -1;
		tk_change_str(x->ch, TKF_LEAD_UNIT_CODE, lead);
	} else if (need_unit && !*tk_rec_s(x->cur, TKF_LEAD_UNIT_CODE)) {
		/* The dispatch catalogue: the category's owner. */
		if (strncmp(owner, "UNIT:", 5) == 0) {
			tk_change_str(x->ch, TKF_LEAD_UNIT_CODE, owner + 5);
		} else if (strcmp(owner, "TOWN") == 0 &&
			   *tk_rec_s(x->cur, TKF_TOWN_CODE)) {
			tk_change_str(x->ch, TKF_LEAD_UNIT_CODE,
				      tk_rec_s(x->cur, TKF_TOWN_CODE));
		} else {
			verr_set(x->e, 400, "missing_field", "lead_unit_code",
				 strcmp(owner, "TOWN") == 0
					 ? "the category belongs to the town "
					   "of the incident but town_code is "
					   "empty"
					 : "no lead unit given and the "
					   "category names none");
			return -1;
		}
	}
	assist = cJSON_GetObjectItemCaseSensitive(x->body, "assist_units");
	if (assist) {
		if (tkin_units(st, assist, "assist_units", &json, x->e) != 0)
			return -1;
		tk_change_str(x->ch, TKF_ASSIST_UNITS, json);
		cJSON_free(json);
	}
	if (note) {
		if (tkin_check_str(st, TKF_DISPATCH_NOTE, note, x->e) != 0)
			return -1;
		tk_change_str(x->ch, TKF_DISPATCH_NOTE, note);
	}
	if (dl) {
		if (parse_deadline(x, dl, &deadline) != 0)
			return -1;
		tk_change_int(x->ch, TKF_DEADLINE, deadline);
	} else if (x->cur->v[TKF_DEADLINE].null) {
		ap = tk_enum_parse(TKE_APPEAL, tk_rec_s(x->cur, TKF_APPEAL_TYPE));
		urg = tk_enum_parse(TKE_URGENCY, tk_rec_s(x->cur, TKF_URGENCY));
		if (tk_deadline(x->r->srv->cal, (time_t)x->now,
				(enum tk_appeal)ap, (enum tk_urgency)urg, limit,
				&lim) != ST_OK)
			return store_error(x);
		if (lim.kind != TK_LIMIT_NONE)
			tk_change_int(x->ch, TKF_DEADLINE, (long long)lim.due);
	}
	return 0;
}

static int
required_text(struct act *x, const char *key, size_t max, const char **out)
{
	if (body_str(x, key, out) != 0)
		return -1;
	if (!*out || !**out) {
		verr_set(x->e, 400, "missing_field", key, "required");
		return -1;
	}
	return jsonv_text(*out, key, max, 0, 1, x->e);
}

static int
act_transfer_out(struct act *x)
{
	struct store *st = x->r->srv->store;
	const char *target = NULL;
	struct store_unit *u = NULL;
	size_t n = 0, i;
	int province;

	if (body_str(x, "target", &target) != 0)
		return -1;
	if (!target) {
		verr_set(x->e, 400, "missing_field", "target",
			 "110, 119, 120, 122 or PROVINCE");
		return -1;
	}
	if (!in_list(transfer_targets, target)) {
		verr_set(x->e, 400, "unknown_value", "target",
			 "unknown value; one of: 110, 119, 120, 122, "
			 "PROVINCE");
		return -1;
	}
	province = strcmp(target, "PROVINCE") == 0;
	tk_change_str(x->ch, TKF_HANDLING_MODE,
		      province			  ? "TRANSFER_PROVINCE"
		      : strcmp(target, "110") == 0 ? "TRANSFER_110"
						   : "TRANSFER_EMERGENCY");
	if (st->ops->list_units(st, province ? "PROVINCE" : "EMERGENCY", &u,
				&n) != ST_OK)
		return store_error(x);
	for (i = 0; i < n; i++) {
		if (province || strcmp(u[i].short_name, target) == 0 ||
		    strcmp(u[i].code, target) == 0) {
			tk_change_str(x->ch, TKF_LEAD_UNIT_CODE, u[i].code);
			break;
		}
	}
	store_units_free(u, n);
	return 0;
}

static int
act_merge(struct act *x)
{
	struct store *st = x->r->srv->store;
	const char *into = NULL;
	struct tk_rec other;
	enum status rc;

	if (body_str(x, "merged_into", &into) != 0)
		return -1;
	if (!into) {
		verr_set(x->e, 400, "missing_field", "merged_into",
			 "the ticket number this one duplicates");
		return -1;
	}
	if (!tk_no_valid(into) ||
	    strcmp(into, tk_rec_s(x->cur, TKF_TICKET_NO)) == 0) {
		verr_set(x->e, 400, "invalid_field", "merged_into",
			 "another ticket's number");
		return -1;
	}
	rc = st->ops->get_ticket(st, into, &other, NULL, NULL);
	if (rc == ST_NOT_FOUND) {
		verr_set(x->e, 400, "unknown_value", "merged_into",
			 "no such ticket");
		return -1;
	}
	if (rc != ST_OK)
		return store_error(x);
	/* training space (issue #7); a unit never learns it exists */
	if (!training_visible(x->r->agent.role, &other)) {
		tk_rec_free(&other);
		verr_set(x->e, 400, "unknown_value", "merged_into",
			 "no such ticket");
		return -1;
	}
	if (training_ticket(&other) != training_ticket(x->cur)) {
		tk_rec_free(&other);
		training_mismatch(x->e, "merged_into", "merge");
		return -1;
	}
	tk_rec_free(&other);
	tk_change_str(x->ch, TKF_MERGED_INTO, into);
	tk_change_str(x->ch, TKF_HANDLING_MODE, "MERGED");
	if (!*x->comment) {
		free(x->comment);
		x->comment = xasprintf("merged into %s", into);
	}
	return 0;
}

static int
act_visit(struct act *x)
{
	const char *sat = NULL, *sol = NULL;
	int reached;

	if (body_str(x, "satisfaction", &sat) || body_str(x, "solved", &sol))
		return -1;
	if (!sat) {
		verr_set(x->e, 400, "missing_field", "satisfaction",
			 "required");
		return -1;
	}
	if (!in_list(satisfaction_codes, sat)) {
		verr_set(x->e, 400, "unknown_value", "satisfaction",
			 "unknown value; one of: SATISFIED, "
			 "BASICALLY_SATISFIED, UNSATISFIED, NO_ANSWER, REFUSED");
		return -1;
	}
	reached = strcmp(sat, "NO_ANSWER") != 0 && strcmp(sat, "REFUSED") != 0;
	if (!sol && reached) {
		verr_set(x->e, 400, "missing_field", "solved", "required");
		return -1;
	}
	if (sol && !in_list(solved_codes, sol)) {
		verr_set(x->e, 400, "unknown_value", "solved",
			 "unknown value; one of: SOLVED, PARTLY_SOLVED, "
			 "UNSOLVED");
		return -1;
	}
	tk_change_str(x->ch, TKF_SATISFACTION, sat);
	if (sol)
		tk_change_str(x->ch, TKF_SOLVED, sol);
	return 0;
}

static int
act_extension(struct act *x)
{
	const char *dl = NULL;
	long long t;
	int pending = !x->cur->v[TKF_REQUESTED_DEADLINE].null;

	switch (x->a) {
	case TKA_REQUEST_EXTENSION:
		if (x->cur->v[TKF_EXTENSION_COUNT].n >= MAX_EXTENSIONS)
			return refuse(x, "at most 2 extensions");
		if (pending)
			return refuse(x, "an extension request is pending");
		if (body_str(x, "deadline", &dl) != 0)
			return -1;
		if (!dl) {
			verr_set(x->e, 400, "missing_field", "deadline",
				 "the deadline asked for");
			return -1;
		}
		if (parse_deadline(x, dl, &t) != 0)
			return -1;
		if (!x->cur->v[TKF_DEADLINE].null &&
		    t <= x->cur->v[TKF_DEADLINE].n) {
			verr_set(x->e, 400, "invalid_field", "deadline",
				 "must be later than the current deadline");
			return -1;
		}
		tk_change_int(x->ch, TKF_REQUESTED_DEADLINE, t);
		if (!*x->comment) {
			char iso[32];

			tk_iso_time(iso, t);
			free(x->comment);
			x->comment = xasprintf("deadline asked: %s", iso);
		}
		return 0;
	case TKA_APPROVE_EXTENSION:
		if (!pending)
			return refuse(x, "no extension requested");
		tk_change_int(x->ch, TKF_DEADLINE,
			      x->cur->v[TKF_REQUESTED_DEADLINE].n);
		tk_change_int(x->ch, TKF_EXTENSION_COUNT,
			      x->cur->v[TKF_EXTENSION_COUNT].n + 1);
		tk_change_null(x->ch, TKF_REQUESTED_DEADLINE);
		return 0;
	default: /* reject */
		if (!pending)
			return refuse(x, "no extension requested");
		tk_change_null(x->ch, TKF_REQUESTED_DEADLINE);
		return 0;
	}
}

/*
 * 督办 (issue #6 §2): the note is the comment, due_at the time the
 * supervisor wants an answer by (ISO 8601 with an offset, in the future;
 * default: one working day from now).  Supervising again replaces the due
 * time.  The event's comment records both: "NOTE (due ISO)".
 */
static int
act_supervise(struct act *x)
{
	const char *s = NULL;
	long long due;
	time_t def = 0;
	char iso[32], *c;

	if (body_str(x, "due_at", &s) != 0)
		return -1;
	if (s) {
		if (tk_parse_iso(s, &due) != 0) {
			verr_set(x->e, 400, "invalid_field", "due_at",
				 "an ISO 8601 time with an offset like "
				 "2026-12-12T17:00:00+08:00");
			return -1;
		}
		if (due <= x->now) {
			verr_set(x->e, 400, "invalid_field", "due_at",
				 "must be in the future");
			return -1;
		}
	} else {
		if (workcal_add_workdays(x->r->srv->cal, (time_t)x->now, 1,
					 &def) != ST_OK)
			def = (time_t)(x->now + 86400);
		due = (long long)def;
	}
	tk_change_int(x->ch, TKF_SUPERVISED, 1);
	tk_change_int(x->ch, TKF_SUPERVISED_DUE_AT, due);
	tk_iso_time(iso, due);
	c = *x->comment ? xasprintf("%s (due %s)", x->comment, iso)
			: xasprintf("due %s", iso);
	free(x->comment);
	x->comment = c;
	return 0;
}

/* Keys each action accepts besides "comment". */
static const char *const *
action_keys(enum tk_action a)
{
	static const char *const none[] = {"comment", NULL};
	static const char *const close[] = {"comment", "direct_reply", NULL};
	static const char *const route[] = {"comment", "lead_unit_code",
					    "assist_units", "dispatch_note",
					    "deadline", NULL};
	static const char *const out[] = {"comment", "target", NULL};
	static const char *const merge[] = {"comment", "merged_into", NULL};
	static const char *const ext[] = {"comment", "deadline", NULL};
	static const char *const reply[] = {"comment", "result", NULL};
	static const char *const visit[] = {"comment", "satisfaction",
					    "solved", NULL};
	static const char *const supervise[] = {"comment", "due_at", NULL};

	switch (a) {
	case TKA_CLOSE_DIRECT:
		return close;
	case TKA_TRANSFER:
	case TKA_DISPATCH_DIRECT:
	case TKA_DISPATCH:
	case TKA_REASSIGN:
		return route;
	case TKA_TRANSFER_OUT:
		return out;
	case TKA_MERGE:
		return merge;
	case TKA_REQUEST_EXTENSION:
		return ext;
	case TKA_REPLY:
		return reply;
	case TKA_VISIT:
		return visit;
	case TKA_SUPERVISE:
		return supervise;
	default:
		return none;
	}
}

/* Comment required for these (the reason is the point of the action). */
static int
needs_comment(enum tk_action a)
{
	return a == TKA_NOT_ACCEPT || a == TKA_REQUEST_RETURN ||
	       a == TKA_REJECT_RETURN || a == TKA_REJECT_EXTENSION ||
	       a == TKA_REJECT_REPLY;
}

/* Fill x->ch with what the action writes besides the state. */
static int
action_effects(struct act *x)
{
	struct store *st = x->r->srv->store;
	const char *s = NULL;
	const struct tk_rec *cur = x->cur;

	switch (x->a) {
	case TKA_CLOSE_DIRECT:
		if (body_str(x, "direct_reply", &s) != 0)
			return -1;
		if (s && tkin_check_str(st, TKF_DIRECT_REPLY, s, x->e) != 0)
			return -1;
		if (s && *s)
			tk_change_str(x->ch, TKF_DIRECT_REPLY, s);
		else if (!*tk_rec_s(cur, TKF_DIRECT_REPLY)) {
			verr_set(x->e, 400, "missing_field", "direct_reply",
				 "the answer given to the caller");
			return -1;
		}
		tk_change_str(x->ch, TKF_HANDLING_MODE, "DIRECT");
		return 0;
	case TKA_TRANSFER:
	case TKA_DISPATCH_DIRECT:
		tk_change_str(x->ch, TKF_HANDLING_MODE, "TRANSFER");
		return routing_fields(x, 1);
	case TKA_DISPATCH:
		return routing_fields(x, 1);
	case TKA_REASSIGN:
		if (!cJSON_GetObjectItemCaseSensitive(x->body,
						      "lead_unit_code")) {
			verr_set(x->e, 400, "missing_field", "lead_unit_code",
				 "the unit taking over");
			return -1;
		}
		return routing_fields(x, 1);
	case TKA_TRANSFER_OUT:
		return act_transfer_out(x);
	case TKA_NOT_ACCEPT:
		tk_change_str(x->ch, TKF_HANDLING_MODE, "NOT_ACCEPTED");
		return 0;
	case TKA_INVALIDATE:
		tk_change_str(x->ch, TKF_HANDLING_MODE, "INVALID");
		return 0;
	case TKA_MERGE:
		return act_merge(x);
	case TKA_APPROVE_RETURN:
	case TKA_REDISPATCH:
		/* A new dispatch round: the unit is chosen again. */
		if (x->a == TKA_APPROVE_RETURN)
			tk_change_int(x->ch, TKF_RETURN_COUNT,
				      cur->v[TKF_RETURN_COUNT].n + 1);
		tk_change_str(x->ch, TKF_LEAD_UNIT_CODE, "");
		tk_change_str(x->ch, TKF_ASSIST_UNITS, "[]");
		return 0;
	case TKA_REQUEST_EXTENSION:
	case TKA_APPROVE_EXTENSION:
	case TKA_REJECT_EXTENSION:
		return act_extension(x);
	case TKA_REPLY:
		if (required_text(x, "result", TKIN_CONTENT_MAX, &s) != 0)
			return -1;
		tk_change_str(x->ch, TKF_RESULT, s);
		return 0;
	case TKA_VISIT:
		return act_visit(x);
	case TKA_REHANDLE:
		tk_change_int(x->ch, TKF_REHANDLE_COUNT,
			      cur->v[TKF_REHANDLE_COUNT].n + 1);
		return 0;
	case TKA_SUPERVISE:
		return act_supervise(x);
	case TKA_MARK_OVERDUE:
		tk_change_int(x->ch, TKF_OVERDUE, 1);
		return 0;
	default: /* sign, request/reject_return, approve/reject_reply,
		    archive, urge: the event says it all */
		return 0;
	}
}

/* One attempt.  1: done (reply queued), 0: lost a race, retry. */
static int
action_once(struct req *r, enum tk_action a, const cJSON *body,
	    const char *comment, long long want)
{
	struct store *st = r->srv->store;
	const char *no = r->seg[2];
	struct tk_event ev = {0};
	struct tk_change ch;
	struct tk_rec cur;
	struct verr e = {0};
	enum tk_state from, to;
	struct act x;
	long long newv = 0;
	enum status rc;
	int done = 1;

	rc = st->ops->get_ticket(st, no, &cur, NULL, NULL);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
		return 1;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return 1;
	}
	tk_change_init(&ch);
	memset(&x, 0, sizeof x);
	x.comment = xstrdup(comment);
	/* training space (issue #7) */
	if (!training_visible(r->agent.role, &cur)) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
		goto out;
	}
	if (training_write_refused(r->agent.role, &cur)) {
		reply_error(r, 403, "forbidden", NULL,
			    "a trainer may not act on a live ticket");
		goto out;
	}
	if (want == -2 || (want >= 0 && want != cur.v[TKF_VERSION].n)) {
		reply_error(r, 412, "precondition_failed", "If-Match",
			    "the ticket has changed (version %lld)",
			    cur.v[TKF_VERSION].n);
		goto out;
	}
	if (tk_state_parse(tk_rec_s(&cur, TKF_STATE), &from) != 0) {
		slog(SLOG_ERROR, "ticket %s has an unknown state %s", no,
		     tk_rec_s(&cur, TKF_STATE));
		reply_internal(r);
		goto out;
	}
	rc = tk_transition(from, a, r->agent.role, &to);
	if (rc == ST_TRANSITION_REFUSED) {
		reply_error(r, 409, "transition_refused", NULL, "%s from %s",
			    tk_action_wire(a), tk_state_wire(from));
		goto out;
	}
	if (rc == ST_FORBIDDEN) {
		reply_error(r, 403, "forbidden", NULL,
			    "role %s may not %s (%s from %s)",
			    role_wire(r->agent.role), tk_action_wire(a),
			    tk_action_wire(a), tk_state_wire(from));
		goto out;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		goto out;
	}
	if (needs_comment(a) && !*comment) {
		reply_error(r, 400, "missing_field", "comment",
			    "%s needs a reason in comment", tk_action_wire(a));
		goto out;
	}
	x.r = r;
	x.a = a;
	x.cur = &cur;
	x.body = body;
	x.ch = &ch;
	x.e = &e;
	x.now = now_s();
	/* Required form fields must be filled before a ticket leaves
	 * intake with an answer or a transfer. */
	if ((a == TKA_CLOSE_DIRECT || a == TKA_TRANSFER ||
	     a == TKA_DISPATCH_DIRECT) &&
	    tkin_extra_complete(st, tk_rec_s(&cur, TKF_CATEGORY_CODE),
				tk_rec_s(&cur, TKF_EXTRA), &e) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (action_effects(&x) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	if (to != from)
		tk_change_str(&ch, TKF_STATE, tk_state_wire(to));
	tk_event_set(&ev, r->agent.username, tk_action_wire(a),
		     tk_state_wire(from), tk_state_wire(to), x.comment);
	rc = st->ops->update_ticket(st, no, cur.v[TKF_VERSION].n, &ch, &ev,
				    x.now, &newv);
	tk_event_free(&ev);
	if (rc == ST_CONFLICT && want < 0) {
		done = 0; /* someone else acted first: look again */
	} else if (rc == ST_CONFLICT) {
		reply_error(r, 412, "precondition_failed", "If-Match",
			    "the ticket has changed");
	} else if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
	} else if (rc != ST_OK) {
		reply_internal(r);
	} else {
		publish_changed(&cur, no, tk_state_wire(to), newv);
		reply_ticket(r, 200, no);
	}
out:
	free(x.comment);
	tk_change_free(&ch);
	tk_rec_free(&cur);
	return done;
}

void
h_ticket_action(struct req *r)
{
	const char *no = r->seg[2], *comment = NULL;
	long long want = req_if_match(r);
	struct verr e = {0};
	enum tk_action a;
	cJSON *body;
	int i;

	if (!tk_no_valid(no)) {
		reply_error(r, 404, "not_found", NULL, "no such ticket");
		return;
	}
	if (tk_action_parse(r->seg[4], &a) != 0) {
		reply_error(r, 404, "not_found", NULL, "no such action");
		return;
	}
	body = req_json(r, 1);
	if (!body)
		return;
	if (jsonv_check_keys(body, action_keys(a), NULL, &e) != 0 ||
	    jsonv_str(body, "comment", 0, &comment, &e) < 0 ||
	    (comment && jsonv_text(comment, "comment", TKIN_COMMENT_MAX, 0, 0,
				   &e) != 0)) {
		reply_verr(r, &e);
		goto out;
	}
	for (i = 0; i < ACTION_RETRIES; i++)
		if (action_once(r, a, body, comment ? comment : "", want))
			goto out;
	reply_error(r, 412, "precondition_failed", NULL,
		    "the ticket keeps changing; try again");
out:
	cJSON_Delete(body);
}
