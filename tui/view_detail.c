/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_detail.c - one ticket: its main fields (labels in the current
 * language), its content wrapped by display columns, and the event
 * timeline (time, actor, action, from -> to, comment).  Scrollable.
 *
 * The ticket is kept as a copy; the display lines are laid out again at
 * every draw, so resizing and "set language" need nothing special.
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "app.h"
#include "draw.h"
#include "model_copy.h"
#include "theme.h"
#include "views.h"
#include "wrap.h"

struct detail {
	char *no;
	struct ticket t;
	int loaded;
	int loading;
	char error[APP_MSG_MAX];
	size_t top;    /* first display line */
	int page_rows; /* body height at the last draw */
	size_t total;  /* display lines at the last draw */
};

/* ---- display lines ---------------------------------------------------- */

struct dline {
	const char *label; /* static, or NULL */
	char *text;        /* owned */
	int indent;
	enum th_elem e;
};

struct dlines {
	struct dline *v;
	size_t n, cap;
	int text_cols; /* room for text after label/indent */
	int indent;
	const char *label;
	enum th_elem e;
};

static void
add_line(struct dlines *d, const char *label, const char *text, size_t len,
	 int indent, enum th_elem e)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n].label = label;
	d->v[d->n].text = xstrndup(text, len);
	d->v[d->n].indent = indent;
	d->v[d->n].e = e;
	d->n++;
}

static void
wrap_cb(const char *line, size_t len, void *ud)
{
	struct dlines *d = ud;

	add_line(d, d->label, line, len, d->indent, d->e);
	d->label = NULL; /* only on the first line */
}

/* label + value wrapped in the columns after the label. */
static void
field(struct dlines *d, int labw, int cols, enum msg_id label,
      const char *value)
{
	d->label = tr(label);
	d->indent = labw + 2;
	d->e = TH_NORMAL;
	wrap_text(value && *value ? value : "-",
		  (size_t)(cols - labw - 2 > 1 ? cols - labw - 2 : 1), wrap_cb,
		  d);
}

static void
heading(struct dlines *d, enum msg_id id)
{
	const char *s = tr(id);

	add_line(d, NULL, "", 0, 0, TH_NORMAL);
	add_line(d, NULL, s, strlen(s), 0, TH_COLHEAD);
}

static void
para(struct dlines *d, int cols, int indent, const char *text, enum th_elem e)
{
	d->label = NULL;
	d->indent = indent;
	d->e = e;
	wrap_text(text && *text ? text : "-",
		  (size_t)(cols - indent > 1 ? cols - indent : 1), wrap_cb, d);
}

static const char *
action_label(const char *wire)
{
	enum tk_action a;

	if (strcmp(wire, "create") == 0)
		return tr(MSG_EV_CREATE);
	if (strcmp(wire, "update") == 0)
		return tr(MSG_EV_UPDATE);
	if (tk_action_parse(wire, &a) == 0)
		return tk_action_label(a);
	return wire;
}

static const char *
state_label(const char *wire)
{
	enum tk_state s;

	if (wire && tk_state_parse(wire, &s) == 0)
		return tk_state_label(s);
	return wire ? wire : "";
}

static const char *
enum_label(enum tk_enum_kind kind, int v)
{
	const char *l = v >= 0 ? tk_enum_label(kind, v) : NULL;

	return l ? l : "-";
}

static const enum msg_id detail_labels[] = {
	MSG_COL_NO,	 MSG_COL_TITLE,	  MSG_COL_STATE,     MSG_F_APPEAL,
	MSG_F_CHANNEL,	 MSG_F_URGENCY,	  MSG_F_MODE,	     MSG_F_CATEGORY,
	MSG_F_TOWN,	 MSG_F_ADDRESS,	  MSG_F_CALLER,	     MSG_F_PHONE,
	MSG_F_LEAD_UNIT, MSG_F_DEADLINE,  MSG_F_CREATED_BY,  MSG_F_CREATED,
	MSG_F_UPDATED,	 MSG_F_VERSION,
};

