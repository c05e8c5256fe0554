/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_server_kb.c - the knowledge base's search foundations: the
 * kb_bigram FTS5 tokenizer (token lists and offsets), the query builder
 * (hostile input never reaches FTS5 as a syntax error), exact substring
 * semantics for Chinese queries of every length, the seed articles
 * (data/kb_articles.tsv) and recall@3 of tests/kb/queries.tsv.
 *
 * Run from the repository root (data paths are relative to it).
 * KB_BENCH_TSV=file (an article file, e.g. from tests/kb/gen_articles.py)
 * adds a latency run over that file; it is skipped otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/mem.h"
#include "server/kb_query.h"
#include "server/kb_tokenizer.h"

#define ARTICLES_TSV   "data/kb_articles.tsv"
#define QUERIES_TSV    "tests/kb/queries.tsv"
#define CATEGORIES_TSV "data/categories.tsv"
#define UNITS_TSV      "data/units.tsv"
#define ARTICLES_HEADER                                                        \
	"id\ttitle\tquestion\tanswer\tsms_guide\tcategory_code\t"              \
	"owner_unit_code\tkeywords\teffective_from\teffective_to\tstatus"
#define RANK_SQL                                                               \
	"SELECT rowid FROM kb WHERE kb MATCH ?1 ORDER BY "                     \
	"bm25(kb, " KB_QUERY_BM25_WEIGHTS ") LIMIT ?2"
/* The ranking docs/kb.md recommends: exact key matches first, then bm25. */
#define PINNED_SQL                                                             \
	"SELECT rowid FROM kb WHERE kb MATCH ?1 ORDER BY rowid IN "            \
	"(SELECT id FROM kb_key WHERE key = ?3) DESC, "                        \
	"bm25(kb, " KB_QUERY_BM25_WEIGHTS ") LIMIT ?2"

/* ---- helpers ---------------------------------------------------------- */

static int
collect_cb(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	struct buf *b = ctx;

	assert_int_equal(tflags, 0);
	assert_true(ntok > 0);
	assert_true(start >= 0 && start < end);
	if (b->len > 0)
		assert_int_equal(buf_putc(b, ' '), ST_OK);
	assert_int_equal(buf_append(b, tok, (size_t)ntok), ST_OK);
	assert_int_equal(buf_printf(b, "[%d,%d]", start, end), ST_OK);
	return 0;
}

/* "tok[start,end] tok[start,end] ..." for text in mode. */
static char *
tokens_of(const char *text, size_t len, enum kb_tokenize_mode mode)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(kb_tokenize(text, len, mode, collect_cb, &b), 0);
	return buf_steal(&b);
}

static void
check_tokens(const char *text, size_t len, enum kb_tokenize_mode mode,
             const char *want)
{
	char *got = tokens_of(text, len, mode);

	if (strcmp(got, want) != 0)
		print_error("tokens of \"%s\": got '%s' want '%s'\n", text, got,
		            want);
	assert_string_equal(got, want);
	free(got);
}

#define DOC(s, want) check_tokens((s), strlen(s), KB_TOKENIZE_DOCUMENT, want)
#define QRY(s, want) check_tokens((s), strlen(s), KB_TOKENIZE_QUERY, want)

static void
exec_sql(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, err ? err : "?");
	sqlite3_free(err);
	assert_int_equal(rc, SQLITE_OK);
}

static sqlite3 *
open_kb_db(void)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(kb_tokenizer_register(db), SQLITE_OK);
	exec_sql(db, "CREATE VIRTUAL TABLE kb USING fts5(" KB_QUERY_FTS_COLUMNS
	             ")");
	return db;
}

