/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_sse.c - the event stream of net/events.c.
 *
 * Part 1, the incremental SSE parser: one stream fed byte by byte, in
 * random chunks and whole, with LF, CRLF and CR line ends, must give the
 * same events (multi-line data, comments, an id without data, an event
 * cut off at EOF, retry, a BOM); oversize events are refused.
 *
 * Part 2, the stream against a canned server (a thread on 127.0.0.1, one
 * scripted connection per step, like test_net_http.c): the client is
 * driven as the UI loop does it (api_poll, api_dispatch).  Reconnect after
 * the server closes, carrying Last-Event-ID; the silent-server watchdog;
 * resync moving the resume point; a 401; an oversize event; stopping from
 * a callback and api_free with the stream open.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/callmodel.h"
#include "core/mem.h"
#include "net/api.h"
#include "net/calls.h"

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- part 1: the parser ------------------------------------------------ */

#define MAX_GOT 16

struct got {
	char id[32];
	int has_id;
	char event[64];
	char data[256];
	size_t data_len;
};

struct sink {
	struct got ev[MAX_GOT];
	size_t n;
};

static void
sink_fn(const struct sse_event *e, void *ud)
{
	struct sink *s = ud;
	struct got *g;

	assert_true(s->n < MAX_GOT);
	g = &s->ev[s->n++];
	assert_true(strlen(e->id) < sizeof(g->id));
	assert_true(strlen(e->event) < sizeof(g->event));
	assert_true(e->data_len < sizeof(g->data));
	assert_int_equal(strlen(e->data), e->data_len);
	snprintf(g->id, sizeof(g->id), "%s", e->id);
	g->has_id = e->has_id;
	snprintf(g->event, sizeof(g->event), "%s", e->event);
	memcpy(g->data, e->data, e->data_len + 1);
	g->data_len = e->data_len;
}

/* The stream, with "\n" standing for the line end under test. */
static const char stream_lf[] =
	"\xEF\xBB\xBF: 这是注释\n"
	"id: 1\n"
	"event: call.offered\n"
	"data: {\"caller\":\"13800138000\"}\n"
	"\n"
	": ping\n"
	"\n"
	"data: 第一行\n"
	"data:second\n"
	"data\n"
	"unknown: field\n"
	"\n"
	"id: 7\n"
	"\n"
	"event: queue\n"
	"data:  two spaces\n"
	"id: 8\n"
	"retry: 3000\n"
	"retry: 12x\n"
	"\n"
	"event: tail\n"
	"data: never dispatched";

static char *
with_eol(const char *eol)
{
	struct buf b;
	const char *p;

	buf_init(&b, 0);
	for (p = stream_lf; *p; p++) {
		if (*p == '\n')
			assert_int_equal(buf_puts(&b, eol), ST_OK);
		else
			assert_int_equal(buf_putc(&b, *p), ST_OK);
	}
	return buf_steal(&b);
}

static void
check_stream(const struct sink *s, const struct sse_parser *p)
{
	assert_int_equal(s->n, 3);
	assert_string_equal(s->ev[0].id, "1");
	assert_int_equal(s->ev[0].has_id, 1);
	assert_string_equal(s->ev[0].event, "call.offered");
	assert_string_equal(s->ev[0].data, "{\"caller\":\"13800138000\"}");

	assert_int_equal(s->ev[1].has_id, 0);
	assert_string_equal(s->ev[1].id, "");
	assert_string_equal(s->ev[1].event, "");
	assert_string_equal(s->ev[1].data, "第一行\nsecond\n");

	assert_string_equal(s->ev[2].id, "8");
	assert_string_equal(s->ev[2].event, "queue");
	assert_string_equal(s->ev[2].data, " two spaces");
	assert_string_equal(sse_last_id(p), "8");
	assert_int_equal(sse_retry_ms(p), 3000);
}

