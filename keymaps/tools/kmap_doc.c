/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kmap_doc.c - build/kmap-doc: documentation from the action registry.
 *
 *   kmap-doc --mdoc-table            mdoc list of every action for
 *                                    hotlinerc(5): name, arguments,
 *                                    context, default keys, English help
 *   kmap-doc --list-options          one line per option: NAME TYPE DEFAULT
 *   kmap-doc --check-examples FILE   run every line of the literal
 *                                    displays in FILE's EXAMPLES section
 *                                    through config_exec_line(); errors as
 *                                    FILE:LINE: message, exit 1 on any
 *
 * The man page table therefore cannot miss an action or show a key that
 * the compiled-in defaults do not bind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/i18n.h"
#include "../../core/mem.h"
#include "../../core/utf8.h"
#include "../keymap.h"

/* ---- --mdoc-table ------------------------------------------------------- */

struct bnd {
	enum kctx ctx;
	char *keys;
	char *command;
};

struct bnd_list {
	struct bnd *v;
	size_t n, cap;
};

static void
collect(enum kctx ctx, const char *keys, const char *command, void *ud)
{
	struct bnd_list *l = ud;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].ctx = ctx;
	l->v[l->n].keys = xstrdup(keys);
	l->v[l->n].command = xstrdup(command);
	l->n++;
}

/* Text with roff's special characters escaped; for text lines and
 * quoted macro arguments. */
static void
put_escaped(const char *s, int in_quotes)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '"' && in_quotes)
			fputs("\\(dq", stdout);
		else
			putchar(*s);
	}
}

/* A text line (never starting a request). */
static void
text_line(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	put_escaped(s, 0);
	putchar('\n');
}

