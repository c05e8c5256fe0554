/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_report.c - the daily 诉求分析 report (core/report.c): CSV quoting
 * (RFC 4180), the Markdown tables, and the atomic export.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/buf.h"
#include "../../core/i18n.h"
#include "../../core/mem.h"
#include "../../core/report.h"

static struct stat_count *
counts(size_t n, const char *const *codes, const char *const *names,
       const long *v)
{
	struct stat_count *c = xcalloc(n, sizeof *c);
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].code = xstrdup(codes[i]);
		c[i].name = xstrdup(names ? names[i] : "");
		c[i].count = v[i];
	}
	return c;
}

static void
fixture(struct stats_daily *d)
{
	static const char *const cat_c[] = { "05", "0501" };
	static const char *const cat_n[] = { "生态环境", "噪声污染, 夜间\"施工\"" };
	static const long cat_v[] = { 6, 4 };
	static const char *const town_c[] = { "T01" };
	static const char *const town_n[] = { "南城街道\n(测试)" };
	static const long town_v[] = { 5 };
	static const char *const ap_c[] = { "CONSULT", "COMPLAINT", "NEWTYPE" };
	static const long ap_v[] = { 3, 1, 1 };
	static const char *const ch_c[] = { "PHONE" };
	static const long ch_v[] = { 5 };

	memset(d, 0, sizeof *d);
	d->date = xstrdup("2026-11-28");
	d->kpi.offered = 10;
	d->kpi.answered = 9;
	d->kpi.answer_rate = 0.9;
	d->kpi.service_level_15s = 0.8125;
	d->kpi.abandon_rate = -1;
	d->kpi.direct_answer_rate = 0.6;
	d->kpi.transfer_rate = 0.4;
	d->kpi.avg_wait_s = 7;
	d->kpi.longest_wait_s = STATS_NONE;
	d->kpi.att_s = 100;
	d->kpi.acw_s = 20;
	d->kpi.aht_s = 120;
	d->kpi.by_appeal_type = counts(3, ap_c, NULL, ap_v);
	d->kpi.n_appeal = 3;
	d->kpi.by_channel = counts(1, ch_c, NULL, ch_v);
	d->kpi.n_channel = 1;
	d->hourly[9].offered = 4;
	d->last_week[9].offered = 6;
	d->by_category = counts(2, cat_c, cat_n, cat_v);
	d->n_category = 2;
	d->by_town = counts(1, town_c, town_n, town_v);
	d->n_town = 1;
	d->overdue_units = xcalloc(1, sizeof *d->overdue_units);
	d->overdue_units[0].code = xstrdup("DGRS");
	d->overdue_units[0].name = xstrdup("人社局|东莞");
	d->overdue_units[0].overdue = 2;
	d->overdue_units[0].open = 9;
	d->n_overdue_units = 1;
	d->hotspots = xcalloc(1, sizeof *d->hotspots);
	d->hotspots[0].kind = xstrdup("category");
	d->hotspots[0].code = xstrdup("0501");
	d->hotspots[0].name = xstrdup("噪声污染");
	d->hotspots[0].count = 12;
	d->hotspots[0].expected = 2.5;
	d->hotspots[0].score = 4.25;
	d->hotspots[0].ticket_nos = xcalloc(2, sizeof(char *));
	d->hotspots[0].ticket_nos[0] = xstrdup("DG20261128000001");
	d->hotspots[0].ticket_nos[1] = xstrdup("DG20261128000002");
	d->hotspots[0].n_tickets = 2;
	d->n_hotspots = 1;
	d->kpi.tickets = 5;
}

static void
test_csv_field(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 0);
	report_csv_field(&b, "普通");
	(void)buf_putc(&b, ';');
	report_csv_field(&b, "a,b");
	(void)buf_putc(&b, ';');
	report_csv_field(&b, "说\"好\"的");
	(void)buf_putc(&b, ';');
	report_csv_field(&b, "两\r\n行");
	(void)buf_putc(&b, ';');
	report_csv_field(&b, NULL);
	s = buf_steal(&b);
	assert_string_equal(s, "普通;\"a,b\";\"说\"\"好\"\"的\";\"两\r\n行\";");
	free(s);
}

