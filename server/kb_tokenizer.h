/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb_tokenizer.h - the knowledge base's FTS5 tokenizer, "kb_bigram".
 *
 * Owns how article text and query strings become FTS5 tokens, so that a
 * Chinese query of any length finds exactly the articles containing it as
 * a substring (design and proofs in docs/kb.md):
 *
 *   - A Han run (CJK ideographs) c1 c2 ... cn becomes the overlapping
 *     bigrams c1c2, c2c3, ..., c(n-1)cn.  In a document, the run's last
 *     character cn is also emitted as a unigram, so every character of a
 *     run starts exactly one token.  In a query, the last-character unigram
 *     is emitted only when the run has one character or when another token
 *     follows it in the same query string (then the run must end there in
 *     the document too).  A one-character query therefore needs FTS5's
 *     prefix operator ("字"*), which kb_query.c adds.
 *   - A run of ASCII letters and digits (full-width Ａ-Ｚ ａ-ｚ ０-９
 *     included) is one token, lower-cased and folded to ASCII; runs longer
 *     than KB_TOKEN_MAX_WORD characters are cut to their first
 *     KB_TOKEN_MAX_WORD characters (documents and queries alike).
 *   - Everything else separates tokens: spaces, punctuation (ASCII and
 *     full-width), emoji and other symbols, other scripts, and every byte
 *     that is not part of valid UTF-8 (overlongs and surrogates included).
 *
 * Offsets passed to FTS5 are byte offsets into the original text, so
 * highlight() and snippet() mark the original characters.
 */
#ifndef HOTLINE_SERVER_KB_TOKENIZER_H
#define HOTLINE_SERVER_KB_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* Name to use in CREATE VIRTUAL TABLE ... USING fts5(..., tokenize=...). */
#define KB_TOKENIZER_NAME "kb_bigram"
/* Longest ASCII word token, in characters (= bytes after folding). */
#define KB_TOKEN_MAX_WORD 64

enum kb_char_class {
	KB_CHAR_SEP = 0, /* separator: punctuation, space, symbol, bad byte */
	KB_CHAR_HAN,     /* CJK unified/compatibility ideograph, U+3007 〇 */
	KB_CHAR_WORD,    /* ASCII or full-width letter or digit */
};

/*
 * Decode the character at s (len > 0 bytes available) and classify it.
 * Returns the bytes it spans (1..4); an invalid or truncated sequence is
 * one byte of class KB_CHAR_SEP with *cp = 0xFFFD.  For KB_CHAR_WORD, *cp
 * is the folded ASCII character ('a'-'z', '0'-'9').  cp may be NULL.
 */
size_t kb_char_next(const char *s, size_t len, uint32_t *cp,
                    enum kb_char_class *cls);

enum kb_tokenize_mode {
	KB_TOKENIZE_DOCUMENT = 0, /* also FTS5_TOKENIZE_AUX (highlight) */
	KB_TOKENIZE_QUERY,
};

/*
 * Callback for each token, in text order, with the same meaning as FTS5's
 * xToken: tok/ntok is the token (valid only during the call), start/end
 * the byte range in text.  A non-zero return stops tokenizing and is
 * returned by kb_tokenize().
 */
typedef int (*kb_token_fn)(void *ctx, int tflags, const char *tok, int ntok,
                           int start, int end);

/*
 * Tokenize text[0..len) (need not be NUL-terminated; NULL allowed when
 * len is 0).  Returns 0 (SQLITE_OK) or the callback's non-zero value.
 * Texts longer than INT_MAX bytes are tokenized up to INT_MAX.
 */
int kb_tokenize(const char *text, size_t len, enum kb_tokenize_mode mode,
                kb_token_fn emit, void *ctx);

/*
 * Register the tokenizer as KB_TOKENIZER_NAME on db.  Must be called on
 * every connection that creates, writes or queries a table using it
 * (FTS5 tokenizers are per connection).  Returns SQLITE_OK or an SQLite
 * error code (SQLITE_ERROR when FTS5 is missing).  The tokenizer takes no
 * arguments; tokenize='kb_bigram anything' fails at CREATE time.
 */
int kb_tokenizer_register(sqlite3 *db);

#endif
