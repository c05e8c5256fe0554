/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * durable.h - what the agent typed, kept on disk: the draft journal and
 * the outbox of the session, and the loop that delivers the outbox.
 *
 * Owns the paths ($XDG_STATE_HOME/hotline/agents/USER/drafts and
 * .../outbox, i.e. app->state_dir + "/agents/" + the logged-in agent's
 * name as a safe path component; the one place that knows them: seats are
 * shared, drafts and submissions are the agent's own) and the delivery of queued submissions: the oldest item is sent
 * with its key (net/ticket_form.h api_outbox_send); 2xx delivers it (a
 * created ticket's decision is queued next as its own item, the draft is
 * discarded and the intake view told); a network failure or a 5xx keeps
 * it and retries with backoff from the loop's timer (never blocking);
 * a 4xx marks it failed and brings the draft back to the agent.  The
 * handles are per process (one app), opened at login, closed at logout.
 */
#ifndef HOTLINE_TUI_DURABLE_H
#define HOTLINE_TUI_DURABLE_H

#include <stddef.h>

#include "../core/journal.h"
#include "../core/outbox.h"
#include "app.h"

/* After a login: open the journal and the outbox (when there is a state
 * directory), say when drafts are waiting, start delivering. */
void durable_start(struct app *app);
/* Logout and exit: close both (nothing is lost: it is all on disk). */
void durable_stop(struct app *app);

/* The handles, NULL when not open (no state directory, an I/O error). */
struct journal *durable_journal(void);
struct outbox *durable_outbox(void);
/* state_dir/agents/USER/leaf, malloc'd; NULL when app has no state
 * directory or nobody is logged in. */
char *durable_path(const struct app *app, const char *leaf);

/* Items waiting in the outbox, queued or sending (for the status bar;
 * failed ones are not counted); 0 when not open. */
size_t durable_outbox_count(void);
/* Deliver now (after a push, a reconnect). */
void durable_kick(struct app *app);
/* The loop's timer: send when a retry is due. */
void durable_tick(struct app *app);
/* ms until durable_tick has something to do (-1: nothing). */
int durable_next_ms(struct app *app);

/* Keep the entries of kind "intake" (in place, order kept); returns how
 * many. */
size_t intake_drafts_only(struct journal_entry *e, size_t n);

/* A fresh draft id ("d-<hex>"), into out (JOURNAL_ID_MAX + 1 bytes). */
void durable_new_id(char *out, size_t cap);

#endif
