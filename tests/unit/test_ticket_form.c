/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ticket_form.c - intake form pairs to the POST /v1/tickets body and
 * the decision action (net/ticket_form.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../core/mem.h"
#include "../../forms/intake.h"
#include "../../net/ticket_form.h"

static const struct form_choice period_values[] = {
	{"m1", "一个月", NULL, NULL, NULL},
	{"m3", "三个月", NULL, NULL, NULL},
};

static const struct form_attr attrs[] = {
	{.code = "owed_amount", .label = "拖欠金额", .datatype = "number",
	 .order = 1},
	{.code = "owed_period", .label = "拖欠时长",
	 .datatype = "multivaluelist", .order = 2, .values = period_values,
	 .n_values = 2},
	{.code = "happened_at", .label = "发生时间", .datatype = "datetime",
	 .order = 3},
	{.code = "employer", .label = "用人单位", .datatype = "string",
	 .order = 4},
};

static struct form *
filled_form(void)
{
	struct form *f = form_new_intake();

	assert_int_equal(form_add_extras(f, attrs, 4), ST_OK);
	assert_int_equal(form_set(f, "appeal_type", "COMPLAINT"), ST_OK);
	assert_int_equal(form_set(f, "title", "夜间施工噪音扰民"), ST_OK);
	assert_int_equal(form_set(f, "content",
				  "东城街道某小区旁工地\n夜间 22:30 仍在施工，"
				  "\"电钻\" \\ 声音很大。"),
			 ST_OK);
	assert_int_equal(form_set(f, "category_code", "010101"), ST_OK);
	assert_int_equal(form_set(f, "town_code", "DONGCHENG"), ST_OK);
	assert_int_equal(form_set(f, "caller_phone", "0769-22221234"), ST_OK);
	assert_int_equal(form_set(f, "caller_name", "陈女士"), ST_OK);
	assert_int_equal(form_set(f, "is_confidential", "yes"), ST_OK);
	assert_int_equal(form_set(f, "handling_mode", "TRANSFER"), ST_OK);
	assert_int_equal(form_set(f, "lead_unit_code", "DONGCHENG"), ST_OK);
	assert_int_equal(form_set(f, "assist_units", "ZJJ,CGJ"), ST_OK);
	assert_int_equal(form_set(f, "dispatch_note", "请两日内核查"), ST_OK);
	assert_int_equal(form_set(f, "direct_reply", "隐藏的答复"), ST_OK);
	assert_int_equal(form_set(f, "owed_amount", "3500.5"), ST_OK);
	assert_int_equal(form_set(f, "owed_period", "m3,m1"), ST_OK);
	assert_int_equal(form_set(f, "happened_at", "2026-11-28 22:30"),
			 ST_OK);
	assert_int_equal(form_set(f, "employer", "某某建筑公司"), ST_OK);
	return f;
}

static char *
body_of(struct form *f, const char *call_id, char *why, size_t cap)
{
	struct kv *p = NULL;
	size_t n = 0;
	char *b;

	form_export(f, FORM_EXPORT_WIRE, &p, &n);
	b = api_ticket_body_from_pairs(f, p, n, call_id, why, cap);
	kv_free(p, n);
	return b;
}

static const char *
jstr(const cJSON *o, const char *k)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);

	assert_non_null(x);
	assert_true(cJSON_IsString(x));
	return x->valuestring;
}

