/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view_intake.c - the intake form (受理): every field of the built-in
 * intake form (forms/intake.c) in order, hidden fields skipped, required
 * ones marked '*', an inline message under a field once it was left (and
 * for every field on submit).  Tab/Shift-Tab and Up/Down move between
 * fields and the form scrolls to keep the focused one visible.  Text
 * fields edit with tui/field.c; the multi-line fields (content, reply,
 * note, legal route) wrap by display columns with the cursor moving by
 * display line; choice, tree and multiple-choice fields open the picker
 * (typing filters by Chinese or pinyin initials); yes/no toggles with
 * Space.  For TRANSFER the lead unit is suggested from the category's
 * owner rule and the town, and the deadline is shown before submit.
 *
 * Nothing typed is lost: every change is saved to the draft journal
 * (durable.c) under a random draft id; submit queues the ticket in the
 * outbox and the delivery loop tells this view (intake_delivered /
 * intake_refused), which then shows the closing panel with the ticket
 * number and deadline for the agent to read out.  A refusal that names a
 * field focuses it and shows the server's message beside it.
 *
 * Also the hand-off from the online queue (intake_open.h): a claimed
 * item opens the form filled from it, the item's id riding along in the
 * draft as the pending pair intake_item_id (sent with the ticket).
 */
#include "intake.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "../core/workday.h"
#include "../forms/intake.h"
#include "../forms/resolve.h"
#include "../net/ticket_form.h"
#include "../net/training.h"
#include "calls.h"
#include "draw.h"
#include "durable.h"
#include "field.h"
#include "lineedit.h"
#include "intake_open.h"
#include "theme.h"
#include "views.h"
#include "wrap.h"

#define LABEL_COLS 16
#define LINE_MAX_BYTES 1024
#define ML_ROWS_FOCUS 6
#define ML_ROWS 2
#define MAX_PICK 4000

/* The category tree of the session (loaded once; one app per process). */
static struct {
	struct cat_list l;
	int have, loading;
	unsigned long session;
	/* the server's holiday calendar (GET /v1/holidays), for the
	 * deadline shown before submit; NULL until loaded: Mon-Fri */
	struct workcal *cal;
	int cal_loading;
} cats;

struct intake {
	struct form *f;
	char id[JOURNAL_ID_MAX + 1];
	struct journal_meta meta;
	long call_id;
	size_t cur;              /* focused field */
	size_t ml_cur;           /* byte cursor in a focused multi-line one */
	size_t top;              /* first layout row shown */
	unsigned char *touched;  /* per field: left once, show its error */
	size_t n_touched;
	int lists_units, lists_cats; /* choices applied */
	char suggested[64];      /* the lead unit we suggested */
	int submitted;           /* waiting for the outbox */
	int closing;             /* the closing panel */
	char *close_no, *close_deadline;
	char *server_msg;        /* a refusal, shown beside server_field,
				  * else above the form */
	char *server_field;      /* the form field it names, or NULL */
	char extras_for[40];     /* category whose extra fields are asked
				  * for or shown */
	unsigned long extras_gen;
	int extras_loading;      /* GET /v1/forms/{code} in flight */
	int saved;               /* a draft of this form is on disk */
};

static struct intake *
priv(struct view *v)
{
	return v->priv;
}

/* ---- lists -------------------------------------------------------------- */

static void
on_cats(const struct api_result *r, const struct cat_list *l, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale;
	size_t i;

	app_req_take(q, &stale);
	cats.loading = 0;
	if (stale || !l || r->st != ST_OK)
		return;
	cat_list_free(&cats.l);
	cats.l.items = xcalloc(l->n ? l->n : 1, sizeof *cats.l.items);
	for (i = 0; i < l->n; i++) {
		struct cat_item *d = &cats.l.items[i];

		d->code = xstrdup(l->items[i].code);
		d->name = xstrdup(l->items[i].name);
		d->parent = xstrdup(l->items[i].parent);
		d->owner = xstrdup(l->items[i].owner);
		d->limit_days = l->items[i].limit_days;
	}
	cats.l.n = l->n;
	cats.have = 1;
	cats.session = app->session;
	app_mark(app, DIRTY_BODY);
}

static void
on_cal(const struct api_result *r, struct workcal *cal, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale;

	app_req_take(q, &stale);
	cats.cal_loading = 0;
	if (stale || !cal || r->st != ST_OK) {
		workcal_free(cal);
		return;
	}
	workcal_free(cats.cal);
	cats.cal = cal;
	app_mark(app, DIRTY_BODY);
}

static void
need_cats(struct app *app)
{
	struct req *q;

	if (cats.session != app->session) {
		cat_list_free(&cats.l);
		cats.have = 0;
		workcal_free(cats.cal);
		cats.cal = NULL;
		cats.loading = cats.cal_loading = 0; /* dropped at logout */
		cats.session = app->session;
	}
	if (!cats.cal && !cats.cal_loading && app->api && app->logged_in) {
		q = app_req_new(app, NULL);
		if (api_holidays(app->api, on_cal, q) == 0) {
			cats.cal_loading = 1;
		} else {
			int stale;

			app_req_take(q, &stale);
		}
	}
	if (cats.have || cats.loading || !app->api || !app->logged_in)
		return;
	q = app_req_new(app, NULL);
	if (api_categories(app->api, on_cats, q) == 0) {
		cats.loading = 1;
	} else {
		int stale;

		app_req_take(q, &stale);
	}
}

static int
is_town(const struct unit_info *u)
{
	return strcmp(u->kind, "TOWN") == 0 ||
	       strcmp(u->kind, "STREET") == 0 || strcmp(u->kind, "PARK") == 0;
}

static void changed(struct app *app, struct intake *I, const char *code);

/* Values set by name before their list was there (the command field,
 * issue #7): a label becomes its key once the choices are known, and
 * the change takes the path of any change (a category's extra fields,
 * the lead unit, the journal). */
static void
relabel(struct app *app, struct intake *I)
{
	size_t i;

	for (i = 0; i < form_count(I->f); i++) {
		const struct form_field *x = form_field_at(I->f, i);
		char *code, *out = NULL, bad[256];

		if (form_value_is_key(x, x->value))
			continue;
		code = xstrdup(x->def.code);
		if (form_resolve_value(I->f, code, x->value, &out, bad,
				       sizeof bad) != ST_OK) {
			const char *vals[2] = {form_field_label(x), bad};
			char msg[APP_MSG_MAX];

			tr_fill(msg, sizeof msg, MSG_FIELD_BAD_VALUE, vals, 2);
			app_msg(app, MSGL_ERROR, "%s", msg);
		} else if (strcmp(out, x->value) != 0 &&
			   form_set(I->f, code, out) == ST_OK) {
			changed(app, I, code);
		}
		free(out);
		free(code);
	}
}

/* Apply the lists the client has loaded to the form's choice fields. */
static void
sync_lists(struct app *app, struct intake *I)
{
	int had = I->lists_units + I->lists_cats;

	need_cats(app);
	if (app->calls)
		calls_need(app, CL_UNITS);
	if (!I->lists_units && app->calls && app->calls->have[CL_UNITS]) {
		const struct unit_list *ul = &app->calls->units;
		struct form_choice *all = xcalloc(ul->n + 1, sizeof *all);
		struct form_choice *towns = xcalloc(ul->n + 1, sizeof *towns);
		size_t i, nt = 0;

		for (i = 0; i < ul->n; i++) {
			const struct unit_info *u = &ul->items[i];
			struct form_choice c = {u->code, u->name, NULL, NULL,
						u->short_name};

			all[i] = c;
			if (is_town(u))
				towns[nt++] = c;
		}
		(void)form_set_choices(I->f, "lead_unit_code", all, ul->n);
		(void)form_set_choices(I->f, "assist_units", all, ul->n);
		(void)form_set_choices(I->f, "town_code", towns, nt);
		free(all);
		free(towns);
		I->lists_units = 1;
	}
	if (!I->lists_cats && cats.have) {
		struct form_choice *c = xcalloc(cats.l.n + 1, sizeof *c);
		size_t i;

		for (i = 0; i < cats.l.n; i++) {
			c[i].key = cats.l.items[i].code;
			c[i].label_zh = cats.l.items[i].name;
			c[i].parent = cats.l.items[i].parent;
		}
		(void)form_set_choices(I->f, "category_code", c, cats.l.n);
		free(c);
		I->lists_cats = 1;
	}
	if (I->lists_units + I->lists_cats != had)
		relabel(app, I);
}

/* ---- the draft ---------------------------------------------------------- */

static void
save(struct app *app, struct intake *I)
{
	struct journal *j = durable_journal();
	struct kv *p = NULL;
	size_t n = 0;

	if (!j)
		return;
	form_export(I->f, FORM_EXPORT_ALL, &p, &n);
	if (journal_save(j, I->id, &I->meta, p, n) != ST_OK)
		app_msg(app, MSGL_ERROR, "%s", journal_error(j));
	else
		I->saved = 1;
	kv_free(p, n);
}

