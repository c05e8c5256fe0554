/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "calls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/status.h"
#include "../core/utf8.h"
#include "board.h"
#include "callfmt.h"
#include "views.h"

/* Seconds between state polls while the event stream is down. */
#define FEED_DOWN_POLL_S 3

/* What to open when a list arrives (calls->open_on_load). */
enum { OPEN_NONE, OPEN_NOT_READY, OPEN_AFTER_CALL, OPEN_TRANSFER };

/* What a call-control request was (req->tag), for its message. */
enum call_op {
	OP_GET, OP_ANSWER, OP_HOLD, OP_RESUME, OP_HANGUP, OP_WRAPUP,
	OP_EXTEND
};

static const char *const live_states[] = { "RINGING", "TALKING", "HOLD",
					   "ACW" };

static int
is_one_of(const char *s, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(s, set[i]) == 0)
			return 1;
	return 0;
}

static int
call_live(const struct call *c)
{
	return is_one_of(c->state, live_states, 4);
}

static const char *
me(const struct app *app)
{
	return app->agent.username ? app->agent.username : "";
}

/* ---- queries ---------------------------------------------------------- */

time_t
calls_now(const struct app *app)
{
	long skew = app->calls ? app->calls->skew_s : 0;

	return time(NULL) + skew;
}

int
calls_live(const struct app *app, const struct call **c)
{
	const struct calls *C = app->calls;

	if (!C || !C->have_call || !call_live(&C->call) ||
	    strcmp(C->call.agent, me(app)) != 0)
		return 0;
	if (c)
		*c = &C->call;
	return 1;
}

int
calls_call_is(const struct app *app, const char *s)
{
	const struct call *c;

	if (!calls_live(app, &c))
		return 0;
	return strcmp(c->state, s) == 0;
}

static const char *
code_label(const struct code_list *l, const char *code)
{
	const struct code_item *it = code_list_find(l, code);

	if (!it)
		return code && *code ? code : "-";
	if (i18n_get() == LANG_EN && it->name_en[0])
		return it->name_en;
	return it->name_zh[0] ? it->name_zh : it->code;
}

const char *
calls_reason_label(const struct app *app, const char *code)
{
	if (code && strcmp(code, "RING_NO_ANSWER") == 0)
		return tr(MSG_REASON_RNA);
	if (!app->calls)
		return code && *code ? code : "-";
	return code_label(&app->calls->reasons, code);
}

const char *
calls_code_label(const struct app *app, const char *code)
{
	if (!app->calls)
		return code && *code ? code : "-";
	return code_label(&app->calls->codes, code);
}

long
calls_waiting(const struct app *app)
{
	const struct calls *C = app->calls;
	char *const *desks;
	size_t nd, i;
	long sum = 0;

	if (!C || !C->have_queues)
		return -1;
	if (C->have_st && C->st.n_desks) {
		desks = C->st.desks;
		nd = C->st.n_desks;
	} else {
		desks = app->agent.desks;
		nd = app->agent.n_desks;
	}
	for (i = 0; i < nd; i++) {
		const struct queue_info *q =
			queue_list_find(&C->queues, desks[i]);

		if (q)
			sum += q->waiting;
	}
	return sum;
}

static int
net_error(struct app *app, const struct api_result *r)
{
	char buf[APP_MSG_MAX];

	if (!app_net_result(app, r))
		return 1; /* offline or logged out: already reported */
	if (r->st != ST_OK) {
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return 1;
	}
	return 0;
}

/* Start a request whose callback gets q; on a refusal to start, say so. */
static int
started(struct app *app, struct req *q, int rc)
{
	if (rc == 0)
		return 1;
	if (!app->api) { /* headless tests: no network at all */
		app_req_take(q, NULL);
		return 0;
	}
	app_req_take(q, NULL);
	app_msg(app, MSGL_ERROR, "%s", status_msg(ST_NETWORK));
	return 0;
}

/* Each request below starts as NET(app, api_xxx(app->api, ...)): with no
 * api (headless tests) it is not started at all. */
#define NET(app, call) ((app)->api ? (call) : -1)

/* ---- the state -------------------------------------------------------- */

static void fetch_call(struct app *app, long id);

