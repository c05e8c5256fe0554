/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * durable.c - the draft journal, the outbox and its delivery loop.
 */
#include "durable.h"

#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "../net/ticket_form.h"
#include "calls.h"
#include "intake.h"
#include "views.h"

#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 8000

/* One app per process: the handles live here, not in struct app. */
static struct {
	struct journal *j;
	struct outbox *o;
	int inflight;
	struct outbox_item cur; /* the item in flight */
	int64_t next_ms;        /* monotonic: not before */
	int backoff_ms;
} D;

struct journal *
durable_journal(void)
{
	return D.j;
}

struct outbox *
durable_outbox(void)
{
	return D.o;
}

size_t
durable_outbox_count(void)
{
	/* failed items are not waiting: their drafts are back with the
	 * agent */
	return D.o ? outbox_count_state(D.o, OB_QUEUED) +
			     outbox_count_state(D.o, OB_SENDING)
		   : 0;
}

/* The agent's name as one safe path component: letters, digits, '-',
 * '_' and '.' (not leading) kept, every other byte as %XX. */
static void
path_component(const char *name, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)name;

	for (; *p && n + 4 < cap; p++) {
		int keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '-' ||
			   *p == '_' || (*p == '.' && n > 0);

		if (keep) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
}

char *
durable_path(const struct app *app, const char *leaf)
{
	char who[256];

	if (!app->state_dir || !*app->state_dir || !app->agent.username ||
	    !*app->agent.username)
		return NULL;
	path_component(app->agent.username, who, sizeof who);
	return xasprintf("%s/agents/%s/%s", app->state_dir, who, leaf);
}

/* Drafts and outbox of the layout before they were kept per agent
 * (state_dir/drafts, state_dir/outbox): they go to the first agent who
 * logs in, so nothing typed is left behind. */
static void
adopt_shared(const struct app *app, const char *leaf)
{
	char *old = xasprintf("%s/%s", app->state_dir, leaf);
	char *mine = durable_path(app, leaf);
	struct stat st;

	if (mine && stat(old, &st) == 0 && S_ISDIR(st.st_mode) &&
	    stat(mine, &st) != 0) {
		char *parent = xstrdup(mine);
		char *slash = strrchr(parent, '/');

		if (slash)
			*slash = '\0';
		if (journal_mkdirs(parent) == 0)
			(void)rename(old, mine);
		free(parent);
	}
	free(old);
	free(mine);
}

void
durable_new_id(char *out, size_t cap)
{
	char key[OUTBOX_KEY_LEN + 1];

	if (outbox_new_key(key) != ST_OK)
		snprintf(key, sizeof key, "%lld%ld",
			 (long long)journal_now_ms(), (long)rand());
	key[16] = '\0';
	snprintf(out, cap, "d-%s", key);
}

/* Items waiting in the outbox directory dir (files "<seq>.item"; read
 * without opening the outbox: it may be another process's). */
static size_t
count_items(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0, len;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".item") == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* A path component back to the name (%XX decoded). */
static void
name_of(const char *comp, char *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	for (; *comp && n + 1 < cap; comp++) {
		if (*comp == '%' && comp[1] && comp[2] &&
		    sscanf(comp + 1, "%2x", &v) == 1) {
			out[n++] = (char)v;
			comp += 2;
		} else {
			out[n++] = *comp;
		}
	}
	out[n] = '\0';
}

/* "demo-agent 1, demo-agent3 2": other agents' submissions still queued
 * on this machine (a shared seat); "" when none. */
static void
others_waiting(const struct app *app, char *out, size_t cap)
{
	char *root = xasprintf("%s/agents", app->state_dir);
	char mine[256], name[256];
	DIR *d = opendir(root);
	struct dirent *de;
	size_t used = 0;

	out[0] = '\0';
	path_component(app->agent.username, mine, sizeof mine);
	while (d && (de = readdir(d))) {
		char *dir, *safe;
		size_t k;

		if (de->d_name[0] == '.' || strcmp(de->d_name, mine) == 0)
			continue;
		dir = xasprintf("%s/%s/outbox", root, de->d_name);
		k = count_items(dir);
		free(dir);
		if (!k)
			continue;
		name_of(de->d_name, name, sizeof name);
		safe = u8_sanitize(name, strlen(name), 0); /* a file name */
		used += (size_t)snprintf(out + used, used < cap ? cap - used : 0,
					 "%s%s %zu", used ? ", " : "", safe, k);
		free(safe);
		if (used >= cap) {
			out[cap - 1] = '\0';
			break;
		}
	}
	if (d)
		closedir(d);
	free(root);
}

