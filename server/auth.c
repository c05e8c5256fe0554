/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth.c - Argon2id password strings, random tokens, SHA-256 digests.
 */
#include "auth.h"

#include <string.h>

#include <sodium.h>

int
auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

enum status
auth_hash_password(const char *pw, char out[AUTH_HASH_MAX])
{
	_Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES,
		       "AUTH_HASH_MAX too small");
	if (!pw || !*pw)
		return ST_INVALID;
	if (crypto_pwhash_str(out, pw, strlen(pw),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ST_NOMEM;
	return ST_OK;
}

int
auth_verify_password(const char *hash, const char *pw)
{
	if (!hash || !pw || strlen(hash) >= crypto_pwhash_STRBYTES)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void
auth_new_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[AUTH_TOKEN_LEN / 2];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, AUTH_TOKEN_LEN + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void
auth_sha256_hex(const void *p, size_t len, char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)p, len);
	sodium_bin2hex(out, AUTH_TOKEN_LEN + 1, d, sizeof d);
}

void
auth_token_hash(const char *token, char out[AUTH_TOKEN_LEN + 1])
{
	auth_sha256_hex(token, strlen(token), out);
}

int
auth_token_valid(const char *s)
{
	size_t i;

	if (!s)
		return 0;
	for (i = 0; i < AUTH_TOKEN_LEN; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return s[AUTH_TOKEN_LEN] == '\0';
}
