/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_kb.c - the knowledge-base pane (issue #5 §3).
 *
 * Pushed over whatever screen the agent is on (F12, ":kb [TEXT]"); Esc
 * closes it and the screen below, with its focus and fields, is on top
 * again.  Two modes: the search list and the article reader.
 *
 * Search as you type: every edit of the query sets a deadline 150 ms
 * ahead; app_timers() calls kb_tick(), which sends the search when the
 * deadline passed.  Each search carries a sequence number (struct req
 * tag); a reply whose number is not the latest is dropped, so a slow old
 * reply never replaces newer results.  Nothing here waits for the network.
 *
 * The reader wraps the article by display columns and scrolls.  "Use this
 * answer" fills the call screen's draft (call_view_use_answer) and links
 * the article to the ticket once it exists; "send SMS guide" queues the
 * 办事指南 to the current caller through POST /v1/sms.
 *
 * Editors (kb_editor, supervisor, admin) press e in the reader for the
 * article editor, or M-n (kb-new) in the pane for an empty one: title,
 * keywords and category code are one-line fields, question, answer and
 * SMS guide multi-line boxes wrapped by display columns (Enter is a
 * newline there; Up/Down move by line, Home/End to the line's ends).
 * While the editor is open the pane's key context is kbedit (the
 * registry's kb-save, kb-publish, kb-expire, kb-submit, next-field,
 * prev-field; defaults M-s, M-p, M-x, M-r, Tab, S-Tab).  kb-save sends
 * the changed fields
 * (PATCH with If-Match: the version shown; on 412 the article is
 * reloaded), or for a new article creates the draft (POST
 * /v1/kb/articles); Esc returns to the reader, which loads the article
 * again (to the list when a new article was never saved).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/kbmodel.h"
#include "../core/mem.h"
#include "../core/utf8.h"
#include "../net/kb.h"
#include "app.h"
#include "callfmt.h"
#include "command.h"
#include "calls.h"
#include "draw.h"
#include "field.h"
#include "theme.h"
#include "train.h"
#include "views.h"
#include "wrap.h"

#define KB_QUERY_MAX 256 /* bytes */
#define KB_DEBOUNCE_MS 150
#define KB_LIMIT 20
#define KB_ONE_MAX 1024   /* bytes of a one-line editor field */
#define KB_MULTI_MAX 24000 /* bytes of a multi-line box */
#define KB_TB_LINES 1024

/* The editor's fields in Tab order. */
enum kb_ef {
	EF_TITLE, EF_QUESTION, EF_ANSWER, EF_GUIDE, EF_KEYWORDS, EF_CATEGORY,
	EF__N
};

struct kbv {
	struct field q;
	unsigned long seq; /* number of the latest search sent */
	int64_t due_ms;    /* a search is due at this time; 0: none */
	int searching;
	int searched;      /* results below belong to a finished search */
	struct kb_hits hits;
	char err[APP_MSG_MAX];
	size_t sel, top;
	int page_rows;
	/* the reader */
	int reading;
	int art_loading;
	unsigned long art_seq;
	struct kb_article art;
	size_t scroll;
	size_t n_lines; /* lines of the last draw */
	/* the editor */
	int editing;
	int is_new; /* editing an article not created yet (art.id 0) */
	int busy; /* a save or action is on its way */
	unsigned long gen; /* editor session: replies of an older one are
			    * dropped (req tag: gen << 1 | was_save) */
	enum kb_ef focus;
	struct field ef[EF__N];
	size_t ef_top[EF__N]; /* first shown line of a multi-line box */
	size_t ef_w[EF__N];   /* its width at the last draw */
};

/* Line layout of a multi-line box (drawing and cursor motion). */
static struct tb_line kb_tb[KB_TB_LINES];

static struct kbv *
priv(struct view *v)
{
	return v->priv;
}

/* ---- search ----------------------------------------------------------- */

static void
on_hits(const struct api_result *r, const struct kb_hits *hits, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long seq = q->tag;
	struct view *v = app_req_take(q, NULL);
	struct kbv *V;

	if (!v)
		return;
	V = priv(v);
	if (seq != V->seq)
		return; /* stale: a newer search was sent */
	V->searching = 0;
	app_mark(app, DIRTY_BODY);
	if (!app_net_result(app, r))
		return;
	kb_hits_free(&V->hits);
	V->sel = V->top = 0;
	V->searched = 1;
	if (r->st != ST_OK || !hits) {
		app_err_text(r, V->err, sizeof V->err);
		return;
	}
	V->err[0] = '\0';
	kb_hits_copy(&V->hits, hits);
}

static void
search_now(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);
	const char *text = field_text(&V->q);
	struct req *q;

	V->due_ms = 0;
	V->seq++;
	app_mark(app, DIRTY_BODY);
	if (!text[0] || !app->api) {
		/* an empty query shows nothing; older replies are stale */
		kb_hits_free(&V->hits);
		V->searching = V->searched = 0;
		V->err[0] = '\0';
		return;
	}
	q = app_req_new(app, v);
	q->tag = V->seq;
	if (api_kb_search(app->api, text, KB_LIMIT, on_hits, q) != 0) {
		app_req_take(q, NULL);
		snprintf(V->err, sizeof V->err, "%s", status_msg(ST_INVALID));
		V->searching = 0;
		return;
	}
	V->searching = 1;
}

