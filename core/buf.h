/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * buf.h - bounded dynamic byte buffers.
 *
 * A buf grows on demand up to its max; an append that would pass max
 * fails with ST_TOO_LONG and leaves the buffer unchanged (never silent
 * truncation).  data is always NUL-terminated when non-NULL.  The buf
 * owns data; buf_free() releases it.  buf_steal() hands it to the caller.
 */
#ifndef HOTLINE_CORE_BUF_H
#define HOTLINE_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "status.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* max len; 0 (and anything larger) means SIZE_MAX/2 */
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b); /* len = 0, keeps memory */
enum status buf_append(struct buf *b, const void *p, size_t n);
enum status buf_puts(struct buf *b, const char *s);
enum status buf_putc(struct buf *b, char c);
enum status buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
enum status buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns data (never NULL, "" when empty) and re-initialises b. */
char *buf_steal(struct buf *b);

#endif
