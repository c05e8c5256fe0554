/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "statsmodel.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void
counts_free(struct stat_count *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].code);
		free(c[i].name);
	}
	free(c);
}

static struct stat_count *
counts_copy(const struct stat_count *c, size_t n)
{
	struct stat_count *r;
	size_t i;

	if (!n)
		return NULL;
	r = xcalloc(n, sizeof *r);
	for (i = 0; i < n; i++) {
		r[i].code = xstrdup(c[i].code ? c[i].code : "");
		r[i].name = xstrdup(c[i].name ? c[i].name : "");
		r[i].count = c[i].count;
	}
	return r;
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

	if (!n)
		return NULL;
	r = xcalloc(n, sizeof *r);
	for (i = 0; i < n; i++)
		r[i] = xstrdup(v[i] ? v[i] : "");
	return r;
}

static char *
dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

void
kpi_free(struct kpi *k)
{
	counts_free(k->by_appeal_type, k->n_appeal);
	counts_free(k->by_channel, k->n_channel);
	memset(k, 0, sizeof *k);
}

void
kpi_copy(struct kpi *dst, const struct kpi *src)
{
	*dst = *src;
	dst->by_appeal_type = counts_copy(src->by_appeal_type, src->n_appeal);
	dst->by_channel = counts_copy(src->by_channel, src->n_channel);
}

void
board_agent_free(struct board_agent *a)
{
	free(a->username);
	free(a->display_name);
	strv_free(a->desks, a->n_desks);
	free(a->state);
	free(a->reason);
	free(a->ticket_no);
	free(a->alert);
	memset(a, 0, sizeof *a);
}

void
board_agent_copy(struct board_agent *dst, const struct board_agent *src)
{
	*dst = *src;
	dst->username = dup0(src->username);
	dst->display_name = dup0(src->display_name);
	dst->desks = strv_copy(src->desks, src->n_desks);
	dst->state = dup0(src->state);
	dst->reason = dup0(src->reason);
	dst->ticket_no = dup0(src->ticket_no);
	dst->alert = dup0(src->alert);
}

void
bcast_free(struct bcast *b)
{
	free(b->message);
	free(b->from);
	free(b->desk);
	memset(b, 0, sizeof *b);
}

void
bcast_copy(struct bcast *dst, const struct bcast *src)
{
	*dst = *src;
	dst->message = dup0(src->message);
	dst->from = dup0(src->from);
	dst->desk = dup0(src->desk);
}

void
bcast_list_free(struct bcast_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		bcast_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void
hotspot_free(struct hotspot *h)
{
	free(h->kind);
	free(h->code);
	free(h->name);
	strv_free(h->ticket_nos, h->n_tickets);
	memset(h, 0, sizeof *h);
}

void
hotspot_copy(struct hotspot *dst, const struct hotspot *src)
{
	*dst = *src;
	dst->kind = dup0(src->kind);
	dst->code = dup0(src->code);
	dst->name = dup0(src->name);
	dst->ticket_nos = strv_copy(src->ticket_nos, src->n_tickets);
}

static void
hotspots_free(struct hotspot *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		hotspot_free(&h[i]);
	free(h);
}

void
stats_live_free(struct stats_live *s)
{
	size_t i;

	for (i = 0; i < s->n_queues; i++)
		free(s->queues[i].desk);
	free(s->queues);
	for (i = 0; i < s->n_agents; i++)
		board_agent_free(&s->agents[i]);
	free(s->agents);
	kpi_free(&s->today);
	kpi_free(&s->hour);
	bcast_list_free(&s->broadcasts);
	memset(s, 0, sizeof *s);
}

void
stats_daily_free(struct stats_daily *d)
{
	size_t i;

	free(d->date);
	kpi_free(&d->kpi);
	counts_free(d->by_category, d->n_category);
	counts_free(d->by_town, d->n_town);
	for (i = 0; i < d->n_overdue_units; i++) {
		free(d->overdue_units[i].code);
		free(d->overdue_units[i].name);
	}
	free(d->overdue_units);
	hotspots_free(d->hotspots, d->n_hotspots);
	memset(d, 0, sizeof *d);
}

void
stats_hotspots_free(struct stats_hotspots *h)
{
	free(h->rule);
	hotspots_free(h->items, h->n);
	memset(h, 0, sizeof *h);
}
