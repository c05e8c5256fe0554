/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_calls.c - issue #3's JSON mapping (net/calls_json.c) into
 * core/callmodel.h: agent state, calls with transfers and the voice
 * assistant's hand-over, queues, units, codes, config, events, the request
 * bodies, ISO 8601 times and the deep copies.  Hostile strings from the
 * network (escape sequences, bidi overrides, newlines in one-line fields),
 * nulls, wrong types, out-of-range numbers and malformed JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/callmodel.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "net/calls.h"
#include "net/parse_calls.h"

#define T_SINCE 1795897130L /* 2026-11-28T20:18:50Z */
#define T_NOW 1795897140L   /* 2026-11-28T20:19:00Z */

static char *
san1(const char *raw)
{
	return u8_sanitize(raw, strlen(raw), SAN_FOLD_AMBIGUOUS);
}

static char *
sanm(const char *raw)
{
	return u8_sanitize(raw, strlen(raw),
			   SAN_KEEP_NEWLINE | SAN_FOLD_AMBIGUOUS);
}

static void
assert_san1(const char *got, const char *raw)
{
	char *want = san1(raw);

	assert_string_equal(got, want);
	free(want);
}

#define PARSE(fn, json, out) fn(json, strlen(json), out)

/* ---- ISO 8601 ---------------------------------------------------------- */