void
kb_tick(struct app *app)
{
	struct view *v = app_find_view(app, &view_kb_ops);

	if (v && priv(v)->due_ms && app_now_ms() >= priv(v)->due_ms)
		search_now(app, v);
}

int
kb_next_timeout_ms(struct app *app)
{
	struct view *v = app_find_view(app, &view_kb_ops);
	int64_t d;

	if (!v || !priv(v)->due_ms)
		return -1;
	d = priv(v)->due_ms - app_now_ms();
	return d < 0 ? 0 : (int)d;
}

/* ---- the reader ------------------------------------------------------- */

static void
on_article(const struct api_result *r, const struct kb_article *art,
	   void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long seq = q->tag;
	struct view *v = app_req_take(q, NULL);
	struct kbv *V;
	char buf[APP_MSG_MAX];

	if (!v)
		return;
	V = priv(v);
	if (seq != V->art_seq)
		return;
	V->art_loading = 0;
	app_mark(app, DIRTY_BODY);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !art) {
		V->reading = 0;
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	kb_article_free(&V->art);
	kb_article_copy(&V->art, art);
}

static void
open_article(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);
	struct req *q;

	if (!V->hits.n || V->sel >= V->hits.n || !app->api)
		return;
	kb_article_free(&V->art);
	V->art.id = V->hits.items[V->sel].id;
	V->reading = 1;
	V->scroll = 0;
	V->art_seq++;
	q = app_req_new(app, v);
	q->tag = V->art_seq;
	if (api_kb_article(app->api, V->art.id, on_article, q) != 0) {
		app_req_take(q, NULL);
		V->reading = 0;
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_INVALID));
		return;
	}
	V->art_loading = 1;
	app_mark(app, DIRTY_BODY);
}

static void
on_linked(const struct api_result *r, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	char buf[APP_MSG_MAX];

	app_req_take(q, NULL);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK)
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
}

void
kb_link_article(struct app *app, long article_id, const char *ticket_no)
{
	struct req *q;
	char id[24], buf[APP_MSG_MAX];
	const char *vals[2];

	if (!app->api || article_id <= 0)
		return;
	q = app_req_new(app, NULL);
	if (api_kb_use(app->api, article_id, ticket_no, on_linked, q) != 0) {
		app_req_take(q, NULL);
		return;
	}
	if (ticket_no && *ticket_no) {
		snprintf(id, sizeof id, "%ld", article_id);
		vals[0] = id;
		vals[1] = ticket_no;
		app_msg(app, MSGL_OK, "%s",
			tr_fill(buf, sizeof buf, MSG_KB_LINKED, vals, 2));
	}
}

static void
use_answer(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);
	char id[24], buf[APP_MSG_MAX], *one;
	const char *vals[1];
	int rc;

	if (!V->art.answer)
		return;
	rc = call_view_use_answer(app, V->art.title, V->art.answer,
				  V->art.id);
	if (rc == 1) {
		snprintf(id, sizeof id, "%ld", V->art.id);
		vals[0] = id;
		app_msg(app, MSGL_OK, "%s",
			tr_fill(buf, sizeof buf, MSG_KB_FILLED, vals, 1));
	} else if (rc == 0) {
		one = u8_sanitize(V->art.answer, strlen(V->art.answer), 0);
		vals[0] = one;
		app_msg(app, MSGL_INFO, "%s",
			tr_fill(buf, sizeof buf, MSG_KB_NO_TICKET, vals, 1));
		free(one);
		if (app->api)
			kb_link_article(app, V->art.id, NULL);
	}
}

static void
on_sms(const struct api_result *r, const struct kb_sms *sms, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	char id[24], buf[APP_MSG_MAX];
	const char *vals[3];

	app_req_take(q, NULL);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !sms) {
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	train_note_sms(); /* training: the sms-sent fact */
	snprintf(id, sizeof id, "%ld", sms->id);
	vals[0] = id;
	vals[1] = sms->phone;
	vals[2] = sms->state;
	app_msg(app, MSGL_OK, "%s",
		tr_fill(buf, sizeof buf, MSG_KB_SMS_STATE, vals, 3));
}

static void
send_sms(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);
	const struct call *c = NULL;
	struct req *q;

	if (!V->art.answer)
		return;
	if (!V->art.sms_guide || !V->art.sms_guide[0]) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_KB_NO_GUIDE));
		return;
	}
	if (!calls_live(app, &c) || !c || !c->caller || !c->caller[0]) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_KB_NO_CALLER));
		return;
	}
	if (!app->api)
		return;
	q = app_req_new(app, NULL);
	if (api_sms_send(app->api, c->caller, V->art.id, c->ticket_no, c->id,
			 on_sms, q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_INVALID));
	}
}

/* ---- the editor ------------------------------------------------------- */

static int
ef_multi(enum kb_ef f)
{
	return f == EF_QUESTION || f == EF_ANSWER || f == EF_GUIDE;
}

