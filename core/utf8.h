/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.h - UTF-8 decoding, display width, truncation and sanitizing.
 *
 * Locale-independent: widths come from our own tables (East Asian
 * Wide/Fullwidth = 2 columns, combining marks and zero-width = 0, others 1),
 * so results are the same in tests (C locale) and in the client.
 *
 * Ambiguous-width policy (documented in docs/terminal.md): characters of
 * Unicode's East Asian "Ambiguous" class count 1 column (as glibc does);
 * u8_sanitize() with SAN_FOLD_AMBIGUOUS replaces the common ambiguous
 * punctuation of Chinese text (“ ” ‘ ’ … — – · • ① … ⑳ ※ ★ ☆ → ←, etc.)
 * by ASCII or wide look-alikes so that no column depends on the terminal's
 * "ambiguous = wide" setting.
 */
#ifndef HOTLINE_CORE_UTF8_H
#define HOTLINE_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define U8_REPLACEMENT 0xFFFDu

/* Decode one code point from s (at most len bytes).  Returns bytes used
 * (1..4); on an invalid or truncated sequence stores U8_REPLACEMENT in *cp
 * and returns 1.  len must be > 0. */
size_t u8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns bytes written (1..4),
 * 0 for a surrogate or cp > 0x10FFFF. */
size_t u8_encode(uint32_t cp, char out[4]);
/* 1 when s[0..len) is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
int u8_valid(const char *s, size_t len);
/* Columns of one code point: 0, 1 or 2; -1 for controls (C0, DEL, C1),
 * the line/paragraph separators U+2028/9 (as glibc), surrogates and
 * values past U+10FFFF. */
int u8_cpwidth(uint32_t cp);
/* Columns of a NUL-terminated string; controls and invalid bytes count 1. */
size_t u8_width(const char *s);
size_t u8_nwidth(const char *s, size_t len);
/* Number of code points. */
size_t u8_count(const char *s);

/*
 * Copy into out (cap bytes incl. NUL) the longest prefix of s whose width
 * is <= cols, never cutting a character or separating a base from its
 * combining marks.  When s does not fit and ellipsis is set, the result
 * ends in "…" (counted 1 column) within cols.  Returns the width of out.
 * If cap is too small for what fits, stops earlier (still valid UTF-8).
 */
size_t u8_truncate(char *out, size_t cap, const char *s, size_t cols,
		   int ellipsis);
/* "…" is East Asian Ambiguous: a terminal set to "ambiguous = wide"
 * draws it 2 columns.  u8_set_ascii_ellipsis(1) makes u8_truncate() use
 * "~" instead (process-wide; default off).  See docs/terminal.md. */
void u8_set_ascii_ellipsis(int on);
/* Like u8_truncate (without ellipsis), then pads with spaces to exactly
 * cols columns (a wide character that would straddle the edge becomes a
 * space).  Returns cols unless cap is too small. */
size_t u8_fit(char *out, size_t cap, const char *s, size_t cols);
/* Byte offset in s of the character that covers display column col
 * (or strlen(s) when col is past the end). */
size_t u8_offset_at_col(const char *s, size_t col);
/*
 * Clusters: a character and the zero-width characters after it (what a
 * cursor moves over, what truncation never splits).  u8_next_cluster()
 * returns the byte length of the cluster at s[0..len) (0 when len is 0)
 * and stores its columns in *width (may be NULL; controls and invalid
 * bytes count 1).  u8_prev_cluster() returns the offset where the
 * cluster just before byte offset off starts (0 when off is 0); s is the
 * start of the text (it is scanned from there).
 */
size_t u8_next_cluster(const char *s, size_t len, size_t *width);
size_t u8_prev_cluster(const char *s, size_t off);

enum u8_san_flags {
	SAN_KEEP_NEWLINE = 1 << 0, /* keep \n (multi-line text); else → ' ' */
	SAN_FOLD_AMBIGUOUS = 1 << 1, /* see policy above */
};
/*
 * Make untrusted text (network, files) safe to draw in a terminal.
 * Invalid UTF-8 → U+FFFD (one per bad byte); TAB → one space; CR, BS,
 * other C0, DEL, C1 → U+FFFD, except that CR LF is a line end; \n (and
 * U+2028/9) → space unless SAN_KEEP_NEWLINE; bidi controls (U+202A..E,
 * U+2066..9, U+200E/F, U+061C) and zero-width/invisible characters
 * (U+200B..D, U+2060, U+FEFF, U+00AD: every format character, Cf, and
 * the Hangul fillers) → U+FFFD; unassigned (in Unicode 14.0, what glibc
 * 2.36 knows)/negative width → U+FFFD.  A combining mark with no base
 * (at the start or after a kept \n) → U+FFFD; more than 4 zero-width
 * characters on one base are dropped.  With SAN_FOLD_AMBIGUOUS, U+FFFD
 * (itself ambiguous) is written "?".  Result is NUL-terminated, malloc'd,
 * caller frees.
 */
char *u8_sanitize(const char *s, size_t len, unsigned flags);

#endif
