#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# mandoc -Tlint on every man page as installed (generated ones from build/).
cd "$(dirname "$0")/../.." || exit 2
. tests/lint/lib.sh
BUILD=${BUILD:-build}
pages=$(ls "$BUILD"/man/* 2>/dev/null)
if [ -z "$pages" ]; then not_ok "man pages built under $BUILD/man"; finish; exit; fi
for p in $pages; do
	out=$(mandoc -Tlint -W warning "$p" 2>&1)
	if [ -z "$out" ]; then ok "mandoc -Tlint $(basename "$p")"; else not_ok "mandoc -Tlint $(basename "$p"): $out"; fi
done
for want in hotline.1 hotlined.8 hotlinerc.5; do
	if [ -f "$BUILD/man/$want" ]; then ok "$want exists"; else not_ok "$want exists"; fi
done
finish
