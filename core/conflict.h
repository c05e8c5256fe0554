/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * conflict.h - editing a ticket's text fields and the 412 "both versions"
 * comparison, free of curses and JSON (issue #4 §5, If-Match).
 *
 * Owns the list of fields the client edits (a subset of what PATCH
 * accepts: those struct ticket holds as text), struct tk_edit (the
 * agent's pending values), and conflict_diff(): given the version the
 * agent loaded (base), the server's current one (theirs) and the edit,
 * the fields where what the agent sees differs from the server.
 * Strings in results point into the inputs (no copies).
 */
#ifndef HOTLINE_CORE_CONFLICT_H
#define HOTLINE_CORE_CONFLICT_H

#include <stddef.h>

#include "model.h"

enum tk_edit_field {
	TE_TITLE,
	TE_CONTENT,
	TE_ADDRESS,
	TE_CALLER_NAME,
	TE_CALLER_PHONE,
	TE__COUNT
};

/* The agent's edit: set[f] marks a field given; val[f] malloc'd. */
struct tk_edit {
	int set[TE__COUNT];
	char *val[TE__COUNT];
};

/* The JSON/API name ("title") of f, and f by name (-1 when unknown). */
const char *tk_edit_name(enum tk_edit_field f);
int tk_edit_lookup(const char *name);
/* "title content address caller_name caller_phone" into out. */
char *tk_edit_names(char *out, size_t cap);
/* The field's value in t ("" when NULL). */
const char *tk_edit_value(const struct ticket *t, enum tk_edit_field f);

void tk_edit_init(struct tk_edit *e);
/* Sets f to v (copied; replaces an earlier value). */
void tk_edit_set(struct tk_edit *e, enum tk_edit_field f, const char *v);
int tk_edit_count(const struct tk_edit *e);
/* Drops the fields whose value equals base's (nothing to send). */
void tk_edit_drop_same(struct tk_edit *e, const struct ticket *base);
void tk_edit_free(struct tk_edit *e);
/* A NULL-terminated list of name, value pairs of the set fields (for a
 * PATCH body): pairs must hold 2 * TE__COUNT + 1 pointers; they point
 * into e.  Returns the number of fields. */
size_t tk_edit_pairs(const struct tk_edit *e, const char **pairs);

/* One field that differs. */
struct conflict_row {
	enum tk_edit_field field;
	const char *theirs; /* the server's current value */
	const char *mine;   /* the agent's: the edit, or base when not
			       edited */
	int edited;         /* the agent edited this field */
	int they_changed;   /* theirs differs from base */
};

/*
 * Fields (in enum order) where the agent's value (the edit's when set,
 * else base's) differs from theirs; at most max rows into out.  Returns
 * the number of rows written.  A field both sides set to the same value
 * is no conflict.
 */
size_t conflict_diff(const struct ticket *base, const struct ticket *theirs,
		     const struct tk_edit *mine, struct conflict_row *out,
		     size_t max);

#endif