/* A value the form keeps without a field (pending): the article used,
 * the ticket already created. */
static const char *
pending(struct intake *I, const char *code)
{
	struct kv *p = NULL;
	size_t n = 0, i;
	static char buf[128];
	const char *r = NULL;

	form_export(I->f, FORM_EXPORT_ALL, &p, &n);
	for (i = 0; i < n; i++)
		if (strcmp(p[i].key, code) == 0 && *p[i].value) {
			snprintf(buf, sizeof buf, "%s", p[i].value);
			r = buf;
		}
	kv_free(p, n);
	return r;
}

static void
set_pending(struct intake *I, const char *code, const char *value)
{
	struct kv one = {(char *)(uintptr_t)code, (char *)(uintptr_t)value};

	(void)form_import(I->f, &one, 1);
}

/* ---- focus and editing --------------------------------------------------- */

static const struct form_field *
fld(struct intake *I)
{
	return form_field_at(I->f, I->cur);
}

static int
is_line(const struct form_field *x)
{
	switch (x->def.type) {
	case FT_TEXT:
	case FT_PHONE:
	case FT_NUMBER:
	case FT_DATE:
	case FT_DATETIME:
		return 1;
	default:
		return 0;
	}
}

static int
is_pick(const struct form_field *x)
{
	return x->def.type == FT_CHOICE || x->def.type == FT_TREE ||
	       x->def.type == FT_MULTI;
}

static void
load_editor(struct intake *I)
{
	const struct form_field *x = fld(I);

	if (x && is_line(x)) {
		/* readline edits it (tui/lineedit.c) */
		le_focus(NULL, I, x->def.code, x->value, LINE_MAX_BYTES);
		return;
	}
	le_leave(I, 0);
	if (x && x->def.type == FT_MULTILINE)
		I->ml_cur = strlen(x->value);
}

static void suggest_lead(struct intake *I);
static struct view *open_picker(struct app *app, struct view *v,
				struct intake *I);
static void load_extras(struct app *app, struct intake *I);

/* The focused field was left: its message shows from now on. */
static void
leave(struct intake *I)
{
	const struct form_field *x = fld(I);

	if (x && is_line(x)) /* its value joins the field's history */
		le_leave(I, 1);
	if (I->cur < I->n_touched) {
		I->touched[I->cur] = 1;
		(void)form_check_field(I->f, I->cur);
	}
}

static void
focus(struct app *app, struct intake *I, size_t to)
{
	if (to == I->cur)
		return;
	leave(I);
	I->cur = to;
	load_editor(I);
	app_mark(app, DIRTY_BODY);
}

static void
step(struct app *app, struct intake *I, int dir)
{
	size_t n = form_count(I->f), i = I->cur;

	for (;;) {
		if (dir > 0) {
			if (i + 1 >= n)
				return;
			i++;
		} else {
			if (i == 0)
				return;
			i--;
		}
		if (form_visible(I->f, i))
			break;
	}
	focus(app, I, i);
}

/* After a value changed: re-check the field when it was touched, keep
 * the focus on a visible field, suggest the lead unit, save. */
static void
changed(struct app *app, struct intake *I, const char *code)
{
	long k = form_index(I->f, code);
	size_t i;

	if (k >= 0 && (size_t)k < I->n_touched && I->touched[k])
		(void)form_check_field(I->f, (size_t)k);
	if (I->server_field && strcmp(I->server_field, code) == 0) {
		/* the agent answered the refusal there */
		FREE(I->server_field);
		FREE(I->server_msg);
	}
	if (strcmp(code, "category_code") == 0)
		load_extras(app, I);
	if (strcmp(code, "category_code") == 0 ||
	    strcmp(code, "town_code") == 0 ||
	    strcmp(code, "handling_mode") == 0)
		suggest_lead(I);
	/* the touched fields around may change with the conditions */
	for (i = 0; i < I->n_touched && i < form_count(I->f); i++)
		if (I->touched[i])
			(void)form_check_field(I->f, i);
	if (!form_visible(I->f, I->cur))
		step(app, I, 1);
	save(app, I);
	app_mark(app, DIRTY_BODY);
}

static void
commit_line(struct app *app, struct intake *I)
{
	const struct form_field *x = fld(I);
	char *code;

	if (!x)
		return;
	code = xstrdup(x->def.code);
	if (form_set(I->f, code, le_text()) == ST_OK)
		changed(app, I, code);
	free(code);
}

static void
set_value(struct app *app, struct intake *I, const char *code,
	  const char *value)
{
	enum status st = form_set(I->f, code, value);

	if (st != ST_OK) {
		app_msg(app, MSGL_ERROR, "%s: %s", code, status_msg(st));
		return;
	}
	if (fld(I) && strcmp(fld(I)->def.code, code) == 0)
		load_editor(I);
	changed(app, I, code);
}

/* ---- the lead unit suggestion (the server's rule, server/
 * routes_tickets.c routing_fields: the category's owner, inherited;
 * "UNIT:<code>" a fixed unit, "TOWN" the town of the incident) ---------- */

static void
suggest_lead(struct intake *I)
{
	char owner[64], want[64] = "";
	const char *cur = form_get(I->f, "lead_unit_code");
	int lim;

	if (cat_defaults(&cats.l, form_get(I->f, "category_code"), owner,
			 sizeof owner, &lim) != 0)
		return;
	if (strncmp(owner, "UNIT:", 5) == 0)
		snprintf(want, sizeof want, "%s", owner + 5);
	else if (strcmp(owner, "TOWN") == 0)
		snprintf(want, sizeof want, "%s", form_get(I->f, "town_code"));
	if (!*want)
		return;
	/* only over an empty value or our own earlier suggestion */
	if (cur && *cur && strcmp(cur, I->suggested) != 0)
		return;
	if (form_set(I->f, "lead_unit_code", want) == ST_OK)
		snprintf(I->suggested, sizeof I->suggested, "%s", want);
}

/* ---- per-category extra fields (GET /v1/forms/{code}) ------------------ */

/* After the extra fields changed: the focus on a field that exists. */
static void
clamp_focus(struct intake *I)
{
	size_t n = form_count(I->f);

	if (I->cur < n)
		return;
	I->cur = n ? n - 1 : 0;
	while (I->cur > 0 && !form_visible(I->f, I->cur))
		I->cur--;
	load_editor(I);
}

static struct view *
view_of(struct app *app, struct intake *I)
{
	size_t i;

	for (i = 0; i < app->n_views; i++)
		if (app->stack[i]->priv == I)
			return app->stack[i];
	return NULL;
}

static void
on_extras(const struct api_result *r, const struct form_attr *a, size_t n,
	  void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	unsigned long gen = q->tag;
	int stale;
	struct view *v = app_req_take(q, &stale);
	struct intake *I;
	enum status st;

	if (!v || stale)
		return;
	I = priv(v);
	if (gen != I->extras_gen)
		return;
	I->extras_loading = 0;
	if (r->st != ST_OK)
		return;
	form_clear_extras(I->f);
	if (n && (st = form_add_extras(I->f, a, n)) != ST_OK)
		app_msg(app, MSGL_ERROR, "%s: %s", I->extras_for,
			status_msg(st));
	/* values set before the fields came (the command field) */
	if (n)
		relabel(app, I);
	clamp_focus(I);
	app_mark(app, DIRTY_BODY);
}

/* The category changed (or a draft came back): its extra fields. */
static void
load_extras(struct app *app, struct intake *I)
{
	const char *cat = form_get(I->f, "category_code");
	struct view *v = view_of(app, I);
	struct req *q;

	if (!cat || strcmp(cat, I->extras_for) == 0 || !v)
		return;
	snprintf(I->extras_for, sizeof I->extras_for, "%s", cat);
	I->extras_gen++;
	if (form_extra_count(I->f)) {
		form_clear_extras(I->f);
		clamp_focus(I);
	}
	if (!*cat || !app->api || !app->logged_in)
		return;
	q = app_req_new(app, v);
	q->tag = I->extras_gen;
	I->extras_loading = 0;
	if (api_category_form(app->api, cat, on_extras, q) != 0) {
		int stale;

		app_req_take(q, &stale);
	} else {
		I->extras_loading = 1;
	}
}

/* ---- deadline preview --------------------------------------------------- */

