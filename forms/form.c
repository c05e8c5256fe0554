/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form.c - form instances: definitions, values, conditions, validation,
 * extra fields, export and import.
 */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/i18n.h"
#include "../core/mem.h"
#include "../core/utf8.h"
#include "form_int.h"

/* Longest value form_set() takes, in bytes. */
#define FORM_VALUE_MAX (64u * 1024)
/* Conditions may name fields that have conditions; this deep. */
#define COND_DEPTH 8

struct form {
	char *name;
	struct form_field *fields;
	size_t n, cap;
	size_t n_extra; /* the last n_extra fields */
	struct kv *pending;
	size_t n_pending;
};

/* ---- owned copies of const strings ------------------------------------ */

static const char *
dupc(const char *s)
{
	return xstrdup(s ? s : "");
}

static const char *
dupn(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
form_cfree(const char *p)
{
	union {
		const char *c;
		char *m;
	} u;

	u.c = p;
	free(u.m);
}

struct form_choice *
form_choices_copy(const struct form_choice *c, size_t n)
{
	struct form_choice *r;
	size_t i;

	if (n == 0)
		return NULL;
	r = xcalloc(n, sizeof *r);
	for (i = 0; i < n; i++) {
		r[i].key = dupc(c[i].key);
		r[i].label_zh = dupc(c[i].label_zh);
		r[i].label_en = dupc(c[i].label_en && *c[i].label_en
					     ? c[i].label_en
					     : c[i].label_zh);
		r[i].parent = dupc(c[i].parent);
		r[i].alias = dupc(c[i].alias);
	}
	return r;
}

void
form_choices_free(struct form_choice *c, size_t n)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < n; i++) {
		form_cfree(c[i].key);
		form_cfree(c[i].label_zh);
		form_cfree(c[i].label_en);
		form_cfree(c[i].parent);
		form_cfree(c[i].alias);
	}
	free(c);
}

static void
cond_copy(struct form_cond *dst, const struct form_cond *src)
{
	dst->op = src->op;
	dst->field = dupn(src->field);
	dst->values = dupc(src->values);
}

static void
cond_free(struct form_cond *c)
{
	form_cfree(c->field);
	form_cfree(c->values);
}

static void
field_init(struct form_field *fld, const struct form_field_def *d)
{
	memset(fld, 0, sizeof *fld);
	fld->def = *d;
	fld->def.code = dupc(d->code);
	fld->def.label_zh = dupc(d->label_zh);
	fld->def.label_en =
		dupc(d->label_en && *d->label_en ? d->label_en : d->label_zh);
	fld->def.pattern = dupn(d->pattern);
	fld->def.hint_zh = dupn(d->hint_zh);
	fld->def.hint_en = dupn(d->hint_en);
	fld->def.default_value = dupc(d->default_value);
	fld->def.description = dupc(d->description);
	fld->def.choices_by = dupn(d->choices_by);
	cond_copy(&fld->def.visible_if, &d->visible_if);
	cond_copy(&fld->def.required_if, &d->required_if);
	fld->choices = form_choices_copy(d->choices, d->n_choices);
	fld->def.choices = fld->choices;
	fld->value = xstrdup(fld->def.default_value);
}

static void
field_clear_err(struct form_field *fld)
{
	fld->err = FE_OK;
	FREE(fld->message);
}

static void
field_free(struct form_field *fld)
{
	form_cfree(fld->def.code);
	form_cfree(fld->def.label_zh);
	form_cfree(fld->def.label_en);
	form_cfree(fld->def.pattern);
	form_cfree(fld->def.hint_zh);
	form_cfree(fld->def.hint_en);
	form_cfree(fld->def.default_value);
	form_cfree(fld->def.description);
	form_cfree(fld->def.choices_by);
	cond_free(&fld->def.visible_if);
	cond_free(&fld->def.required_if);
	form_choices_free(fld->choices, fld->def.n_choices);
	if (fld->re_state == 1)
		regfree(&fld->re);
	free(fld->value);
	free(fld->message);
	memset(fld, 0, sizeof *fld);
}

