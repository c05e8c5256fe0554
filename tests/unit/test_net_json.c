/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_json.c - net/'s JSON → model mapping: well-formed replies,
 * hostile strings from the network, malformed JSON, wrong types, missing
 * fields, nulls, Chinese text and large ids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/model.h"
#include "core/ticket.h"
#include "core/utf8.h"
#include "net/api.h"

/* Sanitized form of a one-line / multi-line string. */
static char *
san1(const char *raw)
{
	return u8_sanitize(raw, strlen(raw), SAN_FOLD_AMBIGUOUS);
}

static char *
sanm(const char *raw)
{
	return u8_sanitize(raw, strlen(raw),
			   SAN_KEEP_NEWLINE | SAN_FOLD_AMBIGUOUS);
}

/* What a replaced character (ESC, CR, U+202E, a broken byte) becomes in a
 * one-line field: U+FFFD, or its ASCII fold. */
static char repl[8];

static int
setup_repl(void **state)
{
	char *r = san1("\x1b");

	(void)state;
	assert_true(strlen(r) > 0 && strlen(r) < sizeof(repl));
	assert_true(strcmp(r, "\xEF\xBF\xBD") == 0 || strcmp(r, "?") == 0);
	memcpy(repl, r, strlen(r) + 1);
	free(r);
	return 0;
}

/* s with every '#' replaced by repl; malloc'd */
static char *
with_repl(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	for (; *s; s++)
		assert_int_equal(*s == '#' ? buf_puts(&b, repl)
					   : buf_putc(&b, *s),
				 ST_OK);
	return buf_steal(&b);
}

static void
assert_str_repl(const char *got, const char *pattern)
{
	char *want = with_repl(pattern);

	assert_string_equal(got, want);
	free(want);
}

static enum status
parse_ticket(const char *json, struct ticket *t)
{
	return api_parse_ticket(json, strlen(json), t);
}

static void
assert_zero_ticket(const struct ticket *t)
{
	assert_null(t->ticket_no);
	assert_null(t->title);
	assert_null(t->events);
	assert_int_equal(t->n_events, 0);
}

/* A string that is safe to draw: valid UTF-8, no C0 (except \n when
 * allowed), no DEL, no C1, no bidi override/isolate controls. */
static void
assert_drawable(const char *s, int newline_ok)
{
	const unsigned char *p = (const unsigned char *)s;

	assert_non_null(s);
	assert_true(u8_valid(s, strlen(s)));
	for (; *p; p++) {
		if (*p == '\n' && newline_ok)
			continue;
		assert_true(*p >= 0x20 && *p != 0x7f);
		/* C1 controls are U+0080..U+009F: C2 80..C2 9F */
		if (p[0] == 0xC2 && p[1])
			assert_false(p[1] >= 0x80 && p[1] <= 0x9F);
		/* U+202A..U+202E, U+2066..U+2069 */
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2])
			assert_false(p[2] >= 0xAA && p[2] <= 0xAE);
		if (p[0] == 0xE2 && p[1] == 0x81 && p[2])
			assert_false(p[2] >= 0xA6 && p[2] <= 0xA9);
	}
}

/* ---- agent and login ------------------------------------------------ */

static void
test_agent_ok(void **state)
{
	const char *j = "{\"id\":1,\"username\":\"demo-agent\","
			"\"display_name\":\"演示坐席\",\"role\":\"agent\","
			"\"desks\":[\"GENERAL\",\"CARE\"]}";
	struct agent_info a;

	(void)state;
	assert_int_equal(api_parse_agent(j, strlen(j), &a), ST_OK);
	assert_int_equal(a.id, 1);
	assert_string_equal(a.username, "demo-agent");
	assert_string_equal(a.display_name, "演示坐席");
	assert_int_equal(a.role, ROLE_AGENT);
	assert_int_equal(a.n_desks, 2);
	assert_string_equal(a.desks[0], "GENERAL");
	assert_string_equal(a.desks[1], "CARE");
	agent_info_free(&a);
	assert_null(a.username);
}

