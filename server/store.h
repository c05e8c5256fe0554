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

/* ---- knowledge base and SMS outbox: types (store_sqlite_kb.c) ---- */

/* One knowledge-base article: the current row, or one saved version. */
struct store_kb_article {
	long long id;
	char *title;
	char *question;
	char *answer;          /* 答复口径: what the agent reads out */
	char *sms_guide;       /* 办事指南: what an SMS sends; may be "" */
	char *category_code;
	char *category_name;   /* output only ("" when unknown) */
	char *owner_unit_code; /* may be "" */
	char *owner_unit_name; /* output only */
	char *keywords;        /* '|'-separated synonyms, may be "" */
	char *effective_from;  /* "YYYY-MM-DD" or "" (open) */
	char *effective_to;    /* "YYYY-MM-DD" or "" (open) */
	char *status;          /* draft review published expired */
	long long version;     /* 1, 2, ...: every saved change */
	long long created_at;
	char *created_by;
	long long updated_at;  /* a version: when it was saved */
	char *updated_by;      /* a version: who saved it */
	long long use_count;   /* current row only */
	char *action;          /* a version only: create update submit
				  publish expire seed */
};

/* A search: one ranked FTS5 query over title, question, answer and
 * keywords (bm25, title weighted), filtered in the same statement. */
struct store_kb_search {
	const char *match;    /* MATCH expression from kb_query_build() */
	const char *key;      /* kb_query_key() of the query: articles whose
				 title or a keyword has it come first; NULL */
	const char *category; /* a category code: it and its descendants;
				 NULL: any */
	const char *status;   /* NULL: published and effective on today;
				 "all"; or one status */
	const char *today;    /* "YYYY-MM-DD", local date */
	int limit;
};

/* One search result.  kb_search sets id, score and pinned; kb_hits_fill
 * the rest (strings owned by the hit: store_kb_hits_free). */
struct store_kb_hit {
	long long id;
	double score; /* -bm25: higher is better; 0 when not from FTS */
	int pinned;   /* the query's key equals the title's or a keyword's */
	char *title;
	char *title_marked;   /* title, matches between KB_MARK_* */
	char *snippet_marked; /* the answer (or the question, when only it
				 matches), matches marked; the route cuts
				 the excerpt */
	char *category_code;
	char *category_name;
	char *owner_unit_code;
};

/* A title for pinyin matching (core/pinyin.h). */
struct store_kb_title {
	long long id;
	char *title;
	char *category_code;
};

/* One "use this answer": an article read out, maybe for a ticket. */
struct store_kb_use {
	long long id;
	long long article_id;
	long long version; /* of the article when used */
	char *title;       /* the article's current title */
	char *ticket_no;   /* "" when none */
	char *agent;
	long long at;
};

/* One SMS of the outbox. */
struct store_sms {
	long long id;
	char *phone;
	char *text;
	long long article_id; /* 0: free text */
	char *ticket_no;      /* "" when none */
	char *call_id;        /* "" when none */
	char *state;          /* queued sent failed */
	long long created_at;
	long long sent_at;    /* 0 until sent or failed */
	char *error;          /* "" unless failed */
	char *created_by;
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
	/* knowledge base (kb_articles.tsv): current rows, version 1 */
	struct store_kb_article *kb_articles;
	size_t n_kb_articles;
};

/* ---- online queue of other channels (intake items): types
 * (store_sqlite_intake.c, issue #4 extras) ---- */

/* One item from another channel (web, WeChat, app, 人民网, 省平台 ...)
 * waiting for an agent to record it as a ticket. */
struct store_intake_item {
	long long id;
	char *channel;       /* a ticket channel wire code (not PHONE) */
	char *external_id;   /* the channel's own id; unique per channel */
	char *citizen_phone; /* "" none */
	char *citizen_name;  /* "" none */
	char *subject;       /* "" none */
	char *content;
	long long received_at; /* seconds */
	long long created_at;
	char *created_by;    /* the gateway account */
	char *body_hash;     /* SHA-256 hex of the canonical fields */
	char *state;         /* waiting claimed done */
	char *claimed_by;    /* "" none */
	long long claimed_at; /* 0 none */
	char *ticket_no;     /* "" until done */
	long long done_at;   /* 0 until done */
	long long version;   /* + 1 on every change */
};

