/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * overdue.c - the deadline timer thread (overdue.h).
 */
#include "overdue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "../core/ticket.h"
#include "events.h"
#include "log.h"
#include "tkrec.h"

/* Passes over more batches than this stop until the next tick. */
#define OVERDUE_MAX_ROUNDS 100

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
	int running;
	int stop;
	int interval;
	struct srv *srv;
} od = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0,
	NULL};

static int
stopping(void)
{
	int stop;

	pthread_mutex_lock(&od.mu);
	stop = od.stop;
	pthread_mutex_unlock(&od.mu);
	return stop;
}

/* ticket.changed to the creator and the supervisors (as the routes do). */
static void
publish_changed(const struct tk_rec *cur, const char *state,
		long long version)
{
	struct ev_audience aud = {.username = tk_rec_s(cur, TKF_CREATED_BY),
				  .supervisors = 1};
	cJSON *o = cJSON_CreateObject();
	char *txt;

	cJSON_AddStringToObject(o, "ticket_no", tk_rec_s(cur, TKF_TICKET_NO));
	cJSON_AddStringToObject(o, "state", state);
	cJSON_AddNumberToObject(o, "version", (double)version);
	txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (txt)
		events_publish("ticket.changed", &aud, txt);
	free(txt);
}

/* 1: marked; 0: not (any more) a candidate or lost a race; -1: error. */
static int
mark_one(struct srv *s, const struct tk_rec *cur, long long now)
{
	struct store *st = s->store;
	const char *no = tk_rec_s(cur, TKF_TICKET_NO);
	struct tk_event ev = {0};
	struct tk_change ch;
	enum tk_state from, to;
	long long newv = 0;
	enum status rc;

	if (cur->v[TKF_OVERDUE].n || cur->v[TKF_DEADLINE].null ||
	    cur->v[TKF_DEADLINE].n >= now)
		return 0;
	if (tk_state_parse(tk_rec_s(cur, TKF_STATE), &from) != 0 ||
	    tk_transition(from, TKA_MARK_OVERDUE, ROLE_SYSTEM, &to) != ST_OK)
		return 0;
	tk_change_init(&ch);
	tk_change_int(&ch, TKF_OVERDUE, 1);
	if (to != from)
		tk_change_str(&ch, TKF_STATE, tk_state_wire(to));
	tk_event_set(&ev, "system", tk_action_wire(TKA_MARK_OVERDUE),
		     tk_state_wire(from), tk_state_wire(to), OVERDUE_COMMENT);
	rc = st->ops->update_ticket(st, no, cur->v[TKF_VERSION].n, &ch, &ev,
				    now, &newv);
	tk_event_free(&ev);
	tk_change_free(&ch);
	if (rc == ST_CONFLICT || rc == ST_NOT_FOUND) {
		slog(SLOG_DEBUG, "overdue: %s changed meanwhile; next tick",
		     no);
		return 0;
	}
	if (rc != ST_OK) {
		slog(SLOG_WARN, "overdue: cannot mark %s", no);
		return -1;
	}
	slog(SLOG_INFO, "overdue: %s marked overdue (version %lld)", no,
	     newv);
	publish_changed(cur, tk_state_wire(to), newv);
	return 1;
}

int
overdue_pass(struct srv *s, long long now)
{
	struct store *st = s->store;
	int marked = 0, round, r;

	for (round = 0; round < OVERDUE_MAX_ROUNDS; round++) {
		struct tk_rec *t = NULL;
		size_t n = 0, i;
		int got = 0;

		if (st->ops->list_overdue(st, now, OVERDUE_BATCH, &t, &n) !=
		    ST_OK) {
			slog(SLOG_WARN, "overdue: cannot list candidates");
			return -1;
		}
		for (i = 0; i < n && !stopping(); i++) {
			r = mark_one(s, &t[i], now);
			if (r > 0)
				got++;
		}
		store_recs_free(t, n);
		marked += got;
		/* A full batch with progress: there may be more. */
		if (n < OVERDUE_BATCH || got == 0 || stopping())
			break;
	}
	return marked;
}

static void *
od_main(void *arg)
{
	struct srv *s = arg;

	for (;;) {
		struct timespec until;
		int stop;

		if (overdue_pass(s, (long long)time(NULL)) < 0)
			slog(SLOG_WARN, "overdue: pass failed; next tick");
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += od.interval;
		pthread_mutex_lock(&od.mu);
		while (!od.stop &&
		       pthread_cond_timedwait(&od.cv, &od.mu, &until) !=
			       ETIMEDOUT)
			;
		stop = od.stop;
		pthread_mutex_unlock(&od.mu);
		if (stop)
			break;
	}
	return NULL;
}

int
overdue_start(struct srv *s, int interval_s)
{
	pthread_condattr_t ca;
	int rc;

	if (interval_s < 1 || interval_s > OVERDUE_INTERVAL_MAX) {
		slog(SLOG_ERROR, "overdue: interval %d out of range",
		     interval_s);
		return -1;
	}
	pthread_mutex_lock(&od.mu);
	if (od.running) {
		pthread_mutex_unlock(&od.mu);
		return 0;
	}
	/* A monotonic wait: a clock step neither stalls nor rushes it. */
	pthread_cond_destroy(&od.cv);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&od.cv, &ca);
	pthread_condattr_destroy(&ca);
	od.stop = 0;
	od.interval = interval_s;
	od.srv = s;
	rc = pthread_create(&od.th, NULL, od_main, s);
	od.running = rc == 0;
	pthread_mutex_unlock(&od.mu);
	if (rc != 0) {
		slog(SLOG_ERROR, "overdue: cannot start the timer: %s",
		     strerror(rc));
		return -1;
	}
	slog(SLOG_INFO, "overdue: deadline timer every %d s", interval_s);
	return 0;
}

void
overdue_stop(void)
{
	pthread_mutex_lock(&od.mu);
	if (!od.running) {
		pthread_mutex_unlock(&od.mu);
		return;
	}
	od.stop = 1;
	pthread_cond_broadcast(&od.cv);
	pthread_mutex_unlock(&od.mu);
	pthread_join(od.th, NULL);
	pthread_mutex_lock(&od.mu);
	od.running = 0;
	od.stop = 0;
	pthread_mutex_unlock(&od.mu);
}
