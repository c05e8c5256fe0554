/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_intake.h - how store_sqlite.c plugs in the online queue of
 * other channels (store_sqlite_intake.c): migration 5's SQL, the link
 * that makes an item done in the ticket's own transaction, and the
 * operations for the store_ops table (SQ_INTAKE_OPS).  Private to
 * server/store_sqlite*.c.
 */
#ifndef HOTLINE_SERVER_STORE_SQLITE_INTAKE_H
#define HOTLINE_SERVER_STORE_SQLITE_INTAKE_H

#include <stddef.h>

#include <sqlite3.h>

#include "../core/status.h"
#include "store.h"

extern const char sq_migration_intake[];

/* The item a new ticket records (borrowed strings). */
struct sq_intake_link {
	long long item_id;
	const char *agent; /* must hold the claim */
};

/* Inside the ticket's write transaction on db: claimed-by-agent -> done
 * with ticket_no.  ST_CONFLICT when the item is not claimed by the agent
 * (the caller rolls back), ST_NOT_FOUND, ST_IO. */
enum status sq_intake_link_done(sqlite3 *db, const struct sq_intake_link *l,
				const char *ticket_no, long long now);

/* store_sqlite.c's create_ticket with an optional link. */
enum status sq_create_ticket_ex(struct store *base, const struct tk_rec *in,
				const struct store_idem *idem, long long now,
				const char *prefix,
				const struct sq_intake_link *link,
				char no_out[32], int *replayed);

enum status sq_intake_create(struct store *s,
			     const struct store_intake_item *in,
			     long long now, long long *id_out, int *existed);
enum status sq_intake_get(struct store *s, long long id,
			  struct store_intake_item *out);
enum status sq_intake_list(struct store *s,
			   const struct store_intake_filter *f,
			   struct store_intake_item **out, size_t *n);
enum status sq_intake_claim(struct store *s, long long id, const char *agent,
			    long long now, struct store_intake_item *out);
enum status sq_intake_release(struct store *s, long long id,
			      const char *agent, int force, long long now,
			      struct store_intake_item *out);
enum status sq_intake_create_ticket(struct store *s, const struct tk_rec *in,
				    const struct store_idem *idem,
				    long long now, const char *prefix,
				    long long item_id, const char *agent,
				    char no_out[32], int *replayed);

/* The entries of store_ops (designated initializers, trailing comma). */
#define SQ_INTAKE_OPS                                                         \
	.intake_create = sq_intake_create, .intake_get = sq_intake_get,       \
	.intake_list = sq_intake_list, .intake_claim = sq_intake_claim,       \
	.intake_release = sq_intake_release,                                  \
	.intake_create_ticket = sq_intake_create_ticket,

#endif
