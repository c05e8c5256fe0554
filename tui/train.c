/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "train.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/buf.h"
#include "../core/grade.h"
#include "../core/mem.h"
#include "../core/rc.h"
#include "../core/utf8.h"
#include "../net/calls.h"
#include "../net/training.h"
#include "calls.h"
#include "command.h"
#include "draw.h"
#include "loop.h"
#include "screen.h"
#include "theme.h"
#include "views.h"

#define LINE_EVERY_MS 20000 /* practice: the next caller line */
#define GAP_MS 600          /* demo: between steps that act */
#define GAP_HEADLESS_MS 150
#define LOGIN_WAIT_MS 15000
#define READY_WAIT_MS 10000
#define RESULT_WAIT_MS 5000
#define BUSY_WAIT_MS 120000

enum phase {
	PH_LOGIN,   /* waiting for the session and the agent state */
	PH_READY,   /* asked to go ready */
	PH_CALLING, /* POST of the call in flight */
	PH_SETUP,   /* the scenario's earlier tickets being created */
	PH_RUN,     /* steps (demo) or the trainee (practice) */
	PH_GATHER,  /* facts requests in flight */
	PH_POSTING, /* result POST in flight */
	PH_DONE
};

struct trun {
	struct scenario s;
	enum train_mode mode;
	double speed;
	int headless;
	enum phase phase;
	unsigned long gen; /* bumped on restart: replies of older runs drop */
	int64_t deadline;

	/* demo */
	size_t step;
	int paused, step_once;
	int64_t due_ms, wait_until;
	const char *chapter;
	int timed_out;
	char timeout_msg[300];

	/* transcript: the first n_shown say lines */
	size_t n_shown;
	int answered;
	int rang; /* the practice call rang here */
	int64_t next_line_ms;

	long call_id;
	size_t n_setup; /* earlier tickets created so far */
	time_t started;
	unsigned checklist;
	int sms;

	struct grade_facts facts;
	int pending;
	int server_error;
	char err[300];
	struct grade_card card;
	int graded;
	int exit_code;

	WINDOW *w;
	struct app *app;
	int busy_note;
	char last_msg[APP_MSG_MAX];
	int trace; /* $HOTLINE_TRAIN_TRACE: steps to stderr */
};

static struct trun *T;

/* ---- scenario options ----------------------------------------------- */

static int
key_ok(const char *name, void *ud)
{
	struct kkey k;

	(void)ud;
	return kkey_parse(name, &k) == ST_OK;
}

static int
command_ok(const char *line, void *ud)
{
	(void)ud;
	return action_of_command(line) != ACT_NONE;
}

const struct scn_opts *
train_scn_opts(int practice)
{
	static struct scn_opts o[2] = {
		{0, key_ok, command_ok, NULL},
		{1, key_ok, command_ok, NULL},
	};

	return &o[practice ? 1 : 0];
}

/* ---- helpers -------------------------------------------------------- */

static const char *
say_text(size_t i)
{
	size_t k, n = 0;

	for (k = 0; k < T->s.n_steps; k++)
		if (T->s.steps[k].kind == SCN_SAY && n++ == i)
			return T->s.steps[k].text;
	return "";
}

static const char *
agent_state(const struct app *app)
{
	if (!app->calls || !app->calls->have_st || !app->calls->st.state)
		return "";
	return app->calls->st.state;
}

static void
fail_run(struct app *app, int code, const char *what, const char *detail)
{
	snprintf(T->err, sizeof T->err, "%s%s%s", what, detail ? ": " : "",
		 detail ? detail : "");
	T->exit_code = code;
	T->server_error = code == TRAIN_EXIT_SERVER;
	T->phase = PH_DONE;
	app_msg(app, MSGL_ERROR, "【培训】%s", T->err);
	if (T->headless) {
		fprintf(stderr, "hotline: %s\n", T->err);
		app->quit = 1;
		app->exit_code = code;
	}
}

