/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_training.c - the JSON of the training space (net/training.c):
 * the call body (training endpoint and the /v1/calls fallback), the result
 * body with its checks, and a TICKET flattened into grading facts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/grade.h"
#include "net/training.h"

static void
test_call_body(void **state)
{
	struct training_call_req q = {
	    .caller = "13800006021", .desk = "ENTERPRISE", .channel = "PHONE",
	    .ivr_intent = "公积金提取", .ivr_text = "我想问 \"租房\" 提取",
	    .agent = "demo-trainer", .scenario = "公积金提取咨询",
	    .fallback_desk = "GENERAL"};
	char *b;

	(void)state;
	b = api_training_call_body(&q, 0);
	assert_string_equal(b,
			    "{\"caller\":\"13800006021\",\"desk\":\"ENTERPRISE\","
			    "\"channel\":\"PHONE\",\"ivr\":{\"intent\":\"公积金提取\","
			    "\"transcript\":\"我想问 \\\"租房\\\" 提取\"},"
			    "\"agent\":\"demo-trainer\",\"scenario\":\"公积金提取咨询\"}");
	free(b);
	/* the fallback: no agent/scenario, the agent's own desk */
	b = api_training_call_body(&q, 1);
	assert_string_equal(b,
			    "{\"caller\":\"13800006021\",\"desk\":\"GENERAL\","
			    "\"channel\":\"PHONE\",\"ivr\":{\"intent\":\"公积金提取\","
			    "\"transcript\":\"我想问 \\\"租房\\\" 提取\"}}");
	free(b);
	q.ivr_intent = "";
	q.agent = NULL;
	q.fallback_desk = NULL;
	b = api_training_call_body(&q, 1);
	assert_string_equal(b, "{\"caller\":\"13800006021\",\"desk\":"
			       "\"ENTERPRISE\",\"channel\":\"PHONE\"}");
	free(b);
	b = api_training_call_body(&q, 0);
	assert_non_null(strstr(b, "\"agent\":null"));
	free(b);
}

static void
test_result_body(void **state)
{
	char n1[] = "主办单位 CHANGAN", d1[] = "期望 CHANGAN，实际 (空)";
	char n2[] = "办理方式 DIRECT", d2[] = "直接办结 (DIRECT)";
	struct grade_check checks[2] = {{n1, 20, 0, d1, 5},
					{n2, 10, 1, d2, 6}};
	struct grade_card card = {checks, 2, 10, 30, 33, 80, 0, 0, 75};
	struct training_result res = {
	    .scenario = "data/scenarios/02-qianxin.scn", .title = "欠薪求助",
	    .trainee = "demo-agent", .mode = "practice", .card = &card,
	    .duration_s = 75, .started_at = "2026-11-28T23:00:00Z",
	    .call_id = 12, .ticket_no = "DG20261129000001"};
	char *b;

	(void)state;
	b = api_training_result_body(&res);
	assert_string_equal(
	    b, "{\"scenario\":\"data/scenarios/02-qianxin.scn\",\"title\":"
	       "\"欠薪求助\",\"trainee\":\"demo-agent\",\"mode\":\"practice\","
	       "\"score\":10,\"max_score\":30,\"passed\":false,"
	       "\"duration_s\":75,\"started_at\":\"2026-11-28T23:00:00Z\","
	       "\"checks\":[{\"name\":\"主办单位 CHANGAN\",\"weight\":20,"
	       "\"passed\":false,\"detail\":\"期望 CHANGAN，实际 (空)\"},"
	       "{\"name\":\"办理方式 DIRECT\",\"weight\":10,\"passed\":true,"
	       "\"detail\":\"直接办结 (DIRECT)\"}],\"call_id\":12,"
	       "\"ticket_no\":\"DG20261129000001\"}");
	free(b);
	res.call_id = 0;
	res.ticket_no = "";
	b = api_training_result_body(&res);
	assert_non_null(strstr(b, "\"call_id\":null,\"ticket_no\":null}"));
	free(b);
}

static const char *
get(char **k, char **v, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(k[i], key))
			return v[i];
	return NULL;
}

