/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * events.h - the live event hub behind GET /v1/events (Server-Sent Events).
 *
 * Owns the global event sequence (one increasing id, persisted in the
 * store's meta table so ids never go backwards across restarts), the
 * in-memory ring of the last EVENTS_RING events with their audience, and
 * every open stream: per-subscriber filtering, replay after Last-Event-ID,
 * resync when the history is gone, the heartbeat, and the bounded queue of
 * each subscriber.  Streams use MHD suspend/resume: no thread and no
 * polling per stream.
 *
 * Thread safety: events_publish may be called from any thread (handlers,
 * timers) at any time between events_init and events_shutdown; it never
 * blocks on a subscriber.  Calls before events_init or after
 * events_shutdown are ignored.
 */
#ifndef HOTLINE_SERVER_EVENTS_H
#define HOTLINE_SERVER_EVENTS_H

#include <stdint.h>

struct srv;
struct req;

#define EVENTS_RING 10000        /* events kept for replay (default) */
#define EVENTS_HEARTBEAT 15      /* seconds between ": ping" comments */
#define EVENTS_ID_BLOCK 1000     /* ids reserved in the store at a time */

/*
 * Who receives an event.  A subscriber (an open stream, authenticated as
 * one agent with a role and desks) receives the event when any of these
 * holds:
 *   - username != NULL and it is that agent;
 *   - supervisors and the subscriber's role is supervisor or admin;
 *   - all and desk == NULL (everyone);
 *   - desk != NULL (with or without all) and the subscriber has that desk
 *     among its desks (supervisors/admins too, when they have the desk;
 *     set supervisors as well to reach all of them).
 * Strings are copied; the struct is read only during the call.
 */
struct ev_audience {
	const char *username; /* NULL = not to one agent */
	int supervisors;      /* also to supervisor/admin */
	const char *desk;     /* NULL = no desk filter */
	int all;              /* everyone */
};

/*
 * Publish one event: type is the SSE event name ("call.offered"), json
 * one line of JSON (no newline; a newline would be replaced by a space).
 * The event gets the next id, enters the ring and reaches every matching
 * open stream.  Arguments are copied.
 */
void events_publish(const char *type, const struct ev_audience *aud,
		   const char *json);

/*
 * Start the hub: read the persisted sequence from s->store and reserve
 * the next block of ids.  heartbeat_s: seconds between pings (0: the
 * default EVENTS_HEARTBEAT); history: events kept for replay (0: the
 * default EVENTS_RING).  0 on success, -1 with a logged reason.  Call
 * before http_start.
 */
int events_init(struct srv *s, int heartbeat_s, int history);

/*
 * Stop the hub: end every open stream (their responses finish, so MHD
 * can close them), persist the last id, refuse new streams.  Call before
 * http_stop; events_free after it.
 */
void events_shutdown(void);
void events_free(void);

/* The id of the last published event (0 when none ever). */
uint64_t events_last_id(void);

/* Number of open streams (for tests and the log). */
int events_n_streams(void);
/* Number of open streams of supervisors and admins (issue #6). */
int events_n_supervisor_streams(void);

/* The handler of GET /v1/events (any authenticated role). */
void h_events(struct req *r);

#endif
