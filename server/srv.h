/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srv.h - the running server: its configuration and shared state.
 *
 * One struct srv lives for the whole process; main() fills it, the HTTP
 * layer and the routes only read it (the calendar and the store are
 * thread-safe to use concurrently).
 */
#ifndef HOTLINE_SERVER_SRV_H
#define HOTLINE_SERVER_SRV_H

#include "auth.h"
#include "store.h"

#define SRV_DEFAULT_LISTEN "127.0.0.1:8345"
#define SRV_DEFAULT_DB "./hotline.db"
#define SRV_DEFAULT_PREFIX "DG"
#define SRV_THREADS 4
#define SRV_CONN_TIMEOUT 30   /* seconds of inactivity */
#define SRV_CONN_LIMIT 1024   /* connections in total */
#define SRV_PER_IP_LIMIT 128  /* connections from one address */
#define SRV_SESSION_TTL (12 * 3600)

struct workcal;
struct MHD_Daemon;

struct srv {
	/* configuration */
	char host[64];       /* numeric IPv4 or IPv6 address */
	unsigned port;       /* 0: any free port */
	char city_prefix[8]; /* ticket number prefix, 2-4 letters */
	/* state */
	struct store *store;
	struct workcal *cal;
	struct MHD_Daemon *mhd;
	unsigned bound_port;
	/* Argon2id hash of a random password: verified against when the
	 * username is unknown, so both answers take as long. */
	char dummy_hash[AUTH_HASH_MAX];
};

/* Start listening (threads, limits and timeouts above).  0 on success,
 * -1 with a logged reason.  Sets bound_port. */
int http_start(struct srv *s);
/* Stop accepting, finish the requests in flight, join the threads. */
void http_stop(struct srv *s);

#endif
