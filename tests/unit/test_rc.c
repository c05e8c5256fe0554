/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_rc.c - the rc tokenizer (core/rc.c): words, quotes, escapes,
 * comments, Chinese words, limits and errors, and quoting round trips.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "core/rc.h"

/* Splits line, expects ST_OK and exactly the n given words. */
static void
expect_words(const char *line, size_t n, ...)
{
	struct rc_words w;
	const char *why = NULL;
	va_list ap;
	size_t i;

	assert_int_equal(rc_split(line, &w, &why), ST_OK);
	assert_int_equal(w.n, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(w.v[i], va_arg(ap, const char *));
	va_end(ap);
	if (n > 0)
		assert_null(w.v[n]);
	rc_words_free(&w);
	assert_null(w.v);
}

static void
expect_error(const char *line, enum status want)
{
	struct rc_words w;
	const char *why = NULL;

	assert_int_equal(rc_split(line, &w, &why), want);
	assert_int_equal(w.n, 0);
	assert_null(w.v);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
	rc_words_free(&w); /* harmless on an empty result */
}

static void
test_plain_words(void **state)
{
	(void)state;
	expect_words("bind list q quit", 4, "bind", "list", "q", "quit");
	expect_words("  set\tpage-size   20  ", 3, "set", "page-size", "20");
	expect_words("bind list 工 search 投诉 噪音", 6, "bind", "list", "工",
	             "search", "投诉", "噪音");
	expect_words("set user 张三\r", 3, "set", "user", "张三");
}

static void
test_blank_and_comments(void **state)
{
	(void)state;
	expect_words("", 0);
	expect_words("   \t ", 0);
	expect_words("# 默认按键", 0);
	expect_words("   # 注释 \"未闭合", 0);
	expect_words("set user 张三 # 默认工号", 3, "set", "user", "张三");
	/* '#' inside a word is no comment */
	expect_words("bind list a#b quit", 4, "bind", "list", "a#b", "quit");
	expect_words("bind list \\# quit", 4, "bind", "list", "#", "quit");
	expect_words("bind list \"#\" quit", 4, "bind", "list", "#", "quit");
}

static void
test_double_quotes(void **state)
{
	(void)state;
	expect_words("set user \"张 三\"", 3, "set", "user", "张 三");
	expect_words("x \"说 \\\"你好\\\" \\\\ 好\\n\"", 2, "x",
	             "说 \"你好\" \\ 好\n");
	/* other backslashes stay literal inside double quotes */
	expect_words("x \"C:\\temp\\工单\"", 2, "x", "C:\\temp\\工单");
	expect_words("set language \"\"", 3, "set", "language", "");
	expect_words("x \"'单引号' # 不是注释\"", 2, "x",
	             "'单引号' # 不是注释");
}

static void
test_single_quotes(void **state)
{
	(void)state;
	expect_words("x '原样 \\\" \\n # 保留'", 2, "x",
	             "原样 \\\" \\n # 保留");
	expect_words("x ''", 2, "x", "");
	expect_words("x '\"'", 2, "x", "\"");
}

static void
test_backslash_and_concatenation(void **state)
{
	(void)state;
	expect_words("hello\\ 世界 x", 2, "hello 世界", "x");
	expect_words("a\\\\b", 1, "a\\b");
	expect_words("a\"b c\"'d e'f", 1, "ab cd ef");
	expect_words("\\工", 1, "工");
	expect_words("\\\"引号", 1, "\"引号");
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("set user \"张三", ST_PARSE);
	expect_error("set user '张三", ST_PARSE);
	expect_error("set user \"张三\\\"", ST_PARSE);
	expect_error("set user 张三\\", ST_PARSE);
	expect_error("bad \xff utf8", ST_BAD_UTF8);
	expect_error("bad \xe5\xb7 truncated", ST_BAD_UTF8);
}

static void
test_reason_language(void **state)
{
	struct rc_words w;
	const char *why = NULL;

	(void)state;
	i18n_set(LANG_EN);
	assert_int_equal(rc_split("a \"b", &w, &why), ST_PARSE);
	assert_string_equal(why, "unterminated double quote");
	assert_int_equal(rc_split("a 'b", &w, &why), ST_PARSE);
	assert_string_equal(why, "unterminated single quote");
	i18n_set(LANG_ZH);
	assert_int_equal(rc_split("a \"b", &w, &why), ST_PARSE);
	assert_string_equal(why, "双引号未闭合");
	assert_int_equal(rc_split("a\\", &w, &why), ST_PARSE);
	assert_string_equal(why, "行尾有多余的反斜杠");
	/* why may be NULL */
	assert_int_equal(rc_split("a \"b", &w, NULL), ST_PARSE);
}

static char *
words_line(size_t n, const char *word)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "%s%s", i ? " " : "", word),
		                 ST_OK);
	return buf_steal(&b);
}

