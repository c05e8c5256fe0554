/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - hotline, the 12345 hotline agent's terminal client.
 *
 * Start-up order: options; configuration (compiled-in defaults, then the
 * rc file; errors are collected and shown on the status line, never
 * printed while curses owns the screen); --dump-keys; locale and terminal
 * checks; the API handle; curses; the event loop.  The terminal is
 * restored on every way out (see term.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/i18n.h"
#include "../core/mem.h"
#include "../core/rc.h"
#include "../core/scenario.h"
#include "../keymaps/keymap.h"
#include "../net/api.h"
#include "app.h"
#include "calls.h"
#include "durable.h"
#include "cli.h"
#include "loop.h"
#include "lineedit.h"
#include "prompt.h"
#include "screen.h"
#include "term.h"
#include "theme.h"
#include "train.h"
#include "views.h"

#define PASSWORD_MAX 256

/* A start-up error in both languages (the terminal may not show one). */
static int
fail(enum msg_id id, const char *detail)
{
	const char *d = detail ? detail : "";
	const char *sep = detail ? ": " : "";

	fprintf(stderr, "hotline: %s%s%s\n", app_tr_in(LANG_ZH, id), sep, d);
	fprintf(stderr, "hotline: %s%s%s\n", app_tr_in(LANG_EN, id), sep, d);
	return 1;
}

/* $NAME when it is an absolute path, else $HOME/fallback; caller frees. */
static char *
xdg_dir(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	const char *home = getenv("HOME");

	if (v && v[0] == '/')
		return xstrdup(v);
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/%s", home, fallback);
}

/* mkdir -p with mode 0700 for what we create.  0 on success. */
static int
make_dirs(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static void
collect_error(const char *msg, void *ud)
{
	app_note(ud, msg);
}

static void
dump_one(enum kctx ctx, const char *keys, const char *command, void *ud)
{
	struct rc_words w;
	const char *help = "";

	(void)ud;
	if (rc_split(command, &w, NULL) == ST_OK && w.n > 0) {
		enum action a = action_lookup(w.v[0]);

		if (a != ACT_NONE)
			help = action_help(a);
	}
	printf("%s\t%s\t%s\t%s\n", kctx_name(ctx), keys, command, help);
	rc_words_free(&w);
}

/* First line of path into a malloc'd string; NULL on error. */
static char *
read_password(const char *path, int *too_open)
{
	FILE *f = fopen(path, "r");
	char buf[PASSWORD_MAX + 2];
	struct stat st;
	char *pw = NULL;
	size_t n;

	*too_open = 0;
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
		*too_open = 1;
	if (fgets(buf, sizeof buf, f)) {
		n = strcspn(buf, "\r\n");
		buf[n] = '\0';
		pw = xstrdup(buf);
	}
	explicit_bzero(buf, sizeof buf);
	fclose(f);
	return pw;
}

static void
on_session_end(const struct api_result *r, void *ud)
{
	(void)r;
	*(int *)ud = 1;
}

/* Tell the server the session is over; wait at most a second. */
static void
end_session(struct app *app)
{
	int64_t until = app_now_ms() + 1000;
	int done = 0;

	if (api_logout(app->api, on_session_end, &done) != 0)
		return;
	while (!done && app_now_ms() < until) {
		api_poll(app->api, -1, 100);
		api_dispatch(app->api);
	}
}

static void
app_free(struct app *app)
{
	size_t i;

	app_clear_views(app);
	calls_stop(app); /* before api_free, which would free its stream */
	durable_stop(app);
	if (app->api)
		api_free(app->api);
	app_req_free_all(app);
	agent_info_free(&app->agent);
	free(app->server_url);
	free(app->state_dir);
	free(app->login_user);
	if (app->auto_password) {
		explicit_bzero(app->auto_password, strlen(app->auto_password));
		free(app->auto_password);
	}
	for (i = 0; i < app->n_notes; i++)
		free(app->notes[i]);
	free(app->notes);
	for (i = 0; i < app->n_cands; i++)
		free(app->cands[i]);
	free(app->cands);
	free(app->deferred_cmd);
	config_free(app->cfg);
}

/* --check, and the scenario of --demo/--practice: parsed before anything
 * starts.  Returns 0, or 2 after printing "file:line: message". */
static int
load_scenario(const char *path, int practice, struct scenario *out)
{
	char err[600];

	if (scn_load(path, train_scn_opts(practice), out, err, sizeof err) !=
	    ST_OK) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	return 0;
}

/* --speed: 0.25 .. 8; 0 when bad. */
static double
parse_speed(const char *s)
{
	char *end;
	double v;

	if (!s)
		return 1;
	v = strtod(s, &end);
	if (end == s || *end || !(v >= 0.25 && v <= 8))
		return 0;
	return v;
}

int
main(int argc, char **argv)
{
	struct app app;
	struct cli_args args;
	const char *url, *env, *lang_opt;
	char *rc_path = NULL, *history = NULL, *cfg_home;
	enum lang lang;
	int why, too_open = 0, rc;
	struct scenario scn;
	const char *scn_path;
	double speed;

	memset(&app, 0, sizeof app);
	term_locale(); /* checked below; --help wants it too */
	i18n_set(i18n_from_env());
	if (cli_parse(argc, argv, &args) != 0)
		return 2;
	if (args.help) {
		cli_usage(stdout);
		return 0;
	}
	if (args.version) {
		printf("hotline %s\n", HOTLINE_VERSION);
		return 0;
	}

	/* Training: the scenario is checked before anything starts. */
	memset(&scn, 0, sizeof scn);
	if (args.check) {
		if (load_scenario(args.check, args.practice != NULL, &scn))
			return 2;
		printf("%s: ok (%zu steps, %zu caller lines, %zu "
		       "expectations, max score %d)\n",
		       args.check, scn.n_steps, scn.n_says, scn.n_expects,
		       scn.max_score);
		scn_free(&scn);
		return 0;
	}
	scn_path = args.demo ? args.demo : args.practice;
	speed = parse_speed(args.speed);
	if (speed == 0) {
		fprintf(stderr, "hotline: --speed %s: %s (0.25 - 8)\n",
			args.speed, status_msg(ST_INVALID));
		return 2;
	}
	if (scn_path && load_scenario(scn_path, args.practice != NULL, &scn))
		return 2;

	/* Configuration: defaults, then the rc file. */
	app.cfg = config_new();
	cfg_home = xdg_dir("XDG_CONFIG_HOME", ".config");
	if (args.config) {
		config_load_file(app.cfg, args.config, collect_error, &app);
	} else if (cfg_home) {
		rc_path = xasprintf("%s/hotline/hotlinerc", cfg_home);
		if (access(rc_path, F_OK) == 0)
			config_load_file(app.cfg, rc_path, collect_error, &app);
	}
	free(cfg_home);
	free(rc_path);
	lang_opt = config_get(app.cfg, OPT_LANGUAGE);
	if (lang_opt && *lang_opt && i18n_parse(lang_opt, &lang) == 0)
		i18n_set(lang);

	if (args.dump_keys) {
		size_t i;

		for (i = 0; i < app.n_notes; i++)
			fprintf(stderr, "hotline: %s\n", app.notes[i]);
		kmap_each(app.cfg->keys, dump_one, NULL);
		app_free(&app);
		return 0;
	}

	/* The terminal (none for --no-display). */
	if (term_locale() != 0 && !args.no_display) {
		scn_free(&scn);
		app_free(&app);
		return fail(MSG_ERR_LOCALE, NULL);
	}
	if (!args.no_display && term_check(&why) != 0) {
		const char *t = getenv("TERM");

		scn_free(&scn);
		app_free(&app);
		if (why == 1)
			return fail(MSG_ERR_NOT_TTY, NULL);
		if (why == 2)
			return fail(MSG_ERR_TERM_UNSET, t && *t ? t : NULL);
		return fail(MSG_ERR_TERM_UNKNOWN, t);
	}

	/* Server: --server > $HOTLINE_SERVER > set server > default. */
	env = getenv("HOTLINE_SERVER");
	url = args.server ? args.server
			  : env && *env ? env : config_get(app.cfg, OPT_SERVER);
	app.server_url = xstrdup(url);
	app.api = api_new(url, config_get_int(app.cfg, OPT_TIMEOUT) > 0
				       ? config_get_int(app.cfg, OPT_TIMEOUT)
				       : 10);
	if (!app.api) {
		app_free(&app);
		return fail(MSG_ERR_BAD_URL, url);
	}
	if (args.user)
		app.login_user = xstrdup(args.user);
	else if (*config_get(app.cfg, OPT_USER))
		app.login_user = xstrdup(config_get(app.cfg, OPT_USER));
	if (args.password_file) {
		app.auto_password = read_password(args.password_file, &too_open);
		if (!app.auto_password) {
			int e = errno;

			app_free(&app);
			return fail(MSG_ERR_PASSWORD_FILE,
				    e ? strerror(e) : args.password_file);
		}
		if (too_open) {
			fprintf(stderr, "hotline: %s: %s\n", args.password_file,
				tr(MSG_WARN_PASSWORD_PERMS));
			app_note(&app, tr(MSG_WARN_PASSWORD_PERMS));
		}
	}
	app.no_color_env = (env = getenv("NO_COLOR")) != NULL && *env;
	app.color = config_get_bool(app.cfg, OPT_COLOR) && !app.no_color_env;

	/* State: history (and nothing else yet). */
	app.state_dir = xdg_dir("XDG_STATE_HOME", ".local/state");
	if (app.state_dir) {
		char *d = xasprintf("%s/hotline", app.state_dir);

		free(app.state_dir);
		app.state_dir = d;
		if (make_dirs(d) == 0)
			history = xasprintf("%s/history", d);
	}

	term_signals(app.api);
	app.w_input = args.no_display ? train_headless_start() : term_start();
	if (!app.w_input) {
		free(history);
		scn_free(&scn);
		app_free(&app);
		return args.no_display ? 3 : fail(MSG_ERR_CURSES, NULL);
	}
	if (scn_path)
		train_start(&app, &scn,
			    args.demo ? TRAIN_DEMO : TRAIN_PRACTICE, speed,
			    args.no_display);
	theme_init(app.color);
	prompt_init(&app, history);
	free(history);
	app.conn = CONN_CONNECTING;
	app_health_now(&app);
	app_push(&app, &view_login_ops, NULL);

	rc = args.no_display ? train_run_headless(&app) : loop_run(&app);
	calls_stop(&app); /* no events while the session ends */

	le_shutdown();
	prompt_shutdown();
	app_clear_views(&app);
	train_stop();
	screen_free(&app);
	if (args.no_display)
		train_headless_end(app.w_input);
	else
		term_stop();
	if (app.logged_in)
		end_session(&app);
	app_free(&app);
	return rc;
}
