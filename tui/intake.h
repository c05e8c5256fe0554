/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake.h - the intake form screen (view_intake.c): what the outbox
 * loop (durable.c), the call screen and the knowledge base tell it.
 */
#ifndef HOTLINE_TUI_INTAKE_H
#define HOTLINE_TUI_INTAKE_H

#include "../core/model.h"
#include "app.h"

extern const struct view_ops view_intake_ops;

/*
 * Open the form.  arg of app_push: "" (an empty form), "call:<id>"
 * (bound to the live call: caller_phone, channel, call_id filled),
 * "draft:<id>" (a journal draft reopened exactly as typed) or
 * "channel:<CODE>".
 */
struct view *intake_open(struct app *app, const char *arg);
/* The form bound to the call: the open one brought to the top (its
 * draft reopened), else a new one. */
struct view *intake_for_call(struct app *app, long call_id);
/* What the call screen's keys do with the call's form. */
enum intake_call_op {
	INTAKE_CALL_OPEN,   /* Tab, M-i: bring it up */
	INTAKE_CALL_SUBMIT, /* save-draft (M-s): bring it up and submit */
	INTAKE_CALL_DIRECT, /* close-direct (M-d): 直接办结, then submit */
};
/* The form bound to call_id brought up (opened when needed, as
 * intake_for_call), then op; a submission refused by the form's own
 * checks focuses the first missing field. */
void intake_call_key(struct app *app, long call_id, enum intake_call_op op);
/* The draft's ticket was created (its decision follows): the open form
 * of draft_id remembers the number, so that a later resubmit only
 * decides it again. */
void intake_created(struct app *app, const char *draft_id,
		    const char *ticket_no);
/* The draft's ticket exists and is decided (or will not be): show the
 * closing panel with t's number and deadline when the form of draft_id
 * is open, else say it on the message line. */
void intake_delivered(struct app *app, const char *draft_id,
		      const struct ticket *t);
/* The server refused the draft for good: bring it back in the form with
 * the message (opening the form when it is not open).  field (NULL:
 * none) is the form field the refusal names: focused, the message shown
 * beside it; else the message is shown above the form. */
void intake_refused(struct app *app, const char *draft_id,
		    const char *message, const char *field);
/* "Use this answer" from the knowledge base: fill the reply of the form
 * bound to call_id (0: the top-most intake form) and remember the
 * article; for a call without a form, the form is opened under the top
 * view (the pane asking stays on top).  0 when there is no such form, 1
 * when filled. */
int intake_use_answer(struct app *app, long call_id, const char *title,
		      const char *answer, long article_id);
/* The intake form bound to call_id is open. */
struct view *intake_find_call(struct app *app, long call_id);
/* The command `field CODE VALUE` (issue #7) when the top view is not an
 * intake form: applied to the form bound to the live, answered call
 * (opened when there is none), else to the top-most intake form.
 * TR_UNHANDLED when there is neither, else TR_NONE. */
int intake_field(struct app *app, int argc, char **argv);
/* :drafts - list the drafts to reopen (a picker). */
void intake_list_drafts(struct app *app);

#endif
