/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_outbox.c - the outbox: order and keys across reopen, retries with
 * the same key, permanent failures kept with their message, sequence
 * numbers never reused, garbage refused, and crash safety with a child
 * killed (SIGKILL) at random instants while it pushes or drains: no
 * acknowledged push is lost, nothing is duplicated, order is kept.
 * Prints the time of 1,000 pushes and their drain (not asserted).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "core/outbox.h"

static char *
tmpdir_new(void)
{
	const char *t = getenv("TMPDIR");
	char *d = xasprintf("%s/test_outbox.XXXXXX", t && *t ? t : "/tmp");

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

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
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

static int
key_shape(const char *k)
{
	size_t i;

	for (i = 0; i < OUTBOX_KEY_LEN; i++)
		if (!strchr("0123456789abcdef", k[i]))
			return 0;
	return k[OUTBOX_KEY_LEN] == '\0';
}

static char *
payload_of(int i)
{
	return xasprintf("{\"title\":\"夜间施工噪音 %d\",\"content\":"
			 "\"第一行\\n第二行\\t制表 \\\\ 反斜杠\"}\n",
			 i);
}

static void
test_order_across_reopen(void **state)
{
	const char *dir = *state;
	char keys[5][OUTBOX_KEY_LEN + 1];
	uint64_t seqs[5];
	struct outbox_item it;
	struct outbox *o;
	enum status err;
	int i;

	o = outbox_open(dir, &err);
	assert_non_null(o);
	assert_int_equal(err, ST_OK);
	assert_int_equal(outbox_peek(o, &it), ST_NOT_FOUND);
	for (i = 0; i < 5; i++) {
		char *p = payload_of(i);

		assert_int_equal(outbox_push(o, "create_ticket", "d-1", p,
					     strlen(p), &seqs[i], keys[i]),
				 ST_OK);
		assert_true(key_shape(keys[i]));
		if (i > 0) {
			assert_true(seqs[i] > seqs[i - 1]);
			assert_string_not_equal(keys[i], keys[i - 1]);
		}
		free(p);
	}
	assert_int_equal(outbox_count(o), 5);
	outbox_close(o);
	for (i = 0; i < 5; i++) {
		char *p = payload_of(i);

		o = outbox_open(dir, NULL);
		assert_int_equal(outbox_count(o), (size_t)(5 - i));
		assert_int_equal(outbox_peek(o, &it), ST_OK);
		assert_true(it.seq == seqs[i]);
		assert_string_equal(it.key, keys[i]);
		assert_string_equal(it.kind, "create_ticket");
		assert_string_equal(it.ref, "d-1");
		assert_int_equal(it.state, OB_QUEUED);
		assert_int_equal(it.payload_len, strlen(p));
		assert_string_equal(it.payload, p);
		assert_string_equal(it.message, "");
		assert_true(it.created_ms > 0);
		assert_int_equal(outbox_mark_delivered(o, it.seq), ST_OK);
		assert_int_equal(outbox_mark_delivered(o, it.seq),
				 ST_NOT_FOUND);
		outbox_item_free(&it);
		free(p);
		outbox_close(o);
	}
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_count(o), 0);
	assert_int_equal(outbox_peek(o, &it), ST_NOT_FOUND);
	outbox_close(o);
	assert_int_equal(count_names(dir, ".item"), 0);
}

static void
test_binary_payload(void **state)
{
	const char *dir = *state;
	char bin[300];
	struct outbox_item it;
	struct outbox *o = outbox_open(dir, NULL);
	size_t i;

	for (i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 7);
	assert_int_equal(outbox_push(o, "blob", NULL, bin, sizeof bin, NULL,
				     NULL),
			 ST_OK);
	assert_int_equal(outbox_push(o, "empty", "", NULL, 0, NULL, NULL),
			 ST_OK);
	outbox_close(o);
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_peek(o, &it), ST_OK);
	assert_int_equal(it.payload_len, sizeof bin);
	assert_memory_equal(it.payload, bin, sizeof bin);
	assert_string_equal(it.ref, "");
	assert_int_equal(outbox_mark_delivered(o, it.seq), ST_OK);
	outbox_item_free(&it);
	assert_int_equal(outbox_peek(o, &it), ST_OK);
	assert_int_equal(it.payload_len, 0);
	assert_string_equal(it.payload, "");
	outbox_item_free(&it);
	outbox_close(o);
}

