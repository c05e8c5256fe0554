/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "loop.h"

#include <stdlib.h>
#include <unistd.h>

#include "../core/mem.h"
#include "command.h"
#include "keys.h"
#include "prompt.h"
#include "screen.h"
#include "term.h"

#define MAX_KEYS_PER_TURN 512

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
			if (!keys_read(app->w_input, &k))
				break;
			loop_key(app, k);
		}
		if (term_quit_signal())
			app->quit = 1;
		app_timers(app);
		run_deferred(app);
		if (app->dirty && !app->quit)
			screen_draw(app);
	}
	return app->exit_code;
}
