/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_board.c - the supervisor board (issue #6 §3; layout in
 * docs/board.md).
 *
 * Five pages: 1 overview (KPI tiles, tickets line, queues, agent grid),
 * 2 the agent grid alone, 3 the hourly chart (today against the same day
 * last week), 4 the review list (overdue, due soon, returns and
 * extensions to review, supervised) with one-key actions, 5 the hotspots
 * with drill-down.  On a terminal 160 columns wide or more the overview
 * also shows the chart, the hotspots and the review list beside it.
 *
 * Data: GET /v1/stats/live on open, on resync and every 30 s; the daily
 * stats (chart) and the hotspots every 60 s; the review list on entering
 * page 4 and after a ticket changed.  In between the event stream keeps
 * it live: agent.state updates the grid, queue the queue panel, stats.live
 * everything but the grid.  Time in state ticks every second from the
 * server clock (calls_now).  Nothing waits: replies land through struct
 * req tokens tied to this view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/statsmodel.h"
#include "../core/supdue.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "../net/kb.h"
#include "../net/stats.h"
#include "board.h"
#include "callfmt.h"
#include "calls.h"
#include "draw.h"
#include "model_copy.h"
#include "prompt.h"
#include "term.h"
#include "theme.h"
#include "views.h"

#define LIVE_EVERY_S 30
#define DAILY_EVERY_S 60
#define WIDE_COLS 160
#define NOT_READY_ALERT_S 900

enum page { PG_OVERVIEW, PG_AGENTS, PG_CHART, PG_REVIEW, PG_HOTSPOTS,
	    PG__N };
enum sort_col { SO_NAME, SO_DESK, SO_STATE, SO_TIME, SO_CALLS, SO_AHT,
		SO__N };
static const char *const sort_names[SO__N] = { "name",	"desk",	 "state",
					       "time",	"calls", "aht" };
static const char *const flags[] = { "overdue", "due_soon", "return_pending",
				     "extension_pending", "supervised" };
#define N_FLAGS (sizeof flags / sizeof *flags)
static const enum msg_id flag_msgs[N_FLAGS] = {
	MSG_BOARD_FLAG_OVERDUE, MSG_BOARD_FLAG_DUE_SOON,
	MSG_BOARD_FLAG_RETURN, MSG_BOARD_FLAG_EXTENSION,
	MSG_BOARD_FLAG_SUPERVISED
};

/* Request kinds (struct req tag). */
enum { RQ_LIVE = 1, RQ_DAILY, RQ_HOTSPOTS, RQ_REVIEW, RQ_ACTION };

struct board {
	enum page page;
	struct stats_live live;
	int have_live;
	struct stats_daily daily;
	int have_daily;
	struct stats_hotspots hs;
	int have_hs;
	struct ticket *rows; /* review list */
	size_t n_rows;
	int have_rows;
	size_t flag;
	int review_stale;
	/* selection */
	char *sel_user;
	size_t sel_row, sel_hot;
	size_t top_agent, top_row, top_hot;
	int page_rows;
	/* the grid */
	enum sort_col sort;
	char *f_desk, *f_state;
	/* per agent: state when the server's alert was computed */
	int64_t next_live_ms, next_daily_ms;
	int loading;
	int ascii;
	/* 督办 in two steps: the note typed first, kept for the due-time
	 * prompt of the same ticket */
	char *sup_no, *sup_note;
};

/* ---- small helpers ---------------------------------------------------- */

const char *
board_bar_glyph(int eighths, int ascii, int last_week)
{
	static const char *const blocks[9] = { " ", "▁", "▂", "▃", "▄",
					       "▅", "▆", "▇", "█" };

	if (eighths < 0)
		eighths = 0;
	if (eighths > 8)
		eighths = 8;
	if (ascii)
		return eighths >= 4 ? (last_week ? "." : "#") : " ";
	if (last_week)
		return eighths >= 4 ? "░" : " ";
	return blocks[eighths];
}

int
board_bar_eighths(long v, long max, int h)
{
	if (v <= 0 || max <= 0 || h <= 0)
		return 0;
	if (v >= max)
		return h * 8;
	/* round up so that any call shows at least an eighth */
	return (int)((v * h * 8 + max - 1) / max);
}

static void
fmt_rate(char *out, size_t cap, double r)
{
	if (r < 0)
		snprintf(out, cap, "-");
	else
		snprintf(out, cap, "%.1f%%", r * 100.0);
}

static void
fmt_secs(char *out, size_t cap, long s)
{
	if (s < 0)
		snprintf(out, cap, "-");
	else
		cf_mmss(s, out, cap);
}

static time_t
server_now(struct app *app)
{
	return app->calls ? calls_now(app) : time(NULL);
}

static long
in_state(struct app *app, const struct board *B, const struct board_agent *a)
{
	time_t now = server_now(app);

	if (a->since)
		return now > a->since ? (long)(now - a->since) : 0;
	if (B->live.as_of && now > B->live.as_of)
		return a->in_state_s + (long)(now - B->live.as_of);
	return a->in_state_s;
}

/* The server's alert, or our own reading of the same rule after an
 * agent.state event cleared it. */
static int
alerting(struct app *app, const struct board *B, const struct board_agent *a)
{
	long t;

	if (a->alert && *a->alert)
		return 1;
	t = in_state(app, B, a);
	if (strcmp(a->state, "NOT_READY") == 0)
		return t > NOT_READY_ALERT_S &&
		       strcmp(a->reason, "TRAINING") != 0 &&
		       strcmp(a->reason, "MEETING") != 0;
	if (strcmp(a->state, "ACW") == 0 && app->calls &&
	    app->calls->have[CL_CONFIG] && app->calls->scfg.acw_seconds > 0)
		return t > app->calls->scfg.acw_seconds;
	return 0;
}

static int
has_desk(const struct board_agent *a, const char *desk)
{
	size_t i;

	for (i = 0; i < a->n_desks; i++)
		if (strcasecmp(a->desks[i], desk) == 0)
			return 1;
	return 0;
}

/* ---- the grid: filter and sort ---------------------------------------- */

static struct app *sort_app;
static const struct board *sort_board;

static int
state_rank(const char *s)
{
	static const char *const order[] = { "RINGING", "TALKING", "HOLD",
					     "ACW",	"NOT_READY", "READY" };
	int i;

	for (i = 0; i < 6; i++)
		if (strcmp(s, order[i]) == 0)
			return i;
	return 6;
}

static int
cmp_agent(const void *x, const void *y)
{
	const struct board_agent *a = *(const struct board_agent *const *)x;
	const struct board_agent *b = *(const struct board_agent *const *)y;
	long d = 0;

	switch (sort_board->sort) {
	case SO_NAME:
		break;
	case SO_DESK:
		d = strcmp(a->n_desks ? a->desks[0] : "",
			   b->n_desks ? b->desks[0] : "");
		break;
	case SO_STATE:
		d = state_rank(a->state) - state_rank(b->state);
		if (!d)
			d = in_state(sort_app, sort_board, b) -
			    in_state(sort_app, sort_board, a);
		break;
	case SO_TIME:
		d = in_state(sort_app, sort_board, b) -
		    in_state(sort_app, sort_board, a);
		break;
	case SO_CALLS:
		d = b->handled_today - a->handled_today;
		break;
	case SO_AHT:
		d = b->aht_s - a->aht_s;
		break;
	case SO__N:
		break;
	}
	if (d)
		return d < 0 ? -1 : 1;
	d = strcmp(a->display_name, b->display_name);
	if (d)
		return d < 0 ? -1 : 1;
	return strcmp(a->username, b->username);
}

