/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_kb.c - JSON mapping of the knowledge-base replies (net/kb.c)
 * and the range-preserving sanitizer (core/kbmodel.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../core/kbmodel.h"
#include "../../net/kb.h"

/* The marked text of range i of s. */
static char *
marked(const char *s, const struct kb_range *r, size_t i)
{
	char *m = malloc(r[i].len + 1);

	memcpy(m, s + r[i].start, r[i].len);
	m[r[i].len] = '\0';
	return m;
}

static void
test_hits_basic(void **state)
{
	const char *j = "{\"items\":[{\"id\":1001,\"title\":\"住房公积金提取\","
			"\"snippet\":\"…缴存职工可以提取公积金…\","
			"\"snippet_matches\":[[27,9]],"
			"\"title_matches\":[[6,9]],\"score\":3.5,"
			"\"match\":\"all\"}],\"next_cursor\":null}";
	struct kb_hits h;
	char why[100], *m;

	(void)state;
	assert_int_equal(api_kb_parse_hits(j, strlen(j), &h, why, sizeof why),
			 ST_OK);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.items[0].id, 1001);
	assert_string_equal(h.items[0].title, "住房公积金提取");
	assert_int_equal(h.items[0].n_title_m, 1);
	m = marked(h.items[0].title, h.items[0].title_m, 0);
	assert_string_equal(m, "公积金");
	free(m);
	assert_int_equal(h.items[0].n_snippet_m, 1);
	m = marked(h.items[0].snippet, h.items[0].snippet_m, 0);
	/* "…" folded to ASCII: offsets recomputed in the sanitized text */
	assert_string_equal(m, "公积金");
	free(m);
	assert_null(strstr(h.items[0].snippet, "…"));
	kb_hits_free(&h);
}

static void
test_hits_hostile(void **state)
{
	/* control chars, bidi override, offsets out of range, reversed,
	 * overlapping, mid-character and negative */
	const char *j = "{\"items\":[{\"id\":7,\"title\":\"社保\\u001b[31m卡\\u202e\","
			"\"snippet\":\"社保卡\\u0007补办\","
			"\"title_matches\":[[0,6],[4,1],[1000,5],[-3,4],[\"x\",1]],"
			"\"snippet_matches\":[[9,900],[0,0],[7,2]]}]}";
	struct kb_hits h;
	size_t i;

	(void)state;
	assert_int_equal(api_kb_parse_hits(j, strlen(j), &h, NULL, 0), ST_OK);
	assert_int_equal(h.n, 1);
	assert_null(strchr(h.items[0].title, '\x1b'));
	assert_null(strstr(h.items[0].title, "\xe2\x80\xae"));
	assert_null(strchr(h.items[0].snippet, '\a'));
	/* [0,6] and [4,1] merge into 社保 */
	assert_int_equal(h.items[0].n_title_m, 1);
	assert_int_equal(h.items[0].title_m[0].start, 0);
	assert_int_equal(h.items[0].title_m[0].len, 6);
	/* [7,2] snaps to 卡 (6..9), [9,900] clips to the end and merges */
	assert_int_equal(h.items[0].n_snippet_m, 1);
	for (i = 0; i < h.items[0].n_snippet_m; i++) {
		const struct kb_range *r = &h.items[0].snippet_m[i];

		assert_true(r->start + r->len <= strlen(h.items[0].snippet));
	}
	assert_int_equal(h.items[0].snippet_m[0].start, 6);
	assert_string_equal(h.items[0].snippet + 6 + h.items[0].snippet_m[0].len,
			    "");
	kb_hits_free(&h);
}

static void
test_hits_invalid_utf8(void **state)
{
	/* an invalid byte before the match grows to U+FFFD/'?' */
	const char raw[] = "\xff\xfe公积金";
	struct kb_range in[1] = { { 2, 9 } }, *out;
	size_t n;
	char *s, *m;

	(void)state;
	kb_mark_sanitize(raw, strlen(raw), 0, in, 1, &s, &out, &n);
	assert_int_equal(n, 1);
	m = marked(s, out, 0);
	assert_string_equal(m, "公积金");
	assert_int_equal(out[0].start, 6); /* two U+FFFD of 3 bytes */
	free(m);
	free(s);
	free(out);
}

