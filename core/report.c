/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "ticket.h"

static const char *const table_names[RT__COUNT] = {
	[RT_KPI] = "kpi",
	[RT_HOURLY] = "hourly",
	[RT_CATEGORY] = "category",
	[RT_TOWN] = "town",
	[RT_CHANNEL] = "channel",
	[RT_APPEAL_TYPE] = "appeal_type",
	[RT_HOTSPOTS] = "hotspots",
	[RT_OVERDUE_UNITS] = "overdue_units",
};

const char *
report_table_name(enum report_table t)
{
	return (unsigned)t < RT__COUNT ? table_names[t] : "?";
}

/* ---- value formatting -------------------------------------------------- */

/* "95.00%" or "" (csv) / "—" (md) for null. */
static void
fmt_rate(char *out, size_t cap, double r, int md)
{
	if (r < 0)
		snprintf(out, cap, "%s", md ? "—" : "");
	else if (md)
		snprintf(out, cap, "%.2f%%", r * 100.0);
	else
		snprintf(out, cap, "%.4f", r);
}

static void
fmt_secs(char *out, size_t cap, long s, int md)
{
	if (s < 0)
		snprintf(out, cap, "%s", md ? "—" : "");
	else
		snprintf(out, cap, "%ld", s);
}

/* Label of a wire code of kind (the code itself when unknown). */
static const char *
enum_label(enum tk_enum_kind kind, const char *code)
{
	int v = tk_enum_parse(kind, code);
	const char *l = v >= 0 ? tk_enum_label(kind, v) : NULL;

	return l ? l : code;
}

/* ---- CSV --------------------------------------------------------------- */

void
report_csv_field(struct buf *b, const char *s)
{
	s = s ? s : "";
	if (!strpbrk(s, ",\"\r\n")) {
		(void)buf_puts(b, s);
		return;
	}
	(void)buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			(void)buf_putc(b, '"');
		(void)buf_putc(b, *s);
	}
	(void)buf_putc(b, '"');
}

/* A record of n fields. */
static void
csv_row(struct buf *b, const char *const *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			(void)buf_putc(b, ',');
		report_csv_field(b, f[i]);
	}
	(void)buf_puts(b, "\r\n");
}

/* One KPI metric: name, value as text. */
struct kpi_line {
	const char *key;  /* CSV metric name */
	const char *zh;   /* Markdown label */
	char val_csv[32];
	char val_md[32];
};

static size_t
kpi_lines(const struct kpi *k, struct kpi_line *l)
{
	size_t n = 0;

#define CNT(K, Z, V)                                                          \
	do {                                                                  \
		l[n].key = K;                                                 \
		l[n].zh = Z;                                                  \
		snprintf(l[n].val_csv, sizeof l[n].val_csv, "%ld", (long)(V)); \
		snprintf(l[n].val_md, sizeof l[n].val_md, "%ld", (long)(V));  \
		n++;                                                          \
	} while (0)
#define RATE(K, Z, V)                                                         \
	do {                                                                  \
		l[n].key = K;                                                 \
		l[n].zh = Z;                                                  \
		fmt_rate(l[n].val_csv, sizeof l[n].val_csv, V, 0);            \
		fmt_rate(l[n].val_md, sizeof l[n].val_md, V, 1);              \
		n++;                                                          \
	} while (0)
#define SECS(K, Z, V)                                                         \
	do {                                                                  \
		l[n].key = K;                                                 \
		l[n].zh = Z;                                                  \
		fmt_secs(l[n].val_csv, sizeof l[n].val_csv, V, 0);            \
		fmt_secs(l[n].val_md, sizeof l[n].val_md, V, 1);              \
		n++;                                                          \
	} while (0)
	CNT("offered", "呼入量", k->offered);
	CNT("answered", "接通量", k->answered);
	RATE("answer_rate", "接通率", k->answer_rate);
	RATE("service_level_15s", "15秒服务水平", k->service_level_15s);
	CNT("abandoned", "放弃量", k->abandoned);
	RATE("abandon_rate", "放弃率", k->abandon_rate);
	SECS("avg_wait_s", "平均等待(秒)", k->avg_wait_s);
	SECS("longest_wait_s", "最长等待(秒)", k->longest_wait_s);
	SECS("att_s", "平均通话(秒)", k->att_s);
	SECS("acw_s", "平均话后(秒)", k->acw_s);
	SECS("aht_s", "平均处理时长AHT(秒)", k->aht_s);
	CNT("tickets", "工单量", k->tickets);
	CNT("direct", "直接办结", k->direct);
	CNT("transferred", "转办", k->transferred);
	RATE("direct_answer_rate", "直接办结率", k->direct_answer_rate);
	RATE("transfer_rate", "转办率", k->transfer_rate);
#undef CNT
#undef RATE
#undef SECS
	return n;
}