/* A listing: oldest first (received_at, id). */
struct store_intake_filter {
	const char *state; /* NULL any; "open": waiting or claimed */
	int has_cursor;    /* rows strictly after (cur_at, cur_id) */
	long long cur_at, cur_id;
	int limit;
};

/* ---- calls and agent states: types (store_sqlite_calls.c) ---- */

/* A transfer recorded on a call (times in seconds). */
struct store_transfer {
	long long id;
	long long call_id;
	char *agent;
	char *mode;        /* BLIND CONSULT THREE_WAY */
	char *target_kind; /* UNIT EMERGENCY */
	char *target;      /* unit code or 110/119/120/122 */
	char *target_name;
	char *note;
	long long at;
};

/*
 * One call as stored.  Times are milliseconds since the epoch (0: not
 * yet); the database keeps whole seconds in its *_at columns and
 * milliseconds where routing needs them (state_since, deadline and the
 * duration totals).  Durations are the totals of the states the call
 * has left; the running state's part is now - state_since_ms.
 */
struct store_call {
	long long id;
	char *caller;
	char *channel;
	char *desk;
	char *state;     /* QUEUED RINGING TALKING HOLD ACW ENDED ABANDONED */
	char *agent;     /* "" when none */
	int training;
	int has_ivr;
	char *ivr_intent;
	char *ivr_transcript;
	char *posted_by;
	long long offered_ms, ringing_ms, answered_ms, ended_ms, wrapped_ms;
	long long state_since_ms;
	long long deadline_ms; /* ring or ACW deadline, 0 none */
	long long wait_ms, ring_ms, talk_ms, hold_ms, acw_ms;
	long long queue_pos;   /* QUEUED: order in the desk's queue */
	int ring_attempts;
	int acw_extensions;
	char *disposition;     /* wrap-up code, "" none */
	int wrapup_auto;       /* applied by the ACW deadline */
	char *summary;
	int needs_callback;
	char *ticket_no;       /* "" none */
	/* get_call and list_calls only: */
	struct store_transfer *transfers;
	size_t n_transfers;
	char **urged; /* ticket numbers urged during the call, in order */
	size_t n_urged;
};

/* A saved agent state (cc_load): the agent's current row. */
struct store_agent_state {
	char *username;
	char *desks;      /* the agent's desks (agents.desks) */
	char *state;      /* OFFLINE READY NOT_READY RINGING ... */
	char *reason;     /* "" none */
	long long since_ms;
	long long idle_since_ms; /* READY since, 0 */
	long long call_id;       /* 0 none */
	char *after_call;        /* "", NOT_READY or OFFLINE */
	char *after_call_reason; /* "" */
};

/* One row of agent_state_log (times in seconds; ended_at 0 while open). */
struct store_state_row {
	long long id;
	char *username;
	char *state;
	char *reason; /* "" none */
	long long started_at;
	long long ended_at;
	long long call_id; /* 0 none */
};

/* Writes of one call-centre change (cc_write).  Strings are borrowed;
 * NULL and "" both store as none where a field may be empty. */
struct store_call_put {
	int insert;     /* 1: a new call, every field; 0: update */
	int set_wrapup; /* also write disposition, summary, needs_callback,
			   ticket_no, wrapup_auto */
	long long id;
	/* insert only */
	const char *caller, *channel, *desk, *posted_by;
	int training, has_ivr;
	const char *ivr_intent, *ivr_transcript;
	/* routing (always) */
	const char *state, *agent;
	long long offered_ms, ringing_ms, answered_ms, ended_ms, wrapped_ms;
	long long state_since_ms, deadline_ms;
	long long wait_ms, ring_ms, talk_ms, hold_ms, acw_ms;
	long long queue_pos;
	int ring_attempts, acw_extensions;
	/* wrap-up */
	const char *disposition, *summary, *ticket_no;
	int needs_callback, wrapup_auto;
};

