/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb_floor.c - the floor under hotlined's knowledge-base search: the same
 * FTS5 queries run directly through the sqlite3 library on the server's
 * database, without HTTP, JSON or the server's threads (bench/kb.sh).
 *
 *   kb_floor DB RUNS QUERY...
 *
 * For each query it prints one line, times in milliseconds:
 *   query <TAB> matches <TAB> fts_p50 <TAB> fts_p95 <TAB> sql_p50 <TAB> sql_p95
 * where
 *   fts  is the bare ranked FTS5 query: the top 11 rowids by bm25 (title
 *        weighted) for the query's KB_QUERY_ALL expression;
 *   sql  is the whole statement sequence hotlined runs for one page of 10
 *        results (server/store_sqlite_kb.c): the ALL statement (visibility
 *        filter, exact-key pin, bm25), the ANY statement when ALL found
 *        fewer than 3 rows, and the highlight statement for each of the
 *        first 10 rows.
 *   matches  is the number of articles the ALL expression matches.
 * It links build/lib/libserver.a only for the kb_bigram tokenizer and
 * the query builder (the sqlite3 shell cannot load the tokenizer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/mem.h"
#include "server/kb.h"
#include "server/kb_query.h"
#include "server/kb_tokenizer.h"

#define PAGE 10
#define ANY_BELOW 3 /* routes_kb.c KB_ANY_BELOW */
#define MAX_RUNS 10000

/* Keep in step with sq_kb_search() and sq_kb_hits_fill(). */
#define SQL_FTS                                                               \
	"SELECT rowid FROM kb_fts WHERE kb_fts MATCH ?1 ORDER BY bm25(kb_fts, " \
	KB_QUERY_BM25_WEIGHTS ") LIMIT ?2"
#define SQL_HIDDEN                                                            \
	"SELECT id FROM kb_articles WHERE status IN ('draft', 'review', "     \
	"'expired') UNION ALL SELECT id FROM kb_articles WHERE "              \
	"effective_from > :t UNION ALL SELECT id FROM kb_articles WHERE "     \
	"effective_to > '' AND effective_to < :t"
#define SQL_ALL                                                               \
	"SELECT kb_fts.rowid, bm25(kb_fts, " KB_QUERY_BM25_WEIGHTS            \
	") AS score, kb_fts.rowid IN (SELECT article_id FROM kb_key WHERE "   \
	"key = :k) AS pin FROM kb_fts WHERE kb_fts MATCH :m AND "             \
	"+kb_fts.rowid NOT IN (" SQL_HIDDEN ") ORDER BY pin DESC, score "     \
	"LIMIT :l"
#define SQL_ANY                                                               \
	"SELECT kb_fts.rowid, bm25(kb_fts, " KB_QUERY_BM25_WEIGHTS            \
	") AS score, 0 AS pin FROM kb_fts WHERE kb_fts MATCH :m AND "         \
	"+kb_fts.rowid NOT IN (" SQL_HIDDEN ") ORDER BY pin DESC, score "     \
	"LIMIT :l"
#define SQL_FILL                                                              \
	"SELECT a.title, highlight(kb_fts, 0, ?3, ?4), highlight(kb_fts, 2, " \
	"?3, ?4), highlight(kb_fts, 1, ?3, ?4), a.category_code, "            \
	"COALESCE(c.name, ''), COALESCE(a.owner_unit_code, '') FROM kb_fts "  \
	"CROSS JOIN kb_articles AS a ON a.id = kb_fts.rowid LEFT JOIN "       \
	"categories AS c ON c.code = a.category_code WHERE kb_fts MATCH ?2 "  \
	"AND kb_fts.rowid = ?1"

static sqlite3 *db;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static sqlite3_stmt *
prep(const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "kb_floor: %s\n  in %s\n", sqlite3_errmsg(db),
			sql);
		exit(1);
	}
	return st;
}

static void
bind(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Step st to the end; the first max rowids (column 0) go to ids. */
static int
rows(sqlite3_stmt *st, long long *ids, int max)
{
	int n = 0, rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ids && n < max)
			ids[n] = sqlite3_column_int64(st, 0);
		n++;
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "kb_floor: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	return n;
}

static double
fts_once(const char *match)
{
	sqlite3_stmt *st;
	double t0 = now_ms();

	st = prep(SQL_FTS);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, PAGE + 1);
	rows(st, NULL, 0);
	sqlite3_finalize(st);
	return now_ms() - t0;
}

