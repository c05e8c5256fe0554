#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One "exec to login screen" run, the command that bench/client.sh times
# with hyperfine: start the client in a private tmux server at 80x24, poll
# the pane until the login screen text appears, kill the tmux server.
# Exits 1 when the text does not appear within LOGIN_DEADLINE seconds.
#
#   bench/login_screen.sh URL            build/hotline --server URL --user demo-agent
#   bench/login_screen.sh --baseline     a stand-in that prints the text at
#                                        once: the cost of the harness itself
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
HOTLINE=${HOTLINE:-$ROOT/$BUILD/hotline}
TEXT=${LOGIN_TEXT:-登录}
DEADLINE=${LOGIN_DEADLINE:-10}

[ $# -eq 1 ] || { echo "usage: $0 URL | --baseline" >&2; exit 2; }
if [ "$1" = --baseline ]; then
	cmd=(sh -c "printf '%s\n' '$TEXT'; exec sleep 60")
else
	cmd=("$HOTLINE" --server "$1" --user demo-agent)
fi

# A socket path of our own (not -L): nothing is left in /tmp/tmux-UID.
sock=${TMPDIR:-/tmp}/hotline-bench-$$-$RANDOM.tmux
tm() { tmux -u -S "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -f "$sock"' EXIT

tm new-session -d -s b -x 80 -y 24 -- "${cmd[@]}" || exit 1
end=$((SECONDS + DEADLINE))
while :; do
	screen=$(tm capture-pane -p -t b 2>/dev/null) || exit 1 # client died
	case $screen in *"$TEXT"*) exit 0 ;; esac
	[ "$SECONDS" -ge "$end" ] && break
	sleep 0.005
done
echo "login_screen: no '$TEXT' within ${DEADLINE}s; screen was:" >&2
printf '%s\n' "$screen" >&2
exit 1
