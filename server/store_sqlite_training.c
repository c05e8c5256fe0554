/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_training.c - the training space on SQLite (issue #7):
 * migration 7 (tickets.training, the overdue work list without training
 * tickets, training_calls, training_results) and its operations.
 */
#include "store_sqlite_training.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../core/mem.h"
#include "store_sqlite_int.h"

/*
 * Migration 7.  tickets.training is set once, at create.  The overdue
 * work list's partial index is rebuilt with "training = 0" (the timer
 * never marks a training ticket; sq_list_overdue repeats the WHERE clause
 * word for word).  training_calls names the one agent a training call
 * rings; training_results keeps graded runs.
 */
const char sq_migration_training[] =
	"ALTER TABLE tickets ADD COLUMN training INTEGER NOT NULL DEFAULT 0\n"
	"  CHECK (training IN (0, 1));\n"
	"CREATE INDEX tickets_training ON tickets(training, created_at, "
	"ticket_no);\n"
	/* the statistics of migration 6 count live tickets only: their
	 * indexes lead with training so they stay covering */
	"DROP INDEX tickets_stats;\n"
	"CREATE INDEX tickets_stats ON tickets(training, created_at, "
	"appeal_type, channel, handling_mode, category_code, town_code);\n"
	"DROP INDEX tickets_clock;\n"
	"CREATE INDEX tickets_clock ON tickets(training, state, deadline, "
	"lead_unit_code, created_at, ticket_no);\n"
	"DROP INDEX tickets_overdue_due;\n"
	"CREATE INDEX tickets_overdue_due ON tickets(deadline) "
	"WHERE overdue = 0 AND training = 0 AND "
	"state IN ('PENDING_SIGN', 'HANDLING', 'RETURN_REQUESTED');\n"
	"CREATE TABLE training_calls (\n"
	"  call_id INTEGER PRIMARY KEY,\n"
	"  agent TEXT NOT NULL,\n"
	"  scenario TEXT NOT NULL,\n"
	"  requested_by TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL);\n"
	"CREATE TABLE training_results (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  scenario TEXT NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  trainee TEXT NOT NULL,\n"
	"  mode TEXT NOT NULL CHECK (mode IN ('practice', 'demo')),\n"
	"  score INTEGER NOT NULL,\n"
	"  max_score INTEGER NOT NULL,\n"
	"  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),\n"
	"  duration_s INTEGER NOT NULL,\n"
	"  started_at INTEGER NOT NULL,\n"
	"  checks TEXT NOT NULL,\n"
	"  call_id INTEGER,\n"
	"  ticket_no TEXT,\n"
	"  recorded_by TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL);\n"
	"CREATE INDEX training_results_trainee ON training_results(trainee, "
	"id);\n"
	"CREATE INDEX training_results_scenario ON training_results(scenario, "
	"id);\n";

/* ---- training calls --------------------------------------------------- */

enum status
sq_training_call_put(struct store *base, long long call_id, const char *agent,
		     const char *scenario, const char *requested_by,
		     long long now)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "INSERT OR REPLACE INTO training_calls "
			    "(call_id, agent, scenario, requested_by, "
			    "created_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sqlite3_bind_int64(st, 1, call_id);
	sq_bind_text(st, 2, agent);
	sq_bind_text(st, 3, scenario ? scenario : "");
	sq_bind_text(st, 4, requested_by);
	sqlite3_bind_int64(st, 5, now);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	return sq_wr_end(s, rc);
}

enum status
sq_training_call_drop(struct store *base, long long call_id)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "DELETE FROM training_calls WHERE call_id = ?");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sqlite3_bind_int64(st, 1, call_id);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	return sq_wr_end(s, rc);
}

enum status
sq_training_call_targets(struct store *base, struct store_training_call **out,
			 size_t *n_out)
{
	struct sq_store *s = SQ(base);
	struct store_training_call *items = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	enum status rc;
	int step;

	*out = NULL;
	*n_out = 0;
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	/* A row written before a call that was never stored (a crash
	 * between the two writes) must not name a later live call. */
	if (sq_exec(s->wr, "DELETE FROM training_calls WHERE call_id NOT IN "
			   "(SELECT id FROM calls)") != 0)
		return sq_wr_end(s, ST_IO);
	st = sq_prep(s->wr, "SELECT tc.call_id, tc.agent, tc.scenario "
			    "FROM training_calls AS tc "
			    "JOIN calls AS c ON c.id = tc.call_id "
			    "WHERE c.state NOT IN ('ENDED', 'ABANDONED') "
			    "ORDER BY tc.call_id");
	if (!st)
		return sq_wr_end(s, ST_IO);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		items = sq_grow(items, n, &cap, sizeof *items);
		items[n].call_id = sqlite3_column_int64(st, 0);
		items[n].agent = sq_col_dup(st, 1);
		items[n].scenario = sq_col_dup(st, 2);
		n++;
	}
	if (step != SQLITE_DONE) {
		sq_log(s->wr, "training call targets");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	rc = sq_wr_end(s, rc);
	if (rc != ST_OK) {
		store_training_calls_free(items, n);
		return rc;
	}
	*out = items;
	*n_out = n;
	return ST_OK;
}

