/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_calls.c - the SQLite store's calls, agent states and their
 * logs: the schema (migration 2), loading the call centre at start, the
 * one-transaction write of a call-centre change, and the reads behind
 * /v1/calls and the state log.
 *
 * Times: *_at columns hold whole seconds like the rest of the database;
 * routing needs milliseconds, kept in *_ms columns (state_since_ms,
 * deadline_ms, the duration totals, since_ms).  The C structs carry
 * milliseconds throughout.
 */
#include "store_sqlite_calls.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../core/mem.h"
#include "log.h"
#include "store_sqlite_int.h"

/* Migration: calls, agent states and their logs. */
const char sq_migration_calls[] =
	"CREATE TABLE calls (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  caller TEXT NOT NULL,\n"
	"  channel TEXT NOT NULL,\n"
	"  desk TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('QUEUED', 'RINGING', "
	"'TALKING', 'HOLD', 'ACW', 'ENDED', 'ABANDONED')),\n"
	"  agent TEXT REFERENCES agents(username),\n"
	"  training INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),\n"
	"  ivr_intent TEXT,\n"
	"  ivr_transcript TEXT,\n"
	"  posted_by TEXT NOT NULL,\n"
	"  offered_at INTEGER NOT NULL,\n"
	"  ringing_at INTEGER,\n"
	"  answered_at INTEGER,\n"
	"  ended_at INTEGER,\n"
	"  wrapped_at INTEGER,\n"
	"  state_since_ms INTEGER NOT NULL,\n"
	"  deadline_ms INTEGER,\n"
	"  wait_ms INTEGER NOT NULL DEFAULT 0,\n"
	"  ring_ms INTEGER NOT NULL DEFAULT 0,\n"
	"  talk_ms INTEGER NOT NULL DEFAULT 0,\n"
	"  hold_ms INTEGER NOT NULL DEFAULT 0,\n"
	"  acw_ms INTEGER NOT NULL DEFAULT 0,\n"
	"  queue_pos INTEGER,\n"
	"  ring_attempts INTEGER NOT NULL DEFAULT 0,\n"
	"  acw_extensions INTEGER NOT NULL DEFAULT 0,\n"
	"  disposition TEXT,\n"
	"  wrapup_auto INTEGER NOT NULL DEFAULT 0 "
	"CHECK (wrapup_auto IN (0, 1)),\n"
	"  summary TEXT NOT NULL DEFAULT '',\n"
	"  needs_callback INTEGER NOT NULL DEFAULT 0 "
	"CHECK (needs_callback IN (0, 1)),\n"
	"  ticket_no TEXT);\n"
	"CREATE INDEX calls_state ON calls(state, id);\n"
	"CREATE INDEX calls_caller ON calls(caller, id);\n"
	"CREATE INDEX calls_agent ON calls(agent, id);\n"
	"CREATE INDEX calls_offered ON calls(offered_at);\n"
	"CREATE TABLE call_transfers (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  call_id INTEGER NOT NULL REFERENCES calls(id),\n"
	"  at INTEGER NOT NULL,\n"
	"  agent TEXT NOT NULL,\n"
	"  mode TEXT NOT NULL CHECK (mode IN ('BLIND', 'CONSULT', "
	"'THREE_WAY')),\n"
	"  target_kind TEXT NOT NULL CHECK (target_kind IN ('UNIT', "
	"'EMERGENCY')),\n"
	"  target TEXT NOT NULL,\n"
	"  target_name TEXT NOT NULL,\n"
	"  note TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX call_transfers_call ON call_transfers(call_id, id);\n"
	"CREATE TABLE call_urges (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  call_id INTEGER NOT NULL REFERENCES calls(id),\n"
	"  ticket_no TEXT NOT NULL REFERENCES tickets(ticket_no),\n"
	"  at INTEGER NOT NULL,\n"
	"  agent TEXT NOT NULL,\n"
	"  comment TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX call_urges_call ON call_urges(call_id, id);\n"
	"CREATE INDEX call_urges_ticket ON call_urges(ticket_no);\n"
	"CREATE TABLE agent_states (\n"
	"  agent TEXT PRIMARY KEY REFERENCES agents(username),\n"
	"  state TEXT NOT NULL CHECK (state IN ('OFFLINE', 'READY', "
	"'NOT_READY', 'RINGING', 'TALKING', 'HOLD', 'ACW')),\n"
	"  reason TEXT,\n"
	"  since INTEGER NOT NULL,\n"
	"  since_ms INTEGER NOT NULL,\n"
	"  idle_since_ms INTEGER,\n"
	"  call_id INTEGER,\n"
	"  after_call TEXT CHECK (after_call IN ('NOT_READY', 'OFFLINE')),\n"
	"  after_call_reason TEXT);\n"
	"CREATE TABLE agent_state_log (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  agent TEXT NOT NULL REFERENCES agents(username),\n"
	"  state TEXT NOT NULL,\n"
	"  reason TEXT,\n"
	"  started_at INTEGER NOT NULL,\n"
	"  ended_at INTEGER,\n"
	"  call_id INTEGER);\n"
	"CREATE INDEX agent_state_log_agent ON agent_state_log(agent, id);\n"
	"CREATE INDEX agent_state_log_started ON agent_state_log(started_at);\n"
	"CREATE UNIQUE INDEX agent_state_log_open ON agent_state_log(agent)\n"
	"  WHERE ended_at IS NULL;\n";

