/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reqparse.c - small parsers of request input (see reqparse.h).
 */
#include "reqparse.h"

#include <stdlib.h>
#include <string.h>

#include "http.h"

long long
req_parse_id(const char *s)
{
	long long v = 0;
	size_t i, n = strlen(s);

	if (n < 1 || n > 15 || s[0] == '0')
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
req_parse_limit(const char *s, size_t max_len, long lo, long hi, long *out)
{
	char *end = NULL;
	long v;

	if (!s || !*s || strlen(s) > max_len)
		return -1;
	v = strtol(s, &end, 10);
	if (!end || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

long long
req_if_match(struct req *r)
{
	const char *h = req_header(r, "If-Match");
	char *end = NULL;
	long long v;

	if (!h)
		return -1;
	while (*h == ' ')
		h++;
	if (strcmp(h, "*") == 0)
		return -3;
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	if (*h == '"')
		h++;
	if (*h < '0' || *h > '9')
		return -2;
	v = strtoll(h, &end, 10);
	if (*end == '"')
		end++;
	while (*end == ' ')
		end++;
	return *end ? -2 : v;
}