static void
iso_now(char *out, size_t cap, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- placing the call ----------------------------------------------- */

static void setup_next(struct app *app);

static int
has_desk(const struct app *app, const char *desk)
{
	size_t i;

	for (i = 0; i < app->agent.n_desks; i++)
		if (!strcmp(app->agent.desks[i], desk))
			return 1;
	return 0;
}

static void
on_call(const struct api_result *r, const struct call *c, int fallback,
	void *ud)
{
	struct app *app;
	char why[256];

	if (!T || (unsigned long)(uintptr_t)ud != T->gen ||
	    T->phase != PH_CALLING)
		return;
	app = T->app;
	if (r->st != ST_OK) {
		fail_run(app, TRAIN_EXIT_SERVER, "来电未能创建",
			 app_err_text(r, why, sizeof why));
		return;
	}
	T->call_id = c->id;
	T->started = time(NULL);
	T->phase = PH_RUN;
	if (T->s.n_tickets) {
		T->phase = PH_SETUP;
		T->n_setup = 0;
		setup_next(app);
		if (T->phase == PH_DONE)
			return;
	}
	if (fallback) {
		app_msg(app, MSGL_INFO,
			"【培训】服务器没有 /v1/training/calls (404)，"
			"已改用 POST /v1/calls：来电 %ld", c->id);
		if (T->headless)
			fprintf(stderr, "hotline: /v1/training/calls: 404, "
					"call %ld posted to /v1/calls\n",
				c->id);
	} else {
		app_msg(app, MSGL_OK, "【培训】培训来电 %ld 已创建", c->id);
	}
	app_mark(app, DIRTY_ALL);
}

static void
place_call(struct app *app)
{
	struct training_call_req q;
	const char *desk = T->s.desk;

	memset(&q, 0, sizeof q);
	q.caller = T->s.caller;
	q.desk = desk;
	q.channel = T->s.channel;
	q.ivr_intent = T->s.ivr_intent;
	q.ivr_text = T->s.ivr_text;
	q.agent = app->agent.username;
	q.scenario = *T->s.title ? T->s.title : T->s.file;
	if (!has_desk(app, desk) && app->agent.n_desks)
		q.fallback_desk = app->agent.desks[0];
	T->phase = PH_CALLING;
	if (api_training_call(app->api, &q, on_call,
			      (void *)(uintptr_t)T->gen) != 0)
		fail_run(app, TRAIN_EXIT_SERVER, "来电未能创建", NULL);
}

/* ---- the caller's earlier tickets (directive ticket) ------------------ */

static void
on_setup_ticket(const struct api_result *r, const struct ticket *t, void *ud)
{
	struct app *app;
	char why[256];

	if (!T || (unsigned long)(uintptr_t)ud != T->gen ||
	    T->phase != PH_SETUP)
		return;
	app = T->app;
	if (r->st != ST_OK || !t) {
		fail_run(app, TRAIN_EXIT_SERVER, "历史工单未能创建",
			 app_err_text(r, why, sizeof why));
		return;
	}
	if (T->trace)
		fprintf(stderr, "hotline: %s:%d: ticket %s %s\n", T->s.file,
			T->s.tickets[T->n_setup].line, t->ticket_no,
			tk_state_label(t->state));
	T->n_setup++;
	setup_next(app);
}

/* Create the next earlier ticket; after the last one the run starts and
 * the call screen asks for the caller's history again. */
static void
setup_next(struct app *app)
{
	struct training_ticket_req q;
	const struct scn_ticket *k;
	struct view *cv;

	if (T->n_setup >= T->s.n_tickets) {
		T->phase = PH_RUN;
		cv = app_find_view(app, &view_call_ops);
		if (cv && cv->ops->action) {
			char *argv[] = {(char *)(uintptr_t)"refresh", NULL};

			(void)cv->ops->action(app, cv, ACT_REFRESH, 1, argv);
		}
		app_mark(app, DIRTY_ALL);
		return;
	}
	k = &T->s.tickets[T->n_setup];
	memset(&q, 0, sizeof q);
	q.call_id = T->call_id;
	q.caller = T->s.caller;
	q.appeal_type = k->appeal_type;
	q.category_code = k->category;
	q.town_code = k->town;
	q.title = k->title;
	q.extra_code = k->extra_code;
	q.extra_value = k->extra_value;
	q.n_extra = k->n_extra;
	if (api_training_history_ticket(app->api, &q, on_setup_ticket,
					(void *)(uintptr_t)T->gen) != 0)
		fail_run(app, TRAIN_EXIT_SERVER, "历史工单未能创建", k->title);
}

/* ---- facts and the grade --------------------------------------------- */

static void finish(struct app *app);

static void
gather_done(struct app *app)
{
	if (--T->pending <= 0 && T->phase == PH_GATHER)
		finish(app);
}

static int
reply_ok(void *ud)
{
	return T && (unsigned long)(uintptr_t)ud == T->gen &&
	       T->phase == PH_GATHER;
}

static void
gather_error(const struct api_result *r, const char *what)
{
	char why[256];

	T->server_error = 1;
	snprintf(T->err, sizeof T->err, "%s: %s", what,
		 app_err_text(r, why, sizeof why));
}

static void
on_ticket_facts(const struct api_result *r, char *const *keys,
		char *const *vals, size_t n, void *ud)
{
	size_t i;

	if (!reply_ok(ud))
		return;
	if (r->st != ST_OK) {
		gather_error(r, "GET /v1/tickets");
	} else {
		T->facts.have_ticket = 1;
		for (i = 0; i < n; i++)
			grade_facts_set(&T->facts, keys[i], vals[i]);
	}
	gather_done(T->app);
}

static void
on_kb_uses(const struct api_result *r, const long *ids, size_t n, void *ud)
{
	size_t i;

	if (!reply_ok(ud))
		return;
	if (r->st != ST_OK)
		gather_error(r, "GET /v1/kb/uses");
	for (i = 0; r->st == ST_OK && i < n; i++)
		grade_facts_add_kb(&T->facts, ids[i]);
	gather_done(T->app);
}

static void
fetch_ticket(struct app *app, const char *ticket_no)
{
	void *ud = (void *)(uintptr_t)T->gen;

	grade_facts_set(&T->facts, "ticket_no", ticket_no);
	T->pending++;
	if (api_training_ticket_facts(app->api, ticket_no, on_ticket_facts,
				      ud) != 0)
		T->pending--;
	T->pending++;
	if (api_training_kb_uses(app->api, ticket_no, on_kb_uses, ud) != 0)
		T->pending--;
}

static void
on_call_facts(const struct api_result *r, const struct call *c, void *ud)
{
	struct app *app;
	const char *no = NULL;
	size_t i;

	if (!reply_ok(ud))
		return;
	app = T->app;
	if (r->st != ST_OK) {
		gather_error(r, "GET /v1/calls");
		gather_done(app);
		return;
	}
	for (i = 0; i < c->n_transfers; i++)
		grade_facts_add_transfer(&T->facts, c->transfers[i].target);
	T->facts.urged = c->n_urged > 0;
	/* the time handled: waiting, ringing, talking, hold and ACW */
	T->facts.elapsed_s = c->wait_s + c->ring_s + c->talk_s + c->hold_s +
			     c->acw_s;
	if (c->ticket_no && *c->ticket_no)
		no = c->ticket_no;
	else if (app->calls && app->calls->ticket_no &&
		 app->calls->synced_id == c->id)
		no = app->calls->ticket_no;
	if (no)
		fetch_ticket(app, no);
	gather_done(app);
}

static void
start_gather(struct app *app)
{
	if (T->phase == PH_GATHER || T->phase == PH_POSTING)
		return;
	grade_facts_free(&T->facts);
	grade_card_free(&T->card);
	T->graded = 0;
	T->phase = PH_GATHER;
	T->pending = 1;
	app_msg(app, MSGL_INFO, "【培训】正在评分……");
	if (T->call_id <= 0 ||
	    api_call_get(app->api, T->call_id, on_call_facts,
			 (void *)(uintptr_t)T->gen) != 0)
		gather_done(app);
}

static void
print_card(void)
{
	char *text = grade_card_text(&T->card, *T->s.title ? T->s.title
							     : T->s.file);

	fputs(text, stdout);
	fflush(stdout);
	free(text);
}

static void
done(struct app *app)
{
	T->phase = PH_DONE;
	if (T->headless) {
		app->quit = 1;
		app->exit_code = T->exit_code;
		return;
	}
	/* graded on demand: the run goes on (the demo's next steps, the
	 * practice call until its wrap-up grades it again) */
	if (T->call_id > 0 &&
	    ((T->mode == TRAIN_DEMO && T->step < T->s.n_steps) ||
	     (T->mode == TRAIN_PRACTICE && calls_live(app, NULL))))
		T->phase = PH_RUN;
}

static void
on_result(const struct api_result *r, void *ud)
{
	struct app *app;
	char why[256];

	if (!T || (unsigned long)(uintptr_t)ud != T->gen ||
	    T->phase != PH_POSTING)
		return;
	app = T->app;
	if (r->http_status == 404) {
		app_msg(app, MSGL_ERROR,
			"【培训】服务器没有 /v1/training/results (404)："
			"成绩只保存在本地");
		if (T->headless)
			fprintf(stderr, "hotline: /v1/training/results: 404, "
					"the grade card was not stored\n");
	} else if (r->st != ST_OK) {
		app_msg(app, MSGL_ERROR, "【培训】成绩未保存: %s",
			app_err_text(r, why, sizeof why));
		if (T->headless)
			fprintf(stderr, "hotline: /v1/training/results: %s\n",
				why);
	} else {
		app_msg(app, MSGL_OK, "【培训】成绩已保存到服务器");
	}
	done(app);
}

static const struct view_ops view_train_card_ops;

static void
finish(struct app *app)
{
	struct training_result res;
	char started[32];
	const char *no;

	T->facts.sms_sent = T->sms;
	T->facts.checklist = T->checklist;
	grade_run(&T->s, &T->facts, &T->card);
	T->graded = 1;
	if (T->server_error)
		T->exit_code = TRAIN_EXIT_SERVER;
	else if (T->timed_out || !T->card.all_passed)
		T->exit_code = TRAIN_EXIT_FAIL;
	else
		T->exit_code = TRAIN_EXIT_PASS;
	if (T->headless) {
		print_card();
		if (T->server_error)
			fprintf(stderr, "hotline: %s\n", T->err);
	} else {
		if (!app_find_view(app, &view_train_card_ops))
			app_push(app, &view_train_card_ops, NULL);
		if (T->server_error)
			app_msg(app, MSGL_ERROR, "【培训】%s", T->err);
	}
	iso_now(started, sizeof started, T->started ? T->started : time(NULL));
	no = grade_facts_get(&T->facts, "ticket_no");
	memset(&res, 0, sizeof res);
	res.scenario = T->s.file;
	res.title = T->s.title;
	res.trainee = app->agent.username;
	res.mode = T->mode == TRAIN_DEMO ? "demo" : "practice";
	res.card = &T->card;
	res.duration_s = T->facts.elapsed_s >= 0
				 ? T->facts.elapsed_s
				 : (long)(time(NULL) - T->started);
	res.started_at = started;
	res.call_id = T->call_id;
	res.ticket_no = no;
	T->phase = PH_POSTING;
	T->deadline = app_now_ms() + RESULT_WAIT_MS;
	if (api_training_result(app->api, &res, on_result,
				(void *)(uintptr_t)T->gen) != 0)
		done(app);
	app_mark(app, DIRTY_ALL);
}

/* ---- the grade card view ------------------------------------------- */

struct cardv {
	long top;
};

static void
card_open(struct app *app, struct view *v, const char *arg)
{
	(void)app;
	(void)arg;
	v->priv = xcalloc(1, sizeof(struct cardv));
}

static void
card_close(struct app *app, struct view *v)
{
	(void)app;
	FREE(v->priv);
}

static void
card_title(struct app *app, struct view *v, char *out, size_t cap)
{
	(void)app;
	(void)v;
	snprintf(out, cap, "成绩单");
}

static void
card_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct cardv *C = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), y = 0;
	long i;
	char line[600];

	(void)app;
	(void)cur;
	if (!T || !T->graded) {
		draw_fit(w, 0, 1, "【培训】正在评分……", cols - 2,
			 theme(TH_DIM));
		return;
	}
	snprintf(line, sizeof line, "%s  (%s)", *T->s.title ? T->s.title
							 : T->s.file,
		 T->mode == TRAIN_DEMO ? "演示" : "练习");
	draw_fit(w, y++, 1, line, cols - 2, theme(TH_COLHEAD));
	snprintf(line, sizeof line, "得分 %d/%d (%d%%)  及格线 %d%%  %s",
		 T->card.score, T->card.max, T->card.percent,
		 T->card.pass_mark, T->card.passed ? "及格" : "不及格");
	if (T->card.elapsed_s >= 0) {
		size_t n = strlen(line);

		snprintf(line + n, sizeof line - n, "  用时 %ld 秒",
			 T->card.elapsed_s);
	}
	draw_fit(w, y++, 1, line, cols - 2,
		 theme(T->card.passed ? TH_OK : TH_ERROR));
	y++;
	for (i = C->top; i < (long)T->card.n && y < rows; i++) {
		const struct grade_check *k = &T->card.checks[i];

		snprintf(line, sizeof line, "%s %3d  %s: %s",
			 k->passed ? "[通过]" : "[失败]", k->weight, k->name,
			 k->detail);
		draw_fit(w, y++, 1, line, cols - 2,
			 theme(k->passed ? TH_NORMAL : TH_ERROR));
	}
}

