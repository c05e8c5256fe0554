/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config.c - options and the commands of the rc language: bind, unbind,
 * set and source.  Files, the compiled-in defaults and single lines (the
 * ':' command line) all go through config_exec_line().
 *
 * Messages are "WHERE: <status message> <detail>", the status message in
 * the current UI language (status_msg()) and the detail naming what was
 * wrong ('foo', the option and its value, the file).
 */
#include "keymap.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../core/i18n.h"
#include "../core/mem.h"
#include "../core/rc.h"
#include "../core/utf8.h"

/* How deep "source" may nest (a file sourced by the top file is 1). */
#define CONFIG_MAX_DEPTH 8

/* Pick the phrase of the current UI language. */
#define L(zh, en) (i18n_get() == LANG_EN ? (en) : (zh))

static const struct option_info options[] = {
#define OPT_INFO_(e, n, t, d, zh, en) {e, n, t, d, zh, en},
    OPTION_LIST(OPT_INFO_)
#undef OPT_INFO_
};

const struct option_info *
option_info(enum option_id id)
{
	if ((int)id < 0 || (int)id >= (int)OPT__COUNT)
		return NULL;
	return &options[id];
}

int
option_lookup(const char *name, enum option_id *out)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < OPT__COUNT; i++) {
		if (strcmp(options[i].name, name) == 0) {
			if (out)
				*out = (enum option_id)i;
			return 0;
		}
	}
	return -1;
}

const char *
option_help(enum option_id id)
{
	const struct option_info *oi = option_info(id);

	if (!oi)
		return "";
	return L(oi->help_zh, oi->help_en);
}

/* ---- options ------------------------------------------------------------ */

static void
abort_on_default_error(const char *msg, void *ud)
{
	(void)ud;
	fprintf(stderr, "hotline: bug in the compiled-in defaults: %s\n", msg);
	abort();
}

struct config *
config_new(void)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);
	int i;

	cfg->keys = kmap_new();
	for (i = 0; i < OPT__COUNT; i++)
		cfg->values[i] = xstrdup(options[i].def);
	cfg->depth = 0;
	/* The defaults must load without a single message: they are ours. */
	config_load_string(cfg, kmap_default_rc, "default.hotlinerc",
	                   abort_on_default_error, NULL);
	return cfg;
}

void
config_free(struct config *cfg)
{
	int i;

	if (!cfg)
		return;
	kmap_free(cfg->keys);
	for (i = 0; i < OPT__COUNT; i++)
		free(cfg->values[i]);
	free(cfg);
}

/* on/off/yes/no/true/false/1/0 → 1/0; -1 otherwise. */
static int
parse_bool(const char *v)
{
	static const char *const yes[] = {"on", "yes", "true", "1"};
	static const char *const no[] = {"off", "no", "false", "0"};
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Non-negative decimal without sign or blanks; -1 when not. */
static long
parse_uint(const char *v)
{
	const char *p;
	char *end;
	long n;

	if (*v == '\0')
		return -1;
	for (p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || n > INT_MAX)
		return -1;
	return n;
}

enum status
config_set(struct config *cfg, const char *name, const char *value)
{
	enum option_id id;
	char *nv;
	long n;
	int b;

	if (!cfg || option_lookup(name, &id) != 0)
		return ST_UNKNOWN_OPTION;
	if (!value)
		return ST_INVALID;
	if (!u8_valid(value, strlen(value)))
		return ST_BAD_UTF8;
	switch (options[id].type) {
	case 'b':
		b = parse_bool(value);
		if (b < 0)
			return ST_INVALID;
		nv = xstrdup(b ? "on" : "off");
		break;
	case 'i':
		n = parse_uint(value);
		if (n < 0)
			return ST_INVALID;
		nv = xasprintf("%ld", n);
		break;
	default:
		if (id == OPT_LANGUAGE && strcmp(value, "") != 0 &&
		    strcmp(value, "zh") != 0 && strcmp(value, "en") != 0)
			return ST_INVALID;
		nv = xstrdup(value);
		break;
	}
	free(cfg->values[id]);
	cfg->values[id] = nv;
	return ST_OK;
}

const char *
config_get(const struct config *cfg, enum option_id id)
{
	if (!cfg || (int)id < 0 || (int)id >= (int)OPT__COUNT)
		return "";
	return cfg->values[id];
}

int
config_get_bool(const struct config *cfg, enum option_id id)
{
	return parse_bool(config_get(cfg, id)) == 1;
}

long
config_get_int(const struct config *cfg, enum option_id id)
{
	long n = parse_uint(config_get(cfg, id));

	return n < 0 ? 0 : n;
}

/* ---- messages ----------------------------------------------------------- */

/* Calls err with "WHERE: <status message>[ DETAIL]". */
static enum status
report(rc_error_fn err, void *ud, const char *where, enum status st,
       const char *detail)
{
	char *msg;

	if (!err)
		return st;
	if (!detail)
		detail = "";
	if (where && *where)
		msg = xasprintf("%s: %s%s%s", where, status_msg(st),
		                *detail ? " " : "", detail);
	else
		msg = xasprintf("%s%s%s", status_msg(st), *detail ? " " : "",
		                detail);
	err(msg, ud);
	free(msg);
	return st;
}

/* Like report() with a detail that is freed here. */
static enum status
report_free(rc_error_fn err, void *ud, const char *where, enum status st,
            char *detail)
{
	report(err, ud, where, st, detail);
	free(detail);
	return st;
}

static enum status
usage(rc_error_fn err, void *ud, const char *where, enum action a)
{
	const struct action_info *ai = action_info(a);

	return report_free(
	    err, ud, where, ST_PARSE,
	    xasprintf("(%s: %s %s)", L("用法", "usage"), ai->name, ai->args));
}

/* "global, login, list, detail, help" */
static char *
context_names(void)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = 0; i < KCTX__COUNT; i++)
		(void)buf_printf(&b, "%s%s", i ? ", " : "",
		                 kctx_name((enum kctx)i));
	return buf_steal(&b);
}

