#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Client RSS after recording COUNT=200 tickets through the intake form
# (issue #4 §7): bench/intake_rss.py drives the real client on an 80x24 pty
# under /usr/bin/time -v against a hotlined on a temporary database; each
# ticket is typed in full (咨询, title, content, 办事指南咨询, 直接办结,
# reply), submitted with M-s, its closing panel closed.  VmRSS / VmHWM of
# the client (/proc/PID/status) after 0 tickets and at MARKS, the peak
# from /usr/bin/time, and a check through the API (GET /v1/tickets?q=)
# that exactly COUNT tickets with this run's title prefix exist.
#
#   bench/intake_rss.sh                  200 tickets (about 1 s each)
#   COUNT=20 MARKS=5,10 bench/intake_rss.sh
#
# Needs: build/hotline, build/hotlined (make), /usr/bin/time, python3, curl.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

COUNT=${COUNT:-200}
MARKS=${MARKS:-50,100,150,200}
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
case $COUNT in '' | *[!0-9]* | 0) die "COUNT must be a number > 0" ;; esac

need curl
[ -x /usr/bin/time ] || die "needs /usr/bin/time (apt-get install time)"
[ -x "$HOTLINE" ] || die "no $HOTLINE (run make)"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_init
start_server
note "hotlined at $SERVER_URL (pid $SERVER_PID)"
printf 'demo\n' >"$BENCH_TMP/pw"
chmod 600 "$BENCH_TMP/pw"

echo "intake form, client RSS while recording $COUNT tickets (80x24 pty)"
"$PY" "$ROOT/bench/intake_rss.py" "$SERVER_URL" "$HOTLINE" "$BENCH_TMP/pw" \
	"$BENCH_TMP/time.txt" "$COUNT" "$MARKS" "压测RSS$$-" ||
	die "the client run failed"
echo "hotlined RSS after the run: $(awk '/^VmRSS/ {print $2, $3}' \
	"/proc/$SERVER_PID/status")"
echo "load average: before $LOAD0, after $(cut -d' ' -f1-3 /proc/loadavg)"
