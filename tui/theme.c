/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "theme.h"

static attr_t th_attr[TH__COUNT];

struct th_spec {
	short fg, bg;
	attr_t color_extra; /* added to the pair */
	attr_t mono;        /* used without colours */
};

static const struct th_spec th_specs[TH__COUNT] = {
	[TH_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[TH_HEADER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[TH_STATUS] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[TH_SELECT] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL,
			A_REVERSE | A_BOLD },
	[TH_COLHEAD] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TH_LABEL] = { COLOR_CYAN, -1, A_NORMAL, A_BOLD },
	[TH_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[TH_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TH_OK] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[TH_DIM] = { -1, -1, A_DIM, A_NORMAL },
	[TH_ST_OFFLINE] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD },
	[TH_ST_WAIT] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[TH_ST_READY] = { COLOR_BLACK, COLOR_GREEN, A_NORMAL,
			  A_REVERSE | A_BOLD },
	[TH_ST_CALL] = { COLOR_WHITE, COLOR_MAGENTA, A_BOLD,
			 A_REVERSE | A_BOLD | A_UNDERLINE },
};

void
theme_init(int use_color)
{
	int i;

	if (use_color && has_colors() && start_color() != ERR) {
		use_default_colors();
		for (i = 0; i < TH__COUNT; i++) {
			const struct th_spec *s = &th_specs[i];

			if (s->fg == -1 && s->bg == -1) {
				th_attr[i] = s->color_extra;
				continue;
			}
			init_pair((short)i, s->fg, s->bg);
			th_attr[i] = COLOR_PAIR(i) | s->color_extra;
		}
		return;
	}
	for (i = 0; i < TH__COUNT; i++)
		th_attr[i] = th_specs[i].mono;
}

attr_t
theme(enum th_elem e)
{
	return e < TH__COUNT ? th_attr[e] : A_NORMAL;
}