static int
may_edit(const struct app *app)
{
	enum role r = app->agent.role;

	return r == ROLE_SUPERVISOR || r == ROLE_KB_EDITOR || r == ROLE_ADMIN;
}

static const char *
art_field(const struct kb_article *a, enum kb_ef f)
{
	const char *s = NULL;

	switch (f) {
	case EF_TITLE: s = a->title; break;
	case EF_QUESTION: s = a->question; break;
	case EF_ANSWER: s = a->answer; break;
	case EF_GUIDE: s = a->sms_guide; break;
	case EF_KEYWORDS: s = a->keywords; break;
	case EF_CATEGORY: s = a->category; break;
	case EF__N: break;
	}
	return s ? s : "";
}

/* Fill the editor's fields from V->art. */
static void
edit_fill(struct kbv *V)
{
	int i;

	for (i = 0; i < EF__N; i++) {
		field_set(&V->ef[i], art_field(&V->art, (enum kb_ef)i));
		V->ef_top[i] = 0;
	}
}

/* The field's text when it differs from the article, else NULL. */
static const char *
changed(struct kbv *V, enum kb_ef f)
{
	const char *t = field_text(&V->ef[f]);

	return strcmp(t, art_field(&V->art, f)) ? t : NULL;
}

static void
on_edit_loaded(const struct api_result *r, const struct kb_article *art,
	       void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long gen = q->tag >> 1;
	struct view *v = app_req_take(q, NULL);
	struct kbv *V;
	char buf[APP_MSG_MAX];

	if (!v)
		return;
	V = priv(v);
	if (gen != V->gen)
		return; /* the editor was left since */
	V->busy = 0;
	app_mark(app, DIRTY_ALL);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !art) {
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	kb_article_free(&V->art);
	kb_article_copy(&V->art, art);
	if (V->editing)
		edit_fill(V);
}

static void
edit_reload(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);
	struct req *q = app_req_new(app, v);

	q->tag = V->gen << 1;
	if (api_kb_article(app->api, V->art.id, on_edit_loaded, q) != 0) {
		app_req_take(q, NULL);
		return;
	}
	V->busy = 1;
}

/* A save or an action answered: the new article, or 412 (reload). */
static void
on_edited(const struct api_result *r, const struct kb_article *art,
	  void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int was_save = (int)(q->tag & 1);
	unsigned long gen = q->tag >> 1;
	struct view *v = app_req_take(q, NULL);
	struct kbv *V;
	char id[24], ver[24], buf[APP_MSG_MAX];
	const char *vals[3];

	if (!v)
		return;
	V = priv(v);
	if (gen != V->gen)
		return; /* the editor was left since: not its article now */
	V->busy = 0;
	app_mark(app, DIRTY_ALL);
	if (!app_net_result(app, r))
		return;
	if (r->http_status == 412) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_KB_STALE));
		edit_reload(app, v);
		return;
	}
	if (r->st != ST_OK || !art) {
		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	kb_article_free(&V->art);
	kb_article_copy(&V->art, art);
	snprintf(id, sizeof id, "%ld", art->id);
	snprintf(ver, sizeof ver, "%ld", art->version);
	vals[0] = id;
	if (was_save) {
		enum msg_id m = V->is_new ? MSG_KB_CREATED : MSG_KB_SAVED;

		V->is_new = 0;
		edit_fill(V);
		vals[1] = ver;
		app_msg(app, MSGL_OK, "%s",
			tr_fill(buf, sizeof buf, m, vals, 2));
	} else {
		vals[1] = art->status ? art->status : "";
		vals[2] = ver;
		app_msg(app, MSGL_OK, "%s",
			tr_fill(buf, sizeof buf, MSG_KB_STATUS, vals, 3));
	}
}

/* POST the new article: every non-empty field.  A required field left
 * empty is named on the message line and gets the focus instead (returns
 * 1, nothing sent); else api_kb_create()'s 0 or -1. */
static int
edit_create(struct app *app, struct kbv *V, struct req *q)
{
	static const char *const keys[EF__N] = {
		[EF_TITLE] = "title",	      [EF_QUESTION] = "question",
		[EF_ANSWER] = "answer",	      [EF_GUIDE] = "sms_guide",
		[EF_CATEGORY] = "category_code",
	};
	static const struct {
		enum kb_ef f;
		enum msg_id label;
	} required[] = { /* as the server requires them */
		{ EF_TITLE, MSG_KB_F_TITLE },
		{ EF_ANSWER, MSG_KB_ANSWER },
		{ EF_CATEGORY, MSG_KB_F_CATEGORY },
	};
	const char *fields[2 * EF__N + 1], *vals[1];
	const char *kw = field_text(&V->ef[EF_KEYWORDS]);
	char buf[APP_MSG_MAX];
	size_t n = 0, r;
	int i;

	for (r = 0; r < sizeof required / sizeof required[0]; r++) {
		if (field_text(&V->ef[required[r].f])[0])
			continue;
		V->focus = required[r].f;
		vals[0] = tr(required[r].label);
		app_msg(app, MSGL_ERROR, "%s",
			tr_fill(buf, sizeof buf, MSG_KB_REQUIRED, vals, 1));
		app_mark(app, DIRTY_BODY);
		return 1; /* not sent, already told */
	}
	for (i = 0; i < EF__N; i++) {
		const char *t = field_text(&V->ef[i]);

		if (!keys[i] || !t[0])
			continue;
		fields[n++] = keys[i];
		fields[n++] = t;
	}
	fields[n] = NULL;
	return api_kb_create(app->api, fields, kw[0] ? kw : NULL, on_edited,
			     q);
}

