/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intakeitem.c - the online queue's items as the client keeps them.
 */
#include "intakeitem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

static char *
dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

void
intake_item_copy(struct intake_item *dst, const struct intake_item *src)
{
	dst->id = src->id;
	dst->channel = dup0(src->channel);
	dst->external_id = dup0(src->external_id);
	dst->citizen_phone = dup0(src->citizen_phone);
	dst->citizen_name = dup0(src->citizen_name);
	dst->subject = dup0(src->subject);
	dst->content = dup0(src->content);
	dst->received_at = src->received_at;
	dst->state = dup0(src->state);
	dst->claimed_by = dup0(src->claimed_by);
	dst->ticket_no = dup0(src->ticket_no);
	dst->version = src->version;
}

void
intake_item_free(struct intake_item *it)
{
	if (!it)
		return;
	free(it->channel);
	free(it->external_id);
	free(it->citizen_phone);
	free(it->citizen_name);
	free(it->subject);
	free(it->content);
	free(it->state);
	free(it->claimed_by);
	free(it->ticket_no);
	memset(it, 0, sizeof(*it));
}

void
intake_items_free(struct intake_items *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		intake_item_free(&l->items[i]);
	free(l->items);
	free(l->next_cursor);
	memset(l, 0, sizeof(*l));
}

/* Copy s[0..len) into out, cut back to a whole character when needed. */
static void
copy_cut(char *out, size_t cap, const char *s, size_t len)
{
	if (cap == 0)
		return;
	if (len >= cap) {
		len = cap - 1;
		/* never end inside a UTF-8 sequence */
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
}

char *
intake_item_headline(const struct intake_item *it, char *out, size_t cap)
{
	const char *s, *nl;

	if (it->subject && it->subject[0]) {
		copy_cut(out, cap, it->subject, strlen(it->subject));
		return out;
	}
	s = it->content ? it->content : "";
	while (*s == '\n' || *s == ' ')
		s++;
	nl = strchr(s, '\n');
	copy_cut(out, cap, s, nl ? (size_t)(nl - s) : strlen(s));
	return out;
}

char *
intake_wait_text(long long secs, char *out, size_t cap)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(out, cap, "%llds", secs);
	else if (secs < 3600)
		snprintf(out, cap, "%lldm", secs / 60);
	else if (secs < 86400)
		snprintf(out, cap, "%lldh%02lldm", secs / 3600,
			 secs % 3600 / 60);
	else
		snprintf(out, cap, "%lldd%02lldh", secs / 86400,
			 secs % 86400 / 3600);
	return out;
}
