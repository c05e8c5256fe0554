/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outbox.c - queued submissions, one atomically written file per item.
 *
 * An item file ("00000000000000000042.item"):
 *
 *	hotline-outbox 1
 *	seq=42
 *	key=9f2c4e0a7b1d3f5a8c6e0b2d4f6a8c0e
 *	kind=create_ticket
 *	ref=d-20261128-0001
 *	state=queued
 *	attempts=0
 *	created=2026-11-28T12:03:10.250Z
 *	updated=2026-11-28T12:03:10.250Z
 *	message=
 *	payload={"title":"夜间施工噪音", ...}
 *	end 0c3e5a17 301
 *
 * Values are escaped by journal_escape().  The highest sequence number
 * handed out is also kept in "last-seq" when the outbox runs empty, so
 * numbers are never reused.
 */
#include "outbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"

#define OB_MAGIC "hotline-outbox"
#define OB_VERSION 1
#define OB_SEQ_MAGIC "hotline-outbox-seq"
#define OB_SEQ_FILE "last-seq"
#define OB_SUFFIX ".item"
#define OB_SEQ_DIGITS 20
#define OB_MAX_BYTES (64u << 20)

struct outbox {
	char *dir;
	int dirfd;
	struct outbox_item *items; /* sorted by seq */
	size_t n, cap;
	uint64_t last_seq;
	char err[512];
	size_t n_corrupt;
};

static const char *const state_names[] = {"queued", "sending", "failed"};

const char *
outbox_state_name(enum outbox_state s)
{
	if ((unsigned)s >= sizeof state_names / sizeof state_names[0])
		return NULL;
	return state_names[s];
}

void
outbox_item_free(struct outbox_item *it)
{
	if (!it)
		return;
	free(it->message);
	free(it->payload);
	memset(it, 0, sizeof *it);
}

void
outbox_items_free(struct outbox_item *it, size_t n)
{
	size_t i;

	if (!it)
		return;
	for (i = 0; i < n; i++)
		outbox_item_free(&it[i]);
	free(it);
}

static void
item_copy(struct outbox_item *dst, const struct outbox_item *src)
{
	*dst = *src;
	dst->message = xstrdup(src->message);
	dst->payload = xmalloc(src->payload_len + 1);
	memcpy(dst->payload, src->payload, src->payload_len);
	dst->payload[src->payload_len] = '\0';
}

/* ---- keys --------------------------------------------------------------- */

static int
random_bytes(unsigned char *p, size_t n)
{
	size_t got = 0;
	int fd;

	while (got < n) {
		ssize_t r = getrandom(p + got, n - got, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)r;
	}
	if (got == n)
		return 0;
	/* Old kernels: the device. */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return -1;
		}
		got += (size_t)r;
	}
	close(fd);
	return 0;
}