static void
take_state(struct app *app, const struct agent_state *s, int from_event)
{
	struct calls *C = app->calls;

	if (strcmp(s->username, me(app)) != 0 && s->username[0])
		return; /* a supervisor hears about others too */
	/* a reply that left the server before a newer event: keep the event */
	if (!from_event && C->have_st && s->since && C->st.since &&
	    s->since < C->st.since)
		return;
	agent_state_free(&C->st);
	agent_state_copy(&C->st, s);
	C->have_st = 1;
	if (s->server_skew_s)
		C->skew_s = s->server_skew_s;
	app_mark(app, DIRTY_STATUS | DIRTY_BODY);
	if (s->call_id &&
	    (C->refetch || !C->have_call || C->call.id != s->call_id)) {
		C->refetch = 0;
		fetch_call(app, s->call_id);
	} else if (!s->call_id && C->have_call && call_live(&C->call)) {
		/* the agent is free but the call looks live here: it ended
		 * while we were not listening; learn how */
		C->refetch = 0;
		fetch_call(app, C->call.id);
	} else {
		C->refetch = 0;
		calls_sync(app);
	}
}

static void
take_call(struct app *app, const struct call *c)
{
	struct calls *C = app->calls;

	if (C->have_call && C->call.id != c->id) {
		/* another call: only a live call of mine replaces the one
		 * shown, and never by an old one ending */
		if (!call_live(c) || strcmp(c->agent, me(app)) != 0)
			return;
	} else if (!C->have_call &&
		   (!call_live(c) || strcmp(c->agent, me(app)) != 0)) {
		return;
	}
	if (!C->have_call || C->call.id != c->id) {
		FREE(C->ticket_no);
		C->wrapup_sent = 0;
	}
	call_free(&C->call);
	call_copy(&C->call, c);
	C->have_call = 1;
	if (!C->ticket_no && c->ticket_no[0]) /* bound by another session */
		C->ticket_no = xstrdup(c->ticket_no);
	app_mark(app, DIRTY_STATUS | DIRTY_BODY | DIRTY_HEADER);
	calls_sync(app);
}

static void
on_state(const struct api_result *r, const struct agent_state *s, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale, quiet = q->flag;
	enum msg_id done = (enum msg_id)q->tag;

	app_req_take(q, &stale);
	if (stale || !app->calls)
		return;
	if (net_error(app, r)) {
		if (r->st == ST_CONFLICT)
			calls_reload(app);
		return;
	}
	take_state(app, s, quiet ? 0 : 1);
	if (!quiet && done)
		app_msg(app, MSGL_OK, "%s", tr(done));
}

static void
get_state(struct app *app)
{
	struct req *q = app_req_new(app, NULL);

	q->flag = 1; /* a refresh: no message, older than events */
	started(app, q, NET(app, api_get_state(app->api, on_state, q)));
}

static void
on_call(const struct api_result *r, const struct call *c, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	enum call_op op = (enum call_op)q->tag;
	int stale;
	char left[16];

	long id = q->flag;
	struct calls *C;

	app_req_take(q, &stale);
	if (stale || !(C = app->calls))
		return;
	if (op == OP_GET)
		C->fetching_call = 0;
	if (op == OP_WRAPUP && r->st != ST_OK)
		C->wrapup_sent = 0;
	if (op == OP_GET && (r->st == ST_FORBIDDEN || r->st == ST_NOT_FOUND)) {
		/* not ours any more (it rang out and went back to the
		 * queue): forget it, its screens close */
		if (C->have_call && C->call.id == id) {
			call_free(&C->call);
			C->have_call = 0;
			calls_sync(app);
		}
		return;
	}
	if (net_error(app, r)) {
		if (op != OP_GET &&
		    (r->st == ST_CONFLICT || r->st == ST_NOT_FOUND))
			calls_reload(app);
		return;
	}
	take_call(app, c);
	switch (op) {
	case OP_ANSWER:
		app_msg(app, MSGL_OK, "%s", tr(MSG_CALL_ANSWERED));
		break;
	case OP_HOLD:
		app_msg(app, MSGL_OK, "%s", tr(MSG_CALL_HELD));
		break;
	case OP_RESUME:
		app_msg(app, MSGL_OK, "%s", tr(MSG_CALL_RESUMED));
		break;
	case OP_HANGUP:
		app_msg(app, MSGL_OK, "%s", tr(MSG_CALL_HUNG_UP));
		break;
	case OP_EXTEND:
		cf_mmss((long)(c->acw_deadline - calls_now(app)), left,
			sizeof left);
		app_msg(app, MSGL_OK, "%s (%s %s)", tr(MSG_ACW_EXTENDED),
			tr(MSG_ACW_LEFT), left);
		break;
	case OP_GET:
	case OP_WRAPUP:
		break;
	}
	if (op != OP_GET)
		get_state(app); /* the agent's state follows the call */
}

