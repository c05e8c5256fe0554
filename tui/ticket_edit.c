/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticket_edit.c - editing the shown ticket (":edit FIELD [VALUE]" in the
 * detail view) with If-Match, and the conflict screen shown on 412.
 *
 * ":edit FIELD" opens the command line with the field's current value
 * typed in (quoted so that line breaks survive as \n); ":edit FIELD VALUE"
 * sends PATCH with If-Match: the version the detail view shows.  On 412
 * the current version is fetched and the conflict screen lists, for each
 * field where the agent's value and the server's differ
 * (core/conflict.h), both values side by side, each wrapped by display
 * width.  m (keep-mine) sends the edit again with the server's version,
 * t (take-theirs) drops it and shows the server's version, Esc cancels
 * (nothing is sent; the edit is dropped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/conflict.h"
#include "../core/mem.h"
#include "../core/rc.h"
#include "../core/utf8.h"
#include "../net/ticket_edit.h"
#include "app.h"
#include "draw.h"
#include "model_copy.h"
#include "prompt.h"
#include "theme.h"
#include "views.h"
#include "wrap.h"

/* One edit in flight, or the conflict screen's state. */
struct cfl {
	unsigned long detail_id; /* the detail view the edit came from */
	char *no;
	struct ticket base;   /* what the agent saw */
	struct ticket theirs; /* the server's current version */
	int have_theirs;
	struct tk_edit mine;
	int sending;
	size_t top;
	int page_rows;
	size_t total;
};

static void cfl_send(struct app *app, struct cfl *c, struct view *owner,
		     long version);

static void
cfl_free(struct cfl *c)
{
	if (!c)
		return;
	free(c->no);
	ticket_free(&c->base);
	if (c->have_theirs)
		ticket_free(&c->theirs);
	tk_edit_free(&c->mine);
	free(c);
}

/* ---- the conflict screen ------------------------------------------------ */

struct wl {
	char **v;
	size_t n, cap;
};

static void
wl_cb(const char *line, size_t len, void *ud)
{
	struct wl *l = ud;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = xstrndup(line, len);
}

static void
wl_free(struct wl *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void
conflict_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct cfl *c = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), half, y = 0, skip;
	struct conflict_row r[TE__COUNT];
	char head[128], num[32];
	const char *vals[1] = {num};
	size_t n, i, k, line = 0;

	(void)app;
	(void)cur;
	half = (cols - 3) / 2;
	if (half < 4)
		half = 4;
	draw_fit(w, 0, 0, tr(MSG_CONFLICT_TITLE), cols, theme(TH_ERROR));
	snprintf(num, sizeof num, "%ld", c->theirs.version);
	tr_fill(head, sizeof head, MSG_CONFLICT_THEIRS, vals, 1);
	draw_fit(w, 1, 0, head, half, theme(TH_COLHEAD));
	draw_fit(w, 1, half + 3, tr(MSG_CONFLICT_MINE), cols - half - 3,
		 theme(TH_COLHEAD));
	draw_fit(w, rows - 1, 0, tr(MSG_CONFLICT_HINT), cols, theme(TH_DIM));
	n = c->have_theirs ? conflict_diff(&c->base, &c->theirs, &c->mine, r,
					   TE__COUNT)
			   : 0;
	if (n == 0) {
		draw_center(w, rows / 2, tr(MSG_CONFLICT_NONE), theme(TH_DIM));
		return;
	}
	y = 2;
	skip = (int)c->top;
	c->page_rows = rows - 3 > 1 ? rows - 3 : 1;
	for (i = 0; i < n; i++) {
		struct wl a = {0}, b = {0};

		wrap_text(r[i].theirs[0] ? r[i].theirs : "-", (size_t)half,
			  wl_cb, &a);
		wrap_text(r[i].mine[0] ? r[i].mine : "-", (size_t)half, wl_cb,
			  &b);
		/* the field's name, then both values line by line */
		if (skip > 0) {
			skip--;
		} else if (y < rows - 1) {
			draw_fit(w, y++, 0, tk_edit_name(r[i].field), cols,
				 theme(TH_LABEL));
		}
		line++;
		for (k = 0; k < a.n || k < b.n; k++, line++) {
			if (skip > 0) {
				skip--;
				continue;
			}
			if (y >= rows - 1)
				continue;
			draw_fit(w, y, 0, k < a.n ? a.v[k] : "", half,
				 theme(r[i].they_changed ? TH_WARN
							 : TH_NORMAL));
			draw_text(w, y, half + 1, "|", 1, theme(TH_DIM));
			draw_fit(w, y, half + 3, k < b.n ? b.v[k] : "",
				 cols - half - 3,
				 theme(r[i].edited ? TH_OK : TH_NORMAL));
			y++;
		}
		wl_free(&a);
		wl_free(&b);
	}
	c->total = line;
}

static void
conflict_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct cfl *c = v->priv;

	(void)app;
	snprintf(out, cap, "%s %s | %s", tr(MSG_DETAIL_TITLE), c->no,
		 tr(MSG_CONFLICT_TITLE));
}

static void
conflict_close(struct app *app, struct view *v)
{
	(void)app;
	cfl_free(v->priv);
	v->priv = NULL;
}

static int
conflict_action(struct app *app, struct view *v, enum action a, int argc,
		char **argv)
{
	struct cfl *c = v->priv;
	struct view *d;

	(void)argc;
	(void)argv;
	switch (a) {
	case ACT_KEEP_MINE:
		if (!c->sending && c->have_theirs)
			cfl_send(app, c, v, c->theirs.version);
		return TR_NONE;
	case ACT_TAKE_THEIRS:
		d = app_view_by_id(app, c->detail_id);
		if (d && c->have_theirs)
			detail_take_ticket(app, d, &c->theirs);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_CONFLICT_DROPPED));
		app_remove(app, v);
		return TR_NONE;
	case ACT_MOVE_DOWN:
	case ACT_PAGE_DOWN:
		if (c->top + 1 < c->total)
			c->top += a == ACT_MOVE_DOWN ? 1 : (size_t)c->page_rows;
		if (c->top >= c->total)
			c->top = c->total ? c->total - 1 : 0;
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	case ACT_MOVE_UP:
	case ACT_PAGE_UP:
		if (a == ACT_MOVE_UP)
			c->top = c->top ? c->top - 1 : 0;
		else
			c->top = c->top > (size_t)c->page_rows
					 ? c->top - (size_t)c->page_rows
					 : 0;
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

const struct view_ops view_conflict_ops = {
	.name = "conflict",
	.ctx = KCTX_DETAIL,
	.close = conflict_close,
	.title = conflict_title,
	.draw = conflict_draw,
	.action = conflict_action,
};

/* ---- requests ----------------------------------------------------------- */

/* The detail view an edit belongs to, or NULL (closed meanwhile). */
static struct view *
detail_of(struct app *app, const struct cfl *c)
{
	return app_view_by_id(app, c->detail_id);
}

static void
on_current(const struct api_result *r, const struct ticket *t, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct cfl *c = (struct cfl *)q->tag;
	int from_conflict = q->flag;
	struct view *owner = app_req_take(q, NULL), *cv;

	if (!owner) {
		if (!from_conflict)
			cfl_free(c); /* else the closed screen freed it */
		return;
	}
	if (!app_net_result(app, r) || r->st != ST_OK || !t) {
		char buf[APP_MSG_MAX];

		if (r->st != ST_OK)
			app_msg(app, MSGL_ERROR, "%s",
				app_err_text(r, buf, sizeof buf));
		if (!from_conflict)
			cfl_free(c);
		return;
	}
	if (c->have_theirs)
		ticket_free(&c->theirs);
	tui_ticket_copy(&c->theirs, t);
	c->have_theirs = 1;
	c->top = 0;
	if (from_conflict) {
		app_mark(app, DIRTY_ALL);
		return;
	}
	/* from the detail view: open the conflict screen over it */
	cv = app_push(app, &view_conflict_ops, NULL);
	if (!cv) {
		cfl_free(c);
		return;
	}
	cv->priv = c;
	cv->owner = owner->id;
	app_mark(app, DIRTY_ALL);
}