/* ---- bind / unbind ------------------------------------------------------ */

struct overlap {
	enum kctx ctx;
	const char *name;
	char found[80];
};

static int
name_prefix(const char *shorter, const char *longer)
{
	size_t n = strlen(shorter);

	return strncmp(shorter, longer, n) == 0 && longer[n] == ' ';
}

static void
find_overlap(enum kctx ctx, const char *keys, const char *command, void *ud)
{
	struct overlap *o = ud;

	(void)command;
	if (ctx != o->ctx || o->found[0])
		return;
	if (name_prefix(keys, o->name) || name_prefix(o->name, keys))
		snprintf(o->found, sizeof o->found, "%s", keys);
}

static enum status
bind_error(struct config *cfg, enum status st, struct rc_words *w,
           const char *where, rc_error_fn err, void *ud)
{
	struct kkey seq[KMAP_MAX_SEQ];
	struct overlap o;
	size_t n;
	char *names;

	switch (st) {
	case ST_UNKNOWN_CONTEXT:
		names = context_names();
		report_free(err, ud, where, st,
		            xasprintf("'%s' (%s)", w->v[1], names));
		free(names);
		return st;
	case ST_BAD_KEY:
		return report_free(err, ud, where, st,
		                   xasprintf("'%s'", w->v[2]));
	case ST_UNKNOWN_ACTION:
		if (strcmp(w->v[3], "none") == 0)
			return report_free(
			    err, ud, where, st,
			    xasprintf("'none' (%s)",
			              L("解除绑定请用 unbind",
			                "use unbind to remove a key")));
		return report_free(err, ud, where, st,
		                   xasprintf("'%s'", w->v[3]));
	case ST_EXISTS:
		memset(&o, 0, sizeof o);
		o.name = "";
		if (kctx_parse(w->v[1], &o.ctx) == 0 &&
		    kkey_parse_seq(w->v[2], seq, &n) == ST_OK) {
			char canon[80];

			if (kkey_seq_name(seq, n, canon, sizeof canon) ==
			    ST_OK) {
				o.name = canon;
				kmap_each(cfg->keys, find_overlap, &o);
			}
		}
		if (i18n_get() == LANG_EN)
			return report_free(
			    err, ud, where, st,
			    xasprintf("'%s' (overlaps '%s' in context %s;"
			              " unbind that first)",
			              w->v[2], o.found, w->v[1]));
		return report_free(
		    err, ud, where, st,
		    xasprintf("'%s' (与上下文 %s 中的 '%s' 冲突，"
		              "请先 unbind)",
		              w->v[2], w->v[1], o.found));
	default:
		return report_free(err, ud, where, st,
		                   xasprintf("'%s'", w->v[3]));
	}
}

