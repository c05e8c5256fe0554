/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_call.c - the screen pop and the call: caller number, ringing or
 * talk time ticking, the voice assistant's intent and transcript, the
 * caller's ticket history (open tickets first, with state, unit and
 * deadline), the transfers made, and after the answer a line for the
 * ticket of the call: the intake form bound to it (view_intake.c), or
 * the number once the form's ticket exists.
 *
 * Opened and closed by calls_sync() (calls.c), never by the agent: it is
 * sticky.  Single letters (u urge, t transfer, j/k) work on the history;
 * the ticket is written in the intake form: Tab and M-i (intake) open
 * the form bound to the call (or bring it back to the top), M-s
 * (save-draft) submits it, M-d (close-direct) chooses 直接办结 there and
 * submits it; "use this answer" fills that form (opening it under the
 * knowledge base).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "../net/kb.h"
#include "../net/training.h"
#include "app.h"
#include "callfmt.h"
#include "calls.h"
#include "draw.h"
#include "intake.h"
#include "model_copy.h"
#include "theme.h"
#include "views.h"
#include "wrap.h"

struct callv {
	long call_id;
	char *caller;
	/* the caller's history */
	struct ticket *hist;
	size_t n_hist, n_open;
	size_t *order; /* display order: open first */
	int hist_loaded, hist_loading;
	char hist_err[APP_MSG_MAX];
	unsigned long gen;
	size_t sel, top;
	int page_rows;
};

static struct callv *
priv(struct view *v)
{
	return v->priv;
}

/* ---- history ---------------------------------------------------------- */

static void
free_hist(struct callv *V)
{
	size_t i;

	for (i = 0; i < V->n_hist; i++)
		ticket_free(&V->hist[i]);
	FREE(V->hist);
	FREE(V->order);
	V->n_hist = V->n_open = 0;
}

static const struct ticket *
selected(const struct callv *V)
{
	if (!V->n_hist || V->sel >= V->n_hist)
		return NULL;
	return &V->hist[V->order[V->sel]];
}

static void
on_history(const struct api_result *r, const struct ticket_page *page,
	   void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long gen = q->tag;
	struct view *v = app_req_take(q, NULL);
	struct callv *V;

	if (!v)
		return;
	V = priv(v);
	if (gen != V->gen)
		return;
	V->hist_loading = 0;
	app_mark(app, DIRTY_BODY);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !page) {
		app_err_text(r, V->hist_err, sizeof V->hist_err);
		return;
	}
	call_view_take_history(app, v, page);
}

void
call_view_take_history(struct app *app, struct view *v,
		       const struct ticket_page *page)
{
	struct callv *V = priv(v);
	char *keep = NULL;
	size_t i;

	V->hist_loading = 0;
	app_mark(app, DIRTY_BODY);
	if (selected(V))
		keep = xstrdup(selected(V)->ticket_no);
	free_hist(V);
	V->hist_err[0] = '\0';
	V->hist = xcalloc(page->n ? page->n : 1, sizeof *V->hist);
	V->order = xcalloc(page->n ? page->n : 1, sizeof *V->order);
	for (i = 0; i < page->n; i++)
		tui_ticket_copy(&V->hist[i], &page->items[i]);
	V->n_hist = page->n;
	V->n_open = cf_history_order(V->hist, V->n_hist, V->order);
	V->hist_loaded = 1;
	V->sel = 0;
	for (i = 0; keep && i < V->n_hist; i++)
		if (strcmp(V->hist[V->order[i]].ticket_no, keep) == 0)
			V->sel = i;
	free(keep);
}

static void
load_history(struct app *app, struct view *v)
{
	struct callv *V = priv(v);
	const struct call *c = NULL;
	struct req *q;
	int rc;

	if (!app->api || !app->logged_in || !V->caller[0])
		return;
	q = app_req_new(app, v);
	q->tag = ++V->gen;
	/* a training call (issue #7) sees and urges only the caller's
	 * training tickets: GET /v1/tickets?phone=&training=1 */
	if (calls_live(app, &c) && c && c->id == V->call_id && c->training)
		rc = api_training_tickets_by_phone(app->api, V->caller,
						   on_history, q);
	else
		rc = api_tickets_by_phone(app->api, V->caller, on_history, q);
	if (rc != 0) {
		app_req_take(q, NULL);
		V->hist_loaded = 1; /* not a phone number: no history */
		return;
	}
	V->hist_loading = 1;
	app_mark(app, DIRTY_BODY);
}

