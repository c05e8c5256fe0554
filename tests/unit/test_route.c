/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_route.c - the routing and ACW engine (core/route.c) with a fake
 * clock: longest idle, desks, queues in arrival order, ring-no-answer,
 * abandon, hold, ACW deadlines and extensions, after-call states,
 * logout, the change list, cloning and restoring.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/route.h"

enum { GEN = 0, ENT = 1, CARE = 2 };
#define D(x) (1u << (x))

#define ZHANG "张三"
#define LI "李四"
#define WANG "王五"
#define ZHAO "赵六·企业专席"

#define T0 1700000000000LL /* ms */
#define RING 15000
#define ACW 60000

static struct rt *
mk(int timed)
{
	struct rt_policy p = {RING, timed, ACW, 3};

	return rt_new(&p);
}

static void
ready(struct rt *r, const char *name, unsigned desks, int64_t t)
{
	assert_int_equal(rt_agent_seen(r, name, desks, t), RT_OK);
	assert_int_equal(rt_set_state(r, name, RT_READY, NULL, t), RT_OK);
}

static enum rt_astate
st(struct rt *r, const char *name)
{
	const struct rt_agent *a = rt_find_agent(r, name);

	assert_non_null(a);
	return a->state;
}

static const struct rt_call *
call(struct rt *r, int64_t id)
{
	const struct rt_call *c = rt_find_call(r, id);

	assert_non_null(c);
	return c;
}

static void
test_longest_idle(void **state)
{
	struct rt *r = mk(1);

	(void)state;
	ready(r, LI, D(GEN), T0 + 2000);
	ready(r, ZHANG, D(GEN), T0 + 1000);
	ready(r, WANG, D(GEN), T0 + 3000);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 5000), RT_OK);
	assert_string_equal(call(r, 1)->agent, ZHANG);
	assert_int_equal(call(r, 1)->state, RTC_RINGING);
	assert_int_equal(st(r, ZHANG), RT_RINGING);
	assert_int_equal(rt_find_agent(r, ZHANG)->call_id, 1);
	assert_int_equal(rt_offer(r, 2, GEN, T0 + 5100), RT_OK);
	assert_string_equal(call(r, 2)->agent, LI);
	assert_int_equal(rt_offer(r, 3, GEN, T0 + 5200), RT_OK);
	assert_string_equal(call(r, 3)->agent, WANG);
	/* Nobody left: the fourth waits. */
	assert_int_equal(rt_offer(r, 4, GEN, T0 + 5300), RT_OK);
	assert_int_equal(call(r, 4)->state, RTC_QUEUED);
	assert_string_equal(call(r, 4)->agent, "");
	assert_int_equal(rt_queue_position(r, 4), 1);
	rt_free(r);
}

static void
test_idle_ties_and_re_ready(void **state)
{
	struct rt *r = mk(1);

	(void)state;
	/* Same instant: the agent registered first. */
	ready(r, WANG, D(GEN), T0);
	ready(r, LI, D(GEN), T0);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 10), RT_OK);
	assert_string_equal(call(r, 1)->agent, WANG);
	/* READY again after a break: idle since then, behind 李四. */
	assert_int_equal(rt_answer(r, 1, WANG, T0 + 20), RT_OK);
	assert_int_equal(rt_hangup(r, 1, WANG, T0 + 30), RT_OK);
	assert_int_equal(rt_wrapup(r, 1, WANG, T0 + 40), RT_OK);
	assert_int_equal(rt_find_agent(r, WANG)->idle_since, T0 + 40);
	assert_int_equal(rt_offer(r, 2, GEN, T0 + 50), RT_OK);
	assert_string_equal(call(r, 2)->agent, LI);
	/* READY while READY keeps the place. */
	assert_int_equal(rt_set_state(r, WANG, RT_READY, NULL, T0 + 60),
			 RT_OK);
	assert_int_equal(rt_find_agent(r, WANG)->idle_since, T0 + 40);
	rt_free(r);
}

