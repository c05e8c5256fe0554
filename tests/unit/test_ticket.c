/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ticket.c - the ticket state machine, enum names, ticket numbers
 * (core/ticket.c) and the model free functions (core/model.c).
 *
 * The state machine is checked three ways: against an expectation table
 * written here from DOMAIN.md §4 (every state x action x role), through
 * whole flows, and against the table in docs/states.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/mem.h"
#include "core/model.h"
#include "core/ticket.h"

/* ---- the expectation, written out by name ----------------------------- */

struct expect {
	const char *action;
	const char *from;  /* space-separated state wire names */
	const char *to;    /* state wire name or "SAME" */
	const char *roles; /* space-separated role wire names, admin implied */
};

static const struct expect expected[] = {
	{"close_direct", "DRAFT", "CLOSED_DIRECT", "agent supervisor trainer"},
	{"transfer", "DRAFT", "PENDING_DISPATCH", "agent supervisor trainer"},
	{"dispatch_direct", "DRAFT", "PENDING_SIGN",
	 "agent supervisor trainer"},
	{"transfer_out", "DRAFT", "TRANSFERRED_OUT",
	 "agent supervisor trainer"},
	{"not_accept", "DRAFT", "NOT_ACCEPTED", "agent supervisor trainer"},
	{"invalidate", "DRAFT", "INVALID", "agent supervisor trainer"},
	{"merge", "DRAFT", "MERGED", "agent supervisor trainer"},
	{"dispatch", "PENDING_DISPATCH", "PENDING_SIGN",
	 "dispatcher supervisor"},
	{"sign", "PENDING_SIGN", "HANDLING", "unit"},
	{"request_return", "PENDING_SIGN HANDLING", "RETURN_REQUESTED",
	 "unit"},
	{"approve_return", "RETURN_REQUESTED", "PENDING_DISPATCH",
	 "reviewer supervisor"},
	{"reject_return", "RETURN_REQUESTED", "HANDLING",
	 "reviewer supervisor"},
	{"request_extension", "HANDLING", "SAME", "unit"},
	{"approve_extension", "HANDLING", "SAME", "reviewer supervisor"},
	{"reject_extension", "HANDLING", "SAME", "reviewer supervisor"},
	{"reply", "HANDLING", "REPLIED", "unit"},
	{"approve_reply", "REPLIED", "PENDING_VISIT", "reviewer supervisor"},
	{"reject_reply", "REPLIED", "HANDLING", "reviewer supervisor"},
	{"visit", "PENDING_VISIT", "ARCHIVED", "visitor"},
	{"rehandle", "PENDING_VISIT", "HANDLING", "visitor supervisor"},
	{"archive",
	 "CLOSED_DIRECT NOT_ACCEPTED INVALID TRANSFERRED_OUT MERGED "
	 "PENDING_VISIT",
	 "ARCHIVED", "supervisor visitor"},
	{"urge",
	 "PENDING_DISPATCH PENDING_SIGN HANDLING RETURN_REQUESTED REPLIED "
	 "PENDING_VISIT",
	 "SAME", "agent supervisor trainer"},
	{"supervise",
	 "PENDING_DISPATCH PENDING_SIGN HANDLING RETURN_REQUESTED REPLIED "
	 "PENDING_VISIT",
	 "SAME", "supervisor"},
	{"reassign", "PENDING_SIGN HANDLING RETURN_REQUESTED", "PENDING_SIGN",
	 "supervisor dispatcher"},
	{"redispatch", "PENDING_SIGN HANDLING", "PENDING_DISPATCH",
	 "supervisor dispatcher"},
	{"mark_overdue", "PENDING_SIGN HANDLING RETURN_REQUESTED", "SAME",
	 "system"},
};

#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

/* 1 when word is one of the space-separated words of list. */
static int
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static const struct expect *
find_expect(const char *action)
{
	size_t i;

	for (i = 0; i < N_EXPECTED; i++)
		if (!strcmp(expected[i].action, action))
			return &expected[i];
	return NULL;
}

