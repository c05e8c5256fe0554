/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.h - the training scenario language (hotline-scenario(5)).
 *
 * A scenario file describes one training call: a header (title, author,
 * ...), the call (caller number, desk, channel, persona, voice-assistant
 * hand-over), what the caller says, the scripted steps of a demo (keys,
 * text, ':' commands, pacing, pauses, chapters, waits) and the weighted
 * expectations a practice run is graded on (core/grade.h).
 *
 * This module only parses and checks the text; it owns no terminal and no
 * network.  Key names and command names are checked through optional
 * callbacks (the keymap lives above core/).  Every string in a parsed
 * scenario is owned by the struct and freed by scn_free().
 */
#ifndef HOTLINE_CORE_SCENARIO_H
#define HOTLINE_CORE_SCENARIO_H

#include <stddef.h>

#include "status.h"

#define SCN_MAX_FILE (256 * 1024) /* bytes */
#define SCN_MAX_LINE 2000         /* bytes, without the newline */
#define SCN_MAX_STEPS 2000
#define SCN_MAX_EXPECTS 100
#define SCN_MAX_WEIGHT 100
#define SCN_MAX_SECONDS 86400
#define SCN_DEFAULT_WAIT_S 30 /* wait-for without a timeout */
#define SCN_MAX_TICKETS 10    /* ticket directives */

enum scn_step_kind {
	SCN_SAY,     /* text: a caller line shown in the transcript */
	SCN_CHAPTER, /* text: a chapter title */
	SCN_KEY,     /* text: one key name ("C-x", "Enter", "F6") */
	SCN_TYPE,    /* text: typed as keystrokes */
	SCN_COMMAND, /* text: a command line without the ':' */
	SCN_SET,     /* arg: field code, text: value (command field) */
	SCN_SLEEP,   /* ms: pause that long, scaled by the speed */
	SCN_PAUSE,   /* stop until the trainer resumes */
	SCN_WAIT_FOR /* arg: event name, ms: timeout */
};

/* Events a wait-for step can wait for. */
#define SCN_EVENTS(X)                                                         \
	X(SCN_EV_RINGING, "ringing")                                            \
	X(SCN_EV_TALKING, "talking")                                            \
	X(SCN_EV_HOLD, "hold")                                                  \
	X(SCN_EV_ACW, "acw")                                                    \
	X(SCN_EV_ENDED, "ended")                                                \
	X(SCN_EV_TICKET, "ticket-saved")                                        \
	X(SCN_EV_IDLE, "idle")

enum scn_event {
#define SCN_EV_ENUM_(e, n) e,
	SCN_EVENTS(SCN_EV_ENUM_)
#undef SCN_EV_ENUM_
	SCN_EV__COUNT
};

struct scn_step {
	enum scn_step_kind kind;
	int line;   /* in the file, for messages */
	char *text; /* "" when none */
	char *arg;  /* "" when none */
	long ms;    /* sleep length, wait timeout */
	int event;  /* enum scn_event for SCN_WAIT_FOR */
	int n_say;  /* says before this step (the transcript length) */
};

/* Expectations, X(enum, directive word, argument: 0 none, 1 required,
 * 2 optional). */
#define SCN_CHECKS(X)                                                         \
	X(SCK_APPEAL_TYPE, "appeal_type", 1)                                    \
	X(SCK_CATEGORY, "category", 1)                                          \
	X(SCK_TOWN, "town", 1)                                                  \
	X(SCK_UNIT, "unit", 1)                                                  \
	X(SCK_HANDLING, "handling", 1)                                          \
	X(SCK_URGENCY, "urgency", 1)                                            \
	X(SCK_STATE, "state", 1)                                                \
	X(SCK_FIELD, "field", 1)                                                \
	X(SCK_KB_USED, "kb-used", 2)                                            \
	X(SCK_SMS_SENT, "sms-sent", 0)                                          \
	X(SCK_CHECKLIST, "checklist", 1)                                        \
	X(SCK_TIME_LIMIT, "time-limit", 1)                                      \
	X(SCK_TRANSFER_OUT, "transfer-out", 1)                                  \
	X(SCK_URGED, "urged", 0)                                                \
	X(SCK_TICKET, "ticket", 0)