static void
fetch_call(struct app *app, long id)
{
	struct calls *C = app->calls;
	struct req *q;

	if (id <= 0 || C->fetching_call == id)
		return;
	q = app_req_new(app, NULL);
	q->tag = OP_GET;
	q->flag = (int)id;
	if (started(app, q, NET(app, api_call_get(app->api, id, on_call, q))))
		C->fetching_call = id;
}

static void
call_op(struct app *app, enum call_op op)
{
	struct calls *C = app->calls;
	struct req *q;
	long id = C->call.id;
	int rc = -1;

	if (!app->api)
		return;
	q = app_req_new(app, NULL);
	q->tag = op;
	switch (op) {
	case OP_ANSWER:
		rc = api_call_answer(app->api, id, on_call, q);
		break;
	case OP_HOLD:
		rc = api_call_hold(app->api, id, on_call, q);
		break;
	case OP_RESUME:
		rc = api_call_resume(app->api, id, on_call, q);
		break;
	case OP_HANGUP:
		rc = api_call_hangup(app->api, id, on_call, q);
		break;
	case OP_EXTEND:
		rc = api_call_extend_acw(app->api, id, on_call, q);
		break;
	case OP_GET:
	case OP_WRAPUP:
		break;
	}
	started(app, q, rc);
}

void
calls_wrapup(struct app *app, const char *code, const char *summary,
	     int needs_callback)
{
	struct calls *C = app->calls;
	struct req *q;

	if (!C || !calls_call_is(app, "ACW")) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_NOT_ACW));
		return;
	}
	if (!code || !*code) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_NEED_CODE));
		return;
	}
	q = app_req_new(app, NULL);
	q->tag = OP_WRAPUP;
	if (started(app, q,
		    NET(app, api_call_wrapup(app->api, C->call.id, code,
					     summary, needs_callback,
					     C->ticket_no, on_call, q)))) {
		C->wrapup_sent = 1;
		app_msg(app, MSGL_INFO, "%s", tr(MSG_SENDING));
	}
}

void
calls_set_ticket(struct app *app, const char *ticket_no)
{
	struct calls *C = app->calls;

	if (!C)
		return;
	free(C->ticket_no);
	C->ticket_no = ticket_no && *ticket_no ? xstrdup(ticket_no) : NULL;
	app_mark(app, DIRTY_BODY);
}

/* ---- lists ------------------------------------------------------------ */

static void open_reasons(struct app *app, int purpose);
static void open_units(struct app *app);

static void
list_done(struct app *app, enum calls_list l)
{
	struct calls *C = app->calls;
	int what = C->open_on_load[l];

	C->loading[l] = 0;
	C->have[l] = 1;
	C->open_on_load[l] = OPEN_NONE;
	app_mark(app, DIRTY_BODY | DIRTY_STATUS);
	if (what == OPEN_NOT_READY || what == OPEN_AFTER_CALL)
		open_reasons(app, what);
	else if (what == OPEN_TRANSFER && (calls_call_is(app, "TALKING") ||
					   calls_call_is(app, "HOLD")))
		open_units(app);
}

/* Common start of a list callback: 1 when the data can be used. */
static int
list_reply(struct req *q, const struct api_result *r, enum calls_list *l)
{
	struct app *app = q->app;
	int stale;

	*l = (enum calls_list)q->tag;
	app_req_take(q, &stale);
	if (stale || !app->calls)
		return 0;
	app->calls->loading[*l] = 0;
	if (net_error(app, r)) {
		app->calls->open_on_load[*l] = OPEN_NONE;
		return 0;
	}
	return 1;
}

static void
on_codes(const struct api_result *r, const struct code_list *l, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	enum calls_list which;
	struct code_list *dst;

	if (!list_reply(q, r, &which))
		return;
	dst = which == CL_REASONS ? &app->calls->reasons : &app->calls->codes;
	code_list_free(dst);
	code_list_copy(dst, l);
	list_done(app, which);
}

static void
on_units(const struct api_result *r, const struct unit_list *u, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	enum calls_list which;

	if (!list_reply(q, r, &which))
		return;
	unit_list_free(&app->calls->units);
	unit_list_copy(&app->calls->units, u);
	list_done(app, which);
}

