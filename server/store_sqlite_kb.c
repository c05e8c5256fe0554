/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_kb.c - the SQLite store's knowledge base articles, versions,
 * FTS index and the SMS outbox.
 *
 * kb_articles holds the current row of every article; kb_fts is an FTS5
 * index over its title, question, answer and keywords (external content,
 * tokenizer kb_bigram, kept in step by triggers: only a change of those
 * four columns re-indexes); kb_article_versions keeps every saved version
 * (append-only); kb_key the exact-match keys (kb_query_key) of titles and
 * keywords.  Visibility (published, inside the effective window) is
 * filtered in the search statement itself, so a future article appears on
 * its day without any write.  Search orders by "exact key first", then
 * bm25 (docs/kb.md); highlights are computed in a second statement for
 * the rows of one page only (an ORDER BY would otherwise compute them for
 * every match).
 */
#include "store_sqlite_kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "kb.h"
#include "kb_query.h"
#include "kb_tokenizer.h"
#include "log.h"
#include "store_sqlite_int.h"

/* Migration: knowledge base articles, versions, FTS index and the SMS
 * outbox. */
const char sq_migration_kb[] =
	"CREATE TABLE kb_articles (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  status TEXT NOT NULL CHECK (status IN\n"
	"    ('draft', 'review', 'published', 'expired')),\n"
	"  effective_from TEXT NOT NULL DEFAULT '',\n"
	"  effective_to TEXT NOT NULL DEFAULT '',\n"
	"  category_code TEXT NOT NULL REFERENCES categories(code),\n"
	"  owner_unit_code TEXT REFERENCES units(code),\n"
	"  version INTEGER NOT NULL CHECK (version >= 1),\n"
	"  use_count INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  updated_by TEXT NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  question TEXT NOT NULL DEFAULT '',\n"
	"  answer TEXT NOT NULL,\n"
	"  sms_guide TEXT NOT NULL DEFAULT '',\n"
	"  keywords TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX kb_articles_status ON kb_articles(status, id);\n"
	"CREATE INDEX kb_articles_from ON kb_articles(effective_from);\n"
	"CREATE INDEX kb_articles_to ON kb_articles(effective_to);\n"
	"CREATE INDEX kb_articles_category ON kb_articles(category_code);\n"
	"CREATE TRIGGER kb_articles_no_delete BEFORE DELETE ON kb_articles\n"
	"BEGIN SELECT RAISE(ABORT, 'articles expire, they are not deleted');"
	" END;\n"
	"CREATE VIRTUAL TABLE kb_fts USING fts5(" KB_QUERY_FTS_COLUMNS
	", content='kb_articles', content_rowid='id');\n"
	"CREATE TRIGGER kb_articles_fts_insert AFTER INSERT ON kb_articles\n"
	"BEGIN\n"
	"  INSERT INTO kb_fts (rowid, title, question, answer, keywords)\n"
	"  VALUES (new.id, new.title, new.question, new.answer,"
	" new.keywords);\n"
	"END;\n"
	"CREATE TRIGGER kb_articles_fts_update AFTER UPDATE ON kb_articles\n"
	"WHEN old.title IS NOT new.title OR old.question IS NOT new.question\n"
	"  OR old.answer IS NOT new.answer\n"
	"  OR old.keywords IS NOT new.keywords\n"
	"BEGIN\n"
	"  INSERT INTO kb_fts (kb_fts, rowid, title, question, answer,"
	" keywords)\n"
	"  VALUES ('delete', old.id, old.title, old.question, old.answer,\n"
	"          old.keywords);\n"
	"  INSERT INTO kb_fts (rowid, title, question, answer, keywords)\n"
	"  VALUES (new.id, new.title, new.question, new.answer,"
	" new.keywords);\n"
	"END;\n"
	"CREATE TABLE kb_article_versions (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  article_id INTEGER NOT NULL REFERENCES kb_articles(id),\n"
	"  version INTEGER NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  saved_at INTEGER NOT NULL,\n"
	"  saved_by TEXT NOT NULL,\n"
	"  status TEXT NOT NULL,\n"
	"  effective_from TEXT NOT NULL,\n"
	"  effective_to TEXT NOT NULL,\n"
	"  category_code TEXT NOT NULL,\n"
	"  owner_unit_code TEXT,\n"
	"  title TEXT NOT NULL,\n"
	"  question TEXT NOT NULL,\n"
	"  answer TEXT NOT NULL,\n"
	"  sms_guide TEXT NOT NULL,\n"
	"  keywords TEXT NOT NULL,\n"
	"  UNIQUE (article_id, version));\n"
	"CREATE TRIGGER kb_article_versions_no_update BEFORE UPDATE ON\n"
	"  kb_article_versions\n"
	"BEGIN SELECT RAISE(ABORT, 'kb_article_versions is append-only'); "
	"END;\n"
	"CREATE TRIGGER kb_article_versions_no_delete BEFORE DELETE ON\n"
	"  kb_article_versions\n"
	"BEGIN SELECT RAISE(ABORT, 'kb_article_versions is append-only'); "
	"END;\n"
	"CREATE TABLE kb_key (\n"
	"  key TEXT NOT NULL,\n"
	"  article_id INTEGER NOT NULL REFERENCES kb_articles(id),\n"
	"  PRIMARY KEY (key, article_id)) WITHOUT ROWID;\n"
	"CREATE INDEX kb_key_article ON kb_key(article_id);\n"
	"CREATE TABLE kb_uses (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  article_id INTEGER NOT NULL REFERENCES kb_articles(id),\n"
	"  version INTEGER NOT NULL,\n"
	"  ticket_no TEXT REFERENCES tickets(ticket_no),\n"
	"  agent TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL);\n"
	"CREATE INDEX kb_uses_ticket ON kb_uses(ticket_no)\n"
	"  WHERE ticket_no IS NOT NULL;\n"
	"CREATE INDEX kb_uses_article ON kb_uses(article_id, at);\n"
	"CREATE TABLE sms_outbox (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  phone TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  article_id INTEGER REFERENCES kb_articles(id),\n"
	"  ticket_no TEXT REFERENCES tickets(ticket_no),\n"
	"  call_id TEXT,\n"
	"  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  sent_at INTEGER,\n"
	"  error TEXT NOT NULL DEFAULT '',\n"
	"  created_by TEXT NOT NULL);\n"
	"CREATE INDEX sms_outbox_state ON sms_outbox(state, id);\n";