static void
test_retry_keeps_key(void **state)
{
	const char *dir = *state;
	char key[OUTBOX_KEY_LEN + 1];
	struct outbox_item it;
	struct outbox *o = outbox_open(dir, NULL);
	uint64_t seq;

	assert_int_equal(outbox_push(o, "create_ticket", NULL, "{}", 2, &seq,
				     key),
			 ST_OK);
	assert_int_equal(outbox_mark_sending(o, seq), ST_OK);
	assert_int_equal(outbox_mark_sending(o, seq), ST_OK);
	assert_int_equal(outbox_mark_sending(o, seq + 1), ST_NOT_FOUND);
	outbox_close(o);
	/* After a restart the same item comes back with the same key. */
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_peek(o, &it), ST_OK);
	assert_true(it.seq == seq);
	assert_string_equal(it.key, key);
	assert_int_equal(it.state, OB_SENDING);
	assert_int_equal(it.attempts, 2);
	assert_true(it.updated_ms >= it.created_ms);
	outbox_item_free(&it);
	assert_int_equal(outbox_count_state(o, OB_SENDING), 1);
	outbox_close(o);
}

static void
test_permanent_failure_kept(void **state)
{
	const char *dir = *state;
	struct outbox_item it, *all;
	struct outbox *o = outbox_open(dir, NULL);
	uint64_t s1, s2;
	size_t n;

	assert_int_equal(outbox_push(o, "create_ticket", "d-a", "{\"a\":1}", 7,
				     &s1, NULL),
			 ST_OK);
	assert_int_equal(outbox_push(o, "create_ticket", "d-b", "{\"b\":2}", 7,
				     &s2, NULL),
			 ST_OK);
	assert_int_equal(outbox_mark_failed(o, s1, "400 title: 标题不能为空"),
			 ST_OK);
	assert_int_equal(outbox_mark_sending(o, s1), ST_INVALID);
	/* The failed item no longer blocks the queue ... */
	assert_int_equal(outbox_peek(o, &it), ST_OK);
	assert_true(it.seq == s2);
	outbox_item_free(&it);
	outbox_close(o);
	/* ... and survives a restart with its message. */
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_count(o), 2);
	assert_int_equal(outbox_count_state(o, OB_FAILED), 1);
	assert_int_equal(outbox_count_state(o, OB_QUEUED), 1);
	assert_int_equal(outbox_list(o, &all, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_true(all[0].seq == s1);
	assert_int_equal(all[0].state, OB_FAILED);
	assert_string_equal(all[0].message, "400 title: 标题不能为空");
	assert_string_equal(all[0].payload, "{\"a\":1}");
	assert_string_equal(all[1].message, "");
	outbox_items_free(all, n);
	/* The client finds it by draft id to give the draft back. */
	assert_int_equal(outbox_find_ref(o, "d-a", &it), ST_OK);
	assert_true(it.seq == s1);
	outbox_item_free(&it);
	assert_int_equal(outbox_find_ref(o, "d-z", &it), ST_NOT_FOUND);
	/* Retried after an edit elsewhere, or taken back. */
	assert_int_equal(outbox_requeue(o, s2), ST_INVALID);
	assert_int_equal(outbox_requeue(o, s1), ST_OK);
	assert_int_equal(outbox_peek(o, &it), ST_OK);
	assert_true(it.seq == s1);
	assert_string_equal(it.message, "");
	outbox_item_free(&it);
	assert_int_equal(outbox_mark_failed(o, s1, NULL), ST_OK);
	assert_int_equal(outbox_discard(o, s1), ST_OK);
	assert_int_equal(outbox_count(o), 1);
	assert_int_equal(outbox_mark_failed(o, 999, "x"), ST_NOT_FOUND);
	assert_int_equal(outbox_discard(o, 999), ST_NOT_FOUND);
	assert_int_equal(outbox_requeue(o, 999), ST_NOT_FOUND);
	outbox_close(o);
}

static void
test_seq_never_reused(void **state)
{
	const char *dir = *state;
	struct outbox *o = outbox_open(dir, NULL);
	uint64_t s[4], t;
	int i;

	for (i = 0; i < 3; i++)
		assert_int_equal(outbox_push(o, "k", NULL, "x", 1, &s[i], NULL),
				 ST_OK);
	/* The oldest fails and stays; the newer ones are delivered. */
	assert_int_equal(outbox_mark_failed(o, s[0], "409"), ST_OK);
	assert_int_equal(outbox_mark_delivered(o, s[2]), ST_OK);
	assert_int_equal(outbox_mark_delivered(o, s[1]), ST_OK);
	outbox_close(o);
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_push(o, "k", NULL, "y", 1, &t, NULL), ST_OK);
	assert_true(t > s[2]);
	assert_int_equal(outbox_discard(o, s[0]), ST_OK);
	assert_int_equal(outbox_mark_delivered(o, t), ST_OK);
	outbox_close(o);
	/* Empty now, still no reuse. */
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_count(o), 0);
	assert_int_equal(outbox_push(o, "k", NULL, "z", 1, &s[3], NULL), ST_OK);
	assert_true(s[3] > t);
	outbox_close(o);
}

