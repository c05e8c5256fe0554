/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rc.c - the tokenizer of the rc language; see rc.h for the syntax.
 */
#include "rc.h"

#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "mem.h"
#include "utf8.h"

enum rc_reason {
	RR_TOO_LONG,
	RR_TOO_MANY,
	RR_BAD_UTF8,
	RR_DQUOTE,
	RR_SQUOTE,
	RR_BACKSLASH,
};

/* Reasons in both UI languages; rc_split() hands out the current one. */
static const char *const rc_reasons[][2] = {
    [RR_TOO_LONG] = {"行超过 16384 字节", "line longer than 16384 bytes"},
    [RR_TOO_MANY] = {"一行超过 64 个词", "more than 64 words on a line"},
    [RR_BAD_UTF8] = {"不是有效的 UTF-8", "not valid UTF-8"},
    [RR_DQUOTE] = {"双引号未闭合", "unterminated double quote"},
    [RR_SQUOTE] = {"单引号未闭合", "unterminated single quote"},
    [RR_BACKSLASH] = {"行尾有多余的反斜杠", "backslash at the end of the line"},
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static enum status
fail(enum status st, enum rc_reason r, const char **why)
{
	if (why)
		*why = rc_reasons[r][i18n_get() == LANG_EN ? 1 : 0];
	return st;
}

/* Reads one word starting at *pp into tmp (room for the rest of the
 * line); advances *pp.  Returns ST_OK or a parse error. */
static enum status
read_word(const char **pp, char *tmp, size_t *wlen, const char **why)
{
	const char *p = *pp;
	size_t wl = 0;

	while (*p && !is_blank(*p)) {
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					return fail(ST_PARSE, RR_DQUOTE, why);
				if (*p == '"') {
					p++;
					break;
				}
				if (p[0] == '\\' &&
				    (p[1] == '"' || p[1] == '\\')) {
					tmp[wl++] = p[1];
					p += 2;
				} else if (p[0] == '\\' && p[1] == 'n') {
					tmp[wl++] = '\n';
					p += 2;
				} else {
					tmp[wl++] = *p++;
				}
			}
		} else if (*p == '\'') {
			p++;
			while (*p != '\'') {
				if (*p == '\0')
					return fail(ST_PARSE, RR_SQUOTE, why);
				tmp[wl++] = *p++;
			}
			p++;
		} else if (*p == '\\') {
			if (p[1] == '\0')
				return fail(ST_PARSE, RR_BACKSLASH, why);
			tmp[wl++] = p[1];
			p += 2;
		} else {
			tmp[wl++] = *p++;
		}
	}
	*pp = p;
	*wlen = wl;
	return ST_OK;
}

enum status
rc_split(const char *line, struct rc_words *out, const char **why)
{
	const char *p = line ? line : "";
	size_t len = strlen(p), n = 0, wl;
	char **v, *tmp;
	enum status st = ST_OK;

	out->n = 0;
	out->v = NULL;
	if (len > RC_MAX_LINE)
		return fail(ST_TOO_LONG, RR_TOO_LONG, why);
	if (!u8_valid(p, len))
		return fail(ST_BAD_UTF8, RR_BAD_UTF8, why);

	v = xcalloc(RC_MAX_WORDS + 1, sizeof *v);
	tmp = xmalloc(len + 1);
	for (;;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (n == RC_MAX_WORDS) {
			st = fail(ST_TOO_LONG, RR_TOO_MANY, why);
			break;
		}
		st = read_word(&p, tmp, &wl, why);
		if (st != ST_OK)
			break;
		v[n++] = xstrndup(tmp, wl);
	}
	free(tmp);
	if (st != ST_OK) {
		while (n > 0)
			free(v[--n]);
		free(v);
		return st;
	}
	out->n = n;
	out->v = v;
	return ST_OK;
}

void
rc_words_free(struct rc_words *w)
{
	size_t i;

	if (!w || !w->v)
		return;
	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	FREE(w->v);
	w->n = 0;
}

static int
is_plain(const char *w)
{
	if (*w == '\0')
		return 0;
	return strpbrk(w, " \t\r\n\"'\\#") == NULL;
}

static void
quote_into(struct buf *b, const char *word)
{
	const char *p;
	enum status st = ST_OK;

	if (is_plain(word)) {
		st = buf_puts(b, word);
	} else {
		st = buf_putc(b, '"');
		for (p = word; *p && st == ST_OK; p++) {
			if (*p == '"' || *p == '\\') {
				st = buf_putc(b, '\\');
				if (st == ST_OK)
					st = buf_putc(b, *p);
			} else if (*p == '\n') {
				st = buf_puts(b, "\\n");
			} else {
				st = buf_putc(b, *p);
			}
		}
		if (st == ST_OK)
			st = buf_putc(b, '"');
	}
	/* buf max is unbounded here: only ST_NOMEM could fail, and the
	 * allocator aborts first. */
	(void)st;
}

char *
rc_quote(const char *word)
{
	struct buf b;

	buf_init(&b, 0);
	quote_into(&b, word ? word : "");
	return buf_steal(&b);
}

char *
rc_join(char *const *words, size_t n)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			(void)buf_putc(&b, ' ');
		quote_into(&b, words[i]);
	}
	return buf_steal(&b);
}
