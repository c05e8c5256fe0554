/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * seed.c - read, check and load the demo data set.
 */
#include "seed.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/mem.h"
#include "../core/ticket.h"
#include "../core/utf8.h"
#include "../core/workday.h"
#include "auth.h"
#include "kb.h"
#include "intake.h"
#include "log.h"
#include "tkinput.h"

#define TSV_MAX_BYTES (16L * 1024 * 1024)
/* kb_articles.tsv may be a large generated set (bench/kb.sh: 100,000
 * articles are about 110 MB). */
#define KB_TSV_MAX_BYTES (512L * 1024 * 1024)
#define TSV_MAX_COLS 24

/* ---- the TSV reader ---------------------------------------------------- */

struct tsv_row {
	int line;
	char *f[TSV_MAX_COLS];
};

struct tsv {
	char path[512];
	char *mem;
	struct tsv_row *rows;
	size_t n;
};

struct ctx {
	char *err;
	size_t cap;
};

static int
fail(struct ctx *c, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(struct ctx *c, const char *path, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(c->err, c->cap, "%s:%d: %s", path, line, msg);
	else
		snprintf(c->err, c->cap, "%s: %s", path, msg);
	return -1;
}

/* Releases the rows; t->path stays for messages. */
static void
tsv_free(struct tsv *t)
{
	FREE(t->mem);
	FREE(t->rows);
	t->n = 0;
}

static int
tsv_load_max(struct ctx *c, struct tsv *t, const char *dir, const char *file,
	     const char *const *cols, long max)
{
	size_t ncols = 0, len = 0, cap = 0, i;
	char *p, *eol, chunk[8192];
	int line = 0, header = 0;
	FILE *f;

	memset(t, 0, sizeof *t);
	snprintf(t->path, sizeof t->path, "%s/%s", dir, file);
	while (cols[ncols])
		ncols++;
	f = fopen(t->path, "rb");
	if (!f)
		return fail(c, t->path, 0, "cannot open: %s", strerror(errno));
	for (;;) {
		size_t n = fread(chunk, 1, sizeof chunk, f);

		if (n == 0)
			break;
		if (len + n > (size_t)max) {
			fclose(f);
			tsv_free(t);
			return fail(c, t->path, 0, "larger than %ld bytes",
				    max);
		}
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			t->mem = xrealloc(t->mem, cap);
		}
		memcpy(t->mem + len, chunk, n);
		len += n;
	}
	if (ferror(f)) {
		fclose(f);
		tsv_free(t);
		return fail(c, t->path, 0, "read error");
	}
	fclose(f);
	if (!t->mem)
		t->mem = xstrdup("");
	t->mem[len] = '\0';
	if (strlen(t->mem) != len) {
		for (i = 0, line = 1; i < len && t->mem[i]; i++)
			line += t->mem[i] == '\n';
		tsv_free(t);
		return fail(c, t->path, line, "NUL byte");
	}
	cap = 0;
	for (p = t->mem; *p; p = eol) {
		struct tsv_row *row;
		size_t n = 0, ll;
		char *q, *tab;

		line++;
		eol = strchr(p, '\n');
		if (eol)
			*eol++ = '\0';
		else
			eol = p + strlen(p);
		ll = strlen(p);
		if (ll && p[ll - 1] == '\r')
			p[--ll] = '\0';
		if (!u8_valid(p, ll)) {
			tsv_free(t);
			return fail(c, t->path, line, "not valid UTF-8");
		}
		if (ll == 0 || p[0] == '#')
			continue;
		if (!header) {
			/* The header row: the exact column names. */
			for (q = p, i = 0; i < ncols; i++) {
				size_t cl = strlen(cols[i]);

				if (strncmp(q, cols[i], cl) != 0 ||
				    (q[cl] != (i + 1 < ncols ? '\t' : '\0')))
					break;
				q += cl + 1;
			}
			if (i < ncols) {
				char want[512];
				size_t wl = 0;

				want[0] = '\0';
				for (i = 0; i < ncols && wl < sizeof want; i++)
					wl += (size_t)snprintf(
						want + wl, sizeof want - wl,
						"%s%s", i ? "<TAB>" : "",
						cols[i]);
				tsv_free(t);
				return fail(c, t->path, line,
					    "header row must be: %s", want);
			}
			header = 1;
			continue;
		}
		if (t->n + 1 > cap) {
			cap = cap ? cap * 2 : 64;
			t->rows = xrealloc(t->rows, cap * sizeof *t->rows);
		}
		row = &t->rows[t->n];
		memset(row, 0, sizeof *row);
		row->line = line;
		for (q = p;; q = tab + 1) {
			tab = strchr(q, '\t');
			if (n < TSV_MAX_COLS)
				row->f[n] = q;
			n++;
			if (!tab)
				break;
			*tab = '\0';
		}
		if (n != ncols) {
			tsv_free(t);
			return fail(c, t->path, line,
				    "expected %zu fields, found %zu", ncols,
				    n);
		}
		t->n++;
	}
	if (!header) {
		tsv_free(t);
		return fail(c, t->path, 0, "no header row");
	}
	return 0;
}

static int
tsv_load(struct ctx *c, struct tsv *t, const char *dir, const char *file,
	 const char *const *cols)
{
	return tsv_load_max(c, t, dir, file, cols, TSV_MAX_BYTES);
}

/* ---- field checks ------------------------------------------------------ */

/* 1 when s has min..max characters, each in the class (A: upper, a:
 * lower, 9: digit) or in extra. */
static int
chars_ok(const char *s, size_t min, size_t max, const char *cls,
	 const char *extra)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if ((strchr(cls, 'A') && ch >= 'A' && ch <= 'Z') ||
		    (strchr(cls, 'a') && ch >= 'a' && ch <= 'z') ||
		    (strchr(cls, '9') && ch >= '0' && ch <= '9') ||
		    (extra && *extra && strchr(extra, ch)))
			continue;
		return 0;
	}
	return 1;
}