static void
put_args(const char *args)
{
	char *copy = xstrdup(args), *save = NULL, *w;

	for (w = strtok_r(copy, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(w);

		if (n > 2 && w[0] == '[' && w[n - 1] == ']') {
			w[n - 1] = '\0';
			printf(" Op Ar %s", w + 1);
		} else {
			printf(" Ar %s", w);
		}
	}
	free(copy);
}

/* One key of an action: its keys, command and the contexts binding it. */
struct key_use {
	const char *keys;
	const char *command;
	unsigned ctxmask;
	int group; /* index of the first key_use of its group */
};

static void
put_ctxmask(unsigned mask)
{
	int c, first = 1;

	for (c = 0; c < KCTX__COUNT; c++) {
		if (!(mask & (1u << c)))
			continue;
		printf("%s%s", first ? "" : ", ", kctx_name((enum kctx)c));
		first = 0;
	}
}

/* "Default keys:" followed by the keys grouped by the contexts binding
 * them: "C-b, PgUp (global); k (list, detail, help)." */
static void
put_keys(const struct bnd_list *l, enum action a)
{
	const struct action_info *ai = action_info(a);
	struct key_use *u = xcalloc(l->n ? l->n : 1, sizeof *u);
	size_t i, j, nu = 0, ngroups = 0, done = 0;

	for (i = 0; i < l->n; i++) {
		if (action_of_command(l->v[i].command) != a)
			continue;
		for (j = 0; j < nu; j++)
			if (strcmp(u[j].keys, l->v[i].keys) == 0 &&
			    strcmp(u[j].command, l->v[i].command) == 0)
				break;
		if (j == nu) {
			u[nu].keys = l->v[i].keys;
			u[nu].command = l->v[i].command;
			nu++;
		}
		u[j].ctxmask |= 1u << l->v[i].ctx;
	}
	if (nu == 0) {
		free(u);
		text_line("No default key.");
		return;
	}
	for (i = 0; i < nu; i++) {
		u[i].group = (int)i;
		for (j = 0; j < i; j++) {
			if (u[j].ctxmask == u[i].ctxmask &&
			    strcmp(u[j].command, u[i].command) == 0) {
				u[i].group = u[j].group;
				break;
			}
		}
		if (u[i].group == (int)i)
			ngroups++;
	}
	text_line(nu == 1 ? "Default key:" : "Default keys:");
	for (i = 0; i < nu; i++) {
		int more = 0;

		if (u[i].group != (int)i)
			continue;
		for (j = i; j < nu; j++) {
			if (u[j].group != (int)i)
				continue;
			if (more)
				fputs(" ,\n", stdout);
			fputs(".Cm \"\\&", stdout);
			put_escaped(u[j].keys, 1);
			putchar('"');
			more = 1;
		}
		fputs("\n(", stdout);
		put_ctxmask(u[i].ctxmask);
		if (strcmp(u[i].command, ai->name) != 0) {
			fputs(", as ", stdout);
			put_escaped(u[i].command, 0);
		}
		done++;
		printf(")%s\n", done == ngroups ? "." : ";");
	}
	free(u);
}

static int
mdoc_table(void)
{
	struct config *cfg = config_new();
	struct bnd_list l = {NULL, 0, 0};
	size_t i;
	int a;

	kmap_each(cfg->keys, collect, &l);
	puts(".Bl -tag -width Ds");
	for (a = ACT_NONE + 1; a < ACT__COUNT; a++) {
		const struct action_info *ai = action_info((enum action)a);
		char *help;

		printf(".It Ic %s", ai->name);
		put_args(ai->args);
		putchar('\n');
		help = xasprintf("%s.", ai->help_en);
		text_line(help);
		free(help);
		if (ai->ctx == KCTX_GLOBAL)
			text_line("Context: any.");
		else
			printf("Context:\n.Cm %s .\n", kctx_name(ai->ctx));
		put_keys(&l, (enum action)a);
	}
	puts(".El");
	for (i = 0; i < l.n; i++) {
		free(l.v[i].keys);
		free(l.v[i].command);
	}
	free(l.v);
	config_free(cfg);
	return 0;
}

/* ---- --list-options ----------------------------------------------------- */

static int
list_options(void)
{
	int i;

	for (i = 0; i < OPT__COUNT; i++) {
		const struct option_info *oi = option_info((enum option_id)i);
		const char *type = oi->type == 'b'   ? "boolean"
		                   : oi->type == 'i' ? "integer"
		                                     : "string";

		printf("%s\t%s\t%s\n", oi->name, type, oi->def);
	}
	return 0;
}

/* ---- --check-examples --------------------------------------------------- */

struct check {
	unsigned errors;
};

static void
print_error(const char *msg, void *ud)
{
	struct check *c = ud;

	c->errors++;
	fprintf(stderr, "%s\n", msg);
}

/* The roff escapes an example may use, undone.  Returns a malloc'd
 * string, or NULL (with *bad set) on an escape we do not know. */
static char *
unescape(const char *s, const char **bad)
{
	static const struct {
		const char *esc;
		const char *text;
	} table[] = {
	    {"\\e", "\\"},   {"\\\\", "\\"},   {"\\&", ""},     {"\\-", "-"},
	    {"\\(dq", "\""}, {"\\(aq", "'"},   {"\\(ga", "`"},  {"\\(ti", "~"},
	    {"\\(ha", "^"},  {"\\[dq]", "\""}, {"\\[aq]", "'"},
	};
	struct buf b;
	size_t i, n;

	buf_init(&b, 0);
	while (*s) {
		if (*s != '\\') {
			(void)buf_putc(&b, *s++);
			continue;
		}
		for (i = 0; i < sizeof table / sizeof table[0]; i++) {
			n = strlen(table[i].esc);
			if (strncmp(s, table[i].esc, n) == 0)
				break;
		}
		if (i < sizeof table / sizeof table[0]) {
			(void)buf_puts(&b, table[i].text);
			s += n;
			continue;
		}
		if (strncmp(s, "\\[u", 3) == 0) {
			char *end, enc[4];
			unsigned long cp = strtoul(s + 3, &end, 16);

			n = u8_encode((uint32_t)cp, enc);
			if (*end == ']' && end - s > 3 && n > 0) {
				(void)buf_append(&b, enc, n);
				s = end + 1;
				continue;
			}
		}
		*bad = s;
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static int
check_examples(const char *path)
{
	struct check c = {0};
	struct config *cfg;
	char *line = NULL, *text, *where;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0, checked = 0;
	int in_examples = 0, in_display = 0;
	const char *bad = "";
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return 1;
	}
	cfg = config_new();
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (strncmp(line, ".Sh ", 4) == 0) {
			in_examples = strcmp(line, ".Sh EXAMPLES") == 0;
			continue;
		}
		if (!in_examples)
			continue;
		if (strncmp(line, ".Bd -literal", 12) == 0) {
			in_display = 1;
			continue;
		}
		if (strcmp(line, ".Ed") == 0) {
			in_display = 0;
			continue;
		}
		if (!in_display || strncmp(line, ".\\\"", 3) == 0)
			continue;
		where = xasprintf("%s:%lu", path, lineno);
		if (line[0] == '.' || line[0] == '\'') {
			fprintf(stderr, "%s: request inside an example: %s\n",
			        where, line);
			c.errors++;
		} else if (!(text = unescape(line, &bad))) {
			fprintf(stderr, "%s: unknown roff escape at '%.8s'\n",
			        where, bad);
			c.errors++;
		} else {
			config_exec_line(cfg, text, where, print_error, &c);
			checked++;
			free(text);
		}
		free(where);
	}
	free(line);
	fclose(f);
	config_free(cfg);
	if (checked == 0) {
		fprintf(stderr, "%s: no example lines found\n", path);
		return 1;
	}
	printf("%lu example lines checked, %u errors\n", checked, c.errors);
	return c.errors ? 1 : 0;
}

static void
usage(void)
{
	fputs("usage: kmap-doc --mdoc-table\n"
	      "       kmap-doc --list-options\n"
	      "       kmap-doc --check-examples FILE\n",
	      stderr);
}

int
main(int argc, char **argv)
{
	i18n_set(i18n_from_env());
	if (argc == 2 && strcmp(argv[1], "--mdoc-table") == 0) {
		i18n_set(LANG_EN);
		return mdoc_table();
	}
	if (argc == 2 && strcmp(argv[1], "--list-options") == 0)
		return list_options();
	if (argc == 3 && strcmp(argv[1], "--check-examples") == 0)
		return check_examples(argv[2]);
	usage();
	return 2;
}