static void
on_config(const struct api_result *r, const struct server_config *c,
	  void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	enum calls_list which;

	if (!list_reply(q, r, &which))
		return;
	server_config_free(&app->calls->scfg);
	server_config_copy(&app->calls->scfg, c);
	list_done(app, which);
}

void
calls_need(struct app *app, enum calls_list l)
{
	struct calls *C = app->calls;
	struct req *q;
	int rc = -1;

	if (!C || !app->api || C->have[l] || C->loading[l])
		return;
	q = app_req_new(app, NULL);
	q->tag = l;
	switch (l) {
	case CL_REASONS:
		rc = api_reasons(app->api, on_codes, q);
		break;
	case CL_CODES:
		rc = api_wrapup_codes(app->api, on_codes, q);
		break;
	case CL_UNITS:
		rc = api_units(app->api, NULL, on_units, q);
		break;
	case CL_CONFIG:
		rc = api_config(app->api, on_config, q);
		break;
	case CL__COUNT:
		break;
	}
	if (started(app, q, rc))
		C->loading[l] = 1;
}

static void
on_queues(const struct api_result *r, const struct queue_list *ql, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale;

	app_req_take(q, &stale);
	if (stale || !app->calls || !app_net_result(app, r) || r->st != ST_OK)
		return; /* the next queue event will do */
	queue_list_free(&app->calls->queues);
	queue_list_copy(&app->calls->queues, ql);
	app->calls->have_queues = 1;
	app_mark(app, DIRTY_STATUS);
}

void
calls_reload(struct app *app)
{
	struct calls *C = app->calls;
	struct req *q;
	int l;

	if (!C || !app->logged_in)
		return;
	C->refetch = 1;
	get_state(app);
	q = app_req_new(app, NULL);
	started(app, q, NET(app, api_queues(app->api, on_queues, q)));
	for (l = 0; l < CL__COUNT; l++)
		calls_need(app, (enum calls_list)l);
}

/* ---- the event stream ------------------------------------------------- */

static void
on_event(const struct api_event *ev, void *ud)
{
	struct app *app = ud;
	struct calls *C = app->calls;
	struct api_events_info info;
	char *text, *p;

	if (!C)
		return;
	board_event(app, ev); /* issue #6: broadcasts and the board */
	if (app->calls != C)
		return;
	switch (ev->type) {
	case AEV_HELLO:
		if (ev->u.hello.now)
			C->skew_s = ev->u.hello.skew_s;
		if (!C->hello_seen) {
			/* what happened between the first load and now */
			C->hello_seen = 1;
			calls_reload(app);
		}
		app_mark(app, DIRTY_STATUS);
		break;
	case AEV_AGENT_STATE:
		take_state(app, &ev->u.state, 1);
		break;
	case AEV_CALL_OFFERED:
	case AEV_CALL_UPDATED:
		take_call(app, &ev->u.call);
		break;
	case AEV_QUEUE:
		queue_list_free(&C->queues);
		queue_list_copy(&C->queues, &ev->u.queues);
		C->have_queues = 1;
		app_mark(app, DIRTY_STATUS);
		break;
	case AEV_TICKET_CHANGED:
		call_view_ticket_changed(app, ev->u.ticket.ticket_no);
		break;
	case AEV_BROADCAST:
		text = xstrdup(ev->u.broadcast.message);
		for (p = text; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		app_msg(app, MSGL_INFO, "%s %s: %s", tr(MSG_BROADCAST),
			ev->u.broadcast.from, text);
		free(text);
		break;
	case AEV_RESYNC:
		app_msg(app, MSGL_INFO, "%s", tr(MSG_RESYNCED));
		calls_reload(app);
		break;
	case AEV_CONN:
		api_events_info(C->es, &info);
		if (info.http_status == 401) {
			app_logout(app, 0, MSG_SESSION_EXPIRED);
			return; /* C and the stream are gone */
		}
		app_mark(app, DIRTY_STATUS);
		break;
	case AEV_UNKNOWN:
		/* Types this module does not own: the online queue. */
		if (strcmp(ev->raw_type, "intake.changed") == 0)
			online_intake_changed(app);
		break;
	}
}

void
calls_start(struct app *app)
{
	struct calls *C;

	if (app->calls || !app->logged_in)
		return;
	C = app->calls = xcalloc(1, sizeof *C);
	C->es = app->api ? api_events_start(app->api, on_event, app) : NULL;
	if (!C->es)
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_LIVE_DOWN));
	calls_reload(app);
}

