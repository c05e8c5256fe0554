/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_calls.h - how store_sqlite.c plugs in the calls, agent
 * states and their logs of store_sqlite_calls.c: the operations for the
 * store_ops table (SQ_CALLS_OPS).  Private to server/store_sqlite*.c.
 */
#ifndef HOTLINE_SERVER_STORE_SQLITE_CALLS_H
#define HOTLINE_SERVER_STORE_SQLITE_CALLS_H

#include <stddef.h>

#include "../core/status.h"
#include "store.h"

enum status sq_cc_load(struct store *s, struct store_agent_state **agents,
		       size_t *n_agents, struct store_call **calls,
		       size_t *n_calls, long long *max_id);
enum status sq_cc_write(struct store *s, const struct store_cc_write *w,
			long long *transfer_id, long long *ticket_version);
enum status sq_get_call(struct store *s, long long id, struct store_call *out);
enum status sq_list_calls(struct store *s, const struct store_call_filter *f,
			  struct store_call **out, size_t *n);
enum status sq_list_state_log(struct store *s, const char *username,
			      int limit, struct store_state_row **out,
			      size_t *n);

/* The entries of struct store_ops filled by store_sqlite_calls.c. */
#define SQ_CALLS_OPS                                                          \
	.cc_load = sq_cc_load, .cc_write = sq_cc_write,                       \
	.get_call = sq_get_call, .list_calls = sq_list_calls,                 \
	.list_state_log = sq_list_state_log

#endif
