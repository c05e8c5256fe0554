/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_results.c - the training results list and grade card (issue #7
 * §3): `training-results [TRAINEE]`.
 *
 * Trainers, supervisors and administrators see every trainee's results or
 * one trainee's (the argument, or `:filter TRAINEE`; `:filter` alone shows
 * everyone again); an agent sees only its own.  Rows come from
 * GET /v1/training/results (net/training_results.h), newest first, a page
 * of RES_LIMIT at a time: the next page is asked for when the selection
 * comes near the end of what is loaded.  Enter asks for the result
 * (GET /v1/training/results/{id}) and shows its grade card in the same
 * view, each check with its weight, ✓/✗ and detail; Esc goes back to the
 * list (and then closes the view).  Everything is marked 【培训】.
 *
 * Strings come sanitized from net/ and are fitted by display width here.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "../net/training_results.h"
#include "app.h"
#include "draw.h"
#include "theme.h"
#include "views.h"

#define RES_LIMIT 50
#define RES_NEAR 5 /* rows before the end that load the next page */

struct results {
	struct tres *rows;
	size_t n, cap;
	char *cursor;    /* next page, "" when none */
	char *filter;    /* trainee, "" for everyone */
	int own_only;    /* an agent: fixed to itself */
	size_t sel, top;
	int page_rows;
	int loading, loaded;
	unsigned long gen;
	/* the grade card */
	int card_open;
	int card_loading;
	struct tres card;
	int card_top;
};

/* ---- row layout ------------------------------------------------------- */

struct res_cols {
	int time, trainee, title, mode, score, pct, passed, dur;
};

static void
res_columns(int cols, struct res_cols *c)
{
	c->time = col_width(11, MSG_COL_TIME);
	c->trainee = col_width(12, MSG_TRES_COL_TRAINEE);
	c->mode = col_width((int)u8_width(tr(MSG_TRES_MODE_PRACTICE)),
	                    MSG_TRES_COL_MODE);
	if (c->mode < (int)u8_width(tr(MSG_TRES_MODE_DEMO)))
		c->mode = (int)u8_width(tr(MSG_TRES_MODE_DEMO));
	c->score = col_width(7, MSG_TRES_COL_SCORE);
	c->pct = 4;
	c->passed = col_width(1, MSG_TRES_COL_PASSED);
	c->dur = col_width(6, MSG_TRES_COL_DURATION);
	c->title = cols - (c->time + c->trainee + c->mode + c->score + c->pct +
			   c->passed + c->dur + 7);
	if (c->title < 0)
		c->title = 0;
}

/* Right-aligned in w columns (ASCII s). */
static size_t
rcell(char *out, size_t cap, size_t off, const char *s, int w, int last)
{
	char pad[64];
	int n = (int)u8_width(s);

	if (n >= w || w >= (int)sizeof pad)
		return row_cell(out, cap, off, s, w, last);
	snprintf(pad, sizeof pad, "%*s%s", w - n, "", s);
	return row_cell(out, cap, off, pad, w, last);
}

static const char *
mode_label(const char *mode)
{
	if (mode && strcmp(mode, "practice") == 0)
		return tr(MSG_TRES_MODE_PRACTICE);
	if (mode && strcmp(mode, "demo") == 0)
		return tr(MSG_TRES_MODE_DEMO);
	return mode ? mode : "";
}

static void
duration_text(long s, char *out, size_t cap)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(out, cap, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(out, cap, "%ld:%02ld", s / 60, s % 60);
}

/* "MM-DD HH:MM" local, or "-". */
static void
when_text(const struct tres *t, char *out, size_t cap)
{
	char full[32];
	const char *iso = t->started_at && *t->started_at ? t->started_at
							  : t->created_at;

	iso_local(iso ? iso : "", full, sizeof full);
	snprintf(out, cap, "%s", strlen(full) > 5 ? full + 5 : full);
}