/* The agents shown, filtered and sorted (malloc'd array of pointers). */
static const struct board_agent **
visible_agents(struct app *app, struct board *B, size_t *n)
{
	const struct board_agent **v;
	size_t i, k = 0;

	v = xcalloc(B->live.n_agents + 1, sizeof *v);
	for (i = 0; i < B->live.n_agents; i++) {
		const struct board_agent *a = &B->live.agents[i];

		if (B->f_desk && !has_desk(a, B->f_desk))
			continue;
		if (B->f_state && strcasecmp(a->state, B->f_state) != 0)
			continue;
		v[k++] = a;
	}
	sort_app = app;
	sort_board = B;
	qsort(v, k, sizeof *v, cmp_agent);
	*n = k;
	return v;
}

static size_t
sel_index(const struct board *B, const struct board_agent **v, size_t n)
{
	size_t i;

	for (i = 0; B->sel_user && i < n; i++)
		if (strcmp(v[i]->username, B->sel_user) == 0)
			return i;
	return 0;
}

static const struct board_agent *
selected_agent(struct app *app, struct board *B)
{
	const struct board_agent **v, *a = NULL;
	size_t n;

	v = visible_agents(app, B, &n);
	if (n)
		a = v[sel_index(B, v, n)];
	free(v);
	return a;
}

/* ---- requests ----------------------------------------------------------- */

static struct board *
take(struct req *q, struct view **vout)
{
	struct view *v = app_req_take(q, NULL);

	*vout = v;
	return v ? v->priv : NULL;
}

static void
show_error(struct app *app, const struct api_result *r)
{
	char buf[APP_MSG_MAX];

	app_msg(app, MSGL_ERROR, "%s", app_err_text(r, buf, sizeof buf));
}

static void
on_live(const struct api_result *r, const struct stats_live *s, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v;
	struct board *B = take(q, &v);
	size_t i;

	if (!B)
		return;
	B->loading = 0;
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK) {
		show_error(app, r);
		return;
	}
	stats_live_free(&B->live);
	B->live = *s;
	/* deep copy what the callback's struct owns */
	B->live.queues = s->n_queues ? xcalloc(s->n_queues,
					       sizeof *B->live.queues)
				     : NULL;
	for (i = 0; i < s->n_queues; i++) {
		B->live.queues[i] = s->queues[i];
		B->live.queues[i].desk = xstrdup(s->queues[i].desk);
	}
	B->live.agents = s->n_agents ? xcalloc(s->n_agents,
					       sizeof *B->live.agents)
				     : NULL;
	for (i = 0; i < s->n_agents; i++)
		board_agent_copy(&B->live.agents[i], &s->agents[i]);
	kpi_copy(&B->live.today, &s->today);
	kpi_copy(&B->live.hour, &s->hour);
	memset(&B->live.broadcasts, 0, sizeof B->live.broadcasts);
	B->have_live = 1;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
on_daily(const struct api_result *r, const struct stats_daily *d, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v;
	struct board *B = take(q, &v);
	size_t i;

	if (!B || !app_net_result(app, r) || r->st != ST_OK)
		return; /* the chart says "no data"; the next turn retries */
	stats_daily_free(&B->daily);
	memcpy(B->daily.hourly, d->hourly, sizeof d->hourly);
	memcpy(B->daily.last_week, d->last_week, sizeof d->last_week);
	B->daily.date = xstrdup(d->date);
	kpi_copy(&B->daily.kpi, &d->kpi);
	B->daily.n_hotspots = d->n_hotspots;
	B->daily.hotspots = d->n_hotspots ? xcalloc(d->n_hotspots,
						    sizeof *B->daily.hotspots)
					  : NULL;
	for (i = 0; i < d->n_hotspots; i++)
		hotspot_copy(&B->daily.hotspots[i], &d->hotspots[i]);
	B->have_daily = 1;
	app_mark(app, DIRTY_BODY);
}

static void
on_hotspots(const struct api_result *r, const struct stats_hotspots *h,
	    void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v;
	struct board *B = take(q, &v);
	size_t i;

	if (!B || !app_net_result(app, r) || r->st != ST_OK)
		return;
	stats_hotspots_free(&B->hs);
	B->hs.as_of = h->as_of;
	B->hs.window_h = h->window_h;
	B->hs.baseline_days = h->baseline_days;
	B->hs.rule = xstrdup(h->rule);
	B->hs.n = h->n;
	B->hs.items = h->n ? xcalloc(h->n, sizeof *B->hs.items) : NULL;
	for (i = 0; i < h->n; i++)
		hotspot_copy(&B->hs.items[i], &h->items[i]);
	B->have_hs = 1;
	if (B->sel_hot >= B->hs.n)
		B->sel_hot = B->hs.n ? B->hs.n - 1 : 0;
	app_mark(app, DIRTY_BODY);
}

static void
free_rows(struct board *B)
{
	size_t i;

	for (i = 0; i < B->n_rows; i++)
		ticket_free(&B->rows[i]);
	FREE(B->rows);
	B->n_rows = 0;
}

static void
on_review(const struct api_result *r, const struct ticket_page *pg, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	size_t flag = q->tag;
	struct view *v;
	struct board *B = take(q, &v);
	size_t i;

	if (!B || flag != B->flag || !app_net_result(app, r))
		return;
	if (r->st != ST_OK) {
		show_error(app, r);
		return;
	}
	free_rows(B);
	B->rows = pg->n ? xcalloc(pg->n, sizeof *B->rows) : NULL;
	for (i = 0; i < pg->n; i++)
		tui_ticket_copy(&B->rows[i], &pg->items[i]);
	B->n_rows = pg->n;
	B->have_rows = 1;
	if (B->sel_row >= B->n_rows)
		B->sel_row = B->n_rows ? B->n_rows - 1 : 0;
	app_mark(app, DIRTY_BODY);
}

static void
load_review(struct app *app, struct view *v)
{
	struct board *B = v->priv;
	struct req *q = app_req_new(app, v);

	q->tag = B->flag;
	B->review_stale = 0;
	if (api_tickets_flag(app->api, flags[B->flag], NULL, 100, on_review,
			     q) != 0)
		app_req_take(q, NULL);
}

void
board_view_reload(struct app *app, struct view *v, int all)
{
	struct board *B = v->priv;
	struct req *q;
	int64_t now = app_now_ms();

	if (!app->api || !app->logged_in)
		return;
	q = app_req_new(app, v);
	if (api_stats_live(app->api, on_live, q) != 0)
		app_req_take(q, NULL);
	else
		B->loading = 1;
	B->next_live_ms = now + LIVE_EVERY_S * 1000;
	if (!all)
		return;
	q = app_req_new(app, v);
	if (api_stats_daily(app->api, NULL, on_daily, q) != 0)
		app_req_take(q, NULL);
	q = app_req_new(app, v);
	if (api_stats_hotspots(app->api, 3, on_hotspots, q) != 0)
		app_req_take(q, NULL);
	load_review(app, v);
	B->next_daily_ms = now + DAILY_EVERY_S * 1000;
}

void
board_view_tick(struct app *app, struct view *v)
{
	struct board *B = v->priv;
	int64_t now = app_now_ms();

	if (app_top(app) == v)
		app_mark(app, DIRTY_BODY); /* time in state ticks */
	if (app->conn != CONN_ONLINE)
		return;
	if (now >= B->next_daily_ms)
		board_view_reload(app, v, 1);
	else if (now >= B->next_live_ms)
		board_view_reload(app, v, 0);
	else if (B->review_stale)
		load_review(app, v);
}

