/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/mem.h"

static int
is_list(const struct form_field *x)
{
	return x->def.type == FT_CHOICE || x->def.type == FT_TREE ||
	       x->def.type == FT_MULTI;
}

/* The key of one choice named by key, label, alias (a unit's short
 * name) or (trees) path; NULL when
 * none.  A key wins over a label that happens to equal another key. */
static const char *
one_key(const struct form_field *x, const char *v)
{
	size_t i;
	long k = form_choice_index(x, v);

	if (k >= 0)
		return x->choices[k].key;
	for (i = 0; i < x->def.n_choices; i++) {
		const struct form_choice *c = &x->choices[i];

		if ((c->label_zh && strcmp(c->label_zh, v) == 0) ||
		    (c->label_en && *c->label_en &&
		     strcmp(c->label_en, v) == 0) ||
		    (c->alias && *c->alias && strcmp(c->alias, v) == 0))
			return c->key;
	}
	if (x->def.type == FT_TREE && strchr(v, '/')) {
		for (i = 0; i < x->def.n_choices; i++) {
			char *path = form_tree_path(x, x->choices[i].key);
			int same = path && strcmp(path, v) == 0;

			free(path);
			if (same)
				return x->choices[i].key;
		}
	}
	return NULL;
}

static void
set_bad(char *bad, size_t cap, const char *v, size_t n)
{
	if (cap)
		snprintf(bad, cap, "%.*s", (int)n, v);
}

/* Trimmed copy of v[0..n). */
static char *
trimmed(const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return xstrndup(v, n);
}

static enum status
resolve_multi(const struct form_field *x, const char *value, char **out,
	      char *bad, size_t cap)
{
	static const char fullwidth[] = "\xef\xbc\x8c"; /* ， */
	struct buf b;
	const char *s = value;

	buf_init(&b, 0);
	while (*s) {
		const char *e = s;
		size_t n, skip = 0;
		char *part;
		const char *key;

		while (*e && *e != ',' && strncmp(e, fullwidth, 3) != 0)
			e++;
		n = (size_t)(e - s);
		if (*e == ',')
			skip = 1;
		else if (*e)
			skip = 3;
		part = trimmed(s, n);
		if (*part) {
			key = one_key(x, part);
			if (!key) {
				set_bad(bad, cap, part, strlen(part));
				free(part);
				buf_free(&b);
				return ST_INVALID;
			}
			(void)buf_printf(&b, "%s%s", b.len ? "," : "", key);
		}
		free(part);
		s = e + skip;
	}
	*out = buf_steal(&b);
	if (!*out)
		*out = xstrdup("");
	return ST_OK;
}

static enum status
resolve_yesno(const char *v, char **out, char *bad, size_t cap)
{
	static const char *const yes[] = {"yes", "y", "true", "1", "是", NULL};
	static const char *const no[] = {"no", "n", "false", "0", "否", NULL};
	size_t i;

	if (!*v) {
		*out = xstrdup("");
		return ST_OK;
	}
	for (i = 0; yes[i]; i++)
		if (strcmp(v, yes[i]) == 0) {
			*out = xstrdup("yes");
			return ST_OK;
		}
	for (i = 0; no[i]; i++)
		if (strcmp(v, no[i]) == 0) {
			*out = xstrdup("no");
			return ST_OK;
		}
	set_bad(bad, cap, v, strlen(v));
	return ST_INVALID;
}

enum status
form_resolve_value(const struct form *f, const char *code,
		   const char *value, char **out, char *bad, size_t cap)
{
	const struct form_field *x;
	const char *key;
	char *v;
	enum status st = ST_OK;

	*out = NULL;
	if (cap)
		bad[0] = '\0';
	if (!f || !code || !(x = form_field(f, code)))
		return ST_NOT_FOUND;
	value = value ? value : "";
	if (x->def.type == FT_YESNO)
		return resolve_yesno(value, out, bad, cap);
	if (!is_list(x) || x->def.n_choices == 0) {
		*out = xstrdup(value);
		return ST_OK;
	}
	if (x->def.type == FT_MULTI)
		return resolve_multi(x, value, out, bad, cap);
	v = trimmed(value, strlen(value));
	if (!*v) {
		*out = v;
		return ST_OK;
	}
	key = one_key(x, v);
	if (key) {
		*out = xstrdup(key);
	} else {
		set_bad(bad, cap, v, strlen(v));
		st = ST_INVALID;
	}
	free(v);
	return st;
}

int
form_value_is_key(const struct form_field *x, const char *value)
{
	const char *s = value;

	if (!is_list(x) || x->def.n_choices == 0 || !*value)
		return 1;
	if (x->def.type != FT_MULTI)
		return form_choice_index(x, value) >= 0;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *k = xstrndup(s, n);
		int ok = form_choice_index(x, k) >= 0;

		free(k);
		if (!ok)
			return 0;
		s += n;
		if (*s == ',')
			s++;
	}
	return 1;
}