static void
format_row(const struct tres *t, const struct res_cols *c, char *out,
	   size_t cap)
{
	char when[32], score[48], pct[16], dur[24];
	size_t off = 0;

	out[0] = '\0';
	when_text(t, when, sizeof when);
	snprintf(score, sizeof score, "%ld/%ld", t->score, t->max_score);
	snprintf(pct, sizeof pct, "%d%%", tres_percent(t));
	duration_text(t->duration_s, dur, sizeof dur);
	off = row_cell(out, cap, off, when, c->time, 0);
	off = row_cell(out, cap, off, t->trainee, c->trainee, 0);
	off = row_cell(out, cap, off,
	               t->title && *t->title ? t->title : t->scenario, c->title,
	               0);
	off = row_cell(out, cap, off, mode_label(t->mode), c->mode, 0);
	off = rcell(out, cap, off, score, c->score, 0);
	off = rcell(out, cap, off, pct, c->pct, 0);
	off = row_cell(out, cap, off, t->passed ? "✓" : "✗", c->passed, 0);
	rcell(out, cap, off, dur, c->dur, 1);
}

static void
heading_row(const struct res_cols *c, char *out, size_t cap)
{
	size_t off = 0;

	out[0] = '\0';
	off = row_cell(out, cap, off, tr(MSG_COL_TIME), c->time, 0);
	off = row_cell(out, cap, off, tr(MSG_TRES_COL_TRAINEE), c->trainee, 0);
	off = row_cell(out, cap, off, tr(MSG_TRES_COL_SCENARIO), c->title, 0);
	off = row_cell(out, cap, off, tr(MSG_TRES_COL_MODE), c->mode, 0);
	off = rcell(out, cap, off, tr(MSG_TRES_COL_SCORE), c->score, 0);
	off = rcell(out, cap, off, "%", c->pct, 0);
	off = row_cell(out, cap, off, tr(MSG_TRES_COL_PASSED), c->passed, 0);
	rcell(out, cap, off, tr(MSG_TRES_COL_DURATION), c->dur, 1);
}

/* ---- data ------------------------------------------------------------- */

static void
clear_rows(struct results *R)
{
	size_t i;

	for (i = 0; i < R->n; i++)
		tres_free(&R->rows[i]);
	R->n = 0;
	R->sel = R->top = 0;
	FREE(R->cursor);
	R->cursor = xstrdup("");
	R->loaded = 0;
}

static void
on_page(const struct api_result *r, const struct tres_page *p, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long tag = q->tag;
	struct view *v = app_req_take(q, NULL);
	struct results *R;
	size_t i;

	if (!v)
		return;
	R = v->priv;
	if (tag != R->gen)
		return; /* a newer load (filter, reload) replaced this one */
	R->loading = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !p) {
		char buf[APP_MSG_MAX];

		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	if (R->n + p->n > R->cap) {
		R->cap = (R->n + p->n) * 2;
		R->rows = xrealloc(R->rows, R->cap * sizeof *R->rows);
	}
	for (i = 0; i < p->n; i++)
		tres_copy(&R->rows[R->n++], &p->items[i]);
	free(R->cursor);
	R->cursor = xstrdup(p->next_cursor ? p->next_cursor : "");
	R->loaded = 1;
}

/* Ask for the first page (more = 0, after clearing) or the next one. */
static void
load(struct app *app, struct view *v, int more)
{
	struct results *R = v->priv;
	struct req *q;

	if (!app->api || !app->logged_in)
		return;
	if (more && (R->loading || !R->cursor || !*R->cursor))
		return;
	if (!more)
		clear_rows(R);
	R->gen++;
	q = app_req_new(app, v);
	q->tag = R->gen;
	if (api_tres_list(app->api, R->filter, NULL, more ? R->cursor : NULL,
			  RES_LIMIT, on_page, q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_NETWORK));
		return;
	}
	R->loading = 1;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
