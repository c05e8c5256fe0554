/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_online.c - the online queue of other channels (网站, 微信, App,
 * 人民网, 省平台 ...): items waiting for an agent, oldest first, with the
 * waiting time ticking.  Enter claims the selected item; once the server
 * says it is ours, intake_open_item() (tui/intake_open.h) opens it on the
 * intake form.  A claim another agent won is refused with the server's
 * message, which names that agent, and the queue reloads.
 *
 * The rows come from GET /v1/intake-items?state=open (waiting and claimed
 * items).  They reload on intake.changed events (online_intake_changed(),
 * called by the event dispatcher) and, as a fallback, every
 * ONLINE_RELOAD_S seconds while the view is on top.  Every text drawn is
 * sanitized by net/ and fitted by display width here.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/intakeitem.h"
#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "../net/intake_items.h"
#include "app.h"
#include "draw.h"
#include "intake_open.h"
#include "theme.h"
#include "views.h"

#define ONLINE_RELOAD_S 15
#define ONLINE_LIMIT 200

struct online {
	struct intake_items l;
	size_t sel, top;
	int loading;
	int loaded;
	int claiming;
	unsigned long gen;
	int page_rows;
	long keep_id;       /* reselect after a reload */
	int64_t loaded_ms;  /* when the last load was asked for */
};

/* ---- layout (exposed for tests through views.h) ------------------------ */

void
online_columns(int cols, struct online_cols *c)
{
	int i, n = tk_enum_count(TKE_CHANNEL), w = 0;

	for (i = 0; i < n; i++) {
		const char *l = tk_enum_label(TKE_CHANNEL, i);
		int x = l ? (int)u8_width(l) : 0;

		if (x > w)
			w = x;
	}
	c->channel = col_width(w, MSG_COL_CHANNEL);
	if (c->channel > 12)
		c->channel = 12; /* "People's Daily board" is cut */
	c->received = col_width(5, MSG_COL_RECEIVED);
	c->waiting = col_width(6, MSG_COL_WAITING);
	c->phone = col_width(12, MSG_COL_PHONE);
	/* "待认领", "我已认领" or the holder's username */
	c->state = col_width(12, MSG_COL_STATE);
	c->subject = cols - (c->channel + c->received + c->waiting + c->phone +
			     c->state + 5);
	if (c->subject < 0)
		c->subject = 0;
}

void
online_format_row(const struct intake_item *it, const struct online_cols *c,
		  time_t now, const char *me, char *out, size_t cap)
{
	char recv[16], wait[16], head[512];
	const char *chan = NULL, *state;
	struct tm a, b;
	int ch;
	size_t off = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	ch = tk_enum_parse(TKE_CHANNEL, it->channel ? it->channel : "");
	if (ch >= 0)
		chan = tk_enum_label(TKE_CHANNEL, ch);
	if (!chan)
		chan = it->channel ? it->channel : "";
	if (it->received_at > 0) {
		time_t t = it->received_at;

		localtime_r(&t, &a);
		localtime_r(&now, &b);
		if (strftime(recv, sizeof recv,
			     a.tm_year == b.tm_year && a.tm_yday == b.tm_yday
				     ? "%H:%M"
				     : "%m-%d",
			     &a) == 0)
			snprintf(recv, sizeof recv, "-");
		intake_wait_text((long long)(now - t), wait, sizeof wait);
	} else {
		snprintf(recv, sizeof recv, "-");
		snprintf(wait, sizeof wait, "-");
	}
	if (it->state && strcmp(it->state, "waiting") == 0)
		state = tr(MSG_ONLINE_WAIT);
	else if (it->claimed_by && me && strcmp(it->claimed_by, me) == 0)
		state = tr(MSG_ONLINE_MINE);
	else if (it->claimed_by && it->claimed_by[0])
		state = it->claimed_by;
	else
		state = it->state ? it->state : "";
	intake_item_headline(it, head, sizeof head);
	off = row_cell(out, cap, off, chan, c->channel, 0);
	off = row_cell(out, cap, off, recv, c->received, 0);
	off = row_cell(out, cap, off, wait, c->waiting, 0);
	off = row_cell(out, cap, off, it->citizen_phone, c->phone, 0);
	off = row_cell(out, cap, off, state, c->state, c->subject <= 0);
	row_cell(out, cap, off, head, c->subject, 1);
}