static void
insert_doc(sqlite3 *db, sqlite3_int64 id, const char *title,
           const char *question, const char *answer, const char *keywords)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO kb(rowid, title, "
	                                    "question, answer, keywords) "
	                                    "VALUES (?1, ?2, ?3, ?4, ?5)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, question, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, answer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, keywords, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/*
 * Run match ranked by bm25; store up to max rowids in ids (may be NULL).
 * Returns the SQLite result (SQLITE_DONE when the query ran) and the
 * number of rows in *n.
 */
static int
run_sql(sqlite3 *db, const char *sql, const char *match, const char *key,
        sqlite3_int64 *ids, int max, int *n)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, max);
	if (key != NULL)
		sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ids != NULL)
			ids[*n] = sqlite3_column_int64(st, 0);
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		print_error("MATCH '%s': %s\n", match, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

static int
run_match(sqlite3 *db, const char *match, sqlite3_int64 *ids, int max, int *n)
{
	return run_sql(db, RANK_SQL, match, NULL, ids, max, n);
}

static char *
build(const char *text, size_t len, enum kb_query_mode mode,
      enum kb_query_status want)
{
	struct kb_query q;
	enum kb_query_status st = kb_query_build(text, len, mode, &q);
	char *m;

	assert_int_equal(st, want);
	if (st == KB_QUERY_EMPTY) {
		assert_null(q.match);
		assert_int_equal(q.nterms, 0);
		return NULL;
	}
	assert_non_null(q.match);
	assert_true(q.nterms > 0);
	m = q.match;
	q.match = NULL;
	kb_query_free(&q);
	return m;
}

static void
check_build(const char *text, enum kb_query_mode mode, const char *want)
{
	char *m = build(text, strlen(text), mode, KB_QUERY_OK);

	if (strcmp(m, want) != 0)
		print_error("query of \"%s\": got '%s' want '%s'\n", text, m,
		            want);
	assert_string_equal(m, want);
	free(m);
}

/* ---- tokenizer -------------------------------------------------------- */

static void
test_tok_han_runs(void **state)
{
	(void)state;
	/* 5 characters, 3 bytes each: 4 bigrams + the last unigram. */
	DOC("公积金提取",
	    "公积[0,6] 积金[3,9] 金提[6,12] 提取[9,15] 取[12,15]");
	/* Query: the phrase of the bigrams, no trailing unigram. */
	QRY("公积金提取", "公积[0,6] 积金[3,9] 金提[6,12] 提取[9,15]");
	DOC("社保", "社保[0,6] 保[3,6]");
	QRY("社保", "社保[0,6]");
	/* One character: the unigram in both modes. */
	DOC("证", "证[0,3]");
	QRY("证", "证[0,3]");
	/* Runs split by a space each end with their unigram. */
	DOC("居住证 签注", "居住[0,6] 住证[3,9] 证[6,9] 签注[10,16] 注[13,16]");
	/* In a query, a run followed by more tokens keeps its unigram. */
	QRY("居住证 签注", "居住[0,6] 住证[3,9] 证[6,9] 签注[10,16]");
	QRY("积 分", "积[0,3] 分[4,7]");
	/* 〇 and an extension-B ideograph (4 bytes) are Han. */
	DOC("二〇𠀀", "二〇[0,6] 〇𠀀[3,10] 𠀀[6,10]");
	DOC("", "");
	check_tokens(NULL, 0, KB_TOKENIZE_DOCUMENT, "");
}

static void
test_tok_latin_digits(void **state)
{
	(void)state;
	DOC("Hello WORLD abc123", "hello[0,5] world[6,11] abc123[12,18]");
	QRY("Hello WORLD abc123", "hello[0,5] world[6,11] abc123[12,18]");
	DOC("12345", "12345[0,5]");
	DOC("0769-12345", "0769[0,4] 12345[5,10]");
	DOC("3.5%", "3[0,1] 5[2,3]");
	/* Full-width letters and digits fold to ASCII, offsets stay. */
	DOC("ＡＢＣ１２", "abc12[0,15]");
	DOC("Ｃ1证", "c1[0,4] 证[4,7]");
	/* Accented Latin and other scripts separate. */
	DOC("café", "caf[0,3]");
}

static void
test_tok_mixed(void **state)
{
	(void)state;
	DOC("C1驾驶证", "c1[0,2] 驾驶[2,8] 驶证[5,11] 证[8,11]");
	QRY("C1驾驶证", "c1[0,2] 驾驶[2,8] 驶证[5,11]");
	DOC("12329热线", "12329[0,5] 热线[5,11] 线[8,11]");
	QRY("12329热线", "12329[0,5] 热线[5,11]");
	/* A Han run followed by a word keeps its unigram in a query too:
	 * in the document the run ends there, so the unigram is there. */
	QRY("驾驶证C1", "驾驶[0,6] 驶证[3,9] 证[6,9] c1[9,11]");
	DOC("驾驶证C1", "驾驶[0,6] 驶证[3,9] 证[6,9] c1[9,11]");
	DOC("拨打12345热线或12329",
	    "拨打[0,6] 打[3,6] 12345[6,11] 热线[11,17] 线或[14,20] 或[17,20] "
	    "12329[20,25]");
	QRY("c1驾", "c1[0,2] 驾[2,5]");
}

static void
test_tok_punct_emoji(void **state)
{
	(void)state;
	/* Full-width comma and exclamation (3 bytes), ASCII parentheses. */
	DOC("公积金，提取！(测试)",
	    "公积[0,6] 积金[3,9] 金[6,9] 提取[12,18] 取[15,18] 测试[22,28] "
	    "试[25,28]");
	/* Emoji (4 bytes) and ZWJ sequences separate. */
	DOC("社保😀查询", "社保[0,6] 保[3,6] 查询[10,16] 询[13,16]");
	DOC("👨‍👩‍👧医保", "医保[18,24] 保[21,24]");
	/* Ideographic space, middle dot, 【】, keyword bars. */
	DOC("【通知】　A·B|取",
	    "通知[3,9] 知[6,9] a[15,16] b[18,19] 取[20,23]");
	DOC("\"-OR NEAR(x)*^", "or[2,4] near[5,9] x[10,11]");
	DOC("。，！？、；：", "");
}

static void
test_tok_invalid_utf8(void **state)
{
	static const char bad[] = "社\xff保\xed\xa0\x80险\xc0\xaf"
	                          "ab\xe4\xb8";

	(void)state;
	/* 0xFF, a lone surrogate (ED A0 80), an overlong (C0 AF) and a
	 * truncated sequence at the end are separators, byte by byte. */
	check_tokens(bad, sizeof(bad) - 1, KB_TOKENIZE_DOCUMENT,
	             "社[0,3] 保[4,7] 险[10,13] ab[15,17]");
	/* A NUL byte inside is a separator too. */
	check_tokens("社\0保", 7, KB_TOKENIZE_DOCUMENT, "社[0,3] 保[4,7]");
	/* A run cut in the middle of its last character. */
	check_tokens("公积金", 8, KB_TOKENIZE_DOCUMENT, "公积[0,6] 积[3,6]");
	/* Continuation bytes alone, F5..FF lead bytes, above U+10FFFF. */
	check_tokens("\x80\x81\xbf\xf5\x80\x80\x80\xf4\x90\x80\x80", 11,
	             KB_TOKENIZE_DOCUMENT, "");
}

static void
test_tok_long_word(void **state)
{
	char text[200];
	char *got;
	struct buf want;

	(void)state;
	memset(text, 'A', 100);
	memcpy(text + 100, "证", 4);
	buf_init(&want, 0);
	assert_int_equal(buf_append(&want, text, KB_TOKEN_MAX_WORD), ST_OK);
	got = tokens_of(text, strlen(text), KB_TOKENIZE_DOCUMENT);
	/* Lower-cased and cut to KB_TOKEN_MAX_WORD, offsets cover all. */
	memset(want.data, 'a', KB_TOKEN_MAX_WORD);
	assert_int_equal(buf_puts(&want, "[0,100] 证[100,103]"), ST_OK);
	assert_string_equal(got, want.data);
	free(got);
	buf_free(&want);
}

static int
stop_cb(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	int *count = ctx;

	(void)tflags;
	(void)tok;
	(void)ntok;
	(void)start;
	(void)end;
	return ++*count == 2 ? 42 : 0;
}

static void
test_tok_callback_stops(void **state)
{
	int count = 0;

	(void)state;
	assert_int_equal(kb_tokenize("公积金提取", strlen("公积金提取"),
	                             KB_TOKENIZE_DOCUMENT, stop_cb, &count),
	                 42);
	assert_int_equal(count, 2);
}

static void
test_tok_registered(void **state)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	(void)state;
	/* Without registration the table cannot be created. */
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
	                                  "CREATE VIRTUAL TABLE t USING "
	                                  "fts5(x, tokenize='kb_bigram')",
	                                  NULL, NULL, &err),
	                     SQLITE_OK);
	sqlite3_free(err);
	err = NULL;
	assert_int_equal(kb_tokenizer_register(db), SQLITE_OK);
	/* Arguments are refused. */
	assert_int_not_equal(sqlite3_exec(db,
	                                  "CREATE VIRTUAL TABLE t USING "
	                                  "fts5(x, tokenize='kb_bigram zz')",
	                                  NULL, NULL, &err),
	                     SQLITE_OK);
	sqlite3_free(err);
	exec_sql(db, "CREATE VIRTUAL TABLE t USING fts5(x, "
	             "tokenize='kb_bigram')");
	sqlite3_close(db);
	assert_int_equal(kb_tokenizer_register(NULL), SQLITE_MISUSE);
}