/* ---- events ---------------------------------------------------------- */

static struct board_agent *
find_agent(struct board *B, const char *user)
{
	size_t i;

	for (i = 0; i < B->live.n_agents; i++)
		if (strcmp(B->live.agents[i].username, user) == 0)
			return &B->live.agents[i];
	return NULL;
}

static void
take_agent_state(struct app *app, struct board *B,
		 const struct agent_state *s)
{
	struct board_agent *a = find_agent(B, s->username);
	size_t i;

	if (!s->username[0])
		return;
	if (strcmp(s->state, "OFFLINE") == 0) {
		if (a) {
			i = (size_t)(a - B->live.agents);
			board_agent_free(a);
			memmove(a, a + 1,
				(B->live.n_agents - i - 1) * sizeof *a);
			B->live.n_agents--;
		}
		app_mark(app, DIRTY_BODY);
		return;
	}
	if (!a) {
		B->live.agents = xrealloc(B->live.agents,
					  (B->live.n_agents + 1) *
						  sizeof *B->live.agents);
		a = &B->live.agents[B->live.n_agents++];
		memset(a, 0, sizeof *a);
		a->username = xstrdup(s->username);
		a->display_name = xstrdup(s->username);
		a->ticket_no = xstrdup("");
		a->aht_s = STATS_NONE;
		a->state = xstrdup("");
		a->reason = xstrdup("");
		a->alert = xstrdup("");
		/* its name and figures come with the next live reply */
		if (B->next_live_ms > app_now_ms() + 500)
			B->next_live_ms = app_now_ms() + 500;
	}
	if (strcmp(a->state, s->state) != 0) {
		free(a->alert); /* the server's reading was for the old state */
		a->alert = xstrdup("");
	}
	free(a->state);
	a->state = xstrdup(s->state);
	free(a->reason);
	a->reason = xstrdup(s->reason);
	a->since = s->since;
	a->in_state_s = 0;
	a->call_id = s->call_id;
	if (s->n_desks) {
		for (i = 0; i < a->n_desks; i++)
			free(a->desks[i]);
		free(a->desks);
		a->desks = xcalloc(s->n_desks, sizeof *a->desks);
		for (i = 0; i < s->n_desks; i++)
			a->desks[i] = xstrdup(s->desks[i]);
		a->n_desks = s->n_desks;
	}
	app_mark(app, DIRTY_BODY);
}

static struct desk_queue *
find_queue(struct board *B, const char *desk, int add)
{
	size_t i;

	for (i = 0; i < B->live.n_queues; i++)
		if (strcmp(B->live.queues[i].desk, desk) == 0)
			return &B->live.queues[i];
	if (!add)
		return NULL;
	B->live.queues = xrealloc(B->live.queues,
				  (B->live.n_queues + 1) *
					  sizeof *B->live.queues);
	memset(&B->live.queues[B->live.n_queues], 0,
	       sizeof *B->live.queues);
	B->live.queues[B->live.n_queues].desk = xstrdup(desk);
	B->live.queues[B->live.n_queues].longest_wait_s = STATS_NONE;
	return &B->live.queues[B->live.n_queues++];
}

/* stats.live: everything but the grid. */
static void
take_stats(struct app *app, struct board *B, const char *data, size_t len)
{
	struct stats_live s;
	size_t i;

	if (!data || api_stats_parse_live(data, len, &s, NULL, 0) != ST_OK)
		return;
	for (i = 0; i < B->live.n_queues; i++)
		free(B->live.queues[i].desk);
	free(B->live.queues);
	B->live.queues = s.queues;
	B->live.n_queues = s.n_queues;
	s.queues = NULL;
	s.n_queues = 0;
	kpi_free(&B->live.today);
	B->live.today = s.today;
	memset(&s.today, 0, sizeof s.today);
	kpi_free(&B->live.hour);
	B->live.hour = s.hour;
	memset(&s.hour, 0, sizeof s.hour);
	B->live.tickets = s.tickets;
	if (s.as_of)
		B->live.as_of = s.as_of;
	B->have_live = 1;
	stats_live_free(&s);
	app_mark(app, DIRTY_BODY);
}

void
board_view_event(struct app *app, struct view *v, const struct api_event *ev)
{
	struct board *B = v->priv;
	struct desk_queue *dq;
	size_t i;

	switch (ev->type) {
	case AEV_AGENT_STATE:
		take_agent_state(app, B, &ev->u.state);
		break;
	case AEV_QUEUE:
		for (i = 0; i < ev->u.queues.n; i++) {
			const struct queue_info *qi = &ev->u.queues.items[i];

			dq = find_queue(B, qi->desk, 1);
			dq->waiting = qi->waiting;
			dq->longest_wait_s = qi->waiting ? qi->longest_wait_s
							 : STATS_NONE;
			dq->ready = qi->agents_ready;
		}
		app_mark(app, DIRTY_BODY);
		break;
	case AEV_TICKET_CHANGED:
		B->review_stale = 1;
		break;
	case AEV_UNKNOWN:
		if (strcmp(ev->raw_type, "stats.live") == 0)
			take_stats(app, B, ev->data, ev->data_len);
		break;
	default:
		break;
	}
}

/* ---- drawing --------------------------------------------------------- */

/* Split a "a|b|c" message into at most n cells (buf holds the copy). */
static void
split_cells(enum msg_id id, char *buf, size_t cap, const char **cells,
	    size_t n)
{
	char *p, *save = NULL;
	size_t k = 0;

	snprintf(buf, cap, "%s", tr(id));
	for (p = strtok_r(buf, "|", &save); p && k < n;
	     p = strtok_r(NULL, "|", &save))
		cells[k++] = p;
	while (k < n)
		cells[k++] = "";
}

/* Cells of w columns each, separated by a space, into line. */
static void
row_cells(char *line, size_t cap, const char *const *cells, const int *w,
	  size_t n)
{
	size_t off = 0, i;

	line[0] = '\0';
	for (i = 0; i < n && off + 1 < cap; i++) {
		u8_fit(line + off, cap - off, cells[i], (size_t)w[i]);
		off += strlen(line + off);
		if (i + 1 < n && off + 1 < cap) {
			line[off++] = ' ';
			line[off] = '\0';
		}
	}
}

static void
draw_tabs(struct board *B, WINDOW *w, int y, int x, int cols)
{
	static const enum msg_id names[PG__N] = {
		MSG_BOARD_TITLE, MSG_BOARD_AGENTS, MSG_BOARD_CHART,
		MSG_BOARD_REVIEW, MSG_BOARD_HOTSPOTS
	};
	char one[64];
	int i, used = 0;

	draw_blank(w, y, x, cols, theme(TH_NORMAL));
	for (i = 0; i < PG__N && used < cols; i++) {
		const char *label = tr(names[i]);

		if (i == PG_CHART)
			label = tr(MSG_BOARD_PAGE_TREND);
		if (i == PG_OVERVIEW)
			label = tr(MSG_BOARD_PAGE_OVERVIEW);
		snprintf(one, sizeof one, " %d %s ", i + 1, label);
		used += draw_text(w, y, x + used, one, cols - used,
				  theme((int)B->page == i ? TH_SELECT
							   : TH_COLHEAD));
		used += draw_text(w, y, x + used, " ", cols - used,
				  theme(TH_NORMAL));
	}
}

