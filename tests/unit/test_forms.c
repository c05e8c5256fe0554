/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_forms.c - the form engine and the intake / wrap-up forms: every
 * rule (required, length in characters, pattern, phone, number range,
 * dates, choices, trees, the cross-field rules of the intake form),
 * Open311 extra fields, export/import and pinyin choice filtering.
 *
 * The category tree, towns and units are a slice of the Dongguan seed
 * (DOMAIN.md §7-§8), written here so that no data file is read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/mem.h"
#include "core/pinyin.h"
#include "core/ticket.h"
#include "core/workday.h"
#include "forms/form.h"
#include "forms/intake.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off */
static const struct form_choice categories[] = {
	{"01", "人力资源和社会保障", NULL, "", NULL},
	{"0101", "劳动关系与欠薪", NULL, "01", NULL},
	{"010101", "拖欠工资", NULL, "0101", NULL},
	{"010102", "劳动合同", NULL, "0101", NULL},
	{"0102", "社会保险", NULL, "01", NULL},
	{"03", "住房与公积金", NULL, "", NULL},
	{"0301", "住房公积金", NULL, "03", NULL},
	{"030101", "公积金提取", NULL, "0301", NULL},
	{"030102", "公积金贷款", NULL, "0301", NULL},
	{"030103", "缴存基数与补缴", NULL, "0301", NULL},
	{"0302", "物业管理", NULL, "03", NULL},
	{"05", "生态环境", NULL, "", NULL},
	{"0501", "噪声污染", NULL, "05", NULL},
	{"06", "交通运输与车驾管", NULL, "", NULL},
	{"0604", "车驾管业务", NULL, "06", NULL},
	{"060401", "驾驶证换证补证", NULL, "0604", NULL},
};

static const struct form_choice towns[] = {
	{"DC", "东城街道", NULL, NULL, NULL},
	{"NC", "南城街道", NULL, NULL, NULL},
	{"WJ", "万江街道", NULL, NULL, NULL},
	{"GC", "莞城街道", NULL, NULL, NULL},
	{"SJ", "石碣镇", NULL, NULL, NULL},
	{"SL", "石龙镇", NULL, NULL, NULL},
	{"CS", "茶山镇", NULL, NULL, NULL},
	{"DK", "东坑镇", NULL, NULL, NULL},
	{"CP", "常平镇", NULL, NULL, NULL},
	{"DL", "大朗镇", NULL, NULL, NULL},
	{"CA", "长安镇", NULL, NULL, NULL},
	{"HM", "虎门镇", NULL, NULL, NULL},
	{"DJ", "道滘镇", NULL, NULL, NULL},
	{"SSH", "松山湖高新技术产业开发区", NULL, NULL, NULL},
	{"BHW", "东莞滨海湾新区", NULL, NULL, NULL},
};

static const struct form_choice units[] = {
	{"U_HRSS", "东莞市人力资源和社会保障局", NULL, NULL, "市人社局"},
	{"U_HPF", "东莞市住房公积金管理中心", NULL, NULL, "公积金中心"},
	{"U_PSB", "东莞市公安局", NULL, NULL, NULL},
	{"U_SAMR", "东莞市市场监督管理局", NULL, NULL, "市场监管局"},
	{"U_CGJ", "东莞市城市管理和综合执法局", NULL, NULL, "城管局"},
	{"U_EEB", "东莞市生态环境局", NULL, NULL, NULL},
	{"U_HUD", "东莞市住房和城乡建设局", NULL, NULL, "住建局"},
	{"U_TRANS", "东莞市交通运输局", NULL, NULL, NULL},
	{"U_WATER", "东莞市水务局", NULL, NULL, NULL},
	{"U_EDU", "东莞市教育局", NULL, NULL, NULL},
	{"U_HEALTH", "东莞市卫生健康局", NULL, NULL, "卫健局"},
	{"U_DC", "东城街道", NULL, NULL, NULL},
};
/* clang-format on */

static const char *const hundred_han =
	"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	"一二三四五六七八九十";

static struct form *
new_intake(void)
{
	struct form *f = form_new_intake();

	assert_int_equal(form_set_choices(f, "category_code", categories,
					  N_(categories)),
			 ST_OK);
	assert_int_equal(form_set_choices(f, "town_code", towns, N_(towns)),
			 ST_OK);
	assert_int_equal(form_set_choices(f, "lead_unit_code", units,
					  N_(units)),
			 ST_OK);
	assert_int_equal(form_set_choices(f, "assist_units", units, N_(units)),
			 ST_OK);
	return f;
}

static void
set(struct form *f, const char *code, const char *v)
{
	enum status st = form_set(f, code, v);

	if (st != ST_OK)
		fail_msg("form_set(%s, %s): %s", code, v, status_name(st));
}

/* A complete direct-answer intake: validates with no error. */
static struct form *
valid_intake(void)
{
	struct form *f = new_intake();

	set(f, "appeal_type", "CONSULT");
	set(f, "title", "公积金提取咨询");
	set(f, "content", "来电人咨询离职后提取住房公积金需要哪些材料。");
	set(f, "category_code", "030101");
	set(f, "caller_phone", "13800138000");
	set(f, "caller_name", "张先生");
	set(f, "handling_mode", "DIRECT");
	set(f, "direct_reply", "已告知: 身份证、离职证明, 可在粤省事办理。");
	return f;
}

static long
idx(const struct form *f, const char *code)
{
	long i = form_index(f, code);

	if (i < 0)
		fail_msg("no field %s", code);
	return i;
}

/* Check one field now and return its error. */
static enum form_err
check(struct form *f, const char *code)
{
	return form_check_field(f, (size_t)idx(f, code));
}

static int
visible(const struct form *f, const char *code)
{
	return form_visible(f, (size_t)idx(f, code));
}

static int
required(const struct form *f, const char *code)
{
	return form_required(f, (size_t)idx(f, code));
}

/* Pairs from "key", "value", ... (n pairs), malloc'd: kv_free(). */
static struct kv *
mk(size_t n, const char *const *kv)
{
	struct kv *p = xcalloc(n, sizeof *p);
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].key = xstrdup(kv[2 * i]);
		p[i].value = xstrdup(kv[2 * i + 1]);
	}
	return p;
}

static const char *
kv_get(const struct kv *p, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(p[i].key, key))
			return p[i].value;
	return NULL;
}

/* ---- the intake form -------------------------------------------------- */

static void
test_intake_shape(void **state)
{
	static const char *const codes[] = {
		"channel", "desk", "appeal_type", "title", "content",
		"category_code", "urgency", "town_code", "community",
		"address", "caller_phone", "contact_phone", "caller_name",
		"gender", "caller_kind", "company_name", "credit_code",
		"id_number", "is_anonymous", "is_confidential", "needs_reply",
		"handling_mode", "direct_reply", "lead_unit_code",
		"assist_units", "dispatch_note", "transfer_target",
		"not_accepted_route", "merge_into",
	};
	struct form *f = form_new_intake();
	size_t i;

	(void)state;
	assert_string_equal(form_name(f), "intake");
	assert_int_equal(form_count(f), N_(codes));
	for (i = 0; i < N_(codes); i++)
		assert_string_equal(form_field_at(f, i)->def.code, codes[i]);
	assert_null(form_field_at(f, N_(codes)));
	/* Defaults. */
	assert_string_equal(form_get(f, "channel"), "PHONE");
	assert_string_equal(form_get(f, "desk"), "GENERAL");
	assert_string_equal(form_get(f, "urgency"), "NORMAL");
	assert_string_equal(form_get(f, "caller_kind"), "PERSON");
	assert_string_equal(form_get(f, "is_anonymous"), "no");
	assert_string_equal(form_get(f, "needs_reply"), "yes");
	assert_string_equal(form_get(f, "title"), "");
	assert_null(form_get(f, "no_such_field"));
	/* Enum choices come from core/ticket.h. */
	assert_int_equal(form_field(f, "appeal_type")->def.n_choices,
			 (size_t)tk_enum_count(TKE_APPEAL));
	assert_int_equal(form_field(f, "handling_mode")->def.n_choices,
			 (size_t)tk_enum_count(TKE_MODE));
	for (i = 0; i < (size_t)tk_enum_count(TKE_CHANNEL); i++)
		assert_string_equal(form_field(f, "channel")->choices[i].key,
				    tk_enum_wire(TKE_CHANNEL, (int)i));
	assert_string_equal(form_field_label(form_field(f, "title")), "标题");
	form_free(f);
}

