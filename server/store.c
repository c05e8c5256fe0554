/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c - release helpers shared by every store implementation.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"

void
store_agent_free(struct store_agent *a)
{
	if (!a)
		return;
	FREE(a->username);
	FREE(a->display_name);
	FREE(a->desks);
	FREE(a->pw_hash);
}

void
store_unit_free(struct store_unit *u)
{
	if (!u)
		return;
	FREE(u->code);
	FREE(u->name);
	FREE(u->short_name);
	FREE(u->kind);
	FREE(u->duty_phone);
	FREE(u->parent_code);
}

void
store_units_free(struct store_unit *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_unit_free(&u[i]);
	free(u);
}

void
store_category_free(struct store_category *c)
{
	if (!c)
		return;
	FREE(c->code);
	FREE(c->name);
	FREE(c->parent_code);
	FREE(c->owner);
	FREE(c->desk);
}

void
store_categories_free(struct store_category *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_category_free(&c[i]);
	free(c);
}

void
store_forms_free(struct store_form_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		FREE(f[i].category_code);
		FREE(f[i].field_code);
		FREE(f[i].label);
		FREE(f[i].datatype);
		FREE(f[i].values);
		FREE(f[i].description);
	}
	free(f);
}

void
store_codes_free(struct store_code *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		FREE(c[i].code);
		FREE(c[i].name_zh);
		FREE(c[i].name_en);
	}
	free(c);
}

void
store_holidays_free(struct store_holiday *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		FREE(h[i].date);
		FREE(h[i].kind);
		FREE(h[i].name);
	}
	free(h);
}

void
store_recs_free(struct tk_rec *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tk_rec_free(&r[i]);
	free(r);
}

void
seed_data_free(struct seed_data *d)
{
	size_t i;

	if (!d)
		return;
	store_units_free(d->units, d->n_units);
	store_categories_free(d->categories, d->n_categories);
	store_forms_free(d->forms, d->n_forms);
	store_codes_free(d->wrapups, d->n_wrapups);
	store_codes_free(d->reasons, d->n_reasons);
	store_holidays_free(d->holidays, d->n_holidays);
	for (i = 0; i < d->n_agents; i++)
		store_agent_free(&d->agents[i]);
	free(d->agents);
	for (i = 0; i < d->n_tickets; i++) {
		tk_rec_free(&d->tickets[i].rec);
		tk_events_free(d->tickets[i].events, d->tickets[i].n_events);
	}
	free(d->tickets);
	store_kb_articles_free(d->kb_articles, d->n_kb_articles);
	memset(d, 0, sizeof *d);
}
