/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * theme.h - the few colours the client uses, and their monochrome twins.
 *
 * theme_init() picks colour pairs when colours are wanted and the terminal
 * has them, plain attributes otherwise (NO_COLOR, "set color off").
 */
#ifndef HOTLINE_TUI_THEME_H
#define HOTLINE_TUI_THEME_H

#include <curses.h>

enum th_elem {
	TH_NORMAL,
	TH_HEADER,  /* top line */
	TH_STATUS,  /* status bar */
	TH_SELECT,  /* selected row */
	TH_COLHEAD, /* column titles, section headings */
	TH_LABEL,   /* field labels */
	TH_ERROR,   /* red */
	TH_WARN,    /* yellow */
	TH_OK,      /* green */
	TH_DIM,     /* hints */
	TH_ST_OFFLINE, /* status bar: connection lost */
	TH_ST_WAIT,    /* status bar: connecting; agent state ringing */
	TH_ST_READY,   /* status bar: agent state ready */
	TH_ST_CALL,    /* status bar: talking, on hold, after-call work */
	TH__COUNT
};

/* use_color: 0 for monochrome.  Needs curses started. */
void theme_init(int use_color);
attr_t theme(enum th_elem e);

#endif
