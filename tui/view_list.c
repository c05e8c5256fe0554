/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_list.c - "my recent tickets": a paged table aligned by display
 * columns (Chinese titles are two columns per character).
 *
 * Pages come from api_tickets(mine=1); the next page loads by command or
 * when the cursor reaches the last row.  A search replaces the rows and
 * looks through everyone's tickets (a caller's earlier tickets were
 * mostly taken by other agents); a refresh keeps the selected ticket
 * selected when it is still there.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "app.h"
#include "draw.h"
#include "model_copy.h"
#include "theme.h"
#include "views.h"

struct list {
	struct ticket *rows;
	size_t n;
	size_t sel, top;
	char *query;       /* filter, NULL when none */
	char *next_cursor; /* NULL or "" when no more pages */
	int loading;       /* 1 fresh load, 2 next page */
	int loaded;
	unsigned long gen;
	int page_rows;
	char *keep_no; /* reselect after a reload */
};

/* ---- time ------------------------------------------------------------- */

time_t
iso_to_time(const char *iso)
{
	struct tm tm;
	int y, mo, d, h, mi, s;
	char tail;

	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h,
			   &mi, &s, &tail) < 6)
		return (time_t)-1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    s > 60)
		return (time_t)-1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

void
list_time(const char *iso, time_t now, char *out, size_t cap)
{
	time_t t = iso_to_time(iso);
	struct tm a, b;

	if (t == (time_t)-1) {
		snprintf(out, cap, "-");
		return;
	}
	localtime_r(&t, &a);
	localtime_r(&now, &b);
	if (strftime(out, cap,
		     a.tm_year == b.tm_year && a.tm_yday == b.tm_yday ? "%H:%M"
								     : "%m-%d",
		     &a) == 0)
		snprintf(out, cap, "-");
}

void
iso_local(const char *iso, char *out, size_t cap)
{
	time_t t = iso_to_time(iso);
	struct tm a;

	if (t == (time_t)-1) {
		snprintf(out, cap, "-");
		return;
	}
	localtime_r(&t, &a);
	if (strftime(out, cap, "%Y-%m-%d %H:%M", &a) == 0)
		snprintf(out, cap, "-");
}

/* ---- layout ----------------------------------------------------------- */

static int
max_label(int kind)
{
	int i, w = 0, n;

	if (kind < 0) {
		for (i = 0; i < TK_STATE__COUNT; i++) {
			int x = (int)u8_width(tk_state_label((enum tk_state)i));

			if (x > w)
				w = x;
		}
		return w;
	}
	n = tk_enum_count((enum tk_enum_kind)kind);
	for (i = 0; i < n; i++) {
		const char *l = tk_enum_label((enum tk_enum_kind)kind, i);
		int x = l ? (int)u8_width(l) : 0;

		if (x > w)
			w = x;
	}
	return w;
}

void
list_columns(int cols, struct list_cols *c)
{
	c->no = col_width(16, MSG_COL_NO);
	c->time = col_width(5, MSG_COL_TIME);
	c->state = col_width(max_label(-1), MSG_COL_STATE);
	if (c->state > 10)
		c->state = 10;
	c->type = col_width(max_label(TKE_APPEAL), MSG_COL_TYPE);
	if (c->type > 10)
		c->type = 10;
	c->title = cols - (c->no + c->time + c->state + c->type + 4);
	if (c->title < 0)
		c->title = 0;
}

void
list_format_row(const struct ticket *t, const struct list_cols *c,
		time_t now, char *out, size_t cap)
{
	char tm[16];
	const char *type = tk_enum_label(TKE_APPEAL, t->appeal_type);
	size_t off = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	list_time(t->created_at, now, tm, sizeof tm);
	off = row_cell(out, cap, off, t->ticket_no, c->no, 0);
	off = row_cell(out, cap, off, tm, c->time, 0);
	off = row_cell(out, cap, off, tk_state_label(t->state), c->state, 0);
	off = row_cell(out, cap, off, type ? type : "", c->type, c->title <= 0);
	row_cell(out, cap, off, t->title, c->title, 1);
}

static void
heading_row(const struct list_cols *c, char *out, size_t cap)
{
	size_t off = 0;

	out[0] = '\0';
	off = row_cell(out, cap, off, tr(MSG_COL_NO), c->no, 0);
	off = row_cell(out, cap, off, tr(MSG_COL_TIME), c->time, 0);
	off = row_cell(out, cap, off, tr(MSG_COL_STATE), c->state, 0);
	off = row_cell(out, cap, off, tr(MSG_COL_TYPE), c->type, c->title <= 0);
	row_cell(out, cap, off, tr(MSG_COL_TITLE), c->title, 1);
}