static int
card_action(struct app *app, struct view *v, enum action a, int argc,
	    char **argv)
{
	struct cardv *C = v->priv;
	long n = T ? (long)T->card.n : 0;

	(void)argc;
	(void)argv;
	switch (a) {
	case ACT_MOVE_UP:
	case ACT_PAGE_UP:
		if (C->top > 0)
			C->top--;
		break;
	case ACT_MOVE_DOWN:
	case ACT_PAGE_DOWN:
		if (C->top + 1 < n)
			C->top++;
		break;
	default:
		return TR_UNHANDLED;
	}
	app_mark(app, DIRTY_BODY);
	return TR_NONE;
}

static const struct view_ops view_train_card_ops = {
	.name = "train-card",
	.ctx = KCTX_HELP,
	.open = card_open,
	.close = card_close,
	.title = card_title,
	.draw = card_draw,
	.action = card_action,
};

/* ---- demo steps ------------------------------------------------------ */

static int
event_ok(struct app *app, int ev)
{
	const char *st = agent_state(app);

	switch (ev) {
	case SCN_EV_RINGING: return calls_call_is(app, "RINGING");
	case SCN_EV_TALKING: return calls_call_is(app, "TALKING");
	case SCN_EV_HOLD: return calls_call_is(app, "HOLD");
	case SCN_EV_ACW: return calls_call_is(app, "ACW");
	case SCN_EV_ENDED: return T->answered && !calls_live(app, NULL);
	case SCN_EV_TICKET:
		return app->calls && app->calls->ticket_no &&
		       *app->calls->ticket_no;
	case SCN_EV_IDLE:
		return !calls_live(app, NULL) &&
		       (!strcmp(st, "READY") || !strcmp(st, "NOT_READY"));
	default: return 0;
	}
}