void
durable_start(struct app *app)
{
	char *dir;
	enum status st;
	struct journal_entry *e = NULL;
	size_t n = 0, nq;

	durable_stop(app);
	if (app->state_dir) {
		adopt_shared(app, "drafts");
		adopt_shared(app, "outbox");
	}
	if ((dir = durable_path(app, "drafts"))) {
		D.j = journal_open(dir, &st);
		free(dir);
	}
	if ((dir = durable_path(app, "outbox"))) {
		D.o = outbox_open(dir, &st);
		free(dir);
	}
	D.next_ms = 0;
	D.backoff_ms = BACKOFF_MIN_MS;
	if (D.j && journal_list(D.j, &e, &n) == ST_OK)
		n = intake_drafts_only(e, n);
	if (n) {
		char num[24];
		const char *vals[1] = {num};
		char buf[APP_MSG_MAX];

		snprintf(num, sizeof num, "%zu", n);
		tr_fill(buf, sizeof buf, MSG_INTAKE_DRAFTS_WAITING, vals, 1);
		app_msg(app, MSGL_INFO, "%s", buf);
	} else if (app->state_dir) {
		/* a shared seat: say whose submissions still wait here (they
		 * are sent when their agent logs in again) */
		char who[256], buf[APP_MSG_MAX];
		const char *vals[1] = {who};

		others_waiting(app, who, sizeof who);
		if (*who) {
			tr_fill(buf, sizeof buf, MSG_OUTBOX_OTHERS, vals, 1);
			app_msg(app, MSGL_INFO, "%s", buf);
		}
	}
	free(e);
	nq = durable_outbox_count();
	if (nq)
		app_mark(app, DIRTY_STATUS);
	durable_kick(app);
}

void
durable_stop(struct app *app)
{
	(void)app;
	if (D.inflight)
		outbox_item_free(&D.cur);
	D.inflight = 0;
	journal_close(D.j);
	outbox_close(D.o);
	D.j = NULL;
	D.o = NULL;
}

/* Keep only the intake drafts (the journal may hold other kinds). */
size_t
intake_drafts_only(struct journal_entry *e, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (strcmp(e[i].meta.kind, "intake") == 0)
			e[k++] = e[i];
	return k;
}

/* The draft of a ticket: the journal draft whose pairs hold
 * ticket_no=<no> (saved when its creation was delivered). */
static int
draft_of_ticket(const char *ticket_no, char *id, size_t cap)
{
	struct journal_entry *e = NULL;
	size_t n = 0, i;
	int found = 0;

	if (!D.j || journal_list(D.j, &e, &n) != ST_OK)
		return 0;
	for (i = 0; i < n && !found; i++) {
		struct kv *p = NULL;
		size_t np = 0;
		const char *v;

		if (journal_load(D.j, e[i].id, &p, &np, NULL) != ST_OK)
			continue;
		v = api_kv_get(p, np, "ticket_no");
		if (v && strcmp(v, ticket_no) == 0) {
			snprintf(id, cap, "%s", e[i].id);
			found = 1;
		}
		kv_free(p, np);
	}
	free(e);
	return found;
}

/* The creation of draft ref was delivered as ticket t: remember the
 * number in the draft, queue the decision, link the article. */
static void
created(struct app *app, const char *ref, const struct ticket *t)
{
	struct kv *p = NULL, *p2;
	size_t n = 0;
	struct journal_meta meta;
	const char *action = NULL, *kb;
	char *body;
	struct outbox_item dup;

	if (!D.j || !*ref ||
	    journal_load(D.j, ref, &p, &n, &meta) != ST_OK) {
		intake_delivered(app, ref, t);
		return;
	}
	intake_created(app, ref, t->ticket_no);
	kv_free(p, n);
	p = NULL;
	n = 0;
	if (journal_load(D.j, ref, &p, &n, &meta) != ST_OK) {
		intake_delivered(app, ref, t);
		return;
	}
	if (!api_kv_get(p, n, "ticket_no")) {
		p2 = xrealloc(p, (n + 1) * sizeof *p);
		p = p2;
		p[n].key = xstrdup("ticket_no");
		p[n].value = xstrdup(t->ticket_no);
		n++;
		(void)journal_save(D.j, ref, &meta, p, n);
	}
	if ((kb = api_kv_get(p, n, "kb_article_id")) && *kb) {
		long id = strtol(kb, NULL, 10);

		if (id > 0)
			kb_link_article(app, id, t->ticket_no);
	}
	if (*meta.call_id && app->calls && app->calls->have_call &&
	    app->calls->call.id == strtol(meta.call_id, NULL, 10))
		calls_set_ticket(app, t->ticket_no);
	body = api_ticket_decision_from_pairs(p, n, &action);
	if (body && action) {
		memset(&dup, 0, sizeof dup);
		if (outbox_find_ref(D.o, t->ticket_no, &dup) == ST_OK)
			outbox_item_free(&dup);
		else
			(void)outbox_push(D.o, action, t->ticket_no, body,
					  strlen(body), NULL, NULL);
	} else {
		(void)journal_discard(D.j, ref);
		intake_delivered(app, ref, t);
	}
	free(body);
	kv_free(p, n);
}

