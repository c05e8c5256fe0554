/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_intake.c - JSON mapping of the online queue's replies
 * (net/intake_items.c) with Chinese and hostile text, and the item
 * helpers of core/intakeitem.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../core/intakeitem.h"
#include "../../core/utf8.h"
#include "../../net/intake_items.h"

static const char two_items[] =
	"{\"items\":["
	"{\"id\":3,\"channel\":\"WECHAT\",\"external_id\":\"wx-1\","
	"\"citizen_phone\":\"13800138011\",\"citizen_name\":\"王先生\","
	"\"subject\":\"夜间施工噪音扰民\","
	"\"content\":\"南城街道某工地每晚十一点后仍在打桩。\\n请求核查。\","
	"\"received_at\":\"2026-11-28T14:00:00Z\",\"waiting_s\":60,"
	"\"state\":\"waiting\",\"claimed_by\":null,\"claimed_at\":null,"
	"\"ticket_no\":null,\"created_by\":\"demo-cti\","
	"\"created_at\":\"2026-11-28T14:00:01Z\",\"version\":1},"
	"{\"id\":9,\"channel\":\"PEOPLE_DAILY\",\"external_id\":\"rmw-2\","
	"\"citizen_phone\":\"\",\"citizen_name\":\"\",\"subject\":\"\","
	"\"content\":\"小区门口积水\\n已反映多次\",\"state\":\"claimed\","
	"\"claimed_by\":\"demo-agent\",\"ticket_no\":null,\"version\":2}"
	"],\"next_cursor\":\"1795904504.9\"}";

