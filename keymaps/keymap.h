/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keymap.h - actions, key names, keymaps, options and the rc language.
 *
 * No curses here: keys are our own codes (struct kkey below); tui/
 * translates curses input into them.  Bindings map a key sequence in a
 * context to a *command line* ("quit", "set language en", ...), so keys,
 * the ':' line, rc files and scripts all run through one command layer.
 *
 * Defaults ship as keymaps/default.hotlinerc, compiled into the binary and
 * loaded through the same parser as the user's rc file.
 */
#ifndef HOTLINE_KEYMAPS_KEYMAP_H
#define HOTLINE_KEYMAPS_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/status.h"

/* Contexts, X(enum, name).  Lookup falls back to KCTX_GLOBAL. */
#define KCTX_LIST(X)                                                          \
	X(KCTX_GLOBAL, "global")                                               \
	X(KCTX_LOGIN, "login")                                                 \
	X(KCTX_LIST, "list")                                                   \
	X(KCTX_DETAIL, "detail")                                               \
	X(KCTX_HELP, "help")                                                   \
	X(KCTX_CALL, "call")                                                   \
	X(KCTX_WRAPUP, "wrapup")                                               \
	X(KCTX_PICKER, "picker")                                               \
	X(KCTX_CONFIRM, "confirm")                                             \
	X(KCTX_KB, "kb")                                                       \
	X(KCTX_INTAKE, "intake")                                               \
	X(KCTX_KBEDIT, "kbedit")                                               \
	X(KCTX_BOARD, "board") /* issue #6: the supervisor board */

enum kctx {
#define KCTX_ENUM_(e, n) e,
	KCTX_LIST(KCTX_ENUM_)
#undef KCTX_ENUM_
	KCTX__COUNT
};

enum action {
	ACT_NONE = 0,
#define ACTION_(e, name, ctx, args, zh, en) e,
#include "actions.def"
#undef ACTION_
	ACT__COUNT
};

struct action_info {
	enum action id;
	const char *name;
	enum kctx ctx;
	const char *args;
	const char *help_zh;
	const char *help_en;
};

/* Registry access.  action_info(ACT_NONE) is NULL. */
const struct action_info *action_info(enum action a);
/* Exact name → action; ACT_NONE when unknown. */
enum action action_lookup(const char *name);
/* Help text in the current UI language. */
const char *action_help(enum action a);
const char *kctx_name(enum kctx c);
int kctx_parse(const char *name, enum kctx *out); /* 0 ok, -1 unknown */
/* The action of a command line: its first word (rc syntax) looked up;
 * ACT_NONE when the line is empty, unparsable or names no action. */
enum action action_of_command(const char *command);

/*
 * Keys.  code: a Unicode code point for text keys (C-x is 0x18, the
 * control character; Enter is KK_ENTER, not '\r'), or KK_* for special
 * keys.  mods: KM_META for Alt/Meta (ESC prefix).
 */
enum kkey_special {
	KK_BASE = 0x110000,
	KK_UP = KK_BASE, KK_DOWN, KK_LEFT, KK_RIGHT, KK_HOME, KK_END,
	KK_PGUP, KK_PGDN, KK_INSERT, KK_DELETE, KK_BACKSPACE, KK_ENTER,
	KK_TAB, KK_BTAB, KK_ESC, KK_SPACE, KK_RESIZE,
	KK_F1, /* KK_F1 + n - 1 for Fn, n = 1..12 */
	KK_F12 = KK_F1 + 11,
	KK__END
};
enum kkey_mods { KM_META = 1 };

struct kkey {
	uint32_t code;
	unsigned mods;
};

/* "C-x", "M-x", "F5", "Enter", "Tab", "S-Tab", "PgDn", "Up", "Esc",
 * "Space", "Backspace", "Delete", "Home", "End", "<", "工" ... → key.
 * Case-insensitive for names.  Returns ST_OK or ST_BAD_KEY. */
enum status kkey_parse(const char *name, struct kkey *out);
/* Canonical name into out (cap >= 32): inverse of kkey_parse. */
enum status kkey_name(struct kkey k, char *out, size_t cap);
/* Parse a space-separated sequence ("g t") of at most KMAP_MAX_SEQ keys. */
#define KMAP_MAX_SEQ 4
enum status kkey_parse_seq(const char *spec, struct kkey *out, size_t *n);
/* Canonical space-separated name of n (1..KMAP_MAX_SEQ) keys into out
 * (cap >= 64 always fits).  ST_OK, ST_BAD_KEY or ST_TOO_LONG. */
enum status kkey_seq_name(const struct kkey *keys, size_t n, char *out,
			  size_t cap);
/* The control codes terminals send for Tab (C-i), Enter (C-m, C-j), Esc,
 * Backspace (DEL) and the space bar become KK_TAB, KK_ENTER, KK_ESC,
 * KK_BACKSPACE and KK_SPACE; other keys are returned unchanged.  Parsing,
 * naming and lookup all normalise, so tui/ may pass either form. */
struct kkey kkey_norm(struct kkey k);
/* 1 for a key that types text in an input field: a character or Space,
 * without Meta.  Such keys are never bound in global or login by the
 * defaults (they would steal typed letters on the login screen). */
int kkey_is_text(struct kkey k);

