/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tui_calls.c - the call screens without a server: the text rules
 * of callfmt.h (timers, labels, status-bar fitting, history order,
 * pinyin type-ahead, the multi-line box) and, on a headless curses
 * screen of 80x24, the status bar in every agent state, the screen pop
 * with a caller's history and the voice assistant's transcript, the
 * wrap-up form's filtered code list, and the transfer pickers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <curses.h>

#include "core/callmodel.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "core/model.h"
#include "core/ticket.h"
#include "core/utf8.h"
#include "keymaps/keymap.h"
#include "tui/app.h"
#include "tui/callfmt.h"
#include "tui/calls.h"
#include "tui/command.h"
#include "tui/intake.h"
#include "tui/screen.h"
#include "tui/theme.h"
#include "tui/views.h"

/* A string literal where the model structs want char * (copied at once). */
#define S(x) ((char *)(uintptr_t)(x))

/* ---- pure rules ------------------------------------------------------- */

static void
test_mmss(void **state)
{
	char b[16];

	(void)state;
	cf_mmss(0, b, sizeof b);
	assert_string_equal(b, "00:00");
	cf_mmss(65, b, sizeof b);
	assert_string_equal(b, "01:05");
	cf_mmss(3599, b, sizeof b);
	assert_string_equal(b, "59:59");
	cf_mmss(6000, b, sizeof b);
	assert_string_equal(b, "100:00");
	cf_mmss(-7, b, sizeof b);
	assert_string_equal(b, "00:00");
}

static void
test_labels(void **state)
{
	(void)state;
	i18n_set(LANG_ZH);
	assert_string_equal(cf_agent_state_label("READY"), "示闲");
	assert_string_equal(cf_agent_state_label("NOT_READY"), "示忙");
	assert_string_equal(cf_agent_state_label("ACW"), "话后处理");
	assert_string_equal(cf_agent_state_label("OFFLINE"), "离线");
	assert_string_equal(cf_agent_state_label("NEW_STATE"), "NEW_STATE");
	assert_string_equal(cf_agent_state_label(NULL), "-");
	assert_string_equal(cf_call_state_label("RINGING"), "振铃");
	assert_string_equal(cf_desk_label("ENTERPRISE"), "企业服务");
	assert_string_equal(cf_mode_label("THREE_WAY"), "三方通话");
	i18n_set(LANG_EN);
	assert_string_equal(cf_agent_state_label("READY"), "ready");
	assert_string_equal(cf_mode_label("BLIND"), "blind");
	i18n_set(LANG_ZH);
	assert_string_equal(cf_parse_mode("three-way"), "THREE_WAY");
	assert_string_equal(cf_parse_mode("BLIND"), "BLIND");
	assert_string_equal(cf_parse_mode("Consult"), "CONSULT");
	assert_null(cf_parse_mode("盲转"));
	assert_null(cf_parse_mode(NULL));
	assert_true(cf_emergency_ok("110"));
	assert_true(cf_emergency_ok("122"));
	assert_false(cf_emergency_ok("12345"));
	assert_false(cf_emergency_ok(""));
}

static void
seg(struct sb_seg *s, const char *text, const char *alt, int prio, int right)
{
	memset(s, 0, sizeof *s);
	snprintf(s->text, sizeof s->text, "%s", text);
	snprintf(s->alt, sizeof s->alt, "%s", alt);
	s->prio = prio;
	s->right = right;
}