static void
test_every_action_expected(void **state)
{
	int a;
	size_t i;

	(void)state;
	/* the list above names every action once, and only real ones */
	assert_int_equal(N_EXPECTED, TK_ACTION__COUNT);
	for (a = 0; a < TK_ACTION__COUNT; a++)
		if (!find_expect(tk_action_wire((enum tk_action)a)))
			fail_msg("no expectation for %s",
				 tk_action_wire((enum tk_action)a));
	for (i = 0; i < N_EXPECTED; i++) {
		enum tk_action act;
		enum tk_state st;

		assert_int_equal(tk_action_parse(expected[i].action, &act), 0);
		if (strcmp(expected[i].to, "SAME") != 0)
			assert_int_equal(
				tk_state_parse(expected[i].to, &st), 0);
	}
}

/* Every (state, action, role) against the table above. */
static void
test_transition_matrix(void **state)
{
	int s, a, r;
	unsigned checked = 0;

	(void)state;
	for (a = 0; a < TK_ACTION__COUNT; a++) {
		const char *aname = tk_action_wire((enum tk_action)a);
		const struct expect *e = find_expect(aname);

		assert_non_null(e);
		for (s = 0; s < TK_STATE__COUNT; s++) {
			const char *sname = tk_state_wire((enum tk_state)s);
			int state_ok = has_word(e->from, sname);

			for (r = 0; r < ROLE__COUNT; r++) {
				const char *rname = role_wire((enum role)r);
				int role_ok;
				enum status want, got;
				enum tk_state to = TK_STATE__COUNT, want_to = TK_DRAFT;

				if (r == ROLE_ADMIN)
					role_ok = strcmp(aname,
							 "mark_overdue") != 0;
				else
					role_ok = has_word(e->roles, rname);
				want = !state_ok ? ST_TRANSITION_REFUSED
				       : !role_ok ? ST_FORBIDDEN
						  : ST_OK;
				got = tk_transition((enum tk_state)s,
						    (enum tk_action)a,
						    (enum role)r, &to);
				if (got != want)
					fail_msg("%s from %s by %s: got %s, "
						 "want %s",
						 aname, sname, rname,
						 status_name(got),
						 status_name(want));
				if (want == ST_OK) {
					if (!strcmp(e->to, "SAME"))
						want_to = (enum tk_state)s;
					else if (tk_state_parse(e->to,
								&want_to) != 0)
						fail_msg("bad state %s", e->to);
					if (to != want_to)
						fail_msg("%s from %s: to %s, "
							 "want %s",
							 aname, sname,
							 tk_state_wire(to),
							 e->to);
				} else if (to != TK_STATE__COUNT) {
					fail_msg("*to written on failure");
				}
				checked++;
			}
		}
	}
	assert_int_equal(checked,
			 TK_ACTION__COUNT * TK_STATE__COUNT * ROLE__COUNT);
}

/* Spot checks stated directly, so a wrong table above is noticed too. */
static void
test_transition_spots(void **state)
{
	enum tk_state to;

	(void)state;
	/* state is checked before role */
	assert_int_equal(tk_transition(TK_DRAFT, TKA_SIGN, ROLE_CTI, &to),
			 ST_TRANSITION_REFUSED);
	assert_int_equal(tk_transition(TK_PENDING_SIGN, TKA_SIGN, ROLE_CTI,
				       &to),
			 ST_FORBIDDEN);
	assert_int_equal(tk_transition(TK_PENDING_SIGN, TKA_SIGN, ROLE_UNIT,
				       &to),
			 ST_OK);
	assert_int_equal(to, TK_HANDLING);
	/* admin: everything but the timer */
	assert_int_equal(tk_transition(TK_HANDLING, TKA_REPLY, ROLE_ADMIN,
				       &to),
			 ST_OK);
	assert_int_equal(to, TK_REPLIED);
	assert_int_equal(tk_transition(TK_HANDLING, TKA_MARK_OVERDUE,
				       ROLE_ADMIN, &to),
			 ST_FORBIDDEN);
	/* system: only the timer */
	assert_int_equal(tk_transition(TK_HANDLING, TKA_MARK_OVERDUE,
				       ROLE_SYSTEM, &to),
			 ST_OK);
	assert_int_equal(to, TK_HANDLING);
	assert_int_equal(tk_transition(TK_DRAFT, TKA_CLOSE_DIRECT,
				       ROLE_SYSTEM, &to),
			 ST_FORBIDDEN);
	assert_int_equal(tk_transition(TK_ARCHIVED, TKA_MARK_OVERDUE,
				       ROLE_SYSTEM, &to),
			 ST_TRANSITION_REFUSED);
	/* trainers take (training) calls; kb editors and cti never act */
	assert_int_equal(tk_transition(TK_DRAFT, TKA_TRANSFER, ROLE_TRAINER,
				       &to),
			 ST_OK);
	assert_int_equal(tk_transition(TK_DRAFT, TKA_TRANSFER,
				       ROLE_KB_EDITOR, &to),
			 ST_FORBIDDEN);
	/* archived and final states refuse urging */
	assert_int_equal(tk_transition(TK_ARCHIVED, TKA_URGE, ROLE_AGENT,
				       &to),
			 ST_TRANSITION_REFUSED);
	assert_int_equal(tk_transition(TK_CLOSED_DIRECT, TKA_URGE,
				       ROLE_AGENT, &to),
			 ST_TRANSITION_REFUSED);
	assert_int_equal(tk_transition(TK_DRAFT, TKA_URGE, ROLE_AGENT, &to),
			 ST_TRANSITION_REFUSED);
	/* to may be NULL */
	assert_int_equal(tk_transition(TK_DRAFT, TKA_MERGE, ROLE_AGENT, NULL),
			 ST_OK);
	/* out of range */
	assert_int_equal(tk_transition(TK_STATE__COUNT, TKA_MERGE, ROLE_AGENT,
				       &to),
			 ST_INVALID);
	assert_int_equal(tk_transition(TK_DRAFT, TK_ACTION__COUNT,
				       ROLE_AGENT, &to),
			 ST_INVALID);
	assert_int_equal(tk_transition(TK_DRAFT, TKA_MERGE, ROLE__COUNT, &to),
			 ST_INVALID);
	assert_int_equal(tk_transition((enum tk_state)-1, TKA_MERGE,
				       ROLE_AGENT, &to),
			 ST_INVALID);
}

