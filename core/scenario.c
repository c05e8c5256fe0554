/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "scenario.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "utf8.h"

static const char *const event_names[] = {
#define SCN_EV_NAME_(e, n) n,
	SCN_EVENTS(SCN_EV_NAME_)
#undef SCN_EV_NAME_
};

static const struct {
	const char *word;
	int arg;
} check_info[] = {
#define SCK_INFO_(e, w, a) {w, a},
	SCN_CHECKS(SCK_INFO_)
#undef SCK_INFO_
};

static const struct {
	const char *name, *label, *script;
} checklist_info[] = {
#define SCL_INFO_(e, n, zh, script) {n, zh, script},
	SCN_CHECKLIST(SCL_INFO_)
#undef SCL_INFO_
};

static const char *const desks[] = {"GENERAL", "ENTERPRISE", "CARE",
				    "DIALECT", "ONLINE", NULL};
static const char *const channels[] = {"PHONE", "WEB", "WECHAT", "APP",
				       "SMS", "PEOPLE_DAILY", "PROVINCE",
				       "POLICE_110", "MAILBOX", NULL};
static const char *const appeal_types[] = {"CONSULT", "HELP", "COMPLAINT",
					   "REPORT", "SUGGESTION", "PRAISE",
					   "OTHER", NULL};
static const char *const modes[] = {"DIRECT", "TRANSFER", "TRANSFER_110",
				    "TRANSFER_EMERGENCY", "TRANSFER_PROVINCE",
				    "NOT_ACCEPTED", "INVALID", "MERGED", NULL};
static const char *const urgencies[] = {"NORMAL", "URGENT", "IMMEDIATE",
					NULL};
static const char *const targets[] = {"110", "119", "120", "122",
				      "PROVINCE", NULL};

const char *
scn_check_word(enum scn_check_kind k)
{
	return (unsigned)k < SCK__COUNT ? check_info[k].word : "?";
}

const char *
scn_event_name(enum scn_event e)
{
	return (unsigned)e < SCN_EV__COUNT ? event_names[e] : "?";
}

const char *
scn_checklist_name(enum scn_checklist c)
{
	return (unsigned)c < SCL__COUNT ? checklist_info[c].name : "?";
}

const char *
scn_checklist_label(enum scn_checklist c)
{
	return (unsigned)c < SCL__COUNT ? checklist_info[c].label : "?";
}

const char *
scn_checklist_script(enum scn_checklist c)
{
	return (unsigned)c < SCL__COUNT ? checklist_info[c].script : "";
}

int
scn_checklist_parse(const char *name)
{
	int i;

	for (i = 0; i < SCL__COUNT; i++)
		if (!strcmp(name, checklist_info[i].name))
			return i;
	return -1;
}

static int
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

/* ---- the parser state ------------------------------------------------- */

struct pstate {
	struct scenario *s;
	const struct scn_opts *o;
	const char *file;
	int line;
	char *err;
	size_t errcap;
	int in_call; /* a caller directive was seen */
	int seen_desk, seen_channel;
	size_t cap_steps, cap_expects;
};

