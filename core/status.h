/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * status.h - one list of status codes shared by client and server.
 *
 * A code's number and name never change meaning once released (curl style).
 * Add new codes at the end of STATUS_LIST only.  Messages come in Chinese
 * (default UI language) and English; status_msg() picks by i18n_get().
 */
#ifndef HOTLINE_CORE_STATUS_H
#define HOTLINE_CORE_STATUS_H

/* X(enum name, number, short machine name, zh message, en message) */
#define STATUS_LIST(X)                                                        \
	X(ST_OK, 0, "ok", "成功", "success")                                    \
	X(ST_NOMEM, 1, "no_memory", "内存不足", "out of memory")                \
	X(ST_TOO_LONG, 2, "too_long", "内容过长", "value too long")             \
	X(ST_INVALID, 3, "invalid", "无效的值", "invalid value")                \
	X(ST_BAD_UTF8, 4, "bad_utf8", "文本不是有效的 UTF-8",                  \
	  "text is not valid UTF-8")                                          \
	X(ST_NOT_FOUND, 5, "not_found", "未找到", "not found")                  \
	X(ST_EXISTS, 6, "exists", "已存在", "already exists")                   \
	X(ST_IO, 7, "io_error", "读写错误", "input/output error")               \
	X(ST_PARSE, 8, "parse_error", "语法错误", "syntax error")               \
	X(ST_UNKNOWN_ACTION, 9, "unknown_action", "未知的操作",               \
	  "unknown action")                                                   \
	X(ST_UNKNOWN_CONTEXT, 10, "unknown_context", "未知的上下文",          \
	  "unknown context")                                                  \
	X(ST_BAD_KEY, 11, "bad_key", "无法识别的按键名", "unrecognised key name") \
	X(ST_UNKNOWN_OPTION, 12, "unknown_option", "未知的选项",              \
	  "unknown option")                                                   \
	X(ST_TRANSITION_REFUSED, 13, "transition_refused",                      \
	  "当前状态不允许该操作", "transition not allowed in this state")      \
	X(ST_FORBIDDEN, 14, "forbidden", "无权执行该操作",                    \
	  "role may not do this")                                             \
	X(ST_NETWORK, 15, "network", "网络错误", "network error")               \
	X(ST_TIMEOUT, 16, "timeout", "请求超时", "request timed out")           \
	X(ST_SERVER, 17, "server_error", "服务器错误", "server error")         \
	X(ST_UNAUTHORIZED, 18, "unauthorized", "未登录或登录已失效",           \
	  "not logged in or session expired")                                 \
	X(ST_CONFLICT, 19, "conflict", "数据已被他人修改", "edit conflict")    \
	X(ST_TOO_DEEP, 20, "too_deep", "嵌套过深", "nested too deeply")

enum status {
#define STATUS_ENUM_(name, num, id, zh, en) name = num,
	STATUS_LIST(STATUS_ENUM_)
#undef STATUS_ENUM_
};

/* Message in the current UI language (see i18n.h).  Never NULL. */
const char *status_msg(enum status st);
/* Stable machine name ("transition_refused").  Never NULL. */
const char *status_name(enum status st);

#endif
