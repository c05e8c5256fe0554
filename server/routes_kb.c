/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_kb.c - /v1/kb: search (FTS5 through kb_query.h, pinyin initials
 * over an in-memory list of the visible titles), articles with ETag and
 * If-Match, their lifecycle and versions, uses; /v1/sms: the SMS outbox
 * that the gateway (sms_gateway.c) drains.
 *
 * The search merges three stages, best first, and pages through the
 * merged list with an opaque offset cursor:
 *   1. ALL: every term must match; articles whose title or a keyword
 *      equals the query (kb_query_key) first, then bm25;
 *   2. pinyin: when the query has Latin letters, the visible titles that
 *      match it by pinyin (core/pinyin.h), best pinyin rank first;
 *   3. ANY: any token may match (bm25), to fill the page for long,
 *      colloquial queries.
 * A later stage runs only when the earlier ones found fewer rows than the
 * page needs.  Matched text comes back as byte offsets into the snippet
 * and the title (the store marks matches with KB_MARK_*, this file turns
 * the marks into offsets).
 */
#include "routes_kb.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "../core/mem.h"
#include "../core/pinyin.h"
#include "../core/utf8.h"
#include "kb_query.h"
#include "kb_tokenizer.h"
#include "log.h"
#include "reqparse.h"
#include "tkrec.h"

#define SEARCH_DEFAULT 10
#define SEARCH_MAX 50
/* Results reachable by paging: offset + limit stays within this. */
#define SEARCH_DEPTH 200
#define LIST_DEFAULT 50
#define LIST_MAX 200
#define LIMIT_CHARS 6 /* longest ?limit= accepted */
#define SAVE_RETRIES 3
/* The ANY stage runs only when ALL and pinyin found fewer results than
 * this (and than the page): it is the expensive one for rare phrases made
 * of common bigrams, and a few exact hits are what the agent wants. */
#ifndef KB_ANY_BELOW
#define KB_ANY_BELOW 3
#endif
/* A result's excerpt: characters, and how many before the first match. */
#define SNIPPET_CHARS 48
#define SNIPPET_BEFORE 12

enum hit_src {
	SRC_ALL = 0,
	SRC_PINYIN,
	SRC_ANY,
};

static long long
now_s(void)
{
	return (long long)time(NULL);
}

/* ---- small helpers ---------------------------------------------------- */

