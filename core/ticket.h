/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticket.h - the ticket (工单) domain: enums and the one state machine.
 *
 * Client and server both use this file; the server enforces it, the client
 * uses it to offer only the actions that can succeed.  Wire names (JSON)
 * are the upper-case codes for enums and the lower-case names for actions.
 * See ../shared/DOMAIN.md §3-§4 and docs/states.md.
 */
#ifndef HOTLINE_CORE_TICKET_H
#define HOTLINE_CORE_TICKET_H

#include "status.h"

/* X(enum, wire name, zh label, en label) */
#define TK_STATE_LIST(X)                                                      \
	X(TK_DRAFT, "DRAFT", "受理中", "draft")                                \
	X(TK_CLOSED_DIRECT, "CLOSED_DIRECT", "直接办结", "closed directly")    \
	X(TK_PENDING_DISPATCH, "PENDING_DISPATCH", "待派单", "to dispatch")   \
	X(TK_TRANSFERRED_OUT, "TRANSFERRED_OUT", "已移交", "transferred out") \
	X(TK_NOT_ACCEPTED, "NOT_ACCEPTED", "不予受理", "not accepted")         \
	X(TK_INVALID, "INVALID", "无效", "invalid")                            \
	X(TK_MERGED, "MERGED", "已并单", "merged")                             \
	X(TK_PENDING_SIGN, "PENDING_SIGN", "待签收", "to sign")                \
	X(TK_HANDLING, "HANDLING", "办理中", "handling")                       \
	X(TK_RETURN_REQUESTED, "RETURN_REQUESTED", "申请退单", "return asked") \
	X(TK_REPLIED, "REPLIED", "已反馈", "replied")                          \
	X(TK_PENDING_VISIT, "PENDING_VISIT", "待回访", "to call back")         \
	X(TK_ARCHIVED, "ARCHIVED", "已归档", "archived")

enum tk_state {
#define TK_ENUM_(e, wire, zh, en) e,
	TK_STATE_LIST(TK_ENUM_) TK_STATE__COUNT
};

/* Roles.  X(enum, wire name, zh, en) */
#define ROLE_LIST(X)                                                          \
	X(ROLE_AGENT, "agent", "坐席", "agent")                                \
	X(ROLE_SUPERVISOR, "supervisor", "班长", "supervisor")                 \
	X(ROLE_TRAINER, "trainer", "培训师", "trainer")                        \
	X(ROLE_ADMIN, "admin", "管理员", "administrator")                      \
	X(ROLE_CTI, "cti", "话务接口", "telephony interface")                  \
	X(ROLE_DISPATCHER, "dispatcher", "派单员", "dispatcher")               \
	X(ROLE_UNIT, "unit", "承办单位", "handling unit")                      \
	X(ROLE_REVIEWER, "reviewer", "审核员", "reviewer")                     \
	X(ROLE_VISITOR, "visitor", "回访员", "call-back visitor")              \
	X(ROLE_KB_EDITOR, "kb_editor", "知识库编辑", "knowledge editor")       \
	X(ROLE_SYSTEM, "system", "系统", "system")

enum role {
	ROLE_LIST(TK_ENUM_) ROLE__COUNT
};

/*
 * Actions on a ticket.  X(enum, wire name, zh, en).  The transition table
 * (from states, to state, roles allowed) lives in ticket.c; docs/states.md
 * shows it.  Actions whose to-state is "same" (urge, supervise, ...) keep
 * the state and only add an event.
 */
