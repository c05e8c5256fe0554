/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api.c - the client's asynchronous connection to hotlined (see api.h).
 *
 * One CURLM multi handle per struct api; each request is one easy handle
 * plus a struct api_req that owns its header list, reply buffer and error
 * buffer.  Nothing here blocks: api_poll() waits in curl_multi_poll() for
 * at most its timeout, api_dispatch() runs curl_multi_perform(), completes
 * finished transfers and calls their callbacks.
 *
 * Every request gets NOSIGNAL, a connect timeout of min(timeout, 5 s), the
 * total timeout, a low-speed limit (under 1 byte/s for min(timeout, 15) s
 * aborts), http/https only, no redirects, a reply cap of 8 MiB (larger →
 * ST_INVALID "response too large") and the headers
 *   Accept: application/json
 *   Content-Type: application/json      (only when there is a body)
 *   Authorization: Bearer TOKEN          (when a token is set; never on
 *                                         POST /v1/sessions or /v1/health)
 *   User-Agent: hotline/VERSION
 *
 * Proxies: libcurl honours http_proxy/all_proxy from the environment even
 * for 127.0.0.1, and desktops often set one for the browser.  hotline
 * ignores them all (CURLOPT_PROXY "" and CURLOPT_NOPROXY "*") unless the
 * environment variable HOTLINE_PROXY names a proxy URL (read once, in
 * api_new()); then every request goes through that proxy, still subject to
 * no_proxy/NO_PROXY.
 *
 * Tokens: a successful api_login() stores the new token (so the caller
 * need not call api_set_token()); api_logout() clears it once the server
 * answered 2xx or 401, unless a newer token was set meanwhile.  Tokens are
 * wiped from memory when replaced.
 *
 * Callbacks may start new requests.  A callback may even call api_free():
 * the free is then deferred to the end of api_dispatch() and no further
 * callbacks run.
 */
#include "api.h"

#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "../core/utf8.h"
#include "parse.h"
#include "parse_calls.h"

#ifndef HOTLINE_VERSION
#define HOTLINE_VERSION "0.0.0"
#endif

#define DEFAULT_TIMEOUT_S 30L
#define MAX_TIMEOUT_S 3600L
#define MAX_CONNECT_MS 5000L
#define MAX_LOW_SPEED_S 15L
#define URL_MAX 8192

enum req_kind {
	RK_LOGIN,
	RK_LOGOUT,
	RK_ME,
	RK_HEALTH,
	RK_PAGE,
	RK_TICKET,
	RK_RAW /* calls.c: body handed back raw (api_request_raw) */
};

struct api_req {
	struct api *api;
	struct api_req *prev, *next;
	CURL *easy;
	struct curl_slist *hdrs;
	enum req_kind kind;
	union {
		api_login_fn login;
		api_done_fn done;
		api_agent_fn agent;
		api_health_fn health;
		api_page_fn page;
		api_ticket_fn ticket;
		api_raw_fn raw;
	} cb;
	void *ud;
	struct buf body;
	int too_large;
	char *sent_token; /* logout: the token this request ends */
	void *raw_ctx;    /* RK_RAW: the caller's context, freed with r */
	char errbuf[CURL_ERROR_SIZE];
};

struct api {
	CURLM *multi;
	char *base;  /* no trailing '/' */
	char *token; /* NULL when logged out */
	char *proxy; /* HOTLINE_PROXY or NULL */
	long timeout_ms;
	struct api_req *reqs;
	int n_reqs;
	int in_dispatch;
	int free_deferred;
	struct api_events *events; /* the event stream (events.c) or NULL */
};

/* ---- status mapping -------------------------------------------------- */

enum status
api_status_from(long http_status, int curl_code)
{
	switch (curl_code) {
	case CURLE_OK:
		break;
	case CURLE_OPERATION_TIMEDOUT:
		return ST_TIMEOUT;
	case CURLE_OUT_OF_MEMORY:
		return ST_NOMEM;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR:
		return ST_INVALID;
	default:
		/* COULDNT_RESOLVE_*, COULDNT_CONNECT, GOT_NOTHING, SEND_ERROR,
		 * RECV_ERROR, PARTIAL_FILE, SSL_*, ... */
		return ST_NETWORK;
	}
	if (http_status >= 200 && http_status < 300)
		return ST_OK;
	switch (http_status) {
	case 0:
		return ST_NETWORK;
	case 401:
		return ST_UNAUTHORIZED;
	case 403:
		return ST_FORBIDDEN;
	case 404:
		return ST_NOT_FOUND;
	case 409:
	case 412:
		return ST_CONFLICT;
	default:
		break;
	}
	if (http_status >= 400 && http_status < 500)
		return ST_INVALID;
	/* 5xx, and 1xx/3xx which hotlined never sends. */
	return ST_SERVER;
}