struct step {
	enum tk_action act;
	enum role who;
	enum tk_state want;
};

static void
run_flow(const struct step *steps, size_t n)
{
	enum tk_state s = TK_DRAFT;
	size_t i;

	for (i = 0; i < n; i++) {
		enum tk_state to;
		enum status st = tk_transition(s, steps[i].act, steps[i].who,
					       &to);

		if (st != ST_OK)
			fail_msg("step %zu (%s by %s from %s): %s", i,
				 tk_action_wire(steps[i].act),
				 role_wire(steps[i].who), tk_state_wire(s),
				 status_name(st));
		assert_int_equal(to, steps[i].want);
		s = to;
	}
}

/* 欠薪求助: transfer, a wrong unit returns it, re-dispatch, extension,
 * an evasive reply is rejected, call-back unsatisfied → rehandle. */
static void
test_flows(void **state)
{
	static const struct step wage[] = {
		{TKA_TRANSFER, ROLE_AGENT, TK_PENDING_DISPATCH},
		{TKA_URGE, ROLE_AGENT, TK_PENDING_DISPATCH},
		{TKA_DISPATCH, ROLE_DISPATCHER, TK_PENDING_SIGN},
		{TKA_REQUEST_RETURN, ROLE_UNIT, TK_RETURN_REQUESTED},
		{TKA_MARK_OVERDUE, ROLE_SYSTEM, TK_RETURN_REQUESTED},
		{TKA_APPROVE_RETURN, ROLE_REVIEWER, TK_PENDING_DISPATCH},
		{TKA_DISPATCH, ROLE_SUPERVISOR, TK_PENDING_SIGN},
		{TKA_SIGN, ROLE_UNIT, TK_HANDLING},
		{TKA_REQUEST_EXTENSION, ROLE_UNIT, TK_HANDLING},
		{TKA_APPROVE_EXTENSION, ROLE_REVIEWER, TK_HANDLING},
		{TKA_SUPERVISE, ROLE_SUPERVISOR, TK_HANDLING},
		{TKA_REPLY, ROLE_UNIT, TK_REPLIED},
		{TKA_REJECT_REPLY, ROLE_REVIEWER, TK_HANDLING},
		{TKA_REPLY, ROLE_UNIT, TK_REPLIED},
		{TKA_APPROVE_REPLY, ROLE_REVIEWER, TK_PENDING_VISIT},
		{TKA_REHANDLE, ROLE_VISITOR, TK_HANDLING},
		{TKA_REPLY, ROLE_UNIT, TK_REPLIED},
		{TKA_APPROVE_REPLY, ROLE_SUPERVISOR, TK_PENDING_VISIT},
		{TKA_VISIT, ROLE_VISITOR, TK_ARCHIVED},
	};
	static const struct step direct[] = {
		{TKA_CLOSE_DIRECT, ROLE_AGENT, TK_CLOSED_DIRECT},
		{TKA_ARCHIVE, ROLE_SUPERVISOR, TK_ARCHIVED},
	};
	static const struct step reassign[] = {
		{TKA_DISPATCH_DIRECT, ROLE_AGENT, TK_PENDING_SIGN},
		{TKA_SIGN, ROLE_UNIT, TK_HANDLING},
		{TKA_REASSIGN, ROLE_SUPERVISOR, TK_PENDING_SIGN},
		{TKA_SIGN, ROLE_UNIT, TK_HANDLING},
		{TKA_REDISPATCH, ROLE_DISPATCHER, TK_PENDING_DISPATCH},
	};

	(void)state;
	run_flow(wage, sizeof(wage) / sizeof(wage[0]));
	run_flow(direct, sizeof(direct) / sizeof(direct[0]));
	run_flow(reassign, sizeof(reassign) / sizeof(reassign[0]));
}

