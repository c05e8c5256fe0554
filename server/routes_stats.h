/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_stats.h - the handlers of routes_stats.c (supervisor statistics,
 * supervisor actions on agents, broadcasts, the audit log; issue #6) and
 * their role sets, for the route table in routes.c.  docs/api.md
 * ("Supervision") documents each route, docs/metrics.md every figure.
 */
#ifndef HOTLINE_SERVER_ROUTES_STATS_H
#define HOTLINE_SERVER_ROUTES_STATS_H

#include "http.h"

/* Supervisors and admins only (every other role: 403). */
#define STATS_ROLES (RB(ROLE_SUPERVISOR) | RB(ROLE_ADMIN))

void h_stats_live(struct req *r);
void h_stats_daily(struct req *r);
void h_stats_hotspots(struct req *r);
void h_agent_state_set(struct req *r);
void h_agent_end_acw(struct req *r);
void h_broadcast_create(struct req *r);
void h_broadcast_ack(struct req *r);
void h_broadcasts_list(struct req *r);
void h_audit_list(struct req *r);

#endif
