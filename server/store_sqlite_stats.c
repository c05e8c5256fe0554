/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_stats.c - the SQLite store's supervisor statistics, audit
 * log and broadcasts (issue #6).
 *
 * Every query here reads a bounded slice through an index of migration 6
 * (or of the calls migration): a period of tickets through tickets_stats
 * (covering: created_at first), open tickets through tickets_clock
 * (state, deadline), pending extensions and supervised tickets through
 * partial indexes, calls of a period through calls_offered.  None scans
 * the tickets table; docs/metrics.md lists the plans (EXPLAIN QUERY PLAN
 * checked by tests/api/test_stats.py).
 */
#include "store_sqlite_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../core/mem.h"
#include "log.h"
#include "store_sqlite_int.h"

const char sq_migration_stats[] =
	"CREATE INDEX tickets_stats ON tickets(created_at, appeal_type, "
	"channel, handling_mode, category_code, town_code);\n"
	"CREATE INDEX tickets_clock ON tickets(state, deadline, "
	"lead_unit_code, created_at, ticket_no);\n"
	"CREATE INDEX tickets_ext_pending ON tickets(state) "
	"WHERE requested_deadline IS NOT NULL;\n"
	"CREATE INDEX tickets_supervised ON tickets(state) "
	"WHERE supervised = 1;\n"
	"CREATE INDEX ticket_events_actor ON ticket_events(actor, at);\n"
	"CREATE TABLE audit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  target TEXT NOT NULL DEFAULT '',\n"
	"  detail TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX audit_at ON audit(at, id);\n"
	"CREATE TABLE broadcasts (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  sender TEXT NOT NULL,\n"
	"  desk TEXT,\n"
	"  message TEXT NOT NULL,\n"
	"  targets INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX broadcasts_at ON broadcasts(at);\n"
	"CREATE TABLE broadcast_acks (\n"
	"  broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),\n"
	"  agent TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (broadcast_id, agent));\n";

/*
 * Migration 8 (督办 with a due time, issue #6 §2): the due time of a
 * supervision and the partial index that orders the supervised review
 * list by it and counts the overdue ones (sq_stats_open).
 */
const char sq_migration_supdue[] =
	"ALTER TABLE tickets ADD COLUMN supervised_due_at INTEGER;\n"
	"CREATE INDEX tickets_supervised_due ON tickets(training, "
	"supervised_due_at, ticket_no) WHERE supervised = 1;\n";

/* The states where the handling clock runs (warning light applies). */
#define CLOCK_STATES "('PENDING_SIGN', 'HANDLING', 'RETURN_REQUESTED')"
/* A category code rolled up to level 2. */
#define CAT2 "(CASE WHEN length(category_code) >= 4 " \
	"THEN substr(category_code, 1, 4) ELSE category_code END)"
/* A call that has left the queue (answered or abandoned), not training. */
#define CALL_OFFERED "training = 0 AND (answered_at IS NOT NULL OR " \
	"state = 'ABANDONED')"

/* ---- release helpers -------------------------------------------------- */

void
store_groups_free(struct store_group *g, size_t n)
{
	size_t i;

	for (i = 0; g && i < n; i++)
		free(g[i].code);
	free(g);
}

void
store_live_agents_free(struct store_live_agent *a, size_t n)
{
	size_t i;

	for (i = 0; a && i < n; i++) {
		free(a[i].username);
		free(a[i].display_name);
		free(a[i].desks);
		free(a[i].role);
		free(a[i].state);
		free(a[i].reason);
		free(a[i].ticket_no);
	}
	free(a);
}

void
store_audits_free(struct store_audit *a, size_t n)
{
	size_t i;

	for (i = 0; a && i < n; i++) {
		free(a[i].id);
		free(a[i].actor);
		free(a[i].action);
		free(a[i].target);
		free(a[i].detail);
	}
	free(a);
}

void
store_broadcasts_free(struct store_broadcast *b, size_t n)
{
	size_t i;

	for (i = 0; b && i < n; i++) {
		free(b[i].sender);
		free(b[i].desk);
		free(b[i].message);
	}
	free(b);
}

void
store_strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- helpers ---------------------------------------------------------- */

/* Finish a read: ST_OK when the last step was DONE, else logged ST_IO. */
static enum status
done(sqlite3 *db, sqlite3_stmt *st, int step, const char *what)
{
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, what);
		return ST_IO;
	}
	return ST_OK;
}

