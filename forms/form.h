/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form.h - the form engine: field definitions, values, rules, choices.
 *
 * Owns what a form is (an ordered list of fields with a definition and a
 * value each), the validation rules (required, length in characters,
 * pattern, phone, number range, date/datetime, choice membership and the
 * cross-field conditions), choice filtering for type-ahead lists and the
 * flat (code, value) export/import that net/ maps to JSON and the draft
 * journal stores.  No curses, no JSON, no I/O: tui/ draws a form, net/
 * feeds it choices and extra fields and sends its export.  The built-in
 * intake and wrap-up forms are in forms/intake.h; rules in docs/forms.md.
 *
 * Values are UTF-8 strings, one per field, never NULL ("" when empty):
 *  - yes/no fields hold "yes" or "no" (or "" when not answered),
 *  - choice and tree fields hold a choice key, multiple choice the keys
 *    joined by ',' (in the order chosen),
 *  - dates are "YYYY-MM-DD", datetimes "YYYY-MM-DD HH:MM[:SS]" (Dongguan
 *    local time) or ISO 8601 with 'T' and an offset.
 *
 * Ownership: a struct form owns deep copies of everything it is given
 * (definitions, choices, extra fields, values); the caller keeps its own
 * arrays.  Pointers the form hands out (fields, values, messages) are
 * borrowed and valid until the next call that changes the form.
 */
#ifndef HOTLINE_FORMS_FORM_H
#define HOTLINE_FORMS_FORM_H

#include <regex.h>
#include <stddef.h>

#include "../core/journal.h"
#include "../core/status.h"

enum form_type {
	FT_TEXT,      /* single line */
	FT_MULTILINE, /* newlines and tabs allowed */
	FT_PHONE,     /* mobile, landline, service numbers (flag) */
	FT_NUMBER,    /* decimal, optional range */
	FT_DATE,      /* YYYY-MM-DD */
	FT_DATETIME,  /* YYYY-MM-DD HH:MM[:SS] or ISO 8601 */
	FT_CHOICE,    /* one key of the choices */
	FT_MULTI,     /* keys joined by ',' */
	FT_YESNO,     /* "yes" / "no" */
	FT_TREE,      /* one key of a tree (parent keys), e.g. categories */
	FT__COUNT
};

enum form_field_flags {
	FF_REQUIRED = 1u << 0,     /* always required (when visible) */
	FF_SERVICE_NUMS = 1u << 1, /* phone: 110, 12345, 95598 ... too */
	FF_CLEAR_HIDDEN = 1u << 2, /* value cleared whenever hidden */
	FF_EXTRA = 1u << 3,        /* a per-category extra field */
	FF_DATE_OK = 1u << 4,      /* datetime: a bare date is fine too */
	FF_LEAF_ONLY = 1u << 5,    /* tree: the key must have no children */
	FF_RANGE = 1u << 6,        /* number: num_min..num_max applies */
};

/* One choice.  parent is the parent key in a tree ("" or NULL at the
 * top); alias is another name to filter by (a unit's short name). */
struct form_choice {
	const char *key;
	const char *label_zh;
	const char *label_en; /* NULL or "": label_zh */
	const char *parent;
	const char *alias;
};

/*
 * A condition on another field's value (its value counts as "" while
 * that field is itself hidden).  values is a ',' separated list of keys.
 */
enum form_cond_op {
	FC_ALWAYS = 0, /* no condition: true */
	FC_IN,         /* value is one of values */
	FC_NOT_IN,     /* value is none of values */
	FC_SET,        /* value is not empty */
	FC_EMPTY,      /* value is empty */
};

struct form_cond {
	const char *field;
	enum form_cond_op op;
	const char *values;
};

/*
 * A field definition.  Lengths count code points (0: no limit); for
 * FT_MULTI they count chosen keys.  pattern is a POSIX extended regular
 * expression that must match the whole value (bytes, ASCII patterns).
 * check is a further format test (1 = fine), e.g. tk_no_valid; hint_* is
 * the message when pattern or check fail.  A field is shown when
 * visible_if holds, and required when shown and (FF_REQUIRED or
 * required_if holds; required_if FC_ALWAYS means "not conditionally").
 * Empty values are only checked for being required.
 */
