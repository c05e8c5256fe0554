/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kbmodel.h - knowledge-base search hits and articles as the client keeps
 * them (issue #5 §3), free of JSON and curses.
 *
 * Owns: struct kb_hit / kb_hits / kb_article and kb_mark_sanitize(), which
 * sanitizes untrusted text that carries [start, length] byte ranges of
 * matches.  Sanitizing can change byte lengths (an invalid byte becomes a
 * 3-byte U+FFFD), so the text is sanitized piece by piece between the
 * range boundaries and the ranges are recomputed in the sanitized text.
 * Every string here is malloc'd and owned by the struct; the _free
 * functions release it and zero the struct.
 */
#ifndef HOTLINE_CORE_KBMODEL_H
#define HOTLINE_CORE_KBMODEL_H

#include <stddef.h>

/* A byte range of a match in a sanitized string. */
struct kb_range {
	size_t start, len;
};

struct kb_hit {
	long id;
	char *title;   /* one line, sanitized */
	char *snippet; /* one line, sanitized */
	struct kb_range *title_m, *snippet_m; /* sorted, disjoint, in range */
	size_t n_title_m, n_snippet_m;
};

struct kb_hits {
	struct kb_hit *items;
	size_t n;
};

struct kb_article {
	long id;
	char *title;     /* one line */
	char *answer;    /* 答复口径, newlines kept */
	char *sms_guide; /* 办事指南, newlines kept, may be "" */
	/* for the editor (may be NULL/0 when the server left them out) */
	char *question; /* newlines kept */
	char *keywords; /* one line, joined with "," */
	char *status;   /* "draft", "review", "published", "expired" */
	long version;   /* the ETag */
	char *category; /* category_code ("0101"), one line; may be NULL */
};

/* A queued SMS as POST /v1/sms returned it. */
struct kb_sms {
	long id;
	char *phone; /* as the server shows it */
	char *state; /* "queued", "sent", "failed" */
};

/* Deep copies into *dst (which is overwritten, not freed). */
void kb_hits_copy(struct kb_hits *dst, const struct kb_hits *src);
void kb_article_copy(struct kb_article *dst, const struct kb_article *src);

void kb_hit_free(struct kb_hit *h);
void kb_sms_free(struct kb_sms *s);
void kb_hits_free(struct kb_hits *h);
void kb_article_free(struct kb_article *a);

/*
 * Sanitize raw[0..len) with u8_sanitize flags and map the ranges
 * in[0..n_in) (byte offsets into raw, untrusted: out of range, reversed,
 * overlapping or cutting a character are all possible) onto the result.
 * Ranges are clipped to the text, snapped outwards to character
 * boundaries, sorted and merged; empty ones are dropped.  *out (malloc'd
 * NUL-terminated) and *ranges (malloc'd, NULL when none) with *n_out.
 */
void kb_mark_sanitize(const char *raw, size_t len, unsigned flags,
		      const struct kb_range *in, size_t n_in, char **out,
		      struct kb_range **ranges, size_t *n_out);

#endif
