/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * events.c - the live event stream GET /v1/events (see calls.h): an
 * incremental Server-Sent Events parser and a long-lived transfer on the
 * api's multi handle that reconnects by itself.
 *
 * Flow.  libcurl calls ev_write() from inside curl_multi_perform() (that
 * is, from api_dispatch()); it feeds the bytes to the SSE parser, whose
 * complete events are copied onto a queue.  Nothing else happens there: no
 * user callback runs inside libcurl.  api_dispatch() then hands the
 * stream's finished transfer (if any) to api_events_finished() and calls
 * api_events_run(), which
 *   1. decodes and delivers the queued events in order (hello: connected,
 *      backoff reset, resume point; resync: resume from the hello's last_id;
 *      every event with an id: resume from it),
 *   2. turns a finished transfer, or one silent for longer than the
 *      watchdog, into "reconnecting in backoff ms",
 *   3. starts the next connection when the backoff is over.
 * A change of connection state is delivered as AEV_CONN in that order.
 * api_poll() asks api_events_next_ms() how long it may sleep.
 */
#include "calls.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "../core/utf8.h"
#include "parse_calls.h"

#ifndef HOTLINE_VERSION
#define HOTLINE_VERSION "0.0.0"
#endif

#define EV_MAX_EVENT (256u * 1024u)
#define EV_WATCHDOG_MS 40000L
#define EV_BACKOFF_MIN_MS 500L
#define EV_BACKOFF_MAX_MS 15000L
#define EV_ID_MAX 64 /* longest id value we keep */

/* ---- the SSE parser ---------------------------------------------------- */

struct sse_parser {
	size_t max_event;
	sse_event_fn fn;
	void *ud;
	struct buf line;  /* the line being read */
	struct buf data;  /* data buffer of the event being read */
	struct buf event; /* event type buffer */
	char id[EV_ID_MAX + 1];      /* this event's id line, if has_id */
	int has_id;
	char last_id[EV_ID_MAX + 1]; /* the last event ID buffer */
	size_t n_data;      /* data lines in this event */
	size_t event_bytes; /* bytes of lines of this event so far */
	int last_cr;        /* the previous byte ended a line with \r */
	int at_start;       /* no line seen yet (a BOM may come) */
	long retry_ms;
};

