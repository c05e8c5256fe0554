/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake.c - the intake and wrap-up form definitions.
 */
#include "intake.h"

#include <stdlib.h>

#include "../core/ticket.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))
#define CHOICE_(e, wire, zh, en) {wire, zh, en, NULL, NULL},

static const struct form_choice channel_choices[] = {
	TK_CHANNEL_LIST(CHOICE_)};
static const struct form_choice desk_choices[] = {TK_DESK_LIST(CHOICE_)};
static const struct form_choice appeal_choices[] = {TK_APPEAL_LIST(CHOICE_)};
static const struct form_choice urgency_choices[] = {
	TK_URGENCY_LIST(CHOICE_)};
static const struct form_choice mode_choices[] = {TK_MODE_LIST(CHOICE_)};
static const struct form_choice kind_choices[] = {
	TK_CALLER_KIND_LIST(CHOICE_)};

static const struct form_choice gender_choices[] = {
	{"M", "男", "male", NULL, NULL},
	{"F", "女", "female", NULL, NULL},
};

/* Parents are the handling modes each target belongs to. */
static const struct form_choice target_choices[] = {
	{"110", "110 公安", "110 police", "TRANSFER_110", "gongan"},
	{"119", "119 消防", "119 fire", "TRANSFER_EMERGENCY", "xiaofang"},
	{"120", "120 急救", "120 ambulance", "TRANSFER_EMERGENCY", "jijiu"},
	{"122", "122 交通事故", "122 traffic accident", "TRANSFER_EMERGENCY",
	 NULL},
	{"PROVINCE", "省平台", "provincial platform", "TRANSFER_PROVINCE",
	 NULL},
};

#define ENUM_CHOICES(a) .choices = (a), .n_choices = N_(a)
#define IF_MODE(m) {"handling_mode", FC_IN, (m)}
#define NOT_ANON {"is_anonymous", FC_NOT_IN, "yes"}
#define OUT_MODES "TRANSFER_110,TRANSFER_EMERGENCY,TRANSFER_PROVINCE"

/* 统一社会信用代码 (GB 32100): 18 of 0-9 and A-Z without I O Z S V. */
#define CREDIT_CODE_RE "[0-9ABCDEFGHJKLMNPQRTUWXY]{18}"
/* 居民身份证号: 18 (last may be X) or the old 15 digits. */
#define ID_NUMBER_RE "[0-9]{17}[0-9X]|[0-9]{15}"

