/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "lineedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "../core/mem.h"
#include "command.h"
#include "field.h"
#include "keys.h"
#include "rlcore.h"

/* The Ctrl keys readline may have in a field: C-a C-b C-d C-e C-f C-g
 * C-h C-k C-n C-p C-t C-u C-w C-y C-_ (the keymap's own come first). */
#define LE_CTRL_EDIT                                                    \
	"\001\002\004\005\006\007\010\013\016\020\024\025\027\031\037"

static void le_line(char *line);
static char **le_complete(const char *text, int start, int end);
static void le_suspend(void);

struct le_slot {
	char code[48];
	struct rlc_owner owner;
};

static struct le_slot le_tab[LE_FIELDS];
static size_t le_n;
static const void *le_who;  /* the editor whose field readline has */
static size_t le_cur;       /* its slot */
static size_t le_max;       /* bytes allowed */
static size_t le_scroll;    /* first display column shown */
static size_t le_point;     /* the cursor kept while the ':' line runs */
static int le_suspended;    /* readline was taken by the ':' line */
static char *le_accepted;   /* a line readline accepted (C-j, C-o) */
static struct app *le_app;

static struct le_slot *
slot(const char *code, int add)
{
	size_t i;

	for (i = 0; i < le_n; i++)
		if (strcmp(le_tab[i].code, code) == 0)
			return &le_tab[i];
	if (!add)
		return NULL;
	if (le_n == LE_FIELDS) { /* full: one that is not in readline now */
		i = le_who && le_cur == 0 ? 1 : 0;
		if (rlc_active() == &le_tab[i].owner)
			rlc_deactivate(&le_tab[i].owner);
		rlc_forget(&le_tab[i].owner);
	} else {
		i = le_n++;
	}
	memset(&le_tab[i], 0, sizeof le_tab[i]);
	snprintf(le_tab[i].code, sizeof le_tab[i].code, "%s", code);
	/* not "": readline 8.2 loses its line-break table on an empty
	 * prompt (valgrind); ours is drawn by le_render anyway */
	le_tab[i].owner.prompt = " ";
	le_tab[i].owner.on_line = le_line;
	le_tab[i].owner.complete = le_complete;
	le_tab[i].owner.word_breaks = ""; /* the whole value is one word */
	le_tab[i].owner.on_suspend = le_suspend;
	le_tab[i].owner.history_max = LE_HISTORY;
	return &le_tab[i];
}

static struct rlc_owner *
cur_owner(void)
{
	return le_who && le_cur < le_n ? &le_tab[le_cur].owner : NULL;
}

static int
is_field_owner(const struct rlc_owner *o)
{
	size_t i;

	for (i = 0; i < le_n; i++)
		if (o == &le_tab[i].owner)
			return 1;
	return 0;
}

/* ---- readline callbacks ------------------------------------------------ */

/* readline accepted the line (C-j, C-o): the field keeps it; reloaded
 * after rl_callback_read_char returns (readline clears the line after
 * its handler). */
static void
le_line(char *line)
{
	free(le_accepted);
	le_accepted = line ? line : xstrdup("");
}

static void
le_suspend(void)
{
	le_point = (size_t)rl_point;
	le_suspended = 1;
}

static char **
le_complete(const char *text, int start, int end)
{
	const char *found[64];
	size_t n;

	(void)start;
	(void)end;
	rl_completion_append_character = '\0';
	rl_completion_suppress_append = 1;
	if (!cur_owner())
		return NULL;
	n = le_candidates(le_tab[le_cur].code, text, found,
			  sizeof found / sizeof found[0]);
	return rlc_matches(text, found, n);
}

/* ---- public ------------------------------------------------------------ */

void
le_focus(struct app *app, const void *who, const char *code,
	 const char *text, size_t max)
{
	struct le_slot *s;
	size_t point;

	if (app) {
		le_app = app;
		rlc_init(app); /* once; later calls only name the app */
	}
	text = text ? text : "";
	s = slot(code, 1);
	if (rlc_active() && !is_field_owner(rlc_active())) {
		/* the ':' line is open: the field gets readline back when a
		 * key reaches it (never steal the line being typed) */
		if (le_who != who || &le_tab[le_cur] != s)
			le_point = strlen(text);
		le_who = who;
		le_cur = (size_t)(s - le_tab);
		le_max = max;
		le_suspended = 1;
		return;
	}
	if (le_who == who && &le_tab[le_cur] == s &&
	    rlc_active() == &s->owner) {
		if (strcmp(text, rlc_text()) != 0)
			rlc_activate(&s->owner, text, strlen(text));
		le_max = max;
		return;
	}
	point = strlen(text);
	if (le_who == who && &le_tab[le_cur] == s && le_suspended)
		point = le_point; /* back from the ':' line */
	else
		le_scroll = 0;
	le_who = who;
	le_cur = (size_t)(s - le_tab);
	le_max = max;
	le_suspended = 0;
	rlc_activate(&s->owner, text, point);
}

int
le_owns(const void *who, const char *code)
{
	struct rlc_owner *o = cur_owner();

	return o && le_who == who && rlc_active() == o &&
	       strcmp(le_tab[le_cur].code, code) == 0;
}

/* Bound in the current key context: the command has it. */
static int
bound(struct app *app, struct kkey k)
{
	const char *cmd = NULL;

	if (!app || !app->cfg)
		return 0;
	return kmap_lookup(app->cfg->keys, cmd_context(app), &k, 1, &cmd) !=
	       KMAP_NONE;
}

