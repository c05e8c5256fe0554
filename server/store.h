/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.h - the one storage interface of hotlined.
 *
 * Everything the server keeps goes through a struct store: a table of
 * operations expressed in domain terms (agents, sessions, reference data,
 * tickets and their events).  Routes and the seed loader never see SQL;
 * store_sqlite.c implements the table today, and another backend
 * (PostgreSQL) can be added by filling the same table.
 *
 * Contract for every implementation:
 *   - every operation may be called from any thread at any time; reads
 *     run concurrently, writes are serialised by the store;
 *   - every write is one transaction: it happens completely or not at all;
 *   - results are copies owned by the caller (free with the *_free
 *     helpers below); inputs are only borrowed;
 *   - ST_OK, ST_NOT_FOUND (no such row), ST_EXISTS / ST_CONFLICT as
 *     documented per operation, ST_IO for a storage failure (logged by
 *     the store, never shown to clients beyond "internal").
 */
#ifndef HOTLINE_SERVER_STORE_H
#define HOTLINE_SERVER_STORE_H

#include <stddef.h>

#include "../core/status.h"
#include "../core/ticket.h"
#include "tkrec.h"

struct store;

struct store_agent {
	long long id;
	char *username;
	char *display_name;
	enum role role;
	char *desks;   /* comma-separated desk wire codes, may be "" */
	char *pw_hash; /* Argon2id string; only from get_agent_by_name */
};

struct store_unit {
	char *code;
	char *name;
	char *short_name;
	char *kind; /* DEPT TOWN STREET PARK UTILITY EMERGENCY PROVINCE */
	char *duty_phone;
	char *parent_code; /* "" when none */
};

struct store_category {
	char *code;
	char *name;
	char *parent_code; /* "" for level 1 */
	char *owner;       /* "UNIT:<code>", "TOWN" or "" (inherit) */
	int limit_days;    /* 0: by appeal type */
	char *desk;        /* suggested desk or "" */
};

struct store_form_field {
	char *category_code; /* where it is defined (the category or an
				ancestor) */
	char *field_code;
	char *label;
	char *datatype; /* string number datetime text singlevaluelist
			   multivaluelist */
	int required;
	int order;
	char *values; /* "key=label|key=label" for lists, else "" */
	char *description;
};

/* Simple coded lists: wrap-up codes and not-ready reasons. */
struct store_code {
	char *code;
	char *name_zh;
	char *name_en;
};

enum store_code_list {
	STORE_WRAPUP_CODES,
	STORE_REASONS,
};

struct store_holiday {
	char *date; /* YYYY-MM-DD */
	char *kind; /* HOLIDAY or WORKDAY */
	char *name;
};

/* A demo ticket to load: its fields (state, timestamps, counters set,
 * ticket_no empty: the store numbers it by the local date of created_at)
 * and its events, oldest first. */
struct seed_ticket {
	struct tk_rec rec;
	struct tk_event *events;
	size_t n_events;
};

/* Everything a seed brings, validated by seed.c before the store sees it.
 * Agents carry their password hash in pw_hash. */
struct seed_data {
	struct store_unit *units;
	size_t n_units;
	struct store_category *categories;
	size_t n_categories;
	struct store_form_field *forms;
	size_t n_forms;
	struct store_code *wrapups;
	size_t n_wrapups;
	struct store_code *reasons;
	size_t n_reasons;
	struct store_holiday *holidays;
	size_t n_holidays;
	struct store_agent *agents;
	size_t n_agents;
	struct seed_ticket *tickets;
	size_t n_tickets;
};

/* Idempotency of ticket creation: (agent, key) names one request. */
struct store_idem {
	long long agent_id;
	const char *key;          /* client's Idempotency-Key */
	const char *request_hash; /* SHA-256 hex of the canonical body */
};

struct store_ticket_filter {
	const char *created_by; /* NULL: anyone */
	const char *state;      /* NULL: any */
	const char *phone;      /* caller_phone or contact_phone; NULL: any */
	const char *q;          /* substring of title/content/address */
	int limit;              /* rows wanted (the store returns <= limit) */
	int has_cursor;         /* rows strictly after (cur_at, cur_no) */
	long long cur_at;
	const char *cur_no;
};

struct store_ops {
	const char *name; /* "sqlite" */
	/* Closes everything; s is freed. */
	void (*close)(struct store *s);
	/* *empty = 1 when no reference data, agent or ticket exists. */
	enum status (*is_empty)(struct store *s, int *empty);
	/* Loads a whole seed in one transaction (ticket numbers use prefix).
	 * ST_EXISTS when the store is not empty. */
	enum status (*load_seed)(struct store *s, const struct seed_data *d,
				 const char *prefix);

