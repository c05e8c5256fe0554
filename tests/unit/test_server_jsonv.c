/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_server_jsonv.c - strict request bodies (server/jsonv.c) and the
 * pure pieces of the ticket record (server/tkrec.c): ISO times, ID masking,
 * the field table, the TICKET JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/mem.h"
#include "server/jsonv.h"
#include "server/tkrec.h"

static cJSON *
parse(const char *s, struct verr *e)
{
	memset(e, 0, sizeof *e);
	return jsonv_parse_object(s, strlen(s), 0, e);
}

static void
expect_err(const char *body, size_t len, const char *code, const char *field)
{
	struct verr e = {0};
	cJSON *o = jsonv_parse_object(body, len, 0, &e);

	if (o) {
		fail_msg("accepted: %.60s", body);
		cJSON_Delete(o);
	}
	assert_int_equal(e.http, 400);
	assert_string_equal(e.code, code);
	assert_string_equal(e.field, field);
}

static void
test_accepts_chinese_object(void **state)
{
	struct verr e;
	cJSON *o = parse(" {\"title\":\"夜间施工噪音\",\"n\":-0.5e3,\"a\":[1,{}]}\n",
			 &e);

	(void)state;
	assert_non_null(o);
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(o, "title")->valuestring,
		"夜间施工噪音");
	assert_int_equal(e.http, 0);
	cJSON_Delete(o);
}

/* Same for a NUL-free body. */
static void
expect_err_s(const char *body, const char *code, const char *field)
{
	expect_err(body, strlen(body), code, field);
}

static void
test_empty_body(void **state)
{
	struct verr e = {0};
	cJSON *o;

	(void)state;
	expect_err_s("", "bad_json", "");
	expect_err_s("  \n", "bad_json", "");
	o = jsonv_parse_object(" ", 1, 1, &e);
	assert_non_null(o);
	assert_true(cJSON_IsObject(o));
	assert_null(o->child);
	cJSON_Delete(o);
}

static void
test_syntax(void **state)
{
	(void)state;
	expect_err_s("{\"a\":", "bad_json", "");
	expect_err_s("{} x", "bad_json", "");
	expect_err_s("[1]", "bad_json", "");
	expect_err("\"标题\"", strlen("\"标题\""), "bad_json", "");
	expect_err_s("{\"a\":\"\\ud800\"}", "bad_json", "");
	/* leading zeros, which cJSON alone accepts */
	expect_err_s("{\"amount\":01}", "bad_json", "amount");
	expect_err_s("{\"amount\":-007}", "bad_json", "amount");
}

static void
test_leading_zero_is_not_a_false_alarm(void **state)
{
	struct verr e;
	cJSON *o = parse("{\"a\":0,\"b\":0.01,\"c\":1e-05,\"d\":[0,10,-0],"
			 "\"e\":\"007\"}",
			 &e);

	(void)state;
	assert_non_null(o);
	cJSON_Delete(o);
}

static void
test_depth(void **state)
{
	char buf[256];
	struct verr e;
	cJSON *o;
	int i, n = 0;

	(void)state;
	/* exactly JSONV_MAX_DEPTH levels pass */
	for (i = 0; i < JSONV_MAX_DEPTH; i++)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "{\"a\":");
	n += snprintf(buf + n, sizeof buf - (size_t)n, "1");
	for (i = 0; i < JSONV_MAX_DEPTH; i++)
		buf[n++] = '}';
	buf[n] = '\0';
	o = parse(buf, &e);
	assert_non_null(o);
	cJSON_Delete(o);
	/* one more does not */
	memmove(buf + 5, buf, (size_t)n + 1);
	memcpy(buf, "{\"a\":", 5);
	n += 5;
	buf[n++] = '}';
	buf[n] = '\0';
	expect_err(buf, strlen(buf), "bad_json", "");
	/* brackets inside strings do not count */
	o = parse("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}", &e);
	assert_non_null(o);
	cJSON_Delete(o);
}

static void
test_utf8_names_the_field(void **state)
{
	(void)state;
	expect_err_s("{\"title\":\"ab\xff\"}", "bad_utf8", "title");
	expect_err_s("{\"ok\":\"好\",\"address\":\"\xc0\xaf\"}", "bad_utf8",
		   "address");
	expect_err_s("{\"extra\":{\"x\":\"\xed\xa0\x80\"}}", "bad_utf8",
		   "extra");
	expect_err_s("{\"tags\":[\"\xe5\x99\"]}", "bad_utf8", "tags");
}

