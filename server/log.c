/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c - stderr log lines with a level filter.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile int slog_level_cur = SLOG_INFO;

static const char *const slog_names[] = {"error", "warn", "info", "debug"};

void
slog_set_level(enum slog_level lv)
{
	slog_level_cur = (int)lv;
}

enum slog_level
slog_get_level(void)
{
	return (enum slog_level)slog_level_cur;
}

int
slog_level_parse(const char *name, enum slog_level *out)
{
	size_t i;

	for (i = 0; i < sizeof slog_names / sizeof slog_names[0]; i++) {
		if (strcmp(name, slog_names[i]) == 0) {
			*out = (enum slog_level)i;
			return 0;
		}
	}
	return -1;
}

int
slog_enabled(enum slog_level lv)
{
	return (int)lv <= slog_level_cur;
}

void
slog(enum slog_level lv, const char *fmt, ...)
{
	char line[1024], stamp[32];
	struct timespec ts;
	struct tm tm;
	va_list ap;

	if (!slog_enabled(lv))
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s.%03ldZ %s %s\n", stamp, ts.tv_nsec / 1000000L,
		slog_names[lv], line);
}

char *
slog_clean(char *out, size_t cap, const char *s)
{
	size_t i;

	if (cap == 0)
		return out;
	for (i = 0; s && s[i] && i + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[i] = '\0';
	return out;
}