/* KPI tiles: heading row and one row each for today and this hour. */
static int
draw_kpis(struct board *B, WINDOW *w, int y, int x, int cols)
{
	static const enum msg_id heads[] = {
		MSG_BOARD_OFFERED, MSG_BOARD_ANSWER_RATE, MSG_BOARD_SL,
		MSG_BOARD_ABANDONED, MSG_BOARD_AVG_WAIT, MSG_BOARD_AHT,
		MSG_BOARD_DIRECT
	};
	const struct kpi *k[2] = { &B->live.today, &B->live.hour };
	const enum msg_id rowname[2] = { MSG_BOARD_TODAY, MSG_BOARD_HOUR };
	const char *cells[8];
	char vals[8][24], line[512];
	int wd[8], i, r, tile = (cols - 8) / 7;

	if (tile > 12)
		tile = 12;
	if (tile < 6)
		tile = 6;
	wd[0] = 7;
	for (i = 1; i < 8; i++)
		wd[i] = tile;
	cells[0] = "";
	for (i = 0; i < 7; i++)
		cells[i + 1] = tr(heads[i]);
	row_cells(line, sizeof line, cells, wd, 8);
	draw_fit(w, y, x, line, cols, theme(TH_COLHEAD));
	for (r = 0; r < 2; r++) {
		if (!B->have_live) {
			for (i = 1; i < 8; i++)
				cells[i] = "-";
			cells[0] = tr(rowname[r]);
			row_cells(line, sizeof line, cells, wd, 8);
			draw_fit(w, y + 1 + r, x, line, cols, theme(TH_DIM));
			continue;
		}
		snprintf(vals[0], sizeof vals[0], "%s", tr(rowname[r]));
		snprintf(vals[1], sizeof vals[1], "%ld", k[r]->offered);
		fmt_rate(vals[2], sizeof vals[2], k[r]->answer_rate);
		fmt_rate(vals[3], sizeof vals[3], k[r]->service_level_15s);
		snprintf(vals[4], sizeof vals[4], "%ld", k[r]->abandoned);
		fmt_secs(vals[5], sizeof vals[5], k[r]->avg_wait_s);
		fmt_secs(vals[6], sizeof vals[6], k[r]->aht_s);
		fmt_rate(vals[7], sizeof vals[7], k[r]->direct_answer_rate);
		for (i = 0; i < 8; i++)
			cells[i] = vals[i];
		row_cells(line, sizeof line, cells, wd, 8);
		draw_fit(w, y + 1 + r, x, line, cols, theme(TH_NORMAL));
	}
	return 3;
}

static int
draw_ticket_line(struct board *B, WINDOW *w, int y, int x, int cols)
{
	char n[5][24], line[256];
	const char *vals[5];
	const struct ticket_counts *t = &B->live.tickets;
	int i;

	snprintf(n[0], sizeof n[0], "%ld", t->overdue);
	snprintf(n[1], sizeof n[1], "%ld", t->due_soon);
	snprintf(n[2], sizeof n[2], "%ld", t->returns_pending);
	snprintf(n[3], sizeof n[3], "%ld", t->extensions_pending);
	snprintf(n[4], sizeof n[4], "%ld", t->supervised);
	if (t->supervised_overdue > 0) { /* 督办 past its due time */
		char sup[24], late[24];
		const char *sv[2] = { sup, late };

		snprintf(sup, sizeof sup, "%ld", t->supervised);
		snprintf(late, sizeof late, "%ld", t->supervised_overdue);
		tr_fill(n[4], sizeof n[4], MSG_BOARD_SUP_COUNT, sv, 2);
	}
	for (i = 0; i < 5; i++)
		vals[i] = n[i];
	tr_fill(line, sizeof line, MSG_BOARD_TICKETS_LINE, vals, 5);
	draw_fit(w, y, x, line, cols,
		 theme(t->overdue || t->supervised_overdue > 0 ? TH_ERROR
				  : t->due_soon ? TH_WARN : TH_NORMAL));
	return 1;
}

static int
draw_queues(struct board *B, WINDOW *w, int y, int x, int cols, int max)
{
	const char *cells[8];
	char v[8][24], line[512], head[128];
	static const int wd[8] = { 10, 6, 6, 5, 5, 5, 5, 5 };
	size_t i;
	int r = 1;

	cells[0] = tr(MSG_BOARD_QUEUES);
	cells[1] = tr(MSG_BOARD_WAITING);
	cells[2] = tr(MSG_BOARD_LONGEST);
	split_cells(MSG_BOARD_QUEUE_HEAD, head, sizeof head, cells + 3, 5);
	row_cells(line, sizeof line, cells, wd, 8);
	draw_fit(w, y, x, line, cols, theme(TH_COLHEAD));
	for (i = 0; i < B->live.n_queues && r < max; i++, r++) {
		const struct desk_queue *q = &B->live.queues[i];
		int di = tk_enum_parse(TKE_DESK, q->desk);
		const char *dl = di >= 0 ? tk_enum_label(TKE_DESK, di) : NULL;

		snprintf(v[0], sizeof v[0], "%s", dl ? dl : q->desk);
		snprintf(v[1], sizeof v[1], "%ld", q->waiting);
		fmt_secs(v[2], sizeof v[2],
			 q->waiting ? q->longest_wait_s : STATS_NONE);
		snprintf(v[3], sizeof v[3], "%ld", q->logged_in);
		snprintf(v[4], sizeof v[4], "%ld", q->ready);
		snprintf(v[5], sizeof v[5], "%ld", q->not_ready);
		snprintf(v[6], sizeof v[6], "%ld",
			 q->talking + q->hold + q->ringing);
		snprintf(v[7], sizeof v[7], "%ld", q->acw);
		for (int k = 0; k < 8; k++)
			cells[k] = v[k];
		row_cells(line, sizeof line, cells, wd, 8);
		draw_fit(w, y + r, x, line, cols,
			 theme(q->waiting ? TH_WARN : TH_NORMAL));
	}
	return r;
}

static void
draw_agents(struct app *app, struct board *B, WINDOW *w, int y, int x,
	    int cols, int rows, int focus)
{
	const struct board_agent **v;
	const char *cells[8];
	char head[256], t[16], c[16], aht[16], line[768];
	char label[64], desk[48];
	static const int wd[8] = { 10, 12, 10, 8, 8, 6, 5, 5 };
	size_t n, i, sel;
	int vis;

	if (rows < 2)
		return;
	split_cells(MSG_BOARD_AGENT_HEAD, head, sizeof head, cells, 8);
	row_cells(line, sizeof line, cells, wd, 8);
	draw_fit(w, y, x, line, cols, theme(TH_COLHEAD));
	v = visible_agents(app, B, &n);
	vis = rows - 1;
	if (n == 0) {
		draw_fit(w, y + 1, x,
			 tr(B->have_live ? MSG_BOARD_NO_AGENTS
					 : B->loading ? MSG_LOADING
						      : MSG_BOARD_NO_DATA),
			 cols, theme(TH_DIM));
		free(v);
		return;
	}
	sel = sel_index(B, v, n);
	if (sel < B->top_agent)
		B->top_agent = sel;
	if (vis > 0 && sel >= B->top_agent + (size_t)vis)
		B->top_agent = sel - (size_t)vis + 1;
	if (B->top_agent >= n)
		B->top_agent = 0;
	if (focus)
		B->page_rows = vis;
	for (i = 0; (int)i < vis && B->top_agent + i < n; i++) {
		const struct board_agent *a = v[B->top_agent + i];
		size_t d;
		attr_t at;

		desk[0] = '\0';
		for (d = 0; d < a->n_desks; d++) {
			size_t off = strlen(desk);

			snprintf(desk + off, sizeof desk - off, "%s%.3s",
				 d ? "," : "", a->desks[d]);
		}
		fmt_secs(t, sizeof t, in_state(app, B, a));
		snprintf(c, sizeof c, "%ld", a->handled_today);
		fmt_secs(aht, sizeof aht, a->aht_s);
		snprintf(label, sizeof label, "%s",
			 a->state[0] ? cf_agent_state_label(a->state) : "-");
		cells[0] = a->display_name;
		cells[1] = a->username;
		cells[2] = desk;
		cells[3] = label;
		cells[4] = a->reason[0] && app->calls
				   ? calls_reason_label(app, a->reason)
				   : "";
		cells[5] = t;
		cells[6] = c;
		cells[7] = aht;
		row_cells(line, sizeof line, cells, wd, 8);
		at = theme(TH_NORMAL);
		if (alerting(app, B, a))
			at = theme(TH_ERROR) | A_BOLD;
		if (focus && B->top_agent + i == sel)
			at = theme(TH_SELECT);
		draw_fit(w, y + 1 + (int)i, x, line, cols, at);
		if (alerting(app, B, a) && cols > 80)
			draw_text(w, y + 1 + (int)i, x + 76, tr(MSG_BOARD_ALERT),
				  cols - 76, at);
	}
	free(v);
}

