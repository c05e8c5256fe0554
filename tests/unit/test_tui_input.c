/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tui_input.c - the client's input path, headless: curses input
 * (unget_wch / ungetch on a newterm screen over /dev/null) translated into
 * keymap keys (Meta from ESC+key, Chinese as code points), keys into
 * readline bytes, the command layer (unknown commands, set/bind through
 * the rc parser, multi-key prefixes) and the ':' line itself: readline's
 * callback interface fed from our queue, Chinese editing with the right
 * cursor column, history and Tab completion drawn by us.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <readline/history.h>

#include "core/i18n.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "keymaps/keymap.h"
#include "tui/app.h"
#include "tui/command.h"
#include "tui/durable.h"
#include "tui/keys.h"
#include "tui/lineedit.h"
#include "tui/loop.h"
#include "tui/prompt.h"
#include "tui/screen.h"
#include "tui/theme.h"
#include "tui/views.h"

static SCREEN *scr;
static FILE *scr_out, *scr_in;
static WINDOW *pad;

static int
group_setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("INPUTRC");
	i18n_set(LANG_ZH);
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	scr = newterm("xterm-256color", scr_out, scr_in);
	if (!scr)
		return -1;
	set_term(scr);
	resizeterm(30, 100);
	set_escdelay(25);
	theme_init(0);
	pad = newpad(1, 1);
	keypad(pad, TRUE);
	nodelay(pad, TRUE);
	{
		wint_t w;

		while (wget_wch(pad, &w) != ERR) /* resizeterm's KEY_RESIZE */
			;
	}
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	delwin(pad);
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	return 0;
}

/* Read one key; fails the test when none is waiting. */
static struct kkey
next_key(void)
{
	struct kkey k = { 0, 0 };

	assert_int_equal(keys_read(pad, &k), 1);
	return k;
}

/* ---- curses → kkey ---------------------------------------------------- */

static void
test_keys_plain_and_wide(void **state)
{
	struct kkey k;

	(void)state;
	/* unget is LIFO: push in reverse order */
	unget_wch(L'\r');
	unget_wch(0x5DE5); /* 工 */
	unget_wch(L' ');
	unget_wch(L'j');
	k = next_key();
	assert_int_equal(k.code, 'j');
	assert_int_equal(k.mods, 0);
	k = next_key();
	assert_int_equal(k.code, KK_SPACE);
	k = next_key();
	assert_int_equal(k.code, 0x5DE5);
	k = next_key();
	assert_int_equal(k.code, KK_ENTER);
	if (keys_read(pad, &k))
		fail_msg("left over: %x %u", k.code, k.mods);
}

static void
test_keys_special(void **state)
{
	struct kkey k;

	(void)state;
	ungetch(KEY_F(5));
	ungetch(KEY_NPAGE);
	ungetch(KEY_BTAB);
	unget_wch(0x7f);
	unget_wch(L'\t');
	unget_wch(0x12); /* C-r */
	ungetch(KEY_UP);
	assert_int_equal(next_key().code, KK_UP);
	k = next_key();
	assert_int_equal(k.code, 0x12);
	assert_int_equal(k.mods, 0);
	assert_int_equal(next_key().code, KK_TAB);
	assert_int_equal(next_key().code, KK_BACKSPACE);
	assert_int_equal(next_key().code, KK_BTAB);
	assert_int_equal(next_key().code, KK_PGDN);
	assert_int_equal(next_key().code, KK_F1 + 4);
	assert_int_equal(keys_read(pad, &k), 0);
}

