/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tui_online.c - the online queue's rows (tui/view_online.c): exactly
 * the window's width in display columns with Chinese text, channel labels,
 * the received time and the waiting time, "mine" for the agent's own
 * claim and the holder's name for another's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/intakeitem.h"
#include "core/utf8.h"
#include "tui/views.h"

static void
item(struct intake_item *it, const char *channel, const char *state,
     const char *by, const char *subject, const char *content, time_t at)
{
	memset(it, 0, sizeof *it);
	it->id = 1;
	it->channel = strdup(channel);
	it->state = strdup(state);
	it->claimed_by = strdup(by);
	it->subject = strdup(subject);
	it->content = strdup(content);
	it->citizen_phone = strdup("13800138011");
	it->received_at = at;
}

static void
test_row_widths(void **state)
{
	static const int widths[] = {80, 81, 100, 132};
	struct online_cols c;
	struct intake_item it;
	char row[1024];
	time_t now = 1795874400; /* 2026-11-28 14:00 UTC */
	size_t i;

	(void)state;
	item(&it, "PEOPLE_DAILY", "waiting", "",
	     "小区门口道路长期积水，深处没过脚踝，老人小孩出行很不方便，希望尽快疏通",
	     "", now - 95 * 60);
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		online_columns(widths[i], &c);
		online_format_row(&it, &c, now, "demo-agent", row, sizeof row);
		assert_int_equal((int)u8_width(row), widths[i]);
		assert_non_null(strstr(row, "人民网"));
		assert_non_null(strstr(row, "12:25"));
		assert_non_null(strstr(row, "1h35m"));
		assert_non_null(strstr(row, "13800138011"));
		assert_non_null(strstr(row, "待认领"));
		assert_non_null(strstr(row, "小区门口"));
	}
	intake_item_free(&it);
}

static void
test_row_states(void **state)
{
	struct online_cols c;
	struct intake_item it;
	char row[1024];
	time_t now = 1795874400;

	(void)state;
	online_columns(100, &c);
	/* no subject: the content's first line; claimed by me */
	item(&it, "WECHAT", "claimed", "demo-agent", "",
	     "餐馆油烟直排\n窗户都不敢开", now - 30);
	online_format_row(&it, &c, now, "demo-agent", row, sizeof row);
	assert_non_null(strstr(row, "微信"));
	assert_non_null(strstr(row, "我已认领"));
	assert_non_null(strstr(row, "餐馆油烟直排"));
	assert_null(strstr(row, "窗户"));
	assert_non_null(strstr(row, "30s"));
	/* another agent's claim names them */
	online_format_row(&it, &c, now, "demo-agent2", row, sizeof row);
	assert_non_null(strstr(row, "demo-agent "));
	assert_null(strstr(row, "我已认领"));
	intake_item_free(&it);
	/* an unknown channel code is shown as is; an old item by date */
	item(&it, "FAX", "waiting", "", "传真", "", now - 3 * 86400);
	online_format_row(&it, &c, now, "demo-agent", row, sizeof row);
	assert_non_null(strstr(row, "FAX"));
	assert_non_null(strstr(row, "11-25"));
	assert_non_null(strstr(row, "3d00h"));
	assert_int_equal((int)u8_width(row), 100);
	intake_item_free(&it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_widths),
		cmocka_unit_test(test_row_states),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	i18n_set(LANG_ZH);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
