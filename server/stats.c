/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats.c - the figures of docs/metrics.md as JSON, the hotspot rule and
 * the stats.live publisher (see stats.h).
 */
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/workday.h"
#include "calls.h"
#include "events.h"
#include "log.h"
#include "srv.h"
#include "store.h"
#include "tkrec.h"

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int started, stopping;
	struct srv *srv;
	struct stats_config cfg;
} sl = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER,
	.cfg = {STATS_ALERT_NOT_READY, 0, 1},
};

void
stats_config_default(struct stats_config *c)
{
	memset(c, 0, sizeof *c);
	c->alert_not_ready = STATS_ALERT_NOT_READY;
	c->alert_acw = 0;
	c->live_events = 1;
}

int
stats_parse_option(const char *name, const char *arg, struct stats_config *c)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 1 || v > 86400)
		return -1;
	if (strcmp(name, "alert-not-ready") == 0)
		c->alert_not_ready = (int)v;
	else if (strcmp(name, "alert-acw") == 0)
		c->alert_acw = (int)v;
	else
		return -1;
	return 0;
}

/* ---- time and numbers ------------------------------------------------- */

static long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

long long
stats_day_start(long long t)
{
	return floor_div(t + WORKCAL_UTC_OFFSET, 86400) * 86400 -
	       WORKCAL_UTC_OFFSET;
}

long long
stats_hour_start(long long t)
{
	return floor_div(t, 3600) * 3600; /* UTC+8: whole hours */
}

/* log(k!) */
static double
log_fact(long long k)
{
	double s = 0;
	long long i;

	for (i = 2; i <= k; i++)
		s += log((double)i);
	return s;
}

double
stats_poisson_log10_tail(long long k, double lambda)
{
	double lt, s, r, cdf, p;
	long long i, m;

	if (k <= 0)
		return 0.0;
	if (lambda <= 0)
		return -INFINITY;
	if ((double)k <= lambda) {
		/* the tail is large: 1 - P(X < k) is accurate enough */
		cdf = 0;
		for (i = 0; i < k; i++)
			cdf += exp(-lambda + (double)i * log(lambda) -
				   log_fact(i));
		p = 1.0 - cdf;
		return p > 0 ? log10(p) : -300.0;
	}
	/* P(X >= k) = P(X = k) * (1 + l/(k+1) + l^2/((k+1)(k+2)) + ...) */
	lt = -lambda + (double)k * log(lambda) - log_fact(k);
	s = 1;
	r = 1;
	for (m = 1; m < 100000; m++) {
		r *= lambda / (double)(k + m);
		s += r;
		if (r < 1e-17 * s)
			break;
	}
	return (lt + log(s)) / log(10.0);
}