static void
draw_chart(struct board *B, WINDOW *w, int y, int x, int cols, int rows)
{
	long max = 0, t, lw;
	int h, hr, r, step, lab_w = 5, e1, e2;
	char num[32];

	draw_fit(w, y, x,
		 tr(B->ascii ? MSG_BOARD_CHART_ASCII : MSG_BOARD_CHART), cols,
		 theme(TH_COLHEAD));
	if (!B->have_daily) {
		draw_fit(w, y + 1, x, tr(MSG_LOADING), cols, theme(TH_DIM));
		return;
	}
	h = rows - 3; /* title, hour labels, one spare */
	if (h < 2)
		return;
	step = (cols - lab_w) / 24;
	if (step < 3) {
		draw_fit(w, y + 1, x, tr(MSG_TOO_SMALL), cols, theme(TH_DIM));
		return;
	}
	if (step > 4)
		step = 4;
	for (hr = 0; hr < 24; hr++) {
		if (B->daily.hourly[hr].offered > max)
			max = B->daily.hourly[hr].offered;
		if (B->daily.last_week[hr].offered > max)
			max = B->daily.last_week[hr].offered;
	}
	snprintf(num, sizeof num, "%4ld", max);
	draw_text(w, y + 1, x, num, lab_w, theme(TH_DIM));
	draw_text(w, y + h, x, "   0", lab_w, theme(TH_DIM));
	for (hr = 0; hr < 24; hr++) {
		int cx = x + lab_w + hr * step;

		t = B->daily.hourly[hr].offered;
		lw = B->daily.last_week[hr].offered;
		e1 = board_bar_eighths(t, max, h);
		e2 = board_bar_eighths(lw, max, h);
		for (r = 0; r < h; r++) {
			int base = (h - 1 - r) * 8;

			draw_text(w, y + 1 + r, cx,
				  board_bar_glyph(e1 - base, B->ascii, 0), 1,
				  theme(TH_OK));
			draw_text(w, y + 1 + r, cx + 1,
				  board_bar_glyph(e2 - base, B->ascii, 1), 1,
				  theme(TH_DIM));
		}
		if (hr % 3 == 0) {
			snprintf(num, sizeof num, "%d", hr);
			draw_text(w, y + 1 + h, cx, num, step * 3,
				  theme(TH_DIM));
		}
	}
}

static const char *
review_state_label(const struct ticket *t)
{
	return tk_state_label(t->state);
}

static void
draw_review(struct board *B, WINDOW *w, int y, int x, int cols, int rows,
	    int focus)
{
	char line[768], tabs[256], dl[24];
	size_t i, off = 0;
	int vis;
	time_t now = time(NULL);

	tabs[0] = '\0';
	for (i = 0; i < N_FLAGS && off < sizeof tabs; i++)
		off += (size_t)snprintf(tabs + off, sizeof tabs - off,
					i == B->flag ? "[%s] " : " %s  ",
					tr(flag_msgs[i]));
	draw_fit(w, y, x, tabs, cols, theme(TH_COLHEAD));
	if (rows < 2)
		return;
	if (!B->have_rows) {
		draw_fit(w, y + 1, x, tr(MSG_LOADING), cols, theme(TH_DIM));
		return;
	}
	if (B->n_rows == 0) {
		draw_fit(w, y + 1, x, tr(MSG_NO_TICKETS), cols, theme(TH_DIM));
		return;
	}
	vis = rows - 1;
	if (focus)
		B->page_rows = vis;
	if (B->sel_row < B->top_row)
		B->top_row = B->sel_row;
	if (vis > 0 && B->sel_row >= B->top_row + (size_t)vis)
		B->top_row = B->sel_row - (size_t)vis + 1;
	for (i = 0; (int)i < vis && B->top_row + i < B->n_rows; i++) {
		const struct ticket *t = &B->rows[B->top_row + i];
		const char *cells[5];
		static const int wd[5] = { 16, 8, 16, 11, 40 };
		/* the supervised list shows the 督办 due time, red once
		 * passed; the others the handling deadline */
		int sup = strcmp(flags[B->flag], "supervised") == 0;
		const char *due = sup ? t->supervised_due_at : t->deadline;
		time_t due_t = iso_to_time(due);
		int late = sup && due_t != (time_t)-1 && due_t < now;

		iso_local(due, dl, sizeof dl);
		cells[0] = t->ticket_no;
		cells[1] = review_state_label(t);
		cells[2] = t->lead_unit_name;
		cells[3] = dl + (strlen(dl) > 5 ? 5 : 0); /* MM-DD HH:MM */
		cells[4] = t->title;
		row_cells(line, sizeof line, cells, wd, 5);
		draw_fit(w, y + 1 + (int)i, x, line, cols,
			 theme(focus && B->top_row + i == B->sel_row
				       ? TH_SELECT
				       : B->flag == 0 || late ? TH_ERROR
				       : B->flag == 1 ? TH_WARN
						      : TH_NORMAL));
	}
}