static void
test_iso(void **state)
{
	time_t t;

	(void)state;
	assert_int_equal(cm_parse_iso("2026-11-28T20:18:50Z", &t), 0);
	assert_int_equal((long)t, T_SINCE);
	assert_int_equal(cm_parse_iso("2026-11-28T20:18:50.123456Z", &t), 0);
	assert_int_equal((long)t, T_SINCE);
	assert_int_equal(cm_parse_iso("2026-11-29T04:18:50+08:00", &t), 0);
	assert_int_equal((long)t, T_SINCE);
	assert_int_equal(cm_parse_iso("2026-11-28T15:18:50-0500", &t), 0);
	assert_int_equal((long)t, T_SINCE);
	assert_int_equal(cm_parse_iso("2026-11-28 20:18:50Z", &t), 0);
	assert_int_equal((long)t, T_SINCE);
	assert_int_equal(cm_parse_iso("2024-02-29T00:00:00Z", &t), 0);
	assert_int_equal((long)t, 1709164800L);
	assert_int_equal(cm_parse_iso("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal((long)t, 0);

	t = 99;
	assert_int_equal(cm_parse_iso("2025-02-29T00:00:00Z", &t), -1);
	assert_int_equal((long)t, 0);
	assert_int_equal(cm_parse_iso("2026-13-01T00:00:00Z", &t), -1);
	assert_int_equal(cm_parse_iso("2026-11-28T24:00:00Z", &t), -1);
	assert_int_equal(cm_parse_iso("2026-11-28T20:18:50", &t), -1);
	assert_int_equal(cm_parse_iso("2026-11-28T20:18:50Zjunk", &t), -1);
	assert_int_equal(cm_parse_iso("2026-11-28T20:18:50.Z", &t), -1);
	assert_int_equal(cm_parse_iso("2026-11-28", &t), -1);
	assert_int_equal(cm_parse_iso("昨天", &t), -1);
	assert_int_equal(cm_parse_iso("", &t), -1);
	assert_int_equal(cm_parse_iso(NULL, &t), -1);
	assert_int_equal(cm_parse_iso("1969-12-31T23:59:59Z", &t), -1);
}

/* ---- agent state ------------------------------------------------------- */

static void
test_state_ok(void **state)
{
	const char *j = "{\"username\":\"demo-agent\",\"state\":\"READY\","
			"\"reason\":null,\"since\":\"2026-11-28T20:18:50Z\","
			"\"call_id\":null,\"after_call\":null,"
			"\"after_call_reason\":null,\"acw_deadline\":null,"
			"\"desks\":[\"GENERAL\",\"CARE\"],"
			"\"now\":\"2026-11-28T20:19:00Z\",\"extra\":[1,{}]}";
	struct agent_state s;

	(void)state;
	assert_int_equal(api_parse_agent_state(j, strlen(j), T_NOW - 3, &s),
			 ST_OK);
	assert_string_equal(s.username, "demo-agent");
	assert_string_equal(s.state, "READY");
	assert_string_equal(s.reason, "");
	assert_int_equal((long)s.since, T_SINCE);
	assert_int_equal(s.call_id, 0);
	assert_string_equal(s.after_call, "");
	assert_string_equal(s.after_call_reason, "");
	assert_int_equal((long)s.acw_deadline, 0);
	assert_int_equal(s.n_desks, 2);
	assert_string_equal(s.desks[0], "GENERAL");
	assert_string_equal(s.desks[1], "CARE");
	assert_int_equal(s.server_skew_s, 3);
	agent_state_free(&s);
	assert_null(s.username);

	/* The server clock behind ours; no "now" → no skew. */
	assert_int_equal(api_parse_agent_state(j, strlen(j), T_NOW + 7, &s),
			 ST_OK);
	assert_int_equal(s.server_skew_s, -7);
	agent_state_free(&s);
}

static void
test_state_after_call(void **state)
{
	const char *j = "{\"username\":\"工号1001\",\"state\":\"TALKING\","
			"\"reason\":\"\",\"since\":\"2026-11-29T04:18:50+08:00\","
			"\"call_id\":12,\"after_call\":\"NOT_READY\","
			"\"after_call_reason\":\"MEAL\","
			"\"acw_deadline\":\"2026-11-28T20:20:50Z\"}";
	struct agent_state s;

	(void)state;
	assert_int_equal(api_parse_agent_state(j, strlen(j), T_NOW, &s),
			 ST_OK);
	assert_string_equal(s.username, "工号1001");
	assert_string_equal(s.state, "TALKING");
	assert_int_equal((long)s.since, T_SINCE);
	assert_int_equal(s.call_id, 12);
	assert_string_equal(s.after_call, "NOT_READY");
	assert_string_equal(s.after_call_reason, "MEAL");
	assert_int_equal((long)s.acw_deadline, 1795897250L);
	assert_int_equal(s.n_desks, 0);
	assert_null(s.desks);
	assert_int_equal(s.server_skew_s, 0);
	agent_state_free(&s);
}

static void
test_state_hostile(void **state)
{
	const char *j = "{\"username\":\"a\\u001b[2Jb\",\"state\":"
			"\"NOT_READY\\u202e\",\"reason\":\"小休\\n\\r\\u0007\","
			"\"desks\":[\"GEN\\u001b]0;x\\u0007ERAL\"]}";
	struct agent_state s;

	(void)state;
	assert_int_equal(api_parse_agent_state(j, strlen(j), T_NOW, &s),
			 ST_OK);
	assert_san1(s.username, "a\x1b[2Jb");
	assert_null(strchr(s.username, 0x1b));
	assert_san1(s.state, "NOT_READY\xE2\x80\xAE");
	assert_null(strstr(s.state, "\xE2\x80\xAE"));
	assert_san1(s.reason, "小休\n\r\x07");
	assert_null(strchr(s.reason, '\n'));
	assert_null(strchr(s.reason, '\r'));
	assert_null(strchr(s.desks[0], 0x1b));
	agent_state_free(&s);
}

static void
test_state_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"[]",
		"\"READY\"",
		"{\"username\":\"a\",\"state\":\"READY\"",
		"{\"username\":\"a\",\"state\":\"READY\"} x",
		"{\"state\":\"READY\"}",
		"{\"username\":\"\",\"state\":\"READY\"}",
		"{\"username\":\"a\"}",
		"{\"username\":\"a\",\"state\":7}",
		"{\"username\":\"a\",\"state\":\"READY\",\"call_id\":\"12\"}",
		"{\"username\":\"a\",\"state\":\"READY\",\"call_id\":-1}",
		"{\"username\":\"a\",\"state\":\"READY\",\"call_id\":1.5}",
		"{\"username\":\"a\",\"state\":\"READY\",\"call_id\":1e300}",
		"{\"username\":\"a\",\"state\":\"READY\",\"since\":\"昨天\"}",
		"{\"username\":\"a\",\"state\":\"READY\",\"since\":17}",
		"{\"username\":\"a\",\"state\":\"READY\",\"desks\":\"GENERAL\"}",
		"{\"username\":\"a\",\"state\":\"READY\",\"desks\":[1]}",
		"{\"username\":\"a\",\"state\":\"READY\",\"reason\":{}}",
		"{\"username\":\"a\",\"state\":\"READY\",\"now\":\"x\"}",
	};
	struct agent_state s;
	char why[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&s, 0x5a, sizeof(s));
		assert_int_equal(api_jc_agent_state(bad[i], strlen(bad[i]),
						    T_NOW, &s, why,
						    sizeof(why)),
				 ST_PARSE);
		assert_true(why[0] != '\0');
		assert_null(s.username);
		assert_null(s.desks);
	}
	assert_int_equal(api_jc_agent_state(bad[8], strlen(bad[8]), T_NOW, &s,
					    why, sizeof(why)),
			 ST_PARSE);
	assert_string_equal(why, "state: not a string");
	assert_int_equal(api_jc_agent_state(bad[16], strlen(bad[16]), T_NOW,
					    &s, why, sizeof(why)),
			 ST_PARSE);
	assert_string_equal(why, "desks[]: not a string");
}