enum status
outbox_new_key(char key[OUTBOX_KEY_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[OUTBOX_KEY_LEN / 2];
	size_t i;

	if (random_bytes(r, sizeof r) != 0)
		return ST_IO;
	for (i = 0; i < sizeof r; i++) {
		key[2 * i] = hex[r[i] >> 4];
		key[2 * i + 1] = hex[r[i] & 15];
	}
	key[OUTBOX_KEY_LEN] = '\0';
	return ST_OK;
}

static int
key_ok(const char *k)
{
	size_t i;

	for (i = 0; i < OUTBOX_KEY_LEN; i++)
		if (!((k[i] >= '0' && k[i] <= '9') ||
		      (k[i] >= 'a' && k[i] <= 'f')))
			return 0;
	return k[OUTBOX_KEY_LEN] == '\0';
}

/* ---- file format -------------------------------------------------------- */

static void
item_name(char *out, size_t cap, uint64_t seq)
{
	snprintf(out, cap, "%0*llu%s", OB_SEQ_DIGITS, (unsigned long long)seq,
		 OB_SUFFIX);
}

static enum status
put(struct buf *b, const char *key, const char *v, size_t vl)
{
	enum status st = buf_puts(b, key);

	if (st == ST_OK)
		st = buf_putc(b, '=');
	if (st == ST_OK)
		st = journal_escape(b, v, vl, 0);
	if (st == ST_OK)
		st = buf_putc(b, '\n');
	return st;
}

static enum status
put_s(struct buf *b, const char *key, const char *v)
{
	return put(b, key, v, strlen(v));
}

static enum status
item_write(struct outbox *o, const struct outbox_item *it)
{
	struct buf body, file;
	char t[48], name[64];
	enum status st;

	buf_init(&body, OB_MAX_BYTES);
	buf_init(&file, OB_MAX_BYTES);
	snprintf(t, sizeof t, "%llu", (unsigned long long)it->seq);
	st = put_s(&body, "seq", t);
	if (st == ST_OK)
		st = put_s(&body, "key", it->key);
	if (st == ST_OK)
		st = put_s(&body, "kind", it->kind);
	if (st == ST_OK)
		st = put_s(&body, "ref", it->ref);
	if (st == ST_OK)
		st = put_s(&body, "state", outbox_state_name(it->state));
	if (st == ST_OK) {
		snprintf(t, sizeof t, "%d", it->attempts);
		st = put_s(&body, "attempts", t);
	}
	if (st == ST_OK) {
		journal_fmt_ms(it->created_ms, t, sizeof t);
		st = put_s(&body, "created", t);
	}
	if (st == ST_OK) {
		journal_fmt_ms(it->updated_ms, t, sizeof t);
		st = put_s(&body, "updated", t);
	}
	if (st == ST_OK)
		st = put_s(&body, "message", it->message);
	if (st == ST_OK)
		st = put(&body, "payload", it->payload, it->payload_len);
	if (st == ST_OK)
		st = journal_frame(&file, OB_MAGIC, OB_VERSION,
				   body.data ? body.data : "", body.len);
	if (st == ST_OK) {
		item_name(name, sizeof name, it->seq);
		st = journal_write_atomic(o->dirfd, name, file.data, file.len);
		if (st != ST_OK)
			snprintf(o->err, sizeof o->err, "%s/%s: %s", o->dir,
				 name, strerror(errno));
	}
	buf_free(&body);
	buf_free(&file);
	return st;
}

static int
parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s || strlen(s) > 19)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

/* Fields of an item body, in this order, each once. */
static const char *const item_keys[] = {
	"seq",	   "key",     "kind",	 "ref",	    "state",  "attempts",
	"created", "updated", "message", "payload",
};
#define N_ITEM_KEYS (sizeof item_keys / sizeof item_keys[0])

static int
set_field(struct outbox_item *it, size_t k, const char *v, size_t vl)
{
	uint64_t u;
	size_t s;

	if (k != 9 && strlen(v) != vl)
		return -1; /* NUL only in the payload */
	switch (k) {
	case 0:
		return parse_u64(v, &it->seq) || it->seq == 0 ? -1 : 0;
	case 1:
		if (vl != OUTBOX_KEY_LEN || !key_ok(v))
			return -1;
		memcpy(it->key, v, OUTBOX_KEY_LEN + 1);
		return 0;
	case 2:
		if (!journal_id_ok(v))
			return -1;
		memcpy(it->kind, v, vl + 1);
		return 0;
	case 3:
		if (*v && !journal_id_ok(v))
			return -1;
		memcpy(it->ref, v, vl + 1);
		return 0;
	case 4:
		for (s = 0; s < sizeof state_names / sizeof state_names[0]; s++)
			if (!strcmp(v, state_names[s])) {
				it->state = (enum outbox_state)s;
				return 0;
			}
		return -1;
	case 5:
		if (parse_u64(v, &u) || u > 1000000000u)
			return -1;
		it->attempts = (int)u;
		return 0;
	case 6:
		return journal_parse_ms(v, &it->created_ms);
	case 7:
		return journal_parse_ms(v, &it->updated_ms);
	default:
		return -1;
	}
}

