/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * board_events.c - the supervisor console's glue (board.h): the event
 * stream's share for issue #6, the broadcasts on every status bar, and the
 * commands board, broadcast, ack and export, which work from any screen.
 *
 * Broadcasts: a `broadcast` event (or GET /v1/broadcasts?active=1 after
 * each hello and resync) adds to app->calls->bcasts, oldest first, without
 * duplicates; the status bar shows the oldest until `ack`, which removes
 * it at once and sends POST /v1/broadcasts/{id}/ack (a failure puts it
 * back on the next reload).
 */
#include "board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "../core/report.h"
#include "../core/utf8.h"
#include "../net/stats.h"
#include "calls.h"
#include "views.h"

int
board_allowed(const struct app *app)
{
	return app->logged_in && (app->agent.role == ROLE_SUPERVISOR ||
				  app->agent.role == ROLE_ADMIN);
}

/* ---- broadcasts --------------------------------------------------------- */

static void
bcast_add(struct app *app, const struct bcast *b)
{
	struct bcast_list *l = &app->calls->bcasts;
	size_t i, at;

	for (i = 0; i < l->n; i++)
		if (l->items[i].id == b->id)
			return;
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	for (at = l->n; at > 0 && l->items[at - 1].id > b->id; at--)
		l->items[at] = l->items[at - 1];
	bcast_copy(&l->items[at], b);
	l->n++;
	app_mark(app, DIRTY_STATUS);
}

static void
on_bcasts(const struct api_result *r, const struct bcast_list *l, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale;
	size_t i;

	app_req_take(q, &stale);
	if (stale || !app->calls || !app_net_result(app, r) ||
	    r->st != ST_OK)
		return; /* older servers: no list; the events still come */
	bcast_list_free(&app->calls->bcasts);
	for (i = 0; i < l->n; i++)
		bcast_add(app, &l->items[i]);
	app_mark(app, DIRTY_STATUS);
}

void
board_bcasts_reload(struct app *app)
{
	struct req *q;

	if (!app->calls || !app->api || !app->logged_in)
		return;
	q = app_req_new(app, NULL);
	if (api_broadcasts_active(app->api, on_bcasts, q) != 0)
		app_req_take(q, NULL);
}

int
board_bcast_text(const struct app *app, char *out, size_t cap, char *alt,
		 size_t alt_cap)
{
	const struct bcast_list *l = app->calls ? &app->calls->bcasts : NULL;
	const struct bcast *b;
	char more[32] = "", full[1024];

	if (!l || l->n == 0)
		return 0;
	b = &l->items[0];
	if (l->n > 1)
		snprintf(more, sizeof more, " (+%zu)", l->n - 1);
	/* composed whole, then cut by display columns (never inside a
	 * character) */
	snprintf(full, sizeof full, "%s %s: %s%s [%s]", tr(MSG_BROADCAST),
		 b->from, b->message, more, tr(MSG_BROADCAST_ACK_HINT));
	u8_truncate(out, cap, full, 150, 1);
	snprintf(full, sizeof full, "%s: %s%s", tr(MSG_BROADCAST), b->message,
		 more);
	u8_truncate(alt, alt_cap, full, 40, 1);
	return 1;
}

static void
on_ack(const struct api_result *r, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	char buf[APP_MSG_MAX];
	int stale;

	app_req_take(q, &stale);
	if (stale || !app_net_result(app, r))
		return;
	if (r->st != ST_OK && r->st != ST_NOT_FOUND)
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
}

static void
ack(struct app *app)
{
	struct bcast_list *l = app->calls ? &app->calls->bcasts : NULL;
	struct req *q;
	long id;

	if (!l || l->n == 0) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_BROADCAST_NONE));
		return;
	}
	id = l->items[0].id;
	bcast_free(&l->items[0]);
	memmove(l->items, l->items + 1, (l->n - 1) * sizeof *l->items);
	l->n--;
	app_mark(app, DIRTY_STATUS);
	/* also replaces the broadcast's announcement on the message line */
	app_msg(app, MSGL_OK, "%s", tr(MSG_BROADCAST_ACKED));
	q = app_req_new(app, NULL);
	if (api_broadcast_ack(app->api, id, on_ack, q) != 0)
		app_req_take(q, NULL);
}

/* ---- events ---------------------------------------------------------- */

void
board_event(struct app *app, const struct api_event *ev)
{
	struct view *bv = app_find_view(app, &view_board_ops);
	struct bcast b;

	switch (ev->type) {
	case AEV_HELLO:
	case AEV_RESYNC:
		board_bcasts_reload(app);
		if (bv)
			board_view_reload(app, bv, ev->type == AEV_RESYNC);
		return;
	case AEV_BROADCAST:
		memset(&b, 0, sizeof b);
		b.id = ev->u.broadcast.id;
		b.message = ev->u.broadcast.message;
		b.from = ev->u.broadcast.from;
		b.desk = ev->u.broadcast.desk;
		b.at = ev->u.broadcast.at;
		if (b.id > 0) {
			char *one = u8_sanitize(b.message, strlen(b.message),
						SAN_FOLD_AMBIGUOUS);

			b.message = one;
			bcast_add(app, &b);
			free(one);
		}
		break;
	default:
		break;
	}
	if (bv)
		board_view_event(app, bv, ev);
}

void
board_tick(struct app *app)
{
	struct view *bv = app_find_view(app, &view_board_ops);

	if (bv)
		board_view_tick(app, bv);
}

/* ---- commands ------------------------------------------------------------ */

static void
usage(struct app *app, enum action a)
{
	const struct action_info *ai = action_info(a);

	app_msg(app, MSGL_ERROR, "%s: %s %s", tr(MSG_USAGE), ai->name,
		ai->args);
}

