/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_net_http.c - net/ against a canned HTTP server (curl-style
 * data-driven tests).
 *
 * A thread on 127.0.0.1 (port 0) accepts one connection per step, records
 * the request and answers with canned bytes, hangs, cuts the connection or
 * floods.  Each case states the exact request the client must send
 * (request line with the URL encoding of Chinese text, Authorization,
 * Content-Type, body) and the outcome the callback must see.  The client is
 * driven like the UI loop does it: api_poll() then api_dispatch() until
 * nothing is pending, bounded by a deadline.
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
#include "core/mem.h"
#include "core/model.h"
#include "core/status.h"
#include "core/ticket.h"
#include "net/api.h"

#ifndef HOTLINE_VERSION
#define HOTLINE_VERSION "0.0.0"
#endif

#define REQ_MAX 65536
#define MAX_STEPS 4
#define BIG_BYTES (9u * 1024u * 1024u)

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- the canned server ---------------------------------------------- */

enum srv_mode {
	SRV_REPLY,   /* status line + headers + body, Content-Length */
	SRV_RAW,     /* body bytes verbatim */
	SRV_HANG,    /* never answer; wait for the client to give up */
	SRV_CUT,     /* send body bytes verbatim, then close at once */
	SRV_FLOOD,   /* send head verbatim, then BIG_BYTES of JSON-ish data */
	SRV_REFUSED, /* nobody listens on the port */
};

struct step {
	enum srv_mode mode;
	const char *status;  /* "200 OK" (SRV_REPLY) */
	const char *headers; /* extra header lines, each ending "\r\n" */
	const char *body;
};

struct srv {
	int lfd;
	int port;
	const struct step *steps;
	size_t n_steps;
	pthread_t th;
	int running;
	/* what the client sent, one per step */
	char req[MAX_STEPS][REQ_MAX];
	size_t req_len[MAX_STEPS];
	size_t n_req;
};

