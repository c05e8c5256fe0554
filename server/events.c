/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * events.c - the event hub: sequence, ring, subscribers, SSE streams.
 *
 * One mutex (hub.lock) guards everything here.  The ring holds the
 * events with ids floor+1 .. last, contiguous, slot = id % ring_n.
 * A subscriber's "queue" is its cursor into that ring (the next id it has
 * not looked at) plus one pending buffer (the rest of one event, hello,
 * resync or ping): memory per stream stays small whatever the backlog,
 * and a subscriber whose unread events would leave the ring is lagging:
 * it gets a final resync and its stream ends.
 *
 * Streams: the response is MHD_create_response_from_callback with an
 * unknown size (chunked).  The reader runs on the MHD pool thread that
 * owns the connection; when it has nothing to send it marks the
 * subscriber suspended, calls MHD_suspend_connection and returns 0.
 * events_publish (any thread) and the heartbeat thread resume only
 * subscribers that are marked suspended, under the lock, so resume never
 * meets a connection that is not suspended.  No thread and no timer per
 * stream: one heartbeat thread for the hub wakes every stream every
 * heartbeat (": ping") and ends streams whose session is gone.
 *
 * Ids: the store's meta key "events.last_id" is always >= every id
 * handed out.  At start last = saved + 1 (that id is never used: it
 * marks the restart, so every Last-Event-ID of the previous run is older
 * than the history and gets a resync); ids are reserved in blocks of
 * EVENTS_ID_BLOCK (one store write per block); a clean shutdown writes
 * the exact last id.
 */
#include "events.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "http.h"
#include "log.h"
#include "srv.h"
#include "store.h"

#define META_KEY "events.last_id"
#define READ_BLOCK 4096       /* preferred chunk size of a stream */
#define PEND_MAX (256 * 1024) /* one event (64 KiB bodies) + hello */
#define SHUTDOWN_WAIT_MS 1500 /* streams get this long to end */
#define TYPE_MAX 64
/* Kernel send buffer of a stream socket: fixed (no autotuning up to
 * megabytes), so a client that stops reading soon stops taking bytes and
 * its backlog stays in the ring, where it is bounded. */
#define STREAM_SNDBUF (64 * 1024)

struct ev_entry {
	uint64_t id;
	char *text; /* "id: N\nevent: T\ndata: J\n\n" */
	size_t len;
	char *username;
	char *desk;
	int supervisors;
	int all;
};

enum sub_end {
	SUB_LIVE = 0,
	SUB_LAGGED,   /* send resync too_slow, then end */
	SUB_CLOSING,  /* server shutdown: end */
	SUB_GONE,     /* session ended: end */
};

struct sub {
	struct sub *prev, *next;
	struct MHD_Connection *conn;
	unsigned long serial;
	char *username;
	char *desks; /* ",GENERAL,CARE," */
	enum role role;
	char token_hash[AUTH_TOKEN_LEN + 1];
	uint64_t cursor; /* next event id to look at */
	struct buf pend;
	size_t pend_off;
	int suspended;
	int ping;
	enum sub_end end;
	int final_sent;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int inited;
	int running; /* between init and shutdown */
	struct srv *srv;
	int heartbeat_s;
	size_t ring_n;
	struct ev_entry *ring;
	uint64_t last;     /* last id handed out (or the restart mark) */
	uint64_t floor;    /* events floor+1 .. last are in the ring */
	uint64_t reserved; /* ids <= reserved are covered by the store */
	struct sub *subs;
	int n_subs;
	unsigned long serial;
	pthread_t hb;
	int hb_started;
} hub = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

/* ---- helpers ---------------------------------------------------------- */

static void
iso_now(char out[32])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Writes the sequence value; the hub lock is held. */
static int
persist(uint64_t v)
{
	struct store *st = hub.srv->store;
	char txt[32];

	snprintf(txt, sizeof txt, "%" PRIu64, v);
	if (st->ops->set_meta(st, META_KEY, txt) != ST_OK) {
		slog(SLOG_ERROR, "events: cannot save the event sequence");
		return -1;
	}
	return 0;
}

static int
desk_in(const char *desks, const char *desk)
{
	char pat[40];

	snprintf(pat, sizeof pat, ",%s,", desk);
	return strstr(desks, pat) != NULL;
}

