/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_training.h - the training space on SQLite (issue #7): the
 * targets of training calls and the graded results, and the operations
 * for the store_ops table (SQ_TRAINING_OPS).  Migration 7's SQL lives in
 * store_sqlite_training.c (sq_migration_training).  Private to
 * server/store_sqlite*.c.
 */
#ifndef HOTLINE_SERVER_STORE_SQLITE_TRAINING_H
#define HOTLINE_SERVER_STORE_SQLITE_TRAINING_H

#include <stddef.h>

#include "../core/status.h"
#include "store.h"

enum status sq_training_call_put(struct store *base, long long call_id,
				 const char *agent, const char *scenario,
				 const char *requested_by, long long now);
enum status sq_training_call_drop(struct store *base, long long call_id);
enum status sq_training_call_targets(struct store *base,
				     struct store_training_call **out,
				     size_t *n);
enum status sq_training_result_create(struct store *base,
				      const struct store_training_result *in,
				      long long now, long long *id_out);
enum status sq_training_result_get(struct store *base, long long id,
				   struct store_training_result *out);
enum status sq_training_result_list(struct store *base, const char *trainee,
				    const char *scenario, long long before,
				    int limit,
				    struct store_training_result **out,
				    size_t *n);

#define SQ_TRAINING_OPS                                                       \
	.training_call_put = sq_training_call_put,                            \
	.training_call_drop = sq_training_call_drop,                          \
	.training_call_targets = sq_training_call_targets,                    \
	.training_result_create = sq_training_result_create,                  \
	.training_result_get = sq_training_result_get,                        \
	.training_result_list = sq_training_result_list,

#endif
