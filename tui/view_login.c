/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_login.c - the login screen: 工号 and 密码 fields, Enter submits.
 *
 * The password is drawn as stars, never logged, and wiped from memory
 * (explicit_bzero via field_clear) once the server has answered with
 * anything but a network failure.  A password handed over from
 * --password-file is submitted at once and again when the connection
 * comes back.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "app.h"
#include "draw.h"
#include "field.h"
#include "theme.h"
#include "views.h"

#define USER_MAX 64
#define PASS_MAX 256

struct login {
	struct field user, pass;
	int focus; /* 0 user, 1 password */
	int busy;
	int auto_pending; /* resubmit when the connection returns */
	char note[APP_MSG_MAX];
	int note_error;
};

static void
set_note(struct login *L, int error, const char *a, const char *b)
{
	snprintf(L->note, sizeof L->note, "%s%s%s", a, b && *b ? ": " : "",
		 b ? b : "");
	L->note_error = error;
}

static void
on_login(const struct api_result *r, const char *token,
	 const struct agent_info *agent, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale;
	struct view *v = app_req_take(q, &stale);
	struct login *L;

	if (!v)
		return;
	L = v->priv;
	L->busy = 0;
	app_mark(app, DIRTY_BODY);
	if (r->st == ST_OK && agent && token) {
		field_clear(&L->pass);
		app_msg(app, MSGL_OK, "%s", "");
		app_login_done(app, agent, token); /* closes this view */
		return;
	}
	if (r->st == ST_NETWORK || r->st == ST_TIMEOUT) {
		app_net_result(app, r);
		set_note(L, 1, status_msg(r->st), tr(MSG_LOGIN_RETRY_HINT));
		L->auto_pending = 1; /* retry when the connection returns */
		return;
	}
	/* The server answered: the password has been used. */
	field_clear(&L->pass);
	L->focus = 1;
	L->auto_pending = 0;
	if (strcmp(r->err_code, "bad_credentials") == 0)
		set_note(L, 1, tr(MSG_BAD_CREDENTIALS), NULL);
	else if (strcmp(r->err_code, "throttled") == 0)
		set_note(L, 1, tr(MSG_THROTTLED), r->message);
	else {
		char buf[APP_MSG_MAX];

		set_note(L, 1, app_err_text(r, buf, sizeof buf), NULL);
	}
	app_msg(app, MSGL_ERROR, "%s", L->note);
	app_net_result(app, r);
}

static void
submit(struct app *app, struct login *L, struct view *v)
{
	struct req *q;

	if (L->busy)
		return;
	if (field_text(&L->user)[0] == '\0') {
		L->focus = 0;
		set_note(L, 1, tr(MSG_NEED_USERNAME), NULL);
		app_mark(app, DIRTY_BODY);
		return;
	}
	if (field_text(&L->pass)[0] == '\0') {
		L->focus = 1;
		set_note(L, 1, tr(MSG_NEED_PASSWORD), NULL);
		app_mark(app, DIRTY_BODY);
		return;
	}
	q = app_req_new(app, v);
	if (api_login(app->api, field_text(&L->user), field_text(&L->pass),
		      on_login, q) != 0) {
		app_req_take(q, NULL);
		set_note(L, 1, status_msg(ST_NETWORK), NULL);
		app_mark(app, DIRTY_BODY);
		return;
	}
	L->busy = 1;
	L->auto_pending = 0;
	set_note(L, 0, tr(MSG_LOGGING_IN), NULL);
	app_mark(app, DIRTY_BODY);
}

static void
login_open(struct app *app, struct view *v, const char *arg)
{
	struct login *L = xcalloc(1, sizeof *L);

	(void)arg;
	v->priv = L;
	field_init(&L->user, USER_MAX, 0);
	field_init(&L->pass, PASS_MAX, 1);
	if (app->login_user && *app->login_user) {
		field_set(&L->user, app->login_user);
		L->focus = 1;
	}
	if (app->auto_password) {
		field_set(&L->pass, app->auto_password);
		explicit_bzero(app->auto_password, strlen(app->auto_password));
		FREE(app->auto_password);
		if (field_text(&L->user)[0])
			submit(app, L, v);
	}
}

static void
login_close(struct app *app, struct view *v)
{
	struct login *L = v->priv;

	(void)app;
	field_free(&L->user);
	field_free(&L->pass);
	explicit_bzero(L, sizeof *L);
	FREE(v->priv);
}

static void
login_title(struct app *app, struct view *v, char *out, size_t cap)
{
	(void)app;
	(void)v;
	snprintf(out, cap, "%s", tr(MSG_LOGIN_TITLE));
}

/* "Enter 登录  Tab 切换  F1 帮助  C-c 退出" from the live bindings. */
static void
hint(struct app *app, char *out, size_t cap)
{
	static const struct {
		const char *cmd;
		enum msg_id what;
		uint32_t pref; /* named when bound to cmd, or unbound (the
				* form's fallback, see login_key) */
	} items[] = {
		{ "submit", MSG_LOGIN_TITLE, KK_ENTER },
		{ "next-field", MSG_HINT_NEXT_FIELD, KK_TAB },
		{ "help", MSG_HINT_HELP, 0 },
		{ "quit", MSG_HINT_QUIT, 0x03 },
	};
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof items / sizeof items[0]; i++) {
		struct kkey pref = { items[i].pref, 0 };
		const char *bound = NULL;
		enum kmap_match m = KMAP_NONE;
		char keys[64];

		if (pref.code)
			m = kmap_lookup(app->cfg->keys, KCTX_LOGIN, &pref, 1,
					&bound);
		if (pref.code && (m == KMAP_NONE ||
				  (m == KMAP_FOUND &&
				   strcmp(bound, items[i].cmd) == 0)))
			kkey_name(pref, keys, sizeof keys);
		else
			kmap_keys_for(app->cfg->keys, KCTX_LOGIN, items[i].cmd,
				      keys, sizeof keys);
		if (!keys[0] || off >= cap)
			continue;
		off += (size_t)snprintf(out + off, cap - off, "%s%s %s",
					off ? "   " : "", keys,
					tr(items[i].what));
	}
}