/* "status message (detail)", sanitized; malloc'd. */
static char *
human(enum status st, const char *detail)
{
	char *s, *r;

	if (!detail || !*detail)
		return u8_sanitize(status_msg(st), strlen(status_msg(st)),
				   SAN_FOLD_AMBIGUOUS);
	s = xasprintf("%s (%s)", status_msg(st), detail);
	r = u8_sanitize(s, strlen(s), SAN_FOLD_AMBIGUOUS);
	free(s);
	return r;
}

/* ---- handle ---------------------------------------------------------- */

static int
base_url_ok(const char *url)
{
	char *scheme = NULL, *host = NULL, *query = NULL, *frag = NULL;
	CURLU *u;
	int ok = 0;
	const char *p;

	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return 0;
	if (!(u = curl_url()))
		return 0;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
	    *host &&
	    curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK &&
	    curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0) != CURLUE_OK)
		ok = 1;
	curl_free(scheme);
	curl_free(host);
	curl_free(query);
	curl_free(frag);
	curl_url_cleanup(u);
	return ok;
}

struct api *
api_new(const char *base_url, long timeout_s)
{
	const char *px;
	struct api *a;
	size_t n;

	if (!base_url || !base_url_ok(base_url))
		return NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	a = xcalloc(1, sizeof(*a));
	if (!(a->multi = curl_multi_init())) {
		free(a);
		curl_global_cleanup();
		return NULL;
	}
	a->base = xstrdup(base_url);
	n = strlen(a->base);
	while (n > 0 && a->base[n - 1] == '/')
		a->base[--n] = '\0';
	if (timeout_s <= 0)
		timeout_s = DEFAULT_TIMEOUT_S;
	if (timeout_s > MAX_TIMEOUT_S)
		timeout_s = MAX_TIMEOUT_S;
	a->timeout_ms = timeout_s * 1000L;
	px = getenv("HOTLINE_PROXY");
	if (px && *px)
		a->proxy = xstrdup(px);
	return a;
}

const char *
api_base_url(const struct api *a)
{
	return a ? a->base : "";
}

static void
wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* Tokens go into a header line: only token68 characters are accepted. */
static int
token_chars_ok(const char *t)
{
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		      (*t >= '0' && *t <= '9') || strchr("-._~+/=", *t)))
			return 0;
	return 1;
}

void
api_set_token(struct api *a, const char *token)
{
	if (!a)
		return;
	if (a->token && token && strcmp(a->token, token) == 0)
		return;
	wipe_free(a->token);
	a->token = NULL;
	if (token && *token && token_chars_ok(token))
		a->token = xstrdup(token);
}

static void
req_unlink(struct api *a, struct api_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		a->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
	a->n_reqs--;
}

static void
req_destroy(struct api_req *r)
{
	if (r->easy)
		curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->hdrs);
	buf_free(&r->body);
	wipe_free(r->sent_token);
	free(r->raw_ctx);
	free(r);
}

static void
api_destroy(struct api *a)
{
	struct api_req *r;

	if (a->events)
		api_events_destroy(a->events);
	a->events = NULL;
	while ((r = a->reqs)) {
		curl_multi_remove_handle(a->multi, r->easy);
		req_unlink(a, r);
		req_destroy(r);
	}
	curl_multi_cleanup(a->multi);
	wipe_free(a->token);
	free(a->proxy);
	free(a->base);
	free(a);
	curl_global_cleanup();
}

void
api_free(struct api *a)
{
	if (!a)
		return;
	if (a->in_dispatch) {
		a->free_deferred = 1;
		return;
	}
	api_destroy(a);
}

int
api_pending(const struct api *a)
{
	return a ? a->n_reqs : 0;
}

void
api_wakeup(struct api *a)
{
	if (a)
		curl_multi_wakeup(a->multi);
}

/* ---- polling and completion ------------------------------------------ */

