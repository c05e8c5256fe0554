/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb_tokenizer.c - the "kb_bigram" FTS5 tokenizer (see kb_tokenizer.h and
 * docs/kb.md for the design).
 */
#include "kb_tokenizer.h"

#include <limits.h>
#include <string.h>

#include <sqlite3.h>

/* The continuation byte test: 10xxxxxx. */
static int
kb_cont(unsigned char c)
{
	return (c & 0xC0u) == 0x80u;
}

/*
 * Strict UTF-8 decoding (RFC 3629): no overlongs, no surrogates, nothing
 * above U+10FFFF.  Returns the length of a valid sequence at s, or 0.
 */
static size_t
kb_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];

	if (c < 0x80u) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2u && c <= 0xDFu) {
		if (len < 2 || !kb_cont(s[1]))
			return 0;
		*cp = ((uint32_t)(c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if (c >= 0xE0u && c <= 0xEFu) {
		unsigned char lo = 0x80u, hi = 0xBFu;

		if (c == 0xE0u)
			lo = 0xA0u; /* overlong */
		else if (c == 0xEDu)
			hi = 0x9Fu; /* U+D800..U+DFFF surrogates */
		if (len < 3 || s[1] < lo || s[1] > hi || !kb_cont(s[2]))
			return 0;
		*cp = ((uint32_t)(c & 0x0Fu) << 12) |
		      ((uint32_t)(s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		return 3;
	}
	if (c >= 0xF0u && c <= 0xF4u) {
		unsigned char lo = 0x80u, hi = 0xBFu;

		if (c == 0xF0u)
			lo = 0x90u; /* overlong */
		else if (c == 0xF4u)
			hi = 0x8Fu; /* above U+10FFFF */
		if (len < 4 || s[1] < lo || s[1] > hi || !kb_cont(s[2]) ||
		    !kb_cont(s[3]))
			return 0;
		*cp = ((uint32_t)(c & 0x07u) << 18) |
		      ((uint32_t)(s[1] & 0x3Fu) << 12) |
		      ((uint32_t)(s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
		return 4;
	}
	return 0;
}

/* CJK ideographs: the unified blocks A..H, compatibility blocks, 〇. */
static int
kb_is_han(uint32_t cp)
{
	if (cp < 0x3007u)
		return 0;
	return cp == 0x3007u || (cp >= 0x3400u && cp <= 0x4DBFu) ||
	       (cp >= 0x4E00u && cp <= 0x9FFFu) ||
	       (cp >= 0xF900u && cp <= 0xFAFFu) ||
	       (cp >= 0x20000u && cp <= 0x2A6DFu) ||
	       (cp >= 0x2A700u && cp <= 0x2EBEFu) ||
	       (cp >= 0x2F800u && cp <= 0x2FA1Fu) ||
	       (cp >= 0x30000u && cp <= 0x323AFu);
}

/* ASCII (or full-width) letter/digit folded to lower-case ASCII, or 0. */
static uint32_t
kb_fold_word(uint32_t cp)
{
	if (cp >= 0xFF10u && cp <= 0xFF5Au)
		cp -= 0xFEE0u; /* full-width forms → ASCII */
	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z'))
		return cp;
	if (cp >= 'A' && cp <= 'Z')
		return cp + ('a' - 'A');
	return 0;
}

size_t
kb_char_next(const char *s, size_t len, uint32_t *cp, enum kb_char_class *cls)
{
	uint32_t c = 0, w;
	size_t n = kb_utf8_decode((const unsigned char *)s, len, &c);

	if (n == 0) {
		if (cp)
			*cp = 0xFFFDu;
		*cls = KB_CHAR_SEP;
		return 1;
	}
	if ((w = kb_fold_word(c)) != 0) {
		*cls = KB_CHAR_WORD;
		c = w;
	} else if (kb_is_han(c)) {
		*cls = KB_CHAR_HAN;
	} else {
		*cls = KB_CHAR_SEP;
	}
	if (cp)
		*cp = c;
	return n;
}

/* 1 when a word or Han character follows pos (after separators). */
static int
kb_more_tokens(const char *text, size_t len, size_t pos)
{
	enum kb_char_class cls;

	while (pos < len) {
		pos += kb_char_next(text + pos, len - pos, NULL, &cls);
		if (cls != KB_CHAR_SEP)
			return 1;
	}
	return 0;
}

/* An ASCII word starting at *pos: one folded token. */
static int
kb_emit_word(const char *text, size_t len, size_t *pos, kb_token_fn emit,
             void *ctx)
{
	char word[KB_TOKEN_MAX_WORD];
	size_t nw = 0, start = *pos;
	enum kb_char_class cls;
	uint32_t cp;

	while (*pos < len) {
		size_t n = kb_char_next(text + *pos, len - *pos, &cp, &cls);

		if (cls != KB_CHAR_WORD)
			break;
		if (nw < sizeof(word))
			word[nw++] = (char)cp;
		*pos += n;
	}
	return emit(ctx, 0, word, (int)nw, (int)start, (int)*pos);
}

/* A Han run starting at *pos: bigrams, then perhaps the last unigram. */
static int
kb_emit_han(const char *text, size_t len, size_t *pos,
            enum kb_tokenize_mode mode, kb_token_fn emit, void *ctx)
{
	enum kb_char_class cls;
	size_t prev = *pos, count = 1;
	int rc;

	*pos += kb_char_next(text + *pos, len - *pos, NULL, &cls);
	while (*pos < len) {
		size_t n = kb_char_next(text + *pos, len - *pos, NULL, &cls);

		if (cls != KB_CHAR_HAN)
			break;
		rc = emit(ctx, 0, text + prev, (int)(*pos + n - prev),
		          (int)prev, (int)(*pos + n));
		if (rc != 0)
			return rc;
		prev = *pos;
		*pos += n;
		count++;
	}
	if (mode == KB_TOKENIZE_DOCUMENT || count == 1 ||
	    kb_more_tokens(text, len, *pos))
		return emit(ctx, 0, text + prev, (int)(*pos - prev), (int)prev,
		            (int)*pos);
	return 0;
}

int
kb_tokenize(const char *text, size_t len, enum kb_tokenize_mode mode,
            kb_token_fn emit, void *ctx)
{
	size_t pos = 0;

	if (text == NULL)
		return 0;
	if (len > (size_t)INT_MAX)
		len = (size_t)INT_MAX;
	while (pos < len) {
		enum kb_char_class cls;
		size_t n = kb_char_next(text + pos, len - pos, NULL, &cls);
		int rc;

		if (cls == KB_CHAR_SEP) {
			pos += n;
			continue;
		}
		if (cls == KB_CHAR_WORD)
			rc = kb_emit_word(text, len, &pos, emit, ctx);
		else
			rc = kb_emit_han(text, len, &pos, mode, emit, ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- FTS5 glue ------------------------------------------------------- */

/* The tokenizer is stateless: every instance is this one object. */
static int kb_fts5_instance;

static int
kb_fts5_create(void *udata, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)udata;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&kb_fts5_instance;
	return SQLITE_OK;
}

static void
kb_fts5_delete(Fts5Tokenizer *tok)
{
	(void)tok;
}

static int
kb_fts5_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
                 int ntext,
                 int (*xtoken)(void *, int, const char *, int, int, int))
{
	enum kb_tokenize_mode mode = (flags & FTS5_TOKENIZE_QUERY)
	                                 ? KB_TOKENIZE_QUERY
	                                 : KB_TOKENIZE_DOCUMENT;

	(void)tok;
	if (text == NULL || ntext <= 0)
		return SQLITE_OK;
	return kb_tokenize(text, (size_t)ntext, mode, xtoken, ctx);
}

/* The connection's fts5_api, or NULL when FTS5 is not available. */
static fts5_api *
kb_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	(void)sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int
kb_tokenizer_register(sqlite3 *db)
{
	fts5_tokenizer tk;
	fts5_api *api;

	if (db == NULL)
		return SQLITE_MISUSE;
	api = kb_fts5_api(db);
	if (api == NULL || api->iVersion < 2)
		return SQLITE_ERROR;
	memset(&tk, 0, sizeof(tk));
	tk.xCreate = kb_fts5_create;
	tk.xDelete = kb_fts5_delete;
	tk.xTokenize = kb_fts5_tokenize;
	return api->xCreateTokenizer(api, KB_TOKENIZER_NAME, NULL, &tk, NULL);
}