/* Cursors: "<tag>:<number>", base64url. */
static void
cursor_encode(char *out, size_t cap, char tag, long long v)
{
	char raw[40];
	int n = snprintf(raw, sizeof raw, "%c:%lld", tag, v);

	sodium_bin2base64(out, cap, (const unsigned char *)raw, (size_t)n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int
cursor_decode(const char *s, char tag, long long max, long long *v)
{
	unsigned char raw[40];
	size_t n = 0, i;
	long long x = 0;

	if (strlen(s) > 48 ||
	    sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &n,
			      NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n < 3 || n > 18 || raw[0] != (unsigned char)tag || raw[1] != ':')
		return -1;
	for (i = 2; i < n; i++) {
		if (raw[i] < '0' || raw[i] > '9')
			return -1;
		x = x * 10 + (raw[i] - '0');
	}
	if (x > max)
		return -1;
	*v = x;
	return 0;
}

static void
add_time(cJSON *o, const char *key, long long t)
{
	char iso[32];

	if (t <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	tk_iso_time(iso, t);
	cJSON_AddStringToObject(o, key, iso);
}

static void
add_str_or_null(cJSON *o, const char *key, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

/* [[start, len], ...] */
static cJSON *
ranges_json(const long *r, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++) {
		cJSON *p = cJSON_CreateArray();

		cJSON_AddItemToArray(p, cJSON_CreateNumber((double)r[2 * i]));
		cJSON_AddItemToArray(p,
				     cJSON_CreateNumber((double)r[2 * i + 1]));
		cJSON_AddItemToArray(a, p);
	}
	return a;
}

static int
is_editor(const struct req *r)
{
	return kb_role_in(r->agent.role, KB_ROLES_EDIT);
}

/* ---- the pinyin title list ------------------------------------------- */

/*
 * The visible titles, for pinyin matching.  Reloaded from the store when
 * an article was written through this process (kb_gen) or the local date
 * changed (effective windows).  A scan is linear in the number of visible
 * articles: fine for thousands, measured at 100,000 in docs/kb.md.
 */
static atomic_ulong kb_gen = 1;

static struct {
	pthread_rwlock_t lock;
	unsigned long gen; /* kb_gen it was loaded at; 0: never */
	char day[16];
	struct store_kb_title *t;
	size_t n;
} titles = {PTHREAD_RWLOCK_INITIALIZER, 0, "", NULL, 0};

static void
kb_changed(void)
{
	atomic_fetch_add(&kb_gen, 1);
}

/* Take the read lock on an up-to-date list; -1 when it cannot load. */
static int
titles_rdlock(struct store *st, const char *today)
{
	unsigned long gen = atomic_load(&kb_gen);

	pthread_rwlock_rdlock(&titles.lock);
	if (titles.gen == gen && strcmp(titles.day, today) == 0)
		return 0;
	pthread_rwlock_unlock(&titles.lock);
	pthread_rwlock_wrlock(&titles.lock);
	if (titles.gen != gen || strcmp(titles.day, today) != 0) {
		struct store_kb_title *t = NULL;
		size_t n = 0;

		if (st->ops->kb_titles(st, today, &t, &n) != ST_OK) {
			pthread_rwlock_unlock(&titles.lock);
			return -1;
		}
		store_kb_titles_free(titles.t, titles.n);
		titles.t = t;
		titles.n = n;
		titles.gen = gen;
		snprintf(titles.day, sizeof titles.day, "%s", today);
		slog(SLOG_DEBUG, "kb: %zu titles loaded for pinyin", n);
	}
	pthread_rwlock_unlock(&titles.lock);
	pthread_rwlock_rdlock(&titles.lock);
	return 0;
}

struct py_hit {
	long long id;
	int score;
};

static int
py_cmp(const void *a, const void *b)
{
	const struct py_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* 1 when the query has a Latin letter (a pinyin candidate). */
static int
has_latin(const char *q)
{
	for (; *q; q++)
		if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
			return 1;
	return 0;
}

/* The run of title characters that the pinyin query matches: the one that
 * ends first, shortest.  Byte range into title; 0 when none. */
static int
pinyin_span(const char *title, const char *q, long *start, long *len)
{
	size_t n = strlen(title), end = 0, s = 0, step;
	char *buf = xmalloc(n + 1);
	enum kb_char_class cls;
	int found = 0;

	while (end < n) {
		step = kb_char_next(title + end, n - end, NULL, &cls);
		end += step;
		memcpy(buf, title, end);
		buf[end] = '\0';
		if (pinyin_match(buf, q)) {
			found = 1;
			break;
		}
	}
	if (found) {
		/* Latest start that still matches within [s, end). */
		size_t best = 0;

		while (s < end) {
			memcpy(buf, title + s, end - s);
			buf[end - s] = '\0';
			if (!pinyin_match(buf, q))
				break;
			best = s;
			s += kb_char_next(title + s, n - s, NULL, &cls);
		}
		*start = (long)best;
		*len = (long)(end - best);
	}
	free(buf);
	return found;
}

/* ---- search ----------------------------------------------------------- */

struct term_keys {
	char *k[KB_QUERY_MAX_TERMS];
	size_t n;
};

/* The folded terms of a query (as kb_query.h splits them). */
static void
term_keys(const char *q, size_t len, struct term_keys *tk)
{
	size_t pos = 0;

	tk->n = 0;
	if (len > KB_QUERY_MAX_INPUT)
		len = KB_QUERY_MAX_INPUT;
	while (pos < len && tk->n < KB_QUERY_MAX_TERMS) {
		size_t start;

		while (pos < len) {
			enum kb_char_class c;
			size_t step = kb_char_next(q + pos, len - pos, NULL,
						   &c);

			if (c != KB_CHAR_SEP)
				break;
			pos += step;
		}
		start = pos;
		while (pos < len) {
			enum kb_char_class c;
			size_t step = kb_char_next(q + pos, len - pos, NULL,
						   &c);

			if (c == KB_CHAR_SEP)
				break;
			pos += step;
		}
		if (pos > start) {
			char *k = kb_query_key(q + start, pos - start);

			if (k)
				tk->k[tk->n++] = k;
		}
	}
}

static void
term_keys_free(struct term_keys *tk)
{
	size_t i;

	for (i = 0; i < tk->n; i++)
		free(tk->k[i]);
	tk->n = 0;
}

/*
 * A one-character query matches through the bigram that starts with the
 * character, so FTS5 marks two characters ("驾驶[证到]期").  Trim every
 * range whose folded text starts with a query term and goes on to that
 * term's characters only.
 */
static void
trim_ranges(const char *text, long *r, size_t n, const struct term_keys *tk)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const char *s = text + r[2 * i];
		size_t len = (size_t)r[2 * i + 1], best = 0;
		char *fold = kb_query_key(s, len);

		if (!fold)
			continue;
		for (k = 0; k < tk->n; k++) {
			size_t kl = strlen(tk->k[k]), pos = 0, flen = 0;

			if (kl >= strlen(fold) ||
			    strncmp(fold, tk->k[k], kl) != 0)
				continue;
			/* Bytes of s that fold to the first kl bytes. */
			while (pos < len && flen < kl) {
				enum kb_char_class c;
				uint32_t cp;
				size_t step = kb_char_next(s + pos, len - pos,
							   &cp, &c);

				if (c == KB_CHAR_WORD)
					flen += 1;
				else if (c == KB_CHAR_HAN)
					flen += step;
				pos += step;
			}
			if (flen == kl && pos > best)
				best = pos;
		}
		if (best > 0)
			r[2 * i + 1] = (long)best;
		free(fold);
	}
}

/* 1 when the character at s ends a sentence or a line. */
static int
sentence_end(const char *s)
{
	return *s == '\n' || strncmp(s, "。", 3) == 0 ||
	       strncmp(s, "！", 3) == 0 || strncmp(s, "？", 3) == 0 ||
	       strncmp(s, "；", 3) == 0;
}

/*
 * The excerpt of text t (matches r[0..n), merged) shown in a result: about
 * SNIPPET_CHARS characters starting a little before the densest group of
 * matches (at a sentence start when one is near), never cutting a match,
 * with "…" where text was left out and newlines shown as spaces.  The
 * ranges that fall inside are rewritten to offsets into the excerpt
 * (*n updated).  Caller frees the result.
 */
static char *
make_snippet(const char *t, long *r, size_t *n)
{
	size_t len = strlen(t), nc = 0, pos = 0, i, k, s = 0, e, best = 0;
	size_t *off = xmalloc((len + 1) * sizeof *off);
	enum kb_char_class cls;
	struct buf b;
	long shift;

	while (pos < len) {
		off[nc++] = pos;
		pos += kb_char_next(t + pos, len - pos, NULL, &cls);
	}
	off[nc] = len;
	for (i = 0; i < *n && i < 32; i++) {
		size_t c = 0, first, count = 0, wend;

		while (c < nc && off[c] < (size_t)r[2 * i])
			c++;
		first = c > SNIPPET_BEFORE ? c - SNIPPET_BEFORE : 0;
		for (k = c; k > first; k--)
			if (sentence_end(t + off[k - 1]))
				break;
		first = k;
		wend = first + SNIPPET_CHARS < nc ? first + SNIPPET_CHARS : nc;
		for (k = 0; k < *n; k++)
			count += (size_t)r[2 * k] >= off[first] &&
				 (size_t)(r[2 * k] + r[2 * k + 1]) <= off[wend];
		if (i == 0 || count > best) {
			best = count;
			s = first;
		}
	}
	e = s + SNIPPET_CHARS < nc ? s + SNIPPET_CHARS : nc;
	/* Never cut a match at the end. */
	for (k = 0; k < *n; k++) {
		size_t rs = (size_t)r[2 * k], re = rs + (size_t)r[2 * k + 1];

		if (rs < off[e] && re > off[e])
			while (e < nc && off[e] < re)
				e++;
	}
	buf_init(&b, 0);
	if (s > 0)
		buf_puts(&b, "…");
	shift = (long)b.len - (long)off[s];
	for (pos = off[s]; pos < off[e]; pos++)
		buf_putc(&b, t[pos] == '\n' || t[pos] == '\r' ? ' ' : t[pos]);
	if (e < nc)
		buf_puts(&b, "…");
	for (i = 0, k = 0; i < *n; i++) {
		if ((size_t)r[2 * i] < off[s] ||
		    (size_t)(r[2 * i] + r[2 * i + 1]) > off[e])
			continue;
		r[2 * k] = r[2 * i] + shift;
		r[2 * k + 1] = r[2 * i + 1];
		k++;
	}
	*n = k;
	free(off);
	return buf_steal(&b);
}

/* Marked text -> plain text (or its excerpt) and merged, trimmed match
 * offsets. */
static void
add_marked(cJSON *o, const char *text_key, const char *ranges_key,
	   const char *marked, const struct term_keys *tk, int excerpt)
{
	long *r = NULL;
	size_t n = 0;
	char *plain = kb_unmark(marked ? marked : "", &r, &n);

	trim_ranges(plain, r, n, tk);
	kb_ranges_merge(r, &n);
	if (excerpt) {
		char *ex = make_snippet(plain, r, &n);

		free(plain);
		plain = ex;
	}
	if (text_key)
		cJSON_AddStringToObject(o, text_key, plain);
	cJSON_AddItemToObject(o, ranges_key, ranges_json(r, n));
	free(r);
	free(plain);
}

struct merged {
	struct store_kb_hit *h;
	enum hit_src *src;
	size_t n, cap;
};

static int
merged_has(const struct merged *m, long long id)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->h[i].id == id)
			return 1;
	return 0;
}