static void
test_set_refusals(void **state)
{
	struct form *f = form_new_intake();
	char *big = xmalloc(70000);

	(void)state;
	assert_int_equal(form_set(f, "nope", "x"), ST_NOT_FOUND);
	assert_int_equal(form_set(f, "title", "噪\xff音"), ST_BAD_UTF8);
	memset(big, 'a', 69999);
	big[69999] = '\0';
	assert_int_equal(form_set(f, "content", big), ST_TOO_LONG);
	assert_string_equal(form_get(f, "content"), "");
	assert_int_equal(form_set(f, "title", NULL), ST_OK);
	assert_string_equal(form_get(f, "title"), "");
	free(big);
	form_free(f);
}

static void
test_complete_form_is_valid(void **state)
{
	struct form *f = valid_intake();
	size_t first = 999;

	(void)state;
	assert_int_equal(form_validate(f, &first), 0);
	assert_int_equal(first, 999); /* untouched */
	form_free(f);
}

static void
test_required(void **state)
{
	struct form *f = new_intake();
	size_t first = 999, n;

	(void)state;
	n = form_validate(f, &first);
	/* appeal_type, title, content, category_code, handling_mode */
	assert_int_equal(n, 5);
	assert_int_equal(first, (size_t)idx(f, "appeal_type"));
	assert_int_equal(form_field(f, "title")->err, FE_REQUIRED);
	assert_string_equal(form_error(f, (size_t)idx(f, "title")), "必填");
	assert_int_equal(form_field(f, "content")->err, FE_REQUIRED);
	assert_int_equal(form_field(f, "handling_mode")->err, FE_REQUIRED);
	assert_null(form_error(f, (size_t)idx(f, "address")));
	/* A required field with a default that was cleared. */
	set(f, "channel", "");
	assert_int_equal(check(f, "channel"), FE_REQUIRED);
	/* Filling one clears its error and moves the first invalid on. */
	set(f, "appeal_type", "COMPLAINT");
	assert_null(form_error(f, (size_t)idx(f, "appeal_type")));
	n = form_validate(f, &first);
	assert_int_equal(n, 5);
	assert_int_equal(first, (size_t)idx(f, "channel"));
	form_free(f);
}

static void
test_english_messages(void **state)
{
	struct form *f = new_intake();

	(void)state;
	i18n_set(LANG_EN);
	assert_int_equal(check(f, "title"), FE_REQUIRED);
	assert_string_equal(form_error(f, (size_t)idx(f, "title")),
			    "required");
	assert_string_equal(form_field_label(form_field(f, "title")), "Title");
	set(f, "title", hundred_han);
	assert_int_equal(check(f, "title"), FE_OK);
	i18n_set(LANG_ZH);
	form_free(f);
}

static void
test_length_counts_characters(void **state)
{
	struct form *f = valid_intake();
	char *s;

	(void)state;
	/* 100 Han characters are 300 bytes and exactly the limit. */
	set(f, "title", hundred_han);
	assert_int_equal(check(f, "title"), FE_OK);
	s = xasprintf("%s长", hundred_han);
	set(f, "title", s);
	assert_int_equal(check(f, "title"), FE_TOO_LONG);
	assert_string_equal(form_error(f, (size_t)idx(f, "title")),
			    "最多 100 个字");
	free(s);
	/* Minimum: 2 characters (6 bytes of 噪音 would pass a byte count
	 * of 2 as well, so test one character of 3 bytes). */
	set(f, "title", "噪");
	assert_int_equal(check(f, "title"), FE_TOO_SHORT);
	assert_string_equal(form_error(f, (size_t)idx(f, "title")),
			    "至少 2 个字");
	set(f, "title", "噪音");
	assert_int_equal(check(f, "title"), FE_OK);
	set(f, "content", "施工噪音");
	assert_int_equal(check(f, "content"), FE_TOO_SHORT);
	set(f, "content", "夜间施工噪音");
	assert_int_equal(check(f, "content"), FE_OK);
	form_free(f);
}

static void
test_line_and_controls(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	set(f, "title", "夜间施工\n噪音");
	assert_int_equal(check(f, "title"), FE_NEWLINE);
	set(f, "title", "夜间施工\t噪音");
	assert_int_equal(check(f, "title"), FE_CONTROL);
	set(f, "content", "第一行: 时间 22:30\n第二行:\t地点 东城街道\\某小区");
	assert_int_equal(check(f, "content"), FE_OK);
	set(f, "content", "响铃\a的内容很长很长");
	assert_int_equal(check(f, "content"), FE_CONTROL);
	set(f, "content", "回车\r\n换行的内容很长");
	assert_int_equal(check(f, "content"), FE_CONTROL);
	form_free(f);
}

static void
test_pattern_credit_code(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	set(f, "caller_kind", "ENTERPRISE");
	set(f, "company_name", "东莞市某某电子有限公司");
	assert_int_equal(check(f, "credit_code"), FE_OK); /* optional */
	set(f, "credit_code", "91441900MA51ABCD2K");
	assert_int_equal(check(f, "credit_code"), FE_OK);
	set(f, "credit_code", "91441900MA51ABCD2"); /* 17 */
	assert_int_equal(check(f, "credit_code"), FE_PATTERN);
	assert_non_null(strstr(form_error(f, (size_t)idx(f, "credit_code")),
			       "18 位"));
	set(f, "credit_code", "91441900MA51ABCD2KX"); /* 19 */
	assert_int_equal(check(f, "credit_code"), FE_PATTERN);
	set(f, "credit_code", "91441900MA51OBCD2K"); /* O is not used */
	assert_int_equal(check(f, "credit_code"), FE_PATTERN);
	set(f, "credit_code", "91441900ma51abcd2k");
	assert_int_equal(check(f, "credit_code"), FE_PATTERN);
	set(f, "credit_code", "９１441900MA51ABCD2"); /* full-width */
	assert_int_equal(check(f, "credit_code"), FE_PATTERN);
	form_free(f);
}

static void
test_pattern_id_number(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	set(f, "id_number", "44190019900101123X");
	assert_int_equal(check(f, "id_number"), FE_OK);
	set(f, "id_number", "441900199001011234");
	assert_int_equal(check(f, "id_number"), FE_OK);
	set(f, "id_number", "441900900101123");
	assert_int_equal(check(f, "id_number"), FE_OK);
	set(f, "id_number", "4419001990010112");
	assert_int_equal(check(f, "id_number"), FE_PATTERN);
	set(f, "id_number", "44190019900101123x");
	assert_int_equal(check(f, "id_number"), FE_PATTERN);
	set(f, "id_number", "4419001990010112X4");
	assert_int_equal(check(f, "id_number"), FE_PATTERN);
	form_free(f);
}

