/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model.h - client-side model structs, filled by net/ from JSON and drawn
 * by tui/.  No cJSON pointer ever escapes net/: net parses, copies into
 * these structs and frees the JSON.
 *
 * Every string in these structs has passed u8_sanitize() (multi-line
 * fields with SAN_KEEP_NEWLINE), so it is safe to draw.  Absent optional
 * strings are "" (never NULL) to keep drawing code simple.  Each struct is
 * owned by whoever holds it and released with its _free function, which
 * also zeroes it.
 */
#ifndef HOTLINE_CORE_MODEL_H
#define HOTLINE_CORE_MODEL_H

#include <stddef.h>

#include "ticket.h"

struct agent_info {
	long id;
	char *username;     /* 工号 / login name */
	char *display_name; /* 显示名 */
	enum role role;
	char **desks; /* wire names, e.g. "GENERAL" */
	size_t n_desks;
};

struct ticket_event {
	long id;
	char *at;     /* ISO 8601 UTC, "2026-11-28T20:18:50Z" */
	char *actor;  /* username, or "system" */
	char *action; /* action wire name, or "create" / "update" */
	char *from_state; /* wire names; "" when none */
	char *to_state;
	char *comment;
};

struct ticket {
	char *ticket_no;
	char *title;
	char *content; /* multi-line */
	enum tk_state state;
	int appeal_type; /* enum tk_appeal */
	int channel;     /* enum tk_channel */
	int urgency;     /* enum tk_urgency */
	int handling_mode; /* enum tk_mode, -1 when not decided */
	char *category_code;
	char *category_name;
	char *town_code;
	char *town_name;
	char *address;
	char *caller_phone;
	char *caller_name;
	char *lead_unit_code;
	char *lead_unit_name;
	char *direct_reply; /* multi-line */
	char *deadline;     /* ISO 8601 UTC or "" */
	char *supervised_due_at; /* 督办 due time, ISO 8601 UTC or "" */
	char *created_at;
	char *updated_at;
	char *created_by;
	long version;
	struct ticket_event *events; /* only in detail responses */
	size_t n_events;
};

struct ticket_page {
	struct ticket *items;
	size_t n;
	char *next_cursor; /* "" when this is the last page */
};

void agent_info_free(struct agent_info *a);
void ticket_free(struct ticket *t);
void ticket_page_free(struct ticket_page *p);

#endif