static void
merged_add(struct merged *m, const struct store_kb_hit *h, enum hit_src s)
{
	if (m->n + 1 > m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		m->h = xrealloc(m->h, m->cap * sizeof *m->h);
		m->src = xrealloc(m->src, m->cap * sizeof *m->src);
	}
	memset(&m->h[m->n], 0, sizeof m->h[m->n]);
	m->h[m->n].id = h->id;
	m->h[m->n].score = h->score;
	m->h[m->n].pinned = h->pinned;
	m->src[m->n] = s;
	m->n++;
}

/* Stage 2: titles that match q by pinyin, not yet in m, up to want. */
static int
pinyin_stage(struct req *r, const char *q, const char *category,
	     const char *today, struct merged *m, size_t want)
{
	struct py_hit *ph = NULL;
	size_t n = 0, cap = 0, i, cl = category ? strlen(category) : 0;

	if (titles_rdlock(r->srv->store, today) != 0)
		return -1;
	for (i = 0; i < titles.n; i++) {
		const struct store_kb_title *t = &titles.t[i];
		int sc;

		if (category && strncmp(t->category_code, category, cl) != 0)
			continue;
		sc = pinyin_match_score(t->title, q);
		if (sc < 0)
			continue;
		if (n + 1 > cap) {
			cap = cap ? cap * 2 : 32;
			ph = xrealloc(ph, cap * sizeof *ph);
		}
		ph[n].id = t->id;
		ph[n].score = sc;
		n++;
	}
	pthread_rwlock_unlock(&titles.lock);
	if (n > 1)
		qsort(ph, n, sizeof *ph, py_cmp);
	for (i = 0; i < n && m->n < want; i++) {
		struct store_kb_hit h = {0};

		if (merged_has(m, ph[i].id))
			continue;
		h.id = ph[i].id;
		merged_add(m, &h, SRC_PINYIN);
	}
	free(ph);
	return 0;
}

/* Run one FTS stage and append the new ids; -1 on a store fault. */
static int
fts_stage(struct store *st, struct store_kb_search *s, struct merged *m,
	  size_t want, enum hit_src src)
{
	struct store_kb_hit *h = NULL;
	size_t n = 0, i;

	if (st->ops->kb_search(st, s, &h, &n) != ST_OK)
		return -1;
	for (i = 0; i < n && m->n < want; i++)
		if (src == SRC_ALL || !merged_has(m, h[i].id))
			merged_add(m, &h[i], src);
	store_kb_hits_free(h, n);
	return 0;
}

static const char *
src_name(enum hit_src s, int pinned)
{
	switch (s) {
	case SRC_ALL:
		return pinned ? "key" : "all";
	case SRC_PINYIN:
		return "pinyin";
	default:
		return "any";
	}
}

