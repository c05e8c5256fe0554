/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_workday.c - working-day calendar, office hours, ticket deadlines.
 *
 * The calendar rows are the test's own (the 2026 holiday arrangement of
 * the State Council notice: 元旦, 春节 with make-up Saturdays 2-14 and
 * 2-28, 清明, 劳动节, 端午, 中秋, 国庆 with make-up 9-20 and 10-10); no data
 * file is read.  Expected deadlines were counted by hand on a calendar.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "core/workday.h"

struct row {
	int y, m, d;
	enum workcal_kind kind;
};

#define H WORKCAL_HOLIDAY
#define W WORKCAL_WORKDAY

/* clang-format off */
static const struct row rows_2026[] = {
	/* 元旦 1-1..1-3, work Sun 1-4 */
	{ 2026, 1, 1, H }, { 2026, 1, 2, H }, { 2026, 1, 3, H },
	{ 2026, 1, 4, W },
	/* 春节 2-15..2-23, work Sat 2-14 and Sat 2-28 */
	{ 2026, 2, 14, W }, { 2026, 2, 15, H }, { 2026, 2, 16, H },
	{ 2026, 2, 17, H }, { 2026, 2, 18, H }, { 2026, 2, 19, H },
	{ 2026, 2, 20, H }, { 2026, 2, 21, H }, { 2026, 2, 22, H },
	{ 2026, 2, 23, H }, { 2026, 2, 28, W },
	/* 清明 4-4..4-6 */
	{ 2026, 4, 4, H }, { 2026, 4, 5, H }, { 2026, 4, 6, H },
	/* 劳动节 5-1..5-5, work Sat 5-9 */
	{ 2026, 5, 1, H }, { 2026, 5, 2, H }, { 2026, 5, 3, H },
	{ 2026, 5, 4, H }, { 2026, 5, 5, H }, { 2026, 5, 9, W },
	/* 端午 6-19..6-21, 中秋 9-25..9-27 */
	{ 2026, 6, 19, H }, { 2026, 6, 20, H }, { 2026, 6, 21, H },
	{ 2026, 9, 25, H }, { 2026, 9, 26, H }, { 2026, 9, 27, H },
	/* 国庆 10-1..10-7, work Sun 9-20 and Sat 10-10 */
	{ 2026, 9, 20, W }, { 2026, 10, 1, H }, { 2026, 10, 2, H },
	{ 2026, 10, 3, H }, { 2026, 10, 4, H }, { 2026, 10, 5, H },
	{ 2026, 10, 6, H }, { 2026, 10, 7, H }, { 2026, 10, 10, W },
};
/* clang-format on */

#define NROWS (sizeof(rows_2026) / sizeof(rows_2026[0]))

static int
setup(void **state)
{
	struct workcal *cal = workcal_new();
	size_t i;

	/* added in reverse to exercise the sorted insert */
	for (i = NROWS; i-- > 0;)
		if (workcal_add(cal, rows_2026[i].y, rows_2026[i].m,
		                rows_2026[i].d, rows_2026[i].kind) != ST_OK)
			return -1;
	*state = cal;
	return 0;
}

static int
teardown(void **state)
{
	workcal_free(*state);
	return 0;
}

/* Local (UTC+8) civil time -> UTC instant, failing the test if invalid. */
static time_t
lt(int y, int m, int d, int hh, int mi)
{
	time_t t = 0;

	assert_int_equal(workcal_join(y, m, d, hh, mi, 0, &t), ST_OK);
	return t;
}

/* The add functions, asserting ST_OK. */
static time_t
add_wd(const struct workcal *cal, time_t start, int n)
{
	time_t out = 0;

	assert_int_equal(workcal_add_workdays(cal, start, n, &out), ST_OK);
	return out;
}

static time_t
add_wh(const struct workcal *cal, time_t start, int hours)
{
	time_t out = 0;

	assert_int_equal(workcal_add_workhours(cal, start, hours, &out), ST_OK);
	return out;
}