static void
test_keys_meta_and_escape(void **state)
{
	struct kkey k;

	(void)state;
	/* ESC followed at once by x is M-x */
	unget_wch(L'x');
	unget_wch(0x1b);
	k = next_key();
	assert_int_equal(k.code, 'x');
	assert_int_equal(k.mods, KM_META);
	/* a lone ESC is Esc */
	unget_wch(0x1b);
	k = next_key();
	assert_int_equal(k.code, KK_ESC);
	assert_int_equal(k.mods, 0);
	/* M-工 */
	unget_wch(0x5DE5);
	unget_wch(0x1b);
	k = next_key();
	assert_int_equal(k.code, 0x5DE5);
	assert_int_equal(k.mods, KM_META);
	/* Esc Esc is two Escapes */
	unget_wch(0x1b);
	unget_wch(0x1b);
	assert_int_equal(next_key().code, KK_ESC);
	assert_int_equal(next_key().code, KK_ESC);
	assert_int_equal(keys_read(pad, &k), 0);
	/* the names the keymap uses */
	{
		char name[32];
		struct kkey m = { 'x', KM_META };

		assert_int_equal(kkey_name(m, name, sizeof name), ST_OK);
		assert_string_equal(name, "M-x");
	}
}

static void
test_keys_to_readline(void **state)
{
	char b[16];

	(void)state;
	assert_int_equal(keys_to_readline((struct kkey){ KK_LEFT, 0 }, b, 16),
			 1);
	assert_int_equal(b[0], 0x02);
	assert_int_equal(keys_to_readline((struct kkey){ KK_DELETE, 0 }, b, 16),
			 4);
	assert_memory_equal(b, "\033[3~", 4);
	assert_int_equal(keys_to_readline((struct kkey){ 0x5DE5, 0 }, b, 16),
			 3);
	assert_memory_equal(b, "工", 3);
	assert_int_equal(keys_to_readline((struct kkey){ 'b', KM_META }, b, 16),
			 2);
	assert_memory_equal(b, "\033b", 2);
	assert_int_equal(keys_to_readline((struct kkey){ KK_F1, 0 }, b, 16), 0);
}

/* ---- commands --------------------------------------------------------- */

static struct app *
app_up(void)
{
	struct app *app = xcalloc(1, sizeof *app);

	app->cfg = config_new();
	app->server_url = xstrdup("http://127.0.0.1:9");
	app->logged_in = 1;
	app->conn = CONN_ONLINE;
	return app;
}

static void
app_down(struct app *app)
{
	size_t i;

	app_clear_views(app);
	screen_free(app);
	config_free(app->cfg);
	free(app->server_url);
	for (i = 0; i < app->n_cands; i++)
		free(app->cands[i]);
	free(app->cands);
	free(app->deferred_cmd);
	free(app);
	i18n_set(LANG_ZH);
}

static void
test_commands(void **state)
{
	struct app *app = app_up();

	(void)state;
	app_push(app, &view_list_ops, NULL);
	assert_int_equal(cmd_run(app, "frobnicate now"), TR_NONE);
	assert_non_null(strstr(app->msg, "未知命令"));
	assert_non_null(strstr(app->msg, "frobnicate"));
	assert_int_equal(app->msg_level, MSGL_ERROR);
	assert_int_equal(cmd_run(app, "quit"), TR_QUIT);
	/* a quote error from the tokenizer is reported, not run */
	assert_int_equal(cmd_run(app, "search \"噪音"), TR_NONE);
	assert_int_equal(app->msg_level, MSGL_ERROR);
	/* set goes through the rc parser and takes effect */
	cmd_run(app, "set language en");
	assert_int_equal(i18n_get(), LANG_EN);
	cmd_run(app, "set language zh");
	assert_int_equal(i18n_get(), LANG_ZH);
	cmd_run(app, "set colour on");
	assert_int_equal(app->msg_level, MSGL_ERROR); /* unknown option */
	/* help opens and closes; ticket needs a number */
	cmd_run(app, "help");
	assert_ptr_equal(app_top(app)->ops, &view_help_ops);
	cmd_run(app, "back");
	assert_ptr_equal(app_top(app)->ops, &view_list_ops);
	cmd_run(app, "ticket");
	assert_non_null(strstr(app->msg, "ticket TICKET_NO"));
	cmd_run(app, "ticket DG20261128000123");
	assert_ptr_equal(app_top(app)->ops, &view_detail_ops);
	/* search from the detail view goes back to the list */
	cmd_run(app, "search 噪音");
	assert_ptr_equal(app_top(app)->ops, &view_list_ops);
	/* open-only-in-login commands say so elsewhere */
	cmd_run(app, "submit");
	assert_non_null(strstr(app->msg, "此处不可用"));
	app_down(app);
}

