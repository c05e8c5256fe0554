/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "command.h"

#include <string.h>

#include "../core/buf.h"
#include "../core/journal.h"
#include "../core/mem.h"
#include "../core/rc.h"
#include "../core/utf8.h"
#include "board.h"
#include "calls.h"
#include "prompt.h"
#include "intake.h"
#include "train.h"
#include "views.h"

enum kctx
cmd_context(const struct app *app)
{
	struct view *v = app_top(app);

	return view_context(app, v);
}

enum kctx
view_context(const struct app *app, const struct view *v)
{
	if (!v)
		return KCTX_GLOBAL;
	return v->ops->context ? v->ops->context(app, v) : v->ops->ctx;
}

static void
rc_err(const char *msg, void *ud)
{
	struct app *app = ud;

	app_msg(app, MSGL_ERROR, "%s", msg);
}

/* ---- global handlers -------------------------------------------------- */

static int
need_login(struct app *app)
{
	if (app->logged_in)
		return 1;
	app_msg(app, MSGL_ERROR, "%s", tr(MSG_NEED_LOGIN));
	return 0;
}

/* Close views above the list, down to a sticky one (the call screens
 * stay); returns the list view or NULL. */
static struct view *
to_list(struct app *app)
{
	struct view *list = app_find_view(app, &view_list_ops);

	if (!list)
		return NULL;
	while (app_top(app) != list && !app_top(app)->ops->sticky)
		app_pop(app);
	return list;
}

/* Words 1.. joined by spaces ("" when none); caller frees. */
static char *
rest_of(int argc, char **argv)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = 1; i < argc; i++)
		(void)buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
	return buf_steal(&b);
}

static int
run_config(struct app *app, const char *line, enum action a)
{
	char *old_server = xstrdup(config_get(app->cfg, OPT_SERVER));
	enum status st;

	st = config_exec_line(app->cfg, line, "", rc_err, app);
	if (st == ST_OK) {
		if (a == ACT_SET) {
			app_apply_options(app);
			if (strcmp(old_server, config_get(app->cfg, OPT_SERVER)))
				app_msg(app, MSGL_INFO, "%s",
					tr(MSG_SERVER_RESTART));
			else
				app_msg(app, MSGL_OK, "%s", tr(MSG_DONE));
		} else {
			app_msg(app, MSGL_OK, "%s", tr(MSG_DONE));
		}
		app_mark(app, DIRTY_ALL);
	}
	free(old_server);
	return TR_NONE;
}

static int
global_action(struct app *app, enum action a, int argc, char **argv)
{
	struct view *top = app_top(app);
	char *s;

	switch (a) {
	case ACT_QUIT:
		return TR_QUIT;
	case ACT_HELP:
		if (top && top->ops == &view_help_ops)
			app_pop(app);
		else
			app_push(app, &view_help_ops, NULL);
		return TR_NONE;
	case ACT_PROMPT:
		if (app->too_small)
			return TR_NONE;
		s = rest_of(argc, argv);
		if (*s) {
			char *t = xasprintf("%s ", s);

			free(s);
			s = t;
		}
		prompt_open(app, s);
		free(s);
		return TR_NONE;
	case ACT_REDRAW:
		app_mark(app, DIRTY_ALL | DIRTY_CLEAR | DIRTY_LAYOUT);
		return TR_NONE;
	case ACT_BACK:
		if (app->n_views > 1)
			app_pop(app);
		return TR_NONE;
	case ACT_REFRESH:
	case ACT_RECONNECT:
		app_health_now(app);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_CONNECTING));
		return TR_NONE;
	case ACT_LOGOUT:
		if (need_login(app))
			app_logout(app, 1, MSG_LOGGED_OUT);
		return TR_NONE;
	case ACT_KB:
		if (!need_login(app) || app->too_small)
			return TR_NONE;
		s = rest_of(argc, argv);
		app_push(app, &view_kb_ops, s);
		free(s);
		return TR_NONE;
	case ACT_ONLINE_QUEUE: /* issue #4 extras */
		if (!need_login(app) || app->too_small)
			return TR_NONE;
		top = app_find_view(app, &view_online_ops);
		if (top)
			app_remove(app, top);
		app_push(app, &view_online_ops, NULL);
		return TR_NONE;
	case ACT_TRAINING_RESULTS: /* issue #7 §3: view_results.c */
		if (!need_login(app) || app->too_small)
			return TR_NONE;
		results_view_open(app, argc > 1 ? argv[1] : NULL);
		return TR_NONE;
	case ACT_KB_NEW: { /* from outside the pane: open it, then the editor */
		struct view *kb;

		if (!need_login(app) || app->too_small)
			return TR_NONE;
		kb = app_push(app, &view_kb_ops, NULL);
		if (kb && kb->ops->action)
			(void)kb->ops->action(app, kb, a, argc, argv);
		return TR_NONE;
	}
	case ACT_SEARCH:
		if (!need_login(app))
			return TR_NONE;
		top = to_list(app);
		if (top && top->ops->action)
			return top->ops->action(app, top, a, argc, argv);
		return TR_NONE;
	case ACT_TICKET:
		if (!need_login(app))
			return TR_NONE;
		if (argc != 2) {
			const struct action_info *ai = action_info(a);

			app_msg(app, MSGL_ERROR, "%s: %s %s", tr(MSG_USAGE),
				ai->name, ai->args);
			return TR_NONE;
		}
		to_list(app); /* Esc from the ticket returns to the list */
		app_push(app, &view_detail_ops, argv[1]);
		return TR_NONE;
	/* intake form (issue #4) */
	case ACT_INTAKE: {
		char arg[64] = "";
		long cid;

		if (!need_login(app) || app->too_small)
			return TR_NONE;
		cid = call_view_call_id(top);
		if (argc > 1)
			snprintf(arg, sizeof arg, "channel:%s", argv[1]);
		else if (cid > 0)
			snprintf(arg, sizeof arg, "call:%ld", cid);
		if (cid > 0 && argc <= 1)
			intake_for_call(app, cid);
		else
			intake_open(app, arg);
		return TR_NONE;
	}
	case ACT_FIELD: /* issue #7: routed to the call's intake form */
		if (!need_login(app))
			return TR_NONE;
		if (intake_field(app, argc, argv) != TR_UNHANDLED)
			return TR_NONE;
		break;
	case ACT_DRAFTS:
		if (need_login(app))
			intake_list_drafts(app);
		return TR_NONE;
	case ACT_DRAFT_OPEN:
		if (!need_login(app) || argc != 2 || !journal_id_ok(argv[1]))
			return TR_NONE;
		{
			char arg[80];

			snprintf(arg, sizeof arg, "draft:%s", argv[1]);
			intake_open(app, arg);
		}
		return TR_NONE;
	default:
		if (train_action(app, a, argc, argv) != TR_UNHANDLED)
			return TR_NONE;
		/* issue #6: board, broadcast, ack, export, board commands */
		if (board_action(app, a, argc, argv) != TR_UNHANDLED)
			return TR_NONE;
		if (calls_action(app, a, argc, argv) != TR_UNHANDLED)
			return TR_NONE;
		break;
	}
	app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_NOT_HERE), argv[0]);
	return TR_NONE;
}