static void
test_sb_fit(void **state)
{
	struct sb_seg s[6];

	(void)state;
	seg(&s[0], "演示坐席 demo-agent", "演示坐席", 5, 0);
	seg(&s[1], "示忙(外呼回访) 12:03", "示忙 12:03", 1, 0);
	seg(&s[2], "话后示忙(用餐)", "话后示忙", 4, 0);
	seg(&s[3], "排队 12", "", 3, 0);
	seg(&s[4], " 实时推送中断, 15 秒后重试 ", "", 2, 1);
	seg(&s[5], "20:18:50 ", "", 6, 1);
	/* wide enough: everything in full */
	sb_fit(s, 6, 200);
	assert_int_equal(sb_width(s, 6),
			 19 + 3 + 20 + 3 + 14 + 3 + 7 + 1 + 27 + 1 + 9);
	assert_false(s[0].use_alt || s[5].hidden);
	/* 80 columns: the clock goes first, then the name shrinks */
	sb_fit(s, 6, 79);
	assert_true(sb_width(s, 6) <= 79);
	assert_true(s[5].hidden);
	assert_false(s[1].hidden);
	assert_false(s[4].hidden);
	assert_false(s[3].hidden);
	/* very narrow: only the state is left, never hidden */
	sb_fit(s, 6, 12);
	assert_false(s[1].hidden);
	assert_true(s[0].hidden && s[2].hidden && s[3].hidden &&
		    s[4].hidden && s[5].hidden);
	assert_true(s[1].use_alt);
	assert_string_equal(sb_seg_text(&s[1]), "示忙 12:03");
}

static struct ticket
tk(const char *no, enum tk_state st)
{
	struct ticket t;

	memset(&t, 0, sizeof t);
	t.ticket_no = S(no);
	t.state = st;
	return t;
}

static void
test_history_order(void **state)
{
	struct ticket t[5];
	size_t idx[5];

	(void)state;
	t[0] = tk("A", TK_ARCHIVED);
	t[1] = tk("B", TK_HANDLING);
	t[2] = tk("C", TK_CLOSED_DIRECT);
	t[3] = tk("D", TK_PENDING_SIGN);
	t[4] = tk("E", TK_DRAFT);
	assert_int_equal(cf_history_order(t, 5, idx), 3);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 3);
	assert_int_equal(idx[2], 4);
	assert_int_equal(idx[3], 0);
	assert_int_equal(idx[4], 2);
	assert_int_equal(cf_history_order(t, 0, idx), 0);
}

static void
test_match(void **state)
{
	const char *hpf = "东莞市住房公积金管理中心\t公积金中心\tHPF\t0769-22"
			  "223333";

	(void)state;
	assert_true(cf_match(hpf, "gjj") >= 0);
	assert_true(cf_match(hpf, "公积金") >= 0);
	assert_true(cf_match(hpf, "dgs") >= 0);
	assert_true(cf_match(hpf, "hpf") >= 0);
	assert_true(cf_match(hpf, "0769") >= 0);
	assert_int_equal(cf_match(hpf, "xyz"), -1);
	assert_int_equal(cf_match(hpf, "消防"), -1);
	/* the short name starts with the query: better than inside */
	assert_true(cf_match(hpf, "gjj") < cf_match("东莞市住房公积金管理中心",
						    "gjj"));
	assert_int_equal(cf_match("", ""), 0);
}

static void
test_textbox(void **state)
{
	struct tb_line l[16];
	size_t n, r, c;
	const char *t = "第一行\n公积金提取需要什么材料";

	(void)state;
	/* 9 columns wide: wraps at 8 (4 Chinese characters) */
	n = tb_layout(t, 0, 9, l, 16, &r, &c);
	assert_int_equal(n, 4);
	assert_int_equal(l[0].len, strlen("第一行"));
	assert_int_equal(l[1].len, strlen("公积金提"));
	assert_int_equal(r, 0);
	assert_int_equal(c, 0);
	/* the cursor at the end of the first line, before the newline */
	tb_layout(t, strlen("第一行"), 9, l, 16, &r, &c);
	assert_int_equal(r, 0);
	assert_int_equal(c, 6);
	/* after 公积金提: the start of the next wrapped line */
	tb_layout(t, strlen("第一行\n公积金提"), 9, l, 16, &r, &c);
	assert_int_equal(r, 2);
	assert_int_equal(c, 0);
	/* at the very end */
	tb_layout(t, strlen(t), 9, l, 16, &r, &c);
	assert_int_equal(r, 3);
	assert_int_equal(c, 6); /* after 么材料 */
	/* a trailing newline opens an empty line for the cursor */
	n = tb_layout("ab\n", 3, 10, l, 16, &r, &c);
	assert_int_equal(n, 2);
	assert_int_equal(r, 1);
	assert_int_equal(c, 0);
	n = tb_layout("", 0, 10, l, 16, &r, &c);
	assert_int_equal(n, 1);
	assert_int_equal(r, 0);
}

