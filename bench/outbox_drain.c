/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outbox_drain.c - the outbox drain benchmark's worker (bench/outbox.sh;
 * issue #4 §7: "outbox drain rate after an outage of 1,000 queued
 * submissions").  Links the client's core and net libraries and uses them
 * as the client does:
 *
 *   outbox_drain push DIR N
 *       queue N create_ticket items in the outbox at DIR (the real
 *       core/outbox: one fsync'd file per item, atomic replace); prints
 *       "push N items MS ms".
 *   outbox_drain drain DIR URL USER PASSWORD
 *       log in, then deliver every item with the client's rule: peek the
 *       oldest, mark it sending (durable), POST /v1/tickets with its
 *       payload and Idempotency-Key: <its key>, and only after a 2xx mark
 *       it delivered (a 4xx marks it failed; a network error or 5xx
 *       retries the same item after 100 ms).  One request at a time, in
 *       order, on net/'s libcurl multi handle.  Prints "drain N items MS
 *       ms RATE items/s failed F retries R replayed P" (P: 200 answers,
 *       i.e. items the server had taken before a crash); writes the count delivered so far to
 *       DIR/../progress after each item (for the kill test).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "core/outbox.h"
#include "net/api.h"
#include "net/parse_calls.h"

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- push ------------------------------------------------------------- */

static int
do_push(const char *dir, long n)
{
	struct outbox *o;
	enum status err = ST_OK;
	long long t0;
	long i;

	o = outbox_open(dir, &err);
	if (!o) {
		fprintf(stderr, "outbox_open %s: %s\n", dir, status_msg(err));
		return 1;
	}
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		char body[1024];
		int len;

		len = snprintf(body, sizeof body,
			       "{\"channel\":\"PHONE\",\"appeal_type\":"
			       "\"CONSULT\",\"title\":\"断网期间受理的咨询 %ld\","
			       "\"content\":\"来电人咨询住房公积金提取条件"
			       "（离线队列第 %ld 条）。\","
			       "\"category_code\":\"030101\",\"caller_phone\":"
			       "\"1380013%04ld\",\"caller_name\":\"测试市民\"}",
			       i + 1, i + 1, i % 10000);
		if (outbox_push(o, "create_ticket", NULL, body, (size_t)len,
				NULL, NULL) != ST_OK) {
			fprintf(stderr, "outbox_push %ld: %s\n", i,
				outbox_error(o));
			outbox_close(o);
			return 1;
		}
	}
	printf("push %ld items %lld ms\n", n, now_ms() - t0);
	outbox_close(o);
	return 0;
}

/* ---- drain ------------------------------------------------------------ */

struct wait {
	int done;
	enum status st;
	long http;
	char msg[256];
	char *token;
};

static void
on_login(const struct api_result *r, const char *token,
	 const struct agent_info *agent, void *ud)
{
	struct wait *w = ud;

	(void)agent;
	w->done = 1;
	w->st = r->st;
	w->http = r->http_status;
	snprintf(w->msg, sizeof w->msg, "%s", r->message);
	if (token)
		w->token = xstrdup(token);
}

/* api_request_raw frees its ctx itself: a malloc'd pointer to ours. */
struct sent_ctx {
	struct wait *w;
};

static void
on_sent(const struct api_result *r, const char *body, size_t len, void *ctx)
{
	struct wait *w = ((struct sent_ctx *)ctx)->w;

	(void)body;
	(void)len;
	w->done = 1;
	w->st = r->st;
	w->http = r->http_status;
	snprintf(w->msg, sizeof w->msg, "%s", r->message);
}

static void
run_until(struct api *a, struct wait *w)
{
	while (!w->done) {
		api_poll(a, -1, 100);
		api_dispatch(a);
	}
}

static void
progress(const char *path, long n)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fprintf(f, "%ld\n", n);
		fclose(f);
	}
}

static int
do_drain(const char *dir, const char *url, const char *user,
	 const char *pw)
{
	struct outbox *o;
	struct api *a;
	struct wait lw = {0};
	enum status err = ST_OK;
	struct outbox_item it;
	long delivered = 0, failed = 0, retries = 0, replayed = 0;
	long long t0, ms;
	char *prog;

	o = outbox_open(dir, &err);
	if (!o) {
		fprintf(stderr, "outbox_open %s: %s\n", dir, status_msg(err));
		return 1;
	}
	a = api_new(url, 30);
	if (!a || api_login(a, user, pw, on_login, &lw) != 0) {
		fprintf(stderr, "cannot start the login\n");
		return 1;
	}
	run_until(a, &lw);
	if (lw.st != ST_OK) {
		fprintf(stderr, "login: %s\n", lw.msg);
		return 1;
	}
	free(lw.token);
	prog = xasprintf("%s.progress", dir);
	t0 = now_ms();
	memset(&it, 0, sizeof it);
	while (outbox_peek(o, &it) == ST_OK) {
		struct wait w = {0};
		char hdr[96];
		/* the payload is text JSON without NUL bytes */
		char *body = xstrndup(it.payload, it.payload_len);

		if (outbox_mark_sending(o, it.seq) != ST_OK) {
			fprintf(stderr, "mark_sending: %s\n", outbox_error(o));
			return 1;
		}
		struct sent_ctx *sc = xcalloc(1, sizeof *sc);

		sc->w = &w;
		snprintf(hdr, sizeof hdr, "Idempotency-Key: %s", it.key);
		if (api_request_raw(a, "POST", "/v1/tickets", body, hdr,
				    on_sent, sc) != 0) {
			fprintf(stderr, "cannot start a request\n");
			return 1;
		}
		free(body);
		run_until(a, &w);
		if (w.st == ST_OK) {
			if (outbox_mark_delivered(o, it.seq) != ST_OK) {
				fprintf(stderr, "mark_delivered: %s\n",
					outbox_error(o));
				return 1;
			}
			delivered++;
			if (w.http == 200)
				replayed++; /* answered from the idempotency
					       record: sent before a crash */
			progress(prog, delivered);
		} else if (w.http >= 400 && w.http < 500) {
			outbox_mark_failed(o, it.seq, w.msg);
			failed++;
		} else {
			retries++; /* network or 5xx: the same item again */
			usleep(100000);
		}
		outbox_item_free(&it);
		memset(&it, 0, sizeof it);
	}
	ms = now_ms() - t0;
	printf("drain %ld items %lld ms %.0f items/s failed %ld retries %ld "
	       "replayed %ld\n",
	       delivered, ms, ms > 0 ? delivered * 1000.0 / (double)ms : 0.0,
	       failed, retries, replayed);
	free(prog);
	api_free(a);
	outbox_close(o);
	return failed ? 1 : 0;
}

int
main(int argc, char **argv)
{
	char *end = NULL;
	long n;

	if (argc == 4 && strcmp(argv[1], "push") == 0) {
		errno = 0;
		n = strtol(argv[3], &end, 10);
		if (errno || !end || *end || n < 1 || n > 1000000) {
			fprintf(stderr, "N must be 1..1000000\n");
			return 2;
		}
		return do_push(argv[2], n);
	}
	if (argc == 6 && strcmp(argv[1], "drain") == 0)
		return do_drain(argv[2], argv[3], argv[4], argv[5]);
	fprintf(stderr, "usage: outbox_drain push DIR N\n"
			"       outbox_drain drain DIR URL USER PASSWORD\n");
	return 2;
}
