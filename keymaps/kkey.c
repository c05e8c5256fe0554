/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kkey.c - key names: parsing ("C-x", "PgDn", "工") and canonical names.
 *
 * Keys are normalised before they are named or compared: the control
 * codes a terminal sends for Tab, Enter, Esc, Backspace and the space bar
 * become the KK_ keys, so "C-i" is Tab and "C-m" / "C-j" are Enter.
 */
#include "keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/utf8.h"

struct key_name {
	uint32_t code;
	const char *name;
};

/* The first entry of a code is its canonical name; the rest are aliases. */
static const struct key_name key_names[] = {
    {KK_ENTER, "Enter"},   {KK_ENTER, "Return"},  {KK_TAB, "Tab"},
    {KK_BTAB, "S-Tab"},    {KK_BTAB, "BTab"},     {KK_ESC, "Esc"},
    {KK_ESC, "Escape"},    {KK_SPACE, "Space"},   {KK_BACKSPACE, "Backspace"},
    {KK_BACKSPACE, "BS"},  {KK_DELETE, "Delete"}, {KK_DELETE, "Del"},
    {KK_INSERT, "Insert"}, {KK_INSERT, "Ins"},    {KK_HOME, "Home"},
    {KK_END, "End"},       {KK_PGUP, "PgUp"},     {KK_PGUP, "PageUp"},
    {KK_PGDN, "PgDn"},     {KK_PGDN, "PageDown"}, {KK_UP, "Up"},
    {KK_DOWN, "Down"},     {KK_LEFT, "Left"},     {KK_RIGHT, "Right"},
};

#define N_KEY_NAMES (sizeof key_names / sizeof key_names[0])

struct kkey
kkey_norm(struct kkey k)
{
	switch (k.code) {
	case 0x09:
		k.code = KK_TAB;
		break;
	case 0x0a:
	case 0x0d:
		k.code = KK_ENTER;
		break;
	case 0x1b:
		k.code = KK_ESC;
		break;
	case 0x20:
		k.code = KK_SPACE;
		break;
	case 0x7f:
		k.code = KK_BACKSPACE;
		break;
	default:
		break;
	}
	return k;
}

int
kkey_is_text(struct kkey k)
{
	k = kkey_norm(k);
	if (k.mods != 0)
		return 0;
	if (k.code == KK_SPACE)
		return 1;
	return k.code >= 0x20 && k.code < KK_BASE && u8_cpwidth(k.code) >= 0;
}

/* A character that is its own key name: visible, not a space. */
static int
is_char_key(uint32_t cp)
{
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	return cp > 0x20 && cp < KK_BASE && u8_cpwidth(cp) >= 1;
}

static enum status
parse_plain(const char *name, struct kkey *out)
{
	size_t len = strlen(name), i;
	uint32_t cp;
	char *end;
	long n;

	if (len == 0)
		return ST_BAD_KEY;
	if (u8_valid(name, len) && u8_decode(name, len, &cp) == len) {
		if (!is_char_key(cp))
			return ST_BAD_KEY;
		out->code = cp;
		out->mods = 0;
		return ST_OK;
	}
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-') {
		char c = name[2];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			return ST_BAD_KEY;
		out->code = (uint32_t)(c - 'a' + 1);
		out->mods = 0;
		*out = kkey_norm(*out);
		return ST_OK;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9' && len <= 3) {
		n = strtol(name + 1, &end, 10);
		if (*end != '\0' || n < 1 || n > 12)
			return ST_BAD_KEY;
		out->code = (uint32_t)(KK_F1 + n - 1);
		out->mods = 0;
		return ST_OK;
	}
	for (i = 0; i < N_KEY_NAMES; i++) {
		if (strcasecmp(key_names[i].name, name) == 0) {
			out->code = key_names[i].code;
			out->mods = 0;
			return ST_OK;
		}
	}
	return ST_BAD_KEY;
}