/* ---- headless curses -------------------------------------------------- */

#include "tui_screen.h"

/* The whole body window as text, rows joined by '\n'. */
static void
read_body(struct app *app, char *out, size_t cap)
{
	int y;
	size_t off = 0;
	char row[1024];

	out[0] = '\0';
	for (y = 0; y < getmaxy(app->w_body); y++) {
		screen_row(app->w_body, y, row, sizeof row);
		off += (size_t)snprintf(out + off, cap - off, "%s\n", row);
		if (off >= cap)
			break;
	}
}

/* ---- fixtures --------------------------------------------------------- */

static struct app *
app_up(void)
{
	struct app *app = xcalloc(1, sizeof *app);
	static char *desks[] = { S("GENERAL") };

	app->cfg = config_new();
	app->server_url = xstrdup("http://127.0.0.1:9");
	app->logged_in = 1; /* nothing is sent: api is NULL */
	app->conn = CONN_ONLINE;
	app->agent.username = xstrdup("demo-agent");
	app->agent.display_name = xstrdup("演示坐席");
	app->agent.desks = xcalloc(1, sizeof(char *));
	app->agent.desks[0] = xstrdup(desks[0]);
	app->agent.n_desks = 1;
	app->calls = xcalloc(1, sizeof *app->calls);
	return app;
}

static void
app_down(struct app *app)
{
	app_clear_views(app);
	calls_stop(app);
	screen_free(app);
	agent_info_free(&app->agent);
	config_free(app->cfg);
	free(app->server_url);
	free(app);
}

static void
set_state(struct app *app, const char *state, const char *reason,
	  long ago, const char *after_reason)
{
	struct agent_state s;

	memset(&s, 0, sizeof s);
	s.username = S("demo-agent");
	s.state = S(state);
	s.reason = S(reason ? reason : "");
	s.since = time(NULL) - ago;
	s.after_call = S(after_reason ? "NOT_READY" : "");
	s.after_call_reason = S(after_reason ? after_reason : "");
	agent_state_free(&app->calls->st);
	agent_state_copy(&app->calls->st, &s);
	app->calls->have_st = 1;
}

static void
set_call(struct app *app, const char *state)
{
	struct call c;
	time_t now = time(NULL);

	memset(&c, 0, sizeof c);
	c.id = 42;
	c.caller = S("13800138000");
	c.desk = S("GENERAL");
	c.state = S(state);
	c.agent = S("demo-agent");
	c.ivr_intent = S("公积金提取");
	c.ivr_transcript = S("来电人询问住房公积金提取需要准备哪些材料，"
			     "语音助手已告知办事指南但来电人要求人工服务，"
			     "并说明已经第二次来电催问提取进度。");
	c.offered_at = now - 8;
	c.ringing_at = now - 5;
	c.answered_at = strcmp(state, "RINGING") ? now - 125 : 0;
	c.ended_at = strcmp(state, "ACW") == 0 ? now - 3 : 0;
	c.acw_deadline = strcmp(state, "ACW") == 0 ? now + 57 : 0;
	c.talk_s = 122;
	call_free(&app->calls->call);
	call_copy(&app->calls->call, &c);
	app->calls->have_call = 1;
}

static void
set_queues(struct app *app, long general)
{
	struct queue_info q[2] = { { S("GENERAL"), general, 30, 2 },
				   { S("CARE"), 9, 50, 0 } };
	struct queue_list l = { q, 2 };

	queue_list_free(&app->calls->queues);
	queue_list_copy(&app->calls->queues, &l);
	app->calls->have_queues = 1;
}