/* ---- calls ------------------------------------------------------------- */

static const char call_full[] =
	"{\"id\":12,\"caller\":\"13800138000\",\"channel\":\"PHONE\","
	"\"desk\":\"GENERAL\",\"state\":\"ACW\",\"agent\":\"demo-agent\","
	"\"training\":true,"
	"\"ivr\":{\"intent\":\"公积金提取\",\"transcript\":"
	"\"机器人：您好\\n来电人：我想提取公积金\\u001b[31m\"},"
	"\"offered_at\":\"2026-11-28T20:18:50Z\","
	"\"ringing_at\":\"2026-11-28T20:18:53Z\","
	"\"answered_at\":\"2026-11-28T20:18:55Z\",\"ended_at\":null,"
	"\"wait_s\":3,\"ring_s\":2,\"talk_s\":95,\"hold_s\":10,\"acw_s\":0,"
	"\"acw_deadline\":\"2026-11-28T20:20:50Z\",\"acw_extensions\":2,"
	"\"disposition\":null,"
	"\"summary\":\"第一行\\n第二行\",\"needs_callback\":false,"
	"\"ticket_no\":\"DG20261128000001\","
	"\"urged_tickets\":[\"DG20261101000007\",\"DG20261102000008\"],"
	"\"transfers\":[{\"id\":1,\"mode\":\"BLIND\",\"target_kind\":"
	"\"UNIT\",\"target\":\"HRSS\",\"target_name\":\"市人力资源和社会"
	"保障局\",\"at\":\"2026-11-28T20:19:00Z\",\"note\":\"转\\n人社\"},"
	"{\"id\":2,\"mode\":\"THREE_WAY\",\"target_kind\":\"EMERGENCY\","
	"\"target\":\"120\",\"target_name\":null,\"at\":null,"
	"\"note\":null}],\"ring_attempts\":1}";

static void
check_call_full(const struct call *c)
{
	char *want;

	assert_int_equal(c->id, 12);
	assert_string_equal(c->caller, "13800138000");
	assert_string_equal(c->channel, "PHONE");
	assert_string_equal(c->desk, "GENERAL");
	assert_string_equal(c->state, "ACW");
	assert_string_equal(c->agent, "demo-agent");
	assert_int_equal(c->training, 1);
	assert_string_equal(c->ivr_intent, "公积金提取");
	want = sanm("机器人：您好\n来电人：我想提取公积金\x1b[31m");
	assert_string_equal(c->ivr_transcript, want);
	free(want);
	assert_non_null(strchr(c->ivr_transcript, '\n'));
	assert_null(strchr(c->ivr_transcript, 0x1b));
	assert_int_equal((long)c->offered_at, T_SINCE);
	assert_int_equal((long)c->ringing_at, T_SINCE + 3);
	assert_int_equal((long)c->answered_at, T_SINCE + 5);
	assert_int_equal((long)c->ended_at, 0);
	assert_int_equal(c->wait_s, 3);
	assert_int_equal(c->ring_s, 2);
	assert_int_equal(c->talk_s, 95);
	assert_int_equal(c->hold_s, 10);
	assert_int_equal(c->acw_s, 0);
	assert_int_equal((long)c->acw_deadline, 1795897250L);
	assert_int_equal(c->acw_extensions, 2);
	assert_string_equal(c->disposition, "");
	assert_string_equal(c->summary, "第一行\n第二行");
	assert_int_equal(c->needs_callback, 0);
	assert_string_equal(c->ticket_no, "DG20261128000001");
	assert_int_equal(c->n_urged, 2);
	assert_string_equal(c->urged_tickets[1], "DG20261102000008");
	assert_int_equal(c->n_transfers, 2);
	assert_int_equal(c->transfers[0].id, 1);
	assert_string_equal(c->transfers[0].mode, "BLIND");
	assert_string_equal(c->transfers[0].target_kind, "UNIT");
	assert_string_equal(c->transfers[0].target, "HRSS");
	assert_string_equal(c->transfers[0].target_name,
			    "市人力资源和社会保障局");
	assert_int_equal((long)c->transfers[0].at, T_NOW);
	assert_san1(c->transfers[0].note, "转\n人社");
	assert_null(strchr(c->transfers[0].note, '\n'));
	assert_string_equal(c->transfers[1].mode, "THREE_WAY");
	assert_string_equal(c->transfers[1].target, "120");
	assert_string_equal(c->transfers[1].target_name, "");
	assert_int_equal((long)c->transfers[1].at, 0);
	assert_string_equal(c->transfers[1].note, "");
	assert_int_equal(c->ring_attempts, 1);
}

