/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tkrec.c - the ticket field table, records, events and their JSON.
 */
#include "tkrec.h"

#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/workday.h"

const struct tkf_info tkf_info[TKF__COUNT] = {
#define TKF_INFO_(e, name, st, fl) [e] = {name, st, fl},
	TKF_LIST(TKF_INFO_)
#undef TKF_INFO_
};

int
tkf_lookup(const char *name)
{
	int i;

	for (i = 0; i < TKF__COUNT; i++)
		if (strcmp(tkf_info[i].name, name) == 0)
			return i;
	return -1;
}

int
tkf_stored(enum tkf f)
{
	return tkf_info[f].store != TKS_DERIVED &&
	       tkf_info[f].store != TKS_COMPUTED;
}

void
tk_rec_init(struct tk_rec *r)
{
	int i;

	memset(r, 0, sizeof *r);
	for (i = 0; i < TKF__COUNT; i++)
		if (tkf_info[i].store == TKS_NSTR ||
		    tkf_info[i].store == TKS_TIME)
			r->v[i].null = 1;
}

void
tk_rec_free(struct tk_rec *r)
{
	int i;

	for (i = 0; i < TKF__COUNT; i++)
		FREE(r->v[i].s);
	memset(r, 0, sizeof *r);
}

void
tk_rec_str(struct tk_rec *r, enum tkf f, const char *s)
{
	FREE(r->v[f].s);
	r->v[f].s = s ? xstrdup(s) : NULL;
	r->v[f].null = s == NULL;
}

void
tk_rec_int(struct tk_rec *r, enum tkf f, long long n)
{
	r->v[f].n = n;
	r->v[f].null = 0;
}

void
tk_rec_null(struct tk_rec *r, enum tkf f)
{
	FREE(r->v[f].s);
	r->v[f].n = 0;
	r->v[f].null = 1;
}

const char *
tk_rec_s(const struct tk_rec *r, enum tkf f)
{
	return r->v[f].s ? r->v[f].s : "";
}

void
tk_change_init(struct tk_change *c)
{
	tk_rec_init(&c->rec);
	memset(c->set, 0, sizeof c->set);
}

void
tk_change_free(struct tk_change *c)
{
	tk_rec_free(&c->rec);
	memset(c->set, 0, sizeof c->set);
}

void
tk_change_str(struct tk_change *c, enum tkf f, const char *s)
{
	tk_rec_str(&c->rec, f, s);
	c->set[f] = 1;
}

void
tk_change_int(struct tk_change *c, enum tkf f, long long n)
{
	tk_rec_int(&c->rec, f, n);
	c->set[f] = 1;
}

void
tk_change_null(struct tk_change *c, enum tkf f)
{
	tk_rec_null(&c->rec, f);
	c->set[f] = 1;
}

size_t
tk_change_count(const struct tk_change *c)
{
	size_t i, n = 0;

	for (i = 0; i < TKF__COUNT; i++)
		n += c->set[i] != 0;
	return n;
}

void
tk_event_set(struct tk_event *e, const char *actor, const char *action,
	     const char *from_state, const char *to_state, const char *comment)
{
	memset(e, 0, sizeof *e);
	e->actor = xstrdup(actor ? actor : "");
	e->action = xstrdup(action ? action : "");
	e->from_state = from_state ? xstrdup(from_state) : NULL;
	e->to_state = to_state ? xstrdup(to_state) : NULL;
	e->comment = xstrdup(comment ? comment : "");
}

void
tk_event_free(struct tk_event *e)
{
	if (!e)
		return;
	FREE(e->actor);
	FREE(e->action);
	FREE(e->from_state);
	FREE(e->to_state);
	FREE(e->comment);
}

void
tk_events_free(struct tk_event *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tk_event_free(&ev[i]);
	free(ev);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

void
tk_iso_time(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, 32, "1970-01-01T00:00:00Z");
		return;
	}
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
tk_parse_iso(const char *s, long long *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	long long t;
	const char *p;

	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) ||
	    digits(s + 8, 2, &d) || digits(s + 11, 2, &h) ||
	    digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59)
		return -1;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
				    y % 400 == 0))
		return -1;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (digits(p + 1, 2, &oh) || p[3] != ':' ||
		    digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL +
	    h * 3600LL + mi * 60LL + se;
	t -= sign * (oh * 3600LL + om * 60LL);
	*out = t;
	return 0;
}

