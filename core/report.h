/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.h - the daily 诉求分析 report of the supervisor console
 * (`:export report FILE`, issue #6 §3): the parsed daily statistics
 * (core/statsmodel.h) as one Markdown document and the underlying tables
 * as CSV files.  Pure: no curses, no JSON, no network.
 *
 * CSV follows RFC 4180: fields separated by ',', records ended by CRLF,
 * a field holding ',', '"', CR or LF is quoted and its '"' doubled; UTF-8
 * without a byte-order mark; the first record is the header.  Empty
 * fields stand for null (a rate with denominator 0, no duration).
 *
 * Files of an export (report_export): FILE names the Markdown file; a
 * trailing ".md" is optional ("day" and "day.md" both give day.md).  The
 * tables go beside it as <base>-<table>.csv, <base> being FILE without
 * ".md".  Each file is written to a temporary file in the same directory
 * and renamed over the target, so a reader never sees half a file.
 */
#ifndef HOTLINE_CORE_REPORT_H
#define HOTLINE_CORE_REPORT_H

#include <stddef.h>

#include "buf.h"
#include "statsmodel.h"
#include "status.h"

enum report_table {
	RT_KPI,
	RT_HOURLY,
	RT_CATEGORY,
	RT_TOWN,
	RT_CHANNEL,
	RT_APPEAL_TYPE,
	RT_HOTSPOTS,
	RT_OVERDUE_UNITS,
	RT__COUNT
};

/* "kpi", "hourly", "category", ... (the CSV file suffix). */
const char *report_table_name(enum report_table t);
/* Append one CSV field, quoted when needed (RFC 4180). */
void report_csv_field(struct buf *b, const char *s);
/* The table as CSV (malloc'd, caller frees). */
char *report_csv(const struct stats_daily *d, enum report_table t);
/* The Markdown report (malloc'd, caller frees).  generated: a line such
 * as "2026-11-28 18:00" telling when it was made, or NULL. */
char *report_markdown(const struct stats_daily *d, const char *generated);

/*
 * Write FILE's .md and the CSV tables (see above).  ST_OK, or an error
 * status with a human message in err (naming the path and strerror);
 * files already renamed stay, temporaries are removed.  written: the
 * number of files written (may be NULL).
 */
enum status report_export(const struct stats_daily *d, const char *file,
			  const char *generated, size_t *written, char *err,
			  size_t err_cap);
/* The base path of an export (FILE without ".md"), malloc'd. */
char *report_base(const char *file);

#endif
