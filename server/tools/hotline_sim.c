/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hotline_sim.c - hotline-sim: a telephone switch that places simulated
 * calls against hotlined's CTI interface, for demos and load tests.
 *
 * Owns: the call generator (arrival times, caller numbers, desks,
 * voice-assistant hand-overs, callers who hang up while queued), its
 * schedule, and, with --agents, simulated agents who answer, talk, hang
 * up and wrap up.  Talks HTTP with libcurl (blocking easy handles, one
 * thread); builds on core/ only for memory, enums and ticket states.
 * See hotline-sim(1).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "../../core/mem.h"
#include "../../core/ticket.h"

#define BODY_MAX (4 * 1024 * 1024)
#define OWN_REPEAT_MAX 200 /* own earlier numbers kept for repeats */
#define MAX_DESKS 8
#define MAX_PENDING 4096

static volatile sig_atomic_t stop_sig;

/* ---- random numbers (xorshift64*, seeded) ---------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* [0, 1) */
static double
rnd_unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* [0, n) */
static unsigned
rnd_below(unsigned n)
{
	return n ? (unsigned)(rnd() % n) : 0;
}

static double
rnd_between(double lo, double hi)
{
	return lo + (hi - lo) * rnd_unit();
}

/* ---- time ------------------------------------------------------------- */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
stamp(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Sleep until the monotonic time t (or a signal). */
static void
sleep_until(double t)
{
	double d = t - now_s();
	struct timespec ts;

	if (d <= 0)
		return;
	ts.tv_sec = (time_t)d;
	ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL); /* EINTR on a signal: the loop looks again */
}

/* ---- the caller model ------------------------------------------------- */

/* Voice-assistant hand-overs: the recognised intent and what was said. */
struct ivr_case {
	const char *desk; /* the desk it belongs to */
	const char *intent;
	const char *transcript;
};

static const struct ivr_case ivr_cases[] = {
	{"GENERAL", "公积金提取",
	 "我想问一下住房公积金怎么提取，租房可以提吗"},
	{"GENERAL", "社保查询",
	 "帮我查一下社保缴费记录，上个月好像没有交上"},
	{"GENERAL", "噪音投诉",
	 "小区旁边的工地晚上十一点还在施工，吵得睡不着"},
	{"GENERAL", "停水咨询",
	 "我家从早上开始停水了，请问什么时候恢复供水"},
	{"GENERAL", "户籍办理",
	 "孩子刚出生想办户口，需要带哪些材料"},
	{"GENERAL", "医保报销",
	 "在外地住院花的钱，回来以后怎么报销"},
	{"GENERAL", "垃圾清运",
	 "村口的垃圾堆了好几天了，一直没有人来清理"},
	{"GENERAL", "路灯故障",
	 "东城大道有一段路灯不亮，晚上走路很危险"},
	{"GENERAL", "公交线路",
	 "想问一下去松山湖的公交车改线了没有"},
	{"GENERAL", "欠薪投诉",
	 "工厂拖欠我们三个月工资，老板一直联系不上"},
	{"ENTERPRISE", "企业开办",
	 "我想注册一家小公司，营业执照要怎么办理"},
	{"ENTERPRISE", "税费减免",
	 "小微企业今年的税费减免政策是怎样的"},
	{"ENTERPRISE", "用工补贴",
	 "我们厂招了应届毕业生，能申请什么补贴"},
	{"CARE", "助老服务",
	 "我母亲八十多岁一个人住，想申请上门助老服务"},
	{"DIALECT", "水电报修",
	 "屋企嘅水管爆咗，想搵人嚟整下"},
};
#define N_IVR (sizeof ivr_cases / sizeof ivr_cases[0])

/* Mobile prefixes of the three carriers (13x, 15x, 18x). */
static const char *const mobile_prefix[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
};
#define N_MOBILE (sizeof mobile_prefix / sizeof mobile_prefix[0])

struct desk_share {
	char name[16];
	unsigned weight;
};

struct opts {
	const char *server;
	const char *user;
	char *password;
	double rate;         /* calls per minute */
	int uniform;         /* arrivals uniform +-50 % instead of Poisson */
	double iv_min, iv_max; /* --interval: uniform in [min, max] s */
	long count;          /* 0: unlimited */
	double duration;     /* 0: unlimited */
	struct desk_share desks[MAX_DESKS];
	int n_desks;
	unsigned weight_sum;
	double abandon_pct;
	double abandon_min, abandon_max;
	double ivr_pct;
	double repeat_pct;
	double landline_pct;
	const char *repeat_file;
	int dry_run;
	int quiet;
	/* simulated agents */
	int agents;
	const char *agent_prefix;
	char *agent_password;
	double talk_min, talk_max;
	double answer_min, answer_max;
};