static void
type_text(struct app *app, const char *s)
{
	size_t len = strlen(s), n;
	uint32_t cp;

	while (len && !app->quit) {
		n = u8_decode(s, len, &cp);
		if (n == 0)
			break;
		loop_key(app, kkey_norm((struct kkey){cp, 0}));
		s += n;
		len -= n;
	}
}

static void
run_command(struct app *app, const char *line)
{
	if (cmd_run(app, line) & TR_QUIT)
		app->quit = 1;
}

/* Run one step; returns 1 when it acted on the UI (a gap follows). */
static int
exec_step(struct app *app, const struct scn_step *st, int64_t now)
{
	struct kkey k;
	char *f, *v, *line;

	switch (st->kind) {
	case SCN_SAY:
		T->n_shown = (size_t)st->n_say + 1;
		return 0;
	case SCN_CHAPTER:
		T->chapter = st->text;
		return 0;
	case SCN_KEY:
		if (kkey_parse(st->text, &k) == ST_OK)
			loop_key(app, k);
		return 1;
	case SCN_TYPE:
		type_text(app, st->text);
		return 1;
	case SCN_COMMAND:
		run_command(app, st->text);
		return 1;
	case SCN_SET:
		f = rc_quote(st->arg);
		v = rc_quote(st->text);
		line = xasprintf("field %s %s", f, v);
		run_command(app, line);
		free(f);
		free(v);
		free(line);
		return 1;
	case SCN_SLEEP:
		T->due_ms = now + (int64_t)((double)st->ms / T->speed);
		return 0;
	case SCN_PAUSE:
		if (!T->headless)
			T->paused = 1;
		return 0;
	case SCN_WAIT_FOR:
		return 0;
	}
	return 0;
}

