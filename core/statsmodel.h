/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * statsmodel.h - client-side model of the supervisor statistics of issue
 * #6: GET /v1/stats/live, /v1/stats/daily, /v1/stats/hotspots and the
 * broadcasts (filled by net/stats.h, drawn by tui/view_board.c, turned into
 * the daily report by core/report.h).
 *
 * Same rules as core/callmodel.h: every string has passed u8_sanitize(),
 * absent optional strings are "" (never NULL), timestamps are time_t with
 * 0 meaning "none".  Numbers the server may send as null are kept as -1
 * (counts and durations, STATS_NONE) or a negative rate (STATS_NO_RATE).
 * Each struct is owned by whoever holds it and released with its _free
 * function, which also zeroes it (fine on a zeroed struct).
 */
#ifndef HOTLINE_CORE_STATSMODEL_H
#define HOTLINE_CORE_STATSMODEL_H

#include <stddef.h>
#include <time.h>

#define STATS_NONE (-1L)     /* a null duration or count */
#define STATS_NO_RATE (-1.0) /* a null rate (denominator 0) */

/* One labelled count (by_category, by_town, by_appeal_type ...). */
struct stat_count {
	char *code;
	char *name; /* "" when the server sent none */
	long count;
};

/* The KPI object of the contract. */
struct kpi {
	long offered, answered, abandoned, tickets, direct, transferred;
	double answer_rate, service_level_15s, abandon_rate;
	double direct_answer_rate, transfer_rate; /* 0..1 or STATS_NO_RATE */
	long avg_wait_s, longest_wait_s, att_s, acw_s, aht_s; /* or NONE */
	struct stat_count *by_appeal_type; /* code = wire name, name "" */
	size_t n_appeal;
	struct stat_count *by_channel;
	size_t n_channel;
};

struct desk_queue {
	char *desk;
	long waiting;
	long longest_wait_s; /* STATS_NONE when nobody waits */
	long logged_in, ready, not_ready, ringing, talking, hold, acw;
};

struct board_agent {
	char *username;
	char *display_name;
	char **desks;
	size_t n_desks;
	char *state;  /* READY NOT_READY RINGING TALKING HOLD ACW ... */
	char *reason; /* "" when none */
	time_t since; /* server clock; 0 when unknown */
	long in_state_s;
	long call_id; /* 0 when none */
	char *ticket_no;
	long handled_today;
	long aht_s; /* STATS_NONE */
	char *alert; /* "" or "long_not_ready" / "long_acw" */
};

struct ticket_counts {
	long overdue, due_soon, returns_pending, extensions_pending,
		supervised;
	long supervised_overdue; /* 督办 due time passed (docs/metrics.md) */
};

struct bcast {
	long id;
	char *message; /* one line */
	char *from;
	char *desk; /* "" to everyone */
	time_t at;
	long acked, targets;
};

struct bcast_list {
	struct bcast *items;
	size_t n;
};

struct stats_live {
	time_t as_of;
	struct desk_queue *queues;
	size_t n_queues;
	struct board_agent *agents;
	size_t n_agents;
	int have_agents; /* 0 for the stats.live event (no "agents") */
	struct kpi today, hour;
	struct ticket_counts tickets;
	struct bcast_list broadcasts;
};

struct hour_row {
	long offered, answered, abandoned, tickets;
};

struct hotspot {
	char *kind; /* "category" or "town" */
	char *code;
	char *name;
	long count;
	double expected, score;
	char **ticket_nos;
	size_t n_tickets;
};

struct unit_overdue {
	char *code;
	char *name;
	long overdue, open;
};

struct stats_daily {
	char *date; /* YYYY-MM-DD */
	struct kpi kpi;
	struct hour_row hourly[24];
	struct hour_row last_week[24];
	struct stat_count *by_category;
	size_t n_category;
	struct stat_count *by_town;
	size_t n_town;
	struct unit_overdue *overdue_units;
	size_t n_overdue_units;
	struct hotspot *hotspots;
	size_t n_hotspots;
};

struct stats_hotspots {
	time_t as_of;
	long window_h, baseline_days;
	char *rule;
	struct hotspot *items;
	size_t n;
};

void kpi_free(struct kpi *k);
void board_agent_free(struct board_agent *a);
void board_agent_copy(struct board_agent *dst, const struct board_agent *src);
void bcast_free(struct bcast *b);
void bcast_copy(struct bcast *dst, const struct bcast *src);
void bcast_list_free(struct bcast_list *l);
void hotspot_free(struct hotspot *h);
void hotspot_copy(struct hotspot *dst, const struct hotspot *src);
void stats_live_free(struct stats_live *s);
void stats_daily_free(struct stats_daily *d);
void stats_hotspots_free(struct stats_hotspots *h);
/* Deep copy of the KPI into *dst (overwritten, not freed first). */
void kpi_copy(struct kpi *dst, const struct kpi *src);

#endif
