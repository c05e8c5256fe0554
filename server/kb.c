/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb.c - knowledge-base rules shared by routes, seed and store (kb.h),
 * and the release helpers of the knowledge-base and SMS store types.
 */
#include "kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "../core/workday.h"

static const char *const kb_status_names[KB_STATUS__COUNT] = {
	"draft", "review", "published", "expired"};
static const char *const kb_action_names[KB_ACTION__COUNT] = {
	"submit", "publish", "expire"};

const char *
kb_status_wire(enum kb_status s)
{
	return (unsigned)s < KB_STATUS__COUNT ? kb_status_names[s] : NULL;
}

int
kb_status_parse(const char *s)
{
	int i;

	for (i = 0; s && i < KB_STATUS__COUNT; i++)
		if (strcmp(s, kb_status_names[i]) == 0)
			return i;
	return -1;
}

const char *
kb_action_wire(enum kb_action a)
{
	return (unsigned)a < KB_ACTION__COUNT ? kb_action_names[a] : NULL;
}

int
kb_action_parse(const char *s)
{
	int i;

	for (i = 0; s && i < KB_ACTION__COUNT; i++)
		if (strcmp(s, kb_action_names[i]) == 0)
			return i;
	return -1;
}

int
kb_transition(enum kb_status from, enum kb_action action, enum role who,
	      enum kb_status *to)
{
	int editor = kb_role_in(who, KB_ROLES_EDIT);

	switch (action) {
	case KB_SUBMIT:
		if (from != KB_DRAFT)
			return -1;
		*to = KB_REVIEW;
		break;
	case KB_PUBLISH:
		if (from == KB_DRAFT) {
			/* Skipping review is a supervisor's decision. */
			if (who != ROLE_SUPERVISOR && who != ROLE_ADMIN)
				return -2;
		} else if (from != KB_REVIEW) {
			return -1;
		}
		*to = KB_PUBLISHED;
		break;
	case KB_EXPIRE:
		if (from != KB_PUBLISHED)
			return -1;
		*to = KB_EXPIRED;
		break;
	default:
		return -1;
	}
	return editor ? 0 : -2;
}

void
kb_today(char out[16])
{
	struct workcal_civil cv;

	workcal_split(time(NULL), &cv);
	snprintf(out, 16, "%04d-%02d-%02d", cv.year % 10000, cv.month % 100,
		 cv.day % 100);
}

int
kb_date_ok(const char *s)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31};
	int y, m, d, i;

	if (!*s)
		return 1;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

int
kb_visible(const char *status, const char *from, const char *to,
	   const char *today)
{
	return status && strcmp(status, "published") == 0 &&
	       (!from || strcmp(from, today) <= 0) &&
	       (!to || !*to || strcmp(to, today) >= 0);
}

int
kb_text_check(const char *s, const char *field, size_t max, int nonempty,
	      int single_line, struct verr *e)
{
	const unsigned char *p;

	if (nonempty && !*s) {
		verr_set(e, 400, "invalid_field", field, "must not be empty");
		return -1;
	}
	if (!u8_valid(s, strlen(s))) {
		verr_set(e, 400, "bad_utf8", field, "text is not valid UTF-8");
		return -1;
	}
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' && !single_line)
			continue;
		if (*p < 0x20 || *p == 0x7f) {
			if (*p == '\n')
				verr_set(e, 400, "invalid_field", field,
					 "must be a single line");
			else
				verr_set(e, 400, "invalid_field", field,
					 "control character 0x%02x", *p);
			return -1;
		}
	}
	if (u8_count(s) > max) {
		verr_set(e, 400, "invalid_field", field,
			 "longer than %zu characters", max);
		return -1;
	}
	return 0;
}

int
kb_keywords_check(const char *s, const char *field, struct verr *e)
{
	const char *p = s;
	size_t count = 0;

	if (kb_text_check(s, field, KB_KEYWORDS_MAX, 0, 1, e) != 0)
		return -1;
	if (!*s)
		return 0;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char *one = xstrndup(p, n);
		size_t chars = u8_count(one);

		free(one);
		if (n == 0) {
			verr_set(e, 400, "invalid_field", field,
				 "an empty keyword");
			return -1;
		}
		if (chars > KB_KEYWORD_MAX) {
			verr_set(e, 400, "invalid_field", field,
				 "a keyword longer than %d characters",
				 KB_KEYWORD_MAX);
			return -1;
		}
		if (++count > KB_KEYWORDS_COUNT) {
			verr_set(e, 400, "invalid_field", field,
				 "more than %d keywords", KB_KEYWORDS_COUNT);
			return -1;
		}
		if (!bar)
			break;
		p = bar + 1;
	}
	return 0;
}