on_one(const struct api_result *r, const struct tres *t, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	long id = (long)q->tag;
	struct view *v = app_req_take(q, NULL);
	struct results *R;

	if (!v)
		return;
	R = v->priv;
	if (!R->card_open || R->card.id != id)
		return;
	R->card_loading = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !t) {
		char buf[APP_MSG_MAX];

		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	tres_free(&R->card);
	tres_copy(&R->card, t);
}

/* Show the selected row's card at once and refresh it from the server. */
static void
open_card(struct app *app, struct view *v)
{
	struct results *R = v->priv;
	struct req *q;

	if (!R->n)
		return;
	tres_free(&R->card);
	tres_copy(&R->card, &R->rows[R->sel]);
	R->card_open = 1;
	R->card_top = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app->api || !app->logged_in)
		return;
	q = app_req_new(app, v);
	q->tag = (unsigned long)R->card.id;
	if (api_tres_get(app->api, R->card.id, on_one, q) != 0) {
		app_req_take(q, NULL);
		return;
	}
	R->card_loading = 1;
}

static void
set_filter(struct app *app, struct view *v, const char *who)
{
	struct results *R = v->priv;

	if (R->own_only) {
		if (who && *who && strcmp(who, app->agent.username ?
						       app->agent.username
								   : "") != 0)
			app_msg(app, MSGL_ERROR, "%s", tr(MSG_TRES_OWN_ONLY));
		return;
	}
	free(R->filter);
	R->filter = xstrdup(who ? who : "");
	R->card_open = 0;
	load(app, v, 0);
}

/* ---- ops -------------------------------------------------------------- */

static void
results_open(struct app *app, struct view *v, const char *arg)
{
	struct results *R = xcalloc(1, sizeof *R);

	v->priv = R;
	R->page_rows = 10;
	R->cursor = xstrdup("");
	R->own_only = app->agent.role == ROLE_AGENT;
	if (R->own_only)
		R->filter = xstrdup(app->agent.username ? app->agent.username
							: "");
	else
		R->filter = xstrdup(arg ? arg : "");
	if (R->own_only && arg && *arg && strcmp(arg, R->filter) != 0)
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_TRES_OWN_ONLY));
	load(app, v, 0);
}

static void
results_close(struct app *app, struct view *v)
{
	struct results *R = v->priv;

	(void)app;
	clear_rows(R);
	free(R->rows);
	free(R->cursor);
	free(R->filter);
	tres_free(&R->card);
	FREE(v->priv);
}

static void
results_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct results *R = v->priv;
	size_t off;

	(void)app;
	off = (size_t)snprintf(out, cap, "%s | %s", tr(MSG_TRES_TITLE),
			       *R->filter ? R->filter : tr(MSG_TRES_ALL));
	if (off < cap && R->card_open) {
		off += (size_t)snprintf(out + off, cap - off, " | %s #%ld",
					tr(MSG_TRES_CARD), R->card.id);
	} else if (off < cap && R->loaded) {
		char num[32], count[64];
		const char *vals[1] = { num };

		snprintf(num, sizeof num, "%zu", R->n);
		off += (size_t)snprintf(out + off, cap - off, " | %s%s%s",
					tr_fill(count, sizeof count,
						MSG_TRES_COUNT, vals, 1),
					*R->cursor ? ", " : "",
					*R->cursor ? tr(MSG_TRES_MORE) : "");
	}
	if (off < cap && (R->loading || R->card_loading))
		snprintf(out + off, cap - off, " | %s", tr(MSG_LOADING));
}