/* One count from a statement with ?1 and ?2 bound to a and b. */
static enum status
count2(sqlite3 *db, const char *sql, long long a, long long b, long long *out)
{
	sqlite3_stmt *st = sq_prep(db, sql);
	int step;

	*out = 0;
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		step = sqlite3_step(st);
	}
	return done(db, st, step, "stats count");
}

/* ---- statistics ------------------------------------------------------- */

enum status
sq_stats_calls(struct store *base, long long from, long long to,
	       long long sl_ms, struct store_call_agg *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	int step;

	memset(out, 0, sizeof *out);
	out->wait_max_ms = -1;
	if (!db)
		return ST_IO;
	st = sq_prep(db,
		     "SELECT count(*), "
		     "sum(answered_at IS NOT NULL), "
		     "sum(answered_at IS NULL), "
		     "sum(answered_at IS NOT NULL AND wait_ms + ring_ms <= ?3), "
		     "sum(CASE WHEN answered_at IS NOT NULL "
		     "THEN wait_ms + ring_ms END), "
		     "max(wait_ms + ring_ms), "
		     "sum(answered_at IS NOT NULL AND state = 'ENDED'), "
		     "sum(CASE WHEN answered_at IS NOT NULL AND state = 'ENDED' "
		     "THEN talk_ms + hold_ms END), "
		     "sum(CASE WHEN answered_at IS NOT NULL AND state = 'ENDED' "
		     "THEN acw_ms END) "
		     "FROM calls INDEXED BY calls_offered "
		     "WHERE offered_at >= ?1 AND offered_at < ?2 "
		     "AND " CALL_OFFERED);
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, sl_ms);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->offered = sqlite3_column_int64(st, 0);
		out->answered = sqlite3_column_int64(st, 1);
		out->abandoned = sqlite3_column_int64(st, 2);
		out->answered_sl = sqlite3_column_int64(st, 3);
		out->wait_sum_ms = sqlite3_column_int64(st, 4);
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			out->wait_max_ms = sqlite3_column_int64(st, 5);
		out->handled = sqlite3_column_int64(st, 6);
		out->talk_sum_ms = sqlite3_column_int64(st, 7);
		out->acw_sum_ms = sqlite3_column_int64(st, 8);
		step = sqlite3_step(st);
	}
	return done(db, st, step, "stats calls");
}

enum status
sq_stats_tickets(struct store *base, long long from, long long to,
		 struct store_ticket_agg *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	int step;

	memset(out, 0, sizeof *out);
	if (!db)
		return ST_IO;
	st = sq_prep(db, "SELECT appeal_type, channel, "
			 "COALESCE(handling_mode, ''), count(*) FROM tickets "
			 "WHERE training = 0 AND created_at >= ?1 "
			 "AND created_at < ?2 GROUP BY 1, 2, 3");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ap = (const char *)sqlite3_column_text(st, 0);
		const char *ch = (const char *)sqlite3_column_text(st, 1);
		const char *mode = (const char *)sqlite3_column_text(st, 2);
		long long c = sqlite3_column_int64(st, 3);
		int a = ap ? tk_enum_parse(TKE_APPEAL, ap) : -1;
		int h = ch ? tk_enum_parse(TKE_CHANNEL, ch) : -1;

		out->tickets += c;
		if (a >= 0 && a < AP__COUNT)
			out->by_appeal[a] += c;
		if (h >= 0 && h < CH__COUNT)
			out->by_channel[h] += c;
		if (!mode || !*mode || strcmp(mode, "INVALID") == 0 ||
		    strcmp(mode, "MERGED") == 0)
			continue;
		out->valid += c;
		if (strcmp(mode, "DIRECT") == 0)
			out->direct += c;
		else if (strcmp(mode, "TRANSFER") == 0)
			out->transferred += c;
	}
	return done(db, st, step, "stats tickets");
}

