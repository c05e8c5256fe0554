/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pinyin.c - readings lookup and the pinyin filter matcher.
 *
 * The matcher is a small NFA run once over the text: state p means "the
 * first p code points of the (folded) query are consumed by the text
 * characters seen so far"; every character may start a new attempt at
 * state 0.  Each state remembers the earliest text position its attempt
 * started at, which gives the rank.  A literal-only copy of the same
 * automaton runs alongside to tell "typed the text itself" from "typed
 * its pinyin".  Cost: O(text length x query length x readings), no
 * allocation.  UTF-8 is decoded here (not with core/utf8.h) so that the
 * inner loop inlines and invalid bytes become a value that matches
 * nothing.
 */
#include "pinyin.h"

#include <stddef.h>
#include <stdint.h>

/* Query code points kept for the automaton; longer queries (after
 * separators are dropped) are matched literally only. */
#define QMAX 128

/* Decoded-but-invalid input: never equal to anything else. */
#define CP_BAD_TEXT  0xFFFFFFFEu
#define CP_BAD_QUERY 0xFFFFFFFFu
/* Separator: skipped in text and query. */
#define CP_SEP 0xFFFFFFFDu

/* Rank layout: tier, then start position, then text length. */
#define RANK_FIELD 0xFFF

static uint16_t
set_of(uint32_t cp)
{
	const struct pinyin_table *t = &pinyin_table;
	int i;

	if (cp < 0x3400)
		return 0;
	for (i = 0; i < t->nranges; i++) {
		const struct pinyin_range *r = &t->ranges[i];

		if (cp >= r->first && cp <= r->last)
			return t->cp_set[r->base + (cp - r->first)];
	}
	return 0;
}

int
pinyin_readings(uint32_t cp, const char **out, int max)
{
	const uint16_t *set;
	int i, n = 0;

	set = pinyin_table.sets[set_of(cp)];
	for (i = 0; i < PINYIN_MAX_READINGS && set[i] != 0; i++) {
		if (out != NULL && n < max)
			out[n] = pinyin_table.syl[set[i] - 1];
		n++;
	}
	return n;
}

/* Decode one code point at *sp (NUL-terminated), advance *sp.  Invalid
 * or truncated sequences, overlongs, surrogates: one byte, returns bad. */
static uint32_t
next_cp(const unsigned char **sp, uint32_t bad)
{
	const unsigned char *s = *sp;
	uint32_t c = s[0], min;
	int n, i;

	if (c < 0x80) {
		*sp = s + 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	/* A NUL fails the continuation test, so we never read past it. */
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*sp = s + n + 1;
	return c;
bad:
	*sp = s + 1;
	return bad;
}

/* Case and width folding; separators become CP_SEP. */
static uint32_t
fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	if (c < 0x80) {
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\v' || c == '\f' || c == '\'')
			return CP_SEP;
		return c;
	}
	if (c == 0x3000 || c == 0x2019 || c == 0xFF07)
		return CP_SEP;
	if (c >= 0xFF01 && c <= 0xFF5E)
		return fold(c - 0xFEE0);
	return c;
}

/* Next folded non-separator code point of s, 0 at the end. */
static uint32_t
next_token(const unsigned char **sp, uint32_t bad)
{
	uint32_t c;

	do {
		if (**sp == '\0')
			return 0;
		c = next_cp(sp, bad);
		if (c != bad)
			c = fold(c);
	} while (c == CP_SEP);
	return c;
}

/* Fold the query into q; returns its length, or QMAX + 1 when too long. */
static int
load_query(const char *query, uint32_t *q)
{
	const unsigned char *s = (const unsigned char *)query;
	uint32_t c;
	int m = 0;

	while ((c = next_token(&s, CP_BAD_QUERY)) != 0) {
		if (m == QMAX)
			return QMAX + 1;
		q[m++] = c;
	}
	return m;
}

struct match_result {
	long lit_start; /* earliest literal match start, -1 for none */
	long gen_start; /* earliest match start of any kind, -1 for none */
	long ntokens;   /* text length in non-separator code points */
};

static void
relax(long *slot, long start)
{
	if (*slot < 0 || start < *slot)
		*slot = start;
}

/*
 * Run both automata over text.  With first_only, stop at the first
 * completion of the general one (pinyin_match); otherwise read it all.
 */
