/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_utf8.c - decoding, widths, truncation and sanitizing (core/utf8.c)
 * with Chinese, emoji, combining marks and hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define RC "\xEF\xBF\xBD" /* U+FFFD */

/* ---- decoding --------------------------------------------------------- */

static void
check_decode(const char *s, size_t len, uint32_t want_cp, size_t want_n)
{
	uint32_t cp = 0x12345678;
	size_t n = u8_decode(s, len, &cp);

	if (n != want_n || cp != want_cp)
		fail_msg("decode of %zu bytes: got U+%04X/%zu, want U+%04X/%zu",
			 len, (unsigned)cp, n, (unsigned)want_cp, want_n);
}

static void
test_decode_valid(void **state)
{
	(void)state;
	check_decode("A", 1, 'A', 1);
	check_decode("\0", 1, 0, 1);
	check_decode("\xC3\xA9", 2, 0xE9, 2);              /* é */
	check_decode("\xE4\xB8\x9C", 3, 0x4E1C, 3);        /* 东 */
	check_decode("\xE8\x8E\x9E", 3, 0x839E, 3);        /* 莞 */
	check_decode("\xF0\x9F\x98\x80", 4, 0x1F600, 4);   /* 😀 */
	check_decode("\xF0\xA0\x80\x80", 4, 0x20000, 4);   /* 𠀀 Ext B */
	check_decode("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4);
	check_decode("\xEF\xBF\xBD", 3, 0xFFFD, 3);        /* a real U+FFFD */
	check_decode("\xED\x9F\xBF", 3, 0xD7FF, 3);        /* before D800 */
	check_decode("\xEE\x80\x80", 3, 0xE000, 3);        /* after DFFF */
	check_decode("\xE4\xB8\x9Cxyz", 6, 0x4E1C, 3);     /* stops after one */
}

static void
test_decode_invalid(void **state)
{
	(void)state;
	check_decode("\x80", 1, U8_REPLACEMENT, 1);          /* lone cont. */
	check_decode("\xBF\x80", 2, U8_REPLACEMENT, 1);
	check_decode("\xC0\xAF", 2, U8_REPLACEMENT, 1);      /* overlong / */
	check_decode("\xC1\xBF", 2, U8_REPLACEMENT, 1);      /* overlong */
	check_decode("\xE0\x80\xAF", 3, U8_REPLACEMENT, 1);  /* overlong */
	check_decode("\xE0\x9F\xBF", 3, U8_REPLACEMENT, 1);  /* overlong */
	check_decode("\xF0\x8F\xBF\xBF", 4, U8_REPLACEMENT, 1);
	check_decode("\xED\xA0\x80", 3, U8_REPLACEMENT, 1);  /* surrogate */
	check_decode("\xED\xBF\xBF", 3, U8_REPLACEMENT, 1);  /* surrogate */
	check_decode("\xF4\x90\x80\x80", 4, U8_REPLACEMENT, 1); /* > 10FFFF */
	check_decode("\xF5\x80\x80\x80", 4, U8_REPLACEMENT, 1);
	check_decode("\xFF", 1, U8_REPLACEMENT, 1);
	check_decode("\xFE", 1, U8_REPLACEMENT, 1);
	check_decode("\xE4\xB8", 2, U8_REPLACEMENT, 1);      /* truncated */
	check_decode("\xE4\xB8\x9C", 2, U8_REPLACEMENT, 1);  /* len cuts it */
	check_decode("\xF0\x9F\x98", 3, U8_REPLACEMENT, 1);
	check_decode("\xE4" "A\x9C", 3, U8_REPLACEMENT, 1);  /* bad 2nd byte */
	check_decode("\xE4\xB8" "A", 3, U8_REPLACEMENT, 1);  /* bad 3rd byte */
	check_decode("\xC3" "A", 2, U8_REPLACEMENT, 1);
}

/* Expected encoded length, from the UTF-8 definition. */
static size_t
want_len(uint32_t cp)
{
	if (cp < 0x80)
		return 1;
	if (cp < 0x800)
		return 2;
	if (cp < 0x10000)
		return 3;
	return 4;
}

static void
test_encode_roundtrip_all(void **state)
{
	uint32_t cp;
	char buf[4];

	(void)state;
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		uint32_t back = 0;
		size_t n = u8_encode(cp, buf);

		if (cp >= 0xD800 && cp <= 0xDFFF) {
			if (n != 0)
				fail_msg("U+%04X encoded", (unsigned)cp);
			continue;
		}
		if (n != want_len(cp))
			fail_msg("U+%04X: %zu bytes", (unsigned)cp, n);
		if (u8_decode(buf, n, &back) != n || back != cp)
			fail_msg("U+%04X does not round-trip", (unsigned)cp);
		if (!u8_valid(buf, n))
			fail_msg("U+%04X encoding not valid", (unsigned)cp);
	}
	assert_int_equal(u8_encode(0x110000, buf), 0);
	assert_int_equal(u8_encode(0xFFFFFFFFu, buf), 0);
	assert_int_equal(u8_encode(0x4E1C, buf), 3);
	assert_memory_equal(buf, "\xE4\xB8\x9C", 3);
}

