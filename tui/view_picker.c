/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_picker.c - pick one entry from a list drawn over the current
 * screen: not-ready reasons (by number), transfer modes (by number or
 * letter), units (filtered as you type, Chinese or pinyin initials).
 *
 * Picking closes the picker and runs "<command> <value>" through the
 * command layer, so a pick is exactly what typing that command does.
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "app.h"
#include "callfmt.h"
#include "command.h"
#include "draw.h"
#include "field.h"
#include "theme.h"
#include "views.h"

#define FILTER_MAX 128

struct pitem {
	char *label, *right, *match, *value;
	uint32_t hotkey;
};

struct picker {
	char *title, *note, *command;
	enum pick_mode mode;
	struct pitem *items;
	size_t n;
	size_t *vis; /* indexes of the entries shown, in order */
	size_t n_vis;
	size_t sel, top;
	int page_rows;
	struct field filter;
};

static void
refilter(struct picker *P)
{
	const char *q = field_text(&P->filter);
	int *score = xcalloc(P->n ? P->n : 1, sizeof *score);
	size_t i, j;

	P->n_vis = 0;
	for (i = 0; i < P->n; i++) {
		int s = 0;

		if (P->mode == PICK_FILTER && *q)
			s = cf_match(P->items[i].match, q);
		if (s < 0)
			continue;
		/* insertion by (score, original order) */
		j = P->n_vis++;
		while (j > 0 && score[P->vis[j - 1]] > s) {
			P->vis[j] = P->vis[j - 1];
			j--;
		}
		P->vis[j] = i;
		score[i] = s;
	}
	free(score);
	P->sel = P->top = 0;
}

struct view *
picker_open(struct app *app, struct view *owner, const char *title,
	    const char *note, enum pick_mode mode,
	    const struct pick_item *items, size_t n, const char *command)
{
	struct view *v = app_push(app, &view_picker_ops, NULL);
	struct picker *P;
	size_t i;

	if (!v)
		return NULL;
	P = v->priv;
	v->owner = owner ? owner->id : 0;
	P->title = xstrdup(title ? title : "");
	P->note = xstrdup(note ? note : "");
	P->command = xstrdup(command ? command : "");
	P->mode = mode;
	P->n = n;
	P->items = xcalloc(n ? n : 1, sizeof *P->items);
	P->vis = xcalloc(n ? n : 1, sizeof *P->vis);
	for (i = 0; i < n; i++) {
		const struct pick_item *s = &items[i];
		struct pitem *d = &P->items[i];

		d->label = xstrdup(s->label ? s->label : "");
		d->right = xstrdup(s->right ? s->right : "");
		d->match = xstrdup(s->match ? s->match : d->label);
		d->value = xstrdup(s->value ? s->value : "");
		d->hotkey = s->hotkey;
	}
	refilter(P);
	return v;
}

static void
picker_vopen(struct app *app, struct view *v, const char *arg)
{
	struct picker *P = xcalloc(1, sizeof *P);

	(void)app;
	(void)arg;
	field_init(&P->filter, FILTER_MAX, 0);
	P->page_rows = 5;
	v->priv = P;
}

static void
picker_close(struct app *app, struct view *v)
{
	struct picker *P = v->priv;
	size_t i;

	/* The box may have cut wide characters of the screen below in half:
	 * the terminal blanked their other half, which curses does not know
	 * (seen in tmux with the intake form), so repaint it all. */
	app_mark(app, DIRTY_ALL | DIRTY_CLEAR);
	for (i = 0; i < P->n; i++) {
		free(P->items[i].label);
		free(P->items[i].right);
		free(P->items[i].match);
		free(P->items[i].value);
	}
	free(P->items);
	free(P->vis);
	free(P->title);
	free(P->note);
	free(P->command);
	field_free(&P->filter);
	FREE(v->priv);
}

static void
picker_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct picker *P = v->priv;

	overlay_title(app, v, P->title, out, cap);
}