static void
test_csv_tables(void **state)
{
	struct stats_daily d;
	char *s;

	(void)state;
	i18n_set(LANG_ZH);
	fixture(&d);
	s = report_csv(&d, RT_CATEGORY);
	assert_string_equal(s, "code,name,count\r\n05,生态环境,6\r\n"
			       "0501,\"噪声污染, 夜间\"\"施工\"\"\",4\r\n");
	free(s);
	s = report_csv(&d, RT_TOWN);
	assert_string_equal(s, "code,name,count\r\nT01,\"南城街道\n(测试)\",5\r\n");
	free(s);
	s = report_csv(&d, RT_APPEAL_TYPE);
	assert_string_equal(s, "code,name,count\r\nCONSULT,咨询,3\r\n"
			       "COMPLAINT,投诉,1\r\nNEWTYPE,NEWTYPE,1\r\n");
	free(s);
	s = report_csv(&d, RT_KPI);
	assert_non_null(strstr(s, "\r\nanswer_rate,0.9000\r\n"));
	assert_non_null(strstr(s, "\r\nabandon_rate,\r\n"));
	assert_non_null(strstr(s, "\r\nlongest_wait_s,\r\n"));
	assert_non_null(strstr(s, "\r\naht_s,120\r\n"));
	free(s);
	s = report_csv(&d, RT_HOURLY);
	assert_non_null(strstr(s, "\r\n9,4,0,0,0,6,0,0,0\r\n"));
	assert_non_null(strstr(s, "\r\n23,0,0,0,0,0,0,0,0\r\n"));
	free(s);
	s = report_csv(&d, RT_HOTSPOTS);
	assert_non_null(strstr(s, "category,0501,噪声污染,12,2.50,4.25,"
				  "DG20261128000001 DG20261128000002\r\n"));
	free(s);
	s = report_csv(&d, RT_OVERDUE_UNITS);
	assert_string_equal(s, "code,name,overdue,open\r\nDGRS,人社局|东莞,2,9\r\n");
	free(s);
	stats_daily_free(&d);
}

static void
test_markdown(void **state)
{
	struct stats_daily d;
	char *s;

	(void)state;
	i18n_set(LANG_ZH);
	fixture(&d);
	s = report_markdown(&d, "2026-11-28 18:00");
	assert_non_null(strstr(s, "# 诉求分析日报 2026-11-28\n"));
	assert_non_null(strstr(s, "生成时间：2026-11-28 18:00"));
	assert_non_null(strstr(s, "| 接通率 | 90.00% |\n"));
	assert_non_null(strstr(s, "| 放弃率 | — |\n"));
	assert_non_null(strstr(s, "| CONSULT | 咨询 | 3 | 60.0% |\n"));
	/* a line break in a name does not break the table */
	assert_non_null(strstr(s, "| T01 | 南城街道 (测试) | 5 | 100.0% |\n"));
	assert_non_null(strstr(s, "| 人社局\\|东莞 | 2 | 9 |\n"));
	assert_non_null(strstr(s, "| 09:00 | 4 | 0 | 0 | 0 | 6 |\n"));
	assert_non_null(strstr(s, "| 分类 | 0501 | 噪声污染 | 12 | 2.50 | 4.25 |"));
	free(s);
	stats_daily_free(&d);
	memset(&d, 0, sizeof d);
	s = report_markdown(&d, NULL);
	assert_non_null(strstr(s, "## 热点预警\n\n（无）"));
	free(s);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = xcalloc((size_t)n + 1, 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

static void
test_export(void **state)
{
	struct stats_daily d;
	char dir[] = "/tmp/test_report.XXXXXX", err[300], *p, *s;
	size_t n;
	enum status st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fixture(&d);
	p = xasprintf("%s/日报.md", dir);
	st = report_export(&d, p, "x", &n, err, sizeof err);
	assert_int_equal(st, ST_OK);
	assert_int_equal(n, 1 + RT__COUNT);
	free(p);
	p = xasprintf("%s/日报.md", dir);
	s = slurp(p);
	assert_non_null(s);
	assert_non_null(strstr(s, "诉求分析日报"));
	free(s);
	free(p);
	p = xasprintf("%s/日报-category.csv", dir);
	s = slurp(p);
	assert_non_null(s);
	assert_non_null(strstr(s, "\"噪声污染, 夜间\"\"施工\"\"\""));
	free(s);
	unlink(p);
	free(p);
	/* "base" without .md gives the same names */
	p = xasprintf("%s/b", dir);
	assert_int_equal(report_export(&d, p, NULL, &n, err, sizeof err), ST_OK);
	free(p);
	p = xasprintf("%s/b-hourly.csv", dir);
	s = slurp(p);
	assert_non_null(s);
	free(s);
	free(p);
	/* unwritable: a missing directory names the path */
	p = xasprintf("%s/no/such/dir/r", dir);
	st = report_export(&d, p, NULL, &n, err, sizeof err);
	assert_int_equal(st, ST_IO);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err, "no/such/dir/r.md"));
	assert_non_null(strstr(err, "No such file"));
	free(p);
	assert_int_equal(report_export(&d, "", NULL, &n, err, sizeof err),
			 ST_INVALID);
	p = report_base("x.md");
	assert_string_equal(p, "x");
	free(p);
	stats_daily_free(&d);
	p = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_csv_tables),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_export),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