void
calls_stop(struct app *app)
{
	struct calls *C = app->calls;

	if (!C)
		return;
	api_events_stop(C->es);
	agent_state_free(&C->st);
	call_free(&C->call);
	free(C->ticket_no);
	queue_list_free(&C->queues);
	code_list_free(&C->reasons);
	code_list_free(&C->codes);
	unit_list_free(&C->units);
	server_config_free(&C->scfg);
	bcast_list_free(&C->bcasts); /* issue #6 */
	free(C->export_file);
	FREE(app->calls);
	app_mark(app, DIRTY_ALL);
}

int
calls_live_feed(const struct app *app, long *retry_s)
{
	struct api_events_info info;

	*retry_s = 0;
	if (!app->calls || !app->calls->es)
		return 2;
	api_events_info(app->calls->es, &info);
	switch (info.state) {
	case AES_CONNECTED:
		return 1;
	case AES_CONNECTING:
		return info.failures ? 2 : 0;
	case AES_RECONNECTING:
		*retry_s = (info.retry_in_ms + 999) / 1000;
		return 2;
	}
	return 2;
}

/* ---- the screens follow the call -------------------------------------- */

/* Move v to the top of the stack (nothing is closed or reopened). */
static void
raise_view(struct app *app, struct view *v)
{
	int i = app_view_index(app, v);
	size_t k;

	if (i < 0 || (size_t)i + 1 == app->n_views)
		return;
	for (k = (size_t)i; k + 1 < app->n_views; k++)
		app->stack[k] = app->stack[k + 1];
	app->stack[app->n_views - 1] = v;
	app->n_pending = 0;
	app_mark(app, DIRTY_ALL);
}

static void
ended_message(struct app *app)
{
	struct calls *C = app->calls;
	const struct call *c = &C->call;
	const char *vals[1];
	char buf[APP_MSG_MAX];

	if (strcmp(c->state, "ENDED") == 0) {
		if (C->wrapup_sent) {
			app_msg(app, MSGL_OK, "%s", tr(MSG_WRAPUP_DONE));
		} else {
			vals[0] = calls_code_label(app, c->disposition);
			app_msg(app, MSGL_INFO, "%s",
				tr_fill(buf, sizeof buf, MSG_ACW_DEFAULTED,
					vals, 1));
		}
	} else if (strcmp(c->state, "ABANDONED") == 0) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_CALLER_HUNG_UP));
	} else {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_RING_NO_ANSWER));
	}
}

void
calls_sync(struct app *app)
{
	struct calls *C = app->calls;
	struct view *cv, *wv, *top;
	const struct call *c;

	if (!C)
		return;
	cv = app_find_view(app, &view_call_ops);
	wv = app_find_view(app, &view_wrapup_ops);
	if (!calls_live(app, &c)) {
		int had = C->synced_id && C->have_call &&
			  C->synced_id == C->call.id;

		if (wv)
			app_remove(app, wv);
		if (cv)
			app_remove(app, cv);
		if (had)
			ended_message(app);
		C->synced_id = 0;
		C->synced_state[0] = '\0';
		return;
	}
	if (cv && call_view_call_id(cv) != c->id) {
		if (wv)
			app_remove(app, wv);
		app_remove(app, cv);
		cv = wv = NULL;
	}
	if (!cv) {
		/* a picker or question of the idle screen makes no sense
		 * over a new call */
		while ((top = app_top(app)) && top->ops->overlay)
			app_remove(app, top);
		cv = app_push(app, &view_call_ops, NULL);
	}
	if (strcmp(c->state, "ACW") == 0 && !wv &&
	    (C->synced_id != c->id || strcmp(C->synced_state, "ACW") != 0)) {
		calls_need(app, CL_CODES);
		app_push(app, &view_wrapup_ops, NULL);
	}
	C->synced_id = c->id;
	snprintf(C->synced_state, sizeof C->synced_state, "%s", c->state);
	app_mark(app, DIRTY_ALL);
}

void
calls_tick(struct app *app)
{
	struct calls *C = app->calls;
	long retry;

	if (!C)
		return;
	if (calls_live(app, NULL))
		app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	board_tick(app); /* issue #6 */
	/* Without the live feed, ask for the state now and then, so a call
	 * still pops (late) and the status bar stays true. */
	if (app->api && app->conn == CONN_ONLINE &&
	    calls_live_feed(app, &retry) == 2) {
		if (++C->poll_ticks >= FEED_DOWN_POLL_S) {
			C->poll_ticks = 0;
			get_state(app);
		}
	} else {
		C->poll_ticks = 0;
	}
}

