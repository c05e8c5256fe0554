/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * draw.h - drawing UTF-8 text into curses windows by display columns.
 *
 * The only place that turns our UTF-8 strings into wide characters for
 * curses.  Widths come from core/utf8.h (the layout truth), never from the
 * terminal.  Strings are drawn as data, never used as formats.
 */
#ifndef HOTLINE_TUI_DRAW_H
#define HOTLINE_TUI_DRAW_H

#include <stddef.h>

#include <curses.h>

#include "../core/i18n.h"

/* Draw s at (y, x), at most cols columns, no padding.  Returns the
 * columns drawn. */
int draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t a);
/* Draw s at (y, x) fitted to exactly cols columns (cut with an ellipsis
 * when too long, padded with spaces). */
void draw_fit(WINDOW *w, int y, int x, const char *s, int cols, attr_t a);
/* Fill cols columns at (y, x) with spaces in attribute a. */
void draw_blank(WINDOW *w, int y, int x, int cols, attr_t a);
/* Draw s centred on row y of w. */
void draw_center(WINDOW *w, int y, const char *s, attr_t a);

/* Table rows built as text: append s fitted to exactly w columns to out
 * (at byte off; cap bytes in all), then a space unless last.  Returns the
 * new offset; w <= 0 appends nothing. */
size_t row_cell(char *out, size_t cap, size_t off, const char *s, int w,
		int last);
/* A column w wide, or as wide as its heading when that is wider. */
int col_width(int w, enum msg_id heading);

#endif