static void
csv_counts(struct buf *b, const struct stat_count *c, size_t n,
	   int kind /* -1: names given */)
{
	static const char *const head[] = { "code", "name", "count" };
	const char *f[3];
	char num[24];
	size_t i;

	csv_row(b, head, 3);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%ld", c[i].count);
		f[0] = c[i].code;
		f[1] = kind >= 0 ? enum_label((enum tk_enum_kind)kind,
					      c[i].code)
				 : c[i].name;
		f[2] = num;
		csv_row(b, f, 3);
	}
}

char *
report_csv(const struct stats_daily *d, enum report_table t)
{
	struct buf b;
	struct kpi_line kl[24];
	const char *f[9];
	char num[9][32];
	size_t i, n, k;

	buf_init(&b, 0);
	switch (t) {
	case RT_KPI: {
		static const char *const head[] = { "metric", "value" };

		csv_row(&b, head, 2);
		n = kpi_lines(&d->kpi, kl);
		for (i = 0; i < n; i++) {
			f[0] = kl[i].key;
			f[1] = kl[i].val_csv;
			csv_row(&b, f, 2);
		}
		break;
	}
	case RT_HOURLY: {
		static const char *const head[] = {
			"hour",	  "offered",	       "answered",
			"abandoned", "tickets",	       "last_week_offered",
			"last_week_answered", "last_week_abandoned",
			"last_week_tickets"
		};

		csv_row(&b, head, 9);
		for (i = 0; i < 24; i++) {
			const struct hour_row *h = &d->hourly[i],
					      *w = &d->last_week[i];
			long v[9] = { (long)i,	    h->offered,	  h->answered,
				      h->abandoned, h->tickets,	  w->offered,
				      w->answered,  w->abandoned, w->tickets };

			for (k = 0; k < 9; k++) {
				snprintf(num[k], sizeof num[k], "%ld", v[k]);
				f[k] = num[k];
			}
			csv_row(&b, f, 9);
		}
		break;
	}
	case RT_CATEGORY:
		csv_counts(&b, d->by_category, d->n_category, -1);
		break;
	case RT_TOWN:
		csv_counts(&b, d->by_town, d->n_town, -1);
		break;
	case RT_CHANNEL:
		csv_counts(&b, d->kpi.by_channel, d->kpi.n_channel,
			   TKE_CHANNEL);
		break;
	case RT_APPEAL_TYPE:
		csv_counts(&b, d->kpi.by_appeal_type, d->kpi.n_appeal,
			   TKE_APPEAL);
		break;
	case RT_HOTSPOTS: {
		static const char *const head[] = { "kind",	"code",
						    "name",	"count",
						    "expected", "score",
						    "ticket_nos" };

		csv_row(&b, head, 7);
		for (i = 0; i < d->n_hotspots; i++) {
			const struct hotspot *h = &d->hotspots[i];
			struct buf t2;
			char *tickets;

			buf_init(&t2, 0);
			for (k = 0; k < h->n_tickets; k++)
				(void)buf_printf(&t2, "%s%s", k ? " " : "",
						 h->ticket_nos[k]);
			tickets = buf_steal(&t2);
			snprintf(num[0], sizeof num[0], "%ld", h->count);
			snprintf(num[1], sizeof num[1], "%.2f", h->expected);
			snprintf(num[2], sizeof num[2], "%.2f", h->score);
			f[0] = h->kind;
			f[1] = h->code;
			f[2] = h->name;
			f[3] = num[0];
			f[4] = num[1];
			f[5] = num[2];
			f[6] = tickets;
			csv_row(&b, f, 7);
			free(tickets);
		}
		break;
	}
	case RT_OVERDUE_UNITS: {
		static const char *const head[] = { "code", "name", "overdue",
						    "open" };

		csv_row(&b, head, 4);
		for (i = 0; i < d->n_overdue_units; i++) {
			const struct unit_overdue *u = &d->overdue_units[i];

			snprintf(num[0], sizeof num[0], "%ld", u->overdue);
			snprintf(num[1], sizeof num[1], "%ld", u->open);
			f[0] = u->code;
			f[1] = u->name;
			f[2] = num[0];
			f[3] = num[1];
			csv_row(&b, f, 4);
		}
		break;
	}
	case RT__COUNT:
		break;
	}
	return buf_steal(&b);
}