static void
test_agent_tolerant(void **state)
{
	/* Optional fields missing or null, unknown role, empty desks,
	 * unknown members of any type. */
	const char *j = "{\"id\":999999999999999,\"username\":\"班长01\","
			"\"display_name\":null,\"role\":\"astronaut\","
			"\"desks\":[],\"extra\":{\"x\":[1,2]}}";
	struct agent_info a;

	(void)state;
	assert_int_equal(api_parse_agent(j, strlen(j), &a), ST_OK);
	assert_true(a.id == 999999999999999L);
	assert_string_equal(a.username, "班长01");
	assert_string_equal(a.display_name, "");
	assert_int_equal((int)a.role, -1);
	assert_int_equal(a.n_desks, 0);
	agent_info_free(&a);
}

static void
test_agent_bad(void **state)
{
	static const char *const bad[] = {
		"{\"id\":\"1\",\"username\":\"a\"}",    /* number as string */
		"{\"id\":1}",                           /* no username */
		"{\"id\":1,\"username\":\"\"}",         /* empty username */
		"{\"id\":1,\"username\":null}",
		"{\"id\":1,\"username\":7}",
		"{\"username\":\"a\"}",                 /* no id */
		"{\"id\":1.5,\"username\":\"a\"}",
		"{\"id\":-1,\"username\":\"a\"}",
		"{\"id\":1e15,\"username\":\"a\"}",     /* past the id range */
		"{\"id\":1e300,\"username\":\"a\"}",
		"{\"id\":1,\"username\":\"a\",\"desks\":{}}", /* object, not array */
		"{\"id\":1,\"username\":\"a\",\"desks\":[1]}",
		"{\"id\":1,\"username\":\"a\",\"desks\":[\"GENERAL\",null]}",
		"{\"id\":1,\"username\":\"a\",\"role\":1}",
		"[{\"id\":1,\"username\":\"a\"}]",      /* array, not object */
		"\"agent\"",
		"null",
		"",
		"{",
		"{\"id\":1,\"username\":\"a\"} trailing",
	};
	struct agent_info a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&a, 0x5a, sizeof(a));
		if (api_parse_agent(bad[i], strlen(bad[i]), &a) != ST_PARSE)
			fail_msg("accepted: %s", bad[i]);
		assert_null(a.username);
		assert_null(a.display_name);
		assert_null(a.desks);
		assert_int_equal(a.n_desks, 0);
	}
}

static void
test_login_ok(void **state)
{
	const char *j =
		"{\"token\":\"0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef\",\"agent\":{\"id\":42,"
		"\"username\":\"demo-agent\",\"display_name\":\"演示坐席\","
		"\"role\":\"supervisor\",\"desks\":[\"GENERAL\"]}}";
	struct agent_info a;
	char *tok;

	(void)state;
	assert_int_equal(api_parse_login(j, strlen(j), &tok, &a), ST_OK);
	assert_string_equal(tok, "0123456789abcdef0123456789abcdef"
				 "0123456789abcdef0123456789abcdef");
	assert_int_equal(a.id, 42);
	assert_int_equal(a.role, ROLE_SUPERVISOR);
	assert_string_equal(a.display_name, "演示坐席");
	free(tok);
	agent_info_free(&a);
}

static void
test_login_bad(void **state)
{
	static const char *const bad[] = {
		/* a token must never carry header-splitting bytes */
		("{\"token\":\"abc\\r\\nX-Evil: 1\",\"agent\":{\"id\":1,"
		 "\"username\":\"a\"}}"),
		"{\"token\":\"令牌\",\"agent\":{\"id\":1,\"username\":\"a\"}}",
		"{\"token\":\"\",\"agent\":{\"id\":1,\"username\":\"a\"}}",
		"{\"token\":123,\"agent\":{\"id\":1,\"username\":\"a\"}}",
		"{\"agent\":{\"id\":1,\"username\":\"a\"}}",
		"{\"token\":\"abc\"}",
		"{\"token\":\"abc\",\"agent\":[]}",
		"{\"token\":\"abc\",\"agent\":{\"id\":1}}",
	};
	static char sentinel[] = "sentinel";
	struct agent_info a;
	char *tok;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tok = sentinel;
		if (api_parse_login(bad[i], strlen(bad[i]), &tok, &a) !=
		    ST_PARSE)
			fail_msg("accepted: %s", bad[i]);
		assert_null(tok);
		assert_null(a.username);
	}
}