/* xorshift: deterministic "random" chunk sizes. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
test_parser_line_ends(void **state)
{
	static const char *const eols[] = {"\n", "\r\n", "\r"};
	struct sse_parser *p;
	struct sink s;
	size_t e, i, len, k, n;
	uint32_t seed;
	char *text;

	(void)state;
	for (e = 0; e < 3; e++) {
		text = with_eol(eols[e]);
		len = strlen(text);

		/* Whole. */
		memset(&s, 0, sizeof(s));
		p = sse_new(4096, sink_fn, &s);
		assert_int_equal(sse_feed(p, text, len), 0);
		check_stream(&s, p);
		sse_free(p);

		/* Byte by byte. */
		memset(&s, 0, sizeof(s));
		p = sse_new(4096, sink_fn, &s);
		for (i = 0; i < len; i++)
			assert_int_equal(sse_feed(p, text + i, 1), 0);
		check_stream(&s, p);
		sse_free(p);

		/* Random chunks, several seeds. */
		for (k = 0; k < 50; k++) {
			seed = 2463534242u + (uint32_t)k * 7919u;
			memset(&s, 0, sizeof(s));
			p = sse_new(4096, sink_fn, &s);
			for (i = 0; i < len; i += n) {
				n = 1 + rnd(&seed) % 17;
				if (n > len - i)
					n = len - i;
				assert_int_equal(sse_feed(p, text + i, n), 0);
			}
			check_stream(&s, p);
			sse_free(p);
		}
		free(text);
	}
}

static void
test_parser_edge(void **state)
{
	struct sse_parser *p;
	struct sink s;

	(void)state;
	memset(&s, 0, sizeof(s));
	p = sse_new(4096, sink_fn, &s);
	/* A CR at the end of one feed, the LF at the start of the next: one
	 * line end, not two (which would dispatch an empty event early). */
	assert_int_equal(sse_feed(p, "data: a\r", 8), 0);
	assert_int_equal(sse_feed(p, "\ndata: b\r", 9), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(sse_feed(p, "\n\r\n", 3), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.ev[0].data, "a\nb");

	/* An empty data line is an event with empty data. */
	assert_int_equal(sse_feed(p, "data\n\n", 6), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.ev[1].data, "");
	/* Only an event name: nothing. */
	assert_int_equal(sse_feed(p, "event: x\n\n", 10), 0);
	assert_int_equal(s.n, 2);
	/* An id with NUL is ignored; the last id stays. */
	assert_int_equal(sse_feed(p, "id: 5\n\n", 7), 0);
	assert_string_equal(sse_last_id(p), "5");
	assert_int_equal(sse_feed(p, "id: 6\0x\ndata: y\n\n", 17), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ev[2].has_id, 0);
	assert_string_equal(sse_last_id(p), "5");
	/* An empty id resets the last id. */
	assert_int_equal(sse_feed(p, "id\n\n", 4), 0);
	assert_string_equal(sse_last_id(p), "");

	/* reset drops a partial event but keeps the last id. */
	assert_int_equal(sse_feed(p, "id: 9\n\n", 7), 0);
	assert_int_equal(sse_feed(p, "event: half\ndata: x", 19), 0);
	sse_reset(p);
	assert_int_equal(sse_feed(p, "\n\n", 2), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(sse_last_id(p), "9");
	sse_free(p);

	assert_null(sse_new(0, sink_fn, &s));
	assert_null(sse_new(10, NULL, &s));
	assert_int_equal(sse_feed(NULL, "x", 1), -1);
}

static void
test_parser_oversize(void **state)
{
	char big[200];
	struct sse_parser *p;
	struct sink s;
	int i;

	(void)state;
	memset(&s, 0, sizeof(s));
	p = sse_new(64, sink_fn, &s);
	/* Just under the cap: fine ("data: " + 50 + "\n" = 57 bytes). */
	memset(big, 'x', sizeof(big));
	assert_int_equal(sse_feed(p, "data: ", 6), 0);
	assert_int_equal(sse_feed(p, big, 50), 0);
	assert_int_equal(sse_feed(p, "\n\n", 2), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ev[0].data_len, 50);

	/* One long line without an end: refused while it grows. */
	assert_int_equal(sse_feed(p, "data: ", 6), 0);
	assert_int_equal(sse_feed(p, big, 100), -1);
	/* The parser starts over and works again. */
	assert_int_equal(sse_feed(p, "data: ok\n\n", 10), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.ev[1].data, "ok");

	/* Many short lines adding up over the cap. */
	for (i = 0; i < 20; i++)
		if (sse_feed(p, "data: 0123456\n", 14) < 0)
			break;
	assert_true(i < 20 && i >= 3);
	assert_int_equal(s.n, 2);
	sse_free(p);
}

/* ---- part 2: the canned server ----------------------------------------- */

#define REQ_MAX 8192
#define MAX_STEPS 4

enum step_mode {
	ST_CLOSE, /* send the bytes, close */
	ST_HOLD   /* send the bytes, keep the connection open until the
		   * client closes it or the test ends */
};

struct step {
	enum step_mode mode;
	const char *bytes;
	size_t extra_big; /* append an event with this many data bytes */
};

struct srv {
	int lfd;
	int port;
	int stop[2]; /* a pipe: written by srv_stop */
	const struct step *steps;
	size_t n_steps;
	pthread_t th;
	char req[MAX_STEPS][REQ_MAX];
	size_t n_req;  /* requests read (atomic) */
	long at[MAX_STEPS]; /* when each request arrived */
};

static int
wait_in(struct srv *s, int fd, long deadline)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
			      {.fd = s->stop[0], .events = POLLIN}};
	long left = deadline - now_ms();

	if (left <= 0)
		return 0;
	if (poll(p, 2, (int)left) <= 0 || p[1].revents)
		return 0;
	return 1;
}

