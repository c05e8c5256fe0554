/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "wrap.h"

#include <stdint.h>
#include <string.h>

#include "../core/utf8.h"

static int
latin(uint32_t cp)
{
	return cp < 0x1100 && cp != ' ';
}

/* Chinese punctuation that may not begin a line (避头点). */
static int
no_line_start(uint32_t cp)
{
	static const uint32_t set[] = {
		0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01,
		0xFF1F, 0xFF09, 0x300B, 0x300D, 0x300F, 0x3011, 0x3009,
		0x3015, 0x3017, 0xFF3D, 0xFF5D, 0x2019, 0x201D,
	};
	size_t i;

	for (i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* Start of the last character (with its combining marks) in [start, i). */
static size_t
last_char(const char *s, size_t start, size_t i)
{
	size_t j = start, last = start;

	while (j < i) {
		uint32_t cp;
		size_t k = u8_decode(s + j, i - j, &cp);

		if (u8_cpwidth(cp) != 0 || j == start)
			last = j;
		j += k;
	}
	return last;
}

size_t
wrap_text(const char *s, size_t cols, wrap_fn fn, void *ud)
{
	size_t len = strlen(s), i = 0, start = 0, width = 0, lines = 0;
	size_t space = 0; /* offset just after the last space on the line */

	if (cols < 1)
		cols = 1;
	while (i < len) {
		uint32_t cp;
		size_t k = u8_decode(s + i, len - i, &cp);
		int w = u8_cpwidth(cp);

		if (cp == '\n') {
			fn(s + start, i - start, ud);
			lines++;
			i += k;
			start = i;
			width = 0;
			space = 0;
			continue;
		}
		if (w < 0)
			w = 1;
		if (width + (size_t)w > cols && i > start) {
			if (cp == ' ') {
				/* break here; drop the spaces */
				fn(s + start, i - start, ud);
				lines++;
				while (i < len && s[i] == ' ')
					i++;
				start = i;
				width = 0;
				space = 0;
				continue;
			}
			if (latin(cp) && space > start) {
				size_t end = space;

				while (end > start && s[end - 1] == ' ')
					end--;
				fn(s + start, end - start, ud);
				lines++;
				start = space;
				width = u8_nwidth(s + start, i - start);
				space = 0;
			} else {
				size_t cut = i;

				/* keep 、。，) off the start of a line: move the
				 * character before it down with it */
				if (no_line_start(cp)) {
					size_t b = last_char(s, start, i);

					if (b > start)
						cut = b;
				}
				fn(s + start, cut - start, ud);
				lines++;
				start = cut;
				width = u8_nwidth(s + cut, i - cut);
				space = 0;
			}
		}
		width += (size_t)w;
		i += k;
		if (cp == ' ')
			space = i;
	}
	if (start < len || lines == 0) {
		fn(s + start, len - start, ud);
		lines++;
	}
	return lines;
}
