/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * app.h - the client's whole state and the rules for changing it.
 *
 * One struct app per process, owned by main.c.  Key, network and timer
 * handlers change it and mark regions dirty; only the loop (loop.c) draws,
 * once per turn, with a single doupdate().  Handlers return consequences
 * (enum tr_flags) instead of acting on the screen.
 *
 * Views live on a small stack (login or list at the bottom, detail and
 * help pushed on top).  Network requests carry a struct req token so a
 * reply that arrives after its view closed, or after a logout, is dropped.
 */
#ifndef HOTLINE_TUI_APP_H
#define HOTLINE_TUI_APP_H

#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "../core/i18n.h"
#include "../core/model.h"
#include "../keymaps/keymap.h"
#include "../net/api.h"

#define APP_MIN_COLS 80
#define APP_MIN_ROWS 24
#define APP_MAX_VIEWS 8
#define APP_MSG_MAX 512

/* What a handler asks the loop to do (bit flags). */
enum tr_flags {
	TR_NONE = 0,
	TR_UNHANDLED = 1 << 0, /* not mine: try the next handler */
	TR_QUIT = 1 << 1,
};

/* Screen regions, each drawn by one function when dirty. */
enum dirty_bits {
	DIRTY_HEADER = 1 << 0,
	DIRTY_BODY = 1 << 1,
	DIRTY_STATUS = 1 << 2,
	DIRTY_MSG = 1 << 3,
	DIRTY_ALL = 0x0f,
	DIRTY_LAYOUT = 1 << 4, /* windows must be re-created (resize) */
	DIRTY_CLEAR = 1 << 5,  /* repaint the terminal from scratch */
};

enum conn_state { CONN_CONNECTING, CONN_ONLINE, CONN_OFFLINE };
enum msg_level { MSGL_INFO, MSGL_OK, MSGL_ERROR };

struct app;
struct view;

/* Where the terminal cursor goes after drawing; w NULL hides it. */
struct cursor {
	WINDOW *w;
	int y, x;
};

/*
 * A screen.  Every member may be NULL except draw.  Views own their priv
 * state: open allocates it, close frees it.
 */
struct view_ops {
	const char *name;
	enum kctx ctx;
	/* The context keys are looked up in now, when it changes with the
	 * view's mode (the KB pane's editor: KCTX_KBEDIT); NULL: ctx. */
	enum kctx (*context)(const struct app *app, const struct view *v);
	void (*open)(struct app *app, struct view *v, const char *arg);
	void (*close)(struct app *app, struct view *v);
	/* Title for the header line into out (cap bytes). */
	void (*title)(struct app *app, struct view *v, char *out, size_t cap);
	/* Draw into w (already erased); may set *cur. */
	void (*draw)(struct app *app, struct view *v, WINDOW *w,
		     struct cursor *cur);
	/* Raw key before the keymap (text fields); TR_UNHANDLED if not used. */
	int (*key)(struct app *app, struct view *v, struct kkey k);
	/* A command; TR_UNHANDLED lets the global handler try. */
	int (*action)(struct app *app, struct view *v, enum action a, int argc,
		      char **argv);
	/* The connection came back after an outage. */
	void (*reconnected)(struct app *app, struct view *v);
	/* Sticky views (the call screens) stay when a command returns to
	 * the list; only their own logic closes them. */
	int sticky;
	/* Overlays (pickers, questions) are drawn over the view below. */
	int overlay;
};

struct view {
	const struct view_ops *ops;
	void *priv;
	unsigned long id;    /* unique per process, for request tokens */
	unsigned long owner; /* id of the view this one belongs to, or 0:
			      * app_remove() of the owner removes it too */
};

/* A request in flight: passed as ud to net/ callbacks. */
struct req {
	struct app *app;
	unsigned long view_id; /* 0: not tied to a view */
	unsigned long session;
	unsigned long tag; /* free for the view: generation, flags */
	int flag;
	struct req *prev, *next;
};

struct calls;