static time_t
add_wm(const struct workcal *cal, time_t start, long mins)
{
	time_t out = 0;

	assert_int_equal(workcal_add_workmins(cal, start, mins, &out), ST_OK);
	return out;
}

static void
test_civil_against_libc(void **state)
{
	struct workcal_civil c;
	struct tm tm, g;
	time_t t, want;
	long i;

	(void)state;
	/* every day 1970..2120 at 13:45:30 local: join == timegm - 8 h */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 70;
	tm.tm_mon = 0;
	tm.tm_mday = 1;
	tm.tm_hour = 13;
	tm.tm_min = 45;
	tm.tm_sec = 30;
	for (i = 0; i < 151L * 366; i++) {
		struct tm n = tm;

		n.tm_mday += (int)i;
		want = timegm(&n);
		if (n.tm_year + 1900 > 2120)
			break;
		assert_int_equal(workcal_join(n.tm_year + 1900, n.tm_mon + 1,
		                              n.tm_mday, 13, 45, 30, &t),
		                 ST_OK);
		assert_int_equal((long long)t, (long long)want - 8 * 3600);
		/* and back, shifted so the local day changes at 16:00 UTC */
		t += (i * 7919) % 86400;
		workcal_split(t, &c);
		want = t + 8 * 3600;
		gmtime_r(&want, &g);
		assert_int_equal(c.year, g.tm_year + 1900);
		assert_int_equal(c.month, g.tm_mon + 1);
		assert_int_equal(c.day, g.tm_mday);
		assert_int_equal(c.hour, g.tm_hour);
		assert_int_equal(c.minute, g.tm_min);
		assert_int_equal(c.second, g.tm_sec);
		assert_int_equal(c.wday, g.tm_wday);
	}
	/* 2026-11-28 00:30 in Dongguan is still the 27th in UTC */
	t = lt(2026, 11, 28, 0, 30);
	gmtime_r(&t, &g);
	assert_int_equal(g.tm_mday, 27);
	assert_int_equal(g.tm_hour, 16);
	assert_int_equal(workcal_join(2026, 2, 29, 0, 0, 0, &t), ST_INVALID);
	assert_int_equal(workcal_join(2026, 13, 1, 0, 0, 0, &t), ST_INVALID);
	assert_int_equal(workcal_join(2026, 1, 1, 24, 0, 0, &t), ST_INVALID);
	assert_int_equal(workcal_join(2024, 2, 29, 0, 0, 0, &t), ST_OK);
	/* the supported range, and clamping beyond it */
	workcal_split(WORKCAL_TIME_MIN, &c);
	assert_int_equal(c.year, 1970);
	assert_int_equal(c.month, 1);
	assert_int_equal(c.day, 1);
	assert_int_equal(c.hour, 0);
	workcal_split(WORKCAL_TIME_MAX, &c);
	assert_int_equal(c.year, 9999);
	assert_int_equal(c.month, 12);
	assert_int_equal(c.day, 31);
	assert_int_equal(c.second, 59);
	workcal_split((time_t)INT64_MAX, &c);
	assert_int_equal(c.year, 9999);
	workcal_split((time_t)INT64_MIN, &c);
	assert_int_equal(c.year, 1970);
}