static void
history(struct ticket_page *p)
{
	static const struct {
		const char *no, *title, *unit, *deadline;
		enum tk_state st;
	} rows[] = {
		{ "DG20261101000007", "公积金提取进度查询", "", "",
		  TK_ARCHIVED },
		{ "DG20261120000003", "公积金提取未到账",
		  "东莞市住房公积金管理中心", "2026-12-02T09:00:00Z",
		  TK_HANDLING },
		{ "DG20261010000001", "噪音投诉", "东莞市生态环境局",
		  "2026-10-20T09:00:00Z", TK_CLOSED_DIRECT },
	};
	size_t i;

	memset(p, 0, sizeof *p);
	p->n = 3;
	p->items = xcalloc(3, sizeof *p->items);
	for (i = 0; i < 3; i++) {
		struct ticket *t = &p->items[i];

		t->ticket_no = xstrdup(rows[i].no);
		t->title = xstrdup(rows[i].title);
		t->content = xstrdup("");
		t->lead_unit_name = xstrdup(rows[i].unit);
		t->deadline = xstrdup(rows[i].deadline);
		t->state = rows[i].st;
		t->handling_mode = -1;
	}
	p->next_cursor = xstrdup("");
}

static void
codes(struct app *app)
{
	struct code_item it[4] = {
		{ S("DIRECT_ANSWER"), S("直接解答"),
		  S("answered directly") },
		{ S("TICKET_CREATED"), S("已建工单转办"),
		  S("ticket created") },
		{ S("URGED_OPEN"), S("催办在办工单"),
		  S("urged an open ticket") },
		{ S("MISDIAL"), S("打错电话"), S("wrong number") },
	};
	struct code_list l = { it, 4 };

	code_list_copy(&app->calls->codes, &l);
	app->calls->have[CL_CODES] = 1;
}

static void
units(struct app *app)
{
	struct unit_info u[3] = {
		{ S("HPF"), S("东莞市住房公积金管理中心"),
		  S("公积金中心"), S("DEPT"),
		  S("0769-22223333") },
		{ S("FIRE"), S("东莞市消防救援支队"),
		  S("消防支队"), S("DEPT"), S("0769-119") },
		{ S("T_SHILONG"), S("石龙镇"), S("石龙"),
		  S("TOWN"), S("0769-86630000") },
	};
	struct unit_list l = { u, 3 };

	unit_list_copy(&app->calls->units, &l);
	app->calls->have[CL_UNITS] = 1;
}

static int
setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	i18n_set(LANG_ZH);
	return 0;
}

/* ---- the status bar at 80 columns ------------------------------------- */

static void
status_row(struct app *app, char *row, size_t cap)
{
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	screen_row(app->w_status, 0, row, cap);
	assert_int_equal(u8_width(row), 80);
}

static void
test_statusbar_states(void **state)
{
	struct app *app;
	char row[1024];

	(void)state;
	curses_up(24, 80);
	app = app_up();
	app_push(app, &view_list_ops, NULL);
	screen_layout(app);

	/* before the state is known */
	status_row(app, row, sizeof row);
	assert_non_null(strstr(row, "演示坐席"));
	assert_non_null(strstr(row, "状态 -"));

	set_queues(app, 3);
	set_state(app, "READY", NULL, 75, NULL);
	status_row(app, row, sizeof row);
	assert_non_null(strstr(row, "示闲 01:1")); /* 01:15 or :16 */
	assert_non_null(strstr(row, "排队 3"));
	/* HTTP is fine but there is no event stream here: said so */
	assert_non_null(strstr(row, "实时推送中断"));

	set_state(app, "NOT_READY", "RING_NO_ANSWER", 5, NULL);
	status_row(app, row, sizeof row);
	assert_non_null(strstr(row, "示忙(未接) 00:0"));

	/* talking, with not-ready-after-call asked: the call timer counts
	 * from the answer, not from the state */
	set_call(app, "TALKING");
	set_state(app, "TALKING", NULL, 20, "CALLBACK");
	status_row(app, row, sizeof row);
	assert_non_null(strstr(row, "通话 00:2"));
	assert_non_null(strstr(row, "通话计时 02:0"));
	assert_non_null(strstr(row, "话后示忙"));
	assert_non_null(strstr(row, "排队 3"));

	/* ACW: the countdown, everything still inside 80 columns */
	set_call(app, "ACW");
	set_state(app, "ACW", NULL, 3, "CALLBACK");
	app->calls->st.acw_deadline = time(NULL) + 57;
	status_row(app, row, sizeof row);
	assert_non_null(strstr(row, "话后处理 00:0"));
	assert_non_null(strstr(row, "剩余 00:5"));

	/* English is longer: still 80 columns, the state stays */
	i18n_set(LANG_EN);
	status_row(app, row, sizeof row);
	assert_non_null(strstr(row, "after-call work 00:0"));
	assert_non_null(strstr(row, "left 00:5"));
	i18n_set(LANG_ZH);

	app_down(app);
	curses_down();
}

