/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite.c - the store interface on SQLite (WAL).
 *
 * Connections: one writer connection behind a mutex (every write is one
 * BEGIN IMMEDIATE ... COMMIT while holding it, so writers never meet
 * SQLITE_BUSY inside the process), and one read connection per thread,
 * opened lazily and kept in a thread-local slot (query_only).  WAL lets
 * readers run while the writer commits.  Schema changes are the numbered
 * migrations below, each applied once in its own transaction and recorded
 * in schema_migrations and PRAGMA user_version.  Ticket columns are named
 * after the fields of tkrec.h; the SELECT and INSERT lists are generated
 * from that table.
 */
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/workday.h"
#include "log.h"
#include "store_sqlite_calls.h"
#include "store_sqlite_intake.h"
#include "store_sqlite_int.h"
#include "store_sqlite_kb.h"
#include "store_sqlite_stats.h" /* issue #6 */
#include "store_sqlite_training.h"


/* ---- schema migrations ------------------------------------------------ */

struct sq_migration {
	int version;
	const char *name;
	const char *sql;
};

/* Append only: a released migration never changes. */
static const struct sq_migration sq_migrations[] = {
	{1, "initial schema",
	 "CREATE TABLE meta (\n"
	 "  key TEXT PRIMARY KEY,\n"
	 "  value TEXT NOT NULL);\n"
	 "CREATE TABLE units (\n"
	 "  code TEXT PRIMARY KEY,\n"
	 "  name TEXT NOT NULL,\n"
	 "  short_name TEXT NOT NULL,\n"
	 "  kind TEXT NOT NULL,\n"
	 "  duty_phone TEXT NOT NULL,\n"
	 "  parent_code TEXT REFERENCES units(code)\n"
	 "    DEFERRABLE INITIALLY DEFERRED,\n"
	 "  seq INTEGER NOT NULL);\n"
	 "CREATE INDEX units_kind ON units(kind, seq);\n"
	 "CREATE TABLE categories (\n"
	 "  code TEXT PRIMARY KEY,\n"
	 "  name TEXT NOT NULL,\n"
	 "  parent_code TEXT REFERENCES categories(code)\n"
	 "    DEFERRABLE INITIALLY DEFERRED,\n"
	 "  owner TEXT NOT NULL DEFAULT '',\n"
	 "  limit_days INTEGER NOT NULL DEFAULT 0,\n"
	 "  desk TEXT NOT NULL DEFAULT '',\n"
	 "  seq INTEGER NOT NULL);\n"
	 "CREATE TABLE form_fields (\n"
	 "  category_code TEXT NOT NULL REFERENCES categories(code)\n"
	 "    DEFERRABLE INITIALLY DEFERRED,\n"
	 "  field_code TEXT NOT NULL,\n"
	 "  label TEXT NOT NULL,\n"
	 "  datatype TEXT NOT NULL,\n"
	 "  required INTEGER NOT NULL CHECK (required IN (0, 1)),\n"
	 "  ord INTEGER NOT NULL,\n"
	 "  vals TEXT NOT NULL DEFAULT '',\n"
	 "  description TEXT NOT NULL DEFAULT '',\n"
	 "  PRIMARY KEY (category_code, field_code));\n"
	 "CREATE TABLE wrapup_codes (\n"
	 "  code TEXT PRIMARY KEY,\n"
	 "  name_zh TEXT NOT NULL,\n"
	 "  name_en TEXT NOT NULL,\n"
	 "  seq INTEGER NOT NULL);\n"
	 "CREATE TABLE reasons (\n"
	 "  code TEXT PRIMARY KEY,\n"
	 "  name_zh TEXT NOT NULL,\n"
	 "  name_en TEXT NOT NULL,\n"
	 "  seq INTEGER NOT NULL);\n"
	 "CREATE TABLE holidays (\n"
	 "  date TEXT PRIMARY KEY,\n"
	 "  kind TEXT NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY')),\n"
	 "  name TEXT NOT NULL);\n"
	 "CREATE TABLE agents (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  username TEXT NOT NULL UNIQUE,\n"
	 "  display_name TEXT NOT NULL,\n"
	 "  pw_hash TEXT NOT NULL,\n"
	 "  role TEXT NOT NULL,\n"
	 "  desks TEXT NOT NULL DEFAULT '',\n"
	 "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),\n"
	 "  created_at INTEGER NOT NULL);\n"
	 "CREATE TABLE sessions (\n"
	 "  token_hash TEXT PRIMARY KEY,\n"
	 "  agent_id INTEGER NOT NULL REFERENCES agents(id)\n"
	 "    ON DELETE CASCADE,\n"
	 "  ip TEXT NOT NULL,\n"
	 "  created_at INTEGER NOT NULL,\n"
	 "  expires_at INTEGER NOT NULL);\n"
	 "CREATE INDEX sessions_expiry ON sessions(expires_at);\n"
	 "CREATE TABLE login_attempts (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  username TEXT NOT NULL,\n"
	 "  ip TEXT NOT NULL,\n"
	 "  at INTEGER NOT NULL,\n"
	 "  ok INTEGER NOT NULL CHECK (ok IN (0, 1)));\n"
	 "CREATE INDEX login_attempts_user ON login_attempts(username, at);\n"
	 "CREATE INDEX login_attempts_ip ON login_attempts(ip, at);\n"
	 "CREATE TABLE ticket_seq (\n"
	 "  day TEXT PRIMARY KEY,\n"
	 "  last INTEGER NOT NULL);\n"
	 "CREATE TABLE tickets (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  ticket_no TEXT NOT NULL UNIQUE,\n"
	 "  channel TEXT NOT NULL,\n"
	 "  desk TEXT NOT NULL,\n"
	 "  appeal_type TEXT NOT NULL,\n"
	 "  title TEXT NOT NULL,\n"
	 "  content TEXT NOT NULL,\n"
	 "  category_code TEXT NOT NULL REFERENCES categories(code),\n"
	 "  urgency TEXT NOT NULL,\n"
	 "  town_code TEXT NOT NULL DEFAULT '',\n"
	 "  community TEXT NOT NULL DEFAULT '',\n"
	 "  address TEXT NOT NULL DEFAULT '',\n"
	 "  caller_phone TEXT NOT NULL DEFAULT '',\n"
	 "  contact_phone TEXT NOT NULL DEFAULT '',\n"
	 "  caller_name TEXT NOT NULL DEFAULT '',\n"
	 "  gender TEXT NOT NULL DEFAULT '',\n"
	 "  caller_kind TEXT NOT NULL,\n"
	 "  company_name TEXT NOT NULL DEFAULT '',\n"
	 "  credit_code TEXT NOT NULL DEFAULT '',\n"
	 "  id_number TEXT NOT NULL DEFAULT '',\n"
	 "  is_anonymous INTEGER NOT NULL DEFAULT 0,\n"
	 "  is_confidential INTEGER NOT NULL DEFAULT 0,\n"
	 "  needs_reply INTEGER NOT NULL DEFAULT 1,\n"
	 "  tags TEXT NOT NULL DEFAULT '[]',\n"
	 "  handling_mode TEXT,\n"
	 "  direct_reply TEXT NOT NULL DEFAULT '',\n"
	 "  lead_unit_code TEXT NOT NULL DEFAULT '',\n"
	 "  assist_units TEXT NOT NULL DEFAULT '[]',\n"
	 "  dispatch_note TEXT NOT NULL DEFAULT '',\n"
	 "  deadline INTEGER,\n"
	 "  state TEXT NOT NULL,\n"
	 "  supervised INTEGER NOT NULL DEFAULT 0,\n"
	 "  overdue INTEGER NOT NULL DEFAULT 0,\n"
	 "  rehandle_count INTEGER NOT NULL DEFAULT 0,\n"
	 "  return_count INTEGER NOT NULL DEFAULT 0,\n"
	 "  extension_count INTEGER NOT NULL DEFAULT 0,\n"
	 "  call_id TEXT,\n"
	 "  created_by TEXT NOT NULL REFERENCES agents(username),\n"
	 "  created_at INTEGER NOT NULL,\n"
	 "  updated_at INTEGER NOT NULL,\n"
	 "  result TEXT NOT NULL DEFAULT '',\n"
	 "  satisfaction TEXT,\n"
	 "  solved TEXT,\n"
	 "  version INTEGER NOT NULL CHECK (version >= 1),\n"
	 "  extra TEXT NOT NULL DEFAULT '{}',\n"
	 "  merged_into TEXT,\n"
	 "  requested_deadline INTEGER);\n"
	 "CREATE INDEX tickets_created ON tickets(created_at, ticket_no);\n"
	 "CREATE INDEX tickets_by ON tickets(created_by, created_at);\n"
	 "CREATE INDEX tickets_state ON tickets(state, created_at);\n"
	 "CREATE INDEX tickets_caller ON tickets(caller_phone);\n"
	 "CREATE INDEX tickets_contact ON tickets(contact_phone);\n"
	 "CREATE TABLE ticket_events (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  ticket_id INTEGER NOT NULL REFERENCES tickets(id),\n"
	 "  at INTEGER NOT NULL,\n"
	 "  actor TEXT NOT NULL,\n"
	 "  action TEXT NOT NULL,\n"
	 "  from_state TEXT,\n"
	 "  to_state TEXT,\n"
	 "  comment TEXT NOT NULL DEFAULT '');\n"
	 "CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);\n"
	 "CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events\n"
	 "BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;\n"
	 "CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events\n"
	 "BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;\n"
	 "CREATE TABLE idempotency_keys (\n"
	 "  agent_id INTEGER NOT NULL REFERENCES agents(id),\n"
	 "  key TEXT NOT NULL,\n"
	 "  request_hash TEXT NOT NULL,\n"
	 "  ticket_no TEXT NOT NULL,\n"
	 "  created_at INTEGER NOT NULL,\n"
	 "  PRIMARY KEY (agent_id, key));\n"
	 "CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);\n"},
	{2, "calls and agent states", sq_migration_calls},
	{3, "knowledge base and SMS outbox", sq_migration_kb},
	{4, "overdue work list index",
	 /* The deadline timer's query (sq_list_overdue) must repeat this
	  * WHERE clause word for word to use the index. */
	 "CREATE INDEX tickets_overdue_due ON tickets(deadline) "
	 "WHERE overdue = 0 AND "
	 "state IN ('PENDING_SIGN', 'HANDLING', 'RETURN_REQUESTED');\n"},
	/* online queue of other channels (issue #4 extras) */
	{5, "online queue of other channels", sq_migration_intake},
	/* supervisor statistics, audit log, broadcasts (issue #6) */
	{6, "supervisor statistics, audit log, broadcasts", sq_migration_stats},
	/* training space (issue #7; store_sqlite_training.c) */
	{7, "training space", sq_migration_training},
	/* 督办 with a due time (issue #6 §2; store_sqlite_stats.c) */
	{8, "supervision due time", sq_migration_supdue},
};

