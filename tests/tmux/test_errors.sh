#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: hotline's start-up paths other than the happy one.
# --version/--help/--dump-keys and a wrong option (no terminal needed);
# a non-UTF-8 locale (hotline(1): it then tries C.UTF-8; on this system
# C.UTF-8 always exists, so the refusal itself cannot be arranged and only
# the fallback is tested); TERM dumb/unset/unknown (a clear message, exit 1,
# the terminal left as it was); no terminal at all; a bad rc file line
# (reported as hotlinerc:1: on the bottom line, loading continues, the
# client works); NO_COLOR.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

# run_direct ARGS...: the client outside tmux with a clean environment;
# sets OUT, ERR, RC.
run_direct() {
	OUT=$(env -i LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$T_HOME" \
		XDG_CONFIG_HOME="$T_CONFIG" XDG_STATE_HOME="$T_STATE" \
		TERM=xterm-256color "$HOTLINE" "$@" 2>"$T_DIR/err" </dev/null)
	RC=$?
	ERR=$(cat "$T_DIR/err")
}

# ---- options ------------------------------------------------------------------
run_direct --version
if [ "$RC" = 0 ] && [[ $OUT =~ ^hotline\ [0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	ok "--version prints 'hotline X.Y.Z' and exits 0 ($OUT)"
else
	not_ok "--version: status $RC, output '$OUT'"
fi
run_direct --help
if [ "$RC" = 0 ] && grep -q -- '--server URL' <<<"$OUT" &&
	grep -q -- '--user NAME' <<<"$OUT"; then
	ok "--help lists --server and --user, exits 0"
else
	not_ok "--help lists --server and --user: status $RC"
	diag "$OUT"
fi
for o in --password-file --config --dump-keys --version --help; do
	if grep -q -- "$o" <<<"$OUT"; then ok "--help lists $o"; else not_ok "--help lists $o"; fi
done
OUT_EN=$(env -i LANG=en_US.UTF-8 "$HOTLINE" --help 2>&1)
check "--help in English when LANG=en_US.UTF-8" grep -q '^usage: hotline' <<<"$OUT_EN"
run_direct --dump-keys
if [ "$RC" = 0 ] && grep -q $'^list\tq\tquit\t.' <<<"$OUT"; then
	ok "--dump-keys lists 'list q quit <help>', exits 0"
else
	not_ok "--dump-keys lists quit: status $RC"
fi
bad=$(awk -F '\t' 'NF != 4' <<<"$OUT" | head -n 3)
if [ -z "$bad" ] && [ "$(wc -l <<<"$OUT")" -ge 20 ]; then
	ok "--dump-keys: $(wc -l <<<"$OUT") lines, all with 4 tab-separated fields"
else
	not_ok "--dump-keys: 4 tab-separated fields per line: '$bad'"
fi
run_direct --no-such-option
if [ "$RC" = 2 ] && grep -q -- '--no-such-option' <<<"$ERR"; then
	ok "an unknown option: exit 2, named on stderr"
else
	not_ok "an unknown option: exit 2 (got $RC), stderr '$ERR'"
fi
run_direct --server
if [ "$RC" = 2 ]; then ok "a missing option argument: exit 2"
else not_ok "a missing option argument: exit 2 (got $RC)"; fi
run_direct
if [ "$RC" = 1 ] && grep -q 'standard input and output must be a terminal' <<<"$ERR"; then
	ok "not a terminal: exit 1 with a clear message"
else
	not_ok "not a terminal: exit 1 with a clear message (got $RC: '$ERR')"
fi

server_start || bail "hotlined starts"

# ---- TERM: dumb, unset, unknown -----------------------------------------------------
# refused NAME EN_MESSAGE ZH_MESSAGE [client_start options]: the client
# must end at once with status 1, print the message in both languages, and
# leave the terminal as it was.
refused() {
	local name=$1 msg=$2 zh=$3 lines
	shift 3
	CLIENT_HOLD=1 client_start "$@" -- --server "$URL"
	if ! client_wait_exit; then
		not_ok "$name: the client ends"
		client_release
		return
	fi
	if [ "$CLIENT_RC" = 1 ]; then ok "$name: exit status 1"
	else not_ok "$name: exit status 1 (got $CLIENT_RC)"; fi
	capture -S -
	if grep -qF -- "$msg" <<<"$T_SCREEN" && grep -qF -- "$zh" <<<"$T_SCREEN"; then
		ok "$name: says \"$msg\" and \"$zh\""
	else
		not_ok "$name: says \"$msg\" and \"$zh\""
		show_screen
	fi
	# Nothing else on the terminal: the message (both languages) and the
	# wrapper's own line; no escape sequences, the modes untouched.
	lines=$(grep -v '^$' <<<"$T_SCREEN" | grep -vc -e '^hotline: ' -e '^\[client exited: ')
	if [ "$lines" = 0 ] && [ "$(grep -c '^hotline: ' <<<"$T_SCREEN")" = 2 ]; then
		ok "$name: only the two message lines on the terminal"
	else
		not_ok "$name: only the two message lines on the terminal"
		show_screen
	fi
	if ! tm capture-pane -p -e -S - -t "$T_SESSION" | grep -q $'\e\\[[0-9;]*[1-9][0-9;]*m'; then
		ok "$name: no attributes or colours left behind"
	else
		not_ok "$name: no attributes or colours left behind"
	fi
	check "$name: terminal modes unchanged (stty -g)" stty_restored
	if [ "$(fmt '#{alternate_on}')" = 0 ] && [ "$(fmt '#{cursor_flag}')" = 1 ]; then
		ok "$name: no alternate screen, cursor visible"
	else
		not_ok "$name: no alternate screen, cursor visible"
	fi
	client_release
	if pane_wait_dead && [ "$PANE_STATUS" = 1 ]; then
		ok "$name: pane_dead_status 1"
	else
		not_ok "$name: pane_dead_status 1 (got '$PANE_STATUS')"
	fi
}
refused "TERM=dumb" "TERM is unset or dumb" "TERM 未设置或为 dumb" TERM=dumb
refused "TERM unset" "TERM is unset or dumb" "TERM 未设置或为 dumb" -u TERM
refused "TERM unknown" "terminal type unknown to terminfo: no-such-terminal-xyz" \
	"terminfo 中没有此终端类型: no-such-terminal-xyz" TERM=no-such-terminal-xyz

# ---- locales that are not UTF-8: the client falls back to C.UTF-8 -----------------
for loc in "LANG=C LC_ALL=C" "LC_ALL=POSIX" "LANG=C.UTF-8 LC_ALL= LC_CTYPE=C"; do
	# shellcheck disable=SC2086 # the words are VAR=VALUE assignments
	client_start $loc -- --server "$URL"
	# The login screen is drawn when the (ASCII) server URL shows; the
	# Chinese must be there in the same frame.
	wait_for "$URL" >/dev/null
	if wait_for "工号" 2 && wait_for "密码" 1 && wait_for "已连接"; then
		ok "$loc: falls back to C.UTF-8, the Chinese login screen shows"
	else
		not_ok "$loc: falls back to C.UTF-8, the Chinese login screen shows"
		continue
	fi
	type "$AGENT_USER"
	send Tab
	type "$AGENT_PASS"
	send Enter
	expect "$loc: login works, the Chinese list shows" "我的工单 | 共 "
	expect "$loc: the display name in Chinese" "$AGENT_NAME"
done

# ---- a bad line in the rc file --------------------------------------------------------
mkdir -p "$T_CONFIG/hotline"
printf 'bind nowhere x quit\nset language en\n' >"$T_CONFIG/hotline/hotlinerc"
run_direct --dump-keys
if [ "$RC" = 0 ] && grep -q 'hotlinerc:1:' <<<"$ERR" && grep -q $'^list\tq\tquit\t' <<<"$OUT"; then
	ok "bad rc line: --dump-keys reports hotlinerc:1: on stderr and still lists"
else
	not_ok "bad rc line: --dump-keys reports hotlinerc:1: (status $RC, stderr '$ERR')"
fi
client_start -- --server "$URL"
expect "bad rc line: hotlinerc:1: is shown after start" "hotlinerc:1:"
capture
if grep -q 'hotlinerc:1:' <<<"$(sed -n '28,30p' <<<"$T_SCREEN")"; then
	ok "bad rc line: the error is at the bottom (status/message line)"
else
	not_ok "bad rc line: the error is at the bottom (status/message line)"
	show_screen
fi
expect "bad rc line: loading went on (line 2, set language en: Log in)" "Log in"
type "$AGENT_USER"
send Tab
type "$AGENT_PASS"
send Enter
expect "bad rc line: the client works (login, My tickets)" "My tickets | "
expect "bad rc line: online" "online"
rm -f "$T_CONFIG/hotline/hotlinerc"

# ---- NO_COLOR ----------------------------------------------------------------------------
# colour_sgr: the screen has colour SGR codes (30-37, 40-47, 38/48, 90-107).
colour_sgr() {
	screen_e | grep -qE $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'
}
client_start -- --server "$URL"
wait_for "工号" >/dev/null
if colour_sgr; then ok "control: without NO_COLOR the screen has colours"
else not_ok "control: without NO_COLOR the screen has colours"; fi
client_start NO_COLOR=1 -- --server "$URL" --user "$AGENT_USER"
expect "NO_COLOR=1: the client runs (login screen)" "密码"
type "$AGENT_PASS"
send Enter
expect "NO_COLOR=1: login works, the list shows" "我的工单 | 共 "
if colour_sgr; then
	not_ok "NO_COLOR=1: no colour codes on the screen"
	screen_e | grep -oE $'\e\\[[0-9;]*m' | sort | uniq -c | sed 's/\x1b/ESC/; s/^/# /'
else
	ok "NO_COLOR=1: no colour codes on the screen"
fi
# Without colours a highlighted row can only be reverse video.
sel=$(selected_ticket)
capture
first=$(grep -oE -m 1 '^[A-Z]{2,4}[0-9]{14}' <<<"$T_SCREEN")
if [ -n "$sel" ] && [ "$sel" = "$first" ]; then
	ok "NO_COLOR=1: the selected (first) row is in reverse video ($sel)"
else
	not_ok "NO_COLOR=1: the selected row is in reverse video ('$sel', first '$first')"
	show_screen
fi

finish