/* ---- data ------------------------------------------------------------- */

static void
free_rows(struct list *L)
{
	size_t i;

	for (i = 0; i < L->n; i++)
		ticket_free(&L->rows[i]);
	FREE(L->rows);
	L->n = 0;
}

void
list_take_page(struct app *app, struct view *v,
	       const struct ticket_page *page, int append)
{
	struct list *L = v->priv;
	size_t i;

	if (!append) {
		free_rows(L);
		L->sel = L->top = 0;
	}
	if (page->n) {
		L->rows = xrealloc(L->rows, (L->n + page->n) * sizeof *L->rows);
		for (i = 0; i < page->n; i++)
			tui_ticket_copy(&L->rows[L->n + i], &page->items[i]);
		L->n += page->n;
	}
	free(L->next_cursor);
	L->next_cursor = xstrdup(page->next_cursor ? page->next_cursor : "");
	L->loaded = 1;
	if (L->keep_no) {
		for (i = 0; i < L->n; i++)
			if (strcmp(L->rows[i].ticket_no, L->keep_no) == 0)
				L->sel = i;
		FREE(L->keep_no);
	}
	if (L->sel >= L->n)
		L->sel = L->n ? L->n - 1 : 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
on_page(const struct api_result *r, const struct ticket_page *page, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long tag = q->tag;
	int append = q->flag;
	struct view *v = app_req_take(q, NULL);
	struct list *L;

	if (!v)
		return;
	L = v->priv;
	if (tag != L->gen)
		return; /* a newer load replaced this one */
	L->loading = 0;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
	if (!app_net_result(app, r))
		return;
	if (r->st != ST_OK || !page) {
		char buf[APP_MSG_MAX];

		app_msg(app, MSGL_ERROR, "%s",
			app_err_text(r, buf, sizeof buf));
		return;
	}
	list_take_page(app, v, page, append);
}

static void
load(struct app *app, struct view *v, int append)
{
	struct list *L = v->priv;
	struct req *q;
	long limit = config_get_int(app->cfg, OPT_PAGE_SIZE);

	if (!app->api || !app->logged_in)
		return;
	if (append && (L->loading || !L->next_cursor || !L->next_cursor[0]))
		return;
	if (limit < 1)
		limit = 50;
	if (limit > 200)
		limit = 200;
	if (!append)
		L->gen++;
	q = app_req_new(app, v);
	q->tag = L->gen;
	q->flag = append;
	if (api_tickets(app->api, L->query ? 0 : 1, L->query,
			append ? L->next_cursor : NULL, (int)limit, on_page,
			q) != 0) {
		app_req_take(q, NULL);
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_NETWORK));
		return;
	}
	L->loading = append ? 2 : 1;
	app_mark(app, DIRTY_BODY | DIRTY_HEADER);
}

static void
reload(struct app *app, struct view *v)
{
	struct list *L = v->priv;

	free(L->keep_no);
	L->keep_no = L->n ? xstrdup(L->rows[L->sel].ticket_no) : NULL;
	load(app, v, 0);
}

/* ---- ops -------------------------------------------------------------- */

static void
list_open(struct app *app, struct view *v, const char *arg)
{
	struct list *L = xcalloc(1, sizeof *L);

	(void)arg;
	v->priv = L;
	L->page_rows = 10;
	load(app, v, 0);
}

static void
list_close(struct app *app, struct view *v)
{
	struct list *L = v->priv;

	(void)app;
	free_rows(L);
	free(L->query);
	free(L->next_cursor);
	free(L->keep_no);
	FREE(v->priv);
}

static void
list_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct list *L = v->priv;
	int more = L->next_cursor && L->next_cursor[0];
	size_t off;

	(void)app;
	off = (size_t)snprintf(out, cap, "%s",
			       tr(L->query ? MSG_LIST_ALL : MSG_LIST_TITLE));
	if (L->query && off < cap)
		off += (size_t)snprintf(out + off, cap - off, " | %s: %s",
					tr(MSG_FILTER), L->query);
	if (L->loaded && off < cap) {
		char num[32], count[128];
		const char *vals[1] = { num };

		snprintf(num, sizeof num, "%zu%s", L->n, more ? "+" : "");
		off += (size_t)snprintf(out + off, cap - off, " | %s",
					tr_fill(count, sizeof count, MSG_COUNT,
						vals, 1));
	}
	if (L->loading && off < cap)
		snprintf(out + off, cap - off, " | %s", tr(MSG_LOADING));
}