/* ---- commands --------------------------------------------------------- */

static int
agent_busy(const struct app *app)
{
	const struct calls *C = app->calls;

	return (C->have_st && is_one_of(C->st.state, live_states, 4)) ||
	       calls_live(app, NULL);
}

static void
set_state(struct app *app, const char *state, const char *reason,
	  enum msg_id done)
{
	struct req *q;

	if (agent_busy(app)) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_BUSY_IN_CALL));
		return;
	}
	q = app_req_new(app, NULL);
	q->tag = done;
	started(app, q,
		NET(app, api_set_state(app->api, state, reason, on_state, q)));
}

static int
reason_ok(struct app *app, const char *code)
{
	struct calls *C = app->calls;

	if (strcmp(code, "RING_NO_ANSWER") == 0 ||
	    (C->have[CL_REASONS] && !code_list_find(&C->reasons, code))) {
		app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_UNKNOWN_REASON),
			code);
		return 0;
	}
	return 1;
}

static void
open_reasons(struct app *app, int purpose)
{
	struct calls *C = app->calls;
	struct pick_item *items;
	char **labels;
	size_t i, n = 0;

	if (!C->have[CL_REASONS]) {
		C->open_on_load[CL_REASONS] = purpose;
		calls_need(app, CL_REASONS);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_LOADING));
		return;
	}
	items = xcalloc(C->reasons.n + 1, sizeof *items);
	labels = xcalloc(C->reasons.n + 1, sizeof *labels);
	for (i = 0; i < C->reasons.n; i++) {
		const struct code_item *it = &C->reasons.items[i];

		if (strcmp(it->code, "RING_NO_ANSWER") == 0)
			continue;
		labels[n] = xasprintf("%s\t%s\t%s", code_label(&C->reasons,
							       it->code),
				      it->name_zh, it->code);
		items[n].label = code_label(&C->reasons, it->code);
		items[n].right = it->code;
		items[n].match = labels[n];
		items[n].value = it->code;
		n++;
	}
	picker_open(app, NULL,
		    tr(purpose == OPEN_AFTER_CALL ? MSG_PICK_AFTER_REASON
						  : MSG_PICK_REASON),
		    NULL, PICK_NUMBERED, items, n,
		    purpose == OPEN_AFTER_CALL ? "after-call" : "not-ready");
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(items);
}

static struct view *
call_owner(struct app *app)
{
	return app_find_view(app, &view_call_ops);
}

static void
open_units(struct app *app)
{
	struct calls *C = app->calls;
	struct pick_item *items;
	char **match;
	size_t i, n = C->units.n;

	if (!C->have[CL_UNITS]) {
		C->open_on_load[CL_UNITS] = OPEN_TRANSFER;
		calls_need(app, CL_UNITS);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_LOADING));
		return;
	}
	items = xcalloc(n + 1, sizeof *items);
	match = xcalloc(n + 1, sizeof *match);
	for (i = 0; i < n; i++) {
		const struct unit_info *u = &C->units.items[i];

		match[i] = xasprintf("%s\t%s\t%s\t%s", u->name, u->short_name,
				     u->code, u->duty_phone);
		items[i].label = u->name;
		items[i].right = u->duty_phone;
		items[i].match = match[i];
		items[i].value = u->code;
	}
	picker_open(app, call_owner(app), tr(MSG_PICK_UNIT), NULL,
		    PICK_FILTER, items, n, "transfer");
	for (i = 0; i < n; i++)
		free(match[i]);
	free(match);
	free(items);
}

static const struct unit_info *
find_unit(const struct calls *C, const char *code)
{
	size_t i;

	for (i = 0; i < C->units.n; i++)
		if (strcmp(C->units.items[i].code, code) == 0)
			return &C->units.items[i];
	return NULL;
}