/* ---- release helpers -------------------------------------------------- */

static void
transfers_free(struct store_transfer *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(t[i].agent);
		free(t[i].mode);
		free(t[i].target_kind);
		free(t[i].target);
		free(t[i].target_name);
		free(t[i].note);
	}
	free(t);
}

static void
call_clear(struct store_call *c)
{
	size_t i;

	free(c->caller);
	free(c->channel);
	free(c->desk);
	free(c->state);
	free(c->agent);
	free(c->ivr_intent);
	free(c->ivr_transcript);
	free(c->posted_by);
	free(c->disposition);
	free(c->summary);
	free(c->ticket_no);
	transfers_free(c->transfers, c->n_transfers);
	for (i = 0; i < c->n_urged; i++)
		free(c->urged[i]);
	free(c->urged);
	memset(c, 0, sizeof *c);
}

void
store_call_free(struct store_call *c)
{
	if (c)
		call_clear(c);
}

void
store_calls_free(struct store_call *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		call_clear(&c[i]);
	free(c);
}

void
store_agent_states_free(struct store_agent_state *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].username);
		free(a[i].desks);
		free(a[i].state);
		free(a[i].reason);
		free(a[i].after_call);
		free(a[i].after_call_reason);
	}
	free(a);
}

void
store_state_rows_free(struct store_state_row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].username);
		free(r[i].state);
		free(r[i].reason);
	}
	free(r);
}

/* ---- column helpers --------------------------------------------------- */

