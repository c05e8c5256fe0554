/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * resolve.h - what a typed value means for a field: the command
 * `field FIELD VALUE` (the trainer's `set` steps, hotline-scenario(5))
 * names choices by their key or by their exact label.
 *
 * Owns the mapping of such a value to the value the form stores (a
 * choice key, keys joined by ',', "yes"/"no").  Pure: no I/O, the form is
 * only read.
 */
#ifndef HOTLINE_FORMS_RESOLVE_H
#define HOTLINE_FORMS_RESOLVE_H

#include <stddef.h>

#include "../core/status.h"
#include "form.h"

/*
 * The stored value of `value` typed for field `code` of f:
 *  - choice and tree fields: a choice key, or the exact label (Chinese
 *    or English) or alias (a unit's short name) of one choice; a tree also takes the whole path of
 *    labels as form_tree_path() shows it ("住房与公积金 / ... / 公积金提取");
 *  - multiple choice: keys or labels joined by ',' (or '，'), each
 *    resolved so;
 *  - yes/no: yes, no, 是, 否 (also y, n, true, false, 1, 0);
 *  - other fields: the value as given.
 * A list field that has no choices yet (the category, town and unit
 * lists come from the server) takes the value as given.
 * ST_OK with *out malloc'd (the caller frees it); ST_NOT_FOUND when f has
 * no field `code`; ST_INVALID when a value is none of the choices (bad,
 * when cap > 0, gets that value or part).  *out is NULL on errors.
 */
enum status form_resolve_value(const struct form *f, const char *code,
			       const char *value, char **out, char *bad,
			       size_t cap);

/* 1 when value (a stored value) is what field fld can hold: each key one
 * of its choices (always 1 for fields without choices or when the list
 * is not loaded yet). */
int form_value_is_key(const struct form_field *fld, const char *value);

#endif
