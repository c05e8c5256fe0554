/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_server_stats.c - the pure pieces of server/stats.c: the Poisson
 * upper tail of the hotspot rule (against values summed term by term in
 * long double here) and the local (UTC+8) day and hour boundaries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "server/stats.h"

/* log10 P(X >= k), X ~ Poisson(l), summed directly. */
static double
tail_direct(long long k, double l)
{
	long double term = expl(-(long double)l), sum = 0;
	long long i;

	for (i = 0; i < k + 400; i++) {
		if (i >= k)
			sum += term;
		term *= (long double)l / (long double)(i + 1);
	}
	return (double)log10l(sum);
}

static void
test_tail_known(void **state)
{
	(void)state;
	/* 12 tickets against the floor λ = 0.5: 3.2e-13 */
	assert_true(fabs(stats_poisson_log10_tail(12, 0.5) -
			 log10(3.2146973033451966e-13)) < 1e-6);
	/* 9 against λ = 8: 0.4075, not a hotspot */
	assert_true(fabs(stats_poisson_log10_tail(9, 8.0) -
			 log10(0.407452658562408)) < 1e-6);
	assert_true(stats_poisson_log10_tail(9, 8.0) > log10(STATS_HOT_P));
	/* 25 against λ = 8: 1.17e-6, a hotspot */
	assert_true(stats_poisson_log10_tail(25, 8.0) < log10(STATS_HOT_P));
	/* P(X >= 0) = 1 */
	assert_true(stats_poisson_log10_tail(0, 3.0) == 0.0);
}

static void
test_tail_against_sum(void **state)
{
	static const double lams[] = {0.5, 1.0, 3.7, 14.2, 80.0};
	size_t i;
	long long k;

	(void)state;
	for (i = 0; i < sizeof lams / sizeof lams[0]; i++)
		for (k = 1; k < 120; k += 7) {
			double want = tail_direct(k, lams[i]);
			double got = stats_poisson_log10_tail(k, lams[i]);

			if (want < -250)
				continue;
			assert_true(fabs(got - want) < 1e-6 * (1 + fabs(want)));
		}
	/* a huge spike stays finite */
	assert_true(isfinite(stats_poisson_log10_tail(5000, 0.5)));
	assert_true(stats_poisson_log10_tail(5000, 0.5) < -1000);
}

static void
test_day_and_hour(void **state)
{
	(void)state;
	/* 2026-11-28T23:27:00Z is 2026-11-29 07:27 in Dongguan: the day
	 * starts at 2026-11-28T16:00:00Z (1795881600). */
	assert_int_equal(stats_day_start(1795908420LL), 1795881600LL);
	assert_int_equal(stats_day_start(1795881600LL), 1795881600LL);
	assert_int_equal(stats_day_start(1795881599LL), 1795881600LL - 86400);
	assert_int_equal(stats_hour_start(1795908420LL), 1795906800LL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tail_known),
		cmocka_unit_test(test_tail_against_sum),
		cmocka_unit_test(test_day_and_hour),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