static void
test_call_full(void **state)
{
	struct call c, copy;

	(void)state;
	assert_int_equal(PARSE(api_parse_call, call_full, &c), ST_OK);
	check_call_full(&c);
	/* A deep copy outlives the original. */
	call_copy(&copy, &c);
	call_free(&c);
	assert_null(c.transfers);
	check_call_full(&copy);
	call_free(&copy);
}

static void
test_call_nulls(void **state)
{
	const char *j = "{\"id\":7,\"caller\":null,\"channel\":null,"
			"\"desk\":null,\"state\":\"QUEUED\",\"agent\":null,"
			"\"training\":null,\"ivr\":null,\"offered_at\":null,"
			"\"disposition\":null,\"summary\":null,"
			"\"needs_callback\":null,\"ticket_no\":null,"
			"\"urged_tickets\":null,\"transfers\":null}";
	const char *k = "{\"id\":8,\"state\":\"RINGING\",\"ivr\":{},"
			"\"urged_tickets\":[],\"transfers\":[]}";
	struct call c, copy;

	(void)state;
	assert_int_equal(PARSE(api_parse_call, j, &c), ST_OK);
	assert_int_equal(c.id, 7);
	assert_string_equal(c.caller, "");
	assert_string_equal(c.agent, "");
	assert_string_equal(c.ivr_intent, "");
	assert_string_equal(c.ivr_transcript, "");
	assert_string_equal(c.ticket_no, "");
	assert_int_equal(c.training, 0);
	assert_int_equal(c.n_transfers, 0);
	assert_null(c.transfers);
	call_copy(&copy, &c);
	call_free(&c);
	assert_string_equal(copy.state, "QUEUED");
	assert_null(copy.transfers);
	call_free(&copy);

	assert_int_equal(PARSE(api_parse_call, k, &c), ST_OK);
	assert_string_equal(c.ivr_intent, "");
	assert_int_equal(c.n_urged, 0);
	assert_int_equal(c.n_transfers, 0);
	call_free(&c);
}

