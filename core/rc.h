/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rc.h - the tokenizer of the rc language (hotlinerc(5)).
 *
 * Owns only the word syntax: a line is split into words at spaces and
 * tabs; a word that starts with '#' begins a comment that runs to the end
 * of the line; "double quotes" take the escapes \" \\ and \n (any other
 * backslash stays literal); 'single quotes' are literal; outside quotes a
 * backslash makes the next character literal ("\ ", "\#", "\\").  Quoted
 * and unquoted pieces next to each other make one word (a"b c"d is one
 * word).  The commands themselves (bind, set, ...) live in keymaps/.
 *
 * No curses, no I/O: pure text in, malloc'd words out.
 */
#ifndef HOTLINE_CORE_RC_H
#define HOTLINE_CORE_RC_H

#include <stddef.h>

#include "status.h"

#define RC_MAX_WORDS 64   /* words per line */
#define RC_MAX_LINE  16384 /* bytes per line, without the newline: room for
			   * `edit content` with a 4,000-character value */

struct rc_words {
	size_t n;
	char **v; /* n words, v[n] == NULL; owned, see rc_words_free() */
};

/*
 * Split one line (no newline inside) into words.  On success *out holds
 * the words (possibly none: blank or comment line) and the caller releases
 * them with rc_words_free().  On error *out is empty (nothing to free, but
 * rc_words_free() is harmless) and, when why is not NULL, *why points to a
 * static reason in the current UI language.  Errors:
 *   ST_TOO_LONG  line longer than RC_MAX_LINE, or more than RC_MAX_WORDS
 *   ST_BAD_UTF8  the line is not valid UTF-8
 *   ST_PARSE     unterminated quote, or a backslash at the end of the line
 */
enum status rc_split(const char *line, struct rc_words *out, const char **why);
void rc_words_free(struct rc_words *w);

/* One word written so that rc_split() reads it back unchanged: as is when
 * it is plain, else in double quotes with \" \\ \n escapes.  Caller frees. */
char *rc_quote(const char *word);
/* Words joined by single spaces, each through rc_quote().  Caller frees. */
char *rc_join(char *const *words, size_t n);

#endif
