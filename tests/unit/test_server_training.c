/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_server_training.c - the training space's pure pieces
 * (server/training.c): the TRAINING_RESULT body checks and JSON, and the
 * visibility rules of training tickets.
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

#include "core/buf.h"
#include "core/mem.h"
#include "server/training.h"

static const char *const good =
	"{\"scenario\":\"欠薪求助\",\"title\":\"欠薪求助（转人社分局）\","
	"\"trainee\":\"demo-agent\",\"mode\":\"practice\",\"score\":70,"
	"\"max_score\":100,\"passed\":true,\"duration_s\":312,"
	"\"started_at\":\"2026-11-29T04:18:50+08:00\","
	"\"checks\":[{\"name\":\"开场白\",\"weight\":10,\"passed\":true,"
	"\"detail\":\"工号已报\"},{\"name\":\"承办单位\",\"weight\":30,"
	"\"passed\":false}],\"call_id\":12,\"ticket_no\":null}";

/* Parse body with key set to value (JSON text) or removed (NULL). */
static int
parse_with(const char *key, const char *value,
	   struct store_training_result *out, struct verr *e)
{
	cJSON *o = cJSON_Parse(good);
	int rc;

	assert_non_null(o);
	if (key) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
		if (value)
			cJSON_AddItemToObject(o, key, cJSON_Parse(value));
	}
	memset(e, 0, sizeof *e);
	rc = training_result_parse(o, out, e);
	cJSON_Delete(o);
	return rc;
}

static void
expect_bad(const char *key, const char *value, int http, const char *code,
	   const char *field)
{
	struct store_training_result r;
	struct verr e;

	if (parse_with(key, value, &r, &e) == 0) {
		store_training_result_free(&r);
		fail_msg("accepted %s = %s", key, value ? value : "(none)");
	}
	assert_int_equal(e.http, http);
	assert_string_equal(e.code, code);
	assert_string_equal(e.field, field);
}

static void
test_good_result(void **state)
{
	struct store_training_result r;
	struct verr e;
	cJSON *j, *c;

	(void)state;
	assert_int_equal(parse_with(NULL, NULL, &r, &e), 0);
	assert_string_equal(r.scenario, "欠薪求助");
	assert_string_equal(r.trainee, "demo-agent");
	assert_int_equal(r.score, 70);
	assert_int_equal(r.max_score, 100);
	assert_int_equal(r.passed, 1);
	assert_int_equal(r.duration_s, 312);
	/* 04:18:50+08:00 is 20:18:50Z the day before */
	assert_int_equal(r.started_at, 1795897130LL);
	assert_int_equal(r.call_id, 12);
	assert_string_equal(r.ticket_no, "");
	/* checks normalised: detail defaults to "" */
	c = cJSON_Parse(r.checks);
	assert_int_equal(cJSON_GetArraySize(c), 2);
	assert_string_equal(
		cJSON_GetObjectItem(cJSON_GetArrayItem(c, 1), "detail")
			->valuestring,
		"");
	cJSON_Delete(c);
	r.id = 5;
	r.recorded_by = xstrdup("demo-trainer");
	r.created_at = 1795897381LL;
	j = training_result_to_json(&r);
	assert_string_equal(cJSON_GetObjectItem(j, "title")->valuestring,
			    "欠薪求助（转人社分局）");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "ticket_no")));
	assert_int_equal(cJSON_GetObjectItem(j, "call_id")->valueint, 12);
	assert_string_equal(cJSON_GetObjectItem(j, "started_at")->valuestring,
			    "2026-11-28T20:18:50Z");
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(j, "checks")), 2);
	cJSON_Delete(j);
	store_training_result_free(&r);
}

static void
test_bad_results(void **state)
{
	struct buf many;
	size_t i;

	(void)state;
	expect_bad("score", NULL, 400, "missing_field", "score");
	expect_bad("trainee", NULL, 400, "missing_field", "trainee");
	expect_bad("checks", NULL, 400, "missing_field", "checks");
	expect_bad("score", "101", 400, "invalid_field", "score");
	expect_bad("score", "-1", 400, "invalid_field", "score");
	expect_bad("score", "7.5", 400, "invalid_field", "score");
	expect_bad("score", "\"70\"", 400, "invalid_field", "score");
	expect_bad("mode", "\"exam\"", 400, "unknown_value", "mode");
	expect_bad("passed", "1", 400, "invalid_field", "passed");
	expect_bad("title", "\"\"", 400, "missing_field", "title");
	expect_bad("title", "\"两行\\n标题\"", 400, "invalid_field", "title");
	expect_bad("started_at", "\"昨天\"", 400, "invalid_field",
		   "started_at");
	expect_bad("call_id", "0", 400, "invalid_field", "call_id");
	expect_bad("ticket_no", "\"不是编号\"", 400, "invalid_field",
		   "ticket_no");
	expect_bad("checks", "{}", 400, "invalid_field", "checks");
	expect_bad("checks", "[1]", 400, "invalid_field", "checks[0]");
	expect_bad("checks", "[{\"weight\":1,\"passed\":true}]", 400,
		   "missing_field", "checks[0].name");
	expect_bad("checks",
		   "[{\"name\":\"开场白\",\"weight\":1,\"passed\":true},"
		   "{\"name\":\"结束语\",\"weight\":-2,\"passed\":true}]",
		   400, "invalid_field", "checks[1].weight");
	expect_bad("checks", "[{\"name\":\"开场白\",\"weight\":1}]", 400,
		   "missing_field", "checks[0].passed");
	expect_bad("checks",
		   "[{\"name\":\"开场白\",\"weight\":1,\"passed\":true,"
		   "\"colour\":1}]",
		   400, "invalid_field", "checks[0].colour");
	expect_bad("extra", "1", 400, "invalid_field", "extra");
	/* 100 checks pass, 101 do not */
	buf_init(&many, 0);
	buf_puts(&many, "[");
	for (i = 0; i < 101; i++)
		buf_printf(&many, "%s{\"name\":\"项%zu\",\"weight\":1,"
				  "\"passed\":true}",
			   i ? "," : "", i);
	buf_puts(&many, "]");
	expect_bad("checks", many.data, 400, "invalid_field", "checks");
	buf_free(&many);
}

