/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "prompt.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "../core/mem.h"
#include "../core/utf8.h"
#include "draw.h"
#include "field.h"
#include "keys.h"
#include "rlcore.h"
#include "theme.h"

static struct app *pr_app;
static int pr_open;
static size_t pr_scroll;
static char *pr_history_path;

static void pr_line(char *line);
static char **pr_complete(const char *text, int start, int end);

static struct rlc_owner pr_owner = {
	.prompt = ":",
	.on_line = pr_line,
	.complete = pr_complete,
	.word_breaks = NULL,
	.on_suspend = NULL,
	.history_max = PROMPT_HISTORY,
	.hist = NULL,
};

static void
pr_line(char *line)
{
	struct app *app = pr_app;

	pr_open = 0;
	if (line) {
		if (*line) {
			HIST_ENTRY *last = history_get(history_base +
						       history_length - 1);

			if (!last || strcmp(last->line, line) != 0) {
				add_history(line);
				/* keep the file current; trimmed at exit */
				if (pr_history_path)
					append_history(1, pr_history_path);
			}
			free(app->deferred_cmd);
			app->deferred_cmd = xstrdup(line);
		}
		free(line);
	}
	rlc_clear_candidates(app);
	curs_set(0);
	app_mark(app, DIRTY_MSG);
}

/* ---- completion ------------------------------------------------------- */

#define OPT_NAME_(e, n, t, d, zh, en) n,
static const char *const pr_options[] = { OPTION_LIST(OPT_NAME_) };
#undef OPT_NAME_
static const char *const pr_langs[] = { "zh", "en" };
static const char *const pr_bools[] = { "on", "off" };

static size_t
add_matching(const char *text, const char *const *list, size_t n,
	     const char **out, size_t have, size_t cap)
{
	size_t i, len = strlen(text);

	for (i = 0; i < n && have < cap; i++)
		if (strncmp(list[i], text, len) == 0)
			out[have++] = list[i];
	return have;
}

size_t
prompt_candidates(const char *line_before, const char *text,
		  const char **out, size_t cap)
{
	char w0[64] = "", w1[64] = "";
	size_t nwords = 0, have = 0, i;
	const char *p = line_before;

	/* Words before the one being completed. */
	while (*p) {
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		len = strcspn(p, " \t");
		if (p[len] == '\0')
			break; /* the word being completed */
		if (nwords == 0)
			snprintf(w0, sizeof w0, "%.*s", (int)len, p);
		else if (nwords == 1)
			snprintf(w1, sizeof w1, "%.*s", (int)len, p);
		nwords++;
		p += len;
	}
	if (nwords == 0) {
		for (i = 1; i < ACT__COUNT && have < cap; i++) {
			const struct action_info *ai =
				action_info((enum action)i);

			if (ai && strncmp(ai->name, text, strlen(text)) == 0)
				out[have++] = ai->name;
		}
		return have;
	}
	if (strcmp(w0, "set") == 0 && nwords == 1)
		return add_matching(text, pr_options,
				    sizeof pr_options / sizeof pr_options[0],
				    out, have, cap);
	if (strcmp(w0, "set") == 0 && nwords == 2) {
		if (strcmp(w1, "language") == 0)
			return add_matching(text, pr_langs, 2, out, have, cap);
		if (strcmp(w1, "color") == 0)
			return add_matching(text, pr_bools, 2, out, have, cap);
		return 0;
	}
	if ((strcmp(w0, "bind") == 0 || strcmp(w0, "unbind") == 0) &&
	    nwords == 1) {
		for (i = 0; i < KCTX__COUNT && have < cap; i++) {
			const char *n = kctx_name((enum kctx)i);

			if (strncmp(n, text, strlen(text)) == 0)
				out[have++] = n;
		}
		return have;
	}
	if (strcmp(w0, "bind") == 0 && nwords == 3) {
		for (i = 1; i < ACT__COUNT && have < cap; i++) {
			const struct action_info *ai =
				action_info((enum action)i);

			if (ai && strncmp(ai->name, text, strlen(text)) == 0)
				out[have++] = ai->name;
		}
		return have;
	}
	return 0;
}

