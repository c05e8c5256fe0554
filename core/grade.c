/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "grade.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "ticket.h"
#include "utf8.h"

void
grade_facts_set(struct grade_facts *f, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < f->n_fields; i++)
		if (!strcmp(f->keys[i], key)) {
			free(f->vals[i]);
			f->vals[i] = xstrdup(val ? val : "");
			return;
		}
	f->keys = xrealloc(f->keys, (f->n_fields + 1) * sizeof *f->keys);
	f->vals = xrealloc(f->vals, (f->n_fields + 1) * sizeof *f->vals);
	f->keys[f->n_fields] = xstrdup(key);
	f->vals[f->n_fields] = xstrdup(val ? val : "");
	f->n_fields++;
}

const char *
grade_facts_get(const struct grade_facts *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->n_fields; i++)
		if (!strcmp(f->keys[i], key))
			return f->vals[i];
	return NULL;
}

void
grade_facts_add_kb(struct grade_facts *f, long article_id)
{
	f->kb_used = xrealloc(f->kb_used, (f->n_kb + 1) * sizeof *f->kb_used);
	f->kb_used[f->n_kb++] = article_id;
}

void
grade_facts_add_transfer(struct grade_facts *f, const char *target)
{
	f->transfers = xrealloc(f->transfers,
				(f->n_transfers + 1) * sizeof *f->transfers);
	f->transfers[f->n_transfers++] = xstrdup(target);
}

void
grade_facts_free(struct grade_facts *f)
{
	size_t i;

	for (i = 0; i < f->n_fields; i++) {
		free(f->keys[i]);
		free(f->vals[i]);
	}
	free(f->keys);
	free(f->vals);
	free(f->kb_used);
	for (i = 0; i < f->n_transfers; i++)
		free(f->transfers[i]);
	free(f->transfers);
	memset(f, 0, sizeof *f);
	f->elapsed_s = -1;
}

/* ---- one check ---------------------------------------------------------- */

static const char *
nz(const char *s)
{
	return s && *s ? s : "(空)";
}

/* "投诉 (COMPLAINT)" for an enum field, the code alone otherwise. */
static void
show_value(char *out, size_t cap, int kind, const char *v, const char *name)
{
	int i = kind >= 0 && v && *v ? tk_enum_parse((enum tk_enum_kind)kind, v)
				     : -1;

	if (i >= 0)
		snprintf(out, cap, "%s (%s)",
			 tk_enum_label((enum tk_enum_kind)kind, i), v);
	else if (name && *name)
		snprintf(out, cap, "%s %s", nz(v), name);
	else
		snprintf(out, cap, "%s", nz(v));
}

struct field_rule {
	const char *label; /* what the card calls it */
	const char *key;   /* fact */
	const char *name_key; /* fact with the value's name, or NULL */
	int kind;          /* enum tk_enum_kind, or -1 */
	int prefix;        /* a shorter expected code matches its subtree */
};

static const struct field_rule *
rule_for(enum scn_check_kind k)
{
	static const struct field_rule rules[] = {
		{"诉求类型", "appeal_type", NULL, TKE_APPEAL, 0},
		{"诉求分类", "category_code", "category_name", -1, 1},
		{"所属镇街", "town_code", "town_name", -1, 0},
		{"主办单位", "lead_unit_code", "lead_unit_name", -1, 0},
		{"办理方式", "handling_mode", NULL, TKE_MODE, 0},
		{"紧急程度", "urgency", NULL, TKE_URGENCY, 0},
		{"工单状态", "state", NULL, -1, 0},
	};

	switch (k) {
	case SCK_APPEAL_TYPE: return &rules[0];
	case SCK_CATEGORY: return &rules[1];
	case SCK_TOWN: return &rules[2];
	case SCK_UNIT: return &rules[3];
	case SCK_HANDLING: return &rules[4];
	case SCK_URGENCY: return &rules[5];
	case SCK_STATE: return &rules[6];
	default: return NULL;
	}
}

static int
check_field(const struct field_rule *r, const struct scn_expect *e,
	    const struct grade_facts *f, struct buf *name, struct buf *detail)
{
	const char *v = grade_facts_get(f, r->key);
	const char *vn = r->name_key ? grade_facts_get(f, r->name_key) : NULL;
	char want[160], got[200];
	int ok;

	show_value(want, sizeof want, r->kind, e->value, NULL);
	(void)buf_printf(name, "%s %s", r->label, e->value);
	if (!f->have_ticket) {
		(void)buf_printf(detail, "期望 %s，没有工单", want);
		return 0;
	}
	ok = v && (!strcmp(v, e->value) ||
		   (r->prefix && !strncmp(v, e->value, strlen(e->value))));
	show_value(got, sizeof got, r->kind, v, vn);
	if (ok)
		(void)buf_printf(detail, "%s", got);
	else
		(void)buf_printf(detail, "期望 %s，实际 %s", want, got);
	return ok;
}

static int
has_kb(const struct grade_facts *f, long id)
{
	size_t i;

	if (id == 0)
		return f->n_kb > 0;
	for (i = 0; i < f->n_kb; i++)
		if (f->kb_used[i] == id)
			return 1;
	return 0;
}

static void
kb_list(const struct grade_facts *f, struct buf *b)
{
	size_t i;

	if (!f->n_kb) {
		(void)buf_puts(b, "未采用知识库");
		return;
	}
	(void)buf_puts(b, "采用了");
	for (i = 0; i < f->n_kb; i++)
		(void)buf_printf(b, "%s%ld", i ? ", " : " ", f->kb_used[i]);
}

