/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tkrec.h - a ticket as the server holds it: one table of fields.
 *
 * Owns the list of ticket fields (the TICKET object of the API contract,
 * in its order), how each is stored (text, nullable text, integer, bool,
 * instant, JSON, derived by the store, computed on output) and which ones
 * clients may write.  Routes, the input validator, the seed loader and
 * every store implementation iterate this one table, so a field is added
 * in one place (plus a schema migration).
 *
 * A struct tk_rec holds one value per field; it owns its strings
 * (tk_rec_free releases them).  A struct tk_change is a tk_rec plus the
 * set of fields it changes.  Events are the append-only log entries.
 */
#ifndef HOTLINE_SERVER_TKREC_H
#define HOTLINE_SERVER_TKREC_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

struct workcal;

enum tks {
	TKS_STR,      /* text, "" when empty */
	TKS_NSTR,     /* text or null */
	TKS_INT,      /* integer */
	TKS_BOOL,     /* 0/1, JSON true/false */
	TKS_TIME,     /* instant (time_t) or null; JSON ISO 8601 UTC */
	TKS_JSON,     /* JSON text (array/object), embedded as JSON */
	TKS_DERIVED,  /* read-only text the store derives (names of codes) */
	TKS_COMPUTED, /* computed on output (warning light); not stored */
};

enum tkf_flags {
	TKF_IN = 1u << 0,     /* clients may set it (create and PATCH) */
	TKF_REQ = 1u << 1,    /* required on create */
	TKF_HIDDEN = 1u << 2, /* stored, never sent */
};

/* X(enum, name = JSON key = column, storage, flags) in API order. */
#define TKF_LIST(X)                                                           \
	X(TKF_TICKET_NO, "ticket_no", TKS_STR, 0)                             \
	X(TKF_CHANNEL, "channel", TKS_STR, TKF_IN | TKF_REQ)                  \
	X(TKF_DESK, "desk", TKS_STR, TKF_IN)                                  \
	X(TKF_APPEAL_TYPE, "appeal_type", TKS_STR, TKF_IN | TKF_REQ)          \
	X(TKF_TITLE, "title", TKS_STR, TKF_IN | TKF_REQ)                      \
	X(TKF_CONTENT, "content", TKS_STR, TKF_IN | TKF_REQ)                  \
	X(TKF_CATEGORY_CODE, "category_code", TKS_STR, TKF_IN | TKF_REQ)      \
	X(TKF_CATEGORY_NAME, "category_name", TKS_DERIVED, 0)                 \
	X(TKF_URGENCY, "urgency", TKS_STR, TKF_IN)                            \
	X(TKF_TOWN_CODE, "town_code", TKS_STR, TKF_IN)                        \
	X(TKF_TOWN_NAME, "town_name", TKS_DERIVED, 0)                         \
	X(TKF_COMMUNITY, "community", TKS_STR, TKF_IN)                        \
	X(TKF_ADDRESS, "address", TKS_STR, TKF_IN)                            \
	X(TKF_CALLER_PHONE, "caller_phone", TKS_STR, TKF_IN)                  \
	X(TKF_CONTACT_PHONE, "contact_phone", TKS_STR, TKF_IN)                \
	X(TKF_CALLER_NAME, "caller_name", TKS_STR, TKF_IN)                    \
	X(TKF_GENDER, "gender", TKS_STR, TKF_IN)                              \
	X(TKF_CALLER_KIND, "caller_kind", TKS_STR, TKF_IN)                    \
	X(TKF_COMPANY_NAME, "company_name", TKS_STR, TKF_IN)                  \
	X(TKF_CREDIT_CODE, "credit_code", TKS_STR, TKF_IN)                    \
	X(TKF_ID_NUMBER, "id_number", TKS_STR, TKF_IN)                        \
	X(TKF_IS_ANONYMOUS, "is_anonymous", TKS_BOOL, TKF_IN)                 \
	X(TKF_IS_CONFIDENTIAL, "is_confidential", TKS_BOOL, TKF_IN)           \
	X(TKF_NEEDS_REPLY, "needs_reply", TKS_BOOL, TKF_IN)                   \
	X(TKF_TAGS, "tags", TKS_JSON, TKF_IN)                                 \
	X(TKF_HANDLING_MODE, "handling_mode", TKS_NSTR, 0)                    \
	X(TKF_DIRECT_REPLY, "direct_reply", TKS_STR, TKF_IN)                  \
	X(TKF_LEAD_UNIT_CODE, "lead_unit_code", TKS_STR, TKF_IN)              \
	X(TKF_LEAD_UNIT_NAME, "lead_unit_name", TKS_DERIVED, 0)               \
	X(TKF_ASSIST_UNITS, "assist_units", TKS_JSON, TKF_IN)                 \
	X(TKF_DISPATCH_NOTE, "dispatch_note", TKS_STR, TKF_IN)                \
	X(TKF_DEADLINE, "deadline", TKS_TIME, 0)                              \
	X(TKF_STATE, "state", TKS_STR, 0)                                     \
	X(TKF_WARNING, "warning", TKS_COMPUTED, 0)                            \
	X(TKF_SUPERVISED, "supervised", TKS_BOOL, 0)                          \
	/* 督办 due time (issue #6 §2; migration 8) */                        \
	X(TKF_SUPERVISED_DUE_AT, "supervised_due_at", TKS_TIME, 0)            \
	X(TKF_OVERDUE, "overdue", TKS_BOOL, 0)                                \
	X(TKF_REHANDLE_COUNT, "rehandle_count", TKS_INT, 0)                   \
	X(TKF_RETURN_COUNT, "return_count", TKS_INT, 0)                       \
	X(TKF_EXTENSION_COUNT, "extension_count", TKS_INT, 0)                 \
	X(TKF_CALL_ID, "call_id", TKS_NSTR, TKF_IN)                           \
	X(TKF_CREATED_BY, "created_by", TKS_STR, 0)                           \
	X(TKF_CREATED_AT, "created_at", TKS_TIME, 0)                          \
	X(TKF_UPDATED_AT, "updated_at", TKS_TIME, 0)                          \
	X(TKF_RESULT, "result", TKS_STR, 0)                                   \
	X(TKF_SATISFACTION, "satisfaction", TKS_NSTR, 0)                      \
	X(TKF_SOLVED, "solved", TKS_NSTR, 0)                                  \
	X(TKF_VERSION, "version", TKS_INT, 0)                                 \
	X(TKF_EXTRA, "extra", TKS_JSON, TKF_IN)                               \
	/* training space (issue #7): set at create, never by clients */      \
	X(TKF_TRAINING, "training", TKS_BOOL, 0)                              \
	X(TKF_MERGED_INTO, "merged_into", TKS_NSTR, TKF_HIDDEN)               \
	X(TKF_REQUESTED_DEADLINE, "requested_deadline", TKS_TIME, TKF_HIDDEN)

