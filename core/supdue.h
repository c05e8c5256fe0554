/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * supdue.h - the due time of a 督办 (supervision, issue #6 §2) as the
 * supervisor types it on the board.
 *
 * Owns the accepted input forms and the default.  Times in and out are
 * time_t; civil times are the client's local time (TZ, as the board's
 * other columns show them), and the ISO form sent to the server carries
 * that zone's offset.
 *
 * Input (leading/trailing blanks ignored):
 *   ""                  the default: tomorrow 17:00 local
 *   "YYYY-MM-DD HH:MM"  a local time
 *   "+Nd", "+Nh", "+Nm" N days, hours or minutes from now (N 1..9999)
 * The result must lie after now.  docs/board.md documents the forms.
 */
#ifndef HOTLINE_CORE_SUPDUE_H
#define HOTLINE_CORE_SUPDUE_H

#include <time.h>

#include "status.h"

/* Tomorrow 17:00 local, counted from now's local date. */
time_t supdue_default(time_t now);

/* Parse s (see above) into *out.  ST_OK, or ST_INVALID on anything else
 * (bad form, impossible date, not after now); *out untouched then. */
enum status supdue_parse(const char *s, time_t now, time_t *out);

/* "YYYY-MM-DD HH:MM" local into out (caller's buffer); "-" if t
 * cannot be shown. */
void supdue_format_civil(time_t t, char out[20]);

/* "YYYY-MM-DDTHH:MM:SS+hh:mm" local with its offset (the API's due_at)
 * into out. */
void supdue_format_iso(time_t t, char out[32]);

#endif