static const struct form_field_def intake_defs[] = {
	{.code = "channel", .label_zh = "来源渠道", .label_en = "Channel",
	 .type = FT_CHOICE, .flags = FF_REQUIRED,
	 ENUM_CHOICES(channel_choices), .default_value = "PHONE"},
	{.code = "desk", .label_zh = "受理席位", .label_en = "Desk",
	 .type = FT_CHOICE, ENUM_CHOICES(desk_choices),
	 .default_value = "GENERAL"},
	{.code = "appeal_type", .label_zh = "诉求类型",
	 .label_en = "Appeal type", .type = FT_CHOICE, .flags = FF_REQUIRED,
	 ENUM_CHOICES(appeal_choices)},
	{.code = "title", .label_zh = "标题", .label_en = "Title",
	 .type = FT_TEXT, .flags = FF_REQUIRED, .min_len = 2, .max_len = 100},
	{.code = "content", .label_zh = "诉求内容", .label_en = "Content",
	 .type = FT_MULTILINE, .flags = FF_REQUIRED, .min_len = 5,
	 .max_len = 4000},
	/* The server needs a category on every ticket; TRANSFER needs one
	 * anyway (the dispatch catalogue goes by it). */
	{.code = "category_code", .label_zh = "诉求分类",
	 .label_en = "Category", .type = FT_TREE,
	 .flags = FF_REQUIRED | FF_LEAF_ONLY},
	{.code = "urgency", .label_zh = "紧急程度", .label_en = "Urgency",
	 .type = FT_CHOICE, .flags = FF_REQUIRED,
	 ENUM_CHOICES(urgency_choices), .default_value = "NORMAL"},
	{.code = "town_code", .label_zh = "所属镇街", .label_en = "Town",
	 .type = FT_CHOICE, .required_if = IF_MODE("TRANSFER")},
	{.code = "community", .label_zh = "村(社区)", .label_en = "Community",
	 .type = FT_TEXT, .max_len = 100},
	{.code = "address", .label_zh = "详细地址", .label_en = "Address",
	 .type = FT_TEXT, .max_len = 200},
	{.code = "caller_phone", .label_zh = "来电号码",
	 .label_en = "Caller number", .type = FT_PHONE},
	{.code = "contact_phone", .label_zh = "联系电话",
	 .label_en = "Contact phone", .type = FT_PHONE,
	 .flags = FF_CLEAR_HIDDEN, .visible_if = NOT_ANON},
	{.code = "caller_name", .label_zh = "来电人姓名",
	 .label_en = "Caller name", .type = FT_TEXT, .max_len = 50,
	 .flags = FF_CLEAR_HIDDEN, .visible_if = NOT_ANON},
	{.code = "gender", .label_zh = "性别", .label_en = "Gender",
	 .type = FT_CHOICE, ENUM_CHOICES(gender_choices)},
	{.code = "caller_kind", .label_zh = "来电人类型",
	 .label_en = "Caller kind", .type = FT_CHOICE, .flags = FF_REQUIRED,
	 ENUM_CHOICES(kind_choices), .default_value = "PERSON"},
	{.code = "company_name", .label_zh = "单位名称",
	 .label_en = "Company name", .type = FT_TEXT, .min_len = 2,
	 .max_len = 100, .visible_if = {"caller_kind", FC_IN, "ENTERPRISE,ORG"},
	 .required_if = {"caller_kind", FC_IN, "ENTERPRISE"}},
	{.code = "credit_code", .label_zh = "统一社会信用代码",
	 .label_en = "Credit code", .type = FT_TEXT,
	 .pattern = CREDIT_CODE_RE,
	 .hint_zh = "统一社会信用代码为 18 位数字或大写字母 (不含 I O Z S V)",
	 .hint_en = "a credit code is 18 digits or capital letters (no I O Z "
		    "S V)",
	 .visible_if = {"caller_kind", FC_IN, "ENTERPRISE,ORG"}},
	{.code = "id_number", .label_zh = "身份证号", .label_en = "ID number",
	 .type = FT_TEXT, .pattern = ID_NUMBER_RE,
	 .hint_zh = "身份证号为 18 位 (末位可为 X) 或 15 位数字",
	 .hint_en = "an ID number is 18 characters (the last may be X) or 15 "
		    "digits",
	 .flags = FF_CLEAR_HIDDEN, .visible_if = NOT_ANON},
	{.code = "is_anonymous", .label_zh = "匿名", .label_en = "Anonymous",
	 .type = FT_YESNO, .flags = FF_REQUIRED, .default_value = "no"},
	{.code = "is_confidential", .label_zh = "保密",
	 .label_en = "Confidential", .type = FT_YESNO, .flags = FF_REQUIRED,
	 .default_value = "no"},
	{.code = "needs_reply", .label_zh = "需要回复",
	 .label_en = "Needs reply", .type = FT_YESNO, .flags = FF_REQUIRED,
	 .default_value = "yes"},
	{.code = "handling_mode", .label_zh = "办理方式",
	 .label_en = "Handling", .type = FT_CHOICE, .flags = FF_REQUIRED,
	 ENUM_CHOICES(mode_choices)},
	{.code = "direct_reply", .label_zh = "答复内容", .label_en = "Reply",
	 .type = FT_MULTILINE, .max_len = 4000,
	 .visible_if = IF_MODE("DIRECT"), .required_if = IF_MODE("DIRECT")},
	{.code = "lead_unit_code", .label_zh = "主办单位",
	 .label_en = "Lead unit", .type = FT_CHOICE,
	 .visible_if = IF_MODE("TRANSFER")},
	{.code = "assist_units", .label_zh = "协办单位",
	 .label_en = "Assisting units", .type = FT_MULTI, .max_len = 10,
	 .visible_if = IF_MODE("TRANSFER")},
	{.code = "dispatch_note", .label_zh = "派单说明",
	 .label_en = "Dispatch note", .type = FT_MULTILINE, .max_len = 1000,
	 .visible_if = IF_MODE("TRANSFER")},
	{.code = "transfer_target", .label_zh = "移交对象",
	 .label_en = "Hand off to", .type = FT_CHOICE,
	 ENUM_CHOICES(target_choices), .choices_by = "handling_mode",
	 .visible_if = IF_MODE(OUT_MODES), .required_if = IF_MODE(OUT_MODES)},
	{.code = "not_accepted_route", .label_zh = "告知的法定途径",
	 .label_en = "Legal route told", .type = FT_MULTILINE, .min_len = 2,
	 .max_len = 1000, .visible_if = IF_MODE("NOT_ACCEPTED"),
	 .required_if = IF_MODE("NOT_ACCEPTED")},
	{.code = "merge_into", .label_zh = "并入工单",
	 .label_en = "Merge into", .type = FT_TEXT, .check = tk_no_valid,
	 .hint_zh = "工单编号如 DG20261128000123",
	 .hint_en = "a ticket number like DG20261128000123",
	 .visible_if = IF_MODE("MERGED"), .required_if = IF_MODE("MERGED")},
};

static const struct form_field_def wrapup_defs[] = {
	{.code = "disposition_code", .label_zh = "小结代码",
	 .label_en = "Disposition", .type = FT_CHOICE, .flags = FF_REQUIRED},
	{.code = "summary", .label_zh = "通话小结", .label_en = "Summary",
	 .type = FT_MULTILINE, .max_len = 1000},
	{.code = "needs_callback", .label_zh = "需要回拨",
	 .label_en = "Needs call-back", .type = FT_YESNO,
	 .flags = FF_REQUIRED, .default_value = "no"},
};

const struct form_field_def *
form_intake_defs(size_t *n)
{
	*n = N_(intake_defs);
	return intake_defs;
}

const struct form_field_def *
form_wrapup_defs(size_t *n)
{
	*n = N_(wrapup_defs);
	return wrapup_defs;
}

struct form *
form_new_intake(void)
{
	struct form *f = form_new("intake", intake_defs, N_(intake_defs));

	if (!f)
		abort(); /* the table above is broken: a programming error */
	return f;
}

struct form *
form_new_wrapup(void)
{
	struct form *f = form_new("wrapup", wrapup_defs, N_(wrapup_defs));

	if (!f)
		abort();
	return f;
}

enum status
form_intake_deadline(const struct form *f, const struct workcal *cal,
		     time_t created, int override_days, struct tk_limit *out)
{
	const char *a = form_get(f, "appeal_type");
	const char *u = form_get(f, "urgency");
	int appeal, urgency = URG_NORMAL;

	if (!a || !*a || (appeal = tk_enum_parse(TKE_APPEAL, a)) < 0)
		return ST_INVALID;
	if (u && *u && (urgency = tk_enum_parse(TKE_URGENCY, u)) < 0)
		return ST_INVALID;
	return tk_deadline(cal, created, (enum tk_appeal)appeal,
			   (enum tk_urgency)urgency, override_days, out);
}