static void
picker_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct picker *P = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w);
	int wd, h, y0, x0, y, list_rows, maxw = 0, i;
	char line[1024], hint[256];
	size_t k;

	overlay_draw_below(app, v, w);
	for (k = 0; k < P->n; k++) {
		int lw = (int)u8_width(P->items[k].label) +
			 (int)u8_width(P->items[k].right) + 8;

		if (lw > maxw)
			maxw = lw;
	}
	if ((int)u8_width(P->title) + 8 > maxw)
		maxw = (int)u8_width(P->title) + 8;
	if ((int)u8_width(P->note) + 4 > maxw)
		maxw = (int)u8_width(P->note) + 4;
	wd = maxw < 44 ? 44 : maxw;
	if (wd > cols - 2)
		wd = cols - 2;
	list_rows = (int)P->n;
	if (list_rows < 1)
		list_rows = 1;
	h = list_rows + 3 + (P->note[0] ? 1 : 0) +
	    (P->mode == PICK_FILTER ? 1 : 0);
	if (h > rows)
		h = rows;
	list_rows = h - 3 - (P->note[0] ? 1 : 0) -
		    (P->mode == PICK_FILTER ? 1 : 0);
	if (list_rows < 1)
		list_rows = 1;
	P->page_rows = list_rows;
	y0 = (rows - h) / 2;
	x0 = (cols - wd) / 2;
	overlay_box(w, y0, x0, h, wd, P->title);
	y = y0 + 1;
	if (P->note[0])
		draw_fit(w, y++, x0 + 2, P->note, wd - 4, theme(TH_LABEL));
	if (P->mode == PICK_FILTER) {
		int lw = (int)u8_width(tr(MSG_FILTER)) + 2;
		char fbuf[FILTER_MAX * 2 + 8];
		size_t cx;

		snprintf(line, sizeof line, "%s:", tr(MSG_FILTER));
		draw_text(w, y, x0 + 2, line, wd - 4, theme(TH_LABEL));
		cx = field_render(&P->filter, (size_t)(wd - 4 - lw), fbuf,
				  sizeof fbuf);
		draw_fit(w, y, x0 + 2 + lw, fbuf, wd - 4 - lw,
			 A_UNDERLINE | theme(TH_NORMAL));
		cur->w = w;
		cur->y = y;
		cur->x = x0 + 2 + lw + (int)cx;
		y++;
	}
	if (P->sel < P->top)
		P->top = P->sel;
	if (P->sel >= P->top + (size_t)list_rows)
		P->top = P->sel - (size_t)list_rows + 1;
	if (P->n_vis == 0)
		draw_fit(w, y, x0 + 2,
			 tr(P->n ? MSG_NO_MATCH : MSG_LOADING), wd - 4,
			 theme(TH_DIM));
	for (i = 0; i < list_rows && P->top + (size_t)i < P->n_vis; i++) {
		size_t vi = P->top + (size_t)i;
		const struct pitem *it = &P->items[P->vis[vi]];
		int rw = (int)u8_width(it->right);
		attr_t a = theme(vi == P->sel ? TH_SELECT : TH_NORMAL);
		char key[16] = "";

		if (P->mode == PICK_NUMBERED && vi < 9)
			snprintf(key, sizeof key, "%zu ", vi + 1);
		else if (P->mode == PICK_NUMBERED)
			snprintf(key, sizeof key, "  ");
		if (it->hotkey && it->hotkey < 0x80)
			snprintf(line, sizeof line, "%s[%c] %s", key,
				 (char)it->hotkey, it->label);
		else
			snprintf(line, sizeof line, "%s%s", key, it->label);
		draw_fit(w, y + i, x0 + 1, "", wd - 2, a);
		draw_fit(w, y + i, x0 + 2, line, wd - 4 - (rw ? rw + 1 : 0),
			 a);
		if (rw && rw < wd - 8)
			draw_text(w, y + i, x0 + wd - 2 - rw, it->right, rw, a);
	}
	if (P->mode == PICK_NUMBERED)
		snprintf(hint, sizeof hint, "%s", tr(MSG_PICK_HINT_NUM));
	else
		snprintf(hint, sizeof hint, "%s", tr(MSG_PICK_HINT_FILTER));
	draw_fit(w, y0 + h - 2, x0 + 2, hint, wd - 4, theme(TH_DIM));
}