static void
heading_row(const struct online_cols *c, char *out, size_t cap)
{
	size_t off = 0;

	out[0] = '\0';
	off = row_cell(out, cap, off, tr(MSG_COL_CHANNEL), c->channel, 0);
	off = row_cell(out, cap, off, tr(MSG_COL_RECEIVED), c->received, 0);
	off = row_cell(out, cap, off, tr(MSG_COL_WAITING), c->waiting, 0);
	off = row_cell(out, cap, off, tr(MSG_COL_PHONE), c->phone, 0);
	off = row_cell(out, cap, off, tr(MSG_COL_STATE), c->state,
	               c->subject <= 0);
	row_cell(out, cap, off, tr(MSG_COL_SUBJECT), c->subject, 1);
}

/* ---- data ----------------------------------------------------------------- */

void
online_take_items(struct app *app, struct view *v,
		  const struct intake_items *items)
{
	struct online *O = v->priv;
	size_t i;

	intake_items_free(&O->l);
	O->l.n = items->n;
	O->l.items = items->n ? xcalloc(items->n, sizeof *O->l.items) : NULL;
	for (i = 0; i < items->n; i++)
		intake_item_copy(&O->l.items[i], &items->items[i]);
	O->l.next_cursor = xstrdup(items->next_cursor ? items->next_cursor
						     : "");
	O->loaded = 1;
	if (O->keep_id) {
		for (i = 0; i < O->l.n; i++)
			if (O->l.items[i].id == O->keep_id)
				O->sel = i;
		O->keep_id = 0;
	}
	if (O->sel >= O->l.n)
		O->sel = O->l.n ? O->l.n - 1 : 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
on_items(const struct api_result *r, const struct intake_items *items,
	 void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long tag = q->tag;
	struct view *v = app_req_take(q, NULL);
	struct online *O;

	if (!v)
		return;
	O = v->priv;
	if (tag != O->gen)
		return; /* a newer load replaced this one */
	O->loading = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !items) {
		char buf[APP_MSG_MAX];

		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	online_take_items(app, v, items);
}

static void
load(struct app *app, struct view *v)
{
	struct online *O = v->priv;
	struct req *q;

	if (!app->api || !app->logged_in)
		return;
	if (O->l.n && !O->keep_id)
		O->keep_id = O->l.items[O->sel].id;
	O->gen++;
	O->loaded_ms = app_now_ms();
	q = app_req_new(app, v);
	q->tag = O->gen;
	if (api_intake_list(app->api, "open", NULL, ONLINE_LIMIT, on_items,
			    q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_NETWORK));
		return;
	}
	O->loading = 1;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
on_claim(const struct api_result *r, const struct intake_item *it, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v = app_req_take(q, NULL);
	struct online *O;
	struct intake_item copy;

	if (!v)
		return;
	O = v->priv;
	O->claiming = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !it) {
		char buf[APP_MSG_MAX];

		/* 409 already_claimed: the message names who holds it */
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		load(app, v);
		return;
	}
	/* The hand-off may replace this view: keep a copy of the item. */
	intake_item_copy(&copy, it);
	load(app, v);
	intake_open_item(app, &copy);
	intake_item_free(&copy);
}

static void
claim(struct app *app, struct view *v)
{
	struct online *O = v->priv;
	struct req *q;

	if (!O->l.n || O->claiming || !app->api)
		return;
	q = app_req_new(app, v);
	if (api_intake_claim(app->api, O->l.items[O->sel].id, on_claim, q) !=
	    0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_NETWORK));
		return;
	}
	O->claiming = 1;
	app_msg(app, MSGL_INFO, "%s", tr(MSG_ONLINE_CLAIMING));
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

/* ---- hooks for the event dispatcher and the timers ------------------------ */

void
online_intake_changed(struct app *app)
{
	struct view *v = app_find_view(app, &view_online_ops);

	if (v)
		load(app, v);
}

void
online_tick(struct app *app)
{
	struct view *v = app_top(app);
	struct online *O;

	if (!v || v->ops != &view_online_ops)
		return;
	O = v->priv;
	app_mark(app, DIRTY_BODY); /* the waiting time ticks */
	if (!O->loading &&
	    app_now_ms() - O->loaded_ms >= (int64_t)ONLINE_RELOAD_S * 1000)
		load(app, v);
}

/* ---- ops ------------------------------------------------------------------ */

static void
online_open(struct app *app, struct view *v, const char *arg)
{
	struct online *O = xcalloc(1, sizeof *O);

	(void)arg;
	v->priv = O;
	O->page_rows = 10;
	load(app, v);
}

static void
online_close(struct app *app, struct view *v)
{
	struct online *O = v->priv;

	(void)app;
	intake_items_free(&O->l);
	FREE(v->priv);
}

static void
online_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct online *O = v->priv;
	size_t off, i, waiting = 0;

	(void)app;
	off = (size_t)snprintf(out, cap, "%s", tr(MSG_ONLINE_TITLE));
	if (O->loaded && off < cap) {
		char num[32], count[128];
		const char *vals[1] = {num};

		for (i = 0; i < O->l.n; i++)
			if (O->l.items[i].state &&
			    strcmp(O->l.items[i].state, "waiting") == 0)
				waiting++;
		snprintf(num, sizeof num, "%zu", waiting);
		off += (size_t)snprintf(out + off, cap - off, " | %s",
					tr_fill(count, sizeof count,
						MSG_ONLINE_COUNT, vals, 1));
	}
	if ((O->loading || O->claiming) && off < cap)
		snprintf(out + off, cap - off, " | %s",
			 tr(O->claiming ? MSG_ONLINE_CLAIMING : MSG_LOADING));
}

static void
online_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct online *O = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), vis, i;
	struct online_cols c;
	char line[2048];
	time_t now = time(NULL);
	const char *me = app->agent.username;

	(void)cur;
	online_columns(cols, &c);
	heading_row(&c, line, sizeof line);
	draw_fit(w, 0, 0, line, cols, theme(TH_COLHEAD));
	draw_fit(w, rows - 1, 0, tr(MSG_ONLINE_HINT), cols, theme(TH_DIM));
	vis = rows - 2;
	O->page_rows = vis > 1 ? vis : 1;
	if (!O->loaded || O->l.n == 0) {
		draw_center(w, rows / 2,
			    tr(!O->loaded && O->loading ? MSG_LOADING
							: MSG_ONLINE_EMPTY),
			    theme(TH_DIM));
		return;
	}
	if (O->sel < O->top)
		O->top = O->sel;
	if (vis > 0 && O->sel >= O->top + (size_t)vis)
		O->top = O->sel - (size_t)vis + 1;
	for (i = 0; i < vis && O->top + (size_t)i < O->l.n; i++) {
		size_t k = O->top + (size_t)i;
		const struct intake_item *it = &O->l.items[k];
		attr_t at = theme(TH_NORMAL);

		if (k == O->sel)
			at = theme(TH_SELECT);
		else if (it->state && strcmp(it->state, "waiting") != 0)
			at = theme(TH_DIM);
		online_format_row(it, &c, now, me, line, sizeof line);
		draw_fit(w, 1 + i, 0, line, cols, at);
	}
}

static void
move_to(struct app *app, struct view *v, long to)
{
	struct online *O = v->priv;

	if (O->l.n == 0)
		return;
	if (to < 0)
		to = 0;
	if ((size_t)to >= O->l.n)
		to = (long)O->l.n - 1;
	O->sel = (size_t)to;
	app_mark(app, DIRTY_BODY);
}

static int
online_action(struct app *app, struct view *v, enum action a, int argc,
	      char **argv)
{
	struct online *O = v->priv;

	(void)argc;
	(void)argv;
	switch (a) {
	case ACT_MOVE_UP:
		move_to(app, v, (long)O->sel - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		move_to(app, v, (long)O->sel + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		move_to(app, v, (long)O->sel - O->page_rows);
		return TR_NONE;
	case ACT_PAGE_DOWN:
		move_to(app, v, (long)O->sel + O->page_rows);
		return TR_NONE;
	case ACT_FIRST:
		move_to(app, v, 0);
		return TR_NONE;
	case ACT_LAST:
		move_to(app, v, (long)O->l.n - 1);
		return TR_NONE;
	case ACT_OPEN:
		claim(app, v);
		return TR_NONE;
	case ACT_REFRESH:
		load(app, v);
		return TR_NONE;
	case ACT_ONLINE_QUEUE:
		return TR_NONE; /* already here */
	default:
		return TR_UNHANDLED;
	}
}

static void
online_reconnected(struct app *app, struct view *v)
{
	load(app, v);
}

const struct view_ops view_online_ops = {
	.name = "online",
	.ctx = KCTX_LIST,
	.open = online_open,
	.close = online_close,
	.title = online_title,
	.draw = online_draw,
	.action = online_action,
	.reconnected = online_reconnected,
};
