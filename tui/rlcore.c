/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rlcore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include <curses.h>
#include <term.h>

#include "../core/mem.h"

#define QUEUE_MAX 256

static struct app *rc_app;
static int rc_inited;
static struct rlc_owner *rc_active; /* has the handler installed */
static struct rlc_owner *rc_holder; /* the global history list is its */
static unsigned char rc_queue[QUEUE_MAX];
static size_t rc_head, rc_len;
static FILE *rc_null;

/* ---- readline hooks --------------------------------------------------- */

static int
rc_getc(FILE *f)
{
	unsigned char c;

	(void)f;
	if (rc_len == 0)
		return EOF; /* never reached: we only read while bytes wait */
	c = rc_queue[rc_head];
	rc_head = (rc_head + 1) % QUEUE_MAX;
	rc_len--;
	return c;
}

static int
rc_available(void)
{
	return rc_len > 0;
}

static void
rc_prep(int meta)
{
	(void)meta;
}

static void
rc_deprep(void)
{
}

static void
rc_redisplay(void)
{
	if (rc_app)
		app_mark(rc_app, DIRTY_MSG | DIRTY_BODY);
}

void
rlc_clear_candidates(struct app *app)
{
	size_t i;

	if (!app)
		return;
	if (app->n_cands)
		app_mark(app, DIRTY_BODY | DIRTY_STATUS);
	for (i = 0; i < app->n_cands; i++)
		free(app->cands[i]);
	FREE(app->cands);
	app->n_cands = 0;
}

static void
rc_show_matches(char **matches, int n, int max_len)
{
	struct app *app = rc_app;
	int i;

	(void)max_len;
	if (!app)
		return;
	rlc_clear_candidates(app);
	if (n <= 0)
		return;
	app->cands = xcalloc((size_t)n, sizeof *app->cands);
	for (i = 0; i < n; i++)
		app->cands[i] = xstrdup(matches[i + 1]);
	app->n_cands = (size_t)n;
	app_mark(app, DIRTY_BODY | DIRTY_STATUS | DIRTY_MSG);
}

static char *
rc_word_breaks(void)
{
	static char breaks[64];

	if (!rc_active || !rc_active->word_breaks)
		return NULL; /* readline's own */
	snprintf(breaks, sizeof breaks, "%s", rc_active->word_breaks);
	return breaks;
}

static char **
rc_complete(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	if (!rc_active || !rc_active->complete)
		return NULL;
	return rc_active->complete(text, start, end);
}

static const char *const *rc_found;
static size_t rc_n_found;

static char *
rc_generator(const char *text, int state)
{
	static size_t next;

	(void)text;
	if (state == 0)
		next = 0;
	if (next < rc_n_found)
		return xstrdup(rc_found[next++]);
	return NULL;
}

char **
rlc_matches(const char *text, const char *const *cands, size_t n)
{
	char **m;

	if (n == 0)
		return NULL;
	rc_found = cands;
	rc_n_found = n;
	m = rl_completion_matches(text, rc_generator);
	rc_found = NULL;
	rc_n_found = 0;
	return m;
}

/* readline accepted the line: the owner is done unless it activates
 * itself again. */
static void
rc_line(char *line)
{
	struct rlc_owner *o = rc_active;

	rl_callback_handler_remove();
	rc_active = NULL;
	if (o && o->on_line)
		o->on_line(line);
	else
		free(line);
}

/* ---- history lists ---------------------------------------------------- */

/* Put o's history list in readline's globals (the holder's is saved). */
static void
use_history(struct rlc_owner *o)
{
	static HISTORY_STATE empty;

	if (rc_holder == o)
		return;
	if (rc_holder) {
		free(rc_holder->hist);
		rc_holder->hist = history_get_history_state();
	}
	if (o->hist) {
		history_set_history_state(o->hist);
		free(o->hist);
		o->hist = NULL;
	} else {
		memset(&empty, 0, sizeof empty);
		history_set_history_state(&empty);
	}
	rc_holder = o;
	stifle_history(o->history_max ? (int)o->history_max : 100);
	using_history();
}

