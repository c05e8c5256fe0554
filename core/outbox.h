/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outbox.h - submissions waiting for the server, kept across restarts.
 *
 * Owns the files under a state directory (the client passes
 * $XDG_STATE_HOME/hotline/outbox/): one file per item,
 * "<seq, 20 digits>.item", written with the journal's atomic replace
 * (core/journal.h) and checked by the same "end <crc32> <length>" line.
 * An item has a sequence number (increasing, never reused), a 128-bit
 * random idempotency key (32 lower-case hex digits) that every retry of
 * the item sends again as Idempotency-Key, a kind ("create_ticket"), an
 * optional reference (the draft id it came from), an opaque payload
 * (bytes; the client stores the JSON net/ produced) and a state.
 *
 * Delivery: the client sends outbox_peek()'s item, and only after the
 * server's answer calls outbox_mark_delivered() (2xx) or
 * outbox_mark_failed() (a permanent 4xx).  A crash in between resends
 * the same payload with the same key, which the server answers from its
 * idempotency record: each item takes effect exactly once, and items
 * are offered oldest first.  Formats and guarantees in docs/forms.md.
 *
 * Not thread-safe; one process per directory.
 */
#ifndef HOTLINE_CORE_OUTBOX_H
#define HOTLINE_CORE_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "journal.h"
#include "status.h"

#define OUTBOX_KEY_LEN 32

enum outbox_state {
	OB_QUEUED = 0, /* waiting */
	OB_SENDING,    /* handed to the network at least once */
	OB_FAILED,     /* refused for good; kept with a message */
};

/* Wire/file names "queued" "sending" "failed"; NULL when out of range. */
const char *outbox_state_name(enum outbox_state s);

/* A copy of an item, owned by whoever got it; release with
 * outbox_item_free(). */
struct outbox_item {
	uint64_t seq;
	char key[OUTBOX_KEY_LEN + 1];
	char kind[JOURNAL_ID_MAX + 1];
	char ref[JOURNAL_ID_MAX + 1]; /* "" when none */
	enum outbox_state state;
	int attempts;       /* outbox_mark_sending() calls */
	int64_t created_ms; /* epoch milliseconds */
	int64_t updated_ms;
	char *message;      /* failure message, "" otherwise; never NULL */
	char *payload;      /* NUL-terminated; may hold NUL bytes */
	size_t payload_len;
};

void outbox_item_free(struct outbox_item *it);
void outbox_items_free(struct outbox_item *it, size_t n);

struct outbox; /* opaque */

/*
 * Open (creating it with mode 0700) the directory and read every item.
 * Garbage files are moved aside to "*.corrupt" (outbox_error() tells);
 * leftover temporary files of dead processes are removed.  NULL on
 * failure with *err (may be NULL) ST_IO / ST_INVALID.  Release with
 * outbox_close().
 */
struct outbox *outbox_open(const char *dir, enum status *err);
void outbox_close(struct outbox *o);

/*
 * Queue an item.  kind: 1..64 of [A-Za-z0-9_-]; ref: "" / NULL or the
 * same shape.  payload: len bytes (any).  Returns ST_OK only once the
 * item is durable, with its sequence number in *seq and its key in key
 * (either may be NULL).  ST_INVALID for bad arguments, ST_IO (nothing
 * queued).
 */
enum status outbox_push(struct outbox *o, const char *kind, const char *ref,
			const char *payload, size_t len, uint64_t *seq,
			char key[OUTBOX_KEY_LEN + 1]);

/* The oldest item that is queued or sending (failed ones are skipped),
 * copied into *out.  ST_NOT_FOUND when there is none. */
enum status outbox_peek(const struct outbox *o, struct outbox_item *out);

/* Mark seq as handed to the network (state sending, attempts + 1);
 * durable.  ST_NOT_FOUND for an unknown seq, ST_INVALID when failed. */
enum status outbox_mark_sending(struct outbox *o, uint64_t seq);
/* The server took it: remove the item (durable).  ST_NOT_FOUND. */
enum status outbox_mark_delivered(struct outbox *o, uint64_t seq);
/* The server refused it for good: keep the item, state failed, with the
 * message (copied; NULL means "").  Durable.  ST_NOT_FOUND. */
enum status outbox_mark_failed(struct outbox *o, uint64_t seq,
			       const char *message);
/* A failed item goes back to queued (same key).  ST_NOT_FOUND,
 * ST_INVALID when it is not failed. */
enum status outbox_requeue(struct outbox *o, uint64_t seq);
/* Remove an item whatever its state (a failed item taken back as a
 * draft).  ST_NOT_FOUND. */
enum status outbox_discard(struct outbox *o, uint64_t seq);

/* Items held (every state), and those in one state. */
size_t outbox_count(const struct outbox *o);
size_t outbox_count_state(const struct outbox *o, enum outbox_state s);
/* Copies of every item, oldest first (malloc'd array, release with
 * outbox_items_free(); NULL when *n is 0). */
enum status outbox_list(const struct outbox *o, struct outbox_item **out,
			size_t *n);
/* The oldest item whose ref is ref (a draft already queued), copied.
 * ST_NOT_FOUND. */
enum status outbox_find_ref(const struct outbox *o, const char *ref,
			    struct outbox_item *out);

/* Text of the last error, "" when none; garbage files moved aside. */
const char *outbox_error(const struct outbox *o);
size_t outbox_corrupt_count(const struct outbox *o);

/* 128 random bits as 32 lower-case hex digits (getrandom(), else
 * /dev/urandom).  ST_OK or ST_IO. */
enum status outbox_new_key(char key[OUTBOX_KEY_LEN + 1]);

#endif