#define SQ_N_MIGRATIONS                                                       \
	((int)(sizeof sq_migrations / sizeof sq_migrations[0]))

/* Idempotency keys are remembered this long (seconds). */
#define SQ_IDEM_TTL (7 * 86400)

/* ---- small helpers ---------------------------------------------------- */

void
sq_log(sqlite3 *db, const char *what)
{
	slog(SLOG_ERROR, "sqlite: %s: %s", what,
	     db ? sqlite3_errmsg(db) : "no connection");
}

int
sq_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		slog(SLOG_ERROR, "sqlite: %s", err ? err : "exec failed");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

sqlite3_stmt *
sq_prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (!db)
		return NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sq_log(db, "prepare");
		slog(SLOG_DEBUG, "sqlite: statement: %.200s", sql);
		return NULL;
	}
	return st;
}

void
sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* NULL and "" both bind SQL NULL (optional references). */
void
sq_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *
sq_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return xstrdup(t ? (const char *)t : "");
}

char *
sq_col_dup_or_null(sqlite3_stmt *st, int i)
{
	const unsigned char *t;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

/* Step a statement that returns no rows (or whose rows are ignored). */
int
sq_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		sq_log(db, "step");
		return -1;
	}
	return 0;
}

/* Grow an array of elem-sized items to hold at least n + 1. */
void *
sq_grow(void *arr, size_t n, size_t *cap, size_t elem)
{
	if (n + 1 <= *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 16;
	arr = xrealloc(arr, *cap * elem);
	return arr;
}

/* ---- connections ------------------------------------------------------ */

static sqlite3 *
sq_connect(const char *path, int writer)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (writer)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		slog(SLOG_ERROR, "sqlite: cannot open %s: %s", path,
		     db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	if (sq_exec(db, "PRAGMA foreign_keys = ON;"
			"PRAGMA synchronous = NORMAL;") != 0)
		goto fail;
	if (sq_kb_connect(db) != 0) /* the KB's FTS5 tokenizer */
		goto fail;
	if (writer) {
		sqlite3_stmt *st = sq_prep(db, "PRAGMA journal_mode = WAL");
		const unsigned char *mode = NULL;

		if (!st)
			goto fail;
		if (sqlite3_step(st) == SQLITE_ROW)
			mode = sqlite3_column_text(st, 0);
		if (!mode || strcmp((const char *)mode, "wal") != 0) {
			slog(SLOG_ERROR, "sqlite: %s: cannot switch to WAL",
			     path);
			sqlite3_finalize(st);
			goto fail;
		}
		sqlite3_finalize(st);
	} else if (sq_exec(db, "PRAGMA query_only = ON;") != 0) {
		goto fail;
	}
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

/* This thread's read connection (opened on first use); NULL on failure. */
sqlite3 *
sq_rd(struct sq_store *s)
{
	sqlite3 *db = pthread_getspecific(s->rd_key);

	if (db)
		return db;
	db = sq_connect(s->path, 0);
	if (!db)
		return NULL;
	pthread_setspecific(s->rd_key, db);
	pthread_mutex_lock(&s->rd_lock);
	s->rd_all = sq_grow(s->rd_all, s->n_rd, &s->cap_rd, sizeof *s->rd_all);
	s->rd_all[s->n_rd++] = db;
	pthread_mutex_unlock(&s->rd_lock);
	slog(SLOG_DEBUG, "sqlite: opened read connection %zu", s->n_rd);
	return db;
}

enum status
sq_wr_begin(struct sq_store *s)
{
	pthread_mutex_lock(&s->wr_lock);
	if (sq_exec(s->wr, "BEGIN IMMEDIATE") != 0) {
		pthread_mutex_unlock(&s->wr_lock);
		return ST_IO;
	}
	return ST_OK;
}

/* Commits when st is ST_OK, else rolls back; returns the final status. */
enum status
sq_wr_end(struct sq_store *s, enum status st)
{
	if (st == ST_OK && sq_exec(s->wr, "COMMIT") != 0)
		st = ST_IO;
	if (st != ST_OK && sqlite3_get_autocommit(s->wr) == 0)
		sq_exec(s->wr, "ROLLBACK");
	pthread_mutex_unlock(&s->wr_lock);
	return st;
}

int
sq_rd_begin(sqlite3 *db)
{
	return sq_exec(db, "BEGIN");
}

void
sq_rd_end(sqlite3 *db)
{
	if (sqlite3_get_autocommit(db) == 0)
		sq_exec(db, "COMMIT");
}

/* ---- migrations ------------------------------------------------------- */

static int
sq_user_version(sqlite3 *db)
{
	sqlite3_stmt *st = sq_prep(db, "PRAGMA user_version");
	int v = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
sq_migrate(sqlite3 *db)
{
	int cur, i;

	if (sq_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
			"  version INTEGER PRIMARY KEY,\n"
			"  name TEXT NOT NULL,\n"
			"  applied_at INTEGER NOT NULL)") != 0)
		return -1;
	cur = sq_user_version(db);
	if (cur < 0)
		return -1;
	if (cur > sq_migrations[SQ_N_MIGRATIONS - 1].version) {
		slog(SLOG_ERROR,
		     "database schema version %d is newer than this hotlined "
		     "(%d); refusing to touch it",
		     cur, sq_migrations[SQ_N_MIGRATIONS - 1].version);
		return -1;
	}
	for (i = 0; i < SQ_N_MIGRATIONS; i++) {
		const struct sq_migration *m = &sq_migrations[i];
		sqlite3_stmt *st;
		char pragma[64];

		if (m->version <= cur)
			continue;
		if (sq_exec(db, "BEGIN IMMEDIATE") != 0)
			return -1;
		if (sq_exec(db, m->sql) != 0)
			goto fail;
		st = sq_prep(db, "INSERT INTO schema_migrations "
				 "(version, name, applied_at) "
				 "VALUES (?, ?, strftime('%s', 'now'))");
		if (!st)
			goto fail;
		sqlite3_bind_int(st, 1, m->version);
		sq_bind_text(st, 2, m->name);
		if (sq_step_done(db, st) != 0) {
			sqlite3_finalize(st);
			goto fail;
		}
		sqlite3_finalize(st);
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
			 m->version);
		if (sq_exec(db, pragma) != 0 || sq_exec(db, "COMMIT") != 0)
			goto fail;
		slog(SLOG_INFO, "database: applied migration %d (%s)",
		     m->version, m->name);
		continue;
	fail:
		slog(SLOG_ERROR, "database: migration %d (%s) failed; "
				 "rolled back",
		     m->version, m->name);
		if (sqlite3_get_autocommit(db) == 0)
			sq_exec(db, "ROLLBACK");
		return -1;
	}
	return 0;
}

/* ---- ticket statements, generated from the field table ---------------- */

static char *
build_ticket_select(void)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	buf_puts(&b, "SELECT ");
	for (i = 0; i < TKF__COUNT; i++) {
		if (i)
			buf_puts(&b, ", ");
		switch (i) {
		case TKF_CATEGORY_NAME:
			buf_puts(&b, "COALESCE(c.name, '')");
			break;
		case TKF_TOWN_NAME:
			buf_puts(&b, "COALESCE(tw.name, '')");
			break;
		case TKF_LEAD_UNIT_NAME:
			buf_puts(&b, "COALESCE(lu.name, '')");
			break;
		case TKF_ASSIST_UNITS:
			buf_puts(&b,
				 "(SELECT json_group_array(json(x)) FROM "
				 "(SELECT json_object('code', j.value, 'name', "
				 "COALESCE(u.name, '')) AS x "
				 "FROM json_each(t.assist_units) AS j "
				 "LEFT JOIN units AS u ON u.code = j.value "
				 "ORDER BY j.key))");
			break;
		default:
			if (tkf_stored((enum tkf)i))
				buf_printf(&b, "t.%s", tkf_info[i].name);
			else
				buf_puts(&b, "NULL");
		}
	}
	buf_puts(&b, ", t.id FROM tickets AS t "
		     "LEFT JOIN categories AS c ON c.code = t.category_code "
		     "LEFT JOIN units AS tw ON tw.code = t.town_code "
		     "LEFT JOIN units AS lu ON lu.code = t.lead_unit_code ");
	return buf_steal(&b);
}

