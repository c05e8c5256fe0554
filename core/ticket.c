/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticket.c - the ticket state machine (one const table) and the name
 * tables of every ticket enum.  docs/states.md shows the same table and
 * tests/unit/test_ticket.c checks the two against each other.
 */
#include "ticket.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* ---- the transition table --------------------------------------------- */

#define ST_(s) (1u << (s))
#define RO_(r) (1u << (r))

/* to-state "same": the action keeps the state and only adds an event. */
#define TK_SAME TK_STATE__COUNT

/* Open after intake: a unit, reviewer or visitor still has work to do. */
#define TK_OPEN_SET                                                           \
	(ST_(TK_PENDING_DISPATCH) | ST_(TK_PENDING_SIGN) | ST_(TK_HANDLING) | \
	 ST_(TK_RETURN_REQUESTED) | ST_(TK_REPLIED) | ST_(TK_PENDING_VISIT))
/* Finished without the transfer path; waiting only for archive. */
#define TK_ENDED_SET                                                          \
	(ST_(TK_CLOSED_DIRECT) | ST_(TK_NOT_ACCEPTED) | ST_(TK_INVALID) |     \
	 ST_(TK_TRANSFERRED_OUT) | ST_(TK_MERGED))

#define ADMIN RO_(ROLE_ADMIN)
/* Intake: agents, shift leads, and trainers (training tickets). */
#define INTAKE (RO_(ROLE_AGENT) | RO_(ROLE_SUPERVISOR) | RO_(ROLE_TRAINER))
#define UNIT RO_(ROLE_UNIT)
#define REVIEW (RO_(ROLE_REVIEWER) | RO_(ROLE_SUPERVISOR))
#define DISPATCH (RO_(ROLE_DISPATCHER) | RO_(ROLE_SUPERVISOR))

struct tk_rule {
	unsigned from;  /* bitmask of states the action applies to */
	unsigned to;    /* resulting state, or TK_SAME */
	unsigned roles; /* bitmask of roles allowed */
};

static const struct tk_rule tk_rules[TK_ACTION__COUNT] = {
	[TKA_CLOSE_DIRECT] = {ST_(TK_DRAFT), TK_CLOSED_DIRECT, INTAKE | ADMIN},
	[TKA_TRANSFER] = {ST_(TK_DRAFT), TK_PENDING_DISPATCH, INTAKE | ADMIN},
	[TKA_DISPATCH_DIRECT] = {ST_(TK_DRAFT), TK_PENDING_SIGN,
				 INTAKE | ADMIN},
	[TKA_TRANSFER_OUT] = {ST_(TK_DRAFT), TK_TRANSFERRED_OUT,
			      INTAKE | ADMIN},
	[TKA_NOT_ACCEPT] = {ST_(TK_DRAFT), TK_NOT_ACCEPTED, INTAKE | ADMIN},
	[TKA_INVALIDATE] = {ST_(TK_DRAFT), TK_INVALID, INTAKE | ADMIN},
	[TKA_MERGE] = {ST_(TK_DRAFT), TK_MERGED, INTAKE | ADMIN},
	[TKA_DISPATCH] = {ST_(TK_PENDING_DISPATCH), TK_PENDING_SIGN,
			  DISPATCH | ADMIN},
	[TKA_SIGN] = {ST_(TK_PENDING_SIGN), TK_HANDLING, UNIT | ADMIN},
	[TKA_REQUEST_RETURN] = {ST_(TK_PENDING_SIGN) | ST_(TK_HANDLING),
				TK_RETURN_REQUESTED, UNIT | ADMIN},
	[TKA_APPROVE_RETURN] = {ST_(TK_RETURN_REQUESTED), TK_PENDING_DISPATCH,
				REVIEW | ADMIN},
	[TKA_REJECT_RETURN] = {ST_(TK_RETURN_REQUESTED), TK_HANDLING,
			       REVIEW | ADMIN},
	[TKA_REQUEST_EXTENSION] = {ST_(TK_HANDLING), TK_SAME, UNIT | ADMIN},
	[TKA_APPROVE_EXTENSION] = {ST_(TK_HANDLING), TK_SAME, REVIEW | ADMIN},
	[TKA_REJECT_EXTENSION] = {ST_(TK_HANDLING), TK_SAME, REVIEW | ADMIN},
	[TKA_REPLY] = {ST_(TK_HANDLING), TK_REPLIED, UNIT | ADMIN},
	[TKA_APPROVE_REPLY] = {ST_(TK_REPLIED), TK_PENDING_VISIT,
			       REVIEW | ADMIN},
	[TKA_REJECT_REPLY] = {ST_(TK_REPLIED), TK_HANDLING, REVIEW | ADMIN},
	[TKA_VISIT] = {ST_(TK_PENDING_VISIT), TK_ARCHIVED,
		       RO_(ROLE_VISITOR) | ADMIN},
	[TKA_REHANDLE] = {ST_(TK_PENDING_VISIT), TK_HANDLING,
			  RO_(ROLE_VISITOR) | RO_(ROLE_SUPERVISOR) | ADMIN},
	[TKA_ARCHIVE] = {TK_ENDED_SET | ST_(TK_PENDING_VISIT), TK_ARCHIVED,
			 RO_(ROLE_SUPERVISOR) | RO_(ROLE_VISITOR) | ADMIN},
	/* a trainer urges training tickets in a demo (issue #7; live ones
	 * are refused to trainers by the server) */
	[TKA_URGE] = {TK_OPEN_SET, TK_SAME,
		      RO_(ROLE_AGENT) | RO_(ROLE_SUPERVISOR) |
			      RO_(ROLE_TRAINER) | ADMIN},
	[TKA_SUPERVISE] = {TK_OPEN_SET, TK_SAME,
			   RO_(ROLE_SUPERVISOR) | ADMIN},
	[TKA_REASSIGN] = {ST_(TK_PENDING_SIGN) | ST_(TK_HANDLING) |
				  ST_(TK_RETURN_REQUESTED),
			  TK_PENDING_SIGN, DISPATCH | ADMIN},
	[TKA_REDISPATCH] = {ST_(TK_PENDING_SIGN) | ST_(TK_HANDLING),
			    TK_PENDING_DISPATCH, DISPATCH | ADMIN},
	/* The deadline timer: the system only, not even an administrator. */
	[TKA_MARK_OVERDUE] = {ST_(TK_PENDING_SIGN) | ST_(TK_HANDLING) |
				      ST_(TK_RETURN_REQUESTED),
			      TK_SAME, RO_(ROLE_SYSTEM)},
};