/* ---- tickets -------------------------------------------------------- */

static const char full_ticket[] =
	"{\"ticket_no\":\"DG20261128000123\",\"channel\":\"PHONE\","
	"\"desk\":\"GENERAL\",\"appeal_type\":\"COMPLAINT\","
	"\"title\":\"楼下烧烤店深夜噪音扰民\","
	"\"content\":\"来电人反映：东城街道某烧烤店\\n每晚营业至凌晨两点。\","
	"\"category_code\":\"050101\",\"category_name\":\"噪声污染\","
	"\"urgency\":\"URGENT\",\"town_code\":\"441900003\","
	"\"town_name\":\"东城街道\",\"community\":\"\","
	"\"address\":\"东城街道东纵路88号\",\"caller_phone\":\"13800138000\","
	"\"contact_phone\":\"\",\"caller_name\":\"张先生\",\"gender\":\"\","
	"\"caller_kind\":\"PERSON\",\"company_name\":\"\",\"credit_code\":\"\","
	"\"id_number\":\"4419**********123X\",\"is_anonymous\":false,"
	"\"is_confidential\":false,\"needs_reply\":true,\"tags\":[],"
	"\"handling_mode\":\"TRANSFER\",\"direct_reply\":\"\","
	"\"lead_unit_code\":\"DGHB\",\"lead_unit_name\":\"市生态环境局\","
	"\"assist_units\":[{\"code\":\"DCJD\",\"name\":\"东城街道办\"}],"
	"\"dispatch_note\":\"\",\"deadline\":\"2026-12-12T09:00:00Z\","
	"\"state\":\"HANDLING\",\"warning\":\"green\",\"supervised\":false,"
	"\"overdue\":false,\"rehandle_count\":0,\"return_count\":0,"
	"\"extension_count\":0,\"call_id\":null,\"created_by\":\"demo-agent\","
	"\"created_at\":\"2026-11-28T20:18:50Z\","
	"\"updated_at\":\"2026-11-29T01:02:03Z\",\"result\":\"\","
	"\"satisfaction\":null,\"solved\":null,\"version\":3,"
	"\"extra\":{\"noise_db\":\"85\"},"
	"\"events\":["
	"{\"id\":7,\"at\":\"2026-11-28T20:18:50Z\",\"actor\":\"demo-agent\","
	"\"action\":\"create\",\"from_state\":null,\"to_state\":\"DRAFT\","
	"\"comment\":\"\"},"
	"{\"id\":999999999999999,\"at\":\"2026-11-28T20:30:00Z\","
	"\"actor\":\"demo-dispatcher\",\"action\":\"dispatch\","
	"\"from_state\":\"PENDING_DISPATCH\",\"to_state\":\"PENDING_SIGN\","
	"\"comment\":\"请尽快核查\\n第二行\"}]}";

static void
test_ticket_full(void **state)
{
	struct ticket t;

	(void)state;
	assert_int_equal(parse_ticket(full_ticket, &t), ST_OK);
	assert_string_equal(t.ticket_no, "DG20261128000123");
	assert_string_equal(t.title, "楼下烧烤店深夜噪音扰民");
	assert_string_equal(t.content,
			    "来电人反映：东城街道某烧烤店\n每晚营业至凌晨两点。");
	assert_int_equal(t.state, TK_HANDLING);
	assert_int_equal(t.appeal_type, AP_COMPLAINT);
	assert_int_equal(t.channel, CH_PHONE);
	assert_int_equal(t.urgency, URG_URGENT);
	assert_int_equal(t.handling_mode, MODE_TRANSFER);
	assert_string_equal(t.category_code, "050101");
	assert_string_equal(t.category_name, "噪声污染");
	assert_string_equal(t.town_code, "441900003");
	assert_string_equal(t.town_name, "东城街道");
	assert_string_equal(t.address, "东城街道东纵路88号");
	assert_string_equal(t.caller_phone, "13800138000");
	assert_string_equal(t.caller_name, "张先生");
	assert_string_equal(t.lead_unit_code, "DGHB");
	assert_string_equal(t.lead_unit_name, "市生态环境局");
	assert_string_equal(t.direct_reply, "");
	assert_string_equal(t.deadline, "2026-12-12T09:00:00Z");
	assert_string_equal(t.created_at, "2026-11-28T20:18:50Z");
	assert_string_equal(t.updated_at, "2026-11-29T01:02:03Z");
	assert_string_equal(t.created_by, "demo-agent");
	assert_int_equal(t.version, 3);
	assert_int_equal(t.n_events, 2);
	assert_int_equal(t.events[0].id, 7);
	assert_string_equal(t.events[0].action, "create");
	assert_string_equal(t.events[0].from_state, "");
	assert_string_equal(t.events[0].to_state, "DRAFT");
	assert_string_equal(t.events[0].comment, "");
	assert_true(t.events[1].id == 999999999999999L);
	assert_string_equal(t.events[1].actor, "demo-dispatcher");
	assert_string_equal(t.events[1].from_state, "PENDING_DISPATCH");
	/* a comment is one-line text: the newline becomes a space */
	assert_string_equal(t.events[1].comment, "请尽快核查 第二行");
	ticket_free(&t);
	assert_null(t.ticket_no);
	assert_null(t.events);
}