static void
draw_card(struct app *app, struct results *R, WINDOW *w)
{
	const struct tres *t = &R->card;
	int rows = getmaxy(w), cols = getmaxx(w), i, y, vis;
	int cw_mark = 2, cw_weight, cw_name, cw_detail;
	char line[2048], sc[32], mx[32], pct[16], dur[24], start[32];
	const char *vals[9];

	(void)app;
	snprintf(line, sizeof line, "【培训】%s #%ld  %s (%s)",
		 tr(MSG_TRES_CARD), t->id, t->title, t->scenario);
	draw_fit(w, 0, 0, line, cols, theme(TH_COLHEAD));
	snprintf(sc, sizeof sc, "%ld", t->score);
	snprintf(mx, sizeof mx, "%ld", t->max_score);
	snprintf(pct, sizeof pct, "%d", tres_percent(t));
	duration_text(t->duration_s, dur, sizeof dur);
	iso_local(t->started_at, start, sizeof start);
	vals[0] = t->trainee;
	vals[1] = mode_label(t->mode);
	vals[2] = sc;
	vals[3] = mx;
	vals[4] = pct;
	vals[5] = tr(t->passed ? MSG_TRES_PASS : MSG_TRES_FAIL);
	vals[6] = dur;
	vals[7] = start;
	vals[8] = *t->recorded_by ? t->recorded_by : "-";
	draw_fit(w, 1, 0,
		 tr_fill(line, sizeof line, MSG_TRES_SUMMARY, vals, 9), cols,
		 theme(t->passed ? TH_OK : TH_ERROR));
	cw_weight = col_width(4, MSG_TRES_COL_WEIGHT);
	cw_name = (cols - cw_mark - cw_weight - 3) / 2;
	if (cw_name > 40)
		cw_name = 40;
	cw_detail = cols - cw_mark - cw_weight - cw_name - 3;
	{
		size_t off = 0;

		line[0] = '\0';
		off = row_cell(line, sizeof line, off, "", cw_mark, 0);
		off = rcell(line, sizeof line, off, tr(MSG_TRES_COL_WEIGHT),
			    cw_weight, 0);
		off = row_cell(line, sizeof line, off, tr(MSG_TRES_COL_CHECK),
		               cw_name, 0);
		row_cell(line, sizeof line, off, tr(MSG_TRES_COL_DETAIL),
		         cw_detail, 1);
		draw_fit(w, 3, 0, line, cols, theme(TH_COLHEAD));
	}
	vis = rows - 5;
	if (R->card_top > (int)t->n_checks - (vis > 0 ? vis : 1))
		R->card_top = (int)t->n_checks - (vis > 0 ? vis : 1);
	if (R->card_top < 0)
		R->card_top = 0;
	for (i = 0, y = 4; i < vis && R->card_top + i < (int)t->n_checks;
	     i++, y++) {
		const struct tres_check *c = &t->checks[R->card_top + i];
		char wt[24];
		size_t off = 0;

		snprintf(wt, sizeof wt, "%ld", c->weight);
		line[0] = '\0';
		off = row_cell(line, sizeof line, off, c->passed ? "✓" : "✗",
		               cw_mark, 0);
		off = rcell(line, sizeof line, off, wt, cw_weight, 0);
		off = row_cell(line, sizeof line, off, c->name, cw_name, 0);
		row_cell(line, sizeof line, off, c->detail, cw_detail, 1);
		draw_fit(w, y, 0, line, cols,
			 theme(c->passed ? TH_NORMAL : TH_ERROR));
	}
	draw_fit(w, rows - 1, 0, tr(MSG_TRES_CARD_HINT), cols, theme(TH_DIM));
}