static int
text_ok(struct ctx *c, const struct tsv *t, int line, const char *what,
	const char *s, size_t max, int nonempty)
{
	if (nonempty && !*s)
		return fail(c, t->path, line, "%s is empty", what);
	if (u8_count(s) > max)
		return fail(c, t->path, line, "%s longer than %zu characters",
			    what, max);
	return 0;
}

static int
int_ok(const char *s, long lo, long hi, long *out)
{
	char *end = NULL;
	long v;

	if (!*s || strlen(s) > 10)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

static char *
unescape_nl(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* ---- per-file readers -------------------------------------------------- */

static const char *const unit_kinds[] = {"DEPT",    "TOWN",	 "STREET",
					 "PARK",    "UTILITY",	 "EMERGENCY",
					 "PROVINCE", NULL};

static int
in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static const struct store_unit *
find_unit(const struct seed_data *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->n_units; i++)
		if (strcmp(d->units[i].code, code) == 0)
			return &d->units[i];
	return NULL;
}

static const struct store_category *
find_category(const struct seed_data *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->n_categories; i++)
		if (strcmp(d->categories[i].code, code) == 0)
			return &d->categories[i];
	return NULL;
}

static const struct store_agent *
find_agent(const struct seed_data *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n_agents; i++)
		if (strcmp(d->agents[i].username, name) == 0)
			return &d->agents[i];
	return NULL;
}

static int
read_units(struct ctx *c, const char *dir, struct seed_data *d)
{
	static const char *const cols[] = {"code",	 "name",
					   "short_name", "kind",
					   "duty_phone", "parent_code", NULL};
	struct tsv t;
	size_t i;

	if (tsv_load(c, &t, dir, "units.tsv", cols) != 0)
		return -1;
	d->units = xcalloc(t.n ? t.n : 1, sizeof *d->units);
	for (i = 0; i < t.n; i++) {
		char **f = t.rows[i].f;
		int line = t.rows[i].line;
		struct store_unit *u = &d->units[i];

		if (!chars_ok(f[0], 2, 24, "A9", "_"))
			goto bad_code;
		if (find_unit(d, f[0])) {
			fail(c, t.path, line, "duplicate unit code %s", f[0]);
			goto out;
		}
		if (text_ok(c, &t, line, "name", f[1], 100, 1) ||
		    text_ok(c, &t, line, "short_name", f[2], 50, 1))
			goto out;
		if (!in_list(unit_kinds, f[3])) {
			fail(c, t.path, line,
			     "unknown kind '%s' (DEPT, TOWN, STREET, PARK, "
			     "UTILITY, EMERGENCY or PROVINCE)",
			     f[3]);
			goto out;
		}
		if (!chars_ok(f[4], 3, 20, "9", "-")) {
			fail(c, t.path, line,
			     "duty_phone '%s' is not 3-20 digits and dashes",
			     f[4]);
			goto out;
		}
		if (*f[5] && !chars_ok(f[5], 2, 24, "A9", "_")) {
			fail(c, t.path, line, "bad parent_code '%s'", f[5]);
			goto out;
		}
		u->code = xstrdup(f[0]);
		u->name = xstrdup(f[1]);
		u->short_name = xstrdup(f[2]);
		u->kind = xstrdup(f[3]);
		u->duty_phone = xstrdup(f[4]);
		u->parent_code = xstrdup(f[5]);
		d->n_units++;
		continue;
	bad_code:
		fail(c, t.path, line,
		     "unit code '%s' is not 2-24 of A-Z 0-9 _", f[0]);
		goto out;
	}
	for (i = 0; i < t.n; i++) {
		const struct store_unit *u = &d->units[i];

		if (*u->parent_code &&
		    (!find_unit(d, u->parent_code) ||
		     strcmp(u->parent_code, u->code) == 0)) {
			fail(c, t.path, t.rows[i].line,
			     "parent_code %s is not another unit",
			     u->parent_code);
			goto out;
		}
	}
	tsv_free(&t);
	return 0;
out:
	tsv_free(&t);
	return -1;
}

static int
owner_ok(const struct seed_data *d, const char *owner)
{
	if (!*owner || strcmp(owner, "TOWN") == 0)
		return 1;
	return strncmp(owner, "UNIT:", 5) == 0 && find_unit(d, owner + 5);
}

static int
read_categories(struct ctx *c, const char *dir, struct seed_data *d)
{
	static const char *const cols[] = {"code",  "name",	  "parent_code",
					   "owner", "limit_days", "desk",
					   NULL};
	struct tsv t;
	size_t i;

	if (tsv_load(c, &t, dir, "categories.tsv", cols) != 0)
		return -1;
	d->categories = xcalloc(t.n ? t.n : 1, sizeof *d->categories);
	for (i = 0; i < t.n; i++) {
		char **f = t.rows[i].f;
		int line = t.rows[i].line;
		struct store_category *cat = &d->categories[i];
		size_t cl = strlen(f[0]);
		long limit = 0;

		if (!chars_ok(f[0], 2, 6, "9", NULL) || cl % 2) {
			fail(c, t.path, line,
			     "category code '%s' is not 2, 4 or 6 digits",
			     f[0]);
			goto out;
		}
		if (find_category(d, f[0])) {
			fail(c, t.path, line, "duplicate category %s", f[0]);
			goto out;
		}
		if (text_ok(c, &t, line, "name", f[1], 50, 1))
			goto out;
		if (cl == 2 ? *f[2] != '\0'
			    : (strlen(f[2]) != cl - 2 ||
			       strncmp(f[2], f[0], cl - 2) != 0)) {
			fail(c, t.path, line,
			     "parent_code '%s' does not match code %s (a "
			     "child's code starts with its parent's)",
			     f[2], f[0]);
			goto out;
		}
		if (!owner_ok(d, f[3])) {
			fail(c, t.path, line,
			     "owner '%s' is not UNIT:<unit code>, TOWN or "
			     "empty",
			     f[3]);
			goto out;
		}
		if (*f[4] && !int_ok(f[4], 1, 365, &limit)) {
			fail(c, t.path, line,
			     "limit_days '%s' is not 1..365 or empty", f[4]);
			goto out;
		}
		if (*f[5] && tk_enum_parse(TKE_DESK, f[5]) < 0) {
			fail(c, t.path, line, "unknown desk '%s'", f[5]);
			goto out;
		}
		cat->code = xstrdup(f[0]);
		cat->name = xstrdup(f[1]);
		cat->parent_code = xstrdup(f[2]);
		cat->owner = xstrdup(f[3]);
		cat->limit_days = (int)limit;
		cat->desk = xstrdup(f[5]);
		d->n_categories++;
	}
	for (i = 0; i < t.n; i++) {
		const struct store_category *cat = &d->categories[i];

		if (*cat->parent_code && !find_category(d, cat->parent_code)) {
			fail(c, t.path, t.rows[i].line,
			     "parent category %s does not exist",
			     cat->parent_code);
			goto out;
		}
	}
	tsv_free(&t);
	return 0;
out:
	tsv_free(&t);
	return -1;
}