/* A rate rounded to 4 decimals, or null when the denominator is 0. */
static void
add_rate(cJSON *o, const char *key, long long num, long long den)
{
	if (den <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	cJSON_AddNumberToObject(o, key,
				floor((double)num / (double)den * 10000.0 +
				      0.5) / 10000.0);
}

/* Mean of sum_ms over n in whole seconds (rounded), or null. */
static void
add_mean_s(cJSON *o, const char *key, long long sum_ms, long long n)
{
	if (n <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	cJSON_AddNumberToObject(o, key,
				floor((double)sum_ms / (double)n / 1000.0 +
				      0.5));
}

static void
add_time(cJSON *o, const char *key, long long t)
{
	char iso[32];

	tk_iso_time(iso, t);
	cJSON_AddStringToObject(o, key, iso);
}

static void
add_str_or_null(cJSON *o, const char *key, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

/* ---- the KPI object --------------------------------------------------- */

static cJSON *
kpi_json(struct store *st, long long from, long long to)
{
	struct store_call_agg c;
	struct store_ticket_agg t;
	cJSON *o, *x;
	int i;

	if (st->ops->stats_calls(st, from, to, STATS_SL_SECONDS * 1000LL,
				 &c) != ST_OK ||
	    st->ops->stats_tickets(st, from, to, &t) != ST_OK)
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "offered", (double)c.offered);
	cJSON_AddNumberToObject(o, "answered", (double)c.answered);
	add_rate(o, "answer_rate", c.answered, c.offered);
	add_rate(o, "service_level_15s", c.answered_sl, c.offered);
	cJSON_AddNumberToObject(o, "abandoned", (double)c.abandoned);
	add_rate(o, "abandon_rate", c.abandoned, c.offered);
	add_mean_s(o, "avg_wait_s", c.wait_sum_ms, c.answered);
	add_mean_s(o, "longest_wait_s", c.wait_max_ms,
		   c.wait_max_ms >= 0 ? 1 : 0);
	add_mean_s(o, "att_s", c.talk_sum_ms, c.handled);
	add_mean_s(o, "acw_s", c.acw_sum_ms, c.handled);
	add_mean_s(o, "aht_s", c.talk_sum_ms + c.acw_sum_ms, c.handled);
	cJSON_AddNumberToObject(o, "tickets", (double)t.tickets);
	cJSON_AddNumberToObject(o, "direct", (double)t.direct);
	cJSON_AddNumberToObject(o, "transferred", (double)t.transferred);
	add_rate(o, "direct_answer_rate", t.direct, t.valid);
	add_rate(o, "transfer_rate", t.transferred, t.valid);
	x = cJSON_AddObjectToObject(o, "by_appeal_type");
	for (i = 0; i < AP__COUNT; i++)
		cJSON_AddNumberToObject(x, tk_enum_wire(TKE_APPEAL, i),
					(double)t.by_appeal[i]);
	x = cJSON_AddObjectToObject(o, "by_channel");
	for (i = 0; i < CH__COUNT; i++)
		cJSON_AddNumberToObject(x, tk_enum_wire(TKE_CHANNEL, i),
					(double)t.by_channel[i]);
	return o;
}

/* ---- live ------------------------------------------------------------- */

/* Desk index of a wire code in a comma list, as bits. */
static unsigned
desk_bits(const char *list)
{
	char buf[256], *p, *save = NULL, *tok;
	unsigned bits = 0;

	snprintf(buf, sizeof buf, "%s", list ? list : "");
	for (p = buf; (tok = strtok_r(p, ",", &save)); p = NULL) {
		int d = tk_enum_parse(TKE_DESK, tok);

		if (d >= 0 && d < 32)
			bits |= 1u << d;
	}
	return bits;
}

static const char *const live_states[] = {"READY",   "NOT_READY", "RINGING",
					  "TALKING", "HOLD",      "ACW"};
#define N_LIVE_STATES (sizeof live_states / sizeof live_states[0])

static int
live_state_index(const char *s)
{
	size_t i;

	for (i = 0; i < N_LIVE_STATES; i++)
		if (strcmp(s, live_states[i]) == 0)
			return (int)i;
	return -1;
}

static const char *
agent_alert(const struct store_live_agent *a, long long in_state_s)
{
	int acw = sl.cfg.alert_acw;

	if (!acw)
		acw = calls_config_get()->acw_seconds;
	if (strcmp(a->state, "NOT_READY") == 0 &&
	    in_state_s > sl.cfg.alert_not_ready &&
	    strcmp(a->reason, "TRAINING") != 0 &&
	    strcmp(a->reason, "MEETING") != 0)
		return "long_not_ready";
	if (strcmp(a->state, "ACW") == 0 && in_state_s > acw)
		return "long_acw";
	return NULL;
}

static cJSON *
agent_row(const struct store_live_agent *a, long long now_ms)
{
	cJSON *o = cJSON_CreateObject(), *d;
	char buf[256], *p, *save = NULL, *tok;
	long long in_state = (now_ms - a->since_ms) / 1000;

	if (in_state < 0)
		in_state = 0;
	cJSON_AddStringToObject(o, "username", a->username);
	cJSON_AddStringToObject(o, "display_name", a->display_name);
	d = cJSON_AddArrayToObject(o, "desks");
	snprintf(buf, sizeof buf, "%s", a->desks);
	for (p = buf; (tok = strtok_r(p, ",", &save)); p = NULL)
		cJSON_AddItemToArray(d, cJSON_CreateString(tok));
	cJSON_AddStringToObject(o, "state", a->state);
	add_str_or_null(o, "reason", a->reason);
	add_time(o, "since", a->since_ms / 1000);
	cJSON_AddNumberToObject(o, "in_state_s", (double)in_state);
	if (a->call_id)
		cJSON_AddNumberToObject(o, "call_id", (double)a->call_id);
	else
		cJSON_AddNullToObject(o, "call_id");
	add_str_or_null(o, "ticket_no", a->ticket_no);
	cJSON_AddNumberToObject(o, "handled_today", (double)a->handled);
	add_mean_s(o, "aht_s", a->handle_ms, a->handled);
	add_str_or_null(o, "alert", agent_alert(a, in_state));
	return o;
}

static cJSON *
queues_block(const struct store_live_agent *ag, size_t n_ag)
{
	cJSON *q = calls_queues_json(), *items, *out, *it;
	int d, nd = tk_enum_count(TKE_DESK);
	size_t i;

	out = cJSON_CreateArray();
	items = cJSON_GetObjectItemCaseSensitive(q, "items");
	for (d = 0; d < nd; d++) {
		const char *desk = tk_enum_wire(TKE_DESK, d);
		cJSON *x = cJSON_CreateObject(), *a;
		long long waiting = 0, longest = 0;
		long long cnt[N_LIVE_STATES] = {0}, logged = 0;
		size_t k;

		cJSON_ArrayForEach(it, items)
		{
			const cJSON *dk =
				cJSON_GetObjectItemCaseSensitive(it, "desk");

			if (!cJSON_IsString(dk) ||
			    strcmp(dk->valuestring, desk) != 0)
				continue;
			waiting = (long long)cJSON_GetNumberValue(
				cJSON_GetObjectItemCaseSensitive(it,
								 "waiting"));
			longest = (long long)cJSON_GetNumberValue(
				cJSON_GetObjectItemCaseSensitive(
					it, "longest_wait_s"));
		}
		for (i = 0; i < n_ag; i++) {
			int si;

			if (!((desk_bits(ag[i].desks) >> d) & 1u))
				continue;
			logged++;
			si = live_state_index(ag[i].state);
			if (si >= 0)
				cnt[si]++;
		}
		cJSON_AddStringToObject(x, "desk", desk);
		cJSON_AddNumberToObject(x, "waiting", (double)waiting);
		if (waiting > 0)
			cJSON_AddNumberToObject(x, "longest_wait_s",
						(double)longest);
		else
			cJSON_AddNullToObject(x, "longest_wait_s");
		a = cJSON_AddObjectToObject(x, "agents");
		cJSON_AddNumberToObject(a, "logged_in", (double)logged);
		for (k = 0; k < N_LIVE_STATES; k++)
			cJSON_AddNumberToObject(a, live_states[k],
						(double)cnt[k]);
		cJSON_AddItemToArray(out, x);
	}
	cJSON_Delete(q);
	return out;
}

static cJSON *
broadcast_json(const struct store_broadcast *b, int counts)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)b->id);
	cJSON_AddStringToObject(o, "message", b->message);
	cJSON_AddStringToObject(o, "from", b->sender);
	add_str_or_null(o, "desk", b->desk);
	add_time(o, "at", b->at);
	if (counts) {
		cJSON_AddNumberToObject(o, "acked", (double)b->acked);
		cJSON_AddNumberToObject(o, "targets", (double)b->targets);
	}
	return o;
}

