/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_journal.c - the draft journal: exact round trips of Chinese text
 * with newlines, tabs and backslashes; the file format; torn and garbage
 * files refused and moved aside; crash safety with a child process
 * killed (SIGKILL) at random instants while it saves in a loop.
 *
 * Each test works in its own temporary directory under $TMPDIR (/tmp).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/journal.h"
#include "core/mem.h"

static char *
tmpdir_new(void)
{
	const char *t = getenv("TMPDIR");
	char *d = xasprintf("%s/test_journal.XXXXXX", t && *t ? t : "/tmp");

	if (!mkdtemp(d))
		fail_msg("mkdtemp: %s", strerror(errno));
	return d;
}

static void
rm_rf(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char *p;
		struct stat sb;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			rm_rf(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static int
setup(void **state)
{
	*state = tmpdir_new();
	return 0;
}

static int
teardown(void **state)
{
	rm_rf(*state);
	free(*state);
	return 0;
}

static struct kv *
mk(size_t n, const char *const *kv)
{
	struct kv *p = xcalloc(n, sizeof *p);
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].key = xstrdup(kv[2 * i]);
		p[i].value = xstrdup(kv[2 * i + 1]);
	}
	return p;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	d = xmalloc((size_t)n + 1);
	if (fread(d, 1, (size_t)n, f) != (size_t)n)
		fail_msg("short read of %s", path);
	d[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return d;
}

static void
spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int
exists(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	struct stat sb;
	int r = stat(p, &sb) == 0;

	free(p);
	return r;
}

static size_t
count_names(const char *dir, const char *needle)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL)
		n += strstr(de->d_name, needle) != NULL;
	closedir(d);
	return n;
}

static const char *const draft_kv[] = {
	"title", "夜间施工噪音",
	"content", "2026年11月28日 22:30,\n\t东城街道某小区旁工地夜间施工;\n"
		   "录音路径 C:\\工地\\噪音.mp3 \\n 不是换行\n",
	"caller_name", "张先生",
	"empty", "",
	"=odd key@", "值=带等号 @ 和 \\x41",
	"@meta_like", "控制字符\x01\x02\x7f 与 emoji 😀 与组合符 é",
	"tail_newline", "\n\n",
};
#define N_DRAFT (sizeof draft_kv / sizeof draft_kv[0] / 2)

static void
test_round_trip(void **state)
{
	const char *dir = *state;
	struct kv *p = mk(N_DRAFT, draft_kv), *q;
	struct journal_meta m = {0}, got;
	enum status err;
	struct journal *j = journal_open(dir, &err);
	size_t n, i;
	int64_t created;

	assert_non_null(j);
	assert_int_equal(err, ST_OK);
	snprintf(m.kind, sizeof m.kind, "intake");
	snprintf(m.call_id, sizeof m.call_id, "C:20261128/0001 来电");
	assert_int_equal(journal_save(j, "d-1", &m, p, N_DRAFT), ST_OK);
	assert_true(m.created_ms > 0);
	assert_true(m.updated_ms >= m.created_ms);
	created = m.created_ms;
	assert_int_equal(journal_load(j, "d-1", &q, &n, &got), ST_OK);
	assert_int_equal(n, N_DRAFT);
	for (i = 0; i < n; i++) {
		assert_string_equal(q[i].key, p[i].key);
		assert_string_equal(q[i].value, p[i].value);
	}
	assert_string_equal(got.kind, "intake");
	assert_string_equal(got.call_id, "C:20261128/0001 来电");
	assert_true(got.created_ms == m.created_ms);
	assert_true(got.updated_ms == m.updated_ms);
	kv_free(q, n);
	/* A second save keeps created and moves updated. */
	free(p[0].value);
	p[0].value = xstrdup("夜间施工噪音 (更新)");
	assert_int_equal(journal_save(j, "d-1", &m, p, N_DRAFT), ST_OK);
	assert_true(m.created_ms == created);
	assert_int_equal(journal_load(j, "d-1", &q, &n, NULL), ST_OK);
	assert_string_equal(q[0].value, "夜间施工噪音 (更新)");
	kv_free(q, n);
	/* An empty draft. */
	assert_int_equal(journal_save(j, "d-empty", &m, NULL, 0), ST_OK);
	assert_int_equal(journal_load(j, "d-empty", &q, &n, NULL), ST_OK);
	assert_int_equal(n, 0);
	assert_null(q);
	kv_free(p, N_DRAFT);
	journal_close(j);
}

