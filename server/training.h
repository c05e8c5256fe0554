/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * training.h - the training space of hotlined (issue #7; docs/training.md).
 *
 * Owns the rules that keep training apart from live data: which calls and
 * tickets are training, who may see or write them (units never see a
 * training ticket, trainers never write a live one), the 409
 * training_mismatch between the two spaces, and the /v1/training routes
 * (routes_training.c): training calls that ring one named agent, and the
 * graded results of practice and demo runs.  The routing itself is in
 * calls.c (calls_offer_training); storage in store_sqlite_training.c.
 *
 * Strings passed in are borrowed; results documented per function.
 */
#ifndef HOTLINE_SERVER_TRAINING_H
#define HOTLINE_SERVER_TRAINING_H

#include <cjson/cJSON.h>

#include <stddef.h>
#include <stdint.h>

#include "../core/route.h"
#include "../core/ticket.h"
#include "http.h"
#include "store.h"
#include "tkrec.h"

/* Who asks for a training call (an agent only for itself) and who posts
 * and reads results (an agent only its own). */
#define TRAINING_ROLES                                                        \
	(RB(ROLE_AGENT) | RB(ROLE_TRAINER) | RB(ROLE_SUPERVISOR) |            \
	 RB(ROLE_ADMIN))

#define TRAINING_SCENARIO_MAX 200 /* characters */
#define TRAINING_TITLE_MAX 200
#define TRAINING_CHECKS_MAX 100
#define TRAINING_CHECK_NAME_MAX 200
#define TRAINING_DETAIL_MAX 1000
#define TRAINING_NUMBER_MAX 1000000000LL /* scores, weights, durations */

/* Kind of a stored call: 1 training, 0 live, -1 no such call, -2 the
 * store failed (logged). */
int training_call_kind(struct store *st, long long call_id);
/* The same for a ticket's call_id text (free text: anything that is not
 * one of hotlined's call ids is -1). */
int training_call_kind_text(struct store *st, const char *call_id);

/* 1 when t is a training ticket. */
int training_ticket(const struct tk_rec *t);
/* 0 when role must not even know t exists (a unit and a training
 * ticket): the caller answers 404. */
int training_visible(enum role role, const struct tk_rec *t);
/* 1 when role may not write t (a trainer and a live ticket): 403. */
int training_write_refused(enum role role, const struct tk_rec *t);
/* Fill e with 409 training_mismatch naming field. */
void training_mismatch(struct verr *e, const char *field, const char *what);

/*
 * A TRAINING_RESULT body into out (strings malloc'd: free with
 * store_training_result_free; checks normalised JSON text).  Checks every
 * field of the contract; 0, or -1 with e naming the field.  Does not look
 * anything up (trainee, call, ticket: the route does).
 */
int training_result_parse(const cJSON *body, struct store_training_result *out,
			  struct verr *e);
/* The TRAINING_RESULT object; caller owns it. */
cJSON *training_result_to_json(const struct store_training_result *r);

/*
 * Private routing desks (docs/training.md).  The engine routes by desk,
 * so an agent with an unfinished training call gets a desk of its own
 * above the real ones (DESK__COUNT .. RT_MAX_DESKS-1): its training calls
 * are offered there and ring no one else; queue figures show only the
 * real desks.  The caller (calls.c) serialises access to r.
 */
/* The bits of the real desks. */
unsigned training_real_desks(void);
/* name's private desk bits in r (0: none or unknown agent). */
unsigned training_desk_bits(const struct rt *r, const char *name);
/*
 * The private desk of name, claimed now if it has none: a desk none of
 * calls[0..n) (the unfinished training calls) is on, taken away from
 * whoever kept it; name is registered with desks (its real desk bits)
 * when r does not know it.  -1 when every private desk is busy.
 */
int training_desk_claim(struct rt *r, const char *name, unsigned desks,
			const long long *calls, size_t n, int64_t now);
/* Drops from ids[0..n) the calls r has finished; the new count. */
size_t training_calls_prune(const struct rt *r, long long *ids, size_t n);

/* routes_training.c */
void h_training_calls_create(struct req *r);
void h_training_results_create(struct req *r);
void h_training_results_list(struct req *r);
void h_training_result_get(struct req *r);

#endif