void
call_view_ticket_changed(struct app *app, const char *ticket_no)
{
	struct view *v = app_find_view(app, &view_call_ops);
	struct callv *V;
	size_t i;

	if (!v || !ticket_no)
		return;
	V = priv(v);
	for (i = 0; i < V->n_hist; i++)
		if (strcmp(V->hist[i].ticket_no, ticket_no) == 0) {
			load_history(app, v);
			return;
		}
	if (app->calls && app->calls->ticket_no &&
	    strcmp(app->calls->ticket_no, ticket_no) == 0)
		load_history(app, v); /* the ticket of this call */
}

long
call_view_call_id(const struct view *v)
{
	if (!v || v->ops != &view_call_ops || !v->priv)
		return 0;
	return ((const struct callv *)v->priv)->call_id;
}

/* ---- the call --------------------------------------------------------- */

static const struct call *
the_call(struct app *app, const struct callv *V)
{
	const struct call *c;

	if (!calls_live(app, &c) || c->id != V->call_id)
		return NULL;
	return c;
}

/* The call's ticket can be written once the call is answered. */
static int
draft_open(const struct call *c)
{
	return c && strcmp(c->state, "RINGING") != 0;
}

static int
urged(const struct call *c, const char *no)
{
	size_t i;

	for (i = 0; c && i < c->n_urged; i++)
		if (strcmp(c->urged_tickets[i], no) == 0)
			return 1;
	return 0;
}

static void
callv_open(struct app *app, struct view *v, const char *arg)
{
	struct callv *V = xcalloc(1, sizeof *V);
	const struct call *c = NULL;

	(void)arg;
	v->priv = V;
	calls_live(app, &c);
	V->call_id = c ? c->id : 0;
	V->caller = xstrdup(c ? c->caller : "");
	V->page_rows = 5;
	load_history(app, v);
}

static void
callv_close(struct app *app, struct view *v)
{
	struct callv *V = priv(v);

	(void)app;
	free_hist(V);
	free(V->caller);
	FREE(v->priv);
}

static void
callv_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct callv *V = priv(v);

	(void)app;
	snprintf(out, cap, "%s %s", tr(MSG_CALL_TITLE), V->caller);
}

/* ---- drawing ---------------------------------------------------------- */

/* "MM-DD HH:MM" local, or "-". */
static void
short_time(const char *iso, char *out, size_t cap)
{
	time_t t = iso_to_time(iso);
	struct tm tm;

	if (t == (time_t)-1) {
		snprintf(out, cap, "-");
		return;
	}
	localtime_r(&t, &tm);
	if (strftime(out, cap, "%m-%d %H:%M", &tm) == 0)
		snprintf(out, cap, "-");
}

static void
draw_header(struct app *app, WINDOW *w, int cols, const struct call *c)
{
	char line[512], t[16];
	time_t now = calls_now(app);
	long secs = 0;
	int x;
	enum th_elem e = TH_OK;

	if (strcmp(c->state, "RINGING") == 0) {
		secs = (long)(now - (c->ringing_at ? c->ringing_at
						   : c->offered_at));
		e = TH_WARN;
	} else if (strcmp(c->state, "ACW") == 0) {
		secs = (long)(now - (c->ended_at ? c->ended_at : now));
		e = TH_LABEL;
	} else if (c->answered_at) {
		secs = (long)(now - c->answered_at);
	}
	cf_mmss(secs, t, sizeof t);
	snprintf(line, sizeof line, "%s %s", tr(MSG_CALLER), c->caller);
	x = draw_text(w, 0, 0, line, cols, A_BOLD | theme(TH_NORMAL));
	snprintf(line, sizeof line, "  %s  %s %s%s", cf_desk_label(c->desk),
		 cf_call_state_label(c->state), t,
		 c->training ? "  " : "");
	x += draw_text(w, 0, x, line, cols - x, A_BOLD | theme(e));
	if (c->training)
		draw_text(w, 0, x, tr(MSG_TRAINING_CALL), cols - x,
			  theme(TH_WARN));
}