struct form_field_def {
	const char *code; /* [a-z0-9_] recommended; no ',' '=' or '\n' */
	const char *label_zh;
	const char *label_en;
	enum form_type type;
	unsigned flags;
	int min_len;
	int max_len;
	const char *pattern;
	int (*check)(const char *value);
	const char *hint_zh;
	const char *hint_en;
	double num_min;
	double num_max;
	const struct form_choice *choices;
	size_t n_choices;
	/*
	 * A dependent list: when this names another field and that field
	 * has a value, the chosen key's parent must be that value (transfer
	 * targets by handling mode).  NULL: none.
	 */
	const char *choices_by;
	struct form_cond visible_if;
	struct form_cond required_if;
	const char *default_value; /* NULL: "" */
	const char *description;   /* help text (Open311), may be NULL */
	int order;                 /* extra fields: sort key */
};

/* Validation results: X(enum, zh, en).  "{}" is replaced by a number
 * or, for FE_MISMATCH, the other field's label. */
#define FORM_ERR_LIST(X)                                                      \
	X(FE_OK, "", "")                                                      \
	X(FE_REQUIRED, "必填", "required")                                    \
	X(FE_TOO_SHORT, "至少 {} 个字", "at least {} characters")             \
	X(FE_TOO_LONG, "最多 {} 个字", "at most {} characters")               \
	X(FE_NEWLINE, "不能换行", "must be a single line")                    \
	X(FE_CONTROL, "含有控制字符", "contains control characters")          \
	X(FE_PATTERN, "格式不正确", "wrong format")                           \
	X(FE_PHONE, "电话号码格式不正确 (手机 11 位, 固话 区号-号码)",        \
	  "not a phone number (11-digit mobile or area code-number)")       \
	X(FE_NUMBER, "请输入数字", "not a number")                            \
	X(FE_RANGE_LOW, "不能小于 {}", "must be at least {}")                 \
	X(FE_RANGE_HIGH, "不能大于 {}", "must be at most {}")                 \
	X(FE_DATE, "日期无效 (年-月-日)", "not a valid date (YYYY-MM-DD)")    \
	X(FE_DATETIME, "时间无效 (年-月-日 时:分)",                           \
	  "not a valid time (YYYY-MM-DD HH:MM)")                            \
	X(FE_CHOICE, "不在可选范围内", "not one of the choices")              \
	X(FE_DUPLICATE, "重复选择", "chosen twice")                           \
	X(FE_TOO_MANY, "最多选择 {} 项", "choose at most {}")                 \
	X(FE_TOO_FEW, "至少选择 {} 项", "choose at least {}")                 \
	X(FE_YESNO, "请选择是或否", "answer yes or no")                       \
	X(FE_NOT_LEAF, "请选择到最末一级", "choose a leaf of the tree")       \
	X(FE_MISMATCH, "与「{}」不符", "does not match {}")

enum form_err {
#define FORM_ERR_ENUM_(e, zh, en) e,
	FORM_ERR_LIST(FORM_ERR_ENUM_)
#undef FORM_ERR_ENUM_
	FE__COUNT
};

/* Message of an error code in the current UI language (i18n_get()), with
 * "{}" still in it; never NULL. */
const char *form_err_msg(enum form_err e);

/*
 * A field of a form instance.  Read-only outside forms/: change values
 * with form_set() and choices with form_set_choices().  def is the
 * form's own deep copy; value is never NULL; err/message describe the
 * last check of this field (FE_OK / NULL when fine or not checked).
 */
struct form_field {
	struct form_field_def def;
	struct form_choice *choices; /* == def.choices, owned */
	char *value;
	enum form_err err;
	char *message; /* formatted err, current language */
	regex_t re;
	int re_state; /* 0 not compiled, 1 compiled, -1 bad pattern */
};

struct form; /* opaque */