static void
test_ticket_minimal_and_nulls(void **state)
{
	/* Only the required fields; every nullable field null. */
	const char *j = "{\"ticket_no\":\"DG20261128000001\",\"state\":\"DRAFT\","
			"\"title\":null,\"handling_mode\":null,"
			"\"deadline\":null,\"channel\":null,\"events\":null,"
			"\"version\":null,\"warning\":null}";
	struct ticket t;

	(void)state;
	assert_int_equal(parse_ticket(j, &t), ST_OK);
	assert_string_equal(t.ticket_no, "DG20261128000001");
	assert_int_equal(t.state, TK_DRAFT);
	assert_string_equal(t.title, "");
	assert_string_equal(t.content, "");
	assert_string_equal(t.deadline, "");
	assert_string_equal(t.address, "");
	assert_string_equal(t.created_by, "");
	assert_int_equal(t.handling_mode, -1);
	assert_int_equal(t.channel, -1);
	assert_int_equal(t.appeal_type, -1);
	assert_int_equal(t.urgency, -1);
	assert_int_equal(t.version, 0);
	assert_int_equal(t.n_events, 0);
	assert_null(t.events);
	ticket_free(&t);
}

static void
test_ticket_unknown_enums(void **state)
{
	/* A newer server's values: the ticket is kept, enums are -1. */
	const char *j = "{\"ticket_no\":\"DG20261128000002\","
			"\"state\":\"ON_THE_MOON\",\"channel\":\"TELEGRAPH\","
			"\"appeal_type\":\"complaint\",\"urgency\":\"\","
			"\"handling_mode\":\"TELEPORT\",\"title\":\"新状态\"}";
	struct ticket t;

	(void)state;
	assert_int_equal(parse_ticket(j, &t), ST_OK);
	assert_int_equal((int)t.state, -1);
	assert_true((unsigned)t.state >= TK_STATE__COUNT);
	assert_int_equal(t.channel, -1);
	assert_int_equal(t.appeal_type, -1); /* wire names are exact */
	assert_int_equal(t.urgency, -1);
	assert_int_equal(t.handling_mode, -1);
	assert_string_equal(t.title, "新状态");
	ticket_free(&t);
}

static void
test_ticket_bad(void **state)
{
	static const char *const bad[] = {
		"{\"state\":\"DRAFT\"}",                          /* no ticket_no */
		"{\"ticket_no\":null,\"state\":\"DRAFT\"}",
		"{\"ticket_no\":\"\",\"state\":\"DRAFT\"}",
		"{\"ticket_no\":123,\"state\":\"DRAFT\"}",
		"{\"ticket_no\":\"DG1\"}",                        /* no state */
		"{\"ticket_no\":\"DG1\",\"state\":null}",
		"{\"ticket_no\":\"DG1\",\"state\":8}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"version\":\"3\"}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"version\":-3}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"version\":2.5}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"title\":[\"a\"]}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"title\":{}}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"title\":true}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"channel\":1}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"events\":{}}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"events\":[1]}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"events\":[{}]}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"events\":"
		"[{\"id\":1,\"action\":\"create\"},{\"id\":\"2\"}]}",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",\"events\":"
		"[{\"id\":1,\"comment\":5}]}",
		"[]",
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\"",      /* truncated */
		"{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\",}",    /* trailing , */
		"{\"ticket_no\":\"\\ud800\",\"state\":\"DRAFT\"}", /* surrogate */
		"<html><body>502 Bad Gateway</body></html>",
	};
	struct ticket t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&t, 0x5a, sizeof(t));
		if (parse_ticket(bad[i], &t) != ST_PARSE)
			fail_msg("accepted: %s", bad[i]);
		assert_zero_ticket(&t);
	}
}

