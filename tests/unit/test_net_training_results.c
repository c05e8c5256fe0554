/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: net/training_results.c (GET /v1/training/results parsing). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../core/utf8.h"
#include "../../net/training_results.h"

static const char PAGE[] =
	"{\"items\":[{\"id\":7,\"scenario\":\"gjj-withdraw\","
	"\"title\":\"公积金提取咨询\",\"trainee\":\"demo-agent\","
	"\"mode\":\"practice\",\"score\":80,\"max_score\":100,"
	"\"passed\":true,\"duration_s\":245,"
	"\"started_at\":\"2026-11-28T20:18:50Z\","
	"\"checks\":[{\"name\":\"开场白\",\"weight\":10,\"passed\":true,"
	"\"detail\":\"说了工号\"},{\"name\":\"承办单位\",\"weight\":30,"
	"\"passed\":false,\"detail\":\"应转人社分局\"}],"
	"\"call_id\":12,\"ticket_no\":null,"
	"\"created_at\":\"2026-11-28T20:23:01Z\","
	"\"recorded_by\":\"demo-trainer\"},"
	"{\"id\":6,\"scenario\":\"wage\",\"title\":\"欠薪求助\","
	"\"trainee\":\"demo-agent2\",\"mode\":\"demo\",\"score\":30,"
	"\"max_score\":90,\"passed\":false,\"duration_s\":61,"
	"\"checks\":[],\"ticket_no\":\"20261128-000001\"}],"
	"\"next_cursor\":\"abc=/+\"}";

static void
test_page(void **state)
{
	struct tres_page p;
	char why[128];

	(void)state;
	assert_int_equal(api_tres_parse_page(PAGE, strlen(PAGE), &p, why,
					     sizeof why),
			 ST_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.next_cursor, "abc=/+");
	assert_int_equal(p.items[0].id, 7);
	assert_string_equal(p.items[0].title, "公积金提取咨询");
	assert_string_equal(p.items[0].trainee, "demo-agent");
	assert_string_equal(p.items[0].mode, "practice");
	assert_int_equal(p.items[0].score, 80);
	assert_int_equal(p.items[0].max_score, 100);
	assert_true(p.items[0].passed);
	assert_int_equal(p.items[0].duration_s, 245);
	assert_int_equal(p.items[0].call_id, 12);
	assert_string_equal(p.items[0].ticket_no, "");
	assert_string_equal(p.items[0].recorded_by, "demo-trainer");
	assert_int_equal(p.items[0].n_checks, 2);
	assert_string_equal(p.items[0].checks[1].name, "承办单位");
	assert_int_equal(p.items[0].checks[1].weight, 30);
	assert_false(p.items[0].checks[1].passed);
	assert_string_equal(p.items[0].checks[1].detail, "应转人社分局");
	assert_int_equal(tres_percent(&p.items[0]), 80);
	assert_string_equal(p.items[1].title, "欠薪求助");
	assert_false(p.items[1].passed);
	assert_int_equal(p.items[1].n_checks, 0);
	assert_string_equal(p.items[1].started_at, "");
	assert_string_equal(p.items[1].ticket_no, "20261128-000001");
	assert_int_equal(tres_percent(&p.items[1]), 33);
	tres_page_free(&p);
}

static void
test_last_page(void **state)
{
	static const char j[] = "{\"items\":[],\"next_cursor\":null}";
	struct tres_page p;

	(void)state;
	assert_int_equal(api_tres_parse_page(j, strlen(j), &p, NULL, 0),
			 ST_OK);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.next_cursor, "");
	tres_page_free(&p);
}

/* Control characters, newlines, bidi overrides and a bad escape are made
 * harmless: one line, valid UTF-8, no ESC. */
