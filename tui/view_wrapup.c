/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_wrapup.c - after-call work (话后处理): the ACW countdown (or time
 * spent, when the server's ACW is optional), the disposition code
 * (required; the list from GET /v1/wrapup-codes, filtered as you type),
 * a one-line summary and "needs call-back".  Submitting sends the
 * wrap-up; the server then makes the agent READY, or NOT_READY when that
 * was asked for during the call.  When the server applies its default
 * code on expiry, calls_sync() closes this view and says so.
 *
 * Opened by calls_sync() when the call enters ACW; Esc returns to the
 * call screen (to save the draft), the wrapup command comes back.
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "app.h"
#include "callfmt.h"
#include "calls.h"
#include "draw.h"
#include "field.h"
#include "lineedit.h"
#include "theme.h"
#include "views.h"

#define FILTER_MAX 64
#define SUMMARY_MAX 2000
#define SUMMARY_CODE "wrapup_summary" /* its history in tui/lineedit.c */

enum wfocus { W_CODE, W_SUMMARY, W_CALLBACK };

struct wrapv {
	long call_id;
	enum wfocus focus;
	struct field filter, summary;
	size_t *vis; /* indexes into calls->codes, filtered */
	size_t n_vis, cap_vis, sel, top;
	size_t n_codes_seen;
	char *chosen;
	int needs_cb;
	int hinted; /* the suggested code was highlighted once */
};

static const struct code_list *
codes(struct app *app)
{
	return app->calls ? &app->calls->codes : NULL;
}

static void
refilter(struct app *app, struct wrapv *W)
{
	const struct code_list *l = codes(app);
	const char *q = field_text(&W->filter);
	int *score;
	size_t i, j, n = l ? l->n : 0;

	if (n > W->cap_vis) {
		W->vis = xrealloc(W->vis, n * sizeof *W->vis);
		W->cap_vis = n;
	}
	score = xcalloc(n ? n : 1, sizeof *score);
	W->n_vis = 0;
	for (i = 0; i < n; i++) {
		const struct code_item *it = &l->items[i];
		char *m = xasprintf("%s\t%s\t%s", it->name_zh, it->name_en,
				    it->code);
		int s = *q ? cf_match(m, q) : 0;

		free(m);
		if (s < 0)
			continue;
		j = W->n_vis++;
		while (j > 0 && score[W->vis[j - 1]] > s) {
			W->vis[j] = W->vis[j - 1];
			j--;
		}
		W->vis[j] = i;
		score[i] = s;
	}
	free(score);
	W->n_codes_seen = n;
	if (W->sel >= W->n_vis)
		W->sel = W->n_vis ? W->n_vis - 1 : 0;
}

/* Highlight the code that fits what happened on the call (once). */
static void
suggest(struct app *app, struct wrapv *W)
{
	const struct call *c;
	const char *want = NULL;
	size_t i;

	if (W->hinted || !calls_live(app, &c) || !W->n_vis)
		return;
	W->hinted = 1;
	if (app->calls->ticket_no)
		want = "TICKET_CREATED";
	else if (c->n_urged)
		want = "URGED_OPEN";
	else if (c->n_transfers &&
		 strcmp(c->transfers[c->n_transfers - 1].target, "110") == 0)
		want = "TRANSFER_110";
	else if (c->n_transfers && strcmp(c->transfers[c->n_transfers - 1]
						  .target_kind,
					  "EMERGENCY") == 0)
		want = "TRANSFER_EMERGENCY";
	else if (c->n_transfers)
		want = "THREE_WAY";
	for (i = 0; want && i < W->n_vis; i++)
		if (strcmp(codes(app)->items[W->vis[i]].code, want) == 0)
			W->sel = i;
}

static void
wrapv_open(struct app *app, struct view *v, const char *arg)
{
	struct wrapv *W = xcalloc(1, sizeof *W);
	const struct call *c = NULL;

	(void)arg;
	v->priv = W;
	calls_live(app, &c);
	W->call_id = c ? c->id : 0;
	field_init(&W->filter, FILTER_MAX, 0);
	field_init(&W->summary, SUMMARY_MAX, 0);
	calls_need(app, CL_CODES);
	calls_need(app, CL_CONFIG);
	refilter(app, W);
	suggest(app, W);
}

static void
wrapv_close(struct app *app, struct view *v)
{
	struct wrapv *W = v->priv;

	(void)app;
	field_free(&W->filter);
	le_leave(W, 0);
	field_free(&W->summary);
	free(W->vis);
	free(W->chosen);
	FREE(v->priv);
}

static void
wrapv_title(struct app *app, struct view *v, char *out, size_t cap)
{
	(void)app;
	(void)v;
	snprintf(out, cap, "%s", tr(MSG_WRAPUP_TITLE));
}

static const char *
label_of(struct app *app, const char *code)
{
	return calls_code_label(app, code);
}

static void
draw_field(WINDOW *w, int y, int x, int width, struct field *f, int focus,
	   struct cursor *cur)
{
	char out[SUMMARY_MAX * 2 + 8];
	size_t cx = field_render(f, (size_t)width, out, sizeof out);

	draw_fit(w, y, x, out, width, A_UNDERLINE | theme(TH_NORMAL));
	if (focus) {
		cur->w = w;
		cur->y = y;
		cur->x = x + (int)cx;
	}
}

static void
wrapv_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct wrapv *W = v->priv;
	struct calls *C = app->calls;
	const struct call *c = NULL;
	int rows = getmaxy(w), cols = getmaxx(w), y, lw, i, list_rows;
	char line[1024], t1[16], t2[16], keys[64];
	const char *vals[2];
	time_t now = calls_now(app);
	time_t deadline;

	if (!C || !calls_live(app, &c) || c->id != W->call_id) {
		draw_center(w, rows / 2, tr(MSG_NO_CALL), theme(TH_DIM));
		return;
	}
	if (W->n_codes_seen != C->codes.n) {
		refilter(app, W);
		suggest(app, W);
	}
	deadline = C->have_st && C->st.acw_deadline ? C->st.acw_deadline
						     : c->acw_deadline;
	cf_mmss(c->talk_s, t1, sizeof t1);
	snprintf(line, sizeof line, "%s %s   %s %s", tr(MSG_CALLER),
		 c->caller, tr(MSG_TALK_TIME), t1);
	lw = draw_text(w, 0, 0, line, cols, A_BOLD | theme(TH_NORMAL));
	if (deadline) {
		long left = (long)(deadline - now);

		cf_mmss(left, t2, sizeof t2);
		snprintf(line, sizeof line, "   %s %s", tr(MSG_ACW_LEFT), t2);
		draw_text(w, 0, lw, line, cols - lw,
			  A_BOLD | theme(left <= 10 ? TH_ERROR : TH_WARN));
	} else {
		cf_mmss((long)(now - (c->ended_at ? c->ended_at : now)), t2,
			sizeof t2);
		snprintf(line, sizeof line, "   %s %s", tr(MSG_ACW_USED), t2);
		draw_text(w, 0, lw, line, cols - lw, theme(TH_LABEL));
	}
	/* the policy */
	kmap_keys_for(app->cfg->keys, KCTX_WRAPUP, "extend-acw", keys,
		      sizeof keys);
	if (deadline) {
		vals[0] = label_of(app, C->have[CL_CONFIG] &&
						C->scfg.acw_default_code
					    ? C->scfg.acw_default_code
					    : NULL);
		vals[1] = keys[0] ? keys : "extend-acw";
		tr_fill(line, sizeof line, MSG_ACW_POLICY_TIMED, vals, 2);
	} else {
		snprintf(line, sizeof line, "%s", tr(MSG_ACW_POLICY_OPTIONAL));
	}
	draw_fit(w, 1, 0, line, cols, theme(TH_DIM));
	/* what follows, and what the call is linked to */
	if (C->have_st && strcmp(C->st.after_call, "OFFLINE") == 0) {
		snprintf(line, sizeof line, "%s", tr(MSG_THEN_OFFLINE));
	} else if (C->have_st && C->st.after_call[0]) {
		vals[0] = calls_reason_label(app, C->st.after_call_reason);
		tr_fill(line, sizeof line, MSG_THEN_NOT_READY, vals, 1);
	} else {
		snprintf(line, sizeof line, "%s", tr(MSG_THEN_READY));
	}
	if (C->ticket_no)
		snprintf(line + strlen(line), sizeof line - strlen(line),
			 "   %s %s", tr(MSG_BOUND_TICKET), C->ticket_no);
	for (i = 0; i < (int)c->n_urged; i++)
		snprintf(line + strlen(line), sizeof line - strlen(line),
			 "%s%s%s", i ? ", " : "   ", i ? "" : tr(MSG_URGED_LIST),
			 c->urged_tickets[i]);
	draw_fit(w, 2, 0, line, cols, theme(TH_LABEL));

	/* the code */
	y = 4;
	lw = (int)u8_width(tr(MSG_W_CODE));
	if ((int)u8_width(tr(MSG_W_SUMMARY)) > lw)
		lw = (int)u8_width(tr(MSG_W_SUMMARY));
	if ((int)u8_width(tr(MSG_W_CALLBACK)) > lw)
		lw = (int)u8_width(tr(MSG_W_CALLBACK));
	draw_fit(w, y, 0, tr(MSG_W_CODE), lw, theme(TH_LABEL));
	draw_field(w, y, lw + 1, 20, &W->filter, W->focus == W_CODE, cur);
	if (W->chosen)
		snprintf(line, sizeof line, "%s: %s (%s)", tr(MSG_W_CHOSEN),
			 label_of(app, W->chosen), W->chosen);
	else
		snprintf(line, sizeof line, "%s", tr(MSG_W_NOT_CHOSEN));
	draw_text(w, y, lw + 23, line, cols - lw - 23,
		  theme(W->chosen ? TH_OK : TH_ERROR));
	y++;
	list_rows = rows - y - 5;
	if (list_rows < 1)
		list_rows = 1;
	if (!C->have[CL_CODES] && !C->codes.n) {
		draw_text(w, y, lw + 1, tr(MSG_LOADING), cols - lw - 1,
			  theme(TH_DIM));
	} else if (!W->n_vis) {
		draw_text(w, y, lw + 1, tr(MSG_NO_MATCH), cols - lw - 1,
			  theme(TH_DIM));
	}
	if (W->sel < W->top)
		W->top = W->sel;
	if (W->sel >= W->top + (size_t)list_rows)
		W->top = W->sel - (size_t)list_rows + 1;
	for (i = 0; i < list_rows && W->top + (size_t)i < W->n_vis; i++) {
		size_t k = W->top + (size_t)i;
		const struct code_item *it = &C->codes.items[W->vis[k]];
		int is_sel = k == W->sel;
		int is_chosen = W->chosen && strcmp(W->chosen, it->code) == 0;

		snprintf(line, sizeof line, "%s %s", is_chosen ? "*" : " ",
			 label_of(app, it->code));
		draw_fit(w, y + i, lw + 1, line, 30,
			 theme(is_sel && W->focus == W_CODE ? TH_SELECT
			       : is_sel			 ? TH_COLHEAD
							 : TH_NORMAL));
		if (cols - lw - 32 > 4)
			draw_text(w, y + i, lw + 32, it->code, cols - lw - 32,
				  theme(TH_DIM));
	}
	y += list_rows + 1;
	draw_fit(w, y, 0, tr(MSG_W_SUMMARY), lw, theme(TH_LABEL));
	if (W->focus == W_SUMMARY) /* readline edits it (tui/lineedit.c) */
		le_focus(app, W, SUMMARY_CODE, field_text(&W->summary),
			 SUMMARY_MAX);
	if (W->focus == W_SUMMARY && le_owns(W, SUMMARY_CODE)) {
		char out[SUMMARY_MAX * 2 + 8];
		size_t cx = le_render((size_t)(cols - lw - 1), out, sizeof out);

		draw_fit(w, y, lw + 1, out, cols - lw - 1,
			 A_UNDERLINE | theme(TH_NORMAL));
		cur->w = w;
		cur->y = y;
		cur->x = lw + 1 + (int)cx;
	} else {
		draw_field(w, y, lw + 1, cols - lw - 1, &W->summary, 0, cur);
	}
	y += 2;
	draw_fit(w, y, 0, tr(MSG_W_CALLBACK), lw, theme(TH_LABEL));
	snprintf(line, sizeof line, "[%s] %s", W->needs_cb ? "x" : " ",
		 tr(W->needs_cb ? MSG_YES : MSG_NO_WORD));
	draw_text(w, y, lw + 1, line, cols - lw - 1,
		  W->focus == W_CALLBACK ? theme(TH_SELECT)
					 : theme(TH_NORMAL));
	if (W->focus == W_CALLBACK) {
		cur->w = w;
		cur->y = y;
		cur->x = lw + 2;
	}
	draw_fit(w, rows - 1, 0, tr(MSG_W_HINT), cols, theme(TH_DIM));
}