static void
test_keys_through_keymap(void **state)
{
	struct app *app = app_up();

	(void)state;
	app_push(app, &view_list_ops, NULL);
	/* a two-key binding: the first key waits, the second runs it */
	assert_int_equal(cmd_run(app, "bind list \"g h\" help"), TR_NONE);
	assert_int_equal(app->msg_level, MSGL_ERROR); /* g is bound alone */
	cmd_run(app, "bind list \"z h\" help");
	assert_int_equal(app->msg_level, MSGL_OK);
	cmd_key(app, (struct kkey){ 'z', 0 });
	assert_int_equal(app->n_pending, 1);
	assert_ptr_equal(app_top(app)->ops, &view_list_ops);
	cmd_key(app, (struct kkey){ 'h', 0 });
	assert_int_equal(app->n_pending, 0);
	assert_ptr_equal(app_top(app)->ops, &view_help_ops);
	/* Esc (global back) closes it */
	cmd_key(app, (struct kkey){ KK_ESC, 0 });
	assert_ptr_equal(app_top(app)->ops, &view_list_ops);
	/* an unbound key says so */
	cmd_key(app, (struct kkey){ 0x5DE5, 0 });
	assert_non_null(strstr(app->msg, "按键未绑定"));
	assert_non_null(strstr(app->msg, "工"));
	/* q quits through the binding */
	assert_int_equal(cmd_key(app, (struct kkey){ 'q', 0 }), TR_QUIT);
	app_down(app);
}

static void
test_login_keys_type_text(void **state)
{
	struct app *app = app_up();
	struct cursor cur = { NULL, 0, 0 };

	(void)state;
	app->logged_in = 0;
	app_push(app, &view_login_ops, NULL);
	/* q and ? type into the field instead of quitting */
	assert_int_equal(cmd_key(app, (struct kkey){ 'q', 0 }), TR_NONE);
	assert_int_equal(cmd_key(app, (struct kkey){ 0x5F20, 0 }), TR_NONE);
	screen_layout(app);
	screen_draw(app);
	/* the cursor sits after "q张": 3 columns into the field */
	werase(app->w_body);
	app_top(app)->ops->draw(app, app_top(app), app->w_body, &cur);
	assert_ptr_equal(cur.w, app->w_body);
	{
		wchar_t buf[16];
		int n = mvwinnwstr(app->w_body, cur.y, cur.x - 3, buf, 2);

		assert_true(n >= 2);
		assert_int_equal(buf[0], L'q');
		assert_int_equal(buf[1], 0x5F20);
	}
	/* Enter on an empty password moves to it */
	cmd_key(app, (struct kkey){ KK_ENTER, 0 });
	{
		struct cursor c2 = { NULL, 0, 0 };

		werase(app->w_body);
		app_top(app)->ops->draw(app, app_top(app), app->w_body, &c2);
		assert_int_equal(c2.y, cur.y + 2);
	}
	app_down(app);
}

/* ---- the ':' line ----------------------------------------------------- */

static void
type(struct app *app, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		uint32_t cp;

		i += u8_decode(s + i, len - i, &cp);
		loop_key(app, (struct kkey){ cp == ' ' ? KK_SPACE : cp, 0 });
	}
}

/* readline up with a fresh history file (hist, a mkstemp template), the
 * ticket list on screen. */
static void
prompt_up(struct app *app, char *hist)
{
	int fd = mkstemp(hist);

	assert_true(fd >= 0);
	close(fd);
	prompt_init(app, hist);
	app_push(app, &view_list_ops, NULL);
	screen_layout(app);
}

