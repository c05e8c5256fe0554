/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * board.h - the supervisor console (issue #6): the board view
 * (view_board.c) and its glue with the rest of the client
 * (board_events.c): live events, the broadcasts every agent sees on the
 * status bar until acknowledged, and the commands that work from any
 * screen (board, broadcast, ack, export).
 *
 * Nothing here blocks: every request goes through net/stats.h and its
 * reply is dropped when the view it was made for has closed.
 */
#ifndef HOTLINE_TUI_BOARD_H
#define HOTLINE_TUI_BOARD_H

#include <stddef.h>

#include "../keymaps/keymap.h"
#include "../net/calls.h"
#include "app.h"

extern const struct view_ops view_board_ops; /* view_board.c */

/* ---- board_events.c ---- */

/* Supervisor or admin. */
int board_allowed(const struct app *app);
/* Every event of the stream, from calls.c's dispatcher before its own
 * handling: keeps the broadcasts and feeds an open board. */
void board_event(struct app *app, const struct api_event *ev);
/* Once a second (calls_tick): the board's periodic check. */
void board_tick(struct app *app);
/* board, broadcast, ack, export from any screen; TR_UNHANDLED for other
 * actions. */
int board_action(struct app *app, enum action a, int argc, char **argv);
/* The oldest broadcast not acknowledged yet as status-bar text (out) and
 * a short form (alt); 0 when there is none. */
int board_bcast_text(const struct app *app, char *out, size_t cap,
		     char *alt, size_t alt_cap);
/* Reload the unacknowledged broadcasts (GET /v1/broadcasts?active=1). */
void board_bcasts_reload(struct app *app);

/* ---- view_board.c ---- */

void board_view_event(struct app *app, struct view *v,
		      const struct api_event *ev);
/* GET /v1/stats/live (and the rest when all): on open, resync, 30 s. */
void board_view_reload(struct app *app, struct view *v, int all);
void board_view_tick(struct app *app, struct view *v);

/* Pure helpers, exposed for tests. */
/* The glyph for a bar cell: level 0..8 eighths; ascii: '#' from 4 up,
 * ' ' below.  Returns a static string. */
const char *board_bar_glyph(int eighths, int ascii, int last_week);
/* Cells of height h eighths for value v of max (h*8 for v == max). */
int board_bar_eighths(long v, long max, int h);

#endif
