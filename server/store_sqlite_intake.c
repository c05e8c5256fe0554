/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_intake.c - the SQLite store's online queue of other
 * channels (migration 5): intake_items holds one row per item, unique per
 * (channel, external_id); state waiting -> claimed -> done, back to
 * waiting on release.  Every change bumps version.  The ticket that
 * records an item is written in the same transaction as the item's
 * "done" (sq_intake_link_done, called by sq_create_ticket_ex).
 */
#include "store_sqlite_intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "log.h"
#include "store_sqlite_int.h"

const char sq_migration_intake[] =
	"CREATE TABLE intake_items (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  channel TEXT NOT NULL,\n"
	"  external_id TEXT NOT NULL,\n"
	"  citizen_phone TEXT NOT NULL DEFAULT '',\n"
	"  citizen_name TEXT NOT NULL DEFAULT '',\n"
	"  subject TEXT NOT NULL DEFAULT '',\n"
	"  content TEXT NOT NULL,\n"
	"  received_at INTEGER NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  body_hash TEXT NOT NULL,\n"
	"  state TEXT NOT NULL DEFAULT 'waiting'\n"
	"    CHECK (state IN ('waiting', 'claimed', 'done')),\n"
	"  claimed_by TEXT NOT NULL DEFAULT '',\n"
	"  claimed_at INTEGER NOT NULL DEFAULT 0,\n"
	"  ticket_no TEXT NOT NULL DEFAULT '',\n"
	"  done_at INTEGER NOT NULL DEFAULT 0,\n"
	"  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),\n"
	"  UNIQUE (channel, external_id));\n"
	"CREATE INDEX intake_items_queue ON intake_items(state, received_at, "
	"id);\n"
	"CREATE INDEX intake_items_received ON intake_items(received_at, id);\n";

#define IT_COLS                                                               \
	"id, channel, external_id, citizen_phone, citizen_name, subject, "    \
	"content, received_at, created_at, created_by, body_hash, state, "    \
	"claimed_by, claimed_at, ticket_no, done_at, version"

static void
read_item(sqlite3_stmt *st, struct store_intake_item *it)
{
	it->id = sqlite3_column_int64(st, 0);
	it->channel = sq_col_dup(st, 1);
	it->external_id = sq_col_dup(st, 2);
	it->citizen_phone = sq_col_dup(st, 3);
	it->citizen_name = sq_col_dup(st, 4);
	it->subject = sq_col_dup(st, 5);
	it->content = sq_col_dup(st, 6);
	it->received_at = sqlite3_column_int64(st, 7);
	it->created_at = sqlite3_column_int64(st, 8);
	it->created_by = sq_col_dup(st, 9);
	it->body_hash = sq_col_dup(st, 10);
	it->state = sq_col_dup(st, 11);
	it->claimed_by = sq_col_dup(st, 12);
	it->claimed_at = sqlite3_column_int64(st, 13);
	it->ticket_no = sq_col_dup(st, 14);
	it->done_at = sqlite3_column_int64(st, 15);
	it->version = sqlite3_column_int64(st, 16);
}