/* ---- query builder ---------------------------------------------------- */

static void
test_query_basic(void **state)
{
	(void)state;
	check_build("公积金", KB_QUERY_ALL, "\"公积金\"");
	check_build("公积金 提取", KB_QUERY_ALL, "\"公积金\" AND \"提取\"");
	check_build("公积金，提取。", KB_QUERY_ALL, "\"公积金\" AND \"提取\"");
	check_build("C1驾驶证", KB_QUERY_ALL, "\"c1驾驶证\"");
	check_build("Ｃ１驾驶证", KB_QUERY_ALL, "\"c1驾驶证\"");
	check_build("12329", KB_QUERY_ALL, "\"12329\"");
	/* One-character Han runs at a term's end become prefixes. */
	check_build("证", KB_QUERY_ALL, "\"证\"*");
	check_build("C1驾", KB_QUERY_ALL, "\"c1驾\"*");
	check_build("驾C1", KB_QUERY_ALL, "\"驾c1\"");
	check_build("水 电", KB_QUERY_ALL, "\"水\"* AND \"电\"*");
	/* Operators are just words. */
	check_build("社保 OR 公积金", KB_QUERY_ALL,
	            "\"社保\" AND \"or\" AND \"公积金\"");
	check_build("NEAR(社保 医保)", KB_QUERY_ALL,
	            "\"near\" AND \"社保\" AND \"医保\"");
	check_build("-\"社保\"*^", KB_QUERY_ALL, "\"社保\"");
	/* ANY: tokens ORed, duplicates dropped. */
	check_build("老板不发工资", KB_QUERY_ANY,
	            "\"老板\" OR \"板不\" OR \"不发\" OR \"发工\" OR \"工资\"");
	check_build("工资 工资 c1驾 证", KB_QUERY_ANY,
	            "\"工资\" OR \"c1\" OR \"驾\"* OR \"证\"*");
}

static void
test_query_empty(void **state)
{
	static const char *const empty[] = {
	    "",  " ", "\t\n", "，。！？", "\"\"",         "()",          "*",
	    "-", "^", "😀😀",   "\xff\xfe", "\xed\xa0\x80", "\"-*^():{}+",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		build(empty[i], strlen(empty[i]), KB_QUERY_ALL, KB_QUERY_EMPTY);
		build(empty[i], strlen(empty[i]), KB_QUERY_ANY, KB_QUERY_EMPTY);
	}
	build(NULL, 0, KB_QUERY_ALL, KB_QUERY_EMPTY);
	build(NULL, 5, KB_QUERY_ALL, KB_QUERY_EMPTY);
	kb_query_free(NULL);
}

