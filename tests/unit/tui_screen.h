/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_screen.h - a headless curses screen for the tui unit tests: newterm
 * on /dev/null at a given size, and rows read back as UTF-8.  Include after
 * cmocka.h, curses.h, core/utf8.h and tui/theme.h; one test file each
 * (the screen is file-static).
 */
#ifndef HOTLINE_TESTS_TUI_SCREEN_H
#define HOTLINE_TESTS_TUI_SCREEN_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static SCREEN *scr;
static FILE *scr_out, *scr_in;

static inline void
curses_up(int rows, int cols)
{
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	assert_non_null(scr_out);
	assert_non_null(scr_in);
	scr = newterm("xterm-256color", scr_out, scr_in);
	assert_non_null(scr);
	set_term(scr);
	resizeterm(rows, cols);
	theme_init(0);
}

static inline void
curses_down(void)
{
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	scr = NULL;
}

/* Row y of w as UTF-8 (wide characters once). */
static inline void
screen_row(WINDOW *w, int y, char *out, size_t cap)
{
	int x, cols = getmaxx(w);
	size_t off = 0;

	out[0] = '\0';
	for (x = 0; x < cols; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		char enc[8];
		size_t n, i;

		assert_int_equal(mvwin_wch(w, y, x, &cc), OK);
		assert_int_equal(getcchar(&cc, wch, &a, &pair, NULL), OK);
		for (i = 0; wch[i]; i++) {
			n = u8_encode((uint32_t)wch[i], enc);
			if (off + n + 1 < cap) {
				memcpy(out + off, enc, n);
				off += n;
			}
		}
		if (wch[0] && u8_cpwidth((uint32_t)wch[0]) == 2)
			x++;
	}
	out[off] = '\0';
}

#endif
