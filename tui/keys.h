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
