/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sms_gateway.c - the demo SMS gateway thread (sms_gateway.h).
 */
#include "sms_gateway.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "../core/utf8.h"
#include "kb.h"
#include "log.h"

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
	int running;
	int stop;
	struct store *st;
} gw = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, NULL};

/* One pass over the due messages. */
static void
gw_pass(struct store *st)
{
	struct store_sms *m = NULL;
	long long now = (long long)time(NULL);
	size_t n = 0, i;

	if (st->ops->sms_due(st, now - SMS_GATEWAY_DELAY, SMS_GATEWAY_BATCH,
			     &m, &n) != ST_OK)
		return;
	for (i = 0; i < n; i++) {
		int ok = strncmp(m[i].phone, SMS_GATEWAY_FAIL_PREFIX,
				 strlen(SMS_GATEWAY_FAIL_PREFIX)) != 0;
		char masked[32];
		enum status rc;

		kb_mask_phone(m[i].phone, masked);
		rc = st->ops->sms_finish(st, m[i].id, ok,
					 ok ? "" : "demo gateway: number not "
						   "in service",
					 (long long)time(NULL));
		if (rc == ST_NOT_FOUND)
			continue; /* someone else finished it */
		if (rc != ST_OK) {
			slog(SLOG_WARN, "sms: cannot update #%lld", m[i].id);
			continue;
		}
		if (ok)
			slog(SLOG_INFO, "sms: sent to %s (%zu chars)", masked,
			     u8_count(m[i].text));
		else
			slog(SLOG_WARN, "sms: failed to %s (%zu chars): "
					"number not in service",
			     masked, u8_count(m[i].text));
	}
	store_smses_free(m, n);
}

static void *
gw_main(void *arg)
{
	struct store *st = arg;

	for (;;) {
		struct timespec until;
		int stop;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SMS_GATEWAY_POLL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&gw.mu);
		while (!gw.stop &&
		       pthread_cond_timedwait(&gw.cv, &gw.mu, &until) !=
			       ETIMEDOUT)
			;
		stop = gw.stop;
		pthread_mutex_unlock(&gw.mu);
		if (stop)
			break;
		gw_pass(st);
	}
	return NULL;
}

int
sms_gateway_start(struct store *st)
{
	int rc;

	pthread_mutex_lock(&gw.mu);
	if (gw.running) {
		pthread_mutex_unlock(&gw.mu);
		return 0;
	}
	gw.stop = 0;
	gw.st = st;
	rc = pthread_create(&gw.th, NULL, gw_main, st);
	gw.running = rc == 0;
	pthread_mutex_unlock(&gw.mu);
	if (rc != 0) {
		slog(SLOG_ERROR, "sms: cannot start the gateway thread: %s",
		     strerror(rc));
		return -1;
	}
	slog(SLOG_INFO, "sms: demo gateway started (marks queued messages "
			"sent after %d s)",
	     SMS_GATEWAY_DELAY);
	return 0;
}

void
sms_gateway_stop(void)
{
	pthread_mutex_lock(&gw.mu);
	if (!gw.running) {
		pthread_mutex_unlock(&gw.mu);
		return;
	}
	gw.stop = 1;
	pthread_cond_broadcast(&gw.cv);
	pthread_mutex_unlock(&gw.mu);
	pthread_join(gw.th, NULL);
	pthread_mutex_lock(&gw.mu);
	gw.running = 0;
	pthread_mutex_unlock(&gw.mu);
}