static void
submit(struct app *app, struct wrapv *W)
{
	if (!W->chosen) {
		W->focus = W_CODE;
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_NEED_CODE));
		app_mark(app, DIRTY_BODY);
		return;
	}
	le_remember(SUMMARY_CODE, field_text(&W->summary));
	calls_wrapup(app, W->chosen, field_text(&W->summary), W->needs_cb);
}

static void
choose(struct app *app, struct wrapv *W)
{
	const struct code_list *l = codes(app);

	if (!l || W->sel >= W->n_vis)
		return;
	free(W->chosen);
	W->chosen = xstrdup(l->items[W->vis[W->sel]].code);
	W->focus = W_SUMMARY;
	app_mark(app, DIRTY_BODY);
}

static int
wrapv_key(struct app *app, struct view *v, struct kkey k)
{
	struct wrapv *W = v->priv;

	if (W->focus == W_SUMMARY && (k.code != KK_ENTER || le_searching())) {
		enum le_result r;

		le_focus(app, W, SUMMARY_CODE, field_text(&W->summary),
			 SUMMARY_MAX);
		r = le_key(app, W, k);
		if (r == LE_UNUSED)
			return TR_UNHANDLED;
		if (r == LE_CHANGED)
			field_set(&W->summary, le_text());
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	}
	if (k.mods)
		return TR_UNHANDLED;
	switch (W->focus) {
	case W_CODE:
		if (k.code == KK_ENTER) {
			choose(app, W);
			return TR_NONE;
		}
		if (field_key(&W->filter, k)) {
			refilter(app, W);
			W->sel = 0;
			app_mark(app, DIRTY_BODY);
			return TR_NONE;
		}
		return TR_UNHANDLED;
	case W_SUMMARY:
		if (k.code == KK_ENTER) {
			submit(app, W);
			return TR_NONE;
		}
		return TR_UNHANDLED;
	case W_CALLBACK:
		if (k.code == KK_ENTER) {
			submit(app, W);
			return TR_NONE;
		}
		if (k.code == KK_SPACE || k.code == ' ')
			W->needs_cb = !W->needs_cb;
		else if (k.code == 'y' || k.code == 'Y')
			W->needs_cb = 1;
		else if (k.code == 'n' || k.code == 'N')
			W->needs_cb = 0;
		else
			return kkey_is_text(k) ? TR_NONE : TR_UNHANDLED;
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	}
	return TR_UNHANDLED;
}