/* ---- Markdown ---------------------------------------------------------- */

/* A table cell: '|' escaped, line breaks and tabs as spaces. */
static void
md_cell(struct buf *b, const char *s)
{
	(void)buf_puts(b, " ");
	for (s = s ? s : ""; *s; s++) {
		if (*s == '|')
			(void)buf_puts(b, "\\|");
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			(void)buf_putc(b, ' ');
		else
			(void)buf_putc(b, *s);
	}
	(void)buf_puts(b, " |");
}

static void
md_row(struct buf *b, const char *const *f, size_t n)
{
	size_t i;

	(void)buf_putc(b, '|');
	for (i = 0; i < n; i++)
		md_cell(b, f[i]);
	(void)buf_putc(b, '\n');
}

static void
md_head(struct buf *b, const char *const *f, size_t n)
{
	size_t i;

	md_row(b, f, n);
	(void)buf_putc(b, '|');
	for (i = 0; i < n; i++)
		(void)buf_puts(b, " --- |");
	(void)buf_putc(b, '\n');
}

static long
total_of(const struct stat_count *c, size_t n)
{
	long t = 0;
	size_t i;

	for (i = 0; i < n; i++)
		t += c[i].count;
	return t;
}

static void
md_counts(struct buf *b, const char *title, const struct stat_count *c,
	  size_t n, int kind)
{
	static const char *const head[] = { "代码", "名称", "件数", "占比" };
	const char *f[4];
	char num[24], pct[24];
	long total = total_of(c, n);
	size_t i;

	(void)buf_printf(b, "\n## %s\n\n", title);
	if (n == 0) {
		(void)buf_puts(b, "（无数据）\n");
		return;
	}
	md_head(b, head, 4);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%ld", c[i].count);
		if (total > 0 && kind != -2)
			snprintf(pct, sizeof pct, "%.1f%%",
				 100.0 * (double)c[i].count / (double)total);
		else
			snprintf(pct, sizeof pct, "—");
		f[0] = c[i].code;
		f[1] = kind >= 0 ? enum_label((enum tk_enum_kind)kind,
					      c[i].code)
				 : c[i].name;
		f[2] = num;
		f[3] = pct;
		md_row(b, f, 4);
	}
}

