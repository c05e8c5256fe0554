#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Call posted → screen pop painted, measured end to end with the real
# client: hotlined (demo seed) and hotline (demo-agent, READY) on a 100x30
# pseudo-terminal; N times, a call is POSTed as demo-cti with a fresh
# caller number, and the time until that number is on the client's screen
# is recorded by bench/screen_pop.py, which runs the client on a pty and
# reads its output (no tmux polling, sub-millisecond resolution).  Each
# call is then abandoned by the CTI account, which puts the agent back to
# READY for the next one.
#
#   bench/screen_pop.sh            N=100
#   N=20 bench/screen_pop.sh
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
N=${N:-100}
need curl python3
# The Debian interpreter directly: version-manager shims add ~0.7 s a start.
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
bench_init
start_server
note "hotlined at $SERVER_URL"
printf 'demo\n' >"$BENCH_TMP/pw"
chmod 600 "$BENCH_TMP/pw"
"$PY" "$ROOT/bench/screen_pop.py" "$SERVER_URL" "$HOTLINE" "$N" "$BENCH_TMP/pw" ||
	die "the screen-pop run failed"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