/* A code for a field or choice: non-empty, no ',' '=' or control. */
static int
code_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == ',' || *s == '=' ||
		    *s == 0x7f)
			return 0;
	return 1;
}

static int
choices_ok(const struct form_choice *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!code_ok(c[i].key) || !c[i].label_zh)
			return 0;
	return 1;
}

static int
has_choices(enum form_type t)
{
	return t == FT_CHOICE || t == FT_MULTI || t == FT_TREE;
}

/* Make room for more fields.  regex_t is not moved while compiled. */
static void
reserve(struct form *f, size_t more)
{
	size_t i;

	if (f->n + more <= f->cap)
		return;
	for (i = 0; i < f->n; i++) {
		if (f->fields[i].re_state == 1)
			regfree(&f->fields[i].re);
		f->fields[i].re_state = 0;
	}
	while (f->cap < f->n + more)
		f->cap = f->cap ? f->cap * 2 : 32;
	f->fields = xrealloc(f->fields, f->cap * sizeof *f->fields);
}

static int
cond_target_ok(const struct form *f, const struct form_cond *c)
{
	if (c->op == FC_ALWAYS)
		return 1;
	if ((unsigned)c->op > FC_EMPTY || !c->field)
		return 0;
	return form_index(f, c->field) >= 0;
}

struct form *
form_new(const char *name, const struct form_field_def *defs, size_t n)
{
	struct form *f = xcalloc(1, sizeof *f);
	size_t i, k;

	f->name = xstrdup(name ? name : "");
	reserve(f, n);
	for (i = 0; i < n; i++) {
		const struct form_field_def *d = &defs[i];

		if (!code_ok(d->code) || (unsigned)d->type >= FT__COUNT ||
		    !choices_ok(d->choices, d->n_choices) ||
		    (d->n_choices && !has_choices(d->type)))
			goto bad;
		for (k = 0; k < f->n; k++)
			if (!strcmp(f->fields[k].def.code, d->code))
				goto bad;
		field_init(&f->fields[f->n++], d);
	}
	for (i = 0; i < f->n; i++) {
		const struct form_field_def *d = &f->fields[i].def;

		if (!cond_target_ok(f, &d->visible_if) ||
		    !cond_target_ok(f, &d->required_if) ||
		    (d->choices_by && form_index(f, d->choices_by) < 0))
			goto bad;
	}
	return f;
bad:
	form_free(f);
	return NULL;
}

void
form_free(struct form *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		field_free(&f->fields[i]);
	free(f->fields);
	kv_free(f->pending, f->n_pending);
	free(f->name);
	free(f);
}

const char *
form_name(const struct form *f)
{
	return f->name;
}

size_t
form_count(const struct form *f)
{
	return f->n;
}

const struct form_field *
form_field_at(const struct form *f, size_t i)
{
	return i < f->n ? &f->fields[i] : NULL;
}

long
form_index(const struct form *f, const char *code)
{
	size_t i;

	if (!code)
		return -1;
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->fields[i].def.code, code))
			return (long)i;
	return -1;
}

const struct form_field *
form_field(const struct form *f, const char *code)
{
	long i = form_index(f, code);

	return i < 0 ? NULL : &f->fields[i];
}

const char *
form_field_label(const struct form_field *fld)
{
	return i18n_get() == LANG_EN ? fld->def.label_en : fld->def.label_zh;
}

/* ---- conditions ----------------------------------------------------------- */

/* 1 when key is one of the ','-separated list. */
int
form_list_has(const char *list, const char *key, size_t kl)
{
	const char *p = list;

	if (!list)
		return 0;
	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == kl && !strncmp(p, key, kl))
			return 1;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int visible_d(const struct form *f, size_t i, int depth);