static int
wrapv_action(struct app *app, struct view *v, enum action a, int argc,
	     char **argv)
{
	struct wrapv *W = v->priv;
	switch (a) {
	case ACT_MOVE_UP:
		if (W->focus == W_CODE) {
			if (W->sel > 0)
				W->sel--;
		} else {
			W->focus = (enum wfocus)(W->focus - 1);
		}
		break;
	case ACT_MOVE_DOWN:
		if (W->focus == W_CODE && W->sel + 1 < W->n_vis)
			W->sel++;
		else if (W->focus != W_CODE && W->focus != W_CALLBACK)
			W->focus = (enum wfocus)(W->focus + 1);
		break;
	case ACT_FIRST:
		W->sel = 0;
		break;
	case ACT_LAST:
		W->sel = W->n_vis ? W->n_vis - 1 : 0;
		break;
	case ACT_NEXT_FIELD:
		W->focus = (enum wfocus)((W->focus + 1) % 3);
		break;
	case ACT_PREV_FIELD:
		W->focus = (enum wfocus)((W->focus + 2) % 3);
		break;
	case ACT_PICK:
	case ACT_OPEN:
		choose(app, W);
		break;
	case ACT_SUBMIT:
		submit(app, W);
		break;
	case ACT_WRAPUP:
		if (argc < 2) {
			submit(app, W);
		} else {
			char sum[SUMMARY_MAX + 1];
			size_t off = 0;
			int i;

			sum[0] = '\0';
			for (i = 2; i < argc && off < sizeof sum; i++)
				off += (size_t)snprintf(sum + off,
							sizeof sum - off,
							"%s%s", i > 2 ? " " : "",
							argv[i]);
			calls_wrapup(app, argv[1],
				     argc > 2 ? sum : field_text(&W->summary),
				     W->needs_cb);
		}
		break;
	case ACT_BACK:
		app_remove(app, v);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_WRAPUP_LATER));
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
	app_mark(app, DIRTY_BODY);
	return TR_NONE;
}

const struct view_ops view_wrapup_ops = {
	.name = "wrapup",
	.ctx = KCTX_WRAPUP,
	.open = wrapv_open,
	.close = wrapv_close,
	.title = wrapv_title,
	.draw = wrapv_draw,
	.key = wrapv_key,
	.action = wrapv_action,
	.sticky = 1,
};
