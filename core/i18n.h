/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n.h - UI language without gettext.
 *
 * All UI strings live in core/messages.def as X(id, zh, en).  The language
 * is a process-wide setting: Simplified Chinese by default, English when
 * configured ("set language en") or when the environment asks for it.
 * Works on a machine whose only UTF-8 locale is C.UTF-8: no catalogs, no
 * setlocale() dependency.
 */
#ifndef HOTLINE_CORE_I18N_H
#define HOTLINE_CORE_I18N_H

enum lang { LANG_ZH = 0, LANG_EN = 1 };

enum msg_id {
#define MSG_ENUM_(id, zh, en) id,
#include "messages.def"
#undef MSG_ENUM_
	MSG__COUNT
};

void i18n_set(enum lang l);
enum lang i18n_get(void);
/* "zh", "zh_CN", "chinese", "en", "en_US.UTF-8", "english" ... → 0 and *out;
 * anything else → -1. */
int i18n_parse(const char *name, enum lang *out);
/* From LANGUAGE, LC_ALL, LC_MESSAGES, LANG (first set wins): en* → LANG_EN,
 * otherwise LANG_ZH (C.UTF-8 and POSIX mean Chinese, our default). */
enum lang i18n_from_env(void);
/* Message in the current language; never NULL. */
const char *tr(enum msg_id id);
/* "zh" or "en". */
const char *i18n_name(enum lang l);

#endif