int
api_poll(struct api *a, int extra_fd, int timeout_ms)
{
	struct curl_waitfd w;
	struct pollfd p;
	unsigned nfds = 0;
	CURLMcode mc = CURLM_BAD_HANDLE;
	int n = 0;

	/* A negative timeout means "until something happens" (poll(2)). */
	if (timeout_ms < 0)
		timeout_ms = INT_MAX;
	/* Wake up in time for the event stream's reconnect or watchdog. */
	if (a && a->events) {
		long ev_ms = api_events_next_ms(a->events);

		if (ev_ms >= 0 && ev_ms < timeout_ms)
			timeout_ms = (int)ev_ms;
	}
	memset(&w, 0, sizeof(w));
	if (extra_fd >= 0) {
		w.fd = extra_fd;
		w.events = CURL_WAIT_POLLIN;
		nfds = 1;
	}
	if (a)
		mc = curl_multi_poll(a->multi, nfds ? &w : NULL, nfds,
				     timeout_ms, &n);
	if (nfds && (w.revents & CURL_WAIT_POLLIN))
		return 1;
	/*
	 * curl reports only POLLIN for extra descriptors: a hang-up or error
	 * (terminal gone) would otherwise look like "nothing" forever.  Ask
	 * the kernel directly; if curl failed, this also does the waiting.
	 */
	if (extra_fd < 0) {
		if (mc != CURLM_OK)
			poll(NULL, 0, timeout_ms == INT_MAX ? 1000 : timeout_ms);
		return 0;
	}
	p.fd = extra_fd;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, mc == CURLM_OK ? 0 : timeout_ms) > 0 && p.revents)
		return 1;
	return 0;
}

/* Result text and status for a finished transfer that failed in curl. */
static enum status
curl_failure(struct api_req *r, CURLcode cc, long http, char **msg)
{
	char detail[CURL_ERROR_SIZE + 16];
	enum status st;

	if (r->too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		*msg = human(ST_INVALID, "response too large");
		return ST_INVALID;
	}
	st = api_status_from(http, (int)cc);
	snprintf(detail, sizeof(detail), "curl: %s",
		 r->errbuf[0] ? r->errbuf : curl_easy_strerror(cc));
	*msg = human(st, detail);
	return st;
}

static void
req_finish(struct api *a, struct api_req *r, CURLcode cc)
{
	struct api_result res;
	struct agent_info agent;
	struct ticket_page page;
	struct ticket tk;
	char *code = NULL, *msg = NULL, *token = NULL, *version = NULL;
	char *field = NULL;
	const char *body = r->body.data ? r->body.data : "";
	size_t len = r->body.len;
	char why[200], detail[240];
	enum status st;
	long http = 0;
	int have = 0;

	memset(&agent, 0, sizeof(agent));
	memset(&page, 0, sizeof(page));
	memset(&tk, 0, sizeof(tk));
	why[0] = '\0';
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &http);

	if (cc != CURLE_OK || r->too_large) {
		st = curl_failure(r, cc, http, &msg);
	} else if (http >= 200 && http < 300) {
		switch (r->kind) {
		case RK_LOGIN:
			st = api_json_login(body, len, &token, &agent, why,
					    sizeof(why));
			break;
		case RK_ME:
			st = api_json_agent(body, len, &agent, why,
					    sizeof(why));
			break;
		case RK_HEALTH:
			st = api_json_health(body, len, &version, why,
					     sizeof(why));
			break;
		case RK_PAGE:
			st = api_json_page(body, len, &page, why, sizeof(why));
			break;
		case RK_TICKET:
			st = api_json_ticket(body, len, &tk, why, sizeof(why));
			break;
		case RK_LOGOUT:
		case RK_RAW:
		default:
			st = ST_OK;
			break;
		}
		have = st == ST_OK;
		if (st != ST_OK) {
			snprintf(detail, sizeof(detail), "HTTP %ld: %s", http,
				 why);
			msg = human(st, detail);
		} else {
			msg = human(ST_OK, NULL);
		}
	} else {
		st = api_status_from(http, 0);
		if (api_json_error(body, len, &code, &msg, &field, NULL, 0) !=
			    ST_OK ||
		    !*msg) {
			FREE(msg);
			snprintf(detail, sizeof(detail), "HTTP %ld", http);
			msg = human(st, detail);
		}
	}

	if (r->kind == RK_LOGIN && have)
		api_set_token(a, token);
	/* Forget the token this logout ended, not one from a newer login. */
	if (r->kind == RK_LOGOUT && (have || http == 401) && a->token &&
	    r->sent_token && strcmp(a->token, r->sent_token) == 0)
		api_set_token(a, NULL);

	res.st = st;
	res.http_status = http;
	res.err_code = code ? code : "";
	res.message = msg;
	res.err_field = field;
	switch (r->kind) {
	case RK_LOGIN:
		r->cb.login(&res, have ? token : NULL, have ? &agent : NULL,
			    r->ud);
		break;
	case RK_LOGOUT:
		r->cb.done(&res, r->ud);
		break;
	case RK_ME:
		r->cb.agent(&res, have ? &agent : NULL, r->ud);
		break;
	case RK_HEALTH:
		r->cb.health(&res, have ? version : NULL, r->ud);
		break;
	case RK_PAGE:
		r->cb.page(&res, have ? &page : NULL, r->ud);
		break;
	case RK_TICKET:
		r->cb.ticket(&res, have ? &tk : NULL, r->ud);
		break;
	case RK_RAW:
		r->cb.raw(&res, have ? body : NULL, have ? len : 0, r->raw_ctx);
		break;
	}

	agent_info_free(&agent);
	ticket_page_free(&page);
	ticket_free(&tk);
	wipe_free(token);
	free(version);
	free(code);
	free(msg);
	free(field);
}

