/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reqparse.h - small parsers of request input shared by the route files
 * (routes_calls.c, routes_kb.c, routes_tickets.c): path ids, the limit
 * query argument and the If-Match header.
 *
 * Pure checks on strings the caller owns; nothing is allocated and no
 * reply is sent: each route decides its own 400/412.
 */
#ifndef HOTLINE_SERVER_REQPARSE_H
#define HOTLINE_SERVER_REQPARSE_H

#include <stddef.h>

struct req;

/* A path id "12": 1-15 digits without a leading zero; -1 otherwise. */
long long req_parse_id(const char *s);

/*
 * A decimal integer query argument (e.g. limit) of at most max_len
 * characters within lo..hi into *out: 0, or -1 (NULL, empty, too long,
 * not a number or out of range; *out untouched).
 */
int req_parse_limit(const char *s, size_t max_len, long lo, long hi,
		    long *out);

/*
 * The If-Match header of r: -1 absent, -2 malformed, -3 "*", else the
 * version (W/ and quotes accepted).
 */
long long req_if_match(struct req *r);

#endif