static void
check_key(const char *text, size_t len, const char *want)
{
	char *got = kb_query_key(text, len);

	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_query_key(void **state)
{
	char big[10240];

	(void)state;
	check_key("公积金，提取", strlen("公积金，提取"), "公积金提取");
	check_key("Ｃ1 驾照", strlen("Ｃ1 驾照"), "c1驾照");
	check_key(" 12329 ", 7, "12329");
	check_key("社\xed\xa0\x80保😀", 13, "社保");
	check_key("，。！ ", strlen("，。！ "), NULL);
	check_key(NULL, 3, NULL);
	check_key("", 0, NULL);
	/* capped like the query */
	memset(big, 'x', sizeof(big));
	{
		char *k = kb_query_key(big, sizeof(big));

		assert_non_null(k);
		assert_int_equal(strlen(k), KB_QUERY_MAX_INPUT);
		free(k);
	}
}

/* Every string the builder returns must run on a real FTS5 table. */
static void
check_runs(sqlite3 *db, const char *text, size_t len)
{
	static const enum kb_query_mode modes[] = {KB_QUERY_ALL, KB_QUERY_ANY};
	size_t i;

	for (i = 0; i < 2; i++) {
		struct kb_query q;
		int n;

		if (kb_query_build(text, len, modes[i], &q) == KB_QUERY_EMPTY) {
			assert_null(q.match);
			continue;
		}
		assert_non_null(q.match);
		assert_int_equal(run_match(db, q.match, NULL, 1000, &n),
		                 SQLITE_DONE);
		kb_query_free(&q);
		assert_null(q.match);
	}
}

static void
test_query_hostile(void **state)
{
	static const char *const hostile[] = {
	    "\"",
	    "\"\"\"",
	    "公积\"金",
	    "-社保",
	    "社保 -医保",
	    "社保 OR 公积金",
	    "OR",
	    "AND",
	    "NOT 社保",
	    "社保 NOT",
	    "NEAR(",
	    "NEAR(社保 医保, 2)",
	    "*",
	    "社保*",
	    "*社保",
	    "^社保",
	    "(",
	    "社保)",
	    "((社保",
	    "title:社保",
	    "{title answer}: 社保",
	    "- title : \"x",
	    "+ 社保 +",
	    "社\xed\xa0\x80保",
	    "\xed\xbf\xbf",
	    "公\xe7\xa7",
	    "C1\xff驾驶证",
	    "'; DROP TABLE kb; --",
	    "%_\\",
	};
	static const char with_nul[] = "社保\0\"OR";
	sqlite3 *db = open_kb_db();
	size_t i;

	(void)state;
	insert_doc(db, 1, "公积金提取", "怎么取公积金", "社保与医保", "or");
	insert_doc(db, 2, "C1驾驶证", "title", "near", "社保");
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		check_runs(db, hostile[i], strlen(hostile[i]));
	/* Embedded NUL. */
	check_runs(db, with_nul, sizeof(with_nul) - 1);
	sqlite3_close(db);
}

static void
test_query_caps(void **state)
{
	static const char *const pieces[] = {
	    "公积金",       " OR ", "-提取", " NEAR(", "*",    "^",  ")", "\"",
	    "\xed\xa0\x80", "C1驾", " ",     "，",     "\xff", "社", "😀",
	};
	sqlite3 *db = open_kb_db();
	struct kb_query q;
	struct buf big;
	size_t i;
	int n;

	(void)state;
	insert_doc(db, 1, "公积金提取", "", "", "");
	/* 10 KB of mixed hostile pieces. */
	buf_init(&big, 0);
	for (i = 0; big.len < 10240; i++)
		assert_int_equal(buf_puts(&big, pieces[i % 15]), ST_OK);
	check_runs(db, big.data, big.len);
	assert_int_equal(kb_query_build(big.data, big.len, KB_QUERY_ALL, &q),
	                 KB_QUERY_OK);
	assert_int_equal(q.truncated, 1);
	assert_true(q.nterms <= KB_QUERY_MAX_TERMS);
	assert_true(strlen(q.match) < 4 * KB_QUERY_MAX_INPUT);
	kb_query_free(&q);

	/* 10 KB of Han without a separator: one term, cut mid-character. */
	buf_reset(&big);
	while (big.len < 10240)
		assert_int_equal(buf_puts(&big, "公积金提取"), ST_OK);
	check_runs(db, big.data, big.len);
	assert_int_equal(kb_query_build(big.data, big.len, KB_QUERY_ALL, &q),
	                 KB_QUERY_OK);
	assert_int_equal(q.truncated, 1);
	assert_int_equal(q.nterms, 1);
	/* 85 whole characters (255 bytes) + 2 quotes. */
	assert_int_equal(strlen(q.match), 255 + 2);
	kb_query_free(&q);

	/* Many short terms: only the first KB_QUERY_MAX_TERMS. */
	buf_reset(&big);
	for (i = 0; i < 40; i++)
		assert_int_equal(buf_puts(&big, "社保 "), ST_OK);
	assert_int_equal(kb_query_build(big.data, big.len, KB_QUERY_ALL, &q),
	                 KB_QUERY_OK);
	assert_int_equal(q.nterms, KB_QUERY_MAX_TERMS);
	assert_int_equal(q.truncated, 1);
	assert_int_equal(run_match(db, q.match, NULL, 10, &n), SQLITE_DONE);
	kb_query_free(&q);

	/* Many distinct bigrams: ANY keeps KB_QUERY_MAX_TOKENS. */
	buf_reset(&big);
	assert_int_equal(buf_puts(&big, "一二三四五六七八九十甲乙丙丁戊己庚"
	                                "辛壬癸子丑寅卯辰巳午未申酉戌亥天地"),
	                 ST_OK);
	assert_int_equal(kb_query_build(big.data, big.len, KB_QUERY_ANY, &q),
	                 KB_QUERY_OK);
	assert_int_equal(q.nterms, KB_QUERY_MAX_TOKENS);
	assert_int_equal(q.truncated, 1);
	assert_int_equal(run_match(db, q.match, NULL, 10, &n), SQLITE_DONE);
	kb_query_free(&q);
	/* Under the caps nothing is flagged. */
	assert_int_equal(kb_query_build("社保", 6, KB_QUERY_ALL, &q),
	                 KB_QUERY_OK);
	assert_int_equal(q.truncated, 0);
	kb_query_free(&q);
	buf_free(&big);
	sqlite3_close(db);
}

/* Random strings from an alphabet of FTS5 syntax and broken UTF-8. */
static void
test_query_fuzz(void **state)
{
	static const char *const alpha[] = {
	    "\"",   "*",  "(",  ")",  "-",  "+",   "^",    ":",
	    "{",    "}",  ",",  " ",  "OR", "AND", "NOT",  "NEAR",
	    "公",   "积", "金", "字", "a",  "1",   "\xff", "\xed\xa0\x80",
	    "\xe4", "\0", "😀",  "，", "Ｃ",
	};
	sqlite3 *db = open_kb_db();
	unsigned seed = 12345;
	char text[256];
	int i;

	(void)state;
	insert_doc(db, 1, "公积金字", "a 1 or and", "not near", "c");
	for (i = 0; i < 3000; i++) {
		size_t len = 0;
		int k, nparts;

		seed = seed * 1103515245u + 12345u;
		nparts = (int)((seed >> 16) % 24);
		for (k = 0; k < nparts; k++) {
			const char *p;
			size_t pl;

			seed = seed * 1103515245u + 12345u;
			p = alpha[(seed >> 16) %
			          (sizeof(alpha) / sizeof(alpha[0]))];
			pl = *p ? strlen(p) : 1;
			memcpy(text + len, p, pl);
			len += pl;
		}
		check_runs(db, text, len);
	}
	sqlite3_close(db);
}

/* ---- substring semantics ---------------------------------------------- */

static const char *const corpus[] = {
    "住房公积金提取业务办理指南",
    "公积金贷款与提取的区别",
    "驾驶证到期换证，C1驾驶证体检",
    "积分入学申请：孩子上学怎么办",
    "提取",
    "金",
    "公积金|提取|取公积金",
    "老板拖欠工资怎么办？可以拨打12333",
    "噪音扰民：夜间施工噪声投诉",
    "社保卡、医保卡、社保转移",
    "证件证件证",
    "取",
    "证件照片要求与居住证签注",
};
#define NCORPUS (sizeof(corpus) / sizeof(corpus[0]))

static sqlite3 *
corpus_db(void)
{
	sqlite3 *db = open_kb_db();
	size_t i;

	for (i = 0; i < NCORPUS; i++)
		insert_doc(db, (sqlite3_int64)i + 1, corpus[i], "", "", "");
	return db;
}

/* Bitmask of corpus rows matching the builder's query for q. */
static unsigned
fts_set(sqlite3 *db, const char *q)
{
	sqlite3_int64 ids[NCORPUS];
	char *m = build(q, strlen(q), KB_QUERY_ALL, KB_QUERY_OK);
	unsigned set = 0;
	int i, n;

	assert_int_equal(run_match(db, m, ids, (int)NCORPUS, &n), SQLITE_DONE);
	for (i = 0; i < n; i++)
		set |= 1u << (ids[i] - 1);
	free(m);
	return set;
}

static unsigned
substr_set(const char *q)
{
	unsigned set = 0;
	size_t i;

	for (i = 0; i < NCORPUS; i++)
		if (strstr(corpus[i], q) != NULL)
			set |= 1u << i;
	return set;
}

static void
check_substring(sqlite3 *db, const char *q, size_t *checked)
{
	unsigned got = fts_set(db, q), want = substr_set(q);

	if (got != want)
		print_error("query \"%s\": rows %#x, substring rows %#x\n", q,
		            got, want);
	assert_int_equal(got, want);
	(*checked)++;
}

/*
 * Every Han substring (1..7 characters) of every corpus text, and some
 * absent ones, finds exactly the texts that contain it.
 */
static void
test_substring_semantics(void **state)
{
	static const char *const absent[] = {
	    "证证",           "金金",         "提公",   "驾照",
	    "公积金提取款",   "取公积金提取", "保卡医", "贷款提取",
	    "业务办理指南书", "投诉噪音",
	};
	sqlite3 *db = corpus_db();
	size_t i, checked = 0, bylen[8] = {0};

	(void)state;
	for (i = 0; i < NCORPUS; i++) {
		const char *s = corpus[i];
		size_t len = strlen(s), pos = 0;

		while (pos < len) {
			size_t starts[64], nst = 0, p = pos, a, b;
			enum kb_char_class cls;

			/* the Han run at pos: its character starts */
			while (p < len && nst < 63) {
				size_t n =
				    kb_char_next(s + p, len - p, NULL, &cls);
				if (cls != KB_CHAR_HAN)
					break;
				starts[nst++] = p;
				p += n;
			}
			starts[nst] = p;
			for (a = 0; a < nst; a++)
				for (b = a + 1; b <= nst && b - a <= 7; b++) {
					char q[64];
					size_t ql = starts[b] - starts[a];

					memcpy(q, s + starts[a], ql);
					q[ql] = '\0';
					check_substring(db, q, &checked);
					bylen[b - a]++;
				}
			pos = nst > 0 ? p
			              : pos + kb_char_next(s + pos, len - pos,
			                                   NULL, &cls);
		}
	}
	for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		assert_int_equal(substr_set(absent[i]), 0);
		check_substring(db, absent[i], &checked);
	}
	/* Every length was exercised, and more than once. */
	for (i = 1; i <= 7; i++)
		assert_true(bylen[i] >= 5);
	assert_true(checked > 200);
	/* Spot checks of the counts behind the bitmasks. */
	assert_int_equal(__builtin_popcount(fts_set(db, "金")), 4);
	assert_int_equal(fts_set(db, "取"), substr_set("取"));
	assert_int_equal(__builtin_popcount(fts_set(db, "取")), 5);
	assert_int_equal(__builtin_popcount(fts_set(db, "公积金提取")), 1);
	sqlite3_close(db);
}

