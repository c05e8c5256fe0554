/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tui_layout.c - the client's drawing, headless: the ticket list's
 * columns with Chinese titles (cells read back from a curses screen opened
 * with newterm on /dev/null), the too-small screen, the detail view's
 * wrapping, the login field editor (Chinese, combining marks, secrets,
 * horizontal scroll) and local time formatting.
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
#include <time.h>
#include <wchar.h>

#include <curses.h>

#include "core/i18n.h"
#include "core/mem.h"
#include "core/model.h"
#include "core/ticket.h"
#include "core/utf8.h"
#include "keymaps/keymap.h"
#include "tui/app.h"
#include "tui/command.h"
#include "tui/field.h"
#include "tui/screen.h"
#include "tui/theme.h"
#include "tui/views.h"
#include "tui/wrap.h"

/* ---- headless curses -------------------------------------------------- */

#include "tui_screen.h"

/* Row y of w as UTF-8, one entry per display column: wide characters are
 * followed by a "" continuation so that cols[x] is what sits at column x.
 * Returns the text of the whole row and stores attributes of column x0. */
static void
read_row(WINDOW *w, int y, char *out, size_t cap, attr_t *attr_at, int x0)
{
	int x, cols = getmaxx(w);
	size_t off = 0;

	out[0] = '\0';
	for (x = 0; x < cols; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		char enc[8];
		size_t n, i;

		assert_int_equal(mvwin_wch(w, y, x, &cc), OK);
		assert_int_equal(getcchar(&cc, wch, &a, &pair, NULL), OK);
		if (x == x0 && attr_at)
			*attr_at = a;
		for (i = 0; wch[i]; i++) {
			n = u8_encode((uint32_t)wch[i], enc);
			if (off + n + 1 < cap) {
				memcpy(out + off, enc, n);
				off += n;
			}
		}
		if (wch[0] && u8_cpwidth((uint32_t)wch[0]) == 2)
			x++; /* the continuation cell */
	}
	out[off] = '\0';
}

/* The code point drawn at (y, x). */
static uint32_t
cell(WINDOW *w, int y, int x)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t a;
	short pair;

	assert_int_equal(mvwin_wch(w, y, x, &cc), OK);
	assert_int_equal(getcchar(&cc, wch, &a, &pair, NULL), OK);
	return (uint32_t)wch[0];
}

/* ---- fixtures --------------------------------------------------------- */

static const char *const titles[] = {
	"夜间施工噪音扰民",
	"公积金提取咨询",
	"Street light broken 小区路灯不亮",
	"独居长者突发疾病需要帮助这是一个非常非常长的标题用来测试截断是否"
	"会把一个汉字切成两半",
};

static void
make_page(struct ticket_page *p, size_t n)
{
	size_t i;

	memset(p, 0, sizeof *p);
	p->items = xcalloc(n, sizeof *p->items);
	p->n = n;
	for (i = 0; i < n; i++) {
		struct ticket *t = &p->items[i];
		char no[32];

		snprintf(no, sizeof no, "DG2026112800%04zu", 100 - i);
		t->ticket_no = xstrdup(no);
		t->title = xstrdup(titles[i % 4]);
		t->content = xstrdup("");
		t->state = (enum tk_state)(i % TK_STATE__COUNT);
		t->appeal_type = (int)(i % 7);
		t->created_at = xstrdup("2026-11-28T20:18:50Z");
		t->handling_mode = -1;
	}
	p->next_cursor = xstrdup("");
}

static struct app *
app_up(void)
{
	struct app *app = xcalloc(1, sizeof *app);

	app->cfg = config_new();
	app->server_url = xstrdup("http://127.0.0.1:9");
	app->logged_in = 1; /* views load nothing: api is NULL */
	app->conn = CONN_ONLINE;
	return app;
}

static void
app_down(struct app *app)
{
	app_clear_views(app);
	screen_free(app);
	config_free(app->cfg);
	free(app->server_url);
	free(app);
}

static int
setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	i18n_set(LANG_ZH);
	return 0;
}

/* ---- list columns ----------------------------------------------------- */

