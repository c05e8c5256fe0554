#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The house's mechanical style rules (curl-style banned functions, SPDX
# lines, literal format strings for curses output).
cd "$(dirname "$0")/../.." || exit 2
. tests/lint/lib.sh

src=$(git ls-files -co --exclude-standard -- '*.c' '*.h' 2>/dev/null | grep -v '^build/')
[ -n "$src" ] || src=$(find core keymaps forms net tui server tests bench -name '*.[ch]' 2>/dev/null)

# Banned functions: unbounded or error-blind.
for fn in sprintf vsprintf strcpy strcat atoi atol atoll gets strtok tmpnam; do
	out=$(grep -nE "(^|[^a-z_.>])$fn[[:space:]]*\(" $src 2>/dev/null |
		grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*)' | head -n 5)
	if [ -z "$out" ]; then ok "no $fn()"; else not_ok "no $fn(): $out"; fi
done

# SPDX licence line near the top of every source file.
miss=""
for f in $src Makefile scripts/* tests/run tests/*/*.sh tests/*/*.py .ci/run; do
	[ -f "$f" ] || continue
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || miss="$miss $f"
done
if [ -z "$miss" ]; then ok "SPDX line in every source file"; else not_ok "SPDX line missing:$miss"; fi

# curses print functions take a literal format.
out=$(grep -nE '\b(mvw?printw|w?printw|mvprintw)[[:space:]]*\(' $src 2>/dev/null |
	grep -vE '(mvw?printw|w?printw|mvprintw)[[:space:]]*\([^"]*"' | head -n 5)
if [ -z "$out" ]; then ok "curses printw formats are literals"; else not_ok "non-literal printw format: $out"; fi

# printf-family with a variable as the format (fprintf(f, s) / printf(s)).
out=$(grep -nE '\b(printf|fprintf|dprintf|snprintf|syslog)[[:space:]]*\([^"]*\)[[:space:]]*;' $src 2>/dev/null |
	grep -vE 'v?s?n?printf[[:space:]]*\([^)]*,[[:space:]]*(fmt|format)[,)]' | head -n 5)
if [ -z "$out" ]; then ok "printf formats are literals"; else not_ok "printf with non-literal format: $out"; fi

# Checks of the checker.
tmp=$(mktemp); printf 'int f(void) { char b[4]; sprintf(b, "x"); return 0; }\n' > "$tmp"
if grep -qE "(^|[^a-z_.>])sprintf[[:space:]]*\(" "$tmp"; then ok "checker finds a planted sprintf"; else not_ok "checker finds a planted sprintf"; fi
rm -f "$tmp"
finish