static void
test_phone_numbers(void **state)
{
	(void)state;
	assert_true(form_phone_ok("13800138000", 0));
	assert_true(form_phone_ok("19912345678", 0));
	assert_false(form_phone_ok("12800138000", 0)); /* 1[3-9] */
	assert_false(form_phone_ok("1380013800", 0));
	assert_false(form_phone_ok("138001380001", 0));
	assert_true(form_phone_ok("+8613800138000", 0));
	assert_true(form_phone_ok("+86 13800138000", 0));
	assert_true(form_phone_ok("8613800138000", 0));
	assert_true(form_phone_ok("0769-22221234", 0));
	assert_true(form_phone_ok("076922221234", 0));
	assert_true(form_phone_ok("010-12345678", 0));
	assert_true(form_phone_ok("020-1234567", 0));
	assert_true(form_phone_ok("07692222123", 0));
	assert_false(form_phone_ok("0769-222", 0));
	assert_false(form_phone_ok("0769-222212345", 0));
	assert_false(form_phone_ok("0769--22221234", 0));
	assert_false(form_phone_ok("769-22221234", 0));
	assert_false(form_phone_ok("1380013800a", 0));
	assert_false(form_phone_ok("１３８００１３８０００", 0));
	assert_false(form_phone_ok("", 0));
	/* Service numbers only where the field allows them. */
	assert_false(form_phone_ok("12345", 0));
	assert_false(form_phone_ok("110", 0));
	assert_true(form_phone_ok("12345", 1));
	assert_true(form_phone_ok("110", 1));
	assert_true(form_phone_ok("95598", 1));
	assert_true(form_phone_ok("96333", 1));
	assert_false(form_phone_ok("11", 1));
	assert_false(form_phone_ok("94567", 1));
}

static void
test_phone_fields(void **state)
{
	static const struct form_field_def defs[] = {
		{.code = "duty", .label_zh = "值班电话", .type = FT_PHONE,
		 .flags = FF_SERVICE_NUMS},
	};
	struct form *f = valid_intake(), *g;

	(void)state;
	set(f, "contact_phone", "0769-22221234");
	assert_int_equal(check(f, "contact_phone"), FE_OK);
	set(f, "contact_phone", "12345");
	assert_int_equal(check(f, "contact_phone"), FE_PHONE);
	set(f, "caller_phone", "138-0013-8000");
	assert_int_equal(check(f, "caller_phone"), FE_PHONE);
	assert_non_null(strstr(form_error(f, (size_t)idx(f, "caller_phone")),
			       "手机"));
	g = form_new("t", defs, N_(defs));
	assert_non_null(g);
	set(g, "duty", "12345");
	assert_int_equal(check(g, "duty"), FE_OK);
	set(g, "duty", "123456");
	assert_int_equal(check(g, "duty"), FE_PHONE);
	form_free(g);
	form_free(f);
}

static void
test_number_range(void **state)
{
	static const struct form_field_def defs[] = {
		{.code = "people", .label_zh = "涉及人数", .type = FT_NUMBER,
		 .flags = FF_RANGE, .num_min = 1, .num_max = 100},
		{.code = "amount", .label_zh = "金额", .type = FT_NUMBER},
	};
	struct form *f = form_new("t", defs, N_(defs));
	double d;

	(void)state;
	assert_non_null(f);
	set(f, "people", "50");
	assert_int_equal(check(f, "people"), FE_OK);
	set(f, "people", "1");
	assert_int_equal(check(f, "people"), FE_OK);
	set(f, "people", "100");
	assert_int_equal(check(f, "people"), FE_OK);
	set(f, "people", "0.5");
	assert_int_equal(check(f, "people"), FE_RANGE_LOW);
	assert_string_equal(form_error(f, 0), "不能小于 1");
	set(f, "people", "100.01");
	assert_int_equal(check(f, "people"), FE_RANGE_HIGH);
	assert_string_equal(form_error(f, 0), "不能大于 100");
	set(f, "people", "十");
	assert_int_equal(check(f, "people"), FE_NUMBER);
	set(f, "amount", "-12345.50");
	assert_int_equal(check(f, "amount"), FE_OK); /* no range */
	set(f, "amount", "1e3");
	assert_int_equal(check(f, "amount"), FE_NUMBER);
	set(f, "amount", "12.");
	assert_int_equal(check(f, "amount"), FE_NUMBER);
	set(f, "amount", " 12");
	assert_int_equal(check(f, "amount"), FE_NUMBER);
	assert_true(form_number_parse("-12.25", &d));
	assert_true(d == -12.25);
	assert_false(form_number_parse(".5", &d));
	form_free(f);
}

static void
test_dates(void **state)
{
	static const struct form_field_def defs[] = {
		{.code = "day", .label_zh = "日期", .type = FT_DATE},
		{.code = "at", .label_zh = "发生时间", .type = FT_DATETIME},
		{.code = "when", .label_zh = "预约时间", .type = FT_DATETIME,
		 .flags = FF_DATE_OK},
	};
	struct form *f = form_new("t", defs, N_(defs));

	(void)state;
	assert_true(form_date_ok("2026-11-28"));
	assert_true(form_date_ok("2024-02-29"));
	assert_true(form_date_ok("2000-02-29"));
	assert_false(form_date_ok("1900-02-29"));
	assert_false(form_date_ok("2026-02-29"));
	assert_false(form_date_ok("2026-04-31"));
	assert_false(form_date_ok("2026-13-01"));
	assert_false(form_date_ok("2026-00-10"));
	assert_false(form_date_ok("2026-4-1"));
	assert_false(form_date_ok("1969-12-31"));
	assert_false(form_date_ok("2026-11-28 "));
	assert_false(form_date_ok("2026年11月28日"));
	assert_true(form_datetime_ok("2026-11-28 14:30"));
	assert_true(form_datetime_ok("2026-11-28 14:30:59"));
	assert_true(form_datetime_ok("2026-11-28T06:30:00Z"));
	assert_true(form_datetime_ok("2026-11-28T14:30:00+08:00"));
	assert_true(form_datetime_ok("2026-11-28 14:30-05:00"));
	assert_false(form_datetime_ok("2026-11-28"));
	assert_false(form_datetime_ok("2026-11-28 24:00"));
	assert_false(form_datetime_ok("2026-11-28 14:60"));
	assert_false(form_datetime_ok("2026-11-28 14:3"));
	assert_false(form_datetime_ok("2026-11-28 14:30:60"));
	assert_false(form_datetime_ok("2026-11-28 14:30Z8"));
	assert_false(form_datetime_ok("2026-11-28 14:30+0800"));
	assert_false(form_datetime_ok("2026-02-30 14:30"));

	set(f, "day", "2026-02-29");
	assert_int_equal(check(f, "day"), FE_DATE);
	set(f, "day", "2028-02-29");
	assert_int_equal(check(f, "day"), FE_OK);
	set(f, "at", "2026-11-28");
	assert_int_equal(check(f, "at"), FE_DATETIME);
	set(f, "at", "2026-11-28 22:30");
	assert_int_equal(check(f, "at"), FE_OK);
	set(f, "when", "2026-11-28");
	assert_int_equal(check(f, "when"), FE_OK);
	set(f, "when", "2026-11-31");
	assert_int_equal(check(f, "when"), FE_DATETIME);
	form_free(f);
}

static void
test_choices(void **state)
{
	struct form *f = valid_intake(), *g;

	(void)state;
	set(f, "appeal_type", "咨询"); /* a label, not a key */
	assert_int_equal(check(f, "appeal_type"), FE_CHOICE);
	set(f, "appeal_type", "consult");
	assert_int_equal(check(f, "appeal_type"), FE_CHOICE);
	set(f, "appeal_type", "PRAISE");
	assert_int_equal(check(f, "appeal_type"), FE_OK);
	set(f, "gender", "X");
	assert_int_equal(check(f, "gender"), FE_CHOICE);
	set(f, "gender", "F");
	assert_int_equal(check(f, "gender"), FE_OK);
	set(f, "handling_mode", "TRANSFER");
	set(f, "town_code", "东城街道");
	assert_int_equal(check(f, "town_code"), FE_CHOICE);
	set(f, "town_code", "DC");
	assert_int_equal(check(f, "town_code"), FE_OK);
	/* Lists not loaded yet (offline): any key, the server checks. */
	g = form_new_intake();
	set(g, "handling_mode", "TRANSFER");
	set(g, "town_code", "T_ANY");
	assert_int_equal(check(g, "town_code"), FE_OK);
	/* Loading them makes the same key wrong. */
	assert_int_equal(form_set_choices(g, "town_code", towns, N_(towns)),
			 ST_OK);
	assert_int_equal(check(g, "town_code"), FE_CHOICE);
	/* Only choice fields take choices; keys must be clean. */
	assert_int_equal(form_set_choices(g, "title", towns, 1), ST_INVALID);
	assert_int_equal(form_set_choices(g, "nope", towns, 1), ST_NOT_FOUND);
	{
		static const struct form_choice bad[] = {
			{"A,B", "甲乙", NULL, NULL, NULL}};

		assert_int_equal(form_set_choices(g, "town_code", bad, 1),
				 ST_INVALID);
	}
	assert_int_equal(form_choice_index(form_field(g, "town_code"), "GC"),
			 3);
	assert_string_equal(form_choice_label(form_field(g, "town_code"), 3),
			    "莞城街道");
	form_free(g);
	form_free(f);
}

static void
test_multi_choice(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	set(f, "handling_mode", "TRANSFER");
	set(f, "town_code", "DC");
	set(f, "assist_units", "U_HRSS,U_HPF");
	assert_int_equal(check(f, "assist_units"), FE_OK);
	set(f, "assist_units", "U_HRSS,U_HRSS");
	assert_int_equal(check(f, "assist_units"), FE_DUPLICATE);
	set(f, "assist_units", "U_HRSS,,U_HPF");
	assert_int_equal(check(f, "assist_units"), FE_CHOICE);
	set(f, "assist_units", "U_HRSS,U_NOPE");
	assert_int_equal(check(f, "assist_units"), FE_CHOICE);
	set(f, "assist_units", "U_HRSS,");
	assert_int_equal(check(f, "assist_units"), FE_CHOICE);
	/* At most 10 (the server's limit). */
	set(f, "assist_units", "U_HRSS,U_HPF,U_PSB,U_SAMR,U_CGJ,U_EEB,U_HUD,"
			       "U_TRANS,U_WATER,U_EDU");
	assert_int_equal(check(f, "assist_units"), FE_OK);
	set(f, "assist_units", "U_HRSS,U_HPF,U_PSB,U_SAMR,U_CGJ,U_EEB,U_HUD,"
			       "U_TRANS,U_WATER,U_EDU,U_HEALTH");
	assert_int_equal(check(f, "assist_units"), FE_TOO_MANY);
	assert_string_equal(form_error(f, (size_t)idx(f, "assist_units")),
			    "最多选择 10 项");
	form_free(f);
}

static void
test_yes_no(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	set(f, "is_confidential", "是");
	assert_int_equal(check(f, "is_confidential"), FE_YESNO);
	set(f, "is_confidential", "YES");
	assert_int_equal(check(f, "is_confidential"), FE_YESNO);
	set(f, "is_confidential", "yes");
	assert_int_equal(check(f, "is_confidential"), FE_OK);
	set(f, "is_confidential", "");
	assert_int_equal(check(f, "is_confidential"), FE_REQUIRED);
	form_free(f);
}

static void
test_tree(void **state)
{
	struct form *f = valid_intake();
	const struct form_field *cat = form_field(f, "category_code");
	size_t out[32], n;
	char *path;

	(void)state;
	set(f, "category_code", "03");
	assert_int_equal(check(f, "category_code"), FE_NOT_LEAF);
	set(f, "category_code", "0301");
	assert_int_equal(check(f, "category_code"), FE_NOT_LEAF);
	assert_string_equal(form_error(f, (size_t)idx(f, "category_code")),
			    "请选择到最末一级");
	set(f, "category_code", "0302"); /* a level-2 leaf */
	assert_int_equal(check(f, "category_code"), FE_OK);
	set(f, "category_code", "030199");
	assert_int_equal(check(f, "category_code"), FE_CHOICE);
	set(f, "category_code", "030101");
	assert_int_equal(check(f, "category_code"), FE_OK);

	n = form_tree_children(cat, "", out, 32);
	assert_int_equal(n, 4);
	assert_string_equal(cat->choices[out[0]].key, "01");
	assert_string_equal(cat->choices[out[3]].key, "06");
	n = form_tree_children(cat, "0301", out, 32);
	assert_int_equal(n, 3);
	assert_string_equal(cat->choices[out[2]].label_zh, "缴存基数与补缴");
	assert_int_equal(form_tree_children(cat, "0301", out, 2), 2);
	assert_true(form_tree_has_children(cat, "0301"));
	assert_false(form_tree_has_children(cat, "030101"));
	path = form_tree_path(cat, "030101");
	assert_string_equal(path, "住房与公积金 / 住房公积金 / 公积金提取");
	free(path);
	path = form_tree_path(cat, "05");
	assert_string_equal(path, "生态环境");
	free(path);
	assert_null(form_tree_path(cat, "99"));
	form_free(f);
}

static void
test_tree_cycle(void **state)
{
	static const struct form_choice loop[] = {
		{"A", "甲", NULL, "B", NULL},
		{"B", "乙", NULL, "A", NULL},
	};
	struct form *f = form_new_intake();
	char *path;

	(void)state;
	assert_int_equal(form_set_choices(f, "category_code", loop, 2), ST_OK);
	path = form_tree_path(form_field(f, "category_code"), "A");
	assert_string_equal(path, "乙 / 甲");
	free(path);
	form_free(f);
}

/* ---- cross-field rules --------------------------------------------------- */

static void
test_enterprise_needs_company(void **state)
{
	struct form *f = valid_intake();
	size_t first;

	(void)state;
	assert_false(visible(f, "company_name"));
	assert_false(required(f, "company_name"));
	set(f, "caller_kind", "ENTERPRISE");
	assert_true(visible(f, "company_name"));
	assert_true(required(f, "company_name"));
	assert_int_equal(form_validate(f, &first), 1);
	assert_int_equal(first, (size_t)idx(f, "company_name"));
	assert_int_equal(form_field(f, "company_name")->err, FE_REQUIRED);
	set(f, "company_name", "东莞市某某电子有限公司");
	assert_int_equal(form_validate(f, NULL), 0);
	/* An organisation shows the fields but need not fill them. */
	set(f, "caller_kind", "ORG");
	set(f, "company_name", "");
	assert_true(visible(f, "company_name"));
	assert_false(required(f, "company_name"));
	assert_int_equal(form_validate(f, NULL), 0);
	form_free(f);
}

static void
test_credit_code_only_when_given_and_shown(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	/* A person: the field is hidden, whatever it holds is not checked
	 * (and not sent, see the wire export test). */
	set(f, "credit_code", "乱码");
	assert_false(visible(f, "credit_code"));
	assert_int_equal(check(f, "credit_code"), FE_OK);
	set(f, "caller_kind", "ENTERPRISE");
	set(f, "company_name", "东莞市某某电子有限公司");
	assert_int_equal(check(f, "credit_code"), FE_PATTERN);
	set(f, "credit_code", "");
	assert_int_equal(check(f, "credit_code"), FE_OK);
	form_free(f);
}

static int
collect(const struct form_field *fld, size_t i, void *arg)
{
	struct buf *b = arg;

	(void)i;
	buf_printf(b, "%s,", fld->def.code);
	return 0;
}

static void
test_anonymous_hides_and_clears(void **state)
{
	struct form *f = valid_intake();
	struct buf b;
	struct kv *p;
	size_t n;

	(void)state;
	set(f, "contact_phone", "13912345678");
	set(f, "id_number", "44190019900101123X");
	assert_string_equal(form_get(f, "caller_name"), "张先生");
	set(f, "is_anonymous", "yes");
	assert_false(visible(f, "caller_name"));
	assert_false(visible(f, "contact_phone"));
	assert_false(visible(f, "id_number"));
	assert_string_equal(form_get(f, "caller_name"), "");
	assert_string_equal(form_get(f, "contact_phone"), "");
	assert_string_equal(form_get(f, "id_number"), "");
	/* The caller's number (ANI) is not a contact field. */
	assert_true(visible(f, "caller_phone"));
	assert_string_equal(form_get(f, "caller_phone"), "13800138000");
	/* Nothing can be typed into them while anonymous. */
	assert_int_equal(form_set(f, "caller_name", "李女士"), ST_INVALID);
	assert_int_equal(form_set(f, "caller_name", ""), ST_OK);
	buf_init(&b, 0);
	form_each_visible(f, collect, &b);
	assert_null(strstr(b.data, "caller_name,"));
	assert_null(strstr(b.data, "contact_phone,"));
	assert_null(strstr(b.data, "id_number,"));
	assert_non_null(strstr(b.data, "caller_phone,"));
	buf_free(&b);
	form_export(f, FORM_EXPORT_ALL, &p, &n);
	assert_string_equal(kv_get(p, n, "caller_name"), "");
	kv_free(p, n);
	assert_int_equal(form_validate(f, NULL), 0);
	/* Back to named: shown again, still empty (cleared, not hidden). */
	set(f, "is_anonymous", "no");
	assert_true(visible(f, "caller_name"));
	assert_string_equal(form_get(f, "caller_name"), "");
	set(f, "caller_name", "李女士");
	assert_string_equal(form_get(f, "caller_name"), "李女士");
	form_free(f);
}