/*
 * New form from n definitions (deep-copied, order kept; each field
 * starts at its default value).  name is a tag ("intake").  Returns
 * NULL when a code is empty or given twice, or a definition is broken
 * (bad type, a condition naming no field); owned by the caller, release
 * with form_free().
 */
struct form *form_new(const char *name, const struct form_field_def *defs,
		      size_t n);
void form_free(struct form *f);
const char *form_name(const struct form *f);

size_t form_count(const struct form *f);
/* Field i (NULL when out of range); borrowed. */
const struct form_field *form_field_at(const struct form *f, size_t i);
/* Index of a field by code, -1 when none. */
long form_index(const struct form *f, const char *code);
const struct form_field *form_field(const struct form *f, const char *code);
/* The label in the current UI language. */
const char *form_field_label(const struct form_field *fld);

/*
 * Set a value (copied).  NULL means "".  Returns ST_NOT_FOUND for an
 * unknown code, ST_BAD_UTF8 for invalid UTF-8, ST_TOO_LONG past 64 KiB,
 * ST_INVALID for a non-empty value on a field hidden with
 * FF_CLEAR_HIDDEN (an anonymous caller's name).  Values are not
 * validated here (see form_check_field()); after the change, fields
 * with FF_CLEAR_HIDDEN that became hidden are cleared.
 */
enum status form_set(struct form *f, const char *code, const char *value);
/* The value, "" when empty; NULL for an unknown code. */
const char *form_get(const struct form *f, const char *code);
/* Reset every field to its default; drops pending imported values. */
void form_reset(struct form *f);

/* Visible / required now (by the current values).  0 when out of range. */
int form_visible(const struct form *f, size_t i);
int form_required(const struct form *f, size_t i);

/*
 * Check field i by every rule that applies to it (hidden fields are
 * fine) and store the result in its err/message.  Returns the error.
 */
enum form_err form_check_field(struct form *f, size_t i);
/*
 * Check every field.  Returns the number of invalid fields; when there
 * is one, *first_invalid (may be NULL) is the index of the first in form
 * order, else it is left alone.
 */
size_t form_validate(struct form *f, size_t *first_invalid);
/* The message of field i's last check (NULL when fine). */
const char *form_error(const struct form *f, size_t i);

/*
 * Call fn for each visible field in order, with its index; stops early
 * when fn returns non-zero and returns that value (0 when it ran out).
 */
int form_each_visible(const struct form *f,
		      int (*fn)(const struct form_field *fld, size_t i,
				void *arg),
		      void *arg);

/*
 * Replace the choices of a choice, multiple choice or tree field
 * (category, town, unit lists from the server).  Copied.  ST_NOT_FOUND
 * for an unknown code, ST_INVALID for a field without choices or a
 * choice with an empty key or a key containing ','.
 */
enum status form_set_choices(struct form *f, const char *code,
			     const struct form_choice *c, size_t n);
/* Index of key among the field's choices, -1 when none. */
long form_choice_index(const struct form_field *fld, const char *key);
/* Label of choice i in the current UI language ("" when out of range). */
const char *form_choice_label(const struct form_field *fld, size_t i);

/*
 * Type-ahead filter: the indices of the field's choices whose label
 * (zh or en), alias or key matches query by pinyin_match_score()
 * (core/pinyin.h), best score first, ties in choice order.  Stores at
 * most max indices in out; returns how many it stored.  An empty query
 * lists the choices in order.
 */
size_t form_filter_choices(const struct form_field *fld, const char *query,
			   size_t *out, size_t max);

/* Trees: the children of parent ("" or NULL: the top level), in order.
 * Same storing convention as above. */
size_t form_tree_children(const struct form_field *fld, const char *parent,
			  size_t *out, size_t max);
/* 1 when choice key has children in the tree. */
int form_tree_has_children(const struct form_field *fld, const char *key);
/*
 * The path of a tree key as labels joined by " / " ("住房与公积金 /
 * 住房公积金 / 公积金提取"), malloc'd, caller frees; NULL when the key is
 * unknown.  A cycle in the parents stops the walk.
 */