char *
report_markdown(const struct stats_daily *d, const char *generated)
{
	static const char *const kh[] = { "指标", "数值" };
	static const char *const hh[] = { "时段", "呼入", "接通", "放弃",
					  "工单", "上周同日呼入" };
	static const char *const sh[] = { "类型", "代码", "名称", "件数",
					  "预期", "分值" };
	static const char *const uh[] = { "单位", "超期", "在办" };
	struct buf b;
	struct kpi_line kl[24];
	const char *f[6];
	char num[6][40];
	size_t i, n;

	buf_init(&b, 0);
	(void)buf_printf(&b, "# 诉求分析日报 %s\n\n", d->date ? d->date : "");
	if (generated && *generated)
		(void)buf_printf(&b, "生成时间：%s。", generated);
	(void)buf_puts(&b, "培训来电与培训工单不计入统计。\n\n## 关键指标\n\n");
	md_head(&b, kh, 2);
	n = kpi_lines(&d->kpi, kl);
	for (i = 0; i < n; i++) {
		f[0] = kl[i].zh;
		f[1] = kl[i].val_md;
		md_row(&b, f, 2);
	}
	md_counts(&b, "按诉求类型", d->kpi.by_appeal_type, d->kpi.n_appeal,
		  TKE_APPEAL);
	md_counts(&b, "按渠道", d->kpi.by_channel, d->kpi.n_channel,
		  TKE_CHANNEL);
	/* level-1 and level-2 rows are both present: shares would add up
	 * to 200 %, so none are shown */
	md_counts(&b, "按诉求分类", d->by_category, d->n_category, -2);
	md_counts(&b, "按镇街", d->by_town, d->n_town, -1);
	(void)buf_puts(&b, "\n## 分时段话务量\n\n");
	md_head(&b, hh, 6);
	for (i = 0; i < 24; i++) {
		const struct hour_row *h = &d->hourly[i];

		snprintf(num[0], sizeof num[0], "%02zu:00", i);
		snprintf(num[1], sizeof num[1], "%ld", h->offered);
		snprintf(num[2], sizeof num[2], "%ld", h->answered);
		snprintf(num[3], sizeof num[3], "%ld", h->abandoned);
		snprintf(num[4], sizeof num[4], "%ld", h->tickets);
		snprintf(num[5], sizeof num[5], "%ld",
			 d->last_week[i].offered);
		for (n = 0; n < 6; n++)
			f[n] = num[n];
		md_row(&b, f, 6);
	}
	(void)buf_puts(&b, "\n## 热点预警\n\n");
	if (d->n_hotspots == 0) {
		(void)buf_puts(&b, "（无）\n");
	} else {
		md_head(&b, sh, 6);
		for (i = 0; i < d->n_hotspots && i < 10; i++) {
			const struct hotspot *h = &d->hotspots[i];

			snprintf(num[0], sizeof num[0], "%ld", h->count);
			snprintf(num[1], sizeof num[1], "%.2f", h->expected);
			snprintf(num[2], sizeof num[2], "%.2f", h->score);
			f[0] = strcmp(h->kind ? h->kind : "", "town") == 0
				       ? "镇街"
				       : "分类";
			f[1] = h->code;
			f[2] = h->name;
			f[3] = num[0];
			f[4] = num[1];
			f[5] = num[2];
			md_row(&b, f, 6);
		}
	}
	(void)buf_puts(&b, "\n## 超期单位\n\n");
	if (d->n_overdue_units == 0) {
		(void)buf_puts(&b, "（无）\n");
	} else {
		md_head(&b, uh, 3);
		for (i = 0; i < d->n_overdue_units; i++) {
			const struct unit_overdue *u = &d->overdue_units[i];

			snprintf(num[0], sizeof num[0], "%ld", u->overdue);
			snprintf(num[1], sizeof num[1], "%ld", u->open);
			f[0] = u->name && *u->name ? u->name : u->code;
			f[1] = num[0];
			f[2] = num[1];
			md_row(&b, f, 3);
		}
	}
	return buf_steal(&b);
}

/* ---- files ------------------------------------------------------------- */

char *
report_base(const char *file)
{
	size_t n = strlen(file);

	if (n > 3 && strcmp(file + n - 3, ".md") == 0)
		n -= 3;
	return xstrndup(file, n);
}

/* Write data to path through path.tmp.XXXXXX and rename. */
static enum status
write_atomic(const char *path, const char *data, char *err, size_t cap)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	size_t len = strlen(data), off = 0;
	int fd, e;

	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		snprintf(err, cap, "%s: %s", path, strerror(e));
		free(tmp);
		return ST_IO;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return ST_OK;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	snprintf(err, cap, "%s: %s", path, strerror(e));
	free(tmp);
	return ST_IO;
}

enum status
report_export(const struct stats_daily *d, const char *file,
	      const char *generated, size_t *written, char *err,
	      size_t err_cap)
{
	char *base, *path, *data;
	enum status st;
	int t;

	if (written)
		*written = 0;
	if (err_cap)
		err[0] = '\0';
	if (!file || !*file || file[strlen(file) - 1] == '/') {
		snprintf(err, err_cap, "%s", "no file name");
		return ST_INVALID;
	}
	base = report_base(file);
	path = xasprintf("%s.md", base);
	data = report_markdown(d, generated);
	st = write_atomic(path, data, err, err_cap);
	free(data);
	free(path);
	if (st == ST_OK && written)
		(*written)++;
	for (t = 0; st == ST_OK && t < RT__COUNT; t++) {
		path = xasprintf("%s-%s.csv", base,
				 report_table_name((enum report_table)t));
		data = report_csv(d, (enum report_table)t);
		st = write_atomic(path, data, err, err_cap);
		free(data);
		free(path);
		if (st == ST_OK && written)
			(*written)++;
	}
	free(base);
	return st;
}