static int
cond_holds(const struct form *f, const struct form_cond *c, int depth)
{
	const char *v = "";
	long i;

	if (c->op == FC_ALWAYS)
		return 1;
	i = form_index(f, c->field);
	if (i >= 0 && depth < COND_DEPTH && visible_d(f, (size_t)i, depth + 1))
		v = f->fields[i].value;
	switch (c->op) {
	case FC_IN:
		return form_list_has(c->values, v, strlen(v));
	case FC_NOT_IN:
		return !form_list_has(c->values, v, strlen(v));
	case FC_SET:
		return *v != '\0';
	case FC_EMPTY:
		return *v == '\0';
	default:
		return 1;
	}
}

static int
visible_d(const struct form *f, size_t i, int depth)
{
	return cond_holds(f, &f->fields[i].def.visible_if, depth);
}

int
form_visible(const struct form *f, size_t i)
{
	return i < f->n && visible_d(f, i, 0);
}

int
form_required(const struct form *f, size_t i)
{
	const struct form_field_def *d;

	if (!form_visible(f, i))
		return 0;
	d = &f->fields[i].def;
	if (d->flags & FF_REQUIRED)
		return 1;
	return d->required_if.op != FC_ALWAYS &&
	       cond_holds(f, &d->required_if, 0);
}

/* Clear FF_CLEAR_HIDDEN fields that are hidden, until nothing changes. */
static void
apply_clear(struct form *f)
{
	size_t i, pass;
	int changed = 1;

	for (pass = 0; changed && pass <= f->n; pass++) {
		changed = 0;
		for (i = 0; i < f->n; i++) {
			struct form_field *fld = &f->fields[i];

			if (!(fld->def.flags & FF_CLEAR_HIDDEN) ||
			    !*fld->value || form_visible(f, i))
				continue;
			free(fld->value);
			fld->value = xstrdup("");
			field_clear_err(fld);
			changed = 1;
		}
	}
}

/* ---- values ---------------------------------------------------------------- */

static enum status
value_ok(const char *v)
{
	size_t n = strlen(v);

	if (n > FORM_VALUE_MAX)
		return ST_TOO_LONG;
	if (!u8_valid(v, n))
		return ST_BAD_UTF8;
	return ST_OK;
}

enum status
form_set(struct form *f, const char *code, const char *value)
{
	struct form_field *fld;
	enum status st;
	long i;

	if (!value)
		value = "";
	i = form_index(f, code);
	if (i < 0)
		return ST_NOT_FOUND;
	st = value_ok(value);
	if (st != ST_OK)
		return st;
	fld = &f->fields[i];
	if ((fld->def.flags & FF_CLEAR_HIDDEN) && *value &&
	    !form_visible(f, (size_t)i))
		return ST_INVALID;
	if (strcmp(fld->value, value) != 0) {
		free(fld->value);
		fld->value = xstrdup(value);
		field_clear_err(fld);
	}
	apply_clear(f);
	return ST_OK;
}

const char *
form_get(const struct form *f, const char *code)
{
	long i = form_index(f, code);

	return i < 0 ? NULL : f->fields[i].value;
}

void
form_reset(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->fields[i].value);
		f->fields[i].value = xstrdup(f->fields[i].def.default_value);
		field_clear_err(&f->fields[i]);
	}
	kv_free(f->pending, f->n_pending);
	f->pending = NULL;
	f->n_pending = 0;
	apply_clear(f);
}

/* ---- validation ------------------------------------------------------------- */

static void
set_err(struct form_field *fld, enum form_err e, const char *arg)
{
	const char *tmpl, *hole;
	struct buf b;

	field_clear_err(fld);
	fld->err = e;
	if (e == FE_OK)
		return;
	tmpl = form_err_msg(e);
	if ((e == FE_PATTERN) && (fld->def.hint_zh || fld->def.hint_en)) {
		const char *h = i18n_get() == LANG_EN && fld->def.hint_en
					? fld->def.hint_en
					: fld->def.hint_zh;

		if (h && *h)
			tmpl = h;
	}
	buf_init(&b, 0);
	hole = strstr(tmpl, "{}");
	if (hole && arg) {
		buf_append(&b, tmpl, (size_t)(hole - tmpl));
		buf_puts(&b, arg);
		buf_puts(&b, hole + 2);
	} else {
		buf_puts(&b, tmpl);
	}
	fld->message = buf_steal(&b);
}