	/* ---- agents, sessions, login attempts ---- */
	enum status (*get_agent_by_name)(struct store *s, const char *username,
					 struct store_agent *out);
	enum status (*create_session)(struct store *s, long long agent_id,
				      const char *token_hash, const char *ip,
				      long long now, long long expires_at);
	/* The agent of a live session (expires_at > now); ST_NOT_FOUND. */
	enum status (*find_session)(struct store *s, const char *token_hash,
				    long long now, struct store_agent *out);
	enum status (*delete_session)(struct store *s, const char *token_hash);
	/* Times of failed logins after `since`, newest first, at most max,
	 * for one username (ip NULL; only failures after its last success
	 * count) or one client address (username NULL). */
	enum status (*login_failures)(struct store *s, const char *username,
				      const char *ip, long long since,
				      long long *times, size_t max,
				      size_t *n);
	/* Records an attempt.  Also prunes attempts older than a day and
	 * expired sessions. */
	enum status (*record_login)(struct store *s, const char *username,
				    const char *ip, int ok, long long now);

	/* ---- reference data (file order) ---- */
	enum status (*list_units)(struct store *s, const char *kind,
				  struct store_unit **out, size_t *n);
	enum status (*get_unit)(struct store *s, const char *code,
				struct store_unit *out);
	enum status (*list_categories)(struct store *s,
				       struct store_category **out, size_t *n);
	enum status (*get_category)(struct store *s, const char *code,
				    struct store_category *out);
	/* The fields that apply to a category: its own and its ancestors'
	 * (a descendant's definition of the same field_code wins), ordered
	 * by order, then depth, then field_code.  ST_NOT_FOUND for an unknown
	 * category. */
	enum status (*get_form)(struct store *s, const char *category_code,
				struct store_form_field **out, size_t *n);
	enum status (*list_codes)(struct store *s, enum store_code_list which,
				  struct store_code **out, size_t *n);
	enum status (*list_holidays)(struct store *s,
				     struct store_holiday **out, size_t *n);

	/* ---- tickets ---- */
	/*
	 * Creates a ticket from the TKF_IN fields of in plus state,
	 * created_by (the actor) and the flags/counters at their defaults;
	 * numbers it prefix + local date of now + daily sequence; records
	 * a "create" event.  With idem (may be NULL): when (agent, key) was
	 * seen with the same request hash, nothing is written, *replayed = 1
	 * and no_out is that ticket's number; with another hash ST_EXISTS.
	 */
	enum status (*create_ticket)(struct store *s, const struct tk_rec *in,
				     const struct store_idem *idem,
				     long long now, const char *prefix,
				     char no_out[32], int *replayed);
	/* Newest first (created_at desc, ticket_no desc), no events. */
	enum status (*list_tickets)(struct store *s,
				    const struct store_ticket_filter *f,
				    struct tk_rec **out, size_t *n);
	/* One ticket; with ev != NULL its events, oldest first. */
	enum status (*get_ticket)(struct store *s, const char *ticket_no,
				  struct tk_rec *out, struct tk_event **ev,
				  size_t *n_ev);
	/*
	 * Applies the fields set in ch, bumps version, sets updated_at = now
	 * and appends ev (its id and at are assigned here), only when the
	 * stored version is expect_version: else ST_CONFLICT and nothing is
	 * written.  *new_version receives the new version.
	 */
	enum status (*update_ticket)(struct store *s, const char *ticket_no,
				     long long expect_version,
				     const struct tk_change *ch,
				     const struct tk_event *ev, long long now,
				     long long *new_version);

	/* ---- calls and agent states (store_sqlite_calls.c) ---- */

	/* ---- knowledge base and SMS outbox (store_sqlite_kb.c) ---- */
};

struct store {
	const struct store_ops *ops;
};

/* Process-wide SQLite settings; call first, before any other SQLite use
 * (turns off SQLite's global allocation statistics mutex).  0 or -1. */
int store_sqlite_init(void);
/* Opens (creating if needed) the SQLite database at path and applies the
 * pending schema migrations.  NULL on failure (logged). */
struct store *store_sqlite_open(const char *path);
/* The newest schema migration this build knows (PRAGMA user_version). */
int store_sqlite_schema_version(void);

/* Release helpers (each also frees the array; n may be 0). */
void store_agent_free(struct store_agent *a);
void store_units_free(struct store_unit *u, size_t n);
void store_unit_free(struct store_unit *u);
void store_categories_free(struct store_category *c, size_t n);
void store_category_free(struct store_category *c);
void store_forms_free(struct store_form_field *f, size_t n);
void store_codes_free(struct store_code *c, size_t n);
void store_holidays_free(struct store_holiday *h, size_t n);
void store_recs_free(struct tk_rec *r, size_t n);
void seed_data_free(struct seed_data *d);

#endif