static void
test_desks(void **state)
{
	struct rt *r = mk(1);

	(void)state;
	ready(r, ZHANG, D(GEN), T0);            /* idle longest */
	ready(r, ZHAO, D(GEN) | D(ENT), T0 + 500);
	ready(r, WANG, D(CARE), T0 + 100);
	assert_int_equal(rt_offer(r, 1, ENT, T0 + 1000), RT_OK);
	assert_string_equal(call(r, 1)->agent, ZHAO);
	assert_int_equal(rt_offer(r, 2, ENT, T0 + 1100), RT_OK);
	assert_int_equal(call(r, 2)->state, RTC_QUEUED);
	assert_int_equal(rt_offer(r, 3, CARE, T0 + 1200), RT_OK);
	assert_string_equal(call(r, 3)->agent, WANG);
	assert_int_equal(rt_offer(r, 4, GEN, T0 + 1300), RT_OK);
	assert_string_equal(call(r, 4)->agent, ZHANG);
	/* A desk nobody has: the call waits. */
	assert_int_equal(rt_offer(r, 5, 3, T0 + 1400), RT_OK);
	assert_int_equal(call(r, 5)->state, RTC_QUEUED);
	/* Bad arguments change nothing. */
	assert_int_equal(rt_offer(r, 5, GEN, T0), RT_E_EXISTS);
	assert_int_equal(rt_offer(r, 9, RT_MAX_DESKS, T0), RT_E_INVALID);
	assert_int_equal(rt_offer(r, 0, GEN, T0), RT_E_INVALID);
	rt_free(r);
}

/* Nobody ready: calls wait per desk; an agent with two desks takes the
 * oldest head among them, in arrival order. */
static void
test_queue_arrival_order(void **state)
{
	struct rt *r = mk(1);
	struct rt_queue_stat qs;
	int64_t t = T0;

	(void)state;
	assert_int_equal(rt_agent_seen(r, ZHAO, D(GEN) | D(ENT), t), RT_OK);
	assert_int_equal(rt_offer(r, 10, GEN, t + 1000), RT_OK);
	assert_int_equal(rt_offer(r, 11, ENT, t + 2000), RT_OK);
	assert_int_equal(rt_offer(r, 12, GEN, t + 3000), RT_OK);
	assert_int_equal(rt_offer(r, 13, CARE, t + 3500), RT_OK);
	assert_int_equal(rt_queue_position(r, 10), 1);
	assert_int_equal(rt_queue_position(r, 12), 2);
	assert_int_equal(rt_queue_position(r, 11), 1);
	rt_queue_stat(r, GEN, t + 4000, &qs);
	assert_int_equal(qs.waiting, 2);
	assert_int_equal(qs.longest_wait_ms, 3000);
	assert_int_equal(qs.agents_ready, 0);

	assert_int_equal(rt_set_state(r, ZHAO, RT_READY, NULL, t + 5000),
			 RT_OK);
	assert_string_equal(call(r, 10)->agent, ZHAO);
	assert_int_equal(call(r, 10)->wait_ms, 4000);
	assert_int_equal(rt_answer(r, 10, ZHAO, t + 6000), RT_OK);
	assert_int_equal(rt_hangup(r, 10, ZHAO, t + 7000), RT_OK);
	assert_int_equal(rt_wrapup(r, 10, ZHAO, t + 8000), RT_OK);
	/* 11 (ENTERPRISE, arrived 2 s) before 12 (GENERAL, 3 s). */
	assert_string_equal(call(r, 11)->agent, ZHAO);
	assert_int_equal(call(r, 12)->state, RTC_QUEUED);
	assert_int_equal(rt_queue_position(r, 12), 1);
	/* CARE is not among its desks. */
	assert_int_equal(call(r, 13)->state, RTC_QUEUED);
	rt_queue_stat(r, GEN, t + 8000, &qs);
	assert_int_equal(qs.waiting, 1);
	assert_int_equal(qs.agents_ready, 0);
	rt_free(r);
}

