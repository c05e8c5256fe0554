/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_stats.h - the SQLite store's supervisor statistics, audit
 * log and broadcasts (issue #6): migration 6 (indexes for every figure
 * of docs/metrics.md, the audit and broadcast tables) and the operations
 * filled into struct store_ops.  Private to server/store_sqlite*.c.
 */
#ifndef HOTLINE_SERVER_STORE_SQLITE_STATS_H
#define HOTLINE_SERVER_STORE_SQLITE_STATS_H

#include "store.h"

extern const char sq_migration_stats[];
extern const char sq_migration_supdue[]; /* migration 8 (督办 due time) */

enum status sq_stats_calls(struct store *s, long long from, long long to,
			   long long sl_ms, struct store_call_agg *out);
enum status sq_stats_tickets(struct store *s, long long from, long long to,
			     struct store_ticket_agg *out);
enum status sq_stats_hourly(struct store *s, long long day_from,
			    struct store_hour_row out[24]);
enum status sq_stats_open(struct store *s, long long now, long long soon,
			  struct store_ticket_open *out);
enum status sq_stats_groups(struct store *s, enum store_group_kind k,
			    long long from, long long to,
			    struct store_group **out, size_t *n);
enum status sq_stats_overdue_units(struct store *s, long long now,
				   struct store_group **out, size_t *n);
enum status sq_stats_hot_counts(struct store *s, enum store_group_kind k,
				long long now, long long window, int days,
				struct store_group **out, size_t *n);
enum status sq_stats_hot_tickets(struct store *s, enum store_group_kind k,
				 const char *code, long long from,
				 long long to, int limit, char ***out,
				 size_t *n);
enum status sq_stats_agents(struct store *s, long long day_from,
			    struct store_live_agent **out, size_t *n);
enum status sq_audit_add(struct store *s, const char *actor,
			 const char *action, const char *target,
			 const char *detail, long long now);
enum status sq_audit_list(struct store *s, int has_cursor, long long cur_at,
			  const char *cur_id, int limit,
			  struct store_audit **out, size_t *n);
enum status sq_bc_create(struct store *s, const char *sender,
			 const char *desk, const char *message, long long now,
			 long long *id);
enum status sq_bc_ack(struct store *s, long long id, const char *user,
		      long long now);
enum status sq_bc_list(struct store *s, long long since, const char *user,
		       const char *desks, int unacked,
		       struct store_broadcast **out, size_t *n);

/* The entries of struct store_ops filled by store_sqlite_stats.c. */
#define SQ_STATS_OPS                                                          \
	.stats_calls = sq_stats_calls, .stats_tickets = sq_stats_tickets,     \
	.stats_hourly = sq_stats_hourly, .stats_open = sq_stats_open,         \
	.stats_groups = sq_stats_groups,                                      \
	.stats_overdue_units = sq_stats_overdue_units,                        \
	.stats_hot_counts = sq_stats_hot_counts,                              \
	.stats_hot_tickets = sq_stats_hot_tickets,                            \
	.stats_agents = sq_stats_agents, .audit_add = sq_audit_add,           \
	.audit_list = sq_audit_list, .bc_create = sq_bc_create,               \
	.bc_ack = sq_bc_ack, .bc_list = sq_bc_list,

#endif
