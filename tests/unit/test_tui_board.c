/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tui_board.c - the supervisor board (tui/view_board.c,
 * tui/board_events.c): the chart's bar helpers, and the board drawn into
 * an off-screen curses terminal while events arrive (agent.state, queue,
 * stats.live with hostile data, broadcast), with sort, filter and ack
 * commands.  No network: the app has no api.
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

#include "../../core/callmodel.h"
#include "../../core/i18n.h"
#include "../../core/mem.h"
#include "../../core/utf8.h"
#include "../../keymaps/keymap.h"
#include "../../net/calls.h"
#include "../../tui/app.h"
#include "../../tui/board.h"
#include "../../tui/calls.h"
#include "../../tui/command.h"
#include "../../tui/screen.h"
#include "../../tui/theme.h"
#include "../../tui/views.h"

#define S(x) ((char *)(uintptr_t)(x))

static void
test_eighths(void **state)
{
	(void)state;
	assert_int_equal(board_bar_eighths(0, 10, 5), 0);
	assert_int_equal(board_bar_eighths(10, 10, 5), 40);
	assert_int_equal(board_bar_eighths(11, 10, 5), 40);
	assert_int_equal(board_bar_eighths(5, 10, 5), 20);
	/* one call of a busy day still shows (rounded up) */
	assert_int_equal(board_bar_eighths(1, 1000, 5), 1);
	assert_int_equal(board_bar_eighths(3, 0, 5), 0);
	assert_int_equal(board_bar_eighths(3, 10, 0), 0);
}

static void
test_glyphs(void **state)
{
	(void)state;
	assert_string_equal(board_bar_glyph(0, 0, 0), " ");
	assert_string_equal(board_bar_glyph(-3, 0, 0), " ");
	assert_string_equal(board_bar_glyph(1, 0, 0), "▁");
	assert_string_equal(board_bar_glyph(8, 0, 0), "█");
	assert_string_equal(board_bar_glyph(20, 0, 0), "█");
	assert_string_equal(board_bar_glyph(8, 0, 1), "░");
	assert_string_equal(board_bar_glyph(3, 0, 1), " ");
	assert_string_equal(board_bar_glyph(8, 1, 0), "#");
	assert_string_equal(board_bar_glyph(4, 1, 1), ".");
	assert_string_equal(board_bar_glyph(3, 1, 0), " ");
}


/* ---- the board on an off-screen terminal ------------------------------- */

#include "tui_screen.h"

/* The body and the status bar as text, rows joined by '\n'. */
static char *
screen_text(struct app *app)
{
	static char out[32768];
	char row[1024];
	size_t off = 0;
	int y;

	app_mark(app, DIRTY_ALL);
	screen_draw(app);
	out[0] = '\0';
	screen_row(app->w_header, 0, row, sizeof row);
	off += (size_t)snprintf(out + off, sizeof out - off, "%s\n", row);
	for (y = 0; y < getmaxy(app->w_body); y++) {
		screen_row(app->w_body, y, row, sizeof row);
		off += (size_t)snprintf(out + off, sizeof out - off, "%s\n",
					row);
	}
	screen_row(app->w_status, 0, row, sizeof row);
	snprintf(out + off, sizeof out - off, "%s\n", row);
	return out;
}

static struct app *
app_up(void)
{
	struct app *app = xcalloc(1, sizeof *app);

	app->cfg = config_new();
	app->server_url = xstrdup("http://127.0.0.1:9");
	app->logged_in = 1; /* nothing is sent: api is NULL */
	app->conn = CONN_ONLINE;
	app->agent.username = xstrdup("demo-supervisor");
	app->agent.display_name = xstrdup("演示班长");
	app->agent.role = ROLE_SUPERVISOR;
	app->calls = xcalloc(1, sizeof *app->calls);
	return app;
}