static void
test_ring_no_answer(void **state)
{
	struct rt *r = mk(1);
	const struct rt_agent *a;
	const struct rt_change *ch;
	size_t n, i;
	int offered = 0, rna_rows = 0;

	(void)state;
	ready(r, ZHANG, D(GEN), T0);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 1000), RT_OK);
	assert_int_equal(rt_offer(r, 2, GEN, T0 + 2000), RT_OK);
	assert_int_equal(rt_next_deadline(r), T0 + 1000 + RING);
	rt_changes_clear(r);
	assert_int_equal(rt_tick(r, T0 + 1000 + RING - 1), 0);
	assert_int_equal(call(r, 1)->state, RTC_RINGING);
	assert_int_equal(rt_tick(r, T0 + 1000 + RING), 1);
	a = rt_find_agent(r, ZHANG);
	assert_int_equal(a->state, RT_NOT_READY);
	assert_string_equal(a->reason, RT_REASON_RNA);
	assert_int_equal(a->call_id, 0);
	/* Back at the FRONT of its queue, ahead of call 2. */
	assert_int_equal(call(r, 1)->state, RTC_QUEUED);
	assert_int_equal(rt_queue_position(r, 1), 1);
	assert_int_equal(rt_queue_position(r, 2), 2);
	assert_int_equal(call(r, 1)->ring_ms, RING);
	assert_int_equal(call(r, 1)->ring_attempts, 1);
	ch = rt_changes(r, &n);
	for (i = 0; i < n; i++) {
		if (ch[i].kind == RT_CH_CALL && ch[i].call.id == 1 &&
		    ch[i].call.state == RTC_QUEUED)
			assert_string_equal(ch[i].left, ZHANG);
		if (ch[i].kind == RT_CH_AGENT && ch[i].new_state &&
		    strcmp(ch[i].agent.reason, RT_REASON_RNA) == 0)
			rna_rows++;
	}
	assert_int_equal(rna_rows, 1);
	assert_int_equal(rt_next_deadline(r), 0);

	/* Another agent becomes READY: the returned call rings first. */
	rt_changes_clear(r);
	ready(r, LI, D(GEN), T0 + 20000);
	assert_string_equal(call(r, 1)->agent, LI);
	assert_int_equal(call(r, 1)->ring_attempts, 2);
	assert_int_equal(call(r, 2)->state, RTC_QUEUED);
	ch = rt_changes(r, &n);
	for (i = 0; i < n; i++)
		if (ch[i].kind == RT_CH_CALL && ch[i].offered) {
			assert_int_equal(ch[i].call.id, 1);
			assert_string_equal(ch[i].call.agent, LI);
			offered++;
		}
	assert_int_equal(offered, 1);
	/* Waiting time counts both stays in the queue. */
	assert_int_equal(call(r, 1)->wait_ms, 0 + (20000 - 1000 - RING));
	rt_free(r);
}

/* Ring-no-answer with another agent ready: the call rings that agent at
 * once, not the one who missed it. */
static void
test_ring_no_answer_next_agent(void **state)
{
	struct rt *r = mk(1);

	(void)state;
	ready(r, ZHANG, D(GEN), T0);
	ready(r, LI, D(GEN), T0 + 10);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 100), RT_OK);
	assert_string_equal(call(r, 1)->agent, ZHANG);
	assert_int_equal(rt_offer(r, 2, GEN, T0 + 200), RT_OK);
	assert_string_equal(call(r, 2)->agent, LI);
	assert_int_equal(rt_tick(r, T0 + 100 + RING), 1);
	assert_int_equal(st(r, ZHANG), RT_NOT_READY);
	assert_int_equal(call(r, 1)->state, RTC_QUEUED);
	/* 李四's call is still within its time. */
	assert_int_equal(call(r, 2)->state, RTC_RINGING);
	ready(r, WANG, D(GEN), T0 + 100 + RING + 5);
	assert_string_equal(call(r, 1)->agent, WANG);
	assert_int_equal(call(r, 1)->deadline, T0 + 100 + 2 * RING + 5);
	/* Late timer: several deadlines in one tick, earliest first. */
	assert_int_equal(rt_tick(r, T0 + 100 + 3 * RING), 2);
	assert_int_equal(st(r, LI), RT_NOT_READY);
	assert_int_equal(st(r, WANG), RT_NOT_READY);
	assert_int_equal(call(r, 1)->state, RTC_QUEUED);
	assert_int_equal(call(r, 2)->state, RTC_QUEUED);
	assert_int_equal(rt_queue_position(r, 1) + rt_queue_position(r, 2), 3);
	rt_free(r);
}