/* ---- the screen pop, the call, the wrap-up ---------------------------- */

static void
test_screen_pop(void **state)
{
	struct app *app;
	struct ticket_page p;
	struct view *v;
	char body[8192], row[1024];
	const char *l;
	int y;

	(void)state;
	curses_up(24, 80);
	app = app_up();
	app_push(app, &view_list_ops, NULL);
	screen_layout(app);
	set_state(app, "RINGING", NULL, 5, NULL);
	set_call(app, "RINGING");
	calls_sync(app);
	v = app_top(app);
	assert_ptr_equal(v->ops, &view_call_ops);
	assert_int_equal(call_view_call_id(v), 42);
	history(&p);
	call_view_take_history(app, v, &p);
	ticket_page_free(&p);
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	/* number, desk and ringing time on the first line */
	assert_non_null(strstr(body, "来电 13800138000  综合  振铃 00:0"));
	assert_non_null(strstr(body, "语音助手: 公积金提取"));
	assert_non_null(strstr(body, "来电人询问住房公积金"));
	/* the open ticket comes first, above the archived one */
	l = strstr(body, "DG20261120000003");
	assert_non_null(l);
	assert_true(l < strstr(body, "DG20261101000007"));
	assert_true(l < strstr(body, "DG20261010000001"));
	assert_non_null(strstr(body, "办理中"));
	assert_non_null(strstr(body, "12-02 09:00"));
	assert_non_null(strstr(body, "未办结 1 条在前"));
	/* no draft before the answer; the hint names F6 */
	assert_null(strstr(body, "受理表单"));
	assert_non_null(strstr(body, "F6 接听"));
	for (y = 0; y < getmaxy(app->w_body); y++) {
		screen_row(app->w_body, y, row, sizeof row);
		assert_true(u8_width(row) <= 80);
	}

	/* answered: the line of the call's intake form; Tab opens that form
	 * (bound to the call), Esc comes back, Tab brings the same one */
	set_call(app, "TALKING");
	set_state(app, "TALKING", NULL, 1, NULL);
	calls_sync(app);
	assert_ptr_equal(app_top(app), v); /* the same screen */
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "受理表单 (绑定本次来电)"));
	assert_null(strstr(body, "已打开"));
	cmd_key(app, (struct kkey){ KK_TAB, 0 });
	assert_ptr_equal(app_top(app)->ops, &view_intake_ops);
	assert_ptr_equal(intake_find_call(app, 42), app_top(app));
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "来电号码")); /* the form is shown */
	cmd_key(app, (struct kkey){ KK_ESC, 0 }); /* leaves the form */
	assert_ptr_equal(app_top(app), v);
	assert_null(intake_find_call(app, 42));
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "受理表单 (绑定本次来电)"));
	assert_non_null(strstr(body, "通话 02:0"));

	/* hang-up: ACW opens the wrap-up form over the call screen */
	codes(app);
	set_call(app, "ACW");
	set_state(app, "ACW", NULL, 1, NULL);
	calls_sync(app);
	assert_ptr_equal(app_top(app)->ops, &view_wrapup_ops);
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "剩余 00:5"));
	assert_non_null(strstr(body, "必填"));
	assert_non_null(strstr(body, "直接解答"));
	assert_non_null(strstr(body, "打错电话"));
	/* type-ahead by pinyin initials, Enter chooses */
	cmd_key(app, (struct kkey){ 'd', 0 });
	cmd_key(app, (struct kkey){ 'c', 0 });
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "打错电话"));
	assert_null(strstr(body, "直接解答"));
	cmd_key(app, (struct kkey){ KK_ENTER, 0 });
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "已选: 打错电话 (MISDIAL)"));
	/* Esc goes back to the call screen, wrapup brings the form back */
	cmd_key(app, (struct kkey){ KK_ESC, 0 });
	assert_ptr_equal(app_top(app), v);
	cmd_run(app, "wrapup");
	assert_ptr_equal(app_top(app)->ops, &view_wrapup_ops);

	/* the call ended (the server's default code): both screens close */
	set_call(app, "ENDED");
	free(app->calls->call.disposition);
	app->calls->call.disposition = xstrdup("DIRECT_ANSWER");
	set_state(app, "READY", NULL, 0, NULL);
	calls_sync(app);
	assert_ptr_equal(app_top(app)->ops, &view_list_ops);
	assert_non_null(strstr(app->msg, "直接解答"));

	app_down(app);
	curses_down();
}