static void
edit_save(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);
	struct req *q;
	int rc;

	if (V->busy || !app->api)
		return;
	q = app_req_new(app, v);
	q->tag = (V->gen << 1) | 1;
	if (V->is_new) {
		rc = edit_create(app, V, q);
		if (rc == 1) {
			app_req_take(q, NULL);
			return;
		}
	} else {
		rc = api_kb_update(app->api, V->art.id, V->art.version,
				   changed(V, EF_TITLE),
				   changed(V, EF_QUESTION),
				   changed(V, EF_ANSWER), changed(V, EF_GUIDE),
				   changed(V, EF_KEYWORDS),
				   changed(V, EF_CATEGORY), on_edited, q);
	}
	if (rc != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_INVALID));
		return;
	}
	V->busy = 1;
}

static void
edit_action(struct app *app, struct view *v, const char *action)
{
	struct kbv *V = priv(v);
	struct req *q;

	if (V->busy || !app->api)
		return;
	if (V->is_new) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_KB_SAVE_FIRST));
		return;
	}
	q = app_req_new(app, v);
	q->tag = V->gen << 1;
	if (api_kb_article_action(app->api, V->art.id, action, on_edited,
				  q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_INVALID));
		return;
	}
	V->busy = 1;
}

static void
edit_open(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);

	if (!may_edit(app)) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_KB_NO_EDIT));
		return;
	}
	if (V->art_loading || !V->art.answer || V->art.version <= 0)
		return;
	V->editing = 1;
	V->is_new = 0;
	V->busy = 0;
	V->gen++;
	V->focus = EF_TITLE;
	edit_fill(V);
	app_mark(app, DIRTY_ALL);
}

/* kb-new: the editor on an empty article, created by the first save. */
static void
edit_new(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);

	if (!may_edit(app)) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_KB_NO_EDIT));
		return;
	}
	V->art_seq++; /* an article still loading is not wanted now */
	V->art_loading = 0;
	kb_article_free(&V->art);
	V->reading = 1;
	V->editing = 1;
	V->is_new = 1;
	V->busy = 0;
	V->gen++;
	V->focus = EF_TITLE;
	edit_fill(V);
	app_mark(app, DIRTY_ALL);
}

static void
edit_close(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);
	struct req *q;

	V->editing = 0;
	V->scroll = 0;
	V->gen++;
	app_mark(app, DIRTY_ALL);
	if (V->is_new || V->art.id <= 0) { /* never saved: back to the list */
		V->is_new = 0;
		V->reading = 0;
		kb_article_free(&V->art);
		return;
	}
	if (!app->api)
		return;
	V->art_seq++;
	q = app_req_new(app, v);
	q->tag = V->art_seq;
	if (api_kb_article(app->api, V->art.id, on_article, q) != 0) {
		app_req_take(q, NULL);
		return;
	}
	V->art_loading = 1;
}

static void
insert_newline(struct field *f)
{
	if (f->len + 1 > f->max)
		return;
	memmove(f->buf + f->cur + 1, f->buf + f->cur, f->len - f->cur + 1);
	f->buf[f->cur] = '\n';
	f->len++;
	f->cur++;
}

/*
 * Cursor motion in a multi-line box laid out width columns wide: how -1
 * up a line, +1 down a line (keeping the column), 0 to the start of the
 * line, 2 to its end.  Returns 0 when there is no line to move to.
 */
static int
box_move(struct field *f, size_t width, int how)
{
	const char *text = field_text(f);
	size_t n, crow, ccol, row, off, end, col = 0, cw, cl;

	n = tb_layout(text, f->cur, width, kb_tb, KB_TB_LINES, &crow, &ccol);
	if (n > KB_TB_LINES)
		n = KB_TB_LINES;
	row = crow;
	if (how == -1) {
		if (row == 0)
			return 0;
		row--;
	} else if (how == 1) {
		if (row + 1 >= n)
			return 0;
		row++;
	}
	off = kb_tb[row].off;
	end = off + kb_tb[row].len;
	if (how == 0) {
		f->cur = off;
		return 1;
	}
	if (how == 2) {
		/* a line wrapped without a newline ends where the next one
		 * starts, which shows on the next one: stop before its last
		 * character instead */
		if (row + 1 < n && kb_tb[row + 1].off == end) {
			size_t last = off;

			while (off < end) {
				cl = u8_next_cluster(text + off, end - off, &cw);
				if (cl == 0)
					break;
				last = off;
				off += cl;
			}
			end = last;
		}
		f->cur = end;
		return 1;
	}
	while (off < end) {
		cl = u8_next_cluster(text + off, end - off, &cw);
		if (cl == 0 || col + cw > ccol)
			break;
		col += cw;
		off += cl;
	}
	f->cur = off;
	return 1;
}