static int
sub_wants(const struct sub *s, const struct ev_entry *e)
{
	if (e->username && strcmp(e->username, s->username) == 0)
		return 1;
	if (e->supervisors &&
	    (s->role == ROLE_SUPERVISOR || s->role == ROLE_ADMIN))
		return 1;
	if (e->desk)
		return desk_in(s->desks, e->desk);
	return e->all;
}

static struct ev_entry *
slot(uint64_t id)
{
	return &hub.ring[id % hub.ring_n];
}

static void
entry_clear(struct ev_entry *e)
{
	free(e->text);
	free(e->username);
	free(e->desk);
	memset(e, 0, sizeof *e);
}

/* Resume a parked subscriber (hub lock held). */
static void
wake(struct sub *s)
{
	if (s->suspended) {
		s->suspended = 0;
		MHD_resume_connection(s->conn);
	}
}

static void
pend_add(struct sub *s, const char *text, size_t len)
{
	if (s->pend_off == s->pend.len) {
		buf_reset(&s->pend);
		s->pend_off = 0;
	}
	if (buf_append(&s->pend, text, len) != ST_OK)
		slog(SLOG_ERROR, "events: an event of %zu bytes was dropped "
				 "for %s",
		     len, s->username);
}

/* ---- publishing ------------------------------------------------------- */

/* Drop the oldest event; subscribers that still needed it lag. */
static void
evict_oldest(void)
{
	struct ev_entry *e = slot(hub.floor + 1);
	struct sub *s;

	for (s = hub.subs; s; s = s->next) {
		if (s->end != SUB_LIVE || s->cursor > e->id)
			continue;
		if (s->cursor == e->id && !sub_wants(s, e)) {
			s->cursor++;
			continue;
		}
		s->end = SUB_LAGGED;
		slog(SLOG_WARN, "events: %s is too slow; ending its stream",
		     s->username);
		wake(s);
	}
	entry_clear(e);
	hub.floor++;
}