static void
test_call_bad(void **state)
{
	static const struct {
		const char *json;
		const char *why;
	} bad[] = {
		{"{\"state\":\"QUEUED\"}", "id: missing"},
		{"{\"id\":0,\"state\":\"QUEUED\"}", "id: not positive"},
		{"{\"id\":\"12\",\"state\":\"QUEUED\"}", "id: not a number"},
		{"{\"id\":1}", "state: missing"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"training\":\"false\"}",
		 "training: not true or false"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"training\":0}",
		 "training: not true or false"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"wait_s\":-1}",
		 "wait_s: not an integer in 0..1e15-1"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"talk_s\":2.5}",
		 "talk_s: not an integer in 0..1e15-1"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"ivr\":\"公积金\"}",
		 "ivr: not an object"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"ivr\":{\"intent\":3}}",
		 "ivr.intent: not a string"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"urged_tickets\":[\"a\",2]}",
		 "urged_tickets[]: not a string"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"transfers\":{}}",
		 "transfers: not an array"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"transfers\":[{\"mode\":"
		 "\"BLIND\"},7]}",
		 "transfers[1]: not an object"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"transfers\":[{\"mode\":"
		 "\"BLIND\",\"at\":\"soon\"}]}",
		 "transfers[0].at: not an ISO 8601 time"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"offered_at\":\"2026-11-28\"}",
		 "offered_at: not an ISO 8601 time"},
		{"{\"id\":1,\"state\":\"QUEUED\",\"summary\":[]}",
		 "summary: not a string"},
		{"{\"id\":1,\"state\":\"QUEUED\"}{}", "text after the JSON value"},
		{"{\"id\":1,\"state\":\"QUEUED\"", "reply is not valid JSON"},
		{"[{\"id\":1,\"state\":\"QUEUED\"}]", "reply is not an object"},
	};
	struct call c;
	char why[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&c, 0x5a, sizeof(c));
		assert_int_equal(api_jc_call(bad[i].json, strlen(bad[i].json),
					     &c, why, sizeof(why)),
				 ST_PARSE);
		assert_string_equal(why, bad[i].why);
		assert_null(c.state);
		assert_null(c.transfers);
		assert_null(c.urged_tickets);
	}
}

static void
test_transfer(void **state)
{
	const char *j = "{\"id\":5,\"mode\":\"CONSULT\",\"target_kind\":"
			"\"UNIT\",\"target\":\"NANCHENG\",\"target_name\":"
			"\"南城街道\\u202e\",\"at\":\"2026-11-28T20:19:00Z\","
			"\"note\":\"\"}";
	struct call_transfer t;

	(void)state;
	assert_int_equal(PARSE(api_parse_transfer, j, &t), ST_OK);
	assert_int_equal(t.id, 5);
	assert_string_equal(t.mode, "CONSULT");
	assert_string_equal(t.target, "NANCHENG");
	assert_san1(t.target_name, "南城街道\xE2\x80\xAE");
	assert_int_equal((long)t.at, T_NOW);
	call_transfer_free(&t);
	assert_int_equal(PARSE(api_parse_transfer, "{\"id\":5}", &t),
			 ST_PARSE);
	assert_null(t.mode);
}

/* ---- lists ------------------------------------------------------------- */

static void
test_queues(void **state)
{
	const char *j = "{\"items\":[{\"desk\":\"GENERAL\",\"waiting\":3,"
			"\"longest_wait_s\":42,\"agents_ready\":5},"
			"{\"desk\":\"CARE\",\"waiting\":0,"
			"\"longest_wait_s\":null,\"agents_ready\":1}]}";
	struct queue_list q, copy;
	const struct queue_info *qi;

	(void)state;
	assert_int_equal(PARSE(api_parse_queues, j, &q), ST_OK);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.items[0].desk, "GENERAL");
	assert_int_equal(q.items[0].waiting, 3);
	assert_int_equal(q.items[0].longest_wait_s, 42);
	assert_int_equal(q.items[0].agents_ready, 5);
	queue_list_copy(&copy, &q);
	queue_list_free(&q);
	qi = queue_list_find(&copy, "CARE");
	assert_non_null(qi);
	assert_int_equal(qi->agents_ready, 1);
	assert_int_equal(qi->longest_wait_s, 0);
	assert_null(queue_list_find(&copy, "DIALECT"));
	queue_list_free(&copy);

	assert_int_equal(PARSE(api_parse_queues, "{\"items\":[]}", &q), ST_OK);
	assert_int_equal(q.n, 0);
	queue_list_free(&q);
	assert_int_equal(PARSE(api_parse_queues, "{}", &q), ST_PARSE);
	assert_int_equal(PARSE(api_parse_queues, "{\"items\":{}}", &q),
			 ST_PARSE);
	assert_int_equal(PARSE(api_parse_queues,
			       "{\"items\":[{\"desk\":\"A\",\"waiting\":1},"
			       "{\"waiting\":2}]}",
			       &q),
			 ST_PARSE);
	assert_null(q.items);
	assert_int_equal(q.n, 0);
	assert_int_equal(PARSE(api_parse_queues,
			       "{\"items\":[{\"desk\":\"A\",\"waiting\":"
			       "\"3\"}]}",
			       &q),
			 ST_PARSE);
}