static void
edit_focus(struct app *app, struct kbv *V, int step)
{
	V->focus = (enum kb_ef)((V->focus + EF__N + step) % EF__N);
	app_mark(app, DIRTY_BODY);
}

/* Keys that edit the focused field; the editor's commands (save,
 * publish, expire, Tab, Esc) come through the keymap, context kbedit. */
static int
edit_key(struct app *app, struct view *v, struct kkey k)
{
	struct kbv *V = priv(v);
	struct field *f = &V->ef[V->focus];
	size_t width = V->ef_w[V->focus] ? V->ef_w[V->focus] : 40;

	if (k.mods)
		return TR_UNHANDLED;
	if (ef_multi(V->focus)) {
		int how = -2;

		switch (k.code) {
		case KK_UP: how = -1; break;
		case KK_DOWN: how = 1; break;
		case KK_HOME: case 0x01: how = 0; break; /* C-a */
		case KK_END: case 0x05: how = 2; break;  /* C-e */
		default: break;
		}
		if (how != -2) {
			if (!box_move(f, width, how))
				return TR_NONE;
			app_mark(app, DIRTY_BODY);
			return TR_NONE;
		}
	}
	switch (k.code) {
	case KK_ESC:
	case KK_TAB:
	case KK_BTAB:
		return TR_UNHANDLED;
	case KK_ENTER:
		if (ef_multi(V->focus))
			insert_newline(f);
		else
			edit_focus(app, V, 1);
		break;
	default:
		if (!field_key(f, k))
			return TR_UNHANDLED;
		break;
	}
	app_mark(app, DIRTY_BODY);
	return TR_NONE;
}

/* A multi-line box at rows y .. y+rows-1. */
static void
draw_box(WINDOW *w, int y, int x, int width, int rows, struct kbv *V,
	 enum kb_ef which, struct cursor *cur)
{
	struct tb_line *lines = kb_tb;
	struct field *f = &V->ef[which];
	const char *text = field_text(f);
	size_t crow, ccol, n, i, *top = &V->ef_top[which];
	char buf[1024];

	if (rows < 1 || width < 2)
		return;
	V->ef_w[which] = (size_t)width;
	n = tb_layout(text, f->cur, (size_t)width, lines, KB_TB_LINES, &crow,
		      &ccol);
	if (n > KB_TB_LINES)
		n = KB_TB_LINES;
	if (crow < *top)
		*top = crow;
	if (crow >= *top + (size_t)rows)
		*top = crow - (size_t)rows + 1;
	for (i = 0; i < (size_t)rows; i++) {
		size_t k = *top + i, len = 0;

		if (k < n) {
			len = lines[k].len < sizeof buf - 1 ? lines[k].len
							   : sizeof buf - 1;
			memcpy(buf, text + lines[k].off, len);
		}
		buf[len] = '\0';
		draw_fit(w, y + (int)i, x, buf, width,
			 A_UNDERLINE | theme(TH_NORMAL));
	}
	if (V->focus == which) {
		cur->w = w;
		cur->y = y + (int)(crow - *top);
		cur->x = x + (int)ccol;
	}
}

static void
draw_line_field(WINDOW *w, int y, int cols, struct kbv *V, enum kb_ef which,
		enum msg_id label, struct cursor *cur)
{
	char lab[64], out[KB_ONE_MAX * 2 + 8];
	int lw;
	size_t cx;

	snprintf(lab, sizeof lab, "%s: ", tr(label));
	lw = draw_text(w, y, 0, lab, cols,
		       V->focus == which ? theme(TH_LABEL) | A_BOLD
					 : theme(TH_LABEL));
	if (cols - lw < 2)
		return;
	cx = field_render(&V->ef[which], (size_t)(cols - lw - 1), out,
			  sizeof out);
	draw_fit(w, y, lw, out, cols - lw, A_UNDERLINE | theme(TH_NORMAL));
	if (V->focus == which) {
		cur->w = w;
		cur->y = y;
		cur->x = lw + (int)cx;
	}
}

static void
draw_heading(WINDOW *w, int y, int cols, struct kbv *V, enum kb_ef which,
	     enum msg_id label)
{
	char buf[128];

	snprintf(buf, sizeof buf, "【%s】", tr(label));
	draw_fit(w, y, 0, buf, cols,
		 V->focus == which ? theme(TH_LABEL) | A_BOLD
				   : theme(TH_LABEL));
}

/* "Tab 切换字段   M-s 保存   ..." from the live kbedit bindings (an
 * unbound command is left out). */