enum tkf {
#define TKF_ENUM_(e, name, st, fl) e,
	TKF_LIST(TKF_ENUM_)
#undef TKF_ENUM_
	TKF__COUNT
};

struct tkf_info {
	const char *name;
	enum tks store;
	unsigned flags;
};

extern const struct tkf_info tkf_info[TKF__COUNT];

/* Field by JSON name; -1 when unknown. */
int tkf_lookup(const char *name);
/* 1 when the field lives in the store as a column of its own. */
int tkf_stored(enum tkf f);

struct tk_val {
	char *s;     /* TKS_STR/NSTR/JSON/DERIVED; NULL when null */
	long long n; /* TKS_INT/BOOL/TIME */
	int null;    /* TKS_NSTR/TIME: 1 when null */
};

struct tk_rec {
	long long id; /* store row id; 0 when not stored yet */
	struct tk_val v[TKF__COUNT];
};

struct tk_change {
	struct tk_rec rec;
	unsigned char set[TKF__COUNT];
};

struct tk_event {
	long long id;
	long long at;
	char *actor;
	char *action;     /* "create", "update" or an action wire name */
	char *from_state; /* NULL when none */
	char *to_state;   /* NULL when none */
	char *comment;
};

void tk_rec_init(struct tk_rec *r);
void tk_rec_free(struct tk_rec *r);
/* Setters copy s; tk_rec_str(r, f, NULL) stores null. */
void tk_rec_str(struct tk_rec *r, enum tkf f, const char *s);
void tk_rec_int(struct tk_rec *r, enum tkf f, long long n);
void tk_rec_null(struct tk_rec *r, enum tkf f);
/* Text value, "" when null (never NULL). */
const char *tk_rec_s(const struct tk_rec *r, enum tkf f);

void tk_change_init(struct tk_change *c);
void tk_change_free(struct tk_change *c);
void tk_change_str(struct tk_change *c, enum tkf f, const char *s);
void tk_change_int(struct tk_change *c, enum tkf f, long long n);
void tk_change_null(struct tk_change *c, enum tkf f);
/* Number of fields set. */
size_t tk_change_count(const struct tk_change *c);

/* Fill e with copies of the strings (NULL stays NULL). */
void tk_event_set(struct tk_event *e, const char *actor, const char *action,
		  const char *from_state, const char *to_state,
		  const char *comment);
void tk_event_free(struct tk_event *e);
void tk_events_free(struct tk_event *ev, size_t n);

/* ISO 8601 UTC "2026-11-28T20:18:50Z" (out >= 21 bytes). */
void tk_iso_time(char out[32], long long t);
/* Parse "YYYY-MM-DDTHH:MM:SSZ" (also "+08:00"-style offsets and
 * fractional seconds); 0 on success, -1 when malformed. */
int tk_parse_iso(const char *s, long long *out);
/* "4419**********123X": keeps the first 4 and last 4 characters (all
 * stars for 8 characters or fewer).  Caller frees. */
char *tk_mask_id(const char *id);

/*
 * The TICKET object of the contract (warning and overdue computed at
 * `now` with cal; hidden fields left out; id_number masked).  With events
 * (ev may be NULL when n_ev is 0 and with_events set: "events":[]).
 * Caller owns the result.
 */
cJSON *tk_rec_to_json(const struct tk_rec *r, long long now,
		      const struct workcal *cal, int with_events,
		      const struct tk_event *ev, size_t n_ev);
cJSON *tk_event_to_json(const struct tk_event *e);

#endif
