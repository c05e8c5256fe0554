/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_help.c - the key help, generated from the live bindings and the
 * action registry's help texts, in the current language.  Scrollable.
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/rc.h"
#include "../core/utf8.h"
#include "app.h"
#include "command.h"
#include "draw.h"
#include "theme.h"
#include "views.h"

#define KEYS_W 16
#define CMD_W 26

struct help {
	size_t top;
	size_t total;
	int page_rows;
	enum kctx from; /* context of the view below */
};

struct hline {
	char *keys, *cmd, *help;
	enum th_elem e;
};

struct hlines {
	struct hline *v;
	size_t n, cap;
	enum kctx want; /* while collecting one context */
};

static void
add(struct hlines *h, const char *keys, const char *cmd, const char *help,
    enum th_elem e)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	h->v[h->n].keys = xstrdup(keys);
	h->v[h->n].cmd = xstrdup(cmd);
	h->v[h->n].help = xstrdup(help);
	h->v[h->n].e = e;
	h->n++;
}

/* Help text of a command line: its action's help. */
static const char *
command_help(const char *command)
{
	struct rc_words w;
	const char *s = "";

	if (rc_split(command, &w, NULL) == ST_OK && w.n > 0) {
		enum action a = action_lookup(w.v[0]);

		if (a != ACT_NONE)
			s = action_help(a);
	}
	rc_words_free(&w);
	return s;
}

static void
each(enum kctx ctx, const char *keys, const char *command, void *ud)
{
	struct hlines *h = ud;

	if (ctx != h->want)
		return;
	add(h, keys, command, command_help(command), TH_NORMAL);
}

static const enum msg_id ctx_titles[KCTX__COUNT] = {
	[KCTX_GLOBAL] = MSG_CTX_GLOBAL, [KCTX_LOGIN] = MSG_CTX_LOGIN,
	[KCTX_LIST] = MSG_CTX_LIST,	[KCTX_DETAIL] = MSG_CTX_DETAIL,
	[KCTX_HELP] = MSG_CTX_HELP,	[KCTX_CALL] = MSG_CTX_CALL,
	[KCTX_WRAPUP] = MSG_CTX_WRAPUP, [KCTX_PICKER] = MSG_CTX_PICKER,
	[KCTX_CONFIRM] = MSG_CTX_CONFIRM, [KCTX_KB] = MSG_CTX_KB,
	[KCTX_INTAKE] = MSG_CTX_INTAKE,
	[KCTX_KBEDIT] = MSG_CTX_KBEDIT,
	[KCTX_BOARD] = MSG_CTX_BOARD,
};

static void
section(struct app *app, struct hlines *h, enum kctx c)
{
	char title[128];
	size_t before;

	snprintf(title, sizeof title, "%s (%s)", tr(ctx_titles[c]),
		 kctx_name(c));
	add(h, "", "", "", TH_NORMAL);
	before = h->n;
	add(h, title, "", "", TH_COLHEAD);
	h->want = c;
	kmap_each(app->cfg->keys, each, h);
	if (h->n == before + 1) { /* nothing bound: drop the heading */
		h->n -= 2;
		free(h->v[h->n].keys);
		free(h->v[h->n].cmd);
		free(h->v[h->n].help);
		free(h->v[h->n + 1].keys);
		free(h->v[h->n + 1].cmd);
		free(h->v[h->n + 1].help);
	}
}

static void
build(struct app *app, struct help *H, struct hlines *h)
{
	int c, i;
	char usage[128];

	memset(h, 0, sizeof *h);
	add(h, tr(MSG_HELP_TITLE), "", tr(MSG_HELP_INTRO), TH_COLHEAD);
	/* the context of the screen below first, then global, then the rest */
	section(app, h, H->from);
	if (H->from != KCTX_GLOBAL)
		section(app, h, KCTX_GLOBAL);
	for (c = 0; c < KCTX__COUNT; c++)
		if (c != (int)H->from && c != KCTX_GLOBAL)
			section(app, h, (enum kctx)c);
	add(h, "", "", "", TH_NORMAL);
	add(h, tr(MSG_HELP_COMMANDS), "", "", TH_COLHEAD);
	for (i = 1; i < ACT__COUNT; i++) {
		const struct action_info *ai = action_info((enum action)i);

		if (!ai)
			continue;
		snprintf(usage, sizeof usage, "%s%s%s", ai->name,
			 ai->args[0] ? " " : "", ai->args);
		add(h, ":", usage, action_help((enum action)i), TH_NORMAL);
	}
}