static void
test_units(void **state)
{
	const char *j = "{\"items\":[{\"code\":\"HRSS\",\"name\":"
			"\"东莞市人力资源和社会保障局\",\"short_name\":\"市人社局\","
			"\"kind\":\"DEPT\",\"duty_phone\":\"0769-22222222\","
			"\"parent_code\":null},{\"code\":\"FIRE\",\"name\":"
			"\"消防\\u001b[5m\",\"short_name\":null,\"kind\":"
			"\"EMERGENCY\",\"duty_phone\":\"119\",\"parent_code\":"
			"{\"odd\":1}}]}";
	struct unit_list u, copy;

	(void)state;
	assert_int_equal(PARSE(api_parse_units, j, &u), ST_OK);
	assert_int_equal(u.n, 2);
	assert_string_equal(u.items[0].code, "HRSS");
	assert_string_equal(u.items[0].name, "东莞市人力资源和社会保障局");
	assert_string_equal(u.items[0].short_name, "市人社局");
	assert_string_equal(u.items[0].kind, "DEPT");
	assert_string_equal(u.items[0].duty_phone, "0769-22222222");
	assert_san1(u.items[1].name, "消防\x1b[5m");
	assert_string_equal(u.items[1].short_name, "");
	unit_list_copy(&copy, &u);
	unit_list_free(&u);
	assert_string_equal(copy.items[1].duty_phone, "119");
	unit_list_free(&copy);

	assert_int_equal(PARSE(api_parse_units,
			       "{\"items\":[{\"name\":\"x\"}]}", &u),
			 ST_PARSE);
	assert_int_equal(PARSE(api_parse_units,
			       "{\"items\":[{\"code\":\"A\",\"kind\":1}]}", &u),
			 ST_PARSE);
	assert_null(u.items);
}

static void
test_codes(void **state)
{
	const char *j = "{\"items\":[{\"code\":\"BREAK\",\"name_zh\":\"小休\","
			"\"name_en\":\"short break\"},{\"code\":\"MEAL\","
			"\"name_zh\":\"用餐\\n\\u0000x\",\"name_en\":null}]}";
	struct code_list l, copy;
	const struct code_item *ci;

	(void)state;
	assert_int_equal(PARSE(api_parse_codes, j, &l), ST_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].code, "BREAK");
	assert_string_equal(l.items[0].name_zh, "小休");
	assert_string_equal(l.items[0].name_en, "short break");
	assert_null(strchr(l.items[1].name_zh, '\n'));
	assert_string_equal(l.items[1].name_en, "");
	code_list_copy(&copy, &l);
	code_list_free(&l);
	ci = code_list_find(&copy, "MEAL");
	assert_non_null(ci);
	assert_true(strncmp(ci->name_zh, "用餐", strlen("用餐")) == 0);
	assert_null(code_list_find(&copy, "SLEEP"));
	assert_null(code_list_find(NULL, "MEAL"));
	code_list_free(&copy);

	assert_int_equal(PARSE(api_parse_codes,
			       "{\"items\":[{\"code\":\"\"}]}", &l),
			 ST_PARSE);
	assert_int_equal(PARSE(api_parse_codes, "{\"items\":[\"BREAK\"]}",
			       &l),
			 ST_PARSE);
}

static void
test_config(void **state)
{
	const char *j = "{\"acw_mode\":\"timed\",\"acw_seconds\":60,"
			"\"acw_default_code\":\"OTHER\",\"ring_timeout\":15,"
			"\"max_acw_extensions\":3}";
	struct server_config c, copy;

	(void)state;
	assert_int_equal(PARSE(api_parse_config, j, &c), ST_OK);
	assert_string_equal(c.acw_mode, "timed");
	assert_int_equal(c.acw_seconds, 60);
	assert_string_equal(c.acw_default_code, "OTHER");
	assert_int_equal(c.ring_timeout, 15);
	assert_int_equal(c.max_acw_extensions, 3);
	server_config_copy(&copy, &c);
	server_config_free(&c);
	assert_string_equal(copy.acw_mode, "timed");
	server_config_free(&copy);
	assert_int_equal(PARSE(api_parse_config, "{\"acw_seconds\":\"60\"}",
			       &c),
			 ST_PARSE);
	assert_null(c.acw_mode);
	assert_int_equal(PARSE(api_parse_config, "{}", &c), ST_OK);
	assert_string_equal(c.acw_mode, "");
	server_config_free(&c);
}

