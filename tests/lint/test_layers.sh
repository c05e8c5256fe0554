#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The include rule of the layers (DEVELOPERS.md "The house"):
#   core/ (no curses, curl, sqlite, cJSON, microhttpd) <- keymaps/ forms/ net/
#   <- tui/ <- main;  server/ builds on core/ only.
# Only tui/ includes curses or readline; only net/ and server/ touch JSON and
# HTTP; core/ includes no other layer.
cd "$(dirname "$0")/../.." || exit 2
. tests/lint/lib.sh

# hits DIRS PATTERN : files under DIRS whose #include lines match PATTERN
hits() {
	local pat=$1; shift
	grep -rlE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pat)" \
		--include='*.c' --include='*.h' "$@" 2>/dev/null
}
expect_none() { # name pattern dirs...
	local name=$1 pat=$2 out; shift 2
	out=$(hits "$pat" "$@")
	if [ -z "$out" ]; then ok "$name"; else not_ok "$name: $(echo $out)"; fi
}

CURSES='n?curses|ncursesw/|curses\.h|panel\.h|readline/'
IO='curl/|cjson/|cJSON|sqlite3|microhttpd|libpq|sodium'

expect_none "core includes no I/O or UI library" "$CURSES|$IO" core
expect_none "core includes no upper layer" '(\.\./)?(keymaps|forms|net|tui|server)/' core
expect_none "keymaps/forms include no I/O or UI library" "$CURSES|$IO" keymaps forms
expect_none "keymaps/forms include no net, tui or server" '(\.\./)?(net|tui|server)/' keymaps forms
expect_none "net includes no curses" "$CURSES" net
expect_none "net includes no tui or server" '(\.\./)?(tui|server)/' net
expect_none "net uses no database" 'sqlite3|microhttpd|libpq' net
expect_none "server includes no client layer" '(\.\./)?(keymaps|forms|net|tui)/' server
expect_none "server includes no curses" "$CURSES" server
# hotlined itself is no HTTP client; its tools (hotline-sim) are.
expect_none "hotlined includes no curl" "curl/" server/*.c server/*.h
expect_none "tui touches no JSON, HTTP or database" 'cjson/|cJSON|sqlite3|microhttpd|libpq' tui
# Checks of the checker: a planted violation must be found.
tmp=$(mktemp -d); mkdir -p "$tmp/core"
printf '#include <ncursesw/curses.h>\n' > "$tmp/core/x.c"
if [ -n "$(hits "$CURSES" "$tmp/core")" ]; then ok "checker finds a planted curses include"
else not_ok "checker finds a planted curses include"; fi
rm -rf "$tmp"
finish