static void
fetch_current(struct app *app, struct cfl *c, struct view *owner)
{
	struct req *q = app_req_new(app, owner);
	int from_conflict = owner->ops == &view_conflict_ops;

	q->tag = (unsigned long)(uintptr_t)c;
	q->flag = from_conflict;
	if (api_ticket(app->api, c->no, on_current, q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_NETWORK));
		if (!from_conflict)
			cfl_free(c);
	}
}

static void
on_patched(const struct api_result *r, const struct ticket *t, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct cfl *c = (struct cfl *)q->tag;
	int from_conflict = q->flag;
	struct view *owner = app_req_take(q, NULL), *d;

	if (!owner) {
		if (!from_conflict)
			cfl_free(c);
		return;
	}
	c->sending = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app_net_result(app, r)) {
		if (!from_conflict)
			cfl_free(c);
		return;
	}
	if (r->st == ST_OK && t) {
		char num[32], text[256];
		const char *vals[2] = {t->ticket_no, num};

		d = detail_of(app, c);
		if (d)
			detail_take_ticket(app, d, t);
		snprintf(num, sizeof num, "%ld", t->version);
		app_msg(app, MSGL_OK, "%s",
			tr_fill(text, sizeof text, MSG_EDIT_SAVED, vals, 2));
		if (from_conflict)
			app_remove(app, owner); /* frees c */
		else
			cfl_free(c);
		return;
	}
	if (r->http_status == 412) {
		/* changed meanwhile: fetch it and show both versions */
		fetch_current(app, c, owner);
		return;
	}
	{
		char buf[APP_MSG_MAX];

		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
	}
	if (!from_conflict)
		cfl_free(c);
}

static void
cfl_send(struct app *app, struct cfl *c, struct view *owner, long version)
{
	const char *pairs[2 * TE__COUNT + 1];
	struct req *q;

	int from_conflict = owner->ops == &view_conflict_ops;

	tk_edit_pairs(&c->mine, pairs);
	q = app_req_new(app, owner);
	q->tag = (unsigned long)(uintptr_t)c;
	q->flag = from_conflict;
	if (api_ticket_patch(app->api, c->no, version, pairs, on_patched, q) !=
	    0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_INVALID));
		if (!from_conflict)
			cfl_free(c);
		return;
	}
	c->sending = 1;
}

/* ---- :edit FIELD [VALUE] -------------------------------------------------- */

int
ticket_edit_command(struct app *app, struct view *v, const struct ticket *t,
		    int argc, char **argv)
{
	char names[128], text[256];
	const char *vals[1] = {names};
	struct cfl *c;
	int f, i;

	if (!t)
		return TR_NONE; /* not loaded yet */
	f = argc >= 2 ? tk_edit_lookup(argv[1]) : -1;
	if (f < 0) {
		tk_edit_names(names, sizeof names);
		app_msg(app, MSGL_ERROR, "%s: edit FIELD [VALUE] (%s)",
			tr(MSG_USAGE),
			tr_fill(text, sizeof text, MSG_EDIT_USAGE, vals, 1));
		return TR_NONE;
	}
	if (argc == 2) {
		/* the current value typed in, quoted: \n survives */
		char *q = rc_quote(tk_edit_value(t, (enum tk_edit_field)f));
		char *line = xasprintf("edit %s %s", argv[1], q);

		prompt_open(app, line);
		free(line);
		free(q);
		return TR_NONE;
	}
	c = xcalloc(1, sizeof *c);
	c->detail_id = v->id;
	c->no = xstrdup(t->ticket_no);
	tui_ticket_copy(&c->base, t);
	tk_edit_init(&c->mine);
	{
		struct buf b;
		char *val;

		buf_init(&b, 0);
		for (i = 2; i < argc; i++)
			(void)buf_printf(&b, "%s%s", i > 2 ? " " : "",
					 argv[i]);
		val = buf_steal(&b);
		tk_edit_set(&c->mine, (enum tk_edit_field)f, val);
		free(val);
	}
	tk_edit_drop_same(&c->mine, &c->base);
	if (tk_edit_count(&c->mine) == 0) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_EDIT_SAME));
		cfl_free(c);
		return TR_NONE;
	}
	cfl_send(app, c, v, t->version);
	return TR_NONE;
}
