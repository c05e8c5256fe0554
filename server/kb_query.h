/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb_query.h - turn what an agent types into a safe FTS5 MATCH expression
 * for a table that uses the kb_bigram tokenizer (kb_tokenizer.h).
 *
 * Owns query semantics (docs/kb.md "Query semantics"):
 *   - The text is split into terms at every separator (space, punctuation,
 *     emoji, invalid UTF-8 ...); a term is a maximal run of Han characters
 *     and ASCII/full-width letters and digits, e.g. "C1驾驶证".
 *   - KB_QUERY_ALL (the normal search): every term must occur.  A term is
 *     one FTS5 string, so it matches as a substring of the article text
 *     (Han) or as whole words (Latin/digits).  A term ending in a
 *     one-character Han run gets the prefix operator: "c1驾"*, "证"*.
 *   - KB_QUERY_ANY (the fallback when ALL finds too little): every token
 *     of every term (Han bigrams, one-character Han runs as prefixes,
 *     words), deduplicated and ORed; bm25 ranks articles with more and
 *     rarer tokens first.
 *   - Latin letters are lower-cased (full-width folded to ASCII).  Every
 *     term is written as an FTS5 string in double quotes with inner quotes
 *     doubled, so no input (quotes, -, OR, NEAR(, *, ^, parentheses,
 *     invalid UTF-8, NUL bytes) can produce an FTS5 syntax error.
 *   - Only the first KB_QUERY_MAX_INPUT bytes and KB_QUERY_MAX_TERMS terms
 *     (KB_QUERY_MAX_TOKENS tokens for ANY) are used; the result says so.
 */
#ifndef HOTLINE_SERVER_KB_QUERY_H
#define HOTLINE_SERVER_KB_QUERY_H

#include <stddef.h>

#define KB_QUERY_MAX_INPUT  256 /* bytes of the user's text considered */
#define KB_QUERY_MAX_TERMS  12
#define KB_QUERY_MAX_TOKENS 32

/*
 * bm25() weights for the recommended FTS5 table, whose columns are, in
 * this order: title, question, answer, keywords.  Use as
 *   "ORDER BY bm25(kb_fts, " KB_QUERY_BM25_WEIGHTS ")"
 * and create the table with
 *   "CREATE VIRTUAL TABLE kb_fts USING fts5(" KB_QUERY_FTS_COLUMNS ")".
 */
#define KB_QUERY_BM25_WEIGHTS "10.0, 5.0, 1.0, 5.0"
#define KB_QUERY_FTS_COLUMNS                                                   \
	"title, question, answer, keywords, tokenize='kb_bigram', prefix='1'"

enum kb_query_mode {
	KB_QUERY_ALL = 0, /* every term must match (phrase per term) */
	KB_QUERY_ANY,     /* any token may match (relaxed fallback) */
};

enum kb_query_status {
	KB_QUERY_OK = 0,
	KB_QUERY_EMPTY, /* nothing searchable: empty, spaces, punctuation */
};

struct kb_query {
	char *match;   /* NUL-terminated MATCH expression, malloc'd by
	                * kb_query_build(), freed by kb_query_free();
	                * NULL when the status is KB_QUERY_EMPTY */
	size_t nterms; /* terms (ALL) or tokens (ANY) in match */
	int truncated; /* 1 when a cap was hit and the rest was ignored */
};

/*
 * Build the MATCH expression for text[0..len) (NUL bytes allowed; text may
 * be NULL when len is 0).  Always fills *q (q->match is NULL on
 * KB_QUERY_EMPTY).  The caller owns q->match; call kb_query_free().
 */
enum kb_query_status kb_query_build(const char *text, size_t len,
                                    enum kb_query_mode mode,
                                    struct kb_query *q);
void kb_query_free(struct kb_query *q);

/*
 * The exact-match key of text: the characters of its terms concatenated,
 * letters and digits folded to lower-case ASCII, separators dropped
 * ("公积金，提取" → "公积金提取", "Ｃ1 驾照" → "c1驾照").  Key a query
 * and each '|'-separated keyword (and the title) of an article the same
 * way; equal keys pin the article above the bm25 order (docs/kb.md
 * "Ranking").  Only the first KB_QUERY_MAX_INPUT bytes of text count.
 * Returns a malloc'd string the caller frees, or NULL when text has no
 * term.
 */
char *kb_query_key(const char *text, size_t len);

#endif
