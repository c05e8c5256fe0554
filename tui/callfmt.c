/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "callfmt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/i18n.h"
#include "../core/pinyin.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "wrap.h"

void
cf_mmss(long secs, char *out, size_t cap)
{
	if (secs < 0)
		secs = 0;
	snprintf(out, cap, "%02ld:%02ld", secs / 60, secs % 60);
}

struct wire_label {
	const char *wire;
	enum msg_id id;
};

static const char *
lookup(const struct wire_label *t, size_t n, const char *wire)
{
	size_t i;

	if (!wire || !*wire)
		return "-";
	for (i = 0; i < n; i++)
		if (strcmp(t[i].wire, wire) == 0)
			return tr(t[i].id);
	return wire;
}

#define N_(a) (sizeof(a) / sizeof((a)[0]))

const char *
cf_agent_state_label(const char *wire)
{
	static const struct wire_label t[] = {
		{ "OFFLINE", MSG_AS_OFFLINE },	 { "READY", MSG_AS_READY },
		{ "NOT_READY", MSG_AS_NOT_READY }, { "RINGING", MSG_AS_RINGING },
		{ "TALKING", MSG_AS_TALKING },	 { "HOLD", MSG_AS_HOLD },
		{ "ACW", MSG_AS_ACW },
	};

	return lookup(t, N_(t), wire);
}

const char *
cf_call_state_label(const char *wire)
{
	static const struct wire_label t[] = {
		{ "QUEUED", MSG_CS_QUEUED },   { "RINGING", MSG_AS_RINGING },
		{ "TALKING", MSG_AS_TALKING }, { "HOLD", MSG_AS_HOLD },
		{ "ACW", MSG_AS_ACW },	       { "ENDED", MSG_CS_ENDED },
		{ "ABANDONED", MSG_CS_ABANDONED },
	};

	return lookup(t, N_(t), wire);
}

const char *
cf_desk_label(const char *wire)
{
	static const struct wire_label t[] = {
		{ "GENERAL", MSG_DESK_GENERAL },
		{ "ENTERPRISE", MSG_DESK_ENTERPRISE },
		{ "CARE", MSG_DESK_CARE },
		{ "DIALECT", MSG_DESK_DIALECT },
		{ "ONLINE", MSG_DESK_ONLINE },
	};

	return lookup(t, N_(t), wire);
}

const char *
cf_mode_label(const char *wire)
{
	static const struct wire_label t[] = {
		{ "BLIND", MSG_MODE_BLIND },
		{ "CONSULT", MSG_MODE_CONSULT },
		{ "THREE_WAY", MSG_MODE_THREE_WAY },
	};

	return lookup(t, N_(t), wire);
}

const char *
cf_parse_mode(const char *arg)
{
	if (!arg)
		return NULL;
	if (strcasecmp(arg, "blind") == 0)
		return "BLIND";
	if (strcasecmp(arg, "consult") == 0)
		return "CONSULT";
	if (strcasecmp(arg, "three-way") == 0 ||
	    strcasecmp(arg, "three_way") == 0 ||
	    strcasecmp(arg, "threeway") == 0)
		return "THREE_WAY";
	return NULL;
}

int
cf_emergency_ok(const char *n)
{
	return n && (strcmp(n, "110") == 0 || strcmp(n, "119") == 0 ||
		     strcmp(n, "120") == 0 || strcmp(n, "122") == 0);
}

/* ---- status bar ------------------------------------------------------- */

const char *
sb_seg_text(const struct sb_seg *s)
{
	return s->use_alt && s->alt[0] ? s->alt : s->text;
}

int
sb_width(const struct sb_seg *s, size_t n)
{
	size_t i;
	int w = 0, nl = 0, nr = 0;

	for (i = 0; i < n; i++) {
		if (s[i].hidden)
			continue;
		w += (int)u8_width(sb_seg_text(&s[i]));
		if (s[i].right)
			nr++;
		else
			nl++;
	}
	if (nl > 1)
		w += 3 * (nl - 1);
	if (nr > 1)
		w += nr - 1;
	if (nl && nr)
		w += 1; /* at least one column between the two sides */
	return w;
}