cJSON *
stats_live_json(struct srv *s, long long now_ms, int with_agents)
{
	struct store *st = s->store;
	long long now = now_ms / 1000, day = stats_day_start(now);
	struct store_live_agent *ag = NULL;
	struct store_broadcast *bc = NULL;
	struct store_ticket_open op;
	size_t n_ag = 0, n_bc = 0, i;
	cJSON *o, *k, *arr, *t;
	time_t soon = 0;

	if (st->ops->stats_agents(st, day, &ag, &n_ag) != ST_OK)
		return NULL;
	if (workcal_add_workdays(s->cal, (time_t)now, 1, &soon) != ST_OK)
		soon = (time_t)now;
	if (st->ops->stats_open(st, now, (long long)soon, &op) != ST_OK ||
	    st->ops->bc_list(st, now - 86400, NULL, NULL, 0, &bc, &n_bc) !=
		    ST_OK) {
		store_live_agents_free(ag, n_ag);
		return NULL;
	}
	o = cJSON_CreateObject();
	add_time(o, "as_of", now);
	cJSON_AddItemToObject(o, "queues", queues_block(ag, n_ag));
	if (with_agents) {
		arr = cJSON_AddArrayToObject(o, "agents");
		for (i = 0; i < n_ag; i++)
			cJSON_AddItemToArray(arr, agent_row(&ag[i], now_ms));
	}
	k = kpi_json(st, day, day + 86400);
	if (!k)
		goto fail;
	cJSON_AddItemToObject(o, "today", k);
	k = kpi_json(st, stats_hour_start(now), stats_hour_start(now) + 3600);
	if (!k)
		goto fail;
	cJSON_AddItemToObject(o, "hour", k);
	t = cJSON_AddObjectToObject(o, "tickets");
	cJSON_AddNumberToObject(t, "overdue", (double)op.overdue);
	cJSON_AddNumberToObject(t, "due_soon", (double)op.due_soon);
	cJSON_AddNumberToObject(t, "returns_pending",
				(double)op.returns_pending);
	cJSON_AddNumberToObject(t, "extensions_pending",
				(double)op.extensions_pending);
	cJSON_AddNumberToObject(t, "supervised", (double)op.supervised);
	cJSON_AddNumberToObject(t, "supervised_overdue",
				(double)op.supervised_overdue);
	arr = cJSON_AddArrayToObject(o, "broadcasts");
	for (i = 0; i < n_bc && i < 20; i++)
		cJSON_AddItemToArray(arr, broadcast_json(&bc[i], 1));
	store_live_agents_free(ag, n_ag);
	store_broadcasts_free(bc, n_bc);
	return o;
fail:
	store_live_agents_free(ag, n_ag);
	store_broadcasts_free(bc, n_bc);
	cJSON_Delete(o);
	return NULL;
}