struct lines_ctx {
	WINDOW *w;
	int y, x, cols, max, n;
	enum th_elem e;
};

static void
line_cb(const char *line, size_t len, void *ud)
{
	struct lines_ctx *L = ud;
	char buf[1024];

	if (L->n < L->max) {
		if (len >= sizeof buf)
			len = sizeof buf - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		draw_text(L->w, L->y + L->n, L->x, buf, L->cols, theme(L->e));
	}
	L->n++;
}

static void
count_cb(const char *line, size_t len, void *ud)
{
	(void)line;
	(void)len;
	(*(int *)ud)++;
}

/* Transcript lines at cols (for the layout). */
static int
transcript_lines(const struct call *c, int cols)
{
	int n = 0;

	if (!c->ivr_transcript[0])
		return 0;
	wrap_text(c->ivr_transcript, (size_t)(cols - 4 > 1 ? cols - 4 : 1),
		  count_cb, &n);
	return n;
}

static void
draw_history_row(struct app *app, WINDOW *w, int y, int cols,
		 const struct ticket *t, const struct call *c, int sel,
		 int focus)
{
	char line[2048], dl[24];
	int unit_w, title_w;
	size_t off = 0;
	int open = tk_state_is_open(t->state);
	attr_t a;

	(void)app;
	unit_w = (cols - 2 - 16 - 8 - 11 - 5) * 2 / 5;
	if (unit_w > 24)
		unit_w = 24;
	if (unit_w < 6)
		unit_w = 6;
	title_w = cols - (2 + 16 + 8 + unit_w + 11 + 5);
	short_time(t->deadline, dl, sizeof dl);
	line[0] = '\0';
	off = row_cell(line, sizeof line, off,
	               urged(c, t->ticket_no) ? tr(MSG_URGED_MARK)
	                                      : (open ? "*" : ""),
	               2, 0);
	if (off)
		off--; /* no space after the mark column */
	off = row_cell(line, sizeof line, off, t->ticket_no, 16, 0);
	off = row_cell(line, sizeof line, off, tk_state_label(t->state), 8, 0);
	off =
	    row_cell(line, sizeof line, off,
	             t->lead_unit_name[0] ? t->lead_unit_name : "-", unit_w, 0);
	off = row_cell(line, sizeof line, off, dl, 11, 0);
	if (title_w > 0)
		row_cell(line, sizeof line, off, t->title, title_w, 1);
	if (sel)
		a = theme(focus ? TH_SELECT : TH_COLHEAD) | (focus ? 0 : A_UNDERLINE);
	else
		a = open ? theme(TH_NORMAL) | A_BOLD : theme(TH_DIM);
	draw_fit(w, y, 0, line, cols, a);
}

/* "F6 接听  F7 保持 ..." from the live bindings, as many as fit in cols
 * (the global key first: F9 rather than t). */