static void
test_visibility(void **state)
{
	struct tk_rec t;

	(void)state;
	tk_rec_init(&t);
	assert_int_equal(training_ticket(&t), 0);
	assert_int_equal(training_visible(ROLE_UNIT, &t), 1);
	assert_int_equal(training_write_refused(ROLE_TRAINER, &t), 1);
	assert_int_equal(training_write_refused(ROLE_AGENT, &t), 0);
	tk_rec_int(&t, TKF_TRAINING, 1);
	assert_int_equal(training_ticket(&t), 1);
	assert_int_equal(training_visible(ROLE_UNIT, &t), 0);
	assert_int_equal(training_visible(ROLE_DISPATCHER, &t), 1);
	assert_int_equal(training_write_refused(ROLE_TRAINER, &t), 0);
	tk_rec_free(&t);
}

/* Private desks: a training call rings only its agent even while another
 * agent with the desk has been READY longer; desks are reused and run out. */
static void
test_private_desks(void **state)
{
	struct rt_policy pol = {.ring_timeout_ms = 15000, .acw_timed = 1,
				.acw_ms = 60000, .max_extensions = 3};
	struct rt *r = rt_new(&pol);
	unsigned general = 1u << DESK_GENERAL;
	const struct rt_call *c;
	long long ids[RT_MAX_DESKS];
	char name[32];
	int d, d2, i, first = DESK__COUNT;

	(void)state;
	assert_int_equal(training_real_desks(), (1u << DESK__COUNT) - 1u);
	rt_agent_seen(r, "坐席甲", general, 1000);
	rt_agent_seen(r, "坐席乙", general, 1000);
	rt_set_state(r, "坐席甲", RT_READY, NULL, 1000); /* ready longest */
	rt_set_state(r, "坐席乙", RT_READY, NULL, 2000);
	d = training_desk_claim(r, "坐席乙", general, NULL, 0, 3000);
	assert_int_equal(d, first);
	assert_int_equal(training_desk_bits(r, "坐席乙"), 1u << d);
	assert_int_equal(training_desk_bits(r, "坐席甲"), 0);
	assert_int_equal(rt_offer(r, 1, d, 3000), RT_OK);
	c = rt_find_call(r, 1);
	assert_int_equal(c->state, RTC_RINGING);
	assert_string_equal(c->agent, "坐席乙");
	/* a live call goes to the other agent; queue figures stay clean */
	assert_int_equal(rt_offer(r, 2, DESK_GENERAL, 3100), RT_OK);
	assert_string_equal(rt_find_call(r, 2)->agent, "坐席甲");
	/* the same agent keeps its desk */
	ids[0] = 1;
	assert_int_equal(training_desk_claim(r, "坐席乙", general, ids, 1,
					     3200),
			 d);
	/* an unknown agent is registered with its desks and a new desk */
	d2 = training_desk_claim(r, "学员丙", general, ids, 1, 3300);
	assert_int_equal(d2, first + 1);
	assert_non_null(rt_find_agent(r, "学员丙"));
	assert_int_equal(rt_find_agent(r, "学员丙")->desks,
			 general | (1u << d2));
	/* once call 1 is not listed, its desk is free and taken away */
	d2 = training_desk_claim(r, "学员丁", 0, NULL, 0, 3400);
	assert_int_equal(d2, first);
	assert_int_equal(training_desk_bits(r, "坐席乙"), 0);
	/* pruning keeps only the calls the engine still has */
	ids[0] = 99;
	ids[1] = 2;
	assert_int_equal(training_calls_prune(r, ids, 2), 1);
	assert_int_equal(ids[0], 2);
	/* every private desk busy: -1 */
	for (i = 0; i < RT_MAX_DESKS - first; i++) {
		snprintf(name, sizeof name, "学员%d", i);
		d = training_desk_claim(r, name, 0, ids, (size_t)i, 4000);
		assert_int_equal(d, first + i);
		assert_int_equal(rt_offer(r, 100 + i, d, 4000), RT_OK);
		ids[i] = 100 + i;
	}
	assert_int_equal(training_desk_claim(r, "最后一位", 0, ids,
					     (size_t)i, 4000),
			 -1);
	rt_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_result),
		cmocka_unit_test(test_bad_results),
		cmocka_unit_test(test_visibility),
		cmocka_unit_test(test_private_desks),
	};

	return cmocka_run_group_tests_name("server_training", tests, NULL,
					   NULL);
}