static void
set_err_n(struct form_field *fld, enum form_err e, double n)
{
	char t[48];

	snprintf(t, sizeof t, "%g", n);
	set_err(fld, e, t);
}

/* Controls: none at all in a line; only \n and \t in multi-line text. */
static enum form_err
text_controls(const char *v, int multi)
{
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '\n' && !multi)
			return FE_NEWLINE;
		if ((c < 0x20 && !(multi && (c == '\n' || c == '\t'))) ||
		    c == 0x7f)
			return FE_CONTROL;
	}
	return FE_OK;
}

static enum form_err
check_pattern(struct form_field *fld, const char *v)
{
	if (fld->def.pattern && *fld->def.pattern) {
		if (fld->re_state == 0) {
			char *anch = xasprintf("^(%s)$", fld->def.pattern);

			fld->re_state = regcomp(&fld->re, anch,
						REG_EXTENDED | REG_NOSUB) == 0
						? 1
						: -1;
			free(anch);
		}
		/* A broken pattern refuses everything: the definition is
		 * wrong, a value cannot be right. */
		if (fld->re_state != 1 || regexec(&fld->re, v, 0, NULL, 0) != 0)
			return FE_PATTERN;
	}
	if (fld->def.check && !fld->def.check(v))
		return FE_PATTERN;
	return FE_OK;
}

/* The field choices_by names, and its value (NULL when none or empty). */
static const struct form_field *
parent_field(const struct form *f, const struct form_field *fld)
{
	long k;

	if (!fld->def.choices_by)
		return NULL;
	k = form_index(f, fld->def.choices_by);
	if (k < 0 || !*f->fields[k].value || !form_visible(f, (size_t)k))
		return NULL;
	return &f->fields[k];
}

static enum form_err
check_key(const struct form *f, struct form_field *fld, const char *key,
	  size_t kl, const struct form_field **mismatch)
{
	const struct form_field *pf;
	size_t c;

	if (kl == 0)
		return FE_CHOICE;
	if (fld->def.n_choices == 0)
		return FE_OK; /* the list is not loaded: the server checks */
	for (c = 0; c < fld->def.n_choices; c++)
		if (strlen(fld->choices[c].key) == kl &&
		    !strncmp(fld->choices[c].key, key, kl))
			break;
	if (c == fld->def.n_choices)
		return FE_CHOICE;
	pf = parent_field(f, fld);
	if (pf && strcmp(fld->choices[c].parent, pf->value) != 0) {
		*mismatch = pf;
		return FE_MISMATCH;
	}
	if ((fld->def.flags & FF_LEAF_ONLY) &&
	    form_tree_has_children(fld, fld->choices[c].key))
		return FE_NOT_LEAF;
	return FE_OK;
}

static void
check_multi(const struct form *f, struct form_field *fld, const char *v)
{
	const struct form_field *mm = NULL;
	const char *p = v;
	long count = 0;
	enum form_err e;

	for (;;) {
		size_t kl = strcspn(p, ",");
		const char *q;

		e = check_key(f, fld, p, kl, &mm);
		if (e != FE_OK) {
			set_err(fld, e, mm ? form_field_label(mm) : NULL);
			return;
		}
		/* The same key earlier in the list? */
		for (q = v; q < p; q += strcspn(q, ",") + 1)
			if (strcspn(q, ",") == kl && !strncmp(q, p, kl)) {
				set_err(fld, FE_DUPLICATE, NULL);
				return;
			}
		count++;
		if (!p[kl])
			break;
		p += kl + 1;
	}
	if (fld->def.max_len > 0 && count > fld->def.max_len)
		set_err_n(fld, FE_TOO_MANY, fld->def.max_len);
	else if (fld->def.min_len > 0 && count < fld->def.min_len)
		set_err_n(fld, FE_TOO_FEW, fld->def.min_len);
}

