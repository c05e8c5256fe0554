/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keys.h - curses input → struct kkey (keymaps/keymap.h) and back to the
 * bytes readline expects.
 *
 * Printable wide characters become their code points, KEY_* codes become
 * KK_*, Enter/Tab/Esc/Backspace/Space get their KK_ names, and an ESC
 * followed at once (within the escape delay) by another key is Meta+key.
 */
#ifndef HOTLINE_TUI_KEYS_H
#define HOTLINE_TUI_KEYS_H

#include <stddef.h>

#include <curses.h>

#include "../keymaps/keymap.h"

/* Teach the current curses screen the Home/End sequences tmux, screen,
 * rxvt and xterm send that its terminfo entry lacks (ESC [ 1 ~, ESC [ 4 ~,
 * ESC [ 7 ~, ESC [ 8 ~, ESC [ H, ESC [ F, ESC O H, ESC O F), as KEY_HOME and
 * KEY_END; sequences the entry already has keep their meaning (xterm's
 * and rxvt's KEY_FIND and KEY_SELECT are Home and End below).  Call after
 * newterm(); returns how many were added. */
int keys_define_extra(void);
/* One get_wch() result (ret is OK or KEY_CODE_YES) → key.  Returns 0 when
 * the input means nothing to us (mouse, unknown function keys). */
int keys_from_wch(int ret, wint_t wch, struct kkey *out);
/* Read the next key from w (which must be in nodelay mode with keypad
 * on).  Returns 1 and fills *out, or 0 when no input is waiting. */
int keys_read(WINDOW *w, struct kkey *out);
/* Bytes for readline's emacs keymap (C-b for Left, ...) into out (cap >=
 * 16).  Returns the byte count; 0 when readline should not see the key. */
size_t keys_to_readline(struct kkey k, char *out, size_t cap);

#endif
