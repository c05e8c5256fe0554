/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "draw.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "../core/utf8.h"

#define DRAW_MAX 1024 /* code points per call; rows are never wider */

/* UTF-8 → wide characters (locale-independent); returns the count. */
static size_t
to_wide(const char *s, wchar_t *out, size_t cap)
{
	size_t n = 0, len = strlen(s), i = 0;

	while (i < len && n + 1 < cap) {
		uint32_t cp;
		size_t k = u8_decode(s + i, len - i, &cp);

		if (u8_cpwidth(cp) < 0)
			cp = U8_REPLACEMENT;
		out[n++] = (wchar_t)cp;
		i += k;
	}
	out[n] = L'\0';
	return n;
}

static int
put(WINDOW *w, int y, int x, const char *s, attr_t a)
{
	wchar_t ws[DRAW_MAX + 1];
	size_t n = to_wide(s, ws, sizeof ws / sizeof ws[0]);

	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	mvwaddnwstr(w, y, x, ws, (int)n);
	wattr_set(w, A_NORMAL, 0, NULL);
	return 0;
}

int
draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t a)
{
	char buf[DRAW_MAX * 4 + 1];
	size_t used;

	if (cols <= 0 || s == NULL)
		return 0;
	used = u8_truncate(buf, sizeof buf, s, (size_t)cols, 0);
	put(w, y, x, buf, a);
	return (int)used;
}

void
draw_fit(WINDOW *w, int y, int x, const char *s, int cols, attr_t a)
{
	char buf[DRAW_MAX * 4 + 1];

	if (cols <= 0)
		return;
	u8_fit(buf, sizeof buf, s ? s : "", (size_t)cols);
	put(w, y, x, buf, a);
}

void
draw_blank(WINDOW *w, int y, int x, int cols, attr_t a)
{
	draw_fit(w, y, x, "", cols, a);
}

void
draw_center(WINDOW *w, int y, const char *s, attr_t a)
{
	int cols = getmaxx(w);
	int width = (int)u8_width(s);
	int x = width < cols ? (cols - width) / 2 : 0;

	draw_text(w, y, x, s, cols - x, a);
}

size_t
row_cell(char *out, size_t cap, size_t off, const char *s, int w, int last)
{
	if (w <= 0 || off >= cap)
		return off;
	u8_fit(out + off, cap - off, s ? s : "", (size_t)w);
	off += strlen(out + off);
	if (!last && off + 1 < cap) {
		out[off++] = ' ';
		out[off] = '\0';
	}
	return off;
}

int
col_width(int w, enum msg_id heading)
{
	int h = (int)u8_width(tr(heading));

	return w > h ? w : h;
}