/* ---- connections ------------------------------------------------------ */

int
sq_kb_connect(sqlite3 *db)
{
	if (kb_tokenizer_register(db) != SQLITE_OK) {
		sq_log(db, "cannot register the kb_bigram tokenizer");
		return -1;
	}
	return 0;
}

/* ---- small helpers ---------------------------------------------------- */

/* Bind by name when the statement has that parameter. */
static void
bind_name_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sq_bind_text(st, i, v);
}

static void
bind_name_int(sqlite3_stmt *st, const char *name, long long v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/* ---- articles: rows --------------------------------------------------- */

/* Columns read by read_article(), from "kb_articles AS a" joined with
 * categories c and units u. */
#define KB_COLS                                                               \
	"a.id, a.title, a.question, a.answer, a.sms_guide, a.category_code, " \
	"COALESCE(c.name, ''), COALESCE(a.owner_unit_code, ''), "            \
	"COALESCE(u.name, ''), a.keywords, a.effective_from, "               \
	"a.effective_to, a.status, a.version, a.created_at, a.created_by, "  \
	"a.updated_at, a.updated_by, a.use_count, NULL"
#define KB_BRIEF_COLS                                                         \
	"a.id, a.title, '', '', '', a.category_code, COALESCE(c.name, ''), " \
	"COALESCE(a.owner_unit_code, ''), COALESCE(u.name, ''), a.keywords, " \
	"a.effective_from, a.effective_to, a.status, a.version, "            \
	"a.created_at, a.created_by, a.updated_at, a.updated_by, "           \
	"a.use_count, NULL"
#define KB_JOINS                                                              \
	" LEFT JOIN categories AS c ON c.code = a.category_code"             \
	" LEFT JOIN units AS u ON u.code = a.owner_unit_code"

static void
read_article(sqlite3_stmt *st, struct store_kb_article *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->title = sq_col_dup(st, 1);
	a->question = sq_col_dup(st, 2);
	a->answer = sq_col_dup(st, 3);
	a->sms_guide = sq_col_dup(st, 4);
	a->category_code = sq_col_dup(st, 5);
	a->category_name = sq_col_dup(st, 6);
	a->owner_unit_code = sq_col_dup(st, 7);
	a->owner_unit_name = sq_col_dup(st, 8);
	a->keywords = sq_col_dup(st, 9);
	a->effective_from = sq_col_dup(st, 10);
	a->effective_to = sq_col_dup(st, 11);
	a->status = sq_col_dup(st, 12);
	a->version = sqlite3_column_int64(st, 13);
	a->created_at = sqlite3_column_int64(st, 14);
	a->created_by = sq_col_dup(st, 15);
	a->updated_at = sqlite3_column_int64(st, 16);
	a->updated_by = sq_col_dup(st, 17);
	a->use_count = sqlite3_column_int64(st, 18);
	a->action = sq_col_dup_or_null(st, 19);
}

/* Read every row of st into *out. */
static enum status
read_articles(sqlite3 *db, sqlite3_stmt *st, struct store_kb_article **out,
	      size_t *n_out)
{
	struct store_kb_article *a = NULL;
	size_t n = 0, cap = 0;
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		a = sq_grow(a, n, &cap, sizeof *a);
		read_article(st, &a[n++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "read articles");
		store_kb_articles_free(a, n);
		return ST_IO;
	}
	*out = a;
	*n_out = n;
	return ST_OK;
}

/* ---- articles: writer side ------------------------------------------- */

/* The insert of a current row (id NULL: a new id). */
#define KB_INSERT                                                             \
	"INSERT INTO kb_articles (id, status, effective_from, effective_to, " \
	"category_code, owner_unit_code, version, use_count, created_at, "   \
	"created_by, updated_at, updated_by, title, question, answer, "      \
	"sms_guide, keywords) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 0, ?7, ?8, " \
	"?7, ?8, ?9, ?10, ?11, ?12, ?13)"

static void
bind_article(sqlite3_stmt *st, const struct store_kb_article *a, int with_id,
	     const char *actor, long long now)
{
	if (with_id && a->id > 0)
		sqlite3_bind_int64(st, 1, a->id);
	else
		sqlite3_bind_null(st, 1);
	sq_bind_text(st, 2, a->status);
	sq_bind_text(st, 3, a->effective_from);
	sq_bind_text(st, 4, a->effective_to);
	sq_bind_text(st, 5, a->category_code);
	sq_bind_text_or_null(st, 6, a->owner_unit_code);
	sqlite3_bind_int64(st, 7, now);
	sq_bind_text(st, 8, actor);
	sq_bind_text(st, 9, a->title);
	sq_bind_text(st, 10, a->question);
	sq_bind_text(st, 11, a->answer);
	sq_bind_text(st, 12, a->sms_guide);
	sq_bind_text(st, 13, a->keywords);
}

/* Copy of the current row of the article into kb_article_versions. */
#define KB_VERSION_COPY                                                       \
	"INSERT INTO kb_article_versions (article_id, version, action, "      \
	"saved_at, saved_by, status, effective_from, effective_to, "         \
	"category_code, owner_unit_code, title, question, answer, "          \
	"sms_guide, keywords) SELECT id, version, ?2, ?3, ?4, status, "      \
	"effective_from, effective_to, category_code, owner_unit_code, "     \
	"title, question, answer, sms_guide, keywords FROM kb_articles "     \
	"WHERE id = ?1"

static int
version_copy(sqlite3 *db, sqlite3_stmt *st, long long id, const char *action,
	     const char *actor, long long now)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	sq_bind_text(st, 2, action);
	sqlite3_bind_int64(st, 3, now);
	sq_bind_text(st, 4, actor);
	return sq_step_done(db, st);
}