struct store_agent_put {
	const char *username, *state, *reason;
	long long since_ms, idle_since_ms, call_id;
	const char *after_call, *after_call_reason;
};

/* A new agent_state_log row starting at at_ms; the agent's open row (if
 * any) ends there. */
struct store_state_log_put {
	const char *username, *state, *reason;
	long long at_ms, call_id;
};

struct store_transfer_put {
	long long call_id;
	const char *agent, *mode, *target_kind, *target, *target_name, *note;
	long long at_ms;
};

/* An urge (催办) during a call: the ticket's version goes up by one (only
 * when it is still expect_version), an "urge" event is appended (from and
 * to ticket_state) and the ticket is linked to the call. */
struct store_urge_put {
	long long call_id;
	const char *ticket_no;
	long long expect_version;
	const char *ticket_state;
	const char *agent, *comment;
	long long at_ms;
};

struct store_cc_write {
	const struct store_call_put *calls; /* upserts, in order */
	size_t n_calls;
	const struct store_agent_put *agents; /* current rows, upserts */
	size_t n_agents;
	const struct store_state_log_put *log; /* in order */
	size_t n_log;
	const struct store_transfer_put *transfer; /* NULL: none */
	const struct store_urge_put *urge;         /* NULL: none */
};

struct store_call_filter {
	const char *state;  /* NULL: any */
	const char *desk;   /* NULL: any */
	const char *agent;  /* NULL: any */
	const char *caller; /* NULL: any */
	long long before_id; /* 0: from the newest */
	int limit;
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
	const char *q;          /* substring of title/content/address or
				   of the ticket number */
	int limit;              /* rows wanted (the store returns <= limit) */
	int has_cursor;         /* rows strictly after (cur_at, cur_no) */
	long long cur_at;
	const char *cur_no;
	/* issue #6, review lists (docs/metrics.md): NULL, "overdue",
	 * "due_soon", "return_pending", "extension_pending" or
	 * "supervised"; now and soon (the yellow-light limit) for the
	 * first two.  Served by the indexes of migration 6.
	 * "supervised" is ordered by supervised_due_at (none last), then
	 * ticket_no, and its cursor's cur_at is that due time (LLONG_MAX
	 * for none; migration 8). */
	const char *flag;
	long long flag_now, flag_soon;
	int training;           /* training space: 0 live only, 1 only
				   training tickets (issue #7) */
};

/* ---- supervisor statistics, audit log, broadcasts: types
 * (store_sqlite_stats.c; issue #6) ---- */

/* Call figures of one period: non-training calls offered in [from, to)
 * that have left the queue (answered or abandoned).  docs/metrics.md. */
struct store_call_agg {
	long long offered;     /* answered + abandoned */
	long long answered, abandoned;
	long long answered_sl; /* answered with wait + ring <= sl_ms */
	long long wait_sum_ms; /* answered calls: wait + ring */
	long long wait_max_ms; /* offered calls: wait + ring; -1 none */
	long long handled;     /* answered calls that ended (wrap-up done) */
	long long talk_sum_ms; /* handled: talk + hold */
	long long acw_sum_ms;  /* handled: ACW */
};

/* Ticket figures of one period (tickets created in [from, to)). */
struct store_ticket_agg {
	long long tickets;
	long long valid;       /* handling_mode set, not INVALID or MERGED */
	long long direct;      /* handling_mode DIRECT */
	long long transferred; /* handling_mode TRANSFER */
	long long by_appeal[AP__COUNT];
	long long by_channel[CH__COUNT];
};

/* One hour of a day (local). */
struct store_hour_row {
	long long offered, answered, abandoned, tickets;
};