struct sse_parser *
sse_new(size_t max_event, sse_event_fn fn, void *ud)
{
	struct sse_parser *p;

	if (!fn || max_event == 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->max_event = max_event;
	p->fn = fn;
	p->ud = ud;
	/* The buffers' own caps are a backstop; max_event is checked first. */
	buf_init(&p->line, max_event + 1);
	buf_init(&p->data, max_event + 1);
	buf_init(&p->event, max_event + 1);
	p->at_start = 1;
	return p;
}

static void
sse_clear_event(struct sse_parser *p)
{
	buf_reset(&p->data);
	buf_reset(&p->event);
	p->n_data = 0;
	p->event_bytes = 0;
	p->has_id = 0;
	p->id[0] = '\0';
}

void
sse_reset(struct sse_parser *p)
{
	if (!p)
		return;
	sse_clear_event(p);
	buf_reset(&p->line);
	p->last_cr = 0;
	p->at_start = 1;
}

void
sse_free(struct sse_parser *p)
{
	if (!p)
		return;
	buf_free(&p->line);
	buf_free(&p->data);
	buf_free(&p->event);
	free(p);
}

const char *
sse_last_id(const struct sse_parser *p)
{
	return p ? p->last_id : "";
}

long
sse_retry_ms(const struct sse_parser *p)
{
	return p ? p->retry_ms : 0;
}

static void
sse_dispatch(struct sse_parser *p)
{
	struct sse_event e;

	if (p->n_data == 0) {
		/* No data: nothing to dispatch (the id already counted). */
		sse_clear_event(p);
		return;
	}
	/* Drop the \n after the last data line. */
	if (p->data.len > 0)
		p->data.len--;
	if (buf_putc(&p->data, '\0') != ST_OK)
		p->data.len = 0;
	else
		p->data.len--;
	e.id = p->has_id ? p->id : "";
	e.has_id = p->has_id;
	e.event = p->event.len ? p->event.data : "";
	e.data = p->data.data ? p->data.data : "";
	e.data_len = p->data.len;
	p->fn(&e, p->ud);
	sse_clear_event(p);
}

/* Copy into a buffer with a terminating NUL kept in place. */
static int
buf_set(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	if (buf_append(b, s, n) != ST_OK || buf_putc(b, '\0') != ST_OK)
		return -1;
	b->len--;
	return 0;
}

/* One complete line (without its terminator).  -1: over the cap. */
static int
sse_line(struct sse_parser *p, const char *s, size_t n)
{
	const char *colon, *val;
	size_t flen, vlen, i;
	long r;

	if (p->at_start) {
		p->at_start = 0;
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
	}
	if (n == 0) {
		sse_dispatch(p);
		return 0;
	}
	if (s[0] == ':')
		return 0; /* comment (": ping") */
	p->event_bytes += n + 1;
	if (p->event_bytes > p->max_event)
		return -1;
	colon = memchr(s, ':', n);
	flen = colon ? (size_t)(colon - s) : n;
	val = colon ? colon + 1 : s + n;
	vlen = (size_t)(s + n - val);
	if (vlen > 0 && val[0] == ' ') {
		val++;
		vlen--;
	}
	if (flen == 5 && memcmp(s, "event", 5) == 0) {
		if (buf_set(&p->event, val, vlen) < 0)
			return -1;
	} else if (flen == 4 && memcmp(s, "data", 4) == 0) {
		if (buf_append(&p->data, val, vlen) != ST_OK ||
		    buf_putc(&p->data, '\n') != ST_OK)
			return -1;
		p->n_data++;
	} else if (flen == 2 && memcmp(s, "id", 2) == 0) {
		/* Ids with NUL are ignored (the standard); ids longer than
		 * we keep are ignored too (hotlined's are numbers). */
		if (!memchr(val, '\0', vlen) && vlen <= EV_ID_MAX) {
			memcpy(p->id, val, vlen);
			p->id[vlen] = '\0';
			memcpy(p->last_id, val, vlen + 1);
			p->last_id[vlen] = '\0';
			p->has_id = 1;
		}
	} else if (flen == 5 && memcmp(s, "retry", 5) == 0) {
		r = 0;
		for (i = 0; i < vlen; i++) {
			if (val[i] < '0' || val[i] > '9')
				break;
			if (r < 100000000L)
				r = r * 10 + (val[i] - '0');
		}
		if (vlen > 0 && i == vlen)
			p->retry_ms = r;
	}
	/* Other fields are ignored. */
	return 0;
}

int
sse_feed(struct sse_parser *p, const char *buf, size_t len)
{
	size_t i = 0, j;
	char c;

	if (!p)
		return -1;
	while (i < len) {
		c = buf[i];
		if (p->last_cr && c == '\n') {
			p->last_cr = 0;
			i++;
			continue;
		}
		p->last_cr = 0;
		if (c == '\r' || c == '\n') {
			if (sse_line(p, p->line.data ? p->line.data : "",
				     p->line.len) < 0)
				goto over;
			buf_reset(&p->line);
			p->last_cr = c == '\r';
			i++;
			continue;
		}
		/* A run of ordinary bytes. */
		for (j = i; j < len && buf[j] != '\r' && buf[j] != '\n'; j++)
			;
		if (p->line.len + (j - i) + p->event_bytes > p->max_event ||
		    buf_append(&p->line, buf + i, j - i) != ST_OK)
			goto over;
		i = j;
	}
	return 0;
over:
	sse_reset(p);
	return -1;
}

/* ---- the stream ---------------------------------------------------------- */

/* One event waiting for delivery. */
struct pending {
	struct pending *next;
	char *type;
	char *data;
	size_t len;
	long id;
	int has_id;
};

struct api_events {
	struct api *a;
	api_event_fn cb;
	void *ud;
	CURL *easy;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
	struct sse_parser *sse;
	struct pending *head, *tail;
	enum api_events_state state;
	long resume_id;     /* sent as Last-Event-ID when have_resume */
	int have_resume;    /* a hello or an id was seen (0 is an id) */
	long hello_last_id; /* last_id of this connection's hello */
	int failures;
	long http_status;
	char last_error[128];
	/* The transfer ended (set by api_events_finished, acted on in run). */
	int done;
	int done_code;
	int checked;      /* response status and type checked */
	char bad[96];     /* why ev_write refused the response */
	int oversize;     /* ... because an event was too large */
	int strike;       /* the previous connection ended oversize too, */
	long strike_at;   /* ... resuming from this id */
	long last_byte_ms;
	long reconnect_at_ms;
	long watchdog_ms, backoff_min_ms, backoff_max_ms;
	int in_run;
	int stop_deferred;
};

static long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static long
parse_id(const char *s)
{
	long v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 99999999999999L)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static void
ev_queue(const struct sse_event *e, void *ud)
{
	struct api_events *ev = ud;
	struct pending *p = xcalloc(1, sizeof(*p));

	p->type = xstrdup(e->event);
	p->data = xmalloc(e->data_len + 1);
	memcpy(p->data, e->data, e->data_len);
	p->data[e->data_len] = '\0';
	p->len = e->data_len;
	p->has_id = e->has_id;
	p->id = e->has_id ? parse_id(e->id) : 0;
	if (ev->tail)
		ev->tail->next = p;
	else
		ev->head = p;
	ev->tail = p;
}

static void
pending_free(struct pending *p)
{
	free(p->type);
	free(p->data);
	free(p);
}

static void
set_error(struct api_events *ev, const char *msg)
{
	char *s = u8_sanitize(msg, strlen(msg), SAN_FOLD_AMBIGUOUS);

	snprintf(ev->last_error, sizeof(ev->last_error), "%s", s);
	free(s);
}

static size_t
ev_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct api_events *ev = ud;

	(void)p;
	ev->last_byte_ms = mono_ms();
	return size * nmemb;
}

