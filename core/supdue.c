/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * supdue.c - parsing and formatting the due time of a 督办 (supdue.h).
 */
#include "supdue.h"

#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long
supdue_days(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
supdue_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n ASCII digits at s into *v; -1 if any is not a digit. */
static int
supdue_digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

time_t
supdue_default(time_t now)
{
	struct tm tm;

	if (!localtime_r(&now, &tm))
		return now + 86400;
	tm.tm_mday += 1;
	tm.tm_hour = 17;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int
supdue_civil(const char *s, size_t n, long long *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, dim;
	struct tm tm;
	time_t t;

	if (n != 16 || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
	    s[13] != ':')
		return -1;
	if (supdue_digits(s, 4, &y) || supdue_digits(s + 5, 2, &mo) ||
	    supdue_digits(s + 8, 2, &d) || supdue_digits(s + 11, 2, &h) ||
	    supdue_digits(s + 14, 2, &mi))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || h > 23 || mi > 59)
		return -1;
	dim = mdays[mo - 1] + (mo == 2 && supdue_leap(y));
	if (d < 1 || d > dim)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = (long long)t;
	return 0;
}

static int
supdue_relative(const char *s, size_t n, long long now, long long *out)
{
	long long v = 0, unit;
	size_t i;

	if (n < 3 || n > 6 || s[0] != '+')
		return -1;
	for (i = 1; i + 1 < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	switch (s[n - 1]) {
	case 'd':
		unit = 86400;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'm':
		unit = 60;
		break;
	default:
		return -1;
	}
	if (v < 1)
		return -1;
	*out = now + v * unit;
	return 0;
}

enum status
supdue_parse(const char *s, time_t now, time_t *out)
{
	long long t;
	size_t n;

	if (!s)
		return ST_INVALID;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		t = (long long)supdue_default(now);
	else if (s[0] == '+') {
		if (supdue_relative(s, n, (long long)now, &t) != 0)
			return ST_INVALID;
	} else if (supdue_civil(s, n, &t) != 0) {
		return ST_INVALID;
	}
	if (t <= (long long)now)
		return ST_INVALID;
	*out = (time_t)t;
	return ST_OK;
}

void
supdue_format_civil(time_t t, char out[20])
{
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    strftime(out, 20, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, 20, "-");
}

void
supdue_format_iso(time_t t, char out[32])
{
	struct tm tm;
	long long off;
	unsigned oh, om;
	char sign = '+';

	if (!localtime_r(&t, &tm)) {
		snprintf(out, 32, "1970-01-01T00:00:00Z");
		return;
	}
	/* the zone's offset: the local fields read as UTC, minus t */
	off = supdue_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) *
		      86400 +
	      tm.tm_hour * 3600LL + tm.tm_min * 60LL + tm.tm_sec -
	      (long long)t;
	if (off < 0) {
		sign = '-';
		off = -off;
	}
	oh = (unsigned)(off / 3600) % 100u;
	om = (unsigned)(off % 3600 / 60) % 100u;
	/* the fields are bounded so the format provably fits */
	snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u",
		 (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
		 (unsigned)tm.tm_sec % 100u, sign, oh, om);
}
