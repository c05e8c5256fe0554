/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_conflict.c - ticket edits and the 412 "both versions" comparison
 * (core/conflict.c) with Chinese values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../core/conflict.h"

static char t_title[] = "夜间施工噪音扰民", t_content[] = "每晚十点后仍在施工。\n希望处理。",
	    t_addr[] = "东城街道主山社区", t_name[] = "张先生", t_phone[] = "13800138000";
static char s_title[] = "夜间施工噪音扰民", s_content[] = "每晚十点后仍在施工。\n希望处理。",
	    s_addr[] = "东城街道主山社区三巷", s_name[] = "张先生", s_phone[] = "13800138000";

static void
tickets(struct ticket *base, struct ticket *theirs)
{
	memset(base, 0, sizeof *base);
	memset(theirs, 0, sizeof *theirs);
	base->title = t_title;
	base->content = t_content;
	base->address = t_addr;
	base->caller_name = t_name;
	base->caller_phone = t_phone;
	base->version = 3;
	/* someone else changed the address meanwhile */
	theirs->title = s_title;
	theirs->content = s_content;
	theirs->address = s_addr;
	theirs->caller_name = s_name;
	theirs->caller_phone = s_phone;
	theirs->version = 4;
}

static void
test_names(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(tk_edit_lookup("title"), TE_TITLE);
	assert_int_equal(tk_edit_lookup("caller_phone"), TE_CALLER_PHONE);
	assert_int_equal(tk_edit_lookup("state"), -1);
	assert_int_equal(tk_edit_lookup("标题"), -1);
	assert_int_equal(tk_edit_lookup(NULL), -1);
	assert_string_equal(tk_edit_name(TE_ADDRESS), "address");
	assert_string_equal(tk_edit_names(buf, sizeof buf),
			    "title content address caller_name caller_phone");
}

static void
test_diff_both_changed(void **state)
{
	struct ticket base, theirs;
	struct tk_edit e;
	struct conflict_row rows[TE__COUNT];
	size_t n;

	(void)state;
	tickets(&base, &theirs);
	tk_edit_init(&e);
	tk_edit_set(&e, TE_ADDRESS, "东城街道主山社区五巷12号");
	tk_edit_set(&e, TE_TITLE, "夜间施工噪音扰民（已核实）");
	n = conflict_diff(&base, &theirs, &e, rows, TE__COUNT);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].field, TE_TITLE);
	assert_string_equal(rows[0].theirs, "夜间施工噪音扰民");
	assert_string_equal(rows[0].mine, "夜间施工噪音扰民（已核实）");
	assert_true(rows[0].edited);
	assert_false(rows[0].they_changed);
	assert_int_equal(rows[1].field, TE_ADDRESS);
	assert_string_equal(rows[1].theirs, "东城街道主山社区三巷");
	assert_string_equal(rows[1].mine, "东城街道主山社区五巷12号");
	assert_true(rows[1].edited);
	assert_true(rows[1].they_changed);
	/* max limits the rows */
	assert_int_equal(conflict_diff(&base, &theirs, &e, rows, 1), 1);
	tk_edit_free(&e);
}

static void
test_diff_theirs_only_and_same(void **state)
{
	struct ticket base, theirs;
	struct tk_edit e;
	struct conflict_row rows[TE__COUNT];
	size_t n;

	(void)state;
	tickets(&base, &theirs);
	tk_edit_init(&e);
	tk_edit_set(&e, TE_CALLER_NAME, "张女士");
	/* address: they changed it, I did not: shown with my (base) value */
	n = conflict_diff(&base, &theirs, &e, rows, TE__COUNT);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].field, TE_ADDRESS);
	assert_false(rows[0].edited);
	assert_string_equal(rows[0].mine, "东城街道主山社区");
	assert_int_equal(rows[1].field, TE_CALLER_NAME);
	assert_string_equal(rows[1].theirs, "张先生");
	assert_string_equal(rows[1].mine, "张女士");
	tk_edit_free(&e);
	/* both set the address to the same value: no conflict there */
	tk_edit_init(&e);
	tk_edit_set(&e, TE_ADDRESS, "东城街道主山社区三巷");
	assert_int_equal(conflict_diff(&base, &theirs, &e, rows, TE__COUNT),
			 0);
	tk_edit_free(&e);
	/* no edit at all: the fields they changed */
	assert_int_equal(conflict_diff(&base, &theirs, NULL, rows, TE__COUNT),
			 1);
	assert_int_equal(rows[0].field, TE_ADDRESS);
}

static void
test_edit_pairs_and_drop(void **state)
{
	struct ticket base, theirs;
	struct tk_edit e;
	const char *pairs[2 * TE__COUNT + 1];

	(void)state;
	tickets(&base, &theirs);
	tk_edit_init(&e);
	tk_edit_set(&e, TE_CONTENT, "来电人补充：\n施工单位为某建筑公司。");
	tk_edit_set(&e, TE_CALLER_NAME, "张先生"); /* unchanged */
	tk_edit_set(&e, TE_CALLER_NAME, "张先生"); /* set twice: no leak */
	assert_int_equal(tk_edit_count(&e), 2);
	tk_edit_drop_same(&e, &base);
	assert_int_equal(tk_edit_count(&e), 1);
	assert_int_equal(tk_edit_pairs(&e, pairs), 1);
	assert_string_equal(pairs[0], "content");
	assert_string_equal(pairs[1], "来电人补充：\n施工单位为某建筑公司。");
	assert_null(pairs[2]);
	tk_edit_free(&e);
	assert_int_equal(tk_edit_count(&e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_diff_both_changed),
		cmocka_unit_test(test_diff_theirs_only_and_same),
		cmocka_unit_test(test_edit_pairs_and_drop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