static void
test_prompt_runs_commands(void **state)
{
	struct app *app = app_up();
	char hist[] = "/tmp/hotline-test-history-XXXXXX";
	struct cursor cur = { NULL, 0, 0 };
	wchar_t row[128];

	(void)state;
	prompt_up(app, hist);

	/* ':' opens the line (bound in list) */
	loop_key(app, (struct kkey){ ':', 0 });
	assert_true(prompt_is_open());
	type(app, "set language en");
	/* the line is drawn at the bottom with ':' at the left */
	werase(app->w_msg);
	prompt_draw(app, app->w_msg, &cur);
	assert_int_equal(cur.x, 1 + (int)strlen("set language en"));
	mvwinnwstr(app->w_msg, 0, 0, row, 20);
	assert_int_equal(row[0], L':');
	assert_int_equal(row[1], L's');
	loop_key(app, (struct kkey){ KK_ENTER, 0 });
	assert_false(prompt_is_open());
	assert_int_equal(i18n_get(), LANG_EN);

	/* Chinese: the cursor column counts two per character */
	loop_key(app, (struct kkey){ ':', 0 });
	type(app, "search 噪音");
	werase(app->w_msg);
	prompt_draw(app, app->w_msg, &cur);
	assert_int_equal(cur.x, 1 + 7 + 4);
	loop_key(app, (struct kkey){ KK_LEFT, 0 });
	prompt_draw(app, app->w_msg, &cur);
	assert_int_equal(cur.x, 1 + 7 + 2);
	loop_key(app, (struct kkey){ KK_BACKSPACE, 0 });
	prompt_draw(app, app->w_msg, &cur);
	assert_int_equal(cur.x, 1 + 7);
	/* Esc cancels: nothing runs */
	loop_key(app, (struct kkey){ KK_ESC, 0 });
	assert_false(prompt_is_open());
	assert_null(app->deferred_cmd);

	/* history: Up brings back the last line */
	loop_key(app, (struct kkey){ ':', 0 });
	loop_key(app, (struct kkey){ KK_UP, 0 });
	werase(app->w_msg);
	prompt_draw(app, app->w_msg, &cur);
	assert_int_equal(cur.x, 1 + (int)strlen("set language en"));
	loop_key(app, (struct kkey){ 0x15, 0 }); /* C-u */
	type(app, "set language zh");
	loop_key(app, (struct kkey){ KK_ENTER, 0 });
	assert_int_equal(i18n_get(), LANG_ZH);

	/* Tab completion: candidates are ours to draw */
	loop_key(app, (struct kkey){ ':', 0 });
	type(app, "se");
	loop_key(app, (struct kkey){ KK_TAB, 0 });
	assert_int_equal(app->n_cands, 2);
	assert_string_equal(app->cands[0], "search");
	assert_string_equal(app->cands[1], "set");
	type(app, "t la");
	loop_key(app, (struct kkey){ KK_TAB, 0 });
	/* a single match completes in the line */
	werase(app->w_msg);
	prompt_draw(app, app->w_msg, &cur);
	assert_int_equal(cur.x, 1 + (int)strlen("set language "));
	loop_key(app, (struct kkey){ KK_TAB, 0 });
	assert_int_equal(app->n_cands, 2);
	screen_draw(app); /* the popup is drawn without trouble */
	assert_non_null(app->w_popup);
	loop_key(app, (struct kkey){ KK_ESC, 0 });
	assert_int_equal(app->n_cands, 0);
	assert_false(prompt_is_open());

	/* a long value (`edit content` with 3,000 characters, 9,000
	 * bytes) opens whole, survives cursor keys and takes more text */
	{
		char *big = xmalloc(9000 + 16);
		size_t i;

		memcpy(big, "edit content ", 13);
		for (i = 0; i < 3000; i++)
			memcpy(big + 13 + i * 3, "噪", 3);
		big[13 + 9000] = '\0';
		prompt_open(app, big);
		loop_key(app, (struct kkey){ KK_LEFT, 0 });
		loop_key(app, (struct kkey){ KK_HOME, 0 });
		app_msg(app, MSGL_INFO, "%s", "");
		type(app, "x");
		assert_int_not_equal(app->msg_level, MSGL_ERROR);
		loop_key(app, (struct kkey){ KK_ENTER, 0 });
		/* run (an unknown command, "xedit") and kept whole in the
		 * history */
		assert_non_null(strstr(app->msg, "xedit"));
		{
			HIST_ENTRY *h = history_get(history_base +
						    history_length - 1);

			assert_non_null(h);
			assert_int_equal(strlen(h->line), 13 + 9000 + 1);
			assert_int_equal(h->line[0], 'x');
			assert_memory_equal(h->line + 1, big, 13 + 9000);
		}
		free(big);
	}

	prompt_shutdown();
	/* the history file was written, private */
	{
		FILE *f = fopen(hist, "r");
		char line[256];
		int seen = 0;

		assert_non_null(f);
		while (fgets(line, sizeof line, f))
			if (strcmp(line, "set language zh\n") == 0)
				seen = 1;
		fclose(f);
		assert_true(seen);
	}
	unlink(hist);
	app_down(app);
}