static char *
build_ticket_insert(void)
{
	struct buf b;
	int i, n = 0;

	buf_init(&b, 0);
	buf_puts(&b, "INSERT INTO tickets (");
	for (i = 0; i < TKF__COUNT; i++) {
		if (!tkf_stored((enum tkf)i))
			continue;
		buf_printf(&b, "%s%s", n++ ? ", " : "", tkf_info[i].name);
	}
	buf_puts(&b, ") VALUES (");
	for (i = 0; i < n; i++)
		buf_puts(&b, i ? ", ?" : "?");
	buf_puts(&b, ")");
	return buf_steal(&b);
}

static void
bind_field(sqlite3_stmt *st, int idx, const struct tk_rec *r, enum tkf f)
{
	const struct tk_val *v = &r->v[f];

	switch (tkf_info[f].store) {
	case TKS_STR:
		sq_bind_text(st, idx, v->s);
		break;
	case TKS_NSTR:
		if (v->null || !v->s)
			sqlite3_bind_null(st, idx);
		else
			sq_bind_text(st, idx, v->s);
		break;
	case TKS_INT:
	case TKS_BOOL:
		sqlite3_bind_int64(st, idx, v->n);
		break;
	case TKS_TIME:
		if (v->null)
			sqlite3_bind_null(st, idx);
		else
			sqlite3_bind_int64(st, idx, v->n);
		break;
	case TKS_JSON:
		sq_bind_text(st, idx,
			  v->s ? v->s : (f == TKF_EXTRA ? "{}" : "[]"));
		break;
	default:
		sqlite3_bind_null(st, idx);
	}
}

/* Fill r from a row of ticket_select. */
static void
read_ticket_row(sqlite3_stmt *st, struct tk_rec *r)
{
	int i;

	tk_rec_init(r);
	for (i = 0; i < TKF__COUNT; i++) {
		struct tk_val *v = &r->v[i];
		int null = sqlite3_column_type(st, i) == SQLITE_NULL;

		switch (tkf_info[i].store) {
		case TKS_STR:
		case TKS_DERIVED:
			v->s = sq_col_dup(st, i);
			v->null = 0;
			break;
		case TKS_NSTR:
			v->s = sq_col_dup_or_null(st, i);
			v->null = v->s == NULL;
			break;
		case TKS_INT:
		case TKS_BOOL:
			v->n = sqlite3_column_int64(st, i);
			break;
		case TKS_TIME:
			v->null = null;
			v->n = null ? 0 : sqlite3_column_int64(st, i);
			break;
		case TKS_JSON:
			v->s = null ? xstrdup(i == TKF_EXTRA ? "{}" : "[]")
				    : sq_col_dup(st, i);
			break;
		case TKS_COMPUTED:
			break;
		}
	}
	r->id = sqlite3_column_int64(st, TKF__COUNT);
}

/* ---- lifecycle -------------------------------------------------------- */

static void
sq_close(struct store *base)
{
	struct sq_store *s = SQ(base);
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_rd; i++)
		sqlite3_close(s->rd_all[i]);
	free(s->rd_all);
	if (s->wr) {
		sq_exec(s->wr, "PRAGMA optimize");
		if (sqlite3_close(s->wr) != SQLITE_OK)
			sq_log(s->wr, "close");
	}
	pthread_key_delete(s->rd_key);
	pthread_mutex_destroy(&s->wr_lock);
	pthread_mutex_destroy(&s->rd_lock);
	free(s->ticket_select);
	free(s->ticket_insert);
	free(s->path);
	free(s);
}

