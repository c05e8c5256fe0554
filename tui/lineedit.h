/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lineedit.h - one-line form fields edited by GNU readline (callback
 * interface, through rlcore.h).
 *
 * The focused one-line field of a form lives in readline's line buffer:
 * cursor movement, kill and yank, undo, word motion are readline's, and
 * each display column is counted with wcwidth, so Chinese text keeps a
 * correct cursor.  Each field code (caller_name, address, ...) has its
 * own history list, kept in memory for the session only (never written
 * to disk: the values are citizens' personal data).  A value joins its
 * field's history when the field is left with it.
 *
 * Keys: the keymap wins.  A Ctrl or Meta key bound in the current key
 * context (C-r reconnect, C-b page-up, M-s submit, ...) goes to the
 * command; every other editing key goes to readline.  Enter, Tab, S-Tab,
 * Up, Down and Esc stay the form's (after ending a history search).
 * C-p / C-n step through the field's history, M-r searches it
 * incrementally, M-/ completes the value from it and M-? lists the
 * candidates above the bottom line.
 *
 * "who" names the editor (the form), so two forms never share a line.
 */
#ifndef HOTLINE_TUI_LINEEDIT_H
#define HOTLINE_TUI_LINEEDIT_H

#include <stddef.h>

#include "../keymaps/keymap.h"
#include "app.h"

#define LE_HISTORY 100 /* values kept per field */
#define LE_FIELDS 48   /* field codes with a history */

enum le_result {
	LE_UNUSED = 0, /* not readline's key: the form or keymap has it */
	LE_USED,       /* readline took it; the text did not change */
	LE_CHANGED,    /* the text changed */
};

/* Put the field in readline: who's field code, text, cursor at the end
 * (or where it was when the ':' line took readline away).  When who's
 * field is there already only a different text is reloaded. */
void le_focus(struct app *app, const void *who, const char *code,
	      const char *text, size_t max);
/* 1 when readline holds who's field code now. */
int le_owns(const void *who, const char *code);
/* One key for who's field (le_focus first). */
enum le_result le_key(struct app *app, const void *who, struct kkey k);
/* A history search (M-r) runs in a field now. */
int le_searching(void);
/* The line (valid until the next call here). */
const char *le_text(void);
/* Lay the line out in cols columns (with the search prompt while a
 * history search runs); returns the cursor column. */
size_t le_render(size_t cols, char *out, size_t cap);
/* who's field is left: its value joins the field's history when
 * remember is set; readline is released. */
void le_leave(const void *who, int remember);
/* Add a value to a field's history (also used by tests). */
void le_remember(const char *code, const char *value);
/* The field's history values that start with prefix, newest first,
 * without repeats; fills out (pointers valid until the next change). */
size_t le_candidates(const char *code, const char *prefix, const char **out,
		     size_t cap);
/* Forget every history (at exit). */
void le_shutdown(void);

#endif