static void
test_abandon(void **state)
{
	struct rt *r = mk(1);
	const struct rt_change *ch;
	size_t n, i;
	int left = 0;

	(void)state;
	assert_int_equal(rt_offer(r, 1, GEN, T0), RT_OK);
	assert_int_equal(rt_abandon(r, 1, T0 + 7000), RT_OK);
	assert_null(rt_find_call(r, 1));
	assert_int_equal(rt_abandon(r, 1, T0 + 8000), RT_E_NO_CALL);
	ch = rt_changes(r, &n);
	assert_int_equal(ch[n - 1].call.state, RTC_ABANDONED);
	assert_int_equal(ch[n - 1].call.wait_ms, 7000);
	assert_int_equal(ch[n - 1].call.ended_at, T0 + 7000);
	rt_changes_clear(r);

	/* Abandon while ringing: the agent is READY again, still the
	 * longest idle. */
	ready(r, ZHANG, D(GEN), T0 + 10000);
	ready(r, LI, D(GEN), T0 + 11000);
	assert_int_equal(rt_offer(r, 2, GEN, T0 + 12000), RT_OK);
	assert_string_equal(call(r, 2)->agent, ZHANG);
	assert_int_equal(rt_abandon(r, 2, T0 + 13000), RT_OK);
	assert_int_equal(st(r, ZHANG), RT_READY);
	assert_int_equal(rt_find_agent(r, ZHANG)->idle_since, T0 + 10000);
	ch = rt_changes(r, &n);
	for (i = 0; i < n; i++)
		if (ch[i].kind == RT_CH_CALL &&
		    ch[i].call.state == RTC_ABANDONED) {
			assert_string_equal(ch[i].left, ZHANG);
			assert_int_equal(ch[i].call.ring_ms, 1000);
			left++;
		}
	assert_int_equal(left, 1);
	assert_int_equal(rt_offer(r, 3, GEN, T0 + 14000), RT_OK);
	assert_string_equal(call(r, 3)->agent, ZHANG);
	/* A call being talked cannot be abandoned. */
	assert_int_equal(rt_answer(r, 3, ZHANG, T0 + 15000), RT_OK);
	assert_int_equal(rt_abandon(r, 3, T0 + 16000), RT_E_CALL_STATE);
	rt_free(r);
}

static void
test_durations_and_hold(void **state)
{
	struct rt *r = mk(1);
	const struct rt_change *ch;
	const struct rt_call *c;
	size_t n;

	(void)state;
	assert_int_equal(rt_offer(r, 5, GEN, T0), RT_OK);
	ready(r, ZHANG, D(GEN), T0 + 3000);       /* waited 3 s */
	assert_int_equal(rt_answer(r, 5, ZHANG, T0 + 5000), RT_OK); /* 2 */
	assert_int_equal(rt_hold(r, 5, ZHANG, T0 + 15000), RT_OK);  /* 10 */
	assert_int_equal(st(r, ZHANG), RT_HOLD);
	assert_int_equal(rt_hold(r, 5, ZHANG, T0 + 16000), RT_E_CALL_STATE);
	assert_int_equal(rt_resume(r, 5, ZHANG, T0 + 19000), RT_OK); /* 4 */
	assert_int_equal(st(r, ZHANG), RT_TALKING);
	c = call(r, 5);
	assert_int_equal(rt_call_time_in(c, RTC_TALKING, T0 + 20000), 11000);
	assert_int_equal(rt_hangup(r, 5, ZHANG, T0 + 21000), RT_OK); /* 2 */
	assert_int_equal(rt_wrapup(r, 5, ZHANG, T0 + 30000), RT_OK); /* 9 */
	ch = rt_changes(r, &n);
	c = NULL;
	while (n--)
		if (ch[n].kind == RT_CH_CALL) {
			c = &ch[n].call;
			break;
		}
	assert_non_null(c);
	assert_int_equal(c->state, RTC_ENDED);
	assert_int_equal(c->wait_ms, 3000);
	assert_int_equal(c->ring_ms, 2000);
	assert_int_equal(c->talk_ms, 12000);
	assert_int_equal(c->hold_ms, 4000);
	assert_int_equal(c->acw_ms, 9000);
	assert_int_equal(c->answered_at, T0 + 5000);
	assert_int_equal(c->ended_at, T0 + 21000);
	assert_int_equal(c->auto_wrapup, 0);
	assert_int_equal(st(r, ZHANG), RT_READY);
	rt_free(r);
}