/* The decision on ticket t was delivered. */
static void
decided(struct app *app, const char *ticket_no, const struct ticket *t)
{
	char id[JOURNAL_ID_MAX + 1];

	if (draft_of_ticket(ticket_no, id, sizeof id)) {
		(void)journal_discard(D.j, id);
		intake_delivered(app, id, t);
	} else {
		intake_delivered(app, "", t);
	}
}

/* msg the server's message, field the form field it names (NULL). */
static void
refused(struct app *app, const struct outbox_item *it, const char *msg,
	const char *field)
{
	char id[JOURNAL_ID_MAX + 1];

	(void)outbox_mark_failed(D.o, it->seq, msg);
	if (strcmp(it->kind, TICKET_FORM_KIND_CREATE) == 0)
		intake_refused(app, it->ref, msg, field);
	else if (draft_of_ticket(it->ref, id, sizeof id))
		intake_refused(app, id, msg, field);
	else
		app_msg(app, MSGL_ERROR, "%s %s: %s", it->ref, it->kind, msg);
}

static void
on_sent(const struct api_result *r, const struct ticket *t, void *ud)
{
	struct req *q = ud;
	struct app *app = q->app;
	struct outbox_item it = D.cur;
	int stale;
	long http = r->http_status;

	app_req_take(q, &stale);
	D.inflight = 0;
	memset(&D.cur, 0, sizeof D.cur);
	if (stale || !D.o) {
		outbox_item_free(&it);
		return; /* logged out: it stays queued on disk */
	}
	if (r->st == ST_OK && t) {
		if (strcmp(it.kind, TICKET_FORM_KIND_CREATE) == 0)
			created(app, it.ref, t);
		else
			decided(app, it.ref, t);
		(void)outbox_mark_delivered(D.o, it.seq);
		D.backoff_ms = BACKOFF_MIN_MS;
		D.next_ms = 0;
	} else if (http == 0 || http >= 500 || http == 401 || http == 408 ||
		   http == 429) {
		(void)app_net_result(app, r);
		D.next_ms = app_now_ms() + D.backoff_ms;
		D.backoff_ms *= 2;
		if (D.backoff_ms > BACKOFF_MAX_MS)
			D.backoff_ms = BACKOFF_MAX_MS;
	} else if (strcmp(it.kind, TICKET_FORM_KIND_CREATE) != 0 &&
		   (http == 409 || http == 412) && it.attempts > 1) {
		/* a retried action that already took effect */
		(void)outbox_mark_delivered(D.o, it.seq);
		decided(app, it.ref, NULL);
	} else {
		refused(app, &it, r->message,
			api_ticket_form_field(it.kind, r->err_field));
	}
	outbox_item_free(&it);
	app_mark(app, DIRTY_STATUS);
}

static void
drain(struct app *app)
{
	struct outbox_item it;
	struct req *q;

	if (!D.o || D.inflight || !app->logged_in || !app->api)
		return;
	if (D.next_ms && app_now_ms() < D.next_ms)
		return;
	memset(&it, 0, sizeof it);
	if (outbox_peek(D.o, &it) != ST_OK)
		return;
	if (outbox_mark_sending(D.o, it.seq) != ST_OK) {
		outbox_item_free(&it);
		return;
	}
	it.attempts++;
	q = app_req_new(app, NULL);
	D.cur = it;
	D.inflight = 1;
	if (api_outbox_send(app->api, &it, on_sent, q) != 0) {
		struct view *dummy;
		int stale;

		dummy = app_req_take(q, &stale);
		(void)dummy;
		D.inflight = 0;
		refused(app, &it, "this client cannot send this item", NULL);
		outbox_item_free(&D.cur);
		memset(&D.cur, 0, sizeof D.cur);
	}
	app_mark(app, DIRTY_STATUS);
}

void
durable_kick(struct app *app)
{
	D.next_ms = 0;
	D.backoff_ms = BACKOFF_MIN_MS;
	drain(app);
}

void
durable_tick(struct app *app)
{
	drain(app);
}

int
durable_next_ms(struct app *app)
{
	int64_t d;
	size_t pending;

	(void)app;
	if (!D.o || D.inflight)
		return -1;
	pending = outbox_count_state(D.o, OB_QUEUED) +
		  outbox_count_state(D.o, OB_SENDING);
	if (!pending)
		return -1;
	d = D.next_ms - app_now_ms();
	return d < 0 ? 0 : (int)d;
}
