/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_stats.c - JSON mapping of the supervisor statistics
 * (net/stats.c): live board, daily stats, hotspots, broadcasts, request
 * bodies; hostile strings, nulls and wrong types.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../core/statsmodel.h"
#include "../../net/stats.h"

#define P(s) (s), strlen(s)

static const char live_json[] =
	"{\"as_of\":\"2026-11-28T10:00:00+08:00\","
	"\"queues\":[{\"desk\":\"GENERAL\",\"waiting\":3,\"longest_wait_s\":42,"
	"\"agents\":{\"logged_in\":5,\"READY\":1,\"NOT_READY\":2,"
	"\"RINGING\":0,\"TALKING\":1,\"HOLD\":0,\"ACW\":1}},"
	"{\"desk\":\"CARE\",\"waiting\":0,\"longest_wait_s\":null}],"
	"\"agents\":[{\"username\":\"a1001\",\"display_name\":\"张小明\","
	"\"desks\":[\"GENERAL\",\"CARE\"],\"state\":\"NOT_READY\","
	"\"reason\":\"用餐\",\"since\":\"2026-11-28T01:30:00Z\","
	"\"in_state_s\":1800,\"call_id\":null,\"ticket_no\":null,"
	"\"handled_today\":17,\"aht_s\":215,\"alert\":\"long_not_ready\"},"
	"{\"username\":\"a1002\",\"display_name\":\"李\\u001b[31m红\","
	"\"state\":\"TALKING\",\"call_id\":88,"
	"\"ticket_no\":\"DG20261128000123\",\"aht_s\":null,\"alert\":null}],"
	"\"today\":{\"offered\":120,\"answered\":114,\"answer_rate\":0.95,"
	"\"service_level_15s\":0.8125,\"abandoned\":6,\"abandon_rate\":0.05,"
	"\"avg_wait_s\":9,\"longest_wait_s\":80,\"att_s\":180,\"acw_s\":30,"
	"\"aht_s\":210,\"tickets\":100,\"direct\":60,\"transferred\":40,"
	"\"direct_answer_rate\":0.6,\"transfer_rate\":0.4,"
	"\"by_appeal_type\":{\"CONSULT\":70,\"COMPLAINT\":30},"
	"\"by_channel\":{\"PHONE\":90,\"WEB\":10}},"
	"\"hour\":{\"offered\":0,\"answered\":0,\"answer_rate\":null,"
	"\"service_level_15s\":null,\"avg_wait_s\":null,\"aht_s\":null},"
	"\"tickets\":{\"overdue\":4,\"due_soon\":7,\"returns_pending\":2,"
	"\"extensions_pending\":1,\"supervised\":3},"
	"\"broadcasts\":[{\"id\":5,\"message\":\"今天下午三点开会\","
	"\"from\":\"班长王\",\"desk\":null,"
	"\"at\":\"2026-11-28T09:00:00+08:00\",\"acked\":3,\"targets\":10}]}";

