#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: resizing the terminal under a running hotline (tmux
# resize-window).  80x24 is the documented minimum (hotline(1) "Terminal
# too small"): the full layout still shows the list there; 60x20 (and one
# column or line less than the minimum) shows the "terminal too small"
# screen in both languages; back at 100x30 the list is as before.  Also
# resizing while the ':' line is open keeps what was typed.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

server_start || bail "hotlined starts"
client_login || bail "log in as $AGENT_USER"

ticket_rows() { grep -E '^[A-Z]{2,4}[0-9]{14} ' <<<"$T_SCREEN"; }
ticket_nos() { ticket_rows | cut -d ' ' -f 1; }

# resize_to W H: resize and wait until the pane has that size.
resize_to() {
	local got
	resize "$1" "$2"
	deadline "$T_TIMEOUT"
	while got=$(fmt '#{pane_width}x#{pane_height}') && [ "$got" != "$1x$2" ]; do
		past_deadline && { diag "pane is $got, not $1x$2"; return 1; }
		sleep 0.02
	done
}

settle
before_rows=$(ticket_rows)
before_nos=$(ticket_nos)
before_sel=$(selected_ticket)
[ "$(wc -l <<<"$before_nos")" -ge 20 ] || bail "the list shows at least 20 rows at 100x30"

# ---- 80x24: the minimum, full layout ------------------------------------------
resize_to 80 24 || not_ok "tmux resized the pane to 80x24"
if wait_line 22 "已连接"; then
	ok "80x24: the status bar moves to line 22"
else
	not_ok "80x24: the status bar moves to line 22"
fi
expect "80x24: the header is still there (我的工单)" "我的工单"
refute "80x24: not the too-small screen" "终端窗口太小"
settle
check "80x24: the header line ends with the version at column 80" \
	grep -qE '^ 12345 热线坐席 .*hotline 0\.1\.0$' <<<"$(head -n 1 <<<"$T_SCREEN")"
small_nos=$(ticket_nos)
n=$(grep -c . <<<"$small_nos")
if [ "$n" -eq 20 ]; then
	ok "80x24: 20 ticket rows fit (24 - header, column heads, status, message)"
else
	not_ok "80x24: 20 ticket rows fit (got $n)"
	show_screen
fi
if [ "$small_nos" = "$(head -n "$n" <<<"$before_nos")" ]; then
	ok "80x24: the same tickets in the same order"
else
	not_ok "80x24: the same tickets in the same order"
	show_screen
fi
align=$(list_alignment 80 <<<"$T_SCREEN")
if ! grep -q '^FAIL' <<<"$align" && grep -q '^ROWS 20 ' <<<"$align"; then
	ok "80x24: columns aligned, no row wider than 80 ($(head -n 1 <<<"$align"))"
else
	not_ok "80x24: columns aligned, no row wider than 80"
	diag "$align"
fi

# ---- below the minimum ----------------------------------------------------------
for size in 60x20 79x24 80x23; do
	w=${size%x*} h=${size#*x}
	resize_to "$w" "$h" || not_ok "tmux resized the pane to $size"
	expect "$size: the too-small screen (终端窗口太小)" "终端窗口太小"
	expect "$size: says the size in Chinese" "当前 $size, 至少需要 80x24"
	expect "$size: and in English" "now $size, need at least 80x24"
	refute "$size: the list is not drawn" "我的工单"
done
if [ "$(fmt '#{cursor_flag}')" = 0 ]; then
	ok "too small: the cursor is hidden"
else
	not_ok "too small: the cursor is hidden"
fi
# A key pressed meanwhile must not break anything (it is not a too-small
# screen command): j moves the selection in the list underneath.
send j
expect "too small: still the too-small screen after a key" "终端窗口太小"

# ---- back to 100x30 ---------------------------------------------------------------
resize_to 100 30 || not_ok "tmux resized the pane to 100x30"
expect "100x30: the list is back" "我的工单"
expect_gone "100x30: the too-small screen is gone" "终端窗口太小"
if wait_line 28 "已连接"; then
	ok "100x30: the status bar is back on line 28"
else
	not_ok "100x30: the status bar is back on line 28"
fi
settle
if [ "$(ticket_rows)" = "$before_rows" ]; then
	ok "100x30: the rows are as before the resizes"
else
	not_ok "100x30: the rows are as before the resizes"
	diff <(echo "$before_rows") <(ticket_rows) | sed 's/^/# /'
fi
align=$(list_alignment 100 <<<"$T_SCREEN")
if ! grep -q '^FAIL' <<<"$align"; then
	ok "100x30: columns aligned"
else
	not_ok "100x30: columns aligned"
	diag "$align"
fi
sel=$(selected_ticket)
second=$(sed -n 2p <<<"$before_nos")
if [ "$before_sel" = "$(head -n 1 <<<"$before_nos")" ] && [ "$sel" = "$second" ]; then
	ok "100x30: the j typed while too small moved the selection to row 2"
elif [ "$sel" = "$before_sel" ]; then
	ok "100x30: the selection is where it was ($sel; j ignored while too small)"
else
	not_ok "100x30: the selection (was '$before_sel', now '$sel')"
	show_screen
fi

# ---- resizing with the ':' line open ----------------------------------------------
send :
wait_line 29 ":" >/dev/null
type "set lang"
if wait_line 29 ":set lang" && wait_cursor "9,29"; then
	ok "':' line open with 'set lang', cursor after it"
else
	not_ok "':' line open with 'set lang', cursor after it"
fi
resize_to 80 24 || not_ok "tmux resized the pane to 80x24"
if wait_line 23 ":set lang" && wait_cursor "9,23"; then
	ok "':' line at 80x24: moved to the new bottom line, text and cursor kept"
else
	not_ok "':' line at 80x24: moved to the new bottom line, text and cursor kept"
fi
expect "':' line at 80x24: the list is redrawn behind it" "我的工单"
resize_to 60 20 || not_ok "tmux resized the pane to 60x20"
expect "':' line at 60x20: the too-small screen" "终端窗口太小"
resize_to 100 30 || not_ok "tmux resized the pane to 100x30"
if wait_line 29 ":set lang" && wait_cursor "9,29"; then
	ok "':' line back at 100x30: text and cursor kept"
else
	not_ok "':' line back at 100x30: text and cursor kept"
fi
type "uage en"
wait_line 29 ":set language en" >/dev/null
send Enter
expect "the command typed across the resizes runs (My tickets)" "My tickets"
expect "and the English list is complete (Ticket no)" "Ticket no"

finish
