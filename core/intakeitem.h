/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intakeitem.h - an item of the online queue of other channels (网站, 微信,
 * App, 人民网, 省平台 ...) as the client keeps it, free of JSON and curses
 * (docs/api.md "Online queue").
 *
 * Owns struct intake_item / intake_items and the small pure helpers the
 * queue view uses: the one-line headline of an item and the waiting time
 * as text.  Every string is malloc'd, sanitized by net/ before it gets
 * here, and owned by the struct; the _free functions release it and zero
 * the struct.
 */
#ifndef HOTLINE_CORE_INTAKEITEM_H
#define HOTLINE_CORE_INTAKEITEM_H

#include <stddef.h>
#include <time.h>

struct intake_item {
	long id;
	char *channel;       /* wire code: "WECHAT" ... */
	char *external_id;   /* one line */
	char *citizen_phone; /* one line, may be "" */
	char *citizen_name;  /* one line, may be "" */
	char *subject;       /* one line, may be "" */
	char *content;       /* newlines kept */
	time_t received_at;  /* 0 when unknown */
	char *state;         /* "waiting", "claimed", "done" */
	char *claimed_by;    /* "" when none */
	char *ticket_no;     /* "" when none */
	long version;
};

struct intake_items {
	struct intake_item *items;
	size_t n;
	char *next_cursor; /* "" when no more */
};

/* Deep copy into *dst (overwritten, not freed). */
void intake_item_copy(struct intake_item *dst, const struct intake_item *src);
void intake_item_free(struct intake_item *it);
void intake_items_free(struct intake_items *l);

/* The subject, or else the first line of the content, into out (cap
 * bytes, cut at a character boundary).  Returns out. */
char *intake_item_headline(const struct intake_item *it, char *out,
			   size_t cap);

/* Waiting time of secs seconds as "45s", "12m", "3h05m" or "2d04h"
 * (negative counts as 0).  Returns out. */
char *intake_wait_text(long long secs, char *out, size_t cap);

#endif