static void
test_live(void **state)
{
	struct stats_live s;
	char why[120];

	(void)state;
	assert_int_equal(api_stats_parse_live(P(live_json), &s, why,
					      sizeof why),
			 ST_OK);
	assert_int_equal(s.as_of, 1795831200); /* 02:00Z */
	assert_int_equal(s.n_queues, 2);
	assert_string_equal(s.queues[0].desk, "GENERAL");
	assert_int_equal(s.queues[0].waiting, 3);
	assert_int_equal(s.queues[0].longest_wait_s, 42);
	assert_int_equal(s.queues[0].logged_in, 5);
	assert_int_equal(s.queues[0].not_ready, 2);
	assert_int_equal(s.queues[0].acw, 1);
	assert_int_equal(s.queues[1].longest_wait_s, STATS_NONE);
	assert_int_equal(s.queues[1].logged_in, 0);
	assert_true(s.have_agents);
	assert_int_equal(s.n_agents, 2);
	assert_string_equal(s.agents[0].display_name, "张小明");
	assert_int_equal(s.agents[0].n_desks, 2);
	assert_string_equal(s.agents[0].desks[1], "CARE");
	assert_string_equal(s.agents[0].reason, "用餐");
	assert_int_equal(s.agents[0].in_state_s, 1800);
	assert_int_equal(s.agents[0].call_id, 0);
	assert_string_equal(s.agents[0].ticket_no, "");
	assert_string_equal(s.agents[0].alert, "long_not_ready");
	/* the escape sequence is gone, the text kept */
	assert_null(strchr(s.agents[1].display_name, 0x1b));
	assert_non_null(strstr(s.agents[1].display_name, "红"));
	assert_int_equal(s.agents[1].aht_s, STATS_NONE);
	assert_string_equal(s.agents[1].alert, "");
	assert_int_equal(s.agents[1].call_id, 88);
	assert_int_equal(s.today.offered, 120);
	assert_true(s.today.service_level_15s > 0.8124 &&
		    s.today.service_level_15s < 0.8126);
	assert_int_equal(s.today.aht_s, 210);
	assert_int_equal(s.today.n_appeal, 2);
	assert_string_equal(s.today.by_appeal_type[1].code, "COMPLAINT");
	assert_int_equal(s.today.by_appeal_type[1].count, 30);
	assert_int_equal(s.today.by_channel[0].count, 90);
	assert_true(s.hour.answer_rate < 0);
	assert_int_equal(s.hour.avg_wait_s, STATS_NONE);
	assert_int_equal(s.hour.longest_wait_s, STATS_NONE); /* missing */
	assert_int_equal(s.tickets.overdue, 4);
	assert_int_equal(s.tickets.extensions_pending, 1);
	assert_int_equal(s.broadcasts.n, 1);
	assert_string_equal(s.broadcasts.items[0].from, "班长王");
	assert_string_equal(s.broadcasts.items[0].desk, "");
	assert_int_equal(s.broadcasts.items[0].targets, 10);
	stats_live_free(&s);
	assert_null(s.agents);
}

static void
test_live_event_without_agents(void **state)
{
	struct stats_live s;

	(void)state;
	assert_int_equal(api_stats_parse_live(P("{\"queues\":[],\"today\":"
						"{\"offered\":2}}"),
					      &s, NULL, 0),
			 ST_OK);
	assert_false(s.have_agents);
	assert_int_equal(s.n_agents, 0);
	assert_int_equal(s.today.offered, 2);
	assert_true(s.today.answer_rate < 0);
	stats_live_free(&s);
}

static void
test_live_wrong_types(void **state)
{
	static const struct {
		const char *json, *why;
	} bad[] = {
		{ "[]", "not an object" },
		{ "{\"queues\":{}}", "queues: not an array" },
		{ "{\"queues\":[{\"waiting\":1}]}", "queues[0].desk: missing" },
		{ "{\"queues\":[{\"desk\":\"G\",\"waiting\":\"3\"}]}",
		  "queues[0].waiting: not a number" },
		{ "{\"agents\":[{\"username\":\"x\",\"state\":\"READY\","
		  "\"desks\":\"GENERAL\"}]}",
		  "agents[0].desks: not an array" },
		{ "{\"agents\":[{\"username\":\"x\",\"state\":7}]}",
		  "agents[0].state: not a string" },
		{ "{\"today\":{\"answer_rate\":1.5}}",
		  "today.answer_rate: not a rate" },
		{ "{\"today\":{\"answer_rate\":\"95%\"}}",
		  "today.answer_rate: not a rate" },
		{ "{\"today\":{\"by_channel\":{\"PHONE\":-1}}}",
		  "today.by_channel: not a count" },
		{ "{\"hour\":[]}", "hour: not an object" },
		{ "{\"tickets\":{\"overdue\":1.5}}",
		  "tickets.overdue: not an integer" },
		{ "{\"as_of\":\"yesterday\"}", "as_of: not an ISO" },
		{ "{\"broadcasts\":[{\"message\":\"x\"}]}",
		  "broadcasts[0].id: missing" },
		{ "{\"queues\":[]} trailing", "" },
		{ "{\"queues\":[", "" },
	};
	struct stats_live s;
	char why[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		assert_int_equal(api_stats_parse_live(P(bad[i].json), &s, why,
						      sizeof why),
				 ST_PARSE);
		if (!strstr(why, bad[i].why))
			fail_msg("%s: why \"%s\", wanted \"%s\"", bad[i].json,
				 why, bad[i].why);
		assert_null(s.queues);
		assert_null(s.agents);
		assert_int_equal(s.n_agents, 0);
	}
}