static void
test_transfer_needs_category_and_town(void **state)
{
	struct form *f = valid_intake();
	size_t first;

	(void)state;
	assert_false(required(f, "town_code")); /* DIRECT */
	set(f, "handling_mode", "TRANSFER");
	set(f, "category_code", "");
	assert_true(required(f, "town_code"));
	assert_true(required(f, "category_code"));
	assert_int_equal(form_validate(f, &first), 2);
	assert_int_equal(first, (size_t)idx(f, "category_code"));
	assert_int_equal(form_field(f, "town_code")->err, FE_REQUIRED);
	set(f, "category_code", "0501");
	set(f, "town_code", "DC");
	assert_int_equal(form_validate(f, NULL), 0);
	/* The dispatch fields show for a transfer only. */
	assert_true(visible(f, "lead_unit_code"));
	assert_true(visible(f, "assist_units"));
	assert_true(visible(f, "dispatch_note"));
	assert_false(visible(f, "direct_reply"));
	set(f, "handling_mode", "INVALID");
	assert_false(visible(f, "lead_unit_code"));
	assert_false(required(f, "town_code"));
	form_free(f);
}

static void
test_direct_needs_reply(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	set(f, "direct_reply", "");
	assert_true(required(f, "direct_reply"));
	assert_int_equal(check(f, "direct_reply"), FE_REQUIRED);
	set(f, "direct_reply", "已告知办理材料。");
	assert_int_equal(check(f, "direct_reply"), FE_OK);
	/* Not asked for in other modes; the text is kept meanwhile. */
	set(f, "handling_mode", "INVALID");
	assert_false(visible(f, "direct_reply"));
	assert_string_equal(form_get(f, "direct_reply"), "已告知办理材料。");
	form_free(f);
}

static void
test_not_accepted_needs_route(void **state)
{
	struct form *f = valid_intake();
	size_t first;

	(void)state;
	assert_false(visible(f, "not_accepted_route"));
	set(f, "handling_mode", "NOT_ACCEPTED");
	assert_true(required(f, "not_accepted_route"));
	assert_int_equal(form_validate(f, &first), 1);
	assert_int_equal(first, (size_t)idx(f, "not_accepted_route"));
	set(f, "not_accepted_route",
	    "已进入诉讼程序, 告知来电人向东莞市第一人民法院咨询案件进度。");
	assert_int_equal(form_validate(f, NULL), 0);
	form_free(f);
}

static void
test_merged_needs_ticket_no(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	set(f, "handling_mode", "MERGED");
	assert_true(required(f, "merge_into"));
	assert_int_equal(check(f, "merge_into"), FE_REQUIRED);
	set(f, "merge_into", "DG2026112800012"); /* a digit short */
	assert_int_equal(tk_no_valid("DG2026112800012"), 0);
	assert_int_equal(check(f, "merge_into"), FE_PATTERN);
	assert_non_null(strstr(form_error(f, (size_t)idx(f, "merge_into")),
			       "DG20261128000123"));
	set(f, "merge_into", "工单DG20261128000123");
	assert_int_equal(check(f, "merge_into"), FE_PATTERN);
	set(f, "merge_into", "DG20261128000123");
	assert_int_equal(check(f, "merge_into"), FE_OK);
	assert_int_equal(form_validate(f, NULL), 0);
	form_free(f);
}

static void
test_transfer_target_matches_mode(void **state)
{
	struct form *f = valid_intake();

	(void)state;
	assert_false(visible(f, "transfer_target"));
	set(f, "handling_mode", "TRANSFER_110");
	assert_true(required(f, "transfer_target"));
	assert_int_equal(check(f, "transfer_target"), FE_REQUIRED);
	set(f, "transfer_target", "119");
	assert_int_equal(check(f, "transfer_target"), FE_MISMATCH);
	assert_string_equal(form_error(f, (size_t)idx(f, "transfer_target")),
			    "与「办理方式」不符");
	set(f, "transfer_target", "110");
	assert_int_equal(check(f, "transfer_target"), FE_OK);
	set(f, "handling_mode", "TRANSFER_EMERGENCY");
	assert_int_equal(check(f, "transfer_target"), FE_MISMATCH);
	set(f, "transfer_target", "120");
	assert_int_equal(check(f, "transfer_target"), FE_OK);
	set(f, "transfer_target", "122");
	assert_int_equal(check(f, "transfer_target"), FE_OK);
	set(f, "handling_mode", "TRANSFER_PROVINCE");
	assert_int_equal(check(f, "transfer_target"), FE_MISMATCH);
	set(f, "transfer_target", "PROVINCE");
	assert_int_equal(form_validate(f, NULL), 0);
	form_free(f);
}

static int
count_until(const struct form_field *fld, size_t i, void *arg)
{
	int *n = arg;

	(void)i;
	(*n)++;
	return !strcmp(fld->def.code, "title") ? 42 : 0;
}

static int
count_all(const struct form_field *fld, size_t i, void *arg)
{
	int *n = arg;

	(void)fld;
	(void)i;
	(*n)++;
	return 0;
}

static void
test_each_visible(void **state)
{
	struct form *f = valid_intake();
	int n = 0, shown = 0;
	size_t i;

	(void)state;
	assert_int_equal(form_each_visible(f, count_until, &n), 42);
	assert_int_equal(n, 4); /* channel desk appeal_type title */
	n = 0;
	assert_int_equal(form_each_visible(f, count_all, &n), 0);
	for (i = 0; i < form_count(f); i++)
		shown += form_visible(f, i);
	assert_int_equal(n, shown);
	/* DIRECT, a person, named: company_name, credit_code, the three
	 * dispatch fields, transfer_target, not_accepted_route and
	 * merge_into are hidden. */
	assert_int_equal(shown, (int)form_count(f) - 8);
	form_free(f);
}

static void
test_bad_definitions(void **state)
{
	static const struct form_field_def dup[] = {
		{.code = "a", .label_zh = "甲", .type = FT_TEXT},
		{.code = "a", .label_zh = "乙", .type = FT_TEXT},
	};
	static const struct form_field_def cond[] = {
		{.code = "a", .label_zh = "甲", .type = FT_TEXT,
		 .visible_if = {"zzz", FC_SET, NULL}},
	};
	static const struct form_field_def code[] = {
		{.code = "a,b", .label_zh = "甲", .type = FT_TEXT},
	};
	static const struct form_field_def bad_re[] = {
		{.code = "a", .label_zh = "甲", .type = FT_TEXT,
		 .pattern = "[0-9"},
	};
	struct form *f;

	(void)state;
	assert_null(form_new("t", dup, 2));
	assert_null(form_new("t", cond, 1));
	assert_null(form_new("t", code, 1));
	/* A broken pattern refuses every value instead of passing it. */
	f = form_new("t", bad_re, 1);
	assert_non_null(f);
	set(f, "a", "123");
	assert_int_equal(check(f, "a"), FE_PATTERN);
	form_free(f);
}

/* ---- extra fields (Open311) -------------------------------------------------- */

