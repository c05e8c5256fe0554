/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pinyin.h - hanzi -> pinyin readings and pinyin-aware filtering.
 *
 * Owns the matching rules of every type-ahead filter in the client (units,
 * categories, towns, knowledge-base titles): an agent types "gjj", "dg",
 * "gongjijin" or "公jj" and finds 住房公积金 / 东莞.  The readings table is
 * generated from Unihan (core/tools/gen_pinyin -> build/gen/pinyin_data.c);
 * polyphonic characters match by any of their readings (行 xing/hang,
 * 长 chang/zhang, 莞 guan/wan).  Rules in docs/pinyin.md.
 *
 * Everything here is pure, thread-safe and allocation-free; strings are
 * UTF-8 and borrowed for the duration of the call.  NULL counts as "".
 */
#ifndef HOTLINE_CORE_PINYIN_H
#define HOTLINE_CORE_PINYIN_H

#include <stdint.h>

/* At most this many readings per character (the table's limit). */
#define PINYIN_MAX_READINGS 4
/* Longest syllable + NUL ("zhuang" and "shuang" have 6 letters). */
#define PINYIN_SYL_MAX 8

/*
 * Readings of one code point as toneless lower-case ASCII syllables
 * ("xing", "hang"; ü is written "v": 绿 -> "lv"), most common first
 * (Unihan kMandarin, then dictionaries).  Stores at most max pointers in
 * out (out may be NULL when max is 0); the strings are static, owned by
 * the table, never freed.  Returns the number of readings the character
 * has (0..PINYIN_MAX_READINGS), 0 for anything that is not a Han
 * character of the BMP blocks covered (U+3400-U+4DBF, U+4E00-U+9FFF,
 * U+F900-U+FAFF).
 */
int pinyin_readings(uint32_t cp, const char **out, int max);

/*
 * 1 when query matches text, else 0.  The query matches when it can be
 * consumed, left to right, by consecutive characters of text, each taking
 * a non-empty piece:
 *  - any character takes itself (ASCII and full-width Latin letters are
 *    case-folded; so "DG" matches "dg港" and "ＡＢ" matches "ab"),
 *  - a Han character also takes any non-empty prefix of any of its
 *    readings: an initial ("gjj" -> 公积金), a whole syllable
 *    ("gongjijin"), or a mix ("gjjin", "公jj"); a query 'u' also matches
 *    a reading's 'v' (ü), so "lu" finds 绿 as well as "lv".
 * Whitespace (ASCII, U+3000) and apostrophes are ignored in both strings
 * ("gong ji jin", "chang'an").  An empty query matches every text.
 * Invalid UTF-8 bytes match nothing: the rest of the text still matches,
 * a query containing one matches no text.  Queries longer than 128 code
 * points (separators dropped) are matched literally only.
 */
int pinyin_match(const char *text, const char *query);

/*
 * Like pinyin_match(), with a rank for sorting filter results: -1 when
 * there is no match, else >= 0, lower is better.  Tiers, best first:
 * the query literally at the start of text; a pinyin (or mixed) match
 * starting at the first character; the query literally elsewhere; a
 * pinyin match elsewhere.  Within a tier an earlier start, then a
 * shorter text, ranks better.  An empty query ranks 0.
 */
int pinyin_match_score(const char *text, const char *query);

/* ---- private: the generated table (build/gen/pinyin_data.c) ------------ */

/* Code points first..last have their set numbers at cp_set[base...]. */
struct pinyin_range {
	uint32_t first;
	uint32_t last;
	uint32_t base;
};

struct pinyin_table {
	const char *unicode_version;
	int nranges;
	const struct pinyin_range *ranges;
	/* per code point of the ranges: index into sets, 0 = no reading */
	const uint16_t *cp_set;
	int nsets;
	/* syllable numbers, 1-based into syl, 0 = unused; sets[0] empty */
	const uint16_t (*sets)[PINYIN_MAX_READINGS];
	int nsyl;
	const char (*syl)[PINYIN_SYL_MAX];
	int nchars; /* characters with at least one reading */
};

extern const struct pinyin_table pinyin_table;

#endif
