/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake_open_tmp.c - TEMPORARY stand-in for intake_open_item() until the
 * intake form view (view_intake.c) provides it: says "claimed #N" on the
 * message line.  Delete this file when the real definition is merged.
 */
#include "intake_open.h"

#include <stdio.h>

#include "../core/i18n.h"

void
intake_open_item(struct app *app, const struct intake_item *it)
{
	char num[32], text[128];
	const char *vals[1] = {num};

	snprintf(num, sizeof num, "%ld", it->id);
	app_msg(app, MSGL_OK, "%s",
		tr_fill(text, sizeof text, MSG_ONLINE_CLAIMED, vals, 1));
}