static void
test_nul_and_controls(void **state)
{
	static const char raw_nul[] = "{\"title\":\"a\0b\"}";

	(void)state;
	expect_err_s("{\"title\":\"a\\u0000b\"}", "invalid_field", "title");
	expect_err_s("{\"x\":1,\"content\":\"\\u0000\"}", "invalid_field",
		   "content");
	expect_err(raw_nul, sizeof raw_nul - 1, "bad_json", "title");
	expect_err_s("{\"title\":\"a\nb\"}", "bad_json", "title");
	expect_err_s("{\"title\":\"a\x1b[31mb\"}", "bad_json", "title");
}

static void
test_escaped_controls_are_text(void **state)
{
	struct verr e;
	cJSON *o = parse("{\"t\":\"\\u001b[31m红\\n\\t\"}", &e);

	(void)state;
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "t")->valuestring,
			    "\x1b[31m红\n\t");
	cJSON_Delete(o);
}

static void
test_check_keys(void **state)
{
	static const char *const allowed[] = {"title", "content", NULL};
	struct verr e;
	cJSON *o;

	(void)state;
	o = parse("{\"title\":\"a\",\"content\":\"b\"}", &e);
	assert_int_equal(jsonv_check_keys(o, allowed, NULL, &e), 0);
	cJSON_Delete(o);
	o = parse("{\"title\":\"a\",\"state\":\"DRAFT\"}", &e);
	assert_int_equal(jsonv_check_keys(o, allowed, "x.", &e), -1);
	assert_string_equal(e.field, "x.state");
	cJSON_Delete(o);
	o = parse("{\"title\":\"a\",\"title\":\"b\"}", &e);
	assert_int_equal(jsonv_check_keys(o, allowed, NULL, &e), -1);
	assert_string_equal(e.code, "invalid_field");
	assert_non_null(strstr(e.msg, "twice"));
	cJSON_Delete(o);
}

static void
test_text_limits(void **state)
{
	struct verr e = {0};

	(void)state;
	/* 100 Chinese characters are 300 bytes but 100 characters */
	char s[400] = "";
	int i;

	for (i = 0; i < 100; i++)
		memcpy(s + i * 3, "长", 3);
	s[300] = '\0';
	assert_int_equal(jsonv_text(s, "title", 100, 1, 1, &e), 0);
	memcpy(s + 300, "长", 4);
	assert_int_equal(jsonv_text(s, "title", 100, 1, 1, &e), -1);
	assert_string_equal(e.field, "title");
	assert_int_equal(jsonv_text("", "title", 100, 1, 1, &e), -1);
	assert_int_equal(jsonv_text("a\nb", "title", 100, 1, 0, &e), -1);
	assert_int_equal(jsonv_text("a\nb", "content", 100, 0, 0, &e), 0);
}

static void
test_iso_times(void **state)
{
	char out[32];
	long long t = 0;

	(void)state;
	assert_int_equal(tk_parse_iso("2026-11-28T20:18:50Z", &t), 0);
	assert_int_equal(t, 1795897130LL);
	tk_iso_time(out, t);
	assert_string_equal(out, "2026-11-28T20:18:50Z");
	assert_int_equal(tk_parse_iso("2026-11-29T04:18:50+08:00", &t), 0);
	assert_int_equal(t, 1795897130LL);
	assert_int_equal(tk_parse_iso("2026-11-28T20:18:50.250Z", &t), 0);
	assert_int_equal(t, 1795897130LL);
	assert_int_equal(tk_parse_iso("2028-02-29T00:00:00Z", &t), 0);
	assert_int_equal(tk_parse_iso("2026-02-29T00:00:00Z", &t), -1);
	assert_int_equal(tk_parse_iso("2026-13-01T00:00:00Z", &t), -1);
	assert_int_equal(tk_parse_iso("2026-11-28 20:18:50Z", &t), -1);
	assert_int_equal(tk_parse_iso("2026-11-28T20:18:50", &t), -1);
	assert_int_equal(tk_parse_iso("2026-11-28T20:18:50Zjunk", &t), -1);
	assert_int_equal(tk_parse_iso("明天", &t), -1);
}