void
h_kb_search(struct req *r)
{
	struct store *st = r->srv->store;
	const char *q = req_query(r, "q");
	const char *category = req_query(r, "category");
	const char *lim = req_query(r, "limit");
	const char *cur = req_query(r, "cursor");
	const char *status = req_query(r, "status");
	struct kb_query all = {0}, any = {0};
	struct store_kb_search s = {0};
	struct merged m = {0};
	struct term_keys tk = {{0}, 0};
	char today[16], next[96], *key = NULL;
	long limit = SEARCH_DEFAULT;
	long long offset = 0;
	size_t want, i, end;
	cJSON *o, *items;
	int fail = 0;

	if (!q || !*q) {
		reply_error(r, 400, "missing_field", "q",
			    "q (the text to search for) is required");
		return;
	}
	if (!u8_valid(q, strlen(q))) {
		reply_error(r, 400, "bad_utf8", "q", "text is not valid UTF-8");
		return;
	}
	if (category && *category) {
		struct store_category c;
		enum status rc;

		rc = strlen(category) > 6 ? ST_NOT_FOUND
					  : st->ops->get_category(st, category,
								  &c);
		if (rc == ST_OK)
			store_category_free(&c);
		if (rc == ST_NOT_FOUND) {
			reply_error(r, 400, "unknown_value", "category",
				    "no such category");
			return;
		}
		if (rc != ST_OK) {
			reply_internal(r);
			return;
		}
	} else {
		category = NULL;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, SEARCH_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d", SEARCH_MAX);
		return;
	}
	if (cur && *cur &&
	    cursor_decode(cur, 's', SEARCH_DEPTH - 1, &offset) != 0) {
		reply_error(r, 400, "invalid_field", "cursor",
			    "not a cursor from this server");
		return;
	}
	if (status && *status) {
		if (strcmp(status, "all") != 0 && kb_status_parse(status) < 0) {
			reply_error(r, 400, "unknown_value", "status",
				    "all, draft, review, published or "
				    "expired");
			return;
		}
		if (!is_editor(r)) {
			reply_error(r, 403, "forbidden", "status",
				    "only knowledge-base editors search "
				    "articles that agents do not see");
			return;
		}
	} else {
		status = NULL;
	}
	kb_today(today);
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	if (kb_query_build(q, strlen(q), KB_QUERY_ALL, &all) ==
	    KB_QUERY_EMPTY) {
		/* Nothing searchable (punctuation only): no results. */
		cJSON_AddNullToObject(o, "next_cursor");
		cJSON_AddBoolToObject(o, "truncated", 0);
		reply_json(r, 200, o);
		return;
	}
	kb_query_build(q, strlen(q), KB_QUERY_ANY, &any);
	key = kb_query_key(q, strlen(q));
	want = (size_t)offset + (size_t)limit + 1;
	if (want > SEARCH_DEPTH)
		want = SEARCH_DEPTH;
	s.match = all.match;
	s.key = key;
	s.category = category;
	s.status = status;
	s.today = today;
	s.limit = (int)want;
	fail = fts_stage(st, &s, &m, want, SRC_ALL) != 0;
	if (!fail && m.n < want && !status && has_latin(q))
		fail = pinyin_stage(r, q, category, today, &m, want) != 0;
	if (!fail && m.n < KB_ANY_BELOW && m.n < want && any.match &&
	    strcmp(any.match, all.match) != 0) {
		s.match = any.match;
		s.key = NULL;
		s.limit = (int)(want + m.n);
		fail = fts_stage(st, &s, &m, want, SRC_ANY) != 0;
	}
	/* Display fields for the page only, one store call per stage. */
	end = m.n < (size_t)offset + (size_t)limit ? m.n
						   : (size_t)offset +
							     (size_t)limit;
	for (i = (size_t)offset; !fail && i < end;) {
		size_t j = i;
		const char *match = m.src[i] == SRC_ALL ? all.match
				    : m.src[i] == SRC_ANY ? any.match
							  : NULL;

		while (j < end && m.src[j] == m.src[i])
			j++;
		fail = st->ops->kb_hits_fill(st, match, &m.h[i], j - i) !=
		       ST_OK;
		i = j;
	}
	if (fail) {
		cJSON_Delete(o);
		reply_internal(r);
		goto out;
	}
	term_keys(q, strlen(q), &tk);
	for (i = (size_t)offset; i < end; i++) {
		const struct store_kb_hit *h = &m.h[i];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddNumberToObject(x, "id", (double)h->id);
		cJSON_AddStringToObject(x, "title", h->title);
		cJSON_AddStringToObject(x, "category_code", h->category_code);
		cJSON_AddStringToObject(x, "category_name", h->category_name);
		add_str_or_null(x, "owner_unit_code", h->owner_unit_code);
		add_marked(x, "snippet", "snippet_matches", h->snippet_marked,
			   &tk, 1);
		if (m.src[i] == SRC_PINYIN) {
			long sp[2];

			if (pinyin_span(h->title, q, &sp[0], &sp[1]))
				cJSON_AddItemToObject(x, "title_matches",
						      ranges_json(sp, 1));
			else
				cJSON_AddItemToObject(x, "title_matches",
						      cJSON_CreateArray());
		} else {
			add_marked(x, NULL, "title_matches", h->title_marked,
				   &tk, 0);
		}
		cJSON_AddNumberToObject(x, "score",
					round(h->score * 1000.0) / 1000.0);
		cJSON_AddStringToObject(x, "match",
					src_name(m.src[i], h->pinned));
		cJSON_AddItemToArray(items, x);
	}
	if (m.n > end && end < SEARCH_DEPTH) {
		cursor_encode(next, sizeof next, 's', (long long)end);
		cJSON_AddStringToObject(o, "next_cursor", next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	cJSON_AddBoolToObject(o, "truncated", all.truncated);
	reply_json(r, 200, o);
out:
	term_keys_free(&tk);
	store_kb_hits_free(m.h, m.n);
	free(m.src);
	free(key);
	kb_query_free(&all);
	kb_query_free(&any);
}

/* ---- articles --------------------------------------------------------- */

static cJSON *
keywords_json(const char *kw)
{
	cJSON *a = cJSON_CreateArray();
	const char *p = kw;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char *one = xstrndup(p, n);

		cJSON_AddItemToArray(a, cJSON_CreateString(one));
		free(one);
		if (!bar)
			break;
		p = bar + 1;
	}
	return a;
}

/* The ARTICLE object; brief leaves out the long texts; version rows carry
 * "action" and no use_count. */
static cJSON *
article_json(const struct store_kb_article *a, const char *today, int brief)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddStringToObject(o, "title", a->title);
	if (!brief) {
		cJSON_AddStringToObject(o, "question", a->question);
		cJSON_AddStringToObject(o, "answer", a->answer);
		cJSON_AddStringToObject(o, "sms_guide", a->sms_guide);
	}
	cJSON_AddStringToObject(o, "category_code", a->category_code);
	cJSON_AddStringToObject(o, "category_name", a->category_name);
	add_str_or_null(o, "owner_unit_code", a->owner_unit_code);
	add_str_or_null(o, "owner_unit_name", a->owner_unit_name);
	cJSON_AddItemToObject(o, "keywords", keywords_json(a->keywords));
	add_str_or_null(o, "effective_from", a->effective_from);
	add_str_or_null(o, "effective_to", a->effective_to);
	cJSON_AddStringToObject(o, "status", a->status);
	cJSON_AddNumberToObject(o, "version", (double)a->version);
	add_time(o, "created_at", a->created_at);
	cJSON_AddStringToObject(o, "created_by", a->created_by);
	add_time(o, "updated_at", a->updated_at);
	cJSON_AddStringToObject(o, "updated_by", a->updated_by);
	if (a->action) {
		cJSON_AddStringToObject(o, "action", a->action);
	} else {
		cJSON_AddNumberToObject(o, "use_count", (double)a->use_count);
		cJSON_AddBoolToObject(o, "visible",
				      kb_visible(a->status, a->effective_from,
						 a->effective_to, today));
	}
	return o;
}