static void
edit_hint(struct app *app, char *out, size_t cap)
{
	static const struct {
		const char *cmd;
		enum msg_id what;
	} items[] = {
		{ "next-field", MSG_KB_H_FIELD },
		{ "kb-save", MSG_KB_H_SAVE },
		{ "kb-publish", MSG_KB_H_PUBLISH },
		{ "kb-submit", MSG_KB_H_SUBMIT },
		{ "kb-expire", MSG_KB_H_EXPIRE },
		{ "back", MSG_KB_H_BACK },
	};
	char keys[64];
	size_t i, off = 0;
	int n;

	out[0] = '\0';
	for (i = 0; i < sizeof items / sizeof items[0]; i++) {
		kmap_keys_for(app->cfg->keys, KCTX_KBEDIT, items[i].cmd, keys,
			      sizeof keys);
		if (!keys[0])
			continue;
		n = snprintf(out + off, cap - off, "%s%s %s", off ? "   " : "",
			     keys, tr(items[i].what));
		if (n < 0 || (size_t)n >= cap - off)
			break;
		off += (size_t)n;
	}
}

static void
draw_editor(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct kbv *V = priv(v);
	int rows = getmaxy(w), cols = getmaxx(w), avail, qa, an, gu, y;
	char hint[256];

	cur->w = NULL;
	/* title, 3 headings, keywords, category, hint: 7 rows; the rest for
	 * the boxes */
	avail = rows - 7;
	if (avail < 3)
		avail = 3;
	qa = avail >= 9 ? 2 : 1;
	an = (avail - qa) * 2 / 3;
	if (an < 1)
		an = 1;
	gu = avail - qa - an;
	if (gu < 1)
		gu = 1;
	draw_line_field(w, 0, cols, V, EF_TITLE, MSG_KB_F_TITLE, cur);
	y = 1;
	draw_heading(w, y++, cols, V, EF_QUESTION, MSG_KB_F_QUESTION);
	draw_box(w, y, 0, cols - 1, qa, V, EF_QUESTION, cur);
	y += qa;
	draw_heading(w, y++, cols, V, EF_ANSWER, MSG_KB_ANSWER);
	draw_box(w, y, 0, cols - 1, an, V, EF_ANSWER, cur);
	y += an;
	draw_heading(w, y++, cols, V, EF_GUIDE, MSG_KB_GUIDE);
	draw_box(w, y, 0, cols - 1, gu, V, EF_GUIDE, cur);
	y += gu;
	if (y < rows - 1)
		draw_line_field(w, y++, cols, V, EF_KEYWORDS, MSG_KB_F_KEYWORDS,
				cur);
	if (y < rows - 1)
		draw_line_field(w, y, cols, V, EF_CATEGORY, MSG_KB_F_CATEGORY,
				cur);
	edit_hint(app, hint, sizeof hint);
	draw_fit(w, rows - 1, 0, hint, cols, theme(TH_DIM));
}

/* ---- drawing ---------------------------------------------------------- */

static int
in_ranges(size_t off, const struct kb_range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (off >= r[i].start && off < r[i].start + r[i].len)
			return 1;
	return 0;
}

/* Draw s at (y, x) in at most cols columns, the ranges highlighted. */
static void
draw_marked(WINDOW *w, int y, int x, int cols, const char *s,
	    const struct kb_range *r, size_t n, attr_t base)
{
	size_t off = 0, len = strlen(s), cw, cl;
	int col = 0;

	while (off < len) {
		cl = u8_next_cluster(s + off, len - off, &cw);
		if (cl == 0 || col + (int)cw > cols)
			break;
		wattrset(w, in_ranges(off, r, n) ? base | A_BOLD | A_UNDERLINE
						 : base);
		mvwaddnstr(w, y, x + col, s + off, (int)cl);
		col += (int)cw;
		off += cl;
	}
	wattrset(w, A_NORMAL);
}

static void
draw_list(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct kbv *V = priv(v);
	int rows = getmaxy(w), cols = getmaxx(w), y, lw, cx;
	char line[1024], label[64];
	size_t i, fcol;

	snprintf(label, sizeof label, "%s: ", tr(MSG_KB_SEARCH));
	lw = draw_text(w, 0, 0, label, cols, theme(TH_LABEL));
	fcol = field_render(&V->q, (size_t)(cols - lw - 1), line, sizeof line);
	draw_text(w, 0, lw, line, cols - lw, theme(TH_NORMAL));
	cx = lw + (int)fcol;
	if (V->err[0])
		draw_fit(w, 1, 0, V->err, cols, theme(TH_ERROR));
	else if (V->searching || V->due_ms)
		draw_fit(w, 1, 0, tr(MSG_KB_SEARCHING), cols, theme(TH_DIM));
	else if (!field_text(&V->q)[0])
		draw_fit(w, 1, 0, tr(MSG_KB_TYPE), cols, theme(TH_DIM));
	else if (V->searched && !V->hits.n)
		draw_fit(w, 1, 0, tr(MSG_KB_NONE), cols, theme(TH_DIM));
	V->page_rows = (rows - 3) / 2;
	if (V->page_rows < 1)
		V->page_rows = 1;
	if (V->sel < V->top)
		V->top = V->sel;
	if (V->sel >= V->top + (size_t)V->page_rows)
		V->top = V->sel - (size_t)V->page_rows + 1;
	y = 2;
	for (i = V->top; i < V->hits.n && y + 1 < rows - 1; i++) {
		const struct kb_hit *h = &V->hits.items[i];
		attr_t a = i == V->sel ? theme(TH_SELECT) : theme(TH_NORMAL);

		if (i == V->sel)
			draw_blank(w, y, 0, cols, a);
		draw_marked(w, y, 1, cols - 2, h->title, h->title_m,
			    h->n_title_m, a);
		draw_marked(w, y + 1, 3, cols - 4, h->snippet, h->snippet_m,
			    h->n_snippet_m, theme(TH_DIM));
		y += 2;
	}
	draw_fit(w, rows - 1, 0, tr(MSG_KB_HINT_LIST), cols, theme(TH_DIM));
	(void)app;
	cur->w = w;
	cur->y = 0;
	cur->x = cx;
}

