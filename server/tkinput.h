/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tkinput.h - what a client may write into a ticket, checked.
 *
 * Owns the validation rules of the writable ticket fields (tkrec.h TKF_IN):
 * enums by their core/ticket.h wire codes, lengths in characters, phone
 * numbers as digits, references (category, town, units) that must exist,
 * the Open311-style extra fields of the category's form.  The seed loader
 * uses the same single-field checks.  Errors name the field (struct verr).
 */
#ifndef HOTLINE_SERVER_TKINPUT_H
#define HOTLINE_SERVER_TKINPUT_H

#include <cjson/cJSON.h>

#include "jsonv.h"
#include "store.h"
#include "tkrec.h"

/* Longest accepted values, in characters. */
#define TKIN_TITLE_MAX 100
#define TKIN_CONTENT_MAX 4000
#define TKIN_LINE_MAX 200
#define TKIN_NAME_MAX 50
#define TKIN_NOTE_MAX 1000
#define TKIN_COMMENT_MAX 1000
#define TKIN_TAGS_MAX 10
#define TKIN_TAG_MAX 20
#define TKIN_ASSIST_MAX 10

/*
 * Validate a create body (patch = 0: required fields must be there,
 * missing optional ones get their defaults) or a PATCH body (patch = 1:
 * only the fields given; cur is the ticket being changed, used for the
 * category of extra fields).  Fills ch with the fields (set[] marks
 * them).  Keys that are unknown, read-only or repeated are refused.
 * 0 when valid, else -1 with *e (400 / 500 for a store failure).
 */
int tkin_from_json(struct store *st, const cJSON *body, int patch,
		   const struct tk_rec *cur, struct tk_change *ch,
		   struct verr *e);

/* Check one text-valued field (TKS_STR/NSTR, incl. references). */
int tkin_check_str(struct store *st, enum tkf f, const char *v,
		   struct verr *e);

/* Phone: 3..20 ASCII digits.  1 when fine. */
int tkin_phone_ok(const char *s);

/*
 * The required extra fields of the category's form that extra_json (the
 * stored JSON object) lacks or leaves empty: -1 with missing_field
 * "extra.<code>" for the first one, 0 when complete.
 */
int tkin_extra_complete(struct store *st, const char *category,
			const char *extra_json, struct verr *e);

/* A unit code that exists (any kind when kinds is NULL, else one of the
 * space-separated kinds).  0, or -1 with unknown_value naming field. */
int tkin_unit_ref(struct store *st, const char *code, const char *kinds,
		  const char *field, struct verr *e);

/* Validate an array of unit codes (assist units) into a JSON array text
 * (malloc'd in *out).  0 or -1 with *e. */
int tkin_units(struct store *st, const cJSON *arr, const char *field,
	       char **out, struct verr *e);

#endif
