/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * buf.c - bounded dynamic byte buffers.
 *
 * max is the largest len (content bytes, NUL not counted).  Growth doubles
 * the capacity (never past max + 1).  Every failing call leaves data, len
 * and cap exactly as they were.  A zeroed struct buf is a valid empty
 * buffer with the default limit.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define BUF_MIN_CAP 64

static size_t
buf_limit(const struct buf *b)
{
	/* Larger limits would let len + n + 1 overflow. */
	return b->max && b->max < SIZE_MAX / 2 ? b->max : SIZE_MAX / 2;
}

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_free(struct buf *b)
{
	FREE(b->data);
	b->len = 0;
	b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the NUL.  ST_TOO_LONG past max,
 * ST_NOMEM when realloc fails; b is unchanged on failure. */
static enum status
buf_reserve(struct buf *b, size_t n)
{
	size_t limit = buf_limit(b), need, cap;
	char *p;

	if (n > limit || b->len > limit - n)
		return ST_TOO_LONG;
	need = b->len + n + 1;
	if (need <= b->cap)
		return ST_OK;
	cap = b->cap ? b->cap : BUF_MIN_CAP;
	while (cap < need)
		cap *= 2; /* need <= SIZE_MAX / 2 + 1: cannot overflow */
	if (cap > limit + 1)
		cap = limit + 1;
	p = realloc(b->data, cap);
	if (!p)
		return ST_NOMEM;
	if (!b->data)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return ST_OK;
}

enum status
buf_append(struct buf *b, const void *p, size_t n)
{
	const char *src = p;
	size_t off = 0;
	int inside = 0;
	enum status st;

	if (n == 0)
		return ST_OK;
	/* p may point into our own data, which realloc may move. */
	if (b->data && src >= b->data && src < b->data + b->cap) {
		inside = 1;
		off = (size_t)(src - b->data);
	}
	st = buf_reserve(b, n);
	if (st != ST_OK)
		return st;
	if (inside)
		src = b->data + off;
	memmove(b->data + b->len, src, n);
	b->len += n;
	b->data[b->len] = '\0';
	return ST_OK;
}

enum status
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum status
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

enum status
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	enum status st;

	va_start(ap, fmt);
	st = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

enum status
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	enum status st;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return ST_INVALID;
	if (n == 0)
		return ST_OK;
	st = buf_reserve(b, (size_t)n);
	if (st != ST_OK)
		return st;
	va_copy(ap2, ap);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
	return ST_OK;
}

char *
buf_steal(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");

	buf_init(b, b->max);
	return p;
}
