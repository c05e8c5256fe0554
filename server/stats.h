/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats.h - supervisor statistics of hotlined (issue #6): the figures of
 * docs/metrics.md as the JSON of GET /v1/stats/live, /v1/stats/daily and
 * /v1/stats/hotspots, the hotspot rule (Poisson upper tail), the alert
 * thresholds, and the `stats.live` publisher: a thread that recomputes
 * the live board (without its agent rows) at most once a second when an
 * event went out since the last look (or every STATS_REFRESH seconds,
 * or at an hour change) and publishes it to supervisors and admins only
 * when it differs from the last one sent.
 *
 * Times are seconds since the epoch; "today" and hours are Dongguan local
 * (UTC+8).  cJSON results are owned by the caller; NULL means the store
 * failed (logged).  Every function may be called from any thread.
 */
#ifndef HOTLINE_SERVER_STATS_H
#define HOTLINE_SERVER_STATS_H

#include <cjson/cJSON.h>

struct srv;

#define STATS_ALERT_NOT_READY 900 /* seconds */
#define STATS_SL_SECONDS 15       /* service level threshold */
#define STATS_REFRESH 10          /* stats.live forced recompute, s */
#define STATS_HOT_MIN 5           /* hotspot: minimum count */
#define STATS_HOT_P 0.001         /* hotspot: tail probability limit */
#define STATS_HOT_LAMBDA_MIN 0.5  /* hotspot: floor of the expectation */
#define STATS_HOT_DAYS 14         /* hotspot: baseline days */
#define STATS_HOT_TICKETS 50      /* hotspot: ticket numbers listed */

struct stats_config {
	int alert_not_ready; /* seconds, 1..86400 */
	int alert_acw;       /* seconds, 1..86400; 0: the ACW length */
	int live_events;     /* 1: run the stats.live publisher */
};

void stats_config_default(struct stats_config *c);
/* "alert-not-ready" / "alert-acw" (seconds 1-86400): 0, or -1. */
int stats_parse_option(const char *name, const char *arg,
		       struct stats_config *c);
#define STATS_USAGE                                                           \
	"  --alert-not-ready S  board alert after S seconds NOT_READY "       \
	"(default 900;\n"                                                      \
	"                       reasons TRAINING and MEETING never alert)\n"  \
	"  --alert-acw S        board alert after S seconds in ACW (default " \
	"the ACW\n"                                                            \
	"                       length, --acw-seconds)\n"

/* Start the stats.live publisher (after events_init and calls_init).
 * 0, or -1 with a logged reason. */
int stats_start(struct srv *s, const struct stats_config *c);
/* Stop it (idempotent; before events_free). */
void stats_stop(void);

/* Local midnight of the day holding t, and the start of its hour. */
long long stats_day_start(long long t);
long long stats_hour_start(long long t);

/* log10 of P(X >= k) for X ~ Poisson(lambda), lambda > 0; 0 for k <= 0. */
double stats_poisson_log10_tail(long long k, double lambda);

/* GET /v1/stats/live (with_agents 0: the stats.live event body). */
cJSON *stats_live_json(struct srv *s, long long now_ms, int with_agents);
/* GET /v1/stats/daily for the local day starting at day_from. */
cJSON *stats_daily_json(struct srv *s, long long day_from, long long now);
/* GET /v1/stats/hotspots: window (now - window_h hours, now]. */
cJSON *stats_hotspots_json(struct srv *s, long long now, int window_h);

#endif
