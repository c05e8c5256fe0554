/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sms_gateway.h - the demo SMS gateway: drains the SMS outbox (store.h
 * sms_due / sms_finish) on its own thread.
 *
 * A real deployment replaces sms_gateway.c with an adapter to its
 * operator's SMS platform, keeping the same contract: take queued
 * messages, deliver them, mark each sent or failed.  The demo "delivers"
 * a message SMS_GATEWAY_DELAY seconds after it was queued by logging
 * "sms: sent to 138****0000 (N chars)" (the number masked); numbers that
 * begin with SMS_GATEWAY_FAIL_PREFIX fail, so the failed state can be
 * seen too.  docs/kb.md describes it.
 */
#ifndef HOTLINE_SERVER_SMS_GATEWAY_H
#define HOTLINE_SERVER_SMS_GATEWAY_H

#include "store.h"

#define SMS_GATEWAY_DELAY 1          /* seconds after queueing */
#define SMS_GATEWAY_POLL_MS 250      /* how often the outbox is read */
#define SMS_GATEWAY_BATCH 32         /* messages per pass */
#define SMS_GATEWAY_FAIL_PREFIX "1999999" /* demo: "not in service" */

/* Start the gateway thread on st (which must outlive sms_gateway_stop).
 * 0, or -1 (logged). */
int sms_gateway_start(struct store *st);
/* Stop and join the thread; a no-op when it is not running. */
void sms_gateway_stop(void);

#endif