static void
test_facts(void **state)
{
	static const char json[] =
	    "{\"ticket_no\":\"DG20261129000003\",\"appeal_type\":\"HELP\","
	    "\"category_code\":\"010101\",\"town_code\":\"CHANGAN\","
	    "\"caller_name\":\"刘先生\",\"is_anonymous\":false,"
	    "\"needs_reply\":true,\"tags\":[\"长者\",\"重复来电\"],"
	    "\"assist_units\":[{\"code\":\"HRSS\",\"name\":\"人社局\"}],"
	    "\"handling_mode\":null,\"version\":3,"
	    "\"lead_unit\":{\"code\":\"CHANGAN\"},"
	    "\"events\":[{\"id\":1}],"
	    "\"extra\":{\"company_size\":\"50人\",\"caller_name\":\"假的\"}}";
	char **k, **v;
	size_t n;

	(void)state;
	assert_int_equal(api_training_parse_facts(json, strlen(json), &k, &v,
						  &n),
			 ST_OK);
	assert_string_equal(get(k, v, n, "appeal_type"), "HELP");
	assert_string_equal(get(k, v, n, "caller_name"), "刘先生");
	assert_string_equal(get(k, v, n, "is_anonymous"), "");
	assert_string_equal(get(k, v, n, "needs_reply"), "yes");
	assert_string_equal(get(k, v, n, "tags"), "长者,重复来电");
	assert_string_equal(get(k, v, n, "assist_units"), "HRSS");
	assert_string_equal(get(k, v, n, "handling_mode"), "");
	assert_string_equal(get(k, v, n, "version"), "3");
	assert_string_equal(get(k, v, n, "lead_unit"), "CHANGAN");
	assert_string_equal(get(k, v, n, "company_size"), "50人");
	assert_null(get(k, v, n, "events"));
	assert_null(get(k, v, n, "extra"));
	assert_int_equal(n, 13); /* 12 members + company_size */
	api_training_kv_free(k, v, n);

	assert_int_equal(api_training_parse_facts("[1]", 3, &k, &v, &n),
			 ST_PARSE);
	assert_int_equal(n, 0);
	assert_int_equal(api_training_parse_facts("{\"a\":", 5, &k, &v, &n),
			 ST_PARSE);
}

/* The legal route told with not_accept is a fact of the form's name. */
static void
test_decision_facts(void **state)
{
	static const char json[] =
	    "{\"ticket_no\":\"DG20261129000007\",\"handling_mode\":"
	    "\"NOT_ACCEPTED\",\"events\":["
	    "{\"action\":\"create\",\"comment\":\"\"},"
	    "{\"action\":\"not_accept\",\"comment\":\"已进入司法程序，"
	    "请按法院通知参加诉讼\"}]}";
	static const char none[] =
	    "{\"ticket_no\":\"DG20261129000008\",\"events\":["
	    "{\"action\":\"urge\",\"comment\":\"请加快处理\"}]}";
	char **k, **v;
	size_t n;

	(void)state;
	assert_int_equal(api_training_parse_facts(json, strlen(json), &k, &v,
						  &n),
			 ST_OK);
	assert_string_equal(get(k, v, n, "not_accepted_route"),
			    "已进入司法程序，请按法院通知参加诉讼");
	assert_int_equal(n, 3);
	api_training_kv_free(k, v, n);
	assert_int_equal(api_training_parse_facts(none, strlen(none), &k, &v,
						  &n),
			 ST_OK);
	assert_null(get(k, v, n, "not_accepted_route"));
	api_training_kv_free(k, v, n);
}

/* The earlier ticket of a scenario's `ticket` line. */
static void
test_ticket_body(void **state)
{
	char c0[] = "noise_period", c1[] = "noise_source";
	char v0[] = "night", v1[] = "主山社区在建工地";
	char *codes[] = {c0, c1};
	char *values[] = {v0, v1};
	struct training_ticket_req q = {
	    42, "13800002317", "COMPLAINT", "050101", "DONGCHENG",
	    "主山社区在建工地夜间施工噪声扰民", codes, values, 2};
	char *body;

	(void)state;
	body = api_training_ticket_body(&q);
	assert_non_null(body);
	assert_string_equal(
	    body,
	    "{\"call_id\":\"42\",\"caller_phone\":\"13800002317\","
	    "\"channel\":\"PHONE\",\"appeal_type\":\"COMPLAINT\","
	    "\"category_code\":\"050101\",\"town_code\":\"DONGCHENG\","
	    "\"title\":\"主山社区在建工地夜间施工噪声扰民\","
	    "\"content\":\"主山社区在建工地夜间施工噪声扰民\","
	    "\"extra\":{\"noise_period\":\"night\","
	    "\"noise_source\":\"主山社区在建工地\"}}");
	free(body);
	q.n_extra = 0;
	q.town_code = "";
	body = api_training_ticket_body(&q);
	assert_null(strstr(body, "extra"));
	assert_null(strstr(body, "town_code"));
	free(body);
	/* nothing starts without a call, a caller or a title */
	q.call_id = 0;
	assert_int_equal(api_training_history_ticket(NULL, &q, NULL, NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_call_body),
	    cmocka_unit_test(test_result_body),
	    cmocka_unit_test(test_facts),
	    cmocka_unit_test(test_decision_facts),
	    cmocka_unit_test(test_ticket_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
