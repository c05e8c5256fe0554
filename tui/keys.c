/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "keys.h"

#include <string.h>

#include "../core/utf8.h"

static const struct {
	int curses;
	uint32_t kk;
} keys_special[] = {
	{ KEY_UP, KK_UP },
	{ KEY_DOWN, KK_DOWN },
	{ KEY_LEFT, KK_LEFT },
	{ KEY_RIGHT, KK_RIGHT },
	{ KEY_HOME, KK_HOME },
	{ KEY_END, KK_END },
	{ KEY_FIND, KK_HOME },
	{ KEY_SELECT, KK_END },
	{ KEY_PPAGE, KK_PGUP },
	{ KEY_NPAGE, KK_PGDN },
	{ KEY_IC, KK_INSERT },
	{ KEY_DC, KK_DELETE },
	{ KEY_BACKSPACE, KK_BACKSPACE },
	{ KEY_ENTER, KK_ENTER },
	{ KEY_BTAB, KK_BTAB },
	{ KEY_RESIZE, KK_RESIZE },
};

/*
 * Home and End as terminals send them, whatever the terminfo entry in use
 * says: tmux and screen send ESC [ 1 ~ and ESC [ 4 ~ (vt220 style; with
 * TERM=xterm-256color inside tmux the entry names neither), rxvt ESC [ 7 ~
 * and ESC [ 8 ~, xterm ESC [ H / ESC [ F or ESC O H / ESC O F.  Without a
 * definition curses would hand us ESC, '[', '4', '~': Meta-[ and two
 * typed characters.
 */
static const struct {
	const char *seq;
	int curses;
} keys_extra[] = {
	{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
	{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
	{ "\033[H", KEY_HOME },  { "\033[F", KEY_END },
	{ "\033OH", KEY_HOME },  { "\033OF", KEY_END },
};

int
keys_define_extra(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof keys_extra / sizeof keys_extra[0]; i++) {
		/* 0: unknown to this terminal; a code or -1 (a conflict
		 * with a longer or shorter sequence): leave it alone */
		if (key_defined(keys_extra[i].seq) != 0)
			continue;
		if (define_key(keys_extra[i].seq, keys_extra[i].curses) == OK)
			n++;
	}
	return n;
}

int
keys_from_wch(int ret, wint_t wch, struct kkey *out)
{
	size_t i;

	out->mods = 0;
	if (ret == KEY_CODE_YES) {
		int c = (int)wch;

		for (i = 0; i < sizeof keys_special / sizeof keys_special[0];
		     i++) {
			if (keys_special[i].curses == c) {
				out->code = keys_special[i].kk;
				return 1;
			}
		}
		if (c >= KEY_F(1) && c <= KEY_F(12)) {
			out->code = (uint32_t)(KK_F1 + (c - KEY_F(1)));
			return 1;
		}
		return 0;
	}
	if (ret != OK)
		return 0;
	switch (wch) {
	case L'\r':
	case L'\n':
		out->code = KK_ENTER;
		return 1;
	case L'\t':
		out->code = KK_TAB;
		return 1;
	case 0x1b:
		out->code = KK_ESC;
		return 1;
	case 0x7f:
		out->code = KK_BACKSPACE;
		return 1;
	case L' ':
		out->code = KK_SPACE;
		return 1;
	default:
		break;
	}
	if ((uint32_t)wch >= KK_BASE)
		return 0;
	out->code = (uint32_t)wch;
	return 1;
}

int
keys_read(WINDOW *w, struct kkey *out)
{
	wint_t wch;
	int ret = wget_wch(w, &wch);

	for (;;) {
		if (ret == ERR)
			return 0;
		if (keys_from_wch(ret, wch, out))
			break;
		ret = wget_wch(w, &wch); /* skip what means nothing */
	}
	if (out->code == KK_ESC && out->mods == 0) {
		/* curses already waited ESCDELAY for a sequence; a key that
		 * is there now was typed with Alt/Meta. */
		struct kkey next;

		ret = wget_wch(w, &wch);
		if (ret == ERR)
			return 1;
		if (!keys_from_wch(ret, wch, &next))
			return 1;
		if (next.code == KK_ESC) { /* Esc Esc: two Escapes */
			unget_wch(0x1b);
			return 1;
		}
		if (next.code == KK_RESIZE) {
			ungetch(KEY_RESIZE);
			return 1;
		}
		*out = next;
		out->mods |= KM_META;
	}
	return 1;
}

size_t
keys_to_readline(struct kkey k, char *out, size_t cap)
{
	size_t n = 0;
	const char *seq = NULL;

	if (cap < 16)
		return 0;
	if (k.mods & KM_META)
		out[n++] = 0x1b;
	switch (k.code) {
	case KK_LEFT: seq = "\002"; break;  /* C-b */
	case KK_RIGHT: seq = "\006"; break; /* C-f */
	case KK_UP: seq = "\020"; break;    /* C-p */
	case KK_DOWN: seq = "\016"; break;  /* C-n */
	case KK_HOME: seq = "\001"; break;  /* C-a */
	case KK_END: seq = "\005"; break;   /* C-e */
	case KK_DELETE: seq = "\033[3~"; break;
	case KK_BACKSPACE: seq = "\177"; break;
	case KK_ENTER: seq = "\r"; break;
	case KK_TAB: seq = "\t"; break;
	case KK_SPACE: seq = " "; break;
	case KK_ESC: seq = "\033"; break;
	default:
		break;
	}
	if (seq) {
		size_t l = strlen(seq);

		memcpy(out + n, seq, l);
		return n + l;
	}
	if (k.code >= KK_BASE || k.code == 0)
		return 0;
	{
		char enc[4];
		size_t l = u8_encode(k.code, enc);

		if (l == 0)
			return 0;
		memcpy(out + n, enc, l);
		return n + l;
	}
}