static void
test_hits_bad_shape(void **state)
{
	struct kb_hits h;
	const char *a = "{\"items\":{}}";
	const char *b = "{\"items\":[{\"title\":\"无编号\"}]}";
	const char *c = "{\"items\":[{\"id\":1,\"title\":5}]}";
	const char *d = "[1,2]";

	(void)state;
	assert_int_equal(api_kb_parse_hits(a, strlen(a), &h, NULL, 0),
			 ST_PARSE);
	assert_int_equal(api_kb_parse_hits(b, strlen(b), &h, NULL, 0),
			 ST_PARSE);
	assert_int_equal(api_kb_parse_hits(c, strlen(c), &h, NULL, 0),
			 ST_PARSE);
	assert_int_equal(api_kb_parse_hits(d, strlen(d), &h, NULL, 0),
			 ST_PARSE);
	assert_null(h.items);
	assert_int_equal(h.n, 0);
}

static void
test_article(void **state)
{
	const char *j = "{\"id\":1001,\"title\":\"公积金\\n提取\","
			"\"answer\":\"第一步：登录。\\n第二步：\\u001b提交。\","
			"\"sms_guide\":\"渠道：12345热线\\n材料：身份证\"}";
	struct kb_article a;

	(void)state;
	assert_int_equal(api_kb_parse_article(j, strlen(j), &a, NULL, 0),
			 ST_OK);
	assert_int_equal(a.id, 1001);
	assert_null(strchr(a.title, '\n'));
	assert_non_null(strchr(a.answer, '\n'));
	assert_null(strchr(a.answer, '\x1b'));
	assert_string_equal(a.sms_guide, "渠道：12345热线\n材料：身份证");
	kb_article_free(&a);
}

static void
test_sms_and_bodies(void **state)
{
	const char *j = "{\"id\":3,\"phone\":\"138****0000\",\"text\":\"渠道\","
			"\"state\":\"queued\"}";
	struct kb_sms s;
	char *b;

	(void)state;
	assert_int_equal(api_kb_parse_sms(j, strlen(j), &s, NULL, 0), ST_OK);
	assert_int_equal(s.id, 3);
	assert_string_equal(s.state, "queued");
	kb_sms_free(&s);
	b = api_kb_sms_body("13800000000", 1001, "", 42);
	assert_string_equal(b, "{\"phone\":\"13800000000\",\"article_id\":1001,"
			       "\"call_id\":\"42\"}");
	free(b);
	assert_null(api_kb_sms_body("13800000000", 0, NULL, 0));
	b = api_kb_use_body("GD2026\"x");
	assert_string_equal(b, "{\"ticket_no\":\"GD2026\\\"x\"}");
	free(b);
	b = api_kb_use_body(NULL);
	assert_string_equal(b, "{}");
	free(b);
}

/* ---- request bodies of the editor and of ticket actions (issue #5) ---- */

/* Every article field the editor sends, Chinese, in the order given;
 * keywords split at ',' and trimmed, empty ones dropped. */
static void
test_update_body_every_field(void **state)
{
	const char *const f[] = {
		"title",	 "住房公积金提取（离职）",
		"question",	 "离职后公积金怎么取？",
		"answer",	 "您好，离职半年后可凭身份证办理提取。",
		"sms_guide",	 "材料：身份证、银行卡\n地点：各区服务网点",
		"category_code", "0101",
		NULL,
	};
	char *b;

	(void)state;
	b = api_kb_update_body(f, " 公积金 , 离职提取,,  ,住房 公积金 ");
	assert_non_null(b);
	assert_string_equal(
		b, "{\"title\":\"住房公积金提取（离职）\","
		   "\"question\":\"离职后公积金怎么取？\","
		   "\"answer\":\"您好，离职半年后可凭身份证办理提取。\","
		   "\"sms_guide\":\"材料：身份证、银行卡\\n地点：各区服务网点\","
		   "\"category_code\":\"0101\","
		   "\"keywords\":[\"公积金\",\"离职提取\",\"住房 公积金\"]}");
	free(b);
}

/* Quotes, backslashes and control characters are escaped so the server
 * reads back exactly what was typed. */