static void
test_columns_sum_to_width(void **state)
{
	struct list_cols c;
	int cols[] = { 80, 100, 132 };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		list_columns(cols[i], &c);
		assert_int_equal(c.no, 16);
		assert_int_equal(c.time, 5);
		assert_int_equal(c.state, 8); /* 直接办结: four wide chars */
		assert_int_equal(c.type, 4);  /* 投诉 */
		assert_int_equal(c.no + c.time + c.state + c.type + c.title + 4,
				 cols[i]);
	}
	i18n_set(LANG_EN);
	list_columns(80, &c);
	assert_int_equal(c.state, 10); /* "transferred out" is cut */
	assert_int_equal(c.type, 10);  /* "suggestion" */
	assert_int_equal(c.no + c.time + c.state + c.type + c.title + 4, 80);
	i18n_set(LANG_ZH);
}

static void
test_format_row_by_display_columns(void **state)
{
	struct ticket_page p;
	struct list_cols c;
	char row[1024];
	time_t now = iso_to_time("2026-11-28T23:00:00Z");
	size_t i;

	(void)state;
	make_page(&p, 4);
	list_columns(80, &c);
	for (i = 0; i < 4; i++) {
		list_format_row(&p.items[i], &c, now, row, sizeof row);
		assert_int_equal(u8_width(row), 80);
		/* the title starts at the same display column in every row */
		assert_int_equal(u8_offset_at_col(row, 37) > 0, 1);
	}
	list_format_row(&p.items[0], &c, now, row, sizeof row);
	assert_memory_equal(row, "DG20261128000100 20:18 ", 23);
	assert_non_null(strstr(row, "受理中"));
	assert_non_null(strstr(row, "咨询"));
	/* display column 37 is where the title begins */
	assert_string_equal(row + u8_offset_at_col(row, 37),
			    "夜间施工噪音扰民"
			    "                           ");
	/* the long title is cut on a character boundary, padded to 80 */
	list_format_row(&p.items[3], &c, now, row, sizeof row);
	assert_int_equal(u8_width(row), 80);
	assert_true(u8_valid(row, strlen(row)));
	ticket_page_free(&p);
}

static void
test_list_time(void **state)
{
	char out[32];
	time_t now = iso_to_time("2026-11-28T23:00:00Z");

	(void)state;
	assert_true(now != (time_t)-1);
	list_time("2026-11-28T20:18:50Z", now, out, sizeof out);
	assert_string_equal(out, "20:18");
	list_time("2026-11-27T20:18:50Z", now, out, sizeof out);
	assert_string_equal(out, "11-27");
	list_time("2025-11-28T20:18:50Z", now, out, sizeof out);
	assert_string_equal(out, "11-28");
	list_time("垃圾", now, out, sizeof out);
	assert_string_equal(out, "-");
	list_time("", now, out, sizeof out);
	assert_string_equal(out, "-");
	iso_local("2026-12-12T09:00:00Z", out, sizeof out);
	assert_string_equal(out, "2026-12-12 09:00");
	assert_int_equal(iso_to_time("2026-13-01T00:00:00Z"), (time_t)-1);
}

/* ---- the list drawn on a real (headless) curses screen ---------------- */