static int
wait_fd(int fd, short ev, long deadline)
{
	struct pollfd p = { .fd = fd, .events = ev };
	long left = deadline - now_ms();

	if (left <= 0)
		return 0;
	return poll(&p, 1, (int)left) > 0;
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

/* Content-Length of a request head (case-insensitive), 0 if none. */
static size_t
content_length(const char *head)
{
	const char *p = head;

	while ((p = strstr(p, "\r\n"))) {
		p += 2;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			return (size_t)strtoul(p + 15, NULL, 10);
	}
	return 0;
}

/* Read one request (head + body) into buf; returns its length. */
static size_t
read_request(int fd, char *buf, size_t cap, long deadline)
{
	size_t len = 0, want = 0;
	char *end;
	ssize_t n;

	while (len + 1 < cap) {
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
		if (end) {
			if (!want)
				want = (size_t)(end + 4 - buf) +
				       content_length(buf);
			if (len >= want)
				break;
		}
		if (!wait_fd(fd, POLLIN, deadline))
			break;
		n = recv(fd, buf + len, cap - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return len;
}

/* Wait until the peer closes (or the deadline passes). */
static void
wait_peer_close(int fd, long deadline)
{
	char tmp[512];

	while (wait_fd(fd, POLLIN, deadline))
		if (recv(fd, tmp, sizeof(tmp), 0) <= 0)
			return;
}

static void
flood(int fd, const struct step *st)
{
	static char chunk[65536];
	size_t sent = 0;
	ssize_t w;

	memset(chunk, ' ', sizeof(chunk));
	send_all(fd, st->body, strlen(st->body));
	while (sent < BIG_BYTES) {
		w = send(fd, chunk, sizeof(chunk), MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the client hung up: expected */
		sent += (size_t)w;
	}
}

static void *
srv_main(void *arg)
{
	struct srv *s = arg;
	long deadline = now_ms() + 8000;
	size_t i;
	char *head;
	int fd;

	for (i = 0; i < s->n_steps; i++) {
		const struct step *st = &s->steps[i];

		if (!wait_fd(s->lfd, POLLIN, deadline))
			break;
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			break;
		s->req_len[i] = read_request(fd, s->req[i], REQ_MAX, deadline);
		__atomic_store_n(&s->n_req, i + 1, __ATOMIC_RELEASE);
		switch (st->mode) {
		case SRV_REPLY:
			head = xasprintf("HTTP/1.1 %s\r\nContent-Length: %zu\r\n"
					 "Connection: close\r\n%s\r\n",
					 st->status, strlen(st->body),
					 st->headers ? st->headers : "");
			send_all(fd, head, strlen(head));
			free(head);
			send_all(fd, st->body, strlen(st->body));
			shutdown(fd, SHUT_WR);
			wait_peer_close(fd, now_ms() + 3000);
			break;
		case SRV_RAW:
			send_all(fd, st->body, strlen(st->body));
			shutdown(fd, SHUT_WR);
			wait_peer_close(fd, now_ms() + 3000);
			break;
		case SRV_HANG:
			wait_peer_close(fd, now_ms() + 5000);
			break;
		case SRV_CUT:
			send_all(fd, st->body, strlen(st->body));
			break;
		case SRV_FLOOD:
			flood(fd, st);
			break;
		case SRV_REFUSED:
			break;
		}
		close(fd);
	}
	return NULL;
}

/* Listen (or, for SRV_REFUSED, only bind: connections are refused). */
static struct srv *
srv_start(const struct step *steps, size_t n)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	struct srv *s = xcalloc(1, sizeof(*s));

	assert_true(n <= MAX_STEPS);
	s->steps = steps;
	s->n_steps = n;
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s->lfd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&sa, &sl), 0);
	s->port = ntohs(sa.sin_port);
	if (n > 0 && steps[0].mode == SRV_REFUSED)
		return s;
	assert_int_equal(listen(s->lfd, 8), 0);
	assert_int_equal(pthread_create(&s->th, NULL, srv_main, s), 0);
	s->running = 1;
	return s;
}

/* Stop and join (the recorded requests stay readable until free(s)).
 * Steps whose connection never came are abandoned: shutting the listening
 * socket down wakes the thread's poll at once. */
static void
srv_stop(struct srv *s)
{
	shutdown(s->lfd, SHUT_RDWR);
	if (s->running)
		pthread_join(s->th, NULL);
	s->running = 0;
	close(s->lfd);
	s->lfd = -1;
}

static char *
srv_url(const struct srv *s)
{
	return xasprintf("http://127.0.0.1:%d", s->port);
}

/* ---- looking at a recorded request ---------------------------------- */

static char *
req_line(const char *req)
{
	const char *e = strstr(req, "\r\n");

	return e ? xstrndup(req, (size_t)(e - req)) : xstrdup(req);
}

/* Value of header name (case-insensitive), NULL when absent. */
static char *
req_header(const char *req, const char *name)
{
	const char *end = strstr(req, "\r\n\r\n"), *p = req, *v, *e;
	size_t n = strlen(name);

	while ((p = strstr(p, "\r\n")) && (!end || p < end)) {
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

static const char *
req_body(const char *req)
{
	const char *end = strstr(req, "\r\n\r\n");

	return end ? end + 4 : "";
}

/* ---- the client side ------------------------------------------------- */

enum op { OP_LOGIN, OP_LOGOUT, OP_ME, OP_HEALTH, OP_TICKETS, OP_TICKET };

struct outcome {
	int calls;
	enum status st;
	long http;
	char *code;
	char *message;
	char *data; /* summary of what the callback got, "-" for NULL */
};

static void
outcome_set(struct outcome *o, const struct api_result *r, char *data)
{
	o->calls++;
	o->st = r->st;
	o->http = r->http_status;
	assert_non_null(r->err_code);
	assert_non_null(r->message);
	free(o->code);
	free(o->message);
	free(o->data);
	o->code = xstrdup(r->err_code);
	o->message = xstrdup(r->message);
	o->data = data ? data : xstrdup("-");
}

static void
outcome_free(struct outcome *o)
{
	FREE(o->code);
	FREE(o->message);
	FREE(o->data);
}

static char *
agent_summary(const struct agent_info *a)
{
	return xasprintf("id=%ld user=%s name=%s role=%s desks=%zu:%s", a->id,
			 a->username, a->display_name, role_wire(a->role),
			 a->n_desks, a->n_desks ? a->desks[0] : "");
}

static void
on_login(const struct api_result *r, const char *token,
	 const struct agent_info *a, void *ud)
{
	char *s = NULL, *as;

	assert_true((token == NULL) == (a == NULL));
	if (a) {
		as = agent_summary(a);
		s = xasprintf("token=%s %s", token, as);
		free(as);
	}
	outcome_set(ud, r, s);
}

static void
on_agent(const struct api_result *r, const struct agent_info *a, void *ud)
{
	outcome_set(ud, r, a ? agent_summary(a) : NULL);
}

static void
on_done(const struct api_result *r, void *ud)
{
	outcome_set(ud, r, r->st == ST_OK ? xstrdup("done") : NULL);
}

static void
on_health(const struct api_result *r, const char *version, void *ud)
{
	outcome_set(ud, r, version ? xasprintf("version=%s", version) : NULL);
}

static void
on_page(const struct api_result *r, const struct ticket_page *p, void *ud)
{
	char *s = NULL;

	if (p)
		s = xasprintf("n=%zu next=%s first=%s %s %s", p->n,
			      p->next_cursor,
			      p->n ? p->items[0].ticket_no : "",
			      p->n ? p->items[0].title : "",
			      p->n ? tk_state_wire(p->items[0].state) : "");
	outcome_set(ud, r, s);
}

static void
on_ticket(const struct api_result *r, const struct ticket *t, void *ud)
{
	char *s = NULL;

	if (t)
		s = xasprintf("no=%s state=%s title=%s v=%ld events=%zu",
			      t->ticket_no, tk_state_wire(t->state), t->title,
			      t->version, t->n_events);
	outcome_set(ud, r, s);
}

/* Run the loop until nothing is pending; returns the elapsed ms. */
static long
drive(struct api *a, long limit_ms)
{
	long start = now_ms(), deadline = start + limit_ms;

	while (api_pending(a) > 0 && now_ms() < deadline) {
		api_poll(a, -1, 100);
		api_dispatch(a);
	}
	assert_int_equal(api_pending(a), 0);
	return now_ms() - start;
}

/* ---- the data ---------------------------------------------------------- */

#define AGENT_JSON                                                            \
	"{\"id\":1,\"username\":\"demo-agent\",\"display_name\":\"演示坐席\"," \
	"\"role\":\"agent\",\"desks\":[\"GENERAL\"]}"
#define TOKEN64                                                               \
	"5f2b8c0e9a1d4e7f8a6b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f"
#define JSON_HDR "Content-Type: application/json\r\n"

static const char page_json[] =
	"{\"items\":[{\"ticket_no\":\"DG20261128000123\",\"state\":"
	"\"HANDLING\",\"title\":\"夜间噪音扰民\",\"version\":3},"
	"{\"ticket_no\":\"DG20261127000042\",\"state\":\"DRAFT\","
	"\"title\":\"路灯不亮\",\"version\":1}],"
	"\"next_cursor\":\"MjAyNi0xMS0yNw==\"}";

static const char ticket_json[] =
	"{\"ticket_no\":\"DG20261128000123\",\"state\":\"HANDLING\","
	"\"title\":\"夜间噪音扰民\",\"content\":\"第一行\\n第二行\","
	"\"handling_mode\":null,\"deadline\":null,\"version\":999999999999999,"
	"\"events\":[{\"id\":1,\"at\":\"2026-11-28T20:18:50Z\","
	"\"actor\":\"demo-agent\",\"action\":\"create\",\"from_state\":null,"
	"\"to_state\":\"DRAFT\",\"comment\":\"\"},{\"id\":2,"
	"\"at\":\"2026-11-28T20:20:00Z\",\"actor\":\"demo-agent\","
	"\"action\":\"transfer\",\"from_state\":\"DRAFT\","
	"\"to_state\":\"PENDING_DISPATCH\",\"comment\":\"转办\"}]}";

struct http_case {
	const char *name;
	/* the call */
	enum op op;
	const char *token; /* api_set_token() before the call */
	const char *arg;   /* user / ticket_no / query */
	const char *arg2;  /* password / cursor */
	int mine, limit;
	long timeout_s; /* 0: 5 s */
	/* the server */
	struct step step;
	/* the exact request ("-" for "no request reaches the server") */
	const char *want_line;
	const char *want_auth;  /* NULL: no Authorization header */
	const char *want_ctype; /* NULL: no Content-Type header */
	const char *want_body;  /* NULL: empty body */
	/* the outcome */
	enum status want_st;
	long want_http;
	const char *want_code;
	const char *want_msg;  /* substring of the message */
	const char *want_data; /* exact summary, "-" when no data */
	long max_ms;           /* upper bound on the elapsed time, 0: none */
};

static const struct http_case cases[] = {
	{ "me 200", OP_ME, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR, AGENT_JSON },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL,
	  ST_OK, 200, "", NULL,
	  "id=1 user=demo-agent name=演示坐席 role=agent desks=1:GENERAL", 0 },
	{ "me without token", OP_ME, NULL, NULL, NULL, 0, 0, 0,
	  { SRV_REPLY, "401 Unauthorized", JSON_HDR,
	    "{\"error\":{\"code\":\"unauthorized\",\"message\":"
	    "\"请先登录\"}}" },
	  "GET /v1/me HTTP/1.1", NULL, NULL, NULL,
	  ST_UNAUTHORIZED, 401, "unauthorized", "请先登录", "-", 0 },
	{ "login 201", OP_LOGIN, NULL, "demo-agent", "demo", 0, 0, 0,
	  { SRV_REPLY, "201 Created", JSON_HDR,
	    "{\"token\":\"" TOKEN64 "\",\"agent\":" AGENT_JSON "}" },
	  "POST /v1/sessions HTTP/1.1", NULL, "application/json",
	  "{\"username\":\"demo-agent\",\"password\":\"demo\"}",
	  ST_OK, 201, "", NULL,
	  "token=" TOKEN64 " id=1 user=demo-agent name=演示坐席 role=agent "
	  "desks=1:GENERAL", 0 },
	{ "login escapes JSON, sends no old token", OP_LOGIN, "oldtoken",
	  "坐席\"01\\", "密码\tp", 0, 0, 0,
	  { SRV_REPLY, "401 Unauthorized", JSON_HDR,
	    "{\"error\":{\"code\":\"bad_credentials\",\"message\":"
	    "\"工号或密码错误\"}}" },
	  "POST /v1/sessions HTTP/1.1", NULL, "application/json",
	  "{\"username\":\"坐席\\\"01\\\\\",\"password\":\"密码\\tp\"}",
	  ST_UNAUTHORIZED, 401, "bad_credentials", "工号或密码错误", "-", 0 },
	{ "login throttled 429", OP_LOGIN, NULL, "demo-agent", "x", 0, 0, 0,
	  { SRV_REPLY, "429 Too Many Requests",
	    JSON_HDR "Retry-After: 300\r\n",
	    "{\"error\":{\"code\":\"throttled\",\"message\":"
	    "\"尝试次数过多，请 5 分钟后再试\"}}" },
	  "POST /v1/sessions HTTP/1.1", NULL, "application/json",
	  "{\"username\":\"demo-agent\",\"password\":\"x\"}",
	  ST_INVALID, 429, "throttled", "5 分钟后再试", "-", 0 },
	{ "login 200 but token unusable", OP_LOGIN, NULL, "a", "b", 0, 0, 0,
	  { SRV_REPLY, "201 Created", JSON_HDR,
	    "{\"token\":\"x\\r\\nSet-Cookie: y\",\"agent\":" AGENT_JSON "}" },
	  "POST /v1/sessions HTTP/1.1", NULL, "application/json",
	  "{\"username\":\"a\",\"password\":\"b\"}",
	  ST_PARSE, 201, "", "token", "-", 0 },
	{ "tickets mine, Chinese query, cursor", OP_TICKETS, TOKEN64,
	  "噪音 扰民", "a+b/c=", 1, 50, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR, page_json },
	  "GET /v1/tickets?mine=1&limit=50&cursor=a%2Bb%2Fc%3D"
	  "&q=%E5%99%AA%E9%9F%B3%20%E6%89%B0%E6%B0%91 HTTP/1.1",
	  "Bearer " TOKEN64, NULL, NULL, ST_OK, 200, "", NULL,
	  "n=2 next=MjAyNi0xMS0yNw== first=DG20261128000123 夜间噪音扰民 "
	  "HANDLING", 0 },
	{ "tickets by phone, limit clamped high", OP_TICKETS, TOKEN64,
	  " +86-13800138000 ", NULL, 0, 500, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR,
	    "{\"items\":[],\"next_cursor\":null}" },
	  "GET /v1/tickets?limit=200&phone=%2B86-13800138000 HTTP/1.1",
	  "Bearer " TOKEN64, NULL, NULL, ST_OK, 200, "", NULL,
	  "n=0 next= first=  ", 0 },
	{ "tickets blank query, limit clamped low", OP_TICKETS, TOKEN64,
	  "   ", "", 1, 0, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR, "{\"items\":[]}" },
	  "GET /v1/tickets?mine=1&limit=1 HTTP/1.1", "Bearer " TOKEN64, NULL,
	  NULL, ST_OK, 200, "", NULL, "n=0 next= first=  ", 0 },
	{ "tickets digits and letters is text", OP_TICKETS, TOKEN64,
	  "138路", NULL, 0, 20, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR, "{\"items\":[]}" },
	  "GET /v1/tickets?limit=20&q=138%E8%B7%AF HTTP/1.1",
	  "Bearer " TOKEN64, NULL, NULL, ST_OK, 200, "", NULL,
	  "n=0 next= first=  ", 0 },
	{ "tickets items of the wrong type", OP_TICKETS, TOKEN64, NULL, NULL,
	  1, 50, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR, "{\"items\":{\"a\":1}}" },
	  "GET /v1/tickets?mine=1&limit=50 HTTP/1.1", "Bearer " TOKEN64, NULL,
	  NULL, ST_PARSE, 200, "", "items", "-", 0 },
	{ "ticket 200 with events", OP_TICKET, TOKEN64, "DG20261128000123",
	  NULL, 0, 0, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR "ETag: \"3\"\r\n", ticket_json },
	  "GET /v1/tickets/DG20261128000123 HTTP/1.1", "Bearer " TOKEN64,
	  NULL, NULL, ST_OK, 200, "", NULL,
	  "no=DG20261128000123 state=HANDLING title=夜间噪音扰民 "
	  "v=999999999999999 events=2", 0 },
	{ "ticket number is path-escaped; 404", OP_TICKET, TOKEN64,
	  "DG 1/../工单?x", NULL, 0, 0, 0,
	  { SRV_REPLY, "404 Not Found", JSON_HDR,
	    "{\"error\":{\"code\":\"not_found\",\"message\":"
	    "\"工单不存在\"}}" },
	  "GET /v1/tickets/DG%201%2F..%2F%E5%B7%A5%E5%8D%95%3Fx HTTP/1.1",
	  "Bearer " TOKEN64, NULL, NULL, ST_NOT_FOUND, 404, "not_found",
	  "工单不存在", "-", 0 },
	{ "ticket without ticket_no", OP_TICKET, TOKEN64, "DG1", NULL, 0, 0,
	  0,
	  { SRV_REPLY, "200 OK", JSON_HDR, "{\"state\":\"DRAFT\"}" },
	  "GET /v1/tickets/DG1 HTTP/1.1", "Bearer " TOKEN64, NULL, NULL,
	  ST_PARSE, 200, "", "ticket_no", "-", 0 },
	{ "health, never with a token", OP_HEALTH, TOKEN64, NULL, NULL, 0, 0,
	  0,
	  { SRV_REPLY, "200 OK", JSON_HDR,
	    "{\"status\":\"ok\",\"version\":\"0.1.0\"}" },
	  "GET /v1/health HTTP/1.1", NULL, NULL, NULL, ST_OK, 200, "", NULL,
	  "version=0.1.0", 0 },
	{ "logout 204", OP_LOGOUT, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_REPLY, "204 No Content", NULL, "" },
	  "DELETE /v1/sessions/current HTTP/1.1", "Bearer " TOKEN64, NULL,
	  NULL, ST_OK, 204, "", NULL, "done", 0 },
	{ "500 with an HTML body", OP_ME, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_REPLY, "500 Internal Server Error",
	    "Content-Type: text/html\r\n",
	    "<html><body><h1>500</h1>\x1b[2J</body></html>" },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL, ST_SERVER, 500,
	  "", "HTTP 500", "-", 0 },
	{ "hostile error message is sanitized", OP_ME, TOKEN64, NULL, NULL, 0,
	  0, 0,
	  { SRV_REPLY, "403 Forbidden", JSON_HDR,
	    "{\"error\":{\"code\":\"forbidden\",\"message\":"
	    "\"无权\\u001b[2J\\r\\n\\u202e操作\"}}" },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL, ST_FORBIDDEN,
	  403, "forbidden", "[2J", "-", 0 },
	{ "malformed JSON with 200", OP_ME, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR, "{\"id\":1,\"username\":" },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL, ST_PARSE, 200,
	  "", "not valid JSON", "-", 0 },
	{ "empty 200", OP_ME, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_REPLY, "200 OK", JSON_HDR, "" },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL, ST_PARSE, 200,
	  "", "empty reply", "-", 0 },
	{ "redirect is not followed", OP_ME, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_REPLY, "302 Found", "Location: http://127.0.0.1:1/\r\n", "" },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL, ST_SERVER, 302,
	  "", "HTTP 302", "-", 0 },
	{ "reply never comes: timeout", OP_ME, TOKEN64, NULL, NULL, 0, 0, 1,
	  { SRV_HANG, NULL, NULL, "" },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL, ST_TIMEOUT, 0,
	  "", "curl:", "-", 2500 },
	{ "connection refused", OP_ME, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_REFUSED, NULL, NULL, "" },
	  "-", NULL, NULL, NULL, ST_NETWORK, 0, "", "curl:", "-", 1000 },
	{ "closed before any reply", OP_ME, TOKEN64, NULL, NULL, 0, 0, 0,
	  { SRV_CUT, NULL, NULL, "" },
	  "GET /v1/me HTTP/1.1", "Bearer " TOKEN64, NULL, NULL, ST_NETWORK, 0,
	  "", "curl:", "-", 0 },
	{ "closed mid-response", OP_TICKET, TOKEN64, "DG20261128000123", NULL,
	  0, 0, 0,
	  { SRV_CUT, NULL, NULL,
	    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Content-Length: 500\r\n\r\n{\"ticket_no\":\"DG2026" },
	  "GET /v1/tickets/DG20261128000123 HTTP/1.1", "Bearer " TOKEN64,
	  NULL, NULL, ST_NETWORK, 200, "", "curl:", "-", 0 },
	{ "announced reply over 8 MiB", OP_TICKETS, TOKEN64, NULL, NULL, 1,
	  50, 0,
	  { SRV_FLOOD, NULL, NULL,
	    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Content-Length: 9437184\r\n\r\n" },
	  "GET /v1/tickets?mine=1&limit=50 HTTP/1.1", "Bearer " TOKEN64, NULL,
	  NULL, ST_INVALID, 200, "", "response too large", "-", 0 },
	{ "streamed reply over 8 MiB", OP_TICKETS, TOKEN64, NULL, NULL, 1, 50,
	  0,
	  { SRV_FLOOD, NULL, NULL,
	    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Connection: close\r\n\r\n{\"items\":[" },
	  "GET /v1/tickets?mine=1&limit=50 HTTP/1.1", "Bearer " TOKEN64, NULL,
	  NULL, ST_INVALID, 200, "", "response too large", "-", 0 },
};

static int
start_op(struct api *a, const struct http_case *c, struct outcome *o)
{
	switch (c->op) {
	case OP_LOGIN:
		return api_login(a, c->arg, c->arg2, on_login, o);
	case OP_LOGOUT:
		return api_logout(a, on_done, o);
	case OP_ME:
		return api_me(a, on_agent, o);
	case OP_HEALTH:
		return api_health(a, on_health, o);
	case OP_TICKETS:
		return api_tickets(a, c->mine, c->arg, c->arg2, c->limit,
				   on_page, o);
	case OP_TICKET:
		return api_ticket(a, c->arg, on_ticket, o);
	}
	return -1;
}

static void
check_header(const char *name, const char *req, const char *want)
{
	char *v = req_header(req, name);

	if (!want) {
		if (v)
			fail_msg("%s: unexpected header %s: %s", name, name, v);
	} else if (!v || strcmp(v, want) != 0) {
		fail_msg("header %s: want \"%s\", got \"%s\"", name, want,
			 v ? v : "(absent)");
	}
	free(v);
}

static void
assert_message_drawable(const char *m)
{
	const unsigned char *p = (const unsigned char *)m;

	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fail_msg("control byte 0x%02x in message \"%s\"", *p, m);
	assert_null(strstr(m, "\xe2\x80\xae")); /* U+202E */
}

static void
run_case(const void *arg)
{
	const struct http_case *c = arg;
	struct outcome o = { 0 };
	struct srv *s = srv_start(&c->step, 1);
	char *url = srv_url(s), *line;
	struct api *a = api_new(url, c->timeout_s ? c->timeout_s : 5);
	long ms;

	assert_non_null(a);
	api_set_token(a, c->token);
	assert_int_equal(start_op(a, c, &o), 0);
	assert_int_equal(api_pending(a), 1);
	ms = drive(a, 10000);
	api_free(a);
	srv_stop(s);

	/* the request */
	if (strcmp(c->want_line, "-") == 0) {
		assert_int_equal(s->n_req, 0);
	} else {
		const char *req;

		assert_int_equal(s->n_req, 1);
		req = s->req[0];
		line = req_line(req);
		assert_string_equal(line, c->want_line);
		free(line);
		check_header("Authorization", req, c->want_auth);
		check_header("Content-Type", req, c->want_ctype);
		check_header("Accept", req, "application/json");
		check_header("User-Agent", req, "hotline/" HOTLINE_VERSION);
		check_header("Expect", req, NULL);
		check_header("Host", req, url + strlen("http://"));
		assert_string_equal(req_body(req),
				    c->want_body ? c->want_body : "");
	}

	/* the outcome; every message is safe to draw */
	assert_int_equal(o.calls, 1);
	assert_message_drawable(o.message);
	if (o.st != c->want_st)
		fail_msg("status %s (%s), want %s", status_name(o.st),
			 o.message, status_name(c->want_st));
	assert_int_equal(o.http, c->want_http);
	assert_string_equal(o.code, c->want_code);
	if (c->want_msg && !strstr(o.message, c->want_msg))
		fail_msg("message \"%s\" lacks \"%s\"", o.message, c->want_msg);
	if (c->want_st != ST_OK && !c->want_code[0] &&
	    strncmp(o.message, status_msg(c->want_st),
		    strlen(status_msg(c->want_st))) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", o.message,
			 status_msg(c->want_st));
	assert_string_equal(o.data, c->want_data);
	if (c->max_ms && ms > c->max_ms)
		fail_msg("took %ld ms, limit %ld", ms, c->max_ms);
	if (c->step.mode == SRV_HANG && ms < 900)
		fail_msg("timed out after %ld ms, before the 1 s timeout", ms);
	outcome_free(&o);
	free(url);
	free(s);
}

/* One cmocka test per row of cases[], named after it. */
static void
test_case(void **state)
{
	run_case(*state);
}

/* ---- sequences and the loop ------------------------------------------ */

struct chain {
	struct api *a;
	struct outcome login, me;
};

static void
chain_login(const struct api_result *r, const char *token,
	    const struct agent_info *a, void *ud)
{
	struct chain *c = ud;

	on_login(r, token, a, &c->login);
	/* a callback may start the next request; the token is set */
	assert_int_equal(api_me(c->a, on_agent, &c->me), 0);
}

static void
test_login_then_me_then_logout(void **state)
{
	static const struct step steps[] = {
		{ SRV_REPLY, "201 Created", JSON_HDR,
		  "{\"token\":\"" TOKEN64 "\",\"agent\":" AGENT_JSON "}" },
		{ SRV_REPLY, "200 OK", JSON_HDR, AGENT_JSON },
		{ SRV_REPLY, "204 No Content", NULL, "" },
		{ SRV_REPLY, "401 Unauthorized", JSON_HDR,
		  "{\"error\":{\"code\":\"unauthorized\",\"message\":\"x\"}}" },
	};
	struct srv *s = srv_start(steps, 4);
	char *url = srv_url(s);
	struct chain c = { 0 };
	struct outcome out = { 0 }, me2 = { 0 };

	(void)state;
	c.a = api_new(url, 5);
	assert_non_null(c.a);
	assert_int_equal(api_login(c.a, "demo-agent", "demo", chain_login, &c),
			 0);
	drive(c.a, 5000);
	assert_int_equal(c.login.st, ST_OK);
	assert_int_equal(c.me.calls, 1);
	assert_int_equal(c.me.st, ST_OK);
	assert_int_equal(api_logout(c.a, on_done, &out), 0);
	drive(c.a, 5000);
	assert_int_equal(out.st, ST_OK);
	/* logged out: the next request carries no token */
	assert_int_equal(api_me(c.a, on_agent, &me2), 0);
	drive(c.a, 5000);
	assert_int_equal(me2.st, ST_UNAUTHORIZED);
	api_free(c.a);
	srv_stop(s);

	assert_int_equal(s->n_req, 4);
	check_header("Authorization", s->req[0], NULL);
	check_header("Authorization", s->req[1], "Bearer " TOKEN64);
	check_header("Authorization", s->req[2], "Bearer " TOKEN64);
	check_header("Authorization", s->req[3], NULL);
	outcome_free(&c.login);
	outcome_free(&c.me);
	outcome_free(&out);
	outcome_free(&me2);
	free(url);
	free(s);
}

static void
test_logout_keeps_newer_token(void **state)
{
	/* The UI logs out and at once logs in again: the old session's
	 * late 204 must not clear the new token. */
	static const struct step steps[] = {
		{ SRV_REPLY, "204 No Content", NULL, "" },
		{ SRV_REPLY, "200 OK", JSON_HDR, AGENT_JSON },
	};
	struct srv *s = srv_start(steps, 2);
	char *url = srv_url(s);
	struct api *a = api_new(url, 5);
	struct outcome out = { 0 }, me = { 0 };

	(void)state;
	api_set_token(a, "old-token");
	assert_int_equal(api_logout(a, on_done, &out), 0);
	api_set_token(a, "new-token");
	drive(a, 5000);
	assert_int_equal(out.st, ST_OK);
	assert_int_equal(api_me(a, on_agent, &me), 0);
	drive(a, 5000);
	assert_int_equal(me.st, ST_OK);
	api_free(a);
	srv_stop(s);
	assert_int_equal(s->n_req, 2);
	check_header("Authorization", s->req[0], "Bearer old-token");
	check_header("Authorization", s->req[1], "Bearer new-token");
	outcome_free(&out);
	outcome_free(&me);
	free(url);
	free(s);
}

static int free_cb_calls;

static void
free_in_callback(const struct api_result *r, const struct agent_info *a,
		 void *ud)
{
	(void)r;
	(void)a;
	free_cb_calls++;
	api_free(ud);
}

static void
test_free_from_callback(void **state)
{
	static const struct step steps[] = {
		{ SRV_REPLY, "200 OK", JSON_HDR, AGENT_JSON },
		{ SRV_REPLY, "200 OK", JSON_HDR, AGENT_JSON },
	};
	struct srv *s = srv_start(steps, 2);
	char *url = srv_url(s);
	struct api *a = api_new(url, 5);
	long deadline = now_ms() + 5000;

	(void)state;
	free_cb_calls = 0;
	assert_int_equal(api_me(a, free_in_callback, a), 0);
	assert_int_equal(api_me(a, free_in_callback, a), 0);
	/* the first callback frees the handle: no second callback, no use
	 * after free (valgrind/ASan watch this) */
	while (free_cb_calls == 0 && now_ms() < deadline) {
		api_poll(a, -1, 100);
		api_dispatch(a);
	}
	assert_int_equal(free_cb_calls, 1);
	srv_stop(s);
	free(url);
	free(s);
}

static int never_calls;

static void
never(const struct api_result *r, const struct agent_info *a, void *ud)
{
	(void)r;
	(void)a;
	(void)ud;
	never_calls++;
}

static void
test_free_cancels(void **state)
{
	static const struct step steps[] = { { SRV_HANG, NULL, NULL, "" } };
	struct srv *s = srv_start(steps, 1);
	char *url = srv_url(s);
	struct api *a = api_new(url, 5);
	long deadline = now_ms() + 5000;

	(void)state;
	never_calls = 0;
	assert_int_equal(api_me(a, never, NULL), 0);
	/* until the server has the request */
	while (__atomic_load_n(&s->n_req, __ATOMIC_ACQUIRE) == 0 &&
	       now_ms() < deadline) {
		api_poll(a, -1, 20);
		api_dispatch(a);
	}
	assert_int_equal(api_pending(a), 1);
	api_free(a); /* closes the connection: the server thread ends */
	srv_stop(s);
	assert_int_equal(never_calls, 0);
	free(url);
	free(s);
}

static void *
wake_later(void *arg)
{
	struct timespec ts = { 0, 100 * 1000000L };

	nanosleep(&ts, NULL);
	api_wakeup(arg);
	return NULL;
}

static void
test_poll_extra_fd_and_wakeup(void **state)
{
	struct api *a = api_new("http://127.0.0.1:9", 5);
	pthread_t th;
	int p[2];
	long t;
	char c;

	(void)state;
	assert_non_null(a);
	assert_int_equal(pipe(p), 0);
	/* nothing to read: 0 after about the timeout */
	t = now_ms();
	assert_int_equal(api_poll(a, p[0], 50), 0);
	assert_true(now_ms() - t >= 40);
	/* readable: 1 at once */
	assert_int_equal(write(p[1], "k", 1), 1);
	t = now_ms();
	assert_int_equal(api_poll(a, p[0], 5000), 1);
	assert_true(now_ms() - t < 1000);
	assert_int_equal(read(p[0], &c, 1), 1);
	/* hang-up counts as readable (the caller then sees EOF) */
	close(p[1]);
	assert_int_equal(api_poll(a, p[0], 5000), 1);
	close(p[0]);
	/* api_wakeup from another thread ends a long wait early */
	assert_int_equal(pthread_create(&th, NULL, wake_later, a), 0);
	t = now_ms();
	assert_int_equal(api_poll(a, -1, 5000), 0);
	assert_true(now_ms() - t < 3000);
	pthread_join(th, NULL);
	api_free(a);
}

static void
test_new_urls(void **state)
{
	static const char *const bad[] = {
		"", "127.0.0.1:8345", "ftp://127.0.0.1/", "http://",
		"http://127.0.0.1:8345/?x=1", "http://127.0.0.1:8345/#f",
		"http://127.0.0.1 :8345", "http://127.0.0.1:8345/\r\nX: y",
		"file:///etc/passwd",
	};
	struct api *a;
	size_t i;

	(void)state;
	assert_null(api_new(NULL, 5));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if ((a = api_new(bad[i], 5))) {
			api_free(a);
			fail_msg("accepted base URL \"%s\"", bad[i]);
		}
	a = api_new("http://127.0.0.1:8345//", 5);
	assert_non_null(a);
	assert_string_equal(api_base_url(a), "http://127.0.0.1:8345");
	/* nothing can be queued without a callback */
	assert_int_equal(api_me(a, NULL, NULL), -1);
	assert_int_equal(api_ticket(a, "", on_ticket, NULL), -1);
	assert_int_equal(api_pending(a), 0);
	api_free(a);
	a = api_new("https://hotline.example.org/api/", 0);
	assert_non_null(a);
	assert_string_equal(api_base_url(a), "https://hotline.example.org/api");
	api_free(a);
	api_free(NULL);
}

static void
test_proxy_only_when_configured(void **state)
{
	/* HOTLINE_PROXY: the request goes to the proxy in absolute form. */
	static const struct step steps[] = {
		{ SRV_REPLY, "200 OK", JSON_HDR,
		  "{\"status\":\"ok\",\"version\":\"9.9\"}" },
	};
	struct srv *s = srv_start(steps, 1);
	char *url = srv_url(s), *line;
	struct outcome o = { 0 };
	struct api *a;

	(void)state;
	setenv("HOTLINE_PROXY", url, 1);
	a = api_new("http://hotline.invalid:8345", 5);
	unsetenv("HOTLINE_PROXY");
	assert_non_null(a);
	assert_int_equal(api_health(a, on_health, &o), 0);
	drive(a, 5000);
	api_free(a);
	srv_stop(s);
	assert_int_equal(o.st, ST_OK);
	assert_string_equal(o.data, "version=9.9");
	assert_int_equal(s->n_req, 1);
	line = req_line(s->req[0]);
	assert_string_equal(line,
			    "GET http://hotline.invalid:8345/v1/health HTTP/1.1");
	free(line);
	outcome_free(&o);
	free(url);
	free(s);
}

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_new_urls),
		cmocka_unit_test(test_login_then_me_then_logout),
		cmocka_unit_test(test_logout_keeps_newer_token),
		cmocka_unit_test(test_free_from_callback),
		cmocka_unit_test(test_free_cancels),
		cmocka_unit_test(test_poll_extra_fd_and_wakeup),
		cmocka_unit_test(test_proxy_only_when_configured),
	};
	struct CMUnitTest tests[N_CASES + sizeof(fixed) / sizeof(fixed[0])];
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	char *px;
	size_t i;
	int fd;

	/*
	 * A desktop-style environment proxy pointing at a closed port: every
	 * request above must ignore it (CURLOPT_NOPROXY) or fail.
	 */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &sl) == 0) {
		px = xasprintf("http://127.0.0.1:%d", ntohs(sa.sin_port));
		setenv("http_proxy", px, 1);
		setenv("HTTP_PROXY", px, 1);
		setenv("all_proxy", px, 1);
		free(px);
	}
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	unsetenv("HOTLINE_PROXY");

	for (i = 0; i < N_CASES; i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = cases[i].name;
		tests[i].test_func = test_case;
		tests[i].initial_state = (void *)(uintptr_t)&cases[i];
	}
	memcpy(&tests[N_CASES], fixed, sizeof(fixed));
	return _cmocka_run_group_tests("test_net_http", tests,
				       sizeof(tests) / sizeof(tests[0]), NULL,
				       NULL);
}
