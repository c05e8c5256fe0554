/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * overlay.c - what pickers and questions share: they draw the screen
 * below them first, then a framed box on top.
 */
#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"
#include "app.h"
#include "draw.h"
#include "theme.h"
#include "views.h"

void
overlay_draw_below(struct app *app, struct view *v, WINDOW *w)
{
	int i = app_view_index(app, v);
	struct cursor none = { NULL, 0, 0 };
	struct view *below;

	if (i <= 0)
		return;
	below = app->stack[i - 1];
	below->ops->draw(app, below, w, &none);
}

void
overlay_title(struct app *app, struct view *v, const char *own, char *out,
	      size_t cap)
{
	int i = app_view_index(app, v);
	char t[256] = "";

	if (i > 0 && app->stack[i - 1]->ops->title)
		app->stack[i - 1]->ops->title(app, app->stack[i - 1], t,
					      sizeof t);
	snprintf(out, cap, "%s%s%s", t, t[0] ? " | " : "", own);
}

void
overlay_box(WINDOW *w, int y, int x, int h, int wd, const char *title)
{
	attr_t a = theme(TH_NORMAL);
	char edge[512];
	int r;

	if (h < 2 || wd < 4 || wd >= (int)sizeof edge)
		return;
	/* ASCII only: line-drawing characters are ambiguous-width in CJK
	 * terminals and the alternate character set is not everywhere */
	memset(edge, '-', (size_t)wd);
	edge[0] = edge[wd - 1] = '+';
	edge[wd] = '\0';
	draw_text(w, y, x, edge, wd, a);
	draw_text(w, y + h - 1, x, edge, wd, a);
	for (r = 1; r < h - 1; r++) {
		draw_blank(w, y + r, x, wd, a);
		draw_text(w, y + r, x, "|", 1, a);
		draw_text(w, y + r, x + wd - 1, "|", 1, a);
	}
	if (title && *title) {
		char t[512];

		snprintf(t, sizeof t, " %s ", title);
		draw_text(w, y, x + 2, t, wd - 4, theme(TH_COLHEAD));
	}
}