static enum status
fail(struct pstate *ps, enum status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum status
fail(struct pstate *ps, enum status st, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ps->errcap) {
		if (ps->line > 0)
			snprintf(ps->err, ps->errcap, "%s:%d: %s", ps->file,
				 ps->line, msg);
		else
			snprintf(ps->err, ps->errcap, "%s: %s", ps->file, msg);
	}
	return st;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The next word at *p into a malloc'd *out: blanks skipped, a double-
 * quoted word with \" and \\ escapes, or up to the next blank.  0 when
 * there is none (end of line), 1 with a word, -1 on an unterminated
 * quote.
 */
static int
next_word(const char **p, char **out)
{
	const char *s = *p;
	struct buf b;

	while (is_blank(*s))
		s++;
	if (!*s) {
		*p = s;
		return 0;
	}
	buf_init(&b, 0);
	if (*s == '"') {
		s++;
		for (;;) {
			if (!*s) {
				buf_free(&b);
				return -1;
			}
			if (*s == '"')
				break;
			if (*s == '\\' && s[1])
				s++;
			(void)buf_putc(&b, *s++);
		}
		s++;
		if (*s && !is_blank(*s)) {
			buf_free(&b);
			return -2;
		}
	} else {
		while (*s && !is_blank(*s))
			(void)buf_putc(&b, *s++);
	}
	*p = s;
	*out = buf_steal(&b);
	return 1;
}

/* The rest of the line as one text: a quoted string alone, or the bare
 * text with the blanks around it dropped.  Same returns as next_word. */
static int
rest_text(const char **p, char **out)
{
	const char *s = *p, *e;
	int r;

	while (is_blank(*s))
		s++;
	if (!*s)
		return 0;
	if (*s == '"') {
		r = next_word(&s, out);
		if (r != 1)
			return r;
		while (is_blank(*s))
			s++;
		if (*s) {
			FREE(*out);
			return -2;
		}
		*p = s;
		return 1;
	}
	e = s + strlen(s);
	while (e > s && is_blank(e[-1]))
		e--;
	*out = xstrndup(s, (size_t)(e - s));
	*p = s + strlen(s);
	return 1;
}

static enum status
word_error(struct pstate *ps, int r, const char *what)
{
	if (r == -1)
		return fail(ps, ST_PARSE, "unterminated quote");
	if (r == -2)
		return fail(ps, ST_PARSE, "text after the closing quote");
	return fail(ps, ST_PARSE, "missing argument: %s", what);
}

/* Seconds with up to three decimals ("2", "0.5") → ms; -1 when bad. */
static long
parse_seconds(const char *w)
{
	long sec = 0, ms = 0;
	int digits = 0, frac = 0;
	const char *s = w;

	if (!*s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		sec = sec * 10 + (*s - '0');
		if (sec > SCN_MAX_SECONDS)
			return -1;
		digits++;
	}
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++frac > 3)
				return -1;
			ms = ms * 10 + (*s - '0');
		}
		if (!frac)
			return -1;
		while (frac++ < 3)
			ms *= 10;
	}
	if (*s || !digits)
		return -1;
	return sec * 1000 + ms;
}