static void
test_valid(void **state)
{
	static const char ok[] = "东莞市12345热线 😀 e\xCC\x81";
	(void)state;
	assert_true(u8_valid("", 0));
	assert_true(u8_valid(ok, strlen(ok)));
	assert_false(u8_valid("a\x80", 2));
	assert_false(u8_valid("\xC0\xAF", 2));
	assert_false(u8_valid("\xED\xA0\x80", 3));
	assert_false(u8_valid("东\xE8\x8E", 5));  /* truncated at the end */
	assert_true(u8_valid("东\xE8\x8E", 3));   /* len stops before it */
	assert_false(u8_valid("\xF4\x90\x80\x80", 4));
	assert_true(u8_valid("a\0b", 3));         /* NUL is valid UTF-8 */
}

/* ---- widths ----------------------------------------------------------- */

struct wcase {
	uint32_t cp;
	int w;
};

static void
test_cpwidth_samples(void **state)
{
	static const struct wcase cases[] = {
		{'A', 1}, {' ', 1}, {'~', 1}, {0xA0, 1}, {0xE9, 1},
		{0, -1}, {0x07, -1}, {0x08, -1}, {0x09, -1}, {0x0A, -1},
		{0x0D, -1}, {0x1B, -1}, {0x1F, -1}, {0x7F, -1}, {0x80, -1},
		{0x85, -1}, {0x9B, -1}, {0x9F, -1}, {0x2028, -1},
		{0x2029, -1}, {0xD800, -1}, {0x110000, -1},
		/* CJK: URO, Ext A..G, compatibility, punctuation */
		{0x4E1C, 2}, {0x839E, 2}, {0x5E02, 2}, {0x4E00, 2},
		{0x9FFF, 2}, {0x3400, 2}, {0x4DBF, 2}, {0x20000, 2},
		{0x2A6DF, 2}, {0x2A700, 2}, {0x2B740, 2}, {0x2B820, 2},
		{0x2CEB0, 2}, {0x30000, 2}, {0x3134A, 2}, {0xF900, 2},
		{0x3000, 2}, {0x3001, 2}, {0x3002, 2}, {0x300A, 2},
		{0x3010, 2}, {0x303E, 2}, {0x3007, 2},
		{0x303F, 1}, /* half fill space: narrow in EAW and glibc */
		{0x302A, 0}, /* ideographic tone marks are combining */
		/* full width forms; halfwidth forms stay 1 */
		{0xFF01, 2}, {0xFF0C, 2}, {0xFF1A, 2}, {0xFF21, 2},
		{0xFF60, 2}, {0xFFE0, 2}, {0xFFE5, 2}, {0xFFE6, 2},
		{0xFF61, 1}, {0xFF71, 1}, {0xFFE8, 1},
		/* Hangul, kana */
		{0x1100, 2}, {0x115F, 2}, {0x1160, 0}, {0x11A8, 0},
		{0xAC00, 2}, {0xD55C, 2}, {0xD7A3, 2}, {0x3131, 2},
		{0x3042, 2}, {0x30A2, 2}, {0x30FB, 2}, {0x3099, 0},
		/* emoji presentation */
		{0x1F600, 2}, {0x1F64F, 2}, {0x1F300, 2}, {0x1F680, 2},
		{0x1F914, 2}, {0x1F9FF, 2}, {0x1F44D, 2}, {0x231A, 2},
		{0x2705, 2}, {0x2B50, 2}, {0x1F004, 2},
		/* text-presentation symbols in those blocks: 1, as glibc */
		{0x1F321, 1}, {0x1F336, 1}, {0x1F5A5, 1}, {0x1F900, 1},
		{0x1F90B, 1}, {0x1F93B, 1}, {0x1F946, 1}, {0x2764, 1},
		{0x1F1E8, 1}, /* regional indicator */
		/* combining marks, variation selectors, zero width */
		{0x0300, 0}, {0x0301, 0}, {0x036F, 0}, {0x0483, 0},
		{0x05B0, 0}, {0x0E31, 0}, {0x1AB0, 0}, {0x1AFF, 0},
		{0x1DC0, 0}, {0x1DFF, 0}, {0x20D0, 0}, {0x20E3, 0},
		{0x20FF, 0}, {0xFE20, 0}, {0xFE2F, 0}, {0xFE00, 0},
		{0xFE0E, 0}, {0xFE0F, 0}, {0xE0100, 0}, {0x200B, 0},
		{0x200C, 0}, {0x200D, 0}, {0x200E, 0}, {0x202E, 0},
		{0x2060, 0}, {0xFEFF, 0},
		{0x00AD, 1}, /* soft hyphen: 1, as glibc */
		{0x0600, 1}, /* prepended concatenation mark: visible */
		/* East Asian Ambiguous: 1 (policy) */
		{0x00B7, 1}, {0x201C, 1}, {0x201D, 1}, {0x2018, 1},
		{0x2026, 1}, {0x2014, 1}, {0x2460, 1}, {0x203B, 1},
		{0x2605, 1}, {0x2192, 1}, {0x25CB, 1}, {0x2500, 1},
		{0x0391, 1}, {0x0410, 1}, {0xFFFD, 1}, {0xE000, 1},
		/* other narrow scripts */
		{0x0627, 1}, {0x05D0, 1}, {0x0E01, 1}, {0x10FFFD, 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int w = u8_cpwidth(cases[i].cp);

		if (w != cases[i].w)
			fail_msg("width of U+%04X: got %d, want %d",
				 (unsigned)cases[i].cp, w, cases[i].w);
	}
}

struct wrange {
	uint32_t lo, hi;
	int w;
};

/* Whole ranges the house rules name, checked at every code point. */
static void
test_cpwidth_ranges(void **state)
{
	static const struct wrange ranges[] = {
		{0x20, 0x7E, 1},       {0x00, 0x1F, -1},
		{0x80, 0x9F, -1},      {0xA0, 0x2FF, 1},
		{0x4E00, 0x9FFF, 2},   {0x3400, 0x4DBF, 2},
		{0x20000, 0x2A6DF, 2}, {0x2A700, 0x2EBE0, 2},
		{0x30000, 0x3134A, 2}, {0xF900, 0xFAFF, 2},
		{0x3000, 0x3029, 2},   {0x302E, 0x303E, 2},
		{0xFF01, 0xFF60, 2},   {0xFFE0, 0xFFE6, 2},
		{0xFF61, 0xFFDC, 1},   {0xAC00, 0xD7A3, 2},
		{0x1100, 0x115F, 2},   {0x1160, 0x11FF, 0},
		{0x3041, 0x3096, 2},   {0x30A0, 0x30FF, 2},
		{0x1F600, 0x1F64F, 2}, {0x1F680, 0x1F6C5, 2},
		{0x1F947, 0x1F9FF, 2}, {0x1F90C, 0x1F93A, 2},
		{0x0300, 0x036F, 0},   {0x1AB0, 0x1AFF, 0},
		{0x1DC0, 0x1DFF, 0},   {0x20D0, 0x20FF, 0},
		{0xFE20, 0xFE2F, 0},   {0xFE00, 0xFE0F, 0},
		{0xE0100, 0xE01EF, 0}, {0x200B, 0x200F, 0},
		{0x202A, 0x202E, 0},   {0x2066, 0x2069, 0},
	};
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		for (cp = ranges[i].lo; cp <= ranges[i].hi; cp++)
			if (u8_cpwidth(cp) != ranges[i].w)
				fail_msg("width of U+%04X: got %d, want %d",
					 (unsigned)cp, u8_cpwidth(cp),
					 ranges[i].w);
}

static void
test_width_strings(void **state)
{
	(void)state;
	/* 东莞市 6 + 12345 5 + 热线 4 */
	assert_int_equal(u8_width("东莞市12345热线"), 15);
	assert_int_equal(u8_width(""), 0);
	assert_int_equal(u8_width("hotline"), 7);
	assert_int_equal(u8_width("e\xCC\x81"), 1);          /* é decomposed */
	assert_int_equal(u8_width("e\xCC\x81\xCC\x80"), 1);
	assert_int_equal(u8_width("😀"), 2);
	assert_int_equal(u8_width("工单😀OK"), 8);
	assert_int_equal(u8_width("ＡＢＣ"), 6);
	assert_int_equal(u8_width("ｱｲｳ"), 3);
	assert_int_equal(u8_width("한국어"), 6);
	assert_int_equal(u8_width("にほんご"), 8);
	assert_int_equal(u8_width("“东莞”"), 6);        /* ambiguous = 1 */
	assert_int_equal(u8_width("A\x80" "B"), 3);     /* bad byte = 1 */
	assert_int_equal(u8_width("\x1b[2J"), 4);        /* ESC = 1 */
	assert_int_equal(u8_width("\xC0\xAF"), 2);
	assert_int_equal(u8_width("a\xE2\x80\x8B" "b"), 2); /* ZWSP */
	assert_int_equal(u8_nwidth("东莞", 3), 2);
	assert_int_equal(u8_nwidth("东莞", 4), 3); /* cut 莞 counts 1 */
	assert_int_equal(u8_nwidth("东莞", 6), 4);
	assert_int_equal(u8_nwidth("a\0b", 3), 3); /* NUL is a control */
	assert_int_equal(u8_count("东莞市12345热线"), 10);
	assert_int_equal(u8_count("e\xCC\x81"), 2);
	assert_int_equal(u8_count("\xC0\xAF"), 2);
	assert_int_equal(u8_count(""), 0);
	assert_int_equal(u8_count("😀😀"), 2);
}

/* ---- clusters and columns --------------------------------------------- */

static void
test_clusters(void **state)
{
	static const char s[] = "e\xCC\x81东\xCC\x80\xCC\x81😀x";
	size_t w = 99, n;

	(void)state;
	n = u8_next_cluster(s, strlen(s), &w);
	assert_int_equal(n, 3);
	assert_int_equal(w, 1);
	n = u8_next_cluster(s + 3, strlen(s) - 3, &w);
	assert_int_equal(n, 7); /* 东 + two marks */
	assert_int_equal(w, 2);
	n = u8_next_cluster(s + 10, strlen(s) - 10, &w);
	assert_int_equal(n, 4);
	assert_int_equal(w, 2);
	n = u8_next_cluster(s + 14, strlen(s) - 14, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(u8_next_cluster(s, 0, &w), 0);
	assert_int_equal(w, 0);
	/* an invalid byte is its own cluster, and marks do not join it
	 * to the next character */
	assert_int_equal(u8_next_cluster("\xFF\xCC\x81", 3, &w), 3);
	assert_int_equal(u8_next_cluster("a\xFF", 2, &w), 1);
	/* backwards */
	assert_int_equal(u8_prev_cluster(s, 15), 14);
	assert_int_equal(u8_prev_cluster(s, 14), 10);
	assert_int_equal(u8_prev_cluster(s, 10), 3);
	assert_int_equal(u8_prev_cluster(s, 3), 0);
	assert_int_equal(u8_prev_cluster(s, 0), 0);
}

static void
test_offset_at_col(void **state)
{
	static const char s[] = "a东b";
	static const char m[] = "e\xCC\x81x";

	(void)state;
	assert_int_equal(u8_offset_at_col(s, 0), 0);
	assert_int_equal(u8_offset_at_col(s, 1), 1); /* left half of 东 */
	assert_int_equal(u8_offset_at_col(s, 2), 1); /* right half */
	assert_int_equal(u8_offset_at_col(s, 3), 4);
	assert_int_equal(u8_offset_at_col(s, 4), 5);
	assert_int_equal(u8_offset_at_col(s, 100), 5);
	assert_int_equal(u8_offset_at_col(m, 0), 0);
	assert_int_equal(u8_offset_at_col(m, 1), 3); /* past the mark */
	assert_int_equal(u8_offset_at_col("", 0), 0);
}

/* ---- truncation ------------------------------------------------------- */

static void
check_trunc(const char *s, size_t cols, int ell, const char *want,
	    size_t want_w)
{
	char out[128];
	size_t w;

	memset(out, 'Z', sizeof(out));
	w = u8_truncate(out, sizeof(out), s, cols, ell);
	if (strcmp(out, want) != 0 || w != want_w)
		fail_msg("truncate(\"%s\", %zu, %d) = \"%s\"/%zu, want "
			 "\"%s\"/%zu",
			 s, cols, ell, out, w, want, want_w);
}

static void
test_truncate_cases(void **state)
{
	static const char s[] = "东莞市12345热线";

	(void)state;
	check_trunc(s, 15, 0, s, 15);
	check_trunc(s, 15, 1, s, 15);
	check_trunc(s, 40, 1, s, 15);
	/* 线 would straddle column 14: not drawn half */
	check_trunc(s, 14, 0, "东莞市12345热", 13);
	check_trunc(s, 14, 1, "东莞市12345热…", 14);
	check_trunc(s, 13, 1, "东莞市12345…", 12);
	check_trunc(s, 7, 0, "东莞市1", 7);
	check_trunc(s, 6, 0, "东莞市", 6);
	check_trunc(s, 5, 0, "东莞", 4);
	check_trunc(s, 5, 1, "东莞…", 5);
	check_trunc(s, 4, 1, "东…", 3);
	check_trunc(s, 2, 1, "…", 1);
	check_trunc(s, 1, 0, "", 0);
	check_trunc(s, 1, 1, "…", 1);
	check_trunc(s, 0, 1, "", 0);
	check_trunc(s, 0, 0, "", 0);
	/* combining marks stay with their base */
	check_trunc("e\xCC\x81" "e\xCC\x81", 1, 0, "e\xCC\x81", 1);
	check_trunc("e\xCC\x81" "e\xCC\x81", 2, 0, "e\xCC\x81" "e\xCC\x81", 2);
	check_trunc("e\xCC\x81xyz", 2, 1, "e\xCC\x81…", 2);
	/* emoji */
	check_trunc("😀😀😀", 5, 0, "😀😀", 4);
	check_trunc("😀😀😀", 5, 1, "😀😀…", 5);
	/* invalid bytes come out as U+FFFD, still one column */
	check_trunc("a\xFF" "b", 3, 0, "a" RC "b", 3);
	check_trunc("a\xC0\xAF" "b", 3, 1, "a" RC "…", 3);
	check_trunc("", 5, 1, "", 0);
}

static void
test_truncate_cap(void **state)
{
	char out[16];

	(void)state;
	/* cap holds 东 (3 bytes) + NUL but not 莞 */
	assert_int_equal(u8_truncate(out, 4, "东莞", 10, 0), 2);
	assert_string_equal(out, "东");
	assert_int_equal(u8_truncate(out, 6, "东莞", 10, 0), 2);
	assert_string_equal(out, "东");
	assert_int_equal(u8_truncate(out, 3, "东莞", 10, 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(u8_truncate(out, 1, "abc", 10, 1), 0);
	assert_string_equal(out, "");
	/* room for the ellipsis is kept when the text does not fit */
	assert_int_equal(u8_truncate(out, 7, "东莞市", 5, 1), 3);
	assert_string_equal(out, "东…");
	/* no room for an ellipsis at all: plain cut */
	assert_int_equal(u8_truncate(out, 3, "abcdef", 4, 1), 2);
	assert_string_equal(out, "ab");
	/* cap 0 writes nothing */
	memset(out, 'Z', sizeof(out));
	assert_int_equal(u8_truncate(out, 0, "abc", 10, 1), 0);
	assert_int_equal(out[0], 'Z');
}

static void
test_ascii_ellipsis(void **state)
{
	char out[32];

	(void)state;
	u8_set_ascii_ellipsis(1);
	assert_int_equal(u8_truncate(out, sizeof(out), "东莞市12345", 6, 1),
			 5);
	assert_string_equal(out, "东莞~");
	u8_set_ascii_ellipsis(0);
	assert_int_equal(u8_truncate(out, sizeof(out), "东莞市12345", 6, 1),
			 5);
	assert_string_equal(out, "东莞…");
}

/* Every column count on a mixed string: valid UTF-8, width <= cols, a
 * prefix cut at a cluster boundary, losing at most one column. */
static void
test_truncate_every_column(void **state)
{
	static const char *const inputs[] = {
		"工单A东\xCC\x81😀e\xCC\x81\xCC\x80ｱ한x\xE3\x80\x82" "end",
		"市民反映：东城街道夜间施工噪音扰民，要求处理。",
		"a\xCC\x81\xCC\x82\xCC\x83" "b",
		"😀😀a😀",
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
		const char *s = inputs[k];
		size_t total = u8_width(s), cols;
		int ell;

		assert_true(u8_valid(s, strlen(s)));
		for (cols = 0; cols <= total + 2; cols++) {
			for (ell = 0; ell <= 1; ell++) {
				char out[256], fit[256];
				size_t w = u8_truncate(out, sizeof(out), s,
						       cols, ell);
				size_t plen = strlen(out), fw;
				uint32_t cp;

				assert_true(u8_valid(out, plen));
				assert_int_equal(w, u8_width(out));
				assert_true(w <= cols);
				if (ell && total > cols && cols > 0) {
					assert_true(plen >= 3);
					assert_memory_equal(out + plen - 3,
							    "…", 3);
					plen -= 3;
					w -= 1;
				}
				/* a prefix of s ... */
				assert_memory_equal(out, s, plen);
				/* ... that does not cut a mark off its base */
				if (s[plen] != '\0') {
					u8_decode(s + plen, strlen(s + plen),
						  &cp);
					assert_int_not_equal(u8_cpwidth(cp), 0);
				}
				/* ... and loses at most one column */
				if (total <= cols)
					assert_int_equal(plen, strlen(s));
				else
					assert_true(w + 1 + (ell && cols > 0) >=
						    cols);
				fw = u8_fit(fit, sizeof(fit), s, cols);
				assert_int_equal(fw, cols);
				assert_int_equal(u8_width(fit), cols);
				assert_true(u8_valid(fit, strlen(fit)));
			}
		}
	}
}

static void
test_fit(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(u8_fit(out, sizeof(out), "东莞", 3), 3);
	assert_string_equal(out, "东 "); /* 莞 would straddle: a space */
	assert_int_equal(u8_fit(out, sizeof(out), "东莞", 5), 5);
	assert_string_equal(out, "东莞 ");
	assert_int_equal(u8_fit(out, sizeof(out), "abc", 2), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(u8_fit(out, sizeof(out), "", 4), 4);
	assert_string_equal(out, "    ");
	assert_int_equal(u8_fit(out, sizeof(out), "e\xCC\x81", 2), 2);
	assert_string_equal(out, "e\xCC\x81 ");
	/* cap stops the padding */
	assert_int_equal(u8_fit(out, 4, "a", 10), 3);
	assert_string_equal(out, "a  ");
}

/* ---- sanitizing ------------------------------------------------------- */

static void
check_san(const char *s, size_t len, unsigned flags, const char *want)
{
	char *out = u8_sanitize(s, len, flags);

	if (strcmp(out, want) != 0) {
		char got[512];

		snprintf(got, sizeof(got), "%s", out);
		free(out);
		fail_msg("sanitize(%zu bytes, %u): got \"%s\", want \"%s\"",
			 len, flags, got, want);
	}
	free(out);
}

#define SAN(lit, flags, want) check_san(lit, sizeof(lit) - 1, flags, want)

static void
test_sanitize_hostile(void **state)
{
	(void)state;
	/* text that is fine stays byte for byte */
	SAN("市民张先生反映：东城街道某小区夜间施工噪音扰民。", 0,
	    "市民张先生反映：东城街道某小区夜间施工噪音扰民。");
	SAN("😀 e\xCC\x81 ＡＢＣ 한국어", 0, "😀 e\xCC\x81 ＡＢＣ 한국어");
	SAN("", 0, "");
	/* escape sequences and layout controls */
	SAN("\x1b[2Jgone", 0, RC "[2Jgone");
	SAN("\x1b]0;title\x07", 0, RC "]0;title" RC);
	SAN("a\rb", 0, "a" RC "b");
	SAN("a\bb", 0, "a" RC "b");
	SAN("bell\a", 0, "bell" RC);
	SAN("del\x7f", 0, "del" RC);
	SAN("\xC2\x9B" "31m", 0, RC "31m"); /* C1 CSI, well encoded */
	SAN("\x9B" "31m", 0, RC "31m");     /* C1 CSI as a raw byte */
	SAN("a\0b", 0, "a" RC "b");
	SAN("a\tb", 0, "a b");
	SAN("a\x0b\x0c" "b", 0, "a" RC RC "b");
	/* newlines */
	SAN("a\nb", 0, "a b");
	SAN("a\nb", SAN_KEEP_NEWLINE, "a\nb");
	SAN("a\r\nb", 0, "a b");
	SAN("a\r\nb", SAN_KEEP_NEWLINE, "a\nb");
	SAN("a\r\rb", SAN_KEEP_NEWLINE, "a" RC RC "b");
	SAN("a\xE2\x80\xA8" "b", SAN_KEEP_NEWLINE, "a\nb"); /* U+2028 */
	SAN("a\xE2\x80\xA9" "b", 0, "a b");                 /* U+2029 */
	/* bidi controls and invisible characters */
	SAN("abc\xE2\x80\xAE" "fdp.exe", 0, "abc" RC "fdp.exe"); /* RLO */
	SAN("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD", 0,
	    RC RC RC RC);
	SAN("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9", 0,
	    RC RC RC RC);                       /* U+2066..9 isolates */
	SAN("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C", 0, RC RC RC); /* LRM RLM ALM */
	SAN("张\xE2\x80\x8B三", 0, "张" RC "三");              /* ZWSP */
	SAN("\xE2\x80\x8C\xE2\x80\x8D", 0, RC RC); /* ZWNJ ZWJ */
	SAN("\xE2\x81\xA0", 0, RC);                           /* WJ */
	SAN("\xEF\xBB\xBFhi", 0, RC "hi");                    /* BOM */
	SAN("co\xC2\xADop", 0, "co" RC "op");                 /* SHY */
	SAN("\xF3\xA0\x80\x81", 0, RC);                       /* tag */
	SAN("\xE3\x85\xA4", 0, RC);            /* U+3164 Hangul filler */
	/* invalid UTF-8: one U+FFFD per bad byte */
	SAN("\x80\x80", 0, RC RC);
	SAN("\xC0\xAF", 0, RC RC);
	SAN("\xE0\x80\xAF", 0, RC RC RC);
	SAN("\xED\xA0\x80", 0, RC RC RC);
	SAN("\xF4\x90\x80\x80", 0, RC RC RC RC);
	SAN("\xFF\xFE", 0, RC RC);
	SAN("东莞\xE5\xB8", 0, "东莞" RC RC); /* truncated at the end */
	SAN("\xE5\xB8" "x", 0, RC RC "x");
	/* unassigned and noncharacters */
	SAN("\xCD\xB8", 0, RC);               /* U+0378 */
	SAN("\xEF\xB7\x90", 0, RC);           /* U+FDD0 */
	SAN("\xEF\xBF\xBF", 0, RC);           /* U+FFFF */
	SAN("\xF4\x8F\xBF\xBF", 0, RC);       /* U+10FFFF */
	SAN("\xF0\x9F\xAB\xA8", 0, RC);       /* U+1FAE8: Unicode 15 */
	/* a real U+FFFD passes */
	SAN(RC, 0, RC);
	/* combining marks: orphans are replaced, piles are capped */
	SAN("\xCC\x81" "abc", 0, RC "abc");
	SAN("a\n\xCC\x81", SAN_KEEP_NEWLINE, "a\n" RC);
	SAN("a\n\xCC\x81", 0, "a \xCC\x81");
	SAN("e\xCC\x81\xCC\x82\xCC\x83\xCC\x84\xCC\x85\xCC\x86\xCC\x87", 0,
	    "e\xCC\x81\xCC\x82\xCC\x83\xCC\x84");
	SAN("\x1b\xCC\x81", 0, RC "\xCC\x81");
	SAN("\xE2\x9D\xA4\xEF\xB8\x8F", 0, "\xE2\x9D\xA4\xEF\xB8\x8F"); /* ❤️ */
}

static void
test_sanitize_fold(void **state)
{
	const unsigned F = SAN_FOLD_AMBIGUOUS;

	(void)state;
	SAN("“你好”", F, "\"你好\"");
	SAN("‘单’", F, "'单'");
	SAN("请稍候…", F, "请稍候...");
	SAN("热线——服务", F, "热线--服务");
	SAN("9–5", F, "9-5");
	SAN("艾力·买买提", F, "艾力・买买提");
	SAN("①②⑩⑳", F, "(1)(2)(10)(20)");
	SAN("⑴⒇", F, "(1)(20)");
	SAN("⒈⒛", F, "1.20.");
	SAN("❶❿", F, "(1)(10)");
	SAN("※★☆", F, "***");
	SAN("→←↑↓", F, "-><-^v");
	SAN("Ⅰ Ⅳ Ⅻ ⅲ", F, "I IV XII iii");
	SAN("二○二六年", F, "二〇二六年");
	SAN("室温40℃", F, "室温40度");
	SAN("●要点", F, "*要点");
	SAN("×÷±≤≥≠", F, "x/+/-<=>=!=");
	SAN("\xFF", F, "?");
	SAN(RC, F, "?");
	SAN("\x1b", F, "?");
	/* not folded without the flag */
	SAN("“你好”…①※→·", 0, "“你好”…①※→·");
	/* unambiguous text is untouched by the flag */
	SAN("东莞市12345热线，。、！", F, "东莞市12345热线，。、！");
}

static void
test_sanitize_fold_width(void **state)
{
	char *s;

	(void)state;
	s = u8_sanitize("“你好”…", strlen("“你好”…"), SAN_FOLD_AMBIGUOUS);
	assert_string_equal(s, "\"你好\"...");
	assert_int_equal(u8_width(s), 9);
	free(s);
}

/* Deterministic random bytes (xorshift): the output is always valid UTF-8
 * with no control, format or unassigned character left. */
static void
test_sanitize_random(void **state)
{
	static const unsigned char alphabet[] = {
		0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x20, 0x41, 0x7F,
		0x80, 0x81, 0x9B, 0xA0, 0xAD, 0xAF, 0xBF, 0xC0, 0xC2, 0xCC,
		0xD8, 0xE0, 0xE2, 0xE4, 0xE8, 0xED, 0xEF, 0xF0, 0xF3, 0xF4,
		0xF5, 0xFF, 0x8B, 0x9C, 0xB8, 0xAE, 0x80, 0x81, 0xBB, 0xBF};
	uint32_t x = 2463534242u;
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		unsigned char in[24];
		size_t len, i;
		char *out;
		unsigned flags = (unsigned)round & 3u;

		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		len = x % sizeof(in);
		for (i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			in[i] = alphabet[x % sizeof(alphabet)];
		}
		out = u8_sanitize((const char *)in, len, flags);
		assert_true(u8_valid(out, strlen(out)));
		for (i = 0; out[i];) {
			uint32_t cp;
			size_t n = u8_decode(out + i, strlen(out + i), &cp);

			if (cp == '\n')
				assert_true(flags & SAN_KEEP_NEWLINE);
			else
				assert_true(u8_cpwidth(cp) >= 0);
			assert_false(cp == 0x202E || cp == 0x200B ||
				     cp == 0xFEFF || cp == 0xAD);
			if (flags & SAN_FOLD_AMBIGUOUS)
				assert_int_not_equal(cp, 0xFFFD);
			i += n;
		}
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_encode_roundtrip_all),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_cpwidth_samples),
		cmocka_unit_test(test_cpwidth_ranges),
		cmocka_unit_test(test_width_strings),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_offset_at_col),
		cmocka_unit_test(test_truncate_cases),
		cmocka_unit_test(test_truncate_cap),
		cmocka_unit_test(test_ascii_ellipsis),
		cmocka_unit_test(test_truncate_every_column),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_sanitize_hostile),
		cmocka_unit_test(test_sanitize_fold),
		cmocka_unit_test(test_sanitize_fold_width),
		cmocka_unit_test(test_sanitize_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