static size_t
ev_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct api_events *ev = ud;
	size_t n = size * nmemb;
	char *ct = NULL;
	long http = 0;

	ev->last_byte_ms = mono_ms();
	if (!ev->checked) {
		curl_easy_getinfo(ev->easy, CURLINFO_RESPONSE_CODE, &http);
		curl_easy_getinfo(ev->easy, CURLINFO_CONTENT_TYPE, &ct);
		if (http != 200) {
			ev->http_status = http;
			snprintf(ev->bad, sizeof(ev->bad), "HTTP %ld", http);
			return 0;
		}
		if (!ct || strncasecmp(ct, "text/event-stream", 17) != 0) {
			snprintf(ev->bad, sizeof(ev->bad),
				 "reply is not an event stream");
			return 0;
		}
		ev->checked = 1;
	}
	if (sse_feed(ev->sse, p, n) < 0) {
		ev->oversize = 1;
		snprintf(ev->bad, sizeof(ev->bad),
			 "event larger than %u bytes", EV_MAX_EVENT);
		return 0;
	}
	return n;
}

static void
ev_disconnect(struct api_events *ev)
{
	if (ev->easy) {
		curl_multi_remove_handle((CURLM *)api_multi_handle(ev->a),
					 ev->easy);
		curl_easy_cleanup(ev->easy);
		ev->easy = NULL;
	}
	curl_slist_free_all(ev->hdrs);
	ev->hdrs = NULL;
}

static int
add_hdr(struct api_events *ev, const char *line)
{
	struct curl_slist *l = curl_slist_append(ev->hdrs, line);

	if (!l)
		return -1;
	ev->hdrs = l;
	return 0;
}