struct keymap; /* opaque */

struct keymap *kmap_new(void); /* empty; see config_new() for defaults */
void kmap_free(struct keymap *km);
/* Bind a sequence in a context to a command line (copied). Rebinding
 * replaces.  Returns ST_OK, ST_BAD_KEY, ST_UNKNOWN_CONTEXT,
 * ST_UNKNOWN_ACTION (the command's first word is no action; "none" is
 * none either: use kmap_unbind) or ST_EXISTS (the sequence and another
 * binding of the same context are a prefix of one another, e.g. "g" and
 * "g t"; unbind the other first). */
enum status kmap_bind(struct keymap *km, const char *ctx, const char *keys,
		      const char *command);
/* ST_OK, ST_UNKNOWN_CONTEXT, ST_BAD_KEY or ST_NOT_FOUND.  Removes the
 * binding of that context only: a binding of the same keys in global is
 * not hidden and becomes reachable again. */
enum status kmap_unbind(struct keymap *km, const char *ctx, const char *keys);

enum kmap_match {
	KMAP_NONE,   /* no binding starts with these keys */
	KMAP_PREFIX, /* more keys needed */
	KMAP_FOUND   /* *command set (owned by the keymap) */
};
/* Looks in ctx, then in KCTX_GLOBAL. */
enum kmap_match kmap_lookup(const struct keymap *km, enum kctx ctx,
			    const struct kkey *keys, size_t n,
			    const char **command);

/* Enumerate bindings (for help, --dump-keys): calls fn for each binding in
 * a stable order (context, then key name).  keys is the canonical
 * space-separated key name sequence. */
typedef void (*kmap_each_fn)(enum kctx ctx, const char *keys,
			     const char *command, void *ud);
void kmap_each(const struct keymap *km, kmap_each_fn fn, void *ud);
/* Keys bound to a command (first match, canonical name) into out, "" if none. */
void kmap_keys_for(const struct keymap *km, enum kctx ctx, const char *command,
		   char *out, size_t cap);

/* Options, set with "set NAME VALUE".  X(enum, name, type, default, zh, en)
 * type: 's' string, 'b' boolean (on/off/yes/no/true/false/1/0),
 * 'i' non-negative integer. */
#define OPTION_LIST(X)                                                        \
	X(OPT_LANGUAGE, "language", 's', "", "界面语言 zh 或 en",            \
	  "UI language, zh or en")                                            \
	X(OPT_SERVER, "server", 's', "http://127.0.0.1:8345",                 \
	  "后台服务地址", "backend URL")                                      \
	X(OPT_USER, "user", 's', "", "默认登录工号", "default login name")     \
	X(OPT_COLOR, "color", 'b', "on", "彩色显示", "use colours")            \
	X(OPT_PAGE_SIZE, "page-size", 'i', "50", "每页工单数",               \
	  "tickets per page")                                                 \
	X(OPT_TIMEOUT, "timeout", 'i', "10", "请求超时(秒)",                   \
	  "request timeout (seconds)")

enum option_id {
#define OPT_ENUM_(e, n, t, d, zh, en) e,
	OPTION_LIST(OPT_ENUM_)
#undef OPT_ENUM_
	OPT__COUNT
};

struct option_info {
	enum option_id id;
	const char *name;
	char type; /* 's', 'b' or 'i' */
	const char *def;
	const char *help_zh;
	const char *help_en;
};
/* Registry of options (NULL for an id out of range). */
const struct option_info *option_info(enum option_id id);
int option_lookup(const char *name, enum option_id *out); /* 0 ok, -1 */
const char *option_help(enum option_id id); /* current UI language */

/* The whole client configuration: keymap + option values. */
struct config {
	struct keymap *keys;
	char *values[OPT__COUNT]; /* owned, never NULL after config_new() */
	int depth;                /* source nesting, bounded */
};

/* Options at their defaults and the compiled-in default bindings. */
struct config *config_new(void);
void config_free(struct config *cfg);
enum status config_set(struct config *cfg, const char *name,
		       const char *value);
const char *config_get(const struct config *cfg, enum option_id id);
int config_get_bool(const struct config *cfg, enum option_id id);
long config_get_int(const struct config *cfg, enum option_id id);

/* Errors while loading: "file:line: message" (already formatted). */
typedef void (*rc_error_fn)(const char *msg, void *ud);
/*
 * Run one rc line (bind/unbind/set/source; '#' comments; blank lines).
 * where is "file:line" for messages.  Returns ST_OK or the error status
 * after calling err.  Other commands → ST_UNKNOWN_ACTION with a message.
 */
enum status config_exec_line(struct config *cfg, const char *line,
			     const char *where, rc_error_fn err, void *ud);
/* Load a file; every bad line reported through err, loading continues.
 * Returns ST_OK when the file was read (even with bad lines), ST_IO when
 * it could not be opened (reported through err too). */
enum status config_load_file(struct config *cfg, const char *path,
			     rc_error_fn err, void *ud);
/* Load rc text from memory (the compiled-in defaults), name for messages. */
enum status config_load_string(struct config *cfg, const char *text,
			       const char *name, rc_error_fn err, void *ud);

/* Compiled-in default rc text (generated from keymaps/default.hotlinerc). */
extern const char kmap_default_rc[];

#endif