void
events_publish(const char *type, const struct ev_audience *aud,
	       const char *json)
{
	static const struct ev_audience everyone = {.all = 1};
	struct ev_entry *e;
	struct buf b;
	struct sub *s;
	uint64_t id;
	size_t i;

	if (!type || !*type || strlen(type) > TYPE_MAX ||
	    strpbrk(type, "\r\n") || !json)
		return;
	if (!aud)
		aud = &everyone;
	pthread_mutex_lock(&hub.lock);
	if (!hub.running) {
		pthread_mutex_unlock(&hub.lock);
		return;
	}
	id = ++hub.last;
	if (id > hub.reserved && persist(id + EVENTS_ID_BLOCK - 1) == 0)
		hub.reserved = id + EVENTS_ID_BLOCK - 1;
	if (hub.last - hub.floor > hub.ring_n)
		evict_oldest();
	e = slot(id);
	buf_init(&b, 0);
	buf_printf(&b, "id: %" PRIu64 "\nevent: %s\ndata: ", id, type);
	i = b.len;
	buf_puts(&b, json);
	for (; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\r')
			b.data[i] = ' ';
	buf_puts(&b, "\n\n");
	e->id = id;
	e->len = b.len;
	e->text = buf_steal(&b);
	e->username = aud->username ? xstrdup(aud->username) : NULL;
	e->desk = aud->desk ? xstrdup(aud->desk) : NULL;
	e->supervisors = aud->supervisors;
	e->all = aud->all;
	for (s = hub.subs; s; s = s->next) {
		if (s->end != SUB_LIVE || s->cursor != id)
			continue; /* busy or behind: its reader will look */
		if (sub_wants(s, e))
			wake(s);
		else
			s->cursor = id + 1;
	}
	pthread_mutex_unlock(&hub.lock);
}

uint64_t
events_last_id(void)
{
	uint64_t v;

	pthread_mutex_lock(&hub.lock);
	v = hub.last;
	pthread_mutex_unlock(&hub.lock);
	return v;
}

int
events_n_streams(void)
{
	int n;

	pthread_mutex_lock(&hub.lock);
	n = hub.n_subs;
	pthread_mutex_unlock(&hub.lock);
	return n;
}

/* Open streams of supervisors and admins (issue #6: stats.live is only
 * computed and sent while a board listens). */
int
events_n_supervisor_streams(void)
{
	struct sub *s;
	int n = 0;

	pthread_mutex_lock(&hub.lock);
	for (s = hub.subs; s; s = s->next)
		if (s->role == ROLE_SUPERVISOR || s->role == ROLE_ADMIN)
			n++;
	pthread_mutex_unlock(&hub.lock);
	return n;
}

/* ---- streams ---------------------------------------------------------- */

/* Fill pend with what comes next; 0 when there is nothing (lock held). */
static int
refill(struct sub *s)
{
	if (s->end != SUB_LIVE) {
		if (s->final_sent)
			return 0;
		s->final_sent = 1;
		if (s->end == SUB_LAGGED) {
			static const char t[] = "event: resync\ndata: "
						"{\"reason\":\"too_slow\"}\n\n";

			pend_add(s, t, sizeof t - 1);
			return 1;
		}
		return 0;
	}
	if (s->cursor <= hub.floor) {
		/* Cannot happen (eviction marks the lagging); be safe. */
		s->end = SUB_LAGGED;
		return refill(s);
	}
	while (s->cursor <= hub.last) {
		struct ev_entry *e = slot(s->cursor);

		s->cursor++;
		if (sub_wants(s, e)) {
			pend_add(s, e->text, e->len);
			return 1;
		}
	}
	if (s->ping) {
		s->ping = 0;
		pend_add(s, ": ping\n\n", 8);
		return 1;
	}
	return 0;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct sub *s = cls;
	size_t n = 0;
	int dry = 0; /* nothing left to send */

	(void)pos;
	pthread_mutex_lock(&hub.lock);
	while (n < max) {
		size_t left = s->pend.len - s->pend_off, c;

		if (left == 0) {
			if (!refill(s)) {
				dry = 1;
				break;
			}
			continue;
		}
		c = left < max - n ? left : max - n;
		memcpy(out + n, s->pend.data + s->pend_off, c);
		s->pend_off += c;
		n += c;
	}
	if (n == 0 && dry) {
		if (s->end != SUB_LIVE) {
			pthread_mutex_unlock(&hub.lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		s->suspended = 1;
		MHD_suspend_connection(s->conn);
	}
	pthread_mutex_unlock(&hub.lock);
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct sub *s = cls;

	pthread_mutex_lock(&hub.lock);
	if (s->prev)
		s->prev->next = s->next;
	else if (hub.subs == s)
		hub.subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	hub.n_subs--;
	pthread_cond_broadcast(&hub.cond);
	pthread_mutex_unlock(&hub.lock);
	slog(SLOG_DEBUG, "events: stream of %s ended", s->username);
	buf_free(&s->pend);
	free(s->username);
	free(s->desks);
	free(s);
}

/* "" or absent: 0 (no id); digits: 1 and *out; else -1. */
static int
parse_last_id(const char *v, uint64_t *out)
{
	char *end = NULL;
	unsigned long long n;

	if (!v)
		return 0;
	while (*v == ' ')
		v++;
	if (!*v)
		return 0;
	if (*v < '0' || *v > '9' || strlen(v) > 19)
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end)
		return -1;
	*out = n;
	return 1;
}

void
h_events(struct req *r)
{
	struct MHD_Connection *conn = r->conn;
	struct MHD_Response *resp;
	const char *hv = req_header(r, "Last-Event-ID");
	const char *why = NULL;
	uint64_t want = 0;
	char now[32], hello[160];
	struct sub *s;
	int has;

	has = parse_last_id(hv, &want);
	if (has == 0 && !(hv && *hv))
		has = parse_last_id(req_query(r, "last_event_id"), &want);
	if (has < 0) {
		reply_error(r, 400, "invalid_field",
			    hv ? "Last-Event-ID" : "last_event_id",
			    "an event id is a decimal number");
		return;
	}
	s = xcalloc(1, sizeof *s);
	s->conn = conn;
	s->username = xstrdup(r->agent.username);
	s->desks = xasprintf(",%s,", r->agent.desks ? r->agent.desks : "");
	s->role = r->agent.role;
	memcpy(s->token_hash, r->token_hash, sizeof s->token_hash);
	buf_init(&s->pend, PEND_MAX);
	iso_now(now);

	pthread_mutex_lock(&hub.lock);
	if (!hub.running) {
		pthread_mutex_unlock(&hub.lock);
		buf_free(&s->pend);
		free(s->username);
		free(s->desks);
		free(s);
		reply_header(r, "Retry-After", "5");
		reply_error(r, 503, "unavailable", NULL,
			    "the server is shutting down");
		return;
	}
	snprintf(hello, sizeof hello,
		 "event: hello\ndata: {\"last_id\":%" PRIu64
		 ",\"now\":\"%s\"}\n\n",
		 hub.last, now);
	pend_add(s, hello, strlen(hello));
	s->cursor = hub.last + 1;
	if (has && want > hub.last)
		why = "unknown_id";
	else if (has && want < hub.floor)
		why = "history_gone";
	else if (has)
		s->cursor = want + 1;
	if (why) {
		char t[96];

		snprintf(t, sizeof t,
			 "event: resync\ndata: {\"reason\":\"%s\"}\n\n", why);
		pend_add(s, t, strlen(t));
	}
	s->serial = ++hub.serial;
	s->next = hub.subs;
	if (hub.subs)
		hub.subs->prev = s;
	hub.subs = s;
	hub.n_subs++;
	pthread_mutex_unlock(&hub.lock);

	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, READ_BLOCK,
						 stream_read, s, stream_free);
	if (!resp) {
		stream_free(s);
		reply_internal(r);
		return;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/event-stream");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	if (MHD_queue_response(conn, 200, resp) == MHD_YES) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		int sz = STREAM_SNDBUF;

		if (ci)
			setsockopt(ci->connect_fd, SOL_SOCKET, SO_SNDBUF, &sz,
				   sizeof sz);
		r->queued = 1;
		r->status = 200;
	} else {
		slog(SLOG_WARN, "events: cannot queue the stream of %s",
		     r->agent.username);
	}
	/* The connection holds the response now; when it is done with it,
	 * stream_free runs (also here, when queueing failed). */
	MHD_destroy_response(resp);
}

/* ---- heartbeat -------------------------------------------------------- */

struct sess_check {
	struct sub *s;
	unsigned long serial;
	char token_hash[AUTH_TOKEN_LEN + 1];
	int gone;
};

/* Ends the streams whose session was deleted or expired. */
static void
check_sessions(void)
{
	struct store *st = hub.srv->store;
	struct sess_check *c;
	struct store_agent a;
	struct sub *s;
	long long now = (long long)time(NULL);
	size_t n = 0, i;

	pthread_mutex_lock(&hub.lock);
	c = xcalloc((size_t)hub.n_subs + 1, sizeof *c);
	for (s = hub.subs; s; s = s->next) {
		c[n].s = s;
		c[n].serial = s->serial;
		memcpy(c[n].token_hash, s->token_hash, sizeof c[n].token_hash);
		n++;
	}
	pthread_mutex_unlock(&hub.lock);
	for (i = 0; i < n; i++) {
		if (st->ops->find_session(st, c[i].token_hash, now, &a) ==
		    ST_NOT_FOUND)
			c[i].gone = 1;
		store_agent_free(&a);
	}
	pthread_mutex_lock(&hub.lock);
	for (i = 0; i < n; i++) {
		if (!c[i].gone)
			continue;
		for (s = hub.subs; s; s = s->next) {
			if (s != c[i].s || s->serial != c[i].serial)
				continue;
			if (s->end == SUB_LIVE) {
				s->end = SUB_GONE;
				wake(s);
			}
			break;
		}
	}
	pthread_mutex_unlock(&hub.lock);
	free(c);
}

static void *
heartbeat_main(void *arg)
{
	struct timespec at;
	struct sub *s;

	(void)arg;
	pthread_mutex_lock(&hub.lock);
	clock_gettime(CLOCK_MONOTONIC, &at);
	while (hub.running) {
		at.tv_sec += hub.heartbeat_s;
		while (hub.running &&
		       pthread_cond_timedwait(&hub.cond, &hub.lock, &at) !=
			       ETIMEDOUT)
			;
		if (!hub.running)
			break;
		for (s = hub.subs; s; s = s->next) {
			s->ping = 1;
			wake(s);
		}
		pthread_mutex_unlock(&hub.lock);
		check_sessions();
		pthread_mutex_lock(&hub.lock);
		clock_gettime(CLOCK_MONOTONIC, &at);
	}
	pthread_mutex_unlock(&hub.lock);
	return NULL;
}

/* ---- life cycle ------------------------------------------------------- */

int
events_init(struct srv *srv, int heartbeat_s, int history)
{
	struct store *st = srv->store;
	pthread_condattr_t ca;
	char *v = NULL, *end = NULL;
	unsigned long long saved = 0;
	enum status rc;
	int have = 0;

	rc = st->ops->get_meta(st, META_KEY, &v);
	if (rc == ST_OK) {
		errno = 0;
		saved = strtoull(v, &end, 10);
		if (errno || !*v || *end) {
			slog(SLOG_ERROR, "events: meta %s is not a number",
			     META_KEY);
			free(v);
			return -1;
		}
		have = 1;
	} else if (rc != ST_NOT_FOUND) {
		return -1;
	}
	free(v);

	pthread_mutex_lock(&hub.lock);
	hub.srv = srv;
	hub.heartbeat_s = heartbeat_s > 0 ? heartbeat_s : EVENTS_HEARTBEAT;
	hub.ring_n = history > 0 ? (size_t)history : EVENTS_RING;
	hub.ring = xcalloc(hub.ring_n, sizeof *hub.ring);
	hub.last = have ? saved + 1 : 0;
	hub.floor = hub.last;
	hub.reserved = hub.last + EVENTS_ID_BLOCK;
	if (persist(hub.reserved) != 0) {
		free(hub.ring);
		hub.ring = NULL;
		pthread_mutex_unlock(&hub.lock);
		return -1;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&hub.cond, &ca);
	pthread_condattr_destroy(&ca);
	hub.inited = 1;
	hub.running = 1;
	pthread_mutex_unlock(&hub.lock);
	if (pthread_create(&hub.hb, NULL, heartbeat_main, NULL) != 0) {
		slog(SLOG_ERROR, "events: cannot start the heartbeat thread");
		events_shutdown();
		events_free();
		return -1;
	}
	hub.hb_started = 1;
	slog(SLOG_INFO, "events: ids continue after %" PRIu64
			", heartbeat %d s, history %zu",
	     hub.last, hub.heartbeat_s, hub.ring_n);
	return 0;
}

void
events_shutdown(void)
{
	struct timespec until;
	struct sub *s;
	int n;

	pthread_mutex_lock(&hub.lock);
	if (!hub.running) {
		pthread_mutex_unlock(&hub.lock);
		return;
	}
	hub.running = 0;
	for (s = hub.subs; s; s = s->next) {
		if (s->end == SUB_LIVE)
			s->end = SUB_CLOSING;
		wake(s);
	}
	pthread_cond_broadcast(&hub.cond);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += (long)(SHUTDOWN_WAIT_MS % 1000) * 1000000L;
	until.tv_sec += SHUTDOWN_WAIT_MS / 1000 + until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	while (hub.n_subs > 0 &&
	       pthread_cond_timedwait(&hub.cond, &hub.lock, &until) !=
		       ETIMEDOUT)
		;
	n = hub.n_subs;
	persist(hub.last);
	pthread_mutex_unlock(&hub.lock);
	if (hub.hb_started) {
		pthread_join(hub.hb, NULL);
		hub.hb_started = 0;
	}
	if (n)
		slog(SLOG_INFO, "events: %d streams still open at shutdown",
		     n);
}

void
events_free(void)
{
	size_t i;

	pthread_mutex_lock(&hub.lock);
	if (hub.ring) {
		for (i = 0; i < hub.ring_n; i++)
			entry_clear(&hub.ring[i]);
		free(hub.ring);
		hub.ring = NULL;
	}
	pthread_mutex_unlock(&hub.lock);
	if (hub.inited) {
		pthread_cond_destroy(&hub.cond);
		hub.inited = 0;
	}
}