int
kb_article_check(const struct store_kb_article *a, struct verr *e)
{
	if (kb_text_check(a->title, "title", KB_TITLE_MAX, 1, 1, e) ||
	    kb_text_check(a->question, "question", KB_QUESTION_MAX, 0, 0, e) ||
	    kb_text_check(a->answer, "answer", KB_ANSWER_MAX, 1, 0, e) ||
	    kb_text_check(a->sms_guide, "sms_guide", KB_SMS_GUIDE_MAX, 0, 0,
			  e) ||
	    kb_keywords_check(a->keywords, "keywords", e))
		return -1;
	if (!kb_date_ok(a->effective_from)) {
		verr_set(e, 400, "invalid_field", "effective_from",
			 "a date YYYY-MM-DD (2000-2099) or empty");
		return -1;
	}
	if (!kb_date_ok(a->effective_to)) {
		verr_set(e, 400, "invalid_field", "effective_to",
			 "a date YYYY-MM-DD (2000-2099) or empty");
		return -1;
	}
	if (*a->effective_from && *a->effective_to &&
	    strcmp(a->effective_from, a->effective_to) > 0) {
		verr_set(e, 400, "invalid_field", "effective_to",
			 "before effective_from");
		return -1;
	}
	if (kb_status_parse(a->status) < 0) {
		verr_set(e, 400, "unknown_value", "status",
			 "draft, review, published or expired");
		return -1;
	}
	return 0;
}

int
kb_mobile_ok(const char *s)
{
	size_t i;

	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return 0;
	for (i = 2; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

void
kb_mask_phone(const char *phone, char out[32])
{
	size_t n = strlen(phone);

	if (n < 8 || n > 24) {
		snprintf(out, 32, "****");
		return;
	}
	snprintf(out, 32, "%.3s****%s", phone, phone + n - 4);
}

char *
kb_unmark(const char *s, long **ranges, size_t *n)
{
	size_t len = strlen(s), o = 0, cap = 0;
	char *out = xmalloc(len + 1);
	long *r = NULL, start = -1;
	const char *p;

	*n = 0;
	for (p = s; *p; p++) {
		if (*p == KB_MARK_OPEN[0]) {
			start = (long)o;
			continue;
		}
		if (*p == KB_MARK_CLOSE[0]) {
			if (start >= 0 && (long)o > start) {
				if (*n + 1 > cap) {
					cap = cap ? cap * 2 : 8;
					r = xrealloc(r, cap * 2 * sizeof *r);
				}
				r[2 * *n] = start;
				r[2 * *n + 1] = (long)o - start;
				(*n)++;
			}
			start = -1;
			continue;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	*ranges = r;
	return out;
}

void
kb_ranges_merge(long *r, size_t *n)
{
	size_t i, k = 0;

	for (i = 0; i < *n; i++) {
		if (r[2 * i + 1] <= 0)
			continue;
		if (k && r[2 * i] <= r[2 * (k - 1)] + r[2 * (k - 1) + 1]) {
			long end = r[2 * i] + r[2 * i + 1];
			long kend = r[2 * (k - 1)] + r[2 * (k - 1) + 1];

			if (end > kend)
				r[2 * (k - 1) + 1] = end - r[2 * (k - 1)];
			continue;
		}
		r[2 * k] = r[2 * i];
		r[2 * k + 1] = r[2 * i + 1];
		k++;
	}
	*n = k;
}

/* ---- release helpers ------------------------------------------------- */

void
store_kb_article_free(struct store_kb_article *a)
{
	if (!a)
		return;
	FREE(a->title);
	FREE(a->question);
	FREE(a->answer);
	FREE(a->sms_guide);
	FREE(a->category_code);
	FREE(a->category_name);
	FREE(a->owner_unit_code);
	FREE(a->owner_unit_name);
	FREE(a->keywords);
	FREE(a->effective_from);
	FREE(a->effective_to);
	FREE(a->status);
	FREE(a->created_by);
	FREE(a->updated_by);
	FREE(a->action);
}

void
store_kb_articles_free(struct store_kb_article *a, size_t n)
{
	size_t i;

	for (i = 0; a && i < n; i++)
		store_kb_article_free(&a[i]);
	free(a);
}

void
store_kb_hits_free(struct store_kb_hit *h, size_t n)
{
	size_t i;

	for (i = 0; h && i < n; i++) {
		FREE(h[i].title);
		FREE(h[i].title_marked);
		FREE(h[i].snippet_marked);
		FREE(h[i].category_code);
		FREE(h[i].category_name);
		FREE(h[i].owner_unit_code);
	}
	free(h);
}

void
store_kb_titles_free(struct store_kb_title *t, size_t n)
{
	size_t i;

	for (i = 0; t && i < n; i++) {
		FREE(t[i].title);
		FREE(t[i].category_code);
	}
	free(t);
}

void
store_kb_uses_free(struct store_kb_use *u, size_t n)
{
	size_t i;

	for (i = 0; u && i < n; i++) {
		FREE(u[i].title);
		FREE(u[i].ticket_no);
		FREE(u[i].agent);
	}
	free(u);
}

void
store_sms_free(struct store_sms *m)
{
	if (!m)
		return;
	FREE(m->phone);
	FREE(m->text);
	FREE(m->ticket_no);
	FREE(m->call_id);
	FREE(m->state);
	FREE(m->error);
	FREE(m->created_by);
}

void
store_smses_free(struct store_sms *m, size_t n)
{
	size_t i;

	for (i = 0; m && i < n; i++)
		store_sms_free(&m[i]);
	free(m);
}
