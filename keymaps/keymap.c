/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keymap.c - bindings: (context, key sequence) -> command line.
 *
 * Each context keeps its bindings in an array sorted by the canonical key
 * sequence name, which is also the order kmap_each() reports.  Keymaps are
 * small (a few dozen bindings), so lookups scan.  Within one context no
 * binding may be a strict prefix of another (kmap_bind() refuses with
 * ST_EXISTS), so a key sequence has exactly one meaning per context.
 */
#include "keymap.h"

#include <string.h>

#include "../core/mem.h"
#include "../core/rc.h"

/* Longest canonical sequence name: 4 x "M-Backspace" + 3 spaces < 64. */
#define SEQ_NAME_MAX 64

struct binding {
	struct kkey keys[KMAP_MAX_SEQ];
	size_t n;
	char *name;    /* canonical "g t" */
	char *command; /* the command line, as bound */
};

struct ctxmap {
	struct binding *v;
	size_t n, cap;
};

struct keymap {
	struct ctxmap ctx[KCTX__COUNT];
};

struct keymap *
kmap_new(void)
{
	return xcalloc(1, sizeof(struct keymap));
}

void
kmap_free(struct keymap *km)
{
	size_t c, i;

	if (!km)
		return;
	for (c = 0; c < KCTX__COUNT; c++) {
		for (i = 0; i < km->ctx[c].n; i++) {
			free(km->ctx[c].v[i].name);
			free(km->ctx[c].v[i].command);
		}
		free(km->ctx[c].v);
	}
	free(km);
}

enum action
action_of_command(const char *command)
{
	struct rc_words w;
	enum action a = ACT_NONE;

	if (rc_split(command, &w, NULL) != ST_OK)
		return ACT_NONE;
	if (w.n > 0)
		a = action_lookup(w.v[0]);
	rc_words_free(&w);
	return a;
}

static int
key_eq(struct kkey a, struct kkey b)
{
	return a.code == b.code && a.mods == b.mods;
}

/* 1 when a[0..na) is a prefix of b[0..nb) (possibly equal). */
static int
seq_prefix(const struct kkey *a, size_t na, const struct kkey *b, size_t nb)
{
	size_t i;

	if (na > nb)
		return 0;
	for (i = 0; i < na; i++)
		if (!key_eq(a[i], b[i]))
			return 0;
	return 1;
}

/* Parses keys into seq/n (normalised) and the canonical name. */
static enum status
parse_keys(const char *keys, struct kkey *seq, size_t *n, char *name)
{
	size_t i;

	if (kkey_parse_seq(keys, seq, n) != ST_OK)
		return ST_BAD_KEY;
	for (i = 0; i < *n; i++)
		seq[i] = kkey_norm(seq[i]);
	if (kkey_seq_name(seq, *n, name, SEQ_NAME_MAX) != ST_OK)
		return ST_BAD_KEY;
	return ST_OK;
}