/* Repeat callers: numbers from --repeat-file, then our own earlier ones. */
struct numbers {
	char **v;
	size_t n, cap;
};

static void
numbers_add(struct numbers *ns, const char *s)
{
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 64;
		ns->v = xrealloc(ns->v, ns->cap * sizeof *ns->v);
	}
	ns->v[ns->n++] = xstrdup(s);
}

static void
numbers_free(struct numbers *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	memset(ns, 0, sizeof *ns);
}

static int
phone_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 5 || n > 20)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Split a line at tabs in place; returns the number of fields. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		char *t = strchr(p, '\t');

		f[n++] = p;
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

/*
 * A TSV with a header naming caller_phone (and optionally state: then
 * only callers with an open ticket are kept), e.g. data/demo_tickets.tsv;
 * or one number per line.  Lines starting with # are comments.
 */
static int
load_repeat_file(const char *path, struct numbers *ns)
{
	FILE *f = fopen(path, "r");
	char line[8192], *fld[64];
	int col_phone = -1, col_state = -1, header = 0;
	size_t n, i;

	if (!f) {
		fprintf(stderr, "hotline-sim: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		n = split_tabs(line, fld, 64);
		if (!header && n > 1) {
			header = 1;
			for (i = 0; i < n; i++) {
				if (strcmp(fld[i], "caller_phone") == 0)
					col_phone = (int)i;
				else if (strcmp(fld[i], "state") == 0)
					col_state = (int)i;
			}
			if (col_phone < 0) {
				fprintf(stderr, "hotline-sim: %s: no "
						"caller_phone column\n",
					path);
				fclose(f);
				return -1;
			}
			continue;
		}
		header = 1;
		if (col_phone < 0) {
			if (phone_ok(fld[0]))
				numbers_add(ns, fld[0]);
			continue;
		}
		if ((size_t)col_phone >= n || !phone_ok(fld[col_phone]))
			continue;
		if (col_state >= 0 && (size_t)col_state < n) {
			enum tk_state st;

			if (tk_state_parse(fld[col_state], &st) != 0 ||
			    !tk_state_is_open(st))
				continue;
		}
		numbers_add(ns, fld[col_phone]);
	}
	fclose(f);
	return 0;
}

static void
new_number(const struct opts *o, char out[24])
{
	if (rnd_unit() * 100.0 < o->landline_pct) {
		/* Dongguan landline: 0769 + 8 digits, not starting 0/1. */
		snprintf(out, 24, "0769%u%07u", 2 + rnd_below(7),
			 rnd_below(10000000));
		return;
	}
	snprintf(out, 24, "%s%08u", mobile_prefix[rnd_below(N_MOBILE)],
		 rnd_below(100000000));
}

static const char *
pick_desk(const struct opts *o)
{
	unsigned x = rnd_below(o->weight_sum);
	int i;

	for (i = 0; i < o->n_desks; i++) {
		if (x < o->desks[i].weight)
			return o->desks[i].name;
		x -= o->desks[i].weight;
	}
	return o->desks[0].name;
}

static const struct ivr_case *
pick_ivr(const char *desk)
{
	const struct ivr_case *match[N_IVR];
	size_t n = 0, i;

	for (i = 0; i < N_IVR; i++)
		if (strcmp(ivr_cases[i].desk, desk) == 0)
			match[n++] = &ivr_cases[i];
	if (!n) /* a desk with no cases of its own: general ones */
		for (i = 0; i < N_IVR; i++)
			if (strcmp(ivr_cases[i].desk, "GENERAL") == 0)
				match[n++] = &ivr_cases[i];
	return match[rnd_below((unsigned)n)];
}

/* ---- HTTP ------------------------------------------------------------- */

struct http {
	CURL *h;
	const char *base;
	char token[128];
	struct {
		char *data;
		size_t len;
	} body;
	char err[CURL_ERROR_SIZE];
};

static size_t
on_body(char *p, size_t sz, size_t nm, void *ud)
{
	struct http *c = ud;
	size_t n = sz * nm;

	if (c->body.len + n > BODY_MAX)
		return 0;
	c->body.data = xrealloc(c->body.data, c->body.len + n + 1);
	memcpy(c->body.data + c->body.len, p, n);
	c->body.len += n;
	c->body.data[c->body.len] = '\0';
	return n;
}

static void
http_init(struct http *c, const char *base)
{
	memset(c, 0, sizeof *c);
	c->base = base;
	c->h = curl_easy_init();
	if (!c->h) {
		fprintf(stderr, "hotline-sim: cannot start libcurl\n");
		exit(1);
	}
}

static void
http_free(struct http *c)
{
	if (c->h)
		curl_easy_cleanup(c->h);
	free(c->body.data);
	memset(c, 0, sizeof *c);
}

/*
 * One request; body may be NULL.  Returns the HTTP status, 0 on a network
 * error (c->err says why).  *out (may be NULL) gets the parsed JSON reply
 * or NULL.
 */
static long
http_do(struct http *c, const char *method, const char *path,
	const char *body, cJSON **out)
{
	struct curl_slist *hd = NULL;
	char url[1024], auth[200];
	long status = 0;
	CURLcode rc;

	if (out)
		*out = NULL;
	c->body.len = 0;
	c->err[0] = '\0';
	snprintf(url, sizeof url, "%s%s", c->base, path);
	curl_easy_reset(c->h);
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT_MS, 15000L);
	curl_easy_setopt(c->h, CURLOPT_ERRORBUFFER, c->err);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(c->h, CURLOPT_USERAGENT,
			 "hotline-sim/" HOTLINE_VERSION);
	if (c->token[0]) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s",
			 c->token);
		hd = curl_slist_append(hd, auth);
	}
	if (body) {
		hd = curl_slist_append(hd, "Content-Type: application/json");
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE,
				 (long)strlen(body));
	}
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, hd);
	rc = curl_easy_perform(c->h);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
		if (out && c->body.len)
			*out = cJSON_ParseWithLength(c->body.data,
						     c->body.len);
	} else if (!c->err[0]) {
		snprintf(c->err, sizeof c->err, "%s", curl_easy_strerror(rc));
	}
	curl_slist_free_all(hd);
	return status;
}