/* ---- results ---------------------------------------------------------- */

#define RESULT_COLS                                                           \
	"id, scenario, title, trainee, mode, score, max_score, passed, "      \
	"duration_s, started_at, checks, COALESCE(call_id, 0), "             \
	"COALESCE(ticket_no, ''), recorded_by, created_at"

static void
read_result(sqlite3_stmt *st, struct store_training_result *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->scenario = sq_col_dup(st, 1);
	r->title = sq_col_dup(st, 2);
	r->trainee = sq_col_dup(st, 3);
	r->mode = sq_col_dup(st, 4);
	r->score = sqlite3_column_int64(st, 5);
	r->max_score = sqlite3_column_int64(st, 6);
	r->passed = sqlite3_column_int(st, 7);
	r->duration_s = sqlite3_column_int64(st, 8);
	r->started_at = sqlite3_column_int64(st, 9);
	r->checks = sq_col_dup(st, 10);
	r->call_id = sqlite3_column_int64(st, 11);
	r->ticket_no = sq_col_dup(st, 12);
	r->recorded_by = sq_col_dup(st, 13);
	r->created_at = sqlite3_column_int64(st, 14);
}

enum status
sq_training_result_create(struct store *base,
			  const struct store_training_result *in,
			  long long now, long long *id_out)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc;

	*id_out = 0;
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr,
		     "INSERT INTO training_results (scenario, title, trainee, "
		     "mode, score, max_score, passed, duration_s, started_at, "
		     "checks, call_id, ticket_no, recorded_by, created_at) "
		     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, in->scenario);
	sq_bind_text(st, 2, in->title);
	sq_bind_text(st, 3, in->trainee);
	sq_bind_text(st, 4, in->mode);
	sqlite3_bind_int64(st, 5, in->score);
	sqlite3_bind_int64(st, 6, in->max_score);
	sqlite3_bind_int(st, 7, in->passed ? 1 : 0);
	sqlite3_bind_int64(st, 8, in->duration_s);
	sqlite3_bind_int64(st, 9, in->started_at);
	sq_bind_text(st, 10, in->checks ? in->checks : "[]");
	if (in->call_id > 0)
		sqlite3_bind_int64(st, 11, in->call_id);
	else
		sqlite3_bind_null(st, 11);
	sq_bind_text_or_null(st, 12, in->ticket_no);
	sq_bind_text(st, 13, in->recorded_by);
	sqlite3_bind_int64(st, 14, now);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK)
		*id_out = sqlite3_last_insert_rowid(s->wr);
	rc = sq_wr_end(s, rc);
	if (rc != ST_OK)
		*id_out = 0;
	return rc;
}

enum status
sq_training_result_get(struct store *base, long long id,
		       struct store_training_result *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;
	int step;

	memset(out, 0, sizeof *out);
	if (!db)
		return ST_IO;
	st = sq_prep(db, "SELECT " RESULT_COLS " FROM training_results "
			 "WHERE id = ?");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_result(st, out);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get training result");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_training_result_list(struct store *base, const char *trainee,
			const char *scenario, long long before, int limit,
			struct store_training_result **out, size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	struct store_training_result *items = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int step;

	*out = NULL;
	*n_out = 0;
	if (!db)
		return ST_IO;
	st = sq_prep(db, "SELECT " RESULT_COLS " FROM training_results "
			 "WHERE (?1 IS NULL OR trainee = ?1) "
			 "AND (?2 IS NULL OR scenario = ?2) "
			 "AND (?3 = 0 OR id < ?3) "
			 "ORDER BY id DESC LIMIT ?4");
	if (!st)
		return ST_IO;
	if (trainee)
		sq_bind_text(st, 1, trainee);
	else
		sqlite3_bind_null(st, 1);
	if (scenario)
		sq_bind_text(st, 2, scenario);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, before);
	sqlite3_bind_int(st, 4, limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		items = sq_grow(items, n, &cap, sizeof *items);
		read_result(st, &items[n++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "list training results");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	if (rc != ST_OK) {
		store_training_results_free(items, n);
		return rc;
	}
	*out = items;
	*n_out = n;
	return ST_OK;
}
