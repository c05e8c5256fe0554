/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_scenario.c - the scenario language (core/scenario.c): every
 * directive, quoting, and every error message with its line number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"
#include "core/scenario.h"
#include "keymaps/keymap.h"

static int
key_ok(const char *name, void *ud)
{
	struct kkey k;

	(void)ud;
	return kkey_parse(name, &k) == ST_OK;
}

static int
command_ok(const char *line, void *ud)
{
	(void)ud;
	return action_of_command(line) != ACT_NONE;
}

static const struct scn_opts checked = {0, key_ok, command_ok, NULL};
static const struct scn_opts practice = {1, key_ok, command_ok, NULL};

static enum status
parse(const char *text, const struct scn_opts *o, struct scenario *s,
      char *err, size_t cap)
{
	return scn_parse(text, strlen(text), "t.scn", o, s, err, cap);
}

/* text must fail with exactly msg ("t.scn:LINE: ..."). */
static void
expect_error(const char *text, const struct scn_opts *o, enum status st,
	     const char *msg)
{
	struct scenario s;
	char err[600];

	assert_int_equal(parse(text, o, &s, err, sizeof err), st);
	assert_string_equal(err, msg);
	assert_null(s.steps);
	assert_null(s.caller);
}

static void
test_full_file(void **state)
{
	static const char text[] =
	    "# 公积金提取咨询\n"
	    "\n"
	    "title 公积金提取咨询\n"
	    "description 市民咨询租房提取住房公积金的条件\n"
	    "author 培训组 王老师\n"
	    "version 1\n"
	    "caller 13800002317\n"
	    "desk ENTERPRISE\n"
	    "channel WECHAT\n"
	    "persona 三十岁上班族，语气平和\n"
	    "ivr 公积金提取 \"我想问 租房 能不能提公积金\"\n"
	    "  say   您好，我想咨询一下公积金提取。  \n"
	    "chapter 第一章 接听\n"
	    "wait-for ringing 10\n"
	    "key F6\n"
	    "wait-for talking\n"
	    "type \"  前面有空格\"\n"
	    "type 租房提取公积金 # 不是注释\n"
	    "command :kb 公积金 提取\n"
	    "command save-draft\n"
	    "set appeal_type CONSULT\n"
	    "set address 东城街道 \"主山\" 社区\n"
	    "sleep 1.5\n"
	    "sleep 2\n"
	    "pause\n"
	    "say 好的，谢谢。\n"
	    "wait-for ticket-saved 5.25\n"
	    "expect appeal_type CONSULT 10\n"
	    "expect category 0302 10\n"
	    "expect town DG_DONGCHENG 5\n"
	    "expect unit DG_HRSS 5\n"
	    "expect handling DIRECT 20\n"
	    "expect urgency NORMAL 5\n"
	    "expect state CLOSED_DIRECT 5\n"
	    "expect field caller_name 5\n"
	    "expect kb-used 1001 10\n"
	    "expect kb-used 5\n"
	    "expect sms-sent 5\n"
	    "expect checklist opening 5\n"
	    "expect checklist confirm 5\n"
	    "expect checklist closing 5\n"
	    "expect time-limit 300 5\n"
	    "expect transfer-out 120 20\n"
	    "expect urged 10\n"
	    "expect ticket 1\n";
	struct scenario s;
	char err[300];
	const struct scn_step *st;

	(void)state;
	assert_int_equal(parse(text, &practice, &s, err, sizeof err), ST_OK);
	assert_string_equal(s.file, "t.scn");
	assert_string_equal(s.title, "公积金提取咨询");
	assert_string_equal(s.description, "市民咨询租房提取住房公积金的条件");
	assert_string_equal(s.author, "培训组 王老师");
	assert_int_equal(s.version, 1);
	assert_string_equal(s.caller, "13800002317");
	assert_string_equal(s.desk, "ENTERPRISE");
	assert_string_equal(s.channel, "WECHAT");
	assert_string_equal(s.persona, "三十岁上班族，语气平和");
	assert_string_equal(s.ivr_intent, "公积金提取");
	assert_string_equal(s.ivr_text, "我想问 租房 能不能提公积金");
	assert_int_equal(s.n_steps, 16);
	assert_int_equal(s.n_says, 2);
	st = s.steps;
	assert_int_equal(st[0].kind, SCN_SAY);
	assert_string_equal(st[0].text, "您好，我想咨询一下公积金提取。");
	assert_int_equal(st[0].line, 12);
	assert_int_equal(st[0].n_say, 0);
	assert_int_equal(st[1].kind, SCN_CHAPTER);
	assert_string_equal(st[1].text, "第一章 接听");
	assert_int_equal(st[1].n_say, 1);
	assert_int_equal(st[2].kind, SCN_WAIT_FOR);
	assert_int_equal(st[2].event, SCN_EV_RINGING);
	assert_string_equal(st[2].arg, "ringing");
	assert_int_equal(st[2].ms, 10000);
	assert_int_equal(st[3].kind, SCN_KEY);
	assert_string_equal(st[3].text, "F6");
	assert_int_equal(st[4].event, SCN_EV_TALKING);
	assert_int_equal(st[4].ms, SCN_DEFAULT_WAIT_S * 1000);
	assert_int_equal(st[5].kind, SCN_TYPE);
	assert_string_equal(st[5].text, "  前面有空格");
	assert_string_equal(st[6].text, "租房提取公积金 # 不是注释");
	assert_int_equal(st[7].kind, SCN_COMMAND);
	assert_string_equal(st[7].text, "kb 公积金 提取");
	assert_string_equal(st[8].text, "save-draft");
	assert_int_equal(st[9].kind, SCN_SET);
	assert_string_equal(st[9].arg, "appeal_type");
	assert_string_equal(st[9].text, "CONSULT");
	assert_string_equal(st[10].arg, "address");
	assert_string_equal(st[10].text, "东城街道 \"主山\" 社区");
	assert_int_equal(st[11].kind, SCN_SLEEP);
	assert_int_equal(st[11].ms, 1500);
	assert_int_equal(st[12].ms, 2000);
	assert_int_equal(st[13].kind, SCN_PAUSE);
	assert_int_equal(st[14].kind, SCN_SAY);
	assert_int_equal(st[14].n_say, 1);
	assert_int_equal(st[15].event, SCN_EV_TICKET);
	assert_int_equal(st[15].ms, 5250);
	assert_int_equal(st[15].n_say, 2);

	assert_int_equal(s.n_expects, 18);
	assert_int_equal(s.expects[17].kind, SCK_TICKET);
	assert_int_equal(s.expects[0].kind, SCK_APPEAL_TYPE);
	assert_string_equal(s.expects[0].value, "CONSULT");
	assert_int_equal(s.expects[0].weight, 10);
	assert_int_equal(s.expects[0].line, 28);
	assert_int_equal(s.expects[1].kind, SCK_CATEGORY);
	assert_string_equal(s.expects[1].value, "0302");
	assert_int_equal(s.expects[2].kind, SCK_TOWN);
	assert_int_equal(s.expects[3].kind, SCK_UNIT);
	assert_string_equal(s.expects[3].value, "DG_HRSS");
	assert_int_equal(s.expects[4].kind, SCK_HANDLING);
	assert_int_equal(s.expects[4].weight, 20);
	assert_int_equal(s.expects[5].kind, SCK_URGENCY);
	assert_int_equal(s.expects[6].kind, SCK_STATE);
	assert_int_equal(s.expects[7].kind, SCK_FIELD);
	assert_string_equal(s.expects[7].value, "caller_name");
	assert_int_equal(s.expects[8].kind, SCK_KB_USED);
	assert_int_equal(s.expects[8].num, 1001);
	assert_int_equal(s.expects[9].kind, SCK_KB_USED);
	assert_int_equal(s.expects[9].num, 0);
	assert_string_equal(s.expects[9].value, "");
	assert_int_equal(s.expects[9].weight, 5);
	assert_int_equal(s.expects[10].kind, SCK_SMS_SENT);
	assert_int_equal(s.expects[11].kind, SCK_CHECKLIST);
	assert_int_equal(s.expects[11].num, SCL_OPENING);
	assert_int_equal(s.expects[12].num, SCL_CONFIRM);
	assert_int_equal(s.expects[13].num, SCL_CLOSING);
	assert_int_equal(s.expects[14].kind, SCK_TIME_LIMIT);
	assert_int_equal(s.expects[14].num, 300);
	assert_int_equal(s.expects[15].kind, SCK_TRANSFER_OUT);
	assert_string_equal(s.expects[15].value, "120");
	assert_int_equal(s.expects[16].kind, SCK_URGED);
	assert_int_equal(s.max_score, 10 + 10 + 5 + 5 + 20 + 5 + 5 + 5 + 10 +
					  5 + 5 + 15 + 5 + 20 + 10 + 1);
	scn_free(&s);
	assert_null(s.steps);
}