static void
test_every_type(void **state)
{
	struct form *f = filled_form();
	char why[128];
	char *b = body_of(f, "C20261128-0001", why, sizeof why);
	cJSON *o, *x, *extra;

	(void)state;
	assert_non_null(b);
	o = cJSON_Parse(b);
	assert_non_null(o);
	/* strings, Chinese and escapes byte-exact */
	assert_string_equal(jstr(o, "title"), "夜间施工噪音扰民");
	assert_string_equal(jstr(o, "content"),
			    "东城街道某小区旁工地\n夜间 22:30 仍在施工，"
			    "\"电钻\" \\ 声音很大。");
	assert_string_equal(jstr(o, "channel"), "PHONE"); /* the default */
	assert_string_equal(jstr(o, "caller_phone"), "076922221234");
	assert_string_equal(jstr(o, "caller_name"), "陈女士");
	assert_string_equal(jstr(o, "lead_unit_code"), "DONGCHENG");
	assert_string_equal(jstr(o, "dispatch_note"), "请两日内核查");
	assert_string_equal(jstr(o, "call_id"), "C20261128-0001");
	/* booleans */
	x = cJSON_GetObjectItemCaseSensitive(o, "is_confidential");
	assert_true(cJSON_IsTrue(x));
	x = cJSON_GetObjectItemCaseSensitive(o, "is_anonymous");
	assert_true(cJSON_IsFalse(x));
	assert_true(cJSON_IsTrue(
		cJSON_GetObjectItemCaseSensitive(o, "needs_reply")));
	/* multiple choice as an array, in the order chosen */
	x = cJSON_GetObjectItemCaseSensitive(o, "assist_units");
	assert_true(cJSON_IsArray(x));
	assert_int_equal(cJSON_GetArraySize(x), 2);
	assert_string_equal(cJSON_GetArrayItem(x, 0)->valuestring, "ZJJ");
	assert_string_equal(cJSON_GetArrayItem(x, 1)->valuestring, "CGJ");
	/* the decision and hidden fields are not in the body */
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "handling_mode"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "direct_reply"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "transfer_target"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "merge_into"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "owed_amount"));
	/* extra fields */
	extra = cJSON_GetObjectItemCaseSensitive(o, "extra");
	assert_true(cJSON_IsObject(extra));
	x = cJSON_GetObjectItemCaseSensitive(extra, "owed_amount");
	assert_true(cJSON_IsNumber(x));
	assert_true(x->valuedouble > 3500.4 && x->valuedouble < 3500.6);
	x = cJSON_GetObjectItemCaseSensitive(extra, "owed_period");
	assert_true(cJSON_IsArray(x));
	assert_string_equal(cJSON_GetArrayItem(x, 0)->valuestring, "m3");
	assert_string_equal(jstr(extra, "happened_at"),
			    "2026-11-28T22:30:00+08:00");
	assert_string_equal(jstr(extra, "employer"), "某某建筑公司");
	cJSON_Delete(o);
	free(b);
	form_free(f);
}

static void
test_no_call_no_extra(void **state)
{
	struct form *f = form_new_intake();
	char *b;
	cJSON *o;

	(void)state;
	assert_int_equal(form_set(f, "title", "咨询公积金"), ST_OK);
	assert_int_equal(form_set(f, "channel", "WECHAT"), ST_OK);
	b = body_of(f, NULL, NULL, 0);
	assert_non_null(b);
	o = cJSON_Parse(b);
	assert_non_null(o);
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "call_id"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "extra"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "content")); /* "" */
	assert_string_equal(jstr(o, "channel"), "WECHAT");
	cJSON_Delete(o);
	free(b);
	form_free(f);
}