struct lines {
	char **v;
	size_t n;
};

static void
add_line(const char *s, size_t len, void *ud)
{
	struct lines *L = ud;

	L->v = xrealloc(L->v, (L->n + 1) * sizeof(*L->v));
	L->v[L->n++] = xstrndup(s, len);
}

static void
add_heading(struct lines *L, const char *text)
{
	char buf[128];

	snprintf(buf, sizeof buf, "【%s】", text);
	add_line(buf, strlen(buf), L);
}

static void
draw_reader(struct app *app, struct view *v, WINDOW *w)
{
	struct kbv *V = priv(v);
	int rows = getmaxy(w), cols = getmaxx(w), body = rows - 2, y;
	struct lines L = { NULL, 0 };
	size_t i;

	(void)app;
	if (V->art_loading || !V->art.answer) {
		draw_fit(w, 0, 0, tr(MSG_KB_LOADING), cols, theme(TH_DIM));
		return;
	}
	draw_fit(w, 0, 0, V->art.title, cols, theme(TH_COLHEAD) | A_BOLD);
	add_heading(&L, tr(MSG_KB_ANSWER));
	wrap_text(V->art.answer, (size_t)(cols - 1), add_line, &L);
	add_line("", 0, &L);
	add_heading(&L, tr(MSG_KB_GUIDE));
	wrap_text(V->art.sms_guide, (size_t)(cols - 1), add_line, &L);
	V->n_lines = L.n;
	if (body < 1)
		body = 1;
	if (V->scroll + (size_t)body > L.n)
		V->scroll = L.n > (size_t)body ? L.n - (size_t)body : 0;
	for (i = V->scroll, y = 1; i < L.n && y <= body; i++, y++)
		draw_text(w, y, 0, L.v[i], cols,
			  L.v[i][0] == '\xe3' && strncmp(L.v[i], "【", 3) == 0
				  ? theme(TH_LABEL)
				  : theme(TH_NORMAL));
	for (i = 0; i < L.n; i++)
		free(L.v[i]);
	free(L.v);
	draw_fit(w, rows - 1, 0, tr(MSG_KB_HINT_READ), cols, theme(TH_DIM));
}

/* ---- ops -------------------------------------------------------------- */

static void
kb_open(struct app *app, struct view *v, const char *arg)
{
	struct kbv *V = xcalloc(1, sizeof *V);
	int i;

	v->priv = V;
	field_init(&V->q, KB_QUERY_MAX, 0);
	for (i = 0; i < EF__N; i++)
		field_init(&V->ef[i],
			   ef_multi((enum kb_ef)i) ? KB_MULTI_MAX : KB_ONE_MAX,
			   0);
	V->page_rows = 5;
	if (arg && *arg) {
		field_set(&V->q, arg);
		search_now(app, v);
	}
}

static void
kb_close(struct app *app, struct view *v)
{
	struct kbv *V = priv(v);

	int i;

	(void)app;
	field_free(&V->q);
	for (i = 0; i < EF__N; i++)
		field_free(&V->ef[i]);
	kb_hits_free(&V->hits);
	kb_article_free(&V->art);
	FREE(v->priv);
}

static void
kb_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct kbv *V = priv(v);

	(void)app;
	if (V->editing && V->is_new)
		snprintf(out, cap, "%s | %s", tr(MSG_KB_TITLE), tr(MSG_KB_NEW));
	else if (V->editing)
		snprintf(out, cap, "%s | %s | %ld %s v%ld", tr(MSG_KB_TITLE),
			 tr(MSG_KB_EDIT), V->art.id,
			 V->art.status ? V->art.status : "", V->art.version);
	else if (V->reading && V->art.title)
		snprintf(out, cap, "%s | %s", tr(MSG_KB_TITLE), V->art.title);
	else
		snprintf(out, cap, "%s", tr(MSG_KB_TITLE));
}

static void
kb_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct kbv *V = priv(v);

	if (V->editing) {
		draw_editor(app, v, w, cur);
	} else if (V->reading) {
		draw_reader(app, v, w);
		cur->w = NULL;
	} else {
		draw_list(app, v, w, cur);
	}
}

