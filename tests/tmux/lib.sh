# SPDX-License-Identifier: GPL-3.0-or-later
# tests/tmux/lib.sh - helpers for the black-box terminal tests of hotline.
#
# A suite does
#	cd "$(dirname "$0")/../.." || exit 2
#	. tests/tmux/lib.sh
# and then starts its own hotlined (server_start) and the client inside a
# private tmux server (client_start / client_login), drives it with
# send/type, and checks the screen with wait_for/wait_gone/expect.
# Everything the suite started is killed and every temporary file removed
# on any way out (EXIT/INT/TERM/HUP trap).
#
# Timing: nothing sleeps blindly; every wait polls (about every 20 ms) up
# to a deadline, T_TIMEOUT seconds by default (10; raise it for slow
# builds, e.g. T_TIMEOUT=30 BUILD=build/asan).
#
# Output follows the suite protocol of tests/lint/lib.sh (ok / not_ok /
# finish); diagnostics are printed as lines starting with "# ".

. tests/lint/lib.sh

REPO=$PWD
BUILD=${BUILD:-build}
case $BUILD in
/*) T_BUILD=$BUILD ;;
*) T_BUILD=$REPO/$BUILD ;;
esac
HOTLINE=$T_BUILD/hotline
HOTLINED=$T_BUILD/hotlined
T_TIMEOUT=${T_TIMEOUT:-10}

# Never talk to the tmux server of whoever runs the tests; count
# characters (and let python read the captures) in UTF-8.
unset TMUX TMUX_PANE
export LANG=C.UTF-8 LC_ALL=C.UTF-8

T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hotline-tmux.XXXXXX") || exit 2
T_SOCK=hotline-test-$$
T_SESSION=hl
T_HOME=$T_DIR/home
T_CONFIG=$T_DIR/config
T_STATE=$T_DIR/state
mkdir -p "$T_HOME" "$T_CONFIG" "$T_STATE"

SERVER_PID=
PORT=
URL=
API_TOKEN=
T_SCREEN=
CLIENT_RC=
AGENT_USER=demo-agent
AGENT_PASS=demo
AGENT_NAME=$(awk -F '\t' '$1 == "demo-agent" { print $2 }' data/agents.tsv)

# ---- clean-up ------------------------------------------------------------

tm() { tmux -L "$T_SOCK" -f /dev/null "$@"; }

t_cleanup() {
	tm kill-server >/dev/null 2>&1
	# tmux leaves its socket file behind
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$T_SOCK"
	server_kill
	rm -rf "$T_DIR"
}
trap t_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- time ----------------------------------------------------------------

# Sets _NOW to the wall clock in milliseconds (no subshell).
_now() {
	_NOW=${EPOCHREALTIME//[.,]/}
	_NOW=$((_NOW / 1000))
}

# deadline SECONDS: sets _END (ms); SECONDS may have a fraction (e.g. 2.5).
deadline() {
	local s=$1 whole frac
	whole=${s%%.*}
	frac=0
	[[ $s == *.* ]] && { frac=${s#*.}000; frac=$((10#${frac:0:3})); }
	_now
	_END=$((_NOW + 10#${whole:-0} * 1000 + frac))
}
past_deadline() { _now; ((_NOW >= _END)); }

# ---- diagnostics ---------------------------------------------------------

# diag TEXT...: lines prefixed with "# ".
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# Print the current screen (and, if it helps, the server's last lines).
show_screen() {
	diag "---- screen ($(tm display -p -t "$T_SESSION" \
		'#{window_width}x#{window_height}, cursor #{cursor_x},#{cursor_y}, dead #{pane_dead}' 2>/dev/null))"
	if pane_dead; then # what the client printed may have scrolled off
		tm capture-pane -p -S - -t "$T_SESSION" 2>/dev/null
	else
		tm capture-pane -p -t "$T_SESSION" 2>/dev/null
	fi | sed 's/^/# |/'
	diag "---- end of screen"
}
show_server_log() {
	[ -f "$T_DIR/hotlined.log" ] || return 0
	diag "---- last lines of the hotlined log"
	tail -n "${1:-5}" "$T_DIR/hotlined.log" | sed 's/^/# /'
}

# ---- hotlined ------------------------------------------------------------

# server_start [PORT]: hotlined on a fresh (or the existing) temp database,
# 127.0.0.1:PORT (0: any free port), with the extra options of the array
# HOTLINED_ARGS if the suite set it (e.g. --ring-timeout 60).  Sets
# SERVER_PID, PORT, URL.  Waits until /v1/health answers.  Returns
# non-zero (with the log) on failure.
HOTLINED_ARGS=("${HOTLINED_ARGS[@]}")
server_start() {
	local want=${1:-0} p
	deadline $((T_TIMEOUT * 3))
	while :; do
		p=
		rm -f "$T_DIR/port"
		"$HOTLINED" --db "$T_DIR/h.db" --seed demo --data-dir "$REPO/data" \
			--listen "127.0.0.1:$want" --port-file "$T_DIR/port" \
			--log-level info "${HOTLINED_ARGS[@]}" \
			>>"$T_DIR/hotlined.log" 2>&1 &
		SERVER_PID=$!
		while :; do
			if ! server_alive; then
				wait "$SERVER_PID" 2>/dev/null
				SERVER_PID=
				# a fixed port may still be held: try again
				[ "$want" != 0 ] || break 2
				break
			fi
			if [ -z "$p" ] && [ -s "$T_DIR/port" ]; then
				p=$(cat "$T_DIR/port")
			fi
			if [ -n "$p" ] && curl -fsS --noproxy '*' -m 2 \
				"http://127.0.0.1:$p/v1/health" >/dev/null 2>&1; then
				PORT=$p
				URL=http://127.0.0.1:$PORT
				return 0
			fi
			past_deadline && break 2
			sleep 0.02
		done
		past_deadline && break
		sleep 0.1
	done
	diag "hotlined did not come up on 127.0.0.1:$want"
	show_server_log 15
	server_kill
	return 1
}

# True while the server process exists and is not a zombie.
server_alive() {
	local st
	[ -n "$SERVER_PID" ] && [ -r "/proc/$SERVER_PID/stat" ] || return 1
	st=$(cut -d ' ' -f 3 "/proc/$SERVER_PID/stat" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ]
}

# server_stop [SIGNAL]: SIGTERM (default) and wait up to T_TIMEOUT s, then
# SIGKILL.  Sets SERVER_RC (the exit status; 128+n when killed by n).
SERVER_RC=
server_stop() {
	local sig=${1:-TERM}
	SERVER_RC=
	[ -n "$SERVER_PID" ] || return 0
	kill "-$sig" "$SERVER_PID" 2>/dev/null
	deadline "$T_TIMEOUT"
	while server_alive && ! past_deadline; do
		sleep 0.02
	done
	if server_alive; then
		diag "hotlined did not stop on SIG$sig; killing it"
		kill -KILL "$SERVER_PID" 2>/dev/null
	fi
	wait "$SERVER_PID" 2>/dev/null
	SERVER_RC=$?
	SERVER_PID=
}
server_kill() {
	[ -n "$SERVER_PID" ] || return 0
	kill -KILL "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
}
# server_restart: stop and start again on the same port and database.
server_restart() {
	local p=$PORT
	server_stop && server_start "$p"
}

# ---- the API (for expected values) ---------------------------------------

# api_login [USER [PASS]]: sets API_TOKEN.
api_login() {
	local body
	body=$(printf '{"username":"%s","password":"%s"}' "${1:-$AGENT_USER}" \
		"${2:-$AGENT_PASS}")
	API_TOKEN=$(curl -fsS --noproxy '*' -m 10 -X POST \
		-H 'Content-Type: application/json' -d "$body" \
		"$URL/v1/sessions" | python3 -c \
		'import json, sys; print(json.load(sys.stdin)["token"])') || return 1
	[ -n "$API_TOKEN" ]
}
# api METHOD PATH [JSON]: the response body on stdout; fails on HTTP >= 400.
api() {
	local m=$1 path=$2
	shift 2
	curl -fsS --noproxy '*' -m 10 -X "$m" -H "Authorization: Bearer $API_TOKEN" \
		${1:+-H 'Content-Type: application/json' -d "$1"} "$URL$path"
}

# ---- the client in tmux --------------------------------------------------

# client_start [VAR=VALUE | -u VAR]... [--] [HOTLINE ARGS...]
# Runs $HOTLINE in a new 100x30 tmux session with a clean environment:
# LANG/LC_ALL=C.UTF-8, TERM=xterm-256color, TZ=UTC, HOME and XDG_* under
# the temp dir, *SAN_OPTIONS passed on, INPUTRC and everything else
# unset.  VAR=VALUE adds or overrides a variable, -u VAR leaves one out.
# A wrapper records the terminal modes before and after (stty -g) and the
# exit status; with CLIENT_HOLD=1 it then waits until client_release
# before it ends.  The pane stays after the end (remain-on-exit) so the
# status can be read.
client_start() {
	local -A env=()
	local order=(LANG LC_ALL TERM TZ HOME XDG_CONFIG_HOME XDG_STATE_HOME PATH)
	local k v args=() envs=()
	env[LANG]=C.UTF-8 env[LC_ALL]=C.UTF-8 env[TERM]=xterm-256color
	env[TZ]=UTC env[HOME]=$T_HOME env[XDG_CONFIG_HOME]=$T_CONFIG
	env[XDG_STATE_HOME]=$T_STATE env[PATH]=/usr/bin:/bin
	for k in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do # sanitizer builds
		[ -n "${!k:-}" ] && env[$k]=${!k} && order+=("$k")
	done
	while (($#)); do
		if [ "$1" = -- ]; then
			shift
			break
		elif [ "$1" = -u ] && [ $# -ge 2 ]; then
			unset "env[$2]"
			shift 2
		elif [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
			k=${1%%=*} v=${1#*=}
			[ -n "${env[$k]+x}" ] || order+=("$k")
			env[$k]=$v
			shift
		else
			break
		fi
	done
	args=("$@")
	for k in "${order[@]}"; do
		[ -n "${env[$k]+x}" ] && envs+=("$k=${env[$k]}")
	done
	rm -f "$T_DIR/stty.before" "$T_DIR/stty.after" "$T_DIR/client.rc" \
		"$T_DIR/hold"
	[ "${CLIENT_HOLD:-0}" = 1 ] && : >"$T_DIR/hold"
	{
		echo '#!/bin/bash'
		printf 'd=%q\n' "$T_DIR"
		echo 'stty -g >"$d/stty.before" 2>/dev/null'
		printf 'env -i'
		printf ' %q' "${envs[@]}" "$HOTLINE" "${args[@]}"
		printf '\n'
		echo 'rc=$?'
		echo 'stty -g >"$d/stty.after" 2>/dev/null'
		echo 'printf "[client exited: %d]\n" "$rc"'
		echo 'echo "$rc" >"$d/client.rc"'
		echo 'n=0; while [ -e "$d/hold" ] && [ $n -lt 3000 ]; do sleep 0.02; n=$((n + 1)); done'
		echo 'exit "$rc"'
	} >"$T_DIR/run-client.sh"
	CLIENT_RC=
	tm kill-session -t "$T_SESSION" >/dev/null 2>&1
	tm start-server \; set-option -g remain-on-exit on \; \
		new-session -d -s "$T_SESSION" -x 100 -y 30 -c "$REPO" \
		"exec bash $(printf %q "$T_DIR/run-client.sh")"
}
client_release() { rm -f "$T_DIR/hold"; }

# client_login [client_start options]: start with --user demo-agent, type
# the password, wait for the ticket list.  Returns non-zero on failure.
client_login() {
	client_start "$@" -- --server "$URL" --user "$AGENT_USER"
	wait_for "${MSG_PASSWORD:-密码}" || return 1
	type "$AGENT_PASS"
	send Enter
	wait_for "${AGENT_NAME}" && wait_for "我的工单 | 共 " && settle
}

# capture [tmux capture-pane options]: the screen into T_SCREEN.
capture() { T_SCREEN=$(tm capture-pane -p -t "$T_SESSION" "$@" 2>/dev/null); }
screen() { tm capture-pane -p -t "$T_SESSION" "$@"; }
# The screen with attributes (SGR escapes), for the highlighted row.
screen_e() { tm capture-pane -p -e -t "$T_SESSION"; }
# The whole pane including what scrolled off (after the client ended).
screen_all() { tm capture-pane -p -S - -t "$T_SESSION"; }
# line N (0-based) of the screen
screen_line() { screen | sed -n "$(($1 + 1))p"; }
# fmt FORMAT: a tmux format of the pane, e.g. '#{pane_dead}'
fmt() { tm display -p -t "$T_SESSION" "$1"; }
cursor_pos() { fmt '#{cursor_x},#{cursor_y}'; }
pane_dead() { [ "$(fmt '#{pane_dead}')" = 1 ]; }

send() { tm send-keys -t "$T_SESSION" "$@"; }
# type TEXT: literal text (also Chinese), no key-name lookup
type() { tm send-keys -t "$T_SESSION" -l -- "$1"; }
resize() { tm resize-window -t "$T_SESSION" -x "$1" -y "$2"; }

# wait_for TEXT [SECONDS]: poll until TEXT is on the screen.  On time-out
# (or when the client ended without showing it) print the screen, fail.
wait_for() {
	local text=$1 secs=${2:-$T_TIMEOUT} out dead
	deadline "$secs"
	while :; do
		out=$(tm capture-pane -p -t "$T_SESSION" \; \
			display -p -t "$T_SESSION" '#{pane_dead}' 2>/dev/null)
		dead=${out##*$'\n'}
		T_SCREEN=${out%$'\n'*}
		[[ $T_SCREEN == *"$text"* ]] && return 0
		[ "$dead" = 1 ] && break
		past_deadline && break
		sleep 0.02
	done
	diag "waited ${secs}s for \"$text\"$([ "$dead" = 1 ] && echo ' (the client ended)')"
	show_screen
	return 1
}

# wait_re REGEX [SECONDS]: poll until a screen line matches the ERE.
wait_re() {
	local re=$1 secs=${2:-$T_TIMEOUT}
	deadline "$secs"
	while :; do
		capture
		grep -qE -- "$re" <<<"$T_SCREEN" && return 0
		past_deadline && break
		sleep 0.02
	done
	diag "waited ${secs}s for a line matching /$re/"
	show_screen
	return 1
}

# settle [SECONDS]: wait until two captures 50 ms apart are the same (a
# frame may reach tmux in pieces); T_SCREEN holds the settled screen.
settle() {
	local secs=${1:-$T_TIMEOUT} prev
	deadline "$secs"
	capture
	prev=$T_SCREEN
	while :; do
		sleep 0.05
		capture
		[ "$T_SCREEN" = "$prev" ] && return 0
		prev=$T_SCREEN
		past_deadline && break
	done
	diag "the screen did not settle in ${secs}s"
	return 1
}

# wait_gone TEXT [SECONDS]: poll until TEXT is no longer on the screen.
wait_gone() {
	local text=$1 secs=${2:-$T_TIMEOUT}
	deadline "$secs"
	while :; do
		capture
		[[ $T_SCREEN != *"$text"* ]] && return 0
		past_deadline && break
		sleep 0.02
	done
	diag "waited ${secs}s for \"$text\" to go away"
	show_screen
	return 1
}

# wait_line N TEXT [SECONDS]: poll until screen line N (0-based) contains TEXT.
wait_line() {
	local n=$1 text=$2 secs=${3:-$T_TIMEOUT} line
	deadline "$secs"
	while :; do
		capture
		line=$(sed -n "$((n + 1))p" <<<"$T_SCREEN")
		[[ $line == *"$text"* ]] && return 0
		past_deadline && break
		sleep 0.02
	done
	diag "waited ${secs}s for \"$text\" on line $n"
	show_screen
	return 1
}

# wait_cursor X,Y [SECONDS]
wait_cursor() {
	local want=$1 secs=${2:-$T_TIMEOUT} got
	deadline "$secs"
	while :; do
		got=$(cursor_pos)
		[ "$got" = "$want" ] && return 0
		past_deadline && break
		sleep 0.02
	done
	diag "cursor at $got, wanted $want"
	show_screen
	return 1
}

# client_wait_exit [SECONDS]: wait until the client has ended (the wrapper
# wrote its status; with CLIENT_HOLD the pane is still alive).  Sets
# CLIENT_RC.
client_wait_exit() {
	local secs=${1:-$T_TIMEOUT}
	deadline "$secs"
	while [ ! -s "$T_DIR/client.rc" ]; do
		if past_deadline; then
			diag "the client did not end within ${secs}s"
			show_screen
			return 1
		fi
		sleep 0.02
	done
	CLIENT_RC=$(cat "$T_DIR/client.rc")
}

# pane_wait_dead [SECONDS]: wait until the pane's process (the wrapper,
# which exits with the client's status) is gone; sets PANE_STATUS.
PANE_STATUS=
pane_wait_dead() {
	local secs=${1:-$T_TIMEOUT} d
	deadline "$secs"
	while :; do
		# pane_dead turns 1 when the pty closes, the status only once
		# tmux has reaped the process (tmux/tmux#4841): wait for both.
		# Debian's tmux is built with libutempter, whose own SIGCHLD
		# handler can swallow the signal of a child that ends early,
		# leaving a zombie nobody reaps (tmux/tmux#311): nudge the
		# tmux server (by its pid) with a SIGCHLD of its own.
		d=$(fmt '#{pane_dead} #{pane_dead_status} #{pid}')
		if [[ $d =~ ^1\ ([0-9]+)\  ]]; then
			PANE_STATUS=${BASH_REMATCH[1]}
			return 0
		fi
		if [[ $d =~ ^1\ \ ([0-9]+)$ ]]; then
			kill -CHLD "${BASH_REMATCH[1]}" 2>/dev/null
		fi
		if past_deadline; then
			diag "the pane has not ended after ${secs}s (dead, status: $d)"
			show_screen
			return 1
		fi
		sleep 0.02
	done
}

# True when the client left the terminal modes as it found them.
stty_restored() {
	[ -s "$T_DIR/stty.before" ] && [ -s "$T_DIR/stty.after" ] &&
		cmp -s "$T_DIR/stty.before" "$T_DIR/stty.after"
}

# ---- checks --------------------------------------------------------------

# expect NAME TEXT [SECONDS]: ok when TEXT shows up in time.
expect() {
	if wait_for "$2" "${3:-$T_TIMEOUT}"; then ok "$1"; else not_ok "$1"; fi
}
# expect_gone NAME TEXT [SECONDS]
expect_gone() {
	if wait_gone "$2" "${3:-$T_TIMEOUT}"; then ok "$1"; else not_ok "$1"; fi
}
# refute NAME TEXT: ok when TEXT is not on the screen right now.
refute() {
	capture
	if [[ $T_SCREEN != *"$2"* ]]; then
		ok "$1"
	else
		not_ok "$1: \"$2\" is on the screen"
		show_screen
	fi
}
# bail NAME: a setup step failed; count it and stop the suite.
bail() {
	not_ok "$1"
	finish
	exit 1
}

# ---- screen analysis (python: display columns, attributes) ---------------

# dcol_of TEXT: reads lines on stdin; prints, per line containing TEXT,
# the display column (0-based, East Asian wide = 2) where TEXT starts.
dcol_of() {
	python3 -c '
import sys, unicodedata
needle = sys.argv[1]
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)
for line in sys.stdin.read().split("\n"):
    i = line.find(needle)
    if i >= 0:
        print(w(line[:i]))
' "$1"
}

# list_alignment MAXWIDTH: reads a screen of the ticket list on stdin and
# checks, by display columns, that on every ticket row the state cell
# starts under the heading 状态 and the title under 标题, and that no row
# is wider than MAXWIDTH.  Prints "ROWS n STATE c TITLE c", then one
# "FAIL why" line per bad row.
list_alignment() {
	python3 -c '
import re, sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
maxw = int(sys.argv[1])
lines = sys.stdin.read().split("\n")
head = next((l for l in lines if re.match(r"(工单编号|Ticket no) ", l)), None)
if head is None:
    print("ROWS 0"); print("FAIL no heading row"); sys.exit()
zh = head.startswith("工单编号")
state_col = w(head[:head.index("状态" if zh else "State")])
title_col = w(head[:head.index("标题" if zh else "Title")])
rows = [l for l in lines if re.match(r"[A-Z]{2,4}[0-9]{14} ", l)]
print("ROWS %d STATE %d TITLE %d" % (len(rows), state_col, title_col))
def cell_starts(l, col):
    # a non-space character begins exactly at col, after a space
    x, prev = 0, None
    for c in l:
        if x == col:
            return c != " " and prev == " "
        if x > col:
            return False
        prev = c
        x += w(c)
    return False
for l in rows:
    bad = []
    if not cell_starts(l, state_col):
        bad.append("state cell not at column %d" % state_col)
    if not cell_starts(l, title_col):
        bad.append("title cell not at column %d" % title_col)
    if w(l) > maxw:
        bad.append("%d columns wide" % w(l))
    if bad:
        print("FAIL %s: %s" % (", ".join(bad), l))
' "$1"
}

# highlighted_rows: reads `screen_e` output on stdin; prints the 0-based
# numbers of the lines whose first cell is drawn highlighted (reverse video
# or a non-default background).
highlighted_rows() {
	python3 -c '
import re, sys
sgr = re.compile(r"\x1b\[([0-9;:]*)m")
rev = False
bg = False
for n, line in enumerate(sys.stdin.read().split("\n")):
    first = None
    pos = 0
    for m in sgr.finditer(line):
        if first is None and m.start() > pos:
            first = (rev, bg)
        ps = [p for p in re.split("[;:]", m.group(1))] or ["0"]
        i = 0
        while i < len(ps):
            p = int(ps[i] or 0)
            if p == 0:
                rev = bg = False
            elif p == 7:
                rev = True
            elif p == 27:
                rev = False
            elif 40 <= p <= 47 or 100 <= p <= 107:
                bg = True
            elif p == 49:
                bg = False
            elif p in (38, 48):
                if p == 48:
                    bg = True
                i += 2 if i + 1 < len(ps) and ps[i + 1] == "5" else 4
            i += 1
        pos = m.end()
    if first is None:
        first = (rev, bg)
    if len(sgr.sub("", line).strip()) and (first[0] or first[1]):
        print(n)
'
}

# selected_ticket: the ticket number on the highlighted list row, if any.
selected_ticket() {
	local rows n
	rows=$(screen_e | highlighted_rows)
	capture
	for n in $rows; do
		sed -n "$((n + 1))p" <<<"$T_SCREEN" |
			grep -oE '^[A-Z]{2,4}[0-9]{14}' && return 0
	done
	return 1
}

# ---- the binaries ------------------------------------------------------------
for _b in "$HOTLINE" "$HOTLINED"; do
	if [ ! -x "$_b" ]; then
		not_ok "$_b is built (run make; BUILD=$BUILD)"
		finish
		exit 1
	fi
done