static void
layout(const struct ticket *t, int cols, struct dlines *d)
{
	int labw = 0;
	size_t i;
	char buf[512], t1[32];

	for (i = 0; i < sizeof detail_labels / sizeof detail_labels[0]; i++) {
		int w = (int)u8_width(tr(detail_labels[i]));

		if (w > labw)
			labw = w;
	}
	if (labw > cols / 3)
		labw = cols / 3;
	field(d, labw, cols, MSG_COL_NO, t->ticket_no);
	field(d, labw, cols, MSG_COL_TITLE, t->title);
	field(d, labw, cols, MSG_COL_STATE, tk_state_label(t->state));
	field(d, labw, cols, MSG_F_APPEAL, enum_label(TKE_APPEAL, t->appeal_type));
	field(d, labw, cols, MSG_F_CHANNEL, enum_label(TKE_CHANNEL, t->channel));
	field(d, labw, cols, MSG_F_URGENCY, enum_label(TKE_URGENCY, t->urgency));
	field(d, labw, cols, MSG_F_MODE, enum_label(TKE_MODE, t->handling_mode));
	if (t->category_code[0])
		snprintf(buf, sizeof buf, "%s (%s)", t->category_name,
			 t->category_code);
	else
		snprintf(buf, sizeof buf, "%s", t->category_name);
	field(d, labw, cols, MSG_F_CATEGORY, buf);
	field(d, labw, cols, MSG_F_TOWN, t->town_name);
	field(d, labw, cols, MSG_F_ADDRESS, t->address);
	field(d, labw, cols, MSG_F_CALLER, t->caller_name);
	field(d, labw, cols, MSG_F_PHONE, t->caller_phone);
	field(d, labw, cols, MSG_F_LEAD_UNIT, t->lead_unit_name);
	iso_local(t->deadline, t1, sizeof t1);
	field(d, labw, cols, MSG_F_DEADLINE, t1);
	field(d, labw, cols, MSG_F_CREATED_BY, t->created_by);
	iso_local(t->created_at, t1, sizeof t1);
	field(d, labw, cols, MSG_F_CREATED, t1);
	iso_local(t->updated_at, t1, sizeof t1);
	field(d, labw, cols, MSG_F_UPDATED, t1);
	snprintf(buf, sizeof buf, "%ld", t->version);
	field(d, labw, cols, MSG_F_VERSION, buf);

	heading(d, MSG_F_CONTENT);
	para(d, cols, 2, t->content, TH_NORMAL);
	if (t->direct_reply[0]) {
		heading(d, MSG_F_DIRECT_REPLY);
		para(d, cols, 2, t->direct_reply, TH_NORMAL);
	}
	heading(d, MSG_TIMELINE);
	if (t->n_events == 0)
		para(d, cols, 2, tr(MSG_NONE), TH_DIM);
	for (i = 0; i < t->n_events; i++) {
		const struct ticket_event *e = &t->events[i];

		iso_local(e->at, t1, sizeof t1);
		if (e->from_state[0] || e->to_state[0])
			snprintf(buf, sizeof buf, "%s  %s  %s  %s -> %s", t1,
				 e->actor, action_label(e->action),
				 e->from_state[0] ? state_label(e->from_state)
						  : "-",
				 e->to_state[0] ? state_label(e->to_state)
						: "-");
		else
			snprintf(buf, sizeof buf, "%s  %s  %s", t1, e->actor,
				 action_label(e->action));
		para(d, cols, 2, buf, TH_LABEL);
		if (e->comment[0])
			para(d, cols, 6, e->comment, TH_NORMAL);
	}
}

static void
dlines_free(struct dlines *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].text);
	FREE(d->v);
	d->n = d->cap = 0;
}

/* ---- network ---------------------------------------------------------- */

void
detail_take_ticket(struct app *app, struct view *v, const struct ticket *t)
{
	struct detail *D = v->priv;

	if (D->loaded)
		ticket_free(&D->t);
	tui_ticket_copy(&D->t, t);
	D->loaded = 1;
	D->error[0] = '\0';
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
on_ticket(const struct api_result *r, const struct ticket *t, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v = app_req_take(q, NULL);
	struct detail *D;

	if (!v)
		return;
	D = v->priv;
	D->loading = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !t) {
		if (r->st == ST_NOT_FOUND)
			snprintf(D->error, sizeof D->error, "%s: %s",
				 tr(MSG_TICKET_NOT_FOUND), D->no);
		else
			app_err_text(r, D->error, sizeof D->error);
		app_msg(app, MSGL_ERROR, "%s", D->error);
		return;
	}
	detail_take_ticket(app, v, t);
}

