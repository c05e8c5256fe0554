/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_grade.c - grading (core/grade.c): a correct run, a deliberately
 * wrong one (wrong unit, missing field, no KB, no checklist) with exactly
 * the expected failed checks, the score and the card text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/grade.h"
#include "core/i18n.h"
#include "core/scenario.h"

static const char scn_text[] =
    "title 欠薪求助\n"
    "caller 13900001111\n"
    "say 老板拖欠我们三个月工资了。\n"
    "expect appeal_type HELP 10\n"
    "expect category 0301 10\n"
    "expect town DG_CHANGAN 10\n"
    "expect unit DG_CHANGAN_HRSS 20\n"
    "expect handling TRANSFER 10\n"
    "expect field caller_name 10\n"
    "expect kb-used 1101 10\n"
    "expect checklist closing 10\n"
    "expect time-limit 300 10\n";

static void
load(struct scenario *s)
{
	char err[200];

	assert_int_equal(scn_parse(scn_text, strlen(scn_text), "欠薪.scn",
				   NULL, s, err, sizeof err),
			 ST_OK);
}

static void
good_facts(struct grade_facts *f)
{
	memset(f, 0, sizeof *f);
	f->have_ticket = 1;
	grade_facts_set(f, "ticket_no", "DG20261128000001");
	grade_facts_set(f, "appeal_type", "HELP");
	grade_facts_set(f, "category_code", "030102");
	grade_facts_set(f, "category_name", "拖欠工资");
	grade_facts_set(f, "town_code", "DG_CHANGAN");
	grade_facts_set(f, "town_name", "长安镇");
	grade_facts_set(f, "lead_unit_code", "DG_CHANGAN_HRSS");
	grade_facts_set(f, "lead_unit_name", "长安镇人社分局");
	grade_facts_set(f, "handling_mode", "TRANSFER");
	grade_facts_set(f, "caller_name", "李先生");
	grade_facts_add_kb(f, 1101);
	f->checklist = 1u << SCL_CLOSING | 1u << SCL_OPENING;
	f->elapsed_s = 240;
}

static void
test_all_pass(void **state)
{
	struct scenario s;
	struct grade_facts f;
	struct grade_card c;
	size_t i;

	(void)state;
	load(&s);
	good_facts(&f);
	grade_run(&s, &f, &c);
	assert_int_equal(c.n, 9);
	for (i = 0; i < c.n; i++)
		assert_true(c.checks[i].passed);
	assert_int_equal(c.score, 100);
	assert_int_equal(c.max, 100);
	assert_int_equal(c.percent, 100);
	assert_true(c.passed);
	assert_true(c.all_passed);
	assert_int_equal(c.pass_mark, GRADE_PASS_MARK);
	assert_string_equal(c.checks[1].name, "诉求分类 0301");
	assert_string_equal(c.checks[1].detail, "030102 拖欠工资");
	assert_string_equal(c.checks[3].detail,
			    "DG_CHANGAN_HRSS 长安镇人社分局");
	assert_int_equal(c.checks[3].line, 7);
	assert_int_equal(c.checks[3].weight, 20);
	grade_card_free(&c);
	grade_facts_free(&f);
	scn_free(&s);
}