static void
draw_hotspots(struct board *B, WINDOW *w, int y, int x, int cols, int rows,
	      int focus)
{
	char line[768], cnt[16], exp[16], sc[16], kind[16];
	size_t i;
	int vis, r0 = 1;

	{
		static const int hw[6] = { 8, 8, 20, 6, 8, 8 };
		const char *h[6] = { "", "", "", "", "", "" };
		char hb[128];

		split_cells(MSG_BOARD_HOT_HEAD, hb, sizeof hb, h + 3, 3);
		h[0] = tr(MSG_BOARD_HOTSPOTS);
		row_cells(line, sizeof line, h, hw, 6);
		draw_fit(w, y, x, line, cols, theme(TH_COLHEAD));
	}
	if (B->have_hs && B->hs.rule && *B->hs.rule && rows > 3) {
		draw_fit(w, y + 1, x, B->hs.rule, cols, theme(TH_DIM));
		r0 = 2;
	}
	if (!B->have_hs) {
		draw_fit(w, y + r0, x, tr(MSG_LOADING), cols, theme(TH_DIM));
		return;
	}
	if (B->hs.n == 0) {
		draw_fit(w, y + r0, x, tr(MSG_BOARD_NO_HOTSPOTS), cols,
			 theme(TH_DIM));
		return;
	}
	vis = rows - r0;
	if (focus)
		B->page_rows = vis;
	if (B->sel_hot < B->top_hot)
		B->top_hot = B->sel_hot;
	if (vis > 0 && B->sel_hot >= B->top_hot + (size_t)vis)
		B->top_hot = B->sel_hot - (size_t)vis + 1;
	for (i = 0; (int)i < vis && B->top_hot + i < B->hs.n; i++) {
		const struct hotspot *h = &B->hs.items[B->top_hot + i];
		const char *cells[6];
		static const int wd[6] = { 8, 8, 20, 6, 8, 8 };

		snprintf(kind, sizeof kind, "%s",
			 tr(strcmp(h->kind, "town") == 0
				    ? MSG_BOARD_KIND_TOWN
				    : MSG_BOARD_KIND_CATEGORY));
		snprintf(cnt, sizeof cnt, "%ld", h->count);
		snprintf(exp, sizeof exp, "%.1f", h->expected);
		snprintf(sc, sizeof sc, "%.1f", h->score);
		cells[0] = kind;
		cells[1] = h->code;
		cells[2] = h->name;
		cells[3] = cnt;
		cells[4] = exp;
		cells[5] = sc;
		row_cells(line, sizeof line, cells, wd, 6);
		draw_fit(w, y + r0 + (int)i, x, line, cols,
			 theme(focus && B->top_hot + i == B->sel_hot
				       ? TH_SELECT
				       : TH_WARN));
	}
}

static int
draw_overview_left(struct app *app, struct board *B, WINDOW *w, int y,
		   int x, int cols, int rows)
{
	int used = 0, qmax;

	used += draw_kpis(B, w, y, x, cols);
	used += draw_ticket_line(B, w, y + used, x, cols);
	qmax = (int)B->live.n_queues + 1;
	if (qmax > 6)
		qmax = 6;
	used += draw_queues(B, w, y + used, x, cols, qmax);
	draw_agents(app, B, w, y + used, x, cols, rows - used, 1);
	return used;
}

static void
board_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct board *B = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), body = rows - 2;
	const char *hint;

	(void)cur;
	draw_tabs(B, w, 0, 0, cols);
	hint = tr(B->page == PG_REVIEW ? MSG_BOARD_REVIEW_HINT
				       : MSG_BOARD_HINT);
	draw_fit(w, rows - 1, 0, hint, cols, theme(TH_DIM));
	switch (B->page) {
	case PG_OVERVIEW:
		if (cols >= WIDE_COLS) {
			int lw = cols / 2 - 1, rw = cols - lw - 2;
			int ch = body / 2;

			draw_overview_left(app, B, w, 1, 0, lw, body);
			draw_chart(B, w, 1, lw + 2, rw, ch);
			draw_hotspots(B, w, 1 + ch, lw + 2, rw,
				      (body - ch) / 2, 0);
			draw_review(B, w, 1 + ch + (body - ch) / 2, lw + 2,
				    rw, body - ch - (body - ch) / 2, 0);
		} else {
			draw_overview_left(app, B, w, 1, 0, cols, body);
		}
		break;
	case PG_AGENTS:
		draw_agents(app, B, w, 1, 0, cols, body, 1);
		break;
	case PG_CHART:
		draw_chart(B, w, 1, 0, cols, body);
		break;
	case PG_REVIEW:
		draw_review(B, w, 1, 0, cols, body, 1);
		break;
	case PG_HOTSPOTS:
		draw_hotspots(B, w, 1, 0, cols, body, 1);
		break;
	case PG__N:
		break;
	}
}

/* ---- ops -------------------------------------------------------------- */

static void
board_open(struct app *app, struct view *v, const char *arg)
{
	struct board *B = xcalloc(1, sizeof *B);
	size_t i;

	(void)arg;
	v->priv = B;
	B->sort = SO_STATE;
	B->page_rows = 10;
	B->ascii = !term_locale_was_utf8();
	if (app->calls)
		calls_need(app, CL_REASONS);
	if (app->calls)
		calls_need(app, CL_CONFIG);
	if (app->calls && app->calls->have_queues) {
		/* GET /v1/queues of the session, until the live figures */
		for (i = 0; i < app->calls->queues.n; i++) {
			const struct queue_info *qi =
				&app->calls->queues.items[i];
			struct desk_queue *dq = find_queue(B, qi->desk, 1);

			dq->waiting = qi->waiting;
			dq->longest_wait_s = qi->longest_wait_s;
			dq->ready = qi->agents_ready;
		}
	}
	board_view_reload(app, v, 1);
}

static void
board_close(struct app *app, struct view *v)
{
	struct board *B = v->priv;

	(void)app;
	stats_live_free(&B->live);
	stats_daily_free(&B->daily);
	stats_hotspots_free(&B->hs);
	free_rows(B);
	free(B->sel_user);
	free(B->sup_no);
	free(B->sup_note);
	free(B->f_desk);
	free(B->f_state);
	FREE(v->priv);
}

static void
board_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct board *B = v->priv;
	char when[16] = "";
	struct tm tm;

	(void)app;
	if (B->have_live && B->live.as_of) {
		localtime_r(&B->live.as_of, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
	}
	snprintf(out, cap, "%s%s%s | %s %s%s%s%s%s%s%s", tr(MSG_BOARD_TITLE),
		 when[0] ? " | " : "", when, "sort", sort_names[B->sort],
		 B->f_desk || B->f_state ? " | " : "",
		 B->f_desk || B->f_state ? tr(MSG_BOARD_FILTER) : "",
		 B->f_desk ? " desk=" : "", B->f_desk ? B->f_desk : "",
		 B->f_state ? " state=" : "", B->f_state ? B->f_state : "");
	if (B->loading && strlen(out) + 4 < cap)
		snprintf(out + strlen(out), cap - strlen(out), " ...");
}

static void
move_sel(struct app *app, struct view *v, long delta, int absolute)
{
	struct board *B = v->priv;

	if (B->page == PG_REVIEW) {
		long to = absolute ? delta : (long)B->sel_row + delta;

		if (B->n_rows == 0)
			return;
		if (to < 0)
			to = 0;
		if (to >= (long)B->n_rows)
			to = (long)B->n_rows - 1;
		B->sel_row = (size_t)to;
	} else if (B->page == PG_HOTSPOTS) {
		long to = absolute ? delta : (long)B->sel_hot + delta;

		if (B->hs.n == 0)
			return;
		if (to < 0)
			to = 0;
		if (to >= (long)B->hs.n)
			to = (long)B->hs.n - 1;
		B->sel_hot = (size_t)to;
	} else {
		const struct board_agent **a;
		size_t n;
		long to;

		a = visible_agents(app, B, &n);
		if (n) {
			to = absolute ? delta
				      : (long)sel_index(B, a, n) + delta;
			if (to < 0)
				to = 0;
			if (to >= (long)n)
				to = (long)n - 1;
			free(B->sel_user);
			B->sel_user = xstrdup(a[to]->username);
		}
		free(a);
	}
	app_mark(app, DIRTY_BODY);
}