static void
open_modes(struct app *app, const char *unit)
{
	struct calls *C = app->calls;
	const struct unit_info *u = find_unit(C, unit);
	struct pick_item items[3] = {
		{ tr(MSG_MODE_BLIND), NULL, NULL, "blind", 'b' },
		{ tr(MSG_MODE_CONSULT), NULL, NULL, "consult", 'c' },
		{ tr(MSG_MODE_THREE_WAY), NULL, NULL, "three-way", 't' },
	};
	char note[512], cmd[256];

	if (C->have[CL_UNITS] && !u) {
		app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_UNKNOWN_UNIT), unit);
		return;
	}
	if (u && u->duty_phone[0])
		snprintf(note, sizeof note, "%s  %s %s", u->name,
			 tr(MSG_DUTY_PHONE), u->duty_phone);
	else
		snprintf(note, sizeof note, "%s", u ? u->name : unit);
	snprintf(cmd, sizeof cmd, "transfer %s", unit);
	picker_open(app, call_owner(app), tr(MSG_PICK_MODE), note,
		    PICK_NUMBERED, items, 3, cmd);
}

static void
on_transfer(const struct api_result *r, const struct call_transfer *t,
	    void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale;

	app_req_take(q, &stale);
	if (stale || !app->calls || net_error(app, r))
		return;
	app_msg(app, MSGL_OK, "%s: %s %s (%s)", tr(MSG_TRANSFERRED),
		t->target_name[0] ? t->target_name : t->target, t->target,
		cf_mode_label(t->mode));
	if (app->calls->have_call)
		fetch_call(app, app->calls->call.id); /* its transfer list */
}

static void
send_transfer(struct app *app, const char *mode, const char *kind,
	      const char *target, const char *note)
{
	struct req *q = app_req_new(app, NULL);

	started(app, q,
		NET(app, api_call_transfer(app->api, app->calls->call.id, mode,
					   kind, target, note, on_transfer,
					   q)));
}

static int
in_talk(struct app *app)
{
	if (calls_call_is(app, "TALKING") || calls_call_is(app, "HOLD"))
		return 1;
	app_msg(app, MSGL_ERROR, "%s", tr(MSG_NOT_TALKING));
	return 0;
}

/* The emergency question's answer; data is "110\0BLIND". */
static void
on_emergency(struct app *app, int yes, void *data)
{
	const char *num = data, *mode = num + strlen(num) + 1;

	if (!yes) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_CANCELLED));
		return;
	}
	if (!app->calls || !in_talk(app))
		return;
	send_transfer(app, mode, "EMERGENCY", num, NULL);
}

static void
ask_emergency(struct app *app, const char *num, const char *mode)
{
	char q[256], script[512], *data;
	const char *vals[2] = { num, num };
	size_t nl = strlen(num), ml = strlen(mode);

	tr_fill(q, sizeof q, MSG_EMERGENCY_ASK, vals, 1);
	tr_fill(script, sizeof script, MSG_SCRIPT_EMERGENCY, vals, 2);
	data = xmalloc(nl + ml + 2);
	memcpy(data, num, nl + 1);
	memcpy(data + nl + 1, mode, ml + 1);
	confirm_open(app, call_owner(app), q, script, on_emergency, data);
}

/* Words from..argc-1 joined by spaces (caller frees); NULL when none. */
static char *
words(int argc, char **argv, int from)
{
	size_t len = 0;
	int i;
	char *s;

	if (from >= argc)
		return NULL;
	for (i = from; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xmalloc(len + 1);
	s[0] = '\0';
	len = 0;
	for (i = from; i < argc; i++) {
		size_t k = strlen(argv[i]);

		if (i > from)
			s[len++] = ' ';
		memcpy(s + len, argv[i], k);
		len += k;
		s[len] = '\0';
	}
	return s;
}

static void
usage(struct app *app, enum action a)
{
	const struct action_info *ai = action_info(a);

	app_msg(app, MSGL_ERROR, "%s: %s %s", tr(MSG_USAGE), ai->name,
		ai->args);
}

static void
after_call(struct app *app, const char *reason)
{
	struct req *q = app_req_new(app, NULL);

	q->tag = reason ? MSG_AFTER_CALL_SET : MSG_AFTER_CALL_OFF;
	started(app, q,
		NET(app, api_set_after_call(app->api, reason, on_state, q)));
}

static void
show_call(struct app *app)
{
	struct view *v;

	if (!calls_live(app, NULL)) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_NO_CALL));
		return;
	}
	if (!(v = call_owner(app)))
		calls_sync(app);
	else
		raise_view(app, v);
	if (calls_call_is(app, "ACW") &&
	    (v = app_find_view(app, &view_wrapup_ops)))
		raise_view(app, v);
}