static int
values_ok(const char *v)
{
	char *copy = xstrdup(v), *p, *save = NULL, *tok;
	int n = 0, ok = 1;

	for (p = copy; ok && (tok = strtok_r(p, "|", &save)); p = NULL) {
		char *eq = strchr(tok, '=');

		if (!eq || !eq[1]) {
			ok = 0;
			break;
		}
		*eq = '\0';
		ok = chars_ok(tok, 1, 32, "Aa9", "_-");
		n++;
	}
	free(copy);
	return ok && n > 0 && v[0] != '|' && v[strlen(v) - 1] != '|' &&
	       !strstr(v, "||");
}

static int
read_forms(struct ctx *c, const char *dir, struct seed_data *d)
{
	static const char *const cols[] = {
		"category_code", "field_code", "label",  "datatype",
		"required",	 "order",      "values", "description",
		NULL};
	static const char *const types[] = {"string",	       "number",
					    "datetime",	       "text",
					    "singlevaluelist", "multivaluelist",
					    NULL};
	struct tsv t;
	size_t i, j;

	if (tsv_load(c, &t, dir, "forms.tsv", cols) != 0)
		return -1;
	d->forms = xcalloc(t.n ? t.n : 1, sizeof *d->forms);
	for (i = 0; i < t.n; i++) {
		char **f = t.rows[i].f;
		int line = t.rows[i].line, list;
		struct store_form_field *x = &d->forms[i];
		long req = 0, ord = 0;

		if (!find_category(d, f[0])) {
			fail(c, t.path, line, "unknown category %s", f[0]);
			goto out;
		}
		if (!chars_ok(f[1], 1, 32, "a9", "_") || f[1][0] < 'a') {
			fail(c, t.path, line,
			     "field_code '%s' is not a-z then a-z 0-9 _", f[1]);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(d->forms[j].category_code, f[0]) &&
			    !strcmp(d->forms[j].field_code, f[1])) {
				fail(c, t.path, line,
				     "field %s defined twice for %s", f[1],
				     f[0]);
				goto out;
			}
		if (text_ok(c, &t, line, "label", f[2], 50, 1))
			goto out;
		if (!in_list(types, f[3])) {
			fail(c, t.path, line,
			     "unknown datatype '%s' (string, number, "
			     "datetime, text, singlevaluelist, "
			     "multivaluelist)",
			     f[3]);
			goto out;
		}
		if (!int_ok(f[4], 0, 1, &req)) {
			fail(c, t.path, line, "required '%s' is not 0 or 1",
			     f[4]);
			goto out;
		}
		if (!int_ok(f[5], 0, 9999, &ord)) {
			fail(c, t.path, line, "order '%s' is not 0..9999",
			     f[5]);
			goto out;
		}
		list = strstr(f[3], "valuelist") != NULL;
		if (list ? !values_ok(f[6]) : *f[6] != '\0') {
			fail(c, t.path, line,
			     list ? "values must be key=label|key=label"
				  : "values must be empty for datatype %s",
			     f[3]);
			goto out;
		}
		if (text_ok(c, &t, line, "description", f[7], 500, 0))
			goto out;
		x->category_code = xstrdup(f[0]);
		x->field_code = xstrdup(f[1]);
		x->label = xstrdup(f[2]);
		x->datatype = xstrdup(f[3]);
		x->required = (int)req;
		x->order = (int)ord;
		x->values = xstrdup(f[6]);
		x->description = xstrdup(f[7]);
		d->n_forms++;
	}
	tsv_free(&t);
	return 0;
out:
	tsv_free(&t);
	return -1;
}

static int
read_codes(struct ctx *c, const char *dir, const char *file,
	   struct store_code **out, size_t *n_out)
{
	static const char *const cols[] = {"code", "name_zh", "name_en",
					   NULL};
	struct store_code *codes;
	struct tsv t;
	size_t i, j;

	if (tsv_load(c, &t, dir, file, cols) != 0)
		return -1;
	codes = xcalloc(t.n ? t.n : 1, sizeof *codes);
	*out = codes;
	for (i = 0; i < t.n; i++) {
		char **f = t.rows[i].f;
		int line = t.rows[i].line;

		if (!chars_ok(f[0], 1, 32, "A9", "_")) {
			fail(c, t.path, line, "code '%s' is not A-Z 0-9 _",
			     f[0]);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (strcmp(codes[j].code, f[0]) == 0) {
				fail(c, t.path, line, "duplicate code %s",
				     f[0]);
				goto out;
			}
		if (text_ok(c, &t, line, "name_zh", f[1], 50, 1) ||
		    text_ok(c, &t, line, "name_en", f[2], 80, 1))
			goto out;
		codes[i].code = xstrdup(f[0]);
		codes[i].name_zh = xstrdup(f[1]);
		codes[i].name_en = xstrdup(f[2]);
		(*n_out)++;
	}
	tsv_free(&t);
	return 0;
out:
	tsv_free(&t);
	return -1;
}

static int
read_holidays(struct ctx *c, const char *dir, struct seed_data *d,
	      struct workcal *cal)
{
	static const char *const cols[] = {"date", "kind", "name", NULL};
	struct tsv t;
	size_t i, j;

