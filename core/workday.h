/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * workday.h - the working-day calendar and ticket deadlines.
 *
 * Owns what a "working day" and a "working hour" are (DOMAIN.md §2) and
 * the time limit of a ticket.  A struct workcal holds the official
 * holiday rows of the State Council's yearly notice: dates off
 * (HOLIDAY, even on a weekday) and make-up working days (WORKDAY, 调休,
 * even on a Saturday or Sunday).  Any other date is a working day when
 * it is Monday to Friday.  Rules in docs/deadlines.md.
 *
 * Time: every instant in and out is a time_t in UTC, as the server stores
 * it.  Civil dates and office hours are those of Dongguan, Asia/Shanghai,
 * which is UTC+8 all year (no DST since 1991), so the arithmetic is done
 * on UTC+8 directly and never depends on TZ or the C library's zone data.
 *
 * Office hours (local): 09:00-12:00 and 14:00-18:00 on working days;
 * close of business is 18:00.
 *
 * A NULL calendar is valid everywhere a const one is taken and means
 * "no holiday rows": plain Monday-Friday.
 */
#ifndef HOTLINE_CORE_WORKDAY_H
#define HOTLINE_CORE_WORKDAY_H

#include <stddef.h>
#include <time.h>

#include "status.h"
#include "ticket.h"

/* Asia/Shanghai offset from UTC, seconds. */
#define WORKCAL_UTC_OFFSET (8 * 3600)
/* Office hours as seconds after local midnight: [AM_OPEN, AM_CLOSE) and
 * [PM_OPEN, PM_CLOSE); PM_CLOSE is close of business. */
#define WORKCAL_AM_OPEN  (9 * 3600)
#define WORKCAL_AM_CLOSE (12 * 3600)
#define WORKCAL_PM_OPEN  (14 * 3600)
#define WORKCAL_PM_CLOSE (18 * 3600)
/* Instants handled: local 1970-01-01 00:00:00 .. 9999-12-31 23:59:59.
 * The functions taking a start return ST_INVALID outside. */
#define WORKCAL_TIME_MIN ((time_t)-WORKCAL_UTC_OFFSET)
#define WORKCAL_TIME_MAX ((time_t)253402271999)
/* Limits accepted by the add functions (ST_INVALID beyond). */
#define WORKCAL_MAX_DAYS    3660
#define WORKCAL_MAX_MINUTES (WORKCAL_MAX_DAYS * 7L * 60)

enum workcal_kind {
	WORKCAL_HOLIDAY = 1, /* 放假: no work, whatever the weekday */
	WORKCAL_WORKDAY = 2, /* 调休上班: work, even on a weekend */
};

struct workcal; /* opaque */

/* A local (UTC+8) civil date and time. */
struct workcal_civil {
	int year;
	int month;  /* 1..12 */
	int day;    /* 1..31 */
	int hour;   /* 0..23 */
	int minute; /* 0..59 */
	int second; /* 0..59 */
	int wday;   /* 0 = Sunday .. 6 = Saturday */
};

/* New empty calendar, owned by the caller: release with workcal_free(). */
struct workcal *workcal_new(void);
void workcal_free(struct workcal *cal);

/*
 * Add one row.  A second row for the same date replaces the first.
 * ST_INVALID for an impossible date (2026-02-30), a year outside
 * 1970..9999 or an unknown kind.  The calendar copies what it needs.
 */
enum status workcal_add(struct workcal *cal, int y, int m, int d,
                        enum workcal_kind kind);
/* Number of rows held. */
size_t workcal_count(const struct workcal *cal);
/* "HOLIDAY" / "WORKDAY" (the wire and database names) -> kind; -1 when
 * unknown.  And back (NULL for an unknown kind). */
int workcal_kind_parse(const char *name);
const char *workcal_kind_name(enum workcal_kind kind);

/* 1 when the local date is a working day, 0 when not or invalid. */
int workcal_is_workday(const struct workcal *cal, int y, int m, int d);

/* UTC instant -> local civil time (t clamped to WORKCAL_TIME_MIN..MAX). */
void workcal_split(time_t t, struct workcal_civil *out);
/* Local civil time -> UTC instant; ST_INVALID for an impossible date or
 * time (seconds 0..59 only). */