enum scn_check_kind {
#define SCK_ENUM_(e, w, a) e,
	SCN_CHECKS(SCK_ENUM_)
#undef SCK_ENUM_
	SCK__COUNT
};

/* Script checklist items (expect checklist ...). */
#define SCN_CHECKLIST(X)                                                      \
	X(SCL_OPENING, "opening", "开场白", "您好，12345，工号××为您服务。")      \
	X(SCL_CONFIRM, "confirm", "确认诉求",                                  \
	  "您反映的是……，地点在……，希望……，对吗？")                              \
	X(SCL_CLOSING, "closing", "结束语并告知时限",                          \
	  "请问还有其他可以帮您的吗？感谢来电，再见。")

enum scn_checklist {
#define SCL_ENUM_(e, n, zh, script) e,
	SCN_CHECKLIST(SCL_ENUM_)
#undef SCL_ENUM_
	SCL__COUNT
};

struct scn_expect {
	enum scn_check_kind kind;
	int line;
	char *value; /* the expected value; "" when none (kb-used any) */
	long num;    /* time-limit seconds, kb-used article id (0: any),
		      * checklist item */
	int weight;
};

#define SCN_MAX_TICKET_EXTRA 20 /* code=value words of a ticket directive */

/*
 * An earlier open ticket of the caller (directive `ticket APPEAL CATEGORY
 * TOWN [CODE=VALUE ...] TITLE`): the runner creates it in the training
 * space, bound to the scenario's call, with the category's extra fields
 * given as CODE=VALUE, and transfers it (lead unit by the category's
 * owner and the town) before the call is worked, so the call screen's
 * history shows it (urge, repeated calls).
 */
struct scn_ticket {
	int line;
	char *appeal_type; /* CONSULT ... */
	char *category;    /* category code, 2-6 digits */
	char *town;        /* town code */
	char *title;       /* title and content */
	char **extra_code; /* the extra fields, n_extra of them */
	char **extra_value;
	size_t n_extra;
};

struct scenario {
	char *file;  /* as given, for messages */
	char *title; /* "" when none */
	char *description;
	char *author;
	int version; /* 0 when not given */

	char *caller; /* "" until the call directive */
	char *desk;   /* default GENERAL */
	char *channel; /* default PHONE */
	char *persona;
	char *ivr_intent; /* "" when no voice-assistant hand-over */
	char *ivr_text;

	struct scn_ticket *tickets; /* earlier tickets of the caller */
	size_t n_tickets;
	struct scn_step *steps;
	size_t n_steps;
	struct scn_expect *expects;
	size_t n_expects;
	size_t n_says; /* SCN_SAY steps */
	int max_score; /* sum of the weights */
};

/* Names are checked when the callbacks are given (NULL: any name). */
struct scn_opts {
	int practice; /* refuse a file without expectations */
	/* 1 when name is a key name (kkey_parse) */
	int (*key_ok)(const char *name, void *ud);
	/* 1 when the first word of a command line is a command */
	int (*command_ok)(const char *line, void *ud);
	void *ud;
};

/*
 * Parse text (len bytes) read from file (a name for messages).  On
 * ST_OK *out is filled (free with scn_free).  On an error *out is zeroed
 * and err gets "file:line: message" (the line is 0 for whole-file
 * errors: "file: message"); the status says what kind (ST_PARSE,
 * ST_TOO_LONG, ST_BAD_UTF8, ST_INVALID).
 */
enum status scn_parse(const char *text, size_t len, const char *file,
		      const struct scn_opts *opts, struct scenario *out,
		      char *err, size_t errcap);
/* Read and parse path (ST_IO with "file: reason" when it cannot be read). */
enum status scn_load(const char *path, const struct scn_opts *opts,
		     struct scenario *out, char *err, size_t errcap);
void scn_free(struct scenario *s);

const char *scn_check_word(enum scn_check_kind k);
const char *scn_event_name(enum scn_event e);
const char *scn_checklist_name(enum scn_checklist c);
const char *scn_checklist_label(enum scn_checklist c); /* Chinese */
const char *scn_checklist_script(enum scn_checklist c);
/* Checklist item by name; -1 when unknown. */
int scn_checklist_parse(const char *name);

#endif