static void
test_defaults_crlf_bom(void **state)
{
	static const char text[] = "\xef\xbb\xbf" "caller 12345\r\n"
				   "say 喂？\r\n";
	struct scenario s;
	char err[200];

	(void)state;
	assert_int_equal(parse(text, NULL, &s, err, sizeof err), ST_OK);
	assert_string_equal(s.title, "");
	assert_string_equal(s.author, "");
	assert_int_equal(s.version, 0);
	assert_string_equal(s.desk, "GENERAL");
	assert_string_equal(s.channel, "PHONE");
	assert_string_equal(s.ivr_intent, "");
	assert_int_equal(s.n_steps, 1);
	assert_string_equal(s.steps[0].text, "喂？");
	assert_int_equal(s.n_expects, 0);
	scn_free(&s);
}

static void
test_unchecked_names(void **state)
{
	struct scenario s;
	char err[200];

	(void)state;
	/* without callbacks any key and command name is taken */
	assert_int_equal(parse("caller 12345\nkey 不是键\ncommand 乱写\n", NULL,
			       &s, err, sizeof err),
			 ST_OK);
	assert_string_equal(s.steps[0].text, "不是键");
	assert_string_equal(s.steps[1].text, "乱写");
	scn_free(&s);
}

static void
test_header_errors(void **state)
{
	(void)state;
	expect_error("标题 x\n", NULL, ST_PARSE,
		     "t.scn:1: unknown directive: 标题");
	expect_error("title 一\ntitle 二\n", NULL, ST_PARSE,
		     "t.scn:2: duplicate header: title");
	expect_error("author 甲\n\nauthor 乙\n", NULL, ST_PARSE,
		     "t.scn:3: duplicate header: author");
	expect_error("description 说明\ndescription 再说\n", NULL, ST_PARSE,
		     "t.scn:2: duplicate header: description");
	expect_error("version 1\nversion 1\n", NULL, ST_PARSE,
		     "t.scn:2: duplicate header: version");
	expect_error("version 2\n", NULL, ST_INVALID,
		     "t.scn:1: unsupported version: 2");
	expect_error("version 一\n", NULL, ST_PARSE,
		     "t.scn:1: bad number: 一");
	expect_error("version 1 2\n", NULL, ST_PARSE,
		     "t.scn:1: too many arguments");
	expect_error("title\n", NULL, ST_PARSE,
		     "t.scn:1: missing argument: text");
	expect_error("caller 12345\ntitle 迟到的标题\n", NULL, ST_PARSE,
		     "t.scn:2: header directive after the call: title");
	expect_error("# 空文件\n", NULL, ST_PARSE, "t.scn: no caller directive");
}