/* Open tickets needing attention at `now`. */
struct store_ticket_open {
	long long overdue, due_soon, returns_pending, extensions_pending,
		supervised;
	long long supervised_overdue; /* 督办 due time passed (migration 8) */
};

/* A counted group: a code (category, town, unit) and maybe a bucket. */
struct store_group {
	char *code;
	long long bucket; /* days back (hotspots), else 0 */
	long long n;      /* count (overdue_units: overdue) */
	long long n2;     /* overdue_units: open; else 0 */
};

enum store_group_kind {
	STORE_G_CATEGORY, /* level-2 code (a level-3 code rolls up) */
	STORE_G_TOWN,     /* town_code, "" excluded */
};

/* A logged-in agent for the live board. */
struct store_live_agent {
	char *username, *display_name, *desks, *role;
	char *state, *reason; /* reason "" none */
	long long since_ms, call_id;
	char *ticket_no;      /* of the current call, "" none */
	long long handled;    /* calls handled since day_from */
	long long handle_ms;  /* their talk + hold + ACW */
};

struct store_audit {
	char *id; /* "A<n>" (audit rows) or "T<n>" (ticket events) */
	long long at;
	char *actor, *action, *target, *detail;
};

struct store_broadcast {
	long long id;
	long long at;
	char *sender;
	char *desk;    /* "" everyone */
	char *message;
	long long targets, acked;
	int acked_by_me;
};

/* ---- training space: types (store_sqlite_training.c, issue #7) ---- */

/* An unfinished training call and the one agent it rings. */
struct store_training_call {
	long long call_id;
	char *agent;
	char *scenario;
};

/* One graded practice or demo run.  checks is the JSON array as sent
 * (validated by training.c). */
struct store_training_result {
	long long id;
	char *scenario, *title, *trainee, *mode; /* mode: practice|demo */
	long long score, max_score;
	int passed;
	long long duration_s;
	long long started_at;  /* seconds */
	char *checks;          /* JSON array text */
	long long call_id;     /* 0: none */
	char *ticket_no;       /* "": none */
	char *recorded_by;
	long long created_at;  /* seconds */
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
	/*
	 * The deadline timer's work list: tickets whose handling clock runs
	 * (PENDING_SIGN, HANDLING, RETURN_REQUESTED) with a deadline before
	 * now and the overdue flag not set, earliest deadline first, at most
	 * max, no events.  Served by a partial index (no full scan).
	 */
	enum status (*list_overdue)(struct store *s, long long now, size_t max,
				    struct tk_rec **out, size_t *n);

	/* ---- server settings (the meta table) ---- */
	/* The value of key, malloc'd into *out (caller frees);
	 * ST_NOT_FOUND when the key is unset. */
	enum status (*get_meta)(struct store *s, const char *key, char **out);
	/* Sets key to value (insert or replace) in one transaction. */
	enum status (*set_meta)(struct store *s, const char *key,
				const char *value);

	/* ---- calls and agent states (store_sqlite_calls.c) ---- */
	/* Everything the call centre needs at start: every agent_states row
	 * (with the agent's desks) and every unfinished call (no transfers
	 * or urges), oldest first; *max_id the highest call id ever. */
	enum status (*cc_load)(struct store *s,
			       struct store_agent_state **agents,
			       size_t *n_agents, struct store_call **calls,
			       size_t *n_calls, long long *max_id);
	/*
	 * One call-centre change in one transaction: call upserts, agent
	 * rows, state-log rows, and at most one transfer (its id in
	 * *transfer_id) and one urge (the ticket's new version in
	 * *ticket_version; ST_CONFLICT when the ticket's version moved,
	 * ST_NOT_FOUND when there is no such ticket: nothing is written).
	 * The out pointers may be NULL when not used.
	 */
	enum status (*cc_write)(struct store *s, const struct store_cc_write *w,
				long long *transfer_id,
				long long *ticket_version);
	/* One call with its transfers and urged tickets; ST_NOT_FOUND. */
	enum status (*get_call)(struct store *s, long long id,
				struct store_call *out);
	/* Newest first (id desc), with transfers and urges. */
	enum status (*list_calls)(struct store *s,
				  const struct store_call_filter *f,
				  struct store_call **out, size_t *n);
	/* An agent's agent_state_log rows, newest first, at most limit. */
	enum status (*list_state_log)(struct store *s, const char *username,
				      int limit, struct store_state_row **out,
				      size_t *n);