static void
test_file_format(void **state)
{
	const char *dir = *state;
	struct kv *p = mk(N_DRAFT, draft_kv);
	struct journal_meta m = {0};
	struct journal *j = journal_open(dir, NULL);
	char *path, *data, *end;
	size_t len;
	struct stat sb;
	unsigned long crc;
	size_t flen;

	snprintf(m.kind, sizeof m.kind, "intake");
	assert_int_equal(journal_save(j, "d-2", &m, p, N_DRAFT), ST_OK);
	path = xasprintf("%s/d-2.draft", dir);
	data = slurp(path, &len);
	assert_non_null(data);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(strncmp(data, "hotline-draft 1\n", 16), 0);
	assert_non_null(strstr(data, "\n@kind=intake\n"));
	assert_non_null(strstr(data, "\n@call_id=\n"));
	/* Chinese stays readable; escapes as documented. */
	assert_non_null(strstr(data, "\ntitle=夜间施工噪音\n"));
	assert_non_null(strstr(data, "22:30,\\n\\t东城街道"));
	assert_non_null(strstr(data, "C:\\\\工地\\\\噪音.mp3 \\\\n 不是换行\\n\n"));
	assert_non_null(strstr(data, "\n\\x3dodd key\\x40=值=带等号 @ 和 "
				     "\\\\x41\n"));
	assert_non_null(strstr(data, "\n\\x40meta_like=控制字符\\x01\\x02\\x7f"));
	assert_non_null(strstr(data, "\ntail_newline=\\n\\n\n"));
	/* The end line: CRC-32 and length of everything before it. */
	end = data + len - 1;
	while (end > data && end[-1] != '\n')
		end--;
	assert_int_equal(sscanf(end, "end %8lx %zu", &crc, &flen), 2);
	assert_int_equal(flen, (size_t)(end - data));
	assert_true(crc == journal_crc32(0, data, flen));
	free(data);
	free(path);
	kv_free(p, N_DRAFT);
	journal_close(j);
}

static void
test_crc32_known_value(void **state)
{
	(void)state;
	/* The standard check value of CRC-32/IEEE. */
	assert_true(journal_crc32(0, "123456789", 9) == 0xCBF43926u);
	assert_true(journal_crc32(journal_crc32(0, "1234", 4), "56789", 5) ==
		    0xCBF43926u);
	assert_true(journal_crc32(0, "", 0) == 0);
}

static void
test_escape_every_byte(void **state)
{
	char all[256 + 16];
	struct buf b;
	char *out;
	size_t n, i;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	memcpy(all + 256, "东莞😀\xe4\xb8", 12); /* and a cut sequence */
	buf_init(&b, 0);
	assert_int_equal(journal_escape(&b, all, 268, 0), ST_OK);
	/* No raw control bytes or newlines in the escaped text. */
	for (i = 0; i < b.len; i++)
		assert_false((unsigned char)b.data[i] < 0x20 ||
			     b.data[i] == 0x7f);
	assert_non_null(strstr(b.data, "东莞😀\\xe4\\xb8"));
	assert_int_equal(journal_unescape(b.data, b.len, &out, &n), 0);
	assert_int_equal(n, 268);
	assert_memory_equal(out, all, 268);
	free(out);
	buf_free(&b);
	/* Bad escapes. */
	assert_int_equal(journal_unescape("a\\", 2, &out, &n), -1);
	assert_int_equal(journal_unescape("a\\q", 3, &out, &n), -1);
	assert_int_equal(journal_unescape("\\x4", 3, &out, &n), -1);
	assert_int_equal(journal_unescape("\\xzz", 4, &out, &n), -1);
	assert_int_equal(journal_unescape("a\tb", 3, &out, &n), -1);
}