static void
test_transfer_pickers(void **state)
{
	struct app *app;
	char body[8192];
	struct view *v;

	(void)state;
	curses_up(24, 80);
	app = app_up();
	app_push(app, &view_list_ops, NULL);
	screen_layout(app);
	units(app);
	set_call(app, "RINGING");
	set_state(app, "RINGING", NULL, 1, NULL);
	calls_sync(app);
	/* not while ringing */
	cmd_run(app, "transfer");
	assert_ptr_equal(app_top(app)->ops, &view_call_ops);
	assert_non_null(strstr(app->msg, "没有通话"));

	set_call(app, "TALKING");
	set_state(app, "TALKING", NULL, 1, NULL);
	calls_sync(app);
	cmd_key(app, (struct kkey){ KK_F1 + 8, 0 }); /* F9 transfer */
	v = app_top(app);
	assert_ptr_equal(v->ops, &view_picker_ops);
	/* filter by pinyin initials: only 公积金 is left */
	cmd_key(app, (struct kkey){ 'g', 0 });
	cmd_key(app, (struct kkey){ 'j', 0 });
	cmd_key(app, (struct kkey){ 'j', 0 });
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "东莞市住房公积金管理中心"));
	assert_non_null(strstr(body, "0769-22223333"));
	assert_null(strstr(body, "消防救援支队"));
	/* Enter: the mode question with the duty line */
	cmd_key(app, (struct kkey){ KK_ENTER, 0 });
	v = app_top(app);
	assert_ptr_equal(v->ops, &view_picker_ops);
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "值班电话 0769-22223333"));
	assert_non_null(strstr(body, "三方通话"));
	/* t picks three-way: the picker closes (nothing to send to) */
	cmd_key(app, (struct kkey){ 't', 0 });
	assert_ptr_equal(app_top(app)->ops, &view_call_ops);

	/* the emergency hand-off asks first, with the script */
	cmd_key(app, (struct kkey){ '1', KM_META });
	assert_ptr_equal(app_top(app)->ops, &view_confirm_ops);
	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	read_body(app, body, sizeof body);
	assert_non_null(strstr(body, "转接110？ y/n"));
	assert_non_null(strstr(body, "请不要挂机，马上为您转接110。"));
	/* keys other than y/n do nothing; n cancels */
	cmd_key(app, (struct kkey){ 'q', 0 });
	assert_ptr_equal(app_top(app)->ops, &view_confirm_ops);
	cmd_key(app, (struct kkey){ 'n', 0 });
	assert_ptr_equal(app_top(app)->ops, &view_call_ops);
	assert_non_null(strstr(app->msg, "已取消"));

	/* a call ending closes its pickers and questions with it */
	cmd_key(app, (struct kkey){ '9', KM_META });
	assert_ptr_equal(app_top(app)->ops, &view_confirm_ops);
	set_call(app, "ABANDONED");
	set_state(app, "READY", NULL, 0, NULL);
	calls_sync(app);
	assert_ptr_equal(app_top(app)->ops, &view_list_ops);
	assert_int_equal(app->n_views, 1);

	app_down(app);
	curses_down();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmss),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_sb_fit),
		cmocka_unit_test(test_history_order),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_textbox),
		cmocka_unit_test(test_statusbar_states),
		cmocka_unit_test(test_screen_pop),
		cmocka_unit_test(test_transfer_pickers),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