static void
test_list_screen_cells(void **state)
{
	struct app *app;
	struct ticket_page p;
	struct view *v;
	char row[2048];
	attr_t a = 0;
	int y;

	(void)state;
	curses_up(30, 100);
	app = app_up();
	v = app_push(app, &view_list_ops, NULL);
	assert_non_null(v);
	make_page(&p, 40);
	list_take_page(app, v, &p, 0);
	ticket_page_free(&p);
	screen_layout(app);
	screen_draw(app);
	assert_false(app->too_small);

	/* header row of the body: column titles */
	read_row(app->w_body, 0, row, sizeof row, NULL, 0);
	assert_memory_equal(row, "工单编号", strlen("工单编号"));
	/* 100 columns: title column starts at 16+1+5+1+8+1+4+1 = 37 */
	assert_int_equal(cell(app->w_body, 1, 37), 0x591C); /* 夜 */
	assert_int_equal(cell(app->w_body, 1, 36), ' ');
	assert_int_equal(cell(app->w_body, 2, 37), 0x516C); /* 公 */
	assert_int_equal(cell(app->w_body, 3, 37), 'S');
	/* the state column: 受理中 at 23, 直接办结 of row 2 too */
	assert_int_equal(cell(app->w_body, 1, 23), 0x53D7); /* 受 */
	assert_int_equal(cell(app->w_body, 2, 23), 0x76F4); /* 直 */
	/* every row is exactly as wide as the window, no half characters */
	for (y = 1; y < 10; y++) {
		read_row(app->w_body, y, row, sizeof row, NULL, 0);
		assert_int_equal(u8_width(row), 100);
	}
	/* the selection is highlighted (monochrome theme: reverse) */
	read_row(app->w_body, 1, row, sizeof row, &a, 0);
	assert_true(a & A_REVERSE);
	read_row(app->w_body, 2, row, sizeof row, &a, 0);
	assert_false(a & A_REVERSE);

	/* keys move the selection through the command layer */
	cmd_key(app, (struct kkey){ 'j', 0 });
	cmd_key(app, (struct kkey){ 'j', 0 });
	screen_draw(app);
	read_row(app->w_body, 3, row, sizeof row, &a, 0);
	assert_true(a & A_REVERSE);
	/* G goes to the last row and scrolls: the last ticket is visible */
	cmd_key(app, (struct kkey){ 'G', 0 });
	screen_draw(app);
	read_row(app->w_body, getmaxy(app->w_body) - 1, row, sizeof row, &a,
		 0);
	assert_memory_equal(row, "DG20261128000061", 16);
	assert_true(a & A_REVERSE);

	/* the status bar says who is not logged in, and is 100 wide */
	read_row(app->w_status, 0, row, sizeof row, NULL, 0);
	assert_int_equal(u8_width(row), 100);
	assert_non_null(strstr(row, "已连接"));

	app_down(app);
	curses_down();
}

static void
test_list_80_columns_english(void **state)
{
	struct app *app;
	struct ticket_page p;
	struct view *v;
	char row[2048];

	(void)state;
	curses_up(24, 80);
	i18n_set(LANG_EN);
	app = app_up();
	v = app_push(app, &view_list_ops, NULL);
	make_page(&p, 5);
	list_take_page(app, v, &p, 0);
	ticket_page_free(&p);
	screen_layout(app);
	screen_draw(app);
	assert_false(app->too_small);
	read_row(app->w_body, 0, row, sizeof row, NULL, 0);
	assert_memory_equal(row, "Ticket no", 9);
	/* 16+1+5+1+10+1+10+1 = 45 */
	assert_int_equal(cell(app->w_body, 1, 45), 0x591C);
	read_row(app->w_header, 0, row, sizeof row, NULL, 0);
	assert_non_null(strstr(row, "My tickets"));
	assert_non_null(strstr(row, "5 tickets"));
	app_down(app);
	curses_down();
	i18n_set(LANG_ZH);
}

static void
test_too_small_and_back(void **state)
{
	struct app *app;
	char row[2048];
	int y, found = 0;

	(void)state;
	curses_up(20, 60);
	app = app_up();
	app_push(app, &view_list_ops, NULL);
	screen_layout(app);
	screen_draw(app);
	assert_true(app->too_small);
	for (y = 0; y < 20; y++) {
		read_row(app->w_body, y, row, sizeof row, NULL, 0);
		if (strstr(row, "终端窗口太小"))
			found |= 1;
		if (strstr(row, "60x20") && strstr(row, "80x24"))
			found |= 2;
		if (strstr(row, "terminal too small"))
			found |= 4;
	}
	assert_int_equal(found, 7);
	/* enlarged: the normal layout comes back */
	resizeterm(24, 80);
	app_mark(app, DIRTY_LAYOUT);
	screen_draw(app);
	assert_false(app->too_small);
	assert_non_null(app->w_status);
	read_row(app->w_header, 0, row, sizeof row, NULL, 0);
	assert_non_null(strstr(row, "我的工单"));
	app_down(app);
	curses_down();
}

