/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kb.h - the client side of the knowledge base and the SMS outbox
 * (issue #5 §3): GET /v1/kb/search, GET /v1/kb/articles/{id},
 * POST /v1/kb/articles/{id}/use and POST /v1/sms.
 *
 * Requests follow api.h: 0 when queued, -1 when not started (the callback
 * is then not called); arguments are copied; the data pointer a callback
 * gets is non-NULL exactly when r->st == ST_OK and valid only during the
 * callback (copy what you keep).  Replies are parsed into core/kbmodel.h
 * structs with every string sanitized; JSON stays inside net/.
 */
#ifndef HOTLINE_NET_KB_H
#define HOTLINE_NET_KB_H

#include <stddef.h>

#include "../core/kbmodel.h"
#include "../core/status.h"
#include "api.h"

typedef void (*api_kb_hits_fn)(const struct api_result *r,
			       const struct kb_hits *hits, void *ud);
typedef void (*api_kb_article_fn)(const struct api_result *r,
				  const struct kb_article *art, void *ud);
typedef void (*api_kb_sms_fn)(const struct api_result *r,
			      const struct kb_sms *sms, void *ud);

/* GET /v1/kb/search?q=Q&limit=N (limit clamped to 1..50). */
int api_kb_search(struct api *a, const char *q, int limit,
		  api_kb_hits_fn cb, void *ud);
/* GET /v1/kb/articles/{id} (id > 0). */
int api_kb_article(struct api *a, long id, api_kb_article_fn cb, void *ud);
/* POST /v1/kb/articles/{id}/use {"ticket_no"} (NULL or "": {}). */
int api_kb_use(struct api *a, long id, const char *ticket_no,
	       api_done_fn cb, void *ud);
/* POST /v1/sms {"phone","article_id"[,"ticket_no"][,"call_id"]};
 * ticket_no NULL/"" and call_id <= 0 are left out. */
int api_sms_send(struct api *a, const char *phone, long article_id,
		 const char *ticket_no, long call_id, api_kb_sms_fn cb,
		 void *ud);

/*
 * POST /v1/tickets/{ticket_no}/actions/{action} with a body of string
 * members: fields is NULL or a NULL-terminated list of key, value pairs,
 * e.g. {"direct_reply", reply, NULL} for "close_direct".  action is
 * lower_snake_case; ticket_no must be a valid number, else -1.
 * → the updated TICKET.
 */
int api_ticket_action(struct api *a, const char *ticket_no,
		      const char *action, const char *const *fields,
		      api_ticket_fn cb, void *ud);

/*
 * Editing (kb_editor, supervisor, admin; agents get 403).
 * PATCH /v1/kb/articles/{id} with If-Match: "<version>"; NULL fields are
 * left out; keywords is "a,b,c" (NULL: unchanged); category is the
 * category_code.  A stale version gives r->http_status 412.  → the saved
 * ARTICLE.
 */
int api_kb_update(struct api *a, long id, long version, const char *title,
		  const char *question, const char *answer,
		  const char *sms_guide, const char *keywords,
		  const char *category, api_kb_article_fn cb, void *ud);
/* POST /v1/kb/articles: a new draft from fields (string pairs as for
 * api_kb_update_body: "title", "answer" and "category_code" are required
 * by the server) and keywords "a,b,c" (NULL: none).  → the ARTICLE
 * (201). */
int api_kb_create(struct api *a, const char *const *fields,
		  const char *keywords, api_kb_article_fn cb, void *ud);
/* POST /v1/kb/articles/{id}/actions/{action} (submit, publish, expire)
 * → the ARTICLE with its new status. */
int api_kb_article_action(struct api *a, long id, const char *action,
			  api_kb_article_fn cb, void *ud);

/* ---- JSON mapping, exposed for unit tests ----
 * ST_OK and *out filled, or ST_PARSE/ST_INVALID with *out zeroed (why:
 * a short reason, may be NULL with why_cap 0). */
enum status api_kb_parse_hits(const char *json, size_t len,
			      struct kb_hits *out, char *why, size_t why_cap);
enum status api_kb_parse_article(const char *json, size_t len,
				 struct kb_article *out, char *why,
				 size_t why_cap);
enum status api_kb_parse_sms(const char *json, size_t len,
			     struct kb_sms *out, char *why, size_t why_cap);
/* Request bodies, malloc'd compact JSON (NULL on bad arguments). */
char *api_kb_use_body(const char *ticket_no);
char *api_kb_sms_body(const char *phone, long article_id,
		      const char *ticket_no, long call_id);
/* {"key":"value",...} from api_ticket_action's fields (NULL: {}). */
char *api_ticket_action_body(const char *const *fields);
/* PATCH and POST body: string pairs as above plus "keywords" split at
 * ',' (each trimmed of spaces, empty ones dropped; "" gives [] which
 * clears them, NULL leaves the member out). */
char *api_kb_update_body(const char *const *fields, const char *keywords);

#endif
