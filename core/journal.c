/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.c - draft files and the record helpers shared with the outbox.
 *
 * A draft file ("<id>.draft"):
 *
 *	hotline-draft 1
 *	@kind=intake
 *	@call_id=C20261128-0001
 *	@created=2026-11-28T12:00:00.000Z
 *	@updated=2026-11-28T12:03:10.250Z
 *	title=夜间施工噪音
 *	content=第一行\n第二行
 *	end 5d1f0a3c 187
 *
 * Keys and values are escaped by journal_escape(); the end line holds
 * the CRC-32 and the length of everything before it.
 */
#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"
#include "utf8.h"

#define DRAFT_MAGIC "hotline-draft"
#define DRAFT_VERSION 1
#define DRAFT_SUFFIX ".draft"
#define DRAFT_MAX_BYTES (16u << 20)

struct journal {
	char *dir;
	int dirfd;
	char err[512];
	size_t n_corrupt;
};

/* ---- pairs ------------------------------------------------------------ */

void
kv_free(struct kv *p, size_t n)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < n; i++) {
		free(p[i].key);
		free(p[i].value);
	}
	free(p);
}

int
journal_id_ok(const char *id)
{
	size_t i;

	if (!id || !*id)
		return 0;
	for (i = 0; id[i]; i++) {
		char c = id[i];

		if (i >= JOURNAL_ID_MAX)
			return 0;
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* ---- CRC-32 ----------------------------------------------------------- */

uint32_t
journal_crc32(uint32_t crc, const void *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	const unsigned char *s = p;
	size_t i;

	if (!ready) {
		uint32_t k, c;
		int b;

		for (k = 0; k < 256; k++) {
			c = k;
			for (b = 0; b < 8; b++)
				c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[k] = c;
		}
		ready = 1;
	}
	crc = ~crc;
	for (i = 0; i < n; i++)
		crc = table[(crc ^ s[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- escaping --------------------------------------------------------- */

static enum status
put_hex(struct buf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char t[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};

	return buf_append(b, t, 4);
}

enum status
journal_escape(struct buf *b, const char *s, size_t len, int key)
{
	enum status st = ST_OK;
	size_t i = 0;

	while (i < len && st == ST_OK) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\') {
			st = buf_append(b, "\\\\", 2);
		} else if (c == '\n') {
			st = buf_append(b, "\\n", 2);
		} else if (c == '\t') {
			st = buf_append(b, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f ||
			   (key && (c == '=' || c == '@'))) {
			st = put_hex(b, c);
		} else if (c >= 0x80) {
			uint32_t cp;
			size_t n = u8_decode(s + i, len - i, &cp);

			if (n == 1) {
				st = put_hex(b, c);
			} else {
				st = buf_append(b, s + i, n);
				i += n;
				continue;
			}
		} else {
			st = buf_putc(b, (char)c);
		}
		i++;
	}
	return st;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
journal_unescape(const char *s, size_t len, char **out, size_t *out_len)
{
	char *r = xmalloc(len + 1);
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			goto bad;
		if (c != '\\') {
			r[o++] = (char)c;
			continue;
		}
		if (++i >= len)
			goto bad;
		switch (s[i]) {
		case '\\':
			r[o++] = '\\';
			break;
		case 'n':
			r[o++] = '\n';
			break;
		case 't':
			r[o++] = '\t';
			break;
		case 'x': {
			int hi, lo;

			if (i + 2 >= len)
				goto bad;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				goto bad;
			r[o++] = (char)(hi * 16 + lo);
			i += 2;
			break;
		}
		default:
			goto bad;
		}
	}
	r[o] = '\0';
	*out = r;
	*out_len = o;
	return 0;
bad:
	free(r);
	return -1;
}

/* ---- framing ---------------------------------------------------------- */

enum status
journal_frame(struct buf *out, const char *magic, int version,
	      const char *body, size_t body_len)
{
	enum status st;
	uint32_t crc;
	size_t len;

	buf_reset(out);
	st = buf_printf(out, "%s %d\n", magic, version);
	if (st == ST_OK)
		st = buf_append(out, body, body_len);
	if (st != ST_OK)
		return st;
	len = out->len;
	crc = journal_crc32(0, out->data, len);
	return buf_printf(out, "end %08lx %zu\n", (unsigned long)crc, len);
}

static void
why_set(char *why, size_t cap, const char *msg)
{
	if (why && cap)
		snprintf(why, cap, "%s", msg);
}

/* Parse decimal digits s[0..n) into *v; -1 when empty, not digits or
 * too large. */
static int
parse_size(const char *s, size_t n, size_t *v)
{
	size_t i, x = 0;

	if (n == 0 || n > 12)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (size_t)(s[i] - '0');
	}
	*v = x;
	return 0;
}

int
journal_unframe(const char *data, size_t len, const char *magic,
		int *version, const char **body, size_t *body_len, char *why,
		size_t cap)
{
	size_t ml = strlen(magic), last, hdr_end, i, want_len;
	unsigned long crc_file = 0;
	const char *nl;
	int ver = 0;

	if (len == 0) {
		why_set(why, cap, "empty file");
		return -1;
	}
	if (data[len - 1] != '\n') {
		why_set(why, cap, "torn: no end line");
		return -1;
	}
	/* The last line: data[last .. len-1). */
	last = len - 1;
	while (last > 0 && data[last - 1] != '\n')
		last--;
	if (len - 1 - last < 14 || memcmp(data + last, "end ", 4) != 0 ||
	    data[last + 12] != ' ') {
		why_set(why, cap, "torn: no end line");
		return -1;
	}
	for (i = 0; i < 8; i++) {
		int h = hexval(data[last + 4 + i]);

		if (h < 0 || (data[last + 4 + i] >= 'A' &&
			      data[last + 4 + i] <= 'F')) {
			why_set(why, cap, "torn: bad end line");
			return -1;
		}
		crc_file = crc_file * 16 + (unsigned long)h;
	}
	if (parse_size(data + last + 13, len - 1 - (last + 13), &want_len)) {
		why_set(why, cap, "torn: bad end line");
		return -1;
	}
	if (want_len != last) {
		why_set(why, cap, "torn: length does not match");
		return -1;
	}
	if (journal_crc32(0, data, last) != (uint32_t)crc_file) {
		why_set(why, cap, "checksum does not match");
		return -1;
	}
	/* Header "magic version\n". */
	nl = memchr(data, '\n', last);
	if (!nl) {
		why_set(why, cap, "no header line");
		return -1;
	}
	hdr_end = (size_t)(nl - data);
	if (hdr_end < ml + 2 || memcmp(data, magic, ml) != 0 ||
	    data[ml] != ' ') {
		why_set(why, cap, "not a hotline file (bad header)");
		return -1;
	}
	for (i = ml + 1; i < hdr_end; i++) {
		if (data[i] < '0' || data[i] > '9' || ver > 100000) {
			why_set(why, cap, "bad version in header");
			return -1;
		}
		ver = ver * 10 + (data[i] - '0');
	}
	*version = ver;
	*body = data + hdr_end + 1;
	*body_len = last - (hdr_end + 1);
	return 0;
}

/* ---- files ------------------------------------------------------------ */

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
fsync_retry(int fd)
{
	while (fsync(fd) != 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

enum status
journal_write_atomic(int dirfd, const char *name, const char *data,
		     size_t len)
{
	char tmp[512];
	int fd, e, tries;

	if ((size_t)snprintf(tmp, sizeof tmp, ".%s.tmp.%ld", name,
			     (long)getpid()) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return ST_IO;
	}
	for (tries = 0;; tries++) {
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			    0600);
		if (fd >= 0)
			break;
		/* Our own pid's leftover (an earlier failed write). */
		if (errno != EEXIST || tries > 0)
			return ST_IO;
		unlinkat(dirfd, tmp, 0);
	}
	if (write_all(fd, data, len) != 0 || fsync_retry(fd) != 0) {
		e = errno;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		errno = e;
		return ST_IO;
	}
	if (close(fd) != 0) {
		e = errno;
		unlinkat(dirfd, tmp, 0);
		errno = e;
		return ST_IO;
	}
	if (renameat(dirfd, tmp, dirfd, name) != 0) {
		e = errno;
		unlinkat(dirfd, tmp, 0);
		errno = e;
		return ST_IO;
	}
	if (fsync_retry(dirfd) != 0)
		return ST_IO;
	return ST_OK;
}

enum status
journal_read_file(int dirfd, const char *name, size_t max, char **out,
		  size_t *len)
{
	struct stat sb;
	size_t cap, n = 0;
	char *p;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? ST_NOT_FOUND : ST_IO;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ST_IO;
	}
	if ((unsigned long long)sb.st_size > max) {
		close(fd);
		return ST_TOO_LONG;
	}
	cap = (size_t)sb.st_size + 1;
	p = xmalloc(cap + 1);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap > max) {
				free(p);
				close(fd);
				return ST_TOO_LONG;
			}
			cap *= 2;
			p = xrealloc(p, cap + 1);
		}
		r = read(fd, p + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(p);
			close(fd);
			return ST_IO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(p);
		return ST_TOO_LONG;
	}
	p[n] = '\0';
	*out = p;
	*len = n;
	return ST_OK;
}

void
journal_sweep_tmp(int dirfd)
{
	struct dirent *de;
	DIR *d;
	int fd = dup(dirfd);

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		const char *t;
		char *end;
		long pid;

		if (de->d_name[0] != '.')
			continue;
		t = strstr(de->d_name, ".tmp.");
		if (!t)
			continue;
		errno = 0;
		pid = strtol(t + 5, &end, 10);
		if (errno || *end || end == t + 5 || pid <= 0)
			continue;
		if (pid == (long)getpid() ||
		    (kill((pid_t)pid, 0) != 0 && errno == ESRCH))
			unlinkat(dirfd, de->d_name, 0);
	}
	closedir(d);
}

int
journal_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	struct stat sb;

	for (s = p + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	if (stat(dir, &sb) != 0)
		return -1;
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int64_t
journal_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
journal_fmt_ms(int64_t ms, char *out, size_t cap)
{
	int64_t sec = ms / 1000, frac = ms % 1000;
	struct tm tm;
	time_t t;

	if (frac < 0) {
		frac += 1000;
		sec--;
	}
	t = (time_t)sec;
	if (!gmtime_r(&t, &tm)) {
		snprintf(out, cap, "1970-01-01T00:00:00.000Z");
		return;
	}
	snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)frac);
}