static void
test_word_limit(void **state)
{
	struct rc_words w;
	char *line;

	(void)state;
	line = words_line(RC_MAX_WORDS, "词");
	assert_int_equal(rc_split(line, &w, NULL), ST_OK);
	assert_int_equal(w.n, 64);
	assert_string_equal(w.v[63], "词");
	rc_words_free(&w);
	free(line);

	line = words_line(RC_MAX_WORDS + 1, "词");
	expect_error(line, ST_TOO_LONG);
	free(line);

	/* a comment after 64 words is fine */
	line = words_line(RC_MAX_WORDS, "w");
	{
		char *with = xasprintf("%s # 第六十五个词", line);

		assert_int_equal(rc_split(with, &w, NULL), ST_OK);
		assert_int_equal(w.n, 64);
		rc_words_free(&w);
		free(with);
	}
	free(line);
}

static void
test_line_limit(void **state)
{
	struct rc_words w;
	char *line = xmalloc(RC_MAX_LINE + 2);

	(void)state;
	memset(line, 'x', RC_MAX_LINE);
	line[RC_MAX_LINE] = '\0';
	assert_int_equal(rc_split(line, &w, NULL), ST_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(strlen(w.v[0]), RC_MAX_LINE);
	rc_words_free(&w);
	line[RC_MAX_LINE] = 'x';
	line[RC_MAX_LINE + 1] = '\0';
	expect_error(line, ST_TOO_LONG);
	free(line);
}

static void
test_quote(void **state)
{
	char *q;

	(void)state;
	q = rc_quote("工单");
	assert_string_equal(q, "工单");
	free(q);
	q = rc_quote("search ");
	assert_string_equal(q, "\"search \"");
	free(q);
	q = rc_quote("");
	assert_string_equal(q, "\"\"");
	free(q);
	q = rc_quote("a\"b\\c\nd");
	assert_string_equal(q, "\"a\\\"b\\\\c\\nd\"");
	free(q);
	q = rc_quote("#x");
	assert_string_equal(q, "\"#x\"");
	free(q);
}

static void
test_join_round_trip(void **state)
{
	static const char *const src[] = {
	    "prompt", "search ", "",     "张 三", "say \"你好\"", "a\\b",
	    "#注释",  "多\n行",  "'单'", "plain", "\t制表",
	};
	enum { N = sizeof src / sizeof src[0] };
	char *words[N];
	size_t n = N, i;
	struct rc_words w;
	char *line;

	(void)state;
	for (i = 0; i < n; i++)
		words[i] = xstrdup(src[i]);
	line = rc_join(words, n);
	assert_int_equal(rc_split(line, &w, NULL), ST_OK);
	assert_int_equal(w.n, n);
	for (i = 0; i < n; i++)
		assert_string_equal(w.v[i], words[i]);
	rc_words_free(&w);
	free(line);

	line = rc_join(words, 2);
	assert_string_equal(line, "prompt \"search \"");
	free(line);
	line = rc_join(words, 0);
	assert_string_equal(line, "");
	free(line);
	for (i = 0; i < n; i++)
		free(words[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_words),
	    cmocka_unit_test(test_blank_and_comments),
	    cmocka_unit_test(test_double_quotes),
	    cmocka_unit_test(test_single_quotes),
	    cmocka_unit_test(test_backslash_and_concatenation),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_reason_language),
	    cmocka_unit_test(test_word_limit),
	    cmocka_unit_test(test_line_limit),
	    cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_join_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
