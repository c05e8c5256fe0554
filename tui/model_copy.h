/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model_copy.h - deep copies of core/model.h structs, for views that keep
 * what a network callback handed them (callback data dies with the call).
 * Copies are owned by the caller and released with ticket_free().
 */
#ifndef HOTLINE_TUI_MODEL_COPY_H
#define HOTLINE_TUI_MODEL_COPY_H

#include "../core/model.h"

/* Copy src into dst (dst is overwritten, not freed).  NULL strings in src
 * become "".  Events are copied too. */
void tui_ticket_copy(struct ticket *dst, const struct ticket *src);

#endif
