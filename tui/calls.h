/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calls.h - the telephony side of the client: the agent's state, the
 * current call, queue counts, the lists behind the call screens (reasons,
 * wrap-up codes, units, the ACW policy) and the live event stream that
 * keeps them current (net/calls.h).
 *
 * One struct calls per session, owned by the app (app->calls): created by
 * calls_start() after a login, freed by calls_stop() at logout and exit.
 * Events and replies only change this state and then call calls_sync(),
 * which opens and closes the call screens to match it (screen pop on
 * call.offered, wrap-up on ACW, both closed when the call ends); nothing
 * here draws or waits.  The commands ready, not-ready, after-call,
 * answer, hold, resume, hangup, transfer, emergency, wrapup, extend-acw
 * and call run here (calls_action), from any screen.
 */
#ifndef HOTLINE_TUI_CALLS_H
#define HOTLINE_TUI_CALLS_H

#include <stddef.h>
#include <time.h>

#include "../core/callmodel.h"
#include "../core/statsmodel.h"
#include "../keymaps/keymap.h"
#include "../net/calls.h"
#include "app.h"

/* A list the client fetched once per session. */
enum calls_list { CL_REASONS, CL_CODES, CL_UNITS, CL_CONFIG, CL__COUNT };

struct calls {
	struct api_events *es;
	int hello_seen; /* the first hello of the session was handled */
	long skew_s;    /* server clock - local clock */

	struct agent_state st;
	int have_st;
	long fetching_call; /* id of a GET /v1/calls/{id} in flight */
	int refetch;        /* reload the call with the next state */
	int poll_ticks;     /* seconds the feed has been down, mod the poll */

	struct call call; /* the current (or last) call of this agent */
	int have_call;
	char *ticket_no;  /* the draft ticket saved for this call, or NULL */
	int wrapup_sent;  /* this client submitted the call's wrap-up */
	long synced_id;   /* the call the screens were last made for */
	char synced_state[16];

	struct queue_list queues;
	int have_queues;
	struct code_list reasons, codes;
	struct unit_list units;
	struct server_config scfg;
	int have[CL__COUNT];
	int loading[CL__COUNT];
	/* what to open when a list arrives: 0, or a picker purpose */
	int open_on_load[CL__COUNT];

	/* issue #6 (board_events.c): broadcasts not acknowledged yet,
	 * oldest first, and the export in flight (NULL: none) */
	struct bcast_list bcasts;
	char *export_file;
};

/* Session life: start the event stream and load state and lists; stop
 * frees everything (no callback afterwards).  Both are safe to repeat. */
void calls_start(struct app *app);
void calls_stop(struct app *app);
/* Reload the agent state, the current call and the queues (after a
 * resync, a reconnect, or a refused request). */
void calls_reload(struct app *app);
/* Once a second (the timers): redraw ticking clocks. */
void calls_tick(struct app *app);
/* A telephony command; TR_UNHANDLED when a is none of them. */
int calls_action(struct app *app, enum action a, int argc, char **argv);
/* Open/close the call screens to match the state (see above). */
void calls_sync(struct app *app);

/* ---- for the views and the status bar ---- */

/* The server's clock now (local clock corrected by the skew). */
time_t calls_now(const struct app *app);
/* 1 while this agent has a call that is not over (RINGING, TALKING,
 * HOLD, ACW), with c set to it. */
int calls_live(const struct app *app, const struct call **c);
/* The call's state is one of s (wire names); 0 when there is no call. */
int calls_call_is(const struct app *app, const char *s);
/* Label of a not-ready reason / wrap-up code in the UI language; the
 * code itself when unknown (never NULL). */
const char *calls_reason_label(const struct app *app, const char *code);
const char *calls_code_label(const struct app *app, const char *code);
/* The event stream: 0 connecting, 1 live, 2 down (then *retry_s is the
 * seconds until the next attempt, 0 when unknown). */
int calls_live_feed(const struct app *app, long *retry_s);
/* Calls waiting in the agent's desks (-1 when not known yet). */
long calls_waiting(const struct app *app);
/* Wrap up the current call (the wrap-up view and the command). */
void calls_wrapup(struct app *app, const char *code, const char *summary,
		  int needs_callback);
/* Make sure a list is loaded (no-op when it is or is loading). */
void calls_need(struct app *app, enum calls_list l);
/* The draft ticket bound to the current call was saved (copied). */
void calls_set_ticket(struct app *app, const char *ticket_no);

#endif