static int
has_transfer(const struct grade_facts *f, const char *t)
{
	const char *tt = grade_facts_get(f, "transfer_target");
	size_t i;

	for (i = 0; i < f->n_transfers; i++)
		if (!strcmp(f->transfers[i], t))
			return 1;
	return tt && !strcmp(tt, t);
}

static int
check_one(const struct scn_expect *e, const struct grade_facts *f,
	  struct buf *name, struct buf *detail)
{
	const struct field_rule *r = rule_for(e->kind);
	const char *v;
	size_t i;
	int ok;

	if (r)
		return check_field(r, e, f, name, detail);
	switch (e->kind) {
	case SCK_FIELD:
		v = grade_facts_get(f, e->value);
		ok = f->have_ticket && v && *v;
		(void)buf_printf(name, "必填 %s", e->value);
		if (ok) {
			char shown[128];

			u8_truncate(shown, sizeof shown, v, 40, 1);
			(void)buf_puts(detail, shown);
		} else {
			(void)buf_puts(detail, !f->have_ticket ? "没有工单"
							       : "未填写");
		}
		return ok;
	case SCK_KB_USED:
		ok = has_kb(f, e->num);
		if (e->num)
			(void)buf_printf(name, "知识库 %ld", e->num);
		else
			(void)buf_puts(name, "知识库");
		kb_list(f, detail);
		return ok;
	case SCK_SMS_SENT:
		(void)buf_puts(name, "短信办事指南");
		(void)buf_puts(detail, f->sms_sent ? "已发送" : "未发送");
		return f->sms_sent;
	case SCK_CHECKLIST:
		ok = (f->checklist >> e->num) & 1u;
		(void)buf_printf(name, "话术 %s",
				 scn_checklist_label((enum scn_checklist)e->num));
		(void)buf_puts(detail, ok ? "已勾选" : "未勾选");
		return ok;
	case SCK_TIME_LIMIT:
		ok = f->elapsed_s >= 0 && f->elapsed_s <= e->num;
		(void)buf_printf(name, "用时 ≤ %ld 秒", e->num);
		if (f->elapsed_s < 0)
			(void)buf_puts(detail, "用时未知");
		else
			(void)buf_printf(detail, "用时 %ld 秒", f->elapsed_s);
		return ok;
	case SCK_TRANSFER_OUT:
		ok = has_transfer(f, e->value);
		(void)buf_printf(name, "移交 %s", e->value);
		if (!f->n_transfers) {
			(void)buf_puts(detail, ok ? "已移交" : "未转接");
		} else {
			(void)buf_puts(detail, "转接了");
			for (i = 0; i < f->n_transfers; i++)
				(void)buf_printf(detail, " %s",
						 f->transfers[i]);
		}
		return ok;
	case SCK_URGED:
		(void)buf_puts(name, "催办");
		(void)buf_puts(detail, f->urged ? "已催办" : "未催办");
		return f->urged;
	case SCK_TICKET:
		(void)buf_puts(name, "工单已保存");
		if (f->have_ticket) {
			v = grade_facts_get(f, "ticket_no");
			(void)buf_puts(detail, nz(v));
		} else {
			(void)buf_puts(detail, "没有工单");
		}
		return f->have_ticket;
	default:
		(void)buf_puts(name, scn_check_word(e->kind));
		return 0;
	}
}

void
grade_run(const struct scenario *s, const struct grade_facts *f,
	  struct grade_card *out)
{
	size_t i;

	memset(out, 0, sizeof *out);
	out->pass_mark = GRADE_PASS_MARK;
	out->elapsed_s = f->elapsed_s;
	out->all_passed = 1;
	if (s->n_expects)
		out->checks = xcalloc(s->n_expects, sizeof *out->checks);
	for (i = 0; i < s->n_expects; i++) {
		const struct scn_expect *e = &s->expects[i];
		struct grade_check *c = &out->checks[out->n++];
		struct buf name, detail;

		buf_init(&name, 0);
		buf_init(&detail, 0);
		c->passed = check_one(e, f, &name, &detail) ? 1 : 0;
		c->name = buf_steal(&name);
		c->detail = buf_steal(&detail);
		c->weight = e->weight;
		c->line = e->line;
		out->max += e->weight;
		if (c->passed)
			out->score += e->weight;
		else
			out->all_passed = 0;
	}
	out->percent = out->max ? out->score * 100 / out->max : 100;
	out->passed = out->percent >= out->pass_mark;
}

void
grade_card_free(struct grade_card *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->checks[i].name);
		free(c->checks[i].detail);
	}
	free(c->checks);
	memset(c, 0, sizeof *c);
}

char *
grade_card_text(const struct grade_card *c, const char *title)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	(void)buf_printf(&b, "【培训】成绩单 %s\n", title ? title : "");
	for (i = 0; i < c->n; i++) {
		const struct grade_check *k = &c->checks[i];

		(void)buf_printf(&b, "%s %3d  %s: %s\n",
				 k->passed ? "[通过]" : "[失败]", k->weight,
				 k->name, k->detail);
	}
	(void)buf_printf(&b, "得分 %d/%d (%d%%)，及格线 %d%%：%s", c->score,
			 c->max, c->percent, c->pass_mark,
			 c->passed ? "及格" : "不及格");
	if (c->elapsed_s >= 0)
		(void)buf_printf(&b, "，用时 %ld 秒", c->elapsed_s);
	(void)buf_puts(&b, "\n");
	return buf_steal(&b);
}
