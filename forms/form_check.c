/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form_check.c - single-value checks (phone, date, datetime, number) and
 * the messages of the validation results.
 */
#include "form.h"

#include <stdlib.h>
#include <string.h>

#include "../core/i18n.h"

static const char *const err_zh[] = {
#define FORM_ERR_ZH_(e, zh, en) [e] = zh,
	FORM_ERR_LIST(FORM_ERR_ZH_)
#undef FORM_ERR_ZH_
};

static const char *const err_en[] = {
#define FORM_ERR_EN_(e, zh, en) [e] = en,
	FORM_ERR_LIST(FORM_ERR_EN_)
#undef FORM_ERR_EN_
};

const char *
form_err_msg(enum form_err e)
{
	if ((unsigned)e >= FE__COUNT)
		return "?";
	return i18n_get() == LANG_EN ? err_en[e] : err_zh[e];
}

/* ---- phones ------------------------------------------------------------- */

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
is_mobile(const char *s)
{
	return strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' &&
	       all_digits(s, 11);
}

/* 0\d{2,3}-?\d{7,8} */
static int
is_landline(const char *s)
{
	size_t area;

	if (s[0] != '0')
		return 0;
	for (area = 3; area <= 4; area++) {
		const char *r = s + area;
		size_t rl;

		if (strlen(s) < area || !all_digits(s, area))
			continue;
		if (*r == '-')
			r++;
		rl = strlen(r);
		if ((rl == 7 || rl == 8) && all_digits(r, rl))
			return 1;
	}
	return 0;
}

/* 1\d{2,4}, 95\d{3}, 96\d{3} */
static int
is_service(const char *s)
{
	size_t n = strlen(s);

	if (!all_digits(s, n))
		return 0;
	if (s[0] == '1' && n >= 3 && n <= 5)
		return 1;
	return n == 5 && s[0] == '9' && (s[1] == '5' || s[1] == '6');
}

int
form_phone_ok(const char *s, int service)
{
	if (!s || !*s)
		return 0;
	if (!strncmp(s, "+86", 3)) {
		s += 3;
		if (*s == ' ' || *s == '-')
			s++;
		return is_mobile(s);
	}
	if (strlen(s) == 13 && !strncmp(s, "86", 2) && is_mobile(s + 2))
		return 1;
	return is_mobile(s) || is_landline(s) || (service && is_service(s));
}

int
form_phone_digits(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	if (!strncmp(s, "+86", 3))
		s += 3;
	else if (strlen(s) == 13 && !strncmp(s, "86", 2) && is_mobile(s + 2))
		s += 2;
	for (; *s; s++) {
		if (*s == '-' || *s == ' ')
			continue;
		if (o + 1 >= cap)
			return -1;
		out[o++] = *s;
	}
	if (cap == 0)
		return -1;
	out[o] = '\0';
	return 0;
}

/* ---- dates -------------------------------------------------------------- */

static int
num(const char *s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

/* The first 10 bytes of s as a valid date. */
static int
date_prefix_ok(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (strnlen(s, 10) < 10 || s[4] != '-' || s[7] != '-' ||
	    num(s, 4, &y) || num(s + 5, 2, &m) || num(s + 8, 2, &d))
		return 0;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

int
form_date_ok(const char *s)
{
	return s && strlen(s) == 10 && date_prefix_ok(s);
}

int
form_datetime_ok(const char *s)
{
	int h, mi, se, oh, om;
	const char *p;

	if (!s || !date_prefix_ok(s) || (s[10] != ' ' && s[10] != 'T'))
		return 0;
	p = s + 11;
	if (strnlen(p, 5) < 5 || p[2] != ':' || num(p, 2, &h) ||
	    num(p + 3, 2, &mi) || h > 23 || mi > 59)
		return 0;
	p += 5;
	if (*p == ':') {
		if (num(p + 1, 2, &se) || se > 59)
			return 0;
		p += 3;
	}
	if (*p == '\0')
		return 1;
	if (*p == 'Z')
		return p[1] == '\0';
	if (*p != '+' && *p != '-')
		return 0;
	p++;
	if (strlen(p) != 5 || p[2] != ':' || num(p, 2, &oh) ||
	    num(p + 3, 2, &om) || oh > 14 || om > 59)
		return 0;
	return 1;
}

int
form_number_parse(const char *s, double *out)
{
	/* By hand: strtod() would follow the locale's decimal point. */
	double v = 0, scale = 1;
	const char *p = s;
	int neg = 0, digits = 0;

	if (!s || !*s || strlen(s) > 40)
		return 0;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		v = v * 10 + (*p - '0');
	if (!digits)
		return 0;
	if (*p == '.') {
		p++;
		digits = 0;
		for (; *p >= '0' && *p <= '9'; p++, digits++) {
			scale /= 10;
			v += (*p - '0') * scale;
		}
		if (!digits)
			return 0;
	}
	if (*p)
		return 0;
	*out = neg ? -v : v;
	return 1;
}