	if (tsv_load(c, &t, dir, "holidays.tsv", cols) != 0)
		return -1;
	d->holidays = xcalloc(t.n ? t.n : 1, sizeof *d->holidays);
	for (i = 0; i < t.n; i++) {
		char **f = t.rows[i].f;
		int line = t.rows[i].line, kind, y = 0, m = 0, dd = 0;
		time_t tt;

		if (strlen(f[0]) != 10 || f[0][4] != '-' || f[0][7] != '-' ||
		    sscanf(f[0], "%4d-%2d-%2d", &y, &m, &dd) != 3 ||
		    workcal_join(y, m, dd, 0, 0, 0, &tt) != ST_OK) {
			fail(c, t.path, line, "date '%s' is not YYYY-MM-DD",
			     f[0]);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (strcmp(d->holidays[j].date, f[0]) == 0) {
				fail(c, t.path, line, "date %s listed twice",
				     f[0]);
				goto out;
			}
		kind = workcal_kind_parse(f[1]);
		if (kind < 0) {
			fail(c, t.path, line,
			     "unknown kind '%s' (HOLIDAY or WORKDAY)", f[1]);
			goto out;
		}
		if (text_ok(c, &t, line, "name", f[2], 50, 1))
			goto out;
		workcal_add(cal, y, m, dd, (enum workcal_kind)kind);
		d->holidays[i].date = xstrdup(f[0]);
		d->holidays[i].kind = xstrdup(f[1]);
		d->holidays[i].name = xstrdup(f[2]);
		d->n_holidays++;
	}
	tsv_free(&t);
	return 0;
out:
	tsv_free(&t);
	return -1;
}

static int
desks_ok(const char *s)
{
	char *copy = xstrdup(s), *p, *save = NULL, *tok;
	int ok = 1;

	if (*s && (s[0] == ',' || s[strlen(s) - 1] == ',' ||
		   strstr(s, ",,")))
		ok = 0;
	for (p = copy; ok && (tok = strtok_r(p, ",", &save)); p = NULL)
		ok = tk_enum_parse(TKE_DESK, tok) >= 0;
	free(copy);
	return ok;
}

/* Argon2id is slow by design: hash the demo passwords on every core. */
struct hash_pool {
	char **pw;   /* in: passwords */
	char **hash; /* out: malloc'd hashes, NULL on failure */
	size_t n, next;
	pthread_mutex_t mu;
};

static void *
hash_worker(void *arg)
{
	struct hash_pool *p = arg;
	char h[AUTH_HASH_MAX];
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		if (auth_hash_password(p->pw[i], h) == ST_OK)
			p->hash[i] = xstrdup(h);
	}
}

static int
hash_all(char **pw, char **hash, size_t n)
{
	struct hash_pool p = {pw, hash, n, 0, PTHREAD_MUTEX_INITIALIZER};
	pthread_t th[4];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nth = cpus < 1 ? 1 : cpus > 4 ? 4 : (size_t)cpus, i, started;

	if (nth > n)
		nth = n;
	for (started = 0; started < nth; started++)
		if (pthread_create(&th[started], NULL, hash_worker, &p) != 0)
			break;
	if (started == 0)
		hash_worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < n; i++)
		if (!hash[i])
			return -1;
	return 0;
}

static int
read_agents(struct ctx *c, const char *dir, int hash, struct seed_data *d)
{
	static const char *const cols[] = {"username", "display_name", "role",
					   "desks",    "password",     NULL};
	char **pw = NULL, **hashes = NULL;
	struct tsv t;
	size_t i;
	int rc = -1;

	if (tsv_load(c, &t, dir, "agents.tsv", cols) != 0)
		return -1;
	d->agents = xcalloc(t.n ? t.n : 1, sizeof *d->agents);
	pw = xcalloc(t.n ? t.n : 1, sizeof *pw);
	hashes = xcalloc(t.n ? t.n : 1, sizeof *hashes);
	for (i = 0; i < t.n; i++) {
		char **f = t.rows[i].f;
		int line = t.rows[i].line;
		struct store_agent *a = &d->agents[i];
		enum role role;

		if (!chars_ok(f[0], 1, 32, "a9", "._-")) {
			fail(c, t.path, line,
			     "username '%s' is not 1-32 of a-z 0-9 . _ -",
			     f[0]);
			goto out;
		}
		if (find_agent(d, f[0])) {
			fail(c, t.path, line, "duplicate username %s", f[0]);
			goto out;
		}
		if (text_ok(c, &t, line, "display_name", f[1], 50, 1))
			goto out;
		if (role_parse(f[2], &role) != 0 || role == ROLE_SYSTEM) {
			fail(c, t.path, line, "unknown role '%s'", f[2]);
			goto out;
		}
		if (!desks_ok(f[3])) {
			fail(c, t.path, line,
			     "desks '%s' is not a comma list of GENERAL, "
			     "ENTERPRISE, CARE, DIALECT, ONLINE",
			     f[3]);
			goto out;
		}
		if (!*f[4]) {
			fail(c, t.path, line, "empty password");
			goto out;
		}
		pw[i] = f[4];
		a->id = (long long)i + 1;
		a->username = xstrdup(f[0]);
		a->display_name = xstrdup(f[1]);
		a->role = role;
		a->desks = xstrdup(f[3]);
		d->n_agents++;
	}
	if (hash && hash_all(pw, hashes, t.n) != 0) {
		fail(c, t.path, 0, "cannot hash the passwords (memory)");
		goto out;
	}
	for (i = 0; i < t.n; i++)
		d->agents[i].pw_hash = xstrdup(hash ? hashes[i] : "unhashed");
	rc = 0;
out:
	for (i = 0; i < t.n; i++)
		free(hashes[i]);
	free(hashes);
	free(pw);
	tsv_free(&t);
	return rc;
}

/* ---- demo tickets ------------------------------------------------------ */

