/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * views.h - the screens, one file each (view_*.c), each a const ops table,
 * and the few view helpers other modules and tests use.
 */
#ifndef HOTLINE_TUI_VIEWS_H
#define HOTLINE_TUI_VIEWS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <curses.h>

#include "../core/model.h"
#include "app.h"

extern const struct view_ops view_login_ops;  /* view_login.c */
extern const struct view_ops view_list_ops;   /* view_list.c */
extern const struct view_ops view_detail_ops; /* view_detail.c */
extern const struct view_ops view_help_ops;   /* view_help.c */
extern const struct view_ops view_call_ops;   /* view_call.c */
extern const struct view_ops view_wrapup_ops; /* view_wrapup.c */
extern const struct view_ops view_picker_ops; /* view_picker.c */
extern const struct view_ops view_confirm_ops; /* view_confirm.c */

/* ---- overlays (overlay.c) ---- */

/* Draw the view below v (v an overlay on the stack) into w. */
void overlay_draw_below(struct app *app, struct view *v, WINDOW *w);
/* The title of the view below v followed by " | " and own (into out). */
void overlay_title(struct app *app, struct view *v, const char *own,
		   char *out, size_t cap);
/* A framed box of h rows and wd columns at (y, x) with a title in its top
 * border; the inside is cleared. */
void overlay_box(WINDOW *w, int y, int x, int h, int wd, const char *title);

/* ---- picker (view_picker.c) ---- */

enum pick_mode {
	PICK_NUMBERED, /* digits 1-9 and hotkeys pick; no filter */
	PICK_FILTER    /* typing filters (pinyin too), Enter picks */
};

/* One entry; strings are copied by picker_open. */
struct pick_item {
	const char *label; /* shown */
	const char *right; /* shown flush right (a phone number), or NULL */
	const char *match; /* '\t'-separated texts the filter matches, or
			    * NULL: the label */
	const char *value; /* appended to the command (one word) */
	uint32_t hotkey;   /* a letter that picks it, or 0 */
};

/*
 * Push a picker over the current screen.  Picking runs the command line
 * "<command> <value>" (after closing the picker); Esc closes it.  owner:
 * the view it belongs to (closed with it), or NULL.  note: an extra line
 * under the title (the unit's duty phone...), or NULL.
 */
struct view *picker_open(struct app *app, struct view *owner,
			 const char *title, const char *note,
			 enum pick_mode mode, const struct pick_item *items,
			 size_t n, const char *command);

/* ---- yes/no question (view_confirm.c) ---- */

/* Called once with yes = 1 or 0 (Esc, n); data is the caller's and is
 * freed with free() by the question afterwards. */
typedef void (*confirm_fn)(struct app *app, int yes, void *data);
/* question: one line ("转接110？ y/n"); script: a line to read to the
 * caller, or NULL. */
struct view *confirm_open(struct app *app, struct view *owner,
			  const char *question, const char *script,
			  confirm_fn fn, void *data);

/* ---- call screens ---- */

/* The call a call view was opened for (0 when v is none). */
long call_view_call_id(const struct view *v);
/* Hand the caller's history to a call view as if the server had sent it
 * (tests, and the history callback); page is copied. */
void call_view_take_history(struct app *app, struct view *v,
			    const struct ticket_page *page);
/* A ticket changed (event): reload the caller's history when shown. */
void call_view_ticket_changed(struct app *app, const char *ticket_no);
/* "Use this answer": fill the open call's draft content with answer (and
 * an empty title with title) and remember article_id, linked through
 * kb_link_article() once the draft is saved.  Returns 0 when there is no
 * draft (no call screen, not answered, saving), 1 when filled, 2 when the
 * ticket already exists and the article was linked to it at once. */
int call_view_use_answer(struct app *app, const char *title,
			 const char *answer, long article_id);

/* ---- knowledge base (view_kb.c) ---- */

extern const struct view_ops view_kb_ops;
/* POST /v1/kb/articles/{id}/use with ticket_no; tells the result on the
 * message line. */
void kb_link_article(struct app *app, long article_id, const char *ticket_no);
/* Debounce timer of an open pane: run a due search (app_timers) and the
 * ms until the next one is due (-1: none). */
void kb_tick(struct app *app);
int kb_next_timeout_ms(struct app *app);

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

/* ---- online queue of other channels (view_online.c; issue #4 extras) ---- */

struct intake_item;
struct intake_items;
extern const struct view_ops view_online_ops;
/* Column widths in display columns for a window cols wide. */
struct online_cols {
	int channel, received, waiting, phone, state, subject;
};
void online_columns(int cols, struct online_cols *out);
/* One row (no trailing newline) into out, exactly cols display columns
 * wide: channel label, received (local HH:MM today, else MM-DD), waiting
 * time at now, phone, state ("mine" when claimed by me), subject or the
 * content's first line. */
void online_format_row(const struct intake_item *it,
		       const struct online_cols *c, time_t now,
		       const char *me, char *out, size_t cap);
/* Hand items to an online view as if the server had sent them (tests and
 * the list callback); copied. */
void online_take_items(struct app *app, struct view *v,
		       const struct intake_items *items);
/* An intake.changed event arrived: reload an open queue view. */
void online_intake_changed(struct app *app);
/* Once a second from app_timers: the waiting time ticks; fallback reload
 * every 15 s while the queue is on top. */
void online_tick(struct app *app);

/* ---- ticket edit and the 412 conflict screen (ticket_edit.c; issue #4
 * extras) ---- */

extern const struct view_ops view_conflict_ops;
/* ":edit FIELD [VALUE]" on the ticket t shown by the detail view v (NULL
 * while loading): without VALUE the command line opens with the current
 * value; with it PATCH with If-Match, and on 412 the conflict screen. */
int ticket_edit_command(struct app *app, struct view *v,
			const struct ticket *t, int argc, char **argv);

/* ---- training results (view_results.c; issue #7 §3) ---- */

extern const struct view_ops view_results_ops;
/* Open (or reopen) the results list, of one trainee when trainee is
 * neither NULL nor "" (agents: always their own). */
void results_view_open(struct app *app, const char *trainee);

#endif