/* Parse an item body into *it (message and payload malloc'd). */
static int
item_parse(const char *body, size_t len, struct outbox_item *it, char *why,
	   size_t cap)
{
	size_t pos = 0, k = 0;

	memset(it, 0, sizeof *it);
	while (pos < len) {
		const char *line = body + pos, *nl;
		size_t ll, kl = strlen(item_keys[k < N_ITEM_KEYS ? k : 0]);
		char *v;
		size_t vl;

		nl = memchr(line, '\n', len - pos);
		if (!nl || k >= N_ITEM_KEYS) {
			snprintf(why, cap, "unexpected line");
			goto bad;
		}
		ll = (size_t)(nl - line);
		pos += ll + 1;
		if (ll < kl + 1 || memcmp(line, item_keys[k], kl) != 0 ||
		    line[kl] != '=') {
			snprintf(why, cap, "expected %s=", item_keys[k]);
			goto bad;
		}
		if (journal_unescape(line + kl + 1, ll - kl - 1, &v, &vl)) {
			snprintf(why, cap, "bad escape in %s", item_keys[k]);
			goto bad;
		}
		if (k == 8 && strlen(v) == vl) {
			it->message = v;
		} else if (k == 9) {
			it->payload = v;
			it->payload_len = vl;
		} else {
			int r = set_field(it, k, v, vl);

			free(v);
			if (r) {
				snprintf(why, cap, "bad %s", item_keys[k]);
				goto bad;
			}
		}
		k++;
	}
	if (k != N_ITEM_KEYS || !it->message) {
		snprintf(why, cap, "fields missing");
		goto bad;
	}
	return 0;
bad:
	outbox_item_free(it);
	return -1;
}

/* ---- the outbox --------------------------------------------------------- */

static int
fsync_dir(struct outbox *o)
{
	while (fsync(o->dirfd) != 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static void
move_aside(struct outbox *o, const char *name, const char *why)
{
	char to[128];
	int k;

	for (k = 0; k < 1000; k++) {
		if (k == 0)
			snprintf(to, sizeof to, "%s.corrupt", name);
		else
			snprintf(to, sizeof to, "%s.corrupt.%d", name, k);
		if (faccessat(o->dirfd, to, F_OK, 0) == 0)
			continue;
		if (renameat(o->dirfd, name, o->dirfd, to) == 0) {
			fsync_dir(o);
			o->n_corrupt++;
			snprintf(o->err, sizeof o->err,
				 "%s/%s: not a complete outbox item (%s); "
				 "moved to %s",
				 o->dir, name, why, to);
			return;
		}
		break;
	}
	snprintf(o->err, sizeof o->err,
		 "%s/%s: not a complete outbox item (%s); could not move it "
		 "aside: %s",
		 o->dir, name, why, strerror(errno));
}

static void
add_item(struct outbox *o, const struct outbox_item *it)
{
	size_t i;

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->items = xrealloc(o->items, o->cap * sizeof *o->items);
	}
	/* Usually appended at the end; keep seq order. */
	i = o->n;
	while (i > 0 && o->items[i - 1].seq > it->seq) {
		o->items[i] = o->items[i - 1];
		i--;
	}
	o->items[i] = *it;
	o->n++;
	if (it->seq > o->last_seq)
		o->last_seq = it->seq;
}

static void
load_one(struct outbox *o, const char *name, uint64_t seq)
{
	struct outbox_item it;
	const char *body;
	size_t len, blen;
	char why[128] = "";
	char *data = NULL;
	enum status st;
	int ver;

	st = journal_read_file(o->dirfd, name, OB_MAX_BYTES, &data, &len);
	if (st == ST_NOT_FOUND)
		return;
	if (st == ST_IO) {
		snprintf(o->err, sizeof o->err, "%s/%s: %s", o->dir, name,
			 strerror(errno));
		return;
	}
	if (st == ST_TOO_LONG) {
		move_aside(o, name, "file too large");
		return;
	}
	if (journal_unframe(data, len, OB_MAGIC, &ver, &body, &blen, why,
			    sizeof why) != 0) {
		free(data);
		move_aside(o, name, why);
		return;
	}
	if (ver != OB_VERSION) {
		free(data);
		snprintf(o->err, sizeof o->err,
			 "%s/%s: written by a newer hotline (outbox format "
			 "%d); left in place",
			 o->dir, name, ver);
		return;
	}
	if (item_parse(body, blen, &it, why, sizeof why) != 0) {
		free(data);
		move_aside(o, name, why);
		return;
	}
	free(data);
	if (it.seq != seq) {
		outbox_item_free(&it);
		move_aside(o, name, "sequence number does not match the name");
		return;
	}
	add_item(o, &it);
}

static void
load_last_seq(struct outbox *o)
{
	const char *body;
	size_t len, blen;
	char *data = NULL, *v;
	uint64_t u;
	int ver;

	if (journal_read_file(o->dirfd, OB_SEQ_FILE, 4096, &data, &len) !=
	    ST_OK)
		return;
	if (journal_unframe(data, len, OB_SEQ_MAGIC, &ver, &body, &blen, NULL,
			    0) == 0 &&
	    ver == OB_VERSION && blen > 6 && !memcmp(body, "last=", 5) &&
	    body[blen - 1] == '\n') {
		v = xstrndup(body + 5, blen - 6);
		if (parse_u64(v, &u) == 0 && u > o->last_seq)
			o->last_seq = u;
		free(v);
	}
	free(data);
}

static enum status
save_last_seq(struct outbox *o)
{
	struct buf body, file;
	enum status st;

	buf_init(&body, 256);
	buf_init(&file, 256);
	st = buf_printf(&body, "last=%llu\n", (unsigned long long)o->last_seq);
	if (st == ST_OK)
		st = journal_frame(&file, OB_SEQ_MAGIC, OB_VERSION, body.data,
				   body.len);
	if (st == ST_OK)
		st = journal_write_atomic(o->dirfd, OB_SEQ_FILE, file.data,
					  file.len);
	buf_free(&body);
	buf_free(&file);
	return st;
}

struct outbox *
outbox_open(const char *dir, enum status *err)
{
	struct outbox *o;
	struct dirent *de;
	DIR *d;
	int fd, fd2;

	if (!dir || !*dir) {
		if (err)
			*err = ST_INVALID;
		return NULL;
	}
	if (journal_mkdirs(dir) != 0 ||
	    (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		if (err)
			*err = ST_IO;
		return NULL;
	}
	fd2 = dup(fd);
	d = fd2 >= 0 ? fdopendir(fd2) : NULL;
	if (!d) {
		if (fd2 >= 0)
			close(fd2);
		close(fd);
		if (err)
			*err = ST_IO;
		return NULL;
	}
	o = xcalloc(1, sizeof *o);
	o->dir = xstrdup(dir);
	o->dirfd = fd;
	journal_sweep_tmp(fd);
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name), sl = strlen(OB_SUFFIX);
		char digits[OB_SEQ_DIGITS + 1];
		uint64_t seq;

		if (len != OB_SEQ_DIGITS + sl ||
		    strcmp(de->d_name + OB_SEQ_DIGITS, OB_SUFFIX) != 0)
			continue;
		memcpy(digits, de->d_name, OB_SEQ_DIGITS);
		digits[OB_SEQ_DIGITS] = '\0';
		if (digits[0] != '0' || parse_u64(digits + 1, &seq) != 0 ||
		    seq == 0)
			continue;
		load_one(o, de->d_name, seq);
	}
	closedir(d);
	load_last_seq(o);
	if (err)
		*err = ST_OK;
	return o;
}