static void
test_truncated_at_every_offset(void **state)
{
	const char *dir = *state;
	struct kv *p = mk(N_DRAFT, draft_kv), *q;
	struct journal_meta m = {0};
	struct journal *j = journal_open(dir, NULL);
	char *path, *data;
	size_t len, off, n;

	snprintf(m.kind, sizeof m.kind, "intake");
	assert_int_equal(journal_save(j, "torn", &m, p, N_DRAFT), ST_OK);
	path = xasprintf("%s/torn.draft", dir);
	data = slurp(path, &len);
	assert_true(len > 200);
	for (off = 0; off < len; off++) {
		spit(path, data, off);
		q = NULL;
		n = 12345;
		assert_int_equal(journal_load(j, "torn", &q, &n, NULL),
				 ST_PARSE);
		assert_null(q);
		assert_int_equal(n, 12345);
		assert_non_null(strstr(journal_error(j), "moved to"));
		/* Moved aside, not deleted; nothing left to load. */
		assert_false(exists(dir, "torn.draft"));
		assert_true(exists(dir, "torn.draft.corrupt"));
		{
			char *c = xasprintf("%s.corrupt", path);
			size_t cl;
			char *cd = slurp(c, &cl);

			assert_int_equal(cl, off);
			assert_memory_equal(cd, data, off);
			free(cd);
			unlink(c);
			free(c);
		}
	}
	assert_int_equal(journal_corrupt_count(j), len);
	/* One flipped bit anywhere is refused too. */
	for (off = 0; off < len; off += 7) {
		data[off] ^= 0x10;
		spit(path, data, len);
		assert_int_equal(journal_load(j, "torn", &q, &n, NULL),
				 ST_PARSE);
		data[off] ^= 0x10;
		{
			char *c = xasprintf("%s.corrupt", path);

			unlink(c);
			free(c);
		}
	}
	/* The whole file loads. */
	spit(path, data, len);
	assert_int_equal(journal_load(j, "torn", &q, &n, NULL), ST_OK);
	assert_int_equal(n, N_DRAFT);
	kv_free(q, n);
	free(data);
	free(path);
	kv_free(p, N_DRAFT);
	journal_close(j);
}

