/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes_kb.h - the knowledge base (/v1/kb/...) and the SMS outbox
 * (/v1/sms) handlers; routes.c lists them with their roles (kb.h's
 * KB_ROLES_*), docs/api.md and docs/kb.md document them.
 */
#ifndef HOTLINE_SERVER_ROUTES_KB_H
#define HOTLINE_SERVER_ROUTES_KB_H

#include "http.h"
#include "kb.h"

void h_kb_search(struct req *r);
void h_kb_list(struct req *r);
void h_kb_create(struct req *r);
void h_kb_get(struct req *r);
void h_kb_patch(struct req *r);
void h_kb_versions(struct req *r);
void h_kb_action(struct req *r);
void h_kb_use(struct req *r);
void h_kb_uses(struct req *r);
void h_sms_create(struct req *r);
void h_sms_list(struct req *r);
void h_sms_get(struct req *r);

#endif