static int
kb_key(struct app *app, struct view *v, struct kkey k)
{
	struct kbv *V = priv(v);

	if (V->editing)
		return edit_key(app, v, k);
	if (V->reading)
		return TR_UNHANDLED;
	if (!field_key(&V->q, k))
		return TR_UNHANDLED;
	V->due_ms = app_now_ms() + KB_DEBOUNCE_MS;
	app_mark(app, DIRTY_BODY);
	return TR_NONE;
}

static void
kb_move(struct app *app, struct kbv *V, long to)
{
	if (V->reading) {
		if (to < 0)
			to = 0;
		V->scroll = (size_t)to;
	} else {
		if (to >= (long)V->hits.n)
			to = (long)V->hits.n - 1;
		if (to < 0)
			to = 0;
		V->sel = (size_t)to;
	}
	app_mark(app, DIRTY_BODY);
}

/* ":kb TEXT" while the pane is open: search TEXT at once. */
static void
set_query(struct app *app, struct view *v, int argc, char **argv)
{
	struct kbv *V = priv(v);
	char *s = xstrdup(""), *t;
	int i;

	for (i = 1; i < argc; i++) {
		t = xasprintf("%s%s%s", s, i > 1 ? " " : "", argv[i]);
		free(s);
		s = t;
	}
	field_set(&V->q, s);
	free(s);
	V->reading = 0;
	V->art_seq++;
	search_now(app, v);
}

static int
kb_action(struct app *app, struct view *v, enum action a, int argc,
	  char **argv)
{
	struct kbv *V = priv(v);
	long at = V->reading ? (long)V->scroll : (long)V->sel;
	long page = V->page_rows > 0 ? V->page_rows : 1;

	if (V->editing) {
		if (a == ACT_BACK) {
			edit_close(app, v);
			return TR_NONE;
		}
		if (a == ACT_KB && argc < 2) {
			app_remove(app, v);
			return TR_NONE;
		}
		switch (a) {
		case ACT_KB_SAVE:
			edit_save(app, v);
			return TR_NONE;
		case ACT_KB_PUBLISH:
			edit_action(app, v, "publish");
			return TR_NONE;
		case ACT_KB_EXPIRE:
			edit_action(app, v, "expire");
			return TR_NONE;
		case ACT_KB_SUBMIT:
			edit_action(app, v, "submit");
			return TR_NONE;
		case ACT_NEXT_FIELD:
			edit_focus(app, V, 1);
			return TR_NONE;
		case ACT_PREV_FIELD:
			edit_focus(app, V, -1);
			return TR_NONE;
		case ACT_OPEN:
		case ACT_SUBMIT:
		case ACT_MOVE_UP:
		case ACT_MOVE_DOWN:
		case ACT_PAGE_UP:
		case ACT_PAGE_DOWN:
		case ACT_FIRST:
		case ACT_LAST:
		case ACT_KB_USE:
		case ACT_KB_SMS:
		case ACT_KB_EDIT:
		case ACT_KB_NEW:
			return TR_NONE; /* not while editing */
		default:
			return TR_UNHANDLED;
		}
	}
	switch (a) {
	case ACT_KB:
		if (argc < 2) {
			app_remove(app, v);
			return TR_NONE;
		}
		set_query(app, v, argc, argv);
		return TR_NONE;
	case ACT_BACK:
		if (V->reading) {
			V->reading = 0;
			V->art_seq++;
			V->art_loading = 0;
			app_mark(app, DIRTY_ALL);
		} else {
			app_remove(app, v);
		}
		return TR_NONE;
	case ACT_OPEN:
	case ACT_SUBMIT:
		if (!V->reading)
			open_article(app, v);
		return TR_NONE;
	case ACT_MOVE_UP:
		kb_move(app, V, at - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		kb_move(app, V, at + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		kb_move(app, V, at - page);
		return TR_NONE;
	case ACT_PAGE_DOWN:
		kb_move(app, V, at + page);
		return TR_NONE;
	case ACT_FIRST:
		kb_move(app, V, 0);
		return TR_NONE;
	case ACT_LAST:
		kb_move(app, V, V->reading ? (long)V->n_lines : (long)V->hits.n);
		return TR_NONE;
	case ACT_KB_USE:
		if (V->reading)
			use_answer(app, v);
		return TR_NONE;
	case ACT_KB_SMS:
		if (V->reading)
			send_sms(app, v);
		return TR_NONE;
	case ACT_KB_EDIT:
		if (V->reading)
			edit_open(app, v);
		return TR_NONE;
	case ACT_KB_NEW:
		edit_new(app, v);
		return TR_NONE;
	case ACT_KB_SAVE:
	case ACT_KB_PUBLISH:
	case ACT_KB_EXPIRE:
	case ACT_KB_SUBMIT:
		app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_NOT_HERE), argv[0]);
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

static enum kctx
kb_context(const struct app *app, const struct view *v)
{
	const struct kbv *V = v->priv;

	(void)app;
	return V && V->editing ? KCTX_KBEDIT : KCTX_KB;
}

const struct view_ops view_kb_ops = {
	.name = "kb",
	.ctx = KCTX_KB,
	.context = kb_context,
	.open = kb_open,
	.close = kb_close,
	.title = kb_title,
	.draw = kb_draw,
	.key = kb_key,
	.action = kb_action,
};
