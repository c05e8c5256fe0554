/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wrap.h - word wrap by display columns, without curses.
 *
 * Lines break at '\n' and wherever the next character would pass the
 * width.  Chinese may break between any two characters; a run of Latin
 * text breaks at its last space when there is one on the line.
 * Combining marks stay with their base character.
 */
#ifndef HOTLINE_TUI_WRAP_H
#define HOTLINE_TUI_WRAP_H

#include <stddef.h>

/* Called once per output line with a pointer into the text and a length
 * in bytes (no newline). */
typedef void (*wrap_fn)(const char *line, size_t len, void *ud);

/* Returns the number of lines produced (at least 1, "" gives one empty
 * line).  cols < 1 is treated as 1. */
size_t wrap_text(const char *s, size_t cols, wrap_fn fn, void *ud);

#endif
