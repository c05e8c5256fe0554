/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kbmodel.c - knowledge-base structs and range-preserving sanitizing.
 */
#include "kbmodel.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

void
kb_hit_free(struct kb_hit *h)
{
	if (!h)
		return;
	free(h->title);
	free(h->snippet);
	free(h->title_m);
	free(h->snippet_m);
	memset(h, 0, sizeof(*h));
}

void
kb_hits_free(struct kb_hits *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->n; i++)
		kb_hit_free(&h->items[i]);
	free(h->items);
	memset(h, 0, sizeof(*h));
}

static struct kb_range *
ranges_dup(const struct kb_range *r, size_t n)
{
	struct kb_range *d;

	if (!n)
		return NULL;
	d = xcalloc(n, sizeof(*d));
	memcpy(d, r, n * sizeof(*d));
	return d;
}

void
kb_hits_copy(struct kb_hits *dst, const struct kb_hits *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (!src || !src->n)
		return;
	dst->items = xcalloc(src->n, sizeof(*dst->items));
	dst->n = src->n;
	for (i = 0; i < src->n; i++) {
		const struct kb_hit *s = &src->items[i];
		struct kb_hit *d = &dst->items[i];

		d->id = s->id;
		d->title = xstrdup(s->title ? s->title : "");
		d->snippet = xstrdup(s->snippet ? s->snippet : "");
		d->title_m = ranges_dup(s->title_m, s->n_title_m);
		d->n_title_m = d->title_m ? s->n_title_m : 0;
		d->snippet_m = ranges_dup(s->snippet_m, s->n_snippet_m);
		d->n_snippet_m = d->snippet_m ? s->n_snippet_m : 0;
	}
}

void
kb_article_copy(struct kb_article *dst, const struct kb_article *src)
{
	memset(dst, 0, sizeof(*dst));
	if (!src)
		return;
	dst->id = src->id;
	dst->title = xstrdup(src->title ? src->title : "");
	dst->answer = xstrdup(src->answer ? src->answer : "");
	dst->sms_guide = xstrdup(src->sms_guide ? src->sms_guide : "");
	dst->question = xstrdup(src->question ? src->question : "");
	dst->keywords = xstrdup(src->keywords ? src->keywords : "");
	dst->status = xstrdup(src->status ? src->status : "");
	dst->category = xstrdup(src->category ? src->category : "");
	dst->version = src->version;
}

void
kb_sms_free(struct kb_sms *s)
{
	if (!s)
		return;
	free(s->phone);
	free(s->state);
	memset(s, 0, sizeof(*s));
}

void
kb_article_free(struct kb_article *a)
{
	if (!a)
		return;
	free(a->title);
	free(a->answer);
	free(a->sms_guide);
	free(a->question);
	free(a->keywords);
	free(a->status);
	free(a->category);
	memset(a, 0, sizeof(*a));
}

static int
range_cmp(const void *pa, const void *pb)
{
	const struct kb_range *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return 0;
}

/* Move off back to the start of the character containing it. */
static size_t
snap_back(const char *s, size_t off)
{
	while (off > 0 && ((unsigned char)s[off] & 0xC0) == 0x80)
		off--;
	return off;
}

static size_t
snap_fwd(const char *s, size_t len, size_t off)
{
	while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
		off++;
	return off;
}

/* Append the sanitized piece raw[a..b) to the growing output. */
static void
put_piece(char **acc, size_t *alen, const char *raw, size_t a, size_t b,
	  unsigned flags)
{
	char *p;
	size_t pl;

	if (b <= a)
		return;
	p = u8_sanitize(raw + a, b - a, flags);
	pl = strlen(p);
	*acc = xrealloc(*acc, *alen + pl + 1);
	memcpy(*acc + *alen, p, pl + 1);
	*alen += pl;
	free(p);
}

void
kb_mark_sanitize(const char *raw, size_t len, unsigned flags,
		 const struct kb_range *in, size_t n_in, char **out,
		 struct kb_range **ranges, size_t *n_out)
{
	struct kb_range *r = NULL;
	size_t n = 0, i, pos = 0, alen = 0;
	char *acc;

	if (!raw)
		len = 0;
	/* clip, snap, drop empties */
	if (n_in > 0 && len > 0) {
		r = xcalloc(n_in, sizeof(*r));
		for (i = 0; i < n_in; i++) {
			size_t s = in[i].start, e;

			if (s >= len || in[i].len == 0)
				continue;
			e = in[i].len > len - s ? len : s + in[i].len;
			s = snap_back(raw, s);
			e = snap_fwd(raw, len, e);
			if (e <= s)
				continue;
			r[n].start = s;
			r[n].len = e - s;
			n++;
		}
	}
	if (n > 1) {
		size_t k = 0;

		qsort(r, n, sizeof(*r), range_cmp);
		for (i = 1; i < n; i++) {
			size_t end = r[k].start + r[k].len;

			if (r[i].start <= end) {
				size_t e2 = r[i].start + r[i].len;

				if (e2 > end)
					r[k].len = e2 - r[k].start;
			} else {
				r[++k] = r[i];
			}
		}
		n = k + 1;
	}
	acc = xstrdup("");
	for (i = 0; i < n; i++) {
		size_t ms, me = r[i].start + r[i].len;

		put_piece(&acc, &alen, raw, pos, r[i].start, flags);
		ms = alen;
		put_piece(&acc, &alen, raw, r[i].start, me, flags);
		r[i].start = ms;
		r[i].len = alen - ms;
		pos = me;
	}
	put_piece(&acc, &alen, raw, pos, len, flags);
	*out = acc;
	if (n == 0) {
		free(r);
		r = NULL;
	}
	*ranges = r;
	*n_out = n;
}
