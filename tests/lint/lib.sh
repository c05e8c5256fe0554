# SPDX-License-Identifier: GPL-3.0-or-later
# Tiny TAP-like helpers for shell suites: ok/not_ok, then finish prints the
# closing "N passed, N failed" line and sets the exit status.
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); printf 'ok - %s\n' "$1"; }
not_ok() { FAILED=$((FAILED + 1)); printf 'not ok - %s\n' "$1"; }
# check NAME COMMAND... : ok when the command succeeds
check() { local n=$1; shift; if "$@"; then ok "$n"; else not_ok "$n"; fi; }
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }
