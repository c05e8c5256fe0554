/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake_open.h - the hand-off from the online queue (view_online.c) to
 * the intake form: once an item of another channel is claimed, the form
 * opens with it (channel, citizen's phone and name, subject and content
 * filled in; no call), and the ticket it saves carries intake_item_id.
 *
 * Defined by the intake form view (view_intake.c).
 */
#ifndef HOTLINE_TUI_INTAKE_OPEN_H
#define HOTLINE_TUI_INTAKE_OPEN_H

#include "../core/intakeitem.h"
#include "app.h"

/* Open the intake form for it (claimed by this agent); it is borrowed
 * (copy what you keep). */
void intake_open_item(struct app *app, const struct intake_item *it);

#endif