#define TK_ACTION_LIST(X)                                                     \
	X(TKA_CLOSE_DIRECT, "close_direct", "直接办结", "close directly")      \
	X(TKA_TRANSFER, "transfer", "转办", "transfer")                        \
	X(TKA_DISPATCH_DIRECT, "dispatch_direct", "直派", "dispatch to unit") \
	X(TKA_TRANSFER_OUT, "transfer_out", "移交110/119/120/122/省平台",     \
	  "hand off to 110/119/120/122/province")                             \
	X(TKA_NOT_ACCEPT, "not_accept", "不予受理", "not accept")              \
	X(TKA_INVALIDATE, "invalidate", "无效", "mark invalid")                \
	X(TKA_MERGE, "merge", "并单", "merge")                                 \
	X(TKA_DISPATCH, "dispatch", "派单", "dispatch")                        \
	X(TKA_SIGN, "sign", "签收", "sign")                                    \
	X(TKA_REQUEST_RETURN, "request_return", "申请退单", "request return")  \
	X(TKA_APPROVE_RETURN, "approve_return", "同意退单", "approve return")  \
	X(TKA_REJECT_RETURN, "reject_return", "驳回退单", "reject return")     \
	X(TKA_REQUEST_EXTENSION, "request_extension", "申请延期",             \
	  "request extension")                                                \
	X(TKA_APPROVE_EXTENSION, "approve_extension", "同意延期",             \
	  "approve extension")                                                \
	X(TKA_REJECT_EXTENSION, "reject_extension", "驳回延期",               \
	  "reject extension")                                                 \
	X(TKA_REPLY, "reply", "反馈办理结果", "reply")                         \
	X(TKA_APPROVE_REPLY, "approve_reply", "审核通过", "approve reply")     \
	X(TKA_REJECT_REPLY, "reject_reply", "审核退回", "reject reply")        \
	X(TKA_VISIT, "visit", "回访", "record call-back")                      \
	X(TKA_REHANDLE, "rehandle", "重办", "rehandle")                        \
	X(TKA_ARCHIVE, "archive", "归档", "archive")                           \
	X(TKA_URGE, "urge", "催办", "urge")                                    \
	X(TKA_SUPERVISE, "supervise", "督办", "supervise")                     \
	X(TKA_REASSIGN, "reassign", "改派", "reassign")                        \
	X(TKA_REDISPATCH, "redispatch", "重新派单", "re-dispatch")             \
	X(TKA_MARK_OVERDUE, "mark_overdue", "标记超期", "mark overdue")

enum tk_action {
	TK_ACTION_LIST(TK_ENUM_) TK_ACTION__COUNT
};
#undef TK_ENUM_

/*
 * Check one transition.  On ST_OK stores the resulting state in *to
 * (equal to from for same-state actions).  Returns ST_TRANSITION_REFUSED
 * when the action is not allowed from that state (whatever the role), and
 * ST_FORBIDDEN when the state allows it but the role may not do it
 * (ST_INVALID for a value out of range; *to is only written on ST_OK,
 * and to may be NULL).
 * ROLE_ADMIN may do every allowed transition; ROLE_SYSTEM only mark_overdue.
 */
enum status tk_transition(enum tk_state from, enum tk_action act,
			  enum role who, enum tk_state *to);
/* 1 when work on the ticket is still to do: DRAFT and the open states
 * PENDING_DISPATCH, PENDING_SIGN, HANDLING, RETURN_REQUESTED, REPLIED,
 * PENDING_VISIT (those urge and supervise apply to).  0 for the final
 * states (CLOSED_DIRECT ... MERGED, ARCHIVED). */
int tk_state_is_open(enum tk_state s);

/* Wire-name lookups: 0 on success, -1 when unknown.  Names are exact. */
int tk_state_parse(const char *wire, enum tk_state *out);
int tk_action_parse(const char *wire, enum tk_action *out);
int role_parse(const char *wire, enum role *out);
/* Never NULL: "?" for a value out of range. */
const char *tk_state_wire(enum tk_state s);
const char *tk_action_wire(enum tk_action a);
const char *role_wire(enum role r);
/* Labels in the current UI language (i18n_get()); "?" when out of range. */
const char *tk_state_label(enum tk_state s);
const char *tk_action_label(enum tk_action a);
const char *role_label(enum role r);

/*
 * Other ticket enums: X(enum, wire name, zh, en).  Parsing and labels via
 * tk_enum_parse()/tk_enum_wire()/tk_enum_label() with the kind below.
 */
#define TK_CHANNEL_LIST(X)                                                    \
	X(CH_PHONE, "PHONE", "电话", "phone")                                  \
	X(CH_WEB, "WEB", "网站", "web")                                        \
	X(CH_WECHAT, "WECHAT", "微信", "WeChat")                               \
	X(CH_APP, "APP", "App", "app")                                         \
	X(CH_SMS, "SMS", "短信", "SMS")                                        \
	X(CH_PEOPLE_DAILY, "PEOPLE_DAILY", "人民网", "People's Daily board")   \
	X(CH_PROVINCE, "PROVINCE", "省平台", "provincial platform")            \
	X(CH_POLICE_110, "POLICE_110", "110联动", "110 link")                  \
	X(CH_MAILBOX, "MAILBOX", "市长信箱", "mayor's mailbox")