static void
test_rows(void **state)
{
	struct workcal *cal = *state;

	assert_int_equal(workcal_count(cal), NROWS);
	assert_int_equal(workcal_count(NULL), 0);
	/* a second row for a date replaces the first */
	assert_int_equal(workcal_add(cal, 2026, 11, 27, H), ST_OK);
	assert_int_equal(workcal_count(cal), NROWS + 1);
	assert_false(workcal_is_workday(cal, 2026, 11, 27));
	assert_int_equal(workcal_add(cal, 2026, 11, 27, W), ST_OK);
	assert_int_equal(workcal_count(cal), NROWS + 1);
	assert_true(workcal_is_workday(cal, 2026, 11, 27));
	/* bad rows */
	assert_int_equal(workcal_add(cal, 2026, 2, 30, H), ST_INVALID);
	assert_int_equal(workcal_add(cal, 2026, 0, 1, H), ST_INVALID);
	assert_int_equal(workcal_add(cal, 1969, 12, 31, H), ST_INVALID);
	assert_int_equal(workcal_add(cal, 2026, 1, 5, (enum workcal_kind)7),
	                 ST_INVALID);
	assert_int_equal(workcal_add(NULL, 2026, 1, 5, H), ST_INVALID);
	assert_int_equal(workcal_count(cal), NROWS + 1);
	/* names */
	assert_int_equal(workcal_kind_parse("HOLIDAY"), WORKCAL_HOLIDAY);
	assert_int_equal(workcal_kind_parse("WORKDAY"), WORKCAL_WORKDAY);
	assert_int_equal(workcal_kind_parse("holiday"), -1);
	assert_int_equal(workcal_kind_parse(NULL), -1);
	assert_string_equal(workcal_kind_name(WORKCAL_WORKDAY), "WORKDAY");
	assert_null(workcal_kind_name((enum workcal_kind)0));
}

static void
test_is_workday(void **state)
{
	struct workcal *cal = *state;

	/* plain weeks, with and without the calendar */
	assert_true(workcal_is_workday(NULL, 2026, 11, 27));  /* Fri */
	assert_false(workcal_is_workday(NULL, 2026, 11, 28)); /* Sat */
	assert_false(workcal_is_workday(NULL, 2026, 11, 29)); /* Sun */
	assert_true(workcal_is_workday(cal, 2026, 11, 30));   /* Mon */
	/* holidays on weekdays, make-up days on weekends */
	assert_false(workcal_is_workday(cal, 2026, 1, 1));  /* Thu 元旦 */
	assert_true(workcal_is_workday(cal, 2026, 1, 4));   /* Sun 调休 */
	assert_true(workcal_is_workday(NULL, 2026, 2, 16)); /* no calendar */
	assert_false(workcal_is_workday(cal, 2026, 2, 16)); /* Mon 春节 */
	assert_false(workcal_is_workday(cal, 2026, 2, 23)); /* Mon 春节 */
	assert_true(workcal_is_workday(cal, 2026, 2, 14));  /* Sat 调休 */
	assert_true(workcal_is_workday(cal, 2026, 2, 28));  /* Sat 调休 */
	assert_false(workcal_is_workday(cal, 2026, 3, 1));  /* plain Sun */
	assert_true(workcal_is_workday(cal, 2026, 9, 20));  /* Sun 调休 */
	assert_false(workcal_is_workday(cal, 2026, 10, 7)); /* Wed 国庆 */
	/* invalid dates are never working days; leap days are real */
	assert_false(workcal_is_workday(cal, 2026, 2, 29));
	assert_true(workcal_is_workday(cal, 2024, 2, 29)); /* Thu */
	assert_false(workcal_is_workday(cal, 2100, 2, 29));
}