static void
test_bad_arguments(void **state)
{
	const char *dir = *state;
	struct outbox *o = outbox_open(dir, NULL);
	enum status err;

	assert_int_equal(outbox_push(o, "", NULL, "x", 1, NULL, NULL),
			 ST_INVALID);
	assert_int_equal(outbox_push(o, "建单", NULL, "x", 1, NULL, NULL),
			 ST_INVALID);
	assert_int_equal(outbox_push(o, "k", "../d", "x", 1, NULL, NULL),
			 ST_INVALID);
	assert_int_equal(outbox_push(o, "k", NULL, NULL, 3, NULL, NULL),
			 ST_INVALID);
	assert_int_equal(outbox_count(o), 0);
	outbox_close(o);
	assert_null(outbox_open("", &err));
	assert_int_equal(err, ST_INVALID);
	assert_string_equal(outbox_state_name(OB_FAILED), "failed");
	assert_null(outbox_state_name((enum outbox_state)7));
}

static void
test_keys_random(void **state)
{
	char a[OUTBOX_KEY_LEN + 1], b[OUTBOX_KEY_LEN + 1];
	int i, diff = 0;

	(void)state;
	assert_int_equal(outbox_new_key(a), ST_OK);
	assert_true(key_shape(a));
	for (i = 0; i < 100; i++) {
		assert_int_equal(outbox_new_key(b), ST_OK);
		assert_true(key_shape(b));
		diff += strcmp(a, b) != 0;
	}
	assert_int_equal(diff, 100);
}