static void
set_page(struct app *app, struct view *v, enum page p)
{
	struct board *B = v->priv;

	B->page = p;
	if (p == PG_REVIEW && (!B->have_rows || B->review_stale))
		load_review(app, v);
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
usage(struct app *app, enum action a)
{
	const struct action_info *ai = action_info(a);

	app_msg(app, MSGL_ERROR, "%s: %s %s", tr(MSG_USAGE), ai->name,
		ai->args);
}

static void
on_done(const struct api_result *r, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v;
	struct board *B = take(q, &v);

	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK) {
		show_error(app, r);
		return;
	}
	app_msg(app, MSGL_OK, "%s", tr(MSG_BOARD_SENT));
	if (B)
		board_view_reload(app, v, 0);
}

static void
on_ticket_done(const struct api_result *r, const struct ticket *t, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct view *v;
	struct board *B = take(q, &v);

	(void)t;
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK) {
		show_error(app, r);
		return;
	}
	app_msg(app, MSGL_OK, "%s", tr(MSG_BOARD_SENT));
	if (B)
		load_review(app, v);
}

static int
is_state_word(const char *s)
{
	return strcmp(s, "READY") == 0 || strcmp(s, "NOT_READY") == 0 ||
	       strcmp(s, "OFFLINE") == 0;
}

static void
pick_reason(struct app *app, const char *user)
{
	struct calls *C = app->calls;
	struct pick_item *items;
	char **vals, *cmd;
	size_t i, n;

	if (!C || !C->have[CL_REASONS]) {
		if (C)
			calls_need(app, CL_REASONS);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_LOADING));
		return;
	}
	n = C->reasons.n;
	items = xcalloc(n + 1, sizeof *items);
	vals = xcalloc(n + 1, sizeof *vals);
	for (i = 0; i < n; i++) {
		vals[i] = xstrdup(C->reasons.items[i].code);
		items[i].label = calls_reason_label(app,
						    C->reasons.items[i].code);
		items[i].value = vals[i];
	}
	cmd = xasprintf("agent-state %s NOT_READY", user);
	picker_open(app, NULL, tr(MSG_BOARD_PICK_REASON), NULL, PICK_NUMBERED,
		    items, n, cmd);
	free(cmd);
	for (i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
	free(items);
}

static void
agent_state(struct app *app, struct view *v, int argc, char **argv)
{
	struct board *B = v->priv;
	const struct board_agent *sel = selected_agent(app, B);
	const char *user, *state, *reason = NULL;
	struct req *q;
	int i = 1;

	if (argc >= 2 && is_state_word(argv[1])) {
		if (!sel) {
			app_msg(app, MSGL_ERROR, "%s",
				tr(MSG_BOARD_NO_SELECTION));
			return;
		}
		user = sel->username;
	} else if (argc >= 3 && is_state_word(argv[2])) {
		user = argv[i++];
	} else {
		usage(app, ACT_AGENT_STATE);
		return;
	}
	state = argv[i++];
	if (i < argc)
		reason = argv[i];
	if (strcmp(state, "NOT_READY") == 0 && !reason) {
		pick_reason(app, user);
		return;
	}
	q = app_req_new(app, v);
	if (api_agent_set_state_of(app->api, user, state, reason,
				   "supervisor console", on_done, q) != 0) {
		app_req_take(q, NULL);
		usage(app, ACT_AGENT_STATE);
	}
}

static void
end_acw(struct app *app, struct view *v, int argc, char **argv)
{
	struct board *B = v->priv;
	const struct board_agent *sel = selected_agent(app, B);
	const char *user = argc >= 2 ? argv[1] : sel ? sel->username : NULL;
	struct req *q;

	if (!user) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_BOARD_NO_SELECTION));
		return;
	}
	q = app_req_new(app, v);
	if (api_agent_end_acw(app->api, user, "supervisor console", on_done,
			      q) != 0) {
		app_req_take(q, NULL);
		usage(app, ACT_END_ACW);
	}
}

static char *
rest(int argc, char **argv, int from)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = from; i < argc; i++)
		(void)buf_printf(&b, "%s%s", i > from ? " " : "", argv[i]);
	return buf_steal(&b);
}

static const struct ticket *
selected_ticket(struct app *app, struct board *B)
{
	if (B->page != PG_REVIEW || B->n_rows == 0) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_BOARD_NO_SELECTION));
		return NULL;
	}
	return &B->rows[B->sel_row];
}

static void
ticket_act(struct app *app, struct view *v, const char *no,
	   const char *action, const char *const *fields)
{
	struct req *q = app_req_new(app, v);

	if (api_ticket_action(app->api, no, action, fields, on_ticket_done,
			      q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_INVALID));
	}
}

static void
pick_unit(struct app *app)
{
	struct calls *C = app->calls;
	struct pick_item *items;
	char **match;
	size_t i, n;

	if (!C || !C->have[CL_UNITS]) {
		if (C)
			calls_need(app, CL_UNITS);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_LOADING));
		return;
	}
	n = C->units.n;
	items = xcalloc(n + 1, sizeof *items);
	match = xcalloc(n + 1, sizeof *match);
	for (i = 0; i < n; i++) {
		const struct unit_info *u = &C->units.items[i];

		match[i] = xasprintf("%s\t%s\t%s", u->name, u->short_name,
				     u->code);
		items[i].label = u->name;
		items[i].right = u->code;
		items[i].match = match[i];
		items[i].value = u->code;
	}
	picker_open(app, NULL, tr(MSG_BOARD_PICK_UNIT), NULL, PICK_FILTER,
		    items, n, "reassign");
	for (i = 0; i < n; i++)
		free(match[i]);
	free(match);
	free(items);
}

/* argv[from..to) joined by single spaces (malloc'd). */
static char *
join_args(char **argv, int from, int to)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = from; i < to; i++)
		(void)buf_printf(&b, "%s%s", i > from ? " " : "", argv[i]);
	return buf_steal(&b);
}

/*
 * 督办 (docs/board.md): ":supervise NOTE" keeps the note and asks for the
 * due time with a second prompt ":supervise @ DEFAULT"; ":supervise NOTE @
 * DUE" does both at once; ":supervise @ DUE" uses the note kept for this
 * ticket (none otherwise).  DUE is parsed by core/supdue.h.
 */
static void
supervise(struct app *app, struct view *v, struct board *B, const char *no,
	  int argc, char **argv)
{
	const char *fields[5] = { NULL };
	char civil[20], iso[32], *note, *due, *line;
	time_t now = time(NULL), t;
	int at, i;

	if (argc < 2) {
		FREE(B->sup_no);
		FREE(B->sup_note);
		prompt_open(app, "supervise ");
		return;
	}
	for (at = -1, i = 1; i < argc && at < 0; i++)
		if (strcmp(argv[i], "@") == 0)
			at = i;
	if (at < 0) { /* the note only: ask for the due time */
		free(B->sup_no);
		free(B->sup_note);
		B->sup_no = xstrdup(no);
		B->sup_note = join_args(argv, 1, argc);
		supdue_format_civil(supdue_default(now), civil);
		line = xasprintf("supervise @ %s", civil);
		prompt_open(app, line);
		free(line);
		return;
	}
	if (at > 1) {
		note = join_args(argv, 1, at);
	} else if (B->sup_no && B->sup_note) {
		/* the second step: the ticket the note was typed for, even
		 * if a refresh has moved the selection meanwhile */
		note = xstrdup(B->sup_note);
		no = B->sup_no;
	} else {
		note = xstrdup("");
	}
	due = join_args(argv, at + 1, argc);
	if (supdue_parse(due, now, &t) != ST_OK) {
		app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_BOARD_SUP_DUE_BAD),
			due);
		free(note);
		free(due);
		return;
	}
	supdue_format_iso(t, iso);
	i = 0;
	if (*note) {
		fields[i++] = "comment";
		fields[i++] = note;
	}
	fields[i++] = "due_at";
	fields[i++] = iso;
	ticket_act(app, v, no, "supervise", fields);
	free(note); /* before no, which may be B->sup_no */
	FREE(B->sup_no);
	FREE(B->sup_note);
	free(due);
}