static void
test_ticket_hostile_strings(void **state)
{
	/* Terminal escapes, controls, bidi override and broken UTF-8 in
	 * every kind of field. */
	const char *j =
		"{\"ticket_no\":\"DG2026\\u001b[2J\",\"state\":\"HANDLING\","
		"\"title\":\"a\x1b[2Jb\\u001b]0;pwn\\u0007c\\r\\bd\\te\","
		"\"content\":\"第一行\\n\\u202e反向\\u0085\\u200b\\n\xff\xfe\","
		"\"address\":\"\xe4\xb8路\\n\\u2066x\\u2069\","
		"\"direct_reply\":\"回复\\r\\n完\",\"caller_name\":\"\\u007f\","
		"\"events\":[{\"id\":1,\"comment\":\"\\u001b[31m红\\u001b[0m\","
		"\"actor\":\"\\u202eevil\"}]}";
	struct ticket t;

	(void)state;
	assert_int_equal(parse_ticket(j, &t), ST_OK);
	assert_drawable(t.ticket_no, 0);
	assert_drawable(t.title, 0);
	assert_drawable(t.content, 1);
	assert_drawable(t.address, 0);
	assert_drawable(t.direct_reply, 1);
	assert_drawable(t.caller_name, 0);
	assert_drawable(t.events[0].comment, 0);
	assert_drawable(t.events[0].actor, 0);
	/* The documented replacements (core/utf8.h): ESC, BEL, lone CR, BS
	 * → the replacement; TAB → space; a newline is kept only in
	 * multi-line fields. */
	assert_str_repl(t.ticket_no, "DG2026#[2J");
	assert_str_repl(t.title, "a#[2Jb#]0;pwn#c##d e");
	assert_non_null(strchr(t.content, '\n'));
	assert_null(strstr(t.content, "\xe2\x80\xae")); /* U+202E */
	assert_null(strstr(t.content, "\xe2\x80\x8b")); /* U+200B */
	assert_null(strchr(t.address, '\n'));
	assert_str_repl(t.caller_name, "#");
	assert_str_repl(t.events[0].actor, "#evil");
	/* Each string went through the sanitizer with the right flags. */
	{
		static const struct {
			size_t off;
			const char *raw;
			int multi;
		} f[] = {
			{ offsetof(struct ticket, content),
			  "第一行\n\xe2\x80\xae反向\xc2\x85\xe2\x80\x8b\n"
			  "\xff\xfe", 1 },
			{ offsetof(struct ticket, direct_reply),
			  "回复\r\n完", 1 },
			{ offsetof(struct ticket, address),
			  "\xe4\xb8路\n\xe2\x81\xa6x\xe2\x81\xa9", 0 },
		};
		size_t i;

		for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			const char *got =
				*(char **)((char *)&t + f[i].off);
			char *want = f[i].multi ? sanm(f[i].raw)
						: san1(f[i].raw);

			assert_string_equal(got, want);
			free(want);
		}
	}
	ticket_free(&t);
}

static void
test_ticket_ambiguous_folded(void **state)
{
	/* “Quotes” and … are East Asian ambiguous: folded like the
	 * sanitizer folds them, in one-line and multi-line fields alike. */
	const char *j = "{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\","
			"\"title\":\"“噪音”投诉…\","
			"\"content\":\"‘一’\\n②—③\"}";
	const char *title = "“噪音”投诉…", *content = "‘一’\n②—③";
	char *w1 = san1(title), *w2 = sanm(content);
	struct ticket t;

	(void)state;
	assert_int_equal(parse_ticket(j, &t), ST_OK);
	assert_string_equal(t.title, w1);
	assert_string_equal(t.content, w2);
	ticket_free(&t);
	free(w1);
	free(w2);
}