void
sb_fit(struct sb_seg *s, size_t n, int cols)
{
	size_t i;

	for (i = 0; i < n; i++)
		s[i].hidden = s[i].use_alt = 0;
	while (sb_width(s, n) > cols) {
		size_t worst = n;

		for (i = 0; i < n; i++) {
			if (s[i].hidden || s[i].prio <= 1)
				continue;
			if (worst == n || s[i].prio >= s[worst].prio)
				worst = i; /* ties: the later (rightmost) one */
		}
		if (worst == n) {
			/* only must-have segments left: their short forms */
			for (i = 0; i < n; i++)
				if (!s[i].hidden && s[i].alt[0] &&
				    !s[i].use_alt) {
					s[i].use_alt = 1;
					break;
				}
			if (i == n)
				return;
			continue;
		}
		if (s[worst].alt[0] && !s[worst].use_alt)
			s[worst].use_alt = 1;
		else
			s[worst].hidden = 1;
	}
}

/* ---- history ---------------------------------------------------------- */

size_t
cf_history_order(const struct ticket *t, size_t n, size_t *idx)
{
	size_t i, k = 0, open = 0;

	for (i = 0; i < n; i++)
		if (tk_state_is_open(t[i].state))
			idx[k++] = i;
	open = k;
	for (i = 0; i < n; i++)
		if (!tk_state_is_open(t[i].state))
			idx[k++] = i;
	return open;
}

/* ---- type-ahead ------------------------------------------------------- */

int
cf_match(const char *text, const char *query)
{
	char part[512];
	const char *p = text ? text : "";
	int best = -1;

	for (;;) {
		const char *tab = strchr(p, '\t');
		size_t len = tab ? (size_t)(tab - p) : strlen(p);
		int sc;

		if (len >= sizeof part)
			len = sizeof part - 1;
		memcpy(part, p, len);
		part[len] = '\0';
		if (len || !tab) {
			sc = pinyin_match_score(part, query);
			if (sc >= 0 && (best < 0 || sc < best))
				best = sc;
		}
		if (!tab)
			break;
		p = tab + 1;
	}
	return best;
}

/* ---- text box --------------------------------------------------------- */

struct tb_ctx {
	const char *base;
	struct tb_line *lines;
	size_t max, n;
};

static void
tb_cb(const char *line, size_t len, void *ud)
{
	struct tb_ctx *c = ud;

	if (c->n < c->max) {
		c->lines[c->n].off = (size_t)(line - c->base);
		c->lines[c->n].len = len;
	}
	c->n++;
}

size_t
tb_layout(const char *text, size_t cursor, size_t cols, struct tb_line *lines,
	  size_t max, size_t *crow, size_t *ccol)
{
	struct tb_ctx c = { text, lines, max, 0 };
	size_t len = strlen(text), i, row = 0, stored, w;

	if (cols < 2)
		cols = 2;
	if (cursor > len)
		cursor = len;
	wrap_text(text, cols - 1, tb_cb, &c);
	if (len && text[len - 1] == '\n') { /* the empty line after it */
		if (c.n < max) {
			lines[c.n].off = len;
			lines[c.n].len = 0;
		}
		c.n++;
	}
	stored = c.n < max ? c.n : max;
	for (i = 0; i < stored; i++)
		if (lines[i].off <= cursor)
			row = i;
	if (stored == 0) {
		*crow = *ccol = 0;
		return c.n;
	}
	w = cursor > lines[row].off + lines[row].len
		    ? lines[row].len
		    : cursor - lines[row].off;
	w = u8_nwidth(text + lines[row].off, w);
	if (w > cols - 1)
		w = cols - 1;
	*crow = row;
	*ccol = w;
	return c.n;
}