static enum status
cmd_bind(struct config *cfg, struct rc_words *w, const char *where,
         rc_error_fn err, void *ud)
{
	enum status st;
	char *command;

	if (w->n < 4)
		return usage(err, ud, where, ACT_BIND);
	command = rc_join(w->v + 3, w->n - 3);
	st = kmap_bind(cfg->keys, w->v[1], w->v[2], command);
	free(command);
	if (st != ST_OK)
		return bind_error(cfg, st, w, where, err, ud);
	return ST_OK;
}

static enum status
cmd_unbind(struct config *cfg, struct rc_words *w, const char *where,
           rc_error_fn err, void *ud)
{
	enum status st;
	char *names;

	if (w->n != 3)
		return usage(err, ud, where, ACT_UNBIND);
	st = kmap_unbind(cfg->keys, w->v[1], w->v[2]);
	switch (st) {
	case ST_OK:
		return ST_OK;
	case ST_UNKNOWN_CONTEXT:
		names = context_names();
		report_free(err, ud, where, st,
		            xasprintf("'%s' (%s)", w->v[1], names));
		free(names);
		return st;
	case ST_NOT_FOUND:
		return report_free(err, ud, where, st,
		                   xasprintf("'%s' (%s %s)", w->v[2],
		                             L("上下文", "in context"),
		                             w->v[1]));
	default:
		return report_free(err, ud, where, st,
		                   xasprintf("'%s'", w->v[2]));
	}
}

/* ---- set ---------------------------------------------------------------- */

static enum status
cmd_set(struct config *cfg, struct rc_words *w, const char *where,
        rc_error_fn err, void *ud)
{
	enum option_id id;
	enum status st;
	const char *want;

	if (w->n != 3)
		return usage(err, ud, where, ACT_SET);
	st = config_set(cfg, w->v[1], w->v[2]);
	if (st == ST_OK)
		return ST_OK;
	if (st == ST_UNKNOWN_OPTION || option_lookup(w->v[1], &id) != 0)
		return report_free(err, ud, where, st,
		                   xasprintf("'%s'", w->v[1]));
	switch (options[id].type) {
	case 'b':
		want = "on/off, yes/no, true/false, 1/0";
		break;
	case 'i':
		want = L("非负整数", "a non-negative integer");
		break;
	default:
		want = id == OPT_LANGUAGE ? L("zh、en 或空", "zh, en or empty")
		                          : L("文本", "text");
		break;
	}
	return report_free(err, ud, where, st,
	                   xasprintf("'%s' (%s: %s)", w->v[2], w->v[1], want));
}

/* ---- source ------------------------------------------------------------- */

static const char *
home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return h;
	pw = getpwuid(getuid());
	if (pw && pw->pw_dir)
		return pw->pw_dir;
	return "/";
}