/* Open the stream.  -1 when it could not even be started. */
static int
ev_connect(struct api_events *ev)
{
	const char *tok = api_token(ev->a), *px = api_proxy(ev->a);
	CURLcode rc = CURLE_OK;
	char *url, *line;
	CURL *e;

	ev_disconnect(ev);
	sse_reset(ev->sse);
	ev->checked = 0;
	ev->bad[0] = '\0';
	ev->oversize = 0;
	ev->errbuf[0] = '\0';
	ev->done = 0;
	ev->hello_last_id = 0;
	ev->last_byte_ms = mono_ms();
	if (!(ev->easy = e = curl_easy_init()))
		return -1;
	if (add_hdr(ev, "Accept: text/event-stream") < 0 ||
	    add_hdr(ev, "Cache-Control: no-cache") < 0)
		return -1;
	if (tok) {
		line = xasprintf("Authorization: Bearer %s", tok);
		rc = add_hdr(ev, line) < 0 ? CURLE_OUT_OF_MEMORY : CURLE_OK;
		explicit_bzero(line, strlen(line));
		free(line);
	}
	if (ev->have_resume) {
		line = xasprintf("Last-Event-ID: %ld", ev->resume_id);
		if (add_hdr(ev, line) < 0)
			rc = CURLE_OUT_OF_MEMORY;
		free(line);
	}
	url = xasprintf("%s/v1/events", api_base_url(ev->a));
#define SET_(opt, val)                                                        \
	do {                                                                  \
		if (rc == CURLE_OK)                                           \
			rc = curl_easy_setopt(e, opt, val);                   \
	} while (0)
	SET_(CURLOPT_URL, url);
	SET_(CURLOPT_PRIVATE, (void *)ev);
	SET_(CURLOPT_NOSIGNAL, 1L);
	SET_(CURLOPT_CONNECTTIMEOUT_MS, api_connect_timeout_ms(ev->a));
	/* No total timeout: the stream is meant to stay open.  Silence is
	 * caught by our watchdog (the server pings every 15 s). */
	SET_(CURLOPT_TIMEOUT_MS, 0L);
	SET_(CURLOPT_TCP_KEEPALIVE, 1L);
	SET_(CURLOPT_ERRORBUFFER, ev->errbuf);
	SET_(CURLOPT_WRITEFUNCTION, ev_write);
	SET_(CURLOPT_WRITEDATA, (void *)ev);
	SET_(CURLOPT_HEADERFUNCTION, ev_header);
	SET_(CURLOPT_HEADERDATA, (void *)ev);
	SET_(CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET_(CURLOPT_PROTOCOLS_STR, "http,https");
#else
	SET_(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET_(CURLOPT_USERAGENT, "hotline/" HOTLINE_VERSION);
	SET_(CURLOPT_HTTPHEADER, ev->hdrs);
	if (px) {
		SET_(CURLOPT_PROXY, px);
	} else {
		SET_(CURLOPT_PROXY, "");
		SET_(CURLOPT_NOPROXY, "*");
	}
#undef SET_
	free(url);
	if (rc != CURLE_OK ||
	    curl_multi_add_handle((CURLM *)api_multi_handle(ev->a), e) !=
		    CURLM_OK) {
		curl_easy_cleanup(e);
		ev->easy = NULL;
		return -1;
	}
	ev->state = AES_CONNECTING;
	return 0;
}

struct api_events *
api_events_start(struct api *a, api_event_fn cb, void *ud)
{
	struct api_events *ev;

	if (!a || !cb || api_dying(a))
		return NULL;
	ev = xcalloc(1, sizeof(*ev));
	ev->a = a;
	ev->cb = cb;
	ev->ud = ud;
	ev->watchdog_ms = EV_WATCHDOG_MS;
	ev->backoff_min_ms = EV_BACKOFF_MIN_MS;
	ev->backoff_max_ms = EV_BACKOFF_MAX_MS;
	if (!(ev->sse = sse_new(EV_MAX_EVENT, ev_queue, ev)) ||
	    api_attach_events(a, ev) < 0) {
		sse_free(ev->sse);
		free(ev);
		return NULL;
	}
	if (ev_connect(ev) < 0) {
		/* Try again after the backoff, like any failed connection. */
		ev_disconnect(ev);
		ev->done = 1;
		ev->done_code = CURLE_FAILED_INIT;
	}
	return ev;
}

void
api_events_destroy(struct api_events *ev)
{
	struct pending *p;

	if (!ev)
		return;
	ev_disconnect(ev);
	while ((p = ev->head)) {
		ev->head = p->next;
		pending_free(p);
	}
	sse_free(ev->sse);
	free(ev);
}

void
api_events_stop(struct api_events *ev)
{
	if (!ev)
		return;
	if (ev->in_run) {
		ev->stop_deferred = 1;
		return;
	}
	api_detach_events(ev->a, ev);
	api_events_destroy(ev);
}

void
api_events_reconnect(struct api_events *ev)
{
	if (!ev || ev->stop_deferred)
		return;
	/* Events already received are still delivered, in order. */
	ev_disconnect(ev);
	ev->done = 0;
	ev->failures = 0;
	ev->reconnect_at_ms = mono_ms();
	ev->state = AES_RECONNECTING;
}

void
api_events_tune(struct api_events *ev, long watchdog_ms, long backoff_min_ms,
		long backoff_max_ms)
{
	if (!ev)
		return;
	if (watchdog_ms > 0)
		ev->watchdog_ms = watchdog_ms;
	if (backoff_min_ms > 0)
		ev->backoff_min_ms = backoff_min_ms;
	if (backoff_max_ms > 0)
		ev->backoff_max_ms = backoff_max_ms;
	if (ev->backoff_max_ms < ev->backoff_min_ms)
		ev->backoff_max_ms = ev->backoff_min_ms;
}

void
api_events_info(const struct api_events *ev, struct api_events_info *out)
{
	long left;

	memset(out, 0, sizeof(*out));
	if (!ev)
		return;
	out->state = ev->state;
	if (ev->state == AES_RECONNECTING) {
		left = ev->reconnect_at_ms - mono_ms();
		out->retry_in_ms = left > 0 ? left : 0;
	}
	out->last_id = ev->resume_id;
	out->failures = ev->failures;
	out->http_status = ev->http_status;
	snprintf(out->last_error, sizeof(out->last_error), "%s",
		 ev->last_error);
}

int
api_events_owns(struct api_events *ev, void *easy)
{
	return ev && ev->easy && ev->easy == easy;
}

void
api_events_finished(struct api_events *ev, int curl_code)
{
	long http = 0;

	if (ev->easy)
		curl_easy_getinfo(ev->easy, CURLINFO_RESPONSE_CODE, &http);
	if (!ev->checked && http != 0 && http != 200)
		ev->http_status = http;
	ev_disconnect(ev);
	ev->done = 1;
	ev->done_code = curl_code;
}

long
api_events_next_ms(struct api_events *ev)
{
	long now = mono_ms(), left;

	if (!ev || ev->head || ev->done)
		return 0;
	if (ev->state == AES_RECONNECTING)
		left = ev->reconnect_at_ms - now;
	else if (ev->easy)
		left = ev->last_byte_ms + ev->watchdog_ms - now;
	else
		return -1;
	return left > 0 ? left : 0;
}

/* Call the user; 0 to go on, -1 when the stream or the api is going away. */
static int
deliver(struct api_events *ev, const struct api_event *e)
{
	ev->cb(e, ev->ud);
	return ev->stop_deferred || api_dying(ev->a) ? -1 : 0;
}

static int
set_state(struct api_events *ev, enum api_events_state st)
{
	struct api_event e;

	if (ev->state == st)
		return 0;
	ev->state = st;
	memset(&e, 0, sizeof(e));
	e.type = AEV_CONN;
	e.raw_type = "";
	e.why = "";
	return deliver(ev, &e);
}

static int
deliver_pending(struct api_events *ev, struct pending *p)
{
	struct api_event e;
	char why[160];
	char *type;
	int rc;

	memset(&e, 0, sizeof(e));
	type = u8_sanitize(p->type, strlen(p->type), SAN_FOLD_AMBIGUOUS);
	api_event_decode(p->type, p->data, p->len, time(NULL), &e, why,
			 sizeof(why));
	e.id = p->id;
	e.raw_type = type;
	e.data = p->data;
	e.data_len = p->len;
	e.why = why;
	if (p->has_id && p->id > 0) {
		ev->resume_id = p->id;
		ev->have_resume = 1;
	}
	rc = 0;
	if (e.type == AEV_HELLO) {
		ev->hello_last_id = e.u.hello.last_id;
		/* First connection: resume from where the server stood, so
		 * that events published while we reconnect are not lost
		 * (last_id 0 on a fresh server: "Last-Event-ID: 0"). */
		if (!ev->have_resume) {
			ev->resume_id = e.u.hello.last_id;
			ev->have_resume = 1;
		}
	}
	/* A hello, even one whose data did not parse, means the server
	 * took the stream: connected, backoff reset. */
	if (strcmp(p->type, "hello") == 0) {
		ev->failures = 0;
		/* Even if the transfer already ended (its end is acted on
		 * after the queue): the UI sees connected, then the drop. */
		rc = set_state(ev, AES_CONNECTED);
	} else if (e.type == AEV_RESYNC) {
		/* The history we asked for is gone: the client reloads, and
		 * resumes from where the server stood at hello. */
		ev->resume_id = ev->hello_last_id;
	}
	if (rc == 0)
		rc = deliver(ev, &e);
	api_event_clear(&e);
	free(type);
	return rc;
}

/* Why the connection ended, for api_events_info. */
static void
note_end(struct api_events *ev, const char *watchdog)
{
	char msg[CURL_ERROR_SIZE + 64];

	if (watchdog)
		snprintf(msg, sizeof(msg), "%s", watchdog);
	else if (ev->bad[0])
		snprintf(msg, sizeof(msg), "%s", ev->bad);
	else if (ev->done_code != CURLE_OK)
		snprintf(msg, sizeof(msg), "curl: %s",
			 ev->errbuf[0] ? ev->errbuf
				       : curl_easy_strerror(
						 (CURLcode)ev->done_code));
	else if (ev->http_status && ev->http_status != 200)
		snprintf(msg, sizeof(msg), "HTTP %ld", ev->http_status);
	else
		snprintf(msg, sizeof(msg), "the server closed the stream");
	set_error(ev, msg);
}

/*
 * A connection dropped because an event was too large.  The server would
 * send the same event again after the same Last-Event-ID, forever: the
 * second time in a row, give up on it like on lost history - resume from
 * the server's last id at hello and tell the client to resync.
 */
static int
oversize_strike(struct api_events *ev)
{
	struct api_event e;

	if (!ev->oversize) {
		ev->strike = 0;
		return 0;
	}
	if (!ev->strike || ev->strike_at != ev->resume_id ||
	    ev->hello_last_id <= ev->resume_id) {
		ev->strike = 1;
		ev->strike_at = ev->resume_id;
		return 0;
	}
	ev->strike = 0;
	ev->resume_id = ev->hello_last_id;
	ev->have_resume = 1;
	memset(&e, 0, sizeof(e));
	e.type = AEV_RESYNC;
	e.raw_type = "";
	e.why = "";
	e.u.resync.reason = "event_too_large";
	return deliver(ev, &e);
}

static int
schedule_reconnect(struct api_events *ev)
{
	long delay = ev->backoff_min_ms;
	int i;

	ev->failures++;
	for (i = 1; i < ev->failures && delay < ev->backoff_max_ms; i++)
		delay *= 2;
	if (delay > ev->backoff_max_ms)
		delay = ev->backoff_max_ms;
	ev->reconnect_at_ms = mono_ms() + delay;
	return set_state(ev, AES_RECONNECTING);
}

void
api_events_run(struct api_events *ev)
{
	struct pending *p;
	char msg[64];

	if (!ev || ev->in_run)
		return;
	ev->in_run = 1;
	while ((p = ev->head)) {
		ev->head = p->next;
		if (!ev->head)
			ev->tail = NULL;
		if (deliver_pending(ev, p) < 0) {
			pending_free(p);
			goto out;
		}
		pending_free(p);
	}
	if (ev->easy && !ev->done &&
	    mono_ms() - ev->last_byte_ms >= ev->watchdog_ms) {
		snprintf(msg, sizeof(msg), "no data for %ld ms",
			 ev->watchdog_ms);
		ev_disconnect(ev);
		note_end(ev, msg);
		if (schedule_reconnect(ev) < 0)
			goto out;
	}
	if (ev->done) {
		ev->done = 0;
		note_end(ev, NULL);
		if (oversize_strike(ev) < 0 || schedule_reconnect(ev) < 0)
			goto out;
	}
	if (ev->state == AES_RECONNECTING && !ev->easy &&
	    mono_ms() >= ev->reconnect_at_ms) {
		if (ev_connect(ev) < 0) {
			ev_disconnect(ev);
			set_error(ev, "could not start the request");
			if (schedule_reconnect(ev) < 0)
				goto out;
		} else {
			/* ev_connect set the state directly: announce it. */
			ev->state = AES_RECONNECTING;
			if (set_state(ev, AES_CONNECTING) < 0)
				goto out;
		}
	}
out:
	ev->in_run = 0;
	if (ev->stop_deferred) {
		api_detach_events(ev->a, ev);
		api_events_destroy(ev);
	}
}