static void
app_down(struct app *app)
{
	app_clear_views(app);
	calls_stop(app);
	screen_free(app);
	agent_info_free(&app->agent);
	config_free(app->cfg);
	free(app->server_url);
	free(app);
}

static void
agent_event(struct app *app, const char *user, const char *st,
	    const char *reason, long ago)
{
	struct api_event ev;
	static char *desks[] = { S("GENERAL") };

	memset(&ev, 0, sizeof ev);
	ev.type = AEV_AGENT_STATE;
	ev.raw_type = "agent.state";
	ev.u.state.username = S(user);
	ev.u.state.state = S(st);
	ev.u.state.reason = S(reason);
	ev.u.state.after_call = S("");
	ev.u.state.after_call_reason = S("");
	ev.u.state.since = time(NULL) - ago;
	ev.u.state.desks = desks;
	ev.u.state.n_desks = 1;
	board_event(app, &ev);
}

static void
raw_event(struct app *app, const char *type, const char *data)
{
	struct api_event ev;

	memset(&ev, 0, sizeof ev);
	ev.type = AEV_UNKNOWN;
	ev.raw_type = type;
	ev.why = "";
	ev.data = data;
	ev.data_len = strlen(data);
	board_event(app, &ev);
}

/* Line of text holding needle, or NULL. */
static const char *
line_with(const char *text, const char *needle, char *line, size_t cap)
{
	const char *p = strstr(text, needle), *b, *e;

	if (!p)
		return NULL;
	for (b = p; b > text && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	snprintf(line, cap, "%.*s", (int)(e - b), b);
	return line;
}

static void
test_board_live(void **state)
{
	struct app *app;
	struct view *v;
	struct api_event ev;
	struct queue_info qi = { S("GENERAL"), 4, 75, 0 };
	char *t, line[1024];
	const char *a, *b;

	(void)state;
	curses_up(24, 80);
	app = app_up();
	app_push(app, &view_list_ops, NULL);
	v = app_push(app, &view_board_ops, NULL);
	screen_layout(app);
	assert_ptr_equal(app_top(app), v);

	t = screen_text(app);
	assert_non_null(strstr(t, "1 总览"));
	assert_non_null(strstr(t, "暂无数据")); /* no live reply: no api */

	/* agents appear through agent.state, time in state ticks from
	 * since */
	agent_event(app, "a1001", "NOT_READY", "MEAL", 125);
	agent_event(app, "a1002", "TALKING", "", 5);
	agent_event(app, "a1003", "READY", "", 3600);
	t = screen_text(app);
	assert_non_null(line_with(t, "a1001", line, sizeof line));
	assert_non_null(strstr(line, "示忙"));
	assert_non_null(strstr(line, "02:0")); /* 02:05 or 02:06 */
	assert_non_null(line_with(t, "a1003", line, sizeof line));
	assert_non_null(strstr(line, "示闲"));
	assert_non_null(strstr(line, "60:0"));
	/* default sort: on a call first, ready last */
	a = strstr(t, "a1002");
	b = strstr(t, "a1001");
	assert_true(a && b && a < b);
	assert_true(strstr(t, "a1003") > b);

	/* the queue event */
	memset(&ev, 0, sizeof ev);
	ev.type = AEV_QUEUE;
	ev.raw_type = "queue";
	ev.u.queues.items = &qi;
	ev.u.queues.n = 1;
	board_event(app, &ev);
	t = screen_text(app);
	assert_non_null(line_with(t, "综合 ", line, sizeof line));
	assert_non_null(strstr(line, " 4 "));
	assert_non_null(strstr(line, "01:15"));

	/* stats.live: KPI tiles; a hostile name elsewhere is harmless, a
	 * broken event changes nothing */
	raw_event(app, "stats.live",
		  "{\"today\":{\"offered\":321,\"answer_rate\":0.9567,"
		  "\"aht_s\":185},\"tickets\":{\"overdue\":7},"
		  "\"queues\":[{\"desk\":\"CARE\\u001b[2J\",\"waiting\":2}]}");
	raw_event(app, "stats.live", "{\"today\":{\"offered\":\"x\"}}");
	t = screen_text(app);
	assert_non_null(line_with(t, "今日", line, sizeof line));
	assert_non_null(strstr(line, "321"));
	assert_non_null(strstr(line, "95.7%"));
	assert_non_null(strstr(line, "03:05"));
	assert_non_null(strstr(t, "超期 7"));
	assert_null(strchr(t, 0x1b));
	assert_null(strstr(t, "综合 ")); /* the live queues replaced them */

	/* sort by calls, filter by state, then clear */
	cmd_run(app, "filter state=READY");
	t = screen_text(app);
	assert_non_null(strstr(t, "a1003"));
	assert_null(strstr(t, "a1001"));
	assert_non_null(strstr(t, "state=READY"));
	cmd_run(app, "filter desk=CARE");
	t = screen_text(app);
	assert_null(strstr(t, "a1003"));
	cmd_run(app, "filter");
	cmd_run(app, "sort name");
	t = screen_text(app);
	a = strstr(t, "a1001");
	b = strstr(t, "a1002");
	assert_true(a && b && a < b);
	cmd_run(app, "sort nosuch");
	assert_non_null(strstr(app->msg, "sort"));

	/* an agent going offline leaves the grid */
	agent_event(app, "a1002", "OFFLINE", "", 0);
	t = screen_text(app);
	assert_null(strstr(t, "a1002"));

	/* a page of its own for the chart: no data yet */
	cmd_run(app, "board-page 3");
	t = screen_text(app);
	assert_non_null(strstr(t, "分时段呼入"));
	cmd_run(app, "board-page 9");
	assert_non_null(strstr(app->msg, "board-page"));

	app_down(app);
	curses_down();
}

static void
test_broadcast_status_bar(void **state)
{
	struct app *app;
	struct api_event ev;
	char *t, line[1024];

	(void)state;
	curses_up(24, 80);
	app = app_up();
	app->agent.role = ROLE_AGENT;
	free(app->agent.username);
	app->agent.username = xstrdup("demo-agent");
	app_push(app, &view_list_ops, NULL);
	screen_layout(app);

	memset(&ev, 0, sizeof ev);
	ev.type = AEV_BROADCAST;
	ev.raw_type = "broadcast";
	ev.u.broadcast.id = 9;
	ev.u.broadcast.message = S("防汛\n注意");
	ev.u.broadcast.from = S("sup");
	ev.u.broadcast.desk = S("");
	board_event(app, &ev);
	board_event(app, &ev); /* the same id twice: once */
	ev.u.broadcast.id = 3; /* an older one goes first */
	ev.u.broadcast.message = S("早会");
	board_event(app, &ev);
	t = screen_text(app);
	assert_non_null(line_with(t, "广播", line, sizeof line));
	assert_non_null(strstr(line, "早会"));
	assert_non_null(strstr(line, "(+1)"));
	assert_int_equal(app->calls->bcasts.n, 2);
	cmd_run(app, "ack");
	t = screen_text(app);
	assert_non_null(line_with(t, "广播", line, sizeof line));
	assert_non_null(strstr(line, "防汛 注意"));
	cmd_run(app, "ack");
	t = screen_text(app);
	assert_null(strstr(t, "防汛"));
	cmd_run(app, "ack");
	assert_non_null(strstr(app->msg, "没有待确认的广播"));
	/* agents: no board, no export */
	cmd_run(app, "board");
	assert_non_null(strstr(app->msg, "仅限班长"));
	assert_null(app_find_view(app, &view_board_ops));
	cmd_run(app, "export report /tmp/x");
	assert_non_null(strstr(app->msg, "仅限班长"));

	app_down(app);
	curses_down();
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eighths),
		cmocka_unit_test(test_glyphs),
		cmocka_unit_test(test_board_live),
		cmocka_unit_test(test_broadcast_status_bar),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