char *form_tree_path(const struct form_field *fld, const char *key);

/* ---- per-category extra fields (Open311 attribute semantics) --------- */

/*
 * One attribute as GET /v1/forms/{code} describes it.  datatype is one
 * of string, number, datetime, text, singlevaluelist, multivaluelist.
 * Strings are borrowed during the call only.
 */
struct form_attr {
	const char *code;
	const char *label; /* Chinese label; the English one is the same */
	const char *description;
	const char *datatype;
	int required;
	int order;
	const struct form_choice *values; /* lists only */
	size_t n_values;
};

/*
 * Append extra fields (FF_EXTRA), sorted by order (stable), after the
 * form's own fields.  Values imported earlier for these codes (a draft
 * restored before its category's fields were known) are applied.  All
 * or nothing: ST_INVALID for an unknown datatype or empty code,
 * ST_EXISTS when a code is already a field of the form.
 */
enum status form_add_extras(struct form *f, const struct form_attr *a,
			    size_t n);
/* Remove every extra field (the category changed). */
void form_clear_extras(struct form *f);
/* Number of extra fields. */
size_t form_extra_count(const struct form *f);

/* ---- flat export / import ------------------------------------------- */

enum form_export_flags {
	/*
	 * Default (0): everything, for the draft journal: every field in
	 * form order, empty and hidden ones included, values exactly as
	 * typed, then pending imported values of unknown fields.
	 */
	FORM_EXPORT_ALL = 0,
	/*
	 * For the server: visible, non-empty fields only; phones as digits
	 * ("0769-22221234" -> "076922221234", "+86 138..." -> "138...");
	 * datetimes as ISO 8601 with seconds and an offset
	 * ("2026-11-28 14:30" -> "2026-11-28T14:30:00+08:00").
	 */
	FORM_EXPORT_WIRE = 1u << 0,
};

/*
 * Export as (code, value) pairs, malloc'd; release with kv_free().  The
 * array is sized exactly (*n may be 0 with *out NULL).
 */
void form_export(const struct form *f, unsigned flags, struct kv **out,
		 size_t *n);
/*
 * Import pairs (a journal draft, a ticket being edited).  Known codes
 * are set as given (no rule checks; invalid UTF-8 is refused with
 * ST_BAD_UTF8 and nothing changes); unknown codes are kept as pending
 * values, exported again by FORM_EXPORT_ALL and applied by
 * form_add_extras().  FF_CLEAR_HIDDEN is applied once at the end.
 */
enum status form_import(struct form *f, const struct kv *p, size_t n);

/* How net/ should put a field's value into JSON. */
enum form_wire {
	FW_STRING,
	FW_NUMBER, /* FT_NUMBER */
	FW_BOOL,   /* FT_YESNO: "yes" -> true */
	FW_ARRAY,  /* FT_MULTI: keys -> array of strings */
};
/* The JSON shape of a field (FW_STRING for an unknown code). */
enum form_wire form_wire_type(const struct form *f, const char *code);

/* ---- single-value checks (pure; used by the rules above) ------------- */

/* Mobile 1[3-9]\d{9}, landline 0\d{2,3}-?\d{7,8}, each with an optional
 * "+86" / "86" prefix before a mobile; with service = 1 also service
 * numbers 1\d{2,4} (110, 12345), 95\d{3} and 96\d{3}.  1 when fine. */
int form_phone_ok(const char *s, int service);
/* Digits of a phone for the wire: separators dropped, +86 removed.
 * Writes into out (cap bytes); returns 0, or -1 when it does not fit. */
int form_phone_digits(const char *s, char *out, size_t cap);
/* "YYYY-MM-DD", years 1970..9999, a day that exists.  1 when fine. */
int form_date_ok(const char *s);
/* "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS", or with 'T' instead of the
 * space, optionally followed by "Z" or "+hh:mm"/"-hh:mm".  1 when fine. */
int form_datetime_ok(const char *s);
/* Decimal number: optional '-', digits, optional '.' and digits.
 * 1 and *out when fine. */
int form_number_parse(const char *s, double *out);

#endif
