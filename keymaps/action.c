/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * action.c - the action registry and the context names, both generated
 * from the lists in actions.def and keymap.h.
 */
#include "keymap.h"

#include <string.h>

#include "../core/i18n.h"

static const struct action_info actions[] = {
    {ACT_NONE, NULL, KCTX_GLOBAL, NULL, NULL, NULL},
#define ACTION_(e, name, ctx, args, zh, en) {e, name, ctx, args, zh, en},
#include "actions.def"
#undef ACTION_
};

static const char *const kctx_names[] = {
#define KCTX_NAME_(e, n) [e] = n,
    KCTX_LIST(KCTX_NAME_)
#undef KCTX_NAME_
};

const struct action_info *
action_info(enum action a)
{
	if ((int)a <= (int)ACT_NONE || (int)a >= (int)ACT__COUNT)
		return NULL;
	return &actions[a];
}

enum action
action_lookup(const char *name)
{
	int i;

	if (!name)
		return ACT_NONE;
	for (i = ACT_NONE + 1; i < ACT__COUNT; i++)
		if (strcmp(actions[i].name, name) == 0)
			return (enum action)i;
	return ACT_NONE;
}

const char *
action_help(enum action a)
{
	const struct action_info *ai = action_info(a);

	if (!ai)
		return "";
	return i18n_get() == LANG_EN ? ai->help_en : ai->help_zh;
}

const char *
kctx_name(enum kctx c)
{
	if ((int)c < 0 || (int)c >= (int)KCTX__COUNT)
		return NULL;
	return kctx_names[c];
}

int
kctx_parse(const char *name, enum kctx *out)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < KCTX__COUNT; i++) {
		if (strcmp(kctx_names[i], name) == 0) {
			if (out)
				*out = (enum kctx)i;
			return 0;
		}
	}
	return -1;
}