void
api_dispatch(struct api *a)
{
	struct api_req *r;
	CURLMsg *m;
	CURLcode cc;
	char *priv;
	int running = 0, left = 0;
	CURL *e;

	if (!a || a->in_dispatch)
		return;
	a->in_dispatch = 1;
	curl_multi_perform(a->multi, &running);
	while ((m = curl_multi_info_read(a->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		e = m->easy_handle;
		cc = m->data.result;
		if (a->events && api_events_owns(a->events, e)) {
			api_events_finished(a->events, (int)cc);
			continue;
		}
		priv = NULL;
		curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
		curl_multi_remove_handle(a->multi, e);
		r = (struct api_req *)(void *)priv;
		if (!r)
			continue;
		req_unlink(a, r);
		if (!a->free_deferred)
			req_finish(a, r, cc);
		req_destroy(r);
	}
	/* Deliver stream events; a callback may free a (then deferred). */
	if (a->events && !a->free_deferred)
		api_events_run(a->events);
	a->in_dispatch = 0;
	if (a->free_deferred)
		api_destroy(a);
}

/* ---- starting requests ----------------------------------------------- */

static size_t
req_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct api_req *r = ud;
	size_t n = size * nmemb;

	if (r->body.len + n > API_MAX_BODY ||
	    buf_append(&r->body, p, n) != ST_OK) {
		r->too_large = 1;
		return 0; /* != n: curl aborts with CURLE_WRITE_ERROR */
	}
	return n;
}

static int
add_header(struct api_req *r, const char *line)
{
	struct curl_slist *l = curl_slist_append(r->hdrs, line);

	if (!l)
		return -1;
	r->hdrs = l;
	return 0;
}

/*
 * Queue one request.  pathq starts with '/', already escaped.  body is
 * JSON or NULL; auth: send the token if there is one.
 */
static int
req_start_x(struct api *a, enum req_kind kind, const char *method,
	    const char *pathq, const char *body, const char *extra_header,
	    int auth, void *ud, struct api_req **out)
{
	long connect_ms, low_s;
	struct api_req *r;
	CURLcode rc = CURLE_OK;
	char *url, *line;
	CURL *e;

	*out = NULL;
	if (!a || a->free_deferred || !pathq || pathq[0] != '/')
		return -1;
	r = xcalloc(1, sizeof(*r));
	r->api = a;
	r->kind = kind;
	r->ud = ud;
	buf_init(&r->body, API_MAX_BODY);
	if (!(r->easy = e = curl_easy_init())) {
		req_destroy(r);
		return -1;
	}
	connect_ms = a->timeout_ms < MAX_CONNECT_MS ? a->timeout_ms
						    : MAX_CONNECT_MS;
	low_s = a->timeout_ms / 1000L;
	if (low_s > MAX_LOW_SPEED_S)
		low_s = MAX_LOW_SPEED_S;
	if (low_s < 1)
		low_s = 1;

	url = xasprintf("%s%s", a->base, pathq);
	if (strlen(url) > URL_MAX) {
		free(url);
		req_destroy(r);
		return -1;
	}
	if (add_header(r, "Accept: application/json") < 0 ||
	    (body && add_header(r, "Content-Type: application/json") < 0) ||
	    add_header(r, "Expect:") < 0 ||
	    (extra_header && add_header(r, extra_header) < 0)) {
		free(url);
		req_destroy(r);
		return -1;
	}
	if (auth && a->token) {
		line = xasprintf("Authorization: Bearer %s", a->token);
		if (add_header(r, line) < 0)
			rc = CURLE_OUT_OF_MEMORY;
		wipe_free(line);
	}

#define SET_(opt, val)                                                        \
	do {                                                                  \
		if (rc == CURLE_OK)                                           \
			rc = curl_easy_setopt(e, opt, val);                   \
	} while (0)
	SET_(CURLOPT_URL, url);
	SET_(CURLOPT_PRIVATE, (void *)r);
	SET_(CURLOPT_NOSIGNAL, 1L);
	SET_(CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	SET_(CURLOPT_TIMEOUT_MS, a->timeout_ms);
	SET_(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET_(CURLOPT_LOW_SPEED_TIME, low_s);
	SET_(CURLOPT_ERRORBUFFER, r->errbuf);
	SET_(CURLOPT_WRITEFUNCTION, req_write);
	SET_(CURLOPT_WRITEDATA, (void *)r);
	SET_(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)API_MAX_BODY);
	SET_(CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET_(CURLOPT_PROTOCOLS_STR, "http,https");
#else
	SET_(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET_(CURLOPT_USERAGENT, "hotline/" HOTLINE_VERSION);
	SET_(CURLOPT_HTTPHEADER, r->hdrs);
	if (a->proxy) {
		SET_(CURLOPT_PROXY, a->proxy);
	} else {
		SET_(CURLOPT_PROXY, "");
		SET_(CURLOPT_NOPROXY, "*");
	}
	if (body) {
		SET_(CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		SET_(CURLOPT_COPYPOSTFIELDS, body);
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		SET_(CURLOPT_CUSTOMREQUEST, method);
#undef SET_
	free(url);
	if (rc != CURLE_OK || curl_multi_add_handle(a->multi, e) != CURLM_OK) {
		req_destroy(r);
		return -1;
	}
	r->next = a->reqs;
	if (a->reqs)
		a->reqs->prev = r;
	a->reqs = r;
	a->n_reqs++;
	*out = r;
	return 0;
}

static int
req_start(struct api *a, enum req_kind kind, const char *method,
	  const char *pathq, const char *body, int auth, void *ud,
	  struct api_req **out)
{
	return req_start_x(a, kind, method, pathq, body, NULL, auth, ud, out);
}

int
api_login(struct api *a, const char *user, const char *password,
	  api_login_fn cb, void *ud)
{
	struct api_req *r;
	char *body;
	int rc;

	if (!a || !cb || !user || !password)
		return -1;
	if (!(body = api_json_login_body(user, password)))
		return -1;
	rc = req_start(a, RK_LOGIN, "POST", "/v1/sessions", body, 0, ud, &r);
	wipe_free(body);
	if (rc == 0)
		r->cb.login = cb;
	return rc;
}

int
api_logout(struct api *a, api_done_fn cb, void *ud)
{
	struct api_req *r;

	if (!cb || req_start(a, RK_LOGOUT, "DELETE", "/v1/sessions/current",
			     NULL, 1, ud, &r) < 0)
		return -1;
	r->cb.done = cb;
	if (a->token)
		r->sent_token = xstrdup(a->token);
	return 0;
}

int
api_me(struct api *a, api_agent_fn cb, void *ud)
{
	struct api_req *r;

	if (!cb || req_start(a, RK_ME, "GET", "/v1/me", NULL, 1, ud, &r) < 0)
		return -1;
	r->cb.agent = cb;
	return 0;
}

int
api_health(struct api *a, api_health_fn cb, void *ud)
{
	struct api_req *r;

	if (!cb ||
	    req_start(a, RK_HEALTH, "GET", "/v1/health", NULL, 0, ud, &r) < 0)
		return -1;
	r->cb.health = cb;
	return 0;
}

/* Append "&name=ESCAPED" (or "?name=" for the first parameter). */
static int
add_param(struct buf *b, const char *name, const char *value, size_t len)
{
	char *esc = curl_easy_escape(NULL, value, (int)len);
	enum status st;

	if (!esc)
		return -1;
	st = buf_printf(b, "%c%s=%s", strchr(b->data ? b->data : "", '?')
					     ? '&' : '?', name, esc);
	curl_free(esc);
	return st == ST_OK ? 0 : -1;
}

/* A search that looks like a phone number: digits with '+'/'-' only. */
static int
is_phone(const char *s, size_t len)
{
	size_t i, digits = 0;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '+' && s[i] != '-')
			return 0;
	}
	return digits > 0;
}

int
api_tickets(struct api *a, int mine, const char *query, const char *cursor,
	    int limit, api_page_fn cb, void *ud)
{
	struct api_req *r;
	const char *q = query ? query : "";
	size_t qlen;
	struct buf b;
	char num[16];
	int rc = -1;

	if (!a || !cb)
		return -1;
	if (limit < 1)
		limit = 1;
	if (limit > 200)
		limit = 200;
	/* Surrounding blanks of a typed search are not part of it. */
	while (*q == ' ' || *q == '\t')
		q++;
	qlen = strlen(q);
	while (qlen > 0 && (q[qlen - 1] == ' ' || q[qlen - 1] == '\t'))
		qlen--;

	buf_init(&b, URL_MAX);
	snprintf(num, sizeof(num), "%d", limit);
	if (buf_puts(&b, "/v1/tickets") != ST_OK ||
	    (mine && add_param(&b, "mine", "1", 1) < 0) ||
	    add_param(&b, "limit", num, strlen(num)) < 0 ||
	    (cursor && *cursor &&
	     add_param(&b, "cursor", cursor, strlen(cursor)) < 0) ||
	    (qlen > 0 && add_param(&b, is_phone(q, qlen) ? "phone" : "q", q,
				   qlen) < 0))
		goto out;
	if (req_start(a, RK_PAGE, "GET", b.data, NULL, 1, ud, &r) < 0)
		goto out;
	r->cb.page = cb;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
api_ticket(struct api *a, const char *ticket_no, api_ticket_fn cb, void *ud)
{
	struct api_req *r;
	char *esc, *path;
	int rc;

	if (!a || !cb || !ticket_no || !*ticket_no)
		return -1;
	if (!(esc = curl_easy_escape(NULL, ticket_no, 0)))
		return -1;
	path = xasprintf("/v1/tickets/%s", esc);
	curl_free(esc);
	rc = req_start(a, RK_TICKET, "GET", path, NULL, 1, ud, &r);
	free(path);
	if (rc == 0)
		r->cb.ticket = cb;
	return rc;
}

/* ---- hooks for calls.c and events.c (parse_calls.h) ------------------- */

int
api_request_raw(struct api *a, const char *method, const char *pathq,
		const char *body, const char *extra_header, api_raw_fn fn,
		void *ctx)
{
	struct api_req *r;

	if (!fn || req_start_x(a, RK_RAW, method, pathq, body, extra_header, 1,
			       NULL, &r) < 0) {
		free(ctx);
		return -1;
	}
	r->cb.raw = fn;
	r->raw_ctx = ctx;
	return 0;
}

char *
api_human(enum status st, const char *detail)
{
	return human(st, detail);
}

char *
api_result_bad_body(struct api_result *res, enum status st, const char *why)
{
	char detail[240];
	char *msg;

	snprintf(detail, sizeof(detail), "HTTP %ld: %s", res->http_status,
		 why);
	msg = api_human(st, detail);
	res->st = st;
	res->message = msg;
	return msg;
}

char *
api_escape(const char *s)
{
	char *esc = curl_easy_escape(NULL, s ? s : "", 0), *r;

	if (!esc)
		return NULL;
	r = xstrdup(esc);
	curl_free(esc);
	return r;
}

void *
api_multi_handle(struct api *a)
{
	return a ? (void *)a->multi : NULL;
}

const char *
api_token(const struct api *a)
{
	return a ? a->token : NULL;
}

const char *
api_proxy(const struct api *a)
{
	return a ? a->proxy : NULL;
}

long
api_connect_timeout_ms(const struct api *a)
{
	return a->timeout_ms < MAX_CONNECT_MS ? a->timeout_ms : MAX_CONNECT_MS;
}

int
api_dying(const struct api *a)
{
	return !a || a->free_deferred;
}

int
api_attach_events(struct api *a, struct api_events *ev)
{
	if (!a || a->events || a->free_deferred)
		return -1;
	a->events = ev;
	return 0;
}

void
api_detach_events(struct api *a, struct api_events *ev)
{
	if (a && a->events == ev)
		a->events = NULL;
}