static void
test_is_open(void **state)
{
	static const char *const open_states[] = {
		"DRAFT", "PENDING_DISPATCH", "PENDING_SIGN", "HANDLING",
		"RETURN_REQUESTED", "REPLIED", "PENDING_VISIT"};
	int s;
	size_t i;

	(void)state;
	for (s = 0; s < TK_STATE__COUNT; s++) {
		const char *name = tk_state_wire((enum tk_state)s);
		int want = 0;

		for (i = 0; i < sizeof(open_states) / sizeof(open_states[0]);
		     i++)
			if (!strcmp(open_states[i], name))
				want = 1;
		if (tk_state_is_open((enum tk_state)s) != want)
			fail_msg("is_open(%s) != %d", name, want);
	}
	assert_int_equal(tk_state_is_open(TK_STATE__COUNT), 0);
}

/* ---- docs/states.md says the same as ticket.c ------------------------- */

/* Trim spaces and backquotes in place; returns s. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '`')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '`' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* "a, b, c" → "a b c" */
static void
commas_to_spaces(char *s)
{
	char *r = s, *w = s;

	for (; *r; r++) {
		if (*r == ',')
			continue;
		*w++ = *r;
	}
	*w = '\0';
}

static void
test_docs_match(void **state)
{
	const char *path = getenv("HOTLINE_STATES_MD");
	FILE *f;
	char line[1024];
	int seen[TK_ACTION__COUNT] = {0};
	int a, rows = 0;

	(void)state;
	if (!path)
		path = "docs/states.md";
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (run from the source root)", path);
	while (fgets(line, sizeof(line), f)) {
		char *cells[6], *p = line, *bar;
		int n = 0, s, r;
		enum tk_action act;

		if (strncmp(line, "| `", 3) != 0)
			continue;
		p++; /* first bar */
		while (n < 6 && (bar = strchr(p, '|')) != NULL) {
			*bar = '\0';
			cells[n++] = trim(p);
			p = bar + 1;
		}
		if (n < 4 || tk_action_parse(cells[0], &act) != 0)
			continue;
		rows++;
		seen[act]++;
		commas_to_spaces(cells[1]);
		commas_to_spaces(cells[3]);
		for (s = 0; s < TK_STATE__COUNT; s++) {
			for (r = 0; r < ROLE__COUNT; r++) {
				const char *sn =
					tk_state_wire((enum tk_state)s);
				const char *rn = role_wire((enum role)r);
				int st_ok = has_word(cells[1], sn);
				int ro_ok = has_word(cells[3], rn);
				enum tk_state to = TK_STATE__COUNT, dto = TK_DRAFT;
				enum status got, want;

				want = !st_ok ? ST_TRANSITION_REFUSED
				       : !ro_ok ? ST_FORBIDDEN
						: ST_OK;
				got = tk_transition((enum tk_state)s, act,
						    (enum role)r, &to);
				if (got != want)
					fail_msg("docs/states.md: %s from %s "
						 "by %s says %s, code %s",
						 cells[0], sn, rn,
						 status_name(want),
						 status_name(got));
				if (got != ST_OK)
					continue;
				if (!strcmp(cells[2], "(same)"))
					dto = (enum tk_state)s;
				else if (tk_state_parse(cells[2], &dto) != 0)
					fail_msg("docs: bad to-state %s",
						 cells[2]);
				if (to != dto)
					fail_msg("docs/states.md: %s to %s, "
						 "code %s",
						 cells[0], cells[2],
						 tk_state_wire(to));
			}
		}
	}
	fclose(f);
	assert_int_equal(rows, TK_ACTION__COUNT);
	for (a = 0; a < TK_ACTION__COUNT; a++)
		if (seen[a] != 1)
			fail_msg("docs/states.md: %s has %d rows",
				 tk_action_wire((enum tk_action)a), seen[a]);
}

