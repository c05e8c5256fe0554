#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the intake form's one-line fields edit through readline
# (issue #4 §2; tui/lineedit.c, tui/rlcore.c) in a real terminal.
#
# demo-agent opens the form (i), picks the appeal type and types a Chinese
# title: Home (as tmux sends it) and more typing put the text in front,
# with the terminal's cursor on the right column after each double-width
# character; C-k kills to the end, C-y yanks it back, C-_ undoes.  Tab
# leaves the title (its value joins the title's history); back on it, C-p
# recalls earlier values, M-/ completes from them (two candidates listed
# above the bottom line, one completes), M-r searches them and Enter keeps
# the value found.  The community field has its own (empty) history.  M-:
# opens the ':' line over the form; Esc closes it and typing goes on where
# the cursor was.  A bound key (M-s) stays the form's command.  (The
# values typed this way reach the ticket: tests/tmux/test_intake.sh.)
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

server_start || bail "hotlined starts"
api_login || bail "API login"

COL0=17 # the value column: 16 for the label, one space

# the screen row (0-based) of the field whose label is $1
row_of() {
	screen | grep -n -F -- "$1" | head -n 1 | cut -d: -f1 |
		awk '{ print $1 - 1 }'
}
# C-a C-k: the focused one-line field emptied
clear_field() {
	send C-a
	send C-k
}
# wait until the field line labelled $1 shows exactly value $2
wait_value() {
	wait_re "^$1 +$2 *\$"
}

client_login || bail "client logs in"
resize 80 24
send i
wait_for "*诉求类型" || bail "the intake form opens"
send Enter
wait_for "投诉" >/dev/null || bail "the appeal type list"
type ts
settle
send Enter
wait_re "诉求类型 +投诉" >/dev/null || bail "appeal type picked"
ROW=$(row_of "*标题")
[ -n "$ROW" ] || bail "the title field is on the screen"

# ---- editing: Chinese, Home/End, kill and yank, undo ------------------------
type 供水管道
check "typed: 供水管道" wait_value "\\*标题" 供水管道
check "the cursor after 4 double-width characters" \
	wait_cursor "$((COL0 + 8)),$ROW"
send Home
type 东城
check "Home, then typed in front: 东城供水管道" wait_value "\\*标题" 东城供水管道
check "the cursor after 东城" wait_cursor "$((COL0 + 4)),$ROW"
send End
type 破裂
send Left
send Left
check "Left twice from the end" wait_cursor "$((COL0 + 12)),$ROW"
send C-k
check "C-k kills to the end" wait_value "\\*标题" 东城供水管道
send C-y
check "C-y yanks it back" wait_value "\\*标题" 东城供水管道破裂
send C-_
check "C-_ undoes the yank" wait_value "\\*标题" 东城供水管道
send C-y
wait_value "\\*标题" 东城供水管道破裂 >/dev/null

# ---- the title's history -----------------------------------------------------
send Tab
wait_cursor_gone() { # the focus left the title row
	local want=$1 got
	deadline "$T_TIMEOUT"
	while :; do
		got=$(cursor_pos)
		[ "${got#*,}" != "$want" ] && return 0
		past_deadline && return 1
		sleep 0.02
	done
}
check "Tab leaves the title" wait_cursor_gone "$ROW"
send BTab
check "S-Tab comes back to it, cursor at the end" \
	wait_cursor "$((COL0 + 16)),$ROW"
clear_field
type 东城路灯不亮
wait_value "\\*标题" 东城路灯不亮 >/dev/null
send Tab
wait_cursor_gone "$ROW" >/dev/null
send BTab
wait_cursor "$((COL0 + 12)),$ROW" >/dev/null
clear_field
check "cleared" wait_re "^\\*标题 *\$"
send C-p
check "C-p: the value left last" wait_value "\\*标题" 东城路灯不亮
send C-p
check "C-p again: the one before" wait_value "\\*标题" 东城供水管道破裂
clear_field
type 东
send M-/
check "M-/ completes the common part: 东城" wait_value "\\*标题" 东城
check "... and lists both values" wait_for "东城供水管道破裂"
check "... both" wait_re "东城路灯不亮.*东城供水管道破裂|东城供水管道破裂.*东城路灯不亮"
type 路
check "the next key clears the list" wait_gone "东城供水管道破裂"
send M-/
check "M-/ with one match completes it" wait_value "\\*标题" 东城路灯不亮
clear_field
send M-r
type 供水
check "M-r searches the title's values" \
	wait_for "(reverse-i-search)\`供水': 东城供水管道破裂"
send Enter
check "Enter keeps the value found" wait_value "\\*标题" 东城供水管道破裂
check "... on the title still, cursor at the end" \
	wait_cursor "$((COL0 + 16)),$ROW"
refute "the search prompt is gone" "reverse-i-search"

# ---- another field has its own history ------------------------------------------
# title → content → category → urgency → town → community
for _ in 1 2 3 4 5; do send Tab; done
CROW=$(row_of "村(社区)")
check "on the community field" wait_cursor "$COL0,$CROW"
send C-p
settle >/dev/null
if screen | grep -q "村(社区) .*东城"; then
	not_ok "C-p in the community field shows the title's values"
else
	ok "C-p in the community field: the title's values are not there"
fi
type 主山社区
wait_re "村\(社区\) +主山社区" >/dev/null

# ---- the ':' line takes readline and gives it back ----------------------------
send Left
send Left
send M-:
check "M-: opens the command line over the form" wait_line 23 ":"
type "zzz"
send Escape
check "Esc closes it" wait_cursor "$((COL0 + 4)),$CROW"
type 新
check "typing goes on where the cursor was" wait_re "村\(社区\) +主山新社区"

# ---- a bound key stays a command ------------------------------------------------
send M-s
check "M-s in a one-line field submits (the form is refused: the category is empty)" \
	wait_for "项需要修改"
TITLE=$(screen | grep -F "*标题" | sed 's/^.标题 *//; s/ *$//')
if [ "$TITLE" = 东城供水管道破裂 ]; then
	ok "the title is intact after all that"
else
	not_ok "the title is '$TITLE'"
fi
finish
