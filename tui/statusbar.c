/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "statusbar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/i18n.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "board.h"
#include "callfmt.h"
#include "calls.h"
#include "draw.h"
#include "durable.h"
#include "theme.h"
#include "train.h"

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
	snprintf(left, sizeof left, " %s%s%s%s",
		 train_active() ? "【培训】" : "", tr(MSG_APP_NAME),
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

/* Which colour a segment gets. */
enum sb_kind { SBK_PLAIN, SBK_STATE, SBK_CONN, SBK_BCAST };

static enum th_elem
state_elem(const char *state)
{
	if (!state)
		return TH_STATUS;
	if (strcmp(state, "READY") == 0)
		return TH_ST_READY;
	if (strcmp(state, "RINGING") == 0)
		return TH_ST_WAIT;
	if (strcmp(state, "TALKING") == 0 || strcmp(state, "HOLD") == 0 ||
	    strcmp(state, "ACW") == 0)
		return TH_ST_CALL;
	return TH_STATUS;
}

/* The live-feed part of the connection text (when HTTP is fine). */
static int
feed_text(struct app *app, char *out, size_t cap, attr_t *a)
{
	long retry;
	int st;
	char num[24], buf[128];
	const char *vals[1] = { num };

	if (!app->logged_in || !app->calls || app->conn != CONN_ONLINE)
		return 0;
	st = calls_live_feed(app, &retry);
	if (st == 1)
		return 0;
	*a = theme(st == 0 ? TH_ST_WAIT : TH_ST_OFFLINE);
	if (st == 0) {
		snprintf(out, cap, " %s ", tr(MSG_LIVE_CONNECTING));
		return 1;
	}
	if (retry > 0) {
		snprintf(num, sizeof num, "%ld", retry);
		snprintf(out, cap, " %s, %s ", tr(MSG_LIVE_DOWN),
			 tr_fill(buf, sizeof buf, MSG_RETRY_IN, vals, 1));
	} else {
		snprintf(out, cap, " %s ", tr(MSG_LIVE_DOWN));
	}
	return 1;
}

/* The agent's segments: state with time in it, call or ACW timer,
 * not-ready-after-call, calls waiting.  Returns the count added. */
static size_t
agent_segs(struct app *app, struct sb_seg *s)
{
	const struct calls *C = app->calls;
	const struct agent_state *st = C && C->have_st ? &C->st : NULL;
	const struct call *c = NULL;
	time_t now = calls_now(app);
	char t[16];
	const char *vals[1];
	size_t n = 0;
	long q;

	memset(s, 0, 4 * sizeof *s);
	s[n].prio = 1;
	s[n].kind = SBK_STATE;
	if (!st) {
		snprintf(s[n].text, sizeof s[n].text, "%s -",
			 tr(MSG_AGENT_STATE));
	} else {
		cf_mmss(st->since ? (long)(now - st->since) : 0, t, sizeof t);
		if (strcmp(st->state, "NOT_READY") == 0 && st->reason[0]) {
			snprintf(s[n].text, sizeof s[n].text, "%s(%s) %s",
				 cf_agent_state_label(st->state),
				 calls_reason_label(app, st->reason), t);
			snprintf(s[n].alt, sizeof s[n].alt, "%s %s",
				 cf_agent_state_label(st->state), t);
		} else {
			snprintf(s[n].text, sizeof s[n].text, "%s %s",
				 cf_agent_state_label(st->state), t);
		}
	}
	n++;
	if (st && calls_live(app, &c)) {
		if ((strcmp(c->state, "TALKING") == 0 ||
		     strcmp(c->state, "HOLD") == 0) &&
		    c->answered_at) {
			cf_mmss((long)(now - c->answered_at), t, sizeof t);
			snprintf(s[n].text, sizeof s[n].text, "%s %s",
				 tr(MSG_SB_CALL_TIMER), t);
			s[n].prio = 2;
			n++;
		} else if (strcmp(c->state, "ACW") == 0) {
			time_t dl = st->acw_deadline ? st->acw_deadline
						     : c->acw_deadline;

			if (dl) {
				cf_mmss((long)(dl - now), t, sizeof t);
				snprintf(s[n].text, sizeof s[n].text, "%s %s",
					 tr(MSG_ACW_LEFT), t);
				s[n].prio = 2;
				n++;
			}
		}
	}
	if (st && strcmp(st->after_call, "OFFLINE") == 0) {
		snprintf(s[n].text, sizeof s[n].text, "%s",
			 tr(MSG_SB_AFTER_OFFLINE));
		s[n].prio = 4;
		n++;
	} else if (st && st->after_call[0]) {
		vals[0] = calls_reason_label(app, st->after_call_reason);
		tr_fill(s[n].text, sizeof s[n].text, MSG_SB_AFTER_CALL, vals,
			1);
		snprintf(s[n].alt, sizeof s[n].alt, "%s",
			 tr(MSG_SB_AFTER_CALL_SHORT));
		s[n].prio = 4;
		n++;
	}
	q = calls_waiting(app);
	if (q >= 0) {
		snprintf(s[n].text, sizeof s[n].text, "%s %ld",
			 tr(MSG_SB_WAITING), q);
		s[n].prio = 3;
		n++;
	}
	return n;
}

void
statusbar_draw(struct app *app, WINDOW *w)
{
	struct sb_seg seg[12];
	int cols = getmaxx(w), x, i, n = 0, first = 1;
	time_t now = time(NULL);
	struct tm tm;
	attr_t ca = 0, fa = 0;
	char feed[160];
	int has_feed;

	memset(seg, 0, sizeof seg);
	if (app->logged_in) {
		const char *name = app->agent.display_name;
		const char *user = app->agent.username;

		snprintf(seg[n].text, sizeof seg[n].text, "%s %s",
			 name && *name ? name : user, user ? user : "");
		snprintf(seg[n].alt, sizeof seg[n].alt, "%s",
			 name && *name ? name : user ? user : "");
		seg[n].prio = 5;
		n++;
		n += (int)agent_segs(app, &seg[n]);
		/* issue #6: the oldest broadcast until acknowledged */
		if (board_bcast_text(app, seg[n].text, sizeof seg[n].text,
				     seg[n].alt, sizeof seg[n].alt)) {
			seg[n].prio = 1;
			seg[n].kind = SBK_BCAST;
			n++;
		}
	} else {
		snprintf(seg[n].text, sizeof seg[n].text, "%s",
			 tr(MSG_NOT_LOGGED_IN));
		seg[n].prio = 1;
		n++;
	}
	/* intake (issue #4): submissions waiting in the outbox */
	if (app->logged_in && durable_outbox_count() > 0) {
		char num[24];
		const char *vals[1] = {num};

		snprintf(num, sizeof num, "%zu", durable_outbox_count());
		tr_fill(seg[n].text, sizeof seg[n].text, MSG_INTAKE_OUTBOX,
			vals, 1);
		seg[n].prio = 3;
		n++;
	}
	/* connection, then the clock, on the right */
	has_feed = feed_text(app, feed, sizeof feed, &fa);
	if (has_feed)
		snprintf(seg[n].text, sizeof seg[n].text, "%s", feed);
	else
		conn_text(app, seg[n].text, sizeof seg[n].text, &ca);
	seg[n].right = 1;
	seg[n].prio = 2;
	seg[n].kind = SBK_CONN;
	n++;
	localtime_r(&now, &tm);
	strftime(seg[n].text, sizeof seg[n].text, "%H:%M:%S ", &tm);
	seg[n].right = 1;
	seg[n].prio = 6;
	n++;
	sb_fit(seg, (size_t)n, cols - 1);

	/* left side from column 1, right side flush right */
	draw_blank(w, 0, 0, cols, theme(TH_STATUS));
	x = 1;
	for (i = 0; i < n && x < cols; i++) {
		const char *t = sb_seg_text(&seg[i]);
		attr_t a = theme(TH_STATUS);

		if (seg[i].right || seg[i].hidden)
			continue;
		if (!first)
			x += draw_text(w, 0, x, " | ", cols - x, a);
		first = 0;
		if (seg[i].kind == SBK_STATE && app->calls &&
		    app->calls->have_st)
			a = theme(state_elem(app->calls->st.state));
		if (seg[i].kind == SBK_BCAST)
			a = theme(TH_WARN);
		x += draw_text(w, 0, x, t, cols - x, a);
	}
	x = cols;
	for (i = n - 1; i >= 0; i--) {
		const char *t = sb_seg_text(&seg[i]);
		int tw = (int)u8_width(t);
		attr_t a = theme(TH_STATUS);

		if (!seg[i].right || seg[i].hidden || x - tw < 0)
			continue;
		if (seg[i].kind == SBK_CONN)
			a = has_feed ? fa : ca;
		x -= tw;
		draw_text(w, 0, x, t, tw, a);
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
