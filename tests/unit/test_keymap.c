/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_keymap.c - keymaps/: key names, sequences, bindings and lookup with
 * fallback, the registry, options, the rc commands (messages with exact
 * "file:line:" prefixes), source (relative paths, ~/, nesting limit) and
 * the compiled-in defaults, including the rule that no key that types
 * text is bound in global or login.
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
#include <sys/stat.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "core/rc.h"
#include "keymaps/keymap.h"

/* ---- helpers ------------------------------------------------------------ */

static struct kkey
K(uint32_t code, unsigned mods) {
	struct kkey k = {code, mods};

	return k;
}

static struct kkey
parsed(const char *name)
{
	struct kkey k = {0, 0};

	assert_int_equal(kkey_parse(name, &k), ST_OK);
	return k;
}

static void
assert_name(struct kkey k, const char *want)
{
	char out[64];

	assert_int_equal(kkey_name(k, out, sizeof out), ST_OK);
	assert_string_equal(out, want);
}

/* Collects error messages, one per line. */
struct msgs {
	struct buf b;
	int n;
};

static void
collect_msg(const char *msg, void *ud)
{
	struct msgs *m = ud;

	assert_int_equal(buf_printf(&m->b, "%s\n", msg), ST_OK);
	m->n++;
}

static void
msgs_init(struct msgs *m)
{
	buf_init(&m->b, 0);
	m->n = 0;
}

static const char *
msgs_text(struct msgs *m)
{
	return m->b.data ? m->b.data : "";
}

/* Runs one line with where and expects status and exactly one message
 * (or none for ST_OK) equal to want. */
static void
exec_expect(struct config *cfg, const char *line, const char *where,
            enum status st, const char *want)
{
	struct msgs m;
	char *full;

	msgs_init(&m);
	assert_int_equal(config_exec_line(cfg, line, where, collect_msg, &m),
	                 st);
	if (want) {
		full = xasprintf("%s\n", want);
		assert_string_equal(msgs_text(&m), full);
		free(full);
		assert_int_equal(m.n, 1);
	} else {
		assert_string_equal(msgs_text(&m), "");
	}
	buf_free(&m.b);
}

static const char *
lookup(const struct keymap *km, enum kctx ctx, const char *keys)
{
	struct kkey seq[KMAP_MAX_SEQ];
	const char *cmd = NULL;
	size_t n;

	assert_int_equal(kkey_parse_seq(keys, seq, &n), ST_OK);
	if (kmap_lookup(km, ctx, seq, n, &cmd) != KMAP_FOUND)
		return NULL;
	return cmd;
}