static void
test_hostile(void **state)
{
	static const char j[] =
		"{\"id\":3,\"title\":\"夜间\\u001b[31m施工\\n噪音\\u202e投诉\","
		"\"trainee\":\"a\\tb\",\"checks\":[{\"name\":\"x\\r\\ny\","
		"\"weight\":1,\"passed\":true,\"detail\":\"\\u0007响铃\"}]}";
	struct tres t;

	(void)state;
	assert_int_equal(api_tres_parse(j, strlen(j), &t, NULL, 0), ST_OK);
	assert_null(strchr(t.title, '\033'));
	assert_null(strchr(t.title, '\n'));
	assert_null(strstr(t.title, "\xe2\x80\xae"));
	assert_non_null(strstr(t.title, "施工"));
	assert_null(strchr(t.trainee, '\t'));
	assert_null(strchr(t.checks[0].name, '\n'));
	assert_null(strchr(t.checks[0].name, '\r'));
	assert_null(strchr(t.checks[0].detail, '\a'));
	assert_true(u8_valid(t.title, strlen(t.title)));
	tres_free(&t);
}

static void
test_missing(void **state)
{
	static const char j[] = "{\"id\":9}";
	static const char noid[] = "{\"title\":\"驾驶证到期换证\"}";
	struct tres t;
	char why[128];

	(void)state;
	assert_int_equal(api_tres_parse(j, strlen(j), &t, NULL, 0), ST_OK);
	assert_int_equal(t.id, 9);
	assert_string_equal(t.title, "");
	assert_int_equal(t.n_checks, 0);
	assert_int_equal(tres_percent(&t), 100);
	tres_free(&t);
	assert_int_equal(api_tres_parse(noid, strlen(noid), &t, why,
					sizeof why),
			 ST_PARSE);
	assert_non_null(strstr(why, "id"));
	assert_int_equal(t.id, 0);
	assert_null(t.title);
}

static void
test_wrong_types(void **state)
{
	static const struct {
		const char *json, *why;
	} cases[] = {
		{ "{\"items\":[{\"id\":1,\"score\":\"八十\"}]}",
		  "items[0].score" },
		{ "{\"items\":[{\"id\":1,\"passed\":1}]}", "items[0].passed" },
		{ "{\"items\":[{\"id\":1,\"title\":5}]}", "items[0].title" },
		{ "{\"items\":[{\"id\":1,\"checks\":{}}]}", "items[0].checks" },
		{ "{\"items\":[{\"id\":1},{\"id\":2,\"checks\":[{\"weight\":-1}]}]}",
		  "items[1].checks[0].weight" },
		{ "{\"items\":[{\"id\":1,\"checks\":[\"开场白\"]}]}",
		  "items[0].checks[0]" },
		{ "{\"items\":{}}", "items" },
		{ "{\"next_cursor\":null}", "items" },
		{ "{\"items\":[],\"next_cursor\":3}", "next_cursor" },
		{ "[]", "" },
		{ "{\"items\":[", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tres_page p;
		char why[160];

		why[0] = '\0';
		assert_int_equal(api_tres_parse_page(cases[i].json,
						     strlen(cases[i].json), &p,
						     why, sizeof why),
				 ST_PARSE);
		assert_int_equal(p.n, 0);
		assert_null(p.items);
		if (*cases[i].why)
			assert_non_null(strstr(why, cases[i].why));
	}
}

static void
test_copy(void **state)
{
	struct tres_page p;
	struct tres c;

	(void)state;
	assert_int_equal(api_tres_parse_page(PAGE, strlen(PAGE), &p, NULL, 0),
			 ST_OK);
	tres_copy(&c, &p.items[0]);
	tres_page_free(&p);
	assert_string_equal(c.title, "公积金提取咨询");
	assert_string_equal(c.checks[0].detail, "说了工号");
	tres_free(&c);
}

static void
test_path(void **state)
{
	char *p;

	(void)state;
	p = api_tres_list_path("demo-agent", NULL, "a b&c", 500);
	assert_string_equal(p, "/v1/training/results?limit=200"
			       "&trainee=demo-agent&cursor=a%20b%26c");
	free(p);
	p = api_tres_list_path("", "公积金", NULL, 0);
	assert_string_equal(p, "/v1/training/results?limit=1"
			       "&scenario=%E5%85%AC%E7%A7%AF%E9%87%91");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_last_page),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
