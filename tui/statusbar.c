/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "statusbar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/i18n.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "draw.h"
#include "theme.h"

void
header_draw(struct app *app, WINDOW *w)
{
	struct view *v = app_top(app);
	char title[256] = "", left[512];
	int cols = getmaxx(w);
	const char *right = "hotline " HOTLINE_VERSION " ";
	int rw = (int)u8_width(right);

	if (v && v->ops->title)
		v->ops->title(app, v, title, sizeof title);
	snprintf(left, sizeof left, " %s%s%s", tr(MSG_APP_NAME),
		 title[0] ? " | " : "", title);
	draw_fit(w, 0, 0, left, cols, theme(TH_HEADER));
	if (cols - rw > (int)u8_width(left) + 1)
		draw_text(w, 0, cols - rw, right, rw, theme(TH_HEADER));
}

static void
conn_text(struct app *app, char *out, size_t cap, attr_t *a)
{
	int64_t left;
	char num[24], retry[128];
	const char *vals[1] = { num };

	switch (app->conn) {
	case CONN_ONLINE:
		snprintf(out, cap, " %s ", tr(MSG_CONNECTED));
		*a = theme(TH_STATUS);
		return;
	case CONN_CONNECTING:
		snprintf(out, cap, " %s ", tr(MSG_CONNECTING));
		*a = theme(TH_ST_WAIT);
		return;
	case CONN_OFFLINE:
		break;
	}
	*a = theme(TH_ST_OFFLINE);
	if (app->health_inflight || app->next_health_ms == 0) {
		snprintf(out, cap, " %s, %s ", tr(MSG_DISCONNECTED),
			 tr(MSG_RETRYING));
		return;
	}
	left = (app->next_health_ms - app_now_ms() + 999) / 1000;
	if (left < 1)
		left = 1;
	snprintf(num, sizeof num, "%lld", (long long)left);
	snprintf(out, cap, " %s, %s ", tr(MSG_DISCONNECTED),
		 tr_fill(retry, sizeof retry, MSG_RETRY_IN, vals, 1));
}

void
statusbar_draw(struct app *app, WINDOW *w)
{
	char left[512], conn[128], clock[16];
	int cols = getmaxx(w), cw, kw;
	time_t now = time(NULL);
	struct tm tm;
	attr_t ca;

	if (app->logged_in) {
		const char *name = app->agent.display_name;
		const char *user = app->agent.username;

		snprintf(left, sizeof left, " %s (%s %s) | %s | %s: -",
			 name && *name ? name : user, tr(MSG_USERNAME),
			 user ? user : "", role_label(app->agent.role),
			 tr(MSG_AGENT_STATE));
	} else {
		snprintf(left, sizeof left, " %s", tr(MSG_NOT_LOGGED_IN));
	}
	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, " %H:%M:%S ", &tm);
	conn_text(app, conn, sizeof conn, &ca);
	cw = (int)u8_width(conn);
	kw = (int)u8_width(clock);
	draw_fit(w, 0, 0, left, cols, theme(TH_STATUS));
	if (cols - cw - kw >= 10) {
		draw_text(w, 0, cols - cw - kw, conn, cw, ca);
		draw_text(w, 0, cols - kw, clock, kw, theme(TH_STATUS));
	}
}

void
msgline_draw(struct app *app, WINDOW *w)
{
	int cols = getmaxx(w);
	enum th_elem e = TH_NORMAL;

	if (app->msg_level == MSGL_ERROR)
		e = TH_ERROR;
	else if (app->msg_level == MSGL_OK)
		e = TH_OK;
	draw_text(w, 0, 0, app->msg, cols - 1, theme(e));
}