/* One exact-match key of text[0..len) for article id (st: the insert). */
static int
key_insert(sqlite3 *db, sqlite3_stmt *st, long long id, const char *text,
	   size_t len)
{
	char *key = kb_query_key(text, len);
	int rc;

	if (!key)
		return 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	rc = sq_step_done(db, st);
	free(key);
	return rc;
}

/* The keys of a title and its '|'-separated keywords. */
static int
keys_insert(sqlite3 *db, sqlite3_stmt *st, long long id, const char *title,
	    const char *keywords)
{
	const char *p = keywords;

	if (key_insert(db, st, id, title, strlen(title)) != 0)
		return -1;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (key_insert(db, st, id, p, n) != 0)
			return -1;
		if (!bar)
			break;
		p = bar + 1;
	}
	return 0;
}

#define KB_KEY_INSERT                                                         \
	"INSERT OR IGNORE INTO kb_key (key, article_id) VALUES (?1, ?2)"

static enum status
keys_refresh(sqlite3 *db, long long id, const char *title,
	     const char *keywords)
{
	sqlite3_stmt *st = sq_prep(db, "DELETE FROM kb_key WHERE "
				       "article_id = ?");
	int rc;

	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, id);
	rc = sq_step_done(db, st);
	sqlite3_finalize(st);
	if (rc != 0)
		return ST_IO;
	st = sq_prep(db, KB_KEY_INSERT);
	if (!st)
		return ST_IO;
	rc = keys_insert(db, st, id, title, keywords);
	sqlite3_finalize(st);
	return rc == 0 ? ST_OK : ST_IO;
}