enum status
sq_stats_hourly(struct store *base, long long day_from,
		struct store_hour_row out[24])
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	int step;

	memset(out, 0, 24 * sizeof *out);
	if (!db)
		return ST_IO;
	st = sq_prep(db, "SELECT (offered_at - ?1) / 3600, count(*), "
			 "sum(answered_at IS NOT NULL), "
			 "sum(answered_at IS NULL) FROM calls "
			 "INDEXED BY calls_offered WHERE offered_at >= ?1 AND offered_at < ?1 + 86400 "
			 "AND " CALL_OFFERED " GROUP BY 1");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, day_from);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long h = sqlite3_column_int64(st, 0);

		if (h < 0 || h > 23)
			continue;
		out[h].offered = sqlite3_column_int64(st, 1);
		out[h].answered = sqlite3_column_int64(st, 2);
		out[h].abandoned = sqlite3_column_int64(st, 3);
	}
	if (done(db, st, step, "stats hourly calls") != ST_OK)
		return ST_IO;
	st = sq_prep(db, "SELECT (created_at - ?1) / 3600, count(*) "
			 "FROM tickets WHERE training = 0 AND created_at >= ?1 "
			 "AND created_at < ?1 + 86400 GROUP BY 1");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, day_from);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long h = sqlite3_column_int64(st, 0);

		if (h >= 0 && h <= 23)
			out[h].tickets = sqlite3_column_int64(st, 1);
	}
	return done(db, st, step, "stats hourly tickets");
}

enum status
sq_stats_open(struct store *base, long long now, long long soon,
	      struct store_ticket_open *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	enum status rc;

	memset(out, 0, sizeof *out);
	if (!db)
		return ST_IO;
	if (sq_rd_begin(db) != 0)
		return ST_IO;
	rc = count2(db, "SELECT count(*) FROM tickets WHERE training = 0 "
		    "AND state IN " CLOCK_STATES " AND deadline < ?1",
		    now, soon, &out->overdue);
	if (rc == ST_OK)
		rc = count2(db, "SELECT count(*) FROM tickets WHERE training = 0 "
			    "AND state IN " CLOCK_STATES " AND deadline >= ?1 "
			    "AND deadline <= ?2",
			    now, soon, &out->due_soon);
	if (rc == ST_OK)
		rc = count2(db, "SELECT count(*) FROM tickets WHERE "
			    "training = 0 AND "
			    "state = 'RETURN_REQUESTED'",
			    now, soon, &out->returns_pending);
	if (rc == ST_OK)
		rc = count2(db, "SELECT count(*) FROM tickets WHERE "
			    "training = 0 AND "
			    "requested_deadline IS NOT NULL AND "
			    "state = 'HANDLING'",
			    now, soon, &out->extensions_pending);
	if (rc == ST_OK)
		rc = count2(db, "SELECT count(*) FROM tickets WHERE "
			    "training = 0 AND "
			    "supervised = 1 AND "
			    "state IN ('DRAFT', 'PENDING_DISPATCH', "
			    "'PENDING_SIGN', 'HANDLING', 'RETURN_REQUESTED', "
			    "'REPLIED', 'PENDING_VISIT')",
			    now, soon, &out->supervised);
	/* 督办 due time passed, ticket still open (migration 8) */
	if (rc == ST_OK)
		rc = count2(db, "SELECT count(*) FROM tickets WHERE "
			    "training = 0 AND "
			    "supervised = 1 AND "
			    "supervised_due_at < ?1 AND "
			    "state IN ('DRAFT', 'PENDING_DISPATCH', "
			    "'PENDING_SIGN', 'HANDLING', 'RETURN_REQUESTED', "
			    "'REPLIED', 'PENDING_VISIT')",
			    now, soon, &out->supervised_overdue);
	sq_rd_end(db);
	return rc;
}

/* Rows of (code, bucket, n, n2) from a prepared, bound statement. */
static enum status
read_groups(sqlite3 *db, sqlite3_stmt *st, int cols, struct store_group **out,
	    size_t *n)
{
	size_t cap = 0;
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_group *g;

		*out = sq_grow(*out, *n, &cap, sizeof **out);
		g = &(*out)[(*n)++];
		memset(g, 0, sizeof *g);
		g->code = sq_col_dup(st, 0);
		g->bucket = cols == 3 ? sqlite3_column_int64(st, 1) : 0;
		g->n = sqlite3_column_int64(st, cols == 3 ? 2 : 1);
		g->n2 = cols == 4 ? sqlite3_column_int64(st, 2) : 0;
		if (cols == 4)
			g->n = sqlite3_column_int64(st, 1);
	}
	if (done(db, st, step, "stats groups") != ST_OK) {
		store_groups_free(*out, *n);
		*out = NULL;
		*n = 0;
		return ST_IO;
	}
	return ST_OK;
}

