/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_supdue.c - the 督办 due time typed on the board (core/supdue.h):
 * the default (tomorrow 17:00, UTC+8), the civil and relative forms, the
 * formats sent to the API and shown, and bad input.  Civil times are the
 * client's TZ: the tests run in Asia/Shanghai (UTC+8, the hotline's city)
 * and then in UTC and EST5 for the offset.  The expected epoch values were
 * computed independently (python datetime, UTC).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/supdue.h"

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* 2026-11-29 08:46 in 东莞 (UTC+8) = 2026-11-29T00:46:00Z */
#define NOW ((time_t)1795913160)
/* 2026-11-30 17:00 UTC+8 = 2026-11-30T09:00:00Z */
#define TOMORROW_17 ((time_t)1796029200)

static void
test_default(void **state)
{
	(void)state;
	assert_int_equal(supdue_default(NOW), TOMORROW_17);
	/* 00:30 on the 29th locally is still the 28th in UTC: the civil
	 * date decides, so tomorrow is the 30th all the same */
	assert_int_equal(supdue_default((time_t)1795883400), TOMORROW_17);
}

static void
test_parse_forms(void **state)
{
	time_t t = 0;

	(void)state;
	assert_int_equal(supdue_parse("", NOW, &t), ST_OK);
	assert_int_equal(t, TOMORROW_17);
	assert_int_equal(supdue_parse("   ", NOW, &t), ST_OK);
	assert_int_equal(t, TOMORROW_17);
	assert_int_equal(supdue_parse("2026-12-01 08:46", NOW, &t), ST_OK);
	assert_int_equal(t, (time_t)1796085960);
	assert_int_equal(supdue_parse("  2026-12-01 08:46 ", NOW, &t), ST_OK);
	assert_int_equal(t, (time_t)1796085960);
	assert_int_equal(supdue_parse("+2d", NOW, &t), ST_OK);
	assert_int_equal(t, NOW + 2 * 86400);
	assert_int_equal(supdue_parse("+4h", NOW, &t), ST_OK);
	assert_int_equal(t, NOW + 4 * 3600);
	assert_int_equal(supdue_parse("+90m", NOW, &t), ST_OK);
	assert_int_equal(t, NOW + 90 * 60);
	assert_int_equal(supdue_parse("+9999d", NOW, &t), ST_OK);
	assert_int_equal(t, NOW + 9999LL * 86400);
	/* 29 February of a leap year, from an early enough now */
	assert_int_equal(supdue_parse("2024-02-29 10:00", 0, &t), ST_OK);
	assert_int_equal(t, (time_t)1709172000);
}

static void
test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"2026-02-29 10:00", /* 2026 is not a leap year */
		"2026-13-01 10:00", "2026-12-00 10:00", "2026-12-32 10:00",
		"2026-12-01 24:00", "2026-12-01 10:60", "2026-12-01 9:00",
		"2026/12/01 10:00", "2026-12-01T10:00", "2026-12-01",
		"明天 17:00", "明天下午五点", "+0d", "+2w", "+d", "+-2d",
		"2d", "+2dd", "+ 2d", "+99999d", "2020-01-01 10:00",
		"2026-11-29 08:46", /* exactly now: not after it */
		"2026-11-29 08:45", /* a minute ago */
	};
	time_t t = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (supdue_parse(bad[i], NOW, &t) != ST_INVALID)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(t, 42); /* untouched */
	}
	assert_int_equal(supdue_parse(NULL, NOW, &t), ST_INVALID);
}

static void
test_format(void **state)
{
	char civil[20], iso[32];

	(void)state;
	supdue_format_civil(TOMORROW_17, civil);
	assert_string_equal(civil, "2026-11-30 17:00");
	supdue_format_iso(TOMORROW_17, iso);
	assert_string_equal(iso, "2026-11-30T17:00:00+08:00");
	/* 2026-12-31T16:30Z is already New Year's day in 东莞 */
	supdue_format_civil((time_t)1798734600, civil);
	assert_string_equal(civil, "2027-01-01 00:30");
	supdue_format_iso((time_t)1798734600, iso);
	assert_string_equal(iso, "2027-01-01T00:30:00+08:00");
}

static void
test_other_zones(void **state)
{
	char iso[32];
	time_t t = 0;

	(void)state;
	set_tz("UTC");
	/* tomorrow 17:00 UTC = 2026-11-30T17:00:00Z */
	assert_int_equal(supdue_default(NOW), TOMORROW_17 + 8 * 3600);
	supdue_format_iso(TOMORROW_17, iso);
	assert_string_equal(iso, "2026-11-30T09:00:00+00:00");
	assert_int_equal(supdue_parse("2026-11-30 09:00", NOW, &t), ST_OK);
	assert_int_equal(t, TOMORROW_17);
	set_tz("EST5");
	supdue_format_iso(TOMORROW_17, iso);
	assert_string_equal(iso, "2026-11-30T04:00:00-05:00");
	assert_int_equal(supdue_parse("2026-11-30 04:00", NOW, &t), ST_OK);
	assert_int_equal(t, TOMORROW_17);
	set_tz("Asia/Shanghai");
}

static void
test_round_trip(void **state)
{
	char civil[20];
	time_t t = 0, back = 0;

	(void)state;
	/* what the prompt shows as the default parses back to itself */
	supdue_format_civil(supdue_default(NOW), civil);
	assert_int_equal(supdue_parse(civil, NOW, &back), ST_OK);
	assert_int_equal(back, supdue_default(NOW));
	assert_int_equal(supdue_parse("+3d", NOW, &t), ST_OK);
	supdue_format_civil(t, civil);
	assert_string_equal(civil, "2026-12-02 08:46");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_other_zones),
		cmocka_unit_test(test_round_trip),
	};

	set_tz("Asia/Shanghai");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
