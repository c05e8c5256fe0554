/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticket_edit.c - PATCH /v1/tickets/{ticket_no} with If-Match.
 */
#include "ticket_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "kb.h"
#include "parse_calls.h"

struct te_ctx {
	api_ticket_fn cb;
	void *ud;
};

static void
te_finish(const struct api_result *r, const char *body, size_t len,
	  void *vctx)
{
	struct te_ctx *c = vctx;
	struct api_result res = *r;
	struct ticket tk;
	char *msg = NULL;
	enum status st;

	memset(&tk, 0, sizeof(tk));
	if (r->st == ST_OK) {
		st = api_parse_ticket(body, len, &tk);
		if (st != ST_OK)
			msg = api_result_bad_body(&res, st,
						  "the ticket does not parse");
	}
	c->cb(&res, res.st == ST_OK ? &tk : NULL, c->ud);
	ticket_free(&tk);
	free(msg);
}

int
api_ticket_patch(struct api *a, const char *ticket_no, long version,
		 const char *const *fields, api_ticket_fn cb, void *ud)
{
	struct te_ctx *c;
	char *body, *esc, *path, hdr[48];
	int rc;

	if (!a || !cb || !ticket_no || !tk_no_valid(ticket_no) ||
	    version <= 0 || !fields || !fields[0])
		return -1;
	if (!(body = api_ticket_action_body(fields)))
		return -1;
	if (!(esc = api_escape(ticket_no))) {
		free(body);
		return -1;
	}
	path = xasprintf("/v1/tickets/%s", esc);
	free(esc);
	snprintf(hdr, sizeof(hdr), "If-Match: \"%ld\"", version);
	c = xcalloc(1, sizeof(*c));
	c->cb = cb;
	c->ud = ud;
	rc = api_request_raw(a, "PATCH", path, body, hdr, te_finish, c);
	free(path);
	free(body);
	return rc;
}