	/* ---- knowledge base and SMS outbox (store_sqlite_kb.c) ---- */
	/* Ranked ids of one search (see struct store_kb_search), at most
	 * q->limit; display fields are left empty. */
	enum status (*kb_search)(struct store *s,
				 const struct store_kb_search *q,
				 struct store_kb_hit **out, size_t *n);
	/* Fills the display fields of hits[0..n) (ids set).  With match,
	 * the title and the answer (or question) are marked where match
	 * matches; without, nothing is marked.  A vanished article keeps
	 * empty strings. */
	enum status (*kb_hits_fill)(struct store *s, const char *match,
				    struct store_kb_hit *hits, size_t n);
	/* Titles of the articles visible on today ("YYYY-MM-DD"), by id. */
	enum status (*kb_titles)(struct store *s, const char *today,
				 struct store_kb_title **out, size_t *n);
	/* The current row (names joined); ST_NOT_FOUND. */
	enum status (*kb_get)(struct store *s, long long id,
			      struct store_kb_article *out);
	/* Current rows without their long texts (question, answer and
	 * sms_guide are ""), newest id first, id < before (0: from the
	 * top), status NULL for any; at most limit. */
	enum status (*kb_list)(struct store *s, const char *status,
			       long long before, int limit,
			       struct store_kb_article **out, size_t *n);
	/* Every saved version, oldest first; ST_NOT_FOUND for no article. */
	enum status (*kb_versions)(struct store *s, long long id,
				   struct store_kb_article **out, size_t *n);
	/* Creates an article from in (id, version, times, counts and names
	 * ignored; in->status as given) as version 1 with a "create"
	 * version row; *id_out its id. */
	enum status (*kb_create)(struct store *s,
				 const struct store_kb_article *in,
				 const char *actor, long long now,
				 long long *id_out);
	/* Writes every field of a (by a->id) as the next version, with a
	 * version row naming action, only when the stored version is
	 * expect_version: else ST_CONFLICT; ST_NOT_FOUND. */
	enum status (*kb_save)(struct store *s,
			       const struct store_kb_article *a,
			       long long expect_version, const char *action,
			       const char *actor, long long now,
			       long long *new_version);
	/* Counts one use (use_count + 1, and a use row linking ticket_no,
	 * which may be NULL); *use_count the new count; ST_NOT_FOUND. */
	enum status (*kb_use)(struct store *s, long long id,
			      const char *ticket_no, const char *actor,
			      long long now, long long *use_count);
	/* The uses recorded for one ticket, oldest first. */
	enum status (*kb_uses)(struct store *s, const char *ticket_no,
			       struct store_kb_use **out, size_t *n);
	/* Queues in (state, times and id ignored: queued, now); *id_out. */
	enum status (*sms_create)(struct store *s, const struct store_sms *in,
				  long long now, long long *id_out);
	enum status (*sms_get)(struct store *s, long long id,
			       struct store_sms *out);
	/* Newest first, id < before (0: from the top), state NULL for any,
	 * at most limit. */
	enum status (*sms_list)(struct store *s, const char *state,
				long long before, int limit,
				struct store_sms **out, size_t *n);
	/* Queued messages created at or before `before`, oldest first, at
	 * most max (the gateway's work list). */
	enum status (*sms_due)(struct store *s, long long before, size_t max,
			       struct store_sms **out, size_t *n);
	/* queued -> sent (ok) or failed (with error) at now; ST_NOT_FOUND
	 * when the message is not queued any more. */
	enum status (*sms_finish)(struct store *s, long long id, int ok,
				  const char *error, long long now);