/* ---- one-line form fields through readline (tui/lineedit.c) ------------ */

static enum le_result
le_type(struct app *app, const void *who, const char *s)
{
	size_t len = strlen(s), i = 0;
	enum le_result r = LE_UNUSED;

	while (i < len) {
		uint32_t cp;

		i += u8_decode(s + i, len - i, &cp);
		r = le_key(app, who, (struct kkey){ cp == ' ' ? KK_SPACE : cp,
						    0 });
	}
	return r;
}

static size_t
le_cursor(void)
{
	char out[512];

	return le_render(60, out, sizeof out);
}

static void
test_lineedit_fields(void **state)
{
	struct app *app = app_up();
	static const int form_a = 1, form_b = 2;
	const char *c[8];
	char hist[] = "/tmp/hotline-test-history-XXXXXX";

	(void)state;
	prompt_up(app, hist);

	/* Chinese typed, Home, more typed: readline's buffer and a cursor
	 * counted in display columns */
	le_focus(app, &form_a, "title", "", 64);
	assert_true(le_owns(&form_a, "title"));
	assert_false(le_owns(&form_b, "title"));
	assert_int_equal(le_type(app, &form_a, "供水管道"), LE_CHANGED);
	assert_string_equal(le_text(), "供水管道");
	assert_int_equal(le_cursor(), 8);
	assert_int_equal(le_key(app, &form_a, (struct kkey){ KK_HOME, 0 }),
			 LE_USED);
	assert_int_equal(le_cursor(), 0);
	le_type(app, &form_a, "东城");
	assert_string_equal(le_text(), "东城供水管道");
	assert_int_equal(le_cursor(), 4);
	/* C-e, then C-k after two Lefts, C-y yanks it back, C-_ undoes */
	le_key(app, &form_a, (struct kkey){ 0x05, 0 });
	le_type(app, &form_a, "破裂");
	le_key(app, &form_a, (struct kkey){ KK_LEFT, 0 });
	le_key(app, &form_a, (struct kkey){ KK_LEFT, 0 });
	assert_int_equal(le_cursor(), 12);
	assert_int_equal(le_key(app, &form_a, (struct kkey){ 0x0b, 0 }),
			 LE_CHANGED);
	assert_string_equal(le_text(), "东城供水管道");
	le_key(app, &form_a, (struct kkey){ 0x19, 0 });
	assert_string_equal(le_text(), "东城供水管道破裂");
	le_key(app, &form_a, (struct kkey){ 0x1f, 0 });
	assert_string_equal(le_text(), "东城供水管道");
	le_key(app, &form_a, (struct kkey){ 0x19, 0 });
	/* control characters never reach the text: C-v (quoted insert)
	 * and C-c are not readline's here */
	le_key(app, &form_a, (struct kkey){ 0x16, 0 });
	le_key(app, &form_a, (struct kkey){ 0x01, 0 });
	le_key(app, &form_a, (struct kkey){ 0x03, 0 });
	le_key(app, &form_a, (struct kkey){ 0x0f, 0 });
	assert_string_equal(le_text(), "东城供水管道破裂");
	/* the form's keys and bound keys are not readline's: Tab, Enter,
	 * Up, Esc; C-r is bound (reconnect), M-s too in the intake form */
	assert_int_equal(le_key(app, &form_a, (struct kkey){ KK_TAB, 0 }),
			 LE_UNUSED);
	assert_int_equal(le_key(app, &form_a, (struct kkey){ KK_ENTER, 0 }),
			 LE_UNUSED);
	assert_int_equal(le_key(app, &form_a, (struct kkey){ KK_UP, 0 }),
			 LE_UNUSED);
	assert_int_equal(le_key(app, &form_a, (struct kkey){ KK_ESC, 0 }),
			 LE_UNUSED);
	assert_int_equal(le_key(app, &form_a, (struct kkey){ 0x12, 0 }),
			 LE_UNUSED);
	/* another editor's key is refused */
	assert_int_equal(le_type(app, &form_b, "x"), LE_UNUSED);
	assert_string_equal(le_text(), "东城供水管道破裂");

	/* left with its value: it joins the title's history only */
	le_leave(&form_a, 1);
	assert_false(le_owns(&form_a, "title"));
	le_remember("title", "东城路灯不亮");
	assert_int_equal(le_candidates("title", "东城", c, 8), 2);
	assert_string_equal(c[0], "东城路灯不亮"); /* newest first */
	assert_string_equal(c[1], "东城供水管道破裂");
	assert_int_equal(le_candidates("title", "东城路", c, 8), 1);
	assert_int_equal(le_candidates("address", "", c, 8), 0);
	le_remember("title", "东城路灯不亮"); /* no repeat */
	assert_int_equal(le_candidates("title", "", c, 8), 2);

	/* C-p recalls in the title, nothing in the address */
	le_focus(app, &form_b, "address", "", 64);
	le_key(app, &form_b, (struct kkey){ 0x10, 0 });
	assert_string_equal(le_text(), "");
	le_focus(app, &form_b, "title", "", 64);
	assert_int_equal(le_key(app, &form_b, (struct kkey){ 0x10, 0 }),
			 LE_CHANGED);
	assert_string_equal(le_text(), "东城路灯不亮");
	le_key(app, &form_b, (struct kkey){ 0x10, 0 });
	assert_string_equal(le_text(), "东城供水管道破裂");

	/* M-/ completes from the history: the common part, candidates
	 * listed; one match completes */
	le_key(app, &form_b, (struct kkey){ 0x01, 0 });
	le_key(app, &form_b, (struct kkey){ 0x0b, 0 });
	le_type(app, &form_b, "东");
	le_key(app, &form_b, (struct kkey){ '/', KM_META });
	assert_string_equal(le_text(), "东城");
	assert_int_equal(app->n_cands, 2);
	le_type(app, &form_b, "路");
	assert_int_equal(app->n_cands, 0); /* a key clears them */
	le_key(app, &form_b, (struct kkey){ '/', KM_META });
	assert_string_equal(le_text(), "东城路灯不亮");

	/* M-r searches the history; Enter keeps what it found */
	le_leave(&form_b, 0);
	le_focus(app, &form_b, "title", "", 64);
	le_key(app, &form_b, (struct kkey){ 'r', KM_META });
	le_type(app, &form_b, "供水");
	{
		char out[256];

		(void)le_render(60, out, sizeof out);
		assert_non_null(strstr(out, "供水"));
		assert_non_null(strstr(out, "search"));
	}
	assert_string_equal(le_text(), "东城供水管道破裂");
	assert_int_equal(le_key(app, &form_b, (struct kkey){ KK_ENTER, 0 }),
			 LE_USED);
	assert_true(le_owns(&form_b, "title"));
	assert_string_equal(le_text(), "东城供水管道破裂");
	/* the search is over: Enter is the form's again */
	assert_int_equal(le_key(app, &form_b, (struct kkey){ KK_ENTER, 0 }),
			 LE_UNUSED);

	/* the ':' line takes readline away; the field keeps its cursor and
	 * gets it back, and the line's history is not the field's */
	le_key(app, &form_b, (struct kkey){ KK_LEFT, 0 });
	le_key(app, &form_b, (struct kkey){ KK_LEFT, 0 });
	assert_int_equal(le_cursor(), 12);
	prompt_open(app, NULL);
	assert_true(prompt_is_open());
	assert_false(le_owns(&form_b, "title"));
	loop_key(app, (struct kkey){ KK_UP, 0 });
	assert_false(strstr(le_text(), "东城") != NULL);
	loop_key(app, (struct kkey){ KK_ESC, 0 });
	assert_false(prompt_is_open());
	/* a field may not take readline from an open ':' line */
	prompt_open(app, "hel");
	le_focus(app, &form_b, "title", "东城供水管道破裂", 64);
	assert_true(prompt_is_open());
	loop_key(app, (struct kkey){ KK_ESC, 0 });
	le_focus(app, &form_b, "title", "东城供水管道破裂", 64);
	assert_true(le_owns(&form_b, "title"));
	le_type(app, &form_b, "的");
	assert_string_equal(le_text(), "东城供水管道的破裂");

	/* a length limit in bytes: a character that does not fit is
	 * refused with a message */
	le_focus(app, &form_a, "caller_name", "", 7);
	le_type(app, &form_a, "陈女士");
	assert_string_equal(le_text(), "陈女");
	assert_int_equal(app->msg_level, MSGL_ERROR);
	/* a value longer than the limit loaded into the field (a draft of
	 * an older version) stays whole through cursor keys */
	le_focus(app, &form_a, "caller_name", "欧阳陈女士", 7);
	le_key(app, &form_a, (struct kkey){ KK_LEFT, 0 });
	le_key(app, &form_a, (struct kkey){ KK_HOME, 0 });
	assert_string_equal(le_text(), "欧阳陈女士");

	le_shutdown();
	prompt_shutdown();
	unlink(hist);
	app_down(app);
}