/* ---- names ------------------------------------------------------------ */

static void
test_names(void **state)
{
	enum tk_state s;
	enum tk_action a;
	enum role r;
	int i;

	(void)state;
	/* round trips */
	for (i = 0; i < TK_STATE__COUNT; i++) {
		assert_int_equal(tk_state_parse(
					 tk_state_wire((enum tk_state)i), &s),
				 0);
		assert_int_equal(s, i);
	}
	for (i = 0; i < TK_ACTION__COUNT; i++) {
		assert_int_equal(tk_action_parse(
					 tk_action_wire((enum tk_action)i), &a),
				 0);
		assert_int_equal(a, i);
	}
	for (i = 0; i < ROLE__COUNT; i++) {
		assert_int_equal(role_parse(role_wire((enum role)i), &r), 0);
		assert_int_equal(r, i);
	}
	/* fixed values */
	assert_string_equal(tk_state_wire(TK_PENDING_SIGN), "PENDING_SIGN");
	assert_string_equal(tk_action_wire(TKA_MARK_OVERDUE), "mark_overdue");
	assert_string_equal(role_wire(ROLE_KB_EDITOR), "kb_editor");
	assert_int_equal(tk_state_parse("RETURN_REQUESTED", &s), 0);
	assert_int_equal(s, TK_RETURN_REQUESTED);
	/* exact names only */
	s = TK_ARCHIVED;
	assert_int_equal(tk_state_parse("draft", &s), -1);
	assert_int_equal(tk_state_parse("DRAFT ", &s), -1);
	assert_int_equal(tk_state_parse("", &s), -1);
	assert_int_equal(tk_state_parse(NULL, &s), -1);
	assert_int_equal(s, TK_ARCHIVED); /* untouched */
	assert_int_equal(tk_action_parse("Sign", &a), -1);
	assert_int_equal(role_parse("Agent", &r), -1);
	assert_int_equal(role_parse("root", &r), -1);
	/* out of range */
	assert_string_equal(tk_state_wire(TK_STATE__COUNT), "?");
	assert_string_equal(tk_action_wire((enum tk_action)99), "?");
	assert_string_equal(role_wire(ROLE__COUNT), "?");
	assert_string_equal(tk_state_label(TK_STATE__COUNT), "?");
	/* labels follow the UI language */
	i18n_set(LANG_ZH);
	assert_string_equal(tk_state_label(TK_HANDLING), "办理中");
	assert_string_equal(tk_action_label(TKA_URGE), "催办");
	assert_string_equal(role_label(ROLE_DISPATCHER), "派单员");
	i18n_set(LANG_EN);
	assert_string_equal(tk_state_label(TK_HANDLING), "handling");
	assert_string_equal(tk_action_label(TKA_URGE), "urge");
	assert_string_equal(role_label(ROLE_DISPATCHER), "dispatcher");
	i18n_set(LANG_ZH);
	for (i = 0; i < TK_STATE__COUNT; i++)
		assert_true(*tk_state_label((enum tk_state)i) != '\0');
}

