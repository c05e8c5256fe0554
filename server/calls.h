/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calls.h - the call centre of hotlined: one instance of the routing
 * engine (core/route.h) mirrored in the database, and its timer.
 *
 * Owns the live agent states and unfinished calls.  Every change runs on
 * a copy of the engine under one mutex, is written to the store in one
 * transaction (calls, agent_states, agent_state_log, transfers, urges),
 * and only then replaces the live engine and is announced through the
 * event hub (agent.state, call.offered, call.updated, queue,
 * ticket.changed) - so a failed write changes nothing and events follow
 * the database's order.  A timer thread sleeps on a condition variable
 * until the next ring or ACW deadline (no polling) and applies
 * ring-no-answer and ACW expiry the same way.  At start the engine is
 * rebuilt from the database.
 *
 * Thread safety: every function may be called from any thread between
 * calls_init and calls_shutdown.  Strings passed in are borrowed; cJSON
 * results are owned by the caller.
 */
#ifndef HOTLINE_SERVER_CALLS_H
#define HOTLINE_SERVER_CALLS_H

#include <cjson/cJSON.h>

#include "../core/route.h"
#include "store.h"

struct srv;

#define CALLS_RING_TIMEOUT 15   /* seconds */
#define CALLS_ACW_SECONDS 60
#define CALLS_ACW_DEFAULT_CODE "DIRECT_ANSWER"
#define CALLS_MAX_EXTENSIONS 3

struct calls_config {
	int ring_timeout;        /* seconds, 1..600 */
	int acw_timed;           /* 1: timed, 0: optional */
	int acw_seconds;         /* 1..3600 */
	char acw_default_code[32];
	int max_extensions;
};

/* The defaults above. */
void calls_config_default(struct calls_config *c);
/* One command-line option by its long name without dashes
 * ("ring-timeout" 1-600, "acw-mode" timed|optional, "acw-seconds"
 * 1-3600, "acw-default-code" [A-Z0-9_]): 0, or -1 when arg is bad. */
int calls_parse_option(const char *name, const char *arg,
		       struct calls_config *c);
/* The usage lines of those options. */
#define CALLS_USAGE                                                           \
	"  --ring-timeout S     seconds a call rings before it goes back to "  \
	"its queue\n"                                                          \
	"                       (default 15)\n"                                \
	"  --acw-mode MODE      after-call work: timed or optional (default "  \
	"timed)\n"                                                             \
	"  --acw-seconds N      ACW length and extension step (default 60)\n" \
	"  --acw-default-code CODE\n"                                          \
	"                       wrap-up code applied when timed ACW runs out\n" \
	"                       (default DIRECT_ANSWER)\n"

/* Load the centre from s->store, check the default wrap-up code against
 * the wrap-up list (when the list is not empty), start the timer.  0, or
 * -1 with a logged reason. */
int calls_init(struct srv *s, const struct calls_config *cfg);
/* Stop the timer and free the centre (idempotent). */
void calls_shutdown(void);
const struct calls_config *calls_config_get(void);

enum calls_rc {
	CALLS_OK,
	CALLS_NOT_FOUND,   /* no such (unfinished) call */
	CALLS_NOT_YOURS,   /* the call is another agent's */
	CALLS_CALL_STATE,  /* the call's state does not allow it */
	CALLS_BUSY,        /* state change while on a call */
	CALLS_NOT_ON_CALL, /* after_call while not on a call */
	CALLS_NOT_TIMED,   /* extend with the optional ACW policy */
	CALLS_LIMIT,       /* no extensions left */
	CALLS_CONFLICT,    /* the urged ticket changed meanwhile: retry */
	CALLS_INVALID,     /* bad argument (caught before: a bug) */
	CALLS_IO           /* the store failed (logged) */
};

/* A call arriving from the switch. */
struct calls_new {
	const char *caller;
	const char *channel;
	const char *desk; /* a desk wire code */
	int training;
	int has_ivr;
	const char *ivr_intent;
	const char *ivr_transcript;
	const char *posted_by;
};

enum calls_op {
	CALLS_ANSWER,
	CALLS_HOLD,
	CALLS_RESUME,
	CALLS_HANGUP,
	CALLS_EXTEND_ACW
};

struct calls_wrapup {
	const char *code;
	const char *summary;
	int needs_callback;
	const char *ticket_no; /* NULL: none */
};

/* The urged ticket as the route read it (state machine already asked). */
struct calls_urge {
	const char *ticket_no;
	long long version;
	const char *state;      /* the ticket's state (unchanged by urge) */
	const char *created_by; /* for ticket.changed */
	const char *comment;
};

enum calls_rc calls_offer(const struct calls_new *in, long long *id);
/* Training space (issue #7): a training call (in->training set) that
 * rings only agent (agent_desks: its desk list), as soon as it is READY;
 * never in a live queue.  CALLS_LIMIT when too many trainees have
 * training calls at once (RT_MAX_DESKS minus the real desks). */
enum calls_rc calls_offer_training(const struct calls_new *in,
				   const char *agent, const char *agent_desks,
				   const char *scenario, long long *id);
/* Agent-side control of the caller's own call. */
enum calls_rc calls_agent_op(enum calls_op op, long long id,
			     const char *user);
enum calls_rc calls_abandon(long long id);
enum calls_rc calls_wrapup(long long id, const char *user,
			   const struct calls_wrapup *w);
/* Records a transfer (the call in TALKING, HOLD or ACW); *tid its id. */
enum calls_rc calls_transfer(long long id, const char *user,
			     const struct store_transfer_put *t,
			     long long *tid);
/* Runs the urge (call in TALKING, HOLD or ACW); CALLS_CONFLICT when the
 * ticket's version moved (read it again and retry), CALLS_NOT_FOUND also
 * when the ticket vanished.  *version the ticket's new version. */
enum calls_rc calls_urge(long long id, const char *user,
			 const struct calls_urge *u, long long *version);

/* The caller's agent state: READY, NOT_READY (reason) or OFFLINE.  desks
 * is the agent's comma-separated desk list (kept up to date here). */
enum calls_rc calls_set_state(const char *user, const char *desks,
			      enum rt_astate st, const char *reason);
/* During a call: NOT_READY (reason) after ACW, or none (RT_AFTER_NONE). */
enum calls_rc calls_set_after(const char *user, const char *desks,
			      enum rt_after after, const char *reason);
/* Logout: OFFLINE (see rt_logout).  Unknown agents are ignored. */
void calls_logout(const char *user);

/* AGENT_STATE of the contract (the agent is registered OFFLINE on first
 * sight).  NULL only for an unusable name. */
cJSON *calls_agent_state_json(const char *user, const char *desks);
/* {"items":[{"desk","waiting","longest_wait_s","agents_ready"}]}. */
cJSON *calls_queues_json(void);
/* CALL of the contract from a stored call, durations up to now_ms. */
cJSON *calls_call_json(const struct store_call *c, long long now_ms);
/* {"acw_mode","acw_seconds","acw_default_code","ring_timeout",
 * "max_acw_extensions"}. */
cJSON *calls_config_json(void);

/* Milliseconds since the epoch (wall clock). */
long long calls_now_ms(void);

#endif
