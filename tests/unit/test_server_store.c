/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_server_store.c - the SQLite store through its interface
 * (server/store.h): migrations, seed in one transaction (rolled back on a
 * fault), sessions, login failures, forms inheritance, ticket creation with
 * idempotency and daily numbers, compare-and-swap updates, append-only
 * events, listing with a cursor, concurrent writers; and the seed reader
 * (server/seed.c) on the real data set.
 *
 * Run from the repository root (reads data/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/mem.h"
#include "core/ticket.h"
#include "server/auth.h"
#include "server/seed.h"
#include "server/store.h"

#define NOW 1795897130LL /* 2026-11-28T20:18:50Z = 11-29 04:18 local */

struct fx {
	char dir[64];
	char path[128];
	struct store *st;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/hotline-store.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	f->st = store_sqlite_open(f->path);
	if (!f->st)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[160];

	if (f->st)
		f->st->ops->close(f->st);
	snprintf(p, sizeof p, "%s/t.db", f->dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/t.db-wal", f->dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/t.db-shm", f->dir);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

#define D(s) xstrdup(s)

static void
unit(struct store_unit *u, const char *code, const char *name,
     const char *kind)
{
	u->code = D(code);
	u->name = D(name);
	u->short_name = D(name);
	u->kind = D(kind);
	u->duty_phone = D("0769-1");
	u->parent_code = D("");
}

static void
category(struct store_category *c, const char *code, const char *name,
	 const char *parent, const char *owner, int limit)
{
	c->code = D(code);
	c->name = D(name);
	c->parent_code = D(parent);
	c->owner = D(owner);
	c->limit_days = limit;
	c->desk = D("");
}

static void
form(struct store_form_field *f, const char *cat, const char *code,
     const char *label, const char *type, int req, int order,
     const char *values)
{
	f->category_code = D(cat);
	f->field_code = D(code);
	f->label = D(label);
	f->datatype = D(type);
	f->required = req;
	f->order = order;
	f->values = D(values);
	f->description = D("");
}

static void
agent(struct store_agent *a, const char *name)
{
	a->username = D(name);
	a->display_name = D("演示坐席");
	a->role = ROLE_AGENT;
	a->desks = D("GENERAL");
	a->pw_hash = D("unhashed");
}

/* A small hand-made seed: 2 units, 3 categories, forms, 2 agents and one
 * ticket (in an unknown category when bad_ticket).  seed_data_free. */
static void
mini_seed(struct seed_data *d, int bad_ticket)
{
	struct seed_ticket *t;

	memset(d, 0, sizeof *d);
	d->units = xcalloc(2, sizeof *d->units);
	unit(&d->units[0], "DONGCHENG", "东城街道", "STREET");
	unit(&d->units[1], "EEB", "东莞市生态环境局", "DEPT");
	d->n_units = 2;
	d->categories = xcalloc(3, sizeof *d->categories);
	category(&d->categories[0], "05", "生态环境", "", "UNIT:EEB", 0);
	category(&d->categories[1], "0501", "噪声污染", "05", "TOWN", 0);
	category(&d->categories[2], "050101", "建筑施工噪声", "0501", "", 5);
	d->n_categories = 3;
	d->forms = xcalloc(3, sizeof *d->forms);
	form(&d->forms[0], "05", "source", "污染源", "string", 1, 2, "");
	form(&d->forms[1], "050101", "period", "时段", "singlevaluelist", 1, 1,
	     "day=昼间|night=夜间");
	/* overrides the ancestor's definition */
	form(&d->forms[2], "050101", "source", "施工单位", "text", 0, 3, "");
	d->n_forms = 3;
	d->agents = xcalloc(2, sizeof *d->agents);
	agent(&d->agents[0], "demo-agent");
	agent(&d->agents[1], "demo-agent2");
	d->n_agents = 2;
	d->tickets = xcalloc(1, sizeof *d->tickets);
	d->n_tickets = 1;
	t = &d->tickets[0];
	tk_rec_init(&t->rec);
	tk_rec_str(&t->rec, TKF_CHANNEL, "PHONE");
	tk_rec_str(&t->rec, TKF_DESK, "GENERAL");
	tk_rec_str(&t->rec, TKF_APPEAL_TYPE, "COMPLAINT");
	tk_rec_str(&t->rec, TKF_TITLE, "工地夜间施工");
	tk_rec_str(&t->rec, TKF_CONTENT, "每晚施工");
	tk_rec_str(&t->rec, TKF_CATEGORY_CODE, bad_ticket ? "999999" : "050101");
	tk_rec_str(&t->rec, TKF_URGENCY, "NORMAL");
	tk_rec_str(&t->rec, TKF_CALLER_KIND, "PERSON");
	tk_rec_str(&t->rec, TKF_STATE, "PENDING_DISPATCH");
	tk_rec_str(&t->rec, TKF_CREATED_BY, "demo-agent");
	tk_rec_int(&t->rec, TKF_CREATED_AT, NOW - 86400);
	tk_rec_int(&t->rec, TKF_UPDATED_AT, NOW - 86000);
	tk_rec_int(&t->rec, TKF_VERSION, 2);
	t->events = xcalloc(2, sizeof *t->events);
	tk_event_set(&t->events[0], "demo-agent", "create", NULL, "DRAFT", "");
	t->events[0].at = NOW - 86400;
	tk_event_set(&t->events[1], "demo-agent", "transfer", "DRAFT",
		     "PENDING_DISPATCH", "转办");
	t->events[1].at = NOW - 86000;
	t->n_events = 2;
}

static char *
sql_text(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static long long
sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
test_migrations(void **state)
{
	struct fx *f = *state;
	char *mode;
	int empty = 0;

	assert_true(store_sqlite_schema_version() >= 3);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
			 store_sqlite_schema_version());
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM "
					  "schema_migrations"),
			 store_sqlite_schema_version());
	assert_string_equal(f->st->ops->name, "sqlite");
	assert_int_equal(f->st->ops->is_empty(f->st, &empty), ST_OK);
	assert_int_equal(empty, 1);
	/* Reopening applies nothing again. */
	f->st->ops->close(f->st);
	f->st = store_sqlite_open(f->path);
	assert_non_null(f->st);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM "
					  "schema_migrations"),
			 store_sqlite_schema_version());
	mode = sql_text(f->path, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
}