static void
test_workdays_weekend(void **state)
{
	struct workcal *cal = *state;
	time_t out;

	/* Fri 10:00 + 2 -> Tue 18:00 (the weekend does not count) */
	assert_int_equal(add_wd(cal, lt(2026, 11, 27, 10, 0), 2),
	                 lt(2026, 12, 1, 18, 0));
	/* Thu + 2 -> Mon */
	assert_int_equal(add_wd(cal, lt(2026, 11, 26, 9, 0), 2),
	                 lt(2026, 11, 30, 18, 0));
	/* Mon + 15 -> three weeks later, Mon */
	assert_int_equal(add_wd(NULL, lt(2026, 11, 2, 9, 0), 15),
	                 lt(2026, 11, 23, 18, 0));
	/* Sat + 1 -> Mon */
	assert_int_equal(add_wd(cal, lt(2026, 11, 28, 9, 0), 1),
	                 lt(2026, 11, 30, 18, 0));
	/* n == 0: today's close if still open, else next working day */
	assert_int_equal(add_wd(cal, lt(2026, 11, 23, 10, 0), 0),
	                 lt(2026, 11, 23, 18, 0));
	assert_int_equal(add_wd(cal, lt(2026, 11, 23, 19, 0), 0),
	                 lt(2026, 11, 24, 18, 0));
	assert_int_equal(add_wd(cal, lt(2026, 11, 28, 10, 0), 0),
	                 lt(2026, 11, 30, 18, 0));
	/* bad n leaves out alone */
	out = 42;
	assert_int_equal(
	    workcal_add_workdays(cal, lt(2026, 11, 23, 10, 0), -1, &out),
	    ST_INVALID);
	assert_int_equal(
	    workcal_add_workdays(cal, 0, WORKCAL_MAX_DAYS + 1, &out),
	    ST_INVALID);
	/* instants outside local 1970..9999 */
	assert_int_equal(
	    workcal_add_workdays(cal, WORKCAL_TIME_MAX + 1, 1, &out),
	    ST_INVALID);
	assert_int_equal(
	    workcal_add_workdays(cal, WORKCAL_TIME_MIN - 1, 1, &out),
	    ST_INVALID);
	assert_int_equal(
	    workcal_add_workmins(cal, WORKCAL_TIME_MAX + 1, 1, &out),
	    ST_INVALID);
	assert_int_equal(out, 42);
	/* the ends themselves work */
	assert_int_equal(add_wd(NULL, WORKCAL_TIME_MIN, 1),
	                 lt(1970, 1, 2, 18, 0));
	/* 9999-12-31 23:59:59 is a Friday after hours: Monday 10000-01-03 */
	assert_int_equal(add_wd(NULL, WORKCAL_TIME_MAX, 0),
	                 lt(9999, 12, 31, 18, 0) + 86400 * 3);
}

static void
test_workdays_holidays(void **state)
{
	struct workcal *cal = *state;

	/* Fri 2-13 + 2: Sat 2-14 (调休) is day 1, 2-15..2-23 off, Tue 2-24 */
	assert_int_equal(add_wd(cal, lt(2026, 2, 13, 10, 0), 2),
	                 lt(2026, 2, 24, 18, 0));
	/* the same without a calendar: Tue 2-17 */
	assert_int_equal(add_wd(NULL, lt(2026, 2, 13, 10, 0), 2),
	                 lt(2026, 2, 17, 18, 0));
	/* + 15 crosses Sat 2-28 (调休): Thu 3-12 */
	assert_int_equal(add_wd(cal, lt(2026, 2, 13, 10, 0), 15),
	                 lt(2026, 3, 12, 18, 0));
	/* New Year: Wed 12-31 + 2 -> Sun 1-4 (调休), Mon 1-5 */
	assert_int_equal(add_wd(cal, lt(2025, 12, 31, 15, 0), 2),
	                 lt(2026, 1, 5, 18, 0));
	/* National Day: Wed 9-30 + 2 -> Thu 10-8, Fri 10-9 */
	assert_int_equal(add_wd(cal, lt(2026, 9, 30, 9, 0), 2),
	                 lt(2026, 10, 9, 18, 0));
	/* Fri 9-18 + 2 -> Sun 9-20 (调休), Mon 9-21 */
	assert_int_equal(add_wd(cal, lt(2026, 9, 18, 9, 0), 2),
	                 lt(2026, 9, 21, 18, 0));
	/* 劳动节: Thu 4-30 + 3 -> Wed 5-6, Thu 5-7, Fri 5-8 */
	assert_int_equal(add_wd(cal, lt(2026, 4, 30, 9, 0), 3),
	                 lt(2026, 5, 8, 18, 0));
	/* ... + 4 -> Sat 5-9 (调休) */
	assert_int_equal(add_wd(cal, lt(2026, 4, 30, 9, 0), 4),
	                 lt(2026, 5, 9, 18, 0));
}

