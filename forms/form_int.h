/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form_int.h - helpers shared by the files of forms/ (not for users of
 * the engine; those include form.h).
 */
#ifndef HOTLINE_FORMS_FORM_INT_H
#define HOTLINE_FORMS_FORM_INT_H

#include <stddef.h>

#include "form.h"

/* free() for a string the form owns but keeps behind a const pointer. */
void form_cfree(const char *p);
/* Deep copy of n choices (NULL strings become ""; an empty label_en
 * becomes label_zh).  NULL when n is 0. */
struct form_choice *form_choices_copy(const struct form_choice *c, size_t n);
void form_choices_free(struct form_choice *c, size_t n);
/* 1 when key[0..kl) is one of the ','-separated list. */
int form_list_has(const char *list, const char *key, size_t kl);

#endif
