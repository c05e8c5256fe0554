/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - hotlined: options, start-up, signals, shutdown.
 *
 * Start-up order: SQLite settings, libsodium, the database (migrations),
 * the optional demo seed, the holiday calendar, the event hub, then the
 * HTTP daemon and the port file.  The main thread then waits in sigwait()
 * for SIGTERM, SIGINT or SIGHUP (blocked in every thread), ends the event
 * streams, stops the daemon (requests in flight finish) and closes the
 * database.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/mem.h"
#include "../core/workday.h"
#include "auth.h"
#include "calls.h"
#include "events.h"
#include "log.h"
#include "overdue.h"
#include "stats.h" /* issue #6 */
#include "seed.h"
#include "sms_gateway.h"
#include "srv.h"
#include "store.h"

static void
usage(FILE *out)
{
	fprintf(out,
		"usage: hotlined [options]\n"
		"  --listen ADDR:PORT   address to listen on (default %s;\n"
		"                       port 0 picks a free port; [::1]:PORT "
		"for IPv6)\n"
		"  --port-file PATH     write the bound port there (atomically)\n"
		"  --db PATH            SQLite database (default %s)\n"
		"  --seed demo          load the demo data set into an empty "
		"database\n"
		"                       (a no-op when it already holds data)\n"
		"  --data-dir DIR       where the seed TSV files are (default "
		"%s)\n"
		"  --log-level LEVEL    error, warn, info or debug (default "
		"info)\n"
		"  --city-prefix XX     ticket number prefix, 2-4 letters "
		"(default %s)\n"
		"  --heartbeat SECONDS  event stream ping interval (default "
		"15)\n"
		"  --event-history N    events kept for resuming streams "
		"(default 10000)\n"
		CALLS_USAGE
		STATS_USAGE
		"  --overdue-interval S seconds between deadline-timer passes "
		"(default %d)\n"
		"  --help               this text\n"
		"  --version            print the version\n",
		SRV_DEFAULT_LISTEN, SRV_DEFAULT_DB, HOTLINE_DATADIR,
		SRV_DEFAULT_PREFIX, OVERDUE_INTERVAL);
}