static enum status
sq_is_empty(struct store *base, int *empty)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st = sq_prep(db, "SELECT (SELECT count(*) FROM units) + "
				       "(SELECT count(*) FROM agents) + "
				       "(SELECT count(*) FROM tickets)");
	enum status rc = ST_IO;

	if (!st)
		return ST_IO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*empty = sqlite3_column_int64(st, 0) == 0;
		rc = ST_OK;
	} else {
		sq_log(db, "is_empty");
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- tickets (writer side) -------------------------------------------- */

static enum status
insert_event(sqlite3 *db, long long ticket_id, const struct tk_event *e,
	     long long at)
{
	sqlite3_stmt *st = sq_prep(db, "INSERT INTO ticket_events (ticket_id, "
				       "at, actor, action, from_state, "
				       "to_state, comment) "
				       "VALUES (?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int64(st, 2, at);
	sq_bind_text(st, 3, e->actor);
	sq_bind_text(st, 4, e->action);
	sq_bind_text_or_null(st, 5, e->from_state);
	sq_bind_text_or_null(st, 6, e->to_state);
	sq_bind_text(st, 7, e->comment);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	return rc == 0 ? ST_OK : ST_IO;
}

/* Next ticket number for the local date of t (inside a write txn). */
static enum status
next_ticket_no(sqlite3 *db, long long t, const char *prefix, char out[32])
{
	struct workcal_civil cv;
	sqlite3_stmt *st;
	char day[16];
	long long seq = -1;

	workcal_split((time_t)t, &cv);
	snprintf(day, sizeof day, "%04d%02d%02d", cv.year, cv.month, cv.day);
	st = sq_prep(db, "INSERT INTO ticket_seq (day, last) VALUES (?, 1) "
			 "ON CONFLICT (day) DO UPDATE SET last = last + 1 "
			 "RETURNING last");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, day);
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	if (sqlite3_step(st) != SQLITE_DONE)
		seq = -1;
	sqlite3_finalize(st);
	if (seq < 1) {
		sq_log(db, "ticket_seq");
		return ST_IO;
	}
	if (tk_format_no(out, 32, prefix, cv.year, cv.month, cv.day,
			 (unsigned long)seq) != ST_OK) {
		slog(SLOG_ERROR, "cannot number ticket %lld of %s (prefix %s)",
		     seq, day, prefix);
		return ST_IO;
	}
	return ST_OK;
}

/*
 * Insert r (all stored fields taken from r, ticket_no assigned here from
 * the local date of created_at) and returns its row id in *id.
 */
static enum status
insert_ticket(struct sq_store *s, struct tk_rec *r, const char *prefix,
	      long long *id)
{
	sqlite3_stmt *st;
	char no[32];
	int i, idx = 1;
	enum status rc;

	rc = next_ticket_no(s->wr, r->v[TKF_CREATED_AT].n, prefix, no);
	if (rc != ST_OK)
		return rc;
	tk_rec_str(r, TKF_TICKET_NO, no);
	st = sq_prep(s->wr, s->ticket_insert);
	if (!st)
		return ST_IO;
	for (i = 0; i < TKF__COUNT; i++)
		if (tkf_stored((enum tkf)i))
			bind_field(st, idx++, r, (enum tkf)i);
	if (sq_step_done(s->wr, st) != 0) {
		sqlite3_finalize(st);
		return ST_IO;
	}
	sqlite3_finalize(st);
	*id = sqlite3_last_insert_rowid(s->wr);
	return ST_OK;
}

static enum status
idem_lookup(sqlite3 *db, const struct store_idem *idem, char no_out[32],
	    int *found, int *same)
{
	sqlite3_stmt *st = sq_prep(db, "SELECT request_hash, ticket_no "
				       "FROM idempotency_keys "
				       "WHERE agent_id = ? AND key = ?");
	int rc;

	*found = *same = 0;
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, idem->agent_id);
	sq_bind_text(st, 2, idem->key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 0);
		const char *no = (const char *)sqlite3_column_text(st, 1);

		*found = 1;
		*same = h && strcmp(h, idem->request_hash) == 0;
		snprintf(no_out, 32, "%s", no ? no : "");
	} else if (rc != SQLITE_DONE) {
		sq_log(db, "idempotency lookup");
		sqlite3_finalize(st);
		return ST_IO;
	}
	sqlite3_finalize(st);
	return ST_OK;
}

static enum status
idem_store(sqlite3 *db, const struct store_idem *idem, const char *no,
	   long long now)
{
	sqlite3_stmt *st;
	int rc;

	st = sq_prep(db, "DELETE FROM idempotency_keys WHERE created_at < ?");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, now - SQ_IDEM_TTL);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	if (rc != 0)
		return ST_IO;
	st = sq_prep(db, "INSERT INTO idempotency_keys (agent_id, key, "
			 "request_hash, ticket_no, created_at) "
			 "VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, idem->agent_id);
	sq_bind_text(st, 2, idem->key);
	sq_bind_text(st, 3, idem->request_hash);
	sq_bind_text(st, 4, no);
	sqlite3_bind_int64(st, 5, now);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	return rc == 0 ? ST_OK : ST_IO;
}

/* create_ticket; with link (may be NULL) also the online queue's item
 * in the same transaction (store_sqlite_intake.c). */
enum status
sq_create_ticket_ex(struct store *base, const struct tk_rec *in,
		    const struct store_idem *idem, long long now,
		    const char *prefix, const struct sq_intake_link *link,
		    char no_out[32], int *replayed)
{
	struct sq_store *s = SQ(base);
	struct tk_rec r;
	struct tk_event ev = {0};
	long long id = 0;
	enum status rc;
	int i, found = 0, same = 0;

	*replayed = 0;
	no_out[0] = '\0';
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	if (idem) {
		rc = idem_lookup(s->wr, idem, no_out, &found, &same);
		if (rc != ST_OK)
			return sq_wr_end(s, rc);
		if (found) {
			/* Nothing was written: end the transaction. */
			*replayed = same;
			if (sq_wr_end(s, ST_OK) != ST_OK)
				return ST_IO;
			return same ? ST_OK : ST_EXISTS;
		}
	}
	/* Copy the input: the store owns numbering and timestamps. */
	tk_rec_init(&r);
	for (i = 0; i < TKF__COUNT; i++) {
		r.v[i] = in->v[i];
		r.v[i].s = in->v[i].s ? xstrdup(in->v[i].s) : NULL;
	}
	tk_rec_int(&r, TKF_CREATED_AT, now);
	tk_rec_int(&r, TKF_UPDATED_AT, now);
	tk_rec_int(&r, TKF_VERSION, 1);
	rc = insert_ticket(s, &r, prefix, &id);
	if (rc == ST_OK) {
		tk_event_set(&ev, tk_rec_s(&r, TKF_CREATED_BY), "create",
			     NULL, tk_rec_s(&r, TKF_STATE), "");
		rc = insert_event(s->wr, id, &ev, now);
		tk_event_free(&ev);
	}
	if (rc == ST_OK && idem)
		rc = idem_store(s->wr, idem, tk_rec_s(&r, TKF_TICKET_NO), now);
	if (rc == ST_OK && link)
		rc = sq_intake_link_done(s->wr, link,
					 tk_rec_s(&r, TKF_TICKET_NO), now);
	if (rc == ST_OK)
		snprintf(no_out, 32, "%s", tk_rec_s(&r, TKF_TICKET_NO));
	tk_rec_free(&r);
	return sq_wr_end(s, rc);
}

static enum status
sq_create_ticket(struct store *base, const struct tk_rec *in,
		 const struct store_idem *idem, long long now,
		 const char *prefix, char no_out[32], int *replayed)
{
	return sq_create_ticket_ex(base, in, idem, now, prefix, NULL, no_out,
				   replayed);
}

