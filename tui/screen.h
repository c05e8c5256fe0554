/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen.h - the window layout and the one drawing pass per loop turn.
 *
 *   row 0            header (application, view title)
 *   rows 1..LINES-3  the top view
 *   row LINES-2      status bar
 *   row LINES-1      message line / the ':' line
 *
 * Below APP_MIN_COLS x APP_MIN_ROWS the whole screen shows the "terminal
 * too small" notice with the current and the required size, and the
 * normal layout returns as soon as the terminal is large enough.
 */
#ifndef HOTLINE_TUI_SCREEN_H
#define HOTLINE_TUI_SCREEN_H

#include "app.h"

/* (Re)create the windows for the current LINES x COLS. */
void screen_layout(struct app *app);
/* Draw what is dirty, then one doupdate(). */
void screen_draw(struct app *app);
void screen_free(struct app *app);

#endif