/* Free the history list in readline's globals. */
static void
drop_current_history(void)
{
	HISTORY_STATE *s;

	clear_history();
	s = history_get_history_state();
	free(s->entries);
	free(s);
	{
		static HISTORY_STATE empty;

		memset(&empty, 0, sizeof empty);
		history_set_history_state(&empty);
	}
}

void
rlc_forget(struct rlc_owner *o)
{
	HISTORY_STATE *cur;

	if (!o || o == rc_active)
		return;
	if (o == rc_holder) {
		drop_current_history();
		rc_holder = NULL;
		return;
	}
	if (!o->hist)
		return;
	cur = history_get_history_state();
	history_set_history_state(o->hist);
	drop_current_history();
	free(o->hist);
	o->hist = NULL;
	history_set_history_state(cur);
	free(cur);
	if (rc_holder)
		stifle_history(rc_holder->history_max ?
				       (int)rc_holder->history_max : 100);
}

void
rlc_add_history(struct rlc_owner *o, const char *line)
{
	struct rlc_owner *was = rc_holder;
	HIST_ENTRY *last;

	if (!o || !line || !*line)
		return;
	use_history(o);
	last = history_length > 0 ? history_get(history_base +
						 history_length - 1)
				  : NULL;
	if (!last || strcmp(last->line, line) != 0)
		add_history(line);
	using_history();
	if (was && was != o)
		use_history(was);
}

size_t
rlc_history(struct rlc_owner *o, const char **out, size_t cap)
{
	HIST_ENTRY **e;
	int len, i;
	size_t n = 0;

	if (!o)
		return 0;
	if (o == rc_holder) {
		e = history_list();
		len = history_length;
	} else if (o->hist) {
		e = ((HISTORY_STATE *)o->hist)->entries;
		len = ((HISTORY_STATE *)o->hist)->length;
	} else {
		return 0;
	}
	for (i = 0; e && i < len && n < cap; i++)
		if (e[i] && e[i]->line)
			out[n++] = e[i]->line;
	return n;
}

/* M-r: a reverse search through the whole list, wherever C-p left the
 * history position. */
static int
search_all(int count, int key)
{
	using_history();
	return rl_reverse_search_history(count, key);
}

/* ---- public ----------------------------------------------------------- */

void
rlc_init(struct app *app)
{
	TERMINAL *screen_term = cur_term;

	if (app)
		rc_app = app;
	if (rc_inited)
		return;
	rc_inited = 1;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = rc_prep;
	rl_deprep_term_function = rc_deprep;
	rl_getc_function = rc_getc;
	rl_input_available_hook = rc_available;
	rl_redisplay_function = rc_redisplay;
	rl_attempted_completion_function = rc_complete;
	rl_completion_word_break_hook = rc_word_breaks;
	rl_completion_display_matches_hook = rc_show_matches;
	rl_readline_name = "hotline";
	if (!rc_null)
		rc_null = fopen("/dev/null", "w");
	if (rc_null)
		rl_outstream = rc_null;
	rl_initialize(); /* reads ~/.inputrc once; then pin what we need */
	/* readline's tgetent made its own terminal current: give curses its
	 * screen's back (else the screen's is never freed) */
	if (screen_term && cur_term != screen_term)
		(void)set_curterm(screen_term);
	rl_variable_bind("editing-mode", "emacs");
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("horizontal-scroll-mode", "on");
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_variable_bind("echo-control-characters", "off");
	rl_variable_bind("completion-query-items", "0");
	rl_variable_bind("isearch-terminators", "\\C-[\\C-j");
	rl_bind_keyseq_in_map("\033[3~", rl_delete, emacs_standard_keymap);
	/* M-/ completes (Tab moves between the fields of a form) */
	rl_bind_keyseq_in_map("\033/", rl_complete, emacs_standard_keymap);
	/* M-r searches the history (C-r is the keymap's reconnect) */
	rl_bind_keyseq_in_map("\033r", search_all, emacs_standard_keymap);
}

void
rlc_shutdown(void)
{
	if (rc_active)
		rlc_deactivate(rc_active);
	if (rc_holder) {
		drop_current_history();
		rc_holder = NULL;
	}
	if (rc_null) {
		rl_outstream = NULL;
		fclose(rc_null);
		rc_null = NULL;
	}
	rc_app = NULL;
	rc_inited = 0; /* a later rlc_init sets our hooks again (readline
			* itself initializes once) */
}