void
outbox_close(struct outbox *o)
{
	if (!o)
		return;
	outbox_items_free(o->items, o->n);
	close(o->dirfd);
	free(o->dir);
	free(o);
}

enum status
outbox_push(struct outbox *o, const char *kind, const char *ref,
	    const char *payload, size_t len, uint64_t *seq,
	    char key[OUTBOX_KEY_LEN + 1])
{
	struct outbox_item it;
	enum status st;

	if (!ref)
		ref = "";
	if (!journal_id_ok(kind) || (*ref && !journal_id_ok(ref)) ||
	    (!payload && len) || len > OB_MAX_BYTES / 2)
		return ST_INVALID;
	memset(&it, 0, sizeof it);
	if (outbox_new_key(it.key) != ST_OK) {
		snprintf(o->err, sizeof o->err, "no random bytes: %s",
			 strerror(errno));
		return ST_IO;
	}
	it.seq = o->last_seq + 1;
	snprintf(it.kind, sizeof it.kind, "%s", kind);
	snprintf(it.ref, sizeof it.ref, "%s", ref);
	it.state = OB_QUEUED;
	it.created_ms = it.updated_ms = journal_now_ms();
	it.message = xstrdup("");
	it.payload = xmalloc(len + 1);
	if (len)
		memcpy(it.payload, payload, len);
	it.payload[len] = '\0';
	it.payload_len = len;
	st = item_write(o, &it);
	if (st != ST_OK) {
		outbox_item_free(&it);
		return st;
	}
	add_item(o, &it);
	if (seq)
		*seq = it.seq;
	if (key)
		memcpy(key, it.key, OUTBOX_KEY_LEN + 1);
	return ST_OK;
}