char *
tk_mask_id(const char *id)
{
	size_t n = strlen(id), i;
	char *m = xstrdup(id);

	for (i = 0; i < n; i++)
		if (n <= 8 || (i >= 4 && i < n - 4))
			m[i] = '*';
	return m;
}

cJSON *
tk_event_to_json(const struct tk_event *e)
{
	cJSON *o = cJSON_CreateObject();
	char at[32];

	tk_iso_time(at, e->at);
	cJSON_AddNumberToObject(o, "id", (double)e->id);
	cJSON_AddStringToObject(o, "at", at);
	cJSON_AddStringToObject(o, "actor", e->actor ? e->actor : "");
	cJSON_AddStringToObject(o, "action", e->action ? e->action : "");
	if (e->from_state)
		cJSON_AddStringToObject(o, "from_state", e->from_state);
	else
		cJSON_AddNullToObject(o, "from_state");
	if (e->to_state)
		cJSON_AddStringToObject(o, "to_state", e->to_state);
	else
		cJSON_AddNullToObject(o, "to_state");
	cJSON_AddStringToObject(o, "comment", e->comment ? e->comment : "");
	return o;
}

/*
 * The warning light, or NULL when none applies: no deadline, or a state
 * where the handling clock does not run (the states the state machine
 * lets the deadline timer mark overdue).
 */
static const char *
warning_of(const struct tk_rec *r, long long now, const struct workcal *cal,
	   int *red)
{
	enum tk_state st, to;

	*red = 0;
	if (r->v[TKF_DEADLINE].null ||
	    tk_state_parse(tk_rec_s(r, TKF_STATE), &st) != 0 ||
	    tk_transition(st, TKA_MARK_OVERDUE, ROLE_SYSTEM, &to) != ST_OK)
		return NULL;
	switch (tk_deadline_light(cal, (time_t)now,
				  (time_t)r->v[TKF_DEADLINE].n)) {
	case TK_LIGHT_RED:
		*red = 1;
		return "red";
	case TK_LIGHT_YELLOW:
		return "yellow";
	default:
		return "green";
	}
}

cJSON *
tk_rec_to_json(const struct tk_rec *r, long long now,
	       const struct workcal *cal, int with_events,
	       const struct tk_event *ev, size_t n_ev)
{
	cJSON *o = cJSON_CreateObject(), *j;
	const char *warn;
	char buf[32], *masked;
	int i, red;
	size_t k;

	warn = warning_of(r, now, cal, &red);
	for (i = 0; i < TKF__COUNT; i++) {
		const struct tkf_info *fi = &tkf_info[i];
		const struct tk_val *v = &r->v[i];

		if (fi->flags & TKF_HIDDEN)
			continue;
		switch (fi->store) {
		case TKS_STR:
		case TKS_DERIVED:
			if (i == TKF_ID_NUMBER && v->s && *v->s) {
				masked = tk_mask_id(v->s);
				cJSON_AddStringToObject(o, fi->name, masked);
				free(masked);
			} else {
				cJSON_AddStringToObject(o, fi->name,
							v->s ? v->s : "");
			}
			break;
		case TKS_NSTR:
			if (v->null || !v->s)
				cJSON_AddNullToObject(o, fi->name);
			else
				cJSON_AddStringToObject(o, fi->name, v->s);
			break;
		case TKS_INT:
			cJSON_AddNumberToObject(o, fi->name, (double)v->n);
			break;
		case TKS_BOOL:
			if (i == TKF_OVERDUE)
				cJSON_AddBoolToObject(o, fi->name,
						      v->n != 0 || red);
			else
				cJSON_AddBoolToObject(o, fi->name, v->n != 0);
			break;
		case TKS_TIME:
			if (v->null) {
				cJSON_AddNullToObject(o, fi->name);
			} else {
				tk_iso_time(buf, v->n);
				cJSON_AddStringToObject(o, fi->name, buf);
			}
			break;
		case TKS_JSON:
			j = v->s ? cJSON_Parse(v->s) : NULL;
			if (!j)
				j = i == TKF_EXTRA ? cJSON_CreateObject()
						   : cJSON_CreateArray();
			cJSON_AddItemToObject(o, fi->name, j);
			break;
		case TKS_COMPUTED:
			if (warn)
				cJSON_AddStringToObject(o, fi->name, warn);
			else
				cJSON_AddNullToObject(o, fi->name);
			break;
		}
	}
	if (with_events) {
		j = cJSON_AddArrayToObject(o, "events");
		for (k = 0; k < n_ev; k++)
			cJSON_AddItemToArray(j, tk_event_to_json(&ev[k]));
	}
	return o;
}