static void
review_action(struct app *app, struct view *v, enum action a, int argc,
	      char **argv)
{
	struct board *B = v->priv;
	const struct ticket *t = selected_ticket(app, B);
	const char *fields[5] = { NULL };
	const char *flag = flags[B->flag];
	char *text, *no;

	if (!t)
		return;
	no = xstrdup(t->ticket_no);
	switch (a) {
	case ACT_REASSIGN:
		if (argc < 2) {
			pick_unit(app);
			break;
		}
		fields[0] = "lead_unit_code";
		fields[1] = argv[1];
		ticket_act(app, v, no, "reassign", fields);
		break;
	case ACT_REDISPATCH:
		ticket_act(app, v, no, "redispatch", NULL);
		break;
	case ACT_APPROVE:
	case ACT_REJECT: {
		int ret = strcmp(flag, "return_pending") == 0;
		int ext = strcmp(flag, "extension_pending") == 0;

		if (!ret && !ext) {
			app_msg(app, MSGL_ERROR, "%s",
				tr(MSG_BOARD_NOT_FOR_FLAG));
			break;
		}
		if (a == ACT_APPROVE) {
			ticket_act(app, v, no,
				   ret ? "approve_return" : "approve_extension",
				   NULL);
			break;
		}
		if (argc < 2) {
			prompt_open(app, "reject ");
			break;
		}
		text = rest(argc, argv, 1);
		fields[0] = "comment";
		fields[1] = text;
		ticket_act(app, v, no,
			   ret ? "reject_return" : "reject_extension", fields);
		free(text);
		break;
	}
	case ACT_SUPERVISE:
		supervise(app, v, B, no, argc, argv);
		break;
	default:
		break;
	}
	free(no);
}

static void
drill_down(struct app *app, struct board *B)
{
	const struct hotspot *h;
	struct pick_item *items;
	char title[160];
	size_t i;

	if (B->hs.n == 0) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_BOARD_NO_SELECTION));
		return;
	}
	h = &B->hs.items[B->sel_hot];
	if (h->n_tickets == 0) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_NO_TICKETS));
		return;
	}
	items = xcalloc(h->n_tickets, sizeof *items);
	for (i = 0; i < h->n_tickets; i++) {
		items[i].label = h->ticket_nos[i];
		items[i].value = h->ticket_nos[i];
	}
	snprintf(title, sizeof title, "%s: %s", tr(MSG_BOARD_PICK_TICKET),
		 h->name);
	picker_open(app, NULL, title, NULL, PICK_FILTER, items,
		    h->n_tickets, "ticket");
	free(items);
}

static int
set_filter(struct app *app, struct board *B, int argc, char **argv)
{
	int i;

	FREE(B->f_desk);
	FREE(B->f_state);
	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "desk=", 5) == 0 && argv[i][5])
			B->f_desk = xstrdup(argv[i] + 5);
		else if (strncmp(argv[i], "state=", 6) == 0 && argv[i][6])
			B->f_state = xstrdup(argv[i] + 6);
		else
			return -1;
	}
	B->top_agent = 0;
	app_mark(app, DIRTY_BODY);
	return 0;
}

static int
board_action_v(struct app *app, struct view *v, enum action a, int argc,
	       char **argv)
{
	struct board *B = v->priv;
	char buf[128];
	const char *vals[1];
	long n;
	size_t i;

	switch (a) {
	case ACT_MOVE_UP:
		move_sel(app, v, -1, 0);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		move_sel(app, v, 1, 0);
		return TR_NONE;
	case ACT_PAGE_UP:
		move_sel(app, v, -B->page_rows, 0);
		return TR_NONE;
	case ACT_PAGE_DOWN:
		move_sel(app, v, B->page_rows, 0);
		return TR_NONE;
	case ACT_FIRST:
		move_sel(app, v, 0, 1);
		return TR_NONE;
	case ACT_LAST:
		move_sel(app, v, 1L << 30, 1);
		return TR_NONE;
	case ACT_REFRESH:
		board_view_reload(app, v, 1);
		return TR_UNHANDLED; /* the connection check too */
	case ACT_BOARD_PAGE:
		n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
		if (n < 1 || n > PG__N) {
			usage(app, a);
			return TR_NONE;
		}
		set_page(app, v, (enum page)(n - 1));
		return TR_NONE;
	case ACT_NEXT_PANEL:
		set_page(app, v, (enum page)((B->page + 1) % PG__N));
		return TR_NONE;
	case ACT_SORT:
		if (argc >= 2) {
			for (i = 0; i < SO__N; i++)
				if (strcmp(argv[1], sort_names[i]) == 0)
					break;
			if (i == SO__N) {
				usage(app, a);
				return TR_NONE;
			}
			B->sort = (enum sort_col)i;
		} else {
			B->sort = (enum sort_col)((B->sort + 1) % SO__N);
		}
		vals[0] = sort_names[B->sort];
		app_msg(app, MSGL_INFO, "%s",
			tr_fill(buf, sizeof buf, MSG_BOARD_SORTED, vals, 1));
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	case ACT_FILTER:
		if (set_filter(app, B, argc, argv) < 0)
			usage(app, a);
		return TR_NONE;
	case ACT_AGENT_STATE:
		agent_state(app, v, argc, argv);
		return TR_NONE;
	case ACT_END_ACW:
		end_acw(app, v, argc, argv);
		return TR_NONE;
	case ACT_REVIEW:
		if (argc >= 2) {
			for (i = 0; i < N_FLAGS; i++)
				if (strcmp(argv[1], flags[i]) == 0)
					break;
			if (i == N_FLAGS) {
				usage(app, a);
				return TR_NONE;
			}
			B->flag = i;
		} else if (B->page == PG_REVIEW) {
			B->flag = (B->flag + 1) % N_FLAGS;
		}
		B->have_rows = 0;
		B->sel_row = B->top_row = 0;
		free_rows(B);
		B->page = PG_REVIEW;
		load_review(app, v);
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	case ACT_REASSIGN:
	case ACT_REDISPATCH:
	case ACT_APPROVE:
	case ACT_REJECT:
	case ACT_SUPERVISE:
		review_action(app, v, a, argc, argv);
		return TR_NONE;
	case ACT_OPEN:
		if (B->page == PG_REVIEW && B->n_rows) {
			app_push(app, &view_detail_ops,
				 B->rows[B->sel_row].ticket_no);
		} else if (B->page == PG_HOTSPOTS) {
			drill_down(app, B);
		} else if (B->page == PG_OVERVIEW || B->page == PG_AGENTS) {
			/* the selected agent's current ticket, if any */
			const struct board_agent *sa = selected_agent(app, B);

			if (sa && sa->ticket_no[0])
				app_push(app, &view_detail_ops, sa->ticket_no);
			else
				app_msg(app, MSGL_INFO, "%s",
					tr(MSG_NO_TICKETS));
		}
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

static void
board_reconnected(struct app *app, struct view *v)
{
	board_view_reload(app, v, 1);
}

const struct view_ops view_board_ops = {
	.name = "board",
	.ctx = KCTX_BOARD,
	.open = board_open,
	.close = board_close,
	.title = board_title,
	.draw = board_draw,
	.action = board_action_v,
	.reconnected = board_reconnected,
};
