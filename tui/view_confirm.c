/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_confirm.c - a yes/no question over the current screen, with an
 * optional line for the agent to read to the caller (the emergency
 * hand-off: "转接110？ y/n" and "请不要挂机，马上为您转接110。").
 * y and n are bound in the "confirm" context only; Esc means no.  It is
 * modal: other commands wait until it is answered (help, redraw and quit
 * still work).
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "app.h"
#include "draw.h"
#include "theme.h"
#include "views.h"

struct confirm {
	char *question, *script;
	confirm_fn fn;
	void *data;
	int answered;
};

struct view *
confirm_open(struct app *app, struct view *owner, const char *question,
	     const char *script, confirm_fn fn, void *data)
{
	struct view *v = app_push(app, &view_confirm_ops, NULL);
	struct confirm *C;

	if (!v) {
		free(data);
		return NULL;
	}
	C = v->priv;
	v->owner = owner ? owner->id : 0;
	C->question = xstrdup(question ? question : "");
	C->script = xstrdup(script ? script : "");
	C->fn = fn;
	C->data = data;
	return v;
}

static void
confirm_vopen(struct app *app, struct view *v, const char *arg)
{
	(void)app;
	(void)arg;
	v->priv = xcalloc(1, sizeof(struct confirm));
}

static void
confirm_close(struct app *app, struct view *v)
{
	struct confirm *C = v->priv;

	/* closed without an answer (its call ended, logout): a no */
	if (!C->answered && C->fn && app->logged_in)
		C->fn(app, 0, C->data);
	free(C->data);
	free(C->question);
	free(C->script);
	FREE(v->priv);
}

static void
confirm_title(struct app *app, struct view *v, char *out, size_t cap)
{
	overlay_title(app, v, tr(MSG_CONFIRM_TITLE), out, cap);
}

static void
confirm_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct confirm *C = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w);
	int wd = cols - 8, h = C->script[0] ? 6 : 4, y0, x0;
	char line[512];

	(void)cur;
	overlay_draw_below(app, v, w);
	if (wd > 70)
		wd = 70;
	y0 = (rows - h) / 2;
	x0 = (cols - wd) / 2;
	overlay_box(w, y0, x0, h, wd, tr(MSG_CONFIRM_TITLE));
	draw_fit(w, y0 + 1, x0 + 2, C->question, wd - 4,
		 A_BOLD | theme(TH_WARN));
	if (C->script[0]) {
		snprintf(line, sizeof line, "%s:", tr(MSG_SCRIPT));
		draw_fit(w, y0 + 3, x0 + 2, line, wd - 4, theme(TH_LABEL));
		draw_fit(w, y0 + 4, x0 + 4, C->script, wd - 6,
			 theme(TH_NORMAL));
	}
	draw_fit(w, y0 + 2, x0 + 2, tr(MSG_CONFIRM_HINT), wd - 4,
		 theme(TH_DIM));
}

static int
answer(struct app *app, struct view *v, int yes)
{
	struct confirm *C = v->priv;
	confirm_fn fn = C->fn;
	void *data = C->data;

	C->answered = 1;
	C->data = NULL;
	app_remove(app, v); /* v is gone from here on */
	if (fn)
		fn(app, yes, data);
	free(data);
	return TR_NONE;
}

static int
confirm_key(struct app *app, struct view *v, struct kkey k)
{
	(void)app;
	(void)v;
	/* Text keys that are not bound here do nothing (they must not
	 * reach global bindings by accident); the rest goes on. */
	if (kkey_is_text(k)) {
		const char *cmd;

		if (kmap_lookup(app->cfg->keys, KCTX_CONFIRM, &k, 1, &cmd) ==
		    KMAP_NONE)
			return TR_NONE;
	}
	return TR_UNHANDLED;
}

static int
confirm_action(struct app *app, struct view *v, enum action a, int argc,
	       char **argv)
{
	(void)argc;
	(void)argv;
	switch (a) {
	case ACT_YES:
		return answer(app, v, 1);
	case ACT_NO:
	case ACT_BACK:
		return answer(app, v, 0);
	case ACT_QUIT:
	case ACT_HELP:
	case ACT_REDRAW:
		return TR_UNHANDLED;
	default:
		/* modal: the question is answered first */
		app_msg(app, MSGL_INFO, "%s", tr(MSG_CONFIRM_HINT));
		return TR_NONE;
	}
}

const struct view_ops view_confirm_ops = {
	.name = "confirm",
	.ctx = KCTX_CONFIRM,
	.open = confirm_vopen,
	.close = confirm_close,
	.title = confirm_title,
	.draw = confirm_draw,
	.key = confirm_key,
	.action = confirm_action,
	.overlay = 1,
};