struct rlc_owner *
rlc_active(void)
{
	return rc_active;
}

void
rlc_activate(struct rlc_owner *o, const char *text, size_t point)
{
	size_t len;

	if (!rc_inited) /* never readline's own terminal set-up */
		rlc_init(NULL);
	if (rc_active != o) {
		if (rc_active) {
			struct rlc_owner *p = rc_active;

			if (p->on_suspend)
				p->on_suspend();
			rlc_deactivate(p);
		}
		use_history(o);
		using_history(); /* C-p starts from the newest again */
		rc_len = rc_head = 0;
		rl_callback_handler_install(o->prompt ? o->prompt : "",
					    rc_line);
		rc_active = o;
	}
	rl_replace_line(text ? text : "", 1);
	len = (size_t)rl_end;
	if (point > len)
		point = len;
	while (point > 0 && point < len &&
	       ((unsigned char)rl_line_buffer[point] & 0xc0) == 0x80)
		point--;
	rl_point = (int)point;
	if (rc_app)
		app_mark(rc_app, DIRTY_MSG | DIRTY_BODY);
}

void
rlc_deactivate(struct rlc_owner *o)
{
	if (!o || rc_active != o)
		return;
	rl_callback_sigcleanup();
	rl_replace_line("", 1);
	rl_point = rl_end = 0;
	rl_callback_handler_remove();
	rc_active = NULL;
	rc_len = rc_head = 0;
	rlc_clear_candidates(rc_app);
	if (rc_app)
		app_mark(rc_app, DIRTY_MSG | DIRTY_BODY);
}

static int strip_controls(void);
static int clamp(size_t max);

int
rlc_feed(const char *bytes, size_t n, size_t max)
{
	struct rlc_owner *o = rc_active;
	size_t i, before;

	if (!o)
		return 0;
	before = rl_line_buffer ? strlen(rl_line_buffer) : 0;
	rc_head = rc_len = 0;
	for (i = 0; i < n && rc_len < QUEUE_MAX; i++)
		rc_queue[rc_len++] = (unsigned char)bytes[i];
	while (rc_len > 0 && rc_active == o)
		rl_callback_read_char();
	rc_len = rc_head = 0;
	if (rc_active != o)
		return 0; /* the line was accepted */
	(void)strip_controls(); /* C-v quoted inserts */
	/* only growth is cut (a yank, a recalled value): a line opened or
	 * loaded longer than max stays whole */
	return clamp(max > before ? max : before);
}

const char *
rlc_text(void)
{
	return rc_active && rl_line_buffer ? rl_line_buffer : "";
}

size_t
rlc_point(void)
{
	return rc_active ? (size_t)rl_point : 0;
}

const char *
rlc_display_prompt(void)
{
	if (!rc_active)
		return "";
	return rl_display_prompt ? rl_display_prompt : rc_active->prompt;
}

int
rlc_searching(void)
{
	return rc_active && RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH);
}

void
rlc_point_to_end(void)
{
	if (rc_active)
		rl_point = rl_end;
}

static int
strip_controls(void)
{
	int i, o = 0, point, cut = 0;

	if (!rc_active || !rl_line_buffer)
		return 0;
	point = rl_point;
	for (i = 0; i < rl_end; i++) {
		unsigned char c = (unsigned char)rl_line_buffer[i];

		if (c < 0x20 || c == 0x7f) {
			cut = 1;
			if (i < rl_point)
				point--;
			continue;
		}
		rl_line_buffer[o++] = (char)c;
	}
	if (!cut)
		return 0;
	rl_line_buffer[o] = '\0';
	rl_end = o;
	rl_point = point < 0 ? 0 : point;
	return 1;
}

static int
clamp(size_t max)
{
	size_t cut;

	if (!rc_active || (size_t)rl_end <= max)
		return 0;
	cut = max;
	while (cut > 0 && ((unsigned char)rl_line_buffer[cut] & 0xc0) == 0x80)
		cut--;
	rl_delete_text((int)cut, rl_end);
	if ((size_t)rl_point > cut)
		rl_point = (int)cut;
	return 1;
}
