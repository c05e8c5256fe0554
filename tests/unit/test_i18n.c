/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_i18n.c - UI language selection, message tables (core/i18n.c) and
 * status codes (core/status.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/status.h"

/* Runs first: a fresh process speaks Chinese. */
static void
test_default_is_chinese(void **state)
{
	(void)state;
	assert_int_equal(i18n_get(), LANG_ZH);
	assert_string_equal(tr(MSG_APP_NAME), "12345 热线坐席");
}

static void
test_tr(void **state)
{
	int id;

	(void)state;
	i18n_set(LANG_ZH);
	assert_string_equal(tr(MSG_LOGIN_TITLE), "登录");
	assert_string_equal(tr(MSG_USERNAME), "工号");
	assert_string_equal(tr(MSG_TOO_SMALL), "终端窗口太小");
	i18n_set(LANG_EN);
	assert_int_equal(i18n_get(), LANG_EN);
	assert_string_equal(tr(MSG_APP_NAME), "12345 hotline desk");
	assert_string_equal(tr(MSG_LOGIN_TITLE), "Log in");
	assert_string_equal(tr(MSG_DISCONNECTED), "offline");
	/* every message exists in both languages, and they differ from
	 * one language to the other somewhere */
	for (id = 0; id < MSG__COUNT; id++) {
		const char *en, *zh;

		i18n_set(LANG_EN);
		en = tr((enum msg_id)id);
		i18n_set(LANG_ZH);
		zh = tr((enum msg_id)id);
		assert_non_null(en);
		assert_non_null(zh);
		assert_true(*en != '\0');
		assert_true(*zh != '\0');
	}
	/* out of range: never NULL */
	assert_string_equal(tr(MSG__COUNT), "?");
	assert_string_equal(tr((enum msg_id)-1), "?");
	/* an unknown language value falls back to Chinese */
	i18n_set((enum lang)7);
	assert_int_equal(i18n_get(), LANG_ZH);
	i18n_set(LANG_ZH);
}

struct pcase {
	const char *name;
	int ret;
	enum lang lang;
};

static void
test_parse(void **state)
{
	static const struct pcase cases[] = {
		{"zh", 0, LANG_ZH},          {"zh_CN", 0, LANG_ZH},
		{"zh_CN.UTF-8", 0, LANG_ZH}, {"zh-CN", 0, LANG_ZH},
		{"ZH", 0, LANG_ZH},          {"chinese", 0, LANG_ZH},
		{"Chinese", 0, LANG_ZH},     {"中文", 0, LANG_ZH},
		{"en", 0, LANG_EN},          {"en_US.UTF-8", 0, LANG_EN},
		{"en_GB", 0, LANG_EN},       {"EN", 0, LANG_EN},
		{"english", 0, LANG_EN},     {"English", 0, LANG_EN},
		{"en@euro", 0, LANG_EN},     {"", -1, LANG_ZH},
		{"C", -1, LANG_ZH},          {"C.UTF-8", -1, LANG_ZH},
		{"POSIX", -1, LANG_ZH},      {"fr_FR.UTF-8", -1, LANG_ZH},
		{"z", -1, LANG_ZH},          {"zhx", -1, LANG_ZH},
		{"eng", -1, LANG_ZH},        {"_en", -1, LANG_ZH},
		{"englishenglishenglish", -1, LANG_ZH},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum lang l = (enum lang)42;
		int r = i18n_parse(cases[i].name, &l);

		if (r != cases[i].ret)
			fail_msg("i18n_parse(\"%s\") = %d", cases[i].name, r);
		if (r == 0 && l != cases[i].lang)
			fail_msg("i18n_parse(\"%s\") → %d", cases[i].name,
				 (int)l);
		if (r != 0 && l != (enum lang)42)
			fail_msg("i18n_parse(\"%s\") wrote *out",
				 cases[i].name);
	}
	assert_int_equal(i18n_parse(NULL, &(enum lang){LANG_ZH}), -1);
}

static void
set_env(const char *language, const char *lc_all, const char *lc_messages,
	const char *lang)
{
	const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	const char *values[] = {language, lc_all, lc_messages, lang};
	int i;

	for (i = 0; i < 4; i++) {
		if (values[i])
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	}
}

static void
test_from_env(void **state)
{
	(void)state;
	set_env(NULL, NULL, NULL, NULL);
	assert_int_equal(i18n_from_env(), LANG_ZH);
	set_env(NULL, NULL, NULL, "en_US.UTF-8");
	assert_int_equal(i18n_from_env(), LANG_EN);
	set_env(NULL, NULL, NULL, "C.UTF-8");
	assert_int_equal(i18n_from_env(), LANG_ZH);
	set_env(NULL, NULL, NULL, "POSIX");
	assert_int_equal(i18n_from_env(), LANG_ZH);
	/* the first one set wins */
	set_env(NULL, "zh_CN.UTF-8", NULL, "en_US.UTF-8");
	assert_int_equal(i18n_from_env(), LANG_ZH);
	set_env(NULL, "C.UTF-8", "en_GB.UTF-8", NULL);
	assert_int_equal(i18n_from_env(), LANG_ZH);
	set_env(NULL, NULL, "en_GB.UTF-8", "zh_CN.UTF-8");
	assert_int_equal(i18n_from_env(), LANG_EN);
	set_env("en:zh", "C.UTF-8", NULL, NULL);
	assert_int_equal(i18n_from_env(), LANG_EN);
	set_env("zh_CN:en", NULL, NULL, "en_US.UTF-8");
	assert_int_equal(i18n_from_env(), LANG_ZH);
	/* empty means unset */
	set_env("", "", NULL, "en_US.UTF-8");
	assert_int_equal(i18n_from_env(), LANG_EN);
	set_env(NULL, NULL, NULL, NULL);
	/* from_env does not change the setting by itself */
	i18n_set(LANG_ZH);
	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(i18n_from_env(), LANG_EN);
	assert_int_equal(i18n_get(), LANG_ZH);
	unsetenv("LANG");
}

static void
test_name(void **state)
{
	(void)state;
	assert_string_equal(i18n_name(LANG_ZH), "zh");
	assert_string_equal(i18n_name(LANG_EN), "en");
}

/* Numbers and names never change meaning once released. */
static void
test_status(void **state)
{
	static const struct {
		enum status st;
		int num;
		const char *name;
	} codes[] = {
		{ST_OK, 0, "ok"},
		{ST_NOMEM, 1, "no_memory"},
		{ST_TOO_LONG, 2, "too_long"},
		{ST_INVALID, 3, "invalid"},
		{ST_BAD_UTF8, 4, "bad_utf8"},
		{ST_NOT_FOUND, 5, "not_found"},
		{ST_EXISTS, 6, "exists"},
		{ST_IO, 7, "io_error"},
		{ST_PARSE, 8, "parse_error"},
		{ST_UNKNOWN_ACTION, 9, "unknown_action"},
		{ST_UNKNOWN_CONTEXT, 10, "unknown_context"},
		{ST_BAD_KEY, 11, "bad_key"},
		{ST_UNKNOWN_OPTION, 12, "unknown_option"},
		{ST_TRANSITION_REFUSED, 13, "transition_refused"},
		{ST_FORBIDDEN, 14, "forbidden"},
		{ST_NETWORK, 15, "network"},
		{ST_TIMEOUT, 16, "timeout"},
		{ST_SERVER, 17, "server_error"},
		{ST_UNAUTHORIZED, 18, "unauthorized"},
		{ST_CONFLICT, 19, "conflict"},
		{ST_TOO_DEEP, 20, "too_deep"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_int_equal((int)codes[i].st, codes[i].num);
		assert_string_equal(status_name(codes[i].st), codes[i].name);
		i18n_set(LANG_ZH);
		assert_true(*status_msg(codes[i].st) != '\0');
		i18n_set(LANG_EN);
		assert_true(*status_msg(codes[i].st) != '\0');
	}
	i18n_set(LANG_ZH);
	assert_string_equal(status_msg(ST_FORBIDDEN), "无权执行该操作");
	assert_string_equal(status_msg(ST_TRANSITION_REFUSED),
			    "当前状态不允许该操作");
	i18n_set(LANG_EN);
	assert_string_equal(status_msg(ST_FORBIDDEN), "role may not do this");
	assert_string_equal(status_msg(ST_CONFLICT), "edit conflict");
	assert_string_equal(status_msg((enum status)999), "unknown status");
	i18n_set(LANG_ZH);
	assert_string_equal(status_msg((enum status)999), "未知状态");
	assert_string_equal(status_name((enum status)999), "unknown");
	assert_string_equal(status_name((enum status)-1), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_is_chinese),
		cmocka_unit_test(test_tr),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_from_env),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
