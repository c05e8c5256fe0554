/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * callmodel.c - release, copy and lookup functions of core/callmodel.h, and
 * the ISO 8601 timestamp reader.
 */
#include "callmodel.h"

#include <stdint.h>
#include <string.h>

#include "mem.h"

/* xstrdup that maps NULL to "" (structs never hold NULL strings). */
static char *
dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char **
strv_copy(char *const *v, size_t n)
{
	char **r;
	size_t i;

	if (n == 0 || !v)
		return NULL;
	r = xcalloc(n, sizeof(*r));
	for (i = 0; i < n; i++)
		r[i] = dup0(v[i]);
	return r;
}

/* ---- agent state ------------------------------------------------------ */

void
agent_state_free(struct agent_state *s)
{
	if (!s)
		return;
	free(s->username);
	free(s->state);
	free(s->reason);
	free(s->after_call);
	free(s->after_call_reason);
	strv_free(s->desks, s->n_desks);
	memset(s, 0, sizeof(*s));
}

void
agent_state_copy(struct agent_state *dst, const struct agent_state *src)
{
	*dst = *src;
	dst->username = dup0(src->username);
	dst->state = dup0(src->state);
	dst->reason = dup0(src->reason);
	dst->after_call = dup0(src->after_call);
	dst->after_call_reason = dup0(src->after_call_reason);
	dst->desks = strv_copy(src->desks, src->n_desks);
	if (!dst->desks)
		dst->n_desks = 0;
}

/* ---- calls ------------------------------------------------------------ */

void
call_transfer_free(struct call_transfer *t)
{
	if (!t)
		return;
	free(t->mode);
	free(t->target_kind);
	free(t->target);
	free(t->target_name);
	free(t->note);
	memset(t, 0, sizeof(*t));
}

static void
transfer_copy(struct call_transfer *dst, const struct call_transfer *src)
{
	*dst = *src;
	dst->mode = dup0(src->mode);
	dst->target_kind = dup0(src->target_kind);
	dst->target = dup0(src->target);
	dst->target_name = dup0(src->target_name);
	dst->note = dup0(src->note);
}

void
call_free(struct call *c)
{
	size_t i;

	if (!c)
		return;
	free(c->caller);
	free(c->channel);
	free(c->desk);
	free(c->state);
	free(c->agent);
	free(c->ivr_intent);
	free(c->ivr_transcript);
	free(c->disposition);
	free(c->summary);
	free(c->ticket_no);
	strv_free(c->urged_tickets, c->n_urged);
	for (i = 0; i < c->n_transfers; i++)
		call_transfer_free(&c->transfers[i]);
	free(c->transfers);
	memset(c, 0, sizeof(*c));
}

void
call_copy(struct call *dst, const struct call *src)
{
	size_t i;

	*dst = *src;
	dst->caller = dup0(src->caller);
	dst->channel = dup0(src->channel);
	dst->desk = dup0(src->desk);
	dst->state = dup0(src->state);
	dst->agent = dup0(src->agent);
	dst->ivr_intent = dup0(src->ivr_intent);
	dst->ivr_transcript = dup0(src->ivr_transcript);
	dst->disposition = dup0(src->disposition);
	dst->summary = dup0(src->summary);
	dst->ticket_no = dup0(src->ticket_no);
	dst->urged_tickets = strv_copy(src->urged_tickets, src->n_urged);
	if (!dst->urged_tickets)
		dst->n_urged = 0;
	dst->transfers = NULL;
	if (src->n_transfers > 0 && src->transfers) {
		dst->transfers = xcalloc(src->n_transfers,
					 sizeof(*dst->transfers));
		for (i = 0; i < src->n_transfers; i++)
			transfer_copy(&dst->transfers[i], &src->transfers[i]);
	} else {
		dst->n_transfers = 0;
	}
}

/* ---- lists ------------------------------------------------------------ */

void
queue_list_free(struct queue_list *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->n; i++)
		free(q->items[i].desk);
	free(q->items);
	memset(q, 0, sizeof(*q));
}

void
queue_list_copy(struct queue_list *dst, const struct queue_list *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (src->n == 0 || !src->items)
		return;
	dst->n = src->n;
	dst->items = xcalloc(src->n, sizeof(*dst->items));
	for (i = 0; i < src->n; i++) {
		dst->items[i] = src->items[i];
		dst->items[i].desk = dup0(src->items[i].desk);
	}
}