enum status workcal_join(int y, int m, int d, int hh, int mi, int ss,
                         time_t *out);

/*
 * Deadline of n working days from start: close of business (18:00 local)
 * of the n-th working day after the local date of start.  The start day
 * itself never counts, whatever the hour (期间开始的当日不计入), so a
 * ticket created on a holiday, a weekend or after 18:00 gets the same
 * deadline as one created that morning.  n == 0 means close of business
 * of the start day if it is a working day and start is not past 18:00,
 * else of the next working day.  ST_INVALID for n outside
 * 0..WORKCAL_MAX_DAYS or start outside the range above.  *out is set
 * only on ST_OK.
 */
enum status workcal_add_workdays(const struct workcal *cal, time_t start, int n,
                                 time_t *out);
/*
 * The instant after `minutes` of office time (see above) from start.
 * Time outside office hours, weekends and holidays does not count; a
 * start outside office hours counts from the next opening.  With 0
 * minutes the result is start itself when it is inside office hours,
 * else the next opening.  ST_INVALID for minutes outside
 * 0..WORKCAL_MAX_MINUTES or start outside the range above.
 */
enum status workcal_add_workmins(const struct workcal *cal, time_t start,
                                 long minutes, time_t *out);
/* workcal_add_workmins(cal, start, hours * 60, out). */
enum status workcal_add_workhours(const struct workcal *cal, time_t start,
                                  int hours, time_t *out);

/* ---- ticket time limits (DOMAIN.md §2) ----------------------------------- */

enum tk_limit_kind {
	TK_LIMIT_NONE = 0,   /* no deadline: 表扬 praise is archived */
	TK_LIMIT_WORKDAYS,   /* amount working days, due at close of business */
	TK_LIMIT_CLOCK_MINS, /* amount clock minutes (urgent feedback) */
	TK_LIMIT_WORK_MINS,  /* amount office minutes (sign window) */
};

struct tk_limit {
	enum tk_limit_kind kind;
	int amount; /* days or minutes, per kind; 0 for NONE */
	time_t due; /* UTC; 0 for NONE */
};

/* Working days of a normal ticket per appeal type (0 for praise). */
int tk_limit_days(enum tk_appeal appeal);

/*
 * The handling deadline of a ticket created at `created`:
 *  - 表扬 praise: kind NONE (no handling), whatever the urgency;
 *  - urgency URGENT or IMMEDIATE: feedback within 2 clock hours
 *    (created + 7200 s), kind CLOCK_MINS, amount 120;
 *  - else WORKDAYS: limit_days_override when > 0 (the category's default
 *    time limit, an approved extension), else by appeal type: 咨询 2,
 *    求助 10, 建议 10, 投诉 15, 举报 15, 其他 10 working days.
 * ST_INVALID for an appeal or urgency out of range, an override
 * outside 0..WORKCAL_MAX_DAYS or created outside WORKCAL_TIME_MIN..MAX;
 * *out is set only on ST_OK.
 */
enum status tk_deadline(const struct workcal *cal, time_t created,
                        enum tk_appeal appeal, enum tk_urgency urgency,
                        int limit_days_override, struct tk_limit *out);

/*
 * The sign-by time of a ticket dispatched at `dispatched` (DOMAIN §2,
 * proposal): URGENT / IMMEDIATE 30 clock minutes, NORMAL 2 office hours.
 * ST_INVALID for an urgency out of range or dispatched outside
 * WORKCAL_TIME_MIN..MAX.
 */
enum status tk_sign_deadline(const struct workcal *cal, time_t dispatched,
                             enum tk_urgency urgency, struct tk_limit *out);

enum tk_light {
	TK_LIGHT_GREEN,  /* more than one working day left, or no deadline */
	TK_LIGHT_YELLOW, /* due by close of business of the next working day */
	TK_LIGHT_RED,    /* overdue: now is past due */
};

/* Warning light at `now` for a deadline `due` (0 = none: green).  Yellow
 * when due <= workcal_add_workdays(cal, now, 1). */
enum tk_light tk_deadline_light(const struct workcal *cal, time_t now,
                                time_t due);

#endif
