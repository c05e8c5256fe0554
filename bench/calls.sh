#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Call posted -> screen pop, server side: CALLS (100) times, demo-cti posts
# a call to GENERAL while demo-agent is READY with its event stream open;
# the time from sending POST /v1/calls to reading call.offered on the
# agent's stream is measured (p50/p99), then the call is abandoned and the
# agent is READY again.  With STREAMS=N (default 300) that many other
# agents hold streams open meanwhile (see bench/events.sh for how they are
# made); STREAMS=0 measures the agent alone.  The client's paint time is
# measured by the tui benchmark, not here.
#
#   bench/calls.sh
#   CALLS=200 STREAMS=0 bench/calls.sh
#
# Needs: build/hotlined (make), curl, python3.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

STREAMS=${STREAMS:-300}
export CALLS=${CALLS:-100}

need curl python3
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_init

start_server
extra=()
if [ "$STREAMS" -gt 0 ]; then
	kill "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
	python3 "$ROOT/bench/sse_load.py" mkagents "$BENCH_TMP/hotline.db" \
		"$STREAMS" load- >"$BENCH_TMP/tokens" ||
		die "cannot add the load-test agents"
	start_server
	extra=("$BENCH_TMP/tokens")
fi
echo "calls: $CALLS calls against $SERVER_URL ($(nproc) cores, load $LOAD0)"
python3 "$ROOT/bench/sse_load.py" calls "$SERVER_URL" "$SERVER_PID" \
	demo-agent demo-cti "${extra[@]}" || die "the call benchmark failed"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
