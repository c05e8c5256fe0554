/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * field.h - a one-line UTF-8 text field without curses (login form).
 *
 * The field owns a fixed buffer allocated once (so a secret is never
 * copied by realloc) and wipes it with explicit_bzero on clear and free.
 * The cursor is a byte offset that always sits on a character boundary;
 * combining marks move and delete with their base character.  Display
 * maths uses core/utf8.h widths; a secret field shows one '*' per
 * character.
 */
#ifndef HOTLINE_TUI_FIELD_H
#define HOTLINE_TUI_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "../core/status.h"
#include "../keymaps/keymap.h"

struct field {
	char *buf;     /* NUL-terminated, owned */
	size_t len;    /* bytes used */
	size_t max;    /* bytes allowed (buffer is max + 1) */
	size_t cur;    /* cursor, byte offset */
	size_t scroll; /* first display column shown */
	int secret;
};

void field_init(struct field *f, size_t max_bytes, int secret);
void field_free(struct field *f); /* wipes */
void field_clear(struct field *f); /* wipes, keeps the buffer */
/* Replace the text (cut at max on a character boundary); cursor at end. */
void field_set(struct field *f, const char *s);
const char *field_text(const struct field *f);

/* Insert one code point at the cursor: ST_OK, ST_TOO_LONG when full,
 * ST_INVALID for controls. */
enum status field_insert(struct field *f, uint32_t cp);
void field_left(struct field *f);
void field_right(struct field *f);
void field_home(struct field *f);
void field_end(struct field *f);
void field_backspace(struct field *f);
void field_delete(struct field *f);
void field_kill_before(struct field *f); /* C-u */
void field_kill_after(struct field *f);  /* C-k */
void field_kill_word(struct field *f);   /* C-w */

/* Editing keys: returns 1 when the key was used, 0 otherwise (Enter, Tab,
 * Esc, arrows up/down and Meta keys are never used). */
int field_key(struct field *f, struct kkey k);

/*
 * Lay the field out in cols columns: updates scroll so the character under
 * the cursor fits, writes the visible text into out (cap bytes; stars for
 * a secret field; a wide character cut by either edge becomes '<' / '>')
 * and returns the cursor column within the field.
 */
size_t field_render(struct field *f, size_t cols, char *out, size_t cap);
/* The same for any text: cursor is a byte offset into text, *scroll is
 * kept by the caller between calls (the ':' line uses this). */
size_t field_layout(const char *text, size_t cursor, int secret,
		    size_t *scroll, size_t cols, char *out, size_t cap);

#endif