static void
hint(struct app *app, const struct call *c, int cols, char *out, size_t cap)
{
	static const struct {
		const char *cmd;
		enum msg_id what;
		unsigned when; /* 1 ringing, 2 talking, 4 acw */
	} items[] = {
		{ "answer", MSG_H_ANSWER, 1 },
		{ "hold", MSG_H_HOLD, 2 },
		{ "hangup", MSG_H_HANGUP, 2 },
		{ "transfer", MSG_H_TRANSFER, 2 },
		{ "wrapup", MSG_H_WRAPUP, 4 },
		{ "prompt urge", MSG_H_URGE, 2 | 4 },
		{ "next-field", MSG_H_DRAFT, 2 | 4 },
		{ "close-direct", MSG_H_CLOSE_DIRECT, 2 | 4 },
		{ "emergency 110", MSG_H_110, 2 },
		{ "after-call", MSG_H_AFTER_CALL, 1 | 2 | 4 },
	};
	unsigned now = strcmp(c->state, "RINGING") == 0 ? 1
		       : strcmp(c->state, "ACW") == 0	 ? 4
							 : 2;
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof items / sizeof items[0] && off < cap; i++) {
		char keys[64], one[160];

		if (!(items[i].when & now))
			continue;
		kmap_keys_for(app->cfg->keys, KCTX_GLOBAL, items[i].cmd, keys,
			      sizeof keys);
		if (!keys[0])
			kmap_keys_for(app->cfg->keys, KCTX_CALL, items[i].cmd,
				      keys, sizeof keys);
		if (!keys[0])
			continue;
		snprintf(one, sizeof one, "%s%s %s", off ? "  " : "", keys,
			 tr(items[i].what));
		if ((int)(u8_width(out) + u8_width(one)) > cols)
			continue;
		off += (size_t)snprintf(out + off, cap - off, "%s", one);
	}
}

static void
callv_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct callv *V = priv(v);
	const struct call *c = the_call(app, V);
	int rows = getmaxy(w), cols = getmaxx(w);
	int y = 0, tl = 0, ivr = 0, draft = 0, hist_rows;
	int i, lw;
	char line[1024], num[32], cnt[128];
	const char *vals[2];

	(void)cur; /* no cursor here: text is typed in the intake form */
	if (!c) {
		draw_center(w, rows / 2, tr(MSG_NO_CALL), theme(TH_DIM));
		return;
	}
	draw_header(app, w, cols, c);
	y = 1;
	/* how much room each part gets */
	if (c->ivr_intent[0] || c->ivr_transcript[0]) {
		ivr = 1;
		tl = transcript_lines(c, cols);
		if (tl > 3)
			tl = 3;
	}
	draft = draft_open(c);
	hist_rows = rows - 1 - (ivr ? 1 + tl : 0) - (c->n_transfers ? 1 : 0) -
		    1 - (draft ? 1 : 0) - 1;
	if (hist_rows < 3 && tl > 1) {
		hist_rows += tl - 1;
		tl = 1;
	}
	if (hist_rows < 1)
		hist_rows = 1;
	if (ivr) {
		struct lines_ctx L = { w, y + 1, 2, cols - 4, tl, 0,
				       TH_NORMAL };

		snprintf(line, sizeof line, "%s: ", tr(MSG_IVR));
		lw = draw_text(w, y, 0, line, cols, theme(TH_LABEL));
		draw_text(w, y, lw,
			  c->ivr_intent[0] ? c->ivr_intent : tr(MSG_NONE),
			  cols - lw, A_BOLD | theme(TH_NORMAL));
		if (tl)
			wrap_text(c->ivr_transcript, (size_t)(cols - 4),
				  line_cb, &L);
		if (L.n > tl) {
			snprintf(num, sizeof num, "(+%d)", L.n - tl);
			draw_text(w, y + tl, cols - (int)strlen(num), num,
				  (int)strlen(num), theme(TH_DIM));
		}
		y += 1 + tl;
	}
	if (c->n_transfers) {
		size_t off;

		off = (size_t)snprintf(line, sizeof line, "%s:",
				       tr(MSG_TRANSFERS));
		for (i = 0; i < (int)c->n_transfers && off < sizeof line;
		     i++) {
			const struct call_transfer *t = &c->transfers[i];

			off += (size_t)snprintf(
				line + off, sizeof line - off, " %s %s%s",
				t->target_name[0] ? t->target_name : t->target,
				cf_mode_label(t->mode),
				i + 1 < (int)c->n_transfers ? ";" : "");
		}
		draw_text(w, y++, 0, line, cols, theme(TH_LABEL));
	}

	/* history */
	snprintf(num, sizeof num, "%zu", V->n_hist);
	vals[0] = num;
	tr_fill(cnt, sizeof cnt, MSG_HISTORY_COUNT, vals, 1);
	snprintf(line, sizeof line, "%s  %s", tr(MSG_HISTORY), cnt);
	if (V->n_open) {
		char o[32], t2[128];

		snprintf(o, sizeof o, "%zu", V->n_open);
		vals[0] = o;
		tr_fill(t2, sizeof t2, MSG_HISTORY_OPEN, vals, 1);
		snprintf(line + strlen(line), sizeof line - strlen(line),
			 "  %s", t2);
	}
	if (V->hist_loading)
		snprintf(line + strlen(line), sizeof line - strlen(line),
			 "  %s", tr(MSG_LOADING));
	draw_fit(w, y++, 0, line, cols, theme(TH_COLHEAD));
	V->page_rows = hist_rows;
	if (V->hist_err[0] && !V->n_hist) {
		draw_text(w, y, 2, V->hist_err, cols - 2, theme(TH_ERROR));
	} else if (V->hist_loaded && !V->n_hist) {
		draw_text(w, y, 2, tr(MSG_NO_HISTORY), cols - 2,
			  theme(TH_DIM));
	} else {
		if (V->sel < V->top)
			V->top = V->sel;
		if (V->sel >= V->top + (size_t)hist_rows)
			V->top = V->sel - (size_t)hist_rows + 1;
		for (i = 0; i < hist_rows && V->top + (size_t)i < V->n_hist;
		     i++) {
			size_t k = V->top + (size_t)i;

			draw_history_row(app, w, y + i, cols,
					 &V->hist[V->order[k]], c, k == V->sel,
					 1);
		}
	}
	y += hist_rows;

	/* the ticket of the call: written in the intake form */
	if (draft) {
		const char *no = app->calls ? app->calls->ticket_no : NULL;

		if (no && *no) {
			vals[0] = no;
			tr_fill(line, sizeof line, MSG_DRAFT_SAVED, vals, 1);
		} else {
			snprintf(line, sizeof line, "%s%s", tr(MSG_DRAFT),
				 intake_find_call(app, V->call_id)
					 ? tr(MSG_DRAFT_OPEN)
					 : "");
		}
		draw_fit(w, y++, 0, line, cols,
			 theme(no && *no ? TH_OK : TH_COLHEAD));
	}
	hint(app, c, cols, line, sizeof line);
	draw_fit(w, rows - 1, 0, line, cols, theme(TH_DIM));
}

