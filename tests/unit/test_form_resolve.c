/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_form_resolve.c - forms/resolve.c: the value of the command
 * `field FIELD VALUE` (trainer scenarios' `set`): choice keys or exact
 * labels, tree paths, multiple choice lists, yes/no words, unknown fields
 * and values named in the error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "forms/form.h"
#include "forms/intake.h"
#include "forms/resolve.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off */
static const struct form_choice categories[] = {
	{"03", "住房与公积金", NULL, "", NULL},
	{"0301", "住房公积金", NULL, "03", NULL},
	{"030101", "公积金提取", NULL, "0301", NULL},
	{"030102", "公积金贷款", NULL, "0301", NULL},
	{"05", "生态环境", NULL, "", NULL},
	{"0501", "噪声污染", NULL, "05", NULL},
	{"050101", "建筑施工噪声", NULL, "0501", NULL},
	{"12", "民政与社会福利", NULL, "", NULL},
	{"1202", "养老服务", NULL, "12", NULL},
	{"120203", "独居长者关爱", NULL, "1202", NULL},
};

static const struct form_choice towns[] = {
	{"DONGCHENG", "东城街道", NULL, NULL, NULL},
	{"NANCHENG", "南城街道", NULL, NULL, NULL},
	{"CHANGAN", "长安镇", NULL, NULL, NULL},
};

static const struct form_choice units[] = {
	{"HRSS", "东莞市人力资源和社会保障局", NULL, NULL, "市人社局"},
	{"NANCHENG", "南城街道", NULL, NULL, NULL},
	{"CHANGAN", "长安镇", NULL, NULL, NULL},
};
/* clang-format on */

static struct form *
new_intake(void)
{
	struct form *f = form_new_intake();

	assert_int_equal(form_set_choices(f, "category_code", categories,
					  N_(categories)),
			 ST_OK);
	assert_int_equal(form_set_choices(f, "town_code", towns, N_(towns)),
			 ST_OK);
	assert_int_equal(form_set_choices(f, "assist_units", units,
					  N_(units)),
			 ST_OK);
	return f;
}

/* Resolve and compare; the result is freed here. */
static void
want_value(struct form *f, const char *code, const char *in,
	     const char *want)
{
	char *out = NULL, bad[64];

	assert_int_equal(form_resolve_value(f, code, in, &out, bad,
					    sizeof bad),
			 ST_OK);
	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void
want_bad(struct form *f, const char *code, const char *in,
	   enum status st, const char *bad_part)
{
	char *out = (char *)1, bad[64];

	assert_int_equal(form_resolve_value(f, code, in, &out, bad,
					    sizeof bad),
			 st);
	assert_null(out);
	assert_string_equal(bad, bad_part);
}

static void
test_choice_key_or_label(void **state)
{
	struct form *f = new_intake();

	(void)state;
	want_value(f, "appeal_type", "CONSULT", "CONSULT");
	want_value(f, "appeal_type", "投诉", "COMPLAINT");
	want_value(f, "appeal_type", "complaint", "COMPLAINT");
	want_value(f, "handling_mode", "直接办结", "DIRECT");
	want_value(f, "town_code", "南城街道", "NANCHENG");
	want_value(f, "town_code", " CHANGAN ", "CHANGAN");
	want_value(f, "urgency", "", "");
	want_bad(f, "appeal_type", "咨询一下", ST_INVALID, "咨询一下");
	want_bad(f, "town_code", "虎门镇", ST_INVALID, "虎门镇");
	form_free(f);
}

static void
test_tree_label_and_path(void **state)
{
	struct form *f = new_intake();

	(void)state;
	want_value(f, "category_code", "030101", "030101");
	want_value(f, "category_code", "建筑施工噪声", "050101");
	want_value(f, "category_code", "住房与公积金 / 住房公积金 / 公积金提取",
		     "030101");
	/* a parent is found too; the form says it is not a leaf */
	want_value(f, "category_code", "养老服务", "1202");
	want_bad(f, "category_code", "噪音", ST_INVALID, "噪音");
	form_free(f);
}

static void
test_multi(void **state)
{
	struct form *f = new_intake();

	(void)state;
	want_value(f, "assist_units", "市人社局", "HRSS");
	want_value(f, "assist_units", "HRSS,南城街道", "HRSS,NANCHENG");
	want_value(f, "assist_units", "长安镇， 东莞市人力资源和社会保障局",
		     "CHANGAN,HRSS");
	want_value(f, "assist_units", "", "");
	want_bad(f, "assist_units", "HRSS,城管局", ST_INVALID, "城管局");
	form_free(f);
}

static void
test_yes_no(void **state)
{
	struct form *f = new_intake();

	(void)state;
	want_value(f, "is_anonymous", "是", "yes");
	want_value(f, "is_anonymous", "no", "no");
	want_value(f, "needs_reply", "否", "no");
	want_value(f, "needs_reply", "1", "yes");
	want_bad(f, "needs_reply", "也许", ST_INVALID, "也许");
	form_free(f);
}

static void
test_text_and_unknown(void **state)
{
	struct form *f = new_intake();
	struct form *bare = form_new_intake(); /* lists not loaded yet */

	(void)state;
	want_value(f, "title", "咨询租房提取住房公积金",
		     "咨询租房提取住房公积金");
	want_value(f, "content", "  前后空格照原样  ", "  前后空格照原样  ");
	want_bad(f, "tags", "长者", ST_NOT_FOUND, "");
	want_bad(f, "", "x", ST_NOT_FOUND, "");
	/* no choices yet: taken as given, checked once the list is there */
	want_value(bare, "category_code", "建筑施工噪声", "建筑施工噪声");
	want_value(bare, "town_code", "NANCHENG", "NANCHENG");
	assert_int_equal(form_value_is_key(form_field(bare, "town_code"),
					   "南城街道"),
			 1);
	assert_int_equal(form_value_is_key(form_field(f, "town_code"),
					   "南城街道"),
			 0);
	assert_int_equal(form_value_is_key(form_field(f, "town_code"),
					   "NANCHENG"),
			 1);
	assert_int_equal(form_value_is_key(form_field(f, "assist_units"),
					   "HRSS,CHANGAN"),
			 1);
	assert_int_equal(form_value_is_key(form_field(f, "assist_units"),
					   "HRSS,长安镇"),
			 0);
	form_free(bare);
	form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choice_key_or_label),
		cmocka_unit_test(test_tree_label_and_path),
		cmocka_unit_test(test_multi),
		cmocka_unit_test(test_yes_no),
		cmocka_unit_test(test_text_and_unknown),
	};

	i18n_set(LANG_ZH);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