enum status
kkey_parse(const char *name, struct kkey *out)
{
	struct kkey k;
	enum status st;

	if (!name || !out)
		return ST_BAD_KEY;
	if (strlen(name) > 2 && (name[0] == 'M' || name[0] == 'm') &&
	    name[1] == '-') {
		st = parse_plain(name + 2, &k);
		if (st != ST_OK)
			return st;
		k.mods |= KM_META;
		*out = k;
		return ST_OK;
	}
	st = parse_plain(name, &k);
	if (st == ST_OK)
		*out = k;
	return st;
}

/* Name of a key without modifiers into out. */
static enum status
plain_name(uint32_t code, char *out, size_t cap)
{
	char enc[5];
	size_t i, n;
	int w;

	if (code >= 1 && code <= 26) {
		w = snprintf(out, cap, "C-%c", (char)('a' + code - 1));
	} else if (code >= KK_F1 && code <= KK_F12) {
		w = snprintf(out, cap, "F%u", (unsigned)(code - KK_F1 + 1));
	} else if (code < KK_BASE) {
		if (!is_char_key(code))
			return ST_BAD_KEY;
		n = u8_encode(code, enc);
		if (n == 0)
			return ST_BAD_KEY;
		enc[n] = '\0';
		w = snprintf(out, cap, "%s", enc);
	} else {
		for (i = 0; i < N_KEY_NAMES; i++)
			if (key_names[i].code == code)
				break;
		if (i == N_KEY_NAMES)
			return ST_BAD_KEY;
		w = snprintf(out, cap, "%s", key_names[i].name);
	}
	if (w < 0 || (size_t)w >= cap)
		return ST_TOO_LONG;
	return ST_OK;
}

enum status
kkey_name(struct kkey k, char *out, size_t cap)
{
	size_t off = 0;
	enum status st;

	if (!out || cap == 0)
		return ST_TOO_LONG;
	out[0] = '\0';
	k = kkey_norm(k);
	if (k.mods & ~(unsigned)KM_META)
		return ST_BAD_KEY;
	if (k.mods & KM_META) {
		if (cap < 3)
			return ST_TOO_LONG;
		memcpy(out, "M-", 2);
		off = 2;
	}
	st = plain_name(k.code, out + off, cap - off);
	if (st != ST_OK)
		out[0] = '\0';
	return st;
}

enum status
kkey_parse_seq(const char *spec, struct kkey *out, size_t *n)
{
	const char *p = spec, *start;
	char word[64];
	size_t count = 0, len;
	struct kkey k;

	if (n)
		*n = 0;
	if (!spec || !out || !n)
		return ST_BAD_KEY;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p && *p != ' ')
			p++;
		len = (size_t)(p - start);
		if (len >= sizeof word || count == KMAP_MAX_SEQ)
			return ST_BAD_KEY;
		memcpy(word, start, len);
		word[len] = '\0';
		if (kkey_parse(word, &k) != ST_OK)
			return ST_BAD_KEY;
		out[count++] = k;
	}
	if (count == 0)
		return ST_BAD_KEY;
	*n = count;
	return ST_OK;
}

enum status
kkey_seq_name(const struct kkey *keys, size_t n, char *out, size_t cap)
{
	size_t i, off = 0, len;
	enum status st;

	if (!out || cap == 0)
		return ST_TOO_LONG;
	out[0] = '\0';
	if (n == 0 || n > KMAP_MAX_SEQ)
		return ST_BAD_KEY;
	for (i = 0; i < n; i++) {
		if (i > 0) {
			if (off + 1 >= cap) {
				out[0] = '\0';
				return ST_TOO_LONG;
			}
			out[off++] = ' ';
			out[off] = '\0';
		}
		st = kkey_name(keys[i], out + off, cap - off);
		if (st != ST_OK) {
			out[0] = '\0';
			return st;
		}
		len = strlen(out + off);
		off += len;
	}
	return ST_OK;
}