enum status
sq_kb_seed(sqlite3 *db, const struct seed_data *d, long long now)
{
	sqlite3_stmt *ins, *ver, *key;
	enum status rc = ST_OK;
	size_t i;

	if (d->n_kb_articles == 0)
		return ST_OK;
	ins = sq_prep(db, KB_INSERT);
	ver = sq_prep(db, KB_VERSION_COPY);
	key = sq_prep(db, KB_KEY_INSERT);
	if (!ins || !ver || !key)
		rc = ST_IO;
	for (i = 0; i < d->n_kb_articles && rc == ST_OK; i++) {
		const struct store_kb_article *a = &d->kb_articles[i];

		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		bind_article(ins, a, 1, "seed", now);
		if (sq_step_done(db, ins) != 0 ||
		    version_copy(db, ver, a->id, "seed", "seed", now) != 0 ||
		    keys_insert(db, key, a->id, a->title, a->keywords) != 0) {
			slog(SLOG_ERROR, "seed: knowledge-base article %lld "
					 "refused",
			     a->id);
			rc = ST_IO;
		}
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(ver);
	sqlite3_finalize(key);
	return rc;
}

enum status
sq_kb_create(struct store *base, const struct store_kb_article *in,
	     const char *actor, long long now, long long *id_out)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc;
	long long id;

	*id_out = 0;
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, KB_INSERT);
	if (!st)
		return sq_wr_end(s, ST_IO);
	bind_article(st, in, 0, actor, now);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc != ST_OK)
		return sq_wr_end(s, rc);
	id = sqlite3_last_insert_rowid(s->wr);
	st = sq_prep(s->wr, KB_VERSION_COPY);
	if (!st)
		return sq_wr_end(s, ST_IO);
	rc = version_copy(s->wr, st, id, "create", actor, now) == 0 ? ST_OK
								     : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK)
		rc = keys_refresh(s->wr, id, in->title, in->keywords);
	rc = sq_wr_end(s, rc);
	if (rc == ST_OK)
		*id_out = id;
	return rc;
}

enum status
sq_kb_save(struct store *base, const struct store_kb_article *a,
	   long long expect_version, const char *action, const char *actor,
	   long long now, long long *new_version)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc;
	int step, found = 0;

	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr,
		     "UPDATE kb_articles SET status = ?2, effective_from = ?3, "
		     "effective_to = ?4, category_code = ?5, "
		     "owner_unit_code = ?6, updated_at = ?7, updated_by = ?8, "
		     "title = ?9, question = ?10, answer = ?11, "
		     "sms_guide = ?12, keywords = ?13, version = version + 1 "
		     "WHERE id = ?1 AND version = ?14 RETURNING version");
	if (!st)
		return sq_wr_end(s, ST_IO);
	bind_article(st, a, 1, actor, now);
	sqlite3_bind_int64(st, 14, expect_version);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*new_version = sqlite3_column_int64(st, 0);
		found = 1;
		step = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(s->wr, "save article");
		return sq_wr_end(s, ST_IO);
	}
	if (!found) {
		st = sq_prep(s->wr, "SELECT 1 FROM kb_articles WHERE id = ?");
		if (!st)
			return sq_wr_end(s, ST_IO);
		sqlite3_bind_int64(st, 1, a->id);
		rc = sqlite3_step(st) == SQLITE_ROW ? ST_CONFLICT
						    : ST_NOT_FOUND;
		sqlite3_finalize(st);
		sq_wr_end(s, rc);
		return rc;
	}
	st = sq_prep(s->wr, KB_VERSION_COPY);
	if (!st)
		return sq_wr_end(s, ST_IO);
	rc = version_copy(s->wr, st, a->id, action, actor, now) == 0 ? ST_OK
								      : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK)
		rc = keys_refresh(s->wr, a->id, a->title, a->keywords);
	return sq_wr_end(s, rc);
}

