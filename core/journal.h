/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.h - the draft journal: open forms saved on every change.
 *
 * Owns the files under a state directory (the client passes
 * $XDG_STATE_HOME/hotline/drafts/): one file "<id>.draft" per draft,
 * replaced atomically (write a temporary file in the same directory,
 * fsync it, rename over the old one, fsync the directory), so a crash at
 * any instant leaves either the previous or the new complete version.
 * Files are a small versioned line format checked by a final
 * "end <crc32> <length>" line (docs/forms.md); a file that fails the
 * check is never loaded as half a draft: it is moved aside to
 * "<id>.draft.corrupt" and reported.
 *
 * Also owns the record helpers shared with the outbox (core/outbox.h):
 * value escaping, CRC-32, the atomic file write and the (key, value)
 * pair type that forms/ exports and net/ maps to JSON.
 *
 * Not thread-safe; one process per directory.  Every function taking a
 * struct journal * needs one from journal_open().
 */
#ifndef HOTLINE_CORE_JOURNAL_H
#define HOTLINE_CORE_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "status.h"

/* A (key, value) pair, both malloc'd, NUL-terminated. */
struct kv {
	char *key;
	char *value;
};

/* Free n pairs and the array (NULL is fine). */
void kv_free(struct kv *p, size_t n);

/* Draft ids and record kinds: 1..64 of [A-Za-z0-9_-]. */
#define JOURNAL_ID_MAX 64
int journal_id_ok(const char *id);

/* Metadata of a draft.  Times are milliseconds since the epoch (UTC). */
struct journal_meta {
	char kind[JOURNAL_ID_MAX + 1];    /* "intake", "wrapup" ... */
	char call_id[JOURNAL_ID_MAX + 1]; /* "" when not from a call */
	int64_t created_ms;
	int64_t updated_ms;
};

/* One draft on offer (journal_list()). */
struct journal_entry {
	char id[JOURNAL_ID_MAX + 1];
	struct journal_meta meta;
	size_t n_fields;
};

struct journal; /* opaque */

/*
 * Open (creating it and missing parents with mode 0700) the directory
 * dir.  Leftover temporary files of dead processes are removed.  On
 * failure returns NULL and, when err is not NULL, stores ST_IO or
 * ST_INVALID (an empty dir).  Release with journal_close().
 */
struct journal *journal_open(const char *dir, enum status *err);
void journal_close(struct journal *j);
const char *journal_dir(const struct journal *j);

/*
 * Save draft id atomically.  meta (in/out): kind and call_id are
 * written as given (ST_INVALID when not id-shaped; call_id may be "");
 * created_ms 0 is set to now; updated_ms is set to now.  Pairs are
 * copied byte-exactly (keys non-empty; any bytes but NUL in values).
 * Returns ST_OK only after the new version is durable; ST_IO otherwise,
 * in which case the previous version is still in place.
 */
enum status journal_save(struct journal *j, const char *id,
			 struct journal_meta *meta, const struct kv *pairs,
			 size_t n);

/*
 * Load draft id: *pairs (malloc'd, release with kv_free()) and *n, meta
 * when not NULL.  ST_NOT_FOUND when there is no such draft; ST_PARSE for
 * a torn or garbage file, which is moved aside to "<id>.draft.corrupt"
 * (see journal_error()); ST_INVALID for a bad id; ST_IO.  Nothing is
 * stored in the outputs unless ST_OK.
 */
enum status journal_load(struct journal *j, const char *id,
			 struct kv **pairs, size_t *n,
			 struct journal_meta *meta);

/*
 * The drafts to offer back, newest update first (ties by id), in a
 * malloc'd array (caller frees; *out NULL when *n is 0).  Garbage files
 * met on the way are moved aside and counted in journal_corrupt_count().
 */
enum status journal_list(struct journal *j, struct journal_entry **out,
			 size_t *n);

/* Remove draft id (ST_NOT_FOUND when absent).  Durable on ST_OK. */
enum status journal_discard(struct journal *j, const char *id);

/* Text of the last error (file name and reason), "" when none. */
const char *journal_error(const struct journal *j);
/* How many garbage files this journal has moved aside. */
size_t journal_corrupt_count(const struct journal *j);

/* ---- record helpers shared with the outbox --------------------------- */

/* CRC-32 (IEEE 802.3, as zlib), continuing from crc (start with 0). */
uint32_t journal_crc32(uint32_t crc, const void *p, size_t n);

/*
 * Append s[0..len) escaped to b: backslash as "\\", newline "\n", tab
 * "\t", other bytes below 0x20, DEL and bytes that are not part of valid
 * UTF-8 as "\xHH"; with key = 1 also '=' and '@' as "\xHH".  Valid UTF-8
 * (Chinese) stays as it is.  Returns buf's status.
 */
enum status journal_escape(struct buf *b, const char *s, size_t len,
			   int key);
/*
 * Reverse of journal_escape() for s[0..len) (no newline inside):
 * malloc'd result in *out with its length in *out_len (NUL-terminated;
 * may hold NUL bytes).  -1 on a bad escape or a raw control byte.
 */
int journal_unescape(const char *s, size_t len, char **out, size_t *out_len);

/*
 * Frame a record: body is the text after the header line, which is
 * written as "<magic> <version>\n"; the result adds the final
 * "end <crc32 hex> <length>\n" line (crc and length of everything before
 * it).  Into out (reset first).
 */
enum status journal_frame(struct buf *out, const char *magic, int version,
			  const char *body, size_t body_len);
/*
 * Check a framed record of len bytes.  On success returns 0 and stores
 * the body (between the header line and the end line) in *body and *body_len
 * (pointing into data) and the version in *version.  Otherwise -1 with a
 * reason in why (cap bytes).  A header with another magic, or a version
 * the caller cannot read, is for the caller to judge (version is set).
 */
int journal_unframe(const char *data, size_t len, const char *magic,
		    int *version, const char **body, size_t *body_len,
		    char *why, size_t cap);

/*
 * Write data to dir/name atomically and durably (temporary file
 * ".name.tmp.<pid>" in dir, O_EXCL, mode 0600, fsync, rename, fsync of
 * the directory).  dirfd is an open descriptor of dir.  ST_OK or ST_IO
 * (errno kept); on failure the temporary file is removed.
 */
enum status journal_write_atomic(int dirfd, const char *name,
				 const char *data, size_t len);
/* Read a whole regular file (at most max bytes) relative to dirfd into a
 * malloc'd NUL-terminated buffer.  ST_NOT_FOUND, ST_TOO_LONG, ST_IO. */
enum status journal_read_file(int dirfd, const char *name, size_t max,
			      char **out, size_t *len);
/* Remove leftover ".*.tmp.<pid>" files of processes that are gone. */
void journal_sweep_tmp(int dirfd);
/* Create dir and missing parents with mode 0700; 0 or -1 (errno). */
int journal_mkdirs(const char *dir);
/* Milliseconds since the epoch, now. */
int64_t journal_now_ms(void);
/* "2026-11-28T12:34:56.789Z" from ms (out >= 32 bytes) and back (0 or
 * -1). */
void journal_fmt_ms(int64_t ms, char *out, size_t cap);
int journal_parse_ms(const char *s, int64_t *ms);

#endif