/* The file part of "FILE:LINE" (malloc'd), NULL when where has no line. */
static char *
where_file(const char *where)
{
	const char *colon, *p;

	if (!where)
		return NULL;
	colon = strrchr(where, ':');
	if (!colon || colon == where || colon[1] == '\0')
		return NULL;
	for (p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	return xstrndup(where, (size_t)(colon - where));
}

/* ~/ expanded; relative paths relative to the including file's directory
 * (taken from where), or to the working directory without one. */
static char *
resolve_path(const char *path, const char *where)
{
	char *file, *slash, *r;

	if (strcmp(path, "~") == 0)
		return xstrdup(home_dir());
	if (strncmp(path, "~/", 2) == 0)
		return xasprintf("%s/%s", home_dir(), path + 2);
	if (path[0] == '/')
		return xstrdup(path);
	file = where_file(where);
	if (!file)
		return xstrdup(path);
	slash = strrchr(file, '/');
	if (!slash) {
		free(file);
		return xstrdup(path);
	}
	slash[1] = '\0';
	r = xasprintf("%s%s", file, path);
	free(file);
	return r;
}

static enum status load_stream(struct config *cfg, FILE *f, const char *name,
                               rc_error_fn err, void *ud, int *read_errno);

static enum status
cmd_source(struct config *cfg, struct rc_words *w, const char *where,
           rc_error_fn err, void *ud)
{
	enum status st;
	char *path;
	FILE *f;
	int e = 0;

	if (w->n != 2)
		return usage(err, ud, where, ACT_SOURCE);
	path = resolve_path(w->v[1], where);
	if (cfg->depth >= CONFIG_MAX_DEPTH) {
		report_free(
		    err, ud, where, ST_TOO_DEEP,
		    xasprintf("'%s' (%s %d)", path,
		              L("source 最多嵌套", "source nests at most"),
		              CONFIG_MAX_DEPTH));
		free(path);
		return ST_TOO_DEEP;
	}
	f = fopen(path, "r");
	if (!f) {
		report_free(err, ud, where, ST_IO,
		            xasprintf("'%s' (%s)", path, strerror(errno)));
		free(path);
		return ST_IO;
	}
	cfg->depth++;
	st = load_stream(cfg, f, path, err, ud, &e);
	cfg->depth--;
	fclose(f);
	if (st != ST_OK)
		report_free(err, ud, where, st,
		            xasprintf("'%s' (%s)", path, strerror(e)));
	free(path);
	return st;
}

/* ---- lines and files ---------------------------------------------------- */

enum status
config_exec_line(struct config *cfg, const char *line, const char *where,
                 rc_error_fn err, void *ud)
{
	struct rc_words w;
	const char *why = NULL;
	enum status st;
	enum action a;

	if (!cfg)
		return ST_INVALID;
	st = rc_split(line, &w, &why);
	if (st != ST_OK)
		return report_free(err, ud, where, st, xasprintf("(%s)", why));
	if (w.n == 0) {
		rc_words_free(&w);
		return ST_OK;
	}
	a = action_lookup(w.v[0]);
	switch (a) {
	case ACT_BIND:
		st = cmd_bind(cfg, &w, where, err, ud);
		break;
	case ACT_UNBIND:
		st = cmd_unbind(cfg, &w, where, err, ud);
		break;
	case ACT_SET:
		st = cmd_set(cfg, &w, where, err, ud);
		break;
	case ACT_SOURCE:
		st = cmd_source(cfg, &w, where, err, ud);
		break;
	case ACT_NONE:
		st = report_free(err, ud, where, ST_UNKNOWN_ACTION,
		                 xasprintf("'%s'", w.v[0]));
		break;
	default:
		st = report_free(
		    err, ud, where, ST_UNKNOWN_ACTION,
		    xasprintf("'%s' (%s)", w.v[0],
		              L("配置文件中只能用 bind、unbind、set、"
		                "source",
		                "an rc file may only use bind, unbind, "
		                "set and source")));
		break;
	}
	rc_words_free(&w);
	return st;
}

/* Runs one physical line (newline and CR already gone) of name. */
static void
exec_numbered(struct config *cfg, const char *line, size_t len,
              const char *name, unsigned long lineno, rc_error_fn err, void *ud)
{
	char *where = xasprintf("%s:%lu", name, lineno);

	if (memchr(line, '\0', len))
		report(err, ud, where, ST_INVALID,
		       L("(行中有 NUL 字节)", "(NUL byte in the line)"));
	else
		config_exec_line(cfg, line, where, err, ud);
	free(where);
}

static enum status
load_stream(struct config *cfg, FILE *f, const char *name, rc_error_fn err,
            void *ud, int *read_errno)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	enum status st = ST_OK;

	errno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		exec_numbered(cfg, line, (size_t)len, name, lineno, err, ud);
		errno = 0;
	}
	if (ferror(f)) {
		*read_errno = errno ? errno : EIO;
		st = ST_IO;
	}
	free(line);
	return st;
}

enum status
config_load_file(struct config *cfg, const char *path, rc_error_fn err,
                 void *ud)
{
	enum status st;
	FILE *f;
	int e = 0;

	if (!cfg || !path)
		return ST_INVALID;
	f = fopen(path, "r");
	if (!f)
		return report_free(err, ud, path, ST_IO,
		                   xasprintf("(%s)", strerror(errno)));
	st = load_stream(cfg, f, path, err, ud, &e);
	fclose(f);
	if (st != ST_OK)
		report_free(err, ud, path, st, xasprintf("(%s)", strerror(e)));
	return st;
}

enum status
config_load_string(struct config *cfg, const char *text, const char *name,
                   rc_error_fn err, void *ud)
{
	const char *p, *nl;
	unsigned long lineno = 0;
	size_t len;
	char *line;

	if (!cfg || !text)
		return ST_INVALID;
	if (!name)
		name = "-";
	for (p = text; *p; p = nl ? nl + 1 : p + len) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		lineno++;
		line = xstrndup(p, len);
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		exec_numbered(cfg, line, len, name, lineno, err, ud);
		free(line);
		if (!nl)
			break;
	}
	return ST_OK;
}