/* Milliseconds -> whole seconds, NULL for 0. */
static void
bind_sec_or_null(sqlite3_stmt *st, int i, long long ms)
{
	if (ms > 0)
		sqlite3_bind_int64(st, i, ms / 1000);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_int_or_null(sqlite3_stmt *st, int i, long long v)
{
	if (v > 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Seconds column -> milliseconds (0 for NULL). */
static long long
col_ms(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i) * 1000;
}

/* ---- loading ---------------------------------------------------------- */

#define CALL_COLS                                                             \
	"id, caller, channel, desk, state, COALESCE(agent, ''), training, "   \
	"ivr_intent IS NOT NULL OR ivr_transcript IS NOT NULL, "              \
	"COALESCE(ivr_intent, ''), COALESCE(ivr_transcript, ''), posted_by, " \
	"offered_at, ringing_at, answered_at, ended_at, wrapped_at, "         \
	"state_since_ms, COALESCE(deadline_ms, 0), wait_ms, ring_ms, "        \
	"talk_ms, hold_ms, acw_ms, COALESCE(queue_pos, 0), ring_attempts, "   \
	"acw_extensions, COALESCE(disposition, ''), wrapup_auto, summary, "   \
	"needs_callback, COALESCE(ticket_no, '') "

static void
read_call(sqlite3_stmt *st, struct store_call *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->caller = sq_col_dup(st, 1);
	c->channel = sq_col_dup(st, 2);
	c->desk = sq_col_dup(st, 3);
	c->state = sq_col_dup(st, 4);
	c->agent = sq_col_dup(st, 5);
	c->training = sqlite3_column_int(st, 6);
	c->has_ivr = sqlite3_column_int(st, 7);
	c->ivr_intent = sq_col_dup(st, 8);
	c->ivr_transcript = sq_col_dup(st, 9);
	c->posted_by = sq_col_dup(st, 10);
	c->offered_ms = col_ms(st, 11);
	c->ringing_ms = col_ms(st, 12);
	c->answered_ms = col_ms(st, 13);
	c->ended_ms = col_ms(st, 14);
	c->wrapped_ms = col_ms(st, 15);
	c->state_since_ms = sqlite3_column_int64(st, 16);
	c->deadline_ms = sqlite3_column_int64(st, 17);
	c->wait_ms = sqlite3_column_int64(st, 18);
	c->ring_ms = sqlite3_column_int64(st, 19);
	c->talk_ms = sqlite3_column_int64(st, 20);
	c->hold_ms = sqlite3_column_int64(st, 21);
	c->acw_ms = sqlite3_column_int64(st, 22);
	c->queue_pos = sqlite3_column_int64(st, 23);
	c->ring_attempts = sqlite3_column_int(st, 24);
	c->acw_extensions = sqlite3_column_int(st, 25);
	c->disposition = sq_col_dup(st, 26);
	c->wrapup_auto = sqlite3_column_int(st, 27);
	c->summary = sq_col_dup(st, 28);
	c->needs_callback = sqlite3_column_int(st, 29);
	c->ticket_no = sq_col_dup(st, 30);
}

enum status
sq_cc_load(struct store *base, struct store_agent_state **agents,
	   size_t *n_agents, struct store_call **calls, size_t *n_calls,
	   long long *max_id)
{
	struct sq_store *s = SQ(base);
	sqlite3 *db = sq_rd(s);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	enum status rc = ST_IO;
	int step;

	*agents = NULL;
	*calls = NULL;
	*n_agents = *n_calls = 0;
	*max_id = 0;
	if (!db || sq_rd_begin(db) != 0)
		return ST_IO;
	st = sq_prep(db, "SELECT s.agent, a.desks, s.state, "
			 "COALESCE(s.reason, ''), s.since_ms, "
			 "COALESCE(s.idle_since_ms, 0), COALESCE(s.call_id, 0), "
			 "COALESCE(s.after_call, ''), "
			 "COALESCE(s.after_call_reason, '') "
			 "FROM agent_states AS s JOIN agents AS a "
			 "ON a.username = s.agent WHERE a.active = 1 "
			 "ORDER BY a.id");
	if (!st)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_agent_state *a;

		*agents = sq_grow(*agents, *n_agents, &cap, sizeof **agents);
		a = &(*agents)[(*n_agents)++];
		a->username = sq_col_dup(st, 0);
		a->desks = sq_col_dup(st, 1);
		a->state = sq_col_dup(st, 2);
		a->reason = sq_col_dup(st, 3);
		a->since_ms = sqlite3_column_int64(st, 4);
		a->idle_since_ms = sqlite3_column_int64(st, 5);
		a->call_id = sqlite3_column_int64(st, 6);
		a->after_call = sq_col_dup(st, 7);
		a->after_call_reason = sq_col_dup(st, 8);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "load agent states");
		goto out;
	}
	sqlite3_finalize(st);
	st = sq_prep(db, "SELECT " CALL_COLS "FROM calls WHERE state IN "
			 "('QUEUED', 'RINGING', 'TALKING', 'HOLD', 'ACW') "
			 "ORDER BY id");
	if (!st)
		goto out;
	cap = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*calls = sq_grow(*calls, *n_calls, &cap, sizeof **calls);
		read_call(st, &(*calls)[(*n_calls)++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "load calls");
		goto out;
	}
	sqlite3_finalize(st);
	st = sq_prep(db, "SELECT COALESCE(MAX(id), 0) FROM calls");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*max_id = sqlite3_column_int64(st, 0);
	rc = ST_OK;
out:
	sqlite3_finalize(st);
	sq_rd_end(db);
	if (rc != ST_OK) {
		store_agent_states_free(*agents, *n_agents);
		store_calls_free(*calls, *n_calls);
		*agents = NULL;
		*calls = NULL;
		*n_agents = *n_calls = 0;
	}
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

static int
put_call_insert(sqlite3 *db, const struct store_call_put *c)
{
	sqlite3_stmt *st = sq_prep(
		db, "INSERT INTO calls (id, caller, channel, desk, state, "
		    "agent, training, ivr_intent, ivr_transcript, posted_by, "
		    "offered_at, ringing_at, answered_at, ended_at, "
		    "wrapped_at, state_since_ms, deadline_ms, wait_ms, "
		    "ring_ms, talk_ms, hold_ms, acw_ms, queue_pos, "
		    "ring_attempts, acw_extensions) VALUES (?, ?, ?, ?, ?, ?, "
		    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	sq_bind_text(st, 2, c->caller);
	sq_bind_text(st, 3, c->channel);
	sq_bind_text(st, 4, c->desk);
	sq_bind_text(st, 5, c->state);
	sq_bind_text_or_null(st, 6, c->agent);
	sqlite3_bind_int(st, 7, c->training ? 1 : 0);
	if (c->has_ivr) {
		sq_bind_text(st, 8, c->ivr_intent);
		sq_bind_text(st, 9, c->ivr_transcript);
	} else {
		sqlite3_bind_null(st, 8);
		sqlite3_bind_null(st, 9);
	}
	sq_bind_text(st, 10, c->posted_by);
	sqlite3_bind_int64(st, 11, c->offered_ms / 1000);
	bind_sec_or_null(st, 12, c->ringing_ms);
	bind_sec_or_null(st, 13, c->answered_ms);
	bind_sec_or_null(st, 14, c->ended_ms);
	bind_sec_or_null(st, 15, c->wrapped_ms);
	sqlite3_bind_int64(st, 16, c->state_since_ms);
	bind_int_or_null(st, 17, c->deadline_ms);
	sqlite3_bind_int64(st, 18, c->wait_ms);
	sqlite3_bind_int64(st, 19, c->ring_ms);
	sqlite3_bind_int64(st, 20, c->talk_ms);
	sqlite3_bind_int64(st, 21, c->hold_ms);
	sqlite3_bind_int64(st, 22, c->acw_ms);
	if (c->queue_pos)
		sqlite3_bind_int64(st, 23, c->queue_pos);
	else
		sqlite3_bind_null(st, 23);
	sqlite3_bind_int(st, 24, c->ring_attempts);
	sqlite3_bind_int(st, 25, c->acw_extensions);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

static int
put_call_update(sqlite3 *db, const struct store_call_put *c)
{
	sqlite3_stmt *st = sq_prep(
		db, "UPDATE calls SET state = ?, agent = ?, ringing_at = ?, "
		    "answered_at = ?, ended_at = ?, wrapped_at = ?, "
		    "state_since_ms = ?, deadline_ms = ?, wait_ms = ?, "
		    "ring_ms = ?, talk_ms = ?, hold_ms = ?, acw_ms = ?, "
		    "queue_pos = ?, ring_attempts = ?, acw_extensions = ? "
		    "WHERE id = ?");
	int rc;

	if (!st)
		return -1;
	sq_bind_text(st, 1, c->state);
	sq_bind_text_or_null(st, 2, c->agent);
	bind_sec_or_null(st, 3, c->ringing_ms);
	bind_sec_or_null(st, 4, c->answered_ms);
	bind_sec_or_null(st, 5, c->ended_ms);
	bind_sec_or_null(st, 6, c->wrapped_ms);
	sqlite3_bind_int64(st, 7, c->state_since_ms);
	bind_int_or_null(st, 8, c->deadline_ms);
	sqlite3_bind_int64(st, 9, c->wait_ms);
	sqlite3_bind_int64(st, 10, c->ring_ms);
	sqlite3_bind_int64(st, 11, c->talk_ms);
	sqlite3_bind_int64(st, 12, c->hold_ms);
	sqlite3_bind_int64(st, 13, c->acw_ms);
	if (c->queue_pos)
		sqlite3_bind_int64(st, 14, c->queue_pos);
	else
		sqlite3_bind_null(st, 14);
	sqlite3_bind_int(st, 15, c->ring_attempts);
	sqlite3_bind_int(st, 16, c->acw_extensions);
	sqlite3_bind_int64(st, 17, c->id);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	if (rc == 0 && sqlite3_changes(db) != 1) {
		slog(SLOG_ERROR, "calls: update of unknown call %lld", c->id);
		rc = -1;
	}
	return rc;
}

static int
put_call_wrapup(sqlite3 *db, const struct store_call_put *c)
{
	sqlite3_stmt *st = sq_prep(
		db, "UPDATE calls SET disposition = ?, summary = ?, "
		    "needs_callback = ?, ticket_no = ?, wrapup_auto = ? "
		    "WHERE id = ?");
	int rc;

	if (!st)
		return -1;
	sq_bind_text_or_null(st, 1, c->disposition);
	sq_bind_text(st, 2, c->summary);
	sqlite3_bind_int(st, 3, c->needs_callback ? 1 : 0);
	sq_bind_text_or_null(st, 4, c->ticket_no);
	sqlite3_bind_int(st, 5, c->wrapup_auto ? 1 : 0);
	sqlite3_bind_int64(st, 6, c->id);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

static int
put_agent(sqlite3 *db, const struct store_agent_put *a)
{
	sqlite3_stmt *st = sq_prep(
		db, "INSERT INTO agent_states (agent, state, reason, since, "
		    "since_ms, idle_since_ms, call_id, after_call, "
		    "after_call_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
		    "ON CONFLICT (agent) DO UPDATE SET state = excluded.state, "
		    "reason = excluded.reason, since = excluded.since, "
		    "since_ms = excluded.since_ms, "
		    "idle_since_ms = excluded.idle_since_ms, "
		    "call_id = excluded.call_id, "
		    "after_call = excluded.after_call, "
		    "after_call_reason = excluded.after_call_reason");
	int rc;

	if (!st)
		return -1;
	sq_bind_text(st, 1, a->username);
	sq_bind_text(st, 2, a->state);
	sq_bind_text_or_null(st, 3, a->reason);
	sqlite3_bind_int64(st, 4, a->since_ms / 1000);
	sqlite3_bind_int64(st, 5, a->since_ms);
	bind_int_or_null(st, 6, a->idle_since_ms);
	bind_int_or_null(st, 7, a->call_id);
	sq_bind_text_or_null(st, 8, a->after_call);
	sq_bind_text_or_null(st, 9, a->after_call_reason);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

static int
put_log(sqlite3 *db, const struct store_state_log_put *l)
{
	long long at = l->at_ms / 1000;
	sqlite3_stmt *st = sq_prep(db, "UPDATE agent_state_log SET ended_at = ? "
				       "WHERE agent = ? AND ended_at IS NULL");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, at);
	sq_bind_text(st, 2, l->username);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	st = sq_prep(db, "INSERT INTO agent_state_log (agent, state, reason, "
			 "started_at, ended_at, call_id) "
			 "VALUES (?, ?, ?, ?, NULL, ?)");
	if (!st)
		return -1;
	sq_bind_text(st, 1, l->username);
	sq_bind_text(st, 2, l->state);
	sq_bind_text_or_null(st, 3, l->reason);
	sqlite3_bind_int64(st, 4, at);
	bind_int_or_null(st, 5, l->call_id);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

static int
put_transfer(sqlite3 *db, const struct store_transfer_put *t, long long *id)
{
	sqlite3_stmt *st = sq_prep(
		db, "INSERT INTO call_transfers (call_id, at, agent, mode, "
		    "target_kind, target, target_name, note) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, t->call_id);
	sqlite3_bind_int64(st, 2, t->at_ms / 1000);
	sq_bind_text(st, 3, t->agent);
	sq_bind_text(st, 4, t->mode);
	sq_bind_text(st, 5, t->target_kind);
	sq_bind_text(st, 6, t->target);
	sq_bind_text(st, 7, t->target_name);
	sq_bind_text(st, 8, t->note);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	if (rc == 0 && id)
		*id = sqlite3_last_insert_rowid(db);
	return rc;
}

/* The urge: ticket version + 1 (compare-and-swap), its event, the link. */
static enum status
put_urge(sqlite3 *db, const struct store_urge_put *u, long long *version)
{
	long long at = u->at_ms / 1000, tid = 0, v = 0;
	sqlite3_stmt *st;
	int step;

	st = sq_prep(db, "SELECT id, version FROM tickets WHERE ticket_no = ?");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, u->ticket_no);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		tid = sqlite3_column_int64(st, 0);
		v = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step == SQLITE_DONE)
		return ST_NOT_FOUND;
	if (step != SQLITE_ROW) {
		sq_log(db, "urge: read ticket");
		return ST_IO;
	}
	if (v != u->expect_version)
		return ST_CONFLICT;
	st = sq_prep(db, "UPDATE tickets SET version = version + 1, "
			 "updated_at = ? WHERE id = ? AND version = ?");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, at);
	sqlite3_bind_int64(st, 2, tid);
	sqlite3_bind_int64(st, 3, v);
	if (sq_step_done(db, st) != 0) {
		sqlite3_finalize(st);
		return ST_IO;
	}
	sqlite3_finalize(st);
	if (sqlite3_changes(db) != 1)
		return ST_CONFLICT;
	st = sq_prep(db, "INSERT INTO ticket_events (ticket_id, at, actor, "
			 "action, from_state, to_state, comment) "
			 "VALUES (?, ?, ?, 'urge', ?, ?, ?)");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, tid);
	sqlite3_bind_int64(st, 2, at);
	sq_bind_text(st, 3, u->agent);
	sq_bind_text_or_null(st, 4, u->ticket_state);
	sq_bind_text_or_null(st, 5, u->ticket_state);
	sq_bind_text(st, 6, u->comment);
	if (sq_step_done(db, st) != 0) {
		sqlite3_finalize(st);
		return ST_IO;
	}
	sqlite3_finalize(st);
	st = sq_prep(db, "INSERT INTO call_urges (call_id, ticket_no, at, "
			 "agent, comment) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, u->call_id);
	sq_bind_text(st, 2, u->ticket_no);
	sqlite3_bind_int64(st, 3, at);
	sq_bind_text(st, 4, u->agent);
	sq_bind_text(st, 5, u->comment);
	if (sq_step_done(db, st) != 0) {
		sqlite3_finalize(st);
		return ST_IO;
	}
	sqlite3_finalize(st);
	if (version)
		*version = v + 1;
	return ST_OK;
}

enum status
sq_cc_write(struct store *base, const struct store_cc_write *w,
	    long long *transfer_id, long long *ticket_version)
{
	struct sq_store *s = SQ(base);
	enum status rc = sq_wr_begin(s);
	size_t i;

	if (rc != ST_OK)
		return rc;
	for (i = 0; rc == ST_OK && i < w->n_calls; i++) {
		const struct store_call_put *c = &w->calls[i];

		if ((c->insert ? put_call_insert(s->wr, c)
			       : put_call_update(s->wr, c)) != 0 ||
		    (c->set_wrapup && put_call_wrapup(s->wr, c) != 0))
			rc = ST_IO;
	}
	for (i = 0; rc == ST_OK && i < w->n_log; i++)
		if (put_log(s->wr, &w->log[i]) != 0)
			rc = ST_IO;
	for (i = 0; rc == ST_OK && i < w->n_agents; i++)
		if (put_agent(s->wr, &w->agents[i]) != 0)
			rc = ST_IO;
	if (rc == ST_OK && w->transfer &&
	    put_transfer(s->wr, w->transfer, transfer_id) != 0)
		rc = ST_IO;
	if (rc == ST_OK && w->urge)
		rc = put_urge(s->wr, w->urge, ticket_version);
	return sq_wr_end(s, rc);
}

/* ---- reading ---------------------------------------------------------- */

/* Transfers and urged tickets of c (inside the caller's read txn). */
static enum status
read_children(sqlite3 *db, struct store_call *c)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int step;

	st = sq_prep(db, "SELECT id, call_id, agent, mode, target_kind, "
			 "target, target_name, note, at FROM call_transfers "
			 "WHERE call_id = ? ORDER BY id");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, c->id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_transfer *t;

		c->transfers = sq_grow(c->transfers, c->n_transfers, &cap,
				       sizeof *c->transfers);
		t = &c->transfers[c->n_transfers++];
		t->id = sqlite3_column_int64(st, 0);
		t->call_id = sqlite3_column_int64(st, 1);
		t->agent = sq_col_dup(st, 2);
		t->mode = sq_col_dup(st, 3);
		t->target_kind = sq_col_dup(st, 4);
		t->target = sq_col_dup(st, 5);
		t->target_name = sq_col_dup(st, 6);
		t->note = sq_col_dup(st, 7);
		t->at = sqlite3_column_int64(st, 8);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "call transfers");
		return ST_IO;
	}
	st = sq_prep(db, "SELECT ticket_no FROM call_urges WHERE call_id = ? "
			 "GROUP BY ticket_no ORDER BY MIN(id)");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, c->id);
	cap = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		c->urged = sq_grow(c->urged, c->n_urged, &cap,
				   sizeof *c->urged);
		c->urged[c->n_urged++] = sq_col_dup(st, 0);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "call urges");
		return ST_IO;
	}
	return ST_OK;
}

