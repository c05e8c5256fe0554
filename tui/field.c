/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "field.h"

#include <string.h>

#include "../core/mem.h"
#include "../core/utf8.h"

void
field_init(struct field *f, size_t max_bytes, int secret)
{
	memset(f, 0, sizeof *f);
	f->max = max_bytes;
	f->buf = xcalloc(max_bytes + 1, 1);
	f->secret = secret;
}

void
field_clear(struct field *f)
{
	if (f->buf)
		explicit_bzero(f->buf, f->max + 1);
	f->len = f->cur = f->scroll = 0;
}

void
field_free(struct field *f)
{
	field_clear(f);
	FREE(f->buf);
}

const char *
field_text(const struct field *f)
{
	return f->buf ? f->buf : "";
}

static uint32_t
cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	uint32_t cp;

	*n = u8_decode(s + i, len - i, &cp);
	return cp;
}

/* Offset after the character (with its combining marks) at i. */
static size_t
next_char(const char *s, size_t len, size_t i)
{
	size_t n;

	if (i >= len)
		return len;
	cp_at(s, len, i, &n);
	i += n;
	while (i < len) {
		uint32_t cp = cp_at(s, len, i, &n);

		if (u8_cpwidth(cp) != 0)
			break;
		i += n;
	}
	return i;
}

/* Offset of the character (base of its combining marks) before i. */
static size_t
prev_char(const char *s, size_t len, size_t i)
{
	size_t j = 0, last = 0;

	/* Walk forward: robust for invalid bytes, fields are short. */
	while (j < i && j < len) {
		last = j;
		j = next_char(s, len, j);
	}
	return last;
}

void
field_set(struct field *f, const char *s)
{
	size_t n = 0, slen = strlen(s);

	field_clear(f);
	while (n < slen) {
		size_t k = next_char(s, slen, n);

		if (k > f->max)
			break;
		n = k;
	}
	memcpy(f->buf, s, n);
	f->buf[n] = '\0';
	f->len = f->cur = n;
}

enum status
field_insert(struct field *f, uint32_t cp)
{
	char enc[4];
	size_t n;

	if (u8_cpwidth(cp) < 0 || cp == 0)
		return ST_INVALID;
	n = u8_encode(cp, enc);
	if (n == 0)
		return ST_INVALID;
	if (f->len + n > f->max)
		return ST_TOO_LONG;
	memmove(f->buf + f->cur + n, f->buf + f->cur, f->len - f->cur + 1);
	memcpy(f->buf + f->cur, enc, n);
	f->len += n;
	f->cur += n;
	return ST_OK;
}

void
field_left(struct field *f)
{
	f->cur = prev_char(f->buf, f->len, f->cur);
}

void
field_right(struct field *f)
{
	f->cur = next_char(f->buf, f->len, f->cur);
}

void
field_home(struct field *f)
{
	f->cur = 0;
}

void
field_end(struct field *f)
{
	f->cur = f->len;
}

/* Remove bytes [a, b). */
static void
cut(struct field *f, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(f->buf + a, f->buf + b, f->len - b + 1);
	f->len -= b - a;
	/* wipe the stale tail (secrets must not linger) */
	explicit_bzero(f->buf + f->len, b - a + 1);
	if (f->cur > b)
		f->cur -= b - a;
	else if (f->cur > a)
		f->cur = a;
}

void
field_backspace(struct field *f)
{
	if (f->cur > 0)
		cut(f, prev_char(f->buf, f->len, f->cur), f->cur);
}

void
field_delete(struct field *f)
{
	if (f->cur < f->len)
		cut(f, f->cur, next_char(f->buf, f->len, f->cur));
}

void
field_kill_before(struct field *f)
{
	cut(f, 0, f->cur);
}

void
field_kill_after(struct field *f)
{
	cut(f, f->cur, f->len);
}

void
field_kill_word(struct field *f)
{
	size_t a = f->cur;

	while (a > 0 && f->buf[a - 1] == ' ')
		a--;
	while (a > 0 && f->buf[a - 1] != ' ')
		a = prev_char(f->buf, f->len, a);
	cut(f, a, f->cur);
}

int
field_key(struct field *f, struct kkey k)
{
	if (k.mods & KM_META)
		return 0;
	switch (k.code) {
	case KK_LEFT: field_left(f); return 1;
	case KK_RIGHT: field_right(f); return 1;
	case KK_HOME: case 0x01: field_home(f); return 1;
	case KK_END: case 0x05: field_end(f); return 1;
	case KK_BACKSPACE: case 0x08: field_backspace(f); return 1;
	case KK_DELETE: case 0x04: field_delete(f); return 1;
	case 0x02: field_left(f); return 1;  /* C-b */
	case 0x06: field_right(f); return 1; /* C-f */
	case 0x0b: field_kill_after(f); return 1;
	case 0x15: field_kill_before(f); return 1;
	case 0x17: field_kill_word(f); return 1;
	case KK_SPACE: field_insert(f, ' '); return 1;
	default:
		break;
	}
	if (k.code >= 0x20 && k.code < KK_BASE && k.code != 0x7f) {
		field_insert(f, k.code);
		return 1;
	}
	return 0;
}

/* Width of one character cluster [i, j) as displayed. */
static size_t
cluster_width(const char *s, size_t i, size_t j, int secret)
{
	size_t w;

	if (secret)
		return 1;
	w = u8_nwidth(s + i, j - i);
	return w;
}

static size_t
put_bytes(char *out, size_t cap, size_t o, const char *p, size_t n)
{
	if (o + n + 1 > cap)
		return o;
	memcpy(out + o, p, n);
	return o + n;
}

size_t
field_layout(const char *text, size_t cursor, int secret, size_t *scroll,
	     size_t cols, char *out, size_t cap)
{
	size_t len = strlen(text), i, cc = 0, total = 0, cw = 1, o = 0, col;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (cols == 0)
		return 0;
	if (cursor > len)
		cursor = len;
	/* Cursor column, width under the cursor, total width. */
	for (i = 0; i < len;) {
		size_t j = next_char(text, len, i);
		size_t w = cluster_width(text, i, j, secret);

		if (i < cursor)
			cc += w;
		else if (i == cursor)
			cw = w ? w : 1;
		total += w;
		i = j;
	}
	if (cc < *scroll)
		*scroll = cc;
	if (cc + cw > *scroll + cols)
		*scroll = cc + cw - cols;
	/* Do not leave empty room on the right while text is hidden left. */
	if (*scroll > 0 && total + 1 < *scroll + cols)
		*scroll = total + 1 > cols ? total + 1 - cols : 0;
	if (*scroll > cc)
		*scroll = cc;

	col = 0;
	for (i = 0; i < len;) {
		size_t j = next_char(text, len, i);
		size_t w = cluster_width(text, i, j, secret);
		size_t k;

		if (col + w <= *scroll) {
			/* left of the window */
		} else if (col < *scroll) {
			for (k = *scroll; k < col + w; k++)
				o = put_bytes(out, cap, o, "<", 1);
		} else if (col + w <= *scroll + cols) {
			if (secret)
				o = put_bytes(out, cap, o, "*", 1);
			else
				o = put_bytes(out, cap, o, text + i, j - i);
		} else {
			for (k = col; k < *scroll + cols; k++)
				o = put_bytes(out, cap, o, ">", 1);
			break;
		}
		col += w;
		i = j;
	}
	out[o] = '\0';
	return cc - *scroll;
}

size_t
field_render(struct field *f, size_t cols, char *out, size_t cap)
{
	return field_layout(field_text(f), f->cur, f->secret, &f->scroll, cols,
			    out, cap);
}