/* Drafts and outbox paths are per agent, the name one safe component. */
static void
test_durable_path(void **state)
{
	struct app *app = app_up();
	char *p;

	(void)state;
	app->state_dir = xstrdup("/s/hotline");
	assert_null(durable_path(app, "drafts")); /* nobody logged in */
	app->agent.username = xstrdup("demo-agent.2_x");
	p = durable_path(app, "drafts");
	assert_string_equal(p, "/s/hotline/agents/demo-agent.2_x/drafts");
	free(p);
	/* a name can never leave the directory: '/', a leading '.', spaces
	 * and non-ASCII bytes are %XX */
	free(app->agent.username);
	app->agent.username = xstrdup("../甲 b");
	p = durable_path(app, "outbox");
	assert_string_equal(p, "/s/hotline/agents/%2E.%2F%E7%94%B2%20b/outbox");
	free(p);
	free(app->agent.username);
	app->agent.username = NULL;
	free(app->state_dir);
	app->state_dir = NULL;
	app_down(app);
}

static void
test_candidates(void **state)
{
	const char *out[64];
	size_t n;

	(void)state;
	n = prompt_candidates("", "re", out, 64);
	/* refresh redraw reconnect ready resume; issue #6: review reassign
	 * redispatch reject */
	assert_int_equal(n, 9);
	n = prompt_candidates("set ", "", out, 64);
	assert_int_equal(n, (size_t)OPT__COUNT);
	n = prompt_candidates("set ", "la", out, 64);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "language");
	n = prompt_candidates("set language ", "", out, 64);
	assert_int_equal(n, 2);
	n = prompt_candidates("set color ", "o", out, 64);
	assert_int_equal(n, 2);
	n = prompt_candidates("bind ", "", out, 64);
	assert_int_equal(n, (size_t)KCTX__COUNT);
	n = prompt_candidates("unbind ", "l", out, 64);
	assert_int_equal(n, 2); /* login list */
	n = prompt_candidates("bind list x ", "tic", out, 64);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "ticket");
	n = prompt_candidates("search ", "噪", out, 64);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_plain_and_wide),
		cmocka_unit_test(test_keys_special),
		cmocka_unit_test(test_keys_meta_and_escape),
		cmocka_unit_test(test_keys_to_readline),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_keys_through_keymap),
		cmocka_unit_test(test_login_keys_type_text),
		cmocka_unit_test(test_prompt_runs_commands),
		cmocka_unit_test(test_lineedit_fields),
		cmocka_unit_test(test_durable_path),
		cmocka_unit_test(test_candidates),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
