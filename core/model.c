/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model.c - release functions of the client-side model structs.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

void
agent_info_free(struct agent_info *a)
{
	size_t i;

	if (!a)
		return;
	free(a->username);
	free(a->display_name);
	for (i = 0; i < a->n_desks; i++)
		free(a->desks[i]);
	free(a->desks);
	memset(a, 0, sizeof(*a));
}

static void
ticket_event_free(struct ticket_event *e)
{
	free(e->at);
	free(e->actor);
	free(e->action);
	free(e->from_state);
	free(e->to_state);
	free(e->comment);
	memset(e, 0, sizeof(*e));
}

void
ticket_free(struct ticket *t)
{
	size_t i;

	if (!t)
		return;
	free(t->ticket_no);
	free(t->title);
	free(t->content);
	free(t->category_code);
	free(t->category_name);
	free(t->town_code);
	free(t->town_name);
	free(t->address);
	free(t->caller_phone);
	free(t->caller_name);
	free(t->lead_unit_code);
	free(t->lead_unit_name);
	free(t->direct_reply);
	free(t->deadline);
	free(t->supervised_due_at);
	free(t->created_at);
	free(t->updated_at);
	free(t->created_by);
	for (i = 0; i < t->n_events; i++)
		ticket_event_free(&t->events[i]);
	free(t->events);
	memset(t, 0, sizeof(*t));
}

void
ticket_page_free(struct ticket_page *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		ticket_free(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	memset(p, 0, sizeof(*p));
}
