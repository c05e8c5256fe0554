/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * callfmt.h - the text rules of the call screens and the status bar,
 * without curses (unit-tested): labels of agent and call states, timers,
 * fitting status-bar segments into the terminal's width, the order of a
 * caller's ticket history, type-ahead matching of list entries and the
 * layout of a multi-line text box.  Widths are display columns
 * (core/utf8.h); strings are borrowed for the duration of each call.
 */
#ifndef HOTLINE_TUI_CALLFMT_H
#define HOTLINE_TUI_CALLFMT_H

#include <stddef.h>

#include "../core/model.h"

/* "MM:SS" (minutes may pass 59: "125:03"); negative counts as 0. */
void cf_mmss(long secs, char *out, size_t cap);

/* Labels in the UI language of wire names; the wire name itself when
 * unknown, "-" for NULL or "". */
const char *cf_agent_state_label(const char *wire); /* 示闲 示忙 ... */
const char *cf_call_state_label(const char *wire);  /* 振铃 通话 ... */
const char *cf_desk_label(const char *wire);        /* 综合 企业 ... */
const char *cf_mode_label(const char *wire);        /* 盲转 ... */

/* "blind", "consult", "three-way" (or the wire names, any case) → the
 * wire name; NULL when unknown. */
const char *cf_parse_mode(const char *arg);
/* 1 for 110, 119, 120 and 122. */
int cf_emergency_ok(const char *number);

/*
 * Status bar segments.  Left segments are drawn from column 0 joined by
 * " | ", right ones flush right separated by one space.  prio 1 is kept
 * always; when everything does not fit, the segment with the largest
 * prio first falls back to its alt text (if it has one), then is hidden,
 * until the rest fits in cols.
 */
struct sb_seg {
	char text[192];
	char alt[96]; /* shorter form, "" when none */
	int prio;
	int right;
	int kind; /* for the caller: colour */
	int hidden;
	int use_alt;
};
const char *sb_seg_text(const struct sb_seg *s);
/* Width of everything shown, separators included. */
int sb_width(const struct sb_seg *s, size_t n);
void sb_fit(struct sb_seg *s, size_t n, int cols);

/* Order for a caller's history: open tickets first (tk_state_is_open),
 * then the others, each group keeping the given order.  idx gets n
 * indexes into t.  Returns the number of open tickets. */
size_t cf_history_order(const struct ticket *t, size_t n, size_t *idx);

/* Type-ahead: best pinyin_match_score of query against any of the
 * '\t'-separated parts of text; -1 when none matches. */
int cf_match(const char *text, const char *query);

/*
 * A multi-line text box cols columns wide: the text is wrapped (wrap.h
 * rules, at cols - 1 so the cursor always has room).  Lines are byte
 * ranges into text.  Returns the number of lines (at least 1), storing at
 * most max of them; *crow / *ccol get the cursor's line and column
 * (cursor: a byte offset).
 */
struct tb_line {
	size_t off, len;
};
size_t tb_layout(const char *text, size_t cursor, size_t cols,
		 struct tb_line *lines, size_t max, size_t *crow,
		 size_t *ccol);

#endif