static void
test_ticket_change_broadcast(void **state)
{
	const char *t = "{\"ticket_no\":\"DG20261128000001\",\"state\":"
			"\"HANDLING\",\"version\":4}";
	const char *b = "{\"id\":3,\"message\":\"今天系统升级\\n请注意\","
			"\"from\":\"班长\",\"desk\":null,"
			"\"at\":\"2026-11-28T20:19:00Z\"}";
	struct ticket_change tc;
	struct broadcast_info bi;

	(void)state;
	assert_int_equal(PARSE(api_parse_ticket_change, t, &tc), ST_OK);
	assert_string_equal(tc.ticket_no, "DG20261128000001");
	assert_string_equal(tc.state, "HANDLING");
	assert_int_equal(tc.version, 4);
	ticket_change_free(&tc);
	assert_int_equal(PARSE(api_parse_ticket_change, "{\"state\":\"X\"}",
			       &tc),
			 ST_PARSE);

	assert_int_equal(PARSE(api_parse_broadcast, b, &bi), ST_OK);
	assert_int_equal(bi.id, 3);
	assert_string_equal(bi.message, "今天系统升级\n请注意");
	assert_string_equal(bi.from, "班长");
	assert_string_equal(bi.desk, "");
	assert_int_equal((long)bi.at, T_NOW);
	broadcast_info_free(&bi);
	assert_int_equal(PARSE(api_parse_broadcast, "{\"message\":7}", &bi),
			 ST_PARSE);
}

/* ---- events ------------------------------------------------------------ */

static void
decode(const char *type, const char *data, struct api_event *e, char *why,
       size_t cap)
{
	memset(e, 0, sizeof(*e));
	api_event_decode(type, data, strlen(data), T_NOW - 2, e, why, cap);
}

static void
test_event_decode(void **state)
{
	struct api_event e;
	char why[160];

	(void)state;
	decode("hello", "{\"last_id\":41,\"now\":\"2026-11-28T20:19:00Z\"}",
	       &e, why, sizeof(why));
	assert_int_equal(e.type, AEV_HELLO);
	assert_int_equal(e.u.hello.last_id, 41);
	assert_int_equal((long)e.u.hello.now, T_NOW);
	assert_int_equal(e.u.hello.skew_s, 2);
	api_event_clear(&e);

	decode("agent.state", "{\"username\":\"u\",\"state\":\"ACW\"}", &e,
	       why, sizeof(why));
	assert_int_equal(e.type, AEV_AGENT_STATE);
	assert_string_equal(e.u.state.state, "ACW");
	api_event_clear(&e);

	decode("call.offered", call_full, &e, why, sizeof(why));
	assert_int_equal(e.type, AEV_CALL_OFFERED);
	check_call_full(&e.u.call);
	api_event_clear(&e);
	decode("call.updated", "{\"id\":9,\"state\":\"TALKING\"}", &e, why,
	       sizeof(why));
	assert_int_equal(e.type, AEV_CALL_UPDATED);
	assert_int_equal(e.u.call.id, 9);
	api_event_clear(&e);

	decode("queue", "{\"items\":[{\"desk\":\"CARE\",\"waiting\":2}]}", &e,
	       why, sizeof(why));
	assert_int_equal(e.type, AEV_QUEUE);
	assert_int_equal(e.u.queues.items[0].waiting, 2);
	api_event_clear(&e);

	decode("ticket.changed", "{\"ticket_no\":\"DG1\",\"version\":2}", &e,
	       why, sizeof(why));
	assert_int_equal(e.type, AEV_TICKET_CHANGED);
	assert_string_equal(e.u.ticket.ticket_no, "DG1");
	api_event_clear(&e);

	decode("broadcast", "{\"message\":\"注意\"}", &e, why, sizeof(why));
	assert_int_equal(e.type, AEV_BROADCAST);
	assert_string_equal(e.u.broadcast.message, "注意");
	api_event_clear(&e);

	decode("resync", "{\"reason\":\"history_gone\"}", &e, why,
	       sizeof(why));
	assert_int_equal(e.type, AEV_RESYNC);
	assert_string_equal(e.u.resync.reason, "history_gone");
	api_event_clear(&e);

	/* A type from a newer server, and data that does not parse. */
	decode("call.recorded", "{}", &e, why, sizeof(why));
	assert_int_equal(e.type, AEV_UNKNOWN);
	assert_string_equal(why, "");
	decode("call.updated", "{\"id\":\"9\",\"state\":\"TALKING\"}", &e, why,
	       sizeof(why));
	assert_int_equal(e.type, AEV_UNKNOWN);
	assert_string_equal(why, "id: not a number");
	assert_null(e.u.call.state);
	decode("hello", "not json", &e, why, sizeof(why));
	assert_int_equal(e.type, AEV_UNKNOWN);
	decode("", "{}", &e, why, sizeof(why));
	assert_int_equal(e.type, AEV_UNKNOWN);
}