/* ---- daily ------------------------------------------------------------ */

static cJSON *
hourly_json(struct store *st, long long day_from)
{
	struct store_hour_row h[24];
	cJSON *arr;
	int i;

	if (st->ops->stats_hourly(st, day_from, h) != ST_OK)
		return NULL;
	arr = cJSON_CreateArray();
	for (i = 0; i < 24; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddNumberToObject(x, "hour", i);
		cJSON_AddNumberToObject(x, "offered", (double)h[i].offered);
		cJSON_AddNumberToObject(x, "answered", (double)h[i].answered);
		cJSON_AddNumberToObject(x, "abandoned",
					(double)h[i].abandoned);
		cJSON_AddNumberToObject(x, "tickets", (double)h[i].tickets);
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

static const char *
category_name(const struct store_category *c, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].code, code) == 0)
			return c[i].name;
	return "";
}

static const char *
unit_name(const struct store_unit *u, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(u[i].code, code) == 0)
			return u[i].name;
	return "";
}

static void
add_count_row(cJSON *arr, const char *code, const char *name, long long n)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "code", code);
	cJSON_AddStringToObject(x, "name", name);
	cJSON_AddNumberToObject(x, "count", (double)n);
	cJSON_AddItemToArray(arr, x);
}

/* Level-1 and level-2 rows, count desc (then code). */
struct cat_row {
	char code[8];
	long long n;
};

static int
cat_row_cmp(const void *a, const void *b)
{
	const struct cat_row *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->code, y->code);
}