static void
test_call_errors(void **state)
{
	(void)state;
	expect_error("caller\n", NULL, ST_PARSE,
		     "t.scn:1: missing argument: number");
	expect_error("caller 12\n", NULL, ST_INVALID,
		     "t.scn:1: bad caller number (3 to 20 digits): 12");
	expect_error("caller 138-0000\n", NULL, ST_INVALID,
		     "t.scn:1: bad caller number (3 to 20 digits): 138-0000");
	expect_error("caller 12345\ncaller 12345\n", NULL, ST_PARSE,
		     "t.scn:2: duplicate directive: caller");
	expect_error("desk CARE\n", NULL, ST_PARSE,
		     "t.scn:1: desk before the caller directive");
	expect_error("caller 12345\ndesk 夜班\n", NULL, ST_INVALID,
		     "t.scn:2: unknown desk: 夜班");
	expect_error("caller 12345\ndesk CARE\ndesk CARE\n", NULL, ST_PARSE,
		     "t.scn:3: duplicate directive: desk");
	expect_error("caller 12345\nchannel FAX\n", NULL, ST_INVALID,
		     "t.scn:2: unknown channel: FAX");
	expect_error("caller 12345\nchannel\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: channel");
	expect_error("persona 老人\n", NULL, ST_PARSE,
		     "t.scn:1: persona before the caller directive");
	expect_error("caller 12345\npersona 甲\npersona 乙\n", NULL, ST_PARSE,
		     "t.scn:3: duplicate directive: persona");
	expect_error("caller 12345\nivr 噪音\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: transcript");
	expect_error("ivr 噪音 工地\n", NULL, ST_PARSE,
		     "t.scn:1: ivr before the caller directive");
	expect_error("caller 12345\nivr 甲 乙\nivr 丙 丁\n", NULL, ST_PARSE,
		     "t.scn:3: duplicate directive: ivr");
}