static void
test_garbage_and_torn_items(void **state)
{
	const char *dir = *state;
	struct outbox *o = outbox_open(dir, NULL);
	char *path, *data;
	uint64_t seq;
	size_t len, off;
	FILE *f;

	assert_int_equal(outbox_push(o, "create_ticket", "d-1",
				     "{\"title\":\"漏水\"}", 19, &seq, NULL),
			 ST_OK);
	outbox_close(o);
	path = xasprintf("%s/%020llu.item", dir, (unsigned long long)seq);
	f = fopen(path, "rb");
	assert_non_null(f);
	data = xmalloc(4096);
	len = fread(data, 1, 4096, f);
	fclose(f);
	assert_true(len > 100);
	assert_int_equal(strncmp(data, "hotline-outbox 1\nseq=", 21), 0);
	for (off = 0; off < len; off++) {
		char *c = xasprintf("%s.corrupt", path);

		f = fopen(path, "wb");
		assert_int_equal(fwrite(data, 1, off, f), off);
		fclose(f);
		o = outbox_open(dir, NULL);
		assert_int_equal(outbox_count(o), 0);
		assert_int_equal(outbox_corrupt_count(o), 1);
		assert_non_null(strstr(outbox_error(o), "moved to"));
		outbox_close(o);
		assert_int_equal(access(c, F_OK), 0);
		unlink(c);
		free(c);
	}
	/* An item whose name and content disagree. */
	{
		char *other = xasprintf("%s/%020llu.item", dir,
					(unsigned long long)seq + 5);

		f = fopen(other, "wb");
		assert_int_equal(fwrite(data, 1, len, f), len);
		fclose(f);
		o = outbox_open(dir, NULL);
		assert_int_equal(outbox_count(o), 0);
		assert_non_null(strstr(outbox_error(o), "does not match"));
		outbox_close(o);
		free(other);
	}
	/* The intact file loads. */
	f = fopen(path, "wb");
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_count(o), 1);
	outbox_close(o);
	free(data);
	free(path);
}

/* ---- crash safety ------------------------------------------------------- */

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

struct ack {
	uint64_t seq;
	long index;
	char key[OUTBOX_KEY_LEN + 1];
};

static void
pusher(const char *dir, long from, int fd)
{
	struct outbox *o = outbox_open(dir, NULL);
	long i;

	if (!o)
		_exit(3);
	for (i = from;; i++) {
		struct ack a;
		char *p = payload_of((int)i);

		memset(&a, 0, sizeof a);
		a.index = i;
		if (outbox_push(o, "create_ticket", NULL, p, strlen(p), &a.seq,
				a.key) != ST_OK)
			_exit(4);
		free(p);
		if (write(fd, &a, sizeof a) != sizeof a)
			_exit(5);
	}
}

static long
index_of(const struct outbox_item *it)
{
	long i;

	assert_int_equal(sscanf(it->payload, "{\"title\":\"夜间施工噪音 %ld\"",
				&i),
			 1);
	{
		char *want = payload_of((int)i);

		assert_string_equal(it->payload, want);
		free(want);
	}
	return i;
}

/*
 * Read `want` records of size rec from fd into recs (progress at any
 * speed, valgrind too), wait a random 0..max_us, kill the child, then
 * read the rest.  Returns the number of records read.
 */
static size_t
run_and_kill(pid_t pid, int fd, int want, int max_us, void *recs,
	     size_t rec, size_t max)
{
	char *r = recs;
	size_t n = 0;
	struct timespec d;
	int status;

	for (; want > 0; want--, n++) {
		assert_true(n < max);
		if (read(fd, r + n * rec, rec) != (ssize_t)rec)
			fail_msg("the child died");
	}
	d.tv_sec = 0;
	d.tv_nsec = (long)(rand() % max_us) * 1000;
	nanosleep(&d, NULL);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	while (n < max && read(fd, r + n * rec, rec) == (ssize_t)rec)
		n++;
	return n;
}