static enum kmap_match
match(const struct keymap *km, enum kctx ctx, const char *keys)
{
	struct kkey seq[KMAP_MAX_SEQ];
	const char *cmd;
	size_t n;

	assert_int_equal(kkey_parse_seq(keys, seq, &n), ST_OK);
	return kmap_lookup(km, ctx, seq, n, &cmd);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* ---- key names ---------------------------------------------------------- */

static void
test_key_round_trip(void **state)
{
	static const char *const names[] = {
	    "a",      "Z",       "0",     "<",       ":",     "?",
	    "/",      "~",       "\"",    "\\",      "#",     "工",
	    "单",     "é",       "Ａ",    "C-a",     "C-b",   "C-h",
	    "C-z",    "M-x",     "M-X",   "M-Enter", "M-工",  "M-C-x",
	    "M-F5",   "M-Space", "F1",    "F5",      "F10",   "F12",
	    "Enter",  "Tab",     "S-Tab", "Esc",     "Space", "Backspace",
	    "Delete", "Insert",  "Home",  "End",     "PgUp",  "PgDn",
	    "Up",     "Down",    "Left",  "Right",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct kkey k;
		char out[64];

		assert_int_equal(kkey_parse(names[i], &k), ST_OK);
		assert_int_equal(kkey_name(k, out, sizeof out), ST_OK);
		assert_string_equal(out, names[i]);
	}
}

static void
test_key_codes(void **state)
{
	struct kkey k;

	(void)state;
	k = parsed("C-a");
	assert_int_equal(k.code, 0x01);
	assert_int_equal(k.mods, 0);
	assert_int_equal(parsed("C-z").code, 0x1a);
	assert_int_equal(parsed("工").code, 0x5DE5);
	assert_int_equal(parsed("F5").code, KK_F1 + 4);
	assert_int_equal(parsed("F12").code, KK_F12);
	k = parsed("M-x");
	assert_int_equal(k.code, 'x');
	assert_int_equal(k.mods, KM_META);
	k = parsed("M-Enter");
	assert_int_equal(k.code, KK_ENTER);
	assert_int_equal(k.mods, KM_META);
	assert_int_equal(parsed("Enter").code, KK_ENTER);
	assert_int_equal(parsed("S-Tab").code, KK_BTAB);
	assert_int_equal(parsed("Space").code, KK_SPACE);
	assert_int_equal(parsed("<").code, '<');
	assert_int_equal(parsed("F").code, 'F'); /* a letter, not F1 */
}

static void
test_key_aliases_and_case(void **state)
{
	static const char *const pairs[][2] = {
	    {"return", "Enter"},
	    {"RETURN", "Enter"},
	    {"enter", "Enter"},
	    {"bs", "Backspace"},
	    {"BACKSPACE", "Backspace"},
	    {"del", "Delete"},
	    {"ins", "Insert"},
	    {"pageup", "PgUp"},
	    {"PageDown", "PgDn"},
	    {"pgdn", "PgDn"},
	    {"btab", "S-Tab"},
	    {"s-tab", "S-Tab"},
	    {"escape", "Esc"},
	    {"ESC", "Esc"},
	    {"space", "Space"},
	    {"c-A", "C-a"},
	    {"C-Z", "C-z"},
	    {"f5", "F5"},
	    {"m-x", "M-x"},
	    {"m-enter", "M-Enter"},
	    {"C-i", "Tab"},
	    {"C-m", "Enter"},
	    {"C-j", "Enter"},
	    {"up", "Up"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		assert_name(parsed(pairs[i][0]), pairs[i][1]);
	/* single characters keep their case */
	assert_int_not_equal(parsed("g").code, parsed("G").code);
	assert_int_not_equal(parsed("M-x").code, parsed("M-X").code);
}

static void
test_key_errors(void **state)
{
	static const char *const bad[] =
	    {
	        "C-",     "F13",      "M-",   "",      "ab",        "F0",
	        "F01",    " ",        "C-1",  "M-M-x", "工作",      "\x01",
	        "Ctrl-a", "\xff",     "C-工", "F-1",   "Shift-Tab", "M-\xff",
	        "\t",     "\xcc\x81", /* a lone combining mark */
	    };
	struct kkey k = {7, 0};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		k.code = 7;
		assert_int_equal(kkey_parse(bad[i], &k), ST_BAD_KEY);
		assert_int_equal(k.code, 7); /* untouched on error */
	}
	assert_int_equal(kkey_parse(NULL, &k), ST_BAD_KEY);
}

static void
test_key_name_errors_and_norm(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(kkey_name(K(KK_RESIZE, 0), out, sizeof out),
	                 ST_BAD_KEY);
	assert_int_equal(kkey_name(K(0, 0), out, sizeof out), ST_BAD_KEY);
	assert_int_equal(kkey_name(K(0x1c, 0), out, sizeof out), ST_BAD_KEY);
	assert_int_equal(kkey_name(K(0x85, 0), out, sizeof out), ST_BAD_KEY);
	assert_int_equal(kkey_name(K('a', 2), out, sizeof out), ST_BAD_KEY);
	assert_int_equal(kkey_name(K(KK__END, 0), out, sizeof out), ST_BAD_KEY);
	assert_int_equal(kkey_name(K(KK_BACKSPACE, 0), out, 4), ST_TOO_LONG);
	assert_string_equal(out, "");

	/* what terminals send, named like the keys */
	assert_name(K('\r', 0), "Enter");
	assert_name(K('\n', 0), "Enter");
	assert_name(K('\t', 0), "Tab");
	assert_name(K(0x1b, 0), "Esc");
	assert_name(K(0x7f, 0), "Backspace");
	assert_name(K(' ', 0), "Space");
	assert_name(K('\r', KM_META), "M-Enter");
	assert_name(K(0x08, 0), "C-h");
	assert_int_equal(kkey_norm(K('\r', 0)).code, KK_ENTER);
	assert_int_equal(kkey_norm(K('q', KM_META)).code, 'q');
	assert_int_equal(kkey_norm(K('q', KM_META)).mods, KM_META);
}

static void
test_key_is_text(void **state)
{
	(void)state;
	assert_true(kkey_is_text(parsed("a")));
	assert_true(kkey_is_text(parsed("工")));
	assert_true(kkey_is_text(parsed("?")));
	assert_true(kkey_is_text(parsed("Space")));
	assert_true(kkey_is_text(K(' ', 0)));
	assert_false(kkey_is_text(parsed("M-a")));
	assert_false(kkey_is_text(parsed("C-a")));
	assert_false(kkey_is_text(parsed("F1")));
	assert_false(kkey_is_text(parsed("Enter")));
	assert_false(kkey_is_text(parsed("Up")));
	assert_false(kkey_is_text(parsed("Home")));
	assert_false(kkey_is_text(K(0x7f, 0)));
}

static void
test_key_sequences(void **state)
{
	struct kkey seq[KMAP_MAX_SEQ];
	char out[64];
	size_t n = 99;

	(void)state;
	assert_int_equal(kkey_parse_seq("g t", seq, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(seq[0].code, 'g');
	assert_int_equal(seq[1].code, 't');
	assert_int_equal(kkey_parse_seq("  C-x   工  ", seq, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(seq[0].code, 0x18);
	assert_int_equal(seq[1].code, 0x5DE5);
	assert_int_equal(kkey_seq_name(seq, n, out, sizeof out), ST_OK);
	assert_string_equal(out, "C-x 工");
	assert_int_equal(kkey_parse_seq("a b c d", seq, &n), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(kkey_parse_seq("M-Backspace M-Backspace "
	                                "M-Backspace M-Backspace",
	                                seq, &n),
	                 ST_OK);
	assert_int_equal(kkey_seq_name(seq, n, out, sizeof out), ST_OK);
	assert_string_equal(out, "M-Backspace M-Backspace M-Backspace "
	                         "M-Backspace");
	assert_int_equal(kkey_seq_name(seq, n, out, 20), ST_TOO_LONG);

	assert_int_equal(kkey_parse_seq("a b c d e", seq, &n), ST_BAD_KEY);
	assert_int_equal(n, 0);
	assert_int_equal(kkey_parse_seq("", seq, &n), ST_BAD_KEY);
	assert_int_equal(kkey_parse_seq("   ", seq, &n), ST_BAD_KEY);
	assert_int_equal(kkey_parse_seq("g F13", seq, &n), ST_BAD_KEY);
	assert_int_equal(kkey_seq_name(seq, 0, out, sizeof out), ST_BAD_KEY);
}

/* ---- registry ----------------------------------------------------------- */

static void
test_registry(void **state)
{
	const struct action_info *ai;
	enum kctx c;
	int a;

	(void)state;
	assert_null(action_info(ACT_NONE));
	assert_null(action_info(ACT__COUNT));
	for (a = ACT_NONE + 1; a < ACT__COUNT; a++) {
		ai = action_info((enum action)a);
		assert_non_null(ai);
		assert_int_equal(ai->id, a);
		assert_int_equal(action_lookup(ai->name), a);
		assert_true(strlen(ai->help_zh) > 0);
		assert_true(strlen(ai->help_en) > 0);
		assert_non_null(kctx_name(ai->ctx));
	}
	assert_int_equal(action_lookup("none"), ACT_NONE);
	assert_int_equal(action_lookup("Quit"), ACT_NONE);
	assert_int_equal(action_lookup(""), ACT_NONE);
	assert_string_equal(action_info(ACT_PROMPT)->args, "[TEXT]");

	i18n_set(LANG_ZH);
	assert_string_equal(action_help(ACT_QUIT), "退出程序");
	i18n_set(LANG_EN);
	assert_string_equal(action_help(ACT_QUIT), "Quit hotline");
	i18n_set(LANG_ZH);

	assert_int_equal(kctx_parse("detail", &c), 0);
	assert_int_equal(c, KCTX_DETAIL);
	assert_string_equal(kctx_name(KCTX_LOGIN), "login");
	assert_int_equal(kctx_parse("详情", &c), -1);
	assert_int_equal(kctx_parse("Global", &c), -1);
	assert_null(kctx_name(KCTX__COUNT));

	assert_int_equal(action_of_command("search 投诉 噪音"), ACT_SEARCH);
	assert_int_equal(action_of_command("  prompt \"search \""), ACT_PROMPT);
	assert_int_equal(action_of_command(""), ACT_NONE);
	assert_int_equal(action_of_command("# quit"), ACT_NONE);
	assert_int_equal(action_of_command("\"quit"), ACT_NONE);
}

/* ---- keymap ------------------------------------------------------------- */

static void
test_bind_lookup_fallback(void **state)
{
	struct keymap *km = kmap_new();

	(void)state;
	assert_int_equal(kmap_bind(km, "global", "C-q", "quit"), ST_OK);
	assert_int_equal(kmap_bind(km, "list", "s", "search 投诉 噪音"), ST_OK);
	assert_string_equal(lookup(km, KCTX_LIST, "C-q"), "quit");
	assert_string_equal(lookup(km, KCTX_DETAIL, "C-q"), "quit");
	assert_string_equal(lookup(km, KCTX_LIST, "s"), "search 投诉 噪音");
	assert_null(lookup(km, KCTX_DETAIL, "s"));
	assert_null(lookup(km, KCTX_GLOBAL, "s"));

	/* a context binding shadows global; rebinding replaces */
	assert_int_equal(kmap_bind(km, "list", "C-q", "back"), ST_OK);
	assert_string_equal(lookup(km, KCTX_LIST, "C-q"), "back");
	assert_string_equal(lookup(km, KCTX_HELP, "C-q"), "quit");
	assert_int_equal(kmap_bind(km, "list", "C-q", "logout"), ST_OK);
	assert_string_equal(lookup(km, KCTX_LIST, "C-q"), "logout");

	/* unbinding in a context hides nothing in global */
	assert_int_equal(kmap_unbind(km, "list", "C-q"), ST_OK);
	assert_string_equal(lookup(km, KCTX_LIST, "C-q"), "quit");
	assert_int_equal(kmap_unbind(km, "list", "C-q"), ST_NOT_FOUND);
	assert_int_equal(kmap_unbind(km, "global", "C-q"), ST_OK);
	assert_null(lookup(km, KCTX_LIST, "C-q"));

	/* the terminal's codes find bindings of the named keys */
	assert_int_equal(kmap_bind(km, "list", "Enter", "open"), ST_OK);
	{
		struct kkey cr = {'\r', 0};
		const char *cmd = NULL;

		assert_int_equal(kmap_lookup(km, KCTX_LIST, &cr, 1, &cmd),
		                 KMAP_FOUND);
		assert_string_equal(cmd, "open");
		assert_int_equal(kmap_lookup(km, KCTX_LIST, &cr, 0, &cmd),
		                 KMAP_NONE);
		assert_null(cmd);
		assert_int_equal(kmap_lookup(km, KCTX__COUNT, &cr, 1, &cmd),
		                 KMAP_NONE);
	}
	kmap_free(km);
}

static void
test_prefix(void **state)
{
	struct keymap *km = kmap_new();

	(void)state;
	assert_int_equal(kmap_bind(km, "list", "g t", "ticket 12345"), ST_OK);
	assert_int_equal(kmap_bind(km, "global", "g", "first"), ST_OK);
	assert_int_equal(kmap_bind(km, "list", "C-x 工 单", "search 工单"),
	                 ST_OK);
	assert_int_equal(match(km, KCTX_LIST, "g"), KMAP_PREFIX);
	assert_int_equal(match(km, KCTX_LIST, "g t"), KMAP_FOUND);
	assert_string_equal(lookup(km, KCTX_LIST, "g t"), "ticket 12345");
	assert_int_equal(match(km, KCTX_LIST, "g x"), KMAP_NONE);
	assert_int_equal(match(km, KCTX_LIST, "x"), KMAP_NONE);
	assert_int_equal(match(km, KCTX_LIST, "C-x"), KMAP_PREFIX);
	assert_int_equal(match(km, KCTX_LIST, "C-x 工"), KMAP_PREFIX);
	assert_string_equal(lookup(km, KCTX_LIST, "C-x 工 单"), "search 工单");
	/* in other contexts g is global's */
	assert_int_equal(match(km, KCTX_DETAIL, "g"), KMAP_FOUND);
	assert_string_equal(lookup(km, KCTX_DETAIL, "g"), "first");
	assert_int_equal(match(km, KCTX_DETAIL, "g t"), KMAP_NONE);

	/* overlapping sequences in one context are refused */
	assert_int_equal(kmap_bind(km, "list", "g", "first"), ST_EXISTS);
	assert_int_equal(kmap_bind(km, "list", "g t x", "first"), ST_EXISTS);
	assert_int_equal(kmap_bind(km, "list", "g u", "last"), ST_OK);
	assert_int_equal(kmap_unbind(km, "list", "g t"), ST_OK);
	assert_int_equal(kmap_unbind(km, "list", "g u"), ST_OK);
	assert_int_equal(kmap_bind(km, "list", "g", "last"), ST_OK);
	assert_string_equal(lookup(km, KCTX_LIST, "g"), "last");
	kmap_free(km);
}

static void
test_bind_errors(void **state)
{
	struct keymap *km = kmap_new();

	(void)state;
	assert_int_equal(kmap_bind(km, "lists", "q", "quit"),
	                 ST_UNKNOWN_CONTEXT);
	assert_int_equal(kmap_bind(km, "列表", "q", "quit"),
	                 ST_UNKNOWN_CONTEXT);
	assert_int_equal(kmap_bind(km, NULL, "q", "quit"), ST_UNKNOWN_CONTEXT);
	assert_int_equal(kmap_bind(km, "list", "F13", "quit"), ST_BAD_KEY);
	assert_int_equal(kmap_bind(km, "list", "a b c d e", "quit"),
	                 ST_BAD_KEY);
	assert_int_equal(kmap_bind(km, "list", "q", "frobnicate"),
	                 ST_UNKNOWN_ACTION);
	assert_int_equal(kmap_bind(km, "list", "q", "none"), ST_UNKNOWN_ACTION);
	assert_int_equal(kmap_bind(km, "list", "q", ""), ST_UNKNOWN_ACTION);
	assert_int_equal(kmap_bind(km, "list", "q", "退出"), ST_UNKNOWN_ACTION);
	assert_int_equal(kmap_bind(km, "list", "q", "\"quit"),
	                 ST_UNKNOWN_ACTION);
	assert_null(lookup(km, KCTX_LIST, "q"));
	assert_int_equal(kmap_unbind(km, "lists", "q"), ST_UNKNOWN_CONTEXT);
	assert_int_equal(kmap_unbind(km, "list", "C-"), ST_BAD_KEY);
	assert_int_equal(kmap_unbind(km, "list", "q"), ST_NOT_FOUND);
	kmap_free(km);
}

static void
each_collect(enum kctx ctx, const char *keys, const char *command, void *ud)
{
	struct buf *b = ud;

	assert_int_equal(
	    buf_printf(b, "%s:%s=%s;", kctx_name(ctx), keys, command), ST_OK);
}

static void
test_each_order_and_keys_for(void **state)
{
	struct keymap *km = kmap_new();
	struct buf b;
	char out[64];

	(void)state;
	assert_int_equal(kmap_bind(km, "help", "q", "back"), ST_OK);
	assert_int_equal(kmap_bind(km, "list", "j", "move-down"), ST_OK);
	assert_int_equal(kmap_bind(km, "global", "F1", "help"), ST_OK);
	assert_int_equal(kmap_bind(km, "list", "工", "search 工单"), ST_OK);
	assert_int_equal(kmap_bind(km, "global", "Esc", "back"), ST_OK);
	assert_int_equal(kmap_bind(km, "list", "Down", "move-down"), ST_OK);
	assert_int_equal(kmap_bind(km, "global", "C-r", "reconnect"), ST_OK);
	assert_int_equal(kmap_bind(km, "login", "Enter", "submit"), ST_OK);
	assert_int_equal(kmap_bind(km, "list", "Esc", "quit"), ST_OK);

	buf_init(&b, 0);
	kmap_each(km, each_collect, &b);
	assert_string_equal(b.data, "global:C-r=reconnect;global:Esc=back;"
	                            "global:F1=help;login:Enter=submit;"
	                            "list:Down=move-down;list:Esc=quit;"
	                            "list:j=move-down;list:工=search 工单;"
	                            "help:q=back;");
	buf_free(&b);

	kmap_keys_for(km, KCTX_LIST, "move-down", out, sizeof out);
	assert_string_equal(out, "Down");
	kmap_keys_for(km, KCTX_DETAIL, "move-down", out, sizeof out);
	assert_string_equal(out, "");
	kmap_keys_for(km, KCTX_DETAIL, "help", out, sizeof out);
	assert_string_equal(out, "F1");
	/* global Esc is shadowed in list, and help has its own key */
	kmap_keys_for(km, KCTX_LIST, "back", out, sizeof out);
	assert_string_equal(out, "");
	kmap_keys_for(km, KCTX_DETAIL, "back", out, sizeof out);
	assert_string_equal(out, "Esc");
	kmap_keys_for(km, KCTX_HELP, "back", out, sizeof out);
	assert_string_equal(out, "q");
	kmap_keys_for(km, KCTX_LIST, "search 工单", out, sizeof out);
	assert_string_equal(out, "工");
	kmap_keys_for(km, KCTX_LIST, "search 工单", out, 3);
	assert_string_equal(out, "");
	kmap_free(km);
}

/* ---- options ------------------------------------------------------------ */

static void
test_option_defaults(void **state)
{
	struct config *cfg = config_new();
	enum option_id id;

	(void)state;
	assert_string_equal(config_get(cfg, OPT_LANGUAGE), "");
	assert_string_equal(config_get(cfg, OPT_SERVER),
	                    "http://127.0.0.1:8345");
	assert_string_equal(config_get(cfg, OPT_USER), "");
	assert_true(config_get_bool(cfg, OPT_COLOR));
	assert_int_equal(config_get_int(cfg, OPT_PAGE_SIZE), 50);
	assert_int_equal(config_get_int(cfg, OPT_TIMEOUT), 10);
	assert_int_equal(cfg->depth, 0);
	assert_int_equal(option_lookup("page-size", &id), 0);
	assert_int_equal(id, OPT_PAGE_SIZE);
	assert_int_equal(option_lookup("pagesize", &id), -1);
	assert_int_equal(option_info(OPT_COLOR)->type, 'b');
	assert_null(option_info(OPT__COUNT));
	i18n_set(LANG_ZH);
	assert_string_equal(option_help(OPT_PAGE_SIZE), "每页工单数");
	config_free(cfg);
}

static void
test_set_type_checks(void **state)
{
	struct config *cfg = config_new();

	(void)state;
	assert_int_equal(config_set(cfg, "color", "off"), ST_OK);
	assert_false(config_get_bool(cfg, OPT_COLOR));
	assert_string_equal(config_get(cfg, OPT_COLOR), "off");
	assert_int_equal(config_set(cfg, "color", "YES"), ST_OK);
	assert_string_equal(config_get(cfg, OPT_COLOR), "on");
	assert_int_equal(config_set(cfg, "color", "0"), ST_OK);
	assert_false(config_get_bool(cfg, OPT_COLOR));
	assert_int_equal(config_set(cfg, "color", "true"), ST_OK);
	assert_true(config_get_bool(cfg, OPT_COLOR));
	assert_int_equal(config_set(cfg, "color", "maybe"), ST_INVALID);
	assert_int_equal(config_set(cfg, "color", "开"), ST_INVALID);
	assert_int_equal(config_set(cfg, "color", ""), ST_INVALID);
	assert_string_equal(config_get(cfg, OPT_COLOR), "on");

	assert_int_equal(config_set(cfg, "page-size", "20"), ST_OK);
	assert_int_equal(config_get_int(cfg, OPT_PAGE_SIZE), 20);
	assert_int_equal(config_set(cfg, "page-size", "007"), ST_OK);
	assert_string_equal(config_get(cfg, OPT_PAGE_SIZE), "7");
	assert_int_equal(config_set(cfg, "timeout", "0"), ST_OK);
	assert_int_equal(config_get_int(cfg, OPT_TIMEOUT), 0);
	assert_int_equal(config_set(cfg, "page-size", "-1"), ST_INVALID);
	assert_int_equal(config_set(cfg, "page-size", "+5"), ST_INVALID);
	assert_int_equal(config_set(cfg, "page-size", " 5"), ST_INVALID);
	assert_int_equal(config_set(cfg, "page-size", "5x"), ST_INVALID);
	assert_int_equal(config_set(cfg, "page-size", ""), ST_INVALID);
	assert_int_equal(config_set(cfg, "page-size", "十"), ST_INVALID);
	assert_int_equal(
	    config_set(cfg, "page-size", "99999999999999999999999"),
	    ST_INVALID);
	assert_int_equal(config_get_int(cfg, OPT_PAGE_SIZE), 7);

	assert_int_equal(config_set(cfg, "language", "en"), ST_OK);
	assert_string_equal(config_get(cfg, OPT_LANGUAGE), "en");
	assert_int_equal(config_set(cfg, "language", "zh"), ST_OK);
	assert_int_equal(config_set(cfg, "language", ""), ST_OK);
	assert_int_equal(config_set(cfg, "language", "fr"), ST_INVALID);
	assert_int_equal(config_set(cfg, "language", "zh_CN"), ST_INVALID);
	assert_int_equal(config_set(cfg, "language", "中文"), ST_INVALID);
	assert_string_equal(config_get(cfg, OPT_LANGUAGE), "");

	assert_int_equal(config_set(cfg, "user", "张三"), ST_OK);
	assert_string_equal(config_get(cfg, OPT_USER), "张三");
	assert_int_equal(config_set(cfg, "server", "http://热线.example:8080"),
	                 ST_OK);
	assert_string_equal(config_get(cfg, OPT_SERVER),
	                    "http://热线.example:8080");
	assert_int_equal(config_set(cfg, "user", "bad\xff"), ST_BAD_UTF8);
	assert_int_equal(config_set(cfg, "colour", "on"), ST_UNKNOWN_OPTION);
	assert_int_equal(config_set(cfg, "user", NULL), ST_INVALID);
	config_free(cfg);
}

/* ---- rc commands -------------------------------------------------------- */

static void
test_exec_ok(void **state)
{
	struct config *cfg = config_new();
	struct rc_words w;
	const char *cmd;

	(void)state;
	exec_expect(cfg, "", "rc:1", ST_OK, NULL);
	exec_expect(cfg, "   # 只有注释", "rc:2", ST_OK, NULL);
	exec_expect(cfg, "bind list x search 投诉 噪音  # 常用", "rc:3", ST_OK,
	            NULL);
	assert_string_equal(lookup(cfg->keys, KCTX_LIST, "x"),
	                    "search 投诉 噪音");
	exec_expect(cfg, "bind list y search \"北京 路\"", "rc:4", ST_OK, NULL);
	cmd = lookup(cfg->keys, KCTX_LIST, "y");
	assert_string_equal(cmd, "search \"北京 路\"");
	assert_int_equal(rc_split(cmd, &w, NULL), ST_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.v[1], "北京 路");
	rc_words_free(&w);
	exec_expect(cfg, "bind global F2 set language en", "rc:5", ST_OK, NULL);
	assert_string_equal(lookup(cfg->keys, KCTX_DETAIL, "F2"),
	                    "set language en");
	exec_expect(cfg, "bind list \"C-x t\" ticket 12345-0001", "rc:6", ST_OK,
	            NULL);
	assert_string_equal(lookup(cfg->keys, KCTX_LIST, "C-x t"),
	                    "ticket 12345-0001");
	exec_expect(cfg, "bind detail 工 search 工单", "rc:7", ST_OK, NULL);
	assert_string_equal(lookup(cfg->keys, KCTX_DETAIL, "工"),
	                    "search 工单");
	exec_expect(cfg, "set user '王 五'", "rc:8", ST_OK, NULL);
	assert_string_equal(config_get(cfg, OPT_USER), "王 五");
	exec_expect(cfg, "unbind list q", "rc:9", ST_OK, NULL);
	assert_null(lookup(cfg->keys, KCTX_LIST, "q"));
	exec_expect(cfg, "set page-size 100", "rc:10", ST_OK, NULL);
	assert_int_equal(config_get_int(cfg, OPT_PAGE_SIZE), 100);
	config_free(cfg);
}

static void
test_exec_errors_en(void **state)
{
	struct config *cfg = config_new();
	const char *w = "/home/坐席/.config/hotline/hotlinerc:42";

	(void)state;
	i18n_set(LANG_EN);
	exec_expect(cfg, "bind list q frobnicate", "rc:3", ST_UNKNOWN_ACTION,
	            "rc:3: unknown action 'frobnicate'");
	exec_expect(cfg, "bind list q none", "rc:4", ST_UNKNOWN_ACTION,
	            "rc:4: unknown action 'none' (use unbind to remove a key)");
	exec_expect(cfg, "bind lists q quit", "rc:5", ST_UNKNOWN_CONTEXT,
	            "rc:5: unknown context 'lists' "
	            "(global, login, list, detail, help, call, wrapup, picker, confirm, kb, "
	            "intake, kbedit, board)");
	exec_expect(cfg, "bind list F13 quit", w, ST_BAD_KEY,
	            "/home/坐席/.config/hotline/hotlinerc:42: "
	            "unrecognised key name 'F13'");
	exec_expect(cfg, "bind list q", "rc:7", ST_PARSE,
	            "rc:7: syntax error (usage: bind CONTEXT KEY COMMAND)");
	exec_expect(cfg, "bind list g t quit", "rc:8", ST_UNKNOWN_ACTION,
	            "rc:8: unknown action 't'");
	exec_expect(cfg, "bind list \"g g\" quit", "rc:9", ST_EXISTS,
	            "rc:9: already exists 'g g' (overlaps 'g' in context "
	            "list; unbind that first)");
	exec_expect(cfg, "frob x", "rc:10", ST_UNKNOWN_ACTION,
	            "rc:10: unknown action 'frob'");
	exec_expect(cfg, "quit", "rc:11", ST_UNKNOWN_ACTION,
	            "rc:11: unknown action 'quit' (an rc file may only use "
	            "bind, unbind, set and source)");
	exec_expect(cfg, "set page-size 十", "rc:12", ST_INVALID,
	            "rc:12: invalid value '十' "
	            "(page-size: a non-negative integer)");
	exec_expect(cfg, "set color maybe", "rc:13", ST_INVALID,
	            "rc:13: invalid value 'maybe' "
	            "(color: on/off, yes/no, true/false, 1/0)");
	exec_expect(cfg, "set language fr", "rc:14", ST_INVALID,
	            "rc:14: invalid value 'fr' (language: zh, en or empty)");
	exec_expect(cfg, "set colour on", "rc:15", ST_UNKNOWN_OPTION,
	            "rc:15: unknown option 'colour'");
	exec_expect(cfg, "set user", "rc:16", ST_PARSE,
	            "rc:16: syntax error (usage: set OPTION VALUE)");
	exec_expect(cfg, "set user \"张三", "rc:17", ST_PARSE,
	            "rc:17: syntax error (unterminated double quote)");
	exec_expect(cfg, "unbind global q", "rc:18", ST_NOT_FOUND,
	            "rc:18: not found 'q' (in context global)");
	exec_expect(cfg, "unbind list", "rc:19", ST_PARSE,
	            "rc:19: syntax error (usage: unbind CONTEXT KEY)");
	exec_expect(cfg, "source", "rc:20", ST_PARSE,
	            "rc:20: syntax error (usage: source FILE)");
	exec_expect(cfg, "unbind 列表 q", "rc:21", ST_UNKNOWN_CONTEXT,
	            "rc:21: unknown context '列表' "
	            "(global, login, list, detail, help, call, wrapup, picker, confirm, kb, "
	            "intake, kbedit, board)");
	/* no where: the message alone */
	exec_expect(cfg, "bind list q frobnicate", NULL, ST_UNKNOWN_ACTION,
	            "unknown action 'frobnicate'");
	/* nothing changed by the bad lines */
	assert_string_equal(lookup(cfg->keys, KCTX_LIST, "q"), "quit");
	assert_int_equal(config_get_int(cfg, OPT_PAGE_SIZE), 50);
	/* a NULL callback is allowed */
	assert_int_equal(config_exec_line(cfg, "frob", "rc:1", NULL, NULL),
	                 ST_UNKNOWN_ACTION);
	i18n_set(LANG_ZH);
	config_free(cfg);
}

static void
test_exec_errors_zh(void **state)
{
	struct config *cfg = config_new();

	(void)state;
	i18n_set(LANG_ZH);
	exec_expect(cfg, "bind list q frobnicate", "热线配置:3",
	            ST_UNKNOWN_ACTION, "热线配置:3: 未知的操作 'frobnicate'");
	exec_expect(cfg, "bind list q none", "rc:4", ST_UNKNOWN_ACTION,
	            "rc:4: 未知的操作 'none' (解除绑定请用 unbind)");
	exec_expect(cfg, "bind list F13 quit", "rc:5", ST_BAD_KEY,
	            "rc:5: 无法识别的按键名 'F13'");
	exec_expect(cfg, "set page-size 十", "rc:6", ST_INVALID,
	            "rc:6: 无效的值 '十' (page-size: 非负整数)");
	exec_expect(cfg, "set user '张三", "rc:7", ST_PARSE,
	            "rc:7: 语法错误 (单引号未闭合)");
	exec_expect(cfg, "bind list q", "rc:8", ST_PARSE,
	            "rc:8: 语法错误 (用法: bind CONTEXT KEY COMMAND)");
	exec_expect(cfg, "unbind global q", "rc:9", ST_NOT_FOUND,
	            "rc:9: 未找到 'q' (上下文 global)");
	exec_expect(cfg, "bind list \"g g\" quit", "rc:10", ST_EXISTS,
	            "rc:10: 已存在 'g g' (与上下文 list 中的 'g' 冲突，"
	            "请先 unbind)");
	config_free(cfg);
}

/* ---- files and source --------------------------------------------------- */

struct tmpdir {
	char path[64];
};

static int
tmp_setup(void **state)
{
	struct tmpdir *t = xcalloc(1, sizeof *t);

	snprintf(t->path, sizeof t->path, "/tmp/test_keymap.XXXXXX");
	if (!mkdtemp(t->path))
		return -1;
	*state = t;
	i18n_set(LANG_EN);
	return 0;
}

static int
tmp_teardown(void **state)
{
	struct tmpdir *t = *state;
	char *cmd = xasprintf("rm -rf '%s'", t->path);
	int rc = system(cmd);

	free(cmd);
	free(t);
	i18n_set(LANG_ZH);
	return rc == 0 ? 0 : -1;
}

static char *
tpath(void **state, const char *name)
{
	struct tmpdir *t = *state;

	return xasprintf("%s/%s", t->path, name);
}

static void
test_load_file_relative_source(void **state)
{
	struct config *cfg = config_new();
	char *main_rc = tpath(state, "hotlinerc");
	char *sub = tpath(state, "sub");
	char *inc = tpath(state, "sub/inc.rc");
	char *leaf = tpath(state, "sub/leaf.rc");
	char *want;
	struct msgs m;

	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(main_rc, "# 我的按键\n"
	                    "bind list x frobnicate\n"
	                    "source sub/inc.rc\n"
	                    "source nope.rc\n"
	                    "bind list 工 search 工单\r\n"
	                    "set page-size 25\n");
	write_file(inc, "source leaf.rc\n"
	                "set colour off\n"
	                "bind detail z last\n");
	write_file(leaf, "set user 李四");

	msgs_init(&m);
	assert_int_equal(config_load_file(cfg, main_rc, collect_msg, &m),
	                 ST_OK);
	want =
	    xasprintf("%s:2: unknown action 'frobnicate'\n"
	              "%s:2: unknown option 'colour'\n"
	              "%s:4: input/output error '%s/nope.rc' "
	              "(No such file or directory)\n",
	              main_rc, inc, main_rc, ((struct tmpdir *)*state)->path);
	assert_string_equal(msgs_text(&m), want);
	free(want);
	/* every good line took effect, before and after the bad ones */
	assert_string_equal(config_get(cfg, OPT_USER), "李四");
	assert_string_equal(lookup(cfg->keys, KCTX_DETAIL, "z"), "last");
	assert_string_equal(lookup(cfg->keys, KCTX_LIST, "工"), "search 工单");
	assert_int_equal(config_get_int(cfg, OPT_PAGE_SIZE), 25);
	assert_int_equal(cfg->depth, 0);
	buf_free(&m.b);

	/* a missing top-level file */
	msgs_init(&m);
	want = tpath(state, "missing.rc");
	assert_int_equal(config_load_file(cfg, want, collect_msg, &m), ST_IO);
	{
		char *exp = xasprintf("%s: input/output error "
		                      "(No such file or directory)\n",
		                      want);

		assert_string_equal(msgs_text(&m), exp);
		free(exp);
	}
	free(want);
	buf_free(&m.b);

	/* a directory cannot be read: reported at the source line, and
	 * as the file itself at the top */
	{
		char *where = xasprintf("%s:7", main_rc);
		char *exp = xasprintf("%s: input/output error '%s' "
		                      "(Is a directory)",
		                      where, sub);

		exec_expect(cfg, "source sub", where, ST_IO, exp);
		free(exp);
		free(where);
	}
	msgs_init(&m);
	assert_int_equal(config_load_file(cfg, sub, collect_msg, &m), ST_IO);
	want = xasprintf("%s: input/output error (Is a directory)\n", sub);
	assert_string_equal(msgs_text(&m), want);
	free(want);
	buf_free(&m.b);

	free(main_rc);
	free(sub);
	free(inc);
	free(leaf);
	config_free(cfg);
}

static void
test_source_nesting_limit(void **state)
{
	struct config *cfg = config_new();
	char *name, *text, *want;
	struct msgs m;
	int i;

	/* f0 sources f1 ... sources f9: f8 is 8 deep, its source fails */
	for (i = 0; i <= 9; i++) {
		char file[16];

		snprintf(file, sizeof file, "f%d.rc", i);
		name = tpath(state, file);
		text = xasprintf("source f%d.rc\nbind list F%d move-down\n",
		                 i + 1, i + 1);
		write_file(name, text);
		free(text);
		free(name);
	}
	msgs_init(&m);
	name = tpath(state, "f0.rc");
	assert_int_equal(config_load_file(cfg, name, collect_msg, &m), ST_OK);
	free(name);
	name = tpath(state, "f8.rc");
	text = tpath(state, "f9.rc");
	want = xasprintf("%s:1: nested too deeply '%s' "
	                 "(source nests at most 8)\n",
	                 name, text);
	assert_string_equal(msgs_text(&m), want);
	free(want);
	free(text);
	free(name);
	assert_int_equal(m.n, 1);
	buf_free(&m.b);
	/* f0 .. f8 were read, f9 was not */
	assert_string_equal(lookup(cfg->keys, KCTX_LIST, "F1"), "move-down");
	assert_string_equal(lookup(cfg->keys, KCTX_LIST, "F9"), "move-down");
	/* F10 is "quit" in global by default; f9.rc's move-down must not be there */
	assert_string_equal(lookup(cfg->keys, KCTX_LIST, "F10"), "quit");
	assert_int_equal(cfg->depth, 0);

	/* a file that sources itself stops at the limit too */
	name = tpath(state, "self.rc");
	write_file(name, "source self.rc\nset timeout 30\n");
	msgs_init(&m);
	assert_int_equal(config_load_file(cfg, name, collect_msg, &m), ST_OK);
	assert_int_equal(m.n, 1);
	assert_non_null(strstr(msgs_text(&m), "nested too deeply"));
	assert_int_equal(config_get_int(cfg, OPT_TIMEOUT), 30);
	assert_int_equal(cfg->depth, 0);
	buf_free(&m.b);
	free(name);
	config_free(cfg);
}

static void
test_source_home_and_absolute(void **state)
{
	struct config *cfg = config_new();
	struct tmpdir *t = *state;
	char *old_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *file = tpath(state, "键位.rc"), *line;

	write_file(file, "bind help x back\n");
	assert_int_equal(setenv("HOME", t->path, 1), 0);
	exec_expect(cfg, "source ~/键位.rc", "rc:1", ST_OK, NULL);
	assert_string_equal(lookup(cfg->keys, KCTX_HELP, "x"), "back");
	assert_int_equal(kmap_unbind(cfg->keys, "help", "x"), ST_OK);
	/* absolute paths ignore the including file's directory */
	line = xasprintf("source %s", file);
	exec_expect(cfg, line, "/elsewhere/rc:1", ST_OK, NULL);
	assert_string_equal(lookup(cfg->keys, KCTX_HELP, "x"), "back");
	free(line);
	if (old_home)
		setenv("HOME", old_home, 1);
	else
		unsetenv("HOME");
	free(old_home);
	free(file);
	config_free(cfg);
}

static void
test_load_string_and_long_line(void **state)
{
	struct config *cfg = config_new();
	struct msgs m;
	char *text, *file;
	struct buf b;
	size_t i;

	(void)state;
	msgs_init(&m);
	assert_int_equal(config_load_string(cfg,
	                                    "set page-size 7\n"
	                                    "\n"
	                                    "bind list q frob\n"
	                                    "set user 赵六",
	                                    "内存", collect_msg, &m),
	                 ST_OK);
	assert_string_equal(msgs_text(&m), "内存:3: unknown action 'frob'\n");
	assert_int_equal(config_get_int(cfg, OPT_PAGE_SIZE), 7);
	assert_string_equal(config_get(cfg, OPT_USER), "赵六");
	buf_free(&m.b);

	/* a line over RC_MAX_LINE is reported, the next line still runs */
	buf_init(&b, 0);
	(void)buf_puts(&b, "set user ");
	for (i = 0; i < RC_MAX_LINE / 3 + 10; i++)
		(void)buf_puts(&b, "长");
	(void)buf_puts(&b, "\nset timeout 3\n");
	text = buf_steal(&b);
	file = tpath(state, "long.rc");
	write_file(file, text);
	msgs_init(&m);
	assert_int_equal(config_load_file(cfg, file, collect_msg, &m), ST_OK);
	free(text);
	text = xasprintf("%s:1: value too long (line longer than %d "
	                 "bytes)\n",
	                 file, RC_MAX_LINE);
	assert_string_equal(msgs_text(&m), text);
	assert_int_equal(config_get_int(cfg, OPT_TIMEOUT), 3);
	free(text);
	free(file);
	buf_free(&m.b);
	config_free(cfg);
}

/* ---- the compiled-in defaults ------------------------------------------- */

static void
test_defaults(void **state)
{
	struct config *cfg = config_new();
	const struct keymap *km = cfg->keys;
	struct rc_words w;
	const char *cmd;

	(void)state;
	assert_non_null(strstr(kmap_default_rc, "bind global F1 help"));
	assert_string_equal(lookup(km, KCTX_GLOBAL, "F1"), "help");
	assert_string_equal(lookup(km, KCTX_LIST, "F1"), "help");
	assert_string_equal(lookup(km, KCTX_LIST, "q"), "quit");
	assert_string_equal(lookup(km, KCTX_DETAIL, "q"), "quit");
	assert_string_equal(lookup(km, KCTX_HELP, "?"), "help");
	assert_string_equal(lookup(km, KCTX_LIST, ":"), "prompt");
	assert_string_equal(lookup(km, KCTX_DETAIL, "C-l"), "redraw");
	assert_string_equal(lookup(km, KCTX_LIST, "F5"), "refresh");
	assert_string_equal(lookup(km, KCTX_LIST, "R"), "refresh");
	assert_string_equal(lookup(km, KCTX_DETAIL, "Esc"), "back");
	assert_string_equal(lookup(km, KCTX_LIST, "Up"), "move-up");
	assert_string_equal(lookup(km, KCTX_LIST, "k"), "move-up");
	assert_string_equal(lookup(km, KCTX_HELP, "j"), "move-down");
	assert_string_equal(lookup(km, KCTX_DETAIL, "Down"), "move-down");
	assert_string_equal(lookup(km, KCTX_LIST, "PgUp"), "page-up");
	assert_string_equal(lookup(km, KCTX_LIST, "C-b"), "page-up");
	assert_string_equal(lookup(km, KCTX_LIST, "PgDn"), "page-down");
	assert_string_equal(lookup(km, KCTX_LIST, "C-f"), "page-down");
	assert_string_equal(lookup(km, KCTX_DETAIL, "Space"), "page-down");
	assert_string_equal(lookup(km, KCTX_LIST, "Home"), "first");
	assert_string_equal(lookup(km, KCTX_LIST, "g"), "first");
	assert_string_equal(lookup(km, KCTX_HELP, "End"), "last");
	assert_string_equal(lookup(km, KCTX_DETAIL, "G"), "last");
	assert_string_equal(lookup(km, KCTX_LIST, "Enter"), "open");
	assert_string_equal(lookup(km, KCTX_LIST, "n"), "next-page");
	assert_string_equal(lookup(km, KCTX_LIST, "C-r"), "reconnect");
	assert_string_equal(lookup(km, KCTX_LOGIN, "Enter"), "submit");
	assert_string_equal(lookup(km, KCTX_LOGIN, "Tab"), "next-field");
	assert_string_equal(lookup(km, KCTX_LOGIN, "S-Tab"), "prev-field");
	assert_string_equal(lookup(km, KCTX_LOGIN, "Up"), "prev-field");
	assert_string_equal(lookup(km, KCTX_LOGIN, "Down"), "next-field");
	assert_string_equal(lookup(km, KCTX_LOGIN, "Esc"), "back");
	/* typing on the login screen is never a command */
	assert_null(lookup(km, KCTX_LOGIN, "q"));
	assert_null(lookup(km, KCTX_LOGIN, "j"));
	assert_null(lookup(km, KCTX_LOGIN, "Space"));
	assert_null(lookup(km, KCTX_LOGIN, "Home"));

	/* "/" opens the prompt with "search " typed in */
	cmd = lookup(km, KCTX_LIST, "/");
	assert_non_null(cmd);
	assert_int_equal(action_of_command(cmd), ACT_PROMPT);
	assert_int_equal(rc_split(cmd, &w, NULL), ST_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.v[1], "search");
	rc_words_free(&w);
	assert_null(lookup(km, KCTX_DETAIL, "/"));

	/* intake (issue #4): the form's keys; letters stay text */
	assert_int_equal(kctx_parse("intake", &(enum kctx){0}), 0);
	assert_string_equal(kctx_name(KCTX_INTAKE), "intake");
	assert_string_equal(lookup(km, KCTX_INTAKE, "Tab"), "next-field");
	assert_string_equal(lookup(km, KCTX_INTAKE, "S-Tab"), "prev-field");
	assert_string_equal(lookup(km, KCTX_INTAKE, "Enter"), "intake-pick");
	assert_string_equal(lookup(km, KCTX_INTAKE, "Space"),
			    "intake-toggle");
	assert_string_equal(lookup(km, KCTX_INTAKE, "M-s"), "intake-submit");
	assert_string_equal(lookup(km, KCTX_INTAKE, "M-x"),
			    "intake-discard");
	assert_string_equal(lookup(km, KCTX_INTAKE, "Esc"), "back");
	assert_string_equal(lookup(km, KCTX_CALL, "M-i"), "intake");
	assert_null(lookup(km, KCTX_INTAKE, "q"));
	assert_null(lookup(km, KCTX_INTAKE, "i"));
	config_free(cfg);
}

struct text_check {
	int checked; /* bindings of global and login seen */
	struct buf bad;
};

static void
check_no_text_key(enum kctx ctx, const char *keys, const char *command,
                  void *ud)
{
	struct text_check *tc = ud;
	struct kkey seq[KMAP_MAX_SEQ];
	size_t n;

	if (ctx != KCTX_GLOBAL && ctx != KCTX_LOGIN)
		return;
	tc->checked++;
	assert_int_equal(kkey_parse_seq(keys, seq, &n), ST_OK);
	if (kkey_is_text(seq[0]))
		(void)buf_printf(&tc->bad, "%s:%s=%s;", kctx_name(ctx), keys,
		                 command);
}

static void
test_defaults_no_text_keys_in_global_or_login(void **state)
{
	struct config *cfg = config_new();
	struct text_check tc = {0, {0}};

	(void)state;
	buf_init(&tc.bad, 0);
	kmap_each(cfg->keys, check_no_text_key, &tc);
	assert_true(tc.checked >= 10);
	assert_string_equal(tc.bad.data ? tc.bad.data : "", "");
	buf_free(&tc.bad);

	/* the check finds a planted violation */
	tc.checked = 0;
	buf_init(&tc.bad, 0);
	exec_expect(cfg, "bind global 工 quit", "rc:1", ST_OK, NULL);
	exec_expect(cfg, "bind login \"Space x\" quit", "rc:2", ST_OK, NULL);
	kmap_each(cfg->keys, check_no_text_key, &tc);
	assert_string_equal(tc.bad.data, "global:工=quit;login:Space x=quit;");
	buf_free(&tc.bad);
	config_free(cfg);
}

/* knowledge-base editor (issue #5): its own context, kbedit, drives the
 * editor's keys; the pane's kb-new opens it on an empty article. */
static void
test_defaults_kbedit(void **state)
{
	struct config *cfg = config_new();
	enum kctx c;
	char keys[64];

	(void)state;
	assert_int_equal(kctx_parse("kbedit", &c), 0);
	assert_int_equal(c, KCTX_KBEDIT);
	assert_string_equal(kctx_name(KCTX_KBEDIT), "kbedit");
	assert_int_equal(action_lookup("kb-save"), ACT_KB_SAVE);
	assert_int_equal(action_lookup("kb-publish"), ACT_KB_PUBLISH);
	assert_int_equal(action_lookup("kb-expire"), ACT_KB_EXPIRE);
	assert_int_equal(action_lookup("kb-new"), ACT_KB_NEW);
	assert_int_equal(action_info(ACT_KB_SAVE)->ctx, KCTX_KBEDIT);
	assert_int_equal(action_info(ACT_KB_PUBLISH)->ctx, KCTX_KBEDIT);
	assert_int_equal(action_info(ACT_KB_EXPIRE)->ctx, KCTX_KBEDIT);
	assert_int_equal(action_info(ACT_KB_NEW)->ctx, KCTX_KB);
	i18n_set(LANG_ZH);
	assert_string_equal(action_help(ACT_KB_PUBLISH),
			    "发布文章 (草稿直接发布仅限班长、管理员)");

	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "M-s"), "kb-save");
	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "M-p"),
			    "kb-publish");
	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "M-x"),
			    "kb-expire");
	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "Tab"),
			    "next-field");
	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "S-Tab"),
			    "prev-field");
	/* the pane's M-s (send SMS) is not the editor's */
	assert_string_equal(lookup(cfg->keys, KCTX_KB, "M-s"), "kb-sms");
	assert_string_equal(lookup(cfg->keys, KCTX_KB, "M-n"), "kb-new");
	assert_null(lookup(cfg->keys, KCTX_KBEDIT, "M-n"));
	/* no letters: they type into the editor's fields */
	assert_null(lookup(cfg->keys, KCTX_KBEDIT, "e"));
	assert_null(lookup(cfg->keys, KCTX_KBEDIT, "u"));
	/* falls back to global: Esc closes the editor, F12 the pane */
	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "Esc"), "back");
	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "F12"), "kb");
	kmap_keys_for(cfg->keys, KCTX_KBEDIT, "kb-expire", keys, sizeof keys);
	assert_string_equal(keys, "M-x");
	/* rebinding works like any context */
	exec_expect(cfg, "bind kbedit C-s kb-save", "rc:1", ST_OK, NULL);
	assert_string_equal(lookup(cfg->keys, KCTX_KBEDIT, "C-s"), "kb-save");
	exec_expect(cfg, "unbind kbedit M-p", "rc:2", ST_OK, NULL);
	assert_null(lookup(cfg->keys, KCTX_KBEDIT, "M-p"));
	config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key_round_trip),
	    cmocka_unit_test(test_key_codes),
	    cmocka_unit_test(test_key_aliases_and_case),
	    cmocka_unit_test(test_key_errors),
	    cmocka_unit_test(test_key_name_errors_and_norm),
	    cmocka_unit_test(test_key_is_text),
	    cmocka_unit_test(test_key_sequences),
	    cmocka_unit_test(test_registry),
	    cmocka_unit_test(test_bind_lookup_fallback),
	    cmocka_unit_test(test_prefix),
	    cmocka_unit_test(test_bind_errors),
	    cmocka_unit_test(test_each_order_and_keys_for),
	    cmocka_unit_test(test_option_defaults),
	    cmocka_unit_test(test_set_type_checks),
	    cmocka_unit_test(test_exec_ok),
	    cmocka_unit_test(test_exec_errors_en),
	    cmocka_unit_test(test_exec_errors_zh),
	    cmocka_unit_test_setup_teardown(test_load_file_relative_source,
	                                    tmp_setup, tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_source_nesting_limit,
	                                    tmp_setup, tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_source_home_and_absolute,
	                                    tmp_setup, tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_load_string_and_long_line,
	                                    tmp_setup, tmp_teardown),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_defaults_no_text_keys_in_global_or_login),
	    cmocka_unit_test(test_defaults_kbedit),
	};

	i18n_set(LANG_ZH);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