struct app {
	struct config *cfg;
	struct api *api;
	char *server_url;
	char *state_dir; /* $XDG_STATE_HOME/hotline, or NULL */

	/* session */
	int logged_in;
	unsigned long session; /* bumped on login and logout */
	struct agent_info agent;
	char *login_user;      /* initial username for the login view */
	char *auto_password;   /* from --password-file; wiped after use */

	/* views */
	struct view *stack[APP_MAX_VIEWS];
	size_t n_views;
	unsigned long view_serial;
	struct req *reqs;

	/* telephony: agent state, the call, the event stream (calls.h);
	 * NULL while logged out */
	struct calls *calls;

	/* connection */
	enum conn_state conn;
	int backoff_s;
	int64_t next_health_ms; /* monotonic */
	int health_inflight;

	/* message line */
	char msg[APP_MSG_MAX];
	enum msg_level msg_level;
	char **notes; /* start-up messages (rc errors), shown one by one */
	size_t n_notes;

	/* keys */
	struct kkey pending[KMAP_MAX_SEQ];
	size_t n_pending;
	char *deferred_cmd; /* command line to run after the prompt closes */

	/* screen */
	int rows, cols;
	int too_small;
	int color;
	int no_color_env; /* NO_COLOR is set */
	unsigned dirty;
	WINDOW *w_header, *w_body, *w_status, *w_msg, *w_popup, *w_input;
	int64_t now_ms;

	/* completion candidates drawn above the prompt (owned) */
	char **cands;
	size_t n_cands;

	int quit;
	int exit_code;
};

/* Monotonic milliseconds. */
int64_t app_now_ms(void);

/* Message line (copied; the format is always a literal). */
void app_msg(struct app *app, enum msg_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void app_note(struct app *app, const char *text); /* queue a start-up note */
void app_mark(struct app *app, unsigned bits);

/* Views. */
struct view *app_top(const struct app *app);
struct view *app_push(struct app *app, const struct view_ops *ops,
		      const char *arg);
void app_pop(struct app *app);
/* Remove v wherever it is on the stack, with the views it owns. */
void app_remove(struct app *app, struct view *v);
/* Index of v on the stack, or -1. */
int app_view_index(const struct app *app, const struct view *v);
/* The open view with that id, or NULL. */
struct view *app_view_by_id(const struct app *app, unsigned long id);
void app_clear_views(struct app *app);
struct view *app_find_view(const struct app *app, const struct view_ops *ops);

/* Request tokens.  app_req_take() unlinks and frees q and returns the view
 * it was made for if that view is still open in the same session, NULL
 * otherwise (then the reply is stale). */
struct req *app_req_new(struct app *app, struct view *v);
struct view *app_req_take(struct req *q, int *stale);
void app_req_free_all(struct app *app);

/*
 * Common handling of a finished request: network/timeout → offline and
 * schedule a health check; 401 while logged in → back to login.  Returns
 * 1 when the caller should use the result (OK or a plain error to show),
 * 0 when it was handled here.
 */
int app_net_result(struct app *app, const struct api_result *r);

/* "status: message" for an error result, without saying it twice. */
const char *app_err_text(const struct api_result *r, char *buf, size_t cap);

/* Session. */
void app_login_done(struct app *app, const struct agent_info *agent,
		    const char *token);
void app_logout(struct app *app, int tell_server, enum msg_id why);

/* Connection. */
void app_health_now(struct app *app);
void app_timers(struct app *app);
int app_next_timeout(struct app *app); /* ms until the next timer */

/* Run rc-file style side effects after an option changed. */
void app_apply_options(struct app *app);

/* Message id's text with each "{}" replaced by the next of vals[0..n)
 * (never used as a format string).  Returns out. */
char *tr_fill(char *out, size_t cap, enum msg_id id, const char *const *vals,
	      size_t n);
/* Both languages of a message (for start-up errors). */
const char *app_tr_in(enum lang l, enum msg_id id);

#endif
