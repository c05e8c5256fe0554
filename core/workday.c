/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * workday.c - working-day calendar, office-hour arithmetic, deadlines.
 *
 * Dates are handled as day numbers (days since 1970-01-01, proleptic
 * Gregorian) of the local UTC+8 calendar; the holiday rows are kept
 * sorted by day number and found by binary search.
 */
#include "workday.h"

#include <string.h>

#include "mem.h"

#define DAY_SECS 86400L

struct workcal_row {
	long day;
	enum workcal_kind kind;
};

struct workcal {
	struct workcal_row *rows; /* sorted by day, unique */
	size_t n;
	size_t cap;
};

/* ---- civil calendar ------------------------------------------------------ */

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(long y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

static int
date_valid(int y, int m, int d)
{
	return y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= month_days(y, m);
}

/* Day number of a valid date.  Years are counted from March so that the
 * leap day is the last of the (shifted) year; 400-year cycles of 146097
 * days. */
static long
day_number(long y, int m, int d)
{
	long cyc, yoc, doy, doc;

	if (m <= 2)
		y--;
	cyc = (y >= 0 ? y : y - 399) / 400;
	yoc = y - cyc * 400;                                    /* 0..399 */
	doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	doc = yoc * 365 + yoc / 4 - yoc / 100 + doy;            /* 0..146096 */
	return cyc * 146097 + doc - 719468; /* 1970-03-01 shift */
}

/* Inverse of day_number(). */
static void
civil_of(long dn, int *y, int *m, int *d)
{
	long z = dn + 719468, cyc, doc, yoc, doy, mp, yy;

	cyc = (z >= 0 ? z : z - 146096) / 146097;
	doc = z - cyc * 146097;
	yoc = (doc - doc / 1460 + doc / 36524 - doc / 146096) / 365;
	yy = yoc + cyc * 400;
	doy = doc - (365 * yoc + yoc / 4 - yoc / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(*m <= 2 ? yy + 1 : yy);
}

/* 0 = Sunday; 1970-01-01 (day 0) was a Thursday. */
static int
weekday(long dn)
{
	long w = (dn + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int
time_ok(time_t t)
{
	return t >= WORKCAL_TIME_MIN && t <= WORKCAL_TIME_MAX;
}

/* Local day number and seconds after local midnight of a UTC instant
 * (clamped to the supported range). */
static void
local_split(time_t t, long *dn, long *secs)
{
	long long l;

	if (t < WORKCAL_TIME_MIN)
		t = WORKCAL_TIME_MIN;
	if (t > WORKCAL_TIME_MAX)
		t = WORKCAL_TIME_MAX;
	l = (long long)t + WORKCAL_UTC_OFFSET;
	long long q = l / DAY_SECS, r = l % DAY_SECS;

	if (r < 0) {
		r += DAY_SECS;
		q--;
	}
	*dn = (long)q;
	*secs = (long)r;
}

static time_t
local_join(long dn, long secs)
{
	return (time_t)((long long)dn * DAY_SECS + secs - WORKCAL_UTC_OFFSET);
}

void
workcal_split(time_t t, struct workcal_civil *out)
{
	long dn, secs;

	local_split(t, &dn, &secs);
	civil_of(dn, &out->year, &out->month, &out->day);
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->wday = weekday(dn);
}

enum status
workcal_join(int y, int m, int d, int hh, int mi, int ss, time_t *out)
{
	if (!date_valid(y, m, d) || hh < 0 || hh > 23 || mi < 0 || mi > 59 ||
	    ss < 0 || ss > 59)
		return ST_INVALID;
	*out = local_join(day_number(y, m, d), hh * 3600L + mi * 60L + ss);
	return ST_OK;
}

/* ---- the calendar -------------------------------------------------------- */

struct workcal *
workcal_new(void)
{
	return xcalloc(1, sizeof(struct workcal));
}

void
workcal_free(struct workcal *cal)
{
	if (cal == NULL)
		return;
	free(cal->rows);
	free(cal);
}

/* Index of the first row with day >= dn. */
static size_t
lower_bound(const struct workcal *cal, long dn)
{
	size_t lo = 0, hi = cal->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->rows[mid].day < dn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum status
workcal_add(struct workcal *cal, int y, int m, int d, enum workcal_kind kind)
{
	long dn;
	size_t i;

	if (cal == NULL || !date_valid(y, m, d) ||
	    (kind != WORKCAL_HOLIDAY && kind != WORKCAL_WORKDAY))
		return ST_INVALID;
	dn = day_number(y, m, d);
	i = lower_bound(cal, dn);
	if (i < cal->n && cal->rows[i].day == dn) {
		cal->rows[i].kind = kind;
		return ST_OK;
	}
	if (cal->n == cal->cap) {
		cal->cap = cal->cap ? cal->cap * 2 : 32;
		cal->rows = xrealloc(cal->rows, cal->cap * sizeof(*cal->rows));
	}
	memmove(&cal->rows[i + 1], &cal->rows[i],
	        (cal->n - i) * sizeof(*cal->rows));
	cal->rows[i].day = dn;
	cal->rows[i].kind = kind;
	cal->n++;
	return ST_OK;
}

size_t
workcal_count(const struct workcal *cal)
{
	return cal != NULL ? cal->n : 0;
}

int
workcal_kind_parse(const char *name)
{
	if (name == NULL)
		return -1;
	if (strcmp(name, "HOLIDAY") == 0)
		return WORKCAL_HOLIDAY;
	if (strcmp(name, "WORKDAY") == 0)
		return WORKCAL_WORKDAY;
	return -1;
}

const char *
workcal_kind_name(enum workcal_kind kind)
{
	switch (kind) {
	case WORKCAL_HOLIDAY:
		return "HOLIDAY";
	case WORKCAL_WORKDAY:
		return "WORKDAY";
	}
	return NULL;
}

static int
day_is_workday(const struct workcal *cal, long dn)
{
	int w;

	if (cal != NULL && cal->n > 0) {
		size_t i = lower_bound(cal, dn);

		if (i < cal->n && cal->rows[i].day == dn)
			return cal->rows[i].kind == WORKCAL_WORKDAY;
	}
	w = weekday(dn);
	return w >= 1 && w <= 5;
}

int
workcal_is_workday(const struct workcal *cal, int y, int m, int d)
{
	if (!date_valid(y, m, d))
		return 0;
	return day_is_workday(cal, day_number(y, m, d));
}

/* ---- arithmetic ---------------------------------------------------------- */

enum status
workcal_add_workdays(const struct workcal *cal, time_t start, int n,
                     time_t *out)
{
	long dn, secs;
	int left = n;

	if (n < 0 || n > WORKCAL_MAX_DAYS || !time_ok(start))
		return ST_INVALID;
	local_split(start, &dn, &secs);
	if (n == 0) {
		/* Today if still open, else the next working day. */
		if (day_is_workday(cal, dn) && secs <= WORKCAL_PM_CLOSE)
			left = 0;
		else
			left = 1;
	}
	while (left > 0) {
		dn++;
		if (day_is_workday(cal, dn))
			left--;
	}
	*out = local_join(dn, WORKCAL_PM_CLOSE);
	return ST_OK;
}

enum status
workcal_add_workmins(const struct workcal *cal, time_t start, long minutes,
                     time_t *out)
{
	static const long open[2] = {WORKCAL_AM_OPEN, WORKCAL_PM_OPEN};
	static const long close[2] = {WORKCAL_AM_CLOSE, WORKCAL_PM_CLOSE};
	long dn, secs, left;
	int i;

	if (minutes < 0 || minutes > WORKCAL_MAX_MINUTES || !time_ok(start))
		return ST_INVALID;
	left = minutes * 60;
	local_split(start, &dn, &secs);
	for (;; dn++, secs = 0) {
		if (!day_is_workday(cal, dn))
			continue;
		for (i = 0; i < 2; i++) {
			long from, avail;

			if (secs >= close[i])
				continue;
			from = secs > open[i] ? secs : open[i];
			avail = close[i] - from;
			if (left <= avail) {
				*out = local_join(dn, from + left);
				return ST_OK;
			}
			left -= avail;
			secs = close[i];
		}
	}
}

enum status
workcal_add_workhours(const struct workcal *cal, time_t start, int hours,
                      time_t *out)
{
	if (hours < 0 || (long)hours > WORKCAL_MAX_MINUTES / 60)
		return ST_INVALID;
	return workcal_add_workmins(cal, start, hours * 60L, out);
}

/* ---- ticket limits ------------------------------------------------------- */

/* Urgent feedback window and sign windows, minutes. */
#define URGENT_FEEDBACK_MINS  120
#define URGENT_SIGN_MINS      30
#define NORMAL_SIGN_WORK_MINS 120

int
tk_limit_days(enum tk_appeal appeal)
{
	switch (appeal) {
	case AP_CONSULT:
		return 2;
	case AP_HELP:
	case AP_SUGGESTION:
		return 10;
	case AP_COMPLAINT:
	case AP_REPORT:
		return 15;
	case AP_PRAISE:
		return 0;
	case AP_OTHER:
		return 10;
	case AP__COUNT:
		break;
	}
	return 0;
}

enum status
tk_deadline(const struct workcal *cal, time_t created, enum tk_appeal appeal,
            enum tk_urgency urgency, int limit_days_override,
            struct tk_limit *out)
{
	struct tk_limit r = {TK_LIMIT_NONE, 0, 0};
	enum status st;

	if ((int)appeal < 0 || appeal >= AP__COUNT || (int)urgency < 0 ||
	    urgency >= URG__COUNT || limit_days_override < 0 ||
	    limit_days_override > WORKCAL_MAX_DAYS || !time_ok(created))
		return ST_INVALID;
	if (appeal == AP_PRAISE) {
		*out = r;
		return ST_OK;
	}
	if (urgency != URG_NORMAL) {
		r.kind = TK_LIMIT_CLOCK_MINS;
		r.amount = URGENT_FEEDBACK_MINS;
		r.due = created + URGENT_FEEDBACK_MINS * 60;
		*out = r;
		return ST_OK;
	}
	r.kind = TK_LIMIT_WORKDAYS;
	r.amount = limit_days_override > 0 ? limit_days_override
	                                   : tk_limit_days(appeal);
	st = workcal_add_workdays(cal, created, r.amount, &r.due);
	if (st != ST_OK)
		return st;
	*out = r;
	return ST_OK;
}

enum status
tk_sign_deadline(const struct workcal *cal, time_t dispatched,
                 enum tk_urgency urgency, struct tk_limit *out)
{
	struct tk_limit r;
	enum status st;

	if ((int)urgency < 0 || urgency >= URG__COUNT || !time_ok(dispatched))
		return ST_INVALID;
	if (urgency != URG_NORMAL) {
		r.kind = TK_LIMIT_CLOCK_MINS;
		r.amount = URGENT_SIGN_MINS;
		r.due = dispatched + URGENT_SIGN_MINS * 60;
		*out = r;
		return ST_OK;
	}
	r.kind = TK_LIMIT_WORK_MINS;
	r.amount = NORMAL_SIGN_WORK_MINS;
	st = workcal_add_workmins(cal, dispatched, r.amount, &r.due);
	if (st != ST_OK)
		return st;
	*out = r;
	return ST_OK;
}

enum tk_light
tk_deadline_light(const struct workcal *cal, time_t now, time_t due)
{
	time_t soon;

	if (due == 0)
		return TK_LIGHT_GREEN;
	if (now > due)
		return TK_LIGHT_RED;
	if (workcal_add_workdays(cal, now, 1, &soon) == ST_OK && due <= soon)
		return TK_LIGHT_YELLOW;
	return TK_LIGHT_GREEN;
}
