/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mem.c - the allocation wrappers (core/mem.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/mem.h"

static void
test_strdup(void **state)
{
	char *s;

	(void)state;
	s = xstrdup("东莞市12345热线");
	assert_string_equal(s, "东莞市12345热线");
	FREE(s);
	assert_null(s);
	FREE(s); /* FREE of NULL is fine */
	s = xstrndup("东莞市", 6);
	assert_string_equal(s, "东莞");
	FREE(s);
	s = xstrndup("ab", 100); /* n past the end */
	assert_string_equal(s, "ab");
	FREE(s);
	s = xstrndup("abc", 0);
	assert_string_equal(s, "");
	FREE(s);
	s = xstrdup("");
	assert_string_equal(s, "");
	FREE(s);
}

static void
test_alloc(void **state)
{
	char *p;
	int *z;
	size_t i;

	(void)state;
	p = xmalloc(0); /* never NULL, even for 0 bytes */
	assert_non_null(p);
	FREE(p);
	z = xcalloc(100, sizeof(*z));
	for (i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	z = xrealloc(z, 1000 * sizeof(*z));
	assert_int_equal(z[99], 0); /* content kept */
	z[999] = 7;
	FREE(z);
	p = xcalloc(0, 0);
	assert_non_null(p);
	FREE(p);
	p = xrealloc(NULL, 10);
	memcpy(p, "123456789", 10);
	p = xrealloc(p, 0);
	assert_non_null(p);
	FREE(p);
}

static void
test_asprintf(void **state)
{
	char *s;
	char big[5000];

	(void)state;
	s = xasprintf("工单%s第%d号，%.2f%%", "DG", 42, 99.25);
	assert_string_equal(s, "工单DG第42号，99.25%");
	FREE(s);
	s = xasprintf("%s", "");
	assert_string_equal(s, "");
	FREE(s);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = xasprintf("<%s>", big);
	assert_int_equal(strlen(s), sizeof(big) + 1);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[sizeof(big)], '>');
	FREE(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strdup),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_asprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
