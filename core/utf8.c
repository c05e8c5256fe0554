/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.c - UTF-8 decoding, display width, truncation and sanitizing,
 * without the C library's locale.  Widths come from utf8_tables.inc.
 *
 * A "cluster" below is one character followed by the zero-width ones
 * (combining marks, variation selectors) that belong to it: truncation
 * and column lookups never split one.
 */
#include "utf8.h"

#include <stdio.h>
#include <string.h>

#include "mem.h"

struct u8_range {
	uint32_t lo, hi;
};

#include "utf8_tables.inc"

#define N_(t) (sizeof(t) / sizeof((t)[0]))

/* At most this many zero-width characters are kept on one base by
 * u8_sanitize(): a curses cell holds a base and four more (CCHARW_MAX). */
#define SAN_MAX_MARKS 4

static const char ellipsis_utf8[] = "\xE2\x80\xA6"; /* U+2026 … */
static int ascii_ellipsis;

static int
in_table(const struct u8_range *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* ---- decoding and encoding -------------------------------------------- */

size_t
u8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t v;
	size_t n, i;

	if (len == 0)
		goto bad;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		v = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		v = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0; /* overlong */
		else if (p[0] == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		v = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90; /* overlong */
		else if (p[0] == 0xF4)
			hi = 0x8F; /* > U+10FFFF */
	} else {
		goto bad; /* continuation byte, C0, C1, F5..FF */
	}
	if (len < n || p[1] < lo || p[1] > hi)
		goto bad;
	v = v << 6 | (p[1] & 0x3F);
	for (i = 2; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		v = v << 6 | (p[i] & 0x3F);
	}
	*cp = v;
	return n;
bad:
	*cp = U8_REPLACEMENT;
	return 1;
}

/* u8_decode() reports an invalid byte as U+FFFD from one byte; a real
 * U+FFFD takes three. */
#define U8_BAD(n, cp) ((n) == 1 && (cp) == U8_REPLACEMENT)

size_t
u8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | cp >> 18);
		out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int
u8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = u8_decode(s + i, len - i, &cp);

		if (U8_BAD(n, cp))
			return 0;
		i += n;
	}
	return 1;
}

/* ---- widths ----------------------------------------------------------- */