static void
test_help_screen(void **state)
{
	struct app *app;
	char row[2048];
	int y, found = -1;

	(void)state;
	curses_up(30, 100);
	app = app_up();
	app_push(app, &view_list_ops, NULL);
	cmd_key(app, (struct kkey){ '?', 0 });
	assert_ptr_equal(app_top(app)->ops, &view_help_ops);
	screen_layout(app);
	screen_draw(app);
	read_row(app->w_header, 0, row, sizeof row, NULL, 0);
	assert_non_null(strstr(row, "按键帮助"));
	/* the live bindings with the registry's help text */
	for (y = 0; y < getmaxy(app->w_body); y++) {
		read_row(app->w_body, y, row, sizeof row, NULL, 0);
		if (strstr(row, "Enter") && strstr(row, "open") &&
		    strstr(row, "打开选中的工单"))
			found = y;
	}
	assert_true(found >= 0);
	/* a new binding shows up at once */
	assert_int_equal(cmd_run(app, "bind list x ticket DG1"), TR_NONE);
	screen_draw(app);
	found = -1;
	for (y = 0; y < getmaxy(app->w_body); y++) {
		read_row(app->w_body, y, row, sizeof row, NULL, 0);
		if (strstr(row, "ticket DG1") && strstr(row, "按编号打开工单"))
			found = y;
	}
	assert_true(found >= 0);
	/* English, and Esc closes it */
	cmd_run(app, "set language en");
	screen_draw(app);
	read_row(app->w_header, 0, row, sizeof row, NULL, 0);
	assert_non_null(strstr(row, "Key help"));
	cmd_key(app, (struct kkey){ KK_ESC, 0 });
	assert_ptr_equal(app_top(app)->ops, &view_list_ops);
	i18n_set(LANG_ZH);
	app_down(app);
	curses_down();
}

static void
test_detail_screen(void **state)
{
	struct app *app;
	struct ticket t;
	struct ticket_event *ev;
	struct view *v;
	char row[2048];
	int y, content = -1, timeline = -1, comment = -1;

	(void)state;
	memset(&t, 0, sizeof t);
	t.ticket_no = xstrdup("DG20261128000123");
	t.title = xstrdup("夜间施工噪音扰民");
	t.content = xstrdup("来电人反映东城街道某小区附近工地夜间施工噪音很大影响"
			    "休息希望相关部门尽快处理并给予答复谢谢\n第二段");
	t.state = TK_HANDLING;
	t.appeal_type = AP_COMPLAINT;
	t.handling_mode = MODE_TRANSFER;
	t.category_code = xstrdup("050101");
	t.category_name = xstrdup("噪声污染");
	t.town_code = xstrdup("");
	t.address = xstrdup("");
	t.caller_phone = xstrdup("");
	t.caller_name = xstrdup("");
	t.town_name = xstrdup("东城街道");
	t.lead_unit_code = xstrdup("");
	t.lead_unit_name = xstrdup("东莞市生态环境局");
	t.direct_reply = xstrdup("");
	t.deadline = xstrdup("2026-12-12T09:00:00Z");
	t.created_at = xstrdup("2026-11-28T20:18:50Z");
	t.updated_at = xstrdup("2026-11-28T20:18:50Z");
	t.created_by = xstrdup("demo-agent");
	t.version = 3;
	t.events = xcalloc(2, sizeof *t.events);
	t.n_events = 2;
	ev = t.events;
	ev[0].id = 1;
	ev[0].at = xstrdup("2026-11-28T20:18:50Z");
	ev[0].actor = xstrdup("demo-agent");
	ev[0].action = xstrdup("create");
	ev[0].from_state = xstrdup("");
	ev[0].to_state = xstrdup("DRAFT");
	ev[0].comment = xstrdup("");
	ev[1].id = 2;
	ev[1].at = xstrdup("2026-11-28T20:20:00Z");
	ev[1].actor = xstrdup("demo-agent");
	ev[1].action = xstrdup("transfer");
	ev[1].from_state = xstrdup("DRAFT");
	ev[1].to_state = xstrdup("PENDING_DISPATCH");
	ev[1].comment = xstrdup("转生态环境局处理");

	curses_up(30, 80);
	app = app_up();
	v = app_push(app, &view_detail_ops, "DG20261128000123");
	detail_take_ticket(app, v, &t);
	screen_layout(app);
	screen_draw(app);
	read_row(app->w_header, 0, row, sizeof row, NULL, 0);
	assert_non_null(strstr(row, "工单详情 DG20261128000123"));
	for (y = 0; y < getmaxy(app->w_body); y++) {
		read_row(app->w_body, y, row, sizeof row, NULL, 0);
		assert_true(u8_width(row) == 80);
		if (strstr(row, "诉求内容"))
			content = y;
		if (strstr(row, "处理记录"))
			timeline = y;
		if (strstr(row, "转办") && strstr(row, "受理中 -> 待派单"))
			comment = y;
	}
	assert_true(content > 0);
	/* 76 columns for the text: 38 characters per line, so it wraps */
	read_row(app->w_body, content + 1, row, sizeof row, NULL, 0);
	assert_memory_equal(row, "   来电人反映", strlen("   来电人反映"));
	read_row(app->w_body, content + 2, row, sizeof row, NULL, 0);
	/* 38 characters fit: the 39th, 并, begins the second line */
	assert_int_equal(cell(app->w_body, content + 2, 3), 0x5E76); /* 并 */
	read_row(app->w_body, content + 3, row, sizeof row, NULL, 0);
	assert_memory_equal(row, "   第二段", strlen("   第二段"));
	assert_true(timeline > content);
	/* the timeline may be below the fold at 30 rows: scroll to the end */
	if (comment < 0) {
		cmd_run(app, "last");
		screen_draw(app);
		for (y = 0; y < getmaxy(app->w_body); y++) {
			read_row(app->w_body, y, row, sizeof row, NULL, 0);
			if (strstr(row, "转办") &&
			    strstr(row, "受理中 -> 待派单"))
				comment = y;
		}
	}
	assert_true(comment >= 0);
	app_down(app);
	curses_down();
	ticket_free(&t);
}