static enum status
sq_update_ticket(struct store *base, const char *no, long long expect_version,
		 const struct tk_change *ch, const struct tk_event *ev,
		 long long now, long long *new_version)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	struct buf b;
	long long id = 0;
	enum status rc;
	int i, idx = 1, step;

	buf_init(&b, 0);
	buf_puts(&b, "UPDATE tickets SET ");
	for (i = 0; i < TKF__COUNT; i++) {
		if (!ch->set[i] || !tkf_stored((enum tkf)i) ||
		    i == TKF_VERSION || i == TKF_UPDATED_AT ||
		    i == TKF_TICKET_NO || i == TKF_CREATED_AT ||
		    i == TKF_CREATED_BY)
			continue;
		buf_printf(&b, "%s = ?, ", tkf_info[i].name);
	}
	buf_puts(&b, "version = version + 1, updated_at = ? "
		     "WHERE ticket_no = ? AND version = ? RETURNING id, "
		     "version");
	rc = sq_wr_begin(s);
	if (rc != ST_OK) {
		buf_free(&b);
		return rc;
	}
	st = sq_prep(s->wr, b.data);
	buf_free(&b);
	if (!st)
		return sq_wr_end(s, ST_IO);
	for (i = 0; i < TKF__COUNT; i++) {
		if (!ch->set[i] || !tkf_stored((enum tkf)i) ||
		    i == TKF_VERSION || i == TKF_UPDATED_AT ||
		    i == TKF_TICKET_NO || i == TKF_CREATED_AT ||
		    i == TKF_CREATED_BY)
			continue;
		bind_field(st, idx++, &ch->rec, (enum tkf)i);
	}
	sqlite3_bind_int64(st, idx++, now);
	sq_bind_text(st, idx++, no);
	sqlite3_bind_int64(st, idx++, expect_version);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*new_version = sqlite3_column_int64(st, 1);
		step = sqlite3_step(st);
	}
	if (step != SQLITE_DONE) {
		sq_log(s->wr, "update ticket");
		sqlite3_finalize(st);
		return sq_wr_end(s, ST_IO);
	}
	sqlite3_finalize(st);
	if (id == 0) {
		/* Either gone or changed under us. */
		st = sq_prep(s->wr, "SELECT 1 FROM tickets WHERE ticket_no = ?");
		if (!st)
			return sq_wr_end(s, ST_IO);
		sq_bind_text(st, 1, no);
		rc = sqlite3_step(st) == SQLITE_ROW ? ST_CONFLICT
						    : ST_NOT_FOUND;
		sqlite3_finalize(st);
		sq_wr_end(s, rc);
		return rc;
	}
	rc = insert_event(s->wr, id, ev, now);
	return sq_wr_end(s, rc);
}

/* ---- tickets (reader side) -------------------------------------------- */

static enum status
sq_get_ticket(struct store *base, const char *no, struct tk_rec *out,
	      struct tk_event **ev_out, size_t *n_ev)
{
	struct sq_store *s = SQ(base);
	sqlite3 *db = sq_rd(s);
	sqlite3_stmt *st;
	struct tk_event *ev = NULL;
	size_t n = 0, cap = 0;
	char *sql;
	enum status rc = ST_OK;
	int step;

	tk_rec_init(out);
	if (ev_out) {
		*ev_out = NULL;
		*n_ev = 0;
	}
	if (!db || sq_rd_begin(db) != 0)
		return ST_IO;
	sql = xasprintf("%sWHERE t.ticket_no = ?", s->ticket_select);
	st = sq_prep(db, sql);
	free(sql);
	if (!st) {
		sq_rd_end(db);
		return ST_IO;
	}
	sq_bind_text(st, 1, no);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_ticket_row(st, out);
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get ticket");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	if (rc != ST_OK || !ev_out) {
		sq_rd_end(db);
		return rc;
	}
	st = sq_prep(db, "SELECT id, at, actor, action, from_state, to_state, "
			 "comment FROM ticket_events WHERE ticket_id = ? "
			 "ORDER BY id");
	if (!st) {
		sq_rd_end(db);
		tk_rec_free(out);
		return ST_IO;
	}
	sqlite3_bind_int64(st, 1, out->id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct tk_event *e;

		ev = sq_grow(ev, n, &cap, sizeof *ev);
		e = &ev[n++];
		e->id = sqlite3_column_int64(st, 0);
		e->at = sqlite3_column_int64(st, 1);
		e->actor = sq_col_dup(st, 2);
		e->action = sq_col_dup(st, 3);
		e->from_state = sq_col_dup_or_null(st, 4);
		e->to_state = sq_col_dup_or_null(st, 5);
		e->comment = sq_col_dup(st, 6);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "ticket events");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	sq_rd_end(db);
	if (rc != ST_OK) {
		tk_events_free(ev, n);
		tk_rec_free(out);
		return rc;
	}
	*ev_out = ev;
	*n_ev = n;
	return ST_OK;
}

/* The supervised list's sort key: the 督办 due time, none last. */
#define SQ_SUP_DUE "IFNULL(t.supervised_due_at, 9223372036854775807)"

static enum status
sq_list_tickets(struct store *base, const struct store_ticket_filter *f,
		struct tk_rec **out, size_t *n_out)
{
	struct sq_store *s = SQ(base);
	sqlite3 *db = sq_rd(s);
	sqlite3_stmt *st;
	struct tk_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct buf b;
	int idx = 1, step;
	enum status rc = ST_OK;
	/* 督办 list: by due time, soonest first (migration 8) */
	int sup = f->flag && strcmp(f->flag, "supervised") == 0;