enum status
tk_transition(enum tk_state from, enum tk_action act, enum role who,
	      enum tk_state *to)
{
	const struct tk_rule *r;

	if ((unsigned)from >= TK_STATE__COUNT ||
	    (unsigned)act >= TK_ACTION__COUNT ||
	    (unsigned)who >= ROLE__COUNT)
		return ST_INVALID;
	r = &tk_rules[act];
	if (!(r->from & ST_(from)))
		return ST_TRANSITION_REFUSED;
	if (!(r->roles & RO_(who)))
		return ST_FORBIDDEN;
	if (to)
		*to = r->to == TK_SAME ? from : (enum tk_state)r->to;
	return ST_OK;
}

int
tk_state_is_open(enum tk_state s)
{
	if ((unsigned)s >= TK_STATE__COUNT)
		return 0;
	return ((ST_(TK_DRAFT) | TK_OPEN_SET) & ST_(s)) != 0;
}

/* ---- names ------------------------------------------------------------ */

struct tk_names {
	const char *wire;
	const char *label[2]; /* indexed by enum lang */
};

#define TK_NAMES_(e, wire, zh, en) {wire, {zh, en}},
static const struct tk_names state_names[] = {TK_STATE_LIST(TK_NAMES_)};
static const struct tk_names action_names[] = {TK_ACTION_LIST(TK_NAMES_)};
static const struct tk_names role_names[] = {ROLE_LIST(TK_NAMES_)};
static const struct tk_names channel_names[] = {TK_CHANNEL_LIST(TK_NAMES_)};
static const struct tk_names desk_names[] = {TK_DESK_LIST(TK_NAMES_)};
static const struct tk_names appeal_names[] = {TK_APPEAL_LIST(TK_NAMES_)};
static const struct tk_names urgency_names[] = {TK_URGENCY_LIST(TK_NAMES_)};
static const struct tk_names mode_names[] = {TK_MODE_LIST(TK_NAMES_)};
static const struct tk_names ck_names[] = {TK_CALLER_KIND_LIST(TK_NAMES_)};
#undef TK_NAMES_

#define NAMES_N(t) ((int)(sizeof(t) / sizeof((t)[0])))

static int
names_parse(const struct tk_names *t, int n, const char *wire)
{
	int i;

	if (!wire)
		return -1;
	for (i = 0; i < n; i++)
		if (!strcmp(t[i].wire, wire))
			return i;
	return -1;
}

static const char *
names_wire(const struct tk_names *t, int n, int v)
{
	return v >= 0 && v < n ? t[v].wire : NULL;
}

static const char *
names_label(const struct tk_names *t, int n, int v)
{
	if (v < 0 || v >= n)
		return NULL;
	return t[v].label[i18n_get() == LANG_EN ? LANG_EN : LANG_ZH];
}

