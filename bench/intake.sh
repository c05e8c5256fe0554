#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Key press in the intake form → the field redrawn (issue #4 §7), measured
# from outside with the real client on a pty (bench/intake.py): the time
# from writing one key to the pty until the client's output containing its
# echo (or, in a picker, the repainted list) has been read.  Cases: ASCII
# and Chinese text in the single-line title and in the multi-line content
# area, and pinyin initials in the category (gjj) and town (dc) pickers;
# N samples each, on an 80x24 and a 200x60 terminal.
#
# Measured twice for every key: from outside, above, and in the client
# itself (HOTLINE_KEY_TIMING, tui/loop.c): from the moment curses hands the
# key over to the end of its handling (the draft journal included) and to
# the end of the paint that shows it (doupdate returned).
#
# The client saves the draft journal (two fsyncs) on every change, before
# it paints, so the figures depend on the disk.  A third run keeps the
# client's state directory on tmpfs (/dev/shm) at 80x24: the same keys
# without the fsync cost, i.e. the client's own floor.  FLOOR=0 skips it.
#
#   bench/intake.sh                  N=500 per case
#   N=100 bench/intake.sh            quick
#
# Needs: build/hotline, build/hotlined (make), python3, curl.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

N=${N:-500}
FLOOR=${FLOOR:-1}
SIZES=${SIZES:-"80x24 200x60"}
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
case $N in '' | *[!0-9]* | 0) die "N must be a number > 0" ;; esac

need curl
[ -x "$HOTLINE" ] || die "no $HOTLINE (run make)"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_init
SHM=
intake_cleanup() { [ -n "$SHM" ] && rm -rf "$SHM"; bench_cleanup; }
trap intake_cleanup EXIT
start_server
note "hotlined at $SERVER_URL (pid $SERVER_PID)"
printf 'demo\n' >"$BENCH_TMP/pw"
chmod 600 "$BENCH_TMP/pw"

echo "intake form, key -> field redrawn, N=$N per case; $(nproc) cores;" \
	"state dir on $(df -T "$XDG_STATE_HOME" | awk 'NR == 2 {print $2}')"
fail=0
for size in $SIZES; do
	cols=${size%x*} rows=${size#*x}
	# a fresh state directory per run: no drafts from the run before
	export XDG_STATE_HOME=$BENCH_TMP/state-$size
	mkdir -p "$XDG_STATE_HOME"
	export HOTLINE_KEY_TIMING=$BENCH_TMP/keys-$size.tsv
	"$PY" "$ROOT/bench/intake.py" "$SERVER_URL" "$HOTLINE" \
		"$BENCH_TMP/pw" "$rows" "$cols" "$N" || fail=1
done
if [ "$FLOOR" = 1 ] && [ -d /dev/shm ]; then
	SHM=$(mktemp -d /dev/shm/hotline-bench.XXXXXX) || die "no /dev/shm"
	export XDG_STATE_HOME=$SHM
	export HOTLINE_KEY_TIMING=$SHM/keys.tsv
	echo "the same with the state directory on tmpfs (no fsync cost):"
	"$PY" "$ROOT/bench/intake.py" "$SERVER_URL" "$HOTLINE" \
		"$BENCH_TMP/pw" 24 80 "$N" || fail=1
fi
echo "load average: before $LOAD0, after $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$fail" = 0 ] || die "a client run failed"
