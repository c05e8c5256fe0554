/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model_copy.h"

#include <string.h>

#include "../core/mem.h"

static char *
dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

void
tui_ticket_copy(struct ticket *dst, const struct ticket *src)
{
	size_t i;

	memset(dst, 0, sizeof *dst);
	dst->ticket_no = dup0(src->ticket_no);
	dst->title = dup0(src->title);
	dst->content = dup0(src->content);
	dst->state = src->state;
	dst->appeal_type = src->appeal_type;
	dst->channel = src->channel;
	dst->urgency = src->urgency;
	dst->handling_mode = src->handling_mode;
	dst->category_code = dup0(src->category_code);
	dst->category_name = dup0(src->category_name);
	dst->town_code = dup0(src->town_code);
	dst->town_name = dup0(src->town_name);
	dst->address = dup0(src->address);
	dst->caller_phone = dup0(src->caller_phone);
	dst->caller_name = dup0(src->caller_name);
	dst->lead_unit_code = dup0(src->lead_unit_code);
	dst->lead_unit_name = dup0(src->lead_unit_name);
	dst->direct_reply = dup0(src->direct_reply);
	dst->deadline = dup0(src->deadline);
	dst->supervised_due_at = dup0(src->supervised_due_at);
	dst->created_at = dup0(src->created_at);
	dst->updated_at = dup0(src->updated_at);
	dst->created_by = dup0(src->created_by);
	dst->version = src->version;
	if (src->n_events && src->events) {
		dst->events = xcalloc(src->n_events, sizeof *dst->events);
		dst->n_events = src->n_events;
		for (i = 0; i < src->n_events; i++) {
			const struct ticket_event *e = &src->events[i];
			struct ticket_event *d = &dst->events[i];

			d->id = e->id;
			d->at = dup0(e->at);
			d->actor = dup0(e->actor);
			d->action = dup0(e->action);
			d->from_state = dup0(e->from_state);
			d->to_state = dup0(e->to_state);
			d->comment = dup0(e->comment);
		}
	}
}