static void
send_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void
read_head(struct srv *s, int fd, char *buf, size_t cap, long deadline)
{
	size_t len = 0;
	ssize_t n;

	buf[0] = '\0';
	while (len + 1 < cap && !strstr(buf, "\r\n\r\n")) {
		if (!wait_in(s, fd, deadline))
			break;
		n = recv(fd, buf + len, cap - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
	}
}

static void
send_big(int fd, size_t n)
{
	static char chunk[8192];
	size_t k;

	memset(chunk, 'x', sizeof(chunk));
	send_all(fd, "id: 99\nevent: queue\ndata: ", 26);
	while (n > 0) {
		k = n < sizeof(chunk) ? n : sizeof(chunk);
		send_all(fd, chunk, k);
		n -= k;
	}
	send_all(fd, "\n\n", 2);
}

static void *
srv_main(void *arg)
{
	struct srv *s = arg;
	long deadline = now_ms() + 15000;
	char tmp[512];
	size_t i;
	int fd;

	for (i = 0; i < s->n_steps; i++) {
		const struct step *st = &s->steps[i];

		if (!wait_in(s, s->lfd, deadline))
			break;
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			break;
		read_head(s, fd, s->req[i], REQ_MAX, deadline);
		s->at[i] = now_ms();
		__atomic_store_n(&s->n_req, i + 1, __ATOMIC_RELEASE);
		send_all(fd, st->bytes, strlen(st->bytes));
		if (st->extra_big)
			send_big(fd, st->extra_big);
		if (st->mode == ST_HOLD)
			while (wait_in(s, fd, deadline))
				if (recv(fd, tmp, sizeof(tmp), 0) <= 0)
					break;
		close(fd);
	}
	return NULL;
}

static struct srv *
srv_start(const struct step *steps, size_t n)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	struct srv *s = xcalloc(1, sizeof(*s));

	assert_true(n <= MAX_STEPS);
	s->steps = steps;
	s->n_steps = n;
	assert_int_equal(pipe(s->stop), 0);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s->lfd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&sa, &sl), 0);
	s->port = ntohs(sa.sin_port);
	assert_int_equal(listen(s->lfd, 8), 0);
	assert_int_equal(pthread_create(&s->th, NULL, srv_main, s), 0);
	return s;
}

static void
srv_free(struct srv *s)
{
	assert_int_equal(write(s->stop[1], "x", 1), 1);
	pthread_join(s->th, NULL);
	close(s->lfd);
	close(s->stop[0]);
	close(s->stop[1]);
	free(s);
}

static size_t
srv_nreq(struct srv *s)
{
	return __atomic_load_n(&s->n_req, __ATOMIC_ACQUIRE);
}

/* Value of a request header (case-insensitive), malloc'd, or NULL. */
static char *
req_header(const char *req, const char *name)
{
	const char *p = req, *v, *e;
	size_t n = strlen(name);

	while ((p = strstr(p, "\r\n"))) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			v = p + n + 1;
			while (*v == ' ')
				v++;
			e = strstr(v, "\r\n");
			return xstrndup(v, e ? (size_t)(e - v) : strlen(v));
		}
	}
	return NULL;
}