	*out = NULL;
	*n_out = 0;
	if (!db)
		return ST_IO;
	buf_init(&b, 0);
	/* issue #6: a review list picks its page from the covering index
	 * first (no row read per matching ticket), then reads those rows. */
	/* live and training tickets never share a listing (issue #7) */
	if (f->flag)
		buf_printf(&b, "%sWHERE t.rowid IN (SELECT t.rowid FROM "
			   "tickets t WHERE t.training = %d",
			   s->ticket_select, f->training ? 1 : 0);
	else
		buf_printf(&b, "%sWHERE t.training = %d", s->ticket_select,
			   f->training ? 1 : 0);
	if (f->created_by)
		buf_puts(&b, " AND t.created_by = ?");
	if (f->state)
		buf_puts(&b, " AND t.state = ?");
	if (f->phone)
		buf_puts(&b, " AND (t.caller_phone = ? OR t.contact_phone = ?)");
	if (f->q)
		buf_puts(&b, " AND (instr(t.title, ?) > 0 OR "
			     "instr(t.content, ?) > 0 OR "
			     "instr(t.address, ?) > 0 OR "
			     "instr(t.ticket_no, ?) > 0)");
	if (f->has_cursor && sup)
		buf_puts(&b, " AND (" SQ_SUP_DUE " > ? OR (" SQ_SUP_DUE
			     " = ? AND t.ticket_no > ?))");
	else if (f->has_cursor)
		buf_puts(&b, " AND (t.created_at < ? OR (t.created_at = ? AND "
			     "t.ticket_no < ?))");
	/* issue #6: review lists, searched through their own index (the
	 * "+" keeps the planner off the created_at index). */
	if (f->flag && strcmp(f->flag, "overdue") == 0)
		buf_puts(&b, " AND t.state IN ('PENDING_SIGN', 'HANDLING', "
			     "'RETURN_REQUESTED') AND t.deadline < ?");
	else if (f->flag && strcmp(f->flag, "due_soon") == 0)
		buf_puts(&b, " AND t.state IN ('PENDING_SIGN', 'HANDLING', "
			     "'RETURN_REQUESTED') AND t.deadline >= ? "
			     "AND t.deadline <= ?");
	else if (f->flag && strcmp(f->flag, "return_pending") == 0)
		buf_puts(&b, " AND t.state = 'RETURN_REQUESTED'");
	else if (f->flag && strcmp(f->flag, "extension_pending") == 0)
		buf_puts(&b, " AND t.requested_deadline IS NOT NULL "
			     "AND t.state = 'HANDLING'");
	else if (f->flag && strcmp(f->flag, "supervised") == 0)
		buf_puts(&b, " AND t.supervised = 1 AND t.state IN ('DRAFT', "
			     "'PENDING_DISPATCH', 'PENDING_SIGN', 'HANDLING', "
			     "'RETURN_REQUESTED', 'REPLIED', 'PENDING_VISIT')");
	if (sup)
		buf_puts(&b, " ORDER BY " SQ_SUP_DUE ", t.ticket_no LIMIT ?) "
			     "ORDER BY " SQ_SUP_DUE ", t.ticket_no");
	else if (f->flag)
		buf_puts(&b, " ORDER BY +t.created_at DESC, t.ticket_no DESC "
			     "LIMIT ?) ORDER BY t.created_at DESC, "
			     "t.ticket_no DESC");
	else
		buf_puts(&b, " ORDER BY t.created_at DESC, t.ticket_no DESC "
			     "LIMIT ?");
	st = sq_prep(db, b.data);
	buf_free(&b);
	if (!st)
		return ST_IO;
	if (f->created_by)
		sq_bind_text(st, idx++, f->created_by);
	if (f->state)
		sq_bind_text(st, idx++, f->state);
	if (f->phone) {
		sq_bind_text(st, idx++, f->phone);
		sq_bind_text(st, idx++, f->phone);
	}
	if (f->q) {
		sq_bind_text(st, idx++, f->q);
		sq_bind_text(st, idx++, f->q);
		sq_bind_text(st, idx++, f->q);
		sq_bind_text(st, idx++, f->q); /* ticket number (#4 extras) */
	}
	if (f->has_cursor) {
		sqlite3_bind_int64(st, idx++, f->cur_at);
		sqlite3_bind_int64(st, idx++, f->cur_at);
		sq_bind_text(st, idx++, f->cur_no);
	}
	if (f->flag && (strcmp(f->flag, "overdue") == 0 ||
			strcmp(f->flag, "due_soon") == 0))
		sqlite3_bind_int64(st, idx++, f->flag_now);
	if (f->flag && strcmp(f->flag, "due_soon") == 0)
		sqlite3_bind_int64(st, idx++, f->flag_soon);
	sqlite3_bind_int(st, idx++, f->limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		items = sq_grow(items, n, &cap, sizeof *items);
		read_ticket_row(st, &items[n++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "list tickets");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	if (rc != ST_OK) {
		store_recs_free(items, n);
		return rc;
	}
	*out = items;
	*n_out = n;
	return ST_OK;
}

static enum status
sq_list_overdue(struct store *base, long long now, size_t max,
		struct tk_rec **out, size_t *n_out)
{
	struct sq_store *s = SQ(base);
	sqlite3 *db = sq_rd(s);
	sqlite3_stmt *st;
	struct tk_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct buf b;
	int step;
	enum status rc = ST_OK;

	*out = NULL;
	*n_out = 0;
	if (!db)
		return ST_IO;
	buf_init(&b, 0);
	/* Same terms as the partial index of migration 7 (which rebuilt
	 * migration 4's without training tickets). */
	buf_printf(&b, "%sWHERE t.id IN (SELECT id FROM tickets "
		       "INDEXED BY tickets_overdue_due "
		       "WHERE overdue = 0 AND training = 0 AND "
		       "state IN ('PENDING_SIGN', "
		       "'HANDLING', 'RETURN_REQUESTED') AND deadline < ? "
		       "ORDER BY deadline LIMIT ?) ORDER BY t.deadline, t.id",
		   s->ticket_select);
	st = sq_prep(db, b.data);
	buf_free(&b);
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		items = sq_grow(items, n, &cap, sizeof *items);
		read_ticket_row(st, &items[n++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "list overdue tickets");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	if (rc != ST_OK) {
		store_recs_free(items, n);
		return rc;
	}
	*out = items;
	*n_out = n;
	return ST_OK;
}

/* ---- agents and sessions ---------------------------------------------- */

static void
read_agent(sqlite3_stmt *st, struct store_agent *a, int with_hash)
{
	enum role r;
	const char *role = (const char *)sqlite3_column_text(st, 3);

	a->id = sqlite3_column_int64(st, 0);
	a->username = sq_col_dup(st, 1);
	a->display_name = sq_col_dup(st, 2);
	if (!role || role_parse(role, &r) != 0)
		r = ROLE_AGENT; /* unreachable: seed validates roles */
	a->role = r;
	a->desks = sq_col_dup(st, 4);
	a->pw_hash = with_hash ? sq_col_dup(st, 5) : NULL;
}

static enum status
sq_get_agent_by_name(struct store *base, const char *username,
		     struct store_agent *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st = sq_prep(db, "SELECT id, username, display_name, "
				       "role, desks, pw_hash FROM agents "
				       "WHERE username = ? AND active = 1");
	enum status rc;
	int step;

	memset(out, 0, sizeof *out);
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, username);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_agent(st, out, 1);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get agent");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

static enum status
sq_create_session(struct store *base, long long agent_id,
		  const char *token_hash, const char *ip, long long now,
		  long long expires_at)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "INSERT INTO sessions (token_hash, agent_id, ip, "
			    "created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, agent_id);
	sq_bind_text(st, 3, ip);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, expires_at);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	return sq_wr_end(s, rc);
}

static enum status
sq_find_session(struct store *base, const char *token_hash, long long now,
		struct store_agent *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st = sq_prep(
		db, "SELECT a.id, a.username, a.display_name, a.role, a.desks "
		    "FROM sessions AS s JOIN agents AS a ON a.id = s.agent_id "
		    "WHERE s.token_hash = ? AND s.expires_at > ? "
		    "AND a.active = 1");
	enum status rc;
	int step;

	memset(out, 0, sizeof *out);
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, now);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_agent(st, out, 0);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "find session");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

static enum status
sq_delete_session(struct store *base, const char *token_hash)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "DELETE FROM sessions WHERE token_hash = ?");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, token_hash);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK && sqlite3_changes(s->wr) == 0)
		rc = ST_NOT_FOUND;
	sq_wr_end(s, rc == ST_NOT_FOUND ? ST_OK : rc);
	return rc;
}

static enum status
sq_login_failures(struct store *base, const char *username, const char *ip,
		  long long since, long long *times, size_t max, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	int step;

	*n = 0;
	/* For a username, a success ends the count of its failures. */
	st = sq_prep(db, username ? "SELECT at FROM login_attempts "
				    "WHERE username = ?1 AND ok = 0 AND at > ?2 "
				    "AND id > COALESCE((SELECT max(id) FROM "
				    "login_attempts WHERE username = ?1 AND "
				    "ok = 1), 0) ORDER BY id DESC LIMIT ?3"
				  : "SELECT at FROM login_attempts "
				    "WHERE ip = ?1 AND ok = 0 AND at > ?2 "
				    "ORDER BY id DESC LIMIT ?3");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, username ? username : ip);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		times[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		sq_log(db, "login failures");
		return ST_IO;
	}
	return ST_OK;
}

static enum status
sq_record_login(struct store *base, const char *username, const char *ip,
		int ok, long long now)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "INSERT INTO login_attempts (username, ip, at, ok) "
			    "VALUES (?, ?, ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, username);
	sq_bind_text(st, 2, ip);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int(st, 4, ok != 0);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK) {
		st = sq_prep(s->wr, "DELETE FROM login_attempts WHERE at < ?");
		if (!st)
			return sq_wr_end(s, ST_IO);
		sqlite3_bind_int64(st, 1, now - 86400);
		rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
		sqlite3_finalize(st);
	}
	if (rc == ST_OK) {
		st = sq_prep(s->wr,
			     "DELETE FROM sessions WHERE expires_at <= ?");
		if (!st)
			return sq_wr_end(s, ST_IO);
		sqlite3_bind_int64(st, 1, now);
		rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
		sqlite3_finalize(st);
	}
	return sq_wr_end(s, rc);
}

/* ---- reference data --------------------------------------------------- */

static void
read_unit(sqlite3_stmt *st, struct store_unit *u)
{
	u->code = sq_col_dup(st, 0);
	u->name = sq_col_dup(st, 1);
	u->short_name = sq_col_dup(st, 2);
	u->kind = sq_col_dup(st, 3);
	u->duty_phone = sq_col_dup(st, 4);
	u->parent_code = sq_col_dup(st, 5);
}

#define UNIT_COLS "code, name, short_name, kind, duty_phone, parent_code"