static char **
pr_complete(const char *text, int start, int end)
{
	char *before = xstrndup(rl_line_buffer, (size_t)start);
	const char *found[128];
	size_t n;

	(void)end;
	rl_attempted_completion_over = 1;
	rl_completion_append_character = ' ';
	if (strncmp(before, "source ", 7) == 0) {
		/* file names: let readline do it (listed through our hook) */
		free(before);
		rl_attempted_completion_over = 0;
		return NULL;
	}
	n = prompt_candidates(before, text, found,
			      sizeof found / sizeof found[0]);
	free(before);
	return rlc_matches(text, found, n);
}

/* ---- public ----------------------------------------------------------- */

void
prompt_init(struct app *app, const char *history_path)
{
	pr_app = app;
	rlc_init(app);
	if (history_path) {
		int fd = open(history_path, O_WRONLY | O_CREAT | O_APPEND,
			      0600);

		if (fd >= 0)
			close(fd);
		pr_history_path = xstrdup(history_path);
		/* the ':' line's own list is the one read and appended */
		rlc_activate(&pr_owner, "", 0);
		read_history(pr_history_path);
		using_history();
		rlc_deactivate(&pr_owner);
	}
}

void
prompt_shutdown(void)
{
	if (pr_open) {
		rlc_deactivate(&pr_owner);
		pr_open = 0;
	}
	if (pr_history_path) {
		history_truncate_file(pr_history_path, PROMPT_HISTORY);
		chmod(pr_history_path, 0600);
		FREE(pr_history_path);
	}
	rlc_forget(&pr_owner);
	rlc_shutdown();
	pr_app = NULL;
}

int
prompt_is_open(void)
{
	return pr_open && rlc_active() == &pr_owner;
}

void
prompt_open(struct app *app, const char *initial)
{
	pr_app = app;
	if (pr_open)
		prompt_cancel(app);
	pr_scroll = 0;
	rlc_activate(&pr_owner, initial, initial ? strlen(initial) : 0);
	pr_open = 1;
	app_mark(app, DIRTY_MSG);
}

void
prompt_cancel(struct app *app)
{
	if (!pr_open)
		return;
	rlc_deactivate(&pr_owner);
	pr_open = 0;
	rlc_clear_candidates(app);
	curs_set(0);
	app_mark(app, DIRTY_MSG);
}

void
prompt_key(struct app *app, struct kkey k)
{
	char bytes[16];
	size_t n;

	if (!prompt_is_open())
		return;
	if ((k.code == KK_ESC && !(k.mods & KM_META)) ||
	    (k.code == 0x03 && !k.mods)) {
		prompt_cancel(app);
		return;
	}
	rlc_clear_candidates(app);
	n = keys_to_readline(k, bytes, sizeof bytes);
	if (n == 0)
		return;
	if (!(k.mods & KM_META) &&
	    (k.code == KK_SPACE || (k.code >= 0x20 && k.code < KK_BASE)) &&
	    strlen(rlc_text()) + n > PROMPT_MAX) {
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_TOO_LONG));
		return;
	}
	if (rlc_feed(bytes, n, PROMPT_MAX))
		app_msg(app, MSGL_ERROR, "%s", status_msg(ST_TOO_LONG));
	if (rlc_active() != &pr_owner)
		pr_open = 0;
	app_mark(app, DIRTY_MSG);
}

void
prompt_draw(struct app *app, WINDOW *w, struct cursor *cur)
{
	const char *prompt = rlc_display_prompt();
	int cols = getmaxx(w);
	int pw = (int)u8_width(prompt);
	char out[PROMPT_MAX * 2 + 64];
	size_t cx;

	(void)app;
	if (pw > cols / 2)
		pw = cols / 2;
	draw_text(w, 0, 0, prompt, pw, theme(TH_NORMAL));
	cx = field_layout(rlc_text(), rlc_point(), 0, &pr_scroll,
			  (size_t)(cols - pw), out, sizeof out);
	draw_text(w, 0, pw, out, cols - pw, theme(TH_NORMAL));
	cur->w = w;
	cur->y = 0;
	cur->x = pw + (int)cx;
}