static void
test_hostile(void **state)
{
	struct form *f = form_new_intake();
	char why[128], *b;
	struct kv bad_utf8[] = {{(char[]){"title"}, (char[]){"\xe4\xb8"}}};
	struct kv twice[] = {{(char[]){"title"}, (char[]){"甲"}},
			     {(char[]){"title"}, (char[]){"乙"}}};
	struct kv yn[] = {{(char[]){"is_anonymous"}, (char[]){"是"}}};
	struct kv unknown[] = {{(char[]){"state"}, (char[]){"ARCHIVED"}},
			       {(char[]){"extra"}, (char[]){"{}"}},
			       {(char[]){"title"}, (char[]){"</script>\"},{"}}};
	cJSON *o;

	(void)state;
	assert_null(api_ticket_body_from_pairs(f, bad_utf8, 1, NULL, why,
					       sizeof why));
	assert_non_null(strstr(why, "UTF-8"));
	assert_null(api_ticket_body_from_pairs(f, twice, 2, NULL, why,
					       sizeof why));
	assert_non_null(strstr(why, "twice"));
	assert_null(api_ticket_body_from_pairs(f, yn, 1, NULL, why,
					       sizeof why));
	assert_non_null(strstr(why, "is_anonymous"));
	assert_null(api_ticket_body_from_pairs(f, unknown, 3, "bad id!", why,
					       sizeof why));
	assert_non_null(strstr(why, "call_id"));
	/* unknown and server-written keys dropped; quotes stay inside */
	b = api_ticket_body_from_pairs(f, unknown, 3, NULL, why, sizeof why);
	assert_non_null(b);
	o = cJSON_Parse(b);
	assert_non_null(o);
	assert_int_equal(cJSON_GetArraySize(o), 1);
	assert_string_equal(jstr(o, "title"), "</script>\"},{");
	cJSON_Delete(o);
	free(b);
	form_free(f);
}

/* The online queue's item (issue #4): the pending pair goes as an
 * integer; anything but a positive integer refuses the body. */
static void
test_intake_item_id(void **state)
{
	struct form *f = form_new_intake();
	char why[128], *b;
	struct kv good[] = {{(char[]){"title"}, (char[]){"网友反映路灯不亮"}},
			    {(char[]){"intake_item_id"}, (char[]){"42"}}};
	struct kv bad[] = {{(char[]){"intake_item_id"}, (char[]){"4二"}}};
	struct kv zero[] = {{(char[]){"intake_item_id"}, (char[]){"0"}}};
	struct kv twice[] = {{(char[]){"intake_item_id"}, (char[]){"4"}},
			     {(char[]){"intake_item_id"}, (char[]){"5"}}};
	const cJSON *x;
	cJSON *o;

	(void)state;
	b = api_ticket_body_from_pairs(f, good, 2, NULL, why, sizeof why);
	assert_non_null(b);
	o = cJSON_Parse(b);
	assert_non_null(o);
	x = cJSON_GetObjectItemCaseSensitive(o, "intake_item_id");
	assert_true(cJSON_IsNumber(x));
	assert_int_equal((long)x->valuedouble, 42);
	assert_string_equal(jstr(o, "title"), "网友反映路灯不亮");
	cJSON_Delete(o);
	free(b);
	assert_null(api_ticket_body_from_pairs(f, bad, 1, NULL, why,
					       sizeof why));
	assert_non_null(strstr(why, "intake_item_id"));
	assert_null(api_ticket_body_from_pairs(f, zero, 1, NULL, why,
					       sizeof why));
	assert_null(api_ticket_body_from_pairs(f, twice, 2, NULL, why,
					       sizeof why));
	assert_non_null(strstr(why, "twice"));
	form_free(f);
}

/* A server error's field to the form's code (a refusal shown beside it). */
static void
test_form_field_of_error(void **state)
{
	struct form *f = form_new_intake();

	(void)state;
	assert_string_equal(api_ticket_form_field("merge", "merged_into"),
			    "merge_into");
	assert_string_equal(api_ticket_form_field("transfer_out", "target"),
			    "transfer_target");
	assert_string_equal(api_ticket_form_field("not_accept", "comment"),
			    "not_accepted_route");
	/* the create body and the other actions use the form's codes */
	assert_string_equal(api_ticket_form_field("create_ticket", "title"),
			    "title");
	assert_string_equal(api_ticket_form_field("transfer",
						  "lead_unit_code"),
			    "lead_unit_code");
	/* only the action that names it maps it */
	assert_string_equal(api_ticket_form_field("create_ticket", "target"),
			    "target");
	assert_null(api_ticket_form_field("merge", NULL));
	/* every mapped name is a field of the intake form */
	assert_true(form_index(f, api_ticket_form_field("merge",
							"merged_into")) >= 0);
	assert_true(form_index(f, api_ticket_form_field("transfer_out",
							"target")) >= 0);
	assert_true(form_index(f, api_ticket_form_field("not_accept",
							"comment")) >= 0);
	form_free(f);
}