static enum status
sq_list_units(struct store *base, const char *kind, struct store_unit **out,
	      size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_unit *u = NULL;
	size_t n = 0, cap = 0;
	int step;

	*out = NULL;
	*n_out = 0;
	st = sq_prep(db, kind ? "SELECT " UNIT_COLS " FROM units "
				"WHERE kind = ? ORDER BY seq"
			      : "SELECT " UNIT_COLS " FROM units ORDER BY seq");
	if (!st)
		return ST_IO;
	if (kind)
		sq_bind_text(st, 1, kind);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		u = sq_grow(u, n, &cap, sizeof *u);
		read_unit(st, &u[n++]);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "list units");
		store_units_free(u, n);
		return ST_IO;
	}
	*out = u;
	*n_out = n;
	return ST_OK;
}

static enum status
sq_get_unit(struct store *base, const char *code, struct store_unit *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;
	int step;

	memset(out, 0, sizeof *out);
	st = sq_prep(db, "SELECT " UNIT_COLS " FROM units WHERE code = ?");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, code);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_unit(st, out);
		rc = ST_OK;
	} else {
		rc = step == SQLITE_DONE ? ST_NOT_FOUND : ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

#define CAT_COLS "code, name, parent_code, owner, limit_days, desk"

static void
read_category(sqlite3_stmt *st, struct store_category *c)
{
	c->code = sq_col_dup(st, 0);
	c->name = sq_col_dup(st, 1);
	c->parent_code = sq_col_dup(st, 2);
	c->owner = sq_col_dup(st, 3);
	c->limit_days = sqlite3_column_int(st, 4);
	c->desk = sq_col_dup(st, 5);
}

static enum status
sq_list_categories(struct store *base, struct store_category **out,
		   size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_category *c = NULL;
	size_t n = 0, cap = 0;
	int step;

	*out = NULL;
	*n_out = 0;
	st = sq_prep(db, "SELECT " CAT_COLS " FROM categories ORDER BY seq");
	if (!st)
		return ST_IO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		c = sq_grow(c, n, &cap, sizeof *c);
		read_category(st, &c[n++]);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "list categories");
		store_categories_free(c, n);
		return ST_IO;
	}
	*out = c;
	*n_out = n;
	return ST_OK;
}

static enum status
sq_get_category(struct store *base, const char *code,
		struct store_category *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;
	int step;

	memset(out, 0, sizeof *out);
	st = sq_prep(db, "SELECT " CAT_COLS " FROM categories WHERE code = ?");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, code);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_category(st, out);
		rc = ST_OK;
	} else {
		rc = step == SQLITE_DONE ? ST_NOT_FOUND : ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

static enum status
sq_get_form(struct store *base, const char *code,
	    struct store_form_field **out, size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_form_field *f = NULL;
	size_t n = 0, cap = 0;
	int step, exists = 0;

	*out = NULL;
	*n_out = 0;
	if (!db || sq_rd_begin(db) != 0)
		return ST_IO;
	st = sq_prep(db, "SELECT 1 FROM categories WHERE code = ?");
	if (!st) {
		sq_rd_end(db);
		return ST_IO;
	}
	sq_bind_text(st, 1, code);
	exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!exists) {
		sq_rd_end(db);
		return ST_NOT_FOUND;
	}
	st = sq_prep(
		db,
		"WITH RECURSIVE anc (code, depth) AS ("
		"  SELECT code, 0 FROM categories WHERE code = ?1"
		"  UNION ALL"
		"  SELECT c.parent_code, anc.depth + 1 FROM categories AS c"
		"  JOIN anc ON c.code = anc.code"
		"  WHERE c.parent_code IS NOT NULL AND anc.depth < 16),"
		" f AS (SELECT ff.*, anc.depth, row_number() OVER ("
		"  PARTITION BY ff.field_code ORDER BY anc.depth) AS rn"
		"  FROM form_fields AS ff JOIN anc"
		"  ON ff.category_code = anc.code)"
		" SELECT category_code, field_code, label, datatype, required,"
		"  ord, vals, description FROM f WHERE rn = 1"
		" ORDER BY ord, depth DESC, field_code");
	if (!st) {
		sq_rd_end(db);
		return ST_IO;
	}
	sq_bind_text(st, 1, code);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_form_field *x;

		f = sq_grow(f, n, &cap, sizeof *f);
		x = &f[n++];
		x->category_code = sq_col_dup(st, 0);
		x->field_code = sq_col_dup(st, 1);
		x->label = sq_col_dup(st, 2);
		x->datatype = sq_col_dup(st, 3);
		x->required = sqlite3_column_int(st, 4);
		x->order = sqlite3_column_int(st, 5);
		x->values = sq_col_dup(st, 6);
		x->description = sq_col_dup(st, 7);
	}
	sqlite3_finalize(st);
	sq_rd_end(db);
	if (step != SQLITE_DONE) {
		sq_log(db, "get form");
		store_forms_free(f, n);
		return ST_IO;
	}
	*out = f;
	*n_out = n;
	return ST_OK;
}

static enum status
sq_list_codes(struct store *base, enum store_code_list which,
	      struct store_code **out, size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_code *c = NULL;
	size_t n = 0, cap = 0;
	int step;

	*out = NULL;
	*n_out = 0;
	st = sq_prep(db, which == STORE_REASONS
				 ? "SELECT code, name_zh, name_en FROM reasons "
				   "ORDER BY seq"
				 : "SELECT code, name_zh, name_en FROM "
				   "wrapup_codes ORDER BY seq");
	if (!st)
		return ST_IO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		c = sq_grow(c, n, &cap, sizeof *c);
		c[n].code = sq_col_dup(st, 0);
		c[n].name_zh = sq_col_dup(st, 1);
		c[n].name_en = sq_col_dup(st, 2);
		n++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "list codes");
		store_codes_free(c, n);
		return ST_IO;
	}
	*out = c;
	*n_out = n;
	return ST_OK;
}

static enum status
sq_list_holidays(struct store *base, struct store_holiday **out,
		 size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_holiday *h = NULL;
	size_t n = 0, cap = 0;
	int step;

	*out = NULL;
	*n_out = 0;
	st = sq_prep(db, "SELECT date, kind, name FROM holidays ORDER BY date");
	if (!st)
		return ST_IO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		h = sq_grow(h, n, &cap, sizeof *h);
		h[n].date = sq_col_dup(st, 0);
		h[n].kind = sq_col_dup(st, 1);
		h[n].name = sq_col_dup(st, 2);
		n++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "list holidays");
		store_holidays_free(h, n);
		return ST_IO;
	}
	*out = h;
	*n_out = n;
	return ST_OK;
}

/* ---- seed ------------------------------------------------------------- */

/* Runs sql once per row: bind(st, row) binds the parameters. */
static int
seed_rows(sqlite3 *db, const char *sql, size_t n, const void *rows,
	  void (*bind)(sqlite3_stmt *st, const void *rows, size_t i))
{
	sqlite3_stmt *st = sq_prep(db, sql);
	size_t i;

	if (!st)
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		bind(st, rows, i);
		if (sq_step_done(db, st) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static void
bind_unit(sqlite3_stmt *st, const void *rows, size_t i)
{
	const struct store_unit *u = (const struct store_unit *)rows + i;

	sq_bind_text(st, 1, u->code);
	sq_bind_text(st, 2, u->name);
	sq_bind_text(st, 3, u->short_name);
	sq_bind_text(st, 4, u->kind);
	sq_bind_text(st, 5, u->duty_phone);
	sq_bind_text_or_null(st, 6, u->parent_code);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)i + 1);
}

static void
bind_category(sqlite3_stmt *st, const void *rows, size_t i)
{
	const struct store_category *c =
		(const struct store_category *)rows + i;

	sq_bind_text(st, 1, c->code);
	sq_bind_text(st, 2, c->name);
	sq_bind_text_or_null(st, 3, c->parent_code);
	sq_bind_text(st, 4, c->owner);
	sqlite3_bind_int(st, 5, c->limit_days);
	sq_bind_text(st, 6, c->desk);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)i + 1);
}