enum status
sq_stats_groups(struct store *base, enum store_group_kind k, long long from,
		long long to, struct store_group **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if (!db)
		return ST_IO;
	if (k == STORE_G_CATEGORY)
		st = sq_prep(db, "SELECT " CAT2 " AS c, count(*) FROM tickets "
				 "WHERE training = 0 AND created_at >= ?1 "
				 "AND created_at < ?2 "
				 "GROUP BY c ORDER BY 2 DESC, c");
	else
		st = sq_prep(db, "SELECT town_code, count(*) FROM tickets "
				 "WHERE training = 0 AND created_at >= ?1 "
				 "AND created_at < ?2 "
				 "AND town_code != '' "
				 "GROUP BY town_code ORDER BY 2 DESC, 1");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	return read_groups(db, st, 2, out, n);
}

enum status
sq_stats_overdue_units(struct store *base, long long now,
		       struct store_group **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if (!db)
		return ST_IO;
	st = sq_prep(db, "SELECT lead_unit_code, sum(deadline < ?1), "
			 "count(*) FROM tickets WHERE training = 0 AND "
			 "state IN " CLOCK_STATES
			 " GROUP BY lead_unit_code HAVING sum(deadline < ?1) > 0 "
			 "ORDER BY 2 DESC, 1");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, now);
	return read_groups(db, st, 4, out, n);
}

enum status
sq_stats_hot_counts(struct store *base, enum store_group_kind k,
		    long long now, long long window, int days,
		    struct store_group **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if (!db)
		return ST_IO;
	/* One index range per day: (now - d days - window, now - d days]
	 * for d = 0..days (not the whole span of days). */
	if (k == STORE_G_CATEGORY)
		st = sq_prep(db, "WITH RECURSIVE dd(d) AS (SELECT 0 UNION ALL "
				 "SELECT d + 1 FROM dd WHERE d < ?3) "
				 "SELECT " CAT2 " AS c, dd.d, count(*) "
				 "FROM dd JOIN tickets "
				 "ON training = 0 "
				 "AND created_at > ?1 - dd.d * 86400 - ?2 "
				 "AND created_at <= ?1 - dd.d * 86400 "
				 "GROUP BY c, dd.d");
	else
		st = sq_prep(db, "WITH RECURSIVE dd(d) AS (SELECT 0 UNION ALL "
				 "SELECT d + 1 FROM dd WHERE d < ?3) "
				 "SELECT town_code, dd.d, count(*) "
				 "FROM dd JOIN tickets "
				 "ON training = 0 "
				 "AND created_at > ?1 - dd.d * 86400 - ?2 "
				 "AND created_at <= ?1 - dd.d * 86400 "
				 "WHERE town_code != '' GROUP BY town_code, dd.d");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, window);
	sqlite3_bind_int(st, 3, days);
	return read_groups(db, st, 3, out, n);
}

enum status
sq_stats_hot_tickets(struct store *base, enum store_group_kind k,
		     const char *code, long long from, long long to, int limit,
		     char ***out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (!db)
		return ST_IO;
	if (k == STORE_G_CATEGORY)
		st = sq_prep(db, "SELECT ticket_no FROM tickets "
				 "WHERE training = 0 AND created_at > ?1 "
				 "AND created_at <= ?2 "
				 "AND " CAT2 " = ?3 "
				 "ORDER BY created_at DESC, ticket_no DESC "
				 "LIMIT ?4");
	else
		st = sq_prep(db, "SELECT ticket_no FROM tickets "
				 "WHERE training = 0 AND created_at > ?1 "
				 "AND created_at <= ?2 "
				 "AND town_code = ?3 "
				 "ORDER BY created_at DESC, ticket_no DESC "
				 "LIMIT ?4");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sq_bind_text(st, 3, code);
	sqlite3_bind_int(st, 4, limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sq_grow(*out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = sq_col_dup(st, 0);
	}
	if (done(db, st, step, "hotspot tickets") != ST_OK) {
		store_strings_free(*out, *n);
		*out = NULL;
		*n = 0;
		return ST_IO;
	}
	return ST_OK;
}

enum status
sq_stats_agents(struct store *base, long long day_from,
		struct store_live_agent **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (!db)
		return ST_IO;
	st = sq_prep(db,
		     "SELECT a.username, a.display_name, a.desks, a.role, "
		     "s.state, COALESCE(s.reason, ''), s.since_ms, "
		     "COALESCE(s.call_id, 0), COALESCE(c.ticket_no, ''), "
		     "COALESCE(h.n, 0), COALESCE(h.ms, 0) "
		     "FROM agent_states s JOIN agents a ON a.username = s.agent "
		     "LEFT JOIN calls c ON c.id = s.call_id "
		     "LEFT JOIN (SELECT agent, count(*) AS n, "
		     "sum(talk_ms + hold_ms + acw_ms) AS ms FROM calls "
		     "INDEXED BY calls_offered "
		     "WHERE offered_at >= ?1 AND +state = 'ENDED' "
		     "AND answered_at IS NOT NULL AND training = 0 "
		     "GROUP BY agent) h ON h.agent = s.agent "
		     "WHERE s.state != 'OFFLINE' ORDER BY a.username");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, day_from);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_live_agent *a;

		*out = sq_grow(*out, *n, &cap, sizeof **out);
		a = &(*out)[(*n)++];
		a->username = sq_col_dup(st, 0);
		a->display_name = sq_col_dup(st, 1);
		a->desks = sq_col_dup(st, 2);
		a->role = sq_col_dup(st, 3);
		a->state = sq_col_dup(st, 4);
		a->reason = sq_col_dup(st, 5);
		a->since_ms = sqlite3_column_int64(st, 6);
		a->call_id = sqlite3_column_int64(st, 7);
		a->ticket_no = sq_col_dup(st, 8);
		a->handled = sqlite3_column_int64(st, 9);
		a->handle_ms = sqlite3_column_int64(st, 10);
	}
	if (done(db, st, step, "live agents") != ST_OK) {
		store_live_agents_free(*out, *n);
		*out = NULL;
		*n = 0;
		return ST_IO;
	}
	return ST_OK;
}