static void
test_bad_number(void **state)
{
	struct form *f = form_new_intake();
	char why[128];

	(void)state;
	assert_int_equal(form_add_extras(f, attrs, 1), ST_OK);
	assert_int_equal(form_set(f, "owed_amount", "三千"), ST_OK);
	assert_null(body_of(f, NULL, why, sizeof why));
	assert_non_null(strstr(why, "owed_amount"));
	form_free(f);
}

static void
check_decision(const char *mode, const char *field, const char *value,
	       const char *want_action, const char *want_key)
{
	struct kv p[2];
	const char *action;
	char *b;
	cJSON *o;

	p[0].key = xstrdup("handling_mode");
	p[0].value = xstrdup(mode);
	p[1].key = xstrdup(field);
	p[1].value = xstrdup(value);
	b = api_ticket_decision_from_pairs(p, 2, &action);
	FREE(p[0].key);
	FREE(p[0].value);
	FREE(p[1].key);

	assert_non_null(b);
	assert_string_equal(action, want_action);
	o = cJSON_Parse(b);
	assert_non_null(o);
	if (want_key)
		assert_string_equal(jstr(o, want_key), value);
	else
		assert_int_equal(cJSON_GetArraySize(o), 0);
	cJSON_Delete(o);
	free(b);
	FREE(p[1].value);
}

static void
test_decisions(void **state)
{
	struct kv none[] = {{(char[]){"title"}, (char[]){"x"}}};
	struct kv odd[] = {{(char[]){"handling_mode"}, (char[]){"FLY"}}};
	const char *action = "x";

	(void)state;
	check_decision("DIRECT", "direct_reply", "离职后次月可提取。",
		       "close_direct", "direct_reply");
	check_decision("TRANSFER", "lead_unit_code", "DONGCHENG", "transfer",
		       "lead_unit_code");
	check_decision("TRANSFER", "title", "x", "transfer", NULL);
	check_decision("TRANSFER_110", "transfer_target", "110",
		       "transfer_out", "target");
	check_decision("TRANSFER_EMERGENCY", "transfer_target", "120",
		       "transfer_out", "target");
	check_decision("NOT_ACCEPTED", "not_accepted_route",
		       "已告知向劳动仲裁委员会申请仲裁", "not_accept",
		       "comment");
	check_decision("INVALID", "title", "x", "invalidate", NULL);
	check_decision("MERGED", "merge_into", "DG20261128000123", "merge",
		       "merged_into");
	assert_null(api_ticket_decision_from_pairs(none, 1, &action));
	assert_null(action);
	assert_null(api_ticket_decision_from_pairs(odd, 1, &action));
}

static void
test_transfer_arrays(void **state)
{
	struct form *f = filled_form();
	struct kv *p = NULL;
	size_t n = 0;
	const char *action;
	char *b;
	cJSON *o, *x;

	(void)state;
	form_export(f, FORM_EXPORT_WIRE, &p, &n);
	b = api_ticket_decision_from_pairs(p, n, &action);
	assert_non_null(b);
	assert_string_equal(action, "transfer");
	o = cJSON_Parse(b);
	assert_non_null(o);
	assert_string_equal(jstr(o, "lead_unit_code"), "DONGCHENG");
	assert_string_equal(jstr(o, "dispatch_note"), "请两日内核查");
	x = cJSON_GetObjectItemCaseSensitive(o, "assist_units");
	assert_true(cJSON_IsArray(x));
	assert_int_equal(cJSON_GetArraySize(x), 2);
	assert_string_equal(cJSON_GetArrayItem(x, 1)->valuestring, "CGJ");
	cJSON_Delete(o);
	free(b);
	kv_free(p, n);
	form_free(f);
}