static const char *
json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long long
json_id(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

/* Error text of a reply for a log line. */
static const char *
why(struct http *c, long status)
{
	static char buf[300];
	cJSON *o, *e;
	const char *m;

	if (status == 0)
		return c->err;
	o = c->body.len ? cJSON_ParseWithLength(c->body.data, c->body.len)
			: NULL;
	e = o ? cJSON_GetObjectItemCaseSensitive(o, "error") : NULL;
	m = e ? json_str(e, "message") : NULL;
	snprintf(buf, sizeof buf, "HTTP %ld%s%s", status, m ? ": " : "",
		 m ? m : "");
	cJSON_Delete(o);
	return buf;
}

static int
login(struct http *c, const char *user, const char *password)
{
	cJSON *b = cJSON_CreateObject(), *r = NULL;
	char *txt;
	const char *tok;
	long st;

	cJSON_AddStringToObject(b, "username", user);
	cJSON_AddStringToObject(b, "password", password);
	txt = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	c->token[0] = '\0';
	st = http_do(c, "POST", "/v1/sessions", txt, &r);
	free(txt);
	tok = r ? json_str(r, "token") : NULL;
	if (st != 201 || !tok || strlen(tok) >= sizeof c->token) {
		fprintf(stderr, "hotline-sim: login as %s at %s failed: %s\n",
			user, c->base, why(c, st));
		cJSON_Delete(r);
		return -1;
	}
	snprintf(c->token, sizeof c->token, "%s", tok);
	cJSON_Delete(r);
	return 0;
}

static void
logout(struct http *c)
{
	if (c->token[0])
		http_do(c, "DELETE", "/v1/sessions/current", NULL, NULL);
	c->token[0] = '\0';
}

/* ---- the switch: calls and abandons ---------------------------------- */

struct pending {
	double at;
	long long call_id;
	double placed;
};

struct sim {
	struct opts *o;
	struct http cti;
	struct numbers repeat_file;
	struct numbers own; /* ring of our own numbers */
	size_t own_next;
	struct pending pend[MAX_PENDING];
	int n_pend;
	long placed, failed, abandoned, stayed, repeats, ivrs;
};

static void
logf_line(const struct sim *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
logf_line(const struct sim *s, const char *fmt, ...)
{
	char ts[32];
	va_list ap;

	if (s->o->quiet)
		return;
	stamp(ts);
	printf("%s ", ts);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void
remember(struct sim *s, const char *num)
{
	if (s->own.n < OWN_REPEAT_MAX) {
		numbers_add(&s->own, num);
		return;
	}
	free(s->own.v[s->own_next]);
	s->own.v[s->own_next] = xstrdup(num);
	s->own_next = (s->own_next + 1) % OWN_REPEAT_MAX;
}

/* The body of one call; *repeat and *ivr say what it is. */
static char *
make_call(struct sim *s, int *repeat, const struct ivr_case **ivr,
	  char num[24], const char **desk)
{
	const struct opts *o = s->o;
	cJSON *b = cJSON_CreateObject();
	char *txt;

	*repeat = 0;
	*ivr = NULL;
	if (rnd_unit() * 100.0 < o->repeat_pct &&
	    (s->repeat_file.n || s->own.n)) {
		const struct numbers *src =
			s->repeat_file.n && (!s->own.n || rnd_below(4) != 0)
				? &s->repeat_file
				: &s->own;

		snprintf(num, 24, "%s",
			 src->v[rnd_below((unsigned)src->n)]);
		*repeat = 1;
	} else {
		new_number(o, num);
	}
	*desk = pick_desk(o);
	cJSON_AddStringToObject(b, "caller", num);
	cJSON_AddStringToObject(b, "channel", "PHONE");
	cJSON_AddStringToObject(b, "desk", *desk);
	if (rnd_unit() * 100.0 < o->ivr_pct) {
		cJSON *iv = cJSON_AddObjectToObject(b, "ivr");

		*ivr = pick_ivr(*desk);
		cJSON_AddStringToObject(iv, "intent", (*ivr)->intent);
		cJSON_AddStringToObject(iv, "transcript",
					(*ivr)->transcript);
	}
	txt = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return txt;
}

static long
cti_do(struct sim *s, const char *method, const char *path,
       const char *body, cJSON **out)
{
	long st = http_do(&s->cti, method, path, body, out);

	if (st == 401 && login(&s->cti, s->o->user, s->o->password) == 0) {
		if (out)
			cJSON_Delete(*out);
		st = http_do(&s->cti, method, path, body, out);
	}
	return st;
}

static void
place_call(struct sim *s)
{
	const struct ivr_case *ivr;
	const char *desk, *state, *agent;
	char num[24], *body;
	cJSON *r = NULL;
	long long id;
	int repeat;
	long st;

	body = make_call(s, &repeat, &ivr, num, &desk);
	if (s->o->dry_run) {
		printf("%s\n", body);
		free(body);
		s->placed++;
		return;
	}
	st = cti_do(s, "POST", "/v1/calls", body, &r);
	free(body);
	id = r ? json_id(r, "id") : -1;
	if (st != 201 || id < 0) {
		s->failed++;
		logf_line(s, "call %s %s failed: %s", num, desk,
			  why(&s->cti, st));
		cJSON_Delete(r);
		return;
	}
	s->placed++;
	s->repeats += repeat;
	s->ivrs += ivr != NULL;
	if (!repeat)
		remember(s, num);
	state = json_str(r, "state");
	agent = json_str(r, "agent");
	logf_line(s, "call %lld %s %s%s%s%s -> %s%s%s", id, num, desk,
		  repeat ? " repeat" : "", ivr ? " ivr=" : "",
		  ivr ? ivr->intent : "", state ? state : "?",
		  agent ? " " : "", agent ? agent : "");
	if (rnd_unit() * 100.0 < s->o->abandon_pct &&
	    s->n_pend < MAX_PENDING) {
		struct pending *p = &s->pend[s->n_pend++];

		p->placed = now_s();
		p->at = p->placed +
			rnd_between(s->o->abandon_min, s->o->abandon_max);
		p->call_id = id;
	}
	cJSON_Delete(r);
}

/* The caller of a pending abandon hangs up if still waiting. */
static void
maybe_abandon(struct sim *s, const struct pending *p)
{
	char path[64], state[16];
	cJSON *r = NULL;
	long st;

	snprintf(path, sizeof path, "/v1/calls/%lld", p->call_id);
	st = cti_do(s, "GET", path, NULL, &r);
	snprintf(state, sizeof state, "%s",
		 r && json_str(r, "state") ? json_str(r, "state") : "");
	cJSON_Delete(r);
	if (st != 200 ||
	    (strcmp(state, "QUEUED") != 0 && strcmp(state, "RINGING") != 0)) {
		s->stayed++;
		return;
	}
	snprintf(path, sizeof path, "/v1/calls/%lld/abandon", p->call_id);
	st = cti_do(s, "POST", path, "{}", NULL);
	if (st == 200) {
		s->abandoned++;
		logf_line(s, "abandon %lld after %.0f s (was %s)", p->call_id,
			  now_s() - p->placed, state);
	} else if (st != 409) { /* 409: answered meanwhile */
		s->failed++;
		logf_line(s, "abandon %lld failed: %s", p->call_id,
			  why(&s->cti, st));
	}
}

/* ---- simulated agents (--agents) -------------------------------------- */

enum ag_phase {
	AG_IDLE,    /* READY, waiting to be offered a call */
	AG_RINGING, /* will answer at next */
	AG_TALKING, /* will hang up at next */
	AG_ACW,     /* will wrap up at next */
};

struct agent {
	struct http c;
	char name[64];
	enum ag_phase phase;
	long long call_id;
	double next;
	long answered;
};

struct agents {
	struct agent *v;
	int n;
	char code[64]; /* wrap-up code used */
	long answered, errors;
};

static int
agent_ready(struct agent *a)
{
	long st = http_do(&a->c, "PUT", "/v1/agents/me/state",
			  "{\"state\":\"READY\"}", NULL);

	return st == 200 ? 0 : -1;
}

static int
agents_start(struct sim *s, struct agents *ag)
{
	const struct opts *o = s->o;
	cJSON *r = NULL, *it;
	long st;
	int i;

	ag->v = xcalloc((size_t)o->agents, sizeof *ag->v);
	ag->n = o->agents;
	for (i = 0; i < ag->n; i++) {
		struct agent *a = &ag->v[i];

		snprintf(a->name, sizeof a->name, "%s%04d", o->agent_prefix,
			 i + 1);
		http_init(&a->c, o->server);
		if (login(&a->c, a->name, o->agent_password) != 0 ||
		    agent_ready(a) != 0) {
			fprintf(stderr, "hotline-sim: agent %s cannot go "
					"READY\n",
				a->name);
			return -1;
		}
		a->phase = AG_IDLE;
		a->next = now_s() + rnd_unit();
	}
	st = http_do(&ag->v[0].c, "GET", "/v1/wrapup-codes", NULL, &r);
	it = r ? cJSON_GetObjectItemCaseSensitive(r, "items") : NULL;
	it = cJSON_IsArray(it) ? cJSON_GetArrayItem(it, 0) : NULL;
	if (st != 200 || !it || !json_str(it, "code")) {
		fprintf(stderr, "hotline-sim: no wrap-up codes\n");
		cJSON_Delete(r);
		return -1;
	}
	snprintf(ag->code, sizeof ag->code, "%s", json_str(it, "code"));
	cJSON_Delete(r);
	return 0;
}

static void
agent_step(struct sim *s, struct agents *ag, struct agent *a)
{
	const struct opts *o = s->o;
	char path[96], body[160];
	cJSON *r = NULL;
	long st;

	switch (a->phase) {
	case AG_IDLE:
		st = http_do(&a->c, "GET", "/v1/agents/me/state", NULL, &r);
		if (st == 200 && r && json_str(r, "state") &&
		    strcmp(json_str(r, "state"), "RINGING") == 0 &&
		    json_id(r, "call_id") > 0) {
			a->call_id = json_id(r, "call_id");
			a->phase = AG_RINGING;
			a->next = now_s() +
				  rnd_between(o->answer_min, o->answer_max);
		} else if (st == 200 && r && json_str(r, "state") &&
			   strcmp(json_str(r, "state"), "NOT_READY") == 0) {
			agent_ready(a); /* e.g. after a ring-no-answer */
			a->next = now_s() + 1.0;
		} else {
			a->next = now_s() + 1.0;
		}
		break;
	case AG_RINGING:
		snprintf(path, sizeof path, "/v1/calls/%lld/answer",
			 a->call_id);
		st = http_do(&a->c, "POST", path, "{}", NULL);
		if (st == 200) {
			a->phase = AG_TALKING;
			a->next = now_s() +
				  rnd_between(o->talk_min, o->talk_max);
			a->answered++;
			ag->answered++;
		} else {
			a->phase = AG_IDLE; /* abandoned meanwhile */
			a->next = now_s() + 0.5;
		}
		break;
	case AG_TALKING:
		snprintf(path, sizeof path, "/v1/calls/%lld/hangup",
			 a->call_id);
		st = http_do(&a->c, "POST", path, "{}", NULL);
		a->phase = AG_ACW;
		a->next = now_s() + rnd_between(1.0, 3.0);
		if (st != 200)
			ag->errors++;
		break;
	case AG_ACW:
		snprintf(path, sizeof path, "/v1/calls/%lld/wrapup",
			 a->call_id);
		snprintf(body, sizeof body,
			 "{\"code\":\"%s\",\"summary\":\"模拟通话\","
			 "\"needs_callback\":false}",
			 ag->code);
		st = http_do(&a->c, "POST", path, body, NULL);
		if (st != 200)
			ag->errors++;
		a->phase = AG_IDLE;
		a->next = now_s() + 0.5;
		break;
	}
	cJSON_Delete(r);
}

static int
agents_idle(const struct agents *ag)
{
	int i;

	for (i = 0; i < ag->n; i++)
		if (ag->v[i].phase != AG_IDLE)
			return 0;
	return 1;
}

static void
agents_stop(struct agents *ag)
{
	int i;

	for (i = 0; i < ag->n; i++) {
		struct agent *a = &ag->v[i];

		if (a->c.h) {
			http_do(&a->c, "PUT", "/v1/agents/me/state",
				"{\"state\":\"OFFLINE\"}", NULL);
			logout(&a->c);
			http_free(&a->c);
		}
	}
	free(ag->v);
	memset(ag, 0, sizeof *ag);
}

/* ---- options ---------------------------------------------------------- */

static void
usage(FILE *out)
{
	fprintf(out,
		"usage: hotline-sim [options]\n"
		"  --server URL          hotlined (default "
		"http://127.0.0.1:8345)\n"
		"  --user NAME           CTI account (default demo-cti)\n"
		"  --password P | --password-file FILE\n"
		"  --rate N              calls per minute (default 2)\n"
		"  --uniform             arrivals every 0.5-1.5 x the mean "
		"interval (default: Poisson)\n"
		"  --interval A-B        one call every A to B seconds "
		"(instead of --rate)\n"
		"  --count N             stop after N calls\n"
		"  --duration S          stop after S seconds\n"
		"  --desk-mix LIST       e.g. GENERAL=80,ENTERPRISE=10,CARE=5,"
		"DIALECT=5\n"
		"  --abandon-pct P       callers who hang up while waiting "
		"(default 10)\n"
		"  --abandon-after A-B   ... after A to B seconds (default "
		"5-30)\n"
		"  --ivr-pct P           voice-assistant hand-overs (default "
		"30)\n"
		"  --repeat-pct P        repeat callers (default 20)\n"
		"  --repeat-file FILE    their numbers (TSV with caller_phone "
		"and state, or one a line)\n"
		"  --landline-pct P      0769 landlines among new callers "
		"(default 15)\n"
		"  --seed N              random seed (default: time and pid)\n"
		"  --agents N            also run N simulated agents "
		"PREFIX0001...\n"
		"  --agent-prefix S      (default load-)\n"
		"  --agent-password P    (default: the --password)\n"
		"  --talk A-B            agents talk A to B seconds (default "
		"5-20)\n"
		"  --dry-run             print the call bodies; no server\n"
		"  --quiet               no line per call, only the summary\n"
		"  --help, --version\n");
}

static int
parse_num(const char *s, double lo, double hi, double *out)
{
	char *end = NULL;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int
parse_range(const char *s, double lo, double hi, double *a, double *b)
{
	char tmp[64], *dash;

	snprintf(tmp, sizeof tmp, "%s", s);
	dash = strchr(tmp, '-');
	if (!dash)
		return -1;
	*dash = '\0';
	if (parse_num(tmp, lo, hi, a) != 0 || parse_num(dash + 1, lo, hi, b))
		return -1;
	return *a <= *b ? 0 : -1;
}

static int
parse_mix(const char *s, struct opts *o)
{
	char *copy = xstrdup(s), *p, *save = NULL, *tok;
	int rc = 0;

	o->n_desks = 0;
	o->weight_sum = 0;
	for (p = copy; (tok = strtok_r(p, ",", &save)); p = NULL) {
		char *eq = strchr(tok, '=');
		double w = 1;

		if (eq)
			*eq = '\0';
		if (tk_enum_parse(TKE_DESK, tok) < 0 ||
		    (eq && parse_num(eq + 1, 0, 1e6, &w) != 0) ||
		    o->n_desks == MAX_DESKS || strlen(tok) >= 16) {
			rc = -1;
			break;
		}
		snprintf(o->desks[o->n_desks].name, 16, "%s", tok);
		o->desks[o->n_desks].weight = (unsigned)w;
		o->weight_sum += (unsigned)w;
		o->n_desks++;
	}
	free(copy);
	return rc == 0 && o->weight_sum > 0 ? 0 : -1;
}

static char *
read_password_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];

	if (!f || !fgets(line, sizeof line, f)) {
		fprintf(stderr, "hotline-sim: cannot read %s\n", path);
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

/* Seconds to the next arrival. */
static double
gap(const struct opts *o, double mean)
{
	if (o->iv_max > 0)
		return rnd_between(o->iv_min, o->iv_max);
	if (o->uniform)
		return mean * rnd_between(0.5, 1.5);
	return -mean * log(1.0 - rnd_unit()); /* Poisson arrivals */
}

static void
on_signal(int sig)
{
	stop_sig = sig;
}

/* Parses argv into o; 0, or an exit status (help/version: -1). */
static int
parse_args(int argc, char **argv, struct opts *o, uint64_t *seed,
	   int *have_seed)
{
	static const struct option lo[] = {
		{"server", required_argument, NULL, 's'},
		{"user", required_argument, NULL, 'u'},
		{"password", required_argument, NULL, 'p'},
		{"password-file", required_argument, NULL, 'P'},
		{"rate", required_argument, NULL, 'r'},
		{"uniform", no_argument, NULL, 'U'},
		{"interval", required_argument, NULL, 'I'},
		{"count", required_argument, NULL, 'n'},
		{"duration", required_argument, NULL, 'd'},
		{"desk-mix", required_argument, NULL, 'm'},
		{"abandon-pct", required_argument, NULL, 'a'},
		{"abandon-after", required_argument, NULL, 'A'},
		{"ivr-pct", required_argument, NULL, 'i'},
		{"repeat-pct", required_argument, NULL, 'R'},
		{"repeat-file", required_argument, NULL, 'f'},
		{"landline-pct", required_argument, NULL, 'L'},
		{"seed", required_argument, NULL, 'S'},
		{"agents", required_argument, NULL, 'g'},
		{"agent-prefix", required_argument, NULL, 'x'},
		{"agent-password", required_argument, NULL, 'y'},
		{"talk", required_argument, NULL, 't'},
		{"dry-run", no_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	double v;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		const char *bad = NULL;

		switch (c) {
		case 's':
			o->server = optarg;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'p':
			free(o->password);
			o->password = xstrdup(optarg);
			break;
		case 'P':
			free(o->password);
			o->password = read_password_file(optarg);
			if (!o->password)
				return 2;
			break;
		case 'r':
			if (parse_num(optarg, 0.001, 60000, &o->rate) != 0)
				bad = "--rate wants calls per minute "
				      "(0.001-60000)";
			break;
		case 'U':
			o->uniform = 1;
			break;
		case 'I':
			if (parse_range(optarg, 0.001, 86400, &o->iv_min,
					&o->iv_max) != 0)
				bad = "--interval wants MIN-MAX seconds";
			else
				o->rate = 120.0 / (o->iv_min + o->iv_max);
			break;
		case 'n':
			if (parse_num(optarg, 1, 1e9, &v) != 0)
				bad = "--count wants a positive number";
			else
				o->count = (long)v;
			break;
		case 'd':
			if (parse_num(optarg, 0.001, 1e9, &o->duration) != 0)
				bad = "--duration wants seconds";
			break;
		case 'm':
			if (parse_mix(optarg, o) != 0)
				bad = "--desk-mix wants DESK=WEIGHT,... with "
				      "desks GENERAL ENTERPRISE CARE DIALECT "
				      "ONLINE";
			break;
		case 'a':
			if (parse_num(optarg, 0, 100, &o->abandon_pct) != 0)
				bad = "--abandon-pct wants 0-100";
			break;
		case 'A':
			if (parse_range(optarg, 0, 86400, &o->abandon_min,
					&o->abandon_max) != 0)
				bad = "--abandon-after wants MIN-MAX seconds";
			break;
		case 'i':
			if (parse_num(optarg, 0, 100, &o->ivr_pct) != 0)
				bad = "--ivr-pct wants 0-100";
			break;
		case 'R':
			if (parse_num(optarg, 0, 100, &o->repeat_pct) != 0)
				bad = "--repeat-pct wants 0-100";
			break;
		case 'f':
			o->repeat_file = optarg;
			break;
		case 'L':
			if (parse_num(optarg, 0, 100, &o->landline_pct) != 0)
				bad = "--landline-pct wants 0-100";
			break;
		case 'S':
			if (parse_num(optarg, 0, 9007199254740991.0, &v) != 0)
				bad = "--seed wants a non-negative integer";
			*seed = (uint64_t)v;
			*have_seed = 1;
			break;
		case 'g':
			if (parse_num(optarg, 0, 5000, &v) != 0)
				bad = "--agents wants 0-5000";
			o->agents = (int)v;
			break;
		case 'x':
			o->agent_prefix = optarg;
			break;
		case 'y':
			free(o->agent_password);
			o->agent_password = xstrdup(optarg);
			break;
		case 't':
			if (parse_range(optarg, 0, 86400, &o->talk_min,
					&o->talk_max) != 0)
				bad = "--talk wants MIN-MAX seconds";
			break;
		case 'D':
			o->dry_run = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case 'V':
			printf("hotline-sim %s\n", HOTLINE_VERSION);
			return -1;
		default:
			usage(stderr);
			return 2;
		}
		if (bad) {
			fprintf(stderr, "hotline-sim: %s\n", bad);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hotline-sim: unexpected argument '%s'\n",
			argv[optind]);
		return 2;
	}
	if (o->dry_run && !o->count) {
		fprintf(stderr, "hotline-sim: --dry-run needs --count\n");
		return 2;
	}
	if (!o->dry_run && !o->password) {
		fprintf(stderr, "hotline-sim: needs --password or "
				"--password-file\n");
		return 2;
	}
	if (o->agents && !o->agent_password)
		o->agent_password = xstrdup(o->password);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = {
		.server = "http://127.0.0.1:8345",
		.user = "demo-cti",
		.rate = 2,
		.abandon_pct = 10,
		.abandon_min = 5,
		.abandon_max = 30,
		.ivr_pct = 30,
		.repeat_pct = 20,
		.landline_pct = 15,
		.agent_prefix = "load-",
		.talk_min = 5,
		.talk_max = 20,
		.answer_min = 1,
		.answer_max = 3,
	};
	struct agents ag = {0};
	struct sim *s;
	struct sigaction sa;
	uint64_t seed = 0;
	double t0, next, mean;
	int have_seed = 0, rc, i;

	parse_mix("GENERAL=80,ENTERPRISE=10,CARE=5,DIALECT=5", &o);
	rc = parse_args(argc, argv, &o, &seed, &have_seed);
	if (rc) {
		free(o.password);
		free(o.agent_password);
		return rc < 0 ? 0 : rc;
	}
	if (!have_seed)
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	rng_state = seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
	if (!rng_state)
		rng_state = 1;
	for (i = 0; i < 8; i++)
		rnd();

	s = xcalloc(1, sizeof *s);
	s->o = &o;
	if (o.repeat_file && load_repeat_file(o.repeat_file,
					      &s->repeat_file) != 0) {
		free(s);
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	setvbuf(stdout, NULL, _IOLBF, 0);

	rc = 0;
	if (!o.dry_run) {
		http_init(&s->cti, o.server);
		if (login(&s->cti, o.user, o.password) != 0) {
			rc = 1;
			goto out;
		}
		if (o.agents && agents_start(s, &ag) != 0) {
			rc = 1;
			goto out;
		}
		if (!o.quiet)
			printf("hotline-sim: %s as %s, %.3g calls/min, "
			       "seed %llu\n",
			       o.server, o.user, o.rate,
			       (unsigned long long)seed);
	}
	mean = 60.0 / o.rate;
	t0 = now_s();
	next = t0 + gap(&o, mean); /* the switch does not ring at once */
	while (!stop_sig) {
		double t = now_s(), wake;
		int more = (!o.count || s->placed + s->failed < o.count) &&
			   (!o.duration || t - t0 < o.duration);

		if (!more && s->n_pend == 0 && agents_idle(&ag))
			break;
		if (o.dry_run) {
			if (!more)
				break;
			place_call(s);
			continue;
		}
		if (more && t >= next) {
			place_call(s);
			next += gap(&o, mean);
			if (next < t)
				next = t;
			continue;
		}
		for (i = 0; i < s->n_pend; i++) {
			if (s->pend[i].at > t)
				continue;
			maybe_abandon(s, &s->pend[i]);
			s->pend[i--] = s->pend[--s->n_pend];
			t = now_s();
		}
		for (i = 0; i < ag.n; i++)
			if (ag.v[i].next <= t)
				agent_step(s, &ag, &ag.v[i]);
		if (!more && s->n_pend == 0 && agents_idle(&ag))
			break;
		wake = more ? next : t + 3600;
		if (o.duration && t0 + o.duration < wake)
			wake = t0 + o.duration;
		for (i = 0; i < s->n_pend; i++)
			if (s->pend[i].at < wake)
				wake = s->pend[i].at;
		for (i = 0; i < ag.n; i++)
			if (ag.v[i].next < wake)
				wake = ag.v[i].next;
		sleep_until(wake);
	}
	if (o.dry_run)
		goto out;
	printf("hotline-sim: placed %ld, failed %ld, abandoned %ld "
	       "(%ld stayed), repeat callers %ld, voice-assistant %ld",
	       s->placed, s->failed, s->abandoned, s->stayed, s->repeats,
	       s->ivrs);
	if (o.agents)
		printf(", answered by agents %ld (errors %ld)", ag.answered,
		       ag.errors);
	printf("\n");
	if (s->failed && !s->placed)
		rc = 1;
out:
	agents_stop(&ag);
	if (s->cti.h) {
		logout(&s->cti);
		http_free(&s->cti);
	}
	numbers_free(&s->repeat_file);
	numbers_free(&s->own);
	free(s);
	free(o.password);
	free(o.agent_password);
	curl_global_cleanup();
	return rc;
}