static void
test_start_on_holiday_or_late(void **state)
{
	struct workcal *cal = *state;
	time_t ref;

	/* created on 2-17 (a holiday, Tuesday) or 2-21 (holiday Saturday):
	 * the first working day after is Tue 2-24, so + 2 -> Wed 2-25 */
	assert_int_equal(add_wd(cal, lt(2026, 2, 17, 15, 0), 2),
	                 lt(2026, 2, 25, 18, 0));
	assert_int_equal(add_wd(cal, lt(2026, 2, 21, 8, 0), 2),
	                 lt(2026, 2, 25, 18, 0));
	/* after close of business: same as that morning */
	ref = add_wd(cal, lt(2026, 11, 23, 8, 0), 2);
	assert_int_equal(ref, lt(2026, 11, 25, 18, 0));
	assert_int_equal(add_wd(cal, lt(2026, 11, 23, 19, 30), 2), ref);
	/* local midnight decides, not UTC midnight: Tue 00:30 local is Mon
	 * 16:30 UTC, and counts from Tuesday */
	assert_int_equal(add_wd(cal, lt(2026, 11, 24, 0, 30), 2),
	                 lt(2026, 11, 26, 18, 0));
	assert_int_equal(add_wd(cal, lt(2026, 11, 23, 23, 59), 2), ref);
}

static void
test_workhours(void **state)
{
	struct workcal *cal = *state;
	time_t out;

	/* Mon 10:00 + 2 h -> 12:00 */
	assert_int_equal(add_wh(cal, lt(2026, 11, 23, 10, 0), 2),
	                 lt(2026, 11, 23, 12, 0));
	/* Mon 11:00 + 2 h: 1 h before lunch, 1 h after -> 15:00 */
	assert_int_equal(add_wh(cal, lt(2026, 11, 23, 11, 0), 2),
	                 lt(2026, 11, 23, 15, 0));
	/* lunch break start: 12:30 + 2 h -> 16:00 */
	assert_int_equal(add_wh(cal, lt(2026, 11, 23, 12, 30), 2),
	                 lt(2026, 11, 23, 16, 0));
	/* Mon 17:00 + 2 h -> Tue 10:00 */
	assert_int_equal(add_wh(cal, lt(2026, 11, 23, 17, 0), 2),
	                 lt(2026, 11, 24, 10, 0));
	/* after close: Mon 19:00 + 2 h -> Tue 11:00; early: 07:00 -> 11:00 */
	assert_int_equal(add_wh(cal, lt(2026, 11, 23, 19, 0), 2),
	                 lt(2026, 11, 24, 11, 0));
	assert_int_equal(add_wh(cal, lt(2026, 11, 24, 7, 0), 2),
	                 lt(2026, 11, 24, 11, 0));
	/* Fri 17:30 + 2 h -> Mon 10:30 */
	assert_int_equal(add_wh(cal, lt(2026, 11, 27, 17, 30), 2),
	                 lt(2026, 11, 30, 10, 30));
	/* Fri 2-13 17:00 + 2 h -> Sat 2-14 10:00 (调休 working Saturday) */
	assert_int_equal(add_wh(cal, lt(2026, 2, 13, 17, 0), 2),
	                 lt(2026, 2, 14, 10, 0));
	/* Sat 2-14 17:00 + 2 h -> Tue 2-24 10:00 (the whole break) */
	assert_int_equal(add_wh(cal, lt(2026, 2, 14, 17, 0), 2),
	                 lt(2026, 2, 24, 10, 0));
	/* a full day is 7 office hours: Mon 09:00 + 7 h -> Mon 18:00 */
	assert_int_equal(add_wh(cal, lt(2026, 11, 23, 9, 0), 7),
	                 lt(2026, 11, 23, 18, 0));
	/* minutes keep seconds: 10:00:30 + 120 min -> 14:00:30 (10:00:30 to
	 * 12:00 is 1:59:30, 30 s left after lunch) */
	assert_int_equal(add_wm(cal, lt(2026, 11, 23, 10, 0) + 30, 120),
	                 lt(2026, 11, 23, 14, 0) + 30);
	/* zero minutes: start itself inside hours, else the next opening */
	assert_int_equal(add_wm(cal, lt(2026, 11, 23, 10, 0), 0),
	                 lt(2026, 11, 23, 10, 0));
	assert_int_equal(add_wm(cal, lt(2026, 11, 23, 12, 30), 0),
	                 lt(2026, 11, 23, 14, 0));
	out = 42;
	assert_int_equal(workcal_add_workmins(cal, 0, -1, &out), ST_INVALID);
	assert_int_equal(workcal_add_workhours(cal, 0, -2, &out), ST_INVALID);
	assert_int_equal(out, 42);
}