/* A plausible note for each step of a demo ticket's history. */
static const char *
demo_comment(enum tk_action a)
{
	switch (a) {
	case TKA_CLOSE_DIRECT:
		return "已按知识库直接答复来电人";
	case TKA_TRANSFER:
		return "按派单目录转办";
	case TKA_DISPATCH_DIRECT:
		return "直派承办单位";
	case TKA_TRANSFER_OUT:
		return "一键转接";
	case TKA_NOT_ACCEPT:
		return "已告知来电人依法通过相应途径解决";
	case TKA_INVALIDATE:
		return "无效来电";
	case TKA_MERGE:
		return "重复诉求，已并单";
	case TKA_DISPATCH:
		return "派至承办单位办理";
	case TKA_SIGN:
		return "已签收";
	case TKA_REQUEST_RETURN:
		return "非本单位职能，申请退单";
	case TKA_REPLY:
		return "已办理并反馈";
	case TKA_APPROVE_REPLY:
		return "反馈内容审核通过";
	case TKA_VISIT:
		return "回访完成";
	case TKA_ARCHIVE:
		return "归档";
	default:
		return "";
	}
}

/* The first action for a handling mode (TKA_ACTION__COUNT for none). */
static enum tk_action
first_action(const char *mode)
{
	if (!strcmp(mode, "DIRECT"))
		return TKA_CLOSE_DIRECT;
	if (!strcmp(mode, "TRANSFER"))
		return TKA_TRANSFER;
	if (!strncmp(mode, "TRANSFER_", 9))
		return TKA_TRANSFER_OUT;
	if (!strcmp(mode, "NOT_ACCEPTED"))
		return TKA_NOT_ACCEPT;
	if (!strcmp(mode, "INVALID"))
		return TKA_INVALIDATE;
	if (!strcmp(mode, "MERGED"))
		return TKA_MERGE;
	return TK_ACTION__COUNT;
}

/* A role (not system) that may do a from state; -1 when none. */
static int
role_for(enum tk_state from, enum tk_action a, int prefer, enum tk_state *to)
{
	static const enum role order[] = {
		ROLE_DISPATCHER, ROLE_UNIT,  ROLE_REVIEWER, ROLE_VISITOR,
		ROLE_SUPERVISOR, ROLE_AGENT, ROLE_ADMIN};
	size_t i;

	if (prefer >= 0 &&
	    tk_transition(from, a, (enum role)prefer, to) == ST_OK)
		return prefer;
	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		if (tk_transition(from, a, order[i], to) == ST_OK)
			return (int)order[i];
	return -1;
}

/*
 * Shortest walk of the state machine from `from` to `target` (BFS over
 * actions in their list order, skipping mark_overdue, dispatch_direct and
 * same-state actions).  0 and the actions in path[0..*n), or -1.
 */
static int
plan(enum tk_state from, enum tk_state target, enum tk_action *path, int *n)
{
	int prev_state[TK_STATE__COUNT], prev_act[TK_STATE__COUNT];
	int queue[TK_STATE__COUNT], head = 0, tail = 0, s, a, k;
	enum tk_state to;

	for (s = 0; s < TK_STATE__COUNT; s++)
		prev_state[s] = -2;
	prev_state[from] = -1;
	queue[tail++] = (int)from;
	while (head < tail) {
		s = queue[head++];
		if (s == (int)target)
			break;
		for (a = 0; a < TK_ACTION__COUNT; a++) {
			if (a == TKA_MARK_OVERDUE || a == TKA_DISPATCH_DIRECT)
				continue;
			if (role_for((enum tk_state)s, (enum tk_action)a, -1,
				     &to) < 0 ||
			    (int)to == s || prev_state[to] != -2)
				continue;
			prev_state[to] = s;
			prev_act[to] = a;
			queue[tail++] = (int)to;
		}
	}
	if (prev_state[target] == -2)
		return -1;
	k = 0;
	for (s = (int)target; prev_state[s] != -1; s = prev_state[s])
		k++;
	*n = k;
	for (s = (int)target; prev_state[s] != -1; s = prev_state[s])
		path[--k] = (enum tk_action)prev_act[s];
	return 0;
}

static const char *
agent_with_role(const struct seed_data *d, int role)
{
	size_t i;

	for (i = 0; i < d->n_agents; i++)
		if ((int)d->agents[i].role == role)
			return d->agents[i].username;
	return NULL;
}

/* The category's owner unit (inherited) for a ticket in town. */
static const char *
owner_unit(const struct seed_data *d, const char *cat, const char *town)
{
	const struct store_category *c = find_category(d, cat);
	int depth;

	for (depth = 0; c && depth < 8; depth++) {
		if (!strcmp(c->owner, "TOWN"))
			return *town ? town : NULL;
		if (!strncmp(c->owner, "UNIT:", 5))
			return c->owner + 5;
		c = *c->parent_code ? find_category(d, c->parent_code) : NULL;
	}
	return NULL;
}

static int
category_limit(const struct seed_data *d, const char *cat)
{
	const struct store_category *c = find_category(d, cat);
	int depth;

	for (depth = 0; c && depth < 8; depth++) {
		if (c->limit_days > 0)
			return c->limit_days;
		c = *c->parent_code ? find_category(d, c->parent_code) : NULL;
	}
	return 0;
}

struct demo_row {
	const struct tsv *t;
	int line;
	char **f;
	size_t idx;
	long long now;
};

enum demo_col {
	DC_DAYS_AGO,
	DC_HOUR,
	DC_CHANNEL,
	DC_DESK,
	DC_APPEAL,
	DC_TITLE,
	DC_CONTENT,
	DC_CATEGORY,
	DC_URGENCY,
	DC_TOWN,
	DC_ADDRESS,
	DC_CALLER_PHONE,
	DC_CALLER_NAME,
	DC_CALLER_KIND,
	DC_MODE,
	DC_STATE,
	DC_LEAD_UNIT,
	DC_DIRECT_REPLY,
	DC_CREATED_BY,
	DC__COUNT
};