static void
load(struct app *app, struct view *v)
{
	struct detail *D = v->priv;
	struct req *q;

	if (!app->api || !app->logged_in)
		return;
	q = app_req_new(app, v);
	if (api_ticket(app->api, D->no, on_ticket, q) != 0) {
		app_req_take(q, NULL);
		snprintf(D->error, sizeof D->error, "%s",
			 status_msg(ST_INVALID));
		return;
	}
	D->loading = 1;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

/* ---- ops -------------------------------------------------------------- */

static void
detail_open(struct app *app, struct view *v, const char *arg)
{
	struct detail *D = xcalloc(1, sizeof *D);

	v->priv = D;
	D->no = xstrdup(arg ? arg : "");
	D->page_rows = 10;
	load(app, v);
}

static void
detail_close(struct app *app, struct view *v)
{
	struct detail *D = v->priv;

	(void)app;
	if (D->loaded)
		ticket_free(&D->t);
	free(D->no);
	FREE(v->priv);
}

static void
detail_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct detail *D = v->priv;

	(void)app;
	snprintf(out, cap, "%s %s%s%s", tr(MSG_DETAIL_TITLE), D->no,
		 D->loading ? " | " : "", D->loading ? tr(MSG_LOADING) : "");
}

static void
detail_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct detail *D = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), i, vis;
	struct dlines d;

	(void)app;
	(void)cur;
	D->page_rows = rows > 1 ? rows : 1;
	if (!D->loaded) {
		if (D->error[0])
			draw_center(w, rows / 2, D->error, theme(TH_ERROR));
		else
			draw_center(w, rows / 2, tr(MSG_LOADING),
				    theme(TH_DIM));
		return;
	}
	memset(&d, 0, sizeof d);
	layout(&D->t, cols - 2, &d);
	D->total = d.n;
	vis = rows;
	if (d.n > (size_t)rows && rows > 1)
		vis = rows - 1; /* the last row shows the position */
	D->page_rows = vis;
	if (D->top + (size_t)vis > d.n)
		D->top = d.n > (size_t)vis ? d.n - (size_t)vis : 0;
	for (i = 0; i < vis && D->top + (size_t)i < d.n; i++) {
		const struct dline *l = &d.v[D->top + (size_t)i];

		if (l->label)
			draw_text(w, i, 1, l->label, l->indent - 2,
				  theme(TH_LABEL));
		draw_text(w, i, 1 + l->indent, l->text,
			  cols - 2 - l->indent, theme(l->e));
	}
	if (vis < rows) {
		char pos[48];
		int pw;

		snprintf(pos, sizeof pos, "%zu-%zu/%zu ", D->top + 1,
			 D->top + (size_t)vis, d.n);
		pw = (int)strlen(pos);
		draw_text(w, rows - 1, cols - pw, pos, pw, theme(TH_DIM));
	}
	dlines_free(&d);
}

static void
scroll_to(struct app *app, struct detail *D, long to)
{
	long max = (long)D->total - D->page_rows;

	if (to > max)
		to = max;
	if (to < 0)
		to = 0;
	D->top = (size_t)to;
	app_mark(app, DIRTY_BODY);
}

static int
detail_action(struct app *app, struct view *v, enum action a, int argc,
	      char **argv)
{
	struct detail *D = v->priv;

	switch (a) {
	case ACT_MOVE_UP:
		scroll_to(app, D, (long)D->top - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		scroll_to(app, D, (long)D->top + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		scroll_to(app, D, (long)D->top - (D->page_rows - 1));
		return TR_NONE;
	case ACT_PAGE_DOWN:
		scroll_to(app, D, (long)D->top + (D->page_rows - 1));
		return TR_NONE;
	case ACT_FIRST:
		scroll_to(app, D, 0);
		return TR_NONE;
	case ACT_LAST:
		scroll_to(app, D, (long)D->total);
		return TR_NONE;
	case ACT_REFRESH:
		load(app, v);
		return TR_NONE;
	case ACT_EDIT: /* issue #4 extras: tui/ticket_edit.c */
		return ticket_edit_command(app, v, D->loaded ? &D->t : NULL,
					   argc, argv);
	case ACT_TICKET:
		if (argc != 2)
			return TR_UNHANDLED;
		free(D->no);
		D->no = xstrdup(argv[1]);
		if (D->loaded)
			ticket_free(&D->t);
		D->loaded = 0;
		D->top = 0;
		D->error[0] = '\0';
		load(app, v);
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

static void
detail_reconnected(struct app *app, struct view *v)
{
	load(app, v);
}

const struct view_ops view_detail_ops = {
	.name = "detail",
	.ctx = KCTX_DETAIL,
	.open = detail_open,
	.close = detail_close,
	.title = detail_title,
	.draw = detail_draw,
	.action = detail_action,
	.reconnected = detail_reconnected,
};