static void
test_step_errors(void **state)
{
	(void)state;
	expect_error("say 你好\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: say");
	expect_error("title 甲\nkey F6\n", NULL, ST_PARSE,
		     "t.scn:2: step before the call: key");
	expect_error("type 文字\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: type");
	expect_error("command answer\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: command");
	expect_error("chapter 一\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: chapter");
	expect_error("sleep 1\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: sleep");
	expect_error("pause\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: pause");
	expect_error("wait-for talking\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: wait-for");
	expect_error("set town_code DG_DONGCHENG\n", NULL, ST_PARSE,
		     "t.scn:1: step before the call: set");
	expect_error("caller 12345\nsay\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: text");
	expect_error("caller 12345\nsay \"没有结束\n", NULL, ST_PARSE,
		     "t.scn:2: unterminated quote");
	expect_error("caller 12345\ntype \"甲\" 乙\n", NULL, ST_PARSE,
		     "t.scn:2: text after the closing quote");
	expect_error("caller 12345\nkey 甲键\n", &checked, ST_INVALID,
		     "t.scn:2: unknown key name: 甲键");
	expect_error("caller 12345\nkey C-x C-y\n", &checked, ST_PARSE,
		     "t.scn:2: too many arguments");
	expect_error("caller 12345\nkey\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: key name");
	expect_error("caller 12345\ncommand :办结 快\n", &checked, ST_INVALID,
		     "t.scn:2: unknown command: 办结");
	expect_error("caller 12345\ncommand :\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: command");
	expect_error("caller 12345\nsleep 两秒\n", NULL, ST_PARSE,
		     "t.scn:2: bad number: 两秒");
	expect_error("caller 12345\nsleep 1.2345\n", NULL, ST_PARSE,
		     "t.scn:2: bad number: 1.2345");
	expect_error("caller 12345\nsleep 86401\n", NULL, ST_PARSE,
		     "t.scn:2: bad number: 86401");
	expect_error("caller 12345\nsleep\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: seconds");
	expect_error("caller 12345\npause 5\n", NULL, ST_PARSE,
		     "t.scn:2: too many arguments");
	expect_error("caller 12345\nwait-for 振铃\n", NULL, ST_INVALID,
		     "t.scn:2: unknown event: 振铃");
	expect_error("caller 12345\nwait-for talking 0\n", NULL, ST_PARSE,
		     "t.scn:2: bad number: 0");
	expect_error("caller 12345\nwait-for talking 5 6\n", NULL, ST_PARSE,
		     "t.scn:2: too many arguments");
	expect_error("caller 12345\nset 字段 值\n", NULL, ST_INVALID,
		     "t.scn:2: bad field code: 字段");
	expect_error("caller 12345\nset address\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: value");
}

