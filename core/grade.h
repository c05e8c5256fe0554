/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * grade.h - grading a training run: the expectations of a scenario
 * (core/scenario.h) checked against facts gathered from the server and
 * the client (the ticket's fields, the call, the KB articles used, SMS
 * sent, the script checklist, the time taken) into a grade card.
 *
 * Pure: no I/O.  The caller fills a struct grade_facts (owned by it, freed
 * with grade_facts_free), grade_run() builds a struct grade_card (owned by
 * the caller, freed with grade_card_free).
 *
 * Pass mark: a run passes with at least GRADE_PASS_MARK per cent of the
 * maximum score; "all_passed" says whether every single check passed (the
 * exit status of a headless run).
 */
#ifndef HOTLINE_CORE_GRADE_H
#define HOTLINE_CORE_GRADE_H

#include <stddef.h>

#include "scenario.h"

#define GRADE_PASS_MARK 80 /* per cent */

struct grade_facts {
	int have_ticket;  /* the ticket was found */
	char **keys;      /* ticket fields by wire code (appeal_type,  */
	char **vals;      /* category_code, town_code, lead_unit_code,  */
	size_t n_fields;  /* handling_mode, urgency, state, caller_name, */
			  /* town_name, lead_unit_name ...); "" = empty */
	long *kb_used;    /* article ids linked to the ticket */
	size_t n_kb;
	int sms_sent;     /* SMS sent for the call or ticket */
	unsigned checklist; /* bit (1 << enum scn_checklist) per ticked item */
	long elapsed_s;   /* call offered → wrap-up (or now); -1 unknown */
	char **transfers; /* targets the call was transferred to ("120") */
	size_t n_transfers;
	int urged;        /* the call urged (催办) one of the caller's tickets */
};

void grade_facts_set(struct grade_facts *f, const char *key, const char *val);
/* The value of key, or NULL when not set. */
const char *grade_facts_get(const struct grade_facts *f, const char *key);
void grade_facts_add_kb(struct grade_facts *f, long article_id);
void grade_facts_add_transfer(struct grade_facts *f, const char *target);
void grade_facts_free(struct grade_facts *f);

struct grade_check {
	char *name;   /* "诉求类型 appeal_type COMPLAINT" */
	int weight;
	int passed;
	char *detail; /* "期望 投诉 (COMPLAINT)，实际 咨询 (CONSULT)" */
	int line;     /* of the expectation in the scenario */
};

struct grade_card {
	struct grade_check *checks;
	size_t n;
	int score, max;
	int percent;    /* score * 100 / max, rounded down; 100 when max 0 */
	int pass_mark;  /* GRADE_PASS_MARK */
	int passed;     /* percent >= pass_mark */
	int all_passed; /* every check passed */
	long elapsed_s;
};

void grade_run(const struct scenario *s, const struct grade_facts *f,
	       struct grade_card *out);
void grade_card_free(struct grade_card *c);
/* The card as text lines (title line, one line per check, the score);
 * caller frees. */
char *grade_card_text(const struct grade_card *c, const char *title);

#endif