static int
do_pick(struct app *app, struct view *v, size_t vi)
{
	struct picker *P = v->priv;
	char *line;
	int r;

	if (vi >= P->n_vis)
		return TR_NONE;
	line = xasprintf("%s %s", P->command, P->items[P->vis[vi]].value);
	app_remove(app, v); /* v is gone from here on */
	r = cmd_run(app, line);
	free(line);
	return r;
}

static int
picker_key(struct app *app, struct view *v, struct kkey k)
{
	struct picker *P = v->priv;
	size_t i;

	if (k.mods)
		return TR_UNHANDLED;
	if (P->mode == PICK_FILTER) {
		if (!field_key(&P->filter, k))
			return TR_UNHANDLED;
		refilter(P);
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	}
	if (k.code >= '1' && k.code <= '9') {
		if ((size_t)(k.code - '1') < P->n_vis)
			return do_pick(app, v, (size_t)(k.code - '1'));
		return TR_NONE;
	}
	for (i = 0; i < P->n_vis; i++) {
		uint32_t h = P->items[P->vis[i]].hotkey;

		if (h && (k.code == h || (h < 0x80 && k.code < 0x80 &&
					  (k.code | 0x20) == (h | 0x20))))
			return do_pick(app, v, i);
	}
	return TR_UNHANDLED;
}

static void
move_sel(struct app *app, struct picker *P, long to)
{
	if (P->n_vis == 0)
		return;
	if (to < 0)
		to = 0;
	if ((size_t)to >= P->n_vis)
		to = (long)P->n_vis - 1;
	P->sel = (size_t)to;
	app_mark(app, DIRTY_BODY);
}

static int
picker_action(struct app *app, struct view *v, enum action a, int argc,
	      char **argv)
{
	struct picker *P = v->priv;
	long n;
	char *end;

	switch (a) {
	case ACT_MOVE_UP:
		move_sel(app, P, (long)P->sel - 1);
		return TR_NONE;
	case ACT_MOVE_DOWN:
		move_sel(app, P, (long)P->sel + 1);
		return TR_NONE;
	case ACT_PAGE_UP:
		move_sel(app, P, (long)P->sel - P->page_rows);
		return TR_NONE;
	case ACT_PAGE_DOWN:
		move_sel(app, P, (long)P->sel + P->page_rows);
		return TR_NONE;
	case ACT_FIRST:
		move_sel(app, P, 0);
		return TR_NONE;
	case ACT_LAST:
		move_sel(app, P, (long)P->n_vis - 1);
		return TR_NONE;
	case ACT_PICK:
	case ACT_OPEN:
	case ACT_SUBMIT:
		if (argc >= 2) {
			n = strtol(argv[1], &end, 10);
			if (*end || n < 1 || (size_t)n > P->n_vis) {
				app_msg(app, MSGL_ERROR, "%s: %s",
					tr(MSG_NO_MATCH), argv[1]);
				return TR_NONE;
			}
			return do_pick(app, v, (size_t)n - 1);
		}
		return do_pick(app, v, P->sel);
	case ACT_BACK:
	case ACT_NO:
		app_remove(app, v);
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

const struct view_ops view_picker_ops = {
	.name = "picker",
	.ctx = KCTX_PICKER,
	.open = picker_vopen,
	.close = picker_close,
	.title = picker_title,
	.draw = picker_draw,
	.key = picker_key,
	.action = picker_action,
	.overlay = 1,
};
