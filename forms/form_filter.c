/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form_filter.c - choices: look-up, type-ahead filtering by pinyin, trees.
 */
#include "form.h"

#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/i18n.h"
#include "../core/mem.h"
#include "../core/pinyin.h"
#include "form_int.h"

/* Deepest tree path followed (category trees have 3 levels). */
#define TREE_DEPTH 16

long
form_choice_index(const struct form_field *fld, const char *key)
{
	size_t i;

	if (!key)
		return -1;
	for (i = 0; i < fld->def.n_choices; i++)
		if (!strcmp(fld->choices[i].key, key))
			return (long)i;
	return -1;
}

const char *
form_choice_label(const struct form_field *fld, size_t i)
{
	if (i >= fld->def.n_choices)
		return "";
	return i18n_get() == LANG_EN ? fld->choices[i].label_en
				     : fld->choices[i].label_zh;
}

struct hit {
	int score;
	size_t idx;
};

static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Best (lowest) score of query against the texts of a choice, -1 when
 * none matches. */
static int
choice_score(const struct form_choice *c, const char *query)
{
	const char *texts[4];
	int best = -1;
	size_t i;

	texts[0] = c->label_zh;
	texts[1] = c->alias;
	texts[2] = c->label_en;
	texts[3] = c->key;
	for (i = 0; i < 4; i++) {
		int s;

		if (!texts[i] || !*texts[i])
			continue;
		s = pinyin_match_score(texts[i], query);
		if (s >= 0 && (best < 0 || s < best))
			best = s;
	}
	return best;
}

size_t
form_filter_choices(const struct form_field *fld, const char *query,
		    size_t *out, size_t max)
{
	size_t i, n = 0, nc = fld->def.n_choices;
	struct hit *h;

	if (nc == 0 || max == 0)
		return 0;
	h = xmalloc(nc * sizeof *h);
	for (i = 0; i < nc; i++) {
		int s = choice_score(&fld->choices[i], query ? query : "");

		if (s < 0)
			continue;
		h[n].score = s;
		h[n].idx = i;
		n++;
	}
	if (n > 1)
		qsort(h, n, sizeof *h, hit_cmp);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = h[i].idx;
	free(h);
	return n;
}

size_t
form_tree_children(const struct form_field *fld, const char *parent,
		   size_t *out, size_t max)
{
	size_t i, n = 0;

	if (!parent)
		parent = "";
	for (i = 0; i < fld->def.n_choices && n < max; i++)
		if (!strcmp(fld->choices[i].parent, parent))
			out[n++] = i;
	return n;
}

int
form_tree_has_children(const struct form_field *fld, const char *key)
{
	size_t i;

	if (!key || !*key)
		return 0;
	for (i = 0; i < fld->def.n_choices; i++)
		if (!strcmp(fld->choices[i].parent, key))
			return 1;
	return 0;
}

char *
form_tree_path(const struct form_field *fld, const char *key)
{
	long chain[TREE_DEPTH];
	int depth = 0, k;
	struct buf b;
	long i = form_choice_index(fld, key);

	if (i < 0)
		return NULL;
	while (i >= 0 && depth < TREE_DEPTH) {
		for (k = 0; k < depth; k++)
			if (chain[k] == i)
				break;
		if (k < depth)
			break; /* a cycle */
		chain[depth++] = i;
		i = form_choice_index(fld, fld->choices[i].parent);
	}
	buf_init(&b, 0);
	for (k = depth - 1; k >= 0; k--) {
		buf_puts(&b, form_choice_label(fld, (size_t)chain[k]));
		if (k > 0)
			buf_puts(&b, " / ");
	}
	return buf_steal(&b);
}