static cJSON *
by_category_json(const struct store_group *g, size_t n,
		 const struct store_category *c, size_t nc)
{
	struct cat_row *rows = xcalloc(2 * n + 1, sizeof *rows);
	size_t nr = 0, i, j;
	cJSON *arr = cJSON_CreateArray();

	for (i = 0; i < n; i++) {
		char l1[8];

		snprintf(rows[nr].code, sizeof rows[nr].code, "%s",
			 g[i].code);
		rows[nr++].n = g[i].n;
		if (strlen(g[i].code) <= 2)
			continue;
		snprintf(l1, sizeof l1, "%.2s", g[i].code);
		for (j = 0; j < nr; j++)
			if (strcmp(rows[j].code, l1) == 0)
				break;
		if (j == nr) {
			snprintf(rows[nr].code, sizeof rows[nr].code, "%s",
				 l1);
			rows[nr++].n = 0;
		}
		rows[j].n += g[i].n;
	}
	/* a level-1 code counted directly and also as a parent: merged */
	for (i = 0; i < nr; i++)
		for (j = i + 1; j < nr; j++)
			if (rows[j].n >= 0 &&
			    strcmp(rows[i].code, rows[j].code) == 0) {
				rows[i].n += rows[j].n;
				rows[j].n = -1;
			}
	qsort(rows, nr, sizeof *rows, cat_row_cmp);
	for (i = 0; i < nr; i++)
		if (rows[i].n >= 0)
			add_count_row(arr, rows[i].code,
				      category_name(c, nc, rows[i].code),
				      rows[i].n);
	free(rows);
	return arr;
}

cJSON *
stats_daily_json(struct srv *s, long long day_from, long long now)
{
	struct store *st = s->store;
	struct store_category *cat = NULL;
	struct store_unit *un = NULL;
	struct store_group *g = NULL;
	size_t n_cat = 0, n_un = 0, n = 0, i;
	cJSON *o = NULL, *x, *arr;
	long long as_of;
	char date[16];
	struct workcal_civil cv;

	if (st->ops->list_categories(st, &cat, &n_cat) != ST_OK ||
	    st->ops->list_units(st, NULL, &un, &n_un) != ST_OK)
		goto fail;
	o = cJSON_CreateObject();
	workcal_split((time_t)day_from, &cv);
	snprintf(date, sizeof date, "%04d-%02d-%02d", cv.year, cv.month,
		 cv.day);
	cJSON_AddStringToObject(o, "date", date);
	x = kpi_json(st, day_from, day_from + 86400);
	if (!x)
		goto fail;
	cJSON_AddItemToObject(o, "kpi", x);
	x = hourly_json(st, day_from);
	if (!x)
		goto fail;
	cJSON_AddItemToObject(o, "hourly", x);
	x = hourly_json(st, day_from - 7 * 86400);
	if (!x)
		goto fail;
	cJSON_AddItemToObject(o, "last_week", x);
	if (st->ops->stats_groups(st, STORE_G_CATEGORY, day_from,
				  day_from + 86400, &g, &n) != ST_OK)
		goto fail;
	cJSON_AddItemToObject(o, "by_category",
			      by_category_json(g, n, cat, n_cat));
	store_groups_free(g, n);
	g = NULL;
	if (st->ops->stats_groups(st, STORE_G_TOWN, day_from, day_from + 86400,
				  &g, &n) != ST_OK)
		goto fail;
	arr = cJSON_AddArrayToObject(o, "by_town");
	for (i = 0; i < n; i++)
		add_count_row(arr, g[i].code, unit_name(un, n_un, g[i].code),
			      g[i].n);
	store_groups_free(g, n);
	g = NULL;
	if (st->ops->stats_overdue_units(st, now, &g, &n) != ST_OK)
		goto fail;
	arr = cJSON_AddArrayToObject(o, "overdue_units");
	for (i = 0; i < n; i++) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "code", g[i].code);
		cJSON_AddStringToObject(x, "name",
					unit_name(un, n_un, g[i].code));
		cJSON_AddNumberToObject(x, "overdue", (double)g[i].n);
		cJSON_AddNumberToObject(x, "open", (double)g[i].n2);
		cJSON_AddItemToArray(arr, x);
	}
	store_groups_free(g, n);
	g = NULL;
	/* The day's hotspots: its last 24 hours (up to now) against the
	 * same 24 hours of the 14 days before. */
	as_of = day_from + 86400 - 1 < now ? day_from + 86400 - 1 : now;
	x = stats_hotspots_json(s, as_of, 24);
	if (!x)
		goto fail;
	arr = cJSON_DetachItemFromObjectCaseSensitive(x, "items");
	cJSON_Delete(x);
	cJSON_AddItemToObject(o, "hotspots", arr);
	store_categories_free(cat, n_cat);
	store_units_free(un, n_un);
	return o;