/*
 * Load article seg[3] as the caller may see it: editors every article,
 * everyone else only visible ones (others are 404: an agent cannot tell
 * a draft from a missing id).  Replies and returns -1 on failure.
 */
static int
load_article(struct req *r, struct store_kb_article *a, const char *today)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[3]);
	enum status rc;

	memset(a, 0, sizeof *a);
	rc = id < 0 ? ST_NOT_FOUND : st->ops->kb_get(st, id, a);
	if (rc == ST_OK && !is_editor(r) &&
	    !kb_visible(a->status, a->effective_from, a->effective_to,
			today)) {
		store_kb_article_free(a);
		rc = ST_NOT_FOUND;
	}
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such article");
		return -1;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return -1;
	}
	return 0;
}

static void
reply_article(struct req *r, unsigned status, long long id)
{
	struct store *st = r->srv->store;
	struct store_kb_article a;
	char today[16];
	enum status rc = st->ops->kb_get(st, id, &a);

	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such article");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	kb_today(today);
	reply_header(r, "ETag", "\"%lld\"", a.version);
	if (status == 201)
		reply_header(r, "Location", "/v1/kb/articles/%lld", id);
	reply_json(r, status, article_json(&a, today, 0));
	store_kb_article_free(&a);
}

void
h_kb_get(struct req *r)
{
	struct store_kb_article a;
	char today[16];

	kb_today(today);
	if (load_article(r, &a, today) != 0)
		return;
	reply_header(r, "ETag", "\"%lld\"", a.version);
	reply_json(r, 200, article_json(&a, today, 0));
	store_kb_article_free(&a);
}

void
h_kb_list(struct req *r)
{
	struct store *st = r->srv->store;
	const char *status = req_query(r, "status");
	const char *lim = req_query(r, "limit");
	const char *cur = req_query(r, "cursor");
	struct store_kb_article *a = NULL;
	long limit = LIST_DEFAULT;
	long long before = 0;
	char today[16], next[96];
	size_t n = 0, i;
	cJSON *o, *items;

	if (status && *status) {
		if (kb_status_parse(status) < 0) {
			reply_error(r, 400, "unknown_value", "status",
				    "draft, review, published or expired");
			return;
		}
	} else {
		status = NULL;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, LIST_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d", LIST_MAX);
		return;
	}
	if (cur && *cur &&
	    cursor_decode(cur, 'a', 999999999999999LL, &before) != 0) {
		reply_error(r, 400, "invalid_field", "cursor",
			    "not a cursor from this server");
		return;
	}
	if (st->ops->kb_list(st, status, before, (int)limit + 1, &a, &n) !=
	    ST_OK) {
		reply_internal(r);
		return;
	}
	kb_today(today);
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, article_json(&a[i], today, 1));
	if (n > (size_t)limit) {
		cursor_encode(next, sizeof next, 'a', a[limit - 1].id);
		cJSON_AddStringToObject(o, "next_cursor", next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	store_kb_articles_free(a, n);
	reply_json(r, 200, o);
}

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v ? v : "");
}

/*
 * Apply the writable fields of body to a (create: required ones must be
 * present).  0, or -1 with *e.
 */
static int
article_from_json(struct store *st, const cJSON *body, int create,
		  struct store_kb_article *a, struct verr *e)
{
	static const char *const keys[] = {
		"title",	 "question",	   "answer",
		"sms_guide",	 "category_code",  "owner_unit_code",
		"keywords",	 "effective_from", "effective_to",
		NULL};
	static const char *const texts[] = {"title",	 "question",
					    "answer",	 "sms_guide",
					    "category_code", NULL};
	char **dst[] = {&a->title, &a->question, &a->answer, &a->sms_guide,
			&a->category_code};
	const cJSON *kw;
	const char *v;
	int i, got;

	if (cJSON_GetObjectItemCaseSensitive(body, "status")) {
		verr_set(e, 400, "invalid_field", "status",
			 "read-only: use the actions submit, publish, "
			 "expire");
		return -1;
	}
	if (jsonv_check_keys(body, keys, NULL, e) != 0)
		return -1;
	for (i = 0; texts[i]; i++) {
		got = jsonv_str(body, texts[i], 0, &v, e);
		if (got < 0)
			return -1;
		if (got)
			set_str(dst[i], v);
		else if (create && (i == 0 || i == 2 || i == 4)) {
			verr_set(e, 400, "missing_field", texts[i],
				 "required");
			return -1;
		}
	}
	got = jsonv_str(body, "owner_unit_code", 1, &v, e);
	if (got < 0)
		return -1;
	if (got)
		set_str(&a->owner_unit_code, v);
	got = jsonv_str(body, "effective_from", 1, &v, e);
	if (got < 0)
		return -1;
	if (got)
		set_str(&a->effective_from, v);
	got = jsonv_str(body, "effective_to", 1, &v, e);
	if (got < 0)
		return -1;
	if (got)
		set_str(&a->effective_to, v);
	kw = cJSON_GetObjectItemCaseSensitive(body, "keywords");
	if (kw) {
		struct buf b;
		const cJSON *k;

		if (!cJSON_IsArray(kw)) {
			verr_set(e, 400, "invalid_field", "keywords",
				 "an array of strings");
			return -1;
		}
		buf_init(&b, 0);
		cJSON_ArrayForEach(k, kw) {
			if (!cJSON_IsString(k) || !*k->valuestring ||
			    strchr(k->valuestring, '|')) {
				buf_free(&b);
				verr_set(e, 400, "invalid_field", "keywords",
					 "each keyword is a non-empty string "
					 "without '|'");
				return -1;
			}
			buf_printf(&b, "%s%s", b.len ? "|" : "",
				   k->valuestring);
		}
		free(a->keywords);
		a->keywords = buf_steal(&b);
	}
	if (kb_article_check(a, e) != 0)
		return -1;
	if (create || cJSON_GetObjectItemCaseSensitive(body,
						       "category_code")) {
		struct store_category c;
		enum status rc = strlen(a->category_code) > 6
					 ? ST_NOT_FOUND
					 : st->ops->get_category(
						   st, a->category_code, &c);

		if (rc == ST_OK)
			store_category_free(&c);
		if (rc != ST_OK) {
			verr_set(e, rc == ST_NOT_FOUND ? 400 : 500,
				 "unknown_value", "category_code",
				 "no such category");
			return -1;
		}
	}
	if (*a->owner_unit_code &&
	    cJSON_GetObjectItemCaseSensitive(body, "owner_unit_code")) {
		struct store_unit u;
		enum status rc = strlen(a->owner_unit_code) > 24
					 ? ST_NOT_FOUND
					 : st->ops->get_unit(
						   st, a->owner_unit_code, &u);

		if (rc == ST_OK)
			store_unit_free(&u);
		if (rc != ST_OK) {
			verr_set(e, rc == ST_NOT_FOUND ? 400 : 500,
				 "unknown_value", "owner_unit_code",
				 "no such unit");
			return -1;
		}
	}
	return 0;
}

