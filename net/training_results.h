/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * training_results.h - reading the graded training runs kept on hotlined
 * (issue #7 §3, docs/api.md "Training"): GET /v1/training/results (a page,
 * newest first, with a cursor) and GET /v1/training/results/{id}.
 *
 * Owns struct tres (one TRAINING_RESULT) and struct tres_page.  Requests
 * follow api.h: 0 when queued, -1 when not started (no callback then);
 * arguments are copied; the data pointer a callback gets is non-NULL
 * exactly when r->st == ST_OK and is valid only during the callback
 * (tres_copy() what you keep).  Every string is u8_sanitize()d to one
 * line; JSON stays inside net/.
 */
#ifndef HOTLINE_NET_TRAINING_RESULTS_H
#define HOTLINE_NET_TRAINING_RESULTS_H

#include <stddef.h>

#include "../core/status.h"
#include "api.h"

struct tres_check {
	char *name;
	long weight;
	int passed;
	char *detail; /* "" when none */
};

/* One TRAINING_RESULT.  Missing or null strings are "", numbers 0. */
struct tres {
	long id;
	char *scenario, *title, *trainee, *mode; /* mode "practice"/"demo" */
	long score, max_score;
	int passed;
	long duration_s;
	char *started_at, *created_at, *recorded_by; /* ISO 8601 UTC */
	long call_id;     /* 0: null */
	char *ticket_no;  /* "": null */
	struct tres_check *checks;
	size_t n_checks;
};

struct tres_page {
	struct tres *items;
	size_t n;
	char *next_cursor; /* "" on the last page */
};

void tres_free(struct tres *t);
void tres_page_free(struct tres_page *p);
/* Deep copy of src into dst (dst is overwritten, not freed). */
void tres_copy(struct tres *dst, const struct tres *src);
/* score * 100 / max_score rounded down; 100 when max_score is 0. */
int tres_percent(const struct tres *t);

typedef void (*api_tres_page_fn)(const struct api_result *r,
				 const struct tres_page *p, void *ud);
typedef void (*api_tres_fn)(const struct api_result *r, const struct tres *t,
			    void *ud);

/* GET /v1/training/results?limit=N[&trainee=T][&scenario=S][&cursor=C];
 * NULL or "" leaves a filter out; limit is clamped to 1..200. */
int api_tres_list(struct api *a, const char *trainee, const char *scenario,
		  const char *cursor, int limit, api_tres_page_fn cb,
		  void *ud);
/* GET /v1/training/results/{id}; id <= 0 gives -1. */
int api_tres_get(struct api *a, long id, api_tres_fn cb, void *ud);

/* The query path api_tres_list() asks for (malloc'd; NULL when a value
 * cannot be escaped).  Exposed for unit tests. */
char *api_tres_list_path(const char *trainee, const char *scenario,
			 const char *cursor, int limit);

/* ---- JSON mapping, exposed for unit tests ----
 * ST_OK and *out filled, or ST_PARSE with *out zeroed and a short reason
 * in why ("items[1].checks[0].weight: not a number"); why may be NULL
 * with cap 0. */
enum status api_tres_parse(const char *json, size_t len, struct tres *out,
			   char *why, size_t why_cap);
/* {"items":[...],"next_cursor":"..."|null} */
enum status api_tres_parse_page(const char *json, size_t len,
				struct tres_page *out, char *why,
				size_t why_cap);

#endif