static void
test_items_basic(void **state)
{
	struct intake_items l;
	char why[128];

	(void)state;
	assert_int_equal(api_intake_parse_items(two_items, strlen(two_items),
						&l, why, sizeof why),
			 ST_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, 3);
	assert_string_equal(l.items[0].channel, "WECHAT");
	assert_string_equal(l.items[0].citizen_name, "王先生");
	assert_string_equal(l.items[0].subject, "夜间施工噪音扰民");
	assert_string_equal(l.items[0].content,
			    "南城街道某工地每晚十一点后仍在打桩。\n请求核查。");
	assert_int_equal((long long)l.items[0].received_at, 1795874400LL);
	assert_string_equal(l.items[0].state, "waiting");
	assert_string_equal(l.items[0].claimed_by, "");
	assert_string_equal(l.items[0].ticket_no, "");
	assert_int_equal(l.items[0].version, 1);
	assert_int_equal(l.items[1].id, 9);
	assert_string_equal(l.items[1].claimed_by, "demo-agent");
	assert_int_equal((long long)l.items[1].received_at, 0);
	assert_string_equal(l.next_cursor, "1795904504.9");
	intake_items_free(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
}

static void
test_item_hostile(void **state)
{
	/* ESC sequences, a bidi override, a newline in a one-line field,
	 * invalid UTF-8 (as a JSON escape cannot carry it, raw bytes) */
	const char j[] =
		"{\"id\":1,\"channel\":\"WEB\",\"external_id\":\"w\\u001b[2J\","
		"\"citizen_phone\":\"138\\u202e0013\",\"citizen_name\":\"赵\\n女士\","
		"\"subject\":\"\\u001b]0;pwned\\u0007标题\","
		"\"content\":\"第一行\\u001b[31m红\\n第二行\\r\\n第三行\\u202e\","
		"\"state\":\"waiting\",\"version\":1}";
	struct intake_item it;
	char why[128];

	(void)state;
	assert_int_equal(api_intake_parse_item(j, strlen(j), &it, why,
					       sizeof why),
			 ST_OK);
	assert_null(strchr(it.external_id, '\x1b'));
	assert_null(strchr(it.subject, '\x1b'));
	assert_null(strchr(it.subject, '\a'));
	assert_null(strchr(it.content, '\x1b'));
	assert_null(strchr(it.content, '\r'));
	assert_null(strstr(it.citizen_phone, "\xe2\x80\xae"));
	assert_null(strstr(it.content, "\xe2\x80\xae"));
	assert_null(strchr(it.citizen_name, '\n'));
	assert_non_null(strstr(it.citizen_name, "女士"));
	assert_non_null(strstr(it.subject, "标题"));
	/* the content keeps its line breaks */
	assert_non_null(strstr(it.content, "红\n第二行"));
	assert_non_null(strstr(it.content, "第二行\n第三行"));
	assert_true(u8_valid(it.content, strlen(it.content)));
	intake_item_free(&it);
}

static void
test_invalid_utf8(void **state)
{
	const char j[] = "{\"id\":2,\"channel\":\"APP\",\"state\":\"waiting\","
			 "\"subject\":\"路灯\xff\xfe不亮\",\"content\":\"x\"}";
	struct intake_item it;

	(void)state;
	assert_int_equal(api_intake_parse_item(j, strlen(j), &it, NULL, 0),
			 ST_OK);
	assert_true(u8_valid(it.subject, strlen(it.subject)));
	assert_non_null(strstr(it.subject, "路灯"));
	assert_non_null(strstr(it.subject, "不亮"));
	intake_item_free(&it);
}

static void
test_bad_shapes(void **state)
{
	static const char *const bad[] = {
		"",
		"[]",
		"{\"items\":{}}",
		"{\"items\":[1]}",
		"{\"items\":[{\"channel\":\"WEB\",\"state\":\"waiting\"}]}",
		"{\"items\":[{\"id\":-4,\"channel\":\"WEB\",\"state\":\"waiting\"}]}",
		"{\"items\":[{\"id\":\"4\",\"channel\":\"WEB\",\"state\":\"waiting\"}]}",
		"{\"items\":[{\"id\":4,\"channel\":\"WE CHAT\",\"state\":\"waiting\"}]}",
		"{\"items\":[{\"id\":4,\"channel\":\"微信\",\"state\":\"waiting\"}]}",
		"{\"items\":[{\"id\":4,\"channel\":\"WEB\"}]}",
		"{\"items\":[{\"id\":4,\"channel\":\"WEB\",\"state\":\"waiting\","
		"\"content\":7}]}",
		"{\"items\":[{\"id\":4,\"channel\":\"WEB\",\"state\":\"waiting\","
		"\"received_at\":\"yesterday\"}]}",
		"{\"items\":[],\"next_cursor\":5}",
		"{\"items\":[]} trailing",
	};
	struct intake_items l;
	char why[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why[0] = '\0';
		assert_int_equal(api_intake_parse_items(bad[i], strlen(bad[i]),
							&l, why, sizeof why),
				 ST_PARSE);
		assert_null(l.items);
		assert_int_equal(l.n, 0);
		assert_true(why[0] != '\0');
	}
	/* an empty queue is fine */
	assert_int_equal(api_intake_parse_items("{\"items\":[]}", 12, &l, why,
						sizeof why),
			 ST_OK);
	assert_int_equal(l.n, 0);
	intake_items_free(&l);
}

static void
test_helpers(void **state)
{
	struct intake_item it = {0};
	struct intake_item copy;
	char out[64], small[8];
	char empty[] = "", content[] = "\n 小区门口道路积水\n老人出行不便",
	     subject[] = "路灯不亮";

	(void)state;
	it.id = 5;
	it.subject = empty;
	it.content = content;
	assert_string_equal(intake_item_headline(&it, out, sizeof out),
			    "小区门口道路积水");
	/* cut at a character boundary: 7 bytes hold two 3-byte characters */
	assert_string_equal(intake_item_headline(&it, small, sizeof small),
			    "小区");
	it.subject = subject;
	assert_string_equal(intake_item_headline(&it, out, sizeof out),
			    "路灯不亮");
	intake_item_copy(&copy, &it);
	assert_int_equal(copy.id, 5);
	assert_string_equal(copy.subject, "路灯不亮");
	assert_string_equal(copy.channel, "");
	assert_true(copy.subject != it.subject);
	intake_item_free(&copy);
	assert_null(copy.subject);

	assert_string_equal(intake_wait_text(-5, out, sizeof out), "0s");
	assert_string_equal(intake_wait_text(59, out, sizeof out), "59s");
	assert_string_equal(intake_wait_text(60, out, sizeof out), "1m");
	assert_string_equal(intake_wait_text(3599, out, sizeof out), "59m");
	assert_string_equal(intake_wait_text(3600 + 5 * 60, out, sizeof out),
			    "1h05m");
	assert_string_equal(intake_wait_text(2 * 86400 + 4 * 3600 + 59, out,
					     sizeof out),
			    "2d04h");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_basic),
		cmocka_unit_test(test_item_hostile),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bad_shapes),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