/* The server's sequence for one page. */
static double
sql_once(const char *all, const char *any, const char *key,
	 const char *today)
{
	long long ids[2 * PAGE + 2], more[2 * PAGE + 2];
	sqlite3_stmt *st;
	double t0 = now_ms();
	int n, nm, i, k, n_all;

	st = prep(SQL_ALL);
	bind(st, ":m", all);
	bind(st, ":k", key);
	bind(st, ":t", today);
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":l"),
			 PAGE + 1);
	n = rows(st, ids, PAGE + 1);
	n_all = n;
	sqlite3_finalize(st);
	if (n < ANY_BELOW && any && strcmp(any, all) != 0) {
		st = prep(SQL_ANY);
		bind(st, ":m", any);
		bind(st, ":t", today);
		sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":l"),
				 PAGE + 1 + n);
		nm = rows(st, more, PAGE + 1 + n);
		sqlite3_finalize(st);
		for (i = 0; i < nm && i < PAGE + 1 + n && n < PAGE + 1; i++) {
			for (k = 0; k < n && ids[k] != more[i]; k++)
				;
			if (k == n)
				ids[n++] = more[i];
		}
	}
	/* One fill statement per stage, as the server does. */
	for (k = 0; k < 2; k++) {
		int from = k ? n_all : 0, to = k ? n : n_all;

		if (to > PAGE)
			to = PAGE;
		if (from >= to)
			continue;
		st = prep(SQL_FILL);
		sqlite3_bind_text(st, 2, k ? any : all, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, KB_MARK_OPEN, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, KB_MARK_CLOSE, -1, SQLITE_STATIC);
		for (i = from; i < to; i++) {
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, ids[i]);
			rows(st, NULL, 0);
		}
		sqlite3_finalize(st);
	}
	return now_ms() - t0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, double p)
{
	int i = (int)(p * (n - 1) + 0.5);

	return v[i < n ? i : n - 1];
}

int
main(int argc, char **argv)
{
	static double ft[MAX_RUNS], sq[MAX_RUNS];
	char today[16];
	char *end = NULL;
	long runs;
	int i, r;

	if (argc < 4) {
		fprintf(stderr, "usage: kb_floor DB RUNS QUERY...\n");
		return 2;
	}
	runs = strtol(argv[2], &end, 10);
	if (!end || *end || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "kb_floor: RUNS is 1..%d\n", MAX_RUNS);
		return 2;
	}
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK ||
	    kb_tokenizer_register(db) != SQLITE_OK) {
		fprintf(stderr, "kb_floor: %s: %s\n", argv[1],
			sqlite3_errmsg(db));
		return 1;
	}
	kb_today(today);
	for (i = 3; i < argc; i++) {
		const char *q = argv[i];
		struct kb_query all, any;
		char *key = kb_query_key(q, strlen(q));
		sqlite3_stmt *st;
		int matches;

		if (kb_query_build(q, strlen(q), KB_QUERY_ALL, &all) !=
		    KB_QUERY_OK) {
			fprintf(stderr, "kb_floor: nothing to search in %s\n",
				q);
			return 1;
		}
		kb_query_build(q, strlen(q), KB_QUERY_ANY, &any);
		st = prep("SELECT count(*) FROM kb_fts WHERE kb_fts MATCH ?");
		sqlite3_bind_text(st, 1, all.match, -1, SQLITE_TRANSIENT);
		matches = sqlite3_step(st) == SQLITE_ROW
				  ? sqlite3_column_int(st, 0)
				  : -1;
		sqlite3_finalize(st);
		/* Warm the page cache like the server's first requests. */
		for (r = 0; r < 3; r++) {
			fts_once(all.match);
			sql_once(all.match, any.match, key, today);
		}
		for (r = 0; r < runs; r++) {
			ft[r] = fts_once(all.match);
			sq[r] = sql_once(all.match, any.match, key, today);
		}
		qsort(ft, (size_t)runs, sizeof ft[0], cmp_double);
		qsort(sq, (size_t)runs, sizeof sq[0], cmp_double);
		printf("%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", q, matches,
		       pct(ft, (int)runs, 0.5), pct(ft, (int)runs, 0.95),
		       pct(sq, (int)runs, 0.5), pct(sq, (int)runs, 0.95));
		fflush(stdout);
		free(key);
		kb_query_free(&all);
		kb_query_free(&any);
	}
	sqlite3_close(db);
	return 0;
}