static void
bind_form(sqlite3_stmt *st, const void *rows, size_t i)
{
	const struct store_form_field *f =
		(const struct store_form_field *)rows + i;

	sq_bind_text(st, 1, f->category_code);
	sq_bind_text(st, 2, f->field_code);
	sq_bind_text(st, 3, f->label);
	sq_bind_text(st, 4, f->datatype);
	sqlite3_bind_int(st, 5, f->required);
	sqlite3_bind_int(st, 6, f->order);
	sq_bind_text(st, 7, f->values);
	sq_bind_text(st, 8, f->description);
}

static void
bind_code(sqlite3_stmt *st, const void *rows, size_t i)
{
	const struct store_code *c = (const struct store_code *)rows + i;

	sq_bind_text(st, 1, c->code);
	sq_bind_text(st, 2, c->name_zh);
	sq_bind_text(st, 3, c->name_en);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)i + 1);
}

static void
bind_holiday(sqlite3_stmt *st, const void *rows, size_t i)
{
	const struct store_holiday *h = (const struct store_holiday *)rows + i;

	sq_bind_text(st, 1, h->date);
	sq_bind_text(st, 2, h->kind);
	sq_bind_text(st, 3, h->name);
}

static void
bind_agent(sqlite3_stmt *st, const void *rows, size_t i)
{
	const struct store_agent *a = (const struct store_agent *)rows + i;

	sq_bind_text(st, 1, a->username);
	sq_bind_text(st, 2, a->display_name);
	sq_bind_text(st, 3, a->pw_hash);
	sq_bind_text(st, 4, role_wire(a->role));
	sq_bind_text(st, 5, a->desks);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
}

static enum status
sq_load_seed(struct store *base, const struct seed_data *d,
	     const char *prefix)
{
	struct sq_store *s = SQ(base);
	sqlite3 *db = s->wr;
	sqlite3_stmt *st;
	enum status rc;
	size_t i, k;
	int empty = 0;

	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(db, "SELECT (SELECT count(*) FROM units) + "
			 "(SELECT count(*) FROM agents) + "
			 "(SELECT count(*) FROM tickets)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	if (sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int64(st, 0) == 0;
	sqlite3_finalize(st);
	if (!empty)
		return sq_wr_end(s, ST_EXISTS) == ST_IO ? ST_IO : ST_EXISTS;
	if (seed_rows(db, "INSERT INTO units (" UNIT_COLS ", seq) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?)",
		      d->n_units, d->units, bind_unit) ||
	    seed_rows(db, "INSERT INTO categories (" CAT_COLS ", seq) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?)",
		      d->n_categories, d->categories, bind_category) ||
	    seed_rows(db, "INSERT INTO form_fields (category_code, field_code, "
			  "label, datatype, required, ord, vals, description) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		      d->n_forms, d->forms, bind_form) ||
	    seed_rows(db, "INSERT INTO wrapup_codes (code, name_zh, name_en, "
			  "seq) VALUES (?, ?, ?, ?)",
		      d->n_wrapups, d->wrapups, bind_code) ||
	    seed_rows(db, "INSERT INTO reasons (code, name_zh, name_en, seq) "
			  "VALUES (?, ?, ?, ?)",
		      d->n_reasons, d->reasons, bind_code) ||
	    seed_rows(db, "INSERT INTO holidays (date, kind, name) "
			  "VALUES (?, ?, ?)",
		      d->n_holidays, d->holidays, bind_holiday) ||
	    seed_rows(db, "INSERT INTO agents (username, display_name, "
			  "pw_hash, role, desks, created_at) "
			  "VALUES (?, ?, ?, ?, ?, ?)",
		      d->n_agents, d->agents, bind_agent))
		return sq_wr_end(s, ST_IO);
	for (i = 0; i < d->n_tickets && rc == ST_OK; i++) {
		struct seed_ticket *t = &d->tickets[i];
		struct tk_rec r;
		long long id;
		int f;

		tk_rec_init(&r);
		for (f = 0; f < TKF__COUNT; f++) {
			r.v[f] = t->rec.v[f];
			r.v[f].s = t->rec.v[f].s ? xstrdup(t->rec.v[f].s)
						 : NULL;
		}
		rc = insert_ticket(s, &r, prefix, &id);
		for (k = 0; k < t->n_events && rc == ST_OK; k++)
			rc = insert_event(db, id, &t->events[k],
					  t->events[k].at);
		tk_rec_free(&r);
	}
	if (rc == ST_OK)
		rc = sq_kb_seed(db, d, (long long)time(NULL));
	if (rc == ST_OK &&
	    sq_exec(db, "INSERT INTO meta (key, value) VALUES "
			"('seed', 'demo'), "
			"('seeded_at', strftime('%s', 'now'))") != 0)
		rc = ST_IO;
	return sq_wr_end(s, rc);
}

/* ---- meta ------------------------------------------------------------- */

static enum status
sq_get_meta(struct store *base, const char *key, char **out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st = sq_prep(db, "SELECT value FROM meta WHERE key = ?");
	enum status rc;
	int step;

	*out = NULL;
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, key);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*out = sq_col_dup(st, 0);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get meta");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

static enum status
sq_set_meta(struct store *base, const char *key, const char *value)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "INSERT INTO meta (key, value) VALUES (?, ?) "
			    "ON CONFLICT (key) DO UPDATE SET "
			    "value = excluded.value");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, key);
	sq_bind_text(st, 2, value);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	return sq_wr_end(s, rc);
}

/* ---- the table -------------------------------------------------------- */

static const struct store_ops sq_ops = {
	.name = "sqlite",
	.close = sq_close,
	.is_empty = sq_is_empty,
	.load_seed = sq_load_seed,
	.get_agent_by_name = sq_get_agent_by_name,
	.create_session = sq_create_session,
	.find_session = sq_find_session,
	.delete_session = sq_delete_session,
	.login_failures = sq_login_failures,
	.record_login = sq_record_login,
	.list_units = sq_list_units,
	.get_unit = sq_get_unit,
	.list_categories = sq_list_categories,
	.get_category = sq_get_category,
	.get_form = sq_get_form,
	.list_codes = sq_list_codes,
	.list_holidays = sq_list_holidays,
	.create_ticket = sq_create_ticket,
	.list_tickets = sq_list_tickets,
	.get_ticket = sq_get_ticket,
	.update_ticket = sq_update_ticket,
	.list_overdue = sq_list_overdue,
	SQ_CALLS_OPS,
	SQ_KB_OPS
	SQ_INTAKE_OPS
	SQ_STATS_OPS /* issue #6 */
	SQ_TRAINING_OPS
	.get_meta = sq_get_meta,
	.set_meta = sq_set_meta,
};

int
store_sqlite_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) {
		slog(SLOG_ERROR, "sqlite: cannot configure (called too late)");
		return -1;
	}
	if (!sqlite3_threadsafe()) {
		slog(SLOG_ERROR, "sqlite: library built without threads");
		return -1;
	}
	return sqlite3_initialize() == SQLITE_OK ? 0 : -1;
}

int
store_sqlite_schema_version(void)
{
	return sq_migrations[SQ_N_MIGRATIONS - 1].version;
}

struct store *
store_sqlite_open(const char *path)
{
	struct sq_store *s = xcalloc(1, sizeof *s);

	s->base.ops = &sq_ops;
	s->path = xstrdup(path);
	pthread_mutex_init(&s->wr_lock, NULL);
	pthread_mutex_init(&s->rd_lock, NULL);
	if (pthread_key_create(&s->rd_key, NULL) != 0) {
		slog(SLOG_ERROR, "cannot create a thread key");
		pthread_mutex_destroy(&s->wr_lock);
		pthread_mutex_destroy(&s->rd_lock);
		free(s->path);
		free(s);
		return NULL;
	}
	s->ticket_select = build_ticket_select();
	s->ticket_insert = build_ticket_insert();
	s->wr = sq_connect(path, 1);
	if (!s->wr || sq_migrate(s->wr) != 0) {
		sq_close(&s->base);
		return NULL;
	}
	return &s->base;
}