static enum le_result
feed(struct app *app, struct rlc_owner *o, const char *bytes, size_t n)
{
	char *copy = xstrdup(rlc_text());
	int changed, cut = rlc_feed(bytes, n, le_max);

	if (le_accepted) {
		char *line = le_accepted;

		le_accepted = NULL;
		rlc_activate(o, line, strlen(line));
		free(line);
	}
	if (cut && app)
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_TOO_LONG));
	changed = strcmp(copy, rlc_text()) != 0;
	free(copy);
	if (app)
		app_mark(app, DIRTY_BODY);
	return changed ? LE_CHANGED : LE_USED;
}

enum le_result
le_key(struct app *app, const void *who, struct kkey k)
{
	struct rlc_owner *o = cur_owner();
	char bytes[16];
	size_t n;

	if (!o || le_who != who || rlc_active() != o)
		return LE_UNUSED;
	if (k.code == KK_RESIZE)
		return LE_UNUSED;
	if (rlc_searching()) {
		/* a history search ends before the form moves on: Enter keeps
		 * the value found, Esc (C-g) goes back to the value before */
		if (k.code == KK_ESC && !k.mods)
			return feed(app, o, "\007", 1) == LE_CHANGED
				       ? LE_CHANGED
				       : LE_USED;
		if (!k.mods && k.code == KK_ENTER) {
			enum le_result r = feed(app, o, "\033", 1);

			rlc_point_to_end(); /* the value found, to go on typing */
			return r;
		}
		if (!k.mods && (k.code == KK_TAB || k.code == KK_BTAB ||
				k.code == KK_UP || k.code == KK_DOWN)) {
			(void)feed(app, o, "\033", 1);
			return LE_UNUSED;
		}
	}
	if (!k.mods && (k.code == KK_ENTER || k.code == KK_TAB ||
			k.code == KK_BTAB || k.code == KK_ESC ||
			k.code == KK_UP || k.code == KK_DOWN))
		return LE_UNUSED;
	if (k.code == KK_ESC) /* M-Esc */
		return LE_UNUSED;
	/* Ctrl and Meta keys: the keymap first */
	if (((k.mods & KM_META) || k.code < 0x20) && bound(app, k))
		return LE_UNUSED;
	/* of the other Ctrl keys only the editing ones: never a control
	 * character in a value (C-v quoted insert, C-c, C-o, C-x ...) */
	if (!(k.mods & KM_META) && k.code < 0x20 &&
	    (k.code == 0 || !strchr(LE_CTRL_EDIT, (int)k.code)))
		return LE_UNUSED;
	rlc_clear_candidates(app);
	n = keys_to_readline(k, bytes, sizeof bytes);
	if (n == 0)
		return LE_UNUSED;
	if (!(k.mods & KM_META) &&
	    (k.code == KK_SPACE || (k.code >= 0x20 && k.code < KK_BASE)) &&
	    !rlc_searching() && strlen(rlc_text()) + n > le_max) {
		if (app)
			app_msg(app, MSGL_ERROR, "%s",
				status_msg(ST_TOO_LONG));
		return LE_USED;
	}
	return feed(app, o, bytes, n);
}

int
le_searching(void)
{
	return is_field_owner(rlc_active()) && rlc_searching();
}

const char *
le_text(void)
{
	return rlc_text();
}

size_t
le_render(size_t cols, char *out, size_t cap)
{
	const char *p = rlc_searching() ? rlc_display_prompt() : "";
	size_t pl = strlen(p), cx;
	char *line;

	if (!*p)
		return field_layout(rlc_text(), rlc_point(), 0, &le_scroll, cols,
				    out, cap);
	{
		size_t tl = strlen(rlc_text());

		line = xmalloc(pl + tl + 1);
		memcpy(line, p, pl);
		memcpy(line + pl, rlc_text(), tl + 1);
	}
	cx = field_layout(line, pl + rlc_point(), 0, &le_scroll, cols, out,
			  cap);
	free(line);
	return cx;
}

void
le_remember(const char *code, const char *value)
{
	struct le_slot *s;

	if (!code || !value || !*value)
		return;
	s = slot(code, 1);
	rlc_add_history(&s->owner, value);
}

void
le_leave(const void *who, int remember)
{
	struct rlc_owner *o = cur_owner();

	if (!o || le_who != who)
		return;
	if (rlc_active() == o) {
		if (rlc_searching())
			(void)rlc_feed("\033", 1, le_max);
		if (remember)
			rlc_add_history(o, rlc_text());
		rlc_deactivate(o);
	}
	le_who = NULL;
	le_suspended = 0;
	if (le_app)
		rlc_clear_candidates(le_app);
}

size_t
le_candidates(const char *code, const char *prefix, const char **out,
	      size_t cap)
{
	struct le_slot *s = slot(code, 0);
	const char *all[LE_HISTORY + 8];
	size_t n, got = 0, i, j, pl = strlen(prefix);

	if (!s)
		return 0;
	n = rlc_history(&s->owner, all, sizeof all / sizeof all[0]);
	for (i = n; i-- > 0 && got < cap;) {
		if (strncmp(all[i], prefix, pl) != 0)
			continue;
		for (j = 0; j < got; j++)
			if (strcmp(out[j], all[i]) == 0)
				break;
		if (j == got)
			out[got++] = all[i];
	}
	return got;
}

void
le_shutdown(void)
{
	size_t i;

	if (cur_owner() && rlc_active() == cur_owner())
		rlc_deactivate(cur_owner());
	le_who = NULL;
	for (i = 0; i < le_n; i++)
		rlc_forget(&le_tab[i].owner);
	le_n = 0;
	FREE(le_accepted);
}