void
h_kb_create(struct req *r)
{
	struct store *st = r->srv->store;
	struct store_kb_article a;
	struct verr e = {0};
	long long id = 0;
	cJSON *body;

	body = req_json(r, 0);
	if (!body)
		return;
	memset(&a, 0, sizeof a);
	a.title = xstrdup("");
	a.question = xstrdup("");
	a.answer = xstrdup("");
	a.sms_guide = xstrdup("");
	a.category_code = xstrdup("");
	a.owner_unit_code = xstrdup("");
	a.keywords = xstrdup("");
	a.effective_from = xstrdup("");
	a.effective_to = xstrdup("");
	a.status = xstrdup(kb_status_wire(KB_DRAFT));
	if (article_from_json(st, body, 1, &a, &e) != 0) {
		reply_verr(r, &e);
	} else if (st->ops->kb_create(st, &a, r->agent.username, now_s(),
				      &id) != ST_OK) {
		reply_internal(r);
	} else {
		kb_changed();
		slog(SLOG_INFO, "kb: article %lld created by %s", id,
		     r->agent.username);
		reply_article(r, 201, id);
	}
	store_kb_article_free(&a);
	cJSON_Delete(body);
}

void
h_kb_patch(struct req *r)
{
	struct store *st = r->srv->store;
	long long want = req_if_match(r), newv = 0;
	struct store_kb_article a;
	struct verr e = {0};
	char today[16];
	enum status rc;
	cJSON *body;

	kb_today(today);
	if (req_parse_id(r->seg[3]) < 0) {
		reply_error(r, 404, "not_found", NULL, "no such article");
		return;
	}
	if (want == -1) {
		reply_error(r, 428, "precondition_required", "If-Match",
			    "PATCH needs If-Match with the article's ETag");
		return;
	}
	body = req_json(r, 0);
	if (!body)
		return;
	if (load_article(r, &a, today) != 0) {
		cJSON_Delete(body);
		return;
	}
	if (want == -2 || (want >= 0 && want != a.version)) {
		reply_error(r, 412, "precondition_failed", "If-Match",
			    "the article has changed (version %lld)",
			    a.version);
		goto out;
	}
	if (strcmp(a.status, kb_status_wire(KB_EXPIRED)) == 0) {
		reply_error(r, 409, "transition_refused", NULL,
			    "update from expired: expired articles are "
			    "read-only; create a new one");
		goto out;
	}
	if (!cJSON_GetArraySize(body)) {
		reply_error(r, 400, "missing_field", NULL,
			    "no field to update");
		goto out;
	}
	if (article_from_json(st, body, 0, &a, &e) != 0) {
		reply_verr(r, &e);
		goto out;
	}
	rc = st->ops->kb_save(st, &a, a.version, "update", r->agent.username,
			      now_s(), &newv);
	if (rc == ST_CONFLICT) {
		reply_error(r, 412, "precondition_failed", "If-Match",
			    "the article has changed");
	} else if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such article");
	} else if (rc != ST_OK) {
		reply_internal(r);
	} else {
		kb_changed();
		reply_article(r, 200, a.id);
	}
out:
	store_kb_article_free(&a);
	cJSON_Delete(body);
}

void
h_kb_action(struct req *r)
{
	static const char *const none[] = {NULL};
	struct store *st = r->srv->store;
	int act = kb_action_parse(r->seg[5]);
	long long want = req_if_match(r), newv = 0;
	struct store_kb_article a;
	struct verr e = {0};
	enum kb_status from, to;
	char today[16];
	enum status rc;
	int tr, tries;
	cJSON *body;

	kb_today(today);
	if (act < 0 || req_parse_id(r->seg[3]) < 0) {
		reply_error(r, 404, "not_found", NULL,
			    act < 0 ? "no such action (submit, publish, "
				      "expire)"
				    : "no such article");
		return;
	}
	body = req_json(r, 1);
	if (!body)
		return;
	if (jsonv_check_keys(body, none, NULL, &e) != 0) {
		reply_verr(r, &e);
		cJSON_Delete(body);
		return;
	}
	cJSON_Delete(body);
	/* Retry a lost race only when the client did not pin a version. */
	for (tries = 0;; tries++) {
		if (load_article(r, &a, today) != 0)
			return;
		if (want == -2 || (want >= 0 && want != a.version)) {
			reply_error(r, 412, "precondition_failed", "If-Match",
				    "the article has changed (version %lld)",
				    a.version);
			store_kb_article_free(&a);
			return;
		}
		from = (enum kb_status)kb_status_parse(a.status);
		tr = kb_transition(from, (enum kb_action)act, r->agent.role,
				   &to);
		if (tr == -1) {
			reply_error(r, 409, "transition_refused", NULL,
				    "%s from %s", r->seg[5], a.status);
			store_kb_article_free(&a);
			return;
		}
		if (tr == -2) {
			reply_error(r, 403, "forbidden", NULL,
				    "role %s may not %s from %s",
				    role_wire(r->agent.role), r->seg[5],
				    a.status);
			store_kb_article_free(&a);
			return;
		}
		set_str(&a.status, kb_status_wire(to));
		rc = st->ops->kb_save(st, &a, a.version, r->seg[5],
				      r->agent.username, now_s(), &newv);
		if (rc != ST_CONFLICT || want >= 0 ||
		    tries + 1 >= SAVE_RETRIES)
			break;
		store_kb_article_free(&a);
	}
	if (rc == ST_CONFLICT) {
		reply_error(r, 412, "precondition_failed", "If-Match",
			    "the article has changed");
	} else if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such article");
	} else if (rc != ST_OK) {
		reply_internal(r);
	} else {
		kb_changed();
		slog(SLOG_INFO, "kb: article %lld %s by %s (version %lld)",
		     a.id, r->seg[5], r->agent.username, newv);
		reply_article(r, 200, a.id);
	}
	store_kb_article_free(&a);
}