enum status
sq_kb_use(struct store *base, long long id, const char *ticket_no,
	  const char *actor, long long now, long long *use_count)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	long long version = 0;
	enum status rc;
	int step;

	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "UPDATE kb_articles SET use_count = use_count + 1 "
			    "WHERE id = ? RETURNING use_count, version");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*use_count = sqlite3_column_int64(st, 0);
		version = sqlite3_column_int64(st, 1);
		step = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(s->wr, "use article");
		return sq_wr_end(s, ST_IO);
	}
	if (version == 0) {
		sq_wr_end(s, ST_NOT_FOUND);
		return ST_NOT_FOUND;
	}
	st = sq_prep(s->wr, "INSERT INTO kb_uses (article_id, version, "
			    "ticket_no, agent, at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	sq_bind_text_or_null(st, 3, ticket_no);
	sq_bind_text(st, 4, actor);
	sqlite3_bind_int64(st, 5, now);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	return sq_wr_end(s, rc);
}

/* ---- articles: reader side ------------------------------------------- */

enum status
sq_kb_get(struct store *base, long long id, struct store_kb_article *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;
	int step;

	memset(out, 0, sizeof *out);
	st = sq_prep(db, "SELECT " KB_COLS " FROM kb_articles AS a" KB_JOINS
			 " WHERE a.id = ?");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_article(st, out);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get article");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_kb_list(struct store *base, const char *status, long long before,
	   int limit, struct store_kb_article **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;

	*out = NULL;
	*n = 0;
	st = sq_prep(db, status ? "SELECT " KB_BRIEF_COLS
				  " FROM kb_articles AS a" KB_JOINS
				  " WHERE a.status = :s AND (:b = 0 OR "
				  "a.id < :b) ORDER BY a.id DESC LIMIT :l"
				: "SELECT " KB_BRIEF_COLS
				  " FROM kb_articles AS a" KB_JOINS
				  " WHERE (:b = 0 OR a.id < :b) "
				  "ORDER BY a.id DESC LIMIT :l");
	if (!st)
		return ST_IO;
	bind_name_text(st, ":s", status);
	bind_name_int(st, ":b", before);
	bind_name_int(st, ":l", limit);
	rc = read_articles(db, st, out, n);
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_kb_versions(struct store *base, long long id,
	       struct store_kb_article **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;

	*out = NULL;
	*n = 0;
	if (!db || sq_rd_begin(db) != 0)
		return ST_IO;
	st = sq_prep(db, "SELECT a.article_id, a.title, a.question, a.answer, "
			 "a.sms_guide, a.category_code, COALESCE(c.name, ''), "
			 "COALESCE(a.owner_unit_code, ''), "
			 "COALESCE(u.name, ''), a.keywords, a.effective_from, "
			 "a.effective_to, a.status, a.version, k.created_at, "
			 "k.created_by, a.saved_at, a.saved_by, 0, a.action "
			 "FROM kb_article_versions AS a "
			 "JOIN kb_articles AS k ON k.id = a.article_id" KB_JOINS
			 " WHERE a.article_id = ? ORDER BY a.version");
	if (!st) {
		sq_rd_end(db);
		return ST_IO;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = read_articles(db, st, out, n);
	sqlite3_finalize(st);
	sq_rd_end(db);
	if (rc == ST_OK && *n == 0)
		rc = ST_NOT_FOUND;
	return rc;
}

enum status
sq_kb_uses(struct store *base, const char *ticket_no,
	   struct store_kb_use **out, size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_kb_use *u = NULL;
	size_t n = 0, cap = 0;
	int step;

	*out = NULL;
	*n_out = 0;
	st = sq_prep(db, "SELECT k.id, k.article_id, k.version, a.title, "
			 "k.ticket_no, k.agent, k.at FROM kb_uses AS k "
			 "JOIN kb_articles AS a ON a.id = k.article_id "
			 "WHERE k.ticket_no = ? ORDER BY k.id");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, ticket_no);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		u = sq_grow(u, n, &cap, sizeof *u);
		u[n].id = sqlite3_column_int64(st, 0);
		u[n].article_id = sqlite3_column_int64(st, 1);
		u[n].version = sqlite3_column_int64(st, 2);
		u[n].title = sq_col_dup(st, 3);
		u[n].ticket_no = sq_col_dup(st, 4);
		u[n].agent = sq_col_dup(st, 5);
		u[n].at = sqlite3_column_int64(st, 6);
		n++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "list uses");
		store_kb_uses_free(u, n);
		return ST_IO;
	}
	*out = u;
	*n_out = n;
	return ST_OK;
}