static void
check_text(struct form_field *fld, const char *v, int multi)
{
	enum form_err e = text_controls(v, multi);
	size_t n;

	if (e != FE_OK) {
		set_err(fld, e, NULL);
		return;
	}
	n = u8_count(v);
	if (fld->def.min_len > 0 && n < (size_t)fld->def.min_len)
		set_err_n(fld, FE_TOO_SHORT, fld->def.min_len);
	else if (fld->def.max_len > 0 && n > (size_t)fld->def.max_len)
		set_err_n(fld, FE_TOO_LONG, fld->def.max_len);
	else
		set_err(fld, check_pattern(fld, v), NULL);
}

enum form_err
form_check_field(struct form *f, size_t i)
{
	const struct form_field *mm = NULL;
	struct form_field *fld;
	const char *v;
	double d;

	if (i >= f->n)
		return FE_OK;
	fld = &f->fields[i];
	field_clear_err(fld);
	if (!form_visible(f, i))
		return FE_OK;
	v = fld->value;
	if (!*v) {
		if (form_required(f, i))
			set_err(fld, FE_REQUIRED, NULL);
		return fld->err;
	}
	switch (fld->def.type) {
	case FT_TEXT:
		check_text(fld, v, 0);
		break;
	case FT_MULTILINE:
		check_text(fld, v, 1);
		break;
	case FT_PHONE:
		if (!form_phone_ok(v, !!(fld->def.flags & FF_SERVICE_NUMS)))
			set_err(fld, FE_PHONE, NULL);
		else
			set_err(fld, check_pattern(fld, v), NULL);
		break;
	case FT_NUMBER:
		if (!form_number_parse(v, &d))
			set_err(fld, FE_NUMBER, NULL);
		else if ((fld->def.flags & FF_RANGE) && d < fld->def.num_min)
			set_err_n(fld, FE_RANGE_LOW, fld->def.num_min);
		else if ((fld->def.flags & FF_RANGE) && d > fld->def.num_max)
			set_err_n(fld, FE_RANGE_HIGH, fld->def.num_max);
		break;
	case FT_DATE:
		if (!form_date_ok(v))
			set_err(fld, FE_DATE, NULL);
		break;
	case FT_DATETIME:
		if (!form_datetime_ok(v) &&
		    !((fld->def.flags & FF_DATE_OK) && form_date_ok(v)))
			set_err(fld, FE_DATETIME, NULL);
		break;
	case FT_CHOICE:
	case FT_TREE: {
		enum form_err e = check_key(f, fld, v, strlen(v), &mm);

		set_err(fld, e, mm ? form_field_label(mm) : NULL);
		break;
	}
	case FT_MULTI:
		check_multi(f, fld, v);
		break;
	case FT_YESNO:
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			set_err(fld, FE_YESNO, NULL);
		break;
	default:
		break;
	}
	return fld->err;
}

size_t
form_validate(struct form *f, size_t *first_invalid)
{
	size_t i, bad = 0;

	for (i = 0; i < f->n; i++) {
		if (form_check_field(f, i) == FE_OK)
			continue;
		if (bad++ == 0 && first_invalid)
			*first_invalid = i;
	}
	return bad;
}

const char *
form_error(const struct form *f, size_t i)
{
	return i < f->n ? f->fields[i].message : NULL;
}

int
form_each_visible(const struct form *f,
		  int (*fn)(const struct form_field *fld, size_t i, void *arg),
		  void *arg)
{
	size_t i;
	int r;

	for (i = 0; i < f->n; i++) {
		if (!form_visible(f, i))
			continue;
		r = fn(&f->fields[i], i, arg);
		if (r)
			return r;
	}
	return 0;
}

/* ---- choices ---------------------------------------------------------------- */