static long
find_seq(const struct outbox *o, uint64_t seq)
{
	size_t lo = 0, hi = o->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->items[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < o->n && o->items[lo].seq == seq ? (long)lo : -1;
}

enum status
outbox_peek(const struct outbox *o, struct outbox_item *out)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		if (o->items[i].state != OB_FAILED) {
			item_copy(out, &o->items[i]);
			return ST_OK;
		}
	}
	return ST_NOT_FOUND;
}

/* Rewrite item i with a changed state; the change is kept in memory
 * only when the file is durable. */
static enum status
change(struct outbox *o, long i, enum outbox_state s, int attempts,
       const char *message)
{
	struct outbox_item it = o->items[i];
	enum status st;

	it.state = s;
	it.attempts = attempts;
	it.updated_ms = journal_now_ms();
	it.message = xstrdup(message ? message : "");
	st = item_write(o, &it);
	if (st != ST_OK) {
		free(it.message);
		return st;
	}
	free(o->items[i].message);
	o->items[i] = it;
	return ST_OK;
}

enum status
outbox_mark_sending(struct outbox *o, uint64_t seq)
{
	long i = find_seq(o, seq);

	if (i < 0)
		return ST_NOT_FOUND;
	if (o->items[i].state == OB_FAILED)
		return ST_INVALID;
	return change(o, i, OB_SENDING, o->items[i].attempts + 1, "");
}

enum status
outbox_mark_failed(struct outbox *o, uint64_t seq, const char *message)
{
	long i = find_seq(o, seq);

	if (i < 0)
		return ST_NOT_FOUND;
	return change(o, i, OB_FAILED, o->items[i].attempts, message);
}

enum status
outbox_requeue(struct outbox *o, uint64_t seq)
{
	long i = find_seq(o, seq);

	if (i < 0)
		return ST_NOT_FOUND;
	if (o->items[i].state != OB_FAILED)
		return ST_INVALID;
	return change(o, i, OB_QUEUED, o->items[i].attempts, "");
}

enum status
outbox_discard(struct outbox *o, uint64_t seq)
{
	long i = find_seq(o, seq);
	char name[64];

	if (i < 0)
		return ST_NOT_FOUND;
	/* The newest item: keep its number first so it is never reused. */
	if ((size_t)i == o->n - 1 && save_last_seq(o) != ST_OK) {
		snprintf(o->err, sizeof o->err, "%s/%s: %s", o->dir,
			 OB_SEQ_FILE, strerror(errno));
		return ST_IO;
	}
	item_name(name, sizeof name, seq);
	if (unlinkat(o->dirfd, name, 0) != 0 && errno != ENOENT) {
		snprintf(o->err, sizeof o->err, "%s/%s: %s", o->dir, name,
			 strerror(errno));
		return ST_IO;
	}
	if (fsync_dir(o) != 0)
		return ST_IO;
	outbox_item_free(&o->items[i]);
	memmove(&o->items[i], &o->items[i + 1],
		(o->n - (size_t)i - 1) * sizeof *o->items);
	o->n--;
	return ST_OK;
}

enum status
outbox_mark_delivered(struct outbox *o, uint64_t seq)
{
	return outbox_discard(o, seq);
}

size_t
outbox_count(const struct outbox *o)
{
	return o->n;
}

size_t
outbox_count_state(const struct outbox *o, enum outbox_state s)
{
	size_t i, c = 0;

	for (i = 0; i < o->n; i++)
		c += o->items[i].state == s;
	return c;
}

enum status
outbox_list(const struct outbox *o, struct outbox_item **out, size_t *n)
{
	size_t i;

	*out = NULL;
	*n = 0;
	if (o->n == 0)
		return ST_OK;
	*out = xcalloc(o->n, sizeof **out);
	for (i = 0; i < o->n; i++)
		item_copy(&(*out)[i], &o->items[i]);
	*n = o->n;
	return ST_OK;
}

enum status
outbox_find_ref(const struct outbox *o, const char *ref,
		struct outbox_item *out)
{
	size_t i;

	if (!ref || !*ref)
		return ST_NOT_FOUND;
	for (i = 0; i < o->n; i++) {
		if (!strcmp(o->items[i].ref, ref)) {
			item_copy(out, &o->items[i]);
			return ST_OK;
		}
	}
	return ST_NOT_FOUND;
}

const char *
outbox_error(const struct outbox *o)
{
	return o->err;
}

size_t
outbox_corrupt_count(const struct outbox *o)
{
	return o->n_corrupt;
}
