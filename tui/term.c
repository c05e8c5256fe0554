/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "term.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <term.h>

#include "keys.h"

static volatile sig_atomic_t term_sig;
static struct api *term_api;
static SCREEN *term_screen;
static WINDOW *term_pad;
static int term_active;

static const int fatal_sigs[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
static struct sigaction fatal_old[sizeof fatal_sigs / sizeof fatal_sigs[0]];

static int
is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* The user's locale was UTF-8 before any fallback (issue #6: the board's
 * chart draws ASCII otherwise). */
static int term_user_utf8 = 1;

int
term_locale_was_utf8(void)
{
	return term_user_utf8;
}

int
term_locale(void)
{
	setlocale(LC_ALL, "");
	if (is_utf8())
		return 0;
	term_user_utf8 = 0;
	setlocale(LC_CTYPE, "C.UTF-8");
	if (!is_utf8())
		return -1;
	/*
	 * readline's rl_initialize() calls setlocale(LC_CTYPE, "") again
	 * from the environment, which would undo the fallback: make the
	 * environment say what we chose.
	 */
	if (getenv("LC_ALL") && *getenv("LC_ALL"))
		setenv("LC_ALL", "C.UTF-8", 1);
	else
		setenv("LC_CTYPE", "C.UTF-8", 1);
	return 0;
}

int
term_check(int *why)
{
	const char *t = getenv("TERM");
	int err = 0;

	*why = 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*why = 1;
		return -1;
	}
	if (!t || !*t || strcmp(t, "dumb") == 0) {
		*why = 2;
		return -1;
	}
	if (setupterm(t, STDOUT_FILENO, &err) != OK) {
		*why = 3;
		return -1;
	}
	del_curterm(cur_term);
	return 0;
}

static void
on_quit_signal(int sig)
{
	term_sig = sig;
	if (term_api)
		api_wakeup(term_api);
}

static void
on_fatal(int sig)
{
	size_t i;

	if (term_active)
		endwin(); /* best effort: the terminal matters more */
	for (i = 0; i < sizeof fatal_sigs / sizeof fatal_sigs[0]; i++)
		if (fatal_sigs[i] == sig)
			sigaction(sig, &fatal_old[i], NULL);
	raise(sig);
}

static void
at_exit_restore(void)
{
	term_stop();
}

void
term_signals(struct api *api)
{
	struct sigaction sa;
	size_t i;

	term_api = api;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL); /* only reaches us via kill(1) */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_NODEFER;
	for (i = 0; i < sizeof fatal_sigs / sizeof fatal_sigs[0]; i++)
		sigaction(fatal_sigs[i], &sa, &fatal_old[i]);
}

int
term_quit_signal(void)
{
	return term_sig;
}

WINDOW *
term_start(void)
{
	static int registered;

	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen)
		return NULL;
	set_term(term_screen);
	term_active = 1;
	if (!registered) {
		atexit(at_exit_restore);
		registered = 1;
	}
	raw();
	noecho();
	nonl();
	set_escdelay(25);
	curs_set(0);
	term_pad = newpad(1, 1);
	if (!term_pad) {
		term_stop();
		return NULL;
	}
	keypad(term_pad, TRUE);
	nodelay(term_pad, TRUE);
	(void)keys_define_extra();
	return term_pad;
}

void
term_stop(void)
{
	if (!term_active)
		return;
	term_active = 0;
	if (term_pad) {
		delwin(term_pad);
		term_pad = NULL;
	}
	curs_set(1);
	endwin();
	if (term_screen) {
		delscreen(term_screen);
		term_screen = NULL;
	}
}