/* The deadline text, "" when the appeal type is not chosen. */
static void
deadline_text(struct app *app, struct intake *I, char *out, size_t cap)
{
	struct tk_limit lim;
	struct workcal_civil c;
	char owner[8], num[16];
	const char *vals[1] = {num};
	char amount[64];
	int days = 0;
	time_t now = app->calls ? calls_now(app) : time(NULL);

	out[0] = '\0';
	(void)cat_defaults(&cats.l, form_get(I->f, "category_code"), owner,
			   sizeof owner, &days);
	if (form_intake_deadline(I->f, cats.cal, now, days, &lim) != ST_OK)
		return;
	switch (lim.kind) {
	case TK_LIMIT_NONE:
		snprintf(out, cap, "%s: %s", tr(MSG_INTAKE_DEADLINE),
			 tr(MSG_INTAKE_NO_DEADLINE));
		return;
	case TK_LIMIT_WORKDAYS:
		snprintf(num, sizeof num, "%d", lim.amount);
		tr_fill(amount, sizeof amount, MSG_INTAKE_WORKDAYS, vals, 1);
		break;
	default:
		snprintf(amount, sizeof amount, "%s",
			 tr(MSG_INTAKE_TWO_HOURS));
		break;
	}
	workcal_split(lim.due, &c);
	snprintf(out, cap, "%s: %04d-%02d-%02d %02d:%02d (%s)",
		 tr(MSG_INTAKE_DEADLINE), c.year, c.month, c.day, c.hour,
		 c.minute, amount);
}

/* ---- open / close ------------------------------------------------------- */

/* The focus on the first field the agent has to fill (else the first
 * shown one). */
static void
first_empty(struct intake *I)
{
	size_t n = form_count(I->f), i;

	for (i = 0; i < n && !form_visible(I->f, i); i++)
		;
	I->cur = i < n ? i : 0;
	for (i = 0; i < n; i++) {
		const struct form_field *x = form_field_at(I->f, i);

		if (form_visible(I->f, i) && !*x->value) {
			I->cur = i;
			break;
		}
	}
}

static void
intake_vopen(struct app *app, struct view *v, const char *arg)
{
	struct intake *I = xcalloc(1, sizeof *I);
	size_t n;

	v->priv = I;
	I->f = form_new_intake();
	snprintf(I->meta.kind, sizeof I->meta.kind, "intake");
	arg = arg ? arg : "";
	if (strncmp(arg, "draft:", 6) == 0 && durable_journal()) {
		struct kv *p = NULL;
		size_t np = 0;

		snprintf(I->id, sizeof I->id, "%s", arg + 6);
		if (journal_load(durable_journal(), I->id, &p, &np,
				 &I->meta) == ST_OK) {
			(void)form_import(I->f, p, np);
			kv_free(p, np);
			I->call_id = strtol(I->meta.call_id, NULL, 10);
		} else {
			app_msg(app, MSGL_ERROR, "%s",
				journal_error(durable_journal()));
		}
	} else {
		durable_new_id(I->id, sizeof I->id);
		if (strncmp(arg, "call:", 5) == 0) {
			const struct call *c = NULL;

			I->call_id = strtol(arg + 5, NULL, 10);
			snprintf(I->meta.call_id, sizeof I->meta.call_id,
				 "%ld", I->call_id);
			if (calls_live(app, &c) && c->id == I->call_id) {
				char digits[32];

				if (c->channel && *c->channel)
					(void)form_set(I->f, "channel",
						       c->channel);
				if (c->caller &&
				    form_phone_digits(c->caller, digits,
						      sizeof digits) == 0)
					(void)form_set(I->f, "caller_phone",
						       c->caller);
				if (c->desk && *c->desk)
					(void)form_set(I->f, "desk", c->desk);
			}
		} else if (strncmp(arg, "channel:", 8) == 0) {
			(void)form_set(I->f, "channel", arg + 8);
		}
	}
	n = form_count(I->f);
	I->n_touched = n + 64; /* extra fields may come */
	I->touched = xcalloc(I->n_touched, 1);
	first_empty(I);
	load_editor(I);
	sync_lists(app, I);
	/* saved from the first change on: an untouched form leaves no
	 * draft behind (a reopened draft is on disk already) */
	I->saved = strncmp(arg, "draft:", 6) == 0;
	/* a draft with a category: its extra fields (the typed values wait
	 * as pending values until they arrive) */
	if (*form_get(I->f, "category_code")) {
		struct req *q = app_req_new(app, v);

		snprintf(I->extras_for, sizeof I->extras_for, "%s",
			 form_get(I->f, "category_code"));
		q->tag = ++I->extras_gen;
		if (!app->api || api_category_form(app->api, I->extras_for,
						   on_extras, q) != 0) {
			int stale;

			app_req_take(q, &stale);
		} else {
			I->extras_loading = 1;
		}
	}
}

static void
intake_vclose(struct app *app, struct view *v)
{
	struct intake *I = v->priv;

	(void)app;
	if (fld(I) && is_line(fld(I)))
		le_leave(I, 1);
	le_leave(I, 0);
	form_free(I->f);
	free(I->touched);
	free(I->close_no);
	free(I->close_deadline);
	free(I->server_msg);
	free(I->server_field);
	FREE(v->priv);
}

static void
intake_title(struct app *app, struct view *v, char *out, size_t cap)
{
	struct intake *I = v->priv;
	const char *phone = form_get(I->f, "caller_phone");

	(void)app;
	if (I->call_id > 0 && phone && *phone)
		snprintf(out, cap, "%s · %s %s", tr(MSG_INTAKE_TITLE),
			 tr(MSG_INTAKE_FROM_CALL), phone);
	else
		snprintf(out, cap, "%s", tr(MSG_INTAKE_TITLE));
}

/* ---- drawing ------------------------------------------------------------ */

struct wl {
	size_t start[512], len[512];
	size_t n;
	const char *base;
};

static void
wl_cb(const char *line, size_t len, void *ud)
{
	struct wl *w = ud;

	if (w->n < 512) {
		w->start[w->n] = (size_t)(line - w->base);
		w->len[w->n] = len;
		w->n++;
	}
}

static void
wrap_lines(const char *s, size_t cols, struct wl *w)
{
	w->n = 0;
	w->base = s;
	wrap_text(s, cols, wl_cb, w);
}

/* The wrapped line holding byte offset off, and the column in it. */
static size_t
wl_line_of(const struct wl *w, size_t off, size_t *col)
{
	size_t i, best = 0;

	for (i = 0; i < w->n; i++)
		if (w->start[i] <= off)
			best = i;
	if (col) {
		size_t l = off - w->start[best];

		if (l > w->len[best])
			l = w->len[best];
		*col = u8_nwidth(w->base + w->start[best], l);
	}
	return best;
}

/* The byte offset at column col of wrapped line i. */
static size_t
wl_offset_at(const struct wl *w, size_t i, size_t col)
{
	const char *s = w->base + w->start[i];
	size_t off = 0, used = 0, wd;

	while (off < w->len[i]) {
		size_t n = u8_next_cluster(s + off, w->len[i] - off, &wd);

		if (!n || used + wd > col)
			break;
		used += wd;
		off += n;
	}
	return w->start[i] + off;
}

static int
value_cols(int cols)
{
	return cols - LABEL_COLS - 2 > 10 ? cols - LABEL_COLS - 2 : 10;
}

static void choice_text(const struct form_field *x, char *out, size_t cap);

/* The server's refusal naming field i: 0 none, 1 on the field's own row
 * after its value (when it fits), 2 on a row under it. */
static int
srv_place(struct intake *I, size_t i, int cols)
{
	const struct form_field *x = form_field_at(I->f, i);
	char buf[2048];
	size_t vw, mw;

	if (!I->server_msg || !I->server_field ||
	    strcmp(I->server_field, x->def.code) != 0)
		return 0;
	if (x->def.type == FT_MULTILINE)
		return 2;
	if (is_line(x)) {
		vw = u8_width(x->value);
	} else {
		choice_text(x, buf, sizeof buf);
		vw = u8_width(buf);
	}
	mw = u8_width(I->server_msg) + 2;
	if ((size_t)LABEL_COLS + 1 + vw + 2 + mw <= (size_t)cols)
		return 1;
	return 2;
}

static int
field_rows(struct intake *I, size_t i, int cols)
{
	const struct form_field *x = form_field_at(I->f, i);
	int rows = 1;

	if (x->def.type == FT_MULTILINE) {
		struct wl w;
		int want = i == I->cur ? ML_ROWS_FOCUS : ML_ROWS;

		wrap_lines(x->value, (size_t)value_cols(cols), &w);
		rows = (int)w.n < want ? (int)w.n : want;
		if (i == I->cur && rows < 3)
			rows = 3;
		if (rows < 1)
			rows = 1;
	}
	if (i < I->n_touched && I->touched[i] && form_error(I->f, i))
		rows++;
	if (srv_place(I, i, cols) == 2)
		rows++;
	return rows;
}