static void
test_kv_get(void **state)
{
	struct kv p[] = {{(char[]){"a"}, (char[]){"一"}},
			 {(char[]){"b"}, (char[]){"二"}},
			 {(char[]){"a"}, (char[]){"三"}}};

	(void)state;
	assert_string_equal(api_kv_get(p, 3, "a"), "三");
	assert_string_equal(api_kv_get(p, 3, "b"), "二");
	assert_null(api_kv_get(p, 3, "c"));
	assert_null(api_kv_get(NULL, 0, "a"));
}

static void
test_categories(void **state)
{
	static const char json[] =
		"{\"items\":[{\"code\":\"04\",\"name\":\"城市管理\","
		"\"owner\":\"TOWN\",\"limit_days\":null,\"children\":["
		"{\"code\":\"0404\",\"name\":\"市政设施\",\"owner\":null,"
		"\"limit_days\":null,\"children\":[{\"code\":\"040402\","
		"\"name\":\"井盖缺失破损\",\"owner\":null,\"limit_days\":1,"
		"\"children\":[]}]}]},{\"code\":\"05\",\"name\":\"生态环境\","
		"\"owner\":\"UNIT:EEB\",\"limit_days\":null,\"children\":[]}]}";
	struct cat_list l;
	char owner[64];
	int lim;

	(void)state;
	assert_int_equal(api_parse_categories(json, strlen(json), &l), ST_OK);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.items[2].code, "040402");
	assert_string_equal(l.items[2].name, "井盖缺失破损");
	assert_string_equal(l.items[2].parent, "0404");
	assert_string_equal(l.items[0].parent, "");
	/* owner inherited from the top, the limit from the leaf */
	assert_int_equal(cat_defaults(&l, "040402", owner, sizeof owner,
				      &lim),
			 0);
	assert_string_equal(owner, "TOWN");
	assert_int_equal(lim, 1);
	assert_int_equal(cat_defaults(&l, "05", owner, sizeof owner, &lim),
			 0);
	assert_string_equal(owner, "UNIT:EEB");
	assert_int_equal(lim, 0);
	assert_int_equal(cat_defaults(&l, "99", owner, sizeof owner, &lim),
			 -1);
	cat_list_free(&l);
	assert_int_equal(api_parse_categories("{\"items\":[{\"name\":1}]}",
					      25, &l),
			 ST_PARSE);
	assert_int_equal(l.n, 0);
}

static void
test_holidays(void **state)
{
	static const char json[] =
		"{\"items\":[{\"date\":\"2026-10-01\",\"kind\":\"HOLIDAY\","
		"\"name\":\"国庆节\"},{\"date\":\"2026-10-10\","
		"\"kind\":\"WORKDAY\",\"name\":\"国庆节调休\"}]}";
	static const char bad[] =
		"{\"items\":[{\"date\":\"2026-02-30\",\"kind\":\"HOLIDAY\"}]}";
	struct workcal *cal = NULL;

	(void)state;
	assert_int_equal(api_parse_holidays(json, strlen(json), &cal), ST_OK);
	assert_non_null(cal);
	assert_int_equal(workcal_count(cal), 2);
	assert_int_equal(workcal_is_workday(cal, 2026, 10, 1), 0);  /* Thu */
	assert_int_equal(workcal_is_workday(cal, 2026, 10, 10), 1); /* Sat */
	assert_int_equal(workcal_is_workday(cal, 2026, 10, 11), 0); /* Sun */
	workcal_free(cal);
	assert_int_equal(api_parse_holidays(bad, strlen(bad), &cal),
			 ST_PARSE);
	assert_null(cal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_no_call_no_extra),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_intake_item_id),
		cmocka_unit_test(test_form_field_of_error),
		cmocka_unit_test(test_bad_number),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_transfer_arrays),
		cmocka_unit_test(test_kv_get),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_holidays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