static const char *
or_unknown(const char *s)
{
	return s ? s : "?";
}

int
tk_state_parse(const char *wire, enum tk_state *out)
{
	int v = names_parse(state_names, NAMES_N(state_names), wire);

	if (v < 0)
		return -1;
	*out = (enum tk_state)v;
	return 0;
}

int
tk_action_parse(const char *wire, enum tk_action *out)
{
	int v = names_parse(action_names, NAMES_N(action_names), wire);

	if (v < 0)
		return -1;
	*out = (enum tk_action)v;
	return 0;
}

int
role_parse(const char *wire, enum role *out)
{
	int v = names_parse(role_names, NAMES_N(role_names), wire);

	if (v < 0)
		return -1;
	*out = (enum role)v;
	return 0;
}

const char *
tk_state_wire(enum tk_state s)
{
	return or_unknown(names_wire(state_names, NAMES_N(state_names), s));
}

const char *
tk_action_wire(enum tk_action a)
{
	return or_unknown(names_wire(action_names, NAMES_N(action_names), a));
}

const char *
role_wire(enum role r)
{
	return or_unknown(names_wire(role_names, NAMES_N(role_names), r));
}

const char *
tk_state_label(enum tk_state s)
{
	return or_unknown(names_label(state_names, NAMES_N(state_names), s));
}

const char *
tk_action_label(enum tk_action a)
{
	return or_unknown(
		names_label(action_names, NAMES_N(action_names), a));
}

const char *
role_label(enum role r)
{
	return or_unknown(names_label(role_names, NAMES_N(role_names), r));
}

static const struct {
	const struct tk_names *names;
	int n;
} tk_kinds[TKE__COUNT] = {
	[TKE_CHANNEL] = {channel_names, NAMES_N(channel_names)},
	[TKE_DESK] = {desk_names, NAMES_N(desk_names)},
	[TKE_APPEAL] = {appeal_names, NAMES_N(appeal_names)},
	[TKE_URGENCY] = {urgency_names, NAMES_N(urgency_names)},
	[TKE_MODE] = {mode_names, NAMES_N(mode_names)},
	[TKE_CALLER_KIND] = {ck_names, NAMES_N(ck_names)},
};

int
tk_enum_parse(enum tk_enum_kind kind, const char *wire)
{
	if ((unsigned)kind >= TKE__COUNT)
		return -1;
	return names_parse(tk_kinds[kind].names, tk_kinds[kind].n, wire);
}

const char *
tk_enum_wire(enum tk_enum_kind kind, int value)
{
	if ((unsigned)kind >= TKE__COUNT)
		return NULL;
	return names_wire(tk_kinds[kind].names, tk_kinds[kind].n, value);
}

const char *
tk_enum_label(enum tk_enum_kind kind, int value)
{
	if ((unsigned)kind >= TKE__COUNT)
		return NULL;
	return names_label(tk_kinds[kind].names, tk_kinds[kind].n, value);
}

int
tk_enum_count(enum tk_enum_kind kind)
{
	if ((unsigned)kind >= TKE__COUNT)
		return 0;
	return tk_kinds[kind].n;
}

/* ---- ticket numbers --------------------------------------------------- */

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the 2-4 upper-case letter prefix at s, 0 when there is none. */
static size_t
prefix_len(const char *s)
{
	size_t n = 0;

	while (n < 5 && is_upper(s[n]))
		n++;
	return n >= 2 && n <= 4 ? n : 0;
}

static int
days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

enum status
tk_format_no(char *out, unsigned long cap, const char *prefix, int year,
	     int month, int day, unsigned long seq)
{
	size_t plen;

	if (cap > 0)
		out[0] = '\0';
	if (!prefix)
		return ST_INVALID;
	plen = prefix_len(prefix);
	if (!plen || prefix[plen] != '\0')
		return ST_INVALID;
	if (year < 1000 || year > 9999 || month < 1 || month > 12 ||
	    day < 1 || day > days_in_month(year, month))
		return ST_INVALID;
	if (seq < 1 || seq > 999999)
		return ST_INVALID;
	if (cap < plen + 14 + 1)
		return ST_TOO_LONG;
	snprintf(out, cap, "%s%04d%02d%02d%06lu", prefix, year, month, day,
		 seq);
	return ST_OK;
}

int
tk_no_valid(const char *s)
{
	size_t plen, i;

	if (!s)
		return 0;
	plen = prefix_len(s);
	if (!plen)
		return 0;
	for (i = 0; i < 14; i++)
		if (!is_digit(s[plen + i]))
			return 0;
	return s[plen + 14] == '\0';
}
