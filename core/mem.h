/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mem.h - the memory policy, once.
 *
 * Allocation wrappers abort the process with a message on out-of-memory,
 * so callers never check for NULL.  FREE() frees and NULLs its argument.
 * Every returned pointer is owned by the caller and released with free().
 */
#ifndef HOTLINE_CORE_MEM_H
#define HOTLINE_CORE_MEM_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* asprintf that aborts on OOM. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define FREE(p)                                                               \
	do {                                                                  \
		free(p);                                                      \
		(p) = NULL;                                                   \
	} while (0)

#endif
