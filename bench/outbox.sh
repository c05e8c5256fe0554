#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Outbox drain after an outage (issue #4 §7): 1,000 create_ticket items
# queued in a real client outbox (core/outbox: one fsync'd file per item)
# are delivered to a real hotlined with the client's rule -- peek, mark
# sending, POST /v1/tickets with the item's Idempotency-Key, mark
# delivered -- then the API must hold exactly 1,000 new tickets.
#
#   bench/outbox.sh                 both modes, N=1000
#   N=200 bench/outbox.sh           smaller
#
# Mode 1 (plain): push N, drain N; prints push time, drain time, items/s.
# Mode 2 (kill):  push N, start the drainer, SIGKILL it once it has
#                 delivered about N/2, start it again on the same outbox;
#                 the item in flight at the kill is resent with the same
#                 key and answered from the server's idempotency record.
# Both modes check through the API that exactly N tickets were created
# (by demo-agent3, with the bench's titles) and that the outbox is empty.
#
# bench/outbox_drain.c is compiled here against build/lib/libnet.a and
# build/lib/libcore.a (no Makefile rule needed).  Needs: make, cc,
# pkg-config, python3, curl.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

N=${N:-1000}
USER_=demo-agent3
LIBNET=$ROOT/$BUILD/lib/libnet.a
LIBCORE=$ROOT/$BUILD/lib/libcore.a

case $N in '' | *[!0-9]*) die "N must be a number" ;; esac
[ -x "$HOTLINED" ] && [ -f "$LIBNET" ] && [ -f "$LIBCORE" ] ||
	die "no $HOTLINED or $LIBNET (run make)"
need python3 curl cc pkg-config
bench_init

# shellcheck disable=SC2046
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$ROOT" \
	-o "$BENCH_TMP/outbox_drain" "$ROOT/bench/outbox_drain.c" "$LIBNET" \
	"$LIBCORE" $(pkg-config --cflags --libs libcurl libcjson) ||
	die "cannot build bench/outbox_drain.c"
DRAIN=$BENCH_TMP/outbox_drain

# server_up NAME: a fresh hotlined on its own database; sets URL, PID.
server_up() {
	local pf=$BENCH_TMP/$1.port
	"$HOTLINED" --db "$BENCH_TMP/$1.db" --seed demo --data-dir "$ROOT/data" \
		--listen 127.0.0.1:0 --port-file "$pf" --log-level warn \
		>"$BENCH_TMP/$1.log" 2>&1 &
	PID=$!
	BENCH_PIDS+=("$PID")
	wait_for 120 test -s "$pf" || die "hotlined ($1) did not start"
	URL="http://127.0.0.1:$(tr -d ' \n' <"$pf")"
	wait_for 10 curl -fsS -o /dev/null --noproxy '*' "$URL/v1/health" ||
		die "hotlined ($1) does not answer"
}

# count_tickets: tickets created by $USER_ (all pages).
count_tickets() {
	python3 - "$URL" "$USER_" <<'PY'
import json, sys, urllib.request
url, user = sys.argv[1], sys.argv[2]
def req(method, path, body=None, token=None):
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    r = urllib.request.Request(url + path, method=method, headers=h,
                               data=json.dumps(body).encode() if body else None)
    with urllib.request.urlopen(r, timeout=30) as f:
        return json.load(f)
tok = req("POST", "/v1/sessions", {"username": user, "password": "demo"})["token"]
n, titles, cur = 0, set(), None
while True:
    j = req("GET", "/v1/tickets?mine=1&limit=200" + (f"&cursor={cur}" if cur else ""), token=tok)
    mine = [t for t in j["items"] if t["title"].startswith("断网期间受理的咨询")]
    n += len(mine)
    titles |= {t["title"] for t in mine}
    cur = j["next_cursor"]
    if not cur:
        break
print(n, len(titles))
PY
}

# check_exact MODE: exactly N tickets, N distinct titles, empty outbox.
check_exact() {
	local got distinct left
	read -r got distinct < <(count_tickets) || die "$1: cannot count"
	left=$(find "$BENCH_TMP/$1.outbox" -name '*.item' | wc -l)
	echo "$1: API tickets $got (distinct titles $distinct), outbox left $left"
	[ "$got" = "$N" ] && [ "$distinct" = "$N" ] && [ "$left" = 0 ] ||
		die "$1: expected exactly $N tickets and an empty outbox"
}

echo "outbox drain, N=$N, $(nproc) cores"

# ---- mode 1: plain ------------------------------------------------------
server_up plain
"$DRAIN" push "$BENCH_TMP/plain.outbox" "$N" || die "push failed"
"$DRAIN" drain "$BENCH_TMP/plain.outbox" "$URL" "$USER_" demo ||
	die "drain failed"
check_exact plain
kill "$PID"

# ---- mode 2: SIGKILL half-way, restart ------------------------------------
server_up kill
"$DRAIN" push "$BENCH_TMP/kill.outbox" "$N" >/dev/null || die "push failed"
"$DRAIN" drain "$BENCH_TMP/kill.outbox" "$URL" "$USER_" demo \
	>"$BENCH_TMP/kill1.out" 2>&1 &
DPID=$!
BENCH_PIDS+=("$DPID")
half=$((N / 2))
prog=$BENCH_TMP/kill.outbox.progress
reached() { [ "$(cat "$prog" 2>/dev/null || echo 0)" -ge "$half" ]; }
wait_for 300 reached || die "the drainer did not reach $half"
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
before=$(cat "$prog")
left=$(find "$BENCH_TMP/kill.outbox" -name '*.item' | wc -l)
echo "kill: SIGKILL after $before delivered; $left items left in the outbox"
"$DRAIN" drain "$BENCH_TMP/kill.outbox" "$URL" "$USER_" demo ||
	die "the restarted drain failed"
check_exact kill
echo "outbox drain: OK"
