/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "loop.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../core/mem.h"
#include "command.h"
#include "keys.h"
#include "prompt.h"
#include "screen.h"
#include "term.h"

#define MAX_KEYS_PER_TURN 512

/*
 * Key timing for benchmarks (bench/intake.sh): with HOTLINE_KEY_TIMING=FILE
 * every key read appends one line to FILE,
 *
 *     CONTEXT <TAB> KEY <TAB> HANDLED_US <TAB> PAINTED_US
 *
 * the key context when the key was read, the key's name, and the
 * microseconds (CLOCK_MONOTONIC) from the moment curses handed the key over
 * to the end of its handling (the view, the command, the draft journal) and
 * to the end of the paint that shows it (doupdate); "-" when nothing was
 * painted.  Lines are written after the paint, one write(2) per turn, so
 * the cost is outside the span measured.  Off (one getenv at start) when
 * the variable is not set.
 */
static int kt_fd = -2; /* -2: not looked at yet, -1: off */
static struct kt_rec {
	struct timespec read, handled;
	enum kctx ctx;
	struct kkey k;
} kt_turn[MAX_KEYS_PER_TURN];
static size_t kt_n;

static long
kt_us(const struct timespec *a, const struct timespec *b)
{
	return (long)((b->tv_sec - a->tv_sec) * 1000000L +
		      (b->tv_nsec - a->tv_nsec) / 1000L);
}

static int
kt_on(void)
{
	if (kt_fd == -2) {
		const char *path = getenv("HOTLINE_KEY_TIMING");

		kt_fd = path && *path ? open(path, O_WRONLY | O_CREAT |
						       O_APPEND | O_CLOEXEC,
					     0600)
				      : -1;
	}
	return kt_fd >= 0;
}

static void
kt_flush(int painted)
{
	char buf[MAX_KEYS_PER_TURN * 64], name[32], us[24];
	struct timespec now;
	size_t i, len = 0;

	if (!kt_n)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < kt_n && len + 96 < sizeof buf; i++) {
		struct kt_rec *r = &kt_turn[i];
		int n;

		if (kkey_name(r->k, name, sizeof name) != ST_OK)
			snprintf(name, sizeof name, "?");
		if (painted)
			snprintf(us, sizeof us, "%ld", kt_us(&r->read, &now));
		else
			snprintf(us, sizeof us, "-");
		n = snprintf(buf + len, sizeof buf - len, "%s\t%s\t%ld\t%s\n",
			     kctx_name(r->ctx), name,
			     kt_us(&r->read, &r->handled), us);
		if (n > 0)
			len += (size_t)n;
	}
	kt_n = 0;
	if (write(kt_fd, buf, len) < 0)
		kt_fd = -1; /* a benchmark aid: give up quietly */
}

static void
run_deferred(struct app *app)
{
	while (app->deferred_cmd && !app->quit) {
		char *line = app->deferred_cmd;
		int r;

		app->deferred_cmd = NULL;
		r = cmd_run(app, line);
		free(line);
		if (r & TR_QUIT)
			app->quit = 1;
	}
}

void
loop_key(struct app *app, struct kkey k)
{
	int r = TR_NONE;

	if (k.code == KK_RESIZE) {
		app_mark(app, DIRTY_LAYOUT | DIRTY_ALL);
		return;
	}
	if (prompt_is_open())
		prompt_key(app, k);
	else
		r = cmd_key(app, k);
	if (r & TR_QUIT)
		app->quit = 1;
	run_deferred(app);
}

/* The first start-up note (rc errors) on the message line. */
static void
show_notes(struct app *app)
{
	if (!app->n_notes)
		return;
	if (app->n_notes == 1)
		app_msg(app, MSGL_ERROR, "%s", app->notes[0]);
	else
		app_msg(app, MSGL_ERROR, "%s (+%zu)", app->notes[0],
			app->n_notes - 1);
}

int
loop_run(struct app *app)
{
	struct kkey k;
	int n;

	screen_layout(app);
	show_notes(app);
	app_timers(app);
	screen_draw(app);
	while (!app->quit) {
		api_poll(app->api, STDIN_FILENO, app_next_timeout(app));
		api_dispatch(app->api);
		for (n = 0; n < MAX_KEYS_PER_TURN && !app->quit; n++) {
			struct kt_rec *r = &kt_turn[kt_n];

			if (!keys_read(app->w_input, &k))
				break;
			if (kt_on()) {
				clock_gettime(CLOCK_MONOTONIC, &r->read);
				r->ctx = cmd_context(app);
				r->k = k;
			}
			loop_key(app, k);
			if (kt_fd >= 0) {
				clock_gettime(CLOCK_MONOTONIC, &r->handled);
				kt_n++;
			}
		}
		if (term_quit_signal())
			app->quit = 1;
		app_timers(app);
		run_deferred(app);
		if (app->dirty && !app->quit) {
			screen_draw(app);
			if (kt_fd >= 0)
				kt_flush(1);
		}
		if (kt_fd >= 0)
			kt_flush(0);
	}
	return app->exit_code;
}
