/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * overdue.h - the deadline timer: marks tickets overdue.
 *
 * Owns one thread that wakes every interval (a condition variable with a
 * timeout, so a stop is noticed at once) and, for every ticket whose
 * handling clock runs (PENDING_SIGN, HANDLING, RETURN_REQUESTED) whose
 * deadline has passed and whose overdue flag is not set, applies the
 * action mark_overdue as the system actor: the state machine's check
 * (tk_transition with ROLE_SYSTEM), one store update per ticket
 * (compare-and-swap on the version, version bump, an event by "system"),
 * then a ticket.changed event.  A ticket that changed under the timer is
 * simply looked at again on the next tick.
 */
#ifndef HOTLINE_SERVER_OVERDUE_H
#define HOTLINE_SERVER_OVERDUE_H

#include "srv.h"

#define OVERDUE_INTERVAL 60      /* seconds between passes (default) */
#define OVERDUE_INTERVAL_MAX 86400
#define OVERDUE_BATCH 100        /* tickets read per store call */
#define OVERDUE_COMMENT "超过办理时限"

/*
 * One pass at `now` over s->store: marks every candidate, publishes the
 * events.  Returns the number of tickets marked, -1 on a store error
 * (logged).  Used by the thread; callable directly (tests).
 */
int overdue_pass(struct srv *s, long long now);

/* Start the thread (a first pass at once, then one every interval_s
 * seconds, 1..OVERDUE_INTERVAL_MAX).  s must outlive overdue_stop.
 * 0, or -1 (logged).  Call after events_init. */
int overdue_start(struct srv *s, int interval_s);
/* Stop and join the thread (promptly, also in the middle of a pass); a
 * no-op when it is not running.  Call before events_free. */
void overdue_stop(void);

#endif