static const char daily_json[] =
	"{\"date\":\"2026-11-28\",\"kpi\":{\"offered\":10,\"answered\":9,"
	"\"answer_rate\":0.9},"
	"\"hourly\":[{\"hour\":9,\"offered\":4,\"answered\":4,\"abandoned\":0,"
	"\"tickets\":3},{\"hour\":23,\"offered\":1,\"answered\":0,"
	"\"abandoned\":1,\"tickets\":0}],"
	"\"last_week\":[{\"hour\":9,\"offered\":6,\"answered\":5,"
	"\"abandoned\":1,\"tickets\":5}],"
	"\"by_category\":[{\"code\":\"05\",\"name\":\"生态环境\",\"count\":6},"
	"{\"code\":\"0501\",\"name\":\"噪声污染\",\"count\":4}],"
	"\"by_town\":[{\"code\":\"441900003\",\"name\":\"南城街道\","
	"\"count\":5}],"
	"\"overdue_units\":[{\"code\":\"DGRS\",\"name\":\"东莞市人力资源和社会"
	"保障局\",\"overdue\":2,\"open\":9}],"
	"\"hotspots\":[{\"kind\":\"category\",\"code\":\"0501\","
	"\"name\":\"噪声污染\",\"count\":12,\"expected\":2.5,\"score\":4.2,"
	"\"ticket_nos\":[\"DG20261128000001\",\"DG20261128000002\"]}]}";

static void
test_daily(void **state)
{
	struct stats_daily d;
	char why[120];

	(void)state;
	assert_int_equal(api_stats_parse_daily(P(daily_json), &d, why,
					       sizeof why),
			 ST_OK);
	assert_string_equal(d.date, "2026-11-28");
	assert_int_equal(d.kpi.answered, 9);
	assert_int_equal(d.hourly[9].offered, 4);
	assert_int_equal(d.hourly[23].abandoned, 1);
	assert_int_equal(d.hourly[10].offered, 0);
	assert_int_equal(d.last_week[9].offered, 6);
	assert_int_equal(d.n_category, 2);
	assert_string_equal(d.by_category[1].name, "噪声污染");
	assert_int_equal(d.n_town, 1);
	assert_string_equal(d.overdue_units[0].name,
			    "东莞市人力资源和社会保障局");
	assert_int_equal(d.overdue_units[0].open, 9);
	assert_int_equal(d.n_hotspots, 1);
	assert_int_equal(d.hotspots[0].n_tickets, 2);
	assert_string_equal(d.hotspots[0].ticket_nos[1], "DG20261128000002");
	assert_true(d.hotspots[0].score > 4.19 && d.hotspots[0].score < 4.21);
	stats_daily_free(&d);

	assert_int_equal(api_stats_parse_daily(P("{\"date\":\"2026-11-28\","
						 "\"hourly\":[{\"hour\":24}]}"),
					       &d, why, sizeof why),
			 ST_PARSE);
	assert_non_null(strstr(why, "hour: not in 0..23"));
	assert_int_equal(api_stats_parse_daily(P("{\"hourly\":[]}"), &d, why,
					       sizeof why),
			 ST_PARSE);
	assert_non_null(strstr(why, "date: missing"));
	assert_int_equal(api_stats_parse_daily(P("{\"date\":\"x\","
						 "\"hotspots\":[{\"code\":"
						 "\"01\",\"ticket_nos\":[1]}]}"),
					       &d, why, sizeof why),
			 ST_PARSE);
	assert_non_null(strstr(why, "hotspots[0].ticket_nos"));
	assert_null(d.hotspots);
}