/* Field checks shared with the API (tkinput.c) for plain fields. */
static int
demo_field(struct ctx *c, const struct demo_row *row, enum tkf f,
	   const char *v, struct tk_rec *r)
{
	struct verr e = {0};

	if (tkin_check_str(NULL, f, v, &e) != 0)
		return fail(c, row->t->path, row->line, "%s: %s",
			    tkf_info[f].name, e.msg);
	tk_rec_str(r, f, v);
	return 0;
}

static int
demo_ticket(struct ctx *c, struct seed_data *d, const struct workcal *cal,
	    const struct demo_row *row, struct seed_ticket *out)
{
	static const enum tkf plain[] = {TKF_CHANNEL,	   TKF_DESK,
					 TKF_APPEAL_TYPE,  TKF_TITLE,
					 TKF_URGENCY,	   TKF_ADDRESS,
					 TKF_CALLER_PHONE, TKF_CALLER_NAME,
					 TKF_CALLER_KIND};
	static const int plain_col[] = {DC_CHANNEL,	 DC_DESK,
					DC_APPEAL,	 DC_TITLE,
					DC_URGENCY,	 DC_ADDRESS,
					DC_CALLER_PHONE, DC_CALLER_NAME,
					DC_CALLER_KIND};
	const char *path = row->t->path, *mode, *lead = NULL, *actor;
	char **f = row->f;
	struct tk_rec *r = &out->rec;
	const struct store_agent *creator;
	enum tk_action steps[TK_STATE__COUNT + 1], first;
	enum tk_state target, s, to;
	struct workcal_civil cv;
	struct tk_limit lim;
	long days = 0, hour = 0;
	long long t0, at, span, step;
	time_t tt;
	char *text;
	int n = 0, i, role;
	size_t k;

	tk_rec_init(r);
	if (!int_ok(f[DC_DAYS_AGO], 0, 3650, &days))
		return fail(c, path, row->line, "days_ago '%s' is not 0..3650",
			    f[DC_DAYS_AGO]);
	if (!int_ok(f[DC_HOUR], 0, 23, &hour))
		return fail(c, path, row->line, "hour '%s' is not 0..23",
			    f[DC_HOUR]);
	for (k = 0; k < sizeof plain / sizeof plain[0]; k++)
		if (demo_field(c, row, plain[k], f[plain_col[k]], r) != 0)
			return -1;
	text = unescape_nl(f[DC_CONTENT]);
	i = demo_field(c, row, TKF_CONTENT, text, r);
	free(text);
	if (i != 0)
		return -1;
	if (!find_category(d, f[DC_CATEGORY]))
		return fail(c, path, row->line, "unknown category %s",
			    f[DC_CATEGORY]);
	tk_rec_str(r, TKF_CATEGORY_CODE, f[DC_CATEGORY]);
	if (*f[DC_TOWN]) {
		const struct store_unit *u = find_unit(d, f[DC_TOWN]);

		if (!u || (strcmp(u->kind, "TOWN") && strcmp(u->kind, "STREET") &&
			   strcmp(u->kind, "PARK")))
			return fail(c, path, row->line,
				    "town_code %s is not a town, street or "
				    "park of units.tsv",
				    f[DC_TOWN]);
	}
	tk_rec_str(r, TKF_TOWN_CODE, f[DC_TOWN]);
	mode = f[DC_MODE];
	if (*mode && tk_enum_parse(TKE_MODE, mode) < 0)
		return fail(c, path, row->line, "unknown handling_mode '%s'",
			    mode);
	if (tk_state_parse(f[DC_STATE], &target) != 0)
		return fail(c, path, row->line, "unknown state '%s'",
			    f[DC_STATE]);
	if (*f[DC_LEAD_UNIT]) {
		if (!find_unit(d, f[DC_LEAD_UNIT]))
			return fail(c, path, row->line,
				    "unknown lead_unit_code %s",
				    f[DC_LEAD_UNIT]);
		lead = f[DC_LEAD_UNIT];
	}
	text = unescape_nl(f[DC_DIRECT_REPLY]);
	i = demo_field(c, row, TKF_DIRECT_REPLY, text, r);
	free(text);
	if (i != 0)
		return -1;
	creator = find_agent(d, f[DC_CREATED_BY]);
	if (!creator)
		return fail(c, path, row->line,
			    "created_by %s is not in agents.tsv",
			    f[DC_CREATED_BY]);
	tk_rec_str(r, TKF_CREATED_BY, creator->username);

	/* The walk through the state machine. */
	first = first_action(mode);
	if (target == TK_DRAFT) {
		if (*mode)
			return fail(c, path, row->line,
				    "a DRAFT ticket has no handling_mode yet");
	} else if (first == TK_ACTION__COUNT) {
		if (plan(TK_DRAFT, target, steps, &n) != 0)
			return fail(c, path, row->line,
				    "state %s cannot be reached",
				    f[DC_STATE]);
		first = steps[0];
	} else {
		if (role_for(TK_DRAFT, first, (int)creator->role, &to) < 0 ||
		    plan(to, target, steps + 1, &n) != 0)
			return fail(c, path, row->line,
				    "state %s cannot follow handling_mode %s",
				    f[DC_STATE], mode);
		steps[0] = first;
		n++;
	}

	/* Times: hour of the local day days_ago, spread the steps after. */
	workcal_split((time_t)(row->now - days * 86400), &cv);
	if (workcal_join(cv.year, cv.month, cv.day, (int)hour,
			 (int)(row->idx * 13 % 60), (int)(row->idx * 29 % 60),
			 &tt) != ST_OK)
		return fail(c, path, row->line, "bad time");
	t0 = (long long)tt;
	if (t0 > row->now - 600)
		t0 = row->now - 600 - (long long)row->idx * 60;
	span = row->now - 300 - (t0 + 240);
	step = n > 1 ? span / (n - 1) : 0;
	if (step > 2 * 86400)
		step = 2 * 86400;
	if (step < 60)
		step = 60;
	tk_rec_int(r, TKF_CREATED_AT, t0);
	tk_rec_str(r, TKF_STATE, tk_state_wire(target));
	tk_rec_str(r, TKF_TAGS, "[]");
	tk_rec_str(r, TKF_ASSIST_UNITS, "[]");
	tk_rec_str(r, TKF_EXTRA, "{}");
	tk_rec_int(r, TKF_NEEDS_REPLY, 1);

	out->events = xcalloc((size_t)n + 1, sizeof *out->events);
	tk_event_set(&out->events[0], creator->username, "create", NULL,
		     tk_state_wire(TK_DRAFT), "");
	out->events[0].at = t0;
	out->n_events = 1;
	s = TK_DRAFT;
	at = t0;
	for (i = 0; i < n; i++) {
		enum tk_action a = steps[i];

		role = role_for(s, a, i == 0 ? (int)creator->role : -1, &to);
		actor = role == (int)creator->role ? creator->username
						   : agent_with_role(d, role);
		if (role < 0 || !actor)
			return fail(c, path, row->line,
				    "no demo account may %s (from %s)",
				    tk_action_wire(a), tk_state_wire(s));
		at = i == 0 ? t0 + 240 : at + step;
		if (at > row->now - 1)
			at = row->now - 1;
		tk_event_set(&out->events[out->n_events], actor,
			     tk_action_wire(a), tk_state_wire(s),
			     tk_state_wire(to), demo_comment(a));
		out->events[out->n_events++].at = at;
		/* What the step writes (see routes_tickets.c). */
		switch (a) {
		case TKA_CLOSE_DIRECT:
			tk_rec_str(r, TKF_HANDLING_MODE, "DIRECT");
			if (!*tk_rec_s(r, TKF_DIRECT_REPLY))
				tk_rec_str(r, TKF_DIRECT_REPLY,
					   "已按知识库答复来电人。");
			break;
		case TKA_TRANSFER:
		case TKA_DISPATCH_DIRECT:
		case TKA_DISPATCH:
			tk_rec_str(r, TKF_HANDLING_MODE, "TRANSFER");
			if (!*tk_rec_s(r, TKF_LEAD_UNIT_CODE)) {
				const char *u = lead ? lead
						     : owner_unit(d,
								  f[DC_CATEGORY],
								  f[DC_TOWN]);

				if (!u)
					return fail(c, path, row->line,
						    "no lead unit: give "
						    "lead_unit_code or a "
						    "town_code");
				tk_rec_str(r, TKF_LEAD_UNIT_CODE, u);
			}
			if (r->v[TKF_DEADLINE].null &&
			    tk_deadline(cal, (time_t)at,
					(enum tk_appeal)tk_enum_parse(
						TKE_APPEAL, f[DC_APPEAL]),
					(enum tk_urgency)tk_enum_parse(
						TKE_URGENCY, f[DC_URGENCY]),
					category_limit(d, f[DC_CATEGORY]),
					&lim) == ST_OK &&
			    lim.kind != TK_LIMIT_NONE)
				tk_rec_int(r, TKF_DEADLINE, (long long)lim.due);
			break;
		case TKA_TRANSFER_OUT:
			tk_rec_str(r, TKF_HANDLING_MODE,
				   *mode ? mode : "TRANSFER_110");
			if (lead)
				tk_rec_str(r, TKF_LEAD_UNIT_CODE, lead);
			break;
		case TKA_NOT_ACCEPT:
			tk_rec_str(r, TKF_HANDLING_MODE, "NOT_ACCEPTED");
			break;
		case TKA_INVALIDATE:
			tk_rec_str(r, TKF_HANDLING_MODE, "INVALID");
			break;
		case TKA_MERGE:
			tk_rec_str(r, TKF_HANDLING_MODE, "MERGED");
			break;
		case TKA_REPLY:
			tk_rec_str(r, TKF_RESULT,
				   "经核查，已联系来电人并按诉求处理，处理"
				   "结果已当面告知来电人。");
			break;
		case TKA_VISIT:
			tk_rec_str(r, TKF_SATISFACTION,
				   row->idx % 4 ? "SATISFIED"
						: "BASICALLY_SATISFIED");
			tk_rec_str(r, TKF_SOLVED,
				   row->idx % 4 ? "SOLVED" : "PARTLY_SOLVED");
			break;
		default:
			break;
		}
		s = to;
	}
	if (s != target)
		return fail(c, path, row->line, "internal: walk ended in %s",
			    tk_state_wire(s));
	tk_rec_int(r, TKF_UPDATED_AT, at);
	tk_rec_int(r, TKF_VERSION, 1 + n);
	return 0;
}

