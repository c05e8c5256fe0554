/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_kb.h - how store_sqlite.c plugs in the knowledge base and
 * the SMS outbox of store_sqlite_kb.c: the per-connection hook (the
 * kb_bigram FTS5 tokenizer), the seed step run inside the seed's
 * transaction, and the operations for the store_ops table (SQ_KB_OPS).
 * Private to server/store_sqlite*.c.
 */
#ifndef HOTLINE_SERVER_STORE_SQLITE_KB_H
#define HOTLINE_SERVER_STORE_SQLITE_KB_H

#include <stddef.h>

#include <sqlite3.h>

#include "../core/status.h"
#include "store.h"

/* Run on every new connection, before it touches a table: registers the
 * kb_bigram tokenizer (FTS5 tokenizers are per connection).  0 or -1
 * (logged). */
int sq_kb_connect(sqlite3 *db);

/* Inserts d's knowledge-base articles (version 1, a "seed" version row,
 * exact-match keys) on db, inside the caller's write transaction. */
enum status sq_kb_seed(sqlite3 *db, const struct seed_data *d,
		       long long now);

enum status sq_kb_search(struct store *s, const struct store_kb_search *q,
			 struct store_kb_hit **out, size_t *n);
enum status sq_kb_hits_fill(struct store *s, const char *match,
			    struct store_kb_hit *hits, size_t n);
enum status sq_kb_titles(struct store *s, const char *today,
			 struct store_kb_title **out, size_t *n);
enum status sq_kb_get(struct store *s, long long id,
		      struct store_kb_article *out);
enum status sq_kb_list(struct store *s, const char *status, long long before,
		       int limit, struct store_kb_article **out, size_t *n);
enum status sq_kb_versions(struct store *s, long long id,
			   struct store_kb_article **out, size_t *n);
enum status sq_kb_create(struct store *s, const struct store_kb_article *in,
			 const char *actor, long long now, long long *id_out);
enum status sq_kb_save(struct store *s, const struct store_kb_article *a,
		       long long expect_version, const char *action,
		       const char *actor, long long now,
		       long long *new_version);
enum status sq_kb_use(struct store *s, long long id, const char *ticket_no,
		      const char *actor, long long now, long long *use_count);
enum status sq_kb_uses(struct store *s, const char *ticket_no,
		       struct store_kb_use **out, size_t *n);
enum status sq_sms_create(struct store *s, const struct store_sms *in,
			  long long now, long long *id_out);
enum status sq_sms_get(struct store *s, long long id, struct store_sms *out);
enum status sq_sms_list(struct store *s, const char *state, long long before,
			int limit, struct store_sms **out, size_t *n);
enum status sq_sms_due(struct store *s, long long before, size_t max,
		       struct store_sms **out, size_t *n);
enum status sq_sms_finish(struct store *s, long long id, int ok,
			  const char *error, long long now);

/* The entries of store_ops (designated initializers, trailing comma). */
#define SQ_KB_OPS                                                             \
	.kb_search = sq_kb_search, .kb_hits_fill = sq_kb_hits_fill,           \
	.kb_titles = sq_kb_titles, .kb_get = sq_kb_get,                       \
	.kb_list = sq_kb_list, .kb_versions = sq_kb_versions,                 \
	.kb_create = sq_kb_create, .kb_save = sq_kb_save,                     \
	.kb_use = sq_kb_use, .kb_uses = sq_kb_uses,                           \
	.sms_create = sq_sms_create, .sms_get = sq_sms_get,                   \
	.sms_list = sq_sms_list, .sms_due = sq_sms_due,                       \
	.sms_finish = sq_sms_finish,

#endif