static void
run_steps(struct app *app)
{
	int64_t now = app_now_ms();

	while (T->phase == PH_RUN && T->step < T->s.n_steps && !app->quit) {
		const struct scn_step *st = &T->s.steps[T->step];

		if (T->paused && !T->step_once)
			return;
		if (T->due_ms && now < T->due_ms)
			return;
		T->due_ms = 0;
		if (st->kind == SCN_WAIT_FOR && !event_ok(app, st->event)) {
			if (!T->wait_until)
				T->wait_until = now + st->ms;
			if (now < T->wait_until)
				return;
			snprintf(T->timeout_msg, sizeof T->timeout_msg,
				 "%s:%d: wait-for %s: 超时 (%ld 秒)",
				 T->s.file, st->line, st->arg, st->ms / 1000);
			T->timed_out = 1;
			app_msg(app, MSGL_ERROR, "【培训】%s", T->timeout_msg);
			if (T->headless)
				fprintf(stderr, "hotline: %s\n",
					T->timeout_msg);
			T->step = T->s.n_steps; /* stop the script */
			break;
		}
		T->wait_until = 0;
		T->step++;
		T->step_once = 0;
		if (T->trace)
			fprintf(stderr, "hotline: %s:%d: [%s %s] %s%s%s\n",
				T->s.file, st->line, agent_state(app),
				app_top(app) ? app_top(app)->ops->name : "-",
				st->arg,
				*st->arg ? " " : "", st->text);
		if (exec_step(app, st, now) && !T->due_ms)
			T->due_ms = now + (int64_t)((T->headless ? GAP_HEADLESS_MS
								 : GAP_MS) /
						    T->speed);
		if (T->trace && app->msg[0] && strcmp(app->msg, T->last_msg)) {
			fprintf(stderr, "hotline:   -> %s\n", app->msg);
			snprintf(T->last_msg, sizeof T->last_msg, "%s",
				 app->msg);
		}
		app_mark(app, DIRTY_ALL);
	}
	if (T->phase == PH_RUN && T->step >= T->s.n_steps)
		start_gather(app);
}

