/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screen.h"

#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"
#include "draw.h"
#include "prompt.h"
#include "rlcore.h"
#include "statusbar.h"
#include "theme.h"
#include "train.h"

#define POPUP_MAX_ROWS 8

static void
del(WINDOW **w)
{
	if (*w) {
		delwin(*w);
		*w = NULL;
	}
}

void
screen_free(struct app *app)
{
	del(&app->w_header);
	del(&app->w_body);
	del(&app->w_status);
	del(&app->w_msg);
	del(&app->w_popup);
}

void
screen_layout(struct app *app)
{
	screen_free(app);
	app->rows = LINES;
	app->cols = COLS;
	app->too_small = LINES < APP_MIN_ROWS || COLS < APP_MIN_COLS;
	if (app->too_small) {
		app->w_body = newwin(LINES, COLS, 0, 0);
	} else {
		int tr_rows = train_rows(app); /* training pane */

		app->w_header = newwin(1, COLS, 0, 0);
		app->w_body = newwin(LINES - 3 - tr_rows, COLS, 1, 0);
		if (tr_rows)
			train_layout(app, LINES - 2 - tr_rows);
		app->w_status = newwin(1, COLS, LINES - 2, 0);
		app->w_msg = newwin(1, COLS, LINES - 1, 0);
	}
	app->dirty |= DIRTY_ALL | DIRTY_CLEAR;
	app->dirty &= ~(unsigned)DIRTY_LAYOUT;
}

static void
draw_too_small(struct app *app, WINDOW *w)
{
	char line[256], now[32], need[32];
	const char *vals[2] = { now, need };
	int y = LINES / 2 - 2;
	enum lang cur = i18n_get();
	enum lang other = cur == LANG_ZH ? LANG_EN : LANG_ZH;

	(void)app;
	if (y < 0)
		y = 0;
	snprintf(now, sizeof now, "%dx%d", COLS, LINES);
	snprintf(need, sizeof need, "%dx%d", APP_MIN_COLS, APP_MIN_ROWS);
	werase(w);
	draw_center(w, y, tr(MSG_TOO_SMALL), theme(TH_WARN));
	tr_fill(line, sizeof line, MSG_SIZE_LINE, vals, 2);
	draw_center(w, y + 1, line, theme(TH_NORMAL));
	/* the other language too: whoever sits here may not read ours */
	i18n_set(other);
	draw_center(w, y + 3, tr(MSG_TOO_SMALL), theme(TH_DIM));
	tr_fill(line, sizeof line, MSG_SIZE_LINE, vals, 2);
	draw_center(w, y + 4, line, theme(TH_DIM));
	i18n_set(cur);
	wnoutrefresh(w);
}

/* Completion candidates above the ':' line, in columns. */
static void
draw_popup(struct app *app)
{
	size_t i, maxw = 0, ncol, nrow;
	int colw, r;
	char more[32];

	del(&app->w_popup);
	if (!app->n_cands || !rlc_active())
		return;
	for (i = 0; i < app->n_cands; i++)
		if (u8_width(app->cands[i]) > maxw)
			maxw = u8_width(app->cands[i]);
	colw = (int)maxw + 2;
	if (colw > COLS - 2)
		colw = COLS - 2;
	ncol = (size_t)((COLS - 2) / colw);
	if (ncol < 1)
		ncol = 1;
	nrow = (app->n_cands + ncol - 1) / ncol;
	if (nrow > POPUP_MAX_ROWS)
		nrow = POPUP_MAX_ROWS;
	app->w_popup = newwin((int)nrow, COLS, LINES - 1 - (int)nrow, 0);
	if (!app->w_popup)
		return;
	wbkgdset(app->w_popup, ' ' | theme(TH_STATUS));
	werase(app->w_popup);
	for (i = 0; i < app->n_cands; i++) {
		size_t row = i % nrow, col = i / nrow;

		if (col >= ncol)
			break;
		draw_text(app->w_popup, (int)row, 1 + (int)col * colw,
			  app->cands[i], colw - 1, theme(TH_STATUS));
	}
	if (i < app->n_cands) {
		r = snprintf(more, sizeof more, " +%zu ", app->n_cands - i);
		draw_text(app->w_popup, (int)nrow - 1, COLS - r, more, r,
			  theme(TH_ST_WAIT));
	}
	wnoutrefresh(app->w_popup);
}

void
screen_draw(struct app *app)
{
	struct cursor cur = { NULL, 0, 0 };
	struct view *v = app_top(app);
	unsigned d = app->dirty;

	if (d & DIRTY_LAYOUT || !app->w_body)
		screen_layout(app);
	d = app->dirty;
	app->dirty = 0;
	if (d & DIRTY_CLEAR)
		clearok(curscr, TRUE);
	if (app->too_small) {
		curs_set(0);
		if (d & (DIRTY_ALL))
			draw_too_small(app, app->w_body);
		doupdate();
		return;
	}
	if (d & DIRTY_HEADER) {
		werase(app->w_header);
		header_draw(app, app->w_header);
		wnoutrefresh(app->w_header);
	}
	if (d & DIRTY_BODY) {
		werase(app->w_body);
		if (v)
			v->ops->draw(app, v, app->w_body, &cur);
		wnoutrefresh(app->w_body);
	} else if (v && v->ops->key) {
		/* views with a text cursor: recompute it (cheap) */
		werase(app->w_body);
		v->ops->draw(app, v, app->w_body, &cur);
		wnoutrefresh(app->w_body);
	}
	train_draw(app); /* training pane, cheap */
	if (d & DIRTY_STATUS) {
		werase(app->w_status);
		statusbar_draw(app, app->w_status);
		wnoutrefresh(app->w_status);
	}
	if (d & DIRTY_MSG) {
		werase(app->w_msg);
		if (prompt_is_open()) {
			cur.w = NULL;
			prompt_draw(app, app->w_msg, &cur);
		} else {
			msgline_draw(app, app->w_msg);
		}
		wnoutrefresh(app->w_msg);
	} else if (prompt_is_open()) {
		cur.w = app->w_msg;
		prompt_draw(app, app->w_msg, &cur);
	}
	if (d & (DIRTY_BODY | DIRTY_STATUS | DIRTY_MSG))
		draw_popup(app);
	if (cur.w) {
		curs_set(1);
		wmove(cur.w, cur.y, cur.x);
		wnoutrefresh(cur.w);
	} else {
		curs_set(0);
	}
	doupdate();
}