static void
test_crash_while_pushing(void **state)
{
	const char *dir = *state;
	long next = 0, acked_total = 0, unacked_kept = 0;
	int iter, iters = 100;
	struct ack *acks = NULL;
	size_t n_acks = 0, cap = 0;
	unsigned seed = test_seed(0x5a5a);

	printf("# push crash seed %u\n", seed);
	srand(seed);
	for (iter = 0; iter < iters; iter++) {
		struct outbox_item *all;
		struct outbox *o;
		size_t n, i, k, first_new = n_acks;
		int fds[2];
		pid_t pid;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			pusher(dir, next, fds[1]);
			_exit(0);
		}
		close(fds[1]);
		if (cap < n_acks + 4096) {
			cap = n_acks + 4096;
			acks = xrealloc(acks, cap * sizeof *acks);
		}
		n_acks += run_and_kill(pid, fds[0], rand() % 3, 5000,
				       acks + n_acks, sizeof *acks, 4096);
		close(fds[0]);
		acked_total += (long)(n_acks - first_new);

		o = outbox_open(dir, NULL);
		assert_non_null(o);
		assert_int_equal(outbox_corrupt_count(o), 0);
		assert_int_equal(outbox_list(o, &all, &n), ST_OK);
		/* Every acknowledged push is there, with its key. */
		for (k = 0; k < n_acks; k++) {
			for (i = 0; i < n; i++)
				if (all[i].seq == acks[k].seq)
					break;
			assert_true(i < n);
			assert_string_equal(all[i].key, acks[k].key);
			assert_int_equal(index_of(&all[i]), acks[k].index);
		}
		/* Nothing twice; in order; at most the one push that was
		 * under way beyond the acknowledged ones. */
		for (i = 0; i < n; i++) {
			if (i > 0) {
				assert_true(all[i].seq > all[i - 1].seq);
				assert_true(index_of(&all[i]) >
					    index_of(&all[i - 1]));
				assert_string_not_equal(all[i].key,
							all[i - 1].key);
			}
		}
		assert_true(n == n_acks || n == n_acks + 1);
		if (n == n_acks + 1) {
			struct ack x;

			/* The extra one is complete and next in line. */
			x.seq = all[n - 1].seq;
			x.index = index_of(&all[n - 1]);
			memcpy(x.key, all[n - 1].key, sizeof x.key);
			assert_int_equal(x.index, n_acks ? acks[n_acks - 1].index + 1
							 : next);
			if (n_acks == cap) {
				cap = cap ? cap * 2 : 64;
				acks = xrealloc(acks, cap * sizeof *acks);
			}
			acks[n_acks++] = x; /* it exists now: it must stay */
			unacked_kept++;
		}
		next = n_acks ? acks[n_acks - 1].index + 1 : next;
		outbox_items_free(all, n);
		outbox_close(o);
		assert_int_equal(count_names(dir, ".tmp."), 0);
	}
	printf("# %d kills, %ld acknowledged pushes, %ld pushes completed "
	       "but not acknowledged; %zu items, none lost or doubled\n",
	       iters, acked_total, unacked_kept, n_acks);
	assert_true(acked_total > 0);
	free(acks);
}

static void
drainer(const char *dir, int fd)
{
	struct outbox *o = outbox_open(dir, NULL);
	struct outbox_item it;

	if (!o)
		_exit(3);
	while (outbox_peek(o, &it) == ST_OK) {
		/* "Sent" (the server has it), then removed. */
		if (write(fd, &it.seq, sizeof it.seq) != sizeof it.seq)
			_exit(5);
		if (outbox_mark_delivered(o, it.seq) != ST_OK)
			_exit(4);
		if (write(fd, &it.seq, sizeof it.seq) != sizeof it.seq)
			_exit(5);
		outbox_item_free(&it);
	}
	for (;;)
		pause();
}