static void
test_expect_errors(void **state)
{
	(void)state;
	expect_error("expect ticket 1\n", NULL, ST_PARSE,
		     "t.scn:1: expect before the caller directive");
	expect_error("caller 12345\nexpect\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: check");
	expect_error("caller 12345\nexpect 满意度 10\n", NULL, ST_INVALID,
		     "t.scn:2: unknown expectation: 满意度");
	expect_error("caller 12345\nexpect appeal_type 10\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: value or weight");
	expect_error("caller 12345\nexpect sms-sent\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: weight");
	expect_error("caller 12345\nexpect appeal_type 投诉 十\n", NULL,
		     ST_PARSE, "t.scn:2: bad weight (1 to 100): 十");
	expect_error("caller 12345\nexpect appeal_type COMPLAINT 0\n", NULL,
		     ST_PARSE, "t.scn:2: bad weight (1 to 100): 0");
	expect_error("caller 12345\nexpect appeal_type COMPLAINT 101\n", NULL,
		     ST_PARSE, "t.scn:2: bad weight (1 to 100): 101");
	expect_error("caller 12345\nexpect urged 5 5\n", NULL, ST_PARSE,
		     "t.scn:2: too many arguments");
	expect_error("caller 12345\nexpect unit A B 5\n", NULL, ST_PARSE,
		     "t.scn:2: too many arguments");
	expect_error("caller 12345\nexpect appeal_type 投诉 5\n", NULL,
		     ST_INVALID, "t.scn:2: unknown appeal type: 投诉");
	expect_error("caller 12345\nexpect handling 转办 5\n", NULL,
		     ST_INVALID, "t.scn:2: unknown handling mode: 转办");
	expect_error("caller 12345\nexpect urgency 急 5\n", NULL, ST_INVALID,
		     "t.scn:2: unknown urgency: 急");
	expect_error("caller 12345\nexpect category 010 5\n", NULL,
		     ST_INVALID, "t.scn:2: bad category code: 010");
	expect_error("caller 12345\nexpect field 姓名 5\n", NULL, ST_INVALID,
		     "t.scn:2: bad field code: 姓名");
	expect_error("caller 12345\nexpect kb-used 甲 5\n", NULL, ST_PARSE,
		     "t.scn:2: bad number: 甲");
	expect_error("caller 12345\nexpect checklist 问候 5\n", NULL,
		     ST_INVALID, "t.scn:2: unknown checklist item: 问候");
	expect_error("caller 12345\nexpect time-limit 五分钟 5\n", NULL,
		     ST_PARSE, "t.scn:2: bad number: 五分钟");
	expect_error("caller 12345\nexpect transfer-out 999 5\n", NULL,
		     ST_INVALID, "t.scn:2: unknown transfer target: 999");
	expect_error("caller 12345\nexpect field \"未结束 5\n", NULL,
		     ST_PARSE, "t.scn:2: unterminated quote");
	expect_error("caller 12345\nsay 只有台词\n", &practice, ST_PARSE,
		     "t.scn: no expectations in a practice file");
}

static void
test_limits(void **state)
{
	struct scenario s;
	char err[300];
	char *big, *p;
	size_t i;

	(void)state;
	expect_error("caller 12345\nsay \xe4\xbd\n", NULL, ST_BAD_UTF8,
		     "t.scn:2: invalid UTF-8");
	expect_error("title 好\xff\n", NULL, ST_BAD_UTF8,
		     "t.scn:1: invalid UTF-8");

	big = xmalloc(SCN_MAX_LINE + 100);
	memcpy(big, "caller 12345\nsay ", 17);
	memset(big + 17, 'a', SCN_MAX_LINE);
	big[17 + SCN_MAX_LINE] = '\0';
	expect_error(big, NULL, ST_TOO_LONG,
		     "t.scn:2: line too long (more than 2000 bytes)");
	free(big);

	big = xmalloc(SCN_MAX_FILE + 2);
	memset(big, '#', SCN_MAX_FILE + 1);
	big[SCN_MAX_FILE + 1] = '\0';
	assert_int_equal(scn_parse(big, SCN_MAX_FILE + 1, "t.scn", NULL, &s,
				   err, sizeof err),
			 ST_TOO_LONG);
	assert_string_equal(err, "t.scn: file too big (more than 262144 bytes)");
	free(big);

	/* a NUL byte in a line */
	assert_int_equal(scn_parse("caller 12345\nsay a\0b\n", 21, "t.scn",
				   NULL, &s, err, sizeof err),
			 ST_BAD_UTF8);
	assert_string_equal(err, "t.scn:2: invalid UTF-8");

	/* one more expectation than allowed */
	big = xmalloc(64 + (SCN_MAX_EXPECTS + 1) * 20);
	p = big + snprintf(big, 64, "caller 12345\n");
	for (i = 0; i <= SCN_MAX_EXPECTS; i++)
		p += snprintf(p, 20, "expect urged 1\n");
	expect_error(big, NULL, ST_TOO_LONG,
		     "t.scn:102: too many expectations (at most 100)");
	free(big);

	big = xmalloc(64 + (SCN_MAX_STEPS + 1) * 10);
	p = big + snprintf(big, 64, "caller 12345\n");
	for (i = 0; i <= SCN_MAX_STEPS; i++)
		p += snprintf(p, 10, "pause\n");
	expect_error(big, NULL, ST_TOO_LONG,
		     "t.scn:2002: too many steps (at most 2000)");
	free(big);
}

