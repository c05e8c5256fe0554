/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.h - hotlined's log: one line per event on stderr.
 *
 * Owns the log level and the line format "<UTC time> <level> <text>".
 * Thread-safe (one fprintf per line, stderr is locked by stdio).  Callers
 * never pass passwords, tokens or request bodies; slog_clean() makes
 * client-supplied text (URL paths) safe for a log line.
 */
#ifndef HOTLINE_SERVER_LOG_H
#define HOTLINE_SERVER_LOG_H

#include <stddef.h>

enum slog_level {
	SLOG_ERROR = 0,
	SLOG_WARN = 1,
	SLOG_INFO = 2,
	SLOG_DEBUG = 3,
};

void slog_set_level(enum slog_level lv);
enum slog_level slog_get_level(void);
/* "error" "warn" "info" "debug" -> 0 and *out; -1 when unknown. */
int slog_level_parse(const char *name, enum slog_level *out);
/* 1 when messages of this level are printed. */
int slog_enabled(enum slog_level lv);
void slog(enum slog_level lv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Copy s into out (cap bytes, NUL-terminated), bytes < 0x20 and 0x7f
 * replaced by '?', cut at cap - 1 bytes.  Returns out. */
char *slog_clean(char *out, size_t cap, const char *s);

#endif