const struct queue_info *
queue_list_find(const struct queue_list *q, const char *desk)
{
	size_t i;

	if (!q || !desk)
		return NULL;
	for (i = 0; i < q->n; i++)
		if (q->items[i].desk && strcmp(q->items[i].desk, desk) == 0)
			return &q->items[i];
	return NULL;
}

static void
unit_info_free(struct unit_info *u)
{
	free(u->code);
	free(u->name);
	free(u->short_name);
	free(u->kind);
	free(u->duty_phone);
}

void
unit_list_free(struct unit_list *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->n; i++)
		unit_info_free(&u->items[i]);
	free(u->items);
	memset(u, 0, sizeof(*u));
}

void
unit_list_copy(struct unit_list *dst, const struct unit_list *src)
{
	const struct unit_info *s;
	struct unit_info *d;
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (src->n == 0 || !src->items)
		return;
	dst->n = src->n;
	dst->items = xcalloc(src->n, sizeof(*dst->items));
	for (i = 0; i < src->n; i++) {
		s = &src->items[i];
		d = &dst->items[i];
		d->code = dup0(s->code);
		d->name = dup0(s->name);
		d->short_name = dup0(s->short_name);
		d->kind = dup0(s->kind);
		d->duty_phone = dup0(s->duty_phone);
	}
}

void
code_list_free(struct code_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].code);
		free(l->items[i].name_zh);
		free(l->items[i].name_en);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void
code_list_copy(struct code_list *dst, const struct code_list *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (src->n == 0 || !src->items)
		return;
	dst->n = src->n;
	dst->items = xcalloc(src->n, sizeof(*dst->items));
	for (i = 0; i < src->n; i++) {
		dst->items[i].code = dup0(src->items[i].code);
		dst->items[i].name_zh = dup0(src->items[i].name_zh);
		dst->items[i].name_en = dup0(src->items[i].name_en);
	}
}

const struct code_item *
code_list_find(const struct code_list *l, const char *code)
{
	size_t i;

	if (!l || !code)
		return NULL;
	for (i = 0; i < l->n; i++)
		if (l->items[i].code && strcmp(l->items[i].code, code) == 0)
			return &l->items[i];
	return NULL;
}

void
server_config_free(struct server_config *c)
{
	if (!c)
		return;
	free(c->acw_mode);
	free(c->acw_default_code);
	memset(c, 0, sizeof(*c));
}

void
server_config_copy(struct server_config *dst, const struct server_config *src)
{
	*dst = *src;
	dst->acw_mode = dup0(src->acw_mode);
	dst->acw_default_code = dup0(src->acw_default_code);
}

void
ticket_change_free(struct ticket_change *t)
{
	if (!t)
		return;
	free(t->ticket_no);
	free(t->state);
	memset(t, 0, sizeof(*t));
}

void
broadcast_info_free(struct broadcast_info *b)
{
	if (!b)
		return;
	free(b->message);
	free(b->from);
	free(b->desk);
	memset(b, 0, sizeof(*b));
}

/* ---- ISO 8601 --------------------------------------------------------- */

/* n decimal digits at *p → *v; advances *p.  -1 if not all digits. */
static int
digits(const char **p, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
month_days(int y, int m)
{
	static const int md[12] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return md[m - 1];
}

int
cm_parse_iso(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p = s;
	int64_t t;

	*out = 0;
	if (!s)
		return -1;
	if (digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &mo) < 0 ||
	    *p++ != '-' || digits(&p, 2, &d) < 0 || (*p != 'T' && *p != ' '))
		return -1;
	p++;
	if (digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0 ||
	    *p++ != ':' || digits(&p, 2, &sec) < 0)
		return -1;
	if (*p == '.' || *p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) < 0)
			return -1;
		if (*p == ':')
			p++;
		if (digits(&p, 2, &om) < 0 || oh > 23 || om > 59)
			return -1;
	} else {
		return -1;
	}
	if (*p != '\0')
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	t -= (int64_t)sign * (oh * 3600 + om * 60);
	if (t < 0 || (sizeof(time_t) < 8 && t > INT32_MAX))
		return -1;
	*out = (time_t)t;
	return 0;
}