enum status
form_set_choices(struct form *f, const char *code,
		 const struct form_choice *c, size_t n)
{
	struct form_field *fld;
	long i = form_index(f, code);

	if (i < 0)
		return ST_NOT_FOUND;
	fld = &f->fields[i];
	if (!has_choices(fld->def.type) || (n && !c) || !choices_ok(c, n))
		return ST_INVALID;
	form_choices_free(fld->choices, fld->def.n_choices);
	fld->choices = form_choices_copy(c, n);
	fld->def.choices = fld->choices;
	fld->def.n_choices = n;
	field_clear_err(fld);
	return ST_OK;
}

/* ---- extra fields ------------------------------------------------------------ */

static int
attr_type(const char *dt, enum form_type *t, unsigned *flags, int *max)
{
	static const struct {
		const char *name;
		enum form_type type;
		unsigned flags;
		int max_len;
	} map[] = {
		{"string", FT_TEXT, 0, 200},
		{"text", FT_MULTILINE, 0, 4000},
		{"number", FT_NUMBER, 0, 0},
		{"datetime", FT_DATETIME, FF_DATE_OK, 0},
		{"singlevaluelist", FT_CHOICE, 0, 0},
		{"multivaluelist", FT_MULTI, 0, 0},
	};
	size_t i;

	for (i = 0; dt && i < sizeof map / sizeof map[0]; i++) {
		if (!strcmp(dt, map[i].name)) {
			*t = map[i].type;
			*flags = map[i].flags;
			*max = map[i].max_len;
			return 0;
		}
	}
	return -1;
}

enum status
form_add_extras(struct form *f, const struct form_attr *a, size_t n)
{
	size_t *ord, i, k;

	for (i = 0; i < n; i++) {
		enum form_type t;
		unsigned fl;
		int mx;

		if (!code_ok(a[i].code) ||
		    attr_type(a[i].datatype, &t, &fl, &mx) != 0 ||
		    (a[i].n_values && !a[i].values) ||
		    !choices_ok(a[i].values, a[i].n_values))
			return ST_INVALID;
		if (form_index(f, a[i].code) >= 0)
			return ST_EXISTS;
		for (k = 0; k < i; k++)
			if (!strcmp(a[k].code, a[i].code))
				return ST_EXISTS;
	}
	/* Stable order by the attribute's order. */
	ord = xcalloc(n ? n : 1, sizeof *ord);
	for (i = 0; i < n; i++) {
		k = i;
		while (k > 0 && a[ord[k - 1]].order > a[i].order) {
			ord[k] = ord[k - 1];
			k--;
		}
		ord[k] = i;
	}
	reserve(f, n);
	for (i = 0; i < n; i++) {
		const struct form_attr *x = &a[ord[i]];
		struct form_field_def d;
		int mx;

		memset(&d, 0, sizeof d);
		d.code = x->code;
		d.label_zh = x->label && *x->label ? x->label : x->code;
		d.label_en = d.label_zh;
		attr_type(x->datatype, &d.type, &d.flags, &mx);
		d.max_len = mx;
		d.flags |= FF_EXTRA | (x->required ? FF_REQUIRED : 0);
		if (has_choices(d.type)) {
			d.choices = x->values;
			d.n_choices = x->n_values;
		}
		d.description = x->description;
		d.order = x->order;
		field_init(&f->fields[f->n++], &d);
		f->n_extra++;
	}
	free(ord);
	/* Values of a restored draft that waited for these fields. */
	for (i = 0; i < f->n_pending;) {
		long fi = form_index(f, f->pending[i].key);

		if (fi < 0) {
			i++;
			continue;
		}
		free(f->fields[fi].value);
		f->fields[fi].value = f->pending[i].value;
		free(f->pending[i].key);
		memmove(&f->pending[i], &f->pending[i + 1],
			(f->n_pending - i - 1) * sizeof *f->pending);
		f->n_pending--;
	}
	apply_clear(f);
	return ST_OK;
}

void
form_clear_extras(struct form *f)
{
	while (f->n_extra > 0) {
		field_free(&f->fields[--f->n]);
		f->n_extra--;
	}
}