static void
test_bodies_escape(void **state)
{
	const char *const f[] = {
		"title",  "他说\"好\"\\路径",
		"answer", "第一行\r\n第二行\t缩进\x01\x1f结束",
		NULL,
	};
	const char *const act[] = { "direct_reply", "答复：\"已办结\"\\n", NULL };
	char *b;

	(void)state;
	b = api_kb_update_body(f, "引号\"词,反斜杠\\词");
	assert_non_null(b);
	assert_string_equal(
		b, "{\"title\":\"他说\\\"好\\\"\\\\路径\","
		   "\"answer\":\"第一行\\r\\n第二行\\t缩进\\u0001\\u001f结束\","
		   "\"keywords\":[\"引号\\\"词\",\"反斜杠\\\\词\"]}");
	free(b);
	b = api_ticket_action_body(act);
	assert_non_null(b);
	assert_string_equal(b,
			    "{\"direct_reply\":\"答复：\\\"已办结\\\"\\\\n\"}");
	free(b);
}

/* NULL and empty: no fields give {}, keywords "" clear them ([]), NULL
 * leaves them out; an empty value is sent, a missing value or an empty
 * key is a caller's bug (NULL). */
static void
test_bodies_null_and_empty(void **state)
{
	const char *const empty_val[] = { "title", "", NULL };
	const char *const no_val[] = { "title", NULL };
	const char *const empty_key[] = { "", "办结", NULL };
	const char *const none[] = { NULL };
	char *b;

	(void)state;
	b = api_kb_update_body(NULL, NULL);
	assert_string_equal(b, "{}");
	free(b);
	b = api_kb_update_body(none, NULL);
	assert_string_equal(b, "{}");
	free(b);
	b = api_kb_update_body(NULL, "");
	assert_string_equal(b, "{\"keywords\":[]}");
	free(b);
	b = api_kb_update_body(NULL, " , ,");
	assert_string_equal(b, "{\"keywords\":[]}");
	free(b);
	b = api_kb_update_body(empty_val, NULL);
	assert_string_equal(b, "{\"title\":\"\"}");
	free(b);
	assert_null(api_kb_update_body(no_val, "公积金"));
	assert_null(api_kb_update_body(empty_key, NULL));

	b = api_ticket_action_body(NULL);
	assert_string_equal(b, "{}");
	free(b);
	b = api_ticket_action_body(none);
	assert_string_equal(b, "{}");
	free(b);
	b = api_ticket_action_body(empty_val);
	assert_string_equal(b, "{\"title\":\"\"}");
	free(b);
	assert_null(api_ticket_action_body(no_val));
	assert_null(api_ticket_action_body(empty_key));
}

/* Several pairs keep their order; a value may hold any Unicode. */
static void
test_ticket_action_body_pairs(void **state)
{
	const char *const f[] = {
		"direct_reply", "您好，已为您登记噪声投诉。",
		"comment",	"市民反映：夜间施工🚧",
		"unit_code",	"GA-治安",
		NULL,
	};
	char *b;

	(void)state;
	b = api_ticket_action_body(f);
	assert_string_equal(b, "{\"direct_reply\":\"您好，已为您登记噪声投诉。\","
			       "\"comment\":\"市民反映：夜间施工🚧\","
			       "\"unit_code\":\"GA-治安\"}");
	free(b);
}

/* The article reply carries the category code the editor shows. */
static void
test_article_category(void **state)
{
	const char *j = "{\"id\":7,\"title\":\"医保异地就医备案\","
			"\"answer\":\"可在线备案。\",\"sms_guide\":\"\","
			"\"question\":\"\",\"category_code\":\"0302\","
			"\"keywords\":[\"异地\",\"备案\"],\"status\":\"draft\","
			"\"version\":4}";
	struct kb_article a;

	(void)state;
	assert_int_equal(api_kb_parse_article(j, strlen(j), &a, NULL, 0),
			 ST_OK);
	assert_string_equal(a.category, "0302");
	assert_string_equal(a.keywords, "异地,备案");
	assert_string_equal(a.status, "draft");
	assert_int_equal(a.version, 4);
	kb_article_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hits_basic),
		cmocka_unit_test(test_hits_hostile),
		cmocka_unit_test(test_hits_invalid_utf8),
		cmocka_unit_test(test_hits_bad_shape),
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_sms_and_bodies),
		cmocka_unit_test(test_update_body_every_field),
		cmocka_unit_test(test_bodies_escape),
		cmocka_unit_test(test_bodies_null_and_empty),
		cmocka_unit_test(test_ticket_action_body_pairs),
		cmocka_unit_test(test_article_category),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