int
u8_cpwidth(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return -1;
	if (cp < 0x300)
		return 1;
	if (cp == 0x2028 || cp == 0x2029 || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	if (in_table(u8_zero, N_(u8_zero), cp))
		return 0;
	if (in_table(u8_wide, N_(u8_wide), cp))
		return 2;
	return 1;
}

/* Width as drawing counts it: controls and invalid bytes take 1. */
static size_t
cp_cols(uint32_t cp)
{
	int w = u8_cpwidth(cp);

	return w < 0 ? 1 : (size_t)w;
}

size_t
u8_nwidth(const char *s, size_t len)
{
	size_t i = 0, w = 0;

	while (i < len) {
		uint32_t cp;

		i += u8_decode(s + i, len - i, &cp);
		w += cp_cols(cp);
	}
	return w;
}

size_t
u8_width(const char *s)
{
	return u8_nwidth(s, strlen(s));
}

size_t
u8_count(const char *s)
{
	size_t len = strlen(s), i = 0, n = 0;

	while (i < len) {
		uint32_t cp;

		i += u8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

size_t
u8_next_cluster(const char *s, size_t len, size_t *width)
{
	uint32_t cp;
	size_t n;

	if (len == 0) {
		if (width)
			*width = 0;
		return 0;
	}
	n = u8_decode(s, len, &cp);
	if (width)
		*width = cp_cols(cp);
	while (n < len) {
		size_t m = u8_decode(s + n, len - n, &cp);

		if (U8_BAD(m, cp) || u8_cpwidth(cp) != 0)
			break;
		n += m;
	}
	return n;
}

size_t
u8_prev_cluster(const char *s, size_t off)
{
	size_t i = 0, start = 0;

	while (i < off) {
		size_t n = u8_next_cluster(s + i, off - i, NULL);

		start = i;
		i += n;
	}
	return start;
}

/* ---- truncation ------------------------------------------------------- */

/* Copy s[0..n) into out (when not NULL) with invalid bytes as U+FFFD;
 * returns the bytes the copy takes. */
static size_t
copy_valid(char *out, const char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		uint32_t cp;
		size_t m = u8_decode(s + i, n - i, &cp);

		if (U8_BAD(m, cp)) {
			if (out)
				memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			if (out)
				memcpy(out + o, s + i, m);
			o += m;
		}
		i += m;
	}
	return o;
}

void
u8_set_ascii_ellipsis(int on)
{
	ascii_ellipsis = on != 0;
}

size_t
u8_truncate(char *out, size_t cap, const char *s, size_t cols, int ellipsis)
{
	size_t len = strlen(s), room, used = 0, w = 0, i = 0, ell_len = 0;
	const char *ell = NULL;

	if (cap == 0)
		return 0;
	room = cap - 1;
	if (ellipsis && cols >= 1 && u8_nwidth(s, len) > cols) {
		ell = ascii_ellipsis ? "~" : ellipsis_utf8;
		ell_len = strlen(ell);
		if (ell_len <= room) {
			room -= ell_len;
			cols -= 1;
		} else {
			ell = NULL;
		}
	}
	while (i < len) {
		size_t cw, n = u8_next_cluster(s + i, len - i, &cw), ob;

		if (w + cw > cols)
			break;
		ob = copy_valid(NULL, s + i, n);
		if (ob > room - used)
			break;
		copy_valid(out + used, s + i, n);
		used += ob;
		w += cw;
		i += n;
	}
	if (ell) {
		memcpy(out + used, ell, ell_len);
		used += ell_len;
		w += 1;
	}
	out[used] = '\0';
	return w;
}

size_t
u8_fit(char *out, size_t cap, const char *s, size_t cols)
{
	size_t w, used;

	if (cap == 0)
		return 0;
	w = u8_truncate(out, cap, s, cols, 0);
	used = strlen(out);
	while (w < cols && used + 1 < cap) {
		out[used++] = ' ';
		w++;
	}
	out[used] = '\0';
	return w;
}

size_t
u8_offset_at_col(const char *s, size_t col)
{
	size_t len = strlen(s), i = 0, c = 0;

	while (i < len) {
		size_t w, n = u8_next_cluster(s + i, len - i, &w);

		if (col < c + w)
			return i;
		c += w;
		i += n;
	}
	return len;
}

/* ---- sanitizing ------------------------------------------------------- */

struct fold {
	uint32_t cp;
	const char *to;
};

/*
 * East Asian Ambiguous characters common in Chinese text, and what they
 * become under SAN_FOLD_AMBIGUOUS: ASCII, or a wide (W) look-alike.
 * Sorted by code point.  Numbered forms (①, ⑴, ⒈, ❶) are computed in
 * fold_ambiguous().  docs/terminal.md has the same list.
 */
static const struct fold fold_table[] = {
	{0x00B0, "\xE5\xBA\xA6"}, /* ° → 度 */
	{0x00B1, "+/-"},          /* ± */
	{0x00B7, "\xE3\x83\xBB"}, /* · → ・ U+30FB (wide) */
	{0x00D7, "x"},            /* × */
	{0x00F7, "/"},            /* ÷ */
	{0x2010, "-"},            /* ‐ */
	{0x2013, "-"},            /* – */
	{0x2014, "-"},            /* — ("——" → "--") */
	{0x2015, "-"},            /* ― */
	{0x2016, "||"},           /* ‖ */
	{0x2018, "'"},            /* ‘ */
	{0x2019, "'"},            /* ’ */
	{0x201C, "\""},           /* “ */
	{0x201D, "\""},           /* ” */
	{0x2022, "*"},            /* • */
	{0x2025, ".."},           /* ‥ */
	{0x2026, "..."},          /* … */
	{0x2027, "\xE3\x83\xBB"}, /* ‧ → ・ */
	{0x2032, "'"},            /* ′ */
	{0x2033, "\""},           /* ″ */
	{0x2035, "`"},            /* ‵ */
	{0x203B, "*"},            /* ※ */
	{0x20AC, "EUR"},          /* € */
	{0x2103, "\xE5\xBA\xA6"}, /* ℃ → 度 */
	{0x2116, "No."},          /* № */
	{0x2121, "TEL"},          /* ℡ */
	{0x2122, "TM"},           /* ™ */
	{0x2190, "<-"},           /* ← */
	{0x2191, "^"},            /* ↑ */
	{0x2192, "->"},           /* → */
	{0x2193, "v"},            /* ↓ */
	{0x2194, "<->"},          /* ↔ */
	{0x21D2, "=>"},           /* ⇒ */
	{0x21D4, "<=>"},          /* ⇔ */
	{0x2248, "~="},           /* ≈ */
	{0x2260, "!="},           /* ≠ */
	{0x2264, "<="},           /* ≤ */
	{0x2265, ">="},           /* ≥ */
	{0x25CB, "\xE3\x80\x87"}, /* ○ → 〇 U+3007 (as in 二○二六年) */
	{0x25CF, "*"},            /* ● */
	{0x2605, "*"},            /* ★ */
	{0x2606, "*"},            /* ☆ */
	{0xFFFD, "?"},            /* the replacement character itself */
};

static const char *
fold_ambiguous(uint32_t cp, char tmp[8])
{
	static const char *const roman_upper[] = {
		"I", "II", "III", "IV", "V", "VI",
		"VII", "VIII", "IX", "X", "XI", "XII"};
	static const char *const roman_lower[] = {
		"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"};
	size_t lo = 0, hi = N_(fold_table);

	if (cp >= 0x2160 && cp <= 0x216B) /* Ⅰ..Ⅻ */
		return roman_upper[cp - 0x2160];
	if (cp >= 0x2170 && cp <= 0x2179) /* ⅰ..ⅹ */
		return roman_lower[cp - 0x2170];
	if (cp >= 0x2460 && cp <= 0x2473) { /* ①..⑳ */
		snprintf(tmp, 8, "(%u)", (unsigned)(cp - 0x2460 + 1));
		return tmp;
	}
	if (cp >= 0x2474 && cp <= 0x2487) { /* ⑴..⒇ */
		snprintf(tmp, 8, "(%u)", (unsigned)(cp - 0x2474 + 1));
		return tmp;
	}
	if (cp >= 0x2488 && cp <= 0x249B) { /* ⒈..⒛ */
		snprintf(tmp, 8, "%u.", (unsigned)(cp - 0x2488 + 1));
		return tmp;
	}
	if (cp >= 0x2776 && cp <= 0x277F) { /* ❶..❿ */
		snprintf(tmp, 8, "(%u)", (unsigned)(cp - 0x2776 + 1));
		return tmp;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < fold_table[mid].cp)
			hi = mid;
		else if (cp > fold_table[mid].cp)
			lo = mid + 1;
		else
			return fold_table[mid].to;
	}
	return NULL;
}

/* Code points that must not reach the terminal as they are. */
static int
san_replace(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1; /* C0 (TAB, LF handled before), DEL, C1 */
	if (in_table(u8_format, N_(u8_format), cp))
		return 1; /* bidi controls, zero-width, soft hyphen, tags */
	if (cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0)
		return 1; /* Hangul fillers: invisible blanks */
	if (!in_table(u8_assigned, N_(u8_assigned), cp))
		return 1; /* unassigned, noncharacters */
	return u8_cpwidth(cp) < 0; /* U+2028/9 are handled before */
}

struct san_out {
	char *p;
	size_t len, cap;
};

static void
san_put(struct san_out *o, const char *s, size_t n)
{
	if (o->cap - o->len < n + 1) {
		while (o->cap - o->len < n + 1)
			o->cap *= 2;
		o->p = xrealloc(o->p, o->cap);
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
san_put_cp(struct san_out *o, uint32_t cp)
{
	char enc[4];

	san_put(o, enc, u8_encode(cp, enc));
}

char *
u8_sanitize(const char *s, size_t len, unsigned flags)
{
	struct san_out o;
	size_t i = 0;
	int base = 0;  /* a character that combining marks may attach to */
	int marks = 0; /* zero-width characters kept on it so far */

	o.cap = len + len / 2 + 16;
	o.p = xmalloc(o.cap);
	o.len = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = u8_decode(s + i, len - i, &cp);
		const char *f;
		char tmp[8];

		i += n;
		if (cp == '\r' && i < len && s[i] == '\n')
			continue; /* CRLF is a line end: keep the LF */
		if (cp == '\n' || cp == 0x2028 || cp == 0x2029) {
			if (flags & SAN_KEEP_NEWLINE) {
				san_put(&o, "\n", 1);
				base = 0;
			} else {
				san_put(&o, " ", 1);
				base = 1;
			}
			marks = 0;
			continue;
		}
		if (cp == '\t') {
			cp = ' ';
		} else if (U8_BAD(n, cp) || san_replace(cp)) {
			cp = U8_REPLACEMENT;
		} else if (u8_cpwidth(cp) == 0) {
			if (!base) {
				cp = U8_REPLACEMENT; /* orphan mark */
			} else {
				if (marks < SAN_MAX_MARKS)
					san_put(&o, s + i - n, n);
				marks++;
				continue;
			}
		}
		base = 1;
		marks = 0;
		if ((flags & SAN_FOLD_AMBIGUOUS) &&
		    (f = fold_ambiguous(cp, tmp)) != NULL)
			san_put(&o, f, strlen(f));
		else
			san_put_cp(&o, cp);
	}
	o.p[o.len] = '\0';
	return xrealloc(o.p, o.len + 1);
}