static void
test_mixed_terms(void **state)
{
	sqlite3 *db = corpus_db();

	(void)state;
	assert_int_equal(fts_set(db, "C1驾驶证"), 1u << 2);
	assert_int_equal(fts_set(db, "c1驾"), 1u << 2);
	assert_int_equal(fts_set(db, "c2驾驶证"), 0);
	assert_int_equal(fts_set(db, "12333"), 1u << 7);
	assert_int_equal(fts_set(db, "1233"), 0); /* words are whole */
	/* Terms are ANDed. */
	assert_int_equal(fts_set(db, "公积金 贷款"), 1u << 1);
	assert_int_equal(fts_set(db, "提取，公积金"),
	                 (1u << 0) | (1u << 1) | (1u << 6));
	assert_int_equal(fts_set(db, "社保 噪音"), 0);
	/* Separators inside the text do not break a term that spans runs
	 * of different kinds ("换证，C1" is the phrase 换证 证 c1). */
	assert_int_equal(fts_set(db, "换证C1"), 1u << 2);
	sqlite3_close(db);
}

static void
check_highlight(sqlite3 *db, const char *q, const char *want)
{
	char *m = build(q, strlen(q), KB_QUERY_ALL, KB_QUERY_OK);
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT highlight(kb, 0, '[', ']')"
	                                    " FROM kb WHERE kb MATCH ?1",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(m);
}

static void
test_highlight_offsets(void **state)
{
	sqlite3 *db = open_kb_db();

	(void)state;
	insert_doc(db, 1, "驾驶证到期换证，C1驾驶证体检", "", "", "");
	check_highlight(db, "驾驶证", "[驾驶证]到期换证，C1[驾驶证]体检");
	check_highlight(db, "C1驾驶证", "驾驶证到期换证，[C1驾驶证]体检");
	check_highlight(db, "体检", "驾驶证到期换证，C1驾驶证[体检]");
	check_highlight(db, "到期 c1", "驾驶证[到期]换证，[C1]驾驶证体检");
	sqlite3_close(db);
}

/* ---- the seed articles ------------------------------------------------ */