static void
test_tk_deadline(void **state)
{
	struct workcal *cal = *state;
	struct tk_limit lim;
	time_t created = lt(2026, 2, 13, 10, 0); /* Fri before 春节 */
	time_t sat_night = lt(2026, 11, 28, 23, 0);

	/* 咨询 2 working days */
	assert_int_equal(
	    tk_deadline(cal, created, AP_CONSULT, URG_NORMAL, 0, &lim), ST_OK);
	assert_int_equal(lim.kind, TK_LIMIT_WORKDAYS);
	assert_int_equal(lim.amount, 2);
	assert_int_equal(lim.due, lt(2026, 2, 24, 18, 0));
	/* 求助, 建议 10 */
	assert_int_equal(
	    tk_deadline(cal, created, AP_HELP, URG_NORMAL, 0, &lim), ST_OK);
	assert_int_equal(lim.amount, 10);
	assert_int_equal(lim.due, lt(2026, 3, 5, 18, 0));
	assert_int_equal(
	    tk_deadline(cal, created, AP_SUGGESTION, URG_NORMAL, 0, &lim),
	    ST_OK);
	assert_int_equal(lim.due, lt(2026, 3, 5, 18, 0));
	/* 投诉, 举报 15 */
	assert_int_equal(
	    tk_deadline(cal, created, AP_COMPLAINT, URG_NORMAL, 0, &lim),
	    ST_OK);
	assert_int_equal(lim.amount, 15);
	assert_int_equal(lim.due, lt(2026, 3, 12, 18, 0));
	assert_int_equal(
	    tk_deadline(cal, created, AP_REPORT, URG_NORMAL, 0, &lim), ST_OK);
	assert_int_equal(lim.due, lt(2026, 3, 12, 18, 0));
	/* 其他 10 */
	assert_int_equal(
	    tk_deadline(cal, created, AP_OTHER, URG_NORMAL, 0, &lim), ST_OK);
	assert_int_equal(lim.amount, 10);
	/* 表扬: no deadline, even when marked urgent or overridden */
	assert_int_equal(
	    tk_deadline(cal, created, AP_PRAISE, URG_NORMAL, 0, &lim), ST_OK);
	assert_int_equal(lim.kind, TK_LIMIT_NONE);
	assert_int_equal(lim.due, 0);
	assert_int_equal(
	    tk_deadline(cal, created, AP_PRAISE, URG_URGENT, 5, &lim), ST_OK);
	assert_int_equal(lim.kind, TK_LIMIT_NONE);
	/* urgent / immediate: 2 clock hours, nights and weekends count */
	assert_int_equal(
	    tk_deadline(cal, sat_night, AP_COMPLAINT, URG_URGENT, 0, &lim),
	    ST_OK);
	assert_int_equal(lim.kind, TK_LIMIT_CLOCK_MINS);
	assert_int_equal(lim.amount, 120);
	assert_int_equal(lim.due, lt(2026, 11, 29, 1, 0));
	assert_int_equal(tk_deadline(cal, lt(2026, 2, 17, 12, 0), AP_HELP,
	                             URG_IMMEDIATE, 0, &lim),
	                 ST_OK);
	assert_int_equal(lim.due, lt(2026, 2, 17, 14, 0));
	/* override: the category's own limit */
	assert_int_equal(
	    tk_deadline(cal, created, AP_CONSULT, URG_NORMAL, 5, &lim), ST_OK);
	assert_int_equal(lim.amount, 5);
	assert_int_equal(lim.due, lt(2026, 2, 27, 18, 0));
	/* created at night / on a holiday */
	assert_int_equal(tk_deadline(cal, lt(2026, 2, 20, 22, 0), AP_CONSULT,
	                             URG_NORMAL, 0, &lim),
	                 ST_OK);
	assert_int_equal(lim.due, lt(2026, 2, 25, 18, 0));
	/* bad input leaves out alone */
	memset(&lim, 0x5a, sizeof(lim));
	assert_int_equal(
	    tk_deadline(cal, created, AP__COUNT, URG_NORMAL, 0, &lim),
	    ST_INVALID);
	assert_int_equal(
	    tk_deadline(cal, created, AP_HELP, URG__COUNT, 0, &lim),
	    ST_INVALID);
	assert_int_equal(
	    tk_deadline(cal, created, AP_HELP, URG_NORMAL, -1, &lim),
	    ST_INVALID);
	assert_int_equal(lim.amount, 0x5a5a5a5a);
	assert_int_equal(tk_limit_days(AP_PRAISE), 0);
	assert_int_equal(tk_limit_days(AP_REPORT), 15);
}