static void
draw_field(WINDOW *w, int y, int x, int width, struct field *f, int focus,
	   struct cursor *cur)
{
	char out[PASS_MAX * 2 + 8];
	size_t cx = field_render(f, (size_t)width, out, sizeof out);

	draw_fit(w, y, x, out, width, A_UNDERLINE | theme(TH_NORMAL));
	if (focus) {
		cur->w = w;
		cur->y = y;
		cur->x = x + (int)cx;
	}
}

static void
login_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct login *L = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w);
	int box = cols - 4 < 64 ? cols - 4 : 64;
	int x0 = (cols - box) / 2, y = rows / 2 - 7;
	int lw = (int)u8_width(tr(MSG_USERNAME)), fw;
	char line[512];

	if ((int)u8_width(tr(MSG_PASSWORD)) > lw)
		lw = (int)u8_width(tr(MSG_PASSWORD));
	if ((int)u8_width(tr(MSG_SERVER)) > lw)
		lw = (int)u8_width(tr(MSG_SERVER));
	if (y < 0)
		y = 0;
	fw = box - lw - 2;
	if (fw > 40)
		fw = 40;
	draw_center(w, y, tr(MSG_APP_NAME), A_BOLD | theme(TH_NORMAL));
	draw_center(w, y + 2, tr(MSG_LOGIN_TITLE), theme(TH_COLHEAD));

	draw_fit(w, y + 4, x0, tr(MSG_USERNAME), lw, theme(TH_LABEL));
	draw_field(w, y + 4, x0 + lw + 2, fw, &L->user, L->focus == 0, cur);
	draw_fit(w, y + 6, x0, tr(MSG_PASSWORD), lw, theme(TH_LABEL));
	draw_field(w, y + 6, x0 + lw + 2, fw, &L->pass, L->focus == 1, cur);
	draw_fit(w, y + 8, x0, tr(MSG_SERVER), lw, theme(TH_LABEL));
	draw_text(w, y + 8, x0 + lw + 2, app->server_url, box - lw - 2,
		  theme(TH_DIM));
	if (L->note[0])
		draw_center(w, y + 10, L->note,
			    theme(L->note_error ? TH_ERROR : TH_NORMAL));
	hint(app, line, sizeof line);
	draw_center(w, y + 12, line, theme(TH_DIM));
}

static int
fallback_key(struct app *app, struct kkey k)
{
	const char *cmd;

	/* Enter, Tab and C-c always work in the form, even when unbound. */
	return kmap_lookup(app->cfg->keys, KCTX_LOGIN, &k, 1, &cmd) ==
	       KMAP_NONE;
}

static int
login_key(struct app *app, struct view *v, struct kkey k)
{
	struct login *L = v->priv;
	struct field *f = L->focus ? &L->pass : &L->user;

	if (field_key(f, k)) {
		if (L->note_error) {
			L->note[0] = '\0';
			L->note_error = 0;
		}
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	}
	if (k.mods == 0 && fallback_key(app, k)) {
		if (k.code == KK_ENTER) {
			if (L->focus == 0 && !field_text(&L->pass)[0])
				L->focus = 1;
			else
				submit(app, L, v);
			app_mark(app, DIRTY_BODY);
			return TR_NONE;
		}
		if (k.code == KK_TAB || k.code == KK_BTAB) {
			L->focus ^= 1;
			app_mark(app, DIRTY_BODY);
			return TR_NONE;
		}
		if (k.code == 0x03) /* C-c: the way out of a form */
			return TR_QUIT;
	}
	return TR_UNHANDLED;
}

static int
login_action(struct app *app, struct view *v, enum action a, int argc,
	     char **argv)
{
	struct login *L = v->priv;

	(void)argc;
	(void)argv;
	switch (a) {
	case ACT_SUBMIT:
		/* Enter on an empty password moves there first. */
		if (L->focus == 0 && field_text(&L->user)[0] &&
		    !field_text(&L->pass)[0])
			L->focus = 1;
		else
			submit(app, L, v);
		break;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		L->focus ^= 1;
		break;
	case ACT_BACK:
		L->note[0] = '\0';
		break;
	default:
		return TR_UNHANDLED;
	}
	app_mark(app, DIRTY_BODY);
	return TR_NONE;
}

static void
login_reconnected(struct app *app, struct view *v)
{
	struct login *L = v->priv;

	if (L->auto_pending && !L->busy && field_text(&L->pass)[0])
		submit(app, L, v);
}

const struct view_ops view_login_ops = {
	.name = "login",
	.ctx = KCTX_LOGIN,
	.open = login_open,
	.close = login_close,
	.title = login_title,
	.draw = login_draw,
	.key = login_key,
	.action = login_action,
	.reconnected = login_reconnected,
};