/* ---- audit log -------------------------------------------------------- */

static int
audit_insert(sqlite3 *db, const char *actor, const char *action,
	     const char *target, const char *detail, long long now)
{
	sqlite3_stmt *st = sq_prep(db, "INSERT INTO audit (at, actor, action, "
				       "target, detail) VALUES (?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sq_bind_text(st, 2, actor);
	sq_bind_text(st, 3, action);
	sq_bind_text(st, 4, target ? target : "");
	sq_bind_text(st, 5, detail ? detail : "");
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_audit_add(struct store *base, const char *actor, const char *action,
	     const char *target, const char *detail, long long now)
{
	struct sq_store *s = SQ(base);
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	rc = audit_insert(s->wr, actor, action, target, detail, now) == 0
		     ? ST_OK
		     : ST_IO;
	return sq_wr_end(s, rc);
}

enum status
sq_audit_list(struct store *base, int has_cursor, long long cur_at,
	      const char *cur_id, int limit, struct store_audit **out,
	      size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	long long cur_k = 0, cur_n = 0;
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (!db)
		return ST_IO;
	if (has_cursor && cur_id && cur_id[0]) {
		cur_k = cur_id[0] == 'T' ? 1 : 0;
		cur_n = strtoll(cur_id + 1, NULL, 10);
	}
	st = sq_prep(db,
		     "SELECT at, k, n, actor, action, target, detail FROM ("
		     "SELECT at, 0 AS k, id AS n, actor, action, target, detail "
		     "FROM audit UNION ALL "
		     "SELECT e.at, 1, e.id, e.actor, e.action, t.ticket_no, "
		     "COALESCE(e.from_state, '') || '->' || "
		     "COALESCE(e.to_state, '') || "
		     "CASE WHEN e.comment != '' THEN ' ' || e.comment "
		     "ELSE '' END "
		     "FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
		     "WHERE e.actor IN (SELECT username FROM agents "
		     "WHERE role IN ('supervisor', 'admin'))) "
		     "WHERE ?1 = 0 OR (at, k, n) < (?2, ?3, ?4) "
		     "ORDER BY at DESC, k DESC, n DESC LIMIT ?5");
	if (!st)
		return ST_IO;
	sqlite3_bind_int(st, 1, has_cursor ? 1 : 0);
	sqlite3_bind_int64(st, 2, cur_at);
	sqlite3_bind_int64(st, 3, cur_k);
	sqlite3_bind_int64(st, 4, cur_n);
	sqlite3_bind_int(st, 5, limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_audit *a;
		char id[32];

		*out = sq_grow(*out, *n, &cap, sizeof **out);
		a = &(*out)[(*n)++];
		snprintf(id, sizeof id, "%c%lld",
			 sqlite3_column_int(st, 1) ? 'T' : 'A',
			 (long long)sqlite3_column_int64(st, 2));
		a->id = xstrdup(id);
		a->at = sqlite3_column_int64(st, 0);
		a->actor = sq_col_dup(st, 3);
		a->action = sq_col_dup(st, 4);
		a->target = sq_col_dup(st, 5);
		a->detail = sq_col_dup(st, 6);
	}
	if (done(db, st, step, "audit list") != ST_OK) {
		store_audits_free(*out, *n);
		*out = NULL;
		*n = 0;
		return ST_IO;
	}
	return ST_OK;
}

/* ---- broadcasts ------------------------------------------------------- */

enum status
sq_bc_create(struct store *base, const char *sender, const char *desk,
	     const char *message, long long now, long long *id)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);

	if (rc != ST_OK)
		return rc;
	rc = ST_IO;
	/* Targets: logged-in agents (role agent) with the desk, or all. */
	st = sq_prep(s->wr,
		     "INSERT INTO broadcasts (at, sender, desk, message, "
		     "targets) VALUES (?1, ?2, ?3, ?4, (SELECT count(*) FROM "
		     "agent_states x JOIN agents a ON a.username = x.agent "
		     "WHERE x.state != 'OFFLINE' AND a.role = 'agent' AND "
		     "(?3 IS NULL OR instr(',' || a.desks || ',', "
		     "',' || ?3 || ',') > 0)))");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sqlite3_bind_int64(st, 1, now);
	sq_bind_text(st, 2, sender);
	sq_bind_text_or_null(st, 3, desk);
	sq_bind_text(st, 4, message);
	if (sq_step_done(s->wr, st) == 0) {
		*id = sqlite3_last_insert_rowid(s->wr);
		if (audit_insert(s->wr, sender, "broadcast",
				 desk && *desk ? desk : "ALL", message,
				 now) == 0)
			rc = ST_OK;
	}
	sqlite3_finalize(st);
	return sq_wr_end(s, rc);
}

