/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * term.h - owning the terminal: start-up checks, curses set-up and the
 * guarantee that the terminal is restored (endwin) on every way out:
 * normal quit, error exit, SIGTERM/SIGHUP (turned into a quit request)
 * and fatal signals (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL: endwin,
 * then the signal is raised again with its previous action).
 */
#ifndef HOTLINE_TUI_TERM_H
#define HOTLINE_TUI_TERM_H

#include <curses.h>

#include "../net/api.h"

/* setlocale(LC_ALL, ""), falling back to C.UTF-8 for LC_CTYPE.  Returns 0
 * when the character set is UTF-8, -1 otherwise. */
int term_locale(void);
/* 0 when term_locale() found a locale that is not UTF-8 and fell back
 * (the terminal may not draw block characters), else 1. */
int term_locale_was_utf8(void);
/* 0 when stdin and stdout are terminals and TERM names a terminal that
 * terminfo knows and that can address the cursor.  Otherwise -1 and *why
 * is 1 (not a tty), 2 (TERM unset or dumb) or 3 (unknown to terminfo). */
int term_check(int *why);
/* Start curses (raw, noecho, keypad, ESC delay 25 ms).  Returns the
 * window to read keys from (a 1x1 pad: reading never repaints), NULL on
 * failure. */
WINDOW *term_start(void);
void term_stop(void);
/* SIGTERM/SIGHUP set a flag and wake api_poll (api may be NULL). */
void term_signals(struct api *api);
/* The signal number that asked us to quit, 0 if none. */
int term_quit_signal(void);

#endif