/* The shown text of a choice-like value: labels. */
static void
choice_text(const struct form_field *x, char *out, size_t cap)
{
	const char *v = x->value;
	size_t off = 0;

	out[0] = '\0';
	if (x->def.type == FT_YESNO) {
		snprintf(out, cap, "%s",
			 strcmp(v, "yes") == 0  ? "是 yes"
			 : strcmp(v, "no") == 0 ? "否 no"
						: v);
		return;
	}
	if (x->def.type == FT_TREE) {
		char *path = form_tree_path(x, v);

		snprintf(out, cap, "%s", path ? path : v);
		free(path);
		return;
	}
	while (*v && off < cap) {
		const char *e = strchr(v, ',');
		size_t n = e ? (size_t)(e - v) : strlen(v);
		char key[128];
		long k;

		snprintf(key, sizeof key, "%.*s", (int)n, v);
		k = form_choice_index(x, key);
		off += (size_t)snprintf(out + off, cap - off, "%s%s",
					off ? ", " : "",
					k >= 0 ? form_choice_label(x, (size_t)k)
					       : key);
		v += n;
		if (*v == ',')
			v++;
	}
}

static void
draw_closing(struct app *app, struct intake *I, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w), y;
	char line[512], spaced[128];
	const char *no = I->close_no ? I->close_no : "";
	const char *dl = I->close_deadline ? I->close_deadline : "";
	const char *vals[2] = {no, dl};
	size_t i, o = 0;

	(void)app;
	/* the number in groups, easy to read out: DG 2026 1128 000123 */
	for (i = 0; no[i] && o + 2 < sizeof spaced; i++) {
		if (i == 2 || i == 6 || i == 10)
			spaced[o++] = ' ';
		spaced[o++] = no[i];
	}
	spaced[o] = '\0';
	y = rows / 2 - 5;
	if (y < 0)
		y = 0;
	draw_center(w, y, tr(MSG_INTAKE_ACCEPTED), theme(TH_OK) | A_BOLD);
	snprintf(line, sizeof line, "%s: %s", tr(MSG_INTAKE_NUMBER), no);
	draw_center(w, y + 2, line, A_BOLD);
	draw_center(w, y + 3, spaced, A_BOLD | A_STANDOUT);
	if (*dl) {
		snprintf(line, sizeof line, "%s: %s", tr(MSG_INTAKE_DEADLINE),
			 dl);
		draw_center(w, y + 5, line, A_BOLD);
		tr_fill(line, sizeof line, MSG_INTAKE_SCRIPT, vals, 2);
	} else {
		tr_fill(line, sizeof line, MSG_INTAKE_SCRIPT_NODL, vals, 1);
	}
	{
		struct wl wl;
		size_t k;

		wrap_lines(line, (size_t)(cols > 8 ? cols - 8 : cols), &wl);
		for (k = 0; k < wl.n && y + 7 + (int)k < rows - 1; k++)
			draw_text(w, y + 7 + (int)k, 4, line + wl.start[k],
				  (int)u8_nwidth(line + wl.start[k],
						 wl.len[k]),
				  theme(TH_NORMAL));
	}
	draw_center(w, rows - 1, tr(MSG_INTAKE_ANYKEY), theme(TH_DIM));
}

static void
intake_draw(struct app *app, struct view *v, WINDOW *w, struct cursor *cur)
{
	struct intake *I = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w), vc = value_cols(cols);
	int area, y, r, head = 0;
	size_t i, n, focus_row = 0, focus_h = 1, row;
	char buf[2048], dl[160];

	if (I->closing) {
		draw_closing(app, I, w);
		return;
	}
	sync_lists(app, I);
	n = form_count(I->f);
	if (I->server_msg && !I->server_field) {
		snprintf(buf, sizeof buf, "%s: %s", tr(MSG_INTAKE_REFUSED),
			 I->server_msg);
		draw_fit(w, 0, 0, buf, cols, theme(TH_ERROR));
		head = 1;
	}
	area = rows - 2 - head;
	if (area < 3)
		area = 3;
	/* layout: rows of each visible field, the focused one kept shown */
	row = 0;
	for (i = 0; i < n; i++) {
		if (!form_visible(I->f, i))
			continue;
		if (i == I->cur) {
			focus_row = row;
			focus_h = (size_t)field_rows(I, i, cols);
		}
		row += (size_t)field_rows(I, i, cols);
	}
	if (focus_row < I->top)
		I->top = focus_row;
	if (focus_row + focus_h > I->top + (size_t)area)
		I->top = focus_row + focus_h - (size_t)area;
	row = 0;
	for (i = 0; i < n; i++) {
		const struct form_field *x = form_field_at(I->f, i);
		int h, focused = i == I->cur && !I->submitted;
		int srv = srv_place(I, i, cols), srv_row = srv == 2;
		attr_t la = theme(TH_LABEL);
		char label[128];

		if (!form_visible(I->f, i))
			continue;
		h = field_rows(I, i, cols);
		y = (int)row - (int)I->top + head;
		row += (size_t)h;
		if (y + h <= head || y >= head + area)
			continue;
		snprintf(label, sizeof label, "%s%s",
			 form_required(I->f, i) ? "*" : " ",
			 form_field_label(x));
		if (y >= head)
			draw_fit(w, y, 0, label, LABEL_COLS,
				 focused ? la | A_BOLD | A_REVERSE : la);
		if (is_line(x)) {
			if (focused && !le_owns(I, x->def.code))
				/* back from the ':' line (never taken from an
				 * open one: le_focus waits then) */
				le_focus(app, I, x->def.code, x->value,
					 LINE_MAX_BYTES);
			if (focused && le_owns(I, x->def.code)) {
				size_t cx = le_render((size_t)vc, buf,
						      sizeof buf);

				draw_fit(w, y, LABEL_COLS + 1, buf, vc,
					 A_UNDERLINE);
				cur->w = w;
				cur->y = y;
				cur->x = LABEL_COLS + 1 + (int)cx;
			} else if (focused) { /* the ':' line has readline */
				draw_fit(w, y, LABEL_COLS + 1, x->value, vc,
					 A_UNDERLINE);
			} else {
				draw_fit(w, y, LABEL_COLS + 1, x->value, vc,
					 theme(TH_NORMAL));
			}
		} else if (x->def.type == FT_MULTILINE) {
			struct wl wl;
			size_t col = 0, li, first = 0;
			int shown = h - srv_row -
				    ((i < I->n_touched && I->touched[i] &&
				      form_error(I->f, i))
					     ? 1
					     : 0);

			wrap_lines(x->value, (size_t)vc, &wl);
			if (focused) {
				li = wl_line_of(&wl, I->ml_cur, &col);
				if (li >= (size_t)shown)
					first = li - (size_t)shown + 1;
			} else {
				li = 0;
			}
			for (r = 0; r < shown; r++) {
				size_t k = first + (size_t)r;

				if (y + r < head || y + r >= head + area)
					continue;
				draw_blank(w, y + r, LABEL_COLS + 1, vc,
					   focused ? A_UNDERLINE : 0);
				if (k < wl.n)
					draw_text(w, y + r, LABEL_COLS + 1,
						  x->value + wl.start[k],
						  (int)u8_nwidth(
							  x->value +
								  wl.start[k],
							  wl.len[k]),
						  focused ? A_UNDERLINE : 0);
			}
			if (focused && y + (int)(li - first) >= head &&
			    y + (int)(li - first) < head + area) {
				cur->w = w;
				cur->y = y + (int)(li - first);
				cur->x = LABEL_COLS + 1 + (int)col;
			}
		} else {
			choice_text(x, buf, sizeof buf);
			if (!*buf && focused)
				snprintf(buf, sizeof buf, "[%s]",
					 tr(MSG_INTAKE_PICK));
			draw_fit(w, y, LABEL_COLS + 1, buf, vc,
				 focused ? A_REVERSE : theme(TH_NORMAL));
		}
		if (i < I->n_touched && I->touched[i] && form_error(I->f, i) &&
		    y + h - 1 - srv_row >= head &&
		    y + h - 1 - srv_row < head + area) {
			snprintf(buf, sizeof buf, "  ↳ %s",
				 form_error(I->f, i));
			draw_fit(w, y + h - 1 - srv_row, LABEL_COLS + 1, buf,
				 vc, theme(TH_ERROR));
		}
		/* the server's refusal naming this field, beside it */
		if (srv == 1 && y >= head && y < head + area) {
			int sx;

			if (is_line(x)) {
				sx = LABEL_COLS + 1 + (int)u8_width(x->value);
			} else {
				choice_text(x, buf, sizeof buf);
				sx = LABEL_COLS + 1 + (int)u8_width(buf);
			}
			sx += 2;
			snprintf(buf, sizeof buf, "← %s", I->server_msg);
			draw_fit(w, y, sx, buf, cols - sx,
				 theme(TH_ERROR) | A_BOLD);
		} else if (srv == 2 && y + h - 1 >= head &&
			   y + h - 1 < head + area) {
			snprintf(buf, sizeof buf, "  ↳ %s: %s",
				 tr(MSG_INTAKE_REFUSED), I->server_msg);
			draw_fit(w, y + h - 1, LABEL_COLS + 1, buf, vc,
				 theme(TH_ERROR) | A_BOLD);
		}
	}
	/* the deadline and the keys at the bottom */
	deadline_text(app, I, dl, sizeof dl);
	if (I->submitted)
		snprintf(buf, sizeof buf, "%s  %s", tr(MSG_INTAKE_SENDING), dl);
	else
		snprintf(buf, sizeof buf, "%s", dl);
	draw_fit(w, rows - 2, 0, buf, cols,
		 I->submitted ? theme(TH_WARN) : theme(TH_COLHEAD));
	draw_fit(w, rows - 1, 0, tr(MSG_INTAKE_KEYS), cols, theme(TH_DIM));
	if (I->submitted)
		cur->w = NULL;
}