static void
test_hotspots_and_bcasts(void **state)
{
	struct stats_hotspots h;
	struct bcast_list l;
	struct bcast b;
	char why[120];

	(void)state;
	assert_int_equal(
		api_stats_parse_hotspots(
			P("{\"as_of\":\"2026-11-28T10:00:00Z\",\"window_h\":3,"
			  "\"baseline_days\":14,\"rule\":\"泊松\\r\\n尾概率\","
			  "\"items\":[{\"kind\":\"town\",\"code\":\"T1\","
			  "\"name\":\"虎门镇\",\"count\":9,\"expected\":1}]}"),
			&h, why, sizeof why),
		ST_OK);
	assert_int_equal(h.window_h, 3);
	assert_null(strchr(h.rule, '\n'));
	assert_string_equal(h.items[0].name, "虎门镇");
	assert_int_equal(h.items[0].n_tickets, 0);
	stats_hotspots_free(&h);
	assert_int_equal(api_stats_parse_hotspots(P("{\"items\":[{\"code\":"
						    "\"x\",\"score\":\"hi\"}]}"),
						  &h, why, sizeof why),
			 ST_PARSE);
	assert_non_null(strstr(why, "items[0].score: not a number"));

	assert_int_equal(api_stats_parse_bcasts(
				 P("{\"items\":[{\"id\":1,\"message\":"
				   "\"注意\\n防汛\",\"from\":\"sup\","
				   "\"desk\":\"CARE\"}]}"),
				 &l, why, sizeof why),
			 ST_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].message, "注意 防汛");
	assert_string_equal(l.items[0].desk, "CARE");
	bcast_list_free(&l);
	assert_int_equal(api_stats_parse_bcasts(P("[]"), &l, why, sizeof why),
			 ST_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(api_stats_parse_bcasts(P("{\"items\":5}"), &l, why,
						sizeof why),
			 ST_PARSE);
	assert_int_equal(api_stats_parse_bcast(P("{\"id\":7,\"message\":"
						 "\"\\u009b2J清屏\"}"),
					       &b, why, sizeof why),
			 ST_OK);
	assert_int_equal(b.id, 7);
	assert_null(strstr(b.message, "\xc2\x9b"));
	assert_non_null(strstr(b.message, "清屏"));
	bcast_free(&b);
}

static void
test_bodies(void **state)
{
	char *s, msg[700];
	size_t i;

	(void)state;
	s = api_stats_state_body("NOT_READY", "培训", "班长\"设置");
	assert_string_equal(s, "{\"state\":\"NOT_READY\",\"reason\":\"培训\","
			       "\"note\":\"班长\\\"设置\"}");
	free(s);
	s = api_stats_state_body("READY", "", NULL);
	assert_string_equal(s, "{\"state\":\"READY\",\"note\":\"\"}");
	free(s);
	assert_null(api_stats_state_body("TALKING", NULL, NULL));
	assert_null(api_stats_state_body(NULL, NULL, NULL));
	s = api_stats_broadcast_body("下午三点开会", NULL);
	assert_string_equal(s, "{\"message\":\"下午三点开会\",\"desk\":null}");
	free(s);
	s = api_stats_broadcast_body("hi", "CARE");
	assert_string_equal(s, "{\"message\":\"hi\",\"desk\":\"CARE\"}");
	free(s);
	assert_null(api_stats_broadcast_body("", NULL));
	/* 200 characters (600 bytes) pass, 201 do not */
	msg[0] = '\0';
	for (i = 0; i < 200; i++)
		memcpy(msg + 3 * i, "会", 4);
	s = api_stats_broadcast_body(msg, NULL);
	assert_non_null(s);
	free(s);
	memcpy(msg + 3 * 200, "x", 2);
	assert_null(api_stats_broadcast_body(msg, NULL));
	assert_null(api_stats_broadcast_body("\xff\xfe", NULL));
	s = api_stats_note_body("强制结束");
	assert_string_equal(s, "{\"note\":\"强制结束\"}");
	free(s);
}

static void
test_requests_refuse_bad_args(void **state)
{
	(void)state;
	/* no api: -1 before anything; bad arguments: -1 too */
	assert_int_equal(api_stats_daily(NULL, "2026-11-28", NULL, NULL), -1);
	assert_int_equal(api_tickets_flag(NULL, "overdue", NULL, 10, NULL,
					  NULL),
			 -1);
	assert_int_equal(api_agent_end_acw(NULL, "a/../b", "", NULL, NULL),
			 -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_live_event_without_agents),
		cmocka_unit_test(test_live_wrong_types),
		cmocka_unit_test(test_daily),
		cmocka_unit_test(test_hotspots_and_bcasts),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_requests_refuse_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