#define TK_DESK_LIST(X)                                                       \
	X(DESK_GENERAL, "GENERAL", "综合", "general")                          \
	X(DESK_ENTERPRISE, "ENTERPRISE", "企业服务", "enterprise")             \
	X(DESK_CARE, "CARE", "爱心", "care")                                   \
	X(DESK_DIALECT, "DIALECT", "方言", "dialect")                          \
	X(DESK_ONLINE, "ONLINE", "网络", "online")

#define TK_APPEAL_LIST(X)                                                     \
	X(AP_CONSULT, "CONSULT", "咨询", "consult")                            \
	X(AP_HELP, "HELP", "求助", "help")                                     \
	X(AP_COMPLAINT, "COMPLAINT", "投诉", "complaint")                      \
	X(AP_REPORT, "REPORT", "举报", "report")                               \
	X(AP_SUGGESTION, "SUGGESTION", "建议", "suggestion")                   \
	X(AP_PRAISE, "PRAISE", "表扬", "praise")                               \
	X(AP_OTHER, "OTHER", "其他", "other")

#define TK_URGENCY_LIST(X)                                                    \
	X(URG_NORMAL, "NORMAL", "一般", "normal")                              \
	X(URG_URGENT, "URGENT", "紧急", "urgent")                              \
	X(URG_IMMEDIATE, "IMMEDIATE", "特急", "immediate")

#define TK_MODE_LIST(X)                                                       \
	X(MODE_DIRECT, "DIRECT", "直接办结", "direct answer")                  \
	X(MODE_TRANSFER, "TRANSFER", "转办", "transfer")                       \
	X(MODE_TRANSFER_110, "TRANSFER_110", "转110", "to 110")                \
	X(MODE_TRANSFER_EMERGENCY, "TRANSFER_EMERGENCY", "转119/120/122",      \
	  "to 119/120/122")                                                   \
	X(MODE_TRANSFER_PROVINCE, "TRANSFER_PROVINCE", "转省平台",            \
	  "to province")                                                      \
	X(MODE_NOT_ACCEPTED, "NOT_ACCEPTED", "不予受理", "not accepted")       \
	X(MODE_INVALID, "INVALID", "无效", "invalid")                          \
	X(MODE_MERGED, "MERGED", "并单", "merged")

#define TK_CALLER_KIND_LIST(X)                                                \
	X(CK_PERSON, "PERSON", "个人", "person")                               \
	X(CK_ENTERPRISE, "ENTERPRISE", "企业", "enterprise")                   \
	X(CK_ORG, "ORG", "机构", "organisation")

enum tk_enum_kind {
	TKE_CHANNEL,
	TKE_DESK,
	TKE_APPEAL,
	TKE_URGENCY,
	TKE_MODE,
	TKE_CALLER_KIND,
	TKE__COUNT
};

#define TK_ENUM2_(e, wire, zh, en) e,
enum tk_channel { TK_CHANNEL_LIST(TK_ENUM2_) CH__COUNT };
enum tk_desk { TK_DESK_LIST(TK_ENUM2_) DESK__COUNT };
enum tk_appeal { TK_APPEAL_LIST(TK_ENUM2_) AP__COUNT };
enum tk_urgency { TK_URGENCY_LIST(TK_ENUM2_) URG__COUNT };
enum tk_mode { TK_MODE_LIST(TK_ENUM2_) MODE__COUNT };
enum tk_caller_kind { TK_CALLER_KIND_LIST(TK_ENUM2_) CK__COUNT };
#undef TK_ENUM2_

/* Returns the value (>= 0) for a wire name of that kind, -1 if unknown. */
int tk_enum_parse(enum tk_enum_kind kind, const char *wire);
/* NULL when value is out of range. */
const char *tk_enum_wire(enum tk_enum_kind kind, int value);
const char *tk_enum_label(enum tk_enum_kind kind, int value);
int tk_enum_count(enum tk_enum_kind kind);

/*
 * Ticket number: city prefix + yyyymmdd + 6-digit daily sequence,
 * e.g. "DG20261128000123".  Writes into out (cap >= 17).  Returns ST_OK,
 * ST_INVALID for a bad prefix (2-4 upper-case ASCII letters), a date
 * that does not exist (year 1000..9999) or seq out of 1..999999,
 * ST_TOO_LONG when cap is too small (out is "" on any error, cap > 0).
 */
enum status tk_format_no(char *out, unsigned long cap, const char *prefix,
			 int year, int month, int day, unsigned long seq);
/* 1 when s has the shape of a ticket number (letters + 14 digits). */
int tk_no_valid(const char *s);

#endif
