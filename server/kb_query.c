/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb_query.c - user text → FTS5 MATCH expression (see kb_query.h).
 */
#include "kb_query.h"

#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "server/kb_tokenizer.h"

/* Room for the longest expression the caps allow, with margin. */
#define KB_QUERY_OUT_MAX                                                       \
	(4 * KB_QUERY_MAX_INPUT +                                              \
	 (2 * KB_TOKEN_MAX_WORD + 16) * KB_QUERY_MAX_TOKENS + 64)

/* One token of an ANY query, kept to drop duplicates. */
struct kb_query_tok {
	char text[KB_TOKEN_MAX_WORD];
	size_t len;
	int prefix;
};

struct kb_query_any {
	struct kb_query_tok tok[KB_QUERY_MAX_TOKENS];
	size_t n;
	int full; /* a token was dropped for lack of room */
};

/* Append s[0..n) with every '"' doubled (the FTS5 string escape). */
static enum status
kb_query_put_escaped(struct buf *b, const char *s, size_t n)
{
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < n && st == ST_OK; i++) {
		if (s[i] == '"')
			st = buf_putc(b, '"');
		if (st == ST_OK)
			st = buf_putc(b, s[i]);
	}
	return st;
}

/* Append one FTS5 string: "s" or "s"*. */
static enum status
kb_query_put_string(struct buf *b, const char *s, size_t n, int prefix)
{
	enum status st = buf_putc(b, '"');

	if (st == ST_OK)
		st = kb_query_put_escaped(b, s, n);
	if (st == ST_OK)
		st = buf_puts(b, prefix ? "\"*" : "\"");
	return st;
}

/*
 * Copy the term starting at *pos (a non-separator) into term, folding
 * words to lower-case ASCII and keeping Han bytes.  Sets *last_han to the
 * length in characters of the term's trailing Han run.
 */
static size_t
kb_query_term(const char *text, size_t limit, size_t *pos, char *term,
              size_t *last_han)
{
	size_t tn = 0;

	*last_han = 0;
	while (*pos < limit) {
		enum kb_char_class cls;
		uint32_t cp;
		size_t n = kb_char_next(text + *pos, limit - *pos, &cp, &cls);

		if (cls == KB_CHAR_SEP)
			break;
		if (cls == KB_CHAR_WORD) {
			term[tn++] = (char)cp;
			*last_han = 0;
		} else {
			memcpy(term + tn, text + *pos, n);
			tn += n;
			(*last_han)++;
		}
		*pos += n;
	}
	return tn;
}

static void
kb_query_any_add(struct kb_query_any *any, const char *s, size_t n, int prefix)
{
	size_t i;

	if (n > KB_TOKEN_MAX_WORD)
		n = KB_TOKEN_MAX_WORD;
	for (i = 0; i < any->n; i++)
		if (any->tok[i].len == n && any->tok[i].prefix == prefix &&
		    memcmp(any->tok[i].text, s, n) == 0)
			return;
	if (any->n == KB_QUERY_MAX_TOKENS) {
		any->full = 1;
		return;
	}
	memcpy(any->tok[any->n].text, s, n);
	any->tok[any->n].len = n;
	any->tok[any->n].prefix = prefix;
	any->n++;
}

/* The tokens of one term (already folded by kb_query_term). */
static void
kb_query_any_term(struct kb_query_any *any, const char *term, size_t tn)
{
	size_t pos = 0;

	while (pos < tn) {
		enum kb_char_class cls;
		size_t n = kb_char_next(term + pos, tn - pos, NULL, &cls);
		size_t start = pos, prev = pos, count = 1;

		pos += n;
		if (cls == KB_CHAR_WORD) {
			while (pos < tn) {
				n = kb_char_next(term + pos, tn - pos, NULL,
				                 &cls);
				if (cls != KB_CHAR_WORD)
					break;
				pos += n;
			}
			kb_query_any_add(any, term + start, pos - start, 0);
			continue;
		}
		while (pos < tn) {
			n = kb_char_next(term + pos, tn - pos, NULL, &cls);
			if (cls != KB_CHAR_HAN)
				break;
			kb_query_any_add(any, term + prev, pos + n - prev, 0);
			prev = pos;
			pos += n;
			count++;
		}
		if (count == 1)
			kb_query_any_add(any, term + start, pos - start, 1);
	}
}

enum kb_query_status
kb_query_build(const char *text, size_t len, enum kb_query_mode mode,
               struct kb_query *q)
{
	/* A term is at most KB_QUERY_MAX_INPUT bytes of input, and folding
	 * never makes it longer. */
	char term[KB_QUERY_MAX_INPUT];
	struct kb_query_any any;
	size_t limit, pos = 0, nterms = 0;
	enum status st = ST_OK;
	struct buf b;

	memset(q, 0, sizeof(*q));
	memset(&any, 0, sizeof(any));
	if (text == NULL)
		len = 0;
	limit = len;
	if (limit > KB_QUERY_MAX_INPUT) {
		limit = KB_QUERY_MAX_INPUT;
		q->truncated = 1;
	}
	buf_init(&b, KB_QUERY_OUT_MAX);
	while (pos < limit && st == ST_OK) {
		enum kb_char_class cls;
		size_t n = kb_char_next(text + pos, limit - pos, NULL, &cls);
		size_t tn, last_han;

		if (cls == KB_CHAR_SEP) {
			pos += n;
			continue;
		}
		if (nterms == KB_QUERY_MAX_TERMS) {
			q->truncated = 1;
			break;
		}
		tn = kb_query_term(text, limit, &pos, term, &last_han);
		nterms++;
		if (mode == KB_QUERY_ANY) {
			kb_query_any_term(&any, term, tn);
			continue;
		}
		if (b.len > 0)
			st = buf_puts(&b, " AND ");
		if (st == ST_OK)
			st = kb_query_put_string(&b, term, tn, last_han == 1);
	}
	if (mode == KB_QUERY_ANY) {
		size_t i;

		for (i = 0; i < any.n && st == ST_OK; i++) {
			if (i > 0)
				st = buf_puts(&b, " OR ");
			if (st == ST_OK)
				st = kb_query_put_string(&b, any.tok[i].text,
				                         any.tok[i].len,
				                         any.tok[i].prefix);
		}
		if (any.full)
			q->truncated = 1;
		nterms = any.n;
	}
	if (st != ST_OK || nterms == 0) {
		/* st cannot fail within KB_QUERY_OUT_MAX; stay safe anyway */
		buf_free(&b);
		return KB_QUERY_EMPTY;
	}
	q->nterms = nterms;
	q->match = buf_steal(&b);
	return KB_QUERY_OK;
}

char *
kb_query_key(const char *text, size_t len)
{
	char term[KB_QUERY_MAX_INPUT];
	size_t limit = len < KB_QUERY_MAX_INPUT ? len : KB_QUERY_MAX_INPUT;
	size_t pos = 0;
	struct buf b;

	if (text == NULL)
		return NULL;
	buf_init(&b, KB_QUERY_MAX_INPUT);
	while (pos < limit) {
		enum kb_char_class cls;
		size_t n = kb_char_next(text + pos, limit - pos, NULL, &cls);
		size_t tn, last_han;

		if (cls == KB_CHAR_SEP) {
			pos += n;
			continue;
		}
		tn = kb_query_term(text, limit, &pos, term, &last_han);
		/* cannot fail: the key is never longer than the input */
		if (buf_append(&b, term, tn) != ST_OK)
			break;
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

void
kb_query_free(struct kb_query *q)
{
	if (q == NULL)
		return;
	FREE(q->match);
	q->nterms = 0;
	q->truncated = 0;
}