/* ---- keys and commands ------------------------------------------------ */

static void
move_sel(struct app *app, struct callv *V, long to)
{
	if (V->n_hist == 0)
		return;
	if (to < 0)
		to = 0;
	if ((size_t)to >= V->n_hist)
		to = (long)V->n_hist - 1;
	V->sel = (size_t)to;
	app_mark(app, DIRTY_BODY);
}

static void
on_urged(const struct api_result *r, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v = app_req_take(q, NULL);
	char buf[APP_MSG_MAX];

	if (!v || !app_net_result(app, r))
		return;
	if (r->st != ST_OK) {
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	app_msg(app, MSGL_OK, "%s", tr(MSG_URGED));
	load_history(app, v); /* its event log changed; and the mark */
	if (app->calls && app->calls->have_call)
		calls_reload(app); /* urged_tickets when events are down */
}

static void
urge(struct app *app, struct view *v, int argc, char **argv)
{
	struct callv *V = priv(v);
	const struct call *c = the_call(app, V);
	const struct ticket *t = NULL;
	char comment[1024] = "";
	size_t i, off = 0;
	int from = 1;

	if (!c || strcmp(c->state, "RINGING") == 0) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_ANSWER_FIRST));
		return;
	}
	if (argc >= 2)
		for (i = 0; i < V->n_hist; i++)
			if (strcmp(V->hist[i].ticket_no, argv[1]) == 0) {
				t = &V->hist[i];
				from = 2;
			}
	if (!t)
		t = selected(V);
	if (!t) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_NO_TICKET_SELECTED));
		return;
	}
	if (tk_transition(t->state, TKA_URGE, ROLE_AGENT, NULL) != ST_OK) {
		app_msg(app, MSGL_ERROR, "%s: %s %s", tr(MSG_CANNOT_URGE),
			t->ticket_no, tk_state_label(t->state));
		return;
	}
	for (; from < argc && off < sizeof comment; from++)
		off += (size_t)snprintf(comment + off, sizeof comment - off,
					"%s%s", off ? " " : "", argv[from]);
	if (app->api) {
		struct req *q = app_req_new(app, v);

		if (api_call_urge(app->api, c->id, t->ticket_no, comment,
				  on_urged, q) != 0) {
			app_req_take(q, NULL);
			app_msg(app, MSGL_ERROR, "%s", status_msg(ST_NETWORK));
			return;
		}
	}
	app_msg(app, MSGL_INFO, "%s", tr(MSG_SENDING));
}

