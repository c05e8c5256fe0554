/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loop.h - the one single-threaded event loop.
 *
 * Each turn: api_poll() on the network and the terminal with a timeout of
 * at most 250 ms (sooner when a timer is due), api_dispatch() (network
 * callbacks), drain every waiting key, run timers (clock, health checks
 * with back-off while offline), run a command accepted on the ':' line,
 * then draw what is dirty with a single doupdate().  Nothing here waits on
 * the network, so the screen never freezes.
 */
#ifndef HOTLINE_TUI_LOOP_H
#define HOTLINE_TUI_LOOP_H

#include "app.h"

/* Runs until a quit command or signal.  Returns the exit status. */
int loop_run(struct app *app);
/* One key as the loop handles it (exposed for tests). */
void loop_key(struct app *app, struct kkey k);

#endif
