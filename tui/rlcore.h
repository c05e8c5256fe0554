/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rlcore.h - the process's one GNU readline, shared by the ':' line
 * (prompt.c) and the one-line fields of forms (lineedit.c).
 *
 * readline keeps one line buffer, one history list and one callback
 * handler for the whole process.  Each user is an rlc_owner; at most one
 * owner is active at a time.  Activating an owner deactivates the one
 * before it (its on_suspend hook runs first, so it can keep its cursor),
 * swaps the history list to the new owner's own, installs the owner's
 * prompt, line handler, completion function and word breaks, and loads
 * its text.  Keys reach readline as bytes through our own queue
 * (rlc_feed); readline never reads or writes the terminal.
 *
 * Completion candidates shown by readline land in app->cands; the screen
 * draws them above the bottom line while an owner is active.
 */
#ifndef HOTLINE_TUI_RLCORE_H
#define HOTLINE_TUI_RLCORE_H

#include <stddef.h>

#include "app.h"

struct rlc_owner {
	const char *prompt;      /* shown by readline ("" for a field) */
	void (*on_line)(char *); /* readline accepted a line (rl_vcpfunc_t) */
	/* rl_completion_func_t, or NULL for none */
	char **(*complete)(const char *, int, int);
	const char *word_breaks; /* NULL: readline's default */
	void (*on_suspend)(void);
	size_t history_max;
	void *hist; /* the saved HISTORY_STATE while inactive (private) */
};

/* Once, after setlocale() and before the loop: hooks, pinned variables. */
void rlc_init(struct app *app);
/* Forget every owner's history; readline back to its idle state. */
void rlc_shutdown(void);

/* Make o the active owner with this text and cursor (byte offset, cut
 * to the text).  An active o only gets its text and cursor replaced. */
void rlc_activate(struct rlc_owner *o, const char *text, size_t point);
/* Remove o's handler (o keeps its history).  No-op when o is not active. */
void rlc_deactivate(struct rlc_owner *o);
struct rlc_owner *rlc_active(void);
/* Drop o's saved history (o must not be active). */
void rlc_forget(struct rlc_owner *o);

/* Queue bytes and let readline run them; stops early when the active
 * owner changes (its line was accepted).  Then control characters are
 * removed from the line, and a line that grew past max bytes is cut back
 * on a character boundary (never below its length before): returns 1
 * when it was cut. */
int rlc_feed(const char *bytes, size_t n, size_t max);
/* readline's line buffer and cursor ("" and 0 with no owner). */
const char *rlc_text(void);
size_t rlc_point(void);
/* The prompt readline shows now: the owner's, or the one of an
 * incremental history search ("(reverse-i-search)`x': "). */
const char *rlc_display_prompt(void);
int rlc_searching(void);
void rlc_point_to_end(void);
/* For an owner's completion function: readline's match list from our
 * candidates cands[0..n) (NULL when n is 0). */
char **rlc_matches(const char *text, const char *const *cands, size_t n);
/* Add line to o's history list (not when it repeats the last one). */
void rlc_add_history(struct rlc_owner *o, const char *line);
/* o's history lines, oldest first, into out (cap); returns the count. */
size_t rlc_history(struct rlc_owner *o, const char **out, size_t cap);

/* Candidates on screen (app->cands) cleared. */
void rlc_clear_candidates(struct app *app);

#endif