fail:
	store_groups_free(g, n);
	store_categories_free(cat, n_cat);
	store_units_free(un, n_un);
	cJSON_Delete(o);
	return NULL;
}

/* ---- hotspots --------------------------------------------------------- */

struct hot {
	enum store_group_kind kind;
	const char *code;
	long long count;
	double expected, score;
};

static int
hot_cmp(const void *a, const void *b)
{
	const struct hot *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->code, y->code);
}

/* Evaluate the groups of one kind into hot[] (flagged ones only). */
static void
hot_eval(enum store_group_kind kind, const struct store_group *g, size_t n,
	 struct hot *hot, size_t *nh)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		long long base = 0;
		double lam, l10;

		if (g[i].bucket != 0 || g[i].n < STATS_HOT_MIN)
			continue;
		for (j = 0; j < n; j++)
			if (g[j].bucket >= 1 && g[j].bucket <= STATS_HOT_DAYS &&
			    strcmp(g[j].code, g[i].code) == 0)
				base += g[j].n;
		lam = (double)base / STATS_HOT_DAYS;
		l10 = stats_poisson_log10_tail(
			g[i].n, lam > STATS_HOT_LAMBDA_MIN ? lam
							   : STATS_HOT_LAMBDA_MIN);
		if (l10 >= log10(STATS_HOT_P))
			continue;
		hot[*nh].kind = kind;
		hot[*nh].code = g[i].code;
		hot[*nh].count = g[i].n;
		hot[*nh].expected = lam;
		hot[*nh].score = -l10;
		(*nh)++;
	}
}

cJSON *
stats_hotspots_json(struct srv *s, long long now, int window_h)
{
	struct store *st = s->store;
	struct store_group *gc = NULL, *gt = NULL;
	struct store_category *cat = NULL;
	struct store_unit *un = NULL;
	size_t n_gc = 0, n_gt = 0, n_cat = 0, n_un = 0, nh = 0, i, j;
	long long w = (long long)window_h * 3600;
	struct hot *hot;
	cJSON *o = NULL, *items;
	char rule[256];

	if (st->ops->stats_hot_counts(st, STORE_G_CATEGORY, now, w,
				      STATS_HOT_DAYS, &gc, &n_gc) != ST_OK ||
	    st->ops->stats_hot_counts(st, STORE_G_TOWN, now, w, STATS_HOT_DAYS,
				      &gt, &n_gt) != ST_OK ||
	    st->ops->list_categories(st, &cat, &n_cat) != ST_OK ||
	    st->ops->list_units(st, NULL, &un, &n_un) != ST_OK)
		goto out;
	hot = xcalloc(n_gc + n_gt + 1, sizeof *hot);
	hot_eval(STORE_G_CATEGORY, gc, n_gc, hot, &nh);
	hot_eval(STORE_G_TOWN, gt, n_gt, hot, &nh);
	qsort(hot, nh, sizeof *hot, hot_cmp);
	o = cJSON_CreateObject();
	add_time(o, "as_of", now);
	cJSON_AddNumberToObject(o, "window_h", window_h);
	cJSON_AddNumberToObject(o, "baseline_days", STATS_HOT_DAYS);
	snprintf(rule, sizeof rule,
		 "count in the last %d h >= %d and Poisson P(X >= count | "
		 "mean of the same hours over %d days, at least %.1f) < %g",
		 window_h, STATS_HOT_MIN, STATS_HOT_DAYS, STATS_HOT_LAMBDA_MIN,
		 STATS_HOT_P);
	cJSON_AddStringToObject(o, "rule", rule);
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < nh; i++) {
		cJSON *x = cJSON_CreateObject(), *nos;
		char **tn = NULL;
		size_t n_tn = 0;
		int is_cat = hot[i].kind == STORE_G_CATEGORY;

		cJSON_AddStringToObject(x, "kind", is_cat ? "category"
							  : "town");
		cJSON_AddStringToObject(x, "code", hot[i].code);
		cJSON_AddStringToObject(
			x, "name",
			is_cat ? category_name(cat, n_cat, hot[i].code)
			       : unit_name(un, n_un, hot[i].code));
		cJSON_AddNumberToObject(x, "count", (double)hot[i].count);
		cJSON_AddNumberToObject(x, "expected",
					floor(hot[i].expected * 100 + 0.5) /
						100);
		cJSON_AddNumberToObject(x, "score",
					floor(hot[i].score * 100 + 0.5) / 100);
		nos = cJSON_AddArrayToObject(x, "ticket_nos");
		if (st->ops->stats_hot_tickets(st, hot[i].kind, hot[i].code,
					       now - w, now, STATS_HOT_TICKETS,
					       &tn, &n_tn) == ST_OK) {
			for (j = 0; j < n_tn; j++)
				cJSON_AddItemToArray(
					nos, cJSON_CreateString(tn[j]));
			store_strings_free(tn, n_tn);
		}
		cJSON_AddItemToArray(items, x);
	}
	free(hot);