/* ---- multi-line editing ------------------------------------------------- */

static void
ml_set(struct app *app, struct intake *I, const char *text)
{
	char *code = xstrdup(fld(I)->def.code);

	if (form_set(I->f, code, text) == ST_OK)
		changed(app, I, code);
	free(code);
}

static int
ml_key(struct app *app, struct intake *I, struct kkey k)
{
	const struct form_field *x = fld(I);
	const char *s = x->value;
	size_t len = strlen(s), c = I->ml_cur > len ? len : I->ml_cur;
	struct wl wl;
	size_t col, li;
	char *t;

	if (k.mods)
		return TR_UNHANDLED;
	switch (k.code) {
	case KK_LEFT:
		I->ml_cur = u8_prev_cluster(s, c);
		break;
	case KK_RIGHT:
		I->ml_cur = c + u8_next_cluster(s + c, len - c, NULL);
		break;
	case KK_UP:
	case KK_DOWN:
		wrap_lines(s, (size_t)value_cols(app->cols), &wl);
		li = wl_line_of(&wl, c, &col);
		if (k.code == KK_UP && li == 0)
			return TR_UNHANDLED; /* to the field above */
		if (k.code == KK_DOWN && li + 1 >= wl.n)
			return TR_UNHANDLED;
		I->ml_cur = wl_offset_at(&wl, k.code == KK_UP ? li - 1 : li + 1,
					 col);
		break;
	case KK_HOME:
		wrap_lines(s, (size_t)value_cols(app->cols), &wl);
		I->ml_cur = wl.start[wl_line_of(&wl, c, NULL)];
		break;
	case KK_END:
		wrap_lines(s, (size_t)value_cols(app->cols), &wl);
		li = wl_line_of(&wl, c, NULL);
		I->ml_cur = wl.start[li] + wl.len[li];
		break;
	case KK_BACKSPACE:
	case KK_DELETE: {
		size_t a = c, b = c;

		if (k.code == KK_BACKSPACE)
			a = u8_prev_cluster(s, c);
		else
			b = c + u8_next_cluster(s + c, len - c, NULL);
		if (a == b)
			break;
		t = xmalloc(len + 1);
		memcpy(t, s, a);
		memcpy(t + a, s + b, len - b + 1);
		I->ml_cur = a;
		ml_set(app, I, t);
		free(t);
		break;
	}
	case KK_ENTER:
	case KK_SPACE:
	default: {
		char enc[4];
		size_t m;
		uint32_t cp = k.code == KK_ENTER ? '\n'
			      : k.code == KK_SPACE ? ' '
						   : k.code;

		if (cp >= KK_BASE || (cp < 0x20 && cp != '\n') || cp == 0x7f)
			return TR_UNHANDLED;
		m = u8_encode(cp, enc);
		if (!m)
			return TR_UNHANDLED;
		t = xmalloc(len + m + 1);
		memcpy(t, s, c);
		memcpy(t + c, enc, m);
		memcpy(t + c + m, s + c, len - c + 1);
		I->ml_cur = c + m;
		ml_set(app, I, t);
		free(t);
		break;
	}
	}
	app_mark(app, DIRTY_BODY);
	return TR_NONE;
}

/* ---- keys ----------------------------------------------------------------- */

static int
intake_key(struct app *app, struct view *v, struct kkey k)
{
	struct intake *I = v->priv;
	const struct form_field *x;

	if (I->closing) {
		if (k.code == KK_RESIZE)
			return TR_NONE;
		/* function and Meta keys pass (F8 hangs up with the number
		 * still shown); a text key, Enter or Esc closes the panel */
		if (k.mods || (k.code >= KK_BASE && k.code != KK_ENTER &&
			       k.code != KK_SPACE && k.code != KK_ESC))
			return TR_UNHANDLED;
		app_remove(app, v);
		app_mark(app, DIRTY_ALL);
		return TR_NONE;
	}
	if (I->submitted || !(x = fld(I)))
		return TR_UNHANDLED;
	if (is_line(x)) {
		enum le_result r;

		if (!le_owns(I, x->def.code))
			le_focus(app, I, x->def.code, x->value,
				 LINE_MAX_BYTES);
		r = le_key(app, I, k);
		if (r == LE_UNUSED)
			return TR_UNHANDLED;
		if (r == LE_CHANGED && strcmp(le_text(), x->value) != 0)
			commit_line(app, I);
		app_mark(app, DIRTY_BODY);
		return TR_NONE;
	}
	if (k.code == KK_TAB || k.code == KK_BTAB || k.code == KK_ESC)
		return TR_UNHANDLED;
	if (x->def.type == FT_MULTILINE)
		return ml_key(app, I, k);
	/* typing on a list field opens the list filtered by what is typed
	 * (Space is the toggle key, bound) */
	if (is_pick(x) && !k.mods && k.code != KK_SPACE && k.code != ' ' &&
	    kkey_is_text(k)) {
		struct view *pv = open_picker(app, v, I);

		if (pv && pv->ops->key)
			pv->ops->key(app, pv, k);
		return TR_NONE;
	}
	return TR_UNHANDLED;
}

/* ---- the picker ----------------------------------------------------------- */

static struct view *
open_picker(struct app *app, struct view *v, struct intake *I)
{
	const struct form_field *x = fld(I);
	struct pick_item *items;
	char **keep;
	size_t n = 0, i, nk = 0;
	const char *by = NULL;
	char cmd[128];
	struct view *pv;

	if (!x || !is_pick(x))
		return NULL;
	if (x->def.choices_by)
		by = form_get(I->f, x->def.choices_by);
	items = xcalloc(x->def.n_choices + 1, sizeof *items);
	keep = xcalloc(2 * x->def.n_choices + 1, sizeof *keep);
	for (i = 0; i < x->def.n_choices && n < MAX_PICK; i++) {
		const struct form_choice *c = &x->choices[i];

		if (by && *by && c->parent && strcmp(c->parent, by) != 0)
			continue;
		if (x->def.type == FT_TREE &&
		    (x->def.flags & FF_LEAF_ONLY) &&
		    form_tree_has_children(x, c->key))
			continue;
		if (x->def.type == FT_TREE) {
			char *path = form_tree_path(x, c->key);

			keep[nk++] = path;
			items[n].label = path ? path : c->key;
		} else {
			items[n].label = form_choice_label(x, i);
		}
		keep[nk++] = xasprintf("%s\t%s\t%s\t%s", c->label_zh,
				       c->alias ? c->alias : "", c->key,
				       items[n].label);
		items[n].match = keep[nk - 1];
		items[n].value = c->key;
		if (x->def.type == FT_MULTI &&
		    form_choice_index(x, c->key) >= 0) {
			/* mark the chosen ones */
			const char *val = x->value, *p = strstr(val, c->key);
			size_t kl = strlen(c->key);

			if (p && (p == val || p[-1] == ',') &&
			    (p[kl] == ',' || p[kl] == '\0'))
				items[n].right = "✓";
		}
		n++;
	}
	snprintf(cmd, sizeof cmd, "intake-set %s", x->def.code);
	pv = picker_open(app, v, form_field_label(x), NULL, PICK_FILTER, items,
			 n, cmd);
	for (i = 0; i < nk; i++)
		free(keep[i]);
	free(keep);
	free(items);
	return pv;
}

