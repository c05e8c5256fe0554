/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake.h - the online queue of other channels (网站, 微信, App, 人民网,
 * 省平台, 市长信箱, 短信): /v1/intake-items.  Items arrive from the
 * channel gateway (role cti or admin), wait until an agent claims one and
 * records it as a ticket (POST /v1/tickets with intake_item_id), which
 * makes the item done in the ticket's own transaction.  Owns the
 * validation and JSON of an item, the intake.changed event, the demo
 * items of data/intake_items.tsv and the roles of these routes.
 * docs/api.md "Online queue" is the contract.
 */
#ifndef HOTLINE_SERVER_INTAKE_H
#define HOTLINE_SERVER_INTAKE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "http.h"
#include "store.h"

/* The channel gateway posts items (cti is the telephony/channel interface
 * account; admin for tests and manual loads). */
#define INTAKE_ROLES_POST (RB(ROLE_CTI) | RB(ROLE_ADMIN))
/* Who works the queue: those who may create tickets. */
#define INTAKE_ROLES_WORK                                                     \
	(RB(ROLE_AGENT) | RB(ROLE_SUPERVISOR) | RB(ROLE_TRAINER) |            \
	 RB(ROLE_ADMIN))
/* Who may read items: the workers and the gateway (its own posts). */
#define INTAKE_ROLES_READ (INTAKE_ROLES_WORK | RB(ROLE_CTI))

#define INTAKE_EXTERNAL_ID_MAX 64 /* ASCII [A-Za-z0-9._:-] */
#define INTAKE_NAME_MAX 50
#define INTAKE_SUBJECT_MAX 100
#define INTAKE_CONTENT_MAX 4000

/* 1 when wire is a channel an item may come from (not PHONE, POLICE_110). */
int intake_channel_ok(const char *wire);

/* The ITEM object (docs/api.md).  Caller owns the result. */
cJSON *intake_item_to_json(const struct store_intake_item *it);

/* Publishes intake.changed {id, state} to everyone logged in. */
void intake_publish(long long id, const char *state);

/* Loads dir/intake_items.tsv (when present) through the store: received
 * times are relative to now.  0, or -1 with the message in err. */
int intake_seed(struct store *st, const char *dir, long long now, char *err,
		size_t errcap);

/* POST /v1/tickets with "intake_item_id": v must name an item claimed by
 * the caller (or done: the store then replays an Idempotency-Key or
 * refuses).  0 with *out filled (caller frees), or -1 after replying
 * 400 / 409. */
int intake_ticket_item(struct req *r, const cJSON *v,
		       struct store_intake_item *out);

void h_intake_create(struct req *r);
void h_intake_list(struct req *r);
void h_intake_get(struct req *r);
void h_intake_claim(struct req *r);
void h_intake_release(struct req *r);

#endif