int
calls_action(struct app *app, enum action a, int argc, char **argv)
{
	struct calls *C = app->calls;
	const char *mode;
	char *s;
	struct view *v;

	switch (a) {
	case ACT_READY: case ACT_NOT_READY: case ACT_AFTER_CALL:
	case ACT_ANSWER: case ACT_HOLD: case ACT_RESUME: case ACT_HANGUP:
	case ACT_TRANSFER: case ACT_EMERGENCY: case ACT_WRAPUP:
	case ACT_EXTEND_ACW: case ACT_CALL:
		break;
	default:
		return TR_UNHANDLED;
	}
	if (!app->logged_in || !C) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_NEED_LOGIN));
		return TR_NONE;
	}
	switch (a) {
	case ACT_READY:
		set_state(app, "READY", NULL, MSG_NOW_READY);
		break;
	case ACT_NOT_READY:
		if (agent_busy(app))
			app_msg(app, MSGL_ERROR, "%s", tr(MSG_BUSY_IN_CALL));
		else if (argc < 2)
			open_reasons(app, OPEN_NOT_READY);
		else if (reason_ok(app, argv[1]))
			set_state(app, "NOT_READY", argv[1],
				  MSG_NOW_NOT_READY);
		break;
	case ACT_AFTER_CALL:
		if (argc >= 2 && strcmp(argv[1], "off") == 0)
			after_call(app, NULL);
		else if (argc >= 2) {
			if (reason_ok(app, argv[1]))
				after_call(app, argv[1]);
		} else if (C->have_st && C->st.after_call[0])
			after_call(app, NULL);
		else
			open_reasons(app, OPEN_AFTER_CALL);
		break;
	case ACT_ANSWER:
		if (calls_call_is(app, "RINGING"))
			call_op(app, OP_ANSWER);
		else if (calls_live(app, NULL))
			show_call(app);
		else
			app_msg(app, MSGL_ERROR, "%s", tr(MSG_NO_RINGING));
		break;
	case ACT_HOLD:
		if (calls_call_is(app, "TALKING"))
			call_op(app, OP_HOLD);
		else if (calls_call_is(app, "HOLD"))
			call_op(app, OP_RESUME);
		else
			app_msg(app, MSGL_ERROR, "%s", tr(MSG_NOT_TALKING));
		break;
	case ACT_RESUME:
		if (calls_call_is(app, "HOLD"))
			call_op(app, OP_RESUME);
		else
			app_msg(app, MSGL_ERROR, "%s", tr(MSG_NOT_ON_HOLD));
		break;
	case ACT_HANGUP:
		if (in_talk(app))
			call_op(app, OP_HANGUP);
		break;
	case ACT_TRANSFER:
		if (!in_talk(app))
			break;
		if (argc == 1) {
			open_units(app);
		} else if (argc == 2) {
			open_modes(app, argv[1]);
		} else if (!(mode = cf_parse_mode(argv[2]))) {
			usage(app, a);
		} else {
			s = words(argc, argv, 3);
			send_transfer(app, mode, "UNIT", argv[1], s);
			free(s);
		}
		break;
	case ACT_EMERGENCY:
		mode = argc >= 3 ? cf_parse_mode(argv[2]) : "BLIND";
		if (argc < 2 || !cf_emergency_ok(argv[1]) || !mode)
			usage(app, a);
		else if (in_talk(app))
			ask_emergency(app, argv[1], mode);
		break;
	case ACT_WRAPUP:
		if (!calls_call_is(app, "ACW")) {
			app_msg(app, MSGL_ERROR, "%s", tr(MSG_NOT_ACW));
		} else if (argc < 2) {
			if ((v = app_find_view(app, &view_wrapup_ops)))
				raise_view(app, v);
			else
				app_push(app, &view_wrapup_ops, NULL);
		} else if (C->have[CL_CODES] &&
			   !code_list_find(&C->codes, argv[1])) {
			app_msg(app, MSGL_ERROR, "%s: %s",
				tr(MSG_UNKNOWN_CODE), argv[1]);
		} else {
			s = words(argc, argv, 2);
			calls_wrapup(app, argv[1], s ? s : "", 0);
			free(s);
		}
		break;
	case ACT_EXTEND_ACW:
		if (calls_call_is(app, "ACW"))
			call_op(app, OP_EXTEND);
		else
			app_msg(app, MSGL_ERROR, "%s", tr(MSG_NOT_ACW));
		break;
	case ACT_CALL:
		show_call(app);
		break;
	default:
		break;
	}
	return TR_NONE;
}
