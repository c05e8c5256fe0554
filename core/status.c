/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * status.c - names and messages of the status codes, from STATUS_LIST.
 */
#include "status.h"

#include <stddef.h>

#include "i18n.h"

struct status_info {
	const char *name;
	const char *msg[2]; /* indexed by enum lang */
};

static const struct status_info status_table[] = {
#define STATUS_INFO_(e, num, id, zh, en) [num] = {id, {zh, en}},
	STATUS_LIST(STATUS_INFO_)
#undef STATUS_INFO_
};

#define STATUS_N (sizeof(status_table) / sizeof(status_table[0]))

static const struct status_info *
status_find(enum status st)
{
	if ((unsigned)st >= STATUS_N || !status_table[st].name)
		return NULL;
	return &status_table[st];
}

const char *
status_msg(enum status st)
{
	const struct status_info *si = status_find(st);
	enum lang l = i18n_get();

	if (!si)
		return l == LANG_EN ? "unknown status" : "未知状态";
	return si->msg[l == LANG_EN ? LANG_EN : LANG_ZH];
}

const char *
status_name(enum status st)
{
	const struct status_info *si = status_find(st);

	return si ? si->name : "unknown";
}