static void
test_enum_kinds(void **state)
{
	static const int counts[TKE__COUNT] = {
		[TKE_CHANNEL] = CH__COUNT, [TKE_DESK] = DESK__COUNT,
		[TKE_APPEAL] = AP__COUNT,  [TKE_URGENCY] = URG__COUNT,
		[TKE_MODE] = MODE__COUNT,  [TKE_CALLER_KIND] = CK__COUNT};
	int k, v;

	(void)state;
	for (k = 0; k < TKE__COUNT; k++) {
		assert_int_equal(tk_enum_count((enum tk_enum_kind)k),
				 counts[k]);
		for (v = 0; v < counts[k]; v++) {
			const char *w = tk_enum_wire((enum tk_enum_kind)k, v);

			assert_non_null(w);
			assert_int_equal(tk_enum_parse((enum tk_enum_kind)k, w),
					 v);
			assert_non_null(tk_enum_label((enum tk_enum_kind)k, v));
		}
		assert_null(tk_enum_wire((enum tk_enum_kind)k, counts[k]));
		assert_null(tk_enum_wire((enum tk_enum_kind)k, -1));
		assert_null(tk_enum_label((enum tk_enum_kind)k, counts[k]));
		assert_int_equal(tk_enum_parse((enum tk_enum_kind)k, "NOPE"),
				 -1);
	}
	assert_int_equal(tk_enum_parse(TKE_CHANNEL, "PEOPLE_DAILY"),
			 CH_PEOPLE_DAILY);
	assert_int_equal(tk_enum_parse(TKE_APPEAL, "COMPLAINT"), AP_COMPLAINT);
	assert_int_equal(tk_enum_parse(TKE_APPEAL, "complaint"), -1);
	assert_int_equal(tk_enum_parse(TKE_MODE, "TRANSFER_110"),
			 MODE_TRANSFER_110);
	/* the same wire name in two kinds means two values */
	assert_int_equal(tk_enum_parse(TKE_DESK, "ENTERPRISE"),
			 DESK_ENTERPRISE);
	assert_int_equal(tk_enum_parse(TKE_CALLER_KIND, "ENTERPRISE"),
			 CK_ENTERPRISE);
	assert_string_equal(tk_enum_wire(TKE_URGENCY, URG_IMMEDIATE),
			    "IMMEDIATE");
	i18n_set(LANG_ZH);
	assert_string_equal(tk_enum_label(TKE_URGENCY, URG_URGENT), "紧急");
	assert_string_equal(tk_enum_label(TKE_APPEAL, AP_HELP), "求助");
	i18n_set(LANG_EN);
	assert_string_equal(tk_enum_label(TKE_URGENCY, URG_URGENT), "urgent");
	i18n_set(LANG_ZH);
	assert_int_equal(tk_enum_count(TKE__COUNT), 0);
	assert_int_equal(tk_enum_parse(TKE__COUNT, "PHONE"), -1);
	assert_null(tk_enum_wire(TKE__COUNT, 0));
}

/* ---- ticket numbers --------------------------------------------------- */

static void
test_format_no(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 11, 28,
				      123),
			 ST_OK);
	assert_string_equal(out, "DG20261128000123");
	assert_int_equal(tk_format_no(out, 17, "DG", 2026, 1, 2, 999999),
			 ST_OK);
	assert_string_equal(out, "DG20260102999999");
	assert_int_equal(tk_format_no(out, 16, "DG", 2026, 1, 2, 1),
			 ST_TOO_LONG);
	assert_string_equal(out, "");
	assert_int_equal(tk_format_no(out, 19, "DGGZ", 2024, 2, 29, 1),
			 ST_OK);
	assert_string_equal(out, "DGGZ20240229000001");
	assert_int_equal(tk_format_no(out, 18, "DGGZ", 2024, 2, 29, 1),
			 ST_TOO_LONG);
	/* bad prefixes */
	assert_int_equal(tk_format_no(out, sizeof(out), "dg", 2026, 1, 1, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "D", 2026, 1, 1, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DGABC", 2026, 1, 1,
				      1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG1", 2026, 1, 1, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "东莞", 2026, 1, 1,
				      1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "", 2026, 1, 1, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), NULL, 2026, 1, 1, 1),
			 ST_INVALID);
	/* prefix is checked before the size */
	assert_int_equal(tk_format_no(out, 4, "dg", 2026, 1, 1, 1),
			 ST_INVALID);
	/* sequence */
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 1, 1, 0),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 1, 1,
				      1000000),
			 ST_INVALID);
	/* dates */
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 2, 29, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2100, 2, 29, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2000, 2, 29, 1),
			 ST_OK);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 4, 31, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 12, 31,
				      1),
			 ST_OK);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 13, 1, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 0, 1, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 2026, 1, 0, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 999, 1, 1, 1),
			 ST_INVALID);
	assert_int_equal(tk_format_no(out, sizeof(out), "DG", 10000, 1, 1, 1),
			 ST_INVALID);
}