static const struct form_choice reasons[] = {
	{"BUY", "购房", NULL, NULL, NULL},
	{"RENT", "租房", NULL, NULL, NULL},
	{"RETIRE", "退休", NULL, NULL, NULL},
};
static const struct form_choice docs[] = {
	{"ID", "身份证", NULL, NULL, NULL},
	{"CONTRACT", "购房合同", NULL, NULL, NULL},
	{"INVOICE", "发票", NULL, NULL, NULL},
};
static const struct form_attr fund_attrs[] = {
	{"fund_account", "公积金账号", "12 位数字", "string", 1, 2, NULL, 0},
	{"withdraw_reason", "提取原因", NULL, "singlevaluelist", 1, 1, reasons,
	 N_(reasons)},
	{"amount", "提取金额", NULL, "number", 0, 3, NULL, 0},
	{"visit_date", "预约日期", NULL, "datetime", 0, 4, NULL, 0},
	{"materials", "已备材料", NULL, "multivaluelist", 0, 5, docs,
	 N_(docs)},
	{"remark", "备注", NULL, "text", 0, 2, NULL, 0},
};

static void
test_extra_fields(void **state)
{
	struct form *f = valid_intake();
	size_t base = form_count(f), first;
	const struct form_field *x;

	(void)state;
	assert_int_equal(form_add_extras(f, fund_attrs, N_(fund_attrs)), ST_OK);
	assert_int_equal(form_extra_count(f), 6);
	assert_int_equal(form_count(f), base + 6);
	/* Sorted by order, stable among equal orders. */
	assert_string_equal(form_field_at(f, base)->def.code,
			    "withdraw_reason");
	assert_string_equal(form_field_at(f, base + 1)->def.code,
			    "fund_account");
	assert_string_equal(form_field_at(f, base + 2)->def.code, "remark");
	assert_string_equal(form_field_at(f, base + 5)->def.code, "materials");
	x = form_field(f, "fund_account");
	assert_int_equal(x->def.type, FT_TEXT);
	assert_true(x->def.flags & FF_EXTRA);
	assert_true(x->def.flags & FF_REQUIRED);
	assert_string_equal(x->def.description, "12 位数字");
	assert_string_equal(form_field_label(x), "公积金账号");
	assert_int_equal(form_field(f, "remark")->def.type, FT_MULTILINE);
	assert_int_equal(form_field(f, "amount")->def.type, FT_NUMBER);
	assert_int_equal(form_field(f, "visit_date")->def.type, FT_DATETIME);
	assert_int_equal(form_field(f, "withdraw_reason")->def.type,
			 FT_CHOICE);
	assert_int_equal(form_field(f, "materials")->def.type, FT_MULTI);
	assert_int_equal(form_field(f, "materials")->def.n_choices, 3);
	/* Required extras block the form like any field. */
	assert_int_equal(form_validate(f, &first), 2);
	assert_int_equal(first, base);
	set(f, "withdraw_reason", "BUY");
	set(f, "fund_account", "123456789012");
	set(f, "amount", "五万");
	assert_int_equal(check(f, "amount"), FE_NUMBER);
	set(f, "amount", "50000");
	set(f, "visit_date", "2026-12-01"); /* a bare date is fine */
	assert_int_equal(check(f, "visit_date"), FE_OK);
	set(f, "visit_date", "2026-12-01 09:30");
	assert_int_equal(check(f, "visit_date"), FE_OK);
	set(f, "materials", "ID,PASSPORT");
	assert_int_equal(check(f, "materials"), FE_CHOICE);
	set(f, "materials", "ID,CONTRACT");
	assert_int_equal(form_validate(f, NULL), 0);
	/* JSON shapes for net/. */
	assert_int_equal(form_wire_type(f, "amount"), FW_NUMBER);
	assert_int_equal(form_wire_type(f, "materials"), FW_ARRAY);
	assert_int_equal(form_wire_type(f, "is_anonymous"), FW_BOOL);
	assert_int_equal(form_wire_type(f, "title"), FW_STRING);
	assert_int_equal(form_wire_type(f, "nope"), FW_STRING);
	/* The category changes: its fields go. */
	form_clear_extras(f);
	assert_int_equal(form_count(f), base);
	assert_int_equal(form_extra_count(f), 0);
	assert_null(form_get(f, "amount"));
	form_free(f);
}

static void
test_extra_fields_refused(void **state)
{
	static const struct form_attr bad_type[] = {
		{"a", "甲", NULL, "string", 0, 1, NULL, 0},
		{"b", "乙", NULL, "blob", 0, 2, NULL, 0},
	};
	static const struct form_attr clash[] = {
		{"title", "标题", NULL, "string", 0, 1, NULL, 0},
	};
	static const struct form_attr twice[] = {
		{"a", "甲", NULL, "string", 0, 1, NULL, 0},
		{"a", "乙", NULL, "text", 0, 2, NULL, 0},
	};
	static const struct form_attr empty[] = {
		{"", "甲", NULL, "string", 0, 1, NULL, 0},
	};
	struct form *f = valid_intake();
	size_t base = form_count(f);

	(void)state;
	assert_int_equal(form_add_extras(f, bad_type, 2), ST_INVALID);
	assert_int_equal(form_add_extras(f, clash, 1), ST_EXISTS);
	assert_int_equal(form_add_extras(f, twice, 2), ST_EXISTS);
	assert_int_equal(form_add_extras(f, empty, 1), ST_INVALID);
	assert_int_equal(form_count(f), base); /* all or nothing */
	assert_int_equal(form_add_extras(f, fund_attrs, N_(fund_attrs)), ST_OK);
	assert_int_equal(form_add_extras(f, fund_attrs, 1), ST_EXISTS);
	form_free(f);
}

/* ---- export / import --------------------------------------------------------- */

static void
test_export_import_round_trip(void **state)
{
	static const char *const content =
		"2026年11月28日 22:30, 东城街道某小区旁工地夜间施工,\n"
		"\t噪音很大 (约 80 分贝); 路径 C:\\工地\\噪音.mp3\n"
		"来电人希望: 停止夜间施工。";
	struct form *f = valid_intake(), *g;
	struct kv *p, *q;
	size_t n, m, i;

	(void)state;
	set(f, "appeal_type", "COMPLAINT");
	set(f, "title", "夜间施工噪音");
	set(f, "content", content);
	set(f, "category_code", "0501");
	set(f, "handling_mode", "TRANSFER");
	set(f, "town_code", "DC");
	set(f, "lead_unit_code", "U_CGJ");
	set(f, "assist_units", "U_EEB,U_DC");
	set(f, "dispatch_note", "请核实施工许可; 夜间22点后禁止施工。");
	set(f, "direct_reply", "保留的答复草稿");
	set(f, "channel", ""); /* cleared by the agent: must stay cleared */
	assert_int_equal(form_add_extras(f, fund_attrs, N_(fund_attrs)), ST_OK);
	set(f, "remark", "备注\\第二行\n");

	form_export(f, FORM_EXPORT_ALL, &p, &n);
	assert_int_equal(n, form_count(f));
	for (i = 0; i < n; i++)
		assert_string_equal(p[i].key, form_field_at(f, i)->def.code);
	assert_string_equal(kv_get(p, n, "content"), content);
	assert_string_equal(kv_get(p, n, "channel"), "");
	/* Hidden values are kept for the journal. */
	assert_string_equal(kv_get(p, n, "direct_reply"), "保留的答复草稿");

	g = new_intake();
	assert_int_equal(form_add_extras(g, fund_attrs, N_(fund_attrs)), ST_OK);
	assert_int_equal(form_import(g, p, n), ST_OK);
	for (i = 0; i < form_count(f); i++)
		assert_string_equal(form_field_at(g, i)->value,
				    form_field_at(f, i)->value);
	form_export(g, FORM_EXPORT_ALL, &q, &m);
	assert_int_equal(m, n);
	for (i = 0; i < n; i++) {
		assert_string_equal(q[i].key, p[i].key);
		assert_string_equal(q[i].value, p[i].value);
	}
	kv_free(q, m);
	kv_free(p, n);
	form_free(g);
	form_free(f);
}

