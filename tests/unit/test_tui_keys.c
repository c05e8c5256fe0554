/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tui_keys.c - Home and End as terminals really send them (issue #5:
 * the editors' Home/End inside tmux).  tmux and screen send ESC [ 1 ~ and
 * ESC [ 4 ~, rxvt ESC [ 7 ~ and ESC [ 8 ~, xterm ESC O H / ESC O F; the
 * client runs with whatever TERM it is given.  Each case opens a curses
 * screen for one terminal type reading from a pipe, feeds it the raw
 * bytes and checks what keys_read() makes of them, so a terminfo entry
 * that lacks a sequence (xterm-256color has no ESC [ 4 ~) shows up as a
 * failure instead of Meta-[ and two typed characters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "keymaps/keymap.h"
#include "tui/keys.h"

/* The keys keys_read() returns for the bytes in, on terminal type term;
 * -1 when the terminal type is not installed. */
static int
read_keys(const char *term, const char *in, struct kkey *out, size_t max,
	  size_t *n)
{
	int fds[2];
	FILE *fin, *fout;
	SCREEN *scr;
	WINDOW *pad;
	ssize_t w;

	*n = 0;
	assert_int_equal(pipe(fds), 0);
	w = write(fds[1], in, strlen(in));
	assert_int_equal(w, (ssize_t)strlen(in));
	close(fds[1]);
	fin = fdopen(fds[0], "r");
	fout = fopen("/dev/null", "w");
	assert_non_null(fin);
	assert_non_null(fout);
	scr = newterm(term, fout, fin);
	if (!scr) {
		fclose(fin);
		fclose(fout);
		return -1;
	}
	set_term(scr);
	set_escdelay(25);
	pad = newpad(1, 1);
	keypad(pad, TRUE);
	nodelay(pad, TRUE);
	(void)keys_define_extra();
	while (*n < max && keys_read(pad, &out[*n]))
		(*n)++;
	delwin(pad);
	endwin();
	delscreen(scr);
	fclose(fin);
	fclose(fout);
	return 0;
}

/* "Home 办 End" style names of the keys, for readable failures. */
static void
names(const struct kkey *k, size_t n, char *out, size_t cap)
{
	size_t i, off = 0;
	char one[32];

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (kkey_name(k[i], one, sizeof one) != ST_OK)
			snprintf(one, sizeof one, "?%x", (unsigned)k[i].code);
		off += (size_t)snprintf(out + off, cap - off, "%s%s",
					i ? " " : "", one);
		if (off >= cap)
			break;
	}
}

/* Every terminal type, every sequence: Home 办 End 结, nothing else. */
static void
check_term(const char *term, const char *seq_home, const char *seq_end)
{
	struct kkey k[16];
	char in[64], got[256];
	size_t n;

	snprintf(in, sizeof in, "%s办%s结", seq_home, seq_end);
	if (read_keys(term, in, k, 16, &n) < 0) {
		print_message("# %s: no terminfo entry, skipped\n", term);
		return;
	}
	names(k, n, got, sizeof got);
	if (strcmp(got, "Home 办 End 结") != 0)
		fail_msg("TERM=%s, %s: got '%s'", term,
			 seq_home[2] == 'O' ? "ESC O H/F" : seq_home + 1, got);
}

static const char *const terms[] = {
	"xterm-256color", "xterm", "screen", "screen-256color",
	"tmux-256color",  "rxvt",  "rxvt-unicode", "linux",
};

static void
test_tmux_home_end(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof terms / sizeof terms[0]; i++)
		check_term(terms[i], "\033[1~", "\033[4~");
}

static void
test_rxvt_home_end(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof terms / sizeof terms[0]; i++)
		check_term(terms[i], "\033[7~", "\033[8~");
}

static void
test_xterm_home_end(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		check_term(terms[i], "\033OH", "\033OF");
		check_term(terms[i], "\033[H", "\033[F");
	}
}

/* The pure translation: curses codes for Home and End, whichever name
 * the terminfo entry gives them. */
static void
test_from_wch(void **state)
{
	struct kkey k;

	(void)state;
	assert_int_equal(keys_from_wch(KEY_CODE_YES, KEY_HOME, &k), 1);
	assert_int_equal(k.code, KK_HOME);
	assert_int_equal(keys_from_wch(KEY_CODE_YES, KEY_END, &k), 1);
	assert_int_equal(k.code, KK_END);
	assert_int_equal(keys_from_wch(KEY_CODE_YES, KEY_FIND, &k), 1);
	assert_int_equal(k.code, KK_HOME);
	assert_int_equal(keys_from_wch(KEY_CODE_YES, KEY_SELECT, &k), 1);
	assert_int_equal(k.code, KK_END);
	assert_int_equal(k.mods, 0);
	assert_int_equal(keys_from_wch(OK, L'办', &k), 1);
	assert_int_equal(k.code, 0x529e);
}

/* Keys the terminal already knows keep their meaning: the extra
 * definitions never replace an entry's own. */
static void
test_existing_kept(void **state)
{
	struct kkey k[8];
	size_t n;

	(void)state;
	/* rxvt: ESC [ 1 ~ is kfnd (KEY_FIND), still Home; Delete stays */
	if (read_keys("rxvt", "\033[1~\033[3~", k, 8, &n) < 0)
		skip();
	assert_int_equal(n, 2);
	assert_int_equal(k[0].code, KK_HOME);
	assert_int_equal(k[1].code, KK_DELETE);
	/* Alt-x is still Meta x, not eaten by the new prefixes */
	assert_int_equal(read_keys("xterm-256color", "\033x\033[4~", k, 8, &n),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(k[0].code, 'x');
	assert_int_equal(k[0].mods, KM_META);
	assert_int_equal(k[1].code, KK_END);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_wch),
		cmocka_unit_test(test_tmux_home_end),
		cmocka_unit_test(test_rxvt_home_end),
		cmocka_unit_test(test_xterm_home_end),
		cmocka_unit_test(test_existing_kept),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
