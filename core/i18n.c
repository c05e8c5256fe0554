/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n.c - the UI language: one process-wide setting and two string
 * tables generated from messages.def.
 */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const msgs_zh[] = {
#define MSG_ENUM_(id, zh, en) [id] = zh,
#include "messages.def"
#undef MSG_ENUM_
};

static const char *const msgs_en[] = {
#define MSG_ENUM_(id, zh, en) [id] = en,
#include "messages.def"
#undef MSG_ENUM_
};

static enum lang cur_lang = LANG_ZH;

void
i18n_set(enum lang l)
{
	cur_lang = l == LANG_EN ? LANG_EN : LANG_ZH;
}

enum lang
i18n_get(void)
{
	return cur_lang;
}

/*
 * The language part of a name: "zh_CN.UTF-8" → "zh", "en-US" → "en",
 * "english" → "english".  Returns its length (0 when too long to matter).
 */
static size_t
lang_code(const char *name, char *out, size_t cap)
{
	size_t n = strcspn(name, "_-.@:");

	if (n == 0 || n >= cap)
		return 0;
	memcpy(out, name, n);
	out[n] = '\0';
	return n;
}

int
i18n_parse(const char *name, enum lang *out)
{
	char code[16];

	if (!name || !lang_code(name, code, sizeof(code)))
		return -1;
	if (!strcasecmp(code, "zh") || !strcasecmp(code, "chinese") ||
	    !strcmp(code, "中文")) {
		*out = LANG_ZH;
		return 0;
	}
	if (!strcasecmp(code, "en") || !strcasecmp(code, "english") ||
	    !strcmp(code, "英文")) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

enum lang
i18n_from_env(void)
{
	static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
					   "LANG"};
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (!v || !*v)
			continue;
		/* LANGUAGE is a list ("en:zh"); its first entry decides. */
		return strncmp(v, "en", 2) == 0 ? LANG_EN : LANG_ZH;
	}
	return LANG_ZH;
}

const char *
tr(enum msg_id id)
{
	const char *s;

	if ((unsigned)id >= MSG__COUNT)
		return "?";
	s = cur_lang == LANG_EN ? msgs_en[id] : msgs_zh[id];
	if (!s || !*s)
		s = msgs_zh[id];
	return s ? s : "?";
}

const char *
i18n_name(enum lang l)
{
	return l == LANG_EN ? "en" : "zh";
}
