/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse.h - net/'s private JSON → model mapping (json.c), used by api.c.
 *
 * The public api_parse_*() of api.h are thin wrappers over these; the
 * versions here also write a short English explanation of a failure
 * ("items[2].ticket_no: missing") into why (why_cap bytes, may be 0), which
 * api.c appends to the status message.  No cJSON type appears here: JSON
 * never leaves json.c.
 */
#ifndef HOTLINE_NET_PARSE_H
#define HOTLINE_NET_PARSE_H

#include <stddef.h>

#include "../core/model.h"
#include "../core/status.h"

/* Largest reply body api.c accepts (8 MiB). */
#define API_MAX_BODY (8u * 1024u * 1024u)

/* Same contracts as api_parse_agent() etc. in api.h. */
enum status api_json_agent(const char *json, size_t len,
			   struct agent_info *out, char *why, size_t why_cap);
enum status api_json_login(const char *json, size_t len, char **token,
			   struct agent_info *out, char *why, size_t why_cap);
enum status api_json_ticket(const char *json, size_t len, struct ticket *out,
			    char *why, size_t why_cap);
enum status api_json_page(const char *json, size_t len,
			  struct ticket_page *out, char *why, size_t why_cap);
enum status api_json_error(const char *json, size_t len, char **code,
			   char **message, char **field, char *why,
			   size_t why_cap);
/* {"status":"ok","version":"0.1.0"} → *version (malloc'd, sanitized, ""
 * when absent).  ST_PARSE with *version NULL otherwise. */
enum status api_json_health(const char *json, size_t len, char **version,
			    char *why, size_t why_cap);
/* {"username":..,"password":..} as compact JSON; malloc'd, caller frees
 * (and should wipe it: it holds the password). */
char *api_json_login_body(const char *user, const char *password);

#endif
