#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Client figures:
#  1. "exec to login screen": hyperfine of bench/pty_until.py, which starts
#     build/hotline on a fresh 80x24 pseudo-terminal and stops as soon as the
#     login screen text (登录) is drawn.  The same harness around `printf`
#     is measured too, so the client's own share can be read off.
#     (bench/login_screen.sh is the same measurement through tmux: more
#     realistic, much noisier.)
#  2. max RSS after login: /usr/bin/time -v around the client inside tmux;
#     log in as demo-agent/demo, wait for the workspace (the agent's display
#     name), quit, read "Maximum resident set size".
# A hotlined with the demo seed runs on a temporary database meanwhile.
#
#   bench/client.sh                 RUNS=20 by default
#   RUNS=50 WARMUP=5 bench/client.sh
#
# Needs: build/hotline, build/hotlined, tmux, hyperfine, /usr/bin/time, curl, python3.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
# The display name of demo-agent in data/agents.tsv: the workspace shows it.
AGENT_NAME=$(awk -F'\t' '$1 == "demo-agent" {print $2}' "$ROOT/data/agents.tsv")
AGENT_NAME=${AGENT_NAME:-演示坐席}

need tmux hyperfine curl python3
# The Debian interpreter directly: version-manager shims add ~0.7 s a start.
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
[ -x /usr/bin/time ] || die "needs /usr/bin/time (apt-get install time)"
[ -x "$HOTLINE" ] || die "no $HOTLINE (run make)"
bench_init
start_server
note "hotlined at $SERVER_URL (pid $SERVER_PID)"

# ---- 1. exec to login screen
# A first run outside hyperfine, so a client that never shows the login
# screen fails with its screen printed instead of a bare hyperfine error.
bash "$ROOT/bench/login_screen.sh" "$SERVER_URL" ||
	die "the client did not reach its login screen"
note "hyperfine: $RUNS runs each"
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" \
	--export-json "$BENCH_TMP/hyperfine.json" \
	-n "pty harness baseline" "$PY $ROOT/bench/pty_until.py 登录 10 -- printf 登录" \
	-n "hotline exec to login screen" "$PY $ROOT/bench/pty_until.py 登录 10 -- $HOTLINE --server $SERVER_URL --user demo-agent" \
	>"$BENCH_TMP/hyperfine.txt" 2>&1 || {
	cat "$BENCH_TMP/hyperfine.txt" >&2
	die "hyperfine failed"
}

# ---- 2. max RSS after login
sock=$BENCH_TMP/rss.tmux
tm() { tmux -u -S "$sock" -f /dev/null "$@"; }
tm_cleanup() { tm kill-server >/dev/null 2>&1; bench_cleanup; }
trap tm_cleanup EXIT
TIMEF=$BENCH_TMP/time.txt
screen_has() { tm capture-pane -p -t r 2>/dev/null | grep -qF -- "$1"; }
rss_done() { grep -q 'Maximum resident set size' "$TIMEF" 2>/dev/null; }
show_screen() { echo "---- screen:" >&2; tm capture-pane -p -t r >&2 2>/dev/null; }

tm new-session -d -s r -x 80 -y 24 -- /usr/bin/time -v -o "$TIMEF" \
	"$HOTLINE" --server "$SERVER_URL" --user demo-agent || die "tmux failed"
wait_for 10 screen_has 登录 || { show_screen; die "no login screen"; }
tm send-keys -t r -l demo
tm send-keys -t r Enter
wait_for 15 screen_has "$AGENT_NAME" || { show_screen; die "no workspace showing $AGENT_NAME after login"; }
# Quit: ":quit" Enter (always there), then F10, then q, until it has exited.
for keys in ":quit" F10 q; do
	# the client may exit half-way: then tmux has gone, which is fine
	if [ "$keys" = ":quit" ]; then
		tm send-keys -t r -l ":quit" 2>/dev/null
		tm send-keys -t r Enter 2>/dev/null
	else
		tm send-keys -t r "$keys" 2>/dev/null
	fi
	wait_for 3 rss_done && break
done
rss_done || { show_screen; die "the client did not quit (:quit, F10, q)"; }
RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TIMEF")
STATUS=$(awk -F': ' '/Exit status/ {print $2}' "$TIMEF")

# ---- report
python3 - "$BENCH_TMP/hyperfine.json" "$RUNS" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
print("client benchmark: hyperfine, %s runs, 80x24 pty" % sys.argv[2])
print("%-30s %10s %10s %10s %10s" % ("command", "mean ms", "stddev", "min ms", "max ms"))
for name, r in res.items():
    print("%-30s %10.1f %10.1f %10.1f %10.1f" % (name, r["mean"] * 1e3,
          (r["stddev"] or 0) * 1e3, r["min"] * 1e3, r["max"] * 1e3))
b = res.get("harness baseline")
c = res.get("hotline exec to login screen")
if b and c:
    print("client's own share: %.1f ms (difference of means), %.1f ms "
          "(difference of minimums, steadier on a busy machine)"
          % ((c["mean"] - b["mean"]) * 1e3, (c["min"] - b["min"]) * 1e3))
PY
echo "max RSS of the client after login and quit: $RSS_KB kB ($((RSS_KB / 1024)) MiB); exit status $STATUS"
echo "load average before/after: $LOAD0 / $(cut -d' ' -f1-3 /proc/loadavg)"