static void
run_nfa(const char *text, const uint32_t *q, int m, int first_only,
        struct match_result *res)
{
	long gen_a[QMAX + 1], gen_b[QMAX + 1], lit_a[QMAX + 1], lit_b[QMAX + 1];
	long *gen = gen_a, *gnx = gen_b, *lit = lit_a, *lnx = lit_b, *tmp;
	const unsigned char *s = (const unsigned char *)text;
	uint32_t t;
	long k = 0;
	int p;

	res->lit_start = res->gen_start = -1;
	for (p = 0; p <= m; p++)
		gen[p] = lit[p] = -1;
	while ((t = next_token(&s, CP_BAD_TEXT)) != 0) {
		const uint16_t *set = NULL;

		gen[0] = lit[0] = k;
		for (p = 1; p <= m; p++)
			gnx[p] = lnx[p] = -1;
		if (t >= 0x3400) {
			uint16_t si = set_of(t);

			if (si != 0)
				set = pinyin_table.sets[si];
		}
		for (p = 0; p < m; p++) {
			long st = gen[p];
			int r;

			if (lit[p] >= 0 && q[p] == t)
				relax(&lnx[p + 1], lit[p]);
			if (st < 0)
				continue;
			if (q[p] == t)
				relax(&gnx[p + 1], st);
			if (set == NULL)
				continue;
			for (r = 0; r < PINYIN_MAX_READINGS && set[r] != 0;
			     r++) {
				const char *y = pinyin_table.syl[set[r] - 1];
				int l;

				for (l = 0; p + l < m && y[l] != '\0'; l++) {
					uint32_t qc = q[p + l];

					if (qc != (unsigned char)y[l] &&
					    !(qc == 'u' && y[l] == 'v'))
						break;
					relax(&gnx[p + l + 1], st);
				}
			}
		}
		if (lnx[m] >= 0)
			relax(&res->lit_start, lnx[m]);
		if (gnx[m] >= 0) {
			relax(&res->gen_start, gnx[m]);
			if (first_only)
				break;
		}
		tmp = gen;
		gen = gnx;
		gnx = tmp;
		tmp = lit;
		lit = lnx;
		lnx = tmp;
		k++;
	}
	/* Exact only when the whole text was read (!first_only). */
	res->ntokens = k;
}

/* Literal-only search for queries longer than QMAX: naive, O(n*m). */
static void
run_long(const char *text, const char *query, struct match_result *res)
{
	const unsigned char *s = (const unsigned char *)text;
	long k = 0;

	res->lit_start = res->gen_start = -1;
	for (;;) {
		const unsigned char *a = s, *b = (const unsigned char *)query;
		uint32_t qc, tc;

		for (;;) {
			qc = next_token(&b, CP_BAD_QUERY);
			if (qc == 0)
				break;
			tc = next_token(&a, CP_BAD_TEXT);
			if (tc != qc)
				break;
		}
		if (qc == 0 && res->lit_start < 0)
			res->lit_start = res->gen_start = k;
		if (next_token(&s, CP_BAD_TEXT) == 0)
			break;
		k++;
	}
	res->ntokens = k;
}

static int
match(const char *text, const char *query, int first_only,
      struct match_result *res)
{
	uint32_t q[QMAX];
	int m;

	if (text == NULL)
		text = "";
	if (query == NULL)
		query = "";
	m = load_query(query, q);
	if (m == 0) {
		res->lit_start = res->gen_start = 0;
		res->ntokens = 0;
		return 1;
	}
	if (m > QMAX)
		run_long(text, query, res);
	else
		run_nfa(text, q, m, first_only, res);
	return res->gen_start >= 0;
}

int
pinyin_match(const char *text, const char *query)
{
	struct match_result res;

	return match(text, query, 1, &res);
}

static long
cap(long v)
{
	return v > RANK_FIELD ? RANK_FIELD : v;
}

int
pinyin_match_score(const char *text, const char *query)
{
	struct match_result res;
	long tier, start;

	if (!match(text, query, 0, &res))
		return -1;
	if (res.lit_start == 0) {
		tier = 0;
		start = 0;
	} else if (res.gen_start == 0) {
		tier = 1;
		start = 0;
	} else if (res.lit_start > 0) {
		tier = 2;
		start = res.lit_start;
	} else {
		tier = 3;
		start = res.gen_start;
	}
	return (int)((tier << 24) | (cap(start) << 12) | cap(res.ntokens));
}