enum status
sq_kb_titles(struct store *base, const char *today,
	     struct store_kb_title **out, size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_kb_title *t = NULL;
	size_t n = 0, cap = 0;
	int step;

	*out = NULL;
	*n_out = 0;
	st = sq_prep(db, "SELECT id, title, category_code FROM kb_articles "
			 "WHERE status = 'published' AND effective_from <= ?1 "
			 "AND (effective_to = '' OR effective_to >= ?1) "
			 "ORDER BY id");
	if (!st)
		return ST_IO;
	sq_bind_text(st, 1, today);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		t = sq_grow(t, n, &cap, sizeof *t);
		t[n].id = sqlite3_column_int64(st, 0);
		t[n].title = sq_col_dup(st, 1);
		t[n].category_code = sq_col_dup(st, 2);
		n++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "list titles");
		store_kb_titles_free(t, n);
		return ST_IO;
	}
	*out = t;
	*n_out = n;
	return ST_OK;
}

/* ---- search ----------------------------------------------------------- */

/* The ids agents do not see on :t (not published, not yet or no longer
 * effective), each part read from its index. */
#define KB_HIDDEN                                                             \
	"SELECT id FROM kb_articles WHERE status IN ('draft', 'review', "     \
	"'expired') UNION ALL SELECT id FROM kb_articles WHERE "              \
	"effective_from > :t UNION ALL SELECT id FROM kb_articles WHERE "     \
	"effective_to > '' AND effective_to < :t"

enum status
sq_kb_search(struct store *base, const struct store_kb_search *q,
	     struct store_kb_hit **out, size_t *n_out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	struct store_kb_hit *h = NULL;
	size_t n = 0, cap = 0;
	struct buf b;
	int step;

	*out = NULL;
	*n_out = 0;
	if (!db)
		return ST_IO;
	/*
	 * The FTS match drives; the filters are sets of ids built once per
	 * query from indexes ("+" keeps them out of the FTS5 plan, which
	 * would otherwise seek once per id).  Visibility excludes the few
	 * hidden articles instead of looking up every match's row.
	 */
	buf_init(&b, 0);
	buf_puts(&b, "SELECT kb_fts.rowid, bm25(kb_fts, " KB_QUERY_BM25_WEIGHTS
		     ") AS score, ");
	buf_puts(&b, q->key ? "kb_fts.rowid IN (SELECT article_id FROM kb_key "
			      "WHERE key = :k) AS pin "
			    : "0 AS pin ");
	buf_puts(&b, "FROM kb_fts WHERE kb_fts MATCH :m");
	if (!q->status)
		buf_puts(&b, " AND +kb_fts.rowid NOT IN (" KB_HIDDEN ")");
	else if (strcmp(q->status, "all") != 0)
		buf_puts(&b, " AND +kb_fts.rowid IN (SELECT id FROM "
			     "kb_articles WHERE status = :s)");
	if (q->category)
		buf_puts(&b, " AND +kb_fts.rowid IN (SELECT id FROM "
			     "kb_articles WHERE category_code >= :c AND "
			     "category_code < :c || ':')");
	buf_puts(&b, " ORDER BY pin DESC, score LIMIT :l");
	st = sq_prep(db, b.data);
	buf_free(&b);
	if (!st)
		return ST_IO;
	bind_name_text(st, ":m", q->match);
	bind_name_text(st, ":k", q->key);
	bind_name_text(st, ":t", q->today);
	bind_name_text(st, ":s", q->status);
	bind_name_text(st, ":c", q->category);
	bind_name_int(st, ":l", q->limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		h = sq_grow(h, n, &cap, sizeof *h);
		memset(&h[n], 0, sizeof h[n]);
		h[n].id = sqlite3_column_int64(st, 0);
		h[n].score = -sqlite3_column_double(st, 1);
		h[n].pinned = sqlite3_column_int(st, 2) != 0;
		n++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sq_log(db, "search");
		store_kb_hits_free(h, n);
		return ST_IO;
	}
	*out = h;
	*n_out = n;
	return ST_OK;
}

/* Display fields of one hit from a row: title, marked title, snippet,
 * category code and name, owner unit. */