static void
test_acw_timed(void **state)
{
	struct rt *r = mk(1);
	int64_t h = T0 + 10000, dl;
	const struct rt_change *ch;
	size_t n, i;
	int ended = 0;

	(void)state;
	ready(r, ZHANG, D(GEN), T0);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 1000), RT_OK);
	assert_int_equal(rt_answer(r, 1, ZHANG, T0 + 2000), RT_OK);
	/* Not yet in ACW: cannot extend or wrap up. */
	assert_int_equal(rt_extend_acw(r, 1, ZHANG, T0 + 3000),
			 RT_E_CALL_STATE);
	assert_int_equal(rt_wrapup(r, 1, ZHANG, T0 + 3000), RT_E_CALL_STATE);
	assert_int_equal(rt_hangup(r, 1, ZHANG, h), RT_OK);
	assert_int_equal(st(r, ZHANG), RT_ACW);
	assert_int_equal(call(r, 1)->deadline, h + ACW);
	assert_int_equal(rt_next_deadline(r), h + ACW);
	assert_int_equal(rt_extend_acw(r, 1, ZHANG, h + 1), RT_OK);
	assert_int_equal(rt_extend_acw(r, 1, ZHANG, h + 2), RT_OK);
	assert_int_equal(rt_extend_acw(r, 1, ZHANG, h + 3), RT_OK);
	assert_int_equal(rt_extend_acw(r, 1, ZHANG, h + 4), RT_E_LIMIT);
	dl = h + 4 * ACW;
	assert_int_equal(call(r, 1)->deadline, dl);
	assert_int_equal(call(r, 1)->extensions, 3);
	/* Asked during ACW: NOT_READY afterwards. */
	assert_int_equal(rt_after_call(r, ZHANG, RT_AFTER_NOT_READY, "MEAL",
				       h + 5),
			 RT_OK);
	assert_int_equal(rt_find_agent(r, ZHANG)->after, RT_AFTER_NOT_READY);
	rt_changes_clear(r);
	assert_int_equal(rt_tick(r, dl - 1), 0);
	assert_int_equal(st(r, ZHANG), RT_ACW);
	assert_int_equal(rt_tick(r, dl), 1);
	assert_null(rt_find_call(r, 1));
	assert_int_equal(st(r, ZHANG), RT_NOT_READY);
	assert_string_equal(rt_find_agent(r, ZHANG)->reason, "MEAL");
	assert_int_equal(rt_find_agent(r, ZHANG)->after, RT_AFTER_NONE);
	ch = rt_changes(r, &n);
	for (i = 0; i < n; i++)
		if (ch[i].kind == RT_CH_CALL) {
			assert_int_equal(ch[i].call.state, RTC_ENDED);
			assert_int_equal(ch[i].call.auto_wrapup, 1);
			assert_int_equal(ch[i].call.acw_ms, 4 * ACW);
			ended++;
		}
	assert_int_equal(ended, 1);
	assert_int_equal(rt_next_deadline(r), 0);
	rt_free(r);
}

static void
test_acw_optional(void **state)
{
	struct rt *r = mk(0);

	(void)state;
	ready(r, LI, D(GEN), T0);
	assert_int_equal(rt_offer(r, 1, GEN, T0), RT_OK);
	assert_int_equal(rt_answer(r, 1, LI, T0 + 1), RT_OK);
	assert_int_equal(rt_hangup(r, 1, LI, T0 + 2), RT_OK);
	assert_int_equal(call(r, 1)->deadline, 0);
	assert_int_equal(rt_extend_acw(r, 1, LI, T0 + 3), RT_E_NOT_TIMED);
	assert_int_equal(rt_tick(r, T0 + 10 * 3600 * 1000LL), 0);
	assert_int_equal(st(r, LI), RT_ACW);
	/* Cancelled request: READY after all. */
	assert_int_equal(rt_after_call(r, LI, RT_AFTER_NOT_READY, "BREAK",
				       T0 + 4),
			 RT_OK);
	assert_int_equal(rt_after_call(r, LI, RT_AFTER_NONE, NULL, T0 + 5),
			 RT_OK);
	assert_int_equal(rt_wrapup(r, 1, LI, T0 + 6), RT_OK);
	assert_int_equal(st(r, LI), RT_READY);
	assert_int_equal(rt_find_agent(r, LI)->idle_since, T0 + 6);
	rt_free(r);
}

