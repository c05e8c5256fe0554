/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * seed.h - the demo data set: TSV files -> a validated seed -> the store.
 *
 * Owns the reading of the data/ TSV files (format: the data
 * brief): a header row with the exact column names, one record per line,
 * TAB-separated, '#' comment lines, "\n" for line breaks in content.
 * Strict: a wrong column count, an unknown enum, a bad or dangling code
 * stops the load with "DIR/file.tsv:LINE: message" and nothing is
 * written (the store loads a seed in one transaction).  Demo tickets get
 * timestamps relative to now, and events that walk the state machine
 * (core/ticket.c) from DRAFT to their state.
 */
#ifndef HOTLINE_SERVER_SEED_H
#define HOTLINE_SERVER_SEED_H

#include <stddef.h>

#include "store.h"

/*
 * Read and validate every file of dir into *d (owned by the caller:
 * seed_data_free).  hash: 1 to hash the agents' passwords (Argon2id,
 * slow), 0 to leave a placeholder (tests).  now: the reference time of
 * the demo tickets.  0, or -1 with the message in err.
 */
int seed_read(const char *dir, long long now, int hash, struct seed_data *d,
	      char *err, size_t errcap);

/* seed_read + store->load_seed.  0, or -1 with the message in err. */
int seed_demo(struct store *st, const char *dir, const char *prefix,
	      char *err, size_t errcap);

#endif
