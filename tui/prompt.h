/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prompt.h - the ':' command line: GNU readline through its callback
 * interface, fed from our own byte queue and drawn by us.
 *
 * readline never touches the terminal: its signal handlers, environment
 * export and terminal preparation are off, its output goes to /dev/null,
 * and the loop draws rl_line_buffer in the bottom row (prompt_draw()).
 * The main loop keeps running while the line is open.  History lives in
 * memory and in $XDG_STATE_HOME/hotline/history (bounded).  readline's
 * state is process-global, so is this module's.
 */
#ifndef HOTLINE_TUI_PROMPT_H
#define HOTLINE_TUI_PROMPT_H

#include <curses.h>

#include "../keymaps/keymap.h"
#include "app.h"

/* Bytes in the line: room for `edit content VALUE` with the longest
 * content (4,000 characters, up to 3 bytes each, quoted). */
#define PROMPT_MAX 16384
#define PROMPT_HISTORY 500

/* Once, after setlocale() and before the loop.  history_path may be NULL. */
void prompt_init(struct app *app, const char *history_path);
/* Saves the history. */
void prompt_shutdown(void);

int prompt_is_open(void);
/* Open with initial text (may be NULL). */
void prompt_open(struct app *app, const char *initial);
void prompt_cancel(struct app *app);
/* One key while the line is open.  An accepted line is left in
 * app->deferred_cmd for the loop to run. */
void prompt_key(struct app *app, struct kkey k);
/* Draw the line into w (one row) and place the cursor. */
void prompt_draw(struct app *app, WINDOW *w, struct cursor *cur);

/* Completion candidates for the line before the cursor (exposed for
 * tests): words[0..n) typed so far, text the word being completed.
 * Fills out with up to cap matches (static strings); returns the count. */
size_t prompt_candidates(const char *line_before, const char *text,
			 const char **out, size_t cap);

#endif
