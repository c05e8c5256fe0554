/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * conflict.c - ticket edits and the 412 comparison (conflict.h).
 */
#include "conflict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static const char *const names[TE__COUNT] = {
	[TE_TITLE] = "title",
	[TE_CONTENT] = "content",
	[TE_ADDRESS] = "address",
	[TE_CALLER_NAME] = "caller_name",
	[TE_CALLER_PHONE] = "caller_phone",
};

const char *
tk_edit_name(enum tk_edit_field f)
{
	return (unsigned)f < TE__COUNT ? names[f] : "";
}

int
tk_edit_lookup(const char *name)
{
	int i;

	for (i = 0; name && i < TE__COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

char *
tk_edit_names(char *out, size_t cap)
{
	size_t off = 0;
	int i;

	if (cap)
		out[0] = '\0';
	for (i = 0; i < TE__COUNT && off < cap; i++)
		off += (size_t)snprintf(out + off, cap - off, "%s%s",
					i ? " " : "", names[i]);
	return out;
}

const char *
tk_edit_value(const struct ticket *t, enum tk_edit_field f)
{
	const char *v = NULL;

	switch (f) {
	case TE_TITLE:
		v = t->title;
		break;
	case TE_CONTENT:
		v = t->content;
		break;
	case TE_ADDRESS:
		v = t->address;
		break;
	case TE_CALLER_NAME:
		v = t->caller_name;
		break;
	case TE_CALLER_PHONE:
		v = t->caller_phone;
		break;
	case TE__COUNT:
		break;
	}
	return v ? v : "";
}

void
tk_edit_init(struct tk_edit *e)
{
	memset(e, 0, sizeof(*e));
}

void
tk_edit_set(struct tk_edit *e, enum tk_edit_field f, const char *v)
{
	if ((unsigned)f >= TE__COUNT)
		return;
	free(e->val[f]);
	e->val[f] = xstrdup(v ? v : "");
	e->set[f] = 1;
}

int
tk_edit_count(const struct tk_edit *e)
{
	int i, n = 0;

	for (i = 0; i < TE__COUNT; i++)
		n += e->set[i] != 0;
	return n;
}

void
tk_edit_drop_same(struct tk_edit *e, const struct ticket *base)
{
	int i;

	for (i = 0; i < TE__COUNT; i++) {
		if (e->set[i] &&
		    strcmp(e->val[i],
			   tk_edit_value(base, (enum tk_edit_field)i)) == 0) {
			FREE(e->val[i]);
			e->set[i] = 0;
		}
	}
}

void
tk_edit_free(struct tk_edit *e)
{
	int i;

	for (i = 0; i < TE__COUNT; i++)
		free(e->val[i]);
	memset(e, 0, sizeof(*e));
}

size_t
tk_edit_pairs(const struct tk_edit *e, const char **pairs)
{
	size_t n = 0, k = 0;
	int i;

	for (i = 0; i < TE__COUNT; i++) {
		if (!e->set[i])
			continue;
		pairs[k++] = names[i];
		pairs[k++] = e->val[i];
		n++;
	}
	pairs[k] = NULL;
	return n;
}

size_t
conflict_diff(const struct ticket *base, const struct ticket *theirs,
	      const struct tk_edit *mine, struct conflict_row *out,
	      size_t max)
{
	size_t n = 0;
	int i;

	for (i = 0; i < TE__COUNT && n < max; i++) {
		enum tk_edit_field f = (enum tk_edit_field)i;
		const char *b = tk_edit_value(base, f);
		const char *t = tk_edit_value(theirs, f);
		const char *m = mine && mine->set[i] ? mine->val[i] : b;

		if (strcmp(t, m) == 0)
			continue;
		out[n].field = f;
		out[n].theirs = t;
		out[n].mine = m;
		out[n].edited = mine && mine->set[i];
		out[n].they_changed = strcmp(t, b) != 0;
		n++;
	}
	return n;
}