/* A whole positive number 0..max; -1 when bad. */
static long
parse_num(const char *w, long max)
{
	char *end;
	long v;

	if (*w < '0' || *w > '9')
		return -1;
	errno = 0;
	v = strtol(w, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

static int
all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A field code: lower-case letters, digits and '_'. */
static int
is_code(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

static struct scn_step *
add_step(struct pstate *ps, enum scn_step_kind k)
{
	struct scenario *s = ps->s;
	struct scn_step *st;

	if (s->n_steps == ps->cap_steps) {
		ps->cap_steps = ps->cap_steps ? ps->cap_steps * 2 : 16;
		s->steps = xrealloc(s->steps, ps->cap_steps * sizeof *st);
	}
	st = &s->steps[s->n_steps++];
	memset(st, 0, sizeof *st);
	st->kind = k;
	st->line = ps->line;
	st->n_say = (int)s->n_says;
	if (k == SCN_SAY)
		s->n_says++;
	return st;
}

static void
step_strings(struct scn_step *st)
{
	if (!st->text)
		st->text = xstrdup("");
	if (!st->arg)
		st->arg = xstrdup("");
}

/* One more word than allowed? */
static enum status
no_more(struct pstate *ps, const char *p)
{
	while (is_blank(*p))
		p++;
	if (*p)
		return fail(ps, ST_PARSE, "too many arguments");
	return ST_OK;
}

/* ---- directives ----------------------------------------------------- */

static enum status
header_text(struct pstate *ps, const char *name, char **slot, const char *p)
{
	char *t = NULL;
	int r;

	if (ps->in_call)
		return fail(ps, ST_PARSE, "header directive after the call: %s",
			    name);
	if (*slot)
		return fail(ps, ST_PARSE, "duplicate header: %s", name);
	r = rest_text(&p, &t);
	if (r != 1)
		return word_error(ps, r, "text");
	*slot = t;
	return ST_OK;
}

static enum status
one_word(struct pstate *ps, const char **p, char **out, const char *what)
{
	int r = next_word(p, out);

	if (r != 1)
		return word_error(ps, r, what);
	return ST_OK;
}

static enum status
d_version(struct pstate *ps, const char *p)
{
	char *w = NULL;
	enum status st;
	long v;

	if (ps->in_call)
		return fail(ps, ST_PARSE,
			    "header directive after the call: version");
	if (ps->s->version)
		return fail(ps, ST_PARSE, "duplicate header: version");
	if ((st = one_word(ps, &p, &w, "number")) != ST_OK)
		return st;
	v = parse_num(w, 1000);
	if (v < 0) {
		st = fail(ps, ST_PARSE, "bad number: %s", w);
	} else if (v != 1) {
		st = fail(ps, ST_INVALID, "unsupported version: %ld", v);
	} else {
		ps->s->version = 1;
		st = no_more(ps, p);
	}
	free(w);
	return st;
}

static enum status
d_caller(struct pstate *ps, const char *p)
{
	char *w = NULL;
	enum status st;

	if (ps->in_call)
		return fail(ps, ST_PARSE, "duplicate directive: caller");
	if ((st = one_word(ps, &p, &w, "number")) != ST_OK)
		return st;
	if (!all_digits(w, 3, 20)) {
		st = fail(ps, ST_INVALID,
			  "bad caller number (3 to 20 digits): %s", w);
		free(w);
		return st;
	}
	free(ps->s->caller);
	ps->s->caller = w;
	ps->in_call = 1;
	return no_more(ps, p);
}

static enum status
d_enum(struct pstate *ps, const char *p, const char *name,
       const char *const *list, char **slot, int *seen)
{
	char *w = NULL;
	enum status st;

	if (!ps->in_call)
		return fail(ps, ST_PARSE, "%s before the caller directive",
			    name);
	if (*seen)
		return fail(ps, ST_PARSE, "duplicate directive: %s", name);
	if ((st = one_word(ps, &p, &w, name)) != ST_OK)
		return st;
	if (!in_list(list, w)) {
		st = fail(ps, ST_INVALID, "unknown %s: %s", name, w);
		free(w);
		return st;
	}
	free(*slot);
	*slot = w;
	*seen = 1;
	return no_more(ps, p);
}

static enum status
d_persona(struct pstate *ps, const char *p)
{
	char *t = NULL;
	int r;

	if (!ps->in_call)
		return fail(ps, ST_PARSE, "persona before the caller directive");
	if (*ps->s->persona)
		return fail(ps, ST_PARSE, "duplicate directive: persona");
	r = rest_text(&p, &t);
	if (r != 1)
		return word_error(ps, r, "text");
	free(ps->s->persona);
	ps->s->persona = t;
	return ST_OK;
}

static enum status
d_ivr(struct pstate *ps, const char *p)
{
	char *intent = NULL, *t = NULL;
	enum status st;
	int r;

	if (!ps->in_call)
		return fail(ps, ST_PARSE, "ivr before the caller directive");
	if (*ps->s->ivr_intent)
		return fail(ps, ST_PARSE, "duplicate directive: ivr");
	if ((st = one_word(ps, &p, &intent, "intent")) != ST_OK)
		return st;
	r = rest_text(&p, &t);
	if (r != 1) {
		free(intent);
		return word_error(ps, r, "transcript");
	}
	if (u8_count(intent) > 100 || u8_count(t) > 4000) {
		free(intent);
		free(t);
		return fail(ps, ST_TOO_LONG, "ivr intent or transcript too long");
	}
	free(ps->s->ivr_intent);
	free(ps->s->ivr_text);
	ps->s->ivr_intent = intent;
	ps->s->ivr_text = t;
	return ST_OK;
}

static enum status
need_call(struct pstate *ps, const char *name)
{
	if (!ps->in_call)
		return fail(ps, ST_PARSE, "step before the call: %s", name);
	return ST_OK;
}

static enum status
d_text_step(struct pstate *ps, const char *p, const char *name,
	    enum scn_step_kind k)
{
	struct scn_step *st;
	enum status rc;
	char *t = NULL;
	int r;

	if ((rc = need_call(ps, name)) != ST_OK)
		return rc;
	r = rest_text(&p, &t);
	if (r != 1)
		return word_error(ps, r, "text");
	if (k == SCN_COMMAND) {
		char *c = t;

		if (*c == ':')
			c++;
		while (is_blank(*c))
			c++;
		if (!*c) {
			free(t);
			return fail(ps, ST_PARSE, "missing argument: command");
		}
		if (ps->o && ps->o->command_ok &&
		    !ps->o->command_ok(c, ps->o->ud)) {
			char first[64];
			size_t n = strcspn(c, " \t");

			snprintf(first, sizeof first, "%.*s",
				 (int)(n < 63 ? n : 63), c);
			free(t);
			return fail(ps, ST_INVALID, "unknown command: %s",
				    first);
		}
		memmove(t, c, strlen(c) + 1);
	}
	st = add_step(ps, k);
	st->text = t;
	step_strings(st);
	return ST_OK;
}

static enum status
d_key(struct pstate *ps, const char *p)
{
	struct scn_step *st;
	enum status rc;
	char *w = NULL;

	if ((rc = need_call(ps, "key")) != ST_OK)
		return rc;
	if ((rc = one_word(ps, &p, &w, "key name")) != ST_OK)
		return rc;
	if (ps->o && ps->o->key_ok && !ps->o->key_ok(w, ps->o->ud)) {
		rc = fail(ps, ST_INVALID, "unknown key name: %s", w);
		free(w);
		return rc;
	}
	if ((rc = no_more(ps, p)) != ST_OK) {
		free(w);
		return rc;
	}
	st = add_step(ps, SCN_KEY);
	st->text = w;
	step_strings(st);
	return ST_OK;
}

static enum status
d_set(struct pstate *ps, const char *p)
{
	struct scn_step *st;
	char *f = NULL, *v = NULL;
	enum status rc;
	int r;

	if ((rc = need_call(ps, "set")) != ST_OK)
		return rc;
	if ((rc = one_word(ps, &p, &f, "field")) != ST_OK)
		return rc;
	if (!is_code(f)) {
		rc = fail(ps, ST_INVALID, "bad field code: %s", f);
		free(f);
		return rc;
	}
	r = rest_text(&p, &v);
	if (r != 1) {
		free(f);
		return word_error(ps, r, "value");
	}
	st = add_step(ps, SCN_SET);
	st->arg = f;
	st->text = v;
	return ST_OK;
}

static enum status
d_sleep(struct pstate *ps, const char *p)
{
	struct scn_step *st;
	enum status rc;
	char *w = NULL;
	long ms;

	if ((rc = need_call(ps, "sleep")) != ST_OK)
		return rc;
	if ((rc = one_word(ps, &p, &w, "seconds")) != ST_OK)
		return rc;
	ms = parse_seconds(w);
	if (ms < 0) {
		rc = fail(ps, ST_PARSE, "bad number: %s", w);
		free(w);
		return rc;
	}
	free(w);
	if ((rc = no_more(ps, p)) != ST_OK)
		return rc;
	st = add_step(ps, SCN_SLEEP);
	st->ms = ms;
	step_strings(st);
	return ST_OK;
}

static enum status
d_pause(struct pstate *ps, const char *p)
{
	struct scn_step *st;
	enum status rc;

	if ((rc = need_call(ps, "pause")) != ST_OK)
		return rc;
	if ((rc = no_more(ps, p)) != ST_OK)
		return rc;
	st = add_step(ps, SCN_PAUSE);
	step_strings(st);
	return ST_OK;
}

static enum status
d_wait_for(struct pstate *ps, const char *p)
{
	struct scn_step *st;
	char *w = NULL, *t = NULL;
	enum status rc;
	long ms = SCN_DEFAULT_WAIT_S * 1000L;
	int ev, r;

	if ((rc = need_call(ps, "wait-for")) != ST_OK)
		return rc;
	if ((rc = one_word(ps, &p, &w, "event")) != ST_OK)
		return rc;
	for (ev = 0; ev < SCN_EV__COUNT; ev++)
		if (!strcmp(w, event_names[ev]))
			break;
	if (ev == SCN_EV__COUNT) {
		rc = fail(ps, ST_INVALID, "unknown event: %s", w);
		free(w);
		return rc;
	}
	free(w);
	r = next_word(&p, &t);
	if (r < 0)
		return word_error(ps, r, "timeout");
	if (r == 1) {
		ms = parse_seconds(t);
		if (ms <= 0) {
			rc = fail(ps, ST_PARSE, "bad number: %s", t);
			free(t);
			return rc;
		}
		free(t);
	}
	if ((rc = no_more(ps, p)) != ST_OK)
		return rc;
	st = add_step(ps, SCN_WAIT_FOR);
	st->event = ev;
	st->ms = ms;
	st->arg = xstrdup(event_names[ev]);
	step_strings(st);
	return ST_OK;
}

/* A town or unit code: A-Z, 0-9 and '_', 1-32 of them. */
static int
is_unit_code(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static void
ticket_free(struct scn_ticket *t)
{
	size_t i;

	free(t->appeal_type);
	free(t->category);
	free(t->town);
	free(t->title);
	for (i = 0; i < t->n_extra; i++) {
		free(t->extra_code[i]);
		free(t->extra_value[i]);
	}
	free(t->extra_code);
	free(t->extra_value);
	memset(t, 0, sizeof *t);
}

/* A CODE=VALUE word (code as is_code): split into t's extra fields.
 * 0 when w is no such word, 1 when taken, -1 on an error (reported). */
static int
extra_word(struct pstate *ps, struct scn_ticket *t, const char *w,
	   enum status *rc)
{
	const char *eq = strchr(w, '=');
	char *code;
	size_t i;

	if (!eq || eq == w)
		return 0;
	code = xstrndup(w, (size_t)(eq - w));
	if (!is_code(code)) {
		free(code);
		return 0;
	}
	for (i = 0; i < t->n_extra; i++)
		if (!strcmp(t->extra_code[i], code)) {
			*rc = fail(ps, ST_PARSE, "duplicate ticket field: %s",
				   code);
			free(code);
			return -1;
		}
	if (t->n_extra >= SCN_MAX_TICKET_EXTRA || !eq[1]) {
		*rc = !eq[1] ? fail(ps, ST_PARSE, "missing argument: %s value",
				    code)
			     : fail(ps, ST_TOO_LONG,
				    "too many ticket fields (at most %d)",
				    SCN_MAX_TICKET_EXTRA);
		free(code);
		return -1;
	}
	t->extra_code = xrealloc(t->extra_code,
				 (t->n_extra + 1) * sizeof *t->extra_code);
	t->extra_value = xrealloc(t->extra_value,
				  (t->n_extra + 1) * sizeof *t->extra_value);
	t->extra_code[t->n_extra] = code;
	t->extra_value[t->n_extra] = xstrdup(eq + 1);
	t->n_extra++;
	return 1;
}

/* ticket APPEAL CATEGORY TOWN [CODE=VALUE ...] TITLE: an earlier open
 * ticket of the caller, created before the call is worked. */
static enum status
d_ticket(struct pstate *ps, const char *p)
{
	struct scenario *s = ps->s;
	struct scn_ticket t;
	enum status rc = ST_OK;
	const char *before;
	char *w;
	int r;

	if (!ps->in_call)
		return fail(ps, ST_PARSE, "ticket before the caller directive");
	if (s->n_tickets >= SCN_MAX_TICKETS)
		return fail(ps, ST_TOO_LONG, "too many tickets (at most %d)",
			    SCN_MAX_TICKETS);
	memset(&t, 0, sizeof t);
	t.line = ps->line;
	if ((rc = one_word(ps, &p, &t.appeal_type, "appeal type")) != ST_OK)
		goto bad;
	if (!in_list(appeal_types, t.appeal_type)) {
		rc = fail(ps, ST_INVALID, "unknown appeal type: %s",
			  t.appeal_type);
		goto bad;
	}
	if ((rc = one_word(ps, &p, &t.category, "category")) != ST_OK)
		goto bad;
	if (!all_digits(t.category, 2, 6) || strlen(t.category) % 2) {
		rc = fail(ps, ST_INVALID, "bad category code: %s", t.category);
		goto bad;
	}
	if ((rc = one_word(ps, &p, &t.town, "town")) != ST_OK)
		goto bad;
	if (!is_unit_code(t.town)) {
		rc = fail(ps, ST_INVALID, "bad town code: %s", t.town);
		goto bad;
	}
	/* CODE=VALUE words, then the title (the rest of the line) */
	for (;;) {
		before = p;
		while (is_blank(*before))
			before++;
		if (*before == '"') /* a quoted title */
			break;
		w = NULL;
		r = next_word(&p, &w);
		if (r != 1) {
			p = before;
			break;
		}
		r = extra_word(ps, &t, w, &rc);
		free(w);
		if (r < 0)
			goto bad;
		if (r == 0) {
			p = before;
			break;
		}
	}
	r = rest_text(&p, &t.title);
	if (r != 1) {
		rc = word_error(ps, r, "title");
		goto bad;
	}
	if (u8_count(t.title) < 2 || u8_count(t.title) > 100) {
		rc = fail(ps, ST_INVALID,
			  "ticket title must be 2 to 100 characters");
		goto bad;
	}
	s->tickets = xrealloc(s->tickets, (s->n_tickets + 1) * sizeof t);
	s->tickets[s->n_tickets++] = t;
	return ST_OK;
bad:
	ticket_free(&t);
	return rc;
}

/* Check an expectation's value for its kind. */
static enum status
check_value(struct pstate *ps, struct scn_expect *e)
{
	const char *v = e->value;
	long n;

	switch (e->kind) {
	case SCK_APPEAL_TYPE:
		if (!in_list(appeal_types, v))
			return fail(ps, ST_INVALID, "unknown appeal type: %s",
				    v);
		break;
	case SCK_HANDLING:
		if (!in_list(modes, v))
			return fail(ps, ST_INVALID,
				    "unknown handling mode: %s", v);
		break;
	case SCK_URGENCY:
		if (!in_list(urgencies, v))
			return fail(ps, ST_INVALID, "unknown urgency: %s", v);
		break;
	case SCK_CATEGORY:
		if (!all_digits(v, 2, 6) || strlen(v) % 2)
			return fail(ps, ST_INVALID, "bad category code: %s",
				    v);
		break;
	case SCK_FIELD:
		if (!is_code(v))
			return fail(ps, ST_INVALID, "bad field code: %s", v);
		break;
	case SCK_KB_USED:
		if (*v) {
			n = parse_num(v, 999999999L);
			if (n <= 0)
				return fail(ps, ST_PARSE, "bad number: %s", v);
			e->num = n;
		}
		break;
	case SCK_CHECKLIST:
		n = scn_checklist_parse(v);
		if (n < 0)
			return fail(ps, ST_INVALID,
				    "unknown checklist item: %s", v);
		e->num = n;
		break;
	case SCK_TIME_LIMIT:
		n = parse_num(v, SCN_MAX_SECONDS);
		if (n <= 0)
			return fail(ps, ST_PARSE, "bad number: %s", v);
		e->num = n;
		break;
	case SCK_TRANSFER_OUT:
		if (!in_list(targets, v))
			return fail(ps, ST_INVALID,
				    "unknown transfer target: %s", v);
		break;
	default:
		break;
	}
	return ST_OK;
}

static enum status
d_expect(struct pstate *ps, const char *p)
{
	struct scenario *s = ps->s;
	char *words[4] = {NULL, NULL, NULL, NULL};
	struct scn_expect e;
	enum status rc = ST_OK;
	size_t n = 0, i;
	long w;
	int k, r;

	if (!ps->in_call)
		return fail(ps, ST_PARSE, "expect before the caller directive");
	while (n < 4 && (r = next_word(&p, &words[n])) == 1)
		n++;
	if (n < 4 && r < 0) {
		rc = word_error(ps, r, "");
		goto out;
	}
	if (n == 0) {
		rc = fail(ps, ST_PARSE, "missing argument: check");
		goto out;
	}
	for (k = 0; k < SCK__COUNT; k++)
		if (!strcmp(words[0], check_info[k].word))
			break;
	if (k == SCK__COUNT) {
		rc = fail(ps, ST_INVALID, "unknown expectation: %s", words[0]);
		goto out;
	}
	if (n > 3 || (n == 3 && check_info[k].arg == 0)) {
		rc = fail(ps, ST_PARSE, "too many arguments");
		goto out;
	}
	if (n == 1 || (n == 2 && check_info[k].arg == 1)) {
		rc = fail(ps, ST_PARSE, "missing argument: %s",
			  n == 1 ? "weight" : "value or weight");
		goto out;
	}
	w = parse_num(words[n - 1], 1000000);
	if (w < 1 || w > SCN_MAX_WEIGHT) {
		rc = fail(ps, ST_PARSE, "bad weight (1 to %d): %s",
			  SCN_MAX_WEIGHT, words[n - 1]);
		goto out;
	}
	if (s->n_expects >= SCN_MAX_EXPECTS) {
		rc = fail(ps, ST_TOO_LONG, "too many expectations (at most %d)",
			  SCN_MAX_EXPECTS);
		goto out;
	}
	memset(&e, 0, sizeof e);
	e.kind = (enum scn_check_kind)k;
	e.line = ps->line;
	e.weight = (int)w;
	e.value = xstrdup(n == 3 ? words[1] : "");
	if ((rc = check_value(ps, &e)) != ST_OK) {
		free(e.value);
		goto out;
	}
	if (s->n_expects == ps->cap_expects) {
		ps->cap_expects = ps->cap_expects ? ps->cap_expects * 2 : 8;
		s->expects = xrealloc(s->expects,
				      ps->cap_expects * sizeof e);
	}
	s->expects[s->n_expects++] = e;
	s->max_score += e.weight;
out:
	for (i = 0; i < 4; i++)
		free(words[i]);
	return rc;
}

static enum status
parse_line(struct pstate *ps, const char *line)
{
	struct scenario *s = ps->s;
	const char *p = line;
	char name[32];
	size_t n;

	while (is_blank(*p))
		p++;
	if (!*p || *p == '#')
		return ST_OK;
	n = strcspn(p, " \t");
	if (n >= sizeof name)
		return fail(ps, ST_PARSE, "unknown directive: %.*s", 31, p);
	memcpy(name, p, n);
	name[n] = '\0';
	p += n;

	if (!strcmp(name, "title"))
		return header_text(ps, name, &s->title, p);
	if (!strcmp(name, "description"))
		return header_text(ps, name, &s->description, p);
	if (!strcmp(name, "author"))
		return header_text(ps, name, &s->author, p);
	if (!strcmp(name, "version"))
		return d_version(ps, p);
	if (!strcmp(name, "caller"))
		return d_caller(ps, p);
	if (!strcmp(name, "desk"))
		return d_enum(ps, p, "desk", desks, &s->desk,
			      &ps->seen_desk);
	if (!strcmp(name, "channel"))
		return d_enum(ps, p, "channel", channels, &s->channel,
			      &ps->seen_channel);
	if (!strcmp(name, "persona"))
		return d_persona(ps, p);
	if (!strcmp(name, "ivr"))
		return d_ivr(ps, p);
	if (!strcmp(name, "ticket"))
		return d_ticket(ps, p);
	if (!strcmp(name, "say"))
		return d_text_step(ps, p, name, SCN_SAY);
	if (!strcmp(name, "chapter"))
		return d_text_step(ps, p, name, SCN_CHAPTER);
	if (!strcmp(name, "type"))
		return d_text_step(ps, p, name, SCN_TYPE);
	if (!strcmp(name, "command"))
		return d_text_step(ps, p, name, SCN_COMMAND);
	if (!strcmp(name, "key"))
		return d_key(ps, p);
	if (!strcmp(name, "set"))
		return d_set(ps, p);
	if (!strcmp(name, "sleep"))
		return d_sleep(ps, p);
	if (!strcmp(name, "pause"))
		return d_pause(ps, p);
	if (!strcmp(name, "wait-for"))
		return d_wait_for(ps, p);
	if (!strcmp(name, "expect"))
		return d_expect(ps, p);
	return fail(ps, ST_PARSE, "unknown directive: %s", name);
}

void
scn_free(struct scenario *s)
{
	size_t i;

	if (!s)
		return;
	free(s->file);
	free(s->title);
	free(s->description);
	free(s->author);
	free(s->caller);
	free(s->desk);
	free(s->channel);
	free(s->persona);
	free(s->ivr_intent);
	free(s->ivr_text);
	for (i = 0; i < s->n_tickets; i++)
		ticket_free(&s->tickets[i]);
	free(s->tickets);
	for (i = 0; i < s->n_steps; i++) {
		free(s->steps[i].text);
		free(s->steps[i].arg);
	}
	free(s->steps);
	for (i = 0; i < s->n_expects; i++)
		free(s->expects[i].value);
	free(s->expects);
	memset(s, 0, sizeof *s);
}

enum status
scn_parse(const char *text, size_t len, const char *file,
	  const struct scn_opts *opts, struct scenario *out, char *err,
	  size_t errcap)
{
	struct pstate ps;
	enum status st = ST_OK;
	size_t off = 0;
	char *line = NULL;

	memset(out, 0, sizeof *out);
	memset(&ps, 0, sizeof ps);
	ps.s = out;
	ps.o = opts;
	ps.file = file ? file : "-";
	ps.err = err;
	ps.errcap = errcap;
	if (errcap)
		err[0] = '\0';
	if (len > SCN_MAX_FILE)
		return fail(&ps, ST_TOO_LONG,
			    "file too big (more than %d bytes)", SCN_MAX_FILE);
	out->file = xstrdup(ps.file);
	out->caller = xstrdup("");
	out->desk = xstrdup("GENERAL");
	out->channel = xstrdup("PHONE");
	out->persona = xstrdup("");
	out->ivr_intent = xstrdup("");
	out->ivr_text = xstrdup("");
	/* a UTF-8 byte order mark is allowed */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		off = 3;
	while (off < len && st == ST_OK) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t raw = nl ? (size_t)(nl - (text + off)) : len - off;
		size_t n = raw;

		ps.line++;
		if (n && text[off + n - 1] == '\r')
			n--;
		if (n > SCN_MAX_LINE) {
			st = fail(&ps, ST_TOO_LONG,
				  "line too long (more than %d bytes)",
				  SCN_MAX_LINE);
			break;
		}
		if (memchr(text + off, '\0', n) || !u8_valid(text + off, n)) {
			st = fail(&ps, ST_BAD_UTF8, "invalid UTF-8");
			break;
		}
		line = xstrndup(text + off, n);
		st = parse_line(&ps, line);
		FREE(line);
		off += raw + (nl ? 1 : 0);
		if (out->n_steps > SCN_MAX_STEPS)
			st = fail(&ps, ST_TOO_LONG,
				  "too many steps (at most %d)", SCN_MAX_STEPS);
	}
	if (st == ST_OK) {
		ps.line = 0;
		if (!ps.in_call)
			st = fail(&ps, ST_PARSE, "no caller directive");
		else if (opts && opts->practice && out->n_expects == 0)
			st = fail(&ps, ST_PARSE,
				  "no expectations in a practice file");
	}
	if (st != ST_OK) {
		scn_free(out);
		return st;
	}
	if (!out->title)
		out->title = xstrdup("");
	if (!out->description)
		out->description = xstrdup("");
	if (!out->author)
		out->author = xstrdup("");
	return ST_OK;
}

enum status
scn_load(const char *path, const struct scn_opts *opts, struct scenario *out,
	 char *err, size_t errcap)
{
	FILE *f;
	struct buf b;
	char chunk[8192];
	size_t n;
	enum status st;

	memset(out, 0, sizeof *out);
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return ST_IO;
	}
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		(void)buf_append(&b, chunk, n);
		if (b.len > SCN_MAX_FILE)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		fclose(f);
		buf_free(&b);
		return ST_IO;
	}
	fclose(f);
	st = scn_parse(b.data ? b.data : "", b.len, path, opts, out, err,
		       errcap);
	buf_free(&b);
	return st;
}