/* One row by id on db into *out (may be NULL: existence only). */
static enum status
get_on(sqlite3 *db, long long id, struct store_intake_item *out)
{
	sqlite3_stmt *st = sq_prep(db, "SELECT " IT_COLS
					" FROM intake_items WHERE id = ?");
	enum status rc;
	int step;

	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		if (out)
			read_item(st, out);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get intake item");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_intake_create(struct store *base, const struct store_intake_item *in,
		 long long now, long long *id_out, int *existed)
{
	struct sq_store *s = SQ(base);
	struct store_intake_item cur = {0};
	sqlite3_stmt *st;
	enum status rc;
	int step;

	*existed = 0;
	*id_out = 0;
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "SELECT " IT_COLS " FROM intake_items "
			    "WHERE channel = ? AND external_id = ?");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, in->channel);
	sq_bind_text(st, 2, in->external_id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_item(st, &cur);
		sqlite3_finalize(st);
		*existed = 1;
		*id_out = cur.id;
		rc = strcmp(cur.body_hash, in->body_hash) == 0 ? ST_OK
							       : ST_EXISTS;
		store_intake_item_free(&cur);
		/* Nothing was written: end the transaction. */
		if (sq_wr_end(s, ST_OK) != ST_OK)
			return ST_IO;
		return rc;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(s->wr, "find intake item");
		return sq_wr_end(s, ST_IO);
	}
	st = sq_prep(s->wr, "INSERT INTO intake_items (channel, external_id, "
			    "citizen_phone, citizen_name, subject, content, "
			    "received_at, created_at, created_by, body_hash) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, in->channel);
	sq_bind_text(st, 2, in->external_id);
	sq_bind_text(st, 3, in->citizen_phone);
	sq_bind_text(st, 4, in->citizen_name);
	sq_bind_text(st, 5, in->subject);
	sq_bind_text(st, 6, in->content);
	sqlite3_bind_int64(st, 7, in->received_at);
	sqlite3_bind_int64(st, 8, now);
	sq_bind_text(st, 9, in->created_by);
	sq_bind_text(st, 10, in->body_hash);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK)
		*id_out = sqlite3_last_insert_rowid(s->wr);
	return sq_wr_end(s, rc);
}

enum status
sq_intake_get(struct store *base, long long id, struct store_intake_item *out)
{
	sqlite3 *db = sq_rd(SQ(base));

	memset(out, 0, sizeof *out);
	if (!db)
		return ST_IO;
	return get_on(db, id, out);
}

