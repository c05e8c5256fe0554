/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes.h - the handlers behind http_routes (routes.c holds the table
 * with the roles of every route; docs/api.md documents each one).
 */
#ifndef HOTLINE_SERVER_ROUTES_H
#define HOTLINE_SERVER_ROUTES_H

#include <cjson/cJSON.h>

#include "http.h"

/* Roles that may read tickets, write them, or act on them (the state
 * machine then decides per action). */
#define ROLES_TICKET_READ                                                     \
	(RB(ROLE_AGENT) | RB(ROLE_SUPERVISOR) | RB(ROLE_TRAINER) |            \
	 RB(ROLE_ADMIN) | RB(ROLE_DISPATCHER) | RB(ROLE_UNIT) |               \
	 RB(ROLE_REVIEWER) | RB(ROLE_VISITOR))
#define ROLES_TICKET_WRITE                                                    \
	(RB(ROLE_AGENT) | RB(ROLE_SUPERVISOR) | RB(ROLE_TRAINER) |            \
	 RB(ROLE_ADMIN))

/* routes_tickets.c */
void h_tickets_list(struct req *r);
void h_ticket_create(struct req *r);
void h_ticket_get(struct req *r);
void h_ticket_patch(struct req *r);
void h_ticket_action(struct req *r);

/* The AGENT object of the contract. */
cJSON *agent_to_json(const struct store_agent *a);

#endif