/* 并单: the open tickets of the same caller to merge into. */
static void
on_merge_page(const struct api_result *r, const struct ticket_page *page,
	      void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	int stale;
	struct view *v = app_req_take(q, &stale);
	struct pick_item *items;
	char **keep;
	size_t i, n = 0;
	const char *own;

	if (!v || stale || !app_net_result(app, r))
		return;
	if (r->st != ST_OK || !page) {
		app_msg(app, MSGL_ERROR, "%s", r->message);
		return;
	}
	own = pending(priv(v), "ticket_no");
	items = xcalloc(page->n + 1, sizeof *items);
	keep = xcalloc(page->n + 1, sizeof *keep);
	for (i = 0; i < page->n; i++) {
		const struct ticket *t = &page->items[i];

		if (!tk_state_is_open(t->state) ||
		    (own && strcmp(own, t->ticket_no) == 0))
			continue;
		keep[n] = xasprintf("%s  %s  %s", t->ticket_no,
				    tk_state_label(t->state),
				    t->title ? t->title : "");
		items[n].label = keep[n];
		items[n].match = keep[n];
		items[n].value = t->ticket_no;
		n++;
	}
	if (n)
		picker_open(app, v,
			    form_field_label(form_field(priv(v)->f,
							"merge_into")),
			    NULL, PICK_FILTER, items, n,
			    "intake-set merge_into");
	else
		app_msg(app, MSGL_INFO, "%s", tr(MSG_INTAKE_NO_OPEN));
	for (i = 0; i < n; i++)
		free(keep[i]);
	free(keep);
	free(items);
}

static void
merge_pick(struct app *app, struct view *v, struct intake *I)
{
	const char *ph = form_get(I->f, "caller_phone");
	const struct call *c = NULL;
	char digits[32];
	struct req *q;
	int rc;

	if (!ph || !*ph)
		ph = form_get(I->f, "contact_phone");
	if (!ph || !*ph ||
	    form_phone_digits(ph, digits, sizeof digits) != 0 || !*digits) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_INTAKE_NEED_PHONE));
		return;
	}
	if (!app->api)
		return;
	q = app_req_new(app, v);
	/* a form of a training call (issue #7) merges only into the
	 * caller's training tickets (the server refuses a mix anyway) */
	if (I->call_id && calls_live(app, &c) && c && c->id == I->call_id &&
	    c->training)
		rc = api_training_tickets_by_phone(app->api, digits,
						   on_merge_page, q);
	else
		rc = api_tickets_by_phone(app->api, digits, on_merge_page, q);
	if (rc != 0) {
		int stale;

		app_req_take(q, &stale);
	}
}

/* A multiple choice: add key, or remove it when chosen. */
static char *
multi_toggle(const char *val, const char *key)
{
	char *out = xcalloc(strlen(val) + strlen(key) + 2, 1);
	const char *s = val;
	size_t o = 0;
	int found = 0;

	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == strlen(key) && strncmp(s, key, n) == 0) {
			found = 1;
		} else if (n) {
			if (o)
				out[o++] = ',';
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
		if (*s == ',')
			s++;
	}
	if (!found) {
		if (o)
			out[o++] = ',';
		memcpy(out + o, key, strlen(key));
		o += strlen(key);
	}
	out[o] = '\0';
	return out;
}

/* ---- submit --------------------------------------------------------------- */

static void
submit(struct app *app, struct intake *I)
{
	struct outbox *o = durable_outbox();
	struct outbox_item it;
	struct kv *p = NULL;
	size_t n = 0, first = 0, bad, i;
	char *body = NULL, why[160], callid[32], num[24];
	const char *kind = TICKET_FORM_KIND_CREATE, *ref = I->id, *tno;
	const char *vals[1] = {num};

	if (is_line(fld(I)))
		commit_line(app, I);
	bad = form_validate(I->f, &first);
	if (bad) {
		char msg[APP_MSG_MAX];

		for (i = 0; i < I->n_touched && i < form_count(I->f); i++)
			I->touched[i] = 1;
		snprintf(num, sizeof num, "%zu", bad);
		tr_fill(msg, sizeof msg, MSG_INTAKE_INVALID, vals, 1);
		app_msg(app, MSGL_ERROR, "%s", msg);
		if (first != I->cur) {
			I->cur = first;
			load_editor(I);
		}
		app_mark(app, DIRTY_BODY);
		return;
	}
	if (!o || !durable_journal()) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_INTAKE_NO_STATE));
		return;
	}
	save(app, I);
	memset(&it, 0, sizeof it);
	if (outbox_find_ref(o, I->id, &it) == ST_OK) {
		int failed = it.state == OB_FAILED;
		uint64_t seq = it.seq;

		outbox_item_free(&it);
		if (!failed) {
			app_msg(app, MSGL_INFO, "%s",
				tr(MSG_INTAKE_ALREADY_QUEUED));
			I->submitted = 1;
			return;
		}
		(void)outbox_discard(o, seq);
	}
	form_export(I->f, FORM_EXPORT_WIRE, &p, &n);
	tno = pending(I, "ticket_no");
	if (tno) {
		/* created earlier, its decision refused: decide again */
		char tbuf[64];

		snprintf(tbuf, sizeof tbuf, "%s", tno);
		memset(&it, 0, sizeof it);
		if (outbox_find_ref(o, tbuf, &it) == ST_OK) {
			int failed = it.state == OB_FAILED;

			if (failed)
				(void)outbox_discard(o, it.seq);
			outbox_item_free(&it);
			if (!failed) {
				app_msg(app, MSGL_INFO, "%s",
					tr(MSG_INTAKE_ALREADY_QUEUED));
				I->submitted = 1;
				kv_free(p, n);
				return;
			}
		}
		body = api_ticket_decision_from_pairs(p, n, &kind);
		if (body && kind)
			(void)outbox_push(o, kind, tbuf, body, strlen(body),
					  NULL, NULL);
		ref = NULL;
	} else {
		const char *item = pending(I, TICKET_FORM_ITEM_KEY);

		if (item) {
			/* from the online queue: the item it records */
			p = xrealloc(p, (n + 1) * sizeof *p);
			p[n].key = xstrdup(TICKET_FORM_ITEM_KEY);
			p[n].value = xstrdup(item);
			n++;
		}
		snprintf(callid, sizeof callid, "%ld", I->call_id);
		body = api_ticket_body_from_pairs(I->f, p, n,
						  I->call_id > 0 ? callid
								 : NULL,
						  why, sizeof why);
		if (!body) {
			app_msg(app, MSGL_ERROR, "%s", why);
			kv_free(p, n);
			return;
		}
		if (outbox_push(o, kind, ref, body, strlen(body), NULL,
				NULL) != ST_OK) {
			app_msg(app, MSGL_ERROR, "%s", outbox_error(o));
			free(body);
			kv_free(p, n);
			return;
		}
	}
	free(body);
	kv_free(p, n);
	FREE(I->server_msg);
	FREE(I->server_field);
	I->submitted = 1;
	app_msg(app, MSGL_INFO, "%s", tr(MSG_INTAKE_QUEUED));
	app_mark(app, DIRTY_BODY | DIRTY_STATUS);
	durable_kick(app);
}

/* ---- the command field (issue #7: trainer scenarios' `set` steps) ------- */

/* The value words of `field CODE VALUE...` joined by spaces; NULL when
 * there is no value word.  Caller frees. */