static void
test_wrong_run(void **state)
{
	struct scenario s;
	struct grade_facts f;
	struct grade_card c;
	char *text;

	(void)state;
	load(&s);
	good_facts(&f);
	/* the deliberately wrong run: wrong unit, no name, no KB, no closing,
	 * too slow, and consult instead of help */
	grade_facts_set(&f, "lead_unit_code", "DG_HRSS");
	grade_facts_set(&f, "lead_unit_name", "市人力资源和社会保障局");
	grade_facts_set(&f, "caller_name", "");
	grade_facts_set(&f, "appeal_type", "CONSULT");
	free(f.kb_used);
	f.kb_used = NULL;
	f.n_kb = 0;
	f.checklist = 1u << SCL_OPENING;
	f.elapsed_s = 301;
	grade_run(&s, &f, &c);
	assert_int_equal(c.n, 9);
	assert_false(c.checks[0].passed);
	assert_string_equal(c.checks[0].detail,
			    "期望 求助 (HELP)，实际 咨询 (CONSULT)");
	assert_true(c.checks[1].passed);
	assert_true(c.checks[2].passed);
	assert_false(c.checks[3].passed);
	assert_string_equal(c.checks[3].name, "主办单位 DG_CHANGAN_HRSS");
	assert_string_equal(c.checks[3].detail,
			    "期望 DG_CHANGAN_HRSS，实际 DG_HRSS "
			    "市人力资源和社会保障局");
	assert_true(c.checks[4].passed);
	assert_false(c.checks[5].passed);
	assert_string_equal(c.checks[5].name, "必填 caller_name");
	assert_string_equal(c.checks[5].detail, "未填写");
	assert_false(c.checks[6].passed);
	assert_string_equal(c.checks[6].detail, "未采用知识库");
	assert_false(c.checks[7].passed);
	assert_string_equal(c.checks[7].name, "话术 结束语并告知时限");
	assert_false(c.checks[8].passed);
	assert_string_equal(c.checks[8].detail, "用时 301 秒");
	assert_int_equal(c.score, 30);
	assert_int_equal(c.percent, 30);
	assert_false(c.passed);
	assert_false(c.all_passed);
	text = grade_card_text(&c, "欠薪求助");
	assert_non_null(strstr(text, "【培训】成绩单 欠薪求助\n"));
	assert_non_null(strstr(text, "[失败]  20  主办单位 DG_CHANGAN_HRSS: "));
	assert_non_null(strstr(text, "[通过]  10  办理方式 TRANSFER: 转办 "
				     "(TRANSFER)\n"));
	assert_non_null(strstr(text, "得分 30/100 (30%)，及格线 80%：不及格，"
				     "用时 301 秒\n"));
	free(text);
	grade_card_free(&c);
	grade_facts_free(&f);
	scn_free(&s);
}

static void
test_no_ticket_and_others(void **state)
{
	static const char t2[] =
	    "caller 13900001111\n"
	    "expect ticket 5\n"
	    "expect unit DG_HRSS 5\n"
	    "expect field address 5\n"
	    "expect sms-sent 5\n"
	    "expect transfer-out 120 5\n"
	    "expect urged 5\n"
	    "expect kb-used 5\n"
	    "expect time-limit 60 5\n"
	    "expect state TRANSFERRED_OUT 5\n";
	struct scenario s;
	struct grade_facts f;
	struct grade_card c;
	char err[200];

	(void)state;
	assert_int_equal(scn_parse(t2, strlen(t2), "x.scn", NULL, &s, err,
				   sizeof err),
			 ST_OK);
	memset(&f, 0, sizeof f);
	f.elapsed_s = -1;
	grade_run(&s, &f, &c);
	assert_int_equal(c.score, 0);
	assert_int_equal(c.max, 45);
	assert_string_equal(c.checks[0].detail, "没有工单");
	assert_string_equal(c.checks[1].detail, "期望 DG_HRSS，没有工单");
	assert_string_equal(c.checks[2].detail, "没有工单");
	assert_string_equal(c.checks[3].detail, "未发送");
	assert_string_equal(c.checks[4].detail, "未转接");
	assert_string_equal(c.checks[5].detail, "未催办");
	assert_string_equal(c.checks[7].detail, "用时未知");
	grade_card_free(&c);

	f.have_ticket = 1;
	grade_facts_set(&f, "ticket_no", "DG20261128000009");
	grade_facts_set(&f, "lead_unit_code", "DG_HRSS");
	grade_facts_set(&f, "address", "南城街道 鸿福路 1 号");
	grade_facts_set(&f, "state", "TRANSFERRED_OUT");
	f.sms_sent = 1;
	f.urged = 1;
	grade_facts_add_transfer(&f, "120");
	grade_facts_add_kb(&f, 1001);
	f.elapsed_s = 60;
	grade_run(&s, &f, &c);
	assert_int_equal(c.score, 45);
	assert_true(c.all_passed);
	assert_string_equal(c.checks[0].detail, "DG20261128000009");
	assert_string_equal(c.checks[4].detail, "转接了 120");
	assert_string_equal(c.checks[6].detail, "采用了 1001");
	grade_card_free(&c);
	grade_facts_free(&f);

	/* the ticket's transfer target counts when the call was not moved */
	memset(&f, 0, sizeof f);
	f.have_ticket = 1;
	f.elapsed_s = -1;
	grade_facts_set(&f, "transfer_target", "120");
	grade_run(&s, &f, &c);
	assert_true(c.checks[4].passed);
	assert_string_equal(c.checks[4].detail, "已移交");
	assert_int_equal(c.score, 10); /* ticket, transfer-out */
	assert_int_equal(c.percent, 22);
	grade_card_free(&c);
	grade_facts_free(&f);
	scn_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_all_pass),
	    cmocka_unit_test(test_wrong_run),
	    cmocka_unit_test(test_no_ticket_and_others),
	};

	i18n_set(LANG_ZH);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
