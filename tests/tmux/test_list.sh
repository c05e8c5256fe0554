#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the ticket list with Chinese titles in a real terminal (tmux).
# The expected rows come from the API (GET /v1/tickets?mine=1 as
# demo-agent); the columns must line up by display columns; j + Enter
# opens the detail view with the ticket number and the event timeline;
# Esc returns to the list with the same row selected.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

server_start || bail "hotlined starts"
api_login || bail "API login as $AGENT_USER"

# The first five of my tickets: "ticket_no<TAB>title prefix" (the prefix is
# the longest start of the title that fits 20 display columns).
expected=$(api GET "/v1/tickets?mine=1&limit=5" | python3 -c '
import json, sys, unicodedata
def w(c):
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1
for t in json.load(sys.stdin)["items"]:
    pre, width = "", 0
    for c in t["title"]:
        if width + w(c) > 20:
            break
        pre += c
        width += w(c)
    print(t["ticket_no"] + "\t" + pre)
') || bail "GET /v1/tickets?mine=1&limit=5"
mapfile -t exp_rows <<<"$expected"
[ "${#exp_rows[@]}" -eq 5 ] || bail "the demo data has 5 tickets of demo-agent (got ${#exp_rows[@]})"

client_login || bail "log in as $AGENT_USER"

# ---- the rows ---------------------------------------------------------------
wait_for "${exp_rows[0]%%$'\t'*}" && settle
mapfile -t shown < <(grep -oE '^[A-Z]{2,4}[0-9]{14}' <<<"$T_SCREEN" | head -n 5)
for i in 0 1 2 3 4; do
	no=${exp_rows[i]%%$'\t'*}
	title=${exp_rows[i]#*$'\t'}
	line=$(grep -m 1 "^$no " <<<"$T_SCREEN")
	if [[ -n $line && $line == *"$title"* ]]; then
		ok "row $((i + 1)): $no with its title \"$title...\""
	else
		not_ok "row $((i + 1)): $no with its title \"$title...\": '${line}'"
	fi
	if [ "${shown[i]:-}" = "$no" ]; then
		ok "row $((i + 1)) in the server's order ($no)"
	else
		not_ok "row $((i + 1)) in the server's order: want $no, shown '${shown[i]:-}'"
	fi
done

# ---- alignment by display columns -------------------------------------------
align=$(list_alignment 100 <<<"$T_SCREEN")
nrows=$(sed -n 's/^ROWS \([0-9]*\).*/\1/p' <<<"$align")
if [ "${nrows:-0}" -ge 20 ] && ! grep -q '^FAIL' <<<"$align"; then
	ok "columns aligned on $nrows rows ($(head -n 1 <<<"$align" | cut -d' ' -f3-))"
else
	not_ok "columns aligned by display columns"
	diag "$align"
	show_screen
fi

# ---- selection, detail view ---------------------------------------------------
sel=$(selected_ticket)
if [ "$sel" = "${exp_rows[0]%%$'\t'*}" ]; then
	ok "the first row is selected at start"
else
	not_ok "the first row is selected at start (selected: '$sel')"
	show_screen
fi
second=${exp_rows[1]%%$'\t'*}
send j
deadline "$T_TIMEOUT"
while sel=$(selected_ticket) && [ "$sel" != "$second" ] && ! past_deadline; do
	sleep 0.02
done
if [ "$sel" = "$second" ]; then
	ok "j moves the selection to row 2"
else
	not_ok "j moves the selection to row 2 (selected: '$sel')"
	show_screen
fi
send Enter
expect "Enter opens the detail view (工单详情 $second)" "工单详情 $second"
if wait_re "^ *工单编号 +$second\$"; then
	ok "detail shows the ticket number as a field"
else
	not_ok "detail shows the ticket number as a field"
fi
second_title=${exp_rows[1]#*$'\t'}
if wait_re "^ *标题 +$second_title"; then
	ok "detail shows the title"
else
	not_ok "detail shows the title"
fi

# The timeline is at the end: G goes there.
events=$(api GET "/v1/tickets/$second" | python3 -c '
import json, sys, datetime
for e in json.load(sys.stdin)["events"]:
    t = datetime.datetime.strptime(e["at"], "%Y-%m-%dT%H:%M:%SZ")
    print(t.strftime("%Y-%m-%d %H:%M") + "  " + e["actor"] + "\t" + e["comment"])
') || events=
send G
expect "detail: the timeline heading 处理记录" "处理记录"
n_ev=0
while IFS=$'\t' read -r head comment; do
	[ -n "$head" ] || continue
	n_ev=$((n_ev + 1))
	if wait_for "$head" 2; then
		ok "timeline event $n_ev: $head"
	else
		not_ok "timeline event $n_ev: $head"
	fi
	if [ -n "$comment" ]; then
		expect "timeline event $n_ev: its comment" "$comment" 2
	fi
done <<<"$events"
if [ "$n_ev" -ge 1 ]; then
	ok "the ticket has $n_ev events in the API"
else
	not_ok "the ticket has events in the API"
fi
capture
check "timeline: the create event is labelled 创建" grep -q '  创建  ' <<<"$T_SCREEN"

# ---- Esc: back to the list, same row ------------------------------------------
send Escape
expect "Esc returns to the list" "我的工单"
expect_gone "Esc: the detail view is gone" "工单详情"
sel=$(selected_ticket)
if [ "$sel" = "$second" ]; then
	ok "Esc: the same row is still selected ($second)"
else
	not_ok "Esc: the same row is still selected (want $second, selected '$sel')"
	show_screen
fi
send Enter
expect "Enter again opens the same ticket" "工单详情 $second"
send Escape
expect "and Esc returns again" "我的工单"

finish