static void
test_ticket_big_title(void **state)
{
	/* A 100 KB title of Chinese text and escapes comes through whole
	 * and sanitized. */
	struct buf b;
	struct ticket t;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "{\"ticket_no\":\"DG1\",\"state\":"
				      "\"DRAFT\",\"title\":\""),
			 ST_OK);
	for (i = 0; i < 10000; i++) /* 10 bytes each: 100 000 bytes */
		assert_int_equal(buf_puts(&b, "噪音\\u001b"), ST_OK);
	assert_int_equal(buf_puts(&b, "\"}"), ST_OK);
	assert_int_equal(api_parse_ticket(b.data, b.len, &t), ST_OK);
	/* 噪音 (6 bytes) + the replacement per repetition */
	assert_int_equal(strlen(t.title), 10000 * (6 + strlen(repl)));
	assert_drawable(t.title, 0);
	assert_int_equal(u8_count(t.title), 30000);
	assert_null(strchr(t.title, 0x1b));
	ticket_free(&t);
	buf_free(&b);
}

static void
test_nul_and_depth(void **state)
{
	struct ticket t;
	struct buf b;
	size_t i;
	/* \u0000 ends the string in cJSON; nothing past it leaks. */
	const char *j = "{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\","
			"\"title\":\"前\\u0000后\"}";

	(void)state;
	assert_int_equal(parse_ticket(j, &t), ST_OK);
	assert_string_equal(t.title, "前");
	ticket_free(&t);

	/* A reply nested far too deep fails cleanly. */
	buf_init(&b, 0);
	for (i = 0; i < 5000; i++)
		assert_int_equal(buf_putc(&b, '['), ST_OK);
	for (i = 0; i < 5000; i++)
		assert_int_equal(buf_putc(&b, ']'), ST_OK);
	assert_int_equal(api_parse_ticket(b.data, b.len, &t), ST_PARSE);
	buf_free(&b);

	/* Embedded NUL bytes past the value and a length that stops early. */
	assert_int_equal(api_parse_ticket("{}", 0, &t), ST_PARSE);
	assert_int_equal(api_parse_ticket(NULL, 0, &t), ST_PARSE);
	assert_int_equal(api_parse_ticket(j, 10, &t), ST_PARSE);
}

/* ---- pages ---------------------------------------------------------- */

static void
test_page_ok(void **state)
{
	const char *j =
		"{\"items\":["
		"{\"ticket_no\":\"DG20261128000123\",\"state\":\"HANDLING\","
		"\"title\":\"路灯不亮\",\"created_at\":\"2026-11-28T20:18:50Z\","
		"\"version\":999999999999999},"
		"{\"ticket_no\":\"DG20261127000009\",\"state\":\"ARCHIVED\","
		"\"title\":\"咨询社保\",\"handling_mode\":\"DIRECT\"}],"
		"\"next_cursor\":\"eyJ0IjoiMjAyNi0xMS0yNyJ9\"}";
	struct ticket_page p;

	(void)state;
	assert_int_equal(api_parse_page(j, strlen(j), &p), ST_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[0].ticket_no, "DG20261128000123");
	assert_string_equal(p.items[0].title, "路灯不亮");
	assert_true(p.items[0].version == 999999999999999L);
	assert_int_equal(p.items[0].n_events, 0);
	assert_int_equal(p.items[1].state, TK_ARCHIVED);
	assert_int_equal(p.items[1].handling_mode, MODE_DIRECT);
	assert_string_equal(p.items[1].title, "咨询社保");
	assert_string_equal(p.next_cursor, "eyJ0IjoiMjAyNi0xMS0yNyJ9");
	ticket_page_free(&p);
	assert_null(p.items);
	assert_int_equal(p.n, 0);
}

static void
test_page_last_and_empty(void **state)
{
	static const char *const last[] = {
		"{\"items\":[],\"next_cursor\":null}",
		"{\"items\":[]}",
		"{\"next_cursor\":null,\"items\":[]}",
	};
	struct ticket_page p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(last) / sizeof(last[0]); i++) {
		assert_int_equal(api_parse_page(last[i], strlen(last[i]), &p),
				 ST_OK);
		assert_int_equal(p.n, 0);
		assert_non_null(p.next_cursor);
		assert_string_equal(p.next_cursor, "");
		ticket_page_free(&p);
	}
}