static void
read_hit(sqlite3_stmt *st, struct store_kb_hit *h)
{
	const unsigned char *ans = sqlite3_column_text(st, 2);
	const unsigned char *qst = sqlite3_column_text(st, 3);
	int use_q = ans && !strchr((const char *)ans, KB_MARK_OPEN[0]) && qst &&
		    strchr((const char *)qst, KB_MARK_OPEN[0]);

	FREE(h->title);
	FREE(h->title_marked);
	FREE(h->snippet_marked);
	FREE(h->category_code);
	FREE(h->category_name);
	FREE(h->owner_unit_code);
	h->title = sq_col_dup(st, 0);
	h->title_marked = sq_col_dup(st, 1);
	h->snippet_marked = sq_col_dup(st, use_q ? 3 : 2);
	h->category_code = sq_col_dup(st, 4);
	h->category_name = sq_col_dup(st, 5);
	h->owner_unit_code = sq_col_dup(st, 6);
}

enum status
sq_kb_hits_fill(struct store *base, const char *match,
		struct store_kb_hit *hits, size_t n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st, *plain;
	enum status rc = ST_OK;
	size_t i;

	if (!db)
		return ST_IO;
	if (n == 0)
		return ST_OK;
	/* Without a match (or when the row no longer matches): the title
	 * and the start of the answer. */
	plain = sq_prep(db, "SELECT a.title, a.title, a.answer, '', "
			    "a.category_code, "
			    "COALESCE(c.name, ''), "
			    "COALESCE(a.owner_unit_code, '') "
			    "FROM kb_articles AS a LEFT JOIN categories AS c "
			    "ON c.code = a.category_code WHERE a.id = ?1");
	st = match ? sq_prep(db, "SELECT a.title, "
				 "highlight(kb_fts, 0, ?3, ?4), "
				 "highlight(kb_fts, 2, ?3, ?4), "
				 "highlight(kb_fts, 1, ?3, ?4), "
				 "a.category_code, "
				 "COALESCE(c.name, ''), "
				 "COALESCE(a.owner_unit_code, '') "
				 "FROM kb_fts CROSS JOIN kb_articles AS a "
				 "ON a.id = kb_fts.rowid "
				 "LEFT JOIN categories AS c "
				 "ON c.code = a.category_code "
				 "WHERE kb_fts MATCH ?2 AND kb_fts.rowid = ?1")
		   : NULL;
	if (!plain || (match && !st)) {
		sqlite3_finalize(plain);
		sqlite3_finalize(st);
		return ST_IO;
	}
	if (st) {
		sq_bind_text(st, 2, match);
		sq_bind_text(st, 3, KB_MARK_OPEN);
		sq_bind_text(st, 4, KB_MARK_CLOSE);
	}
	for (i = 0; i < n && rc == ST_OK; i++) {
		int step = SQLITE_DONE;

		if (st) {
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, hits[i].id);
			step = sqlite3_step(st);
			if (step == SQLITE_ROW)
				read_hit(st, &hits[i]);
		}
		if (step == SQLITE_DONE) {
			sqlite3_reset(plain);
			sqlite3_bind_int64(plain, 1, hits[i].id);
			step = sqlite3_step(plain);
			if (step == SQLITE_ROW)
				read_hit(plain, &hits[i]);
		}
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			sq_log(db, "search results");
			rc = ST_IO;
		}
		/* A vanished article keeps empty strings. */
		if (!hits[i].title) {
			hits[i].title = xstrdup("");
			hits[i].title_marked = xstrdup("");
			hits[i].snippet_marked = xstrdup("");
			hits[i].category_code = xstrdup("");
			hits[i].category_name = xstrdup("");
			hits[i].owner_unit_code = xstrdup("");
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(plain);
	return rc;
}

/* ---- SMS outbox ------------------------------------------------------- */

#define SMS_COLS                                                              \
	"id, phone, text, COALESCE(article_id, 0), COALESCE(ticket_no, ''), " \
	"COALESCE(call_id, ''), state, created_at, COALESCE(sent_at, 0), "    \
	"error, created_by"

static void
read_sms(sqlite3_stmt *st, struct store_sms *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->phone = sq_col_dup(st, 1);
	m->text = sq_col_dup(st, 2);
	m->article_id = sqlite3_column_int64(st, 3);
	m->ticket_no = sq_col_dup(st, 4);
	m->call_id = sq_col_dup(st, 5);
	m->state = sq_col_dup(st, 6);
	m->created_at = sqlite3_column_int64(st, 7);
	m->sent_at = sqlite3_column_int64(st, 8);
	m->error = sq_col_dup(st, 9);
	m->created_by = sq_col_dup(st, 10);
}