/* ---- practice -------------------------------------------------------- */

static void
next_line(struct app *app, int64_t now)
{
	if (T->n_shown < T->s.n_says) {
		T->n_shown++;
		app_mark(app, DIRTY_ALL);
	}
	T->next_line_ms = now + LINE_EVERY_MS;
}

static void
practice_tick(struct app *app)
{
	int64_t now = app_now_ms();

	if (calls_call_is(app, "RINGING"))
		T->rang = 1;
	if (!T->answered) {
		/* rang out unanswered (or nobody there: --no-display) */
		if (T->rang && !calls_live(app, NULL))
			start_gather(app);
		return;
	}
	if (T->n_shown == 0 || now >= T->next_line_ms)
		next_line(app, now);
	if (!calls_live(app, NULL))
		start_gather(app); /* the call is wrapped up: grade */
}

/* ---- the run --------------------------------------------------------- */

void
train_start(struct app *app, struct scenario *s, enum train_mode mode,
	    double speed, int headless)
{
	train_stop();
	T = xcalloc(1, sizeof *T);
	T->s = *s;
	memset(s, 0, sizeof *s);
	T->mode = mode;
	T->speed = speed > 0 ? speed : 1;
	T->headless = headless;
	T->app = app;
	T->trace = getenv("HOTLINE_TRAIN_TRACE") != NULL;
	T->gen = 1;
	T->phase = PH_LOGIN;
	T->deadline = app_now_ms() + LOGIN_WAIT_MS;
	T->facts.elapsed_s = -1;
	T->exit_code = TRAIN_EXIT_FAIL;
}

void
train_stop(void)
{
	if (!T)
		return;
	scn_free(&T->s);
	grade_facts_free(&T->facts);
	grade_card_free(&T->card);
	if (T->w)
		delwin(T->w);
	FREE(T);
}

int
train_active(void)
{
	return T != NULL;
}

int
train_exit_code(void)
{
	return T ? T->exit_code : 0;
}

void
train_note_sms(void)
{
	if (T)
		T->sms = 1;
}

static void
restart(struct app *app)
{
	if (calls_live(app, NULL)) {
		app_msg(app, MSGL_ERROR, "【培训】请先结束当前来电再重新开始");
		return;
	}
	T->gen++;
	T->step = 0;
	T->paused = T->step_once = 0;
	T->due_ms = T->wait_until = 0;
	T->chapter = NULL;
	T->timed_out = 0;
	T->n_shown = 0;
	T->answered = 0;
	T->rang = 0;
	T->call_id = 0;
	T->n_setup = 0;
	T->checklist = 0;
	T->sms = 0;
	T->pending = 0;
	T->server_error = 0;
	T->graded = 0;
	grade_facts_free(&T->facts);
	grade_card_free(&T->card);
	T->phase = PH_LOGIN;
	T->deadline = app_now_ms() + LOGIN_WAIT_MS;
	{
		struct view *v = app_find_view(app, &view_train_card_ops);

		if (v)
			app_remove(app, v);
	}
	app_msg(app, MSGL_INFO, "【培训】重新开始");
	app_mark(app, DIRTY_ALL | DIRTY_LAYOUT);
}

