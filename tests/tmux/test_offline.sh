#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the backend goes away and comes back while hotline runs.
# hotline(1) "CONNECTION": while online the connection is checked every
# 10 s; when it fails the status bar says 连接中断, the data stays, the
# screen keeps living; the retries (1, 2, 4 ... 30 s) find the server
# again without any key, and then the list reloads.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

# The status bar is line 28 of the 100x30 pane.
status_line() { capture; sed -n 29p <<<"$T_SCREEN"; }
clock() { status_line | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2} *$' | tr -d ' '; }
ticket_rows() { grep -E '^[A-Z]{2,4}[0-9]{14} ' <<<"$T_SCREEN"; }
# secs_since MS: seconds since the wall-clock time MS, one decimal
secs_since() { _now; local d=$(((_NOW - $1) / 100)); echo "$((d / 10)).$((d % 10))"; }

server_start || bail "hotlined starts"
client_login || bail "log in as $AGENT_USER"
expect "online: the status bar says 已连接" "已连接"
settle
rows_online=$(ticket_rows)
[ -n "$rows_online" ] || bail "the list shows tickets"

# ---- the server stops -------------------------------------------------------------
old_port=$PORT
_now
t_stop=$_NOW
server_stop TERM
if [ "$SERVER_RC" = 0 ]; then
	ok "hotlined exits with status 0 on SIGTERM"
else
	not_ok "hotlined exits with status 0 on SIGTERM (status $SERVER_RC)"
	show_server_log 5
fi
# The periodic check runs every 10 s: allow that plus slack.
if wait_for "连接中断" 15; then
	_now
	ok "offline: the status bar says 连接中断 ($(secs_since "$t_stop") s after the stop)"
else
	not_ok "offline: the status bar says 连接中断 within 15 s"
fi
status=$(status_line)
if [[ $status == *"$AGENT_NAME"* && $status =~ 连接中断,\ ([0-9]+\ 秒后重试|正在重试) ]]; then
	ok "offline: the status bar keeps the agent and shows the retry"
else
	not_ok "offline: the status bar keeps the agent and shows the retry: '$status'"
fi
refute "offline: no longer 已连接" "已连接"
capture
if [ "$(ticket_rows)" = "$rows_online" ]; then
	ok "offline: the list stays on the screen unchanged"
else
	not_ok "offline: the list stays on the screen unchanged"
	show_screen
fi
expect "offline: the header still says 我的工单" "我的工单"

# The clock keeps ticking: it changes twice.
c0=$(clock)
ticks=0
deadline 5
while [ "$ticks" -lt 2 ] && ! past_deadline; do
	c=$(clock)
	if [ -n "$c" ] && [ "$c" != "$c0" ]; then
		ticks=$((ticks + 1))
		c0=$c
	fi
	sleep 0.05
done
if [ -n "$c0" ] && [ "$ticks" -ge 2 ]; then
	ok "offline: the clock keeps ticking (now $c0)"
else
	not_ok "offline: the clock keeps ticking ($ticks changes of '$c0' in 5 s)"
	show_screen
fi

# The keyboard still works: j moves the selection, ? opens the help.
first=$(selected_ticket)
send j
deadline "$T_TIMEOUT"
while sel=$(selected_ticket) && [ "$sel" = "$first" ] && ! past_deadline; do
	sleep 0.02
done
if [ -n "$sel" ] && [ "$sel" != "$first" ]; then
	ok "offline: keys still work (j moved the selection)"
else
	not_ok "offline: keys still work (selection '$first' -> '$sel')"
	show_screen
fi
send '?'
expect "offline: ? opens the help" "按键帮助"
send '?'
expect "offline: and closes it" "我的工单"
expect "offline: still 连接中断" "连接中断"

# ---- the server comes back on the same port and database ------------------------
server_start "$old_port" || bail "hotlined starts again on port $old_port"
if [ "$PORT" = "$old_port" ]; then
	ok "hotlined restarted on the same port ($PORT)"
else
	not_ok "hotlined restarted on the same port ($old_port, got $PORT)"
fi
_now
t_start=$_NOW
# Retries come after 1, 2, 4 ... up to 30 s: usually the next is a few s away.
if wait_for "已连接" 32; then
	_now
	ok "back online without a key: 已连接 ($(secs_since "$t_start") s after the restart)"
else
	not_ok "back online without a key: 已连接 within 32 s"
fi
refute "back online: 连接中断 is gone" "连接中断"
status=$(status_line)
if [[ $status == *"$AGENT_NAME"* ]]; then
	ok "back online: still logged in as $AGENT_NAME (the session survived)"
else
	not_ok "back online: still logged in: '$status'"
fi
refute "back online: not sent to the login screen" "登录已失效"

# ---- refresh works again ---------------------------------------------------------
api_login || not_ok "API login after the restart"
NEW_TITLE="断线重连后刷新测试$$"
body=$(printf '{"channel":"PHONE","appeal_type":"CONSULT","title":"%s","content":"tmux 测试创建","category_code":"0501","urgency":"NORMAL","town_code":"DONGCHENG","address":"东城街道","caller_phone":"13800138000","caller_name":"测试"}' "$NEW_TITLE")
if api POST /v1/tickets "$body" >/dev/null; then
	ok "API: a new ticket created after the restart"
else
	not_ok "API: a new ticket created after the restart"
fi
refute "the new ticket is not shown before refresh" "$NEW_TITLE"
send :
wait_line 29 ":" >/dev/null
type refresh
send Enter
expect ":refresh after the reconnection shows the new ticket" "$NEW_TITLE"
expect "and the status stays 已连接" "已连接"

finish