static void
test_seed_rolls_back(void **state)
{
	struct fx *f = *state;
	struct seed_data d;
	int empty = 0;

	mini_seed(&d, 1); /* ticket in an unknown category */
	assert_int_equal(f->st->ops->load_seed(f->st, &d, "DG"), ST_IO);
	seed_data_free(&d);
	assert_int_equal(f->st->ops->is_empty(f->st, &empty), ST_OK);
	assert_int_equal(empty, 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM units"), 0);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM ticket_seq"),
			 0);
	mini_seed(&d, 0);
	assert_int_equal(f->st->ops->load_seed(f->st, &d, "DG"), ST_OK);
	assert_int_equal(f->st->ops->load_seed(f->st, &d, "DG"), ST_EXISTS);
	seed_data_free(&d);
	assert_int_equal(f->st->ops->is_empty(f->st, &empty), ST_OK);
	assert_int_equal(empty, 0);
}

static void
seeded(struct fx *f)
{
	struct seed_data d;

	mini_seed(&d, 0);
	assert_int_equal(f->st->ops->load_seed(f->st, &d, "DG"), ST_OK);
	seed_data_free(&d);
}

static void
test_reference(void **state)
{
	struct fx *f = *state;
	struct store_form_field *ff;
	struct store_unit *u, one;
	struct store_category c;
	size_t n;

	seeded(f);
	assert_int_equal(f->st->ops->list_units(f->st, NULL, &u, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(u[0].code, "DONGCHENG");
	assert_string_equal(u[0].parent_code, "");
	store_units_free(u, n);
	assert_int_equal(f->st->ops->list_units(f->st, "DEPT", &u, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(u[0].name, "东莞市生态环境局");
	store_units_free(u, n);
	assert_int_equal(f->st->ops->get_unit(f->st, "NOPE", &one),
			 ST_NOT_FOUND);
	assert_int_equal(f->st->ops->get_category(f->st, "050101", &c), ST_OK);
	assert_int_equal(c.limit_days, 5);
	assert_string_equal(c.parent_code, "0501");
	store_category_free(&c);
	/* own field + ancestor's, the descendant's "source" winning */
	assert_int_equal(f->st->ops->get_form(f->st, "050101", &ff, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ff[0].field_code, "period");
	assert_string_equal(ff[1].field_code, "source");
	assert_string_equal(ff[1].label, "施工单位");
	assert_string_equal(ff[1].category_code, "050101");
	store_forms_free(ff, n);
	assert_int_equal(f->st->ops->get_form(f->st, "0501", &ff, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ff[0].label, "污染源");
	store_forms_free(ff, n);
	assert_int_equal(f->st->ops->get_form(f->st, "99", &ff, &n),
			 ST_NOT_FOUND);
}

static void
test_sessions_and_failures(void **state)
{
	struct fx *f = *state;
	struct store_agent a;
	long long times[5];
	size_t n = 0;
	int i;

	seeded(f);
	assert_int_equal(f->st->ops->get_agent_by_name(f->st, "demo-agent", &a),
			 ST_OK);
	assert_string_equal(a.pw_hash, "unhashed");
	assert_int_equal(f->st->ops->create_session(f->st, a.id, "h1", "ip",
						    NOW, NOW + 100),
			 ST_OK);
	store_agent_free(&a);
	assert_int_equal(f->st->ops->find_session(f->st, "h1", NOW + 99, &a),
			 ST_OK);
	assert_string_equal(a.display_name, "演示坐席");
	assert_null(a.pw_hash);
	store_agent_free(&a);
	assert_int_equal(f->st->ops->find_session(f->st, "h1", NOW + 100, &a),
			 ST_NOT_FOUND);
	assert_int_equal(f->st->ops->delete_session(f->st, "h1"), ST_OK);
	assert_int_equal(f->st->ops->find_session(f->st, "h1", NOW, &a),
			 ST_NOT_FOUND);
	assert_int_equal(f->st->ops->delete_session(f->st, "h1"),
			 ST_NOT_FOUND);

	for (i = 0; i < 3; i++)
		f->st->ops->record_login(f->st, "张三", "10.0.0.1", 0, NOW + i);
	f->st->ops->record_login(f->st, "李四", "10.0.0.1", 0, NOW + 3);
	assert_int_equal(f->st->ops->login_failures(f->st, "张三", NULL,
						    NOW - 300, times, 5, &n),
			 ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(times[0], NOW + 2); /* newest first */
	assert_int_equal(f->st->ops->login_failures(f->st, NULL, "10.0.0.1",
						    NOW - 300, times, 5, &n),
			 ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(f->st->ops->login_failures(f->st, "张三", NULL,
						    NOW + 1, times, 5, &n),
			 ST_OK);
	assert_int_equal(n, 1); /* only after `since` */
	/* a success ends the username's count, not the address's */
	f->st->ops->record_login(f->st, "张三", "10.0.0.1", 1, NOW + 4);
	f->st->ops->login_failures(f->st, "张三", NULL, NOW - 300, times, 5,
				   &n);
	assert_int_equal(n, 0);
	f->st->ops->login_failures(f->st, NULL, "10.0.0.1", NOW - 300, times,
				   5, &n);
	assert_int_equal(n, 4);
}

static void
draft(struct tk_rec *r, const char *title)
{
	tk_rec_init(r);
	tk_rec_str(r, TKF_CHANNEL, "PHONE");
	tk_rec_str(r, TKF_DESK, "GENERAL");
	tk_rec_str(r, TKF_APPEAL_TYPE, "COMPLAINT");
	tk_rec_str(r, TKF_TITLE, title);
	tk_rec_str(r, TKF_CONTENT, "内容");
	tk_rec_str(r, TKF_CATEGORY_CODE, "050101");
	tk_rec_str(r, TKF_URGENCY, "NORMAL");
	tk_rec_str(r, TKF_CALLER_KIND, "PERSON");
	tk_rec_str(r, TKF_CALLER_PHONE, "13800138000");
	tk_rec_str(r, TKF_TOWN_CODE, "DONGCHENG");
	tk_rec_str(r, TKF_ASSIST_UNITS, "[\"EEB\",\"DONGCHENG\"]");
	tk_rec_str(r, TKF_STATE, "DRAFT");
	tk_rec_str(r, TKF_CREATED_BY, "demo-agent");
}

static void
test_create_idempotent(void **state)
{
	struct fx *f = *state;
	struct store_idem idem = {1, "k-1", "hash-a"};
	struct tk_event *ev;
	struct tk_rec r, got;
	char no[32], no2[32], no3[32];
	size_t n;
	int replayed = -1;

	seeded(f);
	draft(&r, "噪音");
	assert_int_equal(f->st->ops->create_ticket(f->st, &r, &idem, NOW, "DG",
						   no, &replayed),
			 ST_OK);
	assert_int_equal(replayed, 0);
	/* local date 2026-11-29 (UTC+8), first of the day */
	assert_string_equal(no, "DG20261129000001");
	assert_int_equal(f->st->ops->create_ticket(f->st, &r, &idem, NOW + 5,
						   "DG", no2, &replayed),
			 ST_OK);
	assert_int_equal(replayed, 1);
	assert_string_equal(no2, no);
	idem.request_hash = "hash-b";
	assert_int_equal(f->st->ops->create_ticket(f->st, &r, &idem, NOW + 5,
						   "DG", no2, &replayed),
			 ST_EXISTS);
	idem.agent_id = 2; /* another agent: another request */
	assert_int_equal(f->st->ops->create_ticket(f->st, &r, &idem, NOW + 6,
						   "DG", no3, &replayed),
			 ST_OK);
	assert_string_equal(no3, "DG20261129000002");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM tickets"), 3);

	assert_int_equal(f->st->ops->get_ticket(f->st, no, &got, &ev, &n),
			 ST_OK);
	assert_string_equal(tk_rec_s(&got, TKF_CATEGORY_NAME), "建筑施工噪声");
	assert_string_equal(tk_rec_s(&got, TKF_TOWN_NAME), "东城街道");
	assert_string_equal(tk_rec_s(&got, TKF_ASSIST_UNITS),
			    "[{\"code\":\"EEB\",\"name\":\"东莞市生态环境局\"},"
			    "{\"code\":\"DONGCHENG\",\"name\":\"东城街道\"}]");
	assert_int_equal(got.v[TKF_VERSION].n, 1);
	assert_int_equal(got.v[TKF_CREATED_AT].n, NOW);
	assert_true(got.v[TKF_DEADLINE].null);
	assert_true(got.v[TKF_HANDLING_MODE].null);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].action, "create");
	assert_null(ev[0].from_state);
	assert_string_equal(ev[0].to_state, "DRAFT");
	tk_events_free(ev, n);
	tk_rec_free(&got);
	tk_rec_free(&r);
}

static void
test_update_cas(void **state)
{
	struct fx *f = *state;
	struct tk_change ch;
	struct tk_event e, *ev;
	struct tk_rec r, got;
	long long v = 0;
	char no[32];
	size_t n;
	int rep;
	sqlite3 *db;

	seeded(f);
	draft(&r, "电梯停用");
	assert_int_equal(f->st->ops->create_ticket(f->st, &r, NULL, NOW, "SZ",
						   no, &rep),
			 ST_OK);
	tk_rec_free(&r);
	tk_change_init(&ch);
	tk_change_str(&ch, TKF_STATE, "PENDING_DISPATCH");
	tk_change_str(&ch, TKF_HANDLING_MODE, "TRANSFER");
	tk_change_int(&ch, TKF_DEADLINE, NOW + 86400);
	tk_change_int(&ch, TKF_VERSION, 99); /* ignored: the store counts */
	tk_event_set(&e, "demo-agent", "transfer", "DRAFT", "PENDING_DISPATCH",
		     "转办");
	assert_int_equal(f->st->ops->update_ticket(f->st, no, 1, &ch, &e,
						   NOW + 60, &v),
			 ST_OK);
	assert_int_equal(v, 2);
	/* the same expected version again: someone else was first */
	assert_int_equal(f->st->ops->update_ticket(f->st, no, 1, &ch, &e,
						   NOW + 61, &v),
			 ST_CONFLICT);
	assert_int_equal(f->st->ops->update_ticket(f->st, "SZ20990101000001",
						   1, &ch, &e, NOW, &v),
			 ST_NOT_FOUND);
	tk_event_free(&e);
	tk_change_free(&ch);
	assert_int_equal(f->st->ops->get_ticket(f->st, no, &got, &ev, &n),
			 ST_OK);
	assert_string_equal(tk_rec_s(&got, TKF_STATE), "PENDING_DISPATCH");
	assert_int_equal(got.v[TKF_VERSION].n, 2);
	assert_int_equal(got.v[TKF_UPDATED_AT].n, NOW + 60);
	assert_int_equal(got.v[TKF_DEADLINE].n, NOW + 86400);
	assert_int_equal(n, 2);
	assert_string_equal(ev[1].action, "transfer");
	assert_int_equal(ev[1].at, NOW + 60);
	tk_events_free(ev, n);
	tk_rec_free(&got);
	/* the event log refuses changes */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE ticket_events SET "
					      "comment = 'x'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM ticket_events",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
}

static void
test_list(void **state)
{
	struct fx *f = *state;
	struct store_ticket_filter flt = {0};
	struct tk_rec r, *items;
	char no[32], title[32];
	size_t n;
	int i, rep;

	seeded(f); /* one PENDING_DISPATCH ticket, a day old */
	for (i = 0; i < 5; i++) {
		snprintf(title, sizeof title, "第%d张噪音", i);
		draft(&r, title);
		/* two share a timestamp: ticket_no breaks the tie */
		assert_int_equal(f->st->ops->create_ticket(f->st, &r, NULL,
							   NOW + i / 2 * 10,
							   "DG", no, &rep),
				 ST_OK);
		tk_rec_free(&r);
	}
	flt.limit = 3;
	assert_int_equal(f->st->ops->list_tickets(f->st, &flt, &items, &n),
			 ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(tk_rec_s(&items[0], TKF_TITLE), "第4张噪音");
	assert_string_equal(tk_rec_s(&items[1], TKF_TITLE), "第3张噪音");
	assert_string_equal(tk_rec_s(&items[2], TKF_TITLE), "第2张噪音");
	/* continue after the third: same created_at as the fourth */
	flt.has_cursor = 1;
	flt.cur_at = items[2].v[TKF_CREATED_AT].n;
	snprintf(no, sizeof no, "%s", tk_rec_s(&items[2], TKF_TICKET_NO));
	flt.cur_no = no;
	store_recs_free(items, n);
	flt.limit = 10;
	assert_int_equal(f->st->ops->list_tickets(f->st, &flt, &items, &n),
			 ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(tk_rec_s(&items[0], TKF_TITLE), "第1张噪音");
	assert_string_equal(tk_rec_s(&items[2], TKF_TITLE), "工地夜间施工");
	store_recs_free(items, n);
	memset(&flt, 0, sizeof flt);
	flt.limit = 50;
	flt.state = "PENDING_DISPATCH";
	f->st->ops->list_tickets(f->st, &flt, &items, &n);
	assert_int_equal(n, 1);
	store_recs_free(items, n);
	flt.state = NULL;
	flt.q = "3张";
	f->st->ops->list_tickets(f->st, &flt, &items, &n);
	assert_int_equal(n, 1);
	store_recs_free(items, n);
	flt.q = NULL;
	flt.phone = "13800138000";
	flt.created_by = "demo-agent";
	f->st->ops->list_tickets(f->st, &flt, &items, &n);
	assert_int_equal(n, 5);
	store_recs_free(items, n);
}

struct writer_arg {
	struct store *st;
	int id;
	char nos[20][32];
};

static void *
writer(void *p)
{
	struct writer_arg *a = p;
	struct tk_rec r;
	int i, rep;

	for (i = 0; i < 20; i++) {
		draft(&r, "并发");
		if (a->st->ops->create_ticket(a->st, &r, NULL, NOW, "DG",
					      a->nos[i], &rep) != ST_OK)
			a->nos[i][0] = '\0';
		tk_rec_free(&r);
	}
	return NULL;
}

static void
test_concurrent_writers(void **state)
{
	struct fx *f = *state;
	struct writer_arg args[4];
	pthread_t th[4];
	int i, j, k, l;

	seeded(f);
	for (i = 0; i < 4; i++) {
		args[i].st = f->st;
		args[i].id = i;
		assert_int_equal(pthread_create(&th[i], NULL, writer, &args[i]),
				 0);
	}
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	/* 80 tickets, 80 different numbers */
	for (i = 0; i < 4; i++)
		for (j = 0; j < 20; j++) {
			assert_true(args[i].nos[j][0] != '\0');
			for (k = i; k < 4; k++)
				for (l = (k == i ? j + 1 : 0); l < 20; l++)
					assert_string_not_equal(
						args[i].nos[j], args[k].nos[l]);
		}
	assert_int_equal(sql_int(f->path, "SELECT max(last) FROM ticket_seq"),
			 80);
}

static void
test_seed_read_real_data(void **state)
{
	struct seed_data d;
	char err[600];
	size_t i, k;

	(void)state;
	if (seed_read("data", NOW, 0, &d, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_true(d.n_units > 70);
	assert_true(d.n_categories > 100);
	assert_true(d.n_agents >= 10);
	assert_true(d.n_tickets >= 20);
	for (i = 0; i < d.n_tickets; i++) {
		const struct seed_ticket *t = &d.tickets[i];

		assert_string_equal(t->events[0].action, "create");
		assert_string_equal(t->events[t->n_events - 1].to_state
					    ? t->events[t->n_events - 1].to_state
					    : "DRAFT",
				    tk_rec_s(&t->rec, TKF_STATE));
		for (k = 1; k < t->n_events; k++) {
			assert_string_equal(t->events[k].from_state,
					    t->events[k - 1].to_state);
			assert_true(t->events[k].at >= t->events[k - 1].at);
			assert_true(t->events[k].at <= NOW);
		}
		assert_int_equal(t->rec.v[TKF_VERSION].n, (long long)t->n_events);
		if (i)
			assert_true(d.tickets[i - 1].rec.v[TKF_CREATED_AT].n <=
				    t->rec.v[TKF_CREATED_AT].n);
	}
	seed_data_free(&d);
}

static void
test_seed_read_errors(void **state)
{
	struct seed_data d;
	char err[600];

	(void)state;
	assert_int_equal(seed_read("/nonexistent-dir", NOW, 0, &d, err,
				   sizeof err),
			 -1);
	assert_non_null(strstr(err, "/nonexistent-dir/units.tsv: cannot open"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrations, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_seed_rolls_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_and_failures,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_idempotent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_update_cas, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup,
						teardown),
		cmocka_unit_test(test_seed_read_real_data),
		cmocka_unit_test(test_seed_read_errors),
	};

	if (store_sqlite_init() != 0 || auth_init() != 0)
		return 1;
	return cmocka_run_group_tests_name("server_store", tests, NULL, NULL);
}