void
train_tick(struct app *app)
{
	int64_t now;
	const char *st;

	if (!T || app->quit)
		return;
	now = app_now_ms();
	st = agent_state(app);
	if (T->phase >= PH_RUN &&
	    (calls_call_is(app, "TALKING") || calls_call_is(app, "HOLD") ||
	     calls_call_is(app, "ACW")))
		T->answered = 1;
	switch (T->phase) {
	case PH_LOGIN:
		if (app->logged_in && *st && strcmp(st, "READY") &&
		    strcmp(st, "NOT_READY") && strcmp(st, "OFFLINE")) {
			/* a call of before the run: let it end first */
			if (!T->busy_note) {
				T->busy_note = 1;
				T->deadline = now + BUSY_WAIT_MS;
				app_msg(app, MSGL_INFO, "【培训】等待当前来电结束");
			} else if (T->headless && now > T->deadline) {
				fail_run(app, TRAIN_EXIT_SERVER, "当前来电未结束",
					 st);
			}
		} else if (app->logged_in && *st) {
			if (!strcmp(st, "READY")) {
				place_call(app);
			} else {
				run_command(app, "ready");
				T->phase = PH_READY;
				T->deadline = now + READY_WAIT_MS;
			}
		} else if (T->headless && now > T->deadline) {
			fail_run(app, TRAIN_EXIT_SERVER, "登录失败",
				 app->msg[0] ? app->msg : NULL);
		}
		break;
	case PH_READY:
		if (!strcmp(st, "READY"))
			place_call(app);
		else if (now > T->deadline)
			fail_run(app, TRAIN_EXIT_SERVER, "无法示闲",
				 app->msg[0] ? app->msg : st);
		break;
	case PH_RUN:
		if (T->mode == TRAIN_DEMO)
			run_steps(app);
		else
			practice_tick(app);
		break;
	case PH_POSTING:
		if (now > T->deadline)
			done(app);
		break;
	default:
		break;
	}
}

int
train_next_timeout_ms(void)
{
	int64_t now, d;

	if (!T || T->phase != PH_RUN || T->mode != TRAIN_DEMO)
		return -1;
	if (T->paused && !T->step_once)
		return -1;
	if (!T->due_ms)
		return 50;
	now = app_now_ms();
	d = T->due_ms - now;
	return d < 0 ? 0 : d > 250 ? 250 : (int)d;
}

int
train_action(struct app *app, enum action a, int argc, char **argv)
{
	int item;

	switch (a) {
	case ACT_TRAIN_PAUSE: case ACT_TRAIN_STEP: case ACT_TRAIN_RESTART:
	case ACT_TRAIN_FASTER: case ACT_TRAIN_SLOWER:
	case ACT_TRAIN_NEXT_LINE: case ACT_TRAIN_CHECK: case ACT_GRADE:
		break;
	default:
		return TR_UNHANDLED;
	}
	if (!T) {
		app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_NOT_HERE), argv[0]);
		return TR_NONE;
	}
	switch (a) {
	case ACT_TRAIN_PAUSE:
		T->paused = !T->paused;
		app_msg(app, MSGL_INFO, "【培训】%s",
			T->paused ? "已暂停" : "继续");
		break;
	case ACT_TRAIN_STEP:
		T->paused = 1;
		T->step_once = 1;
		T->due_ms = 0;
		break;
	case ACT_TRAIN_RESTART:
		restart(app);
		break;
	case ACT_TRAIN_FASTER:
		if (T->speed < 8)
			T->speed *= 2;
		break;
	case ACT_TRAIN_SLOWER:
		if (T->speed > 0.25)
			T->speed /= 2;
		break;
	case ACT_TRAIN_NEXT_LINE:
		if (T->mode == TRAIN_PRACTICE && T->answered)
			next_line(app, app_now_ms());
		break;
	case ACT_TRAIN_CHECK:
		item = argc == 2 ? scn_checklist_parse(argv[1]) : -1;
		if (item < 0) {
			const struct action_info *ai = action_info(a);

			app_msg(app, MSGL_ERROR, "%s: %s %s", tr(MSG_USAGE),
				ai->name, ai->args);
			break;
		}
		T->checklist ^= 1u << item;
		app_msg(app, MSGL_INFO, "【培训】%s %s",
			scn_checklist_label((enum scn_checklist)item),
			T->checklist >> item & 1u ? "✓" : "✗");
		break;
	case ACT_GRADE:
		if (T->phase == PH_RUN || T->phase == PH_DONE)
			start_gather(app);
		else
			app_msg(app, MSGL_INFO, "【培训】来电尚未开始，还不能评分");
		break;
	default:
		break;
	}
	app_mark(app, DIRTY_ALL);
	return TR_NONE;
}

/* ---- the pane -------------------------------------------------------- */

int
train_rows(const struct app *app)
{
	(void)app;
	if (!T || LINES < APP_MIN_ROWS || COLS < APP_MIN_COLS)
		return 0;
	return TRAIN_ROWS;
}