int
cmd_run(struct app *app, const char *line)
{
	struct rc_words w;
	const char *why = NULL;
	enum status st;
	enum action a;
	struct view *top;
	int r = TR_NONE;

	st = rc_split(line, &w, &why);
	if (st != ST_OK) {
		app_msg(app, MSGL_ERROR, "%s (%s)", status_msg(st),
			why ? why : "");
		return TR_NONE;
	}
	if (w.n == 0) {
		rc_words_free(&w);
		return TR_NONE;
	}
	a = action_lookup(w.v[0]);
	switch (a) {
	case ACT_NONE:
		app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_UNKNOWN_COMMAND),
			w.v[0]);
		break;
	case ACT_BIND:
	case ACT_UNBIND:
	case ACT_SET:
	case ACT_SOURCE:
		r = run_config(app, line, a);
		break;
	default:
		top = app_top(app);
		r = TR_UNHANDLED;
		if (top && top->ops->action)
			r = top->ops->action(app, top, a, (int)w.n, w.v);
		if (r & TR_UNHANDLED)
			r = global_action(app, a, (int)w.n, w.v);
		break;
	}
	rc_words_free(&w);
	return r & ~TR_UNHANDLED;
}

/* Show the keys typed so far of a multi-key binding. */
static void
show_pending(struct app *app)
{
	char names[80];
	size_t i, off = 0;

	names[0] = '\0';
	for (i = 0; i < app->n_pending && off < sizeof names; i++) {
		char one[32];

		if (kkey_name(app->pending[i], one, sizeof one) != ST_OK)
			snprintf(one, sizeof one, "?");
		off += (size_t)snprintf(names + off, sizeof names - off,
					"%s%s", i ? " " : "", one);
	}
	app_msg(app, MSGL_INFO, "%s -", names);
}

int
cmd_key(struct app *app, struct kkey k)
{
	struct view *top = app_top(app);
	const char *command = NULL;
	enum kmap_match m;
	int r;

	if (app->n_pending == 0 && top && top->ops->key && !app->too_small) {
		r = top->ops->key(app, top, k);
		if (!(r & TR_UNHANDLED))
			return r;
	}
	app->pending[app->n_pending++] = k;
	m = kmap_lookup(app->cfg->keys, cmd_context(app), app->pending,
			app->n_pending, &command);
	switch (m) {
	case KMAP_FOUND: {
		char *line = xstrdup(command); /* a rebind may free it */

		app->n_pending = 0;
		if (app->msg[0] && app->msg_level == MSGL_INFO)
			app_msg(app, MSGL_INFO, "%s", "");
		r = cmd_run(app, line);
		free(line);
		return r;
	}
	case KMAP_PREFIX:
		if (app->n_pending < KMAP_MAX_SEQ) {
			show_pending(app);
			return TR_NONE;
		}
		break;
	case KMAP_NONE:
		break;
	}
	if (app->n_pending == 1 && k.code != KK_RESIZE) {
		char name[32];

		if (kkey_name(k, name, sizeof name) == ST_OK)
			app_msg(app, MSGL_INFO, "%s: %s", tr(MSG_KEY_UNBOUND),
				name);
	} else if (app->n_pending > 1) {
		app_msg(app, MSGL_INFO, "%s", "");
	}
	app->n_pending = 0;
	return TR_NONE;
}