void
h_kb_versions(struct req *r)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[3]);
	struct store_kb_article *v = NULL;
	char today[16];
	size_t n = 0, i;
	enum status rc;
	cJSON *o, *items;

	rc = id < 0 ? ST_NOT_FOUND : st->ops->kb_versions(st, id, &v, &n);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such article");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	kb_today(today);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "article_id", (double)id);
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, article_json(&v[i], today, 0));
	store_kb_articles_free(v, n);
	reply_json(r, 200, o);
}

/* ticket_no: a valid number of an existing ticket.  0, or -1 with *e. */
static int
ticket_ref_ok(struct store *st, const char *no, struct verr *e)
{
	struct tk_rec t;
	enum status rc;

	if (!tk_no_valid(no)) {
		verr_set(e, 400, "invalid_field", "ticket_no",
			 "not a ticket number");
		return -1;
	}
	rc = st->ops->get_ticket(st, no, &t, NULL, NULL);
	if (rc == ST_OK) {
		tk_rec_free(&t);
		return 0;
	}
	if (rc == ST_NOT_FOUND)
		verr_set(e, 400, "unknown_value", "ticket_no",
			 "no such ticket");
	else
		verr_set(e, 500, "internal", NULL, "internal");
	return -1;
}

void
h_kb_use(struct req *r)
{
	static const char *const keys[] = {"ticket_no", NULL};
	struct store *st = r->srv->store;
	struct store_kb_article a;
	struct verr e = {0};
	const char *no = NULL;
	long long count = 0;
	char today[16];
	enum status rc;
	cJSON *body, *o;

	body = req_json(r, 1);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "ticket_no", 1, &no, &e) < 0 ||
	    (no && ticket_ref_ok(st, no, &e) != 0)) {
		reply_verr(r, &e);
		cJSON_Delete(body);
		return;
	}
	kb_today(today);
	/* Only what agents see can be used, whoever asks. */
	if (load_article(r, &a, today) != 0) {
		cJSON_Delete(body);
		return;
	}
	if (!kb_visible(a.status, a.effective_from, a.effective_to, today)) {
		reply_error(r, 409, "transition_refused", NULL,
			    "use of a %s article: only published, "
			    "effective articles are read out",
			    a.status);
		goto out;
	}
	rc = st->ops->kb_use(st, a.id, no, r->agent.username, now_s(),
			     &count);
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such article");
		goto out;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		goto out;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "article_id", (double)a.id);
	cJSON_AddNumberToObject(o, "version", (double)a.version);
	add_str_or_null(o, "ticket_no", no);
	cJSON_AddNumberToObject(o, "use_count", (double)count);
	reply_json(r, 200, o);
out:
	store_kb_article_free(&a);
	cJSON_Delete(body);
}

void
h_kb_uses(struct req *r)
{
	struct store *st = r->srv->store;
	const char *no = req_query(r, "ticket_no");
	struct store_kb_use *u = NULL;
	size_t n = 0, i;
	cJSON *o, *items;

	if (!no || !*no) {
		reply_error(r, 400, "missing_field", "ticket_no",
			    "ticket_no is required");
		return;
	}
	if (!tk_no_valid(no)) {
		reply_error(r, 400, "invalid_field", "ticket_no",
			    "not a ticket number");
		return;
	}
	if (st->ops->kb_uses(st, no, &u, &n) != ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddNumberToObject(x, "article_id",
					(double)u[i].article_id);
		cJSON_AddNumberToObject(x, "version", (double)u[i].version);
		cJSON_AddStringToObject(x, "title", u[i].title);
		cJSON_AddStringToObject(x, "ticket_no", u[i].ticket_no);
		cJSON_AddStringToObject(x, "agent", u[i].agent);
		add_time(x, "at", u[i].at);
		cJSON_AddItemToArray(items, x);
	}
	store_kb_uses_free(u, n);
	reply_json(r, 200, o);
}

/* ---- SMS outbox -------------------------------------------------------- */

static cJSON *
sms_json(const struct store_sms *m)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddStringToObject(o, "phone", m->phone);
	cJSON_AddStringToObject(o, "text", m->text);
	cJSON_AddNumberToObject(o, "chars", (double)u8_count(m->text));
	if (m->article_id > 0)
		cJSON_AddNumberToObject(o, "article_id",
					(double)m->article_id);
	else
		cJSON_AddNullToObject(o, "article_id");
	add_str_or_null(o, "ticket_no", m->ticket_no);
	add_str_or_null(o, "call_id", m->call_id);
	cJSON_AddStringToObject(o, "state", m->state);
	add_time(o, "created_at", m->created_at);
	add_time(o, "sent_at", m->sent_at);
	add_str_or_null(o, "error", m->error);
	cJSON_AddStringToObject(o, "created_by", m->created_by);
	return o;
}

static int
call_id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > KB_CALL_ID_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || strchr("._:-", c)))
			return 0;
	}
	return 1;
}

