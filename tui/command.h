/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * command.h - the one command layer: keys, the ':' line and scripts all
 * end here.
 *
 * A command line is split with the rc tokenizer (core/rc.h); its first
 * word names an action of the registry (keymaps/actions.def).  The top
 * view gets the first chance to run it, then the global handlers below.
 * bind/unbind/set/source go through config_exec_line() like an rc file.
 */
#ifndef HOTLINE_TUI_COMMAND_H
#define HOTLINE_TUI_COMMAND_H

#include "../keymaps/keymap.h"
#include "app.h"

/* Run one command line.  Returns enum tr_flags (TR_QUIT to stop). */
int cmd_run(struct app *app, const char *line);
/* One key from the terminal (outside the ':' line): the view's own key
 * handler, then the keymap of the view's context (with multi-key
 * prefixes), then cmd_run().  Returns enum tr_flags. */
int cmd_key(struct app *app, struct kkey k);
/* The keymap context of the top view (KCTX_GLOBAL when none). */
enum kctx cmd_context(const struct app *app);
/* The keymap context of view v now (its ops->context, else ops->ctx;
 * KCTX_GLOBAL for NULL). */
enum kctx view_context(const struct app *app, const struct view *v);

#endif
