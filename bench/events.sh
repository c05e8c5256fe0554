#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Event streams at scale: STREAMS (300) agents hold GET /v1/events open
# against one hotlined.  Prints hotlined's RSS and threads with the streams
# open, its CPU while idle and while events flow, and the delivery latency
# of one event to all of them (p50/p99 over REPS repetitions).
#
#   bench/events.sh
#   STREAMS=500 REPS=100 IDLE_SECONDS=30 bench/events.sh
#
# The load-test accounts load-0001... (role agent, desk GENERAL, password
# demo) and a session for each are written straight into the temporary
# database while hotlined is stopped (bench/sse_load.py mkagents): the
# server has no account API, and 300 Argon2id logins would dominate the
# run.  The event that reaches everyone is `queue`: demo-cti posts a call
# to the CARE desk (nobody is READY there) and abandons it.
#
# Needs: build/hotlined (make), curl, python3.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

STREAMS=${STREAMS:-300}
export REPS=${REPS:-50} IDLE_SECONDS=${IDLE_SECONDS:-10}
export FLOW_SECONDS=${FLOW_SECONDS:-10} FLOW_RATE=${FLOW_RATE:-10}

need curl python3
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_init

start_server
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
python3 "$ROOT/bench/sse_load.py" mkagents "$BENCH_TMP/hotline.db" \
	"$STREAMS" load- >"$BENCH_TMP/tokens" ||
	die "cannot add the load-test agents"
start_server
echo "events: $STREAMS streams against $SERVER_URL ($(nproc) cores, load $LOAD0)"
python3 "$ROOT/bench/sse_load.py" events "$SERVER_URL" "$SERVER_PID" \
	"$BENCH_TMP/tokens" demo-cti || die "the event benchmark failed"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