enum status
sq_intake_list(struct store *base, const struct store_intake_filter *f,
	       struct store_intake_item **out, size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	struct store_intake_item *items = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	struct buf b;
	int idx = 1, step;
	enum status rc = ST_OK;

	*out = NULL;
	*n_out = 0;
	if (!db)
		return ST_IO;
	buf_init(&b, 0);
	buf_puts(&b, "SELECT " IT_COLS " FROM intake_items WHERE 1");
	if (f->state && strcmp(f->state, "open") == 0)
		buf_puts(&b, " AND state IN ('waiting', 'claimed')");
	else if (f->state)
		buf_puts(&b, " AND state = ?");
	if (f->has_cursor)
		buf_puts(&b, " AND (received_at > ? OR (received_at = ? AND "
			     "id > ?))");
	buf_puts(&b, " ORDER BY received_at, id LIMIT ?");
	st = sq_prep(db, b.data);
	buf_free(&b);
	if (!st)
		return ST_IO;
	if (f->state && strcmp(f->state, "open") != 0)
		sq_bind_text(st, idx++, f->state);
	if (f->has_cursor) {
		sqlite3_bind_int64(st, idx++, f->cur_at);
		sqlite3_bind_int64(st, idx++, f->cur_at);
		sqlite3_bind_int64(st, idx++, f->cur_id);
	}
	sqlite3_bind_int(st, idx++, f->limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		items = sq_grow(items, n, &cap, sizeof *items);
		memset(&items[n], 0, sizeof items[n]);
		read_item(st, &items[n++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "list intake items");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	if (rc != ST_OK) {
		store_intake_items_free(items, n);
		return rc;
	}
	*out = items;
	*n_out = n;
	return ST_OK;
}

/* Runs one UPDATE ... WHERE id = ? AND <guard> on the writer; *changed. */
static enum status
update_guarded(sqlite3 *db, const char *sql, long long id, const char *agent,
	       long long now, int *changed)
{
	sqlite3_stmt *st = sq_prep(db, sql);
	enum status rc;

	*changed = 0;
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, now);
	sq_bind_text(st, 2, agent);
	sqlite3_bind_int64(st, 3, id);
	rc = sq_step_done(db, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK)
		*changed = sqlite3_changes(db) > 0;
	return rc;
}

/* Ends the write with rc after reading the row into out (when wanted). */
static enum status
finish_with_row(struct sq_store *s, long long id, enum status rc,
		struct store_intake_item *out)
{
	if (out && (rc == ST_OK || rc == ST_CONFLICT)) {
		enum status g = get_on(s->wr, id, out);

		if (g != ST_OK) {
			sq_wr_end(s, g);
			return g;
		}
	}
	if (rc == ST_CONFLICT) {
		/* Nothing was written. */
		if (sq_wr_end(s, ST_OK) != ST_OK) {
			if (out)
				store_intake_item_free(out);
			return ST_IO;
		}
		return ST_CONFLICT;
	}
	rc = sq_wr_end(s, rc);
	if (rc != ST_OK && out)
		store_intake_item_free(out);
	return rc;
}

enum status
sq_intake_claim(struct store *base, long long id, const char *agent,
		long long now, struct store_intake_item *out)
{
	struct sq_store *s = SQ(base);
	struct store_intake_item cur = {0};
	enum status rc;
	int changed = 0;

	if (out)
		memset(out, 0, sizeof *out);
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	rc = get_on(s->wr, id, &cur);
	if (rc != ST_OK)
		return sq_wr_end(s, rc);
	if (strcmp(cur.state, "claimed") == 0 &&
	    strcmp(cur.claimed_by, agent) == 0) {
		rc = ST_OK; /* already mine */
	} else if (strcmp(cur.state, "waiting") != 0) {
		rc = ST_CONFLICT;
	} else {
		rc = update_guarded(s->wr,
				    "UPDATE intake_items SET state = 'claimed', "
				    "claimed_at = ?, claimed_by = ?, "
				    "version = version + 1 WHERE id = ? AND "
				    "state = 'waiting'",
				    id, agent, now, &changed);
		if (rc == ST_OK && !changed)
			rc = ST_CONFLICT;
	}
	store_intake_item_free(&cur);
	return finish_with_row(s, id, rc, out);
}

enum status
sq_intake_release(struct store *base, long long id, const char *agent,
		  int force, long long now, struct store_intake_item *out)
{
	struct sq_store *s = SQ(base);
	struct store_intake_item cur = {0};
	enum status rc;
	int changed = 0;

	(void)now;
	if (out)
		memset(out, 0, sizeof *out);
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	rc = get_on(s->wr, id, &cur);
	if (rc != ST_OK)
		return sq_wr_end(s, rc);
	if (strcmp(cur.state, "claimed") != 0 ||
	    (!force && strcmp(cur.claimed_by, agent) != 0)) {
		rc = ST_CONFLICT;
	} else {
		sqlite3_stmt *st = sq_prep(
			s->wr, "UPDATE intake_items SET state = 'waiting', "
			       "claimed_by = '', claimed_at = 0, "
			       "version = version + 1 WHERE id = ? AND "
			       "state = 'claimed'");

		rc = ST_IO;
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			if (sq_step_done(s->wr, st) == 0)
				rc = ST_OK;
			changed = sqlite3_changes(s->wr) > 0;
			sqlite3_finalize(st);
		}
		if (rc == ST_OK && !changed)
			rc = ST_CONFLICT;
	}
	store_intake_item_free(&cur);
	return finish_with_row(s, id, rc, out);
}

enum status
sq_intake_link_done(sqlite3 *db, const struct sq_intake_link *l,
		    const char *ticket_no, long long now)
{
	sqlite3_stmt *st;
	enum status rc;

	st = sq_prep(db, "UPDATE intake_items SET state = 'done', "
			 "ticket_no = ?, done_at = ?, version = version + 1 "
			 "WHERE id = ? AND state = 'claimed' AND "
			 "claimed_by = ?");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, ticket_no);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, l->item_id);
	sq_bind_text(st, 4, l->agent);
	rc = sq_step_done(db, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc != ST_OK)
		return rc;
	if (sqlite3_changes(db) > 0)
		return ST_OK;
	rc = get_on(db, l->item_id, NULL);
	return rc == ST_OK ? ST_CONFLICT : rc;
}

enum status
sq_intake_create_ticket(struct store *s, const struct tk_rec *in,
			const struct store_idem *idem, long long now,
			const char *prefix, long long item_id,
			const char *agent, char no_out[32], int *replayed)
{
	struct sq_intake_link l = {item_id, agent};

	return sq_create_ticket_ex(s, in, idem, now, prefix, &l, no_out,
				   replayed);
}
