#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the key help (?), the ':' command line (readline: completion
# of command names and arguments, history, errors), ':set language en',
# and ':quit' ending with status 0 and the terminal restored.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

server_start || bail "hotlined starts"
api_login || bail "API login as $AGENT_USER"
CLIENT_HOLD=1 client_login || bail "log in as $AGENT_USER"
LAST=29 # the bottom line of the 100x30 pane: messages and the ':' line

# ---- ? : the key help from the live bindings ------------------------------
send '?'
expect "? opens the key help (按键帮助)" "按键帮助"
expect "help: the list context is named" "工单列表 (list)"
capture
check "help: lists q quit with its help text" \
	grep -qE '^ +q +quit +退出程序' <<<"$T_SCREEN"
# Every binding of the list context, as --dump-keys prints it, is in the help.
missing=
while IFS=$'\t' read -r ctx keys cmd help; do
	[ "$ctx" = list ] || continue
	if ! grep -qF -- "$keys" <<<"$T_SCREEN" ||
		! grep -qE -- "^ +$(sed 's/[][\\.*^$/?+(){}|]/\\&/g' <<<"$keys") +$cmd +" <<<"$T_SCREEN"; then
		missing+=" [$keys $cmd]"
	fi
done < <(env -i LANG=C.UTF-8 HOME="$T_HOME" XDG_CONFIG_HOME="$T_CONFIG" "$HOTLINE" --dump-keys)
if [ -z "$missing" ]; then
	ok "help: every list binding of --dump-keys is shown"
else
	not_ok "help: list bindings missing:$missing"
	show_screen
fi
send '?'
expect "? again closes the help" "我的工单"
expect_gone "help is gone" "按键帮助"

# ---- ':' opens the command line ---------------------------------------------
send :
if wait_line "$LAST" ":" && wait_cursor "1,$LAST"; then
	ok ": opens the command line at the bottom, cursor after ':'"
else
	not_ok ": opens the command line at the bottom, cursor after ':'"
fi

# ---- Tab completes a command name (and the command runs) ---------------------
# A ticket created behind the client's back shows only after a refresh.
NEW_TITLE="终端测试补全刷新$$"
body=$(printf '{"channel":"PHONE","appeal_type":"CONSULT","title":"%s","content":"tmux 测试创建","category_code":"0501","urgency":"NORMAL","town_code":"DONGCHENG","address":"东城街道","caller_phone":"13800138000","caller_name":"测试"}' "$NEW_TITLE")
api POST /v1/tickets "$body" >/dev/null || not_ok "API: create a ticket for the refresh check"
type ref
send Tab
if wait_line "$LAST" ":refresh"; then
	ok "Tab completes ':ref' to ':refresh'"
else
	not_ok "Tab completes ':ref' to ':refresh'"
fi
capture
line=$(sed -n "$((LAST + 1))p" <<<"$T_SCREEN")
if [[ $line =~ ^:refresh\ *$ ]]; then
	ok "completion leaves only 'refresh' on the line"
else
	not_ok "completion leaves only 'refresh' on the line: '$line'"
fi
refute "the new ticket is not shown before the refresh" "$NEW_TITLE"
send Enter
expect "the completed command runs: the new ticket appears" "$NEW_TITLE"
refute "no error for the completed command" "未知命令"

# ---- argument completion: set lang<Tab> e<Tab> ------------------------------
send :
wait_line "$LAST" ":" >/dev/null
type "set lang"
send Tab
if wait_line "$LAST" ":set language"; then
	ok "Tab completes the option name after set"
else
	not_ok "Tab completes the option name after set"
fi
type e
send Tab
if wait_line "$LAST" ":set language en"; then
	ok "Tab completes the value of set language"
else
	not_ok "Tab completes the value of set language"
fi
send Escape
if wait_gone ":set language en"; then
	ok "Esc closes the command line"
else
	not_ok "Esc closes the command line"
fi

# ---- an unknown command -----------------------------------------------------
send :
wait_line "$LAST" ":" >/dev/null
type frobnicate
send Enter
expect "an unknown command shows an error (未知命令: frobnicate)" "未知命令: frobnicate"
capture
line=$(sed -n "$((LAST + 1))p" <<<"$T_SCREEN")
check "the error is on the bottom line and the prompt is closed" \
	[ "${line#未知命令}" != "$line" ]
expect "still on the list after the error" "我的工单"

# ---- history: Up recalls the last command -----------------------------------
send :
wait_line "$LAST" ":" >/dev/null
send Up
if wait_line "$LAST" ":frobnicate"; then
	ok "Up recalls the previous command (history)"
else
	not_ok "Up recalls the previous command (history)"
fi
send C-u
wait_line "$LAST" ":" >/dev/null

# ---- :set language en ---------------------------------------------------------
type "set language en"
send Enter
expect "set language en: the header says My tickets" "My tickets"
expect "set language en: the status bar says online" "online"
expect "set language en: column headings in English" "Ticket no"
settle
status=$(sed -n 29p <<<"$T_SCREEN")
cjk=$(python3 -c '
import sys, unicodedata
line = sys.argv[1].replace(sys.argv[2], "")
print("".join(c for c in line if unicodedata.east_asian_width(c) in "WF"))
' "$status" "$AGENT_NAME")
if [[ $status == *"$AGENT_USER"* && $status == *online* && -z $cjk ]]; then
	ok "set language en: the status bar is English but for the agent's name"
else
	not_ok "set language en: the status bar is English but for the agent's name: '$status'"
fi
refute "set language en: no Chinese heading left" "我的工单"
send '?'
expect "set language en: the help is in English (Key help)" "Key help"
send Escape
expect "Esc closes the English help" "My tickets"
send :
wait_line "$LAST" ":" >/dev/null
type nosuchthing
send Enter
expect "set language en: errors in English (unknown command)" "unknown command: nosuchthing"

# ---- :quit ----------------------------------------------------------------------
send :
wait_line "$LAST" ":" >/dev/null
type quit
send Enter
if client_wait_exit; then
	if [ "$CLIENT_RC" = 0 ]; then ok ":quit ends the client with status 0"
	else not_ok ":quit ends the client with status 0 (status $CLIENT_RC)"; fi
	check ":quit: the terminal modes are restored (stty -g before = after)" stty_restored
	if [ "$(fmt '#{alternate_on}')" = 0 ]; then
		ok ":quit: back from the alternate screen"
	else
		not_ok ":quit: back from the alternate screen"
	fi
	if [ "$(fmt '#{cursor_flag}')" = 1 ]; then
		ok ":quit: the cursor is visible again"
	else
		not_ok ":quit: the cursor is visible again"
	fi
	capture
	if grep -q '我的工单\|My tickets' <<<"$T_SCREEN"; then
		not_ok ":quit: the client's screen is gone"
		show_screen
	else
		ok ":quit: the client's screen is gone"
	fi
else
	not_ok ":quit ends the client"
fi
client_release
if pane_wait_dead; then
	ok ":quit: the pane's process ended (pane_dead)"
	if [ "$PANE_STATUS" = 0 ]; then ok ":quit: pane_dead_status 0"
	else not_ok ":quit: pane_dead_status 0 (got $PANE_STATUS)"; fi
else
	not_ok ":quit: the pane's process ended"
fi

finish