int
call_view_use_answer(struct app *app, const char *title, const char *answer,
		     long article_id)
{
	struct view *v = app_find_view(app, &view_call_ops);
	struct callv *V;
	const char *no;

	if (!v) /* no call: the intake form on top, if any (online queue) */
		return intake_use_answer(app, 0, title, answer, article_id);
	V = priv(v);
	if (!draft_open(the_call(app, V)))
		return 0;
	/* the call's ticket exists and no form is open: link at once */
	no = app->calls ? app->calls->ticket_no : NULL;
	if (no && *no && !intake_find_call(app, V->call_id)) {
		kb_link_article(app, article_id, no);
		return 2;
	}
	/* the intake form of this call takes the answer as its reply
	 * (opened under the knowledge base when needed) and links the
	 * article once the ticket exists */
	return intake_use_answer(app, V->call_id, title, answer, article_id);
}

/* Tab, M-i, save-draft, close-direct: the intake form of the call. */
static int
to_form(struct app *app, struct callv *V, enum intake_call_op op)
{
	if (!draft_open(the_call(app, V))) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_ANSWER_FIRST));
		return TR_NONE;
	}
	intake_call_key(app, V->call_id, op);
	return TR_NONE;
}

static int
callv_action(struct app *app, struct view *v, enum action a, int argc,
	     char **argv)
{
	struct callv *V = priv(v);
	const struct ticket *t;

	switch (a) {
	case ACT_MOVE_UP:
		move_sel(app, V, (long)V->sel - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		move_sel(app, V, (long)V->sel + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		move_sel(app, V, (long)V->sel - V->page_rows);
		return TR_NONE;
	case ACT_PAGE_DOWN:
		move_sel(app, V, (long)V->sel + V->page_rows);
		return TR_NONE;
	case ACT_FIRST:
		move_sel(app, V, 0);
		return TR_NONE;
	case ACT_LAST:
		move_sel(app, V, (long)V->n_hist - 1);
		return TR_NONE;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
		return to_form(app, V, INTAKE_CALL_OPEN);
	case ACT_SAVE_DRAFT:
		return to_form(app, V, INTAKE_CALL_SUBMIT);
	case ACT_CLOSE_DIRECT:
		return to_form(app, V, INTAKE_CALL_DIRECT);
	case ACT_OPEN:
		if ((t = selected(V)))
			app_push(app, &view_detail_ops, t->ticket_no);
		return TR_NONE;
	case ACT_REFRESH:
		load_history(app, v);
		calls_reload(app);
		return TR_NONE;
	case ACT_URGE:
		urge(app, v, argc, argv);
		return TR_NONE;
	case ACT_INTAKE:
		/* the intake form bound to this call (issue #4) */
		if (argc > 1 || !draft_open(the_call(app, V)))
			return TR_UNHANDLED;
		return to_form(app, V, INTAKE_CALL_OPEN);
	case ACT_BACK:
		app_msg(app, MSGL_INFO, "%s", tr(MSG_CALL_STAYS));
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

static void
callv_reconnected(struct app *app, struct view *v)
{
	struct callv *V = priv(v);

	if (!V->hist_loaded || V->hist_err[0])
		load_history(app, v);
}

const struct view_ops view_call_ops = {
	.name = "call",
	.ctx = KCTX_CALL,
	.open = callv_open,
	.close = callv_close,
	.title = callv_title,
	.draw = callv_draw,
	.action = callv_action,
	.reconnected = callv_reconnected,
	.sticky = 1,
};
