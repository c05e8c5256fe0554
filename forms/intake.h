/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake.h - the built-in forms: the ticket intake form (受理) and the
 * after-call wrap-up form (话后处理), as definitions for forms/form.h.
 *
 * Owns which fields an agent fills (DOMAIN.md §3), their limits (the
 * server's, server/tkinput.h) and the cross-field rules: enterprise
 * callers need a company name; an anonymous caller's name, contact phone
 * and ID number are hidden and cleared; each handling mode asks for what
 * it needs (TRANSFER a category and a town, DIRECT the reply, transfers
 * out a matching target, NOT_ACCEPTED the legal route told, MERGED the
 * ticket number merged into).  Enum choices come from core/ticket.h;
 * category, town, unit and wrap-up code lists are set at run time with
 * form_set_choices().  Field codes are the API's JSON keys where the API
 * has the field (docs/forms.md has the table).
 */
#ifndef HOTLINE_FORMS_INTAKE_H
#define HOTLINE_FORMS_INTAKE_H

#include <time.h>

#include "../core/status.h"
#include "../core/workday.h"
#include "form.h"

/* New intake / wrap-up form at its defaults; owned by the caller,
 * release with form_free().  Never NULL. */
struct form *form_new_intake(void);
struct form *form_new_wrapup(void);

/* The definitions themselves (for docs and tests). */
const struct form_field_def *form_intake_defs(size_t *n);
const struct form_field_def *form_wrapup_defs(size_t *n);

/*
 * The deadline the ticket would get if created at `created`, from the
 * form's appeal_type and urgency (NORMAL when empty), by tk_deadline()
 * (core/workday.h; override_days as there: the category's time limit or
 * 0).  ST_INVALID when the appeal type is not chosen or not valid.
 */
enum status form_intake_deadline(const struct form *f,
				 const struct workcal *cal, time_t created,
				 int override_days, struct tk_limit *out);

#endif