static enum status
read_smses(sqlite3 *db, sqlite3_stmt *st, struct store_sms **out,
	   size_t *n_out)
{
	struct store_sms *m = NULL;
	size_t n = 0, cap = 0;
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		m = sq_grow(m, n, &cap, sizeof *m);
		read_sms(st, &m[n++]);
	}
	if (step != SQLITE_DONE) {
		sq_log(db, "read outbox");
		store_smses_free(m, n);
		return ST_IO;
	}
	*out = m;
	*n_out = n;
	return ST_OK;
}

enum status
sq_sms_create(struct store *base, const struct store_sms *in, long long now,
	      long long *id_out)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc;

	*id_out = 0;
	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "INSERT INTO sms_outbox (phone, text, article_id, "
			    "ticket_no, call_id, state, created_at, "
			    "created_by) "
			    "VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, in->phone);
	sq_bind_text(st, 2, in->text);
	if (in->article_id > 0)
		sqlite3_bind_int64(st, 3, in->article_id);
	else
		sqlite3_bind_null(st, 3);
	sq_bind_text_or_null(st, 4, in->ticket_no);
	sq_bind_text_or_null(st, 5, in->call_id);
	sqlite3_bind_int64(st, 6, now);
	sq_bind_text(st, 7, in->created_by);
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
sq_sms_get(struct store *base, long long id, struct store_sms *out)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;
	int step;

	memset(out, 0, sizeof *out);
	st = sq_prep(db, "SELECT " SMS_COLS " FROM sms_outbox WHERE id = ?");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_sms(st, out);
		rc = ST_OK;
	} else if (step == SQLITE_DONE) {
		rc = ST_NOT_FOUND;
	} else {
		sq_log(db, "get sms");
		rc = ST_IO;
	}
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_sms_list(struct store *base, const char *state, long long before,
	    int limit, struct store_sms **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;

	*out = NULL;
	*n = 0;
	st = sq_prep(db, state ? "SELECT " SMS_COLS " FROM sms_outbox "
				 "WHERE state = :s AND (:b = 0 OR id < :b) "
				 "ORDER BY id DESC LIMIT :l"
			       : "SELECT " SMS_COLS " FROM sms_outbox "
				 "WHERE (:b = 0 OR id < :b) "
				 "ORDER BY id DESC LIMIT :l");
	if (!st)
		return ST_IO;
	bind_name_text(st, ":s", state);
	bind_name_int(st, ":b", before);
	bind_name_int(st, ":l", limit);
	rc = read_smses(db, st, out, n);
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_sms_due(struct store *base, long long before, size_t max,
	   struct store_sms **out, size_t *n)
{
	sqlite3 *db = sq_rd(SQ(base));
	sqlite3_stmt *st;
	enum status rc;

	*out = NULL;
	*n = 0;
	st = sq_prep(db, "SELECT " SMS_COLS " FROM sms_outbox "
			 "WHERE state = 'queued' AND created_at <= ? "
			 "ORDER BY id LIMIT ?");
	if (!st)
		return ST_IO;
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	rc = read_smses(db, st, out, n);
	sqlite3_finalize(st);
	return rc;
}

enum status
sq_sms_finish(struct store *base, long long id, int ok, const char *error,
	      long long now)
{
	struct sq_store *s = SQ(base);
	sqlite3_stmt *st;
	enum status rc;

	rc = sq_wr_begin(s);
	if (rc != ST_OK)
		return rc;
	st = sq_prep(s->wr, "UPDATE sms_outbox SET state = ?, sent_at = ?, "
			    "error = ? WHERE id = ? AND state = 'queued'");
	if (!st)
		return sq_wr_end(s, ST_IO);
	sq_bind_text(st, 1, ok ? "sent" : "failed");
	sqlite3_bind_int64(st, 2, now);
	sq_bind_text(st, 3, ok ? "" : error);
	sqlite3_bind_int64(st, 4, id);
	rc = sq_step_done(s->wr, st) == 0 ? ST_OK : ST_IO;
	sqlite3_finalize(st);
	if (rc == ST_OK && sqlite3_changes(s->wr) == 0)
		rc = ST_NOT_FOUND;
	sq_wr_end(s, rc == ST_NOT_FOUND ? ST_OK : rc);
	return rc;
}