/* "1.2.3.4:80", "[::1]:80" -> host, port. */
static int
parse_listen(const char *s, char *host, size_t cap, unsigned *port)
{
	const char *colon, *h = s;
	size_t hl;
	char *end = NULL;
	long p;

	if (*s == '[') {
		const char *rb = strchr(s, ']');

		if (!rb || rb[1] != ':')
			return -1;
		h = s + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - s);
	}
	if (hl == 0 || hl >= cap)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	errno = 0;
	p = strtol(colon + 1, &end, 10);
	if (errno || !colon[1] || *end || p < 0 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

static int
prefix_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

static int
write_port_file(const char *path, unsigned port)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	int ok;

	if (!f) {
		slog(SLOG_ERROR, "cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	ok = fprintf(f, "%u\n", port) > 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		slog(SLOG_ERROR, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static struct workcal *
load_calendar(struct store *st)
{
	struct workcal *cal = workcal_new();
	struct store_holiday *h = NULL;
	size_t n = 0, i;

	if (st->ops->list_holidays(st, &h, &n) != ST_OK) {
		workcal_free(cal);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		int y, m, d, kind = workcal_kind_parse(h[i].kind);

		if (kind < 0 ||
		    sscanf(h[i].date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
		    workcal_add(cal, y, m, d, (enum workcal_kind)kind) != ST_OK)
			slog(SLOG_WARN, "holiday %s %s ignored", h[i].date,
			     h[i].kind);
	}
	store_holidays_free(h, n);
	slog(SLOG_DEBUG, "calendar: %zu holiday rows", n);
	return cal;
}

static int
seed_if_asked(struct store *st, const char *seed, const char *dir,
	      const char *prefix)
{
	char err[600];
	int empty = 0;

	if (!seed)
		return 0;
	if (strcmp(seed, "demo") != 0) {
		slog(SLOG_ERROR, "--seed: unknown data set '%s' (only demo)",
		     seed);
		return -1;
	}
	if (st->ops->is_empty(st, &empty) != ST_OK)
		return -1;
	if (!empty) {
		slog(SLOG_INFO, "seed: the database already holds data; "
				"--seed demo does nothing");
		return 0;
	}
	if (seed_demo(st, dir, prefix, err, sizeof err) != 0) {
		slog(SLOG_ERROR, "%s", err);
		fprintf(stderr, "hotlined: %s\n", err);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"port-file", required_argument, NULL, 'p'},
		{"db", required_argument, NULL, 'd'},
		{"seed", required_argument, NULL, 's'},
		{"data-dir", required_argument, NULL, 'D'},
		{"log-level", required_argument, NULL, 'L'},
		{"city-prefix", required_argument, NULL, 'c'},
		{"heartbeat", required_argument, NULL, 'H'},
		{"event-history", required_argument, NULL, 'E'},
		{"ring-timeout", required_argument, NULL, 'R'},
		{"acw-mode", required_argument, NULL, 'M'},
		{"acw-seconds", required_argument, NULL, 'W'},
		{"acw-default-code", required_argument, NULL, 'C'},
		{"overdue-interval", required_argument, NULL, 'O'},
		{"alert-not-ready", required_argument, NULL, 'A'},
		{"alert-acw", required_argument, NULL, 'B'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *listen = SRV_DEFAULT_LISTEN, *port_file = NULL;
	const char *db = SRV_DEFAULT_DB, *seed = NULL;
	const char *data_dir = HOTLINE_DATADIR;
	const char *prefix = SRV_DEFAULT_PREFIX;
	struct srv s;
	enum slog_level lv;
	sigset_t sigs;
	char pw[AUTH_TOKEN_LEN + 1];
	int c, sig = 0, rc = 1, heartbeat = 0, history = 0;
	int overdue_interval = OVERDUE_INTERVAL;
	long lv_od;
	struct calls_config calls_cfg;
	struct stats_config stats_cfg;
	int optind_long = 0;
	char *end;

	memset(&s, 0, sizeof s);
	calls_config_default(&calls_cfg);
	stats_config_default(&stats_cfg);
	while ((c = getopt_long(argc, argv, "", opts, &optind_long)) != -1) {
		switch (c) {
		case 'l':
			listen = optarg;
			break;
		case 'p':
			port_file = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 's':
			seed = optarg;
			break;
		case 'D':
			data_dir = optarg;
			break;
		case 'L':
			if (slog_level_parse(optarg, &lv) != 0) {
				fprintf(stderr, "hotlined: --log-level: "
						"error, warn, info or debug\n");
				return 2;
			}
			slog_set_level(lv);
			break;
		case 'c':
			prefix = optarg;
			break;
		case 'H':
			errno = 0;
			heartbeat = (int)strtol(optarg, &end, 10);
			if (errno || *end || heartbeat < 1 || heartbeat > 3600) {
				fprintf(stderr, "hotlined: --heartbeat wants "
						"1-3600 seconds\n");
				return 2;
			}
			break;
		case 'E':
			errno = 0;
			history = (int)strtol(optarg, &end, 10);
			if (errno || *end || history < 16 ||
			    history > 1000000) {
				fprintf(stderr, "hotlined: --event-history "
						"wants 16-1000000 events\n");
				return 2;
			}
			break;
		case 'O':
			errno = 0;
			lv_od = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || lv_od < 1 ||
			    lv_od > OVERDUE_INTERVAL_MAX) {
				fprintf(stderr, "hotlined: --overdue-interval "
						"wants 1-%d seconds\n",
					OVERDUE_INTERVAL_MAX);
				return 2;
			}
			overdue_interval = (int)lv_od;
			break;
		case 'R':
		case 'M':
		case 'W':
		case 'C':
			if (calls_parse_option(opts[optind_long].name, optarg,
					       &calls_cfg) != 0) {
				fprintf(stderr, "hotlined: --%s: bad value "
						"'%s' (see --help)\n",
					opts[optind_long].name, optarg);
				return 2;
			}
			break;
		case 'A': /* supervision alerts (issue #6) */
		case 'B':
			if (stats_parse_option(opts[optind_long].name, optarg,
					       &stats_cfg) != 0) {
				fprintf(stderr, "hotlined: --%s wants 1-86400 "
						"seconds\n",
					opts[optind_long].name);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("hotlined %s\n", HOTLINE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hotlined: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	if (parse_listen(listen, s.host, sizeof s.host, &s.port) != 0) {
		fprintf(stderr, "hotlined: --listen wants ADDR:PORT, e.g. "
				"127.0.0.1:8345\n");
		return 2;
	}
	if (!prefix_ok(prefix)) {
		fprintf(stderr, "hotlined: --city-prefix wants 2-4 letters "
				"A-Z\n");
		return 2;
	}
	snprintf(s.city_prefix, sizeof s.city_prefix, "%s", prefix);

	/* Every thread started from here on inherits this mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (store_sqlite_init() != 0 || auth_init() != 0) {
		slog(SLOG_ERROR, "cannot initialise SQLite or libsodium");
		return 1;
	}
	s.store = store_sqlite_open(db);
	if (!s.store)
		return 1;
	slog(SLOG_INFO, "database: %s", db);
	if (seed_if_asked(s.store, seed, data_dir, s.city_prefix) != 0)
		goto out;
	s.cal = load_calendar(s.store);
	if (!s.cal)
		goto out;
	auth_new_token(pw);
	if (auth_hash_password(pw, s.dummy_hash) != ST_OK)
		goto out;
	if (events_init(&s, heartbeat, history) != 0)
		goto out;
	if (calls_init(&s, &calls_cfg) != 0)
		goto out;
	if (sms_gateway_start(s.store) != 0) /* the demo SMS gateway */
		goto out;
	if (overdue_start(&s, overdue_interval) != 0) /* deadline timer */
		goto out;
	if (stats_start(&s, &stats_cfg) != 0) /* stats.live (issue #6) */
		goto out;
	if (http_start(&s) != 0)
		goto out;
	if (port_file && write_port_file(port_file, s.bound_port) != 0) {
		events_shutdown();
		http_stop(&s);
		goto out;
	}
	slog(SLOG_INFO, "hotlined %s listening on %s port %u", HOTLINE_VERSION,
	     s.host, s.bound_port);
	while (sigwait(&sigs, &sig) != 0 || sig == 0)
		;
	slog(SLOG_INFO, "signal %d: stopping", sig);
	events_shutdown(); /* ends the event streams first */
	http_stop(&s);
	rc = 0;
out:
	calls_shutdown(); /* its timer may publish: before events_free */
	overdue_stop();   /* the same */
	stats_stop();     /* the same */
	events_shutdown();
	events_free();
	sms_gateway_stop();
	workcal_free(s.cal);
	s.store->ops->close(s.store);
	if (rc == 0)
		slog(SLOG_INFO, "stopped");
	return rc;
}