static void
test_load(void **state)
{
	char path[] = "/tmp/test_scenario_XXXXXX";
	struct scenario s;
	char err[300];
	FILE *f;
	int fd;

	(void)state;
	assert_int_equal(scn_load("/nonexistent/甲.scn", NULL, &s, err,
				  sizeof err),
			 ST_IO);
	assert_string_equal(err, "/nonexistent/甲.scn: No such file or directory");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("title 欠薪求助\ncaller 13900001111\nsay 老板拖欠三个月工资。\n"
	      "expect unit \"DG_HRSS\" 10\nexpect bogus 1\n",
	      f);
	fclose(f);
	assert_int_equal(scn_load(path, NULL, &s, err, sizeof err), ST_INVALID);
	assert_non_null(strstr(err, ":5: unknown expectation: bogus"));
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
	f = fopen(path, "w");
	fputs("title 欠薪求助\ncaller 13900001111\nexpect unit \"DG_HRSS\" 10\n",
	      f);
	fclose(f);
	assert_int_equal(scn_load(path, &practice, &s, err, sizeof err), ST_OK);
	assert_string_equal(s.title, "欠薪求助");
	assert_string_equal(s.expects[0].value, "DG_HRSS");
	assert_string_equal(s.file, path);
	scn_free(&s);
	unlink(path);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(scn_check_word(SCK_KB_USED), "kb-used");
	assert_string_equal(scn_event_name(SCN_EV_TICKET), "ticket-saved");
	assert_string_equal(scn_checklist_name(SCL_CLOSING), "closing");
	assert_string_equal(scn_checklist_label(SCL_OPENING), "开场白");
	assert_non_null(strstr(scn_checklist_script(SCL_OPENING), "12345"));
	assert_int_equal(scn_checklist_parse("confirm"), SCL_CONFIRM);
	assert_int_equal(scn_checklist_parse("再见"), -1);
}