struct article {
	long id;
	char *f[11]; /* the TSV fields, \n unescaped */
	int visible;
};

struct tsv {
	char **lines; /* data lines (header and comments skipped) */
	size_t n;
	char *header;
};

static void
tsv_free(struct tsv *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->lines[i]);
	free(t->lines);
	free(t->header);
	memset(t, 0, sizeof(*t));
}

/* 0 when path cannot be opened. */
static int
tsv_read(const char *path, struct tsv *t)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t got;

	memset(t, 0, sizeof(*t));
	if (fp == NULL)
		return 0;
	while ((got = getline(&line, &cap, fp)) >= 0) {
		while (got > 0 &&
		       (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (line[0] == '#' || got == 0)
			continue;
		if (t->header == NULL) {
			t->header = xstrdup(line);
			continue;
		}
		if (t->n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			t->lines = xrealloc(t->lines, alloc * sizeof(char *));
		}
		t->lines[t->n++] = xstrdup(line);
	}
	free(line);
	fclose(fp);
	return 1;
}

/* Split line in place at TABs into at most max fields; returns count. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *tab = strchr(p, '\t');

		if (n < max)
			f[n] = p;
		n++;
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

/* The literal two characters \n become a newline. */
static char *
unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

static int
valid_date(const char *s)
{
	int y, m, d;
	char tail;

	if (*s == '\0')
		return 1;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	return y >= 2000 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void
today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

enum {
	F_ID,
	F_TITLE,
	F_QUESTION,
	F_ANSWER,
	F_SMS,
	F_CATEGORY,
	F_UNIT,
	F_KEYWORDS,
	F_FROM,
	F_TO,
	F_STATUS
};

struct seed {
	struct article *a;
	size_t n;
};

static void
seed_free(struct seed *s)
{
	size_t i, k;

	for (i = 0; i < s->n; i++)
		for (k = 0; k < 11; k++)
			free(s->a[i].f[k]);
	free(s->a);
	memset(s, 0, sizeof(*s));
}

static void
seed_load(const char *path, struct seed *s)
{
	struct tsv t;
	char now[11];
	size_t i, k;

	memset(s, 0, sizeof(*s));
	today(now);
	if (!tsv_read(path, &t))
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_non_null(t.header);
	assert_string_equal(t.header, ARTICLES_HEADER);
	s->a = xcalloc(t.n ? t.n : 1, sizeof(*s->a));
	for (i = 0; i < t.n; i++) {
		struct article *a = &s->a[i];
		char *f[11], *end;
		size_t nf = split_tabs(t.lines[i], f, 11);

		if (nf != 11)
			fail_msg("%s: data line %zu has %zu fields", path,
			         i + 1, nf);
		for (k = 0; k < 11; k++)
			a->f[k] = unescape(f[k]);
		a->id = strtol(a->f[F_ID], &end, 10);
		assert_true(*a->f[F_ID] != '\0' && *end == '\0');
		a->visible =
		    strcmp(a->f[F_STATUS], "published") == 0 &&
		    strcmp(a->f[F_FROM], now) <= 0 &&
		    (a->f[F_TO][0] == '\0' || strcmp(a->f[F_TO], now) >= 0);
		s->n++;
	}
	tsv_free(&t);
}

/* Key one title or keyword of article id into kb_key. */
static void
insert_key(sqlite3 *db, sqlite3_int64 id, const char *text, size_t len)
{
	char *key = kb_query_key(text, len);
	sqlite3_stmt *st;

	if (key == NULL)
		return;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT OR IGNORE INTO kb_key(key, "
	                                    "id) VALUES (?1, ?2)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(key);
}

/* FTS table of the visible articles (rowid = article id), and kb_key:
 * the exact-match keys of their titles and keywords. */
static sqlite3 *
seed_db(const struct seed *s)
{
	sqlite3 *db = open_kb_db();
	size_t i;

	exec_sql(db, "CREATE TABLE kb_key(key TEXT NOT NULL, id INTEGER "
	             "NOT NULL, PRIMARY KEY(key, id))");
	exec_sql(db, "BEGIN");
	for (i = 0; i < s->n; i++) {
		const struct article *a = &s->a[i];
		const char *p;

		if (!a->visible)
			continue;
		insert_doc(db, a->id, a->f[F_TITLE], a->f[F_QUESTION],
		           a->f[F_ANSWER], a->f[F_KEYWORDS]);
		insert_key(db, a->id, a->f[F_TITLE], strlen(a->f[F_TITLE]));
		for (p = a->f[F_KEYWORDS];; p++) {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);

			insert_key(db, a->id, p, n);
			if (bar == NULL)
				break;
			p = bar;
		}
	}
	exec_sql(db, "COMMIT");
	return db;
}

static const struct article *
seed_find(const struct seed *s, long id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->a[i].id == id)
			return &s->a[i];
	return NULL;
}

/* Codes in column 0 of a TSV file, or 0 when the file is missing. */
static int
code_exists(const struct tsv *t, const char *code)
{
	size_t i, n = strlen(code);

	for (i = 0; i < t->n; i++)
		if (strncmp(t->lines[i], code, n) == 0 &&
		    (t->lines[i][n] == '\t' || t->lines[i][n] == '\0'))
			return 1;
	return 0;
}

/* 1 when s is valid UTF-8 (the tokenizer's strict decoder). */
static int
u8_ok(const char *s)
{
	size_t len = strlen(s), pos = 0;

	while (pos < len) {
		enum kb_char_class cls;
		uint32_t cp;
		size_t n = kb_char_next(s + pos, len - pos, &cp, &cls);

		if (n == 1 && cp == 0xFFFDu)
			return 0;
		pos += n;
	}
	return 1;
}

static size_t
count_sentences(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (strncmp(s, "。", 3) == 0 || strncmp(s, "？", 3) == 0 ||
		    strncmp(s, "！", 3) == 0)
			n++;
	return n;
}

static void
test_articles_valid(void **state)
{
	struct seed s;
	struct tsv cats, units;
	int have_cats, have_units;
	size_t i, k, published = 0, draft = 0, expired = 0, visible = 0;

	(void)state;
	seed_load(ARTICLES_TSV, &s);
	have_cats = tsv_read(CATEGORIES_TSV, &cats);
	have_units = tsv_read(UNITS_TSV, &units);
	assert_true(have_cats && have_units);
	assert_true(s.n >= 110);
	for (i = 0; i < s.n; i++) {
		const struct article *a = &s.a[i];
		const char *st = a->f[F_STATUS];

		if (a->id != 1001 + (long)i)
			fail_msg("article %zu has id %ld, want %ld", i + 1,
			         a->id, 1001 + (long)i);
		for (k = 0; k < 11; k++)
			if (!u8_ok(a->f[k]))
				fail_msg("article %ld: field %zu is not "
				         "UTF-8",
				         a->id, k);
		for (k = F_TITLE; k <= F_KEYWORDS; k++)
			if (a->f[k][0] == '\0')
				fail_msg("article %ld: empty field %zu", a->id,
				         k);
		if (!code_exists(&cats, a->f[F_CATEGORY]) ||
		    strlen(a->f[F_CATEGORY]) < 4)
			fail_msg("article %ld: unknown category %s", a->id,
			         a->f[F_CATEGORY]);
		if (!code_exists(&units, a->f[F_UNIT]))
			fail_msg("article %ld: unknown unit %s", a->id,
			         a->f[F_UNIT]);
		if (!valid_date(a->f[F_FROM]) || !valid_date(a->f[F_TO]))
			fail_msg("article %ld: bad date", a->id);
		if (count_sentences(a->f[F_ANSWER]) < 3 ||
		    count_sentences(a->f[F_ANSWER]) > 8)
			fail_msg("article %ld: answer has %zu sentences", a->id,
			         count_sentences(a->f[F_ANSWER]));
		if (strcmp(st, "published") == 0)
			published++;
		else if (strcmp(st, "draft") == 0)
			draft++;
		else if (strcmp(st, "expired") == 0)
			expired++;
		else if (strcmp(st, "review") != 0)
			fail_msg("article %ld: status %s", a->id, st);
		visible += (size_t)a->visible;
	}
	assert_true(published >= 100);
	assert_true(draft >= 1 && expired >= 1);
	assert_true(visible < s.n && visible >= 100);
	tsv_free(&cats);
	tsv_free(&units);
	seed_free(&s);
}

struct kbq {
	char *text;
	long ids[3];
	size_t nids;
};

static size_t
queries_load(struct kbq **out)
{
	struct tsv t;
	struct kbq *q;
	size_t i;

	if (!tsv_read(QUERIES_TSV, &t))
		fail_msg("cannot open %s", QUERIES_TSV);
	assert_non_null(t.header);
	assert_string_equal(t.header, "query\texpected_ids");
	q = xcalloc(t.n ? t.n : 1, sizeof(*q));
	for (i = 0; i < t.n; i++) {
		char *f[2], *p, *end, *save = NULL;
		size_t nf = split_tabs(t.lines[i], f, 2);

		if (nf != 2)
			fail_msg("%s: line %zu has %zu fields", QUERIES_TSV,
			         i + 1, nf);
		q[i].text = xstrdup(f[0]);
		for (p = strtok_r(f[1], " ,", &save); p != NULL;
		     p = strtok_r(NULL, " ,", &save)) {
			if (q[i].nids == 3)
				fail_msg("query %s: more than 3 ids", f[0]);
			q[i].ids[q[i].nids++] = strtol(p, &end, 10);
			assert_true(*end == '\0');
		}
		if (q[i].nids == 0)
			fail_msg("query %s: no expected ids", f[0]);
	}
	*out = q;
	i = t.n;
	tsv_free(&t);
	return i;
}

/*
 * The search strategy docs/kb.md recommends: KB_QUERY_ALL, articles whose
 * title or a keyword has the query's exact key first, then bm25; when
 * that returns fewer than max rows, fill up with KB_QUERY_ANY (bm25).
 * Returns the number of ids; *strict gets how many came from ALL.
 * pin = 0 leaves the exact-key rule out (for comparison).
 */
static int
search(sqlite3 *db, const char *text, sqlite3_int64 *ids, int max, int *strict,
       int pin)
{
	sqlite3_int64 more[64];
	char *m, *key;
	int n = 0, nm = 0, i, k;

	*strict = 0;
	m = build(text, strlen(text), KB_QUERY_ALL, KB_QUERY_OK);
	key = kb_query_key(text, strlen(text));
	assert_non_null(key);
	assert_int_equal(run_sql(db, pin ? PINNED_SQL : RANK_SQL, m,
	                         pin ? key : NULL, ids, max, &n),
	                 SQLITE_DONE);
	free(key);
	free(m);
	*strict = n;
	if (n >= max)
		return n;
	m = build(text, strlen(text), KB_QUERY_ANY, KB_QUERY_OK);
	assert_int_equal(run_match(db, m, more, 2 * max + n, &nm), SQLITE_DONE);
	free(m);
	for (i = 0; i < nm && n < max; i++) {
		for (k = 0; k < n && ids[k] != more[i]; k++)
			;
		if (k == n)
			ids[n++] = more[i];
	}
	return n;
}

/*
 * Recall@3 of the queries: the share of expected ids that appear in the
 * top 3.  Prints the misses when verbose.
 */
static double
recall_at_3(sqlite3 *db, const struct seed *s, const struct kbq *q, size_t nq,
            int pin, int verbose)
{
	size_t i, k, want = 0, hit = 0, hit_strict = 0, qhit = 0;

	for (i = 0; i < nq; i++) {
		sqlite3_int64 top[3];
		int n, strict, j, any = 0;

		n = search(db, q[i].text, top, 3, &strict, pin);
		for (k = 0; k < q[i].nids; k++) {
			int found = 0;

			want++;
			for (j = 0; j < n; j++)
				if (top[j] == q[i].ids[k]) {
					found = 1;
					hit_strict += j < strict;
				}
			hit += (size_t)found;
			any |= found;
			if (!found && verbose) {
				printf("miss: %s  want %ld (%s); got",
				       q[i].text, q[i].ids[k],
				       seed_find(s, q[i].ids[k])->f[F_TITLE]);
				for (j = 0; j < n; j++)
					printf(" %lld%s", (long long)top[j],
					       j < strict ? "" : "(any)");
				printf("\n");
			}
		}
		qhit += (size_t)any;
	}
	printf("recall@3 %s: %zu/%zu = %.3f (found by ALL alone: %zu); "
	       "queries with an expected id in the top 3: %zu/%zu\n",
	       pin ? "(exact key pinned, the recommended ranking)"
	           : "(bm25 only, for comparison)",
	       hit, want, (double)hit / (double)want, hit_strict, qhit, nq);
	return (double)hit / (double)want;
}

static void
test_recall_at_3(void **state)
{
	struct seed s;
	struct kbq *q = NULL;
	sqlite3 *db;
	size_t nq, i, k;

	(void)state;
	seed_load(ARTICLES_TSV, &s);
	db = seed_db(&s);
	nq = queries_load(&q);
	assert_true(nq >= 45);
	for (i = 0; i < nq; i++)
		for (k = 0; k < q[i].nids; k++) {
			const struct article *a = seed_find(&s, q[i].ids[k]);

			if (a == NULL || !a->visible)
				fail_msg("query %s: id %ld is not a visible "
				         "article",
				         q[i].text, q[i].ids[k]);
		}
	(void)recall_at_3(db, &s, q, nq, 0, 0);
	assert_true(recall_at_3(db, &s, q, nq, 1, 1) >= 0.90);
	for (i = 0; i < nq; i++)
		free(q[i].text);
	free(q);
	sqlite3_close(db);
	seed_free(&s);
}

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* p50/p95 of rounds runs of the top-10 query for text; returns matches. */
static int
time_query(sqlite3 *db, const char *label, const char *text, int rounds)
{
	double *t = xcalloc((size_t)rounds, sizeof(double));
	sqlite3_stmt *st;
	char *m = build(text, strlen(text), KB_QUERY_ALL, KB_QUERY_OK);
	int i, rows = 0, total = 0, rc;

	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT count(*) FROM kb WHERE kb "
	                                    "MATCH ?1",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	total = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	for (i = 0; i < rounds; i++) {
		sqlite3_int64 ids[10];
		double t0 = now_us();

		rc = run_match(db, m, ids, 10, &rows);
		t[i] = now_us() - t0;
		assert_int_equal(rc, SQLITE_DONE);
	}
	qsort(t, (size_t)rounds, sizeof(double), cmp_double);
	printf("latency %-10s %-16s %6d matches  p50 %8.1f us  p95 %8.1f us\n",
	       label, text, total, t[rounds / 2], t[rounds * 95 / 100]);
	free(t);
	free(m);
	return total;
}

static void
test_latency_seed(void **state)
{
	struct seed s;
	sqlite3 *db;

	(void)state;
	seed_load(ARTICLES_TSV, &s);
	db = seed_db(&s);
	assert_true(time_query(db, "2-char", "办理", 200) > 20);
	assert_true(time_query(db, "1-char", "证", 200) > 5);
	assert_true(time_query(db, "3-char", "公积金", 200) > 5);
	assert_true(time_query(db, "rare", "异地就医备案", 200) >= 1);
	sqlite3_close(db);
	seed_free(&s);
}

/* KB_BENCH_TSV=path: load a large article file and time queries. */
static void
test_latency_bench(void **state)
{
	const char *path = getenv("KB_BENCH_TSV");
	struct seed s;
	sqlite3 *db;
	double t0;

	(void)state;
	if (path == NULL || *path == '\0')
		skip();
	t0 = now_us();
	seed_load(path, &s);
	db = seed_db(&s);
	printf("bench: %zu articles loaded and indexed in %.1f s\n", s.n,
	       (now_us() - t0) / 1e6);
	time_query(db, "2-char", "办理", 50);
	time_query(db, "2-char", "社保", 50);
	time_query(db, "2-char", "噪音", 50);
	time_query(db, "1-char", "证", 50);
	time_query(db, "3-char", "公积金", 50);
	time_query(db, "3-char", "驾驶证", 50);
	time_query(db, "long", "异地就医备案", 50);
	time_query(db, "mixed", "C1驾驶证", 50);
	/* planted by tests/kb/gen_articles.py in 3, 10, 30, 100 articles */
	time_query(db, "rare", "撒散骨灰", 50);
	time_query(db, "rare", "无人机航拍备案", 50);
	time_query(db, "rare", "古树名木", 50);
	time_query(db, "rare", "渔船柴油补贴", 50);
	time_query(db, "rare+2ch", "渔船 办理", 50);
	sqlite3_close(db);
	seed_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tok_han_runs),
	    cmocka_unit_test(test_tok_latin_digits),
	    cmocka_unit_test(test_tok_mixed),
	    cmocka_unit_test(test_tok_punct_emoji),
	    cmocka_unit_test(test_tok_invalid_utf8),
	    cmocka_unit_test(test_tok_long_word),
	    cmocka_unit_test(test_tok_callback_stops),
	    cmocka_unit_test(test_tok_registered),
	    cmocka_unit_test(test_query_basic),
	    cmocka_unit_test(test_query_empty),
	    cmocka_unit_test(test_query_key),
	    cmocka_unit_test(test_query_hostile),
	    cmocka_unit_test(test_query_caps),
	    cmocka_unit_test(test_query_fuzz),
	    cmocka_unit_test(test_substring_semantics),
	    cmocka_unit_test(test_mixed_terms),
	    cmocka_unit_test(test_highlight_offsets),
	    cmocka_unit_test(test_articles_valid),
	    cmocka_unit_test(test_recall_at_3),
	    cmocka_unit_test(test_latency_seed),
	    cmocka_unit_test(test_latency_bench),
	};

	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	return cmocka_run_group_tests_name("server_kb", tests, NULL, NULL);
}