enum status
kmap_bind(struct keymap *km, const char *ctx, const char *keys,
          const char *command)
{
	struct kkey seq[KMAP_MAX_SEQ];
	char name[SEQ_NAME_MAX];
	struct ctxmap *m;
	struct binding *b;
	enum kctx c;
	size_t n, i, pos;
	int cmp;

	if (!km || kctx_parse(ctx, &c) != 0)
		return ST_UNKNOWN_CONTEXT;
	if (parse_keys(keys, seq, &n, name) != ST_OK)
		return ST_BAD_KEY;
	if (action_of_command(command) == ACT_NONE)
		return ST_UNKNOWN_ACTION;

	m = &km->ctx[c];
	pos = m->n;
	for (i = 0; i < m->n; i++) {
		b = &m->v[i];
		cmp = strcmp(b->name, name);
		if (cmp == 0) {
			free(b->command);
			b->command = xstrdup(command);
			return ST_OK;
		}
		if (seq_prefix(b->keys, b->n, seq, n) ||
		    seq_prefix(seq, n, b->keys, b->n))
			return ST_EXISTS;
		if (cmp > 0 && pos == m->n)
			pos = i;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	memmove(&m->v[pos + 1], &m->v[pos], (m->n - pos) * sizeof *m->v);
	b = &m->v[pos];
	memset(b, 0, sizeof *b);
	memcpy(b->keys, seq, n * sizeof *seq);
	b->n = n;
	b->name = xstrdup(name);
	b->command = xstrdup(command);
	m->n++;
	return ST_OK;
}

enum status
kmap_unbind(struct keymap *km, const char *ctx, const char *keys)
{
	struct kkey seq[KMAP_MAX_SEQ];
	char name[SEQ_NAME_MAX];
	struct ctxmap *m;
	enum kctx c;
	size_t n, i;

	if (!km || kctx_parse(ctx, &c) != 0)
		return ST_UNKNOWN_CONTEXT;
	if (parse_keys(keys, seq, &n, name) != ST_OK)
		return ST_BAD_KEY;
	m = &km->ctx[c];
	for (i = 0; i < m->n; i++) {
		if (strcmp(m->v[i].name, name) == 0) {
			free(m->v[i].name);
			free(m->v[i].command);
			memmove(&m->v[i], &m->v[i + 1],
			        (m->n - i - 1) * sizeof *m->v);
			m->n--;
			return ST_OK;
		}
	}
	return ST_NOT_FOUND;
}

static enum kmap_match
lookup_in(const struct ctxmap *m, const struct kkey *seq, size_t n,
          const char **command)
{
	enum kmap_match r = KMAP_NONE;
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct binding *b = &m->v[i];

		if (!seq_prefix(seq, n, b->keys, b->n))
			continue;
		if (b->n == n) {
			if (command)
				*command = b->command;
			return KMAP_FOUND;
		}
		r = KMAP_PREFIX;
	}
	return r;
}

enum kmap_match
kmap_lookup(const struct keymap *km, enum kctx ctx, const struct kkey *keys,
            size_t n, const char **command)
{
	struct kkey seq[KMAP_MAX_SEQ];
	enum kmap_match r;
	size_t i;

	if (command)
		*command = NULL;
	if (!km || !keys || n == 0 || n > KMAP_MAX_SEQ || (int)ctx < 0 ||
	    (int)ctx >= (int)KCTX__COUNT)
		return KMAP_NONE;
	for (i = 0; i < n; i++)
		seq[i] = kkey_norm(keys[i]);
	r = lookup_in(&km->ctx[ctx], seq, n, command);
	if (r == KMAP_NONE && ctx != KCTX_GLOBAL)
		r = lookup_in(&km->ctx[KCTX_GLOBAL], seq, n, command);
	return r;
}

void
kmap_each(const struct keymap *km, kmap_each_fn fn, void *ud)
{
	size_t c, i;

	if (!km || !fn)
		return;
	for (c = 0; c < KCTX__COUNT; c++)
		for (i = 0; i < km->ctx[c].n; i++)
			fn((enum kctx)c, km->ctx[c].v[i].name,
			   km->ctx[c].v[i].command, ud);
}

/* 1 when pressing b's keys in ctx really runs b (not shadowed by a
 * binding of ctx, which is looked at before global). */
static int
reachable(const struct keymap *km, enum kctx ctx, const struct binding *b)
{
	const char *cmd;
	size_t i;

	for (i = 1; i < b->n; i++)
		if (kmap_lookup(km, ctx, b->keys, i, &cmd) != KMAP_PREFIX)
			return 0;
	return kmap_lookup(km, ctx, b->keys, b->n, &cmd) == KMAP_FOUND &&
	       cmd == b->command;
}

void
kmap_keys_for(const struct keymap *km, enum kctx ctx, const char *command,
              char *out, size_t cap)
{
	enum kctx order[2] = {ctx, KCTX_GLOBAL};
	size_t k, i;

	if (!out || cap == 0)
		return;
	out[0] = '\0';
	if (!km || !command || (int)ctx < 0 || (int)ctx >= (int)KCTX__COUNT)
		return;
	for (k = 0; k < (ctx == KCTX_GLOBAL ? 1u : 2u); k++) {
		const struct ctxmap *m = &km->ctx[order[k]];

		for (i = 0; i < m->n; i++) {
			const struct binding *b = &m->v[i];

			if (strcmp(b->command, command) != 0 ||
			    strlen(b->name) >= cap || !reachable(km, ctx, b))
				continue;
			memcpy(out, b->name, strlen(b->name) + 1);
			return;
		}
	}
}
