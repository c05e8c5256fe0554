/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake_items.h - the client side of the online queue of other channels
 * (docs/api.md "Online queue"): GET /v1/intake-items, GET
 * /v1/intake-items/{id}, POST .../claim and .../release.
 *
 * Requests follow api.h: 0 when queued, -1 when not started (the callback
 * is then not called); arguments are copied; the data pointer a callback
 * gets is non-NULL exactly when r->st == ST_OK and valid only during the
 * callback (copy what you keep with intake_item_copy).  Replies are parsed
 * into core/intakeitem.h structs with every string sanitized; JSON stays
 * inside net/.  A refused claim (409 already_claimed) arrives as
 * r->st == ST_CONFLICT with the server's message, which names the agent
 * holding the item.
 */
#ifndef HOTLINE_NET_INTAKE_ITEMS_H
#define HOTLINE_NET_INTAKE_ITEMS_H

#include <stddef.h>

#include "../core/intakeitem.h"
#include "../core/status.h"
#include "api.h"

typedef void (*api_intake_list_fn)(const struct api_result *r,
				   const struct intake_items *items, void *ud);
typedef void (*api_intake_item_fn)(const struct api_result *r,
				   const struct intake_item *it, void *ud);

/* GET /v1/intake-items?state=S&limit=N[&cursor=C]; state NULL or "" for
 * every state, else waiting, claimed, done or open; limit clamped to
 * 1..200. */
int api_intake_list(struct api *a, const char *state, const char *cursor,
		    int limit, api_intake_list_fn cb, void *ud);
/* GET /v1/intake-items/{id} (id > 0). */
int api_intake_get(struct api *a, long id, api_intake_item_fn cb, void *ud);
/* POST /v1/intake-items/{id}/claim → the claimed ITEM. */
int api_intake_claim(struct api *a, long id, api_intake_item_fn cb,
		     void *ud);
/* POST /v1/intake-items/{id}/release → the ITEM, waiting again. */
int api_intake_release(struct api *a, long id, api_intake_item_fn cb,
		       void *ud);

/* ---- JSON mapping, exposed for unit tests ----
 * ST_OK and *out filled, or ST_PARSE with *out zeroed (why: a short
 * reason, may be NULL with why_cap 0). */
enum status api_intake_parse_items(const char *json, size_t len,
				   struct intake_items *out, char *why,
				   size_t why_cap);
enum status api_intake_parse_item(const char *json, size_t len,
				  struct intake_item *out, char *why,
				  size_t why_cap);

#endif
