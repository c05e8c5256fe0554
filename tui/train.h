/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * train.h - trainer mode (issue #7): `hotline --demo FILE` and
 * `hotline --practice FILE`, with or without a display.
 *
 * One training run per process, owned here (file-static state, created by
 * train_start() and freed by train_stop()).  The run logs in like any
 * session, goes ready, places the scenario's call through the training
 * API (net/training.h) and then:
 *  - demo: plays the scenario's steps through the same command layer as
 *    keys (a `key` step is loop_key(), a `command` step cmd_run());
 *  - practice: shows the caller's lines as the call goes on and keeps the
 *    script checklist the trainee ticks;
 * and at the end (or on `grade`) gathers the facts from the server,
 * grades them (core/grade.h), shows the card and posts the result.
 *
 * The trainer bar and the caller transcript take TRAIN_ROWS rows above
 * the status line (screen.c asks train_rows()); the header shows 【培训】.
 */
#ifndef HOTLINE_TUI_TRAIN_H
#define HOTLINE_TUI_TRAIN_H

#include <curses.h>

#include "../core/scenario.h"
#include "../keymaps/keymap.h"
#include "app.h"

#define TRAIN_ROWS 4 /* trainer bar + three transcript lines */

enum train_mode { TRAIN_DEMO, TRAIN_PRACTICE };

/* Exit statuses of a headless run. */
enum train_exit {
	TRAIN_EXIT_PASS = 0,   /* every expectation passed */
	TRAIN_EXIT_FAIL = 1,   /* one failed (or a wait-for timed out) */
	TRAIN_EXIT_USAGE = 2,  /* bad scenario file or options */
	TRAIN_EXIT_SERVER = 3  /* login, the call or the facts failed */
};

/* Options for scn_load(): key names and commands checked against the
 * keymap and the action registry. */
const struct scn_opts *train_scn_opts(int practice);

/* Start a run of s (taken over: freed by train_stop).  speed: demo speed
 * factor (1 = as written).  headless: --no-display. */
void train_start(struct app *app, struct scenario *s, enum train_mode mode,
		 double speed, int headless);
void train_stop(void);
/* 1 while a run exists (the 【培训】 marks, the trainer rows). */
int train_active(void);
/* Rows the trainer pane takes (0 when none or the screen is too small). */
int train_rows(const struct app *app);
/* (Re)create the pane at row y (screen_layout) and draw it (screen_draw). */
void train_layout(struct app *app, int y);
void train_draw(struct app *app);
/* Timers (app_timers) and the ms until the next step is due (-1: none). */
void train_tick(struct app *app);
int train_next_timeout_ms(void);
/* The training commands; TR_UNHANDLED for others. */
int train_action(struct app *app, enum action a, int argc, char **argv);
/* An SMS guide was queued for the caller (view_kb.c). */
void train_note_sms(void);
/* --no-display: the event loop without a terminal (curses on /dev/null).
 * Returns the exit status (enum train_exit). */
int train_run_headless(struct app *app);
/* curses on /dev/null for --no-display (the input pad, NULL on failure)
 * and its end. */
WINDOW *train_headless_start(void);
void train_headless_end(WINDOW *pad);
/* The grade card was shown (display runs). */
int train_exit_code(void);

#endif