static void
test_refusals(void **state)
{
	struct rt *r = mk(1);

	(void)state;
	ready(r, ZHANG, D(GEN), T0);
	ready(r, LI, D(GEN), T0 + 1);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 2), RT_OK);
	assert_int_equal(rt_answer(r, 1, LI, T0 + 3), RT_E_NOT_YOURS);
	assert_int_equal(rt_answer(r, 99, ZHANG, T0 + 3), RT_E_NO_CALL);
	assert_int_equal(rt_hold(r, 1, ZHANG, T0 + 3), RT_E_CALL_STATE);
	assert_int_equal(rt_hangup(r, 1, ZHANG, T0 + 3), RT_E_CALL_STATE);
	assert_int_equal(rt_set_state(r, ZHANG, RT_NOT_READY, "BREAK",
				      T0 + 3),
			 RT_E_BUSY);
	assert_int_equal(rt_set_state(r, LI, RT_NOT_READY, NULL, T0 + 3),
			 RT_E_INVALID);
	assert_int_equal(rt_set_state(r, LI, RT_TALKING, NULL, T0 + 3),
			 RT_E_INVALID);
	assert_int_equal(rt_set_state(r, "无此人", RT_READY, NULL, T0 + 3),
			 RT_E_NO_AGENT);
	assert_int_equal(rt_after_call(r, LI, RT_AFTER_NOT_READY, "MEAL",
				       T0 + 3),
			 RT_E_NOT_ON_CALL);
	assert_int_equal(rt_check_call(r, 1, ZHANG, 1u << RTC_RINGING), RT_OK);
	assert_int_equal(rt_check_call(r, 1, LI, 1u << RTC_RINGING),
			 RT_E_NOT_YOURS);
	/* Nothing above changed the states. */
	assert_int_equal(st(r, ZHANG), RT_RINGING);
	assert_int_equal(st(r, LI), RT_READY);
	/* NOT_READY with a reason, then another reason: a new state row. */
	assert_int_equal(rt_set_state(r, LI, RT_NOT_READY, "BREAK", T0 + 4),
			 RT_OK);
	rt_changes_clear(r);
	assert_int_equal(rt_set_state(r, LI, RT_NOT_READY, "BREAK", T0 + 5),
			 RT_OK);
	{
		size_t n;

		rt_changes(r, &n);
		assert_int_equal(n, 0);
		assert_int_equal(rt_set_state(r, LI, RT_NOT_READY, "MEETING",
					      T0 + 6),
				 RT_OK);
		rt_changes(r, &n);
		assert_int_equal(n, 1);
		assert_int_equal(rt_find_agent(r, LI)->since, T0 + 6);
	}
	rt_free(r);
}

static void
test_logout(void **state)
{
	struct rt *r = mk(1);

	(void)state;
	ready(r, ZHANG, D(GEN), T0);
	ready(r, LI, D(GEN), T0 + 100);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 200), RT_OK);
	assert_string_equal(call(r, 1)->agent, ZHANG);
	/* Logging out while ringing passes the call on. */
	assert_int_equal(rt_logout(r, ZHANG, T0 + 300), RT_OK);
	assert_int_equal(st(r, ZHANG), RT_OFFLINE);
	assert_string_equal(call(r, 1)->agent, LI);
	assert_int_equal(call(r, 1)->ring_attempts, 2);
	assert_int_equal(rt_answer(r, 1, LI, T0 + 400), RT_OK);
	/* While talking: offline after the call. */
	assert_int_equal(rt_logout(r, LI, T0 + 500), RT_OK);
	assert_int_equal(st(r, LI), RT_TALKING);
	assert_int_equal(rt_find_agent(r, LI)->after, RT_AFTER_OFFLINE);
	assert_int_equal(rt_hangup(r, 1, LI, T0 + 600), RT_OK);
	assert_int_equal(rt_wrapup(r, 1, LI, T0 + 700), RT_OK);
	assert_int_equal(st(r, LI), RT_OFFLINE);
	assert_int_equal(rt_logout(r, LI, T0 + 800), RT_OK);
	rt_free(r);
}