static void
results_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct results *R = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), vis, i;
	struct res_cols c;
	char line[2048];

	(void)cur;
	if (R->card_open) {
		draw_card(app, R, w);
		return;
	}
	res_columns(cols, &c);
	heading_row(&c, line, sizeof line);
	draw_fit(w, 0, 0, line, cols, theme(TH_COLHEAD));
	draw_fit(w, rows - 1, 0, tr(MSG_TRES_HINT), cols, theme(TH_DIM));
	vis = rows - 2;
	R->page_rows = vis > 1 ? vis : 1;
	if (R->n == 0) {
		draw_center(w, rows / 2,
			    tr(R->loading ? MSG_LOADING : MSG_TRES_EMPTY),
			    theme(TH_DIM));
		return;
	}
	if (R->sel < R->top)
		R->top = R->sel;
	if (vis > 0 && R->sel >= R->top + (size_t)vis)
		R->top = R->sel - (size_t)vis + 1;
	for (i = 0; i < vis && R->top + (size_t)i < R->n; i++) {
		size_t k = R->top + (size_t)i;
		const struct tres *t = &R->rows[k];
		attr_t at = theme(TH_NORMAL);

		if (k == R->sel)
			at = theme(TH_SELECT);
		else if (!t->passed)
			at = theme(TH_WARN);
		format_row(t, &c, line, sizeof line);
		draw_fit(w, 1 + i, 0, line, cols, at);
	}
}

static void
move_to(struct app *app, struct view *v, long to)
{
	struct results *R = v->priv;

	if (R->card_open) {
		R->card_top = (int)(to < 0 ? 0 : to);
		app_mark(app, DIRTY_BODY);
		return;
	}
	if (R->n == 0)
		return;
	if (to < 0)
		to = 0;
	if ((size_t)to >= R->n)
		to = (long)R->n - 1;
	R->sel = (size_t)to;
	/* paged from the server as the selection nears the end */
	if (R->sel + RES_NEAR >= R->n ||
	    R->sel + (size_t)R->page_rows >= R->n)
		load(app, v, 1);
	app_mark(app, DIRTY_BODY);
}

static int
results_action(struct app *app, struct view *v, enum action a, int argc,
	       char **argv)
{
	struct results *R = v->priv;
	long base = R->card_open ? R->card_top : (long)R->sel;

	switch (a) {
	case ACT_MOVE_UP:
		move_to(app, v, base - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		move_to(app, v, base + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		move_to(app, v, base - R->page_rows);
		return TR_NONE;
	case ACT_PAGE_DOWN:
		move_to(app, v, base + R->page_rows);
		return TR_NONE;
	case ACT_FIRST:
		move_to(app, v, 0);
		return TR_NONE;
	case ACT_LAST:
		move_to(app, v, R->card_open ? (long)R->card.n_checks
					     : (long)R->n - 1);
		return TR_NONE;
	case ACT_NEXT_PAGE:
		load(app, v, 1);
		return TR_NONE;
	case ACT_OPEN:
		if (!R->card_open)
			open_card(app, v);
		return TR_NONE;
	case ACT_BACK:
		if (!R->card_open)
			return TR_UNHANDLED; /* close the view */
		R->card_open = 0;
		R->card_loading = 0;
		app_mark(app, DIRTY_BODY | DIRTY_HEADER);
		return TR_NONE;
	case ACT_REFRESH:
		if (R->card_open)
			open_card(app, v);
		else
			load(app, v, 0);
		return TR_NONE;
	case ACT_FILTER:
	case ACT_SEARCH:
	case ACT_TRAINING_RESULTS:
		if (a == ACT_TRAINING_RESULTS && argc < 2)
			return TR_NONE; /* already here */
		set_filter(app, v, argc > 1 ? argv[1] : "");
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

static void
results_reconnected(struct app *app, struct view *v)
{
	struct results *R = v->priv;

	if (!R->card_open)
		load(app, v, 0);
}

const struct view_ops view_results_ops = {
	.name = "training-results",
	.ctx = KCTX_LIST,
	.open = results_open,
	.close = results_close,
	.title = results_title,
	.draw = results_draw,
	.action = results_action,
	.reconnected = results_reconnected,
};

void
results_view_open(struct app *app, const char *trainee)
{
	struct view *v = app_find_view(app, &view_results_ops);

	if (v)
		app_remove(app, v);
	app_push(app, &view_results_ops, trainee);
}