void
h_sms_create(struct req *r)
{
	static const char *const keys[] = {"phone",	"text",
					   "article_id", "ticket_no",
					   "call_id",	 NULL};
	struct store *st = r->srv->store;
	struct store_kb_article a;
	struct store_sms m = {0};
	struct verr e = {0};
	const char *phone = NULL, *text = NULL, *no = NULL, *call = NULL;
	const cJSON *aid;
	long long id = 0, article = 0;
	char today[16], masked[32];
	enum status rc;
	cJSON *body;

	memset(&a, 0, sizeof a);
	body = req_json(r, 0);
	if (!body)
		return;
	if (jsonv_check_keys(body, keys, NULL, &e) != 0 ||
	    jsonv_str(body, "phone", 0, &phone, &e) < 0 ||
	    jsonv_str(body, "text", 0, &text, &e) < 0 ||
	    jsonv_str(body, "ticket_no", 1, &no, &e) < 0 ||
	    jsonv_str(body, "call_id", 1, &call, &e) < 0)
		goto bad;
	if (!phone) {
		verr_set(&e, 400, "missing_field", "phone", "required");
		goto bad;
	}
	if (!kb_mobile_ok(phone)) {
		verr_set(&e, 400, "invalid_field", "phone",
			 "a mobile number: 11 digits, 13x to 19x");
		goto bad;
	}
	aid = cJSON_GetObjectItemCaseSensitive(body, "article_id");
	if (aid && !cJSON_IsNull(aid)) {
		if (!cJSON_IsNumber(aid) || aid->valuedouble < 1 ||
		    aid->valuedouble > 1e15 ||
		    aid->valuedouble != (double)(long long)aid->valuedouble) {
			verr_set(&e, 400, "invalid_field", "article_id",
				 "an article id");
			goto bad;
		}
		article = (long long)aid->valuedouble;
	}
	if (text && article) {
		verr_set(&e, 400, "invalid_field", "article_id",
			 "give text or article_id, not both");
		goto bad;
	}
	if (!text && !article) {
		verr_set(&e, 400, "missing_field", "text",
			 "give the text, or an article_id to send its "
			 "service guide");
		goto bad;
	}
	if (text && kb_text_check(text, "text", KB_SMS_TEXT_MAX, 1, 0, &e))
		goto bad;
	if (no && ticket_ref_ok(st, no, &e) != 0)
		goto bad;
	if (call && !call_id_ok(call)) {
		verr_set(&e, 400, "invalid_field", "call_id",
			 "1 to %d characters of A-Z a-z 0-9 . _ : -",
			 KB_CALL_ID_MAX);
		goto bad;
	}
	if (article) {
		kb_today(today);
		rc = st->ops->kb_get(st, article, &a);
		if (rc != ST_OK && rc != ST_NOT_FOUND) {
			reply_internal(r);
			goto out;
		}
		if (rc == ST_NOT_FOUND ||
		    !kb_visible(a.status, a.effective_from, a.effective_to,
				today)) {
			verr_set(&e, 400, "unknown_value", "article_id",
				 "no such published article");
			goto bad;
		}
		if (!*a.sms_guide) {
			verr_set(&e, 400, "invalid_field", "article_id",
				 "the article has no SMS service guide");
			goto bad;
		}
		text = a.sms_guide;
	}
	m.phone = xstrdup(phone);
	m.text = xstrdup(text);
	m.article_id = article;
	m.ticket_no = xstrdup(no ? no : "");
	m.call_id = xstrdup(call ? call : "");
	m.created_by = xstrdup(r->agent.username);
	rc = st->ops->sms_create(st, &m, now_s(), &id);
	store_sms_free(&m);
	if (rc != ST_OK) {
		reply_internal(r);
		goto out;
	}
	kb_mask_phone(phone, masked);
	slog(SLOG_INFO, "sms: queued #%lld to %s (%zu chars) by %s", id,
	     masked, u8_count(text), r->agent.username);
	if (st->ops->sms_get(st, id, &m) != ST_OK) {
		reply_internal(r);
		goto out;
	}
	reply_header(r, "Location", "/v1/sms/%lld", id);
	reply_json(r, 201, sms_json(&m));
	store_sms_free(&m);
	goto out;
bad:
	reply_verr(r, &e);
out:
	store_kb_article_free(&a);
	cJSON_Delete(body);
}

void
h_sms_get(struct req *r)
{
	struct store *st = r->srv->store;
	long long id = req_parse_id(r->seg[2]);
	struct store_sms m;
	enum status rc;

	rc = id < 0 ? ST_NOT_FOUND : st->ops->sms_get(st, id, &m);
	if (rc == ST_OK && !kb_role_in(r->agent.role, KB_ROLES_OUTBOX) &&
	    strcmp(m.created_by, r->agent.username) != 0) {
		/* Someone else's message: as if it did not exist. */
		store_sms_free(&m);
		rc = ST_NOT_FOUND;
	}
	if (rc == ST_NOT_FOUND) {
		reply_error(r, 404, "not_found", NULL, "no such message");
		return;
	}
	if (rc != ST_OK) {
		reply_internal(r);
		return;
	}
	reply_json(r, 200, sms_json(&m));
	store_sms_free(&m);
}

void
h_sms_list(struct req *r)
{
	static const char *const states[] = {"queued", "sent", "failed", NULL};
	struct store *st = r->srv->store;
	const char *state = req_query(r, "state");
	const char *lim = req_query(r, "limit");
	const char *cur = req_query(r, "cursor");
	struct store_sms *m = NULL;
	long limit = LIST_DEFAULT;
	long long before = 0;
	char next[96];
	size_t n = 0, i;
	cJSON *o, *items;

	if (state && *state) {
		for (i = 0; states[i] && strcmp(states[i], state); i++)
			;
		if (!states[i]) {
			reply_error(r, 400, "unknown_value", "state",
				    "queued, sent or failed");
			return;
		}
	} else {
		state = NULL;
	}
	if (lim && req_parse_limit(lim, LIMIT_CHARS, 1, LIST_MAX,
				   &limit) != 0) {
		reply_error(r, 400, "invalid_field", "limit",
			    "limit is an integer from 1 to %d", LIST_MAX);
		return;
	}
	if (cur && *cur &&
	    cursor_decode(cur, 'm', 999999999999999LL, &before) != 0) {
		reply_error(r, 400, "invalid_field", "cursor",
			    "not a cursor from this server");
		return;
	}
	if (st->ops->sms_list(st, state, before, (int)limit + 1, &m, &n) !=
	    ST_OK) {
		reply_internal(r);
		return;
	}
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, sms_json(&m[i]));
	if (n > (size_t)limit) {
		cursor_encode(next, sizeof next, 'm', m[limit - 1].id);
		cJSON_AddStringToObject(o, "next_cursor", next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	store_smses_free(m, n);
	reply_json(r, 200, o);
}