static int
refuse(struct app *app)
{
	if (board_allowed(app))
		return 0;
	app_msg(app, MSGL_ERROR, "%s", tr(MSG_BOARD_SUPERVISORS_ONLY));
	return 1;
}

/* Desk wire names the broadcast may address. */
static int
is_desk(const char *s)
{
	return tk_enum_parse(TKE_DESK, s) >= 0;
}

static void
on_broadcast(const struct api_result *r, const struct bcast *b, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	char buf[APP_MSG_MAX];
	int stale;

	(void)b;
	app_req_take(q, &stale);
	if (stale || !app_net_result(app, r))
		return;
	if (r->st != ST_OK)
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
	else
		app_msg(app, MSGL_OK, "%s", tr(MSG_BOARD_BROADCAST_SENT));
}

static void
broadcast(struct app *app, int argc, char **argv)
{
	const char *desk = NULL;
	struct buf b;
	struct req *q;
	char *text;
	int i = 1;

	if (refuse(app))
		return;
	if (argc > 2 && is_desk(argv[1]))
		desk = argv[i++];
	buf_init(&b, 0);
	for (; i < argc; i++)
		(void)buf_printf(&b, "%s%s", b.len ? " " : "", argv[i]);
	text = buf_steal(&b);
	if (!*text || u8_count(text) > 200) {
		free(text);
		usage(app, ACT_BROADCAST);
		return;
	}
	q = app_req_new(app, NULL);
	if (api_broadcast_send(app->api, text, desk, on_broadcast, q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_INVALID));
	}
	free(text);
}

static void
on_daily_export(const struct api_result *r, const struct stats_daily *d,
		void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	char buf[APP_MSG_MAX], err[400], gen[32], num[16];
	const char *vals[2];
	char *file, *base;
	size_t n = 0;
	int stale;
	time_t now = time(NULL);
	struct tm tm;
	enum status st;

	app_req_take(q, &stale);
	if (stale || !app->calls)
		return;
	file = app->calls->export_file;
	app->calls->export_file = NULL;
	if (!file)
		return;
	if (!app_net_result(app, r) || r->st != ST_OK) {
		if (r->st != ST_OK)
			app_msg(app, MSGL_ERROR, "%s: %s",
				tr(MSG_BOARD_EXPORT_FAILED),
				app_err_text(r, buf, sizeof buf));
		free(file);
		return;
	}
	localtime_r(&now, &tm);
	strftime(gen, sizeof gen, "%Y-%m-%d %H:%M", &tm);
	st = report_export(d, file, gen, &n, err, sizeof err);
	if (st != ST_OK) {
		app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_BOARD_EXPORT_FAILED),
			err);
	} else {
		base = report_base(file);
		snprintf(num, sizeof num, "%zu", n);
		vals[0] = num;
		vals[1] = base;
		app_msg(app, MSGL_OK, "%s",
			tr_fill(buf, sizeof buf, MSG_BOARD_EXPORTED, vals, 2));
		free(base);
	}
	free(file);
}

static void
export(struct app *app, int argc, char **argv)
{
	struct req *q;

	if (refuse(app))
		return;
	if (argc < 3 || argc > 4 || strcmp(argv[1], "report") != 0) {
		usage(app, ACT_EXPORT);
		return;
	}
	if (app->calls->export_file) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_LOADING));
		return;
	}
	q = app_req_new(app, NULL);
	if (api_stats_daily(app->api, argc == 4 ? argv[3] : NULL,
			    on_daily_export, q) != 0) {
		app_req_take(q, NULL);
		usage(app, ACT_EXPORT);
		return;
	}
	app->calls->export_file = xstrdup(argv[2]);
	app_msg(app, MSGL_INFO, "%s", tr(MSG_LOADING));
}

int
board_action(struct app *app, enum action a, int argc, char **argv)
{
	struct view *bv;

	switch (a) {
	case ACT_BOARD:
		if (!app->logged_in || refuse(app) || app->too_small)
			return TR_NONE;
		bv = app_find_view(app, &view_board_ops);
		if (bv) {
			while (app_top(app) != bv && !app_top(app)->ops->sticky)
				app_pop(app);
			board_view_reload(app, bv, 1);
		} else {
			app_push(app, &view_board_ops, NULL);
		}
		return TR_NONE;
	case ACT_BROADCAST:
		if (app->calls)
			broadcast(app, argc, argv);
		return TR_NONE;
	case ACT_ACK:
		if (app->calls)
			ack(app);
		return TR_NONE;
	case ACT_EXPORT:
		if (app->calls)
			export(app, argc, argv);
		return TR_NONE;
	case ACT_BOARD_PAGE:
	case ACT_NEXT_PANEL:
	case ACT_SORT:
	case ACT_FILTER:
	case ACT_AGENT_STATE:
	case ACT_END_ACW:
	case ACT_REVIEW:
	case ACT_REASSIGN:
	case ACT_REDISPATCH:
	case ACT_APPROVE:
	case ACT_REJECT:
	case ACT_SUPERVISE:
		/* board commands typed over another screen: go to the board
		 * and run them there */
		if (!app->logged_in || refuse(app))
			return TR_NONE;
		bv = app_find_view(app, &view_board_ops);
		if (!bv)
			bv = app_push(app, &view_board_ops, NULL);
		else
			while (app_top(app) != bv &&
			       !app_top(app)->ops->sticky)
				app_pop(app);
		if (bv && app_top(app) == bv && bv->ops->action)
			return bv->ops->action(app, bv, a, argc, argv) &
			       ~TR_UNHANDLED;
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}