static void
test_page_bad(void **state)
{
	static const char *const bad[] = {
		"{\"next_cursor\":null}",
		"{\"items\":{}}",                /* object as array */
		"{\"items\":null}",
		"{\"items\":\"[]\"}",
		"{\"items\":[],\"next_cursor\":5}",
		"{\"items\":[{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\"},"
		"{\"state\":\"DRAFT\"}]}",       /* 2nd item lacks ticket_no */
		"{\"items\":[{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\"},[]]}",
		"{\"items\":[{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\","
		"\"version\":\"1\"}]}",
		"[{\"ticket_no\":\"DG1\",\"state\":\"DRAFT\"}]",
		"{\"items\":[]}{}",
	};
	struct ticket_page p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&p, 0x5a, sizeof(p));
		if (api_parse_page(bad[i], strlen(bad[i]), &p) != ST_PARSE)
			fail_msg("accepted: %s", bad[i]);
		assert_null(p.items);
		assert_int_equal(p.n, 0);
		assert_null(p.next_cursor);
	}
}

/* ---- error bodies and status mapping -------------------------------- */

static void
test_error_bodies(void **state)
{
	static const struct {
		const char *json;
		enum status st;
		const char *code, *message;
	} cases[] = {
		{ "{\"error\":{\"code\":\"bad_credentials\","
		  "\"message\":\"用户名或密码错误\"}}",
		  ST_OK, "bad_credentials", "用户名或密码错误" },
		{ "{\"error\":{\"code\":\"invalid_field\",\"message\":"
		  "\"标题不能为空\",\"field\":\"title\"}}",
		  ST_OK, "invalid_field", "标题不能为空" },
		{ "{\"error\":{\"code\":\"internal\"}}", ST_OK, "internal", "" },
		{ "{\"error\":{\"code\":\"x\",\"message\":null}}", ST_OK, "x",
		  "" },
		{ "{\"error\":{\"code\":\"x\\u001b[2J\",\"message\":"
		  "\"a\\nb\\u202ec\"}}",
		  ST_OK, "x#[2J", "a b#c" },
		{ "{\"error\":{\"message\":\"no code\"}}", ST_PARSE, NULL, NULL },
		{ "{\"error\":{\"code\":7}}", ST_PARSE, NULL, NULL },
		{ "{\"error\":{\"code\":\"x\",\"message\":[]}}", ST_PARSE, NULL,
		  NULL },
		{ "{\"error\":\"bad\"}", ST_PARSE, NULL, NULL },
		{ "{\"message\":\"bad\"}", ST_PARSE, NULL, NULL },
		{ "<html><h1>500 Internal Server Error</h1></html>", ST_PARSE,
		  NULL, NULL },
		{ "", ST_PARSE, NULL, NULL },
	};
	char *code, *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum status st = api_parse_error(cases[i].json,
						 strlen(cases[i].json), &code,
						 &msg, NULL);

		if (st != cases[i].st)
			fail_msg("case %zu: status %d", i, (int)st);
		if (cases[i].code) {
			assert_str_repl(code, cases[i].code);
			assert_str_repl(msg, cases[i].message);
		} else {
			assert_null(code);
			assert_null(msg);
		}
		free(code);
		free(msg);
	}
}