static void
test_no_valid(void **state)
{
	char out[32];

	(void)state;
	assert_true(tk_no_valid("DG20261128000123"));
	assert_true(tk_no_valid("GZ20260101000001"));
	assert_true(tk_no_valid("DGGZ20260101000001"));
	assert_false(tk_no_valid("dg20261128000123"));
	assert_false(tk_no_valid("DG2026112800012"));   /* 13 digits */
	assert_false(tk_no_valid("DG202611280001234")); /* 15 digits */
	assert_false(tk_no_valid("D20261128000123"));
	assert_false(tk_no_valid("DGABC20261128000123"));
	assert_false(tk_no_valid("DG20261128000123 "));
	assert_false(tk_no_valid("DG2026112800012X"));
	assert_false(tk_no_valid("东莞20261128000123"));
	assert_false(tk_no_valid(""));
	assert_false(tk_no_valid(NULL));
	/* whatever tk_format_no writes is valid */
	assert_int_equal(tk_format_no(out, sizeof(out), "SZ", 2031, 7, 9, 42),
			 ST_OK);
	assert_true(tk_no_valid(out));
}

/* ---- model free functions (leaks show under valgrind) ----------------- */

static void
test_model_free(void **state)
{
	struct ticket_page page;
	struct agent_info ai;
	size_t i, j;

	(void)state;
	memset(&page, 0, sizeof(page));
	page.n = 3;
	page.items = xcalloc(page.n, sizeof(*page.items));
	page.next_cursor = xstrdup("c2");
	for (i = 0; i < page.n; i++) {
		struct ticket *t = &page.items[i];

		t->ticket_no = xasprintf("DG20261128%06zu", i + 1);
		t->title = xstrdup("夜间施工噪音");
		t->content = xstrdup("市民反映：\n东城街道夜间施工。");
		t->category_code = xstrdup("0501");
		t->category_name = xstrdup("噪声污染");
		t->town_code = xstrdup("DC");
		t->town_name = xstrdup("东城街道");
		t->address = xstrdup("");
		t->caller_phone = xstrdup("13800000000");
		t->caller_name = xstrdup("张先生");
		t->lead_unit_code = xstrdup("");
		t->lead_unit_name = xstrdup("");
		t->direct_reply = xstrdup("");
		t->deadline = xstrdup("2026-12-01T00:00:00Z");
		t->created_at = xstrdup("2026-11-28T20:18:50Z");
		t->updated_at = xstrdup("2026-11-28T20:18:50Z");
		t->created_by = xstrdup("1001");
		t->n_events = i; /* 0, 1, 2 events */
		t->events = t->n_events
				    ? xcalloc(t->n_events, sizeof(*t->events))
				    : NULL;
		for (j = 0; j < t->n_events; j++) {
			struct ticket_event *e = &t->events[j];

			e->id = (long)j;
			e->at = xstrdup("2026-11-28T20:18:50Z");
			e->actor = xstrdup("system");
			e->action = xstrdup("urge");
			e->from_state = xstrdup("HANDLING");
			e->to_state = xstrdup("HANDLING");
			e->comment = xstrdup("来电催办");
		}
	}
	ticket_page_free(&page);
	assert_null(page.items);
	assert_null(page.next_cursor);
	assert_int_equal(page.n, 0);
	ticket_page_free(&page); /* twice is harmless */
	ticket_page_free(NULL);
	ticket_free(NULL);

	memset(&ai, 0, sizeof(ai));
	ai.id = 7;
	ai.username = xstrdup("demo-agent");
	ai.display_name = xstrdup("演示坐席");
	ai.n_desks = 2;
	ai.desks = xcalloc(2, sizeof(*ai.desks));
	ai.desks[0] = xstrdup("GENERAL");
	ai.desks[1] = xstrdup("ENTERPRISE");
	agent_info_free(&ai);
	assert_null(ai.username);
	assert_null(ai.desks);
	assert_int_equal(ai.n_desks, 0);
	assert_int_equal(ai.id, 0);
	agent_info_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_action_expected),
		cmocka_unit_test(test_transition_matrix),
		cmocka_unit_test(test_transition_spots),
		cmocka_unit_test(test_flows),
		cmocka_unit_test(test_is_open),
		cmocka_unit_test(test_docs_match),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_enum_kinds),
		cmocka_unit_test(test_format_no),
		cmocka_unit_test(test_no_valid),
		cmocka_unit_test(test_model_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