/* ---- wrap ------------------------------------------------------------- */

struct lines {
	char v[16][128];
	size_t n;
};

static void
collect(const char *line, size_t len, void *ud)
{
	struct lines *l = ud;

	if (l->n < 16)
		snprintf(l->v[l->n++], sizeof l->v[0], "%.*s", (int)len, line);
}

static void
test_wrap(void **state)
{
	struct lines l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(wrap_text("你好世界", 5, collect, &l), 2);
	assert_string_equal(l.v[0], "你好");
	assert_string_equal(l.v[1], "世界");

	memset(&l, 0, sizeof l);
	assert_int_equal(wrap_text("hello world foo", 11, collect, &l), 2);
	assert_string_equal(l.v[0], "hello world");
	assert_string_equal(l.v[1], "foo");

	memset(&l, 0, sizeof l);
	assert_int_equal(wrap_text("abc defgh", 6, collect, &l), 2);
	assert_string_equal(l.v[0], "abc");
	assert_string_equal(l.v[1], "defgh");

	memset(&l, 0, sizeof l);
	assert_int_equal(wrap_text("第一行\n第二行很长很长", 8, collect, &l), 3);
	assert_string_equal(l.v[0], "第一行");
	assert_string_equal(l.v[1], "第二行很");
	assert_string_equal(l.v[2], "长很长");

	memset(&l, 0, sizeof l);
	assert_int_equal(wrap_text("", 8, collect, &l), 1);
	assert_string_equal(l.v[0], "");

	/* 、 and 。 never start a line: the character before goes along */
	memset(&l, 0, sizeof l);
	assert_int_equal(wrap_text("需要材料、多久到账。", 8, collect, &l), 3);
	assert_string_equal(l.v[0], "需要材");
	assert_string_equal(l.v[1], "料、多久");
	assert_string_equal(l.v[2], "到账。");

	/* a combining mark stays with its base at the edge */
	memset(&l, 0, sizeof l);
	assert_int_equal(wrap_text("abe\xcc\x81x", 3, collect, &l), 2);
	assert_string_equal(l.v[0], "abe\xcc\x81");
	assert_string_equal(l.v[1], "x");
}

/* ---- the login field editor ------------------------------------------- */

static void
type(struct field *f, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		uint32_t cp;

		i += u8_decode(s + i, len - i, &cp);
		assert_int_equal(field_key(f, (struct kkey){ cp, 0 }), 1);
	}
}

