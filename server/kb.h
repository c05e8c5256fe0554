/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb.h - the knowledge base's rules shared by the routes, the seed loader
 * and the store: article statuses and their lifecycle, visibility on a
 * date, field limits and checks, the highlight markers, and the SMS
 * outbox's phone rule and masking (docs/kb.md).
 *
 * Everything here is pure and thread-safe; strings are borrowed.
 */
#ifndef HOTLINE_SERVER_KB_H
#define HOTLINE_SERVER_KB_H

#include <stddef.h>

#include "../core/ticket.h"
#include "jsonv.h"
#include "store.h"

/* Field limits, in characters (code points). */
#define KB_TITLE_MAX 100
#define KB_QUESTION_MAX 500
#define KB_ANSWER_MAX 4000
#define KB_SMS_GUIDE_MAX 500
#define KB_KEYWORD_MAX 50     /* one keyword */
#define KB_KEYWORDS_MAX 1000  /* all of them, '|'-joined */
#define KB_KEYWORDS_COUNT 50  /* keywords per article */
#define KB_SMS_TEXT_MAX 500   /* one SMS outbox message */
#define KB_CALL_ID_MAX 64

/*
 * Highlight markers: the store wraps matched text in these (FTS5
 * highlight() and snippet()); routes strip them into byte offsets.  Article
 * text can never contain them: kb_text_check() refuses C0 controls.
 */
#define KB_MARK_OPEN "\x01"
#define KB_MARK_CLOSE "\x02"

enum kb_status {
	KB_DRAFT = 0,
	KB_REVIEW,
	KB_PUBLISHED,
	KB_EXPIRED,
	KB_STATUS__COUNT
};

/* "draft" "review" "published" "expired"; NULL when out of range. */
const char *kb_status_wire(enum kb_status s);
/* -1 when unknown. */
int kb_status_parse(const char *s);

/* Lifecycle actions (POST /v1/kb/articles/{id}/actions/{action}). */
enum kb_action {
	KB_SUBMIT = 0, /* draft -> review */
	KB_PUBLISH,    /* review -> published; draft -> published for
			  supervisor and admin only */
	KB_EXPIRE,     /* published -> expired */
	KB_ACTION__COUNT
};

const char *kb_action_wire(enum kb_action a);
int kb_action_parse(const char *s);

/* Roles that may read the knowledge base (search, read published
 * articles) and that may edit it (create, change, move through the
 * lifecycle, see every status and every version). */
#define KB_ROLES_READ                                                         \
	((1u << ROLE_AGENT) | (1u << ROLE_SUPERVISOR) | (1u << ROLE_TRAINER) | \
	 (1u << ROLE_KB_EDITOR) | (1u << ROLE_ADMIN))
#define KB_ROLES_EDIT                                                         \
	((1u << ROLE_KB_EDITOR) | (1u << ROLE_SUPERVISOR) | (1u << ROLE_ADMIN))
/* Roles that handle calls: record a use, queue an SMS. */
#define KB_ROLES_CALL                                                         \
	((1u << ROLE_AGENT) | (1u << ROLE_SUPERVISOR) | (1u << ROLE_TRAINER) | \
	 (1u << ROLE_ADMIN))
/* Roles that see the whole SMS outbox. */
#define KB_ROLES_OUTBOX ((1u << ROLE_SUPERVISOR) | (1u << ROLE_ADMIN))

static inline int
kb_role_in(enum role r, unsigned set)
{
	return (set >> r) & 1u;
}

/*
 * The lifecycle: the status `action` leads to from `from` for role `who`.
 * 0 with *to set; -1 when the status does not allow the action (409);
 * -2 when it does but not for this role (403).
 */
int kb_transition(enum kb_status from, enum kb_action action, enum role who,
		  enum kb_status *to);

/* Today's local date (Asia/Shanghai) as "YYYY-MM-DD" (11 bytes). */
void kb_today(char out[16]);

/* 1 when s is "" or a real date "YYYY-MM-DD" (2000-01-01..2099-12-31). */
int kb_date_ok(const char *s);

/* 1 when an article of that status and window is shown to agents on
 * today: published, effective_from <= today, effective_to "" or >=
 * today. */
int kb_visible(const char *status, const char *from, const char *to,
	       const char *today);

/*
 * Text rules of article fields: valid UTF-8 (checked by the caller for
 * JSON), at most max characters, non-empty when nonempty, no control
 * characters except '\n' (and not even that when single_line).  0 when
 * fine, else -1 with invalid_field naming field.
 */
int kb_text_check(const char *s, const char *field, size_t max, int nonempty,
		  int single_line, struct verr *e);

/*
 * Checks one keyword list: '|'-separated, each keyword 1..KB_KEYWORD_MAX
 * characters, single line, at most KB_KEYWORDS_COUNT keywords and
 * KB_KEYWORDS_MAX characters.  "" is an empty list.
 */
int kb_keywords_check(const char *s, const char *field, struct verr *e);

/* Every field of a (except codes, which need the reference data) per the
 * rules above; field names are the API's.  0 or -1 with *e. */
int kb_article_check(const struct store_kb_article *a, struct verr *e);

/* 1 when s is a mainland mobile number: 11 digits, 1[3-9]xxxxxxxxx. */
int kb_mobile_ok(const char *s);
/* The phone masked for logs: first 3 and last 4 digits ("138****0000");
 * anything shorter than 8 characters becomes "****". */
void kb_mask_phone(const char *phone, char out[32]);

/*
 * Strip KB_MARK_OPEN/KB_MARK_CLOSE from s: the plain text (malloc'd) and
 * the marked ranges as byte offsets into it, (start, length) pairs in
 * *ranges (malloc'd, 2 * *n longs; NULL when none).
 */
char *kb_unmark(const char *s, long **ranges, size_t *n);
/* Merge ranges (ascending starts) that touch or overlap, in place; drops
 * empty ones. */
void kb_ranges_merge(long *ranges, size_t *n);

#endif