static char *
field_words(int argc, char **argv)
{
	size_t len = 0;
	char *s;
	int i;

	if (argc < 3)
		return NULL;
	for (i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xcalloc(len + 1, 1);
	for (i = 2; i < argc; i++) {
		if (i > 2)
			strncat(s, " ", len - strlen(s));
		strncat(s, argv[i], len - strlen(s));
	}
	return s;
}

/* The category's extra fields may still come: they are being fetched,
 * or the category was set by name before the category list arrived. */
static int
extras_coming(struct intake *I)
{
	const struct form_field *c = form_field(I->f, "category_code");

	if (I->extras_loading)
		return 1;
	return c && *c->value &&
	       (!I->lists_cats || !form_value_is_key(c, c->value));
}

/* `field CODE VALUE` on form v: the value by key or label, then the same
 * path as typing (set_value: checks, journal, deadline, lead unit). */
static void
field_cmd(struct app *app, struct view *v, int argc, char **argv)
{
	struct intake *I = priv(v);
	const struct action_info *ai = action_info(ACT_FIELD);
	char *value = field_words(argc, argv), *out = NULL, bad[256];
	const char *vals[2];
	char msg[APP_MSG_MAX];
	enum status st;
	long k;

	if (!value) {
		app_msg(app, MSGL_ERROR, "%s: %s %s", tr(MSG_USAGE), ai->name,
			ai->args);
		return;
	}
	if (I->submitted || I->closing) {
		app_msg(app, MSGL_ERROR, "%s", tr(MSG_FIELD_SUBMITTED));
		free(value);
		return;
	}
	st = form_resolve_value(I->f, argv[1], value, &out, bad, sizeof bad);
	vals[0] = argv[1];
	if (st == ST_NOT_FOUND && extras_coming(I) && argv[1][0]) {
		/* a field of the category's extra fields, still on its way:
		 * kept as a pending value, applied (labels resolved) when
		 * they arrive */
		set_pending(I, argv[1], value);
		save(app, I);
		tr_fill(msg, sizeof msg, MSG_FIELD_PENDING, vals, 1);
		app_msg(app, MSGL_INFO, "%s", msg);
	} else if (st == ST_NOT_FOUND) {
		tr_fill(msg, sizeof msg, MSG_FIELD_UNKNOWN, vals, 1);
		app_msg(app, MSGL_ERROR, "%s", msg);
	} else if (st != ST_OK) {
		vals[0] = form_field_label(form_field(I->f, argv[1]));
		vals[1] = bad;
		tr_fill(msg, sizeof msg, MSG_FIELD_BAD_VALUE, vals, 2);
		app_msg(app, MSGL_ERROR, "%s", msg);
	} else {
		set_value(app, I, argv[1], out);
		k = form_index(I->f, argv[1]);
		if (k >= 0 && (size_t)k < I->n_touched) {
			I->touched[k] = 1;
			(void)form_check_field(I->f, (size_t)k);
		}
		app_mark(app, DIRTY_BODY);
	}
	free(out);
	free(value);
}

/* ---- actions -------------------------------------------------------------- */

static int
intake_action(struct app *app, struct view *v, enum action a, int argc,
	      char **argv)
{
	struct intake *I = v->priv;
	const struct form_field *x = fld(I);

	if (I->closing) {
		if (a == ACT_BACK) {
			app_remove(app, v);
			return TR_NONE;
		}
		if (a == ACT_FIELD) {
			field_cmd(app, v, argc, argv);
			return TR_NONE;
		}
		return TR_UNHANDLED;
	}
	if (I->submitted && a != ACT_BACK && a != ACT_INTAKE_SUBMIT &&
	    a != ACT_FIELD)
		return TR_UNHANDLED;
	switch (a) {
	case ACT_FIELD: /* issue #7: `field CODE VALUE` (scenario `set`) */
		field_cmd(app, v, argc, argv);
		return TR_NONE;
	case ACT_NEXT_FIELD:
	case ACT_MOVE_DOWN:
		step(app, I, 1);
		return TR_NONE;
	case ACT_PREV_FIELD:
	case ACT_MOVE_UP:
		step(app, I, -1);
		return TR_NONE;
	case ACT_INTAKE_PICK:
	case ACT_INTAKE_TOGGLE:
		if (a == ACT_INTAKE_PICK && argc > 1) { /* focus FIELD first */
			long k = form_index(I->f, argv[1]);

			if (k < 0 || !form_visible(I->f, (size_t)k)) {
				app_msg(app, MSGL_ERROR, "%s: %s",
					status_msg(ST_NOT_FOUND), argv[1]);
				return TR_NONE;
			}
			focus(app, I, (size_t)k);
			x = fld(I);
		}
		if (!x)
			return TR_NONE;
		if (x->def.type == FT_YESNO) {
			set_value(app, I, x->def.code,
				  strcmp(x->value, "yes") == 0 ? "no" : "yes");
		} else if (is_pick(x)) {
			open_picker(app, v, I);
		} else if (a == ACT_INTAKE_PICK &&
			   strcmp(x->def.code, "merge_into") == 0 &&
			   !*x->value) {
			merge_pick(app, v, I);
		} else if (a == ACT_INTAKE_PICK) {
			step(app, I, 1);
		}
		return TR_NONE;
	case ACT_INTAKE_SET:
		if (argc < 2)
			return TR_NONE;
		x = form_field(I->f, argv[1]);
		if (!x) {
			app_msg(app, MSGL_ERROR, "%s: %s",
				status_msg(ST_NOT_FOUND), argv[1]);
			return TR_NONE;
		}
		if (x->def.type == FT_MULTI && argc > 2) {
			char *nv = multi_toggle(x->value, argv[2]);

			set_value(app, I, argv[1], nv);
			free(nv);
		} else {
			set_value(app, I, argv[1], argc > 2 ? argv[2] : "");
			if (fld(I) && strcmp(fld(I)->def.code, argv[1]) == 0)
				step(app, I, 1);
		}
		return TR_NONE;
	case ACT_INTAKE_SUBMIT:
		if (I->submitted) {
			durable_kick(app);
			return TR_NONE;
		}
		submit(app, I);
		return TR_NONE;
	case ACT_INTAKE_DISCARD:
		if (durable_journal())
			(void)journal_discard(durable_journal(), I->id);
		app_msg(app, MSGL_INFO, "%s", tr(MSG_INTAKE_DISCARDED));
		app_remove(app, v);
		return TR_NONE;
	case ACT_BACK:
		if (!I->submitted && I->saved)
			app_msg(app, MSGL_INFO, "%s", tr(MSG_INTAKE_SAVED));
		app_remove(app, v);
		return TR_NONE;
	default:
		return TR_UNHANDLED;
	}
}

const struct view_ops view_intake_ops = {
	.name = "intake",
	.ctx = KCTX_INTAKE,
	.open = intake_vopen,
	.close = intake_vclose,
	.title = intake_title,
	.draw = intake_draw,
	.key = intake_key,
	.action = intake_action,
};

/* ---- what the others tell this view ---------------------------------------- */

static struct view *
find_draft(struct app *app, const char *id)
{
	size_t i;

	for (i = 0; id && *id && i < app->n_views; i++) {
		struct view *v = app->stack[i];

		if (v->ops == &view_intake_ops &&
		    strcmp(priv(v)->id, id) == 0)
			return v;
	}
	return NULL;
}

struct view *
intake_find_call(struct app *app, long call_id)
{
	size_t i;

	for (i = app->n_views; i-- > 0;) {
		struct view *v = app->stack[i];

		if (v->ops == &view_intake_ops && !priv(v)->closing &&
		    (call_id == 0 || priv(v)->call_id == call_id))
			return v;
	}
	return NULL;
}

struct view *
intake_open(struct app *app, const char *arg)
{
	return app_push(app, &view_intake_ops, arg);
}

/* v to the top of the stack, the views it owns (its picker) above it:
 * the form comes back as it is, nothing reloaded. */
static void
raise_view(struct app *app, struct view *v)
{
	size_t k, n = app->n_views, top;
	int i = app_view_index(app, v);

	if (i < 0 || v == app_top(app))
		return;
	for (k = (size_t)i; k + 1 < n; k++)
		app->stack[k] = app->stack[k + 1];
	app->stack[n - 1] = v;
	/* its overlays after it, in their order */
	top = n - 1;
	for (k = 0; k < top;) {
		struct view *o = app->stack[k];
		size_t m;

		if (o->owner != v->id) {
			k++;
			continue;
		}
		for (m = k; m + 1 < n; m++)
			app->stack[m] = app->stack[m + 1];
		app->stack[n - 1] = o;
		top--;
	}
	app->n_pending = 0;
	app_mark(app, DIRTY_ALL);
}

/* The newest intake draft bound to call_id in the journal: its id into
 * out.  0 when there is none. */
static int
call_draft(long call_id, char *out, size_t cap)
{
	struct journal *j = durable_journal();
	struct journal_entry *e = NULL;
	size_t n = 0, i;
	int found = 0;

	if (!j || call_id <= 0 || journal_list(j, &e, &n) != ST_OK)
		return 0;
	n = intake_drafts_only(e, n);
	for (i = 0; i < n && !found; i++)
		if (strtol(e[i].meta.call_id, NULL, 10) == call_id) {
			snprintf(out, cap, "%s", e[i].id);
			found = 1;
		}
	free(e);
	return found;
}

struct view *
intake_for_call(struct app *app, long call_id)
{
	struct view *v = intake_find_call(app, call_id);
	char arg[JOURNAL_ID_MAX + 8];

	if (v) {
		raise_view(app, v);
		return v;
	}
	/* closed with Esc: its draft, as typed */
	if (call_draft(call_id, arg + 6, sizeof arg - 6)) {
		memcpy(arg, "draft:", 6);
		return intake_open(app, arg);
	}
	snprintf(arg, sizeof arg, "call:%ld", call_id);
	return intake_open(app, arg);
}

void
intake_created(struct app *app, const char *draft_id, const char *ticket_no)
{
	struct view *v = find_draft(app, draft_id);

	if (!v || !ticket_no || !*ticket_no)
		return;
	set_pending(priv(v), "ticket_no", ticket_no);
	save(app, priv(v));
}

void
intake_delivered(struct app *app, const char *draft_id,
		 const struct ticket *t)
{
	struct view *v = find_draft(app, draft_id);
	char buf[APP_MSG_MAX];
	const char *no = t && t->ticket_no ? t->ticket_no : "";
	const char *vals[1] = {no};

	if (!v) {
		tr_fill(buf, sizeof buf, MSG_INTAKE_DONE_MSG, vals, 1);
		app_msg(app, MSGL_OK, "%s", buf);
		return;
	}
	{
		struct intake *I = priv(v);
		const char *tn = pending(I, "ticket_no");
		char dl[40] = "";

		I->submitted = 0;
		I->closing = 1;
		free(I->close_no);
		I->close_no = xstrdup(*no ? no : tn ? tn : "");
		if (t && t->deadline && *t->deadline) {
			time_t due = iso_to_time(t->deadline);
			struct workcal_civil c;

			if (due != (time_t)-1) {
				workcal_split(due, &c);
				snprintf(dl, sizeof dl,
					 "%04d-%02d-%02d %02d:%02d", c.year,
					 c.month, c.day, c.hour, c.minute);
			}
		}
		free(I->close_deadline);
		I->close_deadline = xstrdup(dl);
	}
	app_mark(app, DIRTY_ALL);
}

void
intake_refused(struct app *app, const char *draft_id, const char *message,
	       const char *field)
{
	struct view *v = find_draft(app, draft_id);
	struct intake *I;
	char arg[JOURNAL_ID_MAX + 8];
	long k;

	if (!v) {
		snprintf(arg, sizeof arg, "draft:%s", draft_id);
		v = intake_open(app, arg);
		if (!v)
			return;
	}
	I = priv(v);
	I->submitted = 0;
	free(I->server_msg);
	I->server_msg = xstrdup(message ? message : "");
	FREE(I->server_field);
	/* a field the agent can change: focus it, the message beside it */
	k = field && *field ? form_index(I->f, field) : -1;
	if (k >= 0 && form_visible(I->f, (size_t)k)) {
		I->server_field = xstrdup(field);
		if ((size_t)k != I->cur) {
			leave(I);
			I->cur = (size_t)k;
			load_editor(I);
		}
	}
	app_msg(app, MSGL_ERROR, "%s: %s", tr(MSG_INTAKE_REFUSED),
		I->server_msg);
	app_mark(app, DIRTY_ALL);
}

int
intake_use_answer(struct app *app, long call_id, const char *title,
		  const char *answer, long article_id)
{
	struct view *v = intake_find_call(app, call_id);
	struct intake *I;
	char id[24];

	if (!v && call_id > 0) {
		/* the call's form, opened under the pane asking (the
		 * knowledge base stays on top) */
		char arg[40];
		size_t n;

		snprintf(arg, sizeof arg, "call:%ld", call_id);
		v = intake_open(app, arg);
		n = app->n_views;
		if (v && n >= 2 && app->stack[n - 1] == v) {
			app->stack[n - 1] = app->stack[n - 2];
			app->stack[n - 2] = v;
			app_mark(app, DIRTY_ALL);
		}
	}
	if (!v)
		return 0;
	I = priv(v);
	if (I->submitted)
		return 0;
	if (!*form_get(I->f, "handling_mode"))
		(void)form_set(I->f, "handling_mode", "DIRECT");
	if (title && *title && !*form_get(I->f, "title"))
		(void)form_set(I->f, "title", title);
	(void)form_set(I->f, "direct_reply", answer ? answer : "");
	if (article_id > 0) {
		snprintf(id, sizeof id, "%ld", article_id);
		set_pending(I, "kb_article_id", id);
	}
	load_editor(I);
	changed(app, I, "direct_reply");
	return 1;
}

void
intake_call_key(struct app *app, long call_id, enum intake_call_op op)
{
	struct view *v = intake_for_call(app, call_id);
	struct intake *I;

	if (!v || v->ops != &view_intake_ops)
		return;
	I = priv(v);
	if (op == INTAKE_CALL_OPEN || I->closing)
		return;
	if (I->submitted) {
		durable_kick(app);
		return;
	}
	/* 直接办结: the mode chosen, then submitted as M-s would (a field
	 * still missing, the reply first of all, gets the focus) */
	if (op == INTAKE_CALL_DIRECT &&
	    strcmp(form_get(I->f, "handling_mode"), "DIRECT") != 0)
		set_value(app, I, "handling_mode", "DIRECT");
	submit(app, I);
}

/* ---- the online queue's hand-off (intake_open.h) ------------------------ */

void
intake_open_item(struct app *app, const struct intake_item *it)
{
	char id[24], arg[JOURNAL_ID_MAX + 16], head[512], num[24];
	const char *vals[1] = {num};
	const char *phone = it->citizen_phone ? it->citizen_phone : "";
	struct view *v;
	struct intake *I;
	size_t i;

	snprintf(id, sizeof id, "%ld", it->id);
	snprintf(num, sizeof num, "%ld", it->id);
	/* its form already open: bring it back to the top */
	for (i = app->n_views; i-- > 0;) {
		const char *had;

		v = app->stack[i];
		if (v->ops != &view_intake_ops || priv(v)->closing)
			continue;
		had = pending(priv(v), TICKET_FORM_ITEM_KEY);
		if (!had || strcmp(had, id) != 0)
			continue;
		raise_view(app, v);
		return;
	}
	if (it->channel && *it->channel)
		snprintf(arg, sizeof arg, "channel:%s", it->channel);
	else
		arg[0] = '\0';
	v = intake_open(app, arg);
	if (!v)
		return;
	I = priv(v);
	/* the citizen's number is where the answer goes (联系电话); an SMS
	 * came from it, so it is also the caller's (来电号码) */
	if (*phone && form_phone_ok(phone, 0)) {
		(void)form_set(I->f, "contact_phone", phone);
		if (it->channel && strcmp(it->channel, "SMS") == 0)
			(void)form_set(I->f, "caller_phone", phone);
	}
	if (it->citizen_name && *it->citizen_name)
		(void)form_set(I->f, "caller_name", it->citizen_name);
	intake_item_headline(it, head, sizeof head);
	if (*head)
		(void)form_set(I->f, "title", head);
	if (it->content && *it->content)
		(void)form_set(I->f, "content", it->content);
	set_pending(I, TICKET_FORM_ITEM_KEY, id);
	first_empty(I);
	load_editor(I);
	save(app, I);
	app_msg(app, MSGL_OK, "%s",
		tr_fill(head, sizeof head, MSG_ONLINE_CLAIMED, vals, 1));
	app_mark(app, DIRTY_ALL);
}

void
intake_list_drafts(struct app *app)
{
	struct journal *j = durable_journal();
	struct journal_entry *e = NULL;
	struct pick_item *items;
	char **keep;
	size_t n = 0, i;

	if (j && journal_list(j, &e, &n) == ST_OK)
		n = intake_drafts_only(e, n);
	if (!j || n == 0) {
		app_msg(app, MSGL_INFO, "%s", tr(MSG_INTAKE_NO_DRAFTS));
		free(e);
		return;
	}
	items = xcalloc(n, sizeof *items);
	keep = xcalloc(n, sizeof *keep);
	for (i = 0; i < n; i++) {
		struct kv *p = NULL;
		size_t np = 0;
		const char *title = NULL, *phone = NULL;
		char when[40];
		time_t t = (time_t)(e[i].meta.updated_ms / 1000);
		struct workcal_civil c;

		if (journal_load(j, e[i].id, &p, &np, NULL) == ST_OK) {
			title = api_kv_get(p, np, "title");
			phone = api_kv_get(p, np, "caller_phone");
		}
		workcal_split(t, &c);
		snprintf(when, sizeof when, "%02d-%02d %02d:%02d", c.month,
			 c.day, c.hour, c.minute);
		keep[i] = xasprintf("%s  %s  %s", when,
				    title && *title ? title : "-",
				    phone && *phone ? phone : "");
		kv_free(p, np);
		items[i].label = keep[i];
		items[i].value = e[i].id;
	}
	picker_open(app, NULL, tr(MSG_INTAKE_DRAFTS), NULL, PICK_FILTER,
		    items, n, "draft-open");
	for (i = 0; i < n; i++)
		free(keep[i]);
	free(keep);
	free(items);
	free(e);
}

/* `field CODE VALUE` from another screen (issue #7): the form bound to
 * the live call (opened when there is none), else the top-most form. */
int
intake_field(struct app *app, int argc, char **argv)
{
	const struct call *c = NULL;
	struct view *v = NULL;
	size_t i;

	if (calls_live(app, &c) && c && c->id > 0 &&
	    strcmp(c->state, "RINGING") != 0) {
		for (i = app->n_views; i-- > 0 && !v;)
			if (app->stack[i]->ops == &view_intake_ops &&
			    priv(app->stack[i])->call_id == c->id)
				v = app->stack[i];
		if (!v) {
			/* opened as M-i on the call screen opens it (with
			 * what the call's minimal draft holds) */
			struct view *cv = app_find_view(app, &view_call_ops);
			char arg[40], *av[] = {(char *)(uintptr_t)"intake",
					       NULL};

			if (cv && cv->ops->action)
				(void)cv->ops->action(app, cv, ACT_INTAKE, 1,
						      av);
			v = intake_find_call(app, c->id);
			if (!v) {
				snprintf(arg, sizeof arg, "call:%ld", c->id);
				v = intake_open(app, arg);
			}
		}
	} else {
		v = intake_find_call(app, 0);
	}
	if (!v)
		return TR_UNHANDLED;
	field_cmd(app, v, argc, argv);
	return TR_NONE;
}
