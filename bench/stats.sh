#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Supervisor statistics at scale (issue #6): TICKETS (1,000,000) tickets
# over a year and CALLS (1,000,000) calls over 48 days generated straight
# into a stopped server's database (bench/stats_gen.sql with the sqlite3
# CLI), AGENTS (300) load agents logged in (READY / NOT_READY), then:
#   - wrk latency of GET /v1/stats/live, /v1/stats/daily and
#     /v1/stats/hotspots (p50/p99, -c CONNECTIONS for DURATION);
#   - EXPLAIN QUERY PLAN of the statistics queries on that database;
#   - fan-out: BOARDS (300) supervisor streams; one agent state change
#     by a supervisor -> agent.state and then stats.live read on all of
#     them (p50/p99 over REPS).
#
#   bench/stats.sh
#   TICKETS=200000 CALLS=200000 DURATION=5s bench/stats.sh
#
# Needs: build/hotlined (make), sqlite3, wrk, curl, /usr/bin/python3.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

TICKETS=${TICKETS:-1000000}
CALLS=${CALLS:-1000000}
AGENTS=${AGENTS:-300}
BOARDS=${BOARDS:-300}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
export REPS=${REPS:-30}
PY=/usr/bin/python3

need sqlite3 wrk curl
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_init

# start_server of lib.sh, with a longer deadline: seeding hashes every demo
# password (Argon2id) and a busy 2-core machine needs more than 20 s, and
# opening a 700 MB database takes a moment too.
start_server() {
	local pf=$BENCH_TMP/hotlined.port
	rm -f "$pf"
	"$HOTLINED" --db "$BENCH_TMP/hotline.db" --seed demo \
		--data-dir "$ROOT/data" --listen 127.0.0.1:0 --port-file "$pf" \
		>>"$BENCH_TMP/hotlined.log" 2>&1 &
	SERVER_PID=$!
	BENCH_PIDS+=("$SERVER_PID")
	wait_for 180 test -s "$pf" || die "hotlined wrote no port file"
	SERVER_URL="http://127.0.0.1:$(tr -d ' \n' <"$pf")"
	wait_for 30 curl -fsS -o /dev/null --noproxy '*' "$SERVER_URL/v1/health" ||
		die "hotlined at $SERVER_URL does not answer /v1/health"
}

start_server
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
DB=$BENCH_TMP/hotline.db
$PY "$ROOT/bench/sse_load.py" mkagents "$DB" "$AGENTS" load- >/dev/null ||
	die "cannot add the load agents"
$PY "$ROOT/bench/stats_load.py" mkboards "$DB" "$BOARDS" \
	>"$BENCH_TMP/boards" || die "cannot add the board accounts"
t0=$(date +%s.%N)
sqlite3 "$DB" -cmd ".parameter set @now $(date +%s)" \
	-cmd ".parameter set @tickets $TICKETS" \
	-cmd ".parameter set @calls $CALLS" \
	-cmd ".parameter set @agents $AGENTS" \
	<"$ROOT/bench/stats_gen.sql" >/dev/null || die "the generator failed"
t1=$(date +%s.%N)
echo "stats: generated $TICKETS tickets, $CALLS calls, $AGENTS logged-in" \
	"agents in $($PY -c "print(round($t1 - $t0, 1))") s ($(du -m "$DB" | cut -f1) MiB;" \
	"$(nproc) cores, load $LOAD0)"
echo "query plans (EXPLAIN QUERY PLAN):"
$PY "$ROOT/bench/stats_load.py" plans "$DB"

start_server
SUP=$(login demo-supervisor demo) || die "cannot log in"
live=$(curl -fsS --noproxy '*' -H "Authorization: Bearer $SUP" \
	"$SERVER_URL/v1/stats/live") || die "GET /v1/stats/live failed"
echo "live board: $(echo "$live" | $PY -c 'import json,sys; j=json.load(sys.stdin); print(len(j["agents"]), "agents listed; today:", j["today"]["offered"], "calls offered,", j["today"]["tickets"], "tickets; open:", j["tickets"])')"

# run_wrk PATH : p50/p99 and requests/s of GET PATH.
run_wrk() {
	local out=$BENCH_TMP/wrk.out
	timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
		-H "Authorization: Bearer $SUP" "$SERVER_URL$1" >"$out" 2>&1 ||
		die "wrk $1 failed: $(tail -3 "$out")"
	grep -q 'Non-2xx' "$out" && die "wrk $1: non-2xx answers"
	printf '  %-28s p50 %-9s p99 %-9s %s req/s\n' "$1" \
		"$(awk '$1 == "50%" {print $2}' "$out")" \
		"$(awk '$1 == "99%" {print $2}' "$out")" \
		"$(awk '/Requests\/sec/ {print $2}' "$out")"
}
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION:"
run_wrk /v1/stats/live
run_wrk /v1/stats/daily
run_wrk /v1/stats/hotspots
run_wrk "/v1/tickets?flag=overdue&limit=50"

$PY "$ROOT/bench/stats_load.py" fanout "$SERVER_URL" "$BENCH_TMP/boards" \
	"$SUP" load-0001 || die "the fan-out benchmark failed"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