static void
test_field_chinese(void **state)
{
	struct field f;
	char out[256];
	size_t cx;

	(void)state;
	field_init(&f, 64, 0);
	type(&f, "张三abc");
	assert_string_equal(field_text(&f), "张三abc");
	cx = field_render(&f, 20, out, sizeof out);
	assert_int_equal(cx, 7);
	field_key(&f, (struct kkey){ KK_LEFT, 0 });
	field_key(&f, (struct kkey){ KK_LEFT, 0 });
	field_key(&f, (struct kkey){ KK_LEFT, 0 });
	cx = field_render(&f, 20, out, sizeof out);
	assert_int_equal(cx, 4); /* after 三: two wide characters */
	field_key(&f, (struct kkey){ KK_BACKSPACE, 0 });
	assert_string_equal(field_text(&f), "张abc");
	field_key(&f, (struct kkey){ KK_HOME, 0 });
	type(&f, "李");
	assert_string_equal(field_text(&f), "李张abc");
	field_key(&f, (struct kkey){ KK_DELETE, 0 });
	assert_string_equal(field_text(&f), "李abc");
	/* C-k kills to the end, C-u to the start */
	field_key(&f, (struct kkey){ 0x0b, 0 });
	assert_string_equal(field_text(&f), "李");
	field_key(&f, (struct kkey){ 0x15, 0 });
	assert_string_equal(field_text(&f), "");
	/* keys the form needs are not eaten */
	assert_int_equal(field_key(&f, (struct kkey){ KK_ENTER, 0 }), 0);
	assert_int_equal(field_key(&f, (struct kkey){ KK_TAB, 0 }), 0);
	assert_int_equal(field_key(&f, (struct kkey){ 'x', KM_META }), 0);
	/* combining marks move with their base */
	type(&f, "e\xcc\x81z");
	field_key(&f, (struct kkey){ KK_LEFT, 0 });
	field_key(&f, (struct kkey){ KK_LEFT, 0 });
	assert_int_equal(f.cur, 0);
	field_key(&f, (struct kkey){ KK_DELETE, 0 });
	assert_string_equal(field_text(&f), "z");
	field_free(&f);
	assert_null(f.buf);
}

static void
test_field_limit_and_secret(void **state)
{
	struct field f;
	char out[256];
	size_t cx, i;

	(void)state;
	field_init(&f, 6, 1);
	type(&f, "密码");
	assert_int_equal(field_insert(&f, 0x5BC6), ST_TOO_LONG); /* 6 bytes */
	assert_int_equal(field_insert(&f, 0x1b), ST_INVALID);
	cx = field_render(&f, 10, out, sizeof out);
	assert_string_equal(out, "**");
	assert_int_equal(cx, 2);
	field_clear(&f);
	for (i = 0; i <= f.max; i++)
		assert_int_equal(f.buf[i], 0); /* wiped */
	field_free(&f);
}

static void
test_field_scrolls(void **state)
{
	char out[256];
	size_t scroll = 0, cx;
	const char *s = "一二三四五六七八九十";

	(void)state;
	/* cursor at the end of 20 columns of text in a 9-column field */
	cx = field_layout(s, strlen(s), 0, &scroll, 9, out, sizeof out);
	assert_true(cx <= 8);
	assert_true(u8_width(out) <= 9);
	assert_int_equal(scroll, 12);
	assert_int_equal(cx, 8);
	/* the left edge cuts 六? no: 12 columns hidden = six characters */
	assert_string_equal(out, "七八九十");
	/* cursor at the start scrolls back */
	cx = field_layout(s, 0, 0, &scroll, 9, out, sizeof out);
	assert_int_equal(cx, 0);
	assert_int_equal(scroll, 0);
	assert_string_equal(out, "一二三四>");
	/* an odd scroll cuts a wide character: a marker, never half */
	scroll = 1;
	cx = field_layout(s, 3, 0, &scroll, 9, out, sizeof out);
	assert_int_equal(cx, 1); /* 二 is drawn right after the marker */
	assert_string_equal(out, "<二三四五");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_sum_to_width),
		cmocka_unit_test(test_format_row_by_display_columns),
		cmocka_unit_test(test_list_time),
		cmocka_unit_test(test_list_screen_cells),
		cmocka_unit_test(test_list_80_columns_english),
		cmocka_unit_test(test_too_small_and_back),
		cmocka_unit_test(test_help_screen),
		cmocka_unit_test(test_detail_screen),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_field_chinese),
		cmocka_unit_test(test_field_limit_and_secret),
		cmocka_unit_test(test_field_scrolls),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