void
train_layout(struct app *app, int y)
{
	(void)app;
	if (!T)
		return;
	if (T->w)
		delwin(T->w);
	T->w = newwin(TRAIN_ROWS, COLS, y, 0);
}

static void
bar_text(struct app *app, char *out, size_t cap)
{
	size_t n;
	int i;

	if (T->mode == TRAIN_DEMO) {
		snprintf(out, cap, " 【培训】演示 步骤 %zu/%zu | 速度 %gx%s | %s"
				   " | %s ",
			 T->step, T->s.n_steps, T->speed,
			 T->paused ? " | 已暂停 C-t p 继续 C-t s 单步" : "",
			 T->chapter ? T->chapter : "-", T->s.title);
		return;
	}
	snprintf(out, cap, " 【培训】练习 %s | 来电人 %zu/%zu (C-t n) | 话术",
		 T->s.title, T->n_shown, T->s.n_says);
	for (i = 0; i < SCL__COUNT; i++) {
		static const char *const short_label[SCL__COUNT] = {
			"开场", "确认", "结束"};

		n = strlen(out);
		snprintf(out + n, cap - n, " %s%s", short_label[i],
			 T->checklist >> i & 1u ? "✓" : "□");
	}
	n = strlen(out);
	if (T->started && T->phase == PH_RUN)
		snprintf(out + n, cap - n, " | 用时 %lds",
			 (long)(time(NULL) - T->started));
	(void)app;
}

void
train_draw(struct app *app)
{
	char line[1024];
	int cols, y;
	size_t first, i;

	if (!T || !T->w || !train_rows(app))
		return;
	cols = getmaxx(T->w);
	werase(T->w);
	bar_text(app, line, sizeof line);
	draw_blank(T->w, 0, 0, cols, theme(TH_HEADER));
	draw_fit(T->w, 0, 0, line, cols, theme(TH_HEADER));
	first = T->n_shown > TRAIN_ROWS - 1 ? T->n_shown - (TRAIN_ROWS - 1)
					    : 0;
	y = 1;
	if (T->n_shown == 0) {
		snprintf(line, sizeof line, " 来电人: %s",
			 *T->s.persona ? T->s.persona : "(等待接听)");
		draw_fit(T->w, y, 0, line, cols, theme(TH_DIM));
	}
	for (i = first; i < T->n_shown && y < TRAIN_ROWS; i++, y++) {
		snprintf(line, sizeof line, " 来电人: %s", say_text(i));
		draw_fit(T->w, y, 0, line, cols,
			 theme(i + 1 == T->n_shown ? TH_NORMAL : TH_DIM));
	}
	wnoutrefresh(T->w);
}

/* ---- no display ------------------------------------------------------- */

int
train_run_headless(struct app *app)
{
	while (!app->quit) {
		api_poll(app->api, -1, app_next_timeout(app));
		api_dispatch(app->api);
		app_timers(app);
		while (app->deferred_cmd && !app->quit) {
			char *line = app->deferred_cmd;

			app->deferred_cmd = NULL;
			run_command(app, line);
			free(line);
		}
		if (app->dirty && !app->quit)
			screen_draw(app);
	}
	return T ? (T->phase == PH_DONE || T->graded ? T->exit_code
						     : TRAIN_EXIT_FAIL)
		 : app->exit_code;
}

static SCREEN *headless_screen;
static FILE *headless_in, *headless_out;

WINDOW *
train_headless_start(void)
{
	WINDOW *pad;

	headless_out = fopen("/dev/null", "w");
	headless_in = fopen("/dev/null", "r");
	if (!headless_out || !headless_in)
		return NULL;
	use_env(FALSE); /* the size of xterm's terminfo entry: 80x24 */
	headless_screen = newterm("xterm", headless_out, headless_in);
	if (!headless_screen)
		headless_screen = newterm("vt100", headless_out, headless_in);
	if (!headless_screen)
		return NULL;
	set_term(headless_screen);
	noecho();
	pad = newpad(1, 1);
	if (pad) {
		keypad(pad, TRUE);
		nodelay(pad, TRUE);
	}
	return pad;
}

void
train_headless_end(WINDOW *pad)
{
	if (pad)
		delwin(pad);
	if (headless_screen) {
		endwin();
		delscreen(headless_screen);
		headless_screen = NULL;
	}
	if (headless_out)
		fclose(headless_out);
	if (headless_in)
		fclose(headless_in);
	headless_out = headless_in = NULL;
}
