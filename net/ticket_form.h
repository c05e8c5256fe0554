/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticket_form.h - a filled intake form to the ticket API (issue #4).
 *
 * Owns the mapping of the intake form's flat (code, value) export
 * (forms/form.h FORM_EXPORT_WIRE, struct kv of core/journal.h) to the JSON
 * body of POST /v1/tickets and to the decision action that follows it
 * (close_direct, transfer, transfer_out, not_accept, invalidate, merge),
 * and the delivery of one outbox item (core/outbox.h) to the server.
 *
 * The body builders are pure (no network) so the outbox can store their
 * text and send it byte for byte on every retry.  JSON types follow the
 * form's wire types (form_wire_type()): strings, booleans for yes/no,
 * arrays for multiple choice, numbers; FF_EXTRA fields go into "extra".
 * Results are malloc'd; the caller frees them.
 */
#ifndef HOTLINE_NET_TICKET_FORM_H
#define HOTLINE_NET_TICKET_FORM_H

#include <stddef.h>

#include "../core/journal.h"
#include "../core/outbox.h"
#include "../core/workday.h"
#include "../forms/form.h"
#include "api.h"

/* Outbox kind of a ticket creation; the decision actions use the
 * action's name as kind and the ticket number as ref. */
#define TICKET_FORM_KIND_CREATE "create_ticket"
/* The pair (not a form field: a pending value of the draft) that names
 * the online queue's item the ticket records: decimal digits, sent as
 * the integer "intake_item_id" of the create body. */
#define TICKET_FORM_ITEM_KEY "intake_item_id"

/*
 * The JSON body of POST /v1/tickets (compact, malloc'd) from n pairs.
 * f gives each code's wire type and tells extra fields (FF_EXTRA) apart;
 * codes that are not fields of f, that the create body does not take
 * (handling_mode, transfer_target, not_accepted_route, merge_into) and
 * empty values are left out, except TICKET_FORM_ITEM_KEY (the online
 * queue's item, sent as an integer).  call_id (NULL or "": none) must be
 * 1-64 of A-Z a-z 0-9 . _ : -.  NULL with a short English reason in why
 * (cap bytes, may be 0) for: invalid UTF-8, a code given twice, a yes/no
 * that is not "yes"/"no", a number that does not parse, a bad call_id,
 * an intake_item_id that is not a positive integer.
 */
char *api_ticket_body_from_pairs(const struct form *f, const struct kv *p,
				 size_t n, const char *call_id, char *why,
				 size_t cap);

/*
 * The decision of the form's handling_mode as an action: *action is the
 * action name (static string) and the result its JSON body (malloc'd):
 *   DIRECT close_direct {"direct_reply"}, TRANSFER transfer
 *   {"lead_unit_code","assist_units":[...],"dispatch_note"} (each when
 *   set; the create body has them too, the action takes them again so
 *   that a draft brought back after a refused transfer can fix them),
 *   TRANSFER_110 / TRANSFER_EMERGENCY / TRANSFER_PROVINCE transfer_out
 *   {"target"}, NOT_ACCEPTED not_accept {"comment"}, INVALID invalidate
 *   {}, MERGED merge {"merged_into"}.
 * (the lead unit, assisting units and note of a transfer are in the
 * create body already).  NULL when handling_mode is empty or unknown, or
 * a value is not valid UTF-8.
 */
char *api_ticket_decision_from_pairs(const struct kv *p, size_t n,
				     const char **action);

/*
 * The intake form's code for the field a server error names (api_result
 * err_field) when an outbox item of kind was refused: the decision
 * actions name their own body keys (transfer_out "target" →
 * transfer_target, not_accept "comment" → not_accepted_route, merge
 * "merged_into" → merge_into); other names are the form's codes already.
 * Returns a static string or server_field itself; NULL for NULL.
 */
const char *api_ticket_form_field(const char *kind, const char *server_field);

/* The value of code among n pairs (the last one), NULL when absent. */
const char *api_kv_get(const struct kv *p, size_t n, const char *code);

/*
 * Send one outbox item: kind "create_ticket" → POST /v1/tickets with the
 * payload and Idempotency-Key: <key>; a decision kind (close_direct,
 * transfer, transfer_out, not_accept, invalidate, merge) → POST
 * /v1/tickets/{ref}/actions/{kind} with the payload and If-Match: "1"
 * (the version at creation, so a replay after the action took effect is
 * refused with 412 instead of running twice).  → the TICKET.  0 queued,
 * -1 on bad arguments or another kind (cb not called).
 */
int api_outbox_send(struct api *a, const struct outbox_item *it,
		    api_ticket_fn cb, void *ud);

/* ---- the category tree (GET /v1/categories), flattened -------------- */

struct cat_item {
	char *code;
	char *name;
	char *parent;   /* "" at the top */
	char *owner;    /* "UNIT:<code>", "TOWN" or "" (inherited) */
	int limit_days; /* 0: by appeal type (or inherited) */
};

struct cat_list {
	struct cat_item *items; /* parents before their children */
	size_t n;
};

void cat_list_free(struct cat_list *l);
/* {"items":[{"code","name","owner","limit_days","children":[...]}]} →
 * *out (strings sanitized).  ST_OK, or ST_PARSE with *out empty. */
enum status api_parse_categories(const char *json, size_t len,
				 struct cat_list *out);
/* The owner and time limit of code, inherited from its ancestors: into
 * owner (cap bytes, "" when none) and *limit_days (0 when none).  -1 when
 * code is unknown. */
int cat_defaults(const struct cat_list *l, const char *code, char *owner,
		 size_t cap, int *limit_days);

typedef void (*api_cats_fn)(const struct api_result *r,
			    const struct cat_list *l, void *ud);
/* GET /v1/categories.  0 queued, -1 not started. */
int api_categories(struct api *a, api_cats_fn cb, void *ud);

/* ---- a category's extra fields (GET /v1/forms/{code}) ---------------- */

/* attrs (n of them) are valid during the callback only; NULL/0 unless
 * r->st == ST_OK. */
typedef void (*api_attrs_fn)(const struct api_result *r,
			     const struct form_attr *attrs, size_t n,
			     void *ud);
/* GET /v1/forms/{category_code} (code: 1-32 of [0-9A-Za-z_-], else -1).
 * Strings sanitized; an item without code or datatype fails the reply
 * (ST_PARSE). */
int api_category_form(struct api *a, const char *category_code,
		      api_attrs_fn cb, void *ud);

/* ---- the holiday calendar (GET /v1/holidays) ------------------------ */

/* {"items":[{"date":"YYYY-MM-DD","kind":"HOLIDAY"|"WORKDAY"}]} → a new
 * calendar in *out (the caller frees it with workcal_free()).  ST_OK, or
 * ST_PARSE with *out NULL (a bad date or kind refuses the whole reply). */
enum status api_parse_holidays(const char *json, size_t len,
			       struct workcal **out);
/* cal is the callback's to keep (it frees it with workcal_free()); NULL
 * unless r->st == ST_OK. */
typedef void (*api_cal_fn)(const struct api_result *r, struct workcal *cal,
			   void *ud);
/* GET /v1/holidays.  0 queued, -1 not started. */
int api_holidays(struct api *a, api_cal_fn cb, void *ud);

#endif
