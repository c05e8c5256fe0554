/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth.h - passwords and bearer tokens (libsodium).
 *
 * Owns the credential formats:
 *   - passwords are stored as Argon2id strings (crypto_pwhash_str, at
 *     least OPSLIMIT/MEMLIMIT_INTERACTIVE); hashing takes ~0.1 s and 64 MiB,
 *     so callers never hold a lock while hashing or verifying;
 *   - a token is 32 random bytes written as 64 lower-case hex characters;
 *     only its SHA-256 (64 hex) is ever stored.
 * auth_init() must succeed before anything else here is used.
 */
#ifndef HOTLINE_SERVER_AUTH_H
#define HOTLINE_SERVER_AUTH_H

#include <stddef.h>

#include "../core/status.h"

#define AUTH_HASH_MAX 128  /* >= crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_LEN 64  /* hex characters */

/* 0 on success (libsodium ready), -1 on failure. */
int auth_init(void);
/* Argon2id string of pw into out (NUL-terminated).  ST_NOMEM when the
 * memory limit cannot be met, ST_INVALID for an empty password. */
enum status auth_hash_password(const char *pw, char out[AUTH_HASH_MAX]);
/* 1 when pw matches the stored hash, 0 otherwise (also for a malformed
 * hash).  Takes as long as hashing. */
int auth_verify_password(const char *hash, const char *pw);
/* A fresh random token (64 hex + NUL). */
void auth_new_token(char out[AUTH_TOKEN_LEN + 1]);
/* SHA-256 of the token text, as 64 hex + NUL. */
void auth_token_hash(const char *token, char out[AUTH_TOKEN_LEN + 1]);
/* 1 when s is exactly 64 lower-case hex characters. */
int auth_token_valid(const char *s);
/* SHA-256 of len bytes as 64 hex + NUL (request fingerprints). */
void auth_sha256_hex(const void *p, size_t len, char out[AUTH_TOKEN_LEN + 1]);

#endif