size_t
form_extra_count(const struct form *f)
{
	return f->n_extra;
}

/* ---- export / import ------------------------------------------------------------ */

/* "YYYY-MM-DD HH:MM[:SS][zone]" -> "YYYY-MM-DDTHH:MM:SS" + zone or
 * "+08:00" (Dongguan). */
static char *
wire_datetime(const char *v)
{
	const char *zone;
	char sec[3] = "00";

	if (strlen(v) == 10)
		return xstrdup(v); /* a bare date (FF_DATE_OK) */
	zone = v + 16;
	if (*zone == ':') {
		sec[0] = zone[1];
		sec[1] = zone[2];
		zone += 3;
	}
	return xasprintf("%.10sT%.5s:%s%s", v, v + 11, sec,
			 *zone ? zone : "+08:00");
}

static char *
wire_value(const struct form_field *fld)
{
	const char *v = fld->value;

	if (fld->def.type == FT_PHONE) {
		char *d = xmalloc(strlen(v) + 1);

		if (form_phone_digits(v, d, strlen(v) + 1) == 0)
			return d;
		free(d);
	}
	if (fld->def.type == FT_DATETIME && form_datetime_ok(v))
		return wire_datetime(v);
	return xstrdup(v);
}

void
form_export(const struct form *f, unsigned flags, struct kv **out,
	    size_t *n)
{
	size_t i, k = 0, cap = f->n + f->n_pending;
	struct kv *p = cap ? xcalloc(cap, sizeof *p) : NULL;

	for (i = 0; i < f->n; i++) {
		const struct form_field *fld = &f->fields[i];

		if (flags & FORM_EXPORT_WIRE) {
			if (!*fld->value || !form_visible(f, i))
				continue;
			p[k].key = xstrdup(fld->def.code);
			p[k].value = wire_value(fld);
		} else {
			p[k].key = xstrdup(fld->def.code);
			p[k].value = xstrdup(fld->value);
		}
		k++;
	}
	if (!(flags & FORM_EXPORT_WIRE)) {
		for (i = 0; i < f->n_pending; i++, k++) {
			p[k].key = xstrdup(f->pending[i].key);
			p[k].value = xstrdup(f->pending[i].value);
		}
	}
	if (k == 0) {
		free(p);
		p = NULL;
	}
	*out = p;
	*n = k;
}

enum status
form_import(struct form *f, const struct kv *p, size_t n)
{
	enum status st;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (!p[i].key || !*p[i].key)
			return ST_INVALID;
		st = value_ok(p[i].value ? p[i].value : "");
		if (st != ST_OK)
			return st;
	}
	for (i = 0; i < n; i++) {
		const char *v = p[i].value ? p[i].value : "";
		long fi = form_index(f, p[i].key);

		if (fi >= 0) {
			free(f->fields[fi].value);
			f->fields[fi].value = xstrdup(v);
			field_clear_err(&f->fields[fi]);
			continue;
		}
		for (k = 0; k < f->n_pending; k++)
			if (!strcmp(f->pending[k].key, p[i].key))
				break;
		if (k == f->n_pending) {
			f->pending = xrealloc(f->pending, (f->n_pending + 1) *
							  sizeof *f->pending);
			f->pending[k].key = xstrdup(p[i].key);
			f->pending[k].value = NULL;
			f->n_pending++;
		}
		free(f->pending[k].value);
		f->pending[k].value = xstrdup(v);
	}
	apply_clear(f);
	return ST_OK;
}

enum form_wire
form_wire_type(const struct form *f, const char *code)
{
	const struct form_field *fld = form_field(f, code);

	if (!fld)
		return FW_STRING;
	switch (fld->def.type) {
	case FT_NUMBER:
		return FW_NUMBER;
	case FT_YESNO:
		return FW_BOOL;
	case FT_MULTI:
		return FW_ARRAY;
	default:
		return FW_STRING;
	}
}
