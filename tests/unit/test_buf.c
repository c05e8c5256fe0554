/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_buf.c - bounded dynamic buffers (core/buf.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static void
test_append_basic(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "东莞"), ST_OK);
	assert_int_equal(buf_putc(&b, '-'), ST_OK);
	assert_int_equal(buf_append(&b, "12345热线xyz", 11), ST_OK);
	assert_string_equal(b.data, "东莞-12345热线");
	assert_int_equal(b.len, strlen("东莞-12345热线"));
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(buf_append(&b, NULL, 0), ST_OK);
	assert_int_equal(buf_puts(&b, ""), ST_OK);
	assert_int_equal(b.len, strlen("东莞-12345热线"));
	/* embedded NUL bytes are data */
	assert_int_equal(buf_append(&b, "a\0b", 3), ST_OK);
	assert_memory_equal(b.data + b.len - 3, "a\0b", 3);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void
test_printf(void **state)
{
	struct buf b;
	char big[300];

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_printf(&b, "工单%s第%d号", "DG", 7), ST_OK);
	assert_string_equal(b.data, "工单DG第7号");
	assert_int_equal(buf_printf(&b, "%s", ""), ST_OK);
	assert_string_equal(b.data, "工单DG第7号");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(buf_printf(&b, "[%s]", big), ST_OK);
	assert_int_equal(b.len, strlen("工单DG第7号") + 2 + 299);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(strlen(b.data), b.len);
	buf_free(&b);
}

static enum status
wrap_vprintf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum status
wrap_vprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	enum status st;

	va_start(ap, fmt);
	st = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

static void
test_vprintf(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(wrap_vprintf(&b, "%s=%ld;", "version", 42L), ST_OK);
	assert_int_equal(wrap_vprintf(&b, "%05.1f", 3.14159), ST_OK);
	assert_string_equal(b.data, "version=42;003.1");
	buf_free(&b);
}

/* The limit: an append that would pass max fails and changes nothing. */
static void
test_max(void **state)
{
	struct buf b;
	char *data;
	size_t cap;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "0123456789"), ST_OK); /* exactly max */
	assert_int_equal(b.len, 10);
	data = b.data;
	cap = b.cap;
	assert_true(cap <= 11); /* never more than max + NUL */
	assert_int_equal(buf_putc(&b, 'x'), ST_TOO_LONG);
	assert_int_equal(buf_puts(&b, "东"), ST_TOO_LONG);
	assert_int_equal(buf_printf(&b, "%d", 5), ST_TOO_LONG);
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	/* an empty append still succeeds at the limit */
	assert_int_equal(buf_puts(&b, ""), ST_OK);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_ptr_equal(b.data, data); /* reset keeps the memory */
	/* a too-long printf on a partly filled buffer keeps its content */
	assert_int_equal(buf_puts(&b, "热线"), ST_OK);
	assert_int_equal(buf_printf(&b, "%s", "12345"), ST_TOO_LONG);
	assert_string_equal(b.data, "热线");
	assert_int_equal(b.len, 6);
	assert_int_equal(buf_printf(&b, "%s", "1234"), ST_OK);
	assert_string_equal(b.data, "热线1234");
	buf_free(&b);

	/* a failed first append leaves the buffer unallocated */
	buf_init(&b, 3);
	assert_int_equal(buf_puts(&b, "东莞"), ST_TOO_LONG);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_free(&b);
}

static void
test_default_max(void **state)
{
	struct buf b;
	static const char x = 'x';

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_putc(&b, 'a'), ST_OK);
	/* SIZE_MAX/2 is the default limit: checked before any allocation */
	assert_int_equal(buf_append(&b, &x, SIZE_MAX / 2), ST_TOO_LONG);
	assert_int_equal(buf_append(&b, &x, SIZE_MAX), ST_TOO_LONG);
	assert_int_equal(b.len, 1);
	assert_string_equal(b.data, "a");
	buf_free(&b);
	/* a limit past SIZE_MAX/2 is taken as SIZE_MAX/2 */
	buf_init(&b, SIZE_MAX);
	assert_int_equal(buf_putc(&b, 'a'), ST_OK);
	assert_int_equal(buf_append(&b, &x, SIZE_MAX - 1), ST_TOO_LONG);
	assert_int_equal(buf_append(&b, &x, SIZE_MAX / 2), ST_TOO_LONG);
	assert_int_equal(b.len, 1);
	buf_free(&b);
}

/* Capacity doubles, and never passes max + 1. */
static void
test_growth(void **state)
{
	struct buf b;
	size_t i, prev = 0, grows = 0;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 5000; i++) {
		assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), ST_OK);
		assert_true(b.cap >= b.len + 1);
		if (b.cap != prev) {
			if (prev)
				assert_int_equal(b.cap, prev * 2);
			prev = b.cap;
			grows++;
		}
	}
	assert_true(grows <= 10); /* 64 .. 8192 */
	assert_int_equal(b.len, 5000);
	assert_int_equal(b.data[4999], 'a' + 4999 % 26);
	buf_free(&b);

	buf_init(&b, 100);
	for (i = 0; i < 100; i++)
		assert_int_equal(buf_putc(&b, 'z'), ST_OK);
	assert_int_equal(buf_putc(&b, 'z'), ST_TOO_LONG);
	assert_true(b.cap <= 101);
	buf_free(&b);
}

/* Appending the buffer to itself must survive the move of realloc. */
static void
test_self_append(void **state)
{
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "东莞12345"), ST_OK);
	for (i = 0; i < 6; i++)
		assert_int_equal(buf_append(&b, b.data, b.len), ST_OK);
	assert_int_equal(b.len, 11 * 64);
	for (i = 0; i < 64; i++)
		assert_memory_equal(b.data + i * 11, "东莞12345", 11);
	buf_free(&b);
}

static void
test_steal(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 50);
	assert_int_equal(buf_puts(&b, "受理中"), ST_OK);
	s = buf_steal(&b);
	assert_string_equal(s, "受理中");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 50);
	free(s);
	/* empty: "" that the caller frees */
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	/* usable again after steal */
	assert_int_equal(buf_puts(&b, "再来"), ST_OK);
	assert_string_equal(b.data, "再来");
	buf_free(&b);
}

/* A zeroed struct buf is a valid empty buffer. */
static void
test_zeroed(void **state)
{
	struct buf b = {0};

	(void)state;
	assert_int_equal(buf_puts(&b, "零"), ST_OK);
	assert_string_equal(b.data, "零");
	buf_reset(&b);
	buf_free(&b);
	buf_free(&b); /* twice is harmless */
	buf_reset(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_basic),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_vprintf),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_default_max),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_self_append),
		cmocka_unit_test(test_steal),
		cmocka_unit_test(test_zeroed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