out:
	store_groups_free(gc, n_gc);
	store_groups_free(gt, n_gt);
	store_categories_free(cat, n_cat);
	store_units_free(un, n_un);
	return o;
}

/* ---- the stats.live publisher ----------------------------------------- */

static void *
live_main(void *arg)
{
	char *last = NULL;
	uint64_t seen = UINT64_MAX;
	long long last_calc = 0, last_hour = 0;

	(void)arg;
	pthread_mutex_lock(&sl.lock);
	while (!sl.stopping) {
		struct timespec ts;
		long long now_ms = calls_now_ms(), now = now_ms / 1000;
		uint64_t id = events_last_id();

		/* Nobody watches: nothing to compute (and the next board
		 * gets a full first publish). */
		if (events_n_supervisor_streams() == 0) {
			free(last);
			last = NULL;
			seen = UINT64_MAX;
		} else if (id != seen || now - last_calc >= STATS_REFRESH ||
			   stats_hour_start(now) != last_hour) {
			cJSON *o;
			char *txt = NULL;

			pthread_mutex_unlock(&sl.lock);
			o = stats_live_json(sl.srv, now_ms, 0);
			if (o) {
				cJSON_DeleteItemFromObjectCaseSensitive(
					o, "as_of");
				txt = cJSON_PrintUnformatted(o);
			}
			if (txt && !last) {
				/* a board just connected: it reads GET
				 * /v1/stats/live itself; this is the base */
				last = txt;
				txt = NULL;
			} else if (txt && strcmp(txt, last) != 0) {
				struct ev_audience aud;
				char *full;

				memset(&aud, 0, sizeof aud);
				aud.supervisors = 1;
				add_time(o, "as_of", now);
				full = cJSON_PrintUnformatted(o);
				if (full)
					events_publish("stats.live", &aud,
						       full);
				free(full);
				free(last);
				last = txt;
				txt = NULL;
				/* our own event is not a change */
				if (events_last_id() == id + 1)
					id++;
			}
			free(txt);
			cJSON_Delete(o);
			seen = id;
			last_calc = now;
			last_hour = stats_hour_start(now);
			pthread_mutex_lock(&sl.lock);
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		if (!sl.stopping)
			pthread_cond_timedwait(&sl.wake, &sl.lock, &ts);
	}
	pthread_mutex_unlock(&sl.lock);
	free(last);
	return NULL;
}

int
stats_start(struct srv *s, const struct stats_config *c)
{
	int err;

	sl.srv = s;
	sl.cfg = *c;
	sl.stopping = 0;
	if (!c->live_events)
		return 0;
	err = pthread_create(&sl.thread, NULL, live_main, NULL);
	if (err) {
		slog(SLOG_ERROR, "stats: cannot start the stats.live thread: "
				 "%s",
		     strerror(err));
		return -1;
	}
	sl.started = 1;
	return 0;
}

void
stats_stop(void)
{
	pthread_mutex_lock(&sl.lock);
	sl.stopping = 1;
	pthread_cond_broadcast(&sl.wake);
	pthread_mutex_unlock(&sl.lock);
	if (sl.started) {
		pthread_join(sl.thread, NULL);
		sl.started = 0;
	}
}