static int
cmp_ticket(const void *a, const void *b)
{
	const struct seed_ticket *x = a, *y = b;
	long long ta = x->rec.v[TKF_CREATED_AT].n;
	long long tb = y->rec.v[TKF_CREATED_AT].n;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	return x->rec.id < y->rec.id ? -1 : x->rec.id > y->rec.id;
}

static int
read_demo_tickets(struct ctx *c, const char *dir, long long now,
		  struct seed_data *d, const struct workcal *cal)
{
	static const char *const cols[] = {
		"days_ago",	"hour",		 "channel",	  "desk",
		"appeal_type",	"title",	 "content",	  "category_code",
		"urgency",	"town_code",	 "address",	  "caller_phone",
		"caller_name",	"caller_kind",	 "handling_mode", "state",
		"lead_unit_code", "direct_reply", "created_by",	  NULL};
	struct demo_row row;
	struct tsv t;
	size_t i;

	if (tsv_load(c, &t, dir, "demo_tickets.tsv", cols) != 0)
		return -1;
	d->tickets = xcalloc(t.n ? t.n : 1, sizeof *d->tickets);
	for (i = 0; i < t.n; i++) {
		row.t = &t;
		row.line = t.rows[i].line;
		row.f = t.rows[i].f;
		row.idx = i;
		row.now = now;
		d->n_tickets++;
		if (demo_ticket(c, d, cal, &row, &d->tickets[i]) != 0) {
			tsv_free(&t);
			return -1;
		}
		d->tickets[i].rec.id = (long long)i; /* file order for ties */
	}
	qsort(d->tickets, d->n_tickets, sizeof *d->tickets, cmp_ticket);
	for (i = 0; i < d->n_tickets; i++)
		d->tickets[i].rec.id = 0;
	tsv_free(&t);
	return 0;
}