enum status
sq_get_call(struct store *base, long long id, struct store_call *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc = ST_IO;
	int step;

	memset(out, 0, sizeof *out);
	if (!db || sq_rd_begin(db) != 0)
		return ST_IO;
	st = sq_prep(db, "SELECT " CALL_COLS "FROM calls WHERE id = ?");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_call(st, out);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get call");
	}
	sqlite3_finalize(st);
	if (rc == ST_OK)
		rc = read_children(db, out);
	if (rc != ST_OK)
		call_clear(out);
out:
	sq_rd_end(db);
	return rc;
}

enum status
sq_list_calls(struct store *base, const struct store_call_filter *f,
	      struct store_call **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	size_t cap = 0, i;
	int step;

	*out = NULL;
	*n = 0;
	if (!db || sq_rd_begin(db) != 0)
		return ST_IO;
	st = sq_prep(db, "SELECT " CALL_COLS "FROM calls "
			 "WHERE (?1 IS NULL OR state = ?1) "
			 "AND (?2 IS NULL OR desk = ?2) "
			 "AND (?3 IS NULL OR agent = ?3) "
			 "AND (?4 IS NULL OR caller = ?4) "
			 "AND (?5 = 0 OR id < ?5) "
			 "ORDER BY id DESC LIMIT ?6");
	if (!st) {
		sq_rd_end(db);
		return ST_IO;
	}
	sq_bind_text_or_null(st, 1, f->state);
	sq_bind_text_or_null(st, 2, f->desk);
	sq_bind_text_or_null(st, 3, f->agent);
	sq_bind_text_or_null(st, 4, f->caller);
	sqlite3_bind_int64(st, 5, f->before_id);
	sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : 50);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sq_grow(*out, *n, &cap, sizeof **out);
		read_call(st, &(*out)[(*n)++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "list calls");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	for (i = 0; rc == ST_OK && i < *n; i++)
		rc = read_children(db, &(*out)[i]);
	sq_rd_end(db);
	if (rc != ST_OK) {
		store_calls_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum status
sq_list_state_log(struct store *base, const char *username, int limit,
		  struct store_state_row **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	st = sq_prep(db, "SELECT id, agent, state, COALESCE(reason, ''), "
			 "started_at, COALESCE(ended_at, 0), "
			 "COALESCE(call_id, 0) FROM agent_state_log "
			 "WHERE agent = ? ORDER BY id DESC LIMIT ?");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, username);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : 50);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_state_row *r;

		*out = sq_grow(*out, *n, &cap, sizeof **out);
		r = &(*out)[(*n)++];
		r->id = sqlite3_column_int64(st, 0);
		r->username = sq_col_dup(st, 1);
		r->state = sq_col_dup(st, 2);
		r->reason = sq_col_dup(st, 3);
		r->started_at = sqlite3_column_int64(st, 4);
		r->ended_at = sqlite3_column_int64(st, 5);
		r->call_id = sqlite3_column_int64(st, 6);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "state log");
		rc = ST_IO;
		store_state_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	sqlite3_finalize(st);
	return rc;
}