static void
assert_header(const char *req, const char *name, const char *want)
{
	char *v = req_header(req, name);

	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

/* ---- the client --------------------------------------------------------- */

#define HEAD                                                                  \
	"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"              \
	"Cache-Control: no-cache\r\nConnection: close\r\n\r\n"

struct rec {
	enum api_event_type type[64];
	long id[64];
	long num[64]; /* hello last_id, call id, queue waiting */
	enum api_events_state conn[64];
	size_t n;
	size_t n_hello;
	int stop_on_call;      /* api_events_stop from the callback */
	struct api_events *ev; /* for that */
	int free_on_hello;     /* api_free from the callback (2nd hello) */
	struct api *api;
};

static void
on_event(const struct api_event *e, void *ud)
{
	struct rec *r = ud;
	size_t i = r->n;

	assert_non_null(e->raw_type);
	assert_non_null(e->why);
	if (i >= 64)
		return;
	r->type[i] = e->type;
	r->id[i] = e->id;
	r->num[i] = 0;
	if (e->type == AEV_HELLO) {
		r->num[i] = e->u.hello.last_id;
		r->n_hello++;
	} else if (e->type == AEV_CALL_OFFERED) {
		r->num[i] = e->u.call.id;
		assert_string_equal(e->u.call.caller, "13800138000");
		assert_string_equal(e->u.call.ivr_intent, "公积金提取");
	} else if (e->type == AEV_RESYNC) {
		r->num[i] = strcmp(e->u.resync.reason, "event_too_large") == 0;
	} else if (e->type == AEV_QUEUE) {
		r->num[i] = (long)e->u.queues.items[0].waiting;
	} else if (e->type == AEV_CONN) {
		struct api_events_info inf;

		api_events_info(r->ev, &inf);
		r->conn[i] = inf.state;
	}
	r->n++;
	if (r->stop_on_call && e->type == AEV_CALL_OFFERED) {
		api_events_stop(r->ev);
		r->ev = NULL;
	}
	if (r->free_on_hello && e->type == AEV_HELLO && r->n_hello == 2) {
		api_free(r->api);
		r->api = NULL;
	}
}

static size_t
count(const struct rec *r, enum api_event_type t)
{
	size_t i, k = 0;

	for (i = 0; i < r->n; i++)
		k += r->type[i] == t;
	return k;
}

/* Run the UI loop until cond(ud) or the deadline; 1 when cond held. */
static int
drive(struct api *a, int (*cond)(void *), void *ud, long ms)
{
	long deadline = now_ms() + ms;

	while (now_ms() < deadline) {
		if (cond(ud))
			return 1;
		api_poll(a, -1, 100);
		api_dispatch(a);
	}
	return cond(ud);
}

struct wait_n {
	struct srv *s;
	size_t n_req;
	struct rec *r;
	size_t n_hello;
};

static int
got_reqs_and_hellos(void *ud)
{
	struct wait_n *w = ud;

	return srv_nreq(w->s) >= w->n_req && w->r->n_hello >= w->n_hello;
}

static const char call_json[] =
	"{\"id\":41,\"caller\":\"13800138000\",\"channel\":\"PHONE\","
	"\"desk\":\"GENERAL\",\"state\":\"RINGING\",\"agent\":\"demo-agent\","
	"\"ivr\":{\"intent\":\"公积金提取\",\"transcript\":\"想提取\"}}";

static struct api *
client(struct srv *s)
{
	char *url = xasprintf("http://127.0.0.1:%d", s->port);
	struct api *a = api_new(url, 5);

	free(url);
	assert_non_null(a);
	api_set_token(a, "tok-abc");
	return a;
}

static void
test_stream_reconnect_last_id(void **state)
{
	char step0[2048];
	struct step steps[3];
	struct api_events_info inf;
	struct wait_n w;
	struct rec r;
	struct srv *s;
	struct api *a;
	size_t i;

	(void)state;
	/* hello + two events (CRLF line ends for one of them), then close. */
	snprintf(step0, sizeof(step0),
		 HEAD "event: hello\ndata: {\"last_id\":40,\"now\":"
		      "\"2026-11-28T20:19:00Z\"}\n\n"
		      ": ping\n\n"
		      "id: 41\nevent: call.offered\ndata: %s\n\n"
		      "id: 42\r\nevent: queue\r\ndata: {\"items\":[{\"desk\":"
		      "\"GENERAL\",\"waiting\":3}]}\r\n\r\n",
		 call_json);
	steps[0] = (struct step){ST_CLOSE, step0, 0};
	steps[1] = (struct step){ST_HOLD,
				 HEAD "event: hello\ndata: {\"last_id\":42}\n\n",
				 0};
	steps[2] = steps[1];
	s = srv_start(steps, 3);
	a = client(s);
	memset(&r, 0, sizeof(r));
	r.ev = api_events_start(a, on_event, &r);
	assert_non_null(r.ev);
	/* One stream per api. */
	assert_null(api_events_start(a, on_event, &r));
	api_events_tune(r.ev, 0, 50, 200);

	w = (struct wait_n){s, 2, &r, 2};
	assert_true(drive(a, got_reqs_and_hellos, &w, 8000));

	/* First request: no Last-Event-ID; the second resumes after 42. */
	assert_true(strncmp(s->req[0], "GET /v1/events HTTP/1.1\r\n", 25) == 0);
	assert_header(s->req[0], "Accept", "text/event-stream");
	assert_header(s->req[0], "Authorization", "Bearer tok-abc");
	assert_header(s->req[0], "Last-Event-ID", NULL);
	assert_true(strncmp(s->req[1], "GET /v1/events HTTP/1.1\r\n", 25) == 0);
	assert_header(s->req[1], "Last-Event-ID", "42");
	assert_header(s->req[1], "Authorization", "Bearer tok-abc");
	/* The reconnect waited for the backoff (50 ms), not much longer. */
	assert_true(s->at[1] - s->at[0] >= 40);
	assert_true(s->at[1] - s->at[0] < 3000);

	/* Events in order: connected, hello, the call, the queue, then the
	 * drop, the reconnect, connected and the second hello. */
	i = 0;
	assert_int_equal(r.type[i], AEV_CONN);
	assert_int_equal(r.conn[i++], AES_CONNECTED);
	assert_int_equal(r.type[i], AEV_HELLO);
	assert_int_equal(r.num[i++], 40);
	assert_int_equal(r.type[i], AEV_CALL_OFFERED);
	assert_int_equal(r.id[i], 41);
	assert_int_equal(r.num[i++], 41);
	assert_int_equal(r.type[i], AEV_QUEUE);
	assert_int_equal(r.id[i], 42);
	assert_int_equal(r.num[i++], 3);
	assert_int_equal(r.type[i], AEV_CONN);
	assert_int_equal(r.conn[i++], AES_RECONNECTING);
	assert_int_equal(r.type[i], AEV_CONN);
	assert_int_equal(r.conn[i++], AES_CONNECTING);
	assert_int_equal(r.type[i], AEV_CONN);
	assert_int_equal(r.conn[i++], AES_CONNECTED);
	assert_int_equal(r.type[i], AEV_HELLO);
	assert_int_equal(r.num[i++], 42);
	assert_int_equal(r.n, i);

	api_events_info(r.ev, &inf);
	assert_int_equal(inf.state, AES_CONNECTED);
	assert_int_equal(inf.last_id, 42);
	assert_int_equal(inf.failures, 0);

	/* A new login: reconnect at once under the new token, same id. */
	api_set_token(a, "tok-new");
	api_events_reconnect(r.ev);
	w = (struct wait_n){s, 3, &r, 3};
	assert_true(drive(a, got_reqs_and_hellos, &w, 3000));
	assert_header(s->req[2], "Last-Event-ID", "42");
	assert_header(s->req[2], "Authorization", "Bearer tok-new");
	assert_true(s->at[2] - s->at[1] < 2000);
	api_events_info(r.ev, &inf);
	assert_int_equal(inf.state, AES_CONNECTED);
	api_events_stop(r.ev);
	api_events_stop(NULL);
	/* A new stream may start once the old one is gone. */
	r.ev = api_events_start(a, on_event, &r);
	assert_non_null(r.ev);
	api_events_stop(r.ev);
	api_free(a);
	srv_free(s);
}

static void
test_stream_watchdog(void **state)
{
	struct step steps[2] = {
		{ST_HOLD,
		 HEAD "event: hello\ndata: {\"last_id\":40}\n\n: ping\n\n", 0},
		{ST_HOLD, HEAD "event: hello\ndata: {\"last_id\":40}\n\n", 0},
	};
	struct api_events_info inf;
	struct wait_n w;
	struct rec r;
	struct srv *s;
	struct api *a;
	long t0, gap;

	(void)state;
	s = srv_start(steps, 2);
	a = client(s);
	memset(&r, 0, sizeof(r));
	t0 = now_ms();
	r.ev = api_events_start(a, on_event, &r);
	assert_non_null(r.ev);
	api_events_tune(r.ev, 300, 20, 100);

	w = (struct wait_n){s, 1, &r, 1};
	assert_true(drive(a, got_reqs_and_hellos, &w, 5000));
	api_events_info(r.ev, &inf);
	assert_int_equal(inf.state, AES_CONNECTED);

	/* The server stays silent: the watchdog drops it and reconnects. */
	w = (struct wait_n){s, 2, &r, 2};
	assert_true(drive(a, got_reqs_and_hellos, &w, 5000));
	gap = s->at[1] - s->at[0];
	assert_true(gap >= 300);
	assert_true(gap < 2500);
	assert_true(now_ms() - t0 >= 300);
	assert_header(s->req[1], "Last-Event-ID", "40");
	assert_int_equal(count(&r, AEV_CONN), 4);
	api_events_info(r.ev, &inf);
	assert_int_equal(inf.state, AES_CONNECTED);
	assert_non_null(strstr(inf.last_error, "no data for 300 ms"));
	api_events_stop(r.ev);
	api_free(a);
	srv_free(s);
}

static void
test_stream_resync(void **state)
{
	struct step steps[3] = {
		{ST_CLOSE,
		 HEAD "event: hello\ndata: {\"last_id\":10}\n\n"
		      "id: 11\nevent: ticket.changed\ndata: {\"ticket_no\":"
		      "\"DG1\",\"state\":\"HANDLING\",\"version\":2}\n\n",
		 0},
		{ST_CLOSE,
		 HEAD "event: hello\ndata: {\"last_id\":500}\n\n"
		      "event: resync\ndata: {\"reason\":\"history_gone\"}\n\n",
		 0},
		{ST_HOLD, HEAD "event: hello\ndata: {\"last_id\":500}\n\n", 0},
	};
	struct wait_n w;
	struct rec r;
	struct srv *s;
	struct api *a;

	(void)state;
	s = srv_start(steps, 3);
	a = client(s);
	memset(&r, 0, sizeof(r));
	r.ev = api_events_start(a, on_event, &r);
	api_events_tune(r.ev, 0, 20, 100);
	w = (struct wait_n){s, 3, &r, 3};
	assert_true(drive(a, got_reqs_and_hellos, &w, 8000));
	assert_header(s->req[0], "Last-Event-ID", NULL);
	assert_header(s->req[1], "Last-Event-ID", "11");
	/* After the resync the client resumes from the server's last id. */
	assert_header(s->req[2], "Last-Event-ID", "500");
	assert_int_equal(count(&r, AEV_RESYNC), 1);
	assert_int_equal(count(&r, AEV_TICKET_CHANGED), 1);
	api_events_stop(r.ev);
	api_free(a);
	srv_free(s);
}

static int
got_state(void *ud)
{
	return count(ud, AEV_AGENT_STATE) > 0;
}

/* A fresh server (last_id 0): the reconnect still asks for "after 0",
 * so nothing published in between is lost. */
static void
test_stream_resume_from_zero(void **state)
{
	struct step steps[2] = {
		{ST_CLOSE, HEAD "event: hello\ndata: {\"last_id\":0}\n\n", 0},
		{ST_HOLD,
		 HEAD "event: hello\ndata: {\"last_id\":1}\n\n"
		      "id: 1\nevent: agent.state\ndata: {\"username\":"
		      "\"demo-agent\",\"state\":\"READY\"}\n\n",
		 0},
	};
	struct api_events_info inf;
	struct wait_n w;
	struct rec r;
	struct srv *s;
	struct api *a;

	(void)state;
	s = srv_start(steps, 2);
	a = client(s);
	memset(&r, 0, sizeof(r));
	r.ev = api_events_start(a, on_event, &r);
	api_events_tune(r.ev, 0, 20, 100);
	w = (struct wait_n){s, 2, &r, 2};
	assert_true(drive(a, got_reqs_and_hellos, &w, 5000));
	assert_header(s->req[0], "Last-Event-ID", NULL);
	assert_header(s->req[1], "Last-Event-ID", "0");
	assert_true(drive(a, got_state, &r, 3000));
	assert_int_equal(count(&r, AEV_AGENT_STATE), 1);
	api_events_info(r.ev, &inf);
	assert_int_equal(inf.last_id, 1);
	api_events_stop(r.ev);
	api_free(a);
	srv_free(s);
}

static int
reconnecting_after_fail(void *ud)
{
	struct rec *r = ud;
	struct api_events_info inf;

	api_events_info(r->ev, &inf);
	return inf.failures >= 1 && inf.state == AES_RECONNECTING;
}

static void
test_stream_401_and_oversize(void **state)
{
	struct step steps[3] = {
		{ST_CLOSE,
		 "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json"
		 "\r\nConnection: close\r\n\r\n{\"error\":{\"code\":"
		 "\"unauthorized\",\"message\":\"x\"}}",
		 0},
		{ST_CLOSE, HEAD "event: hello\ndata: {\"last_id\":3}\n\n",
		 300u * 1024u},
		{ST_HOLD, HEAD "event: hello\ndata: {\"last_id\":3}\n\n", 0},
	};
	struct api_events_info inf;
	struct wait_n w;
	struct rec r;
	struct srv *s;
	struct api *a;

	(void)state;
	s = srv_start(steps, 3);
	a = client(s);
	memset(&r, 0, sizeof(r));
	r.ev = api_events_start(a, on_event, &r);
	/* Long first backoff so the state can be looked at. */
	api_events_tune(r.ev, 0, 400, 800);
	assert_true(drive(a, reconnecting_after_fail, &r, 5000));
	api_events_info(r.ev, &inf);
	assert_int_equal(inf.http_status, 401);
	assert_string_equal(inf.last_error, "HTTP 401");
	assert_true(inf.retry_in_ms > 0 && inf.retry_in_ms <= 400);
	assert_int_equal(r.n_hello, 0);

	/* Then a stream whose second event is 300 KiB: dropped. */
	w = (struct wait_n){s, 3, &r, 2};
	assert_true(drive(a, got_reqs_and_hellos, &w, 8000));
	assert_int_equal(count(&r, AEV_QUEUE), 0);
	assert_header(s->req[2], "Last-Event-ID", "3");
	api_events_info(r.ev, &inf);
	assert_non_null(strstr(inf.last_error, "event larger than"));
	api_events_stop(r.ev);
	api_free(a);
	srv_free(s);
}

/* The same oversize event twice from the same resume point: skipped by
 * a client-side resync instead of a reconnect loop. */
static void
test_stream_oversize_twice(void **state)
{
	struct step steps[3] = {
		{ST_CLOSE, HEAD "event: hello\ndata: {\"last_id\":5}\n\n",
		 300u * 1024u},
		{ST_CLOSE, HEAD "event: hello\ndata: {\"last_id\":7}\n\n",
		 300u * 1024u},
		{ST_HOLD, HEAD "event: hello\ndata: {\"last_id\":7}\n\n", 0},
	};
	struct wait_n w;
	struct rec r;
	struct srv *s;
	struct api *a;
	size_t i;

	(void)state;
	s = srv_start(steps, 3);
	a = client(s);
	memset(&r, 0, sizeof(r));
	r.ev = api_events_start(a, on_event, &r);
	api_events_tune(r.ev, 0, 20, 100);
	w = (struct wait_n){s, 3, &r, 3};
	assert_true(drive(a, got_reqs_and_hellos, &w, 8000));
	assert_header(s->req[1], "Last-Event-ID", "5");
	assert_header(s->req[2], "Last-Event-ID", "7");
	assert_int_equal(count(&r, AEV_RESYNC), 1);
	assert_int_equal(count(&r, AEV_QUEUE), 0);
	for (i = 0; i < r.n && r.type[i] != AEV_RESYNC; i++)
		;
	assert_true(i < r.n);
	assert_int_equal(r.num[i], 1);
	api_events_stop(r.ev);
	api_free(a);
	srv_free(s);
}

static int
stopped(void *ud)
{
	struct rec *r = ud;

	return r->ev == NULL;
}

static int
api_gone(void *ud)
{
	struct rec *r = ud;

	return r->api == NULL;
}

static void
test_stream_stop_and_free_in_callback(void **state)
{
	char step0[2048];
	struct step steps[2];
	struct rec r;
	struct srv *s;
	struct api *a;

	(void)state;
	snprintf(step0, sizeof(step0),
		 HEAD "event: hello\ndata: {\"last_id\":40}\n\n"
		      "id: 41\nevent: call.offered\ndata: %s\n\n"
		      "id: 42\nevent: queue\ndata: {\"items\":[]}\n\n",
		 call_json);
	steps[0] = (struct step){ST_HOLD, step0, 0};
	s = srv_start(steps, 1);
	a = client(s);
	memset(&r, 0, sizeof(r));
	r.stop_on_call = 1;
	r.ev = api_events_start(a, on_event, &r);
	assert_true(drive(a, stopped, &r, 5000));
	/* Nothing after the stop: the queue event was not delivered. */
	assert_int_equal(r.type[r.n - 1], AEV_CALL_OFFERED);
	assert_int_equal(count(&r, AEV_QUEUE), 0);
	api_free(a);
	srv_free(s);

	/* api_free from an event callback, with the stream open. */
	steps[0] = (struct step){ST_CLOSE,
				 HEAD "event: hello\ndata: {\"last_id\":1}\n\n",
				 0};
	steps[1] = (struct step){ST_HOLD,
				 HEAD "event: hello\ndata: {\"last_id\":1}\n\n"
				      "id: 2\nevent: queue\ndata: {\"items\":"
				      "[]}\n\n",
				 0};
	s = srv_start(steps, 2);
	a = client(s);
	memset(&r, 0, sizeof(r));
	r.api = a;
	r.free_on_hello = 1;
	r.ev = api_events_start(a, on_event, &r);
	api_events_tune(r.ev, 0, 20, 100);
	{
		long deadline = now_ms() + 5000;

		while (r.api && now_ms() < deadline) {
			api_poll(a, -1, 100);
			api_dispatch(a);
		}
	}
	assert_true(api_gone(&r));
	assert_int_equal(count(&r, AEV_QUEUE), 0);
	srv_free(s);
}

static void
test_stream_no_server(void **state)
{
	struct api_events_info inf;
	struct rec r;
	struct api *a;
	int fd, port;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);

	(void)state;
	/* A port nobody listens on. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	port = ntohs(sa.sin_port);
	{
		char *url = xasprintf("http://127.0.0.1:%d", port);

		a = api_new(url, 5);
		free(url);
	}
	memset(&r, 0, sizeof(r));
	r.ev = api_events_start(a, on_event, &r);
	api_events_tune(r.ev, 0, 10, 40);
	/* Backoff grows 10, 20, 40, 40 ...: a few failures in a second. */
	{
		long deadline = now_ms() + 600;

		while (now_ms() < deadline) {
			api_poll(a, -1, 100);
			api_dispatch(a);
		}
	}
	api_events_info(r.ev, &inf);
	assert_true(inf.failures >= 4);
	assert_true(inf.failures < 100);
	assert_non_null(strstr(inf.last_error, "curl:"));
	assert_int_equal(r.n_hello, 0);
	/* api_free with the stream still running frees it too. */
	api_free(a);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser_line_ends),
		cmocka_unit_test(test_parser_edge),
		cmocka_unit_test(test_parser_oversize),
		cmocka_unit_test(test_stream_reconnect_last_id),
		cmocka_unit_test(test_stream_watchdog),
		cmocka_unit_test(test_stream_resync),
		cmocka_unit_test(test_stream_resume_from_zero),
		cmocka_unit_test(test_stream_401_and_oversize),
		cmocka_unit_test(test_stream_oversize_twice),
		cmocka_unit_test(test_stream_stop_and_free_in_callback),
		cmocka_unit_test(test_stream_no_server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
