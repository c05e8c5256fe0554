/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * statusbar.h - the status bar (agent, role, agent state, connection,
 * clock) and the message line below it.
 */
#ifndef HOTLINE_TUI_STATUSBAR_H
#define HOTLINE_TUI_STATUSBAR_H

#include <curses.h>

#include "app.h"

void statusbar_draw(struct app *app, WINDOW *w);
/* The message line when the ':' line is closed. */
void msgline_draw(struct app *app, WINDOW *w);
/* The top line: application name and the view's title. */
void header_draw(struct app *app, WINDOW *w);

#endif
