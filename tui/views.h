/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * views.h - the screens, one file each (view_*.c), each a const ops table,
 * and the few view helpers other modules and tests use.
 */
#ifndef HOTLINE_TUI_VIEWS_H
#define HOTLINE_TUI_VIEWS_H

#include <stddef.h>
#include <time.h>

#include <curses.h>

#include "../core/model.h"
#include "app.h"

extern const struct view_ops view_login_ops;  /* view_login.c */
extern const struct view_ops view_list_ops;   /* view_list.c */
extern const struct view_ops view_detail_ops; /* view_detail.c */
extern const struct view_ops view_help_ops;   /* view_help.c */

/* ---- list layout (view_list.c), exposed for tests ---- */

/* Column widths in display columns for a window cols wide. */
struct list_cols {
	int no, time, state, type, title;
};
void list_columns(int cols, struct list_cols *out);
/* Local "HH:MM" when created today (relative to now), else "MM-DD";
 * "-" when iso is not a timestamp.  out needs 8 bytes. */
void list_time(const char *iso, time_t now, char *out, size_t cap);
/* One row (no trailing newline) into out: columns separated by one space,
 * exactly cols display columns wide. */
void list_format_row(const struct ticket *t, const struct list_cols *c,
		     time_t now, char *out, size_t cap);
/* Hand a page to a list view as if the server had sent it (tests, and the
 * page callback).  append: add after the current rows. */
void list_take_page(struct app *app, struct view *v,
		    const struct ticket_page *page, int append);

/* Hand a ticket to a detail view as if the server had sent it (tests and
 * the ticket callback); t is copied. */
void detail_take_ticket(struct app *app, struct view *v,
			const struct ticket *t);

/* ISO 8601 UTC → time_t; -1 when malformed.  (view_list.c) */
time_t iso_to_time(const char *iso);
/* Local "YYYY-MM-DD HH:MM" (or "-") into out (17 bytes or more).
 * (view_list.c) */
void iso_local(const char *iso, char *out, size_t cap);

#endif
