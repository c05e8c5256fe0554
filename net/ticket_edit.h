/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticket_edit.h - PATCH /v1/tickets/{ticket_no} with If-Match (issue #4
 * §5): the client's edit of an existing ticket.
 *
 * Follows api.h: 0 when queued, -1 when not started (the callback is then
 * not called); arguments are copied; the ticket passed to the callback is
 * non-NULL exactly when r->st == ST_OK.  A stale version (the ticket
 * changed since it was loaded) arrives as r->http_status 412 with
 * r->st == ST_CONFLICT; the caller then fetches the current version
 * (api_ticket) and lets the agent choose (core/conflict.h).
 */
#ifndef HOTLINE_NET_TICKET_EDIT_H
#define HOTLINE_NET_TICKET_EDIT_H

#include "api.h"

/* fields: NULL-terminated name, value pairs (at least one); version: the
 * ETag the edit is based on (> 0).  → the updated TICKET. */
int api_ticket_patch(struct api *a, const char *ticket_no, long version,
		     const char *const *fields, api_ticket_fn cb, void *ud);

#endif