/* ticket: an earlier open ticket of the caller (scenario 08). */
static void
test_ticket_directive(void **state)
{
	struct scenario s;
	char err[600];
	const char *text =
		"caller 13800002317\n"
		"ticket COMPLAINT 050101 DONGCHENG noise_period=night "
		"noise_source=主山社区在建工地 主山社区在建工地夜间施工噪声扰民\n"
		"ticket CONSULT 0301 CHANGAN \"a=b 不是字段\"\n"
		"say 我上周投诉过\n";

	(void)state;
	assert_int_equal(parse(text, &checked, &s, err, sizeof err), ST_OK);
	assert_int_equal(s.n_tickets, 2);
	assert_int_equal(s.tickets[0].line, 2);
	assert_string_equal(s.tickets[0].appeal_type, "COMPLAINT");
	assert_string_equal(s.tickets[0].category, "050101");
	assert_string_equal(s.tickets[0].town, "DONGCHENG");
	assert_string_equal(s.tickets[0].title, "主山社区在建工地夜间施工噪声扰民");
	assert_int_equal(s.tickets[0].n_extra, 2);
	assert_string_equal(s.tickets[0].extra_code[0], "noise_period");
	assert_string_equal(s.tickets[0].extra_value[0], "night");
	assert_string_equal(s.tickets[0].extra_code[1], "noise_source");
	assert_string_equal(s.tickets[0].extra_value[1], "主山社区在建工地");
	/* a quoted title is the title, even with '=' in it */
	assert_int_equal(s.tickets[1].n_extra, 0);
	assert_string_equal(s.tickets[1].title, "a=b 不是字段");
	assert_int_equal(s.n_steps, 1); /* a ticket is no step */
	scn_free(&s);

	expect_error("ticket COMPLAINT 050101 DONGCHENG 噪声\n", NULL, ST_PARSE,
		     "t.scn:1: ticket before the caller directive");
	expect_error("caller 12345\nticket\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: appeal type");
	expect_error("caller 12345\nticket 投诉 050101 DONGCHENG 噪声\n", NULL,
		     ST_INVALID, "t.scn:2: unknown appeal type: 投诉");
	expect_error("caller 12345\nticket COMPLAINT\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: category");
	expect_error("caller 12345\nticket COMPLAINT 05010 DONGCHENG 噪声\n",
		     NULL, ST_INVALID, "t.scn:2: bad category code: 05010");
	expect_error("caller 12345\nticket COMPLAINT 050101\n", NULL, ST_PARSE,
		     "t.scn:2: missing argument: town");
	expect_error("caller 12345\nticket COMPLAINT 050101 东城 噪声\n", NULL,
		     ST_INVALID, "t.scn:2: bad town code: 东城");
	expect_error("caller 12345\nticket COMPLAINT 050101 DONGCHENG\n", NULL,
		     ST_PARSE, "t.scn:2: missing argument: title");
	expect_error("caller 12345\nticket COMPLAINT 050101 DONGCHENG a=1\n",
		     NULL, ST_PARSE, "t.scn:2: missing argument: title");
	expect_error("caller 12345\nticket COMPLAINT 050101 DONGCHENG 吵\n",
		     NULL, ST_INVALID,
		     "t.scn:2: ticket title must be 2 to 100 characters");
	expect_error("caller 12345\nticket COMPLAINT 050101 DONGCHENG a=1 a=2 "
		     "噪声\n",
		     NULL, ST_PARSE, "t.scn:2: duplicate ticket field: a");
	expect_error("caller 12345\nticket COMPLAINT 050101 DONGCHENG a= 噪声\n",
		     NULL, ST_PARSE, "t.scn:2: missing argument: a value");
	expect_error("caller 12345\nticket COMPLAINT 050101 DONGCHENG \"噪声\n",
		     NULL, ST_PARSE, "t.scn:2: unterminated quote");
}

static void
test_ticket_limits(void **state)
{
	struct buf b;
	char err[600];
	struct scenario s;
	int i;

	(void)state;
	buf_init(&b, 0);
	(void)buf_printf(&b, "caller 12345\n");
	for (i = 0; i <= SCN_MAX_TICKETS; i++)
		(void)buf_printf(&b, "ticket HELP 0101 CHANGAN 欠薪%d\n", i);
	assert_int_equal(parse(b.data, NULL, &s, err, sizeof err),
			 ST_TOO_LONG);
	assert_string_equal(err, "t.scn:12: too many tickets (at most 10)");
	buf_free(&b);
	buf_init(&b, 0);
	(void)buf_printf(&b, "caller 12345\nticket HELP 0101 CHANGAN");
	for (i = 0; i <= SCN_MAX_TICKET_EXTRA; i++)
		(void)buf_printf(&b, " f%d=v", i);
	(void)buf_printf(&b, " 欠薪\n");
	assert_int_equal(parse(b.data, NULL, &s, err, sizeof err),
			 ST_TOO_LONG);
	assert_string_equal(err,
			    "t.scn:2: too many ticket fields (at most 20)");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_file),
	    cmocka_unit_test(test_defaults_crlf_bom),
	    cmocka_unit_test(test_unchecked_names),
	    cmocka_unit_test(test_header_errors),
	    cmocka_unit_test(test_call_errors),
	    cmocka_unit_test(test_step_errors),
	    cmocka_unit_test(test_expect_errors),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_load),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_ticket_directive),
	    cmocka_unit_test(test_ticket_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