static void
test_mask(void **state)
{
	char *m;

	(void)state;
	m = tk_mask_id("44190019900101123X");
	assert_string_equal(m, "4419**********123X");
	free(m);
	m = tk_mask_id("441900900101123");
	assert_string_equal(m, "4419*******1123");
	free(m);
	m = tk_mask_id("12345678");
	assert_string_equal(m, "********");
	free(m);
}

static void
test_field_table(void **state)
{
	int i;

	(void)state;
	assert_int_equal(tkf_lookup("ticket_no"), TKF_TICKET_NO);
	assert_int_equal(tkf_lookup("extra"), TKF_EXTRA);
	assert_int_equal(tkf_lookup("nope"), -1);
	assert_false(tkf_stored(TKF_CATEGORY_NAME));
	assert_false(tkf_stored(TKF_WARNING));
	assert_true(tkf_stored(TKF_ASSIST_UNITS));
	/* nothing the server owns is writable */
	for (i = 0; i < TKF__COUNT; i++) {
		if (tkf_info[i].flags & TKF_IN)
			assert_true(tkf_stored((enum tkf)i));
	}
	assert_false(tkf_info[TKF_STATE].flags & TKF_IN);
	assert_false(tkf_info[TKF_VERSION].flags & TKF_IN);
	assert_true(tkf_info[TKF_TITLE].flags & TKF_REQ);
}

static void
test_ticket_json(void **state)
{
	struct tk_rec r;
	struct tk_event ev;
	cJSON *o, *x;
	char *text;

	(void)state;
	tk_rec_init(&r);
	tk_rec_str(&r, TKF_TICKET_NO, "DG20261128000123");
	tk_rec_str(&r, TKF_TITLE, "噪音");
	tk_rec_str(&r, TKF_STATE, "HANDLING");
	tk_rec_str(&r, TKF_ID_NUMBER, "44190019900101123X");
	tk_rec_str(&r, TKF_TAGS, "[\"长者\"]");
	tk_rec_int(&r, TKF_VERSION, 3);
	tk_rec_int(&r, TKF_NEEDS_REPLY, 1);
	tk_rec_int(&r, TKF_DEADLINE, 1000); /* long past: red */
	tk_event_set(&ev, "demo-agent", "create", NULL, "DRAFT", "");
	ev.id = 7;
	ev.at = 1795897130LL;
	o = tk_rec_to_json(&r, 1795897130LL, NULL, 1, &ev, 1);
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(o, "id_number")->valuestring,
		"4419**********123X");
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(o, "warning")->valuestring,
		"red");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "overdue")));
	assert_true(cJSON_IsNull(
		cJSON_GetObjectItemCaseSensitive(o, "handling_mode")));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "merged_into"));
	x = cJSON_GetObjectItemCaseSensitive(o, "tags");
	assert_string_equal(cJSON_GetArrayItem(x, 0)->valuestring, "长者");
	x = cJSON_GetObjectItemCaseSensitive(o, "events");
	assert_int_equal(cJSON_GetArraySize(x), 1);
	text = cJSON_PrintUnformatted(cJSON_GetArrayItem(x, 0));
	assert_string_equal(text, "{\"id\":7,\"at\":\"2026-11-28T20:18:50Z\","
				  "\"actor\":\"demo-agent\",\"action\":\"create\","
				  "\"from_state\":null,\"to_state\":\"DRAFT\","
				  "\"comment\":\"\"}");
	cJSON_free(text);
	/* the first key is ticket_no, the last extra */
	assert_string_equal(o->child->string, "ticket_no");
	cJSON_Delete(o);
	/* draft: no light even with a deadline */
	tk_rec_str(&r, TKF_STATE, "DRAFT");
	o = tk_rec_to_json(&r, 1795897130LL, NULL, 0, NULL, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "warning")));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "events"));
	cJSON_Delete(o);
	tk_event_free(&ev);
	tk_rec_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_chinese_object),
		cmocka_unit_test(test_empty_body),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_leading_zero_is_not_a_false_alarm),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_utf8_names_the_field),
		cmocka_unit_test(test_nul_and_controls),
		cmocka_unit_test(test_escaped_controls_are_text),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_text_limits),
		cmocka_unit_test(test_iso_times),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_field_table),
		cmocka_unit_test(test_ticket_json),
	};

	return cmocka_run_group_tests_name("server_jsonv", tests, NULL, NULL);
}