static void
test_import_before_extras(void **state)
{
	static const char *const kvs[] = {
		"title", "住房公积金提取",
		"fund_account", "123456789012",
		"remark", "带\t制表符",
	};
	struct kv *pairs = mk(3, kvs);
	struct form *f = new_intake();
	struct kv *p;
	size_t n;

	(void)state;
	/* The draft comes back before its category's fields are known. */
	assert_int_equal(form_import(f, pairs, 3), ST_OK);
	kv_free(pairs, 3);
	assert_string_equal(form_get(f, "title"), "住房公积金提取");
	assert_null(form_get(f, "fund_account"));
	form_export(f, FORM_EXPORT_ALL, &p, &n);
	assert_int_equal(n, form_count(f) + 2);
	assert_string_equal(kv_get(p, n, "fund_account"), "123456789012");
	assert_string_equal(kv_get(p, n, "remark"), "带\t制表符");
	kv_free(p, n);
	/* Never sent to the server while unknown. */
	form_export(f, FORM_EXPORT_WIRE, &p, &n);
	assert_null(kv_get(p, n, "fund_account"));
	kv_free(p, n);
	/* The fields arrive: the values move in. */
	assert_int_equal(form_add_extras(f, fund_attrs, N_(fund_attrs)), ST_OK);
	assert_string_equal(form_get(f, "fund_account"), "123456789012");
	assert_string_equal(form_get(f, "remark"), "带\t制表符");
	form_export(f, FORM_EXPORT_ALL, &p, &n);
	assert_int_equal(n, form_count(f));
	kv_free(p, n);
	form_free(f);
}

static void
test_import_refusals(void **state)
{
	static const char *const bad[] = {"title", "好", "content",
					  "\xe5\xa5"};
	static const char *const nokey[] = {"", "x"};
	struct kv *bad_utf8 = mk(2, bad), *no_key = mk(1, nokey);
	struct form *f = new_intake();

	(void)state;
	assert_int_equal(form_import(f, bad_utf8, 2), ST_BAD_UTF8);
	assert_string_equal(form_get(f, "title"), ""); /* nothing changed */
	assert_int_equal(form_import(f, no_key, 1), ST_INVALID);
	kv_free(bad_utf8, 2);
	kv_free(no_key, 1);
	form_free(f);
}

static void
test_import_applies_anonymous(void **state)
{
	/* Pairs in any order: the anonymity rule holds afterwards. */
	static const char *const kvs[] = {
		"is_anonymous", "yes", "caller_name", "王五",
		"title", "匿名举报",
	};
	struct kv *pairs = mk(3, kvs);
	struct form *f = new_intake();

	(void)state;
	assert_int_equal(form_import(f, pairs, 3), ST_OK);
	kv_free(pairs, 3);
	assert_string_equal(form_get(f, "caller_name"), "");
	assert_string_equal(form_get(f, "title"), "匿名举报");
	form_free(f);
}

static void
test_wire_export(void **state)
{
	struct form *f = valid_intake();
	struct kv *p;
	size_t n, i;

	(void)state;
	set(f, "contact_phone", "0769-22221234");
	set(f, "caller_phone", "+86 13800138000");
	set(f, "credit_code", "91441900MA51ABCD2K"); /* hidden: a person */
	set(f, "dispatch_note", "转办说明"); /* hidden: DIRECT */
	assert_int_equal(form_add_extras(f, fund_attrs, N_(fund_attrs)), ST_OK);
	set(f, "visit_date", "2026-12-01 09:30");
	set(f, "remark", "");
	form_export(f, FORM_EXPORT_WIRE, &p, &n);
	assert_string_equal(kv_get(p, n, "contact_phone"), "076922221234");
	assert_string_equal(kv_get(p, n, "caller_phone"), "13800138000");
	assert_string_equal(kv_get(p, n, "visit_date"),
			    "2026-12-01T09:30:00+08:00");
	assert_string_equal(kv_get(p, n, "title"), "公积金提取咨询");
	assert_null(kv_get(p, n, "credit_code"));
	assert_null(kv_get(p, n, "dispatch_note"));
	assert_null(kv_get(p, n, "remark"));
	assert_null(kv_get(p, n, "address"));
	for (i = 0; i < n; i++)
		assert_true(*p[i].value);
	kv_free(p, n);
	set(f, "visit_date", "2026-12-01T09:30:15Z");
	set(f, "caller_phone", "8613800138000");
	form_export(f, FORM_EXPORT_WIRE, &p, &n);
	assert_string_equal(kv_get(p, n, "visit_date"), "2026-12-01T09:30:15Z");
	assert_string_equal(kv_get(p, n, "caller_phone"), "13800138000");
	kv_free(p, n);
	set(f, "visit_date", "2026-12-01");
	form_export(f, FORM_EXPORT_WIRE, &p, &n);
	assert_string_equal(kv_get(p, n, "visit_date"), "2026-12-01");
	kv_free(p, n);
	form_free(f);
}

static void
test_reset(void **state)
{
	struct form *f = valid_intake();
	static const char *const kvs[] = {"unknown_extra", "值"};
	struct kv *extra = mk(1, kvs);
	struct kv *p;
	size_t n;

	(void)state;
	assert_int_equal(form_import(f, extra, 1), ST_OK);
	kv_free(extra, 1);
	form_reset(f);
	assert_string_equal(form_get(f, "title"), "");
	assert_string_equal(form_get(f, "channel"), "PHONE");
	form_export(f, FORM_EXPORT_ALL, &p, &n);
	assert_int_equal(n, form_count(f));
	kv_free(p, n);
	form_free(f);
}

/* ---- choice filtering ----------------------------------------------------------- */

static int
best_score(const struct form_choice *c, const char *q)
{
	const char *t[4] = {c->label_zh, c->alias, c->label_en, c->key};
	int best = -1, s, i;

	for (i = 0; i < 4; i++) {
		if (!t[i] || !*t[i])
			continue;
		s = pinyin_match_score(t[i], q);
		if (s >= 0 && (best < 0 || s < best))
			best = s;
	}
	return best;
}

/* The results are exactly the matching choices, best score first, ties
 * in choice order. */
static void
check_order(const struct form_field *fld, const char *q, const size_t *out,
	    size_t n)
{
	size_t i, matching = 0;

	for (i = 0; i < fld->def.n_choices; i++)
		matching += best_score(&fld->choices[i], q) >= 0;
	assert_int_equal(n, matching);
	for (i = 0; i < n; i++) {
		int s = best_score(&fld->choices[out[i]], q);

		assert_true(s >= 0);
		if (i == 0)
			continue;
		{
			int prev = best_score(&fld->choices[out[i - 1]], q);

			assert_true(prev <= s);
			if (prev == s)
				assert_true(out[i - 1] < out[i]);
		}
	}
}

static int
found(const struct form_field *fld, const size_t *out, size_t n,
      const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(fld->choices[out[i]].key, key))
			return 1;
	return 0;
}

static void
test_filter_categories(void **state)
{
	struct form *f = new_intake();
	const struct form_field *cat = form_field(f, "category_code");
	size_t out[32], n;

	(void)state;
	n = form_filter_choices(cat, "gjj", out, 32);
	assert_true(found(cat, out, n, "0301")); /* 住房公积金 */
	assert_true(found(cat, out, n, "030101"));
	assert_true(found(cat, out, n, "03"));    /* 住房与公积金 */
	assert_false(found(cat, out, n, "0501")); /* 噪声污染 */
	check_order(cat, "gjj", out, n);
	/* 公积金提取 starts with the match, 住房公积金 does not. */
	assert_string_equal(cat->choices[out[0]].key, "030101");
	/* Chinese substring. */
	n = form_filter_choices(cat, "公积金", out, 32);
	assert_true(found(cat, out, n, "0301"));
	check_order(cat, "公积金", out, n);
	/* Mixed hanzi and initials. */
	n = form_filter_choices(cat, "住fgjj", out, 32);
	assert_int_equal(n, 1);
	assert_string_equal(cat->choices[out[0]].key, "0301");
	/* The code itself. */
	n = form_filter_choices(cat, "0604", out, 32);
	assert_string_equal(cat->choices[out[0]].key, "0604");
	check_order(cat, "0604", out, n);
	/* Polyphone: 驾驶证换证补证 ... 车 che/ju. */
	n = form_filter_choices(cat, "cjg", out, 32);
	assert_true(found(cat, out, n, "06"));
	/* Nothing. */
	assert_int_equal(form_filter_choices(cat, "xyz", out, 32), 0);
	/* Empty query: everything in order; max respected. */
	n = form_filter_choices(cat, "", out, 32);
	assert_int_equal(n, N_(categories));
	assert_int_equal(out[0], 0);
	assert_int_equal(out[n - 1], N_(categories) - 1);
	assert_int_equal(form_filter_choices(cat, "", out, 3), 3);
	assert_int_equal(form_filter_choices(cat, "", out, 0), 0);
	form_free(f);
}

