/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/status.h"
#include "board.h"
#include "calls.h"
#include "durable.h"
#include "theme.h"
#include "train.h"
#include "views.h"

#define HEALTH_EVERY_MS 10000 /* while online */
#define BACKOFF_MAX_S 30

int64_t
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
app_mark(struct app *app, unsigned bits)
{
	app->dirty |= bits;
}

void
app_msg(struct app *app, enum msg_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->msg, sizeof app->msg, fmt, ap);
	va_end(ap);
	app->msg_level = lvl;
	app_mark(app, DIRTY_MSG);
}

void
app_note(struct app *app, const char *text)
{
	app->notes = xrealloc(app->notes, (app->n_notes + 1) * sizeof *app->notes);
	app->notes[app->n_notes++] = xstrdup(text);
}

char *
tr_fill(char *out, size_t cap, enum msg_id id, const char *const *vals,
	size_t n)
{
	const char *s = tr(id);
	size_t o = 0, k = 0;

	if (cap == 0)
		return out;
	while (*s && o + 1 < cap) {
		if (s[0] == '{' && s[1] == '}' && k < n) {
			const char *v = vals[k++];

			while (*v && o + 1 < cap)
				out[o++] = *v++;
			s += 2;
			continue;
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}

const char *
app_tr_in(enum lang l, enum msg_id id)
{
	enum lang old = i18n_get();
	const char *s;

	i18n_set(l);
	s = tr(id);
	i18n_set(old);
	return s;
}

/* ---- views ------------------------------------------------------------ */

struct view *
app_top(const struct app *app)
{
	return app->n_views ? app->stack[app->n_views - 1] : NULL;
}

struct view *
app_find_view(const struct app *app, const struct view_ops *ops)
{
	size_t i;

	for (i = app->n_views; i-- > 0;)
		if (app->stack[i]->ops == ops)
			return app->stack[i];
	return NULL;
}

struct view *
app_push(struct app *app, const struct view_ops *ops, const char *arg)
{
	struct view *v;

	if (app->n_views == APP_MAX_VIEWS)
		return NULL;
	v = xcalloc(1, sizeof *v);
	v->ops = ops;
	v->id = ++app->view_serial;
	app->stack[app->n_views++] = v;
	app->n_pending = 0;
	if (ops->open)
		ops->open(app, v, arg);
	app_mark(app, DIRTY_ALL);
	return v;
}

void
app_pop(struct app *app)
{
	struct view *v;

	if (app->n_views == 0)
		return;
	v = app->stack[--app->n_views];
	if (v->ops->close)
		v->ops->close(app, v);
	free(v);
	app->n_pending = 0;
	app_mark(app, DIRTY_ALL);
}

int
app_view_index(const struct app *app, const struct view *v)
{
	size_t i;

	for (i = 0; i < app->n_views; i++)
		if (app->stack[i] == v)
			return (int)i;
	return -1;
}

struct view *
app_view_by_id(const struct app *app, unsigned long id)
{
	size_t i;

	for (i = 0; id && i < app->n_views; i++)
		if (app->stack[i]->id == id)
			return app->stack[i];
	return NULL;
}

void
app_remove(struct app *app, struct view *v)
{
	unsigned long id;
	int i;
	size_t k;

	if (!v || (i = app_view_index(app, v)) < 0)
		return;
	id = v->id;
	/* first what belongs to v (overlays opened from it), then v */
	for (k = app->n_views; k-- > 0;)
		if (app->stack[k]->owner == id)
			app_remove(app, app->stack[k]);
	i = app_view_index(app, v);
	if (i < 0)
		return;
	for (k = (size_t)i; k + 1 < app->n_views; k++)
		app->stack[k] = app->stack[k + 1];
	app->n_views--;
	if (v->ops->close)
		v->ops->close(app, v);
	free(v);
	app->n_pending = 0;
	app_mark(app, DIRTY_ALL);
}

void
app_clear_views(struct app *app)
{
	while (app->n_views)
		app_pop(app);
}

/* ---- requests --------------------------------------------------------- */

struct req *
app_req_new(struct app *app, struct view *v)
{
	struct req *q = xcalloc(1, sizeof *q);

	q->app = app;
	q->view_id = v ? v->id : 0;
	q->session = app->session;
	q->next = app->reqs;
	if (app->reqs)
		app->reqs->prev = q;
	app->reqs = q;
	return q;
}

struct view *
app_req_take(struct req *q, int *stale)
{
	struct app *app = q->app;
	struct view *found = NULL;
	size_t i;
	int old = q->session != app->session;

	if (q->prev)
		q->prev->next = q->next;
	else
		app->reqs = q->next;
	if (q->next)
		q->next->prev = q->prev;
	if (!old && q->view_id) {
		for (i = 0; i < app->n_views; i++)
			if (app->stack[i]->id == q->view_id)
				found = app->stack[i];
		if (!found)
			old = 1;
	}
	free(q);
	if (stale)
		*stale = old;
	return found;
}

void
app_req_free_all(struct app *app)
{
	while (app->reqs) {
		struct req *q = app->reqs;

		app->reqs = q->next;
		free(q);
	}
}

/* ---- connection ------------------------------------------------------- */

static void
set_conn(struct app *app, enum conn_state c)
{
	if (app->conn != c)
		app_mark(app, DIRTY_STATUS);
	app->conn = c;
}

static void
went_offline(struct app *app)
{
	if (app->conn != CONN_OFFLINE) {
		app->backoff_s = 1;
		set_conn(app, CONN_OFFLINE);
	}
	if (app->next_health_ms == 0 ||
	    app->next_health_ms > app_now_ms() + app->backoff_s * 1000)
		app->next_health_ms = app_now_ms() + app->backoff_s * 1000;
}

static void
came_back(struct app *app)
{
	size_t i;
	int was_down = app->conn == CONN_OFFLINE;

	set_conn(app, CONN_ONLINE);
	app->backoff_s = 0;
	app->next_health_ms = app_now_ms() + HEALTH_EVERY_MS;
	if (!was_down)
		return;
	app_msg(app, MSGL_OK, "%s", tr(MSG_RECONNECTED));
	for (i = 0; i < app->n_views; i++) {
		struct view *v = app->stack[i];

		if (v->ops->reconnected)
			v->ops->reconnected(app, v);
	}
	if (app->calls)
		calls_reload(app);
}

static void
on_health(const struct api_result *r, const char *version, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;

	(void)version;
	app_req_take(q, NULL);
	app->health_inflight = 0;
	if (r->st == ST_OK) {
		came_back(app);
		return;
	}
	/* Any answer but a good one counts as down for the health check. */
	if (app->conn == CONN_OFFLINE) {
		app->backoff_s = app->backoff_s ? app->backoff_s * 2 : 1;
		if (app->backoff_s > BACKOFF_MAX_S)
			app->backoff_s = BACKOFF_MAX_S;
	} else {
		app->backoff_s = 1;
	}
	set_conn(app, CONN_OFFLINE);
	app->next_health_ms = app_now_ms() + app->backoff_s * 1000;
	app_mark(app, DIRTY_STATUS);
}

void
app_health_now(struct app *app)
{
	struct req *q;

	if (app->health_inflight || !app->api)
		return;
	q = app_req_new(app, NULL);
	q->session = 0; /* health answers are never stale */
	if (api_health(app->api, on_health, q) != 0) {
		app_req_take(q, NULL);
		return;
	}
	app->health_inflight = 1;
	app->next_health_ms = 0;
}

const char *
app_err_text(const struct api_result *r, char *buf, size_t cap)
{
	const char *st = status_msg(r->st);

	if (!r->message || !*r->message || strcmp(r->message, st) == 0)
		snprintf(buf, cap, "%s", st);
	else if (strstr(r->message, st))
		snprintf(buf, cap, "%s", r->message);
	else
		snprintf(buf, cap, "%s: %s", st, r->message);
	return buf;
}

int
app_net_result(struct app *app, const struct api_result *r)
{
	char buf[APP_MSG_MAX];

	if (r->st == ST_NETWORK || r->st == ST_TIMEOUT) {
		went_offline(app);
		app_msg(app, MSGL_ERROR, "%s", app_err_text(r, buf, sizeof buf));
		return 0;
	}
	if (r->http_status != 0)
		set_conn(app, CONN_ONLINE);
	if (r->st == ST_UNAUTHORIZED && app->logged_in) {
		app_logout(app, 0, MSG_SESSION_EXPIRED);
		return 0;
	}
	return 1;
}

int
app_next_timeout(struct app *app)
{
	int64_t now = app_now_ms();
	int64_t next;
	struct timespec ts;

	/* the clock: wake at the next wall-clock second */
	clock_gettime(CLOCK_REALTIME, &ts);
	next = 1000 - ts.tv_nsec / 1000000;
	if (app->next_health_ms && !app->health_inflight) {
		int64_t h = app->next_health_ms - now;

		if (h < next)
			next = h;
	}
	{
		int k = kb_next_timeout_ms(app);

		if (k >= 0 && k < next)
			next = k;
		k = durable_next_ms(app);
		if (k >= 0 && k < next)
			next = k;
		k = train_next_timeout_ms(); /* training demo steps */
		if (k >= 0 && k < next)
			next = k;
	}
	if (next < 0)
		next = 0;
	if (next > 250)
		next = 250;
	return (int)next;
}

void
app_timers(struct app *app)
{
	static time_t last_sec;
	time_t t = time(NULL);

	app->now_ms = app_now_ms();
	if (t != last_sec) {
		last_sec = t;
		app_mark(app, DIRTY_STATUS);
		calls_tick(app);
		online_tick(app); /* the online queue (issue #4 extras) */
	}
	if (app->next_health_ms && !app->health_inflight &&
	    app->now_ms >= app->next_health_ms)
		app_health_now(app);
	kb_tick(app);
	durable_tick(app);
	train_tick(app); /* training runs (train.h) */
}

/* ---- session ---------------------------------------------------------- */

void
app_login_done(struct app *app, const struct agent_info *agent,
	       const char *token)
{
	size_t i;

	agent_info_free(&app->agent);
	app->agent.id = agent->id;
	app->agent.username = xstrdup(agent->username ? agent->username : "");
	app->agent.display_name =
		xstrdup(agent->display_name ? agent->display_name : "");
	app->agent.role = agent->role;
	app->agent.n_desks = agent->n_desks;
	app->agent.desks = agent->n_desks
				   ? xcalloc(agent->n_desks, sizeof(char *))
				   : NULL;
	for (i = 0; i < agent->n_desks; i++)
		app->agent.desks[i] = xstrdup(agent->desks[i]);
	api_set_token(app->api, token);
	app->logged_in = 1;
	app->session++;
	free(app->login_user);
	app->login_user = xstrdup(app->agent.username);
	app_clear_views(app);
	app_push(app, &view_list_ops, NULL);
	calls_start(app);
	durable_start(app); /* intake (issue #4): drafts and outbox */
	if (board_allowed(app)) /* issue #6: supervisors start on the board */
		app_push(app, &view_board_ops, NULL);
	app_mark(app, DIRTY_ALL);
}

static void
on_logout(const struct api_result *r, void *ud)
{
	(void)r;
	app_req_take(ud, NULL);
}

void
app_logout(struct app *app, int tell_server, enum msg_id why)
{
	size_t waiting = app->logged_in ? durable_outbox_count() : 0;
	char who[64];

	snprintf(who, sizeof who, "%s",
		 app->agent.username ? app->agent.username : "");
	if (tell_server && app->logged_in) {
		struct req *q = app_req_new(app, NULL);

		q->session = 0;
		if (api_logout(app->api, on_logout, q) != 0)
			app_req_take(q, NULL);
	}
	calls_stop(app);
	durable_stop(app);
	api_set_token(app->api, NULL);
	app->logged_in = 0;
	app->session++;
	agent_info_free(&app->agent);
	app_clear_views(app);
	app_push(app, &view_login_ops, NULL);
	app_msg(app, why == MSG_SESSION_EXPIRED ? MSGL_ERROR : MSGL_INFO, "%s",
		tr(why));
	if (waiting) {
		/* the outbox is the agent's own: it waits for their login */
		char num[24], buf[APP_MSG_MAX];
		const char *vals[2] = {num, who};

		snprintf(num, sizeof num, "%zu", waiting);
		app_msg(app, MSGL_ERROR, "%s",
			tr_fill(buf, sizeof buf, MSG_OUTBOX_LEFT, vals, 2));
	}
}

/* ---- options ---------------------------------------------------------- */

void
app_apply_options(struct app *app)
{
	const char *l = config_get(app->cfg, OPT_LANGUAGE);
	enum lang lang;

	int color;

	if (l && *l && i18n_parse(l, &lang) == 0)
		i18n_set(lang);
	color = config_get_bool(app->cfg, OPT_COLOR) && !app->no_color_env;
	if (color != app->color && app->w_body) {
		app->color = color;
		theme_init(color);
	}
	app->color = color;
	app_mark(app, DIRTY_ALL);
}