enum status
sq_bc_ack(struct store *base, long long id, const char *user, long long now)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc = sq_wr_begin(s);
	long long found = 0;
	int step;

	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "SELECT count(*) FROM broadcasts WHERE id = ?");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		found = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return sq_wr_end(s, ST_IO);
	if (!found)
		return sq_wr_end(s, ST_NOT_FOUND);
	st = sq_prep(s->wr, "INSERT OR IGNORE INTO broadcast_acks "
			    "(broadcast_id, agent, at) VALUES (?, ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sqlite3_bind_int64(st, 1, id);
	sq_bind_text(st, 2, user);
	sqlite3_bind_int64(st, 3, now);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	return sq_wr_end(s, rc);
}

enum status
sq_bc_list(struct store *base, long long since, const char *user,
	   const char *desks, int unacked, struct store_broadcast **out,
	   size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (!db)
		return ST_IO;
	st = sq_prep(db,
		     "SELECT b.id, b.at, b.sender, COALESCE(b.desk, ''), "
		     "b.message, b.targets, "
		     "(SELECT count(*) FROM broadcast_acks k "
		     "WHERE k.broadcast_id = b.id), "
		     "EXISTS (SELECT 1 FROM broadcast_acks k "
		     "WHERE k.broadcast_id = b.id AND k.agent = ?2) "
		     "FROM broadcasts b WHERE b.at > ?1 AND (?2 IS NULL OR "
		     "b.desk IS NULL OR instr(',' || ?3 || ',', "
		     "',' || b.desk || ',') > 0) "
		     "ORDER BY b.id DESC LIMIT 200");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, since);
	if (user)
		sq_bind_text(st, 2, user);
	else
		sqlite3_bind_null(st, 2);
	sq_bind_text(st, 3, desks ? desks : "");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_broadcast *b;

		if (user && unacked && sqlite3_column_int(st, 7))
			continue;
		*out = sq_grow(*out, *n, &cap, sizeof **out);
		b = &(*out)[(*n)++];
		b->id = sqlite3_column_int64(st, 0);
		b->at = sqlite3_column_int64(st, 1);
		b->sender = sq_col_dup(st, 2);
		b->desk = sq_col_dup(st, 3);
		b->message = sq_col_dup(st, 4);
		b->targets = sqlite3_column_int64(st, 5);
		b->acked = sqlite3_column_int64(st, 6);
		b->acked_by_me = sqlite3_column_int(st, 7);
	}
	if (done(db, st, step, "broadcast list") != ST_OK) {
		store_broadcasts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return ST_IO;
	}
	return ST_OK;
}