static void
test_clone_and_restore(void **state)
{
	struct rt *r = mk(1), *c, *r2;
	size_t i, n;

	(void)state;
	assert_int_equal(rt_agent_seen(r, ZHANG, D(GEN), T0), RT_OK);
	assert_int_equal(rt_set_state(r, ZHANG, RT_NOT_READY, "TRAINING", T0),
			 RT_OK);
	assert_int_equal(rt_offer(r, 1, GEN, T0 + 1), RT_OK);
	assert_int_equal(rt_offer(r, 2, GEN, T0 + 2), RT_OK);
	c = rt_clone(r);
	assert_int_equal(rt_set_state(c, ZHANG, RT_READY, NULL, T0 + 3), RT_OK);
	assert_string_equal(call(c, 1)->agent, ZHANG);
	/* The original is untouched. */
	assert_int_equal(call(r, 1)->state, RTC_QUEUED);
	assert_int_equal(st(r, ZHANG), RT_NOT_READY);
	rt_free(c);

	/* A restart: rebuild from the saved records (queue order kept:
	 * call 1 rang unanswered and went back to the front). */
	assert_int_equal(rt_set_state(r, ZHANG, RT_READY, NULL, T0 + 4), RT_OK);
	assert_int_equal(rt_tick(r, T0 + 4 + RING), 1);
	assert_int_equal(rt_queue_position(r, 1), 1);
	r2 = mk(1);
	for (i = 0; i < rt_n_agents(r); i++)
		assert_int_equal(rt_restore_agent(r2, rt_agent_at(r, i)), RT_OK);
	assert_int_equal(rt_restore_agent(r2, rt_agent_at(r, 0)),
			 RT_E_INVALID);
	assert_int_equal(rt_restore_call(r2, call(r, 2)), RT_OK);
	assert_int_equal(rt_restore_call(r2, call(r, 1)), RT_OK);
	assert_int_equal(rt_restore_call(r2, call(r, 1)), RT_E_EXISTS);
	rt_restore_done(r2, T0 + 30000);
	rt_changes(r2, &n);
	assert_int_equal(n, 0);
	assert_int_equal(rt_queue_position(r2, 1), 1);
	assert_int_equal(rt_queue_position(r2, 2), 2);
	ready(r2, LI, D(GEN), T0 + 31000);
	assert_string_equal(call(r2, 1)->agent, LI);
	/* New calls still go to the back. */
	assert_int_equal(rt_offer(r2, 3, GEN, T0 + 32000), RT_OK);
	assert_int_equal(rt_queue_position(r2, 2), 1);
	assert_int_equal(rt_queue_position(r2, 3), 2);
	rt_free(r2);
	rt_free(r);
}

static void
test_names(void **state)
{
	enum rt_astate a;
	enum rt_cstate c;
	int i;

	(void)state;
	for (i = 0; i < RT_ASTATE__COUNT; i++) {
		assert_int_equal(rt_astate_parse(rt_astate_wire(i), &a), 0);
		assert_int_equal(a, i);
	}
	for (i = 0; i < RTC__COUNT; i++) {
		assert_int_equal(rt_cstate_parse(rt_cstate_wire(i), &c), 0);
		assert_int_equal(c, i);
	}
	assert_int_equal(rt_astate_parse("示闲", &a), -1);
	assert_string_equal(rt_astate_wire(RT_NOT_READY), "NOT_READY");
	assert_string_equal(rt_cstate_wire(RTC_ABANDONED), "ABANDONED");
	assert_true(rt_astate_on_call(RT_ACW));
	assert_false(rt_astate_on_call(RT_NOT_READY));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_longest_idle),
		cmocka_unit_test(test_idle_ties_and_re_ready),
		cmocka_unit_test(test_desks),
		cmocka_unit_test(test_queue_arrival_order),
		cmocka_unit_test(test_ring_no_answer),
		cmocka_unit_test(test_ring_no_answer_next_agent),
		cmocka_unit_test(test_abandon),
		cmocka_unit_test(test_durations_and_hold),
		cmocka_unit_test(test_acw_timed),
		cmocka_unit_test(test_acw_optional),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_logout),
		cmocka_unit_test(test_clone_and_restore),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
