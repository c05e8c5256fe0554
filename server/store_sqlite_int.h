/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_int.h - internals shared by the SQLite store's files
 * (store_sqlite.c: connections, migrations, tickets, agents, reference data;
 * store_sqlite_calls.c: calls and agent states; store_sqlite_kb.c:
 * knowledge base and SMS outbox).  Private to server/store_sqlite*.c.
 *
 * Writes: sq_wr_begin() takes the one writer connection (s->wr) under its
 * mutex and opens BEGIN IMMEDIATE; sq_wr_end() commits on ST_OK or rolls
 * back, then releases.  Reads: sq_rd() is this thread's read connection;
 * wrap multi-statement reads in sq_rd_begin()/sq_rd_end().
 */
#ifndef HOTLINE_SERVER_STORE_SQLITE_INT_H
#define HOTLINE_SERVER_STORE_SQLITE_INT_H

#include <pthread.h>
#include <stddef.h>

#include <sqlite3.h>

#include "../core/status.h"
#include "store.h"

struct sq_store {
	struct store base;
	char *path;
	sqlite3 *wr;
	pthread_mutex_t wr_lock;
	pthread_key_t rd_key;
	pthread_mutex_t rd_lock;
	sqlite3 **rd_all;
	size_t n_rd, cap_rd;
	char *ticket_select; /* "SELECT ... FROM tickets t LEFT JOIN ..." */
	char *ticket_insert; /* "INSERT INTO tickets (...) VALUES (...)" */
};

#define SQ(s) ((struct sq_store *)(s))

/* Migration SQL kept beside the code that uses it. */
extern const char sq_migration_calls[];
extern const char sq_migration_kb[];
extern const char sq_migration_training[]; /* issue #7 */

void sq_log(sqlite3 *db, const char *what);
int sq_exec(sqlite3 *db, const char *sql);
/* Prepared statement or NULL (logged). */
sqlite3_stmt *sq_prep(sqlite3 *db, const char *sql);
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
/* NULL and "" both bind SQL NULL. */
void sq_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* Column as a malloc'd string ("" for NULL) / NULL for SQL NULL. */
char *sq_col_dup(sqlite3_stmt *st, int i);
char *sq_col_dup_or_null(sqlite3_stmt *st, int i);
/* Step until done; 0 or -1 (logged). */
int sq_step_done(sqlite3 *db, sqlite3_stmt *st);
/* Grow an array of elem-sized items to hold at least n + 1. */
void *sq_grow(void *arr, size_t n, size_t *cap, size_t elem);
sqlite3 *sq_rd(struct sq_store *s);
enum status sq_wr_begin(struct sq_store *s);
enum status sq_wr_end(struct sq_store *s, enum status st);
int sq_rd_begin(sqlite3 *db);
void sq_rd_end(sqlite3 *db);

#endif
