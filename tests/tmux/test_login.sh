#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the login screen of hotline in a real terminal (tmux).
# The form and its labels, a wrong password (error, stays on the form),
# the password never on screen nor in any file, a good login (the
# workspace with the agent's display name and 已连接), and --user opening
# on the password field.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

server_start || bail "hotlined starts"
[ -n "$AGENT_NAME" ] || bail "demo-agent's display name in data/agents.tsv"

# row_of LABEL: the 0-based screen line where LABEL starts a form row.
row_of() {
	capture
	grep -nE "^ *$1( |\$)" <<<"$T_SCREEN" | head -n 1 | cut -d: -f1 |
		awk '{ print $1 - 1 }'
}

# ---- the form --------------------------------------------------------------
client_start -- --server "$URL"
expect "login screen: title 登录" "登录"
capture
check "login screen: header names the login screen" \
	grep -q '| 登录' <<<"$T_SCREEN"
expect "login screen: field 工号" "工号"
expect "login screen: field 密码" "密码"
expect "login screen: status bar says 未登录" "未登录"
expect "login screen: the server URL is shown" "$URL"
user_row=$(row_of 工号)
pass_row=$(row_of 密码)
if [ -n "$user_row" ] && [ -n "$pass_row" ] && [ "$user_row" -lt "$pass_row" ]; then
	ok "login screen: 工号 above 密码 (lines $user_row, $pass_row)"
else
	not_ok "login screen: 工号 and 密码 rows ('$user_row', '$pass_row')"
fi
pos=$(cursor_pos)
if [ "${pos#*,}" = "$user_row" ]; then
	ok "without --user the cursor starts in 工号"
else
	not_ok "without --user the cursor starts in 工号: cursor $pos, 工号 on line $user_row"
	show_screen
fi

# ---- a wrong password --------------------------------------------------------
PW='Qz8#wrong秘钥Vx'
PW_LEN=${#PW}
type "$AGENT_USER"
expect "typed user name shows in 工号" "$AGENT_USER"
send Tab
type "$PW"
stars=$(printf '%*s' "$PW_LEN" '' | tr ' ' '*')
if wait_line "$pass_row" "$stars"; then
	ok "password field shows one * per character ($PW_LEN)"
else
	not_ok "password field shows one * per character ($PW_LEN)"
fi
capture
for part in "$PW" Qz8 wrong 秘钥 Vx; do
	if [[ $T_SCREEN == *"$part"* ]]; then
		not_ok "typed password never visible: \"$part\" on screen"
		show_screen
	else
		ok "typed password never visible: no \"$part\""
	fi
done
send Enter
expect "wrong password: error 工号或密码错误" "工号或密码错误"
capture
check "wrong password: still on the login screen" grep -q '| 登录' <<<"$T_SCREEN"
refute "wrong password: no workspace" "我的工单"
refute "wrong password: not logged in" "$AGENT_NAME"
refute "wrong password: never visible after submit" "$PW"
refute "wrong password: no part of it visible" "秘钥"
pos=$(cursor_pos)
if [ "${pos#*,}" = "$pass_row" ]; then
	ok "wrong password: cursor back in 密码"
else
	not_ok "wrong password: cursor back in 密码 (cursor $pos, 密码 line $pass_row)"
	show_screen
fi

# ---- the right one -------------------------------------------------------------
type "$AGENT_PASS"
send Enter
expect "good login: the agent's display name ($AGENT_NAME)" "$AGENT_NAME"
expect "good login: 已连接" "已连接"
expect "good login: the ticket list (我的工单)" "我的工单"
capture
status_line=$(sed -n 29p <<<"$T_SCREEN")
if [[ $status_line == *"$AGENT_NAME"* && $status_line == *"$AGENT_USER"* &&
	$status_line == *已连接* ]]; then
	ok "status bar: display name, login name and 已连接 on line 28"
else
	not_ok "status bar: display name, login name and 已连接 on line 28: '$status_line'"
fi
refute "good login: the login form is gone" "服务器  http"
refute "good login: the password is not on screen" "$PW"
if grep -rqF -- "$PW" "$T_STATE" "$T_CONFIG" "$T_HOME" "$T_DIR/hotlined.log" 2>/dev/null ||
	grep -rqF -- "秘钥" "$T_STATE" "$T_DIR/hotlined.log" 2>/dev/null; then
	not_ok "the password is in no state file nor the server log"
else
	ok "the password is in no state file nor the server log"
fi

# ---- --user opens on the password field ------------------------------------
client_start -- --server "$URL" --user "$AGENT_USER"
expect "--user: login screen" "密码"
expect "--user: 工号 filled in" "$AGENT_USER"
user_row=$(row_of 工号)
pass_row=$(row_of 密码)
capture
check "--user: the name is on the 工号 line" \
	grep -q "^ *工号 .*$AGENT_USER" <<<"$T_SCREEN"
pos=$(cursor_pos)
if [ "${pos#*,}" = "$pass_row" ]; then
	ok "--user: the cursor starts in 密码 (line $pass_row)"
else
	not_ok "--user: the cursor starts in 密码 (cursor $(cursor_pos), 密码 line $pass_row)"
	show_screen
fi
x=$(cursor_pos)
x=${x%,*}
label_x=$(sed -n "$((pass_row + 1))p" <<<"$T_SCREEN" | dcol_of 密码)
if [ -n "$label_x" ] && [ "$x" -gt $((label_x + 4)) ]; then
	ok "--user: the cursor is in the field, right of the label"
else
	not_ok "--user: the cursor is in the field (x $x, label at '$label_x')"
fi
type "$AGENT_PASS"
send Enter
expect "--user: the password typed first logs in" "$AGENT_NAME"
expect "--user: the list follows" "我的工单"

finish
