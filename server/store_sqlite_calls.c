/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite_calls.c - the SQLite store's calls, agent states and their logs.
 */
#include "store_sqlite_int.h"

/* Migration: calls, agent states and their logs. */
const char sq_migration_calls[] = "SELECT 1;\n";