/* ---- knowledge base ---------------------------------------------------- */

enum kb_col {
	KC_ID,
	KC_TITLE,
	KC_QUESTION,
	KC_ANSWER,
	KC_SMS_GUIDE,
	KC_CATEGORY,
	KC_UNIT,
	KC_KEYWORDS,
	KC_FROM,
	KC_TO,
	KC_STATUS,
};

/*
 * data/kb_articles.tsv (format: docs/kb.md "Adding or changing
 * articles").  Ids are positive and strictly ascending (new articles go
 * at the end); codes must name a category and a unit of this data set;
 * texts follow kb_article_check() after "\n" became a newline.
 */
static int
read_kb_articles(struct ctx *c, const char *dir, struct seed_data *d)
{
	static const char *const cols[] = {
		"id",		 "title",	 "question",	 "answer",
		"sms_guide",	 "category_code", "owner_unit_code",
		"keywords",	 "effective_from", "effective_to",
		"status",	 NULL};
	struct tsv t;
	long prev = 0;
	size_t i;

	if (tsv_load_max(c, &t, dir, "kb_articles.tsv", cols,
			 KB_TSV_MAX_BYTES) != 0)
		return -1;
	d->kb_articles = xcalloc(t.n ? t.n : 1, sizeof *d->kb_articles);
	for (i = 0; i < t.n; i++) {
		char **f = t.rows[i].f;
		int line = t.rows[i].line;
		struct store_kb_article *a = &d->kb_articles[i];
		struct verr e = {0};
		long id;

		if (!int_ok(f[KC_ID], 1, 2000000000L, &id)) {
			fail(c, t.path, line, "id '%s' is not a positive "
					      "integer",
			     f[KC_ID]);
			goto out;
		}
		if (id <= prev) {
			fail(c, t.path, line,
			     "id %ld is not greater than the id before it "
			     "(%ld): ids are unique and ascending",
			     id, prev);
			goto out;
		}
		prev = id;
		a->id = id;
		a->title = xstrdup(f[KC_TITLE]);
		a->question = unescape_nl(f[KC_QUESTION]);
		a->answer = unescape_nl(f[KC_ANSWER]);
		a->sms_guide = unescape_nl(f[KC_SMS_GUIDE]);
		a->category_code = xstrdup(f[KC_CATEGORY]);
		a->owner_unit_code = xstrdup(f[KC_UNIT]);
		a->keywords = xstrdup(f[KC_KEYWORDS]);
		a->effective_from = xstrdup(f[KC_FROM]);
		a->effective_to = xstrdup(f[KC_TO]);
		a->status = xstrdup(f[KC_STATUS]);
		a->version = 1;
		d->n_kb_articles++;
		if (kb_article_check(a, &e) != 0) {
			fail(c, t.path, line, "%s: %s", e.field, e.msg);
			goto out;
		}
		if (!find_category(d, a->category_code)) {
			fail(c, t.path, line, "unknown category_code '%s'",
			     a->category_code);
			goto out;
		}
		if (*a->owner_unit_code && !find_unit(d, a->owner_unit_code)) {
			fail(c, t.path, line, "unknown owner_unit_code '%s'",
			     a->owner_unit_code);
			goto out;
		}
	}
	tsv_free(&t);
	return 0;
out:
	tsv_free(&t);
	return -1;
}

int
seed_read(const char *dir, long long now, int hash, struct seed_data *d,
	  char *err, size_t errcap)
{
	struct ctx c = {err, errcap};
	struct workcal *cal = workcal_new();
	int rc;

	memset(d, 0, sizeof *d);
	err[0] = '\0';
	rc = read_units(&c, dir, d) || read_categories(&c, dir, d) ||
	     read_forms(&c, dir, d) ||
	     read_codes(&c, dir, "wrapup_codes.tsv", &d->wrapups,
			&d->n_wrapups) ||
	     read_codes(&c, dir, "reasons.tsv", &d->reasons, &d->n_reasons) ||
	     read_holidays(&c, dir, d, cal) || read_agents(&c, dir, hash, d) ||
	     read_demo_tickets(&c, dir, now, d, cal) ||
	     read_kb_articles(&c, dir, d);
	workcal_free(cal);
	if (rc) {
		seed_data_free(d);
		return -1;
	}
	return 0;
}

int
seed_demo(struct store *st, const char *dir, const char *prefix, char *err,
	  size_t errcap)
{
	struct seed_data d;
	enum status rc;

	slog(SLOG_INFO, "seed: reading the demo data set from %s", dir);
	if (seed_read(dir, (long long)time(NULL), 1, &d, err, errcap) != 0)
		return -1;
	rc = st->ops->load_seed(st, &d, prefix);
	/* The online queue's demo items (intake.c; issue #4 extras). */
	if (rc == ST_OK && intake_seed(st, dir, (long long)time(NULL), err,
				       errcap) != 0) {
		seed_data_free(&d);
		return -1;
	}
	if (rc == ST_OK)
		slog(SLOG_INFO,
		     "seed: loaded %zu units, %zu categories, %zu form fields, "
		     "%zu holidays, %zu agents, %zu tickets, "
		     "%zu knowledge-base articles",
		     d.n_units, d.n_categories, d.n_forms, d.n_holidays,
		     d.n_agents, d.n_tickets, d.n_kb_articles);
	seed_data_free(&d);
	if (rc == ST_EXISTS) {
		snprintf(err, errcap, "seed: the database is not empty");
		return -1;
	}
	if (rc != ST_OK) {
		snprintf(err, errcap,
			 "seed: the database refused the data set (see the "
			 "log above); nothing was loaded");
		return -1;
	}
	return 0;
}