static void
list_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct list *L = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), vis, i;
	struct list_cols c;
	char line[2048];
	time_t now = time(NULL);

	(void)app;
	(void)cur;
	list_columns(cols, &c);
	heading_row(&c, line, sizeof line);
	draw_fit(w, 0, 0, line, cols, theme(TH_COLHEAD));
	vis = rows - 1;
	L->page_rows = vis > 1 ? vis : 1;
	if (!L->loaded) {
		draw_center(w, rows / 2,
			    tr(L->loading ? MSG_LOADING : MSG_NO_TICKETS),
			    theme(TH_DIM));
		return;
	}
	if (L->n == 0) {
		draw_center(w, rows / 2, tr(MSG_NO_TICKETS), theme(TH_DIM));
		return;
	}
	if (L->sel < L->top)
		L->top = L->sel;
	if (vis > 0 && L->sel >= L->top + (size_t)vis)
		L->top = L->sel - (size_t)vis + 1;
	for (i = 0; i < vis && L->top + (size_t)i < L->n; i++) {
		size_t k = L->top + (size_t)i;

		list_format_row(&L->rows[k], &c, now, line, sizeof line);
		draw_fit(w, 1 + i, 0, line, cols,
			 theme(k == L->sel ? TH_SELECT : TH_NORMAL));
	}
}

static void
move_to(struct app *app, struct view *v, long to)
{
	struct list *L = v->priv;

	if (L->n == 0)
		return;
	if (to < 0)
		to = 0;
	if ((size_t)to >= L->n)
		to = (long)L->n - 1;
	L->sel = (size_t)to;
	if (L->sel + 1 >= L->n)
		load(app, v, 1); /* reached the end: fetch more */
	app_mark(app, DIRTY_BODY);
}

static int
list_action(struct app *app, struct view *v, enum action a, int argc,
	    char **argv)
{
	struct list *L = v->priv;
	char *q;
	int i;

	switch (a) {
	case ACT_MOVE_UP:
		move_to(app, v, (long)L->sel - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		move_to(app, v, (long)L->sel + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		move_to(app, v, (long)L->sel - L->page_rows);
		return TR_NONE;
	case ACT_PAGE_DOWN:
		move_to(app, v, (long)L->sel + L->page_rows);
		return TR_NONE;
	case ACT_FIRST:
		move_to(app, v, 0);
		return TR_NONE;
	case ACT_LAST:
		move_to(app, v, (long)L->n - 1);
		return TR_NONE;
	case ACT_OPEN:
		if (L->n)
			app_push(app, &view_detail_ops,
				 L->rows[L->sel].ticket_no);
		return TR_NONE;
	case ACT_NEXT_PAGE:
		if (L->next_cursor && L->next_cursor[0])
			load(app, v, 1);
		else
			app_msg(app, MSGL_INFO, "%s", tr(MSG_END_OF_LIST));
		return TR_NONE;
	case ACT_REFRESH:
		reload(app, v);
		return TR_NONE;
	case ACT_SEARCH: {
		struct buf b;

		buf_init(&b, 512);
		for (i = 1; i < argc; i++)
			if (buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]) !=
			    ST_OK)
				break;
		q = buf_steal(&b);
		FREE(L->query);
		if (*q)
			L->query = q;
		else
			free(q);
		FREE(L->keep_no);
		L->loaded = 0;
		free_rows(L);
		FREE(L->next_cursor);
		load(app, v, 0);
		app_mark(app, DIRTY_ALL);
		return TR_NONE;
	}
	case ACT_BACK:
		if (L->query) {
			FREE(L->query);
			L->loaded = 0;
			free_rows(L);
			FREE(L->next_cursor);
			load(app, v, 0);
			app_mark(app, DIRTY_ALL);
		}
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

static void
list_reconnected(struct app *app, struct view *v)
{
	reload(app, v);
}

const struct view_ops view_list_ops = {
	.name = "list",
	.ctx = KCTX_LIST,
	.open = list_open,
	.close = list_close,
	.title = list_title,
	.draw = list_draw,
	.action = list_action,
	.reconnected = list_reconnected,
};