static void
free_lines(struct hlines *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].keys);
		free(h->v[i].cmd);
		free(h->v[i].help);
	}
	FREE(h->v);
}

static void
help_open(struct app *app, struct view *v, const char *arg)
{
	struct help *H = xcalloc(1, sizeof *H);
	size_t n = app->n_views;

	(void)arg;
	v->priv = H;
	H->page_rows = 10;
	/* the view below us (we are already on the stack) */
	H->from = n >= 2 ? view_context(app, app->stack[n - 2]) : KCTX_GLOBAL;
}

static void
help_close(struct app *app, struct view *v)
{
	(void)app;
	FREE(v->priv);
}

static void
help_title(struct app *app, struct view *v, char *out, size_t cap)
{
	(void)app;
	(void)v;
	snprintf(out, cap, "%s", tr(MSG_HELP_TITLE));
}

static void
help_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct help *H = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), i;
	struct hlines h;

	(void)cur;
	build(app, H, &h);
	H->total = h.n;
	H->page_rows = rows;
	if (H->top + (size_t)rows > h.n)
		H->top = h.n > (size_t)rows ? h.n - (size_t)rows : 0;
	for (i = 0; i < rows && H->top + (size_t)i < h.n; i++) {
		const struct hline *l = &h.v[H->top + (size_t)i];

		if (l->e == TH_COLHEAD && !l->cmd[0]) {
			int x = draw_text(w, i, 1, l->keys, cols - 2,
					  theme(TH_COLHEAD));

			if (l->help[0])
				draw_text(w, i, x + 3, l->help, cols - x - 4,
					  theme(TH_DIM));
			continue;
		}
		draw_text(w, i, 2, l->keys, KEYS_W - 1, theme(TH_LABEL));
		draw_text(w, i, 2 + KEYS_W, l->cmd, CMD_W - 1,
			  theme(TH_NORMAL));
		draw_text(w, i, 2 + KEYS_W + CMD_W, l->help,
			  cols - 3 - KEYS_W - CMD_W, theme(TH_NORMAL));
	}
	free_lines(&h);
}

static void
scroll_to(struct app *app, struct help *H, long to)
{
	long max = (long)H->total - H->page_rows;

	if (to > max)
		to = max;
	if (to < 0)
		to = 0;
	H->top = (size_t)to;
	app_mark(app, DIRTY_BODY);
}

static int
help_action(struct app *app, struct view *v, enum action a, int argc,
	    char **argv)
{
	struct help *H = v->priv;

	(void)argc;
	(void)argv;
	switch (a) {
	case ACT_MOVE_UP:
		scroll_to(app, H, (long)H->top - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		scroll_to(app, H, (long)H->top + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		scroll_to(app, H, (long)H->top - (H->page_rows - 1));
		return TR_NONE;
	case ACT_PAGE_DOWN:
		scroll_to(app, H, (long)H->top + (H->page_rows - 1));
		return TR_NONE;
	case ACT_FIRST:
		scroll_to(app, H, 0);
		return TR_NONE;
	case ACT_LAST:
		scroll_to(app, H, (long)H->total);
		return TR_NONE;
	case ACT_REFRESH:
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

const struct view_ops view_help_ops = {
	.name = "help",
	.ctx = KCTX_HELP,
	.open = help_open,
	.close = help_close,
	.title = help_title,
	.draw = help_draw,
	.action = help_action,
};