static void
test_crash_while_draining(void **state)
{
	const char *dir = *state;
	int iter, iters = 60, resent = 0;
	long delivered_total = 0;
	unsigned seed = test_seed(0xa5a5);
	struct outbox *o = outbox_open(dir, NULL);
	uint64_t *queue = NULL;
	size_t nq = 0, capq = 0;
	long idx = 0;

	printf("# drain crash seed %u\n", seed);
	srand(seed);
	outbox_close(o);
	for (iter = 0; iter < iters; iter++) {
		struct outbox_item *all;
		size_t n, i, sent = 0, done = 0, nrec;
		uint64_t rec[8192], sent_seq[8192];
		int fds[2];
		pid_t pid;

		/* Top up to 30 queued items. */
		o = outbox_open(dir, NULL);
		while (outbox_count(o) < 30) {
			char *p = payload_of((int)idx++);
			uint64_t seq;

			assert_int_equal(outbox_push(o, "create_ticket", NULL,
						     p, strlen(p), &seq, NULL),
					 ST_OK);
			free(p);
			if (nq == capq) {
				capq = capq ? capq * 2 : 64;
				queue = xrealloc(queue, capq * sizeof *queue);
			}
			queue[nq++] = seq;
		}
		outbox_close(o);

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			drainer(dir, fds[1]);
			_exit(0);
		}
		close(fds[1]);
		/* Alternating "sent seq" / "removed seq" records. */
		nrec = run_and_kill(pid, fds[0], rand() % 5, 5000, rec,
				    sizeof *rec, 8192);
		close(fds[0]);
		for (i = 0; i < nrec; i++) {
			if (sent == done) {
				sent_seq[sent++] = rec[i];
			} else {
				assert_true(rec[i] == sent_seq[done]);
				done++;
			}
		}

		o = outbox_open(dir, NULL);
		assert_int_equal(outbox_corrupt_count(o), 0);
		assert_int_equal(outbox_list(o, &all, &n), ST_OK);
		/* Sent in queue order, oldest first. */
		for (i = 0; i < sent; i++)
			assert_true(sent_seq[i] == queue[i]);
		/* What remains is the queue minus the removed ones, in
		 * order; the one in flight may be there or not. */
		if (sent > done) {
			assert_true(n == nq - done || n == nq - done - 1);
			if (n == nq - done) {
				/* Will be sent again, same key: exactly once
				 * thanks to the server's idempotency. */
				assert_true(all[0].seq == sent_seq[done]);
				resent++;
			}
		} else {
			assert_int_equal(n, nq - done);
		}
		{
			size_t skip = nq - n;

			for (i = 0; i < n; i++)
				assert_true(all[i].seq == queue[skip + i]);
			memmove(queue, queue + skip, n * sizeof *queue);
			nq = n;
			delivered_total += (long)skip;
		}
		outbox_items_free(all, n);
		outbox_close(o);
	}
	printf("# %d kills, %ld items delivered, %d in-flight items kept for "
	       "a resend with their key\n",
	       iters, delivered_total, resent);
	assert_true(delivered_total > 0);
	free(queue);
}

static void
test_thousand_push_drain_timing(void **state)
{
	const char *dir = *state;
	struct outbox *o = outbox_open(dir, NULL);
	struct timespec t0, t1, t2;
	struct outbox_item it;
	char *p = payload_of(0);
	uint64_t prev = 0;
	int i, n = 1000;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		assert_int_equal(outbox_push(o, "create_ticket", NULL, p,
					     strlen(p), NULL, NULL),
				 ST_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	outbox_close(o);
	o = outbox_open(dir, NULL);
	assert_int_equal(outbox_count(o), (size_t)n);
	for (i = 0; outbox_peek(o, &it) == ST_OK; i++) {
		assert_true(it.seq > prev);
		prev = it.seq;
		assert_int_equal(outbox_mark_delivered(o, it.seq), ST_OK);
		outbox_item_free(&it);
	}
	clock_gettime(CLOCK_MONOTONIC, &t2);
	assert_int_equal(i, n);
	printf("# 1000 items: push %.0f ms (%.2f ms each), reopen + drain "
	       "%.0f ms (%.2f ms each)\n",
	       ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e6),
	       ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / n,
	       ((double)(t2.tv_sec - t1.tv_sec) * 1e3 +
		(double)(t2.tv_nsec - t1.tv_nsec) / 1e6),
	       ((double)(t2.tv_sec - t1.tv_sec) * 1e3 +
		(double)(t2.tv_nsec - t1.tv_nsec) / 1e6) / n);
	free(p);
	outbox_close(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_across_reopen, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_binary_payload, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_retry_keeps_key, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_permanent_failure_kept,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_seq_never_reused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup,
						teardown),
		cmocka_unit_test(test_keys_random),
		cmocka_unit_test_setup_teardown(test_garbage_and_torn_items,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_while_pushing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_crash_while_draining, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_thousand_push_drain_timing,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