	/* ---- online queue of other channels (store_sqlite_intake.c) ---- */
	/* Creates in (id, state, times, claim fields ignored: waiting,
	 * created_at now) and sets *id_out.  When (channel, external_id)
	 * exists: *existed = 1, *id_out its id, and ST_OK when its
	 * body_hash equals in->body_hash, else ST_EXISTS. */
	enum status (*intake_create)(struct store *s,
				     const struct store_intake_item *in,
				     long long now, long long *id_out,
				     int *existed);
	enum status (*intake_get)(struct store *s, long long id,
				  struct store_intake_item *out);
	enum status (*intake_list)(struct store *s,
				   const struct store_intake_filter *f,
				   struct store_intake_item **out, size_t *n);
	/* waiting -> claimed by agent at now (claimed by agent already:
	 * ST_OK, nothing written).  ST_CONFLICT when claimed by another
	 * agent or done; ST_NOT_FOUND.  out (may be NULL) receives the row
	 * after the call in every case but ST_NOT_FOUND and ST_IO. */
	enum status (*intake_claim)(struct store *s, long long id,
				    const char *agent, long long now,
				    struct store_intake_item *out);
	/* claimed -> waiting.  Only by the claiming agent unless force;
	 * ST_CONFLICT when not claimed (or by another agent without
	 * force); ST_NOT_FOUND.  out as for intake_claim. */
	enum status (*intake_release)(struct store *s, long long id,
				      const char *agent, int force,
				      long long now,
				      struct store_intake_item *out);
	/* create_ticket, and in the same transaction the item claimed by
	 * agent becomes done with the ticket's number: ST_CONFLICT (nothing
	 * written) when the item is not claimed by agent any more.  A
	 * replayed Idempotency-Key writes nothing, as for create_ticket. */
	enum status (*intake_create_ticket)(struct store *s,
					    const struct tk_rec *in,
					    const struct store_idem *idem,
					    long long now, const char *prefix,
					    long long item_id,
					    const char *agent,
					    char no_out[32], int *replayed);
	/* ---- supervisor statistics, audit log, broadcasts
	 * (store_sqlite_stats.c; issue #6).  Every read is served by an
	 * index (migration 6); times in seconds unless named _ms. ---- */
	enum status (*stats_calls)(struct store *s, long long from,
				   long long to, long long sl_ms,
				   struct store_call_agg *out);
	enum status (*stats_tickets)(struct store *s, long long from,
				     long long to,
				     struct store_ticket_agg *out);
	/* 24 rows from day_from (a local midnight). */
	enum status (*stats_hourly)(struct store *s, long long day_from,
				    struct store_hour_row out[24]);
	/* soon: the yellow-light limit (one working day after now). */
	enum status (*stats_open)(struct store *s, long long now,
				  long long soon,
				  struct store_ticket_open *out);
	/* Tickets created in [from, to) by category or town, count desc. */
	enum status (*stats_groups)(struct store *s, enum store_group_kind k,
				    long long from, long long to,
				    struct store_group **out, size_t *n);
	/* Units with red-light tickets: n overdue, n2 open (clock running),
	 * overdue desc. */
	enum status (*stats_overdue_units)(struct store *s, long long now,
					   struct store_group **out,
					   size_t *n);
	/* Counts in the window (now - window, now] shifted back by 0..days
	 * days (bucket = days back). */
	enum status (*stats_hot_counts)(struct store *s,
					enum store_group_kind k, long long now,
					long long window, int days,
					struct store_group **out, size_t *n);
	/* Ticket numbers of one group in (from, to], newest first. */
	enum status (*stats_hot_tickets)(struct store *s,
					 enum store_group_kind k,
					 const char *code, long long from,
					 long long to, int limit, char ***out,
					 size_t *n);
	/* Agents not OFFLINE, with calls handled since day_from. */
	enum status (*stats_agents)(struct store *s, long long day_from,
				    struct store_live_agent **out, size_t *n);
	enum status (*audit_add)(struct store *s, const char *actor,
				 const char *action, const char *target,
				 const char *detail, long long now);
	/* Audit rows and supervisors'/admins' ticket events, newest first,
	 * strictly after the cursor (at, id) when has_cursor. */
	enum status (*audit_list)(struct store *s, int has_cursor,
				  long long cur_at, const char *cur_id,
				  int limit, struct store_audit **out,
				  size_t *n);
	/* A broadcast (targets counted now) and its audit row; *id. */
	enum status (*bc_create)(struct store *s, const char *sender,
				 const char *desk, const char *message,
				 long long now, long long *id);
	/* ST_NOT_FOUND: no such broadcast; acking twice is ST_OK. */
	enum status (*bc_ack)(struct store *s, long long id, const char *user,
			      long long now);
	/* Broadcasts sent after `since`, newest first.  user != NULL: only
	 * those addressed to user (desk NULL or one of desks) and, with
	 * unacked, not acknowledged by user. */
	enum status (*bc_list)(struct store *s, long long since,
			       const char *user, const char *desks,
			       int unacked, struct store_broadcast **out,
			       size_t *n);
	/* ---- training space (store_sqlite_training.c, issue #7) ---- */
	/* Remembers whom training call call_id rings (and its scenario);
	 * written before the call itself (see calls.c). */
	enum status (*training_call_put)(struct store *s, long long call_id,
					 const char *agent,
					 const char *scenario,
					 const char *requested_by,
					 long long now);
	/* Forgets call_id's row (its call could not be stored). */
	enum status (*training_call_drop)(struct store *s, long long call_id);
	/* The targets of every unfinished training call, oldest first;
	 * rows whose call was never stored are deleted first. */
	enum status (*training_call_targets)(struct store *s,
					     struct store_training_call **out,
					     size_t *n);
	/* One result (in->id, created_at ignored); *id_out its id. */
	enum status (*training_result_create)(
		struct store *s, const struct store_training_result *in,
		long long now, long long *id_out);
	enum status (*training_result_get)(struct store *s, long long id,
					   struct store_training_result *out);
	/* Newest first (id desc), id < before (0: from the top), trainee
	 * and scenario NULL for any, at most limit. */
	enum status (*training_result_list)(
		struct store *s, const char *trainee, const char *scenario,
		long long before, int limit,
		struct store_training_result **out, size_t *n);
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
void store_call_free(struct store_call *c);
void store_calls_free(struct store_call *c, size_t n);
void store_agent_states_free(struct store_agent_state *a, size_t n);
void store_state_rows_free(struct store_state_row *r, size_t n);
void seed_data_free(struct seed_data *d);
/* knowledge base and SMS outbox (kb.c) */
void store_kb_article_free(struct store_kb_article *a);
void store_kb_articles_free(struct store_kb_article *a, size_t n);
void store_kb_hits_free(struct store_kb_hit *h, size_t n);
void store_kb_titles_free(struct store_kb_title *t, size_t n);
void store_kb_uses_free(struct store_kb_use *u, size_t n);
void store_sms_free(struct store_sms *m);
void store_smses_free(struct store_sms *m, size_t n);
/* online queue (intake.c) */
void store_intake_item_free(struct store_intake_item *it);
void store_intake_items_free(struct store_intake_item *it, size_t n);
/* training space (training.c) */
void store_training_calls_free(struct store_training_call *c, size_t n);
void store_training_result_free(struct store_training_result *r);
void store_training_results_free(struct store_training_result *r, size_t n);

/* supervisor statistics, audit log, broadcasts (store_sqlite_stats.c) */
void store_groups_free(struct store_group *g, size_t n);
void store_live_agents_free(struct store_live_agent *a, size_t n);
void store_audits_free(struct store_audit *a, size_t n);
void store_broadcasts_free(struct store_broadcast *b, size_t n);
void store_strings_free(char **v, size_t n);

#endif