static void
test_sign_and_light(void **state)
{
	struct workcal *cal = *state;
	struct tk_limit lim;
	time_t due = lt(2026, 11, 25, 18, 0); /* Wed */

	assert_int_equal(
	    tk_sign_deadline(cal, lt(2026, 11, 23, 17, 0), URG_NORMAL, &lim),
	    ST_OK);
	assert_int_equal(lim.kind, TK_LIMIT_WORK_MINS);
	assert_int_equal(lim.due, lt(2026, 11, 24, 10, 0));
	assert_int_equal(
	    tk_sign_deadline(cal, lt(2026, 11, 28, 23, 50), URG_URGENT, &lim),
	    ST_OK);
	assert_int_equal(lim.kind, TK_LIMIT_CLOCK_MINS);
	assert_int_equal(lim.due, lt(2026, 11, 29, 0, 20));
	assert_int_equal(tk_sign_deadline(cal, 0, URG__COUNT, &lim),
	                 ST_INVALID);

	assert_int_equal(tk_deadline_light(cal, lt(2026, 11, 23, 10, 0), due),
	                 TK_LIGHT_GREEN);
	assert_int_equal(tk_deadline_light(cal, lt(2026, 11, 24, 10, 0), due),
	                 TK_LIGHT_YELLOW);
	assert_int_equal(tk_deadline_light(cal, lt(2026, 11, 25, 17, 59), due),
	                 TK_LIGHT_YELLOW);
	assert_int_equal(tk_deadline_light(cal, due, due), TK_LIGHT_YELLOW);
	assert_int_equal(tk_deadline_light(cal, due + 1, due), TK_LIGHT_RED);
	assert_int_equal(tk_deadline_light(cal, due + 1, 0), TK_LIGHT_GREEN);
	/* across 春节: on Fri 2-13 the next working day is Sat 2-14, so a
	 * 2-24 deadline is green; on Sat 2-14 it turns yellow */
	due = lt(2026, 2, 24, 18, 0);
	assert_int_equal(tk_deadline_light(cal, lt(2026, 2, 13, 10, 0), due),
	                 TK_LIGHT_GREEN);
	assert_int_equal(tk_deadline_light(cal, lt(2026, 2, 14, 10, 0), due),
	                 TK_LIGHT_YELLOW);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_civil_against_libc),
	    cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_is_workday, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_workdays_weekend, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_workdays_holidays, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_start_on_holiday_or_late,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_workhours, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tk_deadline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sign_and_light, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