/* The input field an error names (issue #4): err_field of the result. */
static void
test_error_field(void **state)
{
	static const struct {
		const char *json;
		enum status st;
		const char *field; /* NULL: none */
	} cases[] = {
		{ "{\"error\":{\"code\":\"invalid_field\",\"message\":"
		  "\"标题最多 100 个字\",\"field\":\"title\"}}",
		  ST_OK, "title" },
		{ "{\"error\":{\"code\":\"not_claimed\",\"message\":"
		  "\"认领已失效\",\"field\":\"intake_item_id\"}}",
		  ST_OK, "intake_item_id" },
		/* no field, null, empty: none */
		{ "{\"error\":{\"code\":\"conflict\",\"message\":"
		  "\"工单已被他人修改\"}}",
		  ST_OK, NULL },
		{ "{\"error\":{\"code\":\"x\",\"message\":\"无\","
		  "\"field\":null}}",
		  ST_OK, NULL },
		{ "{\"error\":{\"code\":\"x\",\"message\":\"空\","
		  "\"field\":\"\"}}",
		  ST_OK, NULL },
		/* sanitized to one line */
		{ "{\"error\":{\"code\":\"x\",\"message\":\"m\","
		  "\"field\":\"ti\\ntle\\u001b\"}}",
		  ST_OK, "ti tle#" },
		/* a field that is not a string fails the body */
		{ "{\"error\":{\"code\":\"x\",\"message\":\"m\","
		  "\"field\":3}}",
		  ST_PARSE, NULL },
	};
	char *code, *msg, *field;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum status st;

		field = (char *)(uintptr_t)"untouched";
		st = api_parse_error(cases[i].json, strlen(cases[i].json),
				     &code, &msg, &field);
		if (st != cases[i].st)
			fail_msg("case %zu: status %d", i, (int)st);
		if (cases[i].field)
			assert_str_repl(field, cases[i].field);
		else
			assert_null(field);
		if (st == ST_OK) {
			assert_non_null(code);
			assert_non_null(msg);
		}
		free(code);
		free(msg);
		free(field);
	}
}

static void
test_status_from(void **state)
{
	static const struct {
		long http;
		int curl;
		enum status st;
	} cases[] = {
		{ 200, 0, ST_OK },          { 201, 0, ST_OK },
		{ 204, 0, ST_OK },          { 400, 0, ST_INVALID },
		{ 401, 0, ST_UNAUTHORIZED }, { 403, 0, ST_FORBIDDEN },
		{ 404, 0, ST_NOT_FOUND },   { 405, 0, ST_INVALID },
		{ 409, 0, ST_CONFLICT },    { 412, 0, ST_CONFLICT },
		{ 413, 0, ST_INVALID },     { 428, 0, ST_INVALID },
		{ 429, 0, ST_INVALID },     { 500, 0, ST_SERVER },
		{ 502, 0, ST_SERVER },      { 503, 0, ST_SERVER },
		{ 0, 7, ST_NETWORK },       /* COULDNT_CONNECT */
		{ 0, 6, ST_NETWORK },       /* COULDNT_RESOLVE_HOST */
		{ 0, 5, ST_NETWORK },       /* COULDNT_RESOLVE_PROXY */
		{ 0, 28, ST_TIMEOUT },      /* OPERATION_TIMEDOUT */
		{ 200, 28, ST_TIMEOUT },    /* timed out mid-body */
		{ 0, 52, ST_NETWORK },      /* GOT_NOTHING */
		{ 0, 56, ST_NETWORK },      /* RECV_ERROR */
		{ 0, 55, ST_NETWORK },      /* SEND_ERROR */
		{ 200, 18, ST_NETWORK },    /* PARTIAL_FILE */
		{ 0, 0, ST_NETWORK },       /* no response at all */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (api_status_from(cases[i].http, cases[i].curl) !=
		    cases[i].st)
			fail_msg("http %ld curl %d: got %d", cases[i].http,
				 cases[i].curl,
				 (int)api_status_from(cases[i].http,
						      cases[i].curl));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agent_ok),
		cmocka_unit_test(test_agent_tolerant),
		cmocka_unit_test(test_agent_bad),
		cmocka_unit_test(test_login_ok),
		cmocka_unit_test(test_login_bad),
		cmocka_unit_test(test_ticket_full),
		cmocka_unit_test(test_ticket_minimal_and_nulls),
		cmocka_unit_test(test_ticket_unknown_enums),
		cmocka_unit_test(test_ticket_bad),
		cmocka_unit_test(test_ticket_hostile_strings),
		cmocka_unit_test(test_ticket_ambiguous_folded),
		cmocka_unit_test(test_ticket_big_title),
		cmocka_unit_test(test_nul_and_depth),
		cmocka_unit_test(test_page_ok),
		cmocka_unit_test(test_page_last_and_empty),
		cmocka_unit_test(test_page_bad),
		cmocka_unit_test(test_error_bodies),
		cmocka_unit_test(test_error_field),
		cmocka_unit_test(test_status_from),
	};

	return cmocka_run_group_tests(tests, setup_repl, NULL);
}