/* ---- request bodies ---------------------------------------------------- */

static void
test_bodies(void **state)
{
	char *s;

	(void)state;
	s = api_jc_state_body("READY", NULL);
	assert_string_equal(s, "{\"state\":\"READY\"}");
	free(s);
	s = api_jc_state_body("NOT_READY", "BREAK");
	assert_string_equal(s, "{\"state\":\"NOT_READY\",\"reason\":\"BREAK\"}");
	free(s);
	assert_null(api_jc_state_body("", NULL));
	assert_null(api_jc_state_body(NULL, "BREAK"));

	s = api_jc_after_call_body("MEAL");
	assert_string_equal(s,
			    "{\"after_call\":\"NOT_READY\",\"reason\":\"MEAL\"}");
	free(s);
	s = api_jc_after_call_body(NULL);
	assert_string_equal(s, "{\"after_call\":null}");
	free(s);

	s = api_jc_transfer_body("BLIND", "EMERGENCY", "110", "有人\"打架\"");
	assert_string_equal(s, "{\"mode\":\"BLIND\",\"target_kind\":"
			       "\"EMERGENCY\",\"target\":\"110\",\"note\":"
			       "\"有人\\\"打架\\\"\"}");
	free(s);
	assert_null(api_jc_transfer_body("BLIND", "UNIT", "", NULL));

	s = api_jc_wrapup_body("DIRECT_ANSWER", "已解答\n第二行", 1, NULL);
	assert_string_equal(s, "{\"code\":\"DIRECT_ANSWER\",\"summary\":"
			       "\"已解答\\n第二行\",\"needs_callback\":true,"
			       "\"ticket_no\":null}");
	free(s);
	s = api_jc_wrapup_body("OTHER", NULL, 0, "DG1");
	assert_string_equal(s, "{\"code\":\"OTHER\",\"summary\":\"\","
			       "\"needs_callback\":false,\"ticket_no\":\"DG1\"}");
	free(s);
	assert_null(api_jc_wrapup_body("", "x", 0, NULL));

	s = api_jc_urge_body("DG1", "来电催办");
	assert_string_equal(s, "{\"ticket_no\":\"DG1\",\"comment\":\"来电催办\"}");
	free(s);
	assert_null(api_jc_urge_body(NULL, "x"));

	s = api_jc_ticket_minimal_body(12, "+86-13800138000", NULL, NULL);
	assert_string_equal(s, "{\"channel\":\"PHONE\",\"appeal_type\":"
			       "\"CONSULT\",\"category_code\":\"99\",\"title\":"
			       "\"来电 +86-13800138000\",\"content\":"
			       "\"（通话中记录）\",\"caller_phone\":"
			       "\"8613800138000\",\"call_id\":\"12\"}");
	free(s);
	s = api_jc_ticket_minimal_body(0, NULL, "咨询公积金", "内容");
	assert_string_equal(s, "{\"channel\":\"PHONE\",\"appeal_type\":"
			       "\"CONSULT\",\"category_code\":\"99\",\"title\":"
			       "\"咨询公积金\",\"content\":\"内容\"}");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_state_ok),
		cmocka_unit_test(test_state_after_call),
		cmocka_unit_test(test_state_hostile),
		cmocka_unit_test(test_state_bad),
		cmocka_unit_test(test_call_full),
		cmocka_unit_test(test_call_nulls),
		cmocka_unit_test(test_call_bad),
		cmocka_unit_test(test_transfer),
		cmocka_unit_test(test_queues),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_ticket_change_broadcast),
		cmocka_unit_test(test_event_decode),
		cmocka_unit_test(test_bodies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