static void
test_garbage_moved_aside(void **state)
{
	const char *dir = *state;
	struct journal *j = journal_open(dir, NULL);
	struct journal_entry *e;
	struct kv *q;
	size_t n;
	char *path = xasprintf("%s/junk.draft", dir);
	static const char junk[] = "这不是草稿\nhello=world\n";

	spit(path, junk, sizeof junk - 1);
	assert_int_equal(journal_load(j, "junk", &q, &n, NULL), ST_PARSE);
	assert_non_null(strstr(journal_error(j), "junk.draft"));
	assert_non_null(strstr(journal_error(j), "junk.draft.corrupt"));
	assert_true(exists(dir, "junk.draft.corrupt"));
	/* A second garbage file of that name does not overwrite the first. */
	spit(path, junk, 5);
	assert_int_equal(journal_list(j, &e, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_null(e);
	assert_true(exists(dir, "junk.draft.corrupt.1"));
	assert_int_equal(journal_corrupt_count(j), 2);
	assert_int_equal(journal_load(j, "junk", &q, &n, NULL), ST_NOT_FOUND);
	free(path);
	journal_close(j);
}

static void
test_newer_version_left_alone(void **state)
{
	const char *dir = *state;
	struct journal *j = journal_open(dir, NULL);
	struct buf b;
	struct kv *q;
	size_t n;
	char *path = xasprintf("%s/future.draft", dir);
	static const char body[] = "@kind=intake\ntitle=未来\n";

	buf_init(&b, 0);
	assert_int_equal(journal_frame(&b, "hotline-draft", 2, body,
				       sizeof body - 1),
			 ST_OK);
	spit(path, b.data, b.len);
	assert_int_equal(journal_load(j, "future", &q, &n, NULL), ST_PARSE);
	assert_non_null(strstr(journal_error(j), "newer"));
	assert_true(exists(dir, "future.draft"));
	assert_false(exists(dir, "future.draft.corrupt"));
	/* A version-1 frame with a body that breaks the rules is garbage. */
	assert_int_equal(journal_frame(&b, "hotline-draft", 1, "no equals\n",
				       10),
			 ST_OK);
	spit(path, b.data, b.len);
	assert_int_equal(journal_load(j, "future", &q, &n, NULL), ST_PARSE);
	assert_true(exists(dir, "future.draft.corrupt"));
	/* Metadata is required. */
	assert_int_equal(journal_frame(&b, "hotline-draft", 1, "title=无元数据\n",
				       strlen("title=无元数据\n")),
			 ST_OK);
	spit(path, b.data, b.len);
	assert_int_equal(journal_load(j, "future", &q, &n, NULL), ST_PARSE);
	buf_free(&b);
	free(path);
	journal_close(j);
}

/* Wait until the millisecond clock moves (so two saves differ). */
static void
next_ms(void)
{
	int64_t t = journal_now_ms();

	while (journal_now_ms() == t)
		;
}

static void
test_list_newest_first_and_discard(void **state)
{
	const char *dir = *state;
	static const char *const kv1[] = {"title", "一"};
	struct kv *p = mk(1, kv1);
	struct journal_meta m = {0};
	struct journal *j = journal_open(dir, NULL);
	struct journal_entry *e;
	size_t n;
	struct kv *q;

	snprintf(m.kind, sizeof m.kind, "intake");
	assert_int_equal(journal_save(j, "b", &m, p, 1), ST_OK);
	next_ms();
	memset(&m, 0, sizeof m);
	snprintf(m.kind, sizeof m.kind, "wrapup");
	snprintf(m.call_id, sizeof m.call_id, "C-9");
	assert_int_equal(journal_save(j, "a", &m, p, 1), ST_OK);
	next_ms();
	memset(&m, 0, sizeof m);
	snprintf(m.kind, sizeof m.kind, "intake");
	assert_int_equal(journal_save(j, "c", &m, NULL, 0), ST_OK);
	/* Files that are not drafts are not listed. */
	{
		char *notes = xasprintf("%s/notes.txt", dir);

		spit(notes, "笔记", 6);
		free(notes);
	}
	assert_int_equal(journal_list(j, &e, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].id, "c");
	assert_string_equal(e[1].id, "a");
	assert_string_equal(e[2].id, "b");
	assert_string_equal(e[1].meta.kind, "wrapup");
	assert_string_equal(e[1].meta.call_id, "C-9");
	assert_int_equal(e[1].n_fields, 1);
	assert_int_equal(e[0].n_fields, 0);
	assert_true(e[0].meta.updated_ms > e[1].meta.updated_ms);
	free(e);
	/* Saving b again makes it the newest. */
	next_ms();
	memset(&m, 0, sizeof m);
	snprintf(m.kind, sizeof m.kind, "intake");
	assert_int_equal(journal_save(j, "b", &m, p, 1), ST_OK);
	assert_int_equal(journal_list(j, &e, &n), ST_OK);
	assert_string_equal(e[0].id, "b");
	free(e);
	assert_int_equal(journal_discard(j, "a"), ST_OK);
	assert_int_equal(journal_discard(j, "a"), ST_NOT_FOUND);
	assert_int_equal(journal_load(j, "a", &q, &n, NULL), ST_NOT_FOUND);
	assert_int_equal(journal_list(j, &e, &n), ST_OK);
	assert_int_equal(n, 2);
	free(e);
	kv_free(p, 1);
	journal_close(j);
}

static void
test_bad_arguments(void **state)
{
	const char *dir = *state;
	static const char *const kv1[] = {"", "空键"};
	struct kv *p = mk(1, kv1), *q;
	struct journal_meta m = {0};
	struct journal *j = journal_open(dir, NULL);
	enum status err = ST_OK;
	size_t n;

	snprintf(m.kind, sizeof m.kind, "intake");
	assert_int_equal(journal_save(j, "../x", &m, NULL, 0), ST_INVALID);
	assert_int_equal(journal_save(j, "", &m, NULL, 0), ST_INVALID);
	assert_int_equal(journal_save(j, "草稿", &m, NULL, 0), ST_INVALID);
	assert_int_equal(journal_save(j, "ok", &m, p, 1), ST_INVALID);
	m.kind[0] = '\0';
	assert_int_equal(journal_save(j, "ok", &m, NULL, 0), ST_INVALID);
	assert_int_equal(journal_load(j, "a/b", &q, &n, NULL), ST_INVALID);
	assert_int_equal(journal_discard(j, ".."), ST_INVALID);
	assert_null(journal_open("", &err));
	assert_int_equal(err, ST_INVALID);
	assert_null(journal_open("/proc/no/such/dir", &err));
	assert_int_equal(err, ST_IO);
	kv_free(p, 1);
	journal_close(j);
}

static void
test_open_creates_private_dirs_and_sweeps(void **state)
{
	const char *dir = *state;
	char *sub = xasprintf("%s/state/hotline/drafts", dir);
	char *stale, *live;
	struct journal *j;
	struct stat sb;
	pid_t pid;
	int status;

	j = journal_open(sub, NULL);
	assert_non_null(j);
	assert_string_equal(journal_dir(j), sub);
	assert_int_equal(stat(sub, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	journal_close(j);
	/* A temporary file of a process that is gone, one of a live one. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	stale = xasprintf("%s/.x.draft.tmp.%ld", sub, (long)pid);
	live = xasprintf("%s/.y.draft.tmp.%ld", sub, (long)getppid());
	spit(stale, "half", 4);
	spit(live, "half", 4);
	j = journal_open(sub, NULL);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	journal_close(j);
	unlink(live);
	free(stale);
	free(live);
	free(sub);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* What a keystroke costs: save an intake-sized draft 100 times; prints
 * p50 and p99 (not asserted: it is the disk's fsync). */
static void
test_save_latency(void **state)
{
	const char *dir = *state;
	struct kv *p = mk(N_DRAFT, draft_kv);
	struct journal_meta m = {0};
	struct journal *j = journal_open(dir, NULL);
	double ms[100];
	int i;

	snprintf(m.kind, sizeof m.kind, "intake");
	for (i = 0; i < 100; i++) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		assert_int_equal(journal_save(j, "lat", &m, p, N_DRAFT), ST_OK);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 +
			(double)(b.tv_nsec - a.tv_nsec) / 1e6;
	}
	qsort(ms, 100, sizeof ms[0], cmp_double);
	printf("# journal_save of a %zu-field draft: p50 %.2f ms, p99 %.2f "
	       "ms\n",
	       (size_t)N_DRAFT, ms[49], ms[98]);
	kv_free(p, N_DRAFT);
	journal_close(j);
}

/* ---- crash safety ------------------------------------------------------ */

/* The random seed: $TEST_SEED when set (to replay a run), else the
 * time mixed with salt. */
static unsigned
test_seed(unsigned salt)
{
	const char *e = getenv("TEST_SEED");

	if (e && *e)
		return (unsigned)strtoul(e, NULL, 10);
	return (unsigned)time(NULL) ^ salt;
}

#define CRASH_FIELDS 6

/* Version v of the draft: every value carries v, so a mix of two
 * versions is visible. */
static struct kv *
version_pairs(long v)
{
	struct kv *p = xcalloc(CRASH_FIELDS, sizeof *p);
	int i;

	for (i = 0; i < CRASH_FIELDS; i++) {
		p[i].key = xasprintf("f%d", i);
		p[i].value = xasprintf("版本 %ld\n第 %d 栏\t\\ %ld %s", v, i, v,
				       i == 3 ? "很长的内容很长的内容很长的内容"
						"很长的内容很长的内容很长的内容"
						"很长的内容很长的内容很长的内容"
						"很长的内容很长的内容很长的内容"
					      : "");
	}
	return p;
}

/* The version of a loaded draft; fails the test on a mix. */
static long
loaded_version(const struct kv *p, size_t n)
{
	long v = -1;
	size_t i;

	assert_int_equal(n, CRASH_FIELDS);
	for (i = 0; i < n; i++) {
		long w;
		struct kv *want;

		assert_int_equal(sscanf(p[i].value, "版本 %ld", &w), 1);
		if (i == 0)
			v = w;
		assert_true(w == v);
		want = version_pairs(v);
		assert_string_equal(p[i].key, want[i].key);
		assert_string_equal(p[i].value, want[i].value);
		kv_free(want, CRASH_FIELDS);
	}
	return v;
}

static void
saver(const char *dir, long from, int ack_fd)
{
	struct journal *j = journal_open(dir, NULL);
	struct journal_meta m = {0};
	long v;

	if (!j)
		_exit(3);
	snprintf(m.kind, sizeof m.kind, "intake");
	for (v = from;; v++) {
		struct kv *p = version_pairs(v);

		if (journal_save(j, "crash", &m, p, CRASH_FIELDS) != ST_OK)
			_exit(4);
		kv_free(p, CRASH_FIELDS);
		/* Acknowledged: the caller may rely on version v now. */
		if (write(ack_fd, &v, sizeof v) != sizeof v)
			_exit(5);
	}
}

static void
test_crash_while_saving(void **state)
{
	const char *dir = *state;
	struct timespec t0, t1;
	long have = 0, acked_total = 0;
	int iter, iters = 200, at_old = 0, at_new = 0;
	unsigned seed = test_seed(0);

	printf("# crash test seed %u\n", seed);
	srand(seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (iter = 0; iter < iters; iter++) {
		int fds[2];
		pid_t pid;
		long acked = have, v;
		struct timespec d;
		struct journal *j;
		struct kv *p;
		size_t n;
		enum status st;
		int status, want;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			saver(dir, have + 1, fds[1]);
			_exit(0);
		}
		close(fds[1]);
		/* Let it save 0 or 1 times (progress at any speed, valgrind
		 * too), then run a random while (0..4 ms), then kill it
		 * where it stands. */
		for (want = rand() % 2; want > 0; want--) {
			if (read(fds[0], &v, sizeof v) != sizeof v)
				fail_msg("the saver died");
			assert_true(v == acked + 1);
			acked = v;
		}
		d.tv_sec = 0;
		d.tv_nsec = (long)(rand() % 4000) * 1000;
		nanosleep(&d, NULL);
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		while (read(fds[0], &v, sizeof v) == sizeof v) {
			assert_true(v == acked + 1);
			acked = v;
		}
		close(fds[0]);
		acked_total += acked - have;

		j = journal_open(dir, NULL);
		assert_non_null(j);
		st = journal_load(j, "crash", &p, &n, NULL);
		if (acked == 0 && st == ST_NOT_FOUND) {
			have = 0; /* killed before the very first save */
		} else {
			assert_int_equal(st, ST_OK);
			v = loaded_version(p, n);
			kv_free(p, n);
			/* The last acknowledged version, or the one being
			 * written when the kill came (already renamed). */
			if (v == acked)
				at_old++;
			else if (v == acked + 1)
				at_new++;
			else
				fail_msg("loaded version %ld, acknowledged %ld",
					 v, acked);
			have = v;
		}
		assert_int_equal(journal_corrupt_count(j), 0);
		journal_close(j);
		/* journal_open swept the killed child's temporary file. */
		assert_int_equal(count_names(dir, ".tmp."), 0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(count_names(dir, ".corrupt"), 0);
	printf("# %d kills, %ld acknowledged saves, loaded the acknowledged "
	       "version %d times, the in-flight one %d times; %.2f s\n",
	       iters, acked_total, at_old, at_new,
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	assert_true(acked_total > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_format, setup,
						teardown),
		cmocka_unit_test(test_crc32_known_value),
		cmocka_unit_test(test_escape_every_byte),
		cmocka_unit_test_setup_teardown(test_truncated_at_every_offset,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_moved_aside, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_newer_version_left_alone,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_list_newest_first_and_discard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_open_creates_private_dirs_and_sweeps, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_save_latency, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_crash_while_saving, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