static void
test_filter_towns_and_units(void **state)
{
	struct form *f = new_intake();
	const struct form_field *town = form_field(f, "town_code");
	const struct form_field *unit = form_field(f, "lead_unit_code");
	size_t out[32], n;

	(void)state;
	n = form_filter_choices(town, "dc", out, 32);
	assert_true(n >= 1);
	assert_string_equal(town->choices[out[0]].label_zh, "东城街道");
	assert_false(found(town, out, n, "NC")); /* 南城 */
	check_order(town, "dc", out, n);
	/* 长 chang/zhang: 长安镇 by either reading. */
	n = form_filter_choices(town, "ca", out, 32);
	assert_true(found(town, out, n, "CA"));
	n = form_filter_choices(town, "za", out, 32);
	assert_true(found(town, out, n, "CA"));
	/* 莞 guan/wan. */
	n = form_filter_choices(town, "gc", out, 32);
	assert_string_equal(town->choices[out[0]].key, "GC");
	n = form_filter_choices(town, "ssh", out, 32);
	assert_string_equal(town->choices[out[0]].key, "SSH");
	/* Units by their short name (alias). */
	n = form_filter_choices(unit, "rsj", out, 32);
	assert_true(n >= 1);
	assert_string_equal(unit->choices[out[0]].key, "U_HRSS");
	check_order(unit, "rsj", out, n);
	n = form_filter_choices(unit, "gjj", out, 32);
	assert_string_equal(unit->choices[out[0]].key, "U_HPF");
	n = form_filter_choices(unit, "cgj", out, 32);
	assert_string_equal(unit->choices[out[0]].key, "U_CGJ");
	/* Full name, literal. */
	n = form_filter_choices(unit, "东莞市公安局", out, 32);
	assert_int_equal(n, 1);
	assert_string_equal(unit->choices[out[0]].key, "U_PSB");
	/* Many hits, ordered. */
	n = form_filter_choices(unit, "dgs", out, 32);
	assert_true(n >= 10);
	check_order(unit, "dgs", out, n);
	form_free(f);
}

/* ---- deadlines and the wrap-up form ------------------------------------------------ */

static void
test_intake_deadline(void **state)
{
	struct form *f = valid_intake();
	struct tk_limit got, want;
	time_t created;

	(void)state;
	/* Friday 2026-11-27 10:00 local. */
	assert_int_equal(workcal_join(2026, 11, 27, 10, 0, 0, &created), ST_OK);
	set(f, "appeal_type", "COMPLAINT");
	assert_int_equal(form_intake_deadline(f, NULL, created, 0, &got), ST_OK);
	assert_int_equal(tk_deadline(NULL, created, AP_COMPLAINT, URG_NORMAL, 0,
				     &want),
			 ST_OK);
	assert_int_equal(got.kind, TK_LIMIT_WORKDAYS);
	assert_int_equal(got.amount, 15);
	assert_true(got.due == want.due);
	{
		/* 15 working days from Friday 11-27: Friday 12-18, 18:00. */
		struct workcal_civil c;

		workcal_split(got.due, &c);
		assert_int_equal(c.month, 12);
		assert_int_equal(c.day, 18);
		assert_int_equal(c.hour, 18);
	}
	set(f, "urgency", "URGENT");
	assert_int_equal(form_intake_deadline(f, NULL, created, 0, &got), ST_OK);
	assert_int_equal(got.kind, TK_LIMIT_CLOCK_MINS);
	assert_true(got.due == created + 7200);
	set(f, "urgency", "");
	set(f, "appeal_type", "CONSULT");
	assert_int_equal(form_intake_deadline(f, NULL, created, 0, &got), ST_OK);
	assert_int_equal(got.amount, 2);
	set(f, "appeal_type", "");
	assert_int_equal(form_intake_deadline(f, NULL, created, 0, &got),
			 ST_INVALID);
	set(f, "appeal_type", "咨询");
	assert_int_equal(form_intake_deadline(f, NULL, created, 0, &got),
			 ST_INVALID);
	form_free(f);
}

static void
test_wrapup(void **state)
{
	static const struct form_choice codes[] = {
		{"W01", "咨询已解答", "answered", NULL, NULL},
		{"W02", "已生成工单", "ticket created", NULL, NULL},
		{"W09", "骚扰电话", "nuisance call", NULL, NULL},
	};
	struct form *f = form_new_wrapup();
	size_t first = 99, out[4];

	(void)state;
	assert_string_equal(form_name(f), "wrapup");
	assert_int_equal(form_count(f), 3);
	assert_string_equal(form_get(f, "needs_callback"), "no");
	assert_int_equal(form_validate(f, &first), 1);
	assert_int_equal(first, (size_t)idx(f, "disposition_code"));
	assert_int_equal(form_set_choices(f, "disposition_code", codes, 3),
			 ST_OK);
	set(f, "disposition_code", "W05");
	assert_int_equal(check(f, "disposition_code"), FE_CHOICE);
	assert_int_equal(form_filter_choices(form_field(f, "disposition_code"),
					     "srdh", out, 4),
			 1);
	assert_int_equal(out[0], 2);
	set(f, "disposition_code", "W02");
	set(f, "summary", "来电反映夜间施工噪音, 已转办城管局。");
	assert_int_equal(form_validate(f, NULL), 0);
	form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intake_shape),
		cmocka_unit_test(test_set_refusals),
		cmocka_unit_test(test_complete_form_is_valid),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_english_messages),
		cmocka_unit_test(test_length_counts_characters),
		cmocka_unit_test(test_line_and_controls),
		cmocka_unit_test(test_pattern_credit_code),
		cmocka_unit_test(test_pattern_id_number),
		cmocka_unit_test(test_phone_numbers),
		cmocka_unit_test(test_phone_fields),
		cmocka_unit_test(test_number_range),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_multi_choice),
		cmocka_unit_test(test_yes_no),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_tree_cycle),
		cmocka_unit_test(test_enterprise_needs_company),
		cmocka_unit_test(test_credit_code_only_when_given_and_shown),
		cmocka_unit_test(test_anonymous_hides_and_clears),
		cmocka_unit_test(test_transfer_needs_category_and_town),
		cmocka_unit_test(test_direct_needs_reply),
		cmocka_unit_test(test_not_accepted_needs_route),
		cmocka_unit_test(test_merged_needs_ticket_no),
		cmocka_unit_test(test_transfer_target_matches_mode),
		cmocka_unit_test(test_each_visible),
		cmocka_unit_test(test_bad_definitions),
		cmocka_unit_test(test_extra_fields),
		cmocka_unit_test(test_extra_fields_refused),
		cmocka_unit_test(test_export_import_round_trip),
		cmocka_unit_test(test_import_before_extras),
		cmocka_unit_test(test_import_refusals),
		cmocka_unit_test(test_import_applies_anonymous),
		cmocka_unit_test(test_wire_export),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_filter_categories),
		cmocka_unit_test(test_filter_towns_and_units),
		cmocka_unit_test(test_intake_deadline),
		cmocka_unit_test(test_wrapup),
	};

	i18n_set(LANG_ZH);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