static int
digits_n(const char *s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

int
journal_parse_ms(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, se, fr;
	struct tm tm;
	time_t t;

	if (strlen(s) != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
		return -1;
	if (digits_n(s, 4, &y) || digits_n(s + 5, 2, &mo) ||
	    digits_n(s + 8, 2, &d) || digits_n(s + 11, 2, &h) ||
	    digits_n(s + 14, 2, &mi) || digits_n(s + 17, 2, &se) ||
	    digits_n(s + 20, 3, &fr))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = timegm(&tm);
	*ms = (int64_t)t * 1000 + fr;
	return 0;
}

/* ---- the journal ------------------------------------------------------ */

struct journal *
journal_open(const char *dir, enum status *err)
{
	struct journal *j;
	int fd;

	if (!dir || !*dir) {
		if (err)
			*err = ST_INVALID;
		return NULL;
	}
	if (journal_mkdirs(dir) != 0) {
		if (err)
			*err = ST_IO;
		return NULL;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (err)
			*err = ST_IO;
		return NULL;
	}
	j = xcalloc(1, sizeof *j);
	j->dir = xstrdup(dir);
	j->dirfd = fd;
	journal_sweep_tmp(fd);
	if (err)
		*err = ST_OK;
	return j;
}

void
journal_close(struct journal *j)
{
	if (!j)
		return;
	close(j->dirfd);
	free(j->dir);
	free(j);
}

const char *
journal_dir(const struct journal *j)
{
	return j->dir;
}

const char *
journal_error(const struct journal *j)
{
	return j->err;
}

size_t
journal_corrupt_count(const struct journal *j)
{
	return j->n_corrupt;
}

static void
file_name(char *out, size_t cap, const char *id)
{
	snprintf(out, cap, "%s%s", id, DRAFT_SUFFIX);
}

static enum status
put_line(struct buf *b, const char *key, int meta, const char *v, size_t vl)
{
	enum status st = ST_OK;

	if (meta)
		st = buf_putc(b, '@');
	if (st == ST_OK)
		st = journal_escape(b, key, strlen(key), !meta);
	if (st == ST_OK)
		st = buf_putc(b, '=');
	if (st == ST_OK)
		st = journal_escape(b, v, vl, 0);
	if (st == ST_OK)
		st = buf_putc(b, '\n');
	return st;
}

static enum status
put_meta_ms(struct buf *b, const char *key, int64_t ms)
{
	char t[40];

	journal_fmt_ms(ms, t, sizeof t);
	return put_line(b, key, 1, t, strlen(t));
}

enum status
journal_save(struct journal *j, const char *id, struct journal_meta *meta,
	     const struct kv *pairs, size_t n)
{
	struct buf body, file;
	char name[JOURNAL_ID_MAX + 16];
	enum status st;
	int64_t now;
	size_t i;

	if (!journal_id_ok(id) || !meta || !journal_id_ok(meta->kind) ||
	    strnlen(meta->call_id, sizeof meta->call_id) >=
		    sizeof meta->call_id)
		return ST_INVALID;
	for (i = 0; i < n; i++)
		if (!pairs[i].key || !*pairs[i].key || !pairs[i].value)
			return ST_INVALID;
	now = journal_now_ms();
	if (meta->created_ms == 0)
		meta->created_ms = now;
	meta->updated_ms = now;
	buf_init(&body, DRAFT_MAX_BYTES);
	buf_init(&file, DRAFT_MAX_BYTES);
	st = put_line(&body, "id", 1, id, strlen(id));
	if (st == ST_OK)
		st = put_line(&body, "kind", 1, meta->kind, strlen(meta->kind));
	if (st == ST_OK)
		st = put_line(&body, "call_id", 1, meta->call_id,
			      strlen(meta->call_id));
	if (st == ST_OK)
		st = put_meta_ms(&body, "created", meta->created_ms);
	if (st == ST_OK)
		st = put_meta_ms(&body, "updated", meta->updated_ms);
	for (i = 0; i < n && st == ST_OK; i++)
		st = put_line(&body, pairs[i].key, 0, pairs[i].value,
			      strlen(pairs[i].value));
	if (st == ST_OK)
		st = journal_frame(&file, DRAFT_MAGIC, DRAFT_VERSION,
				   body.data ? body.data : "", body.len);
	if (st == ST_OK) {
		file_name(name, sizeof name, id);
		st = journal_write_atomic(j->dirfd, name, file.data, file.len);
		if (st != ST_OK)
			snprintf(j->err, sizeof j->err, "%s/%s: %s", j->dir,
				 name, strerror(errno));
	}
	buf_free(&body);
	buf_free(&file);
	return st;
}

/* Move a garbage file aside to "<name>.corrupt" (".1", ".2" ... when
 * taken).  0 on success. */
static int
move_aside(struct journal *j, const char *name, char *to, size_t cap)
{
	int k;

	for (k = 0; k < 1000; k++) {
		if (k == 0)
			snprintf(to, cap, "%s.corrupt", name);
		else
			snprintf(to, cap, "%s.corrupt.%d", name, k);
		if (faccessat(j->dirfd, to, F_OK, 0) == 0)
			continue;
		if (renameat(j->dirfd, name, j->dirfd, to) != 0)
			return -1;
		fsync_retry(j->dirfd);
		j->n_corrupt++;
		return 0;
	}
	return -1;
}

/* Parse a draft body; 0 or -1 with why. */
static int
parse_body(const char *body, size_t len, struct kv **pairs, size_t *n,
	   struct journal_meta *meta, char *why, size_t cap)
{
	struct kv *p = NULL;
	size_t np = 0, cp = 0, pos = 0;
	int have_created = 0, have_updated = 0, have_kind = 0;

	memset(meta, 0, sizeof *meta);
	while (pos < len) {
		const char *line = body + pos, *nl, *eq;
		size_t ll, kl, vlen;
		char *k = NULL, *v = NULL;
		int is_meta;

		nl = memchr(line, '\n', len - pos);
		if (!nl) {
			why_set(why, cap, "unterminated line");
			goto bad;
		}
		ll = (size_t)(nl - line);
		pos += ll + 1;
		eq = memchr(line, '=', ll);
		if (!eq || eq == line) {
			why_set(why, cap, "line without key=value");
			goto bad;
		}
		is_meta = line[0] == '@';
		kl = (size_t)(eq - line) - (size_t)is_meta;
		if (kl == 0 ||
		    journal_unescape(line + is_meta, kl, &k, &vlen) != 0) {
			why_set(why, cap, "bad key");
			goto bad;
		}
		if (strlen(k) != vlen) {
			free(k);
			why_set(why, cap, "NUL in a key");
			goto bad;
		}
		if (journal_unescape(eq + 1, ll - (size_t)(eq + 1 - line), &v,
				     &vlen) != 0 ||
		    strlen(v) != vlen) {
			free(k);
			free(v);
			why_set(why, cap, "bad value escape");
			goto bad;
		}
		if (is_meta) {
			int ok = 1;

			if (!strcmp(k, "kind")) {
				ok = journal_id_ok(v);
				if (ok)
					snprintf(meta->kind, sizeof meta->kind,
						 "%s", v);
				have_kind = 1;
			} else if (!strcmp(k, "call_id")) {
				ok = strlen(v) < sizeof meta->call_id;
				if (ok)
					snprintf(meta->call_id,
						 sizeof meta->call_id, "%s", v);
			} else if (!strcmp(k, "created")) {
				ok = !journal_parse_ms(v, &meta->created_ms);
				have_created = 1;
			} else if (!strcmp(k, "updated")) {
				ok = !journal_parse_ms(v, &meta->updated_ms);
				have_updated = 1;
			}
			/* Other metadata (id, later additions) is ignored. */
			free(k);
			free(v);
			if (!ok) {
				why_set(why, cap, "bad metadata");
				goto bad;
			}
			continue;
		}
		if (np == cp) {
			cp = cp ? cp * 2 : 32;
			p = xrealloc(p, cp * sizeof *p);
		}
		p[np].key = k;
		p[np].value = v;
		np++;
	}
	if (!have_kind || !have_created || !have_updated) {
		why_set(why, cap, "metadata missing");
		goto bad;
	}
	*pairs = p;
	*n = np;
	return 0;
bad:
	kv_free(p, np);
	return -1;
}

/* Load by file name; on garbage moves it aside. */
static enum status
load_file(struct journal *j, const char *name, struct kv **pairs, size_t *n,
	  struct journal_meta *meta)
{
	const char *body;
	size_t len, blen;
	char why[128], to[JOURNAL_ID_MAX + 64];
	struct journal_meta m;
	enum status st;
	char *data = NULL;
	int ver;

	st = journal_read_file(j->dirfd, name, DRAFT_MAX_BYTES, &data, &len);
	if (st == ST_NOT_FOUND)
		return st;
	if (st == ST_IO) {
		snprintf(j->err, sizeof j->err, "%s/%s: %s", j->dir, name,
			 strerror(errno));
		return st;
	}
	if (st == ST_OK &&
	    journal_unframe(data, len, DRAFT_MAGIC, &ver, &body, &blen, why,
			    sizeof why) == 0) {
		if (ver != DRAFT_VERSION) {
			snprintf(j->err, sizeof j->err,
				 "%s/%s: written by a newer hotline "
				 "(draft format %d); left in place",
				 j->dir, name, ver);
			free(data);
			return ST_PARSE;
		}
		if (parse_body(body, blen, pairs, n, &m, why, sizeof why) ==
		    0) {
			if (meta)
				*meta = m;
			free(data);
			return ST_OK;
		}
	} else if (st == ST_TOO_LONG) {
		why_set(why, sizeof why, "file too large");
	}
	free(data);
	if (move_aside(j, name, to, sizeof to) == 0)
		snprintf(j->err, sizeof j->err,
			 "%s/%s: not a complete draft (%s); moved to %s",
			 j->dir, name, why, to);
	else
		snprintf(j->err, sizeof j->err,
			 "%s/%s: not a complete draft (%s); could not move "
			 "it aside: %s",
			 j->dir, name, why, strerror(errno));
	return ST_PARSE;
}

enum status
journal_load(struct journal *j, const char *id, struct kv **pairs,
	     size_t *n, struct journal_meta *meta)
{
	char name[JOURNAL_ID_MAX + 16];

	if (!journal_id_ok(id))
		return ST_INVALID;
	file_name(name, sizeof name, id);
	return load_file(j, name, pairs, n, meta);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct journal_entry *x = a, *y = b;

	if (x->meta.updated_ms != y->meta.updated_ms)
		return x->meta.updated_ms > y->meta.updated_ms ? -1 : 1;
	return strcmp(x->id, y->id);
}

enum status
journal_list(struct journal *j, struct journal_entry **out, size_t *n)
{
	struct journal_entry *e = NULL;
	size_t ne = 0, ce = 0, sl = strlen(DRAFT_SUFFIX);
	struct dirent *de;
	DIR *d;
	int fd = dup(j->dirfd);

	if (fd < 0)
		return ST_IO;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return ST_IO;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name), np;
		char id[JOURNAL_ID_MAX + 1];
		struct journal_meta m;
		struct kv *p;

		if (de->d_name[0] == '.' || len <= sl ||
		    strcmp(de->d_name + len - sl, DRAFT_SUFFIX) != 0 ||
		    len - sl > JOURNAL_ID_MAX)
			continue;
		memcpy(id, de->d_name, len - sl);
		id[len - sl] = '\0';
		if (!journal_id_ok(id))
			continue;
		if (load_file(j, de->d_name, &p, &np, &m) != ST_OK)
			continue;
		kv_free(p, np);
		if (ne == ce) {
			ce = ce ? ce * 2 : 8;
			e = xrealloc(e, ce * sizeof *e);
		}
		memset(&e[ne], 0, sizeof e[ne]);
		snprintf(e[ne].id, sizeof e[ne].id, "%s", id);
		e[ne].meta = m;
		e[ne].n_fields = np;
		ne++;
	}
	closedir(d);
	if (ne > 1)
		qsort(e, ne, sizeof *e, entry_cmp);
	*out = e;
	*n = ne;
	return ST_OK;
}

enum status
journal_discard(struct journal *j, const char *id)
{
	char name[JOURNAL_ID_MAX + 16];

	if (!journal_id_ok(id))
		return ST_INVALID;
	file_name(name, sizeof name, id);
	if (unlinkat(j->dirfd, name, 0) != 0) {
		if (errno == ENOENT)
			return ST_NOT_FOUND;
		snprintf(j->err, sizeof j->err, "%s/%s: %s", j->dir, name,
			 strerror(errno));
		return ST_IO;
	}
	if (fsync_retry(j->dirfd) != 0)
		return ST_IO;
	return ST_OK;
}
